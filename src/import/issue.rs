//! Located errors and notices: every problem names the file, sheet, row (as a spreadsheet
//! shows it: the file's first line is row 1), column (letter and header), the cell's text and
//! the reason. Lists are capped so a file with a million bad rows cannot exhaust memory; the
//! number left off is kept and reported.
//!
//! Every reason and notice is kept in Chinese and English ([`Said`]): the window shows the
//! language it is in, the command line the language of its `--lang` (Chinese by default),
//! and `Display` the English.

use std::fmt;

pub use crate::model::Said;
use crate::model::credit_code::CreditCodeError;
use crate::model::{Lang, PeriodError};

/// How many errors (and, separately, notices) are kept; the rest are only counted.
pub const MAX_LISTED: usize = 200;

/// The [`Location::file`] of a problem with the home region asked for (`--home`).
pub const HOME_REGION: &str = "home region";

/// Where in the input something was found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file's name as given (its path when the name alone would be ambiguous).
    pub file: String,
    /// The sheet of a workbook (None for CSV/TSV).
    pub sheet: Option<String>,
    /// The row, 1-based as a spreadsheet shows it (None for the file as a whole).
    pub row: Option<u64>,
    /// The column, 0-based (None for a whole row or file); see [`column_letter`].
    pub column: Option<u32>,
    /// The column's header text, when it has one.
    pub column_name: Option<String>,
}

impl Location {
    /// A location for a whole file.
    pub fn file(file: &str) -> Location {
        Location {
            file: file.to_string(),
            ..Location::default()
        }
    }

    /// The column as a spreadsheet letter (A, B, …, Z, AA, …).
    pub fn column_letter(&self) -> Option<String> {
        self.column.map(column_letter)
    }

    /// The location in `lang`: in English the `Display` text (`b.xlsx, sheet “数据”, row 5,
    /// column C (1-4月)`), in Chinese `b.xlsx，工作表“数据”，第5行，C列（1-4月）`. The
    /// places that stand for an option rather than a file (`--year`, `--indicator`, the
    /// home region) are named in Chinese too.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let mut parts: Vec<String> = Vec::new();
        let file = match self.file.as_str() {
            "--year" => "年份（--year）".to_string(),
            "--indicator" => "指标（--indicator）".to_string(),
            HOME_REGION => "本地地区（--home）".to_string(),
            other => other.to_string(),
        };
        if !file.is_empty() {
            parts.push(file);
        }
        if let Some(sheet) = &self.sheet {
            parts.push(format!("工作表“{sheet}”"));
        }
        if let Some(row) = self.row {
            parts.push(format!("第{row}行"));
        }
        if let Some(col) = self.column {
            let mut c = format!("{}列", column_letter(col));
            if let Some(name) = self.column_name.as_deref().filter(|n| !n.is_empty()) {
                c.push_str(&format!("（{name}）"));
            }
            parts.push(c);
        }
        parts.join("，")
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet “{sheet}”")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(col) = self.column {
            write!(f, ", column {}", column_letter(col))?;
            if let Some(name) = self.column_name.as_deref().filter(|n| !n.is_empty()) {
                write!(f, " ({name})")?;
            }
        }
        Ok(())
    }
}

/// The spreadsheet letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// What kind of problem an [`Issue`] is (for filtering and tests; the reason says more).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueKind {
    /// The file cannot be read: missing, binary, undecodable, damaged.
    Unreadable,
    /// The file or sheet holds nothing.
    Empty,
    /// The headers are not a layout the importer knows, or a needed column is missing.
    Layout,
    /// A row has a different number of cells than the header.
    ColumnCount,
    /// A value is not a number.
    BadNumber,
    /// A period is not one, or cannot be placed in a year.
    BadPeriod,
    /// A January figure: January is published together with February as 1–2月.
    January,
    /// The year, indicator or basis is given nowhere (title, headers, file name, options).
    MissingContext,
    /// A region name matches nothing (or several regions).
    UnknownRegion,
    /// An indicator name matches nothing.
    UnknownIndicator,
    /// An industry or group name matches nothing.
    UnknownIndustry,
    /// A unit that does not fit the indicator.
    BadUnit,
    /// The same figure twice in the import with different values.
    DuplicateFigure,
    /// A required cell is empty.
    MissingValue,
    /// A unified social credit code that fails its checks.
    BadCreditCode,
    /// The same enterprise twice in the import.
    DuplicateEnterprise,
    /// A request or deal for an enterprise neither the import nor the dataset has.
    UnknownEnterprise,
    /// A request or deal whose enterprise name and credit code belong to different
    /// enterprises (or the name is no enterprise's while the code is one's).
    EnterpriseMismatch,
    /// A yes/no flag that is neither.
    BadFlag,
    /// A date that is not one.
    BadDate,
    /// A status or category that is not one of the known ones.
    BadCode,
    /// The dataset cannot be read or does not fit the import.
    Dataset,
    /// The user cancelled.
    Cancelled,
}

/// One located problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Where it is.
    pub at: Location,
    /// The cell's text, when the problem is one cell.
    pub cell: Option<String>,
    /// What kind of problem.
    pub kind: IssueKind,
    /// Why it is a problem, and what to do.
    pub reason: Said,
}

impl Issue {
    /// The problem in `lang`: in English the `Display` text, in Chinese
    /// `b.csv，第3行，A列（地区）：“鸡溪市”：未知地区……`.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let mut parts = vec![self.at.text(lang)];
        if let Some(cell) = &self.cell {
            parts.push(format!("“{cell}”"));
        }
        parts.push(self.reason.zh.clone());
        parts.retain(|p| !p.is_empty());
        parts.join("：")
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.at)?;
        if let Some(cell) = &self.cell {
            write!(f, ": “{cell}”")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Something the user should know that does not stop the import (a skipped sheet or
/// column).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Where.
    pub at: Location,
    /// What happened.
    pub message: Said,
}

impl Notice {
    /// The notice in `lang` (in English the `Display` text).
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let at = self.at.text(lang);
        if at.is_empty() {
            self.message.zh.clone()
        } else {
            format!("{at}：{}", self.message.zh)
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// A capped list: the first [`MAX_LISTED`] items and how many there were in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Capped<T> {
    items: Vec<T>,
    total: usize,
}

impl<T> Default for Capped<T> {
    fn default() -> Self {
        Capped {
            items: Vec::new(),
            total: 0,
        }
    }
}

impl<T> Capped<T> {
    /// Adds an item (kept only while fewer than [`MAX_LISTED`] are listed).
    pub fn push(&mut self, item: T) {
        self.total += 1;
        if self.items.len() < MAX_LISTED {
            self.items.push(item);
        }
    }

    /// The listed items.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// How many there were in all, listed or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many were left off the list.
    pub fn more(&self) -> usize {
        self.total - self.items.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Appends another list, keeping the cap.
    pub fn extend(&mut self, other: Capped<T>) {
        let unlisted = other.more();
        for item in other.items {
            self.push(item);
        }
        self.total += unlisted;
    }

    /// Writes the items one per line in `lang` (`text` says an item), then "… and N more"
    /// or "……另有N处".
    pub fn write_lines_in(
        &self,
        f: &mut impl fmt::Write,
        indent: &str,
        lang: Lang,
        text: impl Fn(&T, Lang) -> String,
    ) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{indent}{}", text(item, lang))?;
        }
        match (self.more(), lang) {
            (0, _) => {}
            (more, Lang::Zh) => writeln!(f, "{indent}……另有{more}处")?,
            (more, Lang::En) => writeln!(f, "{indent}… and {more} more")?,
        }
        Ok(())
    }

    /// Writes the items one per line, then "… and N more".
    pub fn write_lines(&self, f: &mut impl fmt::Write, indent: &str) -> fmt::Result
    where
        T: fmt::Display,
    {
        self.write_lines_in(f, indent, Lang::En, |item, _| item.to_string())
    }
}

/// A period error of [`crate::model`] in both languages (its `Display` is the English).
pub fn period_error(e: &PeriodError) -> Said {
    let zh = match e {
        PeriodError::January(year) => {
            format!("{year}年1月没有单独的数据：1月与2月合并发布为1—2月（请用2月）")
        }
        PeriodError::MonthOutOfRange { year, month } => {
            format!("{year}年没有{month}月（月份为2至12，2即1—2月）")
        }
        PeriodError::YearOutOfRange(year) => format!("年份{year}不在1949—2100之间"),
        PeriodError::Unparsable(text) => {
            format!("“{text}”不是时期（应为如2023-04、2023年1—4月、1-2月）")
        }
        PeriodError::UnknownBasis(text) => {
            format!("“{text}”不是口径（应为累计/ytd或当月/month）")
        }
    };
    Said::new(zh, e.to_string())
}

/// A credit-code error of [`crate::model::credit_code`] in both languages.
pub fn credit_code_error(e: &CreditCodeError) -> Said {
    let zh = match e {
        CreditCodeError::Length(n) => format!("统一社会信用代码应为18位，此代码为{n}位"),
        CreditCodeError::Character { ch, pos } => format!(
            "第{pos}位的字符“{ch}”不允许使用（代码由数字0—9和除I、O、S、V、Z以外的大写字母组成）"
        ),
        CreditCodeError::OrganisationCheck { expected, found } => format!(
            "组织机构代码（第9—17位）未通过GB 11714校验：第17位应为“{expected}”，实为“{found}”"
        ),
        CreditCodeError::Check { expected, found } => {
            format!("校验码（第18位）应为“{expected}”，实为“{found}”：可能有字符输错")
        }
    };
    Said::new(zh, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_like_a_spreadsheet() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn locations_name_everything_known() {
        let at = Location {
            file: "b.xlsx".into(),
            sheet: Some("数据".into()),
            row: Some(5),
            column: Some(2),
            column_name: Some("1-4月".into()),
        };
        assert_eq!(
            at.to_string(),
            "b.xlsx, sheet “数据”, row 5, column C (1-4月)"
        );
        let issue = Issue {
            at,
            cell: Some("1 234,5".into()),
            kind: IssueKind::BadNumber,
            reason: Said::new("不是数字", "not a number"),
        };
        assert!(
            issue
                .to_string()
                .ends_with("(1-4月): “1 234,5”: not a number")
        );
    }

    #[test]
    fn locations_read_in_chinese() {
        let at = Location {
            file: "快报.xlsx".into(),
            sheet: Some("Sheet1".into()),
            row: Some(5),
            column: Some(2),
            column_name: Some("增速".into()),
        };
        assert_eq!(
            at.text(Lang::Zh),
            "快报.xlsx，工作表“Sheet1”，第5行，C列（增速）"
        );
        assert_eq!(at.text(Lang::En), at.to_string());
        let row_only = Location {
            row: Some(12),
            ..Location::file("b.csv")
        };
        assert_eq!(row_only.text(Lang::Zh), "b.csv，第12行");
        assert_eq!(Location::file("--year").text(Lang::Zh), "年份（--year）");
        let issue = Issue {
            at,
            cell: Some("1 234,5".into()),
            kind: IssueKind::BadNumber,
            reason: Said::new("不是数字", "not a number"),
        };
        assert_eq!(
            issue.text(Lang::Zh),
            "快报.xlsx，工作表“Sheet1”，第5行，C列（增速）：“1 234,5”：不是数字"
        );
        // Nothing located (a cancelled import): only the reason.
        let cancelled = Issue {
            at: Location::default(),
            cell: None,
            kind: IssueKind::Cancelled,
            reason: Said::new("导入已取消", "import cancelled"),
        };
        assert_eq!(cancelled.text(Lang::Zh), "导入已取消");
        assert_eq!(cancelled.to_string(), ": import cancelled");
        let notice = Notice {
            at: Location::file("b.csv"),
            message: Said::new("已跳过：工作表是空的", "skipped: the sheet is empty"),
        };
        assert_eq!(notice.text(Lang::Zh), "b.csv：已跳过：工作表是空的");
        assert_eq!(notice.to_string(), "b.csv: skipped: the sheet is empty");
    }

    #[test]
    fn capped_lists_count_what_they_leave_off() {
        let mut c = Capped::default();
        for i in 0..(MAX_LISTED + 5) {
            c.push(i);
        }
        assert_eq!(c.items().len(), MAX_LISTED);
        assert_eq!(c.total(), MAX_LISTED + 5);
        assert_eq!(c.more(), 5);
        let mut text = String::new();
        c.write_lines(&mut text, "").expect("write");
        assert!(text.ends_with("… and 5 more\n"));
        let mut zh = String::new();
        c.write_lines_in(&mut zh, "", Lang::Zh, |i, _| i.to_string())
            .expect("write");
        assert!(zh.ends_with("……另有5处\n"));
    }
}
