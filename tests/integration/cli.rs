//! The command line as a user runs it: outputs, exit statuses, untouched files.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
}

fn sample(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("s.imdb");
    let out = bin().arg("sample").arg(&path).output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

fn summary_json(path: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let out = bin()
        .args(["summary", "--dataset"])
        .arg(path)
        .args(extra)
        .arg("--json")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn summary_json_gives_the_published_headline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    let j = summary_json(&path, &["--region", "鸡西市", "--period", "2023-04"]);
    let h = &j["headline"];
    assert_eq!(h["value"], 19.2);
    assert_eq!(h["vs_nation_pp"], 15.6);
    assert_eq!(h["rank"], 1);
    assert_eq!(h["rank_of"], 13);
    assert_eq!(h["rank_streak"], 3);
    // 两年平均 from the two published 1—4月 rates: √(1.150 × 1.192) − 1 = 17.1%.
    assert_eq!(h["two_year_avg_pct"], 17.1);
    assert_eq!(h["basis"], "ytd");
    assert_eq!(h["indicator"], "va_growth");
    assert_eq!(j["period"], "2023-04");
    assert_eq!(j["period_label"]["zh"], "1—4月");
    assert_eq!(j["period_label"]["en"], "Jan–Apr");
    assert_eq!(j["region"]["code"], "230300");
    assert_eq!(j["region"]["name_en"], "Jixi");
    assert_eq!(j["enterprises"]["key_support"], 318);
    assert_eq!(j["enterprises"]["emerging"], 243);
    let groups = j["groups"].as_array().expect("groups");
    assert!(
        groups
            .iter()
            .any(|g| g["code"] == "leading4" && g["growth_pct"] == 21.8)
    );
    let narrative = j["narrative"].as_str().expect("narrative");
    assert!(narrative.contains("同比增长19.2%"), "{narrative}");
    assert!(narrative.contains("高于全国15.6个百分点"), "{narrative}");
    assert!(narrative.contains("连续3个月居全省第1位"), "{narrative}");
    assert!(
        narrative.contains("四大主导产业增加值增长21.8%"),
        "{narrative}"
    );

    let j = summary_json(&path, &["--region", "Jixi", "--period", "2023-02"]);
    assert_eq!(j["headline"]["value"], 31.1);
    assert_eq!(j["headline"]["vs_nation_pp"], 28.7);
    assert_eq!(j["headline"]["rank_change"], serde_json::Value::Null);
    assert_eq!(j["period_label"]["zh"], "1—2月");
    assert_eq!(j["period_label"]["en"], "Jan–Feb");
}

#[test]
fn summary_defaults_to_home_region_and_latest_period_and_prints_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    let j = summary_json(&path, &[]);
    assert_eq!(j["region"]["code"], "230300");
    assert_eq!(j["period"], "2023-12");
    let out = bin()
        .args([
            "summary",
            "--lang",
            "en",
            "--period",
            "2023-04",
            "--dataset",
        ])
        .arg(&path)
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("grew by 19.2% year on year"), "{text}");
    assert!(
        text.contains("15.6 percentage points higher than the national rate"),
        "{text}"
    );
    assert!(text.contains("Key figures"), "{text}");
    let j = summary_json(&path, &["--period", "2023-04", "--basis", "month"]);
    assert_eq!(j["headline"]["basis"], "month");
}

#[test]
fn a_province_has_the_nation_as_parent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    let j = summary_json(&path, &["--region", "黑龙江", "--period", "2023-02"]);
    assert_eq!(j["headline"]["value"], 6.2);
    assert_eq!(j["headline"]["vs_parent_pp"], 3.8);
    // Other provinces have no figures in the sample: no rank is claimed.
    assert_eq!(j["headline"]["rank"], serde_json::Value::Null);
}

#[test]
fn exit_status_one_for_bad_data_two_for_usage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    let out = bin()
        .args(["summary", "--region", "鸡溪市", "--dataset"])
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("鸡溪市") && err.contains("鸡西市"), "{err}");

    let out = bin()
        .args(["summary", "--period", "2023-01", "--dataset"])
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1—2月"));

    let out = bin().args(["summary", "--bogus"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["summary"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "--dataset is required");

    let junk = dir.path().join("junk.imdb");
    std::fs::write(&junk, b"hello").expect("write");
    let out = bin()
        .args(["summary", "--dataset"])
        .arg(&junk)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&junk).expect("read"), b"hello");

    let out = bin().arg("sample").arg(&path).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "sample does not overwrite");
}

/// `industry-monitor summary … | grep -q …` closes the pipe early: the command must end
/// quietly, not panic with "failed printing to stdout" (it failed the package check so).
#[test]
fn a_reader_that_stops_reading_is_not_a_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    for args in [
        &["summary", "--json"][..],
        &["summary"][..],
        &["check", "--lang", "en"][..],
    ] {
        // The read end is closed before the command starts, so its first write fails.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = bin()
            .args(args)
            .arg("--dataset")
            .arg(&path)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn a_period_without_figures_and_mismatched_options_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    // A period past the data: exit 1, saying which periods there are, nothing written.
    let out = bin()
        .args(["summary", "--period", "2025-04", "--dataset"])
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2025年1—4月") && err.contains("2021年1—12月") && err.contains("2023年1—12月"),
        "{err}"
    );
    let pdf = dir.path().join("b.pdf");
    let out = bin()
        .args([
            "export",
            "--period",
            "2025-04",
            "--format",
            "pdf",
            "--dataset",
        ])
        .arg(&path)
        .arg("--out")
        .arg(&pdf)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(!pdf.exists());

    // Options that contradict each other are usage errors (2), and nothing is written.
    let out = bin()
        .args([
            "export",
            "--format",
            "pdf",
            "--chart",
            "ranking",
            "--dataset",
        ])
        .arg(&path)
        .arg("--out")
        .arg(&pdf)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["export", "--format", "docx", "--dataset"])
        .arg(&path)
        .arg("--out")
        .arg(&pdf)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".pdf"));
    assert!(!pdf.exists());
    // Markdown may be written as .txt for messaging.
    let txt = dir.path().join("b.txt");
    let out = bin()
        .args([
            "export",
            "--format",
            "md",
            "--period",
            "2023-04",
            "--dataset",
        ])
        .arg(&path)
        .arg("--out")
        .arg(&txt)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(txt.exists());
}

/// Writes rows no reader can use into a dataset made by the current code, with raw SQL as
/// an importer bug (or another tool) would: a request dated 1899-12-30 (an Excel serial 0),
/// a deal of 1e999 万元, a figure of year 1899 and a figure whose value is text.
fn spoil(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch(
        "INSERT INTO service_requests(enterprise_id, raised_on, category, text, status)
             VALUES ((SELECT MIN(id) FROM enterprises), '1899-12-30', 'financing', 'x', 'open');
         INSERT INTO financing_deals(enterprise_id, bank, amount_10k_yuan, signed_on)
             VALUES ((SELECT MIN(id) FROM enterprises), '某银行', 1e999, '2023-03-01');
         INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
             VALUES ((SELECT id FROM regions WHERE code = '230300'),
                     (SELECT id FROM indicators WHERE code = 'va_growth'), 'ytd', 1899, 4, 5.0);
         INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
             VALUES ((SELECT id FROM regions WHERE code = '230300'),
                     (SELECT id FROM indicators WHERE code = 'va_growth'), 'ytd', 2021, 6, 'n/a');",
    )
    .expect("spoil");
    conn.query_row(
        "SELECT id FROM service_requests WHERE raised_on = '1899-12-30'",
        [],
        |r| r.get(0),
    )
    .expect("request id")
}

#[test]
fn a_dataset_with_unreadable_rows_still_opens_and_check_names_each_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    let request = spoil(&path);
    let before = std::fs::read(&path).expect("read");

    // The rest of the dataset is read as usual: the published headline is there.
    let j = summary_json(&path, &["--period", "2023-04"]);
    assert_eq!(j["headline"]["value"], 19.2);
    let text = bin()
        .args(["summary", "--dataset"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    // Said on stderr, so that piped output stays clean.
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(
        stderr.contains("row(s) could not be read and were skipped") && stderr.contains("check"),
        "{stderr}"
    );

    for (lang, skipped) in [("zh", "该行已跳过"), ("en", "the row was skipped")] {
        let out = bin()
            .args(["check", "--lang", lang, "--dataset"])
            .arg(&path)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = String::from_utf8_lossy(&out.stdout);
        let line = |needle: &str| {
            report
                .lines()
                .find(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("no line with {needle} in:\n{report}"))
                .to_string()
        };
        let req = line(&format!("service_requests · id {request} · raised_on"));
        assert!(req.contains("1899-12-30") && req.contains(skipped), "{req}");
        assert!(
            req.contains("UPDATE service_requests SET raised_on"),
            "{req}"
        );
        let deal = line("financing_deals");
        assert!(
            deal.contains("amount_10k_yuan") && deal.contains("inf"),
            "{deal}"
        );
        let year = line("year=1899");
        assert!(
            year.contains("observations") && year.contains("DELETE FROM observations"),
            "{year}"
        );
        let value = line("n/a");
        assert!(
            value.contains("year=2021") && value.contains("--replace"),
            "{value}"
        );
    }
    // Flagged and skipped, never repaired behind the user's back: the file is unchanged.
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn summary_marks_what_rests_on_illustrative_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    let j = summary_json(&path, &["--period", "2023-04"]);
    // 19.2 and the nation's 3.6 are published, but the province's 1—4月 rate (behind the
    // gap to it) and the other cities' rates (behind the rank) are illustrative.
    assert_eq!(j["headline"]["value"], 19.2);
    assert_eq!(j["headline"]["illustrative"], true);
    let industries = j["industries"].as_array().expect("industries");
    assert!(!industries.is_empty());
    assert!(industries.iter().all(|i| i["illustrative"].is_boolean()));
    let leading = j["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["code"] == "leading4")
        .expect("leading4")
        .clone();
    // Its 21.8 is a stored, published rate; its share and pull rest on illustrative levels.
    assert_eq!(leading["rate_stored"], true);
    assert!(leading.get("published").is_none());
    assert_eq!(leading["illustrative"], true);
    assert_eq!(leading["growth_illustrative"], false);
    assert_eq!(leading["levels_illustrative"], true);
    // Which figures behind the headline are illustrative, by name.
    assert_eq!(
        j["headline"]["illustrative_figures"],
        serde_json::json!(["parent", "peers"])
    );
    for (lang, note, group) in [
        ("zh", "为示意数据，非公开发布数", "四大主导产业: 21.8%\n"),
        ("en", "rest on illustrative", "21.8%\n"),
    ] {
        let out = bin()
            .args([
                "summary",
                "--period",
                "2023-04",
                "--lang",
                lang,
                "--dataset",
            ])
            .arg(&path)
            .output()
            .expect("run");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(note), "{text}");
        // The published 21.8 is printed without a mark.
        assert!(text.contains(group), "{text}");
    }
}

#[test]
fn an_unreadable_source_catalogue_row_or_enterprise_does_not_lock_the_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample(dir.path());
    let conn = rusqlite::Connection::open(&path).expect("open");
    // Another tool's writes: text in a source's flag, a blob as an industry's English name
    // and as an alias, an enterprise in a region the catalogue lacks, a numeric title.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         UPDATE sources SET illustrative = 'true' WHERE id = 1;
         UPDATE industries SET name_en = X'FF00' WHERE id = (SELECT MAX(id) FROM industries);
         UPDATE industry_aliases SET alias = X'FF'
             WHERE alias = (SELECT MIN(alias) FROM industry_aliases);
         UPDATE enterprises SET region_id = 99999 WHERE id = (SELECT MIN(id) FROM enterprises);
         UPDATE meta SET value = 42 WHERE key = 'title';",
    )
    .expect("spoil");
    let enterprise: i64 = conn
        .query_row("SELECT MIN(id) FROM enterprises", [], |r| r.get(0))
        .expect("id");
    drop(conn);

    let j = summary_json(&path, &["--period", "2023-04"]);
    assert_eq!(j["headline"]["value"], 19.2);
    let out = bin()
        .args(["check", "--lang", "en", "--dataset"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "sources · id 1 · illustrative".to_string(),
        "industries · id".to_string(),
        "industry_aliases · industry_id".to_string(),
        format!("enterprises · id {enterprise} · region_id"),
    ] {
        let line = report
            .lines()
            .find(|l| l.contains(&needle))
            .unwrap_or_else(|| panic!("no line with {needle} in:\n{report}"));
        assert!(line.contains("the row was skipped"), "{line}");
    }
}
