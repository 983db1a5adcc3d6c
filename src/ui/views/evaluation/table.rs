//! The scorecard table: one line per official, sortable by any column (— sorts last either
//! way), each component's value over a small bar of its score on the 60–100 scale.

use std::cmp::Ordering;

use egui::{Color32, RichText, Sense, Ui, vec2};
use egui_extras::{Column, TableBuilder};

use crate::analysis::evaluation::{FLOOR, OfficialScore, SPAN, Scorecard};
use crate::briefing::format::{one_decimal, signed};
use crate::model::{Component, Lang};
use crate::ui::widgets::sort_header;

/// A column of the scorecard table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvalColumn {
    /// Competition rank.
    Rank,
    /// The official's name.
    Official,
    /// Enterprises paired.
    Enterprises,
    /// Output growth of their enterprises, % (a component).
    OutputGrowth,
    /// Output growth minus the city's, points.
    VsCity,
    /// Investment growth of their projects, % (a component).
    InvestmentGrowth,
    /// Completed investment against the year's plan, %.
    PlanCompletion,
    /// Requests raised this year.
    Requests,
    /// Requests resolved, % (a component).
    Resolved,
    /// Requests overdue (a component, fewer is better).
    Overdue,
    /// Rated requests satisfied, % (a component).
    Satisfied,
    /// The composite score.
    Composite,
}

impl EvalColumn {
    /// Every column, left to right.
    pub const ALL: [EvalColumn; 12] = [
        EvalColumn::Rank,
        EvalColumn::Official,
        EvalColumn::Enterprises,
        EvalColumn::OutputGrowth,
        EvalColumn::VsCity,
        EvalColumn::InvestmentGrowth,
        EvalColumn::PlanCompletion,
        EvalColumn::Requests,
        EvalColumn::Resolved,
        EvalColumn::Overdue,
        EvalColumn::Satisfied,
        EvalColumn::Composite,
    ];

    /// The header title.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            EvalColumn::Rank => lang.pick("排名", "Rank"),
            EvalColumn::Official => lang.pick("包联领导", "Official"),
            EvalColumn::Enterprises => lang.pick("企业数", "Firms"),
            EvalColumn::OutputGrowth => lang.pick("产值增速%", "Output %"),
            EvalColumn::VsCity => lang.pick("较全市(点)", "vs city (pp)"),
            EvalColumn::InvestmentGrowth => lang.pick("投资增速%", "Investment %"),
            EvalColumn::PlanCompletion => lang.pick("计划完成%", "Plan done %"),
            EvalColumn::Requests => lang.pick("诉求数", "Requests"),
            EvalColumn::Resolved => lang.pick("办结率%", "Resolved %"),
            EvalColumn::Overdue => lang.pick("超期诉求", "Overdue"),
            EvalColumn::Satisfied => lang.pick("满意率%", "Satisfied %"),
            EvalColumn::Composite => lang.pick("综合得分", "Composite"),
        }
    }

    /// The scorecard component the column shows, if it is one.
    pub fn component(self) -> Option<Component> {
        match self {
            EvalColumn::OutputGrowth => Some(Component::OutputGrowth),
            EvalColumn::InvestmentGrowth => Some(Component::InvestmentGrowth),
            EvalColumn::Resolved => Some(Component::Resolved),
            EvalColumn::Overdue => Some(Component::Overdue),
            EvalColumn::Satisfied => Some(Component::Satisfaction),
            _ => None,
        }
    }

    /// The line's number in this column (None: no data, or the name column).
    pub fn number(self, o: &OfficialScore) -> Option<f64> {
        match self {
            EvalColumn::Rank => o.rank.map(|r| r as f64),
            EvalColumn::Official => None,
            EvalColumn::Enterprises => Some(o.enterprises as f64),
            EvalColumn::VsCity => o.vs_city_pp,
            EvalColumn::PlanCompletion => o.plan_completion_pct,
            EvalColumn::Requests => Some(o.requests as f64),
            // Without any request there is nothing to be late with: not scored, shown — as
            // in the CLI and the briefing.
            EvalColumn::Overdue => o.value(Component::Overdue),
            EvalColumn::Composite => o.score,
            c => c.component().and_then(|k| o.value(k)),
        }
    }

    /// The cell's text: one decimal for percentages and points, whole counts, — for none.
    pub fn text(self, o: &OfficialScore) -> String {
        match self {
            EvalColumn::Official => o.name.clone(),
            EvalColumn::Rank | EvalColumn::Enterprises | EvalColumn::Requests => self
                .number(o)
                .map_or("—".to_string(), |n| format!("{n:.0}")),
            EvalColumn::Overdue => self
                .number(o)
                .map_or("—".to_string(), |n| format!("{n:.0}")),
            // Rounded as the CLI and the briefing round (half away from zero).
            EvalColumn::VsCity => o.vs_city_pp.map_or("—".to_string(), signed),
            _ => self.number(o).map_or("—".to_string(), one_decimal),
        }
    }
}

/// How the table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalSort {
    /// The column.
    pub column: EvalColumn,
    /// Largest (or last) first.
    pub descending: bool,
}

impl EvalSort {
    /// The sort after a click on `column`'s header: figures start largest first, the rank,
    /// the name and the overdue count (fewer is better) smallest first; the current column
    /// is reversed.
    pub fn after_click(current: Option<EvalSort>, column: EvalColumn) -> EvalSort {
        match current {
            Some(s) if s.column == column => EvalSort {
                column,
                descending: !s.descending,
            },
            _ => EvalSort {
                column,
                descending: !matches!(
                    column,
                    EvalColumn::Rank | EvalColumn::Official | EvalColumn::Overdue
                ),
            },
        }
    }
}

/// The officials' positions in the scorecard in the order shown: the scorecard's (rank)
/// without a sort; a missing figure (—) last whichever way a column is sorted.
pub fn order(card: &Scorecard, sort: Option<EvalSort>) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..card.officials.len()).collect();
    let Some(sort) = sort else {
        return rows;
    };
    let flip = |o: Ordering| if sort.descending { o.reverse() } else { o };
    rows.sort_by(|&a, &b| {
        let (x, y) = (&card.officials[a], &card.officials[b]);
        if sort.column == EvalColumn::Official {
            return flip(x.name.cmp(&y.name));
        }
        match (sort.column.number(x), sort.column.number(y)) {
            (Some(p), Some(q)) => flip(p.total_cmp(&q)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    });
    rows
}

/// The bar colour of a score: green from 90, amber from 75, red below.
fn score_color(score: f64, dark: bool) -> Color32 {
    match (score >= 90.0, score >= 75.0, dark) {
        (true, _, false) => Color32::from_rgb(0x2E, 0x8B, 0x57),
        (true, _, true) => Color32::from_rgb(0x5C, 0xC0, 0x84),
        (false, true, false) => Color32::from_rgb(0xC9, 0x8A, 0x00),
        (false, true, true) => Color32::from_rgb(0xE8, 0xB0, 0x40),
        (false, false, _) => Color32::from_rgb(0xC8, 0x3C, 0x3C),
    }
}

/// A score as a small horizontal bar on the 60–100 scale followed by its value; — when the
/// official has no data for it.
pub fn score_bar(ui: &mut Ui, score: Option<f64>, lang: Lang) {
    let Some(s) = score else {
        ui.label(RichText::new("—").small().weak());
        return;
    };
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let (rect, response) = ui.allocate_exact_size(vec2(44.0, 8.0), Sense::hover());
        let dark = ui.visuals().dark_mode;
        let painter = ui.painter();
        painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
        painter.rect_stroke(
            rect,
            2.0,
            egui::Stroke::new(0.5, ui.visuals().weak_text_color()),
            egui::StrokeKind::Inside,
        );
        // The floor (60) draws a sliver, not nothing: 60 is a score, — is not.
        let share = ((s - FLOOR) / SPAN).clamp(0.0, 1.0) as f32;
        let mut bar = rect;
        bar.set_width((rect.width() * share).max(2.0));
        painter.rect_filled(bar, 2.0, score_color(s, dark));
        response.on_hover_text(match lang {
            Lang::Zh => format!("得分{}（60—100分）", one_decimal(s)),
            Lang::En => format!("score {} (of 60–100)", one_decimal(s)),
        });
        ui.add(egui::Label::new(RichText::new(one_decimal(s)).small()).selectable(false));
    });
}

/// What a click in the table asked for.
#[derive(Debug, Default)]
pub struct TableClick {
    /// The official clicked.
    pub official: Option<String>,
    /// The header clicked.
    pub header: Option<EvalColumn>,
}

/// Draws one cell of an official's line.
fn cell_ui(ui: &mut Ui, o: &OfficialScore, c: EvalColumn, lang: Lang) {
    let text = c.text(o);
    match c {
        EvalColumn::Official => {
            ui.add(egui::Label::new(RichText::new(text).strong()).selectable(false));
        }
        // The composite is a score itself: its bar carries the number.
        EvalColumn::Composite => score_bar(ui, o.score, lang),
        c => match c.component() {
            Some(k) => {
                ui.vertical(|ui| {
                    ui.add(egui::Label::new(text).selectable(false));
                    score_bar(ui, o.component_score(k), lang);
                });
            }
            None => {
                ui.add(egui::Label::new(text).selectable(false));
            }
        },
    }
}

/// The table of the officials in `rows` order; `selected` is highlighted.
pub fn table_ui(
    ui: &mut Ui,
    card: &Scorecard,
    rows: &[usize],
    (sort, selected): (Option<EvalSort>, Option<&str>),
    height: f32,
    lang: Lang,
) -> TableClick {
    let mut click = TableClick::default();
    TableBuilder::new(ui)
        .id_salt("evaluation-table")
        .striped(true)
        .sense(Sense::click())
        .max_scroll_height(height)
        .column(Column::exact(44.0))
        .column(Column::initial(190.0).clip(true))
        .column(Column::exact(56.0))
        .column(Column::exact(96.0))
        .column(Column::exact(74.0))
        .column(Column::exact(96.0))
        .column(Column::exact(74.0))
        .column(Column::exact(56.0))
        .columns(Column::exact(96.0), 3)
        .column(Column::remainder().at_least(96.0))
        .header(22.0, |mut h| {
            for c in EvalColumn::ALL {
                h.col(|ui| {
                    let ascending = sort.filter(|s| s.column == c).map(|s| !s.descending);
                    if sort_header(ui, c.title(lang), ascending, lang) {
                        click.header = Some(c);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(36.0, rows.len(), |mut row| {
                let o = &card.officials[rows[row.index()]];
                row.set_selected(selected == Some(o.name.as_str()));
                for c in EvalColumn::ALL {
                    row.col(|ui| cell_ui(ui, o, c, lang));
                }
                if row.response().clicked() {
                    click.official = Some(o.name.clone());
                }
            });
        });
    click
}
