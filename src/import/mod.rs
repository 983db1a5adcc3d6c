//! Importing statistics and the bureau's lists from CSV/TSV and XLSX files (SPEC §4).
//!
//! The contract:
//! - **Formats and encodings are detected, not asked**: XLSX by its zip bytes (every sheet,
//!   merged header cells spread over the cells they cover, numbers stored as text read as
//!   numbers), text as UTF-8 with or without BOM, UTF-16 with BOM, or GBK/GB18030; the
//!   delimiter (comma, tab, semicolon) is sniffed.
//! - **Layouts**: long (one figure per row: 地区/指标/行业/时期/口径/数值/单位/来源 or the
//!   English headers), the bulletin (title line naming year, indicator and unit; regions
//!   down; periods across in any form: "1-2月", "1—3月", "1-4月累计", "2023年1-4月", "4月",
//!   "2023-04", "Jan-Apr", 一季度/上半年/前三季度/全年 and a year alone ("2023年") as
//!   year to date, or 比上年同月/比上年同期 under a title naming the month; 全省/全区/全市/
//!   全国 rows), and the enterprise, service-request and financing lists. Year, indicator,
//!   basis and unit come from the cells, the title lines, the file name, then
//!   [`ImportOptions`]. A "%" alone never makes a column growth (占全省比重 is in % too;
//!   shares and ranks are not imported); 全年/年度 name a title's period only right after
//!   its year, and a span in a file name gives no basis. A long table with a 年度 column
//!   and no 时期 is the title's month of each year, else the whole year (1—12月).
//! - **Values**: see [`values`]: "—", "-", "…" and empty cells are missing (skipped, never
//!   zero); "1 234,5" is an error. A January figure is an error (1–2月 convention). A
//!   figure for a month after the import date is a notice (a typo, or a forecast).
//! - **Dates** in the lists: workbook dates converted by calamine (1900 and 1904 systems),
//!   text in any common form; a number formatted as a date that is no date (0, negative,
//!   huge) and any date outside 1990-01-01..=2100-12-31 is a located error.
//! - **Errors are located and all listed**: file, sheet, row as a spreadsheet shows it (the
//!   file's first line is row 1), column letter and header, the cell's text and the reason;
//!   capped at [`issue::MAX_LISTED`] with the number left off. Unknown names say what they
//!   are closest to.
//! - **All or nothing**: [`parse`] touches no dataset; [`plan`] only reads one; [`commit`]
//!   writes everything in one transaction and only when there are no errors, and no
//!   conflicts unless `replace` is set. A new dataset is built under a temporary name and
//!   renamed, so on any error the dataset file is byte-for-byte unchanged (or absent).
//! - A figure that exists with the same value is unchanged; with another value it is a
//!   conflict, replaced only with `replace`. Every import records one source per sheet (the
//!   file name, the import date, not illustrative), cited by what it wrote.
//! - An enterprise list gives only the columns it has: for an enterprise already in the
//!   dataset (same credit code) a missing 行业, 地区, 包联领导 or flag column keeps the stored
//!   value, so a list of names and codes conflicts with nothing ([`EnterpriseColumns`]). A
//!   request or deal that gives both a name and a credit code must give one enterprise's.
//! - **Investment-project lists** (投资项目, see `projects.rs`): 项目名称 beside an enterprise
//!   and 计划总投资 / 年度计划投资 / 本年累计完成投资 / 上年同期完成投资 (万元, other money units
//!   converted); the period from each row's 时期, else the title, a "1-N月完成投资" header,
//!   the file name or [`ImportOptions::period`]. A project names an enterprise of the
//!   register or of the same import (it never adds one); the key is (enterprise, project,
//!   period). A negative amount is an error, 本年完成 above 计划总投资 a notice.
//! - **满意度** in a request list (满意/基本满意/不满意, empty: not rated): another word is an
//!   error listing these; a list without the column keeps the stored requests' ratings.
//! - **Enterprise monthly returns** (企业月报, see [`returns`]) are recognised by a credit
//!   code or name column beside indicator columns (工业总产值 … 从业人员, merged over 本月 /
//!   本年累计 / 上年同期 / 同比增长, or joined: "工业总产值本年累计(万元)") or by the long
//!   layout (代码, 名称, 指标, 时期, 本期值, 上年同期值, 本月值); values are brought into 万元
//!   / 万千瓦时 / 人. Their period comes from the title, a header, the file name, then
//!   [`ImportOptions::period`]. Each return is matched to the register by credit code, else
//!   by exact name; an enterprise the register lacks is added (规上, home region) and
//!   listed in the report. A return value that differs from the stored one is a conflict;
//!   a blank cell keeps the stored value.
//! - **Annual targets** (年度目标, see `targets.rs`): 地区, 指标, 年份 (else the title's, the
//!   file name's or [`ImportOptions::year`]) and 目标 — "增长8%", "8%" for a rate indicator,
//!   "下降2%", "1200亿元" (converted to the indicator's unit), a bare number in the 目标
//!   header's unit. "8%" for a level and a unit of another kind are located errors. The key
//!   is (region, indicator, year): another value is a conflict; the same key twice in the
//!   import with other values is an error naming the first row.
//!
//! The three steps are separate so a window can parse on a worker thread, preview the
//! result, show progress ([`Progress`]) and ask before replacing; [`run`] does all three.

pub mod context;
pub mod decode;
mod figures;
pub mod issue;
pub mod layout;
pub mod names;
mod owners;
pub mod parsed;
mod parser;
mod plan;
mod processor;
mod projects;
mod read;
mod register;
pub mod returns;
pub mod rows;
mod sheet;
mod stream;
mod targets;
pub mod values;
mod write;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

pub use decode::TextEncoding;
pub use issue::{Capped, Issue, IssueKind, Location, Notice, Said};
pub use parsed::{
    DealRow, EnterpriseColumns, EnterpriseRef, EnterpriseRow, FileSummary, ParsedFigure,
    ParsedImport, ProjectRow, RequestRow, SheetLayout, SheetSummary, SourceDraft, SubjectRef,
    TargetRow,
};
pub use plan::{Conflict, Counts, ImportPlan, plan};
pub use returns::ReturnCounts;
pub use write::{ImportReport, commit};

use crate::model::enterprise::Date;
use crate::model::{Basis, Catalogue, Lang};
use crate::store::{Dataset, StoreError};

/// What the user tells the importer (CLI flags or the wizard's fields). Everything is a
/// fallback: what the file itself says wins.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The year, for periods that do not name one ("1-4月").
    pub year: Option<i32>,
    /// The indicator (code or any name), for files that do not name one.
    pub indicator: Option<String>,
    /// The basis, for periods that do not imply one ("2023-04").
    pub basis: Option<Basis>,
    /// The period of enterprise returns whose title, headers and file name name none.
    pub period: Option<crate::model::Period>,
    /// The home region of a new dataset (any name); chosen from the files when absent.
    pub home_region: Option<String>,
    /// The import date recorded in sources (today when absent; fixed in tests).
    pub imported_on: Option<Date>,
    /// Progress and cancellation, shared with a window.
    pub progress: Progress,
}

/// The step an import is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Not started.
    Idle,
    /// Reading files (units: bytes).
    Reading,
    /// Comparing with the dataset (units: figures and rows).
    Checking,
    /// Writing (units: figures and rows).
    Writing,
    /// Finished.
    Done,
}

#[derive(Debug, Default)]
struct ProgressState {
    done: AtomicU64,
    total: AtomicU64,
    stage: AtomicU8,
    cancelled: AtomicBool,
}

/// Progress of an import, readable from another thread (`done` of `total` units of the
/// current [`Stage`]), and its cancel switch. Clones share the same state.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<ProgressState>);

impl Progress {
    /// A fresh progress.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Units done in the current stage.
    pub fn done(&self) -> u64 {
        self.0.done.load(Ordering::Relaxed)
    }

    /// Units in the current stage.
    pub fn total(&self) -> u64 {
        self.0.total.load(Ordering::Relaxed)
    }

    /// Done ÷ total, 0 to 1.
    pub fn fraction(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            0.0
        } else {
            (self.done() as f64 / total as f64).min(1.0)
        }
    }

    /// The current stage.
    pub fn stage(&self) -> Stage {
        match self.0.stage.load(Ordering::Relaxed) {
            1 => Stage::Reading,
            2 => Stage::Checking,
            3 => Stage::Writing,
            4 => Stage::Done,
            _ => Stage::Idle,
        }
    }

    /// Asks the import to stop; it stops at the next check and writes nothing.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }

    /// True once [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }

    pub(crate) fn begin(&self, stage: Stage, total: u64) {
        let code = match stage {
            Stage::Idle => 0,
            Stage::Reading => 1,
            Stage::Checking => 2,
            Stage::Writing => 3,
            Stage::Done => 4,
        };
        self.0.done.store(0, Ordering::Relaxed);
        self.0.total.store(total, Ordering::Relaxed);
        self.0.stage.store(code, Ordering::Relaxed);
    }

    pub(crate) fn set_done(&self, done: u64) {
        self.0.done.store(done, Ordering::Relaxed);
    }
}

/// Why an import did not happen. In every case the dataset is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The files have errors.
    #[error("{}", invalid_message(.0, Lang::En))]
    Invalid(Capped<Issue>),
    /// Figures or rows differ from the dataset and `replace` was not given.
    #[error("{}", conflicts_message(.0, Lang::En))]
    Conflicts(Capped<Conflict>),
    /// The dataset cannot be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The dataset changed between the check and the commit.
    #[error("{path}: the dataset changed since the import was checked; check it again", path = .0.display())]
    Stale(PathBuf),
    /// The user cancelled.
    #[error("import cancelled; the dataset is unchanged")]
    Cancelled,
}

impl ImportError {
    /// The message in `lang` (English is the `Display` text), every located error and
    /// conflict listed in that language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ImportError::Invalid(errors) => invalid_message(errors, lang),
            ImportError::Conflicts(conflicts) => conflicts_message(conflicts, lang),
            ImportError::Store(e) => e.message(lang),
            ImportError::Stale(path) => {
                format!("{}：检查之后数据集已有改动；请重新检查", path.display())
            }
            ImportError::Cancelled => "导入已取消，数据集保持不变".to_string(),
        }
    }
}

fn invalid_message(errors: &Capped<Issue>, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!(
            "发现{}处错误，未导入任何数据，数据集保持不变：\n",
            errors.total()
        ),
        Lang::En => format!(
            "{} error(s); nothing was imported and the dataset is unchanged:\n",
            errors.total()
        ),
    };
    let _ = errors.write_lines_in(&mut s, "  ", lang, Issue::text);
    s.trim_end().to_string()
}

fn conflicts_message(conflicts: &Capped<Conflict>, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!(
            "{}个数据或记录与数据集中的不同，未导入任何数据，数据集保持不变（如需替换，请使用 --replace）：\n",
            conflicts.total()
        ),
        Lang::En => format!(
            "{} figure(s) or row(s) differ from the dataset; nothing was imported and the dataset is unchanged (pass --replace to replace them):\n",
            conflicts.total()
        ),
    };
    let _ = conflicts.write_lines_in(&mut s, "  ", lang, Conflict::text);
    s.trim_end().to_string()
}

/// Reads files against a catalogue: figures, list rows, errors and notices. Touches no
/// dataset, so it can run on a worker thread and be previewed. Several files are read in
/// parallel, one per core, with the same result (and messages, in file order) as one by one.
pub fn parse(files: &[PathBuf], catalogue: &Catalogue, options: &ImportOptions) -> ParsedImport {
    read::parse(files, catalogue, options)
}

/// Reads one file given by name (its extension and stem count as on disk) and contents,
/// without touching the file system; otherwise as [`parse`]. The fuzzers' entry point.
pub fn parse_bytes(
    name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    options: &ImportOptions,
) -> ParsedImport {
    read::parse_bytes(name, bytes, catalogue, options)
}

/// Imports files into the dataset at `dataset_path` (created when absent): parse, check
/// against the dataset opened read-only, then commit — or, with `dry_run`, report what
/// would happen without writing. Errors and (without `replace`) conflicts are an `Err`.
pub fn run(
    files: &[PathBuf],
    dataset_path: &Path,
    options: &ImportOptions,
    replace: bool,
    dry_run: bool,
) -> Result<ImportReport, ImportError> {
    // A server address always names an existing dataset (opening says when it holds none).
    let existing = if dataset_path.exists() || crate::store::server::is_address(dataset_path) {
        Some(Dataset::open_read_only(dataset_path)?)
    } else {
        None
    };
    let catalogue = match &existing {
        Some(ds) => ds.catalogue().clone(),
        None => crate::model::catalogue::builtin().clone(),
    };
    // A province's history into a server dataset: written while it is read, when that
    // gives what the usual way would (see `stream`).
    let streamed = match &existing {
        Some(ds) if !dry_run => stream::run(files, dataset_path, ds, options, replace)?,
        _ => None,
    };
    let plan = match streamed {
        Some(stream::Streamed::Written(report)) => return Ok(*report),
        Some(stream::Streamed::Planned(plan)) => *plan,
        Some(stream::Streamed::Parsed(parsed)) => plan(*parsed, existing.as_ref())?,
        None => plan(parse(files, &catalogue, options), existing.as_ref())?,
    };
    // Close the read-only connection before the file is written.
    drop(existing);
    plan.check(replace)?;
    if dry_run {
        let mut report = plan.report(replace, true);
        report.dataset = dataset_path.to_path_buf();
        return Ok(report);
    }
    commit(&plan, dataset_path, replace)
}
