//! The app under damaged and heavy files, headless (egui_kittest), driven by label: a file
//! over the reader's memory cap (a small cap here) is refused in the review with its
//! reason while the rest of the drop is read; a long read shows its progress line with a
//! cancel button, the window keeps drawing, and cancelling leaves the workspace as it was.

use std::path::{Path, PathBuf};
use std::time::Duration;

use dd_import::{self as import, ReadLimits};
use egui_kittest::kittest::Queryable;

mod kit;
use kit::*;

#[path = "../benches/support/government_sheet.rs"]
mod government_sheet;

fn app(dir: &Path) -> App {
    // The reader is the real binary (this test's own executable is a harness); 40 MB is
    // enough for a county's sheets and far too little for 38,000 rows.
    import::set_reader_program(env!("CARGO_BIN_EXE_dispatch-desk"));
    import::set_read_limits(ReadLimits {
        memory: 40 << 20,
        time: Duration::from_secs(30),
    });
    harness(dir, [1400.0, 900.0])
}

fn county_sheet() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/湘乡市月调度表2024年10月.xlsx")
}

#[test]
fn a_file_over_the_memory_cap_is_refused_in_the_review_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("全国月调度表2024年10月.xlsx");
    std::fs::write(&big, government_sheet::national().2).unwrap();
    let mut h = without_samples(app(&dir.path().join("ws")));

    drop_files(&mut h, &[big.clone(), county_sheet()]);
    let longest = wait_for(&mut h, "导入审核");
    assert!(
        longest < Duration::from_secs(1),
        "a frame took {longest:?} while the files were read"
    );
    assert!(shows(&h, &format!("拒收：{}", big.display())));
    assert!(shows(&h, "文件异常：读取时内存超过40 MB，已拒收"));
    // The county sheet of the same drop was read whole.
    assert!(shows(&h, "可导入 1 个文件：22个乡镇（街道）"));
}

#[test]
fn a_long_read_shows_its_progress_and_cancelling_keeps_the_workspace_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = without_samples(app(dir.path()));
    let heavy = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crafted/crafted_empty_rows.xlsx");

    drop_files(&mut h, &[heavy, county_sheet()]);
    let longest = wait_for(&mut h, "正在读取 1/2：");
    assert!(shows(&h, "crafted_empty_rows.xlsx"));
    h.get_by_label("取消读取").click();
    let longest = longest.max(wait_for(&mut h, "已取消导入，工作区没有改动"));
    assert!(longest < Duration::from_secs(1), "a frame took {longest:?}");
    assert!(!shows(&h, "导入审核"));
    assert!(!shows(&h, "取消读取"));
    assert!(shows(&h, "还没有数据"));
}
