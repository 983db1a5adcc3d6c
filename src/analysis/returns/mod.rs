//! Statistics of the enterprise monthly returns (企业月报) for one period (year to date) and
//! one indicator, as SPEC §9 defines them. Pure: the register's facts (county, industry,
//! official, flags) come in as plain [`Member`]s, the returns as resolved by
//! [`crate::model::returns::resolve_all`].
//!
//! Contract:
//! - current = the return's year-to-date value, previous = last year's year-to-date value
//!   of the same period. An enterprise is *comparable* when it has both and previous > 0.
//! - growth_e = (cur/prev − 1) × 100; the aggregate growth = (Σcur − Σprev)/Σprev × 100 over
//!   the comparable enterprises; pull_e = (cur_e − prev_e)/Σprev × 100 (percentage points,
//!   they sum to the aggregate growth); contribution_e = (cur_e − prev_e)/(Σcur − Σprev) × 100
//!   (they sum to 100), None when Σcur − Σprev is zero (within 1e-9 of Σprev: float noise
//!   would otherwise give contributions in the millions).
//! - Status, first match wins: `missing` (规上 in the register, no return), `stopped` (of
//!   the production flows — output, sales, revenue, electricity; a month without profit or a
//!   head count says nothing of production stopping — this month's value is 0, or — for flows — the year-to-date value equals the previous
//!   period's of the same year, while the enterprise had output this year or in the same
//!   period last year), `new` (not comparable), `declining` (growth < 0), `growing`.
//!   Stopped comes before new so that an enterprise that started this year and has stopped
//!   is reported as stopped; 1—2月 has no previous period, so there only a zero month stops.
//! - `declining` counts every comparable enterprise whose growth is below 0, stopped ones
//!   included; 减产面 (decline_share_pct) = declining / comparable × 100.
//! - Enterprises are sorted by pull, largest first, ties by code; then the reporting ones
//!   that are not comparable, by code; then the missing ones, by code. A return whose code
//!   is not in the register is kept (named by its code); an enterprise below 规上 without a
//!   return is not listed. Each return given is one line: [`crate::model::returns::resolve_all`]
//!   has already refused two returns for one enterprise, period and indicator.
//! - These are current-price (现价) figures: never mix them with the published
//!   comparable-price value-added growth.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::returns::{MonthlyReturn, ResolvedReturn, ReturnIndicator};
use crate::model::{Catalogue, Enterprise, Lang, Period, RegionLevel, Said};

#[cfg(test)]
mod tests;

/// How far a stated growth may differ from the values' growth before it is a warning, in
/// percentage points: one-decimal rounding explains 0.05, revisions a little more.
pub const GROWTH_TOLERANCE_PP: f64 = 0.15;

/// A register flag an enterprise can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Under key support (重点帮扶).
    KeySupport,
    /// In an emerging industry (新兴产业).
    Emerging,
    /// 专精特新.
    Srdi,
    /// Privately owned (民营).
    Private,
}

impl Flag {
    /// All flags in display order.
    pub const ALL: [Flag; 4] = [Flag::KeySupport, Flag::Emerging, Flag::Srdi, Flag::Private];

    /// The code: key_support, emerging, srdi, private.
    pub fn code(self) -> &'static str {
        match self {
            Flag::KeySupport => "key_support",
            Flag::Emerging => "emerging",
            Flag::Srdi => "srdi",
            Flag::Private => "private",
        }
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Flag::KeySupport => lang.pick("重点帮扶", "key support"),
            Flag::Emerging => lang.pick("新兴产业", "emerging industries"),
            Flag::Srdi => lang.pick("专精特新", "SRDI"),
            Flag::Private => lang.pick("民营", "private"),
        }
    }
}

/// What the register says about an enterprise, as the statistics need it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Member {
    /// Unified social credit code, the key returns are matched by.
    pub code: String,
    /// Registered name.
    pub name: String,
    /// The register's region code (a city or a county).
    pub region: String,
    /// The county it belongs to, None when it is registered at city level.
    pub county: Option<String>,
    /// Industry code, when known.
    pub industry: Option<String>,
    /// The paired official (包联领导), empty when none.
    pub official: String,
    /// Above designated size (规上): without a return it is `missing`.
    pub above_size: bool,
    /// Its register flags.
    pub flags: Vec<Flag>,
}

impl Member {
    /// The member for a register enterprise; its county from the catalogue.
    pub fn from_enterprise(e: &Enterprise, catalogue: &Catalogue) -> Member {
        let flags = [
            (e.key_support, Flag::KeySupport),
            (e.emerging, Flag::Emerging),
            (e.srdi, Flag::Srdi),
            (e.private, Flag::Private),
        ];
        Member {
            code: e.credit_code.clone(),
            name: e.name.clone(),
            region: e.region.clone(),
            county: county_of(&e.region, catalogue),
            industry: e.industry.clone(),
            official: e.official.clone(),
            above_size: e.above_size,
            flags: flags
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, f)| *f)
                .collect(),
        }
    }
}

/// The members of a register (every enterprise, 规上 or not), in the register's order.
pub fn members(register: &crate::model::Register, catalogue: &Catalogue) -> Vec<Member> {
    members_of(&register.enterprises, catalogue)
}

/// The members of some enterprises (every one, 规上 or not), in their order.
pub fn members_of(enterprises: &[Enterprise], catalogue: &Catalogue) -> Vec<Member> {
    enterprises
        .iter()
        .map(|e| Member::from_enterprise(e, catalogue))
        .collect()
}

/// The county a region code stands for: the code itself when the catalogue lists it as a
/// county, None for a city (an enterprise registered at city level) or an unknown code.
pub fn county_of(region: &str, catalogue: &Catalogue) -> Option<String> {
    catalogue
        .region(region)
        .filter(|r| r.level == RegionLevel::County)
        .map(|r| r.code.clone())
}

/// Where an enterprise stands in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No comparable last-year value.
    New,
    /// This month's value is 0, or the year-to-date value has not moved, after output.
    Stopped,
    /// Growth below 0.
    Declining,
    /// Growth 0 or above.
    Growing,
    /// 规上 in the register, no return for the period.
    Missing,
}

impl Status {
    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::New => lang.pick("新增", "new"),
            Status::Stopped => lang.pick("停产", "stopped"),
            Status::Declining => lang.pick("减产", "declining"),
            Status::Growing => lang.pick("增产", "growing"),
            Status::Missing => lang.pick("未报", "missing"),
        }
    }
}

/// One enterprise's line; the serialised fields are exactly SPEC §9's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseReturn {
    /// Credit code.
    pub code: String,
    /// Name (the code when the register does not know it).
    pub name: String,
    /// The register's region code.
    pub region: String,
    /// Industry code.
    pub industry: Option<String>,
    /// Paired official, empty when none.
    pub official: String,
    /// Year to date.
    pub current: Option<f64>,
    /// Same period last year, year to date.
    pub previous: Option<f64>,
    /// Growth, % (comparable enterprises only).
    pub growth_pct: Option<f64>,
    /// Pull on the aggregate growth, percentage points.
    pub pull_pp: Option<f64>,
    /// Share of the aggregate increase, %.
    pub contribution_pct: Option<f64>,
    /// Status.
    pub status: Status,
    /// County (for the breakdown; not in the JSON).
    #[serde(skip)]
    pub county: Option<String>,
    /// Register flags (for the breakdown; not in the JSON).
    #[serde(skip)]
    pub flags: Vec<Flag>,
}

impl EnterpriseReturn {
    /// Both values, previous > 0.
    pub fn is_comparable(&self) -> bool {
        self.growth_pct.is_some()
    }

    /// Comparable with growth below 0 (stopped ones included).
    pub fn is_declining(&self) -> bool {
        self.growth_pct.is_some_and(|g| g < 0.0)
    }
}

/// The statistics of a period and indicator; the serialised fields are exactly SPEC §9's
/// JSON, so the command line prints this as it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnStats {
    /// The period (year to date), serialised as `2023-04`.
    pub period: Period,
    /// The indicator, serialised as its code.
    pub indicator: ReturnIndicator,
    /// Enterprises with a return.
    pub reporting: usize,
    /// Of those, comparable.
    pub comparable: usize,
    /// 规上 enterprises without a return.
    pub missing: usize,
    /// Aggregate growth of the comparable enterprises, %.
    pub growth_pct: Option<f64>,
    /// Comparable enterprises with growth below 0, stopped ones included.
    pub declining: usize,
    /// 减产面: declining ÷ comparable × 100.
    pub decline_share_pct: Option<f64>,
    /// Stopped enterprises.
    pub stopped: usize,
    /// Every enterprise, by pull (largest first), the missing last.
    pub enterprises: Vec<EnterpriseReturn>,
    /// Σcur over the comparable enterprises (not in the JSON).
    #[serde(skip)]
    pub current_total: f64,
    /// Σprev over the comparable enterprises (not in the JSON).
    #[serde(skip)]
    pub previous_total: f64,
}

/// Counts and aggregate growth of a set of enterprise lines.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Tally {
    /// Lines in the set.
    pub enterprises: usize,
    /// With a return.
    pub reporting: usize,
    /// Comparable.
    pub comparable: usize,
    /// Missing.
    pub missing: usize,
    /// Comparable with growth below 0, stopped included.
    pub declining: usize,
    /// Stopped.
    pub stopped: usize,
    /// Σcur over the comparable ones.
    pub current_total: f64,
    /// Σprev over the comparable ones.
    pub previous_total: f64,
    /// (Σcur − Σprev) / Σprev × 100.
    pub growth_pct: Option<f64>,
    /// 减产面: declining ÷ comparable × 100.
    pub decline_share_pct: Option<f64>,
}

/// Counts the lines and sums the comparable ones.
pub fn tally<'a>(lines: impl IntoIterator<Item = &'a EnterpriseReturn>) -> Tally {
    let mut t = Tally::default();
    for e in lines {
        t.enterprises += 1;
        match e.status {
            Status::Missing => t.missing += 1,
            Status::Stopped => t.stopped += 1,
            _ => {}
        }
        if e.status != Status::Missing {
            t.reporting += 1;
        }
        if let (true, Some(cur), Some(prev)) = (e.is_comparable(), e.current, e.previous) {
            t.comparable += 1;
            t.current_total += cur;
            t.previous_total += prev;
        }
        if e.is_declining() {
            t.declining += 1;
        }
    }
    t.growth_pct =
        (t.comparable > 0).then(|| (t.current_total - t.previous_total) / t.previous_total * 100.0);
    t.decline_share_pct =
        (t.comparable > 0).then(|| t.declining as f64 / t.comparable as f64 * 100.0);
    t
}

/// True when `x` is zero up to float noise relative to `scale`.
fn is_zero(x: f64, scale: f64) -> bool {
    x.abs() <= 1e-9 * scale.abs().max(1.0)
}

/// The status of an enterprise with a return, before the missing ones are added.
pub fn status(r: &ResolvedReturn) -> Status {
    let had_output = r.ytd.is_some_and(|v| v > 0.0) || r.ytd_last_year.is_some_and(|v| v > 0.0);
    let month_zero = r.month.is_some_and(|m| is_zero(m, r.ytd.unwrap_or(0.0)));
    let unmoved = r.indicator.is_flow()
        && matches!((r.ytd, r.ytd_previous_period), (Some(cur), Some(before)) if is_zero(cur - before, cur));
    // A month without profit, or a head count, says nothing of production stopping.
    let says_production = r.indicator.is_flow() && r.indicator != ReturnIndicator::Profit;
    if says_production && had_output && (month_zero || unmoved) {
        return Status::Stopped;
    }
    match growth_pct(r) {
        None => Status::New,
        Some(g) if g < 0.0 => Status::Declining,
        Some(_) => Status::Growing,
    }
}

/// growth_e = (cur/prev − 1) × 100 when both values exist and prev > 0.
pub fn growth_pct(r: &ResolvedReturn) -> Option<f64> {
    match (r.ytd, r.ytd_last_year) {
        (Some(cur), Some(prev)) if prev > 0.0 => Some((cur / prev - 1.0) * 100.0),
        _ => None,
    }
}

/// The line of an enterprise with a return, before pulls and contributions.
fn reported_line(r: &ResolvedReturn, member: Option<&Member>) -> EnterpriseReturn {
    let fallback = Member {
        code: r.enterprise.clone(),
        name: r.enterprise.clone(),
        ..Member::default()
    };
    let m = member.unwrap_or(&fallback);
    EnterpriseReturn {
        code: r.enterprise.clone(),
        name: m.name.clone(),
        region: m.region.clone(),
        industry: m.industry.clone(),
        official: m.official.clone(),
        current: r.ytd,
        previous: r.ytd_last_year,
        growth_pct: growth_pct(r),
        pull_pp: None,
        contribution_pct: None,
        status: status(r),
        county: m.county.clone(),
        flags: m.flags.clone(),
    }
}

/// The line of a 规上 enterprise without a return.
fn missing_line(m: &Member) -> EnterpriseReturn {
    EnterpriseReturn {
        code: m.code.clone(),
        name: m.name.clone(),
        region: m.region.clone(),
        industry: m.industry.clone(),
        official: m.official.clone(),
        current: None,
        previous: None,
        growth_pct: None,
        pull_pp: None,
        contribution_pct: None,
        status: Status::Missing,
        county: m.county.clone(),
        flags: m.flags.clone(),
    }
}

/// Sort rank: comparable, then reporting but not comparable, then missing.
fn band(e: &EnterpriseReturn) -> u8 {
    match (e.status, e.pull_pp) {
        (Status::Missing, _) => 2,
        (_, None) => 1,
        (_, Some(_)) => 0,
    }
}

/// The statistics of `period` and `indicator` over the register's `members` and the
/// `returns` (those of other periods or indicators are not looked at).
pub fn return_stats(
    period: Period,
    indicator: ReturnIndicator,
    members: &[Member],
    returns: &[ResolvedReturn],
) -> ReturnStats {
    let mut by_code: BTreeMap<&str, &Member> = BTreeMap::new();
    for m in members {
        // The register's codes are unique; should one repeat, its first entry names it.
        by_code.entry(m.code.as_str()).or_insert(m);
    }
    let selected: Vec<&ResolvedReturn> = returns
        .iter()
        .filter(|r| r.period == period && r.indicator == indicator)
        .collect();
    let mut lines: Vec<EnterpriseReturn> = selected
        .iter()
        .map(|r| reported_line(r, by_code.get(r.enterprise.as_str()).copied()))
        .collect();
    let reported: std::collections::BTreeSet<&str> =
        selected.iter().map(|r| r.enterprise.as_str()).collect();
    lines.extend(
        by_code
            .values()
            .filter(|m| m.above_size && !reported.contains(m.code.as_str()))
            .map(|m| missing_line(m)),
    );
    let whole = tally(&lines);
    let increase = whole.current_total - whole.previous_total;
    for e in lines.iter_mut().filter(|e| e.is_comparable()) {
        if let (Some(cur), Some(prev)) = (e.current, e.previous) {
            e.pull_pp = Some((cur - prev) / whole.previous_total * 100.0);
            e.contribution_pct =
                (!is_zero(increase, whole.previous_total)).then(|| (cur - prev) / increase * 100.0);
        }
    }
    lines.sort_by(|a, b| {
        band(a)
            .cmp(&band(b))
            .then_with(|| {
                b.pull_pp
                    .unwrap_or(0.0)
                    .total_cmp(&a.pull_pp.unwrap_or(0.0))
            })
            .then_with(|| a.code.cmp(&b.code))
    });
    ReturnStats {
        period,
        indicator,
        reporting: whole.reporting,
        comparable: whole.comparable,
        missing: whole.missing,
        growth_pct: whole.growth_pct,
        declining: whole.declining,
        decline_share_pct: whole.decline_share_pct,
        stopped: whole.stopped,
        enterprises: lines,
        current_total: whole.current_total,
        previous_total: whole.previous_total,
    }
}

/// [`return_stats`] over the members that belong to the period's population: a 规上
/// enterprise without a return whose returns begin only in a later year (one that became
/// 规上 or was founded later; the 规上 list is drawn up once a year) was not yet reporting,
/// so it is not counted missing. The register has no dates, so `begins_after` answers from
/// the stored returns: given the codes of the 规上 members without a return, those whose
/// first return is in a year after `period`'s.
pub fn population_stats<E>(
    period: Period,
    indicator: ReturnIndicator,
    members: Vec<Member>,
    returns: &[ResolvedReturn],
    begins_after: impl FnOnce(&[&str]) -> Result<std::collections::HashSet<String>, E>,
) -> Result<ReturnStats, E> {
    let reported: std::collections::HashSet<&str> = returns
        .iter()
        .filter(|r| r.period == period && r.indicator == indicator)
        .map(|r| r.enterprise.as_str())
        .collect();
    let absent: Vec<&str> = members
        .iter()
        .filter(|m| m.above_size && !reported.contains(m.code.as_str()))
        .map(|m| m.code.as_str())
        .collect();
    let later = if absent.is_empty() {
        Default::default()
    } else {
        begins_after(&absent)?
    };
    let members: Vec<Member> = members
        .into_iter()
        .filter(|m| !later.contains(&m.code))
        .collect();
    Ok(return_stats(period, indicator, &members, returns))
}

/// What a breakdown groups the enterprises by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Industry code (None: not known).
    Industry,
    /// County code (None: registered at city level).
    County,
    /// Paired official (None: none paired).
    Official,
    /// Register flag; an enterprise is in each of its flags' groups, so these groups
    /// overlap and need not add up to the whole.
    Flag,
}

/// One group of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    /// The group's key: an industry, county or flag code, or an official's name; None for
    /// the enterprises without one.
    pub key: Option<String>,
    /// The group's own counts, aggregate growth and 减产面.
    pub tally: Tally,
    /// The group's pull on the whole's growth, percentage points.
    pub pull_pp: Option<f64>,
    /// The group's share of the whole's increase, %.
    pub contribution_pct: Option<f64>,
}

impl ReturnStats {
    /// The lines of the enterprises with a return and their sums, as one tally.
    pub fn tally(&self) -> Tally {
        tally(&self.enterprises)
    }

    /// The breakdown by a dimension: groups in key order, the group without a key last.
    pub fn breakdown(&self, dimension: Dimension) -> Vec<GroupStats> {
        let mut groups: BTreeMap<(bool, Option<String>), Vec<&EnterpriseReturn>> = BTreeMap::new();
        for e in &self.enterprises {
            let keys: Vec<Option<String>> = match dimension {
                Dimension::Industry => vec![e.industry.clone()],
                Dimension::County => vec![e.county.clone()],
                Dimension::Official => {
                    vec![(!e.official.trim().is_empty()).then(|| e.official.clone())]
                }
                // A flag listed twice still puts the enterprise in its group once.
                Dimension::Flag => {
                    let flags: std::collections::BTreeSet<Flag> = e.flags.iter().copied().collect();
                    flags.iter().map(|f| Some(f.code().to_string())).collect()
                }
            };
            for key in keys {
                groups.entry((key.is_none(), key)).or_default().push(e);
            }
        }
        let increase = self.current_total - self.previous_total;
        groups
            .into_iter()
            .map(|((_, key), lines)| {
                let t = tally(lines);
                let change = t.current_total - t.previous_total;
                let any = t.comparable > 0 && self.comparable > 0;
                GroupStats {
                    key,
                    tally: t,
                    pull_pp: any.then(|| change / self.previous_total * 100.0),
                    contribution_pct: (any && !is_zero(increase, self.previous_total))
                        .then(|| change / increase * 100.0),
                }
            })
            .collect()
    }

    /// The `n` enterprises pulling the growth up most (pull > 0), largest first.
    pub fn top_up(&self, n: usize) -> Vec<&EnterpriseReturn> {
        self.enterprises
            .iter()
            .filter(|e| e.pull_pp.is_some_and(|p| p > 0.0))
            .take(n)
            .collect()
    }

    /// The `n` enterprises pulling the growth down most (pull < 0), most negative first.
    pub fn top_down(&self, n: usize) -> Vec<&EnterpriseReturn> {
        let mut down: Vec<&EnterpriseReturn> = self
            .enterprises
            .iter()
            .filter(|e| e.pull_pp.is_some_and(|p| p < 0.0))
            .collect();
        down.sort_by(|a, b| {
            a.pull_pp
                .unwrap_or(0.0)
                .total_cmp(&b.pull_pp.unwrap_or(0.0))
                .then_with(|| a.code.cmp(&b.code))
        });
        down.truncate(n);
        down
    }
}

/// A stated growth that contradicts the return's own values.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthMismatch {
    /// The enterprise's credit code.
    pub enterprise: String,
    /// The period.
    pub period: Period,
    /// The indicator.
    pub indicator: ReturnIndicator,
    /// The growth the form states, %.
    pub stated_pct: f64,
    /// (ytd / last year's ytd − 1) × 100 from the form's values.
    pub computed_pct: f64,
}

impl GrowthMismatch {
    /// How far apart the two are, percentage points.
    pub fn gap_pp(&self) -> f64 {
        (self.stated_pct - self.computed_pct).abs()
    }

    /// The warning in both languages: what, where, what to do.
    pub fn said(&self) -> Said {
        let (s, c, g) = (self.stated_pct, self.computed_pct, self.gap_pp());
        let zh = format!(
            "企业{}（{}）{}填报的同比增长{s:.1}%与本年累计、上年同期累计算得的{c:.1}%相差{g:.1}个百分点（超过{GROWTH_TOLERANCE_PP}）：请核对该企业的填报值",
            self.enterprise,
            self.period
                .label_with_year(crate::model::Basis::Ytd, Lang::Zh),
            self.indicator.name(Lang::Zh),
        );
        let en = format!(
            "enterprise {} states {} growth of {s:.1}% for {}, but its year-to-date values give {c:.1}%, {g:.1} points apart (more than {GROWTH_TOLERANCE_PP}): check the enterprise's figures",
            self.enterprise,
            self.indicator.name(Lang::En),
            self.period
                .label_with_year(crate::model::Basis::Ytd, Lang::En),
        );
        Said::new(zh, en)
    }
}

/// Checks a return's stated growth against its year-to-date values: a warning when they
/// are more than [`GROWTH_TOLERANCE_PP`] points apart. Nothing to check without a stated
/// growth, a year-to-date value or a positive last-year value on the form.
pub fn check_stated_growth(r: &MonthlyReturn) -> Option<GrowthMismatch> {
    let stated = r.stated_growth_pct?;
    let (cur, prev) = (r.ytd?, r.ytd_last_year?);
    if prev <= 0.0 {
        return None;
    }
    let computed = (cur / prev - 1.0) * 100.0;
    // A gap of exactly 0.15 written in decimal (10.0 against 10.15) is within tolerance,
    // although its binary value lies a hair above.
    ((stated - computed).abs() > GROWTH_TOLERANCE_PP + 1e-9).then(|| GrowthMismatch {
        enterprise: r.enterprise.clone(),
        period: r.period,
        indicator: r.indicator,
        stated_pct: stated,
        computed_pct: computed,
    })
}
