//! Cell values as Chinese statistical spreadsheets write them.
//!
//! Numbers: "19.2", "19.2%", "－2.9" (full-width minus), "−2.9" (U+2212), "+3", "1,234.5"
//! (thousands separators in groups of three), full-width digits. "1 234,5" (a space inside,
//! a decimal comma) is an error, never guessed at. "—", "-", "…" and empty cells are a
//! missing figure: not zero and not an error. Flags: 是/否, Y/N, yes/no, 1/0, √/×, true/false;
//! empty is "no".

use super::issue::Said;
use crate::model::enterprise::Date;

/// Why a cell is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Spaces or a decimal comma, as in "1 234,5".
    #[error(
        "not a number: spaces and decimal commas are not accepted (write 1234.5, or 1,234.5 with a thousands separator)"
    )]
    Grouping,
    /// A thousands separator in the wrong place.
    #[error("not a number: thousands separators must separate groups of three digits (1,234.5)")]
    Separator,
    /// Anything else.
    #[error("not a number (expected e.g. 19.2, -2.9, 19.2% or 1,234.5; “—” for a missing figure)")]
    Other,
    /// An Excel error value such as #DIV/0!.
    #[error("the cell holds an Excel error, not a number")]
    ExcelError,
}

impl NumberError {
    /// The reason in both languages (the English is the `Display` text).
    pub fn said(&self) -> Said {
        let zh = match self {
            NumberError::Grouping => {
                "不是数字：数字中不能有空格，也不能用逗号作小数点（应写为1234.5，或带千分位写为1,234.5）"
            }
            NumberError::Separator => "不是数字：千分位逗号须每三位一组（如1,234.5）",
            NumberError::Other => "不是数字（应为如19.2、-2.9、19.2%或1,234.5；缺少的数据填“—”）",
            NumberError::ExcelError => "单元格是Excel错误值，不是数字",
        };
        Said::new(zh, self.to_string())
    }
}

/// True for the texts that mean "no figure": empty, dashes and ellipses.
pub fn is_missing(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    t.is_empty()
        || t == "..."
        || t.chars()
            .all(|c| matches!(c, '—' | '–' | '-' | '－' | '−' | '―' | '…' | '⋯'))
}

/// Powers of ten a `f64` holds exactly, for [`plain_decimal`].
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `-?digits[.digits]` of at most 15 digits, the cell of nearly every large file, without
/// the general parser: the digits make an integer a `f64` holds exactly and the point a
/// power of ten it holds exactly, so the one division is correctly rounded, the value
/// `str::parse` gives. None for anything else (the general path decides it).
fn plain_decimal(text: &[u8]) -> Option<f64> {
    let (negative, body) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let (mut mantissa, mut digits, mut decimals) = (0u64, 0usize, None::<usize>);
    for &b in body {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 15 {
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if let Some(d) = decimals.as_mut() {
                    *d += 1;
                }
            }
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    // Exact: mantissa < 10^15 < 2^53, and decimals <= digits <= 15.
    let v = mantissa as f64 / POW10[decimals.unwrap_or(0)];
    Some(if negative { -v } else { v })
}

/// Parses a number as published; Ok(None) for a missing figure.
pub fn parse_number(text: &str) -> Result<Option<f64>, NumberError> {
    if let Some(v) = plain_decimal(text.as_bytes()) {
        return Ok(Some(v));
    }
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    // Fast path: plain ASCII numbers are nearly every cell of a large file.
    if !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && t.bytes().any(|b| b.is_ascii_digit())
    {
        return t.parse::<f64>().map(Some).map_err(|_| NumberError::Other);
    }
    if is_missing(t) {
        return Ok(None);
    }
    if t.starts_with('#') {
        return Err(NumberError::ExcelError);
    }
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '−' | '–' | '—' => '-',
            '＋' => '+',
            '．' => '.',
            '，' => ',',
            '％' => '%',
            _ => c,
        };
        s.push(c);
    }
    let s = s.strip_suffix('%').unwrap_or(&s).trim_end();
    if s.chars().any(|c| c.is_whitespace() || c == '\u{a0}') {
        return Err(NumberError::Grouping);
    }
    let (sign, body) = match s.as_bytes().first() {
        Some(b'-') => (-1.0, &s[1..]),
        Some(b'+') => (1.0, &s[1..]),
        _ => (1.0, s),
    };
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(NumberError::Other);
    }
    let plain = if body.contains(',') {
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        if frac.is_some_and(|f| f.contains(',')) {
            return Err(NumberError::Grouping);
        }
        let groups: Vec<&str> = int.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            // "1234,5" reads like a decimal comma; "1,23" like a misplaced separator.
            return Err(
                if groups.len() == 2 && groups[1].len() != 3 && frac.is_none() {
                    NumberError::Grouping
                } else {
                    NumberError::Separator
                },
            );
        }
        let mut p = groups.concat();
        if let Some(f) = frac {
            p.push('.');
            p.push_str(f);
        }
        p
    } else {
        body.to_string()
    };
    if plain.bytes().filter(|&b| b == b'.').count() > 1
        || !plain.bytes().any(|b| b.is_ascii_digit())
    {
        return Err(NumberError::Other);
    }
    let v: f64 = plain.parse().map_err(|_| NumberError::Other)?;
    if !v.is_finite() {
        return Err(NumberError::Other);
    }
    Ok(Some(sign * v))
}

/// Parses a yes/no flag; an empty cell is "no".
pub fn parse_flag(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "" | "否" | "n" | "no" | "0" | "false" | "×" | "x" | "✗" | "✘" | "无" | "不是" | "-"
        | "—" => Some(false),
        "是" | "y" | "yes" | "1" | "true" | "√" | "✓" | "✔" | "有" | "☑" => Some(true),
        _ => None,
    }
}

/// The years a date in a list may fall in: a register of this bureau's work has nothing
/// before 1990 or after 2100, and a date there is a slip (often a 0 formatted as a date,
/// which Excel shows as 1900-01-00).
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// The date when it lies in [`DATE_YEARS`] (1990-01-01 to 2100-12-31), else the reason.
pub fn date_range(d: Date) -> Result<Date, Said> {
    if DATE_YEARS.contains(&d.year()) {
        return Ok(d);
    }
    Err(Said::new(
        format!(
            "日期{d}不在1990-01-01至2100-12-31之间：请检查该单元格（设为日期格式的0或很小的数会显示为1900年前后的日期）"
        ),
        format!(
            "the date {d} is not between 1990-01-01 and 2100-12-31: check the cell (a 0 or a small number formatted as a date shows as a date around 1900)"
        ),
    ))
}

/// A date cell: text in any form [`Date`] reads, or an 8-digit number such as 20230415.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let t = t.strip_suffix(" 00:00:00").unwrap_or(t);
    let t = t.split('T').next().unwrap_or(t);
    t.parse().ok()
}

/// Units as printed in titles, headers and unit columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Percent (rates).
    Percent,
    /// Yuan.
    Yuan,
    /// 万元 (10,000 yuan), the unit levels are stored in.
    TenThousandYuan,
    /// 亿元 (100 million yuan).
    HundredMillionYuan,
    /// A count: 家, 个, 户.
    Count,
}

impl Unit {
    /// Reads a unit name ("%", "万元", "亿元", "元", "家", "个", "户").
    pub fn parse(text: &str) -> Option<Unit> {
        let t: String = text
            .trim()
            .trim_start_matches("单位")
            .trim_start_matches([':', '：'])
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）'))
            .collect();
        match t.to_lowercase().as_str() {
            "%" | "％" | "百分比" | "percent" | "pct" => Some(Unit::Percent),
            "元" | "yuan" => Some(Unit::Yuan),
            "万元" | "10kyuan" | "10,000yuan" => Some(Unit::TenThousandYuan),
            "亿元" | "100myuan" => Some(Unit::HundredMillionYuan),
            "家" | "个" | "户" | "count" => Some(Unit::Count),
            _ => None,
        }
    }

    /// The factor turning a value in `self` into one in `target`, if they measure the same.
    pub fn factor_to(self, target: Unit) -> Option<f64> {
        use Unit::*;
        let yuan = |u: Unit| match u {
            Yuan => Some(1.0),
            TenThousandYuan => Some(1e4),
            HundredMillionYuan => Some(1e8),
            _ => None,
        };
        if self == target {
            return Some(1.0);
        }
        match (yuan(self), yuan(target)) {
            (Some(a), Some(b)) => Some(a / b),
            _ => None,
        }
    }
}

/// Folds a header for matching: drops a bracketed unit ("数值（%）" → "数值"), spaces,
/// case and full-width forms.
pub fn header_key(text: &str) -> String {
    let cut = text
        .find(['(', '（', '['])
        .map(|at| &text[..at])
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(text);
    crate::model::name_key(cut)
        .trim_end_matches([':', '：', '*'])
        .to_string()
}

/// The unit a header names in brackets, e.g. "金额（亿元）" → 亿元.
pub fn header_unit(text: &str) -> Option<Unit> {
    let start = text.find(['(', '（'])?;
    let inner = &text[start..];
    let inner = inner
        .trim_start_matches(['(', '（'])
        .split([')', '）'])
        .next()?;
    Unit::parse(
        inner
            .trim_start_matches("单位")
            .trim_start_matches([':', '：']),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The short path reads every plain decimal to the bit `str::parse` does, and
        /// declines (leaving it to the general path) only what it cannot read exactly.
        #[test]
        fn plain_decimals_read_as_the_standard_parser_does(
            text in "-?[0-9]{0,18}(\\.[0-9]{0,18})?",
        ) {
            let std = text.parse::<f64>().ok();
            match plain_decimal(text.as_bytes()) {
                Some(v) => prop_assert_eq!(Some(v.to_bits()), std.map(f64::to_bits)),
                None => {
                    let digits = text.bytes().filter(u8::is_ascii_digit).count();
                    prop_assert!(digits == 0 || digits > 15, "{} declined", text);
                }
            }
            prop_assert_eq!(
                parse_number(&text).ok().flatten().map(f64::to_bits),
                std.map(f64::to_bits)
            );
        }
    }

    #[test]
    fn plain_decimals_at_the_edges() {
        for (text, want) in [
            ("0", Some(0.0)),
            ("-0", Some(-0.0)),
            ("1.", Some(1.0)),
            (".5", Some(0.5)),
            ("0.1", Some(0.1)),
            ("123456789012345", Some(123_456_789_012_345.0)),
            ("-9.99999999999999", Some(-9.999_999_999_999_99)),
            ("0.000000000000001", None),
            ("1234567890123456", None),
            (".", None),
            ("-", None),
            ("", None),
            ("1.2.3", None),
            ("--1", None),
            ("1-", None),
            (" 1", None),
            ("1e3", None),
        ] {
            assert_eq!(
                plain_decimal(text.as_bytes()).map(f64::to_bits),
                want.map(f64::to_bits),
                "{text:?}"
            );
        }
    }

    #[test]
    fn numbers_as_published() {
        let ok: &[(&str, f64)] = &[
            ("19.2", 19.2),
            ("19.2%", 19.2),
            ("19.2 %", 19.2),
            ("－2.9", -2.9),
            ("−2.9", -2.9),
            ("-2.9", -2.9),
            ("+3", 3.0),
            ("1,234.5", 1234.5),
            ("12,345,678", 12_345_678.0),
            ("１９．２", 19.2),
            (" 7 ", 7.0),
            ("0", 0.0),
        ];
        for (text, want) in ok {
            assert_eq!(parse_number(text), Ok(Some(*want)), "{text}");
        }
        for text in ["", " ", "—", "-", "…", "--", "——", "……", "...", "－"] {
            assert_eq!(parse_number(text), Ok(None), "{text:?} is missing");
        }
        assert_eq!(parse_number("1 234,5"), Err(NumberError::Grouping));
        assert_eq!(parse_number("1234,5"), Err(NumberError::Grouping));
        assert_eq!(parse_number("1,23"), Err(NumberError::Grouping));
        assert_eq!(parse_number("1,2345.6"), Err(NumberError::Separator));
        assert_eq!(parse_number("abc"), Err(NumberError::Other));
        assert_eq!(parse_number("1.2.3"), Err(NumberError::Other));
        assert_eq!(parse_number("#DIV/0!"), Err(NumberError::ExcelError));
        assert_eq!(parse_number("19.2x"), Err(NumberError::Other));
        assert_eq!(parse_number("inf"), Err(NumberError::Other));
    }

    #[test]
    fn flags_dates_units_headers() {
        for t in ["是", "Y", "yes", "1", "√", "✓"] {
            assert_eq!(parse_flag(t), Some(true), "{t}");
        }
        for t in ["否", "N", "no", "0", "", "×"] {
            assert_eq!(parse_flag(t), Some(false), "{t}");
        }
        assert_eq!(parse_flag("也许"), None);
        assert_eq!(parse_date("2023年4月15日"), Date::new(2023, 4, 15));
        assert_eq!(parse_date("2023-04-15 00:00:00"), Date::new(2023, 4, 15));
        assert_eq!(Unit::parse("亿元"), Some(Unit::HundredMillionYuan));
        assert_eq!(
            Unit::HundredMillionYuan.factor_to(Unit::TenThousandYuan),
            Some(1e4)
        );
        assert_eq!(Unit::Percent.factor_to(Unit::TenThousandYuan), None);
        assert_eq!(header_key("数值（%）"), "数值");
        assert_eq!(header_key("  Value "), "value");
        assert_eq!(header_unit("金额（亿元）"), Some(Unit::HundredMillionYuan));
        assert_eq!(header_unit("增速(%)"), Some(Unit::Percent));
    }
}
