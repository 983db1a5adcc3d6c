//! The annual targets editor (年度目标, SPEC §11): a dialog listing the dataset's targets
//! (region, indicator, year, target) with add, edit and delete. It is a dialog rather than a
//! panel of the Data view because the Data view's table and findings take its whole height,
//! and because the Overview's key-indicator table opens it too.
//!
//! The target text is read with `parse_target` in the indicator's unit; a refusal is said in
//! the window's language and nothing is saved. The editor only asks: the app saves through
//! the session (`Command::SaveTarget`, `Command::DeleteTarget`), which reads the targets
//! again and recomputes (a new generation), and tells the editor how it went (`stored`).

use egui::{Color32, RichText, Ui};

use super::super::session::Session;
use super::Command;
use super::indicator_table::target_label;
use crate::model::target::{Target, TargetValue, parse_target, subject};
use crate::model::{Catalogue, Lang, Said};
use crate::store::StoreError;

/// The target being written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// Row id of the target edited (0: a new one).
    pub id: i64,
    /// Region code.
    pub region: String,
    /// Indicator code.
    pub indicator: String,
    /// Year.
    pub year: i32,
    /// The target as typed ("增长8%", "1200亿元").
    pub text: String,
}

/// The editor's state.
#[derive(Debug, Default)]
pub struct TargetsEditor {
    /// Whether the dialog is shown.
    pub open: bool,
    /// The target being written.
    pub draft: Draft,
    /// Why the draft was not saved (the parse, a duplicate, the store's refusal).
    pub problem: Option<Said>,
    /// What the last save did.
    pub done: Option<Said>,
}

const RED: Color32 = Color32::from_rgb(0xB0, 0x1C, 0x1C);

impl TargetsEditor {
    /// Hears how a save or delete went: success clears the text, a refusal is kept to show.
    pub fn stored(&mut self, result: Result<(), StoreError>) {
        match result {
            Ok(()) => {
                self.draft.id = 0;
                self.draft.text.clear();
                self.problem = None;
                self.done = Some(Said::new("已保存", "Saved"));
            }
            Err(e) => {
                self.done = None;
                self.problem = Some(Said::new(e.message(Lang::Zh), e.message(Lang::En)));
            }
        }
    }

    /// Checks the draft and, when it reads, asks for it to be saved.
    pub fn submit(&mut self, session: &Session, commands: &mut Vec<Command>) {
        self.done = None;
        match self.checked(session) {
            Ok(t) => {
                self.problem = None;
                commands.push(Command::SaveTarget(t));
            }
            Err(why) => self.problem = Some(why),
        }
    }

    /// The draft as a target, or why it is not one.
    fn checked(&self, session: &Session) -> Result<Target, Said> {
        let cat = &session.snapshot.catalogue;
        let d = &self.draft;
        if cat.region(&d.region).is_none() {
            return Err(Said::new("请选择地区", "choose a region for the target"));
        }
        let Some(ind) = cat.indicator(&d.indicator) else {
            return Err(Said::new(
                "请选择指标",
                "choose an indicator for the target",
            ));
        };
        let value = parse_target(&d.text, &ind.unit)?;
        // A rate and its level are one subject: one target per region, subject and year.
        let twin = session.targets.iter().find(|t| {
            t.id != d.id
                && t.region == d.region
                && subject(cat, &t.indicator) == subject(cat, &d.indicator)
                && t.year == d.year
        });
        if twin.is_some() {
            let region = cat
                .region(&d.region)
                .map_or(d.region.as_str(), |r| &r.name_zh);
            return Err(Said::new(
                format!(
                    "{region}{}年已有“{}”的目标：请在列表中点“编辑”修改它",
                    d.year, ind.name_zh
                ),
                format!(
                    "{} already has a {} target for {}: click Edit in the list to change it",
                    cat.region(&d.region)
                        .map_or(d.region.as_str(), |r| &r.name_en),
                    ind.name_en,
                    d.year
                ),
            ));
        }
        Ok(Target {
            id: d.id,
            region: d.region.clone(),
            indicator: d.indicator.clone(),
            year: d.year,
            value,
            source: None,
        })
    }

    /// Draws the dialog while it is open.
    pub fn ui(&mut self, ctx: &egui::Context, session: &Session, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let lang = session.selection.lang;
        if self.draft.year == 0 {
            self.draft.year = session.selection.period.year();
            self.draft.region = session.snapshot.context.region.code.clone();
        }
        let mut open = true;
        egui::Window::new(lang.pick("年度目标", "Annual targets"))
            .id(egui::Id::unique("targets-editor"))
            .open(&mut open)
            .default_width(640.0)
            .collapsible(false)
            .show(ctx, |ui| {
                self.list_ui(ui, session, commands, lang);
                ui.separator();
                self.form_ui(ui, session, commands, lang);
            });
        self.open = open;
    }

    /// The stored targets with Edit and Delete.
    fn list_ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>, lang: Lang) {
        let cat = &session.snapshot.catalogue;
        let read_only = session.dataset.is_read_only();
        if read_only {
            ui.colored_label(
                RED,
                lang.pick(
                    "数据集为只读打开，年度目标无法保存；请以可写方式打开数据集文件后再修改",
                    "The dataset is open read-only, so targets cannot be saved; open a writable copy of the file to change them",
                ),
            );
        }
        if session.targets.is_empty() {
            ui.label(lang.pick(
                "数据集中还没有年度目标。可在下方添加，或导入目标清单。",
                "The dataset holds no annual targets yet: add one below, or import a targets list.",
            ));
            return;
        }
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .show(ui, |ui| {
                egui::Grid::new("targets-list")
                    .striped(true)
                    .spacing([16.0, 4.0])
                    .show(ui, |ui| {
                        for h in [
                            lang.pick("地区", "Region"),
                            lang.pick("指标", "Indicator"),
                            lang.pick("年份", "Year"),
                            lang.pick("目标", "Target"),
                            "",
                        ] {
                            ui.label(RichText::new(h).strong());
                        }
                        ui.end_row();
                        for t in &session.targets {
                            self.row_ui(ui, cat, t, read_only, commands, lang);
                            ui.end_row();
                        }
                    });
            });
    }

    fn row_ui(
        &mut self,
        ui: &mut Ui,
        cat: &Catalogue,
        t: &Target,
        read_only: bool,
        commands: &mut Vec<Command>,
        lang: Lang,
    ) {
        let unit = cat.indicator(&t.indicator).map_or("", |i| i.unit.as_str());
        ui.label(
            cat.region(&t.region)
                .map_or(t.region.as_str(), |r| r.name(lang)),
        );
        ui.label(
            cat.indicator(&t.indicator)
                .map_or(t.indicator.as_str(), |i| i.name(lang)),
        );
        ui.label(t.year.to_string());
        let written = target_label(t.value.kind(), t.value.value(), unit, lang);
        ui.label(&written);
        ui.horizontal(|ui| {
            if ui.button(lang.pick("编辑", "Edit")).clicked() {
                self.draft = Draft {
                    id: t.id,
                    region: t.region.clone(),
                    indicator: t.indicator.clone(),
                    year: t.year,
                    // The exact stored value in the indicator's own unit (the list rounds
                    // for reading; saving the rounded text would change the target).
                    text: exact_text(t.value, unit),
                };
                self.problem = None;
                self.done = None;
            }
            if ui
                .add_enabled(!read_only, egui::Button::new(lang.pick("删除", "Delete")))
                .clicked()
            {
                self.done = None;
                commands.push(Command::DeleteTarget(t.id));
            }
        });
    }

    /// The region, indicator, year and target fields, Save and New.
    fn form_ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>, lang: Lang) {
        let cat = &session.snapshot.catalogue;
        ui.label(
            RichText::new(match self.draft.id {
                0 => lang.pick("添加目标", "Add a target"),
                _ => lang.pick("修改目标", "Change the target"),
            })
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            let name = |code: &str| {
                cat.region(code)
                    .map_or(code.to_string(), |r| r.name(lang).to_string())
            };
            egui::ComboBox::from_label(lang.pick("地区", "Region"))
                .selected_text(name(&self.draft.region))
                .show_ui(ui, |ui| {
                    for code in target_regions(session) {
                        let label = name(&code);
                        ui.selectable_value(&mut self.draft.region, code, label);
                    }
                });
            let ind_name = |code: &str| {
                cat.indicator(code)
                    .map_or(lang.pick("（请选择）", "(choose)").to_string(), |i| {
                        format!("{}（{}）", i.name(lang), i.unit)
                    })
            };
            egui::ComboBox::from_label(lang.pick("指标", "Indicator"))
                .selected_text(ind_name(&self.draft.indicator))
                .show_ui(ui, |ui| {
                    for i in &cat.indicators {
                        let label = ind_name(&i.code);
                        ui.selectable_value(&mut self.draft.indicator, i.code.clone(), label);
                    }
                });
            let l = ui.label(lang.pick("年份", "Year"));
            ui.add(egui::DragValue::new(&mut self.draft.year).range(1990..=2100))
                .labelled_by(l.id);
            let l = ui.label(lang.pick("目标", "Target"));
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.draft.text)
                        .hint_text(lang.pick("如 增长8% 或 1200亿元", "e.g. 增长8% or 1200亿元"))
                        .desired_width(160.0),
                )
                .labelled_by(l.id);
            if edit.changed() {
                self.problem = None;
            }
        });
        ui.horizontal(|ui| {
            let read_only = session.dataset.is_read_only();
            if ui
                .add_enabled(
                    !read_only,
                    egui::Button::new(lang.pick("保存目标", "Save target")),
                )
                .clicked()
            {
                self.submit(session, commands);
            }
            if ui.button(lang.pick("新建", "New")).clicked() {
                self.draft.id = 0;
                self.draft.text.clear();
                self.problem = None;
                self.done = None;
            }
        });
        if let Some(p) = &self.problem {
            ui.colored_label(
                RED,
                match lang {
                    Lang::Zh => format!("目标未保存：{}", p.zh),
                    Lang::En => format!("The target was not saved: {}", p.en),
                },
            );
        } else if let Some(d) = &self.done {
            ui.label(d.get(lang));
        }
    }
}

/// The regions a target may be set for: those with growth figures, the home region and its
/// children (counties), in catalogue order.
fn target_regions(session: &Session) -> Vec<String> {
    let cat = &session.snapshot.catalogue;
    let children: Vec<&str> = cat
        .children_of(&session.home)
        .map(|r| r.code.as_str())
        .collect();
    cat.regions
        .iter()
        .map(|r| r.code.clone())
        .filter(|c| {
            session.regions.contains(c) || *c == session.home || children.contains(&c.as_str())
        })
        .collect()
}

/// A target as text `parse_target` reads back to exactly the stored value: "增长8.25%" for a
/// rate, "123456.7万元" for a level in the indicator's unit.
pub fn exact_text(value: TargetValue, unit: &str) -> String {
    match value {
        TargetValue::Rate(v) if v < 0.0 => format!("下降{}%", -v),
        TargetValue::Rate(v) => format!("增长{v}%"),
        TargetValue::Level(v) => format!("{v}{unit}"),
    }
}

#[cfg(test)]
mod exact_tests {
    use super::*;
    use crate::model::target::parse_target;

    #[test]
    fn the_edit_text_reads_back_to_the_stored_value() {
        for (value, unit) in [
            (TargetValue::Level(356_500.0), "万元"),
            (TargetValue::Level(12_345.67), "万元"),
            (TargetValue::Rate(8.25), "%"),
            (TargetValue::Rate(-2.0), "%"),
            (TargetValue::Rate(8.25), "万元"),
            (TargetValue::Level(170.0), "家"),
        ] {
            let text = exact_text(value, unit);
            assert_eq!(parse_target(&text, unit), Ok(value), "{text}");
        }
    }
}
