//! Reading one sheet: buffer its first rows, recognise the layout, then stream every row
//! through the layout's processor. Shared state (the names index, the output, the sources)
//! lives in [`Parser`]; per-sheet facts (title, headers, context) in [`SheetCtx`].

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::context::{self, Context};
use super::figures::{LongProc, WideProc};
use super::issue::{Issue, IssueKind, Location, Notice, Said};
use super::layout::{self, Detected, TableKind};
use super::names::Names;
use super::parsed::{ParsedImport, SheetLayout, SheetSummary, SourceDraft};
use super::register::{DealProc, EnterpriseProc, RequestProc};
use super::rows::{Cell, OwnedRow, Row};
use super::values::{NumberError, parse_number};
use super::{ImportOptions, Progress};
use crate::model::RegionLevel;
use crate::model::enterprise::Date;

/// Rows looked at before the layout is decided (titles, two-row headers, a few data rows).
const LOOKAHEAD: usize = 12;

/// State shared by every sheet of an import.
pub struct Parser<'c> {
    /// The catalogue's names.
    pub names: Names<'c>,
    /// What the options say (the last fallback of every sheet's context).
    pub options_ctx: Context,
    /// The date recorded as the import date.
    pub imported_on: Date,
    /// The output being built.
    pub out: ParsedImport,
    /// Progress and cancellation.
    pub progress: Progress,
    sources: HashMap<(u32, String), u32>,
    /// Credit codes seen, with where (duplicate enterprises).
    pub enterprise_codes: HashMap<String, Location>,
    /// Regions of "全市" rows (files about a city's counties): home-region hints.
    pub whole_cities: Vec<u32>,
    /// Regions named in file names and titles: home-region hints.
    pub named_regions: Vec<u32>,
}

impl<'c> Parser<'c> {
    /// A parser for a catalogue and options.
    pub fn new(names: Names<'c>, options: &ImportOptions, out: ParsedImport) -> Parser<'c> {
        Parser {
            names,
            options_ctx: Context::default(),
            imported_on: options.imported_on.unwrap_or_else(Date::today),
            out,
            progress: options.progress.clone(),
            sources: HashMap::new(),
            enterprise_codes: HashMap::new(),
            whole_cities: Vec::new(),
            named_regions: Vec::new(),
        }
    }

    /// Records an error.
    pub fn error(&mut self, at: Location, cell: Option<String>, kind: IssueKind, reason: Said) {
        self.out.errors.push(Issue {
            at,
            cell,
            kind,
            reason,
        });
    }

    /// Records a notice.
    pub fn notice(&mut self, at: Location, message: Said) {
        self.out.notices.push(Notice { at, message });
    }

    /// The source cited by a sheet's records (one per sheet and publisher), made on first use.
    pub fn source_for(&mut self, s: &SheetCtx, publisher: &str) -> u32 {
        if let Some(&i) = self.sources.get(&(s.index, publisher.to_string())) {
            return i;
        }
        let i = self.out.sources.len() as u32;
        let mut note = format!("导入日期 imported on {}", self.imported_on);
        if let Some(sheet) = &s.sheet {
            let _ = write!(note, "；工作表 sheet “{sheet}”");
        }
        if let Some(title) = &s.title {
            let _ = write!(note, "；标题 title “{title}”");
        }
        self.out.sources.push(SourceDraft {
            file: s.file_index,
            title: s.file.clone(),
            publisher: publisher.to_string(),
            note,
        });
        self.sources.insert((s.index, publisher.to_string()), i);
        i
    }
}

/// Facts about the sheet being read.
#[derive(Debug, Clone)]
pub struct SheetCtx {
    /// Index into `out.sheets`.
    pub index: u32,
    /// Index into `out.files`.
    pub file_index: usize,
    /// The file's display name.
    pub file: String,
    /// The sheet's name in a workbook.
    pub sheet: Option<String>,
    /// Header text per column.
    pub headers: Vec<String>,
    /// Title lines joined.
    pub title: Option<String>,
    /// Title, then file name, then options.
    pub ctx: Context,
}

impl SheetCtx {
    /// A location in this sheet.
    pub fn at(&self, row: u64, col: Option<usize>) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row: Some(row),
            column: col.map(|c| c as u32),
            column_name: col
                .and_then(|c| self.headers.get(c))
                .filter(|h| !h.is_empty())
                .cloned(),
        }
    }

    /// A location for the sheet as a whole.
    pub fn whole(&self) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            ..Location::default()
        }
    }
}

/// A layout's row handler.
pub trait Processor {
    /// Handles one data row (never blank, never a single-text note line).
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row);
    /// Called after the last row.
    fn finish(&mut self, p: &mut Parser, s: &SheetCtx);
    /// How many records (figures or list rows) it produced.
    fn records(&self) -> u64;
}

/// Reads one sheet.
pub struct SheetReader {
    s: SheetCtx,
    file_ctx: Context,
    buffer: Vec<OwnedRow>,
    proc: Option<Box<dyn Processor>>,
    layout: SheetLayout,
    decided: bool,
    width: Option<usize>,
    check_width: bool,
    rows: u64,
    skip_empty_notice: bool,
}

impl SheetReader {
    /// Starts a sheet. `check_width` is set for CSV, where rows can have any number of cells.
    pub fn new(
        p: &mut Parser,
        file_index: usize,
        file: &str,
        sheet: Option<String>,
        file_ctx: Context,
        check_width: bool,
    ) -> SheetReader {
        let index = p.out.sheets.len() as u32;
        p.out.sheets.push(SheetSummary {
            file: file_index,
            name: sheet.clone(),
            layout: SheetLayout::Skipped,
            title: None,
            headers: Vec::new(),
            rows: 0,
            records: 0,
        });
        SheetReader {
            s: SheetCtx {
                index,
                file_index,
                file: file.to_string(),
                sheet,
                headers: Vec::new(),
                title: None,
                ctx: Context::default(),
            },
            file_ctx,
            buffer: Vec::new(),
            proc: None,
            layout: SheetLayout::Skipped,
            decided: false,
            width: None,
            check_width,
            rows: 0,
            skip_empty_notice: false,
        }
    }

    /// Feeds the next row.
    pub fn feed(&mut self, p: &mut Parser, row: &dyn Row) {
        self.rows += 1;
        if !self.decided {
            if !row.is_blank() {
                self.buffer.push(OwnedRow::copy(row));
            }
            if self.buffer.len() >= LOOKAHEAD {
                self.decide(p);
            }
            return;
        }
        self.process(p, row);
    }

    fn process(&mut self, p: &mut Parser, row: &dyn Row) {
        let Some(proc) = self.proc.as_mut() else {
            return;
        };
        if row.is_blank() || row.single_text().is_some() {
            return;
        }
        if self.check_width
            && let Some(width) = self.width
        {
            let used = (0..row.width())
                .rev()
                .find(|&c| !row.cell(c).is_empty())
                .map_or(0, |c| c + 1);
            if row.width() < width || used > width {
                let n = if row.width() < width {
                    row.width()
                } else {
                    used
                };
                p.error(
                    self.s.at(row.number(), None),
                    None,
                    IssueKind::ColumnCount,
                    Said::new(
                        format!(
                            "此行有{n}个单元格，而标题行有{width}个：缺少单元格，或某个单元格含有未加引号的分隔符（含逗号的文字请加引号）"
                        ),
                        format!(
                            "this row has {n} cells but the header has {width}: a cell is missing or one holds an unquoted delimiter (quote text that contains commas)"
                        ),
                    ),
                );
                return;
            }
        }
        proc.row(p, &self.s, row);
    }

    fn decide(&mut self, p: &mut Parser) {
        self.decided = true;
        let buffer = std::mem::take(&mut self.buffer);
        // Title lines: single-text rows above the table.
        let titles: Vec<usize> = buffer
            .iter()
            .take_while(|r| r.single_text().is_some())
            .enumerate()
            .map(|(i, _)| i)
            .collect();
        let mut ctx = Context::default();
        let mut title_text = Vec::new();
        for &i in &titles {
            if let Some(t) = buffer[i].single_text() {
                let c = context::read(&t, &p.names);
                if let Some(r) = c.region {
                    p.named_regions.push(r);
                }
                ctx = ctx.or(&c);
                title_text.push(t.into_owned());
            }
        }
        if !title_text.is_empty() {
            self.s.title = Some(title_text.join(" "));
        }
        self.s.ctx = ctx.or(&self.file_ctx).or(&p.options_ctx);
        let detected = layout::detect(&buffer, &titles, self.s.ctx.month.is_some(), &mut p.names);
        let start = match detected {
            Detected::Nothing => {
                self.layout = SheetLayout::Skipped;
                None
            }
            Detected::Table {
                kind,
                header,
                columns,
            } => {
                let row = &buffer[header];
                self.s.headers = (0..row.width())
                    .map(|c| row.cell(c).text().into_owned())
                    .collect();
                self.width = Some(row.width());
                let proc: Box<dyn Processor> = match kind {
                    TableKind::Long => {
                        self.layout = SheetLayout::Long;
                        Box::new(LongProc::new(p, &self.s, row, &columns))
                    }
                    TableKind::Enterprises => {
                        self.layout = SheetLayout::Enterprises;
                        Box::new(EnterpriseProc::new(p, &self.s, row, &columns))
                    }
                    TableKind::Requests => {
                        self.layout = SheetLayout::Requests;
                        Box::new(RequestProc::new(p, &self.s, row, &columns))
                    }
                    TableKind::Deals => {
                        self.layout = SheetLayout::Deals;
                        Box::new(DealProc::new(p, &self.s, row, &columns))
                    }
                };
                self.proc = Some(proc);
                Some(header + 1)
            }
            Detected::Wide(h) => {
                self.layout = SheetLayout::Wide;
                let last_header = h.data.saturating_sub(1);
                self.width = buffer.get(h.first).map(|r| r.width());
                let (proc, headers) = WideProc::new(p, &self.s, &buffer, &h);
                self.s.headers = headers;
                self.proc = Some(Box::new(proc));
                Some(last_header + 1)
            }
        };
        if let Some(start) = start {
            for row in buffer.iter().skip(start) {
                self.process(p, row);
            }
        }
    }

    /// Ends the sheet: resolves what needs the whole sheet and records its summary.
    pub fn finish(mut self, p: &mut Parser) {
        if !self.decided {
            if self.buffer.is_empty() {
                self.skip_empty_notice = true;
            }
            self.decide(p);
        }
        let records = match self.proc.as_mut() {
            Some(proc) => {
                proc.finish(p, &self.s);
                proc.records()
            }
            None => 0,
        };
        if self.layout == SheetLayout::Skipped {
            let message = if self.skip_empty_notice {
                Said::new("已跳过：工作表是空的", "skipped: the sheet is empty")
            } else {
                Said::new(
                    "已跳过：未识别出数据或名录（是说明页或封面？）；工作表要有“地区/时期/数值”等列标题、“1-4月”等时期列，或“企业名称/统一社会信用代码”列，才能导入",
                    "skipped: no figures or lists recognised (a notes or cover sheet?); headers such as 地区/时期/数值, period columns such as 1-4月, or 企业名称/统一社会信用代码 make a sheet importable",
                )
            };
            p.notice(self.s.whole(), message);
        } else if records == 0 {
            p.notice(
                self.s.whole(),
                Said::new(
                    "此工作表没有可导入的数据或记录（数值全部缺失）",
                    "no figures or rows to import in this sheet (every value is missing)",
                ),
            );
        }
        if let Some(sum) = p.out.sheets.get_mut(self.s.index as usize) {
            sum.layout = self.layout;
            sum.title = self.s.title.clone();
            sum.headers = self.s.headers.clone();
            sum.rows = self.rows;
            sum.records = records;
        }
    }
}

/// Remembers what each distinct text of a column resolved to: most columns hold a few
/// distinct names repeated many times, and sorted files repeat the last one.
pub struct Memo<T> {
    map: HashMap<Box<str>, T>,
    last_key: String,
    last: Option<T>,
}

impl<T: Clone> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            map: HashMap::new(),
            last_key: String::new(),
            last: None,
        }
    }
}

impl<T: Clone> Memo<T> {
    /// The value for `key`, computed by `make` the first time.
    pub fn get(&mut self, key: &str, make: impl FnOnce(&str) -> T) -> T {
        if let Some(v) = &self.last
            && self.last_key == key
        {
            return v.clone();
        }
        let v = match self.map.get(key) {
            Some(v) => v.clone(),
            None => {
                let v = make(key);
                self.map.insert(key.into(), v.clone());
                v
            }
        };
        self.last_key.clear();
        self.last_key.push_str(key);
        self.last = Some(v.clone());
        v
    }
}

/// A number cell: Ok(None) when missing.
pub fn number_of(cell: Cell<'_>) -> Result<Option<f64>, NumberError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.is_finite() => Ok(Some(n)),
        Cell::Text(t) => parse_number(t),
        Cell::Error(_) => Err(NumberError::ExcelError),
        _ => Err(NumberError::Other),
    }
}

/// "全省"/"全市" rows of a sheet, resolved to the province/city that its other regions
/// belong to once the sheet is read.
#[derive(Default)]
pub struct WholeTracker {
    seen: HashSet<u32>,
    last_seen: Option<u32>,
    pending: Vec<(usize, RegionLevel)>,
    first_at: Vec<(RegionLevel, Location, String)>,
}

/// The region index placeholders carry until resolved.
pub const UNRESOLVED: u32 = u32::MAX;

impl WholeTracker {
    /// Notes a concrete region listed in the sheet.
    pub fn saw(&mut self, region: u32) {
        if self.last_seen != Some(region) {
            self.seen.insert(region);
            self.last_seen = Some(region);
        }
    }

    /// Notes that figure `index` is for the whole region of `level` (written at `at`).
    pub fn pending(
        &mut self,
        index: usize,
        level: RegionLevel,
        at: &dyn Fn() -> Location,
        text: &str,
    ) {
        if !self.first_at.iter().any(|(l, _, _)| *l == level) {
            self.first_at.push((level, at(), text.to_string()));
        }
        self.pending.push((index, level));
    }

    /// Patches the pending figures, or reports why a label cannot be resolved.
    pub fn resolve(&mut self, p: &mut Parser) {
        for (level, at, text) in std::mem::take(&mut self.first_at) {
            let mut found: Vec<u32> = self
                .seen
                .iter()
                .filter(|&&r| {
                    p.names
                        .cat
                        .regions
                        .get(r as usize)
                        .is_some_and(|x| x.level >= level)
                })
                .filter_map(|&r| p.names.ancestor_at(r, level))
                .collect();
            found.sort_unstable();
            found.dedup();
            let label = level.whole_label(crate::model::Lang::Zh);
            match found.as_slice() {
                [one] => {
                    for (i, l) in &self.pending {
                        if *l == level
                            && let Some(f) = p.out.figures.get_mut(*i)
                        {
                            f.region = *one;
                        }
                    }
                    if level == RegionLevel::City {
                        p.whole_cities.push(*one);
                    }
                }
                [] => p.error(
                    at,
                    Some(text),
                    IssueKind::UnknownRegion,
                    Said::new(
                        format!(
                            "“{label}”指其他各行地区所属的上级地区，但没有一行写有其下属地区，无法确定是哪个地区；请改写为地区名称"
                        ),
                        format!(
                            "“{label}” is the whole of the region the other rows belong to, but no row names a region inside one; write the region's name instead"
                        ),
                    ),
                ),
                many => {
                    let names: Vec<String> = many
                        .iter()
                        .filter_map(|&r| p.names.cat.regions.get(r as usize))
                        .map(|r| r.name_zh.clone())
                        .collect();
                    p.error(
                        at,
                        Some(text),
                        IssueKind::UnknownRegion,
                        Said::new(
                            format!(
                                "“{label}”无法确定是哪个地区：其他各行分属{}；请改写为地区名称",
                                names.join("、")
                            ),
                            format!(
                                "“{label}” is ambiguous: the other rows belong to {}; write the region's name instead",
                                names.join(", ")
                            ),
                        ),
                    );
                }
            }
        }
        self.pending.clear();
    }
}
