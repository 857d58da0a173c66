//! The 督办 ledger kept in step with the data: after any change of the months, every month's
//! problems are raised again (only when the months or the template changed since the last
//! raising, by a fingerprint kept in the workspace).

use dd_analysis::Analysis;
use dd_analysis::followup::{self, Review};
use dd_core::model::{YearMonth, sha256_hex};
use dd_core::template::Template;
use dd_store::Workspace;

use crate::Result;

/// What the ledger is raised from: the template and each month's current version. Equal
/// fingerprints mean the stored items are those the data raises.
fn fingerprint(ws: &Workspace, t: &Template) -> Result<String> {
    let mut from = sha256_hex(t.file().to_toml()?.as_bytes());
    for (month, version) in ws.month_versions()? {
        from.push_str(&format!(";{month}:{version}"));
    }
    Ok(from)
}

/// Reads the workspace's months, analyses them and raises their problems again: what every
/// change of a month (an import, replace, undo) is followed by.
pub fn refresh(ws: &mut Workspace, t: &Template) -> Result<Analysis> {
    // Taken before the months are read: should another process store a version meanwhile,
    // the ledger is marked as raised from the older state and raised again next time.
    let from = fingerprint(ws, t)?;
    let analysis = Analysis::new(ws.history(t)?, t)?;
    // Unchanged since the last raising (the app opened again, say): nothing to raise.
    if ws.followups_synced()?.as_deref() != Some(from.as_str()) {
        let raised = followup::raise_all(&analysis, t)?;
        ws.sync_followups(&raised, &from)?;
    }
    Ok(analysis)
}

/// How the problems the month before `month` raised stand by `month`'s data.
pub fn review(
    ws: &Workspace,
    analysis: &Analysis,
    t: &Template,
    month: YearMonth,
) -> Result<Review> {
    let items = followup::ledger(&ws.followups_as_of(month)?, analysis, month, t)?;
    let previous = analysis.months().iter().copied().rfind(|m| *m < month);
    Ok(followup::review(&items, previous))
}
