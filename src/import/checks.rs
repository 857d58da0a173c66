//! The template's balance rules (审核公式), run on the merged month: each failure is a
//! warning naming the township, the columns and both sides, never a silent fix.

use std::collections::BTreeMap;

use crate::model::{Level, MonthTable, Problem};
use crate::template::Template;
use crate::template::expr::{Sum, Term};
use crate::text::plain_number;

pub fn balance(table: &MonthTable, sources: &super::Sources, t: &Template) -> Vec<Problem> {
    let mut out = Vec::new();
    let towns = table.townships();
    let columns: BTreeMap<String, Vec<Option<f64>>> = table
        .columns()
        .into_iter()
        .filter_map(|c| table.values(&c).map(|v| (c, v)))
        .collect();
    for (row, town) in towns.iter().enumerate() {
        let value = |id: &str| columns.get(id).and_then(|v| v.get(row).copied().flatten());
        for rule in &t.rules {
            let r = &rule.rule;
            for (k, op) in r.ops.iter().enumerate() {
                let (left, right) = (&r.sums[k], &r.sums[k + 1]);
                let (Some(a), Some(b)) = (left.eval(&value), right.eval(&value)) else {
                    continue;
                };
                if op.holds(a, b) {
                    continue;
                }
                let message = format!(
                    "{town}：{} {}{}（{}），不符合审核公式“{}”",
                    describe(left, &value, t),
                    op.words(),
                    describe(right, &value, t),
                    rule.name.clone().unwrap_or_else(|| "两边不平衡".into()),
                    rule.source
                );
                let place = r
                    .ids()
                    .find_map(|id| sources.get(&(town.clone(), id.to_string())));
                let mut p = Problem::new(Level::Warning, place.map_or("", |p| &*p.file), message);
                if let Some(pl) = place {
                    p = p.at(pl.sheet.as_deref(), Some(pl.cell.clone()));
                }
                out.push(p);
            }
        }
    }
    out
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
