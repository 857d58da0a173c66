//! The rows of one month of an analysed frame, read cell by cell where values leave polars
//! for the view models.

use polars::prelude::*;

use crate::model::YearMonth;
use crate::model::history::{MONTH, code};

pub struct Rows {
    df: DataFrame,
}

impl Rows {
    /// The rows of `month` (in the frame's order).
    pub fn of_month(frame: &DataFrame, month: YearMonth) -> PolarsResult<Rows> {
        let mask = frame.column(MONTH)?.i32()?.equal(code(month));
        Ok(Rows {
            df: frame.filter(&mask)?,
        })
    }

    pub fn height(&self) -> usize {
        self.df.height()
    }

    pub fn f64(&self, name: &str, row: usize) -> Option<f64> {
        self.df.column(name).ok()?.f64().ok()?.get(row)
    }

    pub fn i32(&self, name: &str, row: usize) -> Option<i32> {
        self.df.column(name).ok()?.i32().ok()?.get(row)
    }

    pub fn bool(&self, name: &str, row: usize) -> bool {
        self.df
            .column(name)
            .ok()
            .and_then(|c| c.bool().ok()?.get(row))
            .unwrap_or(false)
    }

    pub fn text(&self, name: &str, row: usize) -> String {
        self.df
            .column(name)
            .ok()
            .and_then(|c| c.str().ok()?.get(row).map(str::to_string))
            .unwrap_or_default()
    }
}
