//! 关于: the version and where things are (workspace, template, log), with a button that
//! copies them as 诊断信息 for a support call.

use eframe::egui::{self, RichText, Ui};

use super::modal::Answer;

/// The 诊断信息 text: one fact a line. `template` is the workspace's template in words.
pub fn diagnostics(
    workspace: Option<&str>,
    template: Option<&str>,
    native_dialogs: bool,
) -> String {
    let shown = |p: Option<std::path::PathBuf>| {
        p.map_or("（找不到用户数据目录）".into(), |p| {
            p.display().to_string()
        })
    };
    [
        format!("版本：dispatch-desk {}", dd_core::VERSION),
        format!("系统：{} {}", std::env::consts::OS, std::env::consts::ARCH),
        format!("工作区：{}", workspace.unwrap_or("（正在打开）")),
        format!("模板：{}", template.unwrap_or("（正在打开）")),
        format!("日志：{}", shown(dd_office::logfile::path())),
        format!(
            "文件对话框：{}",
            if native_dialogs {
                "系统"
            } else {
                "软件内置"
            }
        ),
    ]
    .join("\n")
}

pub fn show(ui: &mut Ui, text: &str) -> Option<Answer> {
    let mut answer = None;
    ui.heading("关于 月调度");
    ui.label("巩固拓展脱贫攻坚成果同乡村振兴有效衔接 月调度：乡镇报表导入、审核、排名亮灯与通报。");
    ui.add_space(super::tokens::space::BLOCK);
    for line in text.lines() {
        ui.label(RichText::new(line).monospace());
    }
    ui.add_space(super::tokens::space::BLOCK);
    ui.horizontal(|ui| {
        if ui
            .button("复制诊断信息")
            .on_hover_text("复制以上信息，发给技术支持")
            .clicked()
        {
            ui.ctx().copy_text(text.to_string());
        }
        if ui.button("关闭").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(Answer::Close);
        }
    });
    answer
}
