//! The fuzzers' findings kept as regression tests (fuzz/regressions/<target>/*), plus
//! property tests with arbitrary bytes, mutated files and generated workbooks, so `cargo
//! test` keeps checking that no input — however malformed — panics the readers and parsers,
//! and that no import that succeeds leaves a dataset that cannot be opened.

#[path = "../../fuzz/src/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::path::{Path, PathBuf};

use industry_monitor::import::{self, ImportOptions, values};
use industry_monitor::model::catalogue::builtin;
use industry_monitor::model::{Date, Period, credit_code};
use industry_monitor::store::Dataset;
use proptest::prelude::*;

/// What the `import_file` fuzz target does with one input: the in-memory entry point, as
/// a file of that name.
fn import_bytes(ext: &str, bytes: &[u8]) {
    let parsed = import::parse_bytes(
        &format!("input.{ext}"),
        bytes,
        builtin(),
        &ImportOptions::default(),
    );
    let _ = import::plan(parsed, None);
}

/// What the `text_parsers` fuzz target does with one input.
fn parse_text(text: &str) {
    let _ = Period::parse_with_basis(text, Some(2023));
    let _ = text.parse::<Period>();
    let _ = values::parse_number(text);
    let _ = values::parse_date(text);
    let _ = values::parse_flag(text);
    let _ = text.parse::<Date>();
    let _ = credit_code::validate(text);
}

/// Reads what the window and `summary` read; an error means one import locked the dataset.
fn reads_in_full(path: &Path) -> Result<(), String> {
    let ds = Dataset::open(path).map_err(|e| format!("open: {e}"))?;
    ds.figure_rows().map_err(|e| format!("figures: {e}"))?;
    ds.register().map_err(|e| format!("register: {e}"))?;
    ds.sources().map_err(|e| format!("sources: {e}"))?;
    ds.snapshot(None).map_err(|e| format!("snapshot: {e}"))?;
    Ok(())
}

/// Imports the file `name` with `bytes` into `dataset` as `industry-monitor import` would
/// (in memory, no temporary file); `Ok(true)` when it was imported. Either the import is
/// refused, or afterwards the dataset still reads in full.
fn import_and_reopen(dataset: &Path, name: &str, bytes: &[u8]) -> Result<bool, String> {
    let existing = dataset
        .exists()
        .then(|| Dataset::open_read_only(dataset).expect("the dataset opens before"));
    let catalogue = existing
        .as_ref()
        .map_or_else(|| builtin().clone(), |d| d.catalogue().clone());
    let options = ImportOptions {
        imported_on: Date::new(2023, 6, 1),
        ..ImportOptions::default()
    };
    let parsed = import::parse_bytes(name, bytes, &catalogue, &options);
    let Ok(plan) = import::plan(parsed, existing.as_ref()) else {
        return Ok(false);
    };
    drop(existing);
    if plan.check(false).is_err() || import::commit(&plan, dataset, false).is_err() {
        return Ok(false);
    }
    reads_in_full(dataset).map(|()| true)
}

fn regressions(target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn fuzzer_findings_stay_fixed() {
    for path in regressions("import_file") {
        let data = std::fs::read(&path).expect("read");
        if let Some((&selector, bytes)) = data.split_first() {
            let ext = ["csv", "tsv", "txt", "xlsx"][usize::from(selector % 4)];
            import_bytes(ext, bytes);
        }
    }
    for path in regressions("text_parsers") {
        let data = std::fs::read(&path).expect("read");
        if let Ok(text) = std::str::from_utf8(&data) {
            parse_text(text);
        }
    }
}

/// A small valid workbook: a bulletin sheet and a notes sheet.
fn workbook() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    let _ = sheet.set_name("各市增速");
    let _ = sheet.write(0, 0, "2023年1-4月全省各市（地）规模以上工业增加值增速（%）");
    let _ = sheet.write(1, 0, "地区");
    let _ = sheet.write(1, 1, "1-4月");
    for (i, (name, v)) in [("全省", 4.9), ("鸡西市", 19.2), ("哈尔滨市", 5.2)]
        .iter()
        .enumerate()
    {
        let _ = sheet.write(2 + i as u32, 0, *name);
        let _ = sheet.write(2 + i as u32, 1, *v);
    }
    let notes = wb.add_worksheet();
    let _ = notes.write(0, 0, "说明：数据来源于省统计局");
    wb.save_to_buffer().expect("workbook")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_the_importer(
        bytes in prop::collection::vec(any::<u8>(), 0..1500),
        ext in prop::sample::select(vec!["csv", "tsv", "txt", "xlsx"]),
    ) {
        import_bytes(ext, &bytes);
    }

    #[test]
    fn csv_made_of_bulletin_pieces_never_panics(
        cells in prop::collection::vec(
            prop::sample::select(vec![
                "地区", "1-4月", "4月", "全省", "全国", "鸡西市", "哈尔滨", "19.2", "－2.9", "−2.9",
                "1,234.5", "1 234,5", "—", "…", "", "2023年1-4月", "Jan-Apr", "1月", "\"", ",", "\n",
                "规模以上工业增加值增速（%）", "统一社会信用代码", "企业名称", "是", "√",
            ]),
            0..80,
        ),
    ) {
        let text = cells.join(",");
        import_bytes("csv", text.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        import_bytes("csv", &gbk);
    }

    #[test]
    fn mutated_workbooks_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = workbook();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        import_bytes("xlsx", &bytes);
        // Truncated anywhere.
        let n = cut.index(bytes.len());
        import_bytes("xlsx", &bytes[..n]);
    }

    #[test]
    fn arbitrary_text_never_panics_the_parsers(text in any::<String>()) {
        parse_text(&text);
    }

    #[test]
    fn period_like_text_never_panics(
        text in "[0-9０-９年月—–－\\-~至累计当月JanFebMrApyulgSOctNvDc .]{0,16}",
    ) {
        parse_text(&text);
    }
}

/// Bytes for the generator: proptest's input, then zeros.
struct Bytes<'a>(&'a [u8], usize);

impl generate::Source for Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.0.get(self.1).copied().unwrap_or(0);
        self.1 += 1;
        b
    }
}

/// The generator's vocabulary: the catalogue's names and the sample's enterprises.
fn vocab(sample: &Path) -> generate::Vocab {
    let cat = builtin();
    let ds = Dataset::open_read_only(sample).expect("the sample opens");
    generate::Vocab {
        regions: cat.regions.iter().map(|r| r.name_zh.clone()).collect(),
        indicators: cat.indicators.iter().map(|i| i.name_zh.clone()).collect(),
        industries: cat.industries.iter().map(|i| i.name_zh.clone()).collect(),
        categories: industry_monitor::model::enterprise::REQUEST_CATEGORIES
            .iter()
            .map(|(_, zh, _)| zh.to_string())
            .collect(),
        enterprises: ds
            .register()
            .expect("register")
            .enterprises
            .iter()
            .take(30)
            .map(|e| (e.name.clone(), e.credit_code.clone()))
            .collect(),
    }
}

/// The sample's bytes, written once per test binary.
fn pristine_sample() -> &'static (tempfile::TempDir, PathBuf, Vec<u8>) {
    static SAMPLE: std::sync::OnceLock<(tempfile::TempDir, PathBuf, Vec<u8>)> =
        std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = crate::common::sample_dataset(dir.path());
        let bytes = std::fs::read(&path).expect("read the sample");
        (dir, path, bytes)
    })
}

#[test]
fn reading_from_memory_reads_like_reading_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = "地区,指标,时期,数值\n鸡西市,规模以上工业增加值增速,2023年1-4月,19.2\n全省,规模以上工业增加值增速,2023年1-4月,1 234,5\n";
    for (name, bytes) in [
        ("2023年各市增速.csv", csv.as_bytes().to_vec()),
        ("各市增速.xlsx", workbook()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let options = ImportOptions::default();
        let from_file = import::parse(std::slice::from_ref(&path), builtin(), &options);
        let from_memory = import::parse_bytes(name, &bytes, builtin(), &options);
        assert!(!from_file.figures.is_empty(), "{name}: figures read");
        assert_eq!(
            format!("{:?}", from_file.figures),
            format!("{:?}", from_memory.figures),
            "{name}"
        );
        let errors = |p: &import::ParsedImport| {
            p.errors
                .items()
                .iter()
                .map(|e| e.text(industry_monitor::model::Lang::En))
                .collect::<Vec<_>>()
        };
        assert_eq!(errors(&from_file), errors(&from_memory), "{name}");
    }
}

/// Generated files the fuzzer found (`examples/fuzz_import.rs` keeps each as the file
/// itself): each is refused, or imported into the sample with the dataset still readable.
#[test]
fn structured_findings_stay_fixed() {
    let (_, _, pristine) = pristine_sample();
    let dir = tempfile::tempdir().expect("tempdir");
    let seeds = regressions("import_structured");
    assert!(
        !seeds.is_empty(),
        "fuzz/regressions/import_structured holds the seeds"
    );
    let mut locked = Vec::new();
    for path in seeds {
        let name = path
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).expect("read");
        let dataset = dir.path().join("sample.imdb");
        std::fs::write(&dataset, pristine).expect("copy the sample");
        let outcome = std::panic::catch_unwind(|| import_and_reopen(&dataset, &name, &bytes));
        match outcome {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => locked.push(format!("{name}: imported, then {e}")),
            Err(_) => locked.push(format!("{name}: the import panicked")),
        }
    }
    assert!(
        locked.is_empty(),
        "{} of the fuzzers' findings still fail:\n{}",
        locked.len(),
        locked.join("\n")
    );
}

/// The generator reaches what the byte fuzzer never did: typed date cells, odd serials, a
/// date-formatted 0 in a request list's 提出日期, every list type in both containers.
#[test]
fn the_generator_reaches_typed_cells_of_every_list() {
    let (_, sample, _) = pristine_sample();
    let vocab = vocab(sample);
    let mut rng = 0x5eed_u64;
    let mut bytes = vec![0u8; 8192];
    let (mut typed, mut odd, mut zero) = (0, 0, 0);
    let mut kinds = std::collections::BTreeSet::new();
    for _ in 0..1500 {
        for b in bytes.iter_mut() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            *b = rng as u8;
        }
        let input = generate::Gen::new(&mut Bytes(&bytes, 0), &vocab).input();
        typed += input.typed_dates;
        odd += input.odd_serials;
        zero += u32::from(input.zero_raised_on);
        kinds.insert(format!("{:?}/{}", input.list, input.xlsx));
    }
    assert!(
        typed > 1000 && odd > 100,
        "typed dates {typed}, odd serials {odd}"
    );
    assert!(zero > 0, "a date-formatted 0 in 提出日期");
    assert_eq!(kinds.len(), 10, "{kinds:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any generated workbook or CSV: refused, or imported with the dataset still readable.
    #[test]
    fn generated_files_never_lock_a_dataset(
        choices in prop::collection::vec(any::<u8>(), 0..6000),
        into_new in any::<bool>(),
    ) {
        let (_, sample, pristine) = pristine_sample();
        let vocab = vocab(sample);
        let input = generate::Gen::new(&mut Bytes(&choices, 0), &vocab).input();
        let dir = tempfile::tempdir().expect("tempdir");
        let dataset = dir.path().join("d.imdb");
        if !into_new {
            std::fs::write(&dataset, pristine).expect("copy the sample");
        }
        let outcome = import_and_reopen(&dataset, &input.name, &input.bytes);
        prop_assert!(outcome.is_ok(), "{}: {:?}", input.name, outcome);
    }
}
