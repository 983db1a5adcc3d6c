//! 包联考核 / Evaluation (SPEC §10): the paired officials' scorecard for a period — output
//! growth of their enterprises against the city's (现价), their projects' investment growth
//! and plan completion, how their enterprises' requests were handled — each component scored
//! 60–100 across officials and weighted into a composite that ranks them. Sortable by any
//! column; a click on an official lists their enterprises; the weights are edited here and
//! stored in the dataset.
//!
//! The scorecard is loaded by the session on a worker ([`load::EvaluationLoad`], through
//! `briefing::evaluation::load`): while this tab or the Overview shows, the app asks for the
//! view's key each frame (a no-op once asked), and the view shows a spinner until it arrives.

pub mod detail;
pub mod load;
pub mod table;
pub mod weights;

use egui::{RichText, Ui};

use self::detail::Detail;
use self::load::{EvaluationData, EvaluationKey};
use self::table::EvalSort;
use self::weights::{WeightsEditor, weights_line};
use super::super::session::Session;
use super::super::widgets;
use super::Command;
use crate::analysis::evaluation::Scorecard;
use crate::briefing::format::one_decimal;
use crate::model::{Basis, Lang, Period};

/// The 包联考核 view's state.
#[derive(Debug, Default)]
pub struct EvaluationView {
    /// The period chosen; None for the latest with returns or projects.
    pub period: Option<Period>,
    /// How the table is sorted (None: by rank).
    pub sort: Option<EvalSort>,
    /// The official whose enterprises are shown.
    pub selected: Option<String>,
    /// The weights editor.
    pub weights: WeightsEditor,
    /// The officials' positions in the scorecard in the order shown.
    pub rows: Vec<usize>,
    rows_for: Option<(EvaluationKey, Option<EvalSort>)>,
    detail: Option<Detail>,
}

impl EvaluationView {
    /// What the view (and the Overview's card) wants loaded for the session's data: the
    /// period chosen here, else the window's period (`selected`) — so the card and the
    /// briefing of a 1—4月 meeting show the 1—4月 scorecard — which the loader replaces by
    /// the latest period with data when it has none.
    pub fn key(&self, generation: u64, selected: Period) -> EvaluationKey {
        EvaluationKey {
            period: self.period.or(Some(selected)),
            generation,
        }
    }

    /// The enterprises shown, if an official is selected (tests).
    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let lang = session.selection.lang;
        let load = &session.evaluation;
        let periods = load.last().map(|d| d.periods.clone()).unwrap_or_default();
        let card = load.ready().and_then(|d| d.card.as_ref());
        self.header_ui(ui, &periods, card, lang);
        if let Some(e) = load.error(lang) {
            ui.colored_label(egui::Color32::from_rgb(0xB0, 0x1C, 0x1C), e);
            return;
        }
        let Some(data) = load.ready() else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.pick("正在计算包联考核…", "Computing the scorecard…"));
            });
            return;
        };
        let card = match (&data.card, data.officials) {
            (Some(card), n) if n > 0 && !card.officials.is_empty() => card,
            _ => {
                empty_ui(ui, data, commands, lang);
                return;
            }
        };
        if session.snapshot.is_sample {
            widgets::illustrative_badge(
                ui,
                lang,
                lang.pick(
                    "样例数据集中的投资项目和满意度为示意数据",
                    "The sample dataset's projects and satisfaction ratings are illustrative",
                ),
            );
        }
        self.weights.follow(card.weights);
        let read_only = session.dataset.is_read_only();
        let weights = &mut self.weights;
        egui::CollapsingHeader::new(lang.pick("权重设置", "Weights"))
            .id_salt("evaluation-weights")
            .show(ui, |ui| weights.ui(ui, read_only, commands, lang));
        self.refresh(data, card);
        let table_height = if self.detail.is_some() {
            (ui.available_height() * 0.5).max(160.0)
        } else {
            ui.available_height() - 30.0
        };
        let click = table::table_ui(
            ui,
            card,
            &self.rows,
            (self.sort, self.selected.as_deref()),
            table_height,
            lang,
        );
        if let Some(c) = click.header {
            self.sort = Some(EvalSort::after_click(self.sort, c));
        }
        if let Some(name) = click.official {
            self.selected = Some(name);
        }
        if let Some(d) = &self.detail {
            ui.separator();
            let c = detail::detail_ui(ui, d, card.official(&d.official), lang);
            if c.close {
                self.selected = None;
                self.detail = None;
            }
            if let Some(code) = c.enterprise {
                commands.push(Command::ShowEnterpriseReturns(code, card.period));
            }
        }
    }

    /// Works out the order of the lines and the selected official's enterprises when the
    /// scorecard, the sort or the selection changed.
    fn refresh(&mut self, data: &EvaluationData, card: &Scorecard) {
        if self.rows_for != Some((data.key, self.sort)) {
            self.rows = table::order(card, self.sort);
            self.rows_for = Some((data.key, self.sort));
        }
        let current = self
            .detail
            .as_ref()
            .is_some_and(|d| Some(&d.official) == self.selected.as_ref() && d.key == data.key);
        if !current {
            self.detail = self
                .selected
                .as_deref()
                .filter(|name| card.official(name).is_some())
                .and_then(|name| Detail::build(name, data));
        }
    }

    /// The period picker, the city's output growth and the weights in use.
    fn header_ui(&mut self, ui: &mut Ui, periods: &[Period], card: Option<&Scorecard>, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(lang.pick("考核时期", "Period"));
            let label = |p: Option<Period>| match p {
                Some(p) => p.label_with_year(Basis::Ytd, lang),
                None => lang.pick("最新", "latest").to_string(),
            };
            let shown = card.map(|c| c.period).or(self.period);
            egui::ComboBox::from_id_salt("evaluation-period")
                .selected_text(label(shown))
                .show_ui(ui, |ui| {
                    for p in periods.iter().rev() {
                        ui.selectable_value(&mut self.period, Some(*p), label(Some(*p)));
                    }
                })
                .response
                .labelled_by(l.id);
            if let Some(card) = card {
                let growth = card
                    .city_output_growth_pct
                    .map_or("—".to_string(), |g| format!("{}%", one_decimal(g)));
                ui.separator();
                ui.label(
                    RichText::new(match lang {
                        Lang::Zh => format!("全市规上工业总产值增速（现价）{growth}"),
                        Lang::En => {
                            format!("City output growth (current prices) {growth}")
                        }
                    })
                    .strong(),
                );
                ui.separator();
                ui.label(match lang {
                    Lang::Zh => format!("权重：{}", weights_line(&card.weights, lang)),
                    Lang::En => format!("Weights: {}", weights_line(&card.weights, lang)),
                });
            }
        });
        ui.label(
            RichText::new(lang.pick(
                "各项按功效系数法计60—100分（超期诉求越少越好），综合得分为加权平均；无数据的项目显示为“—”，不计入综合得分",
                "Each component is scored 60–100 by the efficacy coefficient method (fewer overdue requests is better); the composite is their weighted mean; — marks a component without data, left out of the composite",
            ))
            .small()
            .weak(),
        );
    }
}

/// No scorecard to show: says why and what to import.
fn empty_ui(ui: &mut Ui, data: &EvaluationData, commands: &mut Vec<Command>, lang: Lang) {
    ui.add_space(20.0);
    let text = if data.officials == 0 {
        lang.pick(
            "数据集中还没有包联领导：企业名录中没有企业填写“包联领导”。请导入含“包联领导”列的企业名录，再导入企业月报、投资项目和企业诉求，即可在此查看包联考核。",
            "No official is paired with an enterprise yet: no enterprise in the register names a 包联领导. Import an enterprise register with a 包联领导 (official) column, then the returns, investment projects and requests, to see the scorecard here.",
        )
    } else {
        lang.pick(
            "数据集中还没有企业月报或投资项目，无法计算包联考核。请导入企业月报（产值）和投资项目清单。",
            "The dataset holds neither enterprise returns nor investment projects, so there is no scorecard. Import the enterprises' monthly returns (output) and an investment projects list.",
        )
    };
    ui.label(text);
    if ui.button(lang.pick("导入数据…", "Import data…")).clicked() {
        commands.push(Command::OpenImport);
    }
}
