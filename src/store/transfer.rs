//! A whole dataset copied between a file and a server (SPEC §14): `push` puts a file's
//! dataset into an empty server database, `pull` writes a server's dataset into a new file.
//!
//! Both copy every table of the schema, parents first, with the columns named: the two
//! schemas are translated from the same text, so a column list read from the file fits the
//! server. Push sends the rows by COPY in one transaction (all or nothing) and then moves
//! each identity sequence past the copied ids, so rows added later get new ones. Pull reads
//! the server in one read-only snapshot and writes a temporary file renamed into place, so
//! a failure leaves neither half a dataset nor a changed file behind.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::db::{self, pg::PgConn};
use super::{Dataset, Result, StoreError, schema, schema_pg, server, sql_err, temp_path_for};
use crate::model::Said;

/// Rows copied, per table, in the order they were copied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Each table and its number of rows.
    pub tables: Vec<(&'static str, u64)>,
}

impl Counts {
    /// Rows copied in all.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

fn refused(path: &Path, said: Said) -> StoreError {
    StoreError::Refused {
        path: path.to_path_buf(),
        zh: said.zh,
        en: said.en,
    }
}

fn already_holds(shown: &Path) -> StoreError {
    refused(
        shown,
        Said::new(
            "该数据库中已有工业运行监测数据集，未作任何改动。如需取回它，请用 industry-monitor pull --from 地址 --to 文件；如需上传，请换一个空数据库（由管理员新建）",
            "the database already holds an Industry Monitor dataset and was left as it was. Take a copy of it with `industry-monitor pull --from ADDRESS --to FILE`, or push into an empty database (ask the administrator to create one)",
        ),
    )
}

/// The text of a server address, or why `address` is not one.
fn address_text(address: &Path) -> Result<&str> {
    match address.to_str() {
        Some(text) if server::is_address(address) => Ok(text),
        _ => Err(refused(
            address,
            Said::new(
                "不是服务器地址；请写成 postgres://用户名@主机/数据库",
                "not a server address; write it as postgres://user@host/database",
            ),
        )),
    }
}

/// Refuses a server address where a dataset file belongs (two servers copy through a file).
fn a_file(file: &Path) -> Result<()> {
    if server::is_address(file) {
        return Err(refused(
            file,
            Said::new(
                "这是服务器地址，此处需要数据集文件；在两台服务器之间复制，请先 pull 到文件，再 push 到另一台",
                "a server address where a dataset file belongs; to copy between two servers, pull into a file and push that",
            ),
        ));
    }
    Ok(())
}

/// Copies the dataset file `file` into the empty server database at `address`. A database
/// that already holds a dataset is refused and left as it was; on any failure nothing of
/// the dataset stays on the server.
pub fn push(file: &Path, address: &Path) -> Result<Counts> {
    a_file(file)?;
    let text = address_text(address)?;
    let shown = PathBuf::from(server::redact(text));
    let source = Dataset::open_read_only(file)?;
    let Some(sqlite) = source.connection().sqlite() else {
        return Err(StoreError::Invalid {
            path: file.to_path_buf(),
            message: "not a dataset file".into(),
        });
    };
    let conn = PgConn::new(server::connect(text)?);
    if server::holds_dataset(&conn).map_err(sql_err(&shown))? {
        return Err(already_holds(&shown));
    }
    server::migrate(&conn, &shown).map_err(|e| match e {
        // Nothing to back up or upgrade here: the tables could not be made at all.
        StoreError::Migration { message, .. } if message.contains("permission denied") => refused(
            &shown,
            Said::new(
                format!("无法在该数据库中建表（{message}），未作任何改动；请用您拥有的数据库，或请管理员授予建表权限"),
                format!("could not create the dataset's tables there ({message}); nothing was changed. Push into a database you own, or ask the administrator for the right to create tables"),
            ),
        ),
        other => other,
    })?;
    let copied = copy_all(sqlite, file, &conn, &shown);
    if copied.is_err() {
        server::discard_if_empty(text);
    }
    copied
}

/// Copies every table in one transaction, then moves the identity sequences on.
fn copy_all(src: &Connection, file: &Path, conn: &PgConn, shown: &Path) -> Result<Counts> {
    let server_err = sql_err(shown);
    let mut client = conn.client();
    let mut tx = client.transaction().map_err(&server_err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema_pg::LOCK_KEY])
        .map_err(&server_err)?;
    // Another push (or `sample ADDRESS`) may have filled the database since the check.
    let filled: bool = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM meta)", &[])
        .map_err(&server_err)?
        .get(0);
    if filled {
        return Err(already_holds(shown));
    }
    // Foreign keys are checked once per table after the copy (one join each) instead of
    // once per row: 3.8 M returns took 59 s with row checks. Dropped and added back inside
    // the transaction, so no one ever sees the tables without them.
    let keys = schema_pg::foreign_keys(&mut tx, None).map_err(&server_err)?;
    for (drop, _) in &keys {
        tx.batch_execute(drop).map_err(&server_err)?;
    }
    let mut counts = Counts::default();
    for table in schema_pg::all_tables() {
        let n = copy_table(src, file, &mut tx, table, shown)?;
        counts.tables.push((table, n));
    }
    for (_, add) in &keys {
        tx.batch_execute(add).map_err(&server_err)?;
    }
    for t in schema_pg::IDENTITY_TABLES {
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {t}"
            ),
            &[],
        )
        .map_err(&server_err)?;
    }
    tx.commit().map_err(&server_err)?;
    Ok(counts)
}

/// How the server stores a column: what a file's value must be to go into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Text,
}

/// A table's columns in the file: (name, position in the primary key, 0 when not in it).
fn file_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?;
    rows.collect()
}

/// The server's kind of each named column of `table`.
fn server_kinds(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    columns: &[(String, i64)],
    shown: &Path,
) -> Result<Vec<Kind>> {
    let rows = tx
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1",
            &[&table],
        )
        .map_err(sql_err(shown))?;
    columns
        .iter()
        .map(|(name, _)| {
            let ty = rows
                .iter()
                .find(|r| r.get::<_, String>(0) == *name)
                .map(|r| r.get::<_, String>(1));
            match ty.as_deref() {
                Some("bigint" | "integer" | "smallint") => Ok(Kind::Int),
                Some("double precision" | "real" | "numeric") => Ok(Kind::Float),
                Some(_) => Ok(Kind::Text),
                None => Err(StoreError::Invalid {
                    path: shown.to_path_buf(),
                    message: format!(
                        "the server's table {table} has no column {name}; its schema does not match this version's"
                    ),
                }),
            }
        })
        .collect()
}

/// Sends one table's rows by COPY; the number sent.
fn copy_table(
    src: &Connection,
    file: &Path,
    tx: &mut postgres::Transaction<'_>,
    table: &'static str,
    shown: &Path,
) -> Result<u64> {
    let columns = file_columns(src, table).map_err(sql_err(file))?;
    let kinds = server_kinds(tx, table, &columns, shown)?;
    let list = columns
        .iter()
        .map(|(c, _)| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = src
        .prepare(&format!("SELECT {list} FROM {table}"))
        .map_err(sql_err(file))?;
    let mut rows = stmt.query([]).map_err(sql_err(file))?;
    let mut writer = tx
        .copy_in(&format!("COPY {table} ({list}) FROM STDIN"))
        .map_err(sql_err(shown))?;
    let mut line = String::with_capacity(256);
    let mut sent = 0u64;
    while let Some(row) = rows.next().map_err(sql_err(file))? {
        line.clear();
        for (i, kind) in kinds.iter().enumerate() {
            if i > 0 {
                line.push('\t');
            }
            let value = row.get_ref(i).map_err(sql_err(file))?;
            if let Err(why) = put(&mut line, value, *kind) {
                return Err(bad_cell(file, table, &columns, row, i, why));
            }
        }
        line.push('\n');
        if let Err(e) = writer.write_all(line.as_bytes()) {
            // The server's own words (a lost connection, a refused row) come with finish.
            return Err(match writer.finish() {
                Err(pg) => sql_err(shown)(pg),
                Ok(_) => sql_err(shown)(e),
            });
        }
        sent += 1;
    }
    writer.finish().map_err(sql_err(shown))?;
    Ok(sent)
}

/// Appends `value` to a COPY text line for a column of `kind`, or says why it cannot go.
fn put(line: &mut String, value: ValueRef<'_>, kind: Kind) -> std::result::Result<(), Said> {
    match (value, kind) {
        (ValueRef::Null, _) => line.push_str("\\N"),
        (ValueRef::Integer(i), _) => {
            let _ = write!(line, "{i}");
        }
        (ValueRef::Real(f), Kind::Int) => {
            if f.fract() != 0.0 || !(-9.2e18..9.2e18).contains(&f) {
                return Err(Said::new(
                    "整数列中存有小数",
                    "a fraction where a whole number belongs",
                ));
            }
            let _ = write!(line, "{}", f as i64);
        }
        (ValueRef::Real(f), _) if f.is_nan() => line.push_str("NaN"),
        (ValueRef::Real(f), _) if f.is_infinite() => {
            line.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
        }
        // Rust's shortest form reads back as the same double.
        (ValueRef::Real(f), _) => {
            let _ = write!(line, "{f}");
        }
        (ValueRef::Text(_) | ValueRef::Blob(_), Kind::Int | Kind::Float) => {
            return Err(Said::new("数值列中存有文字", "text where a number belongs"));
        }
        (ValueRef::Text(bytes) | ValueRef::Blob(bytes), Kind::Text) => {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return Err(Said::new(
                    "不是UTF-8文字（二进制数据）",
                    "not UTF-8 text (binary data)",
                ));
            };
            if text.contains('\0') {
                return Err(Said::new(
                    "文字中含有空字符（\\0），服务器无法保存",
                    "a NUL character (\\0) in text, which a server cannot store",
                ));
            }
            escape_into(line, text);
        }
    }
    Ok(())
}

/// COPY's text format: a backslash, tab, newline or carriage return is escaped.
pub(super) fn escape_into(line: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => line.push_str("\\\\"),
            '\t' => line.push_str("\\t"),
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            c => line.push(c),
        }
    }
}

/// A value the server's schema cannot hold: which table, row (by its key) and column.
fn bad_cell(
    file: &Path,
    table: &str,
    columns: &[(String, i64)],
    row: &rusqlite::Row<'_>,
    at: usize,
    why: Said,
) -> StoreError {
    let mut key: Vec<(i64, String)> = columns
        .iter()
        .enumerate()
        .filter(|(_, (_, pk))| *pk > 0)
        .map(|(i, (name, pk))| {
            let v = row
                .get_ref(i)
                .map_or_else(|_| "?".into(), super::validate::value_text);
            (*pk, format!("{name}={v}"))
        })
        .collect();
    key.sort();
    let key = key
        .into_iter()
        .map(|(_, k)| k)
        .collect::<Vec<_>>()
        .join(", ");
    let column = &columns[at].0;
    let value = row
        .get_ref(at)
        .map_or_else(|_| "?".into(), super::validate::value_text);
    let shown = file.display();
    refused(
        file,
        Said::new(
            format!(
                "表 {table} 中 {key} 这一行的 {column} 列为“{value}”：{}，服务器的数据表存不下，未上传任何数据。industry-monitor check --dataset {shown} 会列出本软件读不了的行；请在文件中改正或删除这一行后再上传",
                why.zh
            ),
            format!(
                "table {table}, the row {key}, column {column} holds “{value}”: {}, which the server's tables cannot store; nothing was pushed. `industry-monitor check --dataset {shown}` lists the rows the app cannot read; correct or delete this one in the file, then push again",
                why.en
            ),
        ),
    )
}

/// Copies the server dataset at `address` into a new dataset file `file`; an existing file
/// is refused unless `overwrite`, and is replaced only once the copy is complete.
pub fn pull(address: &Path, file: &Path, overwrite: bool) -> Result<Counts> {
    let text = address_text(address)?;
    a_file(file)?;
    if file.exists() && !overwrite {
        return Err(refused(
            file,
            Said::new(
                "文件已存在，未作改动；请换一个文件名，或加 --force 用服务器上的数据集替换它",
                "already exists and was left as it was; choose another name, or pass --force to replace it with the server's dataset",
            ),
        ));
    }
    let source = Dataset::open_read_only(Path::new(text))?;
    let tmp = temp_path_for(file);
    let _ = std::fs::remove_file(&tmp);
    let written = write_file(&source, &tmp).and_then(|counts| {
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&tmp, file))
            .map_err(|e| StoreError::Io {
                path: file.to_path_buf(),
                source: e,
            })?;
        Ok(counts)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    let counts = written?;
    // What was written must open as a dataset of this version.
    Dataset::open_read_only(file)?;
    Ok(counts)
}

/// Creates the file's schema at `tmp` and copies every table of `source` into it, reading
/// the server in one snapshot and writing in one transaction.
fn write_file(source: &Dataset, tmp: &Path) -> Result<Counts> {
    let shown = source.path().to_path_buf();
    let mut conn = Connection::open(tmp).map_err(sql_err(tmp))?;
    // A private file until the rename: as Dataset::create_with, no journal is needed. The
    // keys are checked once at the end: a region may name a parent with a later id.
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
    )
    .map_err(sql_err(tmp))?;
    schema::migrations()
        .to_latest(&mut conn)
        .map_err(|e| StoreError::Invalid {
            path: tmp.to_path_buf(),
            message: format!("could not create the schema: {e}"),
        })?;
    let server = source.connection();
    server
        .execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .map_err(sql_err(&shown))?;
    let tx = conn.unchecked_transaction().map_err(sql_err(tmp))?;
    let mut counts = Counts::default();
    let copied = (|| -> Result<()> {
        for table in schema_pg::all_tables() {
            let n = pull_table(server, &tx, table, &shown, tmp)?;
            counts.tables.push((table, n));
        }
        Ok(())
    })();
    // Only read there: ending the snapshot either way changes nothing.
    let _ = server.execute_batch("ROLLBACK");
    copied?;
    tx.commit().map_err(sql_err(tmp))?;
    let dangling: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(sql_err(tmp))?;
    if dangling > 0 {
        return Err(StoreError::Invalid {
            path: shown,
            message: format!(
                "{dangling} row(s) refer to rows the server does not hold; nothing was written. Run `industry-monitor check` on the server dataset"
            ),
        });
    }
    Ok(counts)
}

/// Copies one table from the server into the file; the number of rows.
fn pull_table(
    server: &db::Db,
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    shown: &Path,
    tmp: &Path,
) -> Result<u64> {
    let columns = file_columns(tx, table).map_err(sql_err(tmp))?;
    let list = columns
        .iter()
        .map(|(c, _)| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut key: Vec<&(String, i64)> = columns.iter().filter(|(_, pk)| *pk > 0).collect();
    key.sort_by_key(|(_, pk)| *pk);
    // The file's key order: its B-trees are written front to back.
    let order = match key.is_empty() {
        true => String::new(),
        false => format!(
            " ORDER BY {}",
            key.iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let marks = vec!["?"; columns.len()].join(", ");
    let mut insert = tx
        .prepare(&format!("INSERT INTO {table} ({list}) VALUES ({marks})"))
        .map_err(sql_err(tmp))?;
    let mut n = 0u64;
    let width = columns.len();
    server
        .for_each(&format!("SELECT {list} FROM {table}{order}"), &[], |row| {
            let values = (0..width)
                .map(|i| row.get_ref(i).map(rusqlite::types::ToSqlOutput::Borrowed))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            insert.execute(rusqlite::params_from_iter(values))?;
            n += 1;
            Ok(())
        })
        .map_err(|e| match e {
            db::Error::Pg(_) => sql_err(shown)(e),
            other => sql_err(tmp)(other),
        })?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(values: &[(ValueRef<'_>, Kind)]) -> std::result::Result<String, Said> {
        let mut out = String::new();
        for (v, k) in values {
            put(&mut out, *v, *k)?;
            out.push('|');
        }
        Ok(out)
    }

    #[test]
    fn copy_text_escapes_and_keeps_numbers_exact() {
        let got = line(&[
            (ValueRef::Null, Kind::Text),
            (ValueRef::Integer(-7), Kind::Int),
            (ValueRef::Real(3.0), Kind::Int),
            (ValueRef::Real(0.1 + 0.2), Kind::Float),
            (ValueRef::Real(1e-7), Kind::Float),
            (ValueRef::Text("a\\b\tc\nd\re 鸡西".as_bytes()), Kind::Text),
        ])
        .expect("line");
        assert_eq!(
            got,
            "\\N|-7|3|0.30000000000000004|0.0000001|a\\\\b\\tc\\nd\\re 鸡西|"
        );
        let back: f64 = "0.30000000000000004".parse().expect("float");
        assert_eq!(back, 0.1 + 0.2);
    }

    #[test]
    fn values_the_server_cannot_hold_are_refused_with_the_reason() {
        let cases = [
            (ValueRef::Real(2.5), Kind::Int, "fraction"),
            (ValueRef::Text(b"abc"), Kind::Float, "text where a number"),
            (ValueRef::Blob(&[0xff, 0xfe]), Kind::Text, "not UTF-8"),
            (ValueRef::Text(b"a\0b"), Kind::Text, "NUL"),
        ];
        for (v, k, said) in cases {
            let err = line(&[(v, k)]).expect_err("refused");
            assert!(err.en.contains(said), "{said}: {}", err.en);
            assert!(!err.zh.is_empty());
        }
    }

    #[test]
    fn a_file_with_a_bad_cell_names_table_row_and_column() {
        let conn = Connection::open_in_memory().expect("memory");
        conn.execute_batch(
            "CREATE TABLE t (a INTEGER, b INTEGER, v REAL, PRIMARY KEY (b, a)) WITHOUT ROWID;
             INSERT INTO t VALUES (1, 2, 'x');",
        )
        .expect("table");
        let columns = file_columns(&conn, "t").expect("columns");
        let mut stmt = conn.prepare("SELECT a, b, v FROM t").expect("select");
        let mut rows = stmt.query([]).expect("query");
        let row = rows.next().expect("step").expect("row");
        let why = put(&mut String::new(), row.get_ref(2).expect("v"), Kind::Float)
            .expect_err("text in a number column");
        let err = bad_cell(Path::new("d.imdb"), "t", &columns, row, 2, why);
        let en = err.to_string();
        assert!(
            en.contains("table t, the row b=2, a=1, column v holds “x”"),
            "{en}"
        );
        assert!(en.contains("nothing was pushed"), "{en}");
        assert!(
            err.message(crate::model::Lang::Zh)
                .contains("未上传任何数据")
        );
    }

    #[test]
    fn a_pull_into_an_existing_file_is_refused_before_any_connection() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("have.imdb");
        std::fs::write(&file, b"mine").expect("write");
        // No server listens here; the refusal comes first and the file stays.
        let address = Path::new("postgresql://u@%2Fnonexistent-im-socket/db");
        let err = pull(address, &file, false).expect_err("refused");
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(std::fs::read(&file).expect("read"), b"mine");
        let err = push(&file, Path::new("/tmp/not-an-address")).expect_err("refused");
        assert!(err.to_string().contains("not a server address"), "{err}");
    }

    #[test]
    fn an_older_file_is_refused_before_any_connection_and_left_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("old.imdb");
        let mut conn = Connection::open(&file).expect("create");
        schema::migrations_up_to(4)
            .to_latest(&mut conn)
            .expect("version 4");
        drop(conn);
        let before = std::fs::read(&file).expect("read");
        let address = Path::new("postgresql://u@%2Fnonexistent-im-socket/db");
        let err = push(&file, address).expect_err("refused");
        let en = err.to_string();
        assert!(
            en.contains("older Industry Monitor (schema version 4)"),
            "{en}"
        );
        assert!(en.contains("open it once"), "{en}");
        assert_eq!(std::fs::read(&file).expect("read"), before);
    }
}
