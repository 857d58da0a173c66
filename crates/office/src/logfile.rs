//! The log: errors (and the workspace's changes: imports, backups, restores) go to a rolling
//! file in the user's data folder, `logs/dispatch-desk.log`, kept to a few small files, so a
//! clerk can send it along with 关于 → 复制诊断信息.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const FILE_NAME: &str = "dispatch-desk.log";
/// A log file is rolled over past this size; this many old ones are kept (.1 newest).
const MAX_BYTES: u64 = 1024 * 1024;
const KEEP: usize = 3;

static DIALOG_FAILURES: AtomicUsize = AtomicUsize::new(0);

/// How many times the dialog library reported that it could not show a dialog (it then
/// returns nothing, as if cancelled; the app shows its own chooser instead).
pub fn dialog_failures() -> usize {
    DIALOG_FAILURES.load(Ordering::SeqCst)
}

/// The folder of the log files: `logs` in the user's data folder.
pub fn dir() -> Option<PathBuf> {
    dd_store::Workspace::default_dir().map(|d| d.join("logs"))
}

/// The current log file.
pub fn path() -> Option<PathBuf> {
    dir().map(|d| d.join(FILE_NAME))
}

/// Installs the logger (once per process). Without a data folder only the dialog failures
/// are counted.
pub fn init() {
    let logger = Box::leak(Box::new(FileLog {
        path: path(),
        file: Mutex::new(None),
    }));
    if log::set_logger(logger).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
}

struct FileLog {
    path: Option<PathBuf>,
    file: Mutex<Option<File>>,
}

impl log::Log for FileLog {
    fn enabled(&self, m: &log::Metadata) -> bool {
        // Our own notes at info; other crates only when something went wrong.
        m.level() <= log::Level::Warn
            || m.target().starts_with("dispatch_desk")
            || m.target().starts_with("dd_")
    }

    fn log(&self, record: &log::Record) {
        if record.level() == log::Level::Error && record.target().starts_with("rfd") {
            DIALOG_FAILURES.fetch_add(1, Ordering::SeqCst);
        }
        if !self.enabled(record.metadata()) {
            return;
        }
        let Some(path) = &self.path else {
            return;
        };
        let line = format!(
            "{} {} {}: {}\n",
            timestamp(std::time::SystemTime::now()),
            record.level(),
            record.target(),
            record.args()
        );
        let Ok(mut slot) = self.file.lock() else {
            return;
        };
        if slot
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .is_some_and(|m| m.len() > MAX_BYTES)
        {
            *slot = None;
            roll(path);
        }
        if slot.is_none() {
            *slot = open(path);
        }
        if let Some(f) = slot.as_mut() {
            // A log that cannot be written must not stop the app.
            let _ = f.write_all(line.as_bytes());
        }
    }

    fn flush(&self) {
        if let Ok(mut slot) = self.file.lock()
            && let Some(f) = slot.as_mut()
        {
            let _ = f.flush();
        }
    }
}

fn open(path: &Path) -> Option<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ok()?;
    }
    OpenOptions::new().create(true).append(true).open(path).ok()
}

/// log → log.1 → log.2 …, the oldest dropped.
fn roll(path: &Path) {
    let numbered = |n: usize| PathBuf::from(format!("{}.{n}", path.display()));
    let _ = std::fs::remove_file(numbered(KEEP));
    for n in (1..KEEP).rev() {
        let _ = std::fs::rename(numbered(n), numbered(n + 1));
    }
    let _ = std::fs::rename(path, numbered(1));
}

/// `2026-11-29 11:30:01Z` (UTC: the log is read beside other machines' clocks).
fn timestamp(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (y, mo, d) = dd_core::model::civil_date(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use log::Log;

    #[test]
    fn errors_are_written_and_the_file_rolls_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join(FILE_NAME);
        let log = FileLog {
            path: Some(path.clone()),
            file: Mutex::new(None),
        };
        let record = |msg: &str| {
            log.log(
                &log::Record::builder()
                    .level(log::Level::Error)
                    .target("dispatch_desk::store")
                    .args(format_args!("{msg}"))
                    .build(),
            );
        };
        record("工作区数据库出错");
        log.flush();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("ERROR dispatch_desk::store: 工作区数据库出错"),
            "{text}"
        );
        let long = "很长的一行".repeat(20_000);
        for _ in 0..20 {
            record(&long);
        }
        log.flush();
        assert!(std::fs::metadata(&path).unwrap().len() <= MAX_BYTES + long.len() as u64 + 64);
        assert!(dir.path().join("logs/dispatch-desk.log.1").exists());
        assert!(dir.path().join("logs/dispatch-desk.log.3").exists());
        assert!(!dir.path().join("logs/dispatch-desk.log.4").exists());
    }

    #[test]
    fn other_crates_only_when_something_failed() {
        let log = FileLog {
            path: None,
            file: Mutex::new(None),
        };
        let meta = |level, target| log::Metadata::builder().level(level).target(target).build();
        assert!(!log.enabled(&meta(log::Level::Info, "winit::platform")));
        assert!(log.enabled(&meta(log::Level::Warn, "winit::platform")));
        assert!(log.enabled(&meta(log::Level::Info, "dd_store::backup")));
    }

    #[test]
    fn timestamps_are_utc_dates() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_732_879_801);
        assert_eq!(timestamp(t), "2024-11-29 11:30:01Z");
    }
}
