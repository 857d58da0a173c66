//! The views of a month.

pub mod brief;
pub mod data;
pub mod duties;
pub mod followup;
pub mod overview;
pub mod progress;
pub mod reporting;
mod sort;
pub mod trends;
pub mod villages;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum View {
    #[default]
    Overview,
    Progress,
    Duties,
    Trends,
    Data,
    /// 报送: who has reported the month.
    Reporting,
    /// 督办: last months' problems and how they were followed up.
    Followup,
    /// 重点村: the key villages of the roster.
    Villages,
    /// 通报: the month's brief as the clerk shapes it (通报问题, paragraphs, 成文日期).
    Brief,
}

impl View {
    pub const ALL: [View; 9] = [
        View::Overview,
        View::Progress,
        View::Duties,
        View::Trends,
        View::Data,
        View::Reporting,
        View::Followup,
        View::Villages,
        View::Brief,
    ];

    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "总览",
            View::Progress => "乡镇进展",
            View::Duties => "五大责任",
            View::Trends => "趋势",
            View::Data => "数据",
            View::Reporting => "报送",
            View::Followup => "督办",
            View::Villages => "重点村",
            View::Brief => "通报",
        }
    }
}
