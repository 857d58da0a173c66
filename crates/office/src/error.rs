//! The one error of the use cases: each layer's own, wrapped, so both doors say the same
//! words (the command line on stderr, the window in its status line).

use dd_core::model::YearMonth;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] dd_store::StoreError),
    #[error(transparent)]
    Export(#[from] dd_export::ExportError),
    #[error(transparent)]
    Template(#[from] dd_core::template::TemplateError),
    #[error(transparent)]
    Form(#[from] crate::collect::form::FormError),
    /// A failure of the analysis: the data could not be analysed, the workspace is fine.
    #[error("分析数据时出错：{0}")]
    Analysis(#[from] polars::error::PolarsError),
    /// What the user typed does not read (a date, a number), with the reason.
    #[error("{0}")]
    Invalid(String),
    #[error("工作区中没有{}的数据", .0.chinese())]
    NoMonth(YearMonth),
    #[error("无法读取 {path}：{source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("无法写入 {path}：{source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
