//! The parts of the package that do not depend on the slides' contents: content types,
//! relationships, the presentation, one slide master with one blank layout, the theme,
//! the notes master, and the document properties. What PowerPoint, WPS and LibreOffice
//! Impress need to open a deck, no more: every slide draws its own shapes.

use std::fmt::Write as _;

use super::xml::{DECL, NS, TREE_START, esc};
use crate::export::docx::{BODY_FONT, HEADING_FONT, LATIN_FONT};

/// 16:9 at 13.333 × 7.5 inches, PowerPoint's widescreen size.
pub const SLIDE_W: i64 = 12_192_000;
/// The slide's height.
pub const SLIDE_H: i64 = 6_858_000;
/// A portrait notes page (7.5 × 10 inches).
const NOTES_W: i64 = 6_858_000;
const NOTES_H: i64 = 9_144_000;

const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// The officeDocument relationship types' common prefix.
pub const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// A relationships part: (id, type after [`REL`] or a full URI, target).
pub fn rels(items: &[(String, &str, String)]) -> String {
    let mut out = format!(r#"{DECL}<Relationships xmlns="{REL_NS}">"#);
    for (id, kind, target) in items {
        let kind = if kind.starts_with("http") {
            (*kind).to_string()
        } else {
            format!("{REL}{kind}")
        };
        let _ = write!(
            out,
            r#"<Relationship Id="{id}" Type="{kind}" Target="{}"/>"#,
            esc(target)
        );
    }
    out.push_str("</Relationships>");
    out
}

/// `[Content_Types].xml` for `slides` slides, of which those in `notes` have notes.
pub fn content_types(slides: usize, notes: &[usize]) -> String {
    const PML: &str = "application/vnd.openxmlformats-officedocument.presentationml";
    let mut out = format!(
        concat!(
            "{decl}",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Default Extension="png" ContentType="image/png"/>"#,
            r#"<Override PartName="/ppt/presentation.xml" ContentType="{pml}.presentation.main+xml"/>"#,
            r#"<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="{pml}.slideMaster+xml"/>"#,
            r#"<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="{pml}.slideLayout+xml"/>"#,
            r#"<Override PartName="/ppt/notesMasters/notesMaster1.xml" ContentType="{pml}.notesMaster+xml"/>"#,
            r#"<Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#,
            r#"<Override PartName="/ppt/theme/theme2.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#,
            r#"<Override PartName="/ppt/presProps.xml" ContentType="{pml}.presProps+xml"/>"#,
            r#"<Override PartName="/ppt/viewProps.xml" ContentType="{pml}.viewProps+xml"/>"#,
            r#"<Override PartName="/ppt/tableStyles.xml" ContentType="{pml}.tableStyles+xml"/>"#,
            r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
            r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
        ),
        decl = DECL,
        pml = PML
    );
    for n in 1..=slides {
        let _ = write!(
            out,
            r#"<Override PartName="/ppt/slides/slide{n}.xml" ContentType="{PML}.slide+xml"/>"#
        );
    }
    for n in notes {
        let _ = write!(
            out,
            r#"<Override PartName="/ppt/notesSlides/notesSlide{n}.xml" ContentType="{PML}.notesSlide+xml"/>"#
        );
    }
    out.push_str("</Types>");
    out
}

/// `_rels/.rels`: the presentation and the document properties.
pub fn package_rels() -> String {
    rels(&[
        (
            "rId1".into(),
            "officeDocument",
            "ppt/presentation.xml".into(),
        ),
        (
            "rId2".into(),
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml".into(),
        ),
        (
            "rId3".into(),
            "extended-properties",
            "docProps/app.xml".into(),
        ),
    ])
}

/// The relationship id of slide `n` (from 1) in the presentation's relationships.
pub fn slide_rel_id(n: usize) -> String {
    format!("rId{}", 100 + n)
}

/// `ppt/presentation.xml` and its relationships for `slides` slides.
pub fn presentation(slides: usize) -> (String, String) {
    let ids: String = (1..=slides)
        .map(|n| format!(r#"<p:sldId id="{}" r:id="{}"/>"#, 255 + n, slide_rel_id(n)))
        .collect();
    let xml = format!(
        concat!(
            "{decl}<p:presentation {ns} saveSubsetFonts=\"1\">",
            r#"<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>"#,
            r#"<p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst>"#,
            "<p:sldIdLst>{ids}</p:sldIdLst>",
            r#"<p:sldSz cx="{w}" cy="{h}"/><p:notesSz cx="{nw}" cy="{nh}"/>"#,
            "<p:defaultTextStyle>{style}</p:defaultTextStyle>",
            "</p:presentation>"
        ),
        decl = DECL,
        ns = NS,
        ids = ids,
        w = SLIDE_W,
        h = SLIDE_H,
        nw = NOTES_W,
        nh = NOTES_H,
        style = level_style(1800, BODY_FONT),
    );
    let mut items = vec![
        (
            "rId1".to_string(),
            "slideMaster",
            "slideMasters/slideMaster1.xml".to_string(),
        ),
        (
            "rId2".into(),
            "notesMaster",
            "notesMasters/notesMaster1.xml".into(),
        ),
        ("rId3".into(), "theme", "theme/theme1.xml".into()),
        ("rId4".into(), "presProps", "presProps.xml".into()),
        ("rId5".into(), "viewProps", "viewProps.xml".into()),
        ("rId6".into(), "tableStyles", "tableStyles.xml".into()),
    ];
    for n in 1..=slides {
        items.push((slide_rel_id(n), "slide", format!("slides/slide{n}.xml")));
    }
    (xml, rels(&items))
}

/// A first-level text style in `east_asia` at `size` hundredths of a point.
fn level_style(size: u32, east_asia: &str) -> String {
    format!(
        concat!(
            r#"<a:lvl1pPr marL="0" algn="l"><a:defRPr lang="zh-CN" altLang="en-US" sz="{size}">"#,
            r#"<a:solidFill><a:srgbClr val="222222"/></a:solidFill>"#,
            r#"<a:latin typeface="{latin}"/><a:ea typeface="{ea}"/><a:cs typeface="{latin}"/>"#,
            "</a:defRPr></a:lvl1pPr>"
        ),
        size = size,
        latin = esc(LATIN_FONT),
        ea = esc(east_asia),
    )
}

const CLR_MAP: &str = r#"<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>"#;

const WHITE_BG: &str = r#"<p:bg><p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>"#;

/// The slide master (no placeholders: every slide draws its own text) and its relationships.
pub fn slide_master() -> (String, String) {
    let xml = format!(
        concat!(
            "{decl}<p:sldMaster {ns}><p:cSld>{bg}<p:spTree>{tree}</p:spTree></p:cSld>{clr}",
            r#"<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst>"#,
            "<p:txStyles><p:titleStyle>{title}</p:titleStyle><p:bodyStyle>{body}</p:bodyStyle>",
            "<p:otherStyle>{body}</p:otherStyle></p:txStyles></p:sldMaster>"
        ),
        decl = DECL,
        ns = NS,
        bg = WHITE_BG,
        tree = TREE_START,
        clr = CLR_MAP,
        title = level_style(2800, HEADING_FONT),
        body = level_style(1800, BODY_FONT),
    );
    let rels = rels(&[
        (
            "rId1".into(),
            "slideLayout",
            "../slideLayouts/slideLayout1.xml".into(),
        ),
        ("rId2".into(), "theme", "../theme/theme1.xml".into()),
    ]);
    (xml, rels)
}

/// The blank layout every slide uses, and its relationships.
pub fn slide_layout() -> (String, String) {
    let xml = format!(
        concat!(
            r#"{decl}<p:sldLayout {ns} type="blank" preserve="1">"#,
            r#"<p:cSld name="Blank"><p:spTree>{tree}</p:spTree></p:cSld>"#,
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
        ),
        decl = DECL,
        ns = NS,
        tree = TREE_START,
    );
    let rels = rels(&[(
        "rId1".into(),
        "slideMaster",
        "../slideMasters/slideMaster1.xml".into(),
    )]);
    (xml, rels)
}

/// Where the slide's picture and the notes sit on a notes page.
pub const NOTES_IMAGE: (i64, i64, i64, i64) = (381_000, 685_800, 6_096_000, 3_429_000);
/// The notes' text box on a notes page.
pub const NOTES_BODY: (i64, i64, i64, i64) = (685_800, 4_400_550, 5_486_400, 4_114_800);

/// The notes master: the slide's picture above the notes, and its relationships.
pub fn notes_master() -> (String, String) {
    let (ix, iy, iw, ih) = NOTES_IMAGE;
    let (bx, by, bw, bh) = NOTES_BODY;
    let xml = format!(
        concat!(
            "{decl}<p:notesMaster {ns}><p:cSld>{bg}<p:spTree>{tree}",
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/>"#,
            r#"<p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr>"#,
            r#"<p:nvPr><p:ph type="sldImg" idx="2"/></p:nvPr></p:nvSpPr>"#,
            r#"<p:spPr><a:xfrm><a:off x="{ix}" y="{iy}"/><a:ext cx="{iw}" cy="{ih}"/></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>"#,
            r#"<a:ln w="12700"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></p:spPr></p:sp>"#,
            r#"<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/>"#,
            r#"<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" sz="quarter" idx="3"/></p:nvPr></p:nvSpPr>"#,
            r#"<p:spPr><a:xfrm><a:off x="{bx}" y="{by}"/><a:ext cx="{bw}" cy="{bh}"/></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>"#,
            r#"<p:txBody><a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0"/>"#,
            r#"<a:lstStyle/><a:p><a:endParaRPr lang="zh-CN" altLang="en-US"/></a:p></p:txBody></p:sp>"#,
            "</p:spTree></p:cSld>{clr}<p:notesStyle>{style}</p:notesStyle></p:notesMaster>"
        ),
        decl = DECL,
        ns = NS,
        bg = WHITE_BG,
        tree = TREE_START,
        clr = CLR_MAP,
        style = level_style(1200, BODY_FONT),
        ix = ix,
        iy = iy,
        iw = iw,
        ih = ih,
        bx = bx,
        by = by,
        bw = bw,
        bh = bh,
    );
    let rels = rels(&[("rId1".into(), "theme", "../theme/theme2.xml".into())]);
    (xml, rels)
}

/// A theme: white and near-black, red for emphasis (as bureau documents use it), and the
/// faces of the Word export (黑体 headings, 仿宋 body, Times New Roman for Latin).
pub fn theme(name: &str) -> String {
    let colours = [
        ("dk1", "000000"),
        ("lt1", "FFFFFF"),
        ("dk2", "1F2937"),
        ("lt2", "EEEEEE"),
        ("accent1", "C00000"),
        ("accent2", "1F5FA8"),
        ("accent3", "6B8E23"),
        ("accent4", "D08C00"),
        ("accent5", "5B5B5B"),
        ("accent6", "7A3E9D"),
        ("hlink", "1F5FA8"),
        ("folHlink", "7A3E9D"),
    ];
    let scheme: String = colours
        .iter()
        .map(|(k, v)| format!(r#"<a:{k}><a:srgbClr val="{v}"/></a:{k}>"#))
        .collect();
    let font = |tag: &str, ea: &str| {
        format!(
            r#"<a:{tag}><a:latin typeface="{l}"/><a:ea typeface="{ea}"/><a:cs typeface=""/><a:font script="Hans" typeface="{ea}"/></a:{tag}>"#,
            l = esc(LATIN_FONT),
            ea = esc(ea)
        )
    };
    let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = |w: u32| {
        format!(
            r#"<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{fill}<a:prstDash val="solid"/></a:ln>"#
        )
    };
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        concat!(
            r#"{decl}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="{name}">"#,
            r#"<a:themeElements><a:clrScheme name="{name}">{scheme}</a:clrScheme>"#,
            r#"<a:fontScheme name="{name}">{major}{minor}</a:fontScheme>"#,
            r#"<a:fmtScheme name="{name}"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>"#,
            "<a:lnStyleLst>{l1}{l2}{l3}</a:lnStyleLst>",
            "<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>",
            "<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>",
            "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
        ),
        decl = DECL,
        name = esc(name),
        scheme = scheme,
        major = font("majorFont", HEADING_FONT),
        minor = font("minorFont", BODY_FONT),
        fill = fill,
        l1 = line(6350),
        l2 = line(12700),
        l3 = line(19050),
        effect = effect,
    )
}

/// `ppt/presProps.xml`, `ppt/viewProps.xml` (normal view with the notes pane open) and
/// `ppt/tableStyles.xml` (none: every table cell carries its own borders and fill).
pub fn props() -> [(&'static str, String); 3] {
    [
        (
            "ppt/presProps.xml",
            format!("{DECL}<p:presentationPr {NS}/>"),
        ),
        (
            "ppt/viewProps.xml",
            format!(
                concat!(
                    "{}<p:viewPr {}><p:normalViewPr>",
                    r#"<p:restoredLeft sz="15620"/><p:restoredTop sz="80000"/>"#,
                    "</p:normalViewPr></p:viewPr>"
                ),
                DECL, NS
            ),
        ),
        (
            "ppt/tableStyles.xml",
            format!(
                r#"{DECL}<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" def="{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}"/>"#
            ),
        ),
    ]
}

/// `docProps/core.xml`: title, author, language and the briefing's date.
pub fn core(title: &str, language: &str, date: &str) -> String {
    format!(
        concat!(
            "{decl}",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>Industry Monitor</dc:creator>",
            "<dc:language>{language}</dc:language>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        decl = DECL,
        title = esc(title),
        language = language,
        date = date,
    )
}

/// `docProps/app.xml`: the application and the counts of slides and notes.
pub fn app(slides: usize, notes: usize) -> String {
    format!(
        concat!(
            "{}",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
            r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
            "<Application>Industry Monitor</Application><PresentationFormat>16:9</PresentationFormat>",
            "<Slides>{}</Slides><Notes>{}</Notes></Properties>"
        ),
        DECL, slides, notes
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn well_formed(xml: &str) {
        if let Err(e) = usvg::roxmltree::Document::parse(xml) {
            panic!("{e}:\n{xml}");
        }
    }

    #[test]
    fn fixed_parts_are_well_formed() {
        let (p, pr) = presentation(3);
        let (m, mr) = slide_master();
        let (l, lr) = slide_layout();
        let (n, nr) = notes_master();
        for xml in [
            content_types(3, &[1, 3]),
            package_rels(),
            p,
            pr,
            m,
            mr,
            l,
            lr,
            n,
            nr,
            theme("x"),
            core("鸡西 & <x>", "zh-CN", "2023-05-10"),
            app(3, 2),
        ] {
            well_formed(&xml);
        }
        for (_, xml) in props() {
            well_formed(&xml);
        }
    }

    #[test]
    fn the_presentation_lists_each_slide_once_at_16_9() {
        let (p, rels) = presentation(2);
        assert!(p.contains(r#"<p:sldSz cx="12192000" cy="6858000"/>"#));
        assert!(
            p.contains(r#"<p:sldId id="256" r:id="rId101"/><p:sldId id="257" r:id="rId102"/>"#)
        );
        assert!(rels.contains(r#"Id="rId102" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide2.xml""#));
        let types = content_types(2, &[2]);
        assert!(types.contains("/ppt/slides/slide2.xml"));
        assert!(types.contains("/ppt/notesSlides/notesSlide2.xml"));
        assert!(!types.contains("/ppt/notesSlides/notesSlide1.xml"));
    }
}
