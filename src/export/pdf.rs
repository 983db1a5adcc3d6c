//! The briefing as an A4 PDF with krilla: the bundled CJK font embedded and subset, text
//! selectable and extractable (each line is one text run with its own glyph positions, so
//! `pdftotext` gives whole sentences), charts drawn as vectors from our SVG by krilla-svg,
//! and our own line breaking ([`super::text`]) and pagination.
//!
//! Layout happens first, into pages of drawing operations; drawing follows, once the number
//! of pages is known (for the page numbers "— 1 —" as GB/T 9704 prints them).

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla_svg::{SurfaceExt, SvgSettings};

use super::svg::SvgChart;
use super::text::{
    FontMetrics, Line, break_balanced, break_lines, is_cjk_text, is_word_char, longest_unit,
    metrics,
};
use super::{Block, ExportError, Format, blocks, sources_heading};
use crate::assets::CJK_FONT;
use crate::briefing::palette::Rgb;
use crate::briefing::{Briefing, Cell, Table};
use crate::model::Lang;

/// A4 in points.
const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 62.0;
const MARGIN_TOP: f32 = 62.0;
const MARGIN_BOTTOM: f32 = 70.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const BOTTOM: f32 = PAGE_H - MARGIN_BOTTOM;

const BLACK: Rgb = Rgb(0x1A, 0x1A, 0x1A);
const GREY: Rgb = Rgb(0x55, 0x55, 0x55);
const RULE_RED: Rgb = Rgb(0xC8, 0x1E, 0x1E);
const BORDER: Rgb = Rgb(0x60, 0x60, 0x60);
const HEADER_FILL: Rgb = Rgb(0xEE, 0xEE, 0xEE);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
struct Style {
    size: f32,
    leading: f32,
    color: Rgb,
    bold: bool,
    align: Align,
    /// First-line indent in ems.
    indent_em: f32,
    before: f32,
    after: f32,
}

const TITLE: Style = Style {
    size: 20.0,
    leading: 31.0,
    color: BLACK,
    bold: true,
    align: Align::Center,
    indent_em: 0.0,
    before: 0.0,
    after: 6.0,
};
const BYLINE: Style = Style {
    size: 10.5,
    leading: 16.0,
    color: GREY,
    bold: false,
    align: Align::Center,
    indent_em: 0.0,
    before: 0.0,
    after: 6.0,
};
const HEADING: Style = Style {
    size: 14.0,
    leading: 24.0,
    color: BLACK,
    bold: true,
    align: Align::Left,
    indent_em: 0.0,
    before: 10.0,
    after: 4.0,
};
const BODY: Style = Style {
    size: 12.0,
    leading: 21.0,
    color: BLACK,
    bold: false,
    align: Align::Justify,
    indent_em: 2.0,
    before: 0.0,
    after: 4.0,
};
const CAPTION: Style = Style {
    size: 11.0,
    leading: 17.0,
    color: BLACK,
    bold: true,
    align: Align::Center,
    indent_em: 0.0,
    before: 12.0,
    after: 4.0,
};
const NOTE: Style = Style {
    size: 9.0,
    leading: 13.5,
    color: GREY,
    bold: false,
    align: Align::Left,
    indent_em: 0.0,
    before: 0.0,
    after: 1.5,
};
const CELL_SIZE: f32 = 9.5;
const CELL_LEADING: f32 = 13.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.5;

/// One drawing operation at page coordinates (y down from the top).
#[derive(Debug, Clone)]
enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        text: String,
        color: Rgb,
        bold: bool,
        /// Stretch the line to this width (justified text).
        justify_to: Option<f32>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Chart {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

struct Layout<'m> {
    m: &'m FontMetrics,
    pages: Vec<Vec<Op>>,
    y: f32,
    charts: Vec<SvgChart>,
    outline: Vec<(String, usize, f32)>,
}

impl<'m> Layout<'m> {
    fn new(m: &'m FontMetrics) -> Self {
        Layout {
            m,
            pages: vec![Vec::new()],
            y: MARGIN_TOP,
            charts: Vec::new(),
            outline: Vec::new(),
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    fn at_top(&self) -> bool {
        self.y <= MARGIN_TOP + 0.5
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    /// The baseline of text of `size` centred in a line box of `leading` starting at `top`.
    fn baseline(&self, top: f32, size: f32, leading: f32) -> f32 {
        let centre = (self.m.ascender_em() + self.m.descender_em()) / 2.0 * size;
        top + leading / 2.0 + centre
    }

    fn text_line(&mut self, x: f32, top: f32, style: &Style, line: &Line, width: f32) {
        let x = match style.align {
            Align::Left | Align::Justify => x,
            Align::Center => x + (width - line.width) / 2.0,
            Align::Right => x + width - line.width,
        };
        let justify_to = (style.align == Align::Justify && !line.last).then_some(width);
        let baseline = self.baseline(top, style.size, style.leading);
        self.ops().push(Op::Text {
            x,
            baseline,
            size: style.size,
            text: line.text.clone(),
            color: style.color,
            bold: style.bold,
            justify_to,
        });
    }

    /// A paragraph across the content width, breaking pages between lines (never leaving a
    /// single first line at the foot of a page).
    fn paragraph(&mut self, text: &str, style: &Style) {
        let indent = if style.indent_em > 0.0 && is_cjk_text(text) {
            style.indent_em * style.size
        } else {
            0.0
        };
        let lines = break_lines(self.m, text, style.size, CONTENT_W, indent);
        self.y += style.before;
        let first = if lines.len() >= 2 { 2.0 } else { 1.0 };
        self.ensure(style.leading * first);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(style.leading);
            let ind = if i == 0 { indent } else { 0.0 };
            let top = self.y;
            self.text_line(MARGIN_X + ind, top, style, line, CONTENT_W - ind);
            self.y += style.leading;
        }
        self.y += style.after;
    }

    fn heading(&mut self, text: &str) {
        // Keep the heading with at least two lines of what follows.
        self.ensure(HEADING.before + HEADING.leading + HEADING.after + 2.0 * BODY.leading);
        let page = self.pages.len() - 1;
        self.outline.push((text.to_string(), page, self.y));
        self.paragraph(text, &HEADING);
    }

    fn rule(&mut self, y: f32, x1: f32, x2: f32, width: f32, color: Rgb) {
        self.ops().push(Op::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            color,
        });
    }

    fn chart(&mut self, svg: SvgChart) {
        let w = CONTENT_W;
        let h = w * svg.height / svg.width;
        self.y += 10.0;
        self.ensure(h);
        let index = self.charts.len();
        self.charts.push(svg);
        let y = self.y;
        self.ops().push(Op::Chart {
            index,
            x: MARGIN_X,
            y,
            w,
            h,
        });
        self.y += h + 10.0;
    }

    fn table(&mut self, t: &Table) {
        let ncol = t.columns.len().max(1);
        let widths = column_widths(self.m, t, CONTENT_W, CELL_SIZE);
        let cell_lines = |m: &FontMetrics, text: &str, w: f32| {
            break_balanced(m, text, CELL_SIZE, w - 2.0 * CELL_PAD_X)
        };
        let header: Vec<Vec<Line>> = t
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell_lines(self.m, c, *w))
            .collect();
        let header_h = row_height(&header);
        let rows: Vec<(Vec<Vec<Line>>, Vec<Align>)> = t
            .rows
            .iter()
            .map(|r| {
                let lines = (0..ncol)
                    .map(|i| {
                        let text = r.get(i).map(Cell::display).unwrap_or_default();
                        cell_lines(self.m, &text, widths.get(i).copied().unwrap_or(40.0))
                    })
                    .collect();
                let aligns = (0..ncol)
                    .map(|i| match r.get(i) {
                        Some(Cell::Number { .. }) => Align::Right,
                        Some(Cell::Text(_)) if i == 0 => Align::Left,
                        _ => Align::Center,
                    })
                    .collect();
                (lines, aligns)
            })
            .collect();
        // The caption, the header and the first two rows stay together.
        let first_rows: f32 = rows.iter().take(2).map(|(l, _)| row_height(l)).sum();
        self.y += CAPTION.before;
        let note_h = if t.note.is_some() {
            NOTE.leading + NOTE.after
        } else {
            0.0
        };
        self.ensure(CAPTION.leading + CAPTION.after + note_h + header_h + first_rows);
        let caption = CAPTION;
        let caption_style = Style {
            before: 0.0,
            ..caption
        };
        self.paragraph(&t.title, &caption_style);
        if let Some(note) = &t.note {
            // What the table rests on (a scorecard's weights), centred under its caption.
            self.paragraph(
                note,
                &Style {
                    align: Align::Center,
                    after: 3.0,
                    ..NOTE
                },
            );
        }
        let header_aligns = vec![Align::Center; ncol];
        // Numbers are right-aligned (decimal points line up) in a box as wide as the
        // column's widest number, centred in the column.
        let num_w: Vec<f32> = (0..ncol)
            .map(|i| {
                t.rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .filter(|c| matches!(c, Cell::Number { .. }))
                    .map(|c| self.m.width(&c.display(), CELL_SIZE))
                    .fold(0.0f32, f32::max)
            })
            .collect();
        let no_num = vec![0.0; ncol];
        self.table_row(&header, &header_aligns, &widths, &no_num, header_h, true);
        for (lines, aligns) in &rows {
            let h = row_height(lines);
            if self.y + h > BOTTOM && !self.at_top() {
                self.new_page();
                // The header again on the new page, as Word does with "repeat header rows".
                self.table_row(&header, &header_aligns, &widths, &no_num, header_h, true);
            }
            self.table_row(lines, aligns, &widths, &num_w, h, false);
        }
        self.y += 8.0;
    }

    fn table_row(
        &mut self,
        cells: &[Vec<Line>],
        aligns: &[Align],
        widths: &[f32],
        num_w: &[f32],
        h: f32,
        header: bool,
    ) {
        let top = self.y;
        let total: f32 = widths.iter().sum();
        if header {
            self.ops().push(Op::Fill {
                x: MARGIN_X,
                y: top,
                w: total,
                h,
                color: HEADER_FILL,
            });
        }
        let mut x = MARGIN_X;
        for (i, lines) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0.0);
            let align = aligns.get(i).copied().unwrap_or(Align::Center);
            let style = Style {
                size: CELL_SIZE,
                leading: CELL_LEADING,
                color: BLACK,
                bold: header,
                align,
                indent_em: 0.0,
                before: 0.0,
                after: 0.0,
            };
            // Vertically centred in the row.
            let block = lines.len() as f32 * CELL_LEADING;
            let mut line_top = top + (h - block) / 2.0;
            let inner = w - 2.0 * CELL_PAD_X;
            let (bx, bw) = match (align, num_w.get(i).copied()) {
                (Align::Right, Some(nw)) if nw > 0.0 && nw < inner => {
                    (x + CELL_PAD_X + (inner - nw) / 2.0, nw)
                }
                _ => (x + CELL_PAD_X, inner),
            };
            for line in lines {
                self.text_line(bx, line_top, &style, line, bw);
                line_top += CELL_LEADING;
            }
            x += w;
        }
        // Borders: top and bottom of the row, and every column edge.
        let right = MARGIN_X + total;
        self.rule(top, MARGIN_X, right, 0.6, BORDER);
        self.rule(top + h, MARGIN_X, right, 0.6, BORDER);
        let mut x = MARGIN_X;
        for w in std::iter::once(0.0).chain(widths.iter().copied()) {
            x += w;
            self.ops().push(Op::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: top + h,
                width: 0.6,
                color: BORDER,
            });
        }
        self.y = top + h;
    }
}

fn row_height(cells: &[Vec<Line>]) -> f32 {
    let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    n as f32 * CELL_LEADING + 2.0 * CELL_PAD_Y
}

/// Column widths that fit `total` for text of `size`: every column gets at least its widest
/// unbreakable piece (a word, a number, a short parenthetical), then the remaining space is
/// shared in proportion to what each column still needs to set its header and cells on one
/// line; space left over after that is shared in proportion to the widths.
pub(crate) fn column_widths(m: &FontMetrics, t: &Table, total: f32, size: f32) -> Vec<f32> {
    let ncol = t.columns.len().max(1);
    let pad = 2.0 * CELL_PAD_X * size / CELL_SIZE + 1.0;
    let texts = |i: usize| -> Vec<String> {
        t.columns
            .get(i)
            .cloned()
            .into_iter()
            .chain(t.rows.iter().filter_map(|r| r.get(i)).map(Cell::display))
            .collect()
    };
    let need: Vec<f32> = (0..ncol)
        .map(|i| {
            texts(i)
                .iter()
                .map(|x| longest_unit(m, x, size))
                .fold(0.0f32, f32::max)
                .min(total * 0.45)
                + pad
        })
        .collect();
    let natural = |i: usize, with_header: bool| -> f32 {
        let header = t.columns.get(i).filter(|_| with_header);
        t.rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(Cell::display)
            .chain(header.cloned())
            .map(|x| m.width(&x, size))
            .fold(0.0f32, f32::max)
            + pad
    };
    let need_sum: f32 = need.iter().sum();
    if need_sum >= total {
        return need.iter().map(|w| w * total / need_sum).collect();
    }
    // Water-filling in two rounds: first towards setting every body cell on one line, then
    // every header (a header on two lines reads better than a cell on three). In each
    // round small wishes are met in full first and the large ones share what is left.
    let mut w = need.clone();
    let mut remaining = total - need_sum;
    for with_header in [false, true] {
        let wish: Vec<f32> = (0..ncol)
            .map(|i| (natural(i, with_header).max(2.0 * size + pad) - w[i]).max(0.0))
            .collect();
        let mut order: Vec<usize> = (0..ncol).collect();
        order.sort_by(|a, b| wish[*a].total_cmp(&wish[*b]));
        for (k, &i) in order.iter().enumerate() {
            let share = remaining / (ncol - k) as f32;
            let give = wish[i].min(share);
            w[i] += give;
            remaining -= give;
        }
    }
    let sum: f32 = w.iter().sum();
    if sum < total {
        let k = total / sum;
        w.iter_mut().for_each(|x| *x *= k);
    }
    w
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(c: Rgb, width: f32) -> Stroke {
    Stroke {
        paint: color(c).into(),
        width,
        ..Default::default()
    }
}

/// True when extra space may go between these two characters when justifying: around Han
/// characters, full-width punctuation and spaces, never inside a Latin word or a number.
fn stretchable(a: char, b: char) -> bool {
    a == ' ' || b == ' ' || !(is_word_char(a) && is_word_char(b))
}

fn draw_text(
    surface: &mut Surface<'_>,
    m: &FontMetrics,
    font: &Font,
    op: (&str, f32, f32, f32, Option<f32>),
) {
    let (text, x, baseline, size, justify_to) = op;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let natural = m.width(text, size);
    let gaps: Vec<bool> = chars
        .windows(2)
        .map(|w| stretchable(w[0].1, w[1].1))
        .collect();
    let n_gaps = gaps.iter().filter(|g| **g).count();
    let mut extra_em = 0.0;
    if let Some(target) = justify_to
        && n_gaps > 0
        && target > natural
    {
        let per_gap = (target - natural) / n_gaps as f32;
        // A line that would need wide gaps (before a long word) stays ragged instead.
        if per_gap <= 0.35 * size {
            extra_em = per_gap / size;
        }
    }
    let glyphs: Vec<KrillaGlyph> = chars
        .iter()
        .enumerate()
        .map(|(i, (at, c))| {
            let extra = if gaps.get(i).copied().unwrap_or(false) {
                extra_em
            } else {
                0.0
            };
            KrillaGlyph::new(
                GlyphId::new(u32::from(m.glyph(*c))),
                m.advance_em(*c) + extra,
                0.0,
                0.0,
                0.0,
                *at..*at + c.len_utf8(),
                None,
            )
        })
        .collect();
    surface.draw_glyphs(
        Point::from_xy(x, baseline),
        &glyphs,
        font.clone(),
        text,
        size,
        false,
    );
}

fn draw_page(
    surface: &mut Surface<'_>,
    m: &FontMetrics,
    font: &Font,
    ops: &[Op],
    trees: &[usvg::Tree],
) -> Result<(), String> {
    for op in ops {
        match op {
            Op::Text {
                x,
                baseline,
                size,
                text,
                color: c,
                bold,
                justify_to,
            } => {
                surface.set_fill(Some(fill(*c)));
                // Only one weight is bundled: headings get a hairline outline of the glyphs
                // in the same colour, which still extracts as one text run.
                surface.set_stroke(bold.then(|| stroke(*c, size * 0.035)));
                draw_text(surface, m, font, (text, *x, *baseline, *size, *justify_to));
                surface.set_stroke(None);
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color: c,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(*x1, *y1);
                pb.line_to(*x2, *y2);
                if let Some(path) = pb.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(stroke(*c, *width)));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
            Op::Fill {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                let mut pb = PathBuilder::new();
                if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                    pb.push_rect(rect);
                }
                if let Some(path) = pb.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*c)));
                    surface.draw_path(&path);
                }
            }
            Op::Chart { index, x, y, w, h } => {
                let tree = trees
                    .get(*index)
                    .ok_or_else(|| format!("chart {index} was not prepared"))?;
                let size = Size::from_wh(*w, *h).ok_or("a chart has no size")?;
                surface.push_transform(&Transform::from_translate(*x, *y));
                let drawn = surface.draw_svg(tree, size, SvgSettings::default());
                surface.pop();
                drawn.ok_or("krilla-svg could not draw a chart")?;
            }
        }
    }
    Ok(())
}

/// Lays the briefing out into pages.
fn layout<'m>(m: &'m FontMetrics, b: &Briefing) -> Layout<'m> {
    let mut l = Layout::new(m);
    l.paragraph(&b.title, &TITLE);
    l.paragraph(&b.byline, &BYLINE);
    let y = l.y + 2.0;
    l.rule(y, MARGIN_X, MARGIN_X + CONTENT_W, 1.2, RULE_RED);
    l.y = y + 14.0;
    for block in blocks(b) {
        match block {
            Block::Heading(h) => l.heading(h),
            Block::Paragraph(p) => l.paragraph(p, &BODY),
            Block::Table(t) => l.table(t),
            Block::Chart(c) => {
                let svg = super::svg::chart_svg(m, c);
                l.chart(svg);
            }
            Block::Map(map) => l.chart(super::svg::map_svg(m, map, b.lang)),
        }
    }
    if !b.sources.is_empty() || b.illustrative_note.is_some() {
        l.y += 12.0;
        l.ensure(NOTE.leading * 3.0 + 8.0);
        let y = l.y;
        l.rule(y, MARGIN_X, MARGIN_X + CONTENT_W / 3.0, 0.6, GREY);
        l.y += 6.0;
        if !b.sources.is_empty() {
            let sep = b.lang.pick("：", ": ");
            l.paragraph(&format!("{}{sep}", sources_heading(b)), &NOTE);
            for (i, s) in b.sources.iter().enumerate() {
                l.paragraph(&format!("{}. {s}", i + 1), &NOTE);
            }
        }
        if let Some(note) = &b.illustrative_note {
            l.y += 3.0;
            l.paragraph(
                note,
                &Style {
                    color: RULE_RED,
                    ..NOTE
                },
            );
        }
    }
    l
}

fn page_number(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("— {n} —"),
        Lang::En => format!("– {n} –"),
    }
}

/// Renders the briefing as PDF bytes.
pub fn render(b: &Briefing) -> Result<Vec<u8>, ExportError> {
    let m = metrics().map_err(|e| ExportError::build(Format::Pdf, "font", e))?;
    let font = Font::new(krilla::Data::from(CJK_FONT), 0).ok_or_else(|| {
        ExportError::build(Format::Pdf, "font", "krilla cannot read the bundled font")
    })?;
    let l = layout(m, b);
    let trees: Vec<usvg::Tree> = l
        .charts
        .iter()
        .map(|svg| super::png::tree(svg).map_err(|e| ExportError::build(Format::Pdf, "chart", e)))
        .collect::<Result<_, _>>()?;
    let mut doc = Document::new();
    let total = l.pages.len();
    for (i, ops) in l.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| {
            ExportError::build(Format::Pdf, "page", "A4 is not a valid page size")
        })?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        draw_page(&mut surface, m, &font, ops, &trees)
            .map_err(|e| ExportError::build(Format::Pdf, format!("page {}", i + 1), e))?;
        if total > 0 {
            let number = page_number(i + 1, b.lang);
            let size = 10.5;
            let x = (PAGE_W - m.width(&number, size)) / 2.0;
            surface.set_fill(Some(fill(GREY)));
            draw_text(
                &mut surface,
                m,
                &font,
                (&number, x, PAGE_H - 38.0, size, None),
            );
        }
        surface.finish();
        page.finish();
    }
    let mut outline = Outline::new();
    for (text, page, y) in &l.outline {
        outline.push_child(OutlineNode::new(
            text.clone(),
            krilla::destination::XyzDestination::new(*page, Point::from_xy(MARGIN_X, *y)),
        ));
    }
    doc.set_outline(outline);
    let date = DateTime::new(u16::try_from(b.date.year()).unwrap_or(2000))
        .month(u8::try_from(b.date.month()).unwrap_or(1))
        .day(u8::try_from(b.date.day()).unwrap_or(1));
    doc.set_metadata(
        Metadata::new()
            .title(b.title.clone())
            .language(b.lang.pick("zh-CN", "en").to_string())
            .creator("Industry Monitor (工业运行监测)".to_string())
            .creation_date(date),
    );
    doc.finish()
        .map_err(|e| ExportError::build(Format::Pdf, "document", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            id: "t".into(),
            note: None,
            title: "表".into(),
            columns: columns.iter().map(|s| s.to_string()).collect(),
            rows,
        }
    }

    #[test]
    fn columns_fit_the_page_and_numbers_are_not_squeezed() {
        let m = metrics().expect("font");
        let t = table(
            &[
                "指标",
                "鸡西市（%）",
                "黑龙江省（%）",
                "全国（%）",
                "与全省差距（个百分点）",
                "与全国差距（个百分点）",
                "全省位次",
            ],
            vec![vec![
                Cell::text("规上工业增加值增速（1—4月）"),
                Cell::rate(Some(19.2)),
                Cell::rate(Some(4.9)),
                Cell::rate(Some(3.6)),
                Cell::rate(Some(14.3)),
                Cell::rate(Some(15.6)),
                Cell::text("1/13"),
            ]],
        );
        let w = column_widths(m, &t, CONTENT_W, CELL_SIZE);
        assert_eq!(w.len(), 7);
        let sum: f32 = w.iter().sum();
        assert!((sum - CONTENT_W).abs() < 0.5, "{sum} vs {CONTENT_W}");
        for (i, x) in w.iter().enumerate() {
            let head = &t.columns[i];
            assert!(
                *x >= longest_unit(m, head, CELL_SIZE) + 2.0 * CELL_PAD_X,
                "column {i} splits its header's parenthetical: {w:?}"
            );
            let lines = break_balanced(m, head, CELL_SIZE, x - 2.0 * CELL_PAD_X);
            assert!(lines.len() <= 2, "{head}: {lines:?}");
        }
        // Body cells come first: the indicator names take at most two lines.
        for r in &t.rows {
            let lines = break_balanced(m, &r[0].display(), CELL_SIZE, w[0] - 2.0 * CELL_PAD_X);
            assert!(lines.len() <= 2, "{lines:?}");
        }
        // A Latin word is never split: the column is at least as wide as the word.
        let en = table(
            &["Region", "Heilongjiang (%)"],
            vec![vec![Cell::text("Jixi"), Cell::rate(Some(4.9))]],
        );
        let w = column_widths(m, &en, 120.0, CELL_SIZE);
        assert!(
            w[1] >= m.width("Heilongjiang", CELL_SIZE) + 2.0 * CELL_PAD_X,
            "{w:?}"
        );
    }

    fn long_briefing() -> Briefing {
        use crate::briefing::document::Section;
        use crate::briefing::narrative::Topic;
        let para = "1—4月，全市规模以上工业增加值同比增长19.2%，高于全省14.3个百分点、高于全国15.6个百分点，增速连续3个月居全省第1位。".repeat(6);
        Briefing {
            lang: Lang::Zh,
            title: "鸡西市工业经济运行情况（2023年1—4月）".into(),
            byline: "2023年5月10日".into(),
            date: crate::model::Date::new(2023, 5, 10).expect("date"),
            period: crate::model::Period::new(2023, 4).expect("period"),
            sections: (0..6)
                .map(|i| Section {
                    topic: Topic::Headline,
                    heading: format!("{}、标题", i + 1),
                    paragraphs: vec![para.clone(), "Value added grew by 19.2% (https://www.stats.gov.cn/sj/zxfb/202305/t20230516_1939601.html).".into()],
                })
                .collect(),
            tables: vec![table(
                &["名称", "数值（%）"],
                (0..120)
                    .map(|i| vec![Cell::text(format!("第{i}行")), Cell::rate(Some(i as f64 / 3.0))])
                    .collect(),
            )],
            charts: Vec::new(),
            maps: Vec::new(),
            sources: vec!["https://www.stats.gov.cn/a/very/long/address/without/any/spaces/that/must/still/wrap/inside/the/margins.html".into()],
            illustrative_note: Some("注：示意。".into()),
        }
    }

    #[test]
    fn nothing_leaves_the_text_area_and_long_tables_repeat_their_header() {
        let m = metrics().expect("font");
        let b = long_briefing();
        let l = layout(m, &b);
        assert!(l.pages.len() >= 5, "{} pages", l.pages.len());
        let right = PAGE_W - MARGIN_X + 0.01;
        for (p, ops) in l.pages.iter().enumerate() {
            for op in ops {
                if let Op::Text {
                    x,
                    baseline,
                    size,
                    text,
                    justify_to,
                    ..
                } = op
                {
                    let w = justify_to.unwrap_or(m.width(text, *size));
                    assert!(*x >= MARGIN_X - 0.01, "page {p}: {text} starts at {x}");
                    assert!(x + w <= right, "page {p}: “{text}” ends at {}", x + w);
                    assert!(
                        *baseline > MARGIN_TOP && *baseline < BOTTOM + 1.0,
                        "page {p}: “{text}” at {baseline}"
                    );
                    assert!(!text.starts_with(['，', '。', '、', '；', '）']), "{text}");
                }
            }
        }
        // The table spans pages; each of them starts the table with its header.
        let with_rows: Vec<usize> = (0..l.pages.len())
            .filter(|p| {
                l.pages[*p]
                    .iter()
                    .any(|o| matches!(o, Op::Text { text, .. } if text.starts_with('第') && text.ends_with('行')))
            })
            .collect();
        assert!(with_rows.len() >= 2, "{with_rows:?}");
        for p in with_rows {
            assert!(
                l.pages[p]
                    .iter()
                    .any(|o| matches!(o, Op::Text { text, .. } if text == "名称")),
                "page {p} has rows without the header"
            );
        }
        let pdf = render(&b).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn justification_stretches_only_between_han_characters_and_spaces() {
        assert!(stretchable('增', '长'));
        assert!(stretchable('长', '1'));
        assert!(!stretchable('1', '9'));
        assert!(!stretchable('9', '.'));
        assert!(stretchable('a', ' '));
        assert!(!stretchable('p', 'p'));
    }
}
