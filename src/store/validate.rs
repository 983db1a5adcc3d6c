//! Defence in depth: what the store writes is checked (dates in range, numbers finite) so no
//! importer bug can store a value the readers refuse; and what the readers meet is checked
//! row by row, so one bad row written by another tool or an older version is skipped and
//! reported instead of refusing the whole dataset.
//!
//! Periods need no check on writing: a [`crate::model::Period`] can only hold a month in
//! 2..=12 (1—2月 convention) of a year in 1949..=2100, and keys carry one.

use rusqlite::types::ValueRef;

use crate::model::{Date, Period, Said, SkippedRow};

/// The first year a stored date may fall in.
pub const FIRST_YEAR: i32 = 1990;
/// The last year a stored date may fall in.
pub const LAST_YEAR: i32 = 2100;

/// A value the store refuses to write, naming the record.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{record}: {en}")]
pub struct Rejected {
    /// The record, e.g. "service request for enterprise 3 raised 1899-12-30".
    pub record: String,
    /// What is wrong, in Chinese.
    pub zh: String,
    /// What is wrong, in English.
    pub en: String,
}

/// True for a date the store accepts (1990-01-01 ..= 2100-12-31).
pub fn date_in_range(d: Date) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&d.year())
}

/// Refuses a date outside 1990–2100 in `column` of `record`.
pub fn check_date(record: &dyn Fn() -> String, column: &str, d: Date) -> Result<(), Rejected> {
    if date_in_range(d) {
        return Ok(());
    }
    Err(Rejected {
        record: record(),
        zh: format!(
            "{column} 的日期{d}不在{FIRST_YEAR}—{LAST_YEAR}年之间，未写入；请检查来源表格中的日期"
        ),
        en: format!(
            "{column} {d} is outside {FIRST_YEAR}-01-01..{LAST_YEAR}-12-31 and was not written; check the date in the source file"
        ),
    })
}

/// Refuses a value that is not a finite number in `column` of `record`.
pub fn check_finite(record: &dyn Fn() -> String, column: &str, v: f64) -> Result<(), Rejected> {
    if v.is_finite() {
        return Ok(());
    }
    Err(Rejected {
        record: record(),
        zh: format!("{column} 的值{v}不是有限的数，未写入；请检查来源表格中的数值"),
        en: format!(
            "{column} {v} is not a finite number and was not written; check the number in the source file"
        ),
    })
}

/// The text of a stored value, as a reader of the file would see it.
pub fn value_text(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(r) => r.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

/// Why one stored value cannot be used: the column, the value and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Bad {
    /// The column.
    pub column: &'static str,
    /// The value as stored.
    pub value: String,
    /// What is wrong (without what to do: that depends on the table).
    pub what: Said,
}

impl Bad {
    /// The skipped row this makes in `table`, with `todo` (what to do) after the reason.
    pub fn skipped(
        self,
        table: &'static str,
        row: String,
        region: Option<String>,
        todo: Said,
    ) -> SkippedRow {
        SkippedRow {
            table,
            row,
            column: self.column,
            value: self.value,
            region,
            reason: Said::new(
                format!("{}，该行已跳过；{}", self.what.zh, todo.zh),
                format!("{}; the row was skipped. {}", self.what.en, todo.en),
            ),
        }
    }
}

/// A stored date: text the model reads as a date, within 1990–2100.
pub fn read_date(column: &'static str, v: ValueRef<'_>) -> Result<Date, Bad> {
    let text = value_text(v);
    let parsed = match v {
        ValueRef::Text(_) => text.parse::<Date>().ok(),
        _ => None,
    };
    match parsed {
        Some(d) if date_in_range(d) => Ok(d),
        Some(_) => Err(Bad {
            column,
            value: text,
            what: Said::new(
                format!("日期不在{FIRST_YEAR}—{LAST_YEAR}年之间"),
                format!("the date is outside {FIRST_YEAR}–{LAST_YEAR}"),
            ),
        }),
        None => Err(Bad {
            column,
            value: text,
            what: Said::new("不是日期", "not a date"),
        }),
    }
}

/// A stored number: an integer or a finite real.
pub fn read_number(column: &'static str, v: ValueRef<'_>) -> Result<f64, Bad> {
    match v {
        ValueRef::Real(r) if r.is_finite() => Ok(r),
        ValueRef::Integer(i) => Ok(i as f64),
        _ => Err(Bad {
            column,
            value: value_text(v),
            what: match v {
                ValueRef::Real(_) => Said::new("不是有限的数", "not a finite number"),
                _ => Said::new("不是数值", "not a number"),
            },
        }),
    }
}

/// A stored period: an integer year and month the model accepts as a period, or January
/// (kept for `check`, which says what to do with it; the loaders skip it).
pub fn read_year_month(year: ValueRef<'_>, month: ValueRef<'_>) -> Result<(i32, u32), Bad> {
    let bad = |column: &'static str, v: ValueRef<'_>, what: Said| Bad {
        column,
        value: value_text(v),
        what,
    };
    let ValueRef::Integer(y) = year else {
        return Err(bad(
            "year",
            year,
            Said::new("年份不是整数", "the year is not a whole number"),
        ));
    };
    let ValueRef::Integer(m) = month else {
        return Err(bad(
            "period",
            month,
            Said::new("月份不是整数", "the month is not a whole number"),
        ));
    };
    let (Ok(y32), Ok(m32)) = (i32::try_from(y), u32::try_from(m)) else {
        return Err(bad(
            "year",
            year,
            Said::new("不是有效的时期", "not a valid period"),
        ));
    };
    match Period::new(y32, m32) {
        Ok(_) => Ok((y32, m32)),
        Err(crate::model::PeriodError::January(_)) => Ok((y32, m32)),
        Err(e @ crate::model::PeriodError::YearOutOfRange(_)) => Err(bad(
            "year",
            year,
            Said::new(
                format!("不是有效的时期（{e}）"),
                format!("not a valid period ({e})"),
            ),
        )),
        Err(e) => Err(bad(
            "period",
            month,
            Said::new(
                format!("不是有效的时期（{e}）"),
                format!("not a valid period ({e})"),
            ),
        )),
    }
}

/// What to do with a register row (`table`, `id`) whose `column` is bad.
pub fn register_todo(table: &str, id: i64, column: &str) -> Said {
    Said::new(
        format!(
            "请用SQLite工具改正该值（UPDATE {table} SET {column} = … WHERE id = {id}），或删除该行后重新导入清单"
        ),
        format!(
            "correct it with an SQLite tool (UPDATE {table} SET {column} = … WHERE id = {id}), or delete the row and import the list again"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_1990_to_2100_are_refused_on_writing_and_skipped_on_reading() {
        let record = || "request 1".to_string();
        let old = Date::new(1989, 12, 31).expect("date");
        let e = check_date(&record, "raised_on", old).expect_err("1989 refused");
        assert!(e.to_string().contains("request 1") && e.to_string().contains("1989-12-31"));
        assert!(check_date(&record, "raised_on", Date::new(1990, 1, 1).expect("date")).is_ok());
        assert!(check_date(&record, "raised_on", Date::new(2100, 12, 31).expect("date")).is_ok());
        assert!(check_date(&record, "raised_on", Date::new(2101, 1, 1).expect("date")).is_err());
        let bad = read_date("raised_on", ValueRef::Text(b"1899-12-30")).expect_err("unreadable");
        assert_eq!(bad.value, "1899-12-30");
        let bad = read_date("raised_on", ValueRef::Text(b"1950-01-01")).expect_err("too old");
        assert!(bad.what.en.contains("outside"));
        assert!(read_date("raised_on", ValueRef::Text(b"2023-04-15")).is_ok());
        assert!(read_date("raised_on", ValueRef::Integer(45000)).is_err());
    }

    #[test]
    fn non_finite_numbers_are_refused_on_writing_and_skipped_on_reading() {
        let record = || "figure".to_string();
        assert!(check_finite(&record, "value", f64::NAN).is_err());
        assert!(check_finite(&record, "value", f64::INFINITY).is_err());
        assert!(check_finite(&record, "value", -3.5).is_ok());
        assert!(read_number("value", ValueRef::Real(f64::INFINITY)).is_err());
        assert!(read_number("value", ValueRef::Text(b"abc")).is_err());
        assert_eq!(read_number("value", ValueRef::Integer(3)), Ok(3.0));
    }

    #[test]
    fn periods_are_read_as_the_model_accepts_them() {
        use ValueRef::{Integer, Text};
        assert_eq!(read_year_month(Integer(2023), Integer(4)), Ok((2023, 4)));
        // January stays for `check`, which explains it.
        assert_eq!(read_year_month(Integer(2023), Integer(1)), Ok((2023, 1)));
        assert_eq!(
            read_year_month(Integer(1899), Integer(4)).map_err(|b| b.column),
            Err("year")
        );
        assert_eq!(
            read_year_month(Text(b"x"), Integer(4)).map_err(|b| b.column),
            Err("year")
        );
        assert_eq!(
            read_year_month(Integer(2023), Integer(13)).map_err(|b| b.column),
            Err("period")
        );
    }
}
