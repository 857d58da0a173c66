//! Backups of the workspace: made before every import, undo and removal of the samples, kept
//! by the rotation rule; `backup --out` and `restore` from the command line, a bad file refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dd_core::model::YearMonth;
use dd_core::template::{DEFAULT_TEMPLATE, Template};
use dd_import::import_paths;
use dd_store::Workspace;
use dd_store::backup::{KEEP_LAST, Reason};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name)
}

fn cli(ws: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "crashed: {out:?}");
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `months` as the user reads it: one line a month.
fn months(ws: &Path) -> Vec<String> {
    let out = cli(ws, &["months"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("20"))
        .map(|l| l.split('\t').take(2).collect::<Vec<_>>().join(" "))
        .collect()
}

fn backups(ws: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.join("backups"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_import_makes_a_backup_of_the_workspace_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let county = fixture("湘乡市月调度表2024年10月.xlsx");
    let out = cli(&ws, &["import", county.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let names = backups(&ws);
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("-import.sqlite"), "{names:?}");

    // The backup holds the three sample months as they were before the import.
    let copy = dir.path().join("before");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(
        ws.join("backups").join(&names[0]),
        copy.join("dispatch-desk.sqlite"),
    )
    .unwrap();
    let before = dd_office::open_workspace(&copy).unwrap().months().unwrap();
    assert_eq!(before.len(), 3);
    assert!(before.iter().all(|m| m.sample));
    assert!(!dd_office::open_workspace(&ws).unwrap().months().unwrap()[2].sample);

    // Undo and removing the samples are backed up too, each named for its reason.
    assert!(cli(&ws, &["undo", "--month", "2024-10"]).status.success());
    assert!(cli(&ws, &["remove-samples"]).status.success());
    let names = backups(&ws);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[1].ends_with("-undo.sqlite"), "{names:?}");
    assert!(names[2].ends_with("-remove-samples.sqlite"), "{names:?}");
}

#[test]
fn a_good_backup_brings_back_the_months_it_held() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let saved = dir.path().join("工作区备份.sqlite");
    assert_eq!(months(&ws).len(), 3);
    let out = cli(&ws, &["backup", "--out", saved.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("已备份工作区"));
    // An existing file is not overwritten without --force.
    let again = cli(&ws, &["backup", "--out", saved.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("已存在"),
        "{}",
        text(&again.stderr)
    );

    assert!(cli(&ws, &["remove-samples"]).status.success());
    assert!(months(&ws).is_empty());
    let before = backups(&ws).len();
    let out = cli(&ws, &["restore", saved.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("3个月份"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        months(&ws),
        ["2024-08 22个乡镇", "2024-09 22个乡镇", "2024-10 22个乡镇"]
    );
    // The emptied workspace was backed up before it was replaced.
    let names = backups(&ws);
    assert_eq!(names.len(), before + 1);
    assert!(names.last().unwrap().ends_with("-restore.sqlite"));
}

#[test]
fn a_corrupt_or_foreign_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let county = fixture("湘乡市月调度表2024年10月.xlsx");
    assert!(
        cli(&ws, &["import", county.to_str().unwrap()])
            .status
            .success()
    );
    let good = dir.path().join("good.sqlite");
    assert!(
        cli(&ws, &["backup", "--out", good.to_str().unwrap()])
            .status
            .success()
    );
    let bytes = std::fs::read(&good).unwrap();

    let truncated = dir.path().join("truncated.sqlite");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let garbage = dir.path().join("garbage.sqlite");
    let mut g = b"SQLite format 3\0".to_vec();
    g.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(&garbage, g).unwrap();
    let sheet = fixture("湘乡市月调度表2024年10月.xlsx");
    let foreign = dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();

    let months_before = months(&ws);
    let backups_before = backups(&ws);
    for (bad, says) in [
        (truncated, "已损坏"),
        (garbage, "已损坏"),
        (sheet, "已损坏"),
        (foreign, "不是 dispatch-desk 的工作区"),
        (dir.path().join("没有这个文件.sqlite"), "已损坏"),
    ] {
        let out = cli(&ws, &["restore", bad.to_str().unwrap()]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", bad.display());
        assert!(err.contains("未恢复") && err.contains(says), "{err}");
        assert_eq!(months(&ws), months_before);
        // Refused before anything was done: not even a backup.
        assert_eq!(backups(&ws), backups_before);
    }
    assert_eq!(months_before[2], "2024-10 22个乡镇");
}

#[test]
fn rotation_keeps_the_last_twenty_and_the_newest_of_each_month_for_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    let t = Template::bundled();
    let out = import_paths(&[fixture("湘乡市月调度表2024年10月.xlsx")], &t);
    // As an arrival does: the backup first, then the new version.
    let import = |ws: &mut Workspace| {
        ws.backup_before(Reason::Import).unwrap();
        ws.import(dd_office::collect::new_month(
            &out,
            YearMonth::new(2024, 10).unwrap(),
            DEFAULT_TEMPLATE,
        ))
        .unwrap();
    };
    import(&mut ws);
    let first = ws.backups().unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].reason, Reason::Import);
    let now = first[0].month;

    // Two older backups in each of the 17 months before this one (copies, renamed).
    let mut m = now;
    for _ in 0..17 {
        m = m.previous();
        for (day, time) in [("05", "090000-000"), ("20", "150000-000")] {
            let name = format!(
                "{}{day}-{time}-import.sqlite",
                m.to_string().replace('-', "")
            );
            std::fs::copy(&first[0].path, ws.backups_dir().join(name)).unwrap();
        }
    }
    // A file the user put there is never touched.
    std::fs::write(ws.backups_dir().join("我的备份.sqlite"), b"x").unwrap();
    for _ in 0..KEEP_LAST + 4 {
        import(&mut ws);
    }
    let list = ws.backups().unwrap();
    // The 20 newest (all made now), then the newest of each of the 11 months before.
    assert_eq!(list.len(), KEEP_LAST + 11);
    assert!(list[..KEEP_LAST].iter().all(|b| b.month == now));
    let older: Vec<(String, String)> = list[KEEP_LAST..]
        .iter()
        .map(|b| (b.month.to_string(), b.taken[8..10].to_string()))
        .collect();
    let mut m = now;
    for (month, day) in &older {
        m = m.previous();
        assert_eq!(
            (month.as_str(), day.as_str()),
            (m.to_string().as_str(), "20")
        );
    }
    assert!(ws.backups_dir().join("我的备份.sqlite").exists());
}

/// What an import did on a disk with `free_kib` left: the workspace copied onto a small
/// tmpfs of its own (a mount namespace, so no root is needed), the disk filled, the import
/// run, then the filler removed to read the months back.
struct FullDisk {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    backups: Vec<String>,
    before: String,
    after: String,
    /// The import tried again with the folder read-only.
    read_only: (Option<i32>, String),
}

fn import_on_full_disk(ws: &Path, file: &Path, free_kib: u64) -> Option<FullDisk> {
    let out = tempfile::tempdir().unwrap();
    let mnt = out.path().join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let script = r#"
set -u
mnt="$1"; bin="$2"; ws="$3"; file="$4"; free="$5"; out="$6"
mount -t tmpfs -o size=32m tmpfs "$mnt" || exit 97
cp -r "$ws" "$mnt/ws"
"$bin" --workspace "$mnt/ws" months > "$out/before" 2>&1
avail=$(df --output=avail -k "$mnt" | tail -1)
head -c $(( (avail - free) * 1024 )) /dev/zero > "$mnt/filler" 2>/dev/null
"$bin" --workspace "$mnt/ws" import --month 2024-11 "$file" > "$out/stdout" 2> "$out/stderr"
echo $? > "$out/code"
ls -a "$mnt/ws/backups" > "$out/backups" 2>/dev/null
rm -f "$mnt/filler"
"$bin" --workspace "$mnt/ws" months > "$out/after" 2>&1
mount -o remount,ro "$mnt"
"$bin" --workspace "$mnt/ws" import --month 2024-12 "$file" > /dev/null 2> "$out/ro_stderr"
echo $? > "$out/ro_code"
"#;
    // A user namespace where allowed, else a mount namespace of root's own.
    let ran = [
        &["--user", "--map-root-user", "--mount"][..],
        &["--mount"][..],
    ]
    .iter()
    .any(|how| {
        Command::new("unshare")
            .args(*how)
            .args(["bash", "-c", script, "bash"])
            .arg(&mnt)
            .arg(env!("CARGO_BIN_EXE_dispatch-desk"))
            .arg(ws)
            .arg(file)
            .arg(free_kib.to_string())
            .arg(out.path())
            .status()
            .is_ok_and(|s| s.success())
    });
    if !ran {
        return None;
    }
    let read = |name: &str| std::fs::read_to_string(out.path().join(name)).unwrap_or_default();
    Some(FullDisk {
        code: read("code").trim().parse().ok(),
        stdout: read("stdout"),
        stderr: read("stderr"),
        backups: read("backups").lines().map(String::from).collect(),
        before: read("before"),
        after: read("after"),
        read_only: (read("ro_code").trim().parse().ok(), read("ro_stderr")),
    })
}

#[test]
fn a_full_disk_is_said_plainly_leaves_no_part_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    // The sample months: a workspace of a few MB, so a backup needs more than an import.
    drop(dd_office::open_workspace(&ws).unwrap());
    let file = fixture("乡镇报送_202410/东山街道_2024年10月.xlsx");
    let Some(full) = import_on_full_disk(&ws, &file, 48) else {
        // Mount namespaces are what the test needs; CI must have them.
        assert!(
            std::env::var_os("CI").is_none(),
            "unshare --user --mount is not available"
        );
        eprintln!("skipped: unshare --user --mount is not available here");
        return;
    };
    assert_ne!(full.code, Some(0), "{}{}", full.stdout, full.stderr);
    assert!(
        full.stderr.contains("磁盘空间不足") && full.stderr.contains("未做任何修改"),
        "{}",
        full.stderr
    );
    assert!(!full.stdout.contains("已导入"), "{}", full.stdout);
    assert!(
        !full.stderr.contains("database or disk is full"),
        "{}",
        full.stderr
    );
    assert!(
        !full.backups.iter().any(|b| b.ends_with(".part")),
        "{:?}",
        full.backups
    );
    assert_eq!(full.before, full.after, "the workspace is as it was");
    assert!(!full.after.contains("2024-11"), "{}", full.after);

    // Room for the import but not for a copy of the whole workspace: the backup is skipped
    // with a warning and the import lands.
    let size_kib = std::fs::metadata(ws.join(dd_store::FILE_NAME))
        .unwrap()
        .len()
        / 1024;
    let roomy = import_on_full_disk(&ws, &file, size_kib / 2).unwrap();
    assert_eq!(roomy.code, Some(0), "{}{}", roomy.stdout, roomy.stderr);
    assert!(roomy.stderr.contains("未能在"), "{}", roomy.stderr);
    assert!(roomy.stderr.contains("自动备份工作区"), "{}", roomy.stderr);
    assert!(
        roomy.stdout.contains("已导入2024年11月"),
        "{}",
        roomy.stdout
    );
    assert!(
        !roomy
            .backups
            .iter()
            .any(|b| b.ends_with(".part") || b.ends_with(".sqlite")),
        "{:?}",
        roomy.backups
    );
    assert!(roomy.after.contains("2024-11"), "{}", roomy.after);

    // A read-only folder is said as such, not as a damaged workspace.
    let (code, said) = &roomy.read_only;
    assert_ne!(*code, Some(0), "{said}");
    assert!(said.contains("是只读的"), "{said}");
    assert!(!said.contains("已损坏"), "{said}");
}
