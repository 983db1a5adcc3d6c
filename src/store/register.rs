//! The enterprise register: enterprises, service requests and financing deals.

use rusqlite::params;
use rusqlite::types::ValueRef;

use super::db::{self, By, Db, OptionalExt, Row};

use super::validate::{
    Bad, check_date, check_finite, read_date, read_number, read_year_month, register_todo,
    value_text,
};
use super::{Dataset, Ids, Result, StoreError, Writer, read_cache, sql_err};
use crate::model::{
    Enterprise, FinancingDeal, InvestmentProject, Period, Register, RequestStatus, Said,
    Satisfaction, ServiceRequest, SkippedRow,
};

/// A register row's date or amount that cannot be read, as a skipped row of `table`.
fn skip(table: &'static str, id: i64, bad: Bad) -> SkippedRow {
    let todo = register_todo(table, id, bad.column);
    bad.skipped(table, format!("id {id}"), None, todo)
}

/// Reads one register row (its id in column 0) with `read`; a date or amount `read` finds
/// bad, or a column that cannot be converted at all (text in a number column, a blob …),
/// makes the row a skipped one instead of an error for the whole dataset.
fn row_or_skip<T>(
    table: &'static str,
    columns: &[&'static str],
    r: &Row<'_>,
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<std::result::Result<T, Bad>>,
) -> rusqlite::Result<std::result::Result<T, SkippedRow>> {
    use rusqlite::Error::{FromSqlConversionFailure, IntegralValueOutOfRange, InvalidColumnType};
    let id: i64 = r.get(0)?;
    match read(r) {
        Ok(Ok(t)) => Ok(Ok(t)),
        Ok(Err(bad)) => Ok(Err(skip(table, id, bad))),
        Err(
            InvalidColumnType(i, ..)
            | FromSqlConversionFailure(i, ..)
            | IntegralValueOutOfRange(i, _),
        ) => {
            let bad = Bad {
                column: columns.get(i).copied().unwrap_or("?"),
                value: value_text(r.get_ref(i)?),
                what: Said::new("与该列的类型不符", "not of the column's type"),
            };
            Ok(Err(skip(table, id, bad)))
        }
        Err(e) => Err(e),
    }
}

/// Reads every row of `select` (no `ORDER BY`) with `read` (see [`row_or_skip`]) in the
/// order of `order`, an `ORDER BY` list: the rows read and the rows skipped. When its terms
/// are all among `columns`, a server's rows are sorted here (see
/// [`Db::for_each_in_order`]); else the database sorts them.
pub(super) fn read_rows_in_order<T>(
    conn: &Db,
    select: &str,
    order: &str,
    table: &'static str,
    columns: &[&'static str],
    read: impl Fn(&Row<'_>) -> rusqlite::Result<std::result::Result<T, Bad>>,
) -> db::Result<(Vec<T>, Vec<SkippedRow>)> {
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    let each = |r: &Row<'_>| {
        match row_or_skip(table, columns, r, &read)? {
            Ok(t) => out.push(t),
            Err(s) => skipped.push(s),
        }
        Ok(())
    };
    let all = || match By::parse(order, columns) {
        Some(by) => conn.for_each_in_order(select, &by, &[], each),
        None => conn.for_each(&format!("{select} ORDER BY {order}"), &[], each),
    };
    match conn.pg() {
        Some(pg) => read_cache::recording(pg, table, all)?,
        None => all()?,
    }
    Ok((out, skipped))
}

const ENTERPRISE_COLUMNS: [&str; 11] = [
    "id",
    "name",
    "credit_code",
    "industry_id",
    "region_id",
    "above_size",
    "emerging",
    "srdi",
    "key_support",
    "private",
    "official",
];

fn load_enterprises(conn: &Db, ids: &Ids) -> db::Result<(Vec<Enterprise>, Vec<SkippedRow>)> {
    let sql = format!("SELECT {} FROM enterprises", ENTERPRISE_COLUMNS.join(", "));
    // An id the catalogue does not know would place the enterprise nowhere (region "") or
    // silently drop its industry: the row is skipped and reported instead.
    let unknown = |column: &'static str, v: ValueRef<'_>| Bad {
        column,
        value: value_text(v),
        what: Said::new(
            "不是数据集目录中的代码",
            "not a code of the dataset's catalogue",
        ),
    };
    read_rows_in_order(
        conn,
        &sql,
        "name, id",
        "enterprises",
        &ENTERPRISE_COLUMNS,
        |r| {
            let industry = match r.get::<_, Option<i64>>(3)? {
                None => None,
                Some(i) => match ids.industry_codes.get(&i) {
                    Some(code) => Some(code.clone()),
                    None => return Ok(Err(unknown("industry_id", r.get_ref(3)?))),
                },
            };
            let Some(region) = ids.region_codes.get(&r.get::<_, i64>(4)?).cloned() else {
                return Ok(Err(unknown("region_id", r.get_ref(4)?)));
            };
            Ok(Ok(Enterprise {
                id: r.get(0)?,
                name: r.get(1)?,
                credit_code: r.get(2)?,
                industry,
                region,
                above_size: r.get::<_, i64>(5)? != 0,
                emerging: r.get::<_, i64>(6)? != 0,
                srdi: r.get::<_, i64>(7)? != 0,
                key_support: r.get::<_, i64>(8)? != 0,
                private: r.get::<_, i64>(9)? != 0,
                official: r.get(10)?,
            }))
        },
    )
}

const REQUEST_COLUMNS: [&str; 9] = [
    "id",
    "enterprise_id",
    "raised_on",
    "category",
    "text",
    "status",
    "resolved_on",
    "satisfaction",
    "revision",
];

/// The service requests, and those skipped for a date that cannot be read or is out of
/// range (an importer bug once stored 1899-12-30 and locked the whole dataset).
fn load_requests(conn: &Db) -> db::Result<(Vec<ServiceRequest>, Vec<SkippedRow>)> {
    let sql = format!(
        "SELECT {} FROM service_requests",
        REQUEST_COLUMNS.join(", ")
    );
    read_rows_in_order(
        conn,
        &sql,
        "raised_on DESC, id DESC",
        "service_requests",
        &REQUEST_COLUMNS,
        |r| {
            let raised_on = match read_date("raised_on", r.get_ref(2)?) {
                Ok(d) => d,
                Err(bad) => return Ok(Err(bad)),
            };
            let resolved_on = match r.get_ref(6)? {
                ValueRef::Null => None,
                v => match read_date("resolved_on", v) {
                    Ok(d) => Some(d),
                    Err(bad) => return Ok(Err(bad)),
                },
            };
            let status: String = r.get(5)?;
            let satisfaction = match r.get_ref(7)? {
                ValueRef::Null => None,
                v => match value_text(v).parse::<Satisfaction>() {
                    Ok(s) => Some(s),
                    Err(e) => {
                        return Ok(Err(Bad {
                            column: "satisfaction",
                            value: value_text(v),
                            what: e.said(),
                        }));
                    }
                },
            };
            Ok(Ok(ServiceRequest {
                revision: r.get(8)?,
                id: r.get(0)?,
                enterprise_id: r.get(1)?,
                raised_on,
                category: r.get(3)?,
                text: r.get(4)?,
                status: status.parse().unwrap_or(RequestStatus::Open),
                resolved_on,
                satisfaction,
            }))
        },
    )
}

const DEAL_COLUMNS: [&str; 6] = [
    "id",
    "enterprise_id",
    "bank",
    "amount_10k_yuan",
    "signed_on",
    "status",
];

/// The financing deals, and those skipped for a date or an amount that cannot be read.
fn load_deals(conn: &Db) -> db::Result<(Vec<FinancingDeal>, Vec<SkippedRow>)> {
    let sql = format!("SELECT {} FROM financing_deals", DEAL_COLUMNS.join(", "));
    read_rows_in_order(
        conn,
        &sql,
        "signed_on DESC, id DESC",
        "financing_deals",
        &DEAL_COLUMNS,
        |r| {
            let (amount, signed) = (r.get_ref(3)?, r.get_ref(4)?);
            let checked = read_number("amount_10k_yuan", amount)
                .and_then(|a| Ok((a, read_date("signed_on", signed)?)));
            let (amount_10k_yuan, signed_on) = match checked {
                Ok(x) => x,
                Err(bad) => return Ok(Err(bad)),
            };
            Ok(Ok(FinancingDeal {
                id: r.get(0)?,
                enterprise_id: r.get(1)?,
                bank: r.get(2)?,
                amount_10k_yuan,
                signed_on,
                status: r.get(5)?,
            }))
        },
    )
}

const PROJECT_COLUMNS: [&str; 9] = [
    "id",
    "enterprise_id",
    "name",
    "year",
    "period",
    "planned_total",
    "planned_year",
    "done_ytd",
    "done_last",
];

/// An optional stored amount: NULL, or a finite number not below 0.
fn read_amount(column: &'static str, v: ValueRef<'_>) -> std::result::Result<Option<f64>, Bad> {
    match v {
        ValueRef::Null => Ok(None),
        v => match read_number(column, v)? {
            a if a < 0.0 => Err(Bad {
                column,
                value: value_text(v),
                what: Said::new("投资额为负数", "the amount is negative"),
            }),
            a => Ok(Some(a)),
        },
    }
}

/// The investment projects, and those skipped for a period or an amount that cannot be read.
fn load_projects(conn: &Db) -> db::Result<(Vec<InvestmentProject>, Vec<SkippedRow>)> {
    let sql = format!(
        "SELECT {} FROM investment_projects",
        PROJECT_COLUMNS.join(", ")
    );
    read_rows_in_order(
        conn,
        &sql,
        "year, period, name, id",
        "investment_projects",
        &PROJECT_COLUMNS,
        |r| {
            let period = read_year_month(r.get_ref(3)?, r.get_ref(4)?).and_then(|(y, m)| {
                Period::new(y, m).map_err(|e| Bad {
                    column: "period",
                    value: m.to_string(),
                    what: Said::new(
                        format!("不是有效的时期（{e}）"),
                        format!("not a valid period ({e})"),
                    ),
                })
            });
            let period = match period {
                Ok(p) => p,
                Err(bad) => return Ok(Err(bad)),
            };
            let mut a = [None; 4];
            for (k, i) in (5..9).enumerate() {
                match read_amount(PROJECT_COLUMNS[i], r.get_ref(i)?) {
                    Ok(v) => a[k] = v,
                    Err(bad) => return Ok(Err(bad)),
                }
            }
            Ok(Ok(InvestmentProject {
                id: r.get(0)?,
                enterprise_id: r.get(1)?,
                name: r.get(2)?,
                period,
                planned_total: a[0],
                planned_year: a[1],
                done_ytd: a[2],
                done_last: a[3],
            }))
        },
    )
}

/// The register, and the rows skipped because they cannot be read.
pub(super) fn load(conn: &Db, ids: &Ids) -> db::Result<(Register, Vec<SkippedRow>)> {
    load_lists(conn, ids, RegisterLists::ALL)
}

/// Which of the register's lists to read besides its enterprises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterLists {
    /// The service requests.
    pub requests: bool,
    /// The financing deals.
    pub deals: bool,
    /// The investment projects.
    pub projects: bool,
}

impl RegisterLists {
    /// The enterprises alone.
    pub const NONE: RegisterLists = RegisterLists {
        requests: false,
        deals: false,
        projects: false,
    };

    /// Every list.
    pub const ALL: RegisterLists = RegisterLists {
        requests: true,
        deals: true,
        projects: true,
    };
}

fn load_lists(
    conn: &Db,
    ids: &Ids,
    lists: RegisterLists,
) -> db::Result<(Register, Vec<SkippedRow>)> {
    let (enterprises, mut skipped) = load_enterprises(conn, ids)?;
    let (requests, skipped_requests) = if lists.requests {
        load_requests(conn)?
    } else {
        Default::default()
    };
    let (deals, skipped_deals) = if lists.deals {
        load_deals(conn)?
    } else {
        Default::default()
    };
    let (projects, skipped_projects) = if lists.projects {
        load_projects(conn)?
    } else {
        Default::default()
    };
    skipped.extend(skipped_requests);
    skipped.extend(skipped_deals);
    skipped.extend(skipped_projects);
    Ok((
        Register {
            enterprises,
            requests,
            deals,
            projects,
        },
        skipped,
    ))
}

impl Dataset {
    /// The enterprise register (rows that cannot be read are left out: see
    /// [`Dataset::register_checked`]).
    pub fn register(&self) -> Result<Register> {
        self.register_checked().map(|(r, _)| r)
    }

    /// The enterprise register and the rows left out of it because they cannot be read.
    pub fn register_checked(&self) -> Result<(Register, Vec<SkippedRow>)> {
        load(&self.conn, &self.ids).map_err(sql_err(&self.path))
    }

    /// The register with only the lists asked for besides its enterprises (the others
    /// empty): what an import needs, without reading every request of a busy bureau for a
    /// month's returns.
    pub fn register_lists(&self, lists: RegisterLists) -> Result<Register> {
        load_lists(&self.conn, &self.ids, lists)
            .map(|(r, _)| r)
            .map_err(sql_err(&self.path))
    }

    /// The register's enterprises only (rows that cannot be read are left out): what the
    /// returns' statistics need, without reading every request and project.
    pub fn enterprises(&self) -> Result<Vec<Enterprise>> {
        load_enterprises(&self.conn, &self.ids)
            .map(|(e, _)| e)
            .map_err(sql_err(&self.path))
    }

    /// The sources the investment projects of `year` cite (to say whether a scorecard
    /// rests on illustrative figures).
    pub fn project_source_ids(&self, year: i32) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT source_id FROM investment_projects
                 WHERE year = ?1 AND source_id IS NOT NULL",
            )
            .map_err(sql_err(&self.path))?;
        let rows = stmt.query_map(params![year], |r| r.get::<_, i64>(0));
        rows.map_err(sql_err(&self.path))
    }

    /// Saves a new or changed service request in its own transaction; returns its id.
    pub fn save_request(&mut self, request: &ServiceRequest) -> Result<i64> {
        self.write(|w| w.save_request_edit(request))
    }
}

/// Refuses a deal the readers could not use: a date outside 1990–2100, an amount that is
/// not a finite number.
fn check_deal(path: &std::path::Path, d: &FinancingDeal) -> Result<()> {
    let record = || {
        format!(
            "financing deal {} of enterprise {} with {} signed {}",
            d.id, d.enterprise_id, d.bank, d.signed_on
        )
    };
    check_date(&record, "signed_on", d.signed_on)
        .and_then(|()| check_finite(&record, "amount_10k_yuan", d.amount_10k_yuan))
        .map_err(|rejected| StoreError::Rejected {
            path: path.to_path_buf(),
            rejected,
        })
}

/// An enterprise's stored columns as named parameters (`ids`: its industry and region ids).
fn enterprise_params<'a>(
    e: &'a Enterprise,
    (industry, region): &'a (Option<i64>, Option<i64>),
    source: &'a Option<i64>,
) -> Vec<&'a dyn rusqlite::ToSql> {
    vec![
        &e.name,
        &e.credit_code,
        industry,
        region,
        &e.above_size,
        &e.emerging,
        &e.srdi,
        &e.key_support,
        &e.private,
        &e.official,
        source,
    ]
}

impl Writer<'_> {
    /// The industry and region ids of an enterprise's codes.
    fn enterprise_ids(&self, e: &Enterprise) -> (Option<i64>, Option<i64>) {
        let industry = e
            .industry
            .as_ref()
            .and_then(|c| self.ids().industries.get(c).copied());
        (industry, self.ids().regions.get(&e.region).copied())
    }

    /// Adds an enterprise, returning its id.
    pub fn add_enterprise(&mut self, e: &Enterprise, source: Option<i64>) -> Result<i64> {
        let ids = self.enterprise_ids(e);
        let params = enterprise_params(e, &ids, &source);
        let path = self.path().to_path_buf();
        // Prepared once per transaction: an import may add 70,000 enterprises.
        self.tx()
            .prepare(
                "INSERT INTO enterprises(name, credit_code, industry_id, region_id, above_size, emerging,
                     srdi, key_support, private, official, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .and_then(|mut stmt| stmt.insert_id(params.as_slice()))
            .map_err(sql_err(&path))
    }

    /// Adds many enterprises, returning their ids in order: one COPY on a server (ids
    /// reserved from the table's sequence first), one prepared insert each in a file.
    pub fn add_enterprises(&mut self, items: &[(&Enterprise, Option<i64>)]) -> Result<Vec<i64>> {
        if self.tx().pg().is_none() || items.len() < 2 {
            return items
                .iter()
                .map(|(e, source)| self.add_enterprise(e, *source))
                .collect();
        }
        let path = self.path().to_path_buf();
        let ids: Vec<i64> = self
            .tx()
            .query_map(
                "SELECT nextval(pg_get_serial_sequence('enterprises', 'id'))
                 FROM generate_series(1, ?1)",
                params![items.len() as i64],
                |r| r.get(0),
            )
            .map_err(sql_err(&path))?;
        let mut data = String::with_capacity(items.len() * 96);
        for ((e, source), id) in items.iter().zip(&ids) {
            let (industry, region) = self.enterprise_ids(e);
            let num = |v: Option<i64>| v.map_or("\\N".to_owned(), |v| v.to_string());
            data.push_str(&format!("{id}\t"));
            super::transfer::escape_into(&mut data, &e.name);
            data.push('\t');
            super::transfer::escape_into(&mut data, &e.credit_code);
            data.push_str(&format!(
                "\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t",
                num(industry),
                num(region),
                i64::from(e.above_size),
                i64::from(e.emerging),
                i64::from(e.srdi),
                i64::from(e.key_support),
                i64::from(e.private)
            ));
            super::transfer::escape_into(&mut data, &e.official);
            data.push_str(&format!("\t{}\n", num(*source)));
        }
        let conn = self.tx().pg().ok_or_else(|| StoreError::Invalid {
            path: path.clone(),
            message: "not a server dataset".into(),
        })?;
        conn.copy_in(
            "COPY enterprises(id, name, credit_code, industry_id, region_id, above_size, emerging,
                 srdi, key_support, private, official, source_id) FROM STDIN",
            data.as_bytes(),
        )
        .map_err(sql_err(&path))?;
        Ok(ids)
    }

    /// Overwrites the stored enterprise with id `e.id` (every field but the id).
    pub fn update_enterprise(&mut self, e: &Enterprise, source: Option<i64>) -> Result<()> {
        let ids = self.enterprise_ids(e);
        let mut params = enterprise_params(e, &ids, &source);
        params.push(&e.id);
        let path = self.path().to_path_buf();
        let n = self
            .tx()
            .execute(
                "UPDATE enterprises SET name = ?1, credit_code = ?2, industry_id = ?3,
                     region_id = ?4, above_size = ?5, emerging = ?6, srdi = ?7, key_support = ?8,
                     private = ?9, official = ?10, source_id = ?11
                 WHERE id = ?12",
                params.as_slice(),
            )
            .map_err(sql_err(&path))?;
        if n == 0 {
            return Err(super::StoreError::Invalid {
                path,
                message: format!("enterprise {} no longer exists", e.id),
            });
        }
        Ok(())
    }

    /// The id of the enterprise with this credit code.
    pub fn enterprise_by_code(&self, credit_code: &str) -> Result<Option<i64>> {
        self.tx()
            .query_row(
                "SELECT id FROM enterprises WHERE credit_code = ?1",
                params![credit_code],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err(self.path()))
    }

    /// Adds (id 0) or updates a service request, returning its id.
    pub fn save_request(&mut self, q: &ServiceRequest, source: Option<i64>) -> Result<i64> {
        let path = self.path().to_path_buf();
        let record = || {
            format!(
                "service request {} of enterprise {} raised {}",
                q.id, q.enterprise_id, q.raised_on
            )
        };
        let rejected = |rejected| StoreError::Rejected {
            path: path.clone(),
            rejected,
        };
        check_date(&record, "raised_on", q.raised_on).map_err(rejected)?;
        if let Some(d) = q.resolved_on {
            check_date(&record, "resolved_on", d).map_err(rejected)?;
        }
        let resolved = q.resolved_on.map(|d| d.to_string());
        let satisfaction = q.satisfaction.map(Satisfaction::code);
        if q.id == 0 {
            self.tx()
                .insert_id(
                    "INSERT INTO service_requests(enterprise_id, raised_on, category, text, status, resolved_on, source_id, satisfaction)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        q.enterprise_id,
                        q.raised_on.to_string(),
                        q.category,
                        q.text,
                        q.status.code(),
                        resolved,
                        source,
                        satisfaction
                    ],
                )
                .map_err(sql_err(&path))
        } else {
            let n = self
                .tx()
                .execute(
                    "UPDATE service_requests SET enterprise_id = ?2, raised_on = ?3, category = ?4,
                         text = ?5, status = ?6, resolved_on = ?7, satisfaction = ?8,
                         revision = revision + 1 WHERE id = ?1",
                    params![
                        q.id,
                        q.enterprise_id,
                        q.raised_on.to_string(),
                        q.category,
                        q.text,
                        q.status.code(),
                        resolved,
                        satisfaction
                    ],
                )
                .map_err(sql_err(&path))?;
            if n == 0 {
                return Err(super::StoreError::Invalid {
                    path,
                    message: format!("service request {} no longer exists", q.id),
                });
            }
            Ok(q.id)
        }
    }

    /// Saves a user's edit of a request shown at revision `q.revision`: when someone else
    /// has changed it since, nothing is written and the error carries their version. The
    /// check and the write are one statement, so two clients cannot both pass it.
    pub fn save_request_edit(&mut self, q: &ServiceRequest) -> Result<i64> {
        if q.id == 0 {
            return self.save_request(q, None);
        }
        let path = self.path().to_path_buf();
        let n = self
            .tx()
            .execute(
                "UPDATE service_requests SET revision = revision + 1 WHERE id = ?1 AND revision = ?2",
                params![q.id, q.revision],
            )
            .map_err(sql_err(&path))?;
        if n == 0 {
            let (stored, _) = load_requests(self.tx()).map_err(sql_err(&path))?;
            return Err(match stored.into_iter().find(|s| s.id == q.id) {
                Some(current) => StoreError::Changed {
                    path,
                    current: Box::new(current),
                },
                None => StoreError::Invalid {
                    path,
                    message: format!("service request {} no longer exists", q.id),
                },
            });
        }
        // The revision is taken: the ordinary update below bumps it once more, so undo ours.
        self.tx()
            .execute(
                "UPDATE service_requests SET revision = revision - 1 WHERE id = ?1",
                params![q.id],
            )
            .map_err(sql_err(&path))?;
        self.save_request(q, None)
    }

    /// Overwrites the stored financing deal with id `d.id` (every field but the id).
    pub fn update_deal(&mut self, d: &FinancingDeal, source: Option<i64>) -> Result<()> {
        let path = self.path().to_path_buf();
        check_deal(&path, d)?;
        let n = self
            .tx()
            .execute(
                "UPDATE financing_deals SET enterprise_id = ?2, bank = ?3, amount_10k_yuan = ?4,
                     signed_on = ?5, status = ?6, source_id = ?7 WHERE id = ?1",
                params![
                    d.id,
                    d.enterprise_id,
                    d.bank,
                    d.amount_10k_yuan,
                    d.signed_on.to_string(),
                    d.status,
                    source
                ],
            )
            .map_err(sql_err(&path))?;
        if n == 0 {
            return Err(super::StoreError::Invalid {
                path,
                message: format!("financing deal {} no longer exists", d.id),
            });
        }
        Ok(())
    }

    /// Adds a financing deal, returning its id.
    pub fn add_deal(&mut self, d: &FinancingDeal, source: Option<i64>) -> Result<i64> {
        let path = self.path().to_path_buf();
        check_deal(&path, d)?;
        self.tx()
            .insert_id(
                "INSERT INTO financing_deals(enterprise_id, bank, amount_10k_yuan, signed_on, status, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    d.enterprise_id,
                    d.bank,
                    d.amount_10k_yuan,
                    d.signed_on.to_string(),
                    d.status,
                    source
                ],
            )
            .map_err(sql_err(&path))
    }
}

/// Refuses a project the readers could not use: an amount that is negative or not a finite
/// number.
fn check_project(path: &std::path::Path, p: &InvestmentProject) -> Result<()> {
    let record = || {
        format!(
            "investment project “{}” of enterprise {} for {}",
            p.name,
            p.enterprise_id,
            p.period.code()
        )
    };
    let amounts = [
        ("planned_total", p.planned_total),
        ("planned_year", p.planned_year),
        ("done_ytd", p.done_ytd),
        ("done_last", p.done_last),
    ];
    for (column, v) in amounts {
        let Some(v) = v else { continue };
        let checked = check_finite(&record, column, v).and_then(|()| {
            if v < 0.0 {
                Err(super::validate::Rejected {
                    record: record(),
                    zh: format!("{column} 的值{v}为负数，未写入；投资额不能为负"),
                    en: format!("{column} {v} is negative and was not written; an investment amount cannot be negative"),
                })
            } else {
                Ok(())
            }
        });
        checked.map_err(|rejected| StoreError::Rejected {
            path: path.to_path_buf(),
            rejected,
        })?;
    }
    Ok(())
}

impl Writer<'_> {
    /// The id of the stored project of an enterprise with this name and period.
    pub fn project_id(
        &self,
        enterprise_id: i64,
        name: &str,
        period: Period,
    ) -> Result<Option<i64>> {
        self.tx()
            .query_row(
                "SELECT id FROM investment_projects
                 WHERE enterprise_id = ?1 AND name = ?2 AND year = ?3 AND period = ?4",
                params![enterprise_id, name, period.year(), period.month()],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err(self.path()))
    }

    /// Adds an investment project's figures for a period, returning its id.
    pub fn add_project(&mut self, p: &InvestmentProject, source: Option<i64>) -> Result<i64> {
        let path = self.path().to_path_buf();
        check_project(&path, p)?;
        self.tx()
            .prepare(
                "INSERT INTO investment_projects(enterprise_id, name, year, period, planned_total,
                     planned_year, done_ytd, done_last, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut stmt| {
                stmt.insert_id(params![
                    p.enterprise_id,
                    p.name,
                    p.period.year(),
                    p.period.month(),
                    p.planned_total,
                    p.planned_year,
                    p.done_ytd,
                    p.done_last,
                    source
                ])
            })
            .map_err(sql_err(&path))
    }

    /// Overwrites the stored project with id `p.id` (every field but the id).
    pub fn update_project(&mut self, p: &InvestmentProject, source: Option<i64>) -> Result<()> {
        self.update_project_columns(p, [true; 4], source)
    }

    /// Overwrites the stored project with id `p.id`, its amounts only where `given`
    /// (planned total, planned this year, done, done last year): a list without a column
    /// keeps what is stored.
    pub fn update_project_columns(
        &mut self,
        p: &InvestmentProject,
        given: [bool; 4],
        source: Option<i64>,
    ) -> Result<()> {
        let path = self.path().to_path_buf();
        check_project(&path, p)?;
        let n = self
            .tx()
            .execute(
                "UPDATE investment_projects SET enterprise_id = ?2, name = ?3, year = ?4,
                     period = ?5,
                     planned_total = CASE WHEN ?11 THEN ?6 ELSE planned_total END,
                     planned_year = CASE WHEN ?12 THEN ?7 ELSE planned_year END,
                     done_ytd = CASE WHEN ?13 THEN ?8 ELSE done_ytd END,
                     done_last = CASE WHEN ?14 THEN ?9 ELSE done_last END,
                     source_id = ?10 WHERE id = ?1",
                params![
                    p.id,
                    p.enterprise_id,
                    p.name,
                    p.period.year(),
                    p.period.month(),
                    p.planned_total,
                    p.planned_year,
                    p.done_ytd,
                    p.done_last,
                    source,
                    given[0],
                    given[1],
                    given[2],
                    given[3]
                ],
            )
            .map_err(sql_err(&path))?;
        if n == 0 {
            return Err(StoreError::Invalid {
                path,
                message: format!("investment project {} no longer exists", p.id),
            });
        }
        Ok(())
    }
}
