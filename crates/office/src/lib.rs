//! The office's use cases, shared by the window and the command line: opening the
//! workspace, arrivals merged into a month, the reporting form and who has reported, the
//! followup ledger kept in step with the data, the brief of a month, and the log.

pub mod brief;
pub mod collect;
mod error;
pub mod followup;
pub mod instance;
pub mod logfile;
pub mod samples;

use std::path::Path;

pub use error::{Error, Result};

use dd_store::Workspace;

/// Opens the workspace in `dir`; a new one gets the sample months (示例数据).
pub fn open_workspace(dir: &Path) -> Result<Workspace, dd_store::StoreError> {
    let mut ws = Workspace::open(dir)?;
    if ws.created() {
        samples::seed(&mut ws)?;
    }
    Ok(ws)
}
