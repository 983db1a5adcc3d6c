//! Checking parsed returns against a dataset (matching each to an enterprise, comparing it
//! with the stored return) and writing them.
//!
//! Matching: the credit code first (this import's enterprise list, then the register), else
//! the exact name (spaces, bracket widths and full-width forms folded). A code the dataset
//! lacks adds the enterprise (规上, the dataset's home region) under the row's name; a code
//! with no name to add it under, a name alone that matches nothing, and a name that is
//! another enterprise's than the code's are located errors.

use std::collections::HashMap;

use super::read::{period_label, sheet_columns, who_location};
use super::{ParsedReturn, SLOTS, slot_name};
use crate::import::issue::{Capped, Issue, IssueKind, Said};
use crate::import::parsed::ParsedImport;
use crate::import::plan::{Conflict, Counts, Outcome};
use crate::import::rows::format_number;
use crate::model::returns::{ReturnIndicator, ReturnRow};
use crate::model::{Enterprise, Lang, Period, Register, name_key};
use crate::store::{Dataset, ReturnWriter, StoreError, Writer, same_value, sql_err};

/// What an import does to the returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReturnCounts {
    /// Return rows (enterprise × period): added (new, or new values for a stored row),
    /// unchanged, in conflict or replaced.
    pub rows: Counts,
    /// Single values, counted the same way.
    pub values: Counts,
    /// Enterprises added to the register because a return names them.
    pub enterprises_added: usize,
}

/// The plan for the returns of an import.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReturnPlan {
    /// The credit code each return is written under (None: not written — an error, or
    /// merged into an earlier row of the same enterprise and period).
    pub owner: Vec<Option<u32>>,
    /// Distinct credit codes.
    pub codes: Vec<Box<str>>,
    /// Per return: what writing it does.
    pub outcome: Vec<Outcome>,
    /// Per return: the stored values, where a stored row exists and the return writes.
    pub stored: Vec<Option<Box<[f64; SLOTS]>>>,
    /// Enterprises to add, with the source of the return that names them first.
    pub added: Vec<(Enterprise, u32)>,
    /// Counts.
    pub counts: ReturnCounts,
}

/// The enterprises of the dataset and of the import's own list, by code and by name.
struct Index<'a> {
    all: Vec<&'a Enterprise>,
    by_code: HashMap<&'a str, &'a str>,
    /// Built on first use: a file that gives each enterprise's code with its registered
    /// name never needs it (70,000 folded names saved).
    by_name: std::cell::OnceCell<HashMap<String, Vec<&'a str>>>,
}

impl<'a> Index<'a> {
    fn new(parsed: &'a ParsedImport, register: &'a Register) -> Index<'a> {
        let all: Vec<&Enterprise> = register
            .enterprises
            .iter()
            .chain(parsed.enterprises.iter().map(|r| &r.enterprise))
            .collect();
        let by_code = all
            .iter()
            .map(|e| (e.credit_code.as_str(), e.name.as_str()))
            .collect();
        Index {
            all,
            by_code,
            by_name: std::cell::OnceCell::new(),
        }
    }

    /// The codes of the enterprises with a name (folded as [`name_key`] folds it).
    fn named(&self, name: &str) -> &[&'a str] {
        let by_name = self.by_name.get_or_init(|| {
            let mut map: HashMap<String, Vec<&str>> = HashMap::new();
            for e in &self.all {
                let codes = map.entry(name_key(&e.name)).or_default();
                if !codes.contains(&e.credit_code.as_str()) {
                    codes.push(e.credit_code.as_str());
                }
            }
            map
        });
        by_name.get(&name_key(name)).map_or(&[], Vec::as_slice)
    }
}

/// Why a return's enterprise cannot be settled.
#[derive(Clone)]
enum Unmatched {
    /// The name belongs to another enterprise than the code.
    Mismatch { other: String, owner: String },
    /// A code the dataset lacks, with no name to add it under.
    NoName,
    /// A name alone that no enterprise has.
    UnknownName,
    /// A name alone that several enterprises have.
    Ambiguous,
}

/// The enterprise of a return: Ok((code, new name when it is to be added)).
fn settle(
    index: &Index<'_>,
    code: Option<&str>,
    name: Option<&str>,
) -> Result<(String, Option<String>), Unmatched> {
    let known = code.and_then(|c| index.by_code.get(c));
    // The registered name given with its code: nothing to look up.
    if let (Some(code), Some(k), Some(n)) = (code, known, name)
        && k.trim() == n.trim()
    {
        return Ok((code.to_string(), None));
    }
    let named: &[&str] = name.map_or(&[], |n| index.named(n));
    match (code, name) {
        (Some(code), _) => {
            if !named.is_empty() && !named.contains(&code) {
                return Err(Unmatched::Mismatch {
                    other: named[0].to_string(),
                    owner: known.map(|n| n.to_string()).unwrap_or_default(),
                });
            }
            match (known, name) {
                (Some(_), _) => Ok((code.to_string(), None)),
                (None, Some(n)) => Ok((code.to_string(), Some(n.trim().to_string()))),
                (None, None) => Err(Unmatched::NoName),
            }
        }
        (None, Some(_)) => match named {
            [one] => Ok((one.to_string(), None)),
            [] => Err(Unmatched::UnknownName),
            _ => Err(Unmatched::Ambiguous),
        },
        (None, None) => Err(Unmatched::UnknownName),
    }
}

/// The located error for an enterprise that cannot be settled.
fn unmatched_issue(parsed: &ParsedImport, r: &ParsedReturn, why: &Unmatched) -> Issue {
    let who = &parsed.return_who[r.who as usize];
    let code = who.code.as_deref().unwrap_or_default();
    let name = who.name.as_deref().unwrap_or_default();
    let (kind, on_name, reason) = match why {
        Unmatched::Mismatch { other, owner } => {
            let (other, owner) = (other.as_str(), owner.as_str());
            let owner_zh = if owner.is_empty() {
                "不在名录中".to_string()
            } else {
                format!("属于“{owner}”")
            };
            let owner_en = if owner.is_empty() {
                "is in no register".to_string()
            } else {
                format!("belongs to “{owner}”")
            };
            (
                IssueKind::EnterpriseMismatch,
                true,
                Said::new(
                    format!(
                        "企业名称与统一社会信用代码不属于同一企业：代码{code}{owner_zh}，而“{name}”的代码为{other}；请核对后改正其中之一"
                    ),
                    format!(
                        "the name and the credit code belong to different enterprises: the code {code} {owner_en}, and “{name}” has the code {other}; check them and correct one"
                    ),
                ),
            )
        }
        Unmatched::NoName => (
            IssueKind::UnknownEnterprise,
            false,
            Said::new(
                "名录中没有此统一社会信用代码的企业，此行也没有企业名称，无法新增：请填写企业名称，或先导入企业名录",
                "no enterprise in the register has this credit code and the row gives no name to add it under: give its 企业名称 (name) or import the enterprise list first",
            ),
        ),
        Unmatched::UnknownName => (
            IssueKind::UnknownEnterprise,
            true,
            Said::new(
                "名录中没有此名称的企业，此行也没有统一社会信用代码，无法新增：请填写统一社会信用代码",
                "no enterprise in the register has this name and the row gives no credit code to add it under: give its 统一社会信用代码 (credit code)",
            ),
        ),
        Unmatched::Ambiguous => (
            IssueKind::UnknownEnterprise,
            true,
            Said::new(
                "有多家企业同名：请填写统一社会信用代码",
                "several enterprises have this name: give the 统一社会信用代码 (credit code)",
            ),
        ),
    };
    Issue {
        at: who_location(parsed, r, on_name),
        cell: Some(if on_name { name } else { code }.to_string()),
        kind,
        reason,
    }
}

/// A return's enterprise settled: the id of its code in [`ReturnPlan::codes`] and the name
/// to add it under when the register lacks it; or why it cannot be.
type Settled = Result<(u32, Option<String>), Unmatched>;

/// Matches each return to an enterprise (collecting the ones to add) and merges repeated
/// rows of one enterprise and period (different values in them are an error).
fn match_all(
    parsed: &mut ParsedImport,
    register: &Register,
    home: &str,
    plan: &mut ReturnPlan,
    errors: &mut Capped<Issue>,
) {
    let index = Index::new(parsed, register);
    let mut code_ids: HashMap<String, u32> = HashMap::new();
    // Per code id: added to the register already (no hashing per return).
    let mut added: Vec<bool> = Vec::new();
    // Per period, the first return of each enterprise (by code id; u32::MAX: none yet):
    // dense, 4 bytes per enterprise and period instead of a 3.8 M-entry map; the period of
    // the previous return is found first (a file is one period).
    let mut seen: Vec<(Period, Vec<u32>)> = Vec::new();
    let mut at = 0;
    let mut merges: Vec<(usize, usize)> = Vec::new();
    // Per enterprise as written (interned): its code's id and the name to add it under, or
    // why it cannot be settled; settled once, however many returns name it.
    let mut settled: Vec<Option<Settled>> = vec![None; parsed.return_who.len()];
    for (i, r) in parsed.returns.iter().enumerate() {
        let Some(slot) = settled.get_mut(r.who as usize) else {
            continue;
        };
        let outcome = slot.get_or_insert_with(|| {
            let who = &parsed.return_who[r.who as usize];
            settle(&index, who.code.as_deref(), who.name.as_deref()).map(|(code, new_name)| {
                let next = plan.codes.len() as u32;
                let id = *code_ids.entry(code).or_insert_with_key(|c| {
                    plan.codes.push(c.as_str().into());
                    next
                });
                (id, new_name)
            })
        });
        let (id, new_name) = match outcome {
            Ok((id, new_name)) => (*id, new_name),
            Err(why) => {
                errors.push(unmatched_issue(parsed, r, why));
                continue;
            }
        };
        if added.len() <= id as usize {
            added.resize(id as usize + 1, false);
        }
        if let Some(name) = new_name
            && !added[id as usize]
        {
            added[id as usize] = true;
            plan.added.push((
                Enterprise::above_size(&plan.codes[id as usize], name.clone(), home),
                r.source,
            ));
        }
        if seen.get(at).is_none_or(|(p, _)| *p != r.period) {
            at = match seen.iter().position(|(p, _)| *p == r.period) {
                Some(k) => k,
                None => {
                    seen.push((r.period, Vec::new()));
                    seen.len() - 1
                }
            };
        }
        let firsts = &mut seen[at].1;
        if firsts.len() <= id as usize {
            firsts.resize(plan.codes.len().max(id as usize + 1), u32::MAX);
        }
        match firsts[id as usize] {
            u32::MAX => {
                firsts[id as usize] = i as u32;
                plan.owner[i] = Some(id);
            }
            first => merges.push((first as usize, i)),
        }
    }
    for (first, later) in merges {
        let (a, b) = (parsed.returns[first], parsed.returns[later]);
        let clash = (0..SLOTS).find(|&k| {
            !a.values[k].is_nan() && !b.values[k].is_nan() && !same_value(a.values[k], b.values[k])
        });
        if let Some(k) = clash {
            let who = &parsed.return_who[b.who as usize];
            let (was, now) = (format_number(a.values[k]), format_number(b.values[k]));
            let row = a.row;
            errors.push(Issue {
                // The value's own cell (its column), not the enterprise's.
                at: value_location(parsed, &b, k),
                cell: Some(now.clone()),
                kind: IssueKind::DuplicateFigure,
                reason: Said::new(
                    format!("同一企业{}的{}{}出现两次且数值不同：此处为{now}，第{row}行为{was}", who.label(), period_label(b.period, Lang::Zh), slot_name(k, true)),
                    format!("enterprise {}'s {} for {} appears twice with different values: {now} here and {was} in row {row}", who.label(), slot_name(k, false), period_label(b.period, Lang::En)),
                ),
            });
            continue;
        }
        for k in 0..SLOTS {
            if parsed.returns[first].values[k].is_nan() {
                parsed.returns[first].values[k] = b.values[k];
            }
        }
    }
}

/// Checks the returns of a parse against a dataset (None: a new dataset), its periods with
/// stored returns read before when `stored_periods` is given.
pub(crate) fn plan_returns(
    parsed: &mut ParsedImport,
    dataset: Option<&Dataset>,
    stored_periods: Option<&[Period]>,
    register: &Register,
    home: &str,
    errors: &mut Capped<Issue>,
    conflicts: &mut Capped<Conflict>,
) -> Result<ReturnPlan, StoreError> {
    let n = parsed.returns.len();
    let mut plan = ReturnPlan {
        owner: vec![None; n],
        outcome: vec![Outcome::Add; n],
        stored: vec![None; n],
        ..ReturnPlan::default()
    };
    if n == 0 {
        return Ok(plan);
    }
    match_all(parsed, register, home, &mut plan, errors);
    plan.counts.enterprises_added = plan.added.len();
    let stored_periods = match (stored_periods, dataset) {
        (Some(read_before), _) => read_before.to_vec(),
        (None, Some(ds)) => ds.return_periods()?,
        (None, None) => Vec::new(),
    };
    // Returns of periods with nothing stored are new: no sort, no lookup.
    let mut order: Vec<usize> = Vec::new();
    for i in 0..n {
        if plan.owner[i].is_none() {
            continue;
        }
        if stored_periods
            .binary_search(&parsed.returns[i].period)
            .is_ok()
        {
            order.push(i);
        } else {
            compare(parsed, i, None, &mut plan, conflicts);
        }
    }
    order.sort_by_key(|&i| parsed.returns[i].period);
    for group in order.chunk_by(|&a, &b| parsed.returns[a].period == parsed.returns[b].period) {
        let period = parsed.returns[group[0]].period;
        let stored: HashMap<String, ReturnRow> = match dataset {
            Some(ds) => ds
                .return_rows(period)?
                .0
                .into_iter()
                .map(|r| (r.enterprise.clone(), r))
                .collect(),
            _ => HashMap::new(),
        };
        for &i in group {
            let code = plan.owner[i].map(|c| &plan.codes[c as usize]);
            let old = code.and_then(|c| stored.get(&**c)).map(stored_values);
            compare(parsed, i, old, &mut plan, conflicts);
        }
    }
    Ok(plan)
}

/// A stored row's values in slot order (NaN where none).
fn stored_values(row: &ReturnRow) -> [f64; SLOTS] {
    let mut out = [f64::NAN; SLOTS];
    for i in ReturnIndicator::ALL {
        if let Some(v) = row.get(i) {
            for (k, x) in v.as_array().into_iter().enumerate() {
                out[i.index() * 4 + k] = x.unwrap_or(f64::NAN);
            }
        }
    }
    out
}

/// Compares return `i` with its stored values: counts, conflicts and its outcome.
fn compare(
    parsed: &ParsedImport,
    i: usize,
    old: Option<[f64; SLOTS]>,
    plan: &mut ReturnPlan,
    conflicts: &mut Capped<Conflict>,
) {
    let r = &parsed.returns[i];
    let values = &mut plan.counts.values;
    let given = r.values.iter().filter(|v| !v.is_nan()).count();
    let Some(old) = old else {
        values.added += given;
        plan.counts.rows.added += 1;
        return;
    };
    let (mut added, mut differs) = (false, false);
    for (k, (&new, &was)) in r.values.iter().zip(old.iter()).enumerate() {
        if new.is_nan() {
            continue;
        }
        if was.is_nan() {
            values.added += 1;
            added = true;
        } else if same_value(was, new) {
            values.unchanged += 1;
        } else {
            values.conflicts += 1;
            differs = true;
            let who = &parsed.return_who[r.who as usize];
            let name = who.name.as_deref().unwrap_or_default();
            conflicts.push(Conflict {
                at: value_location(parsed, r, k),
                what: format!(
                    "企业月报 {} {name} {} {}",
                    who.label(),
                    period_label(r.period, Lang::Zh),
                    slot_name(k, true)
                ),
                old: Said::same(format_number(was)),
                new: Said::same(format_number(new)),
            });
        }
    }
    let rows = &mut plan.counts.rows;
    plan.outcome[i] = if differs {
        rows.conflicts += 1;
        Outcome::Differs(0.0)
    } else if added {
        rows.added += 1;
        Outcome::Add
    } else {
        rows.unchanged += 1;
        Outcome::Same
    };
    if plan.outcome[i] != Outcome::Same {
        plan.stored[i] = Some(Box::new(old));
    }
}

/// Where a value of a return was read: its row and the slot's column (the enterprise's
/// column when the sheet's columns are unknown; the first row of a long table's return).
fn value_location(parsed: &ParsedImport, r: &ParsedReturn, slot: usize) -> crate::import::Location {
    let mut at = who_location(parsed, r, false);
    let col = sheet_columns(parsed, r.sheet)
        .map(|c| c.slots[slot])
        .filter(|&c| c != u32::MAX);
    if let Some(c) = col {
        let headers = parsed.sheets.get(r.sheet as usize).map(|s| &s.headers);
        at.column = Some(c);
        at.column_name = headers.and_then(|h| h.get(c as usize)).cloned();
    }
    at
}

/// The counts as reported: conflicts counted as replaced when `replace`.
pub(crate) fn reported(counts: ReturnCounts, replace: bool) -> ReturnCounts {
    let adjust = |c: Counts| {
        if replace {
            Counts {
                replaced: c.conflicts,
                conflicts: 0,
                ..c
            }
        } else {
            c
        }
    };
    ReturnCounts {
        rows: adjust(counts.rows),
        values: adjust(counts.values),
        ..counts
    }
}

/// True when committing writes return `i`.
pub(crate) fn writes(plan: &ReturnPlan, i: usize, replace: bool) -> bool {
    plan.owner[i].is_some()
        && match plan.outcome[i] {
            Outcome::Add => true,
            Outcome::Same => false,
            Outcome::Differs(_) => replace,
        }
}

/// The order a return is written in: the table's key order (year, period, enterprise id),
/// an enterprise missing from the register last in its period (ids beyond 2^44, never seen
/// in practice, only lose the sequential order).
pub(crate) fn order_key(period: Period, id: Option<i64>) -> u64 {
    const ID_BITS: u32 = 44;
    let max = (1_u64 << ID_BITS) - 1;
    let id = id.map_or(max, |id| u64::try_from(id).unwrap_or(max).min(max));
    let period = u64::try_from(period.year()).unwrap_or(0) << 4 | u64::from(period.month());
    period << ID_BITS | id
}

/// Writes the enterprises the returns add, then the returns (the file's values over the
/// stored ones; a blank cell keeps the stored value).
pub(crate) fn write_returns(
    w: &mut Writer<'_>,
    parsed: &ParsedImport,
    plan: &ReturnPlan,
    replace: bool,
    source_ids: &[Option<i64>],
) -> crate::store::Result<()> {
    let path = w.path().to_path_buf();
    let source_of = |s: u32| source_ids.get(s as usize).copied().flatten();
    for (e, source) in &plan.added {
        w.add_enterprise(e, source_of(*source))?;
    }
    let mut rw = w.returns()?;
    // In the table's key order (year, period, enterprise id): sequential B-tree inserts
    // whatever order the file lists its enterprises in.
    let mut ids: Vec<Option<i64>> = vec![None; plan.codes.len()];
    for (code, id) in plan.codes.iter().zip(ids.iter_mut()) {
        *id = rw.enterprise_id(code).map_err(sql_err(&path))?;
    }
    // Packed (period, id) keys with the return's index: 16 bytes a return instead of 24.
    let mut order: Vec<(u64, u32)> = (0..parsed.returns.len())
        .filter(|&i| writes(plan, i, replace))
        .filter_map(|i| {
            let id = ids[plan.owner[i]? as usize];
            Some((order_key(parsed.returns[i].period, id), i as u32))
        })
        .collect();
    if !order.is_sorted() {
        // Stable: each file is one period in id order already, and the sort merges runs.
        order.sort();
    }
    rw.expect_rows(order.len());
    for (_, i) in order {
        let i = i as usize;
        let r = &parsed.returns[i];
        let Some(owner) = plan.owner[i] else {
            continue;
        };
        let Some(id) = ids[owner as usize] else {
            // Not in the register: `put` refuses it, naming the enterprise.
            let code = &plan.codes[owner as usize];
            rw.put(&ReturnRow::new(&**code, r.period), None)
                .map_err(sql_err(&path))?;
            continue;
        };
        put_return(
            &mut rw,
            r,
            id,
            plan.stored[i].as_deref(),
            source_of(r.source),
        )
        .map_err(sql_err(&path))?;
    }
    rw.finish().map_err(sql_err(&path))
}

/// Writes return `r` for the enterprise with row id `id`: the file's values over the
/// `stored` ones (a blank cell keeps the stored value), only the indicators the file gives.
pub(crate) fn put_return(
    rw: &mut ReturnWriter<'_>,
    r: &ParsedReturn,
    id: i64,
    stored: Option<&[f64; SLOTS]>,
    source: Option<i64>,
) -> crate::store::db::Result<()> {
    let mut values = r.values;
    if let Some(old) = stored {
        for (v, o) in values.iter_mut().zip(old.iter()) {
            if v.is_nan() {
                *v = *o;
            }
        }
    }
    let mut given = 0_u8;
    for ind in ReturnIndicator::ALL {
        let at = ind.index() * 4;
        if !r.values[at..at + 4].iter().all(|v| v.is_nan()) {
            given |= 1 << ind.index();
        }
    }
    let values: [Option<f64>; 24] = values.map(|v| Some(v).filter(|x| !x.is_nan()));
    rw.put_values(id, r.period, given, &values, source)
}
