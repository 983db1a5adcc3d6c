//! The warnings of the window's period as the Overview's 预警 panel reads them: worked out by
//! `briefing::warnings::load` on a worker thread with its own read-only connection (the
//! returns, targets, counties, requests and the 包联 scorecard take about half a second on a
//! provincial dataset), so the frame that asks only starts the worker. Keyed by the period
//! and the session's data generation: a new subject region, a saved request, target or
//! threshold gives the session a new generation, and the warnings are worked out again.

use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::briefing::warnings;
use crate::model::warning::{Severity, Warning};
use crate::model::{Lang, Period, Said, Snapshot};
use crate::store::{Dataset, StoreError};

/// What the panel asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarningsKey {
    /// The window's period.
    pub period: Period,
    /// The session's data generation.
    pub generation: u64,
}

/// The warnings of one key.
#[derive(Debug, Clone)]
pub struct WarningsData {
    /// What was asked for.
    pub key: WarningsKey,
    /// Every warning, by rule, 预警 before 关注 within a rule.
    pub list: Vec<Warning>,
}

impl WarningsData {
    /// How many warnings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|w| w.severity == severity).count()
    }
}

type Answer = Result<WarningsData, Said>;

fn said(e: StoreError) -> Said {
    Said::new(e.message(Lang::Zh), e.message(Lang::En))
}

/// Works out the warnings of `key` for `region` from the dataset file at `path`, on its own
/// read-only connection (the snapshot is read there too, off the UI thread).
fn load_at(path: &Path, region: &str, key: WarningsKey) -> Answer {
    let ds = Dataset::open_read_only_in_snapshot(path).map_err(said)?;
    let (snap, children) = ds.snapshot_with_children(Some(region)).map_err(said)?;
    let list = warnings::load(&ds, &snap, children.as_ref(), key.period).map_err(said)?;
    Ok(WarningsData { key, list })
}

/// The session's warnings: asked for while the Overview shows, read on a worker.
#[derive(Default)]
pub struct WarningsLoad {
    wanted: Option<WarningsKey>,
    running: Option<(WarningsKey, Receiver<Answer>)>,
    data: Option<WarningsData>,
    error: Option<(WarningsKey, Said)>,
    loads: u64,
}

impl WarningsLoad {
    /// Asks for `key` of the subject region of `snap`: starts a worker unless it is loaded
    /// or loading. An in-memory dataset (no file for a second connection) is read in place.
    pub fn want(&mut self, ds: &Dataset, snap: &Snapshot, key: WarningsKey) {
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
            let region = snap.context.region.code.as_str();
            let answer = crate::briefing::map::load_children(ds, region)
                .and_then(|children| warnings::load(ds, snap, children.as_ref(), key.period))
                .map(|list| WarningsData { key, list })
                .map_err(said);
            self.settle(key, answer);
            return;
        }
        let (tx, rx) = channel();
        let path = ds.path().to_path_buf();
        let region = snap.context.region.code.clone();
        std::thread::spawn(move || {
            // Nobody listens when another key was asked for meanwhile: nothing to do.
            let _ = tx.send(load_at(&path, &region, key));
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
                "检查预警的后台任务意外中止，请重新选择时期",
                "the worker checking the warnings stopped unexpectedly; choose the period again",
            )),
        };
        self.running = None;
        self.settle(key, answer);
    }

    fn settle(&mut self, key: WarningsKey, answer: Answer) {
        match answer {
            Ok(d) => self.data = Some(d),
            Err(why) => self.error = Some((key, why)),
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

    /// The warnings of the key last asked for, once they have arrived.
    pub fn ready(&self) -> Option<&WarningsData> {
        self.data.as_ref().filter(|d| Some(d.key) == self.wanted)
    }

    /// Why the key last asked for could not be worked out, in a language.
    pub fn error(&self, lang: Lang) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(k, _)| Some(*k) == self.wanted)
            .map(|(_, why)| why.get(lang))
    }

    /// How many loads were started (tests: a frame does not load again, a save does).
    pub fn loads(&self) -> u64 {
        self.loads
    }
}
