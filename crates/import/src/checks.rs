//! The template's balance rules (审核公式), run on the merged month: each failure is a
//! warning naming the township, the columns and both sides, never a silent fix.

use std::collections::HashSet;

use polars::prelude::*;

use dd_core::model::{ColumnKind, Level, MonthTable, Problem};
use dd_core::template::Template;
use dd_core::template::expr::{Sum, Term};
use dd_core::text::plain_number;

/// Where a township's value came from: (file, sheet, cell).
pub type PlaceOf<'a> = dyn Fn(&str, &str) -> Option<(String, Option<String>, String)> + 'a;

/// The words every balance warning carries, so a merge can drop and redo them.
const BALANCE_MARK: &str = "不符合审核公式";

/// Whether a problem is a balance-rule warning (recomputed whenever the month changes).
pub fn is_balance_warning(p: &Problem) -> bool {
    p.level == Level::Warning && p.message.contains(BALANCE_MARK)
}

/// Runs the template's balance rules on every township of `table`; `place(township, id)`
/// names the cell each warning points at.
pub fn balance(table: &MonthTable, place: &PlaceOf, t: &Template) -> Vec<Problem> {
    let found = match failures(table, t) {
        Ok(f) => f,
        Err(e) => {
            return vec![Problem::new(
                Level::Warning,
                "",
                format!("内部错误：审核公式无法计算（{e}），请把文件发给开发人员"),
            )];
        }
    };
    let towns = table.townships();
    found
        .into_iter()
        .filter_map(|(row, i, k)| {
            let town = towns.get(row)?;
            let value = |id: &str| table.value(town, id);
            let rule = &t.rules[i];
            let c = rule.expr.comparisons(&value).nth(k)?;
            let message = format!(
                "{town}：{} {}{}（{}），{BALANCE_MARK}“{}”",
                describe(c.left, &value, t),
                c.op.words(),
                describe(c.right, &value, t),
                rule.name.clone().unwrap_or_else(|| "两边不平衡".into()),
                rule.expr.source
            );
            let at = rule.expr.ids().find_map(|id| place(town, id));
            Some(match at {
                Some((file, sheet, cell)) => {
                    Problem::new(Level::Warning, file, message).at(sheet.as_deref(), Some(cell))
                }
                None => Problem::new(Level::Warning, "", message),
            })
        })
        .collect()
}

/// Where the rules fail: (row, rule index, comparison index), row by row, as polars
/// expressions over the table.
fn failures(table: &MonthTable, t: &Template) -> PolarsResult<Vec<(usize, usize, usize)>> {
    if table.height() == 0 || t.rules.is_empty() {
        return Ok(Vec::new());
    }
    let present: HashSet<String> = table
        .columns()
        .into_iter()
        .filter(|c| table.kind(c) == Some(ColumnKind::Value))
        .collect();
    let column = |id: &str| {
        if present.contains(id) {
            col(id)
        } else {
            lit(NULL).cast(DataType::Float64)
        }
    };
    // One boolean column per comparison of each rule: true where it fails on known values.
    let mut failing = Vec::new();
    let mut which = Vec::new();
    for (i, rule) in t.rules.iter().enumerate() {
        for (k, holds) in rule.expr.comparison_exprs(&column).into_iter().enumerate() {
            failing.push(holds.not().fill_null(lit(false)).alias(format!("{i}.{k}")));
            which.push((i, k));
        }
    }
    let flags = table.frame().clone().lazy().select(failing).collect()?;
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (c, &(i, k)) in flags.columns().iter().zip(&which) {
        let b = c.bool()?;
        found.extend(
            b.iter()
                .enumerate()
                .filter(|(_, f)| *f == Some(true))
                .map(|(row, _)| (row, i, k)),
        );
    }
    found.sort_unstable();
    Ok(found)
}

/// "风险已消除户数 23 + 风险未消除户数 26 = 49"
fn describe(sum: &Sum, value: &dyn Fn(&str) -> Option<f64>, t: &Template) -> String {
    let mut parts = Vec::new();
    for (i, (sign, term)) in sum.0.iter().enumerate() {
        let op = match (i, *sign < 0.0) {
            (0, true) => "-",
            (0, false) => "",
            (_, true) => " - ",
            (_, false) => " + ",
        };
        let text = match term {
            Term::Id(id) => format!(
                "{}{}",
                t.column_name(id),
                value(id).map(plain_number).unwrap_or_default()
            ),
            Term::Number(n) => plain_number(*n),
        };
        parts.push(format!("{op}{text}"));
    }
    let body = parts.concat();
    if sum.0.len() > 1 {
        let total = sum.eval(value).map(plain_number).unwrap_or_default();
        format!("{body} = {total}")
    } else {
        body
    }
}
