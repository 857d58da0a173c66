//! The 督办 ledger as stored: each problem a month raised (kept even when later data no longer
//! shows it: then marked withdrawn), the clerk's choice of which the brief names (通报问题,
//! with wording, 整改时限 and 责任单位), problems added by hand, and the hand closings with
//! their notes.

use rusqlite::{OptionalExtension, params};

use super::{Result, Workspace};
use dd_core::model::{Choice, MANUAL, Raised, StoredFollowup, YearMonth};

/// What the clerk changes of a problem: the tick, the wording, 整改时限 and 责任单位 (None
/// keeps a field as it is; an empty text goes back to the default).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProblemEdit {
    pub named: Option<bool>,
    pub wording: Option<String>,
    pub deadline: Option<String>,
    pub unit: Option<String>,
}
/// The columns [`stored`] reads, of `followups f`.
macro_rules! columns {
    () => {
        "f.id, f.month, f.township, f.kind, f.key, f.what, f.figure, f.target, f.withdrawn,
         f.raised_at, f.closed_at, f.note, f.named, f.named_by_clerk, f.wording, f.deadline,
         f.unit"
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
        // Hand-added problems are the clerk's: no raising withdraws them.
        let known: Vec<StoredFollowup> = self
            .followups()?
            .into_iter()
            .filter(|k| k.raised.kind != MANUAL)
            .collect();
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
                    // The clerk's tick stands over the raised default.
                    let same = Raised {
                        named: if k.choice.by_clerk {
                            r.named
                        } else {
                            new.named
                        },
                        ..(*new).clone()
                    };
                    if k.withdrawn || same != *r {
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
                "INSERT INTO followups (month, township, kind, key, what, figure, target, named)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (month, township, kind, key) DO UPDATE SET
                     what = excluded.what, figure = excluded.figure,
                     target = excluded.target, withdrawn = 0,
                     named = CASE WHEN named_by_clerk THEN named ELSE excluded.named END",
            )?;
            for r in upsert {
                put.execute(params![
                    r.month.to_string(),
                    r.township,
                    r.kind,
                    r.key,
                    r.what,
                    r.figure,
                    r.target,
                    r.named
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
    /// raised (named or not: the clerk chooses among them) and, for each problem an earlier
    /// brief named, its latest naming; withdrawn raisings left out.
    pub fn followups_as_of(&self, month: YearMonth) -> Result<Vec<StoredFollowup>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM followups f
             JOIN (SELECT township, kind, key, max(month) AS latest FROM followups
                   WHERE NOT withdrawn AND named AND month < ?1
                   GROUP BY township, kind, key) l
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

    /// The clerk's change to a problem of a brief: ticked or not, its words, 整改时限, 责任单位.
    pub fn edit_problem(&mut self, id: i64, edit: &ProblemEdit) -> Result<()> {
        let text = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string());
        self.exclusive(|ws| {
            if let Some(named) = edit.named {
                ws.conn.execute(
                    "UPDATE followups SET named = ?2, named_by_clerk = 1 WHERE id = ?1",
                    params![id, named],
                )?;
            }
            for (column, value) in [
                ("wording", text(&edit.wording)),
                ("deadline", text(&edit.deadline)),
                ("unit", text(&edit.unit)),
            ] {
                if let Some(v) = value {
                    // An emptied field goes back to its default.
                    ws.conn.execute(
                        &format!("UPDATE followups SET {column} = NULLIF(?2, '') WHERE id = ?1"),
                        params![id, v],
                    )?;
                }
            }
            Ok(())
        })
    }

    /// A problem the clerk adds to a month's brief by hand (named, followed, closed by hand);
    /// returns its id.
    pub fn add_problem(
        &mut self,
        month: YearMonth,
        township: &str,
        what: &str,
        deadline: Option<&str>,
    ) -> Result<i64> {
        self.exclusive(|ws| {
            // The key only has to be unique among the month's hand-added problems.
            let key: i64 =
                ws.conn
                    .query_row("SELECT coalesce(max(id), 0) + 1 FROM followups", [], |r| {
                        r.get(0)
                    })?;
            ws.conn.execute(
                "INSERT INTO followups (month, township, kind, key, what, named, named_by_clerk,
                                        deadline)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 1, NULLIF(?6, ''))",
                params![
                    month.to_string(),
                    township.trim(),
                    MANUAL,
                    format!("m{key}"),
                    what.trim(),
                    deadline.map(str::trim)
                ],
            )?;
            Ok(ws.conn.last_insert_rowid())
        })
    }

    /// Removes a hand-added problem (raised ones are unticked instead).
    pub fn remove_problem(&mut self, id: i64) -> Result<()> {
        self.exclusive(|ws| {
            ws.conn.execute(
                "DELETE FROM followups WHERE id = ?1 AND kind = ?2",
                params![id, MANUAL],
            )?;
            Ok(())
        })
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
                named: r.get(12)?,
            },
            withdrawn: r.get(8)?,
            raised_at: r.get(9)?,
            closed: closed_at.map(|at| (at, note.unwrap_or_default())),
            choice: Choice {
                named: r.get(12)?,
                by_clerk: r.get(13)?,
                wording: r.get(14)?,
                deadline: r.get(15)?,
                unit: r.get(16)?,
            },
        });
    }
    Ok(out)
}
