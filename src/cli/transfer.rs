//! `industry-monitor push --dataset FILE --to ADDRESS` and `industry-monitor pull --from
//! ADDRESS --to FILE [--force]` (SPEC §14): a whole dataset copied between a file and a
//! PostgreSQL server. Exit status 0 with the rows copied per table on stdout; 1 with the
//! reason on stderr (a database that already holds a dataset, an existing file without
//! --force, a server that cannot be reached or refuses the login), nothing changed.

use std::path::PathBuf;
use std::time::Instant;

use super::{CliError, emit};
use crate::store::server;
use crate::store::transfer::{self, Counts};

/// Options of `push`.
#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// The dataset file to copy.
    #[arg(long, value_name = "FILE")]
    pub dataset: PathBuf,
    /// The empty server database to copy it into, e.g. postgres://user@host/database.
    #[arg(long, value_name = "ADDRESS")]
    pub to: PathBuf,
}

/// Options of `pull`.
#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// The server dataset to copy, e.g. postgres://user@host/database.
    #[arg(long, value_name = "ADDRESS")]
    pub from: PathBuf,
    /// The dataset file to write.
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
    /// Replace the file when it exists.
    #[arg(long)]
    pub force: bool,
}

/// The rows per table, then one line with the totals.
fn report(counts: &Counts, verb: &str, from: &str, to: &str, started: Instant) -> String {
    let mut out = String::new();
    for (table, n) in &counts.tables {
        out.push_str(&format!("  {table}: {n}\n"));
    }
    out.push_str(&format!(
        "{verb} {} rows in {} tables from {from} to {to} in {:.1} s\n",
        counts.rows(),
        counts.tables.len(),
        started.elapsed().as_secs_f64()
    ));
    out
}

/// Shows an address without its password.
fn shown(path: &std::path::Path) -> String {
    server::redact(&path.to_string_lossy())
}

/// Runs `push`.
pub fn push(args: &PushArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let counts = transfer::push(&args.dataset, &args.to)?;
    emit(report(
        &counts,
        "pushed",
        &args.dataset.display().to_string(),
        &shown(&args.to),
        started,
    ))
}

/// Runs `pull`.
pub fn pull(args: &PullArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let counts = transfer::pull(&args.from, &args.to, args.force)?;
    emit(report(
        &counts,
        "pulled",
        &shown(&args.from),
        &args.to.display().to_string(),
        started,
    ))
}
