//! Every action of the window, with its shortcut, handled in one place (buttons, menus and
//! keys all come here).

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::app::DispatchApp;
use super::dialogs::{Ask, Purpose, Request};
use super::modal::Modal;
use super::tokens;
use super::views::View;
use crate::desk::Command;
use dd_export::Format;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    OpenFiles,
    OpenFolder,
    Undo,
    Present,
    /// The brief as a document, or (None) the charts as PNG files.
    Export(Option<Format>),
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ShowView(View),
    RemoveSamples,
    Backup,
    /// The list of automatic backups, to restore one.
    Restore,
    /// Restore from a backup file the user picks.
    RestoreFile,
    About,
    /// 县市设置: the workspace's template in the editor.
    Settings,
    /// 生成填报表…
    Form,
    ExportTemplate,
    ImportTemplate,
}

impl Action {
    /// The actions with a key, Ctrl+Shift+O before Ctrl+O (a shortcut consumes its keys).
    pub const KEYED: [Action; 15] = [
        Action::OpenFolder,
        Action::OpenFiles,
        Action::Present,
        Action::Export(Some(Format::Docx)),
        Action::Undo,
        Action::ToggleTheme,
        Action::ShowView(View::Overview),
        Action::ShowView(View::Progress),
        Action::ShowView(View::Duties),
        Action::ShowView(View::Trends),
        Action::ShowView(View::Data),
        Action::ShowView(View::Reporting),
        Action::ShowView(View::Followup),
        Action::ShowView(View::Villages),
        Action::ShowView(View::Brief),
    ];

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let ctrl = |k| Some(KeyboardShortcut::new(Modifiers::COMMAND, k));
        match self {
            Action::OpenFiles => ctrl(Key::O),
            Action::OpenFolder => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::O,
            )),
            Action::Present => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F5)),
            Action::Export(Some(Format::Docx)) => ctrl(Key::E),
            Action::Undo => ctrl(Key::Z),
            Action::ToggleTheme => ctrl(Key::T),
            Action::ShowView(v) => {
                let i = View::ALL.iter().position(|x| *x == v)?;
                let keys = [
                    Key::Num1,
                    Key::Num2,
                    Key::Num3,
                    Key::Num4,
                    Key::Num5,
                    Key::Num6,
                    Key::Num7,
                    Key::Num8,
                    Key::Num9,
                ];
                ctrl(*keys.get(i)?)
            }
            _ => None,
        }
    }
}

/// The action whose shortcut was pressed this frame.
pub fn pressed(ctx: &egui::Context) -> Option<Action> {
    Action::KEYED.into_iter().find(|a| {
        a.shortcut()
            .is_some_and(|s| ctx.input_mut(|i| i.consume_shortcut(&s)))
    })
}

impl DispatchApp {
    pub(super) fn run(&mut self, action: Action) {
        match action {
            Action::OpenFiles => self.ask(
                Request {
                    title: "选择乡镇报送的表格".into(),
                    ask: Ask::Files(dd_import::SPREADSHEET_EXTENSIONS.to_vec()),
                    kind: "表格".into(),
                },
                Purpose::Import,
            ),
            Action::OpenFolder => self.ask(
                Request {
                    title: "选择乡镇报送表格所在的文件夹".into(),
                    ask: Ask::Folders,
                    kind: "文件夹".into(),
                },
                Purpose::Import,
            ),
            Action::Undo => {
                if let Some(m) = self.current().map(|v| v.month) {
                    self.desk.send(Command::Undo(m));
                }
            }
            Action::Present => self.start_presenting(),
            Action::Export(format) => self.export(format),
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::ZoomIn | Action::ZoomOut => {
                let step = if action == Action::ZoomIn {
                    tokens::zoom::STEP
                } else {
                    -tokens::zoom::STEP
                };
                let z = tokens::zoom::clamp(self.ctx.zoom_factor() + step);
                self.ctx.set_zoom_factor(z);
            }
            Action::ShowView(v) => self.prefs.view = v,
            Action::RemoveSamples => self.desk.send(Command::RemoveSamples),
            Action::Backup => self.ask(
                Request {
                    title: "把工作区备份到…".into(),
                    ask: Ask::Save {
                        name: dd_store::backup::suggested_name(),
                        extension: "sqlite",
                    },
                    kind: "工作区备份".into(),
                },
                Purpose::BackupTo,
            ),
            Action::Restore => {
                self.desk.send(Command::ListBackups);
                self.modal = Some(Modal::Backups(Vec::new()));
            }
            Action::RestoreFile => self.ask(
                Request {
                    title: "选择要恢复的工作区备份".into(),
                    ask: Ask::File(vec!["sqlite"]),
                    kind: "工作区备份".into(),
                },
                Purpose::RestoreFrom,
            ),
            Action::About => self.modal = Some(Modal::About(self.about_text())),
            Action::Settings => self.open_settings(),
            Action::Form => self.form_setup(),
            Action::ExportTemplate => {
                let county = self
                    .snapshot
                    .as_ref()
                    .and_then(|s| s.template.as_ref())
                    .map_or(String::new(), |t| t.file.county.clone());
                self.ask(
                    Request {
                        title: "导出模板".into(),
                        ask: Ask::Save {
                            name: format!("{county}月调度模板.toml"),
                            extension: "toml",
                        },
                        kind: "模板".into(),
                    },
                    Purpose::TemplateExport,
                )
            }
            Action::ImportTemplate => self.ask(
                Request {
                    title: "选择要导入的模板".into(),
                    ask: Ask::File(vec!["toml"]),
                    kind: "模板".into(),
                },
                Purpose::TemplateImport,
            ),
        }
    }

    /// Exports, asking first when townships have not reported (the brief then names them).
    fn export(&mut self, format: Option<Format>) {
        let Some(view) = self.current() else {
            return;
        };
        if !view.analysis.is_complete() {
            self.modal = Some(Modal::ConfirmIncomplete {
                month: view.month,
                format,
                missing: view.analysis.missing.clone(),
                deadline: view.collection.deadline.clone(),
            });
            return;
        }
        self.export_to(format);
    }

    /// Asks where to save (the dialog asks before replacing a file), then exports.
    pub(super) fn export_to(&mut self, format: Option<Format>) {
        let Some(view) = self.current() else {
            return;
        };
        let month = view.month;
        let county = view.analysis.county.clone();
        let request = match format {
            Some(f) => Request {
                title: "导出通报".into(),
                ask: Ask::Save {
                    name: format!(
                        "{county}{}工作调度情况通报.{}",
                        month.chinese(),
                        f.extension()
                    ),
                    extension: f.extension(),
                },
                kind: f.label().into(),
            },
            None => Request {
                title: "选择保存图表的文件夹".into(),
                ask: Ask::Folder,
                kind: "文件夹".into(),
            },
        };
        self.ask(request, Purpose::Export(month, format));
    }
}
