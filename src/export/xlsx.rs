//! The briefing as an Excel workbook (rust_xlsxwriter): one sheet per table, named after the
//! table's title (Chinese, at most 31 characters, without `[]:*?/\`), with a title row, a
//! formatted header, numbers stored as numbers with the decimals the briefing prints
//! ("0.0" for rates), and column widths set by hand (about two units per Han character,
//! because `autofit()` counts CJK characters as narrow). A "图表" sheet holds native Excel
//! charts (growth as lines, the ranking as bars with the home region highlighted and rank 1
//! on top and the province's rate named on the value axis, shares as a doughnut and stacked
//! columns, pulls as a waterfall of stacked columns over an invisible base) fed from the
//! "图表数据" sheet, so an analyst can restyle them in Excel.
//!
//! Formula injection: a text cell is never written as a formula (only `write_string`), and
//! text that a user's later edit could turn into one (starting with = + - @, tab or CR) is
//! written with Excel's quote-prefix attribute: the cell shows the text exactly as it is,
//! and Excel treats it as if it had been typed with a leading apostrophe, so editing and
//! confirming the cell keeps it text. Nothing is added to the text itself.

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition,
    ChartLine, ChartMarker, ChartMarkerType, ChartPoint, ChartSolidFill, ChartType, Color,
    DocProperties, ExcelDateTime, Format as XFormat, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use super::text::{FontMetrics, break_balanced};
use super::{ExportError, Format, is_formula_like};
use crate::briefing::chart::{Chart as BChart, ChartKind};
use crate::briefing::format::one_decimal;
use crate::briefing::palette::{self, Rgb};
use crate::briefing::{Briefing, Cell, Table};
use crate::model::Lang;

/// Characters Excel forbids in sheet names.
const FORBIDDEN: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];

fn xerr(part: impl Into<String>) -> impl FnOnce(XlsxError) -> ExportError {
    let part = part.into();
    move |e| ExportError::build(Format::Xlsx, part, e)
}

fn color(c: Rgb) -> Color {
    Color::RGB((u32::from(c.0) << 16) | (u32::from(c.1) << 8) | u32::from(c.2))
}

/// A valid, unique sheet name from `title`: forbidden characters dropped, at most 31
/// characters, no apostrophe at either end, not "History", not a duplicate (Excel compares
/// names case-insensitively).
pub fn sheet_name(title: &str, taken: &[String]) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| !FORBIDDEN.contains(c) && !c.is_control())
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim().to_string();
    let base = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        "Sheet".to_string()
    } else {
        cleaned
    };
    let clash = |name: &str| {
        taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("({n})")
        };
        let keep = 31 - suffix.chars().count();
        let head: String = base.chars().take(keep).collect();
        let name = format!("{}{suffix}", head.trim_end_matches('\''));
        if !clash(&name) {
            return name;
        }
        n += 1;
    }
}

/// The display width of text in Excel column units: 2 for a wide (CJK) character, 1 else.
pub fn display_width(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
                || c == '—'
            {
                2.0
            } else {
                1.0
            }
        })
        .sum()
}

struct Formats {
    title: XFormat,
    header: XFormat,
    text: XFormat,
    text_first: XFormat,
    text_quoted: XFormat,
    number: [XFormat; 3],
    /// Numbers resting on illustrative figures: the same, shown with a trailing "*"
    /// (still numbers to Excel).
    marked: [XFormat; 3],
    empty: XFormat,
    note: XFormat,
}

impl Formats {
    fn new() -> Self {
        let cell = XFormat::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: XFormat::new().set_bold().set_font_size(14),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xEEEEEE)),
            text: cell.clone().set_align(FormatAlign::Center),
            text_first: cell.clone().set_align(FormatAlign::Left),
            text_quoted: cell.clone().set_quote_prefix(),
            number: [
                cell.clone().set_num_format("#,##0"),
                cell.clone().set_num_format("#,##0.0"),
                cell.clone().set_num_format("#,##0.00"),
            ],
            marked: [
                cell.clone().set_num_format(r#"#,##0"*""#),
                cell.clone().set_num_format(r#"#,##0.0"*""#),
                cell.clone().set_num_format(r#"#,##0.00"*""#),
            ],
            empty: cell.set_align(FormatAlign::Center),
            note: XFormat::new().set_font_color(Color::RGB(0x555555)),
        }
    }

    fn number(&self, decimals: u8) -> &XFormat {
        &self.number[usize::from(decimals.min(2))]
    }

    fn marked(&self, decimals: u8) -> &XFormat {
        &self.marked[usize::from(decimals.min(2))]
    }
}

/// Writes text, neutralising formula-like text with the quote prefix.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &XFormat,
    quoted: &XFormat,
) -> Result<(), XlsxError> {
    let f = if is_formula_like(text) {
        quoted
    } else {
        format
    };
    ws.write_string_with_format(row, col, text, f)?;
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Number {
            value,
            decimals,
            illustrative,
        } if value.is_finite() => {
            let format = if *illustrative {
                f.marked(*decimals)
            } else {
                f.number(*decimals)
            };
            ws.write_number_with_format(row, col, *value, format)?;
        }
        Cell::Number { .. } | Cell::Empty => {
            ws.write_blank(row, col, &f.empty)?;
        }
        Cell::Text(s) => {
            let format = if col == 0 { &f.text_first } else { &f.text };
            write_text(ws, row, col, s, format, &f.text_quoted)?;
        }
    }
    Ok(())
}

fn table_sheet(
    ws: &mut Worksheet,
    t: &Table,
    note: Option<&str>,
    f: &Formats,
    m: Option<&FontMetrics>,
) -> Result<(), XlsxError> {
    let ncol = t.columns.len().max(1) as u16;
    write_text(
        ws,
        0,
        0,
        &t.title,
        &f.title,
        &f.title.clone().set_quote_prefix(),
    )?;
    ws.set_row_height(0, 24)?;
    // A table's note (a scorecard's period and weights) sits between the title and the
    // header, so the header row moves down one.
    let head_row: u32 = if t.note.is_some() { 2 } else { 1 };
    if let Some(note) = &t.note {
        write_text(ws, 1, 0, note, &f.note, &f.text_quoted)?;
    }
    // Column widths: the widest body cell, the header up to 14 units (it wraps), plus margin.
    let mut header_lines = 1usize;
    for (c, name) in t.columns.iter().enumerate() {
        let body = t
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|cell| display_width(&cell.display()))
            .fold(0.0f64, f64::max);
        let head = display_width(name);
        let width = (body.max(head.min(14.0)) + 2.5).clamp(6.0, 60.0);
        ws.set_column_width(c as u16, width)?;
        // A wrapped header breaks where the PDF breaks it ("与全省差距" / "（个百分点）"):
        // one column unit is about 5.25 pt of 11 pt text.
        let text = match m {
            Some(m) => {
                let lines = break_balanced(m, name, 11.0, ((width - 1.5) * 5.25) as f32);
                header_lines = header_lines.max(lines.len());
                lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            None => name.clone(),
        };
        write_text(
            ws,
            head_row,
            c as u16,
            &text,
            &f.header,
            &f.header.clone().set_quote_prefix(),
        )?;
    }
    ws.set_row_height(head_row, 15.0 * header_lines as f64 + 4.0)?;
    for (r, row) in t.rows.iter().enumerate() {
        for c in 0..ncol {
            let cell = row.get(usize::from(c)).unwrap_or(&Cell::Empty);
            write_cell(ws, r as u32 + head_row + 1, c, cell, f)?;
        }
    }
    // The * of illustrative figures is explained under the table that shows one.
    let marked = t.rows.iter().flatten().any(|c| {
        matches!(
            c,
            Cell::Number {
                illustrative: true,
                ..
            }
        )
    });
    if let (true, Some(note)) = (marked, note) {
        write_text(
            ws,
            t.rows.len() as u32 + head_row + 2,
            0,
            note,
            &f.note,
            &f.text_quoted,
        )?;
    }
    ws.set_freeze_panes(head_row + 1, 0)?;
    // Printed on A4, a table fits the page width.
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Where one chart's data sits on the data sheet.
struct ChartData {
    /// First and last data rows.
    first: u32,
    last: u32,
    /// Columns of the series (1 + index).
    series: usize,
    /// The pulls' floating columns: base, up and down columns from this column on, over
    /// the rows `first..=last + 1` (the total's row).
    waterfall: Option<u16>,
}

/// One row of a waterfall drawn as stacked columns: an invisible base, then the rise or the
/// fall. Values are signed as Excel stacks them (below zero, downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Step {
    base: f64,
    up: Option<f64>,
    down: Option<f64>,
}

/// The stacked-column form of a waterfall (steps, then the total from zero), or None when a
/// column would cross zero: Excel stacks positive and negative values apart, so such a
/// column cannot be drawn this way.
fn waterfall_steps(values: &[Option<f64>], total: Option<f64>) -> Option<Vec<Step>> {
    let mut run = 0.0f64;
    let mut steps = Vec::new();
    for v in values {
        // A missing (or non-finite) pull is a flat step, never a poisoned running total.
        let v = v.filter(|x| x.is_finite()).unwrap_or(0.0);
        let (from, to) = (run, run + v);
        run = to;
        let step = if from >= 0.0 && to >= 0.0 {
            Step {
                base: from.min(to),
                up: (v >= 0.0).then_some(v),
                down: (v < 0.0).then_some(-v),
            }
        } else if from <= 0.0 && to <= 0.0 {
            Step {
                base: from.max(to),
                up: (v >= 0.0).then_some(-v),
                down: (v < 0.0).then_some(v),
            }
        } else {
            return None;
        };
        steps.push(step);
    }
    if let Some(t) = total.filter(|t| t.is_finite()) {
        steps.push(Step {
            base: 0.0,
            up: (t >= 0.0).then_some(t),
            down: (t < 0.0).then_some(t),
        });
    }
    Some(steps)
}

fn chart_data_block(
    ws: &mut Worksheet,
    c: &BChart,
    row: u32,
    f: &Formats,
    lang_zh: bool,
) -> Result<(ChartData, u32), XlsxError> {
    write_text(ws, row, 0, &c.title, &f.title, &f.text_quoted)?;
    let lang = if lang_zh { Lang::Zh } else { Lang::En };
    let cat_header = c.category_header(lang);
    write_text(ws, row + 1, 0, cat_header, &f.header, &f.text_quoted)?;
    for (i, s) in c.series.iter().enumerate() {
        write_text(
            ws,
            row + 1,
            i as u16 + 1,
            &s.name,
            &f.header,
            &f.text_quoted,
        )?;
    }
    let first = row + 2;
    for (k, cat) in c.categories.iter().enumerate() {
        let r = first + k as u32;
        write_text(ws, r, 0, cat, &f.text_first, &f.text_quoted)?;
        for (i, s) in c.series.iter().enumerate() {
            let col = i as u16 + 1;
            match s.values.get(k).copied().flatten() {
                Some(v) if v.is_finite() => {
                    ws.write_number_with_format(r, col, v, f.number(1))?;
                }
                // Blank, not zero: Excel draws a gap, as the window does.
                _ => {
                    ws.write_blank(r, col, &f.empty)?;
                }
            }
        }
    }
    let last = first + c.categories.len().max(1) as u32 - 1;
    let steps = match (c.kind, c.series.first(), c.references.len()) {
        (ChartKind::Waterfall, Some(s), 0 | 1) if !c.categories.is_empty() => {
            waterfall_steps(&s.values, c.references.first().map(|r| r.value))
        }
        _ => None,
    };
    let waterfall = steps.as_ref().map(|_| c.series.len() as u16 + 1);
    if let (Some(steps), Some(col)) = (&steps, waterfall) {
        let headers = if lang_zh {
            ["基底（作图用）", "增加", "减少"]
        } else {
            ["base (for the chart)", "rise", "fall"]
        };
        for (i, h) in headers.iter().enumerate() {
            write_text(ws, row + 1, col + i as u16, h, &f.header, &f.text_quoted)?;
        }
        for (k, step) in steps.iter().enumerate() {
            let r = first + k as u32;
            let cells = [Some(step.base), step.up, step.down];
            for (i, v) in cells.iter().enumerate() {
                let col = col + i as u16;
                match v {
                    Some(v) => ws.write_number_with_format(r, col, *v, f.number(1))?,
                    None => ws.write_blank(r, col, &f.empty)?,
                };
            }
        }
    }
    let mut next = last + 1;
    for r in &c.references {
        write_text(ws, next, 0, &r.label, &f.note, &f.text_quoted)?;
        ws.write_number_with_format(
            next,
            1,
            r.value,
            &f.number(1).clone().set_border(FormatBorder::None),
        )?;
        next += 1;
    }
    Ok((
        ChartData {
            first,
            last,
            series: c.series.len(),
            waterfall,
        },
        next + 2,
    ))
}

/// Pulls as floating columns (rises and falls from the running total, then the total from
/// zero), like the window and the PDF: stacked columns over an invisible base.
fn waterfall_chart(c: &BChart, data: &ChartData, col: u16, sheet: &str) -> Chart {
    let mut chart = Chart::new(ChartType::ColumnStacked);
    chart
        .title()
        .set_name(&c.title)
        .set_font(ChartFont::new().set_size(12).set_bold());
    // The total's row follows the categories.
    let last = data.last + u32::from(!c.references.is_empty());
    let total_color = c.references.first().map(|r| r.color);
    let categories = (sheet, data.first, 0, last, 0);
    chart
        .add_series()
        .set_name((sheet, data.first - 1, col))
        .set_categories(categories)
        .set_values((sheet, data.first, col, last, col))
        .set_format(ChartFormat::new().set_no_fill().set_no_border());
    // Labels show the pull with its sign whatever the direction the column is stacked in.
    for (offset, rgb, label_format) in [
        (1u16, palette::UP, "0.0;0.0"),
        (2u16, palette::DOWN, "-0.0;-0.0"),
    ] {
        let points: Vec<ChartPoint> = (0..=(last - data.first))
            .map(|k| {
                let is_total = k == last - data.first && total_color.is_some();
                let rgb = if is_total {
                    total_color.unwrap_or(rgb)
                } else {
                    rgb
                };
                ChartPoint::new().set_format(
                    ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color(rgb))),
                )
            })
            .collect();
        chart
            .add_series()
            .set_name((sheet, data.first - 1, col + offset))
            .set_categories(categories)
            .set_values((sheet, data.first, col + offset, last, col + offset))
            .set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color(rgb))),
            )
            .set_points(&points)
            .set_gap(60)
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format(label_format),
            );
    }
    chart.legend().set_hidden();
    chart.y_axis().set_num_format("0.0");
    chart.set_width(760).set_height(400);
    chart
}

fn native_chart(c: &BChart, data: &ChartData, sheet: &str) -> Chart {
    if let (ChartKind::Waterfall, Some(col)) = (c.kind, data.waterfall) {
        return waterfall_chart(c, data, col, sheet);
    }
    let kind = match c.kind {
        ChartKind::Line => ChartType::Line,
        ChartKind::HorizontalBars => ChartType::Bar,
        ChartKind::Donut => ChartType::Doughnut,
        ChartKind::Waterfall => ChartType::Column,
        ChartKind::StackedBars => ChartType::ColumnStacked,
    };
    let mut chart = Chart::new(kind);
    chart
        .title()
        .set_name(&c.title)
        .set_font(ChartFont::new().set_size(12).set_bold());
    for (i, s) in c.series.iter().enumerate().take(data.series) {
        let col = i as u16 + 1;
        let series = chart
            .add_series()
            .set_name(&s.name)
            .set_categories((sheet, data.first, 0, data.last, 0))
            .set_values((sheet, data.first, col, data.last, col));
        match c.kind {
            ChartKind::Line => {
                series
                    .set_format(
                        ChartFormat::new().set_line(
                            ChartLine::new()
                                .set_color(color(s.color))
                                .set_width(if s.emphasis { 2.75 } else { 1.75 }),
                        ),
                    )
                    .set_marker(
                        ChartMarker::new()
                            .set_type(ChartMarkerType::Circle)
                            .set_size(if s.emphasis { 6 } else { 5 })
                            .set_format(
                                ChartFormat::new()
                                    .set_solid_fill(ChartSolidFill::new().set_color(color(s.color)))
                                    .set_line(ChartLine::new().set_color(color(s.color))),
                            ),
                    );
                if s.emphasis {
                    series.set_data_label(ChartDataLabel::new().show_value().set_num_format("0.0"));
                }
            }
            _ => {
                let points: Vec<ChartPoint> = (0..c.categories.len())
                    .map(|k| {
                        let rgb = s.color_at(k);
                        ChartPoint::new().set_format(
                            ChartFormat::new()
                                .set_solid_fill(ChartSolidFill::new().set_color(color(rgb))),
                        )
                    })
                    .collect();
                series
                    .set_points(&points)
                    .set_data_label(ChartDataLabel::new().show_value().set_num_format("0.0"));
                if c.kind == ChartKind::Donut {
                    series.set_data_label(
                        ChartDataLabel::new()
                            .show_value()
                            .set_num_format("0.0\"%\""),
                    );
                }
            }
        }
    }
    match c.kind {
        ChartKind::Line => {
            chart.legend().set_position(ChartLegendPosition::Top);
            if c.inverted {
                chart.y_axis().set_reverse();
            }
            chart.y_axis().set_num_format("0");
        }
        ChartKind::HorizontalBars => {
            // Rank 1 on top, like the window and the PDF, with the value axis kept at the
            // bottom (it crosses at the last category once the categories are reversed).
            chart
                .y_axis()
                .set_reverse()
                .set_crossing(ChartAxisCrossing::Max);
            chart.legend().set_hidden();
            // Excel has no vertical reference line on a bar chart; the province's rate is
            // named under the value axis instead.
            let refs: Vec<String> = c
                .references
                .iter()
                .map(|r| format!("{} {}{}", r.label, one_decimal(r.value), c.unit))
                .collect();
            if !refs.is_empty() {
                chart.x_axis().set_name(&refs.join("  "));
            }
        }
        ChartKind::Donut => {
            chart.legend().set_position(ChartLegendPosition::Right);
            chart.set_hole_size(55);
        }
        ChartKind::Waterfall => {
            chart.legend().set_hidden();
        }
        ChartKind::StackedBars => {
            chart.legend().set_position(ChartLegendPosition::Right);
            chart.y_axis().set_num_format("0").set_max(100.0);
        }
    }
    chart.set_width(760).set_height(match c.kind {
        ChartKind::HorizontalBars => (110 + 26 * c.categories.len()).clamp(300, 720) as u32,
        _ => 400,
    });
    chart
}

/// Renders the briefing as XLSX bytes.
pub fn render(b: &Briefing) -> Result<Vec<u8>, ExportError> {
    let zh = b.lang == crate::model::Lang::Zh;
    let f = Formats::new();
    // Without the font's metrics, headers are simply left for Excel to wrap.
    let m = super::text::metrics().ok();
    let mut wb = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(&b.title)
        .set_author("Industry Monitor (工业运行监测)");
    if let Ok(d) = ExcelDateTime::from_ymd(
        u16::try_from(b.date.year()).unwrap_or(2000),
        u8::try_from(b.date.month()).unwrap_or(1),
        u8::try_from(b.date.day()).unwrap_or(1),
    ) {
        props = props.set_creation_datetime(&d);
    }
    wb.set_properties(&props);
    let mut taken: Vec<String> = Vec::new();
    for t in &b.tables {
        // Every enterprise's return: a short, fixed name an analyst can refer to.
        let title = if t.id == crate::briefing::returns::ENTERPRISES_TABLE {
            b.lang.pick("重点企业", "Key enterprises")
        } else if t.id == crate::briefing::evaluation::EVALUATION_TABLE {
            // The scorecard: its period and weights are in the sheet's note row.
            b.lang.pick("包联考核", "Officials' scorecard")
        } else {
            t.title.as_str()
        };
        let name = sheet_name(title, &taken);
        let ws = wb.add_worksheet();
        ws.set_name(&name)
            .map_err(xerr(format!("sheet “{name}”")))?;
        table_sheet(ws, t, b.illustrative_note.as_deref(), &f, m)
            .map_err(xerr(format!("table “{}”", t.title)))?;
        taken.push(name);
    }
    if !b.charts.is_empty() {
        let charts_name = sheet_name(b.lang.pick("图表", "Charts"), &taken);
        taken.push(charts_name.clone());
        let data_name = sheet_name(b.lang.pick("图表数据", "Chart data"), &taken);
        taken.push(data_name.clone());
        // The charts sheet comes before its data: it is what a reader opens first.
        let charts_index = wb.worksheets().len();
        wb.add_worksheet()
            .set_name(&charts_name)
            .map_err(xerr("charts sheet"))?;
        let mut placed: Vec<(Chart, u32)> = Vec::new();
        let data = wb.add_worksheet();
        data.set_name(&data_name)
            .map_err(xerr("chart data sheet"))?;
        data.set_column_width(0, 24)
            .map_err(xerr("chart data sheet"))?;
        for col in 1..=4u16 {
            data.set_column_width(col, 12)
                .map_err(xerr("chart data sheet"))?;
        }
        let mut row = 0u32;
        let mut at = 1u32;
        for c in &b.charts {
            let (block, next) = chart_data_block(data, c, row, &f, zh)
                .map_err(xerr(format!("data of chart “{}”", c.title)))?;
            row = next;
            placed.push((native_chart(c, &block, &data_name), at));
            at += chart_height_rows(c) + 2;
        }
        let sheet = wb
            .worksheet_from_index(charts_index)
            .map_err(xerr("charts sheet"))?;
        for (chart, row) in &placed {
            sheet
                .insert_chart(*row, 1, chart)
                .map_err(xerr("charts sheet"))?;
        }
    }
    if b.tables.is_empty() && b.charts.is_empty() {
        let ws = wb.add_worksheet();
        write_text(ws, 0, 0, &b.title, &f.title, &f.text_quoted).map_err(xerr("title"))?;
    }
    wb.save_to_buffer().map_err(xerr("workbook"))
}

fn chart_height_rows(c: &BChart) -> u32 {
    let px = match c.kind {
        ChartKind::HorizontalBars => (110 + 26 * c.categories.len()).clamp(300, 720) as u32,
        _ => 400,
    };
    px.div_ceil(20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(base: f64, up: Option<f64>, down: Option<f64>) -> Step {
        Step { base, up, down }
    }

    #[test]
    fn waterfall_steps_float_on_the_running_total() {
        // 6.0 and 3.1 up, 0.3 down, total 8.8: the fall hangs from 9.1 down to 8.8.
        let steps =
            waterfall_steps(&[Some(6.0), Some(3.1), Some(-0.3)], Some(8.8)).expect("above zero");
        assert_eq!(steps.len(), 4);
        assert_eq!(steps[0], step(0.0, Some(6.0), None));
        assert_eq!(steps[1], step(6.0, Some(3.1), None));
        assert!((steps[2].base - 8.8).abs() < 1e-9 && steps[2].down == Some(0.3));
        assert_eq!(steps[3], step(0.0, Some(8.8), None));
    }

    #[test]
    fn waterfall_steps_below_zero_stack_downwards() {
        // A declining city: -1.0 then -0.5, then +0.3 back up; total -1.2.
        let steps =
            waterfall_steps(&[Some(-1.0), Some(-0.5), Some(0.3)], Some(-1.2)).expect("below zero");
        assert_eq!(steps[0], step(0.0, None, Some(-1.0)));
        assert_eq!(steps[1], step(-1.0, None, Some(-0.5)));
        // The rise from -1.5 to -1.2 is the column between them: base -1.2, 0.3 further down.
        assert!((steps[2].base + 1.2).abs() < 1e-9);
        assert!(steps[2].up.is_some_and(|u| (u + 0.3).abs() < 1e-9));
        assert_eq!(steps[3], step(0.0, None, Some(-1.2)));
        // A missing pull is a flat step, not a gap in the running total.
        let flat = waterfall_steps(&[Some(1.0), None], None).expect("flat");
        assert_eq!(flat[1], step(1.0, Some(0.0), None));
    }

    #[test]
    fn non_finite_pulls_are_flat_steps() {
        let steps = waterfall_steps(
            &[Some(2.0), Some(f64::NAN), Some(f64::INFINITY)],
            Some(f64::NAN),
        )
        .expect("steps");
        assert_eq!(steps.len(), 3, "no total row for a non-finite total");
        assert!(steps.iter().all(|s| s.base.is_finite()));
        assert_eq!(steps[2], step(2.0, Some(0.0), None));
    }

    #[test]
    fn a_column_across_zero_is_not_stacked() {
        assert_eq!(waterfall_steps(&[Some(1.0), Some(-2.0)], Some(-1.0)), None);
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "全省各市（地）规模以上工业增加值增速排名及与全省差距（2023年1—4月）";
        let a = sheet_name(long, &[]);
        assert!(a.chars().count() <= 31, "{a}");
        assert!(a.starts_with("全省各市"));
        let b = sheet_name(long, std::slice::from_ref(&a));
        assert_ne!(a, b);
        assert!(b.chars().count() <= 31 && b.ends_with("(2)"), "{b}");
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g", &[]), "abcdefg");
        assert_eq!(sheet_name("'引号'", &[]), "引号");
        assert_eq!(sheet_name("History", &[]), "Sheet");
        assert_eq!(sheet_name("key", &["KEY".to_string()]), "key(2)");
    }

    #[test]
    fn han_characters_count_double() {
        assert_eq!(display_width("鸡西市"), 6.0);
        assert_eq!(display_width("19.2"), 4.0);
        assert_eq!(display_width("1—4月（%）"), 11.0);
    }
}
