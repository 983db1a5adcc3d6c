//! The thresholds editor (预警设置): a dialog with each rule's 关注 and 预警 levels in its
//! unit, Save (refused with `Thresholds::validate`'s message in the window's language: a
//! negative level, an 预警 level milder than the 关注 one; nothing is saved) and Reset to
//! SPEC §13's defaults. The editor only asks: the app saves through the session
//! (`Command::SaveWarningThresholds`), which gives the session a new generation, so the
//! Overview's warnings are worked out again with the stored thresholds; the app tells the
//! editor how the save went ([`ThresholdsEditor::stored`]).

use egui::{Color32, RichText, Ui};

use super::super::super::session::Session;
use super::super::Command;
use crate::model::warning::{Levels, Rule, Thresholds};
use crate::model::{Lang, Said};
use crate::store::StoreError;

const RED: Color32 = Color32::from_rgb(0xB0, 0x1C, 0x1C);

/// The editor's state.
#[derive(Debug, Default)]
pub struct ThresholdsEditor {
    /// Whether the dialog is shown.
    pub open: bool,
    /// The thresholds as edited (the stored ones until the user changes a field).
    pub draft: Thresholds,
    /// The stored thresholds the draft was last reset to.
    loaded: Option<Thresholds>,
    /// Why the draft was not saved (validation, or the store's refusal).
    pub problem: Option<Said>,
    /// What the last save did.
    pub done: Option<Said>,
}

/// How a rule compares its value with a level (as `analysis::warnings` applies it): from
/// the level on, above it, or below it (a score).
fn comparison(rule: Rule) -> &'static str {
    match rule {
        Rule::RequestOpen | Rule::PowerOutputApart => ">",
        Rule::OfficialLow => "<",
        _ => "≥",
    }
}

/// The step and decimals of a rule's fields: whole days, places and periods; tenths of a
/// point.
fn step(rule: Rule) -> (f64, usize) {
    match rule {
        Rule::RankDown | Rule::StreakEnded | Rule::RequestOpen => (1.0, 0),
        Rule::OfficialLow => (0.5, 1),
        _ => (0.1, 2),
    }
}

impl ThresholdsEditor {
    /// Follows the stored thresholds: when they change (first shown, saved, reset), the
    /// draft becomes them and an old refusal is forgotten.
    pub fn follow(&mut self, stored: Thresholds) {
        if self.loaded != Some(stored) {
            self.loaded = Some(stored);
            self.draft = stored;
            self.problem = None;
        }
    }

    /// Hears how a save went: a refusal (a read-only file) is kept to show.
    pub fn stored(&mut self, result: Result<(), StoreError>) {
        match result {
            Ok(()) => {
                self.problem = None;
                self.done = Some(Said::new(
                    "已保存，预警已按新阈值重新检查",
                    "Saved; the warnings are checked again with these thresholds",
                ));
            }
            Err(e) => {
                self.done = None;
                self.problem = Some(Said::new(e.message(Lang::Zh), e.message(Lang::En)));
            }
        }
    }

    /// Draws the dialog while it is open.
    pub fn ui(&mut self, ctx: &egui::Context, session: &Session, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        self.follow(session.thresholds);
        let lang = session.selection.lang;
        let read_only = session.dataset.is_read_only();
        let mut open = true;
        egui::Window::new(lang.pick("预警设置", "Warning settings"))
            .id(egui::Id::unique("warning-settings"))
            .open(&mut open)
            .default_width(520.0)
            // Over the panel it opens from, not over the menu.
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos([ctx.content_rect().center().x, 120.0])
            .collapsible(false)
            .show(ctx, |ui| {
                self.levels_ui(ui, lang);
                ui.separator();
                self.buttons_ui(ui, read_only, commands, lang);
            });
        self.open = open;
    }

    /// One line per rule with thresholds: its name, how it compares, the 关注 and 预警
    /// levels and the unit.
    fn levels_ui(&mut self, ui: &mut Ui, lang: Lang) {
        ui.label(
            RichText::new(lang.pick(
                "达到关注阈值的列为“关注”，达到预警阈值的列为“预警”。企业停产总是预警，月报未报总是关注。",
                "A value past the watch level is listed as 关注 (watch), past the alert level as 预警 (alert). A stopped enterprise is always an alert, a missing return always a watch.",
            ))
            .small()
            .weak(),
        );
        egui::Grid::new("warning-settings-grid")
            .num_columns(5)
            .spacing([12.0, 6.0])
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    lang.pick("规则", "Rule"),
                    "",
                    lang.pick("关注", "Watch"),
                    lang.pick("预警", "Alert"),
                    lang.pick("单位", "Unit"),
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for rule in Rule::ALL.into_iter().filter(|r| r.has_threshold()) {
                    self.rule_ui(ui, rule, lang);
                    ui.end_row();
                }
            });
    }

    fn rule_ui(&mut self, ui: &mut Ui, rule: Rule, lang: Lang) {
        let Some(Levels {
            mut watch,
            mut alert,
        }) = self.draft.get(rule)
        else {
            return;
        };
        let name = rule.label(lang);
        ui.label(name);
        ui.label(comparison(rule));
        let (speed, decimals) = step(rule);
        let mut changed = false;
        for (level, value) in [
            (lang.pick("关注", "watch"), &mut watch),
            (lang.pick("预警", "alert"), &mut alert),
        ] {
            let field = egui::DragValue::new(value)
                .speed(speed)
                .range(0.0..=100_000.0)
                .max_decimals(decimals);
            changed |= ui
                .add(field)
                .accessible_name(format!("{name} · {level}"))
                .changed();
        }
        ui.label(rule.unit(lang));
        if changed {
            self.draft.set(rule, Levels { watch, alert });
            self.problem = None;
            self.done = None;
        }
    }

    /// Save and Reset, and what became of the last attempt.
    fn buttons_ui(
        &mut self,
        ui: &mut Ui,
        read_only: bool,
        commands: &mut Vec<Command>,
        lang: Lang,
    ) {
        ui.horizontal(|ui| {
            let save = ui
                .add_enabled(
                    !read_only,
                    egui::Button::new(lang.pick("保存阈值", "Save thresholds")),
                )
                .clicked();
            let reset = ui
                .add_enabled(
                    !read_only,
                    egui::Button::new(lang.pick("恢复默认", "Reset to defaults")),
                )
                .clicked();
            if save {
                self.done = None;
                match self.draft.validate() {
                    Ok(()) => commands.push(Command::SaveWarningThresholds(self.draft)),
                    Err(why) => self.problem = Some(why),
                }
            }
            if reset {
                self.draft = Thresholds::default();
                self.problem = None;
                self.done = None;
                commands.push(Command::SaveWarningThresholds(Thresholds::default()));
            }
        });
        if read_only {
            ui.colored_label(
                RED,
                lang.pick(
                    "数据集为只读打开，预警阈值无法保存；请以可写方式打开数据集文件后再修改",
                    "The dataset is open read-only, so the thresholds cannot be saved; open a writable copy of the file to change them",
                ),
            );
        }
        if let Some(p) = &self.problem {
            ui.colored_label(
                RED,
                match lang {
                    Lang::Zh => format!("预警阈值未保存：{}", p.zh),
                    Lang::En => format!("The thresholds were not saved: {}", p.en),
                },
            );
        } else if let Some(d) = &self.done {
            ui.label(d.get(lang));
        }
    }
}
