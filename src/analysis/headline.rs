//! The headline of a briefing: the region's cumulative (or monthly) rate, its gaps to the
//! parent region and the nation in percentage points, its rank among its peers, the change
//! of rank and the streak.

use serde::Serialize;

use super::{gap_pp, ranking};
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
        tied_with,
        parent_value,
        nation_value,
        year_before: period.year_before().and_then(|p| figures.value(&own, p)),
        previous_period: period.prev_in_year().and_then(|p| figures.value(&own, p)),
    })
}
