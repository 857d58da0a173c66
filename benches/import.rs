//! Import benchmarks for the DESIGN.md performance budget:
//! - `county_sheet`: the county month fixture (22 townships × 33 indicators), < 20 ms;
//! - `township_folder`: 22 per-township files imported together, < 100 ms;
//! - `village_sheet`: a village detail sheet, 22 townships × 15 villages with 小计 rows, < 50 ms;
//! - `national_sheet`: one generated 38,000-row sheet against a 38,000-township template;
//! - `national_sheet/calamine`: the bare calamine read of the same sheet into a range (what
//!   `polars.read_excel(engine="calamine")` does before building its frame): the floor.
//!
//! Every import goes through the reader process (the real binary), isolation included.
//! Generated files follow the government layout of the fixtures (`support/government_sheet.rs`).

use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use calamine::{Reader, Xlsx};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dd_core::template::Template;
use dd_import::{Input, import};

#[path = "support/government_sheet.rs"]
mod government_sheet;
#[path = "support/village_sheet.rs"]
mod village_sheet;
use government_sheet::{unit_values, write_sheet};

const COUNTY_SHEET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/湘乡市月调度表2024年10月.xlsx"
);
fn bench_import(c: &mut Criterion, group: &str, t: &Template, inputs: Vec<Input>, rows: usize) {
    dd_import::set_reader_program(env!("CARGO_BIN_EXE_dispatch-desk"));
    // Sanity: the generated inputs import cleanly, every unit lands in the table.
    let outcome = import(inputs.clone(), t);
    assert!(
        !outcome.has_errors(),
        "{:#?}",
        &outcome.problems[..outcome.problems.len().min(5)]
    );
    assert_eq!(outcome.table.height(), rows);
    assert_eq!(outcome.accepted.len(), inputs.len());

    let mut g = c.benchmark_group(group);
    if rows > 1000 {
        g.sample_size(10).measurement_time(Duration::from_secs(40));
    }
    g.bench_function("import", |b| {
        b.iter_batched(
            || inputs.clone(),
            |i| black_box(import(i, t)),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn county_sheet(c: &mut Criterion) {
    let t = Template::bundled();
    let bytes = std::fs::read(COUNTY_SHEET).expect("county fixture");
    let inputs = vec![Input {
        name: "湘乡市月调度表2024年10月.xlsx".into(),
        bytes,
    }];
    bench_import(c, "county_sheet", &t, inputs, 22);
}

fn township_folder(c: &mut Criterion) {
    let t = Template::bundled();
    let inputs: Vec<Input> = t
        .townships
        .iter()
        .enumerate()
        .map(|(i, town)| Input {
            name: format!("乡镇报送_202410/{}_2024年10月.xlsx", town.name),
            bytes: write_sheet(
                &t,
                &town.name,
                &[(town.name.clone(), unit_values(&t, i))],
                false,
                false,
            )
            .expect("township sheet"),
        })
        .collect();
    bench_import(c, "township_folder", &t, inputs, t.townships.len());
}

fn village_sheet(c: &mut Criterion) {
    dd_import::set_reader_program(env!("CARGO_BIN_EXE_dispatch-desk"));
    let t = Template::bundled();
    let inputs = vec![Input {
        name: "村级明细_2024年10月.xlsx".into(),
        bytes: village_sheet::write(&t).expect("village sheet"),
    }];
    let outcome = import(inputs.clone(), &t);
    assert_eq!(
        outcome.villages.rows.len(),
        t.townships.len() * village_sheet::VILLAGES
    );
    bench_import(c, "village_sheet", &t, inputs, t.townships.len());
}

fn national_sheet(c: &mut Criterion) {
    let (t, _, bytes) = government_sheet::national();
    let inputs = vec![Input {
        name: "全国月调度表2024年10月.xlsx".into(),
        bytes,
    }];
    bench_import(
        c,
        "national_sheet",
        &t,
        inputs.clone(),
        government_sheet::NATIONAL_ROWS,
    );

    let bytes = inputs[0].bytes.clone();
    let mut g = c.benchmark_group("national_sheet");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("calamine", |b| {
        b.iter(|| {
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes)).expect("xlsx");
            let range = wb.worksheet_range("月调度表").expect("sheet");
            black_box(range.get_size())
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    county_sheet,
    township_folder,
    village_sheet,
    national_sheet
);
criterion_main!(benches);
