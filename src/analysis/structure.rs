//! Industry structure: shares of a level indicator, growth by industry, contribution rates
//! (贡献率) and pulls (拉动), and industry-group growth.
//!
//! Formulas (reference/published-figures.md):
//! - share = part ÷ whole × 100; what the parts do not cover is "其他/Other";
//! - contribution = increase of the part ÷ increase of the whole × 100 (they sum to 100);
//! - pull = increase of the part ÷ the whole's base-period level × 100, in percentage points
//!   (they sum to the whole's growth from levels).
//!
//! The base-period level of a part is its level in the same period a year earlier; when the
//! dataset lacks it but holds the part's rate, the base is level ÷ (1 + rate).
//! Stored rates are shown as stored (published or illustrative, as their source says);
//! growth from levels is used only when no rate is stored.

use serde::Serialize;

use super::round1;
use crate::model::{Basis, Catalogue, Figures, IndustryGroup, Period, SeriesKey, Subject};

/// One part of the whole (an industry, or "other").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// Industry code ("other" for the remainder).
    pub code: String,
    /// Level in the period.
    pub level: f64,
    /// Level in the same period a year earlier (stored or derived from the rate).
    pub base_level: Option<f64>,
    /// Share of the whole, %.
    pub share_pct: Option<f64>,
    /// Growth, %: the stored rate where there is one, else from levels.
    pub growth_pct: Option<f64>,
    /// True when `growth_pct` is a rate stored in the dataset (published or illustrative:
    /// its source says which), false when it is computed from levels.
    pub rate_stored: bool,
    /// Contribution rate, % of the whole's increase.
    pub contribution_pct: Option<f64>,
    /// Pull on the whole's growth, percentage points.
    pub pull_pp: Option<f64>,
}

/// The structure of a region's level indicator in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Structure {
    /// The level indicator used (value added, else gross output).
    pub indicator: String,
    /// The period.
    pub period: Period,
    /// The whole's level (stored, else the sum of the parts).
    pub whole_level: f64,
    /// The whole's base-period level.
    pub whole_base: Option<f64>,
    /// The whole's growth computed from levels, %.
    pub whole_growth_from_levels: Option<f64>,
    /// The industries with a level, in catalogue order.
    pub parts: Vec<Part>,
    /// What the industries do not cover (None when the whole is not stored).
    pub other: Option<Part>,
}

impl Structure {
    /// The industries and "other", in display order.
    pub fn all_parts(&self) -> impl Iterator<Item = &Part> {
        self.parts.iter().chain(self.other.iter())
    }

    /// The part for an industry code.
    pub fn part(&self, code: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.code == code)
    }
}

/// Code used for the remainder part.
pub const OTHER: &str = "other";

/// The level indicator a region's structure uses: value added if it has any industry
/// figure of it in the period, else gross output.
pub fn level_indicator_for(
    figures: &Figures,
    cat: &Catalogue,
    region: &str,
    period: Period,
) -> Option<&'static str> {
    use crate::model::catalogue::{OUTPUT, VA};
    [VA, OUTPUT].into_iter().find(|ind| {
        cat.industries.iter().any(|i| {
            let key = SeriesKey {
                region: region.to_string(),
                indicator: ind.to_string(),
                subject: Subject::Industry(i.code.clone()),
                basis: Basis::Ytd,
            };
            figures.value(&key, period).is_some()
        })
    })
}

/// True for the figures a structure on the level indicator `level` rests on: the region's
/// industry levels and rates of that indicator, and its whole level (the headline growth is
/// not one of them).
pub fn rests_on(cat: &Catalogue, region: &str, level: &str, key: &SeriesKey) -> bool {
    if key.region != region {
        return false;
    }
    let rate = rate_of(cat, level);
    match &key.subject {
        Subject::Industry(_) => key.indicator == level || Some(key.indicator.as_str()) == rate,
        Subject::Whole => key.indicator == level,
        Subject::Group(_) => false,
    }
}

/// The rate indicator whose `growth_of` is `level` (e.g. va_growth for va).
fn rate_of<'a>(cat: &'a Catalogue, level: &str) -> Option<&'a str> {
    cat.indicators
        .iter()
        .find(|i| i.growth_of.as_deref() == Some(level))
        .map(|i| i.code.as_str())
}

/// Level, base level and stored rate of one subject.
fn level_and_base(
    figures: &Figures,
    cat: &Catalogue,
    region: &str,
    level_ind: &str,
    subject: Subject,
    period: Period,
) -> (Option<f64>, Option<f64>, Option<f64>) {
    let key = SeriesKey {
        region: region.to_string(),
        indicator: level_ind.to_string(),
        subject: subject.clone(),
        basis: Basis::Ytd,
    };
    let level = figures.value(&key, period);
    let rate = rate_of(cat, level_ind).and_then(|r| figures.value(&key_for(&key, r), period));
    let stored_base = period.year_before().and_then(|p| figures.value(&key, p));
    let base = stored_base.or_else(|| match (level, rate) {
        (Some(l), Some(g)) if g > -100.0 => Some(l / (1.0 + g / 100.0)),
        _ => None,
    });
    (level, base, rate)
}

fn key_for(key: &SeriesKey, indicator: &str) -> SeriesKey {
    SeriesKey {
        indicator: indicator.to_string(),
        ..key.clone()
    }
}

/// Growth in % from a level and its base, None for a zero or missing base.
pub fn growth_from_levels(level: f64, base: f64) -> Option<f64> {
    (base.abs() > f64::EPSILON).then(|| (level / base - 1.0) * 100.0)
}

/// The structure of `region` in `period` (ytd levels), or None without industry levels.
pub fn structure(
    figures: &Figures,
    cat: &Catalogue,
    region: &str,
    period: Period,
) -> Option<Structure> {
    let level_ind = level_indicator_for(figures, cat, region, period)?;
    let mut parts = Vec::new();
    for ind in &cat.industries {
        let (level, base, rate) = level_and_base(
            figures,
            cat,
            region,
            level_ind,
            Subject::Industry(ind.code.clone()),
            period,
        );
        let Some(level) = level else { continue };
        parts.push(Part {
            code: ind.code.clone(),
            level,
            base_level: base,
            share_pct: None,
            growth_pct: rate.or_else(|| base.and_then(|b| growth_from_levels(level, b))),
            rate_stored: rate.is_some(),
            contribution_pct: None,
            pull_pp: None,
        });
    }
    let parts_level: f64 = parts.iter().map(|p| p.level).sum();
    let parts_base: Option<f64> = parts.iter().map(|p| p.base_level).sum();
    let (whole_level, whole_base, _) =
        level_and_base(figures, cat, region, level_ind, Subject::Whole, period);
    let other = whole_level.map(|w| {
        let level = w - parts_level;
        let base = whole_base.zip(parts_base).map(|(wb, pb)| wb - pb);
        Part {
            code: OTHER.to_string(),
            level,
            base_level: base,
            share_pct: None,
            growth_pct: base.and_then(|b| growth_from_levels(level, b)),
            rate_stored: false,
            contribution_pct: None,
            pull_pp: None,
        }
    });
    let whole = whole_level.unwrap_or(parts_level);
    // Without a stored whole, the whole's base is the parts' base (there is no "other").
    let whole_base = match whole_level {
        Some(_) => whole_base,
        None => parts_base,
    };
    let increase = whole_base.map(|b| whole - b);
    let mut s = Structure {
        indicator: level_ind.to_string(),
        period,
        whole_level: whole,
        whole_base,
        whole_growth_from_levels: whole_base.and_then(|b| growth_from_levels(whole, b)),
        parts,
        other,
    };
    let fill = |p: &mut Part| {
        p.share_pct = (whole.abs() > f64::EPSILON).then(|| p.level / whole * 100.0);
        if let (Some(pb), Some(wb), Some(inc)) = (p.base_level, whole_base, increase) {
            let part_increase = p.level - pb;
            p.pull_pp = (wb.abs() > f64::EPSILON).then(|| part_increase / wb * 100.0);
            p.contribution_pct = (inc.abs() > f64::EPSILON).then(|| part_increase / inc * 100.0);
        }
    };
    s.parts.iter_mut().for_each(fill);
    if let Some(o) = s.other.as_mut() {
        fill(o);
    }
    Some(s)
}

/// An industry group's growth in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupGrowth {
    /// Group code.
    pub code: String,
    /// Growth, %: the stored rate where there is one, else from the members' levels.
    pub growth_pct: Option<f64>,
    /// True when `growth_pct` is a rate stored in the dataset (published or illustrative:
    /// its source says which), false when it is computed from the members' levels.
    pub rate_stored: bool,
    /// The group's share of the whole, %, from its members' levels.
    pub share_pct: Option<f64>,
    /// The group's pull on the whole's growth, percentage points (sum of members' pulls).
    pub pull_pp: Option<f64>,
}

/// A group's growth: its stored rate, or growth from its members' levels when every
/// member has a level and a base (a group reported from some of its members would be
/// another group: without all of them, the levels give nothing).
pub fn group_growth(
    figures: &Figures,
    cat: &Catalogue,
    region: &str,
    group: &IndustryGroup,
    structure: Option<&Structure>,
    period: Period,
) -> GroupGrowth {
    let stored = rate_of(cat, crate::model::catalogue::VA).and_then(|rate| {
        figures.value(
            &SeriesKey {
                region: region.to_string(),
                indicator: rate.to_string(),
                subject: Subject::Group(group.code.clone()),
                basis: Basis::Ytd,
            },
            period,
        )
    });
    let members: Vec<&Part> = structure
        .map(|s| {
            s.parts
                .iter()
                .filter(|p| group.members.contains(&p.code))
                .collect()
        })
        .filter(|m: &Vec<&Part>| m.len() == group.members.len())
        .unwrap_or_default();
    let level: f64 = members.iter().map(|p| p.level).sum();
    let base: Option<f64> = members.iter().map(|p| p.base_level).sum();
    let from_levels = base
        .filter(|_| !members.is_empty())
        .and_then(|b| growth_from_levels(level, b));
    let share = structure
        .filter(|s| !members.is_empty() && s.whole_level.abs() > f64::EPSILON)
        .map(|s| level / s.whole_level * 100.0);
    let pull = members
        .iter()
        .map(|p| p.pull_pp)
        .sum::<Option<f64>>()
        .filter(|_| !members.is_empty());
    GroupGrowth {
        code: group.code.clone(),
        growth_pct: stored.or(from_levels),
        rate_stored: stored.is_some(),
        share_pct: share,
        pull_pp: pull,
    }
}

/// Two-year average growth (两年平均), geometric: √((1+a)(1+b)) − 1, in %.
pub fn two_year_average(previous_pct: f64, current_pct: f64) -> Option<f64> {
    let product = (1.0 + previous_pct / 100.0) * (1.0 + current_pct / 100.0);
    (product >= 0.0).then(|| (product.sqrt() - 1.0) * 100.0)
}

/// The two-year average of a rate series at `period` (this year and the year before).
pub fn two_year_average_at(figures: &Figures, key: &SeriesKey, period: Period) -> Option<f64> {
    let now = figures.value(key, period)?;
    let before = figures.value(key, period.year_before()?)?;
    two_year_average(before, now).map(round1)
}

#[cfg(test)]
mod tests;
