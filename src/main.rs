// No console window behind the app on Windows release builds.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

/// The reader process holds its memory cap in the allocator too (see dd_import::limits).
#[global_allocator]
static ALLOCATOR: dd_import::limits::Capped = dd_import::limits::Capped;

fn main() -> std::process::ExitCode {
    #[cfg(all(windows, not(debug_assertions)))]
    console::attach_parent();
    dispatch_desk::cli::run()
}

/// A "windows" subsystem program gets no console; started from cmd or PowerShell, it writes
/// the command line's output to the console it was started from (as Alacritty does).
/// Started from Explorer there is no parent console and nothing happens.
#[cfg(all(windows, not(debug_assertions)))]
mod console {
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }

    pub fn attach_parent() {
        // SAFETY: AttachConsole takes a plain integer and only fails (returns 0) when there is
        // no parent console or one is already attached; both leave the process as it was.
        unsafe {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}
