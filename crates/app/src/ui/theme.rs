//! Fonts, colours and the projector theme.

use std::sync::Arc;

use eframe::egui::{self, Color32, FontData, FontDefinitions, FontFamily};

use dd_core::palette::Rgb;

pub fn color(c: Rgb) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Installs one Chinese face (found on the system) ahead of egui's fallbacks.
/// Returns false when none was found, so the app can say so.
pub fn install_fonts(ctx: &egui::Context) -> bool {
    let Some(face) = dd_export::fonts::sans() else {
        return false;
    };
    let mut fonts = FontDefinitions::default();
    let bytes = Arc::try_unwrap(face.data).unwrap_or_else(|shared| (*shared).clone());
    let mut data = FontData::from_owned(bytes);
    data.index = face.index;
    fonts.font_data.insert("cjk".into(), Arc::new(data));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, "cjk".into());
    }
    ctx.set_fonts(fonts);
    true
}

/// Larger text than egui's default: office screens are read from a distance.
pub fn apply_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        use super::tokens::{space, text};
        use egui::{FontId, TextStyle};
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(text::HEADING)),
            (TextStyle::Body, FontId::proportional(text::BODY)),
            (TextStyle::Button, FontId::proportional(text::BODY)),
            (TextStyle::Small, FontId::proportional(text::SMALL)),
            (TextStyle::Monospace, FontId::monospace(text::MONO)),
        ]
        .into();
        style.spacing.item_spacing = space::ITEM.into();
        style.spacing.button_padding = space::BUTTON_PADDING.into();
    });
}
