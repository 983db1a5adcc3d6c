//! CPU time of one frame of each view on the sample (egui pass plus tessellation, no GPU):
//! the bar is 2 ms on the sample (SPEC §8: 8 ms with 1.5 million figures, see
//! benches/large.rs).

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, vec2};
use industry_monitor::model::Period;
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::{Command, Tab};

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0))),
        ..Default::default()
    }
}

/// Runs one frame and tessellates it, as eframe does before handing meshes to the GPU.
fn frame(ctx: &egui::Context, app: &mut MonitorApp) -> usize {
    let out = ctx.run_ui(input(), |ui| app.ui_contents(ui));
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&path).expect("sample");
    let ctx = egui::Context::default();
    industry_monitor::ui::fonts::install(&ctx, false);
    let mut app = MonitorApp::with(Prefs::default(), Box::new(ScriptedDialogs::default()), None);
    app.start(Some(path));
    app.send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    for tab in Tab::ALL {
        app.send(Command::SetTab(tab));
        // Warm up: the first frames lay out and cache every glyph.
        for _ in 0..5 {
            frame(&ctx, &mut app);
        }
        let name = format!("frame/{tab:?}").to_lowercase();
        c.bench_function(&name, |b| b.iter(|| frame(&ctx, &mut app)));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = frames
}
criterion_main!(benches);
