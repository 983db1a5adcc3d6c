//! Writes the generated test data the benchmarks and scripts use, and times the returns
//! statistics at scale.
//!
//! ```text
//! cargo run --release --example generate -- dataset OUT.imdb [CITIES INDUSTRIES YEARS]
//! cargo run --release --example generate -- csv OUT.csv [ROWS]
//! cargo run --release --example generate -- returns dataset OUT.imdb [ENTERPRISES YEARS]
//! cargo run --release --example generate -- returns csv DIR [ENTERPRISES YEARS]
//! cargo run --release --example generate -- returns stats DATASET [YYYY-MM] [INDICATOR]
//! ```
//!
//! `returns dataset` writes 70,000 enterprises × 5 years (2020–2024) × 11 periods × 6
//! indicators through the store; `returns csv` the same returns as one wide CSV per period
//! (企业月报2024年1-4月.csv); `returns stats` opens a dataset and times what the
//! `enterprises` command does (latest period, output by default). Each prints its peak
//! memory (VmHWM, Linux).

use std::path::{Path, PathBuf};
use std::time::Instant;

use industry_monitor::analysis::returns::{members, return_stats};
use industry_monitor::model::Period;
use industry_monitor::model::returns::ReturnIndicator;
use industry_monitor::sample::large::{self, LargeSpec};
use industry_monitor::sample::large_returns::{self, ReturnsSpec};
use industry_monitor::store::Dataset;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "usage: generate dataset OUT.imdb [CITIES INDUSTRIES YEARS] | generate csv OUT.csv [ROWS] | generate returns dataset OUT.imdb [ENTERPRISES YEARS] | generate returns csv DIR [ENTERPRISES YEARS] | generate returns stats DATASET [YYYY-MM] [INDICATOR]";

/// The process's peak resident memory (VmHWM), when the system reports it.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "n/a".to_string())
}

fn num(args: &[String], i: usize, default: usize) -> Res<usize> {
    Ok(args
        .get(i)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(default))
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("returns") {
        return returns(&args[1..]);
    }
    let (kind, out) = match (args.first(), args.get(1)) {
        (Some(k), Some(o)) => (k.as_str(), PathBuf::from(o)),
        _ => return Err(USAGE.into()),
    };
    let start = Instant::now();
    match kind {
        "dataset" => {
            let spec = LargeSpec {
                cities: num(&args, 2, LargeSpec::FULL.cities)?,
                industries: num(&args, 3, LargeSpec::FULL.industries)?,
                years: num(&args, 4, LargeSpec::FULL.years)?,
            };
            let ds = large::write_dataset(&out, spec)?;
            println!(
                "{}: {} figures in {:.1} s",
                out.display(),
                ds.figure_count()?,
                start.elapsed().as_secs_f64()
            );
        }
        "csv" => {
            let rows = num(&args, 2, 1_000_000)?;
            large::write_long_csv(&out, rows)?;
            println!(
                "{}: {rows} rows in {:.1} s",
                out.display(),
                start.elapsed().as_secs_f64()
            );
        }
        _ => return Err(USAGE.into()),
    }
    Ok(())
}

/// The `returns` modes: dataset, csv, stats.
fn returns(args: &[String]) -> Res<()> {
    let (kind, out) = match (args.first(), args.get(1)) {
        (Some(k), Some(o)) => (k.as_str(), PathBuf::from(o)),
        _ => return Err(USAGE.into()),
    };
    let spec = || -> Res<ReturnsSpec> {
        Ok(ReturnsSpec {
            enterprises: num(args, 2, ReturnsSpec::FULL.enterprises)?,
            years: num(args, 3, ReturnsSpec::FULL.years)?,
            last_year: ReturnsSpec::FULL.last_year,
        })
    };
    let start = Instant::now();
    match kind {
        "dataset" => {
            let spec = spec()?;
            let ds = large_returns::write_dataset(&out, spec)?;
            let rows = ds.return_row_count()?;
            println!(
                "{}: {} enterprises, {rows} returns ({} indicator values) in {:.1} s; {:.0} MB; peak memory {}",
                out.display(),
                spec.enterprises,
                rows * 6,
                start.elapsed().as_secs_f64(),
                file_mb(&out),
                peak_memory()
            );
        }
        "csv" => {
            let spec = spec()?;
            let files = large_returns::write_csv(&out, spec)?;
            let bytes: u64 = files
                .iter()
                .filter_map(|f| std::fs::metadata(f).ok())
                .map(|m| m.len())
                .sum();
            println!(
                "{}: {} files, {:.0} MB in {:.1} s; peak memory {}",
                out.display(),
                files.len(),
                bytes as f64 / 1e6,
                start.elapsed().as_secs_f64(),
                peak_memory()
            );
        }
        "stats" => stats(&out, args.get(2), args.get(3))?,
        _ => return Err(USAGE.into()),
    }
    Ok(())
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

/// Times opening a dataset and computing one period's statistics, as `enterprises` does.
fn stats(path: &Path, period: Option<&String>, indicator: Option<&String>) -> Res<()> {
    let t = Instant::now();
    let ds = Dataset::open(path)?;
    let open = t.elapsed();
    let t = Instant::now();
    let period: Period = match period {
        Some(p) => p.parse()?,
        None => *ds
            .return_periods()?
            .last()
            .ok_or("the dataset has no returns")?,
    };
    let periods = t.elapsed();
    let indicator = match indicator {
        Some(i) => i.parse::<ReturnIndicator>()?,
        None => ReturnIndicator::Output,
    };
    let t = Instant::now();
    let register = ds.register()?;
    let members = members(&register, ds.catalogue());
    let register_time = t.elapsed();
    let t = Instant::now();
    let resolved = ds.returns_for(period, indicator)?;
    let read = t.elapsed();
    let t = Instant::now();
    let stats = return_stats(period, indicator, &members, &resolved);
    let compute = t.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "{}: {} MB, {} return rows",
        path.display(),
        file_mb(path).round(),
        ds.return_row_count()?
    );
    println!(
        "open {:.1} ms; latest period {:.1} ms; register + members ({} enterprises) {:.1} ms; returns_for {} {indicator} ({} returns) {:.1} ms; return_stats {:.1} ms; returns_for + return_stats {:.1} ms; all {:.1} ms",
        ms(open),
        ms(periods),
        members.len(),
        ms(register_time),
        period.code(),
        resolved.len(),
        ms(read),
        ms(compute),
        ms(read + compute),
        ms(open + periods + register_time + read + compute)
    );
    println!(
        "growth {:.2} %, reporting {}, comparable {}, missing {}, declining {}, stopped {}; peak memory {}",
        stats.growth_pct.unwrap_or(f64::NAN),
        stats.reporting,
        stats.comparable,
        stats.missing,
        stats.declining,
        stats.stopped,
        peak_memory()
    );
    Ok(())
}
