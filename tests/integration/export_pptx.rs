//! The meeting deck (PPTX) read back as a user's tools would: the zip package and its XML
//! parts (slides, relationships, notes, content types), the images decoded, LibreOffice
//! Impress converting it to PDF, the command line and the Export dialog writing it. The
//! briefing is the sample's at 2023 1—4月 with everything the CLI adds (targets, returns,
//! 包联考核, the counties' map).

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use egui_kittest::kittest::Queryable;
use industry_monitor::analysis::analyse;
use industry_monitor::briefing::document::{ExtrasData, build_full};
use industry_monitor::briefing::{Briefing, Cell, Parts, Table};
use industry_monitor::export::{self, Format};
use industry_monitor::model::catalogue::VA_GROWTH;
use industry_monitor::model::{Basis, Date, Lang, Period};
use industry_monitor::store::Dataset;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::Command as ViewCommand;
use industry_monitor::ui::views::export_dialog::Outcome;
use usvg::roxmltree::{Document, Node};

use crate::common;

const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const IMAGE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";

fn sample_briefing(lang: Lang) -> Briefing {
    let dir = tempfile::tempdir().expect("tempdir");
    let ds = Dataset::open(&common::sample_dataset(dir.path())).expect("open");
    let snap = ds.snapshot(None).expect("snapshot");
    let period = Period::new(2023, 4).expect("period");
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, period);
    let data = ExtrasData::load(&ds, &snap, period).expect("extras");
    let today = Date::new(2023, 5, 10).expect("date");
    build_full(&snap, &a, data.extras(), lang, Parts::default(), today)
}

/// The package's parts by name.
struct Package(BTreeMap<String, Vec<u8>>);

impl Package {
    fn read(bytes: &[u8]) -> Package {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
        let mut parts = BTreeMap::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("entry");
            let mut v = Vec::new();
            f.read_to_end(&mut v).expect("read");
            parts.insert(f.name().expect("entry name").into_owned(), v);
        }
        Package(parts)
    }

    fn text(&self, name: &str) -> &str {
        let bytes = self.0.get(name).unwrap_or_else(|| panic!("no part {name}"));
        std::str::from_utf8(bytes).expect("utf-8 part")
    }

    /// The relationships of `part`: id → (type, resolved target).
    fn rels(&self, part: &str) -> BTreeMap<String, (String, String)> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let name = format!("{dir}/_rels/{file}.rels");
        let doc = Document::parse(self.text(&name)).expect("well-formed rels");
        doc.descendants()
            .filter(|n| n.tag_name().name() == "Relationship")
            .map(|n| {
                let target = resolve(dir, n.attribute("Target").expect("target"));
                (
                    n.attribute("Id").expect("id").to_string(),
                    (n.attribute("Type").expect("type").to_string(), target),
                )
            })
            .collect()
    }

    /// The slides' part names in presentation order.
    fn slides(&self) -> Vec<String> {
        let rels = self.rels("ppt/presentation.xml");
        let doc = Document::parse(self.text("ppt/presentation.xml")).expect("presentation");
        doc.descendants()
            .filter(|n| n.has_tag_name((P, "sldId")))
            .map(|n| rels[n.attribute((R, "id")).expect("r:id")].1.clone())
            .collect()
    }
}

/// `target` relative to the folder `dir`, with `..` resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The text of the shape named `name` (its runs joined, paragraphs by newlines).
fn shape_text(doc: &Document, name: &str) -> Option<String> {
    let shape = doc.descendants().find(|n| {
        n.has_tag_name((P, "sp"))
            && n.descendants()
                .any(|c| c.has_tag_name((P, "cNvPr")) && c.attribute("name") == Some(name))
    })?;
    Some(paragraphs(shape).join("\n"))
}

fn paragraphs(node: Node) -> Vec<String> {
    node.descendants()
        .filter(|n| n.has_tag_name((A, "p")))
        .map(|p| {
            p.descendants()
                .filter(|n| n.has_tag_name((A, "t")))
                .filter_map(|t| t.text())
                .collect()
        })
        .collect()
}

/// Each table on a slide as rows of cell texts.
fn tables(doc: &Document) -> Vec<Vec<Vec<String>>> {
    doc.descendants()
        .filter(|n| n.has_tag_name((A, "tbl")))
        .map(|t| {
            t.children()
                .filter(|n| n.has_tag_name((A, "tr")))
                .map(|tr| {
                    tr.children()
                        .filter(|n| n.has_tag_name((A, "tc")))
                        .map(|tc| paragraphs(tc).join(""))
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    (w, h)
}

/// The titles the deck must show, in the briefing's order: every paged table (a long one
/// once per slide), chart and map.
fn table_slide_count(t: &Table) -> usize {
    t.rows.len().div_ceil(export::pptx::MAX_TABLE_ROWS).max(1)
}

#[test]
fn the_sample_deck_has_a_slide_per_idea_at_16_9() {
    let b = sample_briefing(Lang::Zh);
    let bytes = export::render(&b, Format::Pptx, None).expect("pptx");
    let pkg = Package::read(&bytes);
    let pres = pkg.text("ppt/presentation.xml");
    assert!(
        pres.contains(r#"<p:sldSz cx="12192000" cy="6858000"/>"#),
        "16:9"
    );
    let slides = pkg.slides();
    let titles: Vec<String> = slides
        .iter()
        .map(|s| {
            let doc = Document::parse(pkg.text(s)).expect("well-formed slide");
            shape_text(&doc, "Title").expect("every slide has a title")
        })
        .collect();
    // Cover, headline figures, then the sections' tables, charts and maps, the sources.
    assert_eq!(titles[0], "鸡西市工业经济运行情况");
    assert_eq!(titles[1], b.sections[0].heading);
    assert_eq!(titles.last().map(String::as_str), Some("资料来源"));
    let paged: Vec<&Table> = b.tables.iter().filter(|t| t.id != "enterprises").collect();
    assert!(
        paged.len() >= 5,
        "key, targets, industries, ranking, pullers, 包联"
    );
    for t in &paged {
        let continued = format!("{}（续）", t.title);
        let n = titles
            .iter()
            .filter(|x| **x == t.title || **x == continued)
            .count();
        assert_eq!(
            n,
            table_slide_count(t),
            "slides of “{}”: {titles:?}",
            t.title
        );
    }
    for title in b
        .charts
        .iter()
        .map(|c| &c.title)
        .chain(b.maps.iter().map(|m| &m.title))
    {
        assert_eq!(titles.iter().filter(|x| *x == title).count(), 1, "{title}");
    }
    // 四、企业服务和银企对接 has no table or chart: its sentences are bullets.
    let service = b
        .sections
        .iter()
        .find(|s| s.heading.contains("企业服务"))
        .expect("the service section");
    let k = titles
        .iter()
        .position(|t| *t == service.heading)
        .expect("a bullet slide");
    let doc = Document::parse(pkg.text(&slides[k])).expect("slide");
    let bullets = shape_text(&doc, "Text").expect("bullets");
    assert!(bullets.lines().count() >= 2, "{bullets}");
    assert_eq!(squeeze(&bullets), squeeze(&service.paragraphs.concat()));
    assert!(pkg.text(&slides[k]).contains(r#"<a:buChar char="•"/>"#));
    let expected = 2
        + paged.iter().map(|t| table_slide_count(t)).sum::<usize>()
        + b.charts.len()
        + b.maps.len()
        + 1 // the bullet section
        + 1; // sources
    assert_eq!(slides.len(), expected, "{titles:#?}");
    // The package declares every part it holds.
    let types = pkg.text("[Content_Types].xml");
    for name in pkg.0.keys().filter(|n| *n != "[Content_Types].xml") {
        let declared = types.contains(&format!(r#"PartName="/{name}""#))
            || [".rels", ".png"].iter().any(|e| name.ends_with(e));
        assert!(declared, "{name} has no content type");
    }
}

#[test]
fn tables_are_native_with_the_figures_and_marks() {
    let b = sample_briefing(Lang::Zh);
    let pkg = Package::read(&export::render(&b, Format::Pptx, None).expect("pptx"));
    let slides = pkg.slides();
    let note = b
        .illustrative_note
        .clone()
        .expect("the sample has illustrative figures");
    // Slide 3 is 主要指标: header row and the region's 19.2 (published, so no star), the
    // province's 4.9* (illustrative), so the note is at the foot.
    let doc = Document::parse(pkg.text(&slides[2])).expect("slide");
    assert_eq!(shape_text(&doc, "Title").as_deref(), Some("主要指标"));
    let t = &tables(&doc)[0];
    let key = &b.tables[0];
    assert_eq!(t.len(), key.rows.len() + 1, "header and every row");
    assert_eq!(squeeze(&t[0][0]), squeeze(&key.columns[0]));
    assert_eq!(t[1][1], "19.2");
    assert_eq!(t[1][2], "4.9*");
    assert_eq!(shape_text(&doc, "Note").as_deref(), Some(note.as_str()));
    // The headline slide sets the same row large.
    let doc = Document::parse(pkg.text(&slides[1])).expect("slide");
    let figures: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((P, "cNvPr")) && n.attribute("name") == Some("Figure"))
        .map(|n| paragraphs(n.parent().and_then(|p| p.parent()).expect("shape"))[0].clone())
        .collect();
    assert_eq!(
        figures,
        ["19.2", "4.9*", "3.6", "14.3*", "15.6", "1（共13）"]
    );
    assert!(
        shape_text(&doc, "Lead").is_some_and(|l| l.contains("同比增长19.2%")),
        "the narrative's first sentence"
    );
    // 包联考核: the weights under the title, twelve officials.
    let k = slides
        .iter()
        .position(|s| pkg.text(s).contains("包联考核（2023年1—4月）"))
        .expect("the scorecard's slide");
    let doc = Document::parse(pkg.text(&slides[k])).expect("slide");
    assert!(shape_text(&doc, "Table Note").is_some_and(|n| n.contains("权重")));
    assert_eq!(tables(&doc)[0].len(), 13);
}

#[test]
fn every_run_names_the_east_asian_face_and_chinese() {
    let b = sample_briefing(Lang::Zh);
    let pkg = Package::read(&export::render(&b, Format::Pptx, None).expect("pptx"));
    let mut runs = 0;
    for (name, bytes) in &pkg.0 {
        let is_text_part = (name.starts_with("ppt/slides/slide")
            || name.starts_with("ppt/notesSlides/notesSlide"))
            && name.ends_with(".xml");
        if !is_text_part {
            continue;
        }
        let xml = std::str::from_utf8(bytes).expect("utf-8");
        let doc = Document::parse(xml).expect("well-formed");
        for r in doc.descendants().filter(|n| n.has_tag_name((A, "r"))) {
            runs += 1;
            let props = r
                .children()
                .find(|n| n.has_tag_name((A, "rPr")))
                .unwrap_or_else(|| panic!("a run without properties in {name}"));
            assert_eq!(props.attribute("lang"), Some("zh-CN"), "{name}");
            assert_eq!(props.attribute("altLang"), Some("en-US"), "{name}");
            let face = |tag: &str| {
                props
                    .children()
                    .find(|n| n.has_tag_name((A, tag)))
                    .and_then(|n| n.attribute("typeface"))
                    .map(str::to_string)
            };
            let ea = face("ea").unwrap_or_else(|| panic!("a run without a:ea in {name}"));
            assert!(["黑体", "仿宋"].contains(&ea.as_str()), "{ea}");
            assert_eq!(face("latin").as_deref(), Some("Times New Roman"));
        }
    }
    assert!(runs > 500, "{runs} runs");
    // The theme names the same faces for text that has none of its own.
    let theme = pkg.text("ppt/theme/theme1.xml");
    assert!(
        theme.contains(r#"<a:ea typeface="黑体"/>"#)
            && theme.contains(r#"<a:ea typeface="仿宋"/>"#)
    );
}

#[test]
fn charts_and_maps_are_png_images_that_resolve() {
    let b = sample_briefing(Lang::Zh);
    let pkg = Package::read(&export::render(&b, Format::Pptx, None).expect("pptx"));
    let mut seen = HashSet::new();
    for s in pkg.slides() {
        let rels = pkg.rels(&s);
        let doc = Document::parse(pkg.text(&s)).expect("slide");
        for blip in doc.descendants().filter(|n| n.has_tag_name((A, "blip"))) {
            let id = blip.attribute((R, "embed")).expect("r:embed");
            let (kind, target) = rels.get(id).unwrap_or_else(|| panic!("{s}: no {id}"));
            assert_eq!(kind, IMAGE_REL);
            let png = pkg
                .0
                .get(target)
                .unwrap_or_else(|| panic!("{s}: {target} missing"));
            let (w, h) = png_size(png);
            assert!(w >= 1600 && h > 200, "{target}: {w}×{h}");
            seen.insert(target.clone());
        }
        // Every relationship of a slide points at a part in the package.
        for (kind, target) in rels.values() {
            assert!(pkg.0.contains_key(target), "{s}: {kind} → {target}");
        }
    }
    assert_eq!(seen.len(), b.charts.len() + b.maps.len());
}

#[test]
fn notes_carry_the_sections_narrative() {
    let b = sample_briefing(Lang::Zh);
    let pkg = Package::read(&export::render(&b, Format::Pptx, None).expect("pptx"));
    let slides = pkg.slides();
    let notes_of = |slide: &str| -> Option<String> {
        let rels = pkg.rels(slide);
        let (_, target) = rels
            .values()
            .find(|(kind, _)| kind.ends_with("/notesSlide"))?;
        // The notes point back at their slide and at the notes master.
        let back = pkg.rels(target);
        assert!(back.values().any(|(_, t)| t == slide), "{target}");
        assert!(
            back.values()
                .any(|(_, t)| t == "ppt/notesMasters/notesMaster1.xml")
        );
        let doc = Document::parse(pkg.text(target)).expect("notes");
        Some(paragraphs(doc.root()).join("\n"))
    };
    assert!(notes_of(&slides[0]).is_none(), "the cover has no notes");
    // The headline slide and the 主要指标 table: section 一's paragraphs.
    for k in [1, 2] {
        let notes = notes_of(&slides[k]).expect("notes");
        for p in &b.sections[0].paragraphs {
            assert!(notes.contains(p.as_str()), "slide {}: {notes}", k + 1);
        }
    }
    // The industries' slides carry section 二's narrative.
    let industries = &b.sections[1];
    let k = slides
        .iter()
        .position(|s| pkg.text(s).contains("分行业增加值（1—4月）"))
        .expect("industry table");
    assert!(
        notes_of(&slides[k])
            .expect("notes")
            .contains(&industries.paragraphs[0])
    );
    assert!(pkg.text("docProps/app.xml").contains("<Slides>"));
}

fn small_briefing(rows: usize, illustrative: bool) -> Briefing {
    let mut b = sample_briefing(Lang::Zh);
    b.charts.clear();
    b.maps.clear();
    b.sections.truncate(1);
    b.tables = vec![Table {
        id: "long".into(),
        title: "长表".into(),
        note: None,
        columns: vec!["企业".into(), "增速（%）".into()],
        rows: (0..rows)
            .map(|i| {
                vec![
                    Cell::text(format!("企业{i:02}")),
                    Cell::rate(Some(i as f64)).marked(illustrative),
                ]
            })
            .collect(),
    }];
    b
}

#[test]
fn a_long_table_is_split_with_its_header_on_every_slide() {
    let b = small_briefing(30, false);
    let pkg = Package::read(&export::render(&b, Format::Pptx, None).expect("pptx"));
    let mut seen = Vec::new();
    let mut parts = 0;
    for s in pkg.slides() {
        let doc = Document::parse(pkg.text(&s)).expect("slide");
        let title = shape_text(&doc, "Title").unwrap_or_default();
        if !title.starts_with("长表") {
            continue;
        }
        parts += 1;
        assert_eq!(
            title,
            if parts == 1 {
                "长表"
            } else {
                "长表（续）"
            }
        );
        let t = &tables(&doc)[0];
        assert_eq!(t[0], ["企业", "增速（%）"], "the header repeats");
        assert!(t.len() - 1 <= export::pptx::MAX_TABLE_ROWS);
        seen.extend(t[1..].iter().map(|r| r[0].clone()));
        // No figure is marked, so no illustrative note.
        assert!(shape_text(&doc, "Note").is_none(), "{s}");
    }
    assert_eq!(parts, 3);
    let expected: Vec<String> = (0..30).map(|i| format!("企业{i:02}")).collect();
    assert_eq!(seen, expected, "every row once, in order");
    // Marked figures bring the note.
    let b = small_briefing(5, true);
    let pkg = Package::read(&export::render(&b, Format::Pptx, None).expect("pptx"));
    let s = pkg
        .slides()
        .into_iter()
        .find(|s| pkg.text(s).contains("长表"))
        .expect("the table's slide");
    assert!(pkg.text(&s).contains("1.0*"));
    let doc = Document::parse(pkg.text(&s)).expect("slide");
    assert_eq!(shape_text(&doc, "Note"), b.illustrative_note);
}

#[test]
fn an_english_deck_and_an_empty_briefing() {
    let b = sample_briefing(Lang::En);
    let bytes = export::render(&b, Format::Pptx, None).expect("pptx");
    let pkg = Package::read(&bytes);
    let slides = pkg.slides();
    let doc = Document::parse(pkg.text(&slides[0])).expect("cover");
    let title = shape_text(&doc, "Title").expect("title");
    assert!(
        b.title.starts_with(&title) && !title.contains("2023"),
        "{title}"
    );
    assert_eq!(shape_text(&doc, "Period").as_deref(), Some("Jan–Apr 2023"));
    assert!(pkg.text(&slides[0]).contains(r#"lang="en-US""#));
    assert!(pkg.text(slides.last().expect("last")).contains(">Sources<"));
    // The same briefing gives the same bytes (parts dated by the briefing).
    assert_eq!(
        export::render(&b, Format::Pptx, None).expect("again"),
        bytes
    );

    let mut empty = b;
    empty.sections.clear();
    empty.tables.clear();
    empty.charts.clear();
    empty.maps.clear();
    empty.sources.clear();
    let pkg = Package::read(&export::render(&empty, Format::Pptx, None).expect("pptx"));
    assert_eq!(pkg.slides().len(), 1, "only the cover");
    assert!(!pkg.0.keys().any(|k| k.starts_with("ppt/notesSlides/")));
}

/// A section the deck code has never heard of (as 需关注的问题 will be) gets its slides:
/// bullets for its sentences, and its table (an id no export knows) after the sections.
/// Text with XML's special and control characters stays well-formed.
#[test]
fn a_new_section_gets_its_slides_and_odd_text_stays_well_formed() {
    let mut b = sample_briefing(Lang::Zh);
    let mut warnings = b.sections[0].clone();
    warnings.heading = "六、需关注的问题".into();
    warnings.paragraphs = vec!["鸡东县增速低于全市<3个百分点>&“预警”。某企业停产\u{1}。".into()];
    b.sections.push(warnings);
    b.tables.push(Table {
        id: "warnings".into(),
        title: "预警清单 <&>".into(),
        note: None,
        columns: vec!["规则".into(), "对象".into()],
        rows: vec![vec![Cell::text("排名下降"), Cell::text("=鸡东县")]],
    });
    let pkg = Package::read(&export::render(&b, Format::Pptx, None).expect("pptx"));
    let slides = pkg.slides();
    let titles: Vec<String> = slides
        .iter()
        .map(|s| {
            let doc = Document::parse(pkg.text(s)).expect("every slide is well-formed");
            shape_text(&doc, "Title").unwrap_or_default()
        })
        .collect();
    let k = titles
        .iter()
        .position(|t| t == "六、需关注的问题")
        .expect("the new section's slide");
    let doc = Document::parse(pkg.text(&slides[k])).expect("slide");
    let bullets = shape_text(&doc, "Text").expect("bullets");
    assert_eq!(
        bullets.lines().collect::<Vec<_>>(),
        ["鸡东县增速低于全市<3个百分点>&“预警”。", "某企业停产。"]
    );
    let t = titles
        .iter()
        .position(|t| t == "预警清单 <&>")
        .expect("the new table's slide");
    let doc = Document::parse(pkg.text(&slides[t])).expect("slide");
    assert_eq!(tables(&doc)[0][1], ["排名下降", "=鸡东县"]);
    assert_eq!(titles.last().map(String::as_str), Some("资料来源"));
}

/// Converts `deck` with LibreOffice Impress into `dir` and returns the PDF's path. Never
/// skipped: without soffice the test fails and says what to install.
fn soffice_pdf(deck: &Path, dir: &Path) -> std::path::PathBuf {
    // A private profile, so parallel runs (and a user's open LibreOffice) do not clash.
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .arg(deck)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "soffice could not run ({e}); install LibreOffice Impress \
                 (apt-get install --no-install-recommends libreoffice-impress-nogui)"
            )
        });
    let pdf = dir.join(deck.with_extension("pdf").file_name().expect("name"));
    assert!(
        out.status.success() && pdf.exists(),
        "soffice did not convert the deck (is libreoffice-impress installed?): {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

#[test]
fn libreoffice_impress_opens_the_deck_one_page_per_slide() {
    let b = sample_briefing(Lang::Zh);
    let dir = tempfile::tempdir().expect("tempdir");
    let deck = dir.path().join("deck.pptx");
    export::write(&b, Format::Pptx, &deck, None).expect("pptx");
    let slides = Package::read(&std::fs::read(&deck).expect("deck"))
        .slides()
        .len();
    let pdf = soffice_pdf(&deck, dir.path());
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo reads the PDF: install poppler-utils");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"));
    assert_eq!(pages, slides);
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext reads the PDF: install poppler-utils");
    let text = squeeze(&String::from_utf8_lossy(&text.stdout));
    assert!(text.contains("19.2"), "{text}");
    assert!(text.contains("15.6"), "{text}");
    assert!(text.contains("鸡西市工业经济运行情况"), "{text}");
    assert!(text.contains("主要指标"), "{text}");
}

#[test]
fn the_command_line_writes_a_deck() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ds = common::sample_dataset(dir.path());
    let out = dir.path().join("调度会.pptx");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
            .arg("export")
            .args(["--dataset", ds.to_str().expect("utf-8 path")])
            .args(["--period", "2023-04"])
            .args(args)
            .output()
            .expect("run")
    };
    let done = run(&["--format", "pptx", "--out", out.to_str().expect("path")]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&done.stdout).trim(),
        out.display().to_string()
    );
    let pkg = Package::read(&std::fs::read(&out).expect("written"));
    assert!(pkg.slides().len() > 10);
    assert!(
        pkg.slides()
            .iter()
            .any(|s| pkg.text(s).contains("包联考核"))
    );
    // A deck named .pdf is a usage error.
    let wrong = dir.path().join("x.pdf");
    let done = run(&["--format", "pptx", "--out", wrong.to_str().expect("path")]);
    assert_eq!(done.status.code(), Some(2));
    assert!(!wrong.exists());
}

#[test]
fn the_export_dialog_offers_and_writes_the_deck() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out").join("简报.pptx");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
    let dialogs = ScriptedDialogs::default();
    dialogs.saves.borrow_mut().push(out.clone());
    let mut h = common::harness(common::app_on_sample_with(dir.path(), dialogs));
    h.state_mut().send(ViewCommand::SelectPeriod(
        Period::new(2023, 4).expect("period"),
    ));
    h.run();
    h.get_by_label("导出会议材料").click();
    h.run();
    // Only the deck: PDF and Word are chosen by default.
    h.get_by_label("PDF").click();
    h.get_by_label("Word（.docx）").click();
    h.get_by_label("演示文稿（.pptx）").click();
    h.run();
    let chosen: Vec<Format> = h
        .state()
        .export
        .formats
        .iter()
        .filter(|(_, on)| *on)
        .map(|(f, _)| *f)
        .collect();
    assert_eq!(chosen, [Format::Pptx]);
    h.get_by_label("选择保存位置并导出…").click();
    for _ in 0..400 {
        h.run();
        if h.state().export.job.is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    match &h.state().export.outcome {
        Some(Outcome::Written(files)) => assert_eq!(files, &vec![out.clone()]),
        other => panic!("export failed: {other:?}"),
    }
    let pkg = Package::read(&std::fs::read(&out).expect("the deck"));
    let slides = pkg.slides();
    let doc = Document::parse(pkg.text(&slides[0])).expect("cover");
    assert_eq!(
        shape_text(&doc, "Title").as_deref(),
        Some("鸡西市工业经济运行情况")
    );
}
