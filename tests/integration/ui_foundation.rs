//! The window on the sample dataset, driven like a user would.

use crate::common;

use egui_kittest::kittest::Queryable;
use industry_monitor::model::{Basis, Lang, Period};
use industry_monitor::ui::views::{Command, Tab};

#[test]
fn the_headline_shows_on_the_sample() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.run();
    // The latest period of the sample is 1—12月 2023; go to 1—4月 through the picker.
    h.get_by_label("时期").click();
    h.run();
    h.get_by_label("1—4月").click();
    h.run();
    let sel = h.state().session.as_ref().expect("session").selection;
    assert_eq!(sel.period, Period::new(2023, 4).expect("period"));
    h.get_by_label("19.2%");
    h.get_by_label("规上工业增加值增速");
    h.get_by_label("+15.6 个百分点");
    h.get_by_label("第1位 / 13");
    h.get_by_label_contains("连续3个月");
    h.get_by_label("21.8%");
    h.get_by_label("318户");
}

#[test]
fn jan_feb_is_one_period() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 2).expect("period")));
    h.run();
    h.get_by_label("31.1%");
    h.get_by_label("+28.7 个百分点");
    // The picker offers 1—2月 and no January.
    h.get_by_label("时期").click();
    h.run();
    assert!(h.query_all_by_label("1—2月").count() >= 1);
    assert!(h.query_by_label("1月").is_none());
    assert!(h.query_by_label("1—1月").is_none());
}

#[test]
fn language_tabs_and_basis_switch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.run();
    h.get_by_label("English").click();
    h.run();
    assert_eq!(h.state().prefs.lang, Lang::En);
    h.get_by_label("Overview");
    h.get_by_label("1st of 13");
    h.get_by_label("Growth").click();
    h.run();
    assert_eq!(h.state().prefs.tab, Tab::Growth);
    h.get_by_label("Monthly growth").click();
    h.run();
    let session = h.state().session.as_ref().expect("session");
    assert_eq!(session.selection.basis, Basis::Month);
    assert!(session.derived.growth.title.contains("monthly"));
    h.get_by_label("中文").click();
    h.run();
    h.get_by_label("增速走势");
}

#[test]
fn language_and_basis_live_in_the_preferences_and_the_session_follows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.run();
    // Set in the preferences alone (as restored at start-up), nothing else touched.
    h.state_mut().prefs.lang = Lang::En;
    h.state_mut().prefs.basis = Basis::Month;
    h.run();
    let session = h.state().session.as_ref().expect("session");
    assert_eq!(session.selection.lang, Lang::En);
    assert_eq!(session.selection.basis, Basis::Month);
    assert_eq!(
        session.selection.period,
        Period::new(2023, 4).expect("period")
    );
    assert!(session.derived.growth.title.contains("monthly"));
    h.get_by_label("Overview");
    // Preferences restored at start-up reach the first dataset opened.
    let prefs = industry_monitor::ui::app::Prefs {
        lang: Lang::En,
        basis: Basis::Month,
        ..Default::default()
    };
    let mut app = industry_monitor::ui::MonitorApp::with(
        prefs,
        Box::new(industry_monitor::ui::dialogs::ScriptedDialogs::default()),
        None,
    );
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).expect("mkdir");
    app.start(Some(common::sample_dataset(&other)));
    let sel = app.session.as_ref().expect("session").selection;
    assert_eq!((sel.lang, sel.basis), (Lang::En, Basis::Month));
}

#[test]
fn the_window_shows_before_the_dataset_is_read_and_then_opens_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::sample_dataset(dir.path());
    let app = industry_monitor::ui::MonitorApp::with(
        industry_monitor::ui::app::Prefs::default(),
        Box::new(industry_monitor::ui::dialogs::ScriptedDialogs::default()),
        None,
    );
    let mut h = common::harness(app);
    h.state_mut().start_after_first_frame(Some(path.clone()));
    // The next frame is painted from no dataset, and says it is opening one.
    h.step();
    assert!(
        h.state().session.is_none(),
        "nothing is read before a frame shows"
    );
    h.get_by_label("正在打开数据集…");
    h.run();
    assert_eq!(h.state().session.as_ref().map(|s| s.path()), Some(path));
    assert!(h.query_by_label("正在打开数据集…").is_none());
    h.get_by_label("规上工业增加值增速");
}

#[test]
fn a_foreign_file_shows_a_message_and_keeps_the_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    let junk = dir.path().join("junk.imdb");
    std::fs::write(&junk, b"not a database").expect("write");
    h.state_mut().send(Command::OpenDataset(junk.clone()));
    h.run();
    h.get_by_label_contains("无法打开数据集");
    h.get_by_label_contains("junk.imdb");
    // Said in the window's language, with what to do, and again after a switch.
    h.get_by_label_contains("不是工业运行监测数据集");
    h.get_by_label("English").click();
    h.run();
    h.get_by_label_contains("Could not open the dataset");
    h.get_by_label_contains("not an Industry Monitor dataset");
    assert!(h.state().session.is_some(), "the sample stays open");
    assert_eq!(std::fs::read(&junk).expect("read"), b"not a database");
}

#[test]
fn ctrl_o_opens_a_dataset_through_the_dialog() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other.imdb");
    industry_monitor::sample::write(&other).expect("write");
    let dialogs = industry_monitor::ui::dialogs::ScriptedDialogs::default();
    dialogs.datasets.borrow_mut().push(other.clone());
    let mut h = common::harness(common::app_on_sample_with(dir.path(), dialogs));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    let app = h.state();
    assert_eq!(app.session.as_ref().map(|s| s.path()), Some(other.clone()));
    assert_eq!(
        app.prefs.recent.first(),
        Some(&other),
        "recent datasets list it first"
    );
}

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dataset_dropped_on_the_window_opens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("dropped.imdb");
    industry_monitor::sample::write(&other).expect("write");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.run();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(other.clone())));
    h.run();
    assert_eq!(h.state().session.as_ref().map(|s| s.path()), Some(other));
}

#[test]
fn help_about_shows_the_version_sources_and_the_font_licence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.run();
    h.get_by_label("帮助").click();
    h.run();
    h.get_by_label("关于").click();
    h.run();
    h.get_by_label(&format!("工业运行监测 {}", env!("CARGO_PKG_VERSION")));
    h.get_by_label_contains("国家统计局");
    h.get_by_label("OFL-1.1").click();
    h.run();
    h.get_by_label_contains("SIL OPEN FONT LICENSE");
}

#[test]
fn the_sample_counts_request_ages_to_its_last_day_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(
        s.today,
        industry_monitor::model::Date::new(2023, 12, 31).expect("date")
    );
    h.get_by_label_contains("企业诉求办理天数按样例截止日2023-12-31计");
    // Switching the language says it again in English.
    h.get_by_label("English").click();
    h.run();
    h.get_by_label_contains("Request ages are counted to the sample's last day, 2023-12-31.");
}

#[test]
fn keyboard_and_menu_step_the_period_and_open_the_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bulletin = dir.path().join("快报.csv");
    std::fs::write(&bulletin, "地区,2023年1-4月\n鸡西市,19.2\n").expect("write");
    let dialogs = industry_monitor::ui::dialogs::ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![bulletin.clone()]);
    let mut h = common::harness(common::app_on_sample_with(dir.path(), dialogs));
    h.run();
    let period = |h: &egui_kittest::Harness<'static, industry_monitor::ui::MonitorApp>| {
        h.state()
            .session
            .as_ref()
            .expect("session")
            .selection
            .period
    };
    let dec = Period::new(2023, 12).expect("period");
    assert_eq!(period(&h), dec, "opens on the latest period");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(period(&h), Period::new(2023, 11).expect("period"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::ArrowRight);
    h.run();
    assert_eq!(period(&h), dec);
    // At the last period, "next" stays where it is.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::ArrowRight);
    h.run();
    assert_eq!(period(&h), dec);
    // The same through the View menu, where the shortcut is shown.
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label_contains("上一时期").click();
    h.run();
    assert_eq!(period(&h), Period::new(2023, 11).expect("period"));
    // Typing in a text field, Ctrl+← moves by word and the period stays.
    h.state_mut().send(Command::SetTab(Tab::Enterprises));
    h.run();
    h.get_by_label("搜索").click();
    h.run();
    h.get_by_label("搜索").type_text("鸡西 石墨");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(period(&h), Period::new(2023, 11).expect("period"));

    // Ctrl+I asks for files and opens the import wizard on them.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    // The wizard starts reading at once and keeps repainting while it does.
    h.run_steps(3);
    let app = h.state();
    assert!(app.import.open, "the wizard is open");
    assert_eq!(app.import.files, vec![bulletin]);
}
