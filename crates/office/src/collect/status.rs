//! Who has reported: per month and township, 已报 (when, which file, which version), 未报,
//! 逾期 (nothing after the template's deadline day) or 退回 (a file sent back, with why).

use dd_core::model::YearMonth;
use dd_core::template::Template;
use dd_store::{ArrivalRecord, ReturnRecord};

/// A township's reporting state for a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportState {
    Reported { version: i64 },
    Missing,
    Late,
    Returned { reasons: String },
}

impl ReportState {
    pub fn label(&self) -> &'static str {
        match self {
            ReportState::Reported { .. } => "已报",
            ReportState::Missing => "未报",
            ReportState::Late => "逾期",
            ReportState::Returned { .. } => "退回",
        }
    }

    /// Those who still owe the month their figures.
    pub fn is_outstanding(&self) -> bool {
        !matches!(self, ReportState::Reported { .. })
    }
}

/// One line of the 报送 list.
#[derive(Debug, Clone, PartialEq)]
pub struct TownshipReport {
    pub township: String,
    pub state: ReportState,
    /// When the file arrived (or was sent back).
    pub at: Option<String>,
    pub file: Option<String>,
}

/// The 报送 state of a month, townships in template order.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    pub month: YearMonth,
    /// 2024年11月25日
    pub deadline: String,
    pub past_deadline: bool,
    pub townships: Vec<TownshipReport>,
}

impl Collection {
    pub fn reported(&self) -> usize {
        self.townships
            .iter()
            .filter(|t| !t.state.is_outstanding())
            .count()
    }

    pub fn expected(&self) -> usize {
        self.townships.len()
    }

    pub fn is_complete(&self) -> bool {
        self.reported() == self.expected()
    }

    /// The townships that have not reported (未报, 逾期 or 退回), template order.
    pub fn outstanding(&self) -> Vec<String> {
        self.townships
            .iter()
            .filter(|t| t.state.is_outstanding())
            .map(|t| t.township.clone())
            .collect()
    }

    /// `已报 20/22 · 未报：东山街道、壶天镇`
    pub fn summary(&self) -> String {
        let missing = self.outstanding();
        let mut s = format!("已报 {}/{}", self.reported(), self.expected());
        if !missing.is_empty() {
            s.push_str(&format!(
                " · {}：{}",
                if self.past_deadline {
                    "逾期未报"
                } else {
                    "未报"
                },
                missing.join("、")
            ));
        }
        s
    }

    /// The text of a 催报 notice naming those who have not reported.
    pub fn reminder(&self, t: &Template) -> String {
        let missing = self.outstanding();
        if missing.is_empty() {
            return format!(
                "{}各乡镇（街道）月调度数据已全部报送。",
                self.month.chinese()
            );
        }
        let returned: Vec<String> = self
            .townships
            .iter()
            .filter_map(|r| match &r.state {
                ReportState::Returned { reasons } => {
                    Some(format!("{}（退回原因：{}）", r.township, reasons))
                }
                _ => None,
            })
            .collect();
        let mut s = format!(
            "催报通知：{}{}巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度数据报送截止时间为{}。截至目前，{}尚未报送，请于收到通知后1个工作日内报{}办公室。",
            t.county,
            self.month.chinese(),
            self.deadline,
            missing.join("、"),
            t.group()
        );
        if !returned.is_empty() {
            s.push_str(&format!(
                "其中{}报送的表格已退回，请修改后重新报送。",
                returned.join("、")
            ));
        }
        s
    }
}

/// The 报送 state of `month` from what the workspace holds. `today` is (year, month, day).
pub fn collection(
    t: &Template,
    month: YearMonth,
    present: &[String],
    arrivals: &[ArrivalRecord],
    returns: &[ReturnRecord],
    today: (i32, u32, u32),
) -> Collection {
    let day = t.deadline_day.min(month.days());
    let past_deadline = today > (month.year, month.month, day);
    let townships = t
        .townships
        .iter()
        .map(|town| {
            let name = &town.name;
            if present.contains(name) {
                let arrival = arrivals.iter().find(|a| &a.township == name);
                return TownshipReport {
                    township: name.clone(),
                    state: ReportState::Reported {
                        version: arrival.map_or(0, |a| a.version),
                    },
                    at: arrival.map(|a| a.at.clone()),
                    file: arrival.map(|a| a.file.clone()),
                };
            }
            match returns.iter().find(|r| &r.township == name) {
                Some(r) => TownshipReport {
                    township: name.clone(),
                    state: ReportState::Returned {
                        reasons: r.reasons.clone(),
                    },
                    at: Some(r.at.clone()),
                    file: Some(r.file.clone()),
                },
                None => TownshipReport {
                    township: name.clone(),
                    state: if past_deadline {
                        ReportState::Late
                    } else {
                        ReportState::Missing
                    },
                    at: None,
                    file: None,
                },
            }
        })
        .collect();
    Collection {
        month,
        deadline: dd_core::template::deadline(t, month),
        past_deadline,
        townships,
    }
}
