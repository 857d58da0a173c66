use polars::prelude::*;

use super::Status;

/// Name of the township column of every month table.
pub const TOWNSHIP_COLUMN: &str = "township";

/// One month of data: one row per township (canonical name, template order), one Float64
/// column per indicator id the inputs carried, one String column per responsibility whose
/// status the inputs wrote (`done` / `partial` / `not_done` / `n_a`). Missing values are null.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthTable {
    df: DataFrame,
}

/// One township's values, in the column order given to [`MonthTable::build`].
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub township: String,
    pub values: Vec<Option<f64>>,
    pub statuses: Vec<Option<Status>>,
}

impl MonthTable {
    pub fn build(
        indicator_ids: &[&str],
        status_ids: &[&str],
        rows: &[TableRow],
    ) -> PolarsResult<MonthTable> {
        let height = rows.len();
        let mut columns = Vec::with_capacity(1 + indicator_ids.len() + status_ids.len());
        let names: Vec<&str> = rows.iter().map(|r| r.township.as_str()).collect();
        columns.push(Column::new(TOWNSHIP_COLUMN.into(), names));
        for (i, id) in indicator_ids.iter().enumerate() {
            let vals: Vec<Option<f64>> = rows
                .iter()
                .map(|r| r.values.get(i).copied().flatten())
                .collect();
            columns.push(Column::new((*id).into(), vals));
        }
        for (i, id) in status_ids.iter().enumerate() {
            let vals: Vec<Option<&str>> = rows
                .iter()
                .map(|r| r.statuses.get(i).copied().flatten().map(Status::code))
                .collect();
            columns.push(Column::new((*id).into(), vals));
        }
        Ok(MonthTable {
            df: DataFrame::new(height, columns)?,
        })
    }

    pub fn empty() -> MonthTable {
        MonthTable {
            df: DataFrame::new(
                0,
                vec![Column::new(TOWNSHIP_COLUMN.into(), Vec::<&str>::new())],
            )
            .unwrap_or_default(),
        }
    }

    pub fn frame(&self) -> &DataFrame {
        &self.df
    }

    pub fn height(&self) -> usize {
        self.df.height()
    }

    pub fn townships(&self) -> Vec<String> {
        self.df
            .column(TOWNSHIP_COLUMN)
            .and_then(|c| c.str().cloned())
            .map(|ca| ca.iter().map(|s| s.unwrap_or("").to_string()).collect())
            .unwrap_or_default()
    }

    /// Column names other than the township, in table order.
    pub fn columns(&self) -> Vec<String> {
        self.df
            .get_column_names()
            .into_iter()
            .filter(|n| n.as_str() != TOWNSHIP_COLUMN)
            .map(|n| n.to_string())
            .collect()
    }

    pub fn has_column(&self, id: &str) -> bool {
        self.df.column(id).is_ok()
    }

    /// The numeric values of one indicator column, row by row; None if the column is absent
    /// or not numeric.
    pub fn values(&self, id: &str) -> Option<Vec<Option<f64>>> {
        let ca = self.df.column(id).ok()?.f64().ok()?;
        Some(ca.iter().collect())
    }

    /// The statuses of one responsibility column, row by row.
    pub fn statuses(&self, id: &str) -> Option<Vec<Option<Status>>> {
        let ca = self.df.column(id).ok()?.str().ok()?;
        Some(ca.iter().map(|s| s.and_then(Status::from_code)).collect())
    }

    pub fn value(&self, township: &str, id: &str) -> Option<f64> {
        let row = self.townships().iter().position(|t| t == township)?;
        self.values(id)?.get(row).copied().flatten()
    }
}

impl MonthTable {
    /// The month as CSV: `township,<ids…>`, canonical names, numbers printed plainly
    /// (counts as integers, money and rates with their decimals), statuses as codes.
    pub fn to_csv(&self, t: &crate::template::Template) -> String {
        let cols = self.columns();
        let mut out = String::from(TOWNSHIP_COLUMN);
        for c in &cols {
            out.push(',');
            out.push_str(c);
        }
        out.push('\n');
        let numeric: Vec<Option<Vec<Option<f64>>>> = cols.iter().map(|c| self.values(c)).collect();
        let statuses: Vec<Option<Vec<Option<Status>>>> =
            cols.iter().map(|c| self.statuses(c)).collect();
        for (row, town) in self.townships().iter().enumerate() {
            out.push_str(&csv_field(town));
            for (k, c) in cols.iter().enumerate() {
                out.push(',');
                if let Some(v) = &numeric[k] {
                    if let Some(x) = v.get(row).copied().flatten() {
                        let count = t.indicator(c).is_none_or(|i| i.is_count());
                        out.push_str(&format_number(x, count));
                    }
                } else if let Some(s) = &statuses[k]
                    && let Some(st) = s.get(row).copied().flatten()
                {
                    out.push_str(st.code());
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Counts print as integers when whole; money and rates keep a decimal point (`50.0`).
pub fn format_number(x: f64, count: bool) -> String {
    if count && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
