//! The 重点村 roster in the workspace: each import of a roster is kept for its month (one
//! transaction); a month without its own uses the latest earlier one.

use rusqlite::{OptionalExtension, params};

use super::{Result, Workspace};
use dd_core::model::{KeyVillage, Roster, YearMonth};

/// A stored roster and the month it was imported for.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRoster {
    /// The month the roster was imported for (earlier than the month asked for when carried).
    pub month: YearMonth,
    pub imported_at: String,
    pub sample: bool,
    pub roster: Roster,
}

impl Workspace {
    /// Keeps `roster` as `month`'s; false (nothing written) when the month's own roster is
    /// the same (the same roster sent for a later month is kept for it, so the view names
    /// that month).
    pub fn store_roster(
        &mut self,
        month: YearMonth,
        roster: &Roster,
        sample: bool,
    ) -> Result<bool> {
        self.exclusive(|ws| {
            if ws
                .roster(month)?
                .is_some_and(|r| r.month == month && r.roster.villages == roster.villages)
            {
                return Ok(false);
            }
            let tx = &ws.conn;
            tx.execute(
                "INSERT INTO rosters (month, sample) VALUES (?1, ?2)",
                params![month.to_string(), sample],
            )?;
            let id = tx.last_insert_rowid();
            let mut put = tx.prepare(
                "INSERT INTO roster_villages
                 (roster, seq, township, village, leader, unit, team, plan, paid, place)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for (seq, v) in roster.villages.iter().enumerate() {
                put.execute(params![
                    id, seq as i64, v.township, v.village, v.leader, v.unit, v.team, v.plan,
                    v.paid, v.place
                ])?;
            }
            Ok(true)
        })
    }

    /// The roster in effect for `month`: its own, else the latest earlier one. The sample
    /// roster counts only for a month whose figures are still the samples.
    pub fn roster(&self, month: YearMonth) -> Result<Option<StoredRoster>> {
        let head: Option<(i64, String, String, bool)> = self
            .conn
            .query_row(
                "SELECT id, month, created_at, sample FROM rosters
                 WHERE month <= ?1 AND (sample = 0 OR EXISTS (
                     SELECT 1 FROM months m JOIN versions v ON v.id = m.version
                     WHERE m.month = ?1 AND v.sample = 1))
                 ORDER BY month DESC, id DESC LIMIT 1",
                [month.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        head.map(|head| self.read_roster(head)).transpose()
    }

    fn read_roster(
        &self,
        (id, month, imported_at, sample): (i64, String, String, bool),
    ) -> Result<StoredRoster> {
        let month = month
            .parse::<YearMonth>()
            .map_err(|_| self.corrupt(format!("名单月份“{month}”写法不对")))?;
        let mut stmt = self.conn.prepare(
            "SELECT township, village, leader, unit, team, plan, paid, place
             FROM roster_villages WHERE roster = ?1 ORDER BY seq",
        )?;
        let villages = stmt
            .query_map([id], |r| {
                Ok(KeyVillage {
                    township: r.get(0)?,
                    village: r.get(1)?,
                    leader: r.get(2)?,
                    unit: r.get(3)?,
                    team: r.get(4)?,
                    plan: r.get(5)?,
                    paid: r.get(6)?,
                    place: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(StoredRoster {
            month,
            imported_at,
            sample,
            roster: Roster { villages },
        })
    }
}
