//! The window (eframe/egui). It only draws and sends commands: no SQL here, and every
//! figure comes from the analysis and briefing layers.

pub mod about;
pub mod app;
pub mod dialogs;
pub mod file_dialog;
pub mod fonts;
pub mod i18n;
pub mod ime;
pub mod notice;
pub mod prefs;
pub mod session;
pub mod top_bar;
pub mod views;
pub mod watch;
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
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(WINDOW_TITLE)
        .with_app_id(APP_ID)
        .with_inner_size([1360.0, 860.0])
        .with_min_inner_size([880.0, 560.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(crate::assets::ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
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
            let message = format!(
                "无法打开窗口 · Could not open the window:\n{e}\n\n                 请检查显卡驱动或远程桌面设置；命令行功能（summary、export、import）仍可使用。\n                 Check the graphics driver or remote-desktop settings; the command line still works."
            );
            eprintln!("industry-monitor: {message}");
            // Without a console (Windows release builds) stderr is lost: show a message box.
            let _ = rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title(WINDOW_TITLE)
                .set_description(&message)
                .show();
            ExitCode::from(1)
        }
    }
}
