//! The sample's statistics: national figures as published, Heilongjiang and its 13 cities
//! (published where known, illustrative elsewhere), and Jixi's industries with levels that
//! add up to the published totals.

use crate::model::catalogue::{HEILONGJIANG, JIXI, NATION, VA_GROWTH};
use crate::model::{Basis, Period, Subject};

use super::Rng;

/// Which source a sample figure cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceTag {
    /// NBS monthly releases as published.
    Nbs,
    /// An NBS figure not confirmed in a second source.
    NbsUnverified,
    /// The 2022 December month figure derived from the 2023 1–2月 release.
    NbsDerived,
    /// MIIT's release on the 2025 full year.
    Miit,
    /// Heilongjiang Daily report on 2023 1–2月.
    HljDaily,
    /// Jixi Industry and IT Bureau report of 2023-07-03.
    JixiBureau,
    /// Provincial press reprint of 2023-09 on Jixi's 2022 full year.
    JixiYear2022,
    /// Heilongjiang's 2022 full year, derived from that reprint (7.5 − 6.7).
    ProvinceDerived,
    /// Provincial industry taskforce meeting of 2023-05-04 (the province's 1–3月 2023).
    ProvinceTaskforce,
    /// China.com.cn (中国网) report of 2023-05-13 on Hegang's 1–3月 2023.
    ChinaNet,
    /// Made up to be plausible, consistent with every published fact.
    Illustrative,
}

impl SourceTag {
    /// Every tag, in the order the sample writes its sources.
    pub const ALL: [SourceTag; 11] = [
        SourceTag::Nbs,
        SourceTag::NbsUnverified,
        SourceTag::NbsDerived,
        SourceTag::Miit,
        SourceTag::HljDaily,
        SourceTag::JixiBureau,
        SourceTag::JixiYear2022,
        SourceTag::ProvinceDerived,
        SourceTag::ProvinceTaskforce,
        SourceTag::ChinaNet,
        SourceTag::Illustrative,
    ];
}

/// One figure of the sample.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleFigure {
    /// Region code.
    pub region: &'static str,
    /// Indicator code.
    pub indicator: &'static str,
    /// Whole, industry or group.
    pub subject: Subject,
    /// Month or ytd.
    pub basis: Basis,
    /// The period.
    pub period: Period,
    /// The value.
    pub value: f64,
    /// Its source.
    pub source: SourceTag,
}

/// National value-added growth as published: (year, month, month value, ytd value). The
/// 2025 December month was not found, so only the full year is stored.
const NATIONAL: &[(i32, u32, Option<f64>, f64)] = &[
    (2022, 2, Some(7.5), 7.5),
    (2022, 3, Some(5.0), 6.5),
    (2022, 4, Some(-2.9), 4.0),
    (2022, 5, Some(0.7), 3.3),
    (2022, 6, Some(3.9), 3.4),
    (2022, 7, Some(3.8), 3.5),
    (2022, 8, Some(4.2), 3.6),
    (2022, 9, Some(6.3), 3.9),
    (2022, 10, Some(5.0), 4.0),
    (2022, 11, Some(2.2), 3.8),
    (2022, 12, Some(1.3), 3.6),
    (2023, 2, Some(2.4), 2.4),
    (2023, 3, Some(3.9), 3.0),
    (2023, 4, Some(5.6), 3.6),
    (2023, 5, Some(3.5), 3.6),
    (2023, 6, Some(4.4), 3.8),
    (2023, 7, Some(3.7), 3.8),
    (2023, 8, Some(4.5), 3.9),
    (2023, 9, Some(4.5), 4.0),
    (2023, 10, Some(4.6), 4.1),
    (2023, 11, Some(6.6), 4.3),
    (2023, 12, Some(6.8), 4.6),
    (2024, 2, Some(7.0), 7.0),
    (2024, 3, Some(4.5), 6.1),
    (2024, 4, Some(6.7), 6.3),
    (2024, 5, Some(5.6), 6.2),
    (2024, 6, Some(5.3), 6.0),
    (2024, 7, Some(5.1), 5.9),
    (2024, 8, Some(4.5), 5.8),
    (2024, 9, Some(5.4), 5.8),
    (2024, 10, Some(5.3), 5.8),
    (2024, 11, Some(5.4), 5.8),
    (2024, 12, Some(6.2), 5.8),
    (2025, 2, Some(5.9), 5.9),
    (2025, 3, Some(7.7), 6.5),
    (2025, 4, Some(6.1), 6.4),
    (2025, 5, Some(5.8), 6.3),
    (2025, 6, Some(6.8), 6.4),
    (2025, 7, Some(5.7), 6.3),
    (2025, 8, Some(5.2), 6.2),
    (2025, 9, Some(6.5), 6.2),
    (2025, 10, Some(4.9), 6.1),
    (2025, 11, Some(4.8), 6.0),
    (2025, 12, None, 5.9),
];

/// National month figures the reference marks UNVERIFIED.
const UNVERIFIED_MONTH: [(i32, u32); 2] = [(2022, 3), (2025, 6)];
/// National ytd figures the reference marks UNVERIFIED.
const UNVERIFIED_YTD: [(i32, u32); 6] = [
    (2022, 3),
    (2023, 11),
    (2024, 4),
    (2024, 7),
    (2025, 7),
    (2025, 8),
];

/// Heilongjiang's ytd growth: 2022 full year 0.8 (derived from Jixi's published gap), 2023
/// 1–2月 6.2 and 1–3月 5.1 are published; the rest is illustrative (1–4月 stays below Jixi).
pub(super) const PROVINCE_YTD: [(i32, [f64; 11]); 2] = [
    (
        2022,
        [4.6, 3.9, 2.6, 2.0, 1.8, 1.5, 1.3, 1.1, 1.0, 0.9, 0.8],
    ),
    (
        2023,
        [6.2, 5.1, 4.9, 4.1, 3.6, 3.3, 3.1, 3.0, 3.0, 2.9, 2.9],
    ),
];

/// Jixi's ytd growth: 2022 1–4月 15.0 and full year 7.5, 2023 1–2月 31.1 and 1–4月 19.2
/// are published; the rest is illustrative (a smooth path between them).
pub(super) const JIXI_YTD: [(i32, [f64; 11]); 2] = [
    (
        2022,
        [17.8, 16.2, 15.0, 13.6, 12.3, 11.2, 10.3, 9.5, 8.8, 8.1, 7.5],
    ),
    (
        2023,
        [
            31.1, 24.6, 19.2, 16.3, 14.7, 13.2, 12.5, 11.9, 11.2, 10.8, 10.5,
        ],
    ),
];

/// 2021 full year (ytd, 12月): Jixi's 16.2, first in the province, is published (the only
/// 2021 figure in the reference); the province's rate is illustrative. Only the full year
/// is stored, so 2022 has its year-before figures and two-year averages.
const JIXI_2021: f64 = 16.2;
const PROVINCE_2021: f64 = 7.3;

pub(super) fn period(year: i32, month: u32) -> Period {
    // Every month used here is in 2..=12.
    Period::new(year, month).unwrap_or_else(|_| unreachable!("sample months are 2..=12"))
}

pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub(super) fn whole(
    region: &'static str,
    indicator: &'static str,
    basis: Basis,
    p: Period,
    value: f64,
    source: SourceTag,
) -> SampleFigure {
    SampleFigure {
        region,
        indicator,
        subject: Subject::Whole,
        basis,
        period: p,
        value,
        source,
    }
}

/// Month values implied by a ytd path when months weigh equally (1–2月 counts twice).
pub(super) fn months_from_ytd(ytd: &[f64; 11]) -> [f64; 11] {
    let mut out = [0.0; 11];
    out[0] = ytd[0];
    for i in 1..11 {
        let m = (i + 2) as f64;
        out[i] = round1(ytd[i] * m - ytd[i - 1] * (m - 1.0));
    }
    out
}

/// The ytd and month figures of one region's year, from its ytd path; `source` names the
/// source of each ytd figure. A month figure cites it only in 1–2月, where month and ytd are
/// the same published number; other months are implied by the path, so illustrative.
pub(super) fn year_figures(
    region: &'static str,
    year: i32,
    ytd: &[f64; 11],
    source: impl Fn(u32) -> SourceTag,
) -> Vec<SampleFigure> {
    let months = months_from_ytd(ytd);
    let mut out = Vec::new();
    for (i, p) in Period::all_in_year(year).enumerate() {
        let src = source(p.month());
        out.push(whole(region, VA_GROWTH, Basis::Ytd, p, ytd[i], src));
        let month_src = if p.is_jan_feb() {
            src
        } else {
            SourceTag::Illustrative
        };
        out.push(whole(
            region,
            VA_GROWTH,
            Basis::Month,
            p,
            months[i],
            month_src,
        ));
    }
    out
}

/// The nation's figures as published, each citing its release.
fn national_figures() -> Vec<SampleFigure> {
    let mut out = Vec::new();
    for &(y, m, month, ytd) in NATIONAL {
        let p = period(y, m);
        let ytd_src = if UNVERIFIED_YTD.contains(&(y, m)) {
            SourceTag::NbsUnverified
        } else if (y, m) == (2025, 12) {
            SourceTag::Miit
        } else {
            SourceTag::Nbs
        };
        let month_src = if UNVERIFIED_MONTH.contains(&(y, m)) {
            SourceTag::NbsUnverified
        } else if (y, m) == (2022, 12) {
            SourceTag::NbsDerived
        } else {
            SourceTag::Nbs
        };
        if let Some(month) = month {
            out.push(whole(NATION, VA_GROWTH, Basis::Month, p, month, month_src));
        }
        out.push(whole(NATION, VA_GROWTH, Basis::Ytd, p, ytd, ytd_src));
    }
    out
}

/// Every whole-region growth figure: nation, province, the 13 cities.
pub fn growth_figures(rng: &mut Rng) -> Vec<SampleFigure> {
    let mut out = national_figures();
    for (year, ytd) in PROVINCE_YTD {
        out.extend(year_figures(HEILONGJIANG, year, &ytd, |m| {
            match (year, m) {
                (2023, 2) => SourceTag::HljDaily,
                (2023, 3) => SourceTag::ProvinceTaskforce,
                (2022, 12) => SourceTag::ProvinceDerived,
                _ => SourceTag::Illustrative,
            }
        }));
    }
    for (year, ytd) in JIXI_YTD {
        out.extend(year_figures(JIXI, year, &ytd, |m| match (year, m) {
            (2023, 2) => SourceTag::HljDaily,
            (2023, 4) | (2022, 4) => SourceTag::JixiBureau,
            (2022, 12) => SourceTag::JixiYear2022,
            _ => SourceTag::Illustrative,
        }));
    }
    let full_2021 = period(2021, 12);
    out.push(whole(
        JIXI,
        VA_GROWTH,
        Basis::Ytd,
        full_2021,
        JIXI_2021,
        SourceTag::JixiBureau,
    ));
    out.push(whole(
        HEILONGJIANG,
        VA_GROWTH,
        Basis::Ytd,
        full_2021,
        PROVINCE_2021,
        SourceTag::Illustrative,
    ));
    out.extend(super::cities::other_cities(rng));
    out.extend(super::cities::full_year_2021());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_values_rebuild_the_ytd_path() {
        let ytd = JIXI_YTD[1].1;
        let months = months_from_ytd(&ytd);
        assert_eq!(months[0], 31.1);
        assert_eq!(months[1], 11.6);
        assert_eq!(months[2], 3.0);
    }

    #[test]
    fn only_jan_feb_months_cite_the_ytd_source() {
        let figures = year_figures(HEILONGJIANG, 2023, &PROVINCE_YTD[1].1, |m| {
            if m == 3 {
                SourceTag::ProvinceTaskforce
            } else {
                SourceTag::HljDaily
            }
        });
        let of = |basis, m| {
            figures
                .iter()
                .find(|f| f.basis == basis && f.period.month() == m)
                .map(|f| f.source)
        };
        assert_eq!(of(Basis::Ytd, 3), Some(SourceTag::ProvinceTaskforce));
        assert_eq!(of(Basis::Month, 3), Some(SourceTag::Illustrative));
        assert_eq!(of(Basis::Month, 2), Some(SourceTag::HljDaily));
    }

    #[test]
    fn national_figures_cover_2022_to_2025_without_december_2025_month() {
        let n = national_figures();
        assert_eq!(n.iter().filter(|f| f.basis == Basis::Ytd).count(), 44);
        assert_eq!(n.iter().filter(|f| f.basis == Basis::Month).count(), 43);
        let dec25 = n
            .iter()
            .find(|f| f.period == period(2025, 12))
            .expect("2025 full year");
        assert_eq!((dec25.basis, dec25.value), (Basis::Ytd, 5.9));
        assert_eq!(dec25.source, SourceTag::Miit);
    }
}
