//! The application: the top bar, the tabs, commands, persistence and notices.

use std::path::{Path, PathBuf};

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

use super::about;
use super::dialogs::{Answer, Ask, Dialogs, FilePicker, RfdDialogs};
use super::i18n;
pub use super::notice::Notice;
pub use super::prefs::Prefs;
use super::session::{Selection, Session};
use super::top_bar;
use super::views::data::DataView;
use super::views::enterprises::{EnterprisesView, RequestDraft};
use super::views::evaluation::EvaluationView;
use super::views::export_dialog::ExportDialog;
use super::views::growth::GrowthView;
use super::views::import_wizard::{ImportWizard, WizardEvent};
use super::views::industries::IndustriesView;
use super::views::overview::OverviewView;
use super::views::ranking::{RankingView, Scope};
use super::views::returns::ReturnsView;
use super::views::server_dialog::ServerDialog;
use super::views::targets::TargetsEditor;
use super::views::warnings::load::WarningsKey;
use super::views::warnings::settings::ThresholdsEditor;
use super::views::{Command, Tab};
use crate::model::{Lang, Period};

/// The notice on opening the sample: what it is, and the day its request ages are counted to.
fn sample_notice(session: &Session) -> Notice {
    let day = session.today;
    Notice::info(
        format!(
            "{}企业诉求办理天数按样例截止日{day}计。",
            i18n::SAMPLE_NOTICE.zh
        ),
        format!(
            "{} Request ages are counted to the sample's last day, {day}.",
            i18n::SAMPLE_NOTICE.en
        ),
    )
}

/// Files the importer reads (by extension).
fn is_importable(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "csv" | "tsv" | "txt" | "xlsx"
        )
    })
}

/// Where the sample dataset lives on this machine.
pub fn default_sample_path() -> Option<PathBuf> {
    eframe::storage_dir(super::APP_ID).map(|d| d.join("sample.imdb"))
}

/// The app.
pub struct MonitorApp {
    /// Remembered choices.
    pub prefs: Prefs,
    /// The open dataset, if any.
    pub session: Option<Session>,
    /// 连接服务器: a server dataset's address and password.
    pub server_dialog: ServerDialog,
    /// Listens for colleagues' changes while a server dataset is open.
    pub watch: Option<super::watch::ServerWatch>,
    /// The current notice.
    pub notice: Option<Notice>,
    /// Overview state.
    pub overview: OverviewView,
    /// Growth view state.
    pub growth: GrowthView,
    /// Ranking view state.
    pub ranking: RankingView,
    /// Industries view state.
    pub industries: IndustriesView,
    /// Enterprises view state.
    pub enterprises: EnterprisesView,
    /// Returns view state.
    pub returns: ReturnsView,
    /// 包联考核 view state.
    pub evaluation: EvaluationView,
    /// Data view state.
    pub data: DataView,
    /// The Export dialog.
    pub export: ExportDialog,
    /// The annual targets editor (a dialog opened from the Data view and the Overview).
    pub targets: TargetsEditor,
    /// The warning thresholds editor (预警设置, a dialog opened from the Overview's panel).
    pub warning_settings: ThresholdsEditor,
    /// The import wizard (shown in the Data view).
    pub import: ImportWizard,
    /// File dialogs: native when they can be shown, else in the window.
    pub picker: FilePicker,
    sample_path: Option<PathBuf>,
    show_about: bool,
    pending: Vec<Command>,
    /// The dataset to open after the first frame (`start_after_first_frame`), and the
    /// number of the first frame drawn without it.
    starting: Option<(Option<PathBuf>, Option<u64>)>,
}

impl MonitorApp {
    /// Builds the app from eframe's creation context: restores preferences, and opens the
    /// dataset given on the command line (else the last one, else the sample) once the
    /// window shows.
    pub fn new(cc: &eframe::CreationContext<'_>, dataset: Option<PathBuf>) -> MonitorApp {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let mut app = MonitorApp::with(prefs, Box::new(RfdDialogs), default_sample_path());
        app.apply_theme(&cc.egui_ctx);
        app.start_after_first_frame(dataset);
        app
    }

    /// Opens the first dataset (as `start`) after the first frame: eframe shows the window
    /// once a frame is painted, so the window appears without waiting for the dataset to be
    /// read and analysed, and says 正在打开 meanwhile.
    pub fn start_after_first_frame(&mut self, dataset: Option<PathBuf>) {
        self.starting = Some((dataset, None));
    }

    /// Builds the app with explicit preferences, dialogs and sample location (tests).
    pub fn with(
        prefs: Prefs,
        dialogs: Box<dyn Dialogs>,
        sample_path: Option<PathBuf>,
    ) -> MonitorApp {
        MonitorApp {
            prefs,
            session: None,
            server_dialog: ServerDialog::default(),
            watch: None,
            notice: None,
            overview: OverviewView::default(),
            growth: GrowthView::default(),
            ranking: RankingView::default(),
            industries: IndustriesView::default(),
            enterprises: EnterprisesView::default(),
            returns: ReturnsView::default(),
            evaluation: EvaluationView::default(),
            data: DataView::default(),
            export: ExportDialog::default(),
            targets: TargetsEditor::default(),
            warning_settings: ThresholdsEditor::default(),
            import: ImportWizard::default(),
            picker: FilePicker::new(dialogs),
            sample_path,
            show_about: false,
            pending: Vec::new(),
            starting: None,
        }
    }

    /// Opens the first dataset: the one asked for, else the last one, else the sample.
    pub fn start(&mut self, dataset: Option<PathBuf>) {
        let asked = dataset.is_some();
        let first = dataset.or_else(|| {
            self.prefs
                .last_dataset
                .clone()
                .filter(|p| p.exists() || crate::store::server::is_address(p))
        });
        match first {
            Some(path) => {
                self.open(&path);
                // Last time's server that cannot be reached now: the sample opens behind
                // the message (and 连接服务器 when it wants a password), not an empty window.
                if self.session.is_none() && !asked {
                    let notice = self.notice.take();
                    self.open_sample();
                    self.notice = notice.or(self.notice.take());
                    // Tried again at the next start, when the server may be back.
                    self.prefs.last_dataset = Some(path);
                }
            }
            None => self.open_sample(),
        }
    }

    /// Queues a command as if the user had asked for it.
    pub fn send(&mut self, command: Command) {
        self.pending.push(command);
    }

    fn open(&mut self, path: &Path) {
        let reopening = self.prefs.last_dataset.as_deref() == Some(path);
        let period = reopening.then_some(self.prefs.last_period).flatten();
        let region = reopening.then(|| self.prefs.last_region.clone()).flatten();
        match Session::open(path, self.prefs.basis, self.prefs.lang, period) {
            Ok(mut session) => {
                // A region that has lost its figures since is quietly dropped: the home
                // region is shown instead.
                self.prefs.last_region = region.filter(|code| session.set_region(code).is_ok());
                // The period was checked against the home region's periods; the subject's
                // may reach further.
                if let Some(p) = period {
                    session.restore_period(p);
                }
                self.prefs.remember(session.path());
                // The in-window file dialog starts in the open dataset's folder.
                self.picker.start_dir = path.parent().map(Path::to_path_buf);
                self.notice = session.snapshot.is_sample.then(|| sample_notice(&session));
                if session.dataset.is_read_only() {
                    let file = session.dataset.path().display();
                    self.notice = Some(Notice::info(
                        format!("{file}: 只读打开（无写入权限），修改将无法保存"),
                        format!(
                            "{file}: opened read-only (no write permission); changes cannot be saved"
                        ),
                    ));
                }
                if let Some(n) = session.skipped_notice() {
                    self.notice = Some(n);
                }
                self.session = Some(session);
                // A new connection: the listener restarts, leaving out this one's changes.
                self.watch = None;
            }
            Err(e) => {
                // A server that wants a (different) password asks for it again, here.
                if let crate::store::StoreError::Server {
                    path: shown,
                    trouble: crate::store::ServerTrouble::Login,
                    ..
                } = &e
                {
                    let shown = shown.display().to_string();
                    self.server_dialog
                        .ask(&shown, Some(e.message(self.prefs.lang)));
                }
                // The previous dataset stays open; the message says what and where.
                self.notice = Some(Notice::failed(i18n::OPEN_FAILED, &e));
            }
        }
    }

    /// Keeps a listener on the open server dataset and reloads it when a colleague's change
    /// arrives (nothing to do for a file).
    fn follow_server(&mut self, ctx: &egui::Context) {
        let open = self
            .session
            .as_ref()
            .filter(|s| crate::store::server::is_address(&s.path()));
        let Some(session) = open else {
            self.watch = None;
            return;
        };
        if self.import.busy() {
            // Our own import's changes arrive as notifications too: they wait, and are
            // dropped with the listener when the import's reload restarts it.
            return;
        }
        let path = session.path().to_path_buf();
        if self.watch.as_ref().is_none_or(|w| w.address != path) {
            let own = session.dataset.server_pid();
            self.watch = Some(super::watch::ServerWatch::start(
                path.clone(),
                own,
                ctx.clone(),
            ));
            return;
        }
        if self.watch.as_ref().is_some_and(|w| w.changed()) {
            self.open(&path);
            self.notice = Some(Notice::info(
                format!("{}：数据集已被其他用户更新，已刷新", path.display()),
                format!(
                    "{}: a colleague changed the dataset; it has been refreshed",
                    path.display()
                ),
            ));
        }
    }

    fn open_sample(&mut self) {
        let Some(path) = self.sample_path.clone() else {
            self.open_sample_in_memory();
            return;
        };
        if !path.exists() {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if crate::sample::write(&path).is_err() {
                self.open_sample_in_memory();
                return;
            }
        }
        self.open(&path);
    }

    /// When no folder is writable, the sample still opens, in memory.
    fn open_sample_in_memory(&mut self) {
        let result = crate::sample::in_memory()
            .and_then(|ds| Session::from_dataset(ds, self.prefs.basis, self.prefs.lang, None));
        match result {
            Ok(s) => {
                self.notice = Some(sample_notice(&s));
                self.session = Some(s);
            }
            Err(e) => self.notice = Some(Notice::failed(i18n::OPEN_FAILED, &e)),
        }
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
    }

    /// Selects a period; the language and basis come from the preferences.
    fn select_period(&mut self, period: Period) {
        if let Some(s) = self.session.as_mut() {
            s.select(Selection {
                period,
                ..s.selection
            });
            // Choices are remembered for the file that reopens next time, not for the
            // in-memory sample.
            if self.prefs.remembers(s.dataset.path()) {
                self.prefs.last_period = Some(s.selection.period);
            }
        }
    }

    /// Brings the session's results in line with the language and basis of the
    /// preferences, their one home.
    fn follow_prefs(&mut self) {
        if let Some(s) = self.session.as_mut() {
            s.follow(self.prefs.basis, self.prefs.lang);
        }
    }

    /// Makes `code` the subject region; a region without figures leaves everything as it was
    /// and says why.
    fn select_region(&mut self, code: &str) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        if !s.regions.iter().any(|r| r == code) && code != s.home {
            // Which region, which basis, what to do.
            let region = s.snapshot.catalogue.region(code);
            let name = |lang| region.map_or(code.to_string(), |r| r.name(lang).to_string());
            let basis = |lang| s.selection.basis.label(lang);
            self.notice = Some(Notice::error(
                format!(
                    "数据集中没有{}的{}增速数据，无法切换。请先导入其数据。",
                    name(Lang::Zh),
                    basis(Lang::Zh)
                ),
                format!(
                    "The dataset has no {} growth figures for {}; import them first.",
                    basis(Lang::En),
                    name(Lang::En)
                ),
            ));
            return;
        }
        match s.set_region(code) {
            Ok(()) => {
                if self.prefs.remembers(s.dataset.path()) {
                    self.prefs.last_region = (!s.is_home()).then(|| code.to_string());
                    self.prefs.last_period = Some(s.selection.period);
                }
            }
            Err(e) => self.notice = Some(Notice::failed(i18n::REGION, &e)),
        }
    }

    /// Makes `code` the subject and shows it in the Ranking view: a county among its city's
    /// counties, a city among the province's. A region without figures stays where it was
    /// (`select_region` says why).
    fn show_region(&mut self, code: &str) {
        self.select_region(code);
        let Some(s) = &self.session else { return };
        let region = &s.snapshot.context.region;
        if region.code != code {
            return;
        }
        self.ranking.scope = match region.level {
            crate::model::RegionLevel::County => Scope::Counties,
            _ => Scope::Cities,
        };
        self.prefs.tab = Tab::Ranking;
    }

    /// Makes the subject region the home region, saying what happened either way.
    fn make_home(&mut self) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        self.notice = Some(match s.make_home() {
            Ok(()) => {
                self.prefs.last_region = None;
                let region = &s.snapshot.context.region;
                Notice::info(
                    format!("已将{}设为本数据集的本地地区。", region.name_zh),
                    format!("{} is now the dataset's home region.", region.name_en),
                )
            }
            Err(e) => Notice::failed(
                i18n::Tr {
                    zh: "无法更改本地地区",
                    en: "Cannot change the home region",
                },
                &e,
            ),
        });
    }

    /// Reopens the dataset after an import, keeping the selection.
    fn reload_after_import(&mut self, report: &crate::import::ImportReport) {
        let Some(s) = &self.session else { return };
        let (path, sel) = (s.path(), s.selection);
        let region = (!s.is_home()).then(|| s.snapshot.context.region.code.clone());
        match Session::open(&path, self.prefs.basis, self.prefs.lang, Some(sel.period)) {
            Ok(mut session) => {
                if let Some(code) = region {
                    let _ = session.set_region(&code);
                    session.restore_period(sel.period);
                }
                let (added, replaced) = (report.figures.added, report.figures.replaced);
                self.notice = Some(session.import_notice(added, replaced));
                self.session = Some(session);
                // Our own import's notifications are not a colleague's change.
                self.watch = None;
            }
            Err(e) => self.notice = Some(Notice::failed(i18n::OPEN_FAILED, &e)),
        }
    }

    /// Carries out queued commands.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        if let Some(WizardEvent::Imported(report)) = self.import.poll() {
            self.reload_after_import(&report);
            ctx.request_repaint();
        }
        let commands = std::mem::take(&mut self.pending);
        if !commands.is_empty() {
            // The frame was drawn from the old state: draw again.
            ctx.request_repaint();
        }
        for command in commands {
            match command {
                Command::OpenDataset(path) => self.open(&path),
                Command::OpenDialog => self.picker.ask(Ask::Dataset, self.prefs.lang),
                Command::OpenServerDialog => {
                    let last = self
                        .session
                        .as_ref()
                        .map(|s| s.path())
                        .filter(|p| crate::store::server::is_address(p))
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    self.server_dialog.ask(&last, None);
                }
                Command::ConnectServer { address, password } => {
                    if !password.0.is_empty() {
                        crate::store::server::remember_password(&address, &password.0);
                    }
                    // A refused login opens it again, with the reason.
                    self.server_dialog.open = false;
                    self.open(Path::new(&address));
                }
                Command::OpenSample => self.open_sample(),
                Command::SelectPeriod(p) => self.select_period(p),
                Command::StepPeriod(forward) => {
                    if let Some(p) = self.session.as_ref().and_then(|s| s.step_period(forward)) {
                        self.select_period(p);
                    }
                }
                Command::SelectRegion(code) => self.select_region(&code),
                Command::ShowRegion(code) => self.show_region(&code),
                Command::ShowOfficial(name) => {
                    // The scorecard of the warnings' period: the window's.
                    self.evaluation.period = None;
                    self.evaluation.selected = Some(name);
                    self.prefs.tab = Tab::Evaluation;
                }
                Command::OpenWarningSettings => self.warning_settings.open = true,
                Command::SaveWarningThresholds(t) => {
                    if let Some(s) = self.session.as_mut() {
                        self.warning_settings.stored(s.save_warning_thresholds(&t));
                    }
                }
                Command::MakeHome => self.make_home(),
                Command::SetBasis(b) => self.prefs.basis = b,
                Command::SetLang(l) => self.prefs.lang = l,
                Command::SetTab(t) => self.prefs.tab = t,
                Command::SetDark(d) => {
                    self.prefs.dark = d;
                    self.apply_theme(ctx);
                }
                Command::SaveRequest(r) => {
                    if let Some(s) = self.session.as_mut()
                        && let Err(e) = s.save_request(&r)
                    {
                        if let crate::store::StoreError::Changed { current, .. } = &e {
                            // Someone else's version wins the form, with the register
                            // reloaded, so the user decides on what is really stored.
                            let _ = s.reload_register();
                            self.enterprises.draft = Some(RequestDraft {
                                raised_text: current.raised_on.to_string(),
                                request: (**current).clone(),
                                problem: Some(e.message(self.prefs.lang)),
                            });
                        }
                        self.notice = Some(Notice::failed(
                            i18n::Tr {
                                zh: "诉求未保存",
                                en: "The request was not saved",
                            },
                            &e,
                        ));
                    }
                }
                Command::SaveWeights(w) => self.save_weights(Some(w)),
                Command::OpenTargets => self.targets.open = true,
                Command::SaveTarget(t) => self.save_target(Some(t), None),
                Command::DeleteTarget(id) => self.save_target(None, Some(id)),
                Command::ResetWeights => self.save_weights(None),
                Command::ShowEnterpriseReturns(code, period) => {
                    self.returns.period = Some(period);
                    self.returns.selected = Some(code);
                    self.prefs.tab = Tab::Returns;
                }
                Command::OpenImport => {
                    if self.session.is_some() {
                        self.picker.ask(Ask::Import, self.prefs.lang);
                    }
                }
                Command::ImportFiles(files) => {
                    if let Some(s) = &self.session {
                        self.prefs.tab = Tab::Data;
                        self.import.open_with(files, &s.dataset);
                    }
                }
                Command::OpenExport => {
                    if let Some(s) = &self.session {
                        self.export.open_for(s);
                    }
                }
                Command::ShowAbout => self.show_about = true,
                Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            }
        }
        self.follow_prefs();
    }

    /// Stores the scorecard's weights (None: the defaults) through the session; a refusal
    /// (a read-only file, weights the store will not take) is said in the banner.
    fn save_weights(&mut self, weights: Option<crate::model::Weights>) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let saved = match weights {
            Some(w) => s.save_weights(&w),
            None => s.reset_weights(),
        };
        if let Err(e) = saved {
            self.notice = Some(Notice::failed(
                i18n::Tr {
                    zh: "权重未保存",
                    en: "The weights were not saved",
                },
                &e,
            ));
        }
    }

    /// Saves (or deletes) an annual target through the session; the editor hears whether
    /// it was stored, and a refusal (a read-only file, an unknown code) is said in it.
    fn save_target(&mut self, target: Option<crate::model::target::Target>, delete: Option<i64>) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let result = match (target, delete) {
            (Some(t), _) => s.save_target(&t).map(|_| ()),
            (None, Some(id)) => s.delete_target(id),
            (None, None) => Ok(()),
        };
        self.targets.stored(result);
    }

    /// Shows the in-window file dialog if one is open and acts on a dialog's answer.
    fn take_picked(&mut self, ctx: &egui::Context) {
        match self.picker.poll(ctx, self.prefs.lang) {
            Some(Answer::Dataset(path)) => self.pending.push(Command::OpenDataset(path)),
            Some(Answer::Import(files)) => self.pending.push(Command::ImportFiles(files)),
            // Only while the Export dialog it was asked for is still open.
            Some(Answer::Save(base)) if self.export.open => self.export.save_to(&base, ctx),
            Some(Answer::Save(_)) | None => {}
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let export = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
        let import = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);
        let quit = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
        let next = KeyboardShortcut::new(Modifiers::COMMAND, Key::ArrowRight);
        let prev = KeyboardShortcut::new(Modifiers::COMMAND, Key::ArrowLeft);
        let tab_keys = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
        ];
        // In a text field Ctrl+←/→ moves by word; the period stays.
        let typing = ctx.text_edit_focused();
        ctx.input_mut(|i| {
            if i.consume_shortcut(&open) {
                self.pending.push(Command::OpenDialog);
            }
            if i.consume_shortcut(&export) {
                self.pending.push(Command::OpenExport);
            }
            if i.consume_shortcut(&import) {
                self.pending.push(Command::OpenImport);
            }
            if i.consume_shortcut(&quit) {
                self.pending.push(Command::Quit);
            }
            if !typing && i.consume_shortcut(&next) {
                self.pending.push(Command::StepPeriod(true));
            }
            if !typing && i.consume_shortcut(&prev) {
                self.pending.push(Command::StepPeriod(false));
            }
            for (tab, key) in Tab::ALL.iter().zip(tab_keys) {
                if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key)) {
                    self.pending.push(Command::SetTab(*tab));
                }
            }
        });
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        // Spreadsheets dropped on the window are imported; anything else is opened.
        let (sheets, others): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|p| is_importable(p));
        if !sheets.is_empty() {
            self.pending.push(Command::ImportFiles(sheets));
        } else if let Some(path) = others.into_iter().next() {
            self.pending.push(Command::OpenDataset(path));
        }
    }

    /// Starts the workers the tab shown wants (a no-op once asked), takes their answers, and
    /// keeps frames coming while any runs.
    fn poll_workers(&mut self, ctx: &egui::Context) {
        if let Some(s) = self.session.as_mut() {
            if self.prefs.tab == Tab::Data {
                s.findings.ensure_started(&s.dataset);
            }
            s.findings.poll();
            if self.prefs.tab == Tab::Returns {
                s.returns.want(&s.dataset, self.returns.key());
            }
            s.returns.poll();
            if matches!(self.prefs.tab, Tab::Evaluation | Tab::Overview) {
                s.evaluation.want(
                    &s.dataset,
                    self.evaluation.key(s.generation, s.selection.period),
                );
            }
            s.evaluation.poll();
            if self.prefs.tab == Tab::Overview {
                let key = WarningsKey {
                    period: s.selection.period,
                    generation: s.generation,
                };
                s.warnings.want(&s.dataset, &s.snapshot, key);
            }
            s.warnings.poll();
            if s.returns.loading() || s.evaluation.loading() || s.warnings.loading() {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            if self.import.busy() {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            if s.findings.pending() {
                ctx.request_repaint_after(std::time::Duration::from_millis(200));
            }
        }
    }

    /// The whole window's contents (also driven by the UI tests).
    pub fn ui_contents(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if let Some((_, Some(first))) = self.starting
            && ctx.cumulative_frame_nr() > first
        {
            // The window has shown a frame: now read the dataset, and draw from it.
            if let Some((dataset, _)) = self.starting.take() {
                self.start(dataset);
            }
        }
        self.follow_prefs();
        self.shortcuts(&ctx);
        self.poll_workers(&ctx);
        self.follow_server(&ctx);
        let lang = self.prefs.lang;
        egui::Panel::top("menu").show(ui, |ui| {
            top_bar::menu_ui(ui, &self.prefs, &mut self.pending)
        });
        egui::Panel::top("top-bar").show(ui, |ui| {
            ui.add_space(4.0);
            top_bar::top_bar_ui(ui, &self.prefs, self.session.as_ref(), &mut self.pending);
            ui.add_space(2.0);
            ui.horizontal(|ui| {
                for tab in Tab::ALL {
                    let label = RichText::new(tab.label().get(lang)).size(16.0);
                    if ui.selectable_label(self.prefs.tab == tab, label).clicked() {
                        self.pending.push(Command::SetTab(tab));
                    }
                }
            });
            ui.add_space(4.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(notice) = &self.notice
                && notice.ui(ui, self.prefs.lang)
            {
                self.notice = None;
            }
            match &self.session {
                None if self.starting.is_some() => {
                    ui.centered_and_justified(|ui| {
                        ui.label(lang.pick("正在打开数据集…", "Opening the dataset…"))
                    });
                }
                None => {
                    ui.centered_and_justified(|ui| ui.label(i18n::NO_DATASET.get(lang)));
                }
                Some(session) => match self.prefs.tab {
                    Tab::Overview => self.overview.ui(ui, session, &mut self.pending),
                    Tab::Growth => self.growth.ui(ui, session, &mut self.pending),
                    Tab::Ranking => self.ranking.ui(ui, session, &mut self.pending),
                    Tab::Industries => self.industries.ui(ui, session),
                    Tab::Enterprises => self.enterprises.ui(ui, session, &mut self.pending),
                    Tab::Returns => {
                        let key = self.returns.key();
                        self.returns.ui(ui, session, &mut self.pending);
                        if self.returns.key() != key {
                            // A new period or indicator: ask for it on the next frame.
                            ctx.request_repaint();
                        }
                    }
                    Tab::Evaluation => {
                        let selected = session.selection.period;
                        let key = self.evaluation.key(session.generation, selected);
                        self.evaluation.ui(ui, session, &mut self.pending);
                        if self.evaluation.key(session.generation, selected) != key {
                            // A new period: ask for it on the next frame.
                            ctx.request_repaint();
                        }
                    }
                    Tab::Data => {
                        self.import.ui(ui, &session.dataset, lang);
                        self.data.ui(ui, session, &mut self.pending);
                    }
                },
            }
        });
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop-hint"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(140));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                i18n::DROP_HINT.get(lang),
                egui::FontId::proportional(28.0),
                egui::Color32::WHITE,
            );
        }
        if self.show_about {
            about::about_window(&ctx, self.prefs.lang, &mut self.show_about);
        }
        if let Some(s) = &self.session {
            self.export.ui(&ctx, s, &mut self.picker);
            self.targets.ui(&ctx, s, &mut self.pending);
            self.warning_settings.ui(&ctx, s, &mut self.pending);
        }
        self.server_dialog
            .ui(&ctx, self.prefs.lang, &mut self.pending);
        self.take_picked(&ctx);
        self.run_commands(&ctx);
        if let Some((_, first)) = &mut self.starting {
            // The frame being drawn (every pass of it: egui may run a frame twice).
            first.get_or_insert(ctx.cumulative_frame_nr());
            ctx.request_repaint();
        }
    }
}

impl eframe::App for MonitorApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.ui_contents(ui);
        crate::ui::ime::candidates_below_caret(ui.ctx());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
