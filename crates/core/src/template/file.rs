//! The template file's shape, as TOML writes it: townships, indicators, the five
//! responsibilities, rules, measures, lights and the meeting. Checked and compiled by
//! [`super::Template`].

use serde::{Deserialize, Serialize};

use super::expr::Condition;
use super::{RosterDef, TemplateError, Unit};
use crate::model::Status;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TownshipDef {
    pub name: String,
    /// 街道 / 镇 / 乡
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    pub id: String,
    pub name: String,
    pub unit: Unit,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether township figures add up to the county's (and villages' to their township's);
    /// by default counts and money do, rates do not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additive: Option<bool>,
}

impl IndicatorDef {
    pub fn is_percent(&self) -> bool {
        self.unit.is_percent()
    }

    pub fn is_money(&self) -> bool {
        self.unit.is_money()
    }

    /// Counts (户, 人, 个…) are whole numbers; money and rates are not.
    pub fn is_count(&self) -> bool {
        self.unit.is_count()
    }

    pub fn is_additive(&self) -> bool {
        self.additive.unwrap_or_else(|| self.unit.is_additive())
    }

    /// 监测对象户数（户）
    pub fn label(&self) -> String {
        format!("{}（{}）", self.name, self.unit)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// An indicator id, or `numerator / denominator` (compared as a percentage).
    pub measure: DutyMeasure,
    pub done_at: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_at: Option<f64>,
    /// Status when the denominator is zero: `n_a`, `done` or `not_done`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_zero_denominator: Option<Status>,
    /// An extra condition for 已落实, in the rule syntax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_also: Option<Condition>,
}

/// What a responsibility's rule compares with its thresholds.
#[derive(Debug, Clone, PartialEq)]
pub enum DutyMeasure {
    /// An indicator's value.
    Value(String),
    /// numerator ÷ denominator, in percent.
    Ratio {
        numerator: String,
        denominator: String,
    },
}

impl DutyMeasure {
    pub fn ids(&self) -> Vec<&str> {
        match self {
            DutyMeasure::Value(id) => vec![id],
            DutyMeasure::Ratio {
                numerator,
                denominator,
            } => vec![numerator, denominator],
        }
    }

    fn parse(s: &str) -> Result<DutyMeasure, String> {
        let parts: Vec<&str> = s.split('/').map(str::trim).collect();
        let id_ok =
            |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        match parts.as_slice() {
            [id] if id_ok(id) => Ok(DutyMeasure::Value(id.to_string())),
            [n, d] if id_ok(n) && id_ok(d) => Ok(DutyMeasure::Ratio {
                numerator: n.to_string(),
                denominator: d.to_string(),
            }),
            _ => Err(format!(
                "measure“{s}”应为一个指标 id，或“分子 / 分母”两个指标 id"
            )),
        }
    }
}

impl Serialize for DutyMeasure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DutyMeasure::Value(id) => s.serialize_str(id),
            DutyMeasure::Ratio {
                numerator,
                denominator,
            } => s.serialize_str(&format!("{numerator} / {denominator}")),
        }
    }
}

impl<'de> Deserialize<'de> for DutyMeasure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DutyMeasure, D::Error> {
        let s = String::deserialize(d)?;
        DutyMeasure::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub expr: Condition,
    /// Optional wording for the warning; the rule itself is shown otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A rate or ratio used for progress scores, county figures and laggards.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDef {
    pub id: String,
    pub name: String,
    pub numerator: String,
    /// Without a denominator the numerator is itself a rate (帮扶干部走访率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    /// Multiplies the denominator: 0.15 万元 per 重点帮扶户.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator_factor: Option<f64>,
    /// "%" (the default) or a unit such as 条 for a plain ratio (户均帮扶措施).
    #[serde(
        default = "percent_unit",
        deserialize_with = "super::unit::measure_unit"
    )]
    pub unit: Unit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Weight in the progress score; 0 keeps it out of the score.
    #[serde(default)]
    pub weight: f64,
}

fn percent_unit() -> Unit {
    Unit::Percent
}

impl MeasureDef {
    pub fn is_percent(&self) -> bool {
        self.unit.is_percent()
    }
}

/// What a measure should reach: a fixed percentage or the 序时进度 (month ÷ 12).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Target {
    Percent(f64),
    #[serde(with = "schedule_word")]
    Schedule,
}

mod schedule_word {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};
    pub fn serialize<S: Serializer>(s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("schedule")
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        let s = String::deserialize(d)?;
        if s == "schedule" {
            Ok(())
        } else {
            Err(D::Error::custom(format!(
                "target 应为数字或 \"schedule\"，实际为“{s}”"
            )))
        }
    }
}

impl Target {
    /// The target in percent for a month (1–12).
    pub fn percent(self, month: u32) -> f64 {
        match self {
            Target::Percent(p) => p,
            Target::Schedule => f64::from(month) / 12.0 * 100.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LightScheme {
    #[default]
    Threshold,
    Rank,
}

/// 亮灯 rules: by score thresholds or by rank.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LightsDef {
    pub scheme: LightScheme,
    pub green_at: f64,
    pub yellow_at: f64,
    pub green_top: usize,
    pub red_bottom: usize,
}

impl Default for LightsDef {
    fn default() -> Self {
        LightsDef {
            scheme: LightScheme::Threshold,
            green_at: 90.0,
            yellow_at: 70.0,
            green_top: 5,
            red_bottom: 5,
        }
    }
}

/// 排名与点名 (`[ranking]`): whether townships are ranked, lit and named. Rules since 2024
/// call 滥用排名 形式主义, and some checks are 不排名、不通报: each can be switched off, for
/// the template or for a group of measures.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RankingDef {
    /// Townships ranked by score: the 排名 column, 排名前三/后三, 进步/退步 and 连续两月末位.
    pub rank: bool,
    /// 红黄绿灯.
    pub lights: bool,
    /// The worst townships of each problem ticked for 存在问题 by default (off: none ticked
    /// in 通报问题, the clerk ticks what the brief names).
    pub named: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<RankingGroupDef>,
}

impl Default for RankingDef {
    fn default() -> Self {
        RankingDef {
            rank: true,
            lights: true,
            named: true,
            groups: Vec::new(),
        }
    }
}

/// A group of measures with its own rule (`[[ranking.groups]]`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RankingGroupDef {
    /// What the group is called in messages.
    pub name: String,
    /// Measure ids.
    pub measures: Vec<String>,
    /// In the score (and so in the rank); off: shown, not scored.
    #[serde(default = "yes")]
    pub rank: bool,
    /// Its townships below target ticked for 存在问题 by default (off: 不通报 unless the
    /// clerk ticks one).
    #[serde(default = "yes")]
    pub named: bool,
}

fn yes() -> bool {
    true
}

fn is_default_ranking(r: &RankingDef) -> bool {
    *r == RankingDef::default()
}

/// The template as its TOML file holds it: what the county edits and shares.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateFile {
    pub county: String,
    /// 县 / 市 / 区 / 旗: how the wording names the county and its leadership group
    /// (全县, 县领导小组); by default the last character of the county's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// 全市 / 全县: by default 全 and the level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub county_short: Option<String>,
    /// The day of the month by which townships report (逾期 after it).
    #[serde(default = "default_deadline")]
    pub deadline_day: u32,
    #[serde(default)]
    pub township_headers: Vec<String>,
    #[serde(default)]
    pub total_labels: Vec<String>,
    pub townships: Vec<TownshipDef>,
    pub indicators: Vec<IndicatorDef>,
    #[serde(default)]
    pub responsibilities: Vec<ResponsibilityDef>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    #[serde(default)]
    pub measures: Vec<MeasureDef>,
    #[serde(default)]
    pub lights: LightsDef,
    #[serde(default, skip_serializing_if = "is_default_ranking")]
    pub ranking: RankingDef,
    #[serde(default)]
    pub meeting: MeetingDef,
    #[serde(default)]
    pub brief: super::brief::BriefWords,
    /// The 重点村 roster sheet's headers and the responsibility it decides.
    #[serde(default)]
    pub roster: RosterDef,
    /// 总览's headline cards and the default trends.
    #[serde(default, skip_serializing_if = "is_default_overview")]
    pub overview: super::OverviewDef,
}

fn is_default_overview(o: &super::OverviewDef) -> bool {
    *o == super::OverviewDef::default()
}

/// The monthly meeting (月调度会): how many of the last-ranked townships get a 点评 slide
/// (every red light gets one too).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MeetingDef {
    pub review_last: usize,
}

impl Default for MeetingDef {
    fn default() -> Self {
        MeetingDef { review_last: 3 }
    }
}

fn default_deadline() -> u32 {
    25
}

/// The levels a county-level unit has.
pub const LEVELS: &[&str] = &["县", "市", "区", "旗"];

impl TemplateFile {
    pub fn to_toml(&self) -> Result<String, TemplateError> {
        toml::to_string_pretty(self).map_err(|e| TemplateError::Invalid {
            place: String::new(),
            message: format!("无法写出模板：{e}"),
        })
    }
}
