//! A problem a month raised for 督办, and what the workspace keeps of it.

use super::YearMonth;

/// A problem as a month raised it.
#[derive(Debug, Clone, PartialEq)]
pub struct Raised {
    pub month: YearMonth,
    pub township: String,
    /// `measure`, `duty`, `balance` or `late`.
    pub kind: String,
    /// The measure or duty id, or the rule; empty for late reporting.
    pub key: String,
    /// What it is, in words: 风险消除率56.6%（目标60%）.
    pub what: String,
    /// The figure when raised (a measure's value, a duty's status ordinal).
    pub figure: Option<f64>,
    pub target: Option<f64>,
}

/// A raised problem with what the workspace keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFollowup {
    pub id: i64,
    pub raised: Raised,
    /// The month's data no longer shows it (the month was replaced or undone).
    pub withdrawn: bool,
    pub raised_at: String,
    /// Closed by hand: (when, note).
    pub closed: Option<(String, String)>,
}
