//! `dispatch-desk template (export --out FILE | import FILE | check FILE)`: the workspace's
//! template shared as a file, so a 市 office can hand one template to its counties.

use std::path::Path;
use std::process::ExitCode;

use super::{Error, TemplateAction, failed, open_workspace, usage};
use dd_core::template::Template;

pub(super) fn run(dir: Option<&Path>, action: TemplateAction) -> Result<ExitCode, Error> {
    match action {
        TemplateAction::FromSheet { file, county, out } => {
            from_sheet(&file, county.as_deref().unwrap_or(""), &out)
        }
        TemplateAction::Check { file } => match Template::load(&file) {
            Ok(t) => {
                println!(
                    "模板 {} 无误：{}，{}个乡镇（街道），{}个指标",
                    file.display(),
                    t.county,
                    t.townships.len(),
                    t.indicators.len()
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => failed(e),
        },
        TemplateAction::Import { file } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => return usage(format!("无法读取模板文件 {}：{e}", file.display())),
            };
            // Checked before the workspace is touched.
            let t = match Template::parse(&text, &file.display().to_string()) {
                Ok(t) => t,
                Err(e) => return failed(e),
            };
            let mut ws = open_workspace(dir)?;
            let note = format!("从 {} 导入", file.display());
            match ws.set_template(&text, &note) {
                Ok(version) => {
                    println!(
                        "已导入模板：{}（第{version}版，之前的版本仍保留）",
                        t.county
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => failed(e),
            }
        }
        TemplateAction::Export { out } => {
            let ws = open_workspace(dir)?;
            let current = match ws.template() {
                Ok(c) => c,
                Err(e) => return failed(e),
            };
            match dd_export::write_atomic(&out, current.text.as_bytes()) {
                Ok(()) => {
                    println!(
                        "已导出模板：{}（第{}版）→ {}",
                        current.template.county,
                        current.version,
                        out.display()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => failed(e),
            }
        }
    }
}

/// `template from-sheet`: the proposal of a sheet written as a checked template file.
fn from_sheet(file: &Path, county: &str, out: &Path) -> Result<ExitCode, Error> {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return usage(format!("无法读取 {}：{e}", file.display())),
    };
    let name = file.display().to_string();
    let proposal = match dd_import::propose_template(&name, bytes, county) {
        Ok(p) => p,
        Err(e) => return failed(e),
    };
    // Without --county, a row that sums the others names it (全国 above the provinces).
    let county = match (county.is_empty(), &proposal.county) {
        (false, _) => county.to_string(),
        (true, Some(found)) => found.clone(),
        (true, None) => "本县".to_string(),
    };
    let file = proposal.template(&county).map_err(Error::failed)?;
    let text = Template::from_file(&file)
        .and_then(|t| t.to_toml())
        .map_err(Error::failed)?;
    let head = format!(
        "# 由 dispatch-desk 从 {name} 识别生成：每列一个指标，别名是它的表头路径。\n\
         # 请核对指标名称、单位和分组；{}\n\n",
        if proposal.needs_townships() {
            "表中没有乡镇名称，请在 [[townships]] 中填写本县的乡镇（街道）。"
        } else {
            "乡镇（街道）取自表中的名称列。"
        }
    );
    match dd_export::write_atomic(out, format!("{head}{text}").as_bytes()) {
        Ok(()) => {
            println!(
                "已识别{}个乡镇（街道）、{}个指标 → {}",
                proposal.townships.len(),
                proposal.columns.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => failed(e),
    }
}
