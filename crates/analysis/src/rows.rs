//! The rows of one month of an analysed frame, where values leave polars for the view models.
//! Columns are looked up once per month ([`Rows::f64s`] …) and then read row by row.

use polars::prelude::*;

use dd_core::model::YearMonth;
use dd_core::model::history::{MONTH, code};

pub struct Rows {
    df: DataFrame,
}

impl Rows {
    /// The rows of `month`, in the frame's order. The analysed frames are sorted by month, so
    /// the rows are one zero-copy slice; a frame that is not sorted is filtered instead.
    pub fn of_month(frame: &DataFrame, month: YearMonth) -> PolarsResult<Rows> {
        let months = frame.column(MONTH)?.i32()?;
        let wanted = Some(code(month));
        let (mut first, mut last, mut count) = (None, 0, 0);
        for (i, m) in months.iter().enumerate() {
            if m == wanted {
                first.get_or_insert(i);
                last = i;
                count += 1;
            }
        }
        let df = match first {
            None => frame.clear(),
            Some(first) if last + 1 - first == count => frame.slice(first as i64, count),
            Some(_) => frame.filter(&months.equal(code(month)))?,
        };
        Ok(Rows { df })
    }

    pub fn height(&self) -> usize {
        self.df.height()
    }

    /// A Float64 column; all null when the frame has no such column.
    pub fn f64s(&self, name: &str) -> Float64Chunked {
        self.typed(name, Column::f64)
    }

    /// An Int32 column; all null when the frame has no such column.
    pub fn i32s(&self, name: &str) -> Int32Chunked {
        self.typed(name, Column::i32)
    }

    /// A Boolean column; all null when the frame has no such column.
    pub fn bools(&self, name: &str) -> BooleanChunked {
        self.typed(name, Column::bool)
    }

    /// A String column; all null when the frame has no such column.
    pub fn strs(&self, name: &str) -> StringChunked {
        self.typed(name, Column::str)
    }

    fn typed<T>(
        &self,
        name: &str,
        cast: fn(&Column) -> PolarsResult<&ChunkedArray<T>>,
    ) -> ChunkedArray<T>
    where
        T: PolarsDataType,
        ChunkedArray<T>: ChunkFullNull,
    {
        self.df
            .column(name)
            .ok()
            .and_then(|c| cast(c).ok().cloned())
            .unwrap_or_else(|| ChunkedArray::full_null(name.into(), self.height()))
    }

    /// One cell of a Float64 column (for lookups by id, such as a rule's figures).
    pub fn f64(&self, name: &str, row: usize) -> Option<f64> {
        self.df.column(name).ok()?.f64().ok()?.get(row)
    }
}
