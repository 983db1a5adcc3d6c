//! Times importing a generated 1,000,000-row long CSV into a new dataset, step by step,
//! and the sqlite3 shell's `.import` of the same file for comparison (SPEC §8).
//!
//! ```text
//! cargo run --release --example import_1m [ROWS]
//! ```

use std::time::Instant;

use industry_monitor::import::{self, ImportOptions};
use industry_monitor::model::catalogue::builtin;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("im-import-1m-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let csv = dir.join("long.csv");
    industry_monitor::sample::large::write_long_csv(&csv, rows)?;
    let size = std::fs::metadata(&csv)?.len();
    println!("{rows} rows, {:.1} MB", size as f64 / 1e6);

    let into = dir.join("import.imdb");
    let options = ImportOptions::default();
    let start = Instant::now();
    let parsed = import::parse(std::slice::from_ref(&csv), builtin(), &options);
    let t_parse = start.elapsed();
    let plan = import::plan(parsed, None)?;
    let t_plan = start.elapsed();
    let report = import::commit(&plan, &into, false)?;
    let total = start.elapsed();
    println!(
        "industry-monitor import: {:.2} s (parse {:.2} s, check {:.2} s, write {:.2} s), {} figures added",
        total.as_secs_f64(),
        t_parse.as_secs_f64(),
        (t_plan - t_parse).as_secs_f64(),
        (total - t_plan).as_secs_f64(),
        report.figures.added
    );

    let db = dir.join("sqlite3.db");
    let start = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(format!(".import --csv {} t", csv.display()))
        .status();
    match status {
        Ok(s) if s.success() => {
            let shell = start.elapsed();
            println!("sqlite3 .import:          {:.2} s", shell.as_secs_f64());
            println!(
                "ratio industry-monitor / sqlite3: {:.2} (bar: ≤ 1.00)",
                total.as_secs_f64() / shell.as_secs_f64()
            );
        }
        Ok(s) => println!("sqlite3 .import failed: {s}"),
        Err(e) => println!("sqlite3 shell not available: {e}"),
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
