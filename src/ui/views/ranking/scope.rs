//! What the Ranking view ranks: the province's cities (全省各市) or a city's county-level
//! divisions (全市各县区, SPEC §12). A scope is a parent and its children; its figures are
//! read once per selection (a county's are not in the city's snapshot) and everything drawn
//! — bars, rank history, the per-region table with rank change, streak, gap and target
//! progress, the tile map — is worked out then, never per frame.
//!
//! The analysis offers ranks, changes and streaks for one region's context; the table
//! needs them for every child, so [`rows`] runs them per child here (a small pure helper,
//! SPEC §12's "peers like the province's cities").

use crate::analysis::ranking;
use crate::analysis::targets::{TargetProgress, inputs_for, level_and_rate, progress};
use crate::briefing::chart::{self, Chart};
use crate::briefing::map::{MapChart, map_chart};
use crate::model::catalogue::VA_GROWTH;
use crate::model::target::Target;
use crate::model::{
    Basis, Catalogue, Figures, Lang, Period, Region, RegionContext, RegionLevel, SeriesKey,
    Snapshot,
};
use crate::store::Dataset;

/// Which regions are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// The province's cities (全省各市).
    #[default]
    Cities,
    /// A city's county-level divisions (全市各县区).
    Counties,
}

/// The parent whose children a scope ranks for `subject`: for the cities, the subject's
/// province (the subject itself when it is one); for the counties, the subject's city (the
/// subject when it is a city, else the home region when that is a city). None when there is
/// no such parent or it has no children in the catalogue.
pub fn scope_parent(cat: &Catalogue, subject: &str, home: &str, scope: Scope) -> Option<String> {
    let region = cat.region(subject)?;
    let up = |r: &Region| cat.parent_of(r).cloned();
    let parent = match (scope, region.level) {
        (Scope::Cities, RegionLevel::Province) => Some(region.clone()),
        (Scope::Cities, RegionLevel::City) => up(region),
        (Scope::Cities, RegionLevel::County) => up(region).and_then(|c| up(&c)),
        (Scope::Counties, RegionLevel::City) => Some(region.clone()),
        (Scope::Counties, RegionLevel::County) => up(region),
        (Scope::Counties, _) => cat
            .region(home)
            .filter(|h| h.level == RegionLevel::City)
            .cloned(),
        (Scope::Cities, RegionLevel::Nation) => None,
    }?;
    let level = match scope {
        Scope::Cities => RegionLevel::City,
        Scope::Counties => RegionLevel::County,
    };
    let has_children = cat.children_of(&parent.code).any(|c| c.level == level);
    has_children.then_some(parent.code)
}

/// The child of `parent` that is `subject` or holds it (the tile and bar to highlight).
pub fn highlighted(cat: &Catalogue, parent: &str, subject: &str) -> Option<String> {
    let mut at = cat.region(subject);
    while let Some(r) = at {
        if r.parent.as_deref() == Some(parent) {
            return Some(r.code.clone());
        }
        at = cat.parent_of(r);
    }
    None
}

/// What a scope's data were worked out for.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeKey {
    /// The data generation (a save or import makes a new one).
    pub generation: u64,
    /// The parent region.
    pub parent: String,
    /// The subject region.
    pub subject: String,
    /// The home region (its tile is bordered).
    pub home: String,
    /// Period.
    pub period: Period,
    /// Basis.
    pub basis: Basis,
    /// Language of the labels.
    pub lang: Lang,
}

/// One child's line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeRow {
    /// Region code.
    pub code: String,
    /// Name in the language of the key.
    pub name: String,
    /// Growth, %.
    pub value: f64,
    /// Competition rank among the children.
    pub rank: u32,
    /// Places moved up since the previous period of the year (negative: down).
    pub change: Option<i32>,
    /// Periods in a row (this year) at this rank or better.
    pub streak: u32,
    /// Growth minus the parent's, points.
    pub gap_pp: Option<f64>,
    /// Progress against the child's value-added target of the year, if it has one.
    pub target: Option<TargetProgress>,
    /// The unit of the target's indicator (a level target is in it).
    pub target_unit: String,
}

/// A scope's results.
pub struct ScopeData {
    /// What they were worked out for.
    pub key: ScopeKey,
    /// The parent region.
    pub parent: Region,
    /// The child highlighted (the subject or the child holding it).
    pub highlighted: Option<String>,
    /// Growth bars, best first.
    pub bars: Chart,
    /// The region of each bar.
    pub bar_regions: Vec<String>,
    /// The highlighted child's rank over the year (None when no child is highlighted).
    pub history: Option<Chart>,
    /// The table, best first.
    pub rows: Vec<ScopeRow>,
    /// The tile map.
    pub map: Option<MapChart>,
}

/// Reads the figures of `key.parent` and its children and works everything out; the
/// error is the store's, in both languages.
pub fn load(
    ds: &Dataset,
    cat: &Catalogue,
    targets: &[Target],
    key: ScopeKey,
    is_sample: bool,
) -> Result<ScopeData, (String, String)> {
    let said = |e: crate::store::StoreError| (e.message(Lang::Zh), e.message(Lang::En));
    let parent = cat.region(&key.parent).cloned().ok_or_else(|| {
        (
            format!("目录中没有地区{}", key.parent),
            format!("region {} is not in the catalogue", key.parent),
        )
    })?;
    let level = match parent.level {
        RegionLevel::City => RegionLevel::County,
        _ => RegionLevel::City,
    };
    let children: Vec<String> = cat
        .children_of(&parent.code)
        .filter(|c| c.level == level)
        .map(|c| c.code.clone())
        .collect();
    let mut codes: Vec<&str> = children.iter().map(String::as_str).collect();
    codes.push(&parent.code);
    let figures = ds.figures_for_regions(&codes).map_err(said)?;
    Ok(build(
        cat, targets, key, parent, children, figures, is_sample,
    ))
}

/// Works out a scope's results from its figures (no dataset: tests call it directly).
pub fn build(
    cat: &Catalogue,
    targets: &[Target],
    key: ScopeKey,
    parent: Region,
    children: Vec<String>,
    figures: Figures,
    is_sample: bool,
) -> ScopeData {
    let highlighted = highlighted(cat, &parent.code, &key.subject);
    let lang = key.lang;
    // The snapshot the chart builders expect: the highlighted child (or the parent, which
    // is no bar) among its peers, the parent as the comparator.
    let focus = highlighted.as_deref().unwrap_or(&parent.code);
    let snap = Snapshot {
        title: String::new(),
        is_sample,
        catalogue: cat.clone(),
        context: RegionContext {
            region: cat.region(focus).cloned().unwrap_or_else(|| parent.clone()),
            parent: Some(parent.clone()),
            nation: cat.nation().cloned(),
            peers: children.clone(),
        },
        figures,
        register: Default::default(),
        skipped: Vec::new(),
    };
    let (basis, period) = (key.basis, key.period);
    let county = parent.level == RegionLevel::City;
    let mut bars = chart::ranking_bars(&snap, basis, period, lang);
    if county {
        bars.title = match lang {
            Lang::Zh => format!(
                "{}各县（市、区）规上工业增加值增速（{}，%）",
                parent.name_zh,
                period.label_with_year(basis, lang)
            ),
            Lang::En => format!(
                "Growth of value added by county, {} ({}, %)",
                parent.name_en,
                period.label_with_year(basis, lang)
            ),
        };
    }
    let bar_regions = ranking::rank_peers(&snap.figures, &children, VA_GROWTH, basis, period)
        .into_iter()
        .map(|e| e.region)
        .collect();
    let history = highlighted.as_ref().map(|_| {
        let mut h = chart::rank_history(&snap, basis, period.year(), lang);
        if county {
            h.title = match lang {
                Lang::Zh => format!("{}年全市排名（位）", period.year()),
                Lang::En => format!("Rank in the city, {}", period.year()),
            };
        }
        h.marked = vec![period.index_in_year() as usize];
        h
    });
    let rows = rows(&snap, targets, basis, period, lang);
    let map = map_chart(
        &snap.figures,
        cat,
        &parent.code,
        Some(key.home.as_str()),
        VA_GROWTH,
        basis,
        period,
        lang,
    );
    ScopeData {
        key,
        parent,
        highlighted,
        bars,
        bar_regions,
        history,
        rows,
        map,
    }
}

/// Every ranked child's rank, change, streak, gap to the parent and value-added target
/// progress, best first.
pub fn rows(
    snap: &Snapshot,
    targets: &[Target],
    basis: Basis,
    period: Period,
    lang: Lang,
) -> Vec<ScopeRow> {
    let cat = &snap.catalogue;
    let peers = &snap.context.peers;
    let figures = &snap.figures;
    let parent_value = snap
        .context
        .parent
        .as_ref()
        .and_then(|p| figures.value(&SeriesKey::whole(&p.code, VA_GROWTH, basis), period));
    let (level, rate) = level_and_rate(cat, VA_GROWTH);
    ranking::rank_peers(figures, peers, VA_GROWTH, basis, period)
        .into_iter()
        .map(|e| {
            let target = targets
                .iter()
                .find(|t| {
                    t.region == e.region
                        && t.year == period.year()
                        && (Some(t.indicator.as_str()) == level
                            || Some(t.indicator.as_str()) == rate)
                })
                .map(|t| progress(t, period, &inputs_for(t, period, figures, cat)));
            let target_unit = target
                .as_ref()
                .and_then(|t| cat.indicator(&t.indicator))
                .map_or(String::new(), |i| i.unit.clone());
            ScopeRow {
                target_unit,
                name: cat
                    .region(&e.region)
                    .map_or(e.region.clone(), |r| r.name(lang).to_string()),
                change: ranking::rank_change(figures, &e.region, peers, VA_GROWTH, basis, period),
                streak: ranking::streak_within(
                    figures, &e.region, peers, VA_GROWTH, basis, period, e.rank,
                ),
                gap_pp: parent_value.map(|p| crate::analysis::gap_pp(e.value, p)),
                value: e.value,
                rank: e.rank,
                target,
                code: e.region,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Figure;

    #[test]
    fn the_scopes_parent_follows_the_subject_up_and_down() {
        let cat = crate::model::catalogue::builtin();
        let p = |subject, scope| scope_parent(cat, subject, "230300", scope);
        assert_eq!(p("230300", Scope::Cities).as_deref(), Some("230000"));
        assert_eq!(p("230000", Scope::Cities).as_deref(), Some("230000"));
        assert_eq!(p("230302", Scope::Cities).as_deref(), Some("230000"));
        assert_eq!(p("230300", Scope::Counties).as_deref(), Some("230300"));
        assert_eq!(p("230302", Scope::Counties).as_deref(), Some("230300"));
        // The province's counties are the home city's.
        assert_eq!(p("230000", Scope::Counties).as_deref(), Some("230300"));
        assert_eq!(
            highlighted(cat, "230000", "230302").as_deref(),
            Some("230300")
        );
        assert_eq!(highlighted(cat, "230300", "230300"), None);
    }

    #[test]
    fn each_county_gets_its_rank_change_streak_and_gap() {
        let cat = crate::model::catalogue::builtin();
        let mut figures = Figures::new();
        let (march, april) = (
            Period::new(2023, 3).expect("p"),
            Period::new(2023, 4).expect("p"),
        );
        let mut put = |code: &str, p: Period, v: f64| {
            figures.insert(
                SeriesKey::whole(code, VA_GROWTH, Basis::Ytd),
                p,
                Figure {
                    value: v,
                    source: None,
                },
            )
        };
        put("230300", april, 10.0);
        for (code, m, a) in [
            ("230302", 5.0, 12.0),
            ("230303", 9.0, 11.0),
            ("230321", 8.0, 4.0),
        ] {
            put(code, march, m);
            put(code, april, a);
        }
        let parent = cat.region("230300").cloned().expect("Jixi");
        let children: Vec<String> = cat.children_of("230300").map(|r| r.code.clone()).collect();
        let key = ScopeKey {
            generation: 1,
            parent: "230300".into(),
            subject: "230302".into(),
            home: "230300".into(),
            period: april,
            basis: Basis::Ytd,
            lang: Lang::Zh,
        };
        let d = build(cat, &[], key, parent, children, figures, false);
        let order: Vec<&str> = d.rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(order, ["230302", "230303", "230321"]);
        assert_eq!(d.bar_regions, order);
        let first = &d.rows[0];
        // 3rd in March, 1st in April: up two places, one period at 1st.
        assert_eq!((first.rank, first.change, first.streak), (1, Some(2), 1));
        assert_eq!(first.gap_pp, Some(2.0));
        assert_eq!(d.rows[1].streak, 2, "2nd or better in March and April");
        assert_eq!(d.highlighted.as_deref(), Some("230302"));
        assert!(d.history.is_some());
        assert_eq!(d.map.as_ref().map(|m| m.tiles.len()), Some(9));
        assert!(d.bars.title.contains("各县"), "{}", d.bars.title);
    }
}
