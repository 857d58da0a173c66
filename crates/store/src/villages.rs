//! Village rows (村级明细) kept with each version of a month: written in the import's
//! transaction, read back for the month's current version.

use rusqlite::{Connection, params};

use super::{Result, Workspace};
use dd_core::model::{VillageRow, VillageTable, YearMonth};

/// Stores a month version's village rows (inside the version's transaction).
pub(super) fn put(tx: &Connection, version: i64, villages: &VillageTable) -> Result<()> {
    let mut put = tx.prepare(
        "INSERT OR REPLACE INTO village_vals (version, seq, township, village, pos, col, value, place)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (seq, row) in villages.rows.iter().enumerate() {
        for (pos, col) in villages.columns.iter().enumerate() {
            let value = row.values.get(pos).copied().flatten();
            let place = row.sources.get(pos).cloned().flatten();
            put.execute(params![
                version,
                seq as i64,
                row.township,
                row.village,
                pos as i64,
                col,
                value,
                place
            ])?;
        }
    }
    Ok(())
}

impl Workspace {
    /// The village rows of a month's current version (empty when it has none), in the order
    /// they were stored: townships in template order, villages as their sheets list them.
    pub fn villages(&self, month: YearMonth) -> Result<VillageTable> {
        let Some(version) = self.current_version(month)? else {
            return Ok(VillageTable::default());
        };
        let mut stmt = self.conn.prepare(
            "SELECT seq, township, village, pos, col, value, place FROM village_vals
             WHERE version = ?1 ORDER BY seq, pos",
        )?;
        let mut table = VillageTable::default();
        let mut last_seq = None;
        let rows = stmt.query_map([version], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<f64>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        for row in rows {
            let (seq, township, village, pos, col, value, place) = row?;
            let pos = usize::try_from(pos).unwrap_or(usize::MAX);
            if pos == table.columns.len() && !table.columns.contains(&col) {
                table.columns.push(col);
            }
            if last_seq != Some(seq) {
                last_seq = Some(seq);
                table.rows.push(VillageRow {
                    township,
                    village,
                    values: Vec::new(),
                    sources: Vec::new(),
                });
            }
            if let Some(r) = table.rows.last_mut()
                && pos < table.columns.len()
            {
                r.values.resize(table.columns.len(), None);
                r.sources.resize(table.columns.len(), None);
                r.values[pos] = value;
                r.sources[pos] = place;
            }
        }
        let width = table.columns.len();
        for r in &mut table.rows {
            r.values.resize(width, None);
            r.sources.resize(width, None);
        }
        Ok(table)
    }
}
