//! Importing enterprise monthly returns (企业月报, SPEC §9) in the three forms bureaus
//! receive — an XLSX with a title and a merged two-row header in 千元, a GBK CSV with joined
//! headers and the period only in its file name, and the long layout — all to the same
//! stored values; matching to the register (an enterprise new to it added and listed);
//! conflicts, --replace, dry runs; and each bad input of issue 13 located, with the dataset
//! byte-for-byte unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::import_support::*;
use industry_monitor::import::{self, ImportError, ImportOptions, IssueKind, SheetLayout};
use industry_monitor::model::returns::{ReturnIndicator, ReturnRow};
use industry_monitor::model::{Date, Lang, Period};
use industry_monitor::store::Dataset;
use rust_xlsxwriter::{Format, Workbook};

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

fn options() -> ImportOptions {
    ImportOptions {
        imported_on: Date::new(2026, 1, 15),
        home_region: Some("鸡西市".into()),
        ..ImportOptions::default()
    }
}

const JIA: &str = "鸡西甲矿业有限公司";
const YI: &str = "鸡西乙石墨有限公司";
const BING: &str = "鸡西丙新材料有限公司";

/// A dataset whose register holds 甲 and 乙 (丙 reports but is not registered yet).
fn base(dir: &Path) -> PathBuf {
    let list = format!(
        "企业名称,统一社会信用代码,规上\n{JIA},{},是\n{YI},{},是\n",
        credit_code(1),
        credit_code(2)
    );
    let file = write(dir, "名录.csv", list.as_bytes());
    let path = dir.join("ds.imdb");
    import::run(&[file], &path, &options(), false, false).expect("register");
    path
}

/// The hand-computed values every form gives, in 万元 / 万千瓦时:
/// (enterprise, output [month, ytd, last, growth], revenue [ytd, last], power [ytd, last]).
type Expected = (
    u32,
    &'static str,
    [Option<f64>; 4],
    [Option<f64>; 2],
    [Option<f64>; 2],
);
const EXPECTED: [Expected; 3] = [
    (
        1,
        JIA,
        [Some(120.5), Some(480.0), Some(400.0), Some(20.0)],
        [Some(500.0), Some(450.0)],
        [Some(30.0), Some(25.0)],
    ),
    (
        2,
        YI,
        [Some(50.0), Some(200.0), Some(250.0), Some(-20.0)],
        [Some(180.0), Some(200.0)],
        [None, None],
    ),
    (
        3,
        BING,
        [None, Some(100.0), Some(80.0), Some(25.0)],
        [None, None],
        [Some(4.5), Some(4.0)],
    ),
];

fn fmt(v: Option<f64>, factor: f64) -> String {
    v.map(|x| format!("{}", x * factor)).unwrap_or_default()
}

/// Form (a): title, merged two-row header in 千元 (electricity in 万千瓦时), a 合计 row
/// and a notes sheet.
fn xlsx(path: &Path, title: &str, total_off: f64) {
    let mut wb = Workbook::new();
    let plain = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("企业月报").expect("name");
    ws.merge_range(0, 0, 0, 9, title, &plain).expect("title");
    ws.merge_range(1, 0, 2, 0, "统一社会信用代码", &plain)
        .expect("code");
    ws.merge_range(1, 1, 2, 1, "企业名称", &plain)
        .expect("name");
    ws.merge_range(1, 2, 1, 5, "工业总产值(千元)", &plain)
        .expect("output");
    ws.merge_range(1, 6, 1, 7, "营业收入(千元)", &plain)
        .expect("revenue");
    ws.merge_range(1, 8, 1, 9, "用电量(万千瓦时)", &plain)
        .expect("power");
    let subs = [
        "本月",
        "1-4月累计",
        "上年同期累计",
        "同比增长(%)",
        "本年累计",
        "上年同期",
        "1—4月",
        "去年同期",
    ];
    for (c, t) in subs.iter().enumerate() {
        ws.write_string(2, c as u16 + 2, *t).expect("sub");
    }
    let mut sums = [0.0; 8];
    for (k, (n, name, out, rev, pow)) in EXPECTED.iter().enumerate() {
        let r = 3 + k as u32;
        ws.write_string(r, 0, credit_code(*n)).expect("code");
        ws.write_string(r, 1, *name).expect("name");
        let cells = [
            out[0].map(|x| x * 10.0),
            out[1].map(|x| x * 10.0),
            out[2].map(|x| x * 10.0),
            out[3],
            rev[0].map(|x| x * 10.0),
            rev[1].map(|x| x * 10.0),
            pow[0],
            pow[1],
        ];
        for (c, v) in cells.iter().enumerate() {
            if let Some(v) = v {
                ws.write_number(r, c as u16 + 2, *v).expect("value");
                sums[c] += v;
            }
        }
    }
    ws.write_string(6, 1, "合计").expect("total");
    sums[3] = 0.0;
    sums[1] += total_off;
    for (c, v) in sums.iter().enumerate() {
        if c != 3 {
            ws.write_number(6, c as u16 + 2, *v).expect("total");
        }
    }
    let notes = wb.add_worksheet();
    notes.set_name("填表说明").expect("notes");
    notes
        .write_string(0, 0, "说明：本表金额单位为千元，用电量为万千瓦时。")
        .expect("note");
    wb.save(path).expect("save");
}

/// Form (b): joined single-row headers, units mixed (万元 and 千元), GBK, the period only
/// in the file name.
fn joined_csv() -> String {
    let mut s = String::from(
        "信用代码,单位名称,工业总产值本月(万元),工业总产值本年累计(万元),工业总产值上年同期累计(万元),工业总产值同比增长(%),营业收入本年累计(千元),营业收入上年同期累计(千元),用电量本年累计(千瓦时),用电量上年同期累计(千瓦时)\n",
    );
    for (n, name, out, rev, pow) in EXPECTED {
        s.push_str(&format!(
            "{},{name},{},{},{},{},{},{},{},{}\n",
            credit_code(n),
            fmt(out[0], 1.0),
            fmt(out[1], 1.0),
            fmt(out[2], 1.0),
            fmt(out[3], 1.0),
            fmt(rev[0], 10.0),
            fmt(rev[1], 10.0),
            fmt(pow[0], 10_000.0),
            fmt(pow[1], 10_000.0),
        ));
    }
    s
}

/// Form (c): the long layout, one row per enterprise × indicator.
fn long_csv() -> String {
    let mut s = String::from("代码,名称,指标,时期,本期值,上年同期值,本月值,同比增长\n");
    for (n, name, out, rev, pow) in EXPECTED {
        let code = credit_code(n);
        s.push_str(&format!(
            "{code},{name},工业总产值(千元),2023年1-4月,{},{},{},{}\n",
            fmt(out[1], 10.0),
            fmt(out[2], 10.0),
            fmt(out[0], 10.0),
            fmt(out[3], 1.0)
        ));
        if rev[0].is_some() {
            s.push_str(&format!(
                "{code},{name},营业收入(万元),2023年1-4月,{},{},,\n",
                fmt(rev[0], 1.0),
                fmt(rev[1], 1.0)
            ));
        }
        if pow[0].is_some() {
            s.push_str(&format!(
                "{code},{name},用电量(万千瓦时),2023-04,{},{},,\n",
                fmt(pow[0], 1.0),
                fmt(pow[1], 1.0)
            ));
        }
    }
    s
}

fn stored(path: &Path) -> HashMap<String, ReturnRow> {
    let ds = Dataset::open_read_only(path).expect("open");
    let (rows, skipped) = ds.return_rows(p(2023, 4)).expect("rows");
    assert!(skipped.is_empty());
    rows.into_iter()
        .map(|r| (r.enterprise.clone(), r))
        .collect()
}

fn assert_expected(path: &Path) {
    let rows = stored(path);
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (n, _, out, rev, pow) in EXPECTED {
        let row = &rows[&credit_code(n)];
        let o = row.get(ReturnIndicator::Output).expect("output");
        assert_eq!(
            [o.month, o.ytd, o.ytd_last_year, o.stated_growth_pct],
            out,
            "{n}"
        );
        let r = row
            .get(ReturnIndicator::Revenue)
            .map(|v| [v.ytd, v.ytd_last_year]);
        assert_eq!(r.unwrap_or([None, None]), rev, "{n}");
        let w = row
            .get(ReturnIndicator::Power)
            .map(|v| [v.ytd, v.ytd_last_year]);
        assert_eq!(w.unwrap_or([None, None]), pow, "{n}");
        assert!(row.get(ReturnIndicator::Sales).is_none());
    }
    let register = Dataset::open_read_only(path)
        .expect("open")
        .register()
        .expect("register");
    let bing = register
        .enterprises
        .iter()
        .find(|e| e.credit_code == credit_code(3))
        .expect("丙 added");
    assert_eq!(bing.name, BING);
    assert!(bing.above_size);
    assert_eq!(bing.region, "230300");
}

#[test]
fn every_form_imports_the_same_values_in_wan_yuan() {
    let dir = tempfile::tempdir().expect("dir");
    let forms: [(&str, Vec<u8>); 2] = [
        ("企业月报2023年1-4月.csv", encode(&joined_csv(), Enc::Gbk)),
        ("月报长表.csv", long_csv().into_bytes()),
    ];
    let xlsx_path = dir.path().join("规上企业月报.xlsx");
    xlsx(&xlsx_path, "鸡西市规上工业企业月报 2023年1-4月", 0.0);
    let mut files = vec![("xlsx", xlsx_path)];
    for (name, bytes) in forms {
        files.push((name, write(dir.path(), name, &bytes)));
    }
    for (k, (label, file)) in files.into_iter().enumerate() {
        let sub = dir.path().join(format!("form{k}"));
        std::fs::create_dir(&sub).expect("dir");
        let ds = base(&sub);
        let report = import::run(&[file], &ds, &options(), false, false).expect(label);
        assert_eq!(report.returns.rows.added, 3, "{label}");
        assert_eq!(report.returns.enterprises_added, 1, "{label}");
        assert_eq!(
            report.enterprises_added,
            [(credit_code(3), BING.to_string())],
            "{label}"
        );
        let text = report.text(Lang::Zh);
        assert!(
            text.contains(BING) && text.contains("新增企业1家"),
            "{text}"
        );
        assert_expected(&ds);
        let layout = report.sheets[0].layout;
        let want = if label == "月报长表.csv" {
            SheetLayout::ReturnsLong
        } else {
            SheetLayout::Returns
        };
        assert_eq!(layout, want, "{label}");
        assert_eq!(report.sheets[0].period, Some(p(2023, 4)), "{label}");
    }
}

#[test]
fn the_total_row_and_the_notes_sheet_are_skipped_with_notices() {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let file = dir.path().join("月报.xlsx");
    xlsx(&file, "鸡西市规上工业企业月报 2023年1-4月", 0.0);
    let report = import::run(&[file], &ds, &options(), false, false).expect("import");
    let notices = report.text(Lang::Zh);
    assert!(notices.contains("合计行已跳过（只导入"), "{notices}");
    assert!(notices.contains("填表说明"), "{notices}");
    assert_eq!(report.sheets[1].layout, SheetLayout::Skipped);

    // A total that does not add up: a notice naming the column and both sums.
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let file = dir.path().join("月报.xlsx");
    xlsx(&file, "鸡西市规上工业企业月报 2023年1-4月", 1000.0);
    let report = import::run(&[file], &ds, &options(), false, false).expect("import");
    let notices = report.text(Lang::Zh);
    assert!(
        notices.contains("与各企业之和不符：工业总产值本年累计合计为880，各企业之和为780"),
        "{notices}"
    );
    assert!(notices.contains("第7行"), "{notices}");
    assert_expected(&ds);
}

#[test]
fn reimporting_changes_nothing_and_a_different_value_is_a_conflict() {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let file = write(
        dir.path(),
        "企业月报2023年1-4月.csv",
        joined_csv().as_bytes(),
    );
    import::run(std::slice::from_ref(&file), &ds, &options(), false, false).expect("first");
    let before = bytes(&ds);
    let again =
        import::run(std::slice::from_ref(&file), &ds, &options(), false, false).expect("again");
    assert_eq!(again.returns.rows.unchanged, 3);
    assert_eq!(again.returns.rows.added + again.returns.rows.replaced, 0);
    assert_eq!(again.returns.values.unchanged, 19);
    assert!(again.enterprises_added.is_empty());
    assert_eq!(bytes(&ds), before, "re-import changed the file");

    // 乙's output ytd 200 → 210: a conflict, refused without --replace.
    let changed = joined_csv().replacen(",50,200,250,", ",50,210,250,", 1);
    let file2 = write(dir.path(), "企业月报2023年1-4月改.csv", changed.as_bytes());
    let err = import::run(std::slice::from_ref(&file2), &ds, &options(), false, false)
        .expect_err("conflict");
    let ImportError::Conflicts(c) = &err else {
        panic!("{err}")
    };
    assert_eq!(c.total(), 1);
    let msg = err.message(Lang::Zh);
    assert!(
        msg.contains("第3行，D列（工业总产值本年累计(万元)）"),
        "{msg}"
    );
    assert!(
        msg.contains(&credit_code(2)) && msg.contains("数据集中为200，文件中为210"),
        "{msg}"
    );
    assert_eq!(bytes(&ds), before);
    // A dry run with --replace reports and writes nothing.
    let dry = import::run(std::slice::from_ref(&file2), &ds, &options(), true, true).expect("dry");
    assert_eq!(dry.returns.rows.replaced, 1);
    assert_eq!(dry.returns.values.replaced, 1);
    assert_eq!(bytes(&ds), before);
    let done = import::run(&[file2], &ds, &options(), true, false).expect("replace");
    assert_eq!(
        (done.returns.rows.replaced, done.returns.rows.unchanged),
        (1, 2)
    );
    let row = &stored(&ds)[&credit_code(2)];
    let o = row.get(ReturnIndicator::Output).expect("output");
    assert_eq!(
        (o.month, o.ytd, o.ytd_last_year),
        (Some(50.0), Some(210.0), Some(250.0))
    );
}

#[test]
fn a_blank_cell_keeps_the_stored_value() {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let file = write(
        dir.path(),
        "企业月报2023年1-4月.csv",
        joined_csv().as_bytes(),
    );
    import::run(&[file], &ds, &options(), false, false).expect("first");
    // Only 甲's output month, the rest blank: nothing changes, nothing is erased.
    let partial = format!(
        "信用代码,工业总产值本月(万元),工业总产值本年累计(万元)\n{},120.5,\n",
        credit_code(1)
    );
    let file = write(dir.path(), "企业月报2023年1-4月补.csv", partial.as_bytes());
    let r = import::run(&[file], &ds, &options(), false, false).expect("partial");
    assert_eq!(r.returns.rows.unchanged, 1);
    assert_expected(&ds);
}

/// Imports `text` as `name` into a fresh registered dataset; the error, after checking
/// that the dataset file did not change.
fn refused(name: &str, text: &str) -> ImportError {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let before = bytes(&ds);
    let file = write(dir.path(), name, text.as_bytes());
    let err = import::run(&[file], &ds, &options(), false, false).expect_err(name);
    assert_eq!(bytes(&ds), before, "{name}: the dataset changed");
    err
}

fn issues(err: &ImportError) -> Vec<(IssueKind, String)> {
    let ImportError::Invalid(list) = err else {
        panic!("{err}")
    };
    list.items()
        .iter()
        .map(|i| (i.kind, i.text(Lang::En)))
        .collect()
}

#[test]
fn each_bad_input_is_located_and_leaves_the_dataset_unchanged() {
    let header =
        "统一社会信用代码,企业名称,工业总产值本年累计(万元),工业总产值上年同期累计(万元)\n";
    let (c1, c2) = (credit_code(1), credit_code(2));
    // A code whose name belongs to another enterprise.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!("{header}{c1},{YI},10,8\n"),
    );
    let found = issues(&err);
    assert_eq!(found[0].0, IssueKind::EnterpriseMismatch, "{found:?}");
    assert!(found[0].1.contains("row 2, column B"), "{found:?}");
    assert!(found[0].1.contains(&c2), "{found:?}");
    // A value with no enterprise.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!("{header}{c1},{JIA},10,8\n,,5,4\n"),
    );
    let found = issues(&err);
    assert_eq!(found[0].0, IssueKind::MissingValue, "{found:?}");
    assert!(found[0].1.contains("row 3"), "{found:?}");
    // Text in a number column.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!("{header}{c1},{JIA},十,8\n"),
    );
    let found = issues(&err);
    assert_eq!(found[0].0, IssueKind::BadNumber, "{found:?}");
    assert!(
        found[0].1.contains("row 2, column C") && found[0].1.contains("十"),
        "{found:?}"
    );
    // A title and a file name naming different periods.
    let titled = format!("鸡西市规上工业企业月报 2023年1-3月,,,\n{header}{c1},{JIA},10,8\n");
    let err = refused("企业月报2023年1-4月.csv", &titled);
    let found = issues(&err);
    assert_eq!(found[0].0, IssueKind::BadPeriod, "{found:?}");
    assert!(
        found[0].1.contains("row 1") && found[0].1.contains("2023-03"),
        "{found:?}"
    );
    // A credit code with a wrong check character.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!("{header}{},{JIA},10,8\n", broken_code(1)),
    );
    assert_eq!(issues(&err)[0].0, IssueKind::BadCreditCode);
    // A code new to the register with no name, and a name alone that nobody has.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!("{header}{},,10,8\n", credit_code(9)),
    );
    assert_eq!(issues(&err)[0].0, IssueKind::UnknownEnterprise);
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!("{header},无名公司,10,8\n"),
    );
    assert_eq!(issues(&err)[0].0, IssueKind::UnknownEnterprise);
    // No period anywhere.
    let err = refused("企业月报.csv", &format!("{header}{c1},{JIA},10,8\n"));
    assert_eq!(issues(&err)[0].0, IssueKind::MissingContext);
    // A unit of another quantity.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!("统一社会信用代码,用电量本年累计(千元)\n{c1},10\n"),
    );
    assert_eq!(issues(&err)[0].0, IssueKind::BadUnit);
    // The same enterprise twice with different values.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!("{header}{c1},{JIA},10,8\n{c1},{JIA},11,8\n"),
    );
    let found = issues(&err);
    assert_eq!(found[0].0, IssueKind::DuplicateFigure);
    // Located at the differing value's cell: row 3, column C (本年累计), not the code's.
    assert!(found[0].1.contains("row 3, column C"), "{found:?}");
}

#[test]
fn names_match_the_register_and_a_contradicting_growth_is_a_notice() {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    // 乙 by name alone (with half-width brackets and spaces folded); 甲 states 30% growth
    // where its values give 20%.
    let text = format!(
        "企业名称,工业总产值本年累计(万元),工业总产值上年同期累计(万元),工业总产值同比增长(%)\n{JIA},480,400,30\n {YI} ,200,250,-20\n"
    );
    let file = write(dir.path(), "企业月报2023年1-4月.csv", text.as_bytes());
    let report = import::run(&[file], &ds, &options(), false, false).expect("import");
    assert_eq!(report.returns.rows.added, 2);
    assert!(report.enterprises_added.is_empty());
    let zh = report.text(Lang::Zh);
    assert!(
        zh.contains("同比增长30.0%与本年累计、上年同期累计算得的20.0%"),
        "{zh}"
    );
    assert!(zh.contains("row 2") || zh.contains("第2行"), "{zh}");
    let rows = stored(&ds);
    assert_eq!(
        rows[&credit_code(2)]
            .get(ReturnIndicator::Output)
            .and_then(|v| v.ytd),
        Some(200.0)
    );
}

#[test]
fn the_period_comes_from_the_header_or_the_options() {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let text = format!(
        "统一社会信用代码,工业总产值1-3月累计(万元)\n{},90\n",
        credit_code(1)
    );
    let file = write(dir.path(), "月报.csv", text.as_bytes());
    let opts = ImportOptions {
        year: Some(2023),
        ..options()
    };
    let r = import::run(&[file], &ds, &opts, false, false).expect("header period");
    assert_eq!(r.sheets[0].period, Some(p(2023, 3)));
    let text = format!(
        "统一社会信用代码,工业总产值本年累计(万元)\n{},120\n",
        credit_code(1)
    );
    let file = write(dir.path(), "月报2.csv", text.as_bytes());
    let opts = ImportOptions {
        period: Some(p(2023, 4)),
        ..options()
    };
    let r = import::run(&[file], &ds, &opts, false, false).expect("options period");
    assert_eq!(r.sheets[0].period, Some(p(2023, 4)));
    let d = Dataset::open_read_only(&ds).expect("open");
    assert_eq!(
        d.return_periods().expect("periods"),
        [p(2023, 3), p(2023, 4)]
    );
    let resolved = d
        .returns_for(p(2023, 4), ReturnIndicator::Output)
        .expect("resolved");
    assert_eq!(resolved[0].month, Some(30.0));
}

#[test]
fn the_command_line_takes_the_period_and_reports_the_returns() {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let text = format!(
        "统一社会信用代码,企业名称,工业总产值本年累计(千元)\n{},{BING},1000\n",
        credit_code(3)
    );
    let file = write(dir.path(), "月报.csv", text.as_bytes());
    let run = |extra: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_industry-monitor"));
        cmd.arg("import")
            .arg("--into")
            .arg(&ds)
            .arg(&file)
            .args(extra);
        cmd.output().expect("run")
    };
    let before = bytes(&ds);
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--period 2023-04"));
    let out = run(&["--period", "2023-04", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.contains("企业月报（现价）：新增1行") && said.contains("将新增企业1家"),
        "{said}"
    );
    assert!(
        said.contains(&format!("{BING}（{}）", credit_code(3))),
        "{said}"
    );
    assert_eq!(bytes(&ds), before);
    let out = run(&["--period", "2023-04", "--lang", "en"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = stored(&ds);
    assert_eq!(
        rows[&credit_code(3)]
            .get(ReturnIndicator::Output)
            .and_then(|v| v.ytd),
        Some(100.0)
    );
}

#[test]
fn future_periods_and_unread_columns_are_notices() {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let text = format!(
        "序号,统一社会信用代码,企业名称,行业,工业总产值本年累计(万元)\n1,{},{JIA},石墨,480\n",
        credit_code(1)
    );
    let file = write(dir.path(), "企业月报2031年1-4月.csv", text.as_bytes());
    let report = import::run(&[file], &ds, &options(), false, false).expect("import");
    let zh = report.text(Lang::Zh);
    assert!(
        zh.contains("企业月报的时期2031年1—4月晚于今天（2026-01-15）"),
        "{zh}"
    );
    assert!(zh.contains("未导入：行业（"), "{zh}");
    assert!(!zh.contains("序号、") && !zh.contains("：序号"), "{zh}");
    let long = format!(
        "代码,名称,指标,时期,本期值\n{},{JIA},工业总产值,2031-04,480\n",
        credit_code(1)
    );
    let file = write(dir.path(), "长表.csv", long.as_bytes());
    let report = import::run(&[file], &ds, &options(), true, false).expect("long");
    assert!(
        report
            .text(Lang::En)
            .contains("the returns are for Jan–Apr 2031, after today"),
        "{}",
        report.text(Lang::En)
    );
}

#[test]
fn every_source_of_the_period_must_agree_with_the_file_name() {
    let (c1, jia) = (credit_code(1), JIA);
    // A header naming 1—3月 in a file named 1—4月.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!(
            "统一社会信用代码,企业名称,工业总产值1-3月累计(万元),工业总产值上年同期累计(万元)\n{c1},{jia},10,8\n"
        ),
    );
    let found = issues(&err);
    assert_eq!(
        found.len(),
        1,
        "one error, no second 'no period': {found:?}"
    );
    assert_eq!(found[0].0, IssueKind::BadPeriod, "{found:?}");
    assert!(found[0].1.contains("column C"), "{found:?}");
    // A title naming another year (and no month) than the file name.
    let err = refused(
        "企业月报2024年1-4月.csv",
        &format!(
            "2023年鸡西市规上工业企业月报,,,\n统一社会信用代码,企业名称,工业总产值本年累计(万元),工业总产值上年同期累计(万元)\n{c1},{jia},10,8\n"
        ),
    );
    let found = issues(&err);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, IssueKind::BadPeriod, "{found:?}");
    assert!(
        found[0].1.contains("2023") && found[0].1.contains("2024"),
        "{found:?}"
    );
    // A long table's 时期 against the file name.
    let err = refused(
        "企业月报2023年1-4月.csv",
        &format!(
            "代码,名称,指标,时期,本期值,上年同期值\n{c1},{jia},工业总产值(万元),2023年1-3月,10,8\n"
        ),
    );
    let found = issues(&err);
    assert_eq!(found[0].0, IssueKind::BadPeriod, "{found:?}");
    assert!(found[0].1.contains("row 2, column D"), "{found:?}");
}

#[test]
fn a_money_column_without_a_unit_is_read_in_wan_yuan_with_a_notice() {
    let dir = tempfile::tempdir().expect("dir");
    let ds = base(dir.path());
    let text = format!(
        "统一社会信用代码,企业名称,工业总产值本年累计,工业总产值上年同期累计,从业人员本年累计\n{},{JIA},480,400,120\n",
        credit_code(1)
    );
    let file = write(dir.path(), "企业月报2023年1-4月.csv", text.as_bytes());
    let report = import::run(&[file], &ds, &options(), false, false).expect("import");
    let zh = report.text(Lang::Zh);
    assert!(
        zh.contains("未写单位，已按万元（用电量按万千瓦时）读入：工业总产值本年累计、工业总产值上年同期累计；"),
        "{zh}"
    );
    // A head count has one unit; it is not named.
    assert!(!zh.contains("从业人员本年累计；"), "{zh}");
    let row = &stored(&ds)[&credit_code(1)];
    let out = row.get(ReturnIndicator::Output).expect("output");
    assert_eq!((out.ytd, out.ytd_last_year), (Some(480.0), Some(400.0)));
}
