//! The workspace: one SQLite file holding every month, each import as a version (the
//! previous one stays recoverable), the files and problems behind it and the template used.
//! Every import is one transaction: it lands whole or not at all.

pub mod backup;
mod brief;
mod followup;
mod open;
mod read;
mod roster;
pub mod schema;
mod template;
mod tx;
mod villages;
mod write;

pub use brief::{BriefEdit, NOTE_BRIEF_DATE, NOTE_BRIEF_NUMBER};
pub use dd_core::model::{MANUAL, Raised, StoredFollowup};
pub use followup::ProblemEdit;
pub use read::{ArrivalRecord, ReturnRecord};
pub use roster::StoredRoster;
pub use template::{TemplateVersion, WorkspaceTemplate};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use dd_core::model::FileDigest;
use dd_core::model::{MonthTable, Problem, VillageTable, YearMonth};

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
    #[error(
        "工作区正被另一个窗口或程序使用（另一个 dispatch-desk 窗口或命令正在写入），等了一会儿仍未轮到，未做任何修改。请稍后再试"
    )]
    Busy,
    #[error(
        "磁盘空间不足：工作区文件夹 {} 所在的磁盘已满，未做任何修改。请清理这块磁盘（或把工作区移到空间充足的磁盘）后再试",
        folder.as_deref().unwrap_or("")
    )]
    DiskFull { folder: Option<String> },
    #[error(
        "工作区文件夹 {} 是只读的，无法保存，未做任何修改。请检查这个文件夹的权限，或把工作区放到可以写入的文件夹",
        folder.as_deref().unwrap_or("")
    )]
    ReadOnly { folder: Option<String> },
    #[error("工作区中没有{}的数据", .0.chinese())]
    NoMonth(YearMonth),
    #[error("工作区中的模板无法使用：{0}")]
    Template(#[from] dd_core::template::TemplateError),
    #[error("工作区数据库出错：{0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull { folder: None },
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly { folder: None },
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
    /// The version of the workspace's template the month was imported with (None: another
    /// template, such as one given on the command line).
    pub template_version: Option<i64>,
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

/// A month version to store: the whole month after an arrival.
#[derive(Debug, Clone)]
pub struct NewMonth {
    pub month: YearMonth,
    pub table: MonthTable,
    /// Where each value came from: (township, column id) → `file!sheet!cell`.
    pub places: HashMap<(String, String), String>,
    /// Every file the month's values come from.
    pub files: Vec<FileDigest>,
    pub problems: Vec<Problem>,
    pub template_text: String,
    pub sample: bool,
    /// The townships this arrival brought, each with its file (for 报送 status).
    pub arrived: Vec<(String, String)>,
    /// The month's village rows (村级明细), whole after the arrival.
    pub villages: VillageTable,
}

/// A month's current version as stored: what a new arrival is merged into.
#[derive(Debug, Clone)]
pub struct StoredMonth {
    pub version: i64,
    pub sample: bool,
    pub created_at: String,
    pub table: MonthTable,
    pub places: HashMap<(String, String), String>,
    pub files: Vec<FileDigest>,
    pub problems: Vec<Problem>,
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
    /// Made by this open (the office seeds a new workspace with the sample months).
    created: bool,
    /// What a change let pass but the user should hear (a skipped backup), until taken.
    warnings: Vec<String>,
    /// `PRAGMA data_version` when `changed_elsewhere` last looked.
    seen_version: Option<i64>,
}

impl Workspace {
    /// True when this open created the workspace.
    pub fn created(&self) -> bool {
        self.created
    }

    /// The user's data folder for the workspace.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("cn", "dispatch-desk", "dispatch-desk")
            .map(|d| d.data_dir().to_path_buf())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the changes since the last call let pass with a warning (a backup skipped on a
    /// full disk), for the caller to say.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// How long a write waits for another instance before giving up with `Busy`.
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }
}
