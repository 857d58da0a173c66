//! Small pieces shared by the views: light dots, status chips, figure cards.

use eframe::egui::{self, Color32, RichText, Sense, Ui, vec2};

use super::theme::color;
use dd_core::model::Light;
use dd_core::model::Status;
use dd_core::palette;
use dd_core::text::plain_number;

/// A round light with its word beside it for those who cannot tell the colours apart.
pub fn light(ui: &mut Ui, l: Option<Light>, size: f32) {
    let (rect, _) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    let c = l.map_or(color(palette::GREY), |l| color(palette::light(l)));
    ui.painter().circle_filled(rect.center(), size * 0.45, c);
    if let Some(l) = l {
        ui.label(RichText::new(l.label()).color(c));
    }
}

/// A coloured chip with the status word.
pub fn status_chip(ui: &mut Ui, s: Option<Status>, written: bool, size: f32) -> egui::Response {
    let text = s.map_or("未报", Status::label);
    let fill = color(palette::status(s));
    let label = if written {
        text.to_string()
    } else {
        format!("{text}*")
    };
    let galley =
        ui.painter()
            .layout_no_wrap(label, egui::FontId::proportional(size), Color32::WHITE);
    let min = vec2(size * 5.5, size * 1.6);
    let (rect, resp) = ui.allocate_exact_size(
        vec2(galley.size().x + 16.0, galley.size().y + 6.0).max(min),
        Sense::hover(),
    );
    ui.painter().rect_filled(rect, 4.0, fill);
    ui.painter()
        .galley(rect.center() - galley.size() / 2.0, galley, Color32::WHITE);
    resp
}

/// "+12" / "−3.5" with 较上月, coloured by direction (up is good unless `lower_is_better`).
pub fn change(
    ui: &mut Ui,
    now: Option<f64>,
    before: Option<f64>,
    unit: &str,
    lower_is_better: bool,
    size: f32,
) {
    let (Some(a), Some(b)) = (now, before) else {
        ui.label(RichText::new("较上月 —").weak().size(size));
        return;
    };
    let d = a - b;
    let d = (d * 100.0).round() / 100.0;
    let good = if lower_is_better { d < 0.0 } else { d > 0.0 };
    let c = if d == 0.0 {
        ui.visuals().weak_text_color()
    } else if good {
        color(palette::GREEN)
    } else {
        color(palette::RED)
    };
    let text = if d > 0.0 {
        format!("较上月 ↑{}{unit}", plain_number(d))
    } else if d < 0.0 {
        format!("较上月 ↓{}{unit}", plain_number(-d))
    } else {
        "较上月持平".to_string()
    };
    ui.label(RichText::new(text).color(c).size(size));
}

/// Formats a rate: 95.5%.
pub fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| {
        format!("{}%", plain_number((v * 10.0).round() / 10.0))
    })
}

/// Formats a score with one decimal.
pub fn score(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.1}"))
}
