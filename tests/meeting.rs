//! The meeting, headless (egui_kittest, no GPU): 演示模式 driven by the keys a presenter uses
//! (clicker keys, Home/End, number + Enter, the slide index G, the black screen B), the 点评
//! slides in their order, `--present [--month]` from the command line, every slide's text
//! readable from the back of the room at 1366×768 and 1920×1080, and the 督办 view.

use std::path::Path;

use clap::Parser;
use dd_app::ui::{DispatchApp, Launch, Prefs};
use dd_core::model::YearMonth;
use dispatch_desk::cli::Cli;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod kit;
use kit::*;

fn app(dir: &Path, size: [f32; 2], launch: Option<Launch>) -> App {
    let dir = dir.to_path_buf();
    Harness::builder().with_size(size).build_eframe(move |cc| {
        let mut app = DispatchApp::new(&cc.egui_ctx, Prefs::default(), dir);
        if let Some(l) = launch {
            app.launch(l);
        }
        app
    })
}

/// The slide on the screen: its title line "湘乡市2024年10月　…".
fn slide(h: &App) -> String {
    seen(h)
        .into_iter()
        .find_map(|l| l.strip_prefix("湘乡市2024年10月　").map(str::to_string))
        .unwrap_or_default()
}

fn press(h: &mut App, key: egui::Key) {
    h.key_press(key);
    h.run_steps(2);
}

fn presenting(dir: &Path, size: [f32; 2]) -> App {
    let mut h = app(dir, size, None);
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "湘乡市2024年10月　总体情况");
    h
}

#[test]
fn clicker_keys_home_end_and_a_number_move_through_the_slides() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = presenting(dir.path(), [1366.0, 768.0]);
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(slide(&h), "乡镇（街道）进度排名");
    press(&mut h, egui::Key::PageDown);
    assert_eq!(slide(&h), "“五大责任”落实情况");
    press(&mut h, egui::Key::Space);
    assert_eq!(slide(&h), "主要指标趋势");
    press(&mut h, egui::Key::PageUp);
    assert_eq!(slide(&h), "“五大责任”落实情况");
    press(&mut h, egui::Key::End);
    assert_eq!(slide(&h), "点评：翻江镇");
    press(&mut h, egui::Key::Home);
    assert_eq!(slide(&h), "总体情况");
    // 6 then Enter: the sixth slide.
    press(&mut h, egui::Key::Num6);
    assert!(shows(&h, "转到第6页"));
    press(&mut h, egui::Key::Enter);
    assert_eq!(slide(&h), "上月通报问题整改情况");
    press(&mut h, egui::Key::Escape);
    wait_for(&mut h, "乡镇进展");
    assert!(slide(&h).is_empty(), "left 演示模式");
}

#[test]
fn the_ranking_slide_labels_each_bar_and_starts_its_axis_below_the_lowest_score() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = presenting(dir.path(), [1366.0, 768.0]);
    press(&mut h, egui::Key::ArrowRight);
    // Rank, township, score, light and the change of rank on every bar.
    assert!(shows(&h, "第1名 泉塘镇 99.8分 绿灯 持平"), "{:?}", seen(&h));
    assert!(shows(&h, "第22名 金石镇 83.4分 黄灯 ↓4名"));
    // Scores run from 83.4 to 99.8: the axis starts at 80 and says so.
    assert!(shows(&h, "得分，从80分起"));
    press(&mut h, egui::Key::ArrowRight);
    // The 五大责任 grid counts each responsibility.
    assert!(
        shows(&h, "市级领导联点：已落实7个，部分落实12个，未落实0个"),
        "{:?}",
        seen(&h)
    );
}

#[test]
fn review_slides_come_worst_first_with_last_months_open_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = presenting(dir.path(), [1920.0, 1080.0]);
    // The template's review_last = 3 and no red light: the last three by rank, worst first.
    press(&mut h, egui::Key::Num7);
    press(&mut h, egui::Key::Enter);
    assert_eq!(slide(&h), "点评：金石镇");
    assert!(shows(&h, "第22名"));
    assert!(shows(&h, "较上月下降4名"));
    assert!(
        shows(&h, "差38.3个百分点"),
        "衔接资金拨付率 45% against 83.3%"
    );
    assert!(shows(&h, "上月通报问题仍未整改"));
    assert!(
        shows(&h, "帮扶干部走访率80.8%（目标100%）"),
        "{:?}",
        seen(&h)
    );
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(slide(&h), "点评：山枣镇");
    assert!(shows(&h, "第21名"));
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(slide(&h), "点评：翻江镇");
    assert!(shows(&h, "第20名"));
    // The last slide stays the last.
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(slide(&h), "点评：翻江镇");
}

#[test]
fn the_slide_index_and_the_black_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = presenting(dir.path(), [1366.0, 768.0]);
    // G opens the index of every slide; a click goes there.
    press(&mut h, egui::Key::G);
    assert!(shows(&h, "目录"));
    assert!(shows(&h, "9　点评：翻江镇"), "{:?}", seen(&h));
    h.get_by_label("4　主要指标趋势").click();
    h.run_steps(2);
    assert_eq!(slide(&h), "主要指标趋势");
    assert!(!shows(&h, "9　点评：翻江镇"), "the index closed");
    // In the index, arrows and Enter.
    press(&mut h, egui::Key::G);
    press(&mut h, egui::Key::ArrowDown);
    press(&mut h, egui::Key::Enter);
    assert_eq!(slide(&h), "需要加快进度的指标");
    // B blacks the screen out; any key brings the same slide back.
    press(&mut h, egui::Key::B);
    assert_eq!(slide(&h), "", "nothing of the slide on a black screen");
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(slide(&h), "需要加快进度的指标");
    press(&mut h, egui::Key::Period);
    assert_eq!(slide(&h), "");
    press(&mut h, egui::Key::B);
    assert_eq!(slide(&h), "需要加快进度的指标");
}

#[test]
fn the_controls_show_only_after_the_mouse_moves() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = presenting(dir.path(), [1366.0, 768.0]);
    assert!(!shows(&h, "退出演示"), "hidden while the mouse rests");
    h.hover_at(egui::pos2(700.0, 500.0));
    h.run_steps(2);
    assert!(shows(&h, "退出演示"));
    assert!(shows(&h, "第1/9页"));
    // 2.5 s after the mouse stopped (a step is 0.25 s here) they are gone again.
    h.run_steps(14);
    assert!(!shows(&h, "退出演示"));
    // They work: the next slide, then leave.
    h.hover_at(egui::pos2(700.0, 400.0));
    h.run_steps(2);
    h.get_by_label("下一页 ▶").click();
    h.run_steps(2);
    assert_eq!(slide(&h), "乡镇（街道）进度排名");
    h.get_by_label("退出演示").click();
    wait_for(&mut h, "乡镇进展");
}

/// Every text a slide draws: (text, size, its rectangle, the rectangle it is clipped to).
fn texts(h: &App) -> Vec<(String, f32, egui::Rect, egui::Rect)> {
    fn walk(
        shape: &egui::Shape,
        clip: egui::Rect,
        out: &mut Vec<(String, f32, egui::Rect, egui::Rect)>,
    ) {
        match shape {
            egui::Shape::Text(t) if !t.galley.text().trim().is_empty() => {
                let size = t
                    .galley
                    .job
                    .sections
                    .iter()
                    .map(|s| s.format.font_id.size)
                    .fold(f32::INFINITY, f32::min);
                let rect = t.galley.rect.translate(t.pos.to_vec2());
                out.push((t.galley.text().to_string(), size, rect, clip));
            }
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in &h.output().shapes {
        walk(&c.shape, c.clip_rect, &mut out);
    }
    out
}

/// On every slide, at both screen sizes: no text under 3 % of the screen height, titles
/// larger, and no text cut off by the screen's edge or its box.
#[test]
fn every_slide_is_readable_from_the_back_of_the_room() {
    let dir = tempfile::tempdir().unwrap();
    for size in [[1366.0, 768.0], [1920.0, 1080.0]] {
        let mut h = presenting(dir.path(), size);
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size.into());
        let least = size[1] * 0.03;
        for n in 1..=9 {
            let title = slide(&h);
            assert!(!title.is_empty(), "slide {n} at {size:?}");
            let all = texts(&h);
            assert!(all.len() > 5, "slide {n} “{title}” draws its text");
            for (text, px, rect, clip) in &all {
                assert!(
                    *px >= least,
                    "{size:?} “{title}”: “{text}” at {px:.1} < {least:.1}"
                );
                let inside = |r: &egui::Rect| r.expand(1.5).contains_rect(*rect);
                assert!(
                    inside(&screen) && inside(clip),
                    "{size:?} “{title}”: “{text}” cut off: {rect:?} in {clip:?}"
                );
            }
            let heading = all
                .iter()
                .find(|(t, ..)| t.ends_with(&title))
                .map(|(_, px, ..)| *px)
                .unwrap_or_default();
            assert!(heading >= size[1] * 0.05, "{title}: title at {heading}");
            press(&mut h, egui::Key::ArrowRight);
        }
    }
}

#[test]
fn present_on_the_command_line_opens_the_month_asked_full_screen() {
    let cli = Cli::try_parse_from(["dispatch-desk", "--present", "--month", "2024-09"]).unwrap();
    let september = YearMonth::new(2024, 9).unwrap();
    assert_eq!(cli.launch(), Launch::Present(Some(september)));
    // --month belongs with --present; files and --present do not go together.
    assert!(Cli::try_parse_from(["dispatch-desk", "--month", "2024-09"]).is_err());
    assert!(Cli::try_parse_from(["dispatch-desk", "--present", "a.xlsx"]).is_err());
    // Subcommands keep their own --month.
    assert!(Cli::try_parse_from(["dispatch-desk", "undo", "--month", "2024-09"]).is_ok());

    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), [1366.0, 768.0], Some(cli.launch()));
    wait_for(&mut h, "湘乡市2024年9月　总体情况");
    assert!(!shows(&h, "退出演示"), "straight to the slide, no controls");
    h.key_press(egui::Key::Escape);
    wait_for(&mut h, "湘乡市2024年9月总体情况");
}

#[test]
fn present_without_a_month_shows_the_newest_and_a_missing_month_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::try_parse_from(["dispatch-desk", "--present"]).unwrap();
    let mut h = app(dir.path(), [1366.0, 768.0], Some(cli.launch()));
    wait_for(&mut h, "湘乡市2024年10月　总体情况");
    drop(h);
    let november = YearMonth::new(2024, 11).unwrap();
    let mut h = app(
        dir.path(),
        [1366.0, 768.0],
        Some(Launch::Present(Some(november))),
    );
    wait_for(&mut h, "工作区里没有2024年11月的数据，无法演示");
    assert!(shows(&h, "乡镇进展"), "the window as usual");
}

#[test]
fn followups_are_closed_by_hand_with_a_note_and_opened_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), [1600.0, 1000.0], None);
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    // The first-run offer answered, as a clerk trying the samples would.
    h.get_by_label("看示例数据").click();
    h.run_steps(2);
    h.get_by_label("督办").click();
    wait_for(
        &mut h,
        "上月（2024年9月）通报的问题56项：已整改7项，有改善41项，未整改8项，已销号0项",
    );
    assert!(shows(&h, "已销号（0）"));
    h.get_all_by_label("销号…").next().unwrap().click();
    h.run_steps(2);
    let note = h.get_by_role(egui::accesskit::Role::TextInput);
    note.click();
    note.type_text("已现场核实，台账补报");
    h.run_steps(2);
    h.get_by_label("确定销号").click();
    wait_for(&mut h, "已销号（1）");
    // The closed ones, by the state filter: the note is kept with the item and its time.
    h.get_by_label("已销号（1）").click();
    h.run_steps(2);
    assert!(shows(&h, "已现场核实，台账补报"), "{:?}", seen(&h));
    h.get_by_label("重新打开").click();
    wait_for(&mut h, "已销号（0）");
    assert!(!shows(&h, "已现场核实，台账补报"));
    // The township detail lists its items.
    h.get_by_label("乡镇进展").click();
    wait_for(&mut h, "排名与亮灯");
    h.get_by_label("金石镇").click();
    wait_for(&mut h, "督办事项");
    assert!(shows(&h, "帮扶干部走访率80.8%（目标100%）"));
}

/// The 通报 view: the month's problems with the worst ticked, the composed text with a
/// 修改 on each paragraph; unticking a problem takes it out of the count and the 整改台账.
#[test]
fn the_brief_view_lists_the_problems_and_a_tick_changes_what_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), [1366.0, 768.0], None);
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    h.get_by_label("看示例数据").click();
    h.run_steps(2);
    h.get_by_label("通报").click();
    wait_for(
        &mut h,
        "通报问题：本月发现133项，勾选52项写入通报和整改台账",
    );
    assert!(shows(&h, "（一）防返贫监测帮扶"), "{:?}", seen(&h));
    assert!(h.get_all_by_label("修改").count() > 10);
    // The first problem (ticked by default) unticked.
    h.get_all_by_role(egui::accesskit::Role::CheckBox)
        .next()
        .unwrap()
        .click();
    wait_for(&mut h, "勾选51项");
}

/// `[ranking] rank = false, lights = false` (不排名、不亮灯): the 乡镇进展 view, the slides,
/// the brief and its workbook show scores, and no rank, light or 排名 sentence anywhere.
#[test]
fn a_county_that_does_not_rank_sees_no_rank_or_light_in_views_slides_or_brief() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let template = dir.path().join("不排名.toml");
    let mut text = dd_core::template::DEFAULT_TEMPLATE.to_string();
    text.push_str("\n[ranking]\nrank = false\nlights = false\n");
    std::fs::write(&template, text).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let september = root.join("assets/samples/示例月调度表2024年9月.xlsx");
    let brief = dir.path().join("通报.docx");
    let summary = dir.path().join("汇总.xlsx");
    let cli = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dispatch-desk"))
            .arg("--workspace")
            .arg(&ws)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    cli(&["template".as_ref(), "import".as_ref(), template.as_os_str()]);
    cli(&[
        "import".as_ref(),
        september.as_os_str(),
        "--month".as_ref(),
        "2024-09".as_ref(),
    ]);
    let october = fixture("湘乡市月调度表2024年10月.xlsx");
    cli(&[
        "import".as_ref(),
        october.as_os_str(),
        "--month".as_ref(),
        "2024-10".as_ref(),
    ]);

    let mut h = app(&ws, [1366.0, 768.0], None);
    wait_for(&mut h, "湘乡市2024年10月总体情况");
    h.get_by_label("乡镇进展").click();
    wait_for(&mut h, "各乡镇（街道）得分");
    for hidden in ["排名与亮灯", "名次", "名次变化", "亮灯"] {
        assert!(
            !seen(&h).iter().any(|l| l == hidden),
            "{hidden} shown: {:?}",
            seen(&h)
        );
    }
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "湘乡市2024年10月　总体情况");
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(slide(&h), "乡镇（街道）进度得分");
    assert!(shows(&h, "泉塘镇 99.8分"), "{:?}", seen(&h));
    assert!(
        !seen(&h)
            .iter()
            .any(|l| l.contains("第1名") || l.contains("绿灯") || l.contains("↓")),
        "{:?}",
        seen(&h)
    );
    // No red light, no rank: no 点评 slides at the end.
    press(&mut h, egui::Key::End);
    assert!(!slide(&h).starts_with("点评"), "{}", slide(&h));
    drop(h);

    for out in [&brief, &summary] {
        cli(&[
            "brief".as_ref(),
            "--month".as_ref(),
            "2024-10".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
    }
    let read = |path: &Path, part: &str| {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut s).unwrap();
        s
    };
    let doc = read(&brief, "word/document.xml");
    assert!(
        doc.contains("各乡镇（街道）完成情况如下表"),
        "the unranked intro"
    );
    assert!(doc.contains("进度得分"));
    for word in [
        "排名前三",
        "排名后三",
        "亮绿灯",
        "排名末位",
        "进步较大",
        ">排名<",
        ">上月排名<",
        ">亮灯<",
        "进度得分排名",
    ] {
        assert!(!doc.contains(word), "{word} in the brief");
    }
    let strings = read(&summary, "xl/sharedStrings.xml");
    assert!(strings.contains("进度得分"));
    for word in [">排名<", ">亮灯<", "绿灯"] {
        assert!(!strings.contains(word), "{word} in the workbook");
    }
}
