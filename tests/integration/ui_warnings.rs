//! The Overview's 预警 panel and the thresholds editor (issue 16, SPEC §13) on the sample at
//! 2023年1—5月, where `industry-monitor warnings` lists 16: 预警 7 (麻山区 and 梨树区 below
//! the city, 麻山区 below its target, 城子河裕丰煤化工 pulling the growth down 1.62 points,
//! three requests open 70–81 days) and 关注 9 (鸡冠区, 虎林市 and 密山市 below the city,
//! 鸡西市's streak at first ended, five requests open 34–54 days).

use std::path::Path;

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use industry_monitor::model::warning::{Levels, Rule, Severity, Thresholds, WarningSubject};
use industry_monitor::model::{Basis, Lang, Period};
use industry_monitor::store::Dataset;
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::session::Session;
use industry_monitor::ui::views::ranking::Scope;
use industry_monitor::ui::views::warnings::load::WarningsData;
use industry_monitor::ui::views::{Command, Tab};

const STREAK: &str = "鸡西市此前连续3个月居第1位，本期降至第2位";
const DECLINING: &str =
    "城子河裕丰煤化工有限公司工业总产值（现价）下降21.5%，拉低规上企业产值增速1.62个百分点";
const MASHAN: &str = "麻山区规上工业增加值增长5.7%，低于全市10.6个百分点";

fn may_2023() -> Period {
    Period::new(2023, 5).expect("period")
}

/// The window on the Overview of `app` at 2023年1—5月, its warnings loaded.
fn overview_of(app: MonitorApp) -> Harness<'static, MonitorApp> {
    let mut h = common::harness(app);
    h.state_mut().send(Command::SelectPeriod(may_2023()));
    h.state_mut().send(Command::SetTab(Tab::Overview));
    wait_for_warnings(&mut h);
    h.state_mut().notice = None;
    h.run();
    h
}

/// The window on the sample's Overview at 2023年1—5月.
fn sample_overview(dir: &Path) -> Harness<'static, MonitorApp> {
    overview_of(common::app_on_sample(dir))
}

/// Lets the panel ask for its warnings, waits for the worker and draws the result.
fn wait_for_warnings(h: &mut Harness<'static, MonitorApp>) {
    for _ in 0..3 {
        h.step();
    }
    h.state_mut()
        .session
        .as_mut()
        .expect("session")
        .warnings
        .wait();
    h.run();
}

fn loaded(h: &Harness<'_, MonitorApp>) -> WarningsData {
    h.state()
        .session
        .as_ref()
        .expect("session")
        .warnings
        .ready()
        .expect("the warnings are loaded")
        .clone()
}

/// The credit code or region code of the warning whose sentence is `text`.
fn subject_code(h: &Harness<'_, MonitorApp>, text: &str) -> String {
    let data = loaded(h);
    let w = data
        .list
        .iter()
        .find(|w| w.text.zh == text)
        .expect("the warning is listed");
    match &w.subject {
        WarningSubject::Region { code, .. } | WarningSubject::Enterprise { code, .. } => {
            code.clone()
        }
        WarningSubject::Official { name } => name.clone(),
    }
}

#[test]
fn the_panel_counts_by_severity_and_lists_the_sentences() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = sample_overview(dir.path());
    let data = loaded(&h);
    assert_eq!(data.key.period, may_2023());
    assert_eq!(
        (data.count(Severity::Alert), data.count(Severity::Watch)),
        (7, 9)
    );
    h.get_by_label("需关注的问题（2023年1—5月）");
    h.get_by_label("全部 16");
    h.get_by_label("预警 7");
    h.get_by_label("关注 9");
    h.get_by_label(STREAK);
    h.get_by_label(DECLINING);
    // Each line says its rule; five regions are below the city.
    assert_eq!(h.query_all_by_label("增速低于上级").count(), 5);
    assert_eq!(h.query_all_by_label("诉求超期未办结").count(), 8);
    // A frame does not check again.
    let loads = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .warnings
        .loads();
    h.run_steps(3);
    assert_eq!(
        h.state()
            .session
            .as_ref()
            .expect("session")
            .warnings
            .loads(),
        loads
    );

    // 关注 only: the nine lines, and the 预警 ones are gone.
    h.get_by_label("关注 9").click();
    h.run();
    assert_eq!(h.state().overview.warnings.filter, Some(Severity::Watch));
    h.get_by_label(STREAK);
    assert!(h.query_by_label(DECLINING).is_none());
    assert_eq!(h.query_all_by_label("关注").count(), 9, "nine badges");
    // A second click shows them all again.
    h.get_by_label("关注 9").click();
    h.run();
    assert_eq!(h.state().overview.warnings.filter, None);
    h.get_by_label(DECLINING);

    // In English the same warnings say their English sentences.
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Alert 7");
    h.get_by_label("Watch 9");
    let streak_en = data
        .list
        .iter()
        .find(|w| w.text.zh == STREAK)
        .map(|w| w.text.en.clone())
        .expect("the streak");
    assert!(streak_en.starts_with("Jixi"), "{streak_en}");
    h.get_by_label(&streak_en);
    assert!(h.query_by_label(STREAK).is_none());

    // The panel follows the window's period: 1—4月 has 预警 4 and 关注 11.
    h.get_by_label("中文").click();
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.run();
    wait_for_warnings(&mut h);
    h.get_by_label("需关注的问题（2023年1—4月）");
    h.get_by_label("预警 4");
    h.get_by_label("关注 11");
    assert!(
        h.query_by_label(STREAK).is_none(),
        "the streak runs on at 1—4月"
    );
}

#[test]
fn a_click_on_a_region_warning_shows_it_in_the_ranking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = sample_overview(dir.path());
    let mashan = subject_code(&h, MASHAN);
    // The city's streak: the Ranking view among the province's cities, Jixi the subject.
    h.get_by_label("关注 9").click();
    h.run();
    // The line is one button for the keyboard and screen readers; a click on it counts.
    h.get_by_role_and_label(Role::Button, &format!("关注：连续保持中断：{STREAK}"))
        .click();
    h.run();
    {
        let app = h.state();
        assert_eq!(app.prefs.tab, Tab::Ranking);
        assert_eq!(app.ranking.scope, Scope::Cities);
        let s = app.session.as_ref().expect("session");
        assert_eq!(s.snapshot.context.region.code, "230300");
        assert_eq!(s.selection.period, may_2023(), "the period stays");
    }
    // A county below the city: it becomes the subject, among the city's counties.
    h.state_mut().send(Command::SetTab(Tab::Overview));
    h.run();
    h.get_by_label("全部 16").click();
    h.run();
    h.get_by_label(MASHAN).click();
    h.run();
    let app = h.state();
    assert_eq!(app.prefs.tab, Tab::Ranking);
    assert_eq!(app.ranking.scope, Scope::Counties);
    let s = app.session.as_ref().expect("session");
    assert_eq!(s.snapshot.context.region.code, mashan);
    assert_eq!(s.snapshot.context.region.name_zh, "麻山区");
    assert_eq!(s.selection.period, may_2023());
    h.get_by_label("当前地区：麻山区");
}

#[test]
fn a_click_on_an_enterprise_warning_opens_its_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = sample_overview(dir.path());
    let code = subject_code(&h, DECLINING);
    h.get_by_label(DECLINING).click();
    // The Returns view starts loading (a spinner): step, do not wait to settle.
    h.run_steps(2);
    h.state_mut()
        .session
        .as_mut()
        .expect("session")
        .returns
        .wait();
    h.run();
    let app = h.state();
    assert_eq!(app.prefs.tab, Tab::Returns);
    assert_eq!(app.returns.selected.as_deref(), Some(code.as_str()));
    assert_eq!(app.returns.period, Some(may_2023()));
    assert_eq!(app.returns.detail().expect("the detail").code, code);
}

#[test]
fn a_click_on_an_official_warning_selects_them_in_the_scorecard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::sample_dataset(dir.path());
    // At 1—5月 the lowest composite is 刘海涛's 70.2: below 71 with these thresholds (关注),
    // and the only one. Requests are left out (open more than 100 days) so that the 关注
    // list is short enough to show every line without scrolling.
    let mut t = Thresholds::default();
    t.set(
        Rule::OfficialLow,
        Levels {
            watch: 71.0,
            alert: 65.0,
        },
    );
    t.set(
        Rule::RequestOpen,
        Levels {
            watch: 100.0,
            alert: 120.0,
        },
    );
    Dataset::open(&path)
        .expect("open")
        .save_warning_thresholds(&t)
        .expect("save");
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(ScriptedDialogs::default()),
        Some(dir.path().join("unused-sample.imdb")),
    );
    app.start(Some(path));
    let mut h = overview_of(app);
    let data = loaded(&h);
    let officials: Vec<(&str, &str)> = data
        .list
        .iter()
        .filter(|w| w.rule == Rule::OfficialLow)
        .map(|w| (w.subject.name(), w.text.zh.as_str()))
        .collect();
    assert_eq!(officials.len(), 1, "{officials:?}");
    let (name, text) = (officials[0].0.to_string(), officials[0].1.to_string());
    assert!(name.starts_with("刘海涛"), "{name}");
    assert!(text.contains("包联考核综合得分70.2分"), "{text}");
    h.get_by_label("关注 5").click();
    h.run();
    h.get_by_label(&text).click();
    h.run_steps(2);
    h.state_mut()
        .session
        .as_mut()
        .expect("session")
        .evaluation
        .wait();
    h.run();
    let app = h.state();
    assert_eq!(app.prefs.tab, Tab::Evaluation);
    assert_eq!(app.evaluation.selected.as_deref(), Some(name.as_str()));
    assert_eq!(
        app.evaluation.detail().expect("their enterprises").official,
        name
    );
}

/// Types `text` into the 关注 or 预警 field of `rule` (a DragValue: a click makes it a text
/// field with its value selected).
fn type_level(h: &mut Harness<'_, MonitorApp>, rule: Rule, level: &str, text: &str) {
    let label = format!("{} · {level}", rule.label(Lang::Zh));
    h.get_by_role_and_label(Role::SpinButton, &label).click();
    h.run();
    h.get_by_role_and_label(Role::SpinButton, &label)
        .type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

fn stored(h: &Harness<'_, MonitorApp>) -> Thresholds {
    h.state()
        .session
        .as_ref()
        .expect("session")
        .dataset
        .warning_thresholds()
        .expect("thresholds")
}

#[test]
fn the_editor_refuses_a_milder_alert_saves_a_valid_change_and_resets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = sample_overview(dir.path());
    h.get_by_label("预警设置…").click();
    h.run();
    assert!(h.state().warning_settings.open);
    let loads = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .warnings
        .loads();

    // 预警 from 10 days while 关注 is from 30: milder, refused, nothing stored.
    type_level(&mut h, Rule::RequestOpen, "预警", "10");
    assert_eq!(
        h.state().warning_settings.draft.request_open,
        Levels {
            watch: 30.0,
            alert: 10.0
        }
    );
    h.get_by_label("保存阈值").click();
    h.run();
    h.get_by_label("预警阈值未保存：“诉求超期未办结”的预警阈值不能比关注阈值宽松");
    assert_eq!(stored(&h), Thresholds::default());
    // In English, the same refusal in English.
    h.get_by_label("English").click();
    h.run();
    h.get_by_label_contains(
        "The thresholds were not saved: the alert threshold of “request open too long” cannot be milder",
    );
    h.get_by_label("中文").click();
    h.run();

    // Requests open more than 100 days for 关注, 120 for 预警: saved, read back, and the
    // eight request warnings (34–81 days) are gone.
    type_level(&mut h, Rule::RequestOpen, "关注", "100");
    type_level(&mut h, Rule::RequestOpen, "预警", "120");
    h.get_by_label("保存阈值").click();
    // The warnings are checked again (a spinner): step, do not wait to settle.
    h.run_steps(2);
    let levels = Levels {
        watch: 100.0,
        alert: 120.0,
    };
    assert_eq!(stored(&h).request_open, levels);
    assert_eq!(
        Dataset::open_read_only(&h.state().session.as_ref().expect("session").path())
            .expect("open")
            .warning_thresholds()
            .expect("thresholds")
            .request_open,
        levels,
        "in the file"
    );
    h.get_by_label("已保存，预警已按新阈值重新检查");
    wait_for_warnings(&mut h);
    assert!(
        h.state()
            .session
            .as_ref()
            .expect("session")
            .warnings
            .loads()
            > loads
    );
    let data = loaded(&h);
    assert!(!data.list.iter().any(|w| w.rule == Rule::RequestOpen));
    assert_eq!(
        (data.count(Severity::Alert), data.count(Severity::Watch)),
        (4, 4)
    );
    h.get_by_label("全部 8");
    assert_eq!(
        h.query_all_by_label("诉求超期未办结").count(),
        1,
        "the editor's line only"
    );

    // Reset: SPEC §13's defaults stored again, and the request warnings are back.
    h.get_by_label("恢复默认").click();
    h.run_steps(2);
    assert_eq!(stored(&h), Thresholds::default());
    assert_eq!(h.state().warning_settings.draft, Thresholds::default());
    wait_for_warnings(&mut h);
    h.get_by_label("全部 16");
}

/// A dataset open read-only: the editor says the thresholds cannot be saved, and its buttons
/// do nothing.
#[test]
fn on_a_read_only_dataset_the_editor_says_the_thresholds_cannot_be_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::sample_dataset(dir.path());
    let ds = Dataset::open_read_only(&path).expect("open read-only");
    let session = Session::from_dataset(ds, Basis::Ytd, Lang::Zh, None).expect("session");
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(ScriptedDialogs::default()),
        Some(dir.path().join("unused-sample.imdb")),
    );
    app.session = Some(session);
    let mut h = overview_of(app);
    h.get_by_label("预警设置…").click();
    h.run();
    h.get_by_label_contains("数据集为只读打开，预警阈值无法保存");
    type_level(&mut h, Rule::RequestOpen, "关注", "100");
    type_level(&mut h, Rule::RequestOpen, "预警", "120");
    h.get_by_label("保存阈值").click();
    h.get_by_label("恢复默认").click();
    h.run();
    assert!(h.state().notice.is_none(), "nothing was asked of the store");
    assert_eq!(
        Dataset::open(&path)
            .expect("open")
            .warning_thresholds()
            .expect("thresholds"),
        Thresholds::default()
    );
    // The warnings are still those of the defaults.
    h.get_by_label("全部 16");
}

/// The 预警设置 dialog over the Overview at 2023年1—5月 (light theme, Chinese).
#[test]
fn snapshot_warning_settings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = sample_overview(dir.path());
    h.get_by_label("预警设置…").click();
    h.run();
    if let Some(s) = h.state_mut().session.as_mut() {
        s.evaluation.wait();
    }
    h.run();
    h.snapshot("warning_settings");
}
