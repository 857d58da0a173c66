//! The workspace commands: import, months, undo, remove-samples.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{failed, open_workspace};
use crate::import;
use crate::model::YearMonth;
use crate::store::{NewMonth, Undone};

pub(super) fn import_into(
    dir: Option<&Path>,
    paths: &[PathBuf],
    month: Option<YearMonth>,
    replace: bool,
) -> ExitCode {
    let mut ws = match open_workspace(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let current = match ws.template() {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let (t, text) = (current.template, current.text);
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

pub(super) fn months(dir: Option<&Path>) -> ExitCode {
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

pub(super) fn undo(dir: Option<&Path>, month: YearMonth) -> ExitCode {
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

pub(super) fn remove_samples(dir: Option<&Path>) -> ExitCode {
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
