//! The brief of a stored month, as both doors export it: the window's 导出 and
//! `dispatch-desk brief --month` call [`input`], so they write the same brief.

use dd_analysis::{Analysis, KeyVillages};
use dd_core::model::StoredFollowup;
use dd_core::model::YearMonth;
use dd_core::template::Template;
use dd_export::{BriefInput, NamedProblem, ParagraphEdit};
use dd_store::{NOTE_BRIEF_DATE, NOTE_BRIEF_NUMBER, NOTE_NEXT_STEPS, Workspace};

use crate::{Error, Result};

/// Everything the brief of `month` is made from: the month and the months before it (for
/// 较上月 and the trends), its import problems, the clerk's 下步工作要求, how last month's
/// problems stand (督办) and the 重点村 roster in effect. `analysis` is the workspace's
/// history analysed ([`crate::followup::refresh`]); months after `month` are left out.
pub fn input(
    ws: &Workspace,
    analysis: &Analysis,
    t: &Template,
    month: YearMonth,
) -> Result<BriefInput> {
    if !analysis.months().contains(&month) {
        return Err(Error::NoMonth(month));
    }
    let mut input = BriefInput::from_analysis(analysis, t, month, ws.problems(month)?)?;
    input.next_steps = ws.note(month, NOTE_NEXT_STEPS)?;
    // Stored only after it read as a date (`set_date`).
    if let Some(date) = ws
        .note(month, NOTE_BRIEF_DATE)?
        .and_then(|d| d.parse().ok())
    {
        input.date = date;
    }
    input.number = ws
        .note(month, NOTE_BRIEF_NUMBER)?
        .filter(|n| !n.trim().is_empty());
    input.followup = crate::followup::review(ws, analysis, t, month)?;
    input.key_villages = key_villages(ws, t, month)?;
    input.named = Some(named(ws, t, month)?);
    input.edits = ws
        .brief_edits(month)?
        .into_iter()
        .map(|e| ParagraphEdit {
            key: e.key,
            generated: e.generated,
            edited: e.edited,
        })
        .collect();
    Ok(input)
}

/// Keeps the 发文顺序号 of `month`'s brief (12 in 〔2024〕12号; empty: none yet). A number
/// is what a 发文字号 holds: digits only, refused otherwise.
pub fn set_number(ws: &mut Workspace, month: YearMonth, number: &str) -> Result<()> {
    let number = number.trim();
    if !number.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::Invalid(format!(
            "发文顺序号“{number}”应为阿拉伯数字（如 12），不加“第”“号”和虚位（GB/T 9704）"
        )));
    }
    let number = number.trim_start_matches('0');
    ws.set_note(month, NOTE_BRIEF_NUMBER, number)?;
    Ok(())
}

/// The problems of `month` its brief names (通报问题), in the brief's order: by kind as
/// 存在问题 says them, then the template's order of townships; hand-added ones last.
pub fn named(ws: &Workspace, t: &Template, month: YearMonth) -> Result<Vec<NamedProblem>> {
    let mut stored: Vec<StoredFollowup> = ws
        .followups_as_of(month)?
        .into_iter()
        .filter(|f| f.raised.month == month && f.choice.named)
        .collect();
    sort_as_the_brief(&mut stored, t);
    Ok(stored.iter().map(|f| named_problem(f, t)).collect())
}

/// The month's problems in the order 存在问题 names them.
pub fn sort_as_the_brief(items: &mut [StoredFollowup], t: &Template) {
    use dd_analysis::followup::{BALANCE, DUTY, LATE, MEASURE};
    let kind = |k: &str| [LATE, MEASURE, DUTY, BALANCE].iter().position(|x| *x == k);
    let measure = |k: &str| t.measures.iter().position(|m| m.id == k);
    let town = |n: &str| t.townships.iter().position(|x| x.name == n);
    items.sort_by_key(|f| {
        let r = &f.raised;
        (
            kind(&r.kind).unwrap_or(9),
            measure(&r.key),
            town(&r.township),
            f.id,
        )
    });
}

/// A stored problem as the brief names it, its 整改时限 by default the next month's
/// reporting deadline (when its data will show the fix).
pub fn named_problem(f: &StoredFollowup, t: &Template) -> NamedProblem {
    NamedProblem {
        kind: f.raised.kind.clone(),
        key: f.raised.key.clone(),
        township: f.raised.township.clone(),
        what: f.what().to_string(),
        figure: f.raised.figure,
        unit: f.unit().to_string(),
        deadline: f
            .choice
            .deadline
            .clone()
            .unwrap_or_else(|| dd_core::template::deadline(t, f.raised.month.next())),
    }
}

/// The 重点村 roster in effect for `month`, as its attachment and the 重点村 view show it.
pub fn key_villages(ws: &Workspace, t: &Template, month: YearMonth) -> Result<Option<KeyVillages>> {
    Ok(ws
        .roster(month)?
        .map(|r| KeyVillages::new(&r.roster, r.month, month, t.roster.derives.as_deref())))
}

/// Keeps the 成文日期 chosen for `month`'s brief (`YYYY-MM-DD`; empty: the day it is
/// exported); a text that is no date is refused with the reason.
pub fn set_date(ws: &mut Workspace, month: YearMonth, date: &str) -> Result<()> {
    let date = date.trim();
    if date.is_empty() {
        ws.set_note(month, NOTE_BRIEF_DATE, "")?;
        return Ok(());
    }
    let parsed: dd_export::Date = date
        .parse()
        .map_err(|e: dd_export::BadDate| Error::Invalid(e.to_string()))?;
    ws.set_note(month, NOTE_BRIEF_DATE, &parsed.to_string())?;
    Ok(())
}
