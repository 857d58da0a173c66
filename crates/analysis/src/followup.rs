//! 督办: problems followed from one month to the next. Every problem a month's analysis finds
//! (a township's measure below target, a 未落实 or 部分落实 duty, a balance-rule failure, not
//! reporting) is raised as an item; the brief names a few of them (通报问题: the worst of each
//! kind by default, then as the clerk ticks them, with problems the clerk adds by hand), and
//! only those are followed: each is judged against a later month's data — 已整改, 有改善 (with
//! both figures) or 未整改 — unless it was closed by hand with a note (the only way a
//! hand-added one closes). Items are kept in the workspace and raised again whenever a month
//! changes, so replacing or undoing a month re-judges them and never loses one.

use polars::prelude::PolarsResult;

use crate::{Analysis, MonthAnalysis};
use dd_core::model::{Choice, MANUAL, Raised, Status, StoredFollowup, YearMonth};
use dd_core::template::Template;
use dd_core::text::plain_number;

pub const MEASURE: &str = "measure";
pub const DUTY: &str = "duty";
pub const BALANCE: &str = "balance";
pub const LATE: &str = "late";

/// Where an item stands.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// No later month to judge it by yet (待核查).
    Pending,
    /// 已整改: the later month meets the target, the duty is done.
    Fixed,
    /// 有改善: better than when raised, not there yet.
    Better { from: String, to: String },
    /// 未整改.
    Open,
    /// Closed by hand (销号) with a note.
    Closed { at: String, note: String },
    /// The month's data no longer shows it (the month was replaced or undone).
    Withdrawn,
}

impl State {
    pub fn label(&self) -> &'static str {
        match self {
            State::Pending => "待核查",
            State::Fixed => "已整改",
            State::Better { .. } => "有改善",
            State::Open => "未整改",
            State::Closed { .. } => "已销号",
            State::Withdrawn => "数据已更正",
        }
    }
}

/// One item of the ledger as of a month.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: i64,
    pub raised: Raised,
    pub state: State,
    /// The figure in the month it was judged by, in words (where there is one).
    pub now: Option<String>,
    /// Named in its month's brief, with the clerk's words, 整改时限 and 责任单位.
    pub choice: Choice,
}

impl Item {
    /// The problem's words as the ledger shows them (the clerk's, else the raised ones).
    pub fn what(&self) -> &str {
        self.choice.wording.as_deref().unwrap_or(&self.raised.what)
    }
}

/// What a problem kind is called in lists (通报问题, 督办).
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        MEASURE => "指标未达标",
        DUTY => "责任未落实",
        BALANCE => "数据不平衡",
        LATE => "未按时报送",
        MANUAL => "手工添加",
        _ => "其他",
    }
}

/// The problems a month raises.
pub fn raise(a: &MonthAnalysis, failing: &[(String, usize)], t: &Template) -> Vec<Raised> {
    let mut out = Vec::new();
    let item = |town: &str, kind: &str, key: &str, what: String, figure, target| Raised {
        month: a.month,
        township: town.to_string(),
        kind: kind.to_string(),
        key: key.to_string(),
        what,
        figure,
        target,
        named: false,
    };
    for lag in &a.laggards {
        let unit = a.rate(&lag.measure).map(|r| r.unit.clone());
        for (town, v, _) in &lag.townships {
            let shown = unit
                .as_ref()
                .map_or_else(|| plain_number(*v), |u| figure(*v, u));
            out.push(item(
                town,
                MEASURE,
                &lag.measure,
                format!(
                    "{}{shown}（目标{}）",
                    lag.name,
                    figure(lag.target, &dd_core::template::Unit::Percent)
                ),
                Some(*v),
                Some(lag.target),
            ));
        }
    }
    let d = &a.duties;
    for (town, cells) in d.townships.iter().zip(&d.cells) {
        for ((id, name), cell) in d.duties.iter().zip(cells) {
            if let Some(s @ (Status::NotDone | Status::Partial)) = cell.status {
                out.push(item(
                    town,
                    DUTY,
                    id,
                    format!("{name}{}", s.label()),
                    Some(f64::from(s.ordinal())),
                    None,
                ));
            }
        }
    }
    for (town, rule) in failing {
        if let Some(r) = t.rules.get(*rule) {
            let what = r
                .name
                .clone()
                .unwrap_or_else(|| format!("数据不平衡（{}）", r.expr.source));
            out.push(item(town, BALANCE, &r.expr.source, what, None, None));
        }
    }
    for town in &a.missing {
        out.push(item(town, LATE, "", "未按时报送".into(), None, None));
    }
    name_the_worst(&mut out, t);
    out
}

/// Ticks the problems a brief names unless the clerk chooses: of each measure and of each
/// other kind the first `max_items` (raised worst first), of the duties only 未落实 ones;
/// none where the template names nobody (`[ranking] named`, a group's 不通报).
fn name_the_worst(raised: &mut [Raised], t: &Template) {
    let max = t.brief.problems.max_items.max(1);
    let mut taken: std::collections::HashMap<(String, String), usize> = Default::default();
    for r in raised {
        if !t.ranking.named || (r.kind == MEASURE && !t.names(&r.key)) {
            continue;
        }
        let group = match r.kind.as_str() {
            MEASURE => (r.kind.clone(), r.key.clone()),
            _ => (r.kind.clone(), String::new()),
        };
        let worth = r.kind != DUTY || r.figure == Some(f64::from(Status::NotDone.ordinal()));
        let n = taken.entry(group).or_default();
        if worth && *n < max {
            r.named = true;
            *n += 1;
        }
    }
}

/// How an item stands by `later`'s data (a month after the one that raised it).
pub fn judge(
    r: &Raised,
    later: &MonthAnalysis,
    failing: &[(String, usize)],
    t: &Template,
) -> (State, Option<String>) {
    let reported = !later.missing.contains(&r.township);
    match r.kind.as_str() {
        // The clerk's own problem: no figure tells when it is done.
        MANUAL => (State::Open, Some("待手工销号".into())),
        MEASURE => {
            let Some(k) = later.measures.iter().position(|m| m.id == r.key) else {
                return (State::Open, None);
            };
            let Some(p) = later.progress_of(&r.township) else {
                return (State::Open, Some("未报送".into()));
            };
            let (Some(v), completion) = (p.values[k], p.completions[k]) else {
                return (State::Open, Some("未填报".into()));
            };
            let unit = &later.measures[k].unit;
            let now = figure(v, unit);
            if completion.is_some_and(|c| c >= 100.0 - 1e-9) {
                (State::Fixed, Some(now))
            } else if r.figure.is_some_and(|f| v > f + 1e-9) {
                let from = r.figure.map(|f| figure(f, unit)).unwrap_or_default();
                (
                    State::Better {
                        from,
                        to: now.clone(),
                    },
                    Some(now),
                )
            } else {
                (State::Open, Some(now))
            }
        }
        DUTY => {
            let d = &later.duties;
            let status = d
                .townships
                .iter()
                .position(|x| *x == r.township)
                .zip(d.duties.iter().position(|(id, _)| *id == r.key))
                .and_then(|(row, col)| d.cells[row][col].status);
            let was = r.figure.and_then(|f| Status::from_ordinal(f as i32));
            match status {
                Some(Status::Done | Status::NotApplicable) => {
                    (State::Fixed, status.map(|s| s.label().to_string()))
                }
                Some(Status::Partial) if was == Some(Status::NotDone) => (
                    State::Better {
                        from: Status::NotDone.label().into(),
                        to: Status::Partial.label().into(),
                    },
                    Some(Status::Partial.label().into()),
                ),
                Some(s) => (State::Open, Some(s.label().into())),
                None => (State::Open, Some("未报送".into())),
            }
        }
        BALANCE => {
            let still = failing.iter().any(|(town, i)| {
                *town == r.township && t.rules.get(*i).is_some_and(|x| x.expr.source == r.key)
            });
            match (reported, still) {
                (false, _) => (State::Open, Some("未报送".into())),
                (true, true) => (State::Open, None),
                (true, false) => (State::Fixed, None),
            }
        }
        LATE => {
            if reported {
                (State::Fixed, Some("已报送".into()))
            } else {
                (State::Open, Some("未报送".into()))
            }
        }
        _ => (State::Open, None),
    }
}

fn figure(v: f64, unit: &dd_core::template::Unit) -> String {
    let d = unit.decimals();
    let text = format!("{v:.d$}");
    let text = if d > 0 {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if unit.is_percent() {
        format!("{text}%")
    } else {
        format!("{text}{unit}")
    }
}

/// A month's analysis with the balance rules that fail on it.
struct Facts {
    analysis: MonthAnalysis,
    failing: Vec<(String, usize)>,
}

fn facts(analysis: &Analysis, month: YearMonth) -> PolarsResult<Option<Facts>> {
    let Some(a) = analysis.month(month)? else {
        return Ok(None);
    };
    Ok(Some(Facts {
        analysis: a,
        failing: analysis.failing_rules(month),
    }))
}

/// The problems every month of `analysis` raises, oldest month first: what the ledger
/// holds when it follows the data.
pub fn raise_all(analysis: &Analysis, t: &Template) -> PolarsResult<Vec<Raised>> {
    let mut raised = Vec::new();
    for &m in analysis.months() {
        if let Some(f) = facts(analysis, m)? {
            raised.extend(raise(&f.analysis, &f.failing, t));
        }
    }
    Ok(raised)
}

/// The ledger as of `month`: every problem an earlier month's brief named, judged by
/// `month`'s data (hand closings and withdrawals as stored). A problem named again in a later
/// brief is one item, the latest naming: the clerk follows it, not each month that named it.
pub fn ledger(
    stored: &[StoredFollowup],
    analysis: &Analysis,
    month: YearMonth,
    t: &Template,
) -> PolarsResult<Vec<Item>> {
    let now = facts(analysis, month)?;
    let key = |r: &Raised| (r.township.clone(), r.kind.clone(), r.key.clone());
    let mut latest: std::collections::HashMap<_, YearMonth> = std::collections::HashMap::new();
    let stored = stored.iter().filter(|s| s.choice.named);
    for s in stored
        .clone()
        .filter(|s| s.raised.month < month && !s.withdrawn)
    {
        let m = latest.entry(key(&s.raised)).or_insert(s.raised.month);
        *m = (*m).max(s.raised.month);
    }
    Ok(stored
        .filter(|s| s.raised.month < month)
        .filter(|s| {
            latest
                .get(&key(&s.raised))
                .is_none_or(|m| *m == s.raised.month)
        })
        .map(|s| {
            let (state, figure) = if s.withdrawn {
                (State::Withdrawn, None)
            } else if let Some((at, note)) = &s.closed {
                (
                    State::Closed {
                        at: at.clone(),
                        note: note.clone(),
                    },
                    None,
                )
            } else {
                match &now {
                    Some(f) => judge(&s.raised, &f.analysis, &f.failing, t),
                    None => (State::Pending, None),
                }
            };
            Item {
                id: s.id,
                raised: s.raised.clone(),
                state,
                now: figure,
                choice: s.choice.clone(),
            }
        })
        .collect())
}

/// Counts of last month's items by state, for the brief: (total, 已整改, 有改善, 未整改,
/// 已销号) and the 未整改 ones.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    pub previous: Option<YearMonth>,
    pub total: usize,
    pub fixed: usize,
    pub better: usize,
    pub open: usize,
    pub closed: usize,
    /// 未整改: "毛田镇风险消除率56.6%（目标60%）".
    pub still_open: Vec<String>,
}

/// How the items last month raised stand by `month`'s data.
pub fn review(items: &[Item], previous: Option<YearMonth>) -> Review {
    let mut r = Review {
        previous,
        ..Review::default()
    };
    for i in items
        .iter()
        .filter(|i| Some(i.raised.month) == previous && i.state != State::Withdrawn)
    {
        r.total += 1;
        match &i.state {
            State::Fixed => r.fixed += 1,
            State::Better { .. } => r.better += 1,
            State::Closed { .. } => r.closed += 1,
            State::Open | State::Pending | State::Withdrawn => {
                r.open += 1;
                r.still_open
                    .push(format!("{}{}", i.raised.township, i.what()));
            }
        }
    }
    r
}
