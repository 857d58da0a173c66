//! The command line: the same core as the app, headless, for scripting and tests.

mod brief;
mod inspect;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::YearMonth;
use crate::store::Workspace;
use crate::template::Template;

#[derive(Debug, Parser)]
#[command(
    name = "dispatch-desk",
    version = crate::VERSION,
    about = "月调度：导入乡镇报表，审核、排名、亮灯，生成通报"
)]
pub struct Cli {
    /// 工作区文件夹（默认在用户数据目录）
    #[arg(long, global = true)]
    pub workspace: Option<PathBuf>,
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
        /// 模板文件（默认使用内置的湘乡市模板）
        #[arg(long)]
        template: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
    /// 把表格导入工作区成为一个月份（有文件被拒收时什么也不导入）
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
        /// 模板文件（默认使用内置的湘乡市模板）
        #[arg(long)]
        template: Option<PathBuf>,
    },
    /// 列出工作区中的月份、版本和来源文件
    Months,
    /// 撤销某月最近一次导入，恢复上一个版本
    Undo {
        /// 月份 YYYY-MM
        #[arg(long)]
        month: YearMonth,
    },
    /// 删除全部示例数据
    RemoveSamples,
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
        /// 模板文件（默认使用内置的湘乡市模板）
        #[arg(long)]
        template: Option<PathBuf>,
        /// 输出文件已存在时直接替换，不询问
        #[arg(long)]
        force: bool,
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
    crate::import::this_program_reads();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Some(Command::Inspect {
            paths,
            template,
            format,
        }) => inspect::inspect(&paths, template.as_deref(), format),
        Some(Command::Import {
            paths,
            month,
            replace,
            template,
        }) => workspace::import_into(
            cli.workspace.as_deref(),
            &paths,
            month,
            replace,
            template.as_deref(),
        ),
        Some(Command::Months) => workspace::months(cli.workspace.as_deref()),
        Some(Command::Undo { month }) => workspace::undo(cli.workspace.as_deref(), month),
        Some(Command::RemoveSamples) => workspace::remove_samples(cli.workspace.as_deref()),
        Some(Command::Reader { memory, cpu }) => crate::import::serve_reader(memory, cpu),
        Some(Command::Brief {
            paths,
            month,
            out,
            template,
            force,
        }) => brief::brief(
            cli.workspace.as_deref(),
            &paths,
            month,
            &out,
            template.as_deref(),
            force,
        ),
        None => crate::ui::run(cli.workspace, Vec::new()),
    }
}

/// The template named on the command line, or the bundled one.
fn load_template(path: Option<&Path>) -> Result<Template, String> {
    match path {
        Some(p) => Template::load(p).map_err(|e| e.to_string()),
        None => Ok(Template::bundled()),
    }
}

/// A usage error: the message on stderr, exit 2.
fn usage(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("{msg}");
    ExitCode::from(2)
}

/// A failure: the message on stderr, exit 1.
fn failed(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("{msg}");
    ExitCode::from(1)
}

/// The workspace in `dir`, or the user's default one.
fn open_workspace(dir: Option<&Path>) -> Result<Workspace, ExitCode> {
    let dir = dir
        .map(PathBuf::from)
        .or_else(Workspace::default_dir)
        .ok_or_else(|| usage("找不到用户数据目录，请用 --workspace 指定工作区文件夹"))?;
    Workspace::open(&dir).map_err(failed)
}
