//! Ranking (全省排名 / 全市排名): the province's cities (全省各市) or a city's county-level
//! divisions (全市各县区) for the period as sorted bars (the subject highlighted, the parent's
//! rate as a line, values labelled), the subject's rank over the year with its streak, a
//! table of every region's rank, change, streak, gap to the parent and target progress, and
//! the tile map. A click on a bar or a tile makes that region the subject (drill-down);
//! 返回上级 goes back to the subject's parent.

pub mod scope;

use egui::{RichText, Ui};

use super::super::session::Session;
use super::super::widgets::{
    bar_chart, chart_title, copy_data_button, illustrative_badge, line_chart,
};
use super::Command;
use super::indicator_table::{progress_short, progress_text};
use super::tile_map::map_ui;
use crate::briefing::format::{one_decimal, ordinal, signed};
use crate::model::{Lang, RegionLevel};
pub use scope::{Scope, ScopeData, ScopeKey};

/// The Ranking view's state.
#[derive(Default)]
pub struct RankingView {
    /// The bar hovered last frame (tests read it).
    pub hovered: Option<usize>,
    /// The bars' plot area last frame (tests aim the pointer with it).
    pub bars_frame: Option<egui::Rect>,
    /// Cities or counties.
    pub scope: Scope,
    /// The scope's results for the last key.
    pub data: Option<Result<ScopeData, (ScopeKey, String, String)>>,
    /// How many times figures were read (tests: a frame does not read).
    pub reads: u64,
}

impl RankingView {
    /// The key of what the view shows for `session`, None when the scope has no parent.
    pub fn key(&self, session: &Session) -> Option<ScopeKey> {
        let cat = &session.snapshot.catalogue;
        let subject = &session.snapshot.context.region.code;
        let parent = scope::scope_parent(cat, subject, &session.home, self.scope)?;
        Some(ScopeKey {
            generation: session.generation,
            parent,
            subject: subject.clone(),
            home: session.home.clone(),
            period: session.selection.period,
            basis: session.selection.basis,
            lang: session.selection.lang,
        })
    }

    /// Reads and works out the scope when its key changed (once per selection).
    fn refresh(&mut self, session: &Session, key: &ScopeKey) {
        let current = match &self.data {
            Some(Ok(d)) => Some(&d.key),
            Some(Err((k, _, _))) => Some(k),
            None => None,
        };
        if current == Some(key) {
            return;
        }
        self.reads += 1;
        let cat = &session.snapshot.catalogue;
        self.data = Some(
            scope::load(
                &session.dataset,
                cat,
                &session.targets,
                key.clone(),
                session.snapshot.is_sample,
            )
            .map_err(|(zh, en)| (key.clone(), zh, en)),
        );
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let lang = session.selection.lang;
        self.scope_bar_ui(ui, session, commands);
        let Some(key) = self.key(session) else {
            ui.label(match self.scope {
                Scope::Cities => lang.pick(
                    "所选地区没有可排名的同级城市。",
                    "The subject has no cities to rank.",
                ),
                Scope::Counties => lang.pick(
                    "目录中没有该市的县（市、区）。",
                    "The catalogue lists no counties of this city.",
                ),
            });
            return;
        };
        self.refresh(session, &key);
        let data = match &self.data {
            Some(Ok(d)) => d,
            Some(Err((_, zh, en))) => {
                ui.colored_label(egui::Color32::from_rgb(0xB0, 0x1C, 0x1C), lang.pick(zh, en));
                return;
            }
            None => return,
        };
        if data.bars.series.first().is_none_or(|s| s.values.is_empty()) {
            ui.label(match self.scope {
                Scope::Cities => lang.pick(
                    "本期没有同级地区的数据，无法排名。",
                    "No figures of peer regions for this period: nothing to rank.",
                ),
                Scope::Counties => lang.pick(
                    "本期没有各县（市、区）的数据，无法排名。请导入县区快报。",
                    "No county figures for this period: nothing to rank. Import a county bulletin.",
                ),
            });
            return;
        }
        let mut hovered = None;
        let mut select = None;
        ui.columns(2, |cols| {
            let (left, right) = cols.split_at_mut(1);
            let (left, right) = (&mut left[0], &mut right[0]);
            (hovered, select, self.bars_frame) = bars_ui(left, data, session, commands);
            right.push_id("ranking-right", |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if let Some(map) = &data.map {
                        let parent = data.parent.name(lang);
                        if let Some(code) =
                            map_ui(ui, map, 92.0, parent, data.highlighted.as_deref(), lang).clicked
                        {
                            select = Some(code);
                        }
                        ui.separator();
                    }
                    if let Some(code) = table_ui(ui, data, lang) {
                        select = Some(code);
                    }
                });
            });
        });
        self.hovered = hovered;
        if let Some(code) = select {
            commands.push(Command::SelectRegion(code));
        }
    }

    /// The scope switch, the subject and the way up.
    fn scope_bar_ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let lang = session.selection.lang;
        let cat = &session.snapshot.catalogue;
        let subject = &session.snapshot.context.region;
        ui.horizontal(|ui| {
            for (scope, label) in [
                (
                    Scope::Cities,
                    lang.pick("全省各市", "Cities of the province"),
                ),
                (
                    Scope::Counties,
                    lang.pick("全市各县区", "Counties of the city"),
                ),
            ] {
                if ui.selectable_label(self.scope == scope, label).clicked() {
                    self.scope = scope;
                }
            }
            ui.separator();
            ui.label(match lang {
                Lang::Zh => format!("当前地区：{}", subject.name_zh),
                Lang::En => format!("Subject: {}", subject.name_en),
            });
            let parent = cat.parent_of(subject).filter(|p| {
                p.level != RegionLevel::Nation
                    && (session.regions.contains(&p.code) || p.code == session.home)
            });
            if let Some(p) = parent
                && ui
                    .button(match lang {
                        Lang::Zh => format!("返回上级（{}）", p.name_zh),
                        Lang::En => format!("Up ({})", p.name_en),
                    })
                    .clicked()
            {
                commands.push(Command::SelectRegion(p.code.clone()));
            }
            let has_counties = subject.level == RegionLevel::City
                && cat
                    .children_of(&subject.code)
                    .any(|c| c.level == RegionLevel::County);
            if self.scope == Scope::Cities
                && has_counties
                && ui
                    .button(match lang {
                        Lang::Zh => format!("查看{}各县区", subject.name_zh),
                        Lang::En => format!("{}'s counties", subject.name_en),
                    })
                    .clicked()
            {
                self.scope = Scope::Counties;
            }
        });
    }
}

/// The title, the subject's rank sentence, the bars and the rank history; the bar hovered
/// and the region of a clicked bar.
fn bars_ui(
    ui: &mut Ui,
    data: &ScopeData,
    session: &Session,
    commands: &mut Vec<Command>,
) -> (Option<usize>, Option<String>, Option<egui::Rect>) {
    let lang = session.selection.lang;
    ui.horizontal(|ui| {
        ui.heading(RichText::new(&data.bars.title).size(17.0));
        if let Some(note) = &data.bars.note {
            illustrative_badge(ui, lang, note);
        }
        copy_data_button(ui, &data.bars, lang);
    });
    let whole = match data.parent.level {
        RegionLevel::City => lang.pick("全市", "the city"),
        _ => lang.pick("全省", "the province"),
    };
    if let Some(row) = data
        .highlighted
        .as_ref()
        .and_then(|h| data.rows.iter().find(|r| &r.code == h))
    {
        let (rank, of, streak) = (row.rank, data.rows.len(), row.streak);
        ui.label(match lang {
            Lang::Zh if rank == 1 && streak >= 2 => {
                format!("{}居{whole}第1位（共{of}个），已连续{streak}个月", row.name)
            }
            Lang::Zh => format!("{}居{whole}第{rank}位（共{of}个）", row.name),
            Lang::En if rank == 1 && streak >= 2 => format!(
                "{} ranks 1st of {of} in {whole}, for {streak} months running",
                row.name
            ),
            Lang::En => format!("{} ranks {} of {of} in {whole}", row.name, ordinal(rank)),
        });
    }
    let total = ui.available_height();
    let bars_height = (total * 0.58).max(260.0);
    let bars = bar_chart(ui, "ranking-bars", &data.bars, bars_height, false);
    let clicked = bars
        .hovered
        .filter(|_| ui.input(|i| i.pointer.primary_clicked()))
        .and_then(|i| data.bar_regions.get(i).cloned());
    ui.separator();
    match &data.history {
        Some(history) => {
            chart_title(ui, history, lang);
            let r = line_chart(
                ui,
                "rank-history",
                history,
                (ui.available_height() - 4.0).max(160.0),
                false,
                "",
            );
            if let Some(p) = r.clicked_period {
                commands.push(Command::SelectPeriod(p));
            }
        }
        None => {
            ui.label(lang.pick(
                "点击条形或地图方块，查看该地区的排名走势。",
                "Click a bar or a tile to see that region's rank over the year.",
            ));
        }
    }
    (bars.hovered, clicked, bars.frame)
}

/// Every ranked region: rank, name, growth, change, streak, gap to the parent, target
/// progress; a click on a name selects the region.
fn table_ui(ui: &mut Ui, data: &ScopeData, lang: Lang) -> Option<String> {
    let mut select = None;
    let vs = match lang {
        Lang::Zh => format!("比{}", data.parent.name_zh),
        Lang::En => format!("vs {}", data.parent.name_en),
    };
    let any_target = data.rows.iter().any(|r| r.target.is_some());
    egui::Grid::new("scope-table")
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            let mut headers = vec![
                lang.pick("排名", "Rank"),
                lang.pick("地区", "Region"),
                lang.pick("增速%", "Growth %"),
                vs.as_str(),
                lang.pick("较上期", "Change"),
                lang.pick("连续（月）", "Streak"),
            ];
            if any_target {
                headers.push(lang.pick("年度目标", "Annual target"));
            }
            for h in headers {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for r in &data.rows {
                ui.label(r.rank.to_string());
                let name = RichText::new(&r.name);
                let name = if data.highlighted.as_deref() == Some(r.code.as_str()) {
                    name.strong()
                } else {
                    name
                };
                if ui.link(name).clicked() {
                    select = Some(r.code.clone());
                }
                ui.label(one_decimal(r.value));
                ui.label(r.gap_pp.map_or("—".to_string(), signed));
                ui.label(match r.change {
                    Some(c) if c > 0 => format!("↑{c}"),
                    Some(c) if c < 0 => format!("↓{}", -c),
                    Some(_) => lang.pick("持平", "same").to_string(),
                    None => "—".to_string(),
                });
                ui.label(r.streak.to_string());
                if any_target {
                    // The standing alone; the whole text on hover.
                    match &r.target {
                        Some(p) => {
                            ui.label(progress_short(p, lang))
                                .on_hover_text(progress_text(p, &r.target_unit, lang));
                        }
                        None => {
                            ui.label("—");
                        }
                    }
                }
                ui.end_row();
            }
        });
    select
}
