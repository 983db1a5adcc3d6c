//! Unit tests of the import pipeline on small files in a temporary folder.

use std::path::{Path, PathBuf};

use super::*;
use crate::model::catalogue::{HEILONGJIANG, JIXI, NATION, VA_GROWTH, builtin};
use crate::model::{Period, RequestStatus};

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

pub(super) fn options() -> ImportOptions {
    ImportOptions {
        imported_on: Date::new(2026, 1, 15),
        ..ImportOptions::default()
    }
}

pub(super) fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn parse_text(name: &str, text: &str, opts: &ImportOptions) -> ParsedImport {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = file(dir.path(), name, text);
    parse(&[path], builtin(), opts)
}

/// The value of a whole-region figure.
fn value(
    parsed: &ParsedImport,
    region: &str,
    indicator: &str,
    basis: Basis,
    period: Period,
) -> Option<f64> {
    parsed
        .figures
        .iter()
        .find(|f| {
            let (r, i, s) = parsed.codes(f).expect("codes");
            r == region
                && i == indicator
                && s == crate::model::Subject::Whole
                && f.basis == basis
                && f.period == period
        })
        .map(|f| f.value)
}

fn error_kinds(parsed: &ParsedImport) -> Vec<IssueKind> {
    parsed.errors.items().iter().map(|e| e.kind).collect()
}

#[test]
fn long_table_with_chinese_headers() {
    let parsed = parse_text(
        "long.csv",
        "地区,指标,行业,时期,口径,数值,单位,来源\n\
         鸡西市,规上工业增加值增速,,2023-04,累计,19.2%,%,鸡西市工信局\n\
         全国,规模以上工业增加值增速,,2023年1-4月,,3.6,,国家统计局\n\
         鸡西,工业增加值,石墨,2023-04,当月,\"1,234.5\",万元,\n\
         鸡西市,规上工业增加值增速,,2023-03,ytd,—,,\n",
        &options(),
    );
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    assert_eq!(
        parsed.figures.len(),
        3,
        "the “—” row is a missing figure, not zero"
    );
    assert_eq!(
        value(&parsed, JIXI, VA_GROWTH, Basis::Ytd, p(2023, 4)),
        Some(19.2)
    );
    assert_eq!(
        value(&parsed, NATION, VA_GROWTH, Basis::Ytd, p(2023, 4)),
        Some(3.6)
    );
    let graphite = parsed
        .figures
        .iter()
        .find(|f| matches!(f.subject, SubjectRef::Industry(_)))
        .expect("graphite");
    assert_eq!(graphite.value, 1234.5);
    assert_eq!(graphite.basis, Basis::Month);
    assert_eq!(parsed.sheets[0].layout, SheetLayout::Long);
    // One source per publisher named in 来源, all titled with the file name.
    assert!(parsed.sources.iter().all(|s| s.title == "long.csv"));
    assert!(parsed.sources.iter().any(|s| s.publisher == "国家统计局"));
    assert!(parsed.sources[0].note.contains("2026-01-15"));
}

#[test]
fn long_table_with_english_headers_and_units() {
    let parsed = parse_text(
        "long_en.tsv",
        "Region\tIndicator\tIndustry\tPeriod\tBasis\tValue\tUnit\n\
         Jixi\tvalue added\tgraphite\t2023-04\tytd\t1.5\t亿元\n\
         Jixi\tva growth\t\tJan-Apr 2023\t\t19.2\t%\n",
        &options(),
    );
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    assert_eq!(parsed.figures.len(), 2);
    assert_eq!(parsed.figures[0].value, 15_000.0, "亿元 is stored in 万元");
    assert_eq!(
        value(&parsed, JIXI, VA_GROWTH, Basis::Ytd, p(2023, 4)),
        Some(19.2)
    );
    assert_eq!(parsed.files[0].delimiter, Some('\t'));
}

#[test]
fn bulletin_with_title_and_whole_rows() {
    let parsed = parse_text(
        "bulletin.csv",
        "2023年1-4月全省各市（地）规模以上工业增加值增速（%）,,,\n\
         地区,1-2月,1—3月,1-4月累计\n\
         全省,6.2,5.0,4.1\n\
         全国,2.4,3.0,3.6\n\
         哈尔滨市,5.1,4.0,3.2\n\
         鸡西市,31.1,24.0,19.2\n\
         大兴安岭地区*,—,-,…\n\
         注：大兴安岭地区数据暂缺,,,\n",
        &options(),
    );
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    assert_eq!(parsed.sheets[0].layout, SheetLayout::Wide);
    assert_eq!(
        value(&parsed, JIXI, VA_GROWTH, Basis::Ytd, p(2023, 2)),
        Some(31.1)
    );
    assert_eq!(
        value(&parsed, JIXI, VA_GROWTH, Basis::Ytd, p(2023, 4)),
        Some(19.2)
    );
    assert_eq!(
        value(&parsed, HEILONGJIANG, VA_GROWTH, Basis::Ytd, p(2023, 4)),
        Some(4.1),
        "全省 is Heilongjiang"
    );
    assert_eq!(
        value(&parsed, NATION, VA_GROWTH, Basis::Ytd, p(2023, 3)),
        Some(3.0)
    );
    assert_eq!(parsed.figures.len(), 12);
}

#[test]
fn every_period_header_form() {
    // 1-2月 … 2023-04 … Jan-Apr: one column each, all for Jixi in 2023.
    let parsed = parse_text(
        "forms.csv",
        "鸡西市规模以上工业增加值增速（%）\n\
         地区,1-2月,1—3月,1-4月累计,2023年1-5月,6月,2023-07,Jan-Aug\n\
         鸡西市,31.1,24.0,19.2,18.0,12.0,11.0,17.0\n",
        &ImportOptions {
            year: Some(2023),
            basis: Some(Basis::Ytd),
            ..options()
        },
    );
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    let got: Vec<(u32, Basis, f64)> = parsed
        .figures
        .iter()
        .map(|f| (f.period.month(), f.basis, f.value))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, Basis::Ytd, 31.1),
            (3, Basis::Ytd, 24.0),
            (4, Basis::Ytd, 19.2),
            (5, Basis::Ytd, 18.0),
            (6, Basis::Month, 12.0),
            (7, Basis::Ytd, 11.0),
            (8, Basis::Ytd, 17.0),
        ]
    );
}

#[test]
fn errors_are_located_and_all_listed() {
    let parsed = parse_text(
        "bad.csv",
        "地区,指标,时期,口径,数值\n\
         鸡西市,规上工业增加值增速,2023-04,累计,abc\n\
         鸡溪市,规上工业增加值增速,2023-04,累计,19.2\n\
         鸡西市,规上工业增加值增速,2023-03,累计,1 234,5\n\
         鸡西市,规上工业增加值增速,2023-01,累计,5\n",
        &options(),
    );
    let errors = parsed.errors.items();
    assert_eq!(parsed.errors.total(), 4, "{errors:#?}");
    let bad = &errors[0];
    assert_eq!(bad.kind, IssueKind::BadNumber);
    assert_eq!(bad.at.row, Some(2));
    assert_eq!(bad.at.column_letter().as_deref(), Some("E"));
    assert_eq!(bad.at.column_name.as_deref(), Some("数值"));
    assert_eq!(bad.cell.as_deref(), Some("abc"));
    let unknown = &errors[1];
    assert_eq!(unknown.kind, IssueKind::UnknownRegion);
    assert!(unknown.reason.en.contains("鸡西市"), "{}", unknown.reason);
    assert_eq!(
        unknown.to_string(),
        format!(
            "bad.csv, row 3, column A (地区): “鸡溪市”: {}",
            unknown.reason
        )
    );
    assert_eq!(
        errors[2].kind,
        IssueKind::ColumnCount,
        "an unquoted 1 234,5 splits the row"
    );
    assert_eq!(errors[3].kind, IssueKind::January);
    assert_eq!(errors[3].at.row, Some(5));
    assert!(parsed.figures.is_empty());
}

#[test]
fn a_quoted_decimal_comma_is_a_number_error() {
    let parsed = parse_text(
        "comma.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,\"1 234,5\"\n",
        &options(),
    );
    assert_eq!(error_kinds(&parsed), vec![IssueKind::BadNumber]);
    assert_eq!(parsed.errors.items()[0].cell.as_deref(), Some("1 234,5"));
}

#[test]
fn rows_count_like_a_spreadsheet_across_quoted_line_breaks() {
    let parsed = parse_text(
        "multiline.csv",
        "地区,指标,时期,口径,数值,备注\n\
         鸡西市,规上工业增加值增速,2023-03,累计,24.0,\"第一行\n第二行\"\n\
         鸡西市,规上工业增加值增速,2023-04,累计,bad,\n",
        &options(),
    );
    assert_eq!(parsed.errors.items()[0].at.row, Some(3));
}

#[test]
fn duplicates_within_an_import() {
    let parsed = parse_text(
        "dup.csv",
        "地区,指标,时期,口径,数值\n\
         鸡西市,规上工业增加值增速,2023-04,累计,19.2\n\
         鸡西,规上工业增加值增速,2023年1-4月,累计,19.2\n\
         Jixi,va_growth,2023-04,ytd,19.5\n",
        &options(),
    );
    assert_eq!(error_kinds(&parsed), vec![IssueKind::DuplicateFigure]);
    let e = &parsed.errors.items()[0];
    assert_eq!(e.at.row, Some(4));
    assert!(e.reason.en.contains("row 2"), "{}", e.reason);
}

#[test]
fn january_columns_and_missing_context() {
    let parsed = parse_text(
        "jan.csv",
        "2023年全省各市规模以上工业增加值增速（%）\n地区,1月,1-2月\n鸡西市,30.0,31.1\n",
        &options(),
    );
    assert_eq!(error_kinds(&parsed), vec![IssueKind::January]);
    assert_eq!(
        parsed.errors.items()[0].at.column_letter().as_deref(),
        Some("B")
    );
    let parsed = parse_text(
        "noyear.csv",
        "规模以上工业增加值增速\n地区,1-4月\n鸡西市,19.2\n",
        &options(),
    );
    assert_eq!(error_kinds(&parsed), vec![IssueKind::MissingContext]);
    let parsed = parse_text("noind.csv", "地区,2023年1-4月\n鸡西市,19.2\n", &options());
    assert_eq!(error_kinds(&parsed), vec![IssueKind::MissingContext]);
    let with_option = parse_text(
        "noind.csv",
        "地区,2023年1-4月\n鸡西市,19.2\n",
        &ImportOptions {
            indicator: Some("va_growth".into()),
            ..options()
        },
    );
    assert!(with_option.is_ok(), "{:?}", with_option.errors);
}

#[test]
fn unreadable_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = file(dir.path(), "empty.csv", "");
    let junk = dir.path().join("junk.csv");
    std::fs::write(
        &junk,
        (0..5000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .expect("write");
    let fake = file(dir.path(), "fake.xlsx", "地区,数值\n");
    let notes = file(dir.path(), "notes.csv", "说明\n本文件无数据\n");
    let missing = dir.path().join("missing.csv");
    let parsed = parse(&[empty, junk, fake, notes, missing], builtin(), &options());
    let by_file: Vec<(String, IssueKind)> = parsed
        .errors
        .items()
        .iter()
        .map(|e| (e.at.file.clone(), e.kind))
        .collect();
    assert_eq!(
        by_file,
        vec![
            ("empty.csv".into(), IssueKind::Empty),
            ("junk.csv".into(), IssueKind::Unreadable),
            ("fake.xlsx".into(), IssueKind::Unreadable),
            ("notes.csv".into(), IssueKind::Layout),
            ("missing.csv".into(), IssueKind::Unreadable),
        ]
    );
}

#[test]
fn plan_and_commit_count_added_unchanged_and_conflicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.imdb");
    let first = file(
        dir.path(),
        "a.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,19.2\n全国,规上工业增加值增速,2023-04,累计,3.6\n",
    );
    let report = run(
        std::slice::from_ref(&first),
        &path,
        &options(),
        false,
        false,
    )
    .expect("import");
    assert!(report.created);
    assert_eq!(report.home_region.as_deref(), Some(JIXI));
    assert_eq!(report.figures.added, 2);
    assert_eq!(report.sources, 1);
    let second = file(
        dir.path(),
        "b.csv",
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,19.3\n全国,规上工业增加值增速,2023-04,累计,3.6\n鸡西市,规上工业增加值增速,2023-03,累计,24\n",
    );
    let before = std::fs::read(&path).expect("read");
    let err = run(
        std::slice::from_ref(&second),
        &path,
        &options(),
        false,
        false,
    )
    .expect_err("conflict");
    assert!(
        matches!(&err, ImportError::Conflicts(c) if c.total() == 1),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("the dataset has 19.2, the file has 19.3"),
        "{err}"
    );
    let zh = err.message(Lang::Zh);
    assert!(
        zh.starts_with("1个数据或记录与数据集中的不同，未导入任何数据，数据集保持不变")
            && zh.contains("b.csv，第2行，E列（数值）：鸡西市"),
        "{zh}"
    );
    assert!(zh.contains("：数据集中为19.2，文件中为19.3"), "{zh}");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "unchanged on conflict"
    );
    let dry = run(std::slice::from_ref(&second), &path, &options(), true, true).expect("dry run");
    assert_eq!(
        (
            dry.figures.added,
            dry.figures.replaced,
            dry.figures.unchanged
        ),
        (1, 1, 1)
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "a dry run writes nothing"
    );
    let report = run(&[second], &path, &options(), true, false).expect("replace");
    assert_eq!(
        (
            report.figures.added,
            report.figures.replaced,
            report.figures.unchanged
        ),
        (1, 1, 1)
    );
    let ds = Dataset::open(&path).expect("open");
    let figs = ds.figures_for_regions(&[JIXI]).expect("figures");
    let key = crate::model::SeriesKey::whole(JIXI, VA_GROWTH, Basis::Ytd);
    assert_eq!(figs.value(&key, p(2023, 4)), Some(19.3));
    let fig = figs.get(&key, p(2023, 4)).expect("figure");
    let source = figs.source(fig.source.expect("cited")).expect("source");
    assert_eq!(source.title, "b.csv");
    assert!(!source.illustrative);
}

#[test]
fn register_lists_import_and_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("reg.imdb");
    let code_a = crate::model::credit_code::compose("91", "230300", "MA1B2C3D").expect("code");
    let code_b = crate::model::credit_code::compose("91", "230302", "MA1B2C3E").expect("code");
    let enterprises = file(
        dir.path(),
        "企业名录.csv",
        &format!(
            "企业名称,统一社会信用代码,行业,地区,规上,新兴,专精特新,重点帮扶,民营,包联领导\n\
             鸡西石墨科技有限公司,{code_a},石墨,鸡西市,是,Y,1,√,否,张三\n\
             鸡冠食品有限公司,{code_b},食品,鸡冠区,否,N,0,,是,李四\n"
        ),
    );
    let requests = file(
        dir.path(),
        "诉求.csv",
        &format!(
            "统一社会信用代码,企业名称,提出日期,诉求类别,诉求内容,状态,办结日期\n\
             {code_a},,2023-03-01,融资,流动资金贷款,已解决,2023-04-01\n\
             ,鸡冠食品有限公司,2023/4/2,用地,扩建用地,办理中,\n"
        ),
    );
    let deals = file(
        dir.path(),
        "银企对接.csv",
        &format!(
            "企业名称,统一社会信用代码,银行,金额（亿元）,签约日期,状态\n,{code_a},龙江银行,0.5,2023-04-10,已签约\n"
        ),
    );
    let report = run(
        &[enterprises, requests, deals],
        &path,
        &options(),
        false,
        false,
    )
    .expect("import");
    assert_eq!(report.enterprises.added, 2);
    assert_eq!(report.requests.added, 2);
    assert_eq!(report.deals.added, 1);
    let ds = Dataset::open(&path).expect("open");
    let reg = ds.register().expect("register");
    let a = reg
        .enterprises
        .iter()
        .find(|e| e.credit_code == code_a)
        .expect("a");
    assert!(a.above_size && a.emerging && a.srdi && a.key_support && !a.private);
    assert_eq!(a.industry.as_deref(), Some("graphite"));
    assert_eq!(a.official, "张三");
    let resolved = reg
        .requests
        .iter()
        .find(|q| q.enterprise_id == a.id)
        .expect("request");
    assert_eq!(resolved.status, RequestStatus::Resolved);
    assert_eq!(reg.deals[0].amount_10k_yuan, 5000.0);
    assert_eq!(reg.deals[0].enterprise_id, a.id);

    // The report in either language (English is the Display text).
    assert_eq!(report.text(Lang::En), report.to_string());
    let zh = report.text(Lang::Zh);
    assert!(zh.starts_with("已把3个文件导入"), "{zh}");
    assert!(zh.contains("（新建数据集，本地地区为"), "{zh}");
    assert!(zh.contains("企业名录.csv，UTF-8：企业名录，2条"), "{zh}");
    assert!(
        zh.contains("企业：新增2家，替换0家，未变0家，冲突0家"),
        "{zh}"
    );
    assert!(zh.contains("企业诉求：新增2件"), "{zh}");
    assert!(zh.contains("银企对接：新增1笔"), "{zh}");
    let without_path = zh.replace(&path.display().to_string(), "");
    assert!(english_words(&without_path).is_empty(), "{zh}");
}

#[test]
fn an_enterprise_row_gives_only_the_columns_its_list_has() {
    let code = crate::model::credit_code::compose("91", "230300", "MA1B2C3D").expect("code");
    // Name and code only: no optional field given.
    let parsed = parse_text(
        "名单.csv",
        &format!("企业名称,统一社会信用代码\n甲公司,{code}\n"),
        &options(),
    );
    assert!(parsed.is_ok(), "{:#?}", parsed.errors);
    let row = &parsed.enterprises[0];
    assert_eq!(
        row.columns,
        EnterpriseColumns {
            industry: false,
            region: false,
            above_size: false,
            emerging: false,
            srdi: false,
            key_support: false,
            private: false,
            official: false,
        }
    );
    // Columns present with empty cells: the flag is given as 否, the official as none;
    // an empty region gives nothing (an enterprise always has one).
    let parsed = parse_text(
        "名单.csv",
        &format!("企业名称,统一社会信用代码,重点帮扶,包联领导,地区\n甲公司,{code},,,\n"),
        &options(),
    );
    assert!(parsed.is_ok(), "{:#?}", parsed.errors);
    let row = &parsed.enterprises[0];
    assert!(row.columns.key_support && row.columns.official);
    assert!(!row.columns.region && !row.columns.emerging && !row.columns.industry);
    assert!(!row.enterprise.key_support && row.enterprise.official.is_empty());

    // Merging over a stored enterprise keeps what the row does not give.
    let stored = crate::model::Enterprise {
        id: 7,
        name: "甲公司".into(),
        credit_code: code.clone(),
        industry: Some("graphite".into()),
        region: "230302".into(),
        above_size: true,
        emerging: true,
        srdi: true,
        key_support: true,
        private: true,
        official: "张三".into(),
    };
    let merged = row.columns.merge(&row.enterprise, &stored);
    assert_eq!(
        merged,
        crate::model::Enterprise {
            key_support: false,
            official: String::new(),
            ..stored.clone()
        }
    );
}

#[test]
fn results_can_cross_threads() {
    // A window parses and plans on a worker thread and hands the result back.
    fn send<T: Send + Sync>() {}
    send::<ParsedImport>();
    send::<ImportPlan>();
    send::<ImportReport>();
    send::<ImportError>();
    send::<Progress>();
}

/// True when a text holds a Chinese (Han) character.
fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// English words of a Chinese message that should have been translated (option names such
/// as --year, format names such as CSV and the English spellings a file may use, such as
/// ytd/month, are allowed).
fn english_words(text: &str) -> Vec<String> {
    const UNTRANSLATED: [&str; 16] = [
        "row", "rows", "column", "columns", "sheet", "the", "not", "unknown", "did", "mean", "no",
        "and", "or", "with", "is", "file",
    ];
    text.split(|c: char| !c.is_ascii_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| UNTRANSLATED.contains(&w.as_str()))
        .collect()
}

/// Asserts that every issue and notice reads in Chinese, and in English as before.
fn assert_said_in_chinese(issues: &[Issue], notices: &[Notice]) {
    for issue in issues {
        let zh = issue.text(Lang::Zh);
        assert!(
            has_han(&issue.reason.zh),
            "{:?}: {}",
            issue.kind,
            issue.reason.zh
        );
        assert!(
            english_words(&zh).is_empty(),
            "{:?}: English in “{zh}”: {:?}",
            issue.kind,
            english_words(&zh)
        );
        assert!(zh.ends_with(&issue.reason.zh), "{zh}");
        assert!(!issue.reason.en.is_empty(), "{:?}", issue.kind);
        assert_eq!(issue.text(Lang::En), issue.to_string());
        assert!(issue.to_string().ends_with(&issue.reason.en), "{issue}");
    }
    for notice in notices {
        let zh = notice.text(Lang::Zh);
        assert!(has_han(&notice.message.zh), "{}", notice.message.zh);
        assert!(english_words(&zh).is_empty(), "English in “{zh}”");
        assert_eq!(notice.text(Lang::En), notice.to_string());
    }
}

/// Files that between them make every kind of import error (and some notices); `other`
/// is the credit code of the register's second enterprise.
fn files_with_every_kind_of_error(d: &std::path::Path, other: &str) -> Vec<std::path::PathBuf> {
    let good = crate::model::credit_code::compose("91", "230300", "MA1B2C3D").expect("code");
    let mut wrong = good.clone();
    let last = if wrong.ends_with('0') { "1" } else { "0" };
    wrong.replace_range(17.., last);
    let files = vec![
        // A bad number, an unknown region with a suggestion, an unknown indicator and
        // industry, a bad unit, basis, year and period, a January figure.
        file(
            d,
            "long.csv",
            "地区,指标,行业,年份,时期,口径,数值,单位\n\
             鸡西市,规上工业增加值增速,,,2023-04,累计,abc,%\n\
             鸡溪市,规上工业增加值增速,,,2023-04,累计,19.2,%\n\
             鸡西市,工业增加值增素,,,2023-04,累计,19.2,%\n\
             鸡西市,规上工业增加值增速,石磨,,2023-04,累计,19.2,%\n\
             鸡西市,规上工业增加值增速,,,2023-04,累计,19.2,吨\n\
             鸡西市,规上工业增加值增速,,,2023-04,半年,19.2,%\n\
             鸡西市,规上工业增加值增速,,二三年,2023-04,累计,19.2,%\n\
             鸡西市,规上工业增加值增速,,,2023-01,累计,5,%\n\
             鸡西市,规上工业增加值增速,,,上旬,累计,5,%\n\
             鸡西市,规上工业增加值增速,,,2023-05,累计,\"1 234,5\",%\n\
             ,规上工业增加值增速,,,2023-05,累计,5,%\n\
             鸡西市,规上工业增加值增速,,,2023-06,累计,5,%,多余\n",
        ),
        // A month in the file name, but no year and no period column.
        file(
            d,
            "各市4月.csv",
            "地区,指标,数值\n鸡西市,规上工业增加值增速,19.2\n",
        ),
        // A bulletin without year and without indicator, and a rank column (a notice).
        file(d, "各市.csv", "地区,1-4月,位次\n鸡西市,19.2,1\n"),
        file(d, "无指标.csv", "2023年1-4月\n地区,1-4月\n鸡西市,19.2\n"),
        // The same figure twice with different values.
        file(
            d,
            "dup.csv",
            "地区,指标,时期,口径,数值\n\
             鸡西市,规上工业增加值增速,2023-03,累计,24.0\n\
             鸡西,规上工业增加值增速,2023年1-3月,累计,24.5\n",
        ),
        // The register: a bad credit code, flags, a duplicate, a region that is a whole.
        file(
            d,
            "企业名录.csv",
            &format!(
                "企业名称,统一社会信用代码,行业,地区,规上\n\
                 甲公司,{wrong},石墨,鸡西市,是\n\
                 乙公司,{good},石墨,鸡西市,也许\n\
                 丙公司,{good},石磨,全市,是\n\
                 丁公司,{other},石墨,鸡西市,是\n\
                 ,,,,\n"
            ),
        ),
        // Requests: an unknown enterprise (by name and by code), a name that is not the
        // code's enterprise, a bad date, category and status.
        file(
            d,
            "诉求.csv",
            &format!(
                "统一社会信用代码,企业名称,提出日期,诉求类别,状态\n\
                 ,不存在的公司,2023-03-01,融资,待办\n\
                 {good},,昨天,融资,待办\n\
                 {good},,2023-03-01,吃饭,待办\n\
                 {good},,2023-03-01,融资,不知道\n\
                 {other},戊公司,2023-03-01,融资,待办\n"
            ),
        ),
        // Deals: a negative amount, no bank, a bad date and status.
        file(
            d,
            "银企对接.csv",
            &format!(
                "统一社会信用代码,银行,金额（万元）,签约日期,状态\n\
                 {good},龙江银行,-5,2023-04-10,已签约\n\
                 {good},,5,2023-04-10,已签约\n\
                 {good},龙江银行,5,某日,飞了\n"
            ),
        ),
        // Unreadable files.
        file(d, "empty.csv", ""),
        file(d, "fake.xlsx", "地区,数值\n"),
        file(d, "说明.csv", "说明\n本文件无数据\n"),
        d.join("missing.csv"),
    ];
    std::fs::write(
        d.join("old.xls"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    )
    .expect("write");
    let mut files = files;
    files.push(d.join("old.xls"));
    files
}

/// Every kind of error is found, more than 30 in all, each said in Chinese.
fn assert_every_kind_of_error(plan: &ImportPlan) {
    let kinds: std::collections::HashSet<IssueKind> =
        plan.errors().items().iter().map(|e| e.kind).collect();
    for kind in [
        IssueKind::BadNumber,
        IssueKind::UnknownRegion,
        IssueKind::UnknownIndicator,
        IssueKind::UnknownIndustry,
        IssueKind::BadUnit,
        IssueKind::BadCode,
        IssueKind::BadPeriod,
        IssueKind::January,
        IssueKind::ColumnCount,
        IssueKind::MissingValue,
        IssueKind::MissingContext,
        IssueKind::DuplicateFigure,
        IssueKind::BadCreditCode,
        IssueKind::BadFlag,
        IssueKind::DuplicateEnterprise,
        IssueKind::UnknownEnterprise,
        IssueKind::EnterpriseMismatch,
        IssueKind::BadDate,
        IssueKind::Empty,
        IssueKind::Unreadable,
        IssueKind::Layout,
    ] {
        assert!(kinds.contains(&kind), "no {kind:?} in {:#?}", plan.errors());
    }
    assert!(plan.errors().items().len() > 30, "{:#?}", plan.errors());
    assert_said_in_chinese(plan.errors().items(), plan.parsed().notices.items());
}

/// A few errors and notices as an analyst reads them.
fn assert_read_as_an_analyst_reads_them(plan: &ImportPlan, other: &str) {
    let zh: Vec<String> = plan
        .errors()
        .items()
        .iter()
        .map(|e| e.text(Lang::Zh))
        .collect();
    let has = |s: &str| zh.iter().any(|t| t.contains(s));
    assert!(
        has(
            "long.csv，第3行，A列（地区）：“鸡溪市”：未知地区；是否为“本溪市”、“玉溪市”、“鸡西市”？"
        ),
        "{zh:#?}"
    );
    assert!(
        has("long.csv，第2行，G列（数值）：“abc”：不是数字"),
        "{zh:#?}"
    );
    assert!(
        has("各市4月.csv，第1行：缺少时期：请增加“时期”列"),
        "{zh:#?}"
    );
    assert!(has("：请先导入企业名录"), "{zh:#?}");
    assert!(
        has(&format!(
            "诉求.csv，第6行，B列（企业名称）：“戊公司”：企业名称与统一社会信用代码不属于同一企业：代码{other}属于“丁公司”；请核对后改正其中之一"
        )),
        "{zh:#?}"
    );
    assert!(has("校验码（第18位）应为"), "{zh:#?}");
    assert!(
        has("年份（--year）：“1800”：年份应在1949至2100之间"),
        "{zh:#?}"
    );
    assert!(has("本地地区（--home）：“不存在的地方”："), "{zh:#?}");
    let notices: Vec<String> = plan
        .parsed()
        .notices
        .items()
        .iter()
        .map(|n| n.text(Lang::Zh))
        .collect();
    assert!(
        notices
            .iter()
            .any(|n| n.starts_with("各市.csv：以下列未导入：位次")),
        "{notices:#?}"
    );
}

#[test]
fn every_error_and_notice_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let other = crate::model::credit_code::compose("91", "230300", "MA1B2C3F").expect("code");
    let files = files_with_every_kind_of_error(d, &other);
    let opts = ImportOptions {
        year: Some(1800),
        home_region: Some("不存在的地方".into()),
        ..options()
    };
    let parsed = parse(&files, builtin(), &opts);
    let plan = plan(parsed, None).expect("plan");
    assert_every_kind_of_error(&plan);
    assert_read_as_an_analyst_reads_them(&plan, &other);

    // The refusal itself, in both languages.
    let err = plan.check(false).expect_err("errors");
    let zh = err.message(Lang::Zh);
    assert!(
        zh.starts_with(&format!(
            "发现{}处错误，未导入任何数据，数据集保持不变：\n  ",
            plan.errors().total()
        )),
        "{zh}"
    );
    assert!(english_words(&zh).is_empty(), "{zh}");
    assert_eq!(err.message(Lang::En), err.to_string());
}

#[test]
fn refusals_are_said_in_chinese() {
    assert_eq!(
        ImportError::Cancelled.message(Lang::Zh),
        "导入已取消，数据集保持不变"
    );
    let stale = ImportError::Stale(PathBuf::from("a.imdb"));
    assert_eq!(
        stale.message(Lang::Zh),
        "a.imdb：检查之后数据集已有改动；请重新检查"
    );
    assert_eq!(stale.message(Lang::En), stale.to_string());
    let store = ImportError::Store(crate::store::StoreError::ReadOnly {
        path: PathBuf::from("a.imdb"),
    });
    assert!(
        store.message(Lang::Zh).contains("只读"),
        "{}",
        store.message(Lang::Zh)
    );
}

/// Everything a parse yields, as text, for comparing two parses.
fn parse_dump(parsed: &ParsedImport) -> String {
    format!(
        "{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}",
        parsed.files,
        parsed.sheets,
        parsed.figures,
        parsed.enterprises,
        parsed.requests,
        parsed.deals,
        parsed.returns,
        parsed.return_who,
        parsed.return_columns,
        parsed.sources,
        parsed.errors,
        parsed.notices,
        parsed.home_hints,
        parsed.catalogue == *builtin(),
    )
}

/// Files read in parallel (each into its own part, merged in file order) give exactly the
/// serial parse: records, indices, interned enterprises, sources, errors and notices in the
/// same order, duplicates across files found; also when the parallel parse falls back to
/// the serial one (two enterprise lists, whose duplicates are found across files).
#[test]
fn parallel_parse_gives_the_serial_result() {
    use crate::model::credit_code::compose;
    let code = |n: u32| compose("91", "230300", &format!("MA{n:06}")).expect("code");
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let returns = |month: u32, extra: &str| {
        let mut text = String::from(
            "统一社会信用代码,企业名称,工业总产值本年累计(千元),营业收入同比增长(%)\n",
        );
        for n in 0..30 {
            text.push_str(&format!("{},企业{n},{},5\n", code(n), 1000 + n * month));
        }
        text.push_str(extra);
        file(d, &format!("企业月报2023年1-{month}月.csv"), &text)
    };
    let mut files = vec![
        returns(3, "91230300MA0000019X,坏代码,1,2\n合计,,99,\n"),
        file(
            d,
            "long.csv",
            "地区,指标,时期,口径,数值\n鸡溪市,规上工业增加值增速,2023-03,累计,24.0\n鸡西市,规上工业增加值增速,2023-04,累计,19.2\n",
        ),
        returns(4, &format!("{},企业0改名,5,1\n", code(0))),
        file(
            d,
            "dup.csv",
            "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,19.3\n",
        ),
        file(
            d,
            "企业名录.csv",
            &format!(
                "企业名称,统一社会信用代码,行业,地区\n甲公司,{},石墨,鸡西市\n",
                code(99)
            ),
        ),
        d.join("missing.csv"),
        returns(5, ""),
    ];
    let opts = options();
    let serial = parse_dump(&super::read::parse_with(&files, builtin(), &opts, 1));
    for threads in [2, 3] {
        let parallel = super::read::parse_with(&files, builtin(), &opts, threads);
        assert_eq!(parse_dump(&parallel), serial, "{threads} threads");
    }
    assert!(serial.contains("DuplicateFigure") && serial.contains("BadCreditCode"));
    // A second enterprise list repeating a code: found only across files (the fallback).
    files.push(file(
        d,
        "企业名录2.csv",
        &format!(
            "企业名称,统一社会信用代码,行业,地区\n甲公司,{},石墨,鸡西市\n",
            code(99)
        ),
    ));
    let serial = super::read::parse_with(&files, builtin(), &opts, 1);
    assert!(error_kinds(&serial).contains(&IssueKind::DuplicateEnterprise));
    let parallel = super::read::parse_with(&files, builtin(), &opts, 2);
    assert_eq!(parse_dump(&parallel), parse_dump(&serial));
}
