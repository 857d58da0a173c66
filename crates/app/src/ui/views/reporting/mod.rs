//! 报送: who has reported the month. Every township with its state (已报/未报/逾期/退回), when
//! and which file, those still owing first; the 催报 notice to copy in one click; and the line
//! the 总览 shows (`已报 20/22 · 未报：东山街道、壶天镇`).

pub mod form;

use eframe::egui::{self, RichText, Ui};

use crate::desk::MonthView;
use crate::ui::theme::color;
use crate::ui::tokens;
use dd_core::palette;
use dd_office::collect::{Collection, ReportState};

/// What the view asks of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The 催报 notice was copied to the clipboard.
    Copied,
    /// 生成填报表….
    Form,
    /// Open the 报送 view (from the 总览 line).
    Show,
}

/// The colour of a state: 已报 green, 逾期 and 退回 red, 未报 (before the deadline) yellow.
fn state_color(s: &ReportState) -> egui::Color32 {
    color(match s {
        ReportState::Reported { .. } => palette::GREEN,
        ReportState::Missing => palette::YELLOW,
        ReportState::Late | ReportState::Returned { .. } => palette::RED,
    })
}

/// Those who owe the month their figures first (逾期, 退回, 未报), then 已报; template order
/// within each.
fn ordered(c: &Collection) -> Vec<&dd_office::collect::TownshipReport> {
    let mut rows: Vec<_> = c.townships.iter().collect();
    rows.sort_by_key(|r| match r.state {
        ReportState::Late => 0,
        ReportState::Returned { .. } => 1,
        ReportState::Missing => 2,
        ReportState::Reported { .. } => 3,
    });
    rows
}

/// `已报 20/22 · 未报：东山街道、壶天镇`, coloured by how the month stands.
fn summary_text(c: &Collection) -> RichText {
    let tone = if c.is_complete() {
        palette::GREEN
    } else if c.past_deadline {
        palette::RED
    } else {
        palette::YELLOW
    };
    RichText::new(c.summary())
        .size(tokens::text::CHIP)
        .strong()
        .color(color(tone))
}

/// The 总览's line: who has reported, and what the county figures cover when not all have.
pub fn overview_line(ui: &mut Ui, view: &MonthView) -> Option<Outcome> {
    let c = &view.collection;
    let mut out = None;
    ui.horizontal_wrapped(|ui| {
        if ui
            .add(egui::Label::new(summary_text(c)).sense(egui::Sense::click()))
            .on_hover_text("点击查看各乡镇（街道）报送情况")
            .clicked()
        {
            out = Some(Outcome::Show);
        }
        if !c.is_complete() {
            ui.label(
                RichText::new(if view.analysis.ranked {
                    format!(
                        "{}合计、排名只含已报的{}个乡镇（街道），未报的不参加排名、不亮灯",
                        view.analysis.county_short,
                        view.analysis.reported()
                    )
                } else {
                    format!(
                        "{}合计只含已报的{}个乡镇（街道），未报的没有得分",
                        view.analysis.county_short,
                        view.analysis.reported()
                    )
                })
                .weak(),
            );
        }
    });
    out
}

pub fn show(ui: &mut Ui, view: &MonthView) -> Option<Outcome> {
    let c = &view.collection;
    let mut out = None;
    ui.heading(format!("{}报送情况", c.month.chinese()));
    ui.horizontal_wrapped(|ui| {
        ui.label(summary_text(c));
        ui.label(
            RichText::new(format!(
                "报送截止：{}{}",
                c.deadline,
                if c.past_deadline { "（已过）" } else { "" }
            ))
            .weak(),
        )
        .on_hover_text("截止日在“县市设置”中修改");
    });
    ui.horizontal_wrapped(|ui| {
        for (label, state) in [
            ("已报", "已报"),
            ("未报", "未报"),
            ("逾期", "逾期"),
            ("退回", "退回"),
        ] {
            let n = c
                .townships
                .iter()
                .filter(|r| r.state.label() == state)
                .count();
            ui.label(format!("{label} {n}"));
        }
    });
    ui.add_space(tokens::space::BLOCK);
    ui.horizontal(|ui| {
        let owing = !c.is_complete();
        if ui
            .add_enabled(owing, egui::Button::new("复制催报通知"))
            .on_hover_text("复制下面的催报通知，粘贴到微信、短信或办公系统发给未报的单位")
            .on_disabled_hover_text("各乡镇（街道）都已报送")
            .clicked()
        {
            ui.ctx().copy_text(view.reminder.clone());
            out = Some(Outcome::Copied);
        }
        if ui
            .button("生成填报表…")
            .on_hover_text("按模板生成发给各乡镇（街道）的调度表（.xlsx），可预填上月数据")
            .clicked()
        {
            out = Some(Outcome::Form);
        }
    });
    if !c.is_complete() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(&view.reminder);
        });
    }
    ui.add_space(tokens::space::BLOCK);
    egui::ScrollArea::vertical()
        .id_salt("reporting")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("reporting_grid")
                .striped(true)
                .spacing([18.0, 6.0])
                .show(ui, |ui| {
                    for h in ["乡镇（街道）", "状态", "时间", "文件", "说明"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for r in ordered(c) {
                        ui.label(&r.township);
                        ui.label(
                            RichText::new(r.state.label())
                                .strong()
                                .color(state_color(&r.state)),
                        );
                        ui.label(r.at.as_deref().unwrap_or("—"));
                        match r.file.as_deref() {
                            // The name is what the clerk recognises; the folder on hover.
                            Some(f) => {
                                let name = std::path::Path::new(f)
                                    .file_name()
                                    .map_or(f.into(), |n| n.to_string_lossy());
                                ui.label(name.as_ref()).on_hover_text(f);
                            }
                            None => {
                                ui.label("—");
                            }
                        }
                        match &r.state {
                            ReportState::Reported { version } if *version > 0 => {
                                ui.label(RichText::new(format!("第{version}版导入")).weak())
                            }
                            ReportState::Returned { reasons } => ui
                                .label(
                                    RichText::new(format!(
                                        "退回原因：{}",
                                        dd_core::text::clip(reasons, 36)
                                    ))
                                    .color(state_color(&r.state)),
                                )
                                .on_hover_text(reasons),
                            ReportState::Late => ui.label(
                                RichText::new(format!("截止{}未报", c.deadline))
                                    .color(state_color(&r.state)),
                            ),
                            _ => ui.label(""),
                        };
                        ui.end_row();
                    }
                });
        });
    out
}
