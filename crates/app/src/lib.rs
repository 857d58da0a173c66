//! The desktop app: the desk (a worker thread that runs the office's use cases for the
//! window) and the egui views that draw what it sends.

pub mod desk;
pub mod ui;
