//! On a desktop with no portal service and no zenity the system cannot show a file dialog:
//! 打开文件… and the exports then open the in-app chooser, never nothing at all.
//! One test in this file: it sets the process environment before the app starts.

use dd_app::ui::{DispatchApp, Prefs};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

mod kit;
use kit::*;

#[test]
fn without_portal_or_zenity_the_in_app_chooser_opens_imports_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let empty_bin = dir.path().join("bin");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&empty_bin).unwrap();
    std::fs::copy(
        fixture("湘乡市月调度表2024年10月.xlsx"),
        home.join("湘乡市月调度表2024年10月.xlsx"),
    )
    .unwrap();
    // SAFETY: the only test in this binary, before the app or any other thread starts.
    unsafe {
        std::env::set_var("HOME", &home);
        std::env::set_var("PATH", &empty_bin);
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        std::env::set_var("XDG_DATA_DIRS", dir.path().join("share"));
        std::env::remove_var("XDG_RUNTIME_DIR");
        std::env::remove_var("DISPATCH_DESK_DIALOG");
    }
    assert!(!dd_app::ui::dialogs::native_available());

    let ws = dir.path().join("ws");
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| DispatchApp::new(&cc.egui_ctx, Prefs::default(), ws));
    wait_for(&mut h, "湘乡市2024年10月总体情况");

    // 打开文件…: the chooser opens in the home folder and lists the spreadsheet.
    h.get_by_label("打开文件…").click();
    wait_for(&mut h, "选择乡镇报送的表格");
    assert!(shows(&h, "没有可用的系统文件对话框"));
    h.run_steps(2);
    assert!(h.get_by_label("打开").accesskit_node().is_disabled());
    h.get_by_label_contains("湘乡市月调度表2024年10月.xlsx")
        .click();
    h.run_steps(2);
    h.get_by_label("打开").click();
    wait_for(&mut h, "导入审核");
    assert!(shows(&h, "22个乡镇"));
    h.get_by_label("取消").click();
    h.run_steps(2);

    // 导出 → 通报（Word）: the chooser asks for a name in the same folder and saves there.
    h.get_by_label("导出").click();
    h.run_steps(2);
    h.get_by_label("通报（Word .docx）").click();
    wait_for(&mut h, "文件名：");
    h.run_steps(2);
    h.get_by_label("保存").click();
    wait_for(&mut h, "已导出");
    let docx = home.join("湘乡市2024年10月工作调度情况通报.docx");
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));

    // Saving again over the same file (Ctrl+E) asks first.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    wait_for(&mut h, "文件名：");
    h.run_steps(2);
    h.get_by_label("保存").click();
    wait_for(&mut h, "已存在，要替换它吗？");
    h.run_steps(2);
    h.get_by_label("取消").click();
    h.run_steps(2);
    assert!(!shows(&h, "文件名："));
}
