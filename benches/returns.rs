//! SPEC §8 at the second wave's scale: a dataset of enterprise returns for 70,000 规上
//! enterprises × 5 years × 11 periods × 6 indicators (23.1 M indicator values, 3.85 M return
//! rows): opening it, and one period's statistics for one indicator (bar: under a second),
//! alone and with the register as the `enterprises` command loads it.
//!
//! The dataset is generated once into target/bench-data/ and reused (a few minutes; the same
//! file `cargo run --release --example generate -- returns dataset` writes).

use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use industry_monitor::analysis::returns::{members, members_of, return_stats};
use industry_monitor::model::returns::ReturnIndicator;
use industry_monitor::sample::large_returns::{self, ReturnsSpec};
use industry_monitor::store::Dataset;

/// The large returns dataset, generated on first use.
fn dataset() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join("returns-70k.imdb");
    if !path.exists() {
        let _ = std::fs::create_dir_all(&dir);
        let t = Instant::now();
        let ds = large_returns::write_dataset(&path, ReturnsSpec::FULL).expect("generate");
        println!(
            "generated {} return rows in {:.1} s ({} MB)",
            ds.return_row_count().expect("count"),
            t.elapsed().as_secs_f64(),
            std::fs::metadata(&path)
                .map(|m| m.len() / 1_000_000)
                .unwrap_or(0)
        );
    }
    path
}

fn open(c: &mut Criterion) {
    let path = dataset();
    c.bench_function("returns 23M/open", |b| {
        b.iter(|| Dataset::open(&path).expect("open"))
    });
    c.bench_function("returns 23M/open + latest period", |b| {
        b.iter(|| {
            let ds = Dataset::open(&path).expect("open");
            ds.return_periods().expect("periods").last().copied()
        })
    });
}

fn stats(c: &mut Criterion) {
    let ds = Dataset::open(&dataset()).expect("open");
    let period = *ds
        .return_periods()
        .expect("periods")
        .last()
        .expect("returns");
    let register = ds.register().expect("register");
    let all = members(&register, ds.catalogue());
    for ind in [ReturnIndicator::Output, ReturnIndicator::Employees] {
        let name = format!("returns 23M/returns_for + return_stats ({ind}, latest)");
        c.bench_function(&name, |b| {
            b.iter(|| {
                let resolved = ds.returns_for(period, ind).expect("returns");
                return_stats(period, ind, &all, &resolved)
            })
        });
    }
    c.bench_function(
        "returns 23M/enterprises: register + members + returns_for + return_stats",
        |b| {
            b.iter(|| {
                let enterprises = ds.enterprises().expect("enterprises");
                let members = members_of(&enterprises, ds.catalogue());
                let resolved = ds
                    .returns_for(period, ReturnIndicator::Output)
                    .expect("returns");
                return_stats(period, ReturnIndicator::Output, &members, &resolved)
            })
        },
    );
}

fn evaluate(c: &mut Criterion) {
    let ds = Dataset::open(&dataset()).expect("open");
    let period = *ds
        .return_periods()
        .expect("periods")
        .last()
        .expect("a period");
    c.bench_function(
        "returns 23M/evaluate: register + output statistics + scorecard (300 officials)",
        |b| {
            b.iter(|| industry_monitor::briefing::evaluation::load(&ds, period).expect("scorecard"))
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(8));
    targets = open, stats, evaluate
}
criterion_main!(benches);
