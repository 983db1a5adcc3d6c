//! Enterprises (企业服务): the register with search and filters, counts by flag and
//! industry, service requests by status and category with resolution rate and age (open
//! more than 30 days highlighted), financing deals and totals; requests are added, edited and
//! closed here and saved at once, in one transaction each.

use std::collections::BTreeMap;

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::super::session::Session;
use super::super::widgets::bar_chart;
use super::Command;
use crate::analysis::register::{OVERDUE_DAYS, period_dates, requests_by_category};
use crate::briefing::chart::{Chart, ChartId, ChartKind, Series};
use crate::briefing::format::{amount_10k_yuan, one_decimal};
use crate::briefing::palette;
use crate::model::enterprise::{Date, REQUEST_CATEGORIES, category_label};
use crate::model::{Enterprise, Lang, RequestStatus, ServiceRequest};

/// Which flag filters the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlagFilter {
    /// Every enterprise.
    #[default]
    All,
    /// Under key support.
    KeySupport,
    /// In emerging industries.
    Emerging,
    /// 专精特新.
    Srdi,
    /// Above designated size.
    AboveSize,
}

impl FlagFilter {
    const ALL: [FlagFilter; 5] = [
        FlagFilter::All,
        FlagFilter::KeySupport,
        FlagFilter::Emerging,
        FlagFilter::Srdi,
        FlagFilter::AboveSize,
    ];

    fn label(self, lang: Lang) -> &'static str {
        match self {
            FlagFilter::All => lang.pick("全部", "all"),
            FlagFilter::KeySupport => lang.pick("重点帮扶", "key support"),
            FlagFilter::Emerging => lang.pick("新兴产业", "emerging"),
            FlagFilter::Srdi => lang.pick("专精特新", "SRDI"),
            FlagFilter::AboveSize => lang.pick("规上", "above size"),
        }
    }

    fn keeps(self, e: &Enterprise) -> bool {
        match self {
            FlagFilter::All => true,
            FlagFilter::KeySupport => e.key_support,
            FlagFilter::Emerging => e.emerging,
            FlagFilter::Srdi => e.srdi,
            FlagFilter::AboveSize => e.above_size,
        }
    }
}

/// A request being written or edited.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDraft {
    /// The request (id 0 for a new one).
    pub request: ServiceRequest,
    /// The date raised as typed.
    pub raised_text: String,
    /// Why the draft cannot be saved yet.
    pub problem: Option<String>,
}

/// The Enterprises view's state.
#[derive(Debug, Default)]
pub struct EnterprisesView {
    /// Search text (name, credit code, official).
    pub search: String,
    /// Flag filter.
    pub flag: FlagFilter,
    /// Industry filter (code).
    pub industry: Option<String>,
    /// The selected enterprise.
    pub selected: Option<i64>,
    /// The request form, when open.
    pub draft: Option<RequestDraft>,
    /// Show only requests open longer than 30 days.
    pub overdue_only: bool,
}

fn flags(e: &Enterprise, lang: Lang) -> String {
    let mut out = Vec::new();
    for (on, zh, en) in [
        (e.above_size, "规上", "above size"),
        (e.emerging, "新兴", "emerging"),
        (e.srdi, "专精特新", "SRDI"),
        (e.key_support, "重点", "key"),
        (e.private, "民营", "private"),
    ] {
        if on {
            out.push(lang.pick(zh, en));
        }
    }
    out.join(lang.pick("、", ", "))
}

impl EnterprisesView {
    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<Command>) {
        let lang = session.selection.lang;
        let snap = &session.snapshot;
        let reg = &snap.register;
        if !session.is_home() {
            // The register is the bureau's own: another city's figures come without one.
            let home = snap
                .catalogue
                .region(&session.home)
                .map_or(session.home.as_str(), |r| r.name(lang));
            ui.label(match lang {
                Lang::Zh => format!("企业名录和服务台账属于{home}，切换地区后不显示。"),
                Lang::En => format!(
                    "The enterprise register and service log belong to {home}; they are not shown for other regions."
                ),
            });
            if ui
                .button(match lang {
                    Lang::Zh => format!("切换到{home}"),
                    Lang::En => format!("Back to {home}"),
                })
                .clicked()
            {
                commands.push(Command::SelectRegion(session.home.clone()));
            }
            return;
        }
        if reg.enterprises.is_empty() {
            ui.label(lang.pick(
                "数据集中还没有企业名录。可在“数据”页导入企业、诉求和银企对接名单。",
                "The dataset has no enterprise register yet. Import enterprise, request and financing lists in the Data view.",
            ));
            return;
        }
        let stats = &session.derived.analysis.register;
        let (start, end) = period_dates(session.selection.period);
        // Ages are as of the period's end when looking back, as of today otherwise.
        let today = session.today.min(end);
        let period_label = session
            .selection
            .period
            .label_with_year(crate::model::Basis::Ytd, lang);

        // Headline counts.
        ui.horizontal_wrapped(|ui| {
            let chip = |ui: &mut Ui, label: String| {
                egui::Frame::group(ui.style())
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        ui.label(RichText::new(label).size(15.0));
                    });
            };
            for (n, zh, en) in [
                (stats.total, "在册企业", "enterprises"),
                (stats.key_support, "重点帮扶", "key support"),
                (stats.emerging, "新兴产业", "emerging"),
                (stats.srdi, "专精特新", "SRDI"),
            ] {
                chip(
                    ui,
                    match lang {
                        Lang::Zh => format!("{zh} {n}户"),
                        Lang::En => format!("{n} {en}"),
                    },
                );
            }
            chip(
                ui,
                match lang {
                    Lang::Zh => format!(
                        "{period_label}诉求 {}件 · 已解决{}件 · 解决率{}%",
                        stats.requests_raised,
                        stats.requests_resolved,
                        stats
                            .resolution_rate_pct()
                            .map(one_decimal)
                            .unwrap_or_else(|| "—".into())
                    ),
                    Lang::En => format!(
                        "{period_label}: {} requests · {} resolved ({}%)",
                        stats.requests_raised,
                        stats.requests_resolved,
                        stats
                            .resolution_rate_pct()
                            .map(one_decimal)
                            .unwrap_or_else(|| "—".into())
                    ),
                },
            );
            chip(
                ui,
                match lang {
                    Lang::Zh => format!(
                        "银企签约 {}户 · {}",
                        stats.deal_enterprises,
                        amount_10k_yuan(stats.financing_amount_10k_yuan, lang)
                    ),
                    Lang::En => format!(
                        "financing: {} enterprises · {}",
                        stats.deal_enterprises,
                        amount_10k_yuan(stats.financing_amount_10k_yuan, lang)
                    ),
                },
            );
        });

        // Filters.
        ui.horizontal(|ui| {
            let label = ui.label(lang.pick("搜索", "Search"));
            ui.add(egui::TextEdit::singleline(&mut self.search).desired_width(200.0))
                .labelled_by(label.id);
            for f in FlagFilter::ALL {
                if ui.selectable_label(self.flag == f, f.label(lang)).clicked() {
                    self.flag = f;
                }
            }
            let industry_label = ui.label(lang.pick("行业", "Industry"));
            let current = self
                .industry
                .as_ref()
                .and_then(|c| snap.catalogue.industry(c))
                .map(|i| i.name(lang).to_string())
                .unwrap_or_else(|| lang.pick("全部行业", "all industries").to_string());
            egui::ComboBox::from_id_salt("industry-filter")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(
                            self.industry.is_none(),
                            lang.pick("全部行业", "all industries"),
                        )
                        .clicked()
                    {
                        self.industry = None;
                    }
                    for i in &snap.catalogue.industries {
                        if ui
                            .selectable_label(self.industry.as_ref() == Some(&i.code), i.name(lang))
                            .clicked()
                        {
                            self.industry = Some(i.code.clone());
                        }
                    }
                })
                .response
                .labelled_by(industry_label.id);
        });

        let needle = self.search.trim().to_lowercase();
        let shown: Vec<&Enterprise> = reg
            .enterprises
            .iter()
            .filter(|e| self.flag.keeps(e))
            .filter(|e| self.industry.is_none() || e.industry == self.industry)
            .filter(|e| {
                needle.is_empty()
                    || e.name.to_lowercase().contains(&needle)
                    || e.credit_code.to_lowercase().contains(&needle)
                    || e.official.to_lowercase().contains(&needle)
            })
            .collect();
        let open_by_enterprise: BTreeMap<i64, usize> = reg
            .requests
            .iter()
            .filter(|r| r.status.is_unresolved())
            .fold(BTreeMap::new(), |mut m, r| {
                *m.entry(r.enterprise_id).or_insert(0) += 1;
                m
            });

        let height = ui.available_height();
        ui.columns(2, |cols| {
            // Left: the register and counts by industry.
            let ui = &mut cols[0];
            ui.label(
                RichText::new(match lang {
                    Lang::Zh => format!("企业名录（{}户）", shown.len()),
                    Lang::En => format!("Register ({} enterprises)", shown.len()),
                })
                .strong(),
            );
            let table_height = (height * 0.55).max(200.0);
            let mut clicked = None;
            ui.allocate_ui(
                egui::vec2(ui.available_width(), table_height + 24.0),
                |ui| {
                    TableBuilder::new(ui)
                        .id_salt("enterprises")
                        .striped(true)
                        .sense(egui::Sense::click())
                        .max_scroll_height(table_height)
                        .min_scrolled_height(table_height)
                        .column(Column::initial(170.0).clip(true))
                        .column(Column::initial(148.0).clip(true))
                        .column(Column::initial(80.0).clip(true))
                        .column(Column::initial(96.0).clip(true))
                        .column(Column::initial(96.0).clip(true))
                        .column(Column::remainder().clip(true))
                        .header(20.0, |mut h| {
                            for t in match lang {
                                Lang::Zh => [
                                    "企业名称",
                                    "统一社会信用代码",
                                    "行业",
                                    "标识",
                                    "包联领导",
                                    "未结",
                                ],
                                Lang::En => [
                                    "Name",
                                    "Credit code",
                                    "Industry",
                                    "Flags",
                                    "Paired official",
                                    "Open",
                                ],
                            } {
                                h.col(|ui| {
                                    ui.strong(t);
                                });
                            }
                        })
                        .body(|body| {
                            body.rows(20.0, shown.len(), |mut row| {
                                let e = shown[row.index()];
                                row.set_selected(self.selected == Some(e.id));
                                let industry = e
                                    .industry
                                    .as_ref()
                                    .and_then(|c| snap.catalogue.industry(c))
                                    .map(|i| i.name(lang).to_string())
                                    .unwrap_or_default();
                                let open = open_by_enterprise.get(&e.id).copied().unwrap_or(0);
                                for text in [
                                    e.name.clone(),
                                    e.credit_code.clone(),
                                    industry,
                                    flags(e, lang),
                                    e.official.clone(),
                                    if open > 0 {
                                        open.to_string()
                                    } else {
                                        String::new()
                                    },
                                ] {
                                    row.col(|ui| {
                                        ui.add(egui::Label::new(text).selectable(false).truncate());
                                    });
                                }
                                if row.response().clicked() {
                                    clicked = Some(e.id);
                                }
                            });
                        });
                },
            );
            if clicked.is_some() {
                self.selected = clicked;
            }
            let chart = industry_counts_chart(session, &shown, lang);
            ui.label(RichText::new(&chart.title).strong());
            bar_chart(
                ui,
                "enterprise-industries",
                &chart,
                (ui.available_height() - 8.0).max(160.0),
                false,
            );

            // Right: requests and deals.
            let ui = &mut cols[1];
            self.requests_ui(ui, session, commands, today, (start, end));
        });
    }

    fn requests_ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        commands: &mut Vec<Command>,
        as_of: Date,
        (start, end): (Date, Date),
    ) {
        let lang = session.selection.lang;
        // The counts are the period's; the list below is the live log (every request, its
        // current status, ages as of today), where new requests are dated and closed today.
        let today = session.today;
        let snap = &session.snapshot;
        let reg = &snap.register;
        let name_of = |id: i64| {
            reg.enterprises
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.name.clone())
                .unwrap_or_default()
        };
        // By status as of the period's end, and by category, for the year to date.
        let raised: Vec<&ServiceRequest> = reg
            .requests
            .iter()
            .filter(|r| r.raised_on >= start && r.raised_on <= end)
            .collect();
        let status_at_end = |r: &ServiceRequest| match r.resolved_on {
            Some(d) if d <= end => RequestStatus::Resolved,
            _ if r.status == RequestStatus::Resolved => RequestStatus::InProgress,
            _ => r.status,
        };
        ui.label(
            RichText::new(lang.pick(
                "诉求状态（截至期末）",
                "Requests by status (at the period's end)",
            ))
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for s in RequestStatus::ALL {
                let n = raised.iter().filter(|r| status_at_end(r) == s).count();
                ui.label(format!("{} {n}", s.label(lang)));
                ui.separator();
            }
            let overdue = raised
                .iter()
                .filter(|r| {
                    status_at_end(r) != RequestStatus::Resolved
                        && r.raised_on.days_until(as_of) > OVERDUE_DAYS
                })
                .count();
            ui.label(
                RichText::new(match lang {
                    Lang::Zh => format!("超30天未办结 {overdue}"),
                    Lang::En => format!("open > 30 days: {overdue}"),
                })
                .color(Color32::from_rgb(0xB0, 0x1C, 0x1C)),
            );
        });
        let by_cat = requests_by_category(reg, session.selection.period);
        ui.label(
            RichText::new(lang.pick(
                "诉求分类（本年累计）",
                "Requests by category (year to date)",
            ))
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for (cat, (raised, resolved)) in &by_cat {
                ui.add(
                    egui::Label::new(format!(
                        "{} {}/{}",
                        category_label(cat, lang),
                        resolved,
                        raised
                    ))
                    .wrap_mode(egui::TextWrapMode::Extend),
                );
                ui.separator();
            }
        });
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(lang.pick(
                    "企业诉求台账（全部，当前状态）",
                    "Service requests (all, current status)",
                ))
                .strong(),
            );
            ui.checkbox(
                &mut self.overdue_only,
                lang.pick("仅看超30天未办结", "only open > 30 days"),
            );
            let can_add = self.selected.is_some() && !session.dataset.is_read_only();
            if ui
                .add_enabled(
                    can_add,
                    egui::Button::new(lang.pick("新增诉求", "New request")),
                )
                .on_disabled_hover_text(
                    lang.pick("先在左侧选择企业", "select an enterprise on the left first"),
                )
                .clicked()
                && let Some(id) = self.selected
            {
                self.draft = Some(RequestDraft {
                    request: ServiceRequest {
                        id: 0,
                        enterprise_id: id,
                        raised_on: today,
                        category: REQUEST_CATEGORIES[0].0.to_string(),
                        text: String::new(),
                        status: RequestStatus::Open,
                        resolved_on: None,
                    },
                    raised_text: today.to_string(),
                    problem: None,
                });
            }
        });
        if let Some(draft) = self.draft.as_mut() {
            let mut close = false;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(
                    RichText::new(format!(
                        "{}：{}",
                        if draft.request.id == 0 {
                            lang.pick("新增诉求", "New request")
                        } else {
                            lang.pick("编辑诉求", "Edit request")
                        },
                        name_of(draft.request.enterprise_id)
                    ))
                    .strong(),
                );
                ui.horizontal(|ui| {
                    let l = ui.label(lang.pick("提出日期", "Raised on"));
                    ui.add(egui::TextEdit::singleline(&mut draft.raised_text).desired_width(110.0))
                        .labelled_by(l.id);
                    let l = ui.label(lang.pick("类别", "Category"));
                    egui::ComboBox::from_id_salt("request-category")
                        .selected_text(category_label(&draft.request.category, lang))
                        .show_ui(ui, |ui| {
                            for (code, zh, en) in REQUEST_CATEGORIES {
                                ui.selectable_value(
                                    &mut draft.request.category,
                                    code.to_string(),
                                    lang.pick(zh, en),
                                );
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    let l = ui.label(lang.pick("状态", "Status"));
                    egui::ComboBox::from_id_salt("request-status")
                        .selected_text(draft.request.status.label(lang))
                        .show_ui(ui, |ui| {
                            for s in RequestStatus::ALL {
                                ui.selectable_value(&mut draft.request.status, s, s.label(lang));
                            }
                        })
                        .response
                        .labelled_by(l.id);
                });
                let l = ui.label(lang.pick("诉求内容", "What the enterprise asks for"));
                ui.add(
                    egui::TextEdit::multiline(&mut draft.request.text)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
                if let Some(p) = &draft.problem {
                    ui.colored_label(Color32::from_rgb(0xB0, 0x1C, 0x1C), p);
                }
                ui.horizontal(|ui| {
                    if ui.button(lang.pick("保存", "Save")).clicked() {
                        match draft.raised_text.parse::<Date>() {
                            Err(e) => {
                                draft.problem = Some(match lang {
                                    Lang::Zh => format!(
                                        "“{}”不是日期（应如 2023-04-15 或 2023年4月15日）",
                                        e.0
                                    ),
                                    Lang::En => e.to_string(),
                                })
                            }
                            Ok(d) if d > today => {
                                draft.problem = Some(
                                    lang.pick(
                                        "提出日期不能晚于今天",
                                        "the date raised cannot be in the future",
                                    )
                                    .to_string(),
                                )
                            }
                            Ok(d) => {
                                let mut r = draft.request.clone();
                                r.raised_on = d;
                                r.resolved_on = match r.status {
                                    RequestStatus::Resolved => {
                                        Some(r.resolved_on.unwrap_or(today).max(d))
                                    }
                                    _ => None,
                                };
                                commands.push(Command::SaveRequest(r));
                                close = true;
                            }
                        }
                    }
                    if ui.button(lang.pick("取消", "Cancel")).clicked() {
                        close = true;
                    }
                });
            });
            if close {
                self.draft = None;
            }
        }
        let requests: Vec<&ServiceRequest> = reg
            .requests
            .iter()
            .filter(|r| self.selected.is_none_or(|id| r.enterprise_id == id))
            .filter(|r| {
                !self.overdue_only || (r.status.is_unresolved() && r.age_days(today) > OVERDUE_DAYS)
            })
            .collect();
        let table_height = (ui.available_height() * 0.55).max(160.0);
        let mut action: Option<(ServiceRequest, bool)> = None;
        ui.allocate_ui(
            egui::vec2(ui.available_width(), table_height + 24.0),
            |ui| {
                TableBuilder::new(ui)
                    .id_salt("requests")
                    .striped(true)
                    .max_scroll_height(table_height)
                    .min_scrolled_height(table_height)
                    .column(Column::initial(130.0).clip(true))
                    .column(Column::initial(80.0))
                    .column(Column::initial(64.0).clip(true))
                    .column(Column::initial(56.0))
                    .column(Column::initial(40.0))
                    .column(Column::exact(100.0))
                    .column(Column::remainder().clip(true))
                    .header(20.0, |mut h| {
                        for t in match lang {
                            Lang::Zh => ["企业", "提出日期", "类别", "状态", "天数", "", "内容"],
                            Lang::En => [
                                "Enterprise",
                                "Raised",
                                "Category",
                                "Status",
                                "Days",
                                "",
                                "Request",
                            ],
                        } {
                            h.col(|ui| {
                                ui.strong(t);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(22.0, requests.len(), |mut row| {
                            let r = requests[row.index()];
                            let age = r.age_days(today);
                            let overdue = r.status.is_unresolved() && age > OVERDUE_DAYS;
                            let color = if overdue {
                                Some(Color32::from_rgb(0xB0, 0x1C, 0x1C))
                            } else {
                                None
                            };
                            let cell = |ui: &mut Ui, text: String| {
                                let mut t = RichText::new(text);
                                if let Some(c) = color {
                                    t = t.color(c);
                                }
                                ui.add(egui::Label::new(t).truncate());
                            };
                            row.col(|ui| cell(ui, name_of(r.enterprise_id)));
                            row.col(|ui| cell(ui, r.raised_on.to_string()));
                            row.col(|ui| cell(ui, category_label(&r.category, lang)));
                            row.col(|ui| cell(ui, r.status.label(lang).to_string()));
                            row.col(|ui| cell(ui, age.to_string()));
                            row.col(|ui| {
                                ui.horizontal(|ui| {
                                    if ui.small_button(lang.pick("编辑", "Edit")).clicked() {
                                        action = Some((r.clone(), false));
                                    }
                                    if r.status.is_unresolved()
                                        && !session.dataset.is_read_only()
                                        && ui.small_button(lang.pick("办结", "Close")).clicked()
                                    {
                                        action = Some((r.clone(), true));
                                    }
                                });
                            });
                            row.col(|ui| cell(ui, r.text.clone()));
                        });
                    });
            },
        );
        match action {
            Some((mut r, true)) => {
                r.status = RequestStatus::Resolved;
                r.resolved_on = Some(today.max(r.raised_on));
                commands.push(Command::SaveRequest(r));
            }
            Some((r, false)) => {
                self.draft = Some(RequestDraft {
                    raised_text: r.raised_on.to_string(),
                    request: r,
                    problem: None,
                });
            }
            None => {}
        }
        // Financing deals of the year to date.
        ui.label(
            RichText::new(lang.pick("银企对接（本年累计）", "Financing deals (year to date)"))
                .strong(),
        );
        let deals: Vec<_> = reg
            .deals
            .iter()
            .filter(|d| d.signed_on >= start && d.signed_on <= end)
            .filter(|d| self.selected.is_none_or(|id| d.enterprise_id == id))
            .collect();
        let total: f64 = deals.iter().map(|d| d.amount_10k_yuan).sum();
        ui.label(match lang {
            Lang::Zh => format!("{}笔，合计{}", deals.len(), amount_10k_yuan(total, lang)),
            Lang::En => format!(
                "{} deals, {} in total",
                deals.len(),
                amount_10k_yuan(total, lang)
            ),
        });
        egui::ScrollArea::vertical()
            .id_salt("deals")
            .show(ui, |ui| {
                for d in deals.iter().take(200) {
                    ui.label(format!(
                        "{} · {} · {} · {}",
                        d.signed_on,
                        name_of(d.enterprise_id),
                        d.bank,
                        amount_10k_yuan(d.amount_10k_yuan, lang)
                    ));
                }
            });
    }
}

/// Enterprises per industry among those shown, as horizontal bars.
fn industry_counts_chart(session: &Session, shown: &[&Enterprise], lang: Lang) -> Chart {
    let cat = &session.snapshot.catalogue;
    let mut counts: Vec<(String, f64)> = cat
        .industries
        .iter()
        .map(|i| {
            let n = shown
                .iter()
                .filter(|e| e.industry.as_ref() == Some(&i.code))
                .count();
            (i.name(lang).to_string(), n as f64)
        })
        .filter(|(_, n)| *n > 0.0)
        .collect();
    counts.sort_by(|a, b| b.1.total_cmp(&a.1));
    Chart {
        id: ChartId::EnterpriseCounts,
        title: lang
            .pick("分行业企业数（户）", "Enterprises by industry")
            .to_string(),
        kind: ChartKind::HorizontalBars,
        categories: counts.iter().map(|(n, _)| n.clone()).collect(),
        periods: Vec::new(),
        series: vec![Series {
            name: lang.pick("企业数", "enterprises").to_string(),
            color: palette::PARENT,
            values: counts.iter().map(|(_, v)| Some(*v)).collect(),
            point_colors: None,
            emphasis: false,
        }],
        unit: lang.pick("户", "").to_string(),
        inverted: false,
        references: Vec::new(),
        marked: Vec::new(),
        note: None,
    }
}
