//! The open dataset and everything computed from it for the current selection. Results are
//! computed when the dataset or the selection changes, never per frame.

use std::path::{Path, PathBuf};

use crate::analysis::checks::{self, Finding};
use crate::analysis::indicators::{IndicatorRow, indicator_rows};
use crate::analysis::{self, PeriodAnalysis};
use crate::briefing::chart::{self, Chart};
use crate::model::catalogue::VA_GROWTH;
use crate::model::target::Target;
use crate::model::warning::Thresholds;
use crate::model::{Basis, Lang, Period, Snapshot, Subject};
use crate::store::{Dataset, StoreError};

use super::views::evaluation::load::EvaluationLoad;
use super::views::overview::OverviewData;
use super::views::returns::data::{self as returns_data, ReturnsData, ReturnsKey};
use super::views::warnings::load::WarningsLoad;

/// What the results of a session were computed for. The language and the basis are the
/// preferences' (`Prefs`), their one home: the session only follows them (`Session::follow`),
/// so this copy is the key of the results, never a second setting kept in step by hand.
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
    /// Growth lines with the years overlaid.
    pub growth_overlay: Chart,
    /// The peers' rates for the period.
    pub ranking: Chart,
    /// The home region's rank over the year.
    pub rank_history: Chart,
    /// Industry shares for the period.
    pub shares: Chart,
    /// Industry shares over the periods of the year.
    pub shares_over_time: Chart,
    /// Growth by industry.
    pub industry_growth: Chart,
    /// Pulls by industry.
    pub pulls: Chart,
    /// Every indicator the subject has a year-to-date figure for at the period, with its
    /// target progress (the Overview's 主要指标 table).
    pub indicators: Vec<IndicatorRow>,
}

/// One row of the Data view's table.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    /// Region code.
    pub region: String,
    /// Indicator code.
    pub indicator: String,
    /// Whole, industry or group.
    pub subject: Subject,
    /// Basis.
    pub basis: Basis,
    /// Period.
    pub period: Period,
    /// Value.
    pub value: f64,
    /// Source id.
    pub source: Option<i64>,
    /// Lower-case names in both languages, for the filter.
    pub search_text: String,
}

/// Data-quality findings in both languages, computed off the UI thread when first wanted
/// (the checks read every figure of the dataset).
pub struct Findings {
    state: FindingsState,
    zh: Vec<Finding>,
    en: Vec<Finding>,
}

type FindingsResult = (Vec<Finding>, Vec<Finding>);

enum FindingsState {
    NotStarted,
    Running(std::sync::mpsc::Receiver<FindingsResult>),
    Done,
}

/// Runs every check of a dataset in both languages.
fn check_dataset(ds: &Dataset) -> FindingsResult {
    let result = ds.rows_for_checks().and_then(|(rows, skipped)| {
        let sources = ds.sources()?;
        Ok((
            checks::check(ds.catalogue(), &rows, &sources, &skipped, Lang::Zh),
            checks::check(ds.catalogue(), &rows, &sources, &skipped, Lang::En),
        ))
    });
    result.unwrap_or_else(|e| {
        let failed = |lang: Lang| {
            vec![Finding {
                severity: checks::Severity::Error,
                location: ds.path().display().to_string(),
                region: None,
                message: format!(
                    "{}: {e}",
                    lang.pick("无法完成检查", "the checks could not run")
                ),
            }]
        };
        (failed(Lang::Zh), failed(Lang::En))
    })
}

impl Findings {
    fn not_started() -> Findings {
        Findings {
            state: FindingsState::NotStarted,
            zh: Vec::new(),
            en: Vec::new(),
        }
    }

    /// Starts the checks unless they ran or run: on a worker thread with its own
    /// connection, or in place for an in-memory dataset.
    pub fn ensure_started(&mut self, ds: &Dataset) {
        if !matches!(self.state, FindingsState::NotStarted) {
            return;
        }
        if ds.path() == Path::new(":memory:") {
            (self.zh, self.en) = check_dataset(ds);
            self.state = FindingsState::Done;
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let path = ds.path().to_path_buf();
        std::thread::spawn(move || {
            let result = match Dataset::open_read_only_in_snapshot(&path) {
                Ok(ds) => check_dataset(&ds),
                Err(e) => {
                    let f = Finding {
                        severity: checks::Severity::Error,
                        location: path.display().to_string(),
                        region: None,
                        message: e.to_string(),
                    };
                    (vec![f.clone()], vec![f])
                }
            };
            let _ = tx.send(result);
        });
        self.state = FindingsState::Running(rx);
    }

    /// Takes the worker's result when it has arrived.
    pub fn poll(&mut self) {
        if let FindingsState::Running(rx) = &self.state
            && let Ok((zh, en)) = rx.try_recv()
        {
            self.zh = zh;
            self.en = en;
            self.state = FindingsState::Done;
        }
    }

    /// True while the checks are running.
    pub fn pending(&self) -> bool {
        matches!(self.state, FindingsState::Running(_))
    }

    /// Waits for the worker (tests).
    pub fn wait(&mut self) {
        if let FindingsState::Running(rx) = &self.state {
            if let Ok((zh, en)) = rx.recv() {
                self.zh = zh;
                self.en = en;
            }
            self.state = FindingsState::Done;
        }
    }

    /// The findings in a language.
    pub fn get(&self, lang: Lang) -> &[Finding] {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The Returns view's statistics for one (period, indicator), read and worked out on a
/// worker thread with its own connection (≈0.2 s at 70,000 enterprises): the frame that asks
/// only starts the worker, and the view shows a spinner until the result arrives.
#[derive(Default)]
pub struct ReturnsLoad {
    wanted: Option<ReturnsKey>,
    running: Option<(ReturnsKey, ReturnsReceiver)>,
    data: Option<ReturnsData>,
    error: Option<(ReturnsKey, String, String)>,
    loads: u64,
}

type ReturnsReceiver = std::sync::mpsc::Receiver<Result<ReturnsData, (String, String)>>;

/// Reads the returns of `key` from the dataset file at `path` (its own read-only
/// connection), the error in both languages.
fn load_returns_at(path: &Path, key: ReturnsKey) -> Result<ReturnsData, (String, String)> {
    let said = |e: StoreError| (e.message(Lang::Zh), e.message(Lang::En));
    let ds = Dataset::open_read_only_in_snapshot(path).map_err(said)?;
    returns_data::load(&ds, key).map_err(said)
}

impl ReturnsLoad {
    /// Asks for the returns of `key`: starts a worker unless they are loaded or loading.
    /// An in-memory dataset (no file for a second connection) is read in place.
    pub fn want(&mut self, ds: &Dataset, key: ReturnsKey) {
        if self.wanted == Some(key) {
            return;
        }
        self.wanted = Some(key);
        if self.data.as_ref().is_some_and(|d| d.key == key) {
            // Back to what is loaded: a worker still reading another key is forgotten, so
            // its late result cannot replace this one.
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
            match returns_data::load(ds, key) {
                Ok(d) => self.data = Some(d),
                Err(e) => self.error = Some((key, e.message(Lang::Zh), e.message(Lang::En))),
            }
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let path = ds.path().to_path_buf();
        std::thread::spawn(move || {
            // The receiver is gone when another key was asked for meanwhile: nothing to do.
            let _ = tx.send(load_returns_at(&path, key));
        });
        self.running = Some((key, rx));
    }

    /// Takes the worker's result when it has arrived.
    pub fn poll(&mut self) {
        let Some((key, rx)) = &self.running else {
            return;
        };
        let key = *key;
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err((
                "读取企业月报的后台任务意外中止，请重新选择时期或指标".to_string(),
                "the worker reading the returns stopped unexpectedly; choose the period or indicator again".to_string(),
            )),
        };
        self.running = None;
        match result {
            Ok(d) => self.data = Some(d),
            Err((zh, en)) => self.error = Some((key, zh, en)),
        }
    }

    /// Waits for the worker (tests and benchmarks).
    pub fn wait(&mut self) {
        if let Some((key, rx)) = self.running.take() {
            match rx.recv() {
                Ok(Ok(d)) => self.data = Some(d),
                Ok(Err((zh, en))) => self.error = Some((key, zh, en)),
                Err(_) => {}
            }
        }
    }

    /// True while a worker is reading.
    pub fn loading(&self) -> bool {
        self.running.is_some()
    }

    /// The loaded returns of the key last asked for, if they have arrived.
    pub fn ready(&self) -> Option<&ReturnsData> {
        self.data.as_ref().filter(|d| Some(d.key) == self.wanted)
    }

    /// The returns loaded last, whatever key they were for (the view's pickers while the
    /// next key loads).
    pub fn last(&self) -> Option<&ReturnsData> {
        self.data.as_ref()
    }

    /// Why the key last asked for could not be loaded, in a language.
    pub fn error(&self, lang: Lang) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(k, _, _)| Some(*k) == self.wanted)
            .map(|(_, zh, en)| lang.pick(zh.as_str(), en.as_str()))
    }

    /// How many loads were started (tests: a new indicator loads again, a frame does not).
    pub fn loads(&self) -> u64 {
        self.loads
    }
}

/// An open dataset with its selection and results.
pub struct Session {
    /// The dataset file.
    pub dataset: Dataset,
    /// Its figures for the subject region and comparators.
    pub snapshot: Snapshot,
    /// The dataset's home region (whose register the dataset holds).
    pub home: String,
    /// Regions with growth figures, which the user can pick as the subject.
    pub regions: Vec<String>,
    /// Whether the dataset holds an enterprise register (which ties it to its home region).
    pub has_register: bool,
    /// Periods with a headline figure on the selected basis, oldest first.
    pub periods: Vec<Period>,
    /// The selection.
    pub selection: Selection,
    /// Results for the selection.
    pub derived: Derived,
    /// Every figure of the snapshot, for the Data view.
    pub data_rows: Vec<DataRow>,
    /// Data-quality findings of the whole dataset.
    pub findings: Findings,
    /// The enterprises' returns for the Returns view, loaded when first wanted.
    pub returns: ReturnsLoad,
    /// The 包联 scorecard for the 包联考核 view and the Overview's card, loaded when first
    /// wanted.
    pub evaluation: EvaluationLoad,
    /// The warnings of the window's period for the Overview's 预警 panel, worked out when
    /// first wanted.
    pub warnings: WarningsLoad,
    /// The warning thresholds stored in the dataset (the defaults until some are saved).
    pub thresholds: Thresholds,
    /// Changes whenever the data change, and differs between sessions (a reopened or
    /// reloaded dataset gets a fresh one), so views key their caches on it alone.
    pub generation: u64,
    /// The dataset's annual targets (年度目标), every region's.
    pub targets: Vec<Target>,
    /// Today's date, for the age of requests (tests fix it; the sample's is the end of its
    /// latest period).
    pub today: crate::model::Date,
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
        let home = snapshot.context.region.code.clone();
        let has_register = !snapshot.register.enterprises.is_empty();
        let regions = dataset.regions_with(VA_GROWTH, basis)?;
        let periods = periods_of(&snapshot, basis);
        let latest = periods
            .last()
            .copied()
            .or_else(|| snapshot.figures.periods().last().copied());
        let Some(default_period) = latest else {
            let name = &snapshot.context.region;
            return Err(StoreError::Refused {
                path: dataset.path().to_path_buf(),
                zh: format!("数据集中还没有{}的增速数据，请先导入统计快报", name.name_zh),
                en: format!(
                    "the dataset holds no growth figures for {} yet: import a bulletin first",
                    name.name_en
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
        let targets = dataset.targets()?;
        let thresholds = dataset.warning_thresholds()?;
        let derived = derive(&snapshot, &periods, selection, &targets);
        let data_rows = data_rows(&snapshot);
        let findings = Findings::not_started();
        // The sample is a picture of its last period: its register's ages are counted as of
        // that period's end, not years later (the notice says so).
        let today = if snapshot.is_sample {
            crate::analysis::register::period_dates(default_period).1
        } else {
            crate::model::Date::today()
        };
        Ok(Session {
            dataset,
            snapshot,
            home,
            regions,
            has_register,
            periods,
            selection,
            derived,
            data_rows,
            findings,
            returns: ReturnsLoad::default(),
            evaluation: EvaluationLoad::default(),
            warnings: WarningsLoad::default(),
            thresholds,
            generation: next_generation(),
            targets,
            today,
        })
    }

    /// The notice for rows the loading skipped (one bad row must not lock the dataset, but
    /// the user must hear of it), or None when every row was read.
    pub fn skipped_notice(&self) -> Option<super::notice::Notice> {
        let skipped = &self.snapshot.skipped;
        let first = skipped.first()?;
        let (file, n) = (self.dataset.path().display(), skipped.len());
        Some(super::notice::Notice::error(
            format!(
                "{file}：有{n}行数据无法读取，已跳过，其余数据照常打开（如{}）。“数据”页的检查结果列出每一行及处理办法",
                first.describe(Lang::Zh)
            ),
            format!(
                "{file}: {n} stored row(s) could not be read and were skipped; the rest opened as usual (e.g. {}). The Data view's findings list each row and what to do",
                first.describe(Lang::En)
            ),
        ))
    }

    /// What the banner says after an import into this (reloaded) session: the counts, and
    /// while rows are still skipped, that they are (an import must not hide them).
    pub fn import_notice(&self, added: usize, replaced: usize) -> super::notice::Notice {
        let zh = format!("导入完成：新增{added}个数据，替换{replaced}个。");
        let en = format!("Import done: {added} figures added, {replaced} replaced.");
        match self.skipped_notice() {
            Some(n) => super::notice::Notice::error(
                format!("{zh}{}", n.text(Lang::Zh)),
                format!("{en} {}", n.text(Lang::En)),
            ),
            None => super::notice::Notice::info(zh, en),
        }
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
            // The list keeps what it had if the file cannot be read now.
            if let Ok(regions) = self.dataset.regions_with(VA_GROWTH, selection.basis) {
                self.regions = regions;
            }
        }
        self.selection = selection;
        self.derived = derive(&self.snapshot, &self.periods, selection, &self.targets);
    }

    /// Follows the language and basis of the preferences, recomputing only when they differ
    /// from what the results were computed for.
    pub fn follow(&mut self, basis: Basis, lang: Lang) {
        self.select(Selection {
            basis,
            lang,
            ..self.selection
        });
    }

    /// Makes `code` the subject of every view and export, keeping the period when the region
    /// has figures for it; on error nothing changes.
    pub fn set_region(&mut self, code: &str) -> Result<(), StoreError> {
        if code == self.snapshot.context.region.code {
            return Ok(());
        }
        let snapshot = self.dataset.snapshot(Some(code))?;
        let periods = periods_of(&snapshot, self.selection.basis);
        let Some(latest) = periods.last().copied() else {
            let (basis, region) = (self.selection.basis, &snapshot.context.region);
            return Err(StoreError::Refused {
                path: self.dataset.path().to_path_buf(),
                zh: format!(
                    "数据集中没有{}的{}增速数据，请先导入其统计快报",
                    region.name_zh,
                    basis.label(Lang::Zh)
                ),
                en: format!(
                    "the dataset holds no {} growth figures for {}: import its bulletin first",
                    basis.label(Lang::En),
                    region.name_en
                ),
            });
        };
        if !periods.contains(&self.selection.period) {
            self.selection.period = latest;
        }
        self.snapshot = snapshot;
        self.periods = periods;
        self.snapshot_changed();
        Ok(())
    }

    /// Makes the subject region the dataset's home region (saved in the file at once);
    /// refused while the dataset holds an enterprise register.
    pub fn make_home(&mut self) -> Result<(), StoreError> {
        let code = self.snapshot.context.region.code.clone();
        self.dataset.set_home_region(&code)?;
        self.home = code;
        // The title and the register come with the home region's snapshot.
        self.snapshot = self
            .dataset
            .snapshot(None)
            .map_err(|e| StoreError::Refused {
                path: self.dataset.path().to_path_buf(),
                zh: format!(
                    "新的本地地区已保存，但重新读取数据集失败（{}），请重新打开数据集",
                    e.message(Lang::Zh)
                ),
                en: format!(
                    "the new home region is saved, but reading the dataset again failed ({e}); reopen it"
                ),
            })?;
        self.snapshot_changed();
        Ok(())
    }

    /// Selects `period` again if the subject has figures for it (after a reload).
    pub fn restore_period(&mut self, period: Period) {
        if period != self.selection.period && self.periods.contains(&period) {
            self.select(Selection {
                period,
                ..self.selection
            });
        }
    }

    /// Recomputes everything drawn from the snapshot after it was replaced.
    fn snapshot_changed(&mut self) {
        self.derived = derive(&self.snapshot, &self.periods, self.selection, &self.targets);
        self.data_rows = data_rows(&self.snapshot);
        self.generation = next_generation();
    }

    /// Whether the subject is the dataset's home region.
    pub fn is_home(&self) -> bool {
        self.snapshot.context.region.code == self.home
    }

    /// Reads the register again (after someone else changed it) and refreshes what depends
    /// on it.
    pub fn reload_register(&mut self) -> Result<(), StoreError> {
        if self.is_home() {
            self.snapshot.register = self.dataset.register()?;
        }
        self.derived = derive(&self.snapshot, &self.periods, self.selection, &self.targets);
        self.generation = next_generation();
        Ok(())
    }

    /// Saves a service request in its own transaction and refreshes what depends on the
    /// register.
    pub fn save_request(
        &mut self,
        request: &crate::model::ServiceRequest,
    ) -> Result<i64, StoreError> {
        let id = self.dataset.save_request(request)?;
        if self.is_home() {
            self.snapshot.register = self.dataset.register()?;
        }
        self.derived = derive(&self.snapshot, &self.periods, self.selection, &self.targets);
        self.generation = next_generation();
        Ok(id)
    }

    /// Stores the 包联 scorecard's weights (refused when negative or all zero, or on a
    /// read-only dataset); the scorecard is worked out again with them.
    pub fn save_weights(&mut self, weights: &crate::model::Weights) -> Result<(), StoreError> {
        self.dataset.save_evaluation_weights(weights)?;
        self.generation = next_generation();
        Ok(())
    }

    /// Puts the 包联 scorecard's weights back to SPEC §10's defaults.
    pub fn reset_weights(&mut self) -> Result<(), StoreError> {
        self.dataset.reset_evaluation_weights()?;
        self.generation = next_generation();
        Ok(())
    }

    /// Stores the warning thresholds (refused when invalid, or on a read-only dataset); the
    /// warnings are worked out again with them (a new generation).
    pub fn save_warning_thresholds(&mut self, thresholds: &Thresholds) -> Result<(), StoreError> {
        self.dataset.save_warning_thresholds(thresholds)?;
        self.thresholds = *thresholds;
        self.generation = next_generation();
        Ok(())
    }

    /// Adds (id 0) or changes an annual target in its own transaction; the targets are read
    /// again and every result follows them (a new generation).
    pub fn save_target(&mut self, target: &Target) -> Result<i64, StoreError> {
        let id = self.dataset.save_target(target)?;
        self.targets_changed()?;
        Ok(id)
    }

    /// Deletes an annual target and refreshes as [`Session::save_target`] does.
    pub fn delete_target(&mut self, id: i64) -> Result<(), StoreError> {
        self.dataset.delete_target(id)?;
        self.targets_changed()
    }

    fn targets_changed(&mut self) -> Result<(), StoreError> {
        self.targets = self.dataset.targets()?;
        self.derived = derive(&self.snapshot, &self.periods, self.selection, &self.targets);
        self.generation = next_generation();
        Ok(())
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

/// The source of data generations: process-wide, so two sessions (before and after an
/// import that replaced values, say) never share one and a view's cache cannot outlive
/// the data it was built from.
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A generation no session has had yet.
fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Periods with a figure for the subject region on `basis`.
fn periods_of(snap: &Snapshot, basis: Basis) -> Vec<Period> {
    analysis::periods(snap, VA_GROWTH, basis)
}

fn derive(snap: &Snapshot, periods: &[Period], sel: Selection, targets: &[Target]) -> Derived {
    let lang = sel.lang;
    let indicators = indicator_rows(
        &snap.figures,
        &snap.catalogue,
        &snap.context,
        sel.period,
        targets,
    );
    let analysis = analysis::analyse(snap, VA_GROWTH, sel.basis, sel.period);
    let overview = OverviewData::build(snap, &analysis, lang);
    let mut growth = chart::growth(snap, sel.basis, periods, lang);
    if let Some(i) = periods.iter().position(|p| *p == sel.period) {
        growth.marked.push(i);
    }
    let mut years: Vec<i32> = periods.iter().map(|p| p.year()).collect();
    years.dedup();
    let mut growth_overlay =
        chart::growth_overlay(snap, sel.basis, &years, sel.period.year(), lang);
    growth_overlay.marked = vec![sel.period.index_in_year() as usize];
    let ranking = chart::ranking_bars(snap, sel.basis, sel.period, lang);
    let mut rank_history = chart::rank_history(snap, sel.basis, sel.period.year(), lang);
    rank_history.marked = vec![sel.period.index_in_year() as usize];
    let (shares, industry_growth, pulls) = match &analysis.structure {
        Some(s) => (
            chart::shares(snap, s, lang),
            chart::industry_growth(snap, s, lang),
            chart::pulls(snap, s, analysis.headline.as_ref().map(|h| h.value), lang),
        ),
        None => (empty_chart(), empty_chart(), empty_chart()),
    };
    let shares_over_time = chart::shares_over_time(snap, sel.period, lang);
    Derived {
        shares_over_time,
        analysis,
        overview,
        growth,
        growth_overlay,
        ranking,
        rank_history,
        shares,
        industry_growth,
        pulls,
        indicators,
    }
}

fn empty_chart() -> Chart {
    Chart {
        id: chart::ChartId::Shares,
        title: String::new(),
        kind: chart::ChartKind::Donut,
        categories: Vec::new(),
        periods: Vec::new(),
        series: Vec::new(),
        unit: String::new(),
        inverted: false,
        references: Vec::new(),
        marked: Vec::new(),
        note: None,
    }
}

/// Every figure of the snapshot in a stable order, with searchable names.
fn data_rows(snap: &Snapshot) -> Vec<DataRow> {
    let cat = &snap.catalogue;
    let mut rows: Vec<DataRow> = snap
        .figures
        .iter()
        .map(|(key, period, f)| {
            let mut search = Vec::new();
            if let Some(r) = cat.region(&key.region) {
                search.extend([r.name_zh.clone(), r.name_en.clone()]);
            }
            if let Some(i) = cat.indicator(&key.indicator) {
                search.extend([i.name_zh.clone(), i.name_en.clone(), i.code.clone()]);
            }
            match &key.subject {
                Subject::Industry(c) => {
                    if let Some(i) = cat.industry(c) {
                        search.extend([i.name_zh.clone(), i.name_en.clone()]);
                    }
                }
                Subject::Group(c) => {
                    if let Some(g) = cat.group(c) {
                        search.extend([g.name_zh.clone(), g.name_en.clone()]);
                    }
                }
                Subject::Whole => {}
            }
            search.push(period.code());
            DataRow {
                region: key.region.clone(),
                indicator: key.indicator.clone(),
                subject: key.subject.clone(),
                basis: key.basis,
                period,
                value: f.value,
                source: f.source,
                search_text: search.join(" ").to_lowercase(),
            }
        })
        .collect();
    let positions: std::collections::HashMap<&str, usize> = cat
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.as_str(), i))
        .collect();
    let region_order = |code: &str| positions.get(code).copied().unwrap_or(usize::MAX);
    rows.sort_by(|a, b| {
        (
            region_order(&a.region),
            &a.indicator,
            &a.subject,
            a.basis,
            a.period,
        )
            .cmp(&(
                region_order(&b.region),
                &b.indicator,
                &b.subject,
                b.basis,
                b.period,
            ))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::returns::ReturnIndicator;

    #[test]
    fn returning_to_the_loaded_key_forgets_the_worker_of_another() {
        let dir = tempfile::tempdir().expect("tempdir");
        let meta = crate::store::DatasetMeta {
            title: "t".into(),
            home_region: "230300".into(),
            is_sample: false,
        };
        let ds = Dataset::create(&dir.path().join("r.imdb"), &meta).expect("create");
        let key = |indicator| ReturnsKey {
            period: None,
            indicator,
        };
        let (output, profit) = (key(ReturnIndicator::Output), key(ReturnIndicator::Profit));
        let mut load = ReturnsLoad::default();
        load.want(&ds, output);
        load.wait();
        assert_eq!(load.ready().map(|d| d.key), Some(output));
        // Profit is asked for, then output again before profit's worker has answered.
        load.want(&ds, profit);
        assert!(load.ready().is_none() && load.loading());
        load.want(&ds, output);
        assert!(!load.loading(), "nothing left to wait for");
        load.wait();
        load.poll();
        assert_eq!(
            load.ready().map(|d| d.key),
            Some(output),
            "profit's late result does not replace output's"
        );
        assert_eq!(load.loads(), 2);
    }
}
