//! The analysis of every stored month at once, as polars expressions over the history:
//! measures, completions, weighted scores, ranks, lights, 五大责任 statuses per township, and
//! the county's totals and rates, each joined with the month before it.

use std::collections::HashSet;

use polars::prelude::*;

use crate::model::history::{self, MONTH, ORDER};
use crate::model::{History, Light, Status, TOWNSHIP_COLUMN, YearMonth};
use crate::template::{DutyMeasure, LightScheme, MeasureDef, ResponsibilityDef, Target, Template};

pub const PREVIOUS: &str = "previous_month";
pub const SCORE: &str = "score";
pub const RANK: &str = "rank";
pub const LIGHT: &str = "light";
pub const LAST: &str = "last";
pub const PREV_SCORE: &str = "previous_score";
pub const PREV_RANK: &str = "previous_rank";
pub const LAST_TWICE: &str = "last_twice";
pub const REPORTED: &str = "townships";

/// Column of a measure's value per township.
pub fn value_of(measure: &str) -> String {
    format!("v.{measure}")
}

/// Column of a measure's completion against its target, in percent (≤ 100).
pub fn completion_of(measure: &str) -> String {
    format!("c.{measure}")
}

/// Column of a responsibility's status (written or computed), a [`Status`] ordinal.
pub fn duty_of(id: &str) -> String {
    format!("d.{id}")
}

/// Column of a county total (indicators) or rate (measures).
pub fn county_of(id: &str) -> String {
    format!("t.{id}")
}

/// Column of last month's county figure.
pub fn previous_of(id: &str) -> String {
    format!("p.{id}")
}

/// The analysed history: one row per (month, township) and one per month.
#[derive(Debug, Clone)]
pub struct Frames {
    /// month, township, order, the indicators and written statuses, `v.`/`c.` per measure,
    /// score, rank, light, last, previous_month, previous_score, previous_rank, last_twice,
    /// `d.` per responsibility.
    pub townships: DataFrame,
    /// month, previous_month, townships (how many reported), `t.` per indicator and measure,
    /// `p.` the same for the month before.
    pub county: DataFrame,
    /// Where the balance rules fail: (month, township, rule index).
    pub failures: Vec<(YearMonth, String, usize)>,
}

/// What a column refers to: present in the history, or a typed null.
struct Columns<'a> {
    present: HashSet<&'a str>,
}

impl Columns<'_> {
    fn get(&self, id: &str) -> Expr {
        if self.present.contains(id) {
            col(id)
        } else {
            lit(NULL).cast(DataType::Float64)
        }
    }
}

fn null_f64() -> Expr {
    lit(NULL).cast(DataType::Float64)
}

pub fn analyse(history: &History, t: &Template) -> PolarsResult<Frames> {
    let present = Columns {
        present: history.indicators().iter().map(String::as_str).collect(),
    };
    let previous = previous_months(history)?;
    let townships = township_frame(history, t, &present, &previous)?;
    let county = county_frame(history, t, &present, &previous)?;
    let failures = failures(history, t, &present)?;
    Ok(Frames {
        townships,
        county,
        failures,
    })
}

/// The balance rules on every (month, township) at once: where a comparison fails on known
/// values.
fn failures(
    history: &History,
    t: &Template,
    c: &Columns,
) -> PolarsResult<Vec<(YearMonth, String, usize)>> {
    if t.rules.is_empty() || history.is_empty() {
        return Ok(Vec::new());
    }
    let broken: Vec<Expr> = t
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.expr
                .broken_expr(&|id| c.get(id))
                .alias(format!("rule.{i}"))
        })
        .collect();
    let mut select = vec![col(MONTH), col(TOWNSHIP_COLUMN)];
    select.extend(broken);
    let flags = history.wide().clone().lazy().select(select).collect()?;
    let months = flags.column(MONTH)?.i32()?.clone();
    let towns = flags.column(TOWNSHIP_COLUMN)?.str()?.clone();
    let mut out = Vec::new();
    for i in 0..t.rules.len() {
        let b = flags.column(&format!("rule.{i}"))?.bool()?.clone();
        for ((m, town), f) in months.iter().zip(towns.iter()).zip(b.iter()) {
            if let (Some(m), Some(town), Some(true)) = (m.and_then(history::decode), town, f) {
                out.push((m, town.to_string(), i));
            }
        }
    }
    Ok(out)
}

/// month → the stored month before it (null for the first).
fn previous_months(history: &History) -> PolarsResult<DataFrame> {
    let months: Vec<i32> = history.months().iter().map(|m| history::code(*m)).collect();
    let prev: Vec<Option<i32>> = std::iter::once(None)
        .chain(months.iter().copied().map(Some))
        .take(months.len())
        .collect();
    DataFrame::new(
        months.len(),
        vec![
            Column::new(MONTH.into(), months),
            Column::new(PREVIOUS.into(), prev),
        ],
    )
}

/// A frame with each row's previous stored month beside its month.
fn with_previous(frame: &DataFrame, previous: &DataFrame) -> LazyFrame {
    frame.clone().lazy().join(
        previous.clone().lazy(),
        [col(MONTH)],
        [col(MONTH)],
        JoinArgs::new(JoinType::Left),
    )
}

/// numerator ÷ (denominator × factor), × 100 for a rate; null where the denominator is 0.
fn measure_value(m: &MeasureDef, c: &Columns) -> Expr {
    let num = c.get(&m.numerator);
    let Some(den_id) = &m.denominator else {
        return num;
    };
    let scale = if m.is_percent() { 100.0 } else { 1.0 };
    let den = c.get(den_id) * lit(m.denominator_factor.unwrap_or(1.0));
    // A zero denominator means "nothing to do", not an infinite rate.
    when(den.clone().neq(lit(0.0)))
        .then(num / den * lit(scale))
        .otherwise(null_f64())
}

/// The target of a measure in percent, for the row's month.
fn goal(target: Target) -> Expr {
    match target {
        Target::Percent(p) => lit(p),
        Target::Schedule => {
            (col(MONTH) % lit(100)).cast(DataType::Float64) / lit(12.0) * lit(100.0)
        }
    }
}

fn township_frame(
    history: &History,
    t: &Template,
    c: &Columns,
    previous: &DataFrame,
) -> PolarsResult<DataFrame> {
    let mut measures = Vec::new();
    let mut completions = Vec::new();
    let (mut weighted, mut weights) = (Vec::new(), Vec::new());
    for m in &t.measures {
        let v = value_of(&m.id);
        measures.push(measure_value(m, c).alias(v.as_str()));
        let Some(target) = m.target else {
            continue;
        };
        let g = goal(target);
        let done = when(col(v.as_str()).is_null())
            .then(null_f64())
            .when(g.clone().lt_eq(lit(0.0)))
            .then(lit(100.0))
            .otherwise((col(v.as_str()) / g * lit(100.0)).clip(lit(0.0), lit(100.0)));
        let name = completion_of(&m.id);
        completions.push(done.alias(name.as_str()));
        if m.weight > 0.0 {
            weighted.push(col(name.as_str()).fill_null(lit(0.0)) * lit(m.weight));
            weights.push(col(name.as_str()).is_not_null().cast(DataType::Float64) * lit(m.weight));
        }
    }
    let sum = |parts: Vec<Expr>| parts.into_iter().reduce(|a, b| a + b).unwrap_or(lit(0.0));
    let (num, den) = (sum(weighted), sum(weights));
    let score = when(den.clone().gt(lit(0.0)))
        .then(num / den)
        .otherwise(null_f64());
    // Scores equal to 0.01 share a rank (1, 2, 2, 4).
    let rank = (col(SCORE) * lit(100.0))
        .round(0, RoundMode::HalfAwayFromZero)
        .rank(
            RankOptions {
                method: RankMethod::Min,
                descending: true,
            },
            None,
        )
        .over([col(MONTH)])?
        .cast(DataType::Int32);

    let scored = with_previous(history.wide(), previous)
        .with_columns(measures)
        .with_columns(completions)
        .with_column(score.alias(SCORE))
        .with_column(rank.alias(RANK))
        .with_columns([
            light(t)?.alias(LIGHT),
            col(RANK)
                .eq(col(RANK).max().over([col(MONTH)])?)
                .fill_null(lit(false))
                .alias(LAST),
        ])
        .with_columns(duties(history, t, c))
        .collect()?;

    let before = scored.clone().lazy().select([
        col(MONTH).alias(PREVIOUS),
        col(TOWNSHIP_COLUMN),
        col(SCORE).alias(PREV_SCORE),
        col(RANK).alias(PREV_RANK),
        col(LAST).alias("previous_last"),
    ]);
    scored
        .lazy()
        .join(
            before,
            [col(PREVIOUS), col(TOWNSHIP_COLUMN)],
            [col(PREVIOUS), col(TOWNSHIP_COLUMN)],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(
            col(LAST)
                .and(col("previous_last").fill_null(lit(false)))
                .alias(LAST_TWICE),
        )
        .drop(cols(["previous_last"]))
        .sort([MONTH, ORDER], SortMultipleOptions::default())
        .collect()
}

/// 亮灯 by score thresholds, or by rank (前N名绿、后N名红).
fn light(t: &Template) -> PolarsResult<Expr> {
    let l = &t.lights;
    let code = |x: Light| lit(x.ordinal());
    Ok(match l.scheme {
        LightScheme::Threshold => when(col(SCORE).gt_eq(lit(l.green_at - 1e-9)))
            .then(code(Light::Green))
            .when(col(SCORE).gt_eq(lit(l.yellow_at - 1e-9)))
            .then(code(Light::Yellow))
            .when(col(SCORE).is_not_null())
            .then(code(Light::Red))
            .otherwise(lit(NULL).cast(DataType::Int32)),
        LightScheme::Rank => {
            let ranked = col(RANK).count().over([col(MONTH)])?.cast(DataType::Int32);
            when(col(RANK).is_null())
                .then(lit(NULL).cast(DataType::Int32))
                .when(col(RANK).lt_eq(lit(l.green_top as i32)))
                .then(code(Light::Green))
                .when((col(RANK) + lit(l.red_bottom as i32)).gt(ranked))
                .then(code(Light::Red))
                .otherwise(code(Light::Yellow))
        }
    })
}

/// Each responsibility's status: the word the sheet wrote, else the template's rule.
fn duties(history: &History, t: &Template, c: &Columns) -> Vec<Expr> {
    let written: HashSet<&str> = history
        .status_columns()
        .iter()
        .map(String::as_str)
        .collect();
    t.responsibilities
        .iter()
        .map(|r| {
            let derived = crate::model::roster::derived_column(&r.id);
            let computed = if history.derived_columns().contains(&derived) {
                when(col(derived.as_str()).is_not_null())
                    .then(col(derived.as_str()))
                    .otherwise(duty_rule(r, c))
            } else {
                duty_rule(r, c)
            };
            let status = if written.contains(r.id.as_str()) {
                when(col(r.id.as_str()).is_not_null())
                    .then(col(r.id.as_str()))
                    .otherwise(computed)
            } else {
                computed
            };
            status.alias(duty_of(&r.id).as_str())
        })
        .collect()
}

/// The default rule of a responsibility, as a [`Status`] ordinal (null when not computable).
fn duty_rule(r: &ResponsibilityDef, c: &Columns) -> Expr {
    let code = |s: Status| lit(s.ordinal());
    let none = lit(NULL).cast(DataType::Int32);
    let (measure, zero) = match &r.measure {
        DutyMeasure::Value(id) => (c.get(id), lit(false)),
        DutyMeasure::Ratio {
            numerator,
            denominator,
        } => {
            let den = c.get(denominator);
            (
                when(den.clone().neq(lit(0.0)))
                    .then(c.get(numerator) / den.clone() * lit(100.0))
                    .otherwise(null_f64()),
                den.eq(lit(0.0)).and(c.get(numerator).is_not_null()),
            )
        }
    };
    let short = match r.partial_at {
        Some(_) => Status::Partial,
        None => Status::NotDone,
    };
    let done = match &r.done_also {
        Some(cond) => when(cond.broken_expr(&|id| c.get(id)))
            .then(code(short))
            .otherwise(code(Status::Done)),
        None => code(Status::Done),
    };
    let mut chain = when(zero)
        .then(code(
            r.when_zero_denominator.unwrap_or(Status::NotApplicable),
        ))
        .when(measure.clone().is_null())
        .then(none)
        .when(measure.clone().gt_eq(lit(r.done_at - 1e-9)))
        .then(done);
    if let Some(p) = r.partial_at {
        chain = chain
            .when(measure.gt_eq(lit(p - 1e-9)))
            .then(code(Status::Partial));
    }
    chain.otherwise(code(Status::NotDone))
}

fn county_frame(
    history: &History,
    t: &Template,
    c: &Columns,
    previous: &DataFrame,
) -> PolarsResult<DataFrame> {
    let mut aggs = vec![
        col(TOWNSHIP_COLUMN)
            .count()
            .cast(DataType::Int32)
            .alias(REPORTED),
    ];
    for id in history.indicators() {
        let Some(ind) = t.indicator(id) else {
            continue;
        };
        let total = if ind.is_additive() {
            when(col(id.as_str()).count().gt(lit(0)))
                .then(col(id.as_str()).sum())
                .otherwise(null_f64())
        } else {
            col(id.as_str()).mean()
        };
        aggs.push(total.alias(county_of(id).as_str()));
    }
    for m in &t.measures {
        let num = c.get(&m.numerator);
        let rate = match &m.denominator {
            // A rate without a denominator is averaged over the townships.
            None => num.mean(),
            Some(d) => {
                let den = c.get(d).sum() * lit(m.denominator_factor.unwrap_or(1.0));
                let scale = if m.is_percent() { 100.0 } else { 1.0 };
                let counted = c
                    .get(d)
                    .count()
                    .gt(lit(0))
                    .and(num.clone().count().gt(lit(0)));
                when(counted.and(den.clone().neq(lit(0.0))))
                    .then(num.sum() / den * lit(scale))
                    .otherwise(null_f64())
            }
        };
        aggs.push(rate.alias(county_of(&m.id).as_str()));
    }
    let figures = history
        .wide()
        .clone()
        .lazy()
        .group_by([col(MONTH)])
        .agg(aggs);
    let figures = with_previous(&figures.collect()?, previous).collect()?;
    let ids: Vec<String> = history
        .indicators()
        .iter()
        .filter(|id| t.indicator(id).is_some())
        .chain(t.measures.iter().map(|m| &m.id))
        .cloned()
        .collect();
    let mut before = vec![col(MONTH).alias(PREVIOUS)];
    before.extend(
        ids.iter()
            .map(|id| col(county_of(id).as_str()).alias(previous_of(id).as_str())),
    );
    let before = figures.clone().lazy().select(before);
    figures
        .lazy()
        .join(
            before,
            [col(PREVIOUS)],
            [col(PREVIOUS)],
            JoinArgs::new(JoinType::Left),
        )
        .sort([MONTH], SortMultipleOptions::default())
        .collect()
}
