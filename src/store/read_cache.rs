//! A client's copies of a server dataset's small tables, kept between commands: the
//! catalogue; the enterprises, deals and projects with the targets; the service requests
//! (apart: officials save them all day); the sources and the periods holding returns (both
//! written by every import). A new server process pays
//! most for the first read of each table (about 0.4 ms, then a microsecond a row: the
//! register's four tables cost a command 2.9 ms of the server's time on the sample), and
//! these tables change only when an import, a push or an edit writes them; each such write
//! replaces the dataset's stamp for the group (`schema_pg::stamps_ddl`) in its own
//! transaction. A command that reads in one snapshot reads the stamps there, and when a
//! copy kept under a stamp is found, the group's reads are answered from it: the same rows
//! the server would send in that snapshot. A stamp is a random token, so a copy cannot be
//! taken for another dataset's or an older state's.
//!
//! Copies live in the user's cache folder (`INDUSTRY_MONITOR_CACHE` overrides it), one file
//! per stamp and group, the newest few of each kept. A copy that cannot be read or written
//! is no error: the server is asked, as without it.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use super::db::pg::{KeptRead, PgConn};
use super::{schema, schema_pg};

/// The environment variable naming the folder for cached copies (else the user's cache
/// folder).
pub const CACHE_VAR: &str = "INDUSTRY_MONITOR_CACHE";

/// Copies kept at most of each group; the oldest go first.
const KEEP_FILES: usize = 16;

/// A group of tables kept under one stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Regions, indicators, industries, their groups, aliases and members (read when a
    /// dataset is opened).
    Catalogue,
    /// `schema_pg::REGISTER_STAMPED_TABLES`: enterprises, deals, projects, targets.
    Register,
    /// `schema_pg::REQUESTS_STAMPED_TABLES`: the service requests.
    Requests,
    /// `schema_pg::RETURNS_STAMPED_TABLES`: the sources, and of the returns only the list
    /// of periods holding them (the rows of a period are many).
    Returns,
}

impl Group {
    /// The groups a command's reads are kept for after the dataset is opened.
    pub const READ_LATER: [Group; 3] = [Group::Register, Group::Requests, Group::Returns];

    /// The group's name (its folder's, and its stamp's on a connection).
    pub fn name(self) -> &'static str {
        match self {
            Group::Catalogue => "catalogue",
            Group::Register => "register",
            Group::Requests => "requests",
            Group::Returns => "returns",
        }
    }

    /// The group read later whose stamp covers `table`, if any.
    pub fn of_table(table: &str) -> Option<Group> {
        if schema_pg::REGISTER_STAMPED_TABLES.contains(&table) {
            Some(Group::Register)
        } else if schema_pg::REQUESTS_STAMPED_TABLES.contains(&table) {
            Some(Group::Requests)
        } else if schema_pg::RETURNS_STAMPED_TABLES.contains(&table) {
            Some(Group::Returns)
        } else {
            None
        }
    }
}

/// One cell, as written in a copy (a float by its bits: read back exactly).
#[derive(Serialize, Deserialize)]
enum Cell {
    N,
    I(i64),
    R(u64),
    T(String),
    B(Vec<u8>),
}

impl Cell {
    fn of(v: &Value) -> Cell {
        match v {
            Value::Null => Cell::N,
            Value::Integer(i) => Cell::I(*i),
            Value::Real(f) => Cell::R(f.to_bits()),
            Value::Text(t) => Cell::T(t.clone()),
            Value::Blob(b) => Cell::B(b.clone()),
        }
    }

    fn value(self) -> Value {
        match self {
            Cell::N => Value::Null,
            Cell::I(i) => Value::Integer(i),
            Cell::R(bits) => Value::Real(f64::from_bits(bits)),
            Cell::T(t) => Value::Text(t),
            Cell::B(b) => Value::Blob(b),
        }
    }
}

/// One read, as written in a copy.
#[derive(Serialize, Deserialize)]
struct Read {
    sql: String,
    params: Vec<Cell>,
    names: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

fn cells(values: &[Value]) -> Vec<Cell> {
    values.iter().map(Cell::of).collect()
}

fn values(cells: Vec<Cell>) -> Vec<Value> {
    cells.into_iter().map(Cell::value).collect()
}

/// The folder of `group`'s copies for this release and schema version (a release reads
/// rows as its own code converts them), if the platform names a cache folder.
fn folder(group: Group) -> Option<PathBuf> {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    let base = if let Some(dir) = std::env::var_os(CACHE_VAR) {
        PathBuf::from(dir)
    } else if cfg!(windows) {
        PathBuf::from(std::env::var_os("LOCALAPPDATA")?)
    } else if cfg!(target_os = "macos") {
        home()?.join("Library/Caches")
    } else {
        match std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from) {
            Some(dir) if dir.is_absolute() => dir,
            _ => home()?.join(".cache"),
        }
    };
    Some(base.join("industry-monitor").join(format!(
        "{}-{}-v{}",
        group.name(),
        env!("CARGO_PKG_VERSION"),
        schema::LATEST_VERSION
    )))
}

/// True for a token that may name a file: hex digits and dashes, as the stamps are.
fn plain_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 64
        && token.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// Runs `read`, a read of `table` on `conn`; when `table` belongs to a group whose stamp
/// `conn`'s snapshot holds (see [`PgConn::set_stamp`]), what it had to ask the server for
/// is noted for the copy kept under that stamp, written by [`keep_noted`].
pub fn recording<T>(conn: &PgConn, table: &str, read: impl FnOnce() -> T) -> T {
    // Reads recorded for the catalogue (when a dataset is opened) stay the catalogue's.
    let group = Group::of_table(table).filter(|g| conn.stamp(g.name()).is_some());
    let Some(group) = group.filter(|_| !conn.is_recording()) else {
        return read();
    };
    conn.start_recording();
    let out = read();
    conn.note_reads(group.name(), conn.stop_recording());
    out
}

/// Adds the reads noted on `conn` to the copies kept under its snapshot's stamps: once,
/// when the dataset is closed (a command reads a group's tables one at a time, and a copy
/// rewritten after each would cost more than the reads).
pub fn keep_noted(conn: &PgConn) {
    let mut noted = conn.take_noted_reads();
    for group in Group::READ_LATER {
        // Moved out, not copied: a group's reads are the register's rows.
        let (mine, rest): (Vec<_>, Vec<_>) =
            noted.into_iter().partition(|(g, _)| *g == group.name());
        noted = rest;
        let reads: Vec<KeptRead> = mine.into_iter().map(|(_, r)| r).collect();
        if let Some(token) = conn.stamp(group.name())
            && !reads.is_empty()
        {
            keep(group, &token, &reads);
        }
    }
}

/// The copy's file for `token`; None for a token that is not a plain stamp (it names a
/// file, so nothing but hex digits and dashes).
fn file_for(group: Group, token: &str) -> Option<PathBuf> {
    plain_token(token)
        .then(|| folder(group))
        .flatten()
        .map(|f| f.join(format!("{token}.json")))
}

/// Answers `group`'s reads on `conn` (in a snapshot whose stamp for it is `token`) from
/// the copy kept under it; false when there is none, or it cannot be read. The copy
/// becomes the newest (see [`newest`]).
pub fn preload(group: Group, conn: &PgConn, token: &str) -> bool {
    let Some(path) = file_for(group, token) else {
        return false;
    };
    let Some(reads) = read(&path) else {
        return false;
    };
    conn.preload(reads);
    if let Ok(file) = std::fs::File::options().append(true).open(&path) {
        let _ = file.set_modified(std::time::SystemTime::now());
    }
    true
}

/// The newest copy (the one the last command used, or kept) with its stamp, read: what a
/// command reads on another core while the server logs it in, then uses when the stamp it
/// finds is this one (the usual case: one dataset, its catalogue unchanged).
pub fn newest(group: Group) -> Option<(String, Vec<KeptRead>)> {
    newest_in(&folder(group)?)
}

/// [`newest`] of the copies in `dir`.
fn newest_in(dir: &Path) -> Option<(String, Vec<KeptRead>)> {
    let (_, path) = copies(dir).into_iter().next()?;
    let token = path.file_stem()?.to_str()?.to_owned();
    plain_token(&token).then_some(())?;
    Some((token, read(&path)?))
}

/// The reads of the copy at `path`, if it can be read.
fn read(path: &Path) -> Option<Vec<KeptRead>> {
    let bytes = std::fs::read(path).ok()?;
    let reads = serde_json::from_slice::<Vec<Read>>(&bytes).ok()?;
    Some(
        reads
            .into_iter()
            .map(|r| KeptRead {
                sql: r.sql,
                params: values(r.params),
                names: r.names,
                rows: r.rows.into_iter().map(values).collect(),
            })
            .collect(),
    )
}

/// Keeps `reads` (of `group`, as read in a snapshot whose stamp for it is `token`) for
/// later commands, with those already kept under it that are not among them (a command
/// reads some of a group's tables: the next may read others). Written under a temporary
/// name and renamed, so a reader never sees half a copy; failures are ignored.
pub fn keep(group: Group, token: &str, reads: &[KeptRead]) {
    let Some(path) = file_for(group, token) else {
        return;
    };
    if reads.is_empty() {
        return;
    }
    let Some(all) = merged(read(&path).unwrap_or_default(), reads) else {
        return;
    };
    let copy: Vec<Read> = all
        .iter()
        .map(|r| Read {
            sql: r.sql.clone(),
            params: cells(&r.params),
            names: r.names.clone(),
            rows: r.rows.iter().map(|row| cells(row)).collect(),
        })
        .collect();
    let Ok(bytes) = serde_json::to_vec(&copy) else {
        return;
    };
    let Some(dir) = path.parent() else {
        return;
    };
    let temporary = dir.join(format!(".{token}.{}.tmp", std::process::id()));
    // One a crashed process with this id left behind.
    let _ = std::fs::remove_file(&temporary);
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| write_private(&temporary, &bytes))
        .and_then(|()| std::fs::rename(&temporary, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
        return;
    }
    prune(dir);
}

/// Writes `bytes` to a new file only its owner may read: a copy holds the register's
/// enterprises, requests and deals, which colleagues on a shared machine need not see.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

/// `kept` with those of `reads` it lacks (by statement and parameters); None when it
/// lacks none.
fn merged(mut kept: Vec<KeptRead>, reads: &[KeptRead]) -> Option<Vec<KeptRead>> {
    let before = kept.len();
    for r in reads {
        if !kept.iter().any(|k| k.sql == r.sql && k.params == r.params) {
            kept.push(r.clone());
        }
    }
    (kept.len() > before).then_some(kept)
}

/// Removes all but the newest [`KEEP_FILES`] copies.
fn prune(dir: &Path) {
    for (_, old) in copies(dir).into_iter().skip(KEEP_FILES) {
        let _ = std::fs::remove_file(old);
    }
}

/// The copies in `dir`, newest first.
fn copies(dir: &Path) -> Vec<(std::time::SystemTime, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut copies: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let path = e.path();
            (path.extension()? == "json").then_some(())?;
            Some((e.metadata().ok()?.modified().ok()?, path))
        })
        .collect();
    copies.sort_by_key(|c| std::cmp::Reverse(c.0));
    copies
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_stamp_names_a_copy() {
        assert!(
            file_for(Group::Catalogue, "3f2b8c1e-0d4a-4c6e-9a7b-1e2f3a4b5c6d")
                .is_some_and(|p| { p.ends_with("3f2b8c1e-0d4a-4c6e-9a7b-1e2f3a4b5c6d.json") })
        );
        assert_eq!(file_for(Group::Catalogue, "../../etc/passwd"), None);
        assert_eq!(file_for(Group::Catalogue, ""), None);
        assert_eq!(file_for(Group::Register, "a/b"), None);
    }

    #[test]
    fn the_newest_copy_is_the_one_read_ahead() {
        let dir = std::env::temp_dir().join(format!("im-cache-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("folder");
        let copy = |token: &str, code: &str, age_s: u64| {
            let reads = vec![Read {
                sql: "SELECT code FROM regions".into(),
                params: Vec::new(),
                names: vec!["code".into()],
                rows: vec![vec![Cell::T(code.into())]],
            }];
            let path = dir.join(format!("{token}.json"));
            std::fs::write(&path, serde_json::to_vec(&reads).expect("json")).expect("copy");
            let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age_s);
            std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|f| f.set_modified(when))
                .expect("time");
        };
        copy("aaaa-1111", "230300", 60);
        copy("bbbb-2222", "230100", 5);
        copy("cccc-3333", "230000", 600);
        let (token, reads) = newest_in(&dir).expect("a copy");
        assert_eq!(token, "bbbb-2222");
        assert_eq!(reads[0].rows, vec![vec![Value::Text("230100".into())]]);
        // A file whose name is not a stamp is never taken for one.
        std::fs::write(dir.join("not a stamp.json"), b"[]").expect("stray");
        assert_eq!(newest_in(&dir).map(|(t, _)| t), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_copy_gains_the_reads_it_lacks() {
        let read = |sql: &str, n: i64| KeptRead {
            sql: sql.into(),
            params: vec![Value::Integer(n)],
            names: vec!["id".into()],
            rows: vec![vec![Value::Integer(n)]],
        };
        let kept = vec![read("SELECT id FROM enterprises", 1)];
        assert!(merged(kept.clone(), &[read("SELECT id FROM enterprises", 1)]).is_none());
        let more = merged(
            kept,
            &[
                read("SELECT id FROM enterprises", 1),
                read("SELECT id FROM enterprises", 2),
                read("SELECT id FROM targets", 1),
            ],
        )
        .expect("two new reads");
        assert_eq!(more.len(), 3);
        assert_eq!(more[0], read("SELECT id FROM enterprises", 1));
    }

    #[test]
    fn cells_read_back_as_written() {
        let row = vec![
            Value::Null,
            Value::Integer(-7),
            Value::Real(0.1 + 0.2),
            Value::Real(f64::NAN),
            Value::Text("鸡西市".into()),
            Value::Blob(vec![0, 255]),
        ];
        let json = serde_json::to_vec(&cells(&row)).expect("written");
        let back = values(serde_json::from_slice(&json).expect("read"));
        assert_eq!(back.len(), row.len());
        for (a, b) in row.iter().zip(&back) {
            match (a, b) {
                (Value::Real(x), Value::Real(y)) => assert_eq!(x.to_bits(), y.to_bits()),
                _ => assert_eq!(a, b),
            }
        }
    }
}
