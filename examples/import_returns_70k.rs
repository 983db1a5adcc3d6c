//! Times importing one month of enterprise returns at provincial scale: a 70,000-row wide
//! CSV (credit code, name, six indicators with 本月 / 本年累计 / 上年同期累计 / 同比增长,
//! employees without 本月: 23 value columns, 1.6 M values) into a dataset whose register
//! already holds the 70,000 enterprises — parse, check and write timed apart, rows/s and
//! the peak resident memory reported — and the sqlite3 shell's `.import` of the same file
//! into a plain table, in the same run, for comparison.
//!
//! ```text
//! cargo run --release --example import_returns_70k [ROWS]
//! ```

use std::fmt::Write as _;
use std::time::Instant;

use industry_monitor::import::{self, ImportOptions};
use industry_monitor::model::credit_code::compose;
use industry_monitor::model::{Enterprise, Period};
use industry_monitor::store::{Dataset, DatasetMeta, StoreError};

/// The header: six indicators, four columns each except employees (no 本月).
fn header() -> String {
    let mut h = String::from("统一社会信用代码,企业名称");
    for ind in ["工业总产值", "工业销售产值", "营业收入", "利润总额"] {
        for kind in ["本月", "本年累计", "上年同期累计"] {
            let _ = write!(h, ",{ind}{kind}(千元)");
        }
        let _ = write!(h, ",{ind}同比增长(%)");
    }
    for kind in ["本月", "本年累计", "上年同期累计"] {
        let _ = write!(h, ",用电量{kind}(万千瓦时)");
    }
    h.push_str(",用电量同比增长(%)");
    for kind in ["本年累计", "上年同期累计"] {
        let _ = write!(h, ",从业人员{kind}(人)");
    }
    h.push_str(",从业人员同比增长(%)\n");
    h
}

/// The file: one row per enterprise, values varied by a cheap hash.
fn csv(codes: &[String]) -> String {
    let mut s = header();
    for (i, code) in codes.iter().enumerate() {
        let x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        let cur = 1000.0 + (x % 90_000) as f64;
        let prev = cur * (0.8 + (x % 40) as f64 / 100.0);
        let _ = write!(s, "{code},企业{i:05}");
        for k in 0..5 {
            let f = 1.0 - k as f64 * 0.1;
            let (c, p) = ((cur * f).round(), (prev * f).round());
            let g = ((c / p - 1.0) * 1000.0).round() / 10.0;
            let _ = write!(s, ",{},{c},{p},{g}", (c / 4.0).round());
        }
        let (e, ep) = (50 + x % 900, 50 + (x / 7) % 900);
        let g = ((e as f64 / ep as f64 - 1.0) * 1000.0).round() / 10.0;
        let _ = writeln!(s, ",{e},{ep},{g}");
    }
    s
}

/// Peak resident memory of this process (Linux), in MB.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(70_000);
    let dir = std::env::temp_dir().join(format!("im-returns-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let codes: Vec<String> = (0..rows)
        .map(|i| compose("91", "230300", &format!("MA{i:06}")).ok_or("code"))
        .collect::<Result<_, _>>()?;

    let into = dir.join("returns.imdb");
    let meta = DatasetMeta {
        title: "returns benchmark".into(),
        home_region: "230300".into(),
        is_sample: false,
    };
    let start = Instant::now();
    Dataset::create_with(&into, &meta, |ds| {
        ds.write(|w| {
            for (i, code) in codes.iter().enumerate() {
                let e = Enterprise::above_size(code, format!("企业{i:05}"), "230300");
                w.add_enterprise(&e, None)?;
            }
            Ok(())
        })
    })?;
    println!(
        "register of {rows} enterprises: {:.2} s",
        start.elapsed().as_secs_f64()
    );

    let file = dir.join("企业月报2023年1-4月.csv");
    std::fs::write(&file, csv(&codes))?;
    let size = std::fs::metadata(&file)?.len();
    println!(
        "{rows} rows × 23 value columns, {:.1} MB",
        size as f64 / 1e6
    );

    let options = ImportOptions::default();
    let start = Instant::now();
    let existing = Dataset::open_read_only(&into)?;
    let parsed = import::parse(std::slice::from_ref(&file), existing.catalogue(), &options);
    let t_parse = start.elapsed();
    let plan = import::plan(parsed, Some(&existing))?;
    drop(existing);
    let t_plan = start.elapsed();
    plan.check(false)?;
    let report = import::commit(&plan, &into, false)?;
    let total = start.elapsed();
    let values = report.returns.values.added;
    println!(
        "industry-monitor import: {:.2} s (parse {:.2} s, check {:.2} s, write {:.2} s); {} rows, {values} values added; {:.0} rows/s, {:.0} values/s",
        total.as_secs_f64(),
        t_parse.as_secs_f64(),
        (t_plan - t_parse).as_secs_f64(),
        (total - t_plan).as_secs_f64(),
        report.returns.rows.added,
        report.returns.rows.added as f64 / total.as_secs_f64(),
        values as f64 / total.as_secs_f64(),
    );
    if let Some(mb) = peak_mb() {
        println!("peak resident memory: {mb:.0} MB");
    }
    let ds = Dataset::open_read_only(&into)?;
    let period = Period::new(2023, 4)?;
    let (stored, _) = ds.return_rows(period)?;
    println!("stored rows for {period}: {}", stored.len());
    drop(ds);

    // The store's writer alone (the same rows for the next period, one transaction): how
    // much of the write is `ReturnWriter::put` itself.
    let next = Period::new(2023, 5)?;
    let mut ds = Dataset::open(&into)?;
    let start = Instant::now();
    ds.write(|w| -> industry_monitor::store::Result<()> {
        let path = w.path().to_path_buf();
        let mut rw = w.returns()?;
        for row in &stored {
            let mut r = row.clone();
            r.period = next;
            rw.put(&r, None).map_err(|e| StoreError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    })?;
    println!(
        "ReturnWriter::put alone, {} rows in one transaction: {:.2} s",
        stored.len(),
        start.elapsed().as_secs_f64()
    );
    drop(ds);

    // The same file into a plain table by the sqlite3 shell (header row as column names).
    let db = dir.join("sqlite3.db");
    let start = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(format!(".import --csv {} t", file.display()))
        .status();
    match status {
        Ok(s) if s.success() => {
            let shell = start.elapsed();
            println!("sqlite3 .import:          {:.2} s", shell.as_secs_f64());
            println!(
                "ratio industry-monitor / sqlite3: {:.2}",
                total.as_secs_f64() / shell.as_secs_f64()
            );
        }
        Ok(s) => println!("sqlite3 .import failed: {s}"),
        Err(e) => println!("sqlite3 shell not available: {e}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
