//! A stable-toolchain fuzzer for the importer (cargo-fuzz needs nightly and sanitizer
//! builds of every dependency): generated inputs run in-process through the in-memory
//! entry point [`import::parse_bytes`], millions per campaign, counting executions.
//!
//! ```sh
//! cargo run --release --example fuzz_import -- structured --execs 2000000 --seed 1
//! cargo run --release --example fuzz_import -- bytes --seconds 600
//! cargo run --release --example fuzz_import -- text --execs 10000000
//! cargo run --release --example fuzz_import -- replay fuzz/artifacts/structured/*
//! ```
//!
//! Targets:
//! - `structured`: workbooks with typed cells and CSV/TSV files of every list type, from
//!   `fuzz/src/generate.rs`, imported into a copy of the sample dataset (or a new one).
//!   After every import that succeeds, the dataset must still open and read in full
//!   (figures, register, sources, snapshot): one cell must never lock a dataset.
//! - `bytes`: the same files with bytes flipped, cut or spliced: never a panic.
//! - `text`: the parsers of cell contents on generated text: never a panic.
//!
//! A finding (panic, or a dataset that no longer opens) is written to
//! `fuzz/artifacts/<target>/` as the file itself, named by what went wrong; keep the ones
//! that matter in `fuzz/regressions/import_structured/`, which `cargo test` replays.

#[path = "../fuzz/src/generate.rs"]
mod generate;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generate::{Gen, Input, Source, Vocab};
use industry_monitor::import::{self, ImportOptions, values};
use industry_monitor::model::enterprise::REQUEST_CATEGORIES;
use industry_monitor::model::{Catalogue, Date, Period, credit_code, name_key};
use industry_monitor::store::Dataset;

/// Where the last panic happened (file name and line), for naming what it is kept as.
static LAST_PANIC: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

fn last_panic() -> String {
    LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default()
}

/// SplitMix64: small, fast, and the same sequence for the same seed everywhere.
struct Rng {
    state: u64,
    buf: u64,
    left: u8,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng {
            state: seed,
            buf: 0,
            left: 0,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

impl Source for Rng {
    fn byte(&mut self) -> u8 {
        if self.left == 0 {
            self.buf = self.next();
            self.left = 8;
        }
        self.left -= 1;
        let b = self.buf as u8;
        self.buf >>= 8;
        b
    }
}

struct Args {
    target: String,
    execs: u64,
    seconds: u64,
    seed: u64,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let target = it
        .next()
        .ok_or("usage: fuzz_import structured|bytes|text [--execs N] [--seconds S] [--seed N]")?;
    let mut a = Args {
        target,
        execs: u64::MAX,
        seconds: u64::MAX,
        seed: 1,
    };
    while let Some(flag) = it.next() {
        let value: u64 = it
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{flag} needs a number"))?;
        match flag.as_str() {
            "--execs" => a.execs = value,
            "--seconds" => a.seconds = value,
            "--seed" => a.seed = value,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if a.execs == u64::MAX && a.seconds == u64::MAX {
        a.seconds = 60;
    }
    Ok(a)
}

fn vocab(catalogue: &Catalogue, ds: &Dataset) -> Vocab {
    let mut v = Vocab::default();
    for r in &catalogue.regions {
        v.regions.push(r.name_zh.clone());
        if v.regions.len() % 4 == 0 {
            v.regions.push(r.name_en.clone());
        }
    }
    for i in &catalogue.indicators {
        v.indicators.push(i.name_zh.clone());
        v.indicators.push(i.code.clone());
    }
    v.industries = catalogue
        .industries
        .iter()
        .map(|i| i.name_zh.clone())
        .collect();
    for (code, zh, en) in REQUEST_CATEGORIES {
        v.categories
            .extend([code.to_string(), zh.to_string(), en.to_string()]);
    }
    if let Ok(register) = ds.register() {
        v.enterprises = register
            .enterprises
            .iter()
            .take(60)
            .map(|e| (e.name.clone(), e.credit_code.clone()))
            .collect();
    }
    v
}

/// Reads everything a window or `summary` reads; an error means the dataset is locked.
fn reads_in_full(path: &Path) -> Result<(), String> {
    let ds = Dataset::open(path).map_err(|e| format!("open: {e}"))?;
    ds.figure_rows().map_err(|e| format!("figures: {e}"))?;
    ds.register().map_err(|e| format!("register: {e}"))?;
    ds.sources().map_err(|e| format!("sources: {e}"))?;
    ds.snapshot(None).map_err(|e| format!("snapshot: {e}"))?;
    Ok(())
}

/// The work folder: the sample dataset kept pristine, a working copy, findings.
struct Work {
    dir: PathBuf,
    pristine: Vec<u8>,
    copy: PathBuf,
    fresh: PathBuf,
    artifacts: PathBuf,
    found: BTreeMap<String, u64>,
}

impl Work {
    fn new(target: &str) -> Work {
        let shm = Path::new("/dev/shm");
        let root = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = root.join(format!("im-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("work folder");
        let sample = dir.join("pristine.imdb");
        industry_monitor::sample::write(&sample).expect("the sample dataset");
        let pristine = std::fs::read(&sample).expect("read the sample");
        let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/artifacts")
            .join(target);
        Work {
            copy: dir.join("work.imdb"),
            fresh: dir.join("new.imdb"),
            dir,
            pristine,
            artifacts,
            found: BTreeMap::new(),
        }
    }

    fn restore(&self) {
        let _ = std::fs::remove_file(self.copy.with_extension("imdb-journal"));
        std::fs::write(&self.copy, &self.pristine).expect("restore the working copy");
    }

    fn keep(&mut self, what: &str, input: &Input) {
        let count = self.found.entry(what.to_string()).or_default();
        *count += 1;
        if *count > 20 {
            return;
        }
        let _ = std::fs::create_dir_all(&self.artifacts);
        let hash = input.bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
        });
        let path = self.artifacts.join(format!(
            "{what}-{hash:016x}-{}",
            input.name.replace('/', "_")
        ));
        let _ = std::fs::write(&path, &input.bytes);
        eprintln!("finding: {what}: {}", path.display());
    }
}

#[derive(Default)]
struct Counts {
    execs: u64,
    refused: u64,
    imported: u64,
    into_new: u64,
    typed_dates: u64,
    odd_serials: u64,
    zero_raised_on: u64,
    zero_raised_on_imported: u64,
    panics: u64,
    locked: u64,
    per_list: BTreeMap<String, (u64, u64)>,
}

fn list_key(input: &Input) -> String {
    format!(
        "{:?}/{}",
        input.list,
        if input.xlsx { "xlsx" } else { "text" }
    )
}

fn options(rng: &mut Rng) -> ImportOptions {
    ImportOptions {
        year: (rng.below(3) == 0).then_some(2023),
        imported_on: Date::new(2023, 6, 1),
        ..ImportOptions::default()
    }
}

/// Imports `input`: parse, plan, and when it is clean, commit and read back in full.
fn import_one(
    work: &mut Work,
    base: &mut Option<Dataset>,
    input: &Input,
    rng: &mut Rng,
    c: &mut Counts,
) {
    let into_new = rng.below(4) == 0;
    let options = options(rng);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let catalogue = match (into_new, base.as_ref()) {
            (false, Some(ds)) => ds.catalogue(),
            _ => industry_monitor::model::catalogue::builtin(),
        };
        let parsed = import::parse_bytes(&input.name, &input.bytes, catalogue, &options);
        let existing = if into_new { None } else { base.as_ref() };
        import::plan(parsed, existing)
    }));
    let plan = match outcome {
        Err(_) => {
            c.panics += 1;
            work.keep(&format!("panic-at-{}", last_panic()), input);
            return;
        }
        Ok(Err(_)) => {
            c.refused += 1;
            return;
        }
        Ok(Ok(plan)) => plan,
    };
    if plan.check(false).is_err() {
        c.refused += 1;
        return;
    }
    let target = if into_new {
        let _ = std::fs::remove_file(&work.fresh);
        work.fresh.clone()
    } else {
        // The working copy is written; the read-only connection is closed first.
        *base = None;
        work.copy.clone()
    };
    match catch_unwind(AssertUnwindSafe(|| import::commit(&plan, &target, false))) {
        Err(_) => {
            c.panics += 1;
            work.keep(&format!("panic-at-{}", last_panic()), input);
        }
        Ok(Err(_)) => c.refused += 1,
        Ok(Ok(_)) => {
            c.imported += 1;
            c.into_new += u64::from(into_new);
            c.zero_raised_on_imported += u64::from(input.zero_raised_on);
            let entry = c.per_list.entry(list_key(input)).or_default();
            entry.1 += 1;
            if let Err(e) = reads_in_full(&target) {
                c.locked += 1;
                if work.found.get("locked").copied().unwrap_or(0) < 3 {
                    eprintln!(
                        "the dataset no longer opens after importing {}: {e}",
                        input.name
                    );
                }
                work.keep("locked", input);
            }
        }
    }
    if !into_new {
        work.restore();
        *base = Dataset::open_read_only(&work.copy).ok();
    }
}

fn structured(a: &Args, work: &mut Work, mutate: bool) -> Counts {
    work.restore();
    let mut base = Dataset::open_read_only(&work.copy).ok();
    let vocab = vocab(
        industry_monitor::model::catalogue::builtin(),
        base.as_ref().expect("the sample opens"),
    );
    let mut rng = Rng::new(a.seed);
    let mut c = Counts::default();
    let start = Instant::now();
    let mut report = Instant::now();
    while c.execs < a.execs && start.elapsed() < Duration::from_secs(a.seconds) {
        let mut input = Gen::new(&mut rng, &vocab).input();
        if mutate {
            mangle(&mut rng, &mut input.bytes);
        }
        c.execs += 1;
        c.typed_dates += u64::from(input.typed_dates);
        c.odd_serials += u64::from(input.odd_serials);
        c.zero_raised_on += u64::from(input.zero_raised_on);
        c.per_list.entry(list_key(&input)).or_default().0 += 1;
        import_one(work, &mut base, &input, &mut rng, &mut c);
        if report.elapsed() > Duration::from_secs(30) {
            report = Instant::now();
            eprintln!(
                "{} execs, {:.0}/s, {} imported, {} locked, {} panics",
                c.execs,
                c.execs as f64 / start.elapsed().as_secs_f64(),
                c.imported,
                c.locked,
                c.panics
            );
        }
    }
    c
}

/// Flips, cuts or splices bytes.
fn mangle(rng: &mut Rng, bytes: &mut Vec<u8>) {
    if bytes.is_empty() {
        return;
    }
    for _ in 0..1 + rng.below(8) {
        match rng.below(4) {
            0 => {
                let cut = rng.below(bytes.len());
                bytes.truncate(cut.max(1));
            }
            1 => {
                let at = rng.below(bytes.len());
                let len = rng.below(64).min(bytes.len() - at);
                let from = rng.below(bytes.len() - len + 1);
                let piece = bytes[from..from + len].to_vec();
                bytes.splice(at..at, piece);
            }
            _ => {
                let at = rng.below(bytes.len());
                bytes[at] = rng.next() as u8;
            }
        }
    }
}

const PIECES: &[&str] = &[
    "1",
    "2",
    "4",
    "12",
    "13",
    "2023",
    "２０２３",
    "年",
    "月",
    "日",
    "-",
    "—",
    "–",
    "－",
    "~",
    "至",
    "累计",
    "当月",
    "Jan",
    "Apr",
    "Dec",
    " ",
    ".",
    ",",
    "1e400",
    "NaN",
    "%",
    "Q1",
    "一季度",
    "上半年",
    "前三季度",
    "全年",
    "91230300",
    "MA",
    "X",
    "Y",
    "是",
    "√",
    "鸡西市",
    "（",
    "）",
    "\u{3000}",
    "0",
    "-0",
    "e",
    "+",
    "/",
    "\u{200b}",
    "9999999999999999999999",
];

fn text(a: &Args) -> Counts {
    let mut rng = Rng::new(a.seed);
    let mut c = Counts::default();
    let start = Instant::now();
    let mut s = String::new();
    while c.execs < a.execs && start.elapsed() < Duration::from_secs(a.seconds) {
        s.clear();
        for _ in 0..rng.below(7) {
            if rng.below(8) == 0 {
                s.push(char::from_u32(rng.next() as u32 % 0x3_0000).unwrap_or('\u{fffd}'));
            } else {
                s.push_str(PIECES[rng.below(PIECES.len())]);
            }
        }
        c.execs += 1;
        let ok = catch_unwind(|| {
            let _ = Period::parse_with_basis(&s, Some(2023));
            let _ = Period::parse_with_basis(&s, None);
            let _ = s.parse::<Period>();
            let _ = values::parse_number(&s);
            let _ = values::parse_date(&s);
            let _ = values::parse_flag(&s);
            let _ = values::header_key(&s);
            let _ = s.parse::<Date>();
            let _ = credit_code::validate(&s);
            let _ = name_key(&s);
        });
        if ok.is_err() {
            c.panics += 1;
            eprintln!("finding: panic on {s:?}");
        }
    }
    c
}

/// Imports each file into a copy of the sample, as the structured target does, and says
/// what happened: refused, imported (and the dataset read back), locked, or a panic.
fn replay(files: &[String]) {
    let work = Work::new("replay");
    let catalogue = industry_monitor::model::catalogue::builtin();
    for file in files {
        let path = Path::new(file);
        let Ok(bytes) = std::fs::read(path) else {
            println!("{file}: cannot be read");
            continue;
        };
        let name = path
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        work.restore();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let base = Dataset::open_read_only(&work.copy).expect("the sample opens");
            let parsed = import::parse_bytes(&name, &bytes, catalogue, &ImportOptions::default());
            let plan = import::plan(parsed, Some(&base));
            drop(base);
            match plan {
                Ok(plan) if plan.check(false).is_ok() => {
                    match import::commit(&plan, &work.copy, false) {
                        Ok(_) => match reads_in_full(&work.copy) {
                            Ok(()) => "imported; the dataset reads in full".to_string(),
                            Err(e) => format!("imported, then LOCKED: {e}"),
                        },
                        Err(e) => format!("refused at commit: {e}"),
                    }
                }
                _ => "refused".to_string(),
            }
        }));
        match outcome {
            Ok(what) => println!("{file}: {what}"),
            Err(_) => println!("{file}: PANIC (message above)"),
        }
    }
    let _ = std::fs::remove_dir_all(&work.dir);
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("replay") {
        let files: Vec<String> = std::env::args().skip(2).collect();
        std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
        replay(&files);
        return;
    }
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    // Panics are counted and the input kept by where it panicked; the default message
    // (with a backtrace) would flood the terminal.
    std::panic::set_hook(Box::new(|info| {
        if let Some(at) = info.location() {
            let file = at.file().rsplit('/').next().unwrap_or_default();
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = format!("{file}-{}", at.line());
            }
        }
        eprintln!("panic: {info}");
    }));
    let start = Instant::now();
    let mut work = Work::new(&a.target);
    let c = match a.target.as_str() {
        "structured" => structured(&a, &mut work, false),
        "bytes" => structured(&a, &mut work, true),
        "text" => text(&a),
        other => {
            eprintln!("unknown target {other}: structured, bytes or text");
            std::process::exit(2);
        }
    };
    let _ = std::fs::remove_dir_all(&work.dir);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "target {} seed {}: {} executions in {secs:.0} s ({:.0}/s)",
        a.target,
        a.seed,
        c.execs,
        c.execs as f64 / secs
    );
    println!(
        "  imported {} (into a new dataset {}), refused {}",
        c.imported, c.into_new, c.refused
    );
    println!(
        "  typed date cells {}, odd serials (0, negative, huge) {}",
        c.typed_dates, c.odd_serials
    );
    println!(
        "  request lists with a date-formatted 0 in 提出日期: {} generated, {} imported",
        c.zero_raised_on, c.zero_raised_on_imported
    );
    for (list, (n, imported)) in &c.per_list {
        println!("  {list}: {n} generated, {imported} imported");
    }
    println!(
        "  findings: {} panics, {} datasets that no longer open",
        c.panics, c.locked
    );
    for (what, n) in &work.found {
        println!(
            "    {what}: {n} (first kept in {})",
            work.artifacts.display()
        );
    }
    if c.panics > 0 || c.locked > 0 {
        std::process::exit(1);
    }
}
