//! One window per workspace. The first window holds a lock on a file in the workspace's
//! folder; a second start on the same workspace (打开方式 on another file, a second click on
//! the icon) leaves its files in the folder's inbox for the running window's import review
//! and ends. The lock goes with the process, however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

const LOCK: &str = "window.lock";
const INBOX: &str = "inbox";

/// The running window's hold on its workspace, released when dropped.
#[derive(Debug)]
pub struct WindowLock(#[allow(dead_code)] File);

#[derive(Debug)]
pub enum Claim {
    /// This process is the workspace's window.
    Ours(WindowLock),
    /// Another window has the workspace open.
    Running,
}

/// Claims the workspace in `dir` for this process's window.
pub fn claim(dir: &Path) -> std::io::Result<Claim> {
    std::fs::create_dir_all(dir)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK))?;
    match file.try_lock() {
        Ok(()) => Ok(Claim::Ours(WindowLock(file))),
        Err(TryLockError::WouldBlock) => Ok(Claim::Running),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Leaves `files` for the running window (none: it only comes to the front). Written whole
/// under another name, then renamed, so the window never reads half a request.
pub fn hand_over(dir: &Path, files: &[PathBuf]) -> std::io::Result<()> {
    let inbox = dir.join(INBOX);
    std::fs::create_dir_all(&inbox)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!("{stamp:024}-{}", std::process::id());
    let mut text = String::new();
    for f in files {
        let f = std::path::absolute(f).unwrap_or_else(|_| f.clone());
        text.push_str(&f.to_string_lossy());
        text.push('\n');
    }
    let part = inbox.join(format!("{name}.part"));
    std::fs::write(&part, text)?;
    std::fs::rename(&part, inbox.join(format!("{name}.txt")))
}

/// The requests later starts left, oldest first, each taken once.
pub fn take_handed(dir: &Path) -> Vec<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(dir.join(INBOX)) else {
        return Vec::new();
    };
    let mut requests: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    requests.sort();
    requests
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            // Taken by the one that removes it (two windows never share a workspace, but a
            // request is never handled twice either way).
            std::fs::remove_file(&p).ok()?;
            Some(
                text.lines()
                    .filter(|l| !l.is_empty())
                    .map(PathBuf::from)
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_finds_the_window_running_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = claim(dir.path()).unwrap();
        assert!(matches!(first, Claim::Ours(_)));
        assert!(matches!(claim(dir.path()).unwrap(), Claim::Running));
        drop(first);
        assert!(matches!(claim(dir.path()).unwrap(), Claim::Ours(_)));
    }

    #[test]
    fn handed_files_are_taken_once_in_the_order_they_came() {
        let dir = tempfile::tempdir().unwrap();
        hand_over(dir.path(), &[PathBuf::from("/a/东山街道 10月.xlsx")]).unwrap();
        hand_over(dir.path(), &[]).unwrap();
        let taken = take_handed(dir.path());
        assert_eq!(
            taken,
            vec![vec![PathBuf::from("/a/东山街道 10月.xlsx")], vec![]]
        );
        assert!(take_handed(dir.path()).is_empty());
    }
}
