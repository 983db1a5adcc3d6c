//! The weights editor: five numbers, Save (refused with `Weights::validate`'s message in the
//! window's language: a negative weight, all zero) and Reset to SPEC §10's defaults. The
//! editor only asks: the app saves through the session (`Command::SaveWeights`), and the
//! scorecard is worked out again with the stored weights.

use egui::{Color32, RichText, Ui};

use super::super::Command;
use crate::model::{Component, Lang, Said, Weights};

/// The editor's state: the weights being edited and what they were last loaded as.
#[derive(Debug, Default)]
pub struct WeightsEditor {
    /// The weights as edited (the stored ones until the user changes a field).
    pub draft: Weights,
    /// The stored weights the draft was last reset to.
    loaded: Option<Weights>,
    /// Why the draft was not saved.
    pub problem: Option<Said>,
}

impl WeightsEditor {
    /// Follows the stored weights: when they change (loaded first, saved, reset), the draft
    /// becomes them and an old refusal is forgotten.
    pub fn follow(&mut self, stored: Weights) {
        if self.loaded != Some(stored) {
            self.loaded = Some(stored);
            self.draft = stored;
            self.problem = None;
        }
    }

    /// Draws the fields and buttons; `read_only` datasets cannot store weights, and the
    /// editor says so.
    pub fn ui(&mut self, ui: &mut Ui, read_only: bool, commands: &mut Vec<Command>, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            for c in Component::ALL {
                let l = ui.label(c.label(lang));
                let mut w = self.draft.get(c);
                let r = ui
                    .add(egui::DragValue::new(&mut w).speed(1.0).max_decimals(1))
                    .labelled_by(l.id);
                if r.changed() {
                    self.draft.set(c, w);
                    self.problem = None;
                }
                ui.add_space(8.0);
            }
        });
        ui.horizontal(|ui| {
            let save = ui
                .add_enabled(!read_only, egui::Button::new(lang.pick("保存权重", "Save weights")))
                .clicked();
            let reset = ui
                .add_enabled(
                    !read_only,
                    egui::Button::new(lang.pick(
                        "恢复默认（40/20/20/10/10）",
                        "Reset to defaults (40/20/20/10/10)",
                    )),
                )
                .clicked();
            if save {
                match self.draft.validate() {
                    Ok(()) => commands.push(Command::SaveWeights(self.draft)),
                    Err(why) => self.problem = Some(why),
                }
            }
            if reset {
                self.draft = Weights::default();
                self.problem = None;
                commands.push(Command::ResetWeights);
            }
            ui.label(
                RichText::new(lang.pick(
                    "某项无数据的领导，该项不计入，其余权重按比例折算",
                    "An official without data for a component is scored on the others, their weights rescaled",
                ))
                .small()
                .weak(),
            );
        });
        if read_only {
            ui.colored_label(
                Color32::from_rgb(0xB0, 0x1C, 0x1C),
                lang.pick(
                    "数据集为只读打开，权重无法保存；请以可写方式打开数据集文件后再修改",
                    "The dataset is open read-only, so the weights cannot be saved; open a writable copy of the file to change them",
                ),
            );
        }
        if let Some(p) = &self.problem {
            ui.colored_label(
                Color32::from_rgb(0xB0, 0x1C, 0x1C),
                match lang {
                    Lang::Zh => format!("权重未保存：{}", p.zh),
                    Lang::En => format!("The weights were not saved: {}", p.en),
                },
            );
        }
    }
}

/// The weights in use as one line: 产值增速40 · 投资增速20 · ….
pub fn weights_line(w: &Weights, lang: Lang) -> String {
    let parts: Vec<String> = Component::ALL
        .iter()
        .map(|&c| {
            let v = w.get(c);
            let n = if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v}")
            };
            match lang {
                Lang::Zh => format!("{}{n}", c.label(lang)),
                Lang::En => format!("{} {n}", c.label(lang)),
            }
        })
        .collect();
    parts.join(" · ")
}
