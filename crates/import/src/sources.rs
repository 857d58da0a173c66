//! Where each value of a month came from, kept compact: the import's sheets named once,
//! each value's cell packed into eight bytes (sheet, row, column), in table order.

use std::collections::HashMap;

use super::grid::{MAX_COLS, MAX_ROWS};
use dd_core::text::cell_name;

/// A cell on one of an import's sheets: sheet index (30 bits), row (20), column (14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef(u64);

const NONE: u64 = u64::MAX;
const ROW_BITS: u32 = MAX_ROWS.trailing_zeros();
const COL_BITS: u32 = MAX_COLS.trailing_zeros();

impl CellRef {
    /// Rows and columns are within Excel's limits (the grid refuses others).
    pub fn new(sheet: usize, row: usize, col: usize) -> CellRef {
        let row = row.min(MAX_ROWS - 1) as u64;
        let col = col.min(MAX_COLS - 1) as u64;
        CellRef(((sheet as u64) << (ROW_BITS + COL_BITS)) | (row << COL_BITS) | col)
    }

    pub fn sheet(self) -> usize {
        (self.0 >> (ROW_BITS + COL_BITS)) as usize
    }

    pub fn row(self) -> usize {
        ((self.0 >> COL_BITS) as usize) & (MAX_ROWS - 1)
    }

    pub fn col(self) -> usize {
        (self.0 as usize) & (MAX_COLS - 1)
    }
}

/// A value's place as people read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub row: usize,
    pub col: usize,
}

impl Place<'_> {
    /// G17
    pub fn cell(&self) -> String {
        cell_name(self.row, self.col)
    }

    /// file!sheet!G17 (file!G17 for a CSV file), as problems and the workspace write it.
    pub fn describe(&self) -> String {
        let mut s = self.file.to_string();
        if let Some(sh) = self.sheet {
            s.push('!');
            s.push_str(sh);
        }
        s.push('!');
        s.push_str(&self.cell());
        s
    }
}

/// The sheets an import read, by index: (file, sheet name).
#[derive(Debug, Clone, Default)]
pub struct SheetNames(Vec<(String, Option<String>)>);

impl SheetNames {
    pub fn add(&mut self, file: &str, sheet: Option<&str>) -> usize {
        self.0.push((file.to_string(), sheet.map(str::to_string)));
        self.0.len() - 1
    }

    pub fn place(&self, cell: CellRef) -> Option<Place<'_>> {
        let (file, sheet) = self.0.get(cell.sheet())?;
        Some(Place {
            file,
            sheet: sheet.as_deref(),
            row: cell.row(),
            col: cell.col(),
        })
    }
}

/// Where each value of a month came from: (township, column id) → place.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    sheets: SheetNames,
    townships: HashMap<String, usize>,
    columns: Vec<String>,
    /// Row-major over (township, column); `NONE` where no cell gave the value.
    cells: Vec<u64>,
}

impl Sources {
    pub(super) fn new(sheets: SheetNames, townships: &[String], columns: Vec<String>) -> Sources {
        Sources {
            sheets,
            townships: townships
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), i))
                .collect(),
            cells: vec![NONE; townships.len() * columns.len()],
            columns,
        }
    }

    /// Records the cell of the value at (table row, column index).
    pub(super) fn set(&mut self, row: usize, column: usize, cell: CellRef) {
        if let Some(slot) = self.cells.get_mut(row * self.columns.len() + column) {
            *slot = cell.0;
        }
    }

    pub fn get(&self, township: &str, column: &str) -> Option<Place<'_>> {
        let row = *self.townships.get(township)?;
        let col = self.columns.iter().position(|c| c == column)?;
        let cell = *self.cells.get(row * self.columns.len() + col)?;
        (cell != NONE)
            .then(|| self.sheets.place(CellRef(cell)))
            .flatten()
    }

    /// `file!sheet!G17`, as the workspace stores a value's place.
    pub fn describe(&self, township: &str, column: &str) -> Option<String> {
        self.get(township, column).map(|p| p.describe())
    }

    /// Every known place, in table order.
    pub fn iter(&self) -> impl Iterator<Item = Place<'_>> + '_ {
        self.cells
            .iter()
            .filter(|&&c| c != NONE)
            .filter_map(|&c| self.sheets.place(CellRef(c)))
    }

    /// Every known place with its (township, column), in no particular order of townships.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str, Place<'_>)> + '_ {
        let width = self.columns.len();
        self.townships.iter().flat_map(move |(town, &row)| {
            self.columns
                .iter()
                .enumerate()
                .filter_map(move |(c, column)| {
                    let cell = *self.cells.get(row * width + c)?;
                    let place = (cell != NONE).then(|| self.sheets.place(CellRef(cell)))??;
                    Some((town.as_str(), column.as_str(), place))
                })
        })
    }

    /// How many values have a known place.
    pub fn len(&self) -> usize {
        self.cells.iter().filter(|&&c| c != NONE).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_pack_and_unpack() {
        let c = CellRef::new(3, 16, 6);
        assert_eq!((c.sheet(), c.row(), c.col()), (3, 16, 6));
        let far = CellRef::new(1 << 29, MAX_ROWS - 1, MAX_COLS - 1);
        assert_eq!(
            (far.sheet(), far.row(), far.col()),
            (1 << 29, MAX_ROWS - 1, MAX_COLS - 1)
        );
    }

    #[test]
    fn places_are_found_by_township_and_column() {
        let mut names = SheetNames::default();
        names.add("a.csv", None);
        let s = names.add("湘乡市月调度表.xlsx", Some("Sheet1"));
        let towns = vec!["毛田镇".to_string(), "东山街道".to_string()];
        let mut sources = Sources::new(names, &towns, vec!["x".into(), "y".into()]);
        sources.set(1, 1, CellRef::new(s, 16, 6));
        assert_eq!(
            sources.describe("东山街道", "y").as_deref(),
            Some("湘乡市月调度表.xlsx!Sheet1!G17")
        );
        assert_eq!(sources.describe("毛田镇", "y"), None);
        assert_eq!(sources.describe("东山街道", "z"), None);
        assert_eq!(sources.len(), 1);
    }
}
