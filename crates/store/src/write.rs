//! Changes to the workspace, each one transaction: storing an import as a new version of its
//! month, undo, removing the samples, the clerk's notes.

use rusqlite::{OptionalExtension, params};

use super::{NewMonth, Result, StoreError, Undone, Workspace};
use dd_core::model::sha256_hex;
use dd_core::model::{Status, YearMonth};

impl Workspace {
    /// Stores a month as a new version on top of its current one (an arrival), in one
    /// transaction; `new` holds the whole month after the arrival (read, merged and stored
    /// inside one [`Workspace::exclusive`] by the caller, so nothing arrived in between).
    pub fn import(&mut self, new: NewMonth) -> Result<i64> {
        self.exclusive(|ws| ws.put_version(&new))
    }

    fn put_version(&mut self, new: &NewMonth) -> Result<i64> {
        let month = new.month.to_string();
        let tx = &self.conn;
        // Undo goes back to the version this one is built on (sample data included).
        let parent: Option<i64> = tx
            .query_row(
                "SELECT version FROM months WHERE month = ?1",
                [&month],
                |r| r.get(0),
            )
            .optional()?;
        let sha = sha256_hex(new.template_text.as_bytes());
        tx.execute(
            "INSERT OR IGNORE INTO templates (sha256, text) VALUES (?1, ?2)",
            params![sha, new.template_text],
        )?;
        tx.execute(
            "INSERT INTO versions (month, sample, template, parent) VALUES (?1, ?2, ?3, ?4)",
            params![month, new.sample, sha, parent],
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
                    .places
                    .get(&(cell.township.clone(), cell.column.clone()));
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
            tx.execute(
                "UPDATE versions SET townships =
                   (SELECT count(DISTINCT township) FROM vals WHERE version = ?1)
                 WHERE id = ?1",
                [version],
            )?;
            let mut file = tx.prepare(
                "INSERT INTO files (version, name, size, sha256) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for f in &new.files {
                file.execute(params![version, f.name, f.size as i64, f.sha256])?;
            }
            let mut prob = tx.prepare(
                "INSERT INTO problems (version, level, file, sheet, cell, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for p in &new.problems {
                prob.execute(params![
                    version,
                    p.level.code(),
                    p.file,
                    p.sheet,
                    p.cell,
                    p.message
                ])?;
            }
            let mut arrival = tx.prepare(
                "INSERT OR REPLACE INTO arrivals (version, township, file) VALUES (?1, ?2, ?3)",
            )?;
            for (town, file) in &new.arrived {
                arrival.execute(params![version, town, file])?;
            }
        }
        super::villages::put(tx, version, &new.villages)?;
        tx.execute(
            "INSERT INTO months (month, version) VALUES (?1, ?2)
             ON CONFLICT(month) DO UPDATE SET version = excluded.version",
            params![month, version],
        )?;
        Ok(version)
    }

    /// Records a file sent back (退回) for a township of a month, with the reasons.
    pub fn record_return(
        &mut self,
        month: YearMonth,
        township: &str,
        file: &str,
        reasons: &str,
    ) -> Result<()> {
        self.exclusive(|ws| ws.put_return(month, township, file, reasons))
    }

    fn put_return(
        &self,
        month: YearMonth,
        township: &str,
        file: &str,
        reasons: &str,
    ) -> Result<()> {
        // The same file sent back again for the same reasons is one return.
        let last: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT file, reasons FROM returns WHERE month = ?1 AND township = ?2
                 ORDER BY id DESC LIMIT 1",
                params![month.to_string(), township],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if last
            .as_ref()
            .is_some_and(|(f, r)| f == file && r == reasons)
        {
            return Ok(());
        }
        self.conn.execute(
            "INSERT INTO returns (month, township, file, reasons) VALUES (?1, ?2, ?3, ?4)",
            params![month.to_string(), township, file, reasons],
        )?;
        Ok(())
    }

    /// Puts a month back to the version before its current one.
    pub fn undo(&mut self, month: YearMonth) -> Result<Undone> {
        self.backup_before(super::backup::Reason::Undo)?;
        self.exclusive(|ws| ws.step_back(month))
    }

    fn step_back(&self, month: YearMonth) -> Result<Undone> {
        let key = month.to_string();
        let tx = &self.conn;
        let current: i64 = tx
            .query_row("SELECT version FROM months WHERE month = ?1", [&key], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NoMonth(month))?;
        // The version this one was built on (versions before parents were kept: the one
        // stored before it).
        let previous: Option<(i64, String)> = tx
            .query_row(
                "SELECT p.id, p.created_at FROM versions v JOIN versions p ON p.id = coalesce(
                     v.parent,
                     (SELECT max(id) FROM versions w
                      WHERE w.month = v.month AND w.id < v.id AND v.parent IS NULL
                        AND NOT EXISTS (SELECT 1 FROM arrivals a WHERE a.version = v.id)))
                 WHERE v.id = ?1",
                params![current],
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
        Ok(out)
    }

    /// Removes every sample version (示例数据); months left without data disappear.
    pub fn remove_samples(&mut self) -> Result<usize> {
        self.backup_before(super::backup::Reason::RemoveSamples)?;
        self.exclusive(|ws| ws.drop_samples())
    }

    fn drop_samples(&self) -> Result<usize> {
        let tx = &self.conn;
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
             DELETE FROM versions WHERE sample = 1;
             DELETE FROM rosters WHERE sample = 1;",
        )?;
        Ok(removed as usize)
    }

    pub fn set_note(&mut self, month: YearMonth, key: &str, text: &str) -> Result<()> {
        self.exclusive(|ws| {
            ws.conn.execute(
                "INSERT INTO notes (month, key, text) VALUES (?1, ?2, ?3)
                 ON CONFLICT(month, key) DO UPDATE SET text = excluded.text,
                     updated_at = datetime('now', 'localtime')",
                params![month.to_string(), key, text],
            )?;
            Ok(())
        })
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
