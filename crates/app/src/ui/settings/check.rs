//! Checking the draft as a load does, each message next to its field: the same rules as
//! `Template::parse` (names, duplicates, ids a rule or sentence names), then the load itself,
//! whose verdict decides whether the template can be saved.

use std::collections::{HashMap, HashSet};

use super::brief::{TEXTS, allowed};
use super::draft::{Draft, Field, Notes, Part};
use dd_core::template::brief::{GLOBAL_NAMES, SUFFIXES, placeholders};
use dd_core::template::expr::Condition;
use dd_core::template::{DutyMeasure, Template, TemplateError, TemplateFile};
use dd_core::text::fold;

/// The draft's template (when it builds) and the messages by field.
pub fn check(d: &Draft) -> (TemplateFile, Notes) {
    let mut notes = Notes::default();
    let file = d.build(&mut notes);
    if d.county.trim().is_empty() {
        notes.error(Field::County, "请填写县市名称，如“湘潭县”");
    }
    townships(d, &mut notes);
    indicators(d, &file, &mut notes);
    let ids: HashSet<&str> = d.on_ids().into_iter().collect();
    let measures: HashSet<&str> = file.measures.iter().map(|m| m.id.as_str()).collect();
    let unknown = |c: &Condition, also_measures: bool| {
        c.ids()
            .find(|id| !(ids.contains(id) || also_measures && measures.contains(id)))
            .map(|bad| format!("“{bad}”不是启用的指标 id（见下方的指标列表）"))
    };
    for (i, r) in file.rules.iter().enumerate() {
        if let Some(m) = unknown(&r.expr, false) {
            notes.error(Field::Rule(i), m);
        }
    }
    lights(d, &mut notes);
    for (i, r) in file.responsibilities.iter().enumerate() {
        if r.name.is_empty() {
            notes.error(Field::DutyName(i), "请填写责任名称");
        }
        if let Some(bad) = r.measure.ids().into_iter().find(|id| !ids.contains(id)) {
            notes.error(Field::DutyMeasure(i), format!("“{bad}”不是启用的指标 id"));
        }
        if let Some(p) = r.partial_at
            && p > r.done_at
        {
            notes.error(
                Field::DutyPartial(i),
                format!("部分落实的标准（{p}）不能高于已落实的标准（{}）", r.done_at),
            );
        }
        if let Some(m) = r.done_also.as_ref().and_then(|c| unknown(c, false)) {
            notes.error(Field::DutyAlso(i), m);
        }
    }
    brief(d, &ids, &measures, &mut notes);
    if let Err(e) = Template::from_file(&file) {
        notes.whole = Some(match e {
            TemplateError::Invalid { message, .. } => message,
            other => other.to_string(),
        });
    }
    (file, notes)
}

fn townships(d: &Draft, notes: &mut Notes) {
    if d.townships.is_empty() {
        notes.error(Field::Townships, "至少要有一个乡镇（街道）");
    }
    // Every spelling (name or alias) belongs to one township only.
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (i, t) in d.townships.iter().enumerate() {
        let name = t.name.trim();
        if name.is_empty() {
            notes.error(Field::TownName(i), "乡镇（街道）名称不能为空");
            continue;
        }
        match owner.get(&fold(name)) {
            Some(&j) if j != i => {
                notes.error(
                    Field::TownName(i),
                    format!("“{name}”与第{}个乡镇（街道）重名", j + 1),
                );
            }
            _ => {
                owner.insert(fold(name), i);
            }
        }
    }
    for (i, t) in d.townships.iter().enumerate() {
        for a in super::draft::split_list(&t.aliases) {
            match owner.get(&fold(&a)) {
                Some(&j) if j != i => notes.error(
                    Field::TownAliases(i),
                    format!(
                        "别名“{a}”已经是“{}”的名称或别名",
                        d.townships[j].name.trim()
                    ),
                ),
                _ => {
                    owner.insert(fold(&a), i);
                }
            }
        }
    }
}

fn indicators(d: &Draft, file: &TemplateFile, notes: &mut Notes) {
    if !d.indicators.iter().any(|i| i.on) {
        notes.error(Field::Indicators, "至少要启用一个指标");
    }
    // A header spelling names one column only.
    let mut owner: HashMap<String, String> = HashMap::new();
    for (i, row) in d.indicators.iter().enumerate().filter(|(_, r)| r.on) {
        if row.name.trim().is_empty() {
            notes.error(Field::Indicator(i), "指标名称不能为空");
        }
        let spellings = std::iter::once(row.name.trim().to_string())
            .chain(super::draft::split_list(&row.aliases));
        for s in spellings {
            match owner.get(&fold(&s)) {
                Some(other) if *other != row.def.id => {
                    let field = if s == row.name.trim() {
                        Field::Indicator(i)
                    } else {
                        Field::IndicatorAliases(i)
                    };
                    notes.error(field, format!("“{s}”已经用于另一个指标"));
                }
                _ => {
                    owner.insert(fold(&s), row.def.id.clone());
                }
            }
        }
    }
    // An indicator switched off that something still uses.
    for (i, row) in d.indicators.iter().enumerate().filter(|(_, r)| !r.on) {
        let users = users_of(&row.def.id, file);
        if !users.is_empty() {
            notes.error(
                Field::Indicator(i),
                format!("还被{}使用，请先修改或删除这些内容", users.join("、")),
            );
        }
    }
    let total: f64 = file.measures.iter().map(|m| m.weight).sum();
    if total <= 0.0 && !file.measures.is_empty() {
        notes.error(
            Field::Weights,
            "至少要有一项的权重大于0，否则无法计算进度得分",
        );
    }
}

/// What names an indicator id: measures, rules, duties, brief sentences, in words.
fn users_of(id: &str, f: &TemplateFile) -> Vec<String> {
    let mut out = Vec::new();
    for m in &f.measures {
        if m.numerator == id || m.denominator.as_deref() == Some(id) {
            out.push(format!("进度指标“{}”", m.name));
        }
    }
    for r in &f.rules {
        if r.expr.ids().any(|x| x == id) {
            out.push(format!("审核公式“{}”", r.expr.source));
        }
    }
    for r in &f.responsibilities {
        let in_measure = match &r.measure {
            DutyMeasure::Value(v) => v == id,
            DutyMeasure::Ratio {
                numerator,
                denominator,
            } => numerator == id || denominator == id,
        };
        if in_measure
            || r.done_also
                .as_ref()
                .is_some_and(|c| c.ids().any(|x| x == id))
        {
            out.push(format!("五大责任“{}”", r.name));
        }
    }
    let named = |text: &str| {
        placeholders(text)
            .iter()
            .any(|p| p.split('.').next() == Some(id))
    };
    let sentences = f
        .brief
        .overall
        .iter()
        .flat_map(|p| &p.sentences)
        .any(|s| match s {
            dd_core::template::brief::Sentence::Text(t) => named(t),
            dd_core::template::brief::Sentence::When {
                when,
                text,
                otherwise,
            } => {
                when.ids().any(|x| x == id)
                    || named(text)
                    || otherwise.as_deref().is_some_and(named)
            }
        });
    if sentences {
        out.push("通报用语（总体情况）".into());
    }
    out
}

fn lights(d: &Draft, notes: &mut Notes) {
    let l = &d.lights;
    if let (Ok(g), Ok(y)) = (
        super::draft::parse_number(&l.green_at, ""),
        super::draft::parse_number(&l.yellow_at, ""),
    ) && y > g
    {
        notes.error(
            Field::YellowAt,
            format!("黄灯分数线（{y}）不能高于绿灯分数线（{g}）"),
        );
    }
    let n = d.townships.len();
    if let (Ok(top), Ok(bottom)) = (
        l.green_top.trim().parse::<usize>(),
        l.red_bottom.trim().parse::<usize>(),
    ) && top + bottom > n
        && n > 0
    {
        notes.error(
            Field::RedBottom,
            format!("绿灯{top}名加红灯{bottom}名超过了乡镇（街道）总数{n}个"),
        );
    }
}

/// Placeholders each text may use: the loader refuses unknown ones in the county-level texts
/// (title, 主送, 总体情况…); in a section's sentence an unknown one drops the sentence, so
/// it is a warning.
fn brief(d: &Draft, ids: &HashSet<&str>, measures: &HashSet<&str>, notes: &mut Notes) {
    let is_id = |id: &str| ids.contains(id) || measures.contains(id);
    let known = |name: &str, extra: &[&str]| -> bool {
        match name.split_once('.') {
            Some((id, suffix)) => SUFFIXES.contains(&suffix) && is_id(id),
            None => GLOBAL_NAMES.contains(&name) || extra.contains(&name) || is_id(name),
        }
    };
    let first_unknown = |text: &str, extra: &[&str]| {
        placeholders(text)
            .into_iter()
            .find(|p| !known(p, extra))
            .map(|p| format!("占位符“{{{p}}}”不认识（可用的见右边）"))
    };
    let mut brief = d.brief.clone();
    for t in TEXTS {
        let Some(text) = (t.get)(&mut brief) else {
            continue;
        };
        if let Some(m) = first_unknown(text, allowed(t)) {
            if t.global {
                notes.error(Field::Brief(t.key), m);
            } else {
                notes.warn(Field::Brief(t.key), format!("{m}；通报中这句会被略去"));
            }
        }
    }
    for line in d.signature.lines() {
        if let Some(m) = first_unknown(line, &[]) {
            notes.error(Field::Signature, m);
        }
    }
    for (p, para) in d.overall.iter().enumerate() {
        if let Some(m) = first_unknown(&para.heading, &[]) {
            notes.error(Field::Heading(p), m);
        }
        for (s, row) in para.sentences.iter().enumerate() {
            for (part, text) in [(Part::Text, &row.text), (Part::Otherwise, &row.otherwise)] {
                if let Some(m) = first_unknown(text, &[]) {
                    notes.error(Field::Sentence(p, s, part), m);
                }
            }
            if let Ok(c) = Condition::parse(row.when.trim())
                && let Some(bad) = c.ids().find(|id| !is_id(id))
            {
                notes.error(
                    Field::Sentence(p, s, Part::When),
                    format!("“{bad}”不是启用的指标或进度指标 id"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        let t = Template::bundled();
        Draft::new(t.file(), &t.indicators)
    }

    #[test]
    fn the_sample_checks_clean() {
        let (_, notes) = check(&draft());
        assert!(notes.is_valid(), "{notes:?}");
        assert!(notes.warnings.is_empty(), "{:?}", notes.warnings);
    }

    #[test]
    fn each_mistake_is_named_next_to_its_field() {
        let mut d = draft();
        d.county = " ".into();
        d.townships[3].name = "望春门街道".into();
        d.townships[8].aliases = "东郊乡".into();
        d.rules[6].expr = "fund_paid <= fund_plan".into();
        d.duties[0].partial_at = "120".into();
        d.lights.yellow_at = "95".into();
        let (_, notes) = check(&d);
        assert!(!notes.is_valid());
        assert!(notes.errors[&Field::County].contains("县市名称"));
        assert_eq!(
            notes.errors[&Field::TownName(3)],
            "“望春门街道”与第1个乡镇（街道）重名"
        );
        assert!(notes.errors[&Field::TownAliases(8)].contains("东郊乡"));
        assert!(notes.errors[&Field::Rule(6)].contains("“fund_plan”不是启用的指标 id"));
        assert!(notes.errors[&Field::DutyPartial(0)].contains("不能高于"));
        assert!(notes.errors[&Field::YellowAt].contains("不能高于绿灯"));
    }

    #[test]
    fn an_indicator_in_use_cannot_be_switched_off() {
        let mut d = draft();
        let i = d
            .indicators
            .iter()
            .position(|r| r.def.id == "fund_paid")
            .unwrap();
        d.indicators[i].on = false;
        let (_, notes) = check(&d);
        let m = &notes.errors[&Field::Indicator(i)];
        assert!(m.contains("进度指标“衔接资金拨付率”"), "{m}");
        assert!(m.contains("审核公式“fund_paid <= fund_planned”"), "{m}");
        assert!(m.contains("通报用语"), "{m}");
        // One nothing uses goes off cleanly, and comes back on from the catalogue.
        let j = d
            .indicators
            .iter()
            .position(|r| r.def.id == "public_posts")
            .unwrap();
        d.indicators[i].on = true;
        d.indicators[j].on = false;
        let brief = &mut d.overall[2].sentences[2].text;
        *brief = brief.replace("开发公益性岗位{public_posts}个，", "");
        let (file, notes) = check(&d);
        assert!(notes.is_valid(), "{notes:?}");
        assert!(!file.indicators.iter().any(|x| x.id == "public_posts"));
        let t = Template::from_file(&file).unwrap();
        let again = Draft::new(t.file(), &Template::bundled().indicators);
        assert!(
            again
                .indicators
                .iter()
                .any(|r| r.def.id == "public_posts" && !r.on)
        );
    }

    #[test]
    fn a_wrong_placeholder_is_an_error_in_the_title_and_a_warning_in_a_section() {
        let mut d = draft();
        d.brief.title = "{countyy}关于{year}年{month}月的通报".into();
        d.brief.townships.top = "排名前三位的是{lsit}；".into();
        let (_, notes) = check(&d);
        assert!(notes.errors[&Field::Brief("title")].contains("{countyy}"));
        assert!(notes.warnings[&Field::Brief("townships.top")].contains("{lsit}"));
        assert!(!notes.errors.contains_key(&Field::Brief("townships.top")));
    }
}
