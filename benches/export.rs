//! Export speed on the sample dataset at 2023 1–4月 (SPEC §8: a full PDF briefing in under
//! half a second). "pdf full" is what the Export button does after the dataset is open:
//! analyse the period, build the briefing, render the PDF; the others render a built
//! briefing.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use industry_monitor::analysis::analyse;
use industry_monitor::briefing::{Parts, document::build};
use industry_monitor::export::{self, Format};
use industry_monitor::model::{Basis, Date, Lang, Period};
use industry_monitor::store::Dataset;

fn exports(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.imdb");
    industry_monitor::sample::write(&path).expect("sample");
    let snap = Dataset::open(&path)
        .expect("open")
        .snapshot(None)
        .expect("snapshot");
    let period = Period::new(2023, 4).expect("period");
    let today = Date::new(2023, 5, 10).expect("date");
    let briefing = || {
        let a = analyse(&snap, "va_growth", Basis::Ytd, period);
        build(&snap, &a, Lang::Zh, Parts::default(), today)
    };
    let b = briefing();

    let mut g = c.benchmark_group("export");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("pdf full (analyse, build, render)", |bench| {
        bench.iter(|| {
            let b = briefing();
            black_box(export::render(&b, Format::Pdf, None).expect("pdf"))
        })
    });
    for (name, format) in [
        ("pdf", Format::Pdf),
        ("docx", Format::Docx),
        ("xlsx", Format::Xlsx),
        ("png growth chart", Format::Png),
    ] {
        g.bench_function(name, |bench| {
            bench.iter(|| black_box(export::render(black_box(&b), format, None).expect(name)))
        });
    }
    g.finish();
}

criterion_group!(benches, exports);
criterion_main!(benches);
