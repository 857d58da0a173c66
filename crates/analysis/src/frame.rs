//! The analysis of every stored month at once, as polars expressions over the history:
//! measures, completions, weighted scores, ranks, lights, 五大责任 statuses per township, and
//! the county's totals and rates, each beside its figure in the month before.

use std::collections::HashSet;

use polars::prelude::*;

use dd_core::model::history::{self, MONTH};
use dd_core::model::{History, Light, Status, TOWNSHIP_COLUMN, YearMonth};
use dd_core::template::{
    DutyMeasure, LightScheme, MeasureDef, ResponsibilityDef, Target, Template,
};

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
    /// month, township, order (as the history's wide frame), the indicators and written
    /// statuses, `v.`/`c.` per measure, score, rank, light, last, previous_score,
    /// previous_rank, last_twice, `d.` per responsibility, `rule.` per balance rule, and the
    /// columns the steps read. Sorted by month, then template order.
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
    // The two plans are independent; most of their time is planning, on one core each.
    let (townships, county) = std::thread::scope(|s| {
        let county = s.spawn(|| county_frame(history, t, &present));
        let townships = township_frame(history, t, &present);
        let county = county
            .join()
            .unwrap_or_else(|_| Err(polars_err!(ComputeError: "全市合计的计算中断")));
        (townships, county)
    });
    let (townships, county) = (townships?, county?);
    let failures = failures(&townships, t.rules.len())?;
    Ok(Frames {
        townships,
        county,
        failures,
    })
}

/// Column of a balance rule's result: true where it fails on known values.
fn rule_of(index: usize) -> String {
    format!("rule.{index}")
}

/// Where the balance rules fail, read from their columns of the township frame.
fn failures(frame: &DataFrame, rules: usize) -> PolarsResult<Vec<(YearMonth, String, usize)>> {
    let months = frame.column(MONTH)?.i32()?;
    let towns = frame.column(TOWNSHIP_COLUMN)?.str()?;
    let mut out = Vec::new();
    for i in 0..rules {
        let broken = frame.column(&rule_of(i))?.bool()?;
        for ((m, town), f) in months.iter().zip(towns.iter()).zip(broken.iter()) {
            if let (Some(m), Some(town), Some(true)) = (m.and_then(history::decode), town, f) {
                out.push((m, town.to_string(), i));
            }
        }
    }
    Ok(out)
}

/// Place of the row's month among the stored months (1 for the first): the month before is
/// one less, whatever the calendar gap.
const STEP: &str = "step";

fn step() -> Expr {
    col(MONTH)
        .rank(
            RankOptions {
                method: RankMethod::Dense,
                descending: false,
            },
            None,
        )
        .cast(DataType::Int32)
}

/// The [`STEP`] of the township's row before (its latest earlier month; the frame is in
/// month order).
const STEP_BEFORE: &str = "step_before";

fn step_before() -> PolarsResult<Expr> {
    col(STEP).shift(lit(1)).over([col(TOWNSHIP_COLUMN)])
}

/// A township's `column` in the stored month before the row's month (null where the
/// township did not report then).
fn before(column: &str) -> PolarsResult<Expr> {
    Ok(when(col(STEP_BEFORE).eq(col(STEP) - lit(1)))
        .then(col(column).shift(lit(1)).over([col(TOWNSHIP_COLUMN)])?)
        .otherwise(lit(NULL)))
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

fn township_frame(history: &History, t: &Template, c: &Columns) -> PolarsResult<DataFrame> {
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
        let weight = t.score_weight(m);
        if weight > 0.0 {
            weighted.push(col(name.as_str()).fill_null(lit(0.0)) * lit(weight));
            weights.push(col(name.as_str()).is_not_null().cast(DataType::Float64) * lit(weight));
        }
    }
    let sum = |parts: Vec<Expr>| parts.into_iter().reduce(|a, b| a + b).unwrap_or(lit(0.0));
    let (num, den) = (sum(weighted), sum(weights));
    let score = when(den.clone().gt(lit(0.0)))
        .then(num / den)
        .otherwise(null_f64());
    // Scores equal to 0.01 share a rank (1, 2, 2, 4). A template that does not rank leaves
    // the column empty, so nothing downstream can show a rank (or 连续两月末位).
    let ranked = (col(SCORE) * lit(100.0))
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
    let rank = if t.ranks() {
        ranked
    } else {
        lit(NULL).cast(DataType::Int32)
    };
    let rules: Vec<Expr> = t
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| r.expr.broken_expr(&|id| c.get(id)).alias(rule_of(i)))
        .collect();

    // Small steps, each naming what the next reads: polars plans a few short expressions much
    // faster than one deep one.
    let mut steps = vec![step().alias(STEP)];
    steps.extend(measures);
    steps.extend(rules);
    steps.extend(duty_measures(t, c));
    history
        .wide()
        .clone()
        .lazy()
        .with_columns(steps)
        .with_column(step_before()?.alias(STEP_BEFORE))
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
        .with_columns(duties(history, t))
        .with_columns([
            before(SCORE)?.alias(PREV_SCORE),
            before(RANK)?.alias(PREV_RANK),
            col(LAST)
                .and(before(LAST)?.fill_null(lit(false)))
                .alias(LAST_TWICE),
        ])
        .collect()
}

/// 亮灯 by score thresholds, or by rank (前N名绿、后N名红); none when the template lights
/// nobody.
fn light(t: &Template) -> PolarsResult<Expr> {
    let l = &t.lights;
    let code = |x: Light| lit(x.ordinal());
    if !t.lit() {
        return Ok(lit(NULL).cast(DataType::Int32));
    }
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

/// Each responsibility's status: the word the sheet wrote, else the roster's, else the
/// template's rule.
fn duties(history: &History, t: &Template) -> Vec<Expr> {
    t.responsibilities
        .iter()
        .map(|r| {
            let mut status = duty_rule(r);
            let derived = dd_core::model::roster::derived_column(&r.id);
            for first in [derived.as_str(), r.id.as_str()] {
                let there = history.derived_columns().iter().any(|d| d == first)
                    || history.status_columns().iter().any(|w| w == first);
                if there {
                    status = when(col(first).is_not_null())
                        .then(col(first))
                        .otherwise(status);
                }
            }
            status.alias(duty_of(&r.id).as_str())
        })
        .collect()
}

/// Columns of a responsibility's rule: its measure, whether its denominator is 0 (with a
/// numerator), and whether its extra condition fails.
fn duty_parts(id: &str) -> [String; 3] {
    ["m", "z", "x"].map(|p| format!("{p}.{id}"))
}

/// What each responsibility's rule reads, as columns of their own.
fn duty_measures(t: &Template, c: &Columns) -> Vec<Expr> {
    let mut out = Vec::new();
    for r in &t.responsibilities {
        let [measure, zero, extra] = duty_parts(&r.id);
        let (value, is_zero) = match &r.measure {
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
        let broken = match &r.done_also {
            Some(cond) => cond.broken_expr(&|id| c.get(id)).fill_null(lit(false)),
            None => lit(false),
        };
        out.push(value.alias(measure));
        out.push(is_zero.alias(zero));
        out.push(broken.alias(extra));
    }
    out
}

/// The default rule of a responsibility, as a [`Status`] ordinal (null when not computable),
/// over the columns of [`duty_measures`].
fn duty_rule(r: &ResponsibilityDef) -> Expr {
    let code = |s: Status| lit(s.ordinal());
    let [measure, zero, extra] = duty_parts(&r.id);
    let measure = col(measure.as_str());
    let short = match r.partial_at {
        Some(_) => Status::Partial,
        None => Status::NotDone,
    };
    let mut chain = when(col(zero.as_str()))
        .then(code(
            r.when_zero_denominator.unwrap_or(Status::NotApplicable),
        ))
        .when(measure.clone().is_null())
        .then(lit(NULL).cast(DataType::Int32))
        .when(measure.clone().gt_eq(lit(r.done_at - 1e-9)))
        .then(
            when(col(extra.as_str()))
                .then(code(short))
                .otherwise(code(Status::Done)),
        );
    if let Some(p) = r.partial_at {
        chain = chain
            .when(measure.gt_eq(lit(p - 1e-9)))
            .then(code(Status::Partial));
    }
    chain.otherwise(code(Status::NotDone))
}

fn county_frame(history: &History, t: &Template, c: &Columns) -> PolarsResult<DataFrame> {
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
    let ids = history
        .indicators()
        .iter()
        .filter(|id| t.indicator(id).is_some())
        .chain(t.measures.iter().map(|m| &m.id));
    // One row per stored month, in order: the month before is the row before.
    let mut before = vec![col(MONTH).shift(lit(1)).alias(PREVIOUS)];
    before.extend(ids.map(|id| {
        col(county_of(id).as_str())
            .shift(lit(1))
            .alias(previous_of(id).as_str())
    }));
    history
        .wide()
        .clone()
        .lazy()
        .group_by([col(MONTH)])
        .agg(aggs)
        .sort([MONTH], SortMultipleOptions::default())
        .with_columns(before)
        .collect()
}
