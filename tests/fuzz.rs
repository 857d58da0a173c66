//! Property tests: no bytes and no grid of cells can panic the importer.

use dispatch_desk::import::{Input, import};
use dispatch_desk::template::Template;
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../shared/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn run(name: &str, bytes: Vec<u8>) {
    let t = Template::bundled();
    let out = import(
        vec![Input {
            name: name.into(),
            bytes,
        }],
        &t,
    );
    // A refused file contributes nothing.
    if !out.refused.is_empty() {
        assert_eq!(out.table.height(), 0);
    }
}

/// Cells a township sheet is made of, and some it should never contain.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("乡镇（街道）".to_string()),
        Just("序号".to_string()),
        Just("合计".to_string()),
        Just("毛田镇".to_string()),
        Just("东山办事处".to_string()),
        Just("火星镇".to_string()),
        Just("监测对象户数（户）".to_string()),
        Just("风险已消除人数".to_string()),
        Just("衔接资金计划（元）".to_string()),
        Just("驻村工作队在岗率(%)".to_string()),
        Just("市级领导联点".to_string()),
        Just("已落实".to_string()),
        Just("监测帮扶".to_string()),
        Just("1,804".to_string()),
        Just("95.5%".to_string()),
        Just("—".to_string()),
        Just("备注：本表每月25日前报送".to_string()),
        Just("湘乡市月调度表（2024年10月）".to_string()),
        (0u32..100_000).prop_map(|n| n.to_string()),
        "[\\PC]{0,12}",
    ]
}

fn to_csv(grid: &[Vec<String>]) -> Vec<u8> {
    let mut s = String::new();
    for row in grid {
        let line: Vec<String> = row
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        s.push_str(&line.join(","));
        s.push('\n');
    }
    s.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                                   ext in prop_oneof![Just("xlsx"), Just("xls"), Just("csv"), Just("ods")]) {
        run(&format!("x.{ext}"), bytes);
    }

    #[test]
    fn damaged_workbooks_never_panic(cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20),
                                     truncate in any::<prop::sample::Index>()) {
        let mut bytes = fixture("湘乡市月调度表2024年10月.xlsx");
        for (at, b) in cuts {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let keep = truncate.index(bytes.len()).max(bytes.len() / 2);
        bytes.truncate(keep);
        run("damaged.xlsx", bytes);
    }

    #[test]
    fn arbitrary_grids_never_panic(grid in proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..30)) {
        run("grid.csv", to_csv(&grid));
    }
}
