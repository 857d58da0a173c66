//! Every stored month as one long polars frame: one row per (month, township, column), the
//! number in `value` or the 五大责任 status in `status` (a [`Status`] code). It is read from
//! the workspace once per change; the analysis works on it as polars expressions, and
//! [`History::wide`] is the one way back to a table of one column per indicator.

use polars::prelude::*;

use super::month_table::{MonthTable, TOWNSHIP_COLUMN};
use super::{Status, YearMonth};
use crate::template::Template;

/// Column names of the long frame.
pub const MONTH: &str = "month";
pub const ORDER: &str = "order";
pub const COLUMN: &str = "column";
pub const VALUE: &str = "value";
pub const STATUS: &str = "status";

/// One stored cell, as the workspace and an import hand it over.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub month: YearMonth,
    pub township: String,
    pub column: String,
    pub value: Option<f64>,
    pub status: Option<Status>,
}

/// Months, townships and columns of the history, in the template's order.
#[derive(Debug, Clone)]
pub struct History {
    /// month (Int32 yyyymm), township (String), order (Int32: place in the template),
    /// column (String), value (Float64), status (Int32 [`Status::ordinal`]).
    long: DataFrame,
    /// The long frame reshaped once: one row per (month, township), template order.
    wide: DataFrame,
    months: Vec<YearMonth>,
    /// Indicator ids present in any month, template order.
    indicators: Vec<String>,
    /// Responsibility ids with a written status in any month, template order.
    statuses: Vec<String>,
    /// Columns of statuses derived from the 重点村 roster ([`super::roster::derived_column`]).
    derived: Vec<String>,
}

impl History {
    /// The history of `cells` (any order). Townships the template does not know sort last.
    pub fn from_cells(
        cells: impl IntoIterator<Item = Cell>,
        t: &Template,
    ) -> PolarsResult<History> {
        let order = |name: &str| {
            t.townships
                .iter()
                .position(|x| x.name == name)
                .map_or(i32::MAX, |i| i as i32)
        };
        let (mut months, mut towns, mut orders, mut cols, mut values, mut statuses) = (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        for c in cells {
            months.push(code(c.month));
            orders.push(order(&c.township));
            towns.push(c.township);
            cols.push(c.column);
            values.push(c.value);
            statuses.push(c.status.map(Status::ordinal));
        }
        let height = months.len();
        let long = DataFrame::new(
            height,
            vec![
                Column::new(MONTH.into(), months),
                Column::new(TOWNSHIP_COLUMN.into(), towns),
                Column::new(ORDER.into(), orders),
                Column::new(COLUMN.into(), cols),
                Column::new(VALUE.into(), values),
                Column::new(STATUS.into(), statuses),
            ],
        )?;
        History::from_long(long, t)
    }

    /// The history of month tables (the months of an import and those before it).
    pub fn from_tables(tables: &[(YearMonth, &MonthTable)], t: &Template) -> PolarsResult<History> {
        History::from_cells(
            tables.iter().flat_map(|(month, table)| table.cells(*month)),
            t,
        )
    }

    /// The months before `month`, with `table` as `month` (an import not stored yet).
    pub fn with_month(
        &self,
        month: YearMonth,
        table: &MonthTable,
        t: &Template,
    ) -> PolarsResult<History> {
        let new = History::from_cells(table.cells(month), t)?;
        let before = self
            .long
            .clone()
            .lazy()
            .filter(col(MONTH).lt(lit(code(month))));
        let long = concat([before, new.long.lazy()], UnionArgs::default())?.collect()?;
        History::from_long(long, t)
    }

    fn from_long(long: DataFrame, t: &Template) -> PolarsResult<History> {
        let present: Vec<String> = long
            .column(COLUMN)?
            .str()?
            .unique()?
            .iter()
            .flatten()
            .map(str::to_string)
            .collect();
        let has = |id: &str| present.iter().any(|p| p == id);
        // Template order; a column the template does not know stays in the workspace but
        // not in the tables.
        let indicators: Vec<String> = t
            .indicators
            .iter()
            .filter(|i| has(&i.id))
            .map(|i| i.id.clone())
            .collect();
        let statuses: Vec<String> = t
            .responsibilities
            .iter()
            .filter(|r| has(&r.id))
            .map(|r| r.id.clone())
            .collect();
        let derived: Vec<String> = t
            .responsibilities
            .iter()
            .map(|r| super::roster::derived_column(&r.id))
            .filter(|d| has(d))
            .collect();
        let pivoted: Vec<String> = statuses.iter().chain(&derived).cloned().collect();
        let wide = wide(long.clone().lazy(), &indicators, &pivoted).collect()?;
        let mut months: Vec<YearMonth> = wide
            .column(MONTH)?
            .i32()?
            .unique()?
            .iter()
            .flatten()
            .filter_map(decode)
            .collect();
        months.sort();
        Ok(History {
            long,
            wide,
            months,
            indicators,
            statuses,
            derived,
        })
    }

    /// `extra` cells (such as statuses derived from a roster) added to the history.
    pub fn with_cells(&self, extra: Vec<Cell>, t: &Template) -> PolarsResult<History> {
        if extra.is_empty() {
            return Ok(self.clone());
        }
        let new = History::from_cells(extra, t)?;
        let long = concat(
            [self.long.clone().lazy(), new.long.lazy()],
            UnionArgs::default(),
        )?
        .collect()?;
        History::from_long(long, t)
    }

    pub fn months(&self) -> &[YearMonth] {
        &self.months
    }

    pub fn is_empty(&self) -> bool {
        self.months.is_empty()
    }

    /// Indicator ids that any month carries, template order.
    pub fn indicators(&self) -> &[String] {
        &self.indicators
    }

    /// Responsibility ids that any month writes a status for, template order.
    pub fn status_columns(&self) -> &[String] {
        &self.statuses
    }

    /// Columns of statuses derived from the 重点村 roster, template order.
    pub fn derived_columns(&self) -> &[String] {
        &self.derived
    }

    pub fn long(&self) -> &DataFrame {
        &self.long
    }

    /// Only the months up to and including `month`.
    pub fn until(&self, month: YearMonth) -> PolarsResult<History> {
        let upto = |df: &DataFrame| -> PolarsResult<DataFrame> {
            let mask = df.column(MONTH)?.i32()?.lt_eq(code(month));
            df.filter(&mask)
        };
        Ok(History {
            long: upto(&self.long)?,
            wide: upto(&self.wide)?,
            months: self
                .months
                .iter()
                .copied()
                .filter(|m| *m <= month)
                .collect(),
            indicators: self.indicators.clone(),
            statuses: self.statuses.clone(),
            derived: self.derived.clone(),
        })
    }

    /// One row per (month, township) in template order, one Float64 column per indicator and
    /// one Int32 status column per responsibility: the long frame reshaped (once), the only
    /// way the app goes from long to wide.
    pub fn wide(&self) -> &DataFrame {
        &self.wide
    }

    /// One month as a table (rows in template order).
    pub fn month_table(&self, month: YearMonth) -> PolarsResult<MonthTable> {
        let mask = self.wide.column(MONTH)?.i32()?.equal(code(month));
        let mut drop: Vec<&str> = vec![MONTH, ORDER];
        drop.extend(self.derived.iter().map(String::as_str));
        let df = self.wide.filter(&mask)?.drop_many(drop);
        Ok(MonthTable::from_frame(df))
    }
}

/// Long → wide: group the cells of a (month, township) and take each column's value.
pub fn wide(long: LazyFrame, indicators: &[String], statuses: &[String]) -> LazyFrame {
    let mut aggs: Vec<Expr> = vec![col(ORDER).first()];
    for id in indicators {
        aggs.push(
            col(VALUE)
                .filter(col(COLUMN).eq(lit(id.as_str())))
                .first()
                .alias(id.as_str()),
        );
    }
    for id in statuses {
        aggs.push(
            col(STATUS)
                .filter(col(COLUMN).eq(lit(id.as_str())))
                .first()
                .alias(id.as_str()),
        );
    }
    long.group_by([col(MONTH), col(TOWNSHIP_COLUMN)])
        .agg(aggs)
        .sort([MONTH, ORDER], SortMultipleOptions::default())
}

/// A month as the frame stores it: 202410.
pub fn code(m: YearMonth) -> i32 {
    m.year * 100 + m.month as i32
}

pub fn decode(c: i32) -> Option<YearMonth> {
    YearMonth::new(c / 100, (c % 100) as u32)
}
