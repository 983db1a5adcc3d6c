//! The Returns view's charts: the ten enterprises pulling the growth up most and the ten
//! pulling it down most as horizontal bars, and the distribution of enterprise growth.

use egui::{Color32, RichText, Ui};
use egui_plot::{AxisHints, Bar, BarChart, GridMark, Plot, PlotPoint, Text};

use super::data::{ReturnsData, bin_label};
use crate::briefing::chart::{Chart, ChartId, ChartKind, Series};
use crate::briefing::palette;
use crate::model::Lang;
use crate::ui::widgets::{chart_title, count_bars, themed};

/// Characters of a name shown on the bars' axis (the hover shows all of it).
const AXIS_NAME_CHARS: usize = 9;

/// A name cut to fit the axis.
fn short_name(name: &str) -> String {
    if name.chars().count() <= AXIS_NAME_CHARS {
        name.to_string()
    } else {
        let cut: String = name.chars().take(AXIS_NAME_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// Horizontal bars of pulls (first at the top), labelled with two decimals (a single
/// enterprise's pull is often below 0.1 point). Returns the hovered bar.
pub fn pull_bars(
    ui: &mut Ui,
    id: &str,
    items: &[(String, f64)],
    color: Color32,
    height: f32,
) -> Option<usize> {
    let n = items.len();
    if n == 0 {
        return None;
    }
    let pos = move |i: usize| (n - 1 - i) as f64;
    let names: Vec<String> = items.iter().map(|(name, _)| short_name(name)).collect();
    let lo = items.iter().map(|(_, v)| *v).fold(0.0, f64::min);
    let hi = items.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    // Room past the longest bar for its label.
    let room = (hi - lo).max(1e-6) * 0.35;
    let text_color = ui.visuals().text_color();
    let response = Plot::new(id)
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([true, false])
        .include_x(if lo < 0.0 { lo - room } else { 0.0 })
        .include_x(if hi > 0.0 { hi + room } else { 0.0 })
        .y_axis_min_width(110.0)
        .custom_y_axes(vec![
            AxisHints::new_y()
                .label_spacing(12.0..=20.0)
                .formatter(move |mark, _| {
                    let v = mark.value.round();
                    if (mark.value - v).abs() > 1e-6 || v < 0.0 || v >= n as f64 {
                        return String::new();
                    }
                    names.get(n - 1 - v as usize).cloned().unwrap_or_default()
                }),
        ])
        .y_grid_spacer(move |input| {
            let (a, b) = input.bounds;
            (a.ceil().max(0.0) as i64..=b.floor().min(n as f64 - 1.0) as i64)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .show(ui, |plot_ui| {
            let bars: Vec<Bar> = items
                .iter()
                .enumerate()
                .map(|(i, (name, v))| {
                    Bar::new(pos(i), *v)
                        .name(name)
                        .fill(color)
                        .width(0.7)
                        .horizontal()
                })
                .collect();
            plot_ui.bar_chart(
                BarChart::new(id.to_string(), bars)
                    .color(color)
                    .horizontal()
                    .element_formatter(Box::new(|bar, _| {
                        format!("{}: {:+.2}", bar.name, bar.value)
                    })),
            );
            for (i, (_, v)) in items.iter().enumerate() {
                let anchor = if *v >= 0.0 {
                    egui::Align2::LEFT_CENTER
                } else {
                    egui::Align2::RIGHT_CENTER
                };
                plot_ui.text(
                    Text::new(
                        "",
                        PlotPoint::new(*v, pos(i)),
                        RichText::new(format!(" {v:.2} ")).size(13.0),
                    )
                    .anchor(anchor)
                    .color(text_color),
                );
            }
            plot_ui.pointer_coordinate()
        });
    let v = response.inner?.y.round();
    (v >= 0.0 && (v as usize) < n).then(|| n - 1 - v as usize)
}

/// The names and pulls of the lines at `indices`.
fn pulls_of(data: &ReturnsData, indices: &[u32]) -> Vec<(String, f64)> {
    let Some(stats) = &data.stats else {
        return Vec::new();
    };
    indices
        .iter()
        .filter_map(|&i| {
            let e = stats.enterprises.get(i as usize)?;
            Some((e.name.clone(), e.pull_pp?))
        })
        .collect()
}

/// The distribution of the comparable enterprises' growth as a chart of counts.
pub fn distribution_chart(data: &ReturnsData, lang: Lang) -> Chart {
    let categories: Vec<String> = (0..data.histogram.len()).map(bin_label).collect();
    Chart {
        id: ChartId::EnterpriseCounts,
        title: lang
            .pick("企业增速分布（户）", "Enterprises by growth")
            .to_string(),
        kind: ChartKind::HorizontalBars,
        categories,
        periods: Vec::new(),
        series: vec![Series {
            name: lang.pick("企业数（户）", "enterprises").to_string(),
            color: palette::PARENT,
            values: data.histogram.iter().map(|n| Some(*n as f64)).collect(),
            point_colors: Some(
                (0..data.histogram.len())
                    .map(|b| if b < 3 { palette::DOWN } else { palette::UP })
                    .collect(),
            ),
            emphasis: false,
        }],
        unit: lang.pick("户", "").to_string(),
        inverted: false,
        references: Vec::new(),
        marked: Vec::new(),
        note: None,
    }
}

/// The two pull charts and the distribution, one under the other in `height`.
pub fn charts_ui(ui: &mut Ui, data: &ReturnsData, lang: Lang, height: f32) {
    let dark = ui.visuals().dark_mode;
    let each = ((height - 90.0) / 3.0).max(120.0);
    let up = pulls_of(data, &data.top_up);
    let down = pulls_of(data, &data.top_down);
    for (title, items, color, id) in [
        (
            lang.pick("拉动增长前10户（个百分点）", "Top 10 pulling up (points)"),
            &up,
            themed(palette::UP, dark),
            "returns-top-up",
        ),
        (
            lang.pick("拖累增长前10户（个百分点）", "Top 10 pulling down (points)"),
            &down,
            themed(palette::DOWN, dark),
            "returns-top-down",
        ),
    ] {
        ui.label(RichText::new(title).strong());
        if items.is_empty() {
            ui.label(lang.pick("（无）", "(none)"));
        } else {
            // About 22 points a bar and room for the axis: ten bars fill `each`.
            let h = (40.0 + 22.0 * items.len() as f32).min(each);
            pull_bars(ui, id, items, color, h);
        }
    }
    let chart = distribution_chart(data, lang);
    chart_title(ui, &chart, lang);
    count_bars(ui, "returns-distribution", &chart, each);
}
