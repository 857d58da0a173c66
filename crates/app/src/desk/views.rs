//! What the app shows, as plain data the worker prepares: no DataFrame, no file handle.

use std::collections::BTreeMap;

use dd_analysis::followup::Item;
use dd_analysis::{MonthAnalysis, Series};
use dd_core::model::{Problem, YearMonth};
use dd_core::template::TemplateFile;
use dd_office::collect::Collection;
use dd_store::{MonthInfo, TemplateVersion};

/// The workspace as the app shows it.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub workspace: String,
    pub months: Vec<MonthInfo>,
    pub current: Option<MonthView>,
    /// The workspace's template (the one in use) and its versions, newest first.
    pub template: Option<TemplateView>,
}

/// The template in use, as the 县市设置 editor takes it.
#[derive(Debug, Clone)]
pub struct TemplateView {
    pub file: TemplateFile,
    pub version: i64,
    /// Still the bundled sample (the county has not set up its own).
    pub sample: bool,
    pub versions: Vec<TemplateVersion>,
}

/// One month with everything its views need.
#[derive(Debug, Clone)]
pub struct MonthView {
    pub month: YearMonth,
    pub sample: bool,
    pub analysis: MonthAnalysis,
    /// 总览's headline cards and the trends shown first, from the template.
    pub cards: Vec<dd_core::template::CardDef>,
    pub default_trends: Vec<String>,
    pub table: TableView,
    pub problems: Vec<Problem>,
    /// The county's trend line of each choice, by id (township lines come on request).
    pub county_trends: BTreeMap<String, Series>,
    /// Choices for the trend view: (id, name, unit).
    pub trend_choices: Vec<(String, String, String)>,
    /// Each township's progress score month by month.
    pub scores: BTreeMap<String, Vec<(YearMonth, f64)>>,
    /// The 下步工作要求 text kept with the month (or the template's default).
    pub next_steps: String,
    /// Who has reported this month (已报/未报/逾期/退回).
    pub collection: Collection,
    /// The text of a 催报 notice naming those who have not reported.
    pub reminder: String,
    /// 督办: the problems earlier months raised, judged by this month's data.
    pub followups: Vec<Item>,
    /// The problems this month raises (judged when a later month arrives).
    pub raised: Vec<Item>,
    /// The 点评 of the meeting: the last townships by rank and every red light, worst first.
    pub reviews: Vec<TownshipReview>,
    /// The 重点村 roster in effect (this month's or the latest earlier one).
    pub key_villages: Option<dd_analysis::KeyVillages>,
}

impl MonthView {
    /// A township's place in the template's order (unknown ones last), to sort lists by.
    pub fn township_order(&self, town: &str) -> usize {
        self.table
            .rows
            .iter()
            .position(|r| r.township == town)
            .unwrap_or(usize::MAX)
    }
}

/// One township's 点评: where it stands, what is below target, what is not done, and what
/// last month raised that is still open.
#[derive(Debug, Clone, PartialEq)]
pub struct TownshipReview {
    pub township: String,
    pub score: Option<f64>,
    pub score_change: Option<f64>,
    pub rank: Option<usize>,
    /// Places gained since last month (positive = up).
    pub rank_change: Option<i64>,
    pub light: Option<dd_core::model::Light>,
    /// Measures below target: (name, value, target, gap), in words: (风险消除率, 56.6%, 60%, 差3.4个百分点).
    pub below: Vec<(String, String, String, String)>,
    /// 未落实 and 部分落实 duties: (name, status).
    pub duties: Vec<(String, dd_core::model::Status)>,
    /// Last month's problems still open (未整改), in words.
    pub open_items: Vec<String>,
}

/// A trend line: (indicator or measure id, None for the county or Some(township)).
pub type TrendKey = (String, Option<String>);

/// Trend lines of a month, as asked for.
#[derive(Debug, Clone)]
pub struct Trends {
    pub month: YearMonth,
    pub series: BTreeMap<TrendKey, Series>,
}

/// The month table as text, with the cells that raised problems marked.
#[derive(Debug, Clone, Default)]
pub struct TableView {
    /// (id, name, unit)
    pub columns: Vec<(String, String, String)>,
    pub rows: Vec<TableRowView>,
}

#[derive(Debug, Clone, Default)]
pub struct TableRowView {
    pub township: String,
    pub cells: Vec<String>,
    /// For each cell, the messages of the problems found there.
    pub flags: Vec<Vec<String>>,
}

/// An import under review, before it is stored.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub files: Vec<String>,
    pub refused: Vec<String>,
    pub month: Option<YearMonth>,
    pub townships: usize,
    pub columns: usize,
    /// Villages of a 重点村 roster among the files.
    pub roster_villages: usize,
    pub problems: Vec<ProblemView>,
}

impl Preview {
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.problem.is_error())
            .count()
    }

    /// Imports when some file was accepted (refused files are recorded as 退回).
    pub fn can_import(&self) -> bool {
        self.townships > 0 || self.roster_villages > 0
    }
}

#[derive(Debug, Clone)]
pub struct ProblemView {
    pub problem: Problem,
    /// The sheet row the problem points at: (cell name, text), empty cells left out.
    pub row: Vec<(String, String)>,
}

/// What checking a month again under the template in use changes.
#[derive(Debug, Clone)]
pub struct Recheck {
    pub month: YearMonth,
    /// The template version in use, and the one the month was imported with.
    pub version: i64,
    pub imported_with: Option<i64>,
    /// Balance warnings the template in use raises that the old one did not, and gone ones.
    pub new_warnings: Vec<String>,
    pub gone_warnings: Vec<String>,
    /// Townships whose score, rank or light changes: (township, before, after), in words.
    pub ranking: Vec<(String, String, String)>,
}
