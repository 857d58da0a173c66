//! When the system dialog is tried (`DISPATCH_DESK_DIALOG=system`) but cannot open (no
//! portal, no zenity), the dialog library only logs an error and returns nothing, as if
//! cancelled; the app notices the error and shows its own chooser instead of nothing.
//! One test in this file: it sets the process environment before the app starts.

use std::time::Duration;

use dd_app::ui::{DispatchApp, Prefs};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn a_system_dialog_that_fails_falls_back_to_the_in_app_chooser() {
    let dir = tempfile::tempdir().unwrap();
    let empty_bin = dir.path().join("bin");
    std::fs::create_dir_all(&empty_bin).unwrap();
    // SAFETY: the only test in this binary, before the app or any other thread starts.
    unsafe {
        std::env::set_var("HOME", dir.path());
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("PATH", &empty_bin);
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        std::env::set_var("DISPATCH_DESK_DIALOG", "system");
    }
    dd_office::logfile::init();
    assert!(dd_app::ui::dialogs::native_available());

    let ws = dir.path().join("ws");
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| DispatchApp::new(&cc.egui_ctx, Prefs::default(), ws));
    h.run_steps(5);
    h.get_by_label("打开文件…").click();
    for _ in 0..1000 {
        h.step();
        if h.query_by_label_contains("没有可用的系统文件对话框")
            .is_some()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(h.query_by_label("选择乡镇报送的表格").is_some());
    assert!(dd_office::logfile::dialog_failures() > 0);
    // The failure went to the log in the data folder.
    let log = std::fs::read_to_string(dir.path().join("data/dispatch-desk/logs/dispatch-desk.log"))
        .unwrap();
    assert!(log.contains("ERROR rfd"), "{log}");
}
