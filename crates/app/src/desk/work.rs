//! The desk's errands besides importing and viewing: the reporting form, the workspace's
//! template (save, import, export) and re-checking a month under the template in use.

use std::path::Path;

use super::{Desk, Recheck, Update};
use dd_analysis::{Analysis, MonthAnalysis};
use dd_core::model::YearMonth;
use dd_core::template::Template;
use dd_export::write_atomic;
use dd_import::checks;
use dd_office::collect::form::{Recipients, form, township_file_name};
use dd_office::{Error, Result};

impl Desk {
    pub(super) fn form(
        &mut self,
        month: YearMonth,
        path: &Path,
        per_township: bool,
        prefill: bool,
    ) -> Result<String> {
        let t = self.template.clone();
        let last = if prefill {
            let analysis = self.analysis()?;
            let before = analysis
                .months()
                .iter()
                .copied()
                .rfind(|m| *m < month)
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "工作区中没有{}以前的月份，无法预填上月数据",
                        month.chinese()
                    ))
                })?;
            Some(analysis.table(before)?)
        } else {
            None
        };
        let write = |who: Recipients, to: &Path| -> Result<()> {
            let bytes = form(&t, month, who, last.as_ref())?;
            Ok(write_atomic(to, &bytes)?)
        };
        if per_township {
            std::fs::create_dir_all(path).map_err(|source| Error::Write {
                path: path.display().to_string(),
                source,
            })?;
            for i in 0..t.townships.len() {
                write(
                    Recipients::Township(i),
                    &path.join(township_file_name(&t, month, i)),
                )?;
            }
            Ok(format!(
                "已生成{}个乡镇（街道）的{}填报表：{}",
                t.townships.len(),
                month.chinese(),
                path.display()
            ))
        } else {
            write(Recipients::County, path)?;
            Ok(format!(
                "已生成{}填报表：{}",
                month.chinese(),
                path.display()
            ))
        }
    }

    /// Stores a checked template text as the new version and works under it from now on.
    pub(super) fn set_template(&mut self, text: &str, note: &str) -> Vec<Update> {
        let stored = self
            .ws
            .set_template(text, note)
            .map_err(dd_office::Error::from)
            .and_then(|_| self.follow_template());
        match stored {
            Ok(version) => {
                vec![
                    Update::Info(format!(
                        "已保存模板：{}（第{}版，之前的版本仍保留）",
                        self.template.county, version
                    )),
                    self.snapshot(None),
                ]
            }
            Err(e) => vec![Update::Error(e.to_string())],
        }
    }

    pub(super) fn export_template(&mut self, path: &Path) -> Result<String> {
        write_atomic(path, self.template_text.as_bytes())?;
        Ok(format!("已导出模板：{}", path.display()))
    }

    /// The month analysed under the template it was imported with and under the one in use.
    pub(super) fn recheck(&mut self, month: YearMonth) -> Result<Recheck> {
        let info = self
            .ws
            .months()?
            .into_iter()
            .find(|m| m.month == month)
            .ok_or(Error::NoMonth(month))?;
        let old_text = self.ws.template_text_of(info.version)?;
        let old = Template::parse(&old_text, "导入时的模板")?;
        let now = self.template.clone();
        let view = |t: &Template| -> Result<(MonthAnalysis, Vec<String>)> {
            let history = self.ws.history(t)?.until(month)?;
            let analysis = Analysis::new(history, t)?;
            let table = analysis.table(month)?;
            let warnings = checks::balance(&table, &|_: &str, _: &str| None, t)
                .into_iter()
                .map(|w| w.message)
                .collect();
            let a = analysis.month(month)?.ok_or(Error::NoMonth(month))?;
            Ok((a, warnings))
        };
        let (before, old_warnings) = view(&old)?;
        let (after, new_warnings) = view(&now)?;
        let words = |a: &MonthAnalysis, town: &str| {
            a.progress_of(town).map_or("—".to_string(), |p| {
                let mut w = format!("{}分", p.score.map_or("—".into(), |s| format!("{s:.1}")));
                if a.ranked {
                    w.push_str(&format!(
                        " 第{}名",
                        p.rank.map_or("—".into(), |r| r.to_string())
                    ));
                }
                if a.lit {
                    w.push_str(&format!(" {}", p.light.map_or("—", |l| l.label())));
                }
                w
            })
        };
        let ranking = after
            .progress
            .iter()
            .map(|p| {
                (
                    p.township.clone(),
                    words(&before, &p.township),
                    words(&after, &p.township),
                )
            })
            .filter(|(_, b, a)| b != a)
            .collect();
        Ok(Recheck {
            month,
            version: self.ws.template()?.version,
            imported_with: info.template_version,
            new_warnings: new_warnings
                .iter()
                .filter(|w| !old_warnings.contains(w))
                .cloned()
                .collect(),
            gone_warnings: old_warnings
                .iter()
                .filter(|w| !new_warnings.contains(w))
                .cloned()
                .collect(),
            ranking,
        })
    }
}
