//! Every indicator a region has figures for (SPEC §11): its year-to-date value, growth, gap
//! to the parent, rank among its peers and progress against its annual target — the
//! key-indicator table of the Overview, the briefing and `summary --json`.

use serde::Serialize;

use super::targets::{TargetProgress, inputs_for, level_and_rate, progress};
use super::{gap_pp, ranking};
use crate::model::target::Target;
use crate::model::{Basis, Catalogue, Figures, IndicatorKind, Period, RegionContext, SeriesKey};

/// One row of the key-indicator table; the serialised fields are `summary --json`'s
/// `"indicators"` entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRow {
    /// Indicator code.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Unit of `value`.
    pub unit: String,
    /// Basis of the value (year to date).
    pub basis: Basis,
    /// The region's value.
    pub value: f64,
    /// Growth over the same period last year, %: the value itself for a rate; for a level,
    /// its published rate when the dataset has one, else computed from the levels.
    pub growth_pct: Option<f64>,
    /// Growth minus the parent region's growth, points.
    pub vs_parent_pp: Option<f64>,
    /// Rank of the growth among the peers.
    pub rank: Option<u32>,
    /// Number of ranked peers.
    pub rank_of: Option<u32>,
    /// Progress against the region's target for the indicator (or its rate/level twin).
    #[serde(skip)]
    pub target: Option<TargetProgress>,
}

/// The growth of `indicator` in `region` at `period`, %, as [`IndicatorRow::growth_pct`]
/// defines it.
pub fn growth_pct(
    figures: &Figures,
    catalogue: &Catalogue,
    region: &str,
    indicator: &str,
    basis: Basis,
    period: Period,
) -> Option<f64> {
    let value = |code: &str, p: Period| figures.value(&SeriesKey::whole(region, code, basis), p);
    let (level, rate) = level_and_rate(catalogue, indicator);
    if let Some(published) = rate.and_then(|r| value(r, period)) {
        return Some(published);
    }
    let level = level?;
    let (cur, prev) = (value(level, period)?, value(level, period.year_before()?)?);
    (prev > 0.0).then(|| (cur / prev - 1.0) * 100.0)
}

/// The rows of every indicator `ctx.region` has a year-to-date figure for at `period`, in
/// catalogue order. A rate whose level is also listed is not repeated: the level's row
/// carries its growth.
pub fn indicator_rows(
    figures: &Figures,
    catalogue: &Catalogue,
    ctx: &RegionContext,
    period: Period,
    targets: &[Target],
) -> Vec<IndicatorRow> {
    let basis = Basis::Ytd;
    let region = ctx.region.code.as_str();
    let held = |code: &str| {
        figures
            .value(&SeriesKey::whole(region, code, basis), period)
            .is_some()
    };
    catalogue
        .indicators
        .iter()
        .filter(|i| held(&i.code))
        .filter(|i| !(i.kind == IndicatorKind::Rate && i.growth_of.as_deref().is_some_and(&held)))
        .filter_map(|i| {
            let value = figures.value(&SeriesKey::whole(region, &i.code, basis), period)?;
            let growth = growth_pct(figures, catalogue, region, &i.code, basis, period);
            let parent = ctx
                .parent
                .as_ref()
                .and_then(|p| growth_pct(figures, catalogue, &p.code, &i.code, basis, period));
            let peers: Vec<(String, f64)> = ctx
                .peers
                .iter()
                .filter_map(|p| {
                    growth_pct(figures, catalogue, p, &i.code, basis, period)
                        .map(|g| (p.clone(), g))
                })
                .collect();
            let table = ranking::competition_ranks(&peers);
            let rank = table.iter().find(|e| e.region == region).map(|e| e.rank);
            let (level, rate) = level_and_rate(catalogue, &i.code);
            let target = targets
                .iter()
                .find(|t| {
                    t.region == region
                        && t.year == period.year()
                        && (Some(t.indicator.as_str()) == level
                            || Some(t.indicator.as_str()) == rate)
                })
                .map(|t| progress(t, period, &inputs_for(t, period, figures, catalogue)));
            Some(IndicatorRow {
                code: i.code.clone(),
                name_zh: i.name_zh.clone(),
                name_en: i.name_en.clone(),
                unit: i.unit.clone(),
                basis,
                value,
                growth_pct: growth,
                vs_parent_pp: growth.zip(parent).map(|(g, p)| gap_pp(g, p)),
                rank: rank.filter(|_| table.len() > 1),
                rank_of: rank.filter(|_| table.len() > 1).map(|_| table.len() as u32),
                target,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Figure;
    use crate::model::target::TargetValue;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    fn put(figs: &mut Figures, region: &str, ind: &str, period: Period, v: f64) {
        figs.insert(
            SeriesKey::whole(region, ind, Basis::Ytd),
            period,
            Figure {
                value: v,
                source: None,
            },
        );
    }

    #[test]
    fn every_indicator_held_gets_a_row_with_growth_gap_rank_and_target() {
        let cat = crate::model::catalogue::builtin();
        let ctx = RegionContext::new(cat, "230300").expect("Jixi");
        let hlj = ctx.parent.as_ref().expect("province").code.clone();
        let mut figs = Figures::new();
        let now = p(2023, 4);
        // Value added: level and published rate (the rate is not repeated as a row).
        put(&mut figs, "230300", "va", now, 400.0);
        put(&mut figs, "230300", "va", p(2022, 4), 380.0);
        put(&mut figs, "230300", "va", p(2022, 12), 1200.0);
        put(&mut figs, "230300", "va_growth", now, 19.2);
        put(&mut figs, &hlj, "va_growth", now, 2.5);
        put(&mut figs, "230100", "va_growth", now, 19.2);
        put(&mut figs, "230200", "va_growth", now, 25.0);
        // Revenue: levels only, no rate figure → growth from the levels; the province's too.
        put(&mut figs, "230300", "revenue", now, 110.0);
        put(&mut figs, "230300", "revenue", p(2022, 4), 100.0);
        put(&mut figs, &hlj, "revenue", now, 103.0);
        put(&mut figs, &hlj, "revenue", p(2022, 4), 100.0);
        // Investment growth: a rate without a level.
        put(&mut figs, "230300", "fai_growth", now, -2.9);
        let targets = [Target {
            id: 1,
            region: "230300".into(),
            indicator: "va_growth".into(),
            year: 2023,
            value: TargetValue::Rate(8.0),
            source: None,
        }];
        let rows = indicator_rows(&figs, cat, &ctx, now, &targets);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert!(
            codes.contains(&"va") && !codes.contains(&"va_growth"),
            "{codes:?}"
        );
        assert!(codes.contains(&"revenue") && codes.contains(&"fai_growth"));
        let va = rows.iter().find(|r| r.code == "va").expect("va");
        assert_eq!((va.value, va.growth_pct), (400.0, Some(19.2)));
        assert_eq!(va.vs_parent_pp, Some(16.7));
        // 25.0 ranks first; Jixi ties Harbin at 19.2 → 2nd of 3.
        assert_eq!((va.rank, va.rank_of), (Some(2), Some(3)));
        let t = va.target.as_ref().expect("target");
        assert_eq!(t.gap_pp.map(|g| (g * 10.0).round() / 10.0), Some(11.2));
        assert!(t.needed_growth_pct.is_some());
        let revenue = rows.iter().find(|r| r.code == "revenue").expect("revenue");
        assert!((revenue.growth_pct.expect("growth") - 10.0).abs() < 1e-9);
        assert_eq!(revenue.vs_parent_pp, Some(7.0));
        // Alone among its peers: no rank claimed.
        assert_eq!((revenue.rank, revenue.target.is_none()), (None, true));
        let fai = rows.iter().find(|r| r.code == "fai_growth").expect("fai");
        assert_eq!(
            (fai.value, fai.growth_pct, fai.vs_parent_pp),
            (-2.9, Some(-2.9), None)
        );
    }
}
