//! Pure analysis of figures: gaps, ranks and streaks, shares, contributions and pulls,
//! group growth, two-year averages and data-quality checks. No SQL and no egui here: every
//! function takes figures and returns results.
//!
//! Published rates are used as published and never recomputed from levels; levels are
//! used for shares, contributions, pulls and for groups without a published rate.

pub mod checks;
pub mod evaluation;
pub mod headline;
pub mod indicators;
pub mod ranking;
pub mod register;
pub mod returns;
pub mod structure;
pub mod targets;
pub mod warnings;

pub use crate::model::RegionContext;
pub use headline::{Headline, headline};
pub use register::RegisterStats;
pub use structure::{GroupGrowth, Part, Structure};

use crate::model::catalogue::LEADING4;
use crate::model::{Basis, Period, SeriesKey, Snapshot};

/// Emerging enterprises within the leading industries (e.g. 132 in graphite, food and
/// medicine, 54.3% of all emerging enterprises).
#[derive(Debug, Clone, PartialEq)]
pub struct EmergingInLeading {
    /// The leading industries that have emerging enterprises, in catalogue order.
    pub industries: Vec<String>,
    /// How many emerging enterprises they have.
    pub count: usize,
    /// Their share of all emerging enterprises, %.
    pub share_pct: Option<f64>,
}

/// Everything the views and the briefing show for one period, computed once per selection.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodAnalysis {
    /// The headline indicator.
    pub indicator: String,
    /// The basis of the headline, ranks and streaks.
    pub basis: Basis,
    /// The period.
    pub period: Period,
    /// Headline figures (None when the region has no figure for the period).
    pub headline: Option<Headline>,
    /// Industry structure (None without industry levels).
    pub structure: Option<Structure>,
    /// Group growth, one per catalogue group.
    pub groups: Vec<GroupGrowth>,
    /// Register counts.
    pub register: RegisterStats,
    /// Emerging enterprises within the leading industries.
    pub emerging_in_leading: Option<EmergingInLeading>,
}

/// Analyses the snapshot's region for one period.
pub fn analyse(snap: &Snapshot, indicator: &str, basis: Basis, period: Period) -> PeriodAnalysis {
    let region = &snap.context.region.code;
    let structure = structure::structure(&snap.figures, &snap.catalogue, region, period);
    let groups = snap
        .catalogue
        .groups
        .iter()
        .map(|g| {
            structure::group_growth(
                &snap.figures,
                &snap.catalogue,
                region,
                g,
                structure.as_ref(),
                period,
            )
        })
        .collect();
    let emerging_in_leading = snap.catalogue.group(LEADING4).and_then(|g| {
        let with_emerging: Vec<String> = g
            .members
            .iter()
            .filter(|m| {
                snap.register
                    .enterprises
                    .iter()
                    .any(|e| e.emerging && e.industry.as_ref() == Some(*m))
            })
            .cloned()
            .collect();
        if with_emerging.is_empty() {
            return None;
        }
        let (count, share_pct) = register::emerging_in(&snap.register, &with_emerging);
        Some(EmergingInLeading {
            industries: with_emerging,
            count,
            share_pct,
        })
    });
    PeriodAnalysis {
        indicator: indicator.to_string(),
        basis,
        period,
        headline: headline(&snap.figures, &snap.context, indicator, basis, period),
        structure,
        groups,
        register: register::register_stats(&snap.register, period),
        emerging_in_leading,
    }
}

/// The latest period with a figure for the snapshot's region.
pub fn latest_period(snap: &Snapshot, indicator: &str, basis: Basis) -> Option<Period> {
    snap.figures.latest(&SeriesKey::whole(
        &snap.context.region.code,
        indicator,
        basis,
    ))
}

/// The periods with a figure for the snapshot's region, oldest first.
pub fn periods(snap: &Snapshot, indicator: &str, basis: Basis) -> Vec<Period> {
    let key = SeriesKey::whole(&snap.context.region.code, indicator, basis);
    snap.figures
        .series(&key)
        .map(|s| s.keys().copied().collect())
        .unwrap_or_default()
}

/// Rounds to one decimal, as rates and gaps are published.
pub fn round1(x: f64) -> f64 {
    round_to(x, 1)
}

/// A rate with its sign word, as bulletins say it: 增长19.2% / 下降2.9% / 与上年同期持平;
/// grew by / fell by / was unchanged.
pub fn growth_words(rate: f64, lang: crate::model::Lang) -> String {
    use crate::model::Lang;
    let r = round1(rate);
    match lang {
        Lang::Zh if r > 0.0 => format!("增长{r:.1}%"),
        Lang::Zh if r < 0.0 => format!("下降{:.1}%", -r),
        Lang::Zh => "与上年同期持平".to_string(),
        Lang::En if r > 0.0 => format!("grew by {r:.1}%"),
        Lang::En if r < 0.0 => format!("fell by {:.1}%", -r),
        Lang::En => "was unchanged".to_string(),
    }
}

/// `x` rounded half away from zero to `decimals` places, as a person rounds the decimal
/// number: 2.255 → 2.26 and 10.995 → 11.00, although their nearest binary values lie just
/// below. The scaled value is first snapped to a millionth, which removes that binary
/// noise without moving any genuine value.
pub fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let snapped = ((x * scale) * 1e6).round() / 1e6;
    let r = snapped.round() / scale;
    // Avoid printing "-0.0".
    if r == 0.0 { 0.0 } else { r }
}

/// The gap between two published rates in percentage points (个百分点), to one decimal.
pub fn gap_pp(rate: f64, other: f64) -> f64 {
    round1(rate - other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_plain_differences_in_points() {
        assert_eq!(gap_pp(19.2, 3.6), 15.6);
        assert_eq!(gap_pp(31.1, 2.4), 28.7);
        assert_eq!(gap_pp(-2.9, 4.0), -6.9);
        assert_eq!(gap_pp(3.6, 3.6), 0.0);
    }
}
