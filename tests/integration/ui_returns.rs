//! The Returns view (企业月报) on a dataset built here through the store API: six
//! enterprises with hand-computed figures for 2024年1—4月 (gross output, 万元):
//!
//! | enterprise | county | current | previous | growth | pull (pp) | status |
//! |---|---|---|---|---|---|---|
//! | 甲公司 | 鸡冠区 | 120 | 100 | 20.0 | +4.0 | growing |
//! | 乙公司 | 虎林市 | 80 | 100 | −20.0 | −4.0 | declining |
//! | 丙公司 | 鸡冠区 | 250 | 200 | 25.0 | +10.0 | growing |
//! | 丁公司 | 密山市 | 50 | — | — | — | new |
//! | 戊公司 | 虎林市 | (no return, 规上) | | | | missing |
//! | 己公司 | 密山市 | 90 (April 0) | 100 | −10.0 | −2.0 | stopped |
//!
//! Σcur = 540, Σprev = 500 over the four comparable ones: growth 8.0%; declining 乙 and 己
//! (减产面 50.0%); reporting 5, missing 1, stopped 1. 甲公司 also returned 2024年1—2月 (50)
//! and 1—3月 (85), and 2023's 1—2月 (40), 1—3月 (70), 1—4月 (100): its months are 50, 35,
//! 35 this year against 40, 30, 30 last year; it has one service request and one
//! financing deal. Revenue: only 甲公司, 10 against 8 (25.0%).

use std::path::{Path, PathBuf};

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use industry_monitor::analysis::returns::Status;
use industry_monitor::model::catalogue::VA_GROWTH;
use industry_monitor::model::credit_code::check_character;
use industry_monitor::model::returns::{ReturnIndicator, ReturnRow, ReturnValues};
use industry_monitor::model::{
    Basis, Date, Enterprise, FinancingDeal, Period, RequestStatus, ServiceRequest, Subject,
};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::returns::data::ReturnColumn;
use industry_monitor::ui::views::returns::table::ReturnSort;
use industry_monitor::ui::views::{Command, Tab};

fn p(year: i32, month: u32) -> Period {
    Period::new(year, month).expect("period")
}

/// A valid credit code for enterprise number `n`.
fn code(n: u32) -> String {
    let first = format!("91230300MA{n:07}");
    let check = check_character(&first).expect("valid body");
    format!("{first}{check}")
}

/// (name, county, industry, official, 规上, key support)
const ENTERPRISES: [(&str, &str, &str, &str, bool, bool); 6] = [
    ("甲公司", "230302", "coal", "张三", true, true),
    ("乙公司", "230381", "food", "李四", true, false),
    ("丙公司", "230302", "graphite", "张三", true, false),
    ("丁公司", "230382", "food", "", true, false),
    ("戊公司", "230381", "coal", "李四", true, false),
    ("己公司", "230382", "coal", "王五", true, false),
];

fn output(month: Option<f64>, ytd: f64, last: Option<f64>) -> ReturnValues {
    ReturnValues {
        month,
        ytd: Some(ytd),
        ytd_last_year: last,
        stated_growth_pct: None,
    }
}

/// The returns of the table above.
fn returns() -> Vec<ReturnRow> {
    let row = |n: u32, period: Period, values: ReturnValues| {
        let mut r = ReturnRow::new(code(n), period);
        r.set(ReturnIndicator::Output, values);
        r
    };
    let mut a = row(0, p(2024, 4), output(None, 120.0, Some(100.0)));
    a.set(
        ReturnIndicator::Revenue,
        ReturnValues {
            month: None,
            ytd: Some(10.0),
            ytd_last_year: Some(8.0),
            stated_growth_pct: None,
        },
    );
    vec![
        a,
        row(0, p(2024, 2), output(None, 50.0, None)),
        row(0, p(2024, 3), output(None, 85.0, None)),
        row(0, p(2023, 2), output(None, 40.0, None)),
        row(0, p(2023, 3), output(None, 70.0, None)),
        row(0, p(2023, 4), output(None, 100.0, None)),
        row(1, p(2024, 4), output(None, 80.0, Some(100.0))),
        row(2, p(2024, 4), output(None, 250.0, Some(200.0))),
        row(3, p(2024, 4), output(None, 50.0, None)),
        row(5, p(2024, 4), output(Some(0.0), 90.0, Some(100.0))),
    ]
}

/// A dataset of Jixi with one growth figure (so it opens), the six enterprises and, when
/// `with_returns`, their returns.
fn dataset(dir: &Path, with_returns: bool) -> PathBuf {
    dataset_as(dir, with_returns, false)
}

/// [`dataset`], marked as the bundled sample when `is_sample`.
fn dataset_as(dir: &Path, with_returns: bool, is_sample: bool) -> PathBuf {
    let path = dir.join("returns.imdb");
    let meta = DatasetMeta {
        title: "企业月报测试".into(),
        home_region: "230300".into(),
        is_sample,
    };
    let mut ds = Dataset::create(&path, &meta).expect("create");
    ds.write(|w| -> Result<(), StoreError> {
        let ids = w.ids().clone();
        let wpath = w.path().to_path_buf();
        let sql = industry_monitor::store::sql_err(&wpath);
        let key = ObservationKey::from_codes(
            &ids,
            "230300",
            VA_GROWTH,
            &Subject::Whole,
            Basis::Ytd,
            p(2024, 4),
        )
        .expect("key");
        w.figures()?.insert_new(&key, 5.0, None).map_err(&sql)?;
        for (n, (name, region, industry, official, above, key_support)) in
            ENTERPRISES.iter().enumerate()
        {
            let id = w.add_enterprise(
                &Enterprise {
                    id: 0,
                    name: name.to_string(),
                    credit_code: code(n as u32),
                    industry: Some(industry.to_string()),
                    region: region.to_string(),
                    above_size: *above,
                    emerging: false,
                    srdi: false,
                    key_support: *key_support,
                    private: false,
                    official: official.to_string(),
                },
                None,
            )?;
            if n == 0 {
                let day = Date::new(2024, 3, 15).expect("date");
                w.save_request(
                    &ServiceRequest {
                        revision: 0,
                        id: 0,
                        enterprise_id: id,
                        raised_on: day,
                        category: "financing".into(),
                        text: "申请技改贷款贴息".into(),
                        status: RequestStatus::Open,
                        resolved_on: None,
                        satisfaction: None,
                    },
                    None,
                )?;
                w.add_deal(
                    &FinancingDeal {
                        id: 0,
                        enterprise_id: id,
                        bank: "龙江银行".into(),
                        amount_10k_yuan: 500.0,
                        signed_on: day,
                        status: "signed".into(),
                    },
                    None,
                )?;
                // A project reported for 1—3月 and again (without its plan) for 1—4月.
                for (month, plan, done) in [(3, Some(6000.0), 900.0), (4, None, 1500.0)] {
                    w.add_project(
                        &industry_monitor::model::InvestmentProject {
                            id: 0,
                            enterprise_id: id,
                            name: "石墨深加工项目".into(),
                            period: Period::new(2024, month).expect("period"),
                            planned_total: Some(20_000.0),
                            planned_year: plan,
                            done_ytd: Some(done),
                            done_last: Some(1200.0),
                        },
                        None,
                    )?;
                }
            }
        }
        if with_returns {
            let mut rw = w.returns()?;
            for r in returns() {
                rw.put(&r, None).map_err(&sql)?;
            }
            rw.finish().map_err(&sql)?;
        }
        Ok(())
    })
    .expect("write");
    path
}

/// The window on the Returns tab of the dataset at `path`, its returns loaded.
fn returns_window(
    dir: &Path,
    path: &Path,
    dialogs: ScriptedDialogs,
) -> Harness<'static, MonitorApp> {
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(dialogs),
        Some(dir.join("unused-sample.imdb")),
    );
    app.start(Some(path.to_path_buf()));
    let mut h = common::harness(app);
    h.state_mut().send(Command::SetTab(Tab::Returns));
    wait_for_returns(&mut h);
    h
}

/// Lets the view ask for its returns, waits for the worker and draws the result.
fn wait_for_returns(h: &mut Harness<'static, MonitorApp>) {
    for _ in 0..3 {
        h.step();
    }
    h.state_mut()
        .session
        .as_mut()
        .expect("session")
        .returns
        .wait();
    h.run();
}

/// The names of the table's lines in the order shown.
fn shown_names(h: &Harness<'_, MonitorApp>) -> Vec<String> {
    let app = h.state();
    let data = app
        .session
        .as_ref()
        .expect("session")
        .returns
        .ready()
        .expect("loaded");
    let lines = &data.stats.as_ref().expect("stats").enterprises;
    app.returns
        .shown
        .rows
        .iter()
        .map(|&i| lines[i as usize].name.clone())
        .collect()
}

/// The text of the first row's cell under the column whose header reads `header` (a cell
/// starting within the column's first 70 points: numbers are right-aligned).
fn first_cell(h: &Harness<'_, MonitorApp>, header: &str) -> String {
    let head = h.get_by_role_and_label(Role::Button, header).rect();
    let within = |x: f32| x >= head.left() - 2.0 && x < head.left() + 70.0;
    h.get_all_by_role(Role::Label)
        .filter(|n| within(n.rect().left()) && n.rect().top() >= head.bottom())
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .and_then(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .unwrap_or_else(|| panic!("no row under {header}"))
}

#[test]
fn the_view_shows_the_aggregate_growth_and_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    // The latest period with returns is chosen; the growth is labelled 现价.
    h.get_by_label("2024年1—4月工业总产值增速（现价）");
    h.get_by_label("8.0%");
    h.get_by_label("5户"); // reporting
    h.get_by_label("4户"); // comparable
    h.get_by_label("减产企业（减产面50.0%）");
    h.get_by_label("2户"); // declining: 乙 and the stopped 己
    assert_eq!(
        h.query_all_by_label("1户").count(),
        2,
        "missing 1, stopped 1"
    );
    // The statuses as computed by hand.
    let app = h.state();
    let data = app
        .session
        .as_ref()
        .expect("session")
        .returns
        .ready()
        .expect("loaded");
    let stats = data.stats.as_ref().expect("stats");
    let status_of = |name: &str| {
        stats
            .enterprises
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.status)
            .expect("listed")
    };
    assert_eq!(status_of("己公司"), Status::Stopped);
    assert_eq!(status_of("丁公司"), Status::New);
    assert_eq!(status_of("戊公司"), Status::Missing);
    // The distribution: −20 (乙) in −20…−10, −10 (己) in −10…0, 20 (甲) and 25 (丙) in ≥ 20.
    assert_eq!(data.histogram, [0, 1, 1, 0, 0, 2]);
    // The default order is by pull, largest first, the not comparable and missing last.
    assert_eq!(
        shown_names(&h),
        ["丙公司", "甲公司", "己公司", "乙公司", "丁公司", "戊公司"]
    );
}

#[test]
fn a_click_on_the_pull_header_sorts_and_a_second_reverses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    h.get_by_role_and_label(Role::Button, "拉动(点)").click();
    h.run();
    assert_eq!(
        h.state().returns.sort,
        Some(ReturnSort {
            column: ReturnColumn::Pull,
            descending: true
        })
    );
    h.get_by_role_and_label(Role::Button, "拉动(点) ▼").click();
    h.run();
    // Smallest pull first; the lines without a pull stay last.
    assert_eq!(
        shown_names(&h),
        ["乙公司", "己公司", "甲公司", "丙公司", "丁公司", "戊公司"]
    );
    assert_eq!(first_cell(&h, "企业名称"), "乙公司");
    assert_eq!(first_cell(&h, "拉动(点) ▲"), "-4.00");
}

#[test]
fn filters_keep_the_matching_enterprises_and_their_tally() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    h.state_mut().returns.filter.county = Some("230302".into());
    h.run();
    assert_eq!(shown_names(&h), ["丙公司", "甲公司"]);
    // 370 against 300.
    h.get_by_label("显示2户 · 可比2户 · 合计增速23.3% · 减产0户");

    h.state_mut().returns.filter.county = None;
    h.get_by_label("搜索").click();
    h.run();
    h.get_by_label("搜索").type_text("乙");
    h.run();
    assert_eq!(shown_names(&h), ["乙公司"]);
    assert_eq!(first_cell(&h, "企业名称"), "乙公司");

    h.state_mut().returns.filter.search.clear();
    h.state_mut().returns.filter.status = Some(Status::Declining);
    h.run();
    assert_eq!(
        shown_names(&h),
        ["乙公司"],
        "the stopped 己 has its own status"
    );
    h.state_mut().returns.filter.status = None;
    h.state_mut().returns.filter.official = Some("张三".into());
    h.run();
    assert_eq!(shown_names(&h), ["丙公司", "甲公司"]);
}

#[test]
fn a_click_on_an_enterprise_opens_its_months_against_last_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    h.get_by_label("甲公司").click();
    h.run();
    let detail = h.state().returns.detail().expect("detail").clone();
    assert_eq!(detail.code, code(0));
    assert_eq!(detail.year, 2024);
    assert_eq!(
        &detail.this_year[..3],
        &[Some(50.0), Some(35.0), Some(35.0)]
    );
    assert_eq!(
        &detail.last_year[..3],
        &[Some(40.0), Some(30.0), Some(30.0)]
    );
    assert!(detail.this_year[3..].iter().all(Option::is_none));
    h.get_by_label("工业总产值逐月值（万元，现价）");
    h.get_by_label_contains("包联领导 张三");
    h.get_by_label("企业诉求（1件）");
    h.get_by_label("2024-03-15 · 融资 · 待办 · 申请技改贷款贴息");
    h.get_by_label("银企对接（1笔）");
    h.get_by_label("2024-03-15 · 龙江银行 · 500万元");
    // Its project's latest figures of the year, the plan carried from the 1—3月 list.
    h.get_by_label("2024年投资项目（1个）");
    h.get_by_label("石墨深加工项目 · 1—4月 · 计划总投资2.00亿元 · 年度计划6000万元 · 本年完成1500万元（上年同期1200万元）");
    h.get_by_label("返回图表").click();
    h.run();
    assert!(h.state().returns.detail().is_none());
    h.get_by_label("拉动增长前10户（个百分点）");
}

#[test]
fn a_dataset_without_returns_says_how_to_import_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), false);
    let file = dir.path().join("企业月报2024年1-4月.csv");
    std::fs::write(&file, "统一社会信用代码,企业名称\n").expect("write");
    let dialogs = ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![file]);
    let mut h = returns_window(dir.path(), &path, dialogs);
    h.get_by_label_contains("数据集中还没有企业月报");
    h.get_by_label("导入企业月报…").click();
    common::wait_for_wizard(&mut h, |w| w.plan.is_some() || w.failure.is_some());
    assert_eq!(h.state().prefs.tab, Tab::Data, "the import wizard shows");
}

#[test]
fn another_indicator_loads_again_and_a_frame_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    let loads =
        |h: &Harness<'_, MonitorApp>| h.state().session.as_ref().expect("session").returns.loads();
    let first = loads(&h);
    let rebuilds = h.state().returns.shown.rebuilds;
    h.run();
    assert_eq!(loads(&h), first, "no reload without a change");
    assert_eq!(
        h.state().returns.shown.rebuilds,
        rebuilds,
        "nor a new table"
    );

    h.get_by_label("指标").click();
    h.run();
    h.get_by_label("营业收入").click();
    wait_for_returns(&mut h);
    assert_eq!(loads(&h), first + 1);
    h.get_by_label("2024年1—4月营业收入增速（现价）");
    h.get_by_label("25.0%");
    assert_eq!(shown_names(&h)[0], "甲公司");
}

#[test]
fn snapshot_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    h.state_mut().notice = None;
    h.run();
    h.snapshot("returns");
}

/// The detail of 甲公司: its three months against last year's, its official.
#[test]
fn snapshot_returns_detail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    h.state_mut().notice = None;
    h.get_by_label("甲公司").click();
    h.run();
    h.snapshot("returns_detail");
}

/// In English every label of the view is drawn (a glyph missing from the fonts panics).
#[test]
fn the_view_speaks_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    h.state_mut()
        .send(Command::SetLang(industry_monitor::model::Lang::En));
    h.run();
    h.get_by_label("gross output growth, Jan–Apr 2024 (current prices)");
    h.get_by_label("Declining (decline share 50.0%)");
    h.get_by_role_and_label(Role::Button, "Pull (pp)");
    h.get_by_label("Top 10 pulling down (points)");
}

/// The sample's returns are marked illustrative; a user's own are not.
#[test]
fn the_samples_returns_are_marked_illustrative() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    assert_eq!(h.query_all_by_label("示意数据").count(), 0);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset_as(dir.path(), true, true);
    let h = returns_window(dir.path(), &path, ScriptedDialogs::default());
    h.get_by_label("示意数据");
}
