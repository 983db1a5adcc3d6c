//! The PostgreSQL side of [`super::Db`]: the connection, the dialect's placeholders, and
//! values converted both ways so the store's readers see what SQLite would give them.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

use bytes::BytesMut;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{Format, FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};
use rusqlite::types::Value;

use super::{Error, Params, Result, Row, param_value};

/// How long a connection attempt may take before it is an error (never a silent hang).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The environment variable that makes a connection print, when it closes, how many
/// statements it ran and how many round trips to the server they took (profiling).
pub const STATS_VAR: &str = "INDUSTRY_MONITOR_PG_STATS";

/// The environment variable naming a file to which a connection appends each statement it
/// sends, its parameters written in as literals, one `;`-ended statement each: a script
/// `pgbench -f` replays, to measure what the server itself needs for a command
/// (`scripts/pg-floor.sh`). Reads answered from a snapshot's memo are not sent, so not
/// written; nor are COPY's rows.
pub const TRACE_VAR: &str = "INDUSTRY_MONITOR_PG_TRACE";

/// What a connection sent: statements run, round trips, statements prepared.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Statements run (prepared or one-shot, batches counted once).
    pub statements: u64,
    /// Round trips: one per statement run, plus one per prepare.
    pub round_trips: u64,
    /// Statements prepared (named, kept for the connection's life).
    pub prepares: u64,
}

/// A dataset's server connection. Queries take `&self` like SQLite's, so the client sits in
/// a `RefCell`: a `Dataset` is used by one thread at a time.
///
/// A statement's first run is one-shot (parse, bind and execute in one round trip, types
/// left to the server as a prepare would); a statement run again is prepared and kept, so a
/// loop pays its parse once. Most of a command's statements run once, and a prepare would
/// double their round trips.
pub struct PgConn {
    /// None while a COPY runs on a helper thread (see [`PgConn::copy_in_background`]).
    client: RefCell<Option<postgres::Client>>,
    /// The helper thread sending a COPY, which hands the client back when done.
    in_flight: RefCell<Option<InFlight>>,
    /// The data of the last background COPY, emptied, for the next batch to fill: a bulk
    /// load's 30 MB batches reuse two buffers instead of faulting in fresh memory each.
    spare: RefCell<Vec<u8>>,
    /// Why the connection's work failed out of sight (a background COPY, a writer dropped
    /// with rows unsent): every later statement, and so the commit, fails with it.
    failed: RefCell<Option<String>>,
    /// That failure's own error, for the first caller to hear of it.
    fresh: RefCell<Option<Error>>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    ran_once: RefCell<HashSet<String>>,
    stats: Cell<Stats>,
    /// While a read snapshot is held (see [`PgConn::hold_snapshot`]): each read's rows by
    /// statement and parameters, so a read repeated by another part of a command is not
    /// sent again. None otherwise.
    memo: RefCell<Option<Memo>>,
    /// Where each statement sent is written (see [`TRACE_VAR`]), when asked.
    trace: RefCell<Option<std::fs::File>>,
    /// While recording (see [`PgConn::start_recording`]): the reads kept in the snapshot.
    recorded: RefCell<Option<Vec<KeptRead>>>,
    /// Stamps read in this snapshot, by the name of the group of tables each covers (see
    /// [`PgConn::set_stamp`]).
    stamps: RefCell<Vec<(&'static str, String)>>,
    /// Reads of stamped tables made from the server in this snapshot, by group, to be kept.
    stamped_reads: RefCell<Vec<(&'static str, KeptRead)>>,
}

/// One read made in a snapshot, as kept: statement, parameters, column names and rows (for a
/// cache of reads that stay the same while a stamp does, see `store::read_cache`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeptRead {
    /// The statement as the store wrote it (SQLite's placeholders).
    pub sql: String,
    /// Its parameters.
    pub params: Vec<Value>,
    /// The result's column names.
    pub names: Vec<String>,
    /// The result's rows.
    pub rows: Vec<Vec<Value>>,
}

/// Reads made in a snapshot, by statement text, then parameters.
type Memo = HashMap<String, Vec<(Vec<Value>, std::sync::Arc<Kept>)>>;

/// One read's result, kept for the snapshot's life.
pub struct Kept {
    /// The columns' names.
    pub names: Vec<String>,
    /// The rows, each its values in column order.
    pub rows: Vec<Vec<Value>>,
}

/// A result longer than this is not kept: its transfer, not its round trip, is its cost,
/// and a period's returns on a large dataset would hold tens of megabytes.
const MEMO_MAX_ROWS: usize = 5_000;

/// A COPY on its helper thread, which ends by handing back the client and the result.
type InFlight = std::thread::JoinHandle<(postgres::Client, Result<u64>, Vec<u8>)>;

/// How a statement goes to the server this time.
enum Plan {
    /// Prepared earlier (or now, on its second run).
    Prepared(postgres::Statement),
    /// Its first run: parsed, bound and executed in one round trip.
    OneShot,
}

impl PgConn {
    /// Wraps a connected client.
    pub fn new(client: postgres::Client) -> PgConn {
        PgConn {
            client: RefCell::new(Some(client)),
            in_flight: RefCell::new(None),
            spare: RefCell::new(Vec::new()),
            failed: RefCell::new(None),
            fresh: RefCell::new(None),
            statements: RefCell::new(HashMap::new()),
            ran_once: RefCell::new(HashSet::new()),
            stats: Cell::new(Stats::default()),
            memo: RefCell::new(None),
            trace: RefCell::new(std::env::var_os(TRACE_VAR).and_then(|f| {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(f)
                    .ok()
            })),
            recorded: RefCell::new(None),
            stamps: RefCell::new(Vec::new()),
            stamped_reads: RefCell::new(Vec::new()),
        }
    }

    /// Notes reads of `group`'s tables made under its stamp (see
    /// `store::read_cache::recording`).
    pub fn note_reads(&self, group: &'static str, reads: Vec<KeptRead>) {
        let mut noted = self.stamped_reads.borrow_mut();
        noted.extend(reads.into_iter().map(|r| (group, r)));
    }

    /// The reads noted by [`PgConn::note_reads`], taken.
    pub fn take_noted_reads(&self) -> Vec<(&'static str, KeptRead)> {
        std::mem::take(&mut *self.stamped_reads.borrow_mut())
    }

    /// Notes `group`'s stamp as read in this connection's snapshot: its reads of the
    /// group's tables are then kept under it (`store::read_cache`). Forgotten with the
    /// snapshot; nothing happens outside one.
    pub fn set_stamp(&self, group: &'static str, token: String) {
        if self.memo.borrow().is_some() {
            let mut stamps = self.stamps.borrow_mut();
            stamps.retain(|(g, _)| *g != group);
            stamps.push((group, token));
        }
    }

    /// `group`'s stamp in this connection's snapshot, while it holds one.
    pub fn stamp(&self, group: &str) -> Option<String> {
        self.memo.borrow().as_ref()?;
        let stamps = self.stamps.borrow();
        stamps
            .iter()
            .find(|(g, _)| *g == group)
            .map(|(_, t)| t.clone())
    }

    /// True while reads are recorded (see [`PgConn::start_recording`]).
    pub fn is_recording(&self) -> bool {
        self.recorded.borrow().is_some()
    }

    /// [`PgConn::hold_snapshot`], running `first` (a query of one row, e.g. a stamp) in the
    /// same round trip, in the snapshot; that row's values as text (None: no row). The reads
    /// `also` (without parameters, every column text) go in the same round trip and are kept
    /// for the snapshot: a text column read as text is what it would read later. On an
    /// error the transaction is left failed: [`PgConn::rollback`] ends it.
    pub fn hold_snapshot_reading(
        &self,
        first: &str,
        also: &[&str],
    ) -> Result<Option<Vec<Option<String>>>> {
        const BEGIN: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
        let mut sql = format!("{BEGIN}; {first}");
        self.settle()?;
        self.count(1, 0);
        self.trace(BEGIN, &[]);
        self.trace(first, &[]);
        for read in also {
            sql.push_str("; ");
            sql.push_str(read);
            self.trace(read, &[]);
        }
        let messages = self.client().simple_query(&sql)?;
        *self.memo.borrow_mut() = Some(Memo::new());
        // Each statement's rows follow its row description.
        let mut results: Vec<Kept> = Vec::new();
        for m in &messages {
            match m {
                postgres::SimpleQueryMessage::RowDescription(columns) => results.push(Kept {
                    names: columns.iter().map(|c| c.name().to_owned()).collect(),
                    rows: Vec::new(),
                }),
                postgres::SimpleQueryMessage::Row(row) => {
                    if let Some(result) = results.last_mut() {
                        result.rows.push(
                            (0..row.len())
                                .map(|i| row.get(i).map_or(Value::Null, |t| Value::Text(t.into())))
                                .collect(),
                        );
                    }
                }
                _ => {}
            }
        }
        let mut results = results.into_iter();
        let first_row = results.next().and_then(|r| r.rows.into_iter().next());
        for (read, kept) in also.iter().zip(results) {
            self.keep(read, Vec::new(), kept);
        }
        Ok(first_row.map(|row| {
            row.into_iter()
                .map(|v| match v {
                    Value::Text(t) => Some(t),
                    _ => None,
                })
                .collect()
        }))
    }

    /// From now on, reads kept in the snapshot are also recorded, until
    /// [`PgConn::stop_recording`].
    pub fn start_recording(&self) {
        *self.recorded.borrow_mut() = Some(Vec::new());
    }

    /// The reads kept since [`PgConn::start_recording`] (results too long to keep are not
    /// among them).
    pub fn stop_recording(&self) -> Vec<KeptRead> {
        self.recorded.borrow_mut().take().unwrap_or_default()
    }

    /// Answers these reads, from now until the snapshot ends, without asking the server: the
    /// caller knows they are what the server would answer in this snapshot. Nothing happens
    /// outside a snapshot.
    pub fn preload(&self, reads: Vec<KeptRead>) {
        if self.memo.borrow().is_none() {
            return;
        }
        for r in reads {
            let params = r.params.into_iter().map(PgParam).collect();
            self.keep(
                &r.sql,
                params,
                Kept {
                    names: r.names,
                    rows: r.rows,
                },
            );
        }
    }

    /// Writes a statement about to be sent to the trace file, if there is one (profiling:
    /// a failed write is ignored).
    pub fn trace(&self, sql: &str, values: &[PgParam]) {
        if let Some(f) = self.trace.borrow_mut().as_mut() {
            use std::io::Write;
            let _ = writeln!(f, "{};", with_literals(sql, values).trim_end_matches(';'));
        }
    }

    /// From now on the connection reads one snapshot of the dataset (a read-only,
    /// repeatable-read transaction), so a command's reads agree with each other even while
    /// a colleague imports, and a read it repeats (the periods, the meta, a period's
    /// returns, asked for by several parts of a briefing) is answered from the first
    /// answer instead of the server. For commands that only read: a write in the snapshot
    /// is refused by the server. Held until the connection closes or the next write.
    pub fn hold_snapshot(&self) -> Result<()> {
        self.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        *self.memo.borrow_mut() = Some(Memo::new());
        Ok(())
    }

    /// The rows kept for `sql` with `values` in the snapshot, if any.
    fn kept(&self, sql: &str, values: &[PgParam]) -> Option<std::sync::Arc<Kept>> {
        let memo = self.memo.borrow();
        let found = memo.as_ref()?.get(sql)?.iter().find(|(params, _)| {
            params.len() == values.len()
                && params.iter().zip(values).all(|(a, b)| same_value(a, &b.0))
        });
        found.map(|(_, kept)| kept.clone())
    }

    /// Keeps a read's rows for the rest of the snapshot.
    fn keep(&self, sql: &str, values: Vec<PgParam>, kept: Kept) {
        self.keep_shared(sql, values, std::sync::Arc::new(kept));
    }

    /// [`PgConn::keep`] of rows already shared.
    fn keep_shared(&self, sql: &str, values: Vec<PgParam>, kept: std::sync::Arc<Kept>) {
        if let Some(memo) = self.memo.borrow_mut().as_mut() {
            let params: Vec<Value> = values.into_iter().map(|p| p.0).collect();
            if let Some(recorded) = self.recorded.borrow_mut().as_mut() {
                recorded.push(KeptRead {
                    sql: sql.to_owned(),
                    params: params.clone(),
                    names: kept.names.clone(),
                    rows: kept.rows.clone(),
                });
            }
            memo.entry(sql.to_owned()).or_default().push((params, kept));
        }
    }

    /// Ends any snapshot's memo: what follows may change the data.
    fn forget_reads(&self) {
        self.memo.borrow_mut().take();
        self.stamps.borrow_mut().clear();
        self.stamped_reads.borrow_mut().clear();
    }

    /// What the connection has sent so far.
    pub fn stats(&self) -> Stats {
        self.stats.get()
    }

    fn count(&self, round_trips: u64, prepares: u64) {
        let mut s = self.stats.get();
        s.statements += 1;
        s.round_trips += round_trips;
        s.prepares += prepares;
        self.stats.set(s);
    }

    /// Prepared on the statement's second run, one-shot on its first.
    fn plan(&self, sql: &str) -> Result<Plan> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(Plan::Prepared(s.clone()));
        }
        if self.ran_once.borrow_mut().insert(sql.to_owned()) {
            return Ok(Plan::OneShot);
        }
        self.statement(sql).map(Plan::Prepared)
    }

    /// The client itself, for COPY and notifications (after any COPY in the background:
    /// its failure, if any, is kept for [`PgConn::settle`]).
    pub fn client(&self) -> std::cell::RefMut<'_, postgres::Client> {
        self.bring_back();
        std::cell::RefMut::map(self.client.borrow_mut(), |c| {
            c.as_mut()
                .expect("the client is home once the background COPY is joined")
        })
    }

    /// Waits for a COPY sent in the background and takes the client back.
    fn bring_back(&self) {
        let Some(handle) = self.in_flight.borrow_mut().take() else {
            return;
        };
        match handle.join() {
            Ok((client, result, mut data)) => {
                *self.client.borrow_mut() = Some(client);
                data.clear();
                *self.spare.borrow_mut() = data;
                if let Err(e) = result {
                    self.fail(e);
                }
            }
            // The helper only runs the client library's COPY: its panic is ours, except
            // while already unwinding (a transaction rolled back on the way out), where a
            // second panic would abort; the connection is gone with the helper then.
            Err(panic) if !std::thread::panicking() => std::panic::resume_unwind(panic),
            Err(_) => self.fail(Error::Io(std::io::Error::other(
                "the COPY helper stopped; the connection is lost",
            ))),
        }
    }

    /// Records why the connection's work failed out of sight (the first reason is kept):
    /// every later statement, and so the transaction's commit, fails with it.
    pub fn fail(&self, e: Error) {
        let mut failed = self.failed.borrow_mut();
        if failed.is_none() {
            *failed = Some(match &e {
                Error::Pg(pg) => describe(pg),
                other => other.to_string(),
            });
            *self.fresh.borrow_mut() = Some(e);
        }
    }

    /// Waits for a COPY sent in the background; its error, or one recorded by
    /// [`PgConn::fail`], if any.
    pub fn settle(&self) -> Result<()> {
        self.bring_back();
        if let Some(e) = self.fresh.borrow_mut().take() {
            return Err(e);
        }
        match self.failed.borrow().as_ref() {
            Some(why) => Err(Error::Io(std::io::Error::other(format!(
                "an earlier write in this transaction failed: {why}"
            )))),
            None => Ok(()),
        }
    }

    /// Sends `data` with `sql` (a `COPY … FROM STDIN`) on a helper thread and returns at
    /// once, so the caller prepares the next rows while the server takes these; the next
    /// use of the connection waits for it (and fails with its error).
    pub fn copy_in_background(&self, sql: String, data: Vec<u8>) -> Result<()> {
        self.settle()?;
        let Some(mut client) = self.client.borrow_mut().take() else {
            return Err(Error::Io(std::io::Error::other(
                "the server connection is in use by another statement",
            )));
        };
        *self.in_flight.borrow_mut() = Some(std::thread::spawn(move || {
            let result = super::copy::copy_with(&mut client, &sql, &data);
            (client, result, data)
        }));
        self.count(1, 0);
        Ok(())
    }

    /// Runs statements without parameters (see [`PgConn::batch_execute`]) on a helper
    /// thread and returns at once, as [`PgConn::copy_in_background`] does: a bulk load
    /// builds its keys while the client checks what it wrote.
    pub fn batch_in_background(&self, sql: String) -> Result<()> {
        self.forget_reads();
        self.settle()?;
        self.trace(&sql, &[]);
        let Some(mut client) = self.client.borrow_mut().take() else {
            return Err(Error::Io(std::io::Error::other(
                "the server connection is in use by another statement",
            )));
        };
        *self.in_flight.borrow_mut() = Some(std::thread::spawn(move || {
            let result = client.batch_execute(&sql).map(|()| 0).map_err(Error::from);
            (client, result, Vec::new())
        }));
        self.count(1, 0);
        Ok(())
    }

    /// An empty buffer for the next background COPY's data: the last one's, once it is
    /// back (see [`PgConn::copy_in_background`]), else a new one.
    pub fn copy_buffer(&self) -> Vec<u8> {
        std::mem::take(&mut *self.spare.borrow_mut())
    }

    /// A statement the caller means to run many times. Nothing is sent yet: it is prepared
    /// on its second run (see [`PgConn`]), so the many statements prepared for a single
    /// read cost no extra round trip; a mistake in it shows on its first run.
    pub fn prepare(&self, _sql: &str) -> Result<()> {
        Ok(())
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client().prepare(&placeholders(sql))?;
        let mut st = self.stats.get();
        st.round_trips += 1;
        st.prepares += 1;
        self.stats.set(st);
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: Params<'_>) -> Result<usize> {
        self.forget_reads();
        self.settle()?;
        let values = bind(params)?;
        self.trace(sql, &values);
        let n = match self.plan(sql)? {
            Plan::Prepared(stmt) => {
                let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
                self.count(1, 0);
                self.client().execute(&stmt, &refs)?
            }
            Plan::OneShot => {
                self.count(1, 0);
                let mut client = self.client();
                let mut rows = client.query_typed_raw(&placeholders(sql), one_shot(&values))?;
                while rows.next()?.is_some() {}
                rows.rows_affected().unwrap_or(0)
            }
        };
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Runs several statements without parameters.
    pub fn batch_execute(&self, sql: &str) -> Result<()> {
        self.forget_reads();
        self.settle()?;
        self.count(1, 0);
        self.trace(sql, &[]);
        Ok(self.client().batch_execute(sql)?)
    }

    /// Streams the rows of a query through `f`.
    pub fn for_each(
        &self,
        sql: &str,
        params: Params<'_>,
        f: &mut dyn FnMut(&Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        self.settle()?;
        let values = bind(params)?;
        if let Some(kept) = self.kept(sql, &values) {
            return replay(&kept, f);
        }
        let mut keep = self.memo.borrow().is_some().then(|| Kept {
            names: Vec::new(),
            rows: Vec::new(),
        });
        self.send(sql, &values, f, &mut keep, MEMO_MAX_ROWS)?;
        if let Some(kept) = keep {
            self.keep(sql, values, kept);
        }
        Ok(())
    }

    /// Every row of a query, kept in the snapshot's memo as [`PgConn::for_each`] keeps it
    /// (then shared, not copied).
    pub fn read_all(&self, sql: &str, params: Params<'_>) -> Result<std::sync::Arc<Kept>> {
        self.settle()?;
        let values = bind(params)?;
        if let Some(kept) = self.kept(sql, &values) {
            return Ok(kept);
        }
        let mut all = Some(Kept {
            names: Vec::new(),
            rows: Vec::new(),
        });
        self.send(sql, &values, &mut |_| Ok(()), &mut all, usize::MAX)?;
        let all = std::sync::Arc::new(all.unwrap_or(Kept {
            names: Vec::new(),
            rows: Vec::new(),
        }));
        if all.rows.len() <= MEMO_MAX_ROWS {
            self.keep_shared(sql, values, all.clone());
        }
        Ok(all)
    }

    /// Sends a query and streams its rows through `f`, into `keep` too while it is Some
    /// (see [`stream`]).
    fn send(
        &self,
        sql: &str,
        values: &[PgParam],
        f: &mut dyn FnMut(&Row<'_>) -> rusqlite::Result<()>,
        keep: &mut Option<Kept>,
        at_most: usize,
    ) -> Result<()> {
        self.count(1, 0);
        self.trace(sql, values);
        match self.plan(sql)? {
            Plan::Prepared(stmt) => {
                let mut client = self.client();
                stream(client.query_raw(&stmt, values.iter())?, f, keep, at_most)
            }
            Plan::OneShot => {
                let mut client = self.client();
                stream(
                    client.query_typed_raw(&placeholders(sql), one_shot(values))?,
                    f,
                    keep,
                    at_most,
                )
            }
        }
    }

    /// Ends a transaction without keeping it; errors are ignored (the connection may be
    /// gone, and then so is the transaction). What failed in it is forgotten with it.
    pub fn rollback(&self) {
        self.forget_reads();
        self.bring_back();
        if let Ok(mut c) = self.client.try_borrow_mut()
            && let Some(c) = c.as_mut()
        {
            let _ = c.batch_execute("ROLLBACK");
        }
        self.forget_failure();
    }

    /// Starts with a clean slate: a failure recorded by [`PgConn::fail`] belongs to the
    /// transaction it happened in.
    pub fn forget_failure(&self) {
        self.bring_back();
        self.failed.borrow_mut().take();
        self.fresh.borrow_mut().take();
    }
}

/// Set when the process ends as soon as its work is done (a command; see
/// [`leave_connections_to_exit`]).
static LEAVE_TO_EXIT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on a reading connection that closes ends its snapshot and leaves its socket to
/// the process's end, instead of saying goodbye and waiting until the server process has
/// ended (0.3 ms of every command). The server takes a socket closed outside a
/// transaction quietly; for the window, which opens connections for hours, never set.
pub fn leave_connections_to_exit() {
    LEAVE_TO_EXIT.store(true, std::sync::atomic::Ordering::Relaxed);
}

impl Drop for PgConn {
    fn drop(&mut self) {
        // A snapshot ends before the connection does: a pooler (PgBouncer) keeps a server
        // process for the next client only when it is left outside a transaction.
        if self.memo.get_mut().is_some() {
            self.trace("COMMIT", &[]);
        }
        let mut idle = false;
        if self.memo.get_mut().is_some()
            && let Some(c) = self.client.get_mut().as_mut()
        {
            idle = c.batch_execute("COMMIT").is_ok();
        }
        // Only a reading connection whose snapshot just ended is left: it holds no
        // transaction, so nothing it holds can keep the process's later work waiting.
        if idle
            && LEAVE_TO_EXIT.load(std::sync::atomic::Ordering::Relaxed)
            && let Some(c) = self.client.get_mut().take()
        {
            std::mem::forget(c);
        }
        if std::env::var_os(STATS_VAR).is_some() {
            let s = self.stats.get();
            eprintln!(
                "{STATS_VAR}: {} statements, {} round trips, {} prepared",
                s.statements, s.round_trips, s.prepares
            );
        }
    }
}

/// Feeds a result's rows, converted to SQLite's values, through `f`; and into `keep`
/// while the result holds at most `at_most` rows (else `keep` becomes None).
fn stream(
    mut rows: postgres::RowIter<'_>,
    f: &mut dyn FnMut(&Row<'_>) -> rusqlite::Result<()>,
    keep: &mut Option<Kept>,
    at_most: usize,
) -> Result<()> {
    let mut names: Option<Vec<String>> = None;
    let mut buf = Vec::new();
    while let Some(row) = rows.next()? {
        let names =
            names.get_or_insert_with(|| row.columns().iter().map(|c| c.name().into()).collect());
        // A kept row is moved into the memo, not copied; else one buffer serves every row.
        let keeping = keep.as_ref().is_some_and(|k| k.rows.len() < at_most);
        if keeping {
            buf = Vec::with_capacity(row.len());
        } else {
            buf.clear();
        }
        for i in 0..row.len() {
            buf.push(value_of(&row, i)?);
        }
        f(&Row::Owned {
            values: &buf,
            names,
        })?;
        match keep {
            Some(k) if keeping => k.rows.push(std::mem::take(&mut buf)),
            Some(_) => *keep = None,
            None => {}
        }
    }
    if let (Some(k), Some(names)) = (keep.as_mut(), names) {
        k.names = names;
    }
    Ok(())
}

/// Feeds kept rows through `f` as [`stream`] fed them the first time.
fn replay(kept: &Kept, f: &mut dyn FnMut(&Row<'_>) -> rusqlite::Result<()>) -> Result<()> {
    for values in &kept.rows {
        f(&Row::Owned {
            values,
            names: &kept.names,
        })?;
    }
    Ok(())
}

/// Parameters compare as the server would take them: a float by its bits, so a NaN
/// matches itself and 0.0 does not match -0.0.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Real(x), Value::Real(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// Rewrites SQLite's `?N` and `?` placeholders as PostgreSQL's `$N`, leaving quoted text
/// alone.
pub fn placeholders(sql: &str) -> String {
    each_placeholder(sql, |n| format!("${n}"))
}

/// `sql` with its parameters written in as SQL literals (for [`TRACE_VAR`]'s replayable
/// trace; a float that is not finite is written as PostgreSQL's text for it). A placeholder
/// with no value stays `$N`.
pub fn with_literals(sql: &str, values: &[PgParam]) -> String {
    each_placeholder(sql, |n| {
        match n.checked_sub(1).and_then(|i| values.get(i)) {
            Some(v) => literal(&v.0),
            None => format!("${n}"),
        }
    })
}

/// `sql` with each SQLite placeholder outside quotes (`?N`, or `?` numbered after the
/// highest so far) replaced by what `write` makes of its number.
fn each_placeholder(sql: &str, mut write: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut next = 0;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (Some(_), c) => out.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '?') => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                let n = if digits.is_empty() {
                    next += 1;
                    next
                } else {
                    // Digits too many for a number stay as written (the server says why).
                    match digits.parse::<usize>() {
                        Ok(n) => {
                            next = next.max(n);
                            n
                        }
                        Err(_) => {
                            out.push('$');
                            out.push_str(&digits);
                            continue;
                        }
                    }
                };
                out.push_str(&write(n));
            }
            (None, c) => out.push(c),
        }
    }
    out
}

/// One value as an SQL literal.
fn literal(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        // Negative numbers in brackets: `x-?1` must not become a comment, `x--1`.
        Value::Integer(i) if *i < 0 => format!("({i})"),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) if !f.is_finite() => format!("'{}'::float8", real_text(*f)),
        Value::Real(f) if *f < 0.0 => format!("({})", real_text(*f)),
        Value::Real(f) => real_text(*f),
        Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        Value::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("'\\x{hex}'::bytea")
        }
    }
}

/// A one-shot statement's parameters: in text, of no declared type, so the server infers
/// each one's type from its place as it does when preparing, and reads the text as a
/// literal of that type.
fn one_shot(values: &[PgParam]) -> impl ExactSizeIterator<Item = (TextParam<'_>, Type)> {
    let unknown = Type::new("unknown".into(), 0, Kind::Pseudo, "pg_catalog".into());
    values
        .iter()
        .map(move |v| (TextParam(&v.0), unknown.clone()))
}

fn bind(params: Params<'_>) -> Result<Vec<PgParam>> {
    params
        .iter()
        .map(|p| Ok(PgParam(param_value(*p)?)))
        .collect()
}

/// A parameter bound by the type the server expects for its place, so one integer serves
/// an `INTEGER`, a `BIGINT` or a `DOUBLE PRECISION` column as SQLite's affinity would.
#[derive(Debug)]
pub struct PgParam(pub Value);

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for PgParam {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_string().as_str().to_sql(ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::INT8 | Type::INT4 | Type::INT2 if f.fract() == 0.0 => {
                    PgParam(Value::Integer(*f as i64)).to_sql(ty, out)
                }
                _ => f.to_string().as_str().to_sql(ty, out),
            },
            Value::Text(s) => match *ty {
                Type::INT8 | Type::INT4 | Type::INT2 | Type::FLOAT8 | Type::FLOAT4 => {
                    Err(format!("the text {s:?} where the server expects a number ({ty})").into())
                }
                _ => s.as_str().to_sql(ty, out),
            },
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A parameter in the server's text form (a one-shot statement's: see [`one_shot`]).
#[derive(Debug)]
struct TextParam<'a>(&'a Value);

impl ToSql for TextParam<'_> {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match self.0 {
            Value::Null => return Ok(IsNull::Yes),
            Value::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Value::Real(f) => out.extend_from_slice(real_text(*f).as_bytes()),
            Value::Text(s) => out.extend_from_slice(s.as_bytes()),
            Value::Blob(b) => {
                out.extend_from_slice(b"\\x");
                for byte in b {
                    out.extend_from_slice(format!("{byte:02x}").as_bytes());
                }
            }
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, _: &Type) -> Format {
        Format::Text
    }

    to_sql_checked!();
}

/// A float as the server reads it back exactly: a whole number without a fraction (so an
/// integer column takes it, as [`PgParam`] does), infinities and NaN by their names.
fn real_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if f.fract() == 0.0 && f.abs() < 9.0e15 {
        format!("{}", f as i64)
    } else {
        format!("{f:?}")
    }
}

/// Column `i` of a server row as the value SQLite would hold.
fn value_of(row: &postgres::Row, i: usize) -> Result<Value> {
    let ty = row.columns()[i].type_().clone();
    let v = match ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Integer),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|v| Value::Integer(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(|v| Value::Integer(v.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map(|v| Value::Real(v.into())),
        Type::NUMERIC => row.try_get::<_, Option<Numeric>>(i)?.map(|n| match n.0 {
            f if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Integer(f as i64),
            f => Value::Real(f),
        }),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map(|b| Value::Integer(b.into())),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        }
        _ => row.try_get::<_, Option<Raw>>(i)?.map(|r| Value::Blob(r.0)),
    };
    Ok(v.unwrap_or(Value::Null))
}

/// A `NUMERIC` (what `SUM` of integers gives) as a float.
struct Numeric(f64);

impl<'a> FromSql<'a> for Numeric {
    fn from_sql(_: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        let word = |at: usize| -> std::result::Result<u16, BoxError> {
            raw.get(at..at + 2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
                .ok_or_else(|| "a NUMERIC shorter than its header".into())
        };
        let digits = usize::from(word(0)?);
        let weight = word(2)? as i16;
        let sign = word(4)?;
        if sign == 0xC000 {
            return Ok(Numeric(f64::NAN));
        }
        let mut v = 0.0;
        for k in 0..digits {
            let d = f64::from(word(8 + 2 * k)?);
            v += d * 10_000f64.powi(i32::from(weight) - k as i32);
        }
        Ok(Numeric(if sign == 0x4000 { -v } else { v }))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

/// Any other type's bytes, as a blob (the readers report it as not of the column's type).
struct Raw(Vec<u8>);

impl<'a> FromSql<'a> for Raw {
    fn from_sql(_: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(Raw(raw.to_vec()))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// What went wrong talking to a server, for [`Error::Pg`] in messages.
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        // The detail names the row ("Key (enterprise_id)=(123) is not present …").
        return match db.detail() {
            Some(detail) => format!("{}: {detail}", db.message()),
            None => db.message().to_owned(),
        };
    }
    // The client's own errors keep the useful part in their source ("invalid
    // configuration: password missing").
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

impl Error {
    /// The server's SQLSTATE code, when the server refused something.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            Error::Pg(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_the_server() {
        assert_eq!(
            placeholders("SELECT a FROM t WHERE b = ?1 AND c = ?2"),
            "SELECT a FROM t WHERE b = $1 AND c = $2"
        );
        assert_eq!(
            placeholders("VALUES (?, ?), (?, ?)"),
            "VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            placeholders("SELECT '?' || \"a?\" FROM t WHERE x = ?1"),
            "SELECT '?' || \"a?\" FROM t WHERE x = $1"
        );
    }

    #[test]
    fn a_traced_statement_has_its_parameters_written_in() {
        let values = [
            PgParam(Value::Integer(2023)),
            PgParam(Value::Text("O'Brien ?1 $2".into())),
            PgParam(Value::Real(-1.5)),
            PgParam(Value::Null),
            PgParam(Value::Integer(-3)),
            PgParam(Value::Real(f64::INFINITY)),
            PgParam(Value::Blob(vec![0, 255])),
        ];
        assert_eq!(
            with_literals(
                "SELECT '?1', x-?5 FROM t WHERE y = ?1 AND n = ?2 AND v = ?3 AND w IS ?4 \
                 AND z < ?6 AND b = ?7",
                &values
            ),
            "SELECT '?1', x-(-3) FROM t WHERE y = 2023 AND n = 'O''Brien ?1 $2' AND v = (-1.5) \
             AND w IS NULL AND z < 'Infinity'::float8 AND b = '\\x00ff'::bytea"
        );
        // A placeholder with no value stays as it is (the server then names the mistake).
        assert_eq!(with_literals("SELECT ?2", &values[..1]), "SELECT $2");
    }

    #[test]
    fn floats_are_sent_as_text_the_server_reads_back_exactly() {
        assert_eq!(real_text(3.0), "3");
        assert_eq!(real_text(-0.0), "0");
        assert_eq!(real_text(0.1), "0.1");
        assert_eq!(real_text(f64::INFINITY), "Infinity");
        assert_eq!(real_text(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(real_text(f64::NAN), "NaN");
        for f in [1.0e300, 2.5e-7, 123_456.789_012_345_6, 9.0e15] {
            assert_eq!(real_text(f).parse::<f64>().expect("a number"), f);
        }
    }

    /// On the test cluster: reads sent with a snapshot's first statement are answered later
    /// from what came back, as the server would answer them in the snapshot.
    #[test]
    fn reads_sent_with_the_snapshot_are_kept_for_it() {
        let Ok(url) = std::env::var("INDUSTRY_MONITOR_TEST_PG") else {
            eprintln!("skipped: INDUSTRY_MONITOR_TEST_PG is not set");
            return;
        };
        let conn = PgConn::new(crate::store::server::connect(&url).expect("the test cluster"));
        let text = "SELECT k, v FROM (VALUES ('home', '230300'), ('title', '鸡西')) AS m(k, v)";
        let none = "SELECT 'x'::text AS a WHERE false";
        let first = conn
            .hold_snapshot_reading("SELECT 42, 'stamp'", &[text, none])
            .expect("snapshot");
        assert_eq!(first, Some(vec![Some("42".into()), Some("stamp".into())]));
        let at = conn.stats().statements;
        let read = |sql: &str| {
            let mut rows = Vec::new();
            conn.for_each(sql, &[], &mut |r| {
                rows.push(
                    (0..2)
                        .filter_map(|k| r.get::<_, Value>(k).ok())
                        .collect::<Vec<_>>(),
                );
                Ok(())
            })
            .expect("read");
            rows
        };
        let kept = read(text);
        assert!(read(none).is_empty());
        assert_eq!(
            conn.stats().statements,
            at,
            "both answered from the snapshot's first trip"
        );
        conn.rollback();
        assert_eq!(read(text), kept, "the server says the same");
        assert_eq!(
            kept,
            vec![
                vec![Value::Text("home".into()), Value::Text("230300".into())],
                vec![Value::Text("title".into()), Value::Text("鸡西".into())],
            ]
        );
    }

    /// On the test cluster: a statement's first run is one round trip (not a prepare and
    /// an execute), its second prepares it, later ones only execute; the one-shot run's
    /// text parameters land in their columns' types as the prepared run's binary ones do.
    #[test]
    fn a_statement_costs_one_round_trip_and_is_prepared_when_run_again() {
        use rusqlite::params;
        let Ok(url) = std::env::var("INDUSTRY_MONITOR_TEST_PG") else {
            eprintln!("skipped: INDUSTRY_MONITOR_TEST_PG is not set");
            return;
        };
        let conn = PgConn::new(crate::store::server::connect(&url).expect("the test cluster"));
        conn.batch_execute(
            "CREATE TEMP TABLE t (i INTEGER, b BOOLEAN, f DOUBLE PRECISION, s TEXT, n BIGINT)",
        )
        .expect("table");
        let insert = "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)";
        let trips = |before: Stats| {
            let now = conn.stats();
            (
                now.round_trips - before.round_trips,
                now.prepares - before.prepares,
            )
        };
        let at = conn.stats();
        let n = conn
            .execute(insert, params![3.0_f64, 1_i64, 2_i64, "一", None::<i64>])
            .expect("one-shot");
        assert_eq!((n, trips(at)), (1, (1, 0)));
        let at = conn.stats();
        conn.execute(insert, params![4_i64, 0_i64, 2.5_f64, "x", 7_i64])
            .expect("prepared");
        assert_eq!(trips(at), (2, 1));
        let at = conn.stats();
        conn.execute(insert, params![5_i64, 1_i64, -0.125_f64, "", i64::MAX])
            .expect("prepared again");
        assert_eq!(trips(at), (1, 0));
        let mut rows = Vec::new();
        conn.for_each("SELECT i, b, f, s, n FROM t ORDER BY i", &[], &mut |r| {
            rows.push((0..5).map(|k| r.get::<_, Value>(k)).collect::<Vec<_>>());
            Ok(())
        })
        .expect("read back");
        let want = |v: [Value; 5]| v.into_iter().map(Ok).collect::<Vec<_>>();
        use Value::{Integer as I, Null, Real as R, Text as T};
        assert_eq!(
            rows.into_iter()
                .map(|r| r
                    .into_iter()
                    .map(|v| v.map_err(|e| e.to_string()))
                    .collect())
                .collect::<Vec<Vec<_>>>(),
            vec![
                want([I(3), I(1), R(2.0), T("一".into()), Null]),
                want([I(4), I(0), R(2.5), T("x".into()), I(7)]),
                want([I(5), I(1), R(-0.125), T(String::new()), I(i64::MAX)]),
            ]
        );
    }

    /// On the test cluster: in a held snapshot a repeated read is answered without the
    /// server and a colleague's later change does not show; a long result is not kept; a
    /// write is refused; once the snapshot ends, reads see the change.
    #[test]
    fn a_snapshot_answers_repeated_reads_itself_and_sees_no_later_change() {
        use rusqlite::params;
        let Ok(url) = std::env::var("INDUSTRY_MONITOR_TEST_PG") else {
            eprintln!("skipped: INDUSTRY_MONITOR_TEST_PG is not set");
            return;
        };
        let connect =
            || PgConn::new(crate::store::server::connect(&url).expect("the test cluster"));
        let (colleague, reader) = (connect(), connect());
        let table = format!("snapshot_test_{}", std::process::id());
        colleague
            .batch_execute(&format!(
                "DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (k INTEGER PRIMARY KEY, v TEXT); INSERT INTO {table} VALUES (1, '一')"
            ))
            .expect("table");
        let read = |sql: &str, k: i64| {
            let mut out = Vec::new();
            reader
                .for_each(sql, params![k], &mut |r| {
                    out.push(r.get::<_, String>(0)?);
                    Ok(())
                })
                .expect("read");
            out
        };
        let value = format!("SELECT v FROM {table} WHERE k = ?1");
        let all = format!("SELECT v FROM {table} WHERE k >= ?1 ORDER BY k");
        reader.hold_snapshot().expect("snapshot");
        let sent = |f: &dyn Fn()| {
            let before = reader.stats().statements;
            f();
            reader.stats().statements - before
        };
        assert_eq!(sent(&|| assert_eq!(read(&value, 1), ["一"])), 1);
        colleague
            .execute(&format!("UPDATE {table} SET v = '二' WHERE k = 1"), &[])
            .expect("update");
        colleague
            .execute(&format!("INSERT INTO {table} VALUES (2, '三')"), &[])
            .expect("insert");
        // Kept: not sent again. Another read: sent, and from the same snapshot.
        assert_eq!(sent(&|| assert_eq!(read(&value, 1), ["一"])), 0);
        assert_eq!(sent(&|| assert_eq!(read(&all, 0), ["一"])), 1);
        // Other parameters are another read.
        assert_eq!(sent(&|| assert!(read(&value, 2).is_empty())), 1);
        // A result over the limit is read again each time.
        let long = format!(
            "SELECT g::text FROM generate_series(1, {}) g WHERE g >= ?1",
            MEMO_MAX_ROWS + 1
        );
        assert_eq!(
            sent(&|| assert_eq!(read(&long, 1).len(), MEMO_MAX_ROWS + 1)),
            1
        );
        assert_eq!(
            sent(&|| assert_eq!(read(&long, 1).len(), MEMO_MAX_ROWS + 1)),
            1
        );
        let refused = reader
            .execute(&format!("INSERT INTO {table} VALUES (3, '四')"), &[])
            .expect_err("a write in a read snapshot");
        assert_eq!(refused.sqlstate(), Some("25006"), "{refused}");
        reader.rollback();
        assert_eq!(read(&all, 0), ["二", "三"]);
        colleague
            .batch_execute(&format!("DROP TABLE {table}"))
            .expect("drop");
    }

    #[test]
    fn numeric_decodes_from_the_wire() {
        // 12345.678: digits [1, 2345, 6780], weight 1, positive, dscale 3.
        let raw = [0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1A, 0x7C];
        let n = Numeric::from_sql(&Type::NUMERIC, &raw).expect("numeric");
        assert!((n.0 - 12345.678).abs() < 1e-9);
        let neg = [0, 1, 0, 0, 0x40, 0, 0, 0, 0, 7];
        assert_eq!(Numeric::from_sql(&Type::NUMERIC, &neg).expect("n").0, -7.0);
    }
}
