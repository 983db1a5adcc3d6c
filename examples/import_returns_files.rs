//! Times importing returns files into a new dataset step by step (parse, check, write),
//! with the peak resident memory after each step: where the time of
//! `scripts/bench-import-returns.sh` goes.
//!
//! ```text
//! cargo run --release --example import_returns_files -- DIR [HOME]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use industry_monitor::import::{self, ImportOptions};

/// Peak resident memory of this process (Linux), in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or("target/bench-data/returns-csv".into()),
    );
    let home = args.next().unwrap_or("黑龙江省".into());
    let limit: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    files.truncate(limit);
    let into = std::env::temp_dir().join(format!("im-files-{}.imdb", std::process::id()));
    let _ = std::fs::remove_file(&into);
    let options = ImportOptions {
        home_region: Some(home),
        ..ImportOptions::default()
    };
    let catalogue = industry_monitor::model::catalogue::builtin().clone();
    let start = Instant::now();
    let parsed = import::parse(&files, &catalogue, &options);
    let t_parse = start.elapsed().as_secs_f64();
    println!(
        "parse {} files: {t_parse:.2} s, {} returns, peak {:.0} MB",
        files.len(),
        parsed.returns.len(),
        peak_mb()
    );
    let start = Instant::now();
    let plan = import::plan(parsed, None)?;
    let t_plan = start.elapsed().as_secs_f64();
    println!("check: {t_plan:.2} s, peak {:.0} MB", peak_mb());
    plan.check(false)?;
    let start = Instant::now();
    let report = import::commit(&plan, &into, false)?;
    let t_write = start.elapsed().as_secs_f64();
    println!(
        "write: {t_write:.2} s ({} rows, {} values), peak {:.0} MB",
        report.returns.rows.added,
        report.returns.values.added,
        peak_mb()
    );
    let start = Instant::now();
    drop(plan);
    println!("drop: {:.2} s", start.elapsed().as_secs_f64());
    println!("total: {:.2} s", t_parse + t_plan + t_write);
    let _ = std::fs::remove_file(&into);
    Ok(())
}
