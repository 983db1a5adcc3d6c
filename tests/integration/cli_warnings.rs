//! `industry-monitor warnings` (SPEC §13) on the sample and on a dataset that has only a
//! bulletin: the JSON object exactly, the rules that fire, and none without their data.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(dataset: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
        .arg("warnings")
        .arg("--dataset")
        .arg(dataset)
        .args(args)
        .output()
        .expect("run")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn the_sample_at_1_to_5_shows_the_ended_streak_and_the_spec_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = crate::common::sample_dataset(dir.path());
    let j = json(&run(&path, &["--period", "2023-05", "--json"]));
    assert_eq!(j["period"], "2023-05");
    let list = j["warnings"].as_array().expect("warnings");
    assert!(!list.is_empty());
    for w in list {
        let mut keys: Vec<&str> = w
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["rule", "severity", "subject", "text", "threshold", "value"]
        );
        assert!(["预警", "关注"].contains(&w["severity"].as_str().expect("severity")));
    }
    // Jixi was first three periods running (published to 1—4月) and is second at 1—5月.
    let streak = list
        .iter()
        .find(|w| w["rule"] == "streak_ended")
        .expect("the streak ended");
    assert_eq!(streak["subject"], "鸡西市");
    assert_eq!(streak["value"], 3.0);
    assert_eq!(streak["text"], "鸡西市此前连续3个月居第1位，本期降至第2位");
    // The sample's open requests and declining enterprises are there too.
    for rule in ["request_open", "enterprise_declining", "below_parent"] {
        assert!(list.iter().any(|w| w["rule"] == rule), "{rule}");
    }
    // One schema in both languages: the severity in SPEC §13's words, the text translated.
    let en = json(&run(
        &path,
        &["--period", "2023-05", "--json", "--lang", "en"],
    ));
    let en_list = en["warnings"].as_array().expect("warnings");
    assert!(
        en_list
            .iter()
            .all(|w| ["预警", "关注"].contains(&w["severity"].as_str().expect("severity")))
    );
    assert!(
        en_list
            .iter()
            .any(|w| w["text"] == "Jixi had ranked first for 3 periods running and now ranks 2")
    );
    let text = String::from_utf8(run(&path, &["--period", "2023-05"]).stdout).expect("utf-8");
    assert!(text.starts_with("需关注的问题 2023年1—5月：预警"), "{text}");
}

#[test]
fn a_bulletin_only_dataset_warns_only_about_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("2024年1-2月各市增速.csv");
    std::fs::write(
        &file,
        "2024年1-2月全省各市（地）规模以上工业增加值增速（%）\n地区,1-2月\n全省,5.1\n哈尔滨市,4.0\n鸡西市,4.9\n鹤岗市,7.5\n",
    )
    .expect("write");
    let dataset = dir.path().join("d.imdb");
    let out = Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
        .args(["import", "--into"])
        .arg(&dataset)
        .arg(&file)
        .output()
        .expect("import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = json(&run(&dataset, &["--region", "230300", "--json"]));
    let rules: Vec<&str> = j["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["rule"].as_str().expect("rule"))
        .collect();
    // 4.9 against the province's 5.1: below the parent by 0.2 (关注). No returns, requests,
    // officials or targets: none of their rules.
    assert_eq!(rules, ["below_parent"]);
}

#[test]
fn the_briefing_has_a_section_and_a_table_of_issues_to_watch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = crate::common::sample_dataset(dir.path());
    let md = dir.path().join("b.md");
    let out = Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
        .args([
            "export",
            "--format",
            "md",
            "--period",
            "2023-05",
            "--dataset",
        ])
        .arg(&path)
        .arg("--out")
        .arg(&md)
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&md).expect("read");
    assert!(text.contains("、需关注的问题"), "{text}");
    assert!(text.contains("对照预警规则，本期需关注的问题共"), "{text}");
    assert!(
        text.contains("鸡西市此前连续3个月居第1位，本期降至第2位"),
        "{text}"
    );
    assert!(
        text.contains("| 级别 | 规则 | 对象 | 数值 | 阈值 | 说明 |"),
        "{text}"
    );
    // The JSON list and the briefing's table agree on the count.
    let j = json(&run(&path, &["--period", "2023-05", "--json"]));
    let n = j["warnings"].as_array().expect("warnings").len();
    let rows = text
        .lines()
        .skip_while(|l| !l.starts_with("| 级别 |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .count();
    assert_eq!(rows, n);
}

#[test]
fn a_dataset_with_only_returns_still_has_warnings() {
    use industry_monitor::sample::large_returns::{ReturnsSpec, write_dataset};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("returns.imdb");
    let spec = ReturnsSpec {
        enterprises: 400,
        years: 2,
        last_year: 2024,
    };
    drop(write_dataset(&path, spec).expect("generate"));
    // No growth figures at all: the latest period with returns is the default.
    let j = json(&run(&path, &["--json"]));
    assert_eq!(j["period"], "2024-12");
    let rules: std::collections::BTreeSet<&str> = j["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["rule"].as_str().expect("rule"))
        .collect();
    assert!(rules.contains("request_open"), "{rules:?}");
    assert!(
        !rules.contains("below_parent"),
        "no figures, no growth rules: {rules:?}"
    );
    let out = run(&path, &["--period", "2019-12"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有2019年1—12月的数据或企业月报"));
}
