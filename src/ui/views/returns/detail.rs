//! An enterprise's detail: its months this year against last year's for the indicator
//! shown (read once when it is clicked: two years of point lookups), its paired official and
//! flags, its service requests (with 满意度), financing deals and investment projects from
//! the register.

use egui::{RichText, Ui};

use crate::analysis::evaluation::projects_at;
use crate::analysis::returns::EnterpriseReturn;
use crate::briefing::chart::{Chart, ChartId, ChartKind, Series};
use crate::briefing::format::{amount_10k_yuan, one_decimal};
use crate::briefing::palette;
use crate::model::enterprise::category_label;
use crate::model::returns::{MonthlyReturn, ReturnIndicator, derive_month, resolve_all};
use crate::model::{Basis, Enterprise, InvestmentProject, Lang, Period, Register};
use crate::store::Dataset;
use crate::ui::widgets::{chart_title, line_chart};

/// One enterprise's months of one year and the year before.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// The enterprise's credit code.
    pub code: String,
    /// The indicator.
    pub indicator: ReturnIndicator,
    /// This year.
    pub year: i32,
    /// The data it was read from: the session's generation and the returns' load.
    pub stamp: (u64, u64),
    /// Its place in the register's enterprises, None when the register does not hold it.
    pub enterprise: Option<usize>,
    /// Its place in the statistics' lines.
    pub line: Option<usize>,
    /// This year's monthly values, one per period of the year (1—2月 … 12月).
    pub this_year: Vec<Option<f64>>,
    /// Last year's.
    pub last_year: Vec<Option<f64>>,
    /// Why the months could not be read, in both languages.
    pub error: Option<(String, String)>,
}

/// The months of `code` for `indicator` in `year` and the year before: stated or derived
/// from consecutive year-to-date values; last year's from last year's returns, else from
/// the last-year columns of this year's.
pub fn read(
    ds: &Dataset,
    code: &str,
    (indicator, year): (ReturnIndicator, i32),
    stamp: (u64, u64),
    (register, lines): (&Register, &[EnterpriseReturn]),
) -> Detail {
    let mut detail = Detail {
        code: code.to_string(),
        indicator,
        year,
        stamp,
        enterprise: register
            .enterprises
            .iter()
            .position(|e| e.credit_code == code),
        line: lines.iter().position(|e| e.code == code),
        this_year: vec![None; 11],
        last_year: vec![None; 11],
        error: None,
    };
    let rows = match ds.enterprise_returns(code, year) {
        Ok(rows) => rows,
        Err(e) => {
            detail.error = Some((e.message(Lang::Zh), e.message(Lang::En)));
            return detail;
        }
    };
    let monthly: Vec<MonthlyReturn> = rows
        .iter()
        .flat_map(|r| r.monthly())
        .filter(|m| m.indicator == indicator)
        .collect();
    let resolved = match resolve_all(&monthly) {
        Ok(r) => r,
        Err(e) => {
            let said = e.said();
            detail.error = Some((said.zh.clone(), said.en.clone()));
            return detail;
        }
    };
    let slot = |p: Period| (p.index_in_year() as usize).min(10);
    let mut last_ytd: Vec<Option<f64>> = vec![None; 11];
    for r in &resolved {
        let i = slot(r.period);
        if r.period.year() == year {
            detail.this_year[i] = r.month;
            last_ytd[i] = r.ytd_last_year;
        } else {
            detail.last_year[i] = r.month;
        }
    }
    // Last year's months from this year's last-year columns where its returns are absent.
    for p in Period::all_in_year(year) {
        let i = slot(p);
        if detail.last_year[i].is_none() && indicator.is_flow() {
            let before = p
                .prev_in_year()
                .and_then(|q| last_ytd[slot(q)].map(|v| (q, v)));
            detail.last_year[i] = derive_month(p, last_ytd[i], before);
        }
    }
    detail
}

/// The months as a line chart: this year's line over last year's.
fn months_chart(d: &Detail, lang: Lang) -> Chart {
    let periods: Vec<Period> = Period::all_in_year(d.year).collect();
    let year_name = |y: i32| match lang {
        Lang::Zh => format!("{y}年"),
        Lang::En => y.to_string(),
    };
    Chart {
        id: ChartId::Growth,
        title: match lang {
            Lang::Zh => format!(
                "{}逐月值（{}，现价）",
                d.indicator.name(lang),
                d.indicator.unit(lang)
            ),
            Lang::En => format!(
                "{} by month ({}, current prices)",
                d.indicator.name(lang),
                d.indicator.unit(lang)
            ),
        },
        kind: ChartKind::Line,
        categories: periods
            .iter()
            .map(|p| p.label(Basis::Month, lang))
            .collect(),
        // No periods: both lines run across one year's months, never split by year.
        periods: Vec::new(),
        series: vec![
            Series {
                name: year_name(d.year),
                color: palette::HOME,
                values: d.this_year.clone(),
                point_colors: None,
                emphasis: true,
            },
            Series {
                name: year_name(d.year - 1),
                color: palette::PEER,
                values: d.last_year.clone(),
                point_colors: None,
                emphasis: false,
            },
        ],
        unit: d.indicator.unit(lang).to_string(),
        inverted: false,
        references: Vec::new(),
        marked: Vec::new(),
        note: None,
    }
}

/// Draws the detail; returns true when it is closed.
pub fn detail_ui(
    ui: &mut Ui,
    d: &Detail,
    line: Option<&EnterpriseReturn>,
    register: &Register,
    lang: Lang,
) -> bool {
    let enterprise = d.enterprise.and_then(|i| register.enterprises.get(i));
    let mut close = false;
    ui.horizontal(|ui| {
        let name = enterprise.map_or(d.code.as_str(), |e| e.name.as_str());
        ui.label(RichText::new(name).strong().size(16.0));
        if ui.button(lang.pick("返回图表", "Back to charts")).clicked() {
            close = true;
        }
    });
    facts_ui(ui, d, line, enterprise, lang);
    if let Some((zh, en)) = &d.error {
        ui.colored_label(egui::Color32::from_rgb(0xB0, 0x1C, 0x1C), lang.pick(zh, en));
    } else {
        let chart = months_chart(d, lang);
        chart_title(ui, &chart, lang);
        let pp = crate::ui::i18n::PP_SHORT.get(lang);
        line_chart(ui, "returns-detail-months", &chart, 220.0, false, pp);
    }
    if let Some(e) = enterprise {
        register_ui(ui, e, register, d.year, lang);
    }
    close
}

/// The code, official, flags and the line's figures.
fn facts_ui(
    ui: &mut Ui,
    d: &Detail,
    line: Option<&EnterpriseReturn>,
    enterprise: Option<&Enterprise>,
    lang: Lang,
) {
    let official = enterprise
        .map(|e| e.official.trim())
        .filter(|o| !o.is_empty())
        .unwrap_or(lang.pick("未配备", "none"));
    ui.label(match lang {
        Lang::Zh => format!("统一社会信用代码 {} · 包联领导 {official}", d.code),
        Lang::En => format!("Credit code {} · paired official {official}", d.code),
    });
    if let Some(e) = line {
        let num = |v: Option<f64>| v.map(one_decimal).unwrap_or_else(|| "—".into());
        ui.label(match lang {
            Lang::Zh => format!(
                "本期累计 {} · 上年同期 {} · 增速 {}% · 拉动 {} 个百分点 · {}",
                num(e.current),
                num(e.previous),
                num(e.growth_pct),
                e.pull_pp.map_or("—".into(), |p| format!("{p:.2}")),
                e.status.label(lang)
            ),
            Lang::En => format!(
                "YTD {} · last year {} · growth {}% · pull {} pp · {}",
                num(e.current),
                num(e.previous),
                num(e.growth_pct),
                e.pull_pp.map_or("—".into(), |p| format!("{p:.2}")),
                e.status.label(lang)
            ),
        });
    }
}

/// The enterprise's investment projects in `year`: each one's latest figures of the year.
fn projects_ui(ui: &mut Ui, e: &Enterprise, register: &Register, year: i32, lang: Lang) {
    let own: Vec<InvestmentProject> = register
        .projects
        .iter()
        .filter(|p| p.enterprise_id == e.id)
        .cloned()
        .collect();
    let Ok(december) = Period::new(year, 12) else {
        return;
    };
    let projects = projects_at(&own, december);
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!("{year}年投资项目（{}个）", projects.len()),
            Lang::En => format!("Investment projects {year} ({})", projects.len()),
        })
        .strong(),
    );
    let money = |v: Option<f64>| v.map_or("—".to_string(), |v| amount_10k_yuan(v, lang));
    for p in &projects {
        ui.label(match lang {
            Lang::Zh => format!(
                "{} · {} · 计划总投资{} · 年度计划{} · 本年完成{}（上年同期{}）",
                p.name,
                p.period.label(Basis::Ytd, lang),
                money(p.planned_total),
                money(p.planned_year),
                money(p.done_ytd),
                money(p.done_last)
            ),
            Lang::En => format!(
                "{} · {} · planned total {} · planned this year {} · done {} (last year {})",
                p.name,
                p.period.label(Basis::Ytd, lang),
                money(p.planned_total),
                money(p.planned_year),
                money(p.done_ytd),
                money(p.done_last)
            ),
        });
    }
}

/// The enterprise's service requests (with their 满意度), financing deals and projects.
fn register_ui(ui: &mut Ui, e: &Enterprise, register: &Register, year: i32, lang: Lang) {
    let requests: Vec<_> = register
        .requests
        .iter()
        .filter(|r| r.enterprise_id == e.id)
        .collect();
    let deals: Vec<_> = register
        .deals
        .iter()
        .filter(|d| d.enterprise_id == e.id)
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("returns-detail-register")
        .show(ui, |ui| {
            ui.label(
                RichText::new(match lang {
                    Lang::Zh => format!("企业诉求（{}件）", requests.len()),
                    Lang::En => format!("Service requests ({})", requests.len()),
                })
                .strong(),
            );
            for r in &requests {
                let rating = r
                    .satisfaction
                    .map_or(String::new(), |s| format!(" · {}", s.label(lang)));
                ui.label(format!(
                    "{} · {} · {}{rating} · {}",
                    r.raised_on,
                    category_label(&r.category, lang),
                    r.status.label(lang),
                    r.text
                ));
            }
            ui.label(
                RichText::new(match lang {
                    Lang::Zh => format!("银企对接（{}笔）", deals.len()),
                    Lang::En => format!("Financing deals ({})", deals.len()),
                })
                .strong(),
            );
            for d in &deals {
                ui.label(format!(
                    "{} · {} · {}",
                    d.signed_on,
                    d.bank,
                    amount_10k_yuan(d.amount_10k_yuan, lang)
                ));
            }
            projects_ui(ui, e, register, year, lang);
        });
}
