//! DrawingML and PresentationML snippets: escaping, text runs with their fonts and
//! language, and the shapes a slide is made of (text boxes, pictures, table frames).
//!
//! Every run names its Latin face (`a:latin`), its East Asian face (`a:ea`) and its
//! language (`lang`/`altLang`): without `a:ea` PowerPoint and WPS set Chinese in the
//! theme's Latin face's fallback, and without `lang="zh-CN"` they may pick Japanese glyph
//! forms for Han characters shared with Japanese.

use std::fmt::Write as _;

use crate::export::docx::LATIN_FONT;
use crate::model::Lang;

/// The XML declaration every part starts with.
pub const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// The namespaces of a slide, layout, master or notes part.
pub const NS: &str = concat!(
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#
);

/// English Metric Units per point.
pub const EMU_PER_PT: f32 = 12_700.0;

/// Escapes text for XML content and attribute values; drops the control characters XML 1.0
/// cannot hold (a narrative pasted from elsewhere may carry them).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// True when `text` has a CJK character (Han, kana, full-width forms or CJK punctuation).
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    })
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// Size in points.
    pub size: f32,
    /// The East Asian face (黑体 or 仿宋, as the Word export names them).
    pub east_asia: &'static str,
    /// Colour as RRGGBB (never bold: 黑体 and 仿宋 have no bold face and get smeared).
    pub color: &'static str,
}

impl Font {
    /// The same font at another size.
    pub fn sized(self, size: f32) -> Font {
        Font { size, ..self }
    }

    /// The same font in another colour.
    pub fn colored(self, color: &'static str) -> Font {
        Font { color, ..self }
    }
}

/// The `a:rPr` (or `a:endParaRPr`, by `tag`) of `font` for text in `lang`: the language is
/// zh-CN in a Chinese deck and for any run with Chinese in an English one.
fn run_props(tag: &str, font: Font, lang: Lang, text: &str) -> String {
    let zh = lang == Lang::Zh || has_cjk(text);
    let (lang, alt) = if zh {
        ("zh-CN", "en-US")
    } else {
        ("en-US", "zh-CN")
    };
    let size = (font.size * 100.0).round().clamp(100.0, 400_000.0) as u32;
    format!(
        concat!(
            r#"<a:{tag} lang="{lang}" altLang="{alt}" sz="{size}" dirty="0">"#,
            r#"<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>"#,
            r#"<a:latin typeface="{latin}"/><a:ea typeface="{ea}"/><a:cs typeface="{latin}"/>"#,
            "</a:{tag}>"
        ),
        tag = tag,
        lang = lang,
        alt = alt,
        size = size,
        color = font.color,
        latin = esc(LATIN_FONT),
        ea = esc(font.east_asia),
    )
}

/// One run of text (line breaks in `text` become `a:br`).
pub fn run(text: &str, font: Font, lang: Lang) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<a:br>");
            out.push_str(&run_props("rPr", font, lang, line));
            out.push_str("</a:br>");
        }
        if line.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<a:r>{}<a:t>{}</a:t></a:r>",
            run_props("rPr", font, lang, line),
            esc(line)
        );
    }
    out
}

/// Paragraph alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left.
    Left,
    /// Centred.
    Centre,
    /// Right.
    Right,
}

impl Align {
    fn code(self) -> &'static str {
        match self {
            Align::Left => "l",
            Align::Centre => "ctr",
            Align::Right => "r",
        }
    }
}

/// What hangs before a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bullet {
    /// Nothing.
    None,
    /// A character (•).
    Char(char),
    /// A number ("3."), counting on from the given one.
    Number(usize),
}

/// A paragraph of one run. `space_after` is in points; a bullet hangs before the text.
pub fn paragraph(
    text: &str,
    font: Font,
    lang: Lang,
    align: Align,
    space_after: f32,
    bullet: Bullet,
) -> String {
    let spacing = format!(
        r#"<a:spcAft><a:spcPts val="{}"/></a:spcAft>"#,
        (space_after * 100.0).round() as u32
    );
    // Hang the bullet: the text's left edge stays put on every line.
    let hang = (font.size * hang_em(bullet) * EMU_PER_PT) as i64;
    let indent = if hang > 0 {
        format!(r#" marL="{hang}" indent="-{hang}""#)
    } else {
        String::new()
    };
    let bullet_xml = match bullet {
        Bullet::None => "<a:buNone/>".to_string(),
        Bullet::Char(c) => format!(
            r#"<a:buFont typeface="{}"/><a:buChar char="{}"/>"#,
            esc(LATIN_FONT),
            esc(&c.to_string())
        ),
        Bullet::Number(n) => format!(
            r#"<a:buFont typeface="{}"/><a:buAutoNum type="arabicPeriod" startAt="{n}"/>"#,
            esc(LATIN_FONT)
        ),
    };
    format!(
        r#"<a:p><a:pPr algn="{}"{indent}>{spacing}{bullet_xml}</a:pPr>{}{}</a:p>"#,
        align.code(),
        run(text, font, lang),
        run_props("endParaRPr", font, lang, text)
    )
}

/// How far the text of a bulleted paragraph is indented, in ems of its size.
pub fn hang_em(bullet: Bullet) -> f32 {
    match bullet {
        Bullet::None => 0.0,
        Bullet::Char(_) => 1.2,
        Bullet::Number(_) => 1.8,
    }
}

/// A rectangle on the slide in EMU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left.
    pub x: i64,
    /// Top.
    pub y: i64,
    /// Width.
    pub w: i64,
    /// Height.
    pub h: i64,
}

impl Rect {
    fn xfrm(self, prefix: &str) -> String {
        format!(
            r#"<{prefix}:xfrm><a:off x="{}" y="{}"/><a:ext cx="{}" cy="{}"/></{prefix}:xfrm>"#,
            self.x,
            self.y,
            self.w.max(0),
            self.h.max(0)
        )
    }
}

/// Where text sits vertically in its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// At the top.
    Top,
    /// In the middle.
    Middle,
    /// At the bottom.
    Bottom,
}

/// A text box holding `paragraphs` (from [`paragraph`]), optionally filled with `fill`.
pub fn text_box(
    id: u32,
    name: &str,
    rect: Rect,
    anchor: Anchor,
    fill: Option<&str>,
    paragraphs: &str,
) -> String {
    let anchor = match anchor {
        Anchor::Top => "t",
        Anchor::Middle => "ctr",
        Anchor::Bottom => "b",
    };
    let fill = match fill {
        Some(c) => format!(r#"<a:solidFill><a:srgbClr val="{c}"/></a:solidFill>"#),
        None => "<a:noFill/>".to_string(),
    };
    let inset = if fill.contains("srgbClr") { 91_440 } else { 0 };
    format!(
        concat!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>"#,
            r#"<p:spPr>{xfrm}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}</p:spPr>"#,
            r#"<p:txBody><a:bodyPr wrap="square" lIns="{i}" tIns="{i}" rIns="{i}" bIns="{i}" anchor="{anchor}" rtlCol="0"><a:noAutofit/></a:bodyPr>"#,
            "<a:lstStyle/>{paragraphs}</p:txBody></p:sp>"
        ),
        id = id,
        name = esc(name),
        xfrm = rect.xfrm("a"),
        fill = fill,
        i = inset,
        anchor = anchor,
        paragraphs = paragraphs,
    )
}

/// A filled rectangle without text (the rule under a title).
pub fn bar(id: u32, rect: Rect, color: &str) -> String {
    format!(
        concat!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="Rule {id}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>"#,
            r#"<p:spPr>{xfrm}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>"#,
            r#"<a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"#
        ),
        id = id,
        xfrm = rect.xfrm("a"),
        color = color
    )
}

/// A picture of the image related as `rel` (`descr` is its alternative text).
pub fn picture(id: u32, descr: &str, rel: &str, rect: Rect) -> String {
    format!(
        concat!(
            r#"<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Picture {id}" descr="{descr}"/>"#,
            r#"<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>"#,
            r#"<p:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>"#,
            r#"<p:spPr>{xfrm}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#
        ),
        id = id,
        descr = esc(descr),
        rel = rel,
        xfrm = rect.xfrm("a"),
    )
}

/// A table cell: its paragraphs, fill and the cell's thin grey borders.
pub fn table_cell(paragraphs: &str, fill: Option<&str>, margin_x: i64, margin_y: i64) -> String {
    let line = |side: &str| {
        format!(
            r#"<a:{side} w="6350" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:srgbClr val="8C8C8C"/></a:solidFill><a:prstDash val="solid"/></a:{side}>"#
        )
    };
    let fill = match fill {
        Some(c) => format!(r#"<a:solidFill><a:srgbClr val="{c}"/></a:solidFill>"#),
        None => "<a:noFill/>".to_string(),
    };
    format!(
        concat!(
            "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</a:txBody>",
            r#"<a:tcPr marL="{mx}" marR="{mx}" marT="{my}" marB="{my}" anchor="ctr">"#,
            "{l}{r}{t}{b}{fill}</a:tcPr></a:tc>"
        ),
        paragraphs = paragraphs,
        mx = margin_x,
        my = margin_y,
        l = line("lnL"),
        r = line("lnR"),
        t = line("lnT"),
        b = line("lnB"),
        fill = fill,
    )
}

/// A native table (`a:tbl` in a graphic frame): column widths and, per row, its height and
/// cells (from [`table_cell`]), all in EMU.
pub fn table_frame(
    id: u32,
    name: &str,
    x: i64,
    y: i64,
    widths: &[i64],
    rows: &[(i64, Vec<String>)],
) -> String {
    let w: i64 = widths.iter().sum();
    let h: i64 = rows.iter().map(|(h, _)| h).sum();
    let grid: String = widths
        .iter()
        .map(|w| format!(r#"<a:gridCol w="{w}"/>"#))
        .collect();
    let body: String = rows
        .iter()
        .map(|(h, cells)| format!(r#"<a:tr h="{h}">{}</a:tr>"#, cells.concat()))
        .collect();
    format!(
        concat!(
            r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{id}" name="{name}"/>"#,
            r#"<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>"#,
            "{xfrm}",
            r#"<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table">"#,
            r#"<a:tbl><a:tblPr firstRow="1"/><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl>"#,
            "</a:graphicData></a:graphic></p:graphicFrame>"
        ),
        id = id,
        name = esc(name),
        xfrm = Rect { x, y, w, h }.xfrm("p"),
        grid = grid,
        body = body,
    )
}

/// The shape tree's own group properties, which every `p:spTree` starts with.
pub const TREE_START: &str = concat!(
    r#"<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>"#,
    r#"<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>"#
);

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Font = Font {
        size: 18.0,
        east_asia: "仿宋",
        color: "222222",
    };

    #[test]
    fn runs_name_the_east_asian_face_and_language() {
        let r = run("鸡西市增长19.2%", BODY, Lang::Zh);
        assert!(r.contains(r#"lang="zh-CN" altLang="en-US""#), "{r}");
        assert!(r.contains(r#"<a:ea typeface="仿宋"/>"#), "{r}");
        assert!(
            r.contains(r#"<a:latin typeface="Times New Roman"/>"#),
            "{r}"
        );
        assert!(r.contains(r#"sz="1800""#), "{r}");
        // An English deck marks Latin runs English, Chinese ones still zh-CN.
        assert!(run("Jixi", BODY, Lang::En).contains(r#"lang="en-US""#));
        assert!(run("鸡西 Jixi", BODY, Lang::En).contains(r#"lang="zh-CN""#));
    }

    #[test]
    fn text_is_escaped_and_lines_break() {
        let r = run("A&B <x>\n“引号”\u{1}", BODY, Lang::Zh);
        assert!(r.contains("<a:t>A&amp;B &lt;x&gt;</a:t>"), "{r}");
        assert!(r.contains("<a:br>"), "{r}");
        assert!(r.contains("<a:t>“引号”</a:t>"), "{r}");
        let p = paragraph("x", BODY, Lang::Zh, Align::Left, 6.0, Bullet::Char('•'));
        let doc = format!(r#"<r xmlns:a="urn:a">{p}</r>"#);
        assert!(usvg::roxmltree::Document::parse(&doc).is_ok(), "{doc}");
        assert!(p.contains(r#"<a:buChar char="•"/>"#));
    }

    #[test]
    fn a_table_frame_is_well_formed() {
        let cell = table_cell(
            &paragraph("19.2", BODY, Lang::Zh, Align::Centre, 0.0, Bullet::None),
            Some("EEEEEE"),
            45_720,
            22_860,
        );
        let t = table_frame(
            4,
            "表",
            0,
            0,
            &[100, 200],
            &[(300, vec![cell.clone(), cell])],
        );
        let doc = format!(r#"<r {NS}>{t}</r>"#);
        let parsed = usvg::roxmltree::Document::parse(&doc).expect("well-formed");
        let cells = parsed
            .descendants()
            .filter(|n| n.tag_name().name() == "tc")
            .count();
        assert_eq!(cells, 2);
        assert!(t.contains(r#"<a:ext cx="300" cy="300"/>"#), "{t}");
    }
}
