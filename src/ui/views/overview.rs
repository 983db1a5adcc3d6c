//! Overview (概览): headline cards for the selected period, each with a sparkline over the
//! year, readable at a glance from across a table; and a 包联考核 card naming the leading
//! official(s), which opens the 包联考核 view when clicked. Above them the 预警 panel
//! ([`super::warnings`]).

use egui::{RichText, Sense, Stroke, Ui, vec2};

use super::super::session::Session;
use super::super::widgets::{illustrative_badge, sparkline, themed};
use super::warnings::WarningsPanel;
use super::{Command, Tab};
use crate::briefing::format::one_decimal;
use crate::briefing::palette;
use crate::model::{Basis, Lang};

// The cards are built in the briefing layer (plain figures and words, no egui).
pub use crate::briefing::overview::{Card, OverviewData};

/// The Overview view.
#[derive(Debug, Default)]
pub struct OverviewView {
    /// The 预警 panel above the cards.
    pub warnings: WarningsPanel,
}

impl OverviewView {
    /// Draws the 预警 panel and the cards.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let (data, lang) = (&session.derived.overview, session.selection.lang);
        // Above the cards and outside their scrolling, so what went wrong is seen first.
        self.warnings.ui(ui, session, commands);
        ui.add_space(8.0);
        let evaluation = evaluation_card(session, lang);
        let width = ui.available_width();
        let columns = if width > 1100.0 {
            3
        } else if width > 700.0 {
            2
        } else {
            1
        };
        let gap = 12.0;
        let card_w = (width - gap * (columns as f32 - 1.0)) / columns as f32;
        let cards: Vec<&Card> = data.cards.iter().chain(evaluation.as_ref()).collect();
        egui::ScrollArea::vertical().show(ui, |ui| {
            for row in cards.chunks(columns) {
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = gap;
                    for card in row {
                        let drawn = card_ui(ui, card, card_w, lang);
                        if evaluation.as_ref().is_some_and(|e| std::ptr::eq(e, *card)) {
                            // Sensed after the card's labels, so it is on top of them: a
                            // click anywhere on the card opens the view.
                            let open = ui
                                .interact(
                                    drawn.rect,
                                    egui::Id::unique("overview-evaluation-card"),
                                    Sense::click(),
                                )
                                .on_hover_cursor(egui::CursorIcon::PointingHand)
                                .on_hover_text(
                                    lang.pick("点击查看包联考核", "click to open the scorecard"),
                                );
                            if open.clicked() {
                                commands.push(Command::SetTab(Tab::Evaluation));
                            }
                        }
                    }
                });
                ui.add_space(gap);
            }
            let parent = session.snapshot.context.parent.as_ref();
            super::indicator_table::indicators_ui(
                ui,
                &session.derived.indicators,
                (parent.map(|p| p.name(lang)), &session.snapshot.catalogue),
                lang,
            );
            if ui
                .button(lang.pick("编辑年度目标…", "Edit annual targets…"))
                .clicked()
            {
                commands.push(Command::OpenTargets);
            }
        });
    }
}

/// The 包联考核 card: the leading official(s), their composite and the period; None when the
/// dataset pairs no official with an enterprise (nothing to evaluate). While the scorecard
/// is being worked out the card says so.
fn evaluation_card(session: &Session, lang: Lang) -> Option<Card> {
    let load = &session.evaluation;
    let mut card = Card {
        title: lang.pick("包联考核", "包联 evaluation").to_string(),
        value: "…".to_string(),
        detail: lang
            .pick("正在计算包联考核…", "Computing the scorecard…")
            .to_string(),
        spark: Vec::new(),
        spark_mark: None,
        spark_inverted: false,
        accent: palette::PARENT,
        illustrative: session.snapshot.is_sample,
        illustrative_note: lang
            .pick(
                "样例数据集中的投资项目和满意度为示意数据",
                "The sample dataset's projects and satisfaction ratings are illustrative",
            )
            .to_string(),
        trend: 0,
    };
    let Some(data) = load.ready() else {
        return (load.loading() || load.error(lang).is_none()).then_some(card);
    };
    if data.officials == 0 {
        return None;
    }
    let Some(scorecard) = &data.card else {
        card.value = "—".to_string();
        card.detail = lang
            .pick("尚无企业月报或投资项目", "No returns or projects yet")
            .to_string();
        return Some(card);
    };
    let leaders = scorecard.leaders();
    let period = scorecard.period.label_with_year(Basis::Ytd, lang);
    card.value = match leaders.is_empty() {
        true => "—".to_string(),
        false => leaders
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
    };
    let score = leaders
        .first()
        .and_then(|o| o.score)
        .map_or("—".to_string(), one_decimal);
    let n = scorecard.officials.len();
    card.detail = match lang {
        Lang::Zh => format!("综合得分最高：{score}分 · {period} · 共{n}位包联领导"),
        Lang::En => format!("Highest composite: {score} · {period} · {n} officials"),
    };
    Some(card)
}

/// Draws a card.
fn card_ui(ui: &mut Ui, card: &Card, width: f32, lang: Lang) -> egui::Response {
    let visuals = ui.visuals().clone();
    let dark = visuals.dark_mode;
    egui::Frame::new()
        .fill(visuals.extreme_bg_color)
        .stroke(Stroke::new(
            1.0,
            visuals.widgets.noninteractive.bg_stroke.color,
        ))
        .corner_radius(8.0)
        .inner_margin(14.0)
        .show(ui, |ui| {
            ui.set_width(width - 28.0);
            ui.set_height(150.0);
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&card.title).size(15.0).strong());
                    if card.illustrative {
                        // Each card says which of its figures are illustrative.
                        illustrative_badge(ui, lang, &card.illustrative_note);
                    }
                });
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(&card.value)
                            .size(34.0)
                            .strong()
                            .color(themed(card.accent, dark)),
                    );
                    let arrow = match card.trend {
                        t if t > 0 => Some(("▲", themed(palette::UP, dark))),
                        t if t < 0 => Some(("▼", themed(palette::DOWN, dark))),
                        _ => None,
                    };
                    if let Some((a, c)) = arrow {
                        ui.label(RichText::new(a).size(18.0).color(c));
                    }
                });
                ui.label(RichText::new(&card.detail).size(13.0));
                if card.spark.iter().any(Option::is_some) {
                    let (rect, _) =
                        ui.allocate_exact_size(vec2(ui.available_width(), 36.0), Sense::hover());
                    sparkline(
                        ui,
                        rect,
                        &card.spark,
                        card.spark_mark,
                        card.spark_inverted,
                        themed(card.accent, dark),
                    );
                }
            });
        })
        .response
}
