//! The Export dialog (导出会议材料): period, language, parts and formats; the narrative shown
//! and editable before export; where to save (asking before overwriting); the files written
//! on a worker thread with progress; "open folder" afterwards.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};

use super::super::dialogs::{Ask, FilePicker};
use super::super::session::Session;
use crate::analysis::analyse;
use crate::briefing::chart::ChartId;
use crate::briefing::document::{self, Briefing, Parts};
use crate::export::{self, Format};
use crate::model::catalogue::VA_GROWTH;
use crate::model::{Lang, Period};

/// One file to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Format.
    pub format: Format,
    /// The chart, for PNG.
    pub chart: Option<ChartId>,
    /// Where `export::write` is told to write.
    pub out: PathBuf,
}

/// A running export.
pub struct ExportJob {
    done: Arc<AtomicUsize>,
    total: usize,
    rx: Receiver<Result<Vec<PathBuf>, (String, String)>>,
}

/// What the last export did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Files written.
    Written(Vec<PathBuf>),
    /// The error, as the user reads it.
    Failed {
        /// In Chinese.
        zh: String,
        /// In English.
        en: String,
    },
}

/// The dialog's state.
pub struct ExportDialog {
    /// Shown.
    pub open: bool,
    /// The period of the briefing.
    pub period: Period,
    /// Its language.
    pub lang: Lang,
    /// Which parts it includes.
    pub parts: Parts,
    /// Formats chosen, in [`Format::ALL`] order.
    pub formats: Vec<(Format, bool)>,
    /// The briefing being edited.
    pub briefing: Option<Briefing>,
    /// The briefing as generated, to tell edits and to restore them.
    generated: Option<Briefing>,
    built_for: Option<(Period, Lang, Parts)>,
    /// The dataset and region the briefing is about: edits never carry over to another.
    built_subject: Option<(PathBuf, String)>,
    /// Files that exist and would be replaced, waiting for confirmation.
    pub confirm: Option<Vec<Target>>,
    /// The running export.
    pub job: Option<ExportJob>,
    /// The last outcome.
    pub outcome: Option<Outcome>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            period: Period::new(2023, 2).unwrap_or_else(|_| unreachable!("valid period")),
            lang: Lang::Zh,
            parts: Parts::default(),
            formats: Format::ALL
                .iter()
                .map(|f| (*f, matches!(f, Format::Pdf | Format::Docx)))
                .collect(),
            briefing: None,
            generated: None,
            built_for: None,
            built_subject: None,
            confirm: None,
            job: None,
            outcome: None,
        }
    }
}

fn format_label(f: Format, lang: Lang) -> &'static str {
    match f {
        Format::Pdf => "PDF",
        Format::Docx => lang.pick("Word（.docx）", "Word (.docx)"),
        Format::Xlsx => lang.pick("Excel（.xlsx）", "Excel (.xlsx)"),
        Format::Pptx => lang.pick("演示文稿（.pptx）", "Slides (.pptx)"),
        Format::Png => lang.pick("图表图片（PNG）", "Charts (PNG)"),
        Format::Markdown => lang.pick("文本（Markdown）", "Text (Markdown)"),
        Format::Csv => lang.pick("表格（CSV）", "Tables (CSV)"),
    }
}

impl ExportDialog {
    /// Opens the dialog on the session's selection. Already open, it stays as it is (Ctrl+E
    /// again must not reset the narrative being edited); reopened on the same dataset and
    /// region with an edited narrative, the edits are kept (and a different period or
    /// language asks first); otherwise the briefing is made afresh from the data.
    pub fn open_for(&mut self, session: &Session) {
        if self.open {
            return;
        }
        self.open = true;
        self.period = session.selection.period;
        self.lang = session.selection.lang;
        self.outcome = None;
        self.confirm = None;
        let subject = (session.path(), session.snapshot.context.region.code.clone());
        if self.built_subject.as_ref() != Some(&subject) {
            self.briefing = None;
            self.generated = None;
        }
        if !self.edited() {
            self.built_for = None;
        }
        self.built_subject = Some(subject);
    }

    /// True when the narrative differs from the generated one.
    pub fn edited(&self) -> bool {
        matches!((&self.briefing, &self.generated), (Some(b), Some(g)) if b.sections != g.sections)
    }

    /// True when the period, the language or the narrative part were changed after the
    /// narrative was edited: a new narrative would replace the edits, so the dialog asks
    /// first. (Tables, charts and sources can change freely: the edits carry over.)
    pub fn rebuild_pending(&self) -> bool {
        self.built_for.is_some_and(|(period, lang, parts)| {
            (period, lang, parts.narrative) != (self.period, self.lang, self.parts.narrative)
        }) && self.edited()
    }

    /// Rebuilds the briefing when period, language or parts changed, unless that would
    /// throw away the user's edits (see [`Self::rebuild_pending`]).
    fn ensure_briefing(&mut self, session: &Session) {
        let key = (self.period, self.lang, self.parts);
        if self.built_for == Some(key) && self.briefing.is_some() || self.rebuild_pending() {
            return;
        }
        let edited_sections = self
            .edited()
            .then(|| self.briefing.as_ref().map(|b| b.sections.clone()))
            .flatten();
        let a = analyse(
            &session.snapshot,
            VA_GROWTH,
            session.selection.basis,
            self.period,
        );
        // What the briefing reads beyond the snapshot (重点企业运行, 包联考核, targets, the
        // counties' map, 需关注的问题), all in one place as the CLI reads it; a read that
        // fails leaves those sections out and says why where export outcomes show.
        let data =
            match document::ExtrasData::load(&session.dataset, &session.snapshot, self.period) {
                Ok(d) => d,
                Err(e) => {
                    self.outcome = Some(Outcome::Failed {
                        zh: e.message(Lang::Zh),
                        en: e.message(Lang::En),
                    });
                    document::ExtrasData::default()
                }
            };
        let extras = data.extras();
        let b = document::build_full(
            &session.snapshot,
            &a,
            extras,
            self.lang,
            self.parts,
            session.today,
        );
        self.generated = Some(b.clone());
        self.briefing = Some(match edited_sections {
            Some(sections) => Briefing { sections, ..b },
            None => b,
        });
        self.built_for = Some(key);
    }

    /// Every file to write for the chosen formats, next to `base` (its stem is kept).
    pub fn targets(&self, base: &Path) -> Vec<Target> {
        let Some(b) = &self.briefing else {
            return Vec::new();
        };
        let stem = base
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| b.file_stem());
        let dir = base.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut out = Vec::new();
        for (f, on) in &self.formats {
            if !on {
                continue;
            }
            if *f == Format::Png {
                for c in &b.charts {
                    out.push(Target {
                        format: *f,
                        chart: Some(c.id),
                        out: dir.join(format!("{stem}_{}.png", c.id.code())),
                    });
                }
            } else {
                out.push(Target {
                    format: *f,
                    chart: None,
                    out: dir.join(format!("{stem}.{}", f.extension())),
                });
            }
        }
        out
    }

    /// Starts writing `targets` on a worker thread.
    pub fn start(&mut self, targets: Vec<Target>, ctx: &egui::Context) {
        let Some(briefing) = self.briefing.clone() else {
            return;
        };
        let done = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        let total = targets.len();
        let counter = done.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let mut files = Vec::new();
            let mut result = Ok(());
            for t in targets {
                match export::write(&briefing, t.format, &t.out, t.chart) {
                    Ok(w) => files.extend(w.files),
                    Err(e) => {
                        result = Err((e.message(Lang::Zh), e.message(Lang::En)));
                        break;
                    }
                }
                counter.fetch_add(1, Ordering::Relaxed);
                ctx.request_repaint();
            }
            let _ = tx.send(result.map(|()| files));
            ctx.request_repaint();
        });
        self.job = Some(ExportJob { done, total, rx });
        self.outcome = None;
    }

    /// Takes the worker's result when it has arrived.
    pub fn poll(&mut self) {
        if let Some(job) = &self.job
            && let Ok(result) = job.rx.try_recv()
        {
            self.outcome = Some(match result {
                Ok(files) => Outcome::Written(files),
                Err((zh, en)) => Outcome::Failed { zh, en },
            });
            self.job = None;
        }
    }

    /// The first chosen format (it names the file).
    fn first_format(&self) -> Format {
        self.formats
            .iter()
            .find(|(_, on)| *on)
            .map(|(f, _)| *f)
            .unwrap_or(Format::Pdf)
    }

    /// The proposed file name: the briefing's stem with the first format's extension.
    fn file_name(&self) -> Option<String> {
        let b = self.briefing.as_ref()?;
        Some(format!(
            "{}.{}",
            b.file_stem(),
            self.first_format().extension()
        ))
    }

    /// Exports to `base` (picked in a dialog), asking first when files would be replaced.
    pub fn save_to(&mut self, base: &Path, ctx: &egui::Context) {
        let Some(b) = &self.briefing else { return };
        let targets = self.targets(base);
        let exists = targets
            .iter()
            .flat_map(|t| export::planned_files(b, t.format, &t.out))
            .any(|p| p.exists());
        if exists {
            self.confirm = Some(targets);
        } else {
            self.start(targets, ctx);
        }
    }

    /// 导出到默认文件夹: into the documents folder's 工业运行监测 (created when missing), no
    /// dialog.
    pub fn export_to_default_folder(
        &mut self,
        dir: Option<&Path>,
        name: &str,
        ctx: &egui::Context,
    ) {
        match dir.map(|d| (d, std::fs::create_dir_all(d))) {
            Some((dir, Ok(()))) => self.save_to(&dir.join(name), ctx),
            Some((dir, Err(e))) => {
                let dir = dir.display();
                self.outcome = Some(Outcome::Failed {
                    zh: format!("无法创建默认文件夹{dir}（{e}），请选择保存位置"),
                    en: format!(
                        "could not create the default folder {dir} ({e}); choose where to save"
                    ),
                });
            }
            None => {
                self.outcome = Some(Outcome::Failed {
                    zh: "找不到用户主目录，请选择保存位置".into(),
                    en: "no home folder was found; choose where to save".into(),
                });
            }
        }
    }

    /// Draws the dialog.
    pub fn ui(&mut self, ctx: &egui::Context, session: &Session, picker: &mut FilePicker) {
        if !self.open {
            return;
        }
        self.poll();
        if self.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.ensure_briefing(session);
        let lang = session.selection.lang;
        let mut open = self.open;
        egui::Window::new(lang.pick("导出会议材料", "Export the briefing"))
            .id(egui::Id::unique("export-dialog"))
            .open(&mut open)
            .default_size([760.0, 640.0])
            .collapsible(false)
            .show(ctx, |ui| self.contents_ui(ui, session, picker, lang));
        self.open = open;
    }

    fn contents_ui(&mut self, ui: &mut Ui, session: &Session, picker: &mut FilePicker, lang: Lang) {
        self.options_ui(ui, session, lang);
        ui.separator();
        if self.rebuild_pending() {
            self.rebuild_prompt_ui(ui, session, lang);
            return;
        }
        self.narrative_ui(ui, lang);
        ui.separator();
        // Confirmation before replacing files.
        if let Some(targets) = self.confirm.clone() {
            self.confirm_ui(ui, targets, lang);
            return;
        }
        if let Some(job) = &self.job {
            let done = job.done.load(Ordering::Relaxed);
            ui.add(
                egui::ProgressBar::new(done as f32 / job.total.max(1) as f32)
                    .text(format!("{done}/{}", job.total)),
            );
            return;
        }
        self.save_ui(ui, picker, lang);
        self.outcome_ui(ui, lang);
    }

    /// Period, language, parts and formats.
    fn options_ui(&mut self, ui: &mut Ui, session: &Session, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(lang.pick("时期", "Period"));
            egui::ComboBox::from_id_salt("export-period")
                .selected_text(self.period.label_with_year(session.selection.basis, lang))
                .show_ui(ui, |ui| {
                    for p in session.periods.iter().rev() {
                        ui.selectable_value(
                            &mut self.period,
                            *p,
                            p.label_with_year(session.selection.basis, lang),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
            ui.separator();
            ui.label(lang.pick("材料语言", "Language"));
            ui.selectable_value(&mut self.lang, Lang::Zh, "中文");
            ui.selectable_value(&mut self.lang, Lang::En, "English");
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("内容", "Parts"));
            ui.checkbox(&mut self.parts.narrative, lang.pick("正文", "narrative"));
            ui.checkbox(&mut self.parts.tables, lang.pick("表格", "tables"));
            ui.checkbox(&mut self.parts.charts, lang.pick("图表", "charts"));
            ui.checkbox(&mut self.parts.sources, lang.pick("来源注释", "sources"));
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("格式", "Formats"));
            for (f, on) in &mut self.formats {
                ui.checkbox(on, format_label(*f, lang));
            }
        });
    }

    /// Asked before the edits are lost; nothing is exported meanwhile, since the text no
    /// longer matches the chosen period, language or parts.
    fn rebuild_prompt_ui(&mut self, ui: &mut Ui, session: &Session, lang: Lang) {
        ui.colored_label(
            egui::Color32::from_rgb(0xA0, 0x60, 0x00),
            lang.pick(
                "更改时期、语言或正文选项需要重新生成正文，您对正文的修改将丢失。",
                "Changing the period, the language or the narrative part regenerates the narrative; your edits would be lost.",
            ),
        );
        ui.horizontal(|ui| {
            if ui.button(lang.pick("重新生成", "Regenerate")).clicked() {
                self.briefing = None;
                self.generated = None;
                self.ensure_briefing(session);
            }
            if ui.button(lang.pick("保留修改", "Keep my edits")).clicked()
                && let Some((period, l, parts)) = self.built_for
            {
                (self.period, self.lang, self.parts) = (period, l, parts);
            }
        });
    }

    /// The title and the narrative, editable, with a way back to the generated text.
    fn narrative_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let edited = self.edited();
        let mut restore = false;
        if let Some(b) = self.briefing.as_mut() {
            ui.label(RichText::new(&b.title).strong().size(16.0));
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(lang.pick(
                        "正文可直接修改，修改内容将写入导出的文件。",
                        "Edit the narrative here; the files get your text.",
                    ))
                    .weak(),
                );
                if edited {
                    restore = ui
                        .button(lang.pick("恢复自动生成的正文", "Restore the generated text"))
                        .clicked();
                }
            });
            egui::ScrollArea::vertical()
                .id_salt("export-narrative")
                .max_height(320.0)
                .show(ui, |ui| {
                    for (si, section) in b.sections.iter_mut().enumerate() {
                        let heading = ui.label(RichText::new(&section.heading).strong());
                        for (pi, p) in section.paragraphs.iter_mut().enumerate() {
                            ui.push_id((si, pi), |ui| {
                                ui.add(
                                    egui::TextEdit::multiline(p)
                                        .desired_width(f32::INFINITY)
                                        .desired_rows(3),
                                )
                                .labelled_by(heading.id);
                            });
                        }
                    }
                    if b.sections.is_empty() {
                        ui.label(lang.pick("（不含正文）", "(no narrative)"));
                    }
                });
        }
        if restore && let (Some(b), Some(g)) = (self.briefing.as_mut(), &self.generated) {
            b.sections = g.sections.clone();
        }
    }

    /// The files that `targets` would replace, and Replace / Cancel.
    fn confirm_ui(&mut self, ui: &mut Ui, targets: Vec<Target>, lang: Lang) {
        let existing: Vec<String> = targets
            .iter()
            .flat_map(|t| {
                self.briefing
                    .as_ref()
                    .map(|b| export::planned_files(b, t.format, &t.out))
                    .unwrap_or_default()
            })
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        ui.colored_label(
            egui::Color32::from_rgb(0xA0, 0x60, 0x00),
            match lang {
                Lang::Zh => format!("以下文件已存在，是否覆盖？\n{}", existing.join("\n")),
                Lang::En => {
                    format!("These files exist. Replace them?\n{}", existing.join("\n"))
                }
            },
        );
        ui.horizontal(|ui| {
            if ui.button(lang.pick("覆盖", "Replace")).clicked() {
                self.confirm = None;
                self.start(targets, ui.ctx());
            }
            if ui.button(lang.pick("取消", "Cancel")).clicked() {
                self.confirm = None;
            }
        });
    }

    /// The export button: asks where to save, then writes (or asks before replacing).
    fn save_ui(&mut self, ui: &mut Ui, picker: &mut FilePicker, lang: Lang) {
        let any_format = self.formats.iter().any(|(_, on)| *on);
        let (to_dialog, to_default) = ui
            .horizontal(|ui| {
                let dialog = ui.add_enabled(
                    any_format && !picker.busy(),
                    egui::Button::new(
                        lang.pick("选择保存位置并导出…", "Choose where to save and export…"),
                    ),
                );
                let default = ui.add_enabled(
                    any_format,
                    egui::Button::new(
                        lang.pick("导出到默认文件夹", "Export to the default folder"),
                    ),
                );
                // Hovering shows where it writes.
                let default = match &picker.export_dir {
                    Some(dir) => default.on_hover_text(dir.display().to_string()),
                    None => default,
                };
                (dialog.clicked(), default.clicked())
            })
            .inner;
        if let Some(name) = self.file_name().filter(|_| to_dialog || to_default) {
            if to_dialog {
                let extension = self.first_format().extension().to_string();
                picker.ask(Ask::Save { name, extension }, lang);
            } else {
                self.export_to_default_folder(picker.export_dir.as_deref(), &name, ui.ctx());
            }
        }
    }

    /// What the last export wrote (with a way to the folder) or why it failed.
    fn outcome_ui(&self, ui: &mut Ui, lang: Lang) {
        match &self.outcome {
            Some(Outcome::Written(files)) => {
                ui.label(match lang {
                    Lang::Zh => format!("已导出{}个文件：", files.len()),
                    Lang::En => format!("{} files written:", files.len()),
                });
                for f in files {
                    ui.label(RichText::new(f.display().to_string()).small());
                }
                if let Some(dir) = files.first().and_then(|f| f.parent())
                    && ui
                        .button(lang.pick("打开所在文件夹", "Open folder"))
                        .clicked()
                {
                    ui.ctx()
                        .open_url(egui::OpenUrl::new_tab(format!("file://{}", dir.display())));
                }
            }
            Some(Outcome::Failed { zh, en }) => {
                ui.colored_label(
                    egui::Color32::from_rgb(0xB0, 0x1C, 0x1C),
                    match lang {
                        Lang::Zh => format!("导出失败：{zh}"),
                        Lang::En => format!("Export failed: {en}"),
                    },
                );
            }
            None => {}
        }
    }
}
