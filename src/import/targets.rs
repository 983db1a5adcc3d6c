//! Annual-target lists (年度目标, SPEC §11), recognised by 地区, 指标 and 目标 columns (or
//! region, indicator, target), with a 年份 column or the year from the title, the file name
//! ("2023年目标.csv") or `--year`.
//!
//! A region and an indicator are matched through every alias as a figure's are (an unknown
//! one is a located error naming the closest names; "全市" is the city of the listed
//! counties). The target is read by [`parse_target`] in the indicator's unit: "增长8%" (or
//! "8%" for a rate indicator), "下降2%", "1200亿元" (converted to 万元), "350万千瓦时"; a
//! bare number takes the unit in the 目标 header's brackets ("目标（亿元）"). "8%" for a
//! level and a unit of another kind are errors. The key is (region, indicator, year): the
//! same target again is unchanged, another one a conflict; the same key twice in one import
//! with other values is an error naming the first row.

use std::collections::HashMap;

use super::figures::is_year_text;
use super::issue::{Capped, Issue, IssueKind, Location, Said};
use super::layout::Field;
use super::names::RegionName;
use super::parsed::{ParsedImport, TargetRow};
use super::parser::{Parser, Reported, Resolved, SheetCtx, UNRESOLVED};
use super::plan::{Conflict, Counts, Outcome, RowPlan};
use super::processor::Processor;
use super::register::col;
use super::rows::{OwnedRow, Row, format_number};
use crate::model::target::{Target, TargetValue, parse_target, subject};
use crate::model::{Lang, RegionLevel};
use crate::store::{Dataset, same_value};

/// Units tried on a target the indicator's unit refuses, to tell a wrong unit (a located
/// BadUnit) from text that is no target at all (BadNumber).
const OTHER_UNITS: [&str; 6] = ["%", "元", "千瓦时", "吨", "家", "人"];

/// A 全市-style row waiting for the sheet's other regions: the target's index, the level,
/// where and what was written.
type Pending = (usize, RegionLevel, Location, String);

/// Annual-target rows.
pub struct TargetProc {
    region: usize,
    indicator: usize,
    year_col: Option<usize>,
    target: usize,
    /// The unit a bare number in the 目标 column is in (the header's brackets).
    header_unit: Option<String>,
    /// The year of rows without a 年份 cell (title, file name, --year).
    year: Option<i32>,
    /// False when no year is given anywhere (reported once at the header).
    usable: bool,
    /// Concrete regions listed (they tell which city "全市" is).
    seen: Vec<u32>,
    pending: Vec<Pending>,
    records: u64,
}

impl TargetProc {
    /// Sets up from the header: the columns, the 目标 header's unit and the sheet's year.
    pub fn new(
        p: &mut Parser,
        s: &SheetCtx,
        header: &OwnedRow,
        columns: &[(usize, Field)],
    ) -> TargetProc {
        let target = col(columns, Field::Target).unwrap_or(0);
        let year_col = col(columns, Field::Year);
        let year = s.ctx.year;
        let usable = year_col.is_some() || year.is_some();
        if !usable {
            p.error(
                s.at(header.number, None),
                None,
                IssueKind::MissingContext,
                Said::new(
                    "年度目标表没有年份：请加“年份”列（如2023），或在标题、文件名（如“2023年目标.csv”）中写明，或导入时指定 --year 2023",
                    "the targets list names no year: add a 年份 (year) column (2023), or give it in the title or the file name (2023年目标.csv), or pass --year 2023",
                ),
            );
        }
        TargetProc {
            region: col(columns, Field::Region).unwrap_or(0),
            indicator: col(columns, Field::Indicator).unwrap_or(0),
            year_col,
            target,
            header_unit: bracket_unit(&header.cell(target).text()),
            year,
            usable,
            seen: Vec::new(),
            pending: Vec::new(),
            records: 0,
        }
    }
}

/// The text in a header's brackets ("目标（亿元）" → 亿元), when there is some.
fn bracket_unit(header: &str) -> Option<String> {
    let open = header.find(['(', '（'])?;
    let rest = &header[open..];
    let inner = rest
        .trim_start_matches(['(', '（'])
        .split([')', '）'])
        .next()?
        .trim();
    (!inner.is_empty()).then(|| inner.to_string())
}

/// True for a cell that is a number alone ("1200", "1,200", 8.5): it takes the header's unit.
fn is_bare_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
    !t.is_empty() && t.parse::<f64>().is_ok()
}

impl TargetProc {
    /// The region, or the level of a 全市-style row resolved once the sheet is read.
    fn region(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<RegionName> {
        let n = row.number();
        let text = row.cell(self.region).text().trim().to_string();
        if text.is_empty() {
            p.error(
                s.at(n, Some(self.region)),
                None,
                IssueKind::MissingValue,
                Said::new(
                    "缺少地区名称：请填写地区（如鸡西市）",
                    "no region name: enter the region (e.g. 鸡西市)",
                ),
            );
            return Err(Reported);
        }
        match p.names.region(&text) {
            RegionName::Unknown(reason) => {
                p.error(
                    s.at(n, Some(self.region)),
                    Some(text),
                    IssueKind::UnknownRegion,
                    reason,
                );
                Err(Reported)
            }
            RegionName::One(r) => {
                if !self.seen.contains(&r) {
                    self.seen.push(r);
                }
                Ok(RegionName::One(r))
            }
            whole => Ok(whole),
        }
    }

    /// The indicator (required: a target is always for one).
    fn indicator(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<u32> {
        let n = row.number();
        let text = row.cell(self.indicator).text().trim().to_string();
        let reason = if text.is_empty() {
            Said::new(
                "缺少指标：请填写指标名称（如规模以上工业增加值增速）",
                "no indicator: enter the indicator's name (e.g. 规模以上工业增加值增速)",
            )
        } else {
            match p.names.indicator(&text) {
                Ok(i) => return Ok(i),
                Err(reason) => reason,
            }
        };
        let kind = if text.is_empty() {
            IssueKind::MissingValue
        } else {
            IssueKind::UnknownIndicator
        };
        p.error(
            s.at(n, Some(self.indicator)),
            (!text.is_empty()).then_some(text),
            kind,
            reason,
        );
        Err(Reported)
    }

    /// The 年份 cell's year, else the sheet's.
    fn year(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<i32> {
        let cell = self.year_col.map(|c| (c, row.cell(c)));
        let Some((c, cell)) = cell.filter(|(_, cell)| !cell.is_empty()) else {
            return self.year.ok_or_else(|| {
                p.error(
                    s.at(row.number(), self.year_col),
                    None,
                    IssueKind::MissingValue,
                    Said::new(
                        "缺少年份：请填写如2023（标题、文件名或 --year 都未给出年份）",
                        "no year: enter e.g. 2023 (neither the title, the file name nor --year gives one)",
                    ),
                );
                Reported
            });
        };
        let text = cell.text();
        is_year_text(&text).ok_or_else(|| {
            p.error(
                s.at(row.number(), Some(c)),
                Some(text.into_owned()),
                IssueKind::BadPeriod,
                Said::new(
                    "不是年份：请写如2023或2023年",
                    "not a year: write e.g. 2023 or 2023年",
                ),
            );
            Reported
        })
    }

    /// The target in the indicator's unit; None for an empty cell (no target: skipped).
    fn target(
        &self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        indicator: Option<u32>,
    ) -> Option<Resolved<TargetValue>> {
        let cell = row.cell(self.target);
        let written = cell.text().trim().to_string();
        if cell.is_empty() || written.is_empty() || super::values::is_missing(&written) {
            return None;
        }
        let unit = p
            .names
            .cat
            .indicators
            .get(indicator? as usize)?
            .unit
            .clone();
        let text = match self.header_unit.as_deref() {
            Some("%" | "％") if is_bare_number(&written) => format!("增长{written}%"),
            Some(u) if is_bare_number(&written) => format!("{written}{u}"),
            _ => written.clone(),
        };
        match parse_target(&text, &unit) {
            Ok(v) => Some(Ok(v)),
            Err(reason) => {
                let kind = if OTHER_UNITS.iter().any(|u| parse_target(&text, u).is_ok()) {
                    IssueKind::BadUnit
                } else {
                    IssueKind::BadNumber
                };
                p.error(
                    s.at(row.number(), Some(self.target)),
                    Some(written),
                    kind,
                    reason,
                );
                Some(Err(Reported))
            }
        }
    }
}

impl Processor for TargetProc {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        if !self.usable {
            return;
        }
        let region = self.region(p, s, row);
        let indicator = self.indicator(p, s, row);
        let year = self.year(p, s, row);
        let Some(value) = self.target(p, s, row, indicator.as_ref().ok().copied()) else {
            return;
        };
        let (Ok(region), Ok(indicator), Ok(year), Ok(value)) = (region, indicator, year, value)
        else {
            return;
        };
        let at = s.at(row.number(), Some(self.target));
        let region = match region {
            RegionName::One(r) => r,
            RegionName::Whole(level) => {
                let text = row.cell(self.region).text().trim().to_string();
                self.pending
                    .push((p.out.targets.len(), level, at.clone(), text));
                UNRESOLVED
            }
            RegionName::Unknown(_) => return,
        };
        let source = p.source_for(s, "");
        p.out.targets.push(TargetRow {
            region,
            indicator,
            year,
            value,
            at,
            source,
        });
        self.records += 1;
    }

    /// Resolves 全市-style rows to the one region of their level the listed regions belong
    /// to; when there is none or several, the row is an error naming them.
    fn finish(&mut self, p: &mut Parser, _s: &SheetCtx) {
        for (i, level, at, text) in std::mem::take(&mut self.pending) {
            let mut found: Vec<u32> = self
                .seen
                .iter()
                .filter(|&&r| {
                    p.names
                        .cat
                        .regions
                        .get(r as usize)
                        .is_some_and(|x| x.level > level)
                })
                .filter_map(|&r| p.names.ancestor_at(r, level))
                .collect();
            found.sort_unstable();
            found.dedup();
            if let [one] = found.as_slice() {
                if let Some(t) = p.out.targets.get_mut(i) {
                    t.region = *one;
                }
                if level == RegionLevel::City {
                    p.whole_cities.push(*one);
                }
                continue;
            }
            let names: Vec<String> = found
                .iter()
                .filter_map(|&r| p.names.cat.regions.get(r as usize))
                .map(|r| r.name_zh.clone())
                .collect();
            let reason = if names.is_empty() {
                Said::new(
                    format!(
                        "“{text}”指其他各行地区所属的上级地区，但没有一行写有其下属地区：请改写为地区名称（如鸡西市）"
                    ),
                    format!(
                        "“{text}” is the whole of the region the other rows belong to, but no row names a region inside one: write the region's name (e.g. 鸡西市)"
                    ),
                )
            } else {
                Said::new(
                    format!(
                        "“{text}”无法确定是哪个地区：其他各行分属{}；请改写为地区名称",
                        names.join("、")
                    ),
                    format!(
                        "“{text}” is ambiguous: the other rows belong to {}; write the region's name instead",
                        names.join(", ")
                    ),
                )
            };
            p.error(at, Some(text), IssueKind::UnknownRegion, reason);
        }
    }

    fn records(&self) -> u64 {
        self.records
    }
}

/// A target as the conflict list shows it ("增长8%", "下降2%", "1200 万元").
fn said_target(v: TargetValue, unit: &str) -> Said {
    match v {
        TargetValue::Rate(r) if r < 0.0 => Said::new(
            format!("下降{}%", format_number(-r)),
            format!("a fall of {}%", format_number(-r)),
        ),
        TargetValue::Rate(r) => Said::new(
            format!("增长{}%", format_number(r)),
            format!("growth of {}%", format_number(r)),
        ),
        TargetValue::Level(l) => Said::same(format!("{}{unit}", format_number(l))),
    }
}

/// True when two targets ask for the same thing.
fn same_target(a: TargetValue, b: TargetValue) -> bool {
    match (a, b) {
        (TargetValue::Rate(x), TargetValue::Rate(y))
        | (TargetValue::Level(x), TargetValue::Level(y)) => same_value(x, y),
        _ => false,
    }
}

/// The codes and Chinese names of a target row's region and indicator, and the
/// indicator's unit.
fn names_of(parsed: &ParsedImport, row: &TargetRow) -> Option<[String; 5]> {
    let cat = &parsed.catalogue;
    let r = cat.regions.get(row.region as usize)?;
    let i = cat.indicators.get(row.indicator as usize)?;
    Some([
        r.code.clone(),
        i.code.clone(),
        r.name_zh.clone(),
        i.name_zh.clone(),
        i.unit.clone(),
    ])
}

/// The error for the same region, indicator and year twice in the import with another target.
fn duplicate(row: &TargetRow, first: &Location) -> Issue {
    Issue {
        at: row.at.clone(),
        cell: None,
        kind: IssueKind::DuplicateFigure,
        reason: Said::new(
            format!(
                "同一地区、指标和年份的目标已在{}出现，且数值不同：请删去其中一行",
                first.text(Lang::Zh)
            ),
            format!(
                "a target for the same region, indicator and year is already at {first} with another value: delete one of the rows"
            ),
        ),
    }
}

/// What each target row will do (same region, subject — a rate and its level are one — and
/// year is the same target; another value is a conflict), and the counts. The same key twice in the import with
/// other values is an error naming the first row; with the same value it is written once.
pub(crate) fn plan_targets(
    parsed: &ParsedImport,
    dataset: Option<&Dataset>,
    errors: &mut Capped<Issue>,
    conflicts: &mut Capped<Conflict>,
) -> crate::store::Result<(Vec<RowPlan>, Counts)> {
    let stored_list = match dataset {
        Some(ds) if !parsed.targets.is_empty() => ds.targets()?,
        _ => Vec::new(),
    };
    // A rate and its level are one subject: one target per region, subject and year.
    let cat = &parsed.catalogue;
    let stored: HashMap<(&str, &str, i32), &Target> = stored_list
        .iter()
        .map(|t| ((t.region.as_str(), subject(cat, &t.indicator), t.year), t))
        .collect();
    let mut seen: HashMap<(String, String, i32), usize> = HashMap::new();
    let mut counts = Counts::default();
    let mut plans = Vec::with_capacity(parsed.targets.len());
    for (i, row) in parsed.targets.iter().enumerate() {
        let mut plan = RowPlan {
            outcome: Outcome::Same,
            existing: None,
            owner: None,
        };
        // An unresolved 全市 row is already an error.
        let Some([region, indicator, region_zh, indicator_zh, unit]) = names_of(parsed, row) else {
            plans.push(plan);
            continue;
        };
        let subj = subject(cat, &indicator).to_string();
        let key = (region.clone(), subj.clone(), row.year);
        if let Some(&first) = seen.get(&key) {
            let earlier = &parsed.targets[first];
            if !same_target(earlier.value, row.value) {
                errors.push(duplicate(row, &earlier.at));
            }
            // Written once, by the first row.
            plans.push(plan);
            continue;
        }
        seen.insert(key, i);
        match stored.get(&(region.as_str(), subj.as_str(), row.year)) {
            None => {
                counts.added += 1;
                plan.outcome = Outcome::Add;
            }
            Some(old) if same_target(old.value, row.value) => {
                counts.unchanged += 1;
                plan.existing = Some(old.id);
            }
            Some(old) => {
                counts.conflicts += 1;
                conflicts.push(Conflict {
                    at: row.at.clone(),
                    what: format!("年度目标 {region_zh} {indicator_zh} {}年", row.year),
                    old: said_target(old.value, &unit),
                    new: said_target(row.value, &unit),
                });
                plan.outcome = Outcome::Differs(old.value.value());
                plan.existing = Some(old.id);
            }
        }
        plans.push(plan);
    }
    Ok((plans, counts))
}

/// Writes the targets to add or replace.
pub(crate) fn write_targets(
    w: &mut crate::store::Writer<'_>,
    parsed: &ParsedImport,
    plans: &[RowPlan],
    replace: bool,
    source_of: &dyn Fn(u32) -> Option<i64>,
) -> crate::store::Result<()> {
    for (row, plan) in parsed.targets.iter().zip(plans) {
        let write = match plan.outcome {
            Outcome::Add => true,
            Outcome::Same => false,
            Outcome::Differs(_) => replace,
        };
        let Some([region, indicator, ..]) = names_of(parsed, row).filter(|_| write) else {
            continue;
        };
        let mut target = Target {
            id: 0,
            region,
            indicator,
            year: row.year,
            value: row.value,
            source: None,
        };
        match (plan.outcome, plan.existing) {
            (Outcome::Differs(_), Some(id)) => {
                target.id = id;
                w.update_target(&target, source_of(row.source))?;
            }
            _ => {
                w.add_target(&target, source_of(row.source))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportOptions, SheetLayout, parse_bytes};
    use crate::model::catalogue::builtin;
    use crate::model::enterprise::Date;

    fn options() -> ImportOptions {
        ImportOptions {
            imported_on: Date::new(2026, 1, 15),
            ..ImportOptions::default()
        }
    }

    fn parse(name: &str, text: &str, opts: &ImportOptions) -> ParsedImport {
        parse_bytes(name, text.as_bytes(), builtin(), opts)
    }

    /// (region code, indicator code, year, value) of each target row.
    fn rows(parsed: &ParsedImport) -> Vec<(String, String, i32, TargetValue)> {
        let cat = &parsed.catalogue;
        parsed
            .targets
            .iter()
            .map(|t| {
                (
                    cat.regions[t.region as usize].code.clone(),
                    cat.indicators[t.indicator as usize].code.clone(),
                    t.year,
                    t.value,
                )
            })
            .collect()
    }

    fn kinds(parsed: &ParsedImport) -> Vec<IssueKind> {
        parsed.errors.items().iter().map(|e| e.kind).collect()
    }

    #[test]
    fn a_targets_list_reads_rates_levels_全市_and_the_year_in_every_form() {
        let text = "2023年各县（市、区）主要工业指标年度目标\n\
                    地区,指标,年份,目标\n\
                    全市,规上工业增加值增速,2023,增长8%\n\
                    鸡东,规上工业增加值增速,2023年,下降2%\n\
                    密山市,营业收入,,120亿元\n\
                    虎林,规模以上工业企业数,2023,\"1,200\"\n\
                    鸡冠区,利润总额,2024,—\n";
        let parsed = parse("targets.csv", text, &options());
        assert!(parsed.is_ok(), "{:?}", parsed.errors);
        assert_eq!(parsed.sheets[0].layout, SheetLayout::Targets);
        let s = |x: &str| x.to_string();
        assert_eq!(
            rows(&parsed),
            vec![
                (s("230300"), s("va_growth"), 2023, TargetValue::Rate(8.0)),
                (s("230321"), s("va_growth"), 2023, TargetValue::Rate(-2.0)),
                (
                    s("230382"),
                    s("revenue"),
                    2023,
                    TargetValue::Level(1_200_000.0)
                ),
                (
                    s("230381"),
                    s("enterprise_count"),
                    2023,
                    TargetValue::Level(1200.0)
                ),
            ],
            "全市 is the counties' city; 120亿元 is 1,200,000 万元; the empty year is the title's; — is no target"
        );
        assert_eq!(parsed.targets[0].at.row, Some(3));
        assert_eq!(parsed.targets[0].at.column_letter().as_deref(), Some("D"));
    }

    #[test]
    fn english_headers_a_header_unit_and_the_year_from_the_file_name_or_the_options() {
        let english = "Region,Indicator,Target (亿元)\nJixi,revenue,95.5\nJixi,profit,增长5%\n";
        let parsed = parse("2023年目标.csv", english, &options());
        assert!(parsed.is_ok(), "{:?}", parsed.errors);
        assert_eq!(parsed.sheets[0].layout, SheetLayout::Targets);
        let got = rows(&parsed);
        assert_eq!(got[0].2, 2023, "the year from the file name");
        assert_eq!(got[0].3, TargetValue::Level(955_000.0), "95.5 亿元 in 万元");
        assert_eq!(got[1].3, TargetValue::Rate(5.0));

        let percent = "地区,指标,目标(%)\n鸡西市,工业增加值,8.5\n";
        let opts = ImportOptions {
            year: Some(2024),
            ..options()
        };
        let parsed = parse("targets.csv", percent, &opts);
        assert!(parsed.is_ok(), "{:?}", parsed.errors);
        assert_eq!(rows(&parsed)[0].2, 2024, "--year");
        assert_eq!(
            rows(&parsed)[0].3,
            TargetValue::Rate(8.5),
            "a bare number under 目标(%) is a growth target, even for a level"
        );

        // No year anywhere: one error at the header, no rows.
        let parsed = parse("targets.csv", percent, &options());
        assert_eq!(kinds(&parsed), vec![IssueKind::MissingContext]);
        assert_eq!(parsed.errors.items()[0].at.row, Some(1));
        assert!(parsed.errors.items()[0].reason.en.contains("--year"));
        assert!(parsed.targets.is_empty());
    }

    #[test]
    fn bad_cells_are_located_errors_with_what_to_write() {
        let text = "地区,指标,年份,目标\n\
                    鸡溪市,规上工业增加值增速,2023,增长8%\n\
                    鸡西市,规模以上工业增加值增数,2023,增长8%\n\
                    鸡西市,营业收入,2023,8%\n\
                    鸡西市,营业收入,2023,350万千瓦时\n\
                    鸡西市,利润总额,2023,较快增长\n\
                    鸡西市,利润总额,二〇二三,增长5%\n\
                    ,利润总额,2023,增长5%\n";
        let parsed = parse("targets.csv", text, &options());
        let errors = parsed.errors.items();
        let at = |row: u64| {
            errors
                .iter()
                .find(|e| e.at.row == Some(row))
                .unwrap_or_else(|| panic!("no error in row {row}: {errors:#?}"))
        };
        let region = at(2);
        assert_eq!(
            (
                region.kind,
                region.at.column_letter().as_deref(),
                region.cell.as_deref()
            ),
            (IssueKind::UnknownRegion, Some("A"), Some("鸡溪市"))
        );
        assert!(region.reason.zh.contains("鸡西市"), "{}", region.reason.zh);
        let indicator = at(3);
        assert_eq!(
            (indicator.kind, indicator.at.column_letter().as_deref()),
            (IssueKind::UnknownIndicator, Some("B"))
        );
        assert!(
            indicator.reason.zh.contains("规模以上工业增加值"),
            "{}",
            indicator.reason.zh
        );
        let percent = at(4);
        assert_eq!(
            (
                percent.kind,
                percent.at.column_letter().as_deref(),
                percent.cell.as_deref()
            ),
            (IssueKind::BadUnit, Some("D"), Some("8%"))
        );
        assert!(
            percent.reason.zh.contains("增长8%"),
            "{}",
            percent.reason.zh
        );
        let power = at(5);
        assert_eq!(power.kind, IssueKind::BadUnit);
        assert!(power.reason.zh.contains("不相容"), "{}", power.reason.zh);
        assert_eq!(at(6).kind, IssueKind::BadNumber);
        assert_eq!(
            (at(7).kind, at(7).at.column_letter().as_deref()),
            (IssueKind::BadPeriod, Some("C"))
        );
        assert_eq!(
            (at(8).kind, at(8).at.column_letter().as_deref()),
            (IssueKind::MissingValue, Some("A"))
        );
        assert_eq!(errors.len(), 7, "{errors:#?}");
        assert!(parsed.targets.is_empty());
    }

    #[test]
    fn a_全市_row_without_counties_is_an_error() {
        let text = "2023年目标\n地区,指标,目标\n全市,规上工业增加值增速,增长8%\n";
        let parsed = parse("targets.csv", text, &options());
        assert_eq!(kinds(&parsed), vec![IssueKind::UnknownRegion]);
        assert_eq!(parsed.errors.items()[0].at.row, Some(3));
    }

    #[test]
    fn a_targets_list_is_told_from_a_long_table() {
        let long = "地区,指标,年份,数值\n鸡西市,规上工业增加值增速,2023,5.1\n";
        let parsed = parse("long.csv", long, &options());
        assert_eq!(parsed.sheets[0].layout, SheetLayout::Long);
        assert!(parsed.targets.is_empty() && parsed.figures.len() == 1);
    }
}
