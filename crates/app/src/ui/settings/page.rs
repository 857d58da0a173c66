//! Where 县市设置 meets the window: the editor in the body and what it asks for, and the
//! first-run offer to set up the county while the template is still the bundled sample.

use eframe::egui::{self, RichText, Ui};

use super::Request;
use crate::desk::Command;
use crate::ui::actions::Action;
use crate::ui::app::DispatchApp;
use crate::ui::dialogs::{Ask, Purpose, Request as Question};
use crate::ui::theme::color;
use crate::ui::tokens;
use dd_core::palette;

impl DispatchApp {
    /// The editor in the window's body, and its requests sent on.
    pub(in crate::ui) fn settings_page(&mut self, ui: &mut Ui) {
        let month = self.current().map(|v| v.month);
        let Some(editor) = &mut self.settings else {
            return;
        };
        match editor.show(ui, month) {
            Some(Request::Save { file, note }) => {
                self.status.info("正在保存模板…");
                self.desk.send(Command::SaveTemplate { file, note });
            }
            Some(Request::ReadSheet) => self.ask(
                Question {
                    title: "选择本县市的一张表格（取其中的乡镇（街道）名称）".into(),
                    ask: Ask::File(dd_import::SPREADSHEET_EXTENSIONS.to_vec()),
                    kind: "表格".into(),
                },
                Purpose::TownshipSheet,
            ),
            Some(Request::ReadIndicatorSheet) => self.ask(
                Question {
                    title: "选择本县市的一张表格或下发的空表（每列识别为一个指标）".into(),
                    ask: Ask::File(dd_import::SPREADSHEET_EXTENSIONS.to_vec()),
                    kind: "表格".into(),
                },
                Purpose::IndicatorSheet,
            ),
            Some(Request::Export) => self.run(Action::ExportTemplate),
            Some(Request::Import) => self.run(Action::ImportTemplate),
            Some(Request::Recheck(m)) => {
                self.status
                    .info(format!("正在按当前模板重新审核{}…", m.chinese()));
                self.desk.send(Command::Recheck(m));
            }
            Some(Request::Close) => self.settings = None,
            None => {}
        }
    }

    /// The first-run offer, while the workspace still works on the bundled sample template:
    /// set up the county, or look at the sample months first. Once the county has its own
    /// template, sample months still kept are another county's: say so, once.
    pub(in crate::ui) fn welcome(&mut self, ui: &mut Ui) -> Option<Action> {
        let snapshot = self.snapshot.as_ref()?;
        let template = snapshot.template.as_ref()?;
        if !template.sample {
            let samples = snapshot.months.iter().any(|m| m.sample);
            let theirs = dd_core::template::Template::bundled().county;
            if samples && template.file.county != theirs {
                return samples_left(ui, &theirs, &template.file.county);
            }
            return None;
        }
        let sample = template;
        if self.welcomed {
            return None;
        }
        let county = sample.file.county.clone();
        let mut act = None;
        egui::Frame::group(ui.style())
            .fill(ui.visuals().faint_bg_color)
            .inner_margin(tokens::space::BLOCK)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new("欢迎使用月调度")
                        .size(tokens::text::HEADING)
                        .color(color(palette::BLUE)),
                );
                ui.label(format!(
                    "现在用的是随软件附带的示例模板和示例数据（{county}）。用于本县市之前，\
                     请先设置县市名称、乡镇（街道）、指标和通报用语；乡镇名单可以从本县市的一张表格中识别。"
                ));
                ui.horizontal(|ui| {
                    if ui.button("设置本县市…").clicked() {
                        act = Some(Action::Settings);
                    }
                    if ui
                        .button("看示例数据")
                        .on_hover_text("先看看示例月份；以后可以点上方的“县市设置”")
                        .clicked()
                    {
                        self.welcomed = true;
                    }
                });
            });
        ui.add_space(tokens::space::BLOCK);
        act
    }
}

/// The sample months are another county's than the template in use: offer to remove them.
fn samples_left(ui: &mut Ui, theirs: &str, ours: &str) -> Option<Action> {
    let mut act = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "工作区里还有随软件附带的示例月份（{theirs}），与{ours}的乡镇（街道）不符。"
            ))
            .color(color(palette::RED)),
        );
        if ui.button("删除这些示例月份").clicked() {
            act = Some(Action::RemoveSamples);
        }
    });
    act
}
