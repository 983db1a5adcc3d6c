//! Reporting periods under the Chinese statistical convention.
//!
//! January and February are published together as one period, 1–2月: period month 2 stands
//! for 1–2月 on both bases, and no January period exists. A [`Period`] therefore holds a
//! month in 2..=12 and cannot be built for January: a January figure is rejected where it
//! enters (import, store) rather than carried around.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Lang;

/// The basis of a rate or level: the single month (当月) or January to that month (累计).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The month alone (当月); for period 2 it is January and February together.
    Month,
    /// Year to date (累计): January up to and including the period's month.
    Ytd,
}

impl Basis {
    /// The code used in files, the command line and the database.
    pub fn code(self) -> &'static str {
        match self {
            Basis::Month => "month",
            Basis::Ytd => "ytd",
        }
    }

    /// The label in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Basis::Month, Lang::Zh) => "当月",
            (Basis::Ytd, Lang::Zh) => "累计",
            (Basis::Month, Lang::En) => "month",
            (Basis::Ytd, Lang::En) => "year to date",
        }
    }
}

impl FromStr for Basis {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "month" | "m" | "当月" | "本月" => Ok(Basis::Month),
            "ytd" | "cumulative" | "累计" | "累计值" => Ok(Basis::Ytd),
            _ => Err(PeriodError::UnknownBasis(s.to_string())),
        }
    }
}

/// Why a period could not be built or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// January is published together with February as 1–2月.
    #[error(
        "{0}年1月 has no figure of its own: January and February are published together as 1—2月 (use month 2)"
    )]
    January(i32),
    /// A month outside 1..=12.
    #[error("month {month} of {year} does not exist (months run 2 = 1—2月 to 12)")]
    MonthOutOfRange {
        /// The year given.
        year: i32,
        /// The month given.
        month: u32,
    },
    /// A year outside the range the app handles.
    #[error("year {0} is outside 1949–2100")]
    YearOutOfRange(i32),
    /// Text that is not a period.
    #[error("“{0}” is not a period (expected e.g. 2023-04, 2023年1—4月, 1-2月)")]
    Unparsable(String),
    /// Text that is not a basis.
    #[error("“{0}” is not a basis (expected ytd/累计 or month/当月)")]
    UnknownBasis(String),
}

/// A reporting period: a year and a month in 2..=12, where 2 means 1–2月.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    year: i32,
    month: u8,
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Period {
    /// The period ending in `month` of `year`; January is refused (it belongs to 1–2月).
    pub fn new(year: i32, month: u32) -> Result<Period, PeriodError> {
        if !(1949..=2100).contains(&year) {
            return Err(PeriodError::YearOutOfRange(year));
        }
        match month {
            1 => Err(PeriodError::January(year)),
            2..=12 => Ok(Period {
                year,
                month: month as u8,
            }),
            _ => Err(PeriodError::MonthOutOfRange { year, month }),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The last month the period covers (2 for 1–2月).
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// True for the combined January–February period.
    pub fn is_jan_feb(self) -> bool {
        self.month == 2
    }

    /// Position of the period within its year: 0 for 1–2月, 1 for 3月 … 10 for 12月.
    pub fn index_in_year(self) -> u32 {
        u32::from(self.month) - 2
    }

    /// A running index across years (11 periods a year), for plot axes.
    pub fn ordinal(self) -> i64 {
        i64::from(self.year) * 11 + i64::from(self.index_in_year())
    }

    /// The inverse of [`Period::ordinal`].
    pub fn from_ordinal(ordinal: i64) -> Option<Period> {
        let year = i32::try_from(ordinal.div_euclid(11)).ok()?;
        let idx = ordinal.rem_euclid(11) as u32;
        Period::new(year, idx + 2).ok()
    }

    /// The previous period of the same year (None for 1–2月).
    pub fn prev_in_year(self) -> Option<Period> {
        (self.month > 2).then(|| Period {
            year: self.year,
            month: self.month - 1,
        })
    }

    /// The next period of the same year (None for 12月).
    pub fn next_in_year(self) -> Option<Period> {
        (self.month < 12).then(|| Period {
            year: self.year,
            month: self.month + 1,
        })
    }

    /// The previous period in time (12月 of last year before 1–2月).
    pub fn prev(self) -> Option<Period> {
        self.prev_in_year()
            .or_else(|| Period::new(self.year - 1, 12).ok())
    }

    /// The same period one year earlier.
    pub fn year_before(self) -> Option<Period> {
        Period::new(self.year - 1, self.month()).ok()
    }

    /// The periods of a year, 1–2月 to 12月.
    pub fn all_in_year(year: i32) -> impl Iterator<Item = Period> {
        (2..=12u8).map(move |month| Period { year, month })
    }

    /// The command-line form, `2023-04` (`2023-02` is 1–2月).
    pub fn code(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    /// The label without year: 1—4月 / Jan–Apr on the ytd basis, 4月 / Apr on the month basis.
    pub fn label(self, basis: Basis, lang: Lang) -> String {
        let m = usize::from(self.month);
        match (lang, basis, self.is_jan_feb()) {
            (Lang::Zh, _, true) => "1—2月".to_string(),
            (Lang::Zh, Basis::Ytd, false) => format!("1—{m}月"),
            (Lang::Zh, Basis::Month, false) => format!("{m}月"),
            (Lang::En, _, true) => "Jan–Feb".to_string(),
            (Lang::En, Basis::Ytd, false) => format!("Jan–{}", MONTHS_EN[m - 1]),
            (Lang::En, Basis::Month, false) => MONTHS_EN[m - 1].to_string(),
        }
    }

    /// The label with year: 2023年1—4月 / Jan–Apr 2023.
    pub fn label_with_year(self, basis: Basis, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}年{}", self.year, self.label(basis, lang)),
            Lang::En => format!("{} {}", self.label(basis, lang), self.year),
        }
    }

    /// A short axis label: 1—2月, 3月 … (the month alone, as bulletins print columns).
    pub fn axis_label(self, lang: Lang) -> String {
        self.label(Basis::Month, lang)
    }

    /// The last month of a span named in words alone — 一季度/第1季度/Q1 (3), 上半年/H1 (6),
    /// 前三季度/1-3季度 (9), 全年 (12) — all year to date; None for anything else,
    /// "年度" included (a column name, not a period).
    pub fn span_month(text: &str) -> Option<u32> {
        parse::span_month_of(text)
    }

    /// Parses a period with a known year from text such as "1-4月", "1—4月累计", "4月",
    /// "Jan-Apr", "Apr", "2023-04", "2023年1-4月", "2023.4"; the year in the text wins over
    /// `default_year`. Returns the period and the basis the text implies, if any.
    pub fn parse_with_basis(
        text: &str,
        default_year: Option<i32>,
    ) -> Result<(Period, Option<Basis>), PeriodError> {
        parse::parse(text, default_year)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    /// Parses any form [`Period::parse_with_basis`] accepts, provided it names the year.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse_with_basis(s, None).map(|(p, _)| p)
    }
}

impl TryFrom<String> for Period {
    type Error = PeriodError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.code()
    }
}

mod parse {
    //! Period text as it appears in bulletins and spreadsheets.

    use super::{Basis, MONTHS_EN, Period, PeriodError};

    /// Folds the many dashes and full-width digits of Chinese spreadsheets to ASCII.
    fn normalise(text: &str) -> String {
        text.trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '—' | '–' | '－' | '−' | '~' | '～' | '至' | '‐' | '‑' | '―' => '-',
                '／' => '/',
                '．' => '.',
                _ => c,
            })
            .collect::<String>()
            .to_lowercase()
    }

    fn month_en(s: &str) -> Option<u32> {
        let s3: String = s.chars().take(3).collect();
        MONTHS_EN
            .iter()
            .position(|m| m.to_lowercase() == s3)
            .map(|i| i as u32 + 1)
    }

    fn num(s: &str) -> Option<u32> {
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    }

    /// The last month of a span named in words, all year to date: 一季度 (1—3月), 上半年
    /// (1—6月), 前三季度 (1—9月), 全年 (1—12月), and a year named alone ("2023年",
    /// "2023年度") for the whole year. A single later quarter (二季度) is no period, and
    /// neither is "年度" without a year: it names a column (年度, like 年份), not a period.
    /// `body` is normalised: "至" is already '-' and letters are lower case.
    fn span_month(body: &str, year_named: bool) -> Option<u32> {
        match body.trim_start_matches('第') {
            "" | "度" if year_named => Some(12),
            "一季度" | "1季度" | "一季" | "q1" => Some(3),
            "上半年" | "半年" | "1-2季度" | "一二季度" | "一-二季度" | "前两季度" | "h1" => {
                Some(6)
            }
            "前三季度" | "前3季度" | "1-3季度" | "一-三季度" | "q1-q3" => Some(9),
            "全年" | "1-4季度" | "一-四季度" => Some(12),
            _ => None,
        }
    }

    /// [`span_month`] of raw text (normalised here), for titles.
    pub(super) fn span_month_of(text: &str) -> Option<u32> {
        span_month(&normalise(text), false)
    }

    pub(super) fn parse(
        text: &str,
        default_year: Option<i32>,
    ) -> Result<(Period, Option<Basis>), PeriodError> {
        let bad = || PeriodError::Unparsable(text.trim().to_string());
        let mut s = normalise(text);
        let mut basis = None;
        for (suffix, b) in [
            ("累计", Basis::Ytd),
            ("累计值", Basis::Ytd),
            ("ytd", Basis::Ytd),
            ("当月", Basis::Month),
            ("本月", Basis::Month),
        ] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim_end_matches(['(', ')', '（', '）']).to_string();
                basis = Some(b);
            }
        }
        let mut year = None;
        // Set when the text itself names the year with 年, so "2023年" alone is that year.
        let mut year_named = false;
        // A leading four-digit year: "2023年…", "2023-04", "2023.4", "2023/04".
        if s.len() >= 4 && s.is_char_boundary(4) && num(&s[..4]).is_some() {
            let y: i32 = s[..4].parse().map_err(|_| bad())?;
            let rest = &s[4..];
            if let Some(r) = rest.strip_prefix('年') {
                year = Some(y);
                year_named = true;
                s = r.to_string();
            } else if let Some(r) = rest
                .strip_prefix('-')
                .or_else(|| rest.strip_prefix('.'))
                .or_else(|| rest.strip_prefix('/'))
            {
                let m = num(r.trim_end_matches('月')).ok_or_else(bad)?;
                return Ok((Period::new(y, m)?, basis));
            } else {
                return Err(bad());
            }
        }
        // A trailing year in English: "jan-apr2023" (spaces were removed).
        if year.is_none() && s.len() > 4 {
            let cut = s.len() - 4;
            if s.is_char_boundary(cut) && num(&s[cut..]).is_some() {
                year = s[cut..].parse().ok();
                s = s[..cut].trim_end_matches([',', '-']).to_string();
            }
        }
        let year = year.or(default_year).ok_or_else(bad)?;
        let body = s.trim_end_matches('份');
        if let Some(month) = span_month(body, year_named) {
            // A span is year to date: "一季度当月" names no figure.
            if basis == Some(Basis::Month) {
                return Err(bad());
            }
            return Ok((Period::new(year, month)?, Some(Basis::Ytd)));
        }
        if let Some(body) = body.strip_suffix('月') {
            // "1-4", "4", "1-2"
            if let Some((a, b)) = body.split_once('-') {
                let (a, b) = (num(a).ok_or_else(bad)?, num(b).ok_or_else(bad)?);
                if a != 1 || b < 2 {
                    return Err(bad());
                }
                let p = Period::new(year, b)?;
                // "1-2月" is the same period on both bases; leave the basis open.
                let implied = if b == 2 {
                    basis
                } else {
                    basis.or(Some(Basis::Ytd))
                };
                return Ok((p, implied));
            }
            let m = num(body).ok_or_else(bad)?;
            if m == 1 {
                return Err(PeriodError::January(year));
            }
            return Ok((Period::new(year, m)?, basis.or(Some(Basis::Month))));
        }
        if let Some((a, b)) = body.split_once('-') {
            let (a, b) = (month_en(a).ok_or_else(bad)?, month_en(b).ok_or_else(bad)?);
            if a != 1 || b < 2 {
                return Err(bad());
            }
            let implied = if b == 2 {
                basis
            } else {
                basis.or(Some(Basis::Ytd))
            };
            return Ok((Period::new(year, b)?, implied));
        }
        if let Some(m) = month_en(body).filter(|_| body.len() >= 3) {
            return Ok((Period::new(year, m)?, basis.or(Some(Basis::Month))));
        }
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("valid period")
    }

    #[test]
    fn january_cannot_be_represented() {
        assert_eq!(Period::new(2023, 1), Err(PeriodError::January(2023)));
        assert!(Period::new(2023, 13).is_err());
        assert!(Period::new(2023, 0).is_err());
        assert!("2023-01".parse::<Period>().is_err());
        assert!(Period::parse_with_basis("1月", Some(2023)).is_err());
    }

    #[test]
    fn labels_follow_the_jan_feb_convention() {
        assert_eq!(p(2023, 4).label(Basis::Ytd, Lang::Zh), "1—4月");
        assert_eq!(p(2023, 4).label(Basis::Ytd, Lang::En), "Jan–Apr");
        assert_eq!(p(2023, 4).label(Basis::Month, Lang::Zh), "4月");
        assert_eq!(p(2023, 4).label(Basis::Month, Lang::En), "Apr");
        for basis in [Basis::Ytd, Basis::Month] {
            assert_eq!(p(2023, 2).label(basis, Lang::Zh), "1—2月");
            assert_eq!(p(2023, 2).label(basis, Lang::En), "Jan–Feb");
        }
        assert_eq!(
            p(2023, 4).label_with_year(Basis::Ytd, Lang::Zh),
            "2023年1—4月"
        );
        assert_eq!(
            p(2023, 12).label_with_year(Basis::Ytd, Lang::En),
            "Jan–Dec 2023"
        );
    }

    #[test]
    fn navigation_within_and_across_years() {
        assert_eq!(p(2023, 2).prev_in_year(), None);
        assert_eq!(p(2023, 3).prev_in_year(), Some(p(2023, 2)));
        assert_eq!(p(2023, 2).prev(), Some(p(2022, 12)));
        assert_eq!(p(2023, 12).next_in_year(), None);
        assert_eq!(p(2023, 4).year_before(), Some(p(2022, 4)));
        assert_eq!(Period::all_in_year(2023).count(), 11);
        for per in Period::all_in_year(2023) {
            assert_eq!(Period::from_ordinal(per.ordinal()), Some(per));
        }
        assert_eq!(p(2023, 2).ordinal(), p(2022, 12).ordinal() + 1);
    }

    #[test]
    fn parses_bulletin_headers() {
        let cases: &[(&str, Period, Option<Basis>)] = &[
            ("2023-04", p(2023, 4), None),
            ("2023-02", p(2023, 2), None),
            ("2023.4", p(2023, 4), None),
            ("2023年1-4月", p(2023, 4), Some(Basis::Ytd)),
            ("2023年1—4月", p(2023, 4), Some(Basis::Ytd)),
            ("2023年4月", p(2023, 4), Some(Basis::Month)),
            ("2023年1-2月", p(2023, 2), None),
            ("1-2月", p(2023, 2), None),
            ("1—3月", p(2023, 3), Some(Basis::Ytd)),
            ("1-4月累计", p(2023, 4), Some(Basis::Ytd)),
            ("4月", p(2023, 4), Some(Basis::Month)),
            ("４月", p(2023, 4), Some(Basis::Month)),
            ("Jan-Apr", p(2023, 4), Some(Basis::Ytd)),
            ("Jan–Apr 2022", p(2022, 4), Some(Basis::Ytd)),
            ("Apr", p(2023, 4), Some(Basis::Month)),
            ("April", p(2023, 4), Some(Basis::Month)),
            ("1-2月当月", p(2023, 2), Some(Basis::Month)),
            ("一季度", p(2023, 3), Some(Basis::Ytd)),
            ("2022年一季度", p(2022, 3), Some(Basis::Ytd)),
            ("上半年", p(2023, 6), Some(Basis::Ytd)),
            ("前三季度", p(2023, 9), Some(Basis::Ytd)),
            ("全年", p(2023, 12), Some(Basis::Ytd)),
            ("2022年", p(2022, 12), Some(Basis::Ytd)),
            ("2022年度", p(2022, 12), Some(Basis::Ytd)),
            ("一至三季度", p(2023, 9), Some(Basis::Ytd)),
            ("一至二季度", p(2023, 6), Some(Basis::Ytd)),
            ("第1季度", p(2023, 3), Some(Basis::Ytd)),
            ("Q1", p(2023, 3), Some(Basis::Ytd)),
            ("H1", p(2023, 6), Some(Basis::Ytd)),
            ("一季度累计", p(2023, 3), Some(Basis::Ytd)),
        ];
        for (text, want, basis) in cases {
            let got = Period::parse_with_basis(text, Some(2023));
            assert_eq!(got, Ok((*want, *basis)), "parsing {text:?}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_period() {
        for text in [
            "",
            "abc",
            "2-4月",
            "1-1月",
            "2023",
            "13月",
            "2023-13",
            "Feb-Apr",
            "二季度",
            "三季度",
            "下半年",
            "年",
            // A column name, not a period: only a year makes 年度 one (2022年度).
            "年度",
            // A span is year to date: on the month basis it names nothing.
            "一季度当月",
            "上半年当月",
            "前三季度本月",
            "2023年当月",
        ] {
            assert!(
                Period::parse_with_basis(text, Some(2023)).is_err(),
                "{text:?} should not parse"
            );
        }
        assert!(Period::parse_with_basis("1-4月", None).is_err());
    }

    #[test]
    fn spans_in_words_alone() {
        for (text, month) in [
            ("一季度", 3),
            ("第一季度", 3),
            ("第1季度", 3),
            ("Q1", 3),
            ("上半年", 6),
            ("H1", 6),
            ("前三季度", 9),
            ("1-3季度", 9),
            ("1—3季度", 9),
            ("一至三季度", 9),
            ("全年", 12),
        ] {
            assert_eq!(Period::span_month(text), Some(month), "{text}");
        }
        for text in ["年度", "年份", "二季度", "下半年", "1-4月", "度"] {
            assert_eq!(Period::span_month(text), None, "{text}");
        }
    }

    #[test]
    fn serde_round_trip_uses_the_code() {
        let json = serde_json::to_string(&p(2023, 2)).expect("serialise");
        assert_eq!(json, "\"2023-02\"");
        let back: Period = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, p(2023, 2));
        assert!(serde_json::from_str::<Period>("\"2023-01\"").is_err());
    }
}
