//! The month as the office lives it: a form goes out, the townships' files arrive over days
//! and each arrival merges into the month, files sent back are remembered, and the office
//! sees who has reported and who has not.

pub mod form;
mod merge;
mod status;

pub use dd_core::template::deadline;
pub use merge::{CellChange, Merge, merge, split_place};
pub use status::{Collection, ReportState, TownshipReport, collection};

use std::collections::HashMap;

use dd_core::model::{Level, YearMonth};
use dd_core::template::Template;
use dd_import::ImportOutcome;
use dd_store::{NewMonth, Result, Workspace};

/// What became of an arrival.
#[derive(Debug, Clone)]
pub enum Arrival {
    /// Stored as a new version of the month.
    Stored { version: i64, merge: Box<Merge> },
    /// The same figures as the month already holds: nothing stored.
    Unchanged,
    /// It would change figures already stored: nothing stored without consent.
    NeedsConsent(Vec<CellChange>),
    /// Only a 重点村 roster was new (the month's figures, if any, unchanged): kept for the
    /// month, with its number of villages.
    Roster { villages: usize },
    /// No file was accepted.
    Nothing,
}

/// What the user agreed an arrival may change of the figures a month already holds.
#[derive(Debug, Clone, Copy)]
pub enum Consent<'a> {
    /// Nothing: changed figures are asked about first (`NeedsConsent`).
    Ask,
    /// Whatever the file brings (`import --replace`).
    All,
    /// Exactly the changes the user was shown. Should the month have changed since (another
    /// window or command stored an arrival), the changes are asked about again.
    Shown(&'a [CellChange]),
}

/// Merges an import into `month` and stores it (changed figures only with consent); files
/// refused by the import are recorded as 退回 for their township, where the file name tells
/// it. The month is read, merged and written under the workspace's write lock, so arrivals
/// stored at once by several processes all land.
pub fn arrive(
    ws: &mut Workspace,
    t: &Template,
    template_text: &str,
    outcome: &ImportOutcome,
    month: YearMonth,
    consent: Consent,
) -> Result<Arrival> {
    if outcome.table.height() > 0 || outcome.roster.is_some() {
        ws.backup_before(dd_store::backup::Reason::Import)?;
    }
    ws.exclusive(|ws| {
        record_returns(ws, t, outcome, month)?;
        store(ws, t, template_text, outcome, month, consent)
    })
}

fn store(
    ws: &mut Workspace,
    t: &Template,
    template_text: &str,
    outcome: &ImportOutcome,
    month: YearMonth,
    consent: Consent,
) -> Result<Arrival> {
    // A roster is kept with the arrival it came in (not when the figures need consent).
    let roster = |ws: &mut Workspace, otherwise: Arrival| -> Result<Arrival> {
        Ok(match &outcome.roster {
            Some(r) if ws.store_roster(month, r, false)? => Arrival::Roster {
                villages: r.villages.len(),
            },
            _ => otherwise,
        })
    };
    if outcome.table.height() == 0 {
        return roster(ws, Arrival::Nothing);
    }
    let old = ws.stored_month(month, t)?;
    let merge = merge(old.as_ref(), outcome, t);
    let real = old.as_ref().is_some_and(|o| !o.sample);
    // The villages of the townships that brought village rows replace theirs; a re-send that
    // moves figures between villages and keeps the township sums is still a change.
    let stored_villages = ws.villages(month)?;
    let villages = stored_villages.merged(&outcome.villages, t);
    let villages_changed = villages.to_csv() != stored_villages.to_csv();
    if real && merge.is_unchanged() && !villages_changed {
        return roster(ws, Arrival::Unchanged);
    }
    let agreed = match consent {
        Consent::Ask => merge.changes.is_empty(),
        Consent::All => true,
        Consent::Shown(shown) => merge.changes.is_empty() || shown == merge.changes.as_slice(),
    };
    if !agreed {
        return Ok(Arrival::NeedsConsent(merge.changes));
    }
    if let Some(r) = &outcome.roster {
        ws.store_roster(month, r, false)?;
    }
    let arrived = new_month(outcome, month, template_text).arrived;
    let version = ws.import(NewMonth {
        month,
        table: merge.table.clone(),
        places: merge.places.clone(),
        files: merge.files.clone(),
        problems: merge.problems.clone(),
        template_text: template_text.to_string(),
        sample: false,
        arrived,
        villages,
    })?;
    Ok(Arrival::Stored {
        version,
        merge: Box::new(merge),
    })
}

/// The 报送 state of a stored (or not yet stored) month.
pub fn status(ws: &Workspace, t: &Template, month: YearMonth) -> Result<Collection> {
    Ok(collection(
        t,
        month,
        &ws.townships_of(month)?,
        &ws.arrivals(month)?,
        &ws.returns(month)?,
        ws.today()?,
    ))
}

fn record_returns(
    ws: &mut Workspace,
    t: &Template,
    outcome: &ImportOutcome,
    month: YearMonth,
) -> Result<()> {
    for file in &outcome.refused {
        let Some(town) = t.township_in(file) else {
            continue;
        };
        let reasons: Vec<String> = outcome
            .problems
            .iter()
            .filter(|p| p.level == Level::Error && &p.file == file)
            .take(3)
            .map(|p| match &p.cell {
                Some(c) => format!("{c}：{}", p.message),
                None => p.message.clone(),
            })
            .collect();
        let name = std::path::Path::new(file)
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        ws.record_return(month, &t.townships[town].name, &name, &reasons.join("；"))?;
    }
    Ok(())
}

/// A whole month from one import (nothing stored before it).
pub fn new_month(outcome: &ImportOutcome, month: YearMonth, template_text: &str) -> NewMonth {
    let mut places = HashMap::new();
    // The file each township came from (the first by name, where it came from several).
    let mut file_of: HashMap<&str, &str> = HashMap::new();
    for (town, column, place) in outcome.sources.entries() {
        places.insert((town.to_string(), column.to_string()), place.describe());
        let f = file_of.entry(town).or_insert(place.file);
        if place.file < *f {
            *f = place.file;
        }
    }
    let arrived = outcome
        .table
        .townships()
        .into_iter()
        .map(|town| {
            let file = file_of
                .get(town.as_str())
                .copied()
                .unwrap_or_default()
                .to_string();
            (town, file)
        })
        .collect();
    NewMonth {
        month,
        table: outcome.table.clone(),
        places,
        files: outcome.digests.clone(),
        problems: outcome.problems.clone(),
        template_text: template_text.to_string(),
        sample: false,
        arrived,
        villages: outcome.villages.clone(),
    }
}
