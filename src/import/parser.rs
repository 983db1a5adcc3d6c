//! State shared by the sheets of an import and by the layouts' processors: the
//! [`Parser`] (names index, output, sources), the [`SheetCtx`] of the sheet being read,
//! and the helpers every processor uses ([`Memo`], [`number_of`], [`WholeTracker`]).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::BuildHasherDefault;

use super::context::Context;
use super::issue::{Issue, IssueKind, Location, Notice, Said};
use super::names::Names;
use super::parsed::{ParsedImport, SourceDraft};
use super::read::KeyHasher;
use super::returns::ReturnWho;
use super::rows::Cell;
use super::values::{NumberError, parse_number};
use super::{ImportOptions, Progress};
use crate::model::enterprise::Date;
use crate::model::{Basis, Lang, Period, RegionLevel};

/// An error was recorded for a cell of the row, which is therefore not imported.
pub struct Reported;

/// A field of a row, or [`Reported`].
pub type Resolved<T> = Result<T, Reported>;

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
    /// The period of returns that name none (the options' `period`).
    pub return_period: Option<Period>,
    /// The returns' enterprises by their cells as written (code, a 0x01, the trimmed
    /// name): each distinct one validated and stored once (see `ReturnWho`).
    pub return_who_index: HashMap<Box<str>, u32, BuildHasherDefault<KeyHasher>>,
    /// The enterprises of returns already handed over with earlier parts (a worker of a
    /// parallel parse): `ParsedReturn::who` counts them first, so the index above stays
    /// valid from file to file and each enterprise is validated once per worker.
    handed_over: Vec<ReturnWho>,
    /// The bytes of the last file read, kept for the next one's.
    pub file_buffer: Vec<u8>,
    /// Per returns' enterprise (as `ParsedReturn::who` counts them): its key in
    /// `return_who_index` ("" when it has none) and the enterprise that followed it last.
    return_who_keys: Vec<(Box<str>, u32)>,
    /// The enterprise of the last return read (`u32::MAX`: none yet).
    return_who_last: u32,
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
            return_period: options.period,
            return_who_index: HashMap::default(),
            handed_over: Vec::new(),
            file_buffer: Vec::new(),
            return_who_keys: Vec::new(),
            return_who_last: u32::MAX,
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

/// What a parser gathered beside its output while reading one file on its own (a part of
/// a parallel parse), and what could make the part differ from a serial parse. The part's
/// `return_who` holds the enterprises new in it; its returns' `who` count the worker's
/// earlier parts' enterprises first.
pub struct PartState {
    /// Regions named in the file's name and titles.
    pub named_regions: Vec<u32>,
    /// Regions of its "全市" rows.
    pub whole_cities: Vec<u32>,
    /// True when it lists enterprises (duplicates are found across files).
    pub listed_enterprises: bool,
    /// Suggestions made for unknown names (capped across the whole import).
    pub suggested: usize,
}

impl Parser<'_> {
    /// A returns' enterprise by its index (`ParsedReturn::who`).
    pub fn return_who(&self, i: u32) -> &ReturnWho {
        let i = i as usize;
        match self.handed_over.get(i) {
            Some(w) => w,
            None => &self.out.return_who[i - self.handed_over.len()],
        }
    }

    /// The enterprise that followed the last return's last time, when its key passes
    /// `is_it` (then it is the last one from now on).
    pub fn return_who_guess(&mut self, is_it: impl Fn(&str) -> bool) -> Option<u32> {
        let (_, next) = self.return_who_keys.get(self.return_who_last as usize)?;
        let (key, _) = self.return_who_keys.get(*next as usize)?;
        if !is_it(key) {
            return None;
        }
        self.return_who_last = *next;
        Some(*next)
    }

    /// Records `who` as the enterprise of the return just read.
    pub fn return_who_seen(&mut self, who: u32) {
        if let Some((_, next)) = self.return_who_keys.get_mut(self.return_who_last as usize) {
            *next = who;
        }
        self.return_who_last = who;
    }

    /// Records the enterprise just added (index [`Parser::next_return_who`] before it
    /// was) under `key`, as the enterprise of the return just read.
    pub fn return_who_added(&mut self, key: &str) {
        let who = self.return_who_keys.len() as u32;
        self.return_who_keys.push((key.into(), u32::MAX));
        self.return_who_seen(who);
    }

    /// The index the next new returns' enterprise gets.
    pub fn next_return_who(&self) -> u32 {
        (self.handed_over.len() + self.out.return_who.len()) as u32
    }

    /// Takes the output and the per-file state, leaving the parser ready for the next file
    /// with `empty` as its output.
    pub fn take_part(&mut self, empty: ParsedImport) -> (ParsedImport, PartState) {
        self.sources.clear();
        self.handed_over.extend(self.out.return_who.iter().cloned());
        let state = PartState {
            named_regions: std::mem::take(&mut self.named_regions),
            whole_cities: std::mem::take(&mut self.whole_cities),
            listed_enterprises: !std::mem::take(&mut self.enterprise_codes).is_empty(),
            suggested: self.names.take_suggested(),
        };
        (std::mem::replace(&mut self.out, empty), state)
    }
}

impl Parser<'_> {
    /// Notes, once per sheet, figures for a period after the import date (a typo in the
    /// year, or a forecast): not an error, since targets and forecasts are imported too.
    pub fn notice_future_periods(&mut self) {
        let today = self.imported_on;
        let now = (today.year(), today.month());
        // Per sheet: how many, the latest period (with its basis, for its label), and the
        // first one's index.
        let mut per_sheet: Vec<(u32, usize, (Period, Basis), usize)> = Vec::new();
        for (i, f) in self.out.figures.iter().enumerate() {
            if (f.period.year(), f.period.month()) <= now {
                continue;
            }
            match per_sheet.iter_mut().find(|(sheet, ..)| *sheet == f.sheet) {
                Some((_, n, latest, _)) => {
                    *n += 1;
                    *latest = (*latest).max((f.period, f.basis));
                }
                None => per_sheet.push((f.sheet, 1, (f.period, f.basis), i)),
            }
        }
        for (_, n, (latest, basis), first) in per_sheet {
            let at = self.out.location(&self.out.figures[first]);
            let message = Said::new(
                format!(
                    "{n}个数据的时期晚于今天（{today}），最晚为{}：数据尚未发布，请检查年份和月份是否写错（如为预测或目标值，可忽略此提示）",
                    latest.label_with_year(basis, Lang::Zh)
                ),
                format!(
                    "{n} figure(s) are for a period after today ({today}), the latest {}: not published yet; check the year and month (if they are forecasts or targets, ignore this)",
                    latest.label_with_year(basis, Lang::En)
                ),
            );
            self.notice(at, message);
        }
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
