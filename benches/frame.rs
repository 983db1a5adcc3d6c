//! CPU time of one frame of each view on the sample (egui pass plus tessellation, no GPU):
//! the bar is 2 ms on the sample (SPEC §8: 8 ms with 1.5 million figures, see
//! benches/large.rs). Also the Returns view (企业月报) over 70,000 enterprises (bar: 8 ms a
//! frame), and the worker's read and statistics it waits for (≈0.2 s expected).
//!
//! The 70,000-enterprise dataset is generated once into target/bench-data/ and reused.

use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, vec2};
use industry_monitor::model::catalogue::VA_GROWTH;
use industry_monitor::model::returns::{ReturnIndicator, ReturnRow, ReturnValues};
use industry_monitor::model::{Basis, Enterprise, Period, Subject};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::returns::data::{ReturnColumn, ReturnsKey, load};
use industry_monitor::ui::views::returns::table::ReturnSort;
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
        // The Returns view's statistics come from a worker: measure the frames after them.
        if let Some(s) = app.session.as_mut() {
            s.returns.wait();
        }
        frame(&ctx, &mut app);
        let name = format!("frame/{tab:?}").to_lowercase();
        c.bench_function(&name, |b| b.iter(|| frame(&ctx, &mut app)));
    }
}

/// Enterprises in the returns case: a provincial department's count (SPEC §9).
const ENTERPRISES: u32 = 70_000;

/// A small deterministic generator (xorshift), so every run measures the same dataset.
struct Xorshift(u64);

impl Xorshift {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Enterprise `n`'s register entry: counties, industries and officials in turn.
fn enterprise(n: u32, catalogue: &industry_monitor::model::Catalogue) -> Enterprise {
    const COUNTIES: [&str; 9] = [
        "230302", "230303", "230304", "230305", "230306", "230307", "230321", "230381", "230382",
    ];
    let body = format!("91230300MA{n:07}");
    let check = industry_monitor::model::credit_code::check_character(&body).expect("body");
    let industries = &catalogue.industries;
    Enterprise {
        id: 0,
        name: format!("鸡西第{n}工业有限公司"),
        credit_code: format!("{body}{check}"),
        industry: Some(industries[n as usize % industries.len()].code.clone()),
        region: COUNTIES[n as usize % COUNTIES.len()].to_string(),
        above_size: true,
        emerging: n.is_multiple_of(7),
        srdi: n.is_multiple_of(11),
        key_support: n.is_multiple_of(13),
        private: n.is_multiple_of(2),
        official: format!("包联干部{}", n % 400),
    }
}

/// Enterprise `n`'s output returns for 1—3月 and 1—4月 2024 (万元), with last year's
/// values stated: 3% report nothing (missing), 2% are new, 1% stopped in April.
fn returns_of(n: u32, code: &str, rng: &mut Xorshift) -> Vec<ReturnRow> {
    if rng.unit() < 0.03 {
        return Vec::new();
    }
    let prev = 100.0 + rng.unit() * 20_000.0;
    let growth = -0.4 + rng.unit() * 0.9;
    let new = rng.unit() < 0.02;
    let stopped = n.is_multiple_of(100);
    let (march, april) = (prev * (1.0 + growth) * 0.75, prev * (1.0 + growth));
    let values = |ytd: f64, last: f64, month: Option<f64>| ReturnValues {
        month,
        ytd: Some(ytd),
        ytd_last_year: (!new).then_some(last),
        stated_growth_pct: None,
    };
    let mut rows = Vec::new();
    for (period, v) in [
        (
            Period::new(2024, 3).expect("period"),
            values(march, prev * 0.75, None),
        ),
        (
            Period::new(2024, 4).expect("period"),
            if stopped {
                values(march, prev, Some(0.0))
            } else {
                values(april, prev, None)
            },
        ),
    ] {
        let mut r = ReturnRow::new(code, period);
        r.set(ReturnIndicator::Output, v);
        rows.push(r);
    }
    rows
}

/// The dataset of the returns case, generated on first use.
fn returns_dataset() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join("returns-70k.imdb");
    if path.exists() {
        return path;
    }
    let _ = std::fs::create_dir_all(&dir);
    let t = Instant::now();
    let meta = DatasetMeta {
        title: "企业月报基准".into(),
        home_region: "230300".into(),
        is_sample: false,
    };
    let mut ds = Dataset::create(&path, &meta).expect("create");
    ds.write(|w| -> Result<(), StoreError> {
        let ids = w.ids().clone();
        let wpath = w.path().to_path_buf();
        let sql = industry_monitor::store::sql_err(&wpath);
        let april = Period::new(2024, 4).expect("period");
        let key = ObservationKey::from_codes(
            &ids,
            "230300",
            VA_GROWTH,
            &Subject::Whole,
            Basis::Ytd,
            april,
        )
        .expect("key");
        w.figures()?.insert_new(&key, 5.0, None).map_err(&sql)?;
        let catalogue = w.catalogue().clone();
        let entries: Vec<Enterprise> = (0..ENTERPRISES)
            .map(|n| enterprise(n, &catalogue))
            .collect();
        for e in &entries {
            w.add_enterprise(e, None)?;
        }
        let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
        let mut rw = w.returns()?;
        for (n, e) in entries.iter().enumerate() {
            for r in returns_of(n as u32, &e.credit_code, &mut rng) {
                rw.put(&r, None).map_err(&sql)?;
            }
        }
        rw.finish().map_err(&sql)
    })
    .expect("generate");
    println!(
        "generated {ENTERPRISES} enterprises' returns in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    path
}

/// The Returns view over 70,000 enterprises: the worker's read and statistics, a frame, a
/// frame scrolled to the middle of the table, and a frame whose sort changed.
fn returns_frames(c: &mut Criterion) {
    let path = returns_dataset();
    let key = ReturnsKey {
        period: None,
        indicator: ReturnIndicator::Output,
    };
    let ds = Dataset::open_read_only(&path).expect("open");
    c.bench_function("returns/70k: read + statistics (the worker)", |b| {
        b.iter(|| load(&ds, key).expect("load"))
    });
    let ctx = egui::Context::default();
    industry_monitor::ui::fonts::install(&ctx, false);
    let mut app = MonitorApp::with(Prefs::default(), Box::new(ScriptedDialogs::default()), None);
    app.start(Some(path));
    app.send(Command::SetTab(Tab::Returns));
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    if let Some(s) = app.session.as_mut() {
        s.returns.wait();
    }
    for _ in 0..5 {
        frame(&ctx, &mut app);
    }
    let shown = app.returns.shown.rows.len();
    assert!(shown > 60_000, "the table holds every enterprise ({shown})");
    c.bench_function("frame/returns 70k", |b| b.iter(|| frame(&ctx, &mut app)));
    let mut descending = false;
    c.bench_function("frame/returns 70k, sort changed every frame", |b| {
        b.iter(|| {
            descending = !descending;
            app.returns.sort = Some(ReturnSort {
                column: ReturnColumn::Name,
                descending,
            });
            frame(&ctx, &mut app)
        })
    });
    app.returns.selected = app
        .session
        .as_ref()
        .and_then(|s| s.returns.ready())
        .and_then(|d| d.stats.as_ref())
        .and_then(|s| s.enterprises.get(35_000))
        .map(|e| e.code.clone());
    frame(&ctx, &mut app);
    c.bench_function("frame/returns 70k, an enterprise's detail", |b| {
        b.iter(|| frame(&ctx, &mut app))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = frames, returns_frames
}
criterion_main!(benches);
