//! On Windows, the icon and version resource of the .exe (the version and git commit are
//! embedded by crates/core/build.rs).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    windows_resource();
}

/// The .exe's icon and version information, shown by Explorer and the taskbar.
#[cfg(windows)]
fn windows_resource() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    println!("cargo:rerun-if-changed=assets/icons/dispatch-desk.ico");
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icons/dispatch-desk.ico")
        .set("ProductName", "月调度 dispatch-desk")
        .set(
            "FileDescription",
            "巩固拓展脱贫攻坚成果同乡村振兴有效衔接 月调度",
        )
        .set("LegalCopyright", "MIT")
        .set_language(0x0804);
    if let Err(e) = res.compile() {
        println!("cargo:warning=无法嵌入 Windows 图标与版本信息：{e}");
    }
}

#[cfg(not(windows))]
fn windows_resource() {}
