//! Measures (rates and ratios of the template) per township and for the county, in polars.

use polars::prelude::*;

use crate::model::MonthTable;
use crate::template::{MeasureDef, Template};

fn column(table: &MonthTable, id: &str) -> Option<Float64Chunked> {
    table.frame().column(id).ok()?.f64().ok().cloned()
}

/// The measure for each township row: numerator ÷ (denominator × factor), × 100 for a rate;
/// None where an input is missing or the denominator is zero.
pub fn per_township(table: &MonthTable, m: &MeasureDef) -> Vec<Option<f64>> {
    let n = table.height();
    let Some(num) = column(table, &m.numerator) else {
        return vec![None; n];
    };
    let scale = if m.is_percent() { 100.0 } else { 1.0 };
    let Some(den_id) = &m.denominator else {
        return num.iter().collect();
    };
    let Some(den) = column(table, den_id) else {
        return vec![None; n];
    };
    let den = den * m.denominator_factor.unwrap_or(1.0);
    // A zero denominator means "nothing to do", not an infinite rate.
    let den: Float64Chunked = den.apply(|v| v.filter(|d| *d != 0.0));
    let ratio = (num / den) * scale;
    ratio.iter().collect()
}

/// The measure for the whole county: sums first, then the ratio (a rate without a
/// denominator is averaged over the townships).
pub fn county(table: &MonthTable, m: &MeasureDef) -> Option<f64> {
    let num = column(table, &m.numerator)?;
    let scale = if m.is_percent() { 100.0 } else { 1.0 };
    match &m.denominator {
        None => num.mean(),
        Some(d) => {
            let den = column(table, d)?.sum()? * m.denominator_factor.unwrap_or(1.0);
            let num = num.sum()?;
            (den != 0.0).then(|| num / den * scale)
        }
    }
}

/// County total of an indicator: the sum, or the mean for a rate; None if nobody reported it.
pub fn total(table: &MonthTable, t: &Template, id: &str) -> Option<f64> {
    let ca = column(table, id)?;
    if ca.null_count() == ca.len() {
        return None;
    }
    if t.indicator(id).is_some_and(|i| i.is_percent()) {
        ca.mean()
    } else {
        ca.sum()
    }
}
