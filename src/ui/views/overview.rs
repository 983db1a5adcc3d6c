//! Overview (概览): headline cards for the selected period, each with a sparkline over the
//! year, readable at a glance from across a table.

use egui::{RichText, Sense, Stroke, Ui, vec2};

use super::super::widgets::{illustrative_badge, sparkline, themed};
use crate::briefing::palette;
use crate::model::Lang;

// The cards are built in the briefing layer (plain figures and words, no egui).
pub use crate::briefing::overview::{Card, OverviewData};

/// The Overview view.
#[derive(Debug, Default)]
pub struct OverviewView;

impl OverviewView {
    /// Draws the cards.
    pub fn ui(&mut self, ui: &mut Ui, data: &OverviewData, lang: Lang) {
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
        egui::ScrollArea::vertical().show(ui, |ui| {
            for row in data.cards.chunks(columns) {
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = gap;
                    for card in row {
                        card_ui(ui, card, card_w, lang);
                    }
                });
                ui.add_space(gap);
            }
        });
    }
}

fn card_ui(ui: &mut Ui, card: &Card, width: f32, lang: Lang) {
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
        });
}
