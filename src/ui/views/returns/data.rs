//! What the Returns view draws from, worked out once per (period, indicator) off the UI
//! thread: the statistics, each line's county, industry and official as small indices, a
//! lower-case search text, the table's order by every column, and the growth distribution.
//! Filtering then walks one precomputed order (no sort in a frame), so a click on a header
//! or a filter costs one pass over the lines even at 70,000 enterprises.

use std::collections::BTreeMap;

use crate::analysis::returns::{
    EnterpriseReturn, ReturnStats, Status, members_of, population_stats,
};
use crate::model::returns::ReturnIndicator;
use crate::model::{Catalogue, Lang, Period};
use crate::store::{Dataset, StoreError};

/// What the view asks the session to load: a period (None: the latest with returns) and an
/// indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnsKey {
    /// The period, or None for the latest one with returns.
    pub period: Option<Period>,
    /// The indicator.
    pub indicator: ReturnIndicator,
}

/// A column of the returns table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnColumn {
    /// Enterprise name.
    Name,
    /// County (区县), in the catalogue's order.
    County,
    /// Industry, in the catalogue's order.
    Industry,
    /// Paired official.
    Official,
    /// This year, year to date.
    Current,
    /// Last year, same period.
    Previous,
    /// Growth, %.
    Growth,
    /// Pull on the aggregate growth, points.
    Pull,
    /// Share of the increase, %.
    Contribution,
    /// Status.
    Status,
}

impl ReturnColumn {
    /// Every column, left to right.
    pub const ALL: [ReturnColumn; 10] = [
        ReturnColumn::Name,
        ReturnColumn::County,
        ReturnColumn::Industry,
        ReturnColumn::Official,
        ReturnColumn::Current,
        ReturnColumn::Previous,
        ReturnColumn::Growth,
        ReturnColumn::Pull,
        ReturnColumn::Contribution,
        ReturnColumn::Status,
    ];

    /// The header title.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            ReturnColumn::Name => lang.pick("企业名称", "Name"),
            ReturnColumn::County => lang.pick("区县", "County"),
            ReturnColumn::Industry => lang.pick("行业", "Industry"),
            ReturnColumn::Official => lang.pick("包联领导", "Official"),
            ReturnColumn::Current => lang.pick("本期累计", "Current"),
            ReturnColumn::Previous => lang.pick("上年同期", "Previous"),
            ReturnColumn::Growth => lang.pick("增速%", "Growth %"),
            ReturnColumn::Pull => lang.pick("拉动(点)", "Pull (pp)"),
            ReturnColumn::Contribution => lang.pick("贡献率%", "Contrib. %"),
            ReturnColumn::Status => lang.pick("状态", "Status"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The growth bins of the distribution, in %: below −20, −20…−10, −10…0, 0…10, 10…20, 20
/// and above (a bin holds its lower edge).
pub const GROWTH_BINS: [(Option<f64>, Option<f64>); 6] = [
    (None, Some(-20.0)),
    (Some(-20.0), Some(-10.0)),
    (Some(-10.0), Some(0.0)),
    (Some(0.0), Some(10.0)),
    (Some(10.0), Some(20.0)),
    (Some(20.0), None),
];

/// The bin of a growth rate.
pub fn growth_bin(growth_pct: f64) -> usize {
    GROWTH_BINS
        .iter()
        .position(|(lo, hi)| {
            lo.is_none_or(|lo| growth_pct >= lo) && hi.is_none_or(|hi| growth_pct < hi)
        })
        .unwrap_or(GROWTH_BINS.len() - 1)
}

/// A bin's label: "< −20%", "−20%～−10%" … "≥ 20%".
pub fn bin_label(bin: usize) -> String {
    let pct = |v: f64| format!("{}%", format!("{v:.0}").replace('-', "−"));
    match GROWTH_BINS.get(bin) {
        Some((None, Some(hi))) => format!("< {}", pct(*hi)),
        Some((Some(lo), None)) => format!("≥ {}", pct(*lo)),
        Some((Some(lo), Some(hi))) => format!("{}～{}", pct(*lo), pct(*hi)),
        _ => String::new(),
    }
}

/// A county of the register: its code and names.
#[derive(Debug, Clone, PartialEq)]
pub struct County {
    /// GB/T 2260 code.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
}

impl County {
    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }
}

/// A line's facts as the filters need them.
#[derive(Debug, Clone, PartialEq)]
pub struct LineFacts {
    /// Index into [`ReturnsData::counties`], None when registered at city level.
    pub county: Option<u16>,
    /// Index into the catalogue's industries, None when not known.
    pub industry: Option<u16>,
    /// Index into [`ReturnsData::officials`], None when none is paired.
    pub official: Option<u32>,
    /// Lower-case name and credit code, for the search box.
    pub search: String,
}

/// One column's order: the lines with a value in ascending order, then those without
/// (shown last whichever way the column is sorted).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnOrder {
    /// Lines with a value, ascending.
    pub valued: Vec<u32>,
    /// Lines without one, in the statistics' order.
    pub empty: Vec<u32>,
}

/// Everything the view draws for one (period, indicator).
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnsData {
    /// What was asked for.
    pub key: ReturnsKey,
    /// Periods holding returns, oldest first (empty: the dataset has none).
    pub periods: Vec<Period>,
    /// The statistics of the period shown (None when the dataset has no returns).
    pub stats: Option<ReturnStats>,
    /// Per line of `stats.enterprises`, the filters' facts.
    pub facts: Vec<LineFacts>,
    /// Counties named by the lines, in the catalogue's order.
    pub counties: Vec<County>,
    /// Officials named by the lines, by code point.
    pub officials: Vec<String>,
    /// Per column, the order of the lines.
    pub orders: Vec<ColumnOrder>,
    /// Comparable enterprises per growth bin.
    pub histogram: [usize; 6],
    /// The ten lines pulling the growth up most, largest first.
    pub top_up: Vec<u32>,
    /// The ten lines pulling it down most, most negative first.
    pub top_down: Vec<u32>,
    /// Stored rows of the period that could not be read and were left out.
    pub skipped: usize,
}

impl ReturnsData {
    /// The order of the lines sorted by `column`; `descending` reverses the valued ones.
    pub fn ordered(&self, column: ReturnColumn, descending: bool) -> impl Iterator<Item = u32> {
        let order = &self.orders[column.index()];
        let valued: Box<dyn Iterator<Item = u32>> = if descending {
            Box::new(order.valued.iter().rev().copied())
        } else {
            Box::new(order.valued.iter().copied())
        };
        valued.chain(order.empty.iter().copied())
    }
}

/// Reads and works out the returns of `key` (run on a worker with its own connection).
pub fn load(ds: &Dataset, key: ReturnsKey) -> Result<ReturnsData, StoreError> {
    let periods = ds.return_periods()?;
    let period = key
        .period
        .filter(|p| periods.contains(p))
        .or_else(|| periods.last().copied());
    let Some(period) = period else {
        return Ok(ReturnsData {
            key,
            periods,
            stats: None,
            facts: Vec::new(),
            counties: Vec::new(),
            officials: Vec::new(),
            orders: Vec::new(),
            histogram: [0; 6],
            top_up: Vec::new(),
            top_down: Vec::new(),
            skipped: 0,
        });
    };
    let (resolved, skipped) = ds.returns_for_checked(period, key.indicator)?;
    let enterprises = ds.enterprises()?;
    let stats = population_stats(
        period,
        key.indicator,
        members_of(&enterprises, ds.catalogue()),
        &resolved,
        |codes| ds.returns_begin_after_among(period, codes, &enterprises),
    )?;
    Ok(prepare(key, periods, stats, ds.catalogue(), skipped.len()))
}

/// The facts, orders and distribution of computed statistics.
pub fn prepare(
    key: ReturnsKey,
    periods: Vec<Period>,
    stats: ReturnStats,
    catalogue: &Catalogue,
    skipped: usize,
) -> ReturnsData {
    let lines = &stats.enterprises;
    let county_codes: std::collections::BTreeSet<&str> =
        lines.iter().filter_map(|e| e.county.as_deref()).collect();
    let counties: Vec<County> = catalogue
        .regions
        .iter()
        .filter(|r| county_codes.contains(r.code.as_str()))
        .map(|r| County {
            code: r.code.clone(),
            name_zh: r.name(Lang::Zh).to_string(),
            name_en: r.name(Lang::En).to_string(),
        })
        .collect();
    let county_index: BTreeMap<&str, u16> = counties
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i as u16))
        .collect();
    let industry_index: BTreeMap<&str, u16> = catalogue
        .industries
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.code.as_str(), i as u16))
        .collect();
    let officials: Vec<String> = lines
        .iter()
        .map(|e| e.official.trim())
        .filter(|o| !o.is_empty())
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let official_index: BTreeMap<&str, u32> = officials
        .iter()
        .enumerate()
        .map(|(i, o)| (o.as_str(), i as u32))
        .collect();
    let facts: Vec<LineFacts> = lines
        .iter()
        .map(|e| LineFacts {
            county: e
                .county
                .as_deref()
                .and_then(|c| county_index.get(c).copied()),
            industry: e
                .industry
                .as_deref()
                .and_then(|c| industry_index.get(c).copied()),
            official: official_index.get(e.official.trim()).copied(),
            search: search_text(&e.name, &e.code),
        })
        .collect();
    let orders = ReturnColumn::ALL
        .iter()
        .map(|&c| column_order(lines, &facts, c))
        .collect();
    let mut histogram = [0; 6];
    for g in lines.iter().filter_map(|e| e.growth_pct) {
        // Binned as shown (one decimal): 120 against 100 is 19.999…, printed and read as 20.0.
        histogram[growth_bin(crate::analysis::round1(g))] += 1;
    }
    let (top_up, top_down) = top_pulls(lines, 10);
    ReturnsData {
        key,
        periods,
        stats: Some(stats),
        facts,
        counties,
        officials,
        orders,
        histogram,
        top_up,
        top_down,
        skipped,
    }
}

/// The `n` lines pulling up most and the `n` pulling down most, as
/// [`ReturnStats::top_up`] and [`ReturnStats::top_down`] choose them, by index.
fn top_pulls(lines: &[EnterpriseReturn], n: usize) -> (Vec<u32>, Vec<u32>) {
    let pulls = |keep: fn(f64) -> bool| -> Vec<u32> {
        (0..lines.len() as u32)
            .filter(|&i| lines[i as usize].pull_pp.is_some_and(keep))
            .collect()
    };
    // The lines come sorted by pull, largest first.
    let mut up = pulls(|p| p > 0.0);
    up.truncate(n);
    let mut down = pulls(|p| p < 0.0);
    down.sort_by(|&a, &b| {
        let (a, b) = (&lines[a as usize], &lines[b as usize]);
        a.pull_pp
            .unwrap_or(0.0)
            .total_cmp(&b.pull_pp.unwrap_or(0.0))
            .then_with(|| a.code.cmp(&b.code))
    });
    down.truncate(n);
    (up, down)
}

/// Statuses from worst to best, as a reader scanning for trouble wants them.
fn status_rank(s: Status) -> u32 {
    match s {
        Status::Stopped => 0,
        Status::Declining => 1,
        Status::Missing => 2,
        Status::New => 3,
        Status::Growing => 4,
    }
}

/// The order of the lines by `key` (None: no value, last); ties keep the statistics'
/// order, so an unstable sort on (key, index) gives the stable order, faster.
fn order_by<K>(
    n: usize,
    key: impl Fn(usize) -> Option<K>,
    cmp: impl Fn(&K, &K) -> std::cmp::Ordering,
) -> ColumnOrder {
    let mut valued: Vec<(K, u32)> = Vec::with_capacity(n);
    let mut empty = Vec::new();
    for i in 0..n {
        match key(i) {
            Some(k) => valued.push((k, i as u32)),
            None => empty.push(i as u32),
        }
    }
    valued.sort_unstable_by(|a, b| cmp(&a.0, &b.0).then(a.1.cmp(&b.1)));
    ColumnOrder {
        valued: valued.into_iter().map(|(_, i)| i).collect(),
        empty,
    }
}

/// The lower-case name and code the search box looks in: ASCII lowered in place (the
/// usual case: Chinese has no case), anything else through the full Unicode mapping.
fn search_text(name: &str, code: &str) -> String {
    let mut s = String::with_capacity(name.len() + code.len() + 1);
    s.push_str(name);
    s.push(' ');
    s.push_str(code);
    if s.chars().any(|c| !c.is_ascii() && c.is_uppercase()) {
        s.to_lowercase()
    } else {
        s.make_ascii_lowercase();
        s
    }
}

/// A text cell's sort key: None when blank.
fn text(s: &str) -> Option<&str> {
    (!s.trim().is_empty()).then_some(s)
}

/// The lines' order by one column.
fn column_order(lines: &[EnterpriseReturn], facts: &[LineFacts], c: ReturnColumn) -> ColumnOrder {
    let n = lines.len();
    let number = |f: fn(&EnterpriseReturn) -> Option<f64>| {
        order_by(n, |i| f(&lines[i]), |a: &f64, b: &f64| a.total_cmp(b))
    };
    let index = |f: &dyn Fn(usize) -> Option<u32>| order_by(n, f, |a: &u32, b: &u32| a.cmp(b));
    match c {
        ReturnColumn::Name => order_by(n, |i| text(&lines[i].name), |a, b| a.cmp(b)),
        ReturnColumn::Official => order_by(n, |i| text(&lines[i].official), |a, b| a.cmp(b)),
        ReturnColumn::County => index(&|i| facts[i].county.map(u32::from)),
        ReturnColumn::Industry => index(&|i| facts[i].industry.map(u32::from)),
        ReturnColumn::Status => index(&|i| Some(status_rank(lines[i].status))),
        ReturnColumn::Current => number(|e| e.current),
        ReturnColumn::Previous => number(|e| e.previous),
        ReturnColumn::Growth => number(|e| e.growth_pct),
        ReturnColumn::Pull => number(|e| e.pull_pp),
        ReturnColumn::Contribution => number(|e| e.contribution_pct),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_falls_in_the_bin_holding_its_lower_edge() {
        assert_eq!(growth_bin(-35.0), 0);
        assert_eq!(growth_bin(-20.0), 1);
        assert_eq!(growth_bin(-0.1), 2);
        assert_eq!(growth_bin(0.0), 3);
        assert_eq!(growth_bin(19.99), 4);
        assert_eq!(growth_bin(20.0), 5);
        assert_eq!(bin_label(0), "< −20%");
        assert_eq!(bin_label(2), "−10%～0%");
        assert_eq!(bin_label(5), "≥ 20%");
    }

    #[test]
    fn an_order_keeps_ties_in_place_and_empty_cells_last() {
        let keys = [Some(2.0), None, Some(1.0), Some(2.0), None, Some(-1.0)];
        let order = order_by(keys.len(), |i| keys[i], |a: &f64, b: &f64| a.total_cmp(b));
        assert_eq!(order.valued, [5, 2, 0, 3]);
        assert_eq!(order.empty, [1, 4]);
    }

    #[test]
    fn the_search_text_is_lower_case_in_any_script() {
        assert_eq!(
            search_text("鸡西Graphite", "91230300MA1B"),
            "鸡西graphite 91230300ma1b"
        );
        assert_eq!(search_text("ÉCOLE", "X"), "école x");
    }
}
