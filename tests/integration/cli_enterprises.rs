//! `industry-monitor enterprises` and `summary --json`'s "returns" as a user runs them, on
//! the hand-built dataset of `briefing_returns` (its table gives the hand-computed values).

use std::process::Command;

use crate::briefing_returns::{code, returns_file};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
}

fn run(args: &[&str], dataset: &std::path::Path) -> std::process::Output {
    bin()
        .arg(args[0])
        .arg("--dataset")
        .arg(dataset)
        .args(&args[1..])
        .output()
        .expect("run")
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn close(v: &serde_json::Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

#[test]
fn json_has_spec_fields_in_order_with_hand_computed_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = returns_file(dir.path(), false);
    let out = run(&["enterprises", "--json"], &path);
    let j = json(&out);
    // Exactly SPEC §9's fields, in its order.
    let text = String::from_utf8_lossy(&out.stdout);
    let keys: Vec<&str> = j
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let want = [
        "period",
        "indicator",
        "reporting",
        "comparable",
        "missing",
        "growth_pct",
        "declining",
        "decline_share_pct",
        "stopped",
        "enterprises",
    ];
    let mut sorted_want = want.to_vec();
    sorted_want.sort_unstable();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort_unstable();
    assert_eq!(sorted_keys, sorted_want);
    let positions: Vec<usize> = want
        .iter()
        .map(|k| text.find(&format!("\"{k}\":")).expect("key in the text"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    // The default period is the latest with returns.
    assert_eq!(j["period"], "2023-04");
    assert_eq!(j["indicator"], "output");
    assert_eq!(
        (&j["reporting"], &j["comparable"], &j["missing"]),
        (&5.into(), &4.into(), &6.into())
    );
    assert!(close(&j["growth_pct"], 5.2), "{}", j["growth_pct"]);
    assert_eq!((&j["declining"], &j["stopped"]), (&2.into(), &1.into()));
    assert!(close(&j["decline_share_pct"], 50.0));
    let list = j["enterprises"].as_array().expect("enterprises");
    assert_eq!(list.len(), 11);
    let e = &list[0];
    let fields: Vec<&str> = e
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = fields.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "code",
            "contribution_pct",
            "current",
            "growth_pct",
            "industry",
            "name",
            "official",
            "previous",
            "pull_pp",
            "region",
            "status"
        ]
    );
    assert_eq!(e["code"], code(2));
    assert_eq!(e["name"], "石墨新材");
    assert_eq!(e["region"], "230381");
    assert_eq!(e["industry"], "graphite");
    assert_eq!(e["official"], "李四");
    assert!(close(&e["current"], 900.0) && close(&e["previous"], 600.0));
    assert!(close(&e["growth_pct"], 50.0));
    assert!(close(&e["pull_pp"], 12.0));
    // 300 of the increase of 130.
    assert!(close(&e["contribution_pct"], 300.0 / 130.0 * 100.0));
    assert_eq!(e["status"], "growing");
    // By pull, largest first; the new one after the comparable; the missing last.
    let order: Vec<(&str, &str)> = list
        .iter()
        .map(|e| {
            (
                e["name"].as_str().expect("name"),
                e["status"].as_str().expect("status"),
            )
        })
        .collect();
    assert_eq!(
        &order[..5],
        &[
            ("石墨新材", "growing"),
            ("鸡西煤业", "growing"),
            ("兴凯食品", "declining"),
            ("恒康医药", "stopped"),
            ("新建材料", "new"),
        ]
    );
    assert!(order[5..].iter().all(|(_, s)| *s == "missing"), "{order:?}");
    assert!(close(&list[3]["pull_pp"], -12.8));
    assert!(list[4]["pull_pp"].is_null() && list[4]["previous"].is_null());
}

#[test]
fn jan_feb_is_2023_02_and_labelled_1_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = returns_file(dir.path(), false);
    let j = json(&run(
        &["enterprises", "--period", "2023-02", "--json"],
        &path,
    ));
    assert_eq!(j["period"], "2023-02");
    assert_eq!(j["reporting"], 1);
    assert!(close(&j["growth_pct"], 25.0));
    let out = run(&["enterprises", "--period", "2023-02"], &path);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("2023年1—2月企业月报 工业总产值（万元，现价）"),
        "{text}"
    );
    assert!(text.contains("同比增长25.0%"), "{text}");
    let out = run(
        &["enterprises", "--period", "2023-02", "--lang", "en"],
        &path,
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Jan–Feb 2023"), "{text}");
}

#[test]
fn text_output_is_a_headline_and_a_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = returns_file(dir.path(), false);
    let out = run(&["enterprises"], &path);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("报送5户，可比4户，未报送6户")
            && lines[0].contains("同比增长5.2%")
            && lines[0].contains("减产2户，减产面50.0%；停产1户"),
        "{text}"
    );
    assert!(lines[2].starts_with("企业"), "{text}");
    assert!(lines[3].starts_with("石墨新材"), "{text}");
    assert!(
        lines[3].contains("虎林市") && lines[3].contains("12.0"),
        "{text}"
    );
    assert!(lines.last().expect("last").starts_with("未报六"), "{text}");
}

#[test]
fn other_indicators_and_bad_options() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = returns_file(dir.path(), false);
    // An unknown indicator is a usage error (2), said in both languages.
    let out = run(&["enterprises", "--indicator", "steel"], &path);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("steel") && err.contains("不是企业月报的指标"),
        "{err}"
    );
    assert!(
        err.contains("output, sales, revenue, profit, power"),
        "{err}"
    );
    // A known indicator without values in the returns: a located message, status 1.
    let out = run(&["enterprises", "--indicator", "profit"], &path);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("利润总额") && err.contains("--indicator"),
        "{err}"
    );
    // A period without returns names the ones there are.
    let out = run(&["enterprises", "--period", "2023-03"], &path);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2023年1—2月至2023年1—4月"), "{err}");
}

#[test]
fn a_dataset_without_returns_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.imdb");
    industry_monitor::store::Dataset::create(
        &empty,
        &industry_monitor::store::DatasetMeta {
            title: "空".into(),
            home_region: "230300".into(),
            is_sample: false,
        },
    )
    .expect("create");
    let out = run(&["enterprises", "--lang", "en"], &empty);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("holds no enterprise monthly returns") && err.contains("import"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn summary_json_gains_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = returns_file(dir.path(), false);
    let j = json(&run(&["summary", "--period", "2023-04", "--json"], &path));
    let r = &j["returns"];
    assert_eq!(r["period"], "2023-04");
    assert_eq!(r["indicator"], "output");
    assert_eq!((&r["reporting"], &r["comparable"]), (&5.into(), &4.into()));
    assert_eq!((&r["missing"], &r["declining"]), (&6.into(), &2.into()));
    assert_eq!(r["growth_pct"], 5.2);
    assert_eq!(r["decline_share_pct"], 50.0);
    assert_eq!(r["stopped"], 1);
    assert_eq!(r["illustrative"], false);
    assert!(r.get("enterprises").is_none());
    assert!(
        j["narrative"]
            .as_str()
            .expect("narrative")
            .contains("实现工业总产值（现价）2630万元，同比增长5.2%")
    );
    // The text summary: the section in the narrative and a line of key figures.
    let out = run(&["summary", "--period", "2023-04"], &path);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("停产企业1户：恒康医药"), "{text}");
    assert!(
        text.contains("企业月报（工业总产值，现价）: 报送5户，可比4户，未报6户；同比增长（%）5.2；减产2户，减产面（%）50.0；停产1户\n"),
        "{text}"
    );
    // A period without returns: null.
    let j = json(&run(&["summary", "--period", "2023-03", "--json"], &path));
    assert!(j["returns"].is_null(), "{}", j["returns"]);
    // Illustrative returns say so.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = returns_file(dir.path(), true);
    let j = json(&run(&["summary", "--json"], &path));
    assert_eq!(j["returns"]["illustrative"], true);
}

#[test]
fn export_command_writes_the_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = returns_file(dir.path(), false);
    let md = dir.path().join("b.md");
    let out = bin()
        .args(["export", "--dataset"])
        .arg(&path)
        .args(["--period", "2023-04", "--format", "md", "--out"])
        .arg(&md)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&md).expect("read");
    // EXPORT_KEEP_DIR=/some/dir keeps the dataset for trying the commands by hand.
    if let Some(keep) = std::env::var_os("EXPORT_KEEP_DIR") {
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::copy(&path, std::path::Path::new(&keep).join("returns.imdb")).expect("keep");
    }
    assert!(text.contains("重点企业运行"), "{text}");
    assert!(text.contains("减产面50.0%"), "{text}");
}

#[test]
fn groups_by_county_add_up_to_the_whole() {
    // On the sample: each county's pull sums to the whole's growth, contributions to 100,
    // filed and missing counts to the whole's.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.imdb");
    let made = bin().arg("sample").arg(&path).output().expect("sample");
    assert!(made.status.success());
    let whole = json(&run(&["enterprises", "--json"], &path));
    let by = json(&run(&["enterprises", "--by", "county", "--json"], &path));
    assert_eq!(by["by"], "county");
    let groups = by["groups"].as_array().expect("groups");
    assert!(groups.len() > 2, "{by}");
    let sum = |f: &str| -> f64 { groups.iter().filter_map(|g| g[f].as_f64()).sum() };
    let growth = whole["growth_pct"].as_f64().expect("growth");
    assert!((sum("pull_pp") - growth).abs() < 1e-9, "{by}");
    assert!((sum("contribution_pct") - 100.0).abs() < 1e-9, "{by}");
    assert_eq!(
        sum("reporting") as u64,
        whole["reporting"].as_u64().expect("n")
    );
    assert_eq!(sum("missing") as u64, whole["missing"].as_u64().expect("n"));
    // Every group is named; the enterprises registered at city level are 市本级.
    assert!(
        groups
            .iter()
            .all(|g| !g["name"].as_str().unwrap_or("").is_empty())
    );
    let text = run(&["enterprises", "--by", "county"], &path);
    assert!(String::from_utf8_lossy(&text.stdout).contains("市本级"));
    // An unknown dimension is a usage error.
    assert_eq!(
        run(&["enterprises", "--by", "town"], &path).status.code(),
        Some(2)
    );
}
