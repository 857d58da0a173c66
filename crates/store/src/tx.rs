//! How the workspace is written when several processes share it: every change runs inside
//! [`Workspace::exclusive`], one `BEGIN IMMEDIATE` transaction that reads what it changes
//! inside it. A use case that reads, decides and writes (an arrival merged into the month)
//! holds it over the whole of that, so nobody writes in between and nothing is lost.

use super::{Result, StoreError, Workspace};

impl Workspace {
    /// Runs `f` holding the workspace's write lock: all of it lands or none (an `Err` rolls it
    /// back). Taken at once (`IMMEDIATE`): a deferred read-then-write could not wait for
    /// another writer. Another process holding the lock past the busy timeout gives `Busy`.
    /// Inside another `exclusive`, `f` is simply part of the outer one.
    pub fn exclusive<T>(&mut self, f: impl FnOnce(&mut Workspace) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.located(e.into()))?;
        let out = f(self);
        let end = match out {
            Ok(_) => self.conn.execute_batch("COMMIT"),
            Err(_) => self.conn.execute_batch("ROLLBACK"),
        };
        // A failed COMMIT (disk full) leaves the transaction open: end it, nothing written.
        if end.is_err() && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        match (out, end) {
            (Err(e), _) => Err(self.located(e)),
            (Ok(_), Err(e)) => Err(self.located(e.into())),
            (Ok(v), Ok(())) => Ok(v),
        }
    }

    /// A disk or permission failure named with the workspace's folder.
    pub(crate) fn located(&self, e: StoreError) -> StoreError {
        let folder = || {
            Some(self.path.parent().map_or_else(
                || self.path.display().to_string(),
                |d| d.display().to_string(),
            ))
        };
        match e {
            StoreError::DiskFull { folder: None } => StoreError::DiskFull { folder: folder() },
            StoreError::ReadOnly { folder: None } => StoreError::ReadOnly { folder: folder() },
            other => other,
        }
    }
}
