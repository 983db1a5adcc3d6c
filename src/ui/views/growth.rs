//! Growth (增速走势): cumulative or monthly growth of the home region, its province and the
//! nation across the years; hover shows every figure and the gaps; click selects a period.

use egui::Ui;

use super::super::i18n;
use super::super::session::Session;
use super::super::widgets::{copy_data_button, line_chart};
use super::Command;
use crate::model::Basis;

/// The Growth view's own state.
#[derive(Debug, Default)]
pub struct GrowthView {
    reset: bool,
    /// The category index last hovered (tests read it).
    pub hovered: Option<usize>,
    /// The plot's mapping to the screen in the last frame.
    pub transform: Option<egui_plot::PlotTransform>,
    /// Years overlaid on one 1—2月 … 12月 axis instead of in sequence.
    pub overlay: bool,
}

impl GrowthView {
    /// Draws the view; returns what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let Self {
            reset,
            hovered,
            transform,
            overlay,
        } = self;
        let lang = session.selection.lang;
        let chart = if *overlay {
            &session.derived.growth_overlay
        } else {
            &session.derived.growth
        };
        // Wrapped: in English at 1280 wide the title and the switches do not fit one line.
        ui.horizontal_wrapped(|ui| {
            ui.heading(&chart.title);
            if let Some(note) = &chart.note {
                super::super::widgets::illustrative_badge(ui, lang, note);
            }
            ui.add_space(16.0);
            let basis = session.selection.basis;
            if ui
                .selectable_label(basis == Basis::Ytd, i18n::SHOW_YTD.get(lang))
                .clicked()
            {
                commands.push(Command::SetBasis(Basis::Ytd));
            }
            if ui
                .selectable_label(basis == Basis::Month, i18n::SHOW_MONTH.get(lang))
                .clicked()
            {
                commands.push(Command::SetBasis(Basis::Month));
            }
            ui.separator();
            if ui
                .selectable_label(!*overlay, i18n::IN_SEQUENCE.get(lang))
                .clicked()
            {
                *overlay = false;
                *reset = true;
            }
            if ui
                .selectable_label(*overlay, i18n::OVERLAID.get(lang))
                .clicked()
            {
                *overlay = true;
                *reset = true;
            }
            ui.separator();
            if ui.button(i18n::RESET_VIEW.get(lang)).clicked() {
                *reset = true;
            }
            copy_data_button(ui, chart, lang);
        });
        let height = (ui.available_height() - 8.0).max(240.0);
        let response = line_chart(
            ui,
            "growth-chart",
            chart,
            height,
            std::mem::take(reset),
            i18n::PP_SHORT.get(lang),
        );
        *hovered = response.hovered_index;
        *transform = response.transform;
        if let Some(p) = response.clicked_period {
            commands.push(Command::SelectPeriod(p));
        }
    }
}
