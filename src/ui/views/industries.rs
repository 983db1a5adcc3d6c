//! Industries (行业结构): shares of value added by industry (donut for the period, stacked
//! over the year), growth by industry, pulls as a waterfall, and the industry groups.

use egui::{RichText, Ui};

use super::super::session::Session;
use super::super::widgets::{bar_chart, chart_title, donut, stacked_bars, themed};
use crate::briefing::format::one_decimal;
use crate::briefing::palette;
use crate::model::Lang;

/// The Industries view's state.
#[derive(Debug, Default)]
pub struct IndustriesView {
    /// The donut slice hovered last frame.
    pub hovered_slice: Option<usize>,
}

impl IndustriesView {
    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session) {
        let Self { hovered_slice } = self;
        let d = &session.derived;
        let lang = session.selection.lang;
        let snap = &session.snapshot;
        if d.analysis.structure.is_none() {
            ui.label(lang.pick(
                "本期没有分行业增加值数据。导入分行业数据后可查看行业结构。",
                "No value added by industry for this period. Import industry figures to see the structure.",
            ));
            return;
        }
        // Group cards.
        let groups: Vec<_> = d
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
                        ui.label(RichText::new(def.name(lang)).strong());
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
                            if g.rate_stored {
                                lang.pick("公开发布", "published")
                            } else {
                                lang.pick("按行业增加值测算", "from industry levels")
                            }
                            .to_string(),
                        );
                        ui.add(egui::Label::new(parts.join(" · ")).wrap());
                        let members: Vec<&str> = def
                            .members
                            .iter()
                            .filter_map(|m| snap.catalogue.industry(m))
                            .map(|i| i.name(lang))
                            .collect();
                        ui.add(
                            egui::Label::new(RichText::new(members.join("、")).small().weak())
                                .wrap(),
                        );
                    });
            }
        });
        ui.add_space(6.0);
        // Four charts do not fit side by side with readable labels: the waterfall and the
        // shares over the year get the full width, and the view scrolls.
        egui::ScrollArea::vertical()
            .id_salt("industries")
            .show(ui, |ui| {
                let height = 300.0;
                ui.columns(2, |cols| {
                    chart_title(&mut cols[0], &d.shares, lang);
                    *hovered_slice = donut(&mut cols[0], &d.shares, height);
                    chart_title(&mut cols[1], &d.industry_growth, lang);
                    bar_chart(
                        &mut cols[1],
                        "industry-growth",
                        &d.industry_growth,
                        height,
                        false,
                    );
                });
                ui.add_space(8.0);
                chart_title(ui, &d.pulls, lang);
                bar_chart(ui, "pulls", &d.pulls, height, false);
                ui.add_space(8.0);
                chart_title(ui, &d.shares_over_time, lang);
                stacked_bars(ui, "shares-over-time", &d.shares_over_time, height);
            });
    }
}
