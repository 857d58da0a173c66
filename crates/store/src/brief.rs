//! What the clerk set of a month's brief beyond the data: paragraphs rewritten by hand (each
//! with the generated text it replaced, so a change of the data can flag it), 成文日期 and
//! the 发文字号's number (kept as notes).

use rusqlite::params;

use super::{Result, Workspace};
use dd_core::model::YearMonth;

/// The note under which a month's chosen 成文日期 (YYYY-MM-DD) is kept.
pub const NOTE_BRIEF_DATE: &str = "brief_date";
/// The note under which a month's 发文字号 number is kept.
pub const NOTE_BRIEF_NUMBER: &str = "brief_number";

/// A paragraph of a month's brief as the clerk rewrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefEdit {
    /// Which paragraph (`problems.missing`, `overall.2`…), as composition names it.
    pub key: String,
    /// The generated text when it was rewritten (or last reviewed).
    pub generated: String,
    pub edited: String,
}

impl Workspace {
    /// The paragraphs of `month`'s brief the clerk rewrote.
    pub fn brief_edits(&self, month: YearMonth) -> Result<Vec<BriefEdit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, generated, edited FROM brief_edits WHERE month = ?1 ORDER BY key",
        )?;
        let rows = stmt.query_map([month.to_string()], |r| {
            Ok(BriefEdit {
                key: r.get(0)?,
                generated: r.get(1)?,
                edited: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps the clerk's text of a paragraph (replacing an earlier edit).
    pub fn put_brief_edit(&mut self, month: YearMonth, e: &BriefEdit) -> Result<()> {
        self.exclusive(|ws| {
            ws.conn.execute(
                "INSERT INTO brief_edits (month, key, generated, edited)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (month, key) DO UPDATE SET generated = excluded.generated,
                     edited = excluded.edited, updated_at = datetime('now', 'localtime')",
                params![month.to_string(), e.key, e.generated, e.edited],
            )?;
            Ok(())
        })
    }

    /// Goes back to the generated text of a paragraph.
    pub fn remove_brief_edit(&mut self, month: YearMonth, key: &str) -> Result<()> {
        self.exclusive(|ws| {
            ws.conn.execute(
                "DELETE FROM brief_edits WHERE month = ?1 AND key = ?2",
                params![month.to_string(), key],
            )?;
            Ok(())
        })
    }
}
