//! The brief (通报) as a model, composed from the month's analysis and the template's words:
//!
//! - [`model`]: the document as plain data ([`Brief`], blocks, paragraphs, tables, charts);
//! - [`compose`]: sentences from the template's wording, filled with the month's figures
//!   (with [`sections`] for the paragraphs of 二, 三 and 四);
//! - [`tables`]: the tables, declared as lists of columns;
//! - [`words`]: number words: how a figure of each unit is written, the change in 个百分点;
//! - [`title`]: the title broken into whole words in a balanced shape.

mod compose;
pub mod model;
mod sections;
mod tables;
pub mod title;
pub mod words;

pub use compose::{compose, compose_words};
pub use model::*;

use dd_analysis::{MeasureInfo, MonthAnalysis, Rate};

/// The measures compared with 序时进度 (衔接资金拨付率), with their index in
/// [`MonthAnalysis::measures`] (and in each township's values) and their county rate.
pub fn schedule_measures(a: &MonthAnalysis) -> impl Iterator<Item = (usize, &MeasureInfo, &Rate)> {
    a.measures
        .iter()
        .enumerate()
        .filter_map(|(k, m)| Some((k, m, a.rate(&m.id).filter(|r| r.schedule)?)))
}

/// Each township's value of measure `k` (townships without one left out), in rank order.
pub fn measure_values(a: &MonthAnalysis, k: usize) -> Vec<(&str, f64)> {
    a.progress
        .iter()
        .filter_map(|p| Some((p.township.as_str(), p.values.get(k).copied().flatten()?)))
        .collect()
}
