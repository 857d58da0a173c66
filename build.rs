//! Embeds the version and git commit; on Windows, the icon and version resource.
use std::process::Command;

fn main() {
    let git = Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=DISPATCH_DESK_GIT={git}");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
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
