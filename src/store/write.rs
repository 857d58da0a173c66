//! Changes to the workspace, each one transaction: storing an import as a new version of its
//! month, undo, removing the samples, the clerk's notes.

use rusqlite::{OptionalExtension, params};

use super::{NewMonth, Result, StoreError, Undone, Workspace};
use crate::import::{Place, sha256_hex};
use crate::model::{Status, YearMonth};

impl Workspace {
    /// Stores a month as a new version in one transaction.
    pub fn import(&mut self, new: NewMonth<'_>) -> Result<i64> {
        let month = new.month.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: Option<(i64, bool, String)> = tx
            .query_row(
                "SELECT v.id, v.sample, v.created_at FROM months m JOIN versions v ON v.id = m.version
                 WHERE m.month = ?1",
                [&month],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((id, sample, at)) = current
            && !sample
            && !new.replace
        {
            let towns: i64 = tx.query_row(
                "SELECT count(DISTINCT township) FROM vals WHERE version = ?1",
                [id],
                |r| r.get(0),
            )?;
            return Err(StoreError::MonthExists {
                month: new.month,
                detail: format!("{towns}个乡镇，导入于{at}"),
            });
        }
        let sha = sha256_hex(new.template_text.as_bytes());
        tx.execute(
            "INSERT OR IGNORE INTO templates (sha256, text) VALUES (?1, ?2)",
            params![sha, new.template_text],
        )?;
        tx.execute(
            "INSERT INTO versions (month, sample, template) VALUES (?1, ?2, ?3)",
            params![month, new.sample, sha],
        )?;
        let version = tx.last_insert_rowid();
        {
            let mut put = tx.prepare(
                "INSERT INTO vals (version, township, col, value, status, place)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut written = 0usize;
            for cell in new.table.cells(new.month) {
                let at = new
                    .sources
                    .get(&(cell.township.clone(), cell.column.clone()))
                    .map(Place::describe);
                let code = cell.status.map(Status::code);
                put.execute(params![
                    version,
                    cell.township,
                    cell.column,
                    cell.value,
                    code,
                    at
                ])?;
                written += 1;
                crash_point(written);
            }
            let mut file = tx.prepare(
                "INSERT INTO files (version, name, size, sha256) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for f in new.files {
                file.execute(params![version, f.name, f.size as i64, f.sha256])?;
            }
            let mut prob = tx.prepare(
                "INSERT INTO problems (version, level, file, sheet, cell, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for p in new.problems {
                prob.execute(params![
                    version,
                    p.level.code(),
                    p.file,
                    p.sheet,
                    p.cell,
                    p.message
                ])?;
            }
        }
        tx.execute(
            "INSERT INTO months (month, version) VALUES (?1, ?2)
             ON CONFLICT(month) DO UPDATE SET version = excluded.version",
            params![month, version],
        )?;
        tx.commit()?;
        Ok(version)
    }

    /// Puts a month back to the version before its current one.
    pub fn undo(&mut self, month: YearMonth) -> Result<Undone> {
        let key = month.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: i64 = tx
            .query_row("SELECT version FROM months WHERE month = ?1", [&key], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NoMonth(month))?;
        let previous: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, created_at FROM versions WHERE month = ?1 AND id < ?2
                 ORDER BY id DESC LIMIT 1",
                params![key, current],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let out = match previous {
            Some((version, imported_at)) => {
                tx.execute(
                    "UPDATE months SET version = ?1 WHERE month = ?2",
                    params![version, key],
                )?;
                Undone::Restored {
                    version,
                    imported_at,
                }
            }
            None => {
                tx.execute("DELETE FROM months WHERE month = ?1", [&key])?;
                Undone::Removed
            }
        };
        tx.commit()?;
        Ok(out)
    }

    /// Removes every sample version (示例数据); months left without data disappear.
    pub fn remove_samples(&mut self) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let removed = tx.query_row("SELECT count(*) FROM versions WHERE sample = 1", [], |r| {
            r.get::<_, i64>(0)
        })?;
        tx.execute_batch(
            "DELETE FROM months
             WHERE version IN (SELECT id FROM versions WHERE sample = 1)
               AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.month = months.month AND v.sample = 0);
             UPDATE months SET version = (
                 SELECT max(id) FROM versions v WHERE v.month = months.month AND v.sample = 0)
             WHERE version IN (SELECT id FROM versions WHERE sample = 1);
             DELETE FROM versions WHERE sample = 1;",
        )?;
        tx.commit()?;
        Ok(removed as usize)
    }

    pub fn set_note(&mut self, month: YearMonth, key: &str, text: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO notes (month, key, text) VALUES (?1, ?2, ?3)
             ON CONFLICT(month, key) DO UPDATE SET text = excluded.text,
                 updated_at = datetime('now', 'localtime')",
            params![month.to_string(), key, text],
        )?;
        Ok(())
    }
}

/// Test hook: `DISPATCH_DESK_CRASH_AFTER_WRITES=N` aborts the process after N value rows,
/// in the middle of the import transaction, as a power cut would. Debug builds only.
fn crash_point(written: usize) {
    #[cfg(debug_assertions)]
    if let Ok(n) = std::env::var("DISPATCH_DESK_CRASH_AFTER_WRITES")
        && n.parse() == Ok(written)
    {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = written;
}
