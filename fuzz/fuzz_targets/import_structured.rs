//! Generated workbooks and CSVs (typed cells, merged headers, every list type; see
//! `fuzz/src/generate.rs`), described by libFuzzer's bytes through `arbitrary`, imported
//! into a copy of the sample dataset. Either the import is refused, or afterwards the
//! dataset still opens and reads in full: one cell must never lock a dataset.
//!
//! The stable driver `examples/fuzz_import.rs` runs the same generator without nightly.
#![no_main]

#[path = "../src/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::path::PathBuf;
use std::sync::OnceLock;

use generate::{Gen, Source, Vocab};
use industry_monitor::import::{self, ImportOptions};
use industry_monitor::store::Dataset;
use libfuzzer_sys::arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

/// libFuzzer's bytes, read through `arbitrary`.
struct Bytes<'a>(Unstructured<'a>);

impl Source for Bytes<'_> {
    fn byte(&mut self) -> u8 {
        u8::arbitrary(&mut self.0).unwrap_or(0)
    }
}

/// The sample's bytes and the generator's vocabulary, made once per process.
fn setup() -> &'static (PathBuf, Vec<u8>, Vocab) {
    static SETUP: OnceLock<(PathBuf, Vec<u8>, Vocab)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("im-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("work folder");
        let sample = dir.join("pristine.imdb");
        industry_monitor::sample::write(&sample).expect("the sample");
        let ds = Dataset::open_read_only(&sample).expect("the sample opens");
        let cat = ds.catalogue();
        let vocab = Vocab {
            regions: cat.regions.iter().map(|r| r.name_zh.clone()).collect(),
            indicators: cat.indicators.iter().map(|i| i.name_zh.clone()).collect(),
            industries: cat.industries.iter().map(|i| i.name_zh.clone()).collect(),
            categories: vec!["融资".into(), "用工".into(), "financing".into()],
            enterprises: ds
                .register()
                .expect("register")
                .enterprises
                .iter()
                .take(60)
                .map(|e| (e.name.clone(), e.credit_code.clone()))
                .collect(),
        };
        let bytes = std::fs::read(&sample).expect("read the sample");
        (dir.join("work.imdb"), bytes, vocab)
    })
}

fuzz_target!(|data: &[u8]| {
    let (work, pristine, vocab) = setup();
    let input = Gen::new(&mut Bytes(Unstructured::new(data)), vocab).input();
    std::fs::write(work, pristine).expect("copy the sample");
    let existing = Dataset::open_read_only(work).expect("the copy opens");
    let options = ImportOptions::default();
    let parsed = import::parse_bytes(&input.name, &input.bytes, existing.catalogue(), &options);
    let Ok(plan) = import::plan(parsed, Some(&existing)) else {
        return;
    };
    drop(existing);
    if plan.check(false).is_err() || import::commit(&plan, work, false).is_err() {
        return;
    }
    let ds = Dataset::open(work).expect("the dataset opens after an import");
    ds.figure_rows().expect("figures read after an import");
    ds.register().expect("the register reads after an import");
    ds.snapshot(None).expect("the snapshot reads after an import");
});
