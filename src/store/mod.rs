//! The dataset file: one SQLite database per dataset, with schema migrations, the catalogue,
//! sources, figures and the enterprise register.
//!
//! Opening never changes a file it refuses: the header is read as plain bytes first, so a
//! foreign or newer file is rejected before SQLite opens it. An older file is copied to a
//! backup before it is migrated.

mod catalogue;
pub mod db;
mod evaluation;
mod figures;
pub mod read_cache;
mod register;
mod returns;
mod returns_copy;
pub mod schema;
pub mod schema_pg;
pub mod server;
mod targets;
pub mod transfer;
pub mod validate;
mod warnings;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use db::Db;

/// The read of the dataset's meta (keys and values, both text).
const META_SQL: &str = "SELECT key, value FROM meta";

pub use catalogue::Ids;
pub use figures::{FigureWriter, ObservationKey, WriteOutcome, same_value};
pub use register::RegisterLists;
pub use returns::ReturnWriter;

use crate::model::{
    Catalogue, Figures, Lang, RawFigure, RegionContext, SkippedRow, Snapshot, Source,
};

pub use validate::Rejected;

/// Everything that can go wrong with a dataset file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file does not exist.
    #[error(
        "{path}: no such file. Check the path, or create a dataset with `industry-monitor sample` or an import"
    )]
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// The file is not an SQLite database at all.
    #[error(
        "{path}: not an Industry Monitor dataset (not an SQLite file). Open a .imdb dataset, or import this file instead"
    )]
    NotADataset {
        /// The path given.
        path: PathBuf,
    },
    /// An SQLite database of another program.
    #[error(
        "{path}: an SQLite database of another program (application id {application_id:#x}), not an Industry Monitor dataset; it was left untouched"
    )]
    Foreign {
        /// The path given.
        path: PathBuf,
        /// The application id found in its header.
        application_id: i32,
    },
    /// A dataset written by a newer version of the app.
    #[error(
        "{path}: written by a newer Industry Monitor (schema version {found}, this version reads up to {supported}); it was left untouched. Update the app to open it"
    )]
    Newer {
        /// The path given.
        path: PathBuf,
        /// The schema version in the file.
        found: i32,
        /// The newest version this build knows.
        supported: i32,
    },
    /// A file-system error.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An SQLite error.
    #[error("{path}: database error: {source}")]
    Sqlite {
        /// The dataset's path (":memory:" for in-memory datasets).
        path: PathBuf,
        /// The underlying error.
        source: rusqlite::Error,
    },
    /// A migration failed.
    #[error("{path}: could not upgrade the dataset: {message}. The original is kept in {backup}")]
    Migration {
        /// The dataset's path.
        path: PathBuf,
        /// What failed.
        message: String,
        /// Where the backup copy is.
        backup: PathBuf,
    },
    /// The data in the file contradicts the schema's expectations.
    #[error("{path}: {message}")]
    Invalid {
        /// The dataset's path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The dataset was opened read-only.
    #[error(
        "{path}: the dataset is read-only here (no write permission); save a copy elsewhere to change it"
    )]
    ReadOnly {
        /// The dataset's path.
        path: PathBuf,
    },
    /// A value the readers could not use (a date outside 1990–2100, a number that is not
    /// finite): refused before it is written, naming the record.
    #[error("{path}: {rejected}")]
    Rejected {
        /// The dataset's path.
        path: PathBuf,
        /// The record and what is wrong with it.
        rejected: Rejected,
    },
    /// The PostgreSQL server could not be reached or refused the request.
    #[error("{path}: {}", trouble.en(detail))]
    Server {
        /// The dataset's address (without a password).
        path: PathBuf,
        /// What kind of trouble.
        trouble: ServerTrouble,
        /// The server's or the connection's own words.
        detail: String,
    },
    /// A service request changed by someone else since it was shown; nothing was written.
    #[error(
        "{path}: someone else changed this request since it was shown (now revision {}); your change was not saved. The current version is shown: check it and make your change again",
        current.revision
    )]
    Changed {
        /// The dataset's path or address.
        path: PathBuf,
        /// The request as it is stored now.
        current: Box<crate::model::ServiceRequest>,
    },
    /// An import's plan was checked against the dataset as it was before a colleague's
    /// change (found under the import's lock, so nothing can slip in between).
    #[error("{path}: the dataset changed since the import was checked; check it again", path = .path.display())]
    Stale {
        /// The dataset's path or address.
        path: PathBuf,
    },
    /// Something the dataset cannot do as it stands, and what to do instead: said to users
    /// in the window, so in both languages.
    #[error("{path}: {en}")]
    Refused {
        /// The dataset's path.
        path: PathBuf,
        /// The reason, in Chinese.
        zh: String,
        /// The reason, in English.
        en: String,
    },
}

impl StoreError {
    /// The message in `lang` (English is the `Display` text). Messages of SQLite and the
    /// operating system stay as they come, inside a Chinese sentence.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            StoreError::NotFound { path } => format!(
                "{}：文件不存在。请检查路径，或用示例数据（industry-monitor sample）或导入新建数据集",
                path.display()
            ),
            StoreError::NotADataset { path } => format!(
                "{}：不是工业运行监测数据集（不是SQLite文件）。请打开 .imdb 数据集；统计表请用“导入”",
                path.display()
            ),
            StoreError::Foreign {
                path,
                application_id,
            } => format!(
                "{}：这是其他程序的SQLite数据库（应用标识{application_id:#x}），不是工业运行监测数据集；文件未作任何改动",
                path.display()
            ),
            StoreError::Newer {
                path,
                found,
                supported,
            } => format!(
                "{}：由更新版本的工业运行监测写入（结构版本{found}，本版本最高支持{supported}），文件未作任何改动。请升级本软件后再打开",
                path.display()
            ),
            StoreError::Io { path, source } => {
                format!("{}：文件读写失败（{source}）", path.display())
            }
            StoreError::Sqlite { path, source } => {
                format!("{}：数据库错误（{source}）", path.display())
            }
            StoreError::Migration {
                path,
                message,
                backup,
            } => format!(
                "{}：数据集升级失败（{message}），原文件已备份为 {}",
                path.display(),
                backup.display()
            ),
            StoreError::Invalid { path, message } => {
                format!("{}：数据集内容有误（{message}）", path.display())
            }
            StoreError::ReadOnly { path } => format!(
                "{}：数据集在此为只读（无写入权限）；如需修改，请另存一份副本",
                path.display()
            ),
            StoreError::Refused { path, zh, .. } => format!("{}：{zh}", path.display()),
            StoreError::Server {
                path,
                trouble,
                detail,
            } => format!("{}：{}", path.display(), trouble.zh(detail)),
            StoreError::Stale { path } => {
                format!("{}：检查之后数据集已有改动；请重新检查", path.display())
            }
            StoreError::Changed { path, current } => format!(
                "{}：该诉求在您打开后已被他人修改（现为第{}版），您的修改未保存；已显示最新内容，请核对后重新修改",
                path.display(),
                current.revision
            ),
            StoreError::Rejected { path, rejected } => {
                format!("{}：{}：{}", path.display(), rejected.record, rejected.zh)
            }
        }
    }
}

/// What kind of trouble a server gave (how the user can get out of it differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerTrouble {
    /// Not reachable: down, wrong address, or the connection was lost.
    Unreachable,
    /// The user name or password was refused, or a password is needed.
    Login,
    /// The account may read but not write.
    ReadOnly,
    /// The account may write, but not this (a grant it lacks).
    NotAllowed,
    /// Someone else holds what this needs (another import), and waiting was not asked for.
    Busy,
    /// Anything else the server said.
    Other,
}

impl ServerTrouble {
    /// Classifies a server error by its SQLSTATE, or by the connection's state.
    pub fn of(e: &postgres::Error) -> ServerTrouble {
        match e.code().map(|c| c.code()) {
            Some("28P01" | "28000") => ServerTrouble::Login,
            Some("25006") => ServerTrouble::ReadOnly,
            Some("42501") => ServerTrouble::NotAllowed,
            Some("55P03") => ServerTrouble::Busy,
            Some(c) if c.starts_with("08") || c.starts_with("57P") => ServerTrouble::Unreachable,
            Some(_) => ServerTrouble::Other,
            None => {
                let said = db::pg::describe(e);
                let lost = e.is_closed()
                    || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
                    || said.contains("timed out")
                    || said.contains("timeout")
                    || said.contains("error connecting");
                if said.contains("password missing") {
                    ServerTrouble::Login
                } else if lost {
                    ServerTrouble::Unreachable
                } else {
                    ServerTrouble::Other
                }
            }
        }
    }

    fn en(self, detail: &str) -> String {
        match self {
            ServerTrouble::Unreachable => format!(
                "cannot reach the server, or the connection was lost ({detail}); check the address and that the server is running, then try again"
            ),
            ServerTrouble::Login => format!(
                "the server refused the login ({detail}); check the user name and enter the password again"
            ),
            ServerTrouble::ReadOnly => format!(
                "your account may read this dataset but not change it ({detail}); nothing was changed. Ask the dataset's administrator for write access"
            ),
            ServerTrouble::NotAllowed => format!(
                "your account may not make this change to the dataset ({detail}); nothing was changed. Ask the dataset's administrator for the right to it"
            ),
            ServerTrouble::Busy => format!(
                "someone else is changing the dataset right now ({detail}); nothing was changed. Try again when their import has finished"
            ),
            ServerTrouble::Other => format!("the server refused the request: {detail}"),
        }
    }

    fn zh(self, detail: &str) -> String {
        match self {
            ServerTrouble::Unreachable => format!(
                "无法连接服务器，或连接已中断（{detail}）；请检查地址和服务器是否运行，然后重试"
            ),
            ServerTrouble::Login => {
                format!("服务器拒绝登录（{detail}）；请检查用户名并重新输入密码")
            }
            ServerTrouble::ReadOnly => format!(
                "您的账号对该数据集只有读取权限（{detail}），未作任何修改；如需修改请联系数据集管理员开通写入权限"
            ),
            ServerTrouble::NotAllowed => format!(
                "您的账号无权对该数据集作此修改（{detail}），未作任何修改；如需此项权限请联系数据集管理员"
            ),
            ServerTrouble::Busy => {
                format!("其他用户正在修改数据集（{detail}），未作任何修改；请待其导入完成后重试")
            }
            ServerTrouble::Other => format!("服务器拒绝了请求：{detail}"),
        }
    }
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Title and home region of a dataset.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DatasetMeta {
    /// A human title, e.g. "鸡西市工业运行监测样例数据".
    pub title: String,
    /// Code of the region the dataset describes.
    pub home_region: String,
    /// True for the bundled sample.
    pub is_sample: bool,
}

impl DatasetMeta {
    /// The title a new dataset of a region gets, e.g. "大庆市工业运行监测".
    pub fn default_title(region_name_zh: &str) -> String {
        format!("{region_name_zh}工业运行监测")
    }
}

/// How the header of a file identifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// `PRAGMA user_version`.
    pub user_version: i32,
    /// `PRAGMA application_id`.
    pub application_id: i32,
}

/// Reads the SQLite header without opening the database, so nothing can be written.
pub fn read_header(path: &Path) -> Result<Header> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound {
            path: path.to_path_buf(),
        },
        _ => StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    let mut buf = [0u8; 100];
    let mut read = 0;
    while read < buf.len() {
        match file.read(&mut buf[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    source: e,
                });
            }
        }
    }
    if read < 100 || &buf[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotADataset {
            path: path.to_path_buf(),
        });
    }
    let be = |at: usize| i32::from_be_bytes([buf[at], buf[at + 1], buf[at + 2], buf[at + 3]]);
    Ok(Header {
        user_version: be(60),
        application_id: be(68),
    })
}

/// An open dataset.
pub struct Dataset {
    conn: Db,
    path: PathBuf,
    /// None until known: a server dataset opened for writing asks for its grants the
    /// first time it matters (see [`Dataset::is_read_only`]).
    read_only: std::cell::Cell<Option<bool>>,
    /// True when opened read-only on purpose rather than for want of rights.
    read_only_asked: bool,
    catalogue: Catalogue,
    ids: Ids,
    /// Catalogue rows skipped on opening (reported with every snapshot and by the checks).
    catalogue_skipped: Vec<SkippedRow>,
}

impl std::fmt::Debug for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dataset")
            .field("path", &self.path)
            .field("read_only", &self.read_only.get())
            .finish_non_exhaustive()
    }
}

/// The file's header, when it is one of our datasets of a schema this build can read;
/// otherwise the error that says so (the file is only read).
fn ours_and_not_newer(path: &Path) -> Result<Header> {
    let header = read_header(path)?;
    if header.application_id != schema::APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            application_id: header.application_id,
        });
    }
    if header.user_version > schema::LATEST_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: header.user_version,
            supported: schema::LATEST_VERSION,
        });
    }
    Ok(header)
}

/// The reads of a copy read ahead (see [`read_cache::newest`]) when it is the one kept
/// under `stamp`.
fn matching(
    copy: Option<(String, Vec<db::pg::KeptRead>)>,
    stamp: &str,
) -> Option<Vec<db::pg::KeptRead>> {
    copy.filter(|(guessed, _)| guessed == stamp)
        .map(|(_, reads)| reads)
}

impl Drop for Dataset {
    fn drop(&mut self) {
        // Before the connection (a field) ends the snapshot the reads were made in.
        if let Some(conn) = self.conn.pg() {
            read_cache::keep_noted(conn);
        }
    }
}

impl Dataset {
    /// Opens an existing dataset, migrating an older one after a backup copy; a file that is
    /// not ours, or is newer, is refused untouched. Without write permission it opens
    /// read-only (see [`Dataset::is_read_only`]).
    pub fn open(path: &Path) -> Result<Dataset> {
        if server::is_address(path) {
            return Self::open_server(path, false, false);
        }
        let header = ours_and_not_newer(path)?;
        let writable = std::fs::OpenOptions::new().append(true).open(path).is_ok();
        if header.user_version < schema::LATEST_VERSION {
            if !writable {
                return Err(StoreError::ReadOnly {
                    path: path.to_path_buf(),
                });
            }
            Self::upgrade(path, header.user_version)?;
        }
        let flags = if writable {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags).map_err(sql_err(path))?;
        Self::from_connection(conn, path, Some(!writable))
    }

    /// Opens a dataset as [`Dataset::open`] does (upgrading an older one), for a command
    /// that only reads: on a server, everything it reads then comes from one snapshot (a
    /// colleague's import half-way through a briefing does not show in half of it), and a
    /// read repeated by another part of the command is answered from the first answer
    /// instead of another round trip (see [`db::pg::PgConn::hold_snapshot`]). A write
    /// through it is refused by the server. A file is read as by [`Dataset::open`].
    pub fn open_to_read(path: &Path) -> Result<Dataset> {
        if server::is_address(path) {
            return Self::open_server(path, false, true);
        }
        Self::open(path)
    }

    /// Opens an existing dataset strictly read-only: nothing in the file can change, not
    /// even a migration. An older schema is refused (it must be upgraded by [`Dataset::open`]
    /// first), so callers that validate before writing (import) never touch the file.
    pub fn open_read_only(path: &Path) -> Result<Dataset> {
        Self::open_read_only_with(path, false)
    }

    /// [`Dataset::open_read_only`], reading one snapshot on a server as
    /// [`Dataset::open_to_read`] does: for a worker that reads one view's data.
    pub fn open_read_only_in_snapshot(path: &Path) -> Result<Dataset> {
        Self::open_read_only_with(path, true)
    }

    fn open_read_only_with(path: &Path, snapshot: bool) -> Result<Dataset> {
        if server::is_address(path) {
            return Self::open_server(path, true, snapshot);
        }
        let header = ours_and_not_newer(path)?;
        if header.user_version < schema::LATEST_VERSION {
            let v = header.user_version;
            return Err(StoreError::Refused {
                path: path.to_path_buf(),
                zh: format!(
                    "由旧版本的工业运行监测写入（结构版本{v}）。请先在本软件中打开一次（或运行 industry-monitor summary --dataset）以升级，升级前会保留备份，然后再试"
                ),
                en: format!(
                    "written by an older Industry Monitor (schema version {v}); open it once in the app (or with `industry-monitor summary --dataset`) to upgrade it, a backup copy is kept, then try again"
                ),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql_err(path))?;
        let mut ds = Self::from_connection(conn, path, Some(true))?;
        ds.read_only_asked = true;
        Ok(ds)
    }

    /// Creates a new dataset at `path` with the built-in catalogue. The file is written under
    /// a temporary name and renamed, so a crash leaves no half-made dataset.
    pub fn create(path: &Path, meta: &DatasetMeta) -> Result<Dataset> {
        Self::create_with(path, meta, |_| Ok(()))
    }

    /// Like [`Dataset::create`], filling the new dataset with `fill` before it appears under
    /// its final name.
    pub fn create_with(
        path: &Path,
        meta: &DatasetMeta,
        fill: impl FnOnce(&mut Dataset) -> Result<()>,
    ) -> Result<Dataset> {
        Self::create_with_catalogue(path, meta, crate::model::catalogue::builtin(), fill)
    }

    /// Like [`Dataset::create_with`], starting from `catalogue` instead of the built-in one
    /// (e.g. more industries).
    pub fn create_with_catalogue(
        path: &Path,
        meta: &DatasetMeta,
        catalogue: &Catalogue,
        fill: impl FnOnce(&mut Dataset) -> Result<()>,
    ) -> Result<Dataset> {
        if server::is_address(path) {
            return Self::create_on_server(path, meta, catalogue, fill);
        }
        let tmp = temp_path_for(path);
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let conn = Connection::open(&tmp).map_err(sql_err(&tmp))?;
            // The file is private until the rename and deleted on any failure, so a rollback
            // journal buys nothing here; without it bulk fills (imports) run several times
            // faster. Durability comes from syncing the finished file before the rename.
            conn.execute_batch(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;",
            )
            .map_err(sql_err(&tmp))?;
            let mut ds = Self::init(conn, &tmp, meta, catalogue)?;
            fill(&mut ds)?;
            // Close before renaming so no journal is left behind.
            drop(ds);
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(|e| StoreError::Io {
                    path: tmp.clone(),
                    source: e,
                })?;
            std::fs::rename(&tmp, path).map_err(|e| StoreError::Io {
                path: path.to_path_buf(),
                source: e,
            })
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        Self::open(path)
    }

    /// Opens the dataset on the server at `address` (see [`server`]); an older schema is
    /// migrated in place (in one transaction) unless `read_only`.
    fn open_server(address: &Path, read_only: bool, snapshot: bool) -> Result<Dataset> {
        let text = address.to_str().unwrap_or_default();
        let shown = PathBuf::from(server::redact(text));
        // The copies used last are read on another core while the server logs in.
        let guess = snapshot.then(|| {
            std::thread::spawn(|| {
                (
                    read_cache::newest(read_cache::Group::Catalogue),
                    read_cache::Group::READ_LATER.map(read_cache::newest),
                )
            })
        });
        let conn = db::pg::PgConn::new(server::connect(text)?);
        if snapshot && let Some((token, later)) = Self::snapshot_at_latest(&conn) {
            let (catalogue, guessed) = guess.and_then(|g| g.join().ok()).unwrap_or_default();
            for ((group, stamp), guess) in read_cache::Group::READ_LATER
                .into_iter()
                .zip(later)
                .zip(guessed)
            {
                match matching(guess, &stamp) {
                    Some(reads) => conn.preload(reads),
                    None => {
                        read_cache::preload(group, &conn, &stamp);
                    }
                }
                conn.set_stamp(group.name(), stamp);
            }
            let kept = matching(catalogue, &token);
            return Self::read_catalogue_on_server(conn, &shown, read_only, Some(token), kept);
        }
        let found = Self::server_version_checked(&conn, &shown, read_only)?;
        // A migration (just run) adds the stamp with the rest.
        let stamped = found.stamped || found.version < schema::LATEST_VERSION;
        let all_stamps = stamped && (found.later_stamped || found.version < schema::LATEST_VERSION);
        if !all_stamps && !read_only && !snapshot {
            // A dataset made before the stamp: its owner's first opening adds it (anyone
            // else is refused, and reads without a cached catalogue as before).
            let _ = server::install_catalogue_stamp(&conn);
        }
        let token = match (snapshot, stamped) {
            (true, true) => conn
                .hold_snapshot_reading("SELECT im_catalogue_token()", &[])
                .map_err(sql_err(&shown))?
                .and_then(|row| row.into_iter().next().flatten()),
            (true, false) => {
                conn.hold_snapshot().map_err(sql_err(&shown))?;
                None
            }
            (false, _) => None,
        };
        Self::read_catalogue_on_server(conn, &shown, read_only, token, None)
    }

    /// For a command that reads: in one round trip, its snapshot, the schema version and the
    /// stamps: the catalogue's, then those of [`read_cache::Group::READ_LATER`]. The stamps
    /// when the dataset is at this release's schema and stamped (the usual case); else
    /// None, the snapshot undone, for the full opening (an older or newer schema, no
    /// dataset, a dataset made before the stamps, no grant on them).
    fn snapshot_at_latest(conn: &db::pg::PgConn) -> Option<(String, [String; 3])> {
        let row = conn
            .hold_snapshot_reading(
                // Scalar reads: a join of three one-row tables the server has not analysed
                // is estimated at billions of rows, and compiled (JIT) for 70 ms.
                "SELECT (SELECT version FROM im_schema LIMIT 1), \
                 (SELECT token FROM im_catalogue_stamp LIMIT 1), \
                 (SELECT token FROM im_register_stamp LIMIT 1), \
                 (SELECT token FROM im_requests_stamp LIMIT 1), \
                 (SELECT token FROM im_returns_stamp LIMIT 1)",
                // Every command reads the dataset's meta (two text columns).
                &[META_SQL],
            )
            .ok()
            .flatten();
        let latest = schema::LATEST_VERSION.to_string();
        match row.as_deref() {
            Some([Some(version), Some(token), later @ ..]) if *version == latest => {
                let [Some(register), Some(requests), Some(returns)] = later else {
                    conn.rollback();
                    return None;
                };
                Some((
                    token.clone(),
                    [register.clone(), requests.clone(), returns.clone()],
                ))
            }
            _ => {
                conn.rollback();
                None
            }
        }
    }

    /// The server dataset's schema version, migrating an older one unless `read_only`; no
    /// dataset, a newer one, or an older one opened read-only is an error saying what to do.
    fn server_version_checked(
        conn: &db::pg::PgConn,
        shown: &Path,
        read_only: bool,
    ) -> Result<server::Found> {
        let shown = shown.to_path_buf();
        let Some(found) = server::version_outside_transaction(conn).map_err(sql_err(&shown))?
        else {
            return Err(StoreError::Refused {
                path: shown,
                zh: "该数据库中还没有工业运行监测数据集；请先用 industry-monitor push --dataset 文件 --to 地址 上传一个".into(),
                en: "the database holds no Industry Monitor dataset yet; put one there with `industry-monitor push --dataset FILE --to ADDRESS`".into(),
            });
        };
        match found.version {
            v if v > schema::LATEST_VERSION => {
                return Err(StoreError::Newer {
                    path: shown,
                    found: v,
                    supported: schema::LATEST_VERSION,
                });
            }
            v if v < schema::LATEST_VERSION && read_only => {
                return Err(StoreError::Refused {
                    path: shown,
                    zh: format!(
                        "由旧版本的工业运行监测写入（结构版本{v}）。请先用可写的账户在本软件中打开一次（或运行 industry-monitor summary --dataset 地址）以升级，然后再试"
                    ),
                    en: format!(
                        "written by an older Industry Monitor (schema version {v}); open it once in the app with an account that may write (or run `industry-monitor summary --dataset ADDRESS`) to upgrade it, then try again"
                    ),
                });
            }
            v if v < schema::LATEST_VERSION => server::migrate(conn, &shown)?,
            _ => {}
        }
        Ok(found)
    }

    /// Reads the catalogue of a server dataset into a [`Dataset`]: from the copy kept under
    /// `token` when there is one (see [`read_cache`]; `kept`: that copy, already
    /// read), else from the server, keeping a copy under `token`.
    fn read_catalogue_on_server(
        conn: db::pg::PgConn,
        shown: &Path,
        read_only: bool,
        token: Option<String>,
        kept: Option<Vec<db::pg::KeptRead>>,
    ) -> Result<Dataset> {
        let preloaded = match kept {
            Some(reads) => {
                conn.preload(reads);
                true
            }
            None => token
                .as_deref()
                .is_some_and(|t| read_cache::preload(read_cache::Group::Catalogue, &conn, t)),
        };
        let record = token.is_some() && !preloaded;
        if record {
            conn.start_recording();
        }
        let mut ds = Self::from_connection(Db::Pg(conn), shown, read_only.then_some(true))?;
        ds.read_only_asked = read_only;
        if let (true, Some(token), Some(conn)) = (record, &token, ds.conn.pg()) {
            read_cache::keep(read_cache::Group::Catalogue, token, &conn.stop_recording());
        }
        Ok(ds)
    }

    /// Creates a dataset in the empty database at `address` and fills it; on any failure
    /// the tables made are dropped again.
    fn create_on_server(
        address: &Path,
        meta: &DatasetMeta,
        catalogue: &Catalogue,
        fill: impl FnOnce(&mut Dataset) -> Result<()>,
    ) -> Result<Dataset> {
        let text = address.to_str().unwrap_or_default();
        let shown = PathBuf::from(server::redact(text));
        let conn = db::pg::PgConn::new(server::connect(text)?);
        if server::holds_dataset(&conn).map_err(sql_err(&shown))? {
            return Err(StoreError::Refused {
                path: shown,
                zh: "该数据库中已有工业运行监测数据集，未作改动；请直接打开它，或换一个空数据库".into(),
                en: "the database already holds an Industry Monitor dataset and was left as it was; open it, or use an empty database".into(),
            });
        }
        server::migrate(&conn, &shown)?;
        let db = Db::Pg(conn);
        let made = Self::fill_new(&db, &shown, meta, catalogue)
            .and_then(|()| Self::from_connection(db, &shown, Some(false)))
            .and_then(|mut ds| fill(&mut ds).map(|()| ds));
        if made.is_err() {
            server::discard_if_empty(text);
        }
        made
    }

    /// A dataset in memory with the built-in catalogue (for tests and previews).
    pub fn in_memory(meta: &DatasetMeta) -> Result<Dataset> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory().map_err(sql_err(path))?;
        Self::init(conn, path, meta, crate::model::catalogue::builtin())
    }

    fn init(
        mut conn: Connection,
        path: &Path,
        meta: &DatasetMeta,
        cat: &Catalogue,
    ) -> Result<Dataset> {
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| StoreError::Invalid {
                path: path.to_path_buf(),
                message: format!("could not create the schema: {e}"),
            })?;
        let db = Db::Sqlite(conn);
        Self::fill_new(&db, path, meta, cat)?;
        Self::from_connection(db, path, Some(false))
    }

    /// Writes the catalogue and the metadata of a new dataset, in one transaction.
    fn fill_new(db: &Db, path: &Path, meta: &DatasetMeta, cat: &Catalogue) -> Result<()> {
        let tx = db.begin().map_err(sql_err(path))?;
        catalogue::write_catalogue(&tx, cat).map_err(sql_err(path))?;
        write_meta(&tx, meta).map_err(sql_err(path))?;
        tx.commit().map_err(sql_err(path))
    }

    fn upgrade(path: &Path, from: i32) -> Result<()> {
        let backup = PathBuf::from(format!("{}.v{from}.bak", path.display()));
        std::fs::copy(path, &backup).map_err(|e| StoreError::Io {
            path: backup.clone(),
            source: e,
        })?;
        let mut conn = Connection::open(path).map_err(sql_err(path))?;
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| StoreError::Migration {
                path: path.to_path_buf(),
                message: e.to_string(),
                backup,
            })
    }

    fn from_connection(
        conn: impl Into<Db>,
        path: &Path,
        read_only: Option<bool>,
    ) -> Result<Dataset> {
        let conn = conn.into();
        if let Db::Sqlite(c) = &conn {
            c.busy_timeout(Duration::from_secs(10))
                .map_err(sql_err(path))?;
            c.pragma_update(None, "foreign_keys", true)
                .map_err(sql_err(path))?;
        }
        let (catalogue, ids, catalogue_skipped) =
            catalogue::load_catalogue(&conn).map_err(sql_err(path))?;
        Ok(Dataset {
            conn,
            path: path.to_path_buf(),
            read_only: std::cell::Cell::new(read_only),
            read_only_asked: false,
            catalogue,
            ids,
            catalogue_skipped,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the dataset is on a PostgreSQL server (team mode), not in a file.
    pub fn is_on_server(&self) -> bool {
        self.conn.pg().is_some()
    }

    /// On a server, how many writing statements the dataset has seen (a sequence the
    /// change triggers advance; see [`Writer::claim_for_import`]); None for a file, or when
    /// it cannot be read (then the stale check is skipped, as for a file whose time stamp
    /// cannot be read).
    pub fn change_count(&self) -> Option<i64> {
        self.conn.pg()?;
        self.conn
            .query_row("SELECT im_change_count()", &[], |r| r.get(0))
            .ok()
    }

    /// True when the file could not be opened for writing, or the server's account may
    /// not change the dataset, or it was opened read-only.
    pub fn is_read_only(&self) -> bool {
        if let Some(known) = self.read_only.get() {
            return known;
        }
        // Asked once, when it first matters, not at every opening: one cold query less for
        // each command. A failed question is answered "writable", so the write itself says
        // what went wrong.
        let known = self
            .conn
            .pg()
            .is_some_and(|c| !server::can_write(c).unwrap_or(true));
        self.read_only.set(Some(known));
        known
    }

    /// The regions, indicators, industries and groups the dataset knows.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Row ids of catalogue entries.
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    /// Every `meta` key with its value, as text: one read serves the title, the home region,
    /// the weights and the thresholds (a round trip each on a server, and in a snapshot the
    /// later ones are answered from the first). Any stored type reads as its text: a value
    /// stored as a number must not lock the dataset.
    pub(crate) fn meta_values(&self) -> Result<std::collections::HashMap<String, String>> {
        Ok(self
            .conn
            .query_map(META_SQL, &[], |r| {
                Ok((
                    validate::value_text(r.get_ref(0)?),
                    validate::value_text(r.get_ref(1)?),
                ))
            })
            .map_err(sql_err(&self.path))?
            .into_iter()
            .collect())
    }

    /// Title and home region.
    pub fn meta(&self) -> Result<DatasetMeta> {
        let rows = self.meta_values()?;
        let get = |key: &str| -> Result<Option<String>> { Ok(rows.get(key).cloned()) };
        let home_region = get("home_region")?.ok_or_else(|| StoreError::Invalid {
            path: self.path.clone(),
            message: "the dataset names no home region (meta.home_region)".into(),
        })?;
        Ok(DatasetMeta {
            title: get("title")?.unwrap_or_default(),
            home_region,
            is_sample: get("is_sample")?.as_deref() == Some("1"),
        })
    }

    /// Makes `code` the home region. Refused when the dataset holds an enterprise register
    /// (it belongs to the current home region). A title that was the default one follows the
    /// new region.
    pub fn set_home_region(&mut self, code: &str) -> Result<()> {
        self.check_writable()?;
        let meta = self.meta()?;
        let invalid = |message: String| StoreError::Invalid {
            path: self.path.clone(),
            message,
        };
        let Some(new) = self.catalogue.region(code).cloned() else {
            return Err(invalid(format!(
                "region {code} is not in the dataset's catalogue"
            )));
        };
        let old_name = self
            .catalogue
            .region(&meta.home_region)
            .map_or(meta.home_region.clone(), |r| r.name_zh.clone());
        let enterprises: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM enterprises", &[], |r| r.get(0))
            .map_err(sql_err(&self.path))?;
        if enterprises > 0 {
            let new_name = &new.name_zh;
            return Err(StoreError::Refused {
                path: self.path.clone(),
                zh: format!(
                    "数据集中的企业名录（{enterprises}户）属于{old_name}，本地地区仍为{old_name}；\
                     如需分析{new_name}，在“地区”中选择它即可"
                ),
                en: format!(
                    "its enterprise register ({enterprises} enterprises) belongs to {old_name}, so \
                     the home region stays {old_name}; analyse {new_name} by picking it as the region"
                ),
            });
        }
        let title = (meta.title == DatasetMeta::default_title(&old_name))
            .then(|| DatasetMeta::default_title(&new.name_zh));
        self.write(|w| -> Result<()> {
            w.set_meta("home_region", &new.code)?;
            if let Some(t) = &title {
                w.set_meta("title", t)?;
            }
            Ok(())
        })
    }

    /// Every source that can be read, by id (see [`Dataset::sources_checked`]).
    pub fn sources(&self) -> Result<Vec<Source>> {
        self.sources_checked().map(|(s, _)| s)
    }

    /// Every source that can be read, and the source rows skipped because they cannot.
    pub fn sources_checked(&self) -> Result<(Vec<Source>, Vec<SkippedRow>)> {
        figures::load_sources(&self.conn).map_err(sql_err(&self.path))
    }

    /// Adds a source and returns its id.
    pub fn add_source(&mut self, source: &Source) -> Result<i64> {
        self.check_writable()?;
        figures::insert_source(&self.conn, source).map_err(sql_err(&self.path))
    }

    /// The figures of the given regions (every indicator, subject, basis and period).
    /// Rows that cannot be read are left out (see [`Dataset::snapshot`]'s `skipped`).
    pub fn figures_for_regions(&self, region_codes: &[&str]) -> Result<Figures> {
        figures::load_for_regions(&self.conn, &self.ids, region_codes, &[])
            .map(|(f, _)| f)
            .map_err(sql_err(&self.path))
    }

    /// Regions with whole-region figures of `indicator` on `basis`, in catalogue order (the
    /// regions a user can pick as the subject on that basis).
    pub fn regions_with(&self, indicator: &str, basis: crate::model::Basis) -> Result<Vec<String>> {
        figures::regions_with(&self.conn, &self.catalogue, &self.ids, indicator, basis)
            .map_err(sql_err(&self.path))
    }

    /// Everything the analysis of `region` (default: the home region) needs.
    pub fn snapshot(&self, region: Option<&str>) -> Result<Snapshot> {
        self.snapshot_reading(region, false).map(|(snap, _)| snap)
    }

    /// [`Dataset::snapshot`] and, from the same read of the figures (one round trip fewer
    /// on a server), the figures of the region and of its children on its map (its
    /// counties, [`crate::model::tilemap::layout`]); None when it has no children's map.
    pub fn snapshot_with_children(
        &self,
        region: Option<&str>,
    ) -> Result<(Snapshot, Option<Figures>)> {
        self.snapshot_reading(region, true)
    }

    fn snapshot_reading(
        &self,
        region: Option<&str>,
        with_children: bool,
    ) -> Result<(Snapshot, Option<Figures>)> {
        let meta = self.meta()?;
        let code = region.unwrap_or(&meta.home_region);
        let context =
            RegionContext::new(&self.catalogue, code).ok_or_else(|| StoreError::Invalid {
                path: self.path.clone(),
                message: format!("region {code} is not in the dataset's catalogue"),
            })?;
        let tiles = if with_children {
            crate::model::tilemap::layout(&self.catalogue, code)
        } else {
            Vec::new()
        };
        let children: Vec<&str> = if tiles.is_empty() {
            Vec::new()
        } else {
            std::iter::once(code)
                .chain(tiles.iter().map(|t| t.region.as_str()))
                .collect()
        };
        let to_load = context.regions_to_load();
        // The register is the home region's: another region's analysis gets none. It is
        // read while the figures are taken in.
        let home = code == meta.home_region;
        let ((mut figures, mut skipped), register) =
            figures::load_for_regions_meanwhile(&self.conn, &self.ids, &to_load, &children, || {
                home.then(|| self.register_checked())
            })
            .map_err(sql_err(&self.path))?;
        let children = (!children.is_empty()).then(|| {
            let of_children = figures.of_regions(&children);
            figures = figures.of_regions(&to_load);
            of_children
        });
        skipped.extend(self.catalogue_skipped.iter().cloned());
        let register = match register {
            Some(read) => {
                let (register, also) = read?;
                skipped.extend(also);
                register
            }
            None => crate::model::Register::default(),
        };
        let snap = Snapshot {
            title: meta.title,
            is_sample: meta.is_sample,
            catalogue: self.catalogue.clone(),
            context,
            figures,
            register,
            skipped,
        };
        Ok((snap, children))
    }

    /// Every figure in the dataset as rows with codes (for the Data view, checks, CSV);
    /// rows that cannot be read are left out (see [`Dataset::rows_for_checks`]).
    pub fn figure_rows(&self) -> Result<Vec<RawFigure>> {
        figures::load_rows(&self.conn, &self.ids)
            .map(|(rows, _)| rows)
            .map_err(sql_err(&self.path))
    }

    /// Every figure as [`Dataset::figure_rows`] does, and every row of any table that the
    /// readers skip (figures and the register), for `check` and the Data view's findings.
    pub fn rows_for_checks(&self) -> Result<(Vec<RawFigure>, Vec<SkippedRow>)> {
        let (rows, mut skipped) =
            figures::load_rows(&self.conn, &self.ids).map_err(sql_err(&self.path))?;
        skipped.extend(self.catalogue_skipped.iter().cloned());
        skipped.extend(self.sources_checked()?.1);
        skipped.extend(self.register_checked()?.1);
        skipped.extend(self.evaluation_weights_checked()?.1);
        skipped.extend(self.targets_checked()?.1);
        skipped.extend(self.warning_thresholds_checked()?.1);
        Ok((rows, skipped))
    }

    /// The stored value of each key, in order (None where the dataset has no such figure):
    /// one prepared point lookup per key, read-only, for comparing an import with the data.
    pub fn lookup_figures(
        &self,
        keys: impl IntoIterator<Item = ObservationKey>,
    ) -> Result<Vec<Option<f64>>> {
        figures::lookup_values(&self.conn, keys).map_err(sql_err(&self.path))
    }

    /// Number of figures stored.
    pub fn figure_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT COUNT(*) FROM observations", &[], |r| r.get(0))
            .map_err(sql_err(&self.path))
    }

    /// Runs `f` in one transaction: everything it writes is committed together, or nothing
    /// when it returns an error.
    pub fn write<T, E>(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<StoreError>,
    {
        self.check_writable()?;
        let path = self.path.clone();
        let tx = self.conn.begin().map_err(sql_err(&path))?;
        let mut writer = Writer {
            tx,
            ids: &self.ids,
            catalogue: &self.catalogue,
            path: path.clone(),
        };
        let out = f(&mut writer)?;
        writer.tx.commit().map_err(sql_err(&path))?;
        Ok(out)
    }

    fn check_writable(&self) -> Result<()> {
        let read_only = self.is_read_only();
        if read_only && self.read_only_asked {
            return Err(StoreError::Refused {
                path: self.path.clone(),
                zh: "数据集以只读方式打开，未作任何修改；请以可写方式重新打开后再修改".into(),
                en: "the dataset was opened read-only and nothing was changed; open it for writing to change it".into(),
            });
        }
        if read_only && self.conn.pg().is_some() {
            return Err(StoreError::Server {
                path: self.path.clone(),
                trouble: ServerTrouble::ReadOnly,
                detail: "no INSERT or UPDATE grant on the dataset's tables".into(),
            });
        }
        if read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    /// The connection, for integrity checks in tests.
    pub fn connection(&self) -> &Db {
        &self.conn
    }
}

/// Writes inside one transaction (see [`Dataset::write`]).
pub struct Writer<'a> {
    tx: db::Tx<'a>,
    ids: &'a Ids,
    catalogue: &'a Catalogue,
    path: PathBuf,
}

impl Writer<'_> {
    /// The catalogue the figures refer to.
    pub fn catalogue(&self) -> &Catalogue {
        self.catalogue
    }

    /// Adds a source and returns its id.
    pub fn add_source(&self, source: &Source) -> Result<i64> {
        figures::insert_source(&self.tx, source).map_err(sql_err(&self.path))
    }

    /// A prepared writer of figures (reuse it for many rows).
    pub fn figures(&self) -> Result<FigureWriter<'_>> {
        FigureWriter::new(&self.tx, self.ids).map_err(sql_err(&self.path))
    }

    /// Sets a metadata entry.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                &[&key, &value],
            )
            .map(|_| ())
            .map_err(sql_err(&self.path))
    }

    /// Claims the dataset for a bulk write (an import) until the transaction ends: on a
    /// server a second import at the same time is refused at once ([`ServerTrouble::Busy`])
    /// instead of interleaving; a file's own lock already lets one writer in at a time.
    /// Given the change count the import was planned at, a server dataset changed since is
    /// refused as [`StoreError::Stale`].
    pub fn claim_for_import(&mut self, planned_changes: Option<i64>) -> Result<()> {
        if self.tx.pg().is_none() {
            return Ok(());
        }
        let got: i64 = self
            .tx
            .query_row(
                "SELECT CAST(pg_try_advisory_xact_lock(?1) AS INTEGER)",
                rusqlite::params![schema_pg::LOCK_KEY + 1],
                |r| r.get(0),
            )
            .map_err(sql_err(&self.path))?;
        if got == 0 {
            return Err(StoreError::Server {
                path: self.path.clone(),
                trouble: ServerTrouble::Busy,
                detail: "another import into this dataset is running".into(),
            });
        }
        // Under the lock, on the import's own connection: no other import can commit
        // between this look and the import's own commit.
        if let Some(planned) = planned_changes {
            let now: i64 = self
                .tx
                .query_row("SELECT im_change_count()", &[], |r| r.get(0))
                .map_err(sql_err(&self.path))?;
            if now != planned {
                return Err(StoreError::Stale {
                    path: self.path.clone(),
                });
            }
        }
        Ok(())
    }

    /// The transaction, for the register's writers.
    pub(crate) fn tx(&self) -> &Db {
        &self.tx
    }

    /// The dataset's path, for error messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Row ids of catalogue entries.
    pub fn ids(&self) -> &Ids {
        self.ids
    }
}

fn write_meta(conn: &Db, meta: &DatasetMeta) -> db::Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?;
    stmt.execute(rusqlite::params!["title", meta.title])?;
    stmt.execute(rusqlite::params!["home_region", meta.home_region])?;
    stmt.execute(rusqlite::params![
        "is_sample",
        if meta.is_sample { "1" } else { "0" }
    ])?;
    Ok(())
}

/// Maps an error of the database to a [`StoreError`] naming the dataset; a value the
/// store's writers refused ([`Rejected`], carried through rusqlite's conversion error) stays
/// typed, and a server's error says what kind of trouble it is.
pub fn sql_err<E: Into<db::Error>>(path: &Path) -> impl Fn(E) -> StoreError + '_ {
    move |e| match e.into() {
        db::Error::Sqlite(rusqlite::Error::ToSqlConversionFailure(e)) => {
            match e.downcast::<Rejected>() {
                Ok(rejected) => StoreError::Rejected {
                    path: path.to_path_buf(),
                    rejected: *rejected,
                },
                Err(e) => StoreError::Sqlite {
                    path: path.to_path_buf(),
                    source: rusqlite::Error::ToSqlConversionFailure(e),
                },
            }
        }
        db::Error::Sqlite(source) => StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        },
        db::Error::Pg(e) => StoreError::Server {
            path: path.to_path_buf(),
            trouble: ServerTrouble::of(&e),
            detail: db::pg::describe(&e),
        },
        db::Error::Io(e) => StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

/// A sibling path for writing a file before renaming it into place.
pub fn temp_path_for(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
pub(crate) mod test_backends;
#[cfg(test)]
mod tests;
