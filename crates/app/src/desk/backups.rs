//! The desk's side of 工作区 → 备份…/恢复…: save a copy, list the automatic backups, restore.

use std::path::Path;

use super::{Desk, Update};

impl Desk {
    pub(super) fn backup_to(&mut self, path: &Path) -> Vec<Update> {
        match self.ws.backup_to(path) {
            Ok(()) => {
                log::info!("已备份工作区到 {}", path.display());
                vec![Update::Info(format!("已备份工作区到 {}", path.display()))]
            }
            Err(e) => vec![Update::Error(format!("备份失败：{e}"))],
        }
    }

    pub(super) fn list_backups(&self) -> Vec<Update> {
        match self.ws.backups() {
            Ok(list) => vec![Update::Backups(list)],
            Err(e) => vec![Update::Error(e.to_string())],
        }
    }

    /// Restores the workspace; every month is read again, under the backup's template.
    pub(super) fn restore(&mut self, path: &Path) -> Vec<Update> {
        let restored = self.changed(|ws| ws.restore(path)).and_then(|n| {
            self.follow_template()?;
            Ok(n)
        });
        match restored {
            Ok(n) => vec![
                Update::Info(format!(
                    "已从 {} 恢复工作区（{n}个月份）；恢复前的工作区已自动备份",
                    path.display()
                )),
                self.snapshot(None),
            ],
            Err(e) => vec![Update::Error(format!("未恢复：{e}"))],
        }
    }
}
