//! Every stored month as one long polars frame: one row per (month, township, column), the
//! number in `value` or the 五大责任 status in `status` (a [`Status`] code). It is read from
//! the workspace once per change; the analysis works on it as polars expressions, and
//! [`History::wide`] is the one way back to a table of one column per indicator.

use std::collections::HashMap;

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

/// The long frame's columns, filled cell by cell without an allocation per cell (names are
/// copied into the string columns as they come).
pub struct LongBuilder<'t> {
    template: &'t Template,
    months: Vec<i32>,
    towns: StringChunkedBuilder,
    orders: Vec<i32>,
    columns: StringChunkedBuilder,
    values: Vec<Option<f64>>,
    statuses: Vec<Option<i32>>,
    /// The township of the last cell and its place in the template.
    last: Option<(String, i32)>,
    /// (month, township) of each run of cells.
    runs: Vec<(YearMonth, String)>,
}

impl<'t> LongBuilder<'t> {
    pub fn new(template: &'t Template) -> LongBuilder<'t> {
        LongBuilder {
            template,
            months: Vec::new(),
            towns: StringChunkedBuilder::new(TOWNSHIP_COLUMN.into(), 0),
            orders: Vec::new(),
            columns: StringChunkedBuilder::new(COLUMN.into(), 0),
            values: Vec::new(),
            statuses: Vec::new(),
            last: None,
            runs: Vec::new(),
        }
    }

    /// Adds one cell. Townships the template does not know sort last.
    pub fn push(
        &mut self,
        month: YearMonth,
        township: &str,
        column: &str,
        value: Option<f64>,
        status: Option<Status>,
    ) {
        let order = match &self.last {
            Some((town, order)) if town == township => *order,
            _ => {
                let order = self
                    .template
                    .townships
                    .iter()
                    .position(|x| x.name == township)
                    .map_or(i32::MAX, |i| i as i32);
                self.last = Some((township.to_string(), order));
                order
            }
        };
        if self
            .runs
            .last()
            .is_none_or(|(m, town)| *m != month || town != township)
        {
            self.runs.push((month, township.to_string()));
        }
        self.months.push(code(month));
        self.towns.append_value(township);
        self.orders.push(order);
        self.columns.append_value(column);
        self.values.push(value);
        self.statuses.push(status.map(Status::ordinal));
    }

    /// The (month, township) pairs cells were added for, in arrival order (a pair may repeat
    /// when its cells did not come together).
    pub fn townships(&self) -> impl Iterator<Item = (YearMonth, &str)> {
        self.runs.iter().map(|(m, t)| (*m, t.as_str()))
    }

    pub fn finish(self) -> PolarsResult<History> {
        let height = self.months.len();
        let long = DataFrame::new(
            height,
            vec![
                Column::new(MONTH.into(), self.months),
                self.towns.finish().into_column(),
                Column::new(ORDER.into(), self.orders),
                self.columns.finish().into_column(),
                Column::new(VALUE.into(), self.values),
                Column::new(STATUS.into(), self.statuses),
            ],
        )?;
        History::from_long(long, self.template)
    }
}

impl History {
    /// The history of `cells` (any order). Townships the template does not know sort last.
    pub fn from_cells(
        cells: impl IntoIterator<Item = Cell>,
        t: &Template,
    ) -> PolarsResult<History> {
        let mut long = LongBuilder::new(t);
        for c in cells {
            long.push(c.month, &c.township, &c.column, c.value, c.status);
        }
        long.finish()
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
        // Every column the template could pivot, template order; those no cell names drop out.
        let indicators: Vec<String> = t.indicators.iter().map(|i| i.id.clone()).collect();
        let statuses: Vec<String> = t.responsibilities.iter().map(|r| r.id.clone()).collect();
        let derived: Vec<String> = t
            .responsibilities
            .iter()
            .map(|r| super::roster::derived_column(&r.id))
            .collect();
        let pivoted: Vec<String> = statuses.iter().chain(&derived).cloned().collect();
        let (wide, months) = wide(&long, &indicators, &pivoted)?;
        let keep = |ids: Vec<String>| -> Vec<String> {
            ids.into_iter()
                .filter(|id| wide.column(id).is_ok())
                .collect()
        };
        let (indicators, statuses, derived) = (keep(indicators), keep(statuses), keep(derived));
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

/// Long → wide in one pass: each cell goes to its (month, township) row and its column (a
/// cell is stored once; given twice, the first value stands). Rows in month, template and
/// name order; columns month, township, order, then the `indicators` and `statuses` that some
/// cell names. Also the months, in order. A plain scatter: polars' group-by pivot spent most
/// of the history's load planning one expression per column.
fn wide(
    long: &DataFrame,
    indicators: &[String],
    statuses: &[String],
) -> PolarsResult<(DataFrame, Vec<YearMonth>)> {
    enum Slot {
        Value(usize),
        Status(usize),
    }
    let slots: HashMap<&str, Slot> = indicators
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), Slot::Value(i)))
        .chain(
            statuses
                .iter()
                .enumerate()
                .map(|(i, id)| (id.as_str(), Slot::Status(i))),
        )
        .collect();
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::new(); indicators.len()];
    let mut codes: Vec<Vec<Option<i32>>> = vec![Vec::new(); statuses.len()];
    let mut seen_values = vec![false; indicators.len()];
    let mut seen_codes = vec![false; statuses.len()];
    // (month, order, township) of each row, in arrival order.
    let mut keys: Vec<(i32, i32, &str)> = Vec::new();
    let mut row_of: HashMap<(i32, &str), usize> = HashMap::new();
    let mut last: Option<(i32, &str, usize)> = None;

    let cells = long
        .column(MONTH)?
        .i32()?
        .iter()
        .zip(long.column(TOWNSHIP_COLUMN)?.str()?.iter())
        .zip(long.column(ORDER)?.i32()?.iter())
        .zip(long.column(COLUMN)?.str()?.iter())
        .zip(long.column(VALUE)?.f64()?.iter())
        .zip(long.column(STATUS)?.i32()?.iter());
    for (((((month, town), order), column), value), status) in cells {
        let (Some(month), Some(town), Some(column)) = (month, town, column) else {
            continue;
        };
        let row = match last {
            Some((m, t, row)) if m == month && t == town => row,
            _ => {
                let row = *row_of.entry((month, town)).or_insert_with(|| {
                    keys.push((month, order.unwrap_or(i32::MAX), town));
                    values.iter_mut().for_each(|v| v.push(None));
                    codes.iter_mut().for_each(|c| c.push(None));
                    keys.len() - 1
                });
                last = Some((month, town, row));
                row
            }
        };
        match slots.get(column) {
            Some(Slot::Value(i)) => {
                seen_values[*i] = true;
                let cell = &mut values[*i][row];
                *cell = cell.or(value);
            }
            Some(Slot::Status(i)) => {
                seen_codes[*i] = true;
                let cell = &mut codes[*i][row];
                *cell = cell.or(status);
            }
            // Kept in the long frame, not in the tables.
            None => {}
        }
    }

    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&r| keys[r]);
    let mut months: Vec<YearMonth> = keys.iter().filter_map(|k| decode(k.0)).collect();
    months.sort_unstable();
    months.dedup();
    let mut columns = vec![
        Column::new(
            MONTH.into(),
            order.iter().map(|&r| keys[r].0).collect::<Vec<_>>(),
        ),
        Column::new(
            TOWNSHIP_COLUMN.into(),
            order.iter().map(|&r| keys[r].2).collect::<Vec<_>>(),
        ),
        Column::new(
            ORDER.into(),
            order.iter().map(|&r| keys[r].1).collect::<Vec<_>>(),
        ),
    ];
    for (i, id) in indicators.iter().enumerate() {
        if seen_values[i] {
            let v: Vec<Option<f64>> = order.iter().map(|&r| values[i][r]).collect();
            columns.push(Column::new(id.as_str().into(), v));
        }
    }
    for (i, id) in statuses.iter().enumerate() {
        if seen_codes[i] {
            let c: Vec<Option<i32>> = order.iter().map(|&r| codes[i][r]).collect();
            columns.push(Column::new(id.as_str().into(), c));
        }
    }
    Ok((DataFrame::new(order.len(), columns)?, months))
}

/// A month as the frame stores it: 202410.
pub fn code(m: YearMonth) -> i32 {
    m.year * 100 + m.month as i32
}

pub fn decode(c: i32) -> Option<YearMonth> {
    YearMonth::new(c / 100, (c % 100) as u32)
}
