//! Heilongjiang's other twelve cities: published figures where the reference has them,
//! illustrative paths elsewhere that keep every published rank and bound true.

use super::Rng;
use super::figures::{JIXI_YTD, PROVINCE_YTD, SampleFigure, SourceTag, round1, year_figures};

/// The other twelve cities: code and a typical distance from the provincial rate.
pub(super) const OTHER_CITIES: [(&str, f64); 12] = [
    ("230100", 0.4),  // 哈尔滨
    ("230200", 1.6),  // 齐齐哈尔
    ("230400", 3.2),  // 鹤岗
    ("230500", 4.1),  // 双鸭山
    ("230600", -1.2), // 大庆
    ("230700", 2.2),  // 伊春
    ("230800", 2.6),  // 佳木斯
    ("230900", 3.6),  // 七台河
    ("231000", 1.1),  // 牡丹江
    ("231100", 5.2),  // 黑河
    ("231200", 1.9),  // 绥化
    ("232700", -2.8), // 大兴安岭
];

/// Published city figures (ytd): code, year, month, value, source. In 2023 1–2月 Hegang
/// was second to Jixi, and these five were the only other cities at 10% or more.
pub(super) const PUBLISHED: [(&str, i32, u32, f64, SourceTag); 6] = [
    ("230400", 2023, 2, 31.0, SourceTag::HljDaily),
    ("230200", 2023, 2, 14.0, SourceTag::HljDaily),
    ("230800", 2023, 2, 11.9, SourceTag::HljDaily),
    ("230900", 2023, 2, 11.9, SourceTag::HljDaily),
    ("231200", 2023, 2, 11.2, SourceTag::HljDaily),
    ("230400", 2023, 3, 16.6, SourceTag::ChinaNet),
];

/// Paths written out for the cities that carry a published fact or one the sample shows.
const SET_PATHS: [(&str, i32, [f64; 11]); 2] = [
    // 双鸭山 leads 2022 (illustrative): Jixi's 7.5 is published as second in the province.
    (
        "230500",
        2022,
        [6.9, 7.8, 8.4, 8.9, 9.1, 9.0, 8.9, 8.8, 8.7, 8.7, 8.6],
    ),
    // 鹤岗: 31.0 in 1–2月 and 16.6 in 1–3月 are published; it stays below Jixi in 1–4月
    // (published first) and overtakes it in 1–5月 (illustrative), so the sample shows a
    // falling rank, with month figures that stay within 15 points of the other cities'.
    (
        "230400",
        2023,
        [
            31.0, 16.6, 16.4, 16.4, 14.2, 12.8, 12.0, 11.3, 10.7, 10.2, 9.8,
        ],
    ),
];

/// 七台河 ties 佳木斯 in 2023 1–4月 (illustrative), so the sample shows a shared rank.
const TIE_2023_JAN_APR: (&str, &str) = ("230900", "230800");

/// The city leading 2022's full year, ahead of Jixi.
const LEADER_2022: &str = "230500";

/// Ceilings on generated paths (year, period index, ceiling), each below a published
/// figure: Jixi first in 2022 1–4月 (15.0); second in the 2022 full year (7.5) behind
/// LEADER_2022; Hegang second in 2023 1–3月 (16.6); Jixi first in 2023 1–4月 (19.2); the
/// cities not named in 2023 1–2月 below 10.
const CEILINGS: [(i32, usize, f64); 5] = [
    (2022, 2, 14.5),
    (2022, 10, 7.2),
    (2023, 0, 9.7),
    (2023, 1, 16.1),
    (2023, 2, 18.7),
];

/// The other cities' 2021 full year (illustrative), all below Jixi's published 16.2 (first
/// in the province), in OTHER_CITIES order.
const FULL_YEAR_2021: [f64; 12] = [
    6.1, 8.9, 12.4, 13.8, 4.2, 9.6, 10.3, 14.5, 7.8, 11.6, 9.1, 3.5,
];

/// The other cities' 2021 full-year figures (ytd only: no month figures for 2021).
pub(super) fn full_year_2021() -> Vec<SampleFigure> {
    let p = super::figures::period(2021, 12);
    OTHER_CITIES
        .iter()
        .zip(FULL_YEAR_2021)
        .map(|(&(code, _), value)| {
            super::figures::whole(
                code,
                crate::model::catalogue::VA_GROWTH,
                crate::model::Basis::Ytd,
                p,
                value,
                SourceTag::Illustrative,
            )
        })
        .collect()
}

/// A published figure of a city, if any.
fn published(code: &str, year: i32, month: u32) -> Option<(f64, SourceTag)> {
    PUBLISHED
        .iter()
        .find(|(c, y, m, _, _)| *c == code && *y == year && *m == month)
        .map(|(_, _, _, v, s)| (*v, *s))
}

/// One city's generated path: the province plus the city's offset plus a slow random walk,
/// bent towards a published 1–2月 figure and kept under the ceilings.
fn generated_path(rng: &mut Rng, year: i32, ci: usize, prov: &[f64; 11]) -> [f64; 11] {
    let (code, offset) = OTHER_CITIES[ci];
    let mut walk = rng.range(-2.0, 2.0);
    let mut path = [0.0; 11];
    for i in 0..11 {
        // Early periods swing more: fewer months are averaged in.
        let swing = if i < 3 { 1.6 } else { 0.5 };
        walk = 0.8 * walk + rng.range(-swing, swing);
        path[i] = prov[i] + offset + walk;
    }
    if let Some((v, _)) = published(code, year, 2) {
        // The published start fades into the city's usual distance from the province.
        let delta = v - path[0];
        for (i, x) in path.iter_mut().enumerate() {
            *x += delta * 0.45f64.powi(i as i32);
        }
    }
    let mut path = path.map(round1);
    for (y, i, ceiling) in CEILINGS {
        let named = y == 2023 && i == 0 && published(code, year, 2).is_some();
        let leads = year == 2022 && i == 10 && code == LEADER_2022;
        if y == year && !named && !leads && path[i] > ceiling {
            path[i] = round1(ceiling - 0.2 * ci as f64);
        }
    }
    path
}

/// The twelve other cities' ytd and month figures for 2022 and 2023.
pub(super) fn other_cities(rng: &mut Rng) -> Vec<SampleFigure> {
    let mut out = Vec::new();
    // Jixi's and the province's paths are the sample's anchors.
    debug_assert_eq!(JIXI_YTD.len(), PROVINCE_YTD.len());
    for (year, prov) in PROVINCE_YTD {
        let mut paths: Vec<[f64; 11]> = Vec::new();
        for (ci, &(code, _)) in OTHER_CITIES.iter().enumerate() {
            // Always draw, so a set path does not shift the other cities' walks.
            let generated = generated_path(rng, year, ci, &prov);
            paths.push(
                SET_PATHS
                    .iter()
                    .find(|(c, y, _)| *c == code && *y == year)
                    .map(|(_, _, p)| *p)
                    .unwrap_or(generated),
            );
        }
        if year == 2023 {
            let index = |code: &str| OTHER_CITIES.iter().position(|(c, _)| *c == code);
            if let (Some(a), Some(b)) = (index(TIE_2023_JAN_APR.0), index(TIE_2023_JAN_APR.1)) {
                paths[a][2] = paths[b][2];
            }
        }
        for (&(code, _), path) in OTHER_CITIES.iter().zip(&paths) {
            out.extend(year_figures(code, year, path, |m| {
                published(code, year, m)
                    .map(|(_, s)| s)
                    .unwrap_or(SourceTag::Illustrative)
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Basis;
    use crate::model::catalogue::JIXI;

    fn all() -> Vec<SampleFigure> {
        let mut rng = Rng::new(0x1A2B_2023);
        let mut out = super::super::figures::growth_figures(&mut rng);
        out.retain(|f| f.basis == Basis::Ytd);
        out
    }

    fn ytd(figures: &[SampleFigure], code: &str, year: i32, month: u32) -> f64 {
        figures
            .iter()
            .find(|f| f.region == code && f.period.year() == year && f.period.month() == month)
            .map(|f| f.value)
            .unwrap_or(f64::NAN)
    }

    /// Cities strictly above `code` in a period.
    fn above(figures: &[SampleFigure], code: &str, year: i32, month: u32) -> Vec<&'static str> {
        let own = ytd(figures, code, year, month);
        let mut out: Vec<&'static str> = OTHER_CITIES
            .iter()
            .map(|(c, _)| *c)
            .chain([JIXI])
            .filter(|c| ytd(figures, c, year, month) > own)
            .collect();
        out.sort();
        out
    }

    #[test]
    fn set_paths_and_published_figures_agree() {
        let f = all();
        for (code, year, month, value, _) in PUBLISHED {
            assert_eq!(ytd(&f, code, year, month), value, "{code} {year}-{month}");
        }
    }

    #[test]
    fn published_ranks_hold() {
        let f = all();
        for (year, month) in [(2022, 4), (2023, 2), (2023, 3), (2023, 4)] {
            assert!(above(&f, JIXI, year, month).is_empty(), "{year}-{month}");
        }
        assert_eq!(above(&f, JIXI, 2022, 12), [LEADER_2022]);
        assert!(above(&f, JIXI, 2021, 12).is_empty());
        assert_eq!(above(&f, "230400", 2023, 2), [JIXI]);
        assert_eq!(above(&f, "230400", 2023, 3), [JIXI]);
        // The sample's show cases: Jixi falls to second in 1–5月, and a tie in 1–4月.
        assert_eq!(above(&f, JIXI, 2023, 5), ["230400"]);
        assert_eq!(
            ytd(&f, TIE_2023_JAN_APR.0, 2023, 4),
            ytd(&f, TIE_2023_JAN_APR.1, 2023, 4)
        );
        let below_ten = OTHER_CITIES
            .iter()
            .filter(|(c, _)| ytd(&f, c, 2023, 2) < 10.0)
            .count();
        assert_eq!(below_ten, 7);
    }
}
