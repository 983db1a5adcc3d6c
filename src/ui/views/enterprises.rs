//! Enterprises (企业服务): the register with search and filters, counts by flag and
//! industry, service requests by status and category with resolution rate and age (open
//! more than 30 days highlighted), financing deals and totals; requests are added, edited and
//! closed here and saved at once, in one transaction each.
//!
//! The register table sorts by any column (a click on its header: ascending, again
//! descending). Text sorts by Unicode code point, which for Chinese names is neither pinyin
//! nor stroke order but is stable and the same on every machine; empty cells (no official,
//! no industry) go last either way; the open-request count sorts numerically; ties keep the
//! register's order. The counts by flag and industry follow the search and filters; the
//! headline chips above them are the whole register's.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::super::session::Session;
use super::super::widgets::{chart_title, copy_data_button, count_bars, sort_header};
use super::Command;
use crate::analysis::register::{OVERDUE_DAYS, period_dates, requests_by_category};
use crate::briefing::chart::{Chart, ChartId, ChartKind, Series};
use crate::briefing::format::{amount_10k_yuan, one_decimal};
use crate::briefing::palette::{self, Rgb};
use crate::model::enterprise::{Date, REQUEST_CATEGORIES, category_label};
use crate::model::{Catalogue, Enterprise, Lang, RequestStatus, Satisfaction, ServiceRequest};

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

/// A column of the register table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterColumn {
    /// Enterprise name.
    Name,
    /// Unified social credit code.
    CreditCode,
    /// Industry name.
    Industry,
    /// The flags as listed (规上、新兴 …).
    Flags,
    /// The paired official.
    Official,
    /// Unresolved requests (a number).
    Open,
}

impl RegisterColumn {
    /// Every column, left to right.
    pub const ALL: [RegisterColumn; 6] = [
        RegisterColumn::Name,
        RegisterColumn::CreditCode,
        RegisterColumn::Industry,
        RegisterColumn::Flags,
        RegisterColumn::Official,
        RegisterColumn::Open,
    ];

    /// The header title.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            RegisterColumn::Name => lang.pick("企业名称", "Name"),
            RegisterColumn::CreditCode => lang.pick("统一社会信用代码", "Credit code"),
            RegisterColumn::Industry => lang.pick("行业", "Industry"),
            RegisterColumn::Flags => lang.pick("标识", "Flags"),
            RegisterColumn::Official => lang.pick("包联领导", "Paired official"),
            RegisterColumn::Open => lang.pick("未结", "Open"),
        }
    }
}

/// How the register table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterSort {
    /// The column sorted by.
    pub column: RegisterColumn,
    /// Largest (or last) first.
    pub descending: bool,
}

impl RegisterSort {
    /// The sort after a click on `column`'s header: a new column sorts ascending, the
    /// current one is reversed.
    pub fn after_click(current: Option<RegisterSort>, column: RegisterColumn) -> RegisterSort {
        match current {
            Some(s) if s.column == column => RegisterSort {
                column,
                descending: !s.descending,
            },
            _ => RegisterSort {
                column,
                descending: false,
            },
        }
    }
}

/// A register row with its cells as shown.
#[derive(Debug, Clone, PartialEq)]
struct RegisterRow {
    id: i64,
    name: String,
    credit_code: String,
    industry: String,
    flags: String,
    official: String,
    open: usize,
}

impl RegisterRow {
    fn text(&self, column: RegisterColumn) -> &str {
        match column {
            RegisterColumn::Name => &self.name,
            RegisterColumn::CreditCode => &self.credit_code,
            RegisterColumn::Industry => &self.industry,
            RegisterColumn::Flags => &self.flags,
            RegisterColumn::Official => &self.official,
            RegisterColumn::Open => "",
        }
    }
}

/// Orders text cells: by code point, empty cells last in both directions.
fn cmp_text(a: &str, b: &str, descending: bool) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ if descending => b.cmp(a),
        _ => a.cmp(b),
    }
}

/// Sorts the rows in place; the sort is stable, so ties keep the register's order.
fn sort_rows(rows: &mut [RegisterRow], sort: RegisterSort) {
    rows.sort_by(|a, b| match sort.column {
        RegisterColumn::Open if sort.descending => b.open.cmp(&a.open),
        RegisterColumn::Open => a.open.cmp(&b.open),
        c => cmp_text(a.text(c), b.text(c), sort.descending),
    });
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
    /// How the register table is sorted (`None`: the register's own order).
    pub sort: Option<RegisterSort>,
    /// The register's rows and counts as last worked out.
    register: RegisterCache,
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
        if !session.is_home() {
            not_home_ui(ui, session, commands, lang);
            return;
        }
        if session.snapshot.register.enterprises.is_empty() {
            ui.label(lang.pick(
                "数据集中还没有企业名录。可在“数据”页导入企业、诉求和银企对接名单。",
                "The dataset has no enterprise register yet. Import enterprise, request and financing lists in the Data view.",
            ));
            return;
        }
        let (start, end) = period_dates(session.selection.period);
        // Ages are as of the period's end when looking back, as of today otherwise.
        let as_of = session.today.min(end);
        headline_chips(ui, session, lang);
        self.filters_ui(ui, &session.snapshot.catalogue, lang);
        self.refresh_register(session, lang);
        let height = ui.available_height();
        ui.columns(2, |cols| {
            // Left: the register, then counts by industry and by flag side by side.
            self.register_ui(&mut cols[0], lang, height);
            // Right: requests and deals.
            self.requests_ui(&mut cols[1], session, commands, as_of, (start, end));
        });
    }

    /// How many times the register's rows and counts were worked out (the cache's misses;
    /// tests check that a frame without a change reuses them).
    pub fn register_rebuilds(&self) -> u64 {
        self.register.rebuilds
    }

    /// Search box, flag chips and the industry picker.
    fn filters_ui(&mut self, ui: &mut Ui, catalogue: &Catalogue, lang: Lang) {
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
            let all = lang.pick("全部行业", "all industries");
            let current = self
                .industry
                .as_ref()
                .and_then(|c| catalogue.industry(c))
                .map_or(all, |i| i.name(lang));
            egui::ComboBox::from_id_salt("industry-filter")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(self.industry.is_none(), all).clicked() {
                        self.industry = None;
                    }
                    for i in &catalogue.industries {
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
    }

    /// Works out the register's rows (filtered, with their cells, sorted) and the counts
    /// beside them when the search, the filters, the sort, the language or the data changed
    /// since the last frame; otherwise keeps them.
    fn refresh_register(&mut self, session: &Session, lang: Lang) {
        let reg = &session.snapshot.register;
        let key = RegisterKey {
            search: self.search.clone(),
            flag: self.flag,
            industry: self.industry.clone(),
            sort: self.sort,
            lang,
            generation: session.generation,
        };
        if self.register.key.as_ref() == Some(&key) {
            return;
        }
        let snap = &session.snapshot;
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
        let mut rows: Vec<RegisterRow> = shown
            .iter()
            .map(|e| RegisterRow {
                id: e.id,
                name: e.name.clone(),
                credit_code: e.credit_code.clone(),
                industry: e
                    .industry
                    .as_ref()
                    .and_then(|c| snap.catalogue.industry(c))
                    .map(|i| i.name(lang).to_string())
                    .unwrap_or_default(),
                flags: flags(e, lang),
                official: e.official.clone(),
                open: open_by_enterprise.get(&e.id).copied().unwrap_or(0),
            })
            .collect();
        if let Some(sort) = self.sort {
            sort_rows(&mut rows, sort);
        }
        self.register = RegisterCache {
            key: Some(key),
            rows,
            counts: vec![
                industry_counts_chart(session, &shown, lang),
                flag_counts_chart(&shown, lang),
            ],
            rebuilds: self.register.rebuilds + 1,
        };
    }

    /// The register table and the counts by industry and flag under it.
    fn register_ui(&mut self, ui: &mut Ui, lang: Lang, height: f32) {
        let rows = &self.register.rows;
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("企业名录（{}户）", rows.len()),
                Lang::En => format!("Register ({} enterprises)", rows.len()),
            })
            .strong(),
        );
        let table_height = (height * 0.55).max(200.0);
        let (clicked, sort_clicked) =
            register_table(ui, rows, self.sort, self.selected, lang, table_height);
        if clicked.is_some() {
            self.selected = clicked;
        }
        if let Some(c) = sort_clicked {
            self.sort = Some(RegisterSort::after_click(self.sort, c));
        }
        let charts_height = (ui.available_height() - 30.0).max(140.0);
        let [by_industry, by_flag] = self.register.counts.as_slice() else {
            return;
        };
        ui.columns(2, |cols| {
            chart_title(&mut cols[0], by_industry, lang);
            count_bars(
                &mut cols[0],
                "enterprise-industries",
                by_industry,
                charts_height,
            );
            chart_title(&mut cols[1], by_flag, lang);
            count_bars(&mut cols[1], "enterprise-flags", by_flag, charts_height);
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
        // The counts are the period's; the list below is the live log (every request, its
        // current status, ages as of today), where new requests are dated and closed today.
        let today = session.today;
        let reg = &session.snapshot.register;
        request_counts_ui(ui, session, as_of, (start, end));
        self.request_log_header(ui, session);
        if let Some(draft) = self.draft.as_mut()
            && draft_ui(ui, draft, session, commands)
        {
            self.draft = None;
        }
        let requests: Vec<&ServiceRequest> = reg
            .requests
            .iter()
            .filter(|r| self.selected.is_none_or(|id| r.enterprise_id == id))
            .filter(|r| {
                !self.overdue_only || (r.status.is_unresolved() && r.age_days(today) > OVERDUE_DAYS)
            })
            .collect();
        match request_table(ui, session, &requests) {
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
        deals_ui(ui, session, (start, end), self.selected);
    }

    /// The log's title, the overdue-only switch and the button for a new request.
    fn request_log_header(&mut self, ui: &mut Ui, session: &Session) {
        let lang = session.selection.lang;
        let today = session.today;
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
                        revision: 0,
                        id: 0,
                        enterprise_id: id,
                        raised_on: today,
                        category: REQUEST_CATEGORIES[0].0.to_string(),
                        text: String::new(),
                        status: RequestStatus::Open,
                        resolved_on: None,
                        satisfaction: None,
                    },
                    raised_text: today.to_string(),
                    problem: None,
                });
            }
        });
    }
}

/// What cached register rows were worked out from.
#[derive(Debug, Clone, PartialEq)]
struct RegisterKey {
    search: String,
    flag: FlagFilter,
    industry: Option<String>,
    sort: Option<RegisterSort>,
    lang: Lang,
    /// The session's data generation, unique to each session and bumped on every edit.
    generation: u64,
}

/// The register's rows as shown and the counts beside them, kept between frames (385 rows
/// with their names, industries and flags are not worth redoing sixty times a second).
#[derive(Debug, Default)]
struct RegisterCache {
    key: Option<RegisterKey>,
    rows: Vec<RegisterRow>,
    /// Enterprises by industry and by flag among the rows (none before the first frame).
    counts: Vec<Chart>,
    rebuilds: u64,
}

/// Another region is the subject: the register is the home region's, with a way back.
fn not_home_ui(ui: &mut Ui, session: &Session, commands: &mut Vec<Command>, lang: Lang) {
    // The register is the bureau's own: another city's figures come without one.
    let home = session
        .snapshot
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
}

/// The whole register's counts and the period's requests and financing, as chips.
fn headline_chips(ui: &mut Ui, session: &Session, lang: Lang) {
    let stats = &session.derived.analysis.register;
    let period_label = session
        .selection
        .period
        .label_with_year(crate::model::Basis::Ytd, lang);
    let rate = stats
        .resolution_rate_pct()
        .map(one_decimal)
        .unwrap_or_else(|| "—".into());
    let amount = amount_10k_yuan(stats.financing_amount_10k_yuan, lang);
    let mut chips: Vec<String> = [
        (stats.total, "在册企业", "enterprises"),
        (stats.key_support, "重点帮扶", "key support"),
        (stats.emerging, "新兴产业", "emerging"),
        (stats.srdi, "专精特新", "SRDI"),
    ]
    .into_iter()
    .map(|(n, zh, en)| match lang {
        Lang::Zh => format!("{zh} {n}户"),
        Lang::En => format!("{n} {en}"),
    })
    .collect();
    chips.push(match lang {
        Lang::Zh => format!(
            "{period_label}诉求 {}件 · 已解决{}件 · 解决率{rate}%",
            stats.requests_raised, stats.requests_resolved
        ),
        Lang::En => format!(
            "{period_label}: {} requests · {} resolved ({rate}%)",
            stats.requests_raised, stats.requests_resolved
        ),
    });
    chips.push(match lang {
        Lang::Zh => format!("银企签约 {}户 · {amount}", stats.deal_enterprises),
        Lang::En => format!(
            "financing: {} enterprises · {amount}",
            stats.deal_enterprises
        ),
    });
    ui.horizontal_wrapped(|ui| {
        for label in chips {
            egui::Frame::group(ui.style())
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.label(RichText::new(label).size(15.0));
                });
        }
    });
}

/// The register table; returns the enterprise clicked and the header clicked, if any.
fn register_table(
    ui: &mut Ui,
    rows: &[RegisterRow],
    sort: Option<RegisterSort>,
    selected: Option<i64>,
    lang: Lang,
    table_height: f32,
) -> (Option<i64>, Option<RegisterColumn>) {
    let mut clicked = None;
    let mut sort_clicked = None;
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
                    for c in RegisterColumn::ALL {
                        h.col(|ui| {
                            let ascending = sort.filter(|s| s.column == c).map(|s| !s.descending);
                            if sort_header(ui, c.title(lang), ascending, lang) {
                                sort_clicked = Some(c);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, rows.len(), |mut row| {
                        let r = &rows[row.index()];
                        row.set_selected(selected == Some(r.id));
                        let open = if r.open > 0 {
                            r.open.to_string()
                        } else {
                            String::new()
                        };
                        for text in [
                            r.name.as_str(),
                            r.credit_code.as_str(),
                            r.industry.as_str(),
                            r.flags.as_str(),
                            r.official.as_str(),
                            open.as_str(),
                        ] {
                            row.col(|ui| {
                                ui.add(egui::Label::new(text).selectable(false).truncate());
                            });
                        }
                        if row.response().clicked() {
                            clicked = Some(r.id);
                        }
                    });
                });
        },
    );
    (clicked, sort_clicked)
}

/// The name of enterprise `id` (empty when the register does not hold it).
fn name_of(session: &Session, id: i64) -> String {
    session
        .snapshot
        .register
        .enterprises
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.name.clone())
        .unwrap_or_default()
}

/// The year's requests by status at the period's end and by category, side by side as
/// small bar charts with their counts, and how many were open more than 30 days at `as_of`.
fn request_counts_ui(ui: &mut Ui, session: &Session, as_of: Date, (start, end): (Date, Date)) {
    let lang = session.selection.lang;
    let reg = &session.snapshot.register;
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
    let by_status: Vec<(RequestStatus, usize)> = RequestStatus::ALL
        .iter()
        .map(|&s| (s, raised.iter().filter(|r| status_at_end(r) == s).count()))
        .collect();
    let overdue = raised
        .iter()
        .filter(|r| {
            status_at_end(r) != RequestStatus::Resolved
                && r.raised_on.days_until(as_of) > OVERDUE_DAYS
        })
        .count();
    let by_cat = requests_by_category(reg, session.selection.period);
    let charts_height = 150.0;
    ui.columns(2, |cols| {
        let chart = status_counts_chart(&by_status, lang);
        cols[0].horizontal_wrapped(|ui| {
            ui.label(RichText::new(&chart.title).strong());
            copy_data_button(ui, &chart, lang);
            ui.label(
                RichText::new(match lang {
                    Lang::Zh => format!("超30天未办结 {overdue}"),
                    Lang::En => format!("open > 30 days: {overdue}"),
                })
                .color(Color32::from_rgb(0xB0, 0x1C, 0x1C)),
            );
        });
        count_bars(&mut cols[0], "request-statuses", &chart, charts_height);
        let chart = category_counts_chart(&by_cat, lang);
        chart_title(&mut cols[1], &chart, lang);
        count_bars(&mut cols[1], "request-categories", &chart, charts_height);
    });
}

/// The form of a request being written or edited; returns true when it is done with
/// (saved or cancelled).
fn draft_ui(
    ui: &mut Ui,
    draft: &mut RequestDraft,
    session: &Session,
    commands: &mut Vec<Command>,
) -> bool {
    let lang = session.selection.lang;
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
                name_of(session, draft.request.enterprise_id)
            ))
            .strong(),
        );
        draft_fields_ui(ui, draft, lang);
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
                match draft.to_save(session.today, lang) {
                    Ok(r) => {
                        commands.push(Command::SaveRequest(r));
                        close = true;
                    }
                    Err(problem) => draft.problem = Some(problem),
                }
            }
            if ui.button(lang.pick("取消", "Cancel")).clicked() {
                close = true;
            }
        });
    });
    close
}

/// The date raised, the category and the status of a draft.
fn draft_fields_ui(ui: &mut Ui, draft: &mut RequestDraft, lang: Lang) {
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
        let l = ui.label(lang.pick("满意度", "Satisfaction"));
        egui::ComboBox::from_id_salt("request-satisfaction")
            .selected_text(satisfaction_label(draft.request.satisfaction, lang))
            .show_ui(ui, |ui| {
                let choices = std::iter::once(None).chain(Satisfaction::ALL.map(Some));
                for s in choices {
                    let text = satisfaction_label(s, lang);
                    ui.selectable_value(&mut draft.request.satisfaction, s, text);
                }
            })
            .response
            .labelled_by(l.id);
    });
}

/// A request's 满意度 as the editor and the log show it (未评价 when not rated).
fn satisfaction_label(s: Option<Satisfaction>, lang: Lang) -> &'static str {
    s.map_or(lang.pick("未评价", "not rated"), |s| s.label(lang))
}

impl RequestDraft {
    /// The request to save, dated as typed (a resolved one closed today unless it already
    /// was), or why it cannot be saved.
    fn to_save(&self, today: Date, lang: Lang) -> Result<ServiceRequest, String> {
        match self.raised_text.parse::<Date>() {
            Err(e) => Err(match lang {
                Lang::Zh => format!("“{}”不是日期（应如 2023-04-15 或 2023年4月15日）", e.0),
                Lang::En => e.to_string(),
            }),
            Ok(d) if d > today => Err(lang
                .pick(
                    "提出日期不能晚于今天",
                    "the date raised cannot be in the future",
                )
                .to_string()),
            Ok(d) => {
                let mut r = self.request.clone();
                r.raised_on = d;
                r.resolved_on = match r.status {
                    RequestStatus::Resolved => Some(r.resolved_on.unwrap_or(today).max(d)),
                    _ => None,
                };
                Ok(r)
            }
        }
    }
}

/// The request log; returns a request whose Edit (false) or Close (true) was clicked.
fn request_table(
    ui: &mut Ui,
    session: &Session,
    requests: &[&ServiceRequest],
) -> Option<(ServiceRequest, bool)> {
    let lang = session.selection.lang;
    let today = session.today;
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
                .column(Column::initial(64.0).clip(true))
                .column(Column::exact(100.0))
                .column(Column::remainder().clip(true))
                .header(20.0, |mut h| {
                    for t in match lang {
                        Lang::Zh => [
                            "企业",
                            "提出日期",
                            "类别",
                            "状态",
                            "天数",
                            "满意度",
                            "",
                            "内容",
                        ],
                        Lang::En => [
                            "Enterprise",
                            "Raised",
                            "Category",
                            "Status",
                            "Days",
                            "Rating",
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
                        let cell = |ui: &mut Ui, text: String| {
                            let mut t = RichText::new(text);
                            if overdue {
                                t = t.color(Color32::from_rgb(0xB0, 0x1C, 0x1C));
                            }
                            ui.add(egui::Label::new(t).truncate());
                        };
                        row.col(|ui| cell(ui, name_of(session, r.enterprise_id)));
                        row.col(|ui| cell(ui, r.raised_on.to_string()));
                        row.col(|ui| cell(ui, category_label(&r.category, lang)));
                        row.col(|ui| cell(ui, r.status.label(lang).to_string()));
                        row.col(|ui| cell(ui, age.to_string()));
                        row.col(|ui| {
                            // Only a rating says something; 未评价 would fill the column.
                            let rating = r.satisfaction.map(|s| s.label(lang).to_string());
                            cell(ui, rating.unwrap_or_default())
                        });
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
    action
}

/// Financing deals of the year to date (the selected enterprise's, when one is).
fn deals_ui(ui: &mut Ui, session: &Session, (start, end): (Date, Date), selected: Option<i64>) {
    let lang = session.selection.lang;
    ui.label(
        RichText::new(lang.pick("银企对接（本年累计）", "Financing deals (year to date)")).strong(),
    );
    let deals: Vec<_> = session
        .snapshot
        .register
        .deals
        .iter()
        .filter(|d| d.signed_on >= start && d.signed_on <= end)
        .filter(|d| selected.is_none_or(|id| d.enterprise_id == id))
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
                    name_of(session, d.enterprise_id),
                    d.bank,
                    amount_10k_yuan(d.amount_10k_yuan, lang)
                ));
            }
        });
}

/// Horizontal bars of counts (drawn with [`count_bars`]), one per category in the order
/// given; `colors` gives each bar its own colour. The series is unnamed: the title says what
/// is counted. (Every count chart carries the enterprise-count chart's id: the status, flag
/// and category charts are drawn in the window only, never exported.)
/// A chart of counts; `what` names the counted things, the column a copy pastes under.
fn counts_chart(
    title: &str,
    what: &str,
    unit: &str,
    counts: &[(String, usize)],
    colors: Option<Vec<Rgb>>,
) -> Chart {
    Chart {
        id: ChartId::EnterpriseCounts,
        title: title.to_string(),
        kind: ChartKind::HorizontalBars,
        categories: counts.iter().map(|(c, _)| c.clone()).collect(),
        periods: Vec::new(),
        series: vec![Series {
            name: what.to_string(),
            color: palette::PARENT,
            values: counts.iter().map(|(_, n)| Some(*n as f64)).collect(),
            point_colors: colors,
            emphasis: false,
        }],
        unit: unit.to_string(),
        inverted: false,
        references: Vec::new(),
        marked: Vec::new(),
        note: None,
    }
}

/// Enterprises per flag among those shown (an enterprise counts under each of its flags),
/// in a fixed order so the eye finds each flag in the same place whatever the filter.
fn flag_counts_chart(shown: &[&Enterprise], lang: Lang) -> Chart {
    let count = |keep: fn(&Enterprise) -> bool| shown.iter().filter(|e| keep(e)).count();
    let counts = [
        (lang.pick("规上", "above size"), count(|e| e.above_size)),
        (lang.pick("新兴产业", "emerging"), count(|e| e.emerging)),
        (lang.pick("专精特新", "SRDI"), count(|e| e.srdi)),
        (
            lang.pick("重点帮扶", "key support"),
            count(|e| e.key_support),
        ),
        (lang.pick("民营", "private"), count(|e| e.private)),
    ]
    .map(|(label, n)| (label.to_string(), n));
    counts_chart(
        lang.pick("分标识企业数（户）", "Enterprises by flag"),
        lang.pick("企业数（户）", "enterprises"),
        lang.pick("户", ""),
        &counts,
        None,
    )
}

/// Requests of the year to date by their status at the period's end, in workflow order:
/// waiting amber, in progress blue, resolved green.
fn status_counts_chart(by_status: &[(RequestStatus, usize)], lang: Lang) -> Chart {
    let counts: Vec<(String, usize)> = by_status
        .iter()
        .map(|(s, n)| (s.label(lang).to_string(), *n))
        .collect();
    let colors = by_status
        .iter()
        .map(|(s, _)| match s {
            RequestStatus::Open => palette::NATION,
            RequestStatus::InProgress => palette::PARENT,
            RequestStatus::Resolved => palette::DOWN,
        })
        .collect();
    counts_chart(
        lang.pick("诉求状态（截至期末，件）", "Requests at period end"),
        lang.pick("诉求（件）", "requests"),
        lang.pick("件", ""),
        &counts,
        Some(colors),
    )
}

/// Requests of the year to date by category, most first; the bar is the number raised and
/// the label beside the category says how many of them were resolved by the period's end.
fn category_counts_chart(by_cat: &BTreeMap<String, (usize, usize)>, lang: Lang) -> Chart {
    let mut counts: Vec<(String, usize)> = by_cat
        .iter()
        .map(|(cat, (raised, resolved))| {
            let name = category_label(cat, lang);
            (
                match lang {
                    Lang::Zh => format!("{name}（解决{resolved}）"),
                    Lang::En => format!("{name} ({resolved} resolved)"),
                },
                *raised,
            )
        })
        .collect();
    // Stable: equal counts keep the categories' order.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts_chart(
        lang.pick("诉求分类（本年累计，件）", "By category (year to date)"),
        lang.pick("诉求（件）", "requests"),
        lang.pick("件", ""),
        &counts,
        None,
    )
}

/// Enterprises per industry among those shown, most first.
fn industry_counts_chart(session: &Session, shown: &[&Enterprise], lang: Lang) -> Chart {
    let cat = &session.snapshot.catalogue;
    let mut counts: Vec<(String, usize)> = cat
        .industries
        .iter()
        .map(|i| {
            let n = shown
                .iter()
                .filter(|e| e.industry.as_ref() == Some(&i.code))
                .count();
            (i.name(lang).to_string(), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    // Stable: equal counts keep the catalogue's order.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts_chart(
        lang.pick("分行业企业数（户）", "Enterprises by industry"),
        lang.pick("企业数（户）", "enterprises"),
        lang.pick("户", ""),
        &counts,
        None,
    )
}
