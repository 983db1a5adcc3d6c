//! Reading a returns sheet's rows: the sheet's period, the wide and long processors, the
//! 合计 row and the stated-growth check.

use std::collections::HashMap;

use super::header::{Form, Kind, LongCols, ReturnHeader, UnitText, ValueCol, split_unit};
use super::{ParsedReturn, ReturnColumns, ReturnWho, SLOTS, header};
use crate::analysis::returns::check_stated_growth;
use crate::import::context::Context;
use crate::import::issue::{IssueKind, Location, Said, credit_code_error, period_error};
use crate::import::parser::{Parser, SheetCtx, number_of};
use crate::import::processor::Processor;
use crate::import::rows::{Cell, OwnedRow, Row, format_number};
use crate::import::values::{header_key, is_missing};
use crate::model::returns::{MonthlyReturn, ReturnIndicator, ReturnUnit};
use crate::model::{Basis, Lang, Period, credit_code};

/// What a sheet says about its period, gathered by the sheet reader.
pub struct PeriodSources<'a> {
    /// The title lines' context.
    pub title: &'a Context,
    /// The file name's context.
    pub file: &'a Context,
    /// The row of the first title line.
    pub title_row: Option<u64>,
}

/// The period of a returns sheet: title, then a header ("1-3月累计"), then the file name,
/// then the options. A title and a file name (or a header) that disagree are an error.
fn sheet_period(
    p: &mut Parser,
    s: &SheetCtx,
    h: &ReturnHeader,
    rows: &[OwnedRow],
    src: &PeriodSources<'_>,
) -> Option<Period> {
    let title_at = s.at(src.title_row.unwrap_or(1), None);
    let (t, f) = (src.title, src.file);
    let years_differ = matches!((t.year, f.year), (Some(a), Some(b)) if a != b);
    let months_differ = matches!((t.month, f.month), (Some(a), Some(b)) if a != b);
    if months_differ || years_differ {
        let label = |c: &Context| match (c.year, c.month) {
            (Some(y), Some(m)) => format!("{y}-{m:02}"),
            (None, Some(m)) => format!("1-{m}"),
            (Some(y), None) => format!("{y}"),
            _ => String::new(),
        };
        let (a, b) = (label(t), label(f));
        p.error(
                title_at,
                s.title.clone(),
                IssueKind::BadPeriod,
                Said::new(
                    format!(
                        "标题所写时期（{a}）与文件名“{}”所写时期（{b}）不一致：请核对后改正其中之一",
                        s.file
                    ),
                    format!(
                        "the title names the period {a} but the file name “{}” names {b}: check which is right and correct the other",
                        s.file
                    ),
                ),
            );
        return None;
    }
    let header_month = header_month(p, s, h, rows, t.month.or(f.month));
    let month = t.month.or(header_month).or(f.month);
    let year = t.year.or(f.year).or(p.options_ctx.year);
    let fallback = p.return_period;
    let (year, month) = match (year, month) {
        (Some(y), Some(m)) => (y, m),
        (y, None) => match fallback {
            Some(per) if y.is_none_or(|y| y == per.year()) => return Some(per),
            _ => return None,
        },
        (None, Some(m)) => match fallback {
            Some(per) => (per.year(), m),
            None => return None,
        },
    };
    match Period::new(year, month) {
        Ok(per) => Some(per),
        Err(e) => {
            p.error(s.whole(), None, IssueKind::January, period_error(&e));
            None
        }
    }
}

/// The month the value headers name ("1-3月累计"); a header naming another month than the
/// title is an error.
fn header_month(
    p: &mut Parser,
    s: &SheetCtx,
    h: &ReturnHeader,
    rows: &[OwnedRow],
    title_month: Option<u32>,
) -> Option<u32> {
    let Form::Wide(cols) = &h.form else {
        return None;
    };
    let mut found = None;
    let header_row = rows.get(h.data.saturating_sub(1)).map_or(1, |r| r.number);
    for c in cols {
        let Some(m) = c.month else { continue };
        let expected = title_month.or(found);
        if let Some(e) = expected
            && e != m
        {
            p.error(
                s.at(header_row, Some(c.col)),
                s.headers.get(c.col).cloned(),
                IssueKind::BadPeriod,
                Said::new(
                    format!("此列标题写的是1—{m}月，而本表（标题、文件名或其他列）是1—{e}月：请核对"),
                    format!(
                        "this header names Jan–{m} but the sheet (its title, file name or other columns) is Jan–{e}: check it"
                    ),
                ),
            );
            return None;
        }
        found = Some(m);
    }
    found
}

/// The error for a sheet whose period is given nowhere.
fn no_period(p: &mut Parser, s: &SheetCtx) {
    let whole = s.whole();
    // A period the sheet named wrongly has been reported already; "no period" would
    // contradict that message.
    let named_wrongly = p.out.errors.items().iter().any(|e| {
        matches!(e.kind, IssueKind::BadPeriod | IssueKind::January)
            && e.at.file == whole.file
            && e.at.sheet == whole.sheet
    });
    if named_wrongly {
        return;
    }
    p.error(
        s.whole(),
        None,
        IssueKind::MissingContext,
        Said::new(
            "企业月报没有时期：请在标题（如“2023年1-4月”）、列标题（如“1-4月累计”）或文件名（如“企业月报2024年1-4月.csv”）中写明，或导入时指定 --period 2023-04",
            "the returns name no period: give it in the title (2023年1-4月), a header (1-4月累计) or the file name (企业月报2024年1-4月.csv), or pass --period 2023-04",
        ),
    );
}

/// True for a 合计/总计 row's label.
pub(crate) fn is_total(cell: Cell<'_>) -> bool {
    let Cell::Text(t) = cell else { return false };
    // Asked of every row's code and name: without 计 or a t no folding makes 合计, 总计 or
    // total, so most cells are answered without building their key.
    if !t.contains(['计', 't', 'T', 'ｔ', 'Ｔ']) {
        return false;
    }
    let key = header_key(t);
    ["合计", "总计"]
        .iter()
        .any(|w| key.starts_with(w) || key.ends_with(w))
        || key == "total"
}

/// A row's credit code (validated) and name, each when given.
type Named = (Option<Box<str>>, Option<Box<str>>);

/// The enterprise of a row: a validated code and/or a name; Err when the code is bad.
fn who_of(
    p: &mut Parser,
    s: &SheetCtx,
    row: &dyn Row,
    code: Option<usize>,
    name: Option<usize>,
) -> Result<Named, ()> {
    let n = row.number();
    let code_text = match code.map(|c| (c, row.cell(c))) {
        None | Some((_, Cell::Empty)) => None,
        Some((_, Cell::Text(t))) if is_missing(t) => None,
        Some((c, Cell::Number(_))) => {
            p.error(
                s.at(n, Some(c)),
                Some(row.cell(c).text().into_owned()),
                IssueKind::BadCreditCode,
                Said::new(
                    "代码被存成了数字，Excel已丢掉其末几位：请把该列设为文本格式，再重新输入代码",
                    "the code is stored as a number, so Excel has dropped its last digits: format the column as text and type the codes again",
                ),
            );
            return Err(());
        }
        Some((c, cell)) => match credit_code::validate(&cell.text()) {
            Ok(code) => Some(code.into_boxed_str()),
            Err(e) => {
                p.error(
                    s.at(n, Some(c)),
                    Some(cell.text().into_owned()),
                    IssueKind::BadCreditCode,
                    credit_code_error(&e),
                );
                return Err(());
            }
        },
    };
    let name_text = name
        .map(|c| row.cell(c).text().trim().to_string())
        .filter(|t| !t.is_empty())
        .map(String::into_boxed_str);
    Ok((code_text, name_text))
}

/// The interned enterprise of a row (index into `return_who`), None when the row names
/// none; Err when the code is bad (reported on every row that has it). A code and name seen
/// before are neither validated nor stored again.
fn who_index(
    p: &mut Parser,
    s: &SheetCtx,
    row: &dyn Row,
    (code, name): (Option<usize>, Option<usize>),
    key: &mut String,
) -> Result<Option<u32>, ()> {
    let text = |c: Option<usize>| match c.map(|c| row.cell(c)) {
        None | Some(Cell::Empty) => Some(""),
        Some(Cell::Text(t)) => Some(t),
        Some(_) => None,
    };
    key.clear();
    // Only text cells are remembered: a number or other cell goes the long way.
    let keyed = match (text(code), text(name)) {
        (Some(c), Some(n)) => {
            let n = n.trim();
            // Files list their enterprises in the same order month after month: the one
            // that followed the last row's last time is tried first, without hashing (the
            // lookup was a tenth of reading a province's history).
            if let Some(i) = p.return_who_guess(|k| is_key(k, c, n)) {
                return Ok(Some(i));
            }
            key.push_str(c);
            key.push('\u{1}');
            key.push_str(n);
            if let Some(&i) = p.return_who_index.get(key.as_str()) {
                p.return_who_seen(i);
                return Ok(Some(i));
            }
            true
        }
        _ => false,
    };
    let (code, name) = who_of(p, s, row, code, name)?;
    if code.is_none() && name.is_none() {
        return Ok(None);
    }
    let i = p.next_return_who();
    p.out.return_who.push(ReturnWho { code, name });
    p.return_who_added(if keyed { key.as_str() } else { "" });
    if keyed {
        p.return_who_index.insert(key.as_str().into(), i);
    }
    Ok(Some(i))
}

/// True when `key` (see `Parser::return_who_index`) is that of code `c` and name `n`.
fn is_key(key: &str, c: &str, n: &str) -> bool {
    key.len() == c.len() + 1 + n.len()
        && key.starts_with(c)
        && key.ends_with(n)
        && key.as_bytes()[c.len()] == 1
}

/// The error for values with no enterprise.
fn no_enterprise(p: &mut Parser, s: &SheetCtx, n: u64, col: Option<usize>) {
    p.error(
        s.at(n, col),
        None,
        IssueKind::MissingValue,
        Said::new(
            "此行有数值但没有企业：请填写其统一社会信用代码或企业名称",
            "this row has values but no enterprise: give its 统一社会信用代码 (credit code) or 企业名称 (name)",
        ),
    );
}

/// A number cell in the indicator's unit: Ok(None) when blank; Err (reported) when bad.
fn value_in(
    p: &mut Parser,
    s: &SheetCtx,
    row: &dyn Row,
    col: usize,
    indicator: ReturnIndicator,
    kind: Kind,
    unit: Option<ReturnUnit>,
) -> Result<Option<f64>, ()> {
    let at = || s.at(row.number(), Some(col));
    match number_of(row.cell(col)) {
        Ok(None) => Ok(None),
        Ok(Some(v)) if kind == Kind::Growth => Ok(Some(v)),
        Ok(Some(v)) => match unit.map_or(Ok(v), |u| u.convert(v, indicator)) {
            Ok(x) => Ok(Some(x)),
            Err(e) => {
                p.error(
                    at(),
                    Some(row.cell(col).text().into_owned()),
                    IssueKind::BadUnit,
                    e.said(),
                );
                Err(())
            }
        },
        Err(e) => {
            let reason = e.said();
            p.error(
                at(),
                Some(row.cell(col).text().into_owned()),
                IssueKind::BadNumber,
                Said::new(
                    format!("{}；此列应为数值", reason.zh),
                    format!("{}; this column holds numbers", reason.en),
                ),
            );
            Err(())
        }
    }
}

/// Notices for stated growths that contradict the values (more than 0.15 points).
fn check_growth(p: &mut Parser, s: &SheetCtx, r: &ParsedReturn, cols: &[(usize, usize)]) {
    for i in ReturnIndicator::ALL {
        let Some(v) = r.get(i) else { continue };
        if v.stated_growth_pct.is_none() {
            continue;
        }
        // The enterprise is named only in a warning: no string per checked value.
        let m = MonthlyReturn {
            enterprise: String::new(),
            period: r.period,
            indicator: i,
            month: v.month,
            ytd: v.ytd,
            ytd_last_year: v.ytd_last_year,
            stated_growth_pct: v.stated_growth_pct,
        };
        if let Some(mut bad) = check_stated_growth(&m) {
            bad.enterprise = p.return_who(r.who).label().to_string();
            let slot = i.index() * 4 + Kind::Growth.offset();
            let col = cols.iter().find(|(s, _)| *s == slot).map(|(_, c)| *c);
            p.notice(s.at(u64::from(r.row), col), bad.said());
        }
    }
}

/// The unit a column's values are in: its header's, else the title's when it is a unit of
/// the indicator's quantity, else the indicator's own.
fn unit_for(
    header: Option<ReturnUnit>,
    title: Option<ReturnUnit>,
    i: ReturnIndicator,
) -> Option<ReturnUnit> {
    header.or(title.filter(|u| u.quantity() == i.quantity()))
}

/// A notice naming the money and electricity columns whose unit is written nowhere (not in
/// the header, not in the title): they are read in 万元 / 万千瓦时, and a statistics bureau's
/// export in 千元 read so would be ten times too large.
fn notice_assumed_units(p: &mut Parser, s: &SheetCtx, cols: &[ValueCol]) {
    let assumed: Vec<&str> = cols
        .iter()
        .filter(|c| {
            c.unit.is_none()
                && c.kind != Kind::Growth
                && c.indicator.quantity() != crate::model::returns::Quantity::Headcount
        })
        .filter_map(|c| s.headers.get(c.col).map(String::as_str))
        .collect();
    if assumed.is_empty() {
        return;
    }
    p.notice(
        s.whole(),
        Said::new(
            format!(
                "以下各列未写单位，已按万元（用电量按万千瓦时）读入：{}；若实为元或千元，请在列标题中写明单位后重新导入",
                assumed.join("、")
            ),
            format!(
                "these columns give no unit and were read in 万元 (10,000 yuan; electricity in 万千瓦时): {}; if they are in 元 or 千元, write the unit in the header and import again",
                assumed.join(", ")
            ),
        ),
    );
}

/// The wide layouts: one row per enterprise, value columns.
pub struct WideReturns {
    code: Option<usize>,
    name: Option<usize>,
    cols: Vec<ValueCol>,
    /// (slot, column) for locations.
    slots: Vec<(usize, usize)>,
    period: Option<Period>,
    source: Option<u32>,
    records: u64,
    totals: Vec<(u64, [f64; SLOTS])>,
    sums: [f64; SLOTS],
    /// Scratch for the enterprise's key (see [`who_index`]).
    key: String,
}

impl WideReturns {
    fn new(
        p: &mut Parser,
        s: &SheetCtx,
        h: &ReturnHeader,
        cols: &[ValueCol],
        period: Option<Period>,
        header_row: u64,
    ) -> WideReturns {
        let title_unit = s.title.as_deref().and_then(header::title_unit);
        let mut kept: Vec<ValueCol> = Vec::new();
        for c in cols {
            if let Some(u) = c.unit
                && u.quantity() != c.indicator.quantity()
            {
                let e = crate::model::returns::UnitError::Mismatch {
                    unit: u,
                    indicator: c.indicator,
                };
                p.error(
                    s.at(header_row, Some(c.col)),
                    s.headers.get(c.col).cloned(),
                    IssueKind::BadUnit,
                    e.said(),
                );
                continue;
            }
            if kept.iter().any(|k| k.slot() == c.slot()) {
                p.notice(
                    s.at(header_row, Some(c.col)),
                    Said::new(
                        "此列与前面某列是同一指标的同一数值，已忽略",
                        "this column repeats an earlier column's indicator and kind and is ignored",
                    ),
                );
                continue;
            }
            let mut c = c.clone();
            c.unit = unit_for(c.unit, title_unit, c.indicator);
            kept.push(c);
        }
        notice_assumed_units(p, s, &kept);
        WideReturns {
            code: h.code,
            name: h.name,
            slots: kept.iter().map(|c| (c.slot(), c.col)).collect(),
            cols: kept,
            period,
            source: None,
            records: 0,
            totals: Vec::new(),
            sums: [0.0; SLOTS],
            key: String::new(),
        }
    }

    /// The values of a row; Err when a cell was bad (reported).
    fn values(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Result<[f64; SLOTS], ()> {
        let mut values = [f64::NAN; SLOTS];
        let mut bad = false;
        for c in &self.cols {
            match value_in(p, s, row, c.col, c.indicator, c.kind, c.unit) {
                Ok(Some(v)) => values[c.slot()] = v,
                Ok(None) => {}
                Err(()) => bad = true,
            }
        }
        if bad { Err(()) } else { Ok(values) }
    }
}

impl Processor for WideReturns {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        let n = row.number();
        // 合计 may also stand in a 序号 column left of the enterprise's.
        let last_label = self.code.max(self.name).unwrap_or(0);
        if (0..=last_label).any(|c| is_total(row.cell(c))) {
            if let Ok(v) = self.values(p, s, row) {
                self.totals.push((n, v));
            }
            return;
        }
        let values = self.values(p, s, row);
        let Ok(who) = who_index(p, s, row, (self.code, self.name), &mut self.key) else {
            return;
        };
        let Ok(values) = values else { return };
        let empty = values.iter().all(|v| v.is_nan());
        let Some(who) = who else {
            if !empty {
                no_enterprise(p, s, n, self.code.or(self.name));
            }
            return;
        };
        let Some(period) = self.period else { return };
        if empty {
            return;
        }
        let source = *self.source.get_or_insert_with(|| p.source_for(s, ""));
        let r = ParsedReturn {
            who,
            period,
            sheet: s.index,
            row: n as u32,
            source,
            values,
        };
        for (sum, v) in self.sums.iter_mut().zip(values) {
            if !v.is_nan() {
                *sum += v;
            }
        }
        check_growth(p, s, &r, &self.slots);
        p.out.returns.push(r);
        self.records += 1;
    }

    fn finish(&mut self, p: &mut Parser, s: &SheetCtx) {
        if self.period.is_none() && self.records == 0 {
            no_period(p, s);
        }
        for (n, total) in std::mem::take(&mut self.totals) {
            total_notice(p, s, n, &total, &self.sums, &self.slots);
        }
    }

    fn records(&self) -> u64 {
        self.records
    }
}

/// The notice for a 合计 row: skipped, and whether it adds up to the rows.
fn total_notice(
    p: &mut Parser,
    s: &SheetCtx,
    n: u64,
    total: &[f64; SLOTS],
    sums: &[f64; SLOTS],
    slots: &[(usize, usize)],
) {
    let off: Vec<(usize, usize)> = slots
        .iter()
        .copied()
        .filter(|&(slot, _)| slot % 4 != Kind::Growth.offset())
        .filter(|&(slot, _)| {
            let (t, sum) = (total[slot], sums[slot]);
            !t.is_nan() && (t - sum).abs() > 0.005 + 1e-9 * t.abs().max(sum.abs())
        })
        .collect();
    let Some(&(slot, col)) = off.first() else {
        p.notice(
            s.at(n, None),
            Said::new(
                "合计行已跳过（只导入各企业的数值）",
                "the total (合计) row is skipped (only the enterprises' values are imported)",
            ),
        );
        return;
    };
    let (t, sum) = (
        format_number(total[slot]),
        format_number(round4(sums[slot])),
    );
    let more = off.len() - 1;
    p.notice(
        s.at(n, Some(col)),
        Said::new(
            format!(
                "合计行已跳过，但与各企业之和不符：{}合计为{t}，各企业之和为{sum}{}；请核对是否漏填或多填了企业",
                super::slot_name(slot, true),
                if more > 0 { format!("（另有{more}列不符）") } else { String::new() }
            ),
            format!(
                "the total (合计) row is skipped, but it does not add up: {} totals {t}, the enterprises sum to {sum}{}; check for missing or extra enterprises",
                super::slot_name(slot, false),
                if more > 0 { format!(" ({more} more column(s) differ)") } else { String::new() }
            ),
        ),
    );
}

/// Rounds away the binary noise of a long sum for display.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The long layout: one row per enterprise × indicator × period.
pub struct LongReturns {
    code: Option<usize>,
    name: Option<usize>,
    cols: LongCols,
    period: Option<Period>,
    /// The period the title or the file name names (not the options'): a row's 时期 must
    /// agree with it.
    named: Option<Period>,
    year: Option<i32>,
    title_unit: Option<ReturnUnit>,
    index: HashMap<(Box<str>, Period), usize>,
    source: Option<u32>,
    records: u64,
    missing_period: bool,
    /// Scratch for the enterprise's key (see [`who_index`]).
    key: String,
}

impl LongReturns {
    /// The indicator and unit of a row (Err: reported).
    fn indicator(
        &self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
    ) -> Result<(ReturnIndicator, Option<ReturnUnit>), ()> {
        let n = row.number();
        let c = self.cols.indicator;
        let text = row.cell(c).text().into_owned();
        let (body, unit) = split_unit(&text);
        let found = body.parse::<ReturnIndicator>().ok().or_else(|| {
            header::indicator_prefix(&body)
                .filter(|(_, r)| r.is_empty())
                .map(|(i, _)| i)
        });
        let Some(indicator) = found else {
            let reason = match body.parse::<ReturnIndicator>() {
                Err(e) => e.said(),
                Ok(_) => Said::default(),
            };
            p.error(
                s.at(n, Some(c)),
                Some(text),
                IssueKind::UnknownIndicator,
                reason,
            );
            return Err(());
        };
        let unit = match (unit, self.cols.unit.map(|u| row.cell(u))) {
            (UnitText::Unit(u), _) => Some(u),
            (_, Some(Cell::Text(t))) => match ReturnUnit::parse(t) {
                Ok(u) => Some(u),
                Err(e) => {
                    let col = self.cols.unit;
                    p.error(
                        s.at(n, col),
                        Some(t.to_string()),
                        IssueKind::BadUnit,
                        e.said(),
                    );
                    return Err(());
                }
            },
            _ => None,
        };
        Ok((indicator, unit_for(unit, self.title_unit, indicator)))
    }

    /// The period of a row: its 时期 cell, else the sheet's (Err: reported).
    fn period(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Result<Period, ()> {
        let n = row.number();
        if let Some(c) = self.cols.period {
            let cell = row.cell(c);
            if !cell.is_empty() {
                let text = cell.text();
                let parsed = match cell {
                    Cell::Date(d) => Period::new(d.year(), d.month()),
                    _ => Period::parse_with_basis(&text, self.year).map(|(per, _)| per),
                };
                if let (Ok(per), Some(named)) = (&parsed, self.named)
                    && *per != named
                {
                    p.error(
                        s.at(n, Some(c)),
                        Some(text.into_owned()),
                        IssueKind::BadPeriod,
                        Said::new(
                            format!(
                                "此行时期为{}，而标题或文件名写的是{}：请核对后改正其中之一",
                                per.label_with_year(Basis::Ytd, Lang::Zh),
                                named.label_with_year(Basis::Ytd, Lang::Zh)
                            ),
                            format!(
                                "this row's period is {} but the title or file name names {}: check which is right and correct the other",
                                per.label_with_year(Basis::Ytd, Lang::En),
                                named.label_with_year(Basis::Ytd, Lang::En)
                            ),
                        ),
                    );
                    return Err(());
                }
                return parsed.map_err(|e| {
                    let kind = if matches!(e, crate::model::PeriodError::January(_)) {
                        IssueKind::January
                    } else {
                        IssueKind::BadPeriod
                    };
                    p.error(
                        s.at(n, Some(c)),
                        Some(text.into_owned()),
                        kind,
                        period_error(&e),
                    );
                });
            }
        }
        match self.period {
            Some(per) => Ok(per),
            None => {
                self.missing_period = true;
                Err(())
            }
        }
    }
}

impl Processor for LongReturns {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        let n = row.number();
        let ind = self.indicator(p, s, row);
        let per = self.period(p, s, row);
        let who = who_index(p, s, row, (self.code, self.name), &mut self.key);
        let (Ok((indicator, unit)), Ok(period), Ok(who)) = (ind, per, who) else {
            return;
        };
        let mut four = [f64::NAN; 4];
        let mut bad = false;
        let cols = [
            self.cols.month,
            self.cols.ytd,
            self.cols.last,
            self.cols.growth,
        ];
        for (k, col) in cols.into_iter().enumerate() {
            let Some(col) = col else { continue };
            match value_in(p, s, row, col, indicator, Kind::ALL[k], unit) {
                Ok(Some(v)) => four[k] = v,
                Ok(None) => {}
                Err(()) => bad = true,
            }
        }
        if bad || four.iter().all(|v| v.is_nan()) {
            return;
        }
        let Some(who) = who else {
            no_enterprise(p, s, n, self.code.or(self.name));
            return;
        };
        let named = p.return_who(who);
        let key: Box<str> = match (&named.code, &named.name) {
            (Some(c), _) => c.clone(),
            (None, Some(nm)) => format!("名称:{nm}").into_boxed_str(),
            (None, None) => return,
        };
        let source = *self.source.get_or_insert_with(|| p.source_for(s, ""));
        let at = match self.index.get(&(key.clone(), period)) {
            Some(&i) => i,
            None => {
                let i = p.out.returns.len();
                p.out.returns.push(ParsedReturn {
                    who,
                    period,
                    sheet: s.index,
                    row: n as u32,
                    source,
                    values: [f64::NAN; SLOTS],
                });
                self.index.insert((key, period), i);
                self.records += 1;
                i
            }
        };
        let base = indicator.index() * 4;
        for (k, v) in four.into_iter().enumerate() {
            let slot = &mut p.out.returns[at].values[base + k];
            if v.is_nan() {
                continue;
            }
            if !slot.is_nan() && !crate::store::same_value(*slot, v) {
                let was = format_number(*slot);
                let first = p.out.returns[at].row;
                p.error(
                    s.at(n, cols[k]),
                    Some(format_number(v)),
                    IssueKind::DuplicateFigure,
                    Said::new(
                        format!("同一企业、时期和指标在第{first}行已有不同的数值{was}"),
                        format!("the same enterprise, period and indicator has another value, {was}, in row {first}"),
                    ),
                );
                continue;
            }
            *slot = v;
        }
    }

    fn finish(&mut self, p: &mut Parser, s: &SheetCtx) {
        if self.missing_period {
            no_period(p, s);
        }
        let first = p.out.returns.len() as u64 - self.records;
        let latest = p.out.returns[first as usize..]
            .iter()
            .map(|r| r.period)
            .max();
        if let Some(per) = latest.filter(|&x| Some(x) != self.period) {
            notice_future(p, s, per);
        }
        let rows: Vec<usize> = (first as usize..p.out.returns.len()).collect();
        for i in rows {
            let r = p.out.returns[i];
            check_growth(p, s, &r, &[]);
        }
    }

    fn records(&self) -> u64 {
        self.records
    }
}

/// A notice for returns of a period after the import date (a typo in the year, or the
/// wrong file): not an error, as for figures.
fn notice_future(p: &mut Parser, s: &SheetCtx, period: Period) {
    let today = p.imported_on;
    if (period.year(), period.month()) <= (today.year(), today.month()) {
        return;
    }
    let (zh, en) = (
        period_label(period, Lang::Zh),
        period_label(period, Lang::En),
    );
    p.notice(
        s.whole(),
        Said::new(
            format!("企业月报的时期{zh}晚于今天（{today}）：请检查标题或文件名中的年份和月份"),
            format!("the returns are for {en}, after today ({today}): check the year and month in the title or file name"),
        ),
    );
}

/// A notice naming the header columns a wide returns sheet does not read (行业, 地区 …), so
/// nobody expects them imported; a 序号 column goes unmentioned.
fn notice_unread(p: &mut Parser, s: &SheetCtx, h: &ReturnHeader, cols: &[ValueCol]) {
    let unread: Vec<&str> = s
        .headers
        .iter()
        .enumerate()
        .filter(|(c, t)| {
            !t.is_empty()
                && Some(*c) != h.code
                && Some(*c) != h.name
                && !cols.iter().any(|v| v.col == *c)
                && !matches!(header_key(t).as_str(), "序号" | "编号" | "no" | "行次")
        })
        .map(|(_, t)| t.as_str())
        .collect();
    if unread.is_empty() {
        return;
    }
    p.notice(
        s.whole(),
        Said::new(
            format!("以下各列不是企业月报的指标，未导入：{}（企业的行业、地区等请以企业名录导入）", unread.join("、")),
            format!("these columns are no indicators of the monthly return and are not imported: {} (import industry, region and the like with an enterprise list)", unread.join(", ")),
        ),
    );
}

/// The processor for a returns sheet and the sheet's period (also for the preview).
pub fn processor(
    p: &mut Parser,
    s: &SheetCtx,
    h: &ReturnHeader,
    rows: &[OwnedRow],
    src: &PeriodSources<'_>,
) -> (Box<dyn Processor>, Option<Period>) {
    let period = sheet_period(p, s, h, rows, src);
    if let Some(per) = period {
        notice_future(p, s, per);
    }
    let header_row = rows.get(h.header).map_or(1, |r| r.number);
    let mut columns = ReturnColumns {
        sheet: s.index,
        who: h.code.or(h.name).unwrap_or(0) as u32,
        name: h.name.unwrap_or(0) as u32,
        slots: [u32::MAX; SLOTS],
    };
    match &h.form {
        Form::Wide(cols) => {
            notice_unread(p, s, h, cols);
            let proc = WideReturns::new(p, s, h, cols, period, header_row);
            for &(slot, col) in &proc.slots {
                columns.slots[slot] = col as u32;
            }
            p.out.return_columns.push(columns);
            (Box::new(proc), period)
        }
        Form::Long(cols) => {
            let kinds = [cols.month, cols.ytd, cols.last, cols.growth];
            for (slot, c) in columns.slots.iter_mut().enumerate() {
                if let Some(col) = kinds[slot % 4] {
                    *c = col as u32;
                }
            }
            p.out.return_columns.push(columns);
            let proc = LongReturns {
                code: h.code,
                name: h.name,
                cols: cols.clone(),
                period,
                named: period.filter(|_| src.title.month.is_some() || src.file.month.is_some()),
                year: period
                    .map(|x| x.year())
                    .or(src.title.year)
                    .or(src.file.year)
                    .or(p.options_ctx.year),
                title_unit: s.title.as_deref().and_then(header::title_unit),
                index: HashMap::new(),
                source: None,
                records: 0,
                missing_period: false,
                key: String::new(),
            };
            (Box::new(proc), period)
        }
    }
}

/// The columns of a returns sheet (see [`ReturnColumns`]).
pub fn sheet_columns(out: &crate::import::ParsedImport, sheet: u32) -> Option<&ReturnColumns> {
    out.return_columns.iter().rev().find(|c| c.sheet == sheet)
}

/// Where a parsed return's enterprise is named (its name's cell when `name`).
pub fn who_location(out: &crate::import::ParsedImport, r: &ParsedReturn, name: bool) -> Location {
    let sheet = out.sheets.get(r.sheet as usize);
    let file = sheet
        .and_then(|s| out.files.get(s.file))
        .map(|f| f.name.clone())
        .unwrap_or_default();
    let columns = sheet_columns(out, r.sheet);
    let column = columns.map_or(0, |c| if name { c.name } else { c.who });
    Location {
        file,
        sheet: sheet.and_then(|s| s.name.clone()),
        row: Some(u64::from(r.row)),
        column: Some(column),
        column_name: sheet.and_then(|s| s.headers.get(column as usize).cloned()),
    }
}

/// The basis returns are on (for labels).
pub const BASIS: Basis = Basis::Ytd;

/// A period label for messages: 2023年1—4月.
pub fn period_label(period: Period, lang: Lang) -> String {
    period.label_with_year(BASIS, lang)
}
