//! Investment-project lists (投资项目, SPEC §10), recognised by a 项目名称 column beside an
//! enterprise (统一社会信用代码 and/or 企业名称) and investment columns: 计划总投资, 年度计划投资,
//! 本年累计完成投资 (本年完成投资, 1-N月完成投资), 上年同期完成投资 (去年同期), in 万元 unless a
//! header's unit (亿元, 千元, 元) or the title's says otherwise.
//!
//! Each row is one project's figures for a period (year to date): its 时期 cell ("2023年1-6月",
//! "2023-06", "1—6月" with the year from the title, the file name or `--year`), else the
//! period the title, a "1-N月完成投资" header, the file name or `--period` names. The
//! enterprise is found as a request's or deal's is (code first, a name with it must be the
//! same enterprise's); a project never adds an enterprise. The key is (enterprise, project
//! name, period): the same figures again are unchanged, other figures a conflict. A
//! negative or unreadable amount is a located error; 本年完成 above 计划总投资 is a notice.

use std::collections::HashMap;

use super::issue::{Capped, Issue, IssueKind, Location, Said, period_error};
use super::layout::{Field, done_months};
use super::owners::OwnerIndex;
use super::parsed::{ParsedImport, ProjectRow};
use super::parser::{Parser, Reported, Resolved, SheetCtx, number_of};
use super::plan::{Conflict, Counts, Outcome, Owner, RowPlan};
use super::processor::Processor;
use super::register::{col, enterprise_ref};
use super::returns::header::{UnitText, split_unit, title_unit};
use super::returns::read::is_total;
use super::rows::{Cell, OwnedRow, Row, format_number};
use crate::model::returns::ReturnUnit;
use crate::model::{Basis, InvestmentProject, Lang, Period, PeriodError, Register};
use crate::store::same_value;

/// The amount columns in [`ProjectRow::amounts`] order, with their names (Chinese, English).
const AMOUNTS: [(Field, &str, &str); 4] = [
    (Field::PlannedTotal, "计划总投资", "planned total"),
    (Field::PlannedYear, "年度计划投资", "planned this year"),
    (Field::DoneYtd, "本年累计完成投资", "completed year to date"),
    (
        Field::DoneLast,
        "上年同期完成投资",
        "completed in the same period last year",
    ),
];

/// `value` in a money unit brought into 万元 (smaller units divided, so 12,345 千元 is
/// exactly 1,234.5 万元).
fn to_10k_yuan(value: f64, unit: ReturnUnit) -> f64 {
    match unit {
        ReturnUnit::Yuan => value / 10_000.0,
        ReturnUnit::ThousandYuan => value / 10.0,
        ReturnUnit::HundredMillionYuan => value * 10_000.0,
        _ => value,
    }
}

/// True for a unit of money (the others are the returns' energy and headcount units).
fn is_money(unit: ReturnUnit) -> bool {
    matches!(
        unit,
        ReturnUnit::Yuan
            | ReturnUnit::ThousandYuan
            | ReturnUnit::TenThousandYuan
            | ReturnUnit::HundredMillionYuan
    )
}

/// The reason for a header unit that is no unit of money the list can be in.
fn bad_unit() -> Said {
    Said::new(
        "投资额的单位应为万元、亿元、千元或元：请改正该列标题中的单位",
        "an investment amount is in 万元, 亿元, 千元 or 元: correct the unit in this header",
    )
}

/// One amount column: where it is and the unit its values are in (None: 万元).
#[derive(Debug, Clone, Copy)]
struct AmountCol {
    col: usize,
    unit: Option<ReturnUnit>,
}

/// Investment-project rows.
pub struct ProjectProc {
    name: Option<usize>,
    code: Option<usize>,
    project: usize,
    period_col: Option<usize>,
    amounts: [Option<AmountCol>; 4],
    /// The period of rows whose 时期 cell is empty (title, header, file name, --period).
    sheet_period: Option<Period>,
    /// The period the title, the file name or a "1-N月完成投资" header names: a row's
    /// 时期 must agree with it.
    named: Option<Period>,
    /// The year of a 时期 cell that names none ("1—6月").
    year: Option<i32>,
    /// False when the sheet has no period at all (reported once at its header).
    usable: bool,
    records: u64,
}

impl ProjectProc {
    /// Sets up from the header: the columns, their units, and the sheet's period.
    pub fn new(
        p: &mut Parser,
        s: &SheetCtx,
        header: &OwnedRow,
        columns: &[(usize, Field)],
    ) -> ProjectProc {
        let in_title = s
            .title
            .as_deref()
            .and_then(title_unit)
            .filter(|u| is_money(*u));
        let mut amounts = [None; 4];
        for (slot, (field, ..)) in amounts.iter_mut().zip(AMOUNTS) {
            let Some(c) = col(columns, field) else {
                continue;
            };
            let text = header.cell(c).text();
            let unit = match split_unit(&text).1 {
                UnitText::Unit(u) if is_money(u) => Some(u),
                UnitText::None if !text.contains('元') => in_title,
                _ => {
                    p.error(
                        s.at(header.number, Some(c)),
                        Some(text.into_owned()),
                        IssueKind::BadUnit,
                        bad_unit(),
                    );
                    None
                }
            };
            *slot = Some(AmountCol { col: c, unit });
        }
        let period_col = col(columns, Field::Period);
        let header_month = header_month(p, s, header, columns);
        let (sheet_period, named) = sheet_period(p, s, header_month);
        let usable = period_col.is_some() || sheet_period.is_some();
        if !usable {
            no_period(p, s, header.number);
        }
        ProjectProc {
            name: col(columns, Field::Name),
            code: col(columns, Field::CreditCode),
            project: col(columns, Field::Project).unwrap_or(0),
            period_col,
            amounts,
            sheet_period,
            named,
            year: s
                .ctx
                .year
                .or(sheet_period.map(Period::year))
                .or(p.return_period.map(Period::year)),
            usable,
            records: 0,
        }
    }
}

/// The month a "1-N月完成投资" header names; a title naming another month is an error.
fn header_month(
    p: &mut Parser,
    s: &SheetCtx,
    header: &OwnedRow,
    columns: &[(usize, Field)],
) -> Option<u32> {
    let c = col(columns, Field::DoneYtd)?;
    let text = header.cell(c).text();
    let month = done_months(&text)?;
    if let Some(titled) = s.ctx.month.filter(|&m| m != month) {
        p.error(
            s.at(header.number, Some(c)),
            Some(text.into_owned()),
            IssueKind::BadPeriod,
            Said::new(
                format!(
                    "此列标题写的是1—{month}月，而标题或文件名写的是1—{titled}月：请核对后改正其中之一"
                ),
                format!(
                    "this header names Jan–{month} but the title or the file name names Jan–{titled}: check which is right and correct the other"
                ),
            ),
        );
        return None;
    }
    Some(month)
}

/// The sheet's period — the title's or file name's year and month, else a header's month,
/// else `--period` — and whether the sheet itself names it (then rows must agree).
fn sheet_period(
    p: &mut Parser,
    s: &SheetCtx,
    header_month: Option<u32>,
) -> (Option<Period>, Option<Period>) {
    let fallback = p.return_period;
    let month = s.ctx.month.or(header_month);
    let year = s.ctx.year;
    let (year, month) = match (year, month) {
        (Some(y), Some(m)) => (y, m),
        (None, Some(m)) => match fallback {
            Some(per) => (per.year(), m),
            None => return (None, None),
        },
        (y, None) => {
            let per = fallback.filter(|per| y.is_none_or(|y| y == per.year()));
            return (per, None);
        }
    };
    match Period::new(year, month) {
        Ok(per) => (Some(per), Some(per)),
        Err(e) => {
            p.error(s.whole(), None, IssueKind::January, period_error(&e));
            (None, None)
        }
    }
}

/// The error for a list whose period is given nowhere.
fn no_period(p: &mut Parser, s: &SheetCtx, header_row: u64) {
    p.error(
        s.at(header_row, None),
        None,
        IssueKind::MissingContext,
        Said::new(
            "投资项目表没有时期：请加“时期”列（如“2023年1-6月”），或在标题、文件名（如“2023年1-6月投资项目.xlsx”）中写明，或导入时指定 --period 2023-06",
            "the projects list names no period: add a 时期 (period) column (2023年1-6月), or give it in the title or the file name (2023年1-6月投资项目.xlsx), or pass --period 2023-06",
        ),
    );
}

impl ProjectProc {
    /// The project's name (required).
    fn project(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<String> {
        let name = row.cell(self.project).text().trim().to_string();
        if name.is_empty() {
            p.error(
                s.at(row.number(), Some(self.project)),
                None,
                IssueKind::MissingValue,
                Said::new("缺少项目名称", "no project name"),
            );
            return Err(Reported);
        }
        Ok(name)
    }

    /// The row's period: its 时期 cell, else the sheet's.
    fn period(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<Period> {
        let n = row.number();
        let cell = self.period_col.map(|c| (c, row.cell(c)));
        let Some((c, cell)) = cell.filter(|(_, cell)| !cell.is_empty()) else {
            return self.sheet_period.ok_or_else(|| {
                p.error(
                    s.at(n, self.period_col),
                    None,
                    IssueKind::MissingValue,
                    Said::new(
                        "缺少时期：请填写如“2023年1-6月”或“2023-06”（标题、文件名或 --period 都未给出时期）",
                        "no period: enter e.g. 2023年1-6月 or 2023-06 (neither the title, the file name nor --period gives one)",
                    ),
                );
                Reported
            });
        };
        let text = cell.text();
        let parsed = match cell {
            Cell::Date(d) => Period::new(d.year(), d.month()),
            _ => Period::parse_with_basis(&text, self.year).map(|(per, _)| per),
        };
        let kind = match parsed {
            Err(PeriodError::January(_)) => IssueKind::January,
            _ => IssueKind::BadPeriod,
        };
        let reason = match parsed {
            Ok(per) if self.named.is_none_or(|named| named == per) => return Ok(per),
            Ok(per) => {
                let named = self.named.unwrap_or(per);
                let label = |x: Period, lang| x.label_with_year(Basis::Ytd, lang);
                Said::new(
                    format!(
                        "此行时期为{}，而标题、文件名或列标题写的是{}：请核对后改正其中之一",
                        label(per, Lang::Zh),
                        label(named, Lang::Zh)
                    ),
                    format!(
                        "this row's period is {} but the title, the file name or a header names {}: check which is right and correct the other",
                        label(per, Lang::En),
                        label(named, Lang::En)
                    ),
                )
            }
            Err(e) => period_error(&e),
        };
        p.error(s.at(n, Some(c)), Some(text.into_owned()), kind, reason);
        Err(Reported)
    }

    /// The four amounts in 万元; every bad one (not a number, negative) is reported.
    fn amounts(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<[Option<f64>; 4]> {
        let mut out = [None; 4];
        let mut ok = true;
        for (slot, a) in out.iter_mut().zip(self.amounts) {
            let Some(a) = a else { continue };
            let cell = row.cell(a.col);
            let reason = match number_of(cell) {
                Ok(None) => continue,
                Ok(Some(v)) if v >= 0.0 => {
                    *slot = Some(a.unit.map_or(v, |u| to_10k_yuan(v, u)));
                    continue;
                }
                Ok(Some(_)) => Said::new(
                    "投资额不能为负数：请核对该单元格",
                    "an investment amount cannot be negative: check the cell",
                ),
                Err(e) => e.said(),
            };
            p.error(
                s.at(row.number(), Some(a.col)),
                Some(cell.text().into_owned()),
                IssueKind::BadNumber,
                reason,
            );
            ok = false;
        }
        if ok { Ok(out) } else { Err(Reported) }
    }

    /// A notice when a project's completed investment this year is above its planned total:
    /// a typo (or a unit) more often than a project over budget, so it is still imported.
    fn notice_over_plan(
        &self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        amounts: [Option<f64>; 4],
    ) {
        let (Some(total), Some(done)) = (amounts[0], amounts[2]) else {
            return;
        };
        if done <= total || same_value(done, total) {
            return;
        }
        let name = row.cell(self.project).text().trim().to_string();
        let (done, total) = (format_number(done), format_number(total));
        let at = s.at(row.number(), self.amounts[2].map(|a| a.col));
        p.notice(
            at,
            Said::new(
                format!(
                    "项目“{name}”本年累计完成投资{done}万元大于计划总投资{total}万元：已导入，请核对数字和单位"
                ),
                format!(
                    "project “{name}”: completed this year {done} 万元 is more than its planned total {total} 万元; imported, but check the figures and units"
                ),
            ),
        );
    }

    /// The column that names the row's enterprise: the code's when it has one.
    fn enterprise_col(&self, row: &dyn Row) -> Option<usize> {
        match self.code {
            Some(c) if !row.cell(c).is_empty() => Some(c),
            _ => self.name.or(self.code),
        }
    }

    /// True for a 合计/总计 row (the list's total), which is no project: the label is in
    /// any column up to the project's and the enterprise's (often under 序号).
    fn is_total_row(&self, row: &dyn Row) -> bool {
        let last = [Some(self.project), self.name, self.code]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(0);
        (0..=last).any(|c| is_total(row.cell(c)))
    }
}

impl Processor for ProjectProc {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        if !self.usable {
            return;
        }
        if self.is_total_row(row) {
            p.notice(
                s.at(row.number(), None),
                Said::new(
                    "已跳过合计行（合计不是项目，不导入）",
                    "skipped the total row (a total is no project and is not imported)",
                ),
            );
            return;
        }
        let enterprise = enterprise_ref(p, s, row, self.code, self.name);
        let name = self.project(p, s, row);
        let period = self.period(p, s, row);
        let amounts = self.amounts(p, s, row);
        if let Ok(a) = amounts
            && a.iter().all(Option::is_none)
        {
            let first = self.amounts.iter().flatten().next().map(|a| a.col);
            p.error(
                s.at(row.number(), first),
                None,
                IssueKind::MissingValue,
                Said::new(
                    "没有投资额：请至少填写计划总投资、年度计划投资、本年累计完成投资或上年同期完成投资之一",
                    "no investment figures: give at least one of 计划总投资, 年度计划投资, 本年累计完成投资 or 上年同期完成投资",
                ),
            );
            return;
        }
        let (Some(enterprise), Ok(name), Ok(period), Ok(a)) = (enterprise, name, period, amounts)
        else {
            return;
        };
        self.notice_over_plan(p, s, row, a);
        let source = p.source_for(s, "");
        p.out.projects.push(ProjectRow {
            enterprise,
            name,
            period,
            planned_total: a[0],
            planned_year: a[1],
            done_ytd: a[2],
            done_last: a[3],
            given: self.amounts.map(|c| c.is_some()),
            at: s.at(row.number(), None),
            enterprise_at: s.at(row.number(), self.enterprise_col(row)),
            source,
        });
        self.records += 1;
    }

    fn finish(&mut self, _p: &mut Parser, _s: &SheetCtx) {}

    fn records(&self) -> u64 {
        self.records
    }
}

/// A project's figures as a conflict shows them.
fn terms(amounts: [Option<f64>; 4]) -> Said {
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for (v, (_, name_zh, name_en)) in amounts.iter().zip(AMOUNTS) {
        let v = v.map_or_else(|| "—".to_string(), format_number);
        zh.push(format!("{name_zh} {v}"));
        en.push(format!("{name_en} {v}"));
    }
    Said::new(
        format!("{}（万元）", zh.join("，")),
        format!("{} (万元)", en.join(", ")),
    )
}

/// True when two projects' figures are the same (an empty cell equals only an empty one).
fn same_amounts(a: [Option<f64>; 4], b: [Option<f64>; 4]) -> bool {
    a.iter().zip(&b).all(|pair| match pair {
        (Some(x), Some(y)) => same_value(*x, *y),
        (None, None) => true,
        _ => false,
    })
}

/// A row's amounts over a stored project's: the stored value where the list has no column
/// (a progress list with only 本年累计完成投资 keeps the stored plan).
fn merged(row: &ProjectRow, old: &InvestmentProject) -> [Option<f64>; 4] {
    let mut out = row.amounts();
    for ((slot, given), stored) in out.iter_mut().zip(row.given).zip(stored_amounts(old)) {
        if !given {
            *slot = stored;
        }
    }
    out
}

/// A stored project's amounts in [`ProjectRow::amounts`] order.
fn stored_amounts(p: &InvestmentProject) -> [Option<f64>; 4] {
    [p.planned_total, p.planned_year, p.done_ytd, p.done_last]
}

/// The error for the same project and period twice in the import with other figures.
fn duplicate(row: &ProjectRow, first: &Location) -> Issue {
    Issue {
        at: row.at.clone(),
        cell: Some(row.name.clone()),
        kind: IssueKind::DuplicateFigure,
        reason: Said::new(
            format!(
                "同一企业、项目和时期已在{}出现，且投资额不同：请删去其中一行",
                first.text(Lang::Zh)
            ),
            format!(
                "the same enterprise, project and period is already at {first} with other amounts: delete one of the rows"
            ),
        ),
    }
}

/// What each project row will do (same enterprise, project name and period is the same
/// project; other amounts are a conflict), and the counts. A row for an enterprise found
/// nowhere is an error (projects add no enterprises), as is the same project twice with
/// other amounts.
pub(crate) fn plan_projects(
    parsed: &ParsedImport,
    register: &Register,
    owners: &OwnerIndex<'_>,
    errors: &mut Capped<Issue>,
    conflicts: &mut Capped<Conflict>,
) -> (Vec<RowPlan>, Counts) {
    let stored: HashMap<(i64, &str, Period), &InvestmentProject> = register
        .projects
        .iter()
        .map(|p| ((p.enterprise_id, p.name.as_str(), p.period), p))
        .collect();
    let mut seen: HashMap<(Owner, &str, Period), usize> = HashMap::new();
    let mut counts = Counts::default();
    let mut plans = Vec::with_capacity(parsed.projects.len());
    for (i, row) in parsed.projects.iter().enumerate() {
        let owner = owners.settled(&row.enterprise, &row.enterprise_at, errors);
        let mut plan = RowPlan {
            outcome: Outcome::Add,
            existing: None,
            owner,
        };
        if let Some(o) = owner {
            if let Some(&first) = seen.get(&(o, row.name.as_str(), row.period)) {
                let earlier = &parsed.projects[first];
                if !same_amounts(earlier.amounts(), row.amounts()) {
                    errors.push(duplicate(row, &earlier.at));
                }
                // Written once, by the first row.
                plan.outcome = Outcome::Same;
                plans.push(plan);
                continue;
            }
            seen.insert((o, row.name.as_str(), row.period), i);
        }
        let old = match owner {
            Some(Owner::Existing(id)) => stored.get(&(id, row.name.as_str(), row.period)),
            _ => None,
        };
        match old {
            None => counts.added += 1,
            Some(old) if same_amounts(stored_amounts(old), merged(row, old)) => {
                counts.unchanged += 1;
                plan.outcome = Outcome::Same;
                plan.existing = Some(old.id);
            }
            Some(old) => {
                counts.conflicts += 1;
                conflicts.push(Conflict {
                    at: row.at.clone(),
                    what: format!(
                        "投资项目 {} “{}” {}",
                        row.enterprise,
                        row.name,
                        row.period.label_with_year(Basis::Ytd, Lang::Zh)
                    ),
                    old: terms(stored_amounts(old)),
                    new: terms(merged(row, old)),
                });
                plan.outcome = Outcome::Differs(0.0);
                plan.existing = Some(old.id);
            }
        }
        plans.push(plan);
    }
    (plans, counts)
}

/// Writes the projects to add or replace (`owner_id` gives an owner's stored id).
pub(crate) fn write_projects(
    w: &mut crate::store::Writer<'_>,
    parsed: &ParsedImport,
    plans: &[RowPlan],
    replace: bool,
    source_of: &dyn Fn(u32) -> Option<i64>,
    owner_id: &dyn Fn(Option<Owner>) -> crate::store::Result<i64>,
) -> crate::store::Result<()> {
    for (row, plan) in parsed.projects.iter().zip(plans) {
        let write = match plan.outcome {
            Outcome::Add => true,
            Outcome::Same => false,
            Outcome::Differs(_) => replace,
        };
        if !write {
            continue;
        }
        let mut project = InvestmentProject {
            id: 0,
            enterprise_id: owner_id(plan.owner)?,
            name: row.name.clone(),
            period: row.period,
            planned_total: row.planned_total,
            planned_year: row.planned_year,
            done_ytd: row.done_ytd,
            done_last: row.done_last,
        };
        match (plan.outcome, plan.existing) {
            (Outcome::Differs(_), Some(id)) => {
                project.id = id;
                w.update_project_columns(&project, row.given, source_of(row.source))?;
            }
            _ => {
                w.add_project(&project, source_of(row.source))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{EnterpriseRef, ImportOptions, SheetLayout, parse_bytes};
    use crate::model::catalogue::builtin;
    use crate::model::credit_code;
    use crate::model::enterprise::Date;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    fn options() -> ImportOptions {
        ImportOptions {
            imported_on: Date::new(2026, 1, 15),
            ..ImportOptions::default()
        }
    }

    fn code(n: u32) -> String {
        credit_code::compose("91", "230300", &format!("MA{n:06}")).expect("code")
    }

    fn parse(name: &str, text: &str, opts: &ImportOptions) -> ParsedImport {
        parse_bytes(name, text.as_bytes(), builtin(), opts)
    }

    fn kinds(parsed: &ParsedImport) -> Vec<IssueKind> {
        parsed.errors.items().iter().map(|e| e.kind).collect()
    }

    #[test]
    fn a_projects_list_in_every_period_form_with_units_converted() {
        let (a, b) = (code(1), code(2));
        let text = format!(
            "2023年重点产业项目投资完成情况\n\
             序号,统一社会信用代码,企业名称,项目名称,时期,计划总投资（亿元）,年度计划投资,本年完成投资（千元）,去年同期\n\
             1,{a},鸡西新材料有限公司,石墨负极扩产,1—6月,1.2,5000,\"32,000\",800\n\
             2,{b},,煤机智能化改造,2023-06,0.5,2000,15000,—\n\
             3,,密山食品有限公司,冷链仓储,2023年1-6月,0.3,,,\n\
             合计,,,,,2.0,7000,47000,800\n"
        );
        let parsed = parse("projects.csv", &text, &options());
        assert!(parsed.is_ok(), "{:?}", parsed.errors);
        assert_eq!(parsed.sheets[0].layout, SheetLayout::Projects);
        assert_eq!(parsed.projects.len(), 3, "the 合计 row is no project");
        assert_eq!(
            parsed.notices.items()[0].at.row,
            Some(6),
            "{:?}",
            parsed.notices
        );
        let first = &parsed.projects[0];
        assert_eq!(first.enterprise.code(), Some(a.as_str()));
        assert_eq!(first.enterprise.name(), Some("鸡西新材料有限公司"));
        assert_eq!(first.name, "石墨负极扩产");
        assert_eq!(first.period, p(2023, 6), "1—6月 in the year of the title");
        assert_eq!(
            first.amounts(),
            [Some(12_000.0), Some(5000.0), Some(3200.0), Some(800.0)],
            "亿元 ×10,000, 千元 ÷10, no unit is 万元"
        );
        assert_eq!(parsed.projects[1].enterprise, EnterpriseRef::Code(b));
        assert_eq!(parsed.projects[1].period, p(2023, 6));
        assert_eq!(parsed.projects[1].done_last, None, "— is no figure");
        assert_eq!(
            parsed.projects[2].enterprise,
            EnterpriseRef::Name("密山食品有限公司".into())
        );
        assert_eq!(
            parsed.projects[2].amounts(),
            [Some(3000.0), None, None, None]
        );
        assert_eq!(
            parsed.projects[0].at.row,
            Some(3),
            "rows as a spreadsheet numbers them"
        );
    }

    #[test]
    fn english_headers_and_the_period_from_the_file_a_header_or_the_options() {
        let a = code(3);
        let english = format!(
            "Credit code,Project,Planned total,Planned this year,Completed YTD,Completed same period last year\n\
             {a},Graphite anode line,1000,400,300,250\n"
        );
        let parsed = parse("2023年1-9月投资项目.csv", &english, &options());
        assert!(parsed.is_ok(), "{:?}", parsed.errors);
        assert_eq!(parsed.sheets[0].layout, SheetLayout::Projects);
        assert_eq!(parsed.projects[0].period, p(2023, 9), "from the file name");
        assert_eq!(
            parsed.projects[0].amounts(),
            [Some(1000.0), Some(400.0), Some(300.0), Some(250.0)]
        );

        let by_header =
            format!("统一社会信用代码,项目名称,计划总投资,1-4月完成投资\n{a},扩产,100,20\n");
        let opts = ImportOptions {
            year: Some(2024),
            ..options()
        };
        let parsed = parse("projects.csv", &by_header, &opts);
        assert!(parsed.is_ok(), "{:?}", parsed.errors);
        assert_eq!(
            parsed.projects[0].period,
            p(2024, 4),
            "1-4月 header, --year"
        );
        assert_eq!(parsed.projects[0].done_ytd, Some(20.0));

        let plain = format!("统一社会信用代码,项目名称,本年累计完成投资\n{a},扩产,20\n");
        let opts = ImportOptions {
            period: Some(p(2023, 3)),
            ..options()
        };
        let parsed = parse("projects.csv", &plain, &opts);
        assert!(parsed.is_ok(), "{:?}", parsed.errors);
        assert_eq!(parsed.projects[0].period, p(2023, 3), "--period");

        // Nowhere: one error at the header, no rows.
        let parsed = parse("projects.csv", &plain, &options());
        assert_eq!(kinds(&parsed), vec![IssueKind::MissingContext]);
        assert_eq!(parsed.errors.items()[0].at.row, Some(1));
        assert!(parsed.errors.items()[0].reason.en.contains("--period"));
        assert!(parsed.projects.is_empty());
    }

    #[test]
    fn bad_cells_are_located_errors_and_over_plan_is_a_notice() {
        let a = code(4);
        let text = format!(
            "统一社会信用代码,项目名称,时期,计划总投资,年度计划投资,本年累计完成投资,上年同期完成投资\n\
             {a},负数项目,2023-06,100,50,-5,10\n\
             {a},文字项目,2023-06,一百,50,5,10\n\
             {a},超计划项目,2023-06,100,150,120,10\n\
             {a},一月项目,2023-01,100,50,5,10\n\
             {a},,2023-06,100,50,5,10\n\
             {a},空项目,2023-06,,,,\n\
             {a},错期项目,2023年13月,100,50,5,10\n"
        );
        let parsed = parse("projects.csv", &text, &options());
        let errors = parsed.errors.items();
        let at = |row: u64| {
            errors
                .iter()
                .find(|e| e.at.row == Some(row))
                .unwrap_or_else(|| panic!("no error in row {row}: {errors:#?}"))
        };
        let negative = at(2);
        assert_eq!(
            (
                negative.kind,
                negative.at.column_letter().as_deref(),
                negative.cell.as_deref()
            ),
            (IssueKind::BadNumber, Some("F"), Some("-5"))
        );
        assert!(negative.reason.zh.contains("不能为负数"), "{negative}");
        let word = at(3);
        assert_eq!(
            (
                word.kind,
                word.at.column_letter().as_deref(),
                word.cell.as_deref()
            ),
            (IssueKind::BadNumber, Some("D"), Some("一百"))
        );
        assert_eq!(at(5).kind, IssueKind::January);
        assert_eq!(
            (at(6).kind, at(6).at.column_letter().as_deref()),
            (IssueKind::MissingValue, Some("B"))
        );
        assert_eq!(at(7).kind, IssueKind::MissingValue);
        assert!(at(7).reason.en.contains("at least one"), "{}", at(7));
        assert_eq!(
            (at(8).kind, at(8).at.column_letter().as_deref()),
            (IssueKind::BadPeriod, Some("C"))
        );
        assert_eq!(errors.len(), 6, "{errors:#?}");
        // Over plan: a notice naming the row and both figures; the row is read.
        assert_eq!(parsed.projects.len(), 1);
        assert_eq!(parsed.projects[0].name, "超计划项目");
        let notice = parsed
            .notices
            .items()
            .iter()
            .find(|n| n.at.row == Some(4))
            .expect("over-plan notice");
        assert_eq!(notice.at.column_letter().as_deref(), Some("F"));
        for text in ["超计划项目", "120", "100", "计划总投资"] {
            assert!(notice.message.zh.contains(text), "{}", notice.message.zh);
        }
        assert!(notice.message.en.contains("120") && notice.message.en.contains("100"));
    }

    #[test]
    fn a_unit_that_is_no_money_a_header_against_the_title_and_rows_against_the_title() {
        let a = code(5);
        let percent = format!(
            "统一社会信用代码,项目名称,时期,计划总投资(%),本年完成投资\n{a},甲,2023-06,5,1\n"
        );
        let parsed = parse("projects.csv", &percent, &options());
        let e = &parsed.errors.items()[0];
        assert_eq!(
            (e.kind, e.at.row, e.at.column_letter().as_deref()),
            (IssueKind::BadUnit, Some(1), Some("D"))
        );

        let header = format!(
            "2023年1-6月项目\n统一社会信用代码,项目名称,计划总投资,1-9月完成投资\n{a},甲,5,1\n"
        );
        let parsed = parse("projects.csv", &header, &options());
        assert_eq!(kinds(&parsed), vec![IssueKind::BadPeriod]);
        assert_eq!(
            parsed.errors.items()[0].at.column_letter().as_deref(),
            Some("D")
        );

        let row = format!(
            "2023年1-6月项目\n统一社会信用代码,项目名称,时期,本年完成投资\n{a},甲,2023-09,1\n"
        );
        let parsed = parse("projects.csv", &row, &options());
        assert_eq!(kinds(&parsed), vec![IssueKind::BadPeriod]);
        assert!(
            parsed.errors.items()[0].reason.zh.contains("2023年1—6月"),
            "{}",
            parsed.errors.items()[0].reason.zh
        );
    }

    #[test]
    fn a_request_list_reads_its_满意度_and_lists_the_accepted_words() {
        let a = code(6);
        let text = format!(
            "统一社会信用代码,提出日期,诉求类别,诉求内容,状态,办结日期,满意度\n\
             {a},2023-03-01,融资,贷款,已解决,2023-04-01,满意\n\
             {a},2023-03-02,用地,扩建,已解决,2023-04-01,基本满意\n\
             {a},2023-03-03,用工,招工,已解决,2023-04-01,dissatisfied\n\
             {a},2023-03-04,政策,补贴,办理中,,\n\
             {a},2023-03-05,用电,电价,已解决,2023-04-01,还行\n"
        );
        let parsed = parse("诉求.csv", &text, &options());
        let ratings: Vec<_> = parsed.requests.iter().map(|r| r.satisfaction).collect();
        use crate::model::Satisfaction::*;
        assert_eq!(
            ratings,
            vec![Some(Satisfied), Some(Basic), Some(Dissatisfied), None]
        );
        assert!(parsed.requests.iter().all(|r| r.satisfaction_given));
        let e = &parsed.errors.items()[0];
        assert_eq!(
            (
                e.kind,
                e.at.row,
                e.at.column_letter().as_deref(),
                e.cell.as_deref()
            ),
            (IssueKind::BadCode, Some(6), Some("G"), Some("还行"))
        );
        for word in ["满意", "基本满意", "不满意"] {
            assert!(e.reason.zh.contains(word), "{}", e.reason.zh);
        }
        // A list without the column rates nothing and says so.
        let plain = format!("统一社会信用代码,提出日期,诉求类别\n{a},2023-03-01,融资\n");
        let parsed = parse("诉求.csv", &plain, &options());
        assert!(parsed.is_ok() && !parsed.requests[0].satisfaction_given);
    }
}
