//! Jixi's industries: value-added levels (万元) and growth by industry, built so that the
//! city's levels grow at its published rates and the four leading industries (四大主导产业)
//! match what was published about them: 21.8% growth in 2023 1–4月; in the 2022 full year
//! 89.4% of value added, 8.9% growth and 104% of the city's growth.

use crate::model::catalogue::{JIXI, LEADING4, VA, VA_GROWTH};
use crate::model::{Basis, Period, Subject};

use super::Rng;
use super::figures::{JIXI_YTD, SampleFigure, SourceTag, round1, whole};

/// Jixi's industries: 2021 annual value added (万元, illustrative) and typical ytd growth
/// in 2022 and 2023. The four leading industries make 88.3% of the 2021 total: growing
/// 8.86% while the city grows 7.5% in 2022, they reach the published 89.4% share and
/// contribute the published 104% (88.3% × 8.86 ÷ 7.5).
const INDUSTRIES: [(&str, f64, f64, f64); 10] = [
    ("coal", 560_000.0, 16.0, 12.0),
    ("graphite", 95_000.0, 22.0, 26.0),
    ("food", 150_000.0, 12.0, 18.0),
    ("medicine", 48_000.0, 13.0, 20.0),
    ("power", 42_000.0, 1.0, 1.0),
    ("coking", 22_000.0, 0.0, 2.0),
    ("machinery", 12_000.0, 6.0, 8.0),
    ("building_materials", 14_000.0, -4.0, -4.0),
    ("magnesium", 4_000.0, 10.0, 12.0),
    ("new_energy", 7_000.0, 18.0, 20.0),
];
/// What the listed industries do not cover, 2021 annual (万元).
const OTHER_2021: f64 = 12_211.0;
/// Share of a year's value added produced by the end of each period (1–2月 … 12月).
const CUMULATIVE_SHARE: [f64; 11] = [
    0.140, 0.225, 0.307, 0.387, 0.467, 0.550, 0.634, 0.720, 0.808, 0.898, 1.000,
];
const LEADING: [&str; 4] = ["coal", "graphite", "food", "medicine"];
/// The leading industries' published share of the 2022 full year's value added, %.
const LEADING_SHARE_2022: f64 = 89.4;
/// How much faster than the city the leading industries grow in 2022 where nothing is
/// published: the published full-year gap (8.9 − 7.5).
const LEADING_LEAD_2022: f64 = 1.4;
/// The leading industries' rate over the city's in 2023 where nothing is published: the
/// published 1–4月 ratio (21.8 ÷ 19.2), so their lead shrinks with the city's rate.
const LEADING_RATIO_2023: f64 = 21.8 / 19.2;

fn is_leading(i: usize) -> bool {
    LEADING.contains(&INDUSTRIES[i].0)
}

/// Σ base × rate and Σ base over the industries `pick` selects.
fn weighted(base: &[f64], rates: &[f64], pick: impl Fn(usize) -> bool) -> (f64, f64) {
    let (mut num, mut den) = (0.0, 0.0);
    for (i, r) in rates.iter().enumerate() {
        if pick(i) {
            num += base[i] * r;
            den += base[i];
        }
    }
    (num, den)
}

/// The leading industries' rate in a period: published in 2023 1–4月; in the 2022 full
/// year the rate that gives them their published share of the whole (given their share of
/// the base, `base_share`); elsewhere a little above the city's.
fn leading_target(p: Period, city_rate: f64, base_share: f64) -> f64 {
    match (p.year(), p.month()) {
        (2023, 4) => 21.8,
        (2022, 12) => {
            (LEADING_SHARE_2022 / 100.0 * (1.0 + city_rate / 100.0) / base_share - 1.0) * 100.0
        }
        (2022, _) => city_rate + LEADING_LEAD_2022,
        _ => city_rate * LEADING_RATIO_2023,
    }
}

/// One period's industry rates (rounded to 0.1 as published): the typical rate plus a
/// wobble, shifted so the leading industries grow at their target from levels and the
/// rest so the city grows at `city_rate` (with `other_base`, "other", at the rest's rate).
fn period_rates(
    base: &[f64],
    other_base: f64,
    typical: &[f64],
    city_rate: f64,
    leading_rate: f64,
) -> Vec<f64> {
    let mut rates = typical.to_vec();
    let (num, den) = weighted(base, &rates, is_leading);
    let shift = leading_rate - num / den;
    for (i, r) in rates.iter_mut().enumerate() {
        if is_leading(i) {
            *r = round1(*r + shift);
        }
    }
    // Rounding moved the group's rate: the smallest member absorbs the difference, which
    // leaves the group within a few thousandths of a point of its target.
    let smallest = (0..rates.len())
        .filter(|&i| is_leading(i))
        .min_by(|&a, &b| base[a].total_cmp(&base[b]))
        .unwrap_or(0);
    let (num, den) = weighted(base, &rates, is_leading);
    rates[smallest] = round1(rates[smallest] + (leading_rate * den - num) / base[smallest]);
    // The rest of the city (other industries and "other") grows so that the whole grows
    // at the city's rate; "other" takes the rest's average rate and closes the total later.
    let total_base: f64 = base.iter().sum::<f64>() + other_base;
    let (lead_num, _) = weighted(base, &rates, is_leading);
    let (rest_num, rest_den) = weighted(base, &rates, |i| !is_leading(i));
    let needed_rest = city_rate * total_base - lead_num;
    let rest_shift =
        (needed_rest - rest_num - other_base * (rest_num / rest_den)) / (rest_den + other_base);
    for (i, r) in rates.iter_mut().enumerate() {
        if !is_leading(i) {
            *r = round1(*r + rest_shift);
        }
    }
    rates
}

/// The figures of one industry in one period: its ytd level and rate.
fn industry_pair(code: &str, p: Period, level: f64, rate: f64) -> [SampleFigure; 2] {
    let subject = Subject::Industry(code.to_string());
    let figure = |indicator, value| SampleFigure {
        region: JIXI,
        indicator,
        subject: subject.clone(),
        basis: Basis::Ytd,
        period: p,
        value,
        source: SourceTag::Illustrative,
    };
    [figure(VA, level), figure(VA_GROWTH, rate)]
}

/// The leading industries' published growth, where there is one.
fn leading_published(p: Period) -> Option<(f64, SourceTag)> {
    match (p.year(), p.month()) {
        (2023, 4) => Some((21.8, SourceTag::JixiBureau)),
        (2022, 12) => Some((8.9, SourceTag::JixiYear2022)),
        _ => None,
    }
}

/// Jixi's industry figures: ytd value added (万元) per industry and for the whole city, ytd
/// growth per industry, and the four leading industries' published growth.
///
/// 2022 levels grow from the 2021 levels, 2023 levels from the 2022 levels, so shares,
/// contributions and pulls add up; the city's levels grow exactly at its ytd rate.
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
            let city_rate = jixi[pi];
            let base: Vec<f64> = prev.iter().map(|l| l[pi]).collect();
            let total_base = base.iter().sum::<f64>() + prev_other[pi];
            let leading_base: f64 = (0..base.len())
                .filter(|&i| is_leading(i))
                .map(|i| base[i])
                .sum();
            let typical: Vec<f64> = INDUSTRIES
                .iter()
                .zip(&wobble)
                .map(|((_, _, g22, g23), w)| {
                    let rate = if year == 2022 { *g22 } else { *g23 };
                    // Early periods run hotter, as Jixi's own rate does.
                    rate * (city_rate / jixi[10]).sqrt() + w * (1.0 + pi as f64 * 0.1)
                })
                .collect();
            let target = leading_target(p, city_rate, leading_base / total_base);
            let rates = period_rates(&base, prev_other[pi], &typical, city_rate, target);
            for (i, (code, _, _, _)) in INDUSTRIES.iter().enumerate() {
                levels[i][pi] = round1(base[i] * (1.0 + rates[i] / 100.0));
                out.extend(industry_pair(code, p, levels[i][pi], rates[i]));
            }
            let parts: f64 = levels.iter().map(|l| l[pi]).sum();
            // "Other" closes the total so the city's levels grow exactly at its rate.
            other[pi] = round1((1.0 + city_rate / 100.0) * total_base - parts);
            out.push(whole(
                JIXI,
                VA,
                Basis::Ytd,
                p,
                round1(parts + other[pi]),
                SourceTag::Illustrative,
            ));
            if let Some((value, source)) = leading_published(p) {
                out.push(SampleFigure {
                    region: JIXI,
                    indicator: VA_GROWTH,
                    subject: Subject::Group(LEADING4.to_string()),
                    basis: Basis::Ytd,
                    period: p,
                    value,
                    source,
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

    /// Level of the leading industries, the whole, and their bases, at a period.
    fn leading_and_whole(figures: &[SampleFigure], p: Period) -> (f64, f64, f64, f64) {
        let level = |f: &SampleFigure| f.indicator == VA && f.period == p;
        let lead: f64 = figures
            .iter()
            .filter(|f| level(f))
            .filter(|f| matches!(&f.subject, Subject::Industry(c) if LEADING.contains(&c.as_str())))
            .map(|f| f.value)
            .sum();
        let whole: f64 = figures
            .iter()
            .filter(|f| level(f) && f.subject == Subject::Whole)
            .map(|f| f.value)
            .sum();
        // Bases as the app derives them without a stored 2021: level ÷ (1 + rate).
        let rate = |code: &str| {
            figures
                .iter()
                .find(|f| {
                    f.indicator == VA_GROWTH
                        && f.period == p
                        && f.subject == Subject::Industry(code.to_string())
                })
                .map(|f| f.value)
                .unwrap_or(f64::NAN)
        };
        let lead_base: f64 = figures
            .iter()
            .filter(|f| level(f))
            .filter_map(|f| match &f.subject {
                Subject::Industry(c) if LEADING.contains(&c.as_str()) => {
                    Some(f.value / (1.0 + rate(c) / 100.0))
                }
                _ => None,
            })
            .sum();
        (lead, whole, lead_base, whole / 1.075)
    }

    #[test]
    fn leading_industries_in_2022_match_what_was_published() {
        let figures = industry_figures(&mut Rng::new(0x1A2B_2023));
        let p = super::super::figures::period(2022, 12);
        let (lead, whole, lead_base, whole_base) = leading_and_whole(&figures, p);
        let share = lead / whole * 100.0;
        let growth = (lead / lead_base - 1.0) * 100.0;
        let contribution = (lead - lead_base) / (whole - whole_base) * 100.0;
        assert_eq!(round1(share), 89.4, "share {share}");
        assert_eq!(round1(growth), 8.9, "growth {growth}");
        assert_eq!(contribution.round(), 104.0, "contribution {contribution}");
    }
}
