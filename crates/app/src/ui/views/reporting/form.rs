//! 生成填报表…: which month, one county file or a file a township, and whether last month's
//! figures are filled in; then the window asks where to save.

use eframe::egui::{self, RichText, Ui};

use crate::ui::theme::color;
use dd_core::model::YearMonth;
use dd_core::palette;

/// What to write, once the place is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormChoice {
    pub month: YearMonth,
    pub per_township: bool,
    pub prefill: bool,
}

pub struct FormSetup {
    pub month_text: String,
    pub per_township: bool,
    pub prefill: bool,
    /// The stored months (prefill takes the newest one before the form's month).
    months: Vec<YearMonth>,
    townships: usize,
}

impl FormSetup {
    /// The form for the month being collected: the newest stored month while townships are
    /// still missing from it, else the month after it (this month on an empty workspace).
    pub fn new(stored: &[(YearMonth, usize)], townships: usize) -> FormSetup {
        let month = match stored.iter().max_by_key(|(m, _)| *m) {
            Some((m, n)) if *n < townships => *m,
            Some((m, _)) => next(*m),
            None => this_month(),
        };
        FormSetup {
            month_text: month.to_string(),
            per_township: false,
            prefill: false,
            months: stored.iter().map(|(m, _)| *m).collect(),
            townships,
        }
    }

    /// The month of the prefill for `month`: the newest stored month before it.
    fn before(&self, month: YearMonth) -> Option<YearMonth> {
        self.months.iter().copied().filter(|m| *m < month).max()
    }

    /// Some(None) when cancelled, Some(Some(choice)) when the user goes on.
    pub fn show(&mut self, ui: &mut Ui) -> Option<Option<FormChoice>> {
        let mut answer = None;
        ui.heading("生成填报表");
        ui.label("按模板生成月调度表：标题和月份、填报单位与填报时间、分组表头和单位、合计公式、输入检查，表头受保护。");
        ui.add_space(crate::ui::tokens::space::BLOCK);
        let month = self.month_text.parse::<YearMonth>();
        ui.horizontal(|ui| {
            let l = ui.label("月份：");
            ui.add(
                egui::TextEdit::singleline(&mut self.month_text)
                    .hint_text("YYYY-MM")
                    .desired_width(90.0),
            )
            .labelled_by(l.id);
            match &month {
                Ok(m) => ui.label(m.chinese()),
                Err(e) => ui.label(RichText::new(e).color(color(palette::RED))),
            };
        });
        ui.radio_value(
            &mut self.per_township,
            false,
            "县级汇总表：一个文件，列出全部乡镇（街道）",
        );
        ui.radio_value(
            &mut self.per_township,
            true,
            format!(
                "每个乡镇（街道）一个文件（共{}个，保存到所选文件夹）",
                self.townships
            ),
        );
        let before = month.as_ref().ok().and_then(|m| self.before(*m));
        let prefill_label = match before {
            Some(b) => format!(
                "预填上月数据（{}的数字，各乡镇在此基础上修改）",
                b.chinese()
            ),
            None => "预填上月数据（工作区中没有更早的月份）".to_string(),
        };
        ui.add_enabled(
            before.is_some(),
            egui::Checkbox::new(&mut self.prefill, prefill_label),
        );
        ui.add_space(crate::ui::tokens::space::BLOCK);
        ui.horizontal(|ui| {
            let go = if self.per_township {
                "选择文件夹…"
            } else {
                "选择保存位置…"
            };
            if ui
                .add_enabled(month.is_ok(), egui::Button::new(go))
                .clicked()
                && let Ok(m) = month
            {
                answer = Some(Some(FormChoice {
                    month: m,
                    per_township: self.per_township,
                    prefill: self.prefill && before.is_some(),
                }));
            }
            if ui.button("取消").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(None);
            }
        });
        answer
    }
}

fn next(m: YearMonth) -> YearMonth {
    if m.month == 12 {
        YearMonth::new(m.year + 1, 1).unwrap_or(m)
    } else {
        YearMonth::new(m.year, m.month + 1).unwrap_or(m)
    }
}

/// This month by the computer's clock (UTC is close enough for a suggestion).
fn this_month() -> YearMonth {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (y, m, _) = dd_core::model::civil_date(days);
    YearMonth::new(y, m).unwrap_or(YearMonth {
        year: 2024,
        month: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn the_form_is_for_the_month_being_collected() {
        // 10月 complete: the form goes out for 11月, prefilled from 10月.
        let s = FormSetup::new(&[(ym(2024, 9), 22), (ym(2024, 10), 22)], 22);
        assert_eq!(s.month_text, "2024-11");
        assert_eq!(s.before(ym(2024, 11)), Some(ym(2024, 10)));
        // 12月 still collecting (3 of 22): the form is for 12月 itself.
        let s = FormSetup::new(&[(ym(2024, 11), 22), (ym(2024, 12), 3)], 22);
        assert_eq!(s.month_text, "2024-12");
        assert_eq!(s.before(ym(2024, 12)), Some(ym(2024, 11)));
        assert_eq!(next(ym(2024, 12)), ym(2025, 1));
        assert_eq!(s.before(ym(2024, 1)), None);
    }
}
