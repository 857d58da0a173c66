//! The view model of a month, built from the analysed history: the month's analysis, its table
//! with the cells that raised problems, trends, scores, who has reported and 督办.

use std::collections::HashMap;

use super::{
    Desk, MonthView, Snapshot, TableRowView, TableView, TemplateView, TownshipReview, Update,
};
use dd_core::model::{MonthTable, TableCell, YearMonth};
use dd_core::template::Template;
use dd_core::text::plain_number;
use dd_office::collect;
use dd_office::{Error, Result};
use dd_store::NOTE_NEXT_STEPS;

impl Desk {
    /// The workspace with `month` (or the last one viewed, or the newest) opened.
    pub(super) fn snapshot(&mut self, month: Option<YearMonth>) -> Update {
        match self.build_snapshot(month) {
            Ok(s) => Update::Snapshot(Box::new(s)),
            Err(e) => Update::Error(e.to_string()),
        }
    }

    pub fn build_snapshot(&mut self, month: Option<YearMonth>) -> Result<Snapshot> {
        // A snapshot is read afresh: what others stored is in it (their template taken up),
        // so the next look outside does not announce it again.
        if self.ws.changed_elsewhere()? {
            self.follow_template()?;
        }
        let months = self.ws.months()?;
        let wanted = month
            .or(self.current)
            .filter(|m| months.iter().any(|x| x.month == *m))
            .or_else(|| months.last().map(|m| m.month));
        self.current = wanted;
        let current = match wanted {
            Some(m) => Some(self.month_view(m, &months)?),
            None => None,
        };
        // The desk's template is the workspace's newest (`follow_template` after each change).
        let (version, sample) = self.ws.template_version()?;
        Ok(Snapshot {
            workspace: self.ws.path().display().to_string(),
            months,
            current,
            template: Some(TemplateView {
                file: self.template.file().clone(),
                version,
                sample,
                versions: self.ws.template_versions()?,
            }),
        })
    }

    /// The view model of a stored month, from the analysed history.
    pub fn month_view(
        &mut self,
        month: YearMonth,
        months: &[dd_store::MonthInfo],
    ) -> Result<MonthView> {
        let problems = self.ws.problems(month)?;
        let places = self.ws.places(month)?;
        let next_steps = self.ws.note(month, NOTE_NEXT_STEPS)?.unwrap_or_default();
        let key_villages = dd_office::brief::key_villages(&self.ws, &self.template, month)?;
        let t = self.template.clone();
        let collection = collect::status(&self.ws, &t, month)?;
        // The analysis raises the months' problems first (on a fresh workspace, the first time).
        self.analysis()?;
        let stored_followups = self.ws.followups_as_of(month)?;
        let analysis = self.analysis()?;
        let view = analysis.month(month)?.ok_or(Error::NoMonth(month))?;
        let table = analysis.table(month)?;

        let mut trend_choices: Vec<(String, String, String)> = t
            .measures
            .iter()
            .map(|m| (m.id.clone(), m.name.clone(), m.unit.to_string()))
            .collect();
        trend_choices.extend(
            table
                .columns()
                .iter()
                .filter_map(|c| t.indicator(c))
                .map(|i| (i.id.clone(), i.name.clone(), i.unit.to_string())),
        );
        // The county lines of every choice (a few points each); township lines on request.
        let county_trends = trend_choices
            .iter()
            .map(|(id, _, _)| (id.clone(), analysis.county_series(id)))
            .collect();
        let scores = analysis.scores();
        let ledger = dd_analysis::followup::ledger(&stored_followups, analysis, month, &t)?;
        let raised = stored_followups
            .iter()
            // Only what the brief names is followed (通报问题 chooses among the rest).
            .filter(|f| f.raised.month == month && !f.withdrawn && f.choice.named)
            .map(|f| dd_analysis::followup::Item {
                id: f.id,
                raised: f.raised.clone(),
                state: match &f.closed {
                    Some((at, note)) => dd_analysis::followup::State::Closed {
                        at: at.clone(),
                        note: note.clone(),
                    },
                    None => dd_analysis::followup::State::Pending,
                },
                now: None,
                choice: f.choice.clone(),
            })
            .collect();
        let followups: Vec<dd_analysis::followup::Item> = ledger
            .into_iter()
            .filter(|i| i.state != dd_analysis::followup::State::Withdrawn)
            .collect();
        let reviews = reviews(&view, &followups, t.meeting.review_last);
        Ok(MonthView {
            month,
            sample: months.iter().any(|m| m.month == month && m.sample),
            table: table_view(&table, &t, &problems, &places),
            analysis: view,
            cards: t.overview.cards.clone(),
            default_trends: t.overview.trends.clone(),
            problems,
            county_trends,
            trend_choices,
            scores,
            next_steps,
            reminder: collection.reminder(&t),
            collection,
            followups,
            raised,
            reviews,
            key_villages,
        })
    }
}

fn table_view(
    table: &MonthTable,
    t: &Template,
    problems: &[dd_core::model::Problem],
    places: &HashMap<(String, String), String>,
) -> TableView {
    let cols = table.columns();
    let columns = cols
        .iter()
        .map(|c| {
            let unit = t
                .indicator(c)
                .map(|i| i.unit.to_string())
                .unwrap_or_default();
            (c.clone(), t.column_name(c), unit)
        })
        .collect();
    let mut by_place: HashMap<String, Vec<String>> = HashMap::new();
    for p in problems.iter().filter(|p| p.cell.is_some()) {
        by_place.entry(p.location()).or_default().push(format!(
            "{}：{}",
            p.level.label(),
            p.message
        ));
    }
    let rows = table
        .rows()
        .into_iter()
        .map(|(town, cells)| {
            let flags = cols
                .iter()
                .map(|c| {
                    places
                        .get(&(town.clone(), c.clone()))
                        .and_then(|p| by_place.get(p))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect();
            let cells = cells
                .into_iter()
                .map(|cell| match cell {
                    TableCell::Value(v) => v.map(plain_number),
                    TableCell::Status(s) => s.map(|s| s.label().to_string()),
                })
                .map(Option::unwrap_or_default)
                .collect();
            TableRowView {
                township: town,
                cells,
                flags,
            }
        })
        .collect();
    TableView { columns, rows }
}

/// The 点评 townships: every red light and the last `last` by rank, worst first (only the
/// red lights when the template does not rank).
fn reviews(
    a: &dd_analysis::MonthAnalysis,
    followups: &[dd_analysis::followup::Item],
    last: usize,
) -> Vec<TownshipReview> {
    use dd_core::model::{Light, Status};
    // A template that does not rank has no "last": only the red lights get a 点评, in the
    // template's order.
    let scored: Vec<&dd_analysis::Progress> =
        a.progress.iter().filter(|p| p.score.is_some()).collect();
    let cut = if a.ranked {
        scored.len().saturating_sub(last)
    } else {
        usize::MAX
    };
    let mut picked: Vec<&dd_analysis::Progress> = scored
        .iter()
        .enumerate()
        .filter(|(i, p)| *i >= cut || p.light == Some(Light::Red))
        .map(|(_, p)| *p)
        .collect();
    if a.ranked {
        picked.sort_by_key(|p| std::cmp::Reverse(p.rank));
    }
    let pct = |v: f64| format!("{}%", plain_number((v * 10.0).round() / 10.0));
    picked
        .into_iter()
        .map(|p| {
            let below = a
                .measures
                .iter()
                .enumerate()
                .filter(|(_, m)| m.weight > 0.0)
                .filter_map(|(k, m)| {
                    let v = p.values.get(k).copied().flatten()?;
                    let target = m.target?;
                    (p.completions.get(k).copied().flatten()? < 100.0 - 1e-9).then(|| {
                        let value = if m.unit.is_percent() {
                            pct(v)
                        } else {
                            format!("{}{}", plain_number((v * 100.0).round() / 100.0), m.unit)
                        };
                        (
                            m.name.clone(),
                            value,
                            pct(target),
                            format!(
                                "差{}个百分点",
                                plain_number(((target - v) * 10.0).round() / 10.0)
                            ),
                        )
                    })
                })
                .collect();
            let d = &a.duties;
            let duties = d
                .townships
                .iter()
                .position(|t| *t == p.township)
                .map(|row| {
                    d.duties
                        .iter()
                        .zip(&d.cells[row])
                        .filter_map(|((_, name), c)| match c.status {
                            Some(s @ (Status::NotDone | Status::Partial)) => {
                                Some((name.clone(), s))
                            }
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let open_items = followups
                .iter()
                .filter(|i| {
                    i.raised.township == p.township
                        && Some(i.raised.month) == a.previous_month
                        && i.state == dd_analysis::followup::State::Open
                })
                .map(|i| i.raised.what.clone())
                .collect();
            TownshipReview {
                township: p.township.clone(),
                score: p.score,
                score_change: p.score_change(),
                rank: p.rank,
                rank_change: p.rank_change(),
                light: p.light,
                below,
                duties,
                open_items,
            }
        })
        .collect()
}
