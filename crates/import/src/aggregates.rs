//! Rows that are not a township's own figures: 合计 and 小计 rows, a 全国 or 市辖区 row
//! among its units, and the rows of another county in a provincial table. Told apart by
//! general rules only: the label, the columns before it, and whether the row's figures are
//! the sum of the township rows next to it.

use super::grid::{Sheet, Value};
use super::layout::RowKind;
use dd_core::template::Template;
use dd_core::text::fold;

/// The rows sampled to learn a column: the first few hundred, then rows spread evenly
/// over the rest (a provincial table's county may start two thousand rows down).
pub(super) fn sample_rows(from: usize, height: usize) -> impl Iterator<Item = usize> {
    const HEAD: usize = 400;
    const SPREAD: usize = 1600;
    let head_end = height.min(from + HEAD);
    let step = (height.saturating_sub(head_end)).div_ceil(SPREAD).max(1);
    (from..head_end).chain((head_end..height).step_by(step))
}

/// The name a unit cell gives: its text, or a number written as a name (the ages 0, 1, 2 of
/// an age table).
pub(super) fn unit_name(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s.to_string()),
        Value::Number { .. } => Some(v.display()),
        _ => None,
    }
}

/// The township a cell names, if any.
pub(super) fn township(v: &Value, t: &Template) -> Option<usize> {
    let name = unit_name(v)?;
    (name.chars().count() <= 30)
        .then(|| t.resolve_township(&name))
        .flatten()
}

/// Columns before the township column that write one name on (nearly) every township row:
/// the county (区（县） = 从化市) or province (省 = 湖南省) the townships belong to. Such a
/// column is the scope of the row, not a 合计 label, even when it says the county's name.
#[derive(Debug, Default)]
pub(super) struct Scope {
    /// (column, its usual text, folded)
    cols: Vec<(usize, String)>,
}

impl Scope {
    pub fn find(sheet: &Sheet, from: usize, tcol: usize, t: &Template) -> Scope {
        let mut rows = 0usize;
        let mut seen: Vec<std::collections::HashMap<String, usize>> =
            vec![Default::default(); tcol];
        for r in sample_rows(from, sheet.height()) {
            if township(&sheet.get(r, tcol), t).is_none() {
                continue;
            }
            rows += 1;
            for (c, v) in sheet.row(r).take_while(|(c, _)| *c < tcol) {
                if let Value::Text(s) = v
                    && t.resolve_township(s).is_none()
                {
                    *seen[c].entry(fold(s)).or_default() += 1;
                }
            }
        }
        let cols = seen
            .into_iter()
            .enumerate()
            .filter_map(|(c, counts)| {
                let (text, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
                (rows >= 2 && n * 10 >= rows * 9).then_some((c, text))
            })
            .collect();
        Scope { cols }
    }

    pub fn holds(&self, col: usize) -> bool {
        self.cols.iter().any(|(c, _)| *c == col)
    }

    /// The scope cell of a row that names another county or province than the townships'
    /// (a provincial table read for one of its counties): (column, text).
    pub fn other(&self, sheet: &Sheet, r: usize, t: &Template) -> Option<(usize, String)> {
        self.cols.iter().find_map(|(c, usual)| {
            let v = sheet.get(r, *c);
            let s = fold(v.text()?);
            (!s.is_empty() && &s != usual && !t.is_total_label(&s)).then(|| (*c, v.display()))
        })
    }
}

/// A 合计 row: its township cell says so, or the township cell is blank and a cell before
/// it does (合计 under 区（县）), or a cell before it other than a scope column does.
pub(super) fn is_total_row(
    sheet: &Sheet,
    r: usize,
    tcol: usize,
    names_end: usize,
    scope: &Scope,
    t: &Template,
) -> bool {
    let own = sheet.get(r, tcol);
    if own.text().is_some_and(|s| t.is_total_label(s)) {
        return true;
    }
    if township(&own, t).is_some() {
        return false;
    }
    // A village named beside a blank township cell is a village, whatever is before it.
    let blank = own.is_empty()
        && (names_end == tcol
            || sheet.row(r).all(|(c, v)| {
                c <= tcol || c > names_end || scope.holds(c) || v.is_empty() || {
                    v.text().is_some_and(|s| t.is_total_label(s))
                }
            }));
    sheet
        .row(r)
        .take_while(|(c, _)| *c <= names_end)
        .any(|(c, v)| {
            c != tcol && (blank || !scope.holds(c)) && v.text().is_some_and(|s| t.is_total_label(s))
        })
}

/// Why a row whose label is not a township is an aggregate of others, if it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Aggregate {
    /// The label repeats a name before it (北京市 | 北京市): a province's or city's own row.
    Repeats,
    /// Its figures are the sum of the next (or previous) `n` township rows (0-4岁, 全国).
    Sums(usize),
}

/// Tells whether row `r` (label not a township) sums up its neighbours. `rows` are the rows
/// already decided, in sheet order; `additive` the columns whose figures add up.
pub(super) fn aggregate(
    sheet: &Sheet,
    r: usize,
    tcol: usize,
    rows: &[(usize, RowKind)],
    additive: &[usize],
) -> Option<Aggregate> {
    let label = fold(&sheet.get(r, tcol).display());
    if !label.is_empty()
        && sheet
            .row(r)
            .take_while(|(c, _)| *c < tcol)
            .any(|(_, v)| v.text().is_some_and(|s| fold(s) == label))
    {
        return Some(Aggregate::Repeats);
    }
    let own: Vec<(usize, f64)> = additive
        .iter()
        .filter_map(|&c| Some((c, number(sheet, r, c)?)))
        .collect();
    if !own.iter().any(|(_, v)| *v != 0.0) {
        return None;
    }
    let at = rows.partition_point(|(row, _)| *row < r);
    let towns = |kind: &RowKind| matches!(kind, RowKind::Township(_));
    // A parent sums its units (31 provinces, a city's counties); far runs are not looked at.
    const NEIGHBOURS: usize = 2000;
    let after = rows[at..]
        .iter()
        .take_while(|(_, k)| towns(k))
        .take(NEIGHBOURS)
        .map(|(row, _)| *row);
    let before = rows[..at]
        .iter()
        .rev()
        .take_while(|(_, k)| towns(k))
        .take(NEIGHBOURS)
        .map(|(row, _)| *row);
    sums_to(sheet, &own, after.collect())
        .or_else(|| sums_to(sheet, &own, before.collect()))
        .map(Aggregate::Sums)
}

/// Rows of `unknown` that itemise the township row above them: the run of unknown rows
/// between a township row and the next decided row, when its figures add up to the
/// township's (0, 1, 2, 3, 4 under a template's 0-4岁).
pub(super) fn itemised(
    sheet: &Sheet,
    unknown: &[usize],
    rows: &[(usize, RowKind)],
    additive: &[usize],
) -> Vec<usize> {
    let mut out = Vec::new();
    for (k, (town_row, kind)) in rows.iter().enumerate() {
        if !matches!(kind, RowKind::Township(_)) {
            continue;
        }
        let next = rows.get(k + 1).map_or(usize::MAX, |(r, _)| *r);
        // Both lists are in sheet order: the run is a slice of `unknown`.
        let from = unknown.partition_point(|r| r <= town_row);
        let to = unknown.partition_point(|r| *r < next);
        let run: Vec<usize> = unknown[from..to.max(from)].to_vec();
        if run.len() < 2 {
            continue;
        }
        let own: Vec<(usize, f64)> = additive
            .iter()
            .filter_map(|&c| Some((c, number(sheet, *town_row, c)?)))
            .collect();
        if own.iter().any(|(_, v)| *v != 0.0)
            && sums_to(sheet, &own, run.clone()) == Some(run.len())
        {
            out.extend(run);
        }
    }
    out
}

/// The smallest n ≥ 2 for which the first n of `neighbours` add up to `own` in every column.
fn sums_to(sheet: &Sheet, own: &[(usize, f64)], neighbours: Vec<usize>) -> Option<usize> {
    let mut sums = vec![0.0; own.len()];
    for (n, &row) in neighbours.iter().enumerate() {
        for (s, &(c, _)) in sums.iter_mut().zip(own) {
            *s += number(sheet, row, c).unwrap_or(0.0);
        }
        let equal = own.iter().zip(&sums).all(|(&(_, v), &s)| same_total(v, s));
        if n >= 1 && equal {
            return Some(n + 1);
        }
    }
    None
}

/// Two totals equal up to the float noise of summing.
pub(super) fn same_total(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(1.0)
}

pub(super) fn number(sheet: &Sheet, r: usize, c: usize) -> Option<f64> {
    super::values::number(&sheet.get(r, c), None)
        .ok()
        .flatten()
        .map(|n| n.value)
}
