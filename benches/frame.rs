//! CPU time of one dashboard frame (egui pass, layout and tessellation; no GPU), on the
//! sample month. Budget (DESIGN.md): < 4 ms.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dd_app::ui::views::View;
use dd_app::ui::{DispatchApp, Prefs};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn ready(dir: &std::path::Path, view: View) -> Harness<'static, DispatchApp> {
    let dir = dir.to_path_buf();
    let prefs = Prefs {
        view,
        ..Prefs::default()
    };
    let mut h = Harness::builder()
        .with_size([1600.0, 1000.0])
        .build_eframe(move |cc| DispatchApp::new(&cc.egui_ctx, prefs, dir));
    for _ in 0..1000 {
        h.step();
        if h.query_all_by_label_contains("湘乡市2024年10月")
            .next()
            .is_some()
            || h.query_all_by_label_contains("排名与亮灯").next().is_some()
            || h.query_all_by_label_contains("市级领导联点")
                .next()
                .is_some()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    h
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, view) in [
        ("frame_overview", View::Overview),
        ("frame_progress", View::Progress),
        ("frame_duties", View::Duties),
    ] {
        let mut h = ready(dir.path(), view);
        c.bench_function(name, |b| b.iter(|| h.step()));
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
