//! `backup --out FILE` and `restore FILE`: a copy of the whole workspace, and back.

use std::path::Path;
use std::process::ExitCode;

use super::{Error, failed, open_workspace};

pub(super) fn backup(dir: Option<&Path>, out: &Path, force: bool) -> Result<ExitCode, Error> {
    let ws = open_workspace(dir)?;
    if out.exists() && !force {
        return failed(format!(
            "{} 已存在，未备份（加 --force 替换它）",
            out.display()
        ));
    }
    match ws.backup_to(out) {
        Ok(()) => {
            println!("已备份工作区 {} 到 {}", ws.path().display(), out.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => failed(format!("备份失败：{e}")),
    }
}

pub(super) fn restore(dir: Option<&Path>, file: &Path) -> Result<ExitCode, Error> {
    let mut ws = open_workspace(dir)?;
    match ws.restore(file) {
        Ok(n) => {
            println!(
                "已从 {} 恢复工作区（{n}个月份）；恢复前的工作区已备份在 {}",
                file.display(),
                ws.backups_dir().display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => failed(format!("未恢复，工作区没有任何改动：{e}")),
    }
}
