//! Asking the user for files and folders: the system's dialog on a thread of its own (so the
//! window keeps drawing), or, where none can be shown, the in-app chooser. Either way the
//! answer comes back as one `Event::Picked` with the purpose it was asked for.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Sender;

use eframe::egui;

use super::chooser::Chooser;
use dd_core::model::YearMonth;
use dd_export::Format;

/// What is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// One or more files of these extensions (empty: any).
    Files(Vec<&'static str>),
    /// One file of these extensions.
    File(Vec<&'static str>),
    /// One or more folders.
    Folders,
    /// One folder.
    Folder,
    /// A file to write, suggested name and its extension.
    Save {
        name: String,
        extension: &'static str,
    },
}

/// A question for the user: a title and what to pick.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub title: String,
    pub ask: Ask,
    /// The filter's name in the dialog (表格, PNG 图片…).
    pub kind: String,
}

/// What the answer is for.
#[derive(Clone)]
pub enum Purpose {
    Import,
    Export(YearMonth, Option<Format>),
    SaveSlide(Arc<egui::ColorImage>),
    BackupTo,
    RestoreFrom,
    /// 生成填报表…: the county file or the folder of township files.
    Form(super::views::reporting::form::FormChoice),
    TemplateExport,
    TemplateImport,
    /// One of the county's sheets, for its township names (县市设置 → 从表格识别).
    TownshipSheet,
    /// One of the county's sheets (or a blank form), for its columns as indicators.
    IndicatorSheet,
}

/// Answers of dialogs and screenshots, which arrive from other threads.
pub enum Event {
    Picked(Purpose, Vec<PathBuf>),
    /// The system dialog could not be shown: ask again with the in-app chooser.
    NativeFailed(Request, Purpose),
    SlideImage(Arc<egui::ColorImage>),
}

/// How questions are asked in this session.
pub struct Dialogs {
    tx: Sender<Event>,
    ctx: egui::Context,
    native: bool,
}

impl Dialogs {
    pub fn new(tx: Sender<Event>, ctx: egui::Context) -> Dialogs {
        Dialogs {
            tx,
            ctx,
            native: native_available(),
        }
    }

    /// Whether the system's dialogs are used (else the in-app chooser).
    pub fn native(&self) -> bool {
        self.native
    }

    /// Asks; the answer arrives as `Event::Picked`. Returns the in-app chooser to show when
    /// the system has no dialog to offer.
    pub fn ask(&self, request: Request, purpose: Purpose) -> Option<Chooser> {
        if !self.native {
            return Some(Chooser::new(request, purpose));
        }
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let (r, p) = (request.clone(), purpose.clone());
        let spawned = std::thread::Builder::new()
            .name("dialog".into())
            .spawn(move || {
                let failures = dd_office::logfile::dialog_failures();
                let event = match show_native(&r) {
                    Some(paths) if !paths.is_empty() => Event::Picked(p, paths),
                    // Cancelled, unless the dialog library reported that it could not open one.
                    _ if dd_office::logfile::dialog_failures() > failures => {
                        Event::NativeFailed(r, p)
                    }
                    _ => return,
                };
                let _ = tx.send(event);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => None,
            Err(e) => {
                log::error!("无法启动文件对话框线程：{e}");
                Some(Chooser::new(request, purpose))
            }
        }
    }
}

fn show_native(r: &Request) -> Option<Vec<PathBuf>> {
    let dialog = rfd::FileDialog::new().set_title(&r.title);
    match &r.ask {
        Ask::Files(ext) if ext.is_empty() => dialog.pick_files(),
        Ask::Files(ext) => dialog.add_filter(&r.kind, ext).pick_files(),
        Ask::File(ext) => dialog.add_filter(&r.kind, ext).pick_file().map(|p| vec![p]),
        Ask::Folders => dialog.pick_folders(),
        Ask::Folder => dialog.pick_folder().map(|p| vec![p]),
        Ask::Save { name, extension } => dialog
            .set_file_name(name)
            .add_filter(&r.kind, &[extension])
            .save_file()
            .map(|p| vec![p]),
    }
}

/// Whether the system can show a file dialog. Windows always can. On Linux rfd asks the
/// desktop portal over D-Bus, else runs `zenity`; with neither it silently returns nothing,
/// so look first (and should it still fail, `ask` notices and shows the chooser).
/// `DISPATCH_DESK_DIALOG=builtin` asks for the in-app chooser, `=system` for the system's.
pub fn native_available() -> bool {
    match std::env::var("DISPATCH_DESK_DIALOG").as_deref() {
        Ok("builtin") => return false,
        Ok("system") => return true,
        _ => {}
    }
    #[cfg(target_os = "linux")]
    {
        linux::available(&linux::Env::from_process())
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

#[cfg(target_os = "linux")]
pub mod linux {
    use std::ffi::OsString;
    use std::path::{Path, PathBuf};

    /// What the probe looks at, taken from the process environment.
    pub struct Env {
        pub path: Option<OsString>,
        pub bus: Option<String>,
        pub runtime_dir: Option<PathBuf>,
        pub data_dirs: Option<OsString>,
    }

    impl Env {
        pub fn from_process() -> Env {
            Env {
                path: std::env::var_os("PATH"),
                bus: std::env::var("DBUS_SESSION_BUS_ADDRESS").ok(),
                runtime_dir: std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from),
                data_dirs: std::env::var_os("XDG_DATA_DIRS"),
            }
        }
    }

    /// zenity on the PATH, or a portal with a file chooser on a session bus that answers.
    pub fn available(env: &Env) -> bool {
        zenity(env) || (portal_file_chooser(env) && bus_reachable(env))
    }

    fn zenity(env: &Env) -> bool {
        env.path
            .as_ref()
            .is_some_and(|p| std::env::split_paths(p).any(|dir| is_executable(&dir.join("zenity"))))
    }

    fn is_executable(p: &Path) -> bool {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }

    /// A portal backend (GNOME, GTK, KDE, DDE…) that declares the FileChooser interface.
    fn portal_file_chooser(env: &Env) -> bool {
        let dirs = env
            .data_dirs
            .clone()
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
        std::env::split_paths(&dirs).any(|d| {
            std::fs::read_dir(d.join("xdg-desktop-portal/portals"))
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| {
                    std::fs::read_to_string(e.path())
                        .is_ok_and(|s| s.contains("org.freedesktop.impl.portal.FileChooser"))
                })
        })
    }

    /// The session bus socket accepts a connection.
    fn bus_reachable(env: &Env) -> bool {
        use std::os::unix::net::UnixStream;
        let address = match &env.bus {
            Some(a) => a.clone(),
            None => match &env.runtime_dir {
                Some(d) => format!("unix:path={}", d.join("bus").display()),
                None => return false,
            },
        };
        address.split(';').any(|a| {
            let Some(params) = a.strip_prefix("unix:") else {
                return false;
            };
            params.split(',').any(|kv| match kv.split_once('=') {
                Some(("path", p)) => UnixStream::connect(p).is_ok(),
                Some(("abstract", name)) => {
                    use std::os::linux::net::SocketAddrExt;
                    std::os::unix::net::SocketAddr::from_abstract_name(name)
                        .and_then(|addr| UnixStream::connect_addr(&addr))
                        .is_ok()
                }
                _ => false,
            })
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn env(path: &Path, data: &Path, bus: &str) -> Env {
            Env {
                path: Some(path.as_os_str().to_owned()),
                bus: Some(bus.to_string()),
                runtime_dir: None,
                data_dirs: Some(data.as_os_str().to_owned()),
            }
        }

        #[test]
        fn no_portal_and_no_zenity_means_no_native_dialog() {
            let dir = tempfile::tempdir().unwrap();
            let e = env(dir.path(), dir.path(), "unix:path=/nonexistent/bus");
            assert!(!available(&e));
        }

        #[test]
        fn zenity_on_the_path_is_enough() {
            use std::os::unix::fs::PermissionsExt;
            let dir = tempfile::tempdir().unwrap();
            let zenity = dir.path().join("zenity");
            std::fs::write(&zenity, "#!/bin/sh\n").unwrap();
            let e = env(dir.path(), dir.path(), "unix:path=/nonexistent/bus");
            // Not executable: not a dialog.
            assert!(!available(&e));
            std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o755)).unwrap();
            assert!(available(&e));
        }

        #[test]
        fn a_portal_needs_a_bus_that_answers() {
            let dir = tempfile::tempdir().unwrap();
            let portals = dir.path().join("xdg-desktop-portal/portals");
            std::fs::create_dir_all(&portals).unwrap();
            std::fs::write(
                portals.join("gtk.portal"),
                "[portal]\nDBusName=org.freedesktop.impl.portal.desktop.gtk\n\
                 Interfaces=org.freedesktop.impl.portal.FileChooser;org.freedesktop.impl.portal.AppChooser;\n",
            )
            .unwrap();
            let sock = dir.path().join("bus");
            let e = env(
                dir.path(),
                dir.path(),
                &format!("unix:path={}", sock.display()),
            );
            assert!(!available(&e), "nobody listens on the bus yet");
            let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
            assert!(available(&e));
        }
    }
}
