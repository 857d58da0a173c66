//! Design tokens: the sizes the window uses, named once (as Rerun's `re_ui` does), so no view
//! writes a bare `18.0`. Colours live in `dd_core::palette`.

/// Text sizes in points (before zoom). Office screens are read from a distance.
pub mod text {
    pub const HEADING: f32 = 22.0;
    pub const BODY: f32 = 15.0;
    pub const SMALL: f32 = 12.0;
    pub const MONO: f32 = 14.0;
    /// A status chip or light beside body text.
    pub const CHIP: f32 = 14.0;
    /// Counts under a table.
    pub const CAPTION: f32 = 13.0;
    /// The app's name in the top bar.
    pub const BRAND: f32 = 18.0;
    /// The view tabs (总览, 乡镇进展…).
    pub const TAB: f32 = 17.0;
    /// The hint on an empty workspace.
    pub const HINT: f32 = 20.0;
    /// The "drop to import" overlay.
    pub const OVERLAY: f32 = 32.0;
    /// The big figures of the overview cards in the window (the slides scale with the screen).
    pub const FIGURE: f32 = 30.0;
}

/// Zoom (Ctrl +/−): limits and step.
pub mod zoom {
    pub const MIN: f32 = 0.5;
    pub const MAX: f32 = 3.0;
    pub const STEP: f32 = 0.1;

    /// A zoom factor kept within the limits.
    pub fn clamp(z: f32) -> f32 {
        z.clamp(MIN, MAX)
    }
}

/// Spacing and widths.
pub mod space {
    pub const ITEM: [f32; 2] = [8.0, 6.0];
    pub const BUTTON_PADDING: [f32; 2] = [8.0, 4.0];
    /// Between blocks of a view.
    pub const BLOCK: f32 = 12.0;
    /// Width of a modal dialog (import review, file chooser, backups).
    pub const MODAL_WIDTH: f32 = 760.0;
    /// Height of a scrolled list inside a modal.
    pub const LIST_HEIGHT: f32 = 260.0;
}

/// 演示模式: sizes as fractions of the screen height, so a slide reads the same on a
/// 1366×768 projector and a 1920×1080 screen. No text on a slide is under 3 % of the height
/// (readable from the back of a meeting room).
pub mod slide {
    /// The smallest text: axis labels, notes, table cells.
    pub const SMALL: f32 = 0.031;
    pub const BODY: f32 = 0.036;
    pub const TITLE: f32 = 0.052;
    /// The big figures (totals, a township's score).
    pub const FIGURE: f32 = 0.075;
    /// The margin around a slide.
    pub const MARGIN: f32 = 0.02;
    /// Seconds the presenter's controls stay after the mouse stops moving.
    pub const CONTROLS_SECONDS: f32 = 2.5;
}
