//! The 包联 scorecard as the window reads it: worked out by `briefing::evaluation::load` on a
//! worker thread with its own read-only connection (the register, a period's output returns
//! and their statistics), so the frame that asks only starts the worker. Keyed by the period
//! asked for and the session's data generation: saving weights or a request gives the
//! session a new generation, and the scorecard is worked out again.

use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::analysis::evaluation::Scorecard;
use crate::analysis::returns::ReturnStats;
use crate::briefing::evaluation;
use crate::model::{Lang, Period, Register, Said};
use crate::store::{Dataset, StoreError};

/// What the view asks for: a period (None: the latest with returns or projects) and the
/// data generation it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluationKey {
    /// The period, or None for `briefing::evaluation::default_period`.
    pub period: Option<Period>,
    /// The session's data generation.
    pub generation: u64,
}

/// A loaded scorecard with what the view draws beside it.
#[derive(Debug, Clone)]
pub struct EvaluationData {
    /// What was asked for.
    pub key: EvaluationKey,
    /// Periods with returns or projects, oldest first (the period picker).
    pub periods: Vec<Period>,
    /// The scorecard (None: the dataset has neither returns nor projects).
    pub card: Option<Scorecard>,
    /// The output statistics the output growth came from (each enterprise's growth and pull).
    pub output: Option<ReturnStats>,
    /// The register the scorecard was computed from (the click-through lists read it).
    pub register: Register,
    /// How many distinct officials the register pairs with enterprises.
    pub officials: usize,
}

/// Reads and works out the scorecard of `key` from an open dataset.
pub fn load(ds: &Dataset, key: EvaluationKey) -> Result<EvaluationData, StoreError> {
    let register = ds.register()?;
    let mut periods = ds.return_periods()?;
    periods.extend(register.projects.iter().map(|p| p.period));
    periods.sort();
    periods.dedup();
    let period = match key.period.filter(|p| periods.contains(p)) {
        Some(p) => Some(p),
        None => evaluation::default_period(ds)?,
    };
    let (card, output) = match period {
        Some(p) => {
            let (card, output) = evaluation::load(ds, p)?;
            (Some(card), output)
        }
        None => (None, None),
    };
    let mut names: Vec<&str> = register
        .enterprises
        .iter()
        .map(|e| e.official.trim())
        .filter(|o| !o.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    let officials = names.len();
    Ok(EvaluationData {
        key,
        periods,
        card,
        output,
        register,
        officials,
    })
}

type Answer = Result<EvaluationData, Said>;

/// Loads `key` from the dataset file at `path` on its own read-only connection.
fn load_at(path: &Path, key: EvaluationKey) -> Answer {
    let said = |e: StoreError| Said::new(e.message(Lang::Zh), e.message(Lang::En));
    let ds = Dataset::open_read_only_in_snapshot(path).map_err(said)?;
    load(&ds, key).map_err(said)
}

/// The session's scorecard: asked for by the 包联考核 view and the Overview's card, read on a
/// worker.
#[derive(Default)]
pub struct EvaluationLoad {
    wanted: Option<EvaluationKey>,
    running: Option<(EvaluationKey, Receiver<Answer>)>,
    data: Option<EvaluationData>,
    error: Option<(EvaluationKey, Said)>,
    loads: u64,
}

impl EvaluationLoad {
    /// Asks for `key`: starts a worker unless it is loaded or loading. An in-memory dataset
    /// (no file for a second connection) is read in place.
    pub fn want(&mut self, ds: &Dataset, key: EvaluationKey) {
        if self.wanted == Some(key) {
            return;
        }
        self.wanted = Some(key);
        if self.data.as_ref().is_some_and(|d| d.key == key) {
            // A worker still reading another key is forgotten: its late answer cannot
            // replace this one.
            self.running = None;
            return;
        }
        if self.running.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        self.loads += 1;
        self.error = None;
        if ds.path() == Path::new(":memory:") {
            self.running = None;
            match load(ds, key) {
                Ok(d) => self.data = Some(d),
                Err(e) => {
                    let said = Said::new(e.message(Lang::Zh), e.message(Lang::En));
                    self.error = Some((key, said));
                }
            }
            return;
        }
        let (tx, rx) = channel();
        let path = ds.path().to_path_buf();
        std::thread::spawn(move || {
            // Nobody listens when another key was asked for meanwhile: nothing to do.
            let _ = tx.send(load_at(&path, key));
        });
        self.running = Some((key, rx));
    }

    /// Takes the worker's answer when it has arrived.
    pub fn poll(&mut self) {
        let Some((key, rx)) = &self.running else {
            return;
        };
        let key = *key;
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(Said::new(
                "计算包联考核的后台任务意外中止，请重新选择时期",
                "the worker computing the 包联 scorecard stopped unexpectedly; choose the period again",
            )),
        };
        self.running = None;
        self.settle(key, answer);
    }

    fn settle(&mut self, key: EvaluationKey, answer: Answer) {
        match answer {
            Ok(d) => self.data = Some(d),
            Err(said) => self.error = Some((key, said)),
        }
    }

    /// Waits for the worker (tests).
    pub fn wait(&mut self) {
        if let Some((key, rx)) = self.running.take()
            && let Ok(answer) = rx.recv()
        {
            self.settle(key, answer);
        }
    }

    /// True while a worker is reading.
    pub fn loading(&self) -> bool {
        self.running.is_some()
    }

    /// The scorecard of the key last asked for, once it has arrived.
    pub fn ready(&self) -> Option<&EvaluationData> {
        self.data.as_ref().filter(|d| Some(d.key) == self.wanted)
    }

    /// The scorecard loaded last, whatever it was for (the period picker while the next
    /// one loads).
    pub fn last(&self) -> Option<&EvaluationData> {
        self.data.as_ref()
    }

    /// Why the key last asked for could not be loaded, in a language.
    pub fn error(&self, lang: Lang) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(k, _)| Some(*k) == self.wanted)
            .map(|(_, said)| said.get(lang))
    }

    /// How many loads were started (tests: a frame does not load again, a save does).
    pub fn loads(&self) -> u64 {
        self.loads
    }
}
