//! A problem a month raised for 督办, and what the workspace keeps of it.

use super::YearMonth;

/// The kind of a problem the clerk added by hand: never raised from data, closed by hand.
pub const MANUAL: &str = "manual";

/// A problem as a month raised it.
#[derive(Debug, Clone, PartialEq)]
pub struct Raised {
    pub month: YearMonth,
    pub township: String,
    /// `measure`, `duty`, `balance`, `late` or [`MANUAL`].
    pub kind: String,
    /// The measure or duty id, or the rule; empty for late reporting.
    pub key: String,
    /// What it is, in words: 风险消除率56.6%（目标60%）.
    pub what: String,
    /// The figure when raised (a measure's value, a duty's status ordinal).
    pub figure: Option<f64>,
    pub target: Option<f64>,
    /// Named in the month's brief unless the clerk chooses otherwise: the worst of each
    /// kind, up to the template's `max_items`.
    pub named: bool,
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
    pub choice: Choice,
}

/// What the clerk made of a problem for the brief (通报问题) and its 整改台账 line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Choice {
    /// Named in the brief and followed up (the raised default, or the clerk's tick).
    pub named: bool,
    /// The clerk ticked or unticked it: a new raising keeps the clerk's word.
    pub by_clerk: bool,
    /// The problem as the clerk worded it (else the raised words).
    pub wording: Option<String>,
    /// 整改时限 (else the next month's reporting deadline).
    pub deadline: Option<String>,
    /// 责任单位 (else the township).
    pub unit: Option<String>,
}

impl StoredFollowup {
    /// The problem's words as the brief and the ledger show them.
    pub fn what(&self) -> &str {
        self.choice.wording.as_deref().unwrap_or(&self.raised.what)
    }

    /// 责任单位.
    pub fn unit(&self) -> &str {
        self.choice.unit.as_deref().unwrap_or(&self.raised.township)
    }
}
