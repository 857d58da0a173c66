//! 演示模式: full-screen slides for the meeting, large type in a light projector theme;
//! ←/→, PageUp/PageDown and Space (what clickers send) move, Esc leaves.

use eframe::egui::{self, RichText, Ui};

use super::dialogs::Event;
use super::tokens;
use crate::desk::MonthView;
use crate::palette;
use crate::ui::theme::color;
use crate::ui::views::{duties, overview, progress, trends};
use crate::ui::widgets;

pub const SLIDES: [&str; 5] = [
    "总体情况",
    "乡镇进度排名",
    "“五大责任”落实情况",
    "主要指标趋势",
    "需要加快进度的乡镇",
];

pub enum Key {
    Next,
    Previous,
    Leave,
}

/// The presentation keys pressed this frame.
pub fn keys(ctx: &egui::Context) -> Option<Key> {
    ctx.input(|i| {
        use egui::Key as K;
        if i.key_pressed(K::Escape) {
            Some(Key::Leave)
        } else if i.key_pressed(K::ArrowRight)
            || i.key_pressed(K::PageDown)
            || i.key_pressed(K::Space)
            || i.key_pressed(K::ArrowDown)
        {
            Some(Key::Next)
        } else if i.key_pressed(K::ArrowLeft)
            || i.key_pressed(K::PageUp)
            || i.key_pressed(K::ArrowUp)
        {
            Some(Key::Previous)
        } else {
            None
        }
    })
}

pub fn slide(ui: &mut Ui, view: &MonthView, index: usize) {
    let a = &view.analysis;
    let h = ui.available_height();
    let big = (h / 18.0).clamp(24.0, 64.0);
    ui.vertical_centered(|ui| {
        ui.label(
            RichText::new(format!(
                "{}{}　{}",
                a.county,
                a.month.chinese(),
                SLIDES.get(index).copied().unwrap_or_default()
            ))
            .size(big * 0.9)
            .strong()
            .color(color(palette::BLUE)),
        );
    });
    ui.add_space(big * 0.4);
    match index {
        0 => overview::show(ui, a, big * 0.9, false),
        1 => progress::ranking_chart(ui, a, ui.available_height() - 20.0, big / 16.0),
        2 => {
            // 22 townships, a header and the counts must fit the screen.
            let rows = a.duties.townships.len() as f32 + 4.0;
            let scale = (ui.available_height() / rows / 31.0).clamp(0.7, 2.2);
            duties::show(ui, &a.duties, scale);
        }
        3 => {
            let per = (ui.available_height() / 2.0) - 40.0;
            for id in ["fund_paid_rate", "employment_rate"] {
                trends::chart(ui, view, &Default::default(), id, &[], per);
            }
        }
        _ => laggards(ui, view, big),
    }
}

fn laggards(ui: &mut Ui, view: &MonthView, big: f32) {
    let a = &view.analysis;
    if a.laggards.is_empty() {
        ui.label(RichText::new("各项指标均已达到目标").size(big));
    }
    egui::Grid::new("laggards")
        .spacing([big, big * 0.3])
        .show(ui, |ui| {
            for l in &a.laggards {
                ui.label(RichText::new(&l.name).size(big * 0.6).strong());
                let names: Vec<String> = l
                    .townships
                    .iter()
                    .take(5)
                    .map(|(t, v, _)| format!("{t} {}", widgets::pct(Some(*v))))
                    .collect();
                ui.label(
                    RichText::new(names.join("　"))
                        .size(big * 0.55)
                        .color(color(palette::RED)),
                );
                ui.end_row();
            }
        });
    let last: Vec<&str> = a
        .progress
        .iter()
        .filter(|p| p.last_twice)
        .map(|p| p.township.as_str())
        .collect();
    if !last.is_empty() {
        ui.add_space(big * 0.5);
        ui.label(
            RichText::new(format!("连续两个月排名末位：{}", last.join("、")))
                .size(big * 0.7)
                .color(color(palette::RED)),
        );
    }
}

impl super::app::DispatchApp {
    /// A frame of 演示模式: the slide, with a line of buttons above it (left out of the
    /// screenshot when saving the slide as a picture).
    pub(super) fn presenting(&mut self, ui: &mut Ui, index: usize) {
        match keys(&self.ctx) {
            Some(Key::Leave) => return self.stop_presenting(),
            Some(Key::Next) => self.present = Some((index + 1).min(SLIDES.len() - 1)),
            Some(Key::Previous) => self.present = Some(index.saturating_sub(1)),
            None => {}
        }
        let index = self.present.unwrap_or(0);
        // Taken out for the frame (not cloned: a month view holds every trend series).
        let Some(snapshot) = self.snapshot.take() else {
            return self.stop_presenting();
        };
        let Some(view) = snapshot.current.as_ref() else {
            self.snapshot = Some(snapshot);
            return self.stop_presenting();
        };
        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(egui::Color32::WHITE)
                    .inner_margin(tokens::space::SLIDE_MARGIN),
            )
            .show(ui, |ui| {
                if !self.capturing {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(format!(
                                "第{}/{}页　← → 翻页，Esc 退出",
                                index + 1,
                                SLIDES.len()
                            ))
                            .weak(),
                        );
                        if ui.button("保存本页为图片").clicked() {
                            self.capturing = true;
                        }
                        if ui.button("退出演示").clicked() {
                            self.stop_presenting();
                        }
                    });
                } else {
                    let tx = self.events_tx.clone();
                    let ctx = self.ctx.clone();
                    self.ctx.request_screenshot(move |image| {
                        let _ = tx.send(Event::SlideImage(image));
                        ctx.request_repaint();
                    });
                }
                slide(ui, view, index);
            });
        self.snapshot = Some(snapshot);
    }
}
