//! The headline of a briefing: the region's cumulative (or monthly) rate, its gaps to the
//! parent region and the nation in percentage points, its rank among its peers, the change
//! of rank and the streak.

use serde::Serialize;

use super::{gap_pp, ranking, round1};
use crate::model::{Basis, Figures, Period, RegionContext, SeriesKey};

/// The headline figures of one region, indicator, basis and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// Indicator code.
    pub indicator: String,
    /// Basis the rates, ranks and streaks are on.
    pub basis: Basis,
    /// The period.
    #[serde(skip)]
    pub period: Period,
    /// The region's rate.
    pub value: f64,
    /// Gap to the parent region, percentage points (None without a parent figure).
    pub vs_parent_pp: Option<f64>,
    /// Gap to the nation, percentage points.
    pub vs_nation_pp: Option<f64>,
    /// Rank among the peers.
    pub rank: Option<u32>,
    /// Number of ranked peers.
    pub rank_of: Option<u32>,
    /// Change of rank against the previous period of the year, positive = moved up.
    pub rank_change: Option<i32>,
    /// Consecutive periods of the year at this rank or better, ending now.
    pub rank_streak: Option<u32>,
    /// Two-year average growth (两年平均, geometric over this year's and last year's rate
    /// of the same period), to one decimal.
    pub two_year_avg_pct: Option<f64>,
    /// Peers sharing the rank (codes), for "并列".
    #[serde(skip)]
    pub tied_with: Vec<String>,
    /// The parent region's rate.
    #[serde(skip)]
    pub parent_value: Option<f64>,
    /// The nation's rate.
    #[serde(skip)]
    pub nation_value: Option<f64>,
    /// The region's rate one year earlier, same period.
    #[serde(skip)]
    pub year_before: Option<f64>,
    /// The region's rate in the previous period of the year.
    #[serde(skip)]
    pub previous_period: Option<f64>,
}

/// Computes the headline, or None when the region has no figure for the period.
pub fn headline(
    figures: &Figures,
    ctx: &RegionContext,
    indicator: &str,
    basis: Basis,
    period: Period,
) -> Option<Headline> {
    let own = SeriesKey::whole(&ctx.region.code, indicator, basis);
    let value = figures.value(&own, period)?;
    let other = |code: Option<&str>| {
        code.and_then(|c| figures.value(&SeriesKey::whole(c, indicator, basis), period))
    };
    let parent_value = other(ctx.parent.as_ref().map(|r| r.code.as_str()));
    let nation_value = if ctx.region.level == crate::model::RegionLevel::Nation {
        None
    } else {
        other(ctx.nation.as_ref().map(|r| r.code.as_str()))
    };
    let table = ranking::rank_peers(figures, &ctx.peers, indicator, basis, period);
    let own_rank = table
        .iter()
        .find(|e| e.region == ctx.region.code)
        .map(|e| e.rank);
    let ranked = own_rank
        .map(|r| (r, table.len() as u32))
        // A ranking of one region says nothing.
        .filter(|(_, n)| *n > 1);
    let tied_with = match ranked {
        Some((rank, _)) => table
            .iter()
            .filter(|e| e.rank == rank && e.region != ctx.region.code)
            .map(|e| e.region.clone())
            .collect(),
        None => Vec::new(),
    };
    let rank_change = ranked.and_then(|_| {
        ranking::rank_change(
            figures,
            &ctx.region.code,
            &ctx.peers,
            indicator,
            basis,
            period,
        )
    });
    let rank_streak = ranked.map(|(rank, _)| {
        ranking::streak_within(
            figures,
            &ctx.region.code,
            &ctx.peers,
            indicator,
            basis,
            period,
            rank,
        )
    });
    let year_before = period.year_before().and_then(|p| figures.value(&own, p));
    Some(Headline {
        indicator: indicator.to_string(),
        basis,
        period,
        value,
        vs_parent_pp: parent_value.map(|p| gap_pp(value, p)),
        vs_nation_pp: nation_value.map(|n| gap_pp(value, n)),
        rank: ranked.map(|(r, _)| r),
        rank_of: ranked.map(|(_, n)| n),
        rank_change,
        rank_streak,
        two_year_avg_pct: year_before
            .and_then(|b| super::structure::two_year_average(b, value))
            .map(round1),
        tied_with,
        parent_value,
        nation_value,
        year_before,
        previous_period: period.prev_in_year().and_then(|p| figures.value(&own, p)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Figure;
    use crate::model::catalogue::{HEILONGJIANG, JIXI, NATION, builtin};

    fn p(m: u32) -> Period {
        Period::new(2023, m).expect("period")
    }

    fn put(f: &mut Figures, region: &str, m: u32, v: f64) {
        f.insert(
            SeriesKey::whole(region, "va_growth", Basis::Ytd),
            p(m),
            Figure {
                value: v,
                source: None,
            },
        );
    }

    #[test]
    fn negative_growth_and_gaps_below() {
        let mut f = Figures::new();
        put(&mut f, JIXI, 4, -2.9);
        put(&mut f, HEILONGJIANG, 4, 1.5);
        put(&mut f, NATION, 4, 3.6);
        put(&mut f, "230100", 4, -2.9);
        put(&mut f, "230200", 4, 5.0);
        let ctx = RegionContext::new(builtin(), JIXI).expect("ctx");
        let h = headline(&f, &ctx, "va_growth", Basis::Ytd, p(4)).expect("headline");
        assert_eq!(h.value, -2.9);
        assert_eq!(h.vs_parent_pp, Some(-4.4));
        assert_eq!(h.vs_nation_pp, Some(-6.5));
        // Tied with Harbin for second of three.
        assert_eq!((h.rank, h.rank_of), (Some(2), Some(3)));
        assert_eq!(h.tied_with, vec!["230100".to_string()]);
        assert_eq!(h.rank_change, None, "no 1—3月 figures");
        assert_eq!(h.rank_streak, Some(1));
    }

    #[test]
    fn a_region_without_parent_has_no_gap_and_no_rank() {
        let mut f = Figures::new();
        put(&mut f, NATION, 4, 3.6);
        let ctx = RegionContext::new(builtin(), NATION).expect("ctx");
        let h = headline(&f, &ctx, "va_growth", Basis::Ytd, p(4)).expect("headline");
        assert_eq!(h.value, 3.6);
        assert_eq!(h.vs_parent_pp, None);
        assert_eq!(h.vs_nation_pp, None);
        assert_eq!(h.rank, None);
        assert_eq!(h.rank_streak, None);
    }

    #[test]
    fn a_missing_period_gives_no_headline_and_missing_comparators_give_null() {
        let mut f = Figures::new();
        put(&mut f, JIXI, 4, 19.2);
        let ctx = RegionContext::new(builtin(), JIXI).expect("ctx");
        assert!(headline(&f, &ctx, "va_growth", Basis::Ytd, p(5)).is_none());
        let h = headline(&f, &ctx, "va_growth", Basis::Ytd, p(4)).expect("headline");
        assert_eq!((h.vs_parent_pp, h.vs_nation_pp, h.rank), (None, None, None));
    }

    #[test]
    fn rank_change_and_streak_over_the_year() {
        let mut f = Figures::new();
        // Jixi first in 1—2月 … 1—4月, overtaken in 1—5月.
        for (m, jixi, harbin) in [
            (2, 31.1, 5.0),
            (3, 24.6, 6.0),
            (4, 19.2, 7.0),
            (5, 16.3, 16.9),
        ] {
            put(&mut f, JIXI, m, jixi);
            put(&mut f, "230100", m, harbin);
        }
        let ctx = RegionContext::new(builtin(), JIXI).expect("ctx");
        let at = |m| headline(&f, &ctx, "va_growth", Basis::Ytd, p(m)).expect("headline");
        assert_eq!(at(4).rank_streak, Some(3));
        assert_eq!(at(4).rank_change, Some(0));
        assert_eq!(at(5).rank, Some(2));
        assert_eq!(at(5).rank_change, Some(-1));
        assert_eq!(
            at(5).rank_streak,
            Some(4),
            "four periods at rank 2 or better"
        );
    }
}
