//! A sheet as the importer sees it: jagged rows of plain values, plus merged regions.

/// One cell's content, whatever format it came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    /// A number; `percent` is true when the cell carries a percent number format.
    Number {
        value: f64,
        percent: bool,
    },
    Text(String),
    Bool(bool),
    /// An Excel date serial (days since 1899-12-30).
    Date(f64),
    /// A formula error such as #DIV/0!.
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The content as a person reads it, for messages and header matching.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Number { value, .. } => crate::text::plain_number(*value),
            Value::Text(s) => s.clone(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Value::Date(d) => match excel_date(*d) {
                Some((y, m, day)) => format!("{y}-{m:02}-{day:02}"),
                None => crate::text::plain_number(*d),
            },
            Value::Error(e) => e.clone(),
        }
    }
}

/// A rectangle of cells, zero-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub top: usize,
    pub left: usize,
    pub bottom: usize,
    pub right: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// None for a CSV file (it has no sheets).
    pub name: Option<String>,
    pub rows: Vec<Vec<Value>>,
    pub merges: Vec<Region>,
    /// False where the format does not tell merged regions (CSV, ODS).
    pub merges_known: bool,
    pub hidden: bool,
}

static EMPTY: Value = Value::Empty;

impl Sheet {
    pub fn get(&self, row: usize, col: usize) -> &Value {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    pub fn height(&self) -> usize {
        self.rows.len()
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn row_is_blank(&self, row: usize) -> bool {
        self.rows
            .get(row)
            .is_none_or(|r| r.iter().all(Value::is_empty))
    }

    /// Puts a value at a position, growing the rows as needed.
    pub fn set(&mut self, row: usize, col: usize, value: Value) {
        if value == Value::Empty {
            return;
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let r = &mut self.rows[row];
        if r.len() <= col {
            r.resize(col + 1, Value::Empty);
        }
        r[col] = value;
    }

    /// Drops trailing empty cells and rows so width and height mean "used".
    pub fn trim(&mut self) {
        for r in &mut self.rows {
            while r.last().is_some_and(Value::is_empty) {
                r.pop();
            }
        }
        while self.rows.last().is_some_and(Vec::is_empty) {
            self.rows.pop();
        }
    }

    /// The merged region that covers a cell, if any.
    pub fn merge_at(&self, row: usize, col: usize) -> Option<Region> {
        self.merges
            .iter()
            .copied()
            .find(|m| (m.top..=m.bottom).contains(&row) && (m.left..=m.right).contains(&col))
    }
}

/// (year, month, day) of an Excel date serial in the 1900 system.
pub fn excel_date(serial: f64) -> Option<(i32, u32, u32)> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 25569 is 1970-01-01.
    Some(crate::model::civil_date(serial.floor() as i64 - 25569))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_excel_dates() {
        assert_eq!(excel_date(45590.0), Some((2024, 10, 25)));
        assert_eq!(excel_date(-3.0), None);
    }
}
