//! 县市设置: the workspace's template edited in the app, so any county sets itself up without
//! a text editor. Sections for the county, its townships (也可从表格识别), indicators, the score
//! and lights, the 五大责任, the balance rules and the brief's wording; every edit is checked
//! as a load checks it, the message next to its field, and nothing is saved until it passes.
//! Saving stores a new version (the old ones are kept); 重新审核本月 shows what it changes.

mod brief;
mod check;
mod draft;
mod field;
mod indicators;
mod page;
mod proposed;
pub mod recheck;
mod rules;
mod scores;
mod townships;
mod widgets;

use eframe::egui::{self, RichText, Ui};

use crate::desk::TemplateView;
use crate::ui::theme::color;
use crate::ui::tokens;
use dd_core::model::YearMonth;
use dd_core::palette;
use dd_core::template::{LEVELS, Template, TemplateFile};
use dd_import::names::FoundNames;
use dd_store::TemplateVersion;
use draft::{Draft, Field, Notes};
use widgets::{edit, message};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    County,
    Townships,
    Indicators,
    Scores,
    Duties,
    Rules,
    Brief,
}

impl Section {
    const ALL: [Section; 7] = [
        Section::County,
        Section::Townships,
        Section::Indicators,
        Section::Scores,
        Section::Duties,
        Section::Rules,
        Section::Brief,
    ];

    fn label(self) -> &'static str {
        match self {
            Section::County => "县市",
            Section::Townships => "乡镇（街道）",
            Section::Indicators => "指标",
            Section::Scores => "进度得分与亮灯",
            Section::Duties => "五大责任",
            Section::Rules => "审核公式",
            Section::Brief => "通报用语",
        }
    }

    /// Whether a field's message belongs to this section (to mark the section in the list).
    fn holds(self, f: Field) -> bool {
        use Field::*;
        let s = match f {
            County | Deadline => Section::County,
            Townships | TownName(_) | TownAliases(_) => Section::Townships,
            Indicators | Indicator(_) | IndicatorUnit(_) | IndicatorAliases(_) => {
                Section::Indicators
            }
            MeasureTarget(_) | MeasureWeight(_) | Weights | GreenAt | YellowAt | GreenTop
            | RedBottom => Section::Scores,
            DutyName(_) | DutyMeasure(_) | DutyDone(_) | DutyPartial(_) | DutyAlso(_) => {
                Section::Duties
            }
            Rule(_) => Section::Rules,
            Brief(_) | Signature | Heading(_) | Sentence(..) => Section::Brief,
        };
        s == self
    }
}

/// What the editor asks of the window.
#[derive(Debug)]
pub enum Request {
    /// Store this (checked) template as the workspace's new version.
    Save {
        file: Box<TemplateFile>,
        note: String,
    },
    /// Choose one of the county's sheets to take the township names from.
    ReadSheet,
    /// Choose a sheet whose columns become indicators.
    ReadIndicatorSheet,
    Export,
    Import,
    /// Check the month in view again under the template in use.
    Recheck(YearMonth),
    Close,
}

pub struct Editor {
    version: i64,
    sample: bool,
    versions: Vec<TemplateVersion>,
    /// The template as stored, to tell whether the draft changed it.
    saved: String,
    draft: Draft,
    built: TemplateFile,
    notes: Notes,
    dirty: bool,
    section: Section,
    /// Names read from a sheet, waiting for review.
    found: Option<FoundNames>,
    /// Columns of a sheet proposed as indicators, waiting for review.
    proposal: Option<proposed::Review>,
    /// 返回 was pressed with changes unsaved: the next press leaves them.
    leaving: bool,
}

impl Editor {
    pub fn new(t: &TemplateView) -> Editor {
        let catalogue = Template::bundled().indicators;
        let draft = Draft::new(&t.file, &catalogue);
        let (built, notes) = check::check(&draft);
        Editor {
            version: t.version,
            sample: t.sample,
            versions: t.versions.clone(),
            saved: t.file.to_toml().unwrap_or_default(),
            draft,
            built,
            notes,
            dirty: false,
            section: Section::County,
            found: None,
            proposal: None,
            leaving: false,
        }
    }

    /// A new snapshot: another template version (saved here or imported) starts the editor
    /// over on it; the section in view stays.
    pub fn sync(&mut self, t: &TemplateView) {
        if t.version != self.version {
            let section = self.section;
            *self = Editor::new(t);
            self.section = section;
        }
    }

    /// Names read from a sheet, shown for review in 乡镇（街道）.
    pub fn found(&mut self, f: FoundNames) {
        self.found = Some(f);
        self.section = Section::Townships;
    }

    /// Columns of a sheet proposed as indicators, shown for review in 指标.
    pub fn proposed(&mut self, p: &dd_import::propose::Proposal) {
        self.proposal = Some(proposed::Review::new(p, &self.draft));
        self.section = Section::Indicators;
    }

    /// Whether a sheet dropped on the window is read for indicators (指标 in view).
    pub fn wants_indicators(&self) -> bool {
        self.section == Section::Indicators
    }

    fn changed(&mut self) {
        let (built, notes) = check::check(&self.draft);
        self.dirty = built.to_toml().unwrap_or_default() != self.saved;
        self.built = built;
        self.notes = notes;
    }

    pub fn show(&mut self, ui: &mut Ui, month: Option<YearMonth>) -> Option<Request> {
        let mut request = None;
        egui::Panel::top("settings_title").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading(format!("县市设置 · {}", self.draft.county.trim()));
                let what = if self.sample {
                    format!("第{}版，随软件附带的示例模板", self.version)
                } else {
                    format!("第{}版", self.version)
                };
                ui.label(RichText::new(what).weak());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("返回").clicked() {
                        if self.dirty && !self.leaving {
                            self.leaving = true;
                        } else {
                            request = Some(Request::Close);
                        }
                    }
                });
            });
        });
        egui::Panel::bottom("settings_bar").show(ui, |ui| {
            if let Some(r) = self.bar(ui, month) {
                request = Some(r);
            }
        });
        egui::Panel::left("settings_sections")
            .resizable(false)
            .show(ui, |ui| {
                for s in Section::ALL {
                    let flagged = self.notes.errors.keys().any(|f| s.holds(*f));
                    ui.horizontal(|ui| {
                        let text = RichText::new(s.label()).size(tokens::text::TAB);
                        let text = if flagged {
                            text.color(color(palette::RED))
                        } else {
                            text
                        };
                        if ui.selectable_label(self.section == s, text).clicked() {
                            self.section = s;
                        }
                        if flagged {
                            ui.label(RichText::new("●").color(color(palette::RED)))
                                .on_hover_text("这一部分有需要修改的地方");
                        }
                    });
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("settings", self.section.label()))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let d = &mut self.draft;
                    let n = &self.notes;
                    let changed = match self.section {
                        Section::County => county(ui, d, n, &self.versions),
                        Section::Townships => {
                            let (changed, ask) = townships::show(ui, d, n, &mut self.found);
                            if let Some(townships::Ask::ReadSheet) = ask {
                                request = Some(Request::ReadSheet);
                            }
                            changed
                        }
                        Section::Indicators => {
                            let mut changed = false;
                            if let Some(review) = &mut self.proposal {
                                match proposed::show(ui, review, d) {
                                    Some(true) => {
                                        review.apply(d);
                                        self.proposal = None;
                                        changed = true;
                                    }
                                    Some(false) => self.proposal = None,
                                    None => {}
                                }
                                ui.add_space(crate::ui::tokens::space::BLOCK);
                            }
                            let (edited, ask) = indicators::show(ui, d, n);
                            if ask {
                                request = Some(Request::ReadIndicatorSheet);
                            }
                            changed | edited
                        }
                        Section::Scores => scores::show(ui, d, n),
                        Section::Duties => rules::duties(ui, d, n),
                        Section::Rules => rules::balance(ui, d, n),
                        Section::Brief => brief::show(ui, d, n),
                    };
                    if changed {
                        self.changed();
                    }
                });
        });
        request
    }

    /// The foot of the editor: whether the draft passes, saving, and the template's errands.
    fn bar(&mut self, ui: &mut Ui, month: Option<YearMonth>) -> Option<Request> {
        let mut request = None;
        ui.add_space(4.0);
        let errors = self.notes.errors.len();
        if self.leaving && self.dirty {
            ui.label(
                RichText::new("修改尚未保存：再点“返回”放弃这些修改，或先点“保存为新版本”。")
                    .color(color(palette::RED)),
            );
        }
        if errors > 0 {
            let sections: Vec<&str> = Section::ALL
                .iter()
                .filter(|s| self.notes.errors.keys().any(|f| s.holds(*f)))
                .map(|s| s.label())
                .collect();
            ui.label(
                RichText::new(format!(
                    "有{errors}处需要修改（见{}中红字），改好之前不能保存",
                    sections.join("、")
                ))
                .color(color(palette::RED)),
            );
        } else if let Some(m) = &self.notes.whole {
            ui.label(RichText::new(format!("模板检查未通过：{m}")).color(color(palette::RED)));
        } else if self.dirty {
            ui.label(RichText::new("检查通过，尚未保存").color(color(palette::GREEN)));
        } else {
            ui.label(RichText::new("与工作区中的模板相同").weak());
        }
        ui.horizontal(|ui| {
            let can_save = self.dirty && self.notes.is_valid();
            if ui
                .add_enabled(can_save, egui::Button::new("保存为新版本"))
                .on_hover_text("保存为工作区模板的新版本，之前的版本仍保留；各月按新模板重新计算")
                .clicked()
            {
                request = Some(Request::Save {
                    file: Box::new(self.built.clone()),
                    note: self.note(),
                });
            }
            if ui
                .add_enabled(self.dirty, egui::Button::new("放弃修改"))
                .clicked()
            {
                let catalogue = Template::bundled().indicators;
                if let Ok(saved) = Template::parse(&self.saved, "模板") {
                    self.draft = Draft::new(saved.file(), &catalogue);
                    self.found = None;
                    self.changed();
                }
            }
            ui.separator();
            if let Some(m) = month
                && ui
                    .add_enabled(!self.dirty, egui::Button::new("重新审核本月"))
                    .on_hover_text(format!(
                        "按当前模板重新审核{}，列出警告和排名有什么变化",
                        m.chinese()
                    ))
                    .on_disabled_hover_text("先保存或放弃修改")
                    .clicked()
            {
                request = Some(Request::Recheck(m));
            }
            if ui
                .add_enabled(!self.dirty, egui::Button::new("导出模板…"))
                .on_hover_text("把模板存为 .toml 文件，交给其他县市或备份")
                .on_disabled_hover_text("先保存或放弃修改")
                .clicked()
            {
                request = Some(Request::Export);
            }
            if ui
                .add_enabled(!self.dirty, egui::Button::new("导入模板…"))
                .on_hover_text("读入一个模板文件（先检查），保存为新版本")
                .on_disabled_hover_text("先保存或放弃修改")
                .clicked()
            {
                request = Some(Request::Import);
            }
        });
        request
    }

    /// The note kept with the new version: which sections changed.
    fn note(&self) -> String {
        let Ok(saved) = Template::parse(&self.saved, "模板") else {
            return "县市设置".into();
        };
        let (a, b) = (saved.file(), &self.built);
        let parts: Vec<&str> = [
            (
                "县市",
                json(&(&a.county, &a.level, a.deadline_day))
                    != json(&(&b.county, &b.level, b.deadline_day)),
            ),
            ("乡镇（街道）", json(&a.townships) != json(&b.townships)),
            ("指标", json(&a.indicators) != json(&b.indicators)),
            (
                "进度得分与亮灯",
                json(&(&a.measures, &a.lights)) != json(&(&b.measures, &b.lights)),
            ),
            (
                "五大责任",
                json(&a.responsibilities) != json(&b.responsibilities),
            ),
            ("审核公式", json(&a.rules) != json(&b.rules)),
            ("通报用语", json(&a.brief) != json(&b.brief)),
        ]
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(name, _)| name)
        .collect();
        format!("县市设置：修改{}", parts.join("、"))
    }
}

/// A part of the template as text, to compare it.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// 县市: the name, the level (全县/全市 in the wording), the reporting deadline, the versions.
fn county(ui: &mut Ui, d: &mut Draft, notes: &Notes, versions: &[TemplateVersion]) -> bool {
    let mut changed = false;
    egui::Grid::new("county")
        .spacing([12.0, 10.0])
        .show(ui, |ui| {
            let l = ui.label("县市名称");
            ui.vertical(|ui| {
                let r = edit(ui, &mut d.county, 240.0, "如 湘潭县", false).labelled_by(l.id);
                changed |= r.changed();
                message(ui, notes, Field::County);
            });
            ui.end_row();

            ui.label("行政级别");
            ui.horizontal(|ui| {
                let level = d.effective_level();
                for l in LEVELS {
                    if ui.radio(level == *l, *l).clicked() && level != *l {
                        d.set_level(l);
                        changed = true;
                    }
                }
                let level = d.effective_level();
                ui.label(RichText::new(format!("通报中称“全{level}”“{level}领导小组”")).weak());
            });
            ui.end_row();

            let l = ui.label("报送截止日");
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    ui.label("每月");
                    let r = edit(ui, &mut d.deadline, 40.0, "", false).labelled_by(l.id);
                    changed |= r.changed();
                    ui.label("日，过了这一天还没报的为“逾期”");
                });
                message(ui, notes, Field::Deadline);
            });
            ui.end_row();
        });
    ui.add_space(tokens::space::BLOCK);
    ui.strong("模板版本");
    ui.label(
        RichText::new("每次保存或导入都是一个新版本，旧版本保留；每个月记着导入时用的版本。")
            .weak(),
    );
    egui::Grid::new("versions")
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for v in versions.iter().take(12) {
                ui.label(format!("第{}版", v.id));
                ui.label(&v.created_at);
                ui.label(&v.county);
                ui.label(RichText::new(&v.note).weak());
                ui.label(if v.current { "在用" } else { "" });
                ui.end_row();
            }
        });
    changed
}
