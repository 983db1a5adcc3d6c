//! Figures from the two layouts.
//!
//! Long: one figure per row; every name column resolves through a [`Memo`], so a million
//! rows cost a few hash lookups each. Wide (the bulletin): each value column's period,
//! basis, indicator and unit are settled once from its headers, the title, the file name
//! and the options; then every row is a region and its values.
//!
//! Basis: the cell's own text ("1-4月" is ytd, "4月" month), else the other period columns
//! of the sheet when they agree, else the title, file name or --basis. "1—2月" is the same
//! period on both bases; with nothing else to go by it is taken as ytd, with a notice.

use std::fmt::Write as _;

use super::issue::{IssueKind, Location, Said, period_error};
use super::layout::{
    Field, WideHeader, header_basis, is_growth_header, is_period_cell, is_share_or_rank,
    is_value_header, period_text,
};
use super::names::{RegionName, SubjectName};
use super::parsed::{ParsedFigure, SubjectRef};
use super::parser::{
    Memo, Parser, Reported, Resolved, SheetCtx, UNRESOLVED, WholeTracker, number_of,
};
use super::processor::Processor;
use super::rows::{Cell, OwnedRow, Row};
use super::values::{Unit, header_unit};
use crate::model::{Basis, Period, PeriodError, RegionLevel};

/// A period cell's reading, or why it has none.
type PeriodParse = Result<(Period, Option<Basis>), (IssueKind, Said)>;

/// The reason for a January figure.
fn january_reason(e: &PeriodError) -> Said {
    let said = period_error(e);
    Said::new(
        format!("{}；该指标按1—2月合并发布的惯例处理", said.zh),
        format!("{}; this indicator follows the 1—2月 convention", said.en),
    )
}

/// The issue for a period that cannot be built (from a workbook date or a title): a
/// January figure by the 1—2月 convention, else the reason itself (a year outside
/// 1949–2100 is no January problem).
fn build_issue(e: PeriodError) -> (IssueKind, Said) {
    match e {
        PeriodError::January(_) => (IssueKind::January, january_reason(&e)),
        other => (IssueKind::BadPeriod, period_error(&other)),
    }
}

/// Maps a period parse failure to an issue kind and reason.
fn period_issue(text: &str, e: PeriodError, year_known: bool) -> (IssueKind, Said) {
    match e {
        PeriodError::January(_) => (IssueKind::January, january_reason(&e)),
        PeriodError::Unparsable(_)
            if !year_known && Period::parse_with_basis(text, Some(2000)).is_ok() =>
        {
            (
                IssueKind::MissingContext,
                Said::new(
                    "缺少年份：单元格、标题和文件名中都没有写明年份；请写上年份（如2023年1-4月、2023-04），或指定年份（命令行可用 --year）",
                    "no year: the cell, the title and the file name name none; add the year (2023年1-4月, 2023-04) or pass --year",
                ),
            )
        }
        other => (IssueKind::BadPeriod, period_error(&other)),
    }
}

/// The factor from a unit in the file to the indicator's unit.
fn unit_factor(given: Option<Unit>, indicator_unit: &str) -> Result<f64, Said> {
    let Some(given) = given else { return Ok(1.0) };
    match Unit::parse(indicator_unit) {
        Some(target) => given.factor_to(target).ok_or_else(|| {
            Said::new(
                format!("单位与指标不符（该指标的单位是{indicator_unit}）"),
                format!("the unit does not fit the indicator, which is in {indicator_unit}"),
            )
        }),
        None => Err(Said::new(
            format!("该指标的单位是{indicator_unit}，无法换算；请不要填写单位"),
            format!(
                "the indicator is in {indicator_unit}, which the importer cannot convert to; leave the unit out"
            ),
        )),
    }
}

/// The period of a long row whose year is in a year column and whose sheet has no
/// period column: the month the title or file name names (on its basis), else the whole
/// year (1—12月, year to date): `地区,指标,年度,数值` with 2023 is 2023年1—12月.
fn year_period(
    p: &mut Parser,
    s: &SheetCtx,
    n: u64,
    year_col: usize,
    year: Option<i32>,
) -> Resolved<(Period, Option<Basis>)> {
    let Some(year) = year else {
        p.error(
            s.at(n, Some(year_col)),
            None,
            IssueKind::MissingValue,
            Said::new(
                "缺少年份：该行的年份为空，标题和文件名中也没有写明年份；请填写年份（如2023）",
                "no year: the row's year is empty and the title and file name name none; fill in the year (e.g. 2023)",
            ),
        );
        return Err(Reported);
    };
    let (month, basis) = match s.ctx.month {
        Some(m) => (m, s.ctx.basis),
        None => (12, Some(Basis::Ytd)),
    };
    Period::new(year, month)
        .map(|per| (per, basis))
        .map_err(|e| {
            let (kind, reason) = build_issue(e);
            p.error(
                s.at(n, Some(year_col)),
                Some(year.to_string()),
                kind,
                reason,
            );
            Reported
        })
}

/// Long layout columns.
#[derive(Debug, Clone, Copy, Default)]
struct LongCols {
    region: usize,
    indicator: Option<usize>,
    industry: Option<usize>,
    period: Option<usize>,
    basis: Option<usize>,
    value: usize,
    unit: Option<usize>,
    source: Option<usize>,
    year: Option<usize>,
}

/// Rows of a long table.
pub struct LongProc {
    cols: LongCols,
    /// Indicator when there is no column (title, file name, --indicator).
    default_indicator: Option<u32>,
    /// Unit from the value header's brackets or the title.
    default_unit: Option<Unit>,
    /// Period when there is no column (title, file name).
    default_period: Option<Period>,
    year: Option<i32>,
    basis: Option<Basis>,
    /// A problem with the header that makes every row unusable.
    broken: bool,
    region_memo: Memo<RegionName>,
    indicator_memo: Memo<Result<u32, Said>>,
    subject_memo: Memo<SubjectName>,
    period_memo: Memo<PeriodParse>,
    basis_memo: Memo<Result<Basis, Said>>,
    unit_memo: Memo<Result<Unit, Said>>,
    source_memo: Memo<u32>,
    scratch: String,
    /// The last (unit, indicator) converted and its factor.
    last_unit_check: Option<(Unit, u32)>,
    last_factor: f64,
    whole: WholeTracker,
    records: u64,
    jan_feb_noticed: bool,
}

impl LongProc {
    /// Sets up from the header row.
    pub fn new(
        p: &mut Parser,
        s: &SheetCtx,
        header: &OwnedRow,
        columns: &[(usize, Field)],
    ) -> LongProc {
        let col = |f: Field| columns.iter().find(|(_, g)| *g == f).map(|(c, _)| *c);
        let cols = LongCols {
            region: col(Field::Region).unwrap_or(0),
            indicator: col(Field::Indicator),
            industry: col(Field::Industry),
            period: col(Field::Period),
            basis: col(Field::Basis),
            value: col(Field::Value).unwrap_or(0),
            unit: col(Field::Unit),
            source: col(Field::Source),
            year: col(Field::Year),
        };
        let value_header = header.cell(cols.value).text().into_owned();
        let mut proc = LongProc {
            cols,
            default_indicator: s.ctx.indicator,
            default_unit: header_unit(&value_header).or(s.ctx.unit),
            default_period: None,
            year: s.ctx.year,
            basis: s.ctx.basis,
            broken: false,
            region_memo: Memo::default(),
            indicator_memo: Memo::default(),
            subject_memo: Memo::default(),
            period_memo: Memo::default(),
            basis_memo: Memo::default(),
            unit_memo: Memo::default(),
            source_memo: Memo::default(),
            scratch: String::new(),
            last_unit_check: None,
            last_factor: 1.0,
            whole: WholeTracker::default(),
            records: 0,
            jan_feb_noticed: false,
        };
        let at = s.at(header.number, None);
        if cols.indicator.is_none() && proc.default_indicator.is_none() {
            p.error(
                at.clone(),
                None,
                IssueKind::MissingContext,
                Said::new(
                    "缺少指标：请增加“指标”列，或在标题行或文件名中写明指标，或指定指标（命令行可用 --indicator）",
                    "no indicator: add an 指标 (indicator) column, name the indicator in a title line or the file name, or pass --indicator",
                ),
            );
            proc.broken = true;
        }
        // A year column without a period column gives each row its year: the period is
        // the title's month of that year, else the whole year (see `period`).
        if cols.period.is_none() && cols.year.is_none() {
            match s.ctx.period() {
                Some(Ok(period)) => proc.default_period = Some(period),
                Some(Err(e)) => {
                    let (kind, reason) = build_issue(e);
                    p.error(at, None, kind, reason);
                    proc.broken = true;
                }
                None => {
                    p.error(
                        at,
                        None,
                        IssueKind::MissingContext,
                        Said::new(
                            "缺少时期：请增加“时期”列，或在标题行（如2023年1-4月）或文件名中写明年份和时期",
                            "no period: add a 时期 (period) column, or name the year and period in a title line (2023年1-4月) or the file name",
                        ),
                    );
                    proc.broken = true;
                }
            }
        }
        proc
    }
}

impl LongProc {
    /// The value: None when missing ("—", empty: skipped, not an error and not zero).
    fn value(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Option<Resolved<f64>> {
        let col = self.cols.value;
        match number_of(row.cell(col)) {
            Ok(Some(v)) => Some(Ok(v)),
            Ok(None) => None,
            Err(e) => {
                p.error(
                    s.at(row.number(), Some(col)),
                    Some(row.cell(col).text().into_owned()),
                    IssueKind::BadNumber,
                    e.said(),
                );
                Some(Err(Reported))
            }
        }
    }

    /// The region, or the level of a "全省"-style row resolved once the sheet is read.
    fn region(
        &mut self,
        p: &mut Parser,
        s: &SheetCtx,
        n: u64,
        text: &str,
    ) -> Resolved<Result<u32, RegionLevel>> {
        let col = self.cols.region;
        if text.is_empty() {
            p.error(
                s.at(n, Some(col)),
                None,
                IssueKind::MissingValue,
                Said::new("缺少地区名称", "no region name"),
            );
            return Err(Reported);
        }
        let names = &mut p.names;
        match self.region_memo.get(text, |t| names.region(t)) {
            RegionName::One(r) => Ok(Ok(r)),
            RegionName::Whole(level) => Ok(Err(level)),
            RegionName::Unknown(reason) => {
                p.error(
                    s.at(n, Some(col)),
                    Some(text.to_string()),
                    IssueKind::UnknownRegion,
                    reason,
                );
                Err(Reported)
            }
        }
    }

    /// The indicator: its column, else the title's, file name's or option's.
    fn indicator(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<Option<u32>> {
        let n = row.number();
        match self.cols.indicator.map(|col| (col, row.cell(col))) {
            Some((col, cell)) if !cell.is_empty() => {
                let text = cell.text();
                let names = &mut p.names;
                match self.indicator_memo.get(&text, |t| names.indicator(t)) {
                    Ok(i) => Ok(Some(i)),
                    Err(reason) => {
                        p.error(
                            s.at(n, Some(col)),
                            Some(text.into_owned()),
                            IssueKind::UnknownIndicator,
                            reason,
                        );
                        Err(Reported)
                    }
                }
            }
            Some((col, _)) => match self.default_indicator {
                Some(i) => Ok(Some(i)),
                None => {
                    p.error(
                        s.at(n, Some(col)),
                        None,
                        IssueKind::MissingValue,
                        Said::new("缺少指标", "no indicator"),
                    );
                    Err(Reported)
                }
            },
            None => Ok(self.default_indicator),
        }
    }

    /// The industry or group; the whole economy when there is no such column or cell.
    fn subject(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<SubjectRef> {
        let Some((col, cell)) = self.cols.industry.map(|col| (col, row.cell(col))) else {
            return Ok(SubjectRef::Whole);
        };
        if cell.is_empty() {
            return Ok(SubjectRef::Whole);
        }
        let text = cell.text();
        let names = &mut p.names;
        match self.subject_memo.get(&text, |t| names.subject(t)) {
            SubjectName::Whole => Ok(SubjectRef::Whole),
            SubjectName::Industry(i) => Ok(SubjectRef::Industry(i)),
            SubjectName::Group(g) => Ok(SubjectRef::Group(g)),
            SubjectName::Unknown(reason) => {
                p.error(
                    s.at(row.number(), Some(col)),
                    Some(text.into_owned()),
                    IssueKind::UnknownIndustry,
                    reason,
                );
                Err(Reported)
            }
        }
    }

    /// The year column's year, else the sheet's.
    fn year(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<Option<i32>> {
        let Some(col) = self.cols.year else {
            return Ok(self.year);
        };
        let cell = row.cell(col);
        if cell.is_empty() {
            return Ok(self.year);
        }
        let text = cell.text();
        match is_year_text(&text) {
            Some(y) => Ok(Some(y)),
            None => {
                p.error(
                    s.at(row.number(), Some(col)),
                    Some(text.into_owned()),
                    IssueKind::BadPeriod,
                    Said::new("不是年份（应为如2023）", "not a year (expected e.g. 2023)"),
                );
                Err(Reported)
            }
        }
    }

    /// The period and the basis it implies: its column (a date or text, read in `year`),
    /// else the title's or file name's.
    fn period(
        &mut self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        year: Option<i32>,
    ) -> Resolved<Option<(Period, Option<Basis>)>> {
        let n = row.number();
        let Some(col) = self.cols.period else {
            return match self.cols.year {
                Some(year_col) => year_period(p, s, n, year_col, year).map(Some),
                None => Ok(self.default_period.map(|per| (per, s.ctx.basis))),
            };
        };
        let cell = row.cell(col);
        if let Cell::Date(d) = cell {
            return match Period::new(d.year(), d.month()) {
                Ok(per) => Ok(Some((per, None))),
                Err(e) => {
                    let (kind, reason) = build_issue(e);
                    p.error(s.at(n, Some(col)), Some(d.to_string()), kind, reason);
                    Err(Reported)
                }
            };
        }
        if cell.is_empty() {
            p.error(
                s.at(n, Some(col)),
                None,
                IssueKind::MissingValue,
                Said::new("缺少时期", "no period"),
            );
            return Err(Reported);
        }
        let text = cell.text();
        // The year is part of the key only when a year column can change it.
        let key: &str = if self.cols.year.is_some() {
            self.scratch.clear();
            let _ = write!(self.scratch, "{year:?}\u{1}{text}");
            &self.scratch
        } else {
            &text
        };
        let parsed = self.period_memo.get(key, |_| {
            let t = period_text(&text);
            Period::parse_with_basis(&t, year).map_err(|e| period_issue(&t, e, year.is_some()))
        });
        match parsed {
            Ok(x) => Ok(Some(x)),
            Err((kind, reason)) => {
                p.error(s.at(n, Some(col)), Some(text.into_owned()), kind, reason);
                Err(Reported)
            }
        }
    }

    /// The basis column's basis, when the row gives one.
    fn basis_cell(
        &mut self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
    ) -> Resolved<Option<Basis>> {
        let Some(col) = self.cols.basis else {
            return Ok(None);
        };
        let cell = row.cell(col);
        if cell.is_empty() {
            return Ok(None);
        }
        let text = cell.text();
        match self
            .basis_memo
            .get(&text, |t| t.parse::<Basis>().map_err(|e| period_error(&e)))
        {
            Ok(b) => Ok(Some(b)),
            Err(reason) => {
                p.error(
                    s.at(row.number(), Some(col)),
                    Some(text.into_owned()),
                    IssueKind::BadCode,
                    reason,
                );
                Err(Reported)
            }
        }
    }

    /// The basis: its column, else what the period implies, else the title/file/options;
    /// an unmarked 1—2月 is ytd (with a notice once).
    fn basis(
        &mut self,
        p: &mut Parser,
        s: &SheetCtx,
        n: u64,
        given: Option<Basis>,
        period: Option<(Period, Option<Basis>)>,
    ) -> Resolved<Option<Basis>> {
        let per = match (given, period) {
            (Some(b), _) | (None, Some((_, Some(b)))) => return Ok(Some(b)),
            (None, None) => return Ok(None),
            (None, Some((per, None))) => per,
        };
        match self.basis {
            Some(b) => Ok(Some(b)),
            None if per.is_jan_feb() => {
                if !self.jan_feb_noticed {
                    self.jan_feb_noticed = true;
                    p.notice(s.whole(), Said::new(
                        "未注明口径的1—2月数据按累计处理（1—2月的累计值与当月值相同）；如为当月序列，请指定口径为当月（命令行可用 --basis month）",
                        "1—2月 figures without 口径 (basis) are taken as 累计 (year to date), which 1—2月 equals; pass --basis month for the monthly series",
                    ));
                }
                Ok(Some(Basis::Ytd))
            }
            None => {
                p.error(
                    s.at(n, self.cols.period),
                    Some(per.code()),
                    IssueKind::MissingContext,
                    Said::new(
                        "口径不明：请增加“口径”列（累计/当月），或在时期中体现（1-4月为累计，4月为当月），或指定口径（命令行可用 --basis）",
                        "basis unknown: add a 口径 column (累计/当月, ytd/month), write it in the period (1-4月 / 4月), or pass --basis",
                    ),
                );
                Err(Reported)
            }
        }
    }

    /// The unit column's unit, when the row gives one.
    fn unit_cell(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<Option<Unit>> {
        let Some(col) = self.cols.unit else {
            return Ok(None);
        };
        let cell = row.cell(col);
        if cell.is_empty() {
            return Ok(None);
        }
        let text = cell.text();
        let unit = self.unit_memo.get(&text, |t| {
            Unit::parse(t).ok_or_else(|| {
                Said::new(
                    "未知单位（应为%、万元、亿元、元、家或个）",
                    "unknown unit (expected %, 万元, 亿元, 元, 家 or 个)",
                )
            })
        });
        match unit {
            Ok(u) => Ok(Some(u)),
            Err(reason) => {
                p.error(
                    s.at(row.number(), Some(col)),
                    Some(text.into_owned()),
                    IssueKind::BadUnit,
                    reason,
                );
                Err(Reported)
            }
        }
    }

    /// The factor from the row's unit (its column, else the value header's brackets or the
    /// title) to the indicator's.
    fn factor(
        &mut self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        unit: Option<Unit>,
        indicator: Option<u32>,
    ) -> Resolved<f64> {
        let (Some(u), Some(ind)) = (
            unit,
            indicator.and_then(|i| p.names.cat.indicators.get(i as usize)),
        ) else {
            return Ok(1.0);
        };
        // Only a unit that differs from the indicator's needs converting; comparing the
        // memoised parse first keeps string work out of the per-row path.
        let check = (u, indicator.unwrap_or(0));
        if self.last_unit_check == Some(check) {
            return Ok(self.last_factor);
        }
        match unit_factor(Some(u), &ind.unit) {
            Ok(f) => {
                self.last_unit_check = Some(check);
                self.last_factor = f;
                Ok(f)
            }
            Err(reason) => {
                let col = self.cols.unit.unwrap_or(self.cols.value);
                let text = row.cell(col).text().into_owned();
                p.error(
                    s.at(row.number(), Some(col)),
                    Some(text),
                    IssueKind::BadUnit,
                    reason,
                );
                Err(Reported)
            }
        }
    }
}

/// The fields of a long row once every one resolved.
struct LongFields {
    value: f64,
    region: Result<u32, RegionLevel>,
    indicator: u32,
    subject: SubjectRef,
    period: Period,
    basis: Basis,
}

impl Processor for LongProc {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        if self.broken {
            return;
        }
        let n = row.number();
        // Every field is resolved (and its error recorded) before the row is dropped.
        let Some(value) = self.value(p, s, row) else {
            return;
        };
        let region_text = row.cell(self.cols.region).text();
        let region = self.region(p, s, n, &region_text);
        let indicator = self.indicator(p, s, row);
        let subject = self.subject(p, s, row);
        let year = self.year(p, s, row);
        let period = self.period(p, s, row, *year.as_ref().unwrap_or(&self.year));
        let given = self.basis_cell(p, s, row);
        let basis = self.basis(
            p,
            s,
            n,
            *given.as_ref().unwrap_or(&None),
            *period.as_ref().unwrap_or(&None),
        );
        let unit = match self.unit_cell(p, s, row) {
            Ok(Some(u)) => Ok(Some(u)),
            Ok(None) => Ok(self.default_unit),
            Err(Reported) => Err(self.default_unit),
        };
        let factor = self.factor(
            p,
            s,
            row,
            unit.unwrap_or_else(|u| u),
            *indicator.as_ref().unwrap_or(&None),
        );
        let (
            Ok(value),
            Ok(region),
            Ok(Some(indicator)),
            Ok(subject),
            Ok(_),
            Ok(Some((period, _))),
            Ok(_),
            Ok(Some(basis)),
            Ok(_),
            Ok(factor),
        ) = (
            value, region, indicator, subject, year, period, given, basis, unit, factor,
        )
        else {
            return;
        };
        let fields = LongFields {
            value: value * factor,
            region,
            indicator,
            subject,
            period,
            basis,
        };
        self.emit(p, s, row, &region_text, fields);
    }

    fn finish(&mut self, p: &mut Parser, _s: &SheetCtx) {
        self.whole.resolve(p);
    }

    fn records(&self) -> u64 {
        self.records
    }
}

impl LongProc {
    /// Records a resolved row's figure, citing the source its 来源 column names (one
    /// source per publisher and sheet).
    fn emit(
        &mut self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        region_text: &str,
        f: LongFields,
    ) {
        let n = row.number();
        let publisher = match self.cols.source {
            Some(col) => row.cell(col).text(),
            None => "".into(),
        };
        let source = self.source_memo.get(&publisher, |t| p.source_for(s, t));
        let index = p.out.figures.len();
        let region = match f.region {
            Ok(r) => {
                self.whole.saw(r);
                r
            }
            Err(level) => {
                let col = self.cols.region;
                self.whole
                    .pending(index, level, &|| s.at(n, Some(col)), region_text);
                UNRESOLVED
            }
        };
        p.out.figures.push(ParsedFigure {
            value: f.value,
            region,
            indicator: f.indicator,
            subject: f.subject,
            basis: f.basis,
            period: f.period,
            sheet: s.index,
            row: n.min(u64::from(u32::MAX)) as u32,
            column: self.cols.value as u32,
            source,
        });
        self.records += 1;
    }
}

/// One value column of a bulletin.
#[derive(Debug, Clone, Copy)]
struct WideCol {
    col: usize,
    period: Period,
    basis: Basis,
    indicator: u32,
    factor: f64,
}

/// Rows of a bulletin.
pub struct WideProc {
    region_col: usize,
    cols: Vec<WideCol>,
    /// Columns ignored without a header: a value in one is reported once.
    unlabelled: Vec<usize>,
    unlabelled_noticed: bool,
    whole: WholeTracker,
    region_memo: Memo<RegionName>,
    records: u64,
}

fn text_of(rows: &[OwnedRow], row: Option<usize>, col: usize) -> String {
    row.and_then(|r| rows.get(r))
        .map(|r| r.cell(col).text().into_owned())
        .unwrap_or_default()
}

/// The year a cell names alone: "2023", "2023年", "2023年度".
pub(super) fn is_year_text(t: &str) -> Option<i32> {
    let t = t.trim();
    let t = t
        .strip_suffix("年度")
        .unwrap_or(t)
        .trim_end_matches('年')
        .trim();
    (t.len() == 4)
        .then(|| t.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1949..=2100).contains(y))
}

/// A value column of a bulletin as read from its headers, before its basis, indicator
/// and unit are settled.
struct Draft {
    col: usize,
    period: PeriodParse,
    indicator: Option<u32>,
    unit: Option<Unit>,
    /// The header says growth (a change on last year, 增速, %).
    growth: bool,
    cell: String,
}

/// What a column right of the region column is.
enum ColumnRead {
    /// A value column.
    Value(Draft),
    /// A column with a header that is not a period (ranks, notes): listed in a notice.
    Ignored(String),
    /// A column without a header: a value in it is reported once.
    Unlabelled(usize),
    /// An empty column under a single-period title: nothing.
    Nothing,
}

/// The header text per column (the period row's, with the sub-header's after it) and the
/// sheet row number of the period row.
fn wide_headers(rows: &[OwnedRow], h: &WideHeader) -> (Vec<String>, u64) {
    let width = rows[h.first..h.data.min(rows.len())]
        .iter()
        .map(|r| r.width())
        .max()
        .unwrap_or(0);
    let main_row = h.period_row.unwrap_or(h.first);
    let header_row_number = rows.get(main_row).map_or(1, |r| r.number);
    let headers = (0..width)
        .map(|c| {
            let main = text_of(rows, Some(main_row), c);
            let sub = text_of(rows, h.sub_row, c);
            match (main.is_empty(), sub.is_empty()) {
                (_, true) => main,
                (true, false) => sub,
                (false, false) => format!("{main} {sub}"),
            }
        })
        .collect();
    (headers, header_row_number)
}

/// A header cell's location.
fn header_at(s: &SheetCtx, headers: &[String], row: u64, c: usize) -> Location {
    Location {
        column: Some(c as u32),
        column_name: headers.get(c).filter(|t| !t.is_empty()).cloned(),
        ..s.at(row, None)
    }
}

/// Reads column `c` of a bulletin's headers: its period (from the period row, or the title
/// for a single value column), and the indicator, year and unit that rows above the period
/// row give it (merged cells spread them over their columns).
fn draft_column(
    p: &mut Parser,
    s: &SheetCtx,
    rows: &[OwnedRow],
    h: &WideHeader,
    c: usize,
    headers: &[String],
) -> ColumnRead {
    let main_row = h.period_row.unwrap_or(h.first);
    let header = || headers.get(c).cloned().unwrap_or_default();
    let main_cell = rows.get(main_row).map_or(Cell::Empty, |r| r.cell(c));
    let main = text_of(rows, Some(main_row), c);
    let sub = text_of(rows, h.sub_row, c);
    if is_share_or_rank(&main) || is_share_or_rank(&sub) {
        return ColumnRead::Ignored(header());
    }
    let mut col_indicator = None;
    let mut col_year = None;
    let mut col_unit = header_unit(&main).or_else(|| header_unit(&sub));
    let above = match h.period_row {
        Some(pr) if pr > h.first => h.first..pr,
        _ => 0..0,
    };
    for r in above {
        let t = text_of(rows, Some(r), c);
        if t.is_empty() {
            continue;
        }
        if let Some(y) = is_year_text(&t) {
            col_year = Some(y);
        } else if let Ok(i) = p.names.indicator(&t) {
            col_indicator = Some(i);
            col_unit = col_unit.or_else(|| header_unit(&t));
        }
    }
    let year = col_year.or(s.ctx.year);
    let period = if h.period_row.is_some() {
        if !is_period_cell(main_cell) {
            return if main.is_empty() {
                ColumnRead::Unlabelled(c)
            } else {
                ColumnRead::Ignored(header())
            };
        }
        if let Cell::Date(d) = main_cell {
            Period::new(d.year(), d.month())
                .map(|per| (per, None))
                .map_err(build_issue)
        } else {
            let t = period_text(&main);
            Period::parse_with_basis(&t, year).map_err(|e| period_issue(&t, e, year.is_some()))
        }
    } else {
        // One value column under a title that names the period.
        if !is_value_header(&main, &mut p.names) {
            return if main.is_empty() {
                ColumnRead::Nothing
            } else {
                ColumnRead::Ignored(header())
            };
        }
        if let Ok(i) = p.names.indicator(&main) {
            col_indicator = Some(i);
        }
        // "比上年同月" / "比上年同期" under a title naming the month, in the header or the
        // sub-header under an indicator: the header says the basis.
        let said = header_basis(&main).or_else(|| header_basis(&sub));
        title_period(s).map(|(per, basis)| (per, said.or(basis)))
    };
    ColumnRead::Value(Draft {
        col: c,
        period,
        indicator: col_indicator,
        unit: col_unit,
        growth: is_growth_header(&main) || is_growth_header(&sub),
        cell: header(),
    })
}

/// The period the title (or file name, or options) names, for a single value column.
fn title_period(s: &SheetCtx) -> PeriodParse {
    match s.ctx.period() {
        Some(Ok(per)) => Ok((per, s.ctx.basis)),
        Some(Err(e)) => Err(build_issue(e)),
        None => Err((
            IssueKind::MissingContext,
            Said::new(
                "标题中的时期缺少年份：请在标题（如2023年1-4月）或文件名中写明年份，或指定年份（命令行可用 --year）",
                "no year for the title's period: name it in the title (2023年1-4月) or the file name, or pass --year",
            ),
        )),
    }
}

/// Settles each drafted column's basis (its header, else the other columns when they
/// agree, else the title/options; an unmarked 1—2月 is ytd), indicator and unit factor,
/// reporting the columns that cannot be settled.
fn settle_columns(
    p: &mut Parser,
    s: &SheetCtx,
    drafts: Vec<Draft>,
    headers: &[String],
    header_row_number: u64,
) -> Vec<WideCol> {
    let at = |c: usize| header_at(s, headers, header_row_number, c);
    let implied: Vec<Basis> = drafts
        .iter()
        .filter_map(|d| d.period.as_ref().ok().and_then(|(_, b)| *b))
        .collect();
    let sibling = implied
        .first()
        .copied()
        .filter(|b| implied.iter().all(|x| x == b));
    let mut cols = Vec::new();
    let mut jan_feb_defaulted = false;
    let mut indicator_missing = false;
    for d in drafts {
        let (period, own_basis) = match d.period {
            Ok(x) => x,
            Err((kind, reason)) => {
                p.error(at(d.col), Some(d.cell), kind, reason);
                continue;
            }
        };
        let basis = match own_basis.or(sibling).or(s.ctx.basis) {
            Some(b) => Some(b),
            None if period.is_jan_feb() => {
                jan_feb_defaulted = true;
                Some(Basis::Ytd)
            }
            None => {
                p.error(
                    at(d.col),
                    Some(d.cell.clone()),
                    IssueKind::MissingContext,
                    Said::new(
                        "口径不明：请在列标题或标题中写明累计或当月（1-4月为累计，4月为当月），或指定口径（命令行可用 --basis）",
                        "basis unknown: write 累计 or 当月 in the header or title (1-4月 is 累计, 4月 is 当月), or pass --basis",
                    ),
                );
                None
            }
        };
        // A level named in the title ("规模工业增加值") over growth columns is its rate,
        // and the title's unit (亿元) is the level's, not the rate's.
        let named = d.indicator.or(s.ctx.indicator);
        let rate = named.filter(|_| d.growth).and_then(|i| p.names.rate_of(i));
        let indicator = rate.or(named);
        let unit = match rate {
            Some(_) => d.unit,
            None => d.unit.or(s.ctx.unit),
        };
        indicator_missing |= indicator.is_none();
        // Both are reported before the column is dropped.
        let (Some(basis), Some(indicator)) = (basis, indicator) else {
            continue;
        };
        let ind_unit = p
            .names
            .cat
            .indicators
            .get(indicator as usize)
            .map(|i| i.unit.clone())
            .unwrap_or_default();
        match unit_factor(unit, &ind_unit) {
            Ok(factor) => cols.push(WideCol {
                col: d.col,
                period,
                basis,
                indicator,
                factor,
            }),
            Err(reason) => {
                // A level over a "%" column that says no growth: a share, or a rate the
                // headers forgot to call one; never guessed.
                let level_in_percent = rate.is_none()
                    && unit == Some(Unit::Percent)
                    && named.and_then(|i| p.names.rate_of(i)).is_some();
                let reason = if level_in_percent {
                    Said::new(
                        format!(
                            "该列单位为%，但指标是总量（单位{ind_unit}）；如为增速，请在列标题或标题中写明“增速”或“同比增长”；如为比重，该列不导入，请删除"
                        ),
                        format!(
                            "the column is in % but the indicator is a level (in {ind_unit}); if it is a growth rate, say 增速 or 同比增长 in the header or the title; if it is a share, delete the column (shares are not imported)"
                        ),
                    )
                } else {
                    reason
                };
                p.error(at(d.col), Some(d.cell), IssueKind::BadUnit, reason);
            }
        }
    }
    if indicator_missing {
        p.error(
            s.at(header_row_number, None),
            None,
            IssueKind::MissingContext,
            Said::new(
                "缺少指标：请在表格上方的标题行（如“2023年1-4月全省各市规模以上工业增加值增速（%）”）或文件名中写明指标，或指定指标（命令行可用 --indicator）",
                "no indicator: name it in a title line above the table (e.g. 2023年1-4月全省各市规模以上工业增加值增速（%）), in the file name, or pass --indicator",
            ),
        );
    }
    if jan_feb_defaulted {
        p.notice(s.whole(), Said::new(
            "未注明累计或当月的1—2月列按累计处理（1—2月的累计值与当月值相同）；如为当月序列，请指定口径为当月（命令行可用 --basis month）",
            "1—2月 columns without 累计/当月 are taken as 累计 (year to date), which 1—2月 equals; pass --basis month for the monthly series",
        ));
    }
    cols
}

impl WideProc {
    /// Settles every value column from the header rows; returns the processor and the
    /// header text per column (for locations).
    pub fn new(
        p: &mut Parser,
        s: &SheetCtx,
        rows: &[OwnedRow],
        h: &WideHeader,
    ) -> (WideProc, Vec<String>) {
        let (headers, header_row_number) = wide_headers(rows, h);
        let mut drafts = Vec::new();
        let mut ignored: Vec<String> = Vec::new();
        let mut unlabelled = Vec::new();
        for c in (h.region_col + 1)..headers.len() {
            match draft_column(p, s, rows, h, c, &headers) {
                ColumnRead::Value(d) => drafts.push(d),
                ColumnRead::Ignored(header) => ignored.push(header),
                ColumnRead::Unlabelled(c) => unlabelled.push(c),
                ColumnRead::Nothing => {}
            }
        }
        if !ignored.is_empty() {
            p.notice(
                s.whole(),
                Said::new(
                    format!(
                        "以下列未导入：{}（位次由数据计算得出，比重不导入；其他列不是时期）",
                        ignored.join("、")
                    ),
                    format!(
                        "columns not imported: {} (ranks are computed from the figures, shares are not imported; other columns are not periods)",
                        ignored.join(", ")
                    ),
                ),
            );
        }
        let cols = settle_columns(p, s, drafts, &headers, header_row_number);
        (
            WideProc {
                region_col: h.region_col,
                cols,
                unlabelled,
                unlabelled_noticed: false,
                whole: WholeTracker::default(),
                region_memo: Memo::default(),
                records: 0,
            },
            headers,
        )
    }
}

impl Processor for WideProc {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        let n = row.number();
        if !self.unlabelled_noticed && self.unlabelled.iter().any(|&c| !row.cell(c).is_empty()) {
            self.unlabelled_noticed = true;
            let cols: Vec<String> = self
                .unlabelled
                .iter()
                .map(|&c| super::issue::column_letter(c as u32))
                .collect();
            p.notice(
                s.at(n, None),
                Said::new(
                    format!("{}列有数值但没有列标题，未导入", cols.join("、")),
                    format!(
                        "column(s) {} have values but no header: not imported",
                        cols.join(", ")
                    ),
                ),
            );
        }
        let mut values = Vec::with_capacity(self.cols.len());
        for wc in &self.cols {
            let cell = row.cell(wc.col);
            match number_of(cell) {
                Ok(Some(v)) => values.push((wc, v)),
                Ok(None) => {}
                Err(e) => {
                    p.error(
                        s.at(n, Some(wc.col)),
                        Some(cell.text().into_owned()),
                        IssueKind::BadNumber,
                        e.said(),
                    );
                }
            }
        }
        let region_cell = row.cell(self.region_col);
        let region_text = region_cell.text();
        let any_value = self.cols.iter().any(|wc| !row.cell(wc.col).is_empty());
        if region_text.is_empty() {
            if any_value {
                p.error(
                    s.at(n, Some(self.region_col)),
                    None,
                    IssueKind::MissingValue,
                    Said::new(
                        "此行数据缺少地区名称",
                        "no region name for the figures of this row",
                    ),
                );
            }
            return;
        }
        let names = &mut p.names;
        let region = match self.region_memo.get(&region_text, |t| names.region(t)) {
            RegionName::One(r) => Ok(r),
            RegionName::Whole(level) => Err(level),
            RegionName::Unknown(reason) => {
                // A label row with no figures ("其中：") is nothing to import.
                if values.is_empty() && !any_value {
                    return;
                }
                p.error(
                    s.at(n, Some(self.region_col)),
                    Some(region_text.into_owned()),
                    IssueKind::UnknownRegion,
                    reason,
                );
                return;
            }
        };
        for (wc, v) in values {
            let index = p.out.figures.len();
            let r = match region {
                Ok(r) => {
                    self.whole.saw(r);
                    r
                }
                Err(level) => {
                    self.whole.pending(
                        index,
                        level,
                        &|| s.at(n, Some(self.region_col)),
                        &region_text,
                    );
                    UNRESOLVED
                }
            };
            let source = p.source_for(s, "");
            p.out.figures.push(ParsedFigure {
                value: v * wc.factor,
                region: r,
                indicator: wc.indicator,
                subject: SubjectRef::Whole,
                basis: wc.basis,
                period: wc.period,
                sheet: s.index,
                row: n.min(u64::from(u32::MAX)) as u32,
                column: wc.col as u32,
                source,
            });
            self.records += 1;
        }
    }

    fn finish(&mut self, p: &mut Parser, _s: &SheetCtx) {
        self.whole.resolve(p);
    }

    fn records(&self) -> u64 {
        self.records
    }
}
