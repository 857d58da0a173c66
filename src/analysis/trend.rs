//! Values of an indicator or measure across stored months, for trend charts.

use super::measures;
use crate::model::{MonthTable, YearMonth};
use crate::template::Template;

/// One line of a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub unit: String,
    pub points: Vec<(YearMonth, f64)>,
}

/// The county value of an indicator (total) or measure (rate) month by month.
pub fn county_series(t: &Template, months: &[(YearMonth, &MonthTable)], id: &str) -> Series {
    series(t, months, id, &t.county_short, |tb| match t.measure(id) {
        Some(ms) => measures::county(tb, ms),
        None => measures::total(tb, t, id),
    })
}

/// One township's value of an indicator or measure month by month.
pub fn township_series(
    t: &Template,
    months: &[(YearMonth, &MonthTable)],
    id: &str,
    township: &str,
) -> Series {
    series(t, months, id, township, |tb| {
        let row = tb.townships().iter().position(|x| x == township)?;
        match t.measure(id) {
            Some(ms) => measures::per_township(tb, ms).get(row).copied().flatten(),
            None => tb.values(id)?.get(row).copied().flatten(),
        }
    })
}

/// `value` of each month in order, labelled "{whose}{name}".
fn series(
    t: &Template,
    months: &[(YearMonth, &MonthTable)],
    id: &str,
    whose: &str,
    value: impl Fn(&MonthTable) -> Option<f64>,
) -> Series {
    let mut sorted: Vec<&(YearMonth, &MonthTable)> = months.iter().collect();
    sorted.sort_by_key(|(m, _)| *m);
    let (label, unit) = label_of(t, id);
    Series {
        label: format!("{whose}{label}"),
        unit,
        points: sorted
            .iter()
            .filter_map(|(m, tb)| Some((*m, value(tb)?)))
            .collect(),
    }
}

fn label_of(t: &Template, id: &str) -> (String, String) {
    if let Some(m) = t.measure(id) {
        (m.name.clone(), m.unit.clone())
    } else if let Some(i) = t.indicator(id) {
        (i.name.clone(), i.unit.clone())
    } else {
        (id.to_string(), String::new())
    }
}
