//! The workspace's own template: stored in the workspace and versioned, so every path (the app,
//! import, brief, status, form) reads the county's template, and each month remembers the
//! version it was imported with. A new workspace starts with the bundled sample template.

use rusqlite::{OptionalExtension, params};

use super::{Result, Workspace};
use dd_core::model::sha256_hex;
use dd_core::template::{DEFAULT_TEMPLATE, Template};

/// The template in use, with its version.
#[derive(Debug, Clone)]
pub struct WorkspaceTemplate {
    pub template: Template,
    /// Its TOML text as stored.
    pub text: String,
    pub version: i64,
    /// The bundled sample template, not yet replaced by the county's own.
    pub sample: bool,
    pub created_at: String,
}

/// One version of the workspace's template, as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateVersion {
    pub id: i64,
    pub county: String,
    pub created_at: String,
    pub sample: bool,
    pub note: String,
    pub current: bool,
}

impl Workspace {
    /// Puts the bundled template in a workspace that has none (new, or made before templates
    /// were kept in the workspace).
    pub(super) fn ensure_template(&mut self) -> Result<()> {
        self.exclusive(|ws| {
            let any: i64 =
                ws.conn
                    .query_row("SELECT count(*) FROM template_versions", [], |r| r.get(0))?;
            if any == 0 {
                let county = Template::bundled().county;
                ws.add_template(
                    DEFAULT_TEMPLATE,
                    true,
                    &format!("随软件附带的示例模板（{county}）"),
                )?;
            }
            Ok(())
        })
    }

    /// The version of the template in use and whether it is the bundled sample, without
    /// reading the template itself.
    pub fn template_version(&self) -> Result<(i64, bool)> {
        Ok(self.conn.query_row(
            "SELECT id, sample FROM template_versions ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// The template in use (the newest version).
    pub fn template(&self) -> Result<WorkspaceTemplate> {
        let (version, text, sample, created_at): (i64, String, bool, String) =
            self.conn.query_row(
                "SELECT v.id, t.text, v.sample, v.created_at FROM template_versions v
             JOIN templates t ON t.sha256 = v.sha256 ORDER BY v.id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        let template = Template::parse(&text, &format!("工作区模板（第{version}版）"))?;
        Ok(WorkspaceTemplate {
            template,
            text,
            version,
            sample,
            created_at,
        })
    }

    /// Stores `text` as the new template version, after checking it as a load does; the
    /// previous versions are kept. Returns the new version.
    pub fn set_template(&mut self, text: &str, note: &str) -> Result<i64> {
        Template::parse(text, "模板")?;
        self.add_template(text, false, note)
    }

    fn add_template(&mut self, text: &str, sample: bool, note: &str) -> Result<i64> {
        let sha = sha256_hex(text.as_bytes());
        self.exclusive(|ws| {
            ws.conn.execute(
                "INSERT OR IGNORE INTO templates (sha256, text) VALUES (?1, ?2)",
                params![sha, text],
            )?;
            ws.conn.execute(
                "INSERT INTO template_versions (sha256, sample, note) VALUES (?1, ?2, ?3)",
                params![sha, sample, note],
            )?;
            Ok(ws.conn.last_insert_rowid())
        })
    }

    /// Every version of the template, newest first.
    pub fn template_versions(&self) -> Result<Vec<TemplateVersion>> {
        let mut stmt = self.conn.prepare(
            "SELECT v.id, t.text, v.created_at, v.sample, v.note FROM template_versions v
             JOIN templates t ON t.sha256 = v.sha256 ORDER BY v.id DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .enumerate()
            .map(
                |(i, (id, text, created_at, sample, note))| TemplateVersion {
                    id,
                    county: Template::county_of(&text).unwrap_or_else(|| "（无法读取）".into()),
                    created_at,
                    sample,
                    note,
                    current: i == 0,
                },
            )
            .collect())
    }

    /// The text of the template a month version was imported with.
    pub fn template_text_of(&self, month_version: i64) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT t.text FROM versions v JOIN templates t ON t.sha256 = v.template
             WHERE v.id = ?1",
            [month_version],
            |r| r.get(0),
        )?)
    }

    /// The template version a month version was imported with, if it is one of the
    /// workspace's (the newest version with that text).
    pub(super) fn template_version_of(&self, month_version: i64) -> Result<Option<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT max(t.id) FROM versions v JOIN template_versions t ON t.sha256 = v.template
             WHERE v.id = ?1",
        )?;
        Ok(stmt
            .query_row([month_version], |r| r.get::<_, Option<i64>>(0))
            .optional()?
            .flatten())
    }
}
