//! A sheet as the importer sees it: its non-empty cells in row order, compact (16 bytes a
//! cell, text in one buffer), plus merged regions. Built by [`SheetBuilder`]; read through
//! [`Value`], a borrowed view of one cell.

mod builder;

pub use builder::{OutOfBounds, SheetBuilder, SheetMeta};

/// The most rows and columns a sheet may have (Excel's limits): a file claiming more is
/// refused, so no index is sized by an untrusted number.
pub const MAX_ROWS: usize = 1 << 20;
pub const MAX_COLS: usize = 1 << 14;

/// One cell's content, whatever format it came from, borrowed from its sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Empty,
    /// A number; `percent` is true when the cell carries a percent number format.
    Number {
        value: f64,
        percent: bool,
    },
    Text(&'a str),
    Bool(bool),
    /// An Excel date serial (days since 1899-12-30).
    Date(f64),
    /// A formula error such as #DIV/0!.
    Error(&'a str),
    /// A formula saved without its result (by a tool that does not calculate).
    Formula(&'a str),
}

impl<'a> Value<'a> {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    pub fn text(&self) -> Option<&'a str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The content as a person reads it, for messages and header matching.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Number { value, .. } => dd_core::text::plain_number(*value),
            Value::Text(s) | Value::Error(s) => s.to_string(),
            Value::Formula(f) => format!("={f}"),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Value::Date(d) => match excel_date(*d) {
                Some((y, m, day)) => format!("{y}-{m:02}-{day:02}"),
                None => dd_core::text::plain_number(*d),
            },
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

impl Region {
    fn covers(&self, row: usize, col: usize) -> bool {
        (self.top..=self.bottom).contains(&row) && (self.left..=self.right).contains(&col)
    }
}

/// How a cell's 8 data bytes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Kind {
    Number = 1,
    Percent = 2,
    Text = 3,
    Bool = 4,
    Date = 5,
    Error = 6,
    Formula = 7,
}

impl Kind {
    pub(super) fn from_code(code: u8) -> Option<Kind> {
        Some(match code {
            1 => Kind::Number,
            2 => Kind::Percent,
            3 => Kind::Text,
            4 => Kind::Bool,
            5 => Kind::Date,
            6 => Kind::Error,
            7 => Kind::Formula,
            _ => return None,
        })
    }

    fn is_text(self) -> bool {
        matches!(self, Kind::Text | Kind::Error | Kind::Formula)
    }
}

/// One non-empty cell: its column, its kind and 8 bytes (an f64, or a span of the text
/// buffer as offset << 32 | length).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Cell {
    pub col: u32,
    pub kind: Kind,
    pub data: u64,
}

/// A sheet's cells, compact: `cells[rows[r]..rows[r + 1]]` are row r's non-empty cells in
/// column order.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// None for a CSV file (it has no sheets).
    pub name: Option<String>,
    /// In (top, left) order.
    pub merges: Vec<Region>,
    /// False where the format does not tell merged regions (CSV, ODS, XLSB).
    pub merges_known: bool,
    pub hidden: bool,
    rows: Vec<u32>,
    cells: Vec<Cell>,
    text: String,
    width: usize,
}

impl Sheet {
    /// Rows up to the last one with content.
    pub fn height(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }

    /// Columns up to the last one with content.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The number of non-empty cells.
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    fn row_cells(&self, row: usize) -> &[Cell] {
        match (self.rows.get(row), self.rows.get(row + 1)) {
            (Some(&a), Some(&b)) => self.cells.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn value(&self, c: &Cell) -> Value<'_> {
        match c.kind {
            Kind::Number => Value::Number {
                value: f64::from_bits(c.data),
                percent: false,
            },
            Kind::Percent => Value::Number {
                value: f64::from_bits(c.data),
                percent: true,
            },
            Kind::Date => Value::Date(f64::from_bits(c.data)),
            Kind::Bool => Value::Bool(c.data != 0),
            Kind::Text | Kind::Error | Kind::Formula => {
                let s = self.span(c.data).unwrap_or("");
                match c.kind {
                    Kind::Text => Value::Text(s),
                    Kind::Error => Value::Error(s),
                    _ => Value::Formula(s),
                }
            }
        }
    }

    fn span(&self, data: u64) -> Option<&str> {
        let (start, len) = ((data >> 32) as usize, (data & 0xFFFF_FFFF) as usize);
        self.text.get(start..start.checked_add(len)?)
    }

    pub fn get(&self, row: usize, col: usize) -> Value<'_> {
        let cells = self.row_cells(row);
        // Most rows are dense from column A: try the cell at its own index first.
        let hit = match cells.get(col) {
            Some(c) if c.col as usize == col => Some(c),
            _ => cells
                .binary_search_by_key(&col, |c| c.col as usize)
                .ok()
                .and_then(|i| cells.get(i)),
        };
        hit.map_or(Value::Empty, |c| self.value(c))
    }

    /// The non-empty cells of a row, by column.
    pub fn row(&self, row: usize) -> impl Iterator<Item = (usize, Value<'_>)> + '_ {
        self.row_cells(row)
            .iter()
            .map(|c| (c.col as usize, self.value(c)))
    }

    pub fn row_is_blank(&self, row: usize) -> bool {
        self.row(row).all(|(_, v)| v.is_empty())
    }

    /// The merged region that covers a cell, if any (a scan: for a few look-ups; use
    /// [`Sheet::merges_in_row`] for many in one row).
    pub fn merge_at(&self, row: usize, col: usize) -> Option<Region> {
        self.merges.iter().copied().find(|m| m.covers(row, col))
    }

    /// The merged regions crossing a row, for many look-ups along it.
    pub fn merges_in_row(&self, row: usize) -> MergeRow {
        let mut spans: Vec<Region> = self
            .merges
            .iter()
            .copied()
            .filter(|m| (m.top..=m.bottom).contains(&row))
            .collect();
        spans.sort_by_key(|m| m.left);
        MergeRow(spans)
    }

    pub(super) fn parts(&self) -> (&[u32], &[Cell], &str) {
        (&self.rows, &self.cells, &self.text)
    }

    /// A sheet from its parts, checked so that every look-up stays in bounds.
    pub(super) fn from_parts(
        meta: SheetMeta,
        rows: Vec<u32>,
        cells: Vec<Cell>,
        text: String,
    ) -> Option<Sheet> {
        let ordered = rows.first().is_none_or(|&r| r == 0)
            && rows.windows(2).all(|w| w[0] <= w[1])
            && rows.last().is_none_or(|&r| r as usize == cells.len())
            && rows.len() <= MAX_ROWS + 1;
        if !ordered {
            return None;
        }
        let mut width = 0;
        for w in rows.windows(2) {
            let row = &cells[w[0] as usize..w[1] as usize];
            if !row.windows(2).all(|p| p[0].col < p[1].col) {
                return None;
            }
            if let Some(last) = row.last() {
                width = width.max(last.col as usize + 1);
            }
        }
        let sheet = Sheet {
            name: meta.name,
            merges: meta.merges,
            merges_known: meta.merges_known,
            hidden: meta.hidden,
            rows,
            cells,
            text,
            width,
        };
        let spans_ok = sheet
            .cells
            .iter()
            .all(|c| !c.kind.is_text() || sheet.span(c.data).is_some());
        (width <= MAX_COLS && spans_ok).then_some(sheet)
    }
}

/// The merged regions crossing one row, by left column.
#[derive(Debug, Clone, Default)]
pub struct MergeRow(Vec<Region>);

impl MergeRow {
    pub fn at(&self, col: usize) -> Option<Region> {
        let i = self.0.partition_point(|m| m.left <= col);
        let m = self.0.get(i.checked_sub(1)?)?;
        (m.right >= col).then_some(*m)
    }
}

/// (year, month, day) of an Excel date serial in the 1900 system.
pub fn excel_date(serial: f64) -> Option<(i32, u32, u32)> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 25569 is 1970-01-01.
    Some(dd_core::model::civil_date(serial.floor() as i64 - 25569))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_excel_dates() {
        assert_eq!(excel_date(45590.0), Some((2024, 10, 25)));
        assert_eq!(excel_date(-3.0), None);
    }

    #[test]
    fn cells_out_of_order_are_sorted_and_the_last_write_wins() {
        let mut b = SheetBuilder::new();
        b.text(2, 1, "毛田镇").unwrap();
        b.number(0, 3, 1804.0, false).unwrap();
        b.text(0, 0, "  ").unwrap();
        b.number(2, 1, 5.0, true).unwrap();
        b.shared_text(1, 0, "合计").unwrap();
        let s = b.finish(SheetMeta::default());
        assert_eq!((s.height(), s.width()), (3, 4));
        assert_eq!(
            s.get(0, 3),
            Value::Number {
                value: 1804.0,
                percent: false
            }
        );
        assert_eq!(s.get(0, 0), Value::Empty);
        assert_eq!(s.get(1, 0), Value::Text("合计"));
        assert_eq!(
            s.get(2, 1),
            Value::Number {
                value: 5.0,
                percent: true
            }
        );
        assert_eq!(s.get(7, 7), Value::Empty);
        assert!(s.row_is_blank(5));
        assert_eq!(s.row(2).count(), 1);
    }

    #[test]
    fn a_sheet_read_in_two_parts_is_one_sheet() {
        let mut first = SheetBuilder::new();
        first.text(0, 0, "乡镇（街道）").unwrap();
        first.number(0, 1, 1.0, false).unwrap();
        let mut second = SheetBuilder::new();
        second.text(1, 0, "毛田镇").unwrap();
        second.shared_text(1, 1, "合计").unwrap();
        first.append(second);
        let s = first.finish(SheetMeta::default());
        assert_eq!(s.get(0, 0), Value::Text("乡镇（街道）"));
        assert_eq!(s.get(1, 0), Value::Text("毛田镇"));
        assert_eq!(s.get(1, 1), Value::Text("合计"));
        assert_eq!((s.height(), s.width(), s.cell_count()), (2, 2, 4));
        // Parts out of order are sorted like any cells.
        let (mut a, mut b) = (SheetBuilder::new(), SheetBuilder::new());
        a.text(3, 0, "后").unwrap();
        b.text(0, 0, "前").unwrap();
        a.append(b);
        let s = a.finish(SheetMeta::default());
        assert_eq!(
            (s.get(0, 0), s.get(3, 0)),
            (Value::Text("前"), Value::Text("后"))
        );
    }

    #[test]
    fn cells_beyond_excel_limits_are_refused() {
        let mut b = SheetBuilder::new();
        assert_eq!(b.number(MAX_ROWS, 0, 1.0, false), Err(OutOfBounds));
        assert_eq!(b.text(0, MAX_COLS, "x"), Err(OutOfBounds));
    }

    #[test]
    fn merges_along_a_row() {
        let meta = SheetMeta {
            merges: vec![
                Region {
                    top: 0,
                    left: 4,
                    bottom: 1,
                    right: 6,
                },
                Region {
                    top: 0,
                    left: 0,
                    bottom: 0,
                    right: 2,
                },
            ],
            merges_known: true,
            ..SheetMeta::default()
        };
        let s = SheetBuilder::new().finish(meta);
        let row = s.merges_in_row(1);
        assert_eq!(row.at(5).map(|m| m.left), Some(4));
        assert_eq!(row.at(1), None);
        assert_eq!(s.merges_in_row(0).at(2).map(|m| m.right), Some(2));
        assert_eq!(s.merge_at(1, 6).map(|m| m.top), Some(0));
    }
}
