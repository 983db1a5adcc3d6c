//! Laying out each kind of slide: sizes are measured with the bundled font's metrics
//! ([`crate::export::text`]) with some slack for the office suite's faces, so titles,
//! bullets and tables are set at the largest size that fits the slide.
//!
//! Geometry is in points (the slide is 960 × 540) and written in EMU.

use std::fmt::Write as _;

use super::parts::{NOTES_BODY, NOTES_IMAGE};
use super::xml::{
    self, Align, Anchor, Bullet, DECL, EMU_PER_PT, Font, NS, Rect, TREE_START, paragraph,
};
use super::{Body, Slide};
use crate::briefing::{Briefing, Cell, Table};
use crate::export::docx::{BODY_FONT, HEADING_FONT};
use crate::export::text::{self, FontMetrics};
use crate::export::{ExportError, Format, png};
use crate::model::Lang;

/// Slide size in points.
const SLIDE_W: f32 = 960.0;
const MARGIN_X: f32 = 36.0;
const CONTENT_W: f32 = SLIDE_W - 2.0 * MARGIN_X;
const TITLE_Y: f32 = 22.0;
const TITLE_H: f32 = 56.0;
const RULE_Y: f32 = 82.0;
const BODY_Y: f32 = 96.0;
const BODY_BOTTOM: f32 = 500.0;
const BODY_H: f32 = BODY_BOTTOM - BODY_Y;
const FOOT_Y: f32 = 508.0;
const FOOT_H: f32 = 24.0;

/// The office suites' faces (黑体, 仿宋 or their substitutes) may set text wider than
/// the bundled font measures it.
const SLACK: f32 = 1.12;
/// Line height as a multiple of the font size (single spacing in the office suites).
const LEADING: f32 = 1.25;

const RED: &str = "C00000";
const INK: &str = "222222";
const MUTED: &str = "595959";
const NOTE_RED: &str = "C81E1E";
const HEADER_FILL: &str = "EEEEEE";
const FIGURE_FILL: &str = "F4F4F4";

const TITLE_FONT: Font = Font {
    size: 28.0,
    east_asia: HEADING_FONT,
    color: INK,
};
const BODY: Font = Font {
    size: 18.0,
    east_asia: BODY_FONT,
    color: INK,
};

fn emu(pt: f32) -> i64 {
    (pt * EMU_PER_PT).round() as i64
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
    Rect {
        x: emu(x),
        y: emu(y),
        w: emu(w),
        h: emu(h),
    }
}

fn metrics() -> Result<&'static FontMetrics, ExportError> {
    text::metrics().map_err(|e| ExportError::build(Format::Pptx, "font", e))
}

/// The lines `s` takes at `size` in `width` points.
fn lines(m: &FontMetrics, s: &str, size: f32, width: f32) -> usize {
    text::break_lines(m, s, size, width / SLACK, 0.0)
        .len()
        .max(1)
}

/// The largest of `sizes` at which `s` fits `width` on one line (else the smallest).
fn one_line_size(m: &FontMetrics, s: &str, width: f32, sizes: &[f32]) -> f32 {
    sizes
        .iter()
        .copied()
        .find(|size| m.width(s, *size) * SLACK <= width)
        .unwrap_or_else(|| sizes.last().copied().unwrap_or(12.0))
}

/// A drawn slide: its XML and its images (relationship id, PNG bytes).
pub struct Drawn {
    /// The slide part.
    pub xml: String,
    /// The pictures it shows.
    pub images: Vec<(String, Vec<u8>)>,
}

/// Shapes of a slide, numbered as they are added.
struct Shapes {
    xml: String,
    next_id: u32,
}

impl Shapes {
    fn new() -> Self {
        Shapes {
            xml: String::new(),
            next_id: 2,
        }
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn text(&mut self, name: &str, r: Rect, anchor: Anchor, fill: Option<&str>, paras: &str) {
        let id = self.id();
        self.xml
            .push_str(&xml::text_box(id, name, r, anchor, fill, paras));
    }
}

/// Draws slide `n` of `total`.
pub fn slide(b: &Briefing, s: &Slide<'_>, n: usize, total: usize) -> Result<Drawn, ExportError> {
    let m = metrics()?;
    let mut shapes = Shapes::new();
    let mut images = Vec::new();
    match &s.body {
        Body::Cover { period, byline } => cover(m, &mut shapes, b.lang, &s.title, period, byline),
        body => {
            title(m, &mut shapes, b.lang, &s.title);
            match body {
                Body::Figures {
                    caption,
                    figures,
                    lead,
                } => figures_body(m, &mut shapes, b.lang, caption, figures, lead.as_deref()),
                Body::Table { table, rows } => {
                    table_body(m, &mut shapes, b.lang, table, rows.clone());
                }
                Body::Chart(c) => {
                    // The slide's title names the chart, and its note sits at the foot.
                    let bare = crate::briefing::chart::Chart {
                        title: String::new(),
                        note: None,
                        ..(*c).clone()
                    };
                    let svg = png::svg_of(&bare, Format::Pptx)?;
                    let img = png::render_svg(&svg, png::EXPORT_SCALE).map_err(|e| {
                        ExportError::build(Format::Pptx, format!("chart “{}”", c.title), e)
                    })?;
                    images.push(picture(&mut shapes, &c.title, img));
                }
                Body::Map(map) => {
                    let bare = crate::briefing::map::MapChart {
                        title: String::new(),
                        ..(*map).clone()
                    };
                    let svg = crate::export::svg::map_svg(m, &bare, b.lang);
                    let img = png::render_svg(&svg, png::EXPORT_SCALE).map_err(|e| {
                        ExportError::build(Format::Pptx, format!("map “{}”", map.title), e)
                    })?;
                    images.push(picture(&mut shapes, &map.title, img));
                }
                Body::Bullets {
                    items,
                    numbered_from,
                    size,
                } => bullets_body(&mut shapes, b.lang, items, *numbered_from, *size),
                Body::Cover { .. } => {}
            }
            foot(m, &mut shapes, b.lang, s.foot_note, n, total);
        }
    }
    let xml = format!(
        concat!(
            "{}<p:sld {}><p:cSld><p:spTree>{}{}</p:spTree></p:cSld>",
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
        ),
        DECL, NS, TREE_START, shapes.xml
    );
    Ok(Drawn { xml, images })
}

/// The cover: the title large, the period under it, a red rule, the byline.
fn cover(
    m: &FontMetrics,
    shapes: &mut Shapes,
    lang: Lang,
    title: &str,
    period: &str,
    byline: &str,
) {
    shapes.xml.push_str(&xml::bar(
        shapes.next_id,
        rect(0.0, 0.0, SLIDE_W, 10.0),
        RED,
    ));
    shapes.next_id += 1;
    let size = one_line_size(m, title, CONTENT_W, &[44.0, 40.0, 36.0, 32.0, 28.0]);
    let font = TITLE_FONT.sized(size).colored(RED);
    let p = paragraph(title, font, lang, Align::Centre, 0.0, Bullet::None);
    shapes.text(
        "Title",
        rect(MARGIN_X, 130.0, CONTENT_W, 130.0),
        Anchor::Bottom,
        None,
        &p,
    );
    let p = paragraph(period, TITLE_FONT, lang, Align::Centre, 0.0, Bullet::None);
    shapes.text(
        "Period",
        rect(MARGIN_X, 272.0, CONTENT_W, 44.0),
        Anchor::Top,
        None,
        &p,
    );
    shapes.xml.push_str(&xml::bar(
        shapes.next_id,
        rect((SLIDE_W - 240.0) / 2.0, 332.0, 240.0, 2.0),
        RED,
    ));
    shapes.next_id += 1;
    let p = paragraph(
        byline,
        BODY.sized(20.0).colored(MUTED),
        lang,
        Align::Centre,
        0.0,
        Bullet::None,
    );
    shapes.text(
        "Byline",
        rect(MARGIN_X, 350.0, CONTENT_W, 60.0),
        Anchor::Top,
        None,
        &p,
    );
}

/// The slide's title and the red rule under it.
fn title(m: &FontMetrics, shapes: &mut Shapes, lang: Lang, title: &str) {
    let size = one_line_size(m, title, CONTENT_W, &[28.0, 26.0, 24.0, 22.0, 20.0]);
    let p = paragraph(
        title,
        TITLE_FONT.sized(size),
        lang,
        Align::Left,
        0.0,
        Bullet::None,
    );
    shapes.text(
        "Title",
        rect(MARGIN_X, TITLE_Y, CONTENT_W, TITLE_H),
        Anchor::Bottom,
        None,
        &p,
    );
    shapes.xml.push_str(&xml::bar(
        shapes.next_id,
        rect(MARGIN_X, RULE_Y, CONTENT_W, 1.5),
        RED,
    ));
    shapes.next_id += 1;
}

/// The foot: a note on the left (red, as the other exports print it), the slide's number on
/// the right.
fn foot(
    m: &FontMetrics,
    shapes: &mut Shapes,
    lang: Lang,
    note: Option<&str>,
    n: usize,
    total: usize,
) {
    const NUMBER_W: f32 = 72.0;
    if let Some(note) = note {
        let width = CONTENT_W - NUMBER_W;
        let size = if lines(m, note, 11.0, width) <= 1 {
            11.0
        } else {
            9.0
        };
        let p = paragraph(
            note,
            BODY.sized(size).colored(NOTE_RED),
            lang,
            Align::Left,
            0.0,
            Bullet::None,
        );
        shapes.text(
            "Note",
            rect(MARGIN_X, FOOT_Y, width, FOOT_H),
            Anchor::Middle,
            None,
            &p,
        );
    }
    let number = format!("{n} / {total}");
    let p = paragraph(
        &number,
        BODY.sized(12.0).colored(MUTED),
        lang,
        Align::Right,
        0.0,
        Bullet::None,
    );
    shapes.text(
        "Slide Number",
        rect(SLIDE_W - MARGIN_X - NUMBER_W, FOOT_Y, NUMBER_W, FOOT_H),
        Anchor::Middle,
        None,
        &p,
    );
}

/// The headline figures: the row's label, a grid of boxes (value large, what it is under
/// it), the narrative's first sentence at the bottom.
fn figures_body(
    m: &FontMetrics,
    shapes: &mut Shapes,
    lang: Lang,
    caption: &str,
    figures: &[(String, String)],
    lead: Option<&str>,
) {
    const GAP: f32 = 16.0;
    const CAPTION_H: f32 = 34.0;
    const LEAD_SIZE: f32 = 20.0;
    let p = paragraph(
        caption,
        TITLE_FONT.sized(22.0).colored(MUTED),
        lang,
        Align::Left,
        0.0,
        Bullet::None,
    );
    shapes.text(
        "Caption",
        rect(MARGIN_X, BODY_Y, CONTENT_W, CAPTION_H),
        Anchor::Top,
        None,
        &p,
    );
    let lead_h = lead.map_or(0.0, |l| {
        lines(m, l, LEAD_SIZE, CONTENT_W) as f32 * LEAD_SIZE * LEADING + 8.0
    });
    if let Some(l) = lead {
        let p = paragraph(
            l,
            BODY.sized(LEAD_SIZE),
            lang,
            Align::Left,
            0.0,
            Bullet::None,
        );
        shapes.text(
            "Lead",
            rect(MARGIN_X, BODY_BOTTOM - lead_h, CONTENT_W, lead_h),
            Anchor::Bottom,
            None,
            &p,
        );
    }
    let n = figures.len().max(1);
    let cols = if n == 4 { 2 } else { n.min(3) };
    let rows = n.div_ceil(cols);
    let top = BODY_Y + CAPTION_H + 8.0;
    let grid_h = BODY_BOTTOM - lead_h - GAP - top;
    let box_w = (CONTENT_W - GAP * (cols - 1) as f32) / cols as f32;
    let box_h = (grid_h - GAP * (rows - 1) as f32) / rows as f32;
    for (i, (value, what)) in figures.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        let x = MARGIN_X + c as f32 * (box_w + GAP);
        let y = top + r as f32 * (box_h + GAP);
        let room = (box_w - 24.0) / (m.width(value, 1.0).max(0.1) * SLACK);
        let size = room.min(box_h * 0.42).clamp(18.0, 60.0).floor();
        let color = if i == 0 { RED } else { INK };
        let value_font = TITLE_FONT.sized(size).colored(color);
        let label_size = one_line_size(m, what, box_w - 16.0, &[18.0, 16.0, 14.0, 12.0]);
        let paras = paragraph(value, value_font, lang, Align::Centre, 4.0, Bullet::None)
            + &paragraph(
                what,
                BODY.sized(label_size).colored(MUTED),
                lang,
                Align::Centre,
                0.0,
                Bullet::None,
            );
        shapes.text(
            "Figure",
            rect(x, y, box_w, box_h),
            Anchor::Middle,
            Some(FIGURE_FILL),
            &paras,
        );
    }
}

/// A picture filling the body at its aspect ratio; returns its relationship and bytes.
fn picture(shapes: &mut Shapes, descr: &str, img: png::Png) -> (String, Vec<u8>) {
    let aspect = img.height.max(1) as f32 / img.width.max(1) as f32;
    let (w, h) = if CONTENT_W * aspect <= BODY_H {
        (CONTENT_W, CONTENT_W * aspect)
    } else {
        (BODY_H / aspect, BODY_H)
    };
    let rel = format!("rId{}", 10 + shapes.next_id);
    let id = shapes.id();
    let r = rect((SLIDE_W - w) / 2.0, BODY_Y + (BODY_H - h) / 2.0, w, h);
    shapes.xml.push_str(&xml::picture(id, descr, &rel, r));
    (rel, img.png)
}

/// The bullets' height at `size` relative to the body: true when they fit one slide.
pub fn bullets_fit(m: &FontMetrics, items: &[String], size: f32) -> bool {
    let width = CONTENT_W - size * xml::hang_em(Bullet::Number(1));
    let lines: usize = items.iter().map(|s| lines(m, s, size, width)).sum();
    let gaps = items.len().saturating_sub(1) as f32 * size * 0.5;
    lines as f32 * size * LEADING + gaps <= BODY_H
}

/// Sentences as bullets, or lines numbered from `numbered_from`.
fn bullets_body(
    shapes: &mut Shapes,
    lang: Lang,
    items: &[String],
    numbered_from: Option<usize>,
    size: f32,
) {
    let mut paras = String::new();
    for (i, item) in items.iter().enumerate() {
        let bullet = match numbered_from {
            Some(first) => Bullet::Number(first + i),
            None => Bullet::Char('•'),
        };
        paras.push_str(&paragraph(
            item,
            BODY.sized(size),
            lang,
            Align::Left,
            size * 0.5,
            bullet,
        ));
    }
    shapes.text(
        "Text",
        rect(MARGIN_X, BODY_Y, CONTENT_W, BODY_H),
        Anchor::Top,
        None,
        &paras,
    );
}

/// Sizes tried for a table, largest first.
const TABLE_SIZES: [f32; 11] = [
    24.0, 22.0, 20.0, 18.0, 16.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0,
];
/// A cell's margins in points.
const CELL_X: f32 = 4.0;
const CELL_Y: f32 = 3.0;

/// A table laid out at one size.
struct TableLayout {
    size: f32,
    widths: Vec<f32>,
    header: Vec<String>,
    heights: Vec<f32>,
}

/// The table's columns and rows at `size` (widths from the whole table, so its slides
/// agree; heights for `rows`), narrower than the slide when its text is short.
fn table_layout(
    m: &FontMetrics,
    t: &Table,
    rows: std::ops::Range<usize>,
    size: f32,
) -> TableLayout {
    let pad = 2.0 * CELL_X + 2.0;
    let natural: f32 = (0..t.columns.len())
        .map(|i| {
            let cells = t.rows.iter().filter_map(|r| r.get(i)).map(Cell::display);
            cells
                .chain(t.columns.get(i).cloned())
                .map(|s| m.width(&s, size))
                .fold(0.0, f32::max)
                + pad
        })
        .sum();
    let total = (natural * SLACK * 1.1).clamp(CONTENT_W * 0.5, CONTENT_W);
    let widths: Vec<f32> = crate::export::pdf::column_widths(m, t, total / SLACK, size)
        .into_iter()
        .map(|w| w * SLACK)
        .collect();
    let inner =
        |i: usize| ((widths.get(i).copied().unwrap_or(0.0) - 2.0 * CELL_X) / SLACK).max(size);
    let header: Vec<String> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let broken = text::break_balanced(m, h, size, inner(i));
            broken
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    let row_h = |n: usize| n.max(1) as f32 * size * LEADING + 2.0 * CELL_Y;
    let mut heights = vec![row_h(
        header.iter().map(|h| h.lines().count()).max().unwrap_or(1),
    )];
    for r in &t.rows[rows] {
        let n = (0..t.columns.len())
            .map(|i| {
                let s = r.get(i).map(Cell::display).unwrap_or_default();
                text::break_label(m, &s, size, inner(i)).len()
            })
            .max()
            .unwrap_or(1);
        heights.push(row_h(n));
    }
    TableLayout {
        size,
        widths,
        header,
        heights,
    }
}

/// A table (its note under the title, then the header and `rows`) at the largest size that
/// fits the body.
fn table_body(
    m: &FontMetrics,
    shapes: &mut Shapes,
    lang: Lang,
    t: &Table,
    rows: std::ops::Range<usize>,
) {
    let mut top = BODY_Y;
    if let Some(note) = &t.note {
        let h = lines(m, note, 14.0, CONTENT_W) as f32 * 14.0 * LEADING;
        let p = paragraph(
            note,
            BODY.sized(14.0).colored(MUTED),
            lang,
            Align::Left,
            0.0,
            Bullet::None,
        );
        shapes.text(
            "Table Note",
            rect(MARGIN_X, top, CONTENT_W, h),
            Anchor::Top,
            None,
            &p,
        );
        top += h + 6.0;
    }
    let available = BODY_BOTTOM - top;
    let layout = TABLE_SIZES
        .iter()
        .map(|size| table_layout(m, t, rows.clone(), *size))
        .find(|l| l.heights.iter().sum::<f32>() <= available)
        .unwrap_or_else(|| table_layout(m, t, rows.clone(), 9.0));
    let size = layout.size;
    let header_font = TITLE_FONT.sized(size);
    let body_font = BODY.sized(size);
    let (mx, my) = (emu(CELL_X), emu(CELL_Y));
    let mut out_rows = Vec::new();
    let header: Vec<String> = layout
        .header
        .iter()
        .map(|h| {
            xml::table_cell(
                &paragraph(h, header_font, lang, Align::Centre, 0.0, Bullet::None),
                Some(HEADER_FILL),
                mx,
                my,
            )
        })
        .collect();
    out_rows.push((emu(layout.heights[0]), header));
    for (k, r) in t.rows[rows].iter().enumerate() {
        let cells = (0..t.columns.len())
            .map(|i| {
                let cell = r.get(i).unwrap_or(&Cell::Empty);
                // Numbers centred under their centred headers, as in the Word export.
                let align = match cell {
                    Cell::Text(_) if i == 0 => Align::Left,
                    _ => Align::Centre,
                };
                let p = paragraph(&cell.display(), body_font, lang, align, 0.0, Bullet::None);
                xml::table_cell(&p, None, mx, my)
            })
            .collect();
        out_rows.push((
            emu(layout.heights.get(k + 1).copied().unwrap_or(size)),
            cells,
        ));
    }
    let widths: Vec<i64> = layout.widths.iter().map(|w| emu(*w)).collect();
    let total_w: f32 = layout.widths.iter().sum();
    let id = shapes.id();
    let x = emu(MARGIN_X + (CONTENT_W - total_w).max(0.0) / 2.0);
    let _ = write!(
        shapes.xml,
        "{}",
        xml::table_frame(id, &t.title, x, emu(top), &widths, &out_rows)
    );
}

/// A notes slide holding `paragraphs`.
pub fn notes(lang: Lang, paragraphs: &[&str]) -> String {
    let font = BODY.sized(12.0);
    let body: String = paragraphs
        .iter()
        .map(|p| paragraph(p, font, lang, Align::Left, 6.0, Bullet::None))
        .collect();
    let (ix, iy, iw, ih) = NOTES_IMAGE;
    let (bx, by, bw, bh) = NOTES_BODY;
    format!(
        concat!(
            "{decl}<p:notes {ns}><p:cSld><p:spTree>{tree}",
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/>"#,
            r#"<p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr>"#,
            r#"<p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr>"#,
            r#"<p:spPr><a:xfrm><a:off x="{ix}" y="{iy}"/><a:ext cx="{iw}" cy="{ih}"/></a:xfrm></p:spPr></p:sp>"#,
            r#"<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/>"#,
            r#"<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr>"#,
            r#"<p:spPr><a:xfrm><a:off x="{bx}" y="{by}"/><a:ext cx="{bw}" cy="{bh}"/></a:xfrm></p:spPr>"#,
            "<p:txBody><a:bodyPr/><a:lstStyle/>{body}</p:txBody></p:sp>",
            "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
        ),
        decl = DECL,
        ns = NS,
        tree = TREE_START,
        ix = ix,
        iy = iy,
        iw = iw,
        ih = ih,
        bx = bx,
        by = by,
        bw = bw,
        bh = bh,
        body = body,
    )
}
