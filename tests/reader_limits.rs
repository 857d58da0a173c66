//! The reader's limits are the app's settings, not constants: a small memory cap or a short
//! time limit refuses a large sheet with that limit in the message, while small files of
//! the same drop still import. (A test binary of its own: the limits are process-wide.)

use std::time::{Duration, Instant};

use dd_import::{self as import, Input, ReadLimits};

#[path = "../benches/support/government_sheet.rs"]
mod government_sheet;

fn county() -> Input {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/湘乡市月调度表2024年10月.xlsx"
    );
    Input {
        name: "湘乡市月调度表2024年10月.xlsx".into(),
        bytes: std::fs::read(path).unwrap(),
    }
}

#[test]
fn a_sheet_over_the_memory_cap_or_the_time_limit_is_refused_and_the_county_sheet_imports() {
    import::set_reader_program(env!("CARGO_BIN_EXE_dispatch-desk"));
    let t = dd_core::template::Template::bundled();
    let (_, _, national) = government_sheet::national();
    let big = Input {
        name: "全国月调度表2024年10月.xlsx".into(),
        bytes: national,
    };

    // 40 MB: the county sheet needs a few, the 38,000-row sheet far more.
    import::set_read_limits(ReadLimits {
        memory: 40 << 20,
        time: Duration::from_secs(30),
    });
    let started = Instant::now();
    let out = import::import(vec![big.clone(), county()], &t);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(out.refused, vec!["全国月调度表2024年10月.xlsx"]);
    assert_eq!(
        out.problems[0].message,
        "文件异常：读取时内存超过40 MB，已拒收"
    );
    assert_eq!(out.accepted, vec!["湘乡市月调度表2024年10月.xlsx"]);
    assert_eq!(out.table.height(), 22);
    assert_eq!(out.table.value("毛田镇", "monitor_households"), Some(136.0));

    // 50 ms: far less than reading 38,000 rows takes; the reader is killed at the limit.
    import::set_read_limits(ReadLimits {
        memory: 1 << 30,
        time: Duration::from_millis(50),
    });
    let started = Instant::now();
    let out = import::import(vec![big], &t);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(out.refused, vec!["全国月调度表2024年10月.xlsx"]);
    assert_eq!(
        out.problems[0].message,
        "文件异常：读取时间超过50毫秒，已拒收"
    );
}
