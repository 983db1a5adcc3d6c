//! The dataset's schema and its migrations.
//!
//! `PRAGMA user_version` holds the schema version (rusqlite_migration owns it) and
//! `PRAGMA application_id` marks the file as ours, so a foreign SQLite file is never
//! mistaken for an empty dataset. Each migration is applied once, in order; never edit one
//! that has shipped, add a new one.

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of an Industry Monitor dataset ("IMDB" in ASCII).
pub const APPLICATION_ID: i32 = 0x494D_4442;

/// Version 1: the catalogue, sources and figures.
const V1: &str = r#"
PRAGMA application_id = 1229800514;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE regions (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name_zh   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    short_zh  TEXT NOT NULL,
    short_en  TEXT NOT NULL,
    level     TEXT NOT NULL CHECK (level IN ('nation', 'province', 'city', 'county')),
    parent_id INTEGER REFERENCES regions(id),
    sort      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX regions_parent ON regions(parent_id);

CREATE TABLE region_aliases (
    alias     TEXT NOT NULL,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    PRIMARY KEY (alias, region_id)
) WITHOUT ROWID;

CREATE TABLE indicators (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    unit             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('rate', 'level', 'count')),
    growth_of_id     INTEGER REFERENCES indicators(id),
    -- 1: January and February are published together as period 2 (1—2月).
    jan_feb_combined INTEGER NOT NULL DEFAULT 1,
    sort             INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE indicator_aliases (
    alias        TEXT NOT NULL,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    PRIMARY KEY (alias, indicator_id)
) WITHOUT ROWID;

CREATE TABLE industries (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE industry_aliases (
    alias       TEXT NOT NULL,
    industry_id INTEGER NOT NULL REFERENCES industries(id) ON DELETE CASCADE,
    PRIMARY KEY (alias, industry_id)
) WITHOUT ROWID;

CREATE TABLE industry_groups (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE industry_group_members (
    group_id    INTEGER NOT NULL REFERENCES industry_groups(id) ON DELETE CASCADE,
    industry_id INTEGER NOT NULL REFERENCES industries(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, industry_id)
) WITHOUT ROWID;

CREATE TABLE sources (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    publisher    TEXT NOT NULL DEFAULT '',
    published_on TEXT NOT NULL DEFAULT '',
    url          TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    illustrative INTEGER NOT NULL DEFAULT 0
);

-- One row per figure. industry_id/group_id 0 mean the region as a whole; period 2 is 1—2月
-- for indicators under the Jan–Feb convention. Clustered on the key the views read by.
CREATE TABLE observations (
    region_id    INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
    industry_id  INTEGER NOT NULL DEFAULT 0,
    group_id     INTEGER NOT NULL DEFAULT 0,
    basis        TEXT NOT NULL CHECK (basis IN ('month', 'ytd')),
    year         INTEGER NOT NULL,
    period       INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12),
    value        REAL NOT NULL,
    source_id    INTEGER REFERENCES sources(id),
    PRIMARY KEY (region_id, indicator_id, industry_id, group_id, basis, year, period)
) WITHOUT ROWID;

-- For people who open the file in another SQLite tool.
CREATE VIEW figures AS
SELECT r.code AS region_code, r.name_zh AS region, i.code AS indicator, i.name_zh AS indicator_name,
       ind.code AS industry, g.code AS industry_group, o.basis, o.year, o.period, o.value, i.unit,
       s.title AS source, s.illustrative
FROM observations o
JOIN regions r ON r.id = o.region_id
JOIN indicators i ON i.id = o.indicator_id
LEFT JOIN industries ind ON ind.id = o.industry_id
LEFT JOIN industry_groups g ON g.id = o.group_id
LEFT JOIN sources s ON s.id = o.source_id;
"#;

/// Version 2: the enterprise register (enterprises, service requests, financing deals).
const V2: &str = r#"
CREATE TABLE enterprises (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    credit_code TEXT NOT NULL UNIQUE,
    industry_id INTEGER REFERENCES industries(id),
    region_id   INTEGER NOT NULL REFERENCES regions(id),
    above_size  INTEGER NOT NULL DEFAULT 0,
    emerging    INTEGER NOT NULL DEFAULT 0,
    srdi        INTEGER NOT NULL DEFAULT 0,
    key_support INTEGER NOT NULL DEFAULT 0,
    private     INTEGER NOT NULL DEFAULT 0,
    official    TEXT NOT NULL DEFAULT '',
    source_id   INTEGER REFERENCES sources(id)
);
CREATE INDEX enterprises_industry ON enterprises(industry_id);

CREATE TABLE service_requests (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    raised_on     TEXT NOT NULL,
    category      TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved')),
    resolved_on   TEXT,
    source_id     INTEGER REFERENCES sources(id)
);
CREATE INDEX service_requests_enterprise ON service_requests(enterprise_id);

CREATE TABLE financing_deals (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    bank            TEXT NOT NULL,
    amount_10k_yuan REAL NOT NULL CHECK (amount_10k_yuan >= 0),
    signed_on       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'signed',
    source_id       INTEGER REFERENCES sources(id)
);
CREATE INDEX financing_deals_enterprise ON financing_deals(enterprise_id);
"#;

/// Version 3: the enterprises' monthly returns (SPEC §9).
///
/// One row per enterprise and period with every indicator side by side, as the forms
/// arrive: 70,000 enterprises × 60 periods is 4.2 M rows for the 25 M values a provincial
/// department holds, a sixth of the B-tree entries one row per value would take. Clustered
/// on (year, period, enterprise) because every view reads one period of all enterprises;
/// an enterprise's detail is a handful of point lookups on the same key.
const V3: &str = r#"
CREATE TABLE enterprise_returns (
    year          INTEGER NOT NULL,
    period        INTEGER NOT NULL CHECK (period BETWEEN 2 AND 12),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    source_id     INTEGER REFERENCES sources(id),
    output_month REAL, output_ytd REAL, output_last REAL, output_growth REAL,
    sales_month REAL, sales_ytd REAL, sales_last REAL, sales_growth REAL,
    revenue_month REAL, revenue_ytd REAL, revenue_last REAL, revenue_growth REAL,
    profit_month REAL, profit_ytd REAL, profit_last REAL, profit_growth REAL,
    power_month REAL, power_ytd REAL, power_last REAL, power_growth REAL,
    employees_month REAL, employees_ytd REAL, employees_last REAL, employees_growth REAL,
    PRIMARY KEY (year, period, enterprise_id)
) WITHOUT ROWID;

-- One row per value, for people who open the file in another SQLite tool.
CREATE VIEW returns AS
SELECT r.year, r.period, e.credit_code, e.name, 'output' AS indicator, r.output_month AS month,
       r.output_ytd AS ytd, r.output_last AS ytd_last_year, r.output_growth AS stated_growth_pct
FROM enterprise_returns r JOIN enterprises e ON e.id = r.enterprise_id
WHERE COALESCE(r.output_month, r.output_ytd, r.output_last, r.output_growth) IS NOT NULL
UNION ALL
SELECT r.year, r.period, e.credit_code, e.name, 'sales' AS indicator, r.sales_month AS month,
       r.sales_ytd AS ytd, r.sales_last AS ytd_last_year, r.sales_growth AS stated_growth_pct
FROM enterprise_returns r JOIN enterprises e ON e.id = r.enterprise_id
WHERE COALESCE(r.sales_month, r.sales_ytd, r.sales_last, r.sales_growth) IS NOT NULL
UNION ALL
SELECT r.year, r.period, e.credit_code, e.name, 'revenue' AS indicator, r.revenue_month AS month,
       r.revenue_ytd AS ytd, r.revenue_last AS ytd_last_year, r.revenue_growth AS stated_growth_pct
FROM enterprise_returns r JOIN enterprises e ON e.id = r.enterprise_id
WHERE COALESCE(r.revenue_month, r.revenue_ytd, r.revenue_last, r.revenue_growth) IS NOT NULL
UNION ALL
SELECT r.year, r.period, e.credit_code, e.name, 'profit' AS indicator, r.profit_month AS month,
       r.profit_ytd AS ytd, r.profit_last AS ytd_last_year, r.profit_growth AS stated_growth_pct
FROM enterprise_returns r JOIN enterprises e ON e.id = r.enterprise_id
WHERE COALESCE(r.profit_month, r.profit_ytd, r.profit_last, r.profit_growth) IS NOT NULL
UNION ALL
SELECT r.year, r.period, e.credit_code, e.name, 'power' AS indicator, r.power_month AS month,
       r.power_ytd AS ytd, r.power_last AS ytd_last_year, r.power_growth AS stated_growth_pct
FROM enterprise_returns r JOIN enterprises e ON e.id = r.enterprise_id
WHERE COALESCE(r.power_month, r.power_ytd, r.power_last, r.power_growth) IS NOT NULL
UNION ALL
SELECT r.year, r.period, e.credit_code, e.name, 'employees' AS indicator, r.employees_month AS month,
       r.employees_ytd AS ytd, r.employees_last AS ytd_last_year, r.employees_growth AS stated_growth_pct
FROM enterprise_returns r JOIN enterprises e ON e.id = r.enterprise_id
WHERE COALESCE(r.employees_month, r.employees_ytd, r.employees_last, r.employees_growth) IS NOT NULL;
"#;

/// Version 4: the 包联 evaluation (SPEC §10): investment projects, and the enterprises'
/// satisfaction with a request's handling (NULL: not rated). The scorecard's weights live in
/// `meta` (key `evaluation_weights`, JSON) like the dataset's other settings.
const V4: &str = r#"
ALTER TABLE service_requests ADD COLUMN satisfaction TEXT
    CHECK (satisfaction IN ('satisfied', 'basic', 'dissatisfied'));

-- One row per project and period (year to date, 万元); a later period's list adds rows.
CREATE TABLE investment_projects (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    year          INTEGER NOT NULL,
    period        INTEGER NOT NULL CHECK (period BETWEEN 2 AND 12),
    planned_total REAL CHECK (planned_total >= 0),
    planned_year  REAL CHECK (planned_year >= 0),
    done_ytd      REAL CHECK (done_ytd >= 0),
    done_last     REAL CHECK (done_last >= 0),
    source_id     INTEGER REFERENCES sources(id),
    UNIQUE (enterprise_id, name, year, period)
);
CREATE INDEX investment_projects_period ON investment_projects(year, period);
"#;

/// Version 5: annual targets (SPEC §11), one per region, indicator and year; `value` is a
/// growth rate in % (kind 'rate') or a level in the indicator's unit (kind 'level').
const V5: &str = r#"
CREATE TABLE targets (
    id           INTEGER PRIMARY KEY,
    region_id    INTEGER NOT NULL REFERENCES regions(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    year         INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('rate', 'level')),
    value        REAL NOT NULL,
    source_id    INTEGER REFERENCES sources(id),
    UNIQUE (region_id, indicator_id, year)
);
"#;

/// The SQL of every migration, oldest first (a server's schema is translated from it).
pub const SOURCES: [&str; 6] = [V1, V2, V3, V4, V5, V6];

/// Version 6: a revision number on each service request, so an edit made on an older copy
/// is refused instead of overwriting a colleague's (team mode, SPEC §14).
const V6: &str = r#"
ALTER TABLE service_requests ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
"#;

/// All migrations, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(SOURCES.iter().map(|s| M::up(s)).collect())
}

/// The schema version this build writes.
pub const LATEST_VERSION: i32 = 6;

/// Migrations up to and including `version` (tests build old files with it).
pub fn migrations_up_to(version: usize) -> Migrations<'static> {
    Migrations::new(SOURCES.iter().take(version).map(|s| M::up(s)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn latest_version_matches_the_list() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("memory db");
        migrations().to_latest(&mut conn).expect("migrate");
        let v: i32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("user_version");
        assert_eq!(v, LATEST_VERSION);
        let app: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .expect("application_id");
        assert_eq!(app, APPLICATION_ID);
    }
}
