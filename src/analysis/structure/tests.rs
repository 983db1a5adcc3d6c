use super::*;
use crate::model::{Figure, Industry};
use proptest::prelude::*;

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

fn cat(codes: &[&str]) -> Catalogue {
    let mut c = crate::model::catalogue::builtin().clone();
    c.industries = codes
        .iter()
        .map(|code| Industry {
            code: code.to_string(),
            name_zh: code.to_string(),
            name_en: code.to_string(),
            aliases: vec![],
        })
        .collect();
    c.groups = vec![IndustryGroup {
        code: "g".into(),
        name_zh: "组".into(),
        name_en: "group".into(),
        members: vec!["a".into(), "b".into()],
    }];
    c
}

fn put(f: &mut Figures, ind: &str, subject: Subject, period: Period, value: f64) {
    f.insert(
        SeriesKey {
            region: "r".into(),
            indicator: ind.into(),
            subject,
            basis: Basis::Ytd,
        },
        period,
        Figure {
            value,
            source: None,
        },
    );
}

fn industry(code: &str) -> Subject {
    Subject::Industry(code.into())
}

/// Whole 100 → 110; a 50 → 60; b 30 → 27; other 20 → 23.
fn levels_case() -> Figures {
    let mut f = Figures::new();
    for (subject, before, now) in [
        (Subject::Whole, 100.0, 110.0),
        (industry("a"), 50.0, 60.0),
        (industry("b"), 30.0, 27.0),
    ] {
        put(&mut f, "va", subject.clone(), p(2022, 4), before);
        put(&mut f, "va", subject, p(2023, 4), now);
    }
    f
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn shares_contributions_and_pulls_by_hand() {
    let f = levels_case();
    let s = structure(&f, &cat(&["a", "b"]), "r", p(2023, 4)).expect("structure");
    let a = s.part("a").expect("a");
    let b = s.part("b").expect("b");
    let o = s.other.as_ref().expect("other");
    assert!(close(a.share_pct, 60.0 / 110.0 * 100.0));
    assert!(close(o.share_pct, 23.0 / 110.0 * 100.0));
    assert!(close(a.pull_pp, 10.0));
    assert!(close(b.pull_pp, -3.0), "a negative pull: {:?}", b.pull_pp);
    assert!(close(o.pull_pp, 3.0));
    assert!(close(a.contribution_pct, 100.0));
    assert!(close(b.contribution_pct, -30.0));
    assert!(close(o.contribution_pct, 30.0));
    assert!(close(a.growth_pct, 20.0));
    assert!(close(b.growth_pct, -10.0));
    assert!(!a.rate_stored);
    assert!(close(s.whole_growth_from_levels, 10.0));
}

#[test]
fn bases_come_from_published_rates_when_last_year_is_missing() {
    let mut f = Figures::new();
    put(&mut f, "va", Subject::Whole, p(2023, 4), 110.0);
    put(&mut f, "va_growth", Subject::Whole, p(2023, 4), 10.0);
    put(&mut f, "va", industry("a"), p(2023, 4), 60.0);
    put(&mut f, "va_growth", industry("a"), p(2023, 4), 20.0);
    put(&mut f, "va", industry("b"), p(2023, 4), 27.0);
    put(&mut f, "va_growth", industry("b"), p(2023, 4), -10.0);
    let s = structure(&f, &cat(&["a", "b"]), "r", p(2023, 4)).expect("structure");
    assert!(close(s.part("a").and_then(|x| x.pull_pp), 10.0));
    assert!(close(s.part("b").and_then(|x| x.pull_pp), -3.0));
    assert!(s.part("a").is_some_and(|x| x.rate_stored));
    assert!(close(s.other.as_ref().and_then(|o| o.pull_pp), 3.0));
}

#[test]
fn a_zero_base_gives_no_growth_and_no_division() {
    let mut f = Figures::new();
    put(&mut f, "va", Subject::Whole, p(2022, 4), 0.0);
    put(&mut f, "va", Subject::Whole, p(2023, 4), 10.0);
    put(&mut f, "va", industry("a"), p(2022, 4), 0.0);
    put(&mut f, "va", industry("a"), p(2023, 4), 10.0);
    let s = structure(&f, &cat(&["a"]), "r", p(2023, 4)).expect("structure");
    let a = s.part("a").expect("a");
    assert_eq!(a.growth_pct, None);
    assert_eq!(a.pull_pp, None);
    assert!(close(a.contribution_pct, 100.0));
    assert!(close(a.share_pct, 100.0));
}

#[test]
fn a_missing_period_has_no_structure() {
    let f = levels_case();
    assert!(structure(&f, &cat(&["a", "b"]), "r", p(2023, 5)).is_none());
    // Without last year's levels or rates there are shares but no pulls.
    let s = structure(&f, &cat(&["a", "b"]), "r", p(2022, 4)).expect("structure");
    assert!(
        s.part("a")
            .is_some_and(|a| a.share_pct.is_some() && a.pull_pp.is_none())
    );
}

#[test]
fn groups_use_the_published_rate_else_levels() {
    let mut f = levels_case();
    let c = cat(&["a", "b"]);
    let s = structure(&f, &c, "r", p(2023, 4));
    let g = group_growth(&f, &c, "r", &c.groups[0], s.as_ref(), p(2023, 4));
    assert!(close(g.growth_pct, (87.0 / 80.0 - 1.0) * 100.0));
    assert!(!g.rate_stored);
    assert!(close(g.pull_pp, 7.0));
    put(
        &mut f,
        "va_growth",
        Subject::Group("g".into()),
        p(2023, 4),
        21.8,
    );
    let g = group_growth(&f, &c, "r", &c.groups[0], s.as_ref(), p(2023, 4));
    assert_eq!(g.growth_pct, Some(21.8));
    assert!(g.rate_stored);
}

#[test]
fn a_group_with_a_member_missing_has_no_figures_from_levels() {
    // Member b has no figures: a, alone, is not the group.
    let mut f = Figures::new();
    for (subject, before, now) in [(Subject::Whole, 100.0, 110.0), (industry("a"), 50.0, 60.0)] {
        put(&mut f, "va", subject.clone(), p(2022, 4), before);
        put(&mut f, "va", subject, p(2023, 4), now);
    }
    let c = cat(&["a", "b"]);
    let s = structure(&f, &c, "r", p(2023, 4));
    let g = group_growth(&f, &c, "r", &c.groups[0], s.as_ref(), p(2023, 4));
    assert_eq!((g.growth_pct, g.share_pct, g.pull_pp), (None, None, None));
}

#[test]
fn two_year_average_is_geometric() {
    // reference/published-figures.md: √(1.075 × 1.024) − 1 = 4.9%.
    assert_eq!(two_year_average(7.5, 2.4).map(round1), Some(4.9));
    assert_eq!(two_year_average(-10.0, 10.0).map(round1), Some(-0.5));
    assert_eq!(two_year_average(-100.0, 5.0), Some(-100.0));
}

proptest! {
    #[test]
    fn identities_hold_on_random_levels(
        parts in prop::collection::vec((1.0f64..1e6, -0.5f64..1.5), 1..8),
        other in (0.0f64..1e6, -0.5f64..1.5),
    ) {
        let codes: Vec<String> = (0..parts.len()).map(|i| format!("i{i}")).collect();
        let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let mut f = Figures::new();
        let (mut whole_before, mut whole_now) = (other.0, other.0 * (1.0 + other.1));
        for (code, (base, g)) in codes.iter().zip(&parts) {
            put(&mut f, "va", industry(code), p(2022, 6), *base);
            put(&mut f, "va", industry(code), p(2023, 6), base * (1.0 + g));
            whole_before += base;
            whole_now += base * (1.0 + g);
        }
        put(&mut f, "va", Subject::Whole, p(2022, 6), whole_before);
        put(&mut f, "va", Subject::Whole, p(2023, 6), whole_now);
        let s = structure(&f, &cat(&code_refs), "r", p(2023, 6)).expect("structure");
        let growth = s.whole_growth_from_levels.expect("growth");
        let pulls: f64 = s.all_parts().map(|x| x.pull_pp.expect("pull")).sum();
        prop_assert!((pulls - growth).abs() < 1e-6 * growth.abs().max(1.0));
        let shares: f64 = s.all_parts().map(|x| x.share_pct.expect("share")).sum();
        prop_assert!((shares - 100.0).abs() < 1e-6);
        let increase = whole_now - whole_before;
        if increase.abs() > 1e-3 * whole_before {
            let contributions: f64 = s.all_parts().map(|x| x.contribution_pct.expect("c")).sum();
            prop_assert!((contributions - 100.0).abs() < 1e-6);
        }
    }
}
