//! One view of a row for every format: a CSV record (streamed, no copy), a row of a
//! workbook sheet, or a buffered copy made while the layout is being recognised.
//! Columns are absolute (column 0 is A), rows are numbered as a spreadsheet shows them.

use std::borrow::Cow;

use calamine::{CellErrorType, Data};

use crate::model::enterprise::Date;

/// One cell's content.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Nothing (or only spaces).
    Empty,
    /// Text, trimmed.
    Text(&'a str),
    /// A number stored as a number (workbooks).
    Number(f64),
    /// A boolean (workbooks).
    Bool(bool),
    /// A date (workbooks).
    Date(Date),
    /// An Excel error such as #DIV/0!.
    Error(&'a str),
}

impl<'a> Cell<'a> {
    /// The text a spreadsheet would show (numbers in their shortest form).
    pub fn text(&self) -> Cow<'a, str> {
        match *self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) | Cell::Error(t) => Cow::Borrowed(t),
            Cell::Number(n) => Cow::Owned(format_number(n)),
            Cell::Bool(b) => Cow::Borrowed(if b { "TRUE" } else { "FALSE" }),
            Cell::Date(d) => Cow::Owned(d.to_string()),
        }
    }

    /// True for an empty cell.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }
}

/// A number as a spreadsheet shows it: 19.2, 3, 1234.5.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A row of any source.
pub trait Row {
    /// The row number as a spreadsheet shows it.
    fn number(&self) -> u64;
    /// How many cells the row has (columns beyond are empty).
    fn width(&self) -> usize;
    /// The cell in a column.
    fn cell(&self, col: usize) -> Cell<'_>;

    /// True when no cell has content.
    fn is_blank(&self) -> bool {
        (0..self.width()).all(|c| self.cell(c).is_empty())
    }

    /// When every non-empty cell holds the same text (a title, a note, or a merged cell
    /// spread over the row), that text.
    fn single_text(&self) -> Option<Cow<'_, str>> {
        let mut found: Option<Cow<'_, str>> = None;
        for c in 0..self.width() {
            let cell = self.cell(c);
            if cell.is_empty() {
                continue;
            }
            let t = cell.text();
            match &found {
                None => found = Some(t),
                Some(f) if *f == t => {}
                Some(_) => return None,
            }
        }
        found
    }

    /// The columns with content.
    fn filled(&self) -> Vec<usize> {
        (0..self.width())
            .filter(|&c| !self.cell(c).is_empty())
            .collect()
    }
}

fn trimmed(s: &str) -> Cell<'_> {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}');
    if t.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(t)
    }
}

/// A CSV record of a text already decoded to UTF-8.
pub struct CsvRow<'a> {
    /// The record, as read from a `&str` (see [`CsvRow::cell`]).
    pub record: &'a csv::ByteRecord,
    /// Its row number.
    pub number: u64,
}

impl Row for CsvRow<'_> {
    fn number(&self) -> u64 {
        self.number
    }
    fn width(&self) -> usize {
        self.record.len()
    }
    fn cell(&self, col: usize) -> Cell<'_> {
        self.record.get(col).map_or(Cell::Empty, |field| {
            // SAFETY: the record was read from a `&str`, and csv cuts fields only at ASCII
            // bytes (delimiter, quote, line end), which never occur inside a UTF-8
            // sequence: each field is valid UTF-8. Checking it again per record was 9% of a
            // large import's reading (the file is checked once when decoded).
            trimmed(unsafe { std::str::from_utf8_unchecked(field) })
        })
    }
}

/// A row of a workbook sheet.
pub struct SheetRow<'a> {
    /// The cells from `first_col` on.
    pub cells: &'a [Data],
    /// The absolute column of `cells[0]`.
    pub first_col: usize,
    /// Its row number.
    pub number: u64,
    /// The workbook counts dates from 1904 (`Xlsx::has_1904_epoch`).
    pub is_1904: bool,
}

impl Row for SheetRow<'_> {
    fn number(&self) -> u64 {
        self.number
    }
    fn width(&self) -> usize {
        self.first_col + self.cells.len()
    }
    fn cell(&self, col: usize) -> Cell<'_> {
        let Some(data) = col
            .checked_sub(self.first_col)
            .and_then(|i| self.cells.get(i))
        else {
            return Cell::Empty;
        };
        data_cell(data, self.is_1904)
    }
}

/// A workbook cell as a [`Cell`], its dates counted in the workbook's date system.
pub fn data_cell(data: &Data, is_1904: bool) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => trimmed(s),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => excel_date(dt, is_1904).map_or(Cell::Number(dt.as_f64()), Cell::Date),
        Data::Error(e) => Cell::Error(match e {
            CellErrorType::Div0 => "#DIV/0!",
            CellErrorType::NA => "#N/A",
            CellErrorType::Name => "#NAME?",
            CellErrorType::Null => "#NULL!",
            CellErrorType::Num => "#NUM!",
            CellErrorType::Ref => "#REF!",
            CellErrorType::Value => "#VALUE!",
            CellErrorType::GettingData => "#DATA!",
        }),
    }
}

/// The first serial day after Excel's last date (9999-12-31) in the 1900 date system.
const EXCEL_SERIAL_END: f64 = 2_958_466.0;

/// A workbook date-time as a calendar date, converted by calamine (which knows whether the
/// workbook counts from 1900 or from 1904; `is_1904` is the workbook's flag, for the
/// first day). None for what is no date: a duration, or a
/// serial Excel itself cannot show as a date — negative, the 1900 system's day 0
/// ("1900-01-00"), beyond 9999-12-31 — which calamine would clamp to a date. Such a cell
/// is read as the number it holds, so a date column reports it as not a date.
fn excel_date(dt: &calamine::ExcelDateTime, is_1904: bool) -> Option<Date> {
    let serial = dt.as_f64();
    // The 1904 system's day 0 is 1904-01-01; the 1900 system's is no day.
    let first = if is_1904 { 0.0 } else { 1.0 };
    if !dt.is_datetime() || !serial.is_finite() || serial < first || serial >= EXCEL_SERIAL_END {
        return None;
    }
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    Date::new(i32::from(year), u32::from(month), u32::from(day))
}

/// An owned copy of a cell, for rows buffered while the layout is recognised.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedCell {
    /// See [`Cell::Empty`].
    Empty,
    /// See [`Cell::Text`].
    Text(String),
    /// See [`Cell::Number`].
    Number(f64),
    /// See [`Cell::Bool`].
    Bool(bool),
    /// See [`Cell::Date`].
    Date(Date),
    /// See [`Cell::Error`].
    Error(String),
}

/// A buffered row.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedRow {
    /// Its row number.
    pub number: u64,
    /// Its cells from column A.
    pub cells: Vec<OwnedCell>,
}

impl OwnedRow {
    /// A row of text cells ("" an empty cell), for tests of the layout readers.
    #[cfg(test)]
    pub(crate) fn from_texts(number: u64, cells: &[&str]) -> OwnedRow {
        OwnedRow {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        OwnedCell::Empty
                    } else {
                        OwnedCell::Text(c.to_string())
                    }
                })
                .collect(),
        }
    }

    /// Copies any row.
    pub fn copy(row: &dyn Row) -> OwnedRow {
        let cells = (0..row.width())
            .map(|c| match row.cell(c) {
                Cell::Empty => OwnedCell::Empty,
                Cell::Text(t) => OwnedCell::Text(t.to_string()),
                Cell::Number(n) => OwnedCell::Number(n),
                Cell::Bool(b) => OwnedCell::Bool(b),
                Cell::Date(d) => OwnedCell::Date(d),
                Cell::Error(e) => OwnedCell::Error(e.to_string()),
            })
            .collect();
        OwnedRow {
            number: row.number(),
            cells,
        }
    }
}

impl Row for OwnedRow {
    fn number(&self) -> u64 {
        self.number
    }
    fn width(&self) -> usize {
        self.cells.len()
    }
    fn cell(&self, col: usize) -> Cell<'_> {
        match self.cells.get(col) {
            None | Some(OwnedCell::Empty) => Cell::Empty,
            Some(OwnedCell::Text(t)) => Cell::Text(t),
            Some(OwnedCell::Number(n)) => Cell::Number(*n),
            Some(OwnedCell::Bool(b)) => Cell::Bool(*b),
            Some(OwnedCell::Date(d)) => Cell::Date(*d),
            Some(OwnedCell::Error(e)) => Cell::Error(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_text_rows_are_titles_or_notes() {
        let row = OwnedRow {
            number: 1,
            cells: vec![
                OwnedCell::Text("标题".into()),
                OwnedCell::Text("标题".into()),
                OwnedCell::Empty,
            ],
        };
        assert_eq!(row.single_text().as_deref(), Some("标题"));
        let row = OwnedRow {
            number: 2,
            cells: vec![OwnedCell::Text("鸡西".into()), OwnedCell::Number(19.2)],
        };
        assert!(row.single_text().is_none());
        assert_eq!(row.cell(1).text(), "19.2");
        assert_eq!(format_number(3.0), "3");
    }

    #[test]
    fn workbook_dates_by_their_date_system() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::*};
        // Cells borrow their data; the test compares owned copies.
        let cell = |v: f64, kind, is_1904| {
            let data = Data::DateTime(ExcelDateTime::new(v, kind, is_1904));
            let row = OwnedRow::copy(&SheetRow {
                cells: std::slice::from_ref(&data),
                first_col: 0,
                number: 1,
                is_1904,
            });
            row.cells[0].clone()
        };
        let day = |y, m, d| OwnedCell::Date(Date::new(y, m, d).expect("date"));
        assert_eq!(cell(45_066.0, DateTime, false), day(2023, 5, 20));
        assert_eq!(cell(45_066.75, DateTime, false), day(2023, 5, 20));
        assert_eq!(cell(43_604.0, DateTime, true), day(2023, 5, 20));
        assert_eq!(cell(0.0, DateTime, true), day(1904, 1, 1));
        assert_eq!(cell(1.0, DateTime, false), day(1900, 1, 1));
        // No date: read as the number held, for a date column to refuse.
        for (v, is_1904) in [
            (0.0, false),
            (0.5, false),
            (-5.0, false),
            (-1.0, true),
            (60.0, false),
            (3e6, false),
        ] {
            assert_eq!(
                cell(v, DateTime, is_1904),
                OwnedCell::Number(v),
                "{v} 1904: {is_1904}"
            );
        }
        assert_eq!(
            cell(45_066.0, TimeDelta, false),
            OwnedCell::Number(45_066.0)
        );
    }
}
