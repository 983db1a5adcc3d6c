//! Returns written to a server dataset: buffered, merged in memory, then sent with binary
//! COPY (SPEC §14), because one `INSERT … ON CONFLICT` per row costs a round trip each and
//! the provincial 25 M values would take many minutes.
//!
//! Rows for an enterprise and period the table does not hold yet are copied straight into
//! it; the others go through a temporary table and one `UPDATE … FROM`, keeping the
//! indicators a row does not give, as the file's upsert does.
//!
//! Where the time goes, measured on 3.8 M rows into a local server: the server parsing
//! COPY text (half its work: binary needs no float parsing), and checking the two foreign
//! keys row by row (three quarters of the rest). So each batch goes as binary on a helper
//! thread while the next is built, and a bulk load (a province's history) sets the keys
//! aside and adds them back before it ends (one join each, inside the transaction: no one
//! sees the table without them). Into a table holding no returns yet (a new server
//! dataset), the primary key is set aside too: building its index once at the end costs
//! less than maintaining it row by row (9.0 → 7.4 s for 3.9 M rows by `psql`, measured).

use std::collections::{HashMap, HashSet};

use super::db::{self, pg::PgConn};
use super::returns::COLUMNS;
use super::schema_pg;
use crate::model::Period;

/// Rows held before they are sent (about 30 MB of COPY data); a few in the unit tests, so
/// they take the bulk path with a handful of rows.
#[cfg(not(test))]
const FLUSH_AT: usize = 100_000;
#[cfg(test)]
const FLUSH_AT: usize = 8;

/// Rows of the first batch: fewer, so the server starts on them while the rest are built.
#[cfg(not(test))]
const FIRST_FLUSH_AT: usize = 10_000;
#[cfg(test)]
const FIRST_FLUSH_AT: usize = FLUSH_AT;

/// Rows from which a load is a bulk load that sets the foreign keys aside (see
/// [`set_aside_keys`]): a province's history, not a month's returns, because it takes three
/// tables from colleagues until it ends. A few in the unit tests.
#[cfg(not(test))]
const BULK_ROWS: usize = 1_000_000;
#[cfg(test)]
const BULK_ROWS: usize = 16;

/// One enterprise's return for one period, as far as the rows written so far give it.
#[derive(Clone)]
struct Staged {
    /// (year, month, enterprise id): the table's key order.
    key: (i32, u32, i64),
    given: u8,
    /// NaN where none (stored values are finite): half the size of `Option<f64>`, and a
    /// bulk load holds 100,000 of these at a time.
    values: [f64; 24],
    source: Option<i64>,
}

impl Staged {
    /// A later row for the same enterprise and period: the indicators it gives override,
    /// the others stay, as consecutive upserts would.
    fn overlay(&mut self, later: &Staged) {
        for i in 0..6 {
            if later.given & (1 << i) != 0 {
                self.values[i * 4..][..4].copy_from_slice(&later.values[i * 4..][..4]);
            }
        }
        self.given |= later.given;
        self.source = later.source;
    }
}

/// Returns waiting to be sent, and what a bulk load changed on the way.
#[derive(Default)]
pub struct Pending {
    /// In arrival order; consecutive rows of one key are merged as they come.
    rows: Vec<Staged>,
    /// True once a row arrived before the one put last (then `flush` sorts).
    unsorted: bool,
    /// The statements adding back the foreign keys this load set aside.
    keys_aside: Option<Vec<String>>,
    /// The primary key this load set aside, with the rows sent since.
    primary_aside: Option<PrimaryAside>,
    /// True once setting them aside was considered (once per writer).
    considered: bool,
    /// True once a batch was sent.
    flushed: bool,
    /// How many rows the caller said it will write (0: unknown, never a bulk load).
    expected: usize,
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
        let mut row = Staged {
            key,
            given: 0,
            values: [f64::NAN; 24],
            source,
        };
        // Only the indicators given: the other slots of `values` mean nothing.
        row.overlay(&Staged {
            key,
            given,
            values: values.map(|v| v.unwrap_or(f64::NAN)),
            source,
        });
        match self.rows.last_mut() {
            Some(last) if last.key == key => return last.overlay(&row),
            Some(last) if last.key > key => self.unsorted = true,
            Some(_) => {}
            None => self.rows.reserve(FLUSH_AT),
        }
        self.rows.push(row);
    }

    /// True when it is time to send.
    pub fn is_full(&self) -> bool {
        self.rows.len()
            >= if self.flushed {
                FLUSH_AT
            } else {
                FIRST_FLUSH_AT
            }
    }

    /// Records that about `rows` rows will be written: from [`BULK_ROWS`] the foreign keys
    /// are set aside for the load.
    pub fn expect_rows(&mut self, rows: usize) {
        self.expected = rows;
    }

    /// Sends every row held: new ones by COPY into the table (in the background: the next
    /// use of the connection waits for it), the others merged from a temporary table. For
    /// a bulk load the table's foreign keys are set aside first, when the account may (see
    /// [`set_aside_keys`]).
    pub fn flush(&mut self, conn: &PgConn) -> db::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        if !self.considered && self.expected >= BULK_ROWS {
            self.considered = true;
            self.keys_aside = set_aside_keys(conn)?;
            if self.keys_aside.is_some() {
                self.primary_aside = set_aside_primary_key(conn)?;
            }
        }
        let mut rows = in_key_order(std::mem::take(&mut self.rows), self.unsorted);
        self.unsorted = false;
        self.flushed = true;
        let columns = all_columns();
        let sql = format!(
            "COPY enterprise_returns(year, period, enterprise_id, source_id, {columns}) \
             FROM STDIN (FORMAT binary)"
        );
        // Encoded while the batch before is still on its way, as if every row were new (a
        // bulk load's are).
        let data = binary(&rows, false, conn.copy_buffer());
        // The batch before must be in the table before this one's rows are told apart.
        conn.settle()?;
        if let Some(mut aside) = self.primary_aside.take() {
            if !aside.repeats(&rows) {
                // The table held nothing and these keys were not sent: all new.
                aside.note(&rows);
                self.primary_aside = Some(aside);
                // The rows' memory, kept for the next batch.
                rows.clear();
                self.rows = rows;
                return conn.copy_in_background(sql, data);
            }
            // A row sent before is merged below, which needs the key's index back.
            conn.batch_execute(&aside.add)?;
        }
        // Per period, only the stored rows within this batch's ids: a bulk load's batches
        // follow each other in key order, so a batch continuing a period finds none.
        let mut stored: HashSet<(i32, u32, i64)> = HashSet::new();
        for period in rows.chunk_by(|a, b| (a.key.0, a.key.1) == (b.key.0, b.key.1)) {
            let (year, month, low) = period[0].key;
            let high = period[period.len() - 1].key.2;
            // Through the connection's statement cache: prepared once for all batches.
            conn.for_each(
                "SELECT enterprise_id FROM enterprise_returns
                 WHERE year = ?1 AND period = ?2 AND enterprise_id BETWEEN ?3 AND ?4",
                &[&i64::from(year), &i64::from(month), &low, &high],
                &mut |r| {
                    stored.insert((year, month, r.get::<_, i64>(0)?));
                    Ok(())
                },
            )?;
        }
        if stored.is_empty() {
            rows.clear();
            self.rows = rows;
            return conn.copy_in_background(sql, data);
        }
        let (old, new): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| stored.contains(&r.key));
        merge(conn, &old, &columns)?;
        if !new.is_empty() {
            conn.copy_in_background(sql, binary(&new, false, data))?;
        }
        Ok(())
    }

    /// Sends what is left, waits for the server to take it, and adds back the foreign
    /// keys set aside (checking every row against them once). With `background`, the
    /// keys are added on a helper thread: the connection's next use waits for them (and
    /// fails with their error).
    pub fn finish(mut self, conn: &PgConn, background: bool) -> db::Result<()> {
        self.flush(conn)?;
        conn.settle()?;
        // The last batch's buffer is not kept for the connection's lifetime (the window's
        // lasts all day).
        drop(conn.copy_buffer());
        // The key's index first: the foreign keys' checks do not need it, a failure to
        // build it (never expected: the rows sent were told apart) is named first.
        let adds: Vec<String> = self
            .primary_aside
            .take()
            .map(|aside| aside.add)
            .into_iter()
            .chain(self.keys_aside.take().into_iter().flatten())
            .collect();
        match (adds.is_empty(), background) {
            (true, _) => Ok(()),
            (false, true) => conn.batch_in_background(adds.join(";\n")),
            (false, false) => conn.batch_execute(&adds.join(";\n")),
        }
    }

    /// True when rows are held or keys set aside: dropping the writer now would lose them.
    pub fn unfinished(&self) -> bool {
        !self.rows.is_empty() || self.keys_aside.is_some() || self.primary_aside.is_some()
    }
}

/// The primary key of `enterprise_returns`, set aside for a bulk load into a table that
/// held no returns: the statement adding it back, and per period the enterprise ids sent
/// since (sorted), which tell a repeated row without the key's index.
struct PrimaryAside {
    add: String,
    sent: HashMap<(i32, u32), Vec<i64>>,
}

impl PrimaryAside {
    /// True when a row of `rows` (in key order, one per key) was sent before.
    fn repeats(&self, rows: &[Staged]) -> bool {
        rows.chunk_by(|a, b| (a.key.0, a.key.1) == (b.key.0, b.key.1))
            .any(|period| {
                let (year, month, low) = period[0].key;
                let Some(sent) = self.sent.get(&(year, month)) else {
                    return false;
                };
                // A period continued in key order, the usual case, needs no search.
                sent.last().is_some_and(|&last| last >= low)
                    && period.iter().any(|r| sent.binary_search(&r.key.2).is_ok())
            })
    }

    /// Records `rows` as sent.
    fn note(&mut self, rows: &[Staged]) {
        for period in rows.chunk_by(|a, b| (a.key.0, a.key.1) == (b.key.0, b.key.1)) {
            let (year, month, low) = period[0].key;
            let sent = self.sent.entry((year, month)).or_default();
            let in_order = sent.last().is_none_or(|&last| last < low);
            sent.extend(period.iter().map(|r| r.key.2));
            if !in_order {
                sent.sort_unstable();
            }
        }
    }
}

/// Drops the primary key of `enterprise_returns` when the table holds no rows, once
/// [`set_aside_keys`] holds the table (so none arrive meanwhile); the statement adding it
/// back, or None when it stays (rows present, or a key of another table depends on it).
fn set_aside_primary_key(conn: &PgConn) -> db::Result<Option<PrimaryAside>> {
    let mut client = conn.client();
    let empty: bool = client
        .query_one("SELECT NOT EXISTS (SELECT 1 FROM enterprise_returns)", &[])?
        .get(0);
    if !empty {
        return Ok(None);
    }
    let found = client.query_opt(
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,
                       pg_get_constraintdef(oid))
         FROM pg_constraint
         WHERE conrelid = 'enterprise_returns'::regclass AND contype = 'p'",
        &[],
    )?;
    let Some(found) = found else {
        return Ok(None);
    };
    let (drop, add): (String, String) = (found.get(0), found.get(1));
    client.batch_execute("SAVEPOINT im_key_aside")?;
    if client.batch_execute(&drop).is_err() {
        client.batch_execute("ROLLBACK TO SAVEPOINT im_key_aside")?;
        return Ok(None);
    }
    client.batch_execute("RELEASE SAVEPOINT im_key_aside")?;
    Ok(Some(PrimaryAside {
        add,
        sent: HashMap::new(),
    }))
}

/// `rows` sorted by key (stable: arrival order within a key) with each key's rows merged.
fn in_key_order(mut rows: Vec<Staged>, unsorted: bool) -> Vec<Staged> {
    if !unsorted {
        return rows;
    }
    rows.sort_by_key(|r| r.key);
    let mut out: Vec<Staged> = Vec::with_capacity(rows.len());
    for r in rows {
        match out.last_mut() {
            Some(last) if last.key == r.key => last.overlay(&r),
            _ => out.push(r),
        }
    }
    out
}

/// Drops the foreign keys of `enterprise_returns` for the rest of the transaction when the
/// account owns the table (only an owner may alter it) and no one else is using it; the
/// statements adding them back, or None when they stay (rows are then checked one by one,
/// which is correct, only slower). Dropping them takes `enterprise_returns`, `enterprises`
/// and `sources` for the rest of the transaction (the server locks both ends of a key):
/// colleagues' reads of them wait, and after their 5 s lock timeout are told the dataset
/// is busy with an import. Hence only for loads of [`BULK_ROWS`] or more.
fn set_aside_keys(conn: &PgConn) -> db::Result<Option<Vec<String>>> {
    conn.settle()?;
    let mut client = conn.client();
    let owner: bool = client
        .query_one(
            "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class
             WHERE oid = 'enterprise_returns'::regclass",
            &[],
        )?
        .get(0);
    if !owner {
        return Ok(None);
    }
    let keys = schema_pg::foreign_keys(&mut *client, Some("enterprise_returns"))?;
    if keys.is_empty() {
        return Ok(None);
    }
    let drops: Vec<&str> = keys.iter().map(|(drop, _)| drop.as_str()).collect();
    client.batch_execute("SAVEPOINT im_keys_aside")?;
    // Busy (a colleague's long read holds the table past the lock timeout): keep them.
    if client.batch_execute(&drops.join(";\n")).is_err() {
        client.batch_execute("ROLLBACK TO SAVEPOINT im_keys_aside")?;
        return Ok(None);
    }
    client.batch_execute("RELEASE SAVEPOINT im_keys_aside")?;
    Ok(Some(keys.into_iter().map(|(_, add)| add).collect()))
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
fn merge(conn: &PgConn, rows: &[Staged], columns: &str) -> db::Result<()> {
    conn.batch_execute(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS im_returns_stage AS
             SELECT 0::bigint AS given, year, period, enterprise_id, source_id, {columns}
             FROM enterprise_returns WITH NO DATA;
         TRUNCATE im_returns_stage"
    ))?;
    conn.copy_in(
        &format!(
            "COPY im_returns_stage(given, year, period, enterprise_id, source_id, {columns}) \
             FROM STDIN (FORMAT binary)"
        ),
        &binary(rows, true, Vec::new()),
    )?;
    let mut sets = String::from("source_id = s.source_id");
    for (i, cols) in COLUMNS.iter().enumerate() {
        for c in cols {
            use std::fmt::Write as _;
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

/// `rows` in COPY's binary format (the columns' types: bigint keys, double precision
/// values) in `out` (emptied first), the `given` mask first when `with_given`. Binary
/// spares the server parsing 24 numbers a row from text, half its work on a bulk load.
fn binary(rows: &[Staged], with_given: bool, mut out: Vec<u8>) -> Vec<u8> {
    fn int8(out: &mut Vec<u8>, v: i64) {
        out.extend_from_slice(&8_i32.to_be_bytes());
        out.extend_from_slice(&v.to_be_bytes());
    }
    fn null(out: &mut Vec<u8>) {
        out.extend_from_slice(&(-1_i32).to_be_bytes());
    }
    let fields: i16 = if with_given { 29 } else { 28 };
    out.clear();
    out.reserve(19 + rows.len() * 300 + 2);
    // Signature, flags, header extension length.
    out.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    out.extend_from_slice(&0_i32.to_be_bytes());
    out.extend_from_slice(&0_i32.to_be_bytes());
    for r in rows {
        out.extend_from_slice(&fields.to_be_bytes());
        if with_given {
            int8(&mut out, i64::from(r.given));
        }
        let (year, month, id) = r.key;
        int8(&mut out, i64::from(year));
        int8(&mut out, i64::from(month));
        int8(&mut out, id);
        match r.source {
            Some(s) => int8(&mut out, s),
            None => null(&mut out),
        }
        for v in &r.values {
            if v.is_nan() {
                null(&mut out);
            } else {
                out.extend_from_slice(&8_i32.to_be_bytes());
                out.extend_from_slice(&v.to_bits().to_be_bytes());
            }
        }
    }
    out.extend_from_slice(&(-1_i16).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: (i32, u32, i64), given: u8, v: f64, source: i64) -> Staged {
        let mut values = [f64::NAN; 24];
        for i in 0..6 {
            if given & (1 << i) != 0 {
                values[i * 4] = v;
            }
        }
        Staged {
            key,
            given,
            values,
            source: Some(source),
        }
    }

    #[test]
    fn rows_out_of_order_are_sorted_and_merged_in_arrival_order() {
        let rows = vec![
            row((2024, 3, 7), 0b01, 1.0, 1),
            row((2024, 2, 9), 0b01, 2.0, 1),
            row((2024, 3, 7), 0b10, 3.0, 2),
            row((2024, 3, 7), 0b01, 4.0, 3),
        ];
        let out = in_key_order(rows, true);
        assert_eq!(
            out.iter().map(|r| r.key).collect::<Vec<_>>(),
            vec![(2024, 2, 9), (2024, 3, 7)]
        );
        let merged = &out[1];
        assert_eq!(merged.given, 0b11);
        // Output: the last row's 4.0 over the first's 1.0; sales from the second.
        assert_eq!(merged.values[0], 4.0);
        assert_eq!(merged.values[4], 3.0);
        assert_eq!(merged.source, Some(3));
    }

    #[test]
    fn consecutive_rows_of_one_key_merge_as_they_arrive() {
        let mut p = Pending::default();
        let period = Period::new(2024, 5).expect("period");
        let mut values = [None; 24];
        values[0] = Some(10.0);
        p.put(5, period, 0b1, &values, Some(1));
        values[0] = None;
        values[4] = Some(20.0);
        p.put(5, period, 0b10, &values, Some(2));
        assert_eq!(p.rows.len(), 1);
        assert!(!p.unsorted);
        assert_eq!(p.rows[0].values[0], 10.0);
        assert_eq!(p.rows[0].values[4], 20.0);
        assert_eq!(p.rows[0].given, 0b11);
        p.put(4, period, 0b1, &values, None);
        assert!(p.unsorted);
    }

    #[test]
    fn binary_rows_have_the_layout_copy_reads() {
        let data = binary(&[row((2024, 12, 300), 0b1, 1.5, 8)], false, vec![1, 2, 3]);
        assert_eq!(&data[..11], b"PGCOPY\n\xff\r\n\0");
        // Header 19 bytes, then 28 fields: four bigints (one a source), 1 value, 23 NULLs.
        let tuple = &data[19..data.len() - 2];
        assert_eq!(&tuple[..2], &28_i16.to_be_bytes());
        assert_eq!(tuple.len(), 2 + 4 * 12 + 12 + 23 * 4);
        assert_eq!(
            &tuple[2 + 4 * 12 + 4..][..8],
            &1.5_f64.to_bits().to_be_bytes()
        );
        assert_eq!(&data[data.len() - 2..], &(-1_i16).to_be_bytes());
    }
}
