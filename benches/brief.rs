//! The brief of the seed month in each format: compose (with the chart images), .docx, .pdf
//! and .xlsx. Targets (DESIGN.md): .docx < 300 ms, .pdf < 1.5 s. And a month of 2,000 units
//! (the national layout), whose brief must grow with its tables, not with its charts.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use dd_core::model::YearMonth;
use dd_core::template::Template;
use dd_export::{self as export, BriefInput, Format};
use dd_import::import_paths;

#[path = "support/government_sheet.rs"]
mod government_sheet;

fn input() -> BriefInput {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let t = Template::bundled();
    let load = |p: PathBuf| import_paths(&[p], &t).table;
    let oct = load(root.join("../shared/fixtures/湘乡市月调度表2024年10月.xlsx"));
    let aug = load(root.join("assets/samples/示例月调度表2024年8月.xlsx"));
    let sep = load(root.join("assets/samples/示例月调度表2024年9月.xlsx"));
    let ym = |m| YearMonth::new(2024, m).expect("month");
    BriefInput::from_tables(
        &t,
        ym(10),
        &oct,
        &[(ym(8), &aug), (ym(9), &sep)],
        Vec::new(),
    )
    .expect("brief input")
}

fn bench(c: &mut Criterion) {
    let input = input();
    // Fonts are found and loaded once per process; do that outside the timings.
    let brief = export::compose(&input);
    let mut g = c.benchmark_group("brief");
    g.sample_size(10);
    g.bench_function("compose with charts", |b| {
        b.iter(|| export::compose(&input))
    });
    g.bench_function("docx (compose + render)", |b| {
        b.iter(|| export::render(&export::compose(&input), Format::Docx).expect("docx"))
    });
    g.bench_function("docx render", |b| {
        b.iter(|| export::render(&brief, Format::Docx).expect("docx"))
    });
    g.bench_function("pdf (compose + render)", |b| {
        b.iter(|| export::render(&export::compose(&input), Format::Pdf).expect("pdf"))
    });
    g.bench_function("xlsx (compose + render)", |b| {
        b.iter(|| export::render(&export::compose(&input), Format::Xlsx).expect("xlsx"))
    });
    g.finish();
}

/// The brief of a generated month of `units` units.
fn large_input(units: usize) -> BriefInput {
    let (t, _, sheet) = government_sheet::national_of(units);
    let dir = std::env::temp_dir().join(format!("dd-bench-brief-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("全国月调度表2024年10月.xlsx");
    std::fs::write(&file, sheet).expect("sheet");
    let table = import_paths(&[file], &t).table;
    let _ = std::fs::remove_dir_all(&dir);
    let month = YearMonth::new(2024, 10).expect("month");
    BriefInput::from_tables(&t, month, &table, &[], Vec::new()).expect("brief input")
}

fn bench_large(c: &mut Criterion) {
    let input = large_input(2_000);
    let mut g = c.benchmark_group("brief, 2,000 units");
    g.sample_size(10);
    g.bench_function("docx (compose + render)", |b| {
        b.iter(|| export::render(&export::compose(&input), Format::Docx).expect("docx"))
    });
    g.bench_function("pdf (compose + render)", |b| {
        b.iter(|| export::render(&export::compose(&input), Format::Pdf).expect("pdf"))
    });
    g.finish();
}

criterion_group!(benches, bench, bench_large);
criterion_main!(benches);
