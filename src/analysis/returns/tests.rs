use proptest::prelude::*;

use super::*;
use crate::analysis::round_to;
use crate::model::returns::{MonthlyReturn, resolve_all};
use crate::model::{Region, RegionLevel};

fn p(year: i32, month: u32) -> Period {
    Period::new(year, month).expect("valid period")
}

const OUT: ReturnIndicator = ReturnIndicator::Output;

/// A 规上 member with an industry, no county, no official and no flags.
fn member(code: &str, industry: &str) -> Member {
    Member {
        code: code.into(),
        name: format!("{code}公司"),
        region: "230300".into(),
        county: None,
        industry: Some(industry.into()),
        official: String::new(),
        above_size: true,
        flags: vec![],
    }
}

/// A resolved 1—4月 output return with year-to-date values only.
fn ytd(code: &str, cur: f64, prev: f64) -> ResolvedReturn {
    full(code, p(2023, 4), None, Some(cur), Some(prev), None)
}

fn full(
    code: &str,
    period: Period,
    month: Option<f64>,
    cur: Option<f64>,
    prev: Option<f64>,
    before: Option<f64>,
) -> ResolvedReturn {
    ResolvedReturn {
        enterprise: code.into(),
        period,
        indicator: OUT,
        month,
        month_derived: false,
        ytd: cur,
        ytd_last_year: prev,
        last_year_from_return: false,
        ytd_previous_period: before,
        stated_growth_pct: None,
    }
}

fn stats(members: &[Member], returns: &[ResolvedReturn]) -> ReturnStats {
    let period = returns.first().map_or(p(2023, 4), |r| r.period);
    return_stats(period, OUT, members, returns)
}

fn line<'a>(s: &'a ReturnStats, code: &str) -> &'a EnterpriseReturn {
    s.enterprises
        .iter()
        .find(|e| e.code == code)
        .expect("listed")
}

fn r4(x: Option<f64>) -> Option<f64> {
    x.map(|v| round_to(v, 4))
}

fn codes(s: &ReturnStats) -> Vec<&str> {
    s.enterprises.iter().map(|e| e.code.as_str()).collect()
}

#[test]
fn formulas_on_three_enterprises() {
    // A 120 vs 100, B 90 vs 100, C 250 vs 200: Σcur 460, Σprev 400, increase 60.
    // Aggregate (460 − 400)/400 × 100 = 15.0. Growth: A 20, B −10, C 25.
    // Pull: A 20/400 × 100 = 5.0, B −10/400 × 100 = −2.5, C 50/400 × 100 = 12.5 (sum 15).
    // Contribution: A 20/60 = 33.3333, B −10/60 = −16.6667, C 50/60 = 83.3333 (sum 100).
    // 减产面: B alone of three = 33.3333.
    let m = [
        member("A", "coal"),
        member("B", "coal"),
        member("C", "food"),
    ];
    let s = stats(
        &m,
        &[
            ytd("A", 120.0, 100.0),
            ytd("B", 90.0, 100.0),
            ytd("C", 250.0, 200.0),
        ],
    );
    assert_eq!(
        (s.reporting, s.comparable, s.missing, s.stopped),
        (3, 3, 0, 0)
    );
    assert_eq!(r4(s.growth_pct), Some(15.0));
    assert_eq!((s.declining, r4(s.decline_share_pct)), (1, Some(33.3333)));
    assert_eq!((s.current_total, s.previous_total), (460.0, 400.0));
    assert_eq!(codes(&s), ["C", "A", "B"]);
    let expect = [
        ("A", 20.0, 5.0, 33.3333, Status::Growing),
        ("B", -10.0, -2.5, -16.6667, Status::Declining),
        ("C", 25.0, 12.5, 83.3333, Status::Growing),
    ];
    for (code, growth, pull, contribution, status) in expect {
        let e = line(&s, code);
        assert_eq!(r4(e.growth_pct), Some(growth), "{code} growth");
        assert_eq!(r4(e.pull_pp), Some(pull), "{code} pull");
        assert_eq!(
            r4(e.contribution_pct),
            Some(contribution),
            "{code} contribution"
        );
        assert_eq!(e.status, status, "{code} status");
    }
    assert_eq!(line(&s, "B").name, "B公司");
}

#[test]
fn jan_feb_stops_only_by_a_zero_month() {
    // 1—2月 is one period with no previous one in the year: resolve_all gives each return
    // its month value = its ytd value.
    // S: ytd 0 (last year 50) → month 0 after output last year → stopped; growth −100,
    //    so it also counts as declining.
    // D: ytd 40 vs 50 → −20%, declining, not stopped (no previous period to compare with).
    // Σcur 40, Σprev 100: aggregate −60%; 减产面 2/2 = 100.
    let ret = |code: &str, cur: f64, prev: f64| MonthlyReturn {
        enterprise: code.into(),
        period: p(2023, 2),
        indicator: OUT,
        month: None,
        ytd: Some(cur),
        ytd_last_year: Some(prev),
        stated_growth_pct: None,
    };
    let resolved = resolve_all(&[ret("S", 0.0, 50.0), ret("D", 40.0, 50.0)]).expect("unique");
    assert!(resolved.iter().all(|r| r.ytd_previous_period.is_none()));
    let s = stats(&[member("S", "coal"), member("D", "coal")], &resolved);
    assert_eq!(line(&s, "S").status, Status::Stopped);
    assert_eq!(line(&s, "D").status, Status::Declining);
    assert_eq!((s.stopped, s.declining, s.comparable), (1, 2, 2));
    assert_eq!(
        (r4(s.growth_pct), r4(s.decline_share_pct)),
        (Some(-60.0), Some(100.0))
    );
}

#[test]
fn stopped_by_a_zero_month_or_an_unmoved_ytd() {
    // 1—5月. Z states May = 0 (ytd 500 vs 400 last year): stopped although growing (+25%),
    // so it is not declining. U has no month, ytd 300 = 1—4月's 300: stopped, −25% vs 400.
    // F: month absent, ytd 300 after 1—4月 250: producing, +50% vs 200 → growing.
    // N: started this year (no last-year value), May = 0 after 1—4月 output → stopped, not new.
    // W: nothing this year nor last year, month 0 → new, not stopped (never had output).
    let p5 = p(2023, 5);
    let returns = [
        full("Z", p5, Some(0.0), Some(500.0), Some(400.0), Some(500.0)),
        full("U", p5, None, Some(300.0), Some(400.0), Some(300.0)),
        full("F", p5, None, Some(300.0), Some(200.0), Some(250.0)),
        full("N", p5, Some(0.0), Some(80.0), None, Some(80.0)),
        full("W", p5, Some(0.0), Some(0.0), None, Some(0.0)),
    ];
    let m: Vec<Member> = ["Z", "U", "F", "N", "W"]
        .iter()
        .map(|c| member(c, "coal"))
        .collect();
    let s = stats(&m, &returns);
    let status = |c| line(&s, c).status;
    assert_eq!(
        [
            status("Z"),
            status("U"),
            status("F"),
            status("N"),
            status("W")
        ],
        [
            Status::Stopped,
            Status::Stopped,
            Status::Growing,
            Status::Stopped,
            Status::New
        ]
    );
    // Comparable Z, U, F; declining only U (−25%): 减产面 1/3.
    assert_eq!(
        (s.stopped, s.declining, s.comparable, s.reporting),
        (3, 1, 3, 5)
    );
    assert_eq!(r4(s.decline_share_pct), Some(33.3333));
}

#[test]
fn employees_are_not_stopped_by_an_unchanged_average() {
    // An average head count of 300 in 1—4月 and 1—5月 is a steady workforce, not a stop.
    let mut r = full("E", p(2023, 5), None, Some(300.0), Some(290.0), Some(300.0));
    r.indicator = ReturnIndicator::Employees;
    assert_eq!(status(&r), Status::Growing);
    r.indicator = OUT;
    assert_eq!(status(&r), Status::Stopped);
}

#[test]
fn a_missing_month_leaves_no_previous_period_to_compare_with() {
    // Returns for 1—3月 (ytd 500) and 1—5月 (ytd 500), none for 1—4月. resolve_all gives
    // 1—5月 no month value (it would be April and May) and no previous-period ytd, so the
    // unmoved-ytd rule cannot apply: the enterprise is classed by growth, 500/400 = +25%.
    let ret = |period, cur| MonthlyReturn {
        enterprise: "G".into(),
        period,
        indicator: OUT,
        month: None,
        ytd: Some(cur),
        ytd_last_year: Some(400.0),
        stated_growth_pct: None,
    };
    let resolved = resolve_all(&[ret(p(2023, 3), 500.0), ret(p(2023, 5), 500.0)]).expect("unique");
    let may = resolved
        .iter()
        .find(|r| r.period == p(2023, 5))
        .expect("May");
    assert_eq!((may.month, may.ytd_previous_period), (None, None));
    let s = return_stats(p(2023, 5), OUT, &[member("G", "coal")], &resolved);
    assert_eq!(line(&s, "G").status, Status::Growing);
    assert_eq!(r4(line(&s, "G").growth_pct), Some(25.0));
    // The 1—3月 return is another period: not counted in 1—5月.
    assert_eq!(s.reporting, 1);
}

#[test]
fn zero_or_absent_last_year_is_new_and_outside_the_sums() {
    // A 110 vs 100 comparable; N 50 vs 0 and P −20 (a loss) vs −30 (profit can be
    // negative) and Q with no last-year value are new: not comparable, no growth or pull.
    // Aggregate over A alone: 10%, A's pull 10 and contribution 100.
    let m = [
        member("A", "x"),
        member("N", "x"),
        member("P", "x"),
        member("Q", "x"),
    ];
    let returns = [
        ytd("A", 110.0, 100.0),
        ytd("N", 50.0, 0.0),
        ytd("P", -20.0, -30.0),
        full("Q", p(2023, 4), None, Some(70.0), None, None),
    ];
    let s = stats(&m, &returns);
    assert_eq!((s.reporting, s.comparable), (4, 1));
    assert_eq!((r4(s.growth_pct), s.previous_total), (Some(10.0), 100.0));
    for code in ["N", "P", "Q"] {
        let e = line(&s, code);
        assert_eq!(e.status, Status::New, "{code}");
        assert_eq!(
            (e.growth_pct, e.pull_pp, e.contribution_pct),
            (None, None, None)
        );
    }
    assert_eq!(
        (
            r4(line(&s, "A").pull_pp),
            r4(line(&s, "A").contribution_pct)
        ),
        (Some(10.0), Some(100.0))
    );
    // Not comparable ones follow the comparable, by code.
    assert_eq!(codes(&s), ["A", "N", "P", "Q"]);
}

#[test]
fn all_declining() {
    // A 80 vs 100, B 150 vs 200: Σcur 230, Σprev 300, aggregate −70/300 = −23.3333%.
    // Pulls −20/300 = −6.6667 and −50/300 = −16.6667; contributions of a fall are positive
    // shares of it: −20/−70 = 28.5714, −50/−70 = 71.4286. 减产面 2/2 = 100.
    let s = stats(
        &[member("A", "x"), member("B", "x")],
        &[ytd("A", 80.0, 100.0), ytd("B", 150.0, 200.0)],
    );
    assert_eq!(r4(s.growth_pct), Some(-23.3333));
    assert_eq!((s.declining, r4(s.decline_share_pct)), (2, Some(100.0)));
    assert_eq!(codes(&s), ["A", "B"]);
    assert_eq!(
        (r4(line(&s, "A").pull_pp), r4(line(&s, "B").pull_pp)),
        (Some(-6.6667), Some(-16.6667))
    );
    assert_eq!(
        (
            r4(line(&s, "A").contribution_pct),
            r4(line(&s, "B").contribution_pct)
        ),
        (Some(28.5714), Some(71.4286))
    );
    assert_eq!(
        s.top_down(5)
            .iter()
            .map(|e| e.code.as_str())
            .collect::<Vec<_>>(),
        ["B", "A"]
    );
    assert!(s.top_up(5).is_empty());
}

#[test]
fn no_net_change_leaves_contributions_undefined() {
    // A 110 vs 100, B 90 vs 100, C 100 vs 100: Σcur = Σprev = 300, growth 0.
    // Pulls +3.3333, −3.3333, 0; contributions divide by 0 → None. C's 0% is growing.
    let s = stats(
        &[member("A", "x"), member("B", "x"), member("C", "x")],
        &[
            ytd("A", 110.0, 100.0),
            ytd("B", 90.0, 100.0),
            ytd("C", 100.0, 100.0),
        ],
    );
    assert_eq!(s.growth_pct, Some(0.0));
    assert!(s.enterprises.iter().all(|e| e.contribution_pct.is_none()));
    assert_eq!(r4(line(&s, "A").pull_pp), Some(3.3333));
    assert_eq!(r4(line(&s, "B").pull_pp), Some(-3.3333));
    assert_eq!(line(&s, "C").status, Status::Growing);
    assert_eq!(codes(&s), ["A", "C", "B"]);
    let groups = s.breakdown(Dimension::Industry);
    assert_eq!(groups[0].contribution_pct, None);
}

#[test]
fn ties_in_pull_are_ordered_by_code_and_missing_come_last() {
    // K, J and H each +10 on Σprev 300: pulls 3.3333 each, listed by code H, J, K, given in
    // reverse. M (规上, no return) and L (规上, no return) follow, by code; S (below 规上,
    // no return) is not listed at all.
    let mut small = member("S", "x");
    small.above_size = false;
    let m = [
        member("M", "x"),
        member("L", "x"),
        small,
        member("K", "x"),
        member("J", "x"),
        member("H", "x"),
    ];
    let s = stats(
        &m,
        &[
            ytd("K", 110.0, 100.0),
            ytd("J", 110.0, 100.0),
            ytd("H", 110.0, 100.0),
        ],
    );
    assert_eq!(codes(&s), ["H", "J", "K", "L", "M"]);
    assert_eq!((s.reporting, s.missing, s.comparable), (3, 2, 3));
    assert_eq!(line(&s, "L").status, Status::Missing);
    assert_eq!(
        s.top_up(2)
            .iter()
            .map(|e| e.code.as_str())
            .collect::<Vec<_>>(),
        ["H", "J"]
    );
}

#[test]
fn other_periods_and_indicators_are_not_counted() {
    // Only 1—4月 output counts: the 1—3月 return and the revenue return are another
    // selection, so A is missing and B reports alone.
    let mut revenue = ytd("A", 10.0, 5.0);
    revenue.indicator = ReturnIndicator::Revenue;
    let returns = [
        full("A", p(2023, 3), None, Some(90.0), Some(80.0), None),
        revenue,
        ytd("B", 10.0, 8.0),
    ];
    let s = return_stats(
        p(2023, 4),
        OUT,
        &[member("A", "x"), member("B", "x")],
        &returns,
    );
    assert_eq!((s.reporting, s.missing), (1, 1));
    assert_eq!(line(&s, "A").status, Status::Missing);
}

#[test]
fn a_return_outside_the_register_is_kept_under_its_code() {
    let s = stats(&[], &[ytd("X9", 12.0, 10.0)]);
    let e = line(&s, "X9");
    assert_eq!((e.name.as_str(), e.status), ("X9", Status::Growing));
    assert_eq!(s.reporting, 1);
}

/// Two counties, one city-level enterprise, two officials, flags.
fn breakdown_case() -> ReturnStats {
    // A coal/c1/王 +20 on 100; B coal/c2 −10 on 100 (key support); C food/no county/王
    // +50 on 200 (key support, SRDI); D food/c1 missing.
    let mut a = member("A", "coal");
    a.county = Some("c1".into());
    a.official = "王".into();
    let mut b = member("B", "coal");
    b.county = Some("c2".into());
    b.flags = vec![Flag::KeySupport];
    let mut c = member("C", "food");
    c.official = "王".into();
    // Key support listed twice (a register quirk): C is in that group once.
    c.flags = vec![Flag::KeySupport, Flag::Srdi, Flag::KeySupport];
    let mut d = member("D", "food");
    d.county = Some("c1".into());
    stats(
        &[a, b, c, d],
        &[
            ytd("A", 120.0, 100.0),
            ytd("B", 90.0, 100.0),
            ytd("C", 250.0, 200.0),
        ],
    )
}

#[test]
fn breakdown_by_industry_has_each_groups_own_figures() {
    // coal: A, B: Σ 210 vs 200 → +5%, pull 10/400 = 2.5, contribution 10/60 = 16.6667,
    //       减产面 1/2 = 50. food: C, D (missing): 250 vs 200 → +25%, pull 12.5,
    //       contribution 83.3333, 减产面 0/1 = 0, missing 1.
    let s = breakdown_case();
    let g = s.breakdown(Dimension::Industry);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].key.as_deref(), Some("coal"));
    assert_eq!(
        (
            g[0].tally.enterprises,
            g[0].tally.comparable,
            g[0].tally.declining
        ),
        (2, 2, 1)
    );
    assert_eq!(r4(g[0].tally.growth_pct), Some(5.0));
    assert_eq!(r4(g[0].tally.decline_share_pct), Some(50.0));
    assert_eq!(
        (r4(g[0].pull_pp), r4(g[0].contribution_pct)),
        (Some(2.5), Some(16.6667))
    );
    assert_eq!(g[1].key.as_deref(), Some("food"));
    assert_eq!((g[1].tally.reporting, g[1].tally.missing), (1, 1));
    assert_eq!(r4(g[1].tally.growth_pct), Some(25.0));
    assert_eq!(r4(g[1].tally.decline_share_pct), Some(0.0));
    assert_eq!(
        (r4(g[1].pull_pp), r4(g[1].contribution_pct)),
        (Some(12.5), Some(83.3333))
    );
}

#[test]
fn breakdown_by_county_puts_city_level_enterprises_last() {
    // c1: A (+20%) and D (missing); c2: B (−10%); no county: C (+25%), listed last.
    let s = breakdown_case();
    let g = s.breakdown(Dimension::County);
    let keys: Vec<Option<&str>> = g.iter().map(|x| x.key.as_deref()).collect();
    assert_eq!(keys, [Some("c1"), Some("c2"), None]);
    assert_eq!((g[0].tally.enterprises, g[0].tally.missing), (2, 1));
    assert_eq!(r4(g[0].tally.growth_pct), Some(20.0));
    assert_eq!(r4(g[1].tally.growth_pct), Some(-10.0));
    assert_eq!(
        (g[2].tally.enterprises, r4(g[2].tally.growth_pct)),
        (1, Some(25.0))
    );
    let sum: usize = g.iter().map(|x| x.tally.enterprises).sum();
    assert_eq!(sum, s.enterprises.len());
}

#[test]
fn breakdown_by_official_and_by_flag() {
    // 王: A and C, 370 vs 300 → +23.3333%; no official: B and D. Key support: B and C,
    // 340 vs 300 → +13.3333%, 减产面 1/2; SRDI: C alone. Emerging and private: nobody.
    let s = breakdown_case();
    let o = s.breakdown(Dimension::Official);
    assert_eq!(o[0].key.as_deref(), Some("王"));
    assert_eq!(r4(o[0].tally.growth_pct), Some(23.3333));
    assert_eq!((o[1].key.as_deref(), o[1].tally.enterprises), (None, 2));
    let f = s.breakdown(Dimension::Flag);
    let keys: Vec<Option<&str>> = f.iter().map(|x| x.key.as_deref()).collect();
    assert_eq!(keys, [Some("key_support"), Some("srdi")]);
    assert_eq!(f[0].tally.enterprises, 2);
    assert_eq!(r4(f[0].tally.growth_pct), Some(13.3333));
    assert_eq!(r4(f[0].tally.decline_share_pct), Some(50.0));
    assert_eq!(f[1].tally.enterprises, 1);
}

#[test]
fn json_has_exactly_the_spec_fields() {
    let s = breakdown_case();
    let v = serde_json::to_value(&s).expect("json");
    let mut keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut want = [
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
    want.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(v["period"], "2023-04");
    assert_eq!(v["indicator"], "output");
    let first = &v["enterprises"][0];
    let mut keys: Vec<&str> = first
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut want = [
        "code",
        "name",
        "region",
        "industry",
        "official",
        "current",
        "previous",
        "growth_pct",
        "pull_pp",
        "contribution_pct",
        "status",
    ];
    want.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(first["code"], "C");
    assert_eq!(first["status"], "growing");
    assert_eq!(v["enterprises"][3]["status"], "missing");
    assert!(v["enterprises"][3]["current"].is_null());
}

#[test]
fn members_take_county_and_flags_from_the_register() {
    let region = |code: &str, level, parent: Option<&str>| Region {
        code: code.into(),
        name_zh: code.into(),
        name_en: code.into(),
        short_zh: code.into(),
        short_en: code.into(),
        level,
        parent: parent.map(str::to_string),
        aliases: vec![],
    };
    let catalogue = Catalogue {
        regions: vec![
            region("230300", RegionLevel::City, Some("230000")),
            region("230381", RegionLevel::County, Some("230300")),
        ],
        ..Catalogue::default()
    };
    let mut e = Enterprise {
        id: 1,
        name: "甲公司".into(),
        credit_code: "91230300MA1B2C3D4E".into(),
        industry: Some("graphite".into()),
        region: "230381".into(),
        above_size: true,
        emerging: true,
        srdi: false,
        key_support: true,
        private: false,
        official: "李".into(),
    };
    let m = Member::from_enterprise(&e, &catalogue);
    assert_eq!(m.county.as_deref(), Some("230381"));
    assert_eq!(m.flags, [Flag::KeySupport, Flag::Emerging]);
    assert_eq!(
        (m.code.as_str(), m.official.as_str()),
        ("91230300MA1B2C3D4E", "李")
    );
    // Registered at city level: no county; an unknown code has none either.
    e.region = "230300".into();
    assert_eq!(Member::from_enterprise(&e, &catalogue).county, None);
    assert_eq!(county_of("999999", &catalogue), None);
}

#[test]
fn stated_growth_is_checked_against_the_values() {
    let form = |stated: f64, cur: f64, prev: f64| MonthlyReturn {
        enterprise: "91230300MA1B2C3D4E".into(),
        period: p(2023, 4),
        indicator: OUT,
        month: None,
        ytd: Some(cur),
        ytd_last_year: Some(prev),
        stated_growth_pct: Some(stated),
    };
    // 1,201 / 1,000 = +20.1%: stated 20.0 is 0.1 off (rounding) → fine.
    assert_eq!(check_stated_growth(&form(20.0, 1_201.0, 1_000.0)), None);
    // 1,101.5 / 1,000 = +10.15%: stated 10.0 is exactly 0.15 off → still fine.
    assert_eq!(check_stated_growth(&form(10.0, 1_101.5, 1_000.0)), None);
    // 1,202 / 1,000 = +20.2%: stated 20.0 is 0.2 off → a warning.
    let w = check_stated_growth(&form(20.0, 1_202.0, 1_000.0)).expect("warning");
    assert_eq!((w.stated_pct, round_to(w.computed_pct, 4)), (20.0, 20.2));
    assert_eq!(round_to(w.gap_pp(), 4), 0.2);
    let said = w.said();
    assert!(
        said.zh.contains("20.0%") && said.zh.contains("20.2%") && said.zh.contains("2023年1—4月")
    );
    assert!(said.en.contains("0.2 points") && said.en.contains("check"));
    // Stated +5% on a fall from 1,000 to 900 (−10%) → warning; the sign matters.
    assert!(check_stated_growth(&form(5.0, 900.0, 1_000.0)).is_some());
    // Nothing to check against: no last year, last year 0, no stated growth.
    let mut f = form(20.0, 1_202.0, 0.0);
    assert_eq!(check_stated_growth(&f), None);
    f.ytd_last_year = None;
    assert_eq!(check_stated_growth(&f), None);
    let mut f = form(20.0, 1_202.0, 1_000.0);
    f.stated_growth_pct = None;
    assert_eq!(check_stated_growth(&f), None);
}

/// One random enterprise: register facts and maybe a return.
fn arb_case() -> impl Strategy<Value = (Member, Option<ResolvedReturn>)> {
    let facts = (
        prop::option::of(0u8..3),
        prop::option::of(0u8..3),
        0u8..3,
        any::<bool>(),
        prop::collection::vec(0usize..4, 0..3),
    );
    let values = (
        prop::option::of(prop_oneof![Just(0.0), 0.0f64..1e5, -1e3f64..0.0]),
        prop::option::of(prop_oneof![Just(0.0), 0.0f64..1e5, -1e3f64..0.0]),
        prop::option::of(prop_oneof![Just(0.0), 0.0f64..1e4]),
        prop::option::of(0.0f64..1e5),
    );
    (facts, prop::option::of(values)).prop_map(|((ind, county, off, above, flags), values)| {
        let m = Member {
            industry: ind.map(|i| format!("i{i}")),
            county: county.map(|c| format!("c{c}")),
            official: ["", "王", "李"][usize::from(off)].to_string(),
            above_size: above,
            flags: flags.into_iter().map(|f| Flag::ALL[f]).collect(),
            ..member("", "")
        };
        let r =
            values.map(|(cur, prev, month, before)| full("", p(2023, 6), month, cur, prev, before));
        (m, r)
    })
}

proptest! {
    #[test]
    fn identities_hold_on_random_returns(cases in prop::collection::vec(arb_case(), 0..24)) {
        let mut members = vec![];
        let mut returns = vec![];
        for (i, (mut m, r)) in cases.into_iter().enumerate() {
            m.code = format!("E{i:02}");
            if let Some(mut r) = r {
                r.enterprise = m.code.clone();
                returns.push(r);
            }
            members.push(m);
        }
        let s = return_stats(p(2023, 6), OUT, &members, &returns);
        prop_assert_eq!(s.reporting, returns.len());
        prop_assert_eq!(s.reporting + s.missing, s.enterprises.len());
        prop_assert!(s.declining <= s.comparable && s.comparable <= s.reporting);
        if let Some(g) = s.growth_pct {
            // Pulls of the comparable enterprises sum to the aggregate growth.
            let pulls: f64 = s.enterprises.iter().filter_map(|e| e.pull_pp).sum();
            prop_assert!((pulls - g).abs() < 1e-6 * g.abs().max(1.0), "pulls {} vs {}", pulls, g);
            // Contributions, when defined, sum to 100.
            let c: Vec<f64> = s.enterprises.iter().filter_map(|e| e.contribution_pct).collect();
            if !c.is_empty() {
                prop_assert_eq!(c.len(), s.comparable);
                prop_assert!((c.iter().sum::<f64>() - 100.0).abs() < 1e-6);
            }
        }
        if let Some(d) = s.decline_share_pct {
            prop_assert!((0.0..=100.0).contains(&d));
        }
        // Missing ones come last; pulls never rise along the comparable ones.
        let first_missing = s.enterprises.iter().position(|e| e.status == Status::Missing);
        if let Some(i) = first_missing {
            prop_assert!(s.enterprises[i..].iter().all(|e| e.status == Status::Missing));
        }
        let pulls: Vec<f64> = s.enterprises.iter().filter_map(|e| e.pull_pp).collect();
        prop_assert!(pulls.windows(2).all(|w| w[0] >= w[1]));
        // Breakdowns that partition the enterprises add up to the whole.
        let whole = s.tally();
        for dim in [Dimension::Industry, Dimension::County, Dimension::Official] {
            let groups = s.breakdown(dim);
            let sum = |f: fn(&Tally) -> usize| groups.iter().map(|g| f(&g.tally)).sum::<usize>();
            prop_assert_eq!(sum(|t| t.enterprises), s.enterprises.len());
            prop_assert_eq!(sum(|t| t.reporting), s.reporting);
            prop_assert_eq!(sum(|t| t.comparable), s.comparable);
            prop_assert_eq!(sum(|t| t.missing), s.missing);
            prop_assert_eq!(sum(|t| t.declining), s.declining);
            prop_assert_eq!(sum(|t| t.stopped), s.stopped);
            if let Some(g) = whole.growth_pct {
                let pulls: f64 = groups.iter().filter_map(|x| x.pull_pp).sum();
                prop_assert!((pulls - g).abs() < 1e-6 * g.abs().max(1.0));
            }
            for x in &groups {
                if let Some(d) = x.tally.decline_share_pct {
                    prop_assert!((0.0..=100.0).contains(&d));
                }
            }
        }
        // Flag groups overlap; each is a part of the whole.
        for x in s.breakdown(Dimension::Flag) {
            prop_assert!(x.tally.enterprises <= s.enterprises.len());
            prop_assert!(x.tally.comparable <= s.comparable);
        }
    }
}

#[test]
fn a_month_without_profit_is_no_stop() {
    // Profit of 0 in May (ytd unchanged at 80): production went on; the enterprise is
    // classed by its profit growth, 80/100 = −20%. The same values of output are a stop.
    let mut r = full(
        "P",
        p(2023, 5),
        Some(0.0),
        Some(80.0),
        Some(100.0),
        Some(80.0),
    );
    r.indicator = ReturnIndicator::Profit;
    assert_eq!(status(&r), Status::Declining);
    r.indicator = ReturnIndicator::Power;
    assert_eq!(status(&r), Status::Stopped);
    r.indicator = OUT;
    assert_eq!(status(&r), Status::Stopped);
}

#[test]
fn an_enterprise_whose_returns_begin_later_is_not_missing() {
    // B and C have no 1—4月 return; B's returns begin after it (a newcomer), C's do not.
    let members = vec![member("A", "c13"), member("B", "c13"), member("C", "c13")];
    let returns = [ytd("A", 110.0, 100.0)];
    let mut asked = Vec::new();
    let stats = population_stats(p(2023, 4), OUT, members, &returns, |codes| {
        asked = codes.iter().map(|c| c.to_string()).collect();
        Ok::<_, ()>(["B".to_string()].into_iter().collect())
    })
    .expect("stats");
    assert_eq!(asked, ["B", "C"]);
    assert_eq!((stats.reporting, stats.missing), (1, 1));
    let missing: Vec<&str> = stats
        .enterprises
        .iter()
        .filter(|e| e.status == Status::Missing)
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(missing, ["C"]);
}
