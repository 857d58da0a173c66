//! The command line: the same core as the app, headless, for scripting and tests.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::import::{self, ImportOutcome};
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
        None => {
            eprintln!(
                "请指定子命令，例如：dispatch-desk inspect 文件或文件夹（dispatch-desk --help 查看全部）"
            );
            ExitCode::from(2)
        }
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
