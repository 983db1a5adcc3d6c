//! Figures and sources: reading them into [`Figures`] and writing them one by one with
//! conflict detection.

use rusqlite::{Connection, OptionalExtension, Statement, params};

use super::Ids;
use crate::model::{
    Basis, Catalogue, Code, Figure, Figures, Period, RawFigure, SeriesKey, Source, Subject,
};

fn basis_from(code: &str) -> Basis {
    if code == "month" {
        Basis::Month
    } else {
        Basis::Ytd
    }
}

/// Reads every source.
pub(super) fn load_sources(conn: &Connection) -> rusqlite::Result<Vec<Source>> {
    let mut stmt = conn.prepare(
        "SELECT id, title, publisher, published_on, url, note, illustrative FROM sources ORDER BY id",
    )?;
    stmt.query_map([], |r| {
        Ok(Source {
            id: r.get(0)?,
            title: r.get(1)?,
            publisher: r.get(2)?,
            published_on: r.get(3)?,
            url: r.get(4)?,
            note: r.get(5)?,
            illustrative: r.get::<_, i64>(6)? != 0,
        })
    })?
    .collect()
}

/// Inserts a source, returning its id.
pub(super) fn insert_source(conn: &Connection, s: &Source) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO sources(title, publisher, published_on, url, note, illustrative)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            s.title,
            s.publisher,
            s.published_on,
            s.url,
            s.note,
            i64::from(s.illustrative)
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Codes of the regions with at least one whole-region figure of `indicator` on `basis`, in
/// catalogue order: one indexed probe per region (the primary key starts with the region), so
/// it stays instant with millions of figures.
pub(super) fn regions_with(
    conn: &Connection,
    cat: &Catalogue,
    ids: &Ids,
    indicator: &str,
    basis: Basis,
) -> rusqlite::Result<Vec<String>> {
    let Some(&indicator_id) = ids.indicators.get(indicator) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM observations
         WHERE region_id = ?1 AND indicator_id = ?2 AND industry_id = 0 AND group_id = 0
           AND basis = ?3
         LIMIT 1",
    )?;
    let mut out = Vec::new();
    for region in &cat.regions {
        let Some(&region_id) = ids.regions.get(&region.code) else {
            continue;
        };
        if stmt.exists((region_id, indicator_id, basis.code()))? {
            out.push(region.code.clone());
        }
    }
    Ok(out)
}

/// Loads every figure of the given regions, with the sources they cite.
pub(super) fn load_for_regions(
    conn: &Connection,
    cat: &Catalogue,
    ids: &Ids,
    region_codes: &[&str],
) -> rusqlite::Result<Figures> {
    let mut figures = Figures::new();
    for s in load_sources(conn)? {
        figures.add_source(s);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT indicator_id, industry_id, group_id, basis, year, period, value, source_id
         FROM observations WHERE region_id = ?1",
    )?;
    for code in region_codes {
        let Some(&region_id) = ids.regions.get(*code) else {
            continue;
        };
        let rows = stmt.query_map([region_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i32>(4)?,
                r.get::<_, u32>(5)?,
                r.get::<_, f64>(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })?;
        for row in rows {
            let (ind, industry, group, basis, year, month, value, source) = row?;
            // A January row (written by another tool) is not a period; `check` reports it.
            let Ok(period) = Period::new(year, month) else {
                continue;
            };
            let Some(indicator) = ids.indicator_codes.get(&ind) else {
                continue;
            };
            let subject = if industry != 0 {
                match ids.industry_codes.get(&industry) {
                    Some(c) => Subject::Industry(c.clone()),
                    None => continue,
                }
            } else if group != 0 {
                match ids.group_codes.get(&group) {
                    Some(c) => Subject::Group(c.clone()),
                    None => continue,
                }
            } else {
                Subject::Whole
            };
            let key = SeriesKey {
                region: (*code).to_string(),
                indicator: indicator.clone(),
                subject,
                basis: basis_from(&basis),
            };
            figures.insert(key, period, Figure { value, source });
        }
    }
    let _ = cat;
    Ok(figures)
}

/// Reads every stored figure, in key order (no sort needed: it is the table's order).
pub(super) fn load_rows(conn: &Connection, ids: &Ids) -> rusqlite::Result<Vec<RawFigure>> {
    // One shared code per catalogue entry instead of a string per row.
    let codes =
        |map: &std::collections::HashMap<i64, String>| -> std::collections::HashMap<i64, Code> {
            map.iter()
                .map(|(id, c)| (*id, Code::from(c.as_str())))
                .collect()
        };
    let (regions, indicators) = (codes(&ids.region_codes), codes(&ids.indicator_codes));
    let (industries, groups) = (codes(&ids.industry_codes), codes(&ids.group_codes));
    let unknown = || Code::from("?");
    let mut stmt = conn.prepare(
        "SELECT region_id, indicator_id, industry_id, group_id, basis, year, period, value, source_id
         FROM observations",
    )?;
    stmt.query_map([], |r| {
        let (region, indicator): (i64, i64) = (r.get(0)?, r.get(1)?);
        let (industry, group): (i64, i64) = (r.get(2)?, r.get(3)?);
        Ok(RawFigure {
            region: regions.get(&region).cloned().unwrap_or_else(unknown),
            indicator: indicators.get(&indicator).cloned().unwrap_or_else(unknown),
            industry: (industry != 0)
                .then(|| industries.get(&industry).cloned().unwrap_or_else(unknown)),
            group: (group != 0).then(|| groups.get(&group).cloned().unwrap_or_else(unknown)),
            basis: basis_from(&r.get::<_, String>(4)?),
            year: r.get(5)?,
            month: r.get(6)?,
            value: r.get(7)?,
            source: r.get(8)?,
        })
    })?
    .collect()
}

/// The key of one stored figure, in row ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ObservationKey {
    /// Region id.
    pub region_id: i64,
    /// Indicator id.
    pub indicator_id: i64,
    /// Industry id, 0 for the whole.
    pub industry_id: i64,
    /// Group id, 0 when not a group figure.
    pub group_id: i64,
    /// Month or ytd.
    pub basis: Basis,
    /// The period.
    pub period: Period,
}

impl ObservationKey {
    /// Builds a key from codes, if every code is in the catalogue.
    pub fn from_codes(
        ids: &Ids,
        region: &str,
        indicator: &str,
        subject: &Subject,
        basis: Basis,
        period: Period,
    ) -> Option<ObservationKey> {
        let (industry_id, group_id) = match subject {
            Subject::Whole => (0, 0),
            Subject::Industry(c) => (*ids.industries.get(c)?, 0),
            Subject::Group(c) => (0, *ids.groups.get(c)?),
        };
        Some(ObservationKey {
            region_id: *ids.regions.get(region)?,
            indicator_id: *ids.indicators.get(indicator)?,
            industry_id,
            group_id,
            basis,
            period,
        })
    }
}

/// What writing one figure did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WriteOutcome {
    /// It was new.
    Added,
    /// It existed with the same value.
    Unchanged,
    /// It existed with another value and was replaced.
    Replaced {
        /// The value before.
        old: f64,
    },
    /// It existed with another value and was left as it was.
    Conflict {
        /// The stored value.
        old: f64,
    },
}

/// Rows per multi-row INSERT of [`FigureWriter::insert_new_many`]: 9 parameters each, far
/// below SQLite's limit, and enough to make the per-statement cost negligible.
const BATCH: usize = 64;

/// Writes figures with prepared statements (one per transaction).
pub struct FigureWriter<'c> {
    conn: &'c Connection,
    select: Statement<'c>,
    insert: Statement<'c>,
    update: Statement<'c>,
    batch: Option<Statement<'c>>,
}

impl<'c> FigureWriter<'c> {
    pub(super) fn new(conn: &'c Connection, _ids: &Ids) -> rusqlite::Result<FigureWriter<'c>> {
        Ok(FigureWriter {
            conn,
            batch: None,
            select: conn.prepare(
                "SELECT value FROM observations WHERE region_id = ?1 AND indicator_id = ?2
                 AND industry_id = ?3 AND group_id = ?4 AND basis = ?5 AND year = ?6 AND period = ?7",
            )?,
            insert: conn.prepare(
                "INSERT INTO observations(region_id, indicator_id, industry_id, group_id, basis, year, period, value, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            update: conn.prepare(
                "UPDATE observations SET value = ?8, source_id = ?9 WHERE region_id = ?1 AND indicator_id = ?2
                 AND industry_id = ?3 AND group_id = ?4 AND basis = ?5 AND year = ?6 AND period = ?7",
            )?,
        })
    }

    /// The stored value of a figure, if any.
    pub fn existing(&mut self, key: &ObservationKey) -> rusqlite::Result<Option<f64>> {
        self.select
            .query_row(
                params![
                    key.region_id,
                    key.indicator_id,
                    key.industry_id,
                    key.group_id,
                    key.basis.code(),
                    key.period.year(),
                    key.period.month()
                ],
                |r| r.get(0),
            )
            .optional()
    }

    /// Writes one figure: adds it, leaves it (same value), or on a different value replaces
    /// it when `replace` is set and reports a conflict otherwise.
    pub fn put(
        &mut self,
        key: &ObservationKey,
        value: f64,
        source: Option<i64>,
        replace: bool,
    ) -> rusqlite::Result<WriteOutcome> {
        let args = params![
            key.region_id,
            key.indicator_id,
            key.industry_id,
            key.group_id,
            key.basis.code(),
            key.period.year(),
            key.period.month(),
            value,
            source
        ];
        match self.existing(key)? {
            None => {
                self.insert.execute(args)?;
                Ok(WriteOutcome::Added)
            }
            Some(old) if same_value(old, value) => Ok(WriteOutcome::Unchanged),
            Some(old) if replace => {
                self.update.execute(args)?;
                Ok(WriteOutcome::Replaced { old })
            }
            Some(old) => Ok(WriteOutcome::Conflict { old }),
        }
    }

    /// Inserts a figure known to be new (bulk loads into a fresh dataset).
    pub fn insert_new(
        &mut self,
        key: &ObservationKey,
        value: f64,
        source: Option<i64>,
    ) -> rusqlite::Result<()> {
        self.insert
            .execute(params![
                key.region_id,
                key.indicator_id,
                key.industry_id,
                key.group_id,
                key.basis.code(),
                key.period.year(),
                key.period.month(),
                value,
                source
            ])
            .map(|_| ())
    }
}

impl FigureWriter<'_> {
    /// Inserts many figures known to be new (bulk loads into a fresh dataset), several per
    /// statement; returns how many. Fastest when the keys come in the table's key order.
    pub fn insert_new_many(
        &mut self,
        rows: impl IntoIterator<Item = (ObservationKey, f64, Option<i64>)>,
    ) -> rusqlite::Result<usize> {
        let mut buf = Vec::with_capacity(BATCH);
        let mut n = 0;
        for row in rows {
            buf.push(row);
            if buf.len() == BATCH {
                self.insert_batch(&buf)?;
                n += buf.len();
                buf.clear();
            }
        }
        for (key, value, source) in &buf {
            self.insert_new(key, *value, *source)?;
        }
        Ok(n + buf.len())
    }

    fn insert_batch(
        &mut self,
        rows: &[(ObservationKey, f64, Option<i64>)],
    ) -> rusqlite::Result<()> {
        let stmt = match &mut self.batch {
            Some(stmt) => stmt,
            None => {
                let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?)"; BATCH].join(", ");
                let sql = format!(
                    "INSERT INTO observations(region_id, indicator_id, industry_id, group_id, basis, year, period, value, source_id) VALUES {values}"
                );
                self.batch.insert(self.conn.prepare(&sql)?)
            }
        };
        for (i, (key, value, source)) in rows.iter().enumerate() {
            let at = i * 9;
            stmt.raw_bind_parameter(at + 1, key.region_id)?;
            stmt.raw_bind_parameter(at + 2, key.indicator_id)?;
            stmt.raw_bind_parameter(at + 3, key.industry_id)?;
            stmt.raw_bind_parameter(at + 4, key.group_id)?;
            stmt.raw_bind_parameter(at + 5, key.basis.code())?;
            stmt.raw_bind_parameter(at + 6, key.period.year())?;
            stmt.raw_bind_parameter(at + 7, key.period.month())?;
            stmt.raw_bind_parameter(at + 8, value)?;
            stmt.raw_bind_parameter(at + 9, source)?;
        }
        stmt.raw_execute().map(|_| ())
    }
}

/// The stored value of each key, in order.
pub(super) fn lookup_values(
    conn: &Connection,
    keys: impl IntoIterator<Item = ObservationKey>,
) -> rusqlite::Result<Vec<Option<f64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT value FROM observations WHERE region_id = ?1 AND indicator_id = ?2
         AND industry_id = ?3 AND group_id = ?4 AND basis = ?5 AND year = ?6 AND period = ?7",
    )?;
    keys.into_iter()
        .map(|key| {
            stmt.query_row(
                params![
                    key.region_id,
                    key.indicator_id,
                    key.industry_id,
                    key.group_id,
                    key.basis.code(),
                    key.period.year(),
                    key.period.month()
                ],
                |r| r.get(0),
            )
            .optional()
        })
        .collect()
}

/// Published figures carry at most a few decimals; compare at that precision.
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * a.abs().max(b.abs()).max(1.0)
}
