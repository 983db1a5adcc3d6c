//! The sample's statistics: national figures as published, Heilongjiang and its 13 cities
//! (published where known, illustrative elsewhere), and Jixi's industries with levels that
//! add up to the published totals.

use crate::model::catalogue::{HEILONGJIANG, JIXI, LEADING4, NATION, VA, VA_GROWTH};
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
    /// Heilongjiang Daily report on 2023 1–2月.
    HljDaily,
    /// Jixi Industry and IT Bureau report of 2023-07-03.
    JixiBureau,
    /// Made up to be plausible, consistent with every published fact.
    Illustrative,
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

/// National value-added growth as published: (year, month, month value, ytd value).
const NATIONAL: &[(i32, u32, f64, f64)] = &[
    (2022, 2, 7.5, 7.5),
    (2022, 3, 5.0, 6.5),
    (2022, 4, -2.9, 4.0),
    (2022, 5, 0.7, 3.3),
    (2022, 6, 3.9, 3.4),
    (2022, 7, 3.8, 3.5),
    (2022, 8, 4.2, 3.6),
    (2022, 9, 6.3, 3.9),
    (2022, 10, 5.0, 4.0),
    (2022, 11, 2.2, 3.8),
    (2022, 12, 1.3, 3.6),
    (2023, 2, 2.4, 2.4),
    (2023, 3, 3.9, 3.0),
    (2023, 4, 5.6, 3.6),
    (2023, 5, 3.5, 3.6),
    (2023, 6, 4.4, 3.8),
    (2023, 7, 3.7, 3.8),
    (2023, 8, 4.5, 3.9),
    (2023, 9, 4.5, 4.0),
    (2023, 10, 4.6, 4.1),
    (2023, 11, 6.6, 4.3),
    (2023, 12, 6.8, 4.6),
];

/// Heilongjiang's ytd growth (2023 1–2月 published: 6.2; the rest illustrative).
const PROVINCE_YTD: [(i32, [f64; 11]); 2] = [
    (
        2022,
        [4.6, 3.9, 2.6, 2.0, 1.8, 1.5, 1.3, 1.1, 1.0, 0.9, 0.8],
    ),
    (
        2023,
        [6.2, 5.4, 4.9, 4.1, 3.6, 3.3, 3.1, 3.0, 3.0, 2.9, 2.9],
    ),
];

/// Jixi's ytd growth: 2022 1–4月 15.0, 2023 1–2月 31.1 and 1–4月 19.2 are published.
const JIXI_YTD: [(i32, [f64; 11]); 2] = [
    (
        2022,
        [
            17.8, 16.2, 15.0, 13.9, 12.8, 12.1, 11.6, 11.0, 10.7, 10.3, 10.1,
        ],
    ),
    (
        2023,
        [
            31.1, 24.6, 19.2, 16.3, 14.7, 13.2, 12.5, 11.9, 11.2, 10.8, 10.5,
        ],
    ),
];

/// The other twelve cities: code and a typical distance from the provincial rate.
const OTHER_CITIES: [(&str, f64); 12] = [
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

fn period(year: i32, month: u32) -> Period {
    // Every month used here is in 2..=12.
    Period::new(year, month).unwrap_or_else(|_| unreachable!("sample months are 2..=12"))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn whole(
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
fn months_from_ytd(ytd: &[f64; 11]) -> [f64; 11] {
    let mut out = [0.0; 11];
    out[0] = ytd[0];
    for i in 1..11 {
        let m = (i + 2) as f64;
        out[i] = round1(ytd[i] * m - ytd[i - 1] * (m - 1.0));
    }
    out
}

/// Every whole-region growth figure: nation, province, the 13 cities.
pub fn growth_figures(rng: &mut Rng) -> Vec<SampleFigure> {
    let mut out = Vec::new();
    for &(y, m, month, ytd) in NATIONAL {
        let p = period(y, m);
        let ytd_src = if (y, m) == (2022, 3) || (y, m) == (2023, 11) {
            SourceTag::NbsUnverified
        } else {
            SourceTag::Nbs
        };
        let month_src = match (y, m) {
            (2022, 3) => SourceTag::NbsUnverified,
            (2022, 12) => SourceTag::NbsDerived,
            _ => SourceTag::Nbs,
        };
        out.push(whole(NATION, VA_GROWTH, Basis::Month, p, month, month_src));
        out.push(whole(NATION, VA_GROWTH, Basis::Ytd, p, ytd, ytd_src));
    }

    for (year, ytd) in PROVINCE_YTD {
        let months = months_from_ytd(&ytd);
        for (i, p) in Period::all_in_year(year).enumerate() {
            let src = if (year, p.month()) == (2023, 2) {
                SourceTag::HljDaily
            } else {
                SourceTag::Illustrative
            };
            out.push(whole(HEILONGJIANG, VA_GROWTH, Basis::Ytd, p, ytd[i], src));
            out.push(whole(
                HEILONGJIANG,
                VA_GROWTH,
                Basis::Month,
                p,
                months[i],
                src,
            ));
        }
    }

    for (year, ytd) in JIXI_YTD {
        let months = months_from_ytd(&ytd);
        for (i, p) in Period::all_in_year(year).enumerate() {
            let src = match (year, p.month()) {
                (2023, 2) => SourceTag::HljDaily,
                (2023, 4) | (2022, 4) => SourceTag::JixiBureau,
                _ => SourceTag::Illustrative,
            };
            out.push(whole(JIXI, VA_GROWTH, Basis::Ytd, p, ytd[i], src));
            let month_src = if p.is_jan_feb() {
                src
            } else {
                SourceTag::Illustrative
            };
            out.push(whole(
                JIXI,
                VA_GROWTH,
                Basis::Month,
                p,
                months[i],
                month_src,
            ));
        }
    }

    out.extend(other_cities(rng));
    out
}

/// The other cities' ytd paths: the province plus a city offset plus a slow random walk,
/// kept below Jixi wherever Jixi's first place is published.
fn other_cities(rng: &mut Rng) -> Vec<SampleFigure> {
    let mut out = Vec::new();
    for (year, prov) in PROVINCE_YTD {
        let jixi = JIXI_YTD
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, v)| *v)
            .unwrap_or([0.0; 11]);
        let mut paths: Vec<[f64; 11]> = Vec::new();
        for (ci, &(_, offset)) in OTHER_CITIES.iter().enumerate() {
            let mut walk = rng.range(-2.0, 2.0);
            let mut path = [0.0; 11];
            for i in 0..11 {
                // Early periods swing more: fewer months are averaged in.
                let swing = if i < 3 { 1.6 } else { 0.5 };
                walk = 0.8 * walk + rng.range(-swing, swing);
                path[i] = round1(prov[i] + offset + walk);
            }
            // Jixi is first in 2022 1–4月 and 2023 1–2月, 1–3月 and 1–4月 (published).
            let first_places: &[usize] = if year == 2023 { &[0, 1, 2] } else { &[2] };
            for &i in first_places {
                if path[i] >= jixi[i] - 0.5 {
                    path[i] = round1(jixi[i] - 1.0 - 0.3 * ci as f64);
                }
            }
            paths.push(path);
        }
        if year == 2023 {
            // 黑河 overtakes Jixi in 1–5月 (illustrative), so the sample shows a falling rank;
            // a smooth path keeps its implied month figures plausible.
            paths[9] = [
                14.0, 15.5, 16.8, 16.9, 14.3, 12.8, 11.6, 10.7, 10.1, 9.6, 9.2,
            ];
            // 鹤岗 and 七台河 tie in 1–4月, so the sample shows a shared rank.
            paths[7][2] = paths[2][2];
        }
        for ((code, _), path) in OTHER_CITIES.iter().zip(&paths) {
            let months = months_from_ytd(path);
            for (i, p) in Period::all_in_year(year).enumerate() {
                out.push(whole(
                    code,
                    VA_GROWTH,
                    Basis::Ytd,
                    p,
                    path[i],
                    SourceTag::Illustrative,
                ));
                out.push(whole(
                    code,
                    VA_GROWTH,
                    Basis::Month,
                    p,
                    months[i],
                    SourceTag::Illustrative,
                ));
            }
        }
    }
    out
}

/// Jixi's industries: 2021 annual value added (万元, illustrative) and typical ytd growth
/// in 2022 and 2023.
const INDUSTRIES: [(&str, f64, f64, f64); 10] = [
    ("coal", 365_000.0, 16.0, 12.0),
    ("graphite", 76_000.0, 22.0, 26.0),
    ("food", 125_000.0, 12.0, 18.0),
    ("medicine", 45_000.0, 13.0, 20.0),
    ("power", 150_000.0, 6.0, 8.0),
    ("coking", 63_000.0, 10.0, 15.0),
    ("machinery", 39_000.0, 14.0, 22.0),
    ("building_materials", 40_000.0, -4.0, -7.0),
    ("magnesium", 10_000.0, 18.0, 22.0),
    ("new_energy", 17_000.0, 26.0, 30.0),
];
/// What the listed industries do not cover, 2021 annual (万元).
const OTHER_2021: f64 = 82_000.0;
/// Share of a year's value added produced by the end of each period (1–2月 … 12月).
const CUMULATIVE_SHARE: [f64; 11] = [
    0.140, 0.225, 0.307, 0.387, 0.467, 0.550, 0.634, 0.720, 0.808, 0.898, 1.000,
];
const LEADING: [&str; 4] = ["coal", "graphite", "food", "medicine"];

/// Jixi's industry figures: ytd value added (万元) per industry and for the whole city, ytd
/// growth per industry, and the four leading industries' published 1–4月 2023 growth.
///
/// Each period's industry rates are the typical rate plus a small wobble, shifted so the
/// four leading industries grow at the group's rate (published 21.8 in 2023 1–4月, Jixi's
/// rate plus 2.6 elsewhere) and the city's levels grow exactly at Jixi's ytd rate; 2023
/// levels grow from the 2022 levels, so shares, contributions and pulls add up.
pub fn industry_figures(rng: &mut Rng) -> Vec<SampleFigure> {
    let mut out = Vec::new();
    // Levels of the previous year, per period: industries then "other".
    let mut prev: Vec<[f64; 11]> = INDUSTRIES
        .iter()
        .map(|(_, annual, _, _)| CUMULATIVE_SHARE.map(|s| annual * s))
        .collect();
    let mut prev_other = CUMULATIVE_SHARE.map(|s| OTHER_2021 * s);
    let wobble: Vec<f64> = INDUSTRIES.iter().map(|_| rng.range(-1.0, 1.0)).collect();
    for (year, jixi) in JIXI_YTD {
        let mut levels: Vec<[f64; 11]> = vec![[0.0; 11]; INDUSTRIES.len()];
        let mut other = [0.0; 11];
        for (pi, p) in Period::all_in_year(year).enumerate() {
            let target = jixi[pi];
            let leading_target = if (year, p.month()) == (2023, 4) {
                21.8
            } else {
                round1(target + 2.6)
            };
            let mut rates: Vec<f64> = INDUSTRIES
                .iter()
                .zip(&wobble)
                .map(|((_, _, g22, g23), w)| {
                    let base = if year == 2022 { *g22 } else { *g23 };
                    // Early periods run hotter, as Jixi's own rate does.
                    base * (target / jixi[10]).sqrt() + w * (1.0 + pi as f64 * 0.1)
                })
                .collect();
            let base_of = |i: usize| prev[i][pi];
            let is_leading = |i: usize| LEADING.contains(&INDUSTRIES[i].0);
            let weighted = |rates: &[f64], pick: &dyn Fn(usize) -> bool| {
                let (mut num, mut den) = (0.0, 0.0);
                for (i, r) in rates.iter().enumerate() {
                    if pick(i) {
                        num += base_of(i) * r;
                        den += base_of(i);
                    }
                }
                (num, den)
            };
            let (num, den) = weighted(&rates, &is_leading);
            let shift = leading_target - num / den;
            for (i, r) in rates.iter_mut().enumerate() {
                if is_leading(i) {
                    *r += shift;
                }
            }
            // The rest of the city (other industries and "other") grows so that the whole
            // grows at Jixi's rate; "other" takes the rest's average rate.
            let total_base: f64 = (0..INDUSTRIES.len()).map(base_of).sum::<f64>() + prev_other[pi];
            let (lead_num, _) = weighted(&rates, &is_leading);
            let (rest_num, rest_den) = weighted(&rates, &|i| !is_leading(i));
            let needed_rest = target * total_base - lead_num;
            let rest_shift = (needed_rest - rest_num - prev_other[pi] * (rest_num / rest_den))
                / (rest_den + prev_other[pi]);
            for (i, r) in rates.iter_mut().enumerate() {
                if !is_leading(i) {
                    *r += rest_shift;
                }
                *r = round1(*r);
                levels[i][pi] = round1(base_of(i) * (1.0 + *r / 100.0));
            }
            let parts: f64 = (0..INDUSTRIES.len()).map(|i| levels[i][pi]).sum();
            // "Other" closes the total so the city's levels grow exactly at its rate.
            other[pi] = round1((1.0 + target / 100.0) * total_base - parts);
            for (i, (code, _, _, _)) in INDUSTRIES.iter().enumerate() {
                let subject = Subject::Industry((*code).to_string());
                out.push(SampleFigure {
                    region: JIXI,
                    indicator: VA,
                    subject: subject.clone(),
                    basis: Basis::Ytd,
                    period: p,
                    value: levels[i][pi],
                    source: SourceTag::Illustrative,
                });
                out.push(SampleFigure {
                    region: JIXI,
                    indicator: VA_GROWTH,
                    subject,
                    basis: Basis::Ytd,
                    period: p,
                    value: rates[i],
                    source: SourceTag::Illustrative,
                });
            }
            out.push(whole(
                JIXI,
                VA,
                Basis::Ytd,
                p,
                round1(parts + other[pi]),
                SourceTag::Illustrative,
            ));
            if (year, p.month()) == (2023, 4) {
                out.push(SampleFigure {
                    region: JIXI,
                    indicator: VA_GROWTH,
                    subject: Subject::Group(LEADING4.to_string()),
                    basis: Basis::Ytd,
                    period: p,
                    value: 21.8,
                    source: SourceTag::JixiBureau,
                });
            }
        }
        prev = levels;
        prev_other = other;
    }
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
}
