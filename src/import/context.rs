//! What a title line or a file name says about the figures under it: the year, the period
//! and its basis, the indicator, the unit, and the region it is about.
//!
//! "2023年1-4月全省各市（地）规模以上工业增加值增速（%）" gives year 2023, period 1–4月
//! (ytd), indicator va_growth, unit %. Each sheet's context is its title lines first, then
//! the file name, then the user's options: what the file itself says wins.

use super::names::Names;
use super::values::Unit;
use crate::model::{Basis, Period, PeriodError};

/// Facts about the figures of a sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// The year.
    pub year: Option<i32>,
    /// The last month of a single period the sheet is about (2 for 1–2月).
    pub month: Option<u32>,
    /// The basis.
    pub basis: Option<Basis>,
    /// Indicator index.
    pub indicator: Option<u32>,
    /// The unit values are in.
    pub unit: Option<Unit>,
    /// A region it is about (for the home region of a new dataset).
    pub region: Option<u32>,
}

impl Context {
    /// Fills what `self` lacks from `other`.
    pub fn or(mut self, other: &Context) -> Context {
        self.year = self.year.or(other.year);
        self.month = self.month.or(other.month);
        self.basis = self.basis.or(other.basis);
        self.indicator = self.indicator.or(other.indicator);
        self.unit = self.unit.or(other.unit);
        self.region = self.region.or(other.region);
        self
    }

    /// The single period the sheet is about, when both its year and month are known (an
    /// error for January, which has no period of its own).
    pub fn period(&self) -> Option<Result<Period, PeriodError>> {
        Some(Period::new(self.year?, self.month?))
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const MONTHS_LONG: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_month_word(s: &str) -> bool {
    let s = s.to_lowercase();
    MONTHS.contains(&s.as_str()) || MONTHS_LONG.contains(&s.as_str())
}

/// Folds full-width digits and the many dashes to ASCII.
fn normalise(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '—' | '–' | '－' | '−' | '~' | '～' | '至' | '‐' | '‑' | '―' => '-',
            _ => c,
        })
        .collect()
}

fn digits_at(chars: &[char], start: usize) -> usize {
    chars[start..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

fn number(chars: &[char]) -> Option<i32> {
    chars.iter().collect::<String>().parse().ok()
}

/// Spans a title names in words and their last month (checked in this order: 前三季度
/// before 三季度 would matter, and a lone later quarter is no period).
const SPANS: [(&str, u32); 5] = [
    ("前三季度", 9),
    ("一季度", 3),
    ("上半年", 6),
    ("全年", 12),
    ("年度", 12),
];

/// Reads a title line or a file name.
pub fn read(text: &str, names: &Names) -> Context {
    let chars = normalise(text);
    let mut ctx = Context::default();
    // Years: "2023年" first, then "2023-04", then a lone 4-digit year.
    let mut i = 0;
    while i < chars.len() {
        let n = digits_at(&chars, i);
        if n == 0 {
            i += 1;
            continue;
        }
        if n == 4
            && let Some(y) = number(&chars[i..i + 4]).filter(|y| (1949..=2100).contains(y))
        {
            let next = chars.get(i + 4).copied();
            if next == Some('年') {
                ctx.year = Some(y);
                break;
            }
            if matches!(next, Some('-' | '.' | '/')) {
                let m = digits_at(&chars, i + 5);
                if (1..=2).contains(&m)
                    && let Some(month) = number(&chars[i + 5..i + 5 + m])
                {
                    if (1..=12).contains(&month) {
                        ctx.month = Some(month as u32);
                    }
                    ctx.year = Some(y);
                    break;
                }
            }
            if ctx.year.is_none() {
                ctx.year = Some(y);
            }
        }
        i += n;
    }
    // A Chinese period: "[2023年]1-4月[份][累计]".
    if ctx.month.is_none()
        && let Some(at) = chars.iter().position(|&c| c == '月')
    {
        let mut start = at;
        while start > 0 && (chars[start - 1].is_ascii_digit() || chars[start - 1] == '-') {
            start -= 1;
        }
        if start < at {
            let snippet: String = chars[start..=at].iter().collect();
            // The year only matters for the parse; the month and basis are what we keep.
            match Period::parse_with_basis(&snippet, Some(2000)) {
                Ok((p, basis)) => {
                    ctx.month = Some(p.month());
                    ctx.basis = basis;
                }
                Err(PeriodError::January(_)) => ctx.month = Some(1),
                Err(_) => {}
            }
        }
    }
    // An English period: "Jan-Apr 2023", "April 2023".
    if ctx.month.is_none() {
        let lowered: String = chars.iter().collect();
        for token in
            lowered.split(|c: char| c.is_whitespace() || matches!(c, ',' | '_' | '(' | ')'))
        {
            let parts: Vec<&str> = token.split('-').collect();
            if parts.is_empty() || parts.len() > 2 || !parts.iter().all(|p| is_month_word(p)) {
                continue;
            }
            if let Ok((p, basis)) = Period::parse_with_basis(token, Some(2000)) {
                ctx.month = Some(p.month());
                ctx.basis = basis;
                break;
            }
        }
    }
    let joined: String = chars.iter().collect();
    // A span in words: "2023年上半年", "前三季度", "全年" (all year to date).
    if ctx.month.is_none()
        && let Some(&(_, month)) = SPANS.iter().find(|(word, _)| joined.contains(word))
    {
        ctx.month = Some(month);
        ctx.basis = Some(Basis::Ytd);
    }
    if joined.contains("累计") || joined.to_lowercase().contains("year to date") {
        ctx.basis = Some(Basis::Ytd);
    } else if joined.contains("当月") || joined.contains("本月") {
        ctx.basis = Some(Basis::Month);
    }
    ctx.unit = unit_in(text);
    ctx.indicator = names.indicator_in(text, ctx.unit == Some(Unit::Percent));
    ctx.region = names.region_in(text);
    ctx
}

/// The unit a text names in brackets or after "单位：".
pub fn unit_in(text: &str) -> Option<Unit> {
    let mut rest = text;
    while let Some(at) = rest.find(['(', '（']) {
        let inner = &rest[at..];
        let open = inner.chars().next().map_or(1, char::len_utf8);
        let body = &inner[open..];
        let end = body.find([')', '）']).unwrap_or(body.len());
        if let Some(u) = Unit::parse(&body[..end]) {
            return Some(u);
        }
        rest = &body[end..];
    }
    if let Some(at) = text.find("单位") {
        let after = text[at + "单位".len()..].trim_start_matches([':', '：', ' ']);
        let word: String = after
            .chars()
            .take_while(|c| {
                !c.is_whitespace() && !matches!(c, ',' | '，' | ')' | '）' | '；' | ';')
            })
            .collect();
        return Unit::parse(&word);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalogue::{VA_GROWTH, builtin};

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    #[test]
    fn reads_a_bulletin_title() {
        let names = Names::new(builtin());
        let c = read(
            "2023年1-4月全省各市（地）规模以上工业增加值增速（%）",
            &names,
        );
        assert_eq!(c.year, Some(2023));
        assert_eq!(c.period().and_then(Result::ok), Some(p(2023, 4)));
        assert_eq!(c.basis, Some(Basis::Ytd));
        assert_eq!(c.unit, Some(Unit::Percent));
        let ind = c
            .indicator
            .map(|i| builtin().indicators[i as usize].code.as_str());
        assert_eq!(ind, Some(VA_GROWTH));
        let c = read("2023年4月份各市规上工业增加值增速（当月）", &names);
        assert_eq!(
            (c.period().and_then(Result::ok), c.basis),
            (Some(p(2023, 4)), Some(Basis::Month))
        );
        let c = read("２０２３年１—３月", &names);
        assert_eq!(c.period().and_then(Result::ok), Some(p(2023, 3)));
    }

    #[test]
    fn reads_file_names() {
        let names = Names::new(builtin());
        let c = read("bulletin_2023-04", &names);
        assert_eq!(
            (c.year, c.period().and_then(Result::ok), c.basis),
            (Some(2023), Some(p(2023, 4)), None)
        );
        let c = read("2022年各市增速", &names);
        assert_eq!(
            (c.year, c.period().and_then(Result::ok)),
            (Some(2022), None)
        );
        let c = read("Jan-Apr 2023 value added growth (%)", &names);
        assert_eq!(
            (c.year, c.period().and_then(Result::ok), c.basis),
            (Some(2023), Some(p(2023, 4)), Some(Basis::Ytd))
        );
        let c = read("各市1-4月", &names);
        assert_eq!(
            (c.year, c.month, c.basis),
            (None, Some(4), Some(Basis::Ytd))
        );
        assert_eq!(unit_in("单位：亿元"), Some(Unit::HundredMillionYuan));
        for (title, month) in [
            ("2023年一季度各市州规模工业增加值增速", 3),
            ("2023年上半年全区各市规上工业增加值", 6),
            ("2023年前三季度各市规模以上工业增加值增速", 9),
            ("2023年全年各市规模以上工业增加值增速", 12),
        ] {
            let c = read(title, &names);
            assert_eq!(
                (c.period().and_then(Result::ok), c.basis),
                (Some(p(2023, month)), Some(Basis::Ytd)),
                "{title}"
            );
        }
        assert_eq!(read("market report", &names).month, None);
    }
}
