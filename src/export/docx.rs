//! The briefing as an editable Word document (docx-rs) in the look of GB/T 9704 (党政机关
//! 公文格式): title in 小标宋 二号, headings in 黑体 三号, body in 仿宋 三号 (16 pt) with a
//! two-character first-line indent and a fixed 28 pt line pitch, page numbers "— 1 —" in
//! 宋体. Headings use a real "heading 1" style (navigation pane, table of contents), tables
//! are Word tables and charts are PNG images rendered at 2× from the same SVG as the PDF.
//!
//! Fonts are named as Chinese Windows and WPS name them (方正小标宋简体, 黑体, 仿宋, 宋体),
//! with Latin text in Times New Roman; the font table gives each an alternative name
//! (小标宋 → 宋体, 仿宋 → 仿宋_GB2312, 黑体 → SimHei) for machines without it. docx-rs cannot
//! write `w:lang`, so every run property (and the document defaults) gets
//! `<w:lang w:val="en-US" w:eastAsia="zh-CN"/>` by rewriting the XML parts before they are
//! zipped: without it, office suites may pick Japanese glyph forms for shared Han
//! characters.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, Shading, SpecialIndentType, Style, StyleType, Table, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::{Block, ExportError, Format, blocks, png, sources_heading};
use crate::briefing::{Briefing, Cell};

/// 方正小标宋简体, the title face of official documents.
pub const TITLE_FONT: &str = "方正小标宋简体";
/// 黑体 (SimHei), for headings.
pub const HEADING_FONT: &str = "黑体";
/// 仿宋 (FangSong), for the body.
pub const BODY_FONT: &str = "仿宋";
/// 宋体 (SimSun), for page numbers.
pub const SONG_FONT: &str = "宋体";
/// Latin letters and digits.
pub const LATIN_FONT: &str = "Times New Roman";

/// A4 and the GB/T 9704 margins, in twentieths of a point.
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
const MARGIN_TOP: i32 = 2_098; // 37 mm
const MARGIN_BOTTOM: i32 = 1_984; // 35 mm
const MARGIN_LEFT: i32 = 1_588; // 28 mm
const MARGIN_RIGHT: i32 = 1_474; // 26 mm
const TEXT_W_TWIPS: i32 = PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT;
/// The text width in EMU (1 twip = 635 EMU).
const TEXT_W_EMU: u32 = TEXT_W_TWIPS as u32 * 635;

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt (tables: 小五).
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_FOUR: usize = 28;
const SIZE_SMALL_FOUR: usize = 24;
/// 小五 9 pt, for table cells: at 五号 a seven-column table on A4 squeezes its first column
/// (the indicator names) to three lines.
const SIZE_TABLE: usize = 18;

/// The first-line indent: two characters of the 16 pt body, in twentieths of a point
/// (docx-rs does not write `w:firstLineChars`).
const FIRST_LINE: i32 = 640;

/// Left and right cell margins in twentieths of a point (0.1 cm; Word's default 0.19 cm
/// leaves seven columns too little room).
const CELL_MARGIN: usize = 57;

/// Scale of chart images: 800 SVG units become 1600 pixels.
const CHART_SCALE: f32 = 2.0;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

fn run(text: &str, east_asia: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(east_asia)).size(size)
}

/// Exact line pitch in points (GB/T 9704: 22 lines of 28 characters per page).
fn exact(pt: u32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line((pt * 20) as i32)
}

fn styles(docx: Docx) -> Docx {
    docx.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .fonts(fonts(TITLE_FONT))
            .size(SIZE_TITLE)
            .align(AlignmentType::Center)
            .line_spacing(exact(36).after(0)),
    )
    .add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .based_on("Normal")
            .next("BodyText")
            .q_format(true)
            .fonts(fonts(HEADING_FONT))
            .size(SIZE_BODY)
            .outline_lvl(0)
            .indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(FIRST_LINE)),
                None,
                None,
            )
            .line_spacing(exact(28)),
    )
    .add_style(
        Style::new("BodyText", StyleType::Paragraph)
            .name("Body Text")
            .based_on("Normal")
            .q_format(true)
            .fonts(fonts(BODY_FONT))
            .size(SIZE_BODY)
            .align(AlignmentType::Both)
            .indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(FIRST_LINE)),
                None,
                None,
            )
            .line_spacing(exact(28)),
    )
    .add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .fonts(fonts(HEADING_FONT))
            .size(SIZE_FOUR)
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(240).after(120)),
    )
    .add_style(
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .fonts(fonts(BODY_FONT))
            .size(SIZE_TABLE)
            .line_spacing(LineSpacing::new().before(0).after(0)),
    )
    .add_style(
        Style::new("Source", StyleType::Paragraph)
            .name("Source")
            .based_on("Normal")
            .fonts(fonts(BODY_FONT))
            .size(SIZE_SMALL_FOUR)
            .line_spacing(exact(20)),
    )
}

fn table(t: &crate::briefing::Table) -> Result<Table, ExportError> {
    let m = super::text::metrics().map_err(|e| ExportError::build(Format::Docx, "font", e))?;
    // Widths from our font's metrics, with slack for the office suite's fonts (仿宋 or a
    // substitute may be wider than Noto) and the cell margins.
    const SLACK: f32 = 1.15;
    const CELL_MARGINS_PT: f32 = 2.0 * CELL_MARGIN as f32 / 20.0;
    let size = SIZE_TABLE as f32 / 2.0;
    let text_w_pt = TEXT_W_TWIPS as f32 / 20.0;
    let widths_pt = super::pdf::column_widths(m, t, text_w_pt / SLACK, size);
    let sum: f32 = widths_pt.iter().sum();
    let widths: Vec<usize> = widths_pt
        .iter()
        .map(|w| (w / sum * TEXT_W_TWIPS as f32).round() as usize)
        .collect();
    // Headers get explicit line breaks where the PDF breaks them ("与全省差距" /
    // "（个百分点）"), instead of wherever the office suite would.
    let header_run = |text: &str, w_twips: usize| {
        let inner = (w_twips as f32 / 20.0 - CELL_MARGINS_PT) / SLACK;
        let lines = super::text::break_balanced(m, text, size, inner.max(size));
        let mut r = Run::new().fonts(fonts(HEADING_FONT)).size(SIZE_TABLE);
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            r = r.add_text(l.text.as_str());
        }
        r
    };
    let header = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                TableCell::new()
                    .width(*w, WidthType::Dxa)
                    .shading(Shading::new().fill("EEEEEE"))
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(
                        Paragraph::new()
                            .style("TableText")
                            .align(AlignmentType::Center)
                            .add_run(header_run(c, *w)),
                    )
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for r in &t.rows {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let cell = r.get(i).unwrap_or(&Cell::Empty);
                // Numbers centred under their centred headers, as official tables set them.
                let align = match cell {
                    Cell::Text(_) if i == 0 => AlignmentType::Left,
                    _ => AlignmentType::Center,
                };
                TableCell::new()
                    .width(*w, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(
                        Paragraph::new()
                            .style("TableText")
                            .align(align)
                            .add_run(run(&cell.display(), BODY_FONT, SIZE_TABLE)),
                    )
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    Ok(Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
        .width(TEXT_W_TWIPS as usize, WidthType::Dxa)
        .align(docx_rs::TableAlignmentType::Center))
}

fn chart_paragraph(c: &crate::briefing::chart::Chart) -> Result<Paragraph, ExportError> {
    let svg = png::svg_of(c, Format::Docx)?;
    let img = png::render_svg(&svg, CHART_SCALE)
        .map_err(|e| ExportError::build(Format::Docx, format!("chart “{}”", c.title), e))?;
    Ok(image_paragraph(img))
}

fn map_paragraph(
    m: &crate::briefing::map::MapChart,
    lang: crate::model::Lang,
) -> Result<Paragraph, ExportError> {
    let metrics =
        super::text::metrics().map_err(|e| ExportError::build(Format::Docx, "font", e))?;
    let svg = super::svg::map_svg(metrics, m, lang);
    let img = png::render_svg(&svg, CHART_SCALE)
        .map_err(|e| ExportError::build(Format::Docx, format!("map “{}”", m.title), e))?;
    Ok(image_paragraph(img))
}

fn image_paragraph(img: png::Png) -> Paragraph {
    let h_emu = (f64::from(TEXT_W_EMU) * f64::from(img.height) / f64::from(img.width)) as u32;
    // new_with_dimensions never decodes: the PNG is ours and its size is known.
    let pic = Pic::new_with_dimensions(img.png, img.width, img.height).size(TEXT_W_EMU, h_emu);
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(120).after(120))
        .add_run(Run::new().add_image(pic))
}

fn footer() -> Footer {
    let page_fonts = fonts(SONG_FONT);
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .fonts(page_fonts.clone())
            .size(SIZE_FOUR)
            .add_run(run("— ", SONG_FONT, SIZE_FOUR))
            .add_page_num(PageNum::new())
            .add_run(run(" —", SONG_FONT, SIZE_FOUR)),
    )
}

/// Builds the document (before the language post-processing).
fn document(b: &Briefing) -> Result<Docx, ExportError> {
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_BODY)
        .created_at(&format!("{}T00:00:00Z", b.date))
        .updated_at(&format!("{}T00:00:00Z", b.date))
        .footer(footer());
    docx = styles(docx);
    docx = docx
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(run(&b.title, TITLE_FONT, SIZE_TITLE)),
        )
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(exact(28).after(240))
                .add_run(run(&b.byline, BODY_FONT, SIZE_FOUR)),
        );
    for block in blocks(b) {
        docx = match block {
            Block::Heading(h) => docx.add_paragraph(
                Paragraph::new()
                    .style("Heading1")
                    .keep_next(true)
                    .add_run(run(h, HEADING_FONT, SIZE_BODY)),
            ),
            Block::Paragraph(p) => docx.add_paragraph(
                Paragraph::new()
                    .style("BodyText")
                    .add_run(run(p, BODY_FONT, SIZE_BODY)),
            ),
            Block::Table(t) => {
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .style("Caption")
                        .keep_next(true)
                        .add_run(run(&t.title, HEADING_FONT, SIZE_FOUR)),
                );
                if let Some(note) = &t.note {
                    // What the table rests on (a scorecard's weights), under its caption.
                    docx = docx.add_paragraph(
                        Paragraph::new()
                            .style("Caption")
                            .keep_next(true)
                            .add_run(run(note, BODY_FONT, SIZE_SMALL_FOUR)),
                    );
                }
                docx.add_table(table(t)?)
            }
            Block::Chart(c) => docx.add_paragraph(chart_paragraph(c)?),
            Block::Map(m) => docx.add_paragraph(map_paragraph(m, b.lang)?),
        };
    }
    if !b.sources.is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Source")
                .line_spacing(exact(20).before(360))
                .add_run(run(
                    &format!("{}{}", sources_heading(b), b.lang.pick("：", ":")),
                    HEADING_FONT,
                    SIZE_SMALL_FOUR,
                )),
        );
        for (i, s) in b.sources.iter().enumerate() {
            docx = docx.add_paragraph(Paragraph::new().style("Source").add_run(run(
                &format!("{}. {s}", i + 1),
                BODY_FONT,
                SIZE_SMALL_FOUR,
            )));
        }
    }
    if let Some(note) = &b.illustrative_note {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Source")
                .line_spacing(exact(20).before(120))
                .add_run(run(note, BODY_FONT, SIZE_SMALL_FOUR).color("C81E1E")),
        );
    }
    Ok(docx)
}

/// The language mark added to every run property.
const LANG: &str = r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#;

/// Adds [`LANG`] to every `w:rPr` of a WordprocessingML part. `w:lang` comes after every
/// element docx-rs writes into `w:rPr` in the schema's order, so appending keeps it valid.
fn mark_zh_cn(xml: &[u8]) -> Result<Vec<u8>, String> {
    let s = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let s = s
        .replace("<w:rPr />", "<w:rPr></w:rPr>")
        .replace("<w:rPr/>", "<w:rPr></w:rPr>")
        .replace("</w:rPr>", &format!("{LANG}</w:rPr>"));
    Ok(s.into_bytes())
}

/// Marks the first row of every table as a header row, repeated on each page a table
/// spans (docx-rs cannot write `w:tblHeader`). Every row has a `w:trPr` (rows never split),
/// so the first one after `<w:tbl>` is the header's.
fn repeat_header_rows(xml: &[u8]) -> Result<Vec<u8>, String> {
    let s = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let mut out = String::with_capacity(s.len() + 64);
    let mut rest = s;
    while let Some(t) = rest.find("<w:tbl>") {
        let (head, tail) = rest.split_at(t);
        out.push_str(head);
        match tail.find("<w:trPr>") {
            Some(p) => {
                let (a, b) = tail.split_at(p + "<w:trPr>".len());
                out.push_str(a);
                out.push_str("<w:tblHeader />");
                rest = b;
            }
            None => {
                out.push_str(tail);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}

/// The font table, with alternative names for machines that lack a face.
fn font_table() -> Vec<u8> {
    let font = |name: &str, alt: Option<&str>, charset: &str, family: &str| {
        let alt = alt
            .map(|a| format!(r#"<w:altName w:val="{a}" />"#))
            .unwrap_or_default();
        format!(
            r#"<w:font w:name="{name}">{alt}<w:charset w:val="{charset}" /><w:family w:val="{family}" /><w:pitch w:val="variable" /></w:font>"#
        )
    };
    let fonts = [
        font(LATIN_FONT, None, "00", "roman"),
        font(TITLE_FONT, Some(SONG_FONT), "86", "script"),
        font(HEADING_FONT, Some("SimHei"), "86", "modern"),
        font(BODY_FONT, Some("仿宋_GB2312"), "86", "modern"),
        font(SONG_FONT, Some("SimSun"), "86", "auto"),
    ];
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{}</w:fonts>"#
        ),
        fonts.concat()
    )
    .into_bytes()
}

/// Renders the briefing as DOCX bytes.
pub fn render(b: &Briefing) -> Result<Vec<u8>, ExportError> {
    let mut xml = document(b)?.build();
    let fix = |part: &str, bytes: &[u8]| {
        mark_zh_cn(bytes).map_err(|e| ExportError::build(Format::Docx, part, e))
    };
    xml.document = fix("word/document.xml", &xml.document)?;
    xml.document = repeat_header_rows(&xml.document)
        .map_err(|e| ExportError::build(Format::Docx, "word/document.xml", e))?;
    xml.styles = fix("word/styles.xml", &xml.styles)?;
    xml.footers = xml
        .footers
        .iter()
        .map(|f| fix("word/footer.xml", f))
        .collect::<Result<_, _>>()?;
    xml.font_table = font_table();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| ExportError::build(Format::Docx, "package", e))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_run_property_gets_the_chinese_language() {
        let xml =
            br#"<w:r><w:rPr><w:sz w:val="32" /></w:rPr><w:t>x</w:t></w:r><w:r><w:rPr /></w:r>"#;
        let out = String::from_utf8(mark_zh_cn(xml).expect("utf-8")).expect("utf-8");
        assert_eq!(out.matches(r#"w:eastAsia="zh-CN""#).count(), 2, "{out}");
        assert!(out.contains(r#"<w:sz w:val="32" /><w:lang "#), "{out}");
        assert!(!out.contains("<w:rPr />"));
    }

    #[test]
    fn the_first_row_of_each_table_repeats() {
        let xml = b"<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl>";
        let out = String::from_utf8(repeat_header_rows(xml).expect("utf-8")).expect("utf-8");
        assert_eq!(out.matches("<w:tblHeader />").count(), 2, "{out}");
        assert!(out.starts_with("<w:tbl><w:tr><w:trPr><w:tblHeader /><w:cantSplit />"));
    }

    #[test]
    fn font_table_names_fallbacks() {
        let t = String::from_utf8(font_table()).expect("utf-8");
        assert!(t.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体" />"#));
        assert!(t.contains(r#"w:name="仿宋"><w:altName w:val="仿宋_GB2312" />"#));
        assert!(usvg::roxmltree::Document::parse(&t).is_ok(), "well-formed");
    }
}
