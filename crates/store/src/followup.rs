//! The 督办 ledger as stored: each problem a month raised (kept even when later data no longer
//! shows it: then marked withdrawn), and the hand closings with their notes.

use rusqlite::{OptionalExtension, params};

use super::{Result, Workspace};
use dd_core::model::{Raised, StoredFollowup, YearMonth};

/// The columns [`stored`] reads, of `followups f`.
macro_rules! columns {
    () => {
        "f.id, f.month, f.township, f.kind, f.key, f.what, f.figure, f.target, f.withdrawn,
         f.raised_at, f.closed_at, f.note"
    };
}

impl Workspace {
    /// What the ledger was last raised from (see `followup::refresh`), if it ever was.
    pub fn followups_synced(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'followups_synced'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Raises `raised` into the ledger (new items added, changed ones updated, vanished ones
    /// withdrawn) and records `from`, what they were raised from, in the same transaction.
    pub fn sync_followups(&mut self, raised: &[Raised], from: &str) -> Result<()> {
        self.exclusive(|ws| ws.put_followups(raised, from))
    }

    fn put_followups(&self, raised: &[Raised], from: &str) -> Result<()> {
        type Key<'a> = (String, &'a str, &'a str, &'a str);
        let known = self.followups()?;
        let now: std::collections::HashMap<Key, &Raised> = raised
            .iter()
            .map(|r| {
                (
                    (
                        r.month.to_string(),
                        r.township.as_str(),
                        r.kind.as_str(),
                        r.key.as_str(),
                    ),
                    r,
                )
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        let mut withdraw = Vec::new();
        let mut upsert = Vec::new();
        for k in &known {
            let r = &k.raised;
            let key = (
                r.month.to_string(),
                r.township.as_str(),
                r.kind.as_str(),
                r.key.as_str(),
            );
            match now.get(&key) {
                Some(new) => {
                    seen.insert(key.clone());
                    if k.withdrawn || *new != r {
                        upsert.push(*new);
                    }
                }
                None if !k.withdrawn => withdraw.push(k.id),
                None => {}
            }
        }
        upsert.extend(
            now.iter()
                .filter(|(k, _)| !seen.contains(*k))
                .map(|(_, r)| *r),
        );
        let tx = &self.conn;
        {
            let mut put = tx.prepare(
                "INSERT INTO followups (month, township, kind, key, what, figure, target)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (month, township, kind, key) DO UPDATE SET
                     what = excluded.what, figure = excluded.figure,
                     target = excluded.target, withdrawn = 0",
            )?;
            for r in upsert {
                put.execute(params![
                    r.month.to_string(),
                    r.township,
                    r.kind,
                    r.key,
                    r.what,
                    r.figure,
                    r.target
                ])?;
            }
            let mut gone = tx.prepare("UPDATE followups SET withdrawn = 1 WHERE id = ?1")?;
            for id in withdraw {
                gone.execute([id])?;
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('followups_synced', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [from],
            )?;
        }
        Ok(())
    }

    /// Every problem ever raised, oldest month first.
    pub fn followups(&self) -> Result<Vec<StoredFollowup>> {
        // In table order (no index lookups), then by month here.
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM followups f ORDER BY id"
        ))?;
        let mut out = stored(stmt.query([])?)?;
        out.sort_by_key(|f| f.raised.month);
        Ok(out)
    }

    /// What the ledger as of `month` can show, oldest month first: the problems `month`
    /// raised and, for each problem raised before it, its latest raising; withdrawn raisings
    /// left out.
    pub fn followups_as_of(&self, month: YearMonth) -> Result<Vec<StoredFollowup>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM followups f
             JOIN (SELECT township, kind, key, max(month) AS latest FROM followups
                   WHERE NOT withdrawn AND month < ?1 GROUP BY township, kind, key) l
               ON l.township = f.township AND l.kind = f.kind AND l.key = f.key
                  AND l.latest = f.month
             UNION ALL
             SELECT ",
            columns!(),
            " FROM followups f WHERE NOT f.withdrawn AND f.month = ?1
             ORDER BY 2, 1 -- month, id"
        ))?;
        stored(stmt.query([month.to_string()])?)
    }

    /// Closes a problem by hand (销号) with a note, or opens it again (`note` None).
    pub fn close_followup(&mut self, id: i64, note: Option<&str>) -> Result<()> {
        self.exclusive(|ws| {
            match note {
                Some(n) => ws.conn.execute(
                    "UPDATE followups SET closed_at = datetime('now', 'localtime'), note = ?2
                     WHERE id = ?1",
                    params![id, n],
                )?,
                None => ws.conn.execute(
                    "UPDATE followups SET closed_at = NULL, note = NULL WHERE id = ?1",
                    [id],
                )?,
            };
            Ok(())
        })
    }
}

/// Rows of [`columns`] as stored items (a row whose month does not read is skipped).
fn stored(mut rows: rusqlite::Rows<'_>) -> Result<Vec<StoredFollowup>> {
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let Ok(month) = r.get::<_, String>(1)?.parse() else {
            continue;
        };
        let closed_at: Option<String> = r.get(10)?;
        let note: Option<String> = r.get(11)?;
        out.push(StoredFollowup {
            id: r.get(0)?,
            raised: Raised {
                month,
                township: r.get(2)?,
                kind: r.get(3)?,
                key: r.get(4)?,
                what: r.get(5)?,
                figure: r.get(6)?,
                target: r.get(7)?,
            },
            withdrawn: r.get(8)?,
            raised_at: r.get(9)?,
            closed: closed_at.map(|at| (at, note.unwrap_or_default())),
        });
    }
    Ok(out)
}
