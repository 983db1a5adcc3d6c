//! What parsing found, before any dataset is touched: figures (compact, so a million fit in
//! tens of megabytes), register rows, the sources they will cite, and every error and
//! notice. A GUI previews this in a table; [`super::plan`] compares it with a dataset.

use super::decode::TextEncoding;
use super::issue::{Capped, Issue, Location, Notice};
use crate::model::enterprise::Date;
use crate::model::{Basis, Catalogue, Enterprise, Lang, Period};

/// What a figure is about, by index into the parse's catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectRef {
    /// The region as a whole.
    Whole,
    /// One industry (index into `catalogue.industries`).
    Industry(u32),
    /// An industry group's published figure (index into `catalogue.groups`).
    Group(u32),
}

/// One figure read from a file. Names are indices into [`ParsedImport::catalogue`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedFigure {
    /// The value, converted to the indicator's unit.
    pub value: f64,
    /// Index into `catalogue.regions`.
    pub region: u32,
    /// Index into `catalogue.indicators`.
    pub indicator: u32,
    /// Whole, industry or group.
    pub subject: SubjectRef,
    /// Month or year to date.
    pub basis: Basis,
    /// The period.
    pub period: Period,
    /// Index into [`ParsedImport::sheets`].
    pub sheet: u32,
    /// Row as a spreadsheet shows it.
    pub row: u32,
    /// 0-based column of the value cell.
    pub column: u32,
    /// Index into [`ParsedImport::sources`].
    pub source: u32,
}

impl ParsedFigure {
    /// A key that is equal exactly when two figures are the same observation.
    pub(crate) fn key(&self) -> u64 {
        let (kind, subject) = match self.subject {
            SubjectRef::Whole => (0u64, 0u64),
            SubjectRef::Industry(i) => (1, u64::from(i)),
            SubjectRef::Group(g) => (2, u64::from(g)),
        };
        // 22 + 10 + 2 + 14 + 1 + 8 + 4 = 61 bits; catalogues are far below these limits
        // (checked when the catalogue is indexed).
        (u64::from(self.region) << 39)
            | (u64::from(self.indicator) << 29)
            | (kind << 27)
            | (subject << 13)
            | (u64::from(self.basis == Basis::Ytd) << 12)
            | ((u64::from((self.period.year() - 1949) as u32) & 0xFF) << 4)
            | u64::from(self.period.month())
    }
}

/// The layout a sheet was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetLayout {
    /// One row per figure (地区/指标/行业/时期/口径/数值/单位/来源).
    Long,
    /// The bulletin: regions down, periods (or one value column) across.
    Wide,
    /// The enterprise register.
    Enterprises,
    /// Service requests (诉求).
    Requests,
    /// Financing deals (银企对接).
    Deals,
    /// Investment projects (投资项目).
    Projects,
    /// Annual targets (年度目标).
    Targets,
    /// Enterprise monthly returns, one row per enterprise (企业月报).
    Returns,
    /// Enterprise monthly returns, one row per enterprise × indicator × period.
    ReturnsLong,
    /// Nothing recognised: skipped with a notice.
    Skipped,
}

impl SheetLayout {
    /// A short label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SheetLayout::Long, Lang::Zh) => "长表（每行一个数据）",
            (SheetLayout::Wide, Lang::Zh) => "通报表（地区×时期）",
            (SheetLayout::Enterprises, Lang::Zh) => "企业名录",
            (SheetLayout::Requests, Lang::Zh) => "企业诉求",
            (SheetLayout::Deals, Lang::Zh) => "银企对接",
            (SheetLayout::Projects, Lang::Zh) => "投资项目",
            (SheetLayout::Targets, Lang::Zh) => "年度目标",
            (SheetLayout::Returns, Lang::Zh) => "企业月报（每行一家企业）",
            (SheetLayout::ReturnsLong, Lang::Zh) => "企业月报长表（每行一个指标）",
            (SheetLayout::Skipped, Lang::Zh) => "已跳过",
            (SheetLayout::Long, Lang::En) => "long (one figure per row)",
            (SheetLayout::Wide, Lang::En) => "bulletin (regions × periods)",
            (SheetLayout::Enterprises, Lang::En) => "enterprise list",
            (SheetLayout::Requests, Lang::En) => "service requests",
            (SheetLayout::Deals, Lang::En) => "financing deals",
            (SheetLayout::Projects, Lang::En) => "investment projects",
            (SheetLayout::Targets, Lang::En) => "annual targets",
            (SheetLayout::Returns, Lang::En) => "monthly returns (one enterprise per row)",
            (SheetLayout::ReturnsLong, Lang::En) => "monthly returns, long (one indicator per row)",
            (SheetLayout::Skipped, Lang::En) => "skipped",
        }
    }
}

/// One file read.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSummary {
    /// The path given.
    pub path: std::path::PathBuf,
    /// The name used in messages.
    pub name: String,
    /// The text encoding detected (None for a workbook or an unreadable file).
    pub encoding: Option<TextEncoding>,
    /// The delimiter of a text file.
    pub delimiter: Option<char>,
}

/// One sheet (a CSV/TSV file is one sheet without a name).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSummary {
    /// Index into [`ParsedImport::files`].
    pub file: usize,
    /// The sheet's name in a workbook.
    pub name: Option<String>,
    /// How it was read.
    pub layout: SheetLayout,
    /// The title line(s) found above the table.
    pub title: Option<String>,
    /// Header text per column (empty where none), for locations.
    pub headers: Vec<String>,
    /// Rows read.
    pub rows: u64,
    /// Figures or list rows taken from it (return rows: enterprise × period).
    pub records: u64,
    /// The period of a returns sheet, when the sheet (or the options) name one.
    pub period: Option<Period>,
}

/// A source the import will record, cited by its figures and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDraft {
    /// Index into [`ParsedImport::files`].
    pub file: usize,
    /// The file's name (the source's title).
    pub title: String,
    /// Who published the figures, from a 来源 column or the title.
    pub publisher: String,
    /// What else a reader needs: the sheet, the bulletin's title, the import date.
    pub note: String,
}

/// How a request or deal names its enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnterpriseRef {
    /// By unified social credit code (validated).
    Code(String),
    /// By registered name.
    Name(String),
    /// By both: the code finds the enterprise, and the name must be that enterprise's
    /// (else the plan reports [`super::IssueKind::EnterpriseMismatch`] at `name_at`).
    Both {
        /// The credit code (validated).
        code: String,
        /// The name as written.
        name: String,
        /// Where the name is.
        name_at: Location,
    },
}

impl EnterpriseRef {
    /// The credit code, when the row gives one.
    pub fn code(&self) -> Option<&str> {
        match self {
            EnterpriseRef::Code(c) | EnterpriseRef::Both { code: c, .. } => Some(c),
            EnterpriseRef::Name(_) => None,
        }
    }

    /// The name, when the row gives one.
    pub fn name(&self) -> Option<&str> {
        match self {
            EnterpriseRef::Name(n) | EnterpriseRef::Both { name: n, .. } => Some(n),
            EnterpriseRef::Code(_) => None,
        }
    }
}

impl std::fmt::Display for EnterpriseRef {
    /// The credit code when there is one (it decides), else the name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnterpriseRef::Code(c) | EnterpriseRef::Both { code: c, .. } => write!(f, "{c}"),
            EnterpriseRef::Name(n) => write!(f, "{n}"),
        }
    }
}

/// Which of an enterprise's optional fields its row gives.
///
/// A column the file does not have gives nothing: an enterprise the dataset already has
/// (same credit code) keeps its stored value, a new one gets the default — 否 for a flag, no
/// industry, no official, and the region from the credit code's division code, else the
/// dataset's home region. A column the file has gives its cell's value even when the cell
/// is empty: an empty flag cell is 否 (as a list marks only the 是 rows), an empty 行业 or
/// 包联领导 cell clears the industry or the official. The region is the exception, since an
/// enterprise always has one: an empty 地区 cell gives nothing, like an absent column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnterpriseColumns {
    /// 行业 (industry).
    pub industry: bool,
    /// 地区 (region): the column, with a name in the row's cell.
    pub region: bool,
    /// 规上 (above designated size).
    pub above_size: bool,
    /// 新兴产业 (emerging).
    pub emerging: bool,
    /// 专精特新 (SRDI).
    pub srdi: bool,
    /// 重点帮扶 (key support).
    pub key_support: bool,
    /// 民营 (private).
    pub private: bool,
    /// 包联领导 (the paired official).
    pub official: bool,
}

impl EnterpriseColumns {
    /// Every column present.
    pub const ALL: EnterpriseColumns = EnterpriseColumns {
        industry: true,
        region: true,
        above_size: true,
        emerging: true,
        srdi: true,
        key_support: true,
        private: true,
        official: true,
    };

    /// `given` (a row of a list with these columns) laid over `stored` (the enterprise with
    /// the same credit code in the dataset): what the list gives, and the stored value of
    /// every field whose column it lacks. The id is the stored one.
    pub fn merge(&self, given: &Enterprise, stored: &Enterprise) -> Enterprise {
        let pick = |has: bool, new: bool, old: bool| if has { new } else { old };
        Enterprise {
            id: stored.id,
            name: given.name.clone(),
            credit_code: given.credit_code.clone(),
            industry: if self.industry {
                given.industry.clone()
            } else {
                stored.industry.clone()
            },
            region: if self.region {
                given.region.clone()
            } else {
                stored.region.clone()
            },
            above_size: pick(self.above_size, given.above_size, stored.above_size),
            emerging: pick(self.emerging, given.emerging, stored.emerging),
            srdi: pick(self.srdi, given.srdi, stored.srdi),
            key_support: pick(self.key_support, given.key_support, stored.key_support),
            private: pick(self.private, given.private, stored.private),
            official: if self.official {
                given.official.clone()
            } else {
                stored.official.clone()
            },
        }
    }
}

/// An enterprise row.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseRow {
    /// The enterprise (id 0; an empty region means "the dataset's home region"). Fields
    /// whose column the list lacks hold their default; see [`EnterpriseColumns`].
    pub enterprise: Enterprise,
    /// The optional fields the row gives (the list's columns, less an empty 地区 cell).
    pub columns: EnterpriseColumns,
    /// Where it was read.
    pub at: Location,
    /// Index into [`ParsedImport::sources`].
    pub source: u32,
}

/// A service-request row.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRow {
    /// The enterprise it is for.
    pub enterprise: EnterpriseRef,
    /// When it was raised.
    pub raised_on: Date,
    /// Category code.
    pub category: String,
    /// What was asked.
    pub text: String,
    /// Where it stands.
    pub status: crate::model::RequestStatus,
    /// When it was resolved.
    pub resolved_on: Option<Date>,
    /// 满意度: None for an empty cell (not rated) or a list without the column.
    pub satisfaction: Option<crate::model::Satisfaction>,
    /// True when the list has a 满意度 column: without one, a request the dataset already
    /// has keeps its stored rating and the rating is not compared.
    pub satisfaction_given: bool,
    /// Where it was read.
    pub at: Location,
    /// Index into [`ParsedImport::sources`].
    pub source: u32,
}

/// A financing-deal row.
#[derive(Debug, Clone, PartialEq)]
pub struct DealRow {
    /// The enterprise it is for.
    pub enterprise: EnterpriseRef,
    /// The bank.
    pub bank: String,
    /// Amount, 万元.
    pub amount_10k_yuan: f64,
    /// Date signed.
    pub signed_on: Date,
    /// signed / disbursed / cancelled.
    pub status: String,
    /// Where it was read.
    pub at: Location,
    /// Index into [`ParsedImport::sources`].
    pub source: u32,
}

/// An investment-project row: one project's figures for a period (万元, year to date).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRow {
    /// The enterprise it belongs to.
    pub enterprise: EnterpriseRef,
    /// 项目名称 (trimmed).
    pub name: String,
    /// The period the figures run to.
    pub period: Period,
    /// 计划总投资, 万元.
    pub planned_total: Option<f64>,
    /// 年度计划投资, 万元.
    pub planned_year: Option<f64>,
    /// 本年累计完成投资, 万元.
    pub done_ytd: Option<f64>,
    /// 上年同期完成投资, 万元.
    pub done_last: Option<f64>,
    /// Which of the four amounts the list has a column for ([`ProjectRow::amounts`]
    /// order): a column the list lacks keeps a stored project's value.
    pub given: [bool; 4],
    /// Where it was read.
    pub at: Location,
    /// The cell naming the enterprise (its code, else its name), for an unknown one.
    pub enterprise_at: Location,
    /// Index into [`ParsedImport::sources`].
    pub source: u32,
}

impl ProjectRow {
    /// The four amounts in the order of the list's columns.
    pub fn amounts(&self) -> [Option<f64>; 4] {
        [
            self.planned_total,
            self.planned_year,
            self.done_ytd,
            self.done_last,
        ]
    }
}

/// An annual-target row (年度目标): a region's goal for an indicator in a year.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    /// Index into `catalogue.regions` ([`super::parser::UNRESOLVED`] for a 全市-style row
    /// whose region could not be told).
    pub region: u32,
    /// Index into `catalogue.indicators`.
    pub indicator: u32,
    /// The year.
    pub year: i32,
    /// The target, a level in the indicator's unit.
    pub value: crate::model::target::TargetValue,
    /// Where it was read (the target's cell).
    pub at: Location,
    /// Index into [`ParsedImport::sources`].
    pub source: u32,
}

/// Everything parsing found (see the module comment).
#[derive(Debug, Clone)]
pub struct ParsedImport {
    /// The catalogue the figures' indices refer to.
    pub catalogue: Catalogue,
    /// The files, in the order given.
    pub files: Vec<FileSummary>,
    /// Every sheet read.
    pub sheets: Vec<SheetSummary>,
    /// The figures, in file order.
    pub figures: Vec<ParsedFigure>,
    /// Enterprise rows.
    pub enterprises: Vec<EnterpriseRow>,
    /// Service-request rows.
    pub requests: Vec<RequestRow>,
    /// Financing-deal rows.
    pub deals: Vec<DealRow>,
    /// Investment-project rows.
    pub projects: Vec<ProjectRow>,
    /// Annual-target rows.
    pub targets: Vec<TargetRow>,
    /// Enterprise monthly returns (compact: see [`super::returns`]).
    pub returns: Vec<super::returns::ParsedReturn>,
    /// The enterprises the returns name, as written, each once (indexed by
    /// `ParsedReturn::who`).
    pub return_who: Vec<super::returns::ReturnWho>,
    /// Per returns sheet, the columns of its enterprises and value slots, so an error or a
    /// conflict names its cell.
    pub return_columns: Vec<super::returns::ReturnColumns>,
    /// The sources to record.
    pub sources: Vec<SourceDraft>,
    /// Every error found (capped list with the full count).
    pub errors: Capped<Issue>,
    /// Things skipped or assumed.
    pub notices: Capped<Notice>,
    /// Region indices that suggest the home region of a new dataset, best first.
    pub(crate) home_hints: Vec<u32>,
    /// Progress of the import this belongs to.
    pub(crate) progress: super::Progress,
}

impl ParsedImport {
    /// True when nothing stops the import (conflicts are found later, by the plan).
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Where a figure was read.
    pub fn location(&self, figure: &ParsedFigure) -> Location {
        let sheet = self.sheets.get(figure.sheet as usize);
        let file = sheet
            .and_then(|s| self.files.get(s.file))
            .map(|f| f.name.clone())
            .unwrap_or_default();
        Location {
            file,
            sheet: sheet.and_then(|s| s.name.clone()),
            row: Some(u64::from(figure.row)),
            column: Some(figure.column),
            column_name: sheet.and_then(|s| s.headers.get(figure.column as usize).cloned()),
        }
    }

    /// A figure described in words: region, indicator, subject, period and basis.
    pub fn describe(&self, figure: &ParsedFigure, lang: Lang) -> String {
        let cat = &self.catalogue;
        let region = cat
            .regions
            .get(figure.region as usize)
            .map(|r| r.name(lang).to_string())
            .unwrap_or_default();
        let indicator = cat
            .indicators
            .get(figure.indicator as usize)
            .map(|i| i.name(lang).to_string())
            .unwrap_or_default();
        let subject = match figure.subject {
            SubjectRef::Whole => String::new(),
            SubjectRef::Industry(i) => cat
                .industries
                .get(i as usize)
                .map(|x| format!(" · {}", x.name(lang)))
                .unwrap_or_default(),
            SubjectRef::Group(g) => cat
                .groups
                .get(g as usize)
                .map(|x| format!(" · {}", x.name(lang)))
                .unwrap_or_default(),
        };
        format!(
            "{region} {indicator}{subject} {} ({})",
            figure.period.label_with_year(figure.basis, lang),
            figure.basis.label(lang)
        )
    }

    /// The codes of a figure: region, indicator, subject (model form).
    pub fn codes(&self, figure: &ParsedFigure) -> Option<(String, String, crate::model::Subject)> {
        let cat = &self.catalogue;
        let region = cat.regions.get(figure.region as usize)?.code.clone();
        let indicator = cat.indicators.get(figure.indicator as usize)?.code.clone();
        let subject = match figure.subject {
            SubjectRef::Whole => crate::model::Subject::Whole,
            SubjectRef::Industry(i) => {
                crate::model::Subject::Industry(cat.industries.get(i as usize)?.code.clone())
            }
            SubjectRef::Group(g) => {
                crate::model::Subject::Group(cat.groups.get(g as usize)?.code.clone())
            }
        };
        Some((region, indicator, subject))
    }
}

/// Row ids in one dataset of the parsed catalogue's entries (figures name them by index).
pub(crate) struct DatasetIds {
    regions: Vec<Option<i64>>,
    indicators: Vec<Option<i64>>,
    industries: Vec<Option<i64>>,
    groups: Vec<Option<i64>>,
}

impl DatasetIds {
    /// Maps every entry of `cat` to its row id in the dataset with `ids`.
    pub(crate) fn new(cat: &Catalogue, ids: &crate::store::Ids) -> DatasetIds {
        let map = |codes: Vec<&String>, by: &std::collections::HashMap<String, i64>| {
            codes.into_iter().map(|c| by.get(c).copied()).collect()
        };
        DatasetIds {
            regions: map(cat.regions.iter().map(|r| &r.code).collect(), &ids.regions),
            indicators: map(
                cat.indicators.iter().map(|i| &i.code).collect(),
                &ids.indicators,
            ),
            industries: map(
                cat.industries.iter().map(|i| &i.code).collect(),
                &ids.industries,
            ),
            groups: map(cat.groups.iter().map(|g| &g.code).collect(), &ids.groups),
        }
    }

    /// The stored key of a figure, or the kind of name (地区 region, 指标 indicator, 行业
    /// industry, 产业分组 group; Chinese and English) the dataset's catalogue lacks.
    pub(crate) fn key(
        &self,
        f: &ParsedFigure,
    ) -> Result<crate::store::ObservationKey, (&'static str, &'static str)> {
        type What = (&'static str, &'static str);
        let id = |ids: &[Option<i64>], i: u32, what: What| {
            ids.get(i as usize).copied().flatten().ok_or(what)
        };
        let (industry_id, group_id) = match f.subject {
            SubjectRef::Whole => (0, 0),
            SubjectRef::Industry(x) => (id(&self.industries, x, ("行业", "industry"))?, 0),
            SubjectRef::Group(x) => (0, id(&self.groups, x, ("产业分组", "group"))?),
        };
        Ok(crate::store::ObservationKey {
            region_id: id(&self.regions, f.region, ("地区", "region"))?,
            indicator_id: id(&self.indicators, f.indicator, ("指标", "indicator"))?,
            industry_id,
            group_id,
            basis: f.basis,
            period: f.period,
        })
    }
}
