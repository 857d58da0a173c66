//! Where the editor shows a message: each field by name, and the messages by field.

use std::collections::BTreeMap;

/// A field of the editor, where a message is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    County,
    Deadline,
    Townships,
    TownName(usize),
    TownAliases(usize),
    Indicators,
    Indicator(usize),
    IndicatorUnit(usize),
    IndicatorAliases(usize),
    MeasureTarget(usize),
    MeasureWeight(usize),
    Weights,
    GreenAt,
    YellowAt,
    GreenTop,
    RedBottom,
    DutyName(usize),
    DutyMeasure(usize),
    DutyDone(usize),
    DutyPartial(usize),
    DutyAlso(usize),
    Rule(usize),
    Brief(&'static str),
    Signature,
    Heading(usize),
    Sentence(usize, usize, Part),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    When,
    Text,
    Otherwise,
}

/// Messages by field: errors keep the template from being saved, warnings do not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    pub errors: BTreeMap<Field, String>,
    pub warnings: BTreeMap<Field, String>,
    /// What the load check refuses that no field explains.
    pub whole: Option<String>,
}

impl Notes {
    pub fn error(&mut self, f: Field, m: impl Into<String>) {
        self.errors.entry(f).or_insert_with(|| m.into());
    }

    pub fn warn(&mut self, f: Field, m: impl Into<String>) {
        self.warnings.entry(f).or_insert_with(|| m.into());
    }

    pub fn is_valid(&self) -> bool {
        self.errors.is_empty() && self.whole.is_none()
    }
}
