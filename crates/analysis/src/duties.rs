//! The 五大责任 matrix of a month: township × responsibility, each status from the sheet's
//! word where written, else from the template's rule (both computed in [`super::frame`]),
//! with the figures behind it for a tooltip.

use super::frame::duty_of;
use super::rows::Rows;
use dd_core::model::roster::derived_column;
use dd_core::model::{Status, TOWNSHIP_COLUMN};
use dd_core::template::{DutyMeasure, ResponsibilityDef, Template};
use dd_core::text::plain_number;

/// Where a status comes from the 重点村 roster, its detail begins so.
pub const DERIVED_NOTE: &str = "由重点村名单推算";

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

#[derive(Debug, Clone, PartialEq, Default)]
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

/// The matrix of one month's analysed township rows.
pub(super) fn matrix(rows: &Rows, t: &Template) -> DutyMatrix {
    let town = rows.strs(TOWNSHIP_COLUMN);
    let townships: Vec<String> = (0..rows.height())
        .map(|r| town.get(r).unwrap_or_default().to_string())
        .collect();
    // Per responsibility: the status, the written word and the roster's status.
    let columns: Vec<_> = t
        .responsibilities
        .iter()
        .map(|r| {
            (
                rows.i32s(&duty_of(&r.id)),
                rows.i32s(&r.id),
                rows.i32s(&derived_column(&r.id)),
            )
        })
        .collect();
    let cells: Vec<Vec<DutyCell>> = (0..rows.height())
        .map(|row| {
            let value = |id: &str| rows.f64(id, row);
            t.responsibilities
                .iter()
                .zip(&columns)
                .map(|(r, (status, word, derived))| {
                    let status = status.get(row).and_then(Status::from_ordinal);
                    let word = word.get(row).and_then(Status::from_ordinal);
                    let derived = derived.get(row).and_then(Status::from_ordinal);
                    let rule = || detail(r, &value, t);
                    match word {
                        Some(w) => DutyCell {
                            status: Some(w),
                            written: true,
                            detail: format!("表中填写：{}；{}", w.label(), rule()),
                        },
                        None if derived.is_some() => DutyCell {
                            status,
                            written: false,
                            detail: DERIVED_NOTE.to_string(),
                        },
                        None => DutyCell {
                            status,
                            written: false,
                            detail: match &r.done_also {
                                Some(c) if reaches(r, &value) && !c.not_broken(&value) => {
                                    format!("{}；未满足“{}”", rule(), c.source)
                                }
                                _ => rule(),
                            },
                        },
                    }
                })
                .collect()
        })
        .collect();
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

/// Whether the rule's measure reaches 已落实's threshold (before its extra condition).
fn reaches(r: &ResponsibilityDef, value: &dyn Fn(&str) -> Option<f64>) -> bool {
    let measure = match &r.measure {
        DutyMeasure::Value(id) => value(id),
        DutyMeasure::Ratio {
            numerator,
            denominator,
        } => match (value(numerator), value(denominator)) {
            (Some(a), Some(b)) if b != 0.0 => Some(a / b * 100.0),
            _ => None,
        },
    };
    measure.is_some_and(|m| m >= r.done_at - 1e-9)
}

/// The figures a responsibility's rule reads, in words: "市级领导到村调研次数 2 ÷ 产业发展重点村数 2
/// = 100%", "驻村工作队在岗率 96.5", or what is missing.
fn detail(r: &ResponsibilityDef, value: &dyn Fn(&str) -> Option<f64>, t: &Template) -> String {
    let name = |id: &str| t.column_name(id);
    match &r.measure {
        DutyMeasure::Value(id) => match value(id) {
            Some(v) => format!("{} {}", name(id), plain_number(v)),
            None => format!("{}未填报", name(id)),
        },
        DutyMeasure::Ratio {
            numerator: n,
            denominator: d,
        } => {
            let (Some(a), Some(b)) = (value(n), value(d)) else {
                return format!("{}或{}未填报", name(n), name(d));
            };
            let figures = format!(
                "{} {} ÷ {} {}",
                name(n),
                plain_number(a),
                name(d),
                plain_number(b)
            );
            if b == 0.0 {
                let status = r.when_zero_denominator.unwrap_or(Status::NotApplicable);
                format!("{figures}（{}为0，{}）", name(d), status.label())
            } else {
                let pct = a / b * 100.0;
                format!("{figures} = {}%", plain_number((pct * 10.0).round() / 10.0))
            }
        }
    }
}
