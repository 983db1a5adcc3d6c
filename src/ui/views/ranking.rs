//! Ranking (全省排名): the province's cities for the period as sorted bars (home city
//! highlighted, the provincial rate as a line, values labelled), and the home city's rank
//! over the year with rank 1 at the top and its streak marked.

use egui::Ui;

use super::super::session::Session;
use super::super::widgets::{bar_chart, chart_title, copy_data_button, line_chart};
use super::Command;
use crate::briefing::format::ordinal;
use crate::model::Lang;

/// The Ranking view's state.
#[derive(Debug, Default)]
pub struct RankingView {
    /// The bar hovered last frame (tests read it).
    pub hovered: Option<usize>,
}

impl RankingView {
    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let Self { hovered } = self;
        let d = &session.derived;
        let lang = session.selection.lang;
        if d.ranking.series.first().is_none_or(|s| s.values.is_empty()) {
            ui.label(lang.pick(
                "本期没有同级地区的数据，无法排名。",
                "No figures of peer regions for this period: nothing to rank.",
            ));
            return;
        }
        let h = d.analysis.headline.as_ref();
        ui.horizontal(|ui| {
            ui.heading(&d.ranking.title);
            if let Some(note) = &d.ranking.note {
                super::super::widgets::illustrative_badge(ui, lang, note);
            }
            copy_data_button(ui, &d.ranking, lang);
        });
        if let Some((rank, of)) = h.and_then(|h| h.rank.zip(h.rank_of)) {
            let streak = h.and_then(|h| h.rank_streak).unwrap_or(0);
            ui.label(match lang {
                Lang::Zh if rank == 1 && streak >= 2 => {
                    format!(
                        "{}居全省第1位（共{of}个），已连续{streak}个月",
                        session.snapshot.context.region.name_zh
                    )
                }
                Lang::Zh => format!(
                    "{}居全省第{rank}位（共{of}个）",
                    session.snapshot.context.region.name_zh
                ),
                Lang::En if rank == 1 && streak >= 2 => format!(
                    "{} ranks 1st of {of}, for {streak} months running",
                    session.snapshot.context.region.name_en
                ),
                Lang::En => format!(
                    "{} ranks {} of {of}",
                    session.snapshot.context.region.name_en,
                    ordinal(rank)
                ),
            });
        }
        let total = ui.available_height();
        let bars_height = (total * 0.58).max(260.0);
        *hovered = bar_chart(ui, "ranking-bars", &d.ranking, bars_height, false).hovered;
        ui.separator();
        chart_title(ui, &d.rank_history, lang);
        let r = line_chart(
            ui,
            "rank-history",
            &d.rank_history,
            (ui.available_height() - 4.0).max(160.0),
            false,
            "",
        );
        if let Some(p) = r.clicked_period {
            commands.push(Command::SelectPeriod(p));
        }
    }
}
