//! Opening a workspace: refusing a corrupt, foreign or too-new file untouched, creating a new
//! one, and bringing an older one's schema up to date.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{FILE_NAME, Result, StoreError, Workspace, schema};

impl Workspace {
    /// Opens the workspace in `dir`, creating it if new ([`Workspace::created`]).
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
        let mut ws = Workspace {
            conn,
            path,
            created: false,
        };
        ws.created = ws.migrate()?;
        ws.ensure_template()?;
        Ok(ws)
    }

    /// Brings the schema up to date, one transaction per step. True for a new workspace.
    pub(super) fn migrate(&mut self) -> Result<bool> {
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
}
