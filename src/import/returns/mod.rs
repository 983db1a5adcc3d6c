//! Enterprise monthly returns (企业月报, SPEC §9) in the importer: recognising a returns
//! sheet by its headers, reading its rows into compact records, and (in [`plan`]) matching
//! them to the register and comparing them with the stored returns.
//!
//! Forms read:
//! - **wide, merged header**: an indicator header ("工业总产值(千元)") merged over its
//!   sub-columns (本月/当月, 本年累计/1-N月累计/1—N月, 上年同期/上年同期累计/去年同期,
//!   同比增长(%)/增速), one row per enterprise;
//! - **wide, joined header**: one header row that names both ("工业总产值本年累计(万元)");
//! - **long**: 代码, 名称, 指标, 时期, 本期值, 上年同期值, 本月值 (one row per enterprise ×
//!   indicator × period).
//!
//! A row names its enterprise by credit code and/or name. Values are brought into the
//! indicator's unit (万元, 万千瓦时, 人) from the unit in the header, the long table's 单位
//! column or the title ("单位：千元"). A 合计/总计 row is skipped with a notice (saying so when
//! it does not add up to the rows). The period comes from the title, a header ("1-3月累计"),
//! the file name, then the options (`--period`); a title and a file name naming different
//! periods is an error.
//!
//! A parsed return holds an index to its enterprise reference, its period and the 24 values
//! (6 indicators × month, ytd, last year's ytd, stated growth) as `f64` with NaN for a blank
//! cell: no string per value, about 220 bytes per enterprise and period.

pub(crate) mod header;
pub(crate) mod plan;
pub(crate) mod read;

use crate::model::Period;
use crate::model::returns::{ReturnIndicator, ReturnRow, ReturnValues};

pub use plan::ReturnCounts;

/// Values per return: 6 indicators × (month, ytd, last year's ytd, stated growth).
pub const SLOTS: usize = 24;

/// How a return row names its enterprise (as written; matched against the register by the
/// plan). Interned: one entry per distinct code and name, however many rows and files
/// repeat them (70,000 entries, not 3.8 M, for five years of monthly files).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReturnWho {
    /// The credit code (validated).
    pub code: Option<Box<str>>,
    /// The name as written.
    pub name: Option<Box<str>>,
}

/// Where a returns sheet names its enterprises and values: locations of errors and
/// conflicts (a return's sheet and row are in [`ParsedReturn`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnColumns {
    /// Index into the parse's sheets.
    pub sheet: u32,
    /// The column of the code, or of the name when there is no code.
    pub who: u32,
    /// The column of the name.
    pub name: u32,
    /// The column of each value slot (`u32::MAX` where none).
    pub slots: [u32; SLOTS],
}

impl ReturnWho {
    /// The code, else the name: how messages name the enterprise.
    pub fn label(&self) -> &str {
        self.code
            .as_deref()
            .or(self.name.as_deref())
            .unwrap_or_default()
    }
}

/// One enterprise's return for one period, every indicator the form gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedReturn {
    /// Index into [`super::ParsedImport::return_who`].
    pub who: u32,
    /// The period (year to date up to its month).
    pub period: Period,
    /// Index into the parse's sheets.
    pub sheet: u32,
    /// The row as a spreadsheet shows it (the first row, for the long layout).
    pub row: u32,
    /// Index into the parse's sources.
    pub source: u32,
    /// Values in [`ReturnIndicator::ALL`] order, four each (month, ytd, last year's ytd,
    /// stated growth %), in the indicator's unit; NaN where the form has none.
    pub values: [f64; SLOTS],
}

impl ParsedReturn {
    /// The values of one indicator, None when the form gives none of them.
    pub fn get(&self, indicator: ReturnIndicator) -> Option<ReturnValues> {
        let at = indicator.index() * 4;
        let v = |k: usize| Some(self.values[at + k]).filter(|x| !x.is_nan());
        let values = ReturnValues::from_array([v(0), v(1), v(2), v(3)]);
        (!values.is_empty()).then_some(values)
    }

    /// True when no value at all is given.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(|v| v.is_nan())
    }

    /// The model row for enterprise `code`.
    pub fn to_row(&self, code: &str) -> ReturnRow {
        let mut row = ReturnRow::new(code, self.period);
        for i in ReturnIndicator::ALL {
            if let Some(v) = self.get(i) {
                row.set(i, v);
            }
        }
        row
    }
}

/// The name of a value slot: 工业总产值本年累计 / gross output, year to date.
pub fn slot_name(slot: usize, zh: bool) -> String {
    let indicator = ReturnIndicator::ALL[(slot / 4).min(5)];
    let lang = if zh {
        crate::model::Lang::Zh
    } else {
        crate::model::Lang::En
    };
    let kind = header::Kind::ALL[slot % 4];
    if zh {
        format!("{}{}", indicator.name(lang), kind.label(true))
    } else {
        format!("{}, {}", indicator.name(lang), kind.label(false))
    }
}

#[cfg(test)]
mod tests;
