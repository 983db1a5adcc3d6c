//! Hand-computed scorecards: the figures in the comments are worked out on paper from
//! SPEC §10's formulas.

use super::*;
use crate::analysis::returns::{Member, return_stats};
use crate::model::returns::{ResolvedReturn, ReturnIndicator};
use crate::model::{RequestStatus, Satisfaction};

fn p(year: i32, month: u32) -> Period {
    Period::new(year, month).expect("valid period")
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).expect("valid date")
}

fn enterprise(id: i64, official: &str) -> Enterprise {
    Enterprise {
        id,
        name: format!("企业{id}"),
        credit_code: format!("CODE{id}"),
        industry: Some("graphite".into()),
        region: "230300".into(),
        above_size: true,
        emerging: false,
        srdi: false,
        key_support: true,
        private: true,
        official: official.into(),
    }
}

fn output(code: &str, cur: f64, prev: f64) -> ResolvedReturn {
    ResolvedReturn {
        enterprise: code.into(),
        period: p(2023, 4),
        indicator: ReturnIndicator::Output,
        month: None,
        month_derived: false,
        ytd: Some(cur),
        ytd_last_year: Some(prev),
        last_year_from_return: false,
        ytd_previous_period: None,
        stated_growth_pct: None,
    }
}

fn project(
    enterprise_id: i64,
    name: &str,
    period: Period,
    planned_year: f64,
    done: f64,
    last: Option<f64>,
) -> InvestmentProject {
    InvestmentProject {
        id: 0,
        enterprise_id,
        name: name.into(),
        period,
        planned_total: Some(planned_year * 3.0),
        planned_year: Some(planned_year),
        done_ytd: Some(done),
        done_last: last,
    }
}

fn request(
    enterprise_id: i64,
    raised: Date,
    resolved: Option<Date>,
    rating: Option<Satisfaction>,
) -> ServiceRequest {
    ServiceRequest {
        revision: 0,
        id: 0,
        enterprise_id,
        raised_on: raised,
        category: "financing".into(),
        text: String::new(),
        status: if resolved.is_some() {
            RequestStatus::Resolved
        } else {
            RequestStatus::Open
        },
        resolved_on: resolved,
        satisfaction: rating,
    }
}

fn stats(register: &Register, returns: &[ResolvedReturn]) -> ReturnStats {
    let catalogue = crate::model::catalogue::builtin();
    let members: Vec<Member> = register
        .enterprises
        .iter()
        .map(|e| Member::from_enterprise(e, catalogue))
        .collect();
    return_stats(p(2023, 4), ReturnIndicator::Output, &members, returns)
}

/// Three officials, 1—4月 2023 (the period ends 2023-04-30):
/// - 张三: enterprises 1 (120 vs 100) and 2 (90 vs 100): output +5.0%; projects P1
///   (done 300, last 200, plan 600; its 1—3月 row is superseded) and P2 (new: done 100, plan
///   400): investment +100.0%, plan 40.0%; requests: resolved+满意, open 60 days (overdue),
///   open 10 days; one from 2022 and one from May are out of scope → 3, 33.3%, 1 overdue,
///   satisfied 100%.
/// - 李四: enterprise 3 (330 vs 300): +10.0%; P3 (done 150, last 200, plan 300): −25.0%, 50.0%;
///   requests: resolved+基本满意, resolved only in May (so open and overdue at the end)+不满意
///   → 2, 50%, 1 overdue, satisfied 50%.
/// - 王五: enterprise 4 (95 vs 100): −5.0%; no projects; requests resolved, resolved+不满意 →
///   2, 100%, 0 overdue, satisfied 0%.
/// - enterprise 5 has no official (100 vs 100). The city: 735 vs 700 = +5.0%.
fn three_officials() -> (Register, Vec<ResolvedReturn>) {
    let register = Register {
        enterprises: vec![
            enterprise(1, "张三"),
            enterprise(2, " 张三 "),
            enterprise(3, "李四"),
            enterprise(4, "王五"),
            enterprise(5, ""),
        ],
        requests: vec![
            request(
                1,
                d(2023, 1, 10),
                Some(d(2023, 2, 1)),
                Some(Satisfaction::Satisfied),
            ),
            request(2, d(2023, 3, 1), None, None),
            request(1, d(2023, 4, 20), None, None),
            request(1, d(2022, 12, 1), None, None),
            request(2, d(2023, 5, 5), None, Some(Satisfaction::Dissatisfied)),
            request(
                3,
                d(2023, 2, 1),
                Some(d(2023, 2, 20)),
                Some(Satisfaction::Basic),
            ),
            request(
                3,
                d(2023, 2, 10),
                Some(d(2023, 5, 10)),
                Some(Satisfaction::Dissatisfied),
            ),
            request(4, d(2023, 1, 5), Some(d(2023, 1, 20)), None),
            request(
                4,
                d(2023, 3, 1),
                Some(d(2023, 3, 15)),
                Some(Satisfaction::Dissatisfied),
            ),
        ],
        deals: vec![],
        projects: vec![
            project(1, "P1", p(2023, 3), 600.0, 250.0, Some(150.0)),
            project(1, "P1", p(2023, 4), 600.0, 300.0, Some(200.0)),
            project(1, "P1", p(2023, 5), 600.0, 380.0, Some(260.0)),
            project(2, "P2", p(2023, 4), 400.0, 100.0, None),
            project(3, "P3", p(2023, 4), 300.0, 150.0, Some(200.0)),
            project(3, "P3", p(2022, 12), 900.0, 800.0, Some(100.0)),
        ],
    };
    let returns = vec![
        output("CODE1", 120.0, 100.0),
        output("CODE2", 90.0, 100.0),
        output("CODE3", 330.0, 300.0),
        output("CODE4", 95.0, 100.0),
        output("CODE5", 100.0, 100.0),
    ];
    (register, returns)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn three_officials_score_as_computed_by_hand() {
    let (register, returns) = three_officials();
    let out = stats(&register, &returns);
    let card = evaluate(p(2023, 4), &register, Some(&out), Weights::default());
    assert!(close(card.city_output_growth_pct, 5.0));
    let names: Vec<&str> = card.officials.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["张三", "李四", "王五"]);
    let [zhang, li, wang] = [&card.officials[0], &card.officials[1], &card.officials[2]];

    assert_eq!((zhang.enterprises, zhang.comparable), (2, 2));
    assert!(close(zhang.output_growth_pct, 5.0) && close(zhang.vs_city_pp, 0.0));
    assert!(close(zhang.investment_growth_pct, 100.0));
    assert!(close(zhang.plan_completion_pct, 40.0));
    assert_eq!((zhang.requests, zhang.resolved, zhang.overdue), (3, 1, 1));
    assert!(close(zhang.resolved_pct, 100.0 / 3.0) && close(zhang.satisfied_pct, 100.0));
    assert_eq!(zhang.projects, 2);

    assert!(close(li.output_growth_pct, 10.0) && close(li.vs_city_pp, 5.0));
    assert!(close(li.investment_growth_pct, -25.0) && close(li.plan_completion_pct, 50.0));
    assert_eq!((li.requests, li.overdue, li.rated), (2, 1, 2));
    assert!(close(li.resolved_pct, 50.0) && close(li.satisfied_pct, 50.0));

    assert!(close(wang.output_growth_pct, -5.0) && close(wang.vs_city_pp, -10.0));
    assert_eq!(
        (wang.investment_growth_pct, wang.plan_completion_pct),
        (None, None)
    );
    assert!(close(wang.resolved_pct, 100.0) && close(wang.satisfied_pct, 0.0));

    // Output: min −5, max 10 → 张 60 + 40 × 10/15, 李 100, 王 60.
    let s = |o: &OfficialScore, c| o.component_score(c);
    assert!(close(
        s(zhang, Component::OutputGrowth),
        60.0 + 40.0 * 10.0 / 15.0
    ));
    assert!(close(s(li, Component::OutputGrowth), 100.0));
    assert!(close(s(wang, Component::OutputGrowth), 60.0));
    assert!(close(s(zhang, Component::InvestmentGrowth), 100.0));
    assert!(close(s(li, Component::InvestmentGrowth), 60.0));
    assert_eq!(s(wang, Component::InvestmentGrowth), None);
    // Resolved 33.3 / 50 / 100 → 60 / 70 / 100; overdue 1 / 1 / 0 (fewer is better) →
    // 60 / 60 / 100; satisfied 100 / 50 / 0 → 100 / 80 / 60.
    assert!(close(s(li, Component::Resolved), 70.0));
    assert!(close(s(wang, Component::Overdue), 100.0) && close(s(li, Component::Overdue), 60.0));
    assert!(close(s(li, Component::Satisfaction), 80.0));
    // 张: (40 × 86.667 + 20 × 100 + 20 × 60 + 10 × 60 + 10 × 100) / 100 = 82.667;
    // 李: (4000 + 1200 + 1400 + 600 + 800) / 100 = 80; 王 has no investment, so its weight
    // leaves the sum: (2400 + 2000 + 1000 + 600) / 80 = 75.
    assert!(close(zhang.score, 82.0 + 2.0 / 3.0));
    assert!(close(li.score, 80.0));
    assert!(close(wang.score, 75.0));
    assert_eq!(
        card.officials.iter().map(|o| o.rank).collect::<Vec<_>>(),
        [Some(1), Some(2), Some(3)]
    );
    assert_eq!(card.leaders().len(), 1);
}

#[test]
fn other_weights_reorder_the_officials() {
    let (register, returns) = three_officials();
    let out = stats(&register, &returns);
    let mut w = Weights::default();
    for c in Component::ALL {
        w.set(c, 0.0);
    }
    w.set(Component::Resolved, 1.0);
    let card = evaluate(p(2023, 4), &register, Some(&out), w);
    // Resolved only: 王 100, 李 70, 张 60.
    let order: Vec<(&str, Option<f64>)> = card
        .officials
        .iter()
        .map(|o| (o.name.as_str(), o.score))
        .collect();
    assert_eq!(
        order,
        [
            ("王五", Some(100.0)),
            ("李四", Some(70.0)),
            ("张三", Some(60.0))
        ]
    );
    assert_eq!(card.weights, w);
}

#[test]
fn equal_officials_tie_and_the_next_rank_is_skipped() {
    let register = Register {
        enterprises: vec![
            enterprise(1, "甲"),
            enterprise(2, "乙"),
            enterprise(3, "丙"),
        ],
        requests: vec![],
        deals: vec![],
        projects: vec![],
    };
    let returns = vec![
        output("CODE1", 110.0, 100.0),
        output("CODE2", 220.0, 200.0),
        output("CODE3", 100.0, 100.0),
    ];
    let out = stats(&register, &returns);
    let card = evaluate(p(2023, 4), &register, Some(&out), Weights::default());
    // 甲 and 乙 both grew 10% → 100 each; 丙 0% → 60. Only output has data, so the
    // composite is the output score.
    let got: Vec<(&str, Option<f64>, Option<usize>)> = card
        .officials
        .iter()
        .map(|o| (o.name.as_str(), o.score, o.rank))
        .collect();
    assert_eq!(
        got,
        [
            ("乙", Some(100.0), Some(1)),
            ("甲", Some(100.0), Some(1)),
            ("丙", Some(60.0), Some(3)),
        ]
    );
    assert_eq!(card.leaders().len(), 2);
    assert_eq!(
        competition_ranks(&[Some(90.0), Some(80.0), None, Some(80.0), Some(70.0)]),
        [Some(1), Some(2), None, Some(2), Some(4)]
    );
}

#[test]
fn all_equal_components_score_100_and_missing_data_is_left_out() {
    assert_eq!(
        efficacy(&[Some(5.0), None, Some(5.0)], true),
        [Some(100.0), None, Some(100.0)]
    );
    assert_eq!(
        efficacy(&[Some(2.0), Some(0.0), Some(1.0)], false),
        [Some(60.0), Some(100.0), Some(80.0)]
    );
    assert_eq!(efficacy(&[None, None], true), [None, None]);
    // An official with enterprises but no returns, projects or requests has no score and
    // comes last, unranked; one without requests has no overdue component either.
    let register = Register {
        enterprises: vec![enterprise(1, "甲"), enterprise(2, "乙")],
        requests: vec![request(1, d(2023, 2, 1), None, None)],
        deals: vec![],
        projects: vec![],
    };
    let card = evaluate(p(2023, 4), &register, None, Weights::default());
    let jia = card.official("甲").expect("甲");
    let yi = card.official("乙").expect("乙");
    assert_eq!(jia.rank, Some(1));
    // 甲's only request is open 88 days: 0% resolved, 1 overdue — both alone, so 100.
    assert!(close(jia.component_score(Component::Overdue), 100.0));
    assert!(close(jia.score, 100.0));
    assert_eq!(
        (yi.score, yi.rank, yi.value(Component::Overdue)),
        (None, None, None)
    );
    assert_eq!(card.officials.last().map(|o| o.name.as_str()), Some("乙"));
    assert_eq!(card.city_output_growth_pct, None);
}

#[test]
fn composite_renormalises_over_what_an_official_has() {
    let w = Weights::default();
    let all = [Some(100.0), Some(60.0), Some(80.0), Some(60.0), Some(100.0)];
    // (4000 + 1200 + 1600 + 600 + 1000) / 100
    assert!(close(composite(&all, &w), 84.0));
    let some = [Some(100.0), None, Some(80.0), None, None];
    // (4000 + 1600) / 60
    assert!(close(composite(&some, &w), 5600.0 / 60.0));
    let mut zero_output = w;
    zero_output.set(Component::OutputGrowth, 0.0);
    assert_eq!(
        composite(&[Some(100.0), None, None, None, None], &zero_output),
        None
    );
}

#[test]
fn paired_enterprises_list_status_requests_and_projects() {
    let (register, returns) = three_officials();
    let out = stats(&register, &returns);
    let list = paired_enterprises("张三", p(2023, 4), &register, Some(&out));
    assert_eq!(list.len(), 2);
    let first = &list[0];
    assert_eq!(first.code, "CODE1");
    assert_eq!(first.status, Some(Status::Growing));
    assert!(close(first.growth_pct, 20.0));
    // 20 of the city's 700 → 2.857 points.
    assert!(close(first.pull_pp, 20.0 / 700.0 * 100.0));
    assert_eq!((first.requests, first.unresolved, first.overdue), (2, 1, 0));
    assert_eq!(first.projects, 1);
    assert!((first.investment_done - 300.0).abs() < 1e-9);
    let second = &list[1];
    assert_eq!(second.status, Some(Status::Declining));
    assert_eq!(
        (second.requests, second.overdue, second.projects),
        (1, 1, 1)
    );
    assert!((second.investment_last - 0.0).abs() < 1e-9);
}

#[test]
fn scorecard_json_has_the_spec_fields_in_rank_order() {
    let (register, returns) = three_officials();
    let out = stats(&register, &returns);
    let card = evaluate(p(2023, 4), &register, Some(&out), Weights::default());
    let json = serde_json::to_value(&card).expect("json");
    assert_eq!(json["period"], "2023-04");
    assert_eq!(json["weights"]["output_growth"], 40.0);
    let first = &json["officials"][0];
    let mut keys: Vec<&str> = first
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut want = [
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
    want.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(first["name"], "张三");
    assert_eq!(
        json["officials"][2]["investment_growth_pct"],
        serde_json::Value::Null
    );
}

#[test]
fn completion_counts_planned_projects_and_plans_carry_forward() {
    let plan = |name: &str, period, planned: Option<f64>, done| InvestmentProject {
        id: 0,
        enterprise_id: 1,
        name: name.into(),
        period,
        planned_total: planned.map(|x| x * 3.0),
        planned_year: planned,
        done_ytd: Some(done),
        done_last: None,
    };
    // P1 planned 100 in the 1—3月 list; the 1—4月 progress list gives only done 50. P2 has
    // no plan at all (done 80): completion is 50 / 100 = 50%, not 130%.
    let rows = vec![
        plan("P1", p(2023, 3), Some(100.0), 30.0),
        plan("P1", p(2023, 4), None, 50.0),
        plan("P2", p(2023, 4), None, 80.0),
    ];
    let at = projects_at(&rows, p(2023, 4));
    assert_eq!(at.len(), 2);
    let p1 = at.iter().find(|x| x.name == "P1").expect("P1");
    assert_eq!(
        (p1.planned_year, p1.planned_total, p1.done_ytd),
        (Some(100.0), Some(300.0), Some(50.0))
    );
    let refs: Vec<&InvestmentProject> = at.iter().collect();
    let (growth, completion) = investment(&refs);
    assert_eq!(growth, None, "nothing last year");
    assert!(close(completion, 50.0));
}
