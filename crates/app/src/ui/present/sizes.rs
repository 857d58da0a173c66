//! The type of a slide, scaled to the screen, and the few drawing helpers the slides share.

use eframe::egui::{self, Align2, Color32, FontId, Pos2, Rect, RichText, Ui};

use crate::ui::tokens::slide;

/// Text sizes of a slide in points, from the screen height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Type {
    pub small: f32,
    pub body: f32,
    pub title: f32,
    pub figure: f32,
    pub margin: f32,
    /// The pointer shows (the mouse moved lately): hover details may show too.
    pub pointer: bool,
}

impl Type {
    pub fn of_height(h: f32, pointer: bool) -> Type {
        Type {
            small: h * slide::SMALL,
            body: h * slide::BODY,
            title: h * slide::TITLE,
            figure: h * slide::FIGURE,
            margin: h * slide::MARGIN,
            pointer,
        }
    }
}

/// The height of a line of text in sizes (the CJK face's ascent and descent are tall).
pub const LINE: f32 = 1.45;

/// The width of `text` at `size`.
pub fn width(ui: &Ui, text: &str, size: f32) -> f32 {
    ui.painter()
        .layout_no_wrap(text.to_string(), FontId::proportional(size), Color32::BLACK)
        .size()
        .x
}

/// The size at which `text` fits `room` points wide: `max` if it fits, else smaller, never
/// under `min`.
pub fn fit(ui: &Ui, text: &str, room: f32, max: f32, min: f32) -> f32 {
    let w = width(ui, text, max);
    if w <= room || w <= 0.0 {
        max
    } else {
        (max * room / w).max(min)
    }
}

/// Paints `text` anchored at `pos`, and names it for screen readers (and UI tests) with `said`.
pub fn text(ui: &mut Ui, pos: Pos2, anchor: Align2, text: &str, size: f32, color: Color32) -> Rect {
    ui.painter()
        .text(pos, anchor, text, FontId::proportional(size), color)
}

/// An invisible node over `rect` that a screen reader (or a UI test) reads as `label`.
pub fn said(ui: &mut Ui, rect: Rect, id: impl egui::AsIdSalt, label: String) {
    let r = ui.interact(rect, ui.scope_id().with(id), egui::Sense::hover());
    r.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, &label));
}

/// A heading inside a slide: body size, strong, in the accent.
pub fn heading(text: impl Into<String>, t: &Type) -> RichText {
    RichText::new(text.into())
        .size(t.body)
        .strong()
        .color(crate::ui::theme::color(dd_core::palette::BLUE))
}

/// Runs `add` in a top-down child of `ui` that fills `rect`.
pub fn inside<R>(ui: &mut Ui, rect: Rect, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
        add,
    )
    .inner
}

/// `rect` cut into `n` equal columns with `gap` between them.
pub fn columns(rect: Rect, n: usize, gap: f32) -> Vec<Rect> {
    let n = n.max(1);
    let w = (rect.width() - gap * (n as f32 - 1.0)) / n as f32;
    (0..n)
        .map(|i| {
            let left = rect.left() + i as f32 * (w + gap);
            Rect::from_min_size(egui::pos2(left, rect.top()), egui::vec2(w, rect.height()))
        })
        .collect()
}

/// The rest of the slide, taken whole: what the slide draws in by hand.
pub fn take_rest(ui: &mut Ui) -> Rect {
    let area = ui.available_rect_before_wrap();
    ui.allocate_rect(area, egui::Sense::hover());
    area
}
