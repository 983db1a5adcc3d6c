//! Unit tests of the returns reader.

use crate::import::context;
use crate::import::names::Names;
use crate::model::catalogue::builtin;

/// "企业月报" before the period used to hide it: the first 月 was the one of 月报.
#[test]
fn file_names_and_titles_give_the_period_after_a_word_with_yue() {
    let names = Names::new(builtin());
    for t in [
        "企业月报2024年1-4月",
        "鸡西市规上工业企业月报 2024年1-4月",
        "2024年1-4月企业月报",
    ] {
        for c in [context::read_file_name(t, &names), context::read(t, &names)] {
            assert_eq!((c.year, c.month), (Some(2024), Some(4)), "{t}");
        }
    }
}

/// Headers of the generated sheets: the forms' vocabulary and its mistakes.
const HEADERS: [&str; 25] = [
    "统一社会信用代码",
    "企业名称",
    "代码",
    "名称",
    "工业总产值本年累计(千元)",
    "工业总产值(千元)",
    "本月",
    "1-4月累计",
    "上年同期",
    "同比增长(%)",
    "用电量本月(千瓦时)",
    "用电量(千元)",
    "指标",
    "时期",
    "本期值",
    "上年同期值",
    "本月值",
    "单位",
    "营业收入1—3月",
    "利润总额上年同期累计",
    "",
    "从业人员",
    "序号",
    "备注",
    "增速",
];

/// Cells of the generated sheets.
const CELLS: [&str; 21] = [
    "1",
    "-2.5",
    "1,234.5",
    "abc",
    "",
    "—",
    "合计",
    "总计",
    "工业总产值",
    "用电量(万千瓦时)",
    "2023年1-4月",
    "2023年1月",
    "2023-13",
    "千元",
    "度",
    "１２",
    "1 234,5",
    "鸡西甲公司",
    "#DIV/0!",
    "19.2%",
    "－3",
];

/// A seeded xorshift: the same sheets on every run.
struct Rng(u64);

impl Rng {
    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// One generated sheet (file name, CSV text): half well formed (code, name, joined value
/// headers, numbers, now and then a bad cell), half drawn from the whole vocabulary.
fn generated_sheet(rng: &mut Rng, tidy: bool) -> (&'static str, String) {
    use crate::model::credit_code::compose;
    let code = |n: u64| compose("91", "230300", &format!("MA{n:06}")).expect("code");
    let width = 2 + rng.below(7);
    let mut text = String::new();
    if rng.below(3) == 0 {
        let titles = [
            "鸡西市企业月报 2023年1-4月\n",
            "企业月报（单位：千元）\n",
            "2023年1-3月\n",
        ];
        text.push_str(titles[rng.below(3)]);
    }
    for _ in 0..1 + usize::from(!tidy) * rng.below(2) {
        let row: Vec<&str> = (0..width)
            .map(|c| match (tidy, c) {
                (true, 0) => "统一社会信用代码",
                (true, 1) => "企业名称",
                (true, _) => HEADERS[4 + rng.below(2) * 6],
                _ => HEADERS[rng.below(HEADERS.len())],
            })
            .collect();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    for _ in 0..rng.below(6) {
        let n = rng.below(5) as u64;
        let row: Vec<String> = (0..width)
            .map(|c| match (tidy, c, rng.below(12)) {
                (true, 0, _) => code(n),
                (true, 1, _) => format!("企业{n}"),
                (true, _, 0) => CELLS[rng.below(CELLS.len())].to_string(),
                (true, _, k) => format!("{}", k * 10),
                (false, _, 0..=2) => code(n),
                _ => CELLS[rng.below(CELLS.len())].to_string(),
            })
            .collect();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    let names = [
        "企业月报2023年1-4月.csv",
        "月报.csv",
        "企业月报2023年1-3月.csv",
    ];
    (names[rng.below(3)], text)
}

/// Imports a sheet into a new dataset at `path` when it passes the check, and asserts that
/// every return it added reads back; false when the check refused it.
fn imports_and_reads_back(name: &str, text: &str, path: &std::path::Path) -> bool {
    use crate::import::{self, ImportOptions};
    let options = ImportOptions {
        home_region: Some("鸡西市".into()),
        ..ImportOptions::default()
    };
    let parsed = import::parse_bytes(name, text.as_bytes(), builtin(), &options);
    let Ok(plan) = import::plan(parsed, None) else {
        return false;
    };
    if plan.check(false).is_err() || plan.returns().rows.added == 0 {
        return false;
    }
    import::commit(&plan, path, false).expect("commit");
    let ds = crate::store::Dataset::open_read_only(path).expect("open");
    let mut stored = 0;
    for period in ds.return_periods().expect("periods") {
        let (rows, skipped) = ds.return_rows(period).expect("rows");
        assert!(skipped.is_empty(), "{text}");
        stored += rows.len();
    }
    assert_eq!(stored, plan.returns().rows.added, "{text}");
    true
}

/// Generated returns sheets (headers, titles and cells drawn from the forms' vocabulary and
/// its mistakes): parsing and checking never panic, and an import that passes the check
/// writes into a new dataset that reads back every stored return.
#[test]
fn generated_returns_never_panic_and_what_passes_reads_back() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let dir = tempfile::tempdir().expect("dir");
    let mut written = 0;
    for round in 0..400 {
        let (name, text) = generated_sheet(&mut rng, round % 2 == 0);
        let path = dir.path().join(format!("{round}.imdb"));
        if imports_and_reads_back(name, &text, &path) {
            written += 1;
        }
    }
    // 26 of the 400 pass with this seed.
    assert!(
        written >= 10,
        "no generated sheet passed: the generator is too harsh"
    );
}

/// An enterprise repeated in every file is validated and stored once (interned), a bad code
/// is still an error on every row that has it, and each error names its own row and column.
#[test]
fn repeated_enterprises_are_stored_once_and_bad_codes_reported_on_every_row() {
    use crate::import::{self, ImportOptions};
    use crate::model::credit_code::compose;
    let good = compose("91", "230300", "MA000001").expect("code");
    let dir = tempfile::tempdir().expect("dir");
    let mut files = Vec::new();
    for month in [3, 4] {
        let text = format!(
            "统一社会信用代码,企业名称,工业总产值本年累计(万元)\n{good},甲公司,1\n{good}, 甲公司 ,2\n91230300MA0000019X,乙公司,3\n"
        );
        let path = dir.path().join(format!("企业月报2023年1-{month}月.csv"));
        std::fs::write(&path, text).expect("write");
        files.push(path);
    }
    let cat = crate::model::catalogue::builtin();
    let parsed = import::parse(&files, cat, &ImportOptions::default());
    // One entry for 甲公司 however written and in whichever file.
    let named: Vec<_> = parsed.return_who.iter().map(|w| w.label()).collect();
    assert_eq!(named, [good.as_str()]);
    assert_eq!(parsed.returns.len(), 4);
    assert!(parsed.returns.iter().all(|r| r.who == 0));
    let bad: Vec<_> = parsed
        .errors
        .items()
        .iter()
        .filter(|e| e.kind == crate::import::IssueKind::BadCreditCode)
        .map(|e| (e.at.file.clone(), e.at.row, e.at.column))
        .collect();
    assert_eq!(
        bad,
        [
            ("企业月报2023年1-3月.csv".to_string(), Some(4), Some(0)),
            ("企业月报2023年1-4月.csv".to_string(), Some(4), Some(0)),
        ]
    );
}

/// An error found by the check names the row and the enterprise's column of the file it
/// came from, whichever file (and sheet columns) that is.
#[test]
fn returns_errors_name_their_own_sheet_row_and_column() {
    use crate::import::{self, ImportOptions};
    use crate::model::credit_code::compose;
    let (a, b) = (
        compose("91", "230300", "MA000001").expect("code"),
        compose("91", "230300", "MA000002").expect("code"),
    );
    let dir = tempfile::tempdir().expect("dir");
    // The second file puts the name first and the value second: its columns differ.
    let first = dir.path().join("企业月报2023年1-4月.csv");
    std::fs::write(
        &first,
        format!("统一社会信用代码,企业名称,工业总产值本年累计(万元)\n{a},甲公司,1\n"),
    )
    .expect("write");
    let second = dir.path().join("企业月报2023年1-5月.csv");
    std::fs::write(
        &second,
        format!("企业名称,工业总产值本年累计(万元),统一社会信用代码\n乙公司,1,{b}\n乙公司,2,{b}\n"),
    )
    .expect("write");
    let cat = crate::model::catalogue::builtin();
    let parsed = import::parse(&[first, second], cat, &ImportOptions::default());
    let plan = import::plan(parsed, None).expect("plan");
    let Err(import::ImportError::Invalid(errors)) = plan.check(false) else {
        panic!("expected one enterprise with two values to be an error");
    };
    let at: Vec<_> = errors
        .items()
        .iter()
        .map(|e| {
            (
                e.at.file.clone(),
                e.at.row,
                e.at.column,
                e.at.column_name.clone(),
            )
        })
        .collect();
    assert_eq!(
        at,
        [(
            "企业月报2023年1-5月.csv".to_string(),
            Some(3),
            Some(1),
            Some("工业总产值本年累计(万元)".to_string())
        )]
    );
}

/// A 合计/总计/total label is found however it is written; codes and names are not totals
/// (the quick test for 计 or a t answers them without folding).
#[test]
fn totals_are_found_however_written_and_nothing_else_is() {
    use crate::import::rows::Cell;
    for t in [
        "合计",
        "总计：",
        "全市合计",
        "Total",
        "ＴＯＴＡＬ",
        " total ",
        "合 计",
    ] {
        assert!(super::read::is_total(Cell::Text(t)), "{t}");
    }
    for t in [
        "91230300MA1B2C3T4E",
        "鸡西甲公司",
        "Tianjin Steel",
        "计划内企业",
        "",
    ] {
        assert!(!super::read::is_total(Cell::Text(t)), "{t}");
    }
    assert!(!super::read::is_total(Cell::Number(1.0)));
}

/// Returns are written in the table's key order: period, then enterprise id, an enterprise
/// missing from the register last in its period.
#[test]
fn write_order_keys_follow_the_table_key() {
    use super::plan::order_key;
    use crate::model::Period;
    let p = |y, m| Period::new(y, m).expect("period");
    let keys = [
        order_key(p(2022, 12), Some(70_000)),
        order_key(p(2023, 4), Some(1)),
        order_key(p(2023, 4), Some(2)),
        order_key(p(2023, 4), None),
        order_key(p(2023, 10), Some(1)),
        order_key(p(2024, 2), Some(1)),
    ];
    assert!(keys.is_sorted_by(|a, b| a < b), "{keys:?}");
}
