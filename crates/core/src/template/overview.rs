//! 总览's headline figures and the default trends (`[overview]`): which county totals stand
//! as cards, which of them fall as work gets done, which rates the trend chart starts with.
//! A template without the section gets cards made from its own indicators.

use serde::{Deserialize, Serialize};

use super::file::IndicatorDef;

/// One headline card: a title and the totals it shows side by side ("1804户 4044人").
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CardDef {
    pub title: String,
    pub ids: Vec<String>,
    /// The first total falling is progress (风险未消除): its change is shown green when down.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lower_is_better: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct OverviewDef {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<CardDef>,
    /// Measure or indicator ids the 趋势 view and slide start with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trends: Vec<String>,
}

impl OverviewDef {
    /// Every id the section names, for validation.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.cards
            .iter()
            .flat_map(|c| c.ids.iter())
            .chain(&self.trends)
            .map(String::as_str)
    }
}

/// At most this many cards are made from a template's indicators.
const DERIVED_CARDS: usize = 10;

/// Cards from the indicators: one per summable indicator in the template's order, an
/// indicator counted in 户 and the next one counted in 人 under the same stem
/// (监测对象户数, 监测对象人数) sharing a card titled by the stem.
pub fn derived_cards(indicators: &[IndicatorDef]) -> Vec<CardDef> {
    let summable: Vec<&IndicatorDef> = indicators
        .iter()
        .filter(|i| i.is_additive() && !i.unit.is_percent())
        .collect();
    let mut cards = Vec::new();
    let mut k = 0;
    while k < summable.len() && cards.len() < DERIVED_CARDS {
        let i = summable[k];
        let pair = summable.get(k + 1).and_then(|next| {
            let a = stem(&i.name, &["户数", "户"])?;
            let b = stem(&next.name, &["人数", "人口数", "人"])?;
            (a == b && !a.is_empty()).then(|| (a.to_string(), next))
        });
        match pair {
            Some((title, next)) => {
                cards.push(CardDef {
                    title,
                    ids: vec![i.id.clone(), next.id.clone()],
                    lower_is_better: false,
                });
                k += 2;
            }
            None => {
                cards.push(CardDef {
                    title: i.name.clone(),
                    ids: vec![i.id.clone()],
                    lower_is_better: false,
                });
                k += 1;
            }
        }
    }
    cards
}

fn stem<'a>(name: &'a str, endings: &[&str]) -> Option<&'a str> {
    endings.iter().find_map(|e| name.strip_suffix(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;

    #[test]
    fn cards_pair_households_with_people_under_one_stem() {
        let t = Template::parse(
            r#"
county = "某县"
[[townships]]
name = "甲镇"
[[indicators]]
id = "a"
name = "监测对象户数"
unit = "户"
[[indicators]]
id = "b"
name = "监测对象人数"
unit = "人"
[[indicators]]
id = "c"
name = "稳定就业人数"
unit = "人"
[[indicators]]
id = "d"
name = "义务教育巩固率"
unit = "%"
"#,
            "t.toml",
        )
        .unwrap();
        let cards = derived_cards(&t.indicators);
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].title, "监测对象");
        assert_eq!(cards[0].ids, ["a", "b"]);
        assert_eq!(cards[1].title, "稳定就业人数");
    }
}
