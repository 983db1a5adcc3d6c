//! Small drawing pieces shared by the views: colours, sparklines and line charts drawn from
//! a [`Chart`] description with egui_plot.

use egui::{Color32, Pos2, Rect, Stroke, Ui};
use egui_plot::{
    AxisHints, GridMark, HoverPosition, Legend, Line, Plot, PlotPoints, Points, VLine,
};

use crate::briefing::chart::Chart;
use crate::briefing::format::one_decimal;
use crate::briefing::palette::Rgb;
use crate::model::{Lang, Period};

/// A small button that copies the chart's figures to the clipboard as a table.
pub fn copy_data_button(ui: &mut Ui, chart: &Chart, lang: Lang) {
    if ui
        .small_button(super::i18n::COPY_DATA.get(lang))
        .on_hover_text(super::i18n::COPY_DATA_HINT.get(lang))
        .clicked()
    {
        ui.ctx().copy_text(chart.to_tsv(lang));
    }
}

/// A chart's title with its copy button.
pub fn chart_title(ui: &mut Ui, chart: &Chart, lang: Lang) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(&chart.title).strong());
        if let Some(note) = &chart.note {
            illustrative_badge(ui, lang, note);
        }
        copy_data_button(ui, chart, lang);
    });
}

/// The small "示意数据" mark next to a title, with what it means on hover.
pub fn illustrative_badge(ui: &mut Ui, lang: Lang, hover: &str) {
    ui.label(
        egui::RichText::new(super::i18n::ILLUSTRATIVE.get(lang))
            .size(11.0)
            .color(Color32::from_rgb(0xA0, 0x70, 0x00)),
    )
    .on_hover_text(hover);
}

/// Grid marks on the whole positions of `n` categories only (0 … n − 1), never between.
fn category_grid(n: usize) -> impl Fn(egui_plot::GridInput) -> Vec<GridMark> {
    move |input| {
        let (lo, hi) = input.bounds;
        (lo.ceil().max(0.0) as i64..=hi.floor().min(n as f64 - 1.0) as i64)
            .map(|i| GridMark {
                value: i as f64,
                step_size: 1.0,
            })
            .collect()
    }
}

/// An egui colour from a palette colour.
pub fn color(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// A palette colour for the current theme: on a dark background dark blues and purples (the
/// province's blue) are lightened so they keep their contrast; the reds (the home region)
/// read well on both and stay exactly the same.
pub fn themed(c: Rgb, dark: bool) -> Color32 {
    let luminance = 0.2126 * f32::from(c.0) + 0.7152 * f32::from(c.1) + 0.0722 * f32::from(c.2);
    let bluish = c.2 >= c.0 && c.2 >= c.1;
    if !dark || luminance >= 120.0 || !bluish {
        return color(c);
    }
    let mix = |v: u8| (f32::from(v) + (255.0 - f32::from(v)) * 0.45).round() as u8;
    Color32::from_rgb(mix(c.0), mix(c.1), mix(c.2))
}

/// A sparkline of `values` in `rect`; gaps stay gaps; `mark` gets a dot.
pub fn sparkline(
    ui: &Ui,
    rect: Rect,
    values: &[Option<f64>],
    mark: Option<usize>,
    inverted: bool,
    stroke_color: Color32,
) {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (Some(lo), Some(hi)) = (
        known.iter().copied().reduce(f64::min),
        known.iter().copied().reduce(f64::max),
    ) else {
        return;
    };
    let span = if (hi - lo).abs() < 1e-9 { 1.0 } else { hi - lo };
    let n = values.len().max(2) - 1;
    let point = |i: usize, v: f64| {
        let x = rect.left() + rect.width() * i as f32 / n as f32;
        let mut t = ((v - lo) / span) as f32;
        if inverted {
            t = 1.0 - t;
        }
        Pos2::new(x, rect.bottom() - 3.0 - t * (rect.height() - 6.0))
    };
    let painter = ui.painter_at(rect);
    let mut run: Vec<Pos2> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push(point(i, *v)),
            None => {
                if run.len() > 1 {
                    painter.line(std::mem::take(&mut run), Stroke::new(2.0, stroke_color));
                }
                run.clear();
            }
        }
    }
    if run.len() > 1 {
        painter.line(run, Stroke::new(2.0, stroke_color));
    }
    if let Some(i) = mark
        && let Some(Some(v)) = values.get(i)
    {
        painter.circle_filled(point(i, *v), 3.5, stroke_color);
    }
}

/// What happened in a line chart this frame.
#[derive(Debug, Default)]
pub struct ChartResponse {
    /// A period the user clicked.
    pub clicked_period: Option<Period>,
    /// The category index under the pointer.
    pub hovered_index: Option<usize>,
    /// Plot-to-screen mapping of this frame (tests aim the pointer with it).
    pub transform: Option<egui_plot::PlotTransform>,
}

/// An axis label: a category that names its year ("2023年1—2月", "Jan–Feb 2023") gets the
/// year on a second line so it fits between its neighbours.
pub fn axis_label(category: &str) -> String {
    if let Some((year, rest)) = category.split_once('年') {
        return format!("{rest}\n{year}年");
    }
    match category.rsplit_once(' ') {
        Some((rest, year)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => {
            format!("{rest}\n{year}")
        }
        _ => category.to_string(),
    }
}

/// Text for hovering category `i`: every series' value, and gaps of the first series to
/// the others in percentage points.
pub fn hover_text(chart: &Chart, i: usize, pp: &str) -> String {
    let mut lines = vec![chart.categories.get(i).cloned().unwrap_or_default()];
    let first = chart
        .series
        .first()
        .and_then(|s| s.values.get(i).copied().flatten());
    for (k, s) in chart.series.iter().enumerate() {
        let Some(v) = s.values.get(i).copied().flatten() else {
            continue;
        };
        let mut line = format!(
            "{}: {}{}",
            s.name,
            one_decimal(v),
            if chart.unit == "%" { "%" } else { "" }
        );
        if k > 0
            && chart.unit == "%"
            && let Some(f) = first
        {
            line.push_str(&format!(
                "  ({} {:+.1} {pp})",
                chart.series[0].name,
                crate::analysis::round1(f - v)
            ));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// Draws a line chart (periods on x, integer positions) with legend toggles, hover text,
/// zoom/pan and click-to-select. `reset` restores the automatic bounds.
pub fn line_chart(
    ui: &mut Ui,
    id: &str,
    chart: &Chart,
    height: f32,
    reset: bool,
    pp: &str,
) -> ChartResponse {
    let dark = ui.visuals().dark_mode;
    let n = chart.categories.len();
    let mut plot = line_plot(id, chart, height, pp);
    if reset {
        plot = plot.reset();
    }
    let response = plot.show(ui, |plot_ui| {
        line_series(plot_ui, chart, dark);
        if chart.inverted {
            rank_streak_bands(plot_ui, chart, dark);
        }
        for &m in &chart.marked {
            plot_ui.add(
                VLine::new("", m as f64)
                    .color(Color32::from_gray(150))
                    .width(1.0),
            );
        }
        plot_ui.pointer_coordinate()
    });
    let mut out = ChartResponse {
        transform: Some(response.transform),
        ..ChartResponse::default()
    };
    if let Some(p) = response.inner {
        let i = p.x.round();
        if i >= 0.0 && (i as usize) < n {
            out.hovered_index = Some(i as usize);
        }
    }
    if response.response.clicked()
        && let Some(i) = out.hovered_index
    {
        out.clicked_period = chart.periods.get(i).copied();
    }
    out
}

/// The plot of a line chart: marks on whole periods, period labels under them, ranks as
/// whole numbers (upside down), and hover text naming every series.
fn line_plot<'a>(id: &str, chart: &Chart, height: f32, pp: &str) -> Plot<'a> {
    let n = chart.categories.len();
    let categories = chart.categories.clone();
    let inverted = chart.inverted;
    let hover_chart = chart.clone();
    let pp_owned = pp.to_string();
    Plot::new(id)
        .height(height)
        .legend(
            Legend::default()
                .position(egui_plot::Corner::LeftTop)
                .follow_insertion_order(true),
        )
        .x_grid_spacer(move |input| {
            // Marks on whole periods only: never a fractional month.
            let (lo, hi) = input.bounds;
            let span = (hi - lo).max(1.0);
            // Every period labelled up to two years and a lone full year before them
            // (23 periods, 25 with the plot's margins); a step beyond.
            let step = (span / 26.0).ceil().max(1.0);
            let start = lo.ceil().max(0.0) as i64;
            let end = hi.floor().min(n as f64 - 1.0) as i64;
            (start..=end)
                .filter(|i| (*i as f64 % step) == 0.0)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: step,
                })
                .collect()
        })
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label_spacing(28.0..=40.0)
                .formatter(move |mark, _range| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                        return String::new();
                    }
                    categories
                        .get(i as usize)
                        .map(|c| axis_label(c))
                        .unwrap_or_default()
                }),
        ])
        .y_axis_formatter(move |mark, _| {
            if inverted {
                if mark.value >= 1.0 && (mark.value - mark.value.round()).abs() < 1e-6 {
                    format!("{}", mark.value.round() as i64)
                } else {
                    String::new()
                }
            } else {
                format!("{}", mark.value)
            }
        })
        .invert_y(inverted)
        .allow_double_click_reset(true)
        .label_formatter(move |pos: &HoverPosition<'_>| {
            let x = match pos {
                HoverPosition::NearDataPoint { position, .. } => position.x,
                HoverPosition::Elsewhere { position } => position.x,
            };
            let i = x.round();
            if i < 0.0 || i as usize >= hover_chart.categories.len() {
                return None;
            }
            Some(hover_text(&hover_chart, i as usize, &pp_owned))
        })
}

/// Each series as lines with points, split at gaps and at new years (see
/// `Chart::line_runs`).
fn line_series(plot_ui: &mut egui_plot::PlotUi<'_>, chart: &Chart, dark: bool) {
    for s in &chart.series {
        let segments: Vec<Vec<[f64; 2]>> = chart
            .line_runs(s)
            .into_iter()
            .map(|run| run.into_iter().map(|(i, v)| [i as f64, v]).collect())
            .collect();
        let width = if s.emphasis { 3.0 } else { 2.0 };
        for seg in segments.into_iter().filter(|s| !s.is_empty()) {
            plot_ui.line(
                Line::new(s.name.clone(), PlotPoints::from(seg.clone()))
                    .color(themed(s.color, dark))
                    .width(width),
            );
            plot_ui.add(
                Points::new(s.name.clone(), PlotPoints::from(seg))
                    .color(themed(s.color, dark))
                    .radius(if s.emphasis { 3.5 } else { 2.5 }),
            );
        }
    }
}

/// Streaks at rank 1 of a rank chart: a band behind each run of two or more periods, with
/// its length.
fn rank_streak_bands(plot_ui: &mut egui_plot::PlotUi<'_>, chart: &Chart, dark: bool) {
    let Some(first) = chart.series.first() else {
        return;
    };
    let mut run_start = None;
    for i in 0..=first.values.len() {
        let top = first.values.get(i).copied().flatten() == Some(1.0);
        match (top, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(start)) => {
                if i - start >= 2 {
                    let (x0, x1) = (start as f64 - 0.4, (i - 1) as f64 + 0.4);
                    plot_ui.add(
                        egui_plot::Polygon::new(
                            "",
                            PlotPoints::from(vec![[x0, 0.6], [x1, 0.6], [x1, 1.4], [x0, 1.4]]),
                        )
                        .fill_color(Color32::from_rgba_unmultiplied(0xC8, 0x1E, 0x1E, 40))
                        .stroke(Stroke::NONE),
                    );
                    plot_ui.text(
                        egui_plot::Text::new(
                            "",
                            egui_plot::PlotPoint::new((x0 + x1) / 2.0, 1.25),
                            egui::RichText::new(if chart.unit == "位" {
                                format!("连续{}个月", i - start)
                            } else {
                                format!("{} in a row", i - start)
                            })
                            .size(13.0),
                        )
                        .color(themed(first.color, dark)),
                    );
                }
                run_start = None;
            }
            _ => {}
        }
    }
}

/// What a bar chart drew this frame.
#[derive(Debug, Clone, Default)]
pub struct BarResponse {
    /// The category under the pointer.
    pub hovered: Option<usize>,
    /// The plot area (inside the axes), in screen points.
    pub frame: Option<Rect>,
    /// Where each value label was drawn, in screen points.
    pub labels: Vec<Rect>,
}

/// Size of the value labels at the bar ends.
const VALUE_LABEL_SIZE: f32 = 13.0;

/// Draws horizontal bars (first category at the top) with value labels and reference
/// lines, or a waterfall of vertical bars ending in the total. The value axis reserves
/// room for the labels, and the waterfall's category names wrap to fit between their
/// neighbours.
pub fn bar_chart(ui: &mut Ui, id: &str, chart: &Chart, height: f32, reset: bool) -> BarResponse {
    let dark = ui.visuals().dark_mode;
    let Some(series) = chart.series.first() else {
        return BarResponse::default();
    };
    let n = chart.categories.len();
    let horizontal = chart.kind == crate::briefing::chart::ChartKind::HorizontalBars;
    let plot_id = ui.make_persistent_id(id);
    let frame = last_frame(ui, plot_id, height);
    let labels = value_labels(ui, chart, series);
    let (extent, along): (f32, fn(egui::Vec2) -> f32) = if horizontal {
        (frame.width(), |s| s.x)
    } else {
        (frame.height(), |s| s.y)
    };
    let ends: Vec<LabelEnd> = labels
        .iter()
        .map(|l| LabelEnd {
            end: l.end,
            px: along(l.size),
            beyond: l.beyond,
        })
        .collect();
    let (lo, hi) = range_with_labels(&ends, bar_span(chart, series), extent);
    let categories = if horizontal {
        chart.categories.clone()
    } else {
        // Room for each category (and the total) along the axis, less a little air.
        let slot = frame.width() / (n as f32 + 1.0).max(1.0) - 6.0;
        let font = egui::TextStyle::Body.resolve(ui.style());
        chart
            .categories
            .iter()
            .map(|c| wrap_to_width(c, slot, |s| text_width(ui, s, &font)))
            .collect()
    };
    let mut plot = bar_plot(id, chart, &categories, height).id(plot_id);
    plot = if horizontal {
        plot.include_x(lo).include_x(hi)
    } else {
        plot.include_y(lo).include_y(hi)
    };
    if reset {
        plot = plot.reset();
    }
    let response = plot.show(ui, |plot_ui| {
        plot_ui.bar_chart(bars(chart, series, dark));
        let color = ui_text_color(plot_ui);
        let transform = *plot_ui.transform();
        let mut rects = Vec::new();
        for l in &labels {
            let at = transform.position_from_point(&l.point);
            rects.push(l.anchor.anchor_size(at, l.size));
            plot_ui.text(
                egui_plot::Text::new("", l.point, l.text.clone())
                    .anchor(l.anchor)
                    .color(color),
            );
        }
        if horizontal {
            for r in &chart.references {
                plot_ui.add(
                    VLine::new(format!("{} {}", r.label, one_decimal(r.value)), r.value)
                        .color(themed(r.color, dark))
                        .width(2.0),
                );
            }
        }
        (plot_ui.pointer_coordinate(), rects)
    });
    let (pointer, rects) = response.inner;
    let drawn = *response.transform.frame();
    redraw_if_resized(ui, frame, drawn);
    let hovered = pointer.and_then(|p| {
        let v = if horizontal { p.y } else { p.x }.round();
        if v < 0.0 || v as usize >= n {
            return None;
        }
        Some(if horizontal {
            n - 1 - v as usize
        } else {
            v as usize
        })
    });
    BarResponse {
        hovered,
        frame: Some(drawn),
        labels: rects,
    }
}

/// The plot area plot `plot_id` had last frame, or (on its first frame) a guess from the
/// space `ui` gives: the room for value labels is worked out from it.
fn last_frame(ui: &Ui, plot_id: egui::Id, height: f32) -> Rect {
    egui_plot::PlotMemory::load(ui.ctx(), plot_id)
        .map(|m| *m.transform().frame())
        .unwrap_or_else(|| {
            Rect::from_min_size(
                ui.cursor().min,
                egui::vec2(ui.available_width() - 100.0, height - 30.0),
            )
        })
}

/// Asks for one more frame when the plot came out another size than the one its label room
/// was worked out for (a resized window, the first frame).
fn redraw_if_resized(ui: &Ui, planned: Rect, drawn: Rect) {
    if (drawn.size() - planned.size()).length() > 0.5 {
        ui.ctx().request_repaint();
    }
}

/// Where category `i` of `chart` sits on the category axis: top to bottom for horizontal
/// bars, left to right for a waterfall.
fn bar_position(chart: &Chart, i: usize) -> f64 {
    if chart.kind == crate::briefing::chart::ChartKind::HorizontalBars {
        (chart.categories.len() - 1 - i) as f64
    } else {
        i as f64
    }
}

/// The lowest and highest value the bars reach: zero, each bar's end, a waterfall's running
/// totals and its total, the reference lines.
fn bar_span(chart: &Chart, series: &crate::briefing::chart::Series) -> (f64, f64) {
    let horizontal = chart.kind == crate::briefing::chart::ChartKind::HorizontalBars;
    let mut running = 0.0;
    let mut reached = vec![0.0];
    for v in series.values.iter().flatten() {
        if horizontal {
            reached.push(*v);
        } else {
            reached.push(running);
            running += v;
            reached.push(running);
        }
    }
    reached.extend(chart.references.iter().map(|r| r.value));
    let lo = reached.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = reached.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo, hi)
}

/// A value label's end of its bar, its length along the value axis in points, and whether
/// it sits past the end towards higher values (true) or lower ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelEnd {
    /// The bar's end the label starts from, in the chart's unit.
    pub end: f64,
    /// The label's length along the value axis, in points.
    pub px: f32,
    /// True when the label extends towards higher values.
    pub beyond: bool,
}

/// The value range that holds the bars (`span`) and every label past its bar's end, on a
/// value axis `extent` points long: the labels' points are worth more of the chart's unit
/// the wider the range, so the range is widened until it holds them (labels taking more
/// than four fifths of the axis get that much and no more).
pub fn range_with_labels(labels: &[LabelEnd], span: (f64, f64), extent: f32) -> (f64, f64) {
    let (lo, hi) = span;
    let up = labels
        .iter()
        .filter(|l| l.beyond)
        .map(|l| l.px)
        .fold(0.0, f32::max);
    let down = labels
        .iter()
        .filter(|l| !l.beyond)
        .map(|l| l.px)
        .fold(0.0, f32::max);
    let extent = f64::from(extent.max(1.0));
    // Every label gets its points out of what the bars leave: units per point is the span
    // over the points the bars keep.
    let kept = (extent - f64::from(up + down)).max(extent / 5.0);
    let per_point = ((hi - lo).max(f64::EPSILON)) / kept;
    let top = labels
        .iter()
        .filter(|l| l.beyond)
        .map(|l| l.end + f64::from(l.px) * per_point)
        .fold(hi, f64::max);
    let bottom = labels
        .iter()
        .filter(|l| !l.beyond)
        .map(|l| l.end - f64::from(l.px) * per_point)
        .fold(lo, f64::min);
    (bottom, top)
}

/// `text` broken into lines at spaces so that each line fits `width` points (as `measure`
/// says), a word longer than that on a line of its own. Chinese names, without spaces, stay
/// on one line.
pub fn wrap_to_width(text: &str, width: f32, measure: impl Fn(&str) -> f32) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if measure(&format!("{line} {word}")) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

/// The width of `text` in `font`, in points.
fn text_width(ui: &Ui, text: &str, font: &egui::FontId) -> f32 {
    ui.painter()
        .layout_no_wrap(text.to_string(), font.clone(), Color32::WHITE)
        .size()
        .x
}

/// The plot of a bar chart: the categories (as given, and a waterfall's total) named on the
/// category axis, a grid along the values, a legend in the corner.
fn bar_plot<'a>(id: &str, chart: &Chart, categories: &[String], height: f32) -> Plot<'a> {
    let n = chart.categories.len();
    let horizontal = chart.kind == crate::briefing::chart::ChartKind::HorizontalBars;
    let mut labels = categories.to_vec();
    if !horizontal && let Some(t) = chart.references.first() {
        labels.push(t.label.clone());
    }
    let spacer = category_grid(labels.len());
    let axis_formatter = move |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
        let v = mark.value.round();
        if (mark.value - v).abs() > 1e-6 || v < 0.0 {
            return String::new();
        }
        let i = if horizontal {
            (n as f64 - 1.0 - v) as isize
        } else {
            v as isize
        };
        usize::try_from(i)
            .ok()
            .and_then(|i| labels.get(i).cloned())
            .unwrap_or_default()
    };
    let plot = Plot::new(id)
        .height(height)
        .allow_scroll(false)
        .show_grid([!horizontal, horizontal])
        .legend(
            Legend::default()
                .position(egui_plot::Corner::RightBottom)
                .follow_insertion_order(true),
        );
    if horizontal {
        plot.custom_y_axes(vec![
            AxisHints::new_y()
                .label_spacing(12.0..=20.0)
                .formatter(axis_formatter),
        ])
        .y_grid_spacer(spacer)
        .y_axis_min_width(96.0)
    } else {
        plot.custom_x_axes(vec![
            AxisHints::new_x()
                .label_spacing(20.0..=30.0)
                .formatter(axis_formatter),
        ])
        .x_grid_spacer(spacer)
    }
}

/// The bars, each in its own colour: from zero, or for a waterfall from the running total,
/// with the total as the last bar.
fn bars(chart: &Chart, series: &crate::briefing::chart::Series, dark: bool) -> egui_plot::BarChart {
    use egui_plot::{Bar, BarChart};
    let horizontal = chart.kind == crate::briefing::chart::ChartKind::HorizontalBars;
    let mut bars = Vec::new();
    let mut running = 0.0;
    for (i, v) in series.values.iter().enumerate() {
        let Some(v) = v else { continue };
        let mut bar = Bar::new(bar_position(chart, i), *v)
            .name(&chart.categories[i])
            .fill(themed(series.color_at(i), dark))
            .width(0.7);
        if !horizontal {
            bar = bar.base_offset(running);
            running += v;
        }
        bars.push(if horizontal { bar.horizontal() } else { bar });
    }
    if !horizontal && let Some(total) = chart.references.first() {
        bars.push(
            Bar::new(chart.categories.len() as f64, total.value)
                .name(&total.label)
                .fill(themed(total.color, dark))
                .width(0.7),
        );
    }
    let unit = chart.unit.clone();
    let item = BarChart::new(series.name.clone(), bars)
        .color(themed(series.color, dark))
        .element_formatter(Box::new(move |bar, _| {
            format!("{}: {} {}", bar.name, one_decimal(bar.value), unit)
        }));
    if horizontal { item.horizontal() } else { item }
}

/// A value label of a bar: its text, where it is anchored, and its size on screen.
struct ValueLabel {
    text: egui::RichText,
    point: egui_plot::PlotPoint,
    anchor: egui::Align2,
    size: egui::Vec2,
    /// The bar's end the label sits past, and whether past it means higher values.
    end: f64,
    beyond: bool,
}

/// The value labels: past the bar's end (right of a positive horizontal bar, left of a
/// negative one; above a rising waterfall step, below a falling one); counts without
/// decimals.
fn value_labels(
    ui: &Ui,
    chart: &Chart,
    series: &crate::briefing::chart::Series,
) -> Vec<ValueLabel> {
    let horizontal = chart.kind == crate::briefing::chart::ChartKind::HorizontalBars;
    let counts = series.values.iter().flatten().all(|v| v.fract() == 0.0) && chart.unit != "%";
    let font = egui::FontId::proportional(VALUE_LABEL_SIZE);
    let mut running = 0.0;
    let mut out = Vec::new();
    for (i, v) in series.values.iter().enumerate() {
        let Some(v) = *v else { continue };
        let text = format!(
            " {} ",
            if counts {
                format!("{v:.0}")
            } else {
                one_decimal(v)
            }
        );
        let size = ui
            .painter()
            .layout_no_wrap(text.clone(), font.clone(), Color32::WHITE)
            .size();
        let beyond = v >= 0.0;
        let (end, point, anchor) = if horizontal {
            let anchor = if beyond {
                egui::Align2::LEFT_CENTER
            } else {
                egui::Align2::RIGHT_CENTER
            };
            (
                v,
                egui_plot::PlotPoint::new(v, bar_position(chart, i)),
                anchor,
            )
        } else {
            let end = running + v;
            running = end;
            let anchor = if beyond {
                egui::Align2::CENTER_BOTTOM
            } else {
                egui::Align2::CENTER_TOP
            };
            (
                end,
                egui_plot::PlotPoint::new(bar_position(chart, i), end),
                anchor,
            )
        };
        out.push(ValueLabel {
            text: egui::RichText::new(text).size(VALUE_LABEL_SIZE),
            point,
            anchor,
            size,
            end,
            beyond,
        });
    }
    out
}

fn ui_text_color(plot_ui: &egui_plot::PlotUi<'_>) -> Color32 {
    plot_ui.ctx().global_style().visuals.text_color()
}

/// Draws a donut of shares with a legend; returns the hovered slice.
pub fn donut(ui: &mut Ui, chart: &Chart, size: f32) -> Option<usize> {
    let dark = ui.visuals().dark_mode;
    use std::f32::consts::TAU;
    let series = chart.series.first()?;
    let values: Vec<f64> = series
        .values
        .iter()
        .map(|v| v.unwrap_or(0.0).max(0.0))
        .collect();
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mut hovered = None;
    ui.horizontal(|ui| {
        let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
        let painter = ui.painter_at(rect);
        let center = rect.center();
        let (outer, inner) = (size * 0.48, size * 0.28);
        let pointer = response.hover_pos();
        let mut start = -TAU / 4.0;
        for (i, v) in values.iter().enumerate() {
            let sweep = (*v / total) as f32 * TAU;
            let c = series.color_at(i);
            let steps = ((sweep / TAU) * 96.0).ceil().max(1.0) as usize;
            let is_hovered = pointer.is_some_and(|p| {
                let d = p - center;
                let r = d.length();
                let mut a = d.y.atan2(d.x);
                while a < -TAU / 4.0 {
                    a += TAU;
                }
                r >= inner && r <= outer && a >= start && a < start + sweep
            });
            if is_hovered {
                hovered = Some(i);
            }
            let grow = if is_hovered { 4.0 } else { 0.0 };
            // One mesh per slice: separate wedges would show seams between them.
            let mut mesh = egui::epaint::Mesh::default();
            let at = |a: f32, r: f32| center + egui::vec2(a.cos(), a.sin()) * r;
            for k in 0..=steps {
                let a = start + sweep * k as f32 / steps as f32;
                mesh.colored_vertex(at(a, inner), themed(c, dark));
                mesh.colored_vertex(at(a, outer + grow), themed(c, dark));
                if k > 0 {
                    let b = (2 * k) as u32;
                    mesh.add_triangle(b - 2, b - 1, b);
                    mesh.add_triangle(b - 1, b + 1, b);
                }
            }
            painter.add(egui::Shape::mesh(mesh));
            start += sweep;
        }
        if let Some(i) = hovered {
            painter.text(
                center,
                egui::Align2::CENTER_CENTER,
                format!("{}\n{}%", chart.categories[i], one_decimal(values[i])),
                egui::FontId::proportional(14.0),
                ui.visuals().text_color(),
            );
        }
        ui.vertical(|ui| {
            for (i, name) in chart.categories.iter().enumerate() {
                let c = series.color_at(i);
                ui.horizontal(|ui| {
                    let (r, _) =
                        ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                    ui.painter().rect_filled(r, 2.0, themed(c, dark));
                    let text = format!("{name} {}%", one_decimal(values[i]));
                    if hovered == Some(i) {
                        ui.label(egui::RichText::new(text).strong());
                    } else {
                        ui.label(text);
                    }
                });
            }
        });
    });
    hovered
}

/// Draws columns over period categories with the series stacked (shares to 100%); returns
/// the hovered category. No legend: the donut beside it names the same colours.
pub fn stacked_bars(ui: &mut Ui, id: &str, chart: &Chart, height: f32) -> Option<usize> {
    let dark = ui.visuals().dark_mode;
    use egui_plot::{Bar, BarChart};
    let n = chart.categories.len();
    let labels = chart.categories.clone();
    let mut charts: Vec<BarChart> = Vec::new();
    for s in &chart.series {
        let bars = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                v.map(|v| {
                    Bar::new(i as f64, v)
                        .width(0.62)
                        .fill(themed(s.color, dark))
                        .stroke(Stroke::new(0.5, Color32::WHITE))
                        .name(format!("{} {}", chart.categories[i], s.name))
                })
            })
            .collect();
        let unit = chart.unit.clone();
        let mut bar_chart = BarChart::new(s.name.clone(), bars)
            .color(themed(s.color, dark))
            .element_formatter(Box::new(move |bar, _| {
                format!("{}: {}{unit}", bar.name, one_decimal(bar.value))
            }));
        let below: Vec<&BarChart> = charts.iter().collect();
        bar_chart = bar_chart.stack_on(&below);
        charts.push(bar_chart);
    }
    let response = Plot::new(id)
        .height(height)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(100.0)
        .x_grid_spacer(category_grid(n))
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label_spacing(20.0..=30.0)
                .formatter(move |mark, _| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                        return String::new();
                    }
                    labels.get(i as usize).cloned().unwrap_or_default()
                }),
        ])
        .show(ui, |plot_ui| {
            for c in charts {
                plot_ui.bar_chart(c);
            }
            plot_ui.pointer_coordinate()
        });
    let i = response.inner?.x.round();
    (i >= 0.0 && (i as usize) < n).then_some(i as usize)
}

/// A table header cell that sorts the table by its column: the title as a frameless button,
/// followed by ▲ when the table is sorted by this column ascending and ▼ descending
/// (`ascending` is `None` while another column, or none, orders the table). Returns true
/// when clicked; the view decides what a click does.
pub fn sort_header(ui: &mut Ui, title: &str, ascending: Option<bool>, lang: Lang) -> bool {
    let text = match ascending {
        Some(true) => format!("{title} ▲"),
        Some(false) => format!("{title} ▼"),
        None => title.to_string(),
    };
    ui.add(egui::Button::new(egui::RichText::new(text).strong()).frame(false))
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(lang.pick(
            "点击按此列排序，再次点击倒序",
            "click to sort by this column, again to reverse",
        ))
        .clicked()
}

/// Draws a small chart of counts as horizontal bars (first category at the top), from the
/// first series of a [`Chart`]: each bar carries its count as a label, the value axis leaves
/// room for the labels and shows whole numbers only, and there is no legend (the title says
/// what is counted). The chart stays put: no dragging or zooming of a few bars. Returns the
/// hovered category.
pub fn count_bars(ui: &mut Ui, id: &str, chart: &Chart, height: f32) -> Option<usize> {
    use egui_plot::{Bar, BarChart, Text};
    let dark = ui.visuals().dark_mode;
    let series = chart.series.first()?;
    let n = chart.categories.len();
    let labels = chart.categories.clone();
    // Category i sits at n - 1 - i, so the first is at the top.
    let pos = move |i: usize| (n - 1 - i) as f64;
    let max = series.values.iter().flatten().copied().fold(0.0, f64::max);
    let plot_id = ui.make_persistent_id(id);
    let frame = last_frame(ui, plot_id, height);
    let font = egui::FontId::proportional(VALUE_LABEL_SIZE);
    let ends: Vec<LabelEnd> = series
        .values
        .iter()
        .flatten()
        .map(|v| LabelEnd {
            end: *v,
            px: text_width(ui, &format!(" {v:.0}"), &font),
            beyond: true,
        })
        .collect();
    let (_, hi) = range_with_labels(&ends, (0.0, max.max(1.0)), frame.width());
    let response = Plot::new(id)
        .id(plot_id)
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([true, false])
        // Room past the longest bar for its label, however narrow the chart.
        .include_x(0.0)
        .include_x(hi)
        .x_axis_formatter(|mark, _| {
            if (mark.value - mark.value.round()).abs() > 1e-6 || mark.value < 0.0 {
                String::new()
            } else {
                format!("{:.0}", mark.value)
            }
        })
        .custom_y_axes(vec![
            AxisHints::new_y()
                .label_spacing(12.0..=20.0)
                .formatter(move |mark, _| {
                    let v = mark.value.round();
                    if (mark.value - v).abs() > 1e-6 || v < 0.0 || v >= n as f64 {
                        return String::new();
                    }
                    labels.get(n - 1 - v as usize).cloned().unwrap_or_default()
                }),
        ])
        .y_grid_spacer(category_grid(n))
        .show(ui, |plot_ui| {
            let text_color = ui_text_color(plot_ui);
            let bars: Vec<Bar> = series
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let v = (*v)?;
                    let c = series.color_at(i);
                    Some(
                        Bar::new(pos(i), v)
                            .name(&chart.categories[i])
                            .fill(themed(c, dark))
                            .width(0.7)
                            .horizontal(),
                    )
                })
                .collect();
            let unit = chart.unit.clone();
            plot_ui.bar_chart(
                BarChart::new(series.name.clone(), bars)
                    .color(themed(series.color, dark))
                    .horizontal()
                    .element_formatter(Box::new(move |bar, _| {
                        format!("{}: {:.0} {unit}", bar.name, bar.value)
                    })),
            );
            for (i, v) in series.values.iter().enumerate() {
                let Some(v) = v else { continue };
                plot_ui.text(
                    Text::new(
                        "",
                        egui_plot::PlotPoint::new(*v, pos(i)),
                        egui::RichText::new(format!(" {v:.0}")).size(13.0),
                    )
                    .anchor(egui::Align2::LEFT_CENTER)
                    .color(text_color),
                );
            }
            plot_ui.pointer_coordinate()
        });
    redraw_if_resized(ui, frame, *response.transform.frame());
    let v = response.inner?.y.round();
    (v >= 0.0 && (v as usize) < n).then(|| n - 1 - v as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_range_holds_each_label_past_its_bar() {
        // The industry-growth bars: 26.4 the longest, −11.8 the one negative, on a plot
        // 420 points wide, labels " 26.4 " and " −11.8 " about 36 and 42 points long.
        let labels = [
            LabelEnd {
                end: 26.4,
                px: 36.0,
                beyond: true,
            },
            LabelEnd {
                end: 12.0,
                px: 36.0,
                beyond: true,
            },
            LabelEnd {
                end: -11.8,
                px: 42.0,
                beyond: false,
            },
        ];
        let extent = 420.0;
        let (lo, hi) = range_with_labels(&labels, (-11.8, 26.4), extent);
        let per_point = (hi - lo) / f64::from(extent);
        for l in labels {
            let reach = f64::from(l.px) * per_point;
            if l.beyond {
                assert!(l.end + reach <= hi + 1e-9, "{l:?} past {hi}");
            } else {
                assert!(l.end - reach >= lo - 1e-9, "{l:?} before {lo}");
            }
        }
        // Without labels the range is the bars' own.
        assert_eq!(range_with_labels(&[], (-11.8, 26.4), extent), (-11.8, 26.4));
        // Labels wider than the plot get four fifths of it, not an endless range.
        let wide = [LabelEnd {
            end: 10.0,
            px: 1000.0,
            beyond: true,
        }];
        let (lo, hi) = range_with_labels(&wide, (0.0, 10.0), 100.0);
        assert_eq!(lo, 0.0);
        assert!(hi.is_finite() && hi <= 10.0 + 1000.0 * 10.0 / 20.0 + 1e-9);
    }

    #[test]
    fn names_wrap_at_spaces_to_fit() {
        // One point per character.
        let measure = |s: &str| s.chars().count() as f32;
        assert_eq!(
            wrap_to_width("Coal machinery and equipment", 15.0, measure),
            "Coal machinery\nand equipment"
        );
        assert_eq!(wrap_to_width("Power", 3.0, measure), "Power");
        assert_eq!(wrap_to_width("煤机装备制造", 3.0, measure), "煤机装备制造");
        assert_eq!(
            wrap_to_width("Coal and coal chemicals", 100.0, measure),
            "Coal and coal chemicals"
        );
    }
}
