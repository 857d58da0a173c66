use polars::prelude::*;

use super::history::Cell;
use super::{Status, YearMonth};

/// Name of the township column of every month table.
pub const TOWNSHIP_COLUMN: &str = "township";

/// One month of data: one row per township (canonical name, template order), one Float64
/// column per indicator id the inputs carried, one Int32 column per responsibility whose
/// status the inputs wrote ([`Status::ordinal`]). Missing values are null.
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

/// What a column of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Value,
    Status,
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
            let vals: Vec<Option<i32>> = rows
                .iter()
                .map(|r| r.statuses.get(i).copied().flatten().map(Status::ordinal))
                .collect();
            columns.push(Column::new((*id).into(), vals));
        }
        Ok(MonthTable {
            df: DataFrame::new(height, columns)?,
        })
    }

    /// A table from a frame of this shape (township, then value and status columns).
    pub(super) fn from_frame(df: DataFrame) -> MonthTable {
        MonthTable { df }
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

    pub fn kind(&self, id: &str) -> Option<ColumnKind> {
        match self.df.column(id).ok()?.dtype() {
            DataType::Float64 => Some(ColumnKind::Value),
            DataType::Int32 => Some(ColumnKind::Status),
            _ => None,
        }
    }

    fn row_of(&self, township: &str) -> Option<usize> {
        self.df
            .column(TOWNSHIP_COLUMN)
            .ok()?
            .str()
            .ok()?
            .iter()
            .position(|t| t == Some(township))
    }

    pub fn value(&self, township: &str, id: &str) -> Option<f64> {
        let row = self.row_of(township)?;
        self.df.column(id).ok()?.f64().ok()?.get(row)
    }

    pub fn status(&self, township: &str, id: &str) -> Option<Status> {
        let row = self.row_of(township)?;
        Status::from_ordinal(self.df.column(id).ok()?.i32().ok()?.get(row)?)
    }

    /// The table as plain rows, for printing and storing (the edge where values leave polars):
    /// each township with its cells in [`MonthTable::columns`] order.
    pub fn rows(&self) -> Vec<(String, Vec<TableCell>)> {
        let towns = self.townships();
        let mut out: Vec<(String, Vec<TableCell>)> = towns
            .into_iter()
            .map(|t| (t, Vec::with_capacity(self.df.width())))
            .collect();
        for name in self.columns() {
            let Ok(c) = self.df.column(&name) else {
                continue;
            };
            match (c.f64(), c.i32()) {
                (Ok(v), _) => {
                    for (row, x) in out.iter_mut().zip(v.iter()) {
                        row.1.push(TableCell::Value(x));
                    }
                }
                (_, Ok(s)) => {
                    for (row, x) in out.iter_mut().zip(s.iter()) {
                        row.1
                            .push(TableCell::Status(x.and_then(Status::from_ordinal)));
                    }
                }
                _ => {
                    for row in &mut out {
                        row.1.push(TableCell::Value(None));
                    }
                }
            }
        }
        out
    }

    /// Every cell of the month, for the long history and the workspace.
    pub fn cells(&self, month: YearMonth) -> Vec<Cell> {
        let columns = self.columns();
        let mut out = Vec::with_capacity(self.height() * columns.len());
        for (township, cells) in self.rows() {
            for (column, cell) in columns.iter().zip(cells) {
                let (value, status) = match cell {
                    TableCell::Value(v) => (v, None),
                    TableCell::Status(s) => (None, s),
                };
                out.push(Cell {
                    month,
                    township: township.clone(),
                    column: column.clone(),
                    value,
                    status,
                });
            }
        }
        out
    }
}

/// One cell of a table row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TableCell {
    Value(Option<f64>),
    Status(Option<Status>),
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
        // Per column, not per cell: a national month has 1.25 million cells.
        let counts: Vec<bool> = cols
            .iter()
            .map(|c| t.indicator(c).is_none_or(|i| i.is_count()))
            .collect();
        for (town, cells) in self.rows() {
            out.push_str(&csv_field(&town));
            for (&count, cell) in counts.iter().zip(cells) {
                out.push(',');
                match cell {
                    TableCell::Value(Some(x)) => push_number(&mut out, x, count),
                    TableCell::Status(Some(s)) => out.push_str(s.code()),
                    _ => {}
                }
            }
            out.push('\n');
        }
        out
    }
}

/// `format_number` written straight into `out` (no allocation: a month can have a million).
fn push_number(out: &mut String, x: f64, count: bool) {
    use std::fmt::Write;
    if count && x.fract() == 0.0 && x.abs() < 1e15 {
        let n = x as i64;
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut u = n.unsigned_abs();
        loop {
            i -= 1;
            digits[i] = b'0' + (u % 10) as u8;
            u /= 10;
            if u == 0 {
                break;
            }
        }
        if n < 0 {
            out.push('-');
        }
        out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
    } else {
        let _ = write!(out, "{x:?}");
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
