//! The sample's other indicators (SPEC §11: every indicator, not only value-added growth),
//! ytd, every period of 2022 and 2023, all illustrative (none was found published):
//!
//! - Jixi: gross output, revenue and profit (levels, 万元, and their growth), fixed-asset
//!   and industrial investment growth, and the number of 规上 enterprises. Output is built
//!   from the sample's industry value added times each industry's output-to-value-added
//!   ratio — the same ratios the sample's enterprise returns use — so the city's output
//!   grows as the returns' aggregate output does; revenue and profit follow output with a
//!   revenue ratio and a margin per period (profits rise in 2022 and fall in 2023 as the
//!   margin narrows). The enterprise count is the register's: its 规上 enterprises in
//!   2023, less those new in 2023 for 2022.
//! - Heilongjiang and the other twelve cities: the same growth rates, so gaps to the
//!   province and ranks among the 13 cities show. A city's output and revenue growth follow
//!   its own value-added growth (Jixi's and Hegang's published 31% in 1—2月 2023 show in
//!   them too); investment follows the province's path with a city offset.
//!
//! There is no electricity indicator in the catalogue, so none is written (the returns
//! carry the enterprises' 用电量).

use crate::model::catalogue::{HEILONGJIANG, JIXI, OUTPUT, VA, VA_GROWTH};
use crate::model::{Basis, Period, Subject};

use super::Rng;
use super::figures::{PROVINCE_YTD, SampleFigure, SourceTag, round1, whole};

/// Gross output growth (%).
pub(super) const OUTPUT_GROWTH: &str = "output_growth";
/// Revenue (万元).
pub(super) const REVENUE: &str = "revenue";
/// Revenue growth (%).
pub(super) const REVENUE_GROWTH: &str = "revenue_growth";
/// Total profit (万元).
pub(super) const PROFIT: &str = "profit";
/// Profit growth (%).
pub(super) const PROFIT_GROWTH: &str = "profit_growth";
/// Fixed-asset investment growth (%).
pub(super) const FAI_GROWTH: &str = "fai_growth";
/// Industrial investment growth (%).
pub(super) const INDUSTRIAL_INVESTMENT_GROWTH: &str = "industrial_investment_growth";
/// Number of 规上 enterprises (家).
pub(super) const ENTERPRISE_COUNT: &str = "enterprise_count";

/// The growth indicators the province and every city get.
pub(super) const GROWTH_INDICATORS: [&str; 5] = [
    OUTPUT_GROWTH,
    REVENUE_GROWTH,
    PROFIT_GROWTH,
    FAI_GROWTH,
    INDUSTRIAL_INVESTMENT_GROWTH,
];

/// Output per value added of the value added outside the listed industries (about the
/// industries' average).
const OTHER_OUTPUT_PER_VA: f64 = 3.1;

/// Revenue per gross output, 2021–2023: the sample's enterprise returns' aggregate ratio
/// (their 2021 ratio from the returns' last-year columns).
const REVENUE_PER_OUTPUT: [f64; 3] = [1.058, 1.040, 1.043];

/// Profit per revenue, %, per period, 2021–2023: the returns' aggregate margin (Σ profit ÷
/// Σ revenue; 2021 from the 2022 returns' last-year columns; 2023 over the enterprises that
/// reported in both years, as the city's levels grow on a comparable basis), so the city's
/// profit grows as its enterprises' does: strongly in 2022, less so in 2023.
const MARGIN: [[f64; 11]; 3] = [
    [
        3.87, 3.74, 3.78, 3.74, 3.75, 3.73, 3.77, 3.75, 3.73, 3.73, 3.72,
    ],
    [
        4.57, 4.63, 4.81, 4.78, 4.72, 4.65, 4.59, 4.53, 4.58, 4.58, 4.62,
    ],
    [
        5.25, 5.04, 4.98, 4.97, 5.00, 5.01, 5.01, 5.00, 4.97, 4.96, 5.00,
    ],
];

/// Jixi's fixed-asset investment growth, ytd: positive throughout, slowing in each year,
/// below a 10% target by the end of 2023.
const JIXI_FAI: [(i32, [f64; 11]); 2] = [
    (
        2022,
        [13.8, 12.1, 10.6, 9.8, 9.2, 8.7, 8.1, 7.6, 7.3, 7.0, 6.8],
    ),
    (
        2023,
        [16.4, 14.2, 12.8, 11.5, 10.7, 10.1, 9.6, 9.2, 8.9, 8.6, 8.4],
    ),
];

/// Jixi's industrial investment growth, ytd (graphite and new-energy projects).
const JIXI_INDUSTRIAL_INVESTMENT: [(i32, [f64; 11]); 2] = [
    (
        2022,
        [
            24.5, 21.3, 19.8, 18.6, 17.9, 17.2, 16.8, 16.1, 15.7, 15.2, 14.9,
        ],
    ),
    (
        2023,
        [
            28.6, 25.1, 22.4, 20.3, 19.1, 18.2, 17.5, 16.9, 16.2, 15.8, 15.4,
        ],
    ),
];

/// The province's growth paths, ytd, per indicator and year: output growth is its
/// value-added growth plus the first row (prices and mix); revenue growth is its output
/// growth plus the second; profit and investment are given as they are.
const PROVINCE_OUTPUT_OVER_VA: [[f64; 11]; 2] = [
    [2.4, 2.2, 2.0, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.3, 1.2],
    [
        -0.6, -0.8, -1.0, -1.1, -1.2, -1.2, -1.2, -1.1, -1.1, -1.0, -1.0,
    ],
];
const PROVINCE_REVENUE_OVER_OUTPUT: [f64; 2] = [0.6, -1.1];
const PROVINCE_PROFIT: [[f64; 11]; 2] = [
    [
        30.5, 29.6, 29.2, 28.8, 28.1, 27.2, 26.3, 25.6, 24.8, 24.1, 23.5,
    ],
    [17.5, 14.2, 12.0, 10.6, 9.7, 9.0, 8.4, 7.9, 7.5, 7.1, 6.8],
];
const PROVINCE_FAI: [[f64; 11]; 2] = [
    [10.2, 8.6, 6.9, 5.8, 4.9, 4.1, 3.2, 2.5, 1.8, 1.2, 0.6],
    [3.5, 2.4, 1.1, 0.2, -0.6, -1.3, -1.9, -2.4, -2.9, -3.3, -3.6],
];
const PROVINCE_INDUSTRIAL_INVESTMENT: [[f64; 11]; 2] = [
    [
        18.5, 16.2, 14.8, 13.5, 12.9, 12.1, 11.6, 11.2, 10.8, 10.5, 10.3,
    ],
    [12.1, 10.5, 9.2, 8.1, 7.2, 6.5, 5.9, 5.4, 5.0, 4.7, 4.5],
];

/// A city's own turn in profit growth, points, in a year: 大庆's oil profits fall in 2023
/// with the oil price, so the sample shows a profit decline.
const PROFIT_SHIFT: [(&str, i32, f64); 1] = [("230600", 2023, -13.0)];

/// A whole-region ytd figure's value in the sample, if any.
fn find(
    figures: &[SampleFigure],
    region: &str,
    indicator: &str,
    subject: &Subject,
    p: Period,
) -> Option<f64> {
    figures
        .iter()
        .find(|f| {
            f.region == region
                && f.indicator == indicator
                && &f.subject == subject
                && f.basis == Basis::Ytd
                && f.period == p
        })
        .map(|f| f.value)
}

/// A region's ytd path of `indicator` in `year` from the sample's figures.
fn path_of(
    figures: &[SampleFigure],
    region: &str,
    indicator: &str,
    year: i32,
) -> Option<[f64; 11]> {
    let mut out = [0.0; 11];
    for (i, p) in Period::all_in_year(year).enumerate() {
        out[i] = find(figures, region, indicator, &Subject::Whole, p)?;
    }
    Some(out)
}

/// Jixi's ytd gross output (万元), years 2021–2023 × the 11 periods: each industry's value
/// added times its output ratio, plus the rest of the city's value added times the
/// average ratio. 2021 from 2022's levels and rates, as the industries were built.
pub(super) fn jixi_output(figures: &[SampleFigure]) -> Option<[[f64; 11]; 3]> {
    let mut out = [[0.0; 11]; 3];
    for (k, year) in [2022, 2023].into_iter().enumerate() {
        for (i, p) in Period::all_in_year(year).enumerate() {
            let whole_level = find(figures, JIXI, VA, &Subject::Whole, p)?;
            let mut listed = [0.0; 2];
            let mut output = [0.0; 2];
            for &(code, ratio) in &super::returns::OUTPUT_PER_VA {
                let subject = Subject::Industry(code.to_string());
                let level = find(figures, JIXI, VA, &subject, p)?;
                let rate = find(figures, JIXI, VA_GROWTH, &subject, p)?;
                let before = level / (1.0 + rate / 100.0);
                listed[0] += before;
                listed[1] += level;
                output[0] += before * ratio;
                output[1] += level * ratio;
            }
            let city_rate = find(figures, JIXI, VA_GROWTH, &Subject::Whole, p)?;
            let whole_before = whole_level / (1.0 + city_rate / 100.0);
            let now = output[1] + (whole_level - listed[1]) * OTHER_OUTPUT_PER_VA;
            let before = output[0] + (whole_before - listed[0]) * OTHER_OUTPUT_PER_VA;
            out[k + 1][i] = round1(now);
            if k == 0 {
                out[0][i] = round1(before);
            }
        }
    }
    Some(out)
}

/// Growth of a level path over the year before, rounded as published.
fn growth(now: f64, before: f64) -> f64 {
    r1((now / before - 1.0) * 100.0)
}

/// Rounds to 0.1 as published, without a negative zero ("-0").
pub(super) fn r1(x: f64) -> f64 {
    round1(x) + 0.0
}

/// Jixi's level and growth figures of output, revenue and profit, and its investment
/// growth and enterprise counts (`counts`: 2022, 2023).
fn jixi_figures(figures: &[SampleFigure], counts: [usize; 2]) -> Vec<SampleFigure> {
    let Some(output) = jixi_output(figures) else {
        return Vec::new();
    };
    let revenue: [[f64; 11]; 3] =
        std::array::from_fn(|y| output[y].map(|o| round1(o * REVENUE_PER_OUTPUT[y])));
    let profit: [[f64; 11]; 3] = std::array::from_fn(|y| {
        std::array::from_fn(|i| round1(revenue[y][i] * MARGIN[y][i] / 100.0))
    });
    let ill = SourceTag::Illustrative;
    let mut out = Vec::new();
    for (k, year) in [2022, 2023].into_iter().enumerate() {
        for (i, p) in Period::all_in_year(year).enumerate() {
            let fig = |ind, v| whole(JIXI, ind, Basis::Ytd, p, v, ill);
            for (level, rate, series) in [
                (OUTPUT, OUTPUT_GROWTH, &output),
                (REVENUE, REVENUE_GROWTH, &revenue),
                (PROFIT, PROFIT_GROWTH, &profit),
            ] {
                out.push(fig(level, series[k + 1][i]));
                out.push(fig(rate, growth(series[k + 1][i], series[k][i])));
            }
            out.push(fig(FAI_GROWTH, JIXI_FAI[k].1[i]));
            out.push(fig(
                INDUSTRIAL_INVESTMENT_GROWTH,
                JIXI_INDUSTRIAL_INVESTMENT[k].1[i],
            ));
            out.push(fig(ENTERPRISE_COUNT, counts[k] as f64));
        }
    }
    out
}

/// The province's growth paths per indicator of GROWTH_INDICATORS, for year index `k`.
fn province_paths(k: usize) -> [[f64; 11]; 5] {
    let va = PROVINCE_YTD[k].1;
    let output: [f64; 11] = std::array::from_fn(|i| r1(va[i] + PROVINCE_OUTPUT_OVER_VA[k][i]));
    let revenue = output.map(|o| r1(o + PROVINCE_REVENUE_OVER_OUTPUT[k]));
    [
        output,
        revenue,
        PROVINCE_PROFIT[k],
        PROVINCE_FAI[k],
        PROVINCE_INDUSTRIAL_INVESTMENT[k],
    ]
}

/// A slow random walk over a year's periods, swinging more early on.
fn walk(rng: &mut Rng, early: f64, late: f64) -> [f64; 11] {
    let mut w = rng.range(-early, early) * 0.5;
    std::array::from_fn(|i| {
        let swing = if i < 3 { early } else { late };
        w = 0.8 * w + rng.range(-swing, swing);
        w
    })
}

/// One city's growth paths for year index `k`, in GROWTH_INDICATORS order: output and
/// revenue follow the city's value-added growth `va` as the province's follow its own;
/// profit follows the city's revenue against the province's; investment the province's.
fn city_paths(rng: &mut Rng, k: usize, va: &[f64; 11], prov: &[[f64; 11]; 5]) -> [[f64; 11]; 5] {
    let offsets = [
        rng.range(-1.5, 1.5),
        rng.range(-1.0, 1.0),
        rng.range(-6.0, 6.0),
        rng.range(-7.0, 7.0),
        rng.range(-9.0, 9.0),
    ];
    let walks = [
        walk(rng, 0.8, 0.3),
        walk(rng, 0.6, 0.2),
        walk(rng, 2.0, 0.8),
        walk(rng, 2.0, 0.6),
        walk(rng, 2.5, 0.8),
    ];
    let prov_va = PROVINCE_YTD[k].1;
    let output: [f64; 11] =
        std::array::from_fn(|i| r1(va[i] + (prov[0][i] - prov_va[i]) + offsets[0] + walks[0][i]));
    let revenue: [f64; 11] = std::array::from_fn(|i| {
        r1(output[i] + (prov[1][i] - prov[0][i]) + offsets[1] + walks[1][i])
    });
    let profit = std::array::from_fn(|i| {
        r1(prov[2][i] + (revenue[i] - prov[1][i]) + offsets[2] + walks[2][i])
    });
    let fai = std::array::from_fn(|i| r1(prov[3][i] + offsets[3] + walks[3][i]));
    let inv = std::array::from_fn(|i| r1(prov[4][i] + offsets[4] + walks[4][i]));
    [output, revenue, profit, fai, inv]
}

/// Every figure of this module: Jixi's indicators (`counts`: its 规上 enterprises in 2022
/// and 2023), the province's and the other cities' growth rates.
pub(super) fn more_figures(
    figures: &[SampleFigure],
    counts: [usize; 2],
    rng: &mut Rng,
) -> Vec<SampleFigure> {
    let mut out = jixi_figures(figures, counts);
    let ill = SourceTag::Illustrative;
    for (k, year) in [2022, 2023].into_iter().enumerate() {
        let prov = province_paths(k);
        let periods: Vec<Period> = Period::all_in_year(year).collect();
        for (ind, path) in GROWTH_INDICATORS.iter().zip(&prov) {
            for (i, &p) in periods.iter().enumerate() {
                out.push(whole(HEILONGJIANG, ind, Basis::Ytd, p, path[i], ill));
            }
        }
        for &(code, _) in &super::cities::OTHER_CITIES {
            let Some(va) = path_of(figures, code, VA_GROWTH, year) else {
                continue;
            };
            let mut paths = city_paths(rng, k, &va, &prov);
            for &(_, _, shift) in PROFIT_SHIFT.iter().filter(|s| s.0 == code && s.1 == year) {
                paths[2] = paths[2].map(|x| r1(x + shift));
            }
            for (ind, path) in GROWTH_INDICATORS.iter().zip(&paths) {
                for (i, &p) in periods.iter().enumerate() {
                    out.push(whole(code, ind, Basis::Ytd, p, path[i], ill));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::returns::{members, return_stats};
    use crate::model::returns::ReturnIndicator;
    use crate::store::Dataset;

    fn p(year: i32, month: u32) -> Period {
        Period::new(year, month).expect("period")
    }

    /// The returns' aggregate growth (comparable enterprises) and total ytd level (every
    /// reporting enterprise) of `ind` at `period`.
    fn returns_total(ds: &Dataset, period: Period, ind: ReturnIndicator) -> (f64, f64) {
        let register = ds.register().expect("register");
        let resolved = ds.returns_for(period, ind).expect("returns");
        let stats = return_stats(period, ind, &members(&register, ds.catalogue()), &resolved);
        let level: f64 = resolved.iter().filter_map(|r| r.ytd).sum();
        (stats.growth_pct.expect("comparable enterprises"), level)
    }

    /// The returns' Σ ytd over Σ last-year ytd of the enterprises that have both, − 1, %.
    fn returns_sum_growth(ds: &Dataset, period: Period, ind: ReturnIndicator) -> f64 {
        let resolved = ds.returns_for(period, ind).expect("returns");
        let (mut now, mut last) = (0.0, 0.0);
        for r in &resolved {
            if let (Some(n), Some(l)) = (r.ytd, r.ytd_last_year) {
                now += n;
                last += l;
            }
        }
        (now / last - 1.0) * 100.0
    }

    fn jixi(figures: &[SampleFigure], indicator: &str, period: Period) -> f64 {
        find(figures, JIXI, indicator, &Subject::Whole, period).expect("Jixi's figure")
    }

    /// How far the city's output and revenue growth may be from its enterprises' aggregate
    /// growth, points (measured: at most 0.44 for output, 0.62 for revenue).
    const GROWTH_BAND_PP: f64 = 1.0;
    /// The same for profit (Σ over Σ of the enterprises reporting both years), a small
    /// number over a small number (measured: at most 0.66).
    const PROFIT_BAND_PP: f64 = 1.5;
    /// How far the city's output level may be from the sum of its enterprises' returns, %:
    /// measured −1.25 % in 2022 and up to +5.2 % in 2023, when the five enterprises new in 2023
    /// report on top of the comparable ones the city's path grows from.
    const LEVEL_BAND_PCT: f64 = 6.0;

    #[test]
    fn jixi_output_revenue_and_profit_grow_as_its_enterprises_returns_do() {
        let ds = super::super::in_memory().expect("sample");
        let figures = super::super::figures();
        for period in Period::all_in_year(2022).chain(Period::all_in_year(2023)) {
            for (ind, rate) in [
                (ReturnIndicator::Output, OUTPUT_GROWTH),
                (ReturnIndicator::Revenue, REVENUE_GROWTH),
            ] {
                let (growth, _) = returns_total(&ds, period, ind);
                let city = jixi(&figures, rate, period);
                assert!(
                    (growth - city).abs() <= GROWTH_BAND_PP,
                    "{} {ind}: returns {growth:.2} vs city {city}",
                    period.code()
                );
            }
            let growth = returns_sum_growth(&ds, period, ReturnIndicator::Profit);
            let city = jixi(&figures, PROFIT_GROWTH, period);
            assert!(
                (growth - city).abs() <= PROFIT_BAND_PP,
                "{} profit: returns {growth:.2} vs city {city}",
                period.code()
            );
            let (_, level) = returns_total(&ds, period, ReturnIndicator::Output);
            let off = (level / jixi(&figures, OUTPUT, period) - 1.0) * 100.0;
            assert!(
                off.abs() <= LEVEL_BAND_PCT,
                "{} output level {off:.2}%",
                period.code()
            );
        }
    }

    #[test]
    fn jixi_has_every_indicator_for_every_period_and_levels_agree_with_rates() {
        let figures = super::super::figures();
        let every = [
            VA,
            VA_GROWTH,
            OUTPUT,
            OUTPUT_GROWTH,
            REVENUE,
            REVENUE_GROWTH,
            PROFIT,
            PROFIT_GROWTH,
            FAI_GROWTH,
            INDUSTRIAL_INVESTMENT_GROWTH,
            ENTERPRISE_COUNT,
        ];
        let catalogue = crate::model::catalogue::builtin();
        for ind in every {
            assert!(
                catalogue.indicator(ind).is_some(),
                "{ind} is in the catalogue"
            );
            for period in Period::all_in_year(2022).chain(Period::all_in_year(2023)) {
                let n = figures
                    .iter()
                    .filter(|f| {
                        f.region == JIXI && f.indicator == ind && f.subject == Subject::Whole
                    })
                    .filter(|f| f.basis == Basis::Ytd && f.period == period)
                    .count();
                assert_eq!(n, 1, "{ind} {}", period.code());
            }
        }
        // 2023's stored rates are the stored levels' growth over 2022's, as published (0.1).
        for (level, rate) in [
            (OUTPUT, OUTPUT_GROWTH),
            (REVENUE, REVENUE_GROWTH),
            (PROFIT, PROFIT_GROWTH),
        ] {
            for period in Period::all_in_year(2023) {
                let before = period.year_before().expect("2022");
                let from_levels =
                    growth(jixi(&figures, level, period), jixi(&figures, level, before));
                assert!(
                    (from_levels - jixi(&figures, rate, period)).abs() < 0.051,
                    "{rate} {}",
                    period.code()
                );
            }
        }
    }

    #[test]
    fn the_province_and_all_thirteen_cities_have_the_growth_indicators() {
        let figures = super::super::figures();
        let mut regions: Vec<&str> = super::super::cities::OTHER_CITIES
            .iter()
            .map(|(c, _)| *c)
            .collect();
        regions.extend([JIXI, HEILONGJIANG]);
        for region in regions {
            for ind in GROWTH_INDICATORS {
                for year in [2022, 2023] {
                    assert!(
                        path_of(&figures, region, ind, year).is_some(),
                        "{region} {ind} {year}"
                    );
                }
            }
        }
        // Every new figure is illustrative, and a decline shows somewhere.
        let new: Vec<&SampleFigure> = figures
            .iter()
            .filter(|f| f.indicator != VA_GROWTH && f.indicator != VA)
            .collect();
        assert!(new.iter().all(|f| f.source == SourceTag::Illustrative));
        assert!(
            new.iter()
                .any(|f| f.indicator == PROFIT_GROWTH && f.value < 0.0)
        );
        assert!(
            new.iter()
                .all(|f| f.value.is_finite() && !(f.value == 0.0 && f.value.is_sign_negative()))
        );
    }

    #[test]
    fn the_enterprise_count_is_the_registers() {
        let ds = super::super::in_memory().expect("sample");
        let figures = super::super::figures();
        let register = ds.register().expect("register");
        let above = register.enterprises.iter().filter(|e| e.above_size).count();
        assert_eq!(above, 163);
        assert_eq!(jixi(&figures, ENTERPRISE_COUNT, p(2023, 12)), above as f64);
        // 2022: the 规上 enterprises that reported (those new in 2023 had not yet).
        let resolved = ds
            .returns_for(p(2022, 12), ReturnIndicator::Output)
            .expect("returns");
        let stats = return_stats(
            p(2022, 12),
            ReturnIndicator::Output,
            &members(&register, ds.catalogue()),
            &resolved,
        );
        assert_eq!(
            jixi(&figures, ENTERPRISE_COUNT, p(2022, 4)),
            stats.reporting as f64
        );
        assert_eq!(stats.reporting, 158);
    }
}
