//! `dispatch-desk form --month YYYY-MM (--out FILE.xlsx | --per-township DIR) [--prefill]`.

use std::path::Path;
use std::process::ExitCode;

use super::{Error, failed, open_with_template};
use dd_core::model::YearMonth;
use dd_export::write_atomic;
use dd_office::collect::form::{Recipients, form, township_file_name};

pub(super) fn run(
    dir: Option<&Path>,
    month: YearMonth,
    out: Option<&Path>,
    per_township: Option<&Path>,
    prefill: bool,
) -> Result<ExitCode, Error> {
    let (ws, t) = open_with_template(dir).map(|(ws, current)| (ws, current.template))?;
    // Last month: the newest stored month before this one.
    let last = if prefill {
        let history = match ws.history(&t) {
            Ok(h) => h,
            Err(e) => return failed(e),
        };
        let Some(&before) = history.months().iter().rfind(|m| **m < month) else {
            return failed(format!(
                "工作区中没有{}以前的月份，无法预填上月数据",
                month.chinese()
            ));
        };
        match history.month_table(before) {
            Ok(tb) => Some((before, tb)),
            Err(e) => return failed(e),
        }
    } else {
        None
    };
    let prefilled = last.as_ref().map(|(_, tb)| tb);
    let said = last
        .as_ref()
        .map(|(m, _)| format!("，已预填{}数据", m.chinese()))
        .unwrap_or_default();
    match (out, per_township) {
        (Some(path), _) => {
            let bytes = form(&t, month, Recipients::County, prefilled).map_err(Error::failed)?;
            write_atomic(path, &bytes).map_err(Error::failed)?;
            println!(
                "已生成{}填报表（{}个乡镇（街道）{said}）：{}",
                month.chinese(),
                t.townships.len(),
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        (None, Some(folder)) => {
            if let Err(e) = std::fs::create_dir_all(folder) {
                return failed(format!("无法创建文件夹 {}：{e}", folder.display()));
            }
            for i in 0..t.townships.len() {
                let path = folder.join(township_file_name(&t, month, i));
                let bytes =
                    form(&t, month, Recipients::Township(i), prefilled).map_err(Error::failed)?;
                write_atomic(&path, &bytes).map_err(Error::failed)?;
            }
            println!(
                "已生成{}个乡镇（街道）的{}填报表{said}：{}",
                t.townships.len(),
                month.chinese(),
                folder.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        (None, None) => super::usage("请用 --out 文件.xlsx 或 --per-township 文件夹 指定输出位置"),
    }
}
