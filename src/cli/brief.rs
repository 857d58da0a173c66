//! `dispatch-desk brief (--month YYYY-MM [--workspace DIR] | PATH...) --out FILE`.
//! Exit codes as for inspect: 0 written (warnings allowed), 1 an input refused or the brief
//! not written, 2 a usage error.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Error, failed, open_workspace, usage};
use dd_analysis::{Analysis, KeyVillages};
use dd_core::model::{History, YearMonth, roster};
use dd_core::template::Template;
use dd_export::{BriefInput, Format, compose, write};
use dd_import as import;

/// Asks on a terminal; elsewhere (scripts, tests) an existing file is kept.
fn may_replace(out: &Path) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("文件 {} 已存在，是否替换？[y/N] ", out.display());
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim(), "y" | "Y" | "yes" | "是")
}

/// How far `brief` may go without asking.
pub struct Options {
    /// Replace an existing output file.
    pub force: bool,
    /// Write the brief of a month some townships have not reported.
    pub allow_incomplete: bool,
    /// 成文日期, 印发日期 and 发文顺序号 given on the command line (over the month's own).
    pub date: Option<dd_export::Date>,
    pub printed: Option<dd_export::Date>,
    pub number: Option<u32>,
}

pub fn brief(
    dir: Option<&Path>,
    paths: &[PathBuf],
    month: Option<YearMonth>,
    out: &Path,
    template: Option<&Path>,
    options: Options,
) -> Result<ExitCode, Error> {
    let format = match Format::from_path(out) {
        Ok(f) => f,
        Err(e) => return usage(e),
    };
    if paths.is_empty() && month.is_none() {
        return usage(
            "请用 --month YYYY-MM 指定工作区中的月份，或给出表格文件：dispatch-desk brief 文件... --out 通报.docx",
        );
    }
    // A template file given wins; else the workspace's own (for a stored month, or files
    // read against a workspace); else the bundled one.
    let t = match template {
        Some(p) => match Template::load(p) {
            Ok(t) => t,
            Err(e) => return usage(e),
        },
        None if paths.is_empty() || dir.is_some() => {
            match open_workspace(dir).map(|ws| ws.template()) {
                Ok(Ok(current)) => current.template,
                Ok(Err(e)) => return failed(e),
                Err(e) => return Err(e),
            }
        }
        None => Template::bundled(),
    };
    if out.exists() && !options.force && !may_replace(out) {
        return failed(format!(
            "{} 已存在，未替换（确认替换请加 --force）",
            out.display()
        ));
    }

    let input = if paths.is_empty() {
        let Some(month) = month else {
            return usage("缺少 --month");
        };
        let mut ws = open_workspace(dir)?;
        // Last month's problems are followed up from the months as they stand now.
        let input = dd_office::followup::refresh(&mut ws, &t)
            .and_then(|analysis| dd_office::brief::input(&ws, &analysis, &t, month));
        match input {
            Ok(i) => i,
            Err(e) => return failed(e),
        }
    } else {
        from_files(dir, paths, month, &t)?
    };

    let input = BriefInput {
        date: options.date.unwrap_or(input.date),
        printed: options.printed.or(input.printed),
        number: options.number.map(|n| n.to_string()).or(input.number),
        ..input
    };
    let a = &input.analysis;
    if !a.is_complete() && !options.allow_incomplete {
        return failed(format!(
            "未生成通报：{}还有{}个乡镇（街道）未报送（{}），合计和排名不完整。确需生成请加 --allow-incomplete，通报中会写明未报送的单位。",
            a.month.chinese(),
            a.missing.len(),
            a.missing.join("、")
        ));
    }
    let brief = compose(&input);
    // Rewrites the clerk made in the window go out as written; say when the data moved since.
    for e in brief.edits.iter().filter(|e| e.stale) {
        let first: String = e.edited.chars().take(20).collect();
        if e.generated.is_empty() {
            eprintln!("警告：改写过的段落“{first}…”已不再生成，未写入通报");
        } else {
            eprintln!("警告：改写过的段落“{first}…”在改写后数据有变化，请在“通报”视图中复核");
        }
    }
    if input.template.brief.document.wants_number()
        && brief.masthead.as_ref().is_some_and(|m| m.number.is_none())
    {
        eprintln!(
            "警告：模板要求发文字号，但没有发文顺序号（--number，或在“通报”视图中填写），通报未印发文字号"
        );
    }
    match write(&brief, format, out) {
        Ok(()) => {
            println!(
                "已生成{}{}：{}",
                input.analysis.month.chinese(),
                format.label(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => failed(e),
    }
}

/// The brief's input from files read now (with `--workspace`, the stored months before theirs
/// give 较上月 and the trends).
fn from_files(
    dir: Option<&Path>,
    paths: &[PathBuf],
    month: Option<YearMonth>,
    t: &Template,
) -> Result<BriefInput, Error> {
    let outcome = import::import_paths(paths, t);
    for p in &outcome.problems {
        eprintln!("{p}");
    }
    if outcome.has_errors() {
        return failed("未生成通报：有文件被拒收（见上面的错误），改正后重试。");
    }
    let Some(month) = month.or(outcome.month) else {
        return usage("无法从标题、文件名识别月份，请用 --month YYYY-MM 指定");
    };
    // With --workspace, the stored months before this one give 较上月 and the trends.
    let stored = match dir {
        Some(d) => dd_office::open_workspace(d)
            .and_then(|ws| ws.history(t))
            .map_err(Error::failed)?,
        None => History::from_cells([], t).map_err(Error::failed)?,
    };
    // A roster among the files decides its responsibility where the sheets write no word.
    let derived = match (&outcome.roster, &t.roster.derives) {
        (Some(r), Some(duty)) => {
            let cells = outcome.table.cells(month);
            roster::derived_cells(
                &[(month, r)],
                cells.iter().map(|c| (c.month, c.township.as_str())),
                duty,
            )
        }
        _ => Vec::new(),
    };
    let key_villages = outcome
        .roster
        .as_ref()
        .map(|r| KeyVillages::new(r, month, month, t.roster.derives.as_deref()));
    let history = stored
        .with_month(month, &outcome.table, t)
        .and_then(|h| h.with_cells(derived, t))
        .map_err(Error::failed)?;
    let analysis = Analysis::new(history, t).map_err(Error::failed)?;
    Ok(BriefInput {
        key_villages,
        ..BriefInput::from_analysis(&analysis, t, month, outcome.problems).map_err(Error::failed)?
    })
}
