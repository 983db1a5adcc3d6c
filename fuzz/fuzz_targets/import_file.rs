//! Any bytes, as a CSV, TSV, text or XLSX file, through the importer's reading and checking
//! against the built-in catalogue: it must report errors, never panic. The bytes go in
//! through the in-memory entry point: no temporary file per input.
#![no_main]

use industry_monitor::import::{self, ImportOptions};
use industry_monitor::model::catalogue::builtin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["csv", "tsv", "txt", "xlsx"][usize::from(selector % 4)];
    let parsed = import::parse_bytes(
        &format!("input.{ext}"),
        bytes,
        builtin(),
        &ImportOptions::default(),
    );
    let _ = import::plan(parsed, None);
});
