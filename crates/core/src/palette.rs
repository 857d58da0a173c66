//! Colours shared by the app, the chart images and the exported documents, so a light or
//! a status looks the same everywhere. RGB.

use crate::model::Light;
use crate::model::Status;

pub type Rgb = [u8; 3];

pub const GREEN: Rgb = [0x2E, 0x7D, 0x32];
pub const YELLOW: Rgb = [0xF2, 0xA9, 0x00];
pub const RED: Rgb = [0xC6, 0x28, 0x28];
pub const GREY: Rgb = [0x9E, 0x9E, 0x9E];
/// The accent of titles and chart lines (政务蓝).
pub const BLUE: Rgb = [0x1F, 0x4E, 0x9A];
/// The accent on a dark background.
pub const BLUE_ON_DARK: Rgb = [0x7F, 0xAE, 0xF0];
/// Series colours of trend lines, in order.
pub const SERIES: [Rgb; 6] = [
    BLUE,
    [0xD8, 0x43, 0x15],
    [0x00, 0x89, 0x7B],
    [0x8E, 0x24, 0xAA],
    [0x6D, 0x4C, 0x41],
    [0x54, 0x6E, 0x7A],
];

pub fn light(l: Light) -> Rgb {
    match l {
        Light::Green => GREEN,
        Light::Yellow => YELLOW,
        Light::Red => RED,
    }
}

/// A township's score bar: its light's colour; grey for one without a light where the
/// template lights townships, one blue for all where it does not.
pub fn score_bar(light: Option<Light>, lit: bool) -> Rgb {
    match light {
        Some(l) => self::light(l),
        None if lit => GREY,
        None => BLUE,
    }
}

pub fn status(s: Option<Status>) -> Rgb {
    match s {
        Some(Status::Done) => GREEN,
        Some(Status::Partial) => YELLOW,
        Some(Status::NotDone) => RED,
        Some(Status::NotApplicable) | None => GREY,
    }
}

/// `#RRGGBB`, for documents.
pub fn hex(c: Rgb) -> String {
    format!("{:02X}{:02X}{:02X}", c[0], c[1], c[2])
}
