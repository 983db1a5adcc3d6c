//! Warnings (预警, SPEC §13): each rule over the facts of a period — regions (the city and
//! its counties), the enterprises' returns, open requests, the 包联 scorecard — against the
//! dataset's thresholds. A rule without data for the period says nothing.

use super::evaluation::Scorecard;
use super::returns::{ReturnStats, Status};
use super::targets::TargetProgress;
use super::{growth_words, round_to};
use crate::model::warning::{Levels, Rule, Severity, Thresholds, Warning, WarningSubject};
use crate::model::{Date, Lang, Period, Said};

/// What the region rules read about one region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionFacts {
    /// Region code.
    pub code: String,
    /// Names (zh, en).
    pub name: (String, String),
    /// The parent's names, as a bulletin says them (全省 / the province; 全市 / the city).
    pub parent_name: (String, String),
    /// Year-to-date value-added growth, %.
    pub growth: Option<f64>,
    /// The parent's.
    pub parent_growth: Option<f64>,
    /// Rank among the peers, and of how many.
    pub rank: Option<(u32, u32)>,
    /// Rank in the previous period of the year.
    pub previous_rank: Option<u32>,
    /// Consecutive periods at the previous rank or better, ending with the previous period.
    pub previous_streak: u32,
    /// Target progress with the indicator's names (zh, en).
    pub targets: Vec<((String, String), TargetProgress)>,
    /// The region's enterprises' aggregate output and electricity growth (现价), %.
    pub output_power: Option<(f64, f64)>,
    /// Its figures rest on an illustrative source (its warnings are marked).
    pub illustrative: bool,
}

/// A request still open at the period's end.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRequest {
    /// The enterprise's credit code and name.
    pub enterprise: (String, String),
    /// When it was raised.
    pub raised_on: Date,
    /// Its category's label (zh, en).
    pub category: (String, String),
    /// Days open at the period's end.
    pub days: i64,
}

/// Everything the rules read for a period.
#[derive(Debug, Clone, Default)]
pub struct WarningInput<'a> {
    /// The period.
    pub period: Option<Period>,
    /// The home city first, then its counties.
    pub regions: Vec<RegionFacts>,
    /// The output statistics of the period's returns.
    pub output: Option<&'a ReturnStats>,
    /// Requests open at the period's end.
    pub requests: Vec<OpenRequest>,
    /// The 包联 scorecard of the period.
    pub scorecard: Option<&'a Scorecard>,
    /// The returns, requests or scorecard rest on illustrative data (the sample's).
    pub register_illustrative: bool,
}

/// How a rule compares its value with its thresholds.
#[derive(Clone, Copy)]
enum Compare {
    /// Warns from the threshold on (≥).
    AtLeast,
    /// Warns above the threshold (>): "open more than 30 days".
    MoreThan,
    /// Warns below the threshold (<): "a composite below 70".
    Below,
}

/// The severity and the threshold crossed, None when `value` crosses neither level.
fn judge(value: f64, levels: Levels, compare: Compare) -> Option<(Severity, f64)> {
    let crosses = |t: f64| match compare {
        Compare::AtLeast => value >= t,
        Compare::MoreThan => value > t,
        Compare::Below => value < t,
    };
    if crosses(levels.alert) {
        Some((Severity::Alert, levels.alert))
    } else if crosses(levels.watch) {
        Some((Severity::Watch, levels.watch))
    } else {
        None
    }
}

/// A number as a sentence prints it (one decimal, rounded half away from zero).
fn n1(x: f64) -> String {
    format!("{:.1}", round_to(x, 1))
}

/// Collects the warnings of one rule.
struct Out<'t> {
    thresholds: &'t Thresholds,
    list: Vec<Warning>,
    /// Whether the warnings being added rest on illustrative data.
    illustrative: bool,
}

impl Out<'_> {
    /// Adds a warning of `rule` when `value` crosses its thresholds.
    fn check(
        &mut self,
        rule: Rule,
        value: f64,
        compare: Compare,
        subject: WarningSubject,
        text: impl FnOnce(f64) -> Said,
    ) {
        let Some(levels) = self.thresholds.get(rule) else {
            return;
        };
        if let Some((severity, threshold)) = judge(value, levels, compare) {
            self.list.push(Warning {
                rule,
                severity,
                subject,
                value: Some(value),
                threshold: Some(threshold),
                text: text(threshold),
                illustrative: self.illustrative,
            });
        }
    }
}

fn region_subject(r: &RegionFacts) -> WarningSubject {
    WarningSubject::Region {
        code: r.code.clone(),
        name: r.name.0.clone(),
    }
}

/// Growth below the parent; rank down; a streak ended; electricity and output apart.
fn region_rules(out: &mut Out<'_>, r: &RegionFacts) {
    let (zh, en) = (&r.name.0, &r.name.1);
    let (pzh, pen) = (&r.parent_name.0, &r.parent_name.1);
    if let (Some(g), Some(pg)) = (r.growth, r.parent_growth) {
        let short = round_to(pg - g, 1);
        out.check(
            Rule::BelowParent,
            short,
            Compare::AtLeast,
            region_subject(r),
            |_| {
                Said::new(
                    format!(
                        "{zh}规上工业增加值{}，低于{pzh}{}个百分点",
                        growth_words(g, Lang::Zh),
                        n1(short)
                    ),
                    format!(
                        "{en}'s industrial value added {}, {} points below {pen}",
                        growth_words(g, Lang::En),
                        n1(short)
                    ),
                )
            },
        );
    }
    if let (Some((now, of)), Some(before)) = (r.rank, r.previous_rank) {
        let fell = f64::from(now) - f64::from(before);
        out.check(
            Rule::RankDown,
            fell,
            Compare::AtLeast,
            region_subject(r),
            |_| {
                Said::new(
                    format!("{zh}增速居第{now}位（共{of}个），较上期后移{fell:.0}位"),
                    format!(
                        "{en} ranks {now} of {of}, down {fell:.0} places on the previous period"
                    ),
                )
            },
        );
        // The streak bulletins report is a run at first place (连续N个月居全省第1位).
        if before == 1 && now > 1 {
            let streak = f64::from(r.previous_streak);
            out.check(Rule::StreakEnded, streak, Compare::AtLeast, region_subject(r), |_| {
                Said::new(
                    format!("{zh}此前连续{streak:.0}个月居第1位，本期降至第{now}位"),
                    format!(
                        "{en} had ranked first for {streak:.0} periods running and now ranks {now}"
                    ),
                )
            });
        }
    }
    if let Some((output, power)) = r.output_power {
        let apart = round_to((power - output).abs(), 1);
        out.check(Rule::PowerOutputApart, apart, Compare::MoreThan, region_subject(r), |_| {
            Said::new(
                format!(
                    "{zh}规上企业用电量增长{}%，工业总产值（现价）增长{}%，相差{}个百分点",
                    n1(power),
                    n1(output),
                    n1(apart)
                ),
                format!(
                    "{en}: the enterprises' electricity grew {}% and their output (current prices) {}%, {} points apart",
                    n1(power),
                    n1(output),
                    n1(apart)
                ),
            )
        });
    }
}

/// Below a rate target; behind 序时进度 on a level target.
fn target_rules(out: &mut Out<'_>, r: &RegionFacts) {
    let (zh, en) = (&r.name.0, &r.name.1);
    for ((izh, ien), p) in &r.targets {
        if let (Some(gap), Some(actual)) = (p.gap_pp, p.actual) {
            let short = round_to(-gap, 1);
            out.check(
                Rule::BelowTarget,
                short,
                Compare::AtLeast,
                region_subject(r),
                |_| {
                    Said::new(
                        format!(
                            "{zh}{izh}{}，低于年度目标（{}%）{}个百分点",
                            growth_words(actual, Lang::Zh),
                            n1(p.target),
                            n1(short)
                        ),
                        format!(
                            "{en}: {ien} {}, {} points below the annual target of {}%",
                            growth_words(actual, Lang::En),
                            n1(short),
                            n1(p.target)
                        ),
                    )
                },
            );
        }
        if let (Some(ahead), Some(done)) = (p.ahead_pp, p.completion_pct) {
            let behind = round_to(-ahead, 1);
            out.check(
                Rule::BehindSchedule,
                behind,
                Compare::AtLeast,
                region_subject(r),
                |_| {
                    Said::new(
                        format!(
                            "{zh}{izh}完成全年目标的{}%，欠序时进度{}个百分点",
                            n1(done),
                            n1(behind)
                        ),
                        format!(
                            "{en}: {ien} is at {}% of the annual target, {} points behind schedule",
                            n1(done),
                            n1(behind)
                        ),
                    )
                },
            );
        }
    }
}

/// Stopped, declining with a large pull, missing returns.
fn enterprise_rules(out: &mut Out<'_>, stats: &ReturnStats, period: Period) {
    let when = period.label_with_year(crate::model::Basis::Ytd, Lang::Zh);
    let when_en = period.label_with_year(crate::model::Basis::Ytd, Lang::En);
    // The stopped rule looks at this month (its output, or a year to date that did not move).
    let month = period.label_with_year(crate::model::Basis::Month, Lang::Zh);
    let month_en = period.label_with_year(crate::model::Basis::Month, Lang::En);
    for e in &stats.enterprises {
        let subject = || WarningSubject::Enterprise {
            code: e.code.clone(),
            name: e.name.clone(),
        };
        match e.status {
            Status::Stopped => out.list.push(Warning {
                rule: Rule::EnterpriseStopped,
                severity: Severity::Alert,
                subject: subject(),
                value: None,
                threshold: None,
                text: Said::new(
                    format!("{}{month}停产（当月产值为零或累计值未增加）", e.name),
                    format!(
                        "{} stopped production in {month_en} (no output this month or none added to date)",
                        e.name
                    ),
                ),
                illustrative: out.illustrative,
            }),
            Status::Missing => out.list.push(Warning {
                rule: Rule::ReturnMissing,
                severity: Severity::Watch,
                subject: subject(),
                value: None,
                threshold: None,
                text: Said::new(
                    format!("{}未报送{when}月报", e.name),
                    format!("{} filed no return for {when_en}", e.name),
                ),
                illustrative: out.illustrative,
            }),
            Status::Declining => {
                if let (Some(pull), Some(g)) = (e.pull_pp, e.growth_pct) {
                    let down = round_to(-pull, 2);
                    out.check(Rule::EnterpriseDeclining, down, Compare::AtLeast, subject(), |_| {
                        Said::new(
                            format!(
                                "{}工业总产值（现价）下降{}%，拉低规上企业产值增速{:.2}个百分点",
                                e.name,
                                n1(-g),
                                down
                            ),
                            format!(
                                "{}'s output (current prices) fell {}%, pulling the enterprises' output growth down {:.2} points",
                                e.name,
                                n1(-g),
                                down
                            ),
                        )
                    });
                }
            }
            Status::New | Status::Growing => {}
        }
    }
}

/// Requests open too long; officials scoring low.
fn service_rules(out: &mut Out<'_>, input: &WarningInput<'_>) {
    for q in &input.requests {
        let subject = WarningSubject::Enterprise {
            code: q.enterprise.0.clone(),
            name: q.enterprise.1.clone(),
        };
        let days = q.days as f64;
        out.check(Rule::RequestOpen, days, Compare::MoreThan, subject, |_| {
            Said::new(
                format!(
                    "{}于{}提出的{}诉求已{}天未办结",
                    q.enterprise.1, q.raised_on, q.category.0, q.days
                ),
                format!(
                    "{}'s {} request of {} has been open {} days",
                    q.enterprise.1, q.category.1, q.raised_on, q.days
                ),
            )
        });
    }
    for o in input.scorecard.map_or(&[][..], |c| &c.officials[..]) {
        let Some(score) = o.score else { continue };
        let s = round_to(score, 1);
        let subject = WarningSubject::Official {
            name: o.name.clone(),
        };
        out.check(Rule::OfficialLow, s, Compare::Below, subject, |t| {
            Said::new(
                format!("{}包联考核综合得分{}分，低于{}分", o.name, n1(s), n1(t)),
                format!(
                    "{}'s paired-official composite is {}, below {}",
                    o.name,
                    n1(s),
                    n1(t)
                ),
            )
        });
    }
}

/// Every warning of the input, by rule (in [`Rule::ALL`] order), then 预警 before 关注.
pub fn warnings(input: &WarningInput<'_>, thresholds: &Thresholds) -> Vec<Warning> {
    let mut out = Out {
        thresholds,
        list: Vec::new(),
        illustrative: false,
    };
    for r in &input.regions {
        out.illustrative = r.illustrative;
        region_rules(&mut out, r);
        target_rules(&mut out, r);
    }
    out.illustrative = input.register_illustrative;
    if let (Some(stats), Some(period)) = (input.output, input.period) {
        enterprise_rules(&mut out, stats, period);
    }
    service_rules(&mut out, input);
    let order = |r: Rule| Rule::ALL.iter().position(|x| *x == r).unwrap_or(usize::MAX);
    out.list.sort_by_key(|w| (order(w.rule), w.severity));
    out.list
}

#[cfg(test)]
mod tests;
