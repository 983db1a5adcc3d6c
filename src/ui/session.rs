//! The open dataset and everything computed from it for the current selection. Results are
//! computed when the dataset or the selection changes, never per frame.

use std::path::{Path, PathBuf};

use crate::analysis::{self, PeriodAnalysis};
use crate::briefing::chart::{self, Chart};
use crate::model::catalogue::VA_GROWTH;
use crate::model::{Basis, Lang, Period, SeriesKey, Snapshot};
use crate::store::{Dataset, StoreError};

use super::views::overview::OverviewData;

/// What the user has chosen to look at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Selection {
    /// The period.
    pub period: Period,
    /// The basis of headline, ranks and charts.
    pub basis: Basis,
    /// The language of labels.
    pub lang: Lang,
}

/// Results for the current selection.
pub struct Derived {
    /// Headline, structure, groups, register counts.
    pub analysis: PeriodAnalysis,
    /// The Overview's cards.
    pub overview: OverviewData,
    /// Growth lines over every period of the dataset.
    pub growth: Chart,
}

/// An open dataset with its selection and results.
pub struct Session {
    /// The dataset file.
    pub dataset: Dataset,
    /// Its figures for the home region and comparators.
    pub snapshot: Snapshot,
    /// Periods with a headline figure on the selected basis, oldest first.
    pub periods: Vec<Period>,
    /// The selection.
    pub selection: Selection,
    /// Results for the selection.
    pub derived: Derived,
}

impl Session {
    /// Opens a dataset and selects its latest period (or `period` if it has data).
    pub fn open(
        path: &Path,
        basis: Basis,
        lang: Lang,
        period: Option<Period>,
    ) -> Result<Session, StoreError> {
        let dataset = Dataset::open(path)?;
        Self::from_dataset(dataset, basis, lang, period)
    }

    /// Builds a session on an open dataset.
    pub fn from_dataset(
        dataset: Dataset,
        basis: Basis,
        lang: Lang,
        period: Option<Period>,
    ) -> Result<Session, StoreError> {
        let snapshot = dataset.snapshot(None)?;
        let periods = periods_of(&snapshot, basis);
        let latest = periods
            .last()
            .copied()
            .or_else(|| snapshot.figures.periods().last().copied());
        let Some(default_period) = latest else {
            return Err(StoreError::Invalid {
                path: dataset.path().to_path_buf(),
                message: format!(
                    "the dataset holds no growth figures for {} yet: import a bulletin first",
                    snapshot.context.region.name_zh
                ),
            });
        };
        let period = period
            .filter(|p| periods.contains(p))
            .unwrap_or(default_period);
        let selection = Selection {
            period,
            basis,
            lang,
        };
        let derived = derive(&snapshot, &periods, selection);
        Ok(Session {
            dataset,
            snapshot,
            periods,
            selection,
            derived,
        })
    }

    /// The dataset's path.
    pub fn path(&self) -> PathBuf {
        self.dataset.path().to_path_buf()
    }

    /// Changes the selection and recomputes what depends on it.
    pub fn select(&mut self, selection: Selection) {
        if selection == self.selection {
            return;
        }
        if selection.basis != self.selection.basis {
            self.periods = periods_of(&self.snapshot, selection.basis);
        }
        self.selection = selection;
        self.derived = derive(&self.snapshot, &self.periods, selection);
    }

    /// Years that have figures, oldest first.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.periods.iter().map(|p| p.year()).collect();
        years.dedup();
        years
    }

    /// The periods of one year that have figures.
    pub fn periods_in(&self, year: i32) -> Vec<Period> {
        self.periods
            .iter()
            .copied()
            .filter(|p| p.year() == year)
            .collect()
    }

    /// The period before or after the selected one, if there is one with figures.
    pub fn step_period(&self, forward: bool) -> Option<Period> {
        let i = self
            .periods
            .iter()
            .position(|p| *p == self.selection.period)?;
        if forward {
            self.periods.get(i + 1).copied()
        } else {
            i.checked_sub(1).and_then(|j| self.periods.get(j).copied())
        }
    }
}

/// Periods with a figure for the home region on `basis`.
fn periods_of(snap: &Snapshot, basis: Basis) -> Vec<Period> {
    let key = SeriesKey::whole(&snap.context.region.code, VA_GROWTH, basis);
    snap.figures
        .series(&key)
        .map(|s| s.keys().copied().collect())
        .unwrap_or_default()
}

fn derive(snap: &Snapshot, periods: &[Period], sel: Selection) -> Derived {
    let analysis = analysis::analyse(snap, VA_GROWTH, sel.basis, sel.period);
    let overview = OverviewData::build(snap, &analysis, sel);
    let mut growth = chart::growth(snap, sel.basis, periods, sel.lang);
    if let Some(i) = periods.iter().position(|p| *p == sel.period) {
        growth.marked.push(i);
    }
    Derived {
        analysis,
        overview,
        growth,
    }
}
