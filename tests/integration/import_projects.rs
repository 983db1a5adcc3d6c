//! Investment-project lists (投资项目) and the requests' 满意度 imported as a user does
//! (SPEC §4, §10): CSV in UTF-8 and GBK and XLSX read back through the register, conflicts
//! and --replace, the CLI's report line, and bad input that leaves the dataset
//! byte-for-byte unchanged with located errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::import_support::*;
use industry_monitor::import::{self, ImportError, ImportOptions, IssueKind, SheetLayout};
use industry_monitor::model::{Date, Enterprise, InvestmentProject, Lang, Period, Satisfaction};
use industry_monitor::store::Dataset;
use rust_xlsxwriter::Workbook;

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

fn options() -> ImportOptions {
    ImportOptions {
        imported_on: Date::new(2026, 1, 15),
        ..ImportOptions::default()
    }
}

fn import(files: &[PathBuf], into: &Path) -> Result<import::ImportReport, ImportError> {
    import::run(files, into, &options(), false, false)
}

fn import_replacing(files: &[PathBuf], into: &Path) -> Result<import::ImportReport, ImportError> {
    import::run(files, into, &options(), true, false)
}

/// The errors of a failed import.
fn errors(result: Result<import::ImportReport, ImportError>) -> Vec<import::Issue> {
    match result {
        Err(ImportError::Invalid(list)) => list.items().to_vec(),
        Err(other) => panic!("expected located errors, got {other}"),
        Ok(report) => panic!("expected errors, the import succeeded:\n{report}"),
    }
}

/// The sample dataset in `dir` and two of its enterprises.
fn sample(dir: &Path) -> (PathBuf, Enterprise, Enterprise) {
    let path = dir.join("sample.imdb");
    industry_monitor::sample::write(&path).expect("sample");
    let reg = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register");
    (path, reg.enterprises[0].clone(), reg.enterprises[1].clone())
}

/// The stored project of an enterprise with a name and period.
fn project(dataset: &Path, enterprise: i64, name: &str, period: Period) -> InvestmentProject {
    Dataset::open(dataset)
        .expect("open")
        .register()
        .expect("register")
        .projects
        .into_iter()
        .find(|x| x.enterprise_id == enterprise && x.name == name && x.period == period)
        .unwrap_or_else(|| panic!("no project “{name}” {period}"))
}

#[test]
fn projects_lists_in_utf8_and_gbk_are_read_back_from_the_register() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (dataset, a, b) = sample(dir.path());
    let before = Dataset::open(&dataset)
        .expect("open")
        .register()
        .expect("register")
        .projects
        .len();
    // UTF-8: by code, by name, and both; 时期 in three forms with the year from the title.
    let utf8 = format!(
        "2023年重点项目投资完成情况\n\
         统一社会信用代码,企业名称,项目名称,时期,计划总投资（亿元）,年度计划投资,本年累计完成投资,上年同期完成投资\n\
         {},,导入测试甲项目,1—6月,1.5,6000,2500,1800\n\
         ,{},导入测试乙项目,2023-06,0.8,3000,1200,\n\
         {},{},导入测试丙项目,2023年1-6月,0.2,1000,400,300\n",
        a.credit_code, b.name, b.credit_code, b.name
    );
    // GBK (what Chinese Excel writes), English headers, period from the file name.
    let gbk = format!(
        "Credit code,Project,Planned total,Planned this year,Completed YTD,Completed same period last year\n\
         {},导入测试丁项目,500,200,150,100\n",
        a.credit_code
    );
    let files = vec![
        write(dir.path(), "projects.csv", utf8.as_bytes()),
        write(dir.path(), "2023年1-9月项目.csv", &encode(&gbk, Enc::Gbk)),
    ];
    let report = import(&files, &dataset).expect("import");
    assert_eq!(
        (report.projects.added, report.projects.unchanged),
        (4, 0),
        "{report}"
    );
    assert!(
        report
            .sheets
            .iter()
            .all(|s| s.layout == SheetLayout::Projects)
    );
    let all = Dataset::open(&dataset)
        .expect("open")
        .register()
        .expect("register")
        .projects;
    assert_eq!(all.len(), before + 4);
    let first = project(&dataset, a.id, "导入测试甲项目", p(2023, 6));
    assert_eq!(
        (
            first.planned_total,
            first.planned_year,
            first.done_ytd,
            first.done_last
        ),
        (Some(15_000.0), Some(6000.0), Some(2500.0), Some(1800.0)),
        "1.5 亿元 is 15,000 万元"
    );
    let second = project(&dataset, b.id, "导入测试乙项目", p(2023, 6));
    assert_eq!(second.done_last, None, "empty: the project had not started");
    project(&dataset, b.id, "导入测试丙项目", p(2023, 6));
    let gbk_row = project(&dataset, a.id, "导入测试丁项目", p(2023, 9));
    assert_eq!(gbk_row.done_ytd, Some(150.0));

    // The same lists again change nothing.
    let again = import(&files, &dataset).expect("again");
    assert_eq!((again.projects.added, again.projects.unchanged), (0, 4));
}

#[test]
fn an_xlsx_projects_sheet_names_enterprises_listed_beside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lists.xlsx");
    let code = credit_code(31);
    let mut wb = Workbook::new();
    let ent = wb.add_worksheet();
    ent.set_name("企业").expect("name");
    ent.write_row(0, 0, ["企业名称", "统一社会信用代码", "包联领导"])
        .expect("header");
    ent.write_row(1, 0, ["鸡西石墨烯科技有限公司", code.as_str(), "王五"])
        .expect("row");
    let proj = wb.add_worksheet();
    proj.set_name("项目").expect("name");
    proj.write_string(0, 0, "2023年1-6月重点项目进度（单位：万元）")
        .expect("title");
    proj.write_row(
        1,
        0,
        [
            "序号",
            "企业名称",
            "项目名称",
            "计划总投资",
            "年度计划投资",
            "1-6月完成投资",
            "去年同期",
        ],
    )
    .expect("header");
    proj.write_number(2, 0, 1).expect("n");
    proj.write_string(2, 1, "鸡西石墨烯科技有限公司")
        .expect("w");
    proj.write_string(2, 2, "石墨烯薄膜生产线").expect("w");
    for (c, v) in [(3, 20_000.0), (4, 8_000.0), (5, 3_500.5), (6, 2_000.0)] {
        proj.write_number(2, c, v).expect("w");
    }
    proj.write_string(3, 0, "合计").expect("w");
    proj.write_number(3, 3, 20_000.0).expect("w");
    wb.save(&path).expect("save");

    let into = dir.path().join("new.imdb");
    let report = import(&[path], &into).expect("import");
    assert_eq!((report.enterprises.added, report.projects.added), (1, 1));
    assert!(report.text(Lang::Zh).contains("已跳过合计行"), "{report}");
    let reg = Dataset::open(&into)
        .expect("open")
        .register()
        .expect("register");
    let e = &reg.enterprises[0];
    assert_eq!(reg.projects.len(), 1);
    let got = &reg.projects[0];
    assert_eq!(
        (
            got.enterprise_id,
            got.name.as_str(),
            got.period,
            got.done_ytd,
            got.done_last
        ),
        (
            e.id,
            "石墨烯薄膜生产线",
            p(2023, 6),
            Some(3500.5),
            Some(2000.0)
        )
    );
}

#[test]
fn a_changed_project_is_a_conflict_until_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (dataset, a, _) = sample(dir.path());
    let list = |done: &str| {
        format!(
            "统一社会信用代码,项目名称,时期,计划总投资,年度计划投资,本年累计完成投资,上年同期完成投资\n\
             {},冲突测试项目,2023-06,1000,400,{done},100\n",
            a.credit_code
        )
    };
    let first = vec![write(dir.path(), "p1.csv", list("300").as_bytes())];
    assert_eq!(import(&first, &dataset).expect("first").projects.added, 1);
    let changed = vec![write(dir.path(), "p2.csv", list("350").as_bytes())];
    let before = bytes(&dataset);
    match import(&changed, &dataset) {
        Err(ImportError::Conflicts(list)) => {
            assert_eq!(list.total(), 1);
            let c = &list.items()[0];
            assert_eq!(c.at.row, Some(2));
            assert!(c.what.contains("冲突测试项目"), "{c}");
            assert!(c.old.zh.contains("本年累计完成投资 300"), "{}", c.old.zh);
            assert!(c.new.zh.contains("本年累计完成投资 350"), "{}", c.new.zh);
            assert!(c.new.en.contains("completed year to date 350"), "{c}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(bytes(&dataset), before, "a conflict writes nothing");
    let report = import_replacing(&changed, &dataset).expect("replace");
    assert_eq!(
        (report.projects.replaced, report.projects.added),
        (1, 0),
        "{report}"
    );
    assert_eq!(
        project(&dataset, a.id, "冲突测试项目", p(2023, 6)).done_ytd,
        Some(350.0)
    );
    let again = import(&changed, &dataset).expect("again");
    assert_eq!(again.projects.unchanged, 1);

    // A progress list with only 本年累计完成投资 keeps the stored plan and last year's
    // figure: the same done amount is unchanged, a new one replaces only that column.
    let progress = |done: &str| {
        format!(
            "统一社会信用代码,项目名称,时期,本年累计完成投资\n{},冲突测试项目,2023-06,{done}\n",
            a.credit_code
        )
    };
    let same = vec![write(dir.path(), "p3.csv", progress("350").as_bytes())];
    assert_eq!(import(&same, &dataset).expect("same").projects.unchanged, 1);
    let more = vec![write(dir.path(), "p4.csv", progress("420").as_bytes())];
    match import(&more, &dataset) {
        Err(ImportError::Conflicts(list)) => {
            let c = &list.items()[0];
            assert!(c.new.zh.contains("年度计划投资 400"), "{}", c.new.zh);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    import_replacing(&more, &dataset).expect("replace the done amount");
    let stored = project(&dataset, a.id, "冲突测试项目", p(2023, 6));
    assert_eq!(
        (
            stored.planned_total,
            stored.planned_year,
            stored.done_ytd,
            stored.done_last
        ),
        (Some(1000.0), Some(400.0), Some(420.0), Some(100.0))
    );
}

#[test]
fn the_cli_import_reports_the_projects_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (dataset, a, b) = sample(dir.path());
    let list = format!(
        "统一社会信用代码,项目名称,时期,计划总投资,本年完成投资\n\
         {},命令行项目一,2023-06,100,40\n\
         {},命令行项目二,2023-06,200,90\n",
        a.credit_code, b.credit_code
    );
    let file = write(dir.path(), "projects.csv", list.as_bytes());
    let run = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
            .args(["import", "--lang", lang, "--into"])
            .arg(&dataset)
            .arg(&file)
            .output()
            .expect("run")
    };
    let out = run("zh");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("投资项目：新增2个，替换0个，未变0个，冲突0个"),
        "{text}"
    );
    assert!(text.contains("投资项目，2条"), "{text}");
    let out = run("en");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("investment projects: 0 added, 0 replaced, 2 unchanged, 0 conflicts"),
        "{text}"
    );
}

#[test]
fn 满意度_is_imported_read_back_and_follows_the_request_conflict_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (dataset, a, _) = sample(dir.path());
    let rated = |rating: &str| {
        format!(
            "统一社会信用代码,提出日期,诉求类别,诉求内容,状态,办结日期,满意度评价\n\
             {},2023-05-02,融资,满意度测试贷款,已解决,2023-05-20,{rating}\n\
             {},2023-05-03,用工,满意度测试招工,办理中,,\n",
            a.credit_code, a.credit_code
        )
    };
    let stored = |text: &str| {
        Dataset::open(&dataset)
            .expect("open")
            .register()
            .expect("register")
            .requests
            .into_iter()
            .find(|q| q.enterprise_id == a.id && q.text == text)
            .expect("request")
    };
    let first = vec![write(dir.path(), "诉求1.csv", rated("基本满意").as_bytes())];
    assert_eq!(import(&first, &dataset).expect("import").requests.added, 2);
    assert_eq!(
        stored("满意度测试贷款").satisfaction,
        Some(Satisfaction::Basic)
    );
    assert_eq!(
        stored("满意度测试招工").satisfaction,
        None,
        "empty: not rated"
    );

    // A new rating for the same request is a conflict, replaced only with --replace.
    let second = vec![write(dir.path(), "诉求2.csv", rated("不满意").as_bytes())];
    let before = bytes(&dataset);
    match import(&second, &dataset) {
        Err(ImportError::Conflicts(list)) => {
            assert_eq!(list.total(), 1);
            let c = &list.items()[0];
            assert!(
                c.old.zh.contains("基本满意") && c.new.zh.contains("不满意"),
                "{c:?}"
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(bytes(&dataset), before);
    import_replacing(&second, &dataset).expect("replace");
    assert_eq!(
        stored("满意度测试贷款").satisfaction,
        Some(Satisfaction::Dissatisfied)
    );

    // A list without the column keeps the rating: unchanged, and a replaced status keeps it.
    let plain = format!(
        "统一社会信用代码,提出日期,诉求类别,诉求内容,状态,办结日期\n\
         {},2023-05-02,融资,满意度测试贷款,已解决,2023-05-21\n",
        a.credit_code
    );
    let third = vec![write(dir.path(), "诉求3.csv", plain.as_bytes())];
    let report = import_replacing(&third, &dataset).expect("replace the date");
    assert_eq!(report.requests.replaced, 1);
    let q = stored("满意度测试贷款");
    assert_eq!(
        (q.resolved_on, q.satisfaction),
        (Date::new(2023, 5, 21), Some(Satisfaction::Dissatisfied))
    );
}

/// Imports a bad file into the sample and returns its errors, checking the dataset file is
/// byte-for-byte unchanged.
fn refused(dir: &Path, dataset: &Path, name: &str, text: &str) -> Vec<import::Issue> {
    let before = bytes(dataset);
    let file = write(dir, name, text.as_bytes());
    let found = errors(import(&[file], dataset));
    assert_eq!(bytes(dataset), before, "{name}: the dataset changed");
    found
}

#[test]
fn bad_project_and_satisfaction_cells_are_located_errors_that_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (dataset, a, b) = sample(dir.path());
    let header = "统一社会信用代码,企业名称,项目名称,时期,计划总投资,本年累计完成投资\n";

    // An unknown enterprise: located, with the closest names.
    let mut typo: Vec<char> = a.name.chars().collect();
    let last = typo.len() - 3;
    typo[last] = '甲';
    let typo: String = typo.into_iter().collect();
    let found = refused(
        dir.path(),
        &dataset,
        "unknown.csv",
        &format!("{header},{typo},某项目,2023-06,100,50\n"),
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let e = &found[0];
    assert_eq!(
        (
            e.kind,
            e.at.row,
            e.at.column_letter().as_deref(),
            e.cell.as_deref()
        ),
        (
            IssueKind::UnknownEnterprise,
            Some(2),
            Some("B"),
            Some(typo.as_str())
        )
    );
    assert!(
        e.reason.en.contains("did you mean") && e.reason.en.contains(&a.name),
        "{e}"
    );
    assert!(
        e.reason.zh.contains(&format!("“{}”", a.name)),
        "{}",
        e.reason.zh
    );

    // A code and a name of two enterprises.
    let found = refused(
        dir.path(),
        &dataset,
        "mismatch.csv",
        &format!(
            "{header}{},{},某项目,2023-06,100,50\n",
            a.credit_code, b.name
        ),
    );
    assert_eq!(found[0].kind, IssueKind::EnterpriseMismatch);
    assert_eq!(found[0].at.column_letter().as_deref(), Some("B"));

    // A negative investment, at its cell.
    let found = refused(
        dir.path(),
        &dataset,
        "negative.csv",
        &format!("{header}{},,某项目,2023-06,100,-50\n", a.credit_code),
    );
    let e = &found[0];
    assert_eq!(
        (
            e.kind,
            e.at.row,
            e.at.column_letter().as_deref(),
            e.cell.as_deref()
        ),
        (IssueKind::BadNumber, Some(2), Some("F"), Some("-50"))
    );
    assert!(e.reason.en.contains("negative"), "{e}");

    // A non-number amount.
    let found = refused(
        dir.path(),
        &dataset,
        "word.csv",
        &format!("{header}{},,某项目,2023-06,\"1 234,5\",50\n", a.credit_code),
    );
    let e = &found[0];
    assert_eq!(
        (e.kind, e.at.column_letter().as_deref()),
        (IssueKind::BadNumber, Some("E"))
    );
    assert!(e.reason.en.contains("not a number"), "{e}");

    // An unknown 满意度 word lists the accepted ones.
    let found = refused(
        dir.path(),
        &dataset,
        "诉求.csv",
        &format!(
            "统一社会信用代码,提出日期,诉求类别,满意度\n{},2023-05-02,融资,很好\n",
            a.credit_code
        ),
    );
    let e = &found[0];
    assert_eq!(
        (
            e.kind,
            e.at.row,
            e.at.column_letter().as_deref(),
            e.cell.as_deref()
        ),
        (IssueKind::BadCode, Some(2), Some("D"), Some("很好"))
    );
    for word in ["满意", "基本满意", "不满意"] {
        assert!(e.reason.zh.contains(word), "{}", e.reason.zh);
    }
    assert!(e.reason.en.contains("fairly satisfied"), "{e}");
}

#[test]
fn completed_above_the_planned_total_is_a_notice_and_still_imported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (dataset, a, _) = sample(dir.path());
    let file = write(
        dir.path(),
        "projects.csv",
        format!(
            "统一社会信用代码,项目名称,时期,计划总投资,本年累计完成投资\n\
             {},超计划测试项目,2023-06,800,950\n",
            a.credit_code
        )
        .as_bytes(),
    );
    let report = import(&[file], &dataset).expect("import");
    assert_eq!(report.projects.added, 1);
    let notice = report
        .notices
        .items()
        .iter()
        .find(|n| n.message.zh.contains("超计划测试项目"))
        .expect("a notice");
    assert_eq!(notice.at.row, Some(2));
    assert!(notice.message.zh.contains("950") && notice.message.zh.contains("800"));
    let zh = report.text(Lang::Zh);
    assert!(
        zh.contains("第2行") && zh.contains("大于计划总投资800万元"),
        "{zh}"
    );
    assert_eq!(
        project(&dataset, a.id, "超计划测试项目", p(2023, 6)).done_ytd,
        Some(950.0)
    );
}

#[test]
fn the_import_wizard_previews_and_reports_projects() {
    use egui_kittest::kittest::Queryable;
    use industry_monitor::ui::dialogs::ScriptedDialogs;
    let checked = |w: &industry_monitor::ui::views::import_wizard::ImportWizard| {
        w.plan.is_some() || w.failure.is_some()
    };
    let committed = |w: &industry_monitor::ui::views::import_wizard::ImportWizard| {
        w.report.is_some() || w.failure.is_some()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    // The sample is the same every time: its enterprises' codes are the window's.
    let codes = dir.path().join("codes");
    std::fs::create_dir(&codes).expect("mkdir");
    let (_, a, b) = sample(&codes);
    let file = write(
        dir.path(),
        "projects.csv",
        format!(
            "统一社会信用代码,项目名称,时期,计划总投资,本年完成投资\n\
             {},窗口项目一,2023-06,100,40\n\
             {},窗口项目二,2023-06,200,90\n",
            a.credit_code, b.credit_code
        )
        .as_bytes(),
    );
    let dialogs = ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![file]);
    let app = crate::common::app_on_sample_with(dir.path(), dialogs);
    let path = app.session.as_ref().expect("session").path();
    let mut h = crate::common::harness(app);
    h.run();
    h.get_by_label("数据").click();
    h.run();
    h.get_by_label("导入数据…").click();
    crate::common::wait_for_wizard(&mut h, checked);
    h.get_by_label_contains("投资项目：新增2、不变0、与现有数值不同0");
    h.get_by_label("确认导入").click();
    crate::common::wait_for_wizard(&mut h, committed);
    h.get_by_label_contains("投资项目新增2个、替换0个");
    let stored = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register")
        .projects;
    assert!(
        stored
            .iter()
            .any(|x| x.name == "窗口项目二" && x.enterprise_id == b.id)
    );
}

#[test]
fn the_same_project_twice_in_an_import_is_one_project_or_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (dataset, a, _) = sample(dir.path());
    let header = "统一社会信用代码,企业名称,项目名称,时期,计划总投资,本年累计完成投资\n";
    // By code in one row and by name in the other: the same enterprise, the same figures.
    let same = format!(
        "{header}{},,重复测试项目,2023-06,100,50\n,{},重复测试项目,2023年1-6月,100,50\n",
        a.credit_code, a.name
    );
    let file = write(dir.path(), "same.csv", same.as_bytes());
    let report = import(&[file], &dataset).expect("import");
    assert_eq!(report.projects.added, 1, "{report}");
    // Other figures for the same key: an error naming the first row.
    let other = format!(
        "{header}{},,另一重复项目,2023-06,100,50\n,{},另一重复项目,2023-06,100,60\n",
        a.credit_code, a.name
    );
    let found = refused(dir.path(), &dataset, "other.csv", &other);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].kind, found[0].at.row),
        (IssueKind::DuplicateFigure, Some(3))
    );
    assert!(
        found[0].reason.zh.contains("第2行"),
        "{}",
        found[0].reason.zh
    );
}

#[test]
fn the_import_wizard_imports_ratings_given_afterwards() {
    use egui_kittest::kittest::Queryable;
    use industry_monitor::ui::dialogs::ScriptedDialogs;
    let checked = |w: &industry_monitor::ui::views::import_wizard::ImportWizard| {
        w.plan.is_some() || w.failure.is_some()
    };
    let committed = |w: &industry_monitor::ui::views::import_wizard::ImportWizard| {
        w.report.is_some() || w.failure.is_some()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let codes = dir.path().join("codes");
    std::fs::create_dir(&codes).expect("mkdir");
    let (_, a, _) = sample(&codes);
    let list = |rating: &str| {
        format!(
            "统一社会信用代码,提出日期,诉求类别,诉求内容,状态,办结日期,满意度\n\
             {},2023-05-02,融资,事后评价测试贷款,已解决,2023-05-20,{rating}\n",
            a.credit_code
        )
    };
    let first = write(dir.path(), "诉求.csv", list("").as_bytes());
    let rated = write(dir.path(), "诉求评价.csv", list("满意").as_bytes());
    let dialogs = ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![first]);
    dialogs.imports.borrow_mut().push(vec![rated]);
    let app = crate::common::app_on_sample_with(dir.path(), dialogs);
    let path = app.session.as_ref().expect("session").path();
    let mut h = crate::common::harness(app);
    h.run();
    h.get_by_label("数据").click();
    h.run();
    h.get_by_label("导入数据…").click();
    crate::common::wait_for_wizard(&mut h, checked);
    h.get_by_label("确认导入").click();
    crate::common::wait_for_wizard(&mut h, committed);
    // The same request, now rated: a conflict the user may replace (before the fix the
    // wizard said there was nothing to import and never offered to).
    h.get_by_label("导入数据…").click();
    crate::common::wait_for_wizard(&mut h, checked);
    h.get_by_label_contains("诉求：新增0、不同1");
    assert!(
        h.query_by_label("确认导入").is_none(),
        "not without replacing"
    );
    h.get_by_label("用导入的数值替换这些数值").click();
    h.run();
    h.get_by_label("确认导入").click();
    crate::common::wait_for_wizard(&mut h, committed);
    let rating = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register")
        .requests
        .into_iter()
        .find(|q| q.text == "事后评价测试贷款")
        .and_then(|q| q.satisfaction);
    assert_eq!(rating, Some(Satisfaction::Satisfied));
}
