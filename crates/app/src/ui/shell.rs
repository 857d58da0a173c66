//! The window around the views: the top bar (files, month, undo, present, export, 工作区,
//! theme, zoom), the status line, the body with the view tabs, and the drop overlay.

use eframe::egui::{self, RichText};

use super::actions::Action;
use super::app::DispatchApp;
use super::theme::color;
use super::tokens;
use super::views::{self, View};
use crate::desk::{self, Command};
use dd_core::model::YearMonth;
use dd_core::palette;
use dd_export::Format;

impl DispatchApp {
    pub(super) fn shell(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("top").show(ui, |ui| self.top_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| {
            let workspace = self.snapshot.as_ref().map(|s| s.workspace.as_str());
            if self.status.show(ui, workspace) {
                self.desk.cancel_import();
            }
        });
        egui::CentralPanel::default().show(ui, |ui| self.body(ui));
        self.drops();
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        let mut act = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("月调度")
                    .strong()
                    .size(tokens::text::BRAND)
                    .color(color(palette::BLUE)),
            );
            if ui
                .button("打开文件…")
                .on_hover_text("Ctrl+O；也可以把文件或文件夹直接拖进窗口")
                .clicked()
            {
                act = Some(Action::OpenFiles);
            }
            if ui
                .button("打开文件夹…")
                .on_hover_text("Ctrl+Shift+O")
                .clicked()
            {
                act = Some(Action::OpenFolder);
            }
            if ui
                .button("县市设置")
                .on_hover_text(
                    "县市名称、乡镇（街道）、指标、得分与亮灯、五大责任、审核公式、通报用语",
                )
                .clicked()
            {
                act = Some(Action::Settings);
            }
            ui.separator();
            self.month_selector(ui);
            if ui
                .add_enabled(self.can_undo(), egui::Button::new("撤销导入"))
                .on_hover_text("Ctrl+Z：撤销本月最近一次导入，恢复上一版本")
                .clicked()
            {
                act = Some(Action::Undo);
            }
            if ui.button("演示 (F5)").clicked() {
                act = Some(Action::Present);
            }
            // Menus close after a choice also when it came from the keyboard or a screen reader.
            if let Some(a) = export_menu(ui) {
                act = Some(a);
            }
            if let Some(a) = workspace_menu(ui) {
                act = Some(a);
            }
            ui.separator();
            let theme_label = if self.prefs.dark { "浅色" } else { "深色" };
            if ui
                .button(theme_label)
                .on_hover_text("Ctrl+T 切换浅色/深色")
                .clicked()
            {
                act = Some(Action::ToggleTheme);
            }
            if ui.button("－").on_hover_text("缩小（Ctrl −）").clicked() {
                act = Some(Action::ZoomOut);
            }
            ui.label(format!("{:.0}%", self.ctx.zoom_factor() * 100.0));
            if ui.button("＋").on_hover_text("放大（Ctrl +）").clicked() {
                act = Some(Action::ZoomIn);
            }
            let has_samples = self
                .snapshot
                .as_ref()
                .is_some_and(|s| s.months.iter().any(|m| m.sample));
            if has_samples
                && ui
                    .button("删除示例数据")
                    .on_hover_text("删除随软件附带的示例月份，只保留你导入的数据")
                    .clicked()
            {
                act = Some(Action::RemoveSamples);
            }
        });
        if let Some(a) = act {
            self.run(a);
        }
    }

    fn month_selector(&mut self, ui: &mut egui::Ui) {
        let months: Vec<(YearMonth, bool)> = self
            .snapshot
            .as_ref()
            .map(|s| s.months.iter().map(|m| (m.month, m.sample)).collect())
            .unwrap_or_default();
        let current = self.current().map(|v| v.month);
        let mut chosen = current;
        egui::ComboBox::from_label("月份")
            .selected_text(current.map_or("（无数据）".into(), |m| m.chinese()))
            .show_ui(ui, |ui| {
                for (m, sample) in months.iter().rev() {
                    let label = if *sample {
                        format!("{}（示例）", m.chinese())
                    } else {
                        m.chinese()
                    };
                    ui.selectable_value(&mut chosen, Some(*m), label);
                }
            });
        if chosen != current
            && let Some(m) = chosen
        {
            self.desk.send(Command::Open(m));
        }
    }

    /// Undo only for a month with real data (samples are removed, not undone).
    fn can_undo(&self) -> bool {
        let current = self.current().map(|v| v.month);
        self.snapshot
            .as_ref()
            .zip(current)
            .and_then(|(s, c)| s.months.iter().find(|m| m.month == c))
            .is_some_and(|m| !m.sample)
    }

    fn body(&mut self, ui: &mut egui::Ui) {
        if self.font_missing {
            ui.label(RichText::new(dd_export::fonts::MISSING_HELP).color(color(palette::RED)));
        }
        if self.settings.is_some() {
            self.settings_page(ui);
            return;
        }
        if self.snapshot.is_none() {
            ui.centered_and_justified(|ui| {
                ui.spinner();
                ui.label("正在打开工作区…");
            });
            return;
        }
        if let Some(a) = self.welcome(ui) {
            self.run(a);
            return;
        }
        let Some(snapshot) = &self.snapshot else {
            return;
        };
        let Some(view) = snapshot.current.as_ref() else {
            ui.centered_and_justified(|ui| {
                ui.label(RichText::new("还没有数据：把乡镇报送的表格（可以多个文件或文件夹）拖到这里，或点“打开文件…”").size(tokens::text::HINT));
            });
            return;
        };
        ui.horizontal(|ui| {
            for v in View::ALL {
                if ui
                    .selectable_label(
                        self.prefs.view == v,
                        RichText::new(v.label()).size(tokens::text::TAB),
                    )
                    .clicked()
                {
                    self.prefs.view = v;
                }
            }
            if view.sample {
                ui.label(
                    RichText::new("示例数据")
                        .color(egui::Color32::WHITE)
                        .background_color(color(palette::YELLOW)),
                )
                .on_hover_text("这是随软件附带的示例月份；导入真实数据后可点“删除示例数据”");
            }
        });
        ui.separator();
        let a = &view.analysis;
        let mut form = false;
        match self.prefs.view {
            View::Overview => {
                ui.heading(format!("{}{}总体情况", a.county, a.month.chinese()));
                if views::reporting::overview_line(ui, view).is_some() {
                    self.prefs.view = View::Reporting;
                }
                egui::ScrollArea::vertical()
                    .id_salt("overview")
                    .show(ui, |ui| {
                        views::overview::show(ui, a, &view.cards, tokens::text::FIGURE, true);
                        ui.add_space(tokens::space::BLOCK);
                        ui.heading("下步工作要求（写入通报）");
                        ui.add(
                            egui::TextEdit::multiline(&mut self.next_steps)
                                .desired_rows(4)
                                .desired_width(f32::INFINITY)
                                .hint_text("留空则使用模板中的默认文字"),
                        );
                        if ui.button("保存下步工作要求").clicked() {
                            self.desk.send(Command::SaveNextSteps {
                                month: a.month,
                                text: self.next_steps.clone(),
                            });
                        }
                    });
            }
            View::Progress => views::progress::show(ui, view, &mut self.prefs.progress),
            View::Duties => views::duties::show(ui, &a.duties, view.key_villages.as_ref(), 1.0),
            View::Villages => {
                views::villages::show(ui, view.key_villages.as_ref(), &mut self.prefs.villages)
            }
            View::Trends => {
                let wanted: Vec<desk::TrendKey> =
                    views::trends::missing(view, &self.prefs.trends, &self.trend_lines)
                        .into_iter()
                        .filter(|k| !self.trends_asked.contains(k))
                        .collect();
                if !wanted.is_empty() {
                    self.trends_asked.extend(wanted.iter().cloned());
                    self.desk.send(Command::Trends {
                        month: view.month,
                        keys: wanted,
                    });
                }
                views::trends::show(ui, view, &self.trend_lines, &mut self.prefs.trends)
            }
            View::Data => views::data::show(ui, &view.table, view.problems.len()),
            View::Brief => {
                if self.brief_asked != Some(view.month) {
                    self.brief_asked = Some(view.month);
                    self.desk
                        .send(Command::Brief(desk::BriefCommand::Preview(view.month)));
                }
                match self.brief.as_ref().filter(|b| b.month == view.month) {
                    Some(b) => {
                        if let Some(c) = views::brief::show(ui, b, &mut self.brief_view) {
                            self.desk.send(Command::Brief(c));
                        }
                    }
                    None => {
                        ui.spinner();
                    }
                }
            }
            View::Followup => {
                if let Some((id, note)) = views::followup::show(ui, view, &mut self.followup) {
                    self.desk.send(Command::CloseFollowup { id, note });
                }
            }
            View::Reporting => match views::reporting::show(ui, view) {
                Some(views::reporting::Outcome::Copied) => self
                    .status
                    .info("已复制催报通知，可以粘贴到微信、短信或办公系统"),
                Some(views::reporting::Outcome::Form) => form = true,
                Some(views::reporting::Outcome::Show) | None => {}
            },
        }
        if form {
            self.form_setup();
        }
    }

    /// Files dropped anywhere on the window are imported; while they hover, say so.
    fn drops(&mut self) {
        let ctx = self.ctx.clone();
        let (hovering, dropped) = ctx.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .collect::<Vec<_>>(),
            )
        });
        // While 县市设置 is open, a dropped sheet gives its township names, or on 指标 its
        // columns as indicators.
        let reading_names = self.settings.is_some();
        let reading_columns = self.settings.as_ref().is_some_and(|s| s.wants_indicators());
        if hovering {
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop"),
            ));
            painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                if reading_columns {
                    "松开鼠标，从这张表格识别指标"
                } else if reading_names {
                    "松开鼠标，从这张表格识别乡镇（街道）名称"
                } else {
                    "松开鼠标即可导入（可多个文件或文件夹）"
                },
                egui::FontId::proportional(tokens::text::OVERLAY),
                egui::Color32::WHITE,
            );
        }
        if reading_columns {
            if let Some(first) = dropped.into_iter().next() {
                self.read_indicator_proposal(first);
            }
        } else if reading_names {
            if let Some(first) = dropped.into_iter().next() {
                self.read_township_names(first);
            }
        } else if !dropped.is_empty() {
            self.open_paths(dropped);
        }
    }
}

/// 导出: the brief as Word or PDF, the workbook, the charts.
fn export_menu(ui: &mut egui::Ui) -> Option<Action> {
    let mut act = None;
    ui.menu_button("导出", |ui| {
        for (label, format, hint) in [
            ("通报（Word .docx）", Some(Format::Docx), "Ctrl+E"),
            ("通报（PDF）", Some(Format::Pdf), ""),
            ("汇总表（Excel .xlsx）", Some(Format::Xlsx), ""),
            ("图表（PNG 图片）", None, ""),
        ] {
            item(ui, label, hint, Action::Export(format), &mut act);
        }
    });
    act
}

/// 工作区: backup, restore, the form, the county's settings and template, about.
fn workspace_menu(ui: &mut egui::Ui) -> Option<Action> {
    let mut act = None;
    ui.menu_button("工作区", |ui| {
        item(
            ui,
            "备份…",
            "把整个工作区（全部月份）另存为一个文件",
            Action::Backup,
            &mut act,
        );
        item(
            ui,
            "恢复…",
            "从自动备份或备份文件恢复工作区",
            Action::Restore,
            &mut act,
        );
        ui.separator();
        item(
            ui,
            "生成填报表…",
            "按模板生成发给各乡镇（街道）的月调度表",
            Action::Form,
            &mut act,
        );
        item(ui, "县市设置…", "", Action::Settings, &mut act);
        item(
            ui,
            "导出模板…",
            "把本县市的模板存为 .toml 文件，交给其他县市或备份",
            Action::ExportTemplate,
            &mut act,
        );
        item(
            ui,
            "导入模板…",
            "读入一个模板文件（先检查），保存为新版本",
            Action::ImportTemplate,
            &mut act,
        );
        ui.separator();
        item(ui, "关于…", "", Action::About, &mut act);
    });
    act
}

/// A menu entry (with its hover text, if any): clicked, it is the action and the menu closes,
/// also when the click came from the keyboard or a screen reader.
fn item(ui: &mut egui::Ui, label: &str, hint: &str, action: Action, act: &mut Option<Action>) {
    let b = ui.button(label);
    let b = if hint.is_empty() {
        b
    } else {
        b.on_hover_text(hint)
    };
    if b.clicked() {
        *act = Some(action);
        ui.close();
    }
}
