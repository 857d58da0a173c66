//! The desktop app (eframe/egui). It renders the desk's view models and sends it
//! commands; it never reads files or builds dataframes itself.

mod about;
mod actions;
pub mod app;
mod backups;
mod chooser;
pub mod dialogs;
mod modal;
mod present;
mod review;
mod settings;
mod shell;
mod status;
pub mod theme;
pub mod tokens;
pub mod views;
mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::{DispatchApp, Prefs};

/// What the window does first, as the command line asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Launch {
    /// Import these files at once (none: just open).
    Open(Vec<PathBuf>),
    /// Open straight into 演示模式 on this month (None: the newest), full screen.
    Present(Option<dd_core::model::YearMonth>),
}

/// Opens the window on the workspace in `dir` (default: the user's data folder), and does
/// what `launch` asks.
pub fn run(dir: Option<PathBuf>, launch: Launch) -> ExitCode {
    let Some(dir) = dir.or_else(dd_store::Workspace::default_dir) else {
        eprintln!("找不到用户数据目录，请用 --workspace 指定工作区文件夹");
        return ExitCode::from(2);
    };
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("月调度 · 巩固拓展脱贫攻坚成果同乡村振兴有效衔接")
        .with_app_id("dispatch-desk")
        .with_inner_size([1360.0, 860.0])
        .with_min_inner_size([900.0, 600.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    if matches!(launch, Launch::Present(_)) {
        viewport = viewport.with_fullscreen(true);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let result = eframe::run_native(
        "dispatch-desk",
        options,
        Box::new(move |cc| {
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            let mut app = DispatchApp::new(&cc.egui_ctx, prefs, dir);
            app.launch(launch);
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("无法打开窗口：{e}");
            ExitCode::from(1)
        }
    }
}

/// The window icon, decoded from the bundled PNG.
fn icon() -> Option<eframe::egui::IconData> {
    let bytes: &[u8] = include_bytes!("../../../../assets/icons/dispatch-desk.png");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    if info.color_type != png::ColorType::Rgba {
        return None;
    }
    buf.truncate(info.buffer_size());
    Some(eframe::egui::IconData {
        rgba: buf,
        width: info.width,
        height: info.height,
    })
}
