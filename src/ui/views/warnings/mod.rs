//! The Overview's 预警 panel (SPEC §13): the warnings of the window's period — how many are
//! 预警 and how many 关注, and the list (severity badge, rule, one sentence in the window's
//! language), 预警 first, filterable by severity, scrollable when long. A click on a warning
//! goes to its subject: a region becomes the subject of the Ranking view, an enterprise opens
//! the 企业月报 view with its detail, an official the 包联考核 view with them selected. The
//! thresholds editor (预警设置, [`settings`]) opens from here.
//!
//! The warnings are worked out by the session on a worker ([`load::WarningsLoad`]); the app
//! asks for the window's period while the Overview shows, and the panel says it is checking
//! until they arrive.

pub mod load;
pub mod settings;

use egui::{Color32, RichText, Sense, Stroke, Ui};

use self::load::WarningsData;
use super::super::session::Session;
use super::Command;
use crate::model::warning::{Severity, Warning, WarningSubject};
use crate::model::{Basis, Lang, Period};

/// 预警: red, as the briefing marks what must be acted on.
pub const ALERT: Color32 = Color32::from_rgb(0xB0, 0x1C, 0x1C);
/// 关注: amber.
pub const WATCH: Color32 = Color32::from_rgb(0xB0, 0x6A, 0x00);

/// The colour of a severity.
pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Alert => ALERT,
        Severity::Watch => WATCH,
    }
}

/// A severity as the panel names it: 预警 / 关注, Alert / Watch.
pub fn severity_label(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (_, Lang::Zh) => severity.label(lang),
        (Severity::Alert, Lang::En) => "Alert",
        (Severity::Watch, Lang::En) => "Watch",
    }
}

/// The panel's state.
#[derive(Debug, Default)]
pub struct WarningsPanel {
    /// None: every warning; else only those of one severity.
    pub filter: Option<Severity>,
}

impl WarningsPanel {
    /// Draws the panel: the title with the counts (which filter the list), the settings
    /// button, and the list.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let lang = session.selection.lang;
        let load = &session.warnings;
        let visuals = ui.visuals().clone();
        egui::Frame::new()
            .fill(visuals.extreme_bg_color)
            .stroke(Stroke::new(
                1.0,
                visuals.widgets.noninteractive.bg_stroke.color,
            ))
            .corner_radius(8.0)
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let period = session.selection.period;
                self.header_ui(ui, load.ready(), period, commands, lang);
                if let Some(e) = load.error(lang) {
                    ui.colored_label(
                        ALERT,
                        match lang {
                            Lang::Zh => format!("无法检查预警：{e}"),
                            Lang::En => format!("The warnings could not be checked: {e}"),
                        },
                    );
                    return;
                }
                let Some(data) = load.ready() else {
                    // No spinner: it would repaint every frame for the whole Overview, and
                    // the app polls the worker anyway.
                    ui.label(lang.pick("正在检查预警…", "Checking the warnings…"));
                    return;
                };
                if let Some(command) = self.list_ui(ui, data, lang) {
                    commands.push(command);
                }
            });
    }

    /// 需关注的问题 with the period, the counts as filter toggles, and 预警设置….
    fn header_ui(
        &mut self,
        ui: &mut Ui,
        data: Option<&WarningsData>,
        period: Period,
        commands: &mut Vec<Command>,
        lang: Lang,
    ) {
        ui.horizontal(|ui| {
            let when = period.label_with_year(Basis::Ytd, lang);
            ui.label(
                RichText::new(match lang {
                    Lang::Zh => format!("需关注的问题（{when}）"),
                    Lang::En => format!("Needs attention ({when})"),
                })
                .size(15.0)
                .strong(),
            );
            if let Some(data) = data {
                ui.add_space(8.0);
                let total = data.list.len();
                let all = match lang {
                    Lang::Zh => format!("全部 {total}"),
                    Lang::En => format!("All {total}"),
                };
                if ui.selectable_label(self.filter.is_none(), all).clicked() {
                    self.filter = None;
                }
                for severity in [Severity::Alert, Severity::Watch] {
                    let text = format!(
                        "{} {}",
                        severity_label(severity, lang),
                        data.count(severity)
                    );
                    let label = RichText::new(text).strong().color(severity_color(severity));
                    let on = self.filter == Some(severity);
                    if ui.selectable_label(on, label).clicked() {
                        // A second click shows every warning again.
                        self.filter = (!on).then_some(severity);
                    }
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(lang.pick("预警设置…", "Warning settings…"))
                    .clicked()
                {
                    commands.push(Command::OpenWarningSettings);
                }
            });
        });
    }

    /// The warnings shown (预警 first), each clickable; the command of the one clicked.
    fn list_ui(&self, ui: &mut Ui, data: &WarningsData, lang: Lang) -> Option<Command> {
        let mut shown: Vec<&Warning> = data
            .list
            .iter()
            .filter(|w| self.filter.is_none_or(|s| w.severity == s))
            .collect();
        // Stable: by rule within a severity, as the loader lists them.
        shown.sort_by_key(|w| w.severity);
        if shown.is_empty() {
            ui.label(match (self.filter, data.list.is_empty()) {
                (Some(s), false) => match lang {
                    Lang::Zh => format!("本期没有{}级别的问题。", s.label(lang)),
                    Lang::En => format!("Nothing at the {} level this period.", s.label(lang)),
                },
                _ => lang
                    .pick(
                        "按当前阈值，本期没有需关注的问题。",
                        "Nothing needs attention this period at the current thresholds.",
                    )
                    .to_string(),
            });
            return None;
        }
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("overview-warnings")
            .max_height(150.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("overview-warnings-grid")
                    .num_columns(3)
                    .spacing([10.0, 4.0])
                    .show(ui, |ui| {
                        for (i, w) in shown.iter().enumerate() {
                            if warning_row_ui(ui, i, w, lang) {
                                clicked = Some(subject_command(w, data.key.period));
                            }
                            ui.end_row();
                        }
                    });
            });
        clicked
    }
}

/// One warning: badge, rule, sentence; the whole line answers a click. True when clicked.
fn warning_row_ui(ui: &mut Ui, i: usize, w: &Warning, lang: Lang) -> bool {
    // The hover highlight goes under the line, so its place is taken before the line.
    let background = ui.painter().add(egui::Shape::Noop);
    let color = severity_color(w.severity);
    let badge = egui::Frame::new()
        .fill(color)
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(5, 1))
        .show(ui, |ui| {
            ui.label(
                RichText::new(severity_label(w.severity, lang))
                    .size(12.0)
                    .color(Color32::WHITE),
            )
        })
        .response;
    let rule = ui.label(RichText::new(w.rule.label(lang)).weak());
    let text = ui.label(w.text.get(lang));
    let mut rect = badge.rect.union(rule.rect).union(text.rect);
    rect.max.x = rect.max.x.max(ui.clip_rect().max.x - 4.0);
    // Sensed after the labels, so it is on top of them: a click anywhere on the line counts.
    let line = ui
        .interact(
            rect.expand(2.0),
            egui::Id::unique(("overview-warning", i)),
            Sense::click(),
        )
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(hover_text(w, lang));
    // A screen reader (and the keyboard focus) meets the line as one button that says it all.
    line.widget_info(|| {
        let sep = lang.pick("：", ": ");
        let said = format!(
            "{}{sep}{}{sep}{}",
            severity_label(w.severity, lang),
            w.rule.label(lang),
            w.text.get(lang)
        );
        egui::WidgetInfo::labeled(egui::Role::Button, true, said)
    });
    if line.hovered() {
        let fill = ui.visuals().widgets.hovered.weak_bg_fill;
        ui.painter().set(
            background,
            egui::Shape::rect_filled(rect.expand(2.0), 3.0, fill),
        );
    }
    line.clicked()
}

/// Where a click leads, with the value against its threshold.
fn hover_text(w: &Warning, lang: Lang) -> String {
    let name = w.subject.name();
    let go = match (&w.subject, lang) {
        (WarningSubject::Region { .. }, Lang::Zh) => format!("点击在排名中查看{name}"),
        (WarningSubject::Region { .. }, Lang::En) => format!("Click to see {name} in the ranking"),
        (WarningSubject::Enterprise { .. }, Lang::Zh) => format!("点击查看{name}的企业月报"),
        (WarningSubject::Enterprise { .. }, Lang::En) => {
            format!("Click to see the returns of {name}")
        }
        (WarningSubject::Official { .. }, Lang::Zh) => format!("点击在包联考核中查看{name}"),
        (WarningSubject::Official { .. }, Lang::En) => {
            format!("Click to see {name} in the scorecard")
        }
    };
    let unit = w.rule.unit(lang);
    // Shortest form: 70, 10.6, 1.62 (the rules round their values).
    let number = |v: f64| format!("{v}");
    match (w.value, w.threshold) {
        (Some(v), Some(t)) => match lang {
            Lang::Zh => format!("{go}\n数值 {}{unit}，阈值 {}{unit}", number(v), number(t)),
            Lang::En => format!(
                "{go}\nValue {} {unit}, threshold {} {unit}",
                number(v),
                number(t)
            ),
        },
        _ => go,
    }
}

/// The command that shows a warning's subject: the region as the subject of the Ranking
/// view, the enterprise's returns of the warnings' period, the official in the scorecard.
pub fn subject_command(w: &Warning, period: Period) -> Command {
    match &w.subject {
        WarningSubject::Region { code, .. } => Command::ShowRegion(code.clone()),
        WarningSubject::Enterprise { code, .. } => {
            Command::ShowEnterpriseReturns(code.clone(), period)
        }
        WarningSubject::Official { name } => Command::ShowOfficial(name.clone()),
    }
}
