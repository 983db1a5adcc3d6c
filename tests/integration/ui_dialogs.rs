//! File dialogs that always answer: with no native dialog (no portal, no zenity) the
//! in-window one opens, and what is picked there opens the dataset, starts the import or
//! sets where the export goes; 导出到默认文件夹 writes without any dialog.

use crate::common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use industry_monitor::model::Period;
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::Command;
use industry_monitor::ui::views::export_dialog::Outcome;

fn wait_for_export(h: &mut Harness<'static, MonitorApp>) -> Vec<std::path::PathBuf> {
    for _ in 0..300 {
        h.run();
        if h.state().export.job.is_none() && h.state().export.outcome.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    match &h.state().export.outcome {
        Some(Outcome::Written(files)) => files.clone(),
        other => panic!("the export did not finish: {other:?}"),
    }
}

#[test]
fn with_no_native_dialog_open_dataset_asks_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other.imdb");
    industry_monitor::sample::write(&other).expect("write");
    std::fs::write(dir.path().join("notes.csv"), "not a dataset").expect("write");
    let app = common::app_on_sample_with(dir.path(), ScriptedDialogs::unavailable());
    let mut h = common::harness(app);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    assert!(
        h.state().picker.in_window_open(),
        "the in-window dialog opens"
    );
    // It starts in the open dataset's folder and lists datasets only.
    h.get_by_label("sample.imdb");
    assert!(h.query_by_label("notes.csv").is_none());
    h.get_by_label("other.imdb").click();
    h.run();
    h.get_by_label("打开").click();
    h.run();
    h.run();
    assert!(!h.state().picker.busy(), "the dialog closed");
    assert_eq!(h.state().session.as_ref().map(|s| s.path()), Some(other));
}

#[test]
fn a_native_dialog_that_shows_nothing_falls_back_to_the_window() {
    // Rule 2: the environment looks fine (a bus, a portal service) but the dialog came back
    // empty at once; the app does not take that for "cancelled".
    let dir = tempfile::tempdir().expect("tempdir");
    let dialogs = ScriptedDialogs {
        shows_nothing: true,
        ..ScriptedDialogs::default()
    };
    let mut h = common::harness(common::app_on_sample_with(dir.path(), dialogs));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    assert!(h.state().picker.in_window_open());
    // Escape cancels, and nothing changes.
    let before = h.state().session.as_ref().map(|s| s.path());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().picker.busy());
    assert_eq!(h.state().session.as_ref().map(|s| s.path()), before);
}

#[test]
fn a_cancelled_native_dialog_opens_nothing_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    assert!(!h.state().picker.busy(), "cancelled: no dialog stays open");
}

#[test]
fn the_in_window_dialog_speaks_the_window_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample_with(
        dir.path(),
        ScriptedDialogs::unavailable(),
    ));
    h.run();
    h.get_by_label("English").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Open");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().picker.busy());
}

#[test]
fn with_no_native_dialog_import_picks_files_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bulletin = dir.path().join("快报.csv");
    std::fs::write(&bulletin, "地区,2023年1-4月\n鸡西市,19.2\n").expect("write");
    let mut h = common::harness(common::app_on_sample_with(
        dir.path(),
        ScriptedDialogs::unavailable(),
    ));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    h.run();
    assert!(h.state().picker.in_window_open());
    // Spreadsheets only: the dataset itself is not offered.
    assert!(h.query_by_label("sample.imdb").is_none());
    h.get_by_label("快报.csv").click();
    h.run();
    h.get_by_label("打开").click();
    h.run_steps(3);
    let app = h.state();
    assert!(app.import.open, "the import wizard is open");
    assert_eq!(app.import.files, vec![bulletin]);
}

#[test]
fn with_no_native_dialog_export_saves_where_picked_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample_with(
        dir.path(),
        ScriptedDialogs::unavailable(),
    ));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.run();
    h.get_by_label("导出会议材料").click();
    h.run();
    h.get_by_label("选择保存位置并导出…").click();
    h.run();
    assert!(h.state().picker.in_window_open());
    // The proposed name is filled in; 保存 writes into the folder shown (the dataset's).
    h.get_by_label("保存").click();
    let files = wait_for_export(&mut h);
    assert!(!files.is_empty());
    for f in &files {
        assert_eq!(f.parent(), Some(dir.path()), "{}", f.display());
        assert!(f.is_file(), "{} written", f.display());
    }
    assert!(files[0].to_string_lossy().ends_with(".pdf"), "{files:?}");
}

#[test]
fn export_to_the_default_folder_creates_it_and_writes_without_a_dialog() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("文档").join("工业运行监测");
    // Native dialogs would answer nothing: no dialog is asked at all.
    let mut app = common::app_on_sample_with(dir.path(), ScriptedDialogs::unavailable());
    app.picker.export_dir = Some(target.clone());
    let mut h = common::harness(app);
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.run();
    h.get_by_label("导出会议材料").click();
    h.run();
    h.get_by_label("导出到默认文件夹").click();
    let files = wait_for_export(&mut h);
    assert!(!h.state().picker.busy(), "no dialog was shown");
    assert!(target.is_dir(), "the folder was created");
    assert!(!files.is_empty());
    for f in &files {
        assert_eq!(f.parent(), Some(target.as_path()));
        assert!(f.is_file(), "{} written", f.display());
    }
}

/// 连接服务器数据集 after a refused login: the address kept, the password field empty and
/// masked, the server's reason under it.
#[test]
fn snapshot_server_dialog() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.run();
    if let Some(s) = h.state_mut().session.as_mut() {
        // The Overview behind the dialog settles first (its panels load on workers).
        s.findings.wait();
        s.evaluation.wait();
        s.warnings.wait();
    }
    h.state_mut().notice = None;
    h.state_mut().send(Command::OpenServerDialog);
    h.run();
    let refused = industry_monitor::store::StoreError::Server {
        path: "postgres://ana@db.bureau/jixi".into(),
        trouble: industry_monitor::store::ServerTrouble::Login,
        detail: "password authentication failed for user \"ana\"".into(),
    };
    let message = refused.message(industry_monitor::model::Lang::Zh);
    h.state_mut()
        .server_dialog
        .ask("postgres://ana@db.bureau/jixi", Some(message));
    h.run();
    h.get_by_label("连接");
    h.get_by_label_contains("服务器拒绝登录");
    h.snapshot("server_dialog");
}
