//! The enterprises' monthly returns (SPEC §9): one row per enterprise and period with every
//! indicator's four values side by side (see the schema's version 3).
//!
//! Reads are by period (all enterprises of one period: a range of the clustered key) or by
//! enterprise (point lookups on the same key); nothing here scans the whole table except
//! [`Dataset::return_row_count`]. A stored value that cannot be read (text in a number
//! column, an infinite real written by another tool) skips its row, reported like every
//! other reader's.

use std::collections::HashMap;

use rusqlite::params;
use rusqlite::types::ValueRef;

use super::db::{self, Db, OptionalExt, Row};

use super::validate::{Bad, Rejected, check_finite, read_number};
use super::{Dataset, Result, Writer, sql_err};
use crate::model::returns::{
    MonthlyReturn, ResolvedReturn, ReturnIndicator, ReturnRow, ReturnValues, resolve_all,
};
use crate::model::{Enterprise, Period, Said, SkippedRow};

/// The four value columns of each indicator, in [`ReturnIndicator::ALL`] order.
pub(super) const COLUMNS: [[&str; 4]; 6] = [
    ["output_month", "output_ytd", "output_last", "output_growth"],
    ["sales_month", "sales_ytd", "sales_last", "sales_growth"],
    [
        "revenue_month",
        "revenue_ytd",
        "revenue_last",
        "revenue_growth",
    ],
    ["profit_month", "profit_ytd", "profit_last", "profit_growth"],
    ["power_month", "power_ytd", "power_last", "power_growth"],
    [
        "employees_month",
        "employees_ytd",
        "employees_last",
        "employees_growth",
    ],
];

/// The columns of `indicators`, comma-separated.
fn column_list(indicators: &[ReturnIndicator]) -> String {
    indicators
        .iter()
        .flat_map(|i| COLUMNS[i.index()])
        .collect::<Vec<_>>()
        .join(", ")
}

/// What to do about a skipped return row.
fn todo(code: &str, year: i64, period: i64) -> Said {
    Said::new(
        format!("请重新导入企业{code}{year}年1—{period}月的月报"),
        format!("import enterprise {code}'s return for {year} Jan–{period} again"),
    )
}

/// Reads one stored row selected as (credit_code, year, period, columns of `indicators`…).
fn read_row(
    r: &Row<'_>,
    indicators: &[ReturnIndicator],
) -> rusqlite::Result<std::result::Result<ReturnRow, SkippedRow>> {
    let code: String = r.get(0)?;
    let (year, month): (i64, i64) = (r.get(1)?, r.get(2)?);
    let skipped = |bad: Bad| {
        bad.skipped(
            "enterprise_returns",
            format!("{code} {year}-{month:02}"),
            None,
            todo(&code, year, month),
        )
    };
    let period = match Period::new(year as i32, month as u32) {
        Ok(p) if i32::try_from(year).is_ok() => p,
        _ => {
            return Ok(Err(skipped(Bad {
                column: "year",
                value: format!("{year}-{month:02}"),
                what: Said::new("不是有效的时期", "not a valid period"),
            })));
        }
    };
    let mut row = ReturnRow::new(code.clone(), period);
    for (k, &indicator) in indicators.iter().enumerate() {
        let mut values = [None; 4];
        for (j, slot) in values.iter_mut().enumerate() {
            let column = 3 + k * 4 + j;
            *slot = match r.get_ref(column)? {
                ValueRef::Null => None,
                v => match read_number(COLUMNS[indicator.index()][j], v) {
                    Ok(x) => Some(x),
                    Err(bad) => return Ok(Err(skipped(bad))),
                },
            };
        }
        let values = ReturnValues::from_array(values);
        if !values.is_empty() {
            row.set(indicator, values);
        }
    }
    Ok(Ok(row))
}

/// The rows of `period` (all enterprises), with the columns of `indicators`.
fn load_period(
    conn: &Db,
    period: Period,
    indicators: &[ReturnIndicator],
) -> db::Result<(Vec<ReturnRow>, Vec<SkippedRow>)> {
    Ok(load_periods_rows(conn, &[period], indicators)?
        .pop()
        .unwrap_or_default())
}

/// One period's rows and the rows skipped as unreadable.
type PeriodRows = (Vec<ReturnRow>, Vec<SkippedRow>);

/// The rows of each of `periods` (all enterprises), with the columns of `indicators`, and
/// each period's skipped rows, in enterprise id order: one statement (a round trip on a
/// server).
fn load_periods_rows(
    conn: &Db,
    periods: &[Period],
    indicators: &[ReturnIndicator],
) -> db::Result<Vec<PeriodRows>> {
    let mut out: Vec<PeriodRows> = vec![(Vec::new(), Vec::new()); periods.len()];
    if periods.is_empty() {
        return Ok(out);
    }
    let columns = column_list(indicators);
    let select = format!(
        "SELECT e.credit_code, r.year, r.period, {columns}, r.enterprise_id
         FROM enterprise_returns r JOIN enterprises e ON e.id = r.enterprise_id"
    );
    let period_is = |k: usize| format!("r.year = ?{} AND r.period = ?{}", 2 * k + 1, 2 * k + 2);
    let id_column = 4 + 4 * indicators.len();
    let sql = if conn.pg().is_some() {
        // A server seeks the periods in one scan of the key: 0.5 ms less than a branch
        // per period in a new server process, and the rows are few enough to sort.
        let any: Vec<String> = (0..periods.len())
            .map(|k| format!("({})", period_is(k)))
            .collect();
        format!(
            "{select} WHERE {} ORDER BY 2, 3, {id_column}",
            any.join(" OR ")
        )
    } else {
        // SQLite merges the branches in key order; the OR above would sort every row (and
        // a row-value IN list is a scan of the table).
        let branches: Vec<String> = (0..periods.len())
            .map(|k| format!("{select} WHERE {}", period_is(k)))
            .collect();
        format!(
            "{} ORDER BY 2, 3, {id_column}",
            branches.join(" UNION ALL ")
        )
    };
    let values: Vec<(i32, u32)> = periods.iter().map(|p| (p.year(), p.month())).collect();
    let params: Vec<&dyn rusqlite::ToSql> = values
        .iter()
        .flat_map(|(y, m)| [y as &dyn rusqlite::ToSql, m as &dyn rusqlite::ToSql])
        .collect();
    conn.for_each(&sql, &params, |r| {
        // The branch's own year and period: a row selected by them belongs to that period
        // even when the row cannot be read.
        let (year, month): (i64, i64) = (r.get(1)?, r.get(2)?);
        let Some(k) = values
            .iter()
            .position(|&(y, m)| i64::from(y) == year && i64::from(m) == month)
        else {
            return Ok(());
        };
        match read_row(r, indicators)? {
            Ok(row) => out[k].0.push(row),
            Err(s) => out[k].1.push(s),
        }
        Ok(())
    })?;
    Ok(out)
}

/// The query of [`load_periods`]: seeks on the key to the first row at or after the next
/// period. `year > ?1 OR (year = ?1 AND period > ?2)` seeks by year only, and
/// `(year, period) > (?1, ?2)` lands on the period itself; both then step over every row of
/// earlier periods (2.5 s and 0.45 s for 70,000 enterprises × 55 periods).
const NEXT_PERIOD: &str = "SELECT year, period FROM enterprise_returns
     WHERE (year, period) >= (?1, ?2 + 1)
     ORDER BY year, period LIMIT 1";

/// The periods holding returns, oldest first: one index seek per period, not a scan.
fn load_periods(conn: &Db) -> db::Result<Vec<Period>> {
    if conn.pg().is_some() {
        return load_periods_server(conn);
    }
    let mut stmt = conn.prepare(NEXT_PERIOD)?;
    let mut out = Vec::new();
    let (mut year, mut month) = (i64::MIN, 0_i64);
    while let Some((y, m)) = stmt
        .query_row(params![year, month], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .optional()?
    {
        // A period the model refuses (another tool's row) is stepped over here; the
        // period's own reader reports its rows.
        if let Ok(p) = Period::new(y as i32, m as u32) {
            out.push(p);
        }
        (year, month) = (y, m);
    }
    Ok(out)
}

/// [`load_periods`] on a server: the same seeks in one recursive statement (a round trip
/// per period otherwise; SQLite has no `LATERAL`, and its seeks cost no round trip).
fn load_periods_server(conn: &Db) -> db::Result<Vec<Period>> {
    let read = || {
        conn.query_map(
            "WITH RECURSIVE p(year, period) AS (
             (SELECT year, period FROM enterprise_returns ORDER BY year, period LIMIT 1)
             UNION ALL
             SELECT n.year, n.period FROM p, LATERAL (
                 SELECT year, period FROM enterprise_returns r
                 WHERE (r.year, r.period) >= (p.year, p.period + 1)
                 ORDER BY year, period LIMIT 1) n)
         SELECT year, period FROM p",
            &[],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        )
    };
    // Kept between commands under the returns' stamp (see `read_cache`).
    let rows = match conn.pg() {
        Some(pg) => super::read_cache::recording(pg, "enterprise_returns", read)?,
        None => read()?,
    };
    // A period the model refuses (another tool's row) is stepped over, as on a file.
    Ok(rows
        .into_iter()
        .filter_map(|(y, m)| Period::new(y as i32, m as u32).ok())
        .collect())
}

impl Dataset {
    /// The periods holding returns, oldest first.
    pub fn return_periods(&self) -> Result<Vec<Period>> {
        load_periods(&self.conn).map_err(sql_err(&self.path))
    }

    /// Every enterprise's return of `period` (all indicators), in enterprise id order, and
    /// the rows skipped as unreadable.
    pub fn return_rows(&self, period: Period) -> Result<(Vec<ReturnRow>, Vec<SkippedRow>)> {
        load_period(&self.conn, period, &ReturnIndicator::ALL).map_err(sql_err(&self.path))
    }

    /// The returns of `period` for `indicator`, resolved (this month's value derived from
    /// the previous period's year-to-date value when the form has none, last year's value
    /// from last year's return), and the rows skipped as unreadable.
    pub fn returns_for_checked(
        &self,
        period: Period,
        indicator: ReturnIndicator,
    ) -> Result<(Vec<ResolvedReturn>, Vec<SkippedRow>)> {
        let (mut each, skipped) = self.returns_for_each(period, &[indicator])?;
        Ok((each.pop().unwrap_or_default(), skipped))
    }

    /// [`Dataset::returns_for_checked`] for each of `indicators` (in their order) from one
    /// read of the three periods it needs, and the period's rows skipped as unreadable.
    pub fn returns_for_each(
        &self,
        period: Period,
        indicators: &[ReturnIndicator],
    ) -> Result<(Vec<Vec<ResolvedReturn>>, Vec<SkippedRow>)> {
        let mut periods = vec![period];
        periods.extend(period.prev_in_year());
        periods.extend(period.year_before());
        let mut read =
            load_periods_rows(&self.conn, &periods, indicators).map_err(sql_err(&self.path))?;
        let monthly: Vec<MonthlyReturn> = read
            .iter()
            .flat_map(|(rows, _)| rows)
            .flat_map(ReturnRow::monthly)
            .collect();
        // The key (year, period, enterprise) is unique, so a duplicate cannot be stored.
        let resolved = resolve_all(&monthly).map_err(|e| super::StoreError::Invalid {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        let mut each = vec![Vec::new(); indicators.len()];
        for r in resolved.into_iter().filter(|r| r.period == period) {
            if let Some(k) = indicators.iter().position(|&i| i == r.indicator) {
                each[k].push(r);
            }
        }
        // The period asked for is the first read.
        let skipped = std::mem::take(&mut read[0].1);
        Ok((each, skipped))
    }

    /// [`Dataset::returns_for_checked`] without the skipped rows.
    pub fn returns_for(
        &self,
        period: Period,
        indicator: ReturnIndicator,
    ) -> Result<Vec<ResolvedReturn>> {
        self.returns_for_checked(period, indicator).map(|(r, _)| r)
    }

    /// One enterprise's returns of `year` and the year before (every indicator), oldest
    /// first: its detail (this year's months against last year's). Unreadable rows are
    /// left out.
    pub fn enterprise_returns(&self, credit_code: &str, year: i32) -> Result<Vec<ReturnRow>> {
        let sql = format!(
            "SELECT e.credit_code, r.year, r.period, {}
             FROM enterprise_returns r JOIN enterprises e ON e.id = r.enterprise_id
             WHERE r.year = ?1 AND r.period = ?2 AND r.enterprise_id = ?3",
            column_list(&ReturnIndicator::ALL)
        );
        let conn = &self.conn;
        let read = || -> db::Result<Vec<ReturnRow>> {
            let id: Option<i64> = conn
                .query_row(
                    "SELECT id FROM enterprises WHERE credit_code = ?1",
                    params![credit_code],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(id) = id else {
                return Ok(Vec::new());
            };
            let mut stmt = conn.prepare(&sql)?;
            let mut out = Vec::new();
            for p in Period::all_in_year(year - 1).chain(Period::all_in_year(year)) {
                let row = stmt
                    .query_row(params![p.year(), p.month(), id], |r| {
                        read_row(r, &ReturnIndicator::ALL)
                    })
                    .optional()?;
                if let Some(Ok(row)) = row {
                    out.push(row);
                }
            }
            Ok(out)
        };
        read().map_err(sql_err(&self.path))
    }

    /// The source ids of the return rows of `period` and of the same period a year earlier
    /// (the base of growth and pull), distinct, ascending; rows without a source are left
    /// out. One range of the clustered key per period: the briefing marks its returns
    /// section illustrative when one of these sources is.
    pub fn return_source_ids(&self, period: Period) -> Result<Vec<i64>> {
        let mut ids = std::collections::BTreeSet::new();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT source_id FROM enterprise_returns
                 WHERE year = ?1 AND period = ?2 AND source_id IS NOT NULL",
            )
            .map_err(sql_err(&self.path))?;
        for p in std::iter::once(period).chain(period.year_before()) {
            let rows = stmt
                .query_map(params![p.year(), p.month()], |r| r.get::<_, i64>(0))
                .map_err(sql_err(&self.path))?;
            ids.extend(rows);
        }
        Ok(ids.into_iter().collect())
    }

    /// Of the enterprises `credit_codes`, those with no return up to `period` and one in a
    /// later year: they were not yet reporting in `period`'s year (the 规上 list is drawn up
    /// once a year, so a late filer of the same year is missing, a newcomer is not; see
    /// [`crate::analysis::returns::population_stats`]). One statement per stored period at
    /// most, each a seek on the clustered key for all the enterprises still undecided (on a
    /// server a statement per enterprise and period was a round trip each).
    pub fn returns_begin_after(
        &self,
        period: Period,
        credit_codes: &[&str],
    ) -> Result<std::collections::HashSet<String>> {
        self.returns_begin_after_among(period, credit_codes, &[])
    }

    /// [`Dataset::returns_begin_after`] with the row ids of the enterprises in `known` (the
    /// register as read) taken from it: a statement fewer, a round trip on a server. Codes
    /// it does not hold are looked up.
    pub fn returns_begin_after_among(
        &self,
        period: Period,
        credit_codes: &[&str],
        known: &[Enterprise],
    ) -> Result<std::collections::HashSet<String>> {
        let periods = self.return_periods()?;
        let conn = &self.conn;
        let read = || -> db::Result<std::collections::HashSet<String>> {
            let by_code: std::collections::HashMap<&str, i64> = known
                .iter()
                .map(|e| (e.credit_code.as_str(), e.id))
                .collect();
            let (found, unknown): (Vec<&str>, Vec<&str>) =
                credit_codes.iter().partition(|c| by_code.contains_key(**c));
            let mut undecided = if unknown.is_empty() {
                std::collections::BTreeMap::new()
            } else {
                enterprise_ids(conn, &unknown)?
            };
            undecided.extend(
                found
                    .into_iter()
                    .filter_map(|c| Some((*by_code.get(c)?, c.to_owned()))),
            );
            // Newest first: a reporting enterprise is most likely found in a recent period.
            for p in periods.iter().rev().filter(|p| **p <= period) {
                if undecided.is_empty() {
                    break;
                }
                for id in reporting(conn, *p, &undecided)? {
                    undecided.remove(&id);
                }
            }
            let mut out = std::collections::HashSet::new();
            for p in periods.iter().filter(|p| p.year() > period.year()) {
                if undecided.is_empty() {
                    break;
                }
                for id in reporting(conn, *p, &undecided)? {
                    if let Some(code) = undecided.remove(&id) {
                        out.insert(code);
                    }
                }
            }
            Ok(out)
        };
        read().map_err(sql_err(&self.path))
    }

    /// The number of stored return rows (enterprise × period); a scan, for reports only.
    pub fn return_row_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT COUNT(*) FROM enterprise_returns", &[], |r| r.get(0))
            .map_err(sql_err(&self.path))
    }
}

/// Parameters in one `IN (…)` list at most (SQLite's limit is 32,766, a server's 65,535);
/// two in the tests, so that their handful of enterprises spans several lists.
const IN_LIST: usize = if cfg!(test) { 2 } else { 1_000 };

/// The row ids of the enterprises with `credit_codes` (unknown codes left out), with their
/// codes.
fn enterprise_ids(
    conn: &Db,
    credit_codes: &[&str],
) -> db::Result<std::collections::BTreeMap<i64, String>> {
    let mut out = std::collections::BTreeMap::new();
    for chunk in credit_codes.chunks(IN_LIST) {
        let sql = format!(
            "SELECT id, credit_code FROM enterprises WHERE credit_code IN ({})",
            db::marks(1, chunk.len())
        );
        let params: Vec<&dyn rusqlite::ToSql> =
            chunk.iter().map(|c| c as &dyn rusqlite::ToSql).collect();
        conn.for_each(&sql, &params, |r| {
            out.insert(r.get(0)?, r.get(1)?);
            Ok(())
        })?;
    }
    Ok(out)
}

/// Which of the enterprises `ids` have a return for `period`.
fn reporting(
    conn: &Db,
    period: Period,
    ids: &std::collections::BTreeMap<i64, String>,
) -> db::Result<Vec<i64>> {
    let ids: Vec<i64> = ids.keys().copied().collect();
    let mut out = Vec::new();
    for chunk in ids.chunks(IN_LIST) {
        let sql = format!(
            "SELECT enterprise_id FROM enterprise_returns
             WHERE year = ?1 AND period = ?2 AND enterprise_id IN ({})",
            db::marks(3, chunk.len())
        );
        let (year, month) = (period.year(), period.month());
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&year, &month];
        params.extend(chunk.iter().map(|id| id as &dyn rusqlite::ToSql));
        conn.for_each(&sql, &params, |r| {
            out.push(r.get(0)?);
            Ok(())
        })?;
    }
    Ok(out)
}

impl Dataset {
    /// Runs `fill` (writes into a new dataset nobody else sees yet) with the foreign keys
    /// checked once, over the whole file, when it is done instead of on every row written:
    /// for 3.8 M returns 1.7 s of lookups become a 0.5 s check. A dangling key is an error,
    /// so the caller discards the file — never use this on a dataset already in use, whose
    /// committed rows would stay.
    pub fn fill_checking_keys_after<T>(
        &mut self,
        fill: impl FnOnce(&mut Dataset) -> Result<T>,
    ) -> Result<T> {
        let path = self.path.clone();
        // A server checks every key as it is written; there is nothing to defer.
        let Some(conn) = self.conn.sqlite() else {
            return fill(self);
        };
        conn.pragma_update(None, "foreign_keys", false)
            .map_err(sql_err(&path))?;
        let out = fill(self);
        if let Some(conn) = self.conn.sqlite() {
            conn.pragma_update(None, "foreign_keys", true)
                .map_err(sql_err(&path))?;
        }
        let out = out?;
        let dangling: Option<String> = self
            .conn
            .query_row(
                "SELECT \"table\" || ' row ' || COALESCE(rowid, '') || ' → ' || parent
                 FROM pragma_foreign_key_check LIMIT 1",
                &[],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err(&path))?;
        match dangling {
            None => Ok(out),
            Some(what) => Err(super::StoreError::Invalid {
                path,
                message: format!("a written row refers to nothing: {what}"),
            }),
        }
    }
}

/// Writes returns inside one transaction (see [`Writer::returns`]); call
/// [`ReturnWriter::finish`] when done (a server dataset's rows are sent in bulk then).
pub struct ReturnWriter<'a> {
    tx: &'a Db,
    ids: HashMap<String, i64>,
    /// A server dataset's rows not yet sent (they go by COPY, many at a time).
    pending: Option<super::returns_copy::Pending>,
    /// A file's upsert statements by the indicators a row gives (see [`upsert_sql`]), made
    /// once: formatting one per row was a third of a 3.8 M-row import.
    upserts: HashMap<u8, String>,
}

/// The upsert of the indicators in `given` (bit `i` for `ReturnIndicator::ALL[i]`): the
/// other indicators' columns of a stored row are kept.
fn upsert_sql(given: u8) -> String {
    let cols: Vec<&str> = ReturnIndicator::ALL
        .iter()
        .filter(|i| given & (1 << i.index()) != 0)
        .flat_map(|i| COLUMNS[i.index()])
        .collect();
    let names: String = cols.iter().map(|c| format!(", {c}")).collect();
    let marks: String = (0..cols.len()).map(|k| format!(", ?{}", k + 5)).collect();
    let updates: String = cols
        .iter()
        .map(|c| format!(", {c} = excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO enterprise_returns(year, period, enterprise_id, source_id{names})
         VALUES (?1, ?2, ?3, ?4{marks})
         ON CONFLICT(year, period, enterprise_id) DO UPDATE SET source_id = excluded.source_id{updates}"
    )
}

/// The error `put` returns for a value the store refuses.
fn refused(e: Rejected) -> db::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e)).into()
}

impl<'a> ReturnWriter<'a> {
    fn new(tx: &'a Db) -> db::Result<ReturnWriter<'a>> {
        let ids = tx
            .query_map("SELECT credit_code, id FROM enterprises", &[], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?
            .into_iter()
            .collect();
        let pending = tx.pg().map(|_| super::returns_copy::Pending::default());
        Ok(ReturnWriter {
            tx,
            ids,
            pending,
            upserts: HashMap::new(),
        })
    }

    /// Sends what is still buffered (a server dataset's rows); nothing to do for a file.
    pub fn finish(mut self) -> db::Result<()> {
        match (self.pending.take(), self.tx.pg()) {
            (Some(p), Some(conn)) => p.finish(conn, false),
            _ => Ok(()),
        }
    }

    /// [`ReturnWriter::finish`], but a bulk load's keys are built while the caller goes
    /// on: the transaction's next statement (its commit at the latest) waits for them and
    /// fails with their error.
    pub fn finish_in_background(mut self) -> db::Result<()> {
        match (self.pending.take(), self.tx.pg()) {
            (Some(p), Some(conn)) => p.finish(conn, true),
            _ => Ok(()),
        }
    }

    /// Says that about `rows` rows will be written: a server dataset treats a very large
    /// load as a bulk load (its foreign keys checked once at the end, three tables held for
    /// the rest of the transaction). Nothing to do for a file.
    pub fn expect_rows(&mut self, rows: usize) {
        if let Some(pending) = &mut self.pending {
            pending.expect_rows(rows);
        }
    }

    /// The row id of the enterprise with `credit_code`, also when it was added in this
    /// transaction after the writer was made.
    pub fn enterprise_id(&mut self, credit_code: &str) -> db::Result<Option<i64>> {
        if let Some(&id) = self.ids.get(credit_code) {
            return Ok(Some(id));
        }
        let id: Option<i64> = self
            .tx
            .query_row(
                "SELECT id FROM enterprises WHERE credit_code = ?1",
                params![credit_code],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = id {
            self.ids.insert(credit_code.to_owned(), id);
        }
        Ok(id)
    }

    /// Stores the indicators `row` gives, keeping the others already stored for the same
    /// enterprise and period; the row's enterprise must be in the register.
    pub fn put(&mut self, row: &ReturnRow, source: Option<i64>) -> db::Result<()> {
        let Some(id) = self.enterprise_id(&row.enterprise)? else {
            return Err(refused(Rejected {
                record: format!("return of {} for {}", row.enterprise, row.period.code()),
                zh: format!(
                    "企业{}不在名录中，月报未写入；请先导入该企业",
                    row.enterprise
                ),
                en: format!(
                    "enterprise {} is not in the register and its return was not written; import the enterprise first",
                    row.enterprise
                ),
            }));
        };
        let mut given = 0_u8;
        let mut values = [None; 24];
        for i in ReturnIndicator::ALL {
            if let Some(v) = row.get(i) {
                given |= 1 << i.index();
                values[i.index() * 4..][..4].copy_from_slice(&v.as_array());
            }
        }
        self.put_values(id, row.period, given, &values, source)
    }

    /// Stores the values of the indicators in `given` (bit `i` for `ReturnIndicator::ALL[i]`;
    /// `values[4 i ..][..4]` are its month, ytd, last year and stated growth) for the
    /// enterprise with row id `enterprise_id`, keeping the other indicators stored. The
    /// importer's path: no strings, one prepared statement per set of indicators.
    pub fn put_values(
        &mut self,
        enterprise_id: i64,
        period: Period,
        given: u8,
        values: &[Option<f64>; 24],
        source: Option<i64>,
    ) -> db::Result<()> {
        for i in ReturnIndicator::ALL
            .iter()
            .filter(|i| given & (1 << i.index()) != 0)
        {
            for (j, v) in values[i.index() * 4..][..4].iter().enumerate() {
                if let Some(v) = *v
                    && !v.is_finite()
                {
                    let record =
                        || format!("return of enterprise {enterprise_id} for {}", period.code());
                    check_finite(&record, COLUMNS[i.index()][j], v).map_err(refused)?;
                }
            }
        }
        if let (Some(pending), Some(conn)) = (&mut self.pending, self.tx.pg()) {
            pending.put(enterprise_id, period, given, values, source);
            if pending.is_full() {
                pending.flush(conn)?;
            }
            return Ok(());
        }
        let Some(conn) = self.tx.sqlite() else {
            return Ok(());
        };
        let sql = self
            .upserts
            .entry(given)
            .or_insert_with(|| upsert_sql(given));
        let mut stmt = conn.prepare_cached(sql)?;
        stmt.raw_bind_parameter(1, period.year())?;
        stmt.raw_bind_parameter(2, period.month())?;
        stmt.raw_bind_parameter(3, enterprise_id)?;
        stmt.raw_bind_parameter(4, source)?;
        let mut at = 5;
        for i in ReturnIndicator::ALL
            .iter()
            .filter(|i| given & (1 << i.index()) != 0)
        {
            for v in &values[i.index() * 4..][..4] {
                stmt.raw_bind_parameter(at, *v)?;
                at += 1;
            }
        }
        stmt.raw_execute()?;
        Ok(())
    }
}

impl Drop for ReturnWriter<'_> {
    /// A server dataset's writer dropped before [`ReturnWriter::finish`] would lose the rows
    /// it holds: the transaction is made to fail instead of committing without them.
    fn drop(&mut self) {
        if let (Some(pending), Some(conn)) = (&self.pending, self.tx.pg())
            && pending.unfinished()
        {
            conn.fail(db::Error::Io(std::io::Error::other(
                "returns were written without ReturnWriter::finish and were not sent; nothing was saved",
            )));
        }
    }
}

impl Writer<'_> {
    /// A writer of returns (reuse it for many rows: it caches the register's ids).
    pub fn returns(&self) -> Result<ReturnWriter<'_>> {
        ReturnWriter::new(self.tx()).map_err(sql_err(self.path()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Enterprise;
    use crate::store::DatasetMeta;
    use crate::store::test_backends::{self, Engine, Guard, both_engines};

    fn p(year: i32, month: u32) -> Period {
        Period::new(year, month).expect("period")
    }

    fn meta() -> DatasetMeta {
        DatasetMeta {
            title: "t".into(),
            home_region: "230300".into(),
            is_sample: false,
        }
    }

    const CODE: &str = "91230300MA1B2C3D4E";

    /// A dataset on `engine` with one enterprise (None: no test server).
    fn dataset(engine: Engine) -> Option<(Dataset, Guard)> {
        let (mut ds, guard) = test_backends::dataset(engine, &meta())?;
        ds.write(|w| {
            w.add_enterprise(&jixi_enterprise(CODE, "鸡西测试公司"), None)
                .map(|_| ())
        })
        .expect("enterprise");
        Some((ds, guard))
    }

    /// An above-size enterprise of Jixi without industry or official.
    fn jixi_enterprise(credit_code: &str, name: &str) -> Enterprise {
        Enterprise::above_size(credit_code, name.into(), "230300")
    }

    /// The year-to-date value `row` holds for `indicator`.
    fn ytd(row: &ReturnRow, indicator: ReturnIndicator) -> Option<f64> {
        row.get(indicator).and_then(|v| v.ytd)
    }

    fn output(month: Option<f64>, ytd: f64, last: Option<f64>) -> ReturnValues {
        ReturnValues {
            month,
            ytd: Some(ytd),
            ytd_last_year: last,
            stated_growth_pct: None,
        }
    }

    fn put(ds: &mut Dataset, rows: &[ReturnRow]) -> Result<()> {
        ds.write(|w| {
            let path = w.path().to_path_buf();
            let mut rw = w.returns()?;
            for r in rows {
                rw.put(r, None).map_err(sql_err(&path))?;
            }
            rw.finish().map_err(sql_err(&path))
        })
    }

    fn row(period: Period, ind: ReturnIndicator, v: ReturnValues) -> ReturnRow {
        let mut r = ReturnRow::new(CODE, period);
        r.set(ind, v);
        r
    }

    fn resolves_month_and_last_year_from_stored_returns(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        let out = ReturnIndicator::Output;
        put(
            &mut ds,
            &[
                row(p(2022, 4), out, output(None, 80.0, None)),
                row(p(2023, 3), out, output(None, 90.0, None)),
                row(p(2023, 4), out, output(None, 120.0, None)),
            ],
        )
        .expect("write");
        let r = ds.returns_for(p(2023, 4), out).expect("read");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].month, Some(30.0));
        assert!(r[0].month_derived);
        assert_eq!(r[0].ytd_last_year, Some(80.0));
        assert!(r[0].last_year_from_return);
        assert_eq!(r[0].ytd_previous_period, Some(90.0));
        assert_eq!(
            ds.return_periods().expect("periods"),
            [p(2022, 4), p(2023, 3), p(2023, 4)]
        );
    }
    both_engines!(resolves_month_and_last_year_from_stored_returns);

    fn two_indicators_from_one_read_are_each_as_read_alone(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        let (out, power) = (ReturnIndicator::Output, ReturnIndicator::Power);
        let other = "91230300MA1B2C3D5F";
        ds.write(|w| {
            w.add_enterprise(&jixi_enterprise(other, "鸡西另一公司"), None)
                .map(|_| ())
        })
        .expect("second enterprise");
        let mut rows = vec![
            row(p(2022, 4), out, output(None, 80.0, None)),
            row(p(2023, 3), out, output(None, 90.0, None)),
            row(p(2023, 4), out, output(None, 120.0, None)),
            row(p(2023, 4), power, output(Some(1.0), 4.0, Some(3.5))),
            // Periods the read must leave out: a month later, and the year before's other month.
            row(p(2023, 5), out, output(None, 150.0, None)),
            row(p(2022, 3), power, output(None, 2.0, None)),
        ];
        let mut second = ReturnRow::new(other, p(2023, 4));
        second.set(power, output(None, 7.0, None));
        rows.push(second);
        put(&mut ds, &rows).expect("write");
        let (each, skipped) = ds
            .returns_for_each(p(2023, 4), &[out, power])
            .expect("both");
        assert!(skipped.is_empty());
        assert_eq!(each.len(), 2);
        assert_eq!(each[0], ds.returns_for(p(2023, 4), out).expect("output"));
        assert_eq!(each[1], ds.returns_for(p(2023, 4), power).expect("power"));
        assert_eq!(each[0].len(), 1);
        assert_eq!(each[0][0].month, Some(30.0));
        assert_eq!(each[0][0].ytd_last_year, Some(80.0));
        let power_ytd: Vec<(&str, Option<f64>)> = each[1]
            .iter()
            .map(|r| (r.enterprise.as_str(), r.ytd))
            .collect();
        assert_eq!(power_ytd, [(CODE, Some(4.0)), (other, Some(7.0))]);
        // 1—2月 has no earlier period of its year: two periods, still one read.
        let (each, _) = ds.returns_for_each(p(2023, 2), &[out]).expect("Jan-Feb");
        assert_eq!(each, vec![Vec::new()]);
    }
    both_engines!(two_indicators_from_one_read_are_each_as_read_alone);

    fn a_second_indicator_keeps_the_first(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        put(
            &mut ds,
            &[row(
                p(2023, 4),
                ReturnIndicator::Output,
                output(Some(5.0), 20.0, Some(18.0)),
            )],
        )
        .expect("output");
        put(
            &mut ds,
            &[row(
                p(2023, 4),
                ReturnIndicator::Power,
                output(None, 3.0, Some(2.0)),
            )],
        )
        .expect("power");
        let (rows, skipped) = ds.return_rows(p(2023, 4)).expect("rows");
        assert!(skipped.is_empty());
        assert_eq!(rows.len(), 1);
        assert_eq!(ytd(&rows[0], ReturnIndicator::Output), Some(20.0));
        assert_eq!(ytd(&rows[0], ReturnIndicator::Power), Some(3.0));
        assert!(rows[0].get(ReturnIndicator::Sales).is_none());
        assert_eq!(ds.return_row_count().expect("count"), 1);
        // Other tools see one row per value.
        let n: i64 = ds
            .connection()
            .query_row("SELECT COUNT(*) FROM returns", &[], |r| r.get(0))
            .expect("view");
        assert_eq!(n, 2);
    }
    both_engines!(a_second_indicator_keeps_the_first);

    fn refuses_infinite_values_and_unknown_enterprises(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        let bad = row(
            p(2023, 4),
            ReturnIndicator::Output,
            output(None, f64::INFINITY, None),
        );
        assert!(matches!(
            put(&mut ds, &[bad]),
            Err(crate::store::StoreError::Rejected { .. })
        ));
        let mut stranger = ReturnRow::new("91230300MA0000000X", p(2023, 4));
        stranger.set(ReturnIndicator::Output, output(None, 1.0, None));
        assert!(matches!(
            put(&mut ds, &[stranger]),
            Err(crate::store::StoreError::Rejected { .. })
        ));
        assert_eq!(ds.return_row_count().expect("count"), 0);
    }
    both_engines!(refuses_infinite_values_and_unknown_enterprises);

    fn skips_and_reports_an_unreadable_row(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        put(
            &mut ds,
            &[row(
                p(2023, 4),
                ReturnIndicator::Output,
                output(None, 20.0, Some(10.0)),
            )],
        )
        .expect("write");
        // A server's number column cannot hold text: its unusable number is NaN.
        let unusable = match engine {
            Engine::File => "'n/a'",
            Engine::Server => "'NaN'",
        };
        ds.connection()
            .execute(
                &format!("UPDATE enterprise_returns SET output_ytd = {unusable}"),
                &[],
            )
            .expect("corrupt");
        let (rows, skipped) = ds
            .returns_for_checked(p(2023, 4), ReturnIndicator::Output)
            .expect("read");
        assert!(rows.is_empty());
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].column, "output_ytd");
        assert!(
            ds.enterprise_returns(CODE, 2023)
                .expect("detail")
                .is_empty()
        );
    }
    both_engines!(skips_and_reports_an_unreadable_row);

    fn the_next_period_is_found_without_stepping_over_a_period(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        let first = p(2023, 2);
        ds.write(|w| -> Result<()> {
            for k in 0..300 {
                let body = format!("MA{k:06}");
                let code = crate::model::credit_code::compose("91", "230300", &body).expect("code");
                w.add_enterprise(&jixi_enterprise(&code, &format!("企业{k}")), None)?;
                let path = w.path().to_path_buf();
                let mut rw = w.returns()?;
                for period in [first, p(2023, 3), p(2024, 2)] {
                    let mut r = ReturnRow::new(code.clone(), period);
                    r.set(ReturnIndicator::Output, output(None, 1.0, None));
                    rw.put(&r, None).map_err(sql_err(&path))?;
                }
                rw.finish().map_err(sql_err(&path))?;
            }
            Ok(())
        })
        .expect("write");
        assert_eq!(
            ds.return_periods().expect("periods"),
            [first, p(2023, 3), p(2024, 2)]
        );
        // 300 rows of 1—2月 and 300 of 1—3月 lie before 2024's first period: a seek reaches
        // it in a handful of steps, a scan takes hundreds.
        for (y, m, next) in [(2023, 2, p(2023, 3)), (2023, 3, p(2024, 2))] {
            let found: (i32, u32) = ds
                .connection()
                .query_row(NEXT_PERIOD, params![y, m], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("next");
            assert_eq!(found, (next.year(), next.month()));
        }
        // The step count is SQLite's own measure; a server plans the query its own way.
        let Some(conn) = ds.connection().sqlite() else {
            return;
        };
        let mut stmt = conn.prepare(NEXT_PERIOD).expect("prepare");
        for (y, m, next) in [(2023, 2, p(2023, 3)), (2023, 3, p(2024, 2))] {
            let found: (i32, u32) = stmt
                .query_row(params![y, m], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("next");
            assert_eq!(found, (next.year(), next.month()));
        }
        let steps = stmt.get_status(rusqlite::StatementStatus::VmStep);
        assert!(steps < 100, "{steps} virtual machine steps");
    }
    both_engines!(the_next_period_is_found_without_stepping_over_a_period);

    fn returns_that_begin_after_a_period_are_found(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        let out = ReturnIndicator::Output;
        put(&mut ds, &[row(p(2023, 3), out, output(None, 5.0, None))]).expect("write");
        let code = [CODE];
        let later = |period| ds.returns_begin_after(period, &code).expect("read");
        assert!(later(p(2022, 12)).contains(CODE));
        // The same year: its 1—2月 return is missing, not yet to come.
        assert!(later(p(2023, 2)).is_empty());
        // From 1—3月 on it was reporting; an unknown code is never "later".
        assert!(later(p(2023, 3)).is_empty());
        assert!(later(p(2023, 5)).is_empty());
        assert!(
            ds.returns_begin_after(p(2022, 12), &["nobody"])
                .expect("read")
                .is_empty()
        );
        // Several enterprises at once (more than one IN list), a code asked twice and an
        // unknown one: each decided as when asked alone.
        let more = [
            "91230300MA00000011",
            "91230300MA00000022",
            "91230300MA00000033",
        ];
        ds.write(|w| {
            for (i, code) in more.iter().enumerate() {
                w.add_enterprise(&jixi_enterprise(code, &format!("鸡西测试公司{i}")), None)?;
            }
            Ok::<_, super::super::StoreError>(())
        })
        .expect("enterprises");
        let mut rows = Vec::new();
        // more[0] reports from 2022-06 (before), more[1] only in 2024 (later), more[2] never.
        for (code, at) in [(more[0], p(2022, 6)), (more[1], p(2024, 3))] {
            let mut r = ReturnRow::new(code, at);
            r.set(out, output(None, 1.0, None));
            rows.push(r);
        }
        put(&mut ds, &rows).expect("write");
        let asked = [CODE, more[0], more[1], more[2], "nobody", more[1]];
        let found = ds.returns_begin_after(p(2022, 12), &asked).expect("read");
        let mut found: Vec<&str> = found.iter().map(String::as_str).collect();
        found.sort_unstable();
        assert_eq!(found, [more[1], CODE]);
        assert_eq!(
            ds.returns_begin_after(p(2023, 12), &asked).expect("read"),
            [more[1].to_owned()].into()
        );
        // With the register's ids known, or only some of them: the same answers.
        let register = ds.enterprises().expect("register");
        for known in [&register[..], &register[..1]] {
            for period in [p(2022, 12), p(2023, 12)] {
                assert_eq!(
                    ds.returns_begin_after_among(period, &asked, known)
                        .expect("read"),
                    ds.returns_begin_after(period, &asked).expect("read")
                );
            }
        }
    }
    both_engines!(returns_that_begin_after_a_period_are_found);

    fn enterprise_detail_has_both_years(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        let out = ReturnIndicator::Output;
        put(
            &mut ds,
            &[
                row(p(2022, 2), out, output(None, 10.0, None)),
                row(p(2023, 2), out, output(None, 12.0, None)),
                row(p(2023, 3), out, output(None, 19.0, None)),
            ],
        )
        .expect("write");
        let detail = ds.enterprise_returns(CODE, 2023).expect("detail");
        let periods: Vec<Period> = detail.iter().map(|r| r.period).collect();
        assert_eq!(periods, [p(2022, 2), p(2023, 2), p(2023, 3)]);
        assert!(
            ds.enterprise_returns("nobody", 2023)
                .expect("none")
                .is_empty()
        );
    }
    both_engines!(enterprise_detail_has_both_years);

    /// Writing a return for an enterprise id the register lacks: refused by the foreign
    /// key, or — with the keys checked after the fill — found by the check; the keys are
    /// enforced again afterwards.
    fn keys_checked_after_a_fill_find_a_dangling_enterprise(engine: Engine) {
        let write = |ds: &mut Dataset, id: i64| {
            ds.write(|w| {
                let path = w.path().to_path_buf();
                let mut rw = w.returns()?;
                let mut values = [None; 24];
                values[1] = Some(1.0);
                rw.put_values(id, p(2023, 4), 1, &values, None)
                    .map_err(sql_err(&path))?;
                rw.finish().map_err(sql_err(&path))
            })
        };
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        let known = ds.write(|w| w.returns()?.enterprise_id(CODE).map_err(sql_err(w.path())));
        let known = known.expect("id").expect("registered");
        assert!(write(&mut ds, 999).is_err(), "the foreign key refuses it");
        ds.fill_checking_keys_after(|ds| write(ds, known))
            .expect("a good fill passes the check");
        let err = ds
            .fill_checking_keys_after(|ds| write(ds, 999))
            .expect_err("the check finds the dangling id");
        assert!(err.to_string().contains("enterprise_returns"), "{err}");
        assert!(write(&mut ds, 998).is_err(), "the keys are enforced again");
    }
    both_engines!(keys_checked_after_a_fill_find_a_dangling_enterprise);

    /// The foreign keys of `enterprise_returns` on the server, by name.
    fn server_keys(ds: &Dataset) -> Vec<String> {
        let conn = ds.connection().pg().expect("a server dataset");
        let names = conn
            .client()
            .query(
                "SELECT conname::text FROM pg_constraint
                 WHERE conrelid = 'enterprise_returns'::regclass AND contype = 'f' ORDER BY 1",
                &[],
            )
            .expect("keys");
        names.iter().map(|r| r.get(0)).collect()
    }

    /// Returns of `ids` for every period of 2022 and 2023 (more than one batch), output's
    /// year-to-date value only; the number of the table's foreign keys seen half-way.
    fn bulk(ds: &mut Dataset, ids: &[i64], finish: bool) -> Result<i64> {
        ds.write(|w| {
            let path = w.path().to_path_buf();
            let mut rw = w.returns()?;
            rw.expect_rows(ids.len() * 22);
            let mut midway = -1;
            for year in [2022, 2023] {
                for month in 2..=12 {
                    for &id in ids {
                        let mut values = [None; 24];
                        values[1] = Some(f64::from(month) * 10.0 + id as f64);
                        rw.put_values(id, p(year, month), 1, &values, None)
                            .map_err(sql_err(&path))?;
                    }
                }
                if year == 2022 {
                    midway = rw
                        .tx
                        .query_row(
                            "SELECT COUNT(*) FROM pg_constraint
                             WHERE conrelid = 'enterprise_returns'::regclass AND contype = 'f'",
                            &[],
                            |r| r.get(0),
                        )
                        .map_err(sql_err(&path))?;
                }
            }
            if finish {
                rw.finish().map_err(sql_err(&path))?;
            }
            Ok(midway)
        })
    }

    /// One enterprise's period written in two batches, out of order (output first, then
    /// other periods past a flush, then sales for the first period again): both indicators
    /// are kept, as two upserts would keep them.
    fn a_return_split_across_batches_keeps_both_indicators(engine: Engine) {
        let Some((mut ds, _guard)) = dataset(engine) else {
            return;
        };
        ds.write(|w| {
            let path = w.path().to_path_buf();
            let mut rw = w.returns()?;
            let id = rw
                .enterprise_id(CODE)
                .map_err(sql_err(&path))?
                .unwrap_or(-1);
            let mut put = |month: u32, at: usize, v: f64| {
                let mut values = [None; 24];
                values[at] = Some(v);
                rw.put_values(id, p(2023, month), 1 << (at / 4), &values, None)
            };
            put(7, 1, 700.0).map_err(sql_err(&path))?;
            for month in (2..=12).rev().filter(|m| *m != 7) {
                put(month, 1, f64::from(month)).map_err(sql_err(&path))?;
            }
            put(7, 5, 77.0).map_err(sql_err(&path))?;
            put(3, 5, 33.0).map_err(sql_err(&path))?;
            rw.finish().map_err(sql_err(&path))
        })
        .expect("write");
        let rows = ds.return_rows(p(2023, 7)).expect("rows").0;
        assert_eq!(rows.len(), 1);
        assert_eq!(ytd(&rows[0], ReturnIndicator::Output), Some(700.0));
        assert_eq!(ytd(&rows[0], ReturnIndicator::Sales), Some(77.0));
        let rows = ds.return_rows(p(2023, 3)).expect("rows").0;
        assert_eq!(ytd(&rows[0], ReturnIndicator::Output), Some(3.0));
        assert_eq!(ytd(&rows[0], ReturnIndicator::Sales), Some(33.0));
        assert_eq!(ds.return_periods().expect("periods").len(), 11);
    }
    both_engines!(a_return_split_across_batches_keeps_both_indicators);

    /// The constraints of `enterprise_returns` of one kind (`p`, `f`) on the server.
    fn constraint_count(conn: &Db, kind: &str) -> db::Result<i64> {
        conn.query_row(
            "SELECT COUNT(*) FROM pg_constraint
             WHERE conrelid = 'enterprise_returns'::regclass AND contype = ?1",
            params![kind],
            |r| r.get(0),
        )
    }

    /// A bulk load into a server table holding no returns sets its primary key aside too
    /// and builds it once at the end; a row repeating one sent in an earlier batch brings
    /// the key back first and is merged as an upsert would (both indicators kept).
    #[test]
    fn a_bulk_load_into_an_empty_table_builds_its_key_once() {
        let Some((mut ds, _guard)) = dataset(Engine::Server) else {
            return;
        };
        assert!(ds.return_periods().expect("periods").is_empty());
        let id = ds
            .write(|w| w.returns()?.enterprise_id(CODE).map_err(sql_err(w.path())))
            .expect("id")
            .expect("registered");
        let put = |rw: &mut ReturnWriter<'_>, year, month, at: usize, v: f64| {
            let mut values = [None; 24];
            values[at] = Some(v);
            rw.put_values(id, p(year, month), 1 << (at / 4), &values, None)
        };
        let seen = ds
            .write(|w| {
                let path = w.path().to_path_buf();
                let mut rw = w.returns()?;
                rw.expect_rows(40);
                for month in 2..=12 {
                    put(&mut rw, 2022, month, 1, f64::from(month)).map_err(sql_err(&path))?;
                }
                let midway = constraint_count(rw.tx, "p").map_err(sql_err(&path))?;
                for month in 2..=12 {
                    put(&mut rw, 2023, month, 1, f64::from(month)).map_err(sql_err(&path))?;
                }
                // Sent in the first batch; its sales come now.
                put(&mut rw, 2022, 5, 5, 55.0).map_err(sql_err(&path))?;
                rw.finish().map_err(sql_err(&path))?;
                let after = constraint_count(w.tx(), "p").map_err(sql_err(&path))?;
                Ok::<_, crate::store::StoreError>((midway, after))
            })
            .expect("a bulk load");
        assert_eq!(seen, (0, 1), "set aside midway, back before the commit");
        let rows = ds.return_rows(p(2022, 5)).expect("rows").0;
        assert_eq!(rows.len(), 1);
        assert_eq!(ytd(&rows[0], ReturnIndicator::Output), Some(5.0));
        assert_eq!(ytd(&rows[0], ReturnIndicator::Sales), Some(55.0));
        assert_eq!(ds.return_periods().expect("periods").len(), 22);
        let conn = ds.connection().pg().expect("a server dataset");
        let duplicate = conn.client().batch_execute(&format!(
            "INSERT INTO enterprise_returns(year, period, enterprise_id) VALUES (2022, 5, {id})"
        ));
        assert!(duplicate.is_err(), "the key is enforced again");
    }

    /// A bulk load on a server sets the foreign keys aside and adds them back (checking
    /// every row once): good rows are all stored, a dangling enterprise fails the whole
    /// load with the server's reason, and the keys are in place either way. A writer
    /// dropped without `finish` fails the transaction instead of losing its rows.
    #[test]
    fn a_bulk_load_on_a_server_checks_its_keys_once_and_loses_nothing() {
        let Some((mut ds, _guard)) = dataset(Engine::Server) else {
            return;
        };
        let keys = server_keys(&ds);
        assert_eq!(keys.len(), 2, "{keys:?}");
        let id = ds
            .write(|w| w.returns()?.enterprise_id(CODE).map_err(sql_err(w.path())))
            .expect("id")
            .expect("registered");
        let midway = bulk(&mut ds, &[id], true).expect("a good bulk load");
        assert_eq!(midway, 0, "set aside during the load");
        assert_eq!(server_keys(&ds), keys);
        let mut stored = 0;
        for period in ds.return_periods().expect("periods") {
            stored += ds.return_rows(period).expect("rows").0.len();
        }
        assert_eq!(stored, 22);
        let rows = ds.return_rows(p(2023, 7)).expect("rows").0;
        assert_eq!(
            ytd(&rows[0], ReturnIndicator::Output),
            Some(70.0 + id as f64)
        );

        let err = bulk(&mut ds, &[id, 999_999], true).expect_err("a dangling enterprise");
        assert!(err.to_string().contains("foreign key"), "{err}");
        assert!(
            err.to_string().contains("999999"),
            "names the enterprise id: {err}"
        );
        assert_eq!(
            server_keys(&ds),
            keys,
            "the keys are back after a failed load"
        );
        assert!(
            matches!(ds.return_periods().expect("periods").len(), 22),
            "nothing of the failed load was kept"
        );

        let err = bulk(&mut ds, &[id], false).expect_err("no finish, no commit");
        assert!(err.to_string().contains("finish"), "{err}");
        assert_eq!(server_keys(&ds), keys);
        // The connection is usable again afterwards.
        bulk(&mut ds, &[id], true).expect("a later load");
    }
}
