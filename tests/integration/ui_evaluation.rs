//! The 包联考核 view on a dataset built here through the store API: three officials for
//! 2023年1—4月 (the period ends 2023-04-30), figures worked out on paper from SPEC §10:
//!
//! | official | enterprises (output 万元, this year vs last) | output | investment | requests |
//! |---|---|---|---|---|
//! | 张三 | 甲 120 vs 100, 乙 90 vs 100 | +5.0% (vs city 0.0) | P1 300 vs 200 (plan 600), P2 new 100 (plan 400): +100.0%, plan 40.0% | 3 raised, 1 resolved (满意), 1 overdue: 33.3%, satisfied 100% |
//! | 李四 | 丙 330 vs 300 | +10.0% (+5.0) | P3 150 vs 200 (plan 300): −25.0%, 50.0% | 2, 1 resolved (基本满意), the other resolved only in May (不满意) so overdue: 50%, 50% |
//! | 王五 | 丁 95 vs 100 | −5.0% (−10.0) | none: — | 2, both resolved (one 不满意): 100%, 0% |
//!
//! 戊公司 (100 vs 100) has no official; the city: 735 vs 700 = +5.0%. Scores (60–100):
//! output 86.7 / 100 / 60, investment 100 / 60 / —, resolved 60 / 70 / 100, overdue 60 / 60 /
//! 100, satisfied 100 / 80 / 60. Composite with 40/20/20/10/10: 张三 82.7, 李四 80.0, 王五
//! (investment left out, weights over 80) 75.0. With only 办结率 weighted: 王五 100, 李四 70,
//! 张三 60.

use std::path::{Path, PathBuf};

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use industry_monitor::model::catalogue::VA_GROWTH;
use industry_monitor::model::credit_code::check_character;
use industry_monitor::model::returns::{ReturnIndicator, ReturnRow, ReturnValues};
use industry_monitor::model::{
    Basis, Component, Date, Enterprise, InvestmentProject, Lang, Period, RequestStatus,
    Satisfaction, ServiceRequest, Subject, Weights,
};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::evaluation::table::{EvalColumn, EvalSort};
use industry_monitor::ui::views::{Command, Tab};

fn p(year: i32, month: u32) -> Period {
    Period::new(year, month).expect("period")
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).expect("date")
}

/// A valid credit code for enterprise number `n`.
fn code(n: u32) -> String {
    let first = format!("91230300MA{n:07}");
    let check = check_character(&first).expect("valid body");
    format!("{first}{check}")
}

/// (name, official, output this year, output last year)
const ENTERPRISES: [(&str, &str, f64, f64); 5] = [
    ("甲公司", "张三", 120.0, 100.0),
    ("乙公司", "张三", 90.0, 100.0),
    ("丙公司", "李四", 330.0, 300.0),
    ("丁公司", "王五", 95.0, 100.0),
    ("戊公司", "", 100.0, 100.0),
];

/// (enterprise, raised, resolved, rating)
fn requests() -> Vec<(usize, Date, Option<Date>, Option<Satisfaction>)> {
    use Satisfaction::*;
    vec![
        (0, d(2023, 1, 10), Some(d(2023, 2, 1)), Some(Satisfied)),
        (1, d(2023, 3, 1), None, None),
        (0, d(2023, 4, 20), None, None),
        (0, d(2022, 12, 1), None, None),
        (1, d(2023, 5, 5), None, Some(Dissatisfied)),
        (2, d(2023, 2, 1), Some(d(2023, 2, 20)), Some(Basic)),
        (2, d(2023, 2, 10), Some(d(2023, 5, 10)), Some(Dissatisfied)),
        (3, d(2023, 1, 5), Some(d(2023, 1, 20)), None),
        (3, d(2023, 3, 1), Some(d(2023, 3, 15)), Some(Dissatisfied)),
    ]
}

/// (enterprise, name, period, planned this year, done, done last year)
type ProjectRow = (usize, &'static str, Period, f64, f64, Option<f64>);

fn projects() -> Vec<ProjectRow> {
    vec![
        (0, "P1", p(2023, 3), 600.0, 250.0, Some(150.0)),
        (0, "P1", p(2023, 4), 600.0, 300.0, Some(200.0)),
        (1, "P2", p(2023, 4), 400.0, 100.0, None),
        (2, "P3", p(2023, 4), 300.0, 150.0, Some(200.0)),
    ]
}

/// The dataset of the table above; without officials when `paired` is false.
fn dataset(dir: &Path, paired: bool) -> PathBuf {
    dataset_with(dir, paired, true)
}

/// [`dataset`], without returns and projects when `figures` is false.
fn dataset_with(dir: &Path, paired: bool, figures: bool) -> PathBuf {
    let path = dir.join("evaluation.imdb");
    let meta = DatasetMeta {
        title: "包联考核测试".into(),
        home_region: "230300".into(),
        is_sample: false,
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
            p(2023, 4),
        )
        .expect("key");
        w.figures()?.insert_new(&key, 5.0, None).map_err(&sql)?;
        let mut enterprise_ids = Vec::new();
        for (n, (name, official, _, _)) in ENTERPRISES.iter().enumerate() {
            let enterprise = Enterprise {
                id: 0,
                name: name.to_string(),
                credit_code: code(n as u32),
                industry: Some("coal".into()),
                region: "230302".into(),
                above_size: true,
                emerging: false,
                srdi: false,
                key_support: false,
                private: false,
                official: if paired {
                    official.to_string()
                } else {
                    String::new()
                },
            };
            enterprise_ids.push(w.add_enterprise(&enterprise, None)?);
        }
        for (e, raised, resolved, rating) in requests() {
            let request = ServiceRequest {
                revision: 0,
                id: 0,
                enterprise_id: enterprise_ids[e],
                raised_on: raised,
                category: "financing".into(),
                text: format!("诉求{e}"),
                status: match resolved {
                    Some(_) => RequestStatus::Resolved,
                    None => RequestStatus::Open,
                },
                resolved_on: resolved,
                satisfaction: rating,
            };
            w.save_request(&request, None)?;
        }
        if !figures {
            return Ok(());
        }
        for (e, name, period, planned, done, last) in projects() {
            let project = InvestmentProject {
                id: 0,
                enterprise_id: enterprise_ids[e],
                name: name.into(),
                period,
                planned_total: Some(planned * 3.0),
                planned_year: Some(planned),
                done_ytd: Some(done),
                done_last: last,
            };
            w.add_project(&project, None)?;
        }
        let mut rw = w.returns()?;
        for (n, (_, _, current, last)) in ENTERPRISES.iter().enumerate() {
            let mut row = ReturnRow::new(code(n as u32), p(2023, 4));
            row.set(
                ReturnIndicator::Output,
                ReturnValues {
                    month: None,
                    ytd: Some(*current),
                    ytd_last_year: Some(*last),
                    stated_growth_pct: None,
                },
            );
            rw.put(&row, None).map_err(&sql)?;
        }
        rw.finish().map_err(&sql)
    })
    .expect("write");
    path
}

/// The window on `tab` of the dataset at `path`, its scorecard loaded.
fn window(dir: &Path, path: &Path, tab: Tab) -> Harness<'static, MonitorApp> {
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(ScriptedDialogs::default()),
        Some(dir.join("unused-sample.imdb")),
    );
    app.start(Some(path.to_path_buf()));
    let mut h = common::harness(app);
    h.state_mut().send(Command::SetTab(tab));
    wait_for_scorecard(&mut h);
    h
}

/// Lets the view ask for its scorecard, waits for the worker and draws the result.
fn wait_for_scorecard(h: &mut Harness<'static, MonitorApp>) {
    for _ in 0..3 {
        h.step();
    }
    h.state_mut()
        .session
        .as_mut()
        .expect("session")
        .evaluation
        .wait();
    h.run();
}

/// The officials' names in the order the table shows them.
fn shown(h: &Harness<'_, MonitorApp>) -> Vec<String> {
    let app = h.state();
    let data = app
        .session
        .as_ref()
        .expect("session")
        .evaluation
        .ready()
        .expect("loaded");
    let card = data.card.as_ref().expect("scorecard");
    app.evaluation
        .rows
        .iter()
        .map(|&i| card.officials[i].name.clone())
        .collect()
}

/// The composites as the scorecard holds them, by name, rounded to one decimal.
fn composites(h: &Harness<'_, MonitorApp>) -> Vec<(String, Option<String>)> {
    let data = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .evaluation
        .ready()
        .expect("loaded");
    data.card
        .as_ref()
        .expect("scorecard")
        .officials
        .iter()
        .map(|o| (o.name.clone(), o.score.map(|s| format!("{s:.1}"))))
        .collect()
}

fn click_header(h: &mut Harness<'_, MonitorApp>, header: &str) {
    h.get_by_role_and_label(Role::Button, header).click();
    h.run();
}

#[test]
fn the_officials_are_listed_in_rank_order_with_their_scores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let h = window(dir.path(), &path, Tab::Evaluation);
    assert_eq!(shown(&h), ["张三", "李四", "王五"]);
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        composites(&h),
        [
            ("张三".to_string(), s("82.7")),
            ("李四".to_string(), s("80.0")),
            ("王五".to_string(), s("75.0"))
        ]
    );
    // The header: the period, the city's growth at current prices, the weights in use.
    let period = h.get_by_role_and_label(Role::ComboBox, "考核时期");
    assert_eq!(
        period.accesskit_node().value().as_deref(),
        Some("2023年1—4月")
    );
    h.get_by_label("全市规上工业总产值增速（现价）5.0%");
    h.get_by_label("权重：产值增速40 · 投资增速20 · 诉求办结率20 · 超期诉求10 · 满意率10");
    // Each composite and component score is drawn as a bar with its value: 82.7 once
    // (张三's composite), 80.0 twice (李四's composite and satisfaction score), 86.7 once
    // (张三's output score).
    let count = |text: &str| h.query_all_by_label(text).count();
    assert_eq!(
        [count("82.7"), count("80.0"), count("75.0"), count("86.7")],
        [1, 2, 1, 1]
    );
    // 王五 has no projects: his investment growth, plan completion and its score are —.
    assert_eq!(count("—"), 3);
    h.get_by_label("-10.0"); // 王五 against the city, points
}

#[test]
fn a_click_on_a_header_sorts_and_missing_figures_sort_last() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = window(dir.path(), &path, Tab::Evaluation);
    click_header(&mut h, "产值增速%");
    assert_eq!(
        h.state().evaluation.sort,
        Some(EvalSort {
            column: EvalColumn::OutputGrowth,
            descending: true
        })
    );
    assert_eq!(shown(&h), ["李四", "张三", "王五"]);
    click_header(&mut h, "产值增速% ▼");
    assert_eq!(shown(&h), ["王五", "张三", "李四"]);
    // 王五 has no investment growth: last whichever way.
    click_header(&mut h, "投资增速%");
    assert_eq!(shown(&h), ["张三", "李四", "王五"]);
    click_header(&mut h, "投资增速% ▼");
    assert_eq!(shown(&h), ["李四", "张三", "王五"]);
    // Names sort as text (by code point: 张 U+5F20, 李 U+674E, 王 U+738B); the rank puts
    // them back.
    click_header(&mut h, "包联领导");
    click_header(&mut h, "包联领导 ▲");
    assert_eq!(shown(&h), ["王五", "李四", "张三"]);
    click_header(&mut h, "排名");
    assert_eq!(shown(&h), ["张三", "李四", "王五"]);
}

#[test]
fn a_click_on_an_official_lists_their_enterprises() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = window(dir.path(), &path, Tab::Evaluation);
    h.get_by_label("张三").click();
    h.run();
    let names: Vec<String> = h
        .state()
        .evaluation
        .detail()
        .expect("detail")
        .enterprises
        .iter()
        .map(|e| e.name.clone())
        .collect();
    assert_eq!(names, ["乙公司", "甲公司"]);
    h.get_by_label("张三包联的企业（2户）");
    h.get_by_label("甲公司");
    // 甲: output +20.0%, pull (120 − 100)/700 × 100 = 2.86 points; requests this year 2 (one
    // from 2022 is out), one open since 4月20日 (not overdue); P1 300 against 200.
    h.get_by_label("20.0");
    h.get_by_label("2.86");
    h.get_by_label("2（未办结1/超期0）");
    h.get_by_label("300.0 / 200.0");
    // 乙: −10.0%, the request open since 3月1日 is overdue; P2 is new (0 last year).
    h.get_by_label("1（未办结1/超期1）");
    h.get_by_label("100.0 / 0.0");
    // Another official replaces the list; a click on an enterprise opens its returns.
    h.get_by_label("李四").click();
    h.run();
    h.get_by_label("李四包联的企业（1户）");
    h.get_by_label("丙公司").click();
    // The Returns view starts loading (a spinner): step, do not wait to settle.
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.prefs.tab, Tab::Returns);
    assert_eq!(app.returns.selected, Some(code(2)));
    assert_eq!(app.returns.period, Some(p(2023, 4)));
}

/// Types `text` into the weight field of `component` (a DragValue: a click makes it a text
/// field with its value selected). The fields stand in `Component::ALL` order.
fn type_weight(h: &mut Harness<'_, MonitorApp>, component: Component, text: &str) {
    let mut fields: Vec<_> = h.get_all_by_role(Role::SpinButton).collect();
    assert_eq!(fields.len(), 5, "five weight fields");
    fields.sort_by(|a, b| a.rect().left().total_cmp(&b.rect().left()));
    let field = &fields[component.index()];
    assert_eq!(
        field.accesskit_node().label().as_deref(),
        Some(component.label(Lang::Zh))
    );
    field.click();
    h.run();
    h.get_by_role_and_label(Role::SpinButton, component.label(Lang::Zh))
        .type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn the_weights_editor_refuses_bad_weights_saves_good_ones_and_resets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = window(dir.path(), &path, Tab::Evaluation);
    h.get_by_label("权重设置").click();
    h.run();

    // A negative weight: refused with Weights::validate's message, nothing stored.
    type_weight(&mut h, Component::Overdue, "-5");
    assert_eq!(h.state().evaluation.weights.draft.overdue, -5.0);
    h.get_by_label("保存权重").click();
    h.run();
    h.get_by_label_contains("权重未保存：“超期诉求”的权重 -5 无效");
    let stored = |h: &Harness<'_, MonitorApp>| {
        h.state()
            .session
            .as_ref()
            .expect("session")
            .dataset
            .evaluation_weights()
            .expect("weights")
    };
    assert_eq!(stored(&h), Weights::default());

    // All zero: refused too, in English when the window is.
    for c in Component::ALL {
        type_weight(&mut h, c, "0");
    }
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Save weights").click();
    h.run();
    h.get_by_label_contains("The weights were not saved: the weights cannot all be 0");
    assert_eq!(stored(&h), Weights::default());
    h.get_by_label("中文").click();
    h.run();

    // Only 办结率 weighted: stored, and the scorecard reorders.
    type_weight(&mut h, Component::Resolved, "1");
    h.get_by_label("保存权重").click();
    wait_for_scorecard(&mut h);
    let mut only_resolved = Weights::default();
    for c in Component::ALL {
        only_resolved.set(c, 0.0);
    }
    only_resolved.set(Component::Resolved, 1.0);
    assert_eq!(stored(&h), only_resolved);
    assert_eq!(shown(&h), ["王五", "李四", "张三"]);
    h.get_by_label_contains("权重：产值增速0 · 投资增速0 · 诉求办结率1");

    // Reset: the defaults again, and the first order.
    h.get_by_label("恢复默认（40/20/20/10/10）").click();
    wait_for_scorecard(&mut h);
    assert_eq!(stored(&h), Weights::default());
    assert_eq!(shown(&h), ["张三", "李四", "王五"]);
    assert_eq!(h.state().evaluation.weights.draft, Weights::default());
}

#[test]
fn the_overview_card_names_the_leader_and_opens_the_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = window(dir.path(), &path, Tab::Overview);
    // The Overview's other panels load on workers too; one arriving between finding the card
    // and the click would move the card from under it (this test failed so under load).
    if let Some(s) = h.state_mut().session.as_mut() {
        s.findings.wait();
        s.warnings.wait();
    }
    h.run();
    // The card's title and the tab read the same.
    assert_eq!(h.query_all_by_label("包联考核").count(), 2);
    h.get_by_label("综合得分最高：82.7分 · 2023年1—4月 · 共3位包联领导");
    h.get_by_label("张三").click();
    h.run();
    assert_eq!(h.state().prefs.tab, Tab::Evaluation);
    // The view reads the scorecard the card was drawn from: no second load, and frames do
    // not load again.
    h.run();
    let loads = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .evaluation
        .loads();
    assert_eq!(loads, 1);
    h.get_by_label("82.7");
}

#[test]
fn without_officials_or_figures_the_view_says_what_to_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), false);
    let h = window(dir.path(), &path, Tab::Evaluation);
    h.get_by_label_contains("数据集中还没有包联领导");
    h.get_by_label("导入数据…");
    // The Overview has no card to show.
    let mut h = window(dir.path(), &path, Tab::Overview);
    h.run();
    assert!(h.query_by_label("包联考核").is_some(), "the tab is there");
    assert!(h.query_by_label_contains("综合得分最高").is_none());

    // Officials, requests, but neither returns nor projects: no period to score.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset_with(dir.path(), true, false);
    let h = window(dir.path(), &path, Tab::Evaluation);
    h.get_by_label_contains("数据集中还没有企业月报或投资项目");
    let h = window(dir.path(), &path, Tab::Overview);
    h.get_by_label("尚无企业月报或投资项目");
}

#[test]
fn satisfaction_set_in_the_request_editor_is_stored_and_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let mut h = window(dir.path(), &path, Tab::Enterprises);
    let ding = {
        let app = h.state_mut();
        let s = app.session.as_mut().expect("session");
        s.today = d(2023, 6, 1);
        let ding = s
            .snapshot
            .register
            .enterprises
            .iter()
            .find(|e| e.name == "丁公司")
            .expect("丁公司")
            .id;
        app.enterprises.selected = Some(ding);
        ding
    };
    h.run();
    // 丁公司's two requests: 3月1日 (不满意) shows its rating, 1月5日 is not rated.
    h.get_by_label("满意度");
    h.get_by_label("不满意");
    let raised = h.get_by_label("2023-01-05").rect();
    let edit = h
        .get_all_by_label("编辑")
        .min_by(|a, b| {
            let gap = |n: &egui_kittest::Node<'_>| (n.rect().center().y - raised.center().y).abs();
            gap(a).total_cmp(&gap(b))
        })
        .expect("an Edit button on the row");
    edit.click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "满意度").click();
    h.run();
    h.get_by_label("基本满意").click();
    h.run();
    h.get_by_label("保存").click();
    h.run();
    let stored = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register");
    let rating = |raised_on: Date| {
        stored
            .requests
            .iter()
            .find(|r| r.enterprise_id == ding && r.raised_on == raised_on)
            .map(|r| r.satisfaction)
            .expect("request")
    };
    assert_eq!(rating(d(2023, 1, 5)), Some(Satisfaction::Basic));
    assert_eq!(rating(d(2023, 3, 1)), Some(Satisfaction::Dissatisfied));
    // The log shows the new rating.
    h.get_by_label("基本满意");
}

/// The view on the sample (12 officials, 2023年1—12月), the leader's enterprises open.
#[test]
fn snapshot_evaluation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut().send(Command::SetTab(Tab::Evaluation));
    wait_for_scorecard(&mut h);
    let names = shown(&h);
    assert_eq!(names.len(), 12, "{names:?}");
    h.state_mut().notice = None;
    // One more frame so the labels' positions are those of the settled layout.
    h.run();
    h.get_by_label(&names[0]).click();
    h.run();
    let detail = h.state().evaluation.detail().map(|d| d.official.clone());
    assert_eq!(detail.as_ref(), Some(&names[0]));
    h.snapshot("evaluation");
}

/// A dataset open read-only: the editor says the weights cannot be saved, and its buttons do
/// nothing.
#[test]
fn on_a_read_only_dataset_the_editor_says_the_weights_cannot_be_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path(), true);
    let ds = Dataset::open_read_only(&path).expect("open read-only");
    let session = industry_monitor::ui::session::Session::from_dataset(
        ds,
        Basis::Ytd,
        industry_monitor::model::Lang::Zh,
        None,
    )
    .expect("session");
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(ScriptedDialogs::default()),
        Some(dir.path().join("unused-sample.imdb")),
    );
    app.session = Some(session);
    let mut h = common::harness(app);
    h.state_mut().send(Command::SetTab(Tab::Evaluation));
    wait_for_scorecard(&mut h);
    h.get_by_label("权重设置").click();
    h.run();
    h.get_by_label_contains("数据集为只读打开，权重无法保存");
    h.get_by_label("保存权重").click();
    h.get_by_label("恢复默认（40/20/20/10/10）").click();
    h.run();
    assert!(h.state().notice.is_none(), "nothing was asked of the store");
    assert_eq!(
        Dataset::open(&path)
            .expect("open")
            .evaluation_weights()
            .expect("weights"),
        Weights::default()
    );
}
