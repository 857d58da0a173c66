//! What the in-app chooser shows: a folder's entries and the usual places. Read once when the
//! user moves to a folder, never per frame.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub folder: bool,
}

/// The folders, then the files with one of `extensions` (all when empty), each by name;
/// hidden entries and Office's `~$` lock files left out.
pub fn list(dir: &Path, extensions: &[&str]) -> std::io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let Ok(e) = e else { continue };
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let path = e.path();
        // Follows links, as a dialog does.
        let folder = path.is_dir();
        let wanted = folder
            || extensions.is_empty()
            || path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| extensions.iter().any(|w| w.eq_ignore_ascii_case(x)));
        if wanted {
            entries.push(Entry { name, path, folder });
        }
    }
    entries.sort_by(|a, b| {
        b.folder
            .cmp(&a.folder)
            .then_with(|| natural(&a.name).cmp(&natural(&b.name)))
    });
    Ok(entries)
}

/// A sort key that orders numbers by value: 2024年8月, 9月, 10月 (not 10月 first).
fn natural(name: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for ch in name.to_lowercase().chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
        } else {
            if !digits.is_empty() {
                key.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(ch);
        }
    }
    let last = if digits.is_empty() {
        0
    } else {
        digits.parse().unwrap_or(u64::MAX)
    };
    key.push((text, last));
    key
}

/// The places offered as buttons: home, desktop, documents, downloads and the drives.
pub fn places() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if let Some(u) = directories::UserDirs::new() {
        out.push(("主目录".to_string(), u.home_dir().to_path_buf()));
        for (label, dir) in [
            ("桌面", u.desktop_dir()),
            ("文档", u.document_dir()),
            ("下载", u.download_dir()),
        ] {
            if let Some(d) = dir.filter(|d| d.is_dir()) {
                out.push((label.to_string(), d.to_path_buf()));
            }
        }
    }
    #[cfg(windows)]
    for letter in b'C'..=b'Z' {
        let root = PathBuf::from(format!("{}:\\", letter as char));
        if root.is_dir() {
            out.push((format!("{}盘", letter as char), root));
        }
    }
    #[cfg(not(windows))]
    {
        out.push(("计算机".to_string(), PathBuf::from("/")));
        // Where UOS, Kylin and Debian desktops mount USB drives.
        if let Ok(user) = std::env::var("USER") {
            let media = PathBuf::from("/media").join(user);
            if media.is_dir() {
                out.push(("U盘".to_string(), media));
            }
        }
    }
    out
}

/// Where the chooser opens first: the home folder, else the current one.
pub fn start() -> PathBuf {
    directories::UserDirs::new()
        .map(|u| u.home_dir().to_path_buf())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_first_then_spreadsheets_without_hidden_or_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "b.xlsx",
            "A.XLS",
            "说明.txt",
            "~$b.xlsx",
            ".hidden.xlsx",
            "2024年10月.xlsx",
            "2024年9月.xlsx",
        ] {
            std::fs::write(dir.path().join(f), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("乡镇")).unwrap();
        let names: Vec<String> = list(dir.path(), &["xlsx", "xls"])
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(
            names,
            [
                "乡镇",
                "2024年9月.xlsx",
                "2024年10月.xlsx",
                "A.XLS",
                "b.xlsx"
            ]
        );
        assert_eq!(list(dir.path(), &[]).unwrap().len(), 6);
        assert!(list(&dir.path().join("没有这个"), &[]).is_err());
    }
}
