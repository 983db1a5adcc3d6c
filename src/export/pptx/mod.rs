//! The briefing as a 16:9 meeting deck (PowerPoint .pptx) for the 调度会, one idea per
//! slide: a cover (title, period, date, byline); the headline figures in large type; each
//! table as a native table (long ones split over slides with the header repeated); each
//! chart and map as a PNG from the same SVG as the other exports; a slide of bullets for a
//! section without a table or chart of its own; the sources. Each slide's speaker notes
//! carry the narrative of its section.
//!
//! The deck follows the briefing's reading order ([`super::blocks_by_section`]), so a section
//! added to the briefing later gets its slides without changes here.
//!
//! No maintained Rust crate writes PresentationML that the office suites accept (the ones
//! on crates.io were a single 0.1 release or yanked when this was written), so the parts
//! are written here ([`parts`], [`slides`], [`xml`]) and zipped with the `zip` crate that
//! rust_xlsxwriter already builds.

mod parts;
mod slides;
mod xml;

use std::io::{Cursor, Write as _};

use super::{Block, ExportError, Format, blocks_by_section, sources_heading, text};
use crate::briefing::chart::Chart;
use crate::briefing::document::MARK;
use crate::briefing::map::MapChart;
use crate::briefing::{Briefing, Cell, Table};
use crate::model::{Basis, Lang};

/// Rows of a table on one slide: a longer table is split evenly over several slides
/// (13 keeps a province's 13 cities on one).
pub const MAX_TABLE_ROWS: usize = 13;

/// At most this many headline figures are set large on the headline slide.
const MAX_FIGURES: usize = 6;

/// One slide, before it is laid out.
#[derive(Debug, Clone)]
struct Slide<'a> {
    /// The title at the top (the cover's main title).
    title: String,
    /// What fills it.
    body: Body<'a>,
    /// The speaker notes: the narrative of the slide's section.
    notes: Vec<&'a str>,
    /// The note printed at the foot (the illustrative note where the slide shows a marked
    /// figure or a chart drawn from illustrative data).
    foot_note: Option<&'a str>,
}

/// What a slide shows.
#[derive(Debug, Clone)]
enum Body<'a> {
    /// The cover: period and byline under the title.
    Cover {
        /// The period, e.g. 2023年1—4月.
        period: String,
        /// Who prepared it and when.
        byline: &'a str,
    },
    /// The headline figures, set large.
    Figures {
        /// What the figures are (the headline row's label).
        caption: String,
        /// (value as printed, what it is).
        figures: Vec<(String, String)>,
        /// The narrative's first sentence.
        lead: Option<String>,
    },
    /// Rows `rows` of a table (with its header).
    Table {
        /// The table.
        table: &'a Table,
        /// The rows on this slide.
        rows: std::ops::Range<usize>,
    },
    /// A chart.
    Chart(&'a Chart),
    /// A tile map.
    Map(&'a MapChart),
    /// Sentences as bullets (or numbered lines), at a size that fits.
    Bullets {
        /// The lines.
        items: Vec<String>,
        /// Numbered (the sources) rather than bulleted.
        numbered_from: Option<usize>,
        /// Font size in points.
        size: f32,
    },
}

/// A section's slice of the briefing: its heading and paragraphs, then the tables, charts
/// and maps shown with it (what belongs to no section comes last, without a heading).
#[derive(Debug, Default)]
struct Group<'a> {
    heading: Option<&'a str>,
    paragraphs: Vec<&'a str>,
    items: Vec<Block<'a>>,
}

/// The briefing's blocks grouped by section, then what belongs to no section.
fn groups(b: &Briefing) -> Vec<Group<'_>> {
    blocks_by_section(b)
        .into_iter()
        .map(|blocks| {
            let mut g = Group::default();
            for block in blocks {
                match block {
                    Block::Heading(h) => g.heading = Some(h),
                    Block::Paragraph(p) => g.paragraphs.push(p),
                    item => g.items.push(item),
                }
            }
            g
        })
        .filter(|g| g.heading.is_some() || !g.paragraphs.is_empty() || !g.items.is_empty())
        .collect()
}

/// True when the cell prints the illustrative mark.
fn marked(c: &Cell) -> bool {
    match c {
        Cell::Number { illustrative, .. } => *illustrative,
        Cell::Text(s) => s.ends_with(MARK),
        Cell::Empty => false,
    }
}

/// "（续）" after the title of a table's second and later slides.
fn continued(lang: Lang) -> &'static str {
    lang.pick("（续）", " (continued)")
}

/// The sentences of a paragraph: each ends at 。！？ (with a closing quote or bracket that
/// follows) or, in English, at ". ".
pub(crate) fn sentences(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let ends = matches!(c, '。' | '！' | '？')
            || (matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| n.is_whitespace()));
        if ends {
            while let Some(&n) = chars.peek() {
                if matches!(n, '”' | '’' | '）' | ')' | '」' | '"') {
                    current.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            let s = current.trim();
            if !s.is_empty() {
                out.push(s.to_string());
            }
            current.clear();
        }
    }
    let s = current.trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
    out
}

/// The title without the period in brackets or after a comma, and the period as printed.
fn cover_title(b: &Briefing) -> (String, String) {
    let period = b.period.label_with_year(Basis::Ytd, b.lang);
    let title = b.title.trim();
    for suffix in [
        format!("（{period}）"),
        format!("({period})"),
        format!(", {period}"),
    ] {
        if let Some(main) = title.strip_suffix(&suffix) {
            return (main.trim().to_string(), period);
        }
    }
    (title.to_string(), period)
}

/// The headline slide: the first row of the first section's first table set large, with
/// the narrative's first sentence under it; None when that section has no table.
fn headline<'a>(b: &'a Briefing, groups: &[Group<'a>]) -> Option<Slide<'a>> {
    let first = groups.iter().find(|g| g.heading.is_some())?;
    let table = first.items.iter().find_map(|i| match i {
        Block::Table(t) => Some(*t),
        _ => None,
    })?;
    let row = table.rows.first()?;
    let figures: Vec<(String, String)> = row
        .iter()
        .zip(&table.columns)
        .skip(1)
        .filter(|(c, _)| **c != Cell::Empty)
        .take(MAX_FIGURES)
        .map(|(c, h)| (c.display(), h.clone()))
        .collect();
    if figures.is_empty() {
        return None;
    }
    let illustrative = row.iter().skip(1).take(MAX_FIGURES + 1).any(marked);
    Some(Slide {
        title: first.heading.unwrap_or_default().to_string(),
        body: Body::Figures {
            caption: row.first().map(Cell::display).unwrap_or_default(),
            figures,
            lead: first
                .paragraphs
                .first()
                .and_then(|p| sentences(p).into_iter().next()),
        },
        notes: first.paragraphs.clone(),
        foot_note: b.illustrative_note.as_deref().filter(|_| illustrative),
    })
}

/// One slide per `MAX_TABLE_ROWS` rows (split evenly), each with the header; none for a
/// table without columns (a table's grid needs one).
fn table_slides<'a>(b: &'a Briefing, t: &'a Table, notes: &[&'a str]) -> Vec<Slide<'a>> {
    if t.columns.is_empty() {
        return Vec::new();
    }
    let n = t.rows.len().div_ceil(MAX_TABLE_ROWS).max(1);
    let per = t.rows.len().div_ceil(n).max(1);
    (0..n)
        .map(|k| {
            let rows = (k * per).min(t.rows.len())..((k + 1) * per).min(t.rows.len());
            let shown_marked = t.rows[rows.clone()].iter().flatten().any(marked);
            Slide {
                title: if k == 0 {
                    t.title.clone()
                } else {
                    format!("{}{}", t.title, continued(b.lang))
                },
                body: Body::Table { table: t, rows },
                notes: notes.to_vec(),
                foot_note: b.illustrative_note.as_deref().filter(|_| shown_marked),
            }
        })
        .collect()
}

/// Lines as bullet (or numbered) slides at the largest size in `sizes` that fits one slide,
/// or split over as many slides as needed at the smallest.
fn bullet_slides<'a>(
    title: &str,
    items: Vec<String>,
    numbered: bool,
    sizes: &[f32],
    lang: Lang,
) -> Result<Vec<(String, Body<'a>)>, ExportError> {
    let m = text::metrics().map_err(|e| ExportError::build(Format::Pptx, "font", e))?;
    let fits = |items: &[String], size: f32| slides::bullets_fit(m, items, size);
    if let Some(&size) = sizes.iter().find(|s| fits(&items, **s)) {
        let numbered_from = numbered.then_some(1);
        return Ok(vec![(
            title.to_string(),
            Body::Bullets {
                items,
                numbered_from,
                size,
            },
        )]);
    }
    let size = sizes.last().copied().unwrap_or(14.0);
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    for item in items {
        let mut trial = pages.last().cloned().unwrap_or_default();
        trial.push(item.clone());
        match pages.last_mut() {
            Some(page) if page.is_empty() || fits(&trial, size) => page.push(item),
            _ => pages.push(vec![item]),
        }
    }
    let mut first = 1;
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(k, items)| {
            let title = if k == 0 {
                title.to_string()
            } else {
                format!("{title}{}", continued(lang))
            };
            let numbered_from = numbered.then_some(first);
            first += items.len();
            (
                title,
                Body::Bullets {
                    items,
                    numbered_from,
                    size,
                },
            )
        })
        .collect())
}

/// Sizes tried for a section's bullets and for the sources, largest first.
const BULLET_SIZES: [f32; 6] = [24.0, 22.0, 20.0, 18.0, 16.0, 14.0];
const SOURCE_SIZES: [f32; 4] = [14.0, 12.0, 11.0, 10.0];

/// The slides of one section: bullets when it has nothing else, else a slide per table
/// (or per part of a long one), chart and map, each with the section's narrative as notes.
fn group_slides<'a>(b: &'a Briefing, g: &Group<'a>) -> Result<Vec<Slide<'a>>, ExportError> {
    if g.items.is_empty() {
        let items: Vec<String> = g.paragraphs.iter().flat_map(|p| sentences(p)).collect();
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let title = g.heading.unwrap_or_default();
        let pages = bullet_slides(title, items, false, &BULLET_SIZES, b.lang)?;
        return Ok(pages
            .into_iter()
            .map(|(title, body)| Slide {
                title,
                body,
                notes: g.paragraphs.clone(),
                foot_note: None,
            })
            .collect());
    }
    let mut out = Vec::new();
    for item in &g.items {
        match item {
            Block::Table(t) => out.extend(table_slides(b, t, &g.paragraphs)),
            Block::Chart(c) => out.push(Slide {
                title: c.title.clone(),
                body: Body::Chart(c),
                notes: g.paragraphs.clone(),
                foot_note: c.note.as_deref(),
            }),
            Block::Map(m) => out.push(Slide {
                title: m.title.clone(),
                body: Body::Map(m),
                notes: g.paragraphs.clone(),
                foot_note: None,
            }),
            Block::Heading(_) | Block::Paragraph(_) => {}
        }
    }
    Ok(out)
}

/// Every slide of the deck in order.
fn plan(b: &Briefing) -> Result<Vec<Slide<'_>>, ExportError> {
    let (title, period) = cover_title(b);
    let mut out = vec![Slide {
        title,
        body: Body::Cover {
            period,
            byline: &b.byline,
        },
        notes: Vec::new(),
        foot_note: None,
    }];
    let groups = groups(b);
    out.extend(headline(b, &groups));
    for g in &groups {
        out.extend(group_slides(b, g)?);
    }
    if !b.sources.is_empty() {
        let pages = bullet_slides(
            sources_heading(b),
            b.sources.clone(),
            true,
            &SOURCE_SIZES,
            b.lang,
        )?;
        out.extend(pages.into_iter().map(|(title, body)| Slide {
            title,
            body,
            notes: Vec::new(),
            foot_note: b.illustrative_note.as_deref(),
        }));
    }
    Ok(out)
}

/// The zip's entries in order: name, bytes, and whether to deflate them (PNG is stored).
type Entries = Vec<(String, Vec<u8>, bool)>;

/// Renders the briefing as PPTX bytes.
pub fn render(b: &Briefing) -> Result<Vec<u8>, ExportError> {
    let deck = plan(b)?;
    let total = deck.len();
    let mut entries: Entries = Vec::new();
    let mut with_notes = Vec::new();
    let mut images = 0usize;
    for (i, s) in deck.iter().enumerate() {
        let n = i + 1;
        let drawn = slides::slide(b, s, n, total)?;
        let mut rels = vec![(
            "rId1".to_string(),
            "slideLayout",
            "../slideLayouts/slideLayout1.xml".to_string(),
        )];
        if !s.notes.is_empty() {
            with_notes.push(n);
            rels.push((
                "rId2".into(),
                "notesSlide",
                format!("../notesSlides/notesSlide{n}.xml"),
            ));
            let notes = slides::notes(b.lang, &s.notes);
            entries.push((
                format!("ppt/notesSlides/notesSlide{n}.xml"),
                notes.into_bytes(),
                true,
            ));
            let notes_rels = parts::rels(&[
                (
                    "rId1".into(),
                    "notesMaster",
                    "../notesMasters/notesMaster1.xml".into(),
                ),
                ("rId2".into(), "slide", format!("../slides/slide{n}.xml")),
            ]);
            entries.push((
                format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
                notes_rels.into_bytes(),
                true,
            ));
        }
        for (rel, png) in drawn.images {
            images += 1;
            rels.push((rel, "image", format!("../media/image{images}.png")));
            entries.push((format!("ppt/media/image{images}.png"), png, false));
        }
        entries.push((
            format!("ppt/slides/slide{n}.xml"),
            drawn.xml.into_bytes(),
            true,
        ));
        entries.push((
            format!("ppt/slides/_rels/slide{n}.xml.rels"),
            parts::rels(&rels).into_bytes(),
            true,
        ));
    }
    let mut all = fixed_parts(b, total, &with_notes);
    all.append(&mut entries);
    zip(all, b)
}

/// Every part that is not a slide, a notes slide or an image.
fn fixed_parts(b: &Briefing, slides: usize, with_notes: &[usize]) -> Entries {
    let (presentation, presentation_rels) = parts::presentation(slides);
    let (master, master_rels) = parts::slide_master();
    let (layout, layout_rels) = parts::slide_layout();
    let (notes_master, notes_master_rels) = parts::notes_master();
    let language = b.lang.pick("zh-CN", "en-US");
    let mut out: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".into(),
            parts::content_types(slides, with_notes),
        ),
        ("_rels/.rels".into(), parts::package_rels()),
        (
            "docProps/core.xml".into(),
            parts::core(&b.title, language, &b.date.to_string()),
        ),
        (
            "docProps/app.xml".into(),
            parts::app(slides, with_notes.len()),
        ),
        ("ppt/presentation.xml".into(), presentation),
        ("ppt/_rels/presentation.xml.rels".into(), presentation_rels),
        ("ppt/slideMasters/slideMaster1.xml".into(), master),
        (
            "ppt/slideMasters/_rels/slideMaster1.xml.rels".into(),
            master_rels,
        ),
        ("ppt/slideLayouts/slideLayout1.xml".into(), layout),
        (
            "ppt/slideLayouts/_rels/slideLayout1.xml.rels".into(),
            layout_rels,
        ),
        ("ppt/notesMasters/notesMaster1.xml".into(), notes_master),
        (
            "ppt/notesMasters/_rels/notesMaster1.xml.rels".into(),
            notes_master_rels,
        ),
        (
            "ppt/theme/theme1.xml".into(),
            parts::theme("Industry Monitor"),
        ),
        (
            "ppt/theme/theme2.xml".into(),
            parts::theme("Industry Monitor Notes"),
        ),
    ];
    out.extend(parts::props().map(|(name, xml)| (name.to_string(), xml)));
    out.into_iter()
        .map(|(name, xml)| (name, xml.into_bytes(), true))
        .collect()
}

/// Zips the entries, dated the briefing's date (so the same briefing gives the same bytes).
fn zip(entries: Entries, b: &Briefing) -> Result<Vec<u8>, ExportError> {
    use zip::write::SimpleFileOptions;
    let fail = |e: &dyn std::fmt::Display| ExportError::build(Format::Pptx, "package", e);
    let when = zip::DateTime::from_date_and_time(
        u16::try_from(b.date.year()).unwrap_or(1980),
        u8::try_from(b.date.month()).unwrap_or(1),
        u8::try_from(b.date.day()).unwrap_or(1),
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes, deflate) in entries {
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(when);
        z.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        z.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    Ok(z.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_with_their_closing_quotes() {
        assert_eq!(
            sentences("全市增长19.2%，居全省第1位。“十四五”以来“稳中有进。”最后一句"),
            vec![
                "全市增长19.2%，居全省第1位。",
                "“十四五”以来“稳中有进。”",
                "最后一句"
            ]
        );
        assert_eq!(
            sentences("Growth was 19.2%. It ranked first. "),
            vec!["Growth was 19.2%.", "It ranked first."]
        );
        assert!(sentences("  ").is_empty());
    }

    #[test]
    fn long_tables_are_split_evenly_with_every_row_once() {
        let table = |n: usize| Table {
            id: "t".into(),
            title: "表".into(),
            note: None,
            columns: vec!["a".into()],
            rows: (0..n).map(|i| vec![Cell::count(i as f64)]).collect(),
        };
        let b = crate::briefing::Briefing {
            lang: Lang::Zh,
            title: "t".into(),
            byline: String::new(),
            date: crate::model::Date::new(2023, 5, 10).expect("date"),
            period: crate::model::Period::new(2023, 4).expect("period"),
            sections: Vec::new(),
            tables: Vec::new(),
            charts: Vec::new(),
            maps: Vec::new(),
            sources: Vec::new(),
            illustrative_note: None,
        };
        for (n, expected) in [
            (0, vec![0]),
            (13, vec![13]),
            (14, vec![7, 7]),
            (30, vec![10, 10, 10]),
        ] {
            let t = table(n);
            let slides = table_slides(&b, &t, &[]);
            let sizes: Vec<usize> = slides
                .iter()
                .map(|s| match &s.body {
                    Body::Table { rows, .. } => rows.len(),
                    _ => usize::MAX,
                })
                .collect();
            assert_eq!(sizes, expected, "{n} rows");
            if slides.len() > 1 {
                assert_eq!(slides[1].title, "表（续）");
            }
        }
        let mut no_columns = table(3);
        no_columns.columns.clear();
        assert!(table_slides(&b, &no_columns, &[]).is_empty());
    }
}
