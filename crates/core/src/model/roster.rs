//! The 重点村 roster (重点帮扶村名单): each key village with its 联点市级领导, 后盾单位,
//! 驻村工作队 and 衔接资金, and the status of a responsibility derived from them.

use super::{Cell, Light, Status, YearMonth};

/// One key village as the roster lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyVillage {
    /// Canonical township name (the template's).
    pub township: String,
    pub village: String,
    /// 联点市级领导; empty when the roster leaves it blank.
    pub leader: String,
    /// 后盾单位
    pub unit: String,
    /// 驻村工作队（队长）
    pub team: String,
    /// 衔接资金计划, 万元.
    pub plan: f64,
    /// 衔接资金已拨付, 万元, where the roster has the column and the cell is filled.
    // Part A's village rows may later carry fund_paid per village: it would fill this.
    pub paid: Option<f64>,
    /// Where the row came from: `file!sheet!A5`.
    pub place: String,
}

/// Why a village counts as covered or not, in the order a tooltip lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Funds {
    /// Disbursed ≥ plan × 序时进度.
    OnSchedule,
    Behind,
    /// No disbursed figure: the fund condition cannot be judged.
    Unknown,
}

impl KeyVillage {
    /// Leader, unit and team all named.
    pub fn is_staffed(&self) -> bool {
        [&self.leader, &self.unit, &self.team]
            .iter()
            .all(|s| !s.trim().is_empty())
    }

    /// What the roster lacks for this village: "联点市级领导、驻村工作队".
    pub fn missing(&self) -> Vec<&'static str> {
        [
            (&self.leader, "联点市级领导"),
            (&self.unit, "后盾单位"),
            (&self.team, "驻村工作队"),
        ]
        .into_iter()
        .filter(|(s, _)| s.trim().is_empty())
        .map(|(_, n)| n)
        .collect()
    }

    /// Disbursed as a percentage of plan.
    pub fn paid_percent(&self) -> Option<f64> {
        let paid = self.paid?;
        (self.plan > 0.0).then(|| paid / self.plan * 100.0)
    }

    pub fn funds(&self, month: YearMonth) -> Funds {
        match self.paid {
            None => Funds::Unknown,
            Some(p) if p + 1e-9 >= self.plan * schedule(month) => Funds::OnSchedule,
            Some(_) => Funds::Behind,
        }
    }

    /// 落实: staffed, and funds on schedule (or not reported: then staffing alone decides).
    pub fn is_done(&self, month: YearMonth) -> bool {
        self.is_staffed() && self.funds(month) != Funds::Behind
    }

    /// Green when done with funds reported; yellow when staffed but funds behind or not
    /// reported; red when the leader, unit or team is missing.
    pub fn light(&self, month: YearMonth) -> Light {
        match (self.is_staffed(), self.funds(month)) {
            (false, _) => Light::Red,
            (true, Funds::OnSchedule) => Light::Green,
            (true, _) => Light::Yellow,
        }
    }
}

/// 序时进度 of a month as a fraction (October → 10/12).
pub fn schedule(month: YearMonth) -> f64 {
    f64::from(month.month) / 12.0
}

/// A roster: the key villages in the order the sheet lists them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Roster {
    pub villages: Vec<KeyVillage>,
}

impl Roster {
    pub fn is_empty(&self) -> bool {
        self.villages.is_empty()
    }

    pub fn of_township<'a>(&'a self, township: &'a str) -> impl Iterator<Item = &'a KeyVillage> {
        self.villages.iter().filter(move |v| v.township == township)
    }

    pub fn plan_total(&self) -> f64 {
        self.villages.iter().map(|v| v.plan).sum()
    }

    /// Each township's status from its villages: all done (staffed, funds on schedule) →
    /// 已落实; some village at least staffed → 部分落实 (a linked leader whose funds lag has
    /// begun, not failed); no village with its leader, unit and team → 未落实. Townships in
    /// the roster's order of first appearance.
    pub fn statuses(&self, month: YearMonth) -> Vec<(String, Status)> {
        // (township, villages, done, staffed)
        let mut towns: Vec<(String, usize, usize, usize)> = Vec::new();
        for v in &self.villages {
            let done = usize::from(v.is_done(month));
            let staffed = usize::from(v.is_staffed());
            match towns.iter_mut().find(|(t, ..)| *t == v.township) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 += done;
                    entry.3 += staffed;
                }
                None => towns.push((v.township.clone(), 1, done, staffed)),
            }
        }
        towns
            .into_iter()
            .map(|(town, all, done, staffed)| {
                let status = if done == all {
                    Status::Done
                } else if staffed > 0 {
                    Status::Partial
                } else {
                    Status::NotDone
                };
                (town, status)
            })
            .collect()
    }
}

/// The history column of a responsibility's status derived from the roster (kept apart
/// from the written word, and never shown as a column of the month's table).
pub fn derived_column(duty: &str) -> String {
    format!("{duty}~roster")
}

/// The derived statuses of `duty` for every (month, township) of `towns` whose township has
/// villages in the roster in effect that month (`rosters` by month, any order).
pub fn derived_cells<'a>(
    rosters: &[(YearMonth, &Roster)],
    towns: impl IntoIterator<Item = (YearMonth, &'a str)>,
    duty: &str,
) -> Vec<Cell> {
    let mut towns: Vec<(YearMonth, &str)> = towns.into_iter().collect();
    towns.sort_unstable();
    towns.dedup();
    let column = derived_column(duty);
    let mut out = Vec::new();
    let mut month_statuses: Option<(YearMonth, Vec<(String, Status)>)> = None;
    for (month, town) in towns {
        if month_statuses.as_ref().is_none_or(|(m, _)| *m != month) {
            let roster = rosters
                .iter()
                .filter(|(m, _)| *m <= month)
                .max_by_key(|(m, _)| *m)
                .map(|(_, r)| r.statuses(month))
                .unwrap_or_default();
            month_statuses = Some((month, roster));
        }
        let Some((_, statuses)) = &month_statuses else {
            continue;
        };
        if let Some((_, s)) = statuses.iter().find(|(t, _)| t == town) {
            out.push(Cell {
                month,
                township: town.to_string(),
                column: column.clone(),
                value: None,
                status: Some(*s),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn village(town: &str, leader: &str, paid: Option<f64>) -> KeyVillage {
        KeyVillage {
            township: town.into(),
            village: format!("{town}村"),
            leader: leader.into(),
            unit: "市农业农村局".into(),
            team: "张三".into(),
            plan: 50.0,
            paid,
            place: String::new(),
        }
    }

    #[test]
    fn statuses_follow_villages_and_the_schedule() {
        let oct = YearMonth::new(2024, 10).unwrap();
        // 序时进度 of October: 50 × 10/12 = 41.67万元.
        let r = Roster {
            villages: vec![
                village("山枣镇", "李四", Some(42.0)),
                village("山枣镇", "王五", Some(45.0)),
                village("栗山镇", "赵六", Some(42.0)),
                village("栗山镇", "", Some(50.0)),
                village("中沙镇", "钱七", Some(30.0)),
                village("虞唐镇", "孙八", None),
                village("潭市镇", "", Some(45.0)),
            ],
        };
        assert_eq!(
            r.statuses(oct),
            vec![
                ("山枣镇".to_string(), Status::Done),
                ("栗山镇".to_string(), Status::Partial),
                // Staffed, funds behind: begun, not failed.
                ("中沙镇".to_string(), Status::Partial),
                ("虞唐镇".to_string(), Status::Done),
                // No leader for its only village.
                ("潭市镇".to_string(), Status::NotDone),
            ]
        );
        assert_eq!(r.villages[3].missing(), vec!["联点市级领导"]);
        assert_eq!(r.villages[4].light(oct), Light::Yellow);
        assert_eq!(r.villages[3].light(oct), Light::Red);
        assert_eq!(r.villages[0].light(oct), Light::Green);
        // In August the same 30万元 is on schedule (50 × 8/12 = 33.3 → still behind).
        let aug = YearMonth::new(2024, 8).unwrap();
        assert!(!r.villages[4].is_done(aug));
        assert!(r.villages[4].is_done(YearMonth::new(2024, 7).unwrap()));
    }
}
