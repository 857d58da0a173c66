//! The county template: townships, indicators, the five responsibilities and the balance
//! rules, read from TOML (`assets/templates/*.toml`) so another county needs no code change.

pub mod brief;
pub mod expr;
mod file;
mod header;
mod lookup;
mod overview;
mod roster;
mod unit;

use std::collections::HashSet;
use std::path::Path;

use crate::model::YearMonth;

use expr::Condition;
pub use file::*;
pub use header::{Closeness, HeaderPath, PathMatch, alias_path, header_path, is_total_word};
use lookup::Lookups;
pub use lookup::{HeaderTarget, is_unit};
pub use overview::{CardDef, OverviewDef, derived_cards};
pub use roster::{RosterColumn, RosterDef, RosterHeaders};
pub use unit::{Money, Unit};

/// The sample template bundled with the app: the county of the sample months.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../../assets/templates/sample.toml");

/// A validated template with its look-up tables built.
#[derive(Debug, Clone)]
pub struct Template {
    pub county: String,
    /// 县 / 市 / 区
    pub level: String,
    /// 全市 / 全县
    pub county_short: String,
    /// The day of the month by which townships report.
    pub deadline_day: u32,
    pub townships: Vec<TownshipDef>,
    pub indicators: Vec<IndicatorDef>,
    pub responsibilities: Vec<ResponsibilityDef>,
    /// Balance rules (审核公式), compiled.
    pub rules: Vec<RuleDef>,
    pub measures: Vec<MeasureDef>,
    pub lights: LightsDef,
    /// Whether townships are ranked, lit and named (`[ranking]`).
    pub ranking: RankingDef,
    pub meeting: MeetingDef,
    /// The brief's fixed wording (`[brief]`).
    pub brief: brief::BriefWords,
    pub roster: RosterDef,
    /// 总览's cards and the default trends: the template's `[overview]`, or made from its
    /// indicators.
    pub overview: OverviewDef,
    lookups: Lookups,
    /// The file as read, for saving and sharing.
    file: TemplateFile,
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("无法读取模板文件 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("模板{place}有误：{message}")]
    Invalid { place: String, message: String },
}

impl Template {
    pub fn bundled() -> Template {
        // The bundled template is checked by a unit test, so this cannot fail in a release.
        Template::parse(DEFAULT_TEMPLATE, "sample.toml")
            .unwrap_or_else(|e| panic!("内置模板无效：{e}"))
    }

    pub fn load(path: &Path) -> Result<Template, TemplateError> {
        let text = std::fs::read_to_string(path).map_err(|source| TemplateError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Template::parse(&text, &path.display().to_string())
    }

    /// The county a template text is for, read without checking the rest (for lists).
    pub fn county_of(text: &str) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Head {
            county: String,
        }
        toml::from_str::<Head>(text).ok().map(|h| h.county)
    }

    pub fn parse(text: &str, name: &str) -> Result<Template, TemplateError> {
        let file: TemplateFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            let place = match line {
                Some(n) => format!(" {name} 第{n}行（{}）", line_text(text, n)),
                None => format!(" {name} "),
            };
            TemplateError::Invalid {
                place,
                message: e.message().to_string(),
            }
        })?;
        let invalid = |needle: &str, message: String| {
            let place = match find_line(text, needle) {
                Some(n) => format!(" {name} 第{n}行（{}）", line_text(text, n)),
                None => format!(" {name} "),
            };
            TemplateError::Invalid { place, message }
        };
        validate(&file).map_err(|(needle, message)| invalid(&needle, message))?;

        let ids: HashSet<&str> = file.indicators.iter().map(|i| i.id.as_str()).collect();
        let unknown_id = |cond: &Condition, what: &str| {
            cond.ids().find(|id| !ids.contains(id)).map(|bad| {
                invalid(
                    &cond.source,
                    format!("{what}“{}”中的“{bad}”不是指标 id", cond.source),
                )
            })
        };
        for r in &file.rules {
            if let Some(e) = unknown_id(&r.expr, "审核公式") {
                return Err(e);
            }
        }
        for resp in &file.responsibilities {
            if let Some(id) = resp.measure.ids().into_iter().find(|id| !ids.contains(id)) {
                return Err(invalid(
                    &format!("\"{}\"", resp.id),
                    format!("责任“{}”的 measure 中的“{id}”不是指标 id", resp.name),
                ));
            }
            if let Some(cond) = &resp.done_also
                && let Some(e) = unknown_id(cond, "done_also")
            {
                return Err(e);
            }
        }

        if let Some(id) = &file.roster.derives
            && !file.responsibilities.iter().any(|r| &r.id == id)
        {
            return Err(invalid(
                "derives",
                format!("[roster] 的 derives“{id}”不是“五大责任”的 id"),
            ));
        }

        let mut measure_ids = HashSet::new();
        for m in &file.measures {
            if !measure_ids.insert(m.id.as_str()) {
                return Err(invalid(
                    &format!("\"{}\"", m.id),
                    format!("进度指标 id“{}”重复", m.id),
                ));
            }
            for id in std::iter::once(&m.numerator).chain(&m.denominator) {
                if !ids.contains(id.as_str()) {
                    return Err(invalid(
                        &format!("\"{id}\""),
                        format!("进度指标“{}”中的“{id}”不是指标 id", m.name),
                    ));
                }
            }
            if m.weight < 0.0 || !m.weight.is_finite() {
                return Err(invalid(
                    &m.id,
                    format!("进度指标“{}”的权重不能为负", m.name),
                ));
            }
        }

        if let Some((needle, message)) = ranking_error(&file, &measure_ids) {
            return Err(invalid(&needle, message));
        }

        for cond in file.brief.conditions() {
            if let Some(bad) = cond
                .ids()
                .find(|id| !ids.contains(id) && !measure_ids.contains(id))
            {
                return Err(invalid(
                    &cond.source,
                    format!(
                        "[brief] 的条件“{}”中的“{bad}”不是指标或进度指标 id",
                        cond.source
                    ),
                ));
            }
        }
        let known = |id: &str| ids.contains(id) || measure_ids.contains(id);
        if let Some(bad) = file.overview.ids().find(|id| !known(id)) {
            return Err(invalid(
                &format!("\"{bad}\""),
                format!("[overview] 中的“{bad}”不是指标或进度指标 id"),
            ));
        }
        if let Some((text, name)) = file.brief.unknown_placeholder(&known) {
            return Err(invalid(
                &name,
                format!(
                    "[brief] 的文字“{text}”中的占位符“{{{name}}}”不认识（应为指标或进度指标 id 等）"
                ),
            ));
        }

        let level = match &file.level {
            Some(l) if LEVELS.contains(&l.as_str()) => l.clone(),
            Some(l) => {
                return Err(invalid(
                    "level",
                    format!("level（行政级别）应为 县、市、区 或 旗，实际为“{l}”"),
                ));
            }
            None => match file.county.chars().last() {
                Some(c) if LEVELS.contains(&c.to_string().as_str()) => c.to_string(),
                _ => "市".to_string(),
            },
        };
        if !(1..=31).contains(&file.deadline_day) {
            return Err(invalid(
                "deadline_day",
                format!(
                    "deadline_day（报送截止日）应在 1–31 之间，实际为{}",
                    file.deadline_day
                ),
            ));
        }
        let county_short = file
            .county_short
            .clone()
            .unwrap_or_else(|| format!("全{level}"));
        let lookups = Lookups::build(&file, &county_short)
            .map_err(|(needle, message)| invalid(&needle, message))?;
        Ok(Template {
            county: file.county.clone(),
            level,
            county_short,
            deadline_day: file.deadline_day,
            townships: file.townships.clone(),
            indicators: file.indicators.clone(),
            responsibilities: file.responsibilities.clone(),
            rules: file.rules.clone(),
            measures: file.measures.clone(),
            lights: file.lights.clone(),
            ranking: file.ranking.clone(),
            meeting: file.meeting.clone(),
            brief: file.brief.clone(),
            roster: file.roster.clone(),
            overview: OverviewDef {
                cards: if file.overview.cards.is_empty() {
                    derived_cards(&file.indicators)
                } else {
                    file.overview.cards.clone()
                },
                trends: if file.overview.trends.is_empty() {
                    default_trends(&file)
                } else {
                    file.overview.trends.clone()
                },
            },
            lookups,
            file,
        })
    }

    /// The template as the county edits it (build a changed one with [`Template::from_file`]).
    pub fn file(&self) -> &TemplateFile {
        &self.file
    }

    /// A template from an edited file, checked as a loaded one is.
    pub fn from_file(file: &TemplateFile) -> Result<Template, TemplateError> {
        Template::parse(&file.to_toml()?, "模板")
    }

    /// The TOML text of the template, for the workspace and for sharing.
    pub fn to_toml(&self) -> Result<String, TemplateError> {
        self.file.to_toml()
    }

    /// Whether townships are ranked (排名).
    pub fn ranks(&self) -> bool {
        self.ranking.rank
    }

    /// Whether townships get 红黄绿灯.
    pub fn lit(&self) -> bool {
        self.ranking.lights
    }

    /// The `[[ranking.groups]]` a measure belongs to.
    fn ranking_group(&self, measure: &str) -> Option<&RankingGroupDef> {
        self.ranking
            .groups
            .iter()
            .find(|g| g.measures.iter().any(|m| m == measure))
    }

    /// A measure's weight in the score: its own, 0 when its group is not ranked.
    pub fn score_weight(&self, m: &MeasureDef) -> f64 {
        match self.ranking_group(&m.id) {
            Some(g) if !g.rank => 0.0,
            _ => m.weight,
        }
    }

    /// Whether the brief names the townships below target on `measure` (点名通报).
    pub fn names(&self, measure: &str) -> bool {
        self.ranking.named && self.ranking_group(measure).is_none_or(|g| g.named)
    }

    /// 市领导小组 / 县领导小组
    pub fn group(&self) -> String {
        format!("{}领导小组", self.level)
    }

    pub fn indicator(&self, id: &str) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }

    pub fn measure(&self, id: &str) -> Option<&MeasureDef> {
        self.measures.iter().find(|m| m.id == id)
    }

    pub fn responsibility(&self, id: &str) -> Option<&ResponsibilityDef> {
        self.responsibilities.iter().find(|r| r.id == id)
    }

    /// The display name of an indicator or responsibility id.
    pub fn column_name(&self, id: &str) -> String {
        if let Some(i) = self.indicator(id) {
            i.name.clone()
        } else if let Some(r) = self.responsibility(id) {
            r.name.clone()
        } else {
            id.to_string()
        }
    }

    /// The canonical index of a township name as sheets write it (毛田, 毛田镇人民政府,
    /// 东山办事处, 虞塘镇…), or None.
    pub fn resolve_township(&self, text: &str) -> Option<usize> {
        self.lookups.resolve_township(text)
    }

    /// The township a text such as a file name names (东山街道_2024年11月调度表.xlsx), if one.
    pub fn township_in(&self, text: &str) -> Option<usize> {
        self.lookups.township_in(text)
    }

    /// What a header cell's text names, with the unit written in it if any.
    pub fn match_header(&self, text: &str) -> Option<(HeaderTarget, Option<String>)> {
        self.lookups.match_header(text)
    }

    /// True for the first cell of a total row: 合计, 总计, 全市…
    pub fn is_total_label(&self, text: &str) -> bool {
        self.lookups.is_total_label(text)
    }
}

/// A `[ranking]` that cannot hold: (text to find the line by, message).
fn ranking_error(file: &TemplateFile, measures: &HashSet<&str>) -> Option<(String, String)> {
    let r = &file.ranking;
    if !r.rank && file.lights.scheme == LightScheme::Rank {
        return Some((
            "scheme".into(),
            "[lights] 的 scheme = \"rank\" 按名次亮灯，而 [ranking] 的 rank = false 不排名：请改用 scheme = \"threshold\"（按得分亮灯）或关闭亮灯（[ranking] lights = false）".into(),
        ));
    }
    let mut seen = HashSet::new();
    for g in &r.groups {
        for m in &g.measures {
            if !measures.contains(m.as_str()) {
                return Some((
                    format!("\"{m}\""),
                    format!("[[ranking.groups]]“{}”中的“{m}”不是进度指标 id", g.name),
                ));
            }
            if !seen.insert(m.as_str()) {
                return Some((
                    format!("\"{m}\""),
                    format!("进度指标“{m}”在 [[ranking.groups]] 中出现了两次"),
                ));
            }
        }
    }
    None
}

fn validate(file: &TemplateFile) -> Result<(), (String, String)> {
    if file.county.trim().is_empty() {
        return Err(("county".into(), "county（县市名称）不能为空".into()));
    }
    if file.townships.is_empty() {
        return Err((
            "townships".into(),
            "至少要有一个乡镇（[[townships]]）".into(),
        ));
    }
    if file.indicators.is_empty() {
        return Err((
            "indicators".into(),
            "至少要有一个指标（[[indicators]]）".into(),
        ));
    }
    let mut seen = HashSet::new();
    for t in &file.townships {
        if t.name.trim().is_empty() {
            return Err(("name = \"\"".into(), "乡镇名称不能为空".into()));
        }
        if !seen.insert(t.name.as_str()) {
            return Err((format!("\"{}\"", t.name), format!("乡镇“{}”重复", t.name)));
        }
    }
    let mut ids = HashSet::new();
    for i in &file.indicators {
        let valid = !i.id.is_empty()
            && i.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && i.id.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if !valid {
            return Err((
                format!("\"{}\"", i.id),
                format!(
                    "指标 id“{}”只能由英文字母、数字和下划线组成，且以字母开头",
                    i.id
                ),
            ));
        }
        if i.id == crate::model::TOWNSHIP_COLUMN || !ids.insert(i.id.as_str()) {
            return Err((
                format!("\"{}\"", i.id),
                format!("指标 id“{}”重复或保留", i.id),
            ));
        }
    }
    for r in &file.responsibilities {
        if !ids.insert(r.id.as_str()) {
            return Err((format!("\"{}\"", r.id), format!("责任 id“{}”重复", r.id)));
        }
        if let Some(p) = r.partial_at
            && p > r.done_at
        {
            return Err((
                format!("\"{}\"", r.id),
                format!("责任“{}”的 partial_at 不能大于 done_at", r.name),
            ));
        }
    }
    Ok(())
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

fn line_text(text: &str, n: usize) -> String {
    text.lines()
        .nth(n.saturating_sub(1))
        .map(|l| crate::text::clip(l, 60))
        .unwrap_or_default()
}

/// The reporting deadline of a month: 2024年11月25日.
pub fn deadline(t: &Template, month: YearMonth) -> String {
    let day = t.deadline_day.min(month.days());
    format!("{}年{}月{}日", month.year, month.month, day)
}

/// The trends a template without `[overview] trends` starts with: its first two percent
/// measures, else its first two indicators.
fn default_trends(file: &TemplateFile) -> Vec<String> {
    let rates: Vec<String> = file
        .measures
        .iter()
        .filter(|m| m.is_percent())
        .take(2)
        .map(|m| m.id.clone())
        .collect();
    if !rates.is_empty() {
        return rates;
    }
    file.indicators
        .iter()
        .take(2)
        .map(|i| i.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_template_is_valid() {
        let t = Template::parse(DEFAULT_TEMPLATE, "sample.toml").unwrap();
        assert_eq!(t.level, "市");
        assert_eq!(t.county_short, "全市");
        assert_eq!(t.townships.len(), 22);
        assert_eq!(t.indicators.len(), 33);
        assert_eq!(t.responsibilities.len(), 5);
        assert!(t.rules.len() >= 10);
        assert!(
            t.measures
                .iter()
                .any(|m| m.target == Some(Target::Schedule))
        );
        assert_eq!(t.lights.scheme, LightScheme::Threshold);
    }

    #[test]
    fn bad_template_names_line_and_key() {
        let bad = DEFAULT_TEMPLATE.replacen("unit = \"户\"", "unti = \"户\"", 1);
        let e = Template::parse(&bad, "t.toml").unwrap_err().to_string();
        assert!(e.contains("第") && e.contains("unti"), "{e}");

        let bad = DEFAULT_TEMPLATE.replace(
            "expr = \"fund_paid <= fund_planned\"",
            "expr = \"fund_paid <= fund_plan\"",
        );
        let e = Template::parse(&bad, "t.toml").unwrap_err().to_string();
        assert!(e.contains("fund_plan") && e.contains("行"), "{e}");

        let bad =
            DEFAULT_TEMPLATE.replacen("id = \"monitor_people\"", "id = \"monitor_households\"", 1);
        let e = Template::parse(&bad, "t.toml").unwrap_err().to_string();
        assert!(e.contains("重复"), "{e}");
    }

    /// The line a template error names (第N行).
    fn line_of(e: &str) -> usize {
        let start = e.find('第').map(|i| i + '第'.len_utf8()).unwrap_or(0);
        e[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    }

    fn line_with(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn a_malformed_expression_is_refused_at_load_with_its_line() {
        // A balance rule that does not parse.
        let bad = DEFAULT_TEMPLATE.replace(
            "expr = \"fund_paid <= fund_planned\"",
            "expr = \"fund_paid <= \"",
        );
        let e = Template::parse(&bad, "t.toml").unwrap_err().to_string();
        assert_eq!(
            line_of(&e),
            line_with(&bad, "expr = \"fund_paid <= \""),
            "{e}"
        );
        assert!(e.contains("公式") && e.contains("不完整"), "{e}");

        // The 五大责任's extra condition.
        let bad = DEFAULT_TEMPLATE.replace(
            "done_also = \"paired_households = open_households\"",
            "done_also = \"paired_households = open_households +\"",
        );
        let e = Template::parse(&bad, "t.toml").unwrap_err().to_string();
        assert_eq!(line_of(&e), line_with(&bad, "done_also = "), "{e}");

        // A condition of the brief naming an id that does not exist.
        let bad = DEFAULT_TEMPLATE.replace(
            "when = \"insured_rate >= 100\"",
            "when = \"insured_rat >= 100\"",
        );
        let e = Template::parse(&bad, "t.toml").unwrap_err().to_string();
        assert!(e.contains("insured_rat") && e.contains("[brief]"), "{e}");
        assert_eq!(line_of(&e), line_with(&bad, "insured_rat >= 100"), "{e}");

        // A responsibility's measure with three parts.
        let bad = DEFAULT_TEMPLATE.replace(
            "measure = \"leader_visits / key_villages\"",
            "measure = \"leader_visits / key_villages / 2\"",
        );
        let e = Template::parse(&bad, "t.toml").unwrap_err().to_string();
        assert_eq!(line_of(&e), line_with(&bad, "key_villages / 2"), "{e}");
    }

    #[test]
    fn units_are_typed_once() {
        let t = Template::bundled();
        let unit = |id: &str| &t.indicator(id).unwrap().unit;
        assert_eq!(*unit("monitor_households"), Unit::Count("户".into()));
        assert_eq!(*unit("fund_paid"), Unit::Money(Money::TenThousandYuan));
        assert_eq!(*unit("team_on_duty_rate"), Unit::Percent);
        assert!(t.indicator("fund_paid").unwrap().is_additive());
        assert!(!t.indicator("cadre_visit_rate").unwrap().is_additive());
        assert_eq!(
            t.measure("policy_per_household").unwrap().unit,
            Unit::Ratio("条".into())
        );
        assert_eq!(t.measure("fund_paid_rate").unwrap().unit, Unit::Percent);
        assert!(matches!(
            t.responsibility("r1_leader").unwrap().measure,
            DutyMeasure::Ratio { .. }
        ));
    }
}
