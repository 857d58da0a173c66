//! The workspace: one SQLite file holding every month, each import as a version (the
//! previous one stays recoverable), the files and problems behind it and the template used.
//! Every import is one transaction: it lands whole or not at all.

pub mod samples;
pub mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::import::{FileDigest, ImportOutcome, sha256_hex};
use crate::model::{Cell, History, Level, MonthTable, Problem, Status, YearMonth};
use crate::template::Template;

/// File name of the workspace inside its folder.
pub const FILE_NAME: &str = "dispatch-desk.sqlite";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("无法创建或打开工作区文件夹 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "工作区文件 {path} 已损坏或不是数据库（{detail}）。文件未做任何修改，请从备份恢复或换一个工作区文件夹"
    )]
    Corrupt { path: String, detail: String },
    #[error("{path} 不是 dispatch-desk 的工作区（是别的程序的数据库），未做任何修改")]
    Foreign { path: String },
    #[error(
        "工作区 {path} 由更新版本的 dispatch-desk 创建（格式版本 {found}），请升级本程序后再打开"
    )]
    TooNew { path: String, found: i64 },
    #[error("工作区正被另一个 dispatch-desk 窗口或命令使用，请稍后再试")]
    Busy,
    #[error("{}已有数据（{detail}），如需替换请确认替换（命令行加 --replace）", .month.chinese())]
    MonthExists { month: YearMonth, detail: String },
    #[error("工作区中没有{}的数据", .0.chinese())]
    NoMonth(YearMonth),
    #[error("工作区数据库出错：{0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A stored month as listed to the user.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthInfo {
    pub month: YearMonth,
    pub version: i64,
    pub versions: usize,
    pub sample: bool,
    pub townships: usize,
    pub imported_at: String,
    pub files: Vec<String>,
}

/// One version of a month.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionInfo {
    pub id: i64,
    pub created_at: String,
    pub sample: bool,
    pub current: bool,
    pub files: Vec<FileDigest>,
}

/// What an import stores.
pub struct NewMonth<'a> {
    pub month: YearMonth,
    pub table: &'a MonthTable,
    pub files: &'a [FileDigest],
    pub problems: &'a [Problem],
    /// Where each value came from: (township, column) → place.
    pub sources: &'a crate::import::Sources,
    pub template_text: &'a str,
    pub sample: bool,
    /// Replace a month that holds real data (sample months are replaced without asking).
    pub replace: bool,
}

impl<'a> NewMonth<'a> {
    /// What an import outcome stores as `month`, made with `template_text`.
    pub fn from_outcome(
        outcome: &'a ImportOutcome,
        month: YearMonth,
        template_text: &'a str,
    ) -> NewMonth<'a> {
        NewMonth {
            month,
            table: &outcome.table,
            files: &outcome.digests,
            problems: &outcome.problems,
            sources: &outcome.sources,
            template_text,
            sample: false,
            replace: false,
        }
    }
}

/// The note under which the clerk's 下步工作要求 of a month is kept.
pub const NOTE_NEXT_STEPS: &str = "next_steps";

/// What an undo did.
#[derive(Debug, Clone, PartialEq)]
pub enum Undone {
    /// The month is back to this earlier version.
    Restored { version: i64, imported_at: String },
    /// The month had one version: it is gone from the list (the data stays in the file).
    Removed,
}

pub struct Workspace {
    conn: Connection,
    path: PathBuf,
}

impl Workspace {
    /// The user's data folder for the workspace.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("cn", "dispatch-desk", "dispatch-desk")
            .map(|d| d.data_dir().to_path_buf())
    }

    /// Opens the workspace in `dir`, creating it (and seeding the sample months) if new.
    /// An existing file that is corrupt, foreign or too new is refused and left untouched.
    pub fn open(dir: &Path) -> Result<Workspace> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let path = dir.join(FILE_NAME);
        let shown = path.display().to_string();
        let existing = std::fs::metadata(&path)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        if existing {
            let mut head = [0u8; 16];
            let read = std::fs::File::open(&path)
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
                .map_err(|e| StoreError::Corrupt {
                    path: shown.clone(),
                    detail: e.to_string(),
                });
            if read.is_err() || &head != b"SQLite format 3\0" {
                return Err(StoreError::Corrupt {
                    path: shown,
                    detail: "文件头不是 SQLite 数据库".into(),
                });
            }
        }
        let flags = if existing {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| StoreError::Corrupt {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
        conn.busy_timeout(Duration::from_secs(5))?;
        if existing {
            let check: String = conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Busy => StoreError::Busy,
                    other => StoreError::Corrupt {
                        path: shown.clone(),
                        detail: other.to_string(),
                    },
                })?;
            if check != "ok" {
                return Err(StoreError::Corrupt {
                    path: shown,
                    detail: check,
                });
            }
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let app: Option<String> = if version == 0 {
                None
            } else {
                conn.query_row("SELECT value FROM meta WHERE key = 'app'", [], |r| r.get(0))
                    .optional()
                    .ok()
                    .flatten()
            };
            let empty: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            if app.as_deref() != Some("dispatch-desk") && !(version == 0 && empty == 0) {
                return Err(StoreError::Foreign { path: shown });
            }
            if version > schema::MIGRATIONS.len() as i64 {
                return Err(StoreError::TooNew {
                    path: shown,
                    found: version,
                });
            }
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )?;
        let mut ws = Workspace { conn, path };
        let fresh = ws.migrate()?;
        if fresh {
            samples::seed(&mut ws)?;
        }
        Ok(ws)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long a write waits for another instance before giving up with `Busy`.
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// Brings the schema up to date, one transaction per step. True for a new workspace.
    fn migrate(&mut self) -> Result<bool> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(version == 0)
    }

    /// Stores a month as a new version in one transaction.
    pub fn import(&mut self, new: NewMonth<'_>) -> Result<i64> {
        let month = new.month.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: Option<(i64, bool, String)> = tx
            .query_row(
                "SELECT v.id, v.sample, v.created_at FROM months m JOIN versions v ON v.id = m.version
                 WHERE m.month = ?1",
                [&month],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((id, sample, at)) = current
            && !sample
            && !new.replace
        {
            let towns: i64 = tx.query_row(
                "SELECT count(DISTINCT township) FROM vals WHERE version = ?1",
                [id],
                |r| r.get(0),
            )?;
            return Err(StoreError::MonthExists {
                month: new.month,
                detail: format!("{towns}个乡镇，导入于{at}"),
            });
        }
        let sha = sha256_hex(new.template_text.as_bytes());
        tx.execute(
            "INSERT OR IGNORE INTO templates (sha256, text) VALUES (?1, ?2)",
            params![sha, new.template_text],
        )?;
        tx.execute(
            "INSERT INTO versions (month, sample, template) VALUES (?1, ?2, ?3)",
            params![month, new.sample, sha],
        )?;
        let version = tx.last_insert_rowid();
        {
            let mut put = tx.prepare(
                "INSERT INTO vals (version, township, col, value, status, place)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut written = 0usize;
            for cell in new.table.cells(new.month) {
                let at = new.sources.describe(&cell.township, &cell.column);
                let code = cell.status.map(Status::code);
                put.execute(params![
                    version,
                    cell.township,
                    cell.column,
                    cell.value,
                    code,
                    at
                ])?;
                written += 1;
                crash_point(written);
            }
            let mut file = tx.prepare(
                "INSERT INTO files (version, name, size, sha256) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for f in new.files {
                file.execute(params![version, f.name, f.size as i64, f.sha256])?;
            }
            let mut prob = tx.prepare(
                "INSERT INTO problems (version, level, file, sheet, cell, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for p in new.problems {
                prob.execute(params![
                    version,
                    p.level.code(),
                    p.file,
                    p.sheet,
                    p.cell,
                    p.message
                ])?;
            }
        }
        tx.execute(
            "INSERT INTO months (month, version) VALUES (?1, ?2)
             ON CONFLICT(month) DO UPDATE SET version = excluded.version",
            params![month, version],
        )?;
        tx.commit()?;
        Ok(version)
    }

    /// Months in order, with their current version and sources.
    pub fn months(&self) -> Result<Vec<MonthInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.month, m.version, v.sample, v.created_at,
                    (SELECT count(*) FROM versions w WHERE w.month = m.month),
                    (SELECT count(DISTINCT township) FROM vals x WHERE x.version = m.version)
             FROM months m JOIN versions v ON v.id = m.version ORDER BY m.month",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut out = Vec::new();
        for (m, version, sample, at, versions, towns) in rows {
            let Ok(month) = m.parse::<YearMonth>() else {
                continue;
            };
            out.push(MonthInfo {
                month,
                version,
                versions: versions as usize,
                sample,
                townships: towns as usize,
                imported_at: at,
                files: self.files(version)?.into_iter().map(|f| f.name).collect(),
            });
        }
        Ok(out)
    }

    fn files(&self, version: i64) -> Result<Vec<FileDigest>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, size, sha256 FROM files WHERE version = ?1 ORDER BY rowid")?;
        let files = stmt
            .query_map([version], |r| {
                Ok(FileDigest {
                    name: r.get(0)?,
                    size: r.get::<_, i64>(1)? as u64,
                    sha256: r.get(2)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(files)
    }

    /// Every version of a month, newest first.
    pub fn versions(&self, month: YearMonth) -> Result<Vec<VersionInfo>> {
        let current: Option<i64> = self
            .conn
            .query_row(
                "SELECT version FROM months WHERE month = ?1",
                [month.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let mut stmt = self.conn.prepare(
            "SELECT id, created_at, sample FROM versions WHERE month = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, created_at, sample)| {
                Ok(VersionInfo {
                    id,
                    created_at,
                    sample,
                    current: Some(id) == current,
                    files: self.files(id)?,
                })
            })
            .collect()
    }

    /// The current table of a month, rows and columns in the template's order.
    pub fn load(&self, month: YearMonth, t: &Template) -> Result<MonthTable> {
        let key = month.to_string();
        let exists: Option<i64> = self
            .conn
            .query_row("SELECT version FROM months WHERE month = ?1", [&key], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NoMonth(month));
        }
        self.read_history(Some(&key), t)?
            .month_table(month)
            .map_err(|e| self.corrupt(e))
    }

    /// Every stored month (its current version) as one long frame, read in one query.
    pub fn history(&self, t: &Template) -> Result<History> {
        self.read_history(None, t)
    }

    fn read_history(&self, only: Option<&str>, t: &Template) -> Result<History> {
        let mut stmt = self.conn.prepare(
            "SELECT m.month, x.township, x.col, x.value, x.status
             FROM vals x JOIN months m ON m.version = x.version
             WHERE ?1 IS NULL OR m.month = ?1",
        )?;
        let mut cells = Vec::new();
        let mut rows = stmt.query([only])?;
        while let Some(r) = rows.next()? {
            let month: String = r.get(0)?;
            let status: Option<String> = r.get(4)?;
            let (Ok(month), status) = (month.parse::<YearMonth>(), status.as_deref()) else {
                return Err(self.corrupt(format!("月份“{month}”写法不对")));
            };
            let status = match status {
                None => None,
                Some(code) => Some(
                    Status::from_code(code)
                        .ok_or_else(|| self.corrupt(format!("落实状态“{code}”不认识")))?,
                ),
            };
            cells.push(Cell {
                month,
                township: r.get(1)?,
                column: r.get(2)?,
                value: r.get(3)?,
                status,
            });
        }
        History::from_cells(cells, t).map_err(|e| self.corrupt(e))
    }

    fn corrupt(&self, detail: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            path: self.path.display().to_string(),
            detail: detail.to_string(),
        }
    }

    /// Puts a month back to the version before its current one.
    pub fn undo(&mut self, month: YearMonth) -> Result<Undone> {
        let key = month.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: i64 = tx
            .query_row("SELECT version FROM months WHERE month = ?1", [&key], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NoMonth(month))?;
        let previous: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, created_at FROM versions WHERE month = ?1 AND id < ?2
                 ORDER BY id DESC LIMIT 1",
                params![key, current],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let out = match previous {
            Some((version, imported_at)) => {
                tx.execute(
                    "UPDATE months SET version = ?1 WHERE month = ?2",
                    params![version, key],
                )?;
                Undone::Restored {
                    version,
                    imported_at,
                }
            }
            None => {
                tx.execute("DELETE FROM months WHERE month = ?1", [&key])?;
                Undone::Removed
            }
        };
        tx.commit()?;
        Ok(out)
    }

    /// Removes every sample version (示例数据); months left without data disappear.
    pub fn remove_samples(&mut self) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let removed = tx.query_row("SELECT count(*) FROM versions WHERE sample = 1", [], |r| {
            r.get::<_, i64>(0)
        })?;
        tx.execute_batch(
            "DELETE FROM months
             WHERE version IN (SELECT id FROM versions WHERE sample = 1)
               AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.month = months.month AND v.sample = 0);
             UPDATE months SET version = (
                 SELECT max(id) FROM versions v WHERE v.month = months.month AND v.sample = 0)
             WHERE version IN (SELECT id FROM versions WHERE sample = 1);
             DELETE FROM versions WHERE sample = 1;",
        )?;
        tx.commit()?;
        Ok(removed as usize)
    }

    /// The problems recorded with a month's current version.
    pub fn problems(&self, month: YearMonth) -> Result<Vec<Problem>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.level, p.file, p.sheet, p.cell, p.message FROM problems p
             JOIN months m ON m.version = p.version WHERE m.month = ?1 ORDER BY p.rowid",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(level, file, sheet, cell, message)| {
                let level = Level::from_code(&level)
                    .ok_or_else(|| self.corrupt(format!("问题级别“{level}”不认识")))?;
                Ok(Problem {
                    level,
                    file,
                    sheet,
                    cell,
                    message,
                })
            })
            .collect::<Result<Vec<_>>>()
    }

    /// Where each value of a month's current version came from: (township, column) →
    /// `file!sheet!cell`, as problems name their place.
    pub fn places(&self, month: YearMonth) -> Result<HashMap<(String, String), String>> {
        let mut stmt = self.conn.prepare(
            "SELECT x.township, x.col, x.place FROM vals x JOIN months m ON m.version = x.version
             WHERE m.month = ?1 AND x.place IS NOT NULL",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<std::result::Result<HashMap<_, _>, _>>()?;
        Ok(rows)
    }

    /// A note the clerk keeps with a month (the brief's 下步工作要求).
    pub fn note(&self, month: YearMonth, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT text FROM notes WHERE month = ?1 AND key = ?2",
                params![month.to_string(), key],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_note(&mut self, month: YearMonth, key: &str, text: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO notes (month, key, text) VALUES (?1, ?2, ?3)
             ON CONFLICT(month, key) DO UPDATE SET text = excluded.text,
                 updated_at = datetime('now', 'localtime')",
            params![month.to_string(), key, text],
        )?;
        Ok(())
    }
}

/// Test hook: `DISPATCH_DESK_CRASH_AFTER_WRITES=N` aborts the process after N value rows,
/// in the middle of the import transaction, as a power cut would. Debug builds only.
fn crash_point(written: usize) {
    #[cfg(debug_assertions)]
    if let Ok(n) = std::env::var("DISPATCH_DESK_CRASH_AFTER_WRITES")
        && n.parse() == Ok(written)
    {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = written;
}
