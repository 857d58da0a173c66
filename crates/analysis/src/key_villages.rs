//! The 重点村 of a month as the view and the brief show them: each village with its leader,
//! unit and team, its fund disbursed against plan and against 序时进度, and its light.

use dd_core::model::roster::schedule;
use dd_core::model::{Light, Roster, YearMonth};

/// One key village, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyVillageRow {
    pub township: String,
    pub village: String,
    pub leader: String,
    pub unit: String,
    pub team: String,
    /// 万元
    pub plan: f64,
    pub paid: Option<f64>,
    /// Disbursed ÷ plan, percent.
    pub paid_percent: Option<f64>,
    /// Disbursed percent minus 序时进度, percentage points (negative: behind).
    pub against_schedule: Option<f64>,
    pub light: Light,
    /// What the roster leaves blank: 联点市级领导, 后盾单位, 驻村工作队.
    pub missing: Vec<&'static str>,
    /// `file!sheet!cell` of the row.
    pub place: String,
}

/// The roster in effect for a month.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyVillages {
    /// The month shown.
    pub month: YearMonth,
    /// The month the roster was imported for (earlier than `month` when carried over).
    pub roster_month: YearMonth,
    /// 序时进度 of `month`, percent.
    pub schedule: f64,
    pub rows: Vec<KeyVillageRow>,
    /// The responsibility the villages decide (the template's `[roster] derives`).
    pub duty: Option<String>,
}

impl KeyVillages {
    pub fn new(
        roster: &Roster,
        roster_month: YearMonth,
        month: YearMonth,
        duty: Option<&str>,
    ) -> KeyVillages {
        let schedule = schedule(month) * 100.0;
        let rows = roster
            .villages
            .iter()
            .map(|v| {
                let paid_percent = v.paid_percent();
                KeyVillageRow {
                    township: v.township.clone(),
                    village: v.village.clone(),
                    leader: v.leader.clone(),
                    unit: v.unit.clone(),
                    team: v.team.clone(),
                    plan: v.plan,
                    paid: v.paid,
                    paid_percent,
                    against_schedule: paid_percent.map(|p| p - schedule),
                    light: v.light(month),
                    missing: v.missing(),
                    place: v.place.clone(),
                }
            })
            .collect();
        KeyVillages {
            month,
            roster_month,
            schedule,
            rows,
            duty: duty.map(str::to_string),
        }
    }

    /// Which month's roster this is, in words: "2024年10月重点村名单" or, carried over,
    /// "2024年9月重点村名单（本月未更新名单）".
    pub fn source(&self) -> String {
        if self.roster_month == self.month {
            format!("{}重点村名单", self.roster_month.chinese())
        } else {
            format!(
                "{}重点村名单（本月未更新名单）",
                self.roster_month.chinese()
            )
        }
    }

    pub fn of_township<'a>(&'a self, township: &'a str) -> impl Iterator<Item = &'a KeyVillageRow> {
        self.rows.iter().filter(move |r| r.township == township)
    }

    pub fn plan_total(&self) -> f64 {
        self.rows.iter().map(|r| r.plan).sum()
    }

    /// The sum disbursed, where every village reports it.
    pub fn paid_total(&self) -> Option<f64> {
        self.rows.iter().map(|r| r.paid).sum()
    }

    /// How many villages have each light: green, yellow, red.
    pub fn lights(&self) -> [usize; 3] {
        let mut n = [0; 3];
        for r in &self.rows {
            n[match r.light {
                Light::Green => 0,
                Light::Yellow => 1,
                Light::Red => 2,
            }] += 1;
        }
        n
    }
}

impl KeyVillageRow {
    /// The village's standing in words, for a tooltip: "石潭村：李明、市发改委、王强；
    /// 已拨付45万元（90%，超序时进度6.7个百分点）".
    pub fn summary(&self) -> String {
        let people = if self.missing.is_empty() {
            format!("{}、{}、{}", self.leader, self.unit, self.team)
        } else {
            format!("未填{}", self.missing.join("、"))
        };
        let funds = match (self.paid, self.paid_percent, self.against_schedule) {
            (Some(paid), Some(pct), Some(gap)) => format!(
                "已拨付{}万元（{}%，{}）",
                dd_core::text::plain_number(paid),
                one_place(pct),
                against_words(gap)
            ),
            _ => "未填已拨付".to_string(),
        };
        format!("{}：{people}；{funds}", self.village)
    }
}

/// "超序时进度6.7个百分点" / "低于序时进度3个百分点" / "达到序时进度".
pub fn against_words(gap: f64) -> String {
    let g = (gap * 10.0).round() / 10.0;
    if g > 0.0 {
        format!("超序时进度{}个百分点", one_place(g))
    } else if g < 0.0 {
        format!("低于序时进度{}个百分点", one_place(-g))
    } else {
        "达到序时进度".to_string()
    }
}

fn one_place(x: f64) -> String {
    dd_core::text::plain_number((x * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dd_core::model::KeyVillage;

    #[test]
    fn rows_compare_funds_with_the_schedule() {
        let roster = Roster {
            villages: vec![KeyVillage {
                township: "山枣镇".into(),
                village: "石潭村".into(),
                leader: "李明".into(),
                unit: "市发改委".into(),
                team: "王强".into(),
                plan: 50.0,
                paid: Some(45.0),
                place: String::new(),
            }],
        };
        let oct = YearMonth::new(2024, 10).unwrap();
        let k = KeyVillages::new(&roster, YearMonth::new(2024, 9).unwrap(), oct, None);
        assert_eq!(
            k.rows[0].summary(),
            "石潭村：李明、市发改委、王强；已拨付45万元（90%，超序时进度6.7个百分点）"
        );
        assert_eq!(k.source(), "2024年9月重点村名单（本月未更新名单）");
        assert_eq!(k.lights(), [1, 0, 0]);
    }
}
