//! The sample months (示例数据) bundled with the app: the seed month 2024-10 and two
//! earlier months, so a first run has figures, ranks and trends to show.

use crate::collect::new_month;
use dd_core::template::{DEFAULT_TEMPLATE, Template};
use dd_import::{Input, import};
use dd_store::{NewMonth, Result, Workspace};

/// (file name, bytes) of each sample month.
pub const SAMPLES: &[(&str, &[u8])] = &[
    (
        "示例月调度表2024年8月.xlsx",
        include_bytes!("../../../assets/samples/示例月调度表2024年8月.xlsx"),
    ),
    (
        "示例月调度表2024年9月.xlsx",
        include_bytes!("../../../assets/samples/示例月调度表2024年9月.xlsx"),
    ),
    (
        "示例月调度表2024年10月.xlsx",
        include_bytes!("../../../assets/samples/示例月调度表2024年10月.xlsx"),
    ),
];

/// The sample 重点村 roster (the 36 key villages of October's sample month).
pub const SAMPLE_ROSTER: (&str, &[u8]) = (
    "示例重点村名单2024年10月.xlsx",
    include_bytes!("../../../assets/samples/示例重点村名单2024年10月.xlsx"),
);

/// Imports the sample months and the sample roster into a workspace, marked as samples.
pub fn seed(ws: &mut Workspace) -> Result<usize> {
    let t = Template::bundled();
    let mut n = 0;
    for (name, bytes) in SAMPLES {
        let outcome = import(
            vec![Input {
                name: (*name).to_string(),
                bytes: bytes.to_vec(),
            }],
            &t,
        );
        let Some(month) = outcome.month else {
            continue;
        };
        if outcome.has_errors() {
            continue;
        }
        ws.import(NewMonth {
            sample: true,
            ..new_month(&outcome, month, DEFAULT_TEMPLATE)
        })?;
        n += 1;
    }
    let (name, bytes) = SAMPLE_ROSTER;
    let outcome = import(
        vec![Input {
            name: name.to_string(),
            bytes: bytes.to_vec(),
        }],
        &t,
    );
    if let (Some(month), Some(roster), false) =
        (outcome.month, &outcome.roster, outcome.has_errors())
    {
        ws.store_roster(month, roster, true)?;
    }
    Ok(n)
}
