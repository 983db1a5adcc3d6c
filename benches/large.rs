//! SPEC §8 with a generated dataset of ≈1.5 million figures (333 cities × 40 industries ×
//! 10 years): opening it (dataset, snapshot, first analysis) and the CPU time of one frame
//! of each view (bar: 8 ms). Also the start-up on the sample: open and first frame.
//!
//! The dataset is generated once into target/bench-data/ and reused.

use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, vec2};
use industry_monitor::model::{Basis, Lang};
use industry_monitor::sample::large::{self, LargeSpec};
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::session::Session;
use industry_monitor::ui::views::{Command, Tab};

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0))),
        ..Default::default()
    }
}

fn frame(ctx: &egui::Context, app: &mut MonitorApp) -> usize {
    let out = ctx.run_ui(input(), |ui| app.ui_contents(ui));
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// The large dataset, generated on first use.
fn large_dataset() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join("large-1.5m.imdb");
    if !path.exists() {
        let _ = std::fs::create_dir_all(&dir);
        let t = Instant::now();
        let ds = large::write_dataset(&path, LargeSpec::FULL).expect("generate");
        let n = ds.figure_count().expect("count");
        println!(
            "generated {n} figures in {:.1} s ({} MB)",
            t.elapsed().as_secs_f64(),
            std::fs::metadata(&path)
                .map(|m| m.len() / 1_000_000)
                .unwrap_or(0)
        );
    }
    path
}

fn sample_dataset() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&path).expect("sample");
    (dir, path)
}

fn app_on(path: PathBuf) -> (egui::Context, MonitorApp) {
    let ctx = egui::Context::default();
    industry_monitor::ui::fonts::install(&ctx, false);
    let mut app = MonitorApp::with(Prefs::default(), Box::new(ScriptedDialogs::default()), None);
    app.start(Some(path));
    (ctx, app)
}

fn startup(c: &mut Criterion) {
    let (_dir, sample) = sample_dataset();
    c.bench_function("startup/sample: open + first analysis", |b| {
        b.iter(|| Session::open(&sample, Basis::Ytd, Lang::Zh, None).expect("open"))
    });
    c.bench_function("startup/sample: open + first frame (fonts, layout)", |b| {
        b.iter(|| {
            let (ctx, mut app) = app_on(sample.clone());
            frame(&ctx, &mut app)
        })
    });
    let large = large_dataset();
    c.bench_function("open/large 1.5M: open + first analysis", |b| {
        b.iter(|| Session::open(&large, Basis::Ytd, Lang::Zh, None).expect("open"))
    });
}

fn frames(c: &mut Criterion) {
    let large = large_dataset();
    let (ctx, mut app) = app_on(large);
    assert!(app.session.is_some(), "the large dataset opens");
    for tab in Tab::ALL {
        app.send(Command::SetTab(tab));
        for _ in 0..5 {
            frame(&ctx, &mut app);
        }
        if let Some(s) = app.session.as_mut() {
            s.findings.wait();
        }
        frame(&ctx, &mut app);
        let name = format!("frame/large 1.5M/{tab:?}").to_lowercase();
        c.bench_function(&name, |b| b.iter(|| frame(&ctx, &mut app)));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = startup, frames
}
criterion_main!(benches);
