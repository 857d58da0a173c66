//! The command line: the same core as the app, headless, for scripting and tests.

mod backup;
mod brief;
mod form;
mod inspect;
mod template;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use dd_core::model::YearMonth;
use dd_core::template::Template;
use dd_store::Workspace;

#[derive(Debug, Parser)]
#[command(
    name = "dispatch-desk",
    version = dd_core::VERSION,
    about = "月调度：导入乡镇报表，审核、排名、亮灯，生成通报"
)]
pub struct Cli {
    /// 工作区文件夹（默认在用户数据目录）
    #[arg(long, global = true)]
    pub workspace: Option<PathBuf>,
    /// 打开窗口并直接进入这些表格文件的导入审核（“打开方式”、拖到图标上的文件）
    pub paths: Vec<PathBuf>,
    /// 打开后直接全屏演示（会议电脑的桌面快捷方式）；默认演示最新的月份
    #[arg(long, conflicts_with = "paths")]
    pub present: bool,
    /// 演示的月份 YYYY-MM（与 --present 同用）
    #[arg(long, requires = "present")]
    pub month: Option<YearMonth>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 读取表格文件或文件夹（文件夹内全部表格合并），把合并后的月度数据输出到标准输出，问题输出到标准错误
    Inspect {
        /// 表格文件或文件夹
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 模板文件（默认使用内置的示例模板）
        #[arg(long)]
        template: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// 输出村级明细（township,village,指标…），而不是各乡镇的数据
        #[arg(long)]
        villages: bool,
    },
    /// 把表格导入工作区：各乡镇的数据并入该月（与已有数据不同时需 --replace 确认；被拒收的文件不导入，记为“退回”）
    Import {
        /// 表格文件或文件夹
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 月份 YYYY-MM（不填则从标题、文件名识别）
        #[arg(long)]
        month: Option<YearMonth>,
        /// 该月已有数据时替换（旧版本保留，可撤销）
        #[arg(long)]
        replace: bool,
    },
    /// 列出工作区中的月份、版本和来源文件
    Months,
    /// 某月各乡镇（街道）的报送情况：已报 / 未报 / 逾期 / 退回（每行：乡镇、状态、时间、文件）
    Status {
        /// 月份 YYYY-MM
        #[arg(long)]
        month: YearMonth,
    },
    /// 撤销某月最近一次导入，恢复上一个版本
    Undo {
        /// 月份 YYYY-MM
        #[arg(long)]
        month: YearMonth,
    },
    /// 删除全部示例数据
    RemoveSamples,
    /// 生成某月的填报表（按模板：各乡镇一行，表头、合计公式、填写校验、保护表头）
    Form {
        /// 月份 YYYY-MM
        #[arg(long)]
        month: YearMonth,
        /// 全县（市）一张表：输出文件 .xlsx
        #[arg(
            long,
            conflicts_with = "per_township",
            required_unless_present = "per_township"
        )]
        out: Option<PathBuf>,
        /// 每个乡镇（街道）一个文件，写入这个文件夹
        #[arg(long)]
        per_township: Option<PathBuf>,
        /// 预先填入上个月的数据，各乡镇只需改动变化的部分
        #[arg(long)]
        prefill: bool,
    },
    /// 工作区的模板：导出、导入（成为新版本）、检查
    Template {
        #[command(subcommand)]
        action: TemplateAction,
    },
    /// 把整个工作区（全部月份）备份到一个文件
    Backup {
        /// 备份文件，如 工作区备份.sqlite
        #[arg(long)]
        out: PathBuf,
        /// 备份文件已存在时直接替换
        #[arg(long)]
        force: bool,
    },
    /// 用备份文件恢复工作区（先检查文件，并先备份当前工作区）
    Restore {
        /// 备份文件
        file: PathBuf,
    },
    /// The isolated reader (the app runs it for each drop; not for people).
    #[command(name = "__reader", hide = true)]
    Reader {
        /// Memory cap in bytes.
        #[arg(long)]
        memory: u64,
        /// CPU time limit in seconds.
        #[arg(long)]
        cpu: u64,
    },
    /// 生成月调度通报：--month 取工作区中的月份（此前各月用于“较上月”），或直接读取表格文件；
    /// --out 的扩展名决定格式（.docx / .pdf / .xlsx）
    Brief {
        /// 表格文件或文件夹（不用 --month 时）
        paths: Vec<PathBuf>,
        /// 月份 YYYY-MM（取工作区中的该月；与文件同用时指定文件的月份）
        #[arg(long)]
        month: Option<YearMonth>,
        /// 输出文件：通报.docx、通报.pdf 或 汇总.xlsx
        #[arg(long)]
        out: PathBuf,
        /// 模板文件（默认使用内置的示例模板）
        #[arg(long)]
        template: Option<PathBuf>,
        /// 输出文件已存在时直接替换，不询问
        #[arg(long)]
        force: bool,
        /// 该月还有乡镇未报送时也生成（通报中会写明未报送的单位）
        #[arg(long)]
        allow_incomplete: bool,
        /// 成文日期 YYYY-MM-DD（默认：窗口“通报”中为该月选定的日期，未选时为今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<dd_export::Date>,
        /// 版记的印发日期 YYYY-MM-DD（默认同成文日期）
        #[arg(long, value_name = "YYYY-MM-DD")]
        printed: Option<dd_export::Date>,
        /// 发文字号中的发文顺序号（模板要求发文字号时，如 12 → 〔2024〕12号）
        #[arg(long, value_name = "序号")]
        number: Option<u32>,
    },
}

/// `template export|import|check`.
#[derive(Debug, Subcommand)]
pub enum TemplateAction {
    /// 把工作区正在使用的模板写成 .toml 文件（可交给其他县市或备份）
    Export {
        /// 输出文件
        #[arg(long)]
        out: PathBuf,
    },
    /// 检查模板文件后存为工作区模板的新版本（旧版本保留）
    Import {
        /// 模板文件（.toml）
        file: PathBuf,
    },
    /// 只检查模板文件，列出每个问题的行号和键名
    Check {
        /// 模板文件（.toml）
        file: PathBuf,
    },
    /// 从本县的表格（或下发的空表）识别乡镇和指标，写成模板文件
    FromSheet {
        /// 表格文件（.xlsx、.xls、.csv…）
        file: PathBuf,
        /// 县市名称（不写时为“本县”）
        #[arg(long)]
        county: Option<String>,
        /// 输出的模板文件（.toml）
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// Exit codes: 0 all imported (warnings allowed), 1 an input refused, 2 a usage error.
pub fn run() -> ExitCode {
    // Files are read by this same program re-run as `__reader` (see import::isolation).
    dd_import::this_program_reads();
    dd_office::logfile::init();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            if let Error::Failed(_) = &e {
                log::error!("{e}");
            }
            eprintln!("{e}");
            e.code()
        }
    }
}

/// The command asked for: its exit code, or why it stopped (said once, by [`run`]).
pub fn dispatch(cli: Cli) -> Result<ExitCode, Error> {
    let launch = cli.launch();
    match cli.command {
        Some(Command::Inspect {
            paths,
            template,
            format,
            villages,
        }) => inspect::inspect(&paths, template.as_deref(), format, villages),
        Some(Command::Import {
            paths,
            month,
            replace,
        }) => workspace::import_into(cli.workspace.as_deref(), &paths, month, replace),
        Some(Command::Template { action }) => template::run(cli.workspace.as_deref(), action),
        Some(Command::Form {
            month,
            out,
            per_township,
            prefill,
        }) => form::run(
            cli.workspace.as_deref(),
            month,
            out.as_deref(),
            per_township.as_deref(),
            prefill,
        ),
        Some(Command::Months) => workspace::months(cli.workspace.as_deref()),
        Some(Command::Status { month }) => workspace::status(cli.workspace.as_deref(), month),
        Some(Command::Undo { month }) => workspace::undo(cli.workspace.as_deref(), month),
        Some(Command::RemoveSamples) => workspace::remove_samples(cli.workspace.as_deref()),
        Some(Command::Reader { memory, cpu }) => Ok(dd_import::serve_reader(memory, cpu)),
        Some(Command::Brief {
            paths,
            month,
            out,
            template,
            force,
            allow_incomplete,
            date,
            printed,
            number,
        }) => brief::brief(
            cli.workspace.as_deref(),
            &paths,
            month,
            &out,
            template.as_deref(),
            brief::Options {
                force,
                allow_incomplete,
                date,
                printed,
                number,
            },
        ),
        Some(Command::Backup { out, force }) => {
            backup::backup(cli.workspace.as_deref(), &out, force)
        }
        Some(Command::Restore { file }) => backup::restore(cli.workspace.as_deref(), &file),
        None => window(cli.workspace, launch),
    }
}

/// Opens the window, one per workspace: a second start hands its files to the one running.
fn window(dir: Option<PathBuf>, launch: dd_app::ui::Launch) -> Result<ExitCode, Error> {
    let Some(dir) = dir.or_else(Workspace::default_dir) else {
        return usage("找不到用户数据目录，请用 --workspace 指定工作区文件夹");
    };
    use dd_office::instance::{self, Claim};
    // Held while the window is open.
    let _window = match instance::claim(&dir) {
        Ok(Claim::Ours(lock)) => Some(lock),
        Ok(Claim::Running) => {
            let files = match &launch {
                dd_app::ui::Launch::Open(paths) => paths.clone(),
                dd_app::ui::Launch::Present(_) => Vec::new(),
            };
            return match instance::hand_over(&dir, &files) {
                Ok(()) => {
                    if !files.is_empty() {
                        println!(
                            "月调度已经打开了这个工作区：{}个文件已交给打开的窗口导入审核",
                            files.len()
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => failed(format!(
                    "月调度已经打开了这个工作区，但无法把文件交给它（{e}）"
                )),
            };
        }
        Err(e) => {
            log::warn!("无法确认工作区是否已在别的窗口打开：{e}");
            None
        }
    };
    Ok(dd_app::ui::run(Some(dir), launch))
}

impl Cli {
    /// What the window does first: 演示模式 with `--present`, else import the files given.
    pub fn launch(&self) -> dd_app::ui::Launch {
        if self.present {
            dd_app::ui::Launch::Present(self.month)
        } else {
            dd_app::ui::Launch::Open(self.paths.clone())
        }
    }
}

/// The template named on the command line, or the bundled one.
fn load_template(path: Option<&Path>) -> Result<Template, dd_core::template::TemplateError> {
    match path {
        Some(p) => Template::load(p),
        None => Ok(Template::bundled()),
    }
}

/// Why a command stopped, said once by [`run`] on stderr: a usage error exits 2, a failure
/// (logged too) exits 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
}

impl Error {
    fn failed(msg: impl std::fmt::Display) -> Error {
        Error::Failed(msg.to_string())
    }

    fn code(&self) -> ExitCode {
        match self {
            Error::Usage(_) => ExitCode::from(2),
            Error::Failed(_) => ExitCode::from(1),
        }
    }
}

/// A usage error (exit 2).
fn usage<T>(msg: impl std::fmt::Display) -> Result<T, Error> {
    Err(Error::Usage(msg.to_string()))
}

/// A failure (exit 1).
fn failed<T>(msg: impl std::fmt::Display) -> Result<T, Error> {
    Err(Error::failed(msg))
}

/// The workspace in `dir` (or the user's default one) and the template it holds.
fn open_with_template(
    dir: Option<&Path>,
) -> Result<(Workspace, dd_store::WorkspaceTemplate), Error> {
    let ws = open_workspace(dir)?;
    let current = ws.template().map_err(Error::failed)?;
    Ok((ws, current))
}

/// The workspace in `dir`, or the user's default one.
fn open_workspace(dir: Option<&Path>) -> Result<Workspace, Error> {
    let Some(dir) = dir.map(PathBuf::from).or_else(Workspace::default_dir) else {
        return usage("找不到用户数据目录，请用 --workspace 指定工作区文件夹");
    };
    let mut ws = dd_office::open_workspace(&dir).map_err(Error::failed)?;
    for w in ws.take_warnings() {
        eprintln!("警告：{w}");
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_alone_open_the_app_and_subcommands_still_work() {
        let cli = Cli::try_parse_from(["dispatch-desk", "乡镇/毛田镇.xlsx", "b.xls"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(
            cli.paths,
            [PathBuf::from("乡镇/毛田镇.xlsx"), PathBuf::from("b.xls")]
        );
        let cli = Cli::try_parse_from(["dispatch-desk", "--workspace", "w", "restore", "b.sqlite"])
            .unwrap();
        assert!(matches!(cli.command, Some(Command::Restore { .. })));
        assert_eq!(cli.workspace, Some(PathBuf::from("w")));
        assert!(cli.paths.is_empty());
    }
}
