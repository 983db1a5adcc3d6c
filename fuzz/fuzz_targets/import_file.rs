//! Any bytes, as a CSV, TSV, text or XLSX file, through the importer's reading and checking
//! against the built-in catalogue: it must report errors, never panic.
#![no_main]

use std::path::PathBuf;

use industry_monitor::import::{self, ImportOptions};
use industry_monitor::model::catalogue::builtin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["csv", "tsv", "txt", "xlsx"][usize::from(selector % 4)];
    let dir = std::env::temp_dir();
    let path: PathBuf = dir.join(format!("im-fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let parsed = import::parse(
        std::slice::from_ref(&path),
        builtin(),
        &ImportOptions::default(),
    );
    let _ = import::plan(parsed, None);
});
