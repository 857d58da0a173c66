//! The village rows of a month (村级明细): township, village, one value per indicator
//! column, and the cell each value came from. Read from village detail sheets, kept with
//! the month in the workspace, used by views and the brief.

use crate::template::Template;

/// One village's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct VillageRow {
    /// Canonical township name.
    pub township: String,
    /// The village as the sheet writes it (trimmed).
    pub village: String,
    /// One per column of the table; None where the sheet left it blank.
    pub values: Vec<Option<f64>>,
    /// `file!sheet!G17` for each value, where it came from.
    pub sources: Vec<Option<String>>,
}

/// The villages of a month, in template order of townships and sheet order within each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VillageTable {
    /// Indicator ids, in template order.
    pub columns: Vec<String>,
    pub rows: Vec<VillageRow>,
}

impl VillageTable {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The value of a village's indicator.
    pub fn value(&self, row: &VillageRow, id: &str) -> Option<f64> {
        let c = self.columns.iter().position(|c| c == id)?;
        row.values.get(c).copied().flatten()
    }

    /// The villages of one township.
    pub fn of_township<'a>(&'a self, township: &'a str) -> impl Iterator<Item = &'a VillageRow> {
        self.rows.iter().filter(move |r| r.township == township)
    }

    /// Townships that have village rows.
    pub fn townships(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in &self.rows {
            if out.last() != Some(&r.township.as_str()) && !out.contains(&r.township.as_str()) {
                out.push(&r.township);
            }
        }
        out
    }

    /// This table with the townships of `newer` replaced by its rows (a township's villages
    /// arrive together, like its figures), in template order.
    pub fn merged(&self, newer: &VillageTable, t: &Template) -> VillageTable {
        let replaced = newer.townships();
        let mut columns: Vec<String> = Vec::new();
        for ind in &t.indicators {
            if self.columns.contains(&ind.id) || newer.columns.contains(&ind.id) {
                columns.push(ind.id.clone());
            }
        }
        let widen = |table: &VillageTable, row: &VillageRow| {
            let mut r = VillageRow {
                township: row.township.clone(),
                village: row.village.clone(),
                values: vec![None; columns.len()],
                sources: vec![None; columns.len()],
            };
            for (c, id) in columns.iter().enumerate() {
                if let Some(k) = table.columns.iter().position(|x| x == id) {
                    r.values[c] = row.values.get(k).copied().flatten();
                    r.sources[c] = row.sources.get(k).cloned().flatten();
                }
            }
            r
        };
        let mut rows: Vec<VillageRow> = self
            .rows
            .iter()
            .filter(|r| !replaced.contains(&r.township.as_str()))
            .map(|r| widen(self, r))
            .chain(newer.rows.iter().map(|r| widen(newer, r)))
            .collect();
        let order = |name: &str| t.townships.iter().position(|d| d.name == name);
        rows.sort_by_key(|r| order(&r.township));
        VillageTable { columns, rows }
    }

    /// `township,village,<ids…>`, one village a line, numbers printed plainly.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("township,village");
        for c in &self.columns {
            out.push(',');
            out.push_str(c);
        }
        out.push('\n');
        for r in &self.rows {
            out.push_str(&csv_field(&r.township));
            out.push(',');
            out.push_str(&csv_field(&r.village));
            for v in &r.values {
                out.push(',');
                if let Some(v) = v {
                    out.push_str(&crate::text::plain_number(*v));
                }
            }
            out.push('\n');
        }
        out
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
