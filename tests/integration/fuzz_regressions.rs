//! The fuzzers' findings kept as regression tests (fuzz/regressions/<target>/*), plus
//! property tests with arbitrary bytes and mutated files, so `cargo test` keeps checking
//! that no input — however malformed — panics the readers and parsers.

use std::path::{Path, PathBuf};

use industry_monitor::import::{self, ImportOptions, values};
use industry_monitor::model::catalogue::builtin;
use industry_monitor::model::{Date, Period, credit_code};
use proptest::prelude::*;

/// What the `import_file` fuzz target does with one input.
fn import_bytes(dir: &Path, ext: &str, bytes: &[u8]) {
    let path = dir.join(format!("input.{ext}"));
    std::fs::write(&path, bytes).expect("write");
    let parsed = import::parse(
        std::slice::from_ref(&path),
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
    let dir = tempfile::tempdir().expect("tempdir");
    for path in regressions("import_file") {
        let data = std::fs::read(&path).expect("read");
        if let Some((&selector, bytes)) = data.split_first() {
            let ext = ["csv", "tsv", "txt", "xlsx"][usize::from(selector % 4)];
            import_bytes(dir.path(), ext, bytes);
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
        let dir = tempfile::tempdir().expect("tempdir");
        import_bytes(dir.path(), ext, &bytes);
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
        let dir = tempfile::tempdir().expect("tempdir");
        let text = cells.join(",");
        import_bytes(dir.path(), "csv", text.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        import_bytes(dir.path(), "csv", &gbk);
    }

    #[test]
    fn mutated_workbooks_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut bytes = workbook();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        import_bytes(dir.path(), "xlsx", &bytes);
        // Truncated anywhere.
        let n = cut.index(bytes.len());
        import_bytes(dir.path(), "xlsx", &bytes[..n]);
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
