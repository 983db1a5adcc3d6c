//! Recognising a returns sheet by its headers: the enterprise columns, and either value
//! columns (indicator × kind, with their unit) or the long layout's columns.

use std::str::FromStr;

use crate::import::rows::{Cell, OwnedRow, Row};
use crate::import::values::header_key;
use crate::model::returns::{ReturnIndicator, ReturnUnit};
use crate::model::{Basis, Period};

/// What a value column of a return holds (the order of [`super::ParsedReturn::values`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 本月 / 当月.
    Month,
    /// 本年累计 / 1-N月累计 / 本期.
    Ytd,
    /// 上年同期(累计) / 去年同期.
    Last,
    /// 同比增长(%) / 增速.
    Growth,
}

impl Kind {
    /// The kinds in slot order.
    pub const ALL: [Kind; 4] = [Kind::Month, Kind::Ytd, Kind::Last, Kind::Growth];

    /// The offset within an indicator's four slots.
    pub fn offset(self) -> usize {
        self as usize
    }

    /// A label for messages.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Kind::Month, true) => "本月",
            (Kind::Ytd, true) => "本年累计",
            (Kind::Last, true) => "上年同期累计",
            (Kind::Growth, true) => "同比增长",
            (Kind::Month, false) => "this month",
            (Kind::Ytd, false) => "year to date",
            (Kind::Last, false) => "last year's year to date",
            (Kind::Growth, false) => "stated growth",
        }
    }
}

/// What the unit bracket of a header says.
#[derive(Debug, Clone, PartialEq)]
pub enum UnitText {
    /// No bracket, or one that names no unit ("现价").
    None,
    /// A percentage: a growth column.
    Percent,
    /// A unit of the return.
    Unit(ReturnUnit),
}

/// One value column of a wide returns sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueCol {
    /// 0-based column.
    pub col: usize,
    /// The indicator.
    pub indicator: ReturnIndicator,
    /// What it holds.
    pub kind: Kind,
    /// The unit its header states (None: the title's, else the indicator's).
    pub unit: Option<ReturnUnit>,
    /// The month a header names ("1-3月累计" → 3).
    pub month: Option<u32>,
}

impl ValueCol {
    /// The slot of [`super::ParsedReturn::values`] it fills.
    pub fn slot(&self) -> usize {
        self.indicator.index() * 4 + self.kind.offset()
    }
}

/// The columns of the long returns layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LongCols {
    /// 指标.
    pub indicator: usize,
    /// 时期.
    pub period: Option<usize>,
    /// 本月值.
    pub month: Option<usize>,
    /// 本期值 (year to date).
    pub ytd: Option<usize>,
    /// 上年同期值.
    pub last: Option<usize>,
    /// 同比增长.
    pub growth: Option<usize>,
    /// 单位.
    pub unit: Option<usize>,
}

/// The form of a returns sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// One row per enterprise; value columns.
    Wide(Vec<ValueCol>),
    /// One row per enterprise × indicator × period.
    Long(LongCols),
}

/// A recognised returns sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnHeader {
    /// The credit-code column.
    pub code: Option<usize>,
    /// The name column.
    pub name: Option<usize>,
    /// Index into the buffer of the (first) header row.
    pub header: usize,
    /// Index into the buffer of the first data row.
    pub data: usize,
    /// True for a two-row (merged) header.
    pub two_rows: bool,
    /// Value columns or the long layout's columns.
    pub form: Form,
}

/// True for a header naming the credit-code column.
fn is_code_header(key: &str) -> bool {
    matches!(
        key,
        "统一社会信用代码"
            | "社会信用代码"
            | "信用代码"
            | "统一代码"
            | "代码"
            | "企业代码"
            | "单位代码"
            | "组织机构代码"
            | "creditcode"
            | "uscc"
            | "code"
    )
}

/// True for a header naming the enterprise-name column.
fn is_name_header(key: &str) -> bool {
    matches!(
        key,
        "企业名称"
            | "单位名称"
            | "名称"
            | "企业"
            | "公司名称"
            | "企业全称"
            | "单位详细名称"
            | "详细名称"
            | "enterprise"
            | "enterprisename"
            | "name"
    )
}

/// The body of a header and what its last bracket says: "工业总产值(千元)" →
/// ("工业总产值", 千元); "同比增长(%)" → ("同比增长", %).
pub fn split_unit(text: &str) -> (String, UnitText) {
    let t = text.trim();
    let Some(open) = t.rfind(['(', '（']) else {
        return (t.to_string(), UnitText::None);
    };
    let inner = t[open..]
        .trim_start_matches(['(', '（'])
        .split([')', '）'])
        .next()
        .unwrap_or_default()
        .trim();
    let inner = inner
        .trim_start_matches("单位")
        .trim_start_matches([':', '：'])
        .trim();
    let unit = if inner == "%" || inner == "％" {
        UnitText::Percent
    } else if let Ok(u) = ReturnUnit::parse(inner) {
        UnitText::Unit(u)
    } else {
        // "工业总产值（现价）": a bracket that is part of the name.
        return (t.to_string(), UnitText::None);
    };
    let close = t[open..].find([')', '）']).map_or(t.len(), |c| {
        open + c + t[open + c..].chars().next().map_or(1, char::len_utf8)
    });
    let body = format!("{}{}", &t[..open], &t[close..]);
    (body.trim().to_string(), unit)
}

/// The unit a title states ("单位：千元", "（千元）"), if any.
pub fn title_unit(title: &str) -> Option<ReturnUnit> {
    if let Some(at) = title.find("单位") {
        let rest = title[at + "单位".len()..].trim_start_matches([':', '：', ' ']);
        let word: String = rest
            .chars()
            .take_while(|c| !matches!(c, ')' | '）' | ' ' | '，' | ',' | '；' | ';'))
            .collect();
        if let Ok(u) = ReturnUnit::parse(&word) {
            return Some(u);
        }
    }
    match split_unit(title).1 {
        UnitText::Unit(u) => Some(u),
        _ => None,
    }
}

/// The indicator a header starts with (longest name or alias first) and the rest.
pub fn indicator_prefix(body: &str) -> Option<(ReturnIndicator, String)> {
    let chars: Vec<char> = body.chars().filter(|c| !c.is_whitespace()).collect();
    (2..=chars.len().min(24)).rev().find_map(|len| {
        let prefix: String = chars[..len].iter().collect();
        // A bare English code would match the start of any English word.
        if prefix.is_ascii() && len < chars.len() {
            return None;
        }
        ReturnIndicator::from_str(&prefix)
            .ok()
            .map(|i| (i, chars[len..].iter().collect()))
    })
}

/// The kind a sub-header names, and the month it names ("1-3月累计" → ytd, 3; "4月" →
/// this month, 4). An empty text (an indicator header alone) is the year-to-date value.
pub fn kind_of(text: &str, percent: bool) -> Option<(Kind, Option<u32>)> {
    let key = header_key(text);
    let has = |w: &[&str]| w.iter().any(|x| key.contains(x));
    if percent || has(&["同比", "增长", "增速", "增幅", "growth"]) {
        return Some((Kind::Growth, None));
    }
    if has(&["上年", "去年", "上期", "lastyear", "previous"]) {
        return Some((Kind::Last, None));
    }
    let mut span = text.trim();
    for suffix in ["累计值", "累计数", "累计", "止"] {
        span = span.strip_suffix(suffix).unwrap_or(span).trim_end();
    }
    let period = if span.is_empty() {
        None
    } else {
        Period::parse_with_basis(span, Some(2000)).ok()
    };
    match period {
        Some((p, Some(Basis::Month))) if !key.contains("累计") => {
            return Some((Kind::Month, Some(p.month())));
        }
        Some((p, _)) => return Some((Kind::Ytd, Some(p.month()))),
        None => {}
    }
    if key.is_empty() || has(&["累计", "本年", "本期", "1本月", "ytd", "yeartodate"]) {
        return Some((Kind::Ytd, None));
    }
    if has(&["本月", "当月", "month"]) {
        return Some((Kind::Month, None));
    }
    None
}

/// A value column from a joined header ("工业总产值本年累计(万元)") or from an indicator
/// header over a sub-header (`sub`: "本年累计").
fn value_col(col: usize, top: &str, sub: Option<&str>) -> Option<ValueCol> {
    let (body, unit) = split_unit(top);
    let (indicator, rest) = indicator_prefix(&body)?;
    let (kind_text, sub_unit) = match sub {
        Some(s) => {
            let (b, u) = split_unit(s);
            if !rest.is_empty() {
                return None;
            }
            (b, u)
        }
        None => (rest, UnitText::None),
    };
    let unit = match (unit, sub_unit) {
        (UnitText::Percent, _) | (_, UnitText::Percent) => UnitText::Percent,
        (UnitText::Unit(u), _) | (_, UnitText::Unit(u)) => UnitText::Unit(u),
        _ => UnitText::None,
    };
    let (kind, month) = kind_of(&kind_text, unit == UnitText::Percent)?;
    Some(ValueCol {
        col,
        indicator,
        kind,
        unit: match unit {
            UnitText::Unit(u) if kind != Kind::Growth => Some(u),
            _ => None,
        },
        month,
    })
}

/// The enterprise columns of a header row.
fn enterprise_cols(row: &OwnedRow) -> (Option<usize>, Option<usize>) {
    let mut code = None;
    let mut name = None;
    for c in 0..row.width() {
        if let Cell::Text(t) = row.cell(c) {
            let key = header_key(t);
            if code.is_none() && is_code_header(&key) {
                code = Some(c);
            } else if name.is_none() && is_name_header(&key) {
                name = Some(c);
            }
        }
    }
    (code, name)
}

/// The long layout's columns, when the header has 指标 and a value column.
fn long_cols(row: &OwnedRow) -> Option<LongCols> {
    let mut cols = LongCols::default();
    let mut indicator = None;
    for c in 0..row.width() {
        let Cell::Text(t) = row.cell(c) else { continue };
        let key = header_key(t);
        let slot = match key.as_str() {
            "指标" | "指标名称" | "indicator" => &mut indicator,
            "时期" | "期间" | "月份" | "报告期" | "统计期" | "period" => {
                &mut cols.period
            }
            "本月值" | "本月" | "当月值" | "当月" | "本月数" | "month" => {
                &mut cols.month
            }
            "本期值" | "本期" | "本年累计" | "累计值" | "本期累计" | "本年累计值" | "本期数"
            | "ytd" => &mut cols.ytd,
            "上年同期值" | "上年同期" | "上年同期累计" | "去年同期" | "上年同期数" | "lastyear" => {
                &mut cols.last
            }
            "同比增长" | "增速" | "同比增速" | "同比" | "增长率" | "growth" => {
                &mut cols.growth
            }
            "单位" | "计量单位" | "unit" => &mut cols.unit,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(c);
        }
    }
    cols.indicator = indicator?;
    (cols.ytd.is_some() || cols.month.is_some()).then_some(cols)
}

/// Value columns of a header row read alone (joined headers).
fn joined_cols(row: &OwnedRow, skip: &[usize]) -> Vec<ValueCol> {
    (0..row.width())
        .filter(|c| !skip.contains(c))
        .filter_map(|c| match row.cell(c) {
            Cell::Text(t) => value_col(c, t, None),
            _ => None,
        })
        .collect()
}

/// Value columns of an indicator row over a sub-header row. A CSV has no merged cells: an
/// empty indicator cell continues the one to its left.
fn merged_cols(top: &OwnedRow, sub: &OwnedRow, skip: &[usize]) -> Vec<ValueCol> {
    let mut out = Vec::new();
    let mut carried: Option<String> = None;
    for c in 0..top.width().max(sub.width()) {
        let above = match top.cell(c) {
            Cell::Text(t) => {
                carried = Some(t.to_string());
                Some(t.to_string())
            }
            Cell::Empty => carried.clone(),
            _ => {
                carried = None;
                None
            }
        };
        if skip.contains(&c) {
            carried = None;
            continue;
        }
        let (Some(above), Cell::Text(below)) = (above, sub.cell(c)) else {
            continue;
        };
        if let Some(v) = value_col(c, &above, Some(below)) {
            out.push(v);
        }
    }
    out
}

/// Recognises a returns sheet among the buffered first rows (`titles`: buffer indices of
/// title lines). None for any other sheet.
pub fn detect(rows: &[OwnedRow], titles: &[usize]) -> Option<ReturnHeader> {
    let candidates: Vec<usize> = (0..rows.len())
        .filter(|i| !titles.contains(i) && !rows[*i].is_blank())
        .take(6)
        .collect();
    for (k, &i) in candidates.iter().enumerate() {
        let row = &rows[i];
        let (code, name) = enterprise_cols(row);
        if code.is_none() && name.is_none() {
            continue;
        }
        let skip: Vec<usize> = code.into_iter().chain(name).collect();
        if let Some(cols) = long_cols(row) {
            return Some(ReturnHeader {
                code,
                name,
                header: i,
                data: i + 1,
                two_rows: false,
                form: Form::Long(cols),
            });
        }
        let joined = joined_cols(row, &skip);
        let merged = candidates
            .get(k + 1)
            .filter(|&&j| j == i + 1)
            .map(|&j| merged_cols(row, &rows[j], &skip))
            .unwrap_or_default();
        let (two_rows, cols) = if !merged.is_empty() && merged.len() >= joined.len() {
            (true, merged)
        } else {
            (false, joined)
        };
        if cols.is_empty() {
            continue;
        }
        return Some(ReturnHeader {
            code,
            name,
            header: i,
            data: i + 1 + usize::from(two_rows),
            two_rows,
            form: Form::Wide(cols),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: u64, cells: &[&str]) -> OwnedRow {
        OwnedRow::from_texts(n, cells)
    }

    #[test]
    fn joined_headers_name_indicator_kind_and_unit() {
        let v = value_col(3, "工业总产值本年累计(万元)", None).expect("col");
        assert_eq!(
            (v.indicator, v.kind, v.unit),
            (
                ReturnIndicator::Output,
                Kind::Ytd,
                Some(ReturnUnit::TenThousandYuan)
            )
        );
        let v = value_col(4, "营业收入上年同期累计(千元)", None).expect("col");
        assert_eq!(
            (v.indicator, v.kind, v.unit),
            (
                ReturnIndicator::Revenue,
                Kind::Last,
                Some(ReturnUnit::ThousandYuan)
            )
        );
        let v = value_col(5, "工业销售产值1-3月累计", None).expect("col");
        assert_eq!(
            (v.indicator, v.kind, v.month),
            (ReturnIndicator::Sales, Kind::Ytd, Some(3))
        );
        let v = value_col(6, "用电量同比增长(%)", None).expect("col");
        assert_eq!(
            (v.indicator, v.kind),
            (ReturnIndicator::Power, Kind::Growth)
        );
        assert!(value_col(7, "行业", None).is_none());
        assert!(value_col(7, "规上", None).is_none());
    }

    #[test]
    fn sub_headers_under_an_indicator() {
        for (sub, kind, month) in [
            ("本月", Kind::Month, None),
            ("当月", Kind::Month, None),
            ("本年累计", Kind::Ytd, None),
            ("1-4月累计", Kind::Ytd, Some(4)),
            ("1—4月", Kind::Ytd, Some(4)),
            ("上年同期", Kind::Last, None),
            ("上年同期累计", Kind::Last, None),
            ("去年同期", Kind::Last, None),
            ("同比增长(%)", Kind::Growth, None),
            ("增速", Kind::Growth, None),
        ] {
            let v = value_col(1, "工业总产值(千元)", Some(sub)).expect(sub);
            assert_eq!((v.kind, v.month), (kind, month), "{sub}");
            assert_eq!(v.indicator, ReturnIndicator::Output);
        }
        let v = value_col(1, "用电量(万千瓦时)", Some("本月")).expect("power");
        assert_eq!(v.unit, Some(ReturnUnit::TenThousandKwh));
        let v = value_col(1, "工业总产值（现价）", Some("本年累计(千元)")).expect("bracket name");
        assert_eq!(v.unit, Some(ReturnUnit::ThousandYuan));
    }

    #[test]
    fn detects_the_three_forms_and_not_the_lists() {
        let merged = [
            row(
                1,
                &[
                    "统一社会信用代码",
                    "企业名称",
                    "工业总产值(千元)",
                    "工业总产值(千元)",
                ],
            ),
            row(2, &["统一社会信用代码", "企业名称", "本月", "1-4月累计"]),
        ];
        let h = detect(&merged, &[]).expect("merged");
        assert!(h.two_rows);
        assert_eq!(h.data, 2);
        let joined = [row(
            1,
            &["信用代码", "单位名称", "工业总产值本年累计(万元)"],
        )];
        assert!(!detect(&joined, &[]).expect("joined").two_rows);
        let long = [row(
            1,
            &[
                "代码",
                "名称",
                "指标",
                "时期",
                "本期值",
                "上年同期值",
                "本月值",
            ],
        )];
        assert!(matches!(
            detect(&long, &[]).expect("long").form,
            Form::Long(_)
        ));
        let list = [row(
            1,
            &["企业名称", "统一社会信用代码", "行业", "地区", "规上"],
        )];
        assert_eq!(detect(&list, &[]), None);
        let bulletin = [row(1, &["地区", "1-2月", "1-4月"])];
        assert_eq!(detect(&bulletin, &[]), None);
    }

    #[test]
    fn a_csv_two_row_header_carries_the_indicator_right() {
        // No merged cells in a CSV: the indicator heads the first of its columns only.
        let rows = [
            row(
                1,
                &[
                    "代码",
                    "名称",
                    "工业总产值(千元)",
                    "",
                    "",
                    "用电量(万千瓦时)",
                    "",
                ],
            ),
            row(
                2,
                &[
                    "",
                    "",
                    "本月",
                    "1-4月累计",
                    "同比增长(%)",
                    "本年累计",
                    "去年同期",
                ],
            ),
            row(3, &["x", "y", "1", "2", "3", "4", "5"]),
        ];
        let h = detect(&rows, &[]).expect("two rows");
        assert!(h.two_rows);
        let Form::Wide(cols) = h.form else {
            panic!("wide")
        };
        let got: Vec<(usize, ReturnIndicator, Kind)> =
            cols.iter().map(|c| (c.col, c.indicator, c.kind)).collect();
        assert_eq!(
            got,
            [
                (2, ReturnIndicator::Output, Kind::Month),
                (3, ReturnIndicator::Output, Kind::Ytd),
                (4, ReturnIndicator::Output, Kind::Growth),
                (5, ReturnIndicator::Power, Kind::Ytd),
                (6, ReturnIndicator::Power, Kind::Last),
            ]
        );
    }

    #[test]
    fn units_in_titles() {
        assert_eq!(
            title_unit("企业月报（单位：千元）"),
            Some(ReturnUnit::ThousandYuan)
        );
        assert_eq!(title_unit("鸡西市规上工业企业月报 2023年1-4月"), None);
    }
}
