//! What the app's UI tests share: the harness, waiting for a label, dropping files.
//! Each test binary uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dd_app::ui::{DispatchApp, Prefs};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

pub type App = Harness<'static, DispatchApp>;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name)
}

/// The app on the workspace in `dir`, in a window of `size`.
pub fn harness(dir: &Path, size: [f32; 2]) -> App {
    let dir = dir.to_path_buf();
    Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| DispatchApp::new(&cc.egui_ctx, Prefs::default(), dir))
}

/// Whether any label contains `text`.
pub fn shows(h: &App, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Every label and value on the window, for a failure's message.
pub fn seen(h: &App) -> Vec<String> {
    h.query_all_by_label_contains("")
        .filter_map(|n| n.accesskit_node().value().or(n.accesskit_node().label()))
        .collect()
}

/// Steps the app until a label containing `text` shows (the desk works on its own thread);
/// returns the longest single frame meanwhile.
pub fn wait_for(h: &mut App, text: &str) -> Duration {
    let mut longest = Duration::ZERO;
    for _ in 0..1500 {
        let started = Instant::now();
        h.step();
        longest = longest.max(started.elapsed());
        if shows(h, text) {
            return longest;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("“{text}” never appeared; the window shows: {:?}", seen(h));
}

/// Steps the app until no label contains `text` (a dialog has closed).
pub fn gone(h: &mut App, text: &str) {
    for _ in 0..100 {
        h.step();
        if !shows(h, text) {
            h.run_steps(2);
            return;
        }
    }
    panic!("“{text}” is still shown");
}

/// A file dropped on the window, as the windowing layer hands it to egui.
#[derive(Debug)]
pub struct Dropped(pub PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

pub fn drop_files(h: &mut App, files: &[PathBuf]) {
    for f in files {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(f.clone())));
    }
    h.step();
}

/// The app once the sample months are removed (an empty workspace).
pub fn without_samples(mut h: App) -> App {
    wait_for(&mut h, "示例数据");
    h.get_by_label("删除示例数据").click();
    wait_for(&mut h, "还没有数据");
    h
}
