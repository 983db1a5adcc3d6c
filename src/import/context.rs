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

/// Characters before a span in words that make it part of another word: 下半年 is no
/// 上半年, 第二季度 no 一季度.
const NOT_BEFORE_SPAN: &str = "上下前后第一二三四";

/// The last month of the span a text names in words (all year to date). Right after the
/// year ("2023年一季度", "2023年第1季度", "2023年全年", "2023年度") it is the period of the
/// text, whole years included; elsewhere only a quarter or half is ("各市一季度", "H1"),
/// since "全年"/"年度" there rarely names the figures' period ("…及全年目标").
fn span_in(chars: &[char], after_year: Option<usize>) -> Option<u32> {
    let longest_at = |i: usize| {
        (2..=6)
            .rev()
            .filter(|len| i + len <= chars.len())
            .find_map(|len| {
                let token: String = chars[i..i + len].iter().collect();
                Period::span_month(&token).map(|m| (m, len))
            })
    };
    if let Some(at) = after_year {
        if chars.get(at) == Some(&'度') {
            return Some(12);
        }
        if let Some((month, _)) = longest_at(at) {
            return Some(month);
        }
    }
    let alnum = |c: Option<&char>| c.is_some_and(char::is_ascii_alphanumeric);
    (0..chars.len()).find_map(|i| {
        let before = i.checked_sub(1).and_then(|b| chars.get(b)).copied();
        // "2023H1" is a span, "SQ1" and "21季度" are not.
        let glued = match before {
            Some(c) if c.is_ascii_alphabetic() => true,
            Some(c) if c.is_ascii_digit() => chars[i].is_ascii_digit(),
            Some(c) => NOT_BEFORE_SPAN.contains(c),
            None => false,
        };
        if glued {
            return None;
        }
        let (month, len) = longest_at(i)?;
        let ends_alnum = alnum(chars.get(i + len - 1));
        (month < 12 && !(ends_alnum && alnum(chars.get(i + len)))).then_some(month)
    })
}

/// Reads a title line: its year, period and basis, indicator, unit and region.
pub fn read(text: &str, names: &Names) -> Context {
    read_text(text, names, true)
}

/// Reads a file name as [`read`] reads a title, except that a span in words
/// ("2023年度工业数据", "一季度") gives the month but never the basis: a file name says
/// less about each sheet than a title over it.
pub fn read_file_name(stem: &str, names: &Names) -> Context {
    read_text(stem, names, false)
}

fn read_text(text: &str, names: &Names, title: bool) -> Context {
    let chars = normalise(text);
    let mut ctx = Context::default();
    // Where the text right after "2023年" starts (the title's own period).
    let mut after_year = None;
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
                after_year = Some(i + 5);
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
    // A Chinese period: "[2023年]1-4月[份][累计]" — the first 月 after a digit, so the 月
    // of a word before it ("企业月报2023年1-4月") is passed over.
    if ctx.month.is_none()
        && let Some(at) = (1..chars.len())
            .find(|&k| chars[k] == '月' && chars[k - 1].is_ascii_digit())
            .or_else(|| chars.iter().position(|&c| c == '月'))
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
    let said_ytd = joined.contains("累计") || joined.to_lowercase().contains("year to date");
    let said_month = !said_ytd && (joined.contains("当月") || joined.contains("本月"));
    // A span in words: "2023年上半年", "前三季度", "2023年全年" (all year to date); on
    // the month basis ("一季度当月") it names no period.
    if ctx.month.is_none()
        && !said_month
        && let Some(month) = span_in(&chars, after_year)
    {
        ctx.month = Some(month);
        if title {
            ctx.basis = Some(Basis::Ytd);
        }
    }
    if said_ytd {
        ctx.basis = Some(Basis::Ytd);
    } else if said_month {
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

    #[test]
    fn a_whole_year_only_right_after_the_year() {
        let names = Names::new(builtin());
        let month_basis = |c: Context| (c.month, c.basis);
        for title in [
            "2023年度各市规上工业增加值增速",
            "2023年全年各市工业增加值增速",
        ] {
            assert_eq!(
                month_basis(read(title, &names)),
                (Some(12), Some(Basis::Ytd)),
                "{title}"
            );
        }
        // 全年/年度 elsewhere names no period of the figures.
        for title in [
            "2023年各市规上工业增加值增速及全年目标",
            "各市年度工业数据",
            "2023年各市工业增加值（年度报表）",
        ] {
            assert_eq!(month_basis(read(title, &names)), (None, None), "{title}");
        }
        // A file name's span gives the month, never the basis.
        let c = read_file_name("2023年度工业数据", &names);
        assert_eq!((c.year, c.month, c.basis), (Some(2023), Some(12), None));
        let c = read_file_name("2023年一季度各市增速", &names);
        assert_eq!((c.month, c.basis), (Some(3), None));
        let c = read_file_name("2023年1-4月累计增速", &names);
        assert_eq!((c.month, c.basis), (Some(4), Some(Basis::Ytd)));
    }

    #[test]
    fn titles_name_quarters_as_headers_do() {
        let names = Names::new(builtin());
        for (title, month) in [
            ("2023年第1季度各市规上工业增加值增速", 3),
            ("2023年第一季度各市规上工业增加值增速", 3),
            ("2023年1-3季度各市规上工业增加值增速", 9),
            ("2023年一至三季度各市规上工业增加值增速", 9),
            ("2023年Q1各市规上工业增加值增速", 3),
            ("H1 2023 value added growth (%)", 6),
            ("2023H1 value added growth", 6),
            ("各市一季度规上工业增加值增速", 3),
        ] {
            let c = read(title, &names);
            assert_eq!(
                (c.month, c.basis),
                (Some(month), Some(Basis::Ytd)),
                "{title}"
            );
        }
        // A span is year to date: on the month basis it names no period.
        for title in ["2023年一季度当月各市增速", "2023年上半年本月各市增速"] {
            let c = read(title, &names);
            assert_eq!((c.month, c.basis), (None, Some(Basis::Month)), "{title}");
        }
        for title in [
            "2023年下半年各市工业增加值增速",
            "2023年第二季度各市工业增加值增速",
            "SQ1 report 2023",
        ] {
            assert_eq!(read(title, &names).month, None, "{title}");
        }
    }
}
