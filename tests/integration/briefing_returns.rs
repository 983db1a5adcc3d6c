//! The briefing's section 重点企业运行 on a hand-built dataset (store API): narrative
//! snapshots in both languages with hand-computed growth, 减产面 and pulls, the section's
//! absence without returns, the illustrative marks, and every export format read back.
//!
//! The dataset (Jixi, 工业总产值 in 万元, 2023 1—4月 against 2022 1—4月):
//!
//! | enterprise | county | cur  | prev | growth | Δ    | pull (Δ/2500) | status    |
//! |------------|--------|------|------|--------|------|---------------|-----------|
//! | 石墨新材   | 虎林   |  900 |  600 |  50.0  | +300 | +12.0         | growing   |
//! | 鸡西煤业   | 鸡东   | 1200 | 1000 |  20.0  | +200 |  +8.0         | growing   |
//! | 兴凯食品   | 密山   |  450 |  500 | −10.0  |  −50 |  −2.0         | declining |
//! | 恒康医药   | 鸡冠   |   80 |  400 | −80.0  | −320 | −12.8         | stopped (April 0) |
//! | 新建材料   | 鸡东   |  100 |  —   |   —    |      |               | new       |
//! | 未报一…六  |        |      |      |        |      |               | missing   |
//!
//! Comparable 4: Σcur 2630, Σprev 2500, growth (2630 − 2500)/2500 = 5.2%; pulls sum to 5.2.
//! Declining 2 (兴凯食品, 恒康医药, the stopped one included): 减产面 2/4 = 50.0%.
//! Reporting 5, missing 6, 规上 in the register 11. At 1—2月 only 鸡西煤业 reported:
//! 500 against 400, growth 25.0%.

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use industry_monitor::analysis::analyse;
use industry_monitor::briefing::document::build_with;
use industry_monitor::briefing::narrative::paragraphs_with;
use industry_monitor::briefing::returns::{BriefingReturns, load};
use industry_monitor::briefing::{Briefing, Parts};
use industry_monitor::export::{self, Format};
use industry_monitor::model::catalogue::{JIXI, VA_GROWTH};
use industry_monitor::model::credit_code::compose;
use industry_monitor::model::returns::{ReturnIndicator, ReturnRow, ReturnValues};
use industry_monitor::model::{Basis, Date, Enterprise, Lang, Period, Source, Subject};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};

pub fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

/// A valid credit code of Jixi numbered `n`.
pub fn code(n: u32) -> String {
    compose("91", "230300", &format!("MA{n:06}")).expect("credit code")
}

/// (name, region, industry, official, 2023 1—4月 month, ytd, 2022 1—4月 ytd); None: no return.
type Line = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<(Option<f64>, f64, Option<f64>)>,
);

const LINES: [Line; 11] = [
    (
        "鸡西煤业",
        "230321",
        Some("coal"),
        "张三",
        Some((Some(300.0), 1200.0, Some(1000.0))),
    ),
    (
        "石墨新材",
        "230381",
        Some("graphite"),
        "李四",
        Some((Some(200.0), 900.0, Some(600.0))),
    ),
    (
        "兴凯食品",
        "230382",
        Some("food"),
        "",
        Some((Some(100.0), 450.0, Some(500.0))),
    ),
    (
        "恒康医药",
        "230302",
        Some("medicine"),
        "王五",
        Some((Some(0.0), 80.0, Some(400.0))),
    ),
    ("新建材料", "230321", None, "", Some((None, 100.0, None))),
    ("未报一", "230300", None, "", None),
    ("未报二", "230300", None, "", None),
    ("未报三", "230300", None, "", None),
    ("未报四", "230300", None, "", None),
    ("未报五", "230300", None, "", None),
    ("未报六", "230300", None, "", None),
];

fn meta() -> DatasetMeta {
    DatasetMeta {
        title: "月报测试".into(),
        home_region: JIXI.into(),
        is_sample: false,
    }
}

fn output(month: Option<f64>, ytd: f64, last: Option<f64>) -> ReturnValues {
    ReturnValues {
        month,
        ytd: Some(ytd),
        ytd_last_year: last,
        stated_growth_pct: None,
    }
}

/// Writes the register, the returns (from a source, illustrative or not) and Jixi's
/// published growth for 1—2月, 1—3月 and 1—4月 (so the briefing has periods).
pub fn fill(ds: &mut Dataset, illustrative: bool) {
    ds.write(|w| -> Result<(), StoreError> {
        let published = w.add_source(&Source {
            id: 0,
            title: "快报".into(),
            publisher: "统计局".into(),
            published_on: String::new(),
            url: String::new(),
            note: String::new(),
            illustrative: false,
        })?;
        let returns_source = w.add_source(&Source {
            id: 0,
            title: "企业月报".into(),
            publisher: "工信局".into(),
            published_on: String::new(),
            url: String::new(),
            note: String::new(),
            illustrative,
        })?;
        for (n, (name, region, industry, official, _)) in LINES.iter().enumerate() {
            let e = Enterprise {
                id: 0,
                name: (*name).into(),
                credit_code: code(n as u32 + 1),
                industry: industry.map(String::from),
                region: (*region).into(),
                above_size: true,
                emerging: false,
                srdi: false,
                key_support: false,
                private: false,
                official: (*official).into(),
            };
            w.add_enterprise(&e, None)?;
        }
        let ids = w.ids().clone();
        let path = w.path().to_path_buf();
        {
            let mut fw = w.figures()?;
            for (m, v) in [(2, 10.0), (3, 12.0), (4, 19.2)] {
                let key = ObservationKey::from_codes(
                    &ids,
                    JIXI,
                    VA_GROWTH,
                    &Subject::Whole,
                    Basis::Ytd,
                    p(2023, m),
                )
                .expect("key");
                fw.insert_new(&key, v, Some(published))
                    .map_err(industry_monitor::store::sql_err(&path))?;
            }
        }
        let mut rw = w.returns()?;
        let mut put = |row: ReturnRow| {
            rw.put(&row, Some(returns_source))
                .map_err(industry_monitor::store::sql_err(&path))
        };
        for (n, (_, _, _, _, values)) in LINES.iter().enumerate() {
            if let Some((month, ytd, last)) = values {
                let mut row = ReturnRow::new(code(n as u32 + 1), p(2023, 4));
                row.set(ReturnIndicator::Output, output(*month, *ytd, *last));
                put(row)?;
            }
        }
        let mut row = ReturnRow::new(code(1), p(2023, 2));
        row.set(ReturnIndicator::Output, output(None, 500.0, Some(400.0)));
        put(row)?;
        rw.finish().map_err(industry_monitor::store::sql_err(&path))
    })
    .expect("write the returns dataset");
}

/// The dataset in a file (for the command line).
pub fn returns_file(dir: &Path, illustrative: bool) -> std::path::PathBuf {
    let path = dir.join("returns.imdb");
    let mut ds = Dataset::create(&path, &meta()).expect("create");
    fill(&mut ds, illustrative);
    path
}

fn dataset(illustrative: bool) -> Dataset {
    let mut ds = Dataset::in_memory(&meta()).expect("dataset");
    fill(&mut ds, illustrative);
    ds
}

fn returns_of(ds: &Dataset, period: Period) -> Option<BriefingReturns> {
    let snap = ds.snapshot(None).expect("snapshot");
    load(ds, &snap, period).expect("load")
}

fn narrative(ds: &Dataset, period: Period, lang: Lang) -> String {
    let snap = ds.snapshot(None).expect("snapshot");
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, period);
    let r = load(ds, &snap, period).expect("load");
    paragraphs_with(&snap, &a, r.as_ref(), lang).join("\n\n")
}

fn briefing(ds: &Dataset, period: Period, lang: Lang) -> Briefing {
    let snap = ds.snapshot(None).expect("snapshot");
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, period);
    let r = load(ds, &snap, period).expect("load");
    let today = Date::new(2023, 5, 10).expect("date");
    build_with(&snap, &a, r.as_ref(), lang, Parts::default(), today)
}

#[test]
fn the_statistics_are_the_hand_computed_ones() {
    let ds = dataset(false);
    let r = returns_of(&ds, p(2023, 4)).expect("returns");
    let s = &r.stats;
    assert_eq!((s.reporting, s.comparable, s.missing), (5, 4, 6));
    assert_eq!((s.declining, s.stopped, r.above_size), (2, 1, 11));
    assert!((s.growth_pct.expect("growth") - 5.2).abs() < 1e-9);
    assert!((s.decline_share_pct.expect("share") - 50.0).abs() < 1e-9);
    let pulls: Vec<(&str, f64)> = s
        .enterprises
        .iter()
        .filter_map(|e| e.pull_pp.map(|p| (e.name.as_str(), p)))
        .collect();
    let want = [
        ("石墨新材", 12.0),
        ("鸡西煤业", 8.0),
        ("兴凯食品", -2.0),
        ("恒康医药", -12.8),
    ];
    assert_eq!(pulls.len(), want.len());
    for ((name, pull), (want_name, want_pull)) in pulls.iter().zip(want) {
        assert_eq!(*name, want_name);
        assert!((pull - want_pull).abs() < 1e-9, "{name}: {pull}");
    }
    assert!(!r.illustrative());
}

#[test]
fn the_section_in_chinese() {
    let ds = dataset(false);
    let text = narrative(&ds, p(2023, 4), Lang::Zh);
    // Hand-computed: 2630万元, 5.2%, 减产2户 of 4 = 50.0%, pulls 12.0 / 8.0 / −12.8 / −2.0.
    assert!(
        text.contains(
            "1—4月，全市11户规上工业企业中5户报送月报，其中可比企业4户；可比企业实现工业总产值（现价）2630万元，同比增长5.2%；减产企业2户，减产面50.0%。"
        ),
        "{text}"
    );
    assert!(
        text.contains("拉动增长居前的是石墨新材（增长50.0%，拉动12.0个百分点）、鸡西煤业（增长20.0%，拉动8.0个百分点）；下拉较多的是恒康医药（下降80.0%，下拉12.8个百分点）、兴凯食品（下降10.0%，下拉2.0个百分点）。"),
        "{text}"
    );
    assert!(
        text.contains(
            "停产企业1户：恒康医药；未报送企业：未报一、未报二、未报三、未报四、未报五等6户。"
        ),
        "{text}"
    );
    insta::assert_snapshot!("returns_2023_04_zh", text);
}

#[test]
fn the_section_in_english() {
    let ds = dataset(false);
    let text = narrative(&ds, p(2023, 4), Lang::En);
    assert!(text.contains("at current prices"), "{text}");
    assert!(text.contains("which grew by 5.2% year on year"), "{text}");
    assert!(text.contains("a decline share of 50.0%"), "{text}");
    assert!(
        text.contains("石墨新材 (grew by 50.0%, +12.0 points)"),
        "{text}"
    );
    assert!(
        text.contains("恒康医药 (fell by 80.0%, −12.8 points)"),
        "{text}"
    );
    assert!(text.contains("未报五 and 1 other."), "{text}");
    insta::assert_snapshot!("returns_2023_04_en", text);
}

#[test]
fn jan_feb_is_labelled_1_2_and_a_period_without_returns_has_no_section() {
    let ds = dataset(false);
    let text = narrative(&ds, p(2023, 2), Lang::Zh);
    assert!(
        text.contains("1—2月，全市11户规上工业企业中1户报送月报，其中可比企业1户；可比企业实现工业总产值（现价）500万元，同比增长25.0%；减产企业0户，减产面0.0%。"),
        "{text}"
    );
    let b = briefing(&ds, p(2023, 3), Lang::Zh);
    assert!(returns_of(&ds, p(2023, 3)).is_none());
    assert!(
        b.sections
            .iter()
            .all(|s| !s.heading.contains("重点企业运行")),
        "{:?}",
        b.sections
    );
    assert!(
        b.tables
            .iter()
            .all(|t| t.id != "enterprises" && t.id != "returns"),
        "no empty tables"
    );
    // The section is numbered in order of what the briefing has.
    let b = briefing(&ds, p(2023, 4), Lang::Zh);
    let headings: Vec<&str> = b.sections.iter().map(|s| s.heading.as_str()).collect();
    assert!(headings.contains(&"二、重点企业运行"), "{headings:?}");
}

#[test]
fn another_region_s_briefing_has_no_returns_section() {
    let ds = dataset(false);
    // The register is the home region's: a county's briefing does not claim it.
    let snap = ds.snapshot(Some("230321")).expect("snapshot");
    assert!(load(&ds, &snap, p(2023, 4)).expect("load").is_none());
}

#[test]
fn illustrative_returns_are_marked_like_every_illustrative_figure() {
    let ds = dataset(true);
    let b = briefing(&ds, p(2023, 4), Lang::Zh);
    let note = b.illustrative_note.as_deref().expect("the note");
    assert!(note.contains("示意"), "{note}");
    assert!(
        b.sources
            .iter()
            .any(|s| s.contains("企业月报") && s.contains("示意数据")),
        "{:?}",
        b.sources
    );
    let table = b
        .tables
        .iter()
        .find(|t| t.id == "enterprises")
        .expect("table");
    assert_eq!(table.rows[0][6].display(), "50.0*");
    let published = briefing(&dataset(false), p(2023, 4), Lang::Zh);
    assert!(published.illustrative_note.is_none());
    let table = published
        .tables
        .iter()
        .find(|t| t.id == "enterprises")
        .expect("table");
    assert_eq!(table.rows[0][6].display(), "50.0");
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut f = z.by_name(name).expect("part");
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8 part");
    s
}

/// The words of a DOCX's document part, tags removed.
fn docx_text(bytes: &[u8]) -> String {
    let xml = zip_part(bytes, "word/document.xml");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn every_format_shows_the_section() {
    let ds = dataset(false);
    let b = briefing(&ds, p(2023, 4), Lang::Zh);
    let dir = tempfile::tempdir().expect("tempdir");
    let sentence = "可比企业4户；可比企业实现工业总产值（现价）2630万元，同比增长5.2%";
    // PDF: the heading, the sentence and the pullers' table, as pdftotext reads them.
    let pdf = dir.path().join("b.pdf");
    export::write(&b, Format::Pdf, &pdf, None).expect("pdf");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    let text = squeeze(&String::from_utf8(out.stdout).expect("utf-8"));
    for want in [
        "二、重点企业运行",
        sentence,
        "主要拉动企业",
        "停产企业1户：恒康医药",
    ] {
        assert!(text.contains(want), "PDF lacks {want}: {text}");
    }
    // The whole enterprise list is for spreadsheets: the paged PDF names no missing one
    // beyond the capped sentence.
    assert!(!text.contains("未报六"), "{text}");
    // DOCX.
    let docx = export::render(&b, Format::Docx, None).expect("docx");
    let text = squeeze(&docx_text(&docx));
    for want in ["二、重点企业运行", sentence, "主要拉动企业", "石墨新材"] {
        assert!(text.contains(want), "DOCX lacks {want}");
    }
    // Markdown.
    let md =
        String::from_utf8(export::render(&b, Format::Markdown, None).expect("md")).expect("utf-8");
    assert!(md.contains("## 二、重点企业运行"), "{md}");
    assert!(md.contains(sentence), "{md}");
    assert!(md.contains("| 石墨新材 | 虎林市 |"), "{md}");
    // CSV: the enterprise table is one of the files, every enterprise in it.
    let csv = dir.path().join("b.csv");
    let written = export::write(&b, Format::Csv, &csv, None).expect("csv");
    let file = written
        .files
        .iter()
        .find(|f| f.to_string_lossy().ends_with("_enterprises.csv"))
        .expect("an enterprises CSV");
    let text = std::fs::read_to_string(file).expect("read");
    assert!(
        text.contains("未报六") && text.contains("新建材料"),
        "{text}"
    );
    assert!(
        text.contains("石墨新材,虎林市,石墨及新材料,李四,900.0,600.0,50.0,12.0,增产,否\r\n"),
        "{text}"
    );
}

#[test]
fn xlsx_has_the_enterprise_sheet_with_numbers() {
    let ds = dataset(false);
    let b = briefing(&ds, p(2023, 4), Lang::Zh);
    let bytes = export::render(&b, Format::Xlsx, None).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("calamine opens it");
    assert!(
        wb.sheet_names().iter().any(|n| n == "重点企业"),
        "{:?}",
        wb.sheet_names()
    );
    let range = wb.worksheet_range("重点企业").expect("sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| *c == Data::String("包联领导".into())))
        .expect("header row");
    let names: Vec<String> = rows[header..]
        .iter()
        .skip(1)
        .filter_map(|r| r.first().map(|c| c.to_string()))
        .filter(|n| !n.is_empty() && !n.starts_with("注"))
        .collect();
    assert_eq!(names.len(), 11, "{names:?}");
    assert_eq!(names[0], "石墨新材");
    assert_eq!(names[10], "未报六", "missing last");
    let first = &rows[header + 1];
    assert_eq!(first[3].to_string(), "李四");
    assert_eq!(first[4], Data::Float(900.0));
    assert_eq!(first[5], Data::Float(600.0));
    match &first[7] {
        Data::Float(v) => assert!((v - 12.0).abs() < 1e-9, "{v}"),
        other => panic!("pull is a number, not {other:?}"),
    }
    assert_eq!(first[8].to_string(), "增产");
}
