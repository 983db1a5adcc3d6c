//! The yardstick for start-up and memory (`scripts/compare-startup.sh`): a bare eframe 0.37
//! window with one egui_plot line, built with the same eframe features as the app and shown
//! the same way (same viewport options, persistence, the window shown after the first paint).
//!
//! ```text
//! cargo run --release --bin baseline-window
//! ```

use egui_plot::{Line, Plot, PlotPoints};

/// The window title the measuring script looks for.
const TITLE: &str = "Baseline window";

struct Baseline {
    points: Vec<[f64; 2]>,
}

impl eframe::App for Baseline {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(TITLE);
            Plot::new("line").show(ui, |plot| {
                plot.line(Line::new("y", PlotPoints::from(self.points.clone())));
            });
        });
    }
}

fn main() -> eframe::Result {
    let viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("industry-monitor-baseline")
        .with_inner_size([1360.0, 860.0])
        .with_min_inner_size([880.0, 560.0])
        .with_drag_and_drop(true);
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "industry-monitor-baseline",
        options,
        Box::new(|_cc| {
            let points = (0..24).map(|i| [f64::from(i), f64::from(i % 7)]).collect();
            Ok(Box::new(Baseline { points }))
        }),
    )
}
