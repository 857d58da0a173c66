//! An import under review, and storing it as an arrival of its month.

use std::collections::HashMap;

use super::{Desk, Preview, ProblemView, Update};
use dd_core::model::{Level, YearMonth};
use dd_import::{self as import, ImportOutcome};
use dd_office::collect::{self, Arrival};

impl Desk {
    pub(super) fn commit(&mut self, month: YearMonth, replace: bool) -> Vec<Update> {
        let Some(outcome) = &self.pending else {
            return vec![Update::Error("没有待导入的文件".into())];
        };
        // Consent is to the changes the user was shown: if another window or command stored
        // an arrival meanwhile, the changes are worked out again and asked about again.
        let shown = self.asked.take();
        let consent = match (&shown, replace) {
            (Some(changes), true) => collect::Consent::Shown(changes),
            _ => collect::Consent::Ask,
        };
        let result = collect::arrive(
            &mut self.ws,
            &self.template,
            &self.template_text,
            outcome,
            month,
            consent,
        );
        let warnings: Vec<Update> = self
            .ws
            .take_warnings()
            .into_iter()
            .map(Update::Error)
            .collect();
        let refused = outcome.refused.len();
        let returned = if refused > 0 {
            format!("；拒收{refused}个文件，已记为退回")
        } else {
            String::new()
        };
        let mut out = match result {
            Ok(Arrival::Stored { merge, .. }) => {
                self.pending = None;
                self.analysis = None;
                vec![
                    Update::Info(format!(
                        "已导入{}：{}（本月现有{}个乡镇）{returned}",
                        month.chinese(),
                        merge.summary(),
                        merge.table.height()
                    )),
                    self.snapshot(Some(month)),
                ]
            }
            Ok(Arrival::Unchanged) => {
                self.pending = None;
                vec![
                    Update::Info(format!(
                        "{}：与已导入的数据完全相同，没有变化{returned}",
                        month.chinese()
                    )),
                    self.snapshot(Some(month)),
                ]
            }
            Ok(Arrival::Roster { villages }) => {
                self.pending = None;
                self.analysis = None;
                vec![
                    Update::Info(format!(
                        "已导入{}的重点村名单（{villages}个村）{returned}",
                        month.chinese()
                    )),
                    self.snapshot(Some(month)),
                ]
            }
            Ok(Arrival::NeedsConsent(changes)) => {
                let mut out = Vec::new();
                if shown.is_some() {
                    // The month changed under the dialog: show it as it is now, then ask again.
                    out.push(self.snapshot(Some(month)));
                    out.push(Update::Info(
                        "本月数据刚被另一个窗口或程序更新，要替换的数据有变化，请重新确认".into(),
                    ));
                }
                self.asked = Some(changes.clone());
                out.push(Update::ConfirmReplace { month, changes });
                out
            }
            Ok(Arrival::Nothing) => {
                self.pending = None;
                vec![
                    Update::Error(format!("没有可导入的文件{returned}")),
                    self.snapshot(Some(month)),
                ]
            }
            Err(e) => vec![Update::Error(e.to_string())],
        };
        out.extend(warnings);
        out
    }
}

pub(super) fn preview(outcome: &ImportOutcome) -> Preview {
    // Read each file with problems once more to show the row a problem points at.
    let mut sheets: HashMap<String, Vec<import::grid::Sheet>> = HashMap::new();
    let mut problems = Vec::new();
    for p in &outcome.problems {
        let row = match (&p.cell, p.level) {
            (Some(cell), Level::Error | Level::Warning) => {
                let file = sheets.entry(p.file.clone()).or_insert_with(|| {
                    std::fs::read(&p.file)
                        .ok()
                        .and_then(|b| import::read_sheets(&p.file, b).ok())
                        .unwrap_or_default()
                });
                row_of(file, p.sheet.as_deref(), cell)
            }
            _ => Vec::new(),
        };
        problems.push(ProblemView {
            problem: p.clone(),
            row,
        });
    }
    Preview {
        files: outcome.accepted.clone(),
        refused: outcome.refused.clone(),
        month: outcome.month,
        townships: outcome.table.height(),
        columns: outcome.table.columns().len(),
        roster_villages: outcome.roster.as_ref().map_or(0, |r| r.villages.len()),
        problems,
    }
}

/// The cells of the row named by `cell` (G17 → row 17).
fn row_of(
    sheets: &[import::grid::Sheet],
    sheet: Option<&str>,
    cell: &str,
) -> Vec<(String, String)> {
    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
    let Ok(row) = digits.parse::<usize>() else {
        return Vec::new();
    };
    let Some(s) = sheets.iter().find(|s| s.name.as_deref() == sheet) else {
        return Vec::new();
    };
    let r = row.saturating_sub(1);
    (0..s.width())
        .filter_map(|c| {
            let v = s.get(r, c);
            (!v.is_empty()).then(|| (dd_core::text::cell_name(r, c), v.display()))
        })
        .collect()
}
