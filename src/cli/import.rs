//! `industry-monitor import --into DATASET FILE... [--replace] [--year Y] [--indicator CODE]
//! [--basis month|ytd] [--period YYYY-MM] [--dry-run] [--home REGION] [--lang zh|en]` (SPEC
//! §7): imports CSV/TSV/XLSX files, creating the dataset when the path does not exist
//! (`--home` names its home region). `--period` is the period of enterprise monthly returns
//! (企业月报) and of investment-project lists (投资项目) whose title, headers and file name
//! name none. The report counts each kind of record (figures, enterprises, requests, deals,
//! investment projects, annual targets, returns) added, replaced, unchanged and in conflict.
//!
//! Exit status 0 with the report on stdout; 1 with every located error (or every conflict,
//! without --replace) on stderr and the dataset untouched; 2 for usage errors (clap). The
//! report and the errors are in `--lang` (Chinese by default, like `summary` and `check`).

use std::path::PathBuf;

use crate::import::{self, ImportOptions};
use crate::model::{Basis, Lang, Period};

/// Options of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The dataset to import into; created (with the built-in catalogue) when absent.
    #[arg(long = "into", value_name = "DATASET")]
    pub into: PathBuf,
    /// CSV, TSV or XLSX files: figures (long or bulletin layout) or enterprise, service-request
    /// (with an optional 满意度 column), financing, investment-project and annual-target lists.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Replace figures and rows that differ from the dataset (otherwise they are conflicts).
    #[arg(long)]
    pub replace: bool,
    /// Year of periods that name none (1-4月) and of targets lists without a 年份 column,
    /// unless the title or file name gives it.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1949..=2100))]
    pub year: Option<i32>,
    /// Indicator (code or name) of files that name none, e.g. va_growth.
    #[arg(long, value_name = "CODE")]
    pub indicator: Option<String>,
    /// Basis of periods that imply none (2023-04): month or ytd.
    #[arg(long, value_parser = parse_basis)]
    pub basis: Option<Basis>,
    /// Period of enterprise monthly returns and investment-project lists that name none
    /// (2023-04 is 1—4月), unless a 时期 cell, the title, a header or the file name does.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_period)]
    pub period: Option<Period>,
    /// Check and report without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Home region of a new dataset (name, short name, English name or code); without it the
    /// region is taken from the files (file name, title, 全市 rows, industry figures …).
    #[arg(long, value_name = "REGION")]
    pub home: Option<String>,
    /// Language of the report and the errors.
    #[arg(long, default_value = "zh", value_parser = super::parse_lang)]
    pub lang: Lang,
}

fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
        .map_err(|e: crate::model::PeriodError| e.to_string())
}

fn parse_basis(s: &str) -> Result<Basis, String> {
    s.parse()
        .map_err(|e: crate::model::PeriodError| e.to_string())
}

/// Runs `import`.
pub fn run(args: &ImportArgs) -> Result<(), super::CliError> {
    if args.home.is_some() && (args.into.exists() || crate::store::server::is_address(&args.into)) {
        let path = args.into.display();
        return Err(super::CliError::Failed(match args.lang {
            Lang::Zh => format!(
                "{path}：数据集已存在，保留其本地地区；--home只用于导入时新建数据集（请去掉该选项，或导入到新文件）"
            ),
            Lang::En => format!(
                "{path}: the dataset exists and keeps its home region; --home only applies when \
                 import creates a new dataset (leave it out, or import into a new file)"
            ),
        }));
    }
    let options = ImportOptions {
        year: args.year,
        indicator: args.indicator.clone(),
        basis: args.basis,
        period: args.period,
        home_region: args.home.clone(),
        ..ImportOptions::default()
    };
    let report = import::run(
        &args.files,
        &args.into,
        &options,
        args.replace,
        args.dry_run,
    )
    .map_err(|e| super::CliError::Failed(e.message(args.lang)))?;
    super::emit(report.text(args.lang))
}
