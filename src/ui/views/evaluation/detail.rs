//! An official's enterprises (the click-through of the scorecard): each one's output status
//! and growth, its pull on the city's growth, its requests and projects. Worked out once per
//! official and scorecard, never per frame; a click on an enterprise opens its returns.

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::super::returns::table::status_color;
use super::load::{EvaluationData, EvaluationKey};
use crate::analysis::evaluation::{OfficialScore, PairedEnterprise, paired_enterprises};
use crate::briefing::format::one_decimal;
use crate::model::Lang;

/// The enterprises of one official as last worked out.
#[derive(Debug, Clone)]
pub struct Detail {
    /// The official.
    pub official: String,
    /// The scorecard they were worked out from.
    pub key: EvaluationKey,
    /// Their enterprises, by name.
    pub enterprises: Vec<PairedEnterprise>,
}

impl Detail {
    /// The enterprises of `official` in the loaded scorecard's period.
    pub fn build(official: &str, data: &EvaluationData) -> Option<Detail> {
        let card = data.card.as_ref()?;
        Some(Detail {
            official: official.to_string(),
            key: data.key,
            enterprises: paired_enterprises(
                official,
                card.period,
                &data.register,
                data.output.as_ref(),
            ),
        })
    }
}

/// What the detail asked for.
#[derive(Debug, Default)]
pub struct DetailClick {
    /// Close the detail.
    pub close: bool,
    /// Open this enterprise's returns (its credit code).
    pub enterprise: Option<String>,
}

fn number(v: Option<f64>) -> String {
    v.map_or("—".to_string(), one_decimal)
}

/// A line's cells, left to right.
fn cells(e: &PairedEnterprise, lang: Lang) -> [String; 7] {
    let requests = match (e.requests, lang) {
        (0, _) => "0".to_string(),
        (n, Lang::Zh) => format!("{n}（未办结{}/超期{}）", e.unresolved, e.overdue),
        (n, Lang::En) => format!("{n} ({} open/{} overdue)", e.unresolved, e.overdue),
    };
    let investment = if e.projects == 0 {
        "—".to_string()
    } else {
        format!(
            "{} / {}",
            one_decimal(e.investment_done),
            one_decimal(e.investment_last)
        )
    };
    [
        e.name.clone(),
        e.status
            .map_or(lang.pick("无月报", "no return").to_string(), |s| {
                s.label(lang).to_string()
            }),
        number(e.growth_pct),
        // A pull that rounds to nothing is 0.00, not −0.00.
        e.pull_pp.map_or("—".to_string(), |p| {
            format!("{:.2}", p + 0.0).replace("-0.00", "0.00")
        }),
        requests,
        e.projects.to_string(),
        investment,
    ]
}

/// Draws the official's line and their enterprises.
pub fn detail_ui(
    ui: &mut Ui,
    d: &Detail,
    official: Option<&OfficialScore>,
    lang: Lang,
) -> DetailClick {
    let mut click = DetailClick::default();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("{}包联的企业（{}户）", d.official, d.enterprises.len()),
                Lang::En => format!(
                    "Enterprises paired with {} ({})",
                    d.official,
                    d.enterprises.len()
                ),
            })
            .strong()
            .size(15.0),
        );
        if let Some(o) = official {
            ui.label(match lang {
                Lang::Zh => format!(
                    "可比企业{}户 · 项目{}个 · 诉求{}件（已办结{}件，已评价{}件）",
                    o.comparable, o.projects, o.requests, o.resolved, o.rated
                ),
                Lang::En => format!(
                    "{} comparable · {} projects · {} requests ({} resolved, {} rated)",
                    o.comparable, o.projects, o.requests, o.resolved, o.rated
                ),
            });
        }
        if ui.button(lang.pick("关闭", "Close")).clicked() {
            click.close = true;
        }
    });
    let titles = match lang {
        Lang::Zh => [
            "企业名称",
            "月报状态",
            "产值增速%",
            "拉动(点)",
            "诉求",
            "项目数",
            "本年完成/上年同期投资(万元)",
        ],
        Lang::En => [
            "Name",
            "Returns",
            "Output %",
            "Pull (pp)",
            "Requests",
            "Projects",
            "Investment done / last year (10k yuan)",
        ],
    };
    let dark = ui.visuals().dark_mode;
    let height = ui.available_height().max(120.0);
    TableBuilder::new(ui)
        .id_salt("evaluation-enterprises")
        .striped(true)
        .sense(Sense::click())
        .max_scroll_height(height)
        .column(Column::initial(200.0).clip(true))
        .column(Column::initial(70.0))
        .columns(Column::initial(76.0), 2)
        .column(Column::initial(170.0))
        .column(Column::initial(56.0))
        .column(Column::remainder().at_least(120.0))
        .header(20.0, |mut h| {
            for t in titles {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(20.0, d.enterprises.len(), |mut row| {
                let e = &d.enterprises[row.index()];
                let color = e.status.and_then(|s| status_color(s, dark));
                for (k, text) in cells(e, lang).into_iter().enumerate() {
                    row.col(|ui| {
                        let mut t = RichText::new(text);
                        if k == 1
                            && let Some(c) = color
                        {
                            t = t.color(c);
                        }
                        ui.add(egui::Label::new(t).selectable(false).truncate());
                    });
                }
                let response = row.response();
                if e.status.is_some() {
                    let response = response.on_hover_text(lang.pick(
                        "点击查看该企业的企业月报",
                        "click to see the enterprise's returns",
                    ));
                    if response.clicked() {
                        click.enterprise = Some(e.code.clone());
                    }
                }
            });
        });
    click
}
