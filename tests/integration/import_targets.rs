//! Annual-target lists (年度目标, SPEC §11) and county bulletins (SPEC §12) imported as a
//! user does: CSV in UTF-8 and GBK and XLSX read back through `Dataset::targets`, rate and
//! level targets with units converted, conflicts and --replace, the CLI's report line, bad
//! input that leaves the dataset byte-for-byte unchanged with located errors, and a county
//! bulletin whose 全市 row is the city (a differing value is a conflict like any figure).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::import_support::*;
use industry_monitor::import::{self, ImportError, ImportOptions, IssueKind, SheetLayout};
use industry_monitor::model::target::{Target, TargetValue};
use industry_monitor::model::{Basis, Date, Period, Subject};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};
use rust_xlsxwriter::Workbook;

const VA_GROWTH: &str = "va_growth";

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

fn options() -> ImportOptions {
    ImportOptions {
        imported_on: Date::new(2026, 1, 15),
        ..ImportOptions::default()
    }
}

fn import(files: &[PathBuf], into: &Path) -> Result<import::ImportReport, ImportError> {
    import::run(files, into, &options(), false, false)
}

fn import_replacing(files: &[PathBuf], into: &Path) -> Result<import::ImportReport, ImportError> {
    import::run(files, into, &options(), true, false)
}

/// The errors of a failed import.
fn errors(result: Result<import::ImportReport, ImportError>) -> Vec<import::Issue> {
    match result {
        Err(ImportError::Invalid(list)) => list.items().to_vec(),
        Err(other) => panic!("expected located errors, got {other}"),
        Ok(report) => panic!("expected errors, the import succeeded:\n{report}"),
    }
}

/// A new dataset of Jixi written through the store API, with Jixi's 1—4月 value-added growth
/// (5.0 %) stored.
fn dataset(dir: &Path) -> PathBuf {
    let path = dir.join("targets.imdb");
    let meta = DatasetMeta {
        title: "年度目标测试".into(),
        home_region: "230300".into(),
        is_sample: false,
    };
    let mut ds = Dataset::create(&path, &meta).expect("create");
    ds.write(|w| -> Result<(), StoreError> {
        let ids = w.ids().clone();
        let wpath = w.path().to_path_buf();
        let key = ObservationKey::from_codes(
            &ids,
            "230300",
            VA_GROWTH,
            &Subject::Whole,
            Basis::Ytd,
            p(2023, 4),
        )
        .expect("key");
        w.figures()?
            .insert_new(&key, 5.0, None)
            .map_err(industry_monitor::store::sql_err(&wpath))?;
        Ok(())
    })
    .expect("write");
    path
}

/// The stored targets.
fn targets(dataset: &Path) -> Vec<Target> {
    Dataset::open(dataset)
        .expect("open")
        .targets()
        .expect("targets")
}

/// The stored target of a region, indicator and year.
fn target(dataset: &Path, region: &str, indicator: &str, year: i32) -> TargetValue {
    targets(dataset)
        .into_iter()
        .find(|t| t.region == region && t.indicator == indicator && t.year == year)
        .unwrap_or_else(|| panic!("no target {region} {indicator} {year}"))
        .value
}

#[test]
fn targets_lists_in_utf8_gbk_and_xlsx_are_read_back_through_the_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dataset(dir.path());
    // UTF-8: the year from the title and a 年份 cell, a rate, a level in 亿元, a fall.
    let utf8 = "2023年全市主要工业指标年度目标\n\
                地区,指标,年份,目标\n\
                鸡西市,规上工业增加值增速,,增长8%\n\
                鸡西市,营业收入,2023年,1200亿元\n\
                鸡东,利润总额增速,2023,下降2%\n";
    // GBK (what Chinese Excel writes), English headers, the year from the file name.
    let gbk = "Region,Indicator,Target\nMishan,profit,\"35,000万元\"\nHulin,va_growth,7.5%\n";
    // XLSX: numbers stored as numbers, a level in the 目标 header's unit.
    let xlsx = dir.path().join("目标.xlsx");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet
        .write_row(0, 0, ["地区", "指标", "年份", "目标（亿元）"])
        .expect("header");
    sheet.write_string(1, 0, "虎林市").expect("w");
    sheet.write_string(1, 1, "规模以上工业总产值").expect("w");
    sheet.write_number(1, 2, 2023).expect("w");
    sheet.write_number(1, 3, 45.5).expect("w");
    wb.save(&xlsx).expect("save");
    let files = vec![
        write(dir.path(), "targets.csv", utf8.as_bytes()),
        write(dir.path(), "2024年目标.csv", &encode(gbk, Enc::Gbk)),
        xlsx,
    ];
    let report = import(&files, &dataset).expect("import");
    assert_eq!(
        (report.targets.added, report.targets.unchanged),
        (6, 0),
        "{report}"
    );
    assert!(
        report
            .sheets
            .iter()
            .all(|s| s.layout == SheetLayout::Targets)
    );
    assert_eq!(targets(&dataset).len(), 6);
    assert_eq!(
        target(&dataset, "230300", VA_GROWTH, 2023),
        TargetValue::Rate(8.0)
    );
    assert_eq!(
        target(&dataset, "230300", "revenue", 2023),
        TargetValue::Level(12_000_000.0),
        "1200 亿元 is 12,000,000 万元"
    );
    assert_eq!(
        target(&dataset, "230321", "profit_growth", 2023),
        TargetValue::Rate(-2.0)
    );
    assert_eq!(
        target(&dataset, "230382", "profit", 2024),
        TargetValue::Level(35_000.0)
    );
    assert_eq!(
        target(&dataset, "230381", VA_GROWTH, 2024),
        TargetValue::Rate(7.5)
    );
    assert_eq!(
        target(&dataset, "230381", "output", 2023),
        TargetValue::Level(455_000.0),
        "45.5 under 目标（亿元） is 455,000 万元"
    );
    // The figure stored before is untouched, and the same lists again change nothing.
    assert_eq!(report.figures, import::Counts::default());
    let again = import(&files, &dataset).expect("again");
    assert_eq!((again.targets.added, again.targets.unchanged), (0, 6));
}

#[test]
fn another_target_is_a_conflict_replaced_only_with_replace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dataset(dir.path());
    let list = |target: &str| format!("地区,指标,年份,目标\n鸡西市,营业收入,2023,{target}\n");
    let first = vec![write(dir.path(), "t1.csv", list("1200亿元").as_bytes())];
    import(&first, &dataset).expect("first");
    // 12,000,000 万元 is the same target written in another unit.
    let same = vec![write(dir.path(), "t2.csv", list("12000000万元").as_bytes())];
    let report = import(&same, &dataset).expect("same");
    assert_eq!((report.targets.unchanged, report.targets.conflicts), (1, 0));

    let changed = vec![write(dir.path(), "t3.csv", list("1300亿元").as_bytes())];
    let before = bytes(&dataset);
    match import(&changed, &dataset) {
        Err(ImportError::Conflicts(list)) => {
            let c = &list.items()[0];
            assert_eq!(
                (c.at.row, c.at.column_letter().as_deref()),
                (Some(2), Some("D"))
            );
            assert!(
                c.what.contains("年度目标") && c.what.contains("鸡西市"),
                "{c}"
            );
            assert!(c.what.contains("2023"), "{c}");
            assert_eq!(c.old.zh, "12000000万元");
            assert_eq!(c.new.zh, "13000000万元");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(bytes(&dataset), before, "a conflict writes nothing");
    let report = import_replacing(&changed, &dataset).expect("replace");
    assert_eq!(
        (report.targets.replaced, report.targets.added),
        (1, 0),
        "{report}"
    );
    assert_eq!(
        target(&dataset, "230300", "revenue", 2023),
        TargetValue::Level(13_000_000.0)
    );
    assert_eq!(targets(&dataset).len(), 1, "replaced, not added");

    // A rate where a level was: a conflict too.
    let rate = vec![write(dir.path(), "t4.csv", list("增长6%").as_bytes())];
    match import(&rate, &dataset) {
        Err(ImportError::Conflicts(list)) => {
            assert_eq!(list.items()[0].new.zh, "增长6%");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn a_rate_and_its_level_are_one_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dataset(dir.path());
    let first = vec![write(
        dir.path(),
        "t1.csv",
        "地区,指标,年份,目标\n鸡西市,规上工业增加值增速,2023,增长10%\n".as_bytes(),
    )];
    import(&first, &dataset).expect("first");
    // The same growth target written against the level: the same target, unchanged.
    let same = vec![write(
        dir.path(),
        "t2.csv",
        "地区,指标,年份,目标\n鸡西市,规上工业增加值,2023,增长10%\n".as_bytes(),
    )];
    let report = import(&same, &dataset).expect("same");
    assert_eq!((report.targets.unchanged, report.targets.added), (1, 0));
    // Another growth for it: a conflict, not a second target beside the first.
    let other = vec![write(
        dir.path(),
        "t3.csv",
        "地区,指标,年份,目标\n鸡西市,规上工业增加值,2023,增长8%\n".as_bytes(),
    )];
    let before = bytes(&dataset);
    assert!(matches!(
        import(&other, &dataset),
        Err(ImportError::Conflicts(_))
    ));
    assert_eq!(bytes(&dataset), before);
    import_replacing(&other, &dataset).expect("replace");
    let all = targets(&dataset);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(
        (all[0].indicator.as_str(), all[0].value),
        ("va", TargetValue::Rate(8.0))
    );
    // Both in one file with other values: an error naming the first row.
    let both = vec![write(
        dir.path(),
        "t4.csv",
        "地区,指标,年份,目标\n鸡西市,规上工业增加值增速,2023,增长9%\n鸡西市,规上工业增加值,2023,增长7%\n"
            .as_bytes(),
    )];
    let errs = errors(import(&both, &dataset));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].at.row, Some(3));
}

#[test]
fn the_cli_import_reports_the_targets_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dataset(dir.path());
    let list = "地区,指标,年份,目标\n鸡西市,规上工业增加值增速,2023,增长8%\n鸡西市,营业收入,2023,1200亿元\n";
    let file = write(dir.path(), "targets.csv", list.as_bytes());
    let run = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
            .args(["import", "--lang", lang, "--into"])
            .arg(&dataset)
            .arg(&file)
            .output()
            .expect("run")
    };
    let out = run("zh");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("年度目标：新增2个，替换0个，未变0个，冲突0个"),
        "{text}"
    );
    assert!(text.contains("年度目标，2条"), "{text}");
    let out = run("en");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("annual targets: 0 added, 0 replaced, 2 unchanged, 0 conflicts"),
        "{text}"
    );
}

#[test]
fn bad_targets_leave_the_dataset_unchanged_with_located_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dataset(dir.path());
    let before = bytes(&dataset);
    // (file body after the header, the kind, the row and column, what the reason says)
    let cases: [(&str, IssueKind, u64, &str, &str); 5] = [
        (
            "鸡溪市,规上工业增加值增速,2023,增长8%",
            IssueKind::UnknownRegion,
            2,
            "A",
            "鸡西市",
        ),
        (
            "鸡西市,规模以上工业增加值增数,2023,增长8%",
            IssueKind::UnknownIndicator,
            2,
            "B",
            "规模以上工业增加值",
        ),
        (
            "鸡西市,营业收入,2023,8%",
            IssueKind::BadUnit,
            2,
            "D",
            "增长8%",
        ),
        (
            "鸡西市,营业收入,2023,350万千瓦时",
            IssueKind::BadUnit,
            2,
            "D",
            "万千瓦时",
        ),
        (
            "鸡西市,营业收入,2023,1200亿元\n鸡西市,营业收入,2023,1300亿元",
            IssueKind::DuplicateFigure,
            3,
            "D",
            "第2行",
        ),
    ];
    for (i, (body, kind, row, column, says)) in cases.into_iter().enumerate() {
        let text = format!("地区,指标,年份,目标\n{body}\n");
        let file = write(dir.path(), &format!("bad{i}.csv"), text.as_bytes());
        let found = errors(import(&[file], &dataset));
        let e = found
            .iter()
            .find(|e| e.kind == kind)
            .unwrap_or_else(|| panic!("{body}: no {kind:?} in {found:#?}"));
        assert_eq!(
            (e.at.row, e.at.column_letter().as_deref()),
            (Some(row), Some(column)),
            "{body}: {e}"
        );
        assert!(e.reason.zh.contains(says), "{body}: {}", e.reason.zh);
        assert!(!e.reason.en.is_empty());
        assert_eq!(bytes(&dataset), before, "{body}: the dataset is unchanged");
    }
    // Every error of a file is listed, and a good row beside a bad one is not written.
    let mixed =
        "地区,指标,年份,目标\n鸡西市,规上工业增加值增速,2023,增长8%\n鸡溪市,营业收入,2023,8%\n";
    let file = write(dir.path(), "mixed.csv", mixed.as_bytes());
    let found = errors(import(&[file], &dataset));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(bytes(&dataset), before);
    assert!(targets(&dataset).is_empty());
}

/// A county bulletin as a city statistics bureau publishes it: 全市 first, then the
/// counties, some by their short names.
fn county_bulletin(whole_city: &str) -> String {
    format!(
        "2023年1-4月全市各县（市、区）规模以上工业增加值增速（%）\n\
         地区,1-4月\n\
         全市,{whole_city}\n\
         鸡冠区,6.1\n恒山区,4.2\n滴道区,－1.5\n梨树区,3.0\n城子河区,2.2\n\
         麻山区,0.8\n鸡东,7.4\n虎林,5.6\n密山市,6.9\n"
    )
}

#[test]
fn a_county_bulletin_imports_and_a_differing_全市_row_is_a_conflict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dataset(dir.path());
    let same = vec![write(
        dir.path(),
        "counties.csv",
        county_bulletin("5").as_bytes(),
    )];
    let report = import(&same, &dataset).expect("import");
    assert_eq!(
        (report.figures.added, report.figures.unchanged),
        (9, 1),
        "nine counties added, 全市 is Jixi's stored 5.0: {report}"
    );
    let ds = Dataset::open(&dataset).expect("open");
    let codes = [
        "230302", "230303", "230304", "230305", "230306", "230307", "230321", "230381", "230382",
    ];
    let figures = ds.figures_for_regions(&codes).expect("figures");
    let value = |code: &str| {
        figures.value(
            &industry_monitor::model::SeriesKey::whole(code, VA_GROWTH, Basis::Ytd),
            p(2023, 4),
        )
    };
    assert_eq!(value("230304"), Some(-1.5), "滴道区, full-width minus");
    assert_eq!(value("230321"), Some(7.4), "鸡东 is 鸡东县");
    assert_eq!(value("230381"), Some(5.6), "虎林 is 虎林市");
    assert_eq!(value("230382"), Some(6.9), "密山市");
    drop(ds);

    let differs = vec![write(
        dir.path(),
        "counties2.csv",
        county_bulletin("5.3").as_bytes(),
    )];
    let before = bytes(&dataset);
    match import(&differs, &dataset) {
        Err(ImportError::Conflicts(list)) => {
            assert_eq!(list.total(), 1, "{list:?}");
            let c = &list.items()[0];
            assert_eq!(c.at.row, Some(3), "the 全市 row");
            assert!(c.what.contains("鸡西市"), "{c}");
            assert_eq!((c.old.zh.as_str(), c.new.zh.as_str()), ("5", "5.3"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(bytes(&dataset), before, "a conflict writes nothing");
    let report = import_replacing(&differs, &dataset).expect("replace");
    assert_eq!((report.figures.replaced, report.figures.unchanged), (1, 9));
    let ds = Dataset::open(&dataset).expect("open");
    let city = ds.figures_for_regions(&["230300"]).expect("figures");
    assert_eq!(
        city.value(
            &industry_monitor::model::SeriesKey::whole("230300", VA_GROWTH, Basis::Ytd),
            p(2023, 4)
        ),
        Some(5.3)
    );
}

#[test]
fn the_wizard_previews_and_commits_a_targets_only_list() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("tempdir");
    // A year and county the sample has no targets for.
    let list =
        "地区,指标,年份,目标\n麻山区,规上工业增加值增速,2031,增长9%\n麻山区,营业收入,2031,20亿元\n";
    let file = write(dir.path(), "2031年目标.csv", list.as_bytes());
    let dialogs = industry_monitor::ui::dialogs::ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![file]);
    let app = crate::common::app_on_sample_with(dir.path(), dialogs);
    let path = app.session.as_ref().expect("session").path();
    let mut h = crate::common::harness(app);
    h.run();
    h.get_by_label("数据").click();
    h.run();
    h.get_by_label("导入数据…").click();
    crate::common::wait_for_wizard(&mut h, |w| w.plan.is_some() || w.failure.is_some());
    // Targets alone are something to import: counted in the preview, not "nothing new".
    h.get_by_label_contains("年度目标：新增2、不变0、与现有目标不同0");
    assert!(h.query_by_label("没有新的数据需要导入。").is_none());
    h.get_by_label("确认导入").click();
    crate::common::wait_for_wizard(&mut h, |w| w.report.is_some() || w.failure.is_some());
    h.get_by_label_contains("年度目标新增2个、替换0个");
    assert_eq!(
        target(&path, "230307", "revenue", 2031),
        TargetValue::Level(200_000.0)
    );
    assert_eq!(
        target(&path, "230307", VA_GROWTH, 2031),
        TargetValue::Rate(9.0)
    );
}
