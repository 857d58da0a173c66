//! The brief of a stored month, as both doors export it: the window's 导出 and
//! `dispatch-desk brief --month` call [`input`], so they write the same brief.

use dd_analysis::{Analysis, KeyVillages};
use dd_core::model::YearMonth;
use dd_core::template::Template;
use dd_export::BriefInput;
use dd_store::{NOTE_NEXT_STEPS, Workspace};

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
    input.followup = crate::followup::review(ws, analysis, t, month)?;
    input.key_villages = key_villages(ws, t, month)?;
    Ok(input)
}

/// The 重点村 roster in effect for `month`, as its attachment and the 重点村 view show it.
pub fn key_villages(ws: &Workspace, t: &Template, month: YearMonth) -> Result<Option<KeyVillages>> {
    Ok(ws
        .roster(month)?
        .map(|r| KeyVillages::new(&r.roster, r.month, month, t.roster.derives.as_deref())))
}
