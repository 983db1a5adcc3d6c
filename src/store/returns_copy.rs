//! Returns written to a server dataset: buffered, merged in memory, then sent with COPY
//! (SPEC §14), because one `INSERT … ON CONFLICT` per row costs a round trip each and the
//! provincial 25 M values would take many minutes.
//!
//! Rows for an enterprise and period the table does not hold yet are copied straight into
//! it; the others go through a temporary table and one `UPDATE … FROM`, keeping the
//! indicators a row does not give, as the file's upsert does.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::db::{self, pg::PgConn};
use super::returns::COLUMNS;
use crate::model::Period;

/// Rows held before they are sent (about 40 MB of COPY text).
const FLUSH_AT: usize = 100_000;

/// One enterprise's return for one period, as far as the rows written so far give it.
#[derive(Clone)]
struct Staged {
    given: u8,
    values: [Option<f64>; 24],
    source: Option<i64>,
}

/// Returns waiting to be sent, by (year, month, enterprise id).
#[derive(Default)]
pub struct Pending {
    rows: HashMap<(i32, u32, i64), Staged>,
}

impl Pending {
    /// Adds a row; a later row for the same enterprise and period overrides the indicators
    /// it gives and keeps the others, as consecutive upserts would.
    pub fn put(
        &mut self,
        enterprise_id: i64,
        period: Period,
        given: u8,
        values: &[Option<f64>; 24],
        source: Option<i64>,
    ) {
        let key = (period.year(), period.month(), enterprise_id);
        let staged = self.rows.entry(key).or_insert(Staged {
            given: 0,
            values: [None; 24],
            source,
        });
        for i in 0..6 {
            if given & (1 << i) != 0 {
                staged.values[i * 4..][..4].copy_from_slice(&values[i * 4..][..4]);
            }
        }
        staged.given |= given;
        staged.source = source;
    }

    /// True when it is time to send.
    pub fn is_full(&self) -> bool {
        self.rows.len() >= FLUSH_AT
    }

    /// Sends every row: new ones by COPY into the table, the others merged from a
    /// temporary table.
    pub fn flush(self, conn: &PgConn) -> db::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut periods: Vec<(i32, u32)> = self.rows.keys().map(|k| (k.0, k.1)).collect();
        periods.sort_unstable();
        periods.dedup();
        let mut stored: HashSet<(i32, u32, i64)> = HashSet::new();
        for (year, month) in periods {
            let mut client = conn.client();
            for r in client.query(
                "SELECT enterprise_id FROM enterprise_returns WHERE year = $1 AND period = $2",
                &[&i64::from(year), &i64::from(month)],
            )? {
                stored.insert((year, month, r.try_get::<_, i64>(0)?));
            }
        }
        let mut rows: Vec<_> = self.rows.into_iter().collect();
        // Key order: the table's clustering, and a deterministic stream.
        rows.sort_unstable_by_key(|(k, _)| *k);
        let (old, new): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(k, _)| stored.contains(k));
        let columns = all_columns();
        if !new.is_empty() {
            copy(
                conn,
                &format!(
                    "COPY enterprise_returns(year, period, enterprise_id, source_id, {columns}) FROM STDIN"
                ),
                &new,
                false,
            )?;
        }
        if !old.is_empty() {
            merge(conn, &old, &columns)?;
        }
        Ok(())
    }
}

fn all_columns() -> String {
    COLUMNS
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Updates stored rows from `rows` through a temporary table, column by column only where
/// a row gives the indicator.
fn merge(conn: &PgConn, rows: &[((i32, u32, i64), Staged)], columns: &str) -> db::Result<()> {
    conn.batch_execute(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS im_returns_stage AS
             SELECT 0::bigint AS given, year, period, enterprise_id, source_id, {columns}
             FROM enterprise_returns WITH NO DATA;
         TRUNCATE im_returns_stage"
    ))?;
    copy(
        conn,
        &format!(
            "COPY im_returns_stage(given, year, period, enterprise_id, source_id, {columns}) FROM STDIN"
        ),
        rows,
        true,
    )?;
    let mut sets = String::from("source_id = s.source_id");
    for (i, cols) in COLUMNS.iter().enumerate() {
        for c in cols {
            let _ = write!(
                sets,
                ", {c} = CASE WHEN s.given & {} <> 0 THEN s.{c} ELSE t.{c} END",
                1 << i
            );
        }
    }
    conn.batch_execute(&format!(
        "UPDATE enterprise_returns t SET {sets} FROM im_returns_stage s
         WHERE t.year = s.year AND t.period = s.period AND t.enterprise_id = s.enterprise_id;
         TRUNCATE im_returns_stage"
    ))
}

/// Sends `rows` with `sql` (a `COPY … FROM STDIN` in text format), the `given` mask first
/// when `with_given`.
fn copy(
    conn: &PgConn,
    sql: &str,
    rows: &[((i32, u32, i64), Staged)],
    with_given: bool,
) -> db::Result<()> {
    let mut line = String::with_capacity(rows.len() * 200);
    for ((year, month, id), s) in rows {
        if with_given {
            let _ = write!(line, "{}\t", s.given);
        }
        let _ = write!(line, "{year}\t{month}\t{id}\t");
        match s.source {
            Some(src) => {
                let _ = write!(line, "{src}");
            }
            None => line.push_str("\\N"),
        }
        for v in &s.values {
            match v {
                Some(v) => {
                    let _ = write!(line, "\t{v}");
                }
                None => line.push_str("\t\\N"),
            }
        }
        line.push('\n');
    }
    // One stream, so a refused row comes back with the server's reason.
    conn.copy_in(sql, line.as_bytes()).map(drop)
}
