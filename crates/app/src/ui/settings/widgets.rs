//! The editor's small pieces: a text field, the message under a field, an accessible name.

use eframe::egui::{self, Response, RichText, Ui};

use super::draft::{Field, Notes};
use crate::ui::theme::color;
use dd_core::palette;

/// A text field `width` wide (several lines when `long`).
pub fn edit(ui: &mut Ui, text: &mut String, width: f32, hint: &str, long: bool) -> Response {
    let e = if long {
        egui::TextEdit::multiline(text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(text)
    };
    // In a grid cell the width left is last frame's column width: ask for ours outright.
    ui.add(
        e.desired_width(width)
            .min_size(egui::vec2(width, 0.0))
            .hint_text(hint),
    )
}

/// Gives a field the name a screen reader (and a test) finds it by, where no visible label
/// stands next to it (a column of a table).
pub fn named(ui: &Ui, r: &Response, name: &str) {
    let name = name.to_string();
    ui.ctx()
        .accesskit_node_builder(r.id, move |b| b.set_label(name));
}

/// The error (red) or warning (yellow) of a field, if any.
pub fn message(ui: &mut Ui, notes: &Notes, f: Field) {
    if let Some(m) = notes.errors.get(&f) {
        ui.label(RichText::new(m).color(color(palette::RED)));
    } else if let Some(m) = notes.warnings.get(&f) {
        ui.label(RichText::new(m).color(color(palette::YELLOW)));
    }
}

/// A narrow field for a number, with its message under it.
pub fn number(ui: &mut Ui, text: &mut String, name: &str, notes: &Notes, f: Field) -> bool {
    let mut changed = false;
    ui.vertical(|ui| {
        let r = edit(ui, text, 80.0, "", false);
        named(ui, &r, name);
        changed = r.changed();
        message(ui, notes, f);
    });
    changed
}
