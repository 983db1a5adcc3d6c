//! Structure-aware inputs for the importer's fuzzers: a workbook (typed cells written by
//! rust_xlsxwriter: numbers, dates with a date format — 0, negative and huge serials too —,
//! booleans, error cells, merged headers) or a CSV/TSV in one of the encodings offices use,
//! holding one of the lists the importer reads (figures long or wide, enterprises,
//! requests, deals), drawn from a stream of bytes.
//!
//! The bytes come from a [`Source`]: libFuzzer's input through `arbitrary::Unstructured` in
//! the cargo-fuzz target, a seeded generator in the stable driver
//! (`examples/fuzz_import.rs`). Both share this file, so what one finds the other can
//! replay: the driver saves the generated file itself.

use rust_xlsxwriter::{Format, Formula, Workbook};

/// Where the choices come from.
pub trait Source {
    /// The next byte (0 once an input is used up).
    fn byte(&mut self) -> u8;
}

/// What the importer knows and the lists refer to: names from the catalogue and the
/// enterprises of the dataset imported into.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// Region names (Chinese and English).
    pub regions: Vec<String>,
    /// Indicator names and codes.
    pub indicators: Vec<String>,
    /// Industry names.
    pub industries: Vec<String>,
    /// Request category names (Chinese, English, codes).
    pub categories: Vec<String>,
    /// Enterprises of the dataset: (name, credit code).
    pub enterprises: Vec<(String, String)>,
}

/// The list a generated file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// One figure per row: 地区/指标/时期/数值 …
    FiguresLong,
    /// The bulletin: a title, regions down, periods across.
    FiguresWide,
    /// The enterprise register.
    Enterprises,
    /// Service requests (诉求).
    Requests,
    /// Financing deals.
    Deals,
}

/// A generated file and what it holds (for the driver's counts).
#[derive(Debug, Clone)]
pub struct Input {
    /// The file name, extension included.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The list it holds.
    pub list: List,
    /// True for a workbook.
    pub xlsx: bool,
    /// Cells written as typed dates (a number with a date format).
    pub typed_dates: u32,
    /// Of those, serials outside 1900-01-01 … 9999-12-31 (0, negative, huge).
    pub odd_serials: u32,
    /// True when a request list's 提出日期 holds a typed date of serial 0.
    pub zero_raised_on: bool,
}

/// One cell before it is written.
#[derive(Debug, Clone)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A serial with a date number format.
    Date(f64),
    Bool(bool),
    /// A formula whose cached result is an error ("#N/A") or a value.
    Formula(&'static str, String),
}

/// A sheet before it is written: rows of cells, merged ranges.
#[derive(Debug, Clone, Default)]
struct Table {
    name: String,
    rows: Vec<Vec<Cell>>,
    merges: Vec<(u32, u16, u32, u16)>,
}

/// Draws values from a [`Source`].
pub struct Gen<'a> {
    src: &'a mut dyn Source,
    vocab: &'a Vocab,
    typed_dates: u32,
    odd_serials: u32,
    /// A clean file: valid cells but for a rare odd one, so that many imports get as far
    /// as being written (and the dataset read back); otherwise anything goes.
    clean: bool,
}

const PERIODS: &[&str] = &[
    "1-2月",
    "1—3月",
    "1-4月累计",
    "2023年1-4月",
    "4月",
    "2023-04",
    "Jan-Apr",
    "1月",
    "1-12月",
    "2022年1-12月",
    "13月",
    "1-0月",
    "2031-04",
    "2023年",
    "全年",
    "一季度",
    "上半年",
    "前三季度",
    "2023-02",
    "2023/04",
    "1999-04",
    "0000-00",
    "9999-12",
    "",
    "1~4月",
    "1至4月",
    "2-4月",
];
const NUMBERS: &[&str] = &[
    "19.2",
    "－2.9",
    "−2.9",
    "-2.9",
    "1,234.5",
    "1 234,5",
    "—",
    "-",
    "…",
    "",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "-1e400",
    "1e-400",
    "19.2%",
    "１９．２",
    "0",
    "-0",
    "+5",
    "5.",
    ".5",
    "e",
    "1e308",
    "4.9*",
    "(2.9)",
    "19,2",
    "\u{3000}19.2\u{3000}",
];
const DATES: &[&str] = &[
    "2023-05-01",
    "2023/5/1",
    "2023年5月1日",
    "2023.05.01",
    "20230501",
    "0",
    "-1",
    "1899-12-30",
    "1900-01-00",
    "1900-02-29",
    "2023-02-29",
    "2024-02-29",
    "9999-12-31",
    "10000-01-01",
    "2101-01-01",
    "1989-12-31",
    "1990-01-01",
    "45047",
    "45047.5",
    "",
    "—",
    "2023-13-01",
    "2023-5",
    "5/1/2023",
    "May 1, 2023",
    "2023年5月",
    "二〇二三年五月一日",
];
const SERIALS: &[f64] = &[
    0.0,
    -1.0,
    -693_594.0,
    1.0,
    59.0,
    60.0,
    61.0,
    0.5,
    32_873.0,
    32_874.0,
    45_047.0,
    45_047.99,
    73_050.0,
    73_051.0,
    2_958_465.0,
    2_958_466.0,
    1.0e9,
    1.0e15,
    1.0e300,
    -1.0e300,
    4.9e-324,
];
const FLAGS: &[&str] = &[
    "是", "否", "√", "×", "Y", "N", "yes", "no", "1", "0", "", "是的", "TRUE",
];
const STATUSES: &[&str] = &[
    "待办",
    "办理中",
    "已解决",
    "已办结",
    "open",
    "in progress",
    "resolved",
    "closed",
    "",
    "未知",
    "已签约",
    "signed",
    "pending",
    "意向",
];
const BANKS: &[&str] = &["中国工商银行鸡西分行", "农业银行", "龙江银行", "", "某银行"];
const SOURCES: &[&str] = &["黑龙江省统计局", "鸡西市统计局", "", "网络"];
const UNITS: &[&str] = &["%", "％", "亿元", "万元", "户", "个", "", "元"];
const BASES: &[&str] = &["累计", "当月", "ytd", "month", "", "年度"];
const ERRORS: &[&str] = &[
    "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
];
const TITLES: &[&str] = &[
    "2023年1-4月全省各市（地）规模以上工业增加值增速（%）",
    "2023年1—3月各市规上工业增加值增速",
    "全省各市规模工业增加值增速",
    "2017年11月全省各市（州）工业增加值",
    "规模以上工业增加值增速（%）",
    "各市增速",
    "",
];
const WIDE_VALUE_HEADERS: &[&str] = &[
    "增速",
    "位次",
    "增长（%）",
    "比上年同期(%)",
    "比上年同月(%)",
];

impl<'a> Gen<'a> {
    /// A generator over `src`, naming what `vocab` holds.
    pub fn new(src: &'a mut dyn Source, vocab: &'a Vocab) -> Gen<'a> {
        Gen {
            src,
            vocab,
            typed_dates: 0,
            odd_serials: 0,
            clean: false,
        }
    }

    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let x = u16::from_le_bytes([self.src.byte(), self.src.byte()]);
        usize::from(x) % n
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.src.byte() % 100 < percent
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    /// A name from the vocabulary, or `fallback` when it has none.
    fn vocab_name(&mut self, list: fn(&Vocab) -> &Vec<String>, fallback: &str) -> String {
        let items = list(self.vocab);
        if items.is_empty() {
            fallback.to_string()
        } else {
            items[self.below(items.len())].clone()
        }
    }

    /// A few characters from anywhere: CJK, full-width punctuation, controls, quotes.
    fn noise(&mut self) -> String {
        let n = self.below(6);
        (0..n)
            .map(|_| {
                let pool = [
                    '，',
                    '。',
                    '、',
                    '"',
                    ',',
                    '\t',
                    '\n',
                    '\r',
                    ';',
                    ' ',
                    '\u{3000}',
                    '\u{feff}',
                    '\0',
                    '市',
                    '省',
                    '全',
                    '%',
                    '-',
                    '—',
                    '年',
                    '月',
                    '\u{1f600}',
                    '\u{fffd}',
                ];
                pool[self.below(pool.len())]
            })
            .collect()
    }

    /// True now and then: rarely in a clean file, often in a messy one.
    fn odd(&mut self) -> bool {
        self.chance(if self.clean { 2 } else { 20 })
    }

    fn text(&mut self, base: String) -> Cell {
        if !self.clean && self.chance(8) {
            let noise = self.noise();
            if self.chance(50) {
                return Cell::Text(format!("{base}{noise}"));
            }
            return Cell::Text(format!("{noise}{base}"));
        }
        Cell::Text(base)
    }

    fn region(&mut self) -> Cell {
        if self.clean && !self.odd() {
            let name = self.vocab_name(|v| &v.regions, "鸡西市");
            return Cell::Text(name);
        }
        match self.below(10) {
            0 => Cell::Text(
                self.pick(&["全省", "全 省", "全市", "全国", "全区", "合计"])
                    .into(),
            ),
            1 => Cell::Text(
                self.pick(&["哈尔滨", "鸡西", "湘西自治州", "不存在市", "Jixi"])
                    .into(),
            ),
            2 => self.odd_cell(),
            _ => {
                let name = self.vocab_name(|v| &v.regions, "鸡西市");
                self.text(name)
            }
        }
    }

    /// An error, a boolean, an empty cell or a formula: what a typed column should not hold.
    fn odd_cell(&mut self) -> Cell {
        match self.below(5) {
            0 => Cell::Empty,
            1 => Cell::Bool(self.chance(50)),
            2 => Cell::Formula("=NA()", self.pick(ERRORS).into()),
            3 => Cell::Formula("=1+1", "2".into()),
            _ => {
                let s = self.noise();
                Cell::Text(s)
            }
        }
    }

    fn number(&mut self) -> Cell {
        if self.clean && !self.odd() {
            let x = f64::from(self.below(600) as i32 - 100) / 10.0;
            return if self.chance(30) {
                Cell::Text(format!("{x}"))
            } else {
                Cell::Number(x)
            };
        }
        match self.below(8) {
            0 | 1 => Cell::Text(self.pick(NUMBERS).into()),
            2 => self.odd_cell(),
            3 => Cell::Number(self.pick(&[0.0, -0.0, 1e300, -1e300, 5e-324, 1e15, -11.8, 26.4])),
            4 => self.date(),
            _ => {
                let x = f64::from(self.below(2000) as i32 - 400) / 10.0;
                Cell::Number(x)
            }
        }
    }

    /// A date: typed (a serial with a date format, odd serials included), text, a plain
    /// number, or something else.
    fn date(&mut self) -> Cell {
        if self.clean && self.chance(85) {
            // A sane date, typed or as text; the odd serials come from the other 15%.
            let serial = 36_526.0 + self.below(9_000) as f64;
            if self.chance(50) {
                self.typed_dates += 1;
                return Cell::Date(serial);
            }
            let d = 20_000_101
                + 10_000 * self.below(30) as u32
                + 100 * self.below(12) as u32
                + self.below(28) as u32;
            return Cell::Text(format!(
                "{}-{:02}-{:02}",
                d / 10_000,
                d / 100 % 100,
                d % 100
            ));
        }
        if self.clean {
            let serial = self.pick(SERIALS);
            self.typed_dates += 1;
            if !(1.0..=2_958_465.0).contains(&serial) {
                self.odd_serials += 1;
            }
            return Cell::Date(serial);
        }
        match self.below(6) {
            0 | 1 => {
                let serial = if self.chance(50) {
                    self.pick(SERIALS)
                } else {
                    32_874.0 + self.below(40_000) as f64
                };
                self.typed_dates += 1;
                if !(1.0..=2_958_465.0).contains(&serial) {
                    self.odd_serials += 1;
                }
                Cell::Date(serial)
            }
            2 | 3 => Cell::Text(self.pick(DATES).into()),
            4 => Cell::Number(self.pick(SERIALS)),
            _ => self.odd_cell(),
        }
    }

    fn flag(&mut self) -> Cell {
        if self.clean && !self.odd() {
            return Cell::Text(self.pick(&["是", "否", "√", ""]).into());
        }
        if self.chance(15) {
            return self.odd_cell();
        }
        Cell::Text(self.pick(FLAGS).into())
    }

    fn enterprise(&mut self) -> (Cell, Cell) {
        let known = &self.vocab.enterprises;
        let (name, code) = if !known.is_empty() && (self.clean || self.chance(80)) {
            let i = self.below(known.len());
            self.vocab.enterprises[i].clone()
        } else {
            let n = self.below(1000);
            (
                format!("鸡西市虚构企业{n}有限公司"),
                format!("91230300MA{n:07}X"),
            )
        };
        if self.clean && !self.odd() {
            return (Cell::Text(name), Cell::Text(code));
        }
        let code = match self.below(10) {
            0 => Cell::Text(code.to_lowercase()),
            1 => Cell::Empty,
            2 => Cell::Text(format!("{}{}", &code[..code.len().min(10)], self.noise())),
            3 => Cell::Number(91_230_300.0),
            _ => Cell::Text(code),
        };
        let name = if self.chance(10) {
            Cell::Text(format!("{name}（原名）"))
        } else {
            self.text(name)
        };
        (name, code)
    }

    /// Header cells in a shuffled order, some dropped; returns the fields' columns.
    fn header<const N: usize>(&mut self, fields: [&'static str; N], keep: u8) -> Vec<&'static str> {
        let keep = if self.clean { 100 } else { keep };
        let mut out: Vec<&'static str> = fields
            .iter()
            .copied()
            .filter(|_| self.chance(keep))
            .collect();
        for i in (1..out.len()).rev() {
            let j = self.below(i + 1);
            out.swap(i, j);
        }
        if !self.clean && self.chance(5) {
            out.push("备注");
        }
        out
    }

    /// A period: in a clean file one of 1-2月 … 1-12月 (or 4月), else anything.
    fn period(&mut self) -> &'static str {
        if self.clean && !self.odd() {
            self.pick(&[
                "1-2月",
                "1—3月",
                "1-4月累计",
                "2023年1-4月",
                "2023年1-6月",
                "1-12月",
            ])
        } else {
            self.pick(PERIODS)
        }
    }

    /// A status: in a clean file one of the first `valid` of [`STATUSES`].
    fn status(&mut self, valid: usize) -> &'static str {
        if self.clean && !self.odd() {
            let i = self.below(valid);
            STATUSES[if valid > 3 { 11 } else { i }]
        } else {
            self.pick(STATUSES)
        }
    }

    fn rows(&mut self, max: usize) -> usize {
        1 + self.below(max)
    }

    fn long_figures(&mut self) -> Table {
        let cols = self.header(
            [
                "地区", "指标", "行业", "时期", "口径", "数值", "单位", "来源",
            ],
            85,
        );
        let mut t = Table::default();
        t.rows
            .push(cols.iter().map(|c| Cell::Text((*c).into())).collect());
        for _ in 0..self.rows(12) {
            let row = cols
                .iter()
                .map(|c| match *c {
                    "地区" => self.region(),
                    "指标" => {
                        let i = self.vocab_name(|v| &v.indicators, "规模以上工业增加值增速");
                        self.text(i)
                    }
                    "行业" => {
                        let i = self.vocab_name(|v| &v.industries, "");
                        if self.chance(40) {
                            Cell::Empty
                        } else {
                            self.text(i)
                        }
                    }
                    "时期" => Cell::Text(self.period().into()),
                    "口径" => Cell::Text(
                        self.pick(if self.clean { &BASES[..2] } else { BASES })
                            .into(),
                    ),
                    "数值" => self.number(),
                    "单位" => Cell::Text(
                        self.pick(if self.clean { &UNITS[..1] } else { UNITS })
                            .into(),
                    ),
                    "来源" => Cell::Text(self.pick(SOURCES).into()),
                    _ => self.odd_cell(),
                })
                .collect();
            t.rows.push(row);
        }
        t
    }

    fn wide_figures(&mut self) -> Table {
        let mut t = Table::default();
        let periods: Vec<&str> = (0..1 + self.below(4)).map(|_| self.period()).collect();
        let with_sub = self.chance(40);
        let width = 1 + periods.len() * if with_sub { 2 } else { 1 };
        let title = self.pick(TITLES);
        if !title.is_empty() {
            let mut row = vec![Cell::Text(title.into())];
            row.resize(width, Cell::Empty);
            t.rows.push(row);
            if self.chance(60) && width > 1 {
                t.merges.push((0, 0, 0, (width - 1) as u16));
            }
        }
        let head_row = t.rows.len() as u32;
        let mut head = vec![Cell::Text(
            self.pick(&["地区", "市（地）", "地 区", "region"]).into(),
        )];
        let mut sub = vec![Cell::Empty];
        for p in &periods {
            head.push(Cell::Text((*p).into()));
            if with_sub {
                head.push(Cell::Empty);
                let col = (head.len() - 2) as u16;
                if self.chance(70) {
                    t.merges.push((head_row, col, head_row, col + 1));
                }
                sub.push(Cell::Text(self.pick(WIDE_VALUE_HEADERS).into()));
                sub.push(Cell::Text("位次".into()));
            }
        }
        t.rows.push(head);
        if with_sub {
            if self.chance(60) {
                t.merges.push((head_row, 0, head_row + 1, 0));
            }
            t.rows.push(sub);
        }
        for _ in 0..self.rows(14) {
            let mut row = vec![self.region()];
            for _ in 1..width {
                let cell = self.number();
                row.push(cell);
            }
            t.rows.push(row);
        }
        if self.chance(20) {
            t.rows
                .push(vec![Cell::Text("注：数据来源于省统计局".into())]);
        }
        t
    }

    fn enterprises(&mut self) -> Table {
        let cols = self.header(
            [
                "企业名称",
                "统一社会信用代码",
                "行业",
                "地区",
                "规上",
                "新兴",
                "专精特新",
                "重点帮扶",
                "民营",
                "包联领导",
            ],
            75,
        );
        let mut t = Table::default();
        t.rows
            .push(cols.iter().map(|c| Cell::Text((*c).into())).collect());
        for _ in 0..self.rows(10) {
            let (name, code) = self.enterprise();
            let row = cols
                .iter()
                .map(|c| match *c {
                    "企业名称" => name.clone(),
                    "统一社会信用代码" => code.clone(),
                    "行业" => {
                        let i = self.vocab_name(|v| &v.industries, "食品");
                        self.text(i)
                    }
                    "地区" => self.region(),
                    "包联领导" => Cell::Text(self.pick(&["张三", "", "李四（副局长）"]).into()),
                    _ => self.flag(),
                })
                .collect();
            t.rows.push(row);
        }
        t
    }

    fn requests(&mut self, zero_raised_on: &mut bool) -> Table {
        let cols = self.header(
            [
                "企业名称",
                "统一社会信用代码",
                "提出日期",
                "类别",
                "诉求内容",
                "状态",
                "办结日期",
            ],
            85,
        );
        let mut t = Table::default();
        t.rows
            .push(cols.iter().map(|c| Cell::Text((*c).into())).collect());
        for _ in 0..self.rows(10) {
            let (name, code) = self.enterprise();
            let row: Vec<Cell> = cols
                .iter()
                .map(|c| match *c {
                    "企业名称" => name.clone(),
                    "统一社会信用代码" => code.clone(),
                    "提出日期" => {
                        let d = self.date();
                        if matches!(d, Cell::Date(s) if s == 0.0) {
                            *zero_raised_on = true;
                        }
                        d
                    }
                    "办结日期" => {
                        if self.chance(50) {
                            Cell::Empty
                        } else {
                            self.date()
                        }
                    }
                    "类别" => {
                        let c = self.vocab_name(|v| &v.categories, "融资");
                        self.text(c)
                    }
                    "诉求内容" => self.text("协调解决流动资金贷款".into()),
                    "状态" => Cell::Text(self.status(3).into()),
                    _ => self.odd_cell(),
                })
                .collect();
            t.rows.push(row);
        }
        t
    }

    fn deals(&mut self) -> Table {
        let cols = self.header(
            [
                "企业名称",
                "统一社会信用代码",
                "银行",
                "金额",
                "签约日期",
                "状态",
            ],
            85,
        );
        let mut t = Table::default();
        t.rows
            .push(cols.iter().map(|c| Cell::Text((*c).into())).collect());
        for _ in 0..self.rows(10) {
            let (name, code) = self.enterprise();
            let row = cols
                .iter()
                .map(|c| match *c {
                    "企业名称" => name.clone(),
                    "统一社会信用代码" => code.clone(),
                    "银行" => Cell::Text(
                        self.pick(if self.clean { &BANKS[..3] } else { BANKS })
                            .into(),
                    ),
                    "金额" => self.number(),
                    "签约日期" => self.date(),
                    "状态" => Cell::Text(self.status(11).into()),
                    _ => self.odd_cell(),
                })
                .collect();
            t.rows.push(row);
        }
        t
    }

    fn table(&mut self, list: List, zero_raised_on: &mut bool) -> Table {
        let mut t = match list {
            List::FiguresLong => self.long_figures(),
            List::FiguresWide => self.wide_figures(),
            List::Enterprises => self.enterprises(),
            List::Requests => self.requests(zero_raised_on),
            List::Deals => self.deals(),
        };
        // Blank lines and a note above the header, as offices paste them.
        if !self.clean && self.chance(10) {
            t.rows.insert(0, vec![Cell::Empty]);
        }
        t.name = self
            .pick(&[
                "Sheet1",
                "各市增速",
                "诉求台账",
                "企业名录",
                "融资对接",
                "说明",
            ])
            .into();
        t
    }

    /// One input: a list, in a workbook or a text file.
    pub fn input(&mut self) -> Input {
        let list = self.pick(&[
            List::FiguresLong,
            List::FiguresWide,
            List::Enterprises,
            List::Requests,
            List::Deals,
        ]);
        self.clean = self.chance(60);
        let xlsx = self.chance(55);
        let mut zero_raised_on = false;
        let sheets = if xlsx {
            1 + usize::from(self.chance(15))
        } else {
            1
        };
        let tables: Vec<Table> = (0..sheets)
            .map(|_| self.table(list, &mut zero_raised_on))
            .collect();
        let stem = self.pick(&[
            "2023年1-4月各市增速",
            "鸡西市诉求台账",
            "企业名录",
            "融资对接",
            "data",
            "2024年1-2月各市增速",
            "黑龙江省",
        ]);
        let (bytes, ext) = if xlsx {
            (workbook(self, &tables), "xlsx")
        } else {
            let ext = self.pick(&["csv", "tsv", "txt", "csv"]);
            (text_file(self, &tables[0], ext), ext)
        };
        // Now and then the name lies about the contents.
        let ext = if !self.clean && self.chance(3) {
            self.pick(&["csv", "xlsx", "xls", ""])
        } else {
            ext
        };
        Input {
            name: if ext.is_empty() {
                stem.into()
            } else {
                format!("{stem}.{ext}")
            },
            bytes,
            list,
            xlsx,
            typed_dates: self.typed_dates,
            odd_serials: self.odd_serials,
            zero_raised_on: zero_raised_on && xlsx,
        }
    }
}

fn workbook(g: &mut Gen<'_>, tables: &[Table]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date_formats = [
        "yyyy-mm-dd",
        "yyyy/m/d",
        "yyyy\"年\"m\"月\"d\"日\"",
        "m/d/yy",
        "[$-804]yyyy年m月d日",
    ];
    let date_format = Format::new().set_num_format(g.pick(&date_formats));
    let plain = Format::new();
    for t in tables {
        let sheet = wb.add_worksheet();
        let _ = sheet.set_name(&t.name);
        for &(r0, c0, r1, c1) in &t.merges {
            let text = match t.rows.get(r0 as usize).and_then(|r| r.get(usize::from(c0))) {
                Some(Cell::Text(s)) => s.clone(),
                _ => String::new(),
            };
            let _ = sheet.merge_range(r0, c0, r1, c1, &text, &plain);
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                let merged = t
                    .merges
                    .iter()
                    .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&r) && (c0..=c1).contains(&c));
                if merged {
                    continue;
                }
                // Errors (a number Excel cannot store) leave the cell empty.
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        let _ = sheet.write_string(r, c, s);
                    }
                    Cell::Number(x) => {
                        let _ = sheet.write_number(r, c, *x);
                    }
                    Cell::Date(x) => {
                        let _ = sheet.write_number_with_format(r, c, *x, &date_format);
                    }
                    Cell::Bool(b) => {
                        let _ = sheet.write_boolean(r, c, *b);
                    }
                    Cell::Formula(f, result) => {
                        let _ = sheet.write_formula(r, c, Formula::new(*f).set_result(result));
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap_or_default()
}

fn text_file(g: &mut Gen<'_>, t: &Table, ext: &str) -> Vec<u8> {
    let sep = match ext {
        "tsv" => '\t',
        _ => g.pick(&[',', ',', '\t', ';']),
    };
    let mut s = String::new();
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let text = match c {
                    Cell::Empty => String::new(),
                    Cell::Text(s) => s.clone(),
                    Cell::Number(x) | Cell::Date(x) => x.to_string(),
                    Cell::Bool(b) => {
                        if *b {
                            "TRUE".into()
                        } else {
                            "FALSE".into()
                        }
                    }
                    Cell::Formula(_, r) => r.clone(),
                };
                if text.contains([sep, '"', '\n', '\r']) {
                    format!("\"{}\"", text.replace('"', "\"\""))
                } else {
                    text
                }
            })
            .collect();
        s.push_str(&cells.join(&sep.to_string()));
        s.push_str(if g.chance(20) { "\r\n" } else { "\n" });
    }
    if !g.clean && g.chance(3) {
        s.push('"');
    }
    match g.below(6) {
        0 => {
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(s.as_bytes());
            b
        }
        1 => encoding_rs::GBK.encode(&s).0.into_owned(),
        2 => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }
        3 => {
            let mut b = vec![0xFE, 0xFF];
            b.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
            b
        }
        _ => s.into_bytes(),
    }
}
