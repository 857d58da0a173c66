//! The desktop side of the binary: what is compiled for Windows only, and files named on the
//! command line ("Open with", a drop on the icon).

/// `AttachConsole` (the Windows console for command-line output) is behind `cfg(windows)`:
/// the Linux binary has no trace of it (and without the cfg it would not even link here).
#[cfg(not(windows))]
#[test]
fn the_windows_console_attach_is_compiled_only_for_windows() {
    // grep, not a byte loop: the debug binary is large and this test crate is not optimised.
    let found = std::process::Command::new("grep")
        .args([
            "-q",
            "-a",
            "AttachConsole",
            env!("CARGO_BIN_EXE_dispatch-desk"),
        ])
        .status()
        .unwrap();
    assert_eq!(found.code(), Some(1), "grep: 0 found, 1 not found, 2 error");
    let main =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/main.rs")).unwrap();
    let gate = "#[cfg(all(windows, not(debug_assertions)))]";
    // The subsystem switch and the attach go together: both only in Windows release builds.
    assert!(main.contains(
        "cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = \"windows\")"
    ));
    assert_eq!(main.matches(gate).count(), 2, "{main}");
    assert!(main.contains(&format!("{gate}\n    console::attach_parent();")));
    assert!(main.contains(&format!("{gate}\nmod console {{")));
}

#[test]
fn version_names_the_package_version() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&format!("dispatch-desk {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
}
