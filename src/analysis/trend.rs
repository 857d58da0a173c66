//! Series of an indicator or measure across the analysed months, for trend charts: read from
//! the frames the analysis already computed, for the series the user asks for.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::frame::{REPORTED, SCORE, county_of, value_of};
use crate::model::TOWNSHIP_COLUMN;
use crate::model::history::{MONTH, decode};
use crate::template::{Template, Unit};

/// One line of a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub unit: Unit,
    pub points: Vec<(crate::model::YearMonth, f64)>,
    /// Months whose figures cover only some townships (未报 ones left out).
    pub incomplete: Vec<crate::model::YearMonth>,
}

/// The county value of an indicator (total) or measure (rate) month by month.
pub fn county(t: &Template, county: &DataFrame, id: &str) -> Series {
    let (name, unit) = label_of(t, id);
    let expected = t.townships.len() as i32;
    Series {
        label: format!("{}{name}", t.county_short),
        unit,
        points: points(county.clone().lazy(), &county_of(id)),
        incomplete: months_where(county, col(REPORTED).lt(lit(expected))),
    }
}

/// One township's value of an indicator or measure month by month.
pub fn township(t: &Template, townships: &DataFrame, id: &str, township: &str) -> Series {
    let (name, unit) = label_of(t, id);
    let column = if t.measure(id).is_some() {
        value_of(id)
    } else {
        id.to_string()
    };
    let rows = townships
        .clone()
        .lazy()
        .filter(col(TOWNSHIP_COLUMN).eq(lit(township)));
    Series {
        label: format!("{township}{name}"),
        unit,
        points: points(rows, &column),
        incomplete: Vec::new(),
    }
}

/// Each township's score month by month.
pub fn scores(townships: &DataFrame) -> BTreeMap<String, Vec<(crate::model::YearMonth, f64)>> {
    let mut out: BTreeMap<String, Vec<_>> = BTreeMap::new();
    let Ok(df) = townships
        .clone()
        .lazy()
        .select([col(MONTH), col(TOWNSHIP_COLUMN), col(SCORE)])
        .filter(col(SCORE).is_not_null())
        .collect()
    else {
        return out;
    };
    let (Ok(m), Ok(t), Ok(s)) = (
        df.column(MONTH).and_then(|c| c.i32().cloned()),
        df.column(TOWNSHIP_COLUMN).and_then(|c| c.str().cloned()),
        df.column(SCORE).and_then(|c| c.f64().cloned()),
    ) else {
        return out;
    };
    for ((m, t), s) in m.iter().zip(t.iter()).zip(s.iter()) {
        if let (Some(m), Some(t), Some(s)) = (m.and_then(decode), t, s) {
            out.entry(t.to_string()).or_default().push((m, s));
        }
    }
    out
}

/// (month, value) of a column where it has a value, in month order. A column the frame does
/// not have gives no points.
fn points(rows: LazyFrame, column: &str) -> Vec<(crate::model::YearMonth, f64)> {
    let Ok(df) = rows
        .select([col(MONTH), col(column)])
        .filter(col(column).is_not_null())
        .sort([MONTH], SortMultipleOptions::default())
        .collect()
    else {
        return Vec::new();
    };
    let (Ok(m), Ok(v)) = (
        df.column(MONTH).and_then(|c| c.i32().cloned()),
        df.column(column).and_then(|c| c.f64().cloned()),
    ) else {
        return Vec::new();
    };
    m.iter()
        .zip(v.iter())
        .filter_map(|(m, v)| Some((decode(m?)?, v?)))
        .collect()
}

fn months_where(frame: &DataFrame, cond: Expr) -> Vec<crate::model::YearMonth> {
    frame
        .clone()
        .lazy()
        .filter(cond)
        .select([col(MONTH)])
        .collect()
        .ok()
        .and_then(|df| {
            Some(
                df.column(MONTH)
                    .ok()?
                    .i32()
                    .ok()?
                    .iter()
                    .filter_map(|m| decode(m?))
                    .collect(),
            )
        })
        .unwrap_or_default()
}

fn label_of(t: &Template, id: &str) -> (String, Unit) {
    if let Some(m) = t.measure(id) {
        (m.name.clone(), m.unit.clone())
    } else if let Some(i) = t.indicator(id) {
        (i.name.clone(), i.unit.clone())
    } else {
        (id.to_string(), Unit::Count(String::new()))
    }
}
