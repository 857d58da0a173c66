//! The office's side of the app, driven by label as a clerk would (egui_kittest, no GPU):
//! the 报送 view of a month still being collected, and 县市设置 — a county set up from
//! scratch with its townships from a dropped sheet, an invalid rule refused next to its
//! field, a weight that changes the ranking, and a template carried to another workspace.

use std::path::{Path, PathBuf};
use std::sync::Once;

use dd_core::model::TableCell;
use dd_core::template::Template;
use dd_import::import_paths;
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};

mod kit;
use kit::*;

/// The folder the in-app file chooser opens in (the same for every test of this binary).
fn home() -> PathBuf {
    std::env::temp_dir().join(format!("dispatch-desk-office-{}", std::process::id()))
}

/// The in-app chooser (no system dialog under test), opening in `home()`.
fn setup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::fs::create_dir_all(home()).unwrap();
        // SAFETY: set once, with the same values for every test, before any window starts.
        unsafe {
            std::env::set_var("DISPATCH_DESK_DIALOG", "builtin");
            std::env::set_var("HOME", home());
        }
    });
}

fn app(dir: &Path) -> App {
    setup();
    harness(dir, [1500.0, 1000.0])
}

/// Types into the field a label names (replacing what it held).
fn type_into(h: &mut App, label: &str, text: &str) {
    h.get_by_label(label).set_text_value_accesskit(text);
    h.run_steps(2);
}

fn click(h: &mut App, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
}

fn disabled(h: &App, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

/// The townships as the 乡镇进展 table lists them, top to bottom.
fn ranking(h: &App, towns: &[String]) -> Vec<String> {
    let mut at: Vec<(f32, String)> = towns
        .iter()
        .filter_map(|t| {
            let y = h
                .query_all_by_label(t)
                .map(|n| n.rect().min.y)
                .reduce(f32::min)?;
            Some((y, t.clone()))
        })
        .collect();
    at.sort_by(|a, b| a.0.total_cmp(&b.0));
    at.into_iter().map(|(_, t)| t).collect()
}

const XIANGTAN: [&str; 17] = [
    "易俗河镇",
    "天易街道",
    "河口镇",
    "花石镇",
    "青山桥镇",
    "射埠镇",
    "茶恩寺镇",
    "白石镇",
    "中路铺镇",
    "杨嘉桥镇",
    "乌石镇",
    "石鼓镇",
    "云湖桥镇",
    "石潭镇",
    "锦石乡",
    "排头乡",
    "分水乡",
];

/// 湘潭县's county sheet: a title, a 填报单位 line, its own 17 townships with the sample
/// month's figures, a 合计 row and a signature line.
fn xiangtan_sheet(dir: &Path) -> PathBuf {
    let t = Template::bundled();
    let sample = import_paths(
        &[fixture("湘乡市月调度表2024年10月.xlsx")],
        &Template::bundled(),
    )
    .table;
    let columns = sample.columns();
    let mut lines = vec![
        "湘潭县巩固拓展脱贫攻坚成果月调度表（2024年10月）".to_string(),
        "填报单位：湘潭县乡村振兴局".to_string(),
    ];
    let mut header = vec!["序号".to_string(), "乡镇（街道）".to_string()];
    header.extend(columns.iter().map(|c| t.indicator(c).unwrap().label()));
    lines.push(header.join(","));
    for (i, ((_, cells), town)) in sample.rows().into_iter().zip(XIANGTAN).enumerate() {
        let mut row = vec![(i + 1).to_string(), town.to_string()];
        row.extend(cells.iter().map(|c| match c {
            TableCell::Value(Some(v)) => v.to_string(),
            _ => String::new(),
        }));
        lines.push(row.join(","));
    }
    lines.push("填表人：李四,联系电话：0731-5555555".into());
    let path = dir.join("湘潭县月调度表2024年10月.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[test]
fn the_reporting_view_lists_who_reported_who_is_late_and_who_was_sent_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(&dir.path().join("ws"));
    wait_for(&mut h, "示例数据");
    click(&mut h, "看示例数据");
    click(&mut h, "删除示例数据");
    wait_for(&mut h, "还没有数据");
    // Three townships' files, and 壶天镇's sent back (a figure that is not a number).
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut dropped = Vec::new();
    for town in ["东山街道", "毛田镇", "育塅乡"] {
        let name = format!("{town}_2024年10月.xlsx");
        let to = files.join(&name);
        std::fs::copy(fixture(&format!("乡镇报送_202410/{name}")), &to).unwrap();
        dropped.push(to);
    }
    let bad = files.join("壶天镇_2024年10月.xlsx");
    std::fs::copy(fixture("bad_非数字_2024年10月.xlsx"), &bad).unwrap();
    dropped.push(bad);
    drop_files(&mut h, &dropped);
    wait_for(&mut h, "导入审核");
    assert!(shows(&h, "拒收：") && shows(&h, "壶天镇_2024年10月.xlsx"));
    click(&mut h, "导入");
    wait_for(&mut h, "已导入2024年10月");

    // 总览 says who has reported and what the county figures cover.
    wait_for(&mut h, "已报 3/22 · 逾期未报：望春门街道");
    assert!(shows(&h, "全市合计、排名只含已报的3个乡镇（街道）"));

    // 报送: the states, those owing first, with time, file and why sent back.
    click(&mut h, "报送");
    wait_for(&mut h, "2024年10月报送情况");
    assert!(shows(&h, "已报 3"));
    assert!(shows(&h, "逾期 18"));
    assert!(shows(&h, "退回 1"));
    let rows = ranking(&h, &["壶天镇", "东山街道", "望春门街道"].map(String::from));
    assert_eq!(
        rows,
        ["望春门街道", "壶天镇", "东山街道"],
        "late, sent back, reported"
    );
    assert!(shows(&h, "退回原因："));
    assert!(shows(&h, "待核实"), "the reason names the bad cell");
    assert!(shows(&h, "东山街道_2024年10月.xlsx"));
    assert!(shows(&h, "截止2024年10月25日未报"));

    // One click copies the 催报 notice naming those who owe.
    h.get_by_label("复制催报通知").click();
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
    assert!(copied.starts_with("催报通知：湘乡市2024年10月"), "{copied}");
    assert!(copied.contains("望春门街道") && copied.contains("壶天镇（退回原因："));
    assert!(!copied.contains("毛田镇"), "{copied}");
    wait_for(&mut h, "已复制催报通知");

    // Exporting the brief of this month asks first.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    wait_for(&mut h, "本月还有乡镇（街道）未报送");
    assert!(shows(&h, "还有19个乡镇（街道）没有报送"));
    click(&mut h, "取消");
    assert!(!shows(&h, "本月还有乡镇（街道）未报送"));
}

#[test]
fn a_county_is_set_up_from_scratch_with_its_townships_from_a_dropped_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let sheet = xiangtan_sheet(dir.path());
    let mut h = app(&ws);
    // First run: the sample, and the offer to set up the county beside it.
    wait_for(&mut h, "欢迎使用月调度");
    click(&mut h, "设置本县市…");
    wait_for(&mut h, "县市设置 · 湘乡市");
    assert!(shows(&h, "第1版，随软件附带的示例模板"));
    type_into(&mut h, "县市名称", "湘潭县");
    click(&mut h, "县");
    wait_for(&mut h, "通报中称“全县”“县领导小组”");

    // The townships from one of the county's own sheets, shown for review first.
    click(&mut h, "乡镇（街道）");
    drop_files(&mut h, std::slice::from_ref(&sheet));
    wait_for(&mut h, "识别到17个乡镇（街道）");
    assert!(shows(&h, "B列（表头“乡镇（街道）”在B3） B4:B20"));
    assert!(
        shows(&h, "共22个乡镇（街道）"),
        "nothing changes before review"
    );
    click(&mut h, "用这些替换乡镇列表");
    wait_for(&mut h, "共17个乡镇（街道）");
    assert_eq!(
        h.get_by_label("第17个乡镇名称").value().as_deref(),
        Some("分水乡")
    );
    wait_for(&mut h, "检查通过，尚未保存");
    click(&mut h, "保存为新版本");
    wait_for(&mut h, "已保存模板：湘潭县（第2版");
    wait_for(&mut h, "县市设置 · 湘潭县");

    let stored = dd_office::open_workspace(&ws).unwrap().template().unwrap();
    assert_eq!(stored.version, 2);
    assert!(!stored.sample);
    let t = stored.template;
    assert_eq!((t.county.as_str(), t.level.as_str()), ("湘潭县", "县"));
    assert_eq!(t.group(), "县领导小组");
    let names: Vec<&str> = t.townships.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, XIANGTAN);
    assert_eq!(t.townships[1].kind, "街道");
    assert_eq!(t.townships[16].kind, "乡");
    assert_eq!(t.responsibilities[0].name, "县级领导联点");

    // Back in the window: the samples go, the county's sheet imports under its template.
    click(&mut h, "返回");
    click(&mut h, "删除示例数据");
    wait_for(&mut h, "还没有数据");
    drop_files(&mut h, &[sheet]);
    wait_for(&mut h, "导入审核");
    assert!(shows(&h, "17个乡镇"));
    click(&mut h, "导入");
    wait_for(&mut h, "湘潭县2024年10月总体情况");
    assert!(shows(&h, "已报 17/17"));
    let sample = import_paths(
        &[fixture("湘乡市月调度表2024年10月.xlsx")],
        &Template::bundled(),
    )
    .table;
    let k = sample
        .columns()
        .iter()
        .position(|c| c == "monitor_households")
        .unwrap();
    let households: f64 = sample
        .rows()
        .into_iter()
        .take(17)
        .filter_map(|(_, cells)| match cells.get(k) {
            Some(TableCell::Value(Some(v))) => Some(*v),
            _ => None,
        })
        .sum();
    wait_for(&mut h, &format!("{households}户"));
}

#[test]
fn an_invalid_rule_is_refused_next_to_its_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let mut h = app(&ws);
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    click(&mut h, "县市设置");
    wait_for(&mut h, "县市设置 · 湘乡市");

    click(&mut h, "审核公式");
    type_into(&mut h, "第7条审核公式", "fund_paid <= fund_plan");
    wait_for(&mut h, "“fund_plan”不是启用的指标 id");
    let message = h.get_by_label_contains("“fund_plan”不是启用的指标 id");
    let field = h.get_by_label("第7条审核公式");
    assert!(
        (message.rect().min.y - field.rect().max.y).abs() < 12.0,
        "the message stands under its field"
    );
    assert!(shows(
        &h,
        "有1处需要修改（见审核公式中红字），改好之前不能保存"
    ));
    assert!(disabled(&h, "保存为新版本"));
    type_into(&mut h, "第7条审核公式", "fund_paid <= fund_planned +");
    wait_for(&mut h, "公式写法有误");

    // A 五大责任 rule whose 部分落实 is above its 已落实.
    click(&mut h, "五大责任");
    type_into(&mut h, "第4项责任部分落实标准", "98");
    wait_for(&mut h, "部分落实的标准（98）不能高于已落实的标准（95）");
    assert!(shows(&h, "有2处需要修改"));

    // Put right, it passes; leaving discards nothing stored.
    type_into(&mut h, "第4项责任部分落实标准", "85");
    click(&mut h, "审核公式");
    type_into(&mut h, "第7条审核公式", "fund_paid <= fund_planned");
    wait_for(&mut h, "与工作区中的模板相同");
    assert!(disabled(&h, "保存为新版本"));
    assert_eq!(
        dd_office::open_workspace(&ws)
            .unwrap()
            .template()
            .unwrap()
            .version,
        1
    );
}

#[test]
fn a_weight_edited_in_the_settings_changes_the_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let mut h = app(&ws);
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    click(&mut h, "看示例数据");
    let towns: Vec<String> = Template::bundled()
        .townships
        .iter()
        .map(|t| t.name.clone())
        .collect();
    click(&mut h, "乡镇进展");
    wait_for(&mut h, "排名与亮灯");
    let before = ranking(&h, &towns);
    assert_eq!(before.len(), 22);

    // Only 衔接资金拨付率 counts now.
    click(&mut h, "县市设置");
    click(&mut h, "进度得分与亮灯");
    for m in [
        "结对帮扶覆盖率",
        "风险消除率",
        "教育资助发放率",
        "医保参保率",
        "重点帮扶资金发放率",
        "稳定就业完成率",
        "督查问题整改率",
        "帮扶干部走访率",
    ] {
        type_into(&mut h, &format!("权重 {m}"), "0");
    }
    wait_for(&mut h, "权重合计 20");
    type_into(&mut h, "权重 衔接资金拨付率", "-1");
    wait_for(&mut h, "权重不能为负");
    type_into(&mut h, "权重 衔接资金拨付率", "100");
    wait_for(&mut h, "检查通过，尚未保存");
    click(&mut h, "保存为新版本");
    wait_for(&mut h, "已保存模板：湘乡市（第2版");

    // 重新审核本月 shows what the new weights change.
    click(&mut h, "重新审核本月");
    wait_for(&mut h, "得分、名次或亮灯有变化的乡镇（街道）");
    assert!(shows(&h, "导入时用模板第1版，现在用第2版"));
    // The dialog settles at its size over a few frames before a click lands on it.
    h.run_steps(4);
    click(&mut h, "关闭");
    gone(&mut h, "得分、名次或亮灯有变化的乡镇（街道）");
    click(&mut h, "返回");
    wait_for(&mut h, "乡镇进展");
    click(&mut h, "乡镇进展");
    wait_for(&mut h, "排名与亮灯");
    let after = ranking(&h, &towns);
    assert_eq!(after.len(), 22);
    // Now the table follows 衔接资金拨付率 alone (completion capped at 序时进度, 10/12):
    // best first, those with no 衔接资金 (no score) last.
    let month = dd_office::open_workspace(&ws)
        .unwrap()
        .load("2024-10".parse().unwrap(), &Template::bundled())
        .unwrap();
    let completion: Vec<f64> = after
        .iter()
        .map(|t| {
            let rate =
                month.value(t, "fund_paid").unwrap() / month.value(t, "fund_planned").unwrap();
            // (f64::min would turn a NaN into 1.)
            if rate.is_nan() {
                rate
            } else {
                (rate / (10.0 / 12.0)).min(1.0)
            }
        })
        .collect();
    let scored = completion.iter().take_while(|c| c.is_finite()).count();
    assert_eq!(scored, 19, "{after:?}");
    assert!(completion[scored..].iter().all(|c| c.is_nan()));
    assert!(
        completion[..scored].windows(2).all(|w| w[0] >= w[1]),
        "{after:?} {completion:?}"
    );
    assert!(
        !before.iter().zip(&after).take(scored).all(|(b, a)| b == a),
        "the order changed"
    );
}

#[test]
fn a_template_exported_from_one_workspace_imports_the_same_into_another() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let mut h = app(&a);
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    click(&mut h, "县市设置");
    type_into(&mut h, "县市名称", "韶山市");
    click(&mut h, "乡镇（街道）");
    type_into(&mut h, "第8个乡镇别名", "虞塘镇、虞塘、虞唐");
    click(&mut h, "保存为新版本");
    wait_for(&mut h, "已保存模板：韶山市");
    click(&mut h, "导出模板…");
    wait_for(&mut h, "文件名：");
    h.run_steps(2);
    click(&mut h, "保存");
    wait_for(&mut h, "已导出模板");
    let file = home().join("韶山市月调度模板.toml");
    assert!(std::fs::read_to_string(&file).unwrap().contains("韶山市"));

    // Another workspace (another county's office) takes it: 工作区 → 导入模板….
    let mut other = app(&b);
    wait_for(&mut other, "湘乡市2024年10月总体情况");
    click(&mut other, "工作区");
    click(&mut other, "导入模板…");
    wait_for(&mut other, "选择要导入的模板");
    click(&mut other, "韶山市月调度模板.toml");
    click(&mut other, "打开");
    wait_for(&mut other, "已保存模板：韶山市（第2版");

    let mine = dd_office::open_workspace(&a).unwrap().template().unwrap();
    let theirs = dd_office::open_workspace(&b).unwrap().template().unwrap();
    assert_eq!(theirs.text, mine.text);
    assert_eq!(
        theirs.template.townships[7].aliases,
        ["虞塘镇", "虞塘", "虞唐"]
    );
    std::fs::remove_file(file).unwrap();
}

#[test]
fn indicators_are_proposed_from_a_dropped_blank_form_and_saved_after_review() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let form = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/real/规划到户工作统计表_空表.xls"
    ));
    let mut h = app(&ws);
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    click(&mut h, "县市设置");
    wait_for(&mut h, "县市设置 · 湘乡市");
    click(&mut h, "指标");
    wait_for(&mut h, "从表格识别指标…");
    let before = Template::bundled().indicators.len();
    drop_files(&mut h, std::slice::from_ref(&form));
    wait_for(&mut h, "从表格识别到57列指标（已选57列）");
    assert!(shows(&h, "有劳动能力/低保对象(户)"));
    assert!(shows(&h, "无劳动能力/低保对象(人)"));
    assert!(
        shows(&h, &format!("已启用{before}个指标")),
        "nothing changes before review"
    );
    // One column left out, one renamed.
    click(&mut h, "加入1!C列");
    type_into(&mut h, "识别的指标名称 1!D列", "贫困人口");
    click(&mut h, "加入选中的指标");
    wait_for(&mut h, &format!("已启用{}个指标", before + 56));
    wait_for(&mut h, "检查通过，尚未保存");
    click(&mut h, "保存为新版本");
    wait_for(&mut h, "已保存模板：湘乡市（第2版");
    let t = dd_office::open_workspace(&ws)
        .unwrap()
        .template()
        .unwrap()
        .template;
    let poor = t.indicators.iter().find(|i| i.name == "贫困人口").unwrap();
    assert_eq!(poor.aliases, ["贫困户基本情况/贫困户人数(人)"]);
    assert!(!t.indicators.iter().any(|i| i.name == "贫困户户数"));
    assert!(t.indicators.iter().any(|i| {
        i.aliases
            .iter()
            .any(|a| a == "贫困户基本情况/无劳动能力/低保对象(人)")
    }));
}

/// One township's row of the sample month as its own CSV, 车间吸纳就业人数 set to `jobs`.
fn township_csv(dir: &Path, town: &str, jobs: f64, name: &str) -> PathBuf {
    let t = Template::bundled();
    let sample = import_paths(&[fixture("湘乡市月调度表2024年10月.xlsx")], &t).table;
    let columns = sample.columns();
    let (_, cells) = sample.rows().into_iter().find(|(n, _)| n == town).unwrap();
    let mut header = vec!["乡镇（街道）".to_string()];
    let mut row = vec![town.to_string()];
    for (id, cell) in columns.iter().zip(cells) {
        if let TableCell::Value(Some(v)) = cell {
            header.push(t.indicator(id).unwrap().label());
            let v = if id == "workshop_jobs" { jobs } else { v };
            row.push(v.to_string());
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, format!("{}\n{}\n", header.join(","), row.join(","))).unwrap();
    path
}

fn cli_import(ws: &Path, args: &[&str], file: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .arg("--workspace")
        .arg(ws)
        .args(["import", "--month", "2024-10"])
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_window_shows_what_another_process_imported_and_rechecks_a_pending_replace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let mut h = without_samples(app(&ws));
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();

    // The window imports one township; a command imports another while the window is open.
    let dongshan = township_csv(&files, "东山街道", 100.0, "东山街道_2024年10月.csv");
    drop_files(&mut h, &[dongshan]);
    wait_for(&mut h, "导入审核");
    click(&mut h, "导入");
    wait_for(&mut h, "已报 1/22");
    // The clerk is typing 下步工作要求 (not saved yet) when the other process imports.
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .set_text_value_accesskit("各乡镇月底前补齐台账");
    h.run_steps(2);
    let before = h
        .get_by_role(egui::accesskit::Role::MultilineTextInput)
        .accesskit_node()
        .value();
    assert_eq!(before.as_deref(), Some("各乡镇月底前补齐台账"));
    let maotian = township_csv(&files, "毛田镇", 1361.0, "毛田镇_2024年10月.csv");
    cli_import(&ws, &[], &maotian);
    wait_for(
        &mut h,
        "工作区已被另一个窗口或程序更新，已重新载入2024年10月",
    );
    wait_for(&mut h, "已报 2/22");
    let typed = h
        .get_by_role(egui::accesskit::Role::MultilineTextInput)
        .accesskit_node()
        .value();
    assert_eq!(
        typed.as_deref(),
        Some("各乡镇月底前补齐台账"),
        "the typing survives the reload"
    );

    // A re-send of 毛田镇 in the window asks to replace 1361 by 1502…
    let resend = township_csv(&files, "毛田镇", 1502.0, "毛田镇_2024年10月_更正.csv");
    drop_files(&mut h, &[resend]);
    wait_for(&mut h, "导入审核");
    click(&mut h, "导入");
    wait_for(&mut h, "替换已导入的数据？");
    assert!(shows(&h, "1361") && shows(&h, "1502"));
    // …but before the clerk answers, another process stores 1403 for 毛田镇.
    let other = township_csv(&files, "毛田镇", 1403.0, "毛田镇_2024年10月_再报.csv");
    cli_import(&ws, &["--replace"], &other);
    click(&mut h, "替换");
    // Replacing is asked again, now against the 1403 stored meanwhile.
    wait_for(
        &mut h,
        "本月数据刚被另一个窗口或程序更新，要替换的数据有变化，请重新确认",
    );
    wait_for(&mut h, "替换已导入的数据？");
    assert!(shows(&h, "1403"), "{:?}", seen(&h));
    assert!(!shows(&h, "1361"), "{:?}", seen(&h));
    click(&mut h, "替换");
    wait_for(&mut h, "已导入2024年10月");
    let t = Template::bundled();
    let w = dd_office::open_workspace(&ws).unwrap();
    let month = w
        .load(dd_core::model::YearMonth::new(2024, 10).unwrap(), &t)
        .unwrap();
    assert_eq!(month.value("毛田镇", "workshop_jobs"), Some(1502.0));
    assert_eq!(month.height(), 2);
}

#[test]
fn a_second_start_on_the_workspace_hands_its_file_to_the_open_window() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let mut h = app(&ws);
    wait_for(&mut h, "示例数据");
    // The window of this test holds the workspace as a started app does.
    let _window = match dd_office::instance::claim(&ws).unwrap() {
        dd_office::instance::Claim::Ours(lock) => lock,
        other => panic!("{other:?}"),
    };
    // 打开方式 → 月调度 on a township's file: the second start hands it over and ends.
    let file = fixture("乡镇报送_202410/毛田镇_2024年10月.xlsx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
        .arg("--workspace")
        .arg(&ws)
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("已交给打开的窗口导入审核"), "{said}");
    wait_for(&mut h, "导入审核");
    wait_for(&mut h, "可导入 1 个文件：1个乡镇（街道）");
}
