//! The command line (SPEC §7). Exit status: 0 success, 1 bad input or data (with the
//! located error on stderr), 2 usage errors (clap's own exit code).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::analysis::{self, analyse};
use crate::briefing::{self, summary::key_figures_text};
use crate::model::catalogue::VA_GROWTH;
use crate::model::{Basis, Figures, Lang, Period, Snapshot};
use crate::store::Dataset;

pub mod enterprises;
pub mod evaluate;
pub mod export;
pub mod import;
pub mod transfer;
pub mod warnings;

/// Industry Monitor (工业运行监测): industrial statistics and meeting briefings.
#[derive(Debug, Parser)]
#[command(
    name = "industry-monitor",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A command; without one the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Dataset to open in the window (default: the last one used, else the sample).
    pub dataset: Option<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the bundled sample dataset (Jixi, 2022–2023) to OUT.
    Sample {
        /// Where to write it, e.g. sample.imdb.
        out: PathBuf,
    },
    /// Print the briefing narrative and key figures (or --json).
    Summary(SummaryArgs),
    /// Print the data-quality report (exit 0 whatever it finds).
    Check(CheckArgs),
    /// Write a briefing: PDF, Word, Excel, a PNG chart, Markdown or CSV.
    Export(export::ExportArgs),
    /// Import bulletins and lists (CSV/TSV/XLSX) into a dataset, all or nothing.
    Import(import::ImportArgs),
    /// Print the enterprises' monthly returns of a period: growth, pull, status (or --json).
    Enterprises(enterprises::EnterprisesArgs),
    /// Print the 包联 scorecard of a period: each paired official's growth, investment,
    /// requests, score and rank (or --json).
    Evaluate(evaluate::EvaluateArgs),
    /// Print what needs attention (预警): each warning rule that fires for a period, with
    /// its severity, subject, value and threshold (or --json).
    Warnings(warnings::WarningsArgs),
    /// Copy a dataset file into an empty PostgreSQL database (team mode).
    Push(transfer::PushArgs),
    /// Copy a PostgreSQL server's dataset into a new dataset file.
    Pull(transfer::PullArgs),
}

/// Options of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The dataset file.
    #[arg(long)]
    pub dataset: PathBuf,
    /// Language of the report.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
}

/// What `summary` and `export` are about: a dataset, a region in it and a period.
#[derive(Debug, clap::Args)]
pub struct ScopeArgs {
    /// The dataset file.
    #[arg(long)]
    pub dataset: PathBuf,
    /// Region name, short name, English name or code (default: the dataset's home region).
    #[arg(long)]
    pub region: Option<String>,
    /// Period YYYY-MM: 2023-04 is 1–4月 (ytd) or April (month); 2023-02 is 1–2月 (default:
    /// the latest).
    #[arg(long)]
    pub period: Option<String>,
}

impl ScopeArgs {
    /// Opens the dataset and returns the region's snapshot and the period on `basis`.
    pub fn load(&self, basis: Basis) -> Result<(Snapshot, Period), CliError> {
        self.load_with_dataset(basis)
            .map(|(_, snap, period)| (snap, period))
    }

    /// [`ScopeArgs::load`], keeping the open dataset (for what the snapshot does not hold:
    /// the enterprises' returns).
    pub fn load_with_dataset(&self, basis: Basis) -> Result<(Dataset, Snapshot, Period), CliError> {
        let (ds, snap) = self.open()?;
        let period = resolve_period(&snap, self.period.as_deref(), basis)?;
        Ok((ds, snap, period))
    }

    /// [`ScopeArgs::load_with_dataset`] with the figures of the region's children for its
    /// map, read with the snapshot's (see [`Dataset::snapshot_with_children`]).
    pub fn load_with_children(&self, basis: Basis) -> Result<Loaded, CliError> {
        let (ds, snap, children) = self.open_reading(true)?;
        let period = resolve_period(&snap, self.period.as_deref(), basis)?;
        Ok((ds, snap, children, period))
    }

    /// Opens the dataset and the region's snapshot, without choosing a period (for commands
    /// whose periods come from more than the figures: `warnings` also runs on returns).
    pub fn open(&self) -> Result<(Dataset, Snapshot), CliError> {
        self.open_reading(false).map(|(ds, snap, _)| (ds, snap))
    }

    /// [`ScopeArgs::open`] with the figures of the region's children (see
    /// [`Dataset::snapshot_with_children`]).
    pub fn open_with_children(&self) -> Result<(Dataset, Snapshot, Option<Figures>), CliError> {
        self.open_reading(true)
    }

    fn open_reading(
        &self,
        with_children: bool,
    ) -> Result<(Dataset, Snapshot, Option<Figures>), CliError> {
        let ds = Dataset::open_to_read(&self.dataset)?;
        let region = resolve_region(&ds, self.region.as_deref())?;
        let (snap, children) = if with_children {
            ds.snapshot_with_children(region.as_deref())?
        } else {
            (ds.snapshot(region.as_deref())?, None)
        };
        // The rest of the dataset is used; say on stderr (stdout may be piped) that some
        // rows were left out and where to read about each.
        if let Some(first) = snap.skipped.first() {
            eprintln!(
                "industry-monitor: {}: {} stored row(s) could not be read and were skipped (e.g. {}); `industry-monitor check --dataset {}` lists each and what to do",
                self.dataset.display(),
                snap.skipped.len(),
                first.describe(Lang::En),
                self.dataset.display()
            );
        }
        Ok((ds, snap, children))
    }
}

/// An open dataset, the region's snapshot, its children's figures and the period.
pub type Loaded = (Dataset, Snapshot, Option<Figures>, Period);

/// Options of `summary`.
#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// Dataset, region and period.
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Basis of the headline, ranks and streaks.
    #[arg(long, default_value = "ytd", value_parser = parse_basis)]
    pub basis: Basis,
    /// Language of the narrative.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

fn parse_basis(s: &str) -> Result<Basis, String> {
    s.parse()
        .map_err(|e: crate::model::PeriodError| e.to_string())
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

/// How a command stopped short.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A failure: the message for stderr (exit status 1).
    #[error("{0}")]
    Failed(String),
    /// Options that do not go together: the message for stderr (exit status 2, as clap's
    /// own usage errors).
    #[error("{0}")]
    Usage(String),
    /// Whoever read the output stopped reading (`| head`, `| grep -q`); not a failure,
    /// the command just has no one left to tell.
    #[error("standard output was closed")]
    OutputClosed,
}

impl From<crate::store::StoreError> for CliError {
    fn from(e: crate::store::StoreError) -> Self {
        CliError::Failed(e.to_string())
    }
}

/// Writes command output to stdout. Rust ignores SIGPIPE, so a closed pipe comes back as
/// an error here instead of ending the process; `print!` would panic on it.
pub fn emit(text: impl std::fmt::Display) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    write!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::OutputClosed,
            _ => CliError::Failed(format!(
                "could not write to standard output: {e}; check the disk or the program reading it"
            )),
        })
}

/// The program's arguments with any server password taken out into memory (see
/// [`crate::store::server::take_password`]): parse these, not `std::env::args`.
pub fn scrubbed_args() -> Vec<std::ffi::OsString> {
    std::env::args_os()
        .map(|a| match a.to_str() {
            Some(s) => crate::store::server::take_password(s).into(),
            None => a,
        })
        .collect()
}

/// Runs a command and maps the outcome to an exit status.
pub fn run(command: Command) -> ExitCode {
    // The process ends with the command: its server connections need no goodbye.
    crate::store::db::pg::leave_connections_to_exit();
    let result = match command {
        Command::Sample { out } => sample(&out),
        Command::Summary(args) => summary(&args),
        Command::Check(args) => check(&args),
        Command::Export(args) => export::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Enterprises(args) => enterprises::run(&args),
        Command::Evaluate(args) => evaluate::run(&args),
        Command::Warnings(args) => warnings::run(&args),
        Command::Push(args) => transfer::push(&args),
        Command::Pull(args) => transfer::pull(&args),
    };
    match result {
        Ok(()) | Err(CliError::OutputClosed) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("industry-monitor: {e}");
            ExitCode::from(if matches!(e, CliError::Usage(_)) {
                2
            } else {
                1
            })
        }
    }
}

fn sample(out: &std::path::Path) -> Result<(), CliError> {
    if out.exists() {
        return Err(CliError::Failed(format!(
            "{}: already exists; choose another name or delete it first",
            out.display()
        )));
    }
    let ds = crate::sample::write(out)?;
    emit(format_args!(
        "wrote the sample dataset ({} figures) to {}\n",
        ds.figure_count()?,
        out.display()
    ))
}

/// Resolves `--region` (by any of its names) against the dataset's catalogue.
pub fn resolve_region(ds: &Dataset, name: Option<&str>) -> Result<Option<String>, CliError> {
    let Some(name) = name else { return Ok(None) };
    match ds.catalogue().find_region(name) {
        Some(r) => Ok(Some(r.code.clone())),
        None => {
            let hints = crate::model::suggest::regions(ds.catalogue(), name, 3);
            let hint = if hints.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", hints.join(", "))
            };
            Err(CliError::Failed(format!(
                "--region “{name}”: no such region in {}{hint}",
                ds.path().display()
            )))
        }
    }
}

/// Resolves `--period`, defaulting to the region's latest period on the basis.
pub fn resolve_period(
    snap: &Snapshot,
    text: Option<&str>,
    basis: Basis,
) -> Result<Period, CliError> {
    match text {
        Some(t) => {
            let p = t
                .parse::<Period>()
                .map_err(|e| CliError::Failed(format!("--period {t}: {e}")))?;
            // A briefing of a period without figures would be all but empty; say which
            // periods there are instead.
            let have = analysis::periods(snap, VA_GROWTH, basis);
            if have.contains(&p) {
                return Ok(p);
            }
            let name = &snap.context.region.name_zh;
            let label = p.label_with_year(basis, Lang::Zh);
            Err(CliError::Failed(match (have.first(), have.last()) {
                (Some(first), Some(last)) => format!(
                    "--period {t}: {name} has no {} figure for {label}; its figures run from {} to {}",
                    basis.code(),
                    first.label_with_year(basis, Lang::Zh),
                    last.label_with_year(basis, Lang::Zh)
                ),
                _ => format!(
                    "--period {t}: {name} has no {} figures; import some first",
                    basis.code()
                ),
            }))
        }
        None => analysis::latest_period(snap, VA_GROWTH, basis).ok_or_else(|| {
            CliError::Failed(format!(
                "{} has no {} figures yet; import some or pass --period",
                snap.context.region.name_zh,
                basis.code()
            ))
        }),
    }
}

fn summary(args: &SummaryArgs) -> Result<(), CliError> {
    let (ds, snap, children, period) = args.scope.load_with_children(args.basis)?;
    let a = analyse(&snap, VA_GROWTH, args.basis, period);
    // The briefing's extras: returns, 包联考核, targets, the counties' map.
    let data = briefing::document::ExtrasData::load_with_children(&ds, &snap, children, period)?;
    let extras = data.extras();
    let s = briefing::summary::summary_full(&snap, &a, extras, args.lang);
    if args.json {
        let json = serde_json::to_string_pretty(&s)
            .map_err(|e| CliError::Failed(format!("could not write JSON: {e}")))?;
        emit(format_args!("{json}\n"))
    } else {
        emit(format_args!(
            "{}\n\n{}",
            s.narrative,
            key_figures_text(&s, args.lang)
        ))
    }
}

fn check(args: &CheckArgs) -> Result<(), CliError> {
    let ds = Dataset::open_to_read(&args.dataset)?;
    let (rows, skipped) = ds.rows_for_checks()?;
    let sources = ds.sources()?;
    let findings = analysis::checks::check(ds.catalogue(), &rows, &sources, &skipped, args.lang);
    for f in &findings {
        emit(format_args!(
            "[{}] {}: {}\n",
            f.severity.label(args.lang),
            f.location,
            f.message
        ))?;
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    use analysis::checks::Severity;
    match args.lang {
        Lang::Zh => emit(format_args!(
            "检查了{}个数据：错误{}个，警告{}个，提示{}个\n",
            rows.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        )),
        Lang::En => emit(format_args!(
            "checked {} figures: {} errors, {} warnings, {} notes\n",
            rows.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        )),
    }
}
