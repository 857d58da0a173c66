//! The workspace: samples on first run, import / replace / undo, a crash in the middle of an
//! import, corrupt and foreign files, older workspaces, two instances at once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use dd_core::model::YearMonth;
use dd_core::template::{DEFAULT_TEMPLATE, Template};
use dd_import::{ImportOutcome, import_paths};
use dd_store::{FILE_NAME, StoreError, Undone, Workspace};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name)
}

fn oct() -> YearMonth {
    "2024-10".parse().unwrap()
}

fn read(name: &str) -> ImportOutcome {
    let out = import_paths(&[fixture(name)], &Template::bundled());
    assert!(!out.has_errors(), "{:?}", out.problems);
    out
}

/// Stores an import as the whole month (the store's own mechanics; arrivals are merged by
/// `collect`, tested in tests/collect.rs).
fn store(ws: &mut Workspace, out: &ImportOutcome) -> Result<i64, StoreError> {
    ws.import(dd_office::collect::new_month(out, oct(), DEFAULT_TEMPLATE))
}

#[test]
fn first_run_has_three_sample_months_removable_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dd_office::open_workspace(dir.path()).unwrap();
    let months = ws.months().unwrap();
    let names: Vec<String> = months.iter().map(|m| m.month.to_string()).collect();
    assert_eq!(names, ["2024-08", "2024-09", "2024-10"]);
    assert!(months.iter().all(|m| m.sample && m.townships == 22));
    // Reopening does not seed again.
    drop(ws);
    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    assert_eq!(ws.months().unwrap().len(), 3);
    assert_eq!(ws.remove_samples().unwrap(), 3);
    assert!(ws.months().unwrap().is_empty());
}

#[test]
fn a_real_month_replaces_the_sample_and_undo_walks_back_each_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    let t = Template::bundled();
    let sample = ws.load(oct(), &t).unwrap();

    let duties = read("五大责任_2024年10月.xlsx");
    store(&mut ws, &duties).unwrap();
    assert_eq!(ws.load(oct(), &t).unwrap(), duties.table);
    let county = read("湘乡市月调度表2024年10月.xlsx");
    store(&mut ws, &county).unwrap();
    assert_eq!(ws.load(oct(), &t).unwrap(), county.table);
    let info = ws
        .months()
        .unwrap()
        .into_iter()
        .find(|m| m.month == oct())
        .unwrap();
    assert_eq!(info.versions, 3);
    assert!(!info.sample);
    assert_eq!(info.template_version, Some(1));
    let versions = ws.versions(oct()).unwrap();
    assert_eq!(versions[0].files[0].sha256.len(), 64);
    assert!(versions[0].current);

    // Undo walks back through the versions: county → duties → sample → gone.
    assert!(matches!(ws.undo(oct()).unwrap(), Undone::Restored { .. }));
    assert_eq!(ws.load(oct(), &t).unwrap(), duties.table);
    ws.undo(oct()).unwrap();
    assert_eq!(ws.load(oct(), &t).unwrap(), sample);
    assert_eq!(ws.undo(oct()).unwrap(), Undone::Removed);
    assert!(matches!(ws.load(oct(), &t), Err(StoreError::NoMonth(_))));
}

#[test]
fn stored_values_and_problems_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    let t = Template::bundled();
    let both = import_paths(
        &[
            fixture("湘乡市月调度表2024年10月.xlsx"),
            fixture("五大责任_2024年10月.xlsx"),
        ],
        &t,
    );
    store(&mut ws, &both).unwrap();
    let back = ws.load(oct(), &t).unwrap();
    assert_eq!(back, both.table);
    assert_eq!(back.value("毛田镇", "monitor_households"), Some(136.0));
    assert_eq!(ws.problems(oct()).unwrap(), both.problems);
    // Each value remembers its cell, so the app can mark cells that raised problems.
    let places = ws.places(oct()).unwrap();
    let place = &places[&("毛田镇".to_string(), "monitor_households".to_string())];
    assert!(
        place.ends_with("湘乡市月调度表2024年10月.xlsx!月调度表!C23"),
        "{place}"
    );
    let place = &places[&("毛田镇".to_string(), "r1_leader".to_string())];
    assert!(
        place.ends_with("五大责任_2024年10月.xlsx!Sheet!I22"),
        "{place}"
    );
    ws.set_note(oct(), "next_steps", "一、压实责任").unwrap();
    assert_eq!(
        ws.note(oct(), "next_steps").unwrap().as_deref(),
        Some("一、压实责任")
    );
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the crash hook exists only in debug builds"
)]
fn a_crash_in_the_middle_of_an_import_leaves_the_old_month() {
    let dir = tempfile::tempdir().unwrap();
    let t = Template::bundled();
    let duties = read("五大责任_2024年10月.xlsx");
    {
        let mut ws = dd_office::open_workspace(dir.path()).unwrap();
        store(&mut ws, &duties).unwrap();
    }
    // The child aborts (no unwinding, no cleanup) after 300 of the 726 value rows.
    let status = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .args(["import", "--replace", "--workspace"])
        .arg(dir.path())
        .arg(fixture("湘乡市月调度表2024年10月.xlsx"))
        .env("DISPATCH_DESK_CRASH_AFTER_WRITES", "300")
        .output()
        .unwrap()
        .status;
    assert!(!status.success(), "the child should have died mid-import");

    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    assert_eq!(
        ws.load(oct(), &t).unwrap(),
        duties.table,
        "old month intact"
    );
    let info = ws
        .months()
        .unwrap()
        .into_iter()
        .find(|m| m.month == oct())
        .unwrap();
    assert_eq!(
        info.versions, 2,
        "sample + duties; the crashed import left no version"
    );
    // And the workspace still takes the import.
    let county = read("湘乡市月调度表2024年10月.xlsx");
    store(&mut ws, &county).unwrap();
    assert_eq!(ws.load(oct(), &t).unwrap(), county.table);
}

#[test]
fn a_corrupt_or_foreign_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let junk = b"this is not a database, it is a spreadsheet someone renamed".repeat(100);
    std::fs::write(&path, &junk).unwrap();
    let err = dd_office::open_workspace(dir.path())
        .err()
        .expect("refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("未做任何修改"));
    assert_eq!(std::fs::read(&path).unwrap(), junk);

    // A real SQLite file with its header intact but a damaged page.
    let dir2 = tempfile::tempdir().unwrap();
    drop(dd_office::open_workspace(dir2.path()).unwrap());
    let path2 = dir2.path().join(FILE_NAME);
    let mut bytes = std::fs::read(&path2).unwrap();
    for b in bytes.iter_mut().skip(4096).take(8192) {
        *b = 0xA5;
    }
    std::fs::write(&path2, &bytes).unwrap();
    assert!(dd_office::open_workspace(dir2.path()).is_err());
    assert_eq!(std::fs::read(&path2).unwrap(), bytes);

    // Another program's SQLite database.
    let dir3 = tempfile::tempdir().unwrap();
    let path3 = dir3.path().join(FILE_NAME);
    rusqlite::Connection::open(&path3)
        .unwrap()
        .execute_batch(
            "CREATE TABLE ledger (item TEXT, amount REAL); INSERT INTO ledger VALUES ('x', 1);",
        )
        .unwrap();
    let before = std::fs::read(&path3).unwrap();
    let err = dd_office::open_workspace(dir3.path())
        .err()
        .expect("refused");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert_eq!(std::fs::read(&path3).unwrap(), before);
}

#[test]
fn a_workspace_of_an_older_version_opens_and_keeps_its_months() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(dd_store::schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO templates VALUES ('x', 'county = \"湘乡市\"');
             INSERT INTO versions (id, month, template) VALUES (1, '2023-12', 'x');
             INSERT INTO months VALUES ('2023-12', 1);
             INSERT INTO vals VALUES (1, '毛田镇', 'monitor_households', 120, NULL);",
        )
        .unwrap();
    }
    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    let t = Template::bundled();
    let dec: YearMonth = "2023-12".parse().unwrap();
    assert_eq!(
        ws.load(dec, &t)
            .unwrap()
            .value("毛田镇", "monitor_households"),
        Some(120.0)
    );
    ws.set_note(dec, "next_steps", "notes table added by the migration")
        .unwrap();
    // An old workspace is not seeded with samples; its months count their townships.
    let months = ws.months().unwrap();
    assert_eq!(months.len(), 1);
    assert_eq!(months[0].townships, 1);
}

#[test]
fn a_second_instance_waits_then_says_busy() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    ws.set_busy_timeout(Duration::from_millis(200)).unwrap();
    let other = rusqlite::Connection::open(dir.path().join(FILE_NAME)).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM notes;")
        .unwrap();
    let county = read("湘乡市月调度表2024年10月.xlsx");
    let err = store(&mut ws, &county).unwrap_err();
    assert!(matches!(err, StoreError::Busy), "{err}");
    assert!(err.to_string().contains("另一个"));
    other.execute_batch("ROLLBACK").unwrap();
    store(&mut ws, &county).unwrap();
}

#[test]
fn the_import_command_asks_for_the_month_when_no_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("乡镇报表.csv");
    std::fs::write(&csv, "乡镇（街道）,监测对象户数\n毛田镇,136\n").unwrap();
    let ws = dir.path().join("ws");
    let out = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .args(["import", "--workspace"])
        .arg(&ws)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--month"));
    let out = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .args(["import", "--month", "2024-07", "--workspace"])
        .arg(&ws)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .args(["months", "--workspace"])
        .arg(&ws)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2024-07") && text.contains("乡镇报表.csv"),
        "{text}"
    );
}

#[test]
fn a_refused_file_is_sent_back_and_the_rest_of_the_drop_imports() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .args(["import", "--workspace"])
        .arg(dir.path())
        .arg(fixture("乡镇报送_202410/毛田镇_2024年10月.xlsx"))
        .arg(fixture("bad_非数字_2024年10月.xlsx"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("G17") && err.contains("拒收1个文件"), "{err}");
    let ws = dd_office::open_workspace(dir.path()).unwrap();
    let t = Template::bundled();
    let month = ws.load(oct(), &t).unwrap();
    // The good file's township replaced the sample month; nothing of the bad file is in it.
    assert_eq!(month.townships(), ["毛田镇"]);
    let info = ws.months().unwrap();
    assert!(!info.iter().find(|m| m.month == oct()).unwrap().sample);
}
