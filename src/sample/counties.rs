//! Jixi's nine county-level divisions (6 districts, 1 county, 2 county-level cities):
//! value-added growth (ytd and month) and value-added levels (ytd), 2022 and 2023, all
//! illustrative (no county figure was found). Built so that nothing contradicts the city's
//! published path: in every period the counties' growth, weighted by their base-period
//! value added, is the city's growth, so their levels add up to the city's.

use crate::model::catalogue::{JIXI, VA};
use crate::model::{Basis, Period, Subject};

use super::Rng;
use super::figures::{JIXI_YTD, SampleFigure, SourceTag, round1, whole, year_figures};

/// The counties: code, share of the city's 2021 value added, and how their growth follows
/// the city's (growth ≈ city × factor + offset): the coal districts swing harder than the
/// city, the food-processing cities (虎林, 密山) less; 麻山区, small and mining, lags so far
/// that it shrinks in some periods.
pub(super) const COUNTIES: [(&str, f64, f64, f64); 9] = [
    ("230302", 0.13, 1.05, 1.0), // 鸡冠区: the city proper, graphite and medicine
    ("230303", 0.10, 1.15, -1.5), // 恒山区: coal
    ("230304", 0.08, 1.10, -2.5), // 滴道区: coal
    ("230305", 0.06, 0.95, -3.0), // 梨树区: coal
    ("230306", 0.12, 1.20, 0.5), // 城子河区: coal, coking
    ("230307", 0.04, 0.70, -6.0), // 麻山区: small, mining
    ("230321", 0.21, 1.00, 2.5), // 鸡东县: graphite, coal
    ("230381", 0.11, 0.80, 1.5), // 虎林市: green food
    ("230382", 0.15, 0.85, 2.0), // 密山市: green food, graphite
];

/// The period (year, index) where two counties are set level with each other, so the
/// sample shows a shared rank among the counties: 2023 1—6月.
const TIE_AT: (i32, usize) = (2023, 4);

/// The city's ytd value added (万元) per period of `year`, from the sample's figures.
fn city_levels(figures: &[SampleFigure], year: i32) -> Option<[f64; 11]> {
    let mut out = [0.0; 11];
    for (i, p) in Period::all_in_year(year).enumerate() {
        out[i] = figures
            .iter()
            .find(|f| {
                f.region == JIXI
                    && f.indicator == VA
                    && f.subject == Subject::Whole
                    && f.basis == Basis::Ytd
                    && f.period == p
            })?
            .value;
    }
    Some(out)
}

/// Each county's raw path for a year: the city's rate times its factor plus its offset plus
/// a slow random walk that swings more in the early periods (fewer months averaged in).
fn raw_paths(rng: &mut Rng, city: &[f64; 11]) -> Vec<[f64; 11]> {
    COUNTIES
        .iter()
        .map(|&(_, _, factor, offset)| {
            let mut walk = rng.range(-1.5, 1.5);
            let mut path = [0.0; 11];
            for (i, x) in path.iter_mut().enumerate() {
                let swing = if i < 3 { 1.5 } else { 0.4 };
                walk = 0.8 * walk + rng.range(-swing, swing);
                *x = city[i] * factor + offset + walk;
            }
            path
        })
        .collect()
}

/// Shifts the raw paths so that, in every period, their average weighted by `weights`
/// (the counties' base-period value added) is the city's rate; rounds to 0.1 as published.
fn anchor(raw: &mut [[f64; 11]], weights: &[[f64; 11]], city: &[f64; 11]) {
    for i in 0..11 {
        let total: f64 = weights.iter().map(|w| w[i]).sum();
        let mean: f64 = raw
            .iter()
            .zip(weights)
            .map(|(r, w)| r[i] * w[i])
            .sum::<f64>()
            / total;
        for r in raw.iter_mut() {
            r[i] = super::indicators::r1(r[i] + city[i] - mean);
        }
    }
}

/// Sets the two counties closest to each other at period `i` level with each other (the
/// lower one moves up, by a tenth or two of a point).
fn tie(paths: &mut [[f64; 11]], i: usize) {
    let mut best: Option<(f64, usize, usize)> = None;
    for a in 0..paths.len() {
        for b in a + 1..paths.len() {
            let d = (paths[a][i] - paths[b][i]).abs();
            if best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, a, b));
            }
        }
    }
    if let Some((_, a, b)) = best {
        let high = paths[a][i].max(paths[b][i]);
        paths[a][i] = high;
        paths[b][i] = high;
    }
}

/// The counties' figures: ytd and month value-added growth, ytd value added (万元), 2022
/// and 2023, all illustrative. `figures` must hold the city's value-added levels.
pub(super) fn county_figures(figures: &[SampleFigure], rng: &mut Rng) -> Vec<SampleFigure> {
    let mut out = Vec::new();
    let Some(l22) = city_levels(figures, 2022) else {
        return out;
    };
    // The counties' 2021 levels: their shares of the city's 2021 value added.
    let city_2021: [f64; 11] = std::array::from_fn(|i| l22[i] / (1.0 + JIXI_YTD[0].1[i] / 100.0));
    let mut base: Vec<[f64; 11]> = COUNTIES
        .iter()
        .map(|&(_, share, _, _)| city_2021.map(|l| l * share))
        .collect();
    for (year, city) in JIXI_YTD {
        let mut paths = raw_paths(rng, &city);
        anchor(&mut paths, &base, &city);
        if year == TIE_AT.0 {
            tie(&mut paths, TIE_AT.1);
        }
        for (c, (&(code, _, _, _), path)) in COUNTIES.iter().zip(&paths).enumerate() {
            out.extend(year_figures(code, year, path, |_| SourceTag::Illustrative));
            for (i, p) in Period::all_in_year(year).enumerate() {
                base[c][i] = round1(base[c][i] * (1.0 + path[i] / 100.0));
                out.push(whole(
                    code,
                    VA,
                    Basis::Ytd,
                    p,
                    base[c][i],
                    SourceTag::Illustrative,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ranking;
    use crate::model::catalogue::VA_GROWTH;
    use crate::model::{Figure, Figures, SeriesKey};

    /// The county codes, in catalogue order.
    fn codes() -> [&'static str; 9] {
        COUNTIES.map(|(c, _, _, _)| c)
    }

    fn sample() -> Vec<SampleFigure> {
        super::super::figures()
    }

    fn value(f: &[SampleFigure], code: &str, ind: &str, basis: Basis, p: Period) -> Option<f64> {
        f.iter()
            .find(|x| {
                x.region == code
                    && x.indicator == ind
                    && x.basis == basis
                    && x.subject == Subject::Whole
                    && x.period == p
            })
            .map(|x| x.value)
    }

    fn periods() -> impl Iterator<Item = Period> {
        Period::all_in_year(2022).chain(Period::all_in_year(2023))
    }

    #[test]
    fn every_county_has_every_period_of_growth_and_level() {
        let f = sample();
        let catalogue = crate::model::catalogue::builtin();
        let ctx = crate::model::RegionContext::new(catalogue, "230302").expect("鸡冠区");
        let mut peers = ctx.peers.clone();
        peers.sort();
        let mut ours = codes().map(String::from).to_vec();
        ours.sort();
        assert_eq!(peers, ours, "the catalogue's counties of Jixi");
        for code in codes() {
            for basis in [Basis::Ytd, Basis::Month] {
                let n = f
                    .iter()
                    .filter(|x| x.region == code && x.indicator == VA_GROWTH && x.basis == basis)
                    .count();
                assert_eq!(n, 22, "{code} {basis:?}: 2 years × 11 periods");
            }
            let levels = f
                .iter()
                .filter(|x| x.region == code && x.indicator == VA)
                .count();
            assert_eq!(levels, 22, "{code} levels");
            assert!(
                f.iter()
                    .filter(|x| x.region == code)
                    .all(|x| x.source == SourceTag::Illustrative)
            );
        }
    }

    /// How far the counties' levels may be from the city's, %: the rates are rounded to
    /// 0.1 before the levels grow by them, and the tie moves one rate.
    const SUM_BAND_PCT: f64 = 0.2;

    #[test]
    fn county_levels_add_up_to_the_city() {
        let f = sample();
        for p in periods() {
            let city = value(&f, JIXI, VA, Basis::Ytd, p).expect("city level");
            let sum: f64 = codes()
                .iter()
                .map(|c| value(&f, c, VA, Basis::Ytd, p).expect("county level"))
                .sum();
            let off = (sum / city - 1.0) * 100.0;
            assert!(off.abs() <= SUM_BAND_PCT, "{}: {off:.3}%", p.code());
        }
    }

    /// The counties' growth as the app ranks it (county figures only).
    fn county_figs(f: &[SampleFigure]) -> Figures {
        let mut figs = Figures::new();
        for x in f.iter().filter(|x| codes().contains(&x.region)) {
            let key = SeriesKey::whole(x.region, x.indicator, x.basis);
            figs.insert(
                key,
                x.period,
                Figure {
                    value: x.value,
                    source: None,
                },
            );
        }
        figs
    }

    #[test]
    fn counties_spread_around_the_city_with_a_tie_negatives_and_changing_leaders() {
        let f = sample();
        let figs = county_figs(&f);
        let peers: Vec<String> = codes().map(String::from).to_vec();
        let mut leaders = Vec::new();
        let mut negatives = 0;
        let mut ties = 0;
        for p in periods() {
            let city = value(&f, JIXI, VA_GROWTH, Basis::Ytd, p).expect("city");
            let rates: Vec<f64> = codes()
                .iter()
                .map(|c| value(&f, c, VA_GROWTH, Basis::Ytd, p).expect("county"))
                .collect();
            assert!(rates.iter().any(|r| *r > city), "{}: none above", p.code());
            assert!(rates.iter().any(|r| *r < city), "{}: none below", p.code());
            negatives += rates.iter().filter(|r| **r < 0.0).count();
            let table = ranking::rank_peers(&figs, &peers, VA_GROWTH, Basis::Ytd, p);
            ties += usize::from(table.windows(2).any(|w| w[0].rank == w[1].rank));
            leaders.push(table.first().map(|e| e.region.clone()).expect("leader"));
        }
        assert!(negatives >= 1, "a county shrinks somewhere");
        assert!(ties >= 1, "a shared rank somewhere");
        let changes = leaders.windows(2).filter(|w| w[0] != w[1]).count();
        assert!(changes >= 2, "the lead changes hands: {leaders:?}");
        // A streak: some county leads three periods running in a year.
        let streak = leaders
            .chunks(11)
            .any(|year| year.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]));
        assert!(streak, "{leaders:?}");
    }
}
