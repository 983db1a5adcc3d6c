//! Importing as a user does: files in every encoding and layout, bulletins that must give
//! the published ranks, gaps and streaks, broken files that must leave the dataset
//! byte-for-byte unchanged with errors that say where and why, conflicts, dry runs, and
//! the bureau's own lists.

use std::path::{Path, PathBuf};

use crate::import_support::*;
use industry_monitor::analysis::{self, ranking};
use industry_monitor::briefing;
use industry_monitor::import::{self, ImportError, ImportOptions, IssueKind, SheetLayout};
use industry_monitor::model::catalogue::{HEILONGJIANG, JIXI, NATION, VA_GROWTH};
use industry_monitor::model::{Basis, Date, Lang, Period, SeriesKey};
use industry_monitor::store::Dataset;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const QIQIHAR: &str = "230200";
const DAQING: &str = "230600";
const JIAMUSI: &str = "230800";

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

fn ytd(ds: &Dataset, region: &str, period: Period) -> Option<f64> {
    ds.figures_for_regions(&[region])
        .expect("figures")
        .value(&SeriesKey::whole(region, VA_GROWTH, Basis::Ytd), period)
}

/// The errors of a failed import.
fn errors(result: Result<import::ImportReport, ImportError>) -> Vec<import::Issue> {
    match result {
        Err(ImportError::Invalid(list)) => list.items().to_vec(),
        Err(other) => panic!("expected located errors, got {other}"),
        Ok(report) => panic!("expected errors, the import succeeded:\n{report}"),
    }
}

const LONG: &str = "地区,指标,行业,时期,口径,数值,单位,来源\n\
鸡西市,规模以上工业增加值增速,,2023年1-4月,累计,19.2%,%,鸡西市工业和信息化局\n\
全国,规上工业增加值增速,,2023-04,累计,3.6,%,国家统计局\n\
全国,规上工业增加值增速,,2022-04,当月,－2.9,%,国家统计局\n\
黑龙江省,规上工业增加值增速,,2023-04,ytd,−0.4,%,\n\
鸡西市,规上工业增加值,石墨,2023-04,累计,\"1,234.5\",万元,\n\
鸡西市,规上工业增加值增速,,2023-03,累计,—,,\n\
鸡西市,规上工业增加值增速,,2023-02,累计,…,,\n\
鸡西市,规上工业增加值增速,,2023-05,累计,-,,\n\
鸡西市,规上工业增加值增速,,2023-06,累计,,,\n";

fn check_long(ds: &Dataset) {
    assert_eq!(ytd(ds, JIXI, p(2023, 4)), Some(19.2));
    assert_eq!(ytd(ds, NATION, p(2023, 4)), Some(3.6));
    assert_eq!(ytd(ds, HEILONGJIANG, p(2023, 4)), Some(-0.4));
    let figs = ds.figures_for_regions(&[NATION]).expect("figures");
    assert_eq!(
        figs.value(
            &SeriesKey::whole(NATION, VA_GROWTH, Basis::Month),
            p(2022, 4)
        ),
        Some(-2.9)
    );
    // "—", "…", "-" and empty are missing figures: not stored, not zero.
    for m in [2, 3, 5, 6] {
        assert_eq!(ytd(ds, JIXI, p(2023, m)), None, "month {m}");
    }
    assert_eq!(ds.figure_count().expect("count"), 5);
}

#[test]
fn long_csv_in_every_encoding_and_as_tsv() {
    let dir = tempfile::tempdir().expect("tempdir");
    for enc in ALL_ENCODINGS {
        // GBK has no U+2212 minus; files in it use the full-width one.
        let text = if enc == Enc::Gbk {
            LONG.replace('−', "－")
        } else {
            LONG.to_string()
        };
        let file = write(
            dir.path(),
            &format!("long_{enc:?}.csv"),
            &encode(&text, enc),
        );
        let into = dir.path().join(format!("{enc:?}.imdb"));
        let report = import(&[file], &into).unwrap_or_else(|e| panic!("{enc:?}: {e}"));
        assert_eq!(report.figures.added, 5, "{enc:?}");
        assert!(report.created);
        check_long(&Dataset::open(&into).expect("open"));
    }
    let tsv = write(
        dir.path(),
        "long.tsv",
        LONG.replace(',', "\t")
            .replace("\"1\t234.5\"", "1,234.5")
            .as_bytes(),
    );
    let into = dir.path().join("tsv.imdb");
    import(&[tsv], &into).expect("tsv");
    check_long(&Dataset::open(&into).expect("open"));
}

#[test]
fn gb18030_only_characters_survive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text =
        "地区,指标,时期,口径,数值,来源\n鸡西市,规上工业增加值增速,2023-04,累计,19.2,𠮷𠮷统计\n";
    let file = write(dir.path(), "gb18030.csv", &encode(text, Enc::Gb18030));
    let into = dir.path().join("g.imdb");
    import(&[file], &into).expect("import");
    let ds = Dataset::open(&into).expect("open");
    let sources = ds.sources().expect("sources");
    assert!(
        sources.iter().any(|s| s.publisher == "𠮷𠮷统计"),
        "{sources:?}"
    );
}

#[test]
fn bulletins_in_gbk_give_ranks_ties_gaps_and_streaks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files: Vec<PathBuf> = (2..=4)
        .map(|m| {
            write(
                dir.path(),
                &format!("2023年1-{m}月各市规上工业增加值增速.csv"),
                &encode(&bulletin_csv(m), Enc::Gbk),
            )
        })
        .collect();
    let into = dir.path().join("new.imdb");
    assert!(!into.exists());
    let report = import(&files, &into).expect("import");
    assert!(report.created);
    assert_eq!(report.figures.added, 3 * 15);
    assert!(
        report
            .notices
            .items()
            .iter()
            .any(|n| n.message.en.contains("位次") && n.message.zh.contains("位次")),
        "the rank column is reported as not imported: {:?}",
        report.notices
    );
    let ds = Dataset::open(&into).expect("open");

    let snap = ds.snapshot(Some(JIXI)).expect("snapshot");
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
    let h = a.headline.clone().expect("headline");
    assert_eq!(h.value, 19.2);
    assert_eq!(
        (h.rank, h.rank_of, h.rank_streak),
        (Some(1), Some(13), Some(3))
    );
    assert_eq!(h.vs_nation_pp, Some(15.6));
    assert_eq!(h.vs_parent_pp, Some(15.1), "全省 is Heilongjiang");
    let s = briefing::summary(&snap, &a, Lang::Zh);
    assert_eq!(s.headline.as_ref().and_then(|h| h.rank), Some(1));
    assert!(
        s.narrative.contains("连续3个月居全省第1位"),
        "{}",
        s.narrative
    );
    assert!(s.narrative.contains("15.6个百分点"), "{}", s.narrative);

    // The tie: 齐齐哈尔 and 大庆 share second place, 佳木斯 is fourth (1, 2, 2, 4).
    let peers: Vec<String> = snap.context.peers.clone();
    let table = ranking::rank_peers(&snap.figures, &peers, VA_GROWTH, Basis::Ytd, p(2023, 4));
    let rank = |code: &str| table.iter().find(|e| e.region == code).map(|e| e.rank);
    assert_eq!(
        [rank(JIXI), rank(QIQIHAR), rank(DAQING), rank(JIAMUSI)],
        [Some(1), Some(2), Some(2), Some(4)]
    );
    let snap = ds.snapshot(Some(QIQIHAR)).expect("snapshot");
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
    let h = a.headline.expect("headline");
    assert_eq!(h.rank, Some(2));
    assert_eq!(h.tied_with, vec![DAQING.to_string()]);
    assert_eq!(h.rank_change, Some(1), "third in 1–3月, second in 1–4月");
    // Negative growth printed with a full-width minus is stored as negative.
    assert_eq!(ytd(&ds, "232700", p(2023, 4)), Some(-3.0));
}

#[test]
fn every_period_header_form_in_a_bulletin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "鸡西市规模以上工业增加值增速（%）\n\
                地区,1-2月,1—3月,1-4月累计,2023年1-5月,6月,2023-07,Jan-Aug\n\
                鸡西市,31.1,24.0,19.2,18.0,12.0,11.0,17.0\n";
    let file = write(dir.path(), "forms.csv", text.as_bytes());
    let into = dir.path().join("forms.imdb");
    let opts = ImportOptions {
        year: Some(2023),
        basis: Some(Basis::Ytd),
        ..options()
    };
    import::run(&[file], &into, &opts, false, false).expect("import");
    let ds = Dataset::open(&into).expect("open");
    for (m, v) in [
        (2, 31.1),
        (3, 24.0),
        (4, 19.2),
        (5, 18.0),
        (7, 11.0),
        (8, 17.0),
    ] {
        assert_eq!(ytd(&ds, JIXI, p(2023, m)), Some(v), "1–{m}月");
    }
    let figs = ds.figures_for_regions(&[JIXI]).expect("figures");
    assert_eq!(
        figs.value(&SeriesKey::whole(JIXI, VA_GROWTH, Basis::Month), p(2023, 6)),
        Some(12.0),
        "“6月” is the month on its own"
    );
    assert_eq!(
        ds.meta().expect("meta").home_region,
        JIXI,
        "named in the title"
    );
}

#[test]
fn a_county_bulletin_resolves_its_city_and_makes_it_home() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "2023年1-4月各县（市、区）规模以上工业增加值增速（%）\n\
                地区,1-4月\n全市,19.2\n鸡冠区,10.0\n密山市,25.0\n虎林市,—\n";
    let file = write(dir.path(), "counties.csv", &encode(text, Enc::Gbk));
    let into = dir.path().join("county.imdb");
    let report = import(&[file], &into).expect("import");
    assert_eq!(report.figures.added, 3);
    assert_eq!(
        report.home_region.as_deref(),
        Some(JIXI),
        "全市 is the listed counties' city"
    );
    let ds = Dataset::open(&into).expect("open");
    assert_eq!(ytd(&ds, JIXI, p(2023, 4)), Some(19.2));
    assert_eq!(ytd(&ds, "230382", p(2023, 4)), Some(25.0));
    assert_eq!(
        ytd(&ds, "230381", p(2023, 4)),
        None,
        "“—” is missing, not zero"
    );
    assert_eq!(ds.meta().expect("meta").title, "鸡西市工业运行监测");
}

/// A workbook: a notes sheet, a bulletin with merged headers and numbers stored as text,
/// and a long sheet with real numbers and an Excel date as the period.
fn workbook(path: &Path) {
    let mut wb = Workbook::new();
    let plain = Format::new();
    let notes = wb.add_worksheet();
    notes.set_name("说明").expect("name");
    notes
        .write_string(0, 0, "本工作簿为导入测试数据")
        .expect("write");
    notes
        .write_string(1, 0, "数据来源：黑龙江省统计局")
        .expect("write");

    let ws = wb.add_worksheet();
    ws.set_name("各市增速").expect("name");
    ws.merge_range(
        0,
        0,
        0,
        4,
        "2023年全省各市（地）规模以上工业增加值增速（%）",
        &plain,
    )
    .expect("title");
    ws.merge_range(1, 0, 2, 0, "地区", &plain).expect("corner");
    ws.merge_range(1, 1, 1, 2, "1-3月", &plain)
        .expect("merged period");
    ws.merge_range(1, 3, 1, 4, "1-4月", &plain)
        .expect("merged period");
    for (c, t) in [(1, "增速"), (2, "位次"), (3, "增速"), (4, "位次")] {
        ws.write_string(2, c, t).expect("sub");
    }
    let rows = [
        ("全省", "5.0", "4.1"),
        ("鸡西市", "24.0", "19.2"),
        ("哈尔滨市", "4.0", "3.2"),
    ];
    for (i, (region, q1, ytd)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, *region).expect("region");
        // Numbers stored as text, as many exported workbooks have them.
        ws.write_string(r, 1, *q1).expect("value");
        ws.write_string(r, 3, *ytd).expect("value");
        if i > 0 {
            ws.write_number(r, 2, i as f64).expect("rank");
            ws.write_number(r, 4, i as f64).expect("rank");
        }
    }

    let long = wb.add_worksheet();
    long.set_name("全国").expect("name");
    for (c, h) in ["地区", "指标", "时期", "口径", "数值"].iter().enumerate() {
        long.write_string(0, c as u16, *h).expect("header");
    }
    let date_format = Format::new().set_num_format("yyyy-mm");
    let april = ExcelDateTime::from_ymd(2023, 4, 1).expect("date");
    long.write_string(1, 0, "全国").expect("w");
    long.write_string(1, 1, "规上工业增加值增速").expect("w");
    long.write_datetime_with_format(1, 2, &april, &date_format)
        .expect("w");
    long.write_string(1, 3, "累计").expect("w");
    long.write_number(1, 4, 3.6).expect("w");
    wb.save(path).expect("save");
}

#[test]
fn xlsx_with_merged_headers_text_numbers_and_a_notes_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("通报.xlsx");
    workbook(&book);
    let into = dir.path().join("x.imdb");
    let report = import(&[book], &into).expect("import");
    let layouts: Vec<(Option<String>, SheetLayout)> = report
        .sheets
        .iter()
        .map(|s| (s.name.clone(), s.layout))
        .collect();
    assert_eq!(
        layouts,
        vec![
            (Some("说明".into()), SheetLayout::Skipped),
            (Some("各市增速".into()), SheetLayout::Wide),
            (Some("全国".into()), SheetLayout::Long),
        ]
    );
    assert!(
        report
            .notices
            .items()
            .iter()
            .any(|n| n.at.sheet.as_deref() == Some("说明")
                && n.message.en.contains("skipped")
                && n.text(Lang::Zh).contains("工作表“说明”：已跳过")),
        "{:?}",
        report.notices
    );
    assert_eq!(report.figures.added, 7);
    let ds = Dataset::open(&into).expect("open");
    assert_eq!(ytd(&ds, JIXI, p(2023, 3)), Some(24.0));
    assert_eq!(ytd(&ds, JIXI, p(2023, 4)), Some(19.2));
    assert_eq!(ytd(&ds, HEILONGJIANG, p(2023, 4)), Some(4.1));
    assert_eq!(ytd(&ds, NATION, p(2023, 4)), Some(3.6));
    let sources = ds.sources().expect("sources");
    assert!(
        sources
            .iter()
            .all(|s| s.title == "通报.xlsx" && !s.illustrative)
    );
    assert!(
        sources
            .iter()
            .any(|s| s.note.contains("各市增速") && s.note.contains("2026-01-15"))
    );
}

/// Every broken file fails with an error that says where and why, and the dataset stays
/// byte-for-byte as it was.
#[test]
fn broken_files_are_located_errors_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&dataset).expect("sample");
    let before = bytes(&dataset);
    let header = "地区,指标,时期,口径,数值\n";
    let mut valid_xlsx = dir.path().join("valid.xlsx");
    workbook(&valid_xlsx);
    let full = bytes(&valid_xlsx);
    valid_xlsx.set_file_name("truncated.xlsx");
    struct Case {
        file: &'static str,
        bytes: Vec<u8>,
        kind: IssueKind,
        row: Option<u64>,
        column: Option<&'static str>,
        cell: Option<&'static str>,
        reason: &'static str,
        reason_zh: &'static str,
    }
    let junk: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let cases = vec![
        Case {
            file: "bad_number.csv",
            bytes: format!("{header}鸡西市,规上工业增加值增速,2023-05,累计,十九\n").into_bytes(),
            kind: IssueKind::BadNumber,
            row: Some(2),
            column: Some("E"),
            cell: Some("十九"),
            reason: "not a number",
            reason_zh: "不是数字",
        },
        Case {
            file: "decimal_comma.csv",
            bytes: format!("{header}鸡西市,规上工业增加值增速,2023-05,累计,\"1 234,5\"\n").into_bytes(),
            kind: IssueKind::BadNumber,
            row: Some(2),
            column: Some("E"),
            cell: Some("1 234,5"),
            reason: "decimal comma",
            reason_zh: "逗号作小数点",
        },
        Case {
            file: "unknown_region.csv",
            bytes: encode(&format!("{header}\n\n鸡溪市,规上工业增加值增速,2023-05,累计,18.0\n"), Enc::Gbk),
            kind: IssueKind::UnknownRegion,
            row: Some(4),
            column: Some("A"),
            cell: Some("鸡溪市"),
            reason: "鸡西市",
            reason_zh: "鸡西市",
        },
        Case {
            file: "duplicate.csv",
            bytes: format!(
                "{header}鸡西市,规上工业增加值增速,2023-05,累计,18.0\n鸡西,规上工业增加值增速,2023年1-5月,累计,18.5\n"
            )
            .into_bytes(),
            kind: IssueKind::DuplicateFigure,
            row: Some(3),
            column: Some("E"),
            cell: Some("18.5"),
            reason: "row 2",
            reason_zh: "第2行",
        },
        Case {
            file: "column_count.csv",
            bytes: format!("{header}鸡西市,规上工业增加值增速,2023-05,累计,18.0,多余\n").into_bytes(),
            kind: IssueKind::ColumnCount,
            row: Some(2),
            column: None,
            cell: None,
            reason: "6 cells but the header has 5",
            reason_zh: "此行有6个单元格，而标题行有5个",
        },
        Case {
            file: "truncated.xlsx",
            bytes: full[..full.len() / 2].to_vec(),
            kind: IssueKind::Unreadable,
            row: None,
            column: None,
            cell: None,
            reason: "XLSX",
            reason_zh: "XLSX工作簿",
        },
        Case {
            file: "empty.csv",
            bytes: Vec::new(),
            kind: IssueKind::Empty,
            row: None,
            column: None,
            cell: None,
            reason: "empty",
            reason_zh: "空的",
        },
        Case {
            file: "junk.csv",
            bytes: junk,
            kind: IssueKind::Unreadable,
            row: None,
            column: None,
            cell: None,
            reason: "binary",
            reason_zh: "二进制",
        },
        Case {
            file: "january.csv",
            bytes: "2023年全省各市规模以上工业增加值增速（%）\n地区,1月,1-2月\n鸡西市,30.0,31.1\n"
                .as_bytes()
                .to_vec(),
            kind: IssueKind::January,
            row: Some(2),
            column: Some("B"),
            cell: Some("1月"),
            reason: "1—2月",
            reason_zh: "1—2月",
        },
    ];
    for case in cases {
        let file = write(dir.path(), case.file, &case.bytes);
        let found = errors(import(&[file], &dataset));
        let e = found
            .iter()
            .find(|e| e.kind == case.kind)
            .unwrap_or_else(|| panic!("{}: no {:?} among {found:#?}", case.file, case.kind));
        assert_eq!(e.at.file, case.file);
        assert_eq!(e.at.row, case.row, "{}: {e}", case.file);
        assert_eq!(
            e.at.column_letter().as_deref(),
            case.column,
            "{}: {e}",
            case.file
        );
        assert_eq!(e.cell.as_deref(), case.cell, "{}: {e}", case.file);
        assert!(e.reason.en.contains(case.reason), "{}: {e}", case.file);
        assert!(
            e.reason.zh.contains(case.reason_zh),
            "{}: {}",
            case.file,
            e.reason.zh
        );
        let shown = e.to_string();
        assert!(shown.starts_with(case.file), "{shown}");
        let shown_zh = e.text(Lang::Zh);
        assert!(shown_zh.starts_with(case.file), "{shown_zh}");
        if let Some(row) = case.row {
            assert!(shown.contains(&format!("row {row}")), "{shown}");
            assert!(shown_zh.contains(&format!("第{row}行")), "{shown_zh}");
        }
        if let Some(column) = case.column {
            assert!(shown_zh.contains(&format!("{column}列")), "{shown_zh}");
        }
        assert_eq!(bytes(&dataset), before, "{} changed the dataset", case.file);
    }
    // A failed import into a path with no dataset leaves nothing behind.
    let none = dir.path().join("none.imdb");
    let bad = write(
        dir.path(),
        "bad.csv",
        format!("{header}鸡西市,规上工业增加值增速,2023-05,累计,x\n").as_bytes(),
    );
    errors(import(&[bad], &none));
    assert!(!none.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn all_errors_are_listed_with_a_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from("地区,指标,时期,口径,数值\n");
    for i in 0..250 {
        text.push_str(&format!(
            "鸡西市,规上工业增加值增速,2023-{:02},累计,bad{i}\n",
            2 + i % 11
        ));
    }
    let file = write(dir.path(), "many.csv", text.as_bytes());
    let err = import(&[file], &dir.path().join("m.imdb")).expect_err("errors");
    let ImportError::Invalid(list) = &err else {
        panic!("{err}")
    };
    assert_eq!(list.total(), 250);
    assert_eq!(list.items().len(), import::issue::MAX_LISTED);
    assert!(err.to_string().contains("… and 50 more"), "{err}");
    assert!(err.to_string().starts_with("250 error(s)"), "{err}");
}

#[test]
fn conflicts_fail_without_replace_and_dry_runs_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&dataset).expect("sample");
    let before = bytes(&dataset);
    // The sample has Jixi 2023 1–4月 = 19.2 and the nation 3.6.
    let file = write(
        dir.path(),
        "revised.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,19.4\n全国,规上工业增加值增速,2023-04,累计,3.6\n鸡西市,规上工业增加值增速,2024-02,累计,12.0\n"
            .as_bytes(),
    );
    let err = import(std::slice::from_ref(&file), &dataset).expect_err("conflict");
    let ImportError::Conflicts(list) = &err else {
        panic!("{err}")
    };
    assert_eq!(list.total(), 1);
    assert_eq!(list.items()[0].at.row, Some(2));
    assert!(
        err.to_string()
            .contains("the dataset has 19.2, the file has 19.4"),
        "{err}"
    );
    assert_eq!(bytes(&dataset), before);

    let dry = import::run(
        std::slice::from_ref(&file),
        &dataset,
        &options(),
        true,
        true,
    )
    .expect("dry run");
    assert!(dry.dry_run);
    assert_eq!(
        (
            dry.figures.added,
            dry.figures.replaced,
            dry.figures.unchanged
        ),
        (1, 1, 1)
    );
    assert_eq!(bytes(&dataset), before, "a dry run writes nothing");

    let done = import::run(&[file], &dataset, &options(), true, false).expect("replace");
    assert_eq!(
        (
            done.figures.added,
            done.figures.replaced,
            done.figures.unchanged
        ),
        (1, 1, 1)
    );
    let ds = Dataset::open(&dataset).expect("open");
    assert_eq!(ytd(&ds, JIXI, p(2023, 4)), Some(19.4));
    assert_eq!(ytd(&ds, JIXI, p(2024, 2)), Some(12.0));
    assert_eq!(
        ds.meta().expect("meta").home_region,
        JIXI,
        "an existing dataset keeps its home"
    );
}

#[test]
fn the_same_import_twice_is_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "b.csv", &encode(&bulletin_csv(4), Enc::Utf8Bom));
    let into = dir.path().join("twice.imdb");
    assert_eq!(
        import(std::slice::from_ref(&file), &into)
            .expect("first")
            .figures
            .added,
        15
    );
    let again = import(&[file], &into).expect("second");
    assert_eq!((again.figures.added, again.figures.unchanged), (0, 15));
    assert_eq!(again.sources, 0, "nothing written, nothing to cite");
}

#[test]
fn progress_and_cancel() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "b.csv", bulletin_csv(3).as_bytes());
    let into = dir.path().join("p.imdb");
    let opts = options();
    let progress = opts.progress.clone();
    import::run(std::slice::from_ref(&file), &into, &opts, false, false).expect("import");
    assert_eq!(progress.stage(), import::Stage::Done);
    assert_eq!(progress.fraction(), 1.0);

    let into = dir.path().join("cancelled.imdb");
    let opts = options();
    opts.progress.cancel();
    let err = import::run(&[file], &into, &opts, false, false).expect_err("cancelled");
    assert!(
        matches!(&err, ImportError::Invalid(list) if list.items().iter().any(|e| e.kind == IssueKind::Cancelled)),
        "{err}"
    );
    assert!(!into.exists());
}

#[test]
fn the_gui_steps_parse_plan_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&dataset).expect("sample");
    let file = write(dir.path(), "b.csv", bulletin_csv(4).as_bytes());
    let ds = Dataset::open(&dataset).expect("open");
    let parsed = import::parse(std::slice::from_ref(&file), ds.catalogue(), &options());
    assert!(parsed.is_ok());
    assert_eq!(parsed.figures.len(), 15);
    let first = &parsed.figures[0];
    assert_eq!(
        parsed.location(first).to_string(),
        "b.csv, row 3, column B (1-4月)"
    );
    assert_eq!(
        parsed.describe(first, Lang::Zh),
        "黑龙江省 规模以上工业增加值增速 2023年1—4月 (累计)"
    );
    let plan = import::plan(parsed, Some(&ds)).expect("plan");
    // The sample's illustrative figures differ from this bulletin's.
    assert!(plan.figures().conflicts > 0);
    assert!(plan.check(false).is_err());
    assert!(plan.check(true).is_ok());
    let report = import::commit(&plan, &dataset, true).expect("commit");
    assert_eq!(report.figures.conflicts, 0);
    assert_eq!(report.figures.replaced, plan.figures().conflicts);
    // A plan is for the dataset as it was: committing it twice is refused.
    assert!(matches!(
        import::commit(&plan, &dataset, true),
        Err(ImportError::Stale(_))
    ));
}

fn register_files(dir: &Path, enterprises: &str, requests: &str, deals: &str) -> Vec<PathBuf> {
    vec![
        write(dir, "企业名录.csv", &encode(enterprises, Enc::Gbk)),
        write(dir, "诉求.csv", requests.as_bytes()),
        write(dir, "银企对接.csv", deals.as_bytes()),
    ]
}

#[test]
fn register_lists_import_and_their_errors_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&dataset).expect("sample");
    let before_count = Dataset::open(&dataset)
        .expect("open")
        .register()
        .expect("reg")
        .enterprises
        .len();
    let (a, b) = (credit_code(1), credit_code(2));
    let enterprises = format!(
        "企业名称,统一社会信用代码,行业,地区,规上,新兴,专精特新,重点帮扶,民营,包联领导\n\
         鸡西新材料有限公司,{a},石墨,鸡西市,是,Y,1,√,否,张三\n\
         密山食品有限公司,{b},绿色食品,密山市,否,N,0,,是,李四\n"
    );
    let requests = format!(
        "Credit code,Enterprise,Date raised,Category,Text,Status,Date resolved\n\
         {a},,2023-03-01,financing,working capital,resolved,2023-04-01\n\
         ,密山食品有限公司,2023/4/2,用地,扩建用地,办理中,\n"
    );
    let deals = format!(
        "企业名称,统一社会信用代码,银行,金额（万元）,签约日期,状态\n,{b},龙江银行,500,2023-04-10,已签约\n"
    );
    let files = register_files(dir.path(), &enterprises, &requests, &deals);
    let report = import(&files, &dataset).expect("import");
    assert_eq!(
        (
            report.enterprises.added,
            report.requests.added,
            report.deals.added
        ),
        (2, 2, 1)
    );
    let ds = Dataset::open(&dataset).expect("open");
    let reg = ds.register().expect("register");
    assert_eq!(reg.enterprises.len(), before_count + 2);
    let ea = reg
        .enterprises
        .iter()
        .find(|e| e.credit_code == a)
        .expect("a");
    assert!(ea.above_size && ea.emerging && ea.srdi && ea.key_support && !ea.private);
    assert_eq!(
        (ea.industry.as_deref(), ea.region.as_str()),
        (Some("graphite"), JIXI)
    );
    let eb = reg
        .enterprises
        .iter()
        .find(|e| e.credit_code == b)
        .expect("b");
    assert_eq!(eb.region, "230382", "密山市");
    assert!(
        reg.deals
            .iter()
            .any(|d| d.enterprise_id == eb.id && d.amount_10k_yuan == 500.0)
    );
    assert!(
        reg.requests
            .iter()
            .any(|q| q.enterprise_id == ea.id && q.resolved_on == Date::new(2023, 4, 1))
    );
    drop(ds);

    // The same lists again: unchanged, not duplicated.
    let again = import(&files, &dataset).expect("again");
    assert_eq!(
        (
            again.enterprises.unchanged,
            again.requests.unchanged,
            again.deals.unchanged
        ),
        (2, 2, 1)
    );

    // Now broken lists: every problem is a located error and the file does not change.
    let before = bytes(&dataset);
    let (c, d) = (credit_code(3), broken_code(4));
    let enterprises = format!(
        "企业名称,统一社会信用代码,行业,地区,规上\n\
         甲公司,{c},石墨,鸡西市,是\n\
         乙公司,{d},石墨,鸡西市,是\n\
         丙公司,{c},食品,鸡西市,否\n\
         丁公司,{},石磨,鸡西市,是\n\
         戊公司,{},石墨,鸡溪,也许\n",
        credit_code(5),
        credit_code(6)
    );
    let requests =
        "统一社会信用代码,企业名称,提出日期,诉求类别,诉求内容\n,不存在公司,2023-04-01,融资,贷款\n";
    let deals = "企业名称,银行,金额,签约日期\n甲公司,龙江银行,-5,2023-13-01\n";
    let files = register_files(dir.path(), &enterprises, requests, deals);
    let found = errors(import(&files, &dataset));
    let find = |kind: IssueKind| {
        found
            .iter()
            .find(|e| e.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} in {found:#?}"))
    };
    let wrong = find(IssueKind::BadCreditCode);
    assert_eq!(
        (wrong.at.row, wrong.at.column_letter().as_deref()),
        (Some(3), Some("B"))
    );
    assert_eq!(wrong.cell.as_deref(), Some(d.as_str()));
    assert!(wrong.reason.en.contains("check character"), "{wrong}");
    assert!(wrong.reason.zh.contains("校验码"), "{}", wrong.reason.zh);
    let dup = find(IssueKind::DuplicateEnterprise);
    assert_eq!(dup.at.row, Some(4));
    assert!(dup.reason.en.contains("row 2"), "{dup}");
    assert!(dup.reason.zh.contains("第2行"), "{}", dup.reason.zh);
    let industry = find(IssueKind::UnknownIndustry);
    assert_eq!(
        (industry.at.row, industry.cell.as_deref()),
        (Some(5), Some("石磨"))
    );
    assert!(industry.reason.en.contains("did you mean"), "{industry}");
    assert!(
        industry.reason.zh.contains("是否为“石墨”"),
        "{}",
        industry.reason.zh
    );
    let region = find(IssueKind::UnknownRegion);
    assert_eq!(
        (region.at.row, region.cell.as_deref()),
        (Some(6), Some("鸡溪"))
    );
    let flag = find(IssueKind::BadFlag);
    assert_eq!((flag.at.row, flag.cell.as_deref()), (Some(6), Some("也许")));
    let unknown = find(IssueKind::UnknownEnterprise);
    assert_eq!(unknown.at.file, "诉求.csv");
    assert_eq!(
        (unknown.at.row, unknown.cell.as_deref()),
        (Some(2), Some("不存在公司"))
    );
    assert!(
        found
            .iter()
            .any(|e| e.kind == IssueKind::BadNumber && e.at.file == "银企对接.csv")
    );
    assert!(
        found
            .iter()
            .any(|e| e.kind == IssueKind::BadDate && e.at.file == "银企对接.csv")
    );
    assert_eq!(bytes(&dataset), before);
}

#[test]
fn register_xlsx_with_excel_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lists.xlsx");
    let mut wb = Workbook::new();
    let code = credit_code(7);
    let ent = wb.add_worksheet();
    ent.set_name("企业").expect("name");
    for (c, h) in ["企业名称", "统一社会信用代码", "行业", "重点帮扶"]
        .iter()
        .enumerate()
    {
        ent.write_string(0, c as u16, *h).expect("h");
    }
    ent.write_string(1, 0, "鸡西煤机有限公司").expect("w");
    ent.write_string(1, 1, &code).expect("w");
    ent.write_string(1, 2, "装备制造").expect("w");
    ent.write_boolean(1, 3, true).expect("w");
    let req = wb.add_worksheet();
    req.set_name("诉求").expect("name");
    for (c, h) in ["企业名称", "提出日期", "诉求类别", "状态"]
        .iter()
        .enumerate()
    {
        req.write_string(0, c as u16, *h).expect("h");
    }
    let date = ExcelDateTime::from_ymd(2023, 5, 20).expect("date");
    req.write_string(1, 0, "鸡西煤机有限公司").expect("w");
    req.write_datetime_with_format(1, 1, &date, &Format::new().set_num_format("yyyy/m/d"))
        .expect("w");
    req.write_string(1, 2, "用电").expect("w");
    req.write_string(1, 3, "待办").expect("w");
    wb.save(&path).expect("save");
    let into = dir.path().join("lists.imdb");
    let report = import(&[path], &into).expect("import");
    assert_eq!((report.enterprises.added, report.requests.added), (1, 1));
    let ds = Dataset::open(&into).expect("open");
    let reg = ds.register().expect("register");
    assert!(reg.enterprises[0].key_support);
    assert_eq!(
        reg.enterprises[0].region, JIXI,
        "no region column: the home region"
    );
    assert_eq!(
        reg.requests[0].raised_on,
        Date::new(2023, 5, 20).expect("date")
    );
    assert_eq!(reg.requests[0].category, "power");
    assert_eq!(
        ds.meta().expect("meta").home_region,
        JIXI,
        "from the credit codes' enterprises' home"
    );
}

/// The sample's register: how many enterprises are under key support and emerging, and
/// an enterprise under key support with a paired official and an industry.
fn sample_register(dataset: &Path) -> (usize, usize, industry_monitor::model::Enterprise) {
    let reg = Dataset::open(dataset)
        .expect("open")
        .register()
        .expect("register");
    let key = reg.enterprises.iter().filter(|e| e.key_support).count();
    let emerging = reg.enterprises.iter().filter(|e| e.emerging).count();
    let target = reg
        .enterprises
        .iter()
        .find(|e| e.key_support && !e.official.is_empty() && e.industry.is_some())
        .expect("a key-support enterprise with an official")
        .clone();
    (key, emerging, target)
}

#[test]
fn columns_a_list_lacks_leave_stored_enterprises_as_they_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&dataset).expect("sample");
    let (key, emerging, target) = sample_register(&dataset);

    // Only name and credit code: nothing about the stored enterprise changes, even with
    // --replace; a new enterprise gets the defaults.
    let new_code = credit_code(41);
    let list = write(
        dir.path(),
        "名单.csv",
        format!(
            "企业名称,统一社会信用代码\n{},{}\n鸡西新增有限公司,{new_code}\n",
            target.name, target.credit_code
        )
        .as_bytes(),
    );
    let report = import::run(
        std::slice::from_ref(&list),
        &dataset,
        &options(),
        true,
        false,
    )
    .expect("import");
    assert_eq!(
        report.enterprises,
        import::Counts {
            added: 1,
            unchanged: 1,
            ..import::Counts::default()
        }
    );
    assert!(report.conflicts.is_empty(), "{report}");
    let (key_after, emerging_after, _) = sample_register(&dataset);
    assert_eq!((key_after, emerging_after), (key, emerging));
    let reg = Dataset::open(&dataset)
        .expect("open")
        .register()
        .expect("register");
    let stored = reg
        .enterprises
        .iter()
        .find(|e| e.id == target.id)
        .expect("still there");
    assert_eq!(stored, &target, "official, industry, region and flags kept");
    let new = reg
        .enterprises
        .iter()
        .find(|e| e.credit_code == new_code)
        .expect("added");
    assert!(!(new.key_support || new.emerging || new.srdi || new.above_size || new.private));
    assert!(new.official.is_empty() && new.industry.is_none());
    assert_eq!(new.region, JIXI, "from the credit code's division code");

    // The 重点帮扶 column with 否: a conflict that names only that field, then replaced.
    let list = write(
        dir.path(),
        "帮扶.csv",
        format!(
            "企业名称,统一社会信用代码,重点帮扶\n{},{},否\n",
            target.name, target.credit_code
        )
        .as_bytes(),
    );
    let conflicts = match import::run(
        std::slice::from_ref(&list),
        &dataset,
        &options(),
        false,
        false,
    ) {
        Err(ImportError::Conflicts(c)) => c,
        other => panic!("expected a conflict, got {other:?}"),
    };
    let [c] = conflicts.items() else {
        panic!("one conflict: {conflicts:#?}")
    };
    assert_eq!(
        (c.old.zh.as_str(), c.new.zh.as_str()),
        ("重点帮扶 是", "重点帮扶 否")
    );
    assert_eq!(
        (c.old.en.as_str(), c.new.en.as_str()),
        ("key support yes", "key support no")
    );
    assert_eq!(c.at.row, Some(2));
    let report = import::run(&[list], &dataset, &options(), true, false).expect("replace");
    assert_eq!(report.enterprises.replaced, 1);
    let (key_after, emerging_after, _) = sample_register(&dataset);
    assert_eq!((key_after, emerging_after), (key - 1, emerging));
    let reg = Dataset::open(&dataset)
        .expect("open")
        .register()
        .expect("register");
    let stored = reg
        .enterprises
        .iter()
        .find(|e| e.id == target.id)
        .expect("still there");
    assert_eq!(
        stored,
        &industry_monitor::model::Enterprise {
            key_support: false,
            ..target.clone()
        },
        "only key support changed"
    );
}

#[test]
fn a_name_and_a_code_of_different_enterprises_are_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&dataset).expect("sample");
    let reg = Dataset::open(&dataset)
        .expect("open")
        .register()
        .expect("register");
    let (a, b) = (&reg.enterprises[0], &reg.enterprises[1]);
    let before = bytes(&dataset);
    let requests = write(
        dir.path(),
        "诉求.csv",
        format!(
            "统一社会信用代码,企业名称,提出日期,诉求类别,诉求内容\n\
             {ac},{bn},2023-04-01,融资,贷款\n\
             {ac},不存在的公司,2023-04-02,用地,扩建\n\
             {ac},{an},2023-04-03,用工,招工\n\
             {ac}, {an_half} ,2023-04-04,用工,培训\n\
             {ac},{an}(密山),2023-04-05,用工,招工\n",
            ac = a.credit_code,
            an = a.name,
            bn = b.name,
            an_half = a.name.replace('（', "(").replace('）', ")"),
        )
        .as_bytes(),
    );
    let deals = write(
        dir.path(),
        "银企对接.csv",
        format!(
            "企业名称,统一社会信用代码,银行,金额（万元）,签约日期\n{},{},龙江银行,300,2023-04-10\n",
            a.name, b.credit_code
        )
        .as_bytes(),
    );
    let found = errors(import::run(
        &[requests, deals],
        &dataset,
        &options(),
        true,
        false,
    ));
    assert!(
        found
            .iter()
            .all(|e| e.kind == IssueKind::EnterpriseMismatch),
        "{found:#?}"
    );
    let at = |file: &str, row: u64| {
        found
            .iter()
            .find(|e| e.at.file == file && e.at.row == Some(row))
            .unwrap_or_else(|| panic!("no error at {file} row {row}: {found:#?}"))
    };
    assert_eq!(
        found.len(),
        3,
        "the rows with a's name (also annotated: …(密山)) are fine: {found:#?}"
    );
    let other = at("诉求.csv", 2);
    assert_eq!(
        (other.at.column_letter().as_deref(), other.cell.as_deref()),
        (Some("B"), Some(b.name.as_str()))
    );
    assert_eq!(
        other.reason.zh,
        format!(
            "企业名称与统一社会信用代码不属于同一企业：代码{}属于“{}”，而“{}”的统一社会信用代码为{}；请核对后改正其中之一",
            a.credit_code, a.name, b.name, b.credit_code
        )
    );
    assert_eq!(
        other.reason.en,
        format!(
            "the name and the credit code do not belong to the same enterprise: the code {} belongs to “{}”, and “{}” has the credit code {}; check them and correct one",
            a.credit_code, a.name, b.name, b.credit_code
        )
    );
    assert!(
        other
            .text(Lang::Zh)
            .starts_with("诉求.csv，第2行，B列（企业名称）："),
        "{}",
        other.text(Lang::Zh)
    );
    let nobody = at("诉求.csv", 3);
    assert_eq!(nobody.cell.as_deref(), Some("不存在的公司"));
    assert!(
        nobody
            .reason
            .zh
            .contains(&format!("属于“{}”；请核对", a.name)),
        "{}",
        nobody.reason.zh
    );
    let deal = at("银企对接.csv", 2);
    assert_eq!(deal.at.column_letter().as_deref(), Some("A"));
    assert!(
        deal.reason.en.contains(&format!("belongs to “{}”", b.name)),
        "{deal}"
    );
    assert_eq!(bytes(&dataset), before, "nothing written");
}

/// Which date column of a list a test puts a cell in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DateColumn {
    Raised,
    Resolved,
    Signed,
}

/// A workbook with an enterprise, a request and a deal, every date valid except the
/// `bad` column's cell, which `write_bad` fills (row 2, column B of its sheet).
fn lists_with_a_bad_date(
    path: &Path,
    bad: DateColumn,
    write_bad: &dyn Fn(&mut rust_xlsxwriter::Worksheet),
) {
    let mut wb = Workbook::new();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let good = ExcelDateTime::from_ymd(2023, 5, 20).expect("date");
    let ent = wb.add_worksheet();
    ent.set_name("企业").expect("name");
    ent.write_row(0, 0, ["企业名称", "统一社会信用代码"])
        .expect("h");
    ent.write_row(1, 0, ["鸡西新材料有限公司".to_string(), credit_code(41)])
        .expect("w");
    let req = wb.add_worksheet();
    req.set_name("诉求").expect("name");
    req.write_row(0, 0, ["企业名称", "提出日期", "诉求类别", "办结日期"])
        .expect("h");
    req.write_string(1, 0, "鸡西新材料有限公司").expect("w");
    req.write_string(1, 2, "用电").expect("w");
    // The bad cell is always column B: the resolved date moves there when it is tested.
    if bad == DateColumn::Resolved {
        req.write_row(0, 0, ["企业名称", "办结日期", "诉求类别", "提出日期"])
            .expect("h");
        req.write_datetime_with_format(1, 3, &good, &day)
            .expect("w");
    } else {
        req.write_datetime_with_format(1, 3, &good, &day)
            .expect("w");
    }
    if bad != DateColumn::Signed {
        write_bad(req);
    } else {
        req.write_datetime_with_format(1, 1, &good, &day)
            .expect("w");
    }
    let deal = wb.add_worksheet();
    deal.set_name("银企对接").expect("name");
    deal.write_row(0, 0, ["企业名称", "签约日期", "银行", "金额（万元）"])
        .expect("h");
    deal.write_string(1, 0, "鸡西新材料有限公司").expect("w");
    deal.write_string(1, 2, "龙江银行").expect("w");
    deal.write_number(1, 3, 500.0).expect("w");
    if bad == DateColumn::Signed {
        write_bad(deal);
    } else {
        deal.write_datetime_with_format(1, 1, &good, &day)
            .expect("w");
    }
    wb.save(path).expect("save");
}

/// Imports into a copy of the sample and checks the one located error: a bad date in
/// column B, row 2 of `sheet`, with `cell` and a reason saying `reason` in English and
/// `reason_zh` in Chinese; the dataset is byte for byte unchanged and still opens.
fn assert_bad_date(file: &Path, sheet: &str, cell: &str, reason: &str, reason_zh: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&dataset).expect("sample");
    let before = bytes(&dataset);
    let errs = errors(import(&[file.to_path_buf()], &dataset));
    let what = format!("{} {sheet} {cell}", file.display());
    assert_eq!(errs.len(), 1, "{what}: {errs:#?}");
    let e = &errs[0];
    assert_eq!(e.kind, IssueKind::BadDate, "{what}");
    assert_eq!(e.at.sheet.as_deref(), Some(sheet), "{what}");
    assert_eq!(e.at.row, Some(2), "{what}");
    assert_eq!(e.at.column_letter().as_deref(), Some("B"), "{what}");
    assert_eq!(e.cell.as_deref(), Some(cell), "{what}");
    assert!(e.reason.en.contains(reason), "{what}: {}", e.reason.en);
    assert!(e.reason.zh.contains(reason_zh), "{what}: {}", e.reason.zh);
    assert!(e.at.file.ends_with(".xlsx") || e.at.file.ends_with(".csv"));
    assert_eq!(bytes(&dataset), before, "{what}: the dataset changed");
    let ds = Dataset::open(&dataset).expect("the dataset still opens");
    ds.register().expect("and its register reads");
}

#[test]
fn date_formatted_serials_that_are_no_date_are_located_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let columns = [
        (DateColumn::Raised, "诉求"),
        (DateColumn::Resolved, "诉求"),
        (DateColumn::Signed, "银企对接"),
    ];
    // 0 is "1900-01-00" in Excel; -5 and 3,000,000 are no date at all.
    for (serial, shown) in [(0.0, "0"), (-5.0, "-5"), (3_000_000.0, "3000000")] {
        for (column, sheet) in columns {
            let path = dir.path().join(format!("lists-{column:?}-{shown}.xlsx"));
            lists_with_a_bad_date(&path, column, &|ws| {
                ws.write_number_with_format(1, 1, serial, &day).expect("w");
            });
            assert_bad_date(&path, sheet, shown, "not a date", "不是");
        }
    }
}

#[test]
fn dates_outside_1990_to_2100_are_located_errors_from_cells_and_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    // Serial 1 is 1900-01-01; 73,051 is 2100-01-01 and fine; 73,416 is 2101-01-01.
    let cases: [(f64, Option<&str>, &str); 4] = [
        (1.0, None, "1900-01-01"),
        (73_416.0, None, "2101-01-01"),
        (0.0, Some("1989-12-31"), "1989-12-31"),
        (0.0, Some("1900年1月1日"), "1900年1月1日"),
    ];
    for (serial, text, shown) in cases {
        for (column, sheet) in [
            (DateColumn::Raised, "诉求"),
            (DateColumn::Resolved, "诉求"),
            (DateColumn::Signed, "银企对接"),
        ] {
            let path = dir.path().join(format!("range-{column:?}-{serial}.xlsx"));
            lists_with_a_bad_date(&path, column, &|ws| match text {
                Some(t) => {
                    ws.write_string(1, 1, t).expect("w");
                }
                None => {
                    ws.write_number_with_format(1, 1, serial, &day).expect("w");
                }
            });
            assert_bad_date(
                &path,
                sheet,
                shown,
                "1990-01-01 and 2100-12-31",
                "1990-01-01至2100-12-31",
            );
        }
    }
    // The same from a CSV list.
    let csv = write(
        dir.path(),
        "诉求.csv",
        format!(
            "企业名称,统一社会信用代码,提出日期,诉求类别\n鸡西新材料有限公司,{},1900-01-01,用电\n",
            credit_code(41)
        )
        .as_bytes(),
    );
    let ent = write(
        dir.path(),
        "企业.csv",
        format!(
            "企业名称,统一社会信用代码\n鸡西新材料有限公司,{}\n",
            credit_code(41)
        )
        .as_bytes(),
    );
    let dataset = dir.path().join("new.imdb");
    let errs = errors(import(&[ent, csv], &dataset));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].kind, IssueKind::BadDate);
    assert_eq!(errs[0].at.column_letter().as_deref(), Some("C"));
    assert_eq!(errs[0].cell.as_deref(), Some("1900-01-01"));
    assert!(!dataset.exists(), "no dataset is created");
    // The edges of the range are dates.
    let path = dir.path().join("edges.xlsx");
    lists_with_a_bad_date(&path, DateColumn::Signed, &|ws| {
        ws.write_string(1, 1, "2100-12-31").expect("w");
    });
    let into = dir.path().join("edges.imdb");
    let report = import(&[path], &into).expect("2100-12-31 is a date");
    assert_eq!(report.deals.added, 1);
}

/// Marks a workbook as counting dates from 1904 (Excel for Mac's old default), which
/// rust_xlsxwriter cannot do: the flag is `date1904` on `workbookPr` in xl/workbook.xml.
fn mark_1904(path: &Path) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("part");
        let name = f.name().expect("part name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read part");
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data).expect("utf-8");
            assert!(xml.contains("<workbookPr"), "{xml}");
            data = xml
                .replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
                .into_bytes();
        }
        parts.push((name, data));
    }
    drop(zin);
    let mut zout = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        zout.start_file(name, options).expect("part");
        zout.write_all(&data).expect("write part");
    }
    zout.finish().expect("finish");
}

#[test]
fn a_1904_workbook_gives_its_own_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mac.xlsx");
    // 2023-05-20 is serial 43,604 counted from 1904 (45,066 from 1900): read as a 1900
    // serial it would be 2019-05-19.
    lists_with_a_bad_date(&path, DateColumn::Raised, &|ws| {
        let day = Format::new().set_num_format("yyyy-mm-dd");
        ws.write_number_with_format(1, 1, 43_604.0, &day)
            .expect("w");
    });
    mark_1904(&path);
    let into = dir.path().join("mac.imdb");
    import(&[path], &into).expect("import");
    let reg = Dataset::open(&into)
        .expect("open")
        .register()
        .expect("register");
    assert_eq!(
        reg.requests[0].raised_on,
        Date::new(2023, 5, 20).expect("date")
    );
    // The other cells of that workbook were written as 1900 serials by rust_xlsxwriter
    // and are 4 years and a day later once the flag is set: still dates, and in range.
    assert_eq!(reg.requests[0].resolved_on, Date::new(2027, 5, 21));
    // Day 0 of the 1904 system is 1904-01-01: a date, but outside the accepted range.
    let zero = dir.path().join("mac-zero.xlsx");
    lists_with_a_bad_date(&zero, DateColumn::Signed, &|ws| {
        let day = Format::new().set_num_format("yyyy-mm-dd");
        ws.write_number_with_format(1, 1, 0.0, &day).expect("w");
    });
    mark_1904(&zero);
    assert_bad_date(
        &zero,
        "银企对接",
        "1904-01-01",
        "1990-01-01 and 2100-12-31",
        "不在",
    );
}

#[test]
fn a_figure_for_a_period_after_today_is_a_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "future.csv",
        "地区,指标,时期,口径,数值\n\
         鸡西市,规上工业增加值增速,2025-12,累计,5.1\n\
         鸡西市,规上工业增加值增速,2031-04,累计,6.2\n\
         鸡西市,规上工业增加值增速,2031-05,累计,6.3\n"
            .as_bytes(),
    );
    let into = dir.path().join("future.imdb");
    // Imported on 2026-01-15 (options()): 2025-12 is past, 2031 is not.
    let report = import(&[file], &into).expect("a notice, not an error");
    assert_eq!(report.figures.added, 3, "every figure is imported");
    let future: Vec<_> = report
        .notices
        .items()
        .iter()
        .filter(|n| n.message.en.contains("after today"))
        .collect();
    assert_eq!(
        future.len(),
        1,
        "one notice per sheet: {:?}",
        report.notices
    );
    let n = future[0];
    assert!(n.message.en.contains("2 figure(s)"), "{}", n.message.en);
    assert!(n.message.en.contains("2026-01-15"), "{}", n.message.en);
    assert!(
        n.message.en.contains("Jan–May 2031"),
        "the latest: {}",
        n.message.en
    );
    assert!(n.message.zh.contains("晚于今天"), "{}", n.message.zh);
    // The label on the figure's basis: a ytd figure is 1—5月, not 5月.
    assert!(n.message.zh.contains("2031年1—5月"), "{}", n.message.zh);
    assert_eq!(n.at.row, Some(3), "the first such figure");
    assert_eq!(n.at.column_letter().as_deref(), Some("E"));
    // "Today" is the import date: imported in 2032, nothing is in the future.
    let later = ImportOptions {
        imported_on: Date::new(2032, 1, 1),
        ..ImportOptions::default()
    };
    let again = write(
        dir.path(),
        "future2.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2031-04,累计,6.2\n".as_bytes(),
    );
    let report = import::run(
        &[again],
        &dir.path().join("later.imdb"),
        &later,
        false,
        false,
    )
    .expect("import");
    assert!(
        !report
            .notices
            .items()
            .iter()
            .any(|n| n.message.en.contains("after today")),
        "{:?}",
        report.notices
    );
}

/// A region's figure, whole economy, in a dataset.
fn figure(ds: &Dataset, region: &str, basis: Basis, period: Period) -> Option<f64> {
    ds.figures_for_regions(&[region])
        .expect("figures")
        .value(&SeriesKey::whole(region, VA_GROWTH, basis), period)
}

const HUNAN: &str = "430000";
const CHANGSHA: &str = "430100";
const XIANGXI: &str = "433100";
const GUANGXI: &str = "450000";
const NANNING: &str = "450100";
const LIUZHOU: &str = "450200";

#[test]
fn bulletin_columns_of_change_on_last_year_take_the_month_from_the_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    // As Hunan publishes it: the month only in the title, 规模工业增加值 without 增速,
    // the province's row with a stray space, the prefecture in its short form.
    let text = "2017年11月湖南省各市州规模工业增加值\n\
                市州,比上年同月(%),比上年同期(%)\n\
                全 省,7.5,7.3\n\
                长沙市,9.1,9.0\n\
                湘西自治州,5.0,4.8\n";
    let file = write(dir.path(), "湖南.csv", &encode(text, Enc::Gbk));
    let into = dir.path().join("hunan.imdb");
    let report = import(&[file], &into).expect("import");
    assert_eq!(report.figures.added, 6, "{report}");
    let ds = Dataset::open(&into).expect("open");
    let nov = p(2017, 11);
    assert_eq!(
        figure(&ds, XIANGXI, Basis::Month, nov),
        Some(5.0),
        "11月 当月"
    );
    assert_eq!(
        figure(&ds, XIANGXI, Basis::Ytd, nov),
        Some(4.8),
        "1—11月 累计"
    );
    assert_eq!(figure(&ds, CHANGSHA, Basis::Month, nov), Some(9.1));
    assert_eq!(
        figure(&ds, HUNAN, Basis::Ytd, nov),
        Some(7.3),
        "全 省 is Hunan"
    );
}

/// Writes a sheet: a title line, a header row and data rows, all text but the numbers.
fn bulletin_sheet(
    wb: &mut Workbook,
    name: &str,
    title: &str,
    header: &[&str],
    rows: &[(&str, &[f64])],
) {
    let ws = wb.add_worksheet();
    ws.set_name(name).expect("name");
    ws.write_string(0, 0, title).expect("title");
    ws.write_row(1, 0, header.iter().copied()).expect("header");
    for (r, (region, values)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_string(r, 0, *region).expect("region");
        for (c, v) in values.iter().enumerate() {
            ws.write_number(r, c as u16 + 1, *v).expect("value");
        }
    }
}

#[test]
fn bulletin_spans_in_words_quarter_half_and_three_quarters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("广西.xlsx");
    let mut wb = Workbook::new();
    bulletin_sheet(
        &mut wb,
        "季度",
        "2023年全区各市规上工业增加值增速（%）",
        &["地区", "一季度", "上半年", "前三季度"],
        &[
            ("全区", &[3.1, 4.2, 5.3]),
            ("南宁市", &[6.1, 7.2, 8.3]),
            ("柳州市", &[-1.5, -0.4, 0.7]),
        ],
    );
    wb.save(&path).expect("save");
    let into = dir.path().join("guangxi.imdb");
    let report = import(&[path], &into).expect("import");
    assert_eq!(report.figures.added, 9, "{report}");
    let ds = Dataset::open(&into).expect("open");
    for (month, nanning, whole) in [(3, 6.1, 3.1), (6, 7.2, 4.2), (9, 8.3, 5.3)] {
        let per = p(2023, month);
        assert_eq!(
            figure(&ds, NANNING, Basis::Ytd, per),
            Some(nanning),
            "1—{month}月"
        );
        assert_eq!(
            figure(&ds, GUANGXI, Basis::Ytd, per),
            Some(whole),
            "全区 is Guangxi"
        );
    }
    assert_eq!(figure(&ds, LIUZHOU, Basis::Ytd, p(2023, 3)), Some(-1.5));
}

#[test]
fn bulletin_of_a_whole_year_headed_by_the_year_or_全年() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A single column headed by the year, in a workbook.
    let path = dir.path().join("guangxi-year.xlsx");
    let mut wb = Workbook::new();
    bulletin_sheet(
        &mut wb,
        "2023",
        "各市规模工业增加值增速（%）",
        &["地区", "2023年"],
        &[("全区", &[6.6]), ("南宁市", &[9.9])],
    );
    wb.save(&path).expect("save");
    // 全年 under a title naming the year, in a CSV.
    let csv = write(
        dir.path(),
        "guangxi-2022.csv",
        "2022年全区各市规上工业增加值\n地区,全年增速(%)\n全区,1.2\n柳州市,-3.4\n".as_bytes(),
    );
    let into = dir.path().join("years.imdb");
    let report = import(&[path, csv], &into).expect("import");
    assert_eq!(report.figures.added, 4, "{report}");
    let ds = Dataset::open(&into).expect("open");
    assert_eq!(
        figure(&ds, NANNING, Basis::Ytd, p(2023, 12)),
        Some(9.9),
        "1—12月"
    );
    assert_eq!(figure(&ds, GUANGXI, Basis::Ytd, p(2023, 12)), Some(6.6));
    assert_eq!(figure(&ds, LIUZHOU, Basis::Ytd, p(2022, 12)), Some(-3.4));
    assert_eq!(figure(&ds, GUANGXI, Basis::Ytd, p(2022, 12)), Some(1.2));
}

#[test]
fn autonomous_prefectures_in_their_short_official_forms() {
    // Every autonomous prefecture written as <short name>自治州 (湘西自治州 for
    // 湘西土家族苗族自治州), as provincial bulletins print them.
    let cat = industry_monitor::model::catalogue::builtin();
    let prefectures: Vec<_> = cat
        .regions
        .iter()
        .filter(|r| r.name_zh.ends_with("自治州"))
        .collect();
    assert_eq!(prefectures.len(), 30);
    let mut text = String::from("地区,指标,时期,口径,数值\n");
    for r in &prefectures {
        text.push_str(&format!(
            "{}自治州,规上工业增加值增速,2023-04,累计,1.5\n",
            r.short_zh
        ));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "prefectures.csv", text.as_bytes());
    let into = dir.path().join("prefectures.imdb");
    let report = import(&[file], &into).expect("import");
    assert_eq!(report.figures.added, 30, "{report}");
    let ds = Dataset::open(&into).expect("open");
    for r in prefectures {
        assert_eq!(
            figure(&ds, &r.code, Basis::Ytd, p(2023, 4)),
            Some(1.5),
            "{}",
            r.name_zh
        );
    }
}

#[test]
fn a_workbook_date_in_a_period_column_outside_the_years_is_no_january_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_row(0, 0, ["地区", "指标", "时期", "口径", "数值"])
        .expect("h");
    ws.write_row(1, 0, ["鸡西市", "规上工业增加值增速"])
        .expect("w");
    // 1900-01-01 (serial 1): a date, but no period; it used to be called a January figure.
    let date = ExcelDateTime::from_ymd(1900, 1, 1).expect("date");
    ws.write_datetime_with_format(1, 2, &date, &Format::new().set_num_format("yyyy-mm"))
        .expect("w");
    ws.write_string(1, 3, "累计").expect("w");
    ws.write_number(1, 4, 5.0).expect("w");
    wb.save(&path).expect("save");
    let errs = errors(import(&[path], &dir.path().join("long.imdb")));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].kind, IssueKind::BadPeriod, "{errs:#?}");
    assert_eq!(errs[0].at.column_letter().as_deref(), Some("C"));
    assert!(
        errs[0].reason.en.contains("outside 1949–2100"),
        "{}",
        errs[0].reason.en
    );
    assert!(
        !errs[0].reason.zh.contains("1—2月"),
        "{}",
        errs[0].reason.zh
    );
}

#[test]
fn change_on_last_year_under_a_merged_indicator_header() {
    // The indicator merged over both columns, 比上年同月/同期 under it, the month in the
    // title: each column keeps its own basis.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("湖南.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 2, "2017年11月各市州主要经济指标", &Format::new())
        .expect("title");
    ws.merge_range(1, 0, 2, 0, "市州", &Format::new())
        .expect("corner");
    ws.merge_range(1, 1, 1, 2, "规模工业增加值", &Format::new())
        .expect("indicator");
    ws.write_row(2, 1, ["比上年同月(%)", "比上年同期(%)"])
        .expect("sub");
    ws.write_string(3, 0, "全省").expect("w");
    ws.write_row(3, 1, [7.5, 7.3]).expect("w");
    ws.write_string(4, 0, "湘西自治州").expect("w");
    ws.write_row(4, 1, [5.0, 4.8]).expect("w");
    wb.save(&path).expect("save");
    let into = dir.path().join("hunan.imdb");
    let report = import(&[path], &into).expect("import");
    assert_eq!(report.figures.added, 4, "{report}");
    let ds = Dataset::open(&into).expect("open");
    let nov = p(2017, 11);
    assert_eq!(figure(&ds, XIANGXI, Basis::Month, nov), Some(5.0));
    assert_eq!(figure(&ds, XIANGXI, Basis::Ytd, nov), Some(4.8));
    assert_eq!(figure(&ds, HUNAN, Basis::Month, nov), Some(7.5));
}

/// A region's whole-economy figure of any indicator.
fn figure_of(
    ds: &Dataset,
    region: &str,
    indicator: &str,
    basis: Basis,
    period: Period,
) -> Option<f64> {
    ds.figures_for_regions(&[region])
        .expect("figures")
        .value(&SeriesKey::whole(region, indicator, basis), period)
}

#[test]
fn a_share_of_the_province_in_percent_is_no_growth_rate() {
    // "1-4月" merged over 总量(亿元) and 占全省比重(%) under a level title: the total is
    // the level, the share is not imported (it used to be stored as the growth rate).
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("share.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 2, "2023年1-4月各市规上工业增加值", &Format::new())
        .expect("title");
    ws.merge_range(1, 0, 2, 0, "地区", &Format::new())
        .expect("corner");
    ws.merge_range(1, 1, 1, 2, "1-4月", &Format::new())
        .expect("period");
    ws.write_row(2, 1, ["总量(亿元)", "占全省比重(%)"])
        .expect("sub");
    ws.write_string(3, 0, "鸡西市").expect("w");
    ws.write_row(3, 1, [123.4, 8.7]).expect("w");
    wb.save(&path).expect("save");
    let into = dir.path().join("share.imdb");
    let report = import(&[path], &into).expect("import");
    assert_eq!(report.figures.added, 1, "{report}");
    let ds = Dataset::open(&into).expect("open");
    let apr = p(2023, 4);
    assert_eq!(ytd(&ds, JIXI, apr), None, "the share is no growth rate");
    let level = figure_of(
        &ds,
        JIXI,
        industry_monitor::model::catalogue::VA,
        Basis::Ytd,
        apr,
    )
    .expect("the total is stored");
    assert!((level - 1_234_000.0).abs() < 1e-6, "亿元 → 万元: {level}");
    assert!(
        report
            .notices
            .items()
            .iter()
            .any(|n| n.message.zh.contains("以下列未导入") && n.message.zh.contains("占全省比重")),
        "{:?}",
        report.notices
    );
}

#[test]
fn a_percent_column_under_a_level_title_is_a_located_error() {
    // "全年(%)" under "…规上工业增加值": a share or a rate, the file does not say which;
    // it used to be stored as the growth rate.
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = write(
        dir.path(),
        "guangxi-2022.csv",
        "2022年全区各市规上工业增加值\n地区,全年(%)\n全区,1.2\n柳州市,-3.4\n".as_bytes(),
    );
    let into = dir.path().join("pct.imdb");
    let errs = errors(import(&[csv], &into));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].kind, IssueKind::BadUnit);
    assert_eq!(errs[0].at.column_letter().as_deref(), Some("B"));
    assert!(errs[0].reason.zh.contains("增速"), "{}", errs[0].reason.zh);
    assert!(
        errs[0].reason.en.contains("growth rate"),
        "{}",
        errs[0].reason.en
    );
    assert!(!into.exists());
}

#[test]
fn cumulative_sub_headers_are_read_before_本月() {
    // 本月 and 1-本月 under the indicator, the month in the title: 本月 is April, 1-本月
    // is 1—4月 (both used to be read as April's month figure); so is 本月止累计.
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = write(
        dir.path(),
        "本月.csv",
        "2023年4月各市规上工业增加值\n\
         地区,规上工业增加值增速,规上工业增加值增速\n\
         ,本月,1-本月\n\
         鸡西市,6.5,4.3\n"
            .as_bytes(),
    );
    let into = dir.path().join("month.imdb");
    let report = import(&[csv], &into).expect("import");
    assert_eq!(report.figures.added, 2, "{report}");
    let ds = Dataset::open(&into).expect("open");
    let apr = p(2023, 4);
    assert_eq!(figure(&ds, JIXI, Basis::Month, apr), Some(6.5));
    assert_eq!(figure(&ds, JIXI, Basis::Ytd, apr), Some(4.3));
    let csv = write(
        dir.path(),
        "止.csv",
        "2023年4月各市规上工业增加值\n\
         地区,规上工业增加值增速,规上工业增加值增速\n\
         ,本月(%),本月止累计(%)\n\
         鸡西市,6.5,4.3\n"
            .as_bytes(),
    );
    let into = dir.path().join("upto.imdb");
    let report = import(&[csv], &into).expect("import");
    assert_eq!(report.figures.added, 2, "{report}");
    let ds = Dataset::open(&into).expect("open");
    assert_eq!(figure(&ds, JIXI, Basis::Month, apr), Some(6.5));
    assert_eq!(figure(&ds, JIXI, Basis::Ytd, apr), Some(4.3));
}

#[test]
fn 年度_in_a_file_name_or_a_title_fixes_no_period_or_basis() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Columns without 累计/当月 in a file named 2023年度…: the basis is unknown (it used
    // to be taken as ytd from the file name).
    let path = dir.path().join("2023年度工业数据.xlsx");
    let mut wb = Workbook::new();
    bulletin_sheet(
        &mut wb,
        "增速",
        "各市规上工业增加值增速（%）",
        &["地区", "2023-03", "2023-04"],
        &[("鸡西市", &[5.0, 6.0])],
    );
    wb.save(&path).expect("save");
    let errs = errors(import(&[path], &dir.path().join("year.imdb")));
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(
        errs.iter()
            .all(|e| e.kind == IssueKind::MissingContext && e.reason.en.contains("basis unknown")),
        "{errs:#?}"
    );
    // 全年 in "…及全年目标" names no period: a long table without 时期 under it has none.
    let csv = write(
        dir.path(),
        "目标.csv",
        "2023年各市规上工业增加值增速及全年目标\n地区,数值\n鸡西市,5.0\n".as_bytes(),
    );
    let into = dir.path().join("target.imdb");
    let report = import(&[csv], &into);
    assert!(
        !matches!(&report, Ok(r) if r.figures.added > 0),
        "no figure lands in 1—12月: {report:?}"
    );
}

#[test]
fn a_year_column_is_the_whole_year_of_a_long_table() {
    // `地区,指标,年度,数值`: a long table (it used to be read as a bulletin whose period
    // column 年度 held 2023 as the growth rate).
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = write(
        dir.path(),
        "2023年规上工业增加值增速.csv",
        "地区,指标,年度,数值\n鸡西市,规上工业增加值增速,2023,5.1\n鸡西市,规上工业增加值增速,2022年度,4.2\n"
            .as_bytes(),
    );
    let into = dir.path().join("years.imdb");
    let report = import(&[csv], &into).expect("import");
    assert_eq!(report.figures.added, 2, "{report}");
    let ds = Dataset::open(&into).expect("open");
    assert_eq!(ytd(&ds, JIXI, p(2023, 12)), Some(5.1), "2023年1—12月");
    assert_eq!(ytd(&ds, JIXI, p(2022, 12)), Some(4.2));
    assert_eq!(ds.figure_count().expect("count"), 2);
}

#[test]
fn the_lower_edge_1990_01_01_is_a_date_in_every_date_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    // Serial 32,874 is 1990-01-01 (the range's first day); as text too.
    for (i, column) in [DateColumn::Raised, DateColumn::Resolved, DateColumn::Signed]
        .into_iter()
        .enumerate()
    {
        for as_text in [false, true] {
            let path = dir.path().join(format!("edge-{i}-{as_text}.xlsx"));
            lists_with_a_bad_date(&path, column, &|ws| {
                // Resolved on 1990-01-01 needs a request raised that day (column D).
                let cols: &[u16] = if column == DateColumn::Resolved {
                    &[1, 3]
                } else {
                    &[1]
                };
                for &c in cols {
                    if as_text {
                        ws.write_string(1, c, "1990-01-01").expect("w");
                    } else {
                        ws.write_number_with_format(1, c, 32_874.0, &day)
                            .expect("w");
                    }
                }
            });
            let into = dir.path().join(format!("edge-{i}-{as_text}.imdb"));
            let report = import(&[path], &into).expect("1990-01-01 is a date");
            assert_eq!(report.requests.added, 1, "{column:?}");
            assert_eq!(report.deals.added, 1, "{column:?}");
        }
    }
}

#[test]
fn resolved_and_signed_dates_out_of_range_in_csv_lists_are_located_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let code = credit_code(41);
    let ent = write(
        dir.path(),
        "企业.csv",
        format!("企业名称,统一社会信用代码\n鸡西新材料有限公司,{code}\n").as_bytes(),
    );
    let cases = [
        (
            "诉求.csv",
            format!(
                "企业名称,统一社会信用代码,提出日期,诉求类别,状态,办结日期\n鸡西新材料有限公司,{code},2023-05-20,用电,已办结,1989-12-31\n"
            ),
            "F",
            "1989-12-31",
        ),
        (
            "银企对接.csv",
            format!(
                "企业名称,统一社会信用代码,银行,金额,签约日期\n鸡西新材料有限公司,{code},龙江银行,500,2101-01-01\n"
            ),
            "E",
            "2101-01-01",
        ),
    ];
    for (name, text, column, cell) in cases {
        let csv = write(dir.path(), name, text.as_bytes());
        let dataset = dir.path().join(format!("{name}.imdb"));
        let errs = errors(import(&[ent.clone(), csv], &dataset));
        assert_eq!(errs.len(), 1, "{name}: {errs:#?}");
        assert_eq!(errs[0].kind, IssueKind::BadDate, "{name}");
        assert_eq!(errs[0].at.file, name);
        assert_eq!(errs[0].at.row, Some(2), "{name}");
        assert_eq!(
            errs[0].at.column_letter().as_deref(),
            Some(column),
            "{name}"
        );
        assert_eq!(errs[0].cell.as_deref(), Some(cell), "{name}");
        assert!(
            errs[0].reason.zh.contains("1990-01-01至2100-12-31"),
            "{}",
            errs[0].reason.zh
        );
        assert!(!dataset.exists(), "no dataset is created");
    }
}

#[test]
fn a_year_row_may_say_年度() {
    // "2022年度 | 2023年度" above the months, no year in the title: each column's year is
    // its own (a year row read only "2023" or "2023年" before).
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = write(
        dir.path(),
        "各市.csv",
        "各市规上工业增加值增速（%）\n\
         地区,2022年度,2023年度\n\
         ,1-4月,1-4月\n\
         鸡西市,3.0,4.0\n"
            .as_bytes(),
    );
    let into = dir.path().join("year-row.imdb");
    let report = import(&[csv], &into).expect("import");
    assert_eq!(report.figures.added, 2, "{report}");
    let ds = Dataset::open(&into).expect("open");
    assert_eq!(ytd(&ds, JIXI, p(2022, 4)), Some(3.0));
    assert_eq!(ytd(&ds, JIXI, p(2023, 4)), Some(4.0));
}
