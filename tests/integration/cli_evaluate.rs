//! `industry-monitor evaluate` (SPEC §10) as a user runs it: on the sample (12 ranked
//! officials) and on a hand-built dataset whose scores are worked out on paper — the
//! figures of the analysis's `three_officials` test, stored through the store's API:
//!
//! 1—4月 2023 (the period ends 2023-04-30), Jixi:
//! - 张三: enterprises 1 (120 vs 100) and 2 (90 vs 100): output +5.0%, vs city 0.0; projects
//!   P1 (done 300, last 200, plan 600; its 1—3月 row is superseded, its 1—5月 row is later)
//!   and P2 (new: done 100, plan 400): investment +100.0%, plan 40.0%; requests: resolved and
//!   满意, open 60 days (overdue), open 10 days (one from 2022 and one from May are out of
//!   scope) → 3, 33.3% resolved, 1 overdue, 100% satisfied.
//! - 李四: enterprise 3 (330 vs 300): +10.0%, vs city +5.0; P3 (done 150, last 200, plan
//!   300): −25.0%, 50.0%; requests resolved+基本满意, resolved only in May+不满意 → 2, 50%,
//!   1 overdue, 50% satisfied.
//! - 王五: enterprise 4 (95 vs 100): −5.0%, vs city −10.0; no projects; requests resolved,
//!   resolved+不满意 → 2, 100%, 0 overdue, 0% satisfied.
//! - enterprise 5 is paired with nobody (100 vs 100). The city: 735 vs 700 = +5.0%.
//!
//! Scores (60 + 40 × (x − min)/(max − min)): output 86.667 / 100 / 60, investment 100 / 60 / —,
//! resolved 60 / 70 / 100, overdue 60 / 60 / 100, satisfied 100 / 80 / 60. Composite with the
//! default weights 40/20/20/10/10: 张 (3466.67 + 2000 + 1200 + 600 + 1000) / 100 = 82.667;
//! 李 (4000 + 1200 + 1400 + 600 + 800) / 100 = 80.0; 王 without investment (2400 + 2000 +
//! 1000 + 600) / 80 = 75.0.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use industry_monitor::model::catalogue::{JIXI, VA_GROWTH};
use industry_monitor::model::returns::{ReturnIndicator, ReturnRow, ReturnValues};
use industry_monitor::model::{
    Basis, Date, Enterprise, InvestmentProject, Period, RequestStatus, Satisfaction,
    ServiceRequest, Source, Subject, Weights,
};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};

use crate::briefing_returns::{code, p};
use crate::common::sample_dataset;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).expect("date")
}

/// An enterprise of a hand-built dataset: name, official, 2023 1—4月 output (ytd, last
/// year's ytd), None: no return.
pub type Firm = (&'static str, &'static str, Option<(f64, f64)>);
/// A request: enterprise (index into the firms), raised, resolved, rating.
pub type Request = (usize, Date, Option<Date>, Option<Satisfaction>);
/// A project row: enterprise (index), name, period, year's plan, done this year, done a year
/// earlier.
pub type Project = (usize, &'static str, Period, f64, f64, Option<f64>);

/// The three officials of the module's table.
pub fn three_officials() -> (Vec<Firm>, Vec<Request>, Vec<Project>) {
    let firms = vec![
        ("企业一", "张三", Some((120.0, 100.0))),
        ("企业二", " 张三 ", Some((90.0, 100.0))),
        ("企业三", "李四", Some((330.0, 300.0))),
        ("企业四", "王五", Some((95.0, 100.0))),
        ("企业五", "", Some((100.0, 100.0))),
    ];
    let requests = vec![
        (
            0,
            d(2023, 1, 10),
            Some(d(2023, 2, 1)),
            Some(Satisfaction::Satisfied),
        ),
        (1, d(2023, 3, 1), None, None),
        (0, d(2023, 4, 20), None, None),
        (0, d(2022, 12, 1), None, None),
        (1, d(2023, 5, 5), None, Some(Satisfaction::Dissatisfied)),
        (
            2,
            d(2023, 2, 1),
            Some(d(2023, 2, 20)),
            Some(Satisfaction::Basic),
        ),
        (
            2,
            d(2023, 2, 10),
            Some(d(2023, 5, 10)),
            Some(Satisfaction::Dissatisfied),
        ),
        (3, d(2023, 1, 5), Some(d(2023, 1, 20)), None),
        (
            3,
            d(2023, 3, 1),
            Some(d(2023, 3, 15)),
            Some(Satisfaction::Dissatisfied),
        ),
    ];
    let projects = vec![
        (0, "P1", p(2023, 3), 600.0, 250.0, Some(150.0)),
        (0, "P1", p(2023, 4), 600.0, 300.0, Some(200.0)),
        (0, "P1", p(2023, 5), 600.0, 380.0, Some(260.0)),
        (1, "P2", p(2023, 4), 400.0, 100.0, None),
        (2, "P3", p(2023, 4), 300.0, 150.0, Some(200.0)),
        (2, "P3", p(2022, 12), 900.0, 800.0, Some(100.0)),
    ];
    (firms, requests, projects)
}

/// Writes the firms (规上, Jixi, graphite), their 2023 1—4月 output returns, the requests,
/// the projects and Jixi's published growth for 1—4月 (so a briefing has the period).
pub fn fill(ds: &mut Dataset, firms: &[Firm], requests: &[Request], projects: &[Project]) {
    ds.write(|w| -> Result<(), StoreError> {
        let source = w.add_source(&Source {
            id: 0,
            title: "包联测试".into(),
            publisher: "工信局".into(),
            published_on: String::new(),
            url: String::new(),
            note: String::new(),
            illustrative: false,
        })?;
        let mut ids = Vec::new();
        for (n, (name, official, _)) in firms.iter().enumerate() {
            let e = Enterprise {
                id: 0,
                name: (*name).into(),
                credit_code: code(n as u32 + 1),
                industry: Some("graphite".into()),
                region: JIXI.into(),
                above_size: true,
                emerging: false,
                srdi: false,
                key_support: true,
                private: true,
                official: (*official).into(),
            };
            ids.push(w.add_enterprise(&e, Some(source))?);
        }
        for (e, raised, resolved, rating) in requests {
            let q = ServiceRequest {
                revision: 0,
                id: 0,
                enterprise_id: ids[*e],
                raised_on: *raised,
                category: "financing".into(),
                text: "诉求".into(),
                status: if resolved.is_some() {
                    RequestStatus::Resolved
                } else {
                    RequestStatus::Open
                },
                resolved_on: *resolved,
                satisfaction: *rating,
            };
            w.save_request(&q, Some(source))?;
        }
        for (e, name, period, plan, done, last) in projects {
            let project = InvestmentProject {
                id: 0,
                enterprise_id: ids[*e],
                name: (*name).into(),
                period: *period,
                planned_total: Some(plan * 3.0),
                planned_year: Some(*plan),
                done_ytd: Some(*done),
                done_last: *last,
            };
            w.add_project(&project, Some(source))?;
        }
        let path = w.path().to_path_buf();
        let sql = industry_monitor::store::sql_err(&path);
        {
            let key_ids = w.ids().clone();
            let key = ObservationKey::from_codes(
                &key_ids,
                JIXI,
                VA_GROWTH,
                &Subject::Whole,
                Basis::Ytd,
                p(2023, 4),
            )
            .expect("key");
            w.figures()?
                .insert_new(&key, 19.2, Some(source))
                .map_err(&sql)?;
        }
        let mut rw = w.returns()?;
        for (n, (_, _, output)) in firms.iter().enumerate() {
            if let Some((ytd, last)) = output {
                let mut row = ReturnRow::new(code(n as u32 + 1), p(2023, 4));
                row.set(
                    ReturnIndicator::Output,
                    ReturnValues {
                        month: None,
                        ytd: Some(*ytd),
                        ytd_last_year: Some(*last),
                        stated_growth_pct: None,
                    },
                );
                rw.put(&row, Some(source)).map_err(&sql)?;
            }
        }
        rw.finish().map_err(&sql)
    })
    .expect("write the hand-built dataset");
}

/// The dataset's title and home region.
pub fn meta() -> DatasetMeta {
    DatasetMeta {
        title: "包联测试".into(),
        home_region: JIXI.into(),
        is_sample: false,
    }
}

/// The three officials' dataset in a file.
pub fn three_officials_file(dir: &Path) -> PathBuf {
    let path = dir.join("officials.imdb");
    let mut ds = Dataset::create(&path, &meta()).expect("create");
    let (firms, requests, projects) = three_officials();
    fill(&mut ds, &firms, &requests, &projects);
    path
}

fn run(dataset: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
        .arg("evaluate")
        .arg("--dataset")
        .arg(dataset)
        .args(args)
        .output()
        .expect("run")
}

fn json(out: &Output) -> serde_json::Value {
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
fn the_sample_ranks_its_twelve_officials() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_dataset(dir.path());
    let out = run(&path, &["--json"]);
    let j = json(&out);
    // SPEC §10's top-level fields, in its order.
    let text = String::from_utf8_lossy(&out.stdout);
    let at = |k: &str| text.find(&format!("\"{k}\":")).expect("key");
    assert!(at("period") < at("weights") && at("weights") < at("officials"));
    assert_eq!(j["period"], "2023-12", "the latest period with returns");
    assert!(close(&j["weights"]["output_growth"], 40.0));
    assert!(close(&j["weights"]["satisfaction"], 10.0));
    let officials = j["officials"].as_array().expect("officials");
    assert_eq!(officials.len(), 12);
    let want = [
        "name",
        "enterprises",
        "output_growth_pct",
        "vs_city_pp",
        "investment_growth_pct",
        "plan_completion_pct",
        "requests",
        "resolved_pct",
        "overdue",
        "satisfied_pct",
        "score",
        "rank",
    ];
    let mut prev_rank = 0;
    let mut prev_score = f64::INFINITY;
    for (i, o) in officials.iter().enumerate() {
        let mut keys: Vec<&str> = o
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut sorted = want.to_vec();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        let rank = o["rank"].as_u64().expect("every official is ranked") as usize;
        let score = o["score"].as_f64().expect("score");
        assert!((60.0..=100.0).contains(&score), "{score}");
        // Competition ranks: by score, the first is 1, a tie shares a rank, the next skips.
        assert!(score <= prev_score + 1e-9);
        if i == 0 {
            assert_eq!(rank, 1);
        } else if (score - prev_score).abs() < 1e-9 {
            assert_eq!(rank, prev_rank);
        } else {
            assert_eq!(rank, i + 1);
        }
        (prev_rank, prev_score) = (rank, score);
    }
    // The text form: the period, the weights, a line per official.
    let out = run(&path, &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("包联考核 2023年1—12月（累计）\n"),
        "{text}"
    );
    assert!(
        text.contains("权重：产值增速40、投资增速20、诉求办结率20、超期诉求10、满意率10"),
        "{text}"
    );
    let first = officials[0]["name"].as_str().expect("name");
    assert!(
        text.lines().nth(5).is_some_and(|l| l.contains(first)),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4 + 1 + 12, "{text}");
}

#[test]
fn three_officials_get_the_hand_computed_scores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = three_officials_file(dir.path());
    let j = json(&run(&path, &["--period", "2023-04", "--json"]));
    assert_eq!(j["period"], "2023-04");
    let o = j["officials"].as_array().expect("officials");
    let names: Vec<&str> = o
        .iter()
        .map(|x| x["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["张三", "李四", "王五"]);
    let ranks: Vec<u64> = o
        .iter()
        .map(|x| x["rank"].as_u64().expect("rank"))
        .collect();
    assert_eq!(ranks, [1, 2, 3]);
    let (zhang, li, wang) = (&o[0], &o[1], &o[2]);
    assert!(
        close(&zhang["score"], 82.0 + 2.0 / 3.0),
        "{}",
        zhang["score"]
    );
    assert!(close(&li["score"], 80.0), "{}", li["score"]);
    assert!(close(&wang["score"], 75.0), "{}", wang["score"]);
    assert_eq!(zhang["enterprises"], 2);
    assert!(close(&zhang["output_growth_pct"], 5.0) && close(&zhang["vs_city_pp"], 0.0));
    assert!(close(&zhang["investment_growth_pct"], 100.0));
    assert!(close(&zhang["plan_completion_pct"], 40.0));
    assert_eq!(
        (&zhang["requests"], &zhang["overdue"]),
        (&3.into(), &1.into())
    );
    assert!(close(&zhang["resolved_pct"], 100.0 / 3.0));
    assert!(close(&zhang["satisfied_pct"], 100.0));
    assert!(close(&li["vs_city_pp"], 5.0) && close(&li["investment_growth_pct"], -25.0));
    assert!(close(&li["satisfied_pct"], 50.0));
    // No projects: null, never 0.
    assert!(wang["investment_growth_pct"].is_null() && wang["plan_completion_pct"].is_null());
    assert!(close(&wang["vs_city_pp"], -10.0) && close(&wang["satisfied_pct"], 0.0));
    // Unrounded, as enterprises --json.
    let text =
        String::from_utf8(run(&path, &["--period", "2023-04", "--json"]).stdout).expect("utf-8");
    assert!(text.contains("\"score\": 82.666666"), "{text}");
}

#[test]
fn the_period_defaults_to_the_latest_with_data_and_can_be_chosen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = three_officials_file(dir.path());
    // The latest returns (1—4月) make the default: P1's later 1—5月 row alone does not
    // move it to a period where output growth, the heaviest component, is missing.
    assert_eq!(json(&run(&path, &["--json"]))["period"], "2023-04");
    // 1—5月 can still be chosen: projects only, so output is —.
    let j = json(&run(&path, &["--period", "2023-05", "--json"]));
    assert_eq!(j["period"], "2023-05");
    let zhang = &j["officials"]
        .as_array()
        .expect("officials")
        .iter()
        .find(|o| o["name"] == "张三")
        .expect("张三")
        .clone();
    assert!(zhang["output_growth_pct"].is_null());
    // 1—5月: P1 380 against 260, P2 (its 1—4月 row still counts) 100 against 0 → 480/260.
    assert!(close(
        &zhang["investment_growth_pct"],
        (480.0 / 260.0 - 1.0) * 100.0
    ));
    let j = json(&run(&path, &["--period", "2023-04", "--json"]));
    assert_eq!(j["period"], "2023-04");
    // The text: — where an official has no data.
    let out = run(&path, &["--period", "2023-04", "--lang", "en"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("Paired officials' scorecard, Jan–Apr 2023 (year to date)\n"),
        "{text}"
    );
    assert!(text.contains("(current prices): 5.0%"), "{text}");
    let wang = text
        .lines()
        .find(|l| l.contains("王五"))
        .expect("王五's line");
    assert!(
        wang.contains('—') && wang.trim_end().ends_with("75.0"),
        "{wang}"
    );
}

#[test]
fn weights_saved_in_the_dataset_change_the_ranking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = three_officials_file(dir.path());
    let mut w = Weights {
        output_growth: 0.0,
        investment_growth: 0.0,
        resolved: 1.0,
        overdue: 0.0,
        satisfaction: 0.0,
    };
    let mut ds = Dataset::open(&path).expect("open");
    ds.save_evaluation_weights(&w).expect("save weights");
    drop(ds);
    let j = json(&run(&path, &["--period", "2023-04", "--json"]));
    // Resolved only: 王 100, 李 70, 张 60.
    let got: Vec<(&str, f64)> = j["officials"]
        .as_array()
        .expect("officials")
        .iter()
        .map(|o| {
            (
                o["name"].as_str().expect("name"),
                o["score"].as_f64().expect("score"),
            )
        })
        .collect();
    assert_eq!(got, [("王五", 100.0), ("李四", 70.0), ("张三", 60.0)]);
    assert!(close(&j["weights"]["resolved"], 1.0) && close(&j["weights"]["output_growth"], 0.0));
    let text = String::from_utf8(run(&path, &["--period", "2023-04"]).stdout).expect("utf-8");
    assert!(
        text.contains("权重：产值增速0、投资增速0、诉求办结率1、超期诉求0、满意率0"),
        "{text}"
    );
    w.resolved = 2.5;
    let mut ds = Dataset::open(&path).expect("open");
    ds.save_evaluation_weights(&w).expect("save weights");
    drop(ds);
    let text = String::from_utf8(run(&path, &["--period", "2023-04"]).stdout).expect("utf-8");
    assert!(text.contains("诉求办结率2.5"), "{text}");
}

#[test]
fn a_period_without_data_or_a_dataset_without_officials_is_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = three_officials_file(dir.path());
    let out = run(&path, &["--period", "2024-06", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no enterprise returns or project figures for Jan–Jun 2024")
            && err.contains("from Jan–Dec 2022 to Jan–May 2023"),
        "{err}"
    );
    let out = run(&path, &["--period", "2024-06"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("没有2024年1—6月的企业月报或投资项目数据"),
        "{err}"
    );
    let out = run(&path, &["--period", "2023-13"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--period 2023-13"));
    // Returns, but no enterprise paired with an official.
    let lonely = dir.path().join("lonely.imdb");
    let mut ds = Dataset::create(&lonely, &meta()).expect("create");
    fill(&mut ds, &[("企业一", "", Some((120.0, 100.0)))], &[], &[]);
    drop(ds);
    let out = run(&lonely, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no enterprise in the register is paired"),
        "{err}"
    );
    // Nothing at all.
    let empty = dir.path().join("empty.imdb");
    drop(Dataset::create(&empty, &meta()).expect("create"));
    let out = run(&empty, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有企业月报，也没有投资项目"), "{err}");
    // A usage error is clap's.
    assert_eq!(run(&path, &["--bogus"]).status.code(), Some(2));
}

#[test]
fn summary_and_export_carry_the_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = three_officials_file(dir.path());
    let bin = || Command::new(env!("CARGO_BIN_EXE_industry-monitor"));
    let out = bin()
        .args(["summary", "--json", "--dataset"])
        .arg(&path)
        .output()
        .expect("run");
    let j = json(&out);
    let narrative = j["narrative"].as_str().expect("narrative");
    assert!(
        narrative.contains("包联领导中，张三综合得分最高（82.7分）"),
        "{narrative}"
    );
    let md = dir.path().join("b.md");
    let out = bin()
        .args(["export", "--format", "md", "--lang", "en", "--dataset"])
        .arg(&path)
        .arg("--out")
        .arg(&md)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&md).expect("read");
    assert!(
        text.contains("## 4. Paired officials' evaluation"),
        "{text}"
    );
    assert!(
        text.contains("**Paired officials' scorecard (Jan–Apr 2023)**"),
        "{text}"
    );
    assert!(
        text.contains("Weights: output growth 40, investment growth 20, requests resolved 20, overdue requests 10, satisfaction 10"),
        "{text}"
    );
}
