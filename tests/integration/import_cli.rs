//! `industry-monitor import` as a user runs it: exit statuses (0 done, 1 bad input with
//! located errors on stderr, 2 usage), the report, untouched datasets, and a GBK bulletin
//! that `summary` then ranks. Needs `Command::Import` wired into src/cli/mod.rs. The
//! report and the errors are in Chinese unless `--lang en` is given.

use std::path::Path;
use std::process::{Command, Output};

use crate::import_support::*;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    let mut cmd = bin();
    cmd.args(args);
    for p in paths {
        cmd.arg(p);
    }
    cmd.output().expect("run the binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("sample.imdb");
    let out = run(&["sample"], &[&path]);
    assert!(out.status.success(), "{}", stderr(&out));
    path
}

#[test]
fn gbk_bulletins_into_a_new_dataset_then_summary_ranks_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files: Vec<_> = (2..=4)
        .map(|m| {
            write(
                dir.path(),
                &format!("bulletin-{m}.csv"),
                &encode(&bulletin_csv(m), Enc::Gbk),
            )
        })
        .collect();
    let into = dir.path().join("new.imdb");
    let mut cmd = bin();
    cmd.args(["import", "--lang", "en", "--into"])
        .arg(&into)
        .args(&files);
    let out = cmd.output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("figures: 45 added, 0 replaced, 0 unchanged, 0 conflicts"),
        "{report}"
    );
    assert!(report.contains("a new dataset"), "{report}");
    assert!(report.contains("GBK"), "{report}");

    let out = run(
        &[
            "summary",
            "--region",
            "鸡西",
            "--period",
            "2023-04",
            "--json",
            "--dataset",
        ],
        &[&into],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let h = &j["headline"];
    assert_eq!(h["value"], 19.2);
    assert_eq!(h["rank"], 1);
    assert_eq!(h["rank_of"], 13);
    assert_eq!(h["rank_streak"], 3);
    assert_eq!(h["vs_nation_pp"], 15.6);
    assert_eq!(h["vs_parent_pp"], 15.1);
    let out = run(
        &[
            "summary",
            "--region",
            "大庆",
            "--period",
            "2023-04",
            "--json",
            "--dataset",
        ],
        &[&into],
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(j["headline"]["rank"], 2, "tied with 齐齐哈尔 for second");
}

#[test]
fn errors_exit_1_with_located_messages_and_the_dataset_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = sample(dir.path());
    let before = bytes(&dataset);
    let bad = write(
        dir.path(),
        "bad.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-05,累计,十九\n鸡溪市,规上工业增加值增速,2023-05,累计,18\n"
            .as_bytes(),
    );
    let out = run(&["import", "--lang", "en", "--into"], &[&dataset, &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("2 error(s)"), "{err}");
    assert!(
        err.contains("bad.csv, row 2, column E (数值): “十九”: not a number"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv, row 3, column A (地区): “鸡溪市”: unknown region; did you mean"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    assert_eq!(bytes(&dataset), before);

    let junk = write(dir.path(), "junk.xlsx", b"PK\x03\x04 not really a zip");
    let out = run(&["import", "--into"], &[&dataset, &junk]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("junk.xlsx"), "{}", stderr(&out));
    assert_eq!(bytes(&dataset), before);
}

#[test]
fn conflicts_need_replace_and_dry_runs_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = sample(dir.path());
    let before = bytes(&dataset);
    let file = write(
        dir.path(),
        "revised.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,19.4\n".as_bytes(),
    );
    let out = run(&["import", "--lang", "en", "--into"], &[&dataset, &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the dataset has 19.2, the file has 19.4"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--replace"), "{}", stderr(&out));
    assert_eq!(bytes(&dataset), before);

    let out = run(
        &["import", "--dry-run", "--replace", "--lang", "en", "--into"],
        &[&dataset, &file],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("dry run"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("0 added, 1 replaced"),
        "{}",
        stdout(&out)
    );
    assert_eq!(bytes(&dataset), before);

    let out = run(
        &["import", "--replace", "--lang", "en", "--into"],
        &[&dataset, &file],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 added, 1 replaced"),
        "{}",
        stdout(&out)
    );
    assert_ne!(bytes(&dataset), before);
}

#[test]
fn options_fill_in_what_the_file_does_not_say() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "plain.csv",
        "地区,2023-04\n鸡西市,19.2\n全国,3.6\n".as_bytes(),
    );
    let into = dir.path().join("o.imdb");
    let out = run(&["import", "--lang", "en", "--into"], &[&into, &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no indicator"), "{}", stderr(&out));
    assert!(!into.exists(), "nothing is created on error");
    let out = run(
        &[
            "import",
            "--indicator",
            "va_growth",
            "--basis",
            "ytd",
            "--lang",
            "en",
            "--into",
        ],
        &[&into, &file],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 added"), "{}", stdout(&out));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "a.csv", b"x");
    let into = dir.path().join("u.imdb");
    for args in [
        vec!["import"],
        vec!["import", "--into", "u.imdb"],
        vec!["import", "--basis", "weekly", "--into", "u.imdb", "a.csv"],
        vec!["import", "--year", "1800", "--into", "u.imdb", "a.csv"],
    ] {
        let out = bin()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    assert!(file.exists() && !into.exists());
}

#[test]
fn home_names_the_home_region_of_a_new_dataset_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "bulletin-4.csv", bulletin_csv(4).as_bytes());
    let into = dir.path().join("daqing.imdb");
    let out = run(
        &["import", "--home", "大庆", "--lang", "en", "--into"],
        &[&into, &file],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("home region 大庆市 230600"),
        "{}",
        stdout(&out)
    );
    // summary without --region is about the home region.
    let out = run(
        &["summary", "--period", "2023-04", "--json", "--dataset"],
        &[&into],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(j["region"]["code"], "230600");

    // An existing dataset keeps its home region: --home is refused, the file untouched.
    let before = bytes(&into);
    let out = run(
        &["import", "--home", "鸡西", "--lang", "en", "--into"],
        &[&into, &file],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--home only applies"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&into), before);

    // A name that is no region is a located error, and nothing is created.
    let other = dir.path().join("other.imdb");
    let out = run(&["import", "--home", "火星", "--into"], &[&other, &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("火星"), "{}", stderr(&out));
    assert!(!other.exists());
}

#[test]
fn reports_and_errors_are_in_chinese_by_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = sample(dir.path());
    let before = bytes(&dataset);
    let bad = write(
        dir.path(),
        "bad.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-05,累计,十九\n鸡溪市,规上工业增加值增速,2023-05,累计,18\n"
            .as_bytes(),
    );
    let out = run(&["import", "--into"], &[&dataset, &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("发现2处错误，未导入任何数据，数据集保持不变："),
        "{err}"
    );
    assert!(
        err.contains("bad.csv，第2行，E列（数值）：“十九”：不是数字"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv，第3行，A列（地区）：“鸡溪市”：未知地区"),
        "{err}"
    );
    assert!(!err.contains("error(s)") && !err.contains("row 2"), "{err}");
    assert!(stdout(&out).is_empty());
    assert_eq!(bytes(&dataset), before);

    // Conflicts without --replace, in Chinese.
    let revised = write(
        dir.path(),
        "revised.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,19.4\n".as_bytes(),
    );
    let out = run(&["import", "--into"], &[&dataset, &revised]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("数据集中为19.2，文件中为19.4"), "{err}");
    assert!(err.contains("--replace"), "{err}");

    // The success report, in Chinese; --lang zh says the same.
    let out = run(&["import", "--replace", "--into"], &[&dataset, &revised]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.starts_with("已把1个文件导入"), "{report}");
    assert!(
        report.contains("revised.csv，UTF-8：长表（每行一个数据），1条"),
        "{report}"
    );
    assert!(
        report.contains("数据：新增0个，替换1个，未变0个，冲突0个"),
        "{report}"
    );
    assert!(report.contains("记录来源：1个"), "{report}");
    assert!(report.contains("已替换（原值 → 新值）："), "{report}");
    assert!(report.contains("数据集中为19.2，文件中为19.4"), "{report}");
    assert!(
        !report.contains("added") && !report.contains("figures"),
        "{report}"
    );
    let out = run(
        &["import", "--dry-run", "--lang", "zh", "--into"],
        &[&dataset, &revised],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.starts_with("试导入（未写入任何数据）：将把1个文件导入"),
        "{report}"
    );
    assert!(report.contains("未变1个"), "{report}");

    // A new dataset names its home region in Chinese; --home refused in Chinese.
    let bulletin = write(dir.path(), "bulletin-4.csv", bulletin_csv(4).as_bytes());
    let into = dir.path().join("daqing.imdb");
    let out = run(&["import", "--home", "大庆", "--into"], &[&into, &bulletin]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("（新建数据集，本地地区为大庆市 230600）"),
        "{}",
        stdout(&out)
    );
    let out = run(&["import", "--home", "鸡西", "--into"], &[&into, &bulletin]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--home只用于导入时新建数据集"),
        "{}",
        stderr(&out)
    );
    // An unknown --lang is a usage error.
    let out = run(&["import", "--lang", "fr", "--into"], &[&into, &bulletin]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_date_formatted_zero_exits_1_and_the_dataset_still_opens() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = sample(dir.path());
    let before = bytes(&dataset);
    // The case: a request list whose 提出日期 is 0 formatted as a date, which
    // imported with exit 0 and then locked the dataset ("1899-12-30 is not a date").
    let book = dir.path().join("诉求.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("诉求").expect("name");
    ws.write_row(
        0,
        0,
        ["企业名称", "统一社会信用代码", "提出日期", "诉求类别"],
    )
    .expect("header");
    ws.write_row(1, 0, ["鸡西新材料有限公司".to_string(), credit_code(41)])
        .expect("row");
    ws.write_number_with_format(1, 2, 0.0, &Format::new().set_num_format("yyyy-mm-dd"))
        .expect("date");
    ws.write_string(1, 3, "用电").expect("category");
    let ent = wb.add_worksheet();
    ent.set_name("企业").expect("name");
    ent.write_row(0, 0, ["企业名称", "统一社会信用代码"])
        .expect("header");
    ent.write_row(1, 0, ["鸡西新材料有限公司".to_string(), credit_code(41)])
        .expect("row");
    wb.save(&book).expect("save");
    let out = run(&["import", "--lang", "en", "--into"], &[&dataset, &book]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("诉求.xlsx, sheet “诉求”, row 2, column C (提出日期): “0”: not a date"),
        "{err}"
    );
    assert_eq!(bytes(&dataset), before);
    let out = run(
        &["summary", "--period", "2023-04", "--dataset"],
        &[&dataset],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
