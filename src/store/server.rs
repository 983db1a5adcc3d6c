//! Datasets on a PostgreSQL server (team mode, SPEC §14): telling an address from a file
//! path, connecting without a hang, finding the password, and the schema's versions.
//!
//! An address stands wherever a dataset path does (`Dataset::open("postgres://…")`), with
//! its password taken out: the path a dataset reports, and so everything saved or shown
//! (recent files, titles, messages), never holds one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;

use super::db::{self, pg::PgConn};
use super::{ServerTrouble, StoreError, schema, schema_pg};

/// True when `path` is a server address rather than a file.
pub fn is_address(path: &Path) -> bool {
    path.to_str().is_some_and(|s| {
        let s = s.trim_start();
        s.starts_with("postgres://") || s.starts_with("postgresql://")
    })
}

/// The address without its password (in the user part or a `password=` parameter).
pub fn redact(address: &str) -> String {
    let mut out = address.trim().to_owned();
    // The credentials end at the first '@' anywhere, as the client library reads them (a
    // password may hold '/' or '?').
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        if let Some(at) = out[rest_start..].find('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                out.replace_range(rest_start + colon..rest_start + at, "");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let kept: Vec<&str> = out[q + 1..]
            .split('&')
            .filter(|p| !p.starts_with("password="))
            .collect();
        let base = out[..q].to_owned();
        out = if kept.is_empty() {
            base
        } else {
            format!("{base}?{}", kept.join("&"))
        };
    }
    out
}

/// A command-line argument with any server password taken out into memory: an address
/// (alone or as `--option=ADDRESS`) comes back without it, so nothing the program prints,
/// shows or saves can hold it, while its connections still find it.
pub fn take_password(arg: &str) -> String {
    let (prefix, value) = match arg.split_once('=') {
        Some((flag, v)) if flag.starts_with("--") => (format!("{flag}="), v),
        _ => (String::new(), arg),
    };
    if !is_address(Path::new(value)) {
        return arg.to_owned();
    }
    let redacted = redact(value);
    if redacted != value.trim()
        && let Ok(config) = postgres::Config::from_str(value.trim())
        && let Some(p) = config.get_password()
    {
        remember_password(value, &String::from_utf8_lossy(p));
    }
    format!("{prefix}{redacted}")
}

/// Passwords typed in this session, by redacted address: kept in memory only.
static PASSWORDS: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

/// Remembers `password` for `address` until the program ends (never on disk).
pub fn remember_password(address: &str, password: &str) {
    if let Ok(mut map) = PASSWORDS.lock() {
        map.get_or_insert_with(HashMap::new)
            .insert(redact(address), password.to_owned());
    }
}

fn remembered(address: &str) -> Option<String> {
    PASSWORDS
        .lock()
        .ok()?
        .as_ref()?
        .get(&redact(address))
        .cloned()
}

/// The password for a connection: the address's own, one typed this session, `PGPASSWORD`,
/// or the user's `~/.pgpass` (libpq's conventions, so a team's existing set-up works).
fn password_for(address: &str, config: &postgres::Config) -> Option<String> {
    if config.get_password().is_some() {
        return None;
    }
    remembered(address)
        .or_else(|| std::env::var("PGPASSWORD").ok())
        .or_else(|| pgpass(config))
}

/// The first matching line of `~/.pgpass` (or `PGPASSFILE`): host:port:database:user:password.
fn pgpass(config: &postgres::Config) -> Option<String> {
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        _ => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let dbname = config.get_dbname().unwrap_or_default();
    let user = config.get_user().unwrap_or_default();
    let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
    text.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        let f: Vec<&str> = l.splitn(5, ':').collect();
        (f.len() == 5
            && matches(f[0], &host)
            && matches(f[1], &port)
            && matches(f[2], dbname)
            && matches(f[3], user))
        .then(|| f[4].to_owned())
    })
}

fn server_err(path: &Path, trouble: ServerTrouble, detail: String) -> StoreError {
    StoreError::Server {
        path: path.to_path_buf(),
        trouble,
        detail,
    }
}

/// Connects to the server at `address`, within [`db::pg::CONNECT_TIMEOUT`].
pub fn connect(address: &str) -> Result<postgres::Client, StoreError> {
    let shown = PathBuf::from(redact(address));
    let (for_client, wish) = db::tls::split(address.trim());
    let tls = db::tls::connector(&wish).map_err(|e| server_err(&shown, ServerTrouble::Other, e))?;
    let mut config = postgres::Config::from_str(&for_client).map_err(|e| {
        server_err(
            &shown,
            ServerTrouble::Other,
            format!("not a valid server address ({e}); write it as postgres://user@host/database"),
        )
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(db::pg::CONNECT_TIMEOUT);
    }
    // A lost network is noticed within about a minute instead of the system's two hours
    // (idle: keepalives; while sending, e.g. an import's COPY: the unacknowledged-data
    // timeout, else Linux retransmits for a quarter of an hour).
    config.keepalives_idle(std::time::Duration::from_secs(30));
    config.keepalives_interval(std::time::Duration::from_secs(10));
    config.keepalives_retries(3);
    config.tcp_user_timeout(std::time::Duration::from_secs(60));
    if let Some(p) = config.get_password() {
        // Re-opening by the redacted address (workers, refreshes) finds it here.
        remember_password(address, &String::from_utf8_lossy(p));
    }
    if let Some(p) = password_for(address, &config) {
        config.password(p);
    }
    // libpq ignores sslmode on a local socket: asking for TLS there is a round trip the
    // server always declines.
    // (`hostaddr` connects by TCP whatever `host` says.)
    let local = config.get_hostaddrs().is_empty()
        && config
            .get_hosts()
            .iter()
            .all(|h| !matches!(h, postgres::config::Host::Tcp(_)));
    if local && config.get_ssl_mode() == postgres::config::SslMode::Prefer {
        config.ssl_mode(postgres::config::SslMode::Disable);
    }
    if config.get_user().is_none()
        && let Ok(user) = std::env::var("USER")
    {
        config.user(&user);
    }
    // A row or lock another client holds makes a save wait at most this long, then say so
    // (ServerTrouble::Busy) instead of freezing the window for the length of an import.
    let options = match config.get_options() {
        Some(o) => format!("{o} -c lock_timeout=5s"),
        None => "-c lock_timeout=5s".to_owned(),
    };
    config.options(&options);
    // The socket's connect has its timeout; a server that accepts and then never answers
    // the login (or the TLS handshake) is given up on here, the attempt left to end alone.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(config.connect(tls));
    });
    match rx.recv_timeout(db::pg::CONNECT_TIMEOUT + std::time::Duration::from_secs(5)) {
        Ok(connected) => connected.map_err(super::sql_err(&shown)),
        Err(_) => Err(server_err(
            &shown,
            ServerTrouble::Unreachable,
            "no answer to the login within 15 s".into(),
        )),
    }
}

/// The schema version of the dataset in the connected database (None: no dataset there).
pub fn version(conn: &PgConn) -> db::Result<Option<i32>> {
    let mut client = conn.client();
    let exists: bool = client
        .query_one("SELECT to_regclass('im_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let v: i64 = client
        .query_one("SELECT version FROM im_schema", &[])?
        .get(0);
    Ok(Some(i32::try_from(v).unwrap_or(i32::MAX)))
}

/// What opening reads of a server dataset before anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The schema version.
    pub version: i32,
    /// True when the catalogue's stamp is there and this account may read it (datasets made
    /// before it lack it until an owner opens them, see [`install_catalogue_stamp`]).
    pub stamped: bool,
    /// True when the register's, the requests' and the returns' stamps are there (see
    /// `schema_pg::stamps_ddl`; added with the catalogue's by an owner's opening).
    pub later_stamped: bool,
}

/// [`version`] in one statement, for opening (outside a transaction: a missing table is
/// an error that would abort one), with whether the catalogue's stamp is there. Opening is
/// most of a short command's cost on a server, so each cold statement counts.
pub fn version_outside_transaction(conn: &PgConn) -> db::Result<Option<Found>> {
    // A server whose default privileges withhold functions from PUBLIC may not let this
    // account read the stamp: then it is as if there were none.
    const SQL: &str = "SELECT version, to_regprocedure('im_catalogue_token()') IS NOT NULL \
                       AND has_function_privilege(to_regprocedure('im_catalogue_token()'), \
                       'EXECUTE'), to_regclass('im_register_stamp') IS NOT NULL \
                       AND to_regclass('im_requests_stamp') IS NOT NULL \
                       AND to_regclass('im_returns_stamp') IS NOT NULL FROM im_schema";
    // One round trip (a plain query would prepare, run and close: three).
    conn.trace(SQL, &[]);
    match conn.client().query_typed(SQL, &[]) {
        Ok(rows) => Ok(rows.first().map(|row| Found {
            version: i32::try_from(row.get::<_, i64>(0)).unwrap_or(i32::MAX),
            stamped: row.get(1),
            later_stamped: row.get(2),
        })),
        Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Adds the catalogue's and the register's stamps to a dataset made before them (under the
/// schema lock, in one transaction). Only the tables' owner may; for anyone else this
/// fails, and the dataset is read as before, without cached copies.
pub fn install_catalogue_stamp(conn: &PgConn) -> db::Result<()> {
    let sql = format!(
        "BEGIN; SET LOCAL lock_timeout = '5s'; SELECT pg_advisory_xact_lock({});
         {} COMMIT;",
        schema_pg::LOCK_KEY,
        schema_pg::stamps_ddl()
    );
    conn.batch_execute(&sql).inspect_err(|_| conn.rollback())
}

/// The oldest server the schema's DDL runs on (`CREATE OR REPLACE TRIGGER`), as
/// `server_version_num`.
pub const MIN_SERVER_VERSION: i64 = 140_000;

/// Brings the database's schema to [`schema::LATEST_VERSION`], creating it when empty, in
/// one transaction under the advisory lock.
pub fn migrate(conn: &PgConn, path: &Path) -> Result<(), StoreError> {
    let server_version: i64 = conn
        .client()
        .query_one("SELECT current_setting('server_version_num')::bigint", &[])
        .map_err(super::sql_err(path))?
        .get(0);
    if server_version < MIN_SERVER_VERSION {
        return Err(StoreError::Refused {
            path: path.to_path_buf(),
            zh: format!(
                "服务器的 PostgreSQL 版本过旧（{server_version}），需要 14 或更新版本；未作任何改动"
            ),
            en: format!(
                "the server runs PostgreSQL {server_version}; datasets need version 14 or newer (nothing was changed)"
            ),
        });
    }
    let run = || -> db::Result<()> {
        let mut client = conn.client();
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema_pg::LOCK_KEY])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS im_schema (version BIGINT NOT NULL, application TEXT NOT NULL)",
        )?;
        let current: Option<i64> = tx
            .query_opt("SELECT version FROM im_schema", &[])?
            .map(|r| r.get(0));
        let from = current.unwrap_or(0) as usize;
        for ddl in schema_pg::migrations().iter().skip(from) {
            tx.batch_execute(ddl)?;
        }
        if from < schema::LATEST_VERSION as usize {
            tx.batch_execute(&schema_pg::notify_ddl())?;
        }
        match current {
            None => tx.execute(
                "INSERT INTO im_schema(version, application) VALUES ($1, 'industry-monitor')",
                &[&i64::from(schema::LATEST_VERSION)],
            )?,
            Some(_) => tx.execute(
                "UPDATE im_schema SET version = $1",
                &[&i64::from(schema::LATEST_VERSION)],
            )?,
        };
        tx.commit()?;
        Ok(())
    };
    run().map_err(|e| match e {
        db::Error::Pg(pg) => StoreError::Migration {
            path: path.to_path_buf(),
            message: db::pg::describe(&pg),
            backup: PathBuf::from("(none: the server's transaction was rolled back)"),
        },
        other => super::sql_err(path)(other),
    })
}

/// True when the account may change anything at all (an official who may only edit
/// requests is not read-only; a change beyond their grants is refused with the server's
/// reason).
pub fn can_write(conn: &PgConn) -> db::Result<bool> {
    let row = conn.client().query_one(
        "SELECT bool_or(has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE'))
         FROM pg_class c
         WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
           AND c.relname = ANY($1)",
        &[&schema_pg::all_tables().collect::<Vec<_>>()],
    )?;
    Ok(row.get::<_, Option<bool>>(0).unwrap_or(false))
}

/// True when the database holds a dataset with data in it (tables a failed push or sample
/// left empty do not count: the next one may fill them).
pub fn holds_dataset(conn: &PgConn) -> db::Result<bool> {
    if version(conn)?.is_none() {
        return Ok(false);
    }
    let row = conn
        .client()
        .query_one("SELECT EXISTS (SELECT 1 FROM meta)", &[])?;
    Ok(row.get(0))
}

/// Drops the dataset at `address` if it is still empty, under the schema lock (a push or
/// sample that failed half-way leaves nothing; one that a concurrent client filled stays).
pub fn discard_if_empty(address: &str) {
    let Ok(client) = connect(address) else {
        return;
    };
    let conn = PgConn::new(client);
    let run = || -> db::Result<()> {
        // A lost connection's transaction may hold the lock until the server notices:
        // give up then rather than hang.
        conn.batch_execute("BEGIN; SET LOCAL lock_timeout = '5s'")?;
        let lock = format!("SELECT pg_advisory_xact_lock({})", schema_pg::LOCK_KEY);
        conn.batch_execute(&lock)?;
        if !holds_dataset(&conn)? {
            drop_dataset(&conn)?;
        }
        conn.batch_execute("COMMIT")
    };
    if run().is_err() {
        conn.rollback();
    }
}

/// Removes every table of a dataset (a failed creation leaves nothing behind).
pub fn drop_dataset(conn: &PgConn) -> db::Result<()> {
    let mut sql = String::from("DROP VIEW IF EXISTS figures, returns;");
    for t in schema_pg::all_tables().collect::<Vec<_>>().iter().rev() {
        sql.push_str(&format!("DROP TABLE IF EXISTS {t} CASCADE;"));
    }
    sql.push_str(
        "DROP TABLE IF EXISTS im_schema; DROP FUNCTION IF EXISTS im_notify() CASCADE;
         DROP FUNCTION IF EXISTS im_change_count(); DROP SEQUENCE IF EXISTS im_changes;
         DROP TABLE IF EXISTS im_catalogue_stamp; DROP FUNCTION IF EXISTS im_catalogue_token();
         DROP FUNCTION IF EXISTS im_catalogue_changed() CASCADE;
         DROP TABLE IF EXISTS im_register_stamp, im_requests_stamp, im_returns_stamp;
         DROP FUNCTION IF EXISTS im_register_changed() CASCADE;
         DROP FUNCTION IF EXISTS im_requests_changed() CASCADE;
         DROP FUNCTION IF EXISTS im_returns_changed() CASCADE;",
    );
    conn.batch_execute(&sql)
}

/// Waits for other clients' committed changes to the dataset at `address` and calls
/// `changed` for each batch (the schema's triggers NOTIFY on every write), until `stop` is
/// set; changes made through the connection with backend id `own` are not reported.
/// Returns the connection's error when the server goes away (the caller retries).
pub fn watch(
    address: &Path,
    own: Option<i32>,
    stop: &std::sync::atomic::AtomicBool,
    mut changed: impl FnMut(),
) -> Result<(), StoreError> {
    use postgres::fallible_iterator::FallibleIterator;
    use std::sync::atomic::Ordering;
    let text = address.to_str().unwrap_or_default();
    let shown = PathBuf::from(redact(text));
    let mut client = connect(text)?;
    client
        .batch_execute("LISTEN industry_monitor")
        .map_err(super::sql_err(&shown))?;
    while !stop.load(Ordering::Relaxed) {
        let mut notes = client.notifications();
        let mut batch = notes.timeout_iter(std::time::Duration::from_millis(500));
        let mut any = false;
        while let Some(n) = batch.next().map_err(super::sql_err(&shown))? {
            any |= Some(n.process_id()) != own;
        }
        if any {
            changed();
        }
    }
    Ok(())
}

impl super::Dataset {
    /// The server's id for this dataset's connection (None for a file): a watcher leaves
    /// out the changes made through it.
    pub fn server_pid(&self) -> Option<i32> {
        let conn = self.connection().pg()?;
        let row = conn
            .client()
            .query_one("SELECT pg_backend_pid()", &[])
            .ok()?;
        Some(row.get(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_told_from_paths() {
        assert!(is_address(Path::new("postgres://u@h/db")));
        assert!(is_address(Path::new("postgresql://%2Ftmp%2Fs/db")));
        assert!(!is_address(Path::new("/home/u/postgres.imdb")));
        assert!(!is_address(Path::new("data/样例.imdb")));
    }

    #[test]
    fn arguments_lose_their_password_to_memory() {
        let arg = "postgres://zhao:pw-42@db.test/arg?sslmode=require";
        assert_eq!(
            take_password(arg),
            "postgres://zhao@db.test/arg?sslmode=require"
        );
        assert_eq!(
            remembered("postgres://zhao@db.test/arg?sslmode=require").as_deref(),
            Some("pw-42")
        );
        assert_eq!(
            take_password("--dataset=postgres://qian:x@h/d"),
            "--dataset=postgres://qian@h/d"
        );
        assert_eq!(take_password("--dataset=a.imdb"), "--dataset=a.imdb");
        assert_eq!(take_password("样例.imdb"), "样例.imdb");
    }

    #[test]
    fn passwords_never_survive_redaction() {
        assert_eq!(
            redact("postgres://ana:s3cret@db.local/jx"),
            "postgres://ana@db.local/jx"
        );
        assert_eq!(
            redact("postgresql://ana@h/jx?password=s3cret&sslmode=require"),
            "postgresql://ana@h/jx?sslmode=require"
        );
        assert_eq!(redact("postgres://h/jx?password=x"), "postgres://h/jx");
        assert_eq!(redact("postgres://ana@h/jx"), "postgres://ana@h/jx");
        // The client library takes everything up to the first '@' as user and password.
        assert_eq!(redact("postgres://ana:pa/s?s@h/jx"), "postgres://ana@h/jx");
    }
}
