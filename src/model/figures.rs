//! Figures in memory: published or illustrative values keyed by region, indicator, subject,
//! basis and period, each traceable to its source.
//!
//! The store fills a [`Figures`] for the regions a view or briefing needs; analysis reads it.
//! A missing figure is absent, never zero.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{Basis, Period};

/// The row id of a source in the dataset.
pub type SourceId = i64;

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Row id in the dataset.
    pub id: SourceId,
    /// Title, e.g. the bulletin's name.
    pub title: String,
    /// Publisher, e.g. 黑龙江省统计局.
    pub publisher: String,
    /// Publication date as printed (YYYY-MM-DD when known).
    pub published_on: String,
    /// Web address, when there is one.
    pub url: String,
    /// Anything else a reader needs to know (e.g. "UNVERIFIED in a second source").
    pub note: String,
    /// True when the figure is not published but made up to be plausible (sample data).
    pub illustrative: bool,
}

/// What a figure is about within a region: the whole economy, one industry or a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Subject {
    /// The region as a whole (all industry above designated size).
    Whole,
    /// One industry, by code.
    Industry(String),
    /// An industry group, by code (its published figure).
    Group(String),
}

/// Identifies one series: every period of one region/indicator/subject/basis.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeriesKey {
    /// Region code.
    pub region: String,
    /// Indicator code.
    pub indicator: String,
    /// Whole, industry or group.
    pub subject: Subject,
    /// Month or year to date.
    pub basis: Basis,
}

impl SeriesKey {
    /// A series for the region as a whole.
    pub fn whole(region: &str, indicator: &str, basis: Basis) -> SeriesKey {
        SeriesKey {
            region: region.to_string(),
            indicator: indicator.to_string(),
            subject: Subject::Whole,
            basis,
        }
    }

    /// The same series for a different subject.
    pub fn with_subject(&self, subject: Subject) -> SeriesKey {
        SeriesKey {
            subject,
            ..self.clone()
        }
    }
}

/// One value with its source.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The value in the indicator's unit.
    pub value: f64,
    /// The source row, if recorded.
    pub source: Option<SourceId>,
}

/// A set of figures and the sources they cite.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    series: HashMap<SeriesKey, BTreeMap<Period, Figure>>,
    sources: BTreeMap<SourceId, Source>,
}

impl Figures {
    /// An empty set.
    pub fn new() -> Figures {
        Figures::default()
    }

    /// Adds or replaces one figure.
    pub fn insert(&mut self, key: SeriesKey, period: Period, figure: Figure) {
        self.series.entry(key).or_default().insert(period, figure);
    }

    /// Adds a source.
    pub fn add_source(&mut self, source: Source) {
        self.sources.insert(source.id, source);
    }

    /// The source with this id.
    pub fn source(&self, id: SourceId) -> Option<&Source> {
        self.sources.get(&id)
    }

    /// All sources.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.sources.values()
    }

    /// One figure.
    pub fn get(&self, key: &SeriesKey, period: Period) -> Option<&Figure> {
        self.series.get(key).and_then(|s| s.get(&period))
    }

    /// One value.
    pub fn value(&self, key: &SeriesKey, period: Period) -> Option<f64> {
        self.get(key, period).map(|f| f.value)
    }

    /// Every period of one series, in order.
    pub fn series(&self, key: &SeriesKey) -> Option<&BTreeMap<Period, Figure>> {
        self.series.get(key)
    }

    /// The figures of `regions`, with every source: a part of a read of more regions.
    pub fn of_regions(&self, regions: &[&str]) -> Figures {
        Figures {
            series: self
                .series
                .iter()
                .filter(|(k, _)| regions.contains(&k.region.as_str()))
                .map(|(k, s)| (k.clone(), s.clone()))
                .collect(),
            sources: self.sources.clone(),
        }
    }

    /// All series keys.
    pub fn keys(&self) -> impl Iterator<Item = &SeriesKey> {
        self.series.keys()
    }

    /// Every (key, period, figure).
    pub fn iter(&self) -> impl Iterator<Item = (&SeriesKey, Period, &Figure)> {
        self.series
            .iter()
            .flat_map(|(k, s)| s.iter().map(move |(p, f)| (k, *p, f)))
    }

    /// Number of figures.
    pub fn len(&self) -> usize {
        self.series.values().map(BTreeMap::len).sum()
    }

    /// True when there are no figures.
    pub fn is_empty(&self) -> bool {
        self.series.values().all(BTreeMap::is_empty)
    }

    /// All periods that have at least one figure, in order.
    pub fn periods(&self) -> BTreeSet<Period> {
        self.series
            .values()
            .flat_map(|s| s.keys().copied())
            .collect()
    }

    /// The latest period of a series.
    pub fn latest(&self, key: &SeriesKey) -> Option<Period> {
        self.series
            .get(key)
            .and_then(|s| s.keys().next_back().copied())
    }

    /// True when the figure is marked illustrative by its source.
    pub fn is_illustrative(&self, figure: &Figure) -> bool {
        figure
            .source
            .and_then(|id| self.sources.get(&id))
            .is_some_and(|s| s.illustrative)
    }

    /// True when the figure cites a source the dataset holds (none recorded, a dangling id
    /// or a source row that could not be read: the figure is neither published nor
    /// illustrative as far as anyone can tell).
    pub fn source_known(&self, figure: &Figure) -> bool {
        figure
            .source
            .is_some_and(|id| self.sources.contains_key(&id))
    }
}

/// A catalogue code shared by many rows (regions, indicators, industries, groups): cloning
/// one is a reference-count increment, so millions of rows cost little memory.
pub type Code = std::sync::Arc<str>;

/// One stored figure with codes, as read from the dataset before any check (a month of 1
/// can appear here when another tool wrote the file).
#[derive(Debug, Clone, PartialEq)]
pub struct RawFigure {
    /// Region code.
    pub region: Code,
    /// Indicator code.
    pub indicator: Code,
    /// Industry code, if the figure is for one industry.
    pub industry: Option<Code>,
    /// Group code, if the figure is a group's published figure.
    pub group: Option<Code>,
    /// Month or ytd.
    pub basis: Basis,
    /// Year.
    pub year: i32,
    /// Month as stored.
    pub month: u32,
    /// The value.
    pub value: f64,
    /// Source id.
    pub source: Option<SourceId>,
}
