//! Parsing files: bytes → text or workbook → sheets → rows → layouts. No dataset is
//! touched; the result is a [`ParsedImport`] with every error found.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use calamine::{Reader, SheetType, Xlsx};

use super::context;
use super::decode::{self, Kind};
use super::issue::{Capped, HOME_REGION, IssueKind, Location, Said};
use super::names::Names;
use super::parsed::{FileSummary, ParsedImport, SheetLayout, SubjectRef};
use super::parser::{Parser, PartState, UNRESOLVED};
use super::returns::{ParsedReturn, ReturnWho};
use super::rows::{CsvRow, SheetRow};
use super::sheet::SheetReader;
use super::{ImportOptions, Stage};
use crate::model::{Catalogue, Lang, RegionLevel};

/// Rows between checks of the cancel flag and progress updates.
const CHECK_EVERY: u64 = 4096;

/// A hasher for the 64-bit figure keys (already well mixed by a multiply): std's SipHash
/// costs more than the rest of duplicate detection on a million figures.
#[derive(Default)]
pub struct KeyHasher(u64);

impl KeyHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517C_C1B7_2722_0A95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes a step (an enterprise's code and name are some 40): one multiply per
        // word instead of per byte, the rotation carrying high bits down.
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.mix(u64::from_le_bytes(word));
        }
        for &b in words.remainder() {
            self.mix(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// A map keyed by figure keys.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Parses files against a catalogue (see [`super::parse`]): on two or more cores, files
/// are read in parallel, each into its own part, and the parts merged in file order (see
/// [`parse_parallel`]); the result is the serial one.
pub fn parse(files: &[PathBuf], catalogue: &Catalogue, options: &ImportOptions) -> ParsedImport {
    parse_with(files, catalogue, options, threads_for(files))
}

/// One thread per core, at most one per file.
fn threads_for(files: &[PathBuf]) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
}

/// How many records all the files likely hold, from the `count` in their first `read`
/// bytes of `total`.
pub(crate) fn likely_total(count: usize, read: u64, total: u64) -> usize {
    let all = count as u128 * u128::from(total) / u128::from(read.max(1));
    usize::try_from(all).unwrap_or(usize::MAX)
}

/// Told of each file's rows as they join the parse, in file order, while later files are
/// still being read: a streamed import writes them meanwhile (see `super::stream`).
pub(crate) trait PartSink {
    /// `out` holds the files read so far (a file's rows are appended once it is read).
    fn merged(&mut self, out: &ParsedImport);
    /// The parse starts over: what was told so far is told again.
    fn restarted(&mut self);
}

/// [`parse`], telling `sink` of each file's rows as they join the result.
pub(crate) fn parse_told(
    files: &[PathBuf],
    catalogue: &Catalogue,
    options: &ImportOptions,
    sink: &mut dyn PartSink,
) -> ParsedImport {
    parse_into(files, catalogue, options, threads_for(files), Some(sink))
}

/// [`parse`] on `threads` threads (1: serial).
pub fn parse_with(
    files: &[PathBuf],
    catalogue: &Catalogue,
    options: &ImportOptions,
    threads: usize,
) -> ParsedImport {
    parse_into(files, catalogue, options, threads, None)
}

fn parse_into(
    files: &[PathBuf],
    catalogue: &Catalogue,
    options: &ImportOptions,
    threads: usize,
    mut sink: Option<&mut dyn PartSink>,
) -> ParsedImport {
    let progress = options.progress.clone();
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .collect();
    let total: u64 = sizes.iter().sum();
    progress.begin(Stage::Reading, total.max(1));
    let display = display_names(files);
    if threads >= 2 {
        let mut p = start(catalogue, options);
        let job = Job {
            files,
            display: &display,
            sizes: &sizes,
            catalogue,
            options,
        };
        if parse_parallel(&mut p, &job, threads, &mut sink) {
            return finish(p, options, total);
        }
        if let Some(sink) = &mut sink {
            sink.restarted();
        }
    }
    let mut p = start(catalogue, options);
    let mut done = 0u64;
    for (i, path) in files.iter().enumerate() {
        if progress.is_cancelled() {
            break;
        }
        read_file(&mut p, i, path, &display[i], done, None);
        if let Some(sink) = &mut sink {
            sink.merged(&p.out);
        }
        done += sizes[i];
        progress.set_done(done);
    }
    finish(p, options, total)
}

/// The files of a parallel parse.
struct Job<'a> {
    files: &'a [PathBuf],
    display: &'a [String],
    sizes: &'a [u64],
    catalogue: &'a Catalogue,
    options: &'a ImportOptions,
}

/// An empty output (a part's, or the whole parse's before its catalogue is set).
fn empty_output(options: &ImportOptions) -> ParsedImport {
    ParsedImport {
        catalogue: Catalogue::default(),
        files: Vec::new(),
        sheets: Vec::new(),
        figures: Vec::new(),
        enterprises: Vec::new(),
        requests: Vec::new(),
        deals: Vec::new(),
        projects: Vec::new(),
        targets: Vec::new(),
        returns: Vec::new(),
        return_who: Vec::new(),
        return_columns: Vec::new(),
        sources: Vec::new(),
        errors: Capped::default(),
        notices: Capped::default(),
        home_hints: Vec::new(),
        progress: options.progress.clone(),
    }
}

/// Reads the files on `threads` workers, each file into its own part, and merges the parts
/// into `p` in file order as they come (a part's buffers are freed once merged). False
/// (and `p` to be discarded) when the parts could differ from a serial parse: more than
/// one file lists enterprises (duplicates are found across files) or makes suggestions
/// for unknown names (capped across the import).
fn parse_parallel(
    p: &mut Parser,
    job: &Job<'_>,
    threads: usize,
    sink: &mut Option<&mut dyn PartSink>,
) -> bool {
    let n = job.files.len();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let before: Vec<u64> = job
        .sizes
        .iter()
        .scan(0, |acc, s| {
            let b = *acc;
            *acc += s;
            Some(b)
        })
        .collect();
    let ctx = p.options_ctx.clone();
    // The returns' buffers of merged parts, emptied, for the workers' next files: a file's
    // 15 MB of returns no longer faulted in (and grown by doubling) anew for every file.
    let spare: Mutex<Vec<Vec<ParsedReturn>>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        for worker in 0..threads {
            let (tx, next, stop, ctx, before, spare) =
                (tx.clone(), &next, &stop, &ctx, &before, &spare);
            scope.spawn(move || {
                let mut w = Parser::new(
                    Names::new(job.catalogue),
                    job.options,
                    empty_output(job.options),
                );
                w.options_ctx = ctx.clone();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n || stop.load(Ordering::Relaxed) || w.progress.is_cancelled() {
                        break;
                    }
                    if let Some(buffer) = spare.lock().ok().and_then(|mut s| s.pop()) {
                        w.out.returns = buffer;
                    }
                    read_file(&mut w, 0, &job.files[i], &job.display[i], before[i], None);
                    let part = w.take_part(empty_output(job.options));
                    if tx.send((i, worker, part)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: Vec<Option<(usize, (ParsedImport, PartState))>> =
            (0..n).map(|_| None).collect();
        let (mut merged, mut listing, mut suggesting) = (0, 0, 0);
        let total: u64 = job.sizes.iter().sum();
        let mut reserved = false;
        // Each enterprise once in the result; per worker, its indices into the result.
        let mut who_ids: HashMap<ReturnWho, u32> = HashMap::new();
        let mut remaps: Vec<Vec<u32>> = vec![Vec::new(); threads];
        for (i, worker, part) in rx {
            pending[i] = Some((worker, part));
            while let Some((worker, (out, state))) = pending.get_mut(merged).and_then(Option::take)
            {
                listing += usize::from(state.listed_enterprises);
                suggesting += usize::from(state.suggested > 0);
                if listing > 1 || suggesting > 1 {
                    stop.store(true, Ordering::Relaxed);
                    return false;
                }
                let buffer = merge_part(p, out, state, &mut who_ids, &mut remaps[worker]);
                if let Ok(mut s) = spare.lock()
                    && s.len() < threads
                {
                    s.push(buffer);
                }
                if !reserved && !p.out.returns.is_empty() {
                    // Room for the returns the rest of the files likely hold, from the
                    // first file's: growing 3.8 M returns by doubling copied and faulted
                    // in twice their 800 MB.
                    reserved = true;
                    let read = before[merged] + job.sizes[merged];
                    let all = likely_total(p.out.returns.len(), read, total);
                    // 5% more: files of later months list a few more enterprises.
                    p.out
                        .returns
                        .reserve((all + all / 20).saturating_sub(p.out.returns.len()));
                }
                if let Some(sink) = sink {
                    sink.merged(&p.out);
                }
                merged += 1;
                p.progress
                    .set_done(before[merged - 1] + job.sizes[merged - 1]);
            }
        }
        true
    })
}

/// Appends a part (one file read apart) to `p`: its indices into files, sheets and
/// sources moved past what `p` holds, its new enterprises interned and its returns'
/// enterprises mapped through `remap` (the worker's indices into `p`'s). Gives back the
/// part's returns buffer, emptied.
fn merge_part(
    p: &mut Parser,
    mut part: ParsedImport,
    state: PartState,
    who_ids: &mut HashMap<ReturnWho, u32>,
    remap: &mut Vec<u32>,
) -> Vec<ParsedReturn> {
    let out = &mut p.out;
    let files = out.files.len();
    let (sheets, sources) = (out.sheets.len() as u32, out.sources.len() as u32);
    out.files.extend(part.files);
    out.sheets.extend(part.sheets.into_iter().map(|mut s| {
        s.file += files;
        s
    }));
    out.figures.extend(part.figures.into_iter().map(|mut f| {
        f.sheet += sheets;
        f.source += sources;
        f
    }));
    out.enterprises
        .extend(part.enterprises.into_iter().map(|mut r| {
            r.source += sources;
            r
        }));
    out.requests.extend(part.requests.into_iter().map(|mut r| {
        r.source += sources;
        r
    }));
    out.deals.extend(part.deals.into_iter().map(|mut r| {
        r.source += sources;
        r
    }));
    out.projects.extend(part.projects.into_iter().map(|mut r| {
        r.source += sources;
        r
    }));
    out.targets.extend(part.targets.into_iter().map(|mut r| {
        r.source += sources;
        r
    }));
    let all_who = &mut out.return_who;
    remap.extend(part.return_who.into_iter().map(|w| {
        let next = all_who.len() as u32;
        *who_ids.entry(w).or_insert_with_key(|w| {
            all_who.push(w.clone());
            next
        })
    }));
    out.returns.extend(part.returns.drain(..).map(|mut r| {
        r.who = remap[r.who as usize];
        r.sheet += sheets;
        r.source += sources;
        r
    }));
    out.return_columns
        .extend(part.return_columns.into_iter().map(|mut c| {
            c.sheet += sheets;
            c
        }));
    out.sources.extend(part.sources.into_iter().map(|mut s| {
        s.file += files;
        s
    }));
    out.errors.extend(part.errors);
    out.notices.extend(part.notices);
    p.named_regions.extend(state.named_regions);
    p.whole_cities.extend(state.whole_cities);
    p.names.add_suggested(state.suggested);
    part.returns
}

/// Parses one file given by name and contents, without touching the file system: the
/// fuzzers' entry point (a temporary file per input cost more than the parsing).
pub fn parse_bytes(
    name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    options: &ImportOptions,
) -> ParsedImport {
    let total = bytes.len() as u64;
    options.progress.begin(Stage::Reading, total.max(1));
    let mut p = start(catalogue, options);
    read_file(&mut p, 0, Path::new(name), name, 0, Some(bytes));
    finish(p, options, total)
}

/// A parser with an empty result, the options' year, indicator and basis read.
fn start<'a>(catalogue: &'a Catalogue, options: &'a ImportOptions) -> Parser<'a> {
    let out = ParsedImport {
        catalogue: catalogue.clone(),
        ..empty_output(options)
    };
    let mut p = Parser::new(Names::new(catalogue), options, out);
    options_context(&mut p, options);
    p
}

/// Reports a cancel, drops duplicates and gathers home-region hints.
fn finish(mut p: Parser<'_>, options: &ImportOptions, total: u64) -> ParsedImport {
    let progress = options.progress.clone();
    if progress.is_cancelled() {
        p.error(
            Location::default(),
            None,
            IssueKind::Cancelled,
            Said::new("导入已取消", "import cancelled"),
        );
    }
    remove_duplicates(&mut p);
    p.notice_future_periods();
    home_hints(&mut p, options);
    progress.set_done(total.max(1));
    p.out
}

fn options_context(p: &mut Parser, options: &ImportOptions) {
    let at = |flag: &str| Location::file(flag);
    if !p.names.fits_compact_keys() {
        p.error(
            Location::default(),
            None,
            IssueKind::Dataset,
            Said::new(
                "数据集的目录过大，无法导入",
                "the dataset's catalogue is too large to import into",
            ),
        );
    }
    if let Some(code) = &options.indicator {
        match p.names.indicator(code) {
            Ok(i) => p.options_ctx.indicator = Some(i),
            Err(reason) => p.error(
                at("--indicator"),
                Some(code.clone()),
                IssueKind::UnknownIndicator,
                reason,
            ),
        }
    }
    if let Some(y) = options.year {
        if (1949..=2100).contains(&y) {
            p.options_ctx.year = Some(y);
        } else {
            p.error(
                at("--year"),
                Some(y.to_string()),
                IssueKind::BadPeriod,
                Said::new("年份应在1949至2100之间", "a year between 1949 and 2100"),
            );
        }
    }
    p.options_ctx.basis = options.basis;
}

/// File names for messages: the bare name, or the whole path where two files share it.
fn display_names(files: &[PathBuf]) -> Vec<String> {
    let bare: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| f.display().to_string())
        })
        .collect();
    bare.iter()
        .zip(files)
        .map(|(b, f)| {
            if bare.iter().filter(|x| *x == b).count() > 1 {
                f.display().to_string()
            } else {
                b.clone()
            }
        })
        .collect()
}

/// Reads one file; `given` holds its contents when they do not come from disk.
fn read_file(
    p: &mut Parser,
    index: usize,
    path: &Path,
    name: &str,
    done_before: u64,
    given: Option<&[u8]>,
) {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_ctx = context::read_file_name(&stem, &p.names);
    if let Some(r) = file_ctx.region {
        p.named_regions.push(r);
    }
    p.out.files.push(FileSummary {
        path: path.to_path_buf(),
        name: name.to_string(),
        encoding: None,
        delimiter: None,
    });
    // Into the buffer of the parser's last file: a province's history is 55 files of
    // 11 MB, each faulted in anew before.
    let read = |mut buffer: Vec<u8>| -> std::io::Result<Cow<'_, [u8]>> {
        use std::io::Read;
        buffer.clear();
        let mut file = std::fs::File::open(path)?;
        let size = file.metadata().map_or(0, |m| m.len());
        buffer.reserve(usize::try_from(size).unwrap_or(0));
        file.read_to_end(&mut buffer)?;
        Ok(Cow::Owned(buffer))
    };
    let bytes = match given.map_or_else(
        || read(std::mem::take(&mut p.file_buffer)),
        |b| Ok(Cow::Borrowed(b)),
    ) {
        Ok(b) => b,
        Err(e) => {
            let reason = match e.kind() {
                std::io::ErrorKind::NotFound => Said::new("文件不存在", "no such file"),
                std::io::ErrorKind::PermissionDenied => {
                    Said::new("没有读取权限", "permission denied")
                }
                _ => Said::new(format!("无法读取（{e}）"), format!("cannot be read: {e}")),
            };
            p.error(Location::file(name), None, IssueKind::Unreadable, reason);
            return;
        }
    };
    let first_sheet = p.out.sheets.len();
    match decode::kind_of(&bytes, &ext) {
        Err(e) => {
            let kind = if e == decode::DecodeError::Empty {
                IssueKind::Empty
            } else {
                IssueKind::Unreadable
            };
            p.error(Location::file(name), None, kind, e.said());
            return;
        }
        Ok(Kind::Zip) => read_xlsx(p, index, &bytes, name, &file_ctx, done_before),
        Ok(Kind::Text) => read_text(p, index, &bytes, name, &ext, &file_ctx, done_before),
    }
    // A file of which nothing at all could be used is an error, not a notice: the user
    // asked for it to be imported.
    let sheets = &p.out.sheets[first_sheet.min(p.out.sheets.len())..];
    if !sheets.is_empty() && sheets.iter().all(|s| s.layout == SheetLayout::Skipped) {
        let all_empty = sheets.iter().all(|s| s.rows == 0);
        let (kind, reason) = if all_empty {
            (
                IssueKind::Empty,
                Said::new("文件中没有任何内容", "the file holds no rows"),
            )
        } else {
            (
                IssueKind::Layout,
                Said::new(
                    "未识别出数据或名录：应有“地区/指标/时期/数值”等列标题，或是标题写明指标、带有时期列（1-2月、1-4月……）的通报表，或是有“企业名称/统一社会信用代码”列的企业名录",
                    "no figures or lists recognised: expected headers such as 地区/指标/时期/数值 (region/indicator/period/value), a bulletin with period columns (1-2月, 1-4月 …) under a title naming the indicator, or 企业名称/统一社会信用代码 (enterprise lists)",
                ),
            )
        };
        p.error(Location::file(name), None, kind, reason);
    }
    if let Cow::Owned(buffer) = bytes {
        p.file_buffer = buffer;
    }
}

fn read_text(
    p: &mut Parser,
    index: usize,
    bytes: &[u8],
    name: &str,
    ext: &str,
    file_ctx: &context::Context,
    done_before: u64,
) {
    let (text, encoding) = match decode::decode(bytes) {
        Ok(x) => x,
        Err(e) => {
            let kind = if e == decode::DecodeError::Empty {
                IssueKind::Empty
            } else {
                IssueKind::Unreadable
            };
            p.error(Location::file(name), None, kind, e.said());
            return;
        }
    };
    let delimiter = decode::sniff_delimiter(&text, ext);
    if let Some(f) = p.out.files.get_mut(index) {
        f.encoding = Some(encoding);
        f.delimiter = Some(char::from(delimiter));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = SheetReader::new(p, index, name, None, file_ctx.clone(), true);
    // Bytes, not a StringRecord: the text is UTF-8 already (see `CsvRow::cell`).
    let mut record = csv::ByteRecord::new();
    // csv counts lines; a spreadsheet counts records, and a quoted cell may span lines.
    let mut embedded_newlines = 0u64;
    let mut count = 0u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let row = e
                    .position()
                    .map(|pos| pos.line().saturating_sub(embedded_newlines));
                p.error(
                    Location {
                        row,
                        ..Location::file(name)
                    },
                    None,
                    IssueKind::Unreadable,
                    Said::new(
                        format!("无法按CSV读取（{e}）"),
                        format!("cannot be read as CSV: {e}"),
                    ),
                );
                break;
            }
        }
        // The record's own position is where the previous one ended, before any blank
        // lines; the reader's position after it is exact, so count back from there.
        let end = reader.position();
        let (end_line, byte) = (end.line(), end.byte());
        let ends_with_newline = byte > 0 && text.as_bytes().get(byte as usize - 1) == Some(&b'\n');
        let inner = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        let first_line = end_line.saturating_sub(u64::from(ends_with_newline) + inner);
        let number = first_line.saturating_sub(embedded_newlines).max(1);
        embedded_newlines += inner;
        sheet.feed(
            p,
            &CsvRow {
                record: &record,
                number,
            },
        );
        count += 1;
        if count.is_multiple_of(CHECK_EVERY) {
            p.progress.set_done(done_before + byte);
            if p.progress.is_cancelled() {
                break;
            }
        }
    }
    sheet.finish(p);
}

/// Why calamine could not read part of a workbook: its own error, or a panic inside it.
enum Unreadable<E> {
    Error(E),
    Panic(String),
}

impl<E: std::fmt::Display> std::fmt::Display for Unreadable<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Error(e) => e.fmt(f),
            Unreadable::Panic(m) => write!(f, "calamine: {m}"),
        }
    }
}

/// Runs a calamine call that parses workbook content. calamine 0.38 panics on some damaged
/// files (the fuzzer found an overflowing cell reference such as `ZZZZZZZZZZ2`); a damaged
/// file is a located import error, never a crash of the window or the command.
fn guarded<T, E>(f: impl FnOnce() -> Result<T, E>) -> Result<T, Unreadable<E>> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(Unreadable::Error),
        Err(payload) => Err(Unreadable::Panic(
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unexpected failure".to_string()),
        )),
    }
}

fn read_xlsx(
    p: &mut Parser,
    index: usize,
    bytes: &[u8],
    name: &str,
    file_ctx: &context::Context,
    done_before: u64,
) {
    let mut book: Xlsx<Cursor<&[u8]>> = match guarded(|| Xlsx::new(Cursor::new(bytes))) {
        Ok(b) => b,
        Err(e) => {
            p.error(
                Location::file(name),
                None,
                IssueKind::Unreadable,
                Said::new(
                    format!("无法读取的XLSX工作簿（文件损坏或不完整？）：{e}"),
                    format!("not a readable XLSX workbook (damaged or truncated?): {e}"),
                ),
            );
            return;
        }
    };
    let sheets: Vec<(String, SheetType)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    let n_sheets = sheets.len().max(1) as u64;
    let size = bytes.len() as u64;
    for (k, (sheet_name, typ)) in sheets.into_iter().enumerate() {
        if p.progress.is_cancelled() {
            return;
        }
        let at = Location {
            sheet: Some(sheet_name.clone()),
            ..Location::file(name)
        };
        if typ != SheetType::WorkSheet {
            p.notice(
                at,
                Said::new(
                    "已跳过：这是图表或宏表，不是工作表",
                    "skipped: a chart or macro sheet, not a worksheet",
                ),
            );
            continue;
        }
        let mut range = match guarded(|| book.worksheet_range(&sheet_name)) {
            Ok(r) => r,
            Err(e) => {
                p.error(
                    at,
                    None,
                    IssueKind::Unreadable,
                    Said::new(
                        format!("无法读取该工作表（已损坏？）：{e}"),
                        format!("the sheet cannot be read (damaged?): {e}"),
                    ),
                );
                continue;
            }
        };
        spread_merges(p, &mut book, &sheet_name, &mut range, &at);
        let sheet = SheetReader::new(
            p,
            index,
            name,
            Some(sheet_name.clone()),
            file_ctx.clone(),
            false,
        );
        feed_range(p, sheet, &range, book.has_1904_epoch());
        p.progress
            .set_done(done_before + size * (k as u64 + 1) / n_sheets);
    }
}

/// Merged cells hold their value in the top-left cell only; spreads it so merged headers
/// ("1-4月" over 增速 and 位次) label every column they cover.
fn spread_merges(
    p: &mut Parser,
    book: &mut Xlsx<Cursor<&[u8]>>,
    sheet_name: &str,
    range: &mut calamine::Range<calamine::Data>,
    at: &Location,
) {
    let merges = match guarded(|| book.merge_cells_by_sheet_name(sheet_name)) {
        Ok(merges) => merges,
        Err(e) => {
            p.notice(
                at.clone(),
                Said::new(
                    format!("无法读取合并单元格（{e}）；合并的列标题可能不完整"),
                    format!(
                        "merged cells could not be read ({e}); merged headers may be incomplete"
                    ),
                ),
            );
            return;
        }
    };
    for m in merges {
        let Some(value) = range.get_value(m.start).cloned() else {
            continue;
        };
        if value == calamine::Data::Empty {
            continue;
        }
        let (Some(_), Some(end)) = (range.start(), range.end()) else {
            continue;
        };
        let last_row = m.end.0.min(end.0);
        let last_col = m.end.1.min(end.1);
        // A merge over whole columns would be millions of cells; headers are small.
        let cells = u64::from(last_row.saturating_sub(m.start.0) + 1)
            * u64::from(last_col.saturating_sub(m.start.1) + 1);
        if cells > 100_000 {
            continue;
        }
        for r in m.start.0..=last_row {
            for c in m.start.1..=last_col {
                if (r, c) != m.start {
                    range.set_value((r, c), value.clone());
                }
            }
        }
    }
}

/// Feeds a worksheet's rows to its reader (row numbers as the workbook shows them) and
/// finishes it.
fn feed_range(
    p: &mut Parser,
    mut sheet: SheetReader,
    range: &calamine::Range<calamine::Data>,
    is_1904: bool,
) {
    if let Some((row0, col0)) = range.start() {
        for (i, cells) in range.rows().enumerate() {
            let number = u64::from(row0) + i as u64 + 1;
            sheet.feed(
                p,
                &SheetRow {
                    cells,
                    first_col: col0 as usize,
                    number,
                    is_1904,
                },
            );
            if (i as u64 + 1).is_multiple_of(CHECK_EVERY) && p.progress.is_cancelled() {
                break;
            }
        }
    }
    sheet.finish(p);
}

/// The same figure twice: with the same value it is kept once; with different values it is
/// an error naming both places.
fn remove_duplicates(p: &mut Parser) {
    let mut seen: KeyMap<u32> = KeyMap::default();
    seen.reserve(p.out.figures.len());
    let mut drop = vec![false; p.out.figures.len()];
    let mut repeats = 0usize;
    let mut clashes = Vec::new();
    for (i, (f, dropped)) in p.out.figures.iter().zip(drop.iter_mut()).enumerate() {
        if f.region == UNRESOLVED {
            continue;
        }
        match seen.entry(f.key()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i as u32);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                *dropped = true;
                let first = *o.get() as usize;
                if crate::store::same_value(p.out.figures[first].value, f.value) {
                    repeats += 1;
                } else {
                    clashes.push((first, i));
                }
            }
        }
    }
    for (first, later) in clashes {
        let (a, b) = (p.out.figures[first], p.out.figures[later]);
        let what = p.out.describe(&a, Lang::Zh);
        let (here, there) = (
            super::rows::format_number(b.value),
            super::rows::format_number(a.value),
        );
        let first = p.out.location(&a);
        let reason = Said::new(
            format!(
                "同一数据（{what}）出现两次且数值不同：此处为{here}，另一处为{there}，位于{}",
                first.text(Lang::Zh)
            ),
            format!(
                "the same figure ({what}) appears twice with different values: {here} here and {there} at {first}"
            ),
        );
        let at = p.out.location(&b);
        p.error(
            at,
            Some(super::rows::format_number(b.value)),
            IssueKind::DuplicateFigure,
            reason,
        );
    }
    if repeats > 0 {
        p.notice(
            Location::default(),
            Said::new(
                format!("{repeats}个数据重复出现且数值相同，只计一次"),
                format!(
                    "{repeats} figure(s) appear more than once with the same value and are counted once"
                ),
            ),
        );
    }
    if drop.iter().any(|&d| d) {
        let mut k = 0;
        p.out.figures.retain(|_| {
            let keep = !drop[k];
            k += 1;
            keep
        });
    }
}

/// Candidates for the home region of a new dataset, best first: the --home option (GUI),
/// a region named in a file name or title, the city of a "全市" row (a bulletin of its
/// counties), the region with industry figures, the region of the enterprises, then the
/// first city (or any region) with figures.
fn home_hints(p: &mut Parser, options: &ImportOptions) {
    let mut hints: Vec<u32> = Vec::new();
    if let Some(name) = &options.home_region {
        match p.names.region(name) {
            super::names::RegionName::One(i) => hints.push(i),
            super::names::RegionName::Whole(_) | super::names::RegionName::Unknown(_) => {
                p.error(
                    Location::file(HOME_REGION),
                    Some(name.clone()),
                    IssueKind::UnknownRegion,
                    Said::new("目录中没有这个地区", "not a region of the catalogue"),
                );
            }
        }
    }
    hints.extend(p.named_regions.iter().copied());
    hints.extend(p.whole_cities.iter().copied());
    let mut by_industry: HashMap<u32, usize> = HashMap::new();
    for f in &p.out.figures {
        if f.subject != SubjectRef::Whole && f.region != UNRESOLVED {
            *by_industry.entry(f.region).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, u32)> = by_industry.into_iter().map(|(r, n)| (n, r)).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hints.extend(ranked.into_iter().map(|(_, r)| r));
    for e in &p.out.enterprises {
        if let Some(i) = p.names.region_index(&e.enterprise.region) {
            hints.push(p.names.ancestor_at(i, RegionLevel::City).unwrap_or(i));
        }
    }
    let cat = p.names.cat;
    let level = |r: u32| cat.regions.get(r as usize).map(|x| x.level);
    if let Some(f) = p
        .out
        .figures
        .iter()
        .find(|f| level(f.region) == Some(RegionLevel::City))
    {
        hints.push(f.region);
    }
    if let Some(f) = p.out.figures.iter().find(|f| f.region != UNRESOLVED) {
        hints.push(f.region);
    }
    let mut unique = Vec::new();
    for h in hints {
        if !unique.contains(&h) {
            unique.push(h);
        }
    }
    p.out.home_hints = unique;
}
