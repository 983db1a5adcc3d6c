//! Every export format read back with independent code, as a user's tools would read it:
//! the PDF through poppler's `pdftotext`/`pdffonts` and lopdf, the DOCX and XLSX as zip
//! packages of XML (and the XLSX through calamine), PNG headers, CSV through the csv
//! reader. The briefing is the sample dataset's at 2023 1–4月 (the published headline:
//! 19.2%, 15.6 points above the nation, first of 13 for 3 months).
//!
//! Set `EXPORT_KEEP_DIR=/some/dir` to keep the files of `every_format_is_written` for
//! looking at them.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use industry_monitor::analysis;
use industry_monitor::briefing::chart::ChartId;
use industry_monitor::briefing::document::{Section, build};
use industry_monitor::briefing::narrative::Topic;
use industry_monitor::briefing::{Briefing, Cell, Parts, Table};
use industry_monitor::export::{self, ExportError, Format};
use industry_monitor::model::{Basis, Date, Lang, Period};
use industry_monitor::store::Dataset;
use usvg::roxmltree;

fn sample_briefing(lang: Lang) -> Briefing {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&path).expect("write the sample");
    let snap = Dataset::open(&path)
        .expect("open")
        .snapshot(None)
        .expect("snapshot");
    let period = Period::new(2023, 4).expect("period");
    let a = analysis::analyse(&snap, "va_growth", Basis::Ytd, period);
    let today = Date::new(2023, 5, 10).expect("date");
    build(&snap, &a, lang, Parts::default(), today)
}

/// Text without any whitespace, to compare across line breaks.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn out_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("EXPORT_KEEP_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            std::fs::create_dir_all(&d).expect("keep dir");
            (None, d)
        }
        None => {
            let t = tempfile::tempdir().expect("tempdir");
            let p = t.path().to_path_buf();
            (Some(t), p)
        }
    }
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(file)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{name} could not run ({e}); install poppler-utils (apt-get install poppler-utils)"
            )
        });
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn zip_part(bytes: &[u8], name: &str) -> Option<String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut f = z.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8 part");
    Some(s)
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    z.file_names()
        .map(|n| n.expect("entry name").into_owned())
        .collect()
}

fn zip_bytes(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut f = z.by_name(name).expect("part");
    let mut v = Vec::new();
    f.read_to_end(&mut v).expect("read");
    v
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    (w, h)
}

#[test]
fn every_format_is_written() {
    let b = sample_briefing(Lang::Zh);
    let (_keep, dir) = out_dir();
    for format in Format::ALL {
        let out = dir.join(format!("briefing.{}", format.extension()));
        let written = export::write(&b, format, &out, None).expect("export");
        assert!(!written.files.is_empty());
        for f in &written.files {
            let len = std::fs::metadata(f).expect("written").len();
            assert!(len > 100, "{} is {len} bytes", f.display());
        }
    }
    for id in [
        ChartId::Growth,
        ChartId::Ranking,
        ChartId::Shares,
        ChartId::Pulls,
    ] {
        let out = dir.join(format!("chart-{}.png", id.code()));
        export::write(&b, Format::Png, &out, Some(id)).expect("png");
    }
    let en = sample_briefing(Lang::En);
    for format in [Format::Pdf, Format::Docx] {
        let out = dir.join(format!("briefing-en.{}", format.extension()));
        export::write(&en, format, &out, None).expect("export");
    }
    // Nothing but the files themselves: no temporary siblings left behind.
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn pdf_text_is_whole_sentences_in_an_embedded_subset_font() {
    let b = sample_briefing(Lang::Zh);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("简报.pdf");
    export::write(&b, Format::Pdf, &path, None).expect("pdf");
    let text = tool("pdftotext", &["-enc", "UTF-8"], &path);
    let flat = squeeze(&text);
    assert!(flat.contains(&squeeze(&b.title)), "title in {text}");
    let mut n = 0;
    for p in b.paragraphs() {
        assert!(
            flat.contains(&squeeze(p)),
            "paragraph missing:\n{p}\n--- in ---\n{text}"
        );
        n += 1;
    }
    assert!(n >= 3, "the narrative has paragraphs");
    assert!(flat.contains("19.2"));
    assert!(flat.contains("15.6个百分点"));
    for s in &b.sources {
        assert!(flat.contains(&squeeze(s)), "source missing: {s}");
    }
    if let Some(note) = &b.illustrative_note {
        assert!(flat.contains(&squeeze(note)));
    }
    // Each line is one run: a sentence's characters are not separated by spaces.
    let headline = text
        .lines()
        .find(|l| l.contains("同比增长19.2%"))
        .expect("the headline line");
    assert!(
        !headline.contains("增 长") && !headline.contains("19. 2"),
        "{headline}"
    );
    // Table and chart labels are text too.
    assert!(flat.contains("主要指标"));
    assert!(flat.contains("鸡西市"));
    assert!(flat.contains("—1—") && flat.contains("—2—"), "page numbers");

    let fonts = tool("pdffonts", &[], &path);
    let font_lines: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!font_lines.is_empty(), "{fonts}");
    for l in &font_lines {
        assert!(l.contains('+'), "subset font (ABCDEF+Name): {l}");
        let cols: Vec<&str> = l.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb sub uni: {l}"
        );
    }

    // A pure-Rust reader sees the same: A4 pages and the headline on page 1.
    let doc = lopdf::Document::load_mem(&std::fs::read(&path).expect("read")).expect("lopdf");
    let pages = doc.get_pages();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let first = *pages.keys().next().expect("page 1");
    let page_text = doc.extract_text(&[first]).expect("extract");
    assert!(squeeze(&page_text).contains("19.2"), "{page_text}");
    let media = doc
        .get_dictionary(pages[&first])
        .and_then(|d| d.get(b"MediaBox"))
        .and_then(|m| m.as_array())
        .expect("MediaBox");
    let w = media[2].as_float().expect("width");
    let h = media[3].as_float().expect("height");
    assert!(
        (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
        "A4: {w}×{h}"
    );
}

#[test]
fn english_pdf_breaks_at_spaces() {
    let b = sample_briefing(Lang::En);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("briefing.pdf");
    export::write(&b, Format::Pdf, &path, None).expect("pdf");
    let text = tool("pdftotext", &["-enc", "UTF-8"], &path);
    // Joining lines with spaces gives back every paragraph: no word was split. Page
    // numbers ("–4–") fall between the lines of a paragraph that goes on over a page.
    let body: Vec<&str> = text
        .lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with('–')
                && t.ends_with('–')
                && t.trim_matches('–').chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    let joined = body
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for p in b.paragraphs() {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            joined.contains(&p),
            "paragraph missing:\n{p}\n--- in ---\n{text}"
        );
    }
}

fn paragraphs_of(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed document.xml");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn docx_has_styled_paragraphs_tables_images_and_chinese_language() {
    let b = sample_briefing(Lang::Zh);
    let bytes = export::render(&b, Format::Docx, None).expect("docx");
    let doc = zip_part(&bytes, "word/document.xml").expect("document.xml");
    let paras = paragraphs_of(&doc);
    assert!(paras.iter().any(|p| p == &b.title));
    for p in b.paragraphs() {
        assert!(paras.iter().any(|x| x == p), "paragraph missing: {p}");
    }
    for s in &b.sections {
        assert!(paras.iter().any(|x| x == &s.heading));
    }
    assert_eq!(
        doc.matches("<w:tbl>").count(),
        b.tables.len(),
        "one Word table per table"
    );
    assert_eq!(
        doc.matches("<w:drawing>").count(),
        b.charts.len() + b.maps.len(),
        "one picture per chart and per map"
    );
    assert!(doc.contains(r#"w:eastAsia="仿宋""#), "body font");
    assert!(doc.contains(r#"w:eastAsia="黑体""#), "heading font");
    assert!(doc.contains(r#"w:eastAsia="方正小标宋简体""#), "title font");
    assert!(doc.contains(r#"<w:pStyle w:val="Heading1" />"#));
    // Every run carries the Simplified Chinese language.
    let parsed = roxmltree::Document::parse(&doc).expect("xml");
    let runs: Vec<_> = parsed
        .descendants()
        .filter(|n| n.tag_name().name() == "r")
        .collect();
    assert!(runs.len() > 10);
    for r in &runs {
        let lang = r
            .children()
            .find(|c| c.tag_name().name() == "rPr")
            .and_then(|rpr| rpr.children().find(|c| c.tag_name().name() == "lang"));
        let east_asia = lang.and_then(|l| {
            l.attributes()
                .find(|a| a.name() == "eastAsia")
                .map(|a| a.value().to_string())
        });
        assert_eq!(
            east_asia.as_deref(),
            Some("zh-CN"),
            "run without zh-CN: {r:?}"
        );
    }
    let styles = zip_part(&bytes, "word/styles.xml").expect("styles.xml");
    assert!(styles.contains(r#"w:eastAsia="zh-CN""#));
    assert!(styles.contains(r#"<w:name w:val="heading 1" />"#));
    roxmltree::Document::parse(&styles).expect("well-formed styles.xml");
    let fonts = zip_part(&bytes, "word/fontTable.xml").expect("fontTable.xml");
    assert!(fonts.contains(r#"<w:altName w:val="宋体" />"#));
    // The charts and maps are our PNGs, at least 1600 px wide.
    let images: Vec<String> = zip_names(&bytes)
        .into_iter()
        .filter(|n| n.starts_with("word/media/") && !n.ends_with('/'))
        .collect();
    assert_eq!(images.len(), b.charts.len() + b.maps.len(), "{images:?}");
    for i in &images {
        let (w, _) = png_size(&zip_bytes(&bytes, i));
        assert!(w >= 1600, "{i}: {w} px");
    }
}

#[test]
fn xlsx_has_numbers_sheets_and_native_charts() {
    let b = sample_briefing(Lang::Zh);
    let bytes = export::render(&b, Format::Xlsx, None).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("calamine opens it");
    let names = wb.sheet_names();
    assert!(names.iter().any(|n| n == "主要指标"), "{names:?}");
    assert!(names.iter().any(|n| n == "图表") && names.iter().any(|n| n == "图表数据"));
    assert_eq!(names.len(), b.tables.len() + 2);
    let key = wb.worksheet_range("主要指标").expect("key sheet");
    assert_eq!(
        key.get_value((0, 0)),
        Some(&Data::String("主要指标".into())),
        "title row"
    );
    assert_eq!(key.get_value((1, 0)), Some(&Data::String("指标".into())));
    assert_eq!(
        key.get_value((2, 1)),
        Some(&Data::Float(19.2)),
        "19.2 as a number"
    );
    assert_eq!(key.get_value((2, 5)), Some(&Data::Float(15.6)));
    assert_eq!(
        key.get_value((2, 6)),
        Some(&Data::String("1（共13）".into()))
    );
    let ranking_sheet = names
        .iter()
        .find(|n| n.starts_with("全省各市"))
        .cloned()
        .expect("ranking sheet");
    let ranking = wb.worksheet_range(&ranking_sheet).expect("ranking");
    assert_eq!(ranking.get_value((2, 0)), Some(&Data::Float(1.0)));
    assert_eq!(
        ranking.get_value((2, 1)),
        Some(&Data::String("鸡西市".into()))
    );
    let data = wb.worksheet_range("图表数据").expect("chart data");
    assert!(
        data.cells().any(|(_, _, v)| *v == Data::Float(19.2)),
        "chart data holds the figures"
    );

    let parts = zip_names(&bytes);
    let charts: Vec<&String> = parts
        .iter()
        .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
        .collect();
    assert_eq!(charts.len(), b.charts.len(), "{parts:?}");
    let all: String = charts
        .iter()
        .map(|c| zip_part(&bytes, c).expect("chart part"))
        .collect();
    assert!(all.contains("<c:lineChart>"), "growth as a line chart");
    assert!(all.contains(r#"<c:barDir val="bar"/>"#), "ranking as bars");
    assert!(all.contains("图表数据"), "fed from the data sheet");
    // Numbers carry the one-decimal format.
    let styles = zip_part(&bytes, "xl/styles.xml").expect("styles");
    assert!(styles.contains(r##"formatCode="#,##0.0""##));
    // Pulls float on the running total as in the window: stacked columns over an invisible
    // base, the total from zero, labelled with their sign.
    assert!(
        all.contains(r#"<c:grouping val="stacked"/>"#),
        "pulls as a waterfall"
    );
    assert!(all.contains("<a:noFill/>"), "an invisible base");
    assert!(all.contains("-0.0;-0.0"), "falls labelled with a minus");
    assert!(
        data.cells()
            .any(|(_, _, v)| *v == Data::String("基底（作图用）".into())),
        "the base column is explained"
    );
    // The province's rate, a line in the window, is named on the ranking's value axis.
    assert!(all.contains("黑龙江省 "), "province named on the ranking");
    // Column widths were set by hand for the Chinese columns.
    let sheet1 = zip_part(&bytes, "xl/worksheets/sheet1.xml").expect("sheet1");
    assert!(sheet1.contains("customWidth=\"1\""));
}

#[test]
fn png_charts_are_at_least_1600_pixels_wide() {
    let b = sample_briefing(Lang::Zh);
    assert!(b.charts.len() >= 4, "growth, ranking, shares, pulls");
    for c in &b.charts {
        let bytes = export::render(&b, Format::Png, Some(c.id)).expect("png");
        let (w, h) = png_size(&bytes);
        assert!(w >= 1600, "{:?}: {w}", c.id);
        assert!(h >= 600, "{:?}: {h}", c.id);
    }
    let default = export::render(&b, Format::Png, None).expect("png");
    let growth = export::render(&b, Format::Png, Some(ChartId::Growth)).expect("png");
    assert_eq!(default, growth, "growth is the default chart");

    let mut no_charts = b.clone();
    no_charts.charts.clear();
    let err = export::write(
        &no_charts,
        Format::Png,
        Path::new("/tmp/never-written.png"),
        Some(ChartId::Pulls),
    )
    .expect_err("no such chart");
    let msg = err.to_string();
    assert!(
        msg.contains("never-written.png") && msg.contains("pulls"),
        "{msg}"
    );
    assert!(!Path::new("/tmp/never-written.png").exists());
}

#[test]
fn csv_is_one_file_per_table_with_bom_and_numbers() {
    let b = sample_briefing(Lang::Zh);
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("简报.csv");
    let written = export::write(&b, Format::Csv, &out, None).expect("csv");
    let expected: Vec<PathBuf> = b
        .tables
        .iter()
        .map(|t| dir.path().join(format!("简报_{}.csv", t.id)))
        .collect();
    assert_eq!(written.files, expected);
    let key = std::fs::read(&expected[0]).expect("key csv");
    assert!(key.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let mut r = csv::ReaderBuilder::new().from_reader(&key[..]);
    let header = r.headers().expect("header").clone();
    assert_eq!(&header[0], "指标");
    let first = r.records().next().expect("row").expect("record");
    assert_eq!(&first[1], "19.2");
    assert_eq!(&first[5], "15.6");

    let joined =
        String::from_utf8(export::render(&b, Format::Csv, None).expect("csv")).expect("utf-8");
    for t in &b.tables {
        assert!(joined.contains(&t.title), "{}", t.title);
    }
}

#[test]
fn markdown_has_the_narrative_tables_and_sources() {
    let b = sample_briefing(Lang::Zh);
    let md =
        String::from_utf8(export::render(&b, Format::Markdown, None).expect("md")).expect("utf-8");
    assert!(md.starts_with(&format!("# {}", b.title)));
    for p in b.paragraphs() {
        assert!(md.contains(p));
    }
    assert!(md.contains("| 指标 |"));
    assert!(md.contains("| 19.2 |"));
    assert!(md.contains("资料来源"));
}

/// A briefing whose cells are written to look like formulas.
fn hostile() -> Briefing {
    Briefing {
        lang: Lang::Zh,
        title: "=注入测试".into(),
        byline: "测试".into(),
        date: Date::new(2023, 5, 10).expect("date"),
        period: Period::new(2023, 4).expect("period"),
        sections: vec![Section {
            topic: Topic::Headline,
            heading: "一、测试".into(),
            paragraphs: vec!["正文。".into()],
        }],
        tables: vec![Table {
            id: "t".into(),
            note: None,
            title: "注入".into(),
            columns: vec!["名称".into(), "值".into()],
            rows: vec![
                vec![
                    Cell::text("=HYPERLINK(\"http://evil.example\",\"点击\")"),
                    Cell::rate(Some(-2.9)),
                ],
                vec![Cell::text("+1"), Cell::text("-2")],
                vec![Cell::text("@x"), Cell::text("正常")],
            ],
        }],
        charts: Vec::new(),
        maps: Vec::new(),
        sources: Vec::new(),
        illustrative_note: None,
    }
}

#[test]
fn csv_neutralises_formula_like_text_but_not_numbers() {
    let b = hostile();
    let bytes = export::render(&b, Format::Csv, None).expect("csv");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[..]);
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.expect("record").iter().map(String::from).collect())
        .collect();
    let cells: Vec<&String> = rows.iter().flatten().collect();
    assert!(cells.contains(&&"'=HYPERLINK(\"http://evil.example\",\"点击\")".to_string()));
    assert!(cells.contains(&&"'+1".to_string()));
    assert!(cells.contains(&&"'-2".to_string()));
    assert!(cells.contains(&&"'@x".to_string()));
    assert!(
        cells.contains(&&"-2.9".to_string()),
        "a number stays a number"
    );
    for c in &cells {
        assert!(
            !(c.starts_with(['=', '+', '@']) || c.starts_with('-') && c.parse::<f64>().is_err()),
            "not neutralised: {c}"
        );
    }
}

#[test]
fn xlsx_keeps_formula_like_text_as_quoted_text() {
    let b = hostile();
    let bytes = export::render(&b, Format::Xlsx, None).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("open");
    let range = wb.worksheet_range("注入").expect("sheet");
    assert_eq!(
        range.get_value((2, 0)),
        Some(&Data::String(
            "=HYPERLINK(\"http://evil.example\",\"点击\")".into()
        )),
        "the text is kept as it is"
    );
    assert_eq!(range.get_value((2, 1)), Some(&Data::Float(-2.9)));
    assert_eq!(range.get_value((3, 1)), Some(&Data::String("-2".into())));
    let formulas = wb.worksheet_formula("注入").expect("formulas");
    assert!(
        formulas.cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
    // The formula-like cells use a quote-prefixed style; the plain text cell does not.
    let styles = zip_part(&bytes, "xl/styles.xml").expect("styles");
    let sdoc = roxmltree::Document::parse(&styles).expect("styles xml");
    let xfs: Vec<bool> = sdoc
        .descendants()
        .find(|n| n.tag_name().name() == "cellXfs")
        .expect("cellXfs")
        .children()
        .filter(|n| n.is_element())
        .map(|xf| xf.attribute("quotePrefix") == Some("1"))
        .collect();
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml").expect("sheet1");
    assert!(!sheet.contains("<f>"), "no formula element");
    let wdoc = roxmltree::Document::parse(&sheet).expect("sheet xml");
    let quoted = |cell: &str| -> bool {
        let c = wdoc
            .descendants()
            .find(|n| n.tag_name().name() == "c" && n.attribute("r") == Some(cell))
            .unwrap_or_else(|| panic!("cell {cell}"));
        let s: usize = c.attribute("s").and_then(|s| s.parse().ok()).unwrap_or(0);
        xfs.get(s).copied().unwrap_or(false)
    };
    for cell in ["A3", "A4", "B4", "A5"] {
        assert!(quoted(cell), "{cell} is not quote-prefixed");
    }
    assert!(!quoted("B5"), "plain text is left alone");
}

#[test]
fn a_failed_write_leaves_nothing_under_the_final_name() {
    let b = sample_briefing(Lang::Zh);
    let dir = tempfile::tempdir().expect("tempdir");
    // The parent of the output is a file: creating the temporary file fails.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").expect("seed");
    let out = blocker.join("简报.pdf");
    let err = export::write(&b, Format::Pdf, &out, None).expect_err("must fail");
    assert!(matches!(err, ExportError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("not-a-folder"), "{err}");
    // An existing file is replaced whole; nothing else appears next to it.
    let out = dir.path().join("简报.docx");
    std::fs::write(&out, b"old").expect("seed");
    export::write(&b, Format::Docx, &out, None).expect("docx");
    let bytes = std::fs::read(&out).expect("read");
    assert!(bytes.starts_with(b"PK"), "a zip package, not the old bytes");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec!["not-a-folder".to_string(), "简报.docx".to_string()]
    );
}

/// The `export` command as a user runs it.
#[test]
fn export_command_writes_files_and_reports_errors() {
    let bin = env!("CARGO_BIN_EXE_industry-monitor");
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("s.imdb");
    industry_monitor::sample::write(&data).expect("sample");
    let run = |args: &[&str]| {
        Command::new(bin)
            .arg("export")
            .arg("--dataset")
            .arg(&data)
            .args(args)
            .output()
            .expect("run")
    };
    let pdf = dir.path().join("简报.pdf");
    let out = run(&[
        "--period",
        "2023-04",
        "--format",
        "pdf",
        "--out",
        pdf.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("简报.pdf"));
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
    let png = dir.path().join("r.png");
    let out = run(&[
        "--format",
        "png",
        "--chart",
        "ranking",
        "--region",
        "鸡西",
        "--period",
        "2023-04",
        "--out",
        png.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(png_size(&std::fs::read(&png).expect("png")).0 >= 1600);
    let csv_out = dir.path().join("t.csv");
    let out = run(&["--format", "csv", "--out", csv_out.to_str().expect("path")]);
    assert!(out.status.success());
    assert!(dir.path().join("t_key.csv").exists());
    // Usage errors exit 2, bad input 1 with the path in the message.
    let out = run(&["--format", "odp", "--out", "x.odp"]);
    assert_eq!(out.status.code(), Some(2));
    let missing = dir.path().join("no-such-folder").join("x.pdf");
    let out = run(&["--format", "pdf", "--out", missing.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-folder"));
    assert!(!missing.exists());
}

#[test]
fn a_briefing_with_nothing_selected_still_exports_or_says_why() {
    let mut b = hostile();
    b.sections.clear();
    b.tables.clear();
    b.sources.clear();
    for format in [Format::Pdf, Format::Docx, Format::Xlsx, Format::Markdown] {
        let bytes = export::render(&b, format, None).expect("renders");
        assert!(bytes.len() > 20, "{format}");
    }
    let err = export::render(&b, Format::Csv, None).expect_err("no tables");
    assert!(err.to_string().contains("no tables"), "{err}");
    let err = export::render(&b, Format::Png, None).expect_err("no chart");
    assert!(err.to_string().contains("growth"), "{err}");
}

/// Illustrative figures carry a * in every table that shows them, the note says what it
/// means, the charts drawn from them say so, and every source of a drawn figure is listed.
#[test]
fn illustrative_figures_are_marked_and_every_drawn_figure_is_sourced() {
    let b = sample_briefing(Lang::Zh);
    let key = b.tables.iter().find(|t| t.id == "key").expect("key table");
    let ytd = &key.rows[0];
    // Jixi's 19.2 and the nation's 3.6 are published, the province's 4.9 is not; a gap is
    // marked when either side is.
    assert_eq!(ytd[1].display(), "19.2");
    assert_eq!(ytd[2].display(), "4.9*");
    assert_eq!(ytd[3].display(), "3.6");
    assert_eq!(ytd[4].display(), "14.3*");
    assert_eq!(ytd[5].display(), "15.6");
    let leading = key
        .rows
        .iter()
        .find(|r| r[0].display().starts_with("四大主导产业"))
        .expect("group row");
    assert_eq!(leading[1].display(), "21.8", "the published group rate");
    assert!(
        b.illustrative_note
            .as_deref()
            .is_some_and(|n| n.contains("带*的数据"))
    );
    let growth = b
        .charts
        .iter()
        .find(|c| c.id == ChartId::Growth)
        .expect("growth");
    assert!(growth.note.as_deref().is_some_and(|n| n.contains("示意")));
    // The growth chart draws 1—2月 2023 (31.1, 黑龙江日报): its source is listed too.
    assert!(
        b.sources.iter().any(|s| s.contains("黑龙江日报")),
        "{:?}",
        b.sources
    );
    assert!(b.sources.iter().any(|s| s.contains("UNVERIFIED")));

    // The PDF prints the marks; the workbook keeps numbers numbers, with a "*" format.
    let (_keep, dir) = out_dir();
    let pdf = dir.join("marks.pdf");
    export::write(&b, Format::Pdf, &pdf, None).expect("pdf");
    let text = squeeze(&tool("pdftotext", &["-layout"], &pdf));
    assert!(
        text.contains("4.9*") && text.contains("图中含示意数据"),
        "{text}"
    );
    let bytes = export::render(&b, Format::Xlsx, None).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("calamine");
    let sheet = wb.worksheet_range("主要指标").expect("key sheet");
    assert_eq!(sheet.get_value((2, 2)), Some(&Data::Float(4.9)));
    let styles = zip_part(&bytes, "xl/styles.xml").expect("styles");
    assert!(
        styles.contains(r##"formatCode="#,##0.0&quot;*&quot;""##),
        "{styles}"
    );
    assert!(
        sheet
            .cells()
            .any(|(_, _, v)| matches!(v, Data::String(s) if s.contains("带*的数据"))),
        "the note under the table"
    );
}

#[test]
fn csv_marks_each_row_that_rests_on_illustrative_figures_in_its_own_column() {
    for (lang, column, yes, no) in [
        (Lang::Zh, "示意数据", "是", "否"),
        (Lang::En, "Illustrative", "yes", "no"),
    ] {
        let b = sample_briefing(lang);
        let files = export::render_files(&b, Format::Csv, None).expect("csv");
        let key = &files[0].bytes;
        let mut r = csv::ReaderBuilder::new().from_reader(&key[..]);
        let header = r.headers().expect("header").clone();
        let mark = header.len() - 1;
        assert_eq!(&header[mark], column);
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
        // 1—4月 2023: Jixi's 19.2 and the nation's 3.6 are published, the province's rate
        // is not (illustrative), so the row with the gap to the province is marked.
        assert_eq!(&rows[0][1], "19.2");
        assert_eq!(&rows[0][mark], yes);
        // The four leading industries' 21.8 is published.
        let leading = rows
            .iter()
            .find(|row| &row[1] == "21.8")
            .expect("four leading industries");
        assert_eq!(&leading[mark], no);
        // The numbers stay numbers.
        assert!(rows[0][1].parse::<f64>().is_ok());
    }
}
