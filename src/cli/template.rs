//! `dispatch-desk template (export --out FILE | import FILE | check FILE)`: the workspace's
//! template shared as a file, so a 市 office can hand one template to its counties.

use std::path::Path;
use std::process::ExitCode;

use super::{TemplateAction, failed, open_workspace, usage};
use dd_core::template::Template;

pub(super) fn run(dir: Option<&Path>, action: TemplateAction) -> ExitCode {
    match action {
        TemplateAction::Check { file } => match Template::load(&file) {
            Ok(t) => {
                println!(
                    "模板 {} 无误：{}，{}个乡镇（街道），{}个指标",
                    file.display(),
                    t.county,
                    t.townships.len(),
                    t.indicators.len()
                );
                ExitCode::SUCCESS
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
            let mut ws = match open_workspace(dir) {
                Ok(ws) => ws,
                Err(code) => return code,
            };
            let note = format!("从 {} 导入", file.display());
            match ws.set_template(&text, &note) {
                Ok(version) => {
                    println!(
                        "已导入模板：{}（第{version}版，之前的版本仍保留）",
                        t.county
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => failed(e),
            }
        }
        TemplateAction::Export { out } => {
            let ws = match open_workspace(dir) {
                Ok(ws) => ws,
                Err(code) => return code,
            };
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
                    ExitCode::SUCCESS
                }
                Err(e) => failed(e),
            }
        }
    }
}
