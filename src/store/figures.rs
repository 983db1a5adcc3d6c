//! Figures and sources: reading them into [`Figures`] and writing them one by one with
//! conflict detection.

use rusqlite::params;
use rusqlite::types::ValueRef;

use super::db::{self, By, Db, OptionalExt, Row};

use super::Ids;
use super::validate::{Bad, check_finite, read_number, read_year_month, value_text};
use crate::model::{
    Basis, Catalogue, Code, Figure, Figures, Period, RawFigure, Said, SeriesKey, SkippedRow,
    Source, Subject,
};

const SOURCE_COLUMNS: [&str; 7] = [
    "id",
    "title",
    "publisher",
    "published_on",
    "url",
    "note",
    "illustrative",
];

/// Reads every source, and the rows skipped because a column cannot be read (text in
/// `illustrative`, say): one bad source must not lock the figures of every other one.
pub(super) fn load_sources(conn: &Db) -> db::Result<(Vec<Source>, Vec<SkippedRow>)> {
    let sql = format!("SELECT {} FROM sources", SOURCE_COLUMNS.join(", "));
    super::register::read_rows_in_order(conn, &sql, "id", "sources", &SOURCE_COLUMNS, |r| {
        Ok(Ok(Source {
            id: r.get(0)?,
            title: r.get(1)?,
            publisher: r.get(2)?,
            published_on: r.get(3)?,
            url: r.get(4)?,
            note: r.get(5)?,
            illustrative: r.get::<_, i64>(6)? != 0,
        }))
    })
}

/// The id of a source row the reader skipped (its `row` reads `id N`).
fn skipped_source_id(s: &SkippedRow) -> Option<i64> {
    s.row.strip_prefix("id ")?.parse().ok()
}

/// Inserts a source, returning its id.
pub(super) fn insert_source(conn: &Db, s: &Source) -> db::Result<i64> {
    conn.insert_id(
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
    )
}

/// Codes of the regions with at least one whole-region figure of `indicator` on `basis`, in
/// catalogue order: one indexed probe per region (the primary key starts with the region), so
/// it stays instant with millions of figures.
pub(super) fn regions_with(
    conn: &Db,
    cat: &Catalogue,
    ids: &Ids,
    indicator: &str,
    basis: Basis,
) -> db::Result<Vec<String>> {
    let Some(&indicator_id) = ids.indicators.get(indicator) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare(
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
        if stmt.exists(params![region_id, indicator_id, basis.code()])? {
            out.push(region.code.clone());
        }
    }
    Ok(out)
}

/// One stored figure whose columns could all be read: catalogue ids the catalogue knows
/// (0 = whole for industry and group), the period as year and month (January included:
/// `check` explains it), a finite value.
struct Stored {
    region: i64,
    indicator: i64,
    industry: i64,
    group: i64,
    basis: Basis,
    year: i32,
    month: u32,
    value: f64,
    source: Option<i64>,
}

/// The columns every reader of `observations` selects, in [`read_stored`]'s order: the
/// primary key's first.
const OBSERVATION_COLUMNS: &str =
    "region_id, indicator_id, industry_id, group_id, basis, year, period, value, source_id";

/// How many of [`OBSERVATION_COLUMNS`] are the primary key (the order figures are read in).
const KEY_COLUMNS: usize = 7;

/// A catalogue id column: an integer the catalogue knows (or 0 = none, when `zero_is_none`).
fn known_id(
    column: &'static str,
    v: ValueRef<'_>,
    codes: &std::collections::HashMap<i64, String>,
    zero_is_none: bool,
) -> Result<i64, Bad> {
    match v {
        ValueRef::Integer(0) if zero_is_none => Ok(0),
        ValueRef::Integer(id) if codes.contains_key(&id) => Ok(id),
        _ => Err(Bad {
            column,
            value: value_text(v),
            what: Said::new(
                "不是数据集目录中的代码",
                "not a code of the dataset's catalogue",
            ),
        }),
    }
}

/// The key of an `observations` row as a reader names it (the table has no row ids).
fn key_text(r: &Row<'_>) -> rusqlite::Result<String> {
    let mut parts = Vec::with_capacity(7);
    for (i, name) in [
        "region_id",
        "indicator_id",
        "industry_id",
        "group_id",
        "basis",
        "year",
        "period",
    ]
    .into_iter()
    .enumerate()
    {
        parts.push(format!("{name}={}", value_text(r.get_ref(i)?)));
    }
    Ok(format!("key {}", parts.join(", ")))
}

/// Reads one `observations` row (columns as [`OBSERVATION_COLUMNS`]), or the skipped row
/// saying why it cannot be used.
fn read_stored(r: &Row<'_>, ids: &Ids) -> rusqlite::Result<Result<Stored, SkippedRow>> {
    let checked = (|| -> rusqlite::Result<Result<Stored, Bad>> {
        let (region_v, indicator_v) = (r.get_ref(0)?, r.get_ref(1)?);
        let ids_read = known_id("region_id", region_v, &ids.region_codes, false).and_then(|g| {
            Ok((
                g,
                known_id("indicator_id", indicator_v, &ids.indicator_codes, false)?,
            ))
        });
        let (region, indicator) = match ids_read {
            Ok(x) => x,
            Err(b) => return Ok(Err(b)),
        };
        let (industry, group) = match (
            known_id("industry_id", r.get_ref(2)?, &ids.industry_codes, true),
            known_id("group_id", r.get_ref(3)?, &ids.group_codes, true),
        ) {
            (Ok(i), Ok(g)) => (i, g),
            (Err(b), _) | (_, Err(b)) => return Ok(Err(b)),
        };
        let basis = match r.get_ref(4)? {
            ValueRef::Text(b"month") => Basis::Month,
            _ => Basis::Ytd,
        };
        let (year, month) = match read_year_month(r.get_ref(5)?, r.get_ref(6)?) {
            Ok(ym) => ym,
            Err(b) => return Ok(Err(b)),
        };
        let value = match read_number("value", r.get_ref(7)?) {
            Ok(v) => v,
            Err(b) => return Ok(Err(b)),
        };
        let source = match r.get_ref(8)? {
            ValueRef::Integer(i) => Some(i),
            _ => None,
        };
        Ok(Ok(Stored {
            region,
            indicator,
            industry,
            group,
            basis,
            year,
            month,
            value,
            source,
        }))
    })()?;
    match checked {
        Ok(s) => Ok(Ok(s)),
        Err(bad) => {
            let region = match r.get_ref(0)? {
                ValueRef::Integer(id) => ids.region_codes.get(&id).cloned(),
                _ => None,
            };
            let todo = observation_todo(bad.column);
            Ok(Err(bad.skipped("observations", key_text(r)?, region, todo)))
        }
    }
}

/// What to do with a figure whose `column` is bad: a bad value is overwritten by importing
/// the figure again; a bad key can only be deleted.
fn observation_todo(column: &str) -> Said {
    if column == "value" {
        Said::new(
            "重新导入该数据并选择替换（import --replace）即可覆盖，或用SQLite工具删除该行",
            "import the figure again with --replace to overwrite it, or delete the row with an SQLite tool",
        )
    } else {
        Said::new(
            "该行对应不到任何地区、指标或时期：请用SQLite工具删除该行（DELETE FROM observations WHERE …，条件即上述键），再重新导入正确的数据",
            "it matches no region, indicator or period: delete the row with an SQLite tool (DELETE FROM observations WHERE … the key above) and import the right figure again",
        )
    }
}

/// The skipped row for a January figure, which the loaders of periods cannot hold.
fn january_skipped(s: &Stored, ids: &Ids) -> SkippedRow {
    let region = ids.region_codes.get(&s.region).cloned().unwrap_or_default();
    SkippedRow {
        table: "observations",
        row: format!(
            "key region_id={}, indicator_id={}, industry_id={}, group_id={}, basis={}, year={}, period=1",
            s.region,
            s.indicator,
            s.industry,
            s.group,
            s.basis.code(),
            s.year
        ),
        column: "period",
        value: "1".into(),
        region: Some(region),
        reason: Said::new(
            "1月单独的数值不符合“1—2月合并发布”的口径，该行已跳过；请删除或改录为1—2月数值",
            "a January value: January and February are published together as Jan–Feb; the row was skipped. Delete it or enter it as the Jan–Feb figure",
        ),
    }
}

/// The subject of a stored figure in codes (its ids are known to the catalogue).
fn subject_of(s: &Stored, ids: &Ids) -> Subject {
    let code = |map: &std::collections::HashMap<i64, String>, id: i64| {
        map.get(&id).cloned().unwrap_or_default()
    };
    if s.industry != 0 {
        Subject::Industry(code(&ids.industry_codes, s.industry))
    } else if s.group != 0 {
        Subject::Group(code(&ids.group_codes, s.group))
    } else {
        Subject::Whole
    }
}

/// A value read, kept.
fn owned(v: ValueRef<'_>) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// A skipped row with its key's values, to sort it by.
type Keyed = (Vec<rusqlite::types::Value>, SkippedRow);

/// Loads every figure of the given regions and of `also`, with the sources they cite, and
/// the rows it skipped (January figures, unreadable values, unknown codes) of the given
/// regions: `also`'s are read in the same statement for another use, which reports none.
pub(super) fn load_for_regions(
    conn: &Db,
    ids: &Ids,
    region_codes: &[&str],
    also: &[&str],
) -> db::Result<(Figures, Vec<SkippedRow>)> {
    load_for_regions_meanwhile(conn, ids, region_codes, also, || ()).map(|(read, ())| read)
}

/// [`load_for_regions`], running `meanwhile` (the caller's next reads) once the rows are
/// in (see [`Db::for_each_as_stored_meanwhile`]).
pub(super) fn load_for_regions_meanwhile<T>(
    conn: &Db,
    ids: &Ids,
    region_codes: &[&str],
    also: &[&str],
    meanwhile: impl FnOnce() -> T,
) -> db::Result<((Figures, Vec<SkippedRow>), T)> {
    let (sources, skipped) = load_sources(conn)?;
    let (wanted, reported) = wanted_regions(ids, region_codes, also);
    let mut fill = RegionsFill {
        ids,
        // A figure citing a source that cannot be read has no source we can vouch for.
        unreadable: skipped.iter().filter_map(skipped_source_id).collect(),
        wanted,
        figures: Figures::new(),
        skipped_of: std::collections::HashMap::new(),
    };
    for s in sources {
        fill.figures.add_source(s);
    }
    if fill.wanted.is_empty() {
        return Ok(((fill.figures, skipped), meanwhile()));
    }
    // One statement for all the regions (a briefing's 20-odd: one round trip each on a
    // server).
    let sql = format!(
        "SELECT {OBSERVATION_COLUMNS} FROM observations WHERE region_id IN ({})",
        db::marks(1, fill.wanted.len())
    );
    let region_ids: Vec<i64> = fill.wanted.iter().map(|(id, _)| *id).collect();
    let params: Vec<&dyn rusqlite::ToSql> = region_ids
        .iter()
        .map(|id| id as &dyn rusqlite::ToSql)
        .collect();
    let other = conn.for_each_as_stored_meanwhile(
        &sql,
        &By::first(KEY_COLUMNS),
        &params,
        |r| fill.take_in(r),
        meanwhile,
    )?;
    Ok((fill.finish(skipped, reported), other))
}

/// The region ids to read for `region_codes` and `also` (each once, in the order asked),
/// and how many of them are `region_codes`' (whose skipped rows are reported).
fn wanted_regions<'a>(
    ids: &Ids,
    region_codes: &[&'a str],
    also: &[&'a str],
) -> (Vec<(i64, &'a str)>, usize) {
    let mut wanted: Vec<(i64, &str)> = Vec::new();
    let mut reported = 0;
    for (k, &code) in region_codes.iter().chain(also).enumerate() {
        if let Some(&id) = ids.regions.get(code)
            && !wanted.iter().any(|(w, _)| *w == id)
        {
            wanted.push((id, code));
        }
        if k + 1 == region_codes.len() {
            reported = wanted.len();
        }
    }
    (wanted, reported)
}

/// The figures of a regions read as its rows come in, and the rows it skips by region.
struct RegionsFill<'a> {
    ids: &'a Ids,
    unreadable: std::collections::HashSet<i64>,
    wanted: Vec<(i64, &'a str)>,
    figures: Figures,
    skipped_of: std::collections::HashMap<i64, Vec<Keyed>>,
}

impl RegionsFill<'_> {
    /// Takes in one `observations` row: a figure, or a skipped row kept with its key (the
    /// figures go into a map, so only the skipped rows' order shows: they are sorted by key
    /// in [`RegionsFill::finish`]).
    fn take_in(&mut self, r: &Row<'_>) -> rusqlite::Result<()> {
        let key_of = |r: &Row<'_>| -> rusqlite::Result<Vec<rusqlite::types::Value>> {
            (0..KEY_COLUMNS).map(|i| r.get_ref(i).map(owned)).collect()
        };
        let ids = self.ids;
        let s = match read_stored(r, ids)? {
            Ok(s) => s,
            Err(skip) => {
                // A row whose region cannot be read was still selected by its region id.
                let region = r.get_ref(0).ok().and_then(|v| v.as_i64().ok());
                self.skipped_of
                    .entry(region.unwrap_or(-1))
                    .or_default()
                    .push((key_of(r)?, skip));
                return Ok(());
            }
        };
        let Some(&(_, code)) = self.wanted.iter().find(|(id, _)| *id == s.region) else {
            return Ok(());
        };
        let Ok(period) = Period::new(s.year, s.month) else {
            self.skipped_of
                .entry(s.region)
                .or_default()
                .push((key_of(r)?, january_skipped(&s, ids)));
            return Ok(());
        };
        let key = SeriesKey {
            region: code.to_string(),
            indicator: ids
                .indicator_codes
                .get(&s.indicator)
                .cloned()
                .unwrap_or_default(),
            subject: subject_of(&s, ids),
            basis: s.basis,
        };
        let source = s.source.filter(|id| !self.unreadable.contains(id));
        self.figures.insert(
            key,
            period,
            Figure {
                value: s.value,
                source,
            },
        );
        Ok(())
    }

    /// The figures, and `skipped` followed by the skipped rows of the first `reported`
    /// regions asked, region by region in key order, then those whose region could not be
    /// read at all.
    fn finish(
        mut self,
        mut skipped: Vec<SkippedRow>,
        reported: usize,
    ) -> (Figures, Vec<SkippedRow>) {
        let by = By::first(KEY_COLUMNS);
        let ids_reported = self.wanted[..reported].iter().map(|(id, _)| *id);
        for id in ids_reported.chain([-1]) {
            let mut rows = self.skipped_of.remove(&id).unwrap_or_default();
            rows.sort_by(|a, b| By::rows(&by, &a.0, &b.0));
            skipped.extend(rows.into_iter().map(|(_, row)| row));
        }
        (self.figures, skipped)
    }
}

/// Reads every stored figure, in key order, and the rows that cannot be read (January
/// figures are kept: `check` explains them).
pub(super) fn load_rows(conn: &Db, ids: &Ids) -> db::Result<(Vec<RawFigure>, Vec<SkippedRow>)> {
    // One shared code per catalogue entry instead of a string per row.
    let codes =
        |map: &std::collections::HashMap<i64, String>| -> std::collections::HashMap<i64, Code> {
            map.iter()
                .map(|(id, c)| (*id, Code::from(c.as_str())))
                .collect()
        };
    let (regions, indicators) = (codes(&ids.region_codes), codes(&ids.indicator_codes));
    let (industries, groups) = (codes(&ids.industry_codes), codes(&ids.group_codes));
    // Every id was checked against the catalogue by `read_stored`.
    let code = |map: &std::collections::HashMap<i64, Code>, id: i64| {
        map.get(&id).cloned().unwrap_or_else(|| Code::from("?"))
    };
    let sql = format!("SELECT {OBSERVATION_COLUMNS} FROM observations");
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    conn.for_each_in_order(&sql, &By::first(KEY_COLUMNS), &[], |r| {
        let s = match read_stored(r, ids)? {
            Ok(s) => s,
            Err(skip) => {
                skipped.push(skip);
                return Ok(());
            }
        };
        out.push(RawFigure {
            region: code(&regions, s.region),
            indicator: code(&indicators, s.indicator),
            industry: (s.industry != 0).then(|| code(&industries, s.industry)),
            group: (s.group != 0).then(|| code(&groups, s.group)),
            basis: s.basis,
            year: s.year,
            month: s.month,
            value: s.value,
            source: s.source,
        });
        Ok(())
    })?;
    Ok((out, skipped))
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

/// A figure's key in codes, for messages ("region 230300, indicator va_growth, …").
fn describe_key(ids: &Ids, key: &ObservationKey) -> String {
    let code = |map: &std::collections::HashMap<i64, String>, id: i64| {
        map.get(&id).cloned().unwrap_or_else(|| id.to_string())
    };
    let mut out = format!(
        "figure of region {}, indicator {}",
        code(&ids.region_codes, key.region_id),
        code(&ids.indicator_codes, key.indicator_id)
    );
    if key.industry_id != 0 {
        out.push_str(&format!(
            ", industry {}",
            code(&ids.industry_codes, key.industry_id)
        ));
    }
    if key.group_id != 0 {
        out.push_str(&format!(", group {}", code(&ids.group_codes, key.group_id)));
    }
    out.push_str(&format!(", {} {}", key.basis.code(), key.period.code()));
    out
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

const SELECT_VALUE: &str =
    "SELECT value FROM observations WHERE region_id = ?1 AND indicator_id = ?2
     AND industry_id = ?3 AND group_id = ?4 AND basis = ?5 AND year = ?6 AND period = ?7";
const INSERT: &str = "INSERT INTO observations(region_id, indicator_id, industry_id, group_id, basis, year, period, value, source_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const UPDATE: &str =
    "UPDATE observations SET value = ?8, source_id = ?9 WHERE region_id = ?1 AND indicator_id = ?2
     AND industry_id = ?3 AND group_id = ?4 AND basis = ?5 AND year = ?6 AND period = ?7";

/// Writes figures with statements the connection prepares once (one writer per
/// transaction).
pub struct FigureWriter<'c> {
    conn: &'c Db,
    ids: &'c Ids,
}

impl<'c> FigureWriter<'c> {
    pub(super) fn new(conn: &'c Db, ids: &'c Ids) -> db::Result<FigureWriter<'c>> {
        for sql in [SELECT_VALUE, INSERT, UPDATE] {
            conn.prepare(sql)?;
        }
        Ok(FigureWriter { conn, ids })
    }

    /// Refuses a value the readers could not use (see [`super::validate`]), naming the
    /// figure; [`super::sql_err`] turns it into [`super::StoreError::Rejected`].
    fn check(&self, key: &ObservationKey, value: f64) -> rusqlite::Result<()> {
        check_finite(&|| describe_key(self.ids, key), "value", value)
            .map_err(|r| rusqlite::Error::ToSqlConversionFailure(Box::new(r)))
    }

    /// The stored value of a figure, if any (NaN for a stored value that is not a finite
    /// number, so that importing the figure again can replace it).
    pub fn existing(&mut self, key: &ObservationKey) -> db::Result<Option<f64>> {
        self.conn
            .query_row(
                SELECT_VALUE,
                params![
                    key.region_id,
                    key.indicator_id,
                    key.industry_id,
                    key.group_id,
                    key.basis.code(),
                    key.period.year(),
                    key.period.month()
                ],
                |r| Ok(read_number("value", r.get_ref(0)?).unwrap_or(f64::NAN)),
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
    ) -> db::Result<WriteOutcome> {
        self.check(key, value)?;
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
                self.conn.execute(INSERT, args)?;
                Ok(WriteOutcome::Added)
            }
            Some(old) if same_value(old, value) => Ok(WriteOutcome::Unchanged),
            Some(old) if replace => {
                self.conn.execute(UPDATE, args)?;
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
    ) -> db::Result<()> {
        self.check(key, value)?;
        self.conn
            .execute(
                INSERT,
                params![
                    key.region_id,
                    key.indicator_id,
                    key.industry_id,
                    key.group_id,
                    key.basis.code(),
                    key.period.year(),
                    key.period.month(),
                    value,
                    source
                ],
            )
            .map(|_| ())
    }
}

impl FigureWriter<'_> {
    /// Inserts many figures known to be new (bulk loads into a fresh dataset), several per
    /// statement (one COPY on a server); returns how many. Fastest when the keys come in
    /// the table's key order.
    pub fn insert_new_many(
        &mut self,
        rows: impl IntoIterator<Item = (ObservationKey, f64, Option<i64>)>,
    ) -> db::Result<usize> {
        if let Some(conn) = self.conn.pg() {
            let rows: Vec<_> = rows.into_iter().collect();
            for (key, value, _) in &rows {
                self.check(key, *value)?;
            }
            copy_figures(conn, &rows)?;
            return Ok(rows.len());
        }
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

    fn insert_batch(&mut self, rows: &[(ObservationKey, f64, Option<i64>)]) -> db::Result<()> {
        for (key, value, _) in rows {
            self.check(key, *value)?;
        }
        let Some(conn) = self.conn.sqlite() else {
            return Ok(());
        };
        let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?)"; BATCH].join(", ");
        let sql = format!(
            "INSERT INTO observations(region_id, indicator_id, industry_id, group_id, basis, year, period, value, source_id) VALUES {values}"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
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
        stmt.raw_execute()?;
        Ok(())
    }
}

/// Sends new figures to a server in one COPY.
fn copy_figures(
    conn: &db::pg::PgConn,
    rows: &[(ObservationKey, f64, Option<i64>)],
) -> db::Result<()> {
    use std::fmt::Write as _;
    let mut line = String::with_capacity(rows.len() * 48);
    for (key, value, source) in rows {
        let _ = write!(
            line,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{value}\t",
            key.region_id,
            key.indicator_id,
            key.industry_id,
            key.group_id,
            key.basis.code(),
            key.period.year(),
            key.period.month()
        );
        match source {
            Some(s) => {
                let _ = writeln!(line, "{s}");
            }
            None => line.push_str("\\N\n"),
        }
    }
    // One stream, so a refused row comes back with the server's reason.
    conn.copy_in(
        "COPY observations(region_id, indicator_id, industry_id, group_id, basis, year, period, value, source_id) FROM STDIN",
        line.as_bytes(),
    )
    .map(drop)
}

/// The stored value of each key, in order.
pub(super) fn lookup_values(
    conn: &Db,
    keys: impl IntoIterator<Item = ObservationKey>,
) -> db::Result<Vec<Option<f64>>> {
    let mut stmt = conn.prepare(SELECT_VALUE)?;
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
                |r| Ok(read_number("value", r.get_ref(0)?).unwrap_or(f64::NAN)),
            )
            .optional()
        })
        .collect()
}

/// Published figures carry at most a few decimals; compare at that precision.
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * a.abs().max(b.abs()).max(1.0)
}
