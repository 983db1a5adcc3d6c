//! A streamed import: enterprise returns written into a server dataset while the later
//! files are still being read (SPEC §8, §14).
//!
//! Loading a province's history (five years of monthly files, 3.8 M returns) into a new
//! server dataset spent a third of its time reading the files while the server waited, then
//! half sending rows while the client waited. Here each file's returns go to the server as
//! soon as the file is read, inside the import's one transaction, when the dataset holds no
//! returns yet and the files hold nothing but returns of enterprises in the register, each
//! enterprise and period once. The whole import is then checked as any other ([`plan_with`])
//! and committed only when what was written is exactly what that plan writes: the same
//! rows, values and sources. Anything else (an error, a repeated return, an enterprise to
//! add, a figure or a list in the files, a colleague's change meanwhile) rolls the
//! transaction back and the import takes the usual path, from the parse already made:
//! what it writes, refuses and reports never depends on which path it took.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::plan::{ImportPlan, ReadBefore, plan_with};
use super::read::{PartSink, likely_total};
use super::returns::plan::{order_key, put_return, writes};
use super::write::{ImportReport, cited_sources, recorded};
use super::{ImportError, ImportOptions, ParsedImport, Stage};
use crate::model::Period;
use crate::store::{Dataset, RegisterLists, ReturnWriter, StoreError, Writer};

/// How a streamed import ended.
pub(crate) enum Streamed {
    /// Written and committed.
    Written(Box<ImportReport>),
    /// Nothing written: the import goes the usual way from this parse.
    Parsed(Box<ParsedImport>),
    /// Nothing written: the import goes the usual way with this plan.
    Planned(Box<ImportPlan>),
}

/// Why the streamed transaction ends without committing.
enum Stop {
    /// The import fails (the usual path would fail the same way).
    Failed(ImportError),
    /// The usual path takes over.
    Declined(Streamed),
    /// The usual path takes over before anything was read.
    NotStarted,
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Stop {
        Stop::Failed(e.into())
    }
}

/// Imports `files` into the server dataset `existing` (opened read-only at `path`) the
/// streamed way; None when the dataset is not a server's or holds returns already.
pub(crate) fn run(
    files: &[PathBuf],
    path: &Path,
    existing: &Dataset,
    options: &ImportOptions,
    replace: bool,
) -> Result<Option<Streamed>, ImportError> {
    #[cfg(test)]
    LAST_WAY.set("not streamed");
    if !existing.is_on_server() {
        return Ok(None);
    }
    // Before the reads: the import's transaction checks that nothing changed since.
    let start = existing.change_count();
    let return_periods = existing.return_periods()?;
    if !return_periods.is_empty() {
        return Ok(None);
    }
    let before = ReadBefore {
        return_periods,
        register: existing.register_lists(RegisterLists::NONE)?,
    };
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .collect();
    let mut ds = Dataset::open(path)?;
    let outcome = ds.write(|w| -> Result<ImportReport, Stop> {
        // Under the import's lock from the start: a second import is told at once. A
        // colleague's change since the reads above: the usual way, which reads after the
        // parse. (The dataset's change count cannot be compared later: this transaction's
        // own writes advance it.)
        match w.claim_for_import(start) {
            Err(StoreError::Stale { .. }) => return Err(Stop::NotStarted),
            claimed => claimed?,
        }
        let w: &Writer = w;
        let mut streamer = Streamer::new(w, w.returns()?, sizes);
        let parsed = super::read::parse_told(files, existing.catalogue(), options, &mut streamer);
        match std::mem::replace(&mut streamer.state, State::Streaming) {
            State::Streaming => {}
            State::Stopped => return Err(Stop::Declined(Streamed::Parsed(Box::new(parsed)))),
            State::Failed(e) => return Err(Stop::Failed(e.into())),
        }
        // The last rows sent and the keys built while the plan is made; the commit (or
        // the rollback) waits for them.
        streamer.send_rest()?;
        let plan = plan_with(parsed, Some(existing), Some(&before)).map_err(Stop::Failed)?;
        let Some(sources) = streamer.wrote_as(&plan, replace) else {
            return Err(Stop::Declined(Streamed::Planned(Box::new(plan))));
        };
        // What is left is the server's: the keys, then the commit.
        options
            .progress
            .begin(Stage::Writing, plan.parsed.returns.len().max(1) as u64);
        let mut report = plan.report(replace, false);
        report.dataset = path.to_path_buf();
        report.sources = sources;
        Ok(report)
    });
    #[cfg(test)]
    LAST_WAY.set(match &outcome {
        Ok(_) => "written",
        Err(Stop::Declined(Streamed::Parsed(_))) => "parsed",
        Err(Stop::Declined(_)) => "planned",
        Err(Stop::Failed(_)) => "failed",
        Err(Stop::NotStarted) => "not streamed",
    });
    match outcome {
        Ok(report) => {
            options.progress.begin(Stage::Done, 1);
            options.progress.set_done(1);
            Ok(Some(Streamed::Written(Box::new(report))))
        }
        Err(Stop::Declined(streamed)) => Ok(Some(streamed)),
        Err(Stop::Failed(e)) => Err(e),
        Err(Stop::NotStarted) => Ok(None),
    }
}

/// Where the streaming is.
enum State {
    /// Every file so far was written.
    Streaming,
    /// A file could not be written this way; nothing more is.
    Stopped,
    /// The server refused a write (the transaction is lost).
    Failed(StoreError),
}

/// Writes each file's returns as the parse tells of them (see [`PartSink`]).
struct Streamer<'w, 'c> {
    writer: &'w Writer<'c>,
    /// None once the rest is sent (see [`Streamer::send_rest`]).
    returns: Option<ReturnWriter<'w>>,
    /// The files' sizes, for the number of rows to expect.
    sizes: Vec<u64>,
    /// Returns and sources of the parse written so far (a prefix of each).
    returns_done: usize,
    sources_done: usize,
    /// Per enterprise as the files write it (the parse's interned index): its row id.
    who_ids: Vec<Option<i64>>,
    /// Per source of the parse: its id, where recorded.
    source_ids: Vec<Option<i64>>,
    /// Per period, the enterprise ids written (one bit each): a repeat stops the streaming.
    seen: HashMap<Period, Vec<u64>>,
    state: State,
}

/// Ids beyond this stop the streaming (a bit set per period would not fit).
const MAX_ID: i64 = 1 << 26;

impl<'w, 'c> Streamer<'w, 'c> {
    fn new(writer: &'w Writer<'c>, returns: ReturnWriter<'w>, sizes: Vec<u64>) -> Self {
        Streamer {
            writer,
            returns: Some(returns),
            sizes,
            returns_done: 0,
            sources_done: 0,
            who_ids: Vec::new(),
            source_ids: Vec::new(),
            seen: HashMap::new(),
            state: State::Streaming,
        }
    }

    /// The row id of enterprise `who` of the parse, when it names one of the register by
    /// its credit code.
    fn who_id(&mut self, out: &ParsedImport, who: u32) -> Option<i64> {
        let at = who as usize;
        if self.who_ids.len() <= at {
            self.who_ids.resize(out.return_who.len().max(at + 1), None);
        }
        if let Some(id) = self.who_ids[at] {
            return Some(id);
        }
        let code = out.return_who.get(at)?.code.as_deref()?;
        let id = self.returns.as_mut()?.enterprise_id(code).ok()??;
        self.who_ids[at] = Some(id);
        Some(id)
    }

    /// Records `id` as written for `period`; false when it was already.
    fn first_time(&mut self, period: Period, id: i64) -> bool {
        let Ok(bit) = usize::try_from(id) else {
            return false;
        };
        if id > MAX_ID {
            return false;
        }
        let bits = self.seen.entry(period).or_default();
        if bits.len() <= bit / 64 {
            bits.resize(bit / 64 + 1, 0);
        }
        let mask = 1u64 << (bit % 64);
        let first = bits[bit / 64] & mask == 0;
        bits[bit / 64] |= mask;
        first
    }

    /// Writes the returns `out` gained since the last call, with the sources they cite;
    /// Ok(false) when they cannot be written this way.
    fn write_part(&mut self, out: &ParsedImport) -> crate::store::Result<bool> {
        if self.returns.is_none() {
            return Ok(false);
        }
        let only_returns = out.figures.is_empty()
            && out.enterprises.is_empty()
            && out.requests.is_empty()
            && out.deals.is_empty()
            && out.projects.is_empty()
            && out.targets.is_empty()
            && out.errors.is_empty();
        if !only_returns {
            return Ok(false);
        }
        let (first, sources_first) = (self.returns_done, self.sources_done);
        let part = &out.returns[first..];
        let mut order: Vec<(u64, u32)> = Vec::with_capacity(part.len());
        let mut cited = vec![false; out.sources.len() - sources_first];
        for (k, r) in part.iter().enumerate() {
            let Some(id) = self.who_id(out, r.who) else {
                return Ok(false);
            };
            let Some(c) = (r.source as usize)
                .checked_sub(sources_first)
                .and_then(|s| cited.get_mut(s))
            else {
                return Ok(false);
            };
            *c = true;
            if !self.first_time(r.period, id) {
                return Ok(false);
            }
            order.push((order_key(r.period, Some(id)), (first + k) as u32));
        }
        self.source_ids.resize(out.sources.len(), None);
        for (k, _) in cited.iter().enumerate().filter(|(_, c)| **c) {
            let s = sources_first + k;
            self.source_ids[s] = Some(self.writer.add_source(&recorded(&out.sources[s]))?);
        }
        // The rows to expect, from the bytes read so far: a province's history is a bulk
        // load from its first file on (see `ReturnWriter::expect_rows`).
        let read: u64 = self.sizes.iter().take(out.files.len()).sum();
        let total: u64 = self.sizes.iter().sum();
        let expected = likely_total(out.returns.len(), read, total);
        let Some(returns) = self.returns.as_mut() else {
            return Ok(false);
        };
        returns.expect_rows(expected);
        if !order.is_sorted() {
            order.sort_unstable();
        }
        let path = self.writer.path().to_path_buf();
        for (_, i) in order {
            let r = &out.returns[i as usize];
            let id = self.who_ids[r.who as usize].unwrap_or_default();
            let source = self.source_ids[r.source as usize];
            put_return(returns, r, id, None, source).map_err(crate::store::sql_err(&path))?;
        }
        self.returns_done = out.returns.len();
        self.sources_done = out.sources.len();
        Ok(true)
    }

    /// The number of sources recorded when what was written is what `plan` writes: every
    /// return, each as new under the same enterprise, and the sources it cites; else None.
    fn wrote_as(&mut self, plan: &ImportPlan, replace: bool) -> Option<usize> {
        let parsed = &plan.parsed;
        let returns = &plan.returns;
        let everything = plan.check(replace).is_ok()
            && plan.errors().is_empty()
            && returns.added.is_empty()
            && self.returns_done == parsed.returns.len()
            && self.sources_done == parsed.sources.len();
        if !everything {
            return None;
        }
        let mut by_code: HashMap<&str, i64> = HashMap::with_capacity(self.who_ids.len());
        for (who, id) in parsed.return_who.iter().zip(&self.who_ids) {
            if let (Some(code), Some(id)) = (who.code.as_deref(), id) {
                by_code.insert(code, *id);
            }
        }
        let code_ids: Vec<Option<i64>> = (returns.codes.iter())
            .map(|code| by_code.get(&**code).copied())
            .collect();
        for (i, r) in parsed.returns.iter().enumerate() {
            let planned = returns.owner[i].and_then(|o| code_ids.get(o as usize).copied()?);
            let new = writes(returns, i, replace) && returns.stored[i].is_none();
            if !new || planned.is_none() || planned != self.who_ids.get(r.who as usize).copied()? {
                return None;
            }
        }
        let cited = cited_sources(plan, replace);
        let recorded: Vec<bool> = self.source_ids.iter().map(Option::is_some).collect();
        (cited == recorded).then(|| recorded.iter().filter(|&&c| c).count())
    }

    /// Sends what is held and has the keys a bulk load set aside added back in the
    /// background (see [`ReturnWriter::finish_in_background`]).
    fn send_rest(&mut self) -> crate::store::Result<()> {
        let path = self.writer.path().to_path_buf();
        match self.returns.take() {
            Some(returns) => returns
                .finish_in_background()
                .map_err(crate::store::sql_err(&path)),
            None => Ok(()),
        }
    }
}

impl PartSink for Streamer<'_, '_> {
    fn merged(&mut self, out: &ParsedImport) {
        if !matches!(self.state, State::Streaming) {
            return;
        }
        match self.write_part(out) {
            Ok(true) => {}
            Ok(false) => self.state = State::Stopped,
            Err(e) => {
                // The import fails with this error whatever the rest of the files hold
                // (a lost connection, most likely): no use reading them.
                out.progress.cancel();
                self.state = State::Failed(e);
            }
        }
    }

    fn restarted(&mut self) {
        if matches!(self.state, State::Streaming) {
            self.state = State::Stopped;
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Which way the last import on this thread went (the tests tell the two paths apart).
    static LAST_WAY: std::cell::Cell<&'static str> = const { std::cell::Cell::new("") };
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::import;
    use crate::import::tests::{file, options};
    use crate::model::Lang;
    use crate::model::credit_code::compose;
    use crate::store::test_backends::{Engine, Guard, dataset};
    use crate::store::{Dataset, DatasetMeta};

    fn code(n: u32) -> String {
        compose("91", "230300", &format!("MA{n:06}")).expect("code")
    }

    /// A server dataset whose register has enterprises 0..30 (None: no test cluster).
    fn register(dir: &Path) -> Option<Guard> {
        let meta = DatasetMeta {
            title: "t".into(),
            home_region: "230300".into(),
            is_sample: false,
        };
        let (ds, guard) = dataset(Engine::Server, &meta)?;
        drop(ds);
        let mut list = String::from("企业名称,统一社会信用代码,规上\n");
        for n in 0..30 {
            list.push_str(&format!("企业{n},{},是\n", code(n)));
        }
        let list = file(dir, "企业名录.csv", &list);
        import::run(&[list], guard.path(), &options(), false, false).expect("register");
        assert_eq!(super::LAST_WAY.get(), "parsed", "a list is never streamed");
        Some(guard)
    }

    /// A monthly returns file of enterprises `from..to`, with `extra` lines at the end.
    fn month(dir: &Path, m: u32, (from, to): (u32, u32), extra: &str) -> PathBuf {
        let mut text = String::from(
            "统一社会信用代码,企业名称,工业总产值本年累计(千元),营业收入同比增长(%),用电量本月(千瓦时)\n",
        );
        // Not in id order: the writer sorts each file.
        for n in (from..to).rev() {
            let power = if n % 3 == 0 {
                String::new()
            } else {
                format!("{}", n * 7)
            };
            text.push_str(&format!(
                "{},企业{n},{},{}.5,{power}\n",
                code(n),
                1000 + n * m,
                n % 9
            ));
        }
        text.push_str(extra);
        file(dir, &format!("企业月报2023年1-{m}月-{from}.csv"), &text)
    }

    /// Everything an import leaves in a dataset: the returns of every period, the sources
    /// they cite, and the sources (by title and note: a transaction rolled back has used
    /// ids of the server's sequence, so the ids of a later one can differ).
    fn contents(path: &Path) -> String {
        let ds = Dataset::open_read_only(path).expect("open");
        let sources = ds.sources().expect("sources");
        let title = |id: &i64| {
            let s = sources
                .iter()
                .find(|s| s.id == *id)
                .expect("a source cited exists");
            s.title.clone()
        };
        let mut out = String::new();
        for period in ds.return_periods().expect("periods") {
            let (rows, skipped) = ds.return_rows(period).expect("rows");
            assert!(skipped.is_empty());
            let cited: Vec<String> = ds
                .return_source_ids(period)
                .expect("sources")
                .iter()
                .map(title)
                .collect();
            out.push_str(&format!("{period:?} {rows:?} {cited:?}\n"));
        }
        for s in &sources {
            out.push_str(&format!("{} {}\n", s.title, s.note));
        }
        out
    }

    /// Imports `files` both ways into fresh copies of the register: streamed (`run`) and
    /// the usual way (parse, plan, commit). Returns the way the streamed one went, and
    /// asserts both give the same outcome, report and contents.
    fn both_ways(dir: &Path, files: &[PathBuf]) -> Option<&'static str> {
        let streamed = register(dir)?;
        let usual = register(dir)?;
        let a = import::run(files, streamed.path(), &options(), false, false);
        let way = super::LAST_WAY.get();
        let b = {
            let ds = Dataset::open_read_only(usual.path()).expect("open");
            let parsed = import::parse(files, ds.catalogue(), &options());
            let plan = import::plan(parsed, Some(&ds)).expect("plan");
            drop(ds);
            import::commit(&plan, usual.path(), false)
        };
        let text = |r: &Result<import::ImportReport, import::ImportError>| match r {
            Ok(report) => report
                .text(Lang::En)
                .replace(&*streamed.path().to_string_lossy(), "DS"),
            Err(e) => e.message(Lang::En),
        };
        let usual_text = text(&b).replace(&*usual.path().to_string_lossy(), "DS");
        assert_eq!(text(&a), usual_text, "{way}");
        let (a, b) = (contents(streamed.path()), contents(usual.path()));
        if let Some((x, y)) = a.lines().zip(b.lines()).find(|(x, y)| x != y) {
            panic!("{way}: streamed\n{x}\nusual\n{y}");
        }
        assert_eq!(a.lines().count(), b.lines().count(), "{way}");
        Some(way)
    }

    /// Returns of registered enterprises, each once, into a dataset without returns: written
    /// while read, and the dataset, report and sources are the usual import's. Anything the
    /// streaming cannot write as the plan would (a repeated return, an enterprise to add, an
    /// error, a figure among the files) rolls back and takes the usual way, with the same
    /// result; a dataset holding returns is not streamed at all.
    #[test]
    fn a_streamed_import_writes_what_the_usual_one_does() {
        let dir = tempfile::tempdir().expect("dir");
        let d = dir.path();
        let clean = vec![
            month(d, 3, (0, 30), ""),
            month(d, 4, (0, 20), ""),
            month(d, 4, (20, 30), ""),
            month(d, 2, (0, 30), ""),
        ];
        let Some(way) = both_ways(d, &clean) else {
            return;
        };
        assert_eq!(way, "written");
        // The same return twice (same values: merged by the plan) across files.
        let mut repeated = clean.clone();
        repeated.push(month(d, 4, (19, 21), ""));
        assert_eq!(both_ways(d, &repeated), Some("parsed"));
        // An enterprise the register lacks is added.
        let added = format!("{},新企业,5,1,\n", code(77));
        assert_eq!(
            both_ways(d, &[month(d, 5, (0, 30), &added)]),
            Some("parsed")
        );
        // A name that is another enterprise's: the plan's error, found after the writing.
        let other = format!("{},企业2,5,1,\n", code(1));
        assert_eq!(
            both_ways(d, &[month(d, 7, (0, 1), &other)]),
            Some("planned")
        );
        // An error in the last file: refused, nothing written.
        let bad = month(d, 6, (0, 30), &format!("{},企业1,abc,1,\n", code(1)));
        let with_error = [clean.clone(), vec![bad]].concat();
        assert_eq!(both_ways(d, &with_error), Some("parsed"));
        // A bulletin among the returns.
        let bulletin = file(
            d,
            "bulletin.csv",
            "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,19.2\n",
        );
        let mixed = [clean.clone(), vec![bulletin]].concat();
        assert_eq!(both_ways(d, &mixed), Some("parsed"));
        // Into a dataset holding returns: the usual way from the start.
        let guard = register(d).expect("register");
        import::run(&clean[..1], guard.path(), &options(), false, false).expect("first");
        assert_eq!(super::LAST_WAY.get(), "written");
        import::run(&clean[1..], guard.path(), &options(), false, false).expect("rest");
        assert_eq!(super::LAST_WAY.get(), "not streamed");
    }
}
