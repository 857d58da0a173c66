//! Building a [`Sheet`]: cells collected as a reader produces them (any order), then packed.

use super::{Cell, Kind, MAX_COLS, MAX_ROWS, Region, Sheet};

/// What a sheet is besides its cells.
#[derive(Debug, Clone, Default)]
pub struct SheetMeta {
    pub name: Option<String>,
    pub hidden: bool,
    pub merges: Vec<Region>,
    pub merges_known: bool,
}

/// A cell beyond Excel's limits, which no real sheet has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfBounds;

/// Collects cells as a reader produces them (any order), then packs them into a [`Sheet`].
#[derive(Debug, Default)]
pub struct SheetBuilder {
    /// (row, cell); sorted on finish unless they came in order.
    cells: Vec<(u32, Cell)>,
    /// Cells appended from other builders, in order after `cells` (not copied into it).
    later: Vec<Vec<(u32, Cell)>>,
    text: String,
    in_order: bool,
    /// A shared string already in `text`, by its address in the reader's table.
    shared: std::collections::HashMap<usize, u64>,
}

impl SheetBuilder {
    pub fn new() -> SheetBuilder {
        SheetBuilder::with_capacity(0)
    }

    pub fn with_capacity(cells: usize) -> SheetBuilder {
        SheetBuilder {
            in_order: true,
            cells: Vec::with_capacity(cells),
            ..SheetBuilder::default()
        }
    }

    fn push(&mut self, row: usize, col: usize, kind: Kind, data: u64) -> Result<(), OutOfBounds> {
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(OutOfBounds);
        }
        let (row, col) = (row as u32, col as u32);
        if let Some((r, c)) = self.cells.last()
            && (*r, c.col) >= (row, col)
        {
            self.in_order = false;
        }
        self.cells.push((row, Cell { col, kind, data }));
        Ok(())
    }

    pub fn number(
        &mut self,
        row: usize,
        col: usize,
        value: f64,
        percent: bool,
    ) -> Result<(), OutOfBounds> {
        let kind = if percent { Kind::Percent } else { Kind::Number };
        self.push(row, col, kind, value.to_bits())
    }

    pub fn date(&mut self, row: usize, col: usize, serial: f64) -> Result<(), OutOfBounds> {
        self.push(row, col, Kind::Date, serial.to_bits())
    }

    pub fn boolean(&mut self, row: usize, col: usize, b: bool) -> Result<(), OutOfBounds> {
        self.push(row, col, Kind::Bool, u64::from(b))
    }

    /// Keeps text once; `text_at` places it in cells (a reader's own cache of its
    /// shared strings avoids hashing each use).
    pub fn intern(&mut self, s: &str) -> u64 {
        let start = self.text.len() as u64;
        self.text.push_str(s);
        (start << 32) | s.len() as u64
    }

    /// Text kept with `intern`.
    pub fn text_at(&mut self, row: usize, col: usize, span: u64) -> Result<(), OutOfBounds> {
        self.push(row, col, Kind::Text, span)
    }

    fn span(&mut self, s: &str) -> u64 {
        self.intern(s)
    }

    /// Text; blank text is no content and is not kept.
    pub fn text(&mut self, row: usize, col: usize, s: &str) -> Result<(), OutOfBounds> {
        if s.trim().is_empty() {
            return Ok(());
        }
        let span = self.span(s);
        self.push(row, col, Kind::Text, span)
    }

    /// Text from the reader's shared-string table: stored once however often it is used.
    pub fn shared_text(&mut self, row: usize, col: usize, s: &str) -> Result<(), OutOfBounds> {
        if s.trim().is_empty() {
            return Ok(());
        }
        let key = s.as_ptr() as usize;
        let span = match self.shared.get(&key) {
            Some(&span) if span & 0xFFFF_FFFF == s.len() as u64 => span,
            _ => {
                let span = self.span(s);
                self.shared.insert(key, span);
                span
            }
        };
        self.push(row, col, Kind::Text, span)
    }

    pub fn error(&mut self, row: usize, col: usize, s: &str) -> Result<(), OutOfBounds> {
        let span = self.span(s);
        self.push(row, col, Kind::Error, span)
    }

    /// A formula with no cached result: its text, so the cell can be named and refused.
    pub fn formula(&mut self, row: usize, col: usize, f: &str) -> Result<(), OutOfBounds> {
        let span = self.span(f);
        self.push(row, col, Kind::Formula, span)
    }

    /// Adds the cells another builder collected (the later part of the same sheet); they
    /// are kept as they are, not copied, until `finish`.
    pub fn append(&mut self, mut other: SheetBuilder) {
        let shift = (self.text.len() as u64) << 32;
        self.text.push_str(&other.text);
        let last = self.later.last().unwrap_or(&self.cells).last();
        if let (Some((r, c)), Some((r2, c2))) = (last, other.cells.first())
            && (*r, c.col) >= (*r2, c2.col)
        {
            self.in_order = false;
        }
        self.in_order &= other.in_order;
        for (_, c) in other.cells.iter_mut() {
            if c.kind.is_text() {
                c.data += shift;
            }
        }
        self.later.push(other.cells);
        for mut part in other.later {
            for (_, c) in part.iter_mut() {
                if c.kind.is_text() {
                    c.data += shift;
                }
            }
            self.later.push(part);
        }
    }

    pub fn finish(mut self, meta: SheetMeta) -> Sheet {
        if !self.in_order {
            for part in std::mem::take(&mut self.later) {
                self.cells.extend(part);
            }
            // The last of two cells at one place wins, as a spreadsheet would show it.
            self.cells.sort_by_key(|(r, c)| (*r, c.col));
            let mut kept: Vec<(u32, Cell)> = Vec::with_capacity(self.cells.len());
            for cell in self.cells {
                match kept.last_mut() {
                    Some(last) if (last.0, last.1.col) == (cell.0, cell.1.col) => *last = cell,
                    _ => kept.push(cell),
                }
            }
            self.cells = kept;
        }
        let last = self.later.last().unwrap_or(&self.cells).last();
        let height = last.map_or(0, |(r, _)| *r as usize + 1);
        let count = self.cells.len() + self.later.iter().map(Vec::len).sum::<usize>();
        let mut rows = Vec::with_capacity(height + 1);
        let mut cells = Vec::with_capacity(count);
        let mut width = 0;
        for (r, c) in self
            .cells
            .into_iter()
            .chain(self.later.into_iter().flatten())
        {
            while rows.len() <= r as usize {
                rows.push(cells.len() as u32);
            }
            width = width.max(c.col as usize + 1);
            cells.push(c);
        }
        rows.push(cells.len() as u32);
        if cells.is_empty() {
            rows.clear();
        }
        let mut merges = meta.merges;
        merges.sort_by_key(|m| (m.top, m.left));
        Sheet {
            name: meta.name,
            merges,
            merges_known: meta.merges_known,
            hidden: meta.hidden,
            rows,
            cells,
            text: self.text,
            width,
        }
    }
}
