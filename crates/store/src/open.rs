//! Opening a workspace: refusing a corrupt, foreign or too-new file untouched, creating a new
//! one, and bringing an older one's schema up to date.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{FILE_NAME, Result, StoreError, Workspace, schema};

/// How long a write waits for another process's: twenty imports started at once on an old
/// PC each wait their turn; a window or command that holds it longer is stuck, not busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

impl Workspace {
    /// Opens the workspace in `dir`, creating it if new ([`Workspace::created`]).
    /// An existing file that is corrupt, foreign or too new is refused and left untouched.
    pub fn open(dir: &Path) -> Result<Workspace> {
        std::fs::create_dir_all(dir).map_err(|source| {
            if writes_refused(&source) {
                StoreError::ReadOnly {
                    folder: Some(dir.display().to_string()),
                }
            } else {
                StoreError::Io {
                    path: dir.display().to_string(),
                    source,
                }
            }
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
        // A file SQLite cannot open or read for want of writing (its -wal and -shm beside it)
        // is in a read-only folder, not damaged.
        let damaged = |detail: String| {
            let probe = std::fs::OpenOptions::new().append(true).open(&path);
            match probe {
                Err(w) if writes_refused(&w) => StoreError::ReadOnly {
                    folder: Some(dir.display().to_string()),
                },
                _ => StoreError::Corrupt {
                    path: shown.clone(),
                    detail,
                },
            }
        };
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| damaged(e.to_string()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if existing {
            let check: String = conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Busy => StoreError::Busy,
                    other => damaged(other.to_string()),
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
            warnings: Vec::new(),
            seen_version: None,
        };
        ws.created = ws.migrate()?;
        ws.ensure_template()?;
        ws.warnings.extend(network_share_warning(dir));
        Ok(ws)
    }

    /// Brings the schema up to date, one transaction per step. True for a new workspace.
    pub(super) fn migrate(&mut self) -> Result<bool> {
        // Read inside the lock: of two processes opening a new workspace, one creates it.
        self.exclusive(|ws| {
            let version: i64 = ws.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
                ws.conn.execute_batch(sql)?;
                ws.conn
                    .pragma_update(None, "user_version", (i + 1) as i64)?;
            }
            Ok(version == 0)
        })
    }
}

fn writes_refused(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    )
}

/// SQLite's locks are unreliable on a network share (NFS, SMB): several PCs writing one
/// workspace there can corrupt it. Said as a warning when the workspace is opened.
pub(super) fn network_share_warning(dir: &Path) -> Option<String> {
    on_network_share(dir).then(|| {
        format!(
            "工作区文件夹 {} 在网络共享盘上：多台电脑同时写入时数据库的锁不可靠，可能损坏工作区。\
             请把工作区放在本机磁盘上，需要共用时用“工作区 → 备份”传递",
            dir.display()
        )
    })
}

#[cfg(target_os = "linux")]
fn on_network_share(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    // statfs f_type of NFS, SMB/CIFS (old and SMB2/3), AFS, Ceph, and FUSE (sshfs and the like).
    const REMOTE: [i64; 7] = [
        0x6969,
        0x517b,
        0xff53_4d42,
        0xfe53_4d42,
        0x5346_414f,
        0x00c3_6400,
        0x6573_5546,
    ];
    let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    let mut fs: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is NUL-terminated and `fs` is a properly sized, writable statfs.
    if unsafe { libc::statfs(path.as_ptr(), &mut fs) } != 0 {
        return false;
    }
    #[allow(clippy::unnecessary_cast)]
    REMOTE.contains(&(fs.f_type as i64))
}

#[cfg(windows)]
fn on_network_share(dir: &Path) -> bool {
    // A UNC path (\\server\share); a mapped drive letter is not told apart here.
    let shown = dir.display().to_string();
    shown.starts_with(r"\\") && !shown.starts_with(r"\\?\") || shown.starts_with(r"\\?\UNC\")
}

#[cfg(not(any(target_os = "linux", windows)))]
fn on_network_share(_: &Path) -> bool {
    false
}
