//! Reading the workspace: the months and their versions, the history of every month as one
//! long frame, a month's problems, source cells and notes.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::{MonthInfo, Result, StoreError, StoredMonth, VersionInfo, Workspace};
use dd_core::model::FileDigest;
use dd_core::model::history::LongBuilder;
use dd_core::model::{History, Level, MonthTable, Problem, Roster, Status, YearMonth, roster};
use dd_core::template::Template;

impl Workspace {
    /// Months in order, with their current version and sources.
    /// True when another connection (another window or command) committed a change since
    /// the last call; the first call only starts looking.
    pub fn changed_elsewhere(&mut self) -> Result<bool> {
        let now: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let before = self.seen_version.replace(now);
        Ok(before.is_some_and(|b| b != now))
    }

    pub fn months(&self) -> Result<Vec<MonthInfo>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.month, m.version, v.sample, v.created_at,
                    (SELECT count(*) FROM versions w WHERE w.month = m.month), v.townships
             FROM months m JOIN versions v ON v.id = m.version ORDER BY m.month",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut out = Vec::new();
        for (m, version, sample, at, versions, towns) in rows {
            let Ok(month) = m.parse::<YearMonth>() else {
                continue;
            };
            out.push(MonthInfo {
                month,
                version,
                versions: versions as usize,
                sample,
                townships: towns as usize,
                imported_at: at,
                files: self.files(version)?.into_iter().map(|f| f.name).collect(),
                template_version: self.template_version_of(version)?,
            });
        }
        Ok(out)
    }

    /// Each stored month with its current version, in month order: what the months are made
    /// of, read without their details.
    pub fn month_versions(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT month, version FROM months ORDER BY month")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn files(&self, version: i64) -> Result<Vec<FileDigest>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, size, sha256 FROM files WHERE version = ?1 ORDER BY rowid",
        )?;
        let files = stmt
            .query_map([version], |r| {
                Ok(FileDigest {
                    name: r.get(0)?,
                    size: r.get::<_, i64>(1)? as u64,
                    sha256: r.get(2)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(files)
    }

    /// The id of a month's current version; None when the month is not stored.
    pub(super) fn current_version(&self, month: YearMonth) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT version FROM months WHERE month = ?1",
                [month.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every version of a month, newest first.
    pub fn versions(&self, month: YearMonth) -> Result<Vec<VersionInfo>> {
        let current = self.current_version(month)?;
        let mut stmt = self.conn.prepare(
            "SELECT id, created_at, sample FROM versions WHERE month = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, created_at, sample)| {
                Ok(VersionInfo {
                    id,
                    created_at,
                    sample,
                    current: Some(id) == current,
                    files: self.files(id)?,
                })
            })
            .collect()
    }

    /// The current table of a month, rows and columns in the template's order.
    pub fn load(&self, month: YearMonth, t: &Template) -> Result<MonthTable> {
        let Some(version) = self.current_version(month)? else {
            return Err(StoreError::NoMonth(month));
        };
        self.read_history(vec![(month.to_string(), version)], t)?
            .month_table(month)
            .map_err(|e| self.corrupt(e))
    }

    /// Every stored month (its current version) as one long frame.
    pub fn history(&self, t: &Template) -> Result<History> {
        self.read_history(self.month_versions()?, t)
    }

    /// The history of `versions`, (month, its version) pairs.
    fn read_history(&self, versions: Vec<(String, i64)>, t: &Template) -> Result<History> {
        fn text<'a>(ws: &Workspace, v: rusqlite::types::ValueRef<'a>) -> Result<Option<&'a str>> {
            v.as_str_or_null()
                .map_err(|e| ws.corrupt(format!("数值表的文字读不出：{e}")))
        }
        // One month's values at a time: a range of the table's key, no join.
        let mut stmt = self
            .conn
            .prepare_cached("SELECT township, col, value, status FROM vals WHERE version = ?1")?;
        let mut long = LongBuilder::new(t);
        for (written, version) in versions {
            let Ok(month) = written.parse::<YearMonth>() else {
                return Err(self.corrupt(format!("月份“{written}”写法不对")));
            };
            let mut rows = stmt.query([version])?;
            while let Some(r) = rows.next()? {
                let status = match text(self, r.get_ref(3)?)? {
                    None => None,
                    Some(code) => Some(
                        Status::from_code(code)
                            .ok_or_else(|| self.corrupt(format!("落实状态“{code}”不认识")))?,
                    ),
                };
                let (Some(town), Some(column)) =
                    (text(self, r.get_ref(0)?)?, text(self, r.get_ref(1)?)?)
                else {
                    return Err(self.corrupt("数值表缺乡镇或列名"));
                };
                long.push(month, town, column, r.get(2)?, status);
            }
        }
        if let Some(duty) = &t.roster.derives {
            let mut months: Vec<YearMonth> = long.townships().map(|(m, _)| m).collect();
            months.sort_unstable();
            months.dedup();
            let mut rosters = Vec::new();
            for m in months {
                if let Some(r) = self.roster(m)? {
                    rosters.push((m, r.roster));
                }
            }
            let rosters: Vec<(YearMonth, &Roster)> = rosters.iter().map(|(m, r)| (*m, r)).collect();
            let derived = roster::derived_cells(&rosters, long.townships(), duty);
            for c in derived {
                long.push(c.month, &c.township, &c.column, c.value, c.status);
            }
        }
        long.finish().map_err(|e| self.corrupt(e))
    }

    pub(super) fn corrupt(&self, detail: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            path: self.path.display().to_string(),
            detail: detail.to_string(),
        }
    }

    /// The problems recorded with a month's current version.
    pub fn problems(&self, month: YearMonth) -> Result<Vec<Problem>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.level, p.file, p.sheet, p.cell, p.message FROM problems p
             JOIN months m ON m.version = p.version WHERE m.month = ?1 ORDER BY p.rowid",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(level, file, sheet, cell, message)| {
                let level = Level::from_code(&level)
                    .ok_or_else(|| self.corrupt(format!("问题级别“{level}”不认识")))?;
                Ok(Problem {
                    level,
                    file,
                    sheet,
                    cell,
                    message,
                })
            })
            .collect::<Result<Vec<_>>>()
    }

    /// Where each value of a month's current version came from: (township, column) →
    /// `file!sheet!cell`, as problems name their place.
    pub fn places(&self, month: YearMonth) -> Result<HashMap<(String, String), String>> {
        let mut stmt = self.conn.prepare(
            "SELECT x.township, x.col, x.place FROM vals x JOIN months m ON m.version = x.version
             WHERE m.month = ?1 AND x.place IS NOT NULL",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<std::result::Result<HashMap<_, _>, _>>()?;
        Ok(rows)
    }

    /// A note the clerk keeps with a month (the brief's 下步工作要求).
    pub fn note(&self, month: YearMonth, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT text FROM notes WHERE month = ?1 AND key = ?2",
                params![month.to_string(), key],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// A township's latest arrival in the line of versions that made a month.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalRecord {
    pub township: String,
    pub version: i64,
    pub file: String,
    pub at: String,
}

/// A file sent back (退回) for a township.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnRecord {
    pub township: String,
    pub file: String,
    pub reasons: String,
    pub at: String,
}

impl Workspace {
    /// A month's current version, whole: what the next arrival is merged into.
    pub fn stored_month(&self, month: YearMonth, t: &Template) -> Result<Option<StoredMonth>> {
        let current: Option<(i64, bool, String)> = self
            .conn
            .query_row(
                "SELECT v.id, v.sample, v.created_at FROM months m JOIN versions v ON v.id = m.version
                 WHERE m.month = ?1",
                [month.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((version, sample, created_at)) = current else {
            return Ok(None);
        };
        Ok(Some(StoredMonth {
            version,
            sample,
            created_at,
            table: self.load(month, t)?,
            places: self.places(month)?,
            files: self.files(version)?,
            problems: self.problems(month)?,
        }))
    }

    /// Each township's latest arrival among the versions that built the month's current one
    /// (sample versions count only for a sample month), newest first.
    pub fn arrivals(&self, month: YearMonth) -> Result<Vec<ArrivalRecord>> {
        let mut stmt = self.conn.prepare(
            "WITH RECURSIVE line(id) AS (
                 SELECT version FROM months WHERE month = ?1
                 UNION ALL
                 SELECT v.parent FROM versions v JOIN line l ON v.id = l.id
                 WHERE v.parent IS NOT NULL
             ),
             cur(sample) AS (
                 SELECT v.sample FROM months m JOIN versions v ON v.id = m.version
                 WHERE m.month = ?1
             )
             SELECT a.township, a.version, a.file, v.created_at
             FROM arrivals a JOIN line l ON a.version = l.id JOIN versions v ON v.id = a.version
             WHERE v.sample = (SELECT sample FROM cur)
             ORDER BY a.version DESC",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| {
                Ok(ArrivalRecord {
                    township: r.get(0)?,
                    version: r.get(1)?,
                    file: r.get(2)?,
                    at: r.get(3)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .into_iter()
            .filter(|a| seen.insert(a.township.clone()))
            .collect())
    }

    /// Files sent back for a month, newest first.
    pub fn returns(&self, month: YearMonth) -> Result<Vec<ReturnRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT township, file, reasons, created_at FROM returns WHERE month = ?1
             ORDER BY id DESC",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| {
                Ok(ReturnRecord {
                    township: r.get(0)?,
                    file: r.get(1)?,
                    reasons: r.get(2)?,
                    at: r.get(3)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The townships a month's current version holds.
    pub fn townships_of(&self, month: YearMonth) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT x.township FROM vals x JOIN months m ON m.version = x.version
             WHERE m.month = ?1",
        )?;
        let rows = stmt
            .query_map([month.to_string()], |r| r.get(0))?
            .collect::<std::result::Result<Vec<String>, _>>()?;
        Ok(rows)
    }

    /// Today's date on this computer, as the workspace writes dates: (year, month, day).
    pub fn today(&self) -> Result<(i32, u32, u32)> {
        let d: String = self
            .conn
            .query_row("SELECT date('now', 'localtime')", [], |r| r.get(0))?;
        let mut parts = d.split('-').map(|p| p.parse::<i64>().unwrap_or(0));
        let (y, m, day) = (
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        );
        Ok((y as i32, m as u32, day as u32))
    }
}
