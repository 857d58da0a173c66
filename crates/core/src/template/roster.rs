//! `[roster]`: how the 重点村 roster sheet names its columns, and which responsibility its
//! villages decide when a township's sheet writes no status word.

use serde::{Deserialize, Serialize};

use crate::text::fold;

/// Header names of the roster's columns (any of each list; a unit in brackets is allowed).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RosterDef {
    pub village: Vec<String>,
    pub township: Vec<String>,
    pub leader: Vec<String>,
    pub unit: Vec<String>,
    pub team: Vec<String>,
    pub plan: Vec<String>,
    /// Optional: disbursed so far.
    pub paid: Vec<String>,
    /// The responsibility id derived from the villages (all done → 已落实, some → 部分落实,
    /// none → 未落实) where the township's sheet does not write the word; none: no derivation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derives: Option<String>,
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Default for RosterDef {
    fn default() -> Self {
        RosterDef {
            village: words(&["村", "村名", "村（社区）", "重点村", "重点帮扶村", "村名称"]),
            township: words(&[
                "乡镇（街道）",
                "乡镇",
                "所属乡镇",
                "乡镇名称",
                "乡镇（街道）名称",
            ]),
            leader: words(&["联点市级领导", "市级联点领导", "联点领导", "联点县级领导"]),
            unit: words(&["后盾单位", "帮扶后盾单位", "联点后盾单位"]),
            team: words(&["驻村工作队队长", "驻村工作队", "工作队队长", "驻村第一书记"]),
            plan: words(&[
                "衔接资金计划",
                "衔接资金计划数",
                "计划衔接资金",
                "计划投入衔接资金",
            ]),
            paid: words(&[
                "已拨付",
                "已到位",
                "已支出",
                "衔接资金已拨付",
                "已拨付衔接资金",
            ]),
            derives: None,
        }
    }
}

/// A roster column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RosterColumn {
    Village,
    Township,
    Leader,
    Unit,
    Team,
    Plan,
    Paid,
}

impl RosterColumn {
    pub const ALL: [RosterColumn; 7] = [
        RosterColumn::Village,
        RosterColumn::Township,
        RosterColumn::Leader,
        RosterColumn::Unit,
        RosterColumn::Team,
        RosterColumn::Plan,
        RosterColumn::Paid,
    ];

    /// The name a message uses.
    pub fn label(self) -> &'static str {
        match self {
            RosterColumn::Village => "村",
            RosterColumn::Township => "乡镇（街道）",
            RosterColumn::Leader => "联点市级领导",
            RosterColumn::Unit => "后盾单位",
            RosterColumn::Team => "驻村工作队",
            RosterColumn::Plan => "衔接资金计划",
            RosterColumn::Paid => "已拨付",
        }
    }
}

impl RosterDef {
    fn names(&self, c: RosterColumn) -> &[String] {
        match c {
            RosterColumn::Village => &self.village,
            RosterColumn::Township => &self.township,
            RosterColumn::Leader => &self.leader,
            RosterColumn::Unit => &self.unit,
            RosterColumn::Team => &self.team,
            RosterColumn::Plan => &self.plan,
            RosterColumn::Paid => &self.paid,
        }
    }

    /// The header names folded once, to match many cells against.
    pub fn matcher(&self) -> RosterHeaders {
        RosterHeaders(
            RosterColumn::ALL
                .into_iter()
                .flat_map(|c| self.names(c).iter().map(move |n| (fold(n), c)))
                .collect(),
        )
    }

    /// [`RosterHeaders::match_header`] for one text.
    pub fn match_header(&self, text: &str) -> Option<(RosterColumn, Option<String>)> {
        self.matcher().match_header(text)
    }
}

/// The roster's header names, folded.
#[derive(Debug, Clone)]
pub struct RosterHeaders(Vec<(String, RosterColumn)>);

impl RosterHeaders {
    /// The column a header names, with the text of its trailing bracket (a unit, 队长) if
    /// any: `衔接资金计划（万元）` → (Plan, Some("万元")).
    pub fn match_header(&self, text: &str) -> Option<(RosterColumn, Option<String>)> {
        let mut key = fold(text);
        let mut inside = None;
        loop {
            if let Some((_, c)) = self.0.iter().find(|(n, _)| *n == key) {
                return Some((*c, inside));
            }
            let open = key.rfind(['(', '['])?;
            if !key.ends_with([')', ']']) {
                return None;
            }
            let within = key[open + 1..key.len() - 1].to_string();
            inside.get_or_insert(within);
            key.truncate(open);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_units_and_roles_match() {
        let d = RosterDef::default();
        assert_eq!(
            d.match_header("衔接资金计划（万元）"),
            Some((RosterColumn::Plan, Some("万元".into())))
        );
        assert_eq!(
            d.match_header("驻村工作队（队长）"),
            Some((RosterColumn::Team, Some("队长".into())))
        );
        assert_eq!(
            d.match_header(" 村 名 "),
            Some((RosterColumn::Village, None))
        );
        assert_eq!(d.match_header("监测对象户数"), None);
    }
}
