//! Unit tests of the returns reader.

use crate::import::context;
use crate::import::names::Names;
use crate::model::catalogue::builtin;

/// "企业月报" before the period used to hide it: the first 月 was the one of 月报.
#[test]
fn file_names_and_titles_give_the_period_after_a_word_with_yue() {
    let names = Names::new(builtin());
    for t in [
        "企业月报2024年1-4月",
        "鸡西市规上工业企业月报 2024年1-4月",
        "2024年1-4月企业月报",
    ] {
        for c in [context::read_file_name(t, &names), context::read(t, &names)] {
            assert_eq!((c.year, c.month), (Some(2024), Some(4)), "{t}");
        }
    }
}

/// Generated returns sheets (headers, titles and cells drawn from the forms' vocabulary and
/// its mistakes): parsing and checking never panic, and an import that passes the check
/// writes into a new dataset that reads back every stored return.
#[test]
fn generated_returns_never_panic_and_what_passes_reads_back() {
    use crate::import::{self, ImportOptions};
    use crate::model::credit_code::compose;
    let code = |n: u64| compose("91", "230300", &format!("MA{n:06}")).expect("code");
    let headers = [
        "统一社会信用代码",
        "企业名称",
        "代码",
        "名称",
        "工业总产值本年累计(千元)",
        "工业总产值(千元)",
        "本月",
        "1-4月累计",
        "上年同期",
        "同比增长(%)",
        "用电量本月(千瓦时)",
        "用电量(千元)",
        "指标",
        "时期",
        "本期值",
        "上年同期值",
        "本月值",
        "单位",
        "营业收入1—3月",
        "利润总额上年同期累计",
        "",
        "从业人员",
        "序号",
        "备注",
        "增速",
    ];
    let cells = [
        "1",
        "-2.5",
        "1,234.5",
        "abc",
        "",
        "—",
        "合计",
        "总计",
        "工业总产值",
        "用电量(万千瓦时)",
        "2023年1-4月",
        "2023年1月",
        "2023-13",
        "千元",
        "度",
        "１２",
        "1 234,5",
        "鸡西甲公司",
        "#DIV/0!",
        "19.2%",
        "－3",
    ];
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let cat = crate::model::catalogue::builtin();
    let dir = tempfile::tempdir().expect("dir");
    let mut written = 0;
    for round in 0..400 {
        let width = 2 + next(7);
        let mut text = String::new();
        if next(3) == 0 {
            text.push_str(
                [
                    "鸡西市企业月报 2023年1-4月\n",
                    "企业月报（单位：千元）\n",
                    "2023年1-3月\n",
                ][next(3)],
            );
        }
        // Half the sheets well formed (code, name, joined value headers, numbers, now and
        // then a bad cell), half drawn from the whole vocabulary.
        let tidy = round % 2 == 0;
        for _ in 0..1 + usize::from(!tidy) * next(2) {
            let row: Vec<&str> = (0..width)
                .map(|c| match (tidy, c) {
                    (true, 0) => "统一社会信用代码",
                    (true, 1) => "企业名称",
                    (true, _) => headers[4 + next(2) * 6],
                    _ => headers[next(headers.len())],
                })
                .collect();
            text.push_str(&row.join(","));
            text.push('\n');
        }
        for _ in 0..next(6) {
            let n = next(5) as u64;
            let row: Vec<String> = (0..width)
                .map(|c| match (tidy, c, next(12)) {
                    (true, 0, _) => code(n),
                    (true, 1, _) => format!("企业{n}"),
                    (true, _, 0) => cells[next(cells.len())].to_string(),
                    (true, _, k) => format!("{}", k * 10),
                    (false, _, 0..=2) => code(n),
                    _ => cells[next(cells.len())].to_string(),
                })
                .collect();
            text.push_str(&row.join(","));
            text.push('\n');
        }
        let name = [
            "企业月报2023年1-4月.csv",
            "月报.csv",
            "企业月报2023年1-3月.csv",
        ][next(3)];
        let options = ImportOptions {
            home_region: Some("鸡西市".into()),
            ..ImportOptions::default()
        };
        let parsed = import::parse_bytes(name, text.as_bytes(), cat, &options);
        let Ok(plan) = import::plan(parsed, None) else {
            continue;
        };
        if plan.check(false).is_err() || plan.returns().rows.added == 0 {
            continue;
        }
        let path = dir.path().join(format!("{round}.imdb"));
        import::commit(&plan, &path, false).expect("commit");
        let ds = crate::store::Dataset::open_read_only(&path).expect("open");
        let mut stored = 0;
        for period in ds.return_periods().expect("periods") {
            let (rows, skipped) = ds.return_rows(period).expect("rows");
            assert!(skipped.is_empty(), "{text}");
            stored += rows.len();
        }
        assert_eq!(stored, plan.returns().rows.added, "{text}");
        written += 1;
    }
    // 26 of the 400 pass with this seed.
    assert!(
        written >= 10,
        "no generated sheet passed: the generator is too harsh"
    );
}
