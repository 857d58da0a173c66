//! Analysis of one month and of 24 stored months; storing a month in the workspace.
//! Budget (DESIGN.md): 24 months analysed in < 10 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use dispatch_desk::analysis::{analyze, county_series};
use dispatch_desk::import::{Input, import};
use dispatch_desk::model::{MonthTable, YearMonth};
use dispatch_desk::store::{NewMonth, Workspace};
use dispatch_desk::template::{DEFAULT_TEMPLATE, Template};

fn samples(t: &Template) -> Vec<MonthTable> {
    dispatch_desk::store::samples::SAMPLES
        .iter()
        .map(|(name, bytes)| {
            import(
                vec![Input {
                    name: (*name).to_string(),
                    bytes: bytes.to_vec(),
                }],
                t,
            )
            .table
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let t = Template::bundled();
    let tables = samples(&t);
    // 24 months: the three sample months repeated over 2023-11 … 2025-10.
    let mut months: Vec<(YearMonth, MonthTable)> = Vec::new();
    let mut m = YearMonth::new(2023, 11).unwrap();
    for i in 0..24 {
        months.push((m, tables[i % 3].clone()));
        m = if m.month == 12 {
            YearMonth::new(m.year + 1, 1).unwrap()
        } else {
            YearMonth::new(m.year, m.month + 1).unwrap()
        };
    }
    let refs: Vec<(YearMonth, &MonthTable)> = months.iter().map(|(m, t)| (*m, t)).collect();

    c.bench_function("analyze_one_month", |b| {
        b.iter(|| analyze(&t, refs[23].0, refs[23].1, &refs[..23]))
    });
    c.bench_function("analyze_24_months", |b| {
        b.iter(|| {
            for (k, (month, table)) in refs.iter().enumerate() {
                std::hint::black_box(analyze(&t, *month, table, &refs[..k]));
            }
            for id in ["monitor_households", "fund_paid_rate", "employment_rate"] {
                std::hint::black_box(county_series(&t, &refs, id));
            }
        })
    });

    let dir = tempfile::tempdir().expect("temp dir");
    let mut ws = Workspace::open(dir.path()).expect("workspace");
    let oct = YearMonth::new(2024, 10).unwrap();
    c.bench_function("store_month_in_workspace", |b| {
        b.iter(|| {
            ws.import(NewMonth {
                month: oct,
                table: &tables[2],
                files: &[],
                problems: &[],
                sources: &Default::default(),
                template_text: DEFAULT_TEMPLATE,
                sample: false,
                replace: true,
            })
            .expect("stored")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
