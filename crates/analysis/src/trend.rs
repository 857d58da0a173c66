//! Series of an indicator or measure across the analysed months, for trend charts: read from
//! the frames the analysis already computed, for the series the user asks for.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::frame::{REPORTED, SCORE, county_of, value_of};
use dd_core::model::TOWNSHIP_COLUMN;
use dd_core::model::history::{MONTH, decode};
use dd_core::template::{Template, Unit};

/// One line of a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub unit: Unit,
    pub points: Vec<(dd_core::model::YearMonth, f64)>,
    /// Months whose figures cover only some townships (未报 ones left out).
    pub incomplete: Vec<dd_core::model::YearMonth>,
}

/// The county value of an indicator (total) or measure (rate) month by month.
pub fn county(t: &Template, county: &DataFrame, id: &str) -> Series {
    let (name, unit) = label_of(t, id);
    let expected = t.townships.len() as i32;
    Series {
        label: format!("{}{name}", t.county_short),
        unit,
        points: points(county, &county_of(id)),
        incomplete: incomplete(county, expected),
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
        .column(TOWNSHIP_COLUMN)
        .and_then(|c| c.str().map(|s| s.equal(township)))
        .and_then(|mask| townships.filter(&mask));
    Series {
        label: format!("{township}{name}"),
        unit,
        points: rows.map(|r| points(&r, &column)).unwrap_or_default(),
        incomplete: Vec::new(),
    }
}

/// Each township's score month by month.
pub fn scores(townships: &DataFrame) -> BTreeMap<String, Vec<(dd_core::model::YearMonth, f64)>> {
    let mut out: BTreeMap<String, Vec<_>> = BTreeMap::new();
    let df = townships;
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

/// (month, value) of a column where it has a value, in the frame's (month) order. A column
/// the frame does not have gives no points.
fn points(rows: &DataFrame, column: &str) -> Vec<(dd_core::model::YearMonth, f64)> {
    let (Ok(m), Ok(v)) = (
        rows.column(MONTH).and_then(|c| c.i32().cloned()),
        rows.column(column).and_then(|c| c.f64().cloned()),
    ) else {
        return Vec::new();
    };
    m.iter()
        .zip(v.iter())
        .filter_map(|(m, v)| Some((decode(m?)?, v?)))
        .collect()
}

/// The months where fewer townships reported than the template lists.
fn incomplete(county: &DataFrame, expected: i32) -> Vec<dd_core::model::YearMonth> {
    let (Ok(m), Ok(n)) = (
        county.column(MONTH).and_then(|c| c.i32().cloned()),
        county.column(REPORTED).and_then(|c| c.i32().cloned()),
    ) else {
        return Vec::new();
    };
    m.iter()
        .zip(n.iter())
        .filter(|(_, n)| n.is_some_and(|n| n < expected))
        .filter_map(|(m, _)| decode(m?))
        .collect()
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
