//! The command line: the same core as the app, headless, for scripting and tests.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::import::{self, ImportOutcome};
use crate::model::YearMonth;
use crate::store::{NewMonth, Undone, Workspace};
use crate::template::{DEFAULT_TEMPLATE, Template};

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
        }) => inspect(&paths, template.as_deref(), format),
        Some(Command::Import {
            paths,
            month,
            replace,
            template,
        }) => import_into(
            cli.workspace.as_deref(),
            &paths,
            month,
            replace,
            template.as_deref(),
        ),
        Some(Command::Months) => months(cli.workspace.as_deref()),
        Some(Command::Undo { month }) => undo(cli.workspace.as_deref(), month),
        Some(Command::RemoveSamples) => remove_samples(cli.workspace.as_deref()),
        Some(Command::Brief {
            paths,
            month,
            out,
            template,
            force,
        }) => crate::export::cli::brief(
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

fn load_template(path: Option<&std::path::Path>) -> Result<Template, String> {
    match path {
        Some(p) => Template::load(p).map_err(|e| e.to_string()),
        None => Ok(Template::bundled()),
    }
}

fn inspect(paths: &[PathBuf], template: Option<&std::path::Path>, format: Format) -> ExitCode {
    let t = match load_template(template) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let outcome = import::import_paths(paths, &t);
    let body = match format {
        Format::Csv => outcome.table.to_csv(&t),
        Format::Json => to_json(&outcome, &t),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(body.as_bytes());
    let _ = stdout.flush();
    let mut stderr = std::io::stderr().lock();
    for p in &outcome.problems {
        let _ = writeln!(stderr, "{p}");
    }
    if outcome.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn to_json(outcome: &ImportOutcome, t: &Template) -> String {
    use serde_json::{Map, Value, json};
    let table = &outcome.table;
    let cols = table.columns();
    let towns = table.townships();
    let mut rows = Vec::new();
    for (r, town) in towns.iter().enumerate() {
        let mut obj = Map::new();
        obj.insert("township".into(), json!(town));
        for c in &cols {
            let v = if let Some(vals) = table.values(c) {
                vals.get(r)
                    .copied()
                    .flatten()
                    .map_or(Value::Null, |x| json!(x))
            } else if let Some(st) = table.statuses(c) {
                st.get(r)
                    .copied()
                    .flatten()
                    .map_or(Value::Null, |s| json!(s.code()))
            } else {
                Value::Null
            };
            obj.insert(c.clone(), v);
        }
        rows.push(Value::Object(obj));
    }
    let doc = json!({
        "county": t.county,
        "month": outcome.month.map(|m| m.to_string()),
        "columns": cols,
        "rows": rows,
        "accepted": outcome.accepted,
        "refused": outcome.refused,
        "problems": outcome.problems,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn open_workspace(dir: Option<&std::path::Path>) -> Result<Workspace, ExitCode> {
    let dir = match dir.map(PathBuf::from).or_else(Workspace::default_dir) {
        Some(d) => d,
        None => {
            eprintln!("找不到用户数据目录，请用 --workspace 指定工作区文件夹");
            return Err(ExitCode::from(2));
        }
    };
    Workspace::open(&dir).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })
}

fn import_into(
    dir: Option<&std::path::Path>,
    paths: &[PathBuf],
    month: Option<YearMonth>,
    replace: bool,
    template: Option<&std::path::Path>,
) -> ExitCode {
    let (t, text) = match template {
        Some(p) => match Template::load(p).and_then(|t| {
            std::fs::read_to_string(p)
                .map(|s| (t, s))
                .map_err(|source| crate::template::TemplateError::Io {
                    path: p.display().to_string(),
                    source,
                })
        }) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
        None => (Template::bundled(), DEFAULT_TEMPLATE.to_string()),
    };
    let outcome = import::import_paths(paths, &t);
    for p in &outcome.problems {
        eprintln!("{p}");
    }
    if outcome.has_errors() {
        eprintln!("未导入：有文件被拒收（见上面的错误），改正后重新导入。工作区没有任何改动。");
        return ExitCode::from(1);
    }
    let month = match (month, outcome.month) {
        (Some(m), Some(found)) if m != found => {
            eprintln!(
                "提示：文件中写的是{}，按 --month 指定的{}导入",
                found.chinese(),
                m.chinese()
            );
            m
        }
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => {
            eprintln!("无法从标题、文件名识别月份，请用 --month YYYY-MM 指定");
            return ExitCode::from(2);
        }
    };
    let mut ws = match open_workspace(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let result = ws.import(NewMonth {
        month,
        table: &outcome.table,
        files: &outcome.digests,
        problems: &outcome.problems,
        sources: &outcome.sources,
        template_text: &text,
        sample: false,
        replace,
    });
    match result {
        Ok(version) => {
            let warnings = outcome
                .problems
                .iter()
                .filter(|p| p.level == crate::model::Level::Warning)
                .count();
            println!(
                "已导入{}：{}个乡镇，{}列（版本{version}，警告{warnings}条）",
                month.chinese(),
                outcome.table.height(),
                outcome.table.columns().len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn months(dir: Option<&std::path::Path>) -> ExitCode {
    let ws = match open_workspace(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let list = match ws.months() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    if list.is_empty() {
        println!("工作区 {} 中还没有月份", ws.path().display());
    }
    for m in list {
        println!(
            "{}\t{}个乡镇\t版本{}（共{}个）\t{}\t导入于{}\t{}",
            m.month,
            m.townships,
            m.version,
            m.versions,
            if m.sample {
                "示例数据"
            } else {
                "正式数据"
            },
            m.imported_at,
            m.files.join("、")
        );
    }
    ExitCode::SUCCESS
}

fn undo(dir: Option<&std::path::Path>, month: YearMonth) -> ExitCode {
    let mut ws = match open_workspace(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    match ws.undo(month) {
        Ok(Undone::Restored {
            version,
            imported_at,
        }) => {
            println!(
                "已撤销：{}恢复为版本{version}（导入于{imported_at}）",
                month.chinese()
            );
            ExitCode::SUCCESS
        }
        Ok(Undone::Removed) => {
            println!(
                "已撤销：{}只有这一次导入，已从月份列表中移除",
                month.chinese()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn remove_samples(dir: Option<&std::path::Path>) -> ExitCode {
    let mut ws = match open_workspace(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    match ws.remove_samples() {
        Ok(n) => {
            println!("已删除示例数据（{n}个版本）");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
