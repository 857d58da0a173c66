//! The workspace commands: import, months, undo, remove-samples.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Error, failed, open_with_template, open_workspace, usage};
use dd_core::model::{Level, YearMonth};
use dd_import as import;
use dd_office::collect::{self, Arrival};
use dd_store::Undone;

pub(super) fn import_into(
    dir: Option<&Path>,
    paths: &[PathBuf],
    month: Option<YearMonth>,
    replace: bool,
) -> Result<ExitCode, Error> {
    let (mut ws, current) = open_with_template(dir)?;
    let (t, text) = (current.template, current.text);
    let outcome = import::import_paths(paths, &t);
    for p in &outcome.problems {
        eprintln!("{p}");
    }
    let refused = !outcome.refused.is_empty();
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
        (None, None) if outcome.table.height() == 0 => {
            return failed("未导入：没有可导入的文件（见上面的错误）。工作区没有任何改动。");
        }
        (None, None) => {
            return usage("无法从标题、文件名识别月份，请用 --month YYYY-MM 指定");
        }
    };
    let consent = if replace {
        collect::Consent::All
    } else {
        collect::Consent::Ask
    };
    let arrival = collect::arrive(&mut ws, &t, &text, &outcome, month, consent);
    for w in ws.take_warnings() {
        eprintln!("{w}");
    }
    let arrival = match arrival {
        Ok(a) => a,
        Err(e) => return failed(e),
    };
    if refused {
        eprintln!(
            "拒收{}个文件（能认出乡镇的已记为“退回”，见 dispatch-desk status --month {month}）。",
            outcome.refused.len()
        );
    }
    let code = |ok: bool| {
        if ok && !refused {
            Ok(ExitCode::SUCCESS)
        } else {
            Ok(ExitCode::from(1))
        }
    };
    match arrival {
        Arrival::Nothing => failed("未导入：没有可导入的文件。工作区没有任何改动。"),
        Arrival::Unchanged => {
            println!(
                "{}：与已导入的数据完全相同，没有变化（没有新建版本）",
                month.chinese()
            );
            code(true)
        }
        Arrival::Roster { villages } => {
            if let Err(e) = dd_office::followup::refresh(&mut ws, &t) {
                eprintln!("{e}");
            }
            println!("已导入{}的重点村名单：{villages}个村", month.chinese());
            code(true)
        }
        Arrival::NeedsConsent(changes) => {
            eprintln!(
                "未导入：以下{}处数据与{}已导入的不同，确认以新文件为准请加 --replace：",
                changes.len(),
                month.chinese()
            );
            for c in &changes {
                eprintln!("  {c}");
            }
            Ok(ExitCode::from(1))
        }
        Arrival::Stored { version, merge } => {
            // 督办: the month's problems are raised (and earlier ones judged) at once.
            if let Err(e) = dd_office::followup::refresh(&mut ws, &t) {
                eprintln!("{e}");
            }
            let warnings = merge
                .problems
                .iter()
                .filter(|p| p.level == Level::Warning)
                .count();
            println!(
                "已导入{}：{}；本月现有{}个乡镇，{}列（版本{version}，警告{warnings}条）",
                month.chinese(),
                merge.summary(),
                merge.table.height(),
                merge.table.columns().len()
            );
            if let Some(r) = &outcome.roster {
                println!("重点村名单：{}个村", r.villages.len());
            }
            code(true)
        }
    }
}

/// `status --month`: who has reported, one township a line.
pub(super) fn status(dir: Option<&Path>, month: YearMonth) -> Result<ExitCode, Error> {
    let (ws, t) = open_with_template(dir).map(|(ws, current)| (ws, current.template))?;
    let c = match collect::status(&ws, &t, month) {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    for r in &c.townships {
        println!(
            "{}\t{}\t{}\t{}",
            r.township,
            r.state.label(),
            r.at.as_deref().unwrap_or(""),
            r.file.as_deref().unwrap_or("")
        );
    }
    eprintln!("{}（截止{}）", c.summary(), c.deadline);
    Ok(ExitCode::SUCCESS)
}

pub(super) fn months(dir: Option<&Path>) -> Result<ExitCode, Error> {
    let ws = open_workspace(dir)?;
    let list = match ws.months() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(1));
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
    Ok(ExitCode::SUCCESS)
}

pub(super) fn undo(dir: Option<&Path>, month: YearMonth) -> Result<ExitCode, Error> {
    let mut ws = open_workspace(dir)?;
    match ws.undo(month) {
        Ok(Undone::Restored {
            version,
            imported_at,
        }) => {
            println!(
                "已撤销：{}恢复为版本{version}（导入于{imported_at}）",
                month.chinese()
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(Undone::Removed) => {
            println!(
                "已撤销：{}只有这一次导入，已从月份列表中移除",
                month.chinese()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::from(1))
        }
    }
}

pub(super) fn remove_samples(dir: Option<&Path>) -> Result<ExitCode, Error> {
    let mut ws = open_workspace(dir)?;
    match ws.remove_samples() {
        Ok(n) => {
            println!("已删除示例数据（{n}个版本）");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::from(1))
        }
    }
}
