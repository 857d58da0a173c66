//! Copies of the workspace, made with SQLite's online backup API (consistent even while
//! another window writes). Before every import, undo, removal of the samples and restore, a
//! copy goes to `backups/` beside the workspace; the last 20 are kept, and the newest of each
//! month for a year. `restore` checks a file before anything is replaced and backs up the
//! current workspace first.

use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, MAIN_DB, OpenFlags, OptionalExtension};

use super::{Result, StoreError, Workspace, schema};
use dd_core::model::YearMonth;

/// The folder of the automatic backups, beside the workspace file.
pub const DIR_NAME: &str = "backups";
/// How many of the newest automatic backups are kept.
pub const KEEP_LAST: usize = 20;
/// For how many months (this one included) the newest backup of each month is kept.
pub const KEEP_MONTHS: u32 = 12;

/// Why an automatic backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Import,
    Undo,
    RemoveSamples,
    Restore,
}

impl Reason {
    const ALL: [Reason; 4] = [
        Reason::Import,
        Reason::Undo,
        Reason::RemoveSamples,
        Reason::Restore,
    ];

    /// Stable code, part of the file name.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Import => "import",
            Reason::Undo => "undo",
            Reason::RemoveSamples => "remove-samples",
            Reason::Restore => "restore",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::Import => "导入前",
            Reason::Undo => "撤销前",
            Reason::RemoveSamples => "删除示例数据前",
            Reason::Restore => "恢复前",
        }
    }
}

/// An automatic backup: `backups/20261129-113001-123-import.sqlite`.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When it was taken, local time: `2026-11-29 11:30:01`.
    pub taken: String,
    pub month: YearMonth,
    pub reason: Reason,
    pub size: u64,
}

impl BackupInfo {
    /// Reads the time and reason back from an automatic backup's file name.
    fn parse(path: PathBuf, size: u64) -> Option<BackupInfo> {
        let name = path.file_name()?.to_str()?.strip_suffix(".sqlite")?;
        // yyyymmdd-hhmmss-mmm-reason
        let (stamp, code) = (name.get(..19)?, name.get(20..)?);
        let b = stamp.as_bytes();
        if b.get(8) != Some(&b'-') || b.get(15) != Some(&b'-') || name.get(19..20)? != "-" {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = stamp.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let month = YearMonth::new(digits(0..4)? as i32, digits(4..6)?)?;
        let (day, h, m, s) = (
            digits(6..8)?,
            digits(9..11)?,
            digits(11..13)?,
            digits(13..15)?,
        );
        digits(16..19)?;
        let reason = Reason::ALL.into_iter().find(|r| r.code() == code)?;
        Some(BackupInfo {
            taken: format!("{month}-{day:02} {h:02}:{m:02}:{s:02}"),
            path,
            month,
            reason,
            size,
        })
    }
}

/// A name for a backup the user saves: `工作区备份_2026-11-29.sqlite` (UTC date).
pub fn suggested_name() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (y, m, d) = dd_core::model::civil_date(days);
    format!("工作区备份_{y:04}-{m:02}-{d:02}.sqlite")
}

/// Which automatic backups to keep, given newest first: the first `KEEP_LAST`, and the
/// newest of each of the `KEEP_MONTHS` months up to `now`.
pub fn keep(newest_first: &[YearMonth], now: YearMonth) -> Vec<bool> {
    let mut oldest_kept = now;
    for _ in 1..KEEP_MONTHS {
        oldest_kept = oldest_kept.previous();
    }
    let mut seen = std::collections::HashSet::new();
    newest_first
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let first_of_month = seen.insert(*m);
            i < KEEP_LAST || (first_of_month && *m >= oldest_kept && *m <= now)
        })
        .collect()
}

/// Checks that `path` is a sound dispatch-desk workspace this version can open, without
/// changing it.
pub fn check(path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let corrupt = |detail: String| StoreError::Corrupt {
        path: shown.clone(),
        detail,
    };
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => corrupt("文件不存在".into()),
            _ => corrupt(e.to_string()),
        })?;
    if &head != b"SQLite format 3\0" {
        return Err(corrupt("文件头不是 SQLite 数据库".into()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| corrupt(e.to_string()))?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| corrupt(e.to_string()))?;
    if check != "ok" {
        return Err(corrupt(check));
    }
    let app: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'app'", [], |r| r.get(0))
        .optional()
        .ok()
        .flatten();
    if app.as_deref() != Some("dispatch-desk") {
        return Err(StoreError::Foreign { path: shown });
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > schema::MIGRATIONS.len() as i64 {
        return Err(StoreError::TooNew {
            path: shown,
            found: version,
        });
    }
    Ok(())
}

impl Workspace {
    /// The folder of the automatic backups.
    pub fn backups_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map_or_else(|| PathBuf::from(DIR_NAME), |d| d.join(DIR_NAME))
    }

    /// Copies the workspace, whole and consistent, to `dest` (written beside it first, then
    /// renamed: never half a file under that name, and no part left behind when it fails).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        // This process's own part file: two processes backing up at once never share one.
        let part = PathBuf::from(format!("{}.{}.part", dest.display(), std::process::id()));
        let made = self
            .conn
            .backup(MAIN_DB, &part, None::<fn(rusqlite::backup::Progress)>)
            .map_err(StoreError::from)
            .and_then(|()| std::fs::rename(&part, dest).map_err(|e| io_error(dest, e)));
        if made.is_err() {
            let _ = std::fs::remove_file(&part);
        }
        made.map_err(|e| self.located(e))
    }

    /// The automatic backup before a change. Where only the backup does not fit on the disk
    /// it is skipped with a warning (see `take_warnings`): the change may still fit, and
    /// refusing it would keep nothing safer. Any other failure refuses the change.
    pub fn backup_before(&mut self, reason: Reason) -> Result<()> {
        match self.auto_backup(reason) {
            Ok(_) => Ok(()),
            Err(StoreError::DiskFull { folder }) => {
                let warning = format!(
                    "磁盘空间不足，未能在 {} 自动备份工作区（{}），本次修改照常进行。请尽快清理磁盘",
                    folder.unwrap_or_default(),
                    reason.label()
                );
                log::warn!("{warning}");
                self.warnings.push(warning);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// An automatic backup into `backups/`, then the old ones beyond the rule are removed.
    pub fn auto_backup(&self, reason: Reason) -> Result<PathBuf> {
        let dir = self.backups_dir();
        std::fs::create_dir_all(&dir).map_err(|e| self.located(io_error(&dir, e)))?;
        let stamp: String = self.conn.query_row(
            "SELECT strftime('%Y%m%d-%H%M%S', 'now', 'localtime') || '-' ||
                    substr(strftime('%f', 'now'), 4)",
            [],
            |r| r.get(0),
        )?;
        let dest = dir.join(format!("{stamp}-{}.sqlite", reason.code()));
        // Two in the same millisecond: wait for the next one rather than overwrite.
        if dest.exists() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            return self.auto_backup(reason);
        }
        self.backup_to(&dest)?;
        log::info!("已自动备份工作区（{}）：{}", reason.label(), dest.display());
        let now = BackupInfo::parse(dest.clone(), 0).map(|b| b.month);
        if let Some(now) = now {
            self.rotate(now)?;
        }
        Ok(dest)
    }

    /// The automatic backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        let dir = self.backups_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Io {
                    path: dir.display().to_string(),
                    source,
                });
            }
        };
        let mut list: Vec<BackupInfo> = entries
            .flatten()
            .filter_map(|e| {
                let size = e.metadata().map_or(0, |m| m.len());
                BackupInfo::parse(e.path(), size)
            })
            .collect();
        // The names begin with the time, so they sort by it.
        list.sort_by(|a, b| b.path.file_name().cmp(&a.path.file_name()));
        Ok(list)
    }

    fn rotate(&self, now: YearMonth) -> Result<()> {
        // The part file of a backup whose process was killed half-way.
        if let Ok(entries) = std::fs::read_dir(self.backups_dir()) {
            let stale = std::time::Duration::from_secs(600);
            for e in entries.flatten() {
                let old = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > stale));
                if old && e.file_name().to_string_lossy().ends_with(".part") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let list = self.backups()?;
        let months: Vec<YearMonth> = list.iter().map(|b| b.month).collect();
        for (b, kept) in list.iter().zip(keep(&months, now)) {
            if !kept && let Err(e) = std::fs::remove_file(&b.path) {
                log::warn!("无法删除旧备份 {}：{e}", b.path.display());
            }
        }
        Ok(())
    }

    /// Replaces the whole workspace with the backup in `from`, after checking it and backing
    /// up the current one. Returns the number of months it holds.
    pub fn restore(&mut self, from: &Path) -> Result<usize> {
        check(from)?;
        self.backup_before(Reason::Restore)?;
        let src = Connection::open_with_flags(
            from,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        {
            let backup = Backup::new(&src, &mut self.conn)?;
            // One step: the workspace is replaced in one write, or not at all.
            match backup.step(-1)? {
                StepResult::Done => {}
                _ => return Err(StoreError::Busy),
            }
        }
        self.migrate()?;
        self.ensure_template()?;
        log::info!("已从 {} 恢复工作区", from.display());
        Ok(self.months()?.len())
    }
}

/// An IO failure at `path`: a full disk and a read-only folder said as such.
fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    match source.kind() {
        std::io::ErrorKind::StorageFull => StoreError::DiskFull { folder: None },
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
            StoreError::ReadOnly { folder: None }
        }
        _ => StoreError::Io {
            path: path.display().to_string(),
            source,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn names_read_back() {
        let b = BackupInfo::parse(
            PathBuf::from("/w/backups/20261129-113001-123-remove-samples.sqlite"),
            7,
        )
        .unwrap();
        assert_eq!(b.taken, "2026-11-29 11:30:01");
        assert_eq!(b.reason, Reason::RemoveSamples);
        assert_eq!(b.month, ym(2026, 11));
        for other in [
            "工作区备份_2026-11-29.sqlite",
            "20261129-113001-123-import.sqlite.part",
            "20261329-113001-123-import.sqlite",
            "20261129-113001-123-other.sqlite",
        ] {
            assert!(
                BackupInfo::parse(PathBuf::from(other), 0).is_none(),
                "{other}"
            );
        }
    }

    #[test]
    fn keeps_the_last_twenty_and_one_a_month_for_a_year() {
        // 30 backups this month, then 2 a month for the 17 months before, newest first.
        let now = ym(2026, 11);
        let mut months = vec![now; 30];
        let mut m = now;
        for _ in 0..17 {
            m = m.previous();
            months.extend([m, m]);
        }
        let kept = keep(&months, now);
        let kept_months: Vec<YearMonth> = months
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(m, _)| *m)
            .collect();
        // The 20 newest (all this month), then the newest of each of the 11 months before.
        assert_eq!(kept_months.len(), 20 + 11);
        assert!(kept[..20].iter().all(|k| *k));
        assert!(kept[20..30].iter().all(|k| !*k));
        assert_eq!(*kept_months.last().unwrap(), ym(2025, 12));
        assert!(!kept_months.contains(&ym(2025, 11)));
        // Fewer than 20 in all: every one stays.
        assert!(keep(&months[..12], now).iter().all(|k| *k));
    }
}
