//! 演示模式: the month as full-screen slides for the meeting room, in a light projector theme,
//! the type scaled to the screen. The presenter's controls stay hidden (and the pointer too)
//! until the mouse moves; the keys are those of presentation software: ←/→, PageUp/PageDown,
//! Space (what clickers send), Home/End, a number + Enter, G for the slide index, B or `.` for a
//! black screen, Esc to leave.

mod deck;
mod duties;
mod ranking;
mod review;
mod show;
mod sizes;
mod totals;

use eframe::egui::{self, Align2, Color32, RichText};

use deck::deck;
use show::Flow;
pub use show::Show;
use sizes::Type;

use super::dialogs::Event;
use super::tokens;
use dd_core::model::YearMonth;

/// `--present [--month]`: present as soon as the month is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    /// None: the newest month.
    pub month: Option<YearMonth>,
    /// The month was asked of the desk already.
    pub opening: bool,
}

/// What the presenter did with the controls.
enum Control {
    Go(usize),
    Index,
    Black,
    Picture,
    Leave,
}

impl super::app::DispatchApp {
    /// A frame of 演示模式.
    pub(super) fn presenting(&mut self, ui: &mut egui::Ui) {
        let Some(mut show) = self.present.take() else {
            return;
        };
        // Taken out for the frame (not cloned: a month view holds every trend series).
        let Some(snapshot) = self.snapshot.take() else {
            return self.stop_presenting();
        };
        let Some(view) = snapshot.current.as_ref() else {
            self.snapshot = Some(snapshot);
            return self.stop_presenting();
        };
        let ctx = self.ctx.clone();
        let slides = deck(view);
        let count = slides.len();
        let mut flow = Flow::Stay;
        for key in show::pressed(&ctx) {
            if show.key(key, count) == Flow::Leave {
                flow = Flow::Leave;
            }
        }
        show.index = show.index.min(count.saturating_sub(1));
        let since = ctx.input(|i| i.pointer.time_since_last_movement());
        let height = ctx.content_rect().height();
        let near_top = ctx.input(|i| {
            i.pointer
                .hover_pos()
                .is_some_and(|p| p.y < height * tokens::slide::TITLE * 2.0)
        });
        let drawing = !show.capturing && !show.black;
        let controls_shown = drawing && (since < tokens::slide::CONTROLS_SECONDS || near_top);
        let pointer_shown = controls_shown || (drawing && show.picking.is_some());
        let t = Type::of_height(height, pointer_shown);
        let fill = if show.black {
            Color32::BLACK
        } else {
            Color32::WHITE
        };
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(fill).inner_margin(t.margin))
            .show(ui, |ui| {
                if !show.black
                    && let Some(slide) = slides.get(show.index)
                {
                    slide.draw(ui, view, &t);
                }
            });
        let titles: Vec<String> = slides.iter().map(|s| s.title(view)).collect();
        if show.capturing {
            let tx = self.events_tx.clone();
            let wake = ctx.clone();
            ctx.request_screenshot(move |image| {
                let _ = tx.send(Event::SlideImage(image));
                wake.request_repaint();
            });
        }
        if controls_shown {
            // Hide them once the mouse has rested.
            ctx.request_repaint_after(std::time::Duration::from_secs_f32(
                (tokens::slide::CONTROLS_SECONDS - since).max(0.05),
            ));
            match controls(&ctx, &show, &titles) {
                Some(Control::Go(i)) => show.go(i, count),
                Some(Control::Index) => show.picking = Some(show.index),
                Some(Control::Black) => show.black = true,
                Some(Control::Picture) => show.capturing = true,
                Some(Control::Leave) => flow = Flow::Leave,
                None => {}
            }
        }
        if drawing {
            if let Some(at) = show.picking {
                if let Some(i) = index(&ctx, at, &show.typed, &titles, &t) {
                    show.go(i, count);
                }
            } else if !show.typed.is_empty() {
                typed(&ctx, &show.typed, &t);
            }
        }
        if !pointer_shown {
            ctx.set_cursor_icon(egui::CursorIcon::None);
        }
        self.snapshot = Some(snapshot);
        self.present = Some(show);
        if flow == Flow::Leave {
            self.stop_presenting();
        }
    }

    /// Presents as the command line asked, once the workspace is open: the month asked for (or
    /// the newest), or says why not.
    pub(super) fn present_if_asked(&mut self) {
        let Some(mut asked) = self.present_asked else {
            return;
        };
        let Some(snapshot) = &self.snapshot else {
            return;
        };
        let current = snapshot.current.as_ref().map(|v| v.month);
        let Some(want) = asked
            .month
            .or_else(|| snapshot.months.last().map(|m| m.month))
        else {
            self.present_asked = None;
            self.status
                .error("工作区里还没有月份，无法演示：请先导入乡镇报表");
            return;
        };
        if current == Some(want) {
            self.present_asked = None;
            self.start_presenting();
        } else if !snapshot.months.iter().any(|m| m.month == want) {
            self.present_asked = None;
            self.status
                .error(format!("工作区里没有{}的数据，无法演示", want.chinese()));
        } else if !asked.opening {
            asked.opening = true;
            self.present_asked = Some(asked);
            self.desk.send(crate::desk::Command::Open(want));
        }
    }
}

/// The presenter's bar at the top of the screen.
fn controls(ctx: &egui::Context, show: &Show, titles: &[String]) -> Option<Control> {
    let mut asked = None;
    let count = titles.len();
    // Left-aligned, the changing page and title last: the buttons stay where the mouse is.
    egui::Area::new(egui::Id::unique("present_controls"))
        .order(egui::Order::Foreground)
        .anchor(Align2::LEFT_TOP, [6.0, 6.0])
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    let mut button = |ui: &mut egui::Ui, text: &str, hint: &str, c: Control| {
                        let r = ui.button(text).on_hover_text(hint);
                        if r.clicked() {
                            // Enter and Space must keep moving the slides, not press this again.
                            r.surrender_focus();
                            asked = Some(c);
                        }
                    };
                    button(ui, "退出演示", "Esc", Control::Leave);
                    button(
                        ui,
                        "◀ 上一页",
                        "← 或 PageUp",
                        Control::Go(show.index.saturating_sub(1)),
                    );
                    button(
                        ui,
                        "下一页 ▶",
                        "→、PageDown 或空格",
                        Control::Go(show.index + 1),
                    );
                    button(ui, "目录", "G；也可以输入页码后按 Enter", Control::Index);
                    button(ui, "黑屏", "B；按任意键恢复", Control::Black);
                    button(ui, "保存本页为图片", "保存为 PNG 图片", Control::Picture);
                    ui.label(format!(
                        "第{}/{count}页　{}",
                        show.index + 1,
                        titles.get(show.index).map_or("", String::as_str)
                    ));
                });
            });
        });
    asked
}

/// The slide index (G): every slide by number; a click or Enter goes there.
fn index(
    ctx: &egui::Context,
    at: usize,
    typed: &str,
    titles: &[String],
    t: &Type,
) -> Option<usize> {
    let mut chosen = None;
    egui::Area::new(egui::Id::unique("present_index"))
        .order(egui::Order::Foreground)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(t.small)
                .show(ui, |ui| {
                    let hint = if typed.is_empty() {
                        "目录：↑↓ 选择，Enter 转到，或输入页码".to_string()
                    } else {
                        format!("转到第{typed}页（按 Enter）")
                    };
                    ui.label(RichText::new(hint).size(t.small).strong());
                    ui.add_space(t.small * 0.3);
                    let rows = titles.len().div_ceil(2);
                    egui::Grid::new("present_index_grid")
                        .spacing([t.small * 1.5, t.small * 0.2])
                        .show(ui, |ui| {
                            for r in 0..rows {
                                for i in [r, r + rows] {
                                    let Some(title) = titles.get(i) else { continue };
                                    let text =
                                        RichText::new(format!("{}　{title}", i + 1)).size(t.small);
                                    if ui.selectable_label(i == at, text).clicked() {
                                        chosen = Some(i);
                                    }
                                }
                                ui.end_row();
                            }
                        });
                });
        });
    chosen
}

/// The slide number being typed, in a corner.
fn typed(ctx: &egui::Context, typed: &str, t: &Type) {
    egui::Area::new(egui::Id::unique("present_typed"))
        .order(egui::Order::Foreground)
        .anchor(Align2::RIGHT_BOTTOM, [-t.margin, -t.margin])
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(format!("转到第{typed}页（按 Enter）")).size(t.small));
            });
        });
}
