//! The template as the 县市设置 editor holds it: every typed field as the text the user types,
//! turned back into a `TemplateFile` after each edit, with what does not parse by field.
//! Opening and saving untouched gives the same file (a no-op edit is not a new version).

pub use super::field::{Field, Notes, Part};
use dd_core::model::Status;
use dd_core::template::brief::{BriefWords, OverallParagraph, Sentence};
use dd_core::template::expr::Condition;
use dd_core::template::{
    DutyMeasure, IndicatorDef, LightScheme, LightsDef, MeasureDef, ResponsibilityDef, RuleDef,
    Target, TemplateFile, TownshipDef, Unit,
};

#[derive(Debug, Clone, PartialEq)]
pub struct TownRow {
    pub name: String,
    pub kind: String,
    pub aliases: String,
}

#[derive(Debug, Clone)]
pub struct IndicatorRow {
    pub on: bool,
    /// id and group, and whether it comes from the bundled catalogue only.
    pub def: IndicatorDef,
    pub name: String,
    pub unit: String,
    pub aliases: String,
}

#[derive(Debug, Clone)]
pub struct MeasureRow {
    pub def: MeasureDef,
    /// A percentage, 序时进度, or empty (no target).
    pub target: String,
    pub weight: String,
}

#[derive(Debug, Clone)]
pub struct DutyRow {
    pub def: ResponsibilityDef,
    pub name: String,
    pub aliases: String,
    pub measure: String,
    pub done_at: String,
    pub partial_at: String,
    pub zero: Option<Status>,
    pub done_also: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    pub expr: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LightsRow {
    pub scheme: LightScheme,
    pub green_at: String,
    pub yellow_at: String,
    pub green_top: String,
    pub red_bottom: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SentenceRow {
    /// Empty: always said.
    pub when: String,
    pub text: String,
    pub otherwise: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphRow {
    pub heading: String,
    pub sentences: Vec<SentenceRow>,
}

#[derive(Debug, Clone)]
pub struct Draft {
    /// What the editor does not show (header spellings, total labels, the meeting), kept.
    pub base: TemplateFile,
    pub county: String,
    pub level: Option<String>,
    pub deadline: String,
    pub townships: Vec<TownRow>,
    pub indicators: Vec<IndicatorRow>,
    pub measures: Vec<MeasureRow>,
    pub lights: LightsRow,
    pub duties: Vec<DutyRow>,
    pub rules: Vec<RuleRow>,
    /// The plain texts of the brief, edited in place.
    pub brief: BriefWords,
    pub signature: String,
    pub overall: Vec<ParagraphRow>,
}

/// Aliases as one line: 虞塘镇、虞塘.
pub fn join_list(items: &[String]) -> String {
    items.join("、")
}

/// Aliases from one line, split at 、 , ， ; ； or spaces.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// A number as typed back: 15, 0.15, 95.
pub fn number_text(v: f64) -> String {
    format!("{v}")
}

pub const SCHEDULE_WORD: &str = "序时进度";

fn target_text(t: Option<Target>) -> String {
    match t {
        None => String::new(),
        Some(Target::Percent(p)) => number_text(p),
        Some(Target::Schedule) => SCHEDULE_WORD.into(),
    }
}

/// A number typed in a field, or what is wrong with it.
pub fn parse_number(s: &str, what: &str) -> Result<f64, String> {
    let t = s.trim().trim_end_matches(['%', '％', '分']);
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ if t.is_empty() => Err(format!("请填写{what}")),
        _ => Err(format!("{what}应为数字，实际为“{}”", s.trim())),
    }
}

fn parse_count(s: &str, what: &str) -> Result<usize, String> {
    s.trim()
        .parse::<usize>()
        .map_err(|_| format!("{what}应为不小于0的整数，实际为“{}”", s.trim()))
}

impl Draft {
    /// Ids of the county's own template for the hints beside formula fields: two enabled
    /// indicators and a measure (an indicator when it has none).
    pub fn example_ids(&self) -> [String; 3] {
        let mut on = self
            .indicators
            .iter()
            .filter(|r| r.on)
            .map(|r| r.def.id.clone());
        let a = on.next().unwrap_or_else(|| "a".into());
        let b = on.next().unwrap_or_else(|| a.clone());
        let rate = self
            .measures
            .first()
            .map_or_else(|| b.clone(), |m| m.def.id.clone());
        [a, b, rate]
    }

    /// The editor's rows of a template; indicators of the bundled catalogue that the
    /// template leaves out are listed after its own, switched off.
    pub fn new(file: &TemplateFile, catalogue: &[IndicatorDef]) -> Draft {
        let mut indicators: Vec<IndicatorRow> = file
            .indicators
            .iter()
            .map(|i| indicator_row(i, true))
            .collect();
        for c in catalogue {
            if !file.indicators.iter().any(|i| i.id == c.id) {
                indicators.push(indicator_row(c, false));
            }
        }
        let l = &file.lights;
        Draft {
            base: file.clone(),
            county: file.county.clone(),
            level: file.level.clone(),
            deadline: file.deadline_day.to_string(),
            townships: file
                .townships
                .iter()
                .map(|t| TownRow {
                    name: t.name.clone(),
                    kind: t.kind.clone(),
                    aliases: join_list(&t.aliases),
                })
                .collect(),
            indicators,
            measures: file
                .measures
                .iter()
                .map(|m| MeasureRow {
                    def: m.clone(),
                    target: target_text(m.target),
                    weight: number_text(m.weight),
                })
                .collect(),
            lights: LightsRow {
                scheme: l.scheme,
                green_at: number_text(l.green_at),
                yellow_at: number_text(l.yellow_at),
                green_top: l.green_top.to_string(),
                red_bottom: l.red_bottom.to_string(),
            },
            duties: file
                .responsibilities
                .iter()
                .map(|r| DutyRow {
                    def: r.clone(),
                    name: r.name.clone(),
                    aliases: join_list(&r.aliases),
                    measure: measure_text(&r.measure),
                    done_at: number_text(r.done_at),
                    partial_at: r.partial_at.map(number_text).unwrap_or_default(),
                    zero: r.when_zero_denominator,
                    done_also: r
                        .done_also
                        .as_ref()
                        .map(|c| c.source.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            rules: file
                .rules
                .iter()
                .map(|r| RuleRow {
                    expr: r.expr.source.clone(),
                    name: r.name.clone().unwrap_or_default(),
                })
                .collect(),
            brief: file.brief.clone(),
            signature: file.brief.signature.join("\n"),
            overall: file
                .brief
                .overall
                .iter()
                .map(|p| ParagraphRow {
                    heading: p.heading.clone().unwrap_or_default(),
                    sentences: p
                        .sentences
                        .iter()
                        .map(|s| match s {
                            Sentence::Text(t) => SentenceRow {
                                when: String::new(),
                                text: t.clone(),
                                otherwise: String::new(),
                            },
                            Sentence::When {
                                when,
                                text,
                                otherwise,
                            } => SentenceRow {
                                when: when.source.clone(),
                                text: text.clone(),
                                otherwise: otherwise.clone().unwrap_or_default(),
                            },
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The level in use: the chosen one, else the county name's last character (as the load
    /// does), else 市.
    pub fn effective_level(&self) -> String {
        self.level.clone().unwrap_or_else(|| {
            match self.county.trim().chars().last().map(String::from) {
                Some(c) if dd_core::template::LEVELS.contains(&c.as_str()) => c,
                _ => "市".into(),
            }
        })
    }

    /// Sets the level; the 五大责任 named after it follow (市级领导联点 → 县级领导联点).
    pub fn set_level(&mut self, level: &str) {
        let (old, new) = (
            format!("{}级", self.effective_level()),
            format!("{level}级"),
        );
        for d in &mut self.duties {
            d.name = d.name.replace(&old, &new);
            d.aliases = d.aliases.replace(&old, &new);
        }
        self.level = Some(level.to_string());
    }

    /// The ids of the indicators switched on.
    pub fn on_ids(&self) -> Vec<&str> {
        self.indicators
            .iter()
            .filter(|i| i.on)
            .map(|i| i.def.id.as_str())
            .collect()
    }

    /// The template file of the draft, and what does not parse (by field).
    pub fn build(&self, notes: &mut Notes) -> TemplateFile {
        let mut file = self.base.clone();
        file.county = self.county.trim().to_string();
        file.level = self.level.clone();
        match self.deadline.trim().parse::<u32>() {
            Ok(d) if (1..=31).contains(&d) => file.deadline_day = d,
            _ => notes.error(
                Field::Deadline,
                format!(
                    "报送截止日应为1到31之间的整数，实际为“{}”",
                    self.deadline.trim()
                ),
            ),
        }
        file.townships = self
            .townships
            .iter()
            .map(|t| TownshipDef {
                name: t.name.trim().to_string(),
                kind: t.kind.clone(),
                aliases: split_list(&t.aliases),
            })
            .collect();
        file.indicators = self
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, r)| r.on)
            .map(|(i, r)| {
                let unit = Unit::parse(&r.unit).unwrap_or_else(|e| {
                    notes.error(Field::IndicatorUnit(i), e);
                    r.def.unit.clone()
                });
                IndicatorDef {
                    name: r.name.trim().to_string(),
                    unit,
                    aliases: split_list(&r.aliases),
                    ..r.def.clone()
                }
            })
            .collect();
        // 总览 shows what is there: an indicator switched off leaves its cards and trends.
        let kept: std::collections::HashSet<&str> = file
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .chain(self.measures.iter().map(|m| m.def.id.as_str()))
            .collect();
        for card in &mut file.overview.cards {
            card.ids.retain(|id| kept.contains(id.as_str()));
        }
        file.overview.cards.retain(|c| !c.ids.is_empty());
        file.overview.trends.retain(|id| kept.contains(id.as_str()));
        file.measures = self
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let target = match m.target.trim() {
                    "" => None,
                    t if t == SCHEDULE_WORD || t == "schedule" => Some(Target::Schedule),
                    t => match parse_number(t, "目标") {
                        Ok(p) => Some(Target::Percent(p)),
                        Err(e) => {
                            notes.error(Field::MeasureTarget(i), format!("{e}，或写“序时进度”"));
                            m.def.target
                        }
                    },
                };
                let weight = match parse_number(&m.weight, "权重") {
                    Ok(w) if w >= 0.0 => w,
                    Ok(_) => {
                        notes.error(Field::MeasureWeight(i), "权重不能为负");
                        m.def.weight
                    }
                    Err(e) => {
                        notes.error(Field::MeasureWeight(i), e);
                        m.def.weight
                    }
                };
                MeasureDef {
                    target,
                    weight,
                    ..m.def.clone()
                }
            })
            .collect();
        file.lights = self.lights(notes);
        file.responsibilities = self
            .duties
            .iter()
            .enumerate()
            .map(|(i, d)| self.duty(i, d, notes))
            .collect();
        file.rules = self
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match Condition::parse(r.expr.trim()) {
                Ok(expr) => Some(RuleDef {
                    expr,
                    name: Some(r.name.trim().to_string()).filter(|n| !n.is_empty()),
                }),
                Err(e) => {
                    notes.error(Field::Rule(i), format!("公式写法有误：{e}"));
                    None
                }
            })
            .collect();
        file.brief = self.brief.clone();
        file.brief.signature = self
            .signature
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        file.brief.overall = self
            .overall
            .iter()
            .enumerate()
            .map(|(p, para)| OverallParagraph {
                heading: Some(para.heading.trim().to_string()).filter(|h| !h.is_empty()),
                sentences: para
                    .sentences
                    .iter()
                    .enumerate()
                    .map(|(s, row)| sentence(row, p, s, notes))
                    .collect(),
            })
            .collect();
        file
    }

    fn lights(&self, notes: &mut Notes) -> LightsDef {
        let l = &self.lights;
        let old = &self.base.lights;
        let mut num = |text: &str, f: Field, what: &str, fallback: f64| {
            parse_number(text, what).unwrap_or_else(|e| {
                notes.error(f, e);
                fallback
            })
        };
        let green_at = num(&l.green_at, Field::GreenAt, "绿灯分数线", old.green_at);
        let yellow_at = num(&l.yellow_at, Field::YellowAt, "黄灯分数线", old.yellow_at);
        let mut count = |text: &str, f: Field, what: &str, fallback: usize| {
            parse_count(text, what).unwrap_or_else(|e| {
                notes.error(f, e);
                fallback
            })
        };
        let green_top = count(&l.green_top, Field::GreenTop, "绿灯名次", old.green_top);
        let red_bottom = count(&l.red_bottom, Field::RedBottom, "红灯名次", old.red_bottom);
        LightsDef {
            scheme: l.scheme,
            green_at,
            yellow_at,
            green_top,
            red_bottom,
        }
    }

    fn duty(&self, i: usize, d: &DutyRow, notes: &mut Notes) -> ResponsibilityDef {
        let measure = toml::Value::String(d.measure.trim().to_string())
            .try_into::<DutyMeasure>()
            .unwrap_or_else(|e| {
                notes.error(Field::DutyMeasure(i), e.to_string().trim().to_string());
                d.def.measure.clone()
            });
        let done_at = parse_number(&d.done_at, "已落实的标准").unwrap_or_else(|e| {
            notes.error(Field::DutyDone(i), e);
            d.def.done_at
        });
        let partial_at = match d.partial_at.trim() {
            "" => None,
            t => match parse_number(t, "部分落实的标准") {
                Ok(v) => Some(v),
                Err(e) => {
                    notes.error(Field::DutyPartial(i), format!("{e}（不分部分落实时留空）"));
                    d.def.partial_at
                }
            },
        };
        let done_also = match d.done_also.trim() {
            "" => None,
            t => match Condition::parse(t) {
                Ok(c) => Some(c),
                Err(e) => {
                    notes.error(Field::DutyAlso(i), format!("条件写法有误：{e}"));
                    d.def.done_also.clone()
                }
            },
        };
        ResponsibilityDef {
            name: d.name.trim().to_string(),
            aliases: split_list(&d.aliases),
            measure,
            done_at,
            partial_at,
            when_zero_denominator: d.zero,
            done_also,
            ..d.def.clone()
        }
    }
}

fn sentence(row: &SentenceRow, p: usize, s: usize, notes: &mut Notes) -> Sentence {
    if row.when.trim().is_empty() {
        return Sentence::Text(row.text.clone());
    }
    match Condition::parse(row.when.trim()) {
        Ok(when) => Sentence::When {
            when,
            text: row.text.clone(),
            otherwise: Some(row.otherwise.clone()).filter(|o| !o.is_empty()),
        },
        Err(e) => {
            notes.error(
                Field::Sentence(p, s, Part::When),
                format!("条件写法有误：{e}"),
            );
            Sentence::Text(row.text.clone())
        }
    }
}

fn indicator_row(i: &IndicatorDef, on: bool) -> IndicatorRow {
    IndicatorRow {
        on,
        def: i.clone(),
        name: i.name.clone(),
        unit: i.unit.to_string(),
        aliases: join_list(&i.aliases),
    }
}

/// `leader_visits / key_villages`, as the template writes it.
pub fn measure_text(m: &DutyMeasure) -> String {
    match m {
        DutyMeasure::Value(id) => id.clone(),
        DutyMeasure::Ratio {
            numerator,
            denominator,
        } => format!("{numerator} / {denominator}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dd_core::template::Template;

    #[test]
    fn an_untouched_draft_gives_the_same_template_back() {
        let t = Template::bundled();
        let d = Draft::new(t.file(), &t.indicators);
        let mut notes = Notes::default();
        let back = d.build(&mut notes);
        assert_eq!(notes, Notes::default());
        assert_eq!(back.to_toml().unwrap(), t.to_toml().unwrap());
    }

    #[test]
    fn what_does_not_parse_is_named_by_field() {
        let t = Template::bundled();
        let mut d = Draft::new(t.file(), &t.indicators);
        d.deadline = "32".into();
        d.measures[0].weight = "十五".into();
        d.rules[1].expr = "cleared_people + = monitor_people".into();
        d.duties[0].measure = "a / b / c".into();
        let mut notes = Notes::default();
        d.build(&mut notes);
        assert!(notes.errors[&Field::Deadline].contains("1到31"));
        assert_eq!(
            notes.errors[&Field::MeasureWeight(0)],
            "权重应为数字，实际为“十五”"
        );
        assert!(notes.errors[&Field::Rule(1)].starts_with("公式写法有误"));
        assert!(notes.errors[&Field::DutyMeasure(0)].contains("分子 / 分母"));
        assert_eq!(
            split_list("虞塘镇、 虞塘，育段乡"),
            ["虞塘镇", "虞塘", "育段乡"]
        );
    }
}
