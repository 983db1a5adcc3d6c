//! The 包联 scorecard (包联考核, SPEC §10): per paired official, the output growth of their
//! enterprises, their projects' investment growth, how their enterprises' requests were
//! handled, each scored across officials by the efficacy coefficient method (功效系数法)
//! and weighted into a composite that ranks them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::register::{OVERDUE_DAYS, period_dates, resolved_by};
use super::returns::{EnterpriseReturn, ReturnStats, Status, tally};
use crate::model::{
    Component, Date, Enterprise, InvestmentProject, Period, Register, ServiceRequest, Weights,
};

/// The lowest score of the efficacy coefficient method (the worst official).
pub const FLOOR: f64 = 60.0;
/// The span above the floor (the best official gets FLOOR + SPAN = 100).
pub const SPAN: f64 = 40.0;

/// One official's line of the scorecard; the serialised fields are SPEC §10's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficialScore {
    /// The official's name as the register spells it.
    pub name: String,
    /// Enterprises paired with them.
    pub enterprises: usize,
    /// Aggregate output growth of their comparable enterprises, %.
    pub output_growth_pct: Option<f64>,
    /// That minus the city's aggregate output growth, percentage points.
    pub vs_city_pp: Option<f64>,
    /// Growth of their enterprises' projects' completed investment, %.
    pub investment_growth_pct: Option<f64>,
    /// Completed investment as a share of the year's planned investment, %.
    pub plan_completion_pct: Option<f64>,
    /// Requests raised this year up to the period's end.
    pub requests: usize,
    /// Share of those resolved by the period's end, %.
    pub resolved_pct: Option<f64>,
    /// Of those, unresolved at the period's end and raised more than 30 days before it.
    pub overdue: usize,
    /// (满意 + 基本满意) / rated × 100.
    pub satisfied_pct: Option<f64>,
    /// The composite score (None when no component has data and weight).
    pub score: Option<f64>,
    /// Competition rank by composite (1, 2, 2, 4); None without a score.
    pub rank: Option<usize>,
    /// Their comparable enterprises (those the output growth is over).
    #[serde(skip)]
    pub comparable: usize,
    /// Their projects in the period.
    #[serde(skip)]
    pub projects: usize,
    /// Their requests resolved by the period's end.
    #[serde(skip)]
    pub resolved: usize,
    /// Their requests with a 满意度 rating.
    #[serde(skip)]
    pub rated: usize,
    /// Each component's score in [`Component::ALL`] order (None: no data, shown as —).
    #[serde(skip)]
    pub scores: [Option<f64>; 5],
}

impl OfficialScore {
    /// The component's raw value (overdue only when the official has requests: with none
    /// there is nothing to be late with, so the component is left out).
    pub fn value(&self, c: Component) -> Option<f64> {
        match c {
            Component::OutputGrowth => self.output_growth_pct,
            Component::InvestmentGrowth => self.investment_growth_pct,
            Component::Resolved => self.resolved_pct,
            Component::Overdue => (self.requests > 0).then_some(self.overdue as f64),
            Component::Satisfaction => self.satisfied_pct,
        }
    }

    /// The component's efficacy score (60–100), None without data.
    pub fn component_score(&self, c: Component) -> Option<f64> {
        self.scores[c.index()]
    }
}

/// The scorecard of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    /// The period (year to date).
    pub period: Period,
    /// The weights used.
    pub weights: Weights,
    /// The city's aggregate output growth the officials are compared with, %.
    #[serde(skip)]
    pub city_output_growth_pct: Option<f64>,
    /// Officials by rank, then name; those without a score last.
    pub officials: Vec<OfficialScore>,
}

impl Scorecard {
    /// The official with this name.
    pub fn official(&self, name: &str) -> Option<&OfficialScore> {
        self.officials.iter().find(|o| o.name == name)
    }

    /// The officials ranked first (several on a tie).
    pub fn leaders(&self) -> Vec<&OfficialScore> {
        self.officials
            .iter()
            .filter(|o| o.rank == Some(1))
            .collect()
    }
}

/// The official an enterprise is paired with, None when nobody is.
fn official_of(e: &Enterprise) -> Option<&str> {
    let name = e.official.trim();
    (!name.is_empty()).then_some(name)
}

/// Each project's latest figures in `period`'s year up to `period` (a list reported
/// quarterly still counts in the months between). A plan (计划总投资, 年度计划投资) left
/// empty in the latest list is carried from the year's earlier list that gave it: progress
/// lists often give only the amount done.
pub fn projects_at(projects: &[InvestmentProject], period: Period) -> Vec<InvestmentProject> {
    let mut by_project: BTreeMap<(i64, &str), Vec<&InvestmentProject>> = BTreeMap::new();
    for p in projects
        .iter()
        .filter(|p| p.period.year() == period.year() && p.period <= period)
    {
        by_project
            .entry((p.enterprise_id, p.name.as_str()))
            .or_default()
            .push(p);
    }
    by_project
        .into_values()
        .filter_map(|mut rows| {
            rows.sort_by_key(|p| p.period);
            let mut latest = (*rows.last()?).clone();
            let earlier =
                |f: fn(&InvestmentProject) -> Option<f64>| rows.iter().rev().find_map(|p| f(p));
            latest.planned_year = latest.planned_year.or_else(|| earlier(|p| p.planned_year));
            latest.planned_total = latest
                .planned_total
                .or_else(|| earlier(|p| p.planned_total));
            Some(latest)
        })
        .collect()
}

/// Investment growth and plan completion over some projects, % (None when the base is 0).
/// An empty 上年同期 counts as 0: the project had not started, and a new project's
/// investment is part of the growth, as in the statistics bureau's 固定资产投资. Completion
/// counts only projects with a 年度计划 (what was done against what was planned).
pub fn investment(projects: &[&InvestmentProject]) -> (Option<f64>, Option<f64>) {
    let done: f64 = projects.iter().filter_map(|p| p.done_ytd).sum();
    let last: f64 = projects.iter().filter_map(|p| p.done_last).sum();
    let (planned, done_planned) = projects
        .iter()
        .filter_map(|p| p.planned_year.map(|plan| (plan, p.done_ytd.unwrap_or(0.0))))
        .fold((0.0, 0.0), |(a, b), (plan, d)| (a + plan, b + d));
    let growth = (last > 0.0).then(|| (done - last) / last * 100.0);
    let completion = (planned > 0.0).then(|| done_planned / planned * 100.0);
    (growth, completion)
}

/// Requests raised in `period`'s year up to its end, as the scorecard counts them.
fn requests_in(requests: &[&ServiceRequest], end: Date) -> (usize, usize, usize, usize, usize) {
    let in_scope: Vec<&&ServiceRequest> = requests
        .iter()
        .filter(|r| r.raised_on.year() == end.year() && r.raised_on <= end)
        .collect();
    let resolved = in_scope.iter().filter(|r| resolved_by(r, end)).count();
    let overdue = in_scope
        .iter()
        .filter(|r| !resolved_by(r, end) && r.raised_on.days_until(end) > OVERDUE_DAYS)
        .count();
    let rated: Vec<_> = in_scope.iter().filter_map(|r| r.satisfaction).collect();
    let satisfied = rated.iter().filter(|s| s.is_satisfied()).count();
    (in_scope.len(), resolved, overdue, rated.len(), satisfied)
}

/// A share in %, None of nothing.
fn pct(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

/// Efficacy coefficient scores of `values` (None stays None): 60 + 40 × (x − min)/(max − min),
/// reversed when lower is better; every official at 100 when all values are equal.
pub fn efficacy(values: &[Option<f64>], higher_is_better: bool) -> Vec<Option<f64>> {
    let present = values.iter().flatten();
    let min = present.clone().copied().fold(f64::INFINITY, f64::min);
    let max = present.copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|v| {
            v.map(|x| {
                let spread = max - min;
                if spread <= f64::EPSILON * max.abs().max(min.abs()).max(1.0) {
                    return FLOOR + SPAN;
                }
                let t = if higher_is_better {
                    (x - min) / spread
                } else {
                    (max - x) / spread
                };
                FLOOR + SPAN * t
            })
        })
        .collect()
}

/// Σ w·s / Σ w over the components that have a score and a positive weight.
pub fn composite(scores: &[Option<f64>; 5], weights: &Weights) -> Option<f64> {
    let (mut sum, mut total) = (0.0, 0.0);
    for c in Component::ALL {
        let w = weights.get(c);
        if let (Some(s), true) = (scores[c.index()], w > 0.0) {
            sum += w * s;
            total += w;
        }
    }
    (total > 0.0).then(|| sum / total)
}

/// Competition ranks of scores (1, 2, 2, 4); equal within 1e-9 counts as a tie.
pub fn competition_ranks(scores: &[Option<f64>]) -> Vec<Option<usize>> {
    scores
        .iter()
        .map(|s| {
            s.map(|x| {
                1 + scores
                    .iter()
                    .flatten()
                    .filter(|&&other| other > x + 1e-9)
                    .count()
            })
        })
        .collect()
}

/// One official's raw figures (before scoring).
fn official_line(
    name: &str,
    enterprises: &[&Enterprise],
    lines: &[&EnterpriseReturn],
    projects: &[&InvestmentProject],
    requests: &[&ServiceRequest],
    end: Date,
    city_growth: Option<f64>,
) -> OfficialScore {
    let t = tally(lines.iter().copied());
    let (investment_growth_pct, plan_completion_pct) = investment(projects);
    let (requests_n, resolved, overdue, rated, satisfied) = requests_in(requests, end);
    OfficialScore {
        name: name.to_string(),
        enterprises: enterprises.len(),
        output_growth_pct: t.growth_pct,
        vs_city_pp: t.growth_pct.zip(city_growth).map(|(g, c)| g - c),
        investment_growth_pct,
        plan_completion_pct,
        requests: requests_n,
        resolved_pct: pct(resolved, requests_n),
        overdue,
        satisfied_pct: pct(satisfied, rated),
        score: None,
        rank: None,
        comparable: t.comparable,
        projects: projects.len(),
        resolved,
        rated,
        scores: [None; 5],
    }
}

/// The scorecard of `period`: every official the register pairs an enterprise with.
/// `output` is the output statistics of the period (§9), None when there are no returns.
pub fn evaluate(
    period: Period,
    register: &Register,
    output: Option<&ReturnStats>,
    weights: Weights,
) -> Scorecard {
    let (_, end) = period_dates(period);
    let mut by_official: BTreeMap<&str, Vec<&Enterprise>> = BTreeMap::new();
    for e in &register.enterprises {
        if let Some(name) = official_of(e) {
            by_official.entry(name).or_default().push(e);
        }
    }
    let official_by_id: HashMap<i64, &str> = register
        .enterprises
        .iter()
        .filter_map(|e| official_of(e).map(|o| (e.id, o)))
        .collect();
    let current = projects_at(&register.projects, period);
    let mut projects: HashMap<&str, Vec<&InvestmentProject>> = HashMap::new();
    for p in &current {
        if let Some(o) = official_by_id.get(&p.enterprise_id) {
            projects.entry(o).or_default().push(p);
        }
    }
    let mut requests: HashMap<&str, Vec<&ServiceRequest>> = HashMap::new();
    for r in &register.requests {
        if let Some(o) = official_by_id.get(&r.enterprise_id) {
            requests.entry(o).or_default().push(r);
        }
    }
    let mut lines: HashMap<&str, Vec<&EnterpriseReturn>> = HashMap::new();
    for l in output.map_or(&[][..], |s| &s.enterprises[..]) {
        lines.entry(l.official.trim()).or_default().push(l);
    }
    let city = output.and_then(|s| s.growth_pct);
    let mut officials: Vec<OfficialScore> = by_official
        .iter()
        .map(|(name, es)| {
            official_line(
                name,
                es,
                lines.get(name).map_or(&[][..], Vec::as_slice),
                projects.get(name).map_or(&[][..], Vec::as_slice),
                requests.get(name).map_or(&[][..], Vec::as_slice),
                end,
                city,
            )
        })
        .collect();
    score(&mut officials, &weights);
    Scorecard {
        period,
        weights,
        city_output_growth_pct: city,
        officials,
    }
}

/// Fills each official's component scores, composite and rank, and sorts them by rank.
pub fn score(officials: &mut [OfficialScore], weights: &Weights) {
    for c in Component::ALL {
        let values: Vec<Option<f64>> = officials.iter().map(|o| o.value(c)).collect();
        for (o, s) in officials
            .iter_mut()
            .zip(efficacy(&values, c.higher_is_better()))
        {
            o.scores[c.index()] = s;
        }
    }
    for o in officials.iter_mut() {
        o.score = composite(&o.scores, weights);
    }
    let scores: Vec<Option<f64>> = officials.iter().map(|o| o.score).collect();
    for (o, r) in officials.iter_mut().zip(competition_ranks(&scores)) {
        o.rank = r;
    }
    officials.sort_by(|a, b| {
        a.rank
            .unwrap_or(usize::MAX)
            .cmp(&b.rank.unwrap_or(usize::MAX))
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// One enterprise paired with an official, for the window's list on click.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairedEnterprise {
    /// Credit code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Its output return's status in the period (None: not 规上 and no return).
    pub status: Option<Status>,
    /// Its output growth, %.
    pub growth_pct: Option<f64>,
    /// Its pull on the city's output growth, points.
    pub pull_pp: Option<f64>,
    /// Requests raised this year up to the period's end.
    pub requests: usize,
    /// Of those, unresolved at the period's end.
    pub unresolved: usize,
    /// Of those, overdue.
    pub overdue: usize,
    /// Its projects in the period.
    pub projects: usize,
    /// Their completed investment this year, 万元.
    pub investment_done: f64,
    /// Their completed investment in the same period last year, 万元.
    pub investment_last: f64,
}

/// The enterprises paired with `official` in `period`, by name.
pub fn paired_enterprises(
    official: &str,
    period: Period,
    register: &Register,
    output: Option<&ReturnStats>,
) -> Vec<PairedEnterprise> {
    let (_, end) = period_dates(period);
    let projects = projects_at(&register.projects, period);
    let lines: HashMap<&str, &EnterpriseReturn> = output
        .map(|s| s.enterprises.iter().map(|l| (l.code.as_str(), l)).collect())
        .unwrap_or_default();
    let mut out: Vec<PairedEnterprise> = register
        .enterprises
        .iter()
        .filter(|e| official_of(e) == Some(official))
        .map(|e| {
            let own: Vec<&ServiceRequest> = register
                .requests
                .iter()
                .filter(|r| r.enterprise_id == e.id)
                .collect();
            let (requests, resolved, overdue, _, _) = requests_in(&own, end);
            let ps: Vec<&InvestmentProject> = projects
                .iter()
                .filter(|p| p.enterprise_id == e.id)
                .collect();
            let line = lines.get(e.credit_code.as_str());
            PairedEnterprise {
                code: e.credit_code.clone(),
                name: e.name.clone(),
                status: line.map(|l| l.status),
                growth_pct: line.and_then(|l| l.growth_pct),
                pull_pp: line.and_then(|l| l.pull_pp),
                requests,
                unresolved: requests - resolved,
                overdue,
                projects: ps.len(),
                investment_done: ps.iter().filter_map(|p| p.done_ytd).sum(),
                investment_last: ps.iter().filter_map(|p| p.done_last).sum(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
    out
}

#[cfg(test)]
mod tests;
