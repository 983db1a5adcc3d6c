//! Targets (年度目标), every indicator and the maps in the briefing and its files (SPEC §11,
//! §12) on a hand-built Jixi dataset whose figures give these hand-computed numbers at
//! 1—4月 2023 (序时进度 4/12 = 33.3%):
//! - 规上工业增加值: target 增长8%; growth 5.3% (published), levels 400 (1—4月 2023), 380
//!   (1—4月 2022), 1200 (2022): gap 5.3 − 8 = −2.7 points; T = 1200 × 1.08 = 1296; the rest
//!   needs (1296 − 400)/(1200 − 380) − 1 = 9.27% → 9.3. The province grew 4.0 (gap +1.3);
//!   Harbin 6.0 and Qiqihar 3.0 rank Jixi 2nd of 3.
//! - 营业收入: target 1500; 400 (1—4月), 380 a year earlier, 1200 in 2022: completion
//!   26.7%, 6.7 points behind schedule; the rest needs 1100/820 − 1 = 34.1%; growth from the
//!   levels 400/380 − 1 = 5.3%.
//! - 利润总额: target 200; 50 (1—4月), 40 a year earlier (illustrative), no 2022 total:
//!   completion 25.0%, 8.3 points behind; the needed growth is null (上年全年总量 missing).
//! - 总产值 900 vs 800 (+12.5%) and 企业数 110 vs 100 (+10.0%), without targets.
//!
//! At 1—6月: growth 6.0%, 营业收入 800 (700 a year earlier): completion 53.3%, 3.3 points
//! ahead, 时间过半、任务过半; the rest needs (1500 − 800)/(1200 − 700) − 1 = 40.0%.

use std::path::{Path, PathBuf};
use std::process::Command;

use industry_monitor::analysis::analyse;
use industry_monitor::briefing::document::{ExtrasData, build_full};
use industry_monitor::briefing::narrative::{Topic, topical_paragraphs_full};
use industry_monitor::briefing::{Briefing, Parts};
use industry_monitor::export::{self, Format};
use industry_monitor::model::catalogue::{JIXI, VA_GROWTH};
use industry_monitor::model::target::{Target, TargetValue};
use industry_monitor::model::{Basis, Date, Lang, Period, Source, Subject};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};
use serde_json::{Value, json};

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

/// Ytd figures (region, indicator, year, month, value).
const FIGURES: &[(&str, &str, i32, u32, f64)] = &[
    (JIXI, "va_growth", 2023, 4, 5.3),
    (JIXI, "va", 2023, 4, 400.0),
    (JIXI, "va", 2022, 4, 380.0),
    (JIXI, "va", 2022, 12, 1200.0),
    ("230000", "va_growth", 2023, 4, 4.0),
    ("230100", "va_growth", 2023, 4, 6.0),
    ("230200", "va_growth", 2023, 4, 3.0),
    (JIXI, "revenue", 2023, 4, 400.0),
    (JIXI, "revenue", 2022, 4, 380.0),
    (JIXI, "revenue", 2022, 6, 700.0),
    (JIXI, "revenue", 2022, 12, 1200.0),
    (JIXI, "profit", 2023, 4, 50.0),
    (JIXI, "output", 2023, 4, 900.0),
    (JIXI, "output", 2022, 4, 800.0),
    (JIXI, "enterprise_count", 2023, 4, 110.0),
    (JIXI, "enterprise_count", 2022, 4, 100.0),
    (JIXI, "va_growth", 2023, 6, 6.0),
    (JIXI, "revenue", 2023, 6, 800.0),
    // Counties of Jixi (for its counties' map).
    ("230302", "va_growth", 2023, 4, 7.1),
    ("230381", "va_growth", 2023, 4, 2.2),
    ("230382", "va_growth", 2023, 4, 5.0),
];

fn fill(ds: &mut Dataset) {
    ds.write(|w| -> Result<(), StoreError> {
        let source = w.add_source(&Source {
            id: 0,
            title: "快报".into(),
            publisher: "统计局".into(),
            published_on: String::new(),
            url: String::new(),
            note: String::new(),
            illustrative: false,
        })?;
        let made_up = w.add_source(&Source {
            id: 0,
            title: "估算".into(),
            publisher: "测试".into(),
            published_on: String::new(),
            url: String::new(),
            note: String::new(),
            illustrative: true,
        })?;
        let ids = w.ids().clone();
        let path = w.path().to_path_buf();
        let mut fw = w.figures()?;
        // Last year's profit is illustrative: the profit row's growth and target figures
        // rest on it.
        let key = ObservationKey::from_codes(
            &ids,
            JIXI,
            "profit",
            &Subject::Whole,
            Basis::Ytd,
            p(2022, 4),
        )
        .expect("key");
        fw.insert_new(&key, 40.0, Some(made_up))
            .map_err(industry_monitor::store::sql_err(&path))?;
        for &(region, ind, y, m, v) in FIGURES {
            let key =
                ObservationKey::from_codes(&ids, region, ind, &Subject::Whole, Basis::Ytd, p(y, m))
                    .expect("key");
            fw.insert_new(&key, v, Some(source))
                .map_err(industry_monitor::store::sql_err(&path))?;
        }
        Ok(())
    })
    .expect("figures");
    for (indicator, value) in [
        ("va_growth", TargetValue::Rate(8.0)),
        ("revenue", TargetValue::Level(1500.0)),
        ("profit", TargetValue::Level(200.0)),
    ] {
        ds.save_target(&Target {
            id: 0,
            region: JIXI.into(),
            indicator: indicator.into(),
            year: 2023,
            value,
            source: None,
        })
        .expect("target");
    }
}

fn meta() -> DatasetMeta {
    DatasetMeta {
        title: "目标测试".into(),
        home_region: JIXI.into(),
        is_sample: false,
    }
}

fn dataset() -> Dataset {
    let mut ds = Dataset::in_memory(&meta()).expect("dataset");
    fill(&mut ds);
    ds
}

fn dataset_file(dir: &Path) -> PathBuf {
    let path = dir.join("targets.imdb");
    let mut ds = Dataset::create(&path, &meta()).expect("create");
    fill(&mut ds);
    path
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
        .args(args)
        .output()
        .expect("run")
}

fn briefing(ds: &Dataset, period: Period, lang: Lang) -> Briefing {
    let snap = ds.snapshot(None).expect("snapshot");
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, period);
    let data = ExtrasData::load(ds, &snap, period).expect("extras");
    let today = Date::new(2023, 5, 10).expect("date");
    build_full(&snap, &a, data.extras(), lang, Parts::default(), today)
}

/// The headline section's paragraphs (the target sentences are its second).
fn headline_text(ds: &Dataset, period: Period, lang: Lang) -> String {
    let snap = ds.snapshot(None).expect("snapshot");
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, period);
    let data = ExtrasData::load(ds, &snap, period).expect("extras");
    topical_paragraphs_full(&snap, &a, data.extras(), lang)
        .into_iter()
        .filter(|p| p.topic == Topic::Headline)
        .map(|p| p.text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn summary_json_lists_targets_and_every_indicator_exactly() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dataset_file(dir.path());
    let out = run(&[
        "summary",
        "--dataset",
        path.to_str().expect("utf-8"),
        "--period",
        "2023-04",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["targets"],
        json!([
            {"indicator": "va_growth", "kind": "rate", "target": 8.0, "actual": 5.3,
             "gap_pp": -2.7, "completion_pct": null, "schedule_pct": 33.3, "ahead_pp": null,
             "needed_growth_pct": 9.3},
            {"indicator": "revenue", "kind": "level", "target": 1500.0, "actual": 400.0,
             "gap_pp": null, "completion_pct": 26.7, "schedule_pct": 33.3, "ahead_pp": -6.7,
             "needed_growth_pct": 34.1},
            {"indicator": "profit", "kind": "level", "target": 200.0, "actual": 50.0,
             "gap_pp": null, "completion_pct": 25.0, "schedule_pct": 33.3, "ahead_pp": -8.3,
             "needed_growth_pct": null},
        ])
    );
    let rows = v["indicators"].as_array().expect("indicators");
    let codes: Vec<&str> = rows.iter().filter_map(|r| r["code"].as_str()).collect();
    assert_eq!(
        codes,
        ["va", "output", "enterprise_count", "revenue", "profit"]
    );
    assert_eq!(
        rows[0],
        json!({"code": "va", "name_zh": "规模以上工业增加值",
               "name_en": "Value added of industry above designated size", "unit": "万元",
               "basis": "ytd", "value": 400.0, "growth_pct": 5.3, "vs_parent_pp": 1.3,
               "rank": 2, "rank_of": 3})
    );
    let growth = |code: &str| {
        rows.iter()
            .find(|r| r["code"] == code)
            .map(|r| {
                (
                    r["growth_pct"].clone(),
                    r["vs_parent_pp"].clone(),
                    r["rank"].clone(),
                )
            })
            .expect("row")
    };
    assert_eq!(growth("output"), (json!(12.5), Value::Null, Value::Null));
    assert_eq!(
        growth("enterprise_count"),
        (json!(10.0), Value::Null, Value::Null)
    );
    assert_eq!(growth("revenue"), (json!(5.3), Value::Null, Value::Null));
    assert_eq!(growth("profit"), (json!(25.0), Value::Null, Value::Null));
}

#[test]
fn the_key_indicator_table_lists_every_indicator_with_its_target() {
    let b = briefing(&dataset(), p(2023, 4), Lang::Zh);
    let t = b
        .tables
        .iter()
        .find(|t| t.id == "indicators")
        .expect("indicators table");
    assert_eq!(t.columns.len(), 10, "{:?}", t.columns);
    assert_eq!(t.columns[5], "目标");
    let names: Vec<String> = t.rows.iter().map(|r| r[0].display()).collect();
    assert_eq!(
        names,
        [
            "规模以上工业增加值（万元）",
            "规模以上工业总产值（万元）",
            "规模以上工业企业数（家）",
            "规模以上工业企业营业收入（万元）",
            "规模以上工业企业利润总额（万元）"
        ]
    );
    let row = |i: usize| t.rows[i].iter().map(|c| c.display()).collect::<Vec<_>>();
    assert_eq!(
        row(0),
        [
            "规模以上工业增加值（万元）",
            "400",
            "5.3",
            "1.3",
            "2（共3）",
            "增长8.0%",
            "-2.7",
            "—",
            "—",
            "9.3"
        ]
    );
    assert_eq!(
        row(3),
        [
            "规模以上工业企业营业收入（万元）",
            "400",
            "5.3",
            "—",
            "—",
            "1500万元",
            "26.7",
            "33.3",
            "-6.7",
            "34.1"
        ]
    );
    // Last year's profit is illustrative: the growth and target figures resting on it are
    // marked, this year's level is not; the note and the source line say so.
    let profit = row(4);
    assert_eq!(
        (profit[1].as_str(), profit[2].as_str(), profit[6].as_str()),
        ("50", "25.0*", "25.0*")
    );
    assert!(b.illustrative_note.is_some());
    assert!(
        b.sources
            .iter()
            .any(|s| s.contains("估算") && s.contains("示意")),
        "{:?}",
        b.sources
    );
    // No last full year of profit: the cell says which figure is missing.
    assert_eq!(row(4)[9], "缺上年全年总量");
    assert_eq!(row(1)[5], "—", "output has no target");
}

#[test]
fn target_sentences_in_official_phrasing() {
    let ds = dataset();
    let zh = headline_text(&ds, p(2023, 4), Lang::Zh);
    assert!(
        zh.contains("规模以上工业增加值增长5.3%，低于年度目标2.7个百分点；其余月份需增长9.3%"),
        "{zh}"
    );
    assert!(
        zh.contains("规模以上工业企业营业收入400万元，完成全年目标的26.7%，欠序时进度6.7个百分点；其余月份需增长34.1%"),
        "{zh}"
    );
    assert!(
        zh.contains("因缺少上年全年总量，无法测算其余月份所需增速"),
        "{zh}"
    );
    insta::assert_snapshot!("targets_2023_04_zh", zh);
    let en = headline_text(&ds, p(2023, 4), Lang::En);
    assert!(
        en.contains("2.7 percentage points below the annual target of 8.0%"),
        "{en}"
    );
    assert!(
        en.contains("last year's full-year level is missing"),
        "{en}"
    );
    insta::assert_snapshot!("targets_2023_04_en", en);
    let june = headline_text(&ds, p(2023, 6), Lang::Zh);
    assert!(
        june.contains("完成全年目标的53.3%，超序时进度3.3个百分点，实现时间过半、任务过半；其余月份需增长40.0%"),
        "{june}"
    );
    insta::assert_snapshot!("targets_2023_06_zh", june);
}

#[test]
fn the_pdf_carries_the_target_sentence_and_both_maps() {
    let b = briefing(&dataset(), p(2023, 4), Lang::Zh);
    assert_eq!(b.maps.len(), 2, "the province's cities and Jixi's counties");
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = dir.path().join("b.pdf");
    export::write(&b, Format::Pdf, &pdf, None).expect("pdf");
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("低于年度目标2.7个百分点"), "{text}");
    assert!(text.contains("欠序时进度6.7个百分点"), "{text}");
    for name in ["大兴安岭", "鸡冠", "虎林", "密山", "城子河"] {
        assert!(text.contains(name), "map tile {name}: {text}");
    }
    // The maps follow the ranking (大兴安岭 is only on the cities' map here).
    let ranking = text.find("增速排名").expect("ranking table");
    assert!(text.find("大兴安岭").is_some_and(|m| m > ranking), "{text}");
    // The Word file carries the two maps as two more pictures.
    let media = |b: &Briefing| {
        let docx = export::render(b, Format::Docx, None).expect("docx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
        (0..zip.len())
            .filter(|i| {
                zip.by_index(*i)
                    .is_ok_and(|f| f.name().is_ok_and(|n| n.starts_with("word/media/")))
            })
            .count()
    };
    let without = Briefing {
        maps: Vec::new(),
        ..b.clone()
    };
    assert_eq!(media(&b), media(&without) + 2, "the two maps");
}

#[test]
fn the_maps_are_written_as_png_and_svg_with_every_tile_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dataset_file(dir.path());
    for (chart, file) in [("map", "cities.png"), ("map-counties", "counties.png")] {
        let out_path = dir.path().join(file);
        let out = run(&[
            "export",
            "--dataset",
            path.to_str().expect("utf-8"),
            "--period",
            "2023-04",
            "--format",
            "png",
            "--chart",
            chart,
            "--out",
            out_path.to_str().expect("utf-8"),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&out_path).expect("png written");
        let img = resvg::tiny_skia::Pixmap::decode_png(&bytes).expect("decodes as PNG");
        assert!(img.width() >= 1600, "{}", img.width());
    }
    let b = briefing(&dataset(), p(2023, 4), Lang::Zh);
    let cat = industry_monitor::model::catalogue::builtin();
    let m = industry_monitor::export::text::metrics().expect("font");
    for map in &b.maps {
        let svg = industry_monitor::export::svg::map_svg(m, map, Lang::Zh).svg;
        assert_eq!(map.tiles.len(), if map.parent == JIXI { 9 } else { 13 });
        for t in &map.tiles {
            let name = &cat.region(&t.region).expect("region").short_zh;
            assert!(svg.contains(&format!(">{name}</text>")), "{name} in {svg}");
        }
    }
    let counties = b.maps.iter().find(|m| m.parent == JIXI).expect("counties");
    let jiguan = counties
        .tiles
        .iter()
        .find(|t| t.region == "230302")
        .expect("鸡冠");
    assert_eq!((jiguan.value, counties.centre), (Some(7.1), 5.3));
    // A region without counties' figures has no counties' map to export.
    let out = run(&[
        "export",
        "--dataset",
        path.to_str().expect("utf-8"),
        "--region",
        "哈尔滨",
        "--period",
        "2023-04",
        "--format",
        "png",
        "--chart",
        "map-counties",
        "--out",
        dir.path().join("none.png").to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("map-counties"));
}

#[test]
fn the_samples_targets_are_marked_and_cited_and_a_count_has_no_schedule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = crate::common::sample_dataset(dir.path());
    let ds = Dataset::open(&path).expect("open");
    let b = briefing(&ds, p(2023, 6), Lang::Zh);
    let table = b
        .tables
        .iter()
        .find(|t| t.id == "indicators")
        .expect("the key-indicator table");
    let text = |c: &industry_monitor::briefing::Cell| match c {
        industry_monitor::briefing::Cell::Text(t) => t.clone(),
        other => format!("{other:?}"),
    };
    let row = |name: &str| {
        table
            .rows
            .iter()
            .find(|r| text(&r[0]).starts_with(name))
            .unwrap_or_else(|| panic!("a row for {name}"))
    };
    // The sample's targets come from an illustrative list: marked, and cited.
    let va = row("规模以上工业增加值（");
    assert!(text(&va[5]).ends_with('*'), "{:?}", va[5]);
    assert!(
        b.sources.iter().any(|s| s.contains("样例年度目标")),
        "{:?}",
        b.sources
    );
    // The number of enterprises is a stock: completion, but no 序时进度 beside it.
    let count = row("规模以上工业企业数");
    assert!(matches!(
        count[6],
        industry_monitor::briefing::Cell::Number { .. }
    ));
    assert_eq!(
        count[7],
        industry_monitor::briefing::Cell::Empty,
        "{count:?}"
    );
}
