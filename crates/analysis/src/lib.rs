//! Analysis of stored months: county totals and rates, township progress scores, ranks and
//! lights, the change against last month, the 五大责任 matrix and laggards. The work is done
//! once per change of the history, as polars expressions ([`frame`]); what leaves here are
//! plain view models: no DataFrame reaches the UI or the exports.

pub mod duties;
pub mod followup;
pub mod frame;
pub mod key_villages;
mod rows;
mod trend;

use std::collections::BTreeMap;

use polars::prelude::{PolarsError, PolarsResult};

pub use dd_core::model::Light;
use dd_core::model::history;
use dd_core::model::{History, MonthTable, YearMonth};
use dd_core::template::{Target, Template, Unit};
pub use duties::{DutyCell, DutyMatrix};
use frame::Frames;
pub use key_villages::{KeyVillageRow, KeyVillages};
use rows::Rows;
pub use trend::Series;

/// A county total of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub id: String,
    pub name: String,
    pub unit: Unit,
    pub value: Option<f64>,
    pub previous: Option<f64>,
}

/// A county-level rate or ratio (风险消除率, 户均帮扶措施…).
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub id: String,
    pub name: String,
    pub unit: Unit,
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
    pub unit: Unit,
    pub weight: f64,
    /// In the score: weighted, and its `[[ranking.groups]]` ranked.
    pub scored: bool,
    /// Its townships below target are named in the brief (点名).
    pub named: bool,
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
    /// Townships by rank (unranked last, in template order); in template order when the
    /// template does not rank.
    pub progress: Vec<Progress>,
    /// The template ranks townships (排名 columns and sentences) and lights them (红黄绿灯).
    pub ranked: bool,
    pub lit: bool,
    pub duties: DutyMatrix,
    pub laggards: Vec<Laggard>,
    /// How many townships the template lists, and those of them with no figures this month
    /// (未报: no rank, no light; county totals cover the others only).
    pub expected: usize,
    pub missing: Vec<String>,
}

impl MonthAnalysis {
    /// Whether every township of the template reported.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// How many townships reported.
    pub fn reported(&self) -> usize {
        self.expected.saturating_sub(self.missing.len())
    }

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

/// The analysed history: computed once per change, read as view models month by month.
#[derive(Debug, Clone)]
pub struct Analysis {
    template: Template,
    history: History,
    frames: Frames,
}

impl Analysis {
    pub fn new(history: History, t: &Template) -> PolarsResult<Analysis> {
        let frames = frame::analyse(&history, t)?;
        Ok(Analysis {
            template: t.clone(),
            history,
            frames,
        })
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn months(&self) -> &[YearMonth] {
        self.history.months()
    }

    /// A stored month's table.
    pub fn table(&self, month: YearMonth) -> PolarsResult<MonthTable> {
        self.history.month_table(month)
    }

    /// The view model of one stored month; None if the history does not hold it.
    pub fn month(&self, month: YearMonth) -> PolarsResult<Option<MonthAnalysis>> {
        if !self.history.months().contains(&month) {
            return Ok(None);
        }
        let t = &self.template;
        let towns = Rows::of_month(&self.frames.townships, month)?;
        let county = Rows::of_month(&self.frames.county, month)?;
        let previous_month = county
            .i32s(frame::PREVIOUS)
            .get(0)
            .and_then(history::decode);

        let measures: Vec<MeasureInfo> = t
            .measures
            .iter()
            .map(|m| MeasureInfo {
                id: m.id.clone(),
                name: m.name.clone(),
                unit: m.unit.clone(),
                weight: m.weight,
                scored: t.score_weight(m) > 0.0,
                named: t.names(&m.id),
                target: m.target.map(|g| g.percent(month.month)),
            })
            .collect();

        let town = towns.strs(dd_core::model::TOWNSHIP_COLUMN);
        let (score, rank, light) = (
            towns.f64s(frame::SCORE),
            towns.i32s(frame::RANK),
            towns.i32s(frame::LIGHT),
        );
        let (previous_score, previous_rank, last_twice) = (
            towns.f64s(frame::PREV_SCORE),
            towns.i32s(frame::PREV_RANK),
            towns.bools(frame::LAST_TWICE),
        );
        let values: Vec<_> = t
            .measures
            .iter()
            .map(|m| towns.f64s(&frame::value_of(&m.id)))
            .collect();
        let completions: Vec<_> = t
            .measures
            .iter()
            .map(|m| towns.f64s(&frame::completion_of(&m.id)))
            .collect();
        let mut progress: Vec<Progress> = (0..towns.height())
            .map(|row| Progress {
                township: town.get(row).unwrap_or_default().to_string(),
                score: score.get(row),
                rank: rank.get(row).map(|r| r as usize),
                light: light.get(row).and_then(Light::from_ordinal),
                previous_score: previous_score.get(row),
                previous_rank: previous_rank.get(row).map(|r| r as usize),
                last_twice: last_twice.get(row).unwrap_or(false),
                values: values.iter().map(|c| c.get(row)).collect(),
                completions: completions.iter().map(|c| c.get(row)).collect(),
            })
            .collect();
        // Ranked first (a stable sort keeps template order among equals and the unranked).
        progress.sort_by_key(|p| p.rank.unwrap_or(usize::MAX));

        let totals = self
            .history
            .indicators()
            .iter()
            .filter_map(|id| t.indicator(id))
            .map(|i| Total {
                id: i.id.clone(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                value: county.f64(&frame::county_of(&i.id), 0),
                previous: county.f64(&frame::previous_of(&i.id), 0),
            })
            .collect();
        let rates = t
            .measures
            .iter()
            .map(|m| Rate {
                id: m.id.clone(),
                name: m.name.clone(),
                unit: m.unit.clone(),
                value: county.f64(&frame::county_of(&m.id), 0),
                previous: county.f64(&frame::previous_of(&m.id), 0),
                target: m.target.map(|g| g.percent(month.month)),
                schedule: m.target == Some(Target::Schedule),
            })
            .collect();
        let laggards = laggards(&measures, &progress);
        let missing = t
            .townships
            .iter()
            .filter(|x| !progress.iter().any(|p| p.township == x.name))
            .map(|x| x.name.clone())
            .collect();
        Ok(Some(MonthAnalysis {
            month,
            previous_month,
            county: t.county.clone(),
            county_short: t.county_short.clone(),
            schedule: f64::from(month.month) / 12.0 * 100.0,
            totals,
            rates,
            measures,
            progress,
            ranked: t.ranks(),
            lit: t.lit(),
            duties: duties::matrix(&towns, t),
            laggards,
            expected: t.townships.len(),
            missing,
        }))
    }

    /// The county value of an indicator (total) or measure (rate), month by month.
    pub fn county_series(&self, id: &str) -> Series {
        trend::county(&self.template, &self.frames.county, id)
    }

    /// One township's value of an indicator or measure, month by month.
    pub fn township_series(&self, id: &str, township: &str) -> Series {
        trend::township(&self.template, &self.frames.townships, id, township)
    }

    /// The townships and balance rules (by index) that fail in `month`.
    pub fn failing_rules(&self, month: YearMonth) -> Vec<(String, usize)> {
        self.frames
            .failures
            .iter()
            .filter(|(m, _, _)| *m == month)
            .map(|(_, town, i)| (town.clone(), *i))
            .collect()
    }

    /// Each township's progress score month by month.
    pub fn scores(&self) -> BTreeMap<String, Vec<(YearMonth, f64)>> {
        trend::scores(&self.frames.townships)
    }
}

/// Townships below target on each weighted measure, worst first.
fn laggards(measures: &[MeasureInfo], progress: &[Progress]) -> Vec<Laggard> {
    measures
        .iter()
        .enumerate()
        .filter(|(_, m)| m.weight > 0.0 && m.target.is_some())
        .filter_map(|(k, m)| {
            let mut towns: Vec<(String, f64, f64)> = progress
                .iter()
                .filter_map(|p| {
                    let c = p.completions.get(k).copied().flatten()?;
                    (c < 100.0 - 1e-9).then(|| (p.township.clone(), p.values[k].unwrap_or(0.0), c))
                })
                .collect();
            towns.sort_by(|a, b| a.2.total_cmp(&b.2));
            (!towns.is_empty()).then(|| Laggard {
                measure: m.id.clone(),
                name: m.name.clone(),
                target: m.target.unwrap_or(100.0),
                townships: towns,
            })
        })
        .collect()
}

/// Analyzes `month` against the months before it (`history`, any order; later months are
/// ignored): the months as a [`History`], analysed, and this month's view model.
pub fn analyze(
    t: &Template,
    month: YearMonth,
    table: &MonthTable,
    history: &[(YearMonth, &MonthTable)],
) -> PolarsResult<MonthAnalysis> {
    let mut tables: Vec<(YearMonth, &MonthTable)> = history
        .iter()
        .filter(|(m, _)| *m < month)
        .copied()
        .collect();
    tables.push((month, table));
    let analysis = Analysis::new(History::from_tables(&tables, t)?, t)?;
    analysis
        .month(month)?
        .ok_or_else(|| PolarsError::NoData(format!("{}没有数据", month.chinese()).into()))
}
