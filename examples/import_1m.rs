//! Times importing a generated 1,000,000-row long CSV into a new dataset, step by step,
//! and the sqlite3 shell's `.import` of the same file for comparison (SPEC §8).
//!
//! ```text
//! cargo run --release --example import_1m [ROWS]
//! ```

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use industry_monitor::import::{self, ImportOptions};
use industry_monitor::model::RegionLevel;
use industry_monitor::model::catalogue::builtin;

/// Writes `rows` figures: every province and city (by Chinese name), six growth rates,
/// both bases, eleven periods a year, going back year by year from 2023.
fn generate(path: &Path, rows: usize) -> std::io::Result<()> {
    let cat = builtin();
    let regions: Vec<&str> = cat
        .regions
        .iter()
        .filter(|r| r.level <= RegionLevel::City)
        .filter(|r| {
            cat.find_region(&r.name_zh)
                .is_some_and(|x| x.code == r.code)
        })
        .map(|r| r.name_zh.as_str())
        .collect();
    let indicators = [
        "规模以上工业增加值增速",
        "规模以上工业总产值增速",
        "固定资产投资增速",
        "工业投资增速",
        "规模以上工业企业营业收入增速",
        "规模以上工业企业利润总额增速",
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "地区,指标,行业,时期,口径,数值,单位,来源")?;
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut n = 0;
    'outer: for year in (1949..=2023).rev() {
        for region in &regions {
            for indicator in indicators {
                for basis in ["累计", "当月"] {
                    for month in 2..=12 {
                        if n == rows {
                            break 'outer;
                        }
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        let value = (seed % 600) as f64 / 10.0 - 20.0;
                        writeln!(
                            out,
                            "{region},{indicator},,{year}-{month:02},{basis},{value:.1},%,国家统计局"
                        )?;
                        n += 1;
                    }
                }
            }
        }
    }
    out.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("im-import-1m-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let csv = dir.join("long.csv");
    generate(&csv, rows)?;
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
        Ok(s) if s.success() => println!(
            "sqlite3 .import:          {:.2} s",
            start.elapsed().as_secs_f64()
        ),
        Ok(s) => println!("sqlite3 .import failed: {s}"),
        Err(e) => println!("sqlite3 shell not available: {e}"),
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
