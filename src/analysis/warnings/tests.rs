//! Each rule at its threshold and just short of it, and no warning without data.

use super::*;
use crate::analysis::evaluation::OfficialScore;
use crate::analysis::returns::{Member, return_stats};
use crate::model::returns::{ResolvedReturn, ReturnIndicator};

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

fn city(growth: f64, parent: f64) -> RegionFacts {
    RegionFacts {
        code: "230300".into(),
        name: ("鸡西市".into(), "Jixi".into()),
        parent_name: ("全省".into(), "the province".into()),
        growth: Some(growth),
        parent_growth: Some(parent),
        ..RegionFacts::default()
    }
}

fn run(input: &WarningInput<'_>) -> Vec<(Rule, Severity)> {
    warnings(input, &Thresholds::default())
        .into_iter()
        .map(|w| (w.rule, w.severity))
        .collect()
}

fn regions(list: Vec<RegionFacts>) -> Vec<(Rule, Severity)> {
    run(&WarningInput {
        regions: list,
        ..WarningInput::default()
    })
}

#[test]
fn no_data_no_warnings() {
    assert!(run(&WarningInput::default()).is_empty());
    // A region with figures but nothing below its thresholds, no ranks, no targets.
    assert!(regions(vec![city(5.0, 5.0)]).is_empty());
}

#[test]
fn growth_below_the_parent_warns_from_a_tenth_of_a_point() {
    use Severity::*;
    assert_eq!(regions(vec![city(4.9, 5.0)]), [(Rule::BelowParent, Watch)]);
    assert!(regions(vec![city(5.0, 5.0)]).is_empty());
    assert_eq!(regions(vec![city(2.0, 5.0)]), [(Rule::BelowParent, Alert)]);
    assert_eq!(regions(vec![city(2.1, 5.0)]), [(Rule::BelowParent, Watch)]);
    let w = warnings(
        &WarningInput {
            regions: vec![city(4.9, 5.0)],
            ..WarningInput::default()
        },
        &Thresholds::default(),
    );
    assert_eq!((w[0].value, w[0].threshold), (Some(0.1), Some(0.1)));
    assert_eq!(
        w[0].text.zh,
        "鸡西市规上工业增加值增长4.9%，低于全省0.1个百分点"
    );
}

#[test]
fn rank_down_and_a_streak_ended() {
    use Severity::*;
    let ranked = |now, before, streak| RegionFacts {
        rank: Some((now, 13)),
        previous_rank: Some(before),
        previous_streak: streak,
        ..city(5.0, 5.0)
    };
    assert_eq!(regions(vec![ranked(3, 1, 0)]), [(Rule::RankDown, Watch)]);
    assert!(
        regions(vec![ranked(2, 1, 0)]).is_empty(),
        "one place is not two"
    );
    assert_eq!(regions(vec![ranked(5, 1, 0)]), [(Rule::RankDown, Alert)]);
    // First for three periods, now second: the streak ended (one place: no rank warning).
    assert_eq!(regions(vec![ranked(2, 1, 3)]), [(Rule::StreakEnded, Watch)]);
    assert!(regions(vec![ranked(2, 1, 2)]).is_empty());
    assert_eq!(regions(vec![ranked(2, 1, 6)]), [(Rule::StreakEnded, Alert)]);
    // Only a run at first place is a streak bulletins report: 4th → 5th ends nothing.
    assert!(regions(vec![ranked(5, 4, 3)]).is_empty());
    // Holding or improving ends nothing.
    assert!(regions(vec![ranked(1, 1, 9)]).is_empty());
    let w = warnings(
        &WarningInput {
            regions: vec![ranked(2, 1, 3)],
            ..WarningInput::default()
        },
        &Thresholds::default(),
    );
    assert_eq!(w[0].text.zh, "鸡西市此前连续3个月居第1位，本期降至第2位");
}

#[test]
fn targets_below_and_behind_schedule() {
    use Severity::*;
    let target = |kind: &'static str, gap: Option<f64>, ahead: Option<f64>| {
        let progress = TargetProgress {
            indicator: "va".into(),
            kind,
            target: 8.0,
            actual: Some(7.9),
            gap_pp: gap,
            completion_pct: ahead.map(|a| 50.0 + a),
            schedule_pct: 50.0,
            ahead_pp: ahead,
            needed_growth_pct: None,
            half_year_on_track: None,
            missing: vec![],
            needed_applies: true,
        };
        RegionFacts {
            targets: vec![(("规上工业增加值".into(), "value added".into()), progress)],
            ..city(5.0, 5.0)
        }
    };
    assert_eq!(
        regions(vec![target("rate", Some(-0.1), None)]),
        [(Rule::BelowTarget, Watch)]
    );
    assert!(regions(vec![target("rate", Some(0.0), None)]).is_empty());
    assert_eq!(
        regions(vec![target("rate", Some(-2.0), None)]),
        [(Rule::BelowTarget, Alert)]
    );
    assert_eq!(
        regions(vec![target("level", None, Some(-0.1))]),
        [(Rule::BehindSchedule, Watch)]
    );
    assert!(regions(vec![target("level", None, Some(0.0))]).is_empty());
    assert_eq!(
        regions(vec![target("level", None, Some(-5.0))]),
        [(Rule::BehindSchedule, Alert)]
    );
}

#[test]
fn electricity_and_output_apart_by_more_than_ten_points() {
    use Severity::*;
    let apart = |output, power| RegionFacts {
        output_power: Some((output, power)),
        ..city(5.0, 5.0)
    };
    assert!(
        regions(vec![apart(5.0, 15.0)]).is_empty(),
        "10 is not more than 10"
    );
    assert_eq!(
        regions(vec![apart(5.0, 15.1)]),
        [(Rule::PowerOutputApart, Watch)]
    );
    assert_eq!(
        regions(vec![apart(15.2, 5.1)]),
        [(Rule::PowerOutputApart, Watch)]
    );
    assert_eq!(
        regions(vec![apart(-5.0, 15.1)]),
        [(Rule::PowerOutputApart, Alert)]
    );
}

fn output(code: &str, cur: f64, prev: f64, month: Option<f64>) -> ResolvedReturn {
    ResolvedReturn {
        enterprise: code.into(),
        period: p(2023, 4),
        indicator: ReturnIndicator::Output,
        month,
        month_derived: false,
        ytd: Some(cur),
        ytd_last_year: Some(prev),
        last_year_from_return: false,
        ytd_previous_period: None,
        stated_growth_pct: None,
    }
}

fn member(code: &str) -> Member {
    Member {
        code: code.into(),
        name: format!("{code}公司"),
        region: "230300".into(),
        county: None,
        industry: None,
        official: String::new(),
        above_size: true,
        flags: vec![],
    }
}

#[test]
fn enterprises_stopped_declining_and_missing() {
    use Severity::*;
    let members: Vec<Member> = ["A", "B", "C", "D"].iter().map(|c| member(c)).collect();
    // Σprev = 4000. B: −20 → pull −0.5 (watch); C: −40 → −1.0 (alert); D has no return.
    let returns = vec![
        output("A", 1100.0, 1000.0, Some(100.0)),
        output("B", 980.0, 1000.0, Some(90.0)),
        output("C", 960.0, 1000.0, Some(80.0)),
        output("E", 500.0, 1000.0, Some(0.0)),
    ];
    let mut with_e = members.clone();
    with_e.push(member("E"));
    let stats = return_stats(p(2023, 4), ReturnIndicator::Output, &with_e, &returns);
    let got = run(&WarningInput {
        period: Some(p(2023, 4)),
        output: Some(&stats),
        ..WarningInput::default()
    });
    assert_eq!(
        got,
        [
            (Rule::EnterpriseStopped, Alert),
            (Rule::EnterpriseDeclining, Alert),
            (Rule::EnterpriseDeclining, Watch),
            (Rule::ReturnMissing, Watch),
        ]
    );
    // Just short: −0.49 points pulls no warning.
    let returns = vec![
        output("A", 1000.0, 1000.0, Some(100.0)),
        output("B", 990.2, 1000.0, Some(90.0)),
    ];
    let stats = return_stats(p(2023, 4), ReturnIndicator::Output, &members[..2], &returns);
    assert!(
        run(&WarningInput {
            period: Some(p(2023, 4)),
            output: Some(&stats),
            ..WarningInput::default()
        })
        .is_empty()
    );
}

#[test]
fn requests_open_more_than_thirty_days_and_officials_below_seventy() {
    use Severity::*;
    let request = |days| OpenRequest {
        enterprise: ("X".into(), "甲公司".into()),
        raised_on: Date::new(2023, 3, 1).expect("date"),
        category: ("融资".into(), "financing".into()),
        days,
    };
    let got = run(&WarningInput {
        requests: vec![request(30), request(31), request(60), request(61)],
        ..WarningInput::default()
    });
    assert_eq!(
        got,
        [
            (Rule::RequestOpen, Alert),
            (Rule::RequestOpen, Watch),
            (Rule::RequestOpen, Watch)
        ]
    );
    let official = |name: &str, score| OfficialScore {
        name: name.into(),
        enterprises: 1,
        output_growth_pct: None,
        vs_city_pp: None,
        investment_growth_pct: None,
        plan_completion_pct: None,
        requests: 0,
        resolved_pct: None,
        overdue: 0,
        satisfied_pct: None,
        score: Some(score),
        rank: Some(1),
        comparable: 0,
        projects: 0,
        resolved: 0,
        rated: 0,
        scores: [None; 5],
    };
    let card = Scorecard {
        period: p(2023, 4),
        weights: crate::model::Weights::default(),
        city_output_growth_pct: None,
        officials: vec![
            official("甲", 70.0),
            official("乙", 69.95),
            official("丙", 69.9),
            official("丁", 64.9),
        ],
    };
    let w = warnings(
        &WarningInput {
            scorecard: Some(&card),
            ..WarningInput::default()
        },
        &Thresholds::default(),
    );
    let got: Vec<(&str, Severity)> = w.iter().map(|w| (w.subject.name(), w.severity)).collect();
    // 69.95 rounds to 70.0 as printed: not below 70.
    assert_eq!(got, [("丁", Alert), ("丙", Watch)]);
    assert_eq!(w[1].text.zh, "丙包联考核综合得分69.9分，低于70.0分");
}
