//! Writes the generated test data the benchmarks and scripts use.
//!
//! ```text
//! cargo run --release --example generate -- dataset OUT.imdb [CITIES INDUSTRIES YEARS]
//! cargo run --release --example generate -- csv OUT.csv [ROWS]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use industry_monitor::sample::large::{self, LargeSpec};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: generate dataset OUT.imdb [CITIES INDUSTRIES YEARS] | generate csv OUT.csv [ROWS]";
    let (kind, out) = match (args.first(), args.get(1)) {
        (Some(k), Some(o)) => (k.as_str(), PathBuf::from(o)),
        _ => return Err(usage.into()),
    };
    let num = |i: usize, default: usize| -> Result<usize, Box<dyn std::error::Error>> {
        Ok(args
            .get(i)
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(default))
    };
    let start = Instant::now();
    match kind {
        "dataset" => {
            let spec = LargeSpec {
                cities: num(2, LargeSpec::FULL.cities)?,
                industries: num(3, LargeSpec::FULL.industries)?,
                years: num(4, LargeSpec::FULL.years)?,
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
            let rows = num(2, 1_000_000)?;
            large::write_long_csv(&out, rows)?;
            println!(
                "{}: {rows} rows in {:.1} s",
                out.display(),
                start.elapsed().as_secs_f64()
            );
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
