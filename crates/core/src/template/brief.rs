//! The brief's (通报) fixed wording, from the template's `[brief]` table, so another county
//! changes words without code. Every field has a default: a template without `[brief]` loads.
//!
//! Placeholders are written `{name}`: `{county}`, `{county_short}` (全市), `{level}` (市),
//! `{group}` (市领导小组), `{year}`, `{month}`,
//! `{issuer}`, `{schedule}` (序时进度 in percent), `{totals}` (the headline cards' figures:
//! 监测对象1804户4044人，…), an indicator id (the county total, e.g.
//! `{monitor_households}` → 1804), a measure id (the county rate, e.g. `{fund_paid_rate}` → 76.9),
//! and suffixed forms: `{id.change}` ("较上月提高2.1个百分点"), `{id.schedule}` ("低于序时进度6.4个百分点"),
//! `{id.base}` (a measure's denominator × factor: 重点帮扶资金 360), `{id.previous}`, `{id.target}`.
//! A sentence with a placeholder that has no value is left out whole.

use serde::{Deserialize, Serialize};

use super::expr::Condition;

/// One sentence of 总体情况: plain text, or text kept only when a condition holds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Sentence {
    Text(String),
    When {
        /// A condition in the balance-rule syntax over totals and rates: `pairing_coverage >= 100`.
        when: Condition,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        otherwise: Option<String>,
    },
}

/// One paragraph of 总体情况, with an optional （一） heading set in 楷体.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OverallParagraph {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Headings {
    pub overall: String,
    pub townships: String,
    pub duties: String,
    pub problems: String,
    pub next_steps: String,
}

impl Default for Headings {
    fn default() -> Self {
        Headings {
            overall: "总体情况".into(),
            townships: "各乡镇（街道）工作进展".into(),
            duties: "“五大责任”落实情况".into(),
            problems: "存在问题".into(),
            next_steps: "下步工作要求".into(),
        }
    }
}

/// Words for changes and comparisons; `{x}` is the number of 个百分点.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Words {
    pub up: String,
    pub down: String,
    pub flat: String,
    pub above_schedule: String,
    pub below_schedule: String,
    pub at_schedule: String,
    /// Between names in a list: 、
    pub list_separator: String,
    /// After a list cut short: 等
    pub etc: String,
    /// Counts and amounts from this figure up are written in 万 (from 1亿 in 亿) in
    /// sentences: 49.46万户; 0 writes every digit. Tables always keep every digit.
    pub wan_from: f64,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            up: "较上月提高{x}个百分点".into(),
            down: "较上月下降{x}个百分点".into(),
            flat: "与上月持平".into(),
            above_schedule: "超序时进度{x}个百分点".into(),
            below_schedule: "低于序时进度{x}个百分点".into(),
            at_schedule: "与序时进度持平".into(),
            list_separator: "、".into(),
            etc: "等".into(),
            wan_from: 100_000.0,
        }
    }
}

/// 二、各乡镇（街道）工作进展
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct TownshipWords {
    /// `{count}` measures in the score.
    pub intro: String,
    /// The same when the template ranks nobody (`[ranking] rank = false`).
    pub intro_unranked: String,
    /// `{green}` `{yellow}` `{red}`
    pub lights: String,
    /// How many are named first and last.
    pub named: usize,
    /// `{list}` of names (with scores)
    pub top: String,
    pub bottom: String,
    /// `{list}` of names with their change
    pub rise: String,
    pub fall: String,
    pub last_twice: String,
    /// A 序时进度 measure: `{measure}` `{above}` `{below}` counts, `{list}` of the furthest behind.
    pub schedule: String,
    /// Caption of the table in the body.
    pub table: String,
    pub table_unranked: String,
}

impl Default for TownshipWords {
    fn default() -> Self {
        TownshipWords {
            intro: "按照{count}项重点指标完成情况加权计算进度得分（满分100分），各乡镇（街道）排名和亮灯情况如下表。".into(),
            intro_unranked: "按照{count}项重点指标完成情况加权计算进度得分（满分100分），各乡镇（街道）完成情况如下表。".into(),
            lights: "本月亮绿灯{green}个、黄灯{yellow}个、红灯{red}个。".into(),
            named: 3,
            top: "排名前三位的是{list}；".into(),
            bottom: "排名后三位的是{list}。".into(),
            rise: "与上月相比，进步较大的是{list}；".into(),
            fall: "退步较大的是{list}。".into(),
            last_twice: "{list}连续两个月排名末位，要认真查找原因、迎头赶上。".into(),
            schedule: "各乡镇（街道）中，{above}个达到或超过序时进度，{below}个低于序时进度，其中{list}差距较大。".into(),
            table: "各乡镇（街道）工作进展排名".into(),
            table_unranked: "各乡镇（街道）工作进展情况".into(),
        }
    }
}

/// 三、"五大责任"落实情况
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DutyWords {
    pub intro: String,
    /// Per responsibility: `{duty}` `{done}` `{partial}` `{not_done}`; joined with "；".
    pub count: String,
    /// `{duty}` `{list}`
    pub not_done: String,
    pub all_done: String,
    pub table: String,
}

impl Default for DutyWords {
    fn default() -> Self {
        DutyWords {
            intro: "对照“五大责任”清单逐项调度，{county_short}落实情况如下：".into(),
            count: "{duty}已落实{done}个、部分落实{partial}个、未落实{not_done}个".into(),
            not_done: "{duty}未落实的有{list}。".into(),
            all_done: "各乡镇（街道）“五大责任”均无未落实情况。".into(),
            table: "各乡镇（街道）“五大责任”落实情况".into(),
        }
    }
}

/// 四、存在问题
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProblemWords {
    /// A measure below target: `{measure}` `{target}` `{count}` `{list}`
    pub laggard: String,
    /// A measure below 序时进度.
    pub schedule_laggard: String,
    /// Balance-rule warnings: `{count}` `{list}`
    pub balance: String,
    /// 五大责任 未落实: `{count}` `{list}`
    pub duties: String,
    /// Townships that did not report: `{deadline}` `{count}` `{list}`
    pub missing: String,
    /// Heading of this month's problems when last month's are followed up after them.
    pub this_month: String,
    /// Heading of how last month's problems stand (上月通报问题整改情况).
    pub followup_heading: String,
    /// `{previous}` (2024年9月) `{count}` `{fixed}` `{better}` `{open}` `{closed}`
    pub followup: String,
    /// The items still open: `{list}`
    pub followup_open: String,
    pub none: String,
    /// Problems were found but the clerk named none of them.
    pub unnamed: String,
    /// A problem the clerk added by hand: `{township}` `{what}`
    pub manual: String,
    /// At most this many names or warnings in one sentence (and ticked by default).
    pub max_items: usize,
}

impl Default for ProblemWords {
    fn default() -> Self {
        ProblemWords {
            laggard: "{measure}未达到目标（{target}%）的有{count}个乡镇（街道）：{list}。".into(),
            schedule_laggard:
                "{measure}低于序时进度（{target}%）的有{count}个乡镇（街道）：{list}。".into(),
            balance: "数据审核发现{count}处数据不平衡，请相关乡镇（街道）核实更正：{list}。".into(),
            duties: "“五大责任”有{count}项次未落实，涉及{list}。".into(),
            missing: "截至{deadline}，{list}未按时报送月调度数据，本通报的合计、排名不含以上单位。"
                .into(),
            this_month: "本月存在问题".into(),
            followup_heading: "上月通报问题整改情况".into(),
            followup: "{previous}通报的{count}项问题中，已整改{fixed}项、有改善{better}项、未整改{open}项{closed}。"
                .into(),
            followup_open: "未整改的有：{list}，请相关乡镇（街道）限期整改到位。".into(),
            none: "本月各项重点指标均达到目标，未发现数据不平衡。".into(),
            unnamed: "本月发现的问题已反馈相关乡镇（街道）整改，不再逐一通报。".into(),
            manual: "{township}{what}。".into(),
            max_items: 8,
        }
    }
}

/// 附件 titles.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttachmentWords {
    pub ranking: String,
    /// County totals and rates with last month.
    pub totals: String,
    pub charts: String,
    /// The 重点村 table, when a roster is in effect.
    pub key_villages: String,
    /// 通报问题整改清单: each problem the brief names with its 责任单位 and 整改时限.
    pub rectification: String,
}

impl Default for AttachmentWords {
    fn default() -> Self {
        AttachmentWords {
            ranking: "{year}年{month}月各乡镇（街道）重点指标完成情况表".into(),
            totals: "{year}年{month}月{county}主要指标汇总表".into(),
            charts: "{year}年{month}月工作调度图表".into(),
            key_villages: "{year}年{month}月重点帮扶村联点帮扶情况表".into(),
            rectification: "{year}年{month}月通报问题整改清单".into(),
        }
    }
}

/// 版头 of a brief issued as a 文件 (GB/T 9704 §7.2): the red 发文机关标志, the 发文字号 under
/// it and the red rule. No mark (the default): the brief starts with its title.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DocumentWords {
    /// 发文机关标志: {issuer}文件, or the issuer's name alone.
    pub mark: String,
    /// 发文字号, `{number}` the clerk's 发文顺序号 and `{year}` the year of the 成文日期:
    /// 湘巩衔办〔{year}〕{number}号. Empty: none.
    pub number: String,
}

impl DocumentWords {
    /// The brief is issued as a 文件 with a 发文字号 (the clerk gives its 发文顺序号).
    pub fn wants_number(&self) -> bool {
        !self.mark.trim().is_empty() && !self.number.trim().is_empty()
    }
}

/// 版记 at the foot of the last page (GB/T 9704 §7.4): 抄送 and 印发机关 with 印发日期
/// between rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImprintWords {
    /// Whether the brief has a 版记 at all.
    pub show: bool,
    /// 抄送机关 (without 抄送： and the full stop); empty: no 抄送 line.
    pub copy_to: String,
    /// 印发机关.
    pub printer: String,
}

impl Default for ImprintWords {
    fn default() -> Self {
        ImprintWords {
            show: true,
            copy_to: String::new(),
            printer: "{issuer}".into(),
        }
    }
}

/// The `[brief]` table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct BriefWords {
    /// 发文机关
    pub issuer: String,
    pub title: String,
    /// 主送
    pub recipients: String,
    pub opening: String,
    pub headings: Headings,
    pub overall: Vec<OverallParagraph>,
    pub townships: TownshipWords,
    pub duties: DutyWords,
    pub problems: ProblemWords,
    /// Default 下步工作要求: paragraphs, one a line; a line starting （一） gets its first
    /// sentence in 楷体.
    pub next_steps: String,
    /// 发文机关署名, one line each (a long name is split over two lines).
    pub signature: Vec<String>,
    pub attachments: AttachmentWords,
    pub words: Words,
    pub document: DocumentWords,
    pub imprint: ImprintWords,
}

impl Default for BriefWords {
    fn default() -> Self {
        BriefWords {
            issuer: "{county}巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作领导小组办公室".into(),
            title: "{issuer}关于{year}年{month}月工作调度情况的通报".into(),
            recipients: "各乡镇（街道），领导小组各成员单位".into(),
            opening: "现将{year}年{month}月{county_short}巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作调度情况通报如下。".into(),
            headings: Headings::default(),
            overall: default_overall(),
            townships: TownshipWords::default(),
            duties: DutyWords::default(),
            problems: ProblemWords::default(),
            next_steps: "（一）压紧压实工作责任。各乡镇（街道）要对照本次通报的问题逐项整改，进度滞后的单位要认真分析原因，限期赶上。\n\
（二）加快工作进度。低于目标和序时进度的单位要倒排工期、加快推进，确保按时完成年度任务。\n\
（三）提高数据质量。各单位要如实、准确、按时报送月调度数据，确保数据平衡、口径一致。"
                .into(),
            signature: vec!["{issuer}".into()],
            attachments: AttachmentWords::default(),
            words: Words::default(),
            document: DocumentWords::default(),
            imprint: ImprintWords::default(),
        }
    }
}

/// The built-in 总体情况 names no indicator: `{totals}` lists the template's headline cards.
fn default_overall() -> Vec<OverallParagraph> {
    vec![OverallParagraph {
        heading: None,
        sentences: vec![Sentence::Text(
            "截至{year}年{month}月，{county_short}{totals}。".into(),
        )],
    }]
}

impl BriefWords {
    /// Every `when` condition, for validation.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.overall
            .iter()
            .flat_map(|p| &p.sentences)
            .filter_map(|s| match s {
                Sentence::When { when, .. } => Some(when),
                Sentence::Text(_) => None,
            })
    }
}

/// Placeholders every text of the brief may use besides indicator and measure ids.
pub const GLOBAL_NAMES: &[&str] = &[
    "county",
    "county_short",
    "level",
    "group",
    "year",
    "month",
    "issuer",
    "schedule",
    "totals",
];

/// Suffixes of an id placeholder: `{fund_paid_rate.schedule}`.
pub const SUFFIXES: &[&str] = &["change", "schedule", "base", "previous", "target"];

impl BriefWords {
    /// The first placeholder of the county-level texts (title, 主送, opening, 总体情况,
    /// signature…) that names nothing: (text, name). Section sentences with their own names
    /// (`{list}`, `{count}`…) are not checked here.
    pub fn unknown_placeholder(&self, is_id: &dyn Fn(&str) -> bool) -> Option<(String, String)> {
        let mut texts: Vec<&str> = vec![
            &self.issuer,
            &self.title,
            &self.recipients,
            &self.opening,
            &self.next_steps,
            &self.document.mark,
            &self.imprint.copy_to,
            &self.imprint.printer,
        ];
        texts.extend(self.signature.iter().map(String::as_str));
        texts.extend(self.attachments_texts());
        for p in &self.overall {
            for s in &p.sentences {
                match s {
                    Sentence::Text(t) => texts.push(t),
                    Sentence::When {
                        text, otherwise, ..
                    } => {
                        texts.push(text);
                        texts.extend(otherwise.as_deref());
                    }
                }
            }
        }
        for text in texts {
            for name in placeholders(text) {
                let (id, suffix) = match name.split_once('.') {
                    Some((i, s)) => (i, Some(s)),
                    None => (name.as_str(), None),
                };
                let ok = match suffix {
                    None => GLOBAL_NAMES.contains(&id) || is_id(id),
                    Some(s) => SUFFIXES.contains(&s) && is_id(id),
                };
                if !ok {
                    return Some((text.to_string(), name));
                }
            }
        }
        let number = &self.document.number;
        placeholders(number)
            .into_iter()
            .find(|n| n != "number" && !GLOBAL_NAMES.contains(&n.as_str()))
            .map(|n| (number.clone(), n))
    }

    fn attachments_texts(&self) -> [&str; 4] {
        [
            &self.attachments.ranking,
            &self.attachments.totals,
            &self.attachments.charts,
            &self.attachments.key_villages,
        ]
    }
}

/// Fills `{name}` placeholders with `value(name)`; None when any has no value.
/// `{{` and `}}` stand for literal braces.
pub fn fill(text: &str, value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            out.push('}');
            rest = after;
            continue;
        }
        let Some(end) = tail.find('}') else {
            out.push_str(tail);
            return Some(out);
        };
        let name = tail[1..end].trim();
        out.push_str(&value(name)?);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Placeholder names in `text`.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        let Some(end) = tail.find('}') else { break };
        names.push(tail[1..end].trim().to_string());
        rest = &tail[end + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_drops() {
        let v = |n: &str| match n {
            "a" => Some("1804".to_string()),
            _ => None,
        };
        assert_eq!(fill("共{a}户", &v).as_deref(), Some("共1804户"));
        assert_eq!(fill("共{b}户", &v), None);
        assert_eq!(fill("{{a}}", &v).as_deref(), Some("{a}"));
        assert_eq!(placeholders("{x}与{y.change}"), vec!["x", "y.change"]);
    }
}
