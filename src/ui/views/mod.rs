//! The views of a month.

pub mod data;
pub mod duties;
pub mod followup;
pub mod overview;
pub mod progress;
pub mod reporting;
pub mod trends;

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
}

impl View {
    pub const ALL: [View; 7] = [
        View::Overview,
        View::Progress,
        View::Duties,
        View::Trends,
        View::Data,
        View::Reporting,
        View::Followup,
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
        }
    }
}
