//! The returns table: the filters, the lines they keep in the chosen order (worked out when a
//! filter, the sort or the data change, never per frame), and a virtualised table that lays
//! out only the rows on screen.

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::data::{ReturnColumn, ReturnsData};
use crate::analysis::returns::{EnterpriseReturn, Flag, Status, Tally, tally};
use crate::briefing::format::one_decimal;
use crate::model::{Catalogue, Lang};
use crate::ui::widgets::sort_header;

/// What the table keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReturnFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this county (its code).
    pub county: Option<String>,
    /// Only this industry (its code).
    pub industry: Option<String>,
    /// Only this official.
    pub official: Option<String>,
    /// Only enterprises with this flag.
    pub flag: Option<Flag>,
    /// Name or credit code containing this (any case).
    pub search: String,
}

/// How the table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnSort {
    /// The column.
    pub column: ReturnColumn,
    /// Largest (or last) first.
    pub descending: bool,
}

impl ReturnSort {
    /// The sort after a click on `column`'s header: numbers start largest first (the
    /// question is usually "who leads"), text ascending; the current column is reversed.
    pub fn after_click(current: Option<ReturnSort>, column: ReturnColumn) -> ReturnSort {
        match current {
            Some(s) if s.column == column => ReturnSort {
                column,
                descending: !s.descending,
            },
            _ => ReturnSort {
                column,
                descending: matches!(
                    column,
                    ReturnColumn::Current
                        | ReturnColumn::Previous
                        | ReturnColumn::Growth
                        | ReturnColumn::Pull
                        | ReturnColumn::Contribution
                ),
            },
        }
    }
}

/// The lines shown and their tally, with what they were worked out from.
#[derive(Debug, Default)]
pub struct Shown {
    key: Option<((u64, u64), ReturnFilter, Option<ReturnSort>)>,
    /// Indices into the statistics' lines, in the order shown.
    pub rows: Vec<u32>,
    /// Counts and growth of the lines shown.
    pub tally: Tally,
    /// How many times the lines were worked out (tests: a frame without a change reuses them).
    pub rebuilds: u64,
}

impl Shown {
    /// Works the lines out again when the data (`stamp`), the filter or the sort changed.
    pub fn refresh(
        &mut self,
        data: &ReturnsData,
        stamp: (u64, u64),
        filter: &ReturnFilter,
        sort: Option<ReturnSort>,
        catalogue: &Catalogue,
    ) {
        let key = (stamp, filter.clone(), sort);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let Some(stats) = &data.stats else {
            return;
        };
        let keep = Keep::new(data, filter, catalogue);
        let lines = &stats.enterprises;
        let rows: Vec<u32> = match sort {
            Some(s) => data
                .ordered(s.column, s.descending)
                .filter(|&i| keep.keeps(data, lines, i))
                .collect(),
            None => (0..lines.len() as u32)
                .filter(|&i| keep.keeps(data, lines, i))
                .collect(),
        };
        self.tally = tally(rows.iter().map(|&i| &lines[i as usize]));
        self.rows = rows;
        self.key = Some(key);
        self.rebuilds += 1;
    }
}

/// A filter resolved to the data's indices, so each line is checked without a lookup.
struct Keep {
    status: Option<Status>,
    county: Option<Option<u16>>,
    industry: Option<Option<u16>>,
    official: Option<Option<u32>>,
    flag: Option<Flag>,
    needle: String,
}

impl Keep {
    fn new(data: &ReturnsData, f: &ReturnFilter, catalogue: &Catalogue) -> Keep {
        // A choice the data does not hold keeps nothing: Some(None) matches no line's index.
        Keep {
            status: f.status,
            county: f.county.as_ref().map(|c| {
                data.counties
                    .iter()
                    .position(|x| &x.code == c)
                    .map(|i| i as u16)
            }),
            industry: f.industry.as_ref().map(|c| {
                catalogue
                    .industries
                    .iter()
                    .position(|x| &x.code == c)
                    .map(|i| i as u16)
            }),
            official: f
                .official
                .as_ref()
                .map(|o| data.officials.iter().position(|x| x == o).map(|i| i as u32)),
            flag: f.flag,
            needle: f.search.trim().to_lowercase(),
        }
    }

    fn keeps(&self, data: &ReturnsData, lines: &[EnterpriseReturn], i: u32) -> bool {
        let (e, facts) = (&lines[i as usize], &data.facts[i as usize]);
        let same = |want: Option<Option<u32>>, have: Option<u32>| {
            want.is_none_or(|w| w.is_some() && w == have)
        };
        self.status.is_none_or(|s| e.status == s)
            && same(
                self.county.map(|c| c.map(u32::from)),
                facts.county.map(u32::from),
            )
            && same(
                self.industry.map(|c| c.map(u32::from)),
                facts.industry.map(u32::from),
            )
            && same(self.official, facts.official)
            && self.flag.is_none_or(|f| e.flags.contains(&f))
            && (self.needle.is_empty() || facts.search.contains(&self.needle))
    }
}

/// A status's colour in the table: stopped red, declining amber, missing grey.
pub fn status_color(s: Status, dark: bool) -> Option<Color32> {
    match s {
        Status::Stopped => Some(Color32::from_rgb(0xC0, 0x1C, 0x1C)),
        Status::Declining => Some(if dark {
            Color32::from_rgb(0xF0, 0xA0, 0x30)
        } else {
            Color32::from_rgb(0xA0, 0x60, 0x00)
        }),
        Status::Missing => Some(Color32::GRAY),
        _ => None,
    }
}

/// A value as the table prints it: one decimal, empty when absent.
fn cell_number(v: Option<f64>) -> String {
    v.map(one_decimal).unwrap_or_default()
}

/// A line's cells, left to right.
fn cells(
    e: &EnterpriseReturn,
    data: &ReturnsData,
    i: usize,
    catalogue: &Catalogue,
    lang: Lang,
) -> [String; 10] {
    let facts = &data.facts[i];
    [
        e.name.clone(),
        facts
            .county
            .and_then(|c| data.counties.get(usize::from(c)))
            .map(|c| c.name(lang).to_string())
            .unwrap_or_default(),
        facts
            .industry
            .and_then(|c| catalogue.industries.get(usize::from(c)))
            .map(|c| c.name(lang).to_string())
            .unwrap_or_default(),
        e.official.clone(),
        cell_number(e.current),
        cell_number(e.previous),
        cell_number(e.growth_pct),
        e.pull_pp.map(|p| format!("{p:.2}")).unwrap_or_default(),
        cell_number(e.contribution_pct),
        e.status.label(lang).to_string(),
    ]
}

/// What a click in the table asked for.
#[derive(Debug, Default)]
pub struct TableClick {
    /// The enterprise clicked (its credit code).
    pub enterprise: Option<String>,
    /// The header clicked.
    pub header: Option<ReturnColumn>,
}

/// The virtualised table of the lines shown.
pub fn table_ui(
    ui: &mut Ui,
    data: &ReturnsData,
    rows: &[u32],
    (sort, selected): (Option<ReturnSort>, Option<&str>),
    catalogue: &Catalogue,
    lang: Lang,
) -> TableClick {
    let Some(stats) = &data.stats else {
        return TableClick::default();
    };
    let lines = &stats.enterprises;
    let dark = ui.visuals().dark_mode;
    let mut click = TableClick::default();
    let height = (ui.available_height() - 28.0).max(160.0);
    TableBuilder::new(ui)
        .id_salt("returns-table")
        .striped(true)
        .sense(egui::Sense::click())
        .max_scroll_height(height)
        .min_scrolled_height(height)
        .column(Column::initial(150.0).clip(true))
        .column(Column::initial(56.0).clip(true))
        .column(Column::initial(80.0).clip(true))
        .column(Column::initial(56.0).clip(true))
        .columns(Column::initial(66.0).clip(true), 5)
        .column(Column::remainder().at_least(40.0).clip(true))
        .header(20.0, |mut h| {
            for c in ReturnColumn::ALL {
                h.col(|ui| {
                    let ascending = sort.filter(|s| s.column == c).map(|s| !s.descending);
                    if sort_header(ui, c.title(lang), ascending, lang) {
                        click.header = Some(c);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let i = rows[row.index()] as usize;
                let e = &lines[i];
                row.set_selected(selected == Some(e.code.as_str()));
                let color = status_color(e.status, dark);
                for (k, text) in cells(e, data, i, catalogue, lang).into_iter().enumerate() {
                    row.col(|ui| {
                        let mut t = RichText::new(text);
                        if k == 9
                            && let Some(c) = color
                        {
                            t = t.color(c);
                        }
                        let label = egui::Label::new(t).selectable(false).truncate();
                        if (4..9).contains(&k) {
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| ui.add(label),
                            );
                        } else {
                            ui.add(label);
                        }
                    });
                }
                if row.response().clicked() {
                    click.enterprise = Some(e.code.clone());
                }
            });
        });
    click
}
