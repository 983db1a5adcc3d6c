//! Helpers shared by the integration tests: sample datasets in temporary folders and the
//! UI harness with the app's fonts installed (a missing glyph panics in egui_kittest).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;

/// Writes the sample dataset into `dir` and returns its path.
pub fn sample_dataset(dir: &Path) -> PathBuf {
    let path = dir.join("sample.imdb");
    industry_monitor::sample::write(&path).expect("write the sample");
    path
}

/// The app on the sample dataset in `dir`, with default preferences and no real dialogs.
pub fn app_on_sample(dir: &Path) -> MonitorApp {
    app_on_sample_with(dir, ScriptedDialogs::default())
}

/// The app on the sample dataset in `dir`, answering dialogs from `dialogs`.
pub fn app_on_sample_with(dir: &Path, dialogs: ScriptedDialogs) -> MonitorApp {
    let path = sample_dataset(dir);
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(dialogs),
        Some(dir.join("unused-sample.imdb")),
    );
    app.start(Some(path));
    app
}

/// A harness of the whole window (1400×900, light theme, bundled fonts).
pub fn harness(app: MonitorApp) -> Harness<'static, MonitorApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_theme(egui::Theme::Light)
        // The Overview's workers (scorecard, warnings) repaint until they answer: on a busy
        // CI machine that takes a few more frames than kittest's default of 4.
        .with_max_steps(64)
        .with_context_setup(|ctx| industry_monitor::ui::fonts::install(ctx, false))
        .build_ui_state(|ui, app: &mut MonitorApp| app.ui_contents(ui), app)
}

/// Steps the window until the import wizard is idle and `done` holds (the progress bar
/// animates while a worker runs, so frames are stepped one by one).
pub fn wait_for_wizard(
    h: &mut Harness<'static, MonitorApp>,
    done: impl Fn(&industry_monitor::ui::views::import_wizard::ImportWizard) -> bool,
) {
    for _ in 0..400 {
        h.step();
        let w = &h.state().import;
        if !w.busy() && done(w) {
            // Let the last animation frames and the reload settle.
            h.run_steps(12);
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("the import did not finish");
}
