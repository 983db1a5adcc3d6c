//! Small drawing pieces shared by the views: colours, sparklines and line charts drawn from
//! a [`Chart`] description with egui_plot.

use egui::{Color32, Pos2, Rect, Stroke, Ui};
use egui_plot::{
    AxisHints, GridMark, HoverPosition, Legend, Line, Plot, PlotPoints, Points, VLine,
};

use crate::briefing::chart::Chart;
use crate::briefing::format::one_decimal;
use crate::briefing::palette::Rgb;
use crate::model::Period;

/// An egui colour from a palette colour.
pub fn color(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
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
    let n = chart.categories.len();
    let categories = chart.categories.clone();
    let inverted = chart.inverted;
    let mut plot = Plot::new(id)
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
            let step = (span / 24.0).ceil().max(1.0);
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
        .allow_double_click_reset(true);
    if reset {
        plot = plot.reset();
    }
    let hover_chart = chart.clone();
    let pp_owned = pp.to_string();
    plot = plot.label_formatter(move |pos: &HoverPosition<'_>| {
        let x = match pos {
            HoverPosition::NearDataPoint { position, .. } => position.x,
            HoverPosition::Elsewhere { position } => position.x,
        };
        let i = x.round();
        if i < 0.0 || i as usize >= hover_chart.categories.len() {
            return None;
        }
        Some(hover_text(&hover_chart, i as usize, &pp_owned))
    });
    let response = plot.show(ui, |plot_ui| {
        for s in &chart.series {
            // Split at gaps so a missing period is not bridged.
            // A new year starts a new line: year-to-date figures restart in 1—2月.
            let mut segments: Vec<Vec<[f64; 2]>> = vec![Vec::new()];
            for (i, v) in s.values.iter().enumerate() {
                let new_year = i > 0
                    && chart.periods.get(i).map(|p| p.year())
                        != chart.periods.get(i - 1).map(|p| p.year());
                if new_year {
                    segments.push(Vec::new());
                }
                match v {
                    Some(v) => segments
                        .last_mut()
                        .map(|seg| seg.push([i as f64, *v]))
                        .unwrap_or(()),
                    None => segments.push(Vec::new()),
                }
            }
            let width = if s.emphasis { 3.0 } else { 2.0 };
            for seg in segments.into_iter().filter(|s| !s.is_empty()) {
                plot_ui.line(
                    Line::new(s.name.clone(), PlotPoints::from(seg.clone()))
                        .color(color(s.color))
                        .width(width),
                );
                plot_ui.add(
                    Points::new(s.name.clone(), PlotPoints::from(seg))
                        .color(color(s.color))
                        .radius(if s.emphasis { 3.5 } else { 2.5 }),
                );
            }
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
    let mut out = ChartResponse::default();
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
