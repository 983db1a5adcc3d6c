//! The bundled sample's enterprise returns, read back from the file `industry-monitor
//! sample` writes (the first start writes the same file).

use std::process::Command;

use industry_monitor::analysis::returns::{Status, members, return_stats};
use industry_monitor::model::Period;
use industry_monitor::model::returns::ReturnIndicator;
use industry_monitor::sample::returns::{MISSING_LATEST, NEW, STOPPED, latest};
use industry_monitor::store::Dataset;

#[test]
fn the_written_sample_has_returns_of_every_status_and_its_register_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.imdb");
    let out = Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
        .arg("sample")
        .arg(&path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ds = Dataset::open(&path).expect("open");
    let periods = ds.return_periods().expect("periods");
    let all: Vec<Period> = Period::all_in_year(2022)
        .chain(Period::all_in_year(2023))
        .collect();
    assert_eq!(periods, all);
    let register = ds.register().expect("register");
    assert_eq!(register.enterprises.len(), 385);
    assert_eq!(
        register
            .enterprises
            .iter()
            .filter(|e| e.key_support)
            .count(),
        318
    );
    let members = members(&register, ds.catalogue());
    let ind = ReturnIndicator::Output;
    let stats = return_stats(
        latest(),
        ind,
        &members,
        &ds.returns_for(latest(), ind).expect("returns"),
    );
    let count = |s: Status| stats.enterprises.iter().filter(|e| e.status == s).count();
    assert_eq!(count(Status::New), NEW);
    assert_eq!(count(Status::Stopped), STOPPED);
    assert_eq!(count(Status::Missing), MISSING_LATEST);
    assert!(count(Status::Declining) > 0);
    assert!(count(Status::Growing) > stats.comparable / 2);
    let growth = stats.growth_pct.expect("growth");
    assert!((9.5..=11.5).contains(&growth), "{growth}");
    // The returns cite their own source, marked illustrative.
    let sources = ds.sources().expect("sources");
    let cited: i64 = ds
        .connection()
        .query_row(
            "SELECT COUNT(DISTINCT source_id) FROM enterprise_returns",
            &[],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(cited, 1);
    let id: i64 = ds
        .connection()
        .query_row(
            "SELECT source_id FROM enterprise_returns LIMIT 1",
            &[],
            |r| r.get(0),
        )
        .expect("source");
    let source = sources.iter().find(|s| s.id == id).expect("known source");
    assert!(source.illustrative && source.title.contains("示意"));
}
