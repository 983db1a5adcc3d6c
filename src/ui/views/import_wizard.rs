//! The import wizard (导入数据) of the Data view: pick files (dialog or drag-and-drop), fill
//! in what the files do not say (year, indicator, basis), preview the parsed figures, the
//! errors and the conflicts, confirm replacing, and commit — parsing, checking and writing
//! on a worker thread with progress, so the window never freezes.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::import::{
    self, ImportError, ImportOptions, ImportPlan, ImportReport, Progress, SheetLayout, Stage,
    SubjectRef,
};
use crate::model::{Basis, Lang};
use crate::store::Dataset;

/// Rows of the preview table shown at most (the counts cover everything).
const PREVIEW_ROWS: usize = 2_000;

enum Job {
    Checking(Receiver<Result<ImportPlan, ImportError>>),
    Committing(Receiver<Result<ImportReport, ImportError>>),
}

/// The wizard's state.
#[derive(Default)]
pub struct ImportWizard {
    /// Shown.
    pub open: bool,
    /// The files to import.
    pub files: Vec<PathBuf>,
    /// Year for periods that name none, as typed.
    pub year: String,
    /// Indicator for files that name none (code).
    pub indicator: Option<String>,
    /// Basis for periods that imply none.
    pub basis: Option<Basis>,
    /// Replace figures that differ (confirmed by the user).
    pub replace: bool,
    /// The checked import, ready to commit.
    pub plan: Option<ImportPlan>,
    /// Why the check or the commit could not run (said in the window's language when
    /// drawn, so a language switch says it again).
    pub failure: Option<ImportError>,
    /// The last report, after a commit.
    pub report: Option<ImportReport>,
    progress: Progress,
    job: Option<Job>,
}

/// What the wizard asks the app to do after a commit.
pub enum WizardEvent {
    /// Figures were written: reload the dataset.
    Imported(ImportReport),
}

impl ImportWizard {
    /// Opens the wizard on files (from the dialog or dropped on the window).
    pub fn open_with(&mut self, files: Vec<PathBuf>, dataset: &Dataset) {
        *self = ImportWizard {
            open: true,
            files,
            ..ImportWizard::default()
        };
        self.check(dataset);
    }

    /// True while a worker runs.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn options(&self) -> ImportOptions {
        ImportOptions {
            year: self.year.trim().parse().ok(),
            indicator: self.indicator.clone(),
            basis: self.basis,
            progress: self.progress.clone(),
            ..ImportOptions::default()
        }
    }

    /// Parses the files and compares them with the dataset on a worker thread.
    pub fn check(&mut self, dataset: &Dataset) {
        self.plan = None;
        self.failure = None;
        self.report = None;
        self.progress = Progress::new();
        let options = self.options();
        let files = self.files.clone();
        let path = dataset.path().to_path_buf();
        let in_memory = path == std::path::Path::new(":memory:");
        let catalogue = dataset.catalogue().clone();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let parsed = import::parse(&files, &catalogue, &options);
            let result = if in_memory {
                import::plan(parsed, None)
            } else {
                match Dataset::open_read_only(&path) {
                    Ok(ds) => import::plan(parsed, Some(&ds)),
                    Err(e) => Err(e.into()),
                }
            };
            let _ = tx.send(result);
        });
        self.job = Some(Job::Checking(rx));
    }

    /// Writes the checked import on a worker thread.
    fn commit(&mut self, dataset: &Dataset) {
        let Some(plan) = self.plan.take() else { return };
        let path = dataset.path().to_path_buf();
        let replace = self.replace;
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let _ = tx.send(import::commit(&plan, &path, replace));
        });
        self.job = Some(Job::Committing(rx));
    }

    /// Takes a worker's result; returns what the app must do.
    pub fn poll(&mut self) -> Option<WizardEvent> {
        match &self.job {
            Some(Job::Checking(rx)) => match rx.try_recv() {
                Ok(Ok(plan)) => {
                    self.plan = Some(plan);
                    self.job = None;
                }
                Ok(Err(e)) => {
                    self.failure = Some(e);
                    self.job = None;
                }
                Err(_) => {}
            },
            Some(Job::Committing(rx)) => match rx.try_recv() {
                Ok(Ok(report)) => {
                    self.job = None;
                    self.report = Some(report.clone());
                    return Some(WizardEvent::Imported(report));
                }
                Ok(Err(e)) => {
                    self.failure = Some(e);
                    self.job = None;
                }
                Err(_) => {}
            },
            None => {}
        }
        None
    }

    /// Draws the wizard inside the Data view.
    pub fn ui(&mut self, ui: &mut Ui, dataset: &Dataset, lang: Lang) {
        if !self.open {
            return;
        }
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(lang.pick("导入数据", "Import")).strong().size(16.0));
                let names: Vec<String> = self
                    .files
                    .iter()
                    .map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
                    .collect();
                ui.label(names.join("、"));
                if !self.busy() && ui.button(lang.pick("关闭", "Close")).clicked() {
                    self.open = false;
                }
            });
            if dataset.is_read_only() {
                ui.colored_label(Color32::from_rgb(0xB0, 0x1C, 0x1C), lang.pick("数据集只读，无法导入。", "The dataset is read-only: nothing can be imported."));
                return;
            }
            self.options_ui(ui, dataset, lang);
            if let Some(job) = &self.job {
                let stage = match (self.progress.stage(), job) {
                    (Stage::Reading, _) => lang.pick("读取文件", "reading"),
                    (Stage::Checking, _) => lang.pick("与数据集比对", "checking"),
                    (Stage::Writing, _) | (_, Job::Committing(_)) => lang.pick("写入", "writing"),
                    _ => lang.pick("准备", "starting"),
                };
                ui.add(egui::ProgressBar::new(self.progress.fraction() as f32).text(stage).animate(true));
                if ui.button(lang.pick("取消", "Cancel")).clicked() {
                    self.progress.cancel();
                }
                return;
            }
            if let Some(f) = &self.failure {
                ui.colored_label(Color32::from_rgb(0xB0, 0x1C, 0x1C), f.message(lang));
            }
            if let Some(r) = &self.report {
                ui.colored_label(
                    Color32::from_rgb(0x1E, 0x7A, 0x3C),
                    match lang {
                        Lang::Zh => format!(
                            "导入完成：新增{}个数据、替换{}个、不变{}个；企业新增{}户，诉求新增{}件，融资新增{}笔{}。",
                            r.figures.added, r.figures.replaced, r.figures.unchanged, r.enterprises.added, r.requests.added, r.deals.added,
                            projects_done(r.projects, lang) + &targets_done(r.targets, lang)
                        ),
                        Lang::En => format!(
                            "Imported: {} figures added, {} replaced, {} unchanged; {} enterprises, {} requests, {} deals added{}.",
                            r.figures.added, r.figures.replaced, r.figures.unchanged, r.enterprises.added, r.requests.added, r.deals.added,
                            projects_done(r.projects, lang) + &targets_done(r.targets, lang)
                        ),
                    },
                );
                return;
            }
            if let Some(plan) = &self.plan {
                                let can_commit = preview_ui(ui, plan, &mut self.replace, lang);
                if can_commit && ui.button(RichText::new(lang.pick("确认导入", "Import now")).strong()).clicked() {
                    self.commit(dataset);
                }
            }
        });
    }

    fn options_ui(&mut self, ui: &mut Ui, dataset: &Dataset, lang: Lang) {
        let mut changed = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("文件未写明时：", "Where the files say nothing:"));
            let l = ui.label(lang.pick("年份", "year"));
            changed |= ui
                .add(
                    egui::TextEdit::singleline(&mut self.year)
                        .desired_width(60.0)
                        .hint_text("2024"),
                )
                .labelled_by(l.id)
                .lost_focus();
            let l = ui.label(lang.pick("指标", "indicator"));
            let cat = dataset.catalogue();
            let current = self
                .indicator
                .as_ref()
                .and_then(|c| cat.indicator(c))
                .map(|i| i.name(lang).to_string())
                .unwrap_or_else(|| lang.pick("（按文件）", "(from the file)").to_string());
            egui::ComboBox::from_id_salt("import-indicator")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    changed |= ui
                        .selectable_value(
                            &mut self.indicator,
                            None,
                            lang.pick("（按文件）", "(from the file)"),
                        )
                        .changed();
                    for i in &cat.indicators {
                        changed |= ui
                            .selectable_value(
                                &mut self.indicator,
                                Some(i.code.clone()),
                                i.name(lang),
                            )
                            .changed();
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label(lang.pick("口径", "basis"));
            egui::ComboBox::from_id_salt("import-basis")
                .selected_text(match self.basis {
                    None => lang.pick("（按文件）", "(from the file)"),
                    Some(b) => b.label(lang),
                })
                .show_ui(ui, |ui| {
                    changed |= ui
                        .selectable_value(
                            &mut self.basis,
                            None,
                            lang.pick("（按文件）", "(from the file)"),
                        )
                        .changed();
                    changed |= ui
                        .selectable_value(&mut self.basis, Some(Basis::Ytd), Basis::Ytd.label(lang))
                        .changed();
                    changed |= ui
                        .selectable_value(
                            &mut self.basis,
                            Some(Basis::Month),
                            Basis::Month.label(lang),
                        )
                        .changed();
                })
                .response
                .labelled_by(l.id);
        });
        if changed && !self.busy() {
            self.check(dataset);
        }
    }
}

/// The preview; returns whether the import may be committed.
fn preview_ui(ui: &mut Ui, plan: &ImportPlan, replace: &mut bool, lang: Lang) -> bool {
    let parsed = plan.parsed();
    let f = plan.figures();
    let (e, r, d) = (plan.enterprises(), plan.requests(), plan.deals());
    let pj = plan.projects();
    let (rq, dl) = (differing(r.conflicts, lang), differing(d.conflicts, lang));
    ui.label(match lang {
            Lang::Zh => format!(
                "数据：新增{}、不变{}、与现有数值不同{}；企业：新增{}、不同{}；诉求：新增{}{rq}；融资：新增{}{dl}{}",
                f.added, f.unchanged, f.conflicts, e.added, e.conflicts, r.added, d.added, projects_preview(pj, lang) + &targets_preview(plan.targets(), lang)
            ),
            Lang::En => format!(
                "figures: {} new, {} unchanged, {} differ; enterprises: {} new, {} differ; requests: {} new{rq}; deals: {} new{dl}{}",
                f.added, f.unchanged, f.conflicts, e.added, e.conflicts, r.added, d.added, projects_preview(pj, lang) + &targets_preview(plan.targets(), lang)
            ),
        });
    for line in returns_preview_lines(plan, lang) {
        ui.label(line);
    }
    for n in parsed.notices.items() {
        ui.label(RichText::new(n.text(lang)).weak());
    }
    if !plan.errors().is_empty() {
        errors_ui(ui, plan, lang);
        return false;
    }
    let conflicts = plan.conflicts();
    if !conflicts.is_empty() {
        conflicts_ui(ui, plan, replace, lang);
    }
    figures_preview_ui(ui, plan, lang);
    let rt = plan.returns();
    // A stored request rated afterwards (满意度) comes back as a conflict: still something
    // to import once the user agrees to replace.
    let lists = e.added + e.conflicts + r.added + r.conflicts + d.added + d.conflicts;
    let tg = plan.targets();
    let nothing = f.added + f.conflicts + lists + pj.added + pj.conflicts + tg.added + tg.conflicts
        == 0
        && rt.rows.added + rt.rows.conflicts + rt.enterprises_added == 0;
    if nothing {
        ui.label(lang.pick("没有新的数据需要导入。", "Nothing new to import."));
    }
    !nothing && (conflicts.is_empty() || *replace)
}

/// "、不同N" after a list's new count when stored rows differ (empty when none do).
fn differing(conflicts: usize, lang: Lang) -> String {
    match (conflicts, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("、不同{n}"),
        (n, Lang::En) => format!(", {n} differ"),
    }
}

/// The preview's investment-project counts (empty when the import has no projects).
fn projects_preview(c: import::Counts, lang: Lang) -> String {
    if c == import::Counts::default() {
        return String::new();
    }
    match lang {
        Lang::Zh => format!(
            "；投资项目：新增{}、不变{}、与现有数值不同{}",
            c.added, c.unchanged, c.conflicts
        ),
        Lang::En => format!(
            "; investment projects: {} new, {} unchanged, {} differ",
            c.added, c.unchanged, c.conflicts
        ),
    }
}

/// The done line's investment-project counts (empty when the import wrote none).
fn projects_done(c: import::Counts, lang: Lang) -> String {
    if c.added + c.replaced == 0 {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("，投资项目新增{}个、替换{}个", c.added, c.replaced),
        Lang::En => format!(
            ", {} investment projects added, {} replaced",
            c.added, c.replaced
        ),
    }
}

/// The preview's annual-target counts (empty when the import has no targets).
fn targets_preview(c: import::Counts, lang: Lang) -> String {
    if c == import::Counts::default() {
        return String::new();
    }
    match lang {
        Lang::Zh => format!(
            "；年度目标：新增{}、不变{}、与现有目标不同{}",
            c.added, c.unchanged, c.conflicts
        ),
        Lang::En => format!(
            "; annual targets: {} new, {} unchanged, {} differ",
            c.added, c.unchanged, c.conflicts
        ),
    }
}

/// The done line's annual-target counts (empty when the import wrote none).
fn targets_done(c: import::Counts, lang: Lang) -> String {
    if c.added + c.replaced == 0 {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("，年度目标新增{}个、替换{}个", c.added, c.replaced),
        Lang::En => format!(
            ", {} annual targets added, {} replaced",
            c.added, c.replaced
        ),
    }
}

/// The preview of enterprise returns: each returns sheet's layout, period and rows, then
/// the rows and values new, unchanged and differing, and the enterprises to be added.
fn returns_preview_lines(plan: &ImportPlan, lang: Lang) -> Vec<String> {
    let parsed = plan.parsed();
    let mut lines: Vec<String> = parsed
        .sheets
        .iter()
        .filter(|s| matches!(s.layout, SheetLayout::Returns | SheetLayout::ReturnsLong))
        .map(|s| {
            let file = parsed.files.get(s.file).map_or("", |f| f.name.as_str());
            let sheet = s
                .name
                .as_deref()
                .map(|n| format!(" “{n}”"))
                .unwrap_or_default();
            let period = s.period.map_or_else(
                || lang.pick("时期未定", "no period").to_string(),
                |p| p.label_with_year(Basis::Ytd, lang),
            );
            match lang {
                Lang::Zh => format!(
                    "{file}{sheet}：{}，{period}，{}行",
                    s.layout.label(lang),
                    s.records
                ),
                Lang::En => format!(
                    "{file}{sheet}: {}, {period}, {} rows",
                    s.layout.label(lang),
                    s.records
                ),
            }
        })
        .collect();
    let rt = plan.returns();
    if lines.is_empty() && rt == import::ReturnCounts::default() {
        return lines;
    }
    let (rows, values) = (rt.rows, rt.values);
    lines.push(match lang {
        Lang::Zh => format!(
            "企业月报（现价）：新增{}行、不变{}行、与现有数值不同{}行；数值{}个新增、{}个不同；名录将新增企业{}家",
            rows.added, rows.unchanged, rows.conflicts, values.added, values.conflicts, rt.enterprises_added
        ),
        Lang::En => format!(
            "monthly returns (current prices): {} rows new, {} unchanged, {} differ; values: {} new, {} differ; {} enterprise(s) to be added to the register",
            rows.added, rows.unchanged, rows.conflicts, values.added, values.conflicts, rt.enterprises_added
        ),
    });
    lines
}

/// The located errors: with any, nothing is imported.
fn errors_ui(ui: &mut Ui, plan: &ImportPlan, lang: Lang) {
    let errors = plan.errors();
    ui.colored_label(
        Color32::from_rgb(0xB0, 0x1C, 0x1C),
        match lang {
            Lang::Zh => format!(
                "发现{}处错误，未导入任何数据，数据集保持不变：",
                errors.total()
            ),
            Lang::En => format!(
                "{} errors: nothing will be imported and the dataset stays as it is:",
                errors.total()
            ),
        },
    );
    egui::ScrollArea::vertical()
        .id_salt("import-errors")
        .max_height(160.0)
        .show(ui, |ui| {
            for issue in errors.items() {
                ui.label(
                    RichText::new(issue.text(lang)).color(Color32::from_rgb(0xB0, 0x1C, 0x1C)),
                );
            }
            if errors.more() > 0 {
                ui.label(match lang {
                    Lang::Zh => format!("……另有{}处", errors.more()),
                    Lang::En => format!("… and {} more", errors.more()),
                });
            }
        });
}

/// The values that differ from the dataset's, and the switch to replace them.
fn conflicts_ui(ui: &mut Ui, plan: &ImportPlan, replace: &mut bool, lang: Lang) {
    let conflicts = plan.conflicts();
    ui.colored_label(
        Color32::from_rgb(0xA0, 0x60, 0x00),
        match lang {
            Lang::Zh => format!("{}个数值与数据集中的不同：", conflicts.total()),
            Lang::En => format!("{} values differ from the dataset:", conflicts.total()),
        },
    );
    egui::ScrollArea::vertical()
        .id_salt("import-conflicts")
        .max_height(120.0)
        .show(ui, |ui| {
            for c in conflicts.items() {
                ui.label(RichText::new(c.text(lang)).small());
            }
        });
    ui.checkbox(
        replace,
        lang.pick(
            "用导入的数值替换这些数值",
            "Replace them with the imported values",
        ),
    );
}

/// A parsed figure's cells as the preview shows them.
fn preview_cells(parsed: &import::ParsedImport, i: usize, lang: Lang) -> [String; 6] {
    let cat = &parsed.catalogue;
    let p = &parsed.figures[i];
    let region = cat
        .regions
        .get(p.region as usize)
        .map(|r| r.name(lang).to_string())
        .unwrap_or_default();
    let indicator = cat
        .indicators
        .get(p.indicator as usize)
        .map(|i| i.name(lang).to_string())
        .unwrap_or_default();
    let subject = match p.subject {
        SubjectRef::Whole => String::new(),
        SubjectRef::Industry(i) => cat
            .industries
            .get(i as usize)
            .map(|x| x.name(lang).to_string())
            .unwrap_or_default(),
        SubjectRef::Group(g) => cat
            .groups
            .get(g as usize)
            .map(|x| x.name(lang).to_string())
            .unwrap_or_default(),
    };
    [
        region,
        indicator,
        subject,
        p.period.label_with_year(p.basis, lang),
        p.basis.label(lang).to_string(),
        crate::briefing::format::one_decimal(p.value),
    ]
}

/// The first [`PREVIEW_ROWS`] parsed figures as a table.
fn figures_preview_ui(ui: &mut Ui, plan: &ImportPlan, lang: Lang) {
    let parsed = plan.parsed();
    let shown = parsed.figures.len().min(PREVIEW_ROWS);
    let headers = match lang {
        Lang::Zh => ["地区", "指标", "行业", "时期", "口径", "数值"],
        Lang::En => [
            "Region",
            "Indicator",
            "Industry",
            "Period",
            "Basis",
            "Value",
        ],
    };
    ui.allocate_ui(egui::vec2(ui.available_width(), 220.0), |ui| {
        TableBuilder::new(ui)
            .id_salt("import-preview")
            .striped(true)
            .max_scroll_height(190.0)
            .column(Column::initial(110.0).clip(true))
            .column(Column::initial(220.0).clip(true))
            .column(Column::initial(120.0).clip(true))
            .column(Column::initial(120.0))
            .column(Column::initial(70.0))
            .column(Column::remainder())
            .header(20.0, |mut h| {
                for t in headers {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, shown, |mut row| {
                    for text in preview_cells(parsed, row.index(), lang) {
                        row.col(|ui| {
                            ui.add(egui::Label::new(text).selectable(false).truncate());
                        });
                    }
                });
            });
    });
    if parsed.figures.len() > shown {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("（仅显示前{shown}个，共{}个）", parsed.figures.len()),
                Lang::En => format!("(first {shown} of {} shown)", parsed.figures.len()),
            })
            .weak(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::credit_code::compose;

    #[test]
    fn the_preview_shows_the_returns_layout_period_and_counts() {
        let code = |n: u32| compose("91", "230300", &format!("MA{n:06}")).expect("code");
        let text = format!(
            "信用代码,单位名称,工业总产值本年累计(千元)\n{},甲公司,1000\n{},乙公司,2000\n",
            code(1),
            code(2)
        );
        let options = ImportOptions::default();
        let cat = crate::model::catalogue::builtin();
        let parsed = import::parse_bytes("企业月报2023年1-4月.csv", text.as_bytes(), cat, &options);
        let plan = import::plan(parsed, None).expect("plan");
        let lines = returns_preview_lines(&plan, Lang::Zh);
        assert_eq!(
            lines[0],
            "企业月报2023年1-4月.csv：企业月报（每行一家企业），2023年1—4月，2行"
        );
        assert!(
            lines[1].contains("新增2行") && lines[1].contains("名录将新增企业2家"),
            "{lines:?}"
        );
    }
}
