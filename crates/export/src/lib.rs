//! The meeting brief (通报): composed once from a month's analysis into a plain [`Brief`],
//! then written as .docx (GB/T 9704 layout), .pdf (embedded, subset fonts), an .xlsx summary
//! and PNG charts. The office builds a [`BriefInput`] (from the workspace, or [`BriefInput::from_tables`]),
//! [`compose`], then [`write`]: it does no file IO and no dataframe work of its own.
//!
//! ```text
//! MonthAnalysis + template [brief] words + problems + 下步工作要求 ──► compose ──► Brief
//!     Brief ──► layout::walk ──► docx / pdf (two Sinks) ──► bytes ──► temp file ──► rename
//!     Brief.workbook ──► xlsx
//! ```

pub mod brief;
pub mod chart;
pub mod docx;
pub mod fonts;
pub mod layout;
pub mod pdf;
pub mod xlsx;

use std::io::Write;
use std::path::{Path, PathBuf};

use dd_analysis::{Analysis, MonthAnalysis, Series};
use dd_core::model::{History, Level, MonthTable, Problem, TableCell, YearMonth};
use dd_core::template::{Template, Unit};

pub use brief::{
    Block, Brief, Cell, Chart, Column, EditState, Paragraph, Span, SpanFont, Table, compose,
    compose_words,
};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("不支持的文件类型“{0}”：通报可导出为 .docx、.pdf 或 .xlsx")]
    UnknownFormat(String),
    #[error("{}", crate::fonts::MISSING_HELP)]
    NoFont,
    #[error("无法写入 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("生成{what}时出错：{detail}")]
    Render { what: &'static str, detail: String },
    #[error("{}没有数据", .0.chinese())]
    NoMonth(YearMonth),
    #[error("分析数据时出错：{0}")]
    Analysis(#[from] polars::error::PolarsError),
}

/// What a brief can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Docx,
    Pdf,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Docx, Format::Pdf, Format::Xlsx];

    /// The format named by a path's extension (case-insensitive).
    pub fn from_path(path: &Path) -> Result<Format, ExportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Ok(Format::Docx),
            "pdf" => Ok(Format::Pdf),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(ExportError::UnknownFormat(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }

    /// For a save dialog's filter: "Word 文档".
    pub fn label(self) -> &'static str {
        match self {
            Format::Docx => "Word 文档",
            Format::Pdf => "PDF 文件",
            Format::Xlsx => "Excel 汇总表",
        }
    }
}

/// 成文日期.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Today in China Standard Time (UTC+8, where the briefs are written).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days((secs + 8 * 3600).div_euclid(86_400))
    }

    /// The civil date of a day count since 1970-01-01.
    fn from_days(days: i64) -> Date {
        let (year, month, day) = dd_core::model::civil_date(days);
        Date { year, month, day }
    }

    /// 2024年10月28日 (Arabic digits, as GB/T 9704-2012 asks).
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// A text that is no date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("日期“{0}”格式不对，应写作 YYYY-MM-DD，例如 2024-10-28")]
pub struct BadDate(pub String);

impl std::str::FromStr for Date {
    type Err = BadDate;
    /// `2024-10-28` (or 2024/10/28, 2024.10.28), a real day.
    fn from_str(s: &str) -> Result<Date, BadDate> {
        let bad = || BadDate(s.to_string());
        let mut parts = s.trim().split(['-', '/', '.']);
        let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok());
        let (Some(y), Some(m), Some(d)) = (next(), next(), next()) else {
            return Err(bad());
        };
        let month = YearMonth::new(y as i32, m).ok_or_else(bad)?;
        if d == 0 || d > month.days() || parts.next().is_some() {
            return Err(bad());
        }
        Ok(Date {
            year: month.year,
            month: m,
            day: d,
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A township's raw values of the month, for the workbook (no dataframe leaves here).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthData {
    /// (indicator id, name, unit), template order, only the columns the month carries.
    pub columns: Vec<(String, String, Unit)>,
    pub townships: Vec<String>,
    /// values[township][column]
    pub values: Vec<Vec<Option<f64>>>,
}

impl MonthData {
    pub fn of(table: &MonthTable, t: &Template) -> MonthData {
        let names = table.columns();
        let columns: Vec<(String, String, Unit)> = names
            .iter()
            .filter_map(|c| t.indicator(c))
            .map(|i| (i.id.clone(), i.name.clone(), i.unit.clone()))
            .collect();
        let mut townships = Vec::new();
        let mut values = Vec::new();
        for (town, cells) in table.rows() {
            townships.push(town);
            values.push(
                names
                    .iter()
                    .zip(cells)
                    .filter(|(c, _)| t.indicator(c).is_some())
                    .map(|(_, cell)| match cell {
                        TableCell::Value(v) => v,
                        TableCell::Status(_) => None,
                    })
                    .collect(),
            );
        }
        MonthData {
            columns,
            townships,
            values,
        }
    }
}

/// Everything a brief is made from. Owned, so the app can keep it while the clerk edits the
/// 下步工作要求.
#[derive(Debug, Clone)]
pub struct BriefInput {
    pub template: Template,
    pub analysis: MonthAnalysis,
    pub data: MonthData,
    /// The month's import problems (balance-rule warnings go into 存在问题).
    pub problems: Vec<Problem>,
    /// County trends of the key rates, month by month (up to this month).
    pub trends: Vec<Series>,
    /// The clerk's 下步工作要求; None uses the template's.
    pub next_steps: Option<String>,
    /// 成文日期.
    pub date: Date,
    /// 印发日期 in the 版记; None: the 成文日期.
    pub printed: Option<Date>,
    /// 发文顺序号 for the 发文字号 (12 in 〔2024〕12号), when the template issues a 文件.
    pub number: Option<String>,
    /// The reporting deadline of the month (截至2024年11月25日), for the townships that
    /// did not report.
    pub deadline: String,
    /// How last month's problems stand by this month's data (督办).
    pub followup: dd_analysis::followup::Review,
    /// The 重点村 roster in effect, for its attachment table.
    pub key_villages: Option<dd_analysis::KeyVillages>,
    /// The problems the brief names (通报问题), as the clerk chose them; None (no workspace)
    /// names what the analysis finds, each sentence cut short after `max_items`.
    pub named: Option<Vec<NamedProblem>>,
    /// The paragraphs the clerk rewrote for this month.
    pub edits: Vec<ParagraphEdit>,
}

/// A problem the brief names, with its 整改台账 line.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedProblem {
    /// `measure`, `duty`, `balance`, `late` or `manual` (see `dd_analysis::followup`).
    pub kind: String,
    /// The measure or duty id, the rule.
    pub key: String,
    pub township: String,
    /// In words: 风险消除率56.6%（目标60%）, or the clerk's.
    pub what: String,
    /// A measure's value when raised (for the sentence's figure).
    pub figure: Option<f64>,
    /// 责任单位.
    pub unit: String,
    /// 整改时限.
    pub deadline: String,
}

/// A paragraph of the brief as the clerk rewrote it, with the generated text it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphEdit {
    pub key: String,
    pub generated: String,
    pub edited: String,
}

impl BriefInput {
    /// The brief of `month` from an analysed history (months after it are left out).
    pub fn from_analysis(
        analysis: &Analysis,
        t: &Template,
        month: YearMonth,
        problems: Vec<Problem>,
    ) -> Result<BriefInput, ExportError> {
        let until = if analysis.months().last().is_some_and(|m| *m > month) {
            Analysis::new(analysis.history().until(month)?, t)?
        } else {
            analysis.clone()
        };
        let view = until.month(month)?.ok_or(ExportError::NoMonth(month))?;
        Ok(BriefInput {
            template: t.clone(),
            data: MonthData::of(&until.table(month)?, t),
            trends: key_trends(t, &until),
            analysis: view,
            problems,
            next_steps: None,
            date: Date::today(),
            printed: None,
            number: None,
            deadline: dd_core::template::deadline(t, month),
            followup: dd_analysis::followup::Review::default(),
            key_villages: None,
            named: None,
            edits: Vec::new(),
        })
    }

    /// From a month's table and the stored months (any order; later months are ignored).
    pub fn from_tables(
        t: &Template,
        month: YearMonth,
        table: &MonthTable,
        history: &[(YearMonth, &MonthTable)],
        problems: Vec<Problem>,
    ) -> Result<BriefInput, ExportError> {
        let mut months: Vec<(YearMonth, &MonthTable)> = history
            .iter()
            .filter(|(m, _)| *m < month)
            .copied()
            .collect();
        months.push((month, table));
        let analysis = Analysis::new(History::from_tables(&months, t)?, t)?;
        BriefInput::from_analysis(&analysis, t, month, problems)
    }

    /// The 下步工作要求 the brief will carry (the clerk's, else the template's).
    pub fn next_steps_text(&self) -> &str {
        self.next_steps
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&self.template.brief.next_steps)
    }

    /// Balance-rule and other warnings of the import.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.level == Level::Warning)
    }
}

/// County series of the weighted percent measures that moved (a line stuck at 100% says
/// nothing), at most four, heaviest first.
fn key_trends(t: &Template, analysis: &Analysis) -> Vec<Series> {
    let mut measures: Vec<_> = t
        .measures
        .iter()
        .filter(|m| m.is_percent() && m.weight > 0.0)
        .collect();
    measures.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    measures
        .into_iter()
        .map(|m| analysis.county_series(&m.id))
        .filter(|s| !s.points.is_empty() && s.points.iter().any(|(_, v)| *v < 99.95))
        .take(4)
        .collect()
}

/// A file name for the brief: {county}2024年10月工作调度情况通报.docx
pub fn default_file_name(input: &BriefInput, format: Format) -> String {
    format!(
        "{}{}工作调度情况通报.{}",
        input.template.county,
        input.analysis.month.chinese(),
        format.extension()
    )
}

/// The brief as the bytes of a file.
pub fn render(brief: &Brief, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Docx => docx::render(brief),
        Format::Pdf => pdf::render(brief),
        Format::Xlsx => xlsx::render(brief),
    }
}

/// Writes the brief to `path`: rendered in memory, written to a temporary file in the same
/// folder, then renamed over `path`, so no half-written brief is ever left. The caller asks
/// before replacing an existing file.
pub fn write(brief: &Brief, format: Format, path: &Path) -> Result<(), ExportError> {
    let bytes = render(brief, format)?;
    write_atomic(path, &bytes)
}

/// Writes the chart images of the brief as PNG files into `dir` (created if needed);
/// returns their paths.
pub fn write_charts(input: &BriefInput, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let charts = chart::charts(input)?;
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, c) in charts.iter().enumerate() {
        let path = dir.join(format!(
            "{}{}_{}{}.png",
            input.template.county,
            input.analysis.month.chinese(),
            i + 1,
            c.name
        ));
        write_atomic(&path, &c.png)?;
        out.push(path);
    }
    Ok(out)
}

/// Temporary file beside `path`, flushed and synced, then renamed into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "brief".into());
    let tmp = dir.join(format!(".~{}.{}.tmp", name, std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(
            Date::from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        // 2024-10-28
        assert_eq!(Date::from_days(20_024).chinese(), "2024年10月28日");
        assert_eq!(Date::from_days(19_782).chinese(), "2024年2月29日");
    }

    #[test]
    fn formats_from_extension() {
        assert_eq!(
            Format::from_path(Path::new("a/通报.DOCX")).unwrap(),
            Format::Docx
        );
        assert_eq!(Format::from_path(Path::new("x.pdf")).unwrap(), Format::Pdf);
        assert!(Format::from_path(Path::new("x.doc")).is_err());
    }
}
