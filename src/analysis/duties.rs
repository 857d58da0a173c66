//! The 五大责任 matrix: township × responsibility, from the sheet's words where written,
//! else from the template's rules.

use crate::model::{MonthTable, Status};
use crate::template::{ResponsibilityDef, Template, expr};
use crate::text::plain_number;

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyCell {
    /// None: not reported and not computable.
    pub status: Option<Status>,
    /// True when the sheet wrote the status; false when computed by the rule.
    pub written: bool,
    /// The numbers behind the status, for a tooltip: "市级领导到村调研次数 2 ÷ 产业发展重点村数 2 = 100%".
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DutyMatrix {
    /// (id, name) of each responsibility.
    pub duties: Vec<(String, String)>,
    pub townships: Vec<String>,
    /// cells[township][duty]
    pub cells: Vec<Vec<DutyCell>>,
    /// Per duty: count of done, partial, not done, n/a, unknown.
    pub counts: Vec<[usize; 5]>,
}

impl DutyMatrix {
    /// Townships with 未落实 for each duty that has any.
    pub fn not_done(&self) -> Vec<(String, Vec<String>)> {
        self.duties
            .iter()
            .enumerate()
            .filter_map(|(d, (_, name))| {
                let towns: Vec<String> = self
                    .cells
                    .iter()
                    .zip(&self.townships)
                    .filter(|(row, _)| row[d].status == Some(Status::NotDone))
                    .map(|(_, t)| t.clone())
                    .collect();
                (!towns.is_empty()).then(|| (name.clone(), towns))
            })
            .collect()
    }
}

pub fn matrix(table: &MonthTable, t: &Template) -> DutyMatrix {
    let townships = table.townships();
    let columns: Vec<(String, Vec<Option<f64>>)> = table
        .columns()
        .into_iter()
        .filter_map(|c| table.values(&c).map(|v| (c, v)))
        .collect();
    let mut cells = Vec::with_capacity(townships.len());
    let written: Vec<Option<Vec<Option<Status>>>> = t
        .responsibilities
        .iter()
        .map(|r| table.statuses(&r.id))
        .collect();
    for row in 0..townships.len() {
        let value = |id: &str| {
            columns
                .iter()
                .find(|(c, _)| c == id)
                .and_then(|(_, v)| v.get(row).copied().flatten())
        };
        let mut line = Vec::new();
        for (k, r) in t.responsibilities.iter().enumerate() {
            let computed = evaluate(r, &value, t);
            let word = written[k]
                .as_ref()
                .and_then(|w| w.get(row).copied().flatten());
            line.push(match word {
                Some(s) => DutyCell {
                    status: Some(s),
                    written: true,
                    detail: format!("表中填写：{}；{}", s.label(), computed.detail),
                },
                None => computed,
            });
        }
        cells.push(line);
    }
    let mut counts = vec![[0usize; 5]; t.responsibilities.len()];
    for line in &cells {
        for (k, c) in line.iter().enumerate() {
            let slot = match c.status {
                Some(Status::Done) => 0,
                Some(Status::Partial) => 1,
                Some(Status::NotDone) => 2,
                Some(Status::NotApplicable) => 3,
                None => 4,
            };
            counts[k][slot] += 1;
        }
    }
    DutyMatrix {
        duties: t
            .responsibilities
            .iter()
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect(),
        townships,
        cells,
        counts,
    }
}

/// The default rule of a responsibility on one township's values.
pub fn evaluate(
    r: &ResponsibilityDef,
    value: &dyn Fn(&str) -> Option<f64>,
    t: &Template,
) -> DutyCell {
    let unknown = |detail: String| DutyCell {
        status: None,
        written: false,
        detail,
    };
    let parts: Vec<&str> = r.measure.split('/').map(str::trim).collect();
    let name = |id: &str| t.column_name(id);
    let (measure, detail) = match parts.as_slice() {
        [id] => match value(id) {
            Some(v) => (v, format!("{} {}", name(id), plain_number(v))),
            None => return unknown(format!("{}未填报", name(id))),
        },
        [n, d] => {
            let (Some(a), Some(b)) = (value(n), value(d)) else {
                return unknown(format!("{}或{}未填报", name(n), name(d)));
            };
            let detail = format!(
                "{} {} ÷ {} {}",
                name(n),
                plain_number(a),
                name(d),
                plain_number(b)
            );
            if b == 0.0 {
                let status = r.when_zero_denominator.unwrap_or(Status::NotApplicable);
                return DutyCell {
                    status: Some(status),
                    written: false,
                    detail: format!("{detail}（{}为0，{}）", name(d), status.label()),
                };
            }
            let pct = a / b * 100.0;
            (
                pct,
                format!("{detail} = {}%", plain_number((pct * 10.0).round() / 10.0)),
            )
        }
        _ => return unknown(String::new()),
    };
    let mut status = if measure >= r.done_at - 1e-9 {
        Status::Done
    } else if r.partial_at.is_some_and(|p| measure >= p - 1e-9) {
        Status::Partial
    } else {
        Status::NotDone
    };
    let mut detail = detail;
    if status == Status::Done
        && let Some(cond) = &r.done_also
        && let Ok(rule) = expr::parse(cond)
    {
        let holds = rule.ops.iter().enumerate().all(|(k, op)| {
            match (rule.sums[k].eval(value), rule.sums[k + 1].eval(value)) {
                (Some(a), Some(b)) => op.holds(a, b),
                _ => true,
            }
        });
        if !holds {
            status = if r.partial_at.is_some() {
                Status::Partial
            } else {
                Status::NotDone
            };
            detail.push_str(&format!("；未满足“{cond}”"));
        }
    }
    DutyCell {
        status: Some(status),
        written: false,
        detail,
    }
}
