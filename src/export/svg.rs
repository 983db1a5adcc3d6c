//! Our own SVG writer for a [`Chart`] description: the same series, colours, category labels
//! and reference lines as the window's egui_plot charts, laid out for paper. The SVG is the
//! one drawing that every file format uses: krilla-svg draws it as vectors in the PDF,
//! resvg rasterises it for PNG and Word.
//!
//! All text uses [`CJK_FONT_FAMILY`] and is measured with the bundled font ([`super::text`]),
//! so labels are placed where they will actually fit. Coordinates are in SVG user units;
//! the chart is [`WIDTH`] units wide and as tall as its content needs.

use std::fmt::Write as _;

use super::text::{FontMetrics, break_balanced, break_label, break_lines, longest_unit};
use crate::assets::CJK_FONT_FAMILY;
use crate::briefing::chart::{Chart, ChartKind};
use crate::briefing::format::one_decimal;
use crate::briefing::map::{MapChart, NO_DATA};
use crate::briefing::palette::Rgb;
use crate::model::Lang;

/// Width of every chart in SVG units (PNG at 2× is 1600 px).
pub const WIDTH: f32 = 800.0;

const PAD: f32 = 24.0;
const TITLE_SIZE: f32 = 19.0;
const LABEL_SIZE: f32 = 14.0;
const SMALL_SIZE: f32 = 12.5;
const TEXT: &str = "#222222";
const MUTED: &str = "#555555";
const AXIS: &str = "#888888";
const GRID: &str = "#E2E2E2";

/// A chart drawn as SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgChart {
    /// The SVG document.
    pub svg: String,
    /// Its width in user units.
    pub width: f32,
    /// Its height in user units.
    pub height: f32,
}

/// Escapes text for SVG content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Collects the elements of a chart.
struct Canvas<'m> {
    m: &'m FontMetrics,
    body: String,
}

impl Canvas<'_> {
    fn text(&mut self, x: f32, y: f32, size: f32, anchor: Anchor, fill: &str, s: &str) {
        if s.is_empty() {
            return;
        }
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{}" fill="{fill}">{}</text>"#,
            anchor.attr(),
            esc(s)
        );
    }

    /// A line; `pen` is (colour, width, dashed).
    /// Horizontal grid lines of a value axis, labelled left of `left`; the zero line is
    /// darker when `zero_axis` (not on a rank axis, which has no zero).
    fn value_grid(
        &mut self,
        (left, right): (f32, f32),
        values: &[f64],
        texts: &[String],
        zero_axis: bool,
        y_of: impl Fn(f64) -> f32,
    ) {
        for (v, t) in values.iter().zip(texts) {
            let yy = y_of(*v);
            let zero = zero_axis && v.abs() < 1e-9;
            self.line(
                left,
                yy,
                right,
                yy,
                (if zero { AXIS } else { GRID }, 1.0, false),
            );
            self.text(
                left - 8.0,
                yy + SMALL_SIZE * 0.35,
                SMALL_SIZE,
                Anchor::End,
                MUTED,
                t,
            );
        }
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, pen: (&str, f32, bool)) {
        let (stroke, width, dash) = pen;
        let _ = writeln!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" stroke-width="{width}"{}/>"#,
            if dash {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            }
        );
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str, class: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect class="{class}" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{fill}"/>"#,
            w.max(0.0),
            h.max(0.0)
        );
    }

    fn circle(&mut self, cx: f32, cy: f32, r: f32, fill: &str) {
        let _ = writeln!(
            self.body,
            r##"<circle class="marker" cx="{cx:.1}" cy="{cy:.1}" r="{r}" fill="{fill}" stroke="#FFFFFF" stroke-width="1"/>"##
        );
    }

    fn width(&self, s: &str, size: f32) -> f32 {
        self.m.width(s, size)
    }

    /// The title (wrapped) from `y`; returns the y below it.
    fn title(&mut self, title: &str, y: f32) -> f32 {
        let lines = break_lines(self.m, title, TITLE_SIZE, WIDTH - 2.0 * PAD, 0.0);
        let mut y = y;
        for l in lines {
            y += TITLE_SIZE * 1.25;
            self.text(PAD, y, TITLE_SIZE, Anchor::Start, TEXT, &l.text);
        }
        y + 8.0
    }

    /// A legend row of series names with their colour; returns the y below it.
    fn legend(&mut self, items: &[(&str, Rgb, bool)], y: f32) -> f32 {
        let mut x = PAD;
        let mut y = y + LABEL_SIZE;
        for (name, color, emphasis) in items {
            let w = 26.0 + self.width(name, LABEL_SIZE) + 22.0;
            if x + w > WIDTH - PAD && x > PAD {
                x = PAD;
                y += LABEL_SIZE * 1.6;
            }
            let _ = writeln!(
                self.body,
                r#"<g class="legend-item"><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="{}"/>"#,
                x,
                y - LABEL_SIZE * 0.35,
                x + 20.0,
                y - LABEL_SIZE * 0.35,
                color.hex(),
                if *emphasis { 3.5 } else { 2.5 }
            );
            self.text(x + 26.0, y, LABEL_SIZE, Anchor::Start, TEXT, name);
            self.body.push_str("</g>\n");
            x += w;
        }
        y + 10.0
    }
}

/// A line segment between two points.
type Segment = ((f32, f32), (f32, f32));

/// An axis-aligned rectangle (label boxes).
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl Rect {
    fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Rect { x, y, w, h }
    }

    fn contains(&self, (px, py): (f32, f32)) -> bool {
        px >= self.x && px <= self.x + self.w && py >= self.y && py <= self.y + self.h
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    /// True when the segment passes through the rectangle.
    fn hits_segment(&self, &(a, b): &Segment) -> bool {
        if self.contains(a) || self.contains(b) {
            return true;
        }
        let (x0, y0, x1, y1) = (self.x, self.y, self.x + self.w, self.y + self.h);
        let edges = [
            ((x0, y0), (x1, y0)),
            ((x1, y0), (x1, y1)),
            ((x1, y1), (x0, y1)),
            ((x0, y1), (x0, y0)),
        ];
        edges.iter().any(|e| segments_cross((a, b), *e))
    }
}

fn segments_cross((p1, p2): Segment, (p3, p4): Segment) -> bool {
    let d = |a: (f32, f32), b: (f32, f32), c: (f32, f32)| {
        (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    };
    let d1 = d(p3, p4, p1);
    let d2 = d(p3, p4, p2);
    let d3 = d(p1, p2, p3);
    let d4 = d(p1, p2, p4);
    (d1 > 0.0) != (d2 > 0.0) && (d3 > 0.0) != (d4 > 0.0)
}

/// Nice axis ticks covering `lo..=hi`: (first, last, step).
fn nice_ticks(lo: f64, hi: f64, target: f64) -> (f64, f64, f64) {
    let (lo, hi) = if (hi - lo).abs() < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / target;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let step = mag
        * if norm < 1.5 {
            1.0
        } else if norm < 3.0 {
            2.0
        } else if norm < 7.0 {
            5.0
        } else {
            10.0
        };
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    let s = format!("{:.*}", decimals, v);
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0".to_string()
    } else {
        s
    }
}

fn ticks(first: f64, last: f64, step: f64) -> Vec<f64> {
    let n = ((last - first) / step).round() as i64;
    (0..=n).map(|i| first + step * i as f64).collect()
}

/// Splits "2022年1—2月" into ("1—2月", "2022年") and "Jan–Feb 2022" into ("Jan–Feb",
/// "2022"), so long period labels take two short lines under the axis.
fn split_label(label: &str) -> (String, Option<String>) {
    if let Some(i) = label.find('年') {
        let (year, rest) = label.split_at(i + '年'.len_utf8());
        if !rest.is_empty() {
            return (rest.to_string(), Some(year.to_string()));
        }
    }
    if let Some((head, tail)) = label.rsplit_once(' ')
        && tail.len() == 4
        && tail.chars().all(|c| c.is_ascii_digit())
    {
        return (head.to_string(), Some(tail.to_string()));
    }
    (label.to_string(), None)
}

/// The value as labels print it: one decimal, with the unit for "%".
fn value_text(v: f64, _unit: &str) -> String {
    // The unit is in the chart's title, as bulletins print it, so labels stay short.
    one_decimal(v)
}

/// Draws `chart` as an SVG document.
pub fn chart_svg(m: &FontMetrics, chart: &Chart) -> SvgChart {
    let mut c = Canvas {
        m,
        body: String::new(),
    };
    let y = c.title(&chart.title, PAD - 6.0);
    let bottom = match chart.kind {
        ChartKind::Line => line_chart(&mut c, chart, y),
        ChartKind::HorizontalBars => bar_chart(&mut c, chart, y),
        ChartKind::Donut => donut_chart(&mut c, chart, y),
        ChartKind::Waterfall => waterfall_chart(&mut c, chart, y),
        ChartKind::StackedBars => stacked_chart(&mut c, chart, y),
    };
    let mut height = bottom;
    if let Some(note) = &chart.note {
        for l in break_lines(m, note, SMALL_SIZE, WIDTH - 2.0 * PAD, 0.0) {
            height += SMALL_SIZE * 1.4;
            c.text(PAD, height, SMALL_SIZE, Anchor::Start, MUTED, &l.text);
        }
    }
    let height = (height + PAD * 0.75).ceil();
    let svg = format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" "#,
            r#"font-family="{font}" data-chart="{id}">"#,
            "\n<title>{title}</title>\n",
            r##"<rect class="background" x="0" y="0" width="{w}" height="{h}" fill="#FFFFFF"/>"##,
            "\n{body}</svg>\n"
        ),
        w = WIDTH,
        h = height,
        font = esc(CJK_FONT_FAMILY),
        id = chart.id.code(),
        title = esc(&chart.title),
        body = c.body
    );
    SvgChart {
        svg,
        width: WIDTH,
        height,
    }
}

/// Columns over period categories with the series stacked (shares to 100%), a legend above,
/// a percentage axis and the share printed in segments tall enough to hold it.
fn stacked_chart(c: &mut Canvas<'_>, chart: &Chart, y: f32) -> f32 {
    let n = chart.categories.len();
    if n == 0 || chart.series.is_empty() {
        return no_data(c, y);
    }
    let items: Vec<(&str, Rgb, bool)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), s.color_at(i), false))
        .collect();
    let y = c.legend(&items, y);
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            chart
                .series
                .iter()
                .filter_map(|s| s.values.get(i).copied().flatten())
                .sum()
        })
        .collect();
    // Shares add up to 100 (give or take rounding): keep the axis at 100.
    let hi = totals.iter().copied().fold(100.0f64, f64::max);
    let hi = if hi <= 100.5 { 100.0 } else { hi };
    let (first, last, step) = nice_ticks(0.0, hi, 5.0);
    let tick_values = ticks(first, last, step);
    let axis_w = tick_values
        .iter()
        .map(|v| c.width(&tick_label(*v, step), SMALL_SIZE))
        .fold(0.0f32, f32::max);
    let (left, right) = (PAD + axis_w + 10.0, WIDTH - PAD);
    let top = y + 6.0;
    let plot_h = 300.0;
    let bottom = top + plot_h;
    let band = (right - left) / n as f32;
    let bar = (band * 0.62).min(64.0);
    let x_of = |i: usize| left + band * (i as f32 + 0.5);
    let y_of = |v: f64| bottom - ((v - first) / (last - first)) as f32 * plot_h;
    let tick_texts: Vec<String> = tick_values.iter().map(|v| tick_label(*v, step)).collect();
    c.value_grid((left, right), &tick_values, &tick_texts, true, y_of);
    for i in 0..n {
        let mut base = 0.0;
        for (k, s) in chart.series.iter().enumerate() {
            let Some(v) = s.values.get(i).copied().flatten() else {
                continue;
            };
            let (y0, y1) = (y_of(base), y_of(base + v));
            c.rect(
                x_of(i) - bar / 2.0,
                y1,
                bar,
                y0 - y1,
                &s.color_at(k).hex(),
                "bar",
            );
            if y0 - y1 >= SMALL_SIZE + 2.0 && bar >= c.width("00.0", SMALL_SIZE) {
                c.text(
                    x_of(i),
                    (y0 + y1) / 2.0 + SMALL_SIZE * 0.35,
                    SMALL_SIZE,
                    Anchor::Middle,
                    "#FFFFFF",
                    &one_decimal(v),
                );
            }
            base += v;
        }
        c.text(
            x_of(i),
            bottom + SMALL_SIZE + 6.0,
            SMALL_SIZE,
            Anchor::Middle,
            TEXT,
            &chart.categories[i],
        );
    }
    bottom + SMALL_SIZE * 2.0 + 10.0
}

fn no_data(c: &mut Canvas<'_>, y: f32) -> f32 {
    c.text(
        WIDTH / 2.0,
        y + 60.0,
        LABEL_SIZE,
        Anchor::Middle,
        MUTED,
        "—",
    );
    y + 100.0
}

/// The plot area of a line chart and its value axis: where a category and a value go.
#[derive(Debug, Clone, Copy)]
struct LinePlot {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    plot_h: f32,
    band: f32,
    first: f64,
    last: f64,
    inverted: bool,
    n: usize,
}

impl LinePlot {
    /// The x of category `i` (the middle of its band).
    fn x_of(&self, i: usize) -> f32 {
        self.left + self.band * (i as f32 + 0.5)
    }

    /// The y of value `v` (the smallest on top when inverted: rank 1).
    fn y_of(&self, v: f64) -> f32 {
        let t = ((v - self.first) / (self.last - self.first)) as f32;
        if self.inverted {
            self.top + t * self.plot_h
        } else {
            self.bottom - t * self.plot_h
        }
    }
}

/// Lines over period categories, with a legend, value labels on the emphasised series,
/// reference lines and marked categories; `inverted` puts the smallest value (rank 1) on top.
fn line_chart(c: &mut Canvas<'_>, chart: &Chart, y: f32) -> f32 {
    let items: Vec<(&str, Rgb, bool)> = chart
        .series
        .iter()
        .map(|s| (s.name.as_str(), s.color, s.emphasis))
        .collect();
    let y = if items.len() > 1 || !chart.references.is_empty() {
        c.legend(&items, y)
    } else {
        y
    };
    let n = chart.categories.len();
    let Some((lo, hi)) = chart.value_range() else {
        return no_data(c, y);
    };
    if n == 0 {
        return no_data(c, y);
    }
    let (first, last, step) = if chart.inverted {
        // Ranks: whole numbers from 1, at least to 3 so a streak at 1 is not a flat line.
        let top = hi.max(3.0).ceil();
        let step = if top > 12.0 { 2.0 } else { 1.0 };
        (1.0, top, step)
    } else {
        nice_ticks(lo.min(0.0), hi.max(0.0), 5.0)
    };
    let tick_values = ticks(first, last, step);
    let tick_texts: Vec<String> = tick_values.iter().map(|v| tick_label(*v, step)).collect();
    let axis_w = tick_texts
        .iter()
        .map(|t| c.width(t, SMALL_SIZE))
        .fold(0.0f32, f32::max);
    let left = PAD + axis_w + 10.0;
    let end_label_w = chart
        .series
        .iter()
        .filter_map(|s| s.values.iter().rev().flatten().next())
        .map(|v| c.width(&value_text(*v, &chart.unit), SMALL_SIZE))
        .fold(0.0f32, f32::max);
    let right = WIDTH - PAD - end_label_w - 8.0;
    let top = y + 14.0;
    let plot_h = 300.0;
    let p = LinePlot {
        left,
        right,
        top,
        bottom: top + plot_h,
        plot_h,
        band: (right - left) / n as f32,
        first,
        last,
        inverted: chart.inverted,
        n,
    };
    // Marked categories (streaks) behind everything, as the window's grey lines.
    for &i in &chart.marked {
        if i < n {
            c.rect(
                p.x_of(i) - p.band / 2.0,
                top,
                p.band,
                plot_h,
                "#F1F1F1",
                "marked",
            );
        }
    }
    c.value_grid(
        (left, right),
        &tick_values,
        &tick_texts,
        !chart.inverted,
        |v| p.y_of(v),
    );
    c.line(left, p.bottom, right, p.bottom, (AXIS, 1.0, false));
    let has_sub = line_category_labels(c, chart, &p);
    line_references(c, chart, &p);
    line_series(c, chart, &p);
    line_point_labels(c, chart, &p);
    line_end_labels(c, chart, &p);
    p.bottom + 6.0 + SMALL_SIZE * if has_sub { 2.5 } else { 1.3 }
}

/// Category labels under a line chart: two lines when they carry a year; thinned when
/// still too wide. True when any has a second line.
fn line_category_labels(c: &mut Canvas<'_>, chart: &Chart, p: &LinePlot) -> bool {
    let (n, bottom) = (p.n, p.bottom);
    let labels: Vec<(String, Option<String>)> =
        chart.categories.iter().map(|l| split_label(l)).collect();
    let widest = labels
        .iter()
        .map(|(a, b)| {
            c.width(a, SMALL_SIZE)
                .max(b.as_deref().map_or(0.0, |b| c.width(b, SMALL_SIZE)))
        })
        .fold(0.0f32, f32::max);
    let every = ((widest + 6.0) / p.band).ceil().max(1.0) as usize;
    let has_sub = labels.iter().any(|(_, b)| b.is_some());
    for (i, (main, sub)) in labels.iter().enumerate() {
        let shown = i % every == 0 || sub.is_some() || i + 1 == n;
        if !shown || (every > 1 && i + 1 == n && i % every != 0 && i % every < every / 2) {
            continue;
        }
        c.line(
            p.x_of(i),
            bottom,
            p.x_of(i),
            bottom + 4.0,
            (AXIS, 1.0, false),
        );
        c.text(
            p.x_of(i),
            bottom + 4.0 + SMALL_SIZE * 1.1,
            SMALL_SIZE,
            Anchor::Middle,
            TEXT,
            main,
        );
        if let Some(sub) = sub {
            c.text(
                p.x_of(i),
                bottom + 4.0 + SMALL_SIZE * 2.3,
                SMALL_SIZE,
                Anchor::Middle,
                MUTED,
                sub,
            );
        }
    }
    has_sub
}

/// The reference lines of a line chart, labelled at their right end.
fn line_references(c: &mut Canvas<'_>, chart: &Chart, p: &LinePlot) {
    let (left, right) = (p.left, p.right);
    for r in &chart.references {
        let yy = p.y_of(r.value);
        c.line(left, yy, right, yy, (&r.color.hex(), 1.5, true));
        c.text(
            right,
            yy - 5.0,
            SMALL_SIZE,
            Anchor::End,
            &r.color.hex(),
            &format!("{} {}", r.label, value_text(r.value, &chart.unit)),
        );
    }
}

/// The series' lines and points: split at gaps and at new years (see `Chart::line_runs`).
fn line_series(c: &mut Canvas<'_>, chart: &Chart, p: &LinePlot) {
    for s in &chart.series {
        let width = if s.emphasis { 3.0 } else { 2.0 };
        for seg in chart.line_runs(s).iter().filter(|s| s.len() > 1) {
            let points: Vec<String> = seg
                .iter()
                .map(|(i, v)| format!("{:.1},{:.1}", p.x_of(*i), p.y_of(*v)))
                .collect();
            let _ = writeln!(
                c.body,
                r#"<polyline class="series" data-name="{}" points="{}" fill="none" stroke="{}" stroke-width="{width}" stroke-linejoin="round" stroke-linecap="round"/>"#,
                esc(&s.name),
                points.join(" "),
                s.color.hex()
            );
        }
        for (i, v) in s.values.iter().enumerate().take(p.n) {
            if let Some(v) = v {
                c.circle(
                    p.x_of(i),
                    p.y_of(*v),
                    if s.emphasis { 3.5 } else { 2.5 },
                    &s.color_at(i).hex(),
                );
            }
        }
    }
}

/// Value labels of the emphasised series: one at every point, on whichever side of the
/// point (above, below, right, left) crosses the fewest lines and earlier labels.
fn line_point_labels(c: &mut Canvas<'_>, chart: &Chart, p: &LinePlot) {
    let (n, left, top) = (p.n, p.left, p.top);
    let segments: Vec<Segment> = chart
        .series
        .iter()
        .flat_map(|s| {
            let pts: Vec<Option<(f32, f32)>> = s
                .values
                .iter()
                .take(n)
                .enumerate()
                .map(|(i, v)| v.map(|v| (p.x_of(i), p.y_of(v))))
                .collect();
            pts.windows(2)
                .filter_map(|w| Some((w[0]?, w[1]?)))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut placed: Vec<Rect> = Vec::new();
    for s in chart.series.iter().filter(|s| s.emphasis) {
        for (i, v) in s.values.iter().enumerate().take(n) {
            let Some(v) = v else { continue };
            let text = value_text(*v, &chart.unit);
            let w = c.width(&text, SMALL_SIZE);
            let (px, py) = (p.x_of(i), p.y_of(*v));
            let h = SMALL_SIZE;
            // (rect, x, baseline, anchor) for each side, in order of preference.
            let above = (
                Rect::new(px - w / 2.0, py - 8.0 - h * 0.85, w, h),
                px,
                py - 8.0,
                Anchor::Middle,
            );
            let below = (
                Rect::new(px - w / 2.0, py + 7.0, w, h),
                px,
                py + 7.0 + h * 0.85,
                Anchor::Middle,
            );
            let right_side = (
                Rect::new(px + 7.0, py - h / 2.0, w, h),
                px + 7.0,
                py + h * 0.35,
                Anchor::Start,
            );
            let left_side = (
                Rect::new(px - 7.0 - w, py - h / 2.0, w, h),
                px - 7.0,
                py + h * 0.35,
                Anchor::End,
            );
            let candidates = if chart.inverted {
                [below, above, right_side, left_side]
            } else {
                [above, below, right_side, left_side]
            };
            let score = |r: &Rect| -> usize {
                let crossings = segments.iter().filter(|sg| r.hits_segment(sg)).count();
                let overlaps = placed.iter().filter(|p| p.overlaps(r)).count();
                let outside =
                    usize::from(r.x < left - 2.0 || r.x + r.w > WIDTH - 2.0 || r.y < top - h);
                crossings + 3 * overlaps + 5 * outside
            };
            let Some(best) = candidates.iter().min_by_key(|cand| score(&cand.0)) else {
                continue;
            };
            c.text(best.1, best.2, SMALL_SIZE, best.3, &s.color.hex(), &text);
            placed.push(best.0);
        }
    }
}

/// The other series' last values at the right end, spread apart when they collide.
fn line_end_labels(c: &mut Canvas<'_>, chart: &Chart, p: &LinePlot) {
    let n = p.n;
    let mut ends: Vec<(f32, f32, String, Rgb)> = chart
        .series
        .iter()
        .filter(|s| !s.emphasis)
        .filter_map(|s| {
            let i = s.values.iter().take(n).rposition(Option::is_some)?;
            let v = s.values[i]?;
            Some((
                p.x_of(i) + 7.0,
                p.y_of(v) + SMALL_SIZE * 0.35,
                value_text(v, &chart.unit),
                s.color,
            ))
        })
        .collect();
    ends.sort_by(|a, b| a.1.total_cmp(&b.1));
    for k in 1..ends.len() {
        let min = ends[k - 1].1 + SMALL_SIZE + 1.0;
        if ends[k].1 < min {
            ends[k].1 = min;
        }
    }
    for (x, y, text, color) in &ends {
        c.text(*x, *y, SMALL_SIZE, Anchor::Start, &color.hex(), text);
    }
}

/// Horizontal bars, first category at the top, value labels at the bar ends, reference
/// lines across.
fn bar_chart(c: &mut Canvas<'_>, chart: &Chart, y: f32) -> f32 {
    let Some(s) = chart.series.first() else {
        return no_data(c, y);
    };
    let Some((lo, hi)) = chart.value_range() else {
        return no_data(c, y);
    };
    let n = chart.categories.len();
    let (first, last, step) = nice_ticks(lo.min(0.0), hi.max(0.0), 5.0);
    let label_w = chart
        .categories
        .iter()
        .map(|l| c.width(l, LABEL_SIZE))
        .fold(0.0f32, f32::max);
    let value_w = s
        .values
        .iter()
        .flatten()
        .map(|v| c.width(&value_text(*v, &chart.unit), SMALL_SIZE))
        .fold(0.0f32, f32::max);
    let left = PAD + label_w + 12.0;
    let right = WIDTH - PAD - value_w - 8.0;
    // Room above the bars for the reference lines' labels.
    let top = y + if chart.references.is_empty() {
        6.0
    } else {
        SMALL_SIZE + 12.0
    };
    let row = 27.0;
    let bar = 17.0;
    let bottom = top + row * n as f32;
    let x_of = |v: f64| left + ((v - first) / (last - first)) as f32 * (right - left);
    for v in ticks(first, last, step) {
        let xx = x_of(v);
        let zero = v.abs() < 1e-9;
        c.line(
            xx,
            top,
            xx,
            bottom,
            (if zero { AXIS } else { GRID }, 1.0, false),
        );
        c.text(
            xx,
            bottom + SMALL_SIZE * 1.3,
            SMALL_SIZE,
            Anchor::Middle,
            MUTED,
            &tick_label(v, step),
        );
    }
    for (i, label) in chart.categories.iter().enumerate() {
        let yc = top + row * (i as f32 + 0.5);
        c.text(
            left - 8.0,
            yc + LABEL_SIZE * 0.35,
            LABEL_SIZE,
            Anchor::End,
            TEXT,
            label,
        );
        let Some(v) = s.values.get(i).copied().flatten() else {
            continue;
        };
        let (x0, x1) = (x_of(0.0), x_of(v));
        let color = s.color_at(i).hex();
        c.rect(
            x0.min(x1),
            yc - bar / 2.0,
            (x1 - x0).abs(),
            bar,
            &color,
            "bar",
        );
        let text = value_text(v, &chart.unit);
        if v >= 0.0 {
            c.text(
                x1 + 5.0,
                yc + SMALL_SIZE * 0.35,
                SMALL_SIZE,
                Anchor::Start,
                TEXT,
                &text,
            );
        } else {
            c.text(
                x1 - 5.0,
                yc + SMALL_SIZE * 0.35,
                SMALL_SIZE,
                Anchor::End,
                TEXT,
                &text,
            );
        }
    }
    for r in &chart.references {
        let xx = x_of(r.value);
        // Solid, as the window draws it.
        c.line(xx, top - 4.0, xx, bottom, (&r.color.hex(), 2.0, false));
        c.text(
            xx,
            top - 8.0,
            SMALL_SIZE,
            Anchor::Middle,
            &r.color.hex(),
            &format!("{} {}", r.label, value_text(r.value, &chart.unit)),
        );
    }
    bottom + SMALL_SIZE * 1.6
}

/// A donut of shares with the values on large slices and a legend with every value.
fn donut_chart(c: &mut Canvas<'_>, chart: &Chart, y: f32) -> f32 {
    let Some(s) = chart.series.first() else {
        return no_data(c, y);
    };
    let values: Vec<f64> = s.values.iter().map(|v| v.unwrap_or(0.0).max(0.0)).collect();
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return no_data(c, y);
    }
    let outer = 135.0f32;
    let inner = 78.0f32;
    let cx = PAD + 40.0 + outer;
    let top = y + 10.0;
    let cy = top + outer;
    let mut angle = 0.0f64;
    let point = |a: f64, r: f32| {
        // Clockwise from 12 o'clock.
        let a = a - std::f64::consts::FRAC_PI_2;
        (cx + r * a.cos() as f32, cy + r * a.sin() as f32)
    };
    for (i, v) in values.iter().enumerate() {
        if *v <= 0.0 {
            continue;
        }
        let sweep = v / total * std::f64::consts::TAU;
        let color = s.color_at(i).hex();
        if sweep >= std::f64::consts::TAU - 1e-6 {
            let _ = writeln!(
                c.body,
                r#"<circle class="slice" cx="{cx:.1}" cy="{cy:.1}" r="{:.1}" fill="none" stroke="{color}" stroke-width="{:.1}"/>"#,
                (outer + inner) / 2.0,
                outer - inner
            );
        } else {
            let (x0, y0) = point(angle, outer);
            let (x1, y1) = point(angle + sweep, outer);
            let (x2, y2) = point(angle + sweep, inner);
            let (x3, y3) = point(angle, inner);
            let large = i32::from(sweep > std::f64::consts::PI);
            let _ = writeln!(
                c.body,
                r##"<path class="slice" d="M{x0:.2},{y0:.2} A{outer},{outer} 0 {large} 1 {x1:.2},{y1:.2} L{x2:.2},{y2:.2} A{inner},{inner} 0 {large} 0 {x3:.2},{y3:.2} Z" fill="{color}" stroke="#FFFFFF" stroke-width="1.5"/>"##
            );
        }
        if sweep > 0.30 {
            let (lx, ly) = point(angle + sweep / 2.0, (outer + inner) / 2.0);
            c.text(
                lx,
                ly + SMALL_SIZE * 0.35,
                SMALL_SIZE,
                Anchor::Middle,
                "#FFFFFF",
                &one_decimal(*v),
            );
        }
        angle += sweep;
    }
    // Legend: swatch, name, value.
    let lx = cx + outer + 60.0;
    let row = 25.0;
    let n = chart.categories.len();
    let ly0 = cy - row * n as f32 / 2.0;
    let name_w = chart
        .categories
        .iter()
        .map(|l| c.width(l, LABEL_SIZE))
        .fold(0.0f32, f32::max);
    for (i, name) in chart.categories.iter().enumerate() {
        let yy = ly0 + row * (i as f32 + 0.5);
        c.rect(lx, yy - 6.0, 12.0, 12.0, &s.color_at(i).hex(), "swatch");
        c.text(
            lx + 20.0,
            yy + LABEL_SIZE * 0.35,
            LABEL_SIZE,
            Anchor::Start,
            TEXT,
            name,
        );
        let v = s
            .values
            .get(i)
            .copied()
            .flatten()
            .map(|v| format!("{}%", one_decimal(v)))
            .unwrap_or_else(|| "—".to_string());
        c.text(
            lx + 20.0 + name_w + 16.0 + c.width("100.0%", LABEL_SIZE),
            yy + LABEL_SIZE * 0.35,
            LABEL_SIZE,
            Anchor::End,
            MUTED,
            &v,
        );
    }
    let legend_bottom = ly0 + row * n as f32;
    (cy + outer).max(legend_bottom) + 10.0
}

/// A waterfall of vertical columns: each category floats from the running total, and a
/// final column shows the total (the reference line's value) from zero.
fn waterfall_chart(c: &mut Canvas<'_>, chart: &Chart, y: f32) -> f32 {
    let Some(s) = chart.series.first() else {
        return no_data(c, y);
    };
    let total = chart.references.first();
    let n = chart.categories.len() + usize::from(total.is_some());
    if n == 0 {
        return no_data(c, y);
    }
    let (spans, lo, hi) = waterfall_spans(&s.values, total.map(|t| t.value));
    let (first, last, step) = nice_ticks(lo, hi, 5.0);
    let tick_values = ticks(first, last, step);
    let tick_texts: Vec<String> = tick_values.iter().map(|v| tick_label(*v, step)).collect();
    let axis_w = tick_texts
        .iter()
        .map(|t| c.width(t, SMALL_SIZE))
        .fold(0.0f32, f32::max);
    let mut labels: Vec<String> = chart.categories.clone();
    let mut colors: Vec<Rgb> = (0..chart.categories.len()).map(|i| s.color_at(i)).collect();
    if let Some(t) = total {
        labels.push(t.label.clone());
        colors.push(t.color);
    }
    let right = WIDTH - PAD;
    let mut left = PAD + axis_w + 10.0;
    // Category labels wrap under their column, at most two lines and never inside a word;
    // when that does not fit (long English names), every label is set at a slant instead,
    // and the plot moves right so the first label is not cut off.
    let fits = |band: f32| {
        labels.iter().all(|l| {
            longest_unit(c.m, l, SMALL_SIZE) <= band - 4.0
                && break_label(c.m, l, SMALL_SIZE, band - 4.0).len() <= 2
        })
    };
    let slant = !fits((right - left) / n as f32);
    if slant {
        let first_w = labels.first().map_or(0.0, |l| c.width(l, SMALL_SIZE));
        let band = (right - left) / n as f32;
        left = left.max(PAD + first_w * 0.82 - band / 2.0);
    }
    let wrapped: Vec<Vec<super::text::Line>> = labels
        .iter()
        .map(|l| break_balanced(c.m, l, SMALL_SIZE, (right - left) / n as f32 - 4.0))
        .collect();
    let top = y + SMALL_SIZE + 10.0;
    let plot_h = 280.0;
    let bottom = top + plot_h;
    let band = (right - left) / n as f32;
    let bar = (band * 0.6).min(56.0);
    let x_of = |i: usize| left + band * (i as f32 + 0.5);
    let y_of = |v: f64| bottom - ((v - first) / (last - first)) as f32 * plot_h;
    c.value_grid((left, right), &tick_values, &tick_texts, true, y_of);
    let mut label_h = SMALL_SIZE * 1.2;
    for (i, (a, b)) in spans.iter().enumerate() {
        let (y0, y1) = (y_of(*a), y_of(*b));
        let color = colors.get(i).copied().unwrap_or(s.color).hex();
        let class = if total.is_some() && i + 1 == n {
            "bar total"
        } else {
            "bar"
        };
        c.rect(
            x_of(i) - bar / 2.0,
            y0.min(y1),
            bar,
            (y1 - y0).abs().max(1.0),
            &color,
            class,
        );
        // A thin connector from this column's end to the next column.
        if i + 1 < n && !(total.is_some() && i + 2 == n) {
            c.line(
                x_of(i) + bar / 2.0,
                y1,
                x_of(i + 1) - bar / 2.0,
                y1,
                (AXIS, 1.0, true),
            );
        }
        let v = b - a;
        // Plain one-decimal values, as the window labels them.
        let text = one_decimal(v);
        let up = v >= 0.0;
        c.text(
            x_of(i),
            if up {
                y0.min(y1) - 5.0
            } else {
                y0.max(y1) + SMALL_SIZE + 3.0
            },
            SMALL_SIZE,
            Anchor::Middle,
            TEXT,
            &text,
        );
        let lines = if slant { None } else { Some(&wrapped[i][..]) };
        label_h = label_h.max(column_label(c, (x_of(i), bottom), &labels[i], lines));
    }
    bottom + 8.0 + label_h
}

/// The spans (from, to) of a waterfall's columns, floating from the running total, then
/// the total's column from zero; and the lowest and highest point, zero included.
fn waterfall_spans(values: &[Option<f64>], total: Option<f64>) -> (Vec<(f64, f64)>, f64, f64) {
    let mut spans: Vec<(f64, f64)> = Vec::new();
    let mut run = 0.0f64;
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for v in values {
        let v = v.unwrap_or(0.0);
        spans.push((run, run + v));
        run += v;
        lo = lo.min(run);
        hi = hi.max(run);
    }
    if let Some(t) = total {
        spans.push((0.0, t));
        lo = lo.min(t);
        hi = hi.max(t);
    }
    (spans, lo, hi)
}

/// A column's category label under the plot at `(x, bottom)`: its wrapped `lines`, or
/// without them the whole label at a slant. Returns the height it takes.
fn column_label(
    c: &mut Canvas<'_>,
    (x_mid, bottom): (f32, f32),
    label: &str,
    lines: Option<&[super::text::Line]>,
) -> f32 {
    let Some(lines) = lines else {
        let (x, y) = (x_mid + 4.0, bottom + 4.0 + SMALL_SIZE);
        let _ = writeln!(
            c.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{SMALL_SIZE}" text-anchor="end" fill="{TEXT}" transform="rotate(-35 {x:.1} {y:.1})">{}</text>"#,
            esc(label)
        );
        let w = c.width(label, SMALL_SIZE);
        return w * 0.574 + SMALL_SIZE * 1.2;
    };
    for (k, l) in lines.iter().enumerate() {
        c.text(
            x_mid,
            bottom + 4.0 + SMALL_SIZE * (1.1 + 1.2 * k as f32),
            SMALL_SIZE,
            Anchor::Middle,
            TEXT,
            &l.text,
        );
    }
    SMALL_SIZE * 1.2 * lines.len() as f32
}

/// Largest tile side of a map, in SVG units.
const TILE_MAX: f32 = 112.0;
/// Space between tiles.
const TILE_GAP: f32 = 8.0;

/// True when dark text reads better than white on `c` (relative luminance).
fn light(c: Rgb) -> bool {
    let l = 0.2126 * f32::from(c.0) + 0.7152 * f32::from(c.1) + 0.0722 * f32::from(c.2);
    l > 140.0
}

/// Draws a tile cartogram: rounded squares where the layout puts them, each with the
/// region's name and value (the home region's with a heavier border), then the legend
/// (the scale's five stops and "no data") and a line on what the colours mean.
pub fn map_svg(m: &FontMetrics, map: &MapChart, lang: Lang) -> SvgChart {
    let mut c = Canvas {
        m,
        body: String::new(),
    };
    let y0 = c.title(&map.title, PAD - 6.0) + 6.0;
    let cols = map.cols.max(1) as f32;
    let rows = map.rows.max(1) as f32;
    let tile = ((WIDTH - 2.0 * PAD - TILE_GAP * (cols - 1.0)) / cols).min(TILE_MAX);
    let grid_w = cols * tile + (cols - 1.0) * TILE_GAP;
    let x0 = (WIDTH - grid_w) / 2.0;
    for t in &map.tiles {
        let x = x0 + t.col as f32 * (tile + TILE_GAP);
        let y = y0 + t.row as f32 * (tile + TILE_GAP);
        let (stroke, width) = if t.home {
            ("#222222", 3.5)
        } else {
            ("#FFFFFF", 1.5)
        };
        let ink = if light(t.color) { TEXT } else { "#FFFFFF" };
        let _ = writeln!(
            c.body,
            r#"<g class="tile" data-region="{}"><rect x="{x:.1}" y="{y:.1}" width="{tile:.1}" height="{tile:.1}" rx="12" ry="12" fill="{}" stroke="{stroke}" stroke-width="{width}"/>"#,
            esc(&t.region),
            t.color.hex()
        );
        let fit = (tile - 12.0) / c.width(&t.name, 1.0).max(1.0);
        let size = LABEL_SIZE.max(17.0).min(fit);
        c.text(
            x + tile / 2.0,
            y + tile * 0.42,
            size,
            Anchor::Middle,
            ink,
            &t.name,
        );
        let value = t.value.map_or_else(|| "—".to_string(), one_decimal);
        c.text(
            x + tile / 2.0,
            y + tile * 0.74,
            LABEL_SIZE + 2.0,
            Anchor::Middle,
            ink,
            &value,
        );
        c.body.push_str("</g>\n");
    }
    let mut y = y0 + rows * tile + (rows - 1.0) * TILE_GAP + 18.0;
    // The legend: the scale's stops, then the no-data grey.
    let no_data = lang.pick("无数据", "no data");
    let items: Vec<(String, Rgb)> = map
        .legend
        .iter()
        .cloned()
        .chain(std::iter::once((no_data.to_string(), NO_DATA)))
        .collect();
    let sw = 56.0;
    let step = sw + 14.0;
    let lx = (WIDTH - step * items.len() as f32 + 14.0) / 2.0;
    for (i, (label, color)) in items.iter().enumerate() {
        let x = lx + i as f32 * step;
        let _ = writeln!(
            c.body,
            r#"<g class="legend-item"><rect x="{x:.1}" y="{y:.1}" width="{sw}" height="16" rx="3" ry="3" fill="{}" stroke="{AXIS}" stroke-width="0.5"/>"#,
            color.hex()
        );
        c.text(
            x + sw / 2.0,
            y + 16.0 + SMALL_SIZE * 1.3,
            SMALL_SIZE,
            Anchor::Middle,
            TEXT,
            label,
        );
        c.body.push_str("</g>\n");
    }
    y += 16.0 + SMALL_SIZE * 1.3 + 8.0;
    let centre = one_decimal(map.centre);
    let note = match (lang, map.parent_value.is_some()) {
        (Lang::Zh, true) => {
            format!("颜色以上级地区数值{centre}为中心：红色高于，绿色低于；粗框为本地区")
        }
        (Lang::Zh, false) => {
            format!("上级地区无数值，颜色以各地区中位数{centre}为中心：红色高于，绿色低于")
        }
        (Lang::En, true) => format!(
            "Colours centre on the parent region's {centre}: red above, green below; heavy border: this region"
        ),
        (Lang::En, false) => format!(
            "No figure for the parent region; colours centre on the median {centre}: red above, green below"
        ),
    };
    for l in break_lines(m, &note, SMALL_SIZE, WIDTH - 2.0 * PAD, 0.0) {
        y += SMALL_SIZE * 1.4;
        c.text(PAD, y, SMALL_SIZE, Anchor::Start, MUTED, &l.text);
    }
    let height = (y + PAD * 0.75).ceil();
    let svg = format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" "#,
            r#"font-family="{font}" data-chart="map">"#,
            "\n<title>{title}</title>\n",
            r##"<rect class="background" x="0" y="0" width="{w}" height="{h}" fill="#FFFFFF"/>"##,
            "\n{body}</svg>\n"
        ),
        w = WIDTH,
        h = height,
        font = esc(CJK_FONT_FAMILY),
        title = esc(&map.title),
        body = c.body
    );
    SvgChart {
        svg,
        width: WIDTH,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::chart::Series;
    use crate::briefing::chart::{ChartId, ReferenceLine};
    use crate::briefing::palette;

    fn m() -> &'static FontMetrics {
        super::super::text::metrics().expect("font")
    }

    fn chart(kind: ChartKind, categories: &[&str], series: Vec<Series>) -> Chart {
        Chart {
            id: ChartId::Growth,
            title: "规模以上工业增加值累计增速（%）".into(),
            kind,
            categories: categories.iter().map(|s| s.to_string()).collect(),
            periods: Vec::new(),
            series,
            unit: "%".into(),
            inverted: false,
            references: Vec::new(),
            marked: Vec::new(),
            note: None,
        }
    }

    fn series(name: &str, color: Rgb, values: &[Option<f64>], emphasis: bool) -> Series {
        Series {
            name: name.into(),
            color,
            values: values.to_vec(),
            point_colors: None,
            emphasis,
        }
    }

    fn doc(svg: &str) -> usvg::roxmltree::Document<'_> {
        usvg::roxmltree::Document::parse(svg).expect("well-formed SVG")
    }

    fn texts(svg: &str) -> Vec<String> {
        doc(svg)
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn line_chart_has_every_series_label_and_colour() {
        let c = chart(
            ChartKind::Line,
            &["2022年1—2月", "3月", "4月", "2023年1—2月", "3月", "4月"],
            vec![
                series(
                    "鸡西市",
                    palette::HOME,
                    &[
                        Some(10.0),
                        Some(12.5),
                        None,
                        Some(31.1),
                        Some(20.0),
                        Some(19.2),
                    ],
                    true,
                ),
                series(
                    "全国",
                    palette::NATION,
                    &[
                        Some(7.5),
                        Some(6.5),
                        Some(4.0),
                        Some(2.4),
                        Some(3.0),
                        Some(3.6),
                    ],
                    false,
                ),
            ],
        );
        let out = chart_svg(m(), &c);
        let d = doc(&out.svg);
        let root = d.root_element();
        assert_eq!(root.attribute("font-family"), Some(CJK_FONT_FAMILY));
        let polylines: Vec<_> = d
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .collect();
        // The home series is split at its gap into two lines; the nation is one.
        assert_eq!(polylines.len(), 3);
        assert!(
            polylines
                .iter()
                .filter(|p| p.attribute("stroke") == Some("#C81E1E"))
                .count()
                == 2
        );
        assert!(
            polylines
                .iter()
                .any(|p| p.attribute("stroke") == Some("#C98A00"))
        );
        let t = texts(&out.svg);
        for want in [
            "鸡西市",
            "全国",
            "1—2月",
            "2022年",
            "2023年",
            "19.2",
            "3.6",
            "31.1",
        ] {
            assert!(t.iter().any(|x| x == want), "missing {want} in {t:?}");
        }
        assert!(t.iter().any(|x| x.contains("累计增速")), "title");
        let markers = d
            .descendants()
            .filter(|n| n.attribute("class") == Some("marker"))
            .count();
        assert_eq!(markers, 5 + 6);
    }

    #[test]
    fn inverted_puts_rank_one_on_top_and_marks_streaks() {
        let mut c = chart(
            ChartKind::Line,
            &["1—2月", "3月", "4月"],
            vec![series(
                "鸡西市",
                palette::HOME,
                &[Some(3.0), Some(1.0), Some(1.0)],
                true,
            )],
        );
        c.inverted = true;
        c.marked = vec![1, 2];
        let out = chart_svg(m(), &c);
        let d = doc(&out.svg);
        let ys: Vec<f32> = d
            .descendants()
            .filter(|n| n.attribute("class") == Some("marker"))
            .map(|n| n.attribute("cy").and_then(|v| v.parse().ok()).expect("cy"))
            .collect();
        assert!(ys[1] < ys[0], "rank 1 is above rank 3: {ys:?}");
        let marked = d
            .descendants()
            .filter(|n| n.attribute("class") == Some("marked"))
            .count();
        assert_eq!(marked, 2);
    }

    #[test]
    fn bars_follow_the_order_colours_and_reference() {
        let mut c = chart(
            ChartKind::HorizontalBars,
            &["1 鸡西市", "2 大庆市", "3 伊春市"],
            vec![Series {
                name: "增速".into(),
                color: palette::PEER,
                values: vec![Some(19.2), Some(8.0), Some(-2.9)],
                point_colors: Some(vec![palette::HOME, palette::PEER, palette::PEER]),
                emphasis: false,
            }],
        );
        c.references.push(ReferenceLine {
            label: "黑龙江省".into(),
            value: 4.9,
            color: palette::PARENT,
        });
        let out = chart_svg(m(), &c);
        let d = doc(&out.svg);
        let bars: Vec<_> = d
            .descendants()
            .filter(|n| n.attribute("class") == Some("bar"))
            .collect();
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[0].attribute("fill"), Some("#C81E1E"));
        assert_eq!(bars[1].attribute("fill"), Some("#8A9BB0"));
        let y = |n: &usvg::roxmltree::Node| -> f32 {
            n.attribute("y").and_then(|v| v.parse().ok()).expect("y")
        };
        assert!(y(&bars[0]) < y(&bars[1]) && y(&bars[1]) < y(&bars[2]));
        let t = texts(&out.svg);
        for want in ["1 鸡西市", "19.2", "-2.9", "黑龙江省 4.9"] {
            assert!(t.iter().any(|x| x == want), "missing {want} in {t:?}");
        }
    }

    #[test]
    fn donut_and_waterfall_have_a_shape_per_category() {
        let mut c = chart(
            ChartKind::Donut,
            &["石墨", "煤炭", "其他"],
            vec![Series {
                name: "占比".into(),
                color: palette::PEER,
                values: vec![Some(30.0), Some(50.0), Some(20.0)],
                point_colors: Some(vec![palette::HOME, palette::PARENT, palette::OTHER]),
                emphasis: false,
            }],
        );
        let out = chart_svg(m(), &c);
        let d = doc(&out.svg);
        assert_eq!(
            d.descendants()
                .filter(|n| n.attribute("class") == Some("slice"))
                .count(),
            3
        );
        assert!(texts(&out.svg).iter().any(|t| t == "50.0%"));

        c.kind = ChartKind::Waterfall;
        c.series[0].values = vec![Some(8.0), Some(3.0), Some(-1.0)];
        c.references.push(ReferenceLine {
            label: "合计".into(),
            value: 10.0,
            color: palette::HOME,
        });
        let out = chart_svg(m(), &c);
        let d = doc(&out.svg);
        let bars: Vec<_> = d
            .descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("bar")))
            .collect();
        assert_eq!(bars.len(), 4, "three pulls and the total");
        let t = texts(&out.svg);
        for want in ["8.0", "-1.0", "10.0", "合计", "石墨"] {
            assert!(t.iter().any(|x| x == want), "missing {want} in {t:?}");
        }
    }

    #[test]
    fn text_is_escaped_and_labels_split() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(
            split_label("2022年1—2月"),
            ("1—2月".to_string(), Some("2022年".to_string()))
        );
        assert_eq!(
            split_label("Jan–Feb 2022"),
            ("Jan–Feb".to_string(), Some("2022".to_string()))
        );
        assert_eq!(split_label("3月"), ("3月".to_string(), None));
        assert_eq!(nice_ticks(0.0, 19.2, 5.0), (0.0, 20.0, 5.0));
        assert_eq!(tick_label(-0.0, 5.0), "0");
    }
}
