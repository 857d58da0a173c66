//! Analysis of stored months: county totals and rates, township progress scores, ranks and
//! lights, the change against last month, the 五大责任 matrix and laggards. Results are
//! plain view models: no DataFrame reaches the UI or the exports.

pub mod duties;
pub mod measures;
mod trend;

use crate::model::{MonthTable, YearMonth};
use crate::template::{LightScheme, Template};

pub use duties::{DutyCell, DutyMatrix};
pub use trend::{Series, county_series, township_series};

/// 红黄绿灯
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Light {
    Green,
    Yellow,
    Red,
}

impl Light {
    pub fn label(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
        }
    }
}

/// A county total of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub value: Option<f64>,
    pub previous: Option<f64>,
}

/// A county-level rate or ratio (风险消除率, 户均帮扶措施…).
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    /// Target in percent for this month (序时进度 for 衔接资金).
    pub target: Option<f64>,
    pub schedule: bool,
}

impl Rate {
    /// Value minus target, in 个百分点.
    pub fn against_target(&self) -> Option<f64> {
        Some(self.value? - self.target?)
    }
}

/// One township's progress this month.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub township: String,
    pub score: Option<f64>,
    /// 1 is best; equal scores share a rank.
    pub rank: Option<usize>,
    pub light: Option<Light>,
    pub previous_score: Option<f64>,
    pub previous_rank: Option<usize>,
    /// Last this month and last month (连续两个月排名末位).
    pub last_twice: bool,
    /// Per measure of the template (same order as `MonthAnalysis::measures`): its value.
    pub values: Vec<Option<f64>>,
    /// Per measure: completion against its target in percent, capped at 100.
    pub completions: Vec<Option<f64>>,
}

impl Progress {
    /// Score change against last month, in 个百分点.
    pub fn score_change(&self) -> Option<f64> {
        Some(self.score? - self.previous_score?)
    }

    /// Places gained since last month (positive = moved up).
    pub fn rank_change(&self) -> Option<i64> {
        Some(self.previous_rank? as i64 - self.rank? as i64)
    }
}

/// A measure as shown in tables and charts.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureInfo {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub weight: f64,
    /// Target in percent for this month.
    pub target: Option<f64>,
}

/// Townships below target on one measure, worst first.
#[derive(Debug, Clone, PartialEq)]
pub struct Laggard {
    pub measure: String,
    pub name: String,
    pub target: f64,
    /// (township, value, completion %)
    pub townships: Vec<(String, f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthAnalysis {
    pub month: YearMonth,
    pub previous_month: Option<YearMonth>,
    pub county: String,
    pub county_short: String,
    /// 序时进度 in percent (month ÷ 12).
    pub schedule: f64,
    pub totals: Vec<Total>,
    pub rates: Vec<Rate>,
    pub measures: Vec<MeasureInfo>,
    /// Townships by rank (unranked last, in template order).
    pub progress: Vec<Progress>,
    pub duties: DutyMatrix,
    pub laggards: Vec<Laggard>,
}

impl MonthAnalysis {
    pub fn total(&self, id: &str) -> Option<f64> {
        self.totals.iter().find(|t| t.id == id)?.value
    }

    pub fn rate(&self, id: &str) -> Option<&Rate> {
        self.rates.iter().find(|r| r.id == id)
    }

    pub fn progress_of(&self, township: &str) -> Option<&Progress> {
        self.progress.iter().find(|p| p.township == township)
    }
}

/// Scores, ranks and measure values of one month, before comparing with another.
struct Scores {
    townships: Vec<String>,
    values: Vec<Vec<Option<f64>>>,
    completions: Vec<Vec<Option<f64>>>,
    scores: Vec<Option<f64>>,
    ranks: Vec<Option<usize>>,
}

fn scores(table: &MonthTable, month: YearMonth, t: &Template) -> Scores {
    let townships = table.townships();
    let per_measure: Vec<Vec<Option<f64>>> = t
        .measures
        .iter()
        .map(|m| measures::per_township(table, m))
        .collect();
    let mut values = vec![Vec::new(); townships.len()];
    let mut completions = vec![Vec::new(); townships.len()];
    let mut scores = Vec::with_capacity(townships.len());
    for row in 0..townships.len() {
        let (mut sum, mut weights) = (0.0, 0.0);
        for (k, m) in t.measures.iter().enumerate() {
            let v = per_measure[k].get(row).copied().flatten();
            let c = match (v, m.target) {
                (Some(v), Some(target)) => {
                    let goal = target.percent(month.month);
                    Some(if goal <= 0.0 {
                        100.0
                    } else {
                        (v / goal * 100.0).clamp(0.0, 100.0)
                    })
                }
                _ => None,
            };
            if let Some(c) = c
                && m.weight > 0.0
            {
                sum += c * m.weight;
                weights += m.weight;
            }
            values[row].push(v);
            completions[row].push(c);
        }
        scores.push((weights > 0.0).then(|| sum / weights));
    }
    let ranks = rank(&scores);
    Scores {
        townships,
        values,
        completions,
        scores,
        ranks,
    }
}

/// Competition ranking (1, 2, 2, 4) by score, higher first; scores equal to 0.01 tie.
fn rank(scores: &[Option<f64>]) -> Vec<Option<usize>> {
    let round = |s: f64| (s * 100.0).round() as i64;
    scores
        .iter()
        .map(|s| {
            let s = round((*s)?);
            Some(1 + scores.iter().flatten().filter(|o| round(**o) > s).count())
        })
        .collect()
}

/// Analyzes `month` against the stored months before it (`history`, any order).
pub fn analyze(
    t: &Template,
    month: YearMonth,
    table: &MonthTable,
    history: &[(YearMonth, &MonthTable)],
) -> MonthAnalysis {
    let mut earlier: Vec<&(YearMonth, &MonthTable)> =
        history.iter().filter(|(m, _)| *m < month).collect();
    earlier.sort_by_key(|(m, _)| std::cmp::Reverse(*m));
    let previous = earlier.first().copied();

    let now = scores(table, month, t);
    let prev = previous.map(|(m, tb)| scores(tb, *m, t));
    let last_now = last_ranked(&now);
    let last_prev = prev.as_ref().map(last_ranked).unwrap_or_default();
    let mut progress: Vec<Progress> = (0..now.townships.len())
        .map(|row| {
            let town = &now.townships[row];
            let (ps, pr) = prev
                .as_ref()
                .and_then(|p| {
                    p.townships
                        .iter()
                        .position(|x| x == town)
                        .map(|i| (p.scores[i], p.ranks[i]))
                })
                .unwrap_or((None, None));
            Progress {
                township: town.clone(),
                score: now.scores[row],
                rank: now.ranks[row],
                light: None,
                previous_score: ps,
                previous_rank: pr,
                last_twice: last_now.contains(town) && last_prev.contains(town),
                values: now.values[row].clone(),
                completions: now.completions[row].clone(),
            }
        })
        .collect();
    assign_lights(&mut progress, t);
    progress.sort_by_key(|p| p.rank.unwrap_or(usize::MAX));

    let measure_infos: Vec<MeasureInfo> = t
        .measures
        .iter()
        .map(|m| MeasureInfo {
            id: m.id.clone(),
            name: m.name.clone(),
            unit: m.unit.clone(),
            weight: m.weight,
            target: m.target.map(|g| g.percent(month.month)),
        })
        .collect();

    let prev_table = previous.map(|(_, tb)| *tb);
    let totals = t
        .indicators
        .iter()
        .filter(|i| table.has_column(&i.id))
        .map(|i| Total {
            id: i.id.clone(),
            name: i.name.clone(),
            unit: i.unit.clone(),
            value: measures::total(table, t, &i.id),
            previous: prev_table.and_then(|p| measures::total(p, t, &i.id)),
        })
        .collect();
    let rates = t
        .measures
        .iter()
        .map(|m| Rate {
            id: m.id.clone(),
            name: m.name.clone(),
            unit: m.unit.clone(),
            value: measures::county(table, m),
            previous: prev_table.and_then(|p| measures::county(p, m)),
            target: m.target.map(|g| g.percent(month.month)),
            schedule: m.target == Some(crate::template::Target::Schedule),
        })
        .collect();

    let laggards = t
        .measures
        .iter()
        .enumerate()
        .filter(|(_, m)| m.weight > 0.0 && m.target.is_some())
        .filter_map(|(k, m)| {
            let mut towns: Vec<(String, f64, f64)> = progress
                .iter()
                .filter_map(|p| {
                    let c = p.completions[k]?;
                    (c < 100.0 - 1e-9).then(|| (p.township.clone(), p.values[k].unwrap_or(0.0), c))
                })
                .collect();
            towns.sort_by(|a, b| a.2.total_cmp(&b.2));
            (!towns.is_empty()).then(|| Laggard {
                measure: m.id.clone(),
                name: m.name.clone(),
                target: m.target.map_or(100.0, |g| g.percent(month.month)),
                townships: towns,
            })
        })
        .collect();

    MonthAnalysis {
        month,
        previous_month: previous.map(|(m, _)| *m),
        county: t.county.clone(),
        county_short: t.county_short.clone(),
        schedule: f64::from(month.month) / 12.0 * 100.0,
        totals,
        rates,
        measures: measure_infos,
        progress,
        duties: duties::matrix(table, t),
        laggards,
    }
}

/// The townships holding the last rank.
fn last_ranked(s: &Scores) -> Vec<String> {
    let Some(worst) = s.ranks.iter().flatten().max() else {
        return Vec::new();
    };
    s.townships
        .iter()
        .zip(&s.ranks)
        .filter(|(_, r)| *r == &Some(*worst))
        .map(|(t, _)| t.clone())
        .collect()
}

fn assign_lights(progress: &mut [Progress], t: &Template) {
    let l = &t.lights;
    let ranked = progress.iter().filter(|p| p.rank.is_some()).count();
    for p in progress.iter_mut() {
        let (Some(score), Some(rank)) = (p.score, p.rank) else {
            continue;
        };
        p.light = Some(match l.scheme {
            LightScheme::Threshold => {
                if score >= l.green_at - 1e-9 {
                    Light::Green
                } else if score >= l.yellow_at - 1e-9 {
                    Light::Yellow
                } else {
                    Light::Red
                }
            }
            LightScheme::Rank => {
                if rank <= l.green_top {
                    Light::Green
                } else if rank + l.red_bottom > ranked {
                    Light::Red
                } else {
                    Light::Yellow
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_places() {
        let r = rank(&[Some(90.0), Some(95.0), Some(90.0), None, Some(80.0)]);
        assert_eq!(r, vec![Some(2), Some(1), Some(2), None, Some(4)]);
    }
}
