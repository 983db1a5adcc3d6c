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
            // Split at gaps and at new years (see `Chart::line_runs`).
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
        if chart.inverted
            && let Some(first) = chart.series.first()
        {
            // Streaks at rank 1: a band behind each run of two or more periods.
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
                                    PlotPoints::from(vec![
                                        [x0, 0.6],
                                        [x1, 0.6],
                                        [x1, 1.4],
                                        [x0, 1.4],
                                    ]),
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

/// Draws horizontal bars (first category at the top) with value labels and reference
/// lines, or a waterfall of vertical bars ending in the total. Returns the hovered
/// category.
pub fn bar_chart(ui: &mut Ui, id: &str, chart: &Chart, height: f32, reset: bool) -> Option<usize> {
    let dark = ui.visuals().dark_mode;
    use egui_plot::{Bar, BarChart, Text};
    let series = chart.series.first()?;
    let n = chart.categories.len();
    let horizontal = chart.kind == crate::briefing::chart::ChartKind::HorizontalBars;
    let unit = chart.unit.clone();
    let total_label = chart.references.first().map(|r| r.label.clone());
    let mut labels = chart.categories.clone();
    if !horizontal && let Some(t) = &total_label {
        labels.push(t.clone());
    }
    let labels_for_axis = labels.clone();
    // Position of category i on the category axis: top to bottom for horizontal bars.
    let pos = move |i: usize| {
        if horizontal {
            (n - 1 - i) as f64
        } else {
            i as f64
        }
    };
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
            .and_then(|i| labels_for_axis.get(i).cloned())
            .unwrap_or_default()
    };
    let spacer = category_grid(labels.len());
    let mut plot = Plot::new(id)
        .height(height)
        .allow_scroll(false)
        .show_grid([!horizontal, horizontal])
        .legend(
            Legend::default()
                .position(egui_plot::Corner::RightBottom)
                .follow_insertion_order(true),
        );
    plot = if horizontal {
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
    };
    if reset {
        plot = plot.reset();
    }
    let response = plot.show(ui, |plot_ui| {
        let mut bars = Vec::new();
        let mut running = 0.0;
        for (i, v) in series.values.iter().enumerate() {
            let Some(v) = v else { continue };
            let c = series.color_at(i);
            let mut bar = Bar::new(pos(i), *v)
                .name(&chart.categories[i])
                .fill(themed(c, dark))
                .width(0.7);
            if !horizontal {
                bar = bar.base_offset(running);
                running += v;
            }
            bars.push(if horizontal { bar.horizontal() } else { bar });
        }
        if !horizontal && let Some(total) = chart.references.first() {
            bars.push(
                Bar::new(n as f64, total.value)
                    .name(&total.label)
                    .fill(themed(total.color, dark))
                    .width(0.7),
            );
        }
        let unit_for_hover = unit.clone();
        let mut chart_item = BarChart::new(series.name.clone(), bars)
            .color(themed(series.color, dark))
            .element_formatter(Box::new(move |bar, _| {
                format!(
                    "{}: {} {}",
                    bar.name,
                    one_decimal(bar.value),
                    unit_for_hover
                )
            }));
        if horizontal {
            chart_item = chart_item.horizontal();
        }
        plot_ui.bar_chart(chart_item);
        // Value labels at the bar ends; counts without decimals.
        let counts = series.values.iter().flatten().all(|v| v.fract() == 0.0) && chart.unit != "%";
        for (i, v) in series.values.iter().enumerate() {
            let Some(v) = v else { continue };
            let text = if counts {
                format!("{v:.0}")
            } else {
                one_decimal(*v)
            };
            let point = if horizontal {
                egui_plot::PlotPoint::new(*v + if *v >= 0.0 { 0.02 } else { -0.02 } * 1.0, pos(i))
            } else {
                let base: f64 = series.values[..i].iter().flatten().sum();
                egui_plot::PlotPoint::new(pos(i), base + v.max(0.0))
            };
            let anchor = if horizontal {
                if *v >= 0.0 {
                    egui::Align2::LEFT_CENTER
                } else {
                    egui::Align2::RIGHT_CENTER
                }
            } else {
                egui::Align2::CENTER_BOTTOM
            };
            let label = egui::RichText::new(format!(" {text} ")).size(13.0);
            plot_ui.text(
                Text::new("", point, label)
                    .anchor(anchor)
                    .color(ui_text_color(plot_ui)),
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
        plot_ui.pointer_coordinate()
    });
    let p = response.inner?;
    let coord = if horizontal { p.y } else { p.x };
    let v = coord.round();
    if v < 0.0 || v as usize >= n {
        return None;
    }
    Some(if horizontal {
        n - 1 - v as usize
    } else {
        v as usize
    })
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
    let response = Plot::new(id)
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([true, false])
        // A fifth of the width past the longest bar holds its label.
        .include_x(0.0)
        .include_x(if max > 0.0 { max * 1.22 } else { 1.0 })
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
    let v = response.inner?.y.round();
    (v >= 0.0 && (v as usize) < n).then(|| n - 1 - v as usize)
}
