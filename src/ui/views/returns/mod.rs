//! 企业月报 / Returns: the enterprises' monthly returns for a period and an indicator (SPEC
//! §9) — the aggregate growth at current prices (现价, never the published comparable-price
//! value-added growth) and the counts as cards; a sortable, filterable table of every
//! enterprise; the ten pulling up and down most; the growth distribution; an enterprise's
//! detail on a click.
//!
//! A tab of its own rather than a part of Enterprises: the register view is already two full
//! columns, and the returns have their own period (the periods with returns) and indicator.
//! The statistics are loaded by the session on a worker ([`crate::ui::session::ReturnsLoad`]):
//! while this tab shows, the app asks for the view's key each frame (a no-op once asked), and
//! the view shows a spinner until they arrive.

pub mod charts;
pub mod data;
pub mod detail;
pub mod table;

use egui::{RichText, Ui};

use self::data::{ReturnsData, ReturnsKey};
use self::detail::Detail;
use self::table::{ReturnFilter, ReturnSort, Shown};
use super::super::session::Session;
use super::super::widgets;
use super::Command;
use crate::analysis::returns::{Flag, ReturnStats, Status};
use crate::briefing::format::one_decimal;
use crate::model::returns::ReturnIndicator;
use crate::model::{Basis, Catalogue, Lang, Period};

/// The Returns view's state.
#[derive(Debug)]
pub struct ReturnsView {
    /// The period shown; None for the latest with returns.
    pub period: Option<Period>,
    /// The indicator shown.
    pub indicator: ReturnIndicator,
    /// What the table keeps.
    pub filter: ReturnFilter,
    /// How the table is sorted (None: by pull, largest first, the missing last).
    pub sort: Option<ReturnSort>,
    /// The enterprise whose detail is shown (its credit code).
    pub selected: Option<String>,
    /// The lines shown, kept between frames.
    pub shown: Shown,
    detail: Option<Detail>,
}

impl Default for ReturnsView {
    fn default() -> ReturnsView {
        ReturnsView {
            period: None,
            indicator: ReturnIndicator::Output,
            filter: ReturnFilter::default(),
            sort: None,
            selected: None,
            shown: Shown::default(),
            detail: None,
        }
    }
}

impl ReturnsView {
    /// What the view wants loaded.
    pub fn key(&self) -> ReturnsKey {
        ReturnsKey {
            period: self.period,
            indicator: self.indicator,
        }
    }

    /// The detail shown, if any (tests).
    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let lang = session.selection.lang;
        let load = &session.returns;
        let periods = load.last().map(|d| d.periods.clone()).unwrap_or_default();
        let shown_period = load
            .ready()
            .and_then(|d| d.stats.as_ref())
            .map(|s| s.period);
        self.header_ui(ui, &periods, shown_period, lang);
        if let Some(e) = load.error(lang) {
            ui.colored_label(egui::Color32::from_rgb(0xB0, 0x1C, 0x1C), e);
            return;
        }
        let Some(data) = load.ready() else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.pick("正在读取企业月报…", "Reading the returns…"));
            });
            return;
        };
        let Some(stats) = &data.stats else {
            empty_ui(ui, commands, lang);
            return;
        };
        cards_ui(ui, stats, data.skipped, lang);
        if session.snapshot.is_sample {
            // The sample's returns are made up to show the view, not any enterprise's figures.
            widgets::illustrative_badge(
                ui,
                lang,
                lang.pick(
                    "样例数据集中的企业月报为示意数据，不是真实企业的报表",
                    "The sample dataset's returns are illustrative, not any real enterprise's figures",
                ),
            );
        }
        let catalogue = &session.snapshot.catalogue;
        let stamp = (session.generation, load.loads());
        self.shown
            .refresh(data, stamp, &self.filter, self.sort, catalogue);
        self.refresh_detail(session, data, stats, stamp);
        let height = ui.available_height();
        // The table gets three fifths of the width (its ten columns need about 800 points),
        // the charts or the detail the rest.
        let left_width = (ui.available_width() * 0.6).max(560.0);
        ui.horizontal_top(|ui| {
            let down = egui::Layout::top_down(egui::Align::Min);
            ui.allocate_ui_with_layout(egui::vec2(left_width, height), down, |ui| {
                ui.set_width(left_width);
                self.filters_ui(ui, data, catalogue, lang);
                self.table_ui(ui, data, catalogue, lang);
            });
            ui.separator();
            ui.allocate_ui_with_layout(egui::vec2(ui.available_width(), height), down, |ui| {
                let closed = match &self.detail {
                    Some(d) => detail::detail_ui(
                        ui,
                        d,
                        d.line.and_then(|i| stats.enterprises.get(i)),
                        &session.snapshot.register,
                        lang,
                    ),
                    None => {
                        charts::charts_ui(ui, data, lang, height);
                        false
                    }
                };
                if closed {
                    self.selected = None;
                    self.detail = None;
                }
            });
        });
    }

    /// Reads the selected enterprise's months when it, the indicator or the data changed.
    fn refresh_detail(
        &mut self,
        session: &Session,
        data: &ReturnsData,
        stats: &ReturnStats,
        stamp: (u64, u64),
    ) {
        let Some(code) = &self.selected else {
            self.detail = None;
            return;
        };
        let year = stats.period.year();
        let current = self.detail.as_ref().is_some_and(|d| {
            &d.code == code
                && d.indicator == data.key.indicator
                && d.year == year
                && d.stamp == stamp
        });
        if !current {
            self.detail = Some(detail::read(
                &session.dataset,
                code,
                (data.key.indicator, year),
                stamp,
                (&session.snapshot.register, &stats.enterprises),
            ));
        }
    }

    /// The period and indicator pickers and what the figures are.
    fn header_ui(&mut self, ui: &mut Ui, periods: &[Period], shown: Option<Period>, lang: Lang) {
        ui.horizontal(|ui| {
            let l = ui.label(lang.pick("月报时期", "Period"));
            let label = |p: Option<Period>| match p {
                Some(p) => p.label_with_year(Basis::Ytd, lang),
                None => lang.pick("最新", "latest").to_string(),
            };
            egui::ComboBox::from_id_salt("returns-period")
                .selected_text(label(shown.or(self.period)))
                .show_ui(ui, |ui| {
                    for p in periods.iter().rev() {
                        ui.selectable_value(&mut self.period, Some(*p), label(Some(*p)));
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label(lang.pick("指标", "Indicator"));
            egui::ComboBox::from_id_salt("returns-indicator")
                .selected_text(self.indicator.name(lang))
                .show_ui(ui, |ui| {
                    for i in ReturnIndicator::ALL {
                        ui.selectable_value(&mut self.indicator, i, i.name(lang));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.label(
                RichText::new(lang.pick(
                    "现价口径：企业报送的当年价格，不能与按可比价计算的工业增加值增速直接比较",
                    "Current prices as the enterprises report them: not comparable with the published value-added growth (comparable prices)",
                ))
                .small()
                .weak(),
            );
        });
    }

    /// Search, status, county, industry, official and flag filters. Each drop-down lists
    /// its choices only while open (thousands of officials at provincial scale).
    fn filters_ui(&mut self, ui: &mut Ui, data: &ReturnsData, catalogue: &Catalogue, lang: Lang) {
        let f = &mut self.filter;
        let all = lang.pick("全部", "all");
        let with_all = |rest: Vec<(Option<String>, String)>| {
            let mut v = vec![(None, all.to_string())];
            v.extend(rest);
            v
        };
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(lang.pick("搜索", "Search"));
            ui.add(egui::TextEdit::singleline(&mut f.search).desired_width(130.0))
                .labelled_by(l.id);
            let status = f.status.map_or(all, |s| s.label(lang));
            pick(
                ui,
                ("returns-status", lang.pick("状态", "Status"), status),
                &mut f.status,
                || {
                    let statuses = [
                        Status::Growing,
                        Status::Declining,
                        Status::Stopped,
                        Status::New,
                        Status::Missing,
                    ];
                    std::iter::once((None, all.to_string()))
                        .chain(statuses.map(|s| (Some(s), s.label(lang).to_string())))
                        .collect()
                },
            );
            let county = f
                .county
                .as_ref()
                .and_then(|c| data.counties.iter().find(|x| &x.code == c))
                .map_or(all, |c| c.name(lang));
            pick(
                ui,
                ("returns-county", lang.pick("区县", "County"), county),
                &mut f.county,
                || {
                    with_all(
                        data.counties
                            .iter()
                            .map(|c| (Some(c.code.clone()), c.name(lang).to_string()))
                            .collect(),
                    )
                },
            );
            let industry = f
                .industry
                .as_ref()
                .and_then(|c| catalogue.industry(c))
                .map_or(all, |i| i.name(lang));
            let id = ("returns-industry", lang.pick("行业", "Industry"), industry);
            pick(ui, id, &mut f.industry, || {
                with_all(
                    catalogue
                        .industries
                        .iter()
                        .map(|i| (Some(i.code.clone()), i.name(lang).to_string()))
                        .collect(),
                )
            });
            let official = f.official.clone().unwrap_or_else(|| all.to_string());
            let id = (
                "returns-official",
                lang.pick("包联领导", "Official"),
                official.as_str(),
            );
            pick(ui, id, &mut f.official, || {
                with_all(
                    data.officials
                        .iter()
                        .map(|o| (Some(o.clone()), o.clone()))
                        .collect(),
                )
            });
            let flag = f.flag.map_or(all, |g| g.label(lang));
            pick(
                ui,
                ("returns-flag", lang.pick("标识", "Flag"), flag),
                &mut f.flag,
                || {
                    std::iter::once((None, all.to_string()))
                        .chain(Flag::ALL.map(|g| (Some(g), g.label(lang).to_string())))
                        .collect()
                },
            );
            if *f != ReturnFilter::default()
                && ui.button(lang.pick("清除筛选", "Clear filters")).clicked()
            {
                *f = ReturnFilter::default();
            }
        });
    }

    /// The count of the lines shown and the table.
    fn table_ui(&mut self, ui: &mut Ui, data: &ReturnsData, catalogue: &Catalogue, lang: Lang) {
        let t = &self.shown.tally;
        let growth = t.growth_pct.map_or("—".to_string(), one_decimal);
        ui.label(match lang {
            Lang::Zh => format!(
                "显示{}户 · 可比{}户 · 合计增速{growth}% · 减产{}户",
                t.enterprises, t.comparable, t.declining
            ),
            Lang::En => format!(
                "{} shown · {} comparable · growth {growth}% · {} declining",
                t.enterprises, t.comparable, t.declining
            ),
        });
        let click = table::table_ui(
            ui,
            data,
            &self.shown.rows,
            (self.sort, self.selected.as_deref()),
            catalogue,
            lang,
        );
        if let Some(c) = click.header {
            self.sort = Some(ReturnSort::after_click(self.sort, c));
        }
        if let Some(code) = click.enterprise {
            self.selected = Some(code);
        }
    }
}

/// A drop-down (id salt, label, the current choice's text) setting `value` from the
/// (value, text) `choices`, which are only worked out while it is open.
fn pick<T: Clone + PartialEq>(
    ui: &mut Ui,
    (id, label, current): (&str, &str, &str),
    value: &mut T,
    choices: impl FnOnce() -> Vec<(T, String)>,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (v, text) in choices() {
                if ui.selectable_label(&v == value, text).clicked() {
                    *value = v;
                }
            }
        })
        .response
        .labelled_by(l.id);
}

/// The aggregate growth and the counts as cards.
fn cards_ui(ui: &mut Ui, stats: &ReturnStats, skipped: usize, lang: Lang) {
    let ind = stats.indicator;
    let growth = stats
        .growth_pct
        .map_or("—".to_string(), |g| format!("{}%", one_decimal(g)));
    let share = stats
        .decline_share_pct
        .map_or("—".to_string(), |g| format!("{}%", one_decimal(g)));
    let count = |n: usize| match lang {
        Lang::Zh => format!("{n}户"),
        Lang::En => n.to_string(),
    };
    let period = stats.period.label_with_year(Basis::Ytd, lang);
    let cards = [
        (
            match lang {
                Lang::Zh => format!("{period}{}增速（现价）", ind.name(lang)),
                Lang::En => format!("{} growth, {period} (current prices)", ind.name(lang)),
            },
            growth,
        ),
        (
            lang.pick("报送企业", "Reporting").to_string(),
            count(stats.reporting),
        ),
        (
            lang.pick("可比企业", "Comparable").to_string(),
            count(stats.comparable),
        ),
        (
            lang.pick("未报企业", "Missing").to_string(),
            count(stats.missing),
        ),
        (
            match lang {
                Lang::Zh => format!("减产企业（减产面{share}）"),
                Lang::En => format!("Declining (decline share {share})"),
            },
            count(stats.declining),
        ),
        (
            lang.pick("停产企业", "Stopped").to_string(),
            count(stats.stopped),
        ),
    ];
    ui.horizontal_wrapped(|ui| {
        for (label, value) in cards {
            egui::Frame::group(ui.style())
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.vertical(|ui| {
                        ui.label(RichText::new(label).small());
                        ui.label(RichText::new(value).size(20.0).strong());
                    });
                });
        }
    });
    if skipped > 0 {
        ui.colored_label(
            egui::Color32::from_rgb(0xB0, 0x1C, 0x1C),
            match lang {
                Lang::Zh => format!("本期有{skipped}行已保存的月报无法读取（如数值列中有文字），已跳过；请重新导入该时期的企业月报"),
                Lang::En => format!("{skipped} stored return row(s) of this period could not be read (text in a number column, say) and were skipped; import this period's returns again"),
            },
        );
    }
}

/// A dataset without returns: what to do.
fn empty_ui(ui: &mut Ui, commands: &mut Vec<Command>, lang: Lang) {
    ui.add_space(20.0);
    ui.label(lang.pick(
        "数据集中还没有企业月报。可导入联网直报导出的企业月报（宽表或长表，CSV 或 Excel），导入后在此查看各企业的增速、拉动和减产停产情况。",
        "The dataset holds no enterprise monthly returns yet. Import the returns (wide or long sheets, CSV or Excel, e.g. the statistics bureau's export) to see each enterprise's growth, pull and status here.",
    ));
    if ui
        .button(lang.pick("导入企业月报…", "Import returns…"))
        .clicked()
    {
        commands.push(Command::OpenImport);
    }
}
