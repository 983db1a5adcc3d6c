//! Data (数据): every figure of the open region and its comparators as a sortable, filterable
//! table with its source (one click on a row shows the source), and the data-quality
//! findings of the whole dataset.
//!
//! A click on a column header sorts by it (ascending, again descending; 默认 restores the
//! natural order: region, indicator, subject, basis, period). Values sort numerically,
//! periods chronologically; the other columns sort by the text shown, by Unicode code point,
//! which for Chinese names is neither pinyin nor stroke order but is stable and the same on
//! every machine. Empty cells (the whole economy has no industry) go last either way; ties
//! keep the natural order.

use std::cmp::Ordering;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::super::session::{DataRow, Session};
use super::super::widgets::sort_header;
use crate::analysis::checks::Severity;
use crate::briefing::format::one_decimal;
use crate::model::{Lang, Subject};

/// A column of the figures table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataColumn {
    /// Region name.
    Region,
    /// Indicator name.
    Indicator,
    /// Industry or industry group (empty for the whole economy).
    Subject,
    /// 当月 or 累计.
    Basis,
    /// Period, chronologically.
    Period,
    /// Value, numerically.
    Value,
    /// Source title.
    Source,
}

impl DataColumn {
    /// Every column, left to right.
    pub const ALL: [DataColumn; 7] = [
        DataColumn::Region,
        DataColumn::Indicator,
        DataColumn::Subject,
        DataColumn::Basis,
        DataColumn::Period,
        DataColumn::Value,
        DataColumn::Source,
    ];

    /// The header title.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            DataColumn::Region => lang.pick("地区", "Region"),
            DataColumn::Indicator => lang.pick("指标", "Indicator"),
            DataColumn::Subject => lang.pick("行业/产业组", "Industry/group"),
            DataColumn::Basis => lang.pick("口径", "Basis"),
            DataColumn::Period => lang.pick("时期", "Period"),
            DataColumn::Value => lang.pick("数值", "Value"),
            DataColumn::Source => lang.pick("来源", "Source"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How the figures table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortBy {
    /// The column sorted by.
    pub column: DataColumn,
    /// Largest, latest or last first.
    pub descending: bool,
}

impl SortBy {
    /// The sort after a click on `column`'s header: a new column sorts ascending, the
    /// current one is reversed.
    pub fn after_click(current: Option<SortBy>, column: DataColumn) -> SortBy {
        match current {
            Some(s) if s.column == column => SortBy {
                column,
                descending: !s.descending,
            },
            _ => SortBy {
                column,
                descending: false,
            },
        }
    }
}

/// The Data view's state.
#[derive(Debug, Default)]
pub struct DataView {
    /// Text filter on region, indicator and industry names.
    pub filter: String,
    /// Sort column (`None`: the natural order).
    pub sort: Option<SortBy>,
    /// The row whose source is shown.
    pub selected: Option<usize>,
    order: Vec<usize>,
    order_key: Option<(String, Option<SortBy>, Lang, u64)>,
}

/// A row's cells as shown, in [`DataColumn::ALL`] order.
fn cells(session: &Session, r: &DataRow, lang: Lang) -> [String; 7] {
    let cat = &session.snapshot.catalogue;
    let region = cat
        .region(&r.region)
        .map(|x| x.name(lang))
        .unwrap_or(&r.region);
    let indicator = cat
        .indicator(&r.indicator)
        .map(|x| x.name(lang))
        .unwrap_or(&r.indicator);
    let subject = match &r.subject {
        Subject::Whole => String::new(),
        Subject::Industry(c) => cat
            .industry(c)
            .map(|x| x.name(lang).to_string())
            .unwrap_or(c.clone()),
        Subject::Group(c) => cat
            .group(c)
            .map(|x| x.name(lang).to_string())
            .unwrap_or(c.clone()),
    };
    let source = r
        .source
        .and_then(|id| session.snapshot.figures.source(id))
        .map(|s| {
            if s.illustrative {
                format!("{}（{}）", s.title, lang.pick("示意", "illustrative"))
            } else {
                s.title.clone()
            }
        })
        .unwrap_or_else(|| lang.pick("（无来源）", "(no source)").to_string());
    [
        region.to_string(),
        indicator.to_string(),
        subject,
        r.basis.label(lang).to_string(),
        r.period.label_with_year(r.basis, lang),
        if r.value.abs() >= 1000.0 {
            format!("{:.0}", r.value)
        } else {
            one_decimal(r.value)
        },
        source,
    ]
}

/// Sorts `order` (indices into `rows`, natural order) in place; stable, so ties keep the
/// natural order.
fn sort_order(order: &mut [usize], rows: &[DataRow], sort: SortBy, session: &Session, lang: Lang) {
    let flip = |o: Ordering| if sort.descending { o.reverse() } else { o };
    match sort.column {
        DataColumn::Period => order.sort_by(|&a, &b| flip(rows[a].period.cmp(&rows[b].period))),
        DataColumn::Value => {
            order.sort_by(|&a, &b| flip(rows[a].value.total_cmp(&rows[b].value)));
        }
        column => {
            // A row without a source reads "（无来源）": it sorts last, like an empty cell.
            let mut keyed: Vec<(usize, String)> = order
                .iter()
                .map(|&i| {
                    let key = if column == DataColumn::Source && rows[i].source.is_none() {
                        String::new()
                    } else {
                        let mut c = cells(session, &rows[i], lang);
                        std::mem::take(&mut c[column.index()])
                    };
                    (i, key)
                })
                .collect();
            keyed.sort_by(|(_, a), (_, b)| match (a.is_empty(), b.is_empty()) {
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ => flip(a.cmp(b)),
            });
            for (slot, (i, _)) in order.iter_mut().zip(keyed) {
                *slot = i;
            }
        }
    }
}

impl DataView {
    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<super::Command>) {
        let lang = session.selection.lang;
        self.toolbar_ui(ui, session, commands);
        self.refresh_order(session, lang);
        let findings_height = 150.0;
        let table_height = (ui.available_height() - findings_height - 90.0).max(160.0);
        let (clicked, sort_clicked) = self.figures_table(ui, session, table_height);
        if clicked.is_some() {
            self.selected = clicked;
        }
        if let Some(c) = sort_clicked {
            self.sort = Some(SortBy::after_click(self.sort, c));
        }
        if let Some(r) = self.selected.and_then(|i| session.data_rows.get(i))
            && let Some(s) = r.source.and_then(|id| session.snapshot.figures.source(id))
        {
            source_ui(ui, s, lang);
        }
        ui.separator();
        self.findings_ui(ui, session, commands, findings_height);
    }

    /// The filter box, the natural-order switch, the count and the import button.
    fn toolbar_ui(&mut self, ui: &mut Ui, session: &Session, commands: &mut Vec<super::Command>) {
        let lang = session.selection.lang;
        ui.horizontal(|ui| {
            let label = ui.label(lang.pick("筛选", "Filter"));
            ui.text_edit_singleline(&mut self.filter)
                .labelled_by(label.id);
            ui.label(lang.pick("排序", "Sort"));
            if ui
                .selectable_label(self.sort.is_none(), lang.pick("默认", "natural"))
                .on_hover_text(lang.pick(
                    "按地区、指标、行业、口径、时期；点击表头按该列排序",
                    "by region, indicator, industry, basis, period; click a header to sort by its column",
                ))
                .clicked()
            {
                self.sort = None;
            }
            let n = session.data_rows.len();
            ui.label(
                RichText::new(match lang {
                    Lang::Zh => format!("共{n}个数据"),
                    Lang::En => format!("{n} figures"),
                })
                .weak(),
            );
            ui.separator();
            if ui
                .add_enabled(
                    !session.dataset.is_read_only(),
                    egui::Button::new(lang.pick("导入数据…", "Import…")),
                )
                .clicked()
            {
                commands.push(super::Command::OpenImport);
            }
            if ui
                .button(lang.pick("年度目标…", "Annual targets…"))
                .clicked()
            {
                commands.push(super::Command::OpenTargets);
            }
        });
    }

    /// Filters and sorts the rows when the filter, the sort or the data changed.
    fn refresh_order(&mut self, session: &Session, lang: Lang) {
        let rows = &session.data_rows;
        let key = (self.filter.clone(), self.sort, lang, session.generation);
        if self.order_key.as_ref() == Some(&key) {
            return;
        }
        let needle = self.filter.trim().to_lowercase();
        let mut order: Vec<usize> = (0..rows.len())
            .filter(|&i| needle.is_empty() || rows[i].search_text.contains(&needle))
            .collect();
        if let Some(sort) = self.sort {
            sort_order(&mut order, rows, sort, session, lang);
        }
        self.order = order;
        self.order_key = Some(key);
        self.selected = None;
    }

    /// The figures table; returns the row clicked and the header clicked, if any.
    fn figures_table(
        &self,
        ui: &mut Ui,
        session: &Session,
        table_height: f32,
    ) -> (Option<usize>, Option<DataColumn>) {
        let lang = session.selection.lang;
        let rows = &session.data_rows;
        let mut clicked = None;
        let mut sort_clicked = None;
        let sort = self.sort;
        let width = ui.available_width();
        // A sized box keeps the column separators to the table's own height.
        ui.allocate_ui(egui::vec2(width, table_height + 26.0), |ui| {
            TableBuilder::new(ui)
                .id_salt("figures")
                .striped(true)
                .sense(egui::Sense::click())
                .max_scroll_height(table_height)
                .min_scrolled_height(table_height)
                .column(Column::initial(110.0).resizable(true))
                .column(Column::initial(230.0).resizable(true))
                .column(Column::initial(120.0).resizable(true))
                .column(Column::initial(60.0))
                .column(Column::initial(120.0))
                .column(Column::initial(70.0))
                .column(Column::remainder())
                .header(22.0, |mut header| {
                    for c in DataColumn::ALL {
                        header.col(|ui| {
                            let ascending = sort.filter(|s| s.column == c).map(|s| !s.descending);
                            if sort_header(ui, c.title(lang), ascending, lang) {
                                sort_clicked = Some(c);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, self.order.len(), |mut row| {
                        let i = self.order[row.index()];
                        row.set_selected(self.selected == Some(i));
                        for c in cells(session, &rows[i], lang) {
                            row.col(|ui| {
                                // Not selectable: a click selects the row, showing its source.
                                ui.add(egui::Label::new(c).selectable(false));
                            });
                        }
                        if row.response().clicked() {
                            clicked = Some(i);
                        }
                    });
                });
        });
        (clicked, sort_clicked)
    }

    /// The data-quality findings; a click on one with a region filters the table to it.
    fn findings_ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        commands: &mut Vec<super::Command>,
        height: f32,
    ) {
        let lang = session.selection.lang;
        let findings = session.findings.get(lang);
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("数据质量检查（{}条）", findings.len()),
                Lang::En => format!("Data-quality checks ({})", findings.len()),
            })
            .strong(),
        );
        egui::ScrollArea::vertical()
            .id_salt("findings")
            .max_height(height)
            .show(ui, |ui| {
                if session.findings.pending() {
                    ui.label(lang.pick("正在检查…", "Checking…"));
                } else if findings.is_empty() {
                    ui.label(lang.pick("未发现问题。", "Nothing found."));
                }
                for f in findings {
                    let color = match f.severity {
                        Severity::Error => egui::Color32::from_rgb(0xB0, 0x1C, 0x1C),
                        Severity::Warning => egui::Color32::from_rgb(0xA0, 0x60, 0x00),
                        Severity::Info => ui.visuals().weak_text_color(),
                    };
                    let text = RichText::new(format!(
                        "[{}] {}：{}",
                        f.severity.label(lang),
                        f.location,
                        f.message
                    ))
                    .color(color);
                    let Some(code) = &f.region else {
                        ui.label(text);
                        continue;
                    };
                    // A finding leads to its region's figures: the table is filtered to the
                    // region, which becomes the subject when the table does not hold it.
                    let clicked = ui
                        .add(egui::Label::new(text).sense(egui::Sense::click()))
                        .on_hover_cursor(egui::CursorIcon::PointingHand)
                        .on_hover_text(
                            lang.pick("点击查看该地区的数据", "click to see the region's figures"),
                        )
                        .clicked();
                    if clicked {
                        self.show_region(session, code, commands);
                    }
                }
            });
    }

    /// Filters the table to region `code`, making it the subject when the table lacks it.
    fn show_region(&mut self, session: &Session, code: &str, commands: &mut Vec<super::Command>) {
        let lang = session.selection.lang;
        if let Some(r) = session.snapshot.catalogue.region(code) {
            self.filter = r.name(lang).to_string();
        }
        if !session.data_rows.iter().any(|row| row.region == code)
            && session.regions.iter().any(|c| c == code)
        {
            commands.push(super::Command::SelectRegion(code.to_string()));
        }
    }
}

/// The selected figure's source: title, publisher, date, whether published, link and note.
fn source_ui(ui: &mut Ui, s: &crate::model::Source, lang: Lang) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(format!("{}：{}", lang.pick("来源", "Source"), s.title)).strong());
        let mut meta = Vec::new();
        if !s.publisher.is_empty() {
            meta.push(s.publisher.clone());
        }
        if !s.published_on.is_empty() {
            meta.push(s.published_on.clone());
        }
        meta.push(
            if s.illustrative {
                lang.pick("示意数据", "illustrative")
            } else {
                lang.pick("公开发布", "published")
            }
            .to_string(),
        );
        ui.label(meta.join(" · "));
        if !s.url.is_empty() {
            ui.hyperlink(&s.url);
        }
        if !s.note.is_empty() {
            ui.label(RichText::new(&s.note).weak());
        }
    });
}
