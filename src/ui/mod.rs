//! The window (eframe/egui). It only draws and sends commands: no SQL here, and every
//! figure comes from the analysis and briefing layers.

pub mod app;
pub mod dialogs;
pub mod fonts;
pub mod i18n;
pub mod session;
pub mod views;
pub mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::MonitorApp;

/// The application id: the .desktop file's name and the settings folder.
pub const APP_ID: &str = "industry-monitor";

/// The window title.
pub const WINDOW_TITLE: &str = "Industry Monitor · 工业运行监测";

/// Opens the window on `dataset` (else the last dataset, else the sample).
pub fn run(dataset: Option<PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(WINDOW_TITLE)
            .with_app_id(APP_ID)
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([880.0, 560.0])
            .with_drag_and_drop(true),
        persist_window: true,
        ..Default::default()
    };
    let result = eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx, true);
            Ok(Box::new(MonitorApp::new(cc, dataset)))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("industry-monitor: could not open the window: {e}");
            ExitCode::from(1)
        }
    }
}
