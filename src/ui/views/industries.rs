//! Industries (行业结构): shares of value added by industry (donut for the period, stacked
//! over the year), growth by industry, pulls as a waterfall, and the industry groups.

use egui::{RichText, Ui};

use super::super::session::Session;
use super::super::widgets::{
    BarResponse, bar_chart, chart_title, donut, illustrative_badge, stacked_bars, themed,
};
use crate::analysis::GroupGrowth;
use crate::briefing::format::one_decimal;
use crate::briefing::palette;
use crate::model::{IndustryGroup, Lang};

/// The height of a chart's title row (title, badge, copy button) and the space under it.
const CHART_TITLE: f32 = 28.0;

/// The Industries view's state.
#[derive(Debug, Default)]
pub struct IndustriesView {
    /// The donut slice hovered last frame.
    pub hovered_slice: Option<usize>,
    /// What the growth-by-industry bars drew last frame.
    pub industry_growth: BarResponse,
    /// What the pull waterfall drew last frame.
    pub pulls: BarResponse,
}

impl IndustriesView {
    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session) {
        let d = &session.derived;
        let lang = session.selection.lang;
        if d.analysis.structure.is_none() {
            ui.label(lang.pick(
                "本期没有分行业增加值数据。导入分行业数据后可查看行业结构。",
                "No value added by industry for this period. Import industry figures to see the structure.",
            ));
            return;
        }
        group_cards(ui, session);
        ui.add_space(6.0);
        // Four charts do not fit side by side with readable labels: the waterfall and the
        // shares over the year get the full width, and the view scrolls. The first two
        // rows share the height left (with their titles), so the waterfall's category
        // names are on screen without scrolling at 1280×800.
        let room = ui.available_height();
        let height = ((room - 2.0 * CHART_TITLE - 16.0) / 2.0).clamp(200.0, 300.0);
        egui::ScrollArea::vertical()
            .id_salt("industries")
            .show(ui, |ui| {
                let top = ui.cursor().top();
                ui.columns(2, |cols| {
                    chart_title(&mut cols[0], &d.shares, lang);
                    self.hovered_slice = donut(&mut cols[0], &d.shares, height);
                    chart_title(&mut cols[1], &d.industry_growth, lang);
                    self.industry_growth = bar_chart(
                        &mut cols[1],
                        "industry-growth",
                        &d.industry_growth,
                        height,
                        false,
                    );
                });
                ui.add_space(8.0);
                // The donut's legend can make the first row taller than its charts: the
                // waterfall takes what is left of the window (measured from the top of the
                // scrolled content, so scrolling does not resize it).
                let used = ui.cursor().top() - top;
                let pulls_height = (room - used - CHART_TITLE - 4.0).clamp(180.0, 300.0);
                chart_title(ui, &d.pulls, lang);
                self.pulls = bar_chart(ui, "pulls", &d.pulls, pulls_height, false);
                ui.add_space(8.0);
                chart_title(ui, &d.shares_over_time, lang);
                stacked_bars(ui, "shares-over-time", &d.shares_over_time, height);
            });
    }
}

/// One card per industry group, side by side.
fn group_cards(ui: &mut Ui, session: &Session) {
    let snap = &session.snapshot;
    let groups: Vec<_> = session
        .derived
        .analysis
        .groups
        .iter()
        .filter_map(|g| snap.catalogue.group(&g.code).map(|def| (g, def)))
        .collect();
    let card_width = if groups.is_empty() {
        0.0
    } else {
        (ui.available_width() - 12.0 * groups.len() as f32) / groups.len() as f32 - 20.0
    };
    ui.horizontal(|ui| {
        for (g, def) in groups {
            egui::Frame::group(ui.style())
                .inner_margin(10.0)
                .show(ui, |ui| {
                    ui.set_width(card_width);
                    group_card(ui, session, g, def);
                });
        }
    });
}

/// A group's name (marked when what the card shows rests on illustrative figures), growth,
/// share, pull, where the growth comes from, and its members.
fn group_card(ui: &mut Ui, session: &Session, g: &GroupGrowth, def: &IndustryGroup) {
    let lang = session.selection.lang;
    let snap = &session.snapshot;
    ui.horizontal(|ui| {
        ui.label(RichText::new(def.name(lang)).strong());
        if session.derived.overview.group_illustrative(&g.code) {
            illustrative_badge(
                ui,
                lang,
                lang.pick(
                    "增速、占比或拉动含示意数据，非公开发布值",
                    "The growth, share or pull rests on illustrative figures, not published ones",
                ),
            );
        }
    });
    ui.label(
        RichText::new(
            g.growth_pct
                .map(|v| format!("{}%", one_decimal(v)))
                .unwrap_or_else(|| "—".into()),
        )
        .size(26.0)
        .color(themed(palette::HOME, ui.visuals().dark_mode)),
    );
    let mut parts = Vec::new();
    if let Some(s) = g.share_pct {
        parts.push(match lang {
            Lang::Zh => format!("占比{}%", one_decimal(s)),
            Lang::En => format!("share {}%", one_decimal(s)),
        });
    }
    if let Some(p) = g.pull_pp {
        parts.push(match lang {
            Lang::Zh => format!("拉动{}个百分点", one_decimal(p)),
            Lang::En => format!("pull {} pp", one_decimal(p)),
        });
    }
    parts.push(
        crate::briefing::overview::group_growth_origin(snap, &session.derived.analysis, g, lang)
            .to_string(),
    );
    // The members under the figures rather than beside them: beside them, English names
    // were squeezed into a narrow column that made the card tall.
    ui.vertical(|ui| {
        ui.add(egui::Label::new(parts.join(" · ")).wrap());
        ui.add(
            egui::Label::new(RichText::new(members_text(snap, def, lang)).small().weak()).wrap(),
        );
    });
}

/// A group's member industries as a list: 煤炭及煤化工、石墨及新材料 in Chinese, "Coal and
/// coal chemicals, Graphite and new materials" in English.
pub fn members_text(snap: &crate::model::Snapshot, def: &IndustryGroup, lang: Lang) -> String {
    def.members
        .iter()
        .filter_map(|m| snap.catalogue.industry(m))
        .map(|i| i.name(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}
