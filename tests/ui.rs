//! The app, headless (egui_kittest, no GPU), driven by label as a clerk would: drop files,
//! review, import, switch views, months and present, undo.

use std::path::Path;

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};

mod kit;
use kit::*;

fn app(dir: &Path) -> App {
    harness(dir, [1400.0, 900.0])
}

#[test]
fn dropping_the_county_sheet_imports_it_and_shows_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = without_samples(app(dir.path()));
    drop_files(&mut h, &[fixture("湘乡市月调度表2024年10月.xlsx")]);
    wait_for(&mut h, "导入审核");
    assert!(shows(&h, "22个乡镇"));
    h.get_by_label("导入").click();
    wait_for(&mut h, "1804户 4044人");
    assert!(shows(&h, "1050户 2331人"));
    assert!(shows(&h, "754户 1713人"));
    assert!(shows(&h, "已导入2024年10月"));
}

#[test]
fn a_bad_file_shows_its_cell_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = without_samples(app(dir.path()));
    drop_files(&mut h, &[fixture("bad_非数字_2024年10月.xlsx")]);
    wait_for(&mut h, "导入审核");
    let line = h
        .get_all_by_label_contains("G17")
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.contains("错误"))
        .unwrap();
    assert!(
        line.contains("!Sheet!G17") && line.contains("待核实"),
        "{line}"
    );
    // The row of the sheet behind the problem is shown.
    assert!(shows(&h, "翻江镇"));
    assert!(h.get_by_label("导入").accesskit_node().is_disabled());
    h.get_by_label("取消").click();
    wait_for(&mut h, "还没有数据");
}

#[test]
fn views_townships_months_and_presenting() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    h.get_by_label("乡镇进展").click();
    wait_for(&mut h, "排名与亮灯");
    h.get_by_label("毛田镇").click();
    wait_for(&mut h, "毛田镇：");
    h.get_by_label("五大责任").click();
    wait_for(&mut h, "市级领导联点");
    h.get_by_label("数据").click();
    wait_for(&mut h, "监测对象户数（户）");
    h.get_by_label("趋势").click();
    wait_for(&mut h, "全市衔接资金拨付率");

    // Another month from the selector.
    h.get_by_label("总览").click();
    h.get_by_label("月份").click();
    h.run_steps(2);
    h.get_by_label("2024年9月（示例）").click();
    wait_for(&mut h, "湘乡市2024年9月总体情况");

    // 演示模式 with the keys a clicker sends.
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "湘乡市2024年9月　总体情况");
    h.key_press(egui::Key::ArrowRight);
    wait_for(&mut h, "湘乡市2024年9月　乡镇（街道）进度排名");
    h.key_press(egui::Key::PageDown);
    wait_for(&mut h, "湘乡市2024年9月　“五大责任”落实情况");
    h.key_press(egui::Key::PageUp);
    wait_for(&mut h, "湘乡市2024年9月　乡镇（街道）进度排名");
    h.key_press(egui::Key::Escape);
    wait_for(&mut h, "乡镇进展");
    assert!(!shows(&h, "进度排名"));
}

#[test]
fn a_changed_resend_asks_first_and_undo_is_one_click() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    wait_for(&mut h, "示例数据");
    // Real data over a sample month goes in without asking.
    drop_files(&mut h, &[fixture("湘乡市月调度表2024年10月.xlsx")]);
    wait_for(&mut h, "导入审核");
    h.get_by_label("导入").click();
    wait_for(&mut h, "已导入2024年10月");
    wait_for(&mut h, "1804户 4044人");
    // 毛田镇 sends its figures again with one changed: the app asks, naming the cell.
    let resend = dir.path().join("毛田镇_2024年10月.csv");
    std::fs::write(
        &resend,
        "乡镇（街道）,监测对象户数（户）,监测对象人数（人）\n毛田镇,140,243\n",
    )
    .unwrap();
    drop_files(&mut h, &[resend]);
    wait_for(&mut h, "导入审核");
    h.get_by_label("导入").click();
    wait_for(&mut h, "替换已导入的数据？");
    assert!(shows(&h, "监测对象户数"));
    assert!(shows(&h, "140"));
    h.get_by_label("替换").click();
    wait_for(&mut h, "1808户");
    h.get_by_label("撤销导入").click();
    wait_for(&mut h, "已撤销");
    wait_for(&mut h, "1804户 4044人");
}

#[test]
fn a_backup_from_the_list_brings_the_removed_samples_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = without_samples(app(dir.path()));
    // 删除示例数据 backed the workspace up first; 工作区 → 恢复… lists that backup.
    h.get_by_label("工作区").click();
    h.run_steps(2);
    h.get_by_label("恢复…").click();
    wait_for(&mut h, "删除示例数据前");
    // The list arrived from the desk this frame: let the dialog settle at its new size.
    h.run_steps(2);
    h.get_by_label("恢复").click();
    wait_for(&mut h, "恢复工作区？");
    h.run_steps(2);
    h.get_by_label("恢复").click();
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    assert!(shows(&h, "1804户 4044人"));
    assert!(shows(&h, "已从"));
    // The emptied workspace was backed up before it was replaced.
    h.get_by_label("工作区").click();
    h.run_steps(2);
    h.get_by_label("恢复…").click();
    wait_for(&mut h, "恢复前");
}

#[test]
fn about_shows_the_version_and_paths_and_copies_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    h.get_by_label("工作区").click();
    h.run_steps(2);
    h.get_by_label("关于…").click();
    wait_for(&mut h, "诊断");
    let version = format!("版本：dispatch-desk {}", env!("CARGO_PKG_VERSION"));
    assert!(shows(&h, &version));
    assert!(shows(&h, "dispatch-desk.sqlite"));
    assert!(shows(&h, "日志："));
    h.get_by_label("复制诊断信息").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .expect("copied");
    assert!(copied.starts_with(&version), "{copied}");
    assert!(copied.contains("工作区：") && copied.contains("dispatch-desk.log"));
    h.get_by_label("关闭").click();
    h.run_steps(2);
    assert!(!shows(&h, "复制诊断信息"));
}

#[test]
fn the_key_villages_view_lists_the_sample_roster_and_sorts() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    h.get_by_label("重点村").click();
    wait_for(
        &mut h,
        "2024年10月重点村名单：36个重点村，衔接资金计划1800万元，已拨付1384万元；序时进度83.3%",
    );
    // In the roster's order the first village is 东山街道's; by 已拨付, the least paid first.
    let first_village = |h: &App| {
        seen(h)
            .into_iter()
            .find(|l| l.ends_with('村') && l.chars().count() == 3 && l != "重点村")
            .unwrap_or_default()
    };
    assert_eq!(first_village(&h), "石潭村");
    h.get_by_label("已拨付（万元）").click();
    h.run_steps(2);
    assert!(shows(&h, "已拨付（万元） ▲"), "{:?}", seen(&h));
    // 山枣镇's 大坪村 got 3万元 (its township's 45万元 went to 花桥村 first): the least paid.
    assert_eq!(first_village(&h), "大坪村");
}
