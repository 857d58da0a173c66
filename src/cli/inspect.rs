//! `dispatch-desk inspect PATH...`: the merged month on stdout (CSV or JSON), problems on
//! stderr, one a line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Error, Format, load_template, usage};
use dd_core::model::TableCell;
use dd_core::template::Template;
use dd_import::{self as import, ImportOutcome};

pub(super) fn inspect(
    paths: &[PathBuf],
    template: Option<&Path>,
    format: Format,
    villages: bool,
) -> Result<ExitCode, Error> {
    // The reader starts on the files while the template loads.
    let pending = import::start_paths(paths);
    let t = match load_template(template) {
        Ok(t) => t,
        Err(e) => return usage(e),
    };
    let Ok(outcome) = pending.finish(&t, &mut |_, _, _| {}, &import::Cancel::new()) else {
        return Ok(ExitCode::from(1));
    };
    let body = match (format, villages) {
        (Format::Csv, false) => outcome.table.to_csv(&t),
        (Format::Csv, true) => outcome.villages.to_csv(),
        (Format::Json, _) => to_json(&outcome, &t),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(body.as_bytes());
    let _ = stdout.flush();
    let mut stderr = std::io::stderr().lock();
    for p in &outcome.problems {
        let _ = writeln!(stderr, "{p}");
    }
    if outcome.has_errors() {
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

fn villages_json(v: &dd_core::model::VillageTable) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let rows: Vec<Value> = v
        .rows
        .iter()
        .map(|r| {
            let mut obj = Map::new();
            obj.insert("township".into(), json!(r.township));
            obj.insert("village".into(), json!(r.village));
            for (c, x) in v.columns.iter().zip(&r.values) {
                obj.insert(c.clone(), json!(x));
            }
            Value::Object(obj)
        })
        .collect();
    json!({ "columns": v.columns, "rows": rows })
}

fn to_json(outcome: &ImportOutcome, t: &Template) -> String {
    use serde_json::{Map, Value, json};
    let table = &outcome.table;
    let cols = table.columns();
    let mut rows = Vec::new();
    for (town, cells) in table.rows() {
        let mut obj = Map::new();
        obj.insert("township".into(), json!(town));
        for (c, cell) in cols.iter().zip(cells) {
            let v = match cell {
                TableCell::Value(Some(x)) => json!(x),
                TableCell::Status(Some(s)) => json!(s.code()),
                _ => Value::Null,
            };
            obj.insert(c.clone(), v);
        }
        rows.push(Value::Object(obj));
    }
    let doc = json!({
        "county": t.county,
        "month": outcome.month.map(|m| m.to_string()),
        "columns": cols,
        "rows": rows,
        "accepted": outcome.accepted,
        "refused": outcome.refused,
        "problems": outcome.problems,
        "villages": villages_json(&outcome.villages),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
