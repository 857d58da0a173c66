//! 通报用语: every fixed text of the brief, each with the placeholders it may use listed
//! beside it; the 总体情况 paragraphs sentence by sentence (with their conditions).

use eframe::egui::{self, RichText, Ui};

use super::draft::{Draft, Field, Notes, Part, SentenceRow};
use super::widgets::{edit, message, named};
use dd_core::template::brief::BriefWords;

/// One text of the brief: where it goes, and the names only it is given.
pub struct BriefText {
    pub key: &'static str,
    pub group: &'static str,
    pub label: &'static str,
    /// Names this text is given besides the county-level ones.
    pub names: &'static [&'static str],
    /// Checked by the load: an unknown placeholder refuses the template.
    pub global: bool,
    pub long: bool,
    pub get: fn(&mut BriefWords) -> Option<&mut String>,
}

macro_rules! texts {
    ($( $key:literal, $group:literal, $label:literal, [$($n:literal),*], $global:literal, $long:literal, $($path:ident).+ ;)*) => {
        pub const TEXTS: &[BriefText] = &[$(
            BriefText {
                key: $key,
                group: $group,
                label: $label,
                names: &[$($n),*],
                global: $global,
                long: $long,
                get: |b| Some(&mut b.$($path).+),
            },
        )*];
    };
}

texts! {
    "issuer", "发文与开头", "发文机关", [], true, false, issuer;
    "title", "发文与开头", "标题", [], true, false, title;
    "recipients", "发文与开头", "主送", [], true, false, recipients;
    "opening", "发文与开头", "开头", [], true, true, opening;
    "next_steps", "发文与开头", "下步工作要求（默认文字，一行一段）", [], true, true, next_steps;
    "headings.overall", "一级标题", "一", [], false, false, headings.overall;
    "headings.townships", "一级标题", "二", [], false, false, headings.townships;
    "headings.duties", "一级标题", "三", [], false, false, headings.duties;
    "headings.problems", "一级标题", "四", [], false, false, headings.problems;
    "headings.next_steps", "一级标题", "五", [], false, false, headings.next_steps;
    "townships.intro", "二、各乡镇（街道）工作进展", "开头", ["count"], false, true, townships.intro;
    "townships.lights", "二、各乡镇（街道）工作进展", "亮灯", ["green", "yellow", "red"], false, false, townships.lights;
    "townships.top", "二、各乡镇（街道）工作进展", "前几位", ["list"], false, false, townships.top;
    "townships.bottom", "二、各乡镇（街道）工作进展", "后几位", ["list"], false, false, townships.bottom;
    "townships.rise", "二、各乡镇（街道）工作进展", "进步较大", ["list"], false, false, townships.rise;
    "townships.fall", "二、各乡镇（街道）工作进展", "退步较大", ["list"], false, false, townships.fall;
    "townships.last_twice", "二、各乡镇（街道）工作进展", "连续两月末位", ["list"], false, false, townships.last_twice;
    "townships.schedule", "二、各乡镇（街道）工作进展", "序时进度", ["measure", "above", "below", "list"], false, true, townships.schedule;
    "townships.table", "二、各乡镇（街道）工作进展", "表题", [], false, false, townships.table;
    "duties.intro", "三、“五大责任”落实情况", "开头", [], false, false, duties.intro;
    "duties.count", "三、“五大责任”落实情况", "每项责任", ["duty", "done", "partial", "not_done"], false, false, duties.count;
    "duties.not_done", "三、“五大责任”落实情况", "未落实单位", ["duty", "list"], false, false, duties.not_done;
    "duties.all_done", "三、“五大责任”落实情况", "均已落实", [], false, false, duties.all_done;
    "duties.table", "三、“五大责任”落实情况", "表题", [], false, false, duties.table;
    "problems.laggard", "四、存在问题", "未达目标", ["measure", "target", "count", "list"], false, true, problems.laggard;
    "problems.schedule_laggard", "四、存在问题", "低于序时进度", ["measure", "target", "count", "list"], false, true, problems.schedule_laggard;
    "problems.balance", "四、存在问题", "数据不平衡", ["count", "list"], false, true, problems.balance;
    "problems.duties", "四、存在问题", "责任未落实", ["count", "list"], false, false, problems.duties;
    "problems.missing", "四、存在问题", "未按时报送", ["deadline", "count", "list"], false, true, problems.missing;
    "problems.this_month", "四、存在问题", "本月问题小标题", [], false, false, problems.this_month;
    "problems.followup_heading", "四、存在问题", "上月问题小标题", [], false, false, problems.followup_heading;
    "problems.followup", "四、存在问题", "上月问题整改", ["previous", "count", "fixed", "better", "open", "closed"], false, true, problems.followup;
    "problems.followup_open", "四、存在问题", "未整改的", ["list"], false, false, problems.followup_open;
    "problems.none", "四、存在问题", "没有问题时", [], false, false, problems.none;
    "attachments.ranking", "附件", "排名表", [], true, false, attachments.ranking;
    "attachments.totals", "附件", "汇总表", [], true, false, attachments.totals;
    "attachments.charts", "附件", "图表", [], true, false, attachments.charts;
    "words.up", "用词", "较上月提高", ["x"], false, false, words.up;
    "words.down", "用词", "较上月下降", ["x"], false, false, words.down;
    "words.flat", "用词", "与上月持平", [], false, false, words.flat;
    "words.above_schedule", "用词", "超序时进度", ["x"], false, false, words.above_schedule;
    "words.below_schedule", "用词", "低于序时进度", ["x"], false, false, words.below_schedule;
    "words.at_schedule", "用词", "与序时进度持平", [], false, false, words.at_schedule;
    "words.list_separator", "用词", "名单分隔符", [], false, false, words.list_separator;
    "words.etc", "用词", "名单过长时", [], false, false, words.etc;
}

/// The names a text may use besides the county-level ones and the ids.
pub fn allowed(t: &BriefText) -> &'static [&'static str] {
    t.names
}

/// What a placeholder stands for.
fn meaning(name: &str) -> &'static str {
    match name {
        "county" => "县市名称",
        "county_short" => "全县/全市",
        "level" => "县/市/区",
        "group" => "县/市领导小组",
        "year" => "年",
        "month" => "月",
        "issuer" => "发文机关",
        "schedule" => "序时进度（%）",
        "count" => "个数",
        "list" => "名单",
        "green" => "绿灯个数",
        "yellow" => "黄灯个数",
        "red" => "红灯个数",
        "measure" => "指标名称",
        "above" => "达到序时进度的个数",
        "below" => "低于序时进度的个数",
        "duty" => "责任名称",
        "done" => "已落实个数",
        "partial" => "部分落实个数",
        "not_done" => "未落实个数",
        "target" => "目标（%）",
        "deadline" => "截止日期",
        "previous" => "上月",
        "fixed" => "已整改项数",
        "better" => "有改善项数",
        "open" => "未整改项数",
        "closed" => "已销号说明",
        "x" => "个百分点数",
        _ => "",
    }
}

fn names_text(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("{{{n}}}{}", meaning(n)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What ids give a text, with the county's own ids as the example.
fn id_names(d: &Draft) -> String {
    let [a, _, rate] = d.example_ids();
    format!(
        "指标或进度指标 id 取全县市的数（如 {{{a}}}、{{{rate}}}），\
         加后缀 .change 较上月、.schedule 比序时进度、.previous 上月值、.target 目标、.base 分母"
    )
}

/// What a text may use besides the county-level names, in words, beside it.
fn beside(t: &BriefText) -> String {
    let mut s = names_text(t.names);
    if t.global {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str("＋指标的数");
    }
    s
}

pub fn show(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> bool {
    let mut changed = false;
    ui.label(
        RichText::new(
            "通报中的固定用语。{…} 是占位符，生成通报时换成本月的名称和数字；一句中有取不到的数时整句不写。",
        )
        .weak(),
    );
    ui.label(
        RichText::new(format!(
            "每段文字都可用：{}。",
            names_text(dd_core::template::brief::GLOBAL_NAMES)
        ))
        .weak(),
    );
    ui.label(RichText::new(format!("标“＋指标的数”的还可用：{}。", id_names(d))).weak());
    let mut group = "";
    for t in TEXTS {
        if t.group != group {
            group = t.group;
            ui.add_space(crate::ui::tokens::space::BLOCK);
            ui.strong(group);
            if group == "发文与开头" {
                changed |= signature(ui, d, notes);
            }
        }
        let Some(text) = (t.get)(&mut d.brief) else {
            continue;
        };
        ui.horizontal_top(|ui| {
            ui.add_sized([120.0, 20.0], egui::Label::new(t.label));
            ui.vertical(|ui| {
                let r = edit(ui, text, 560.0, "", t.long);
                named(ui, &r, &format!("通报用语：{}{}", t.group, t.label));
                changed |= r.changed();
                message(ui, notes, Field::Brief(t.key));
            });
            ui.label(RichText::new(beside(t)).weak());
        });
        if t.key == "opening" {
            ui.add_space(crate::ui::tokens::space::BLOCK);
            ui.strong("一、总体情况");
            changed |= overall(ui, d, notes);
        }
    }
    changed
}

fn signature(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> bool {
    let mut changed = false;
    ui.horizontal_top(|ui| {
        ui.add_sized([120.0, 20.0], egui::Label::new("署名（一行一段）"));
        ui.vertical(|ui| {
            let r = edit(ui, &mut d.signature, 560.0, "", true);
            named(ui, &r, "通报用语：署名");
            changed = r.changed();
            message(ui, notes, Field::Signature);
        });
    });
    changed
}

/// The 总体情况 paragraphs: a heading, then sentences, each said always or when its
/// condition holds (with an 否则 text).
fn overall(ui: &mut Ui, d: &mut Draft, notes: &Notes) -> bool {
    let mut changed = false;
    let [_, _, rate] = d.example_ids();
    ui.label(
        RichText::new(format!(
            "各句都可用指标的数。条件用审核公式的写法，比率按百分数，如 {rate} >= 100；不写条件则总是写这句。"
        ))
        .weak(),
    );
    for (p, para) in d.overall.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label(format!("（{}）小标题", p + 1));
                let r = edit(ui, &mut para.heading, 300.0, "可不写", false).labelled_by(l.id);
                changed |= r.changed();
            });
            message(ui, notes, Field::Heading(p));
            let mut remove = None;
            for (s, row) in para.sentences.iter_mut().enumerate() {
                ui.horizontal_top(|ui| {
                    ui.label(format!("{}.", s + 1));
                    ui.vertical(|ui| {
                        changed |= sentence(ui, row, p, s, notes);
                    });
                    if ui
                        .small_button("删除")
                        .on_hover_text("删除这一句")
                        .clicked()
                    {
                        remove = Some(s);
                    }
                });
            }
            if let Some(s) = remove {
                para.sentences.remove(s);
                changed = true;
            }
            if ui.small_button("添加一句").clicked() {
                para.sentences.push(SentenceRow {
                    when: String::new(),
                    text: String::new(),
                    otherwise: String::new(),
                });
                changed = true;
            }
        });
    }
    changed
}

fn sentence(ui: &mut Ui, row: &mut SentenceRow, p: usize, s: usize, notes: &Notes) -> bool {
    let mut changed = false;
    let parts = [
        (Part::When, "条件", &mut row.when, "不写则总是写这句"),
        (Part::Text, "文字", &mut row.text, ""),
        (
            Part::Otherwise,
            "否则",
            &mut row.otherwise,
            "条件不满足时写这句，可不写",
        ),
    ];
    for (part, label, text, hint) in parts {
        ui.horizontal(|ui| {
            let l = ui.label(label);
            let r = edit(ui, text, 640.0, hint, part == Part::Text).labelled_by(l.id);
            named(
                ui,
                &r,
                &format!("总体情况第{}段第{}句{label}", p + 1, s + 1),
            );
            changed |= r.changed();
        });
        message(ui, notes, Field::Sentence(p, s, part));
    }
    changed
}
