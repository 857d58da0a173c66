//! The paragraphs of 二、各乡镇（街道）工作进展, 三、"五大责任" and 四、存在问题, in the template's
//! words with the month's names and figures; and the small rules of how a paragraph ends
//! and how a （一） lead is set.

use super::compose::Ctx;
use super::model::Span;
use super::words::{NUMERALS, PERCENT, figure};
use super::{measure_values, schedule_measures};
use dd_analysis::Progress;
use dd_core::model::Light;
use dd_core::model::MANUAL;

/// 二: score and lights, first and last named, 较上月, the 序时进度 measures.
pub(super) fn townships(cx: &Ctx) -> Vec<String> {
    let scored = cx.a.measures.iter().filter(|m| m.scored).count();
    if scored == 0 {
        // A template without scored measures ranks nobody: the table says the figures.
        return vec!["各乡镇（街道）主要指标情况见附件1。".to_string()];
    }
    let mut out = vec![standing(cx, scored)];
    out.extend(changes(cx));
    out.extend(schedules(cx));
    out
}

/// How the score is made, the lights, the first and the last.
fn standing(cx: &Ctx, scored: usize) -> String {
    let a = cx.a;
    let w = &cx.words().townships;
    let sep = &cx.words().words.list_separator;
    let intro = if a.ranked {
        &w.intro
    } else {
        &w.intro_unranked
    };
    let mut first = cx
        .fill_with(intro, &[("count", scored.to_string())])
        .unwrap_or_default();
    let count = |l: Light| a.progress.iter().filter(|p| p.light == Some(l)).count();
    if !a.lit {
        // Not lit: no 亮灯 sentence.
    } else if let Some(s) = cx.fill_with(
        &w.lights,
        &[
            ("green", count(Light::Green).to_string()),
            ("yellow", count(Light::Yellow).to_string()),
            ("red", count(Light::Red).to_string()),
        ],
    ) {
        first.push_str(&s);
    }
    let ranked: Vec<&Progress> = a.progress.iter().filter(|p| p.score.is_some()).collect();
    // Not ranked: nobody named first or last, better or worse.
    let n = if a.ranked {
        w.named.min(ranked.len() / 2)
    } else {
        0
    };
    if n > 0 {
        let named = |p: &&Progress| {
            format!(
                "{}（{}分）",
                p.township,
                figure(p.score.unwrap_or(0.0), PERCENT)
            )
        };
        let top: Vec<String> = ranked.iter().take(n).map(named).collect();
        let bottom: Vec<String> = ranked.iter().rev().take(n).rev().map(named).collect();
        for (words, list) in [(&w.top, top), (&w.bottom, bottom)] {
            if let Some(s) = cx.fill_with(words, &[("list", list.join(sep))]) {
                first.push_str(&s);
            }
        }
    }
    tidy_end(&first)
}

/// 较上月: who rose and fell most, who was last twice (none where nobody is ranked).
fn changes(cx: &Ctx) -> Option<String> {
    let a = cx.a;
    let w = &cx.words().townships;
    let sep = &cx.words().words.list_separator;
    // 较上月
    let mut changes: Vec<(&str, f64)> = a
        .progress
        .iter()
        .filter_map(|p| Some((p.township.as_str(), p.score_change()?)))
        .collect();
    if !changes.is_empty() && a.ranked {
        changes.sort_by(|x, y| y.1.total_cmp(&x.1));
        let k = w.named.max(1);
        let named = |(t, d): &(&str, f64)| format!("{t}（{}）", cx.change_words(*d));
        let rise: Vec<String> = changes
            .iter()
            .filter(|(_, d)| *d >= 0.05)
            .take(k)
            .map(named)
            .collect();
        let fall: Vec<String> = changes
            .iter()
            .rev()
            .filter(|(_, d)| *d <= -0.05)
            .take(k)
            .map(named)
            .collect();
        let mut s = String::new();
        for (words, list) in [(&w.rise, rise), (&w.fall, fall)] {
            if !list.is_empty()
                && let Some(x) = cx.fill_with(words, &[("list", list.join(sep))])
            {
                s.push_str(&x);
            }
        }
        let twice: Vec<String> = a
            .progress
            .iter()
            .filter(|p| p.last_twice)
            .map(|p| p.township.clone())
            .collect();
        if !twice.is_empty()
            && let Some(x) = cx.fill_with(&w.last_twice, &[("list", cx.names(&twice))])
        {
            s.push_str(&tidy_end(&x));
        }
        if !s.is_empty() {
            return Some(tidy_end(&s));
        }
    }
    None
}

/// Each 序时进度 measure (衔接资金): the county against 序时进度, who is above and below.
fn schedules(cx: &Ctx) -> Vec<String> {
    let a = cx.a;
    let w = &cx.words().townships;
    let sep = &cx.words().words.list_separator;
    let mut out = Vec::new();
    // 序时进度 measures (衔接资金)
    for (k, m, rate) in schedule_measures(a) {
        let Some(target) = m.target else { continue };
        let vals = measure_values(a, k);
        if vals.is_empty() {
            continue;
        }
        let above = vals.iter().filter(|(_, v)| *v >= target - 1e-9).count();
        let mut below: Vec<&(&str, f64)> =
            vals.iter().filter(|(_, v)| *v < target - 1e-9).collect();
        below.sort_by(|x, y| x.1.total_cmp(&y.1));
        let list: Vec<String> = below
            .iter()
            .take(w.named.max(1))
            .map(|(t, v)| format!("{t}（{}%）", figure(*v, PERCENT)))
            .collect();
        let mut s = String::new();
        if let Some(v) = rate.value {
            s.push_str(&format!(
                "{}{}{}%，{}；",
                cx.t.county_short,
                m.name,
                figure(v, PERCENT),
                rate.against_target()
                    .map(|d| cx.schedule_words(d))
                    .unwrap_or_default()
            ));
        }
        // With nobody behind, the sentence ends before "，其中{list}差距较大".
        let words = if below.is_empty() {
            w.schedule
                .split("，其中")
                .next()
                .unwrap_or(&w.schedule)
                .to_string()
                + "。"
        } else {
            w.schedule.clone()
        };
        if let Some(x) = cx.fill_with(
            &words,
            &[
                ("measure", m.name.clone()),
                ("above", above.to_string()),
                ("below", below.len().to_string()),
                ("list", list.join(sep)),
            ],
        ) {
            s.push_str(&x);
        }
        out.push(tidy_end(&s));
    }
    out
}

/// 三: counts per responsibility, then the units with 未落实.
pub(super) fn duties(cx: &Ctx) -> Vec<String> {
    let d = &cx.a.duties;
    let w = &cx.words().duties;
    let mut first = cx.fill(&w.intro).unwrap_or_default();
    let counts: Vec<String> = d
        .duties
        .iter()
        .zip(&d.counts)
        .filter_map(|((_, name), c)| {
            cx.fill_with(
                &w.count,
                &[
                    ("duty", name.clone()),
                    ("done", c[0].to_string()),
                    ("partial", c[1].to_string()),
                    ("not_done", c[2].to_string()),
                ],
            )
        })
        .collect();
    first.push_str(&counts.join("；"));
    let mut out = vec![tidy_end(&format!("{first}。"))];
    let not_done = d.not_done();
    if not_done.is_empty() {
        out.push(w.all_done.clone());
    } else {
        out.push(
            not_done
                .iter()
                .filter_map(|(duty, towns)| {
                    cx.fill_with(
                        &w.not_done,
                        &[("duty", duty.clone()), ("list", cx.names(towns))],
                    )
                })
                .collect(),
        );
    }
    out
}

/// 四（二）: how last month's problems stand: "2024年9月通报的85项问题中，已整改9项、有改善33项、
/// 未整改43项。未整改的有：…"
pub(super) fn followup(cx: &Ctx, r: &dd_analysis::followup::Review) -> String {
    let w = &cx.words().problems;
    let closed = if r.closed > 0 {
        format!("、已销号{}项", r.closed)
    } else {
        String::new()
    };
    let mut s = cx
        .fill_with(
            &w.followup,
            &[
                (
                    "previous",
                    r.previous.map(|m| m.chinese()).unwrap_or_default(),
                ),
                ("count", r.total.to_string()),
                ("fixed", r.fixed.to_string()),
                ("better", r.better.to_string()),
                ("open", r.open.to_string()),
                ("closed", closed),
            ],
        )
        .unwrap_or_default();
    if !r.still_open.is_empty()
        && let Some(more) = cx.fill_with(&w.followup_open, &[("list", cx.names(&r.still_open))])
    {
        s.push_str(&more);
    }
    s
}

/// How a sentence names its units: `all` found, cut short with 等 — or, when the clerk
/// chose (`chosen` Some), only those, with 等 when some found are left unnamed; None when the
/// clerk named none (the sentence is left out).
fn named_list(cx: &Ctx, all: &[String], chosen: Option<Vec<String>>, sep: &str) -> Option<String> {
    match chosen {
        None => Some(cx.list(all, sep)),
        Some(c) if c.is_empty() => None,
        Some(c) => {
            let mut s = c.join(sep);
            if c.len() < all.len() {
                s.push_str(&cx.words().words.etc);
            }
            Some(s)
        }
    }
}

/// The townships of the problems the clerk named of `kind` (and `key`), in their order.
fn chosen_towns(cx: &Ctx, kind: &str, key: Option<&str>) -> Option<Vec<String>> {
    let named = cx.input.named.as_deref()?;
    let mut towns: Vec<String> = Vec::new();
    for p in named
        .iter()
        .filter(|p| p.kind == kind && key.is_none_or(|k| p.key == k))
    {
        if !towns.contains(&p.township) {
            towns.push(p.township.clone());
        }
    }
    Some(towns)
}

/// 四: townships that did not report, measures below target, 五大责任 未落实, balance
/// warnings and the clerk's own problems, each under its key; numbered 1．2．… Where the
/// clerk chose the problems (通报问题), only those are named.
pub(super) fn problems(cx: &Ctx) -> Vec<(String, String)> {
    use dd_analysis::followup::{BALANCE, DUTY, LATE, MEASURE};
    let a = cx.a;
    let w = &cx.words().problems;
    let sep = cx.words().words.list_separator.clone();
    let mut out = Vec::new();
    if !a.missing.is_empty()
        && let Some(list) = named_list(cx, &a.missing, chosen_towns(cx, LATE, None), &sep)
        && let Some(s) = cx.fill_with(
            &w.missing,
            &[
                ("deadline", cx.input.deadline.clone()),
                ("count", a.missing.len().to_string()),
                ("list", list),
            ],
        )
    {
        out.push(("problems.missing".to_string(), s));
    }
    for lag in &a.laggards {
        let Some(rate) = a.rate(&lag.measure) else {
            continue;
        };
        // 不通报: named only where the clerk ticked it.
        let not_named = a.measures.iter().any(|m| m.id == lag.measure && !m.named);
        if not_named && cx.input.named.is_none() {
            continue;
        }
        let unit = &rate.unit;
        let item =
            |(t, v, _): &(String, f64, f64)| format!("{t}（{}{}）", cx.figure(*v, unit), unit);
        let items: Vec<String> = lag.townships.iter().map(item).collect();
        let chosen = chosen_towns(cx, MEASURE, Some(&lag.measure)).map(|towns| {
            lag.townships
                .iter()
                .filter(|(t, _, _)| towns.contains(t))
                .map(item)
                .collect()
        });
        let words = if rate.schedule {
            &w.schedule_laggard
        } else {
            &w.laggard
        };
        if let Some(list) = named_list(cx, &items, chosen, &sep)
            && let Some(s) = cx.fill_with(
                words,
                &[
                    ("measure", lag.name.clone()),
                    ("target", figure(lag.target, PERCENT)),
                    ("count", lag.townships.len().to_string()),
                    ("list", list),
                ],
            )
        {
            out.push((format!("problems.measure.{}", lag.measure), s));
        }
    }
    let not_done = a.duties.not_done();
    if !not_done.is_empty() {
        let count: usize = not_done.iter().map(|(_, t)| t.len()).sum();
        let mut towns: Vec<String> = Vec::new();
        for t in not_done.into_iter().flat_map(|(_, ts)| ts) {
            if !towns.contains(&t) {
                towns.push(t);
            }
        }
        if let Some(list) = named_list(cx, &towns, chosen_towns(cx, DUTY, None), &sep)
            && let Some(s) =
                cx.fill_with(&w.duties, &[("count", count.to_string()), ("list", list)])
        {
            out.push(("problems.duties".to_string(), s));
        }
    }
    let warnings: Vec<String> = cx
        .input
        .warnings()
        .map(|p| p.message.trim_end_matches('。').to_string())
        .collect();
    let chosen = cx.input.named.as_ref().map(|n| {
        n.iter()
            .filter(|p| p.kind == BALANCE)
            .map(|p| format!("{}{}", p.township, p.what))
            .collect::<Vec<_>>()
    });
    let count = warnings.len().max(chosen.as_ref().map_or(0, Vec::len));
    if count > 0
        && let Some(list) = named_list(cx, &warnings, chosen, "；")
        && let Some(s) = cx.fill_with(&w.balance, &[("count", count.to_string()), ("list", list)])
    {
        out.push(("problems.balance".to_string(), s));
    }
    for p in cx.input.named.iter().flatten().filter(|p| p.kind == MANUAL) {
        if let Some(s) = cx.fill_with(
            &w.manual,
            &[("township", p.township.clone()), ("what", p.what.clone())],
        ) {
            out.push((format!("problems.manual.{}", p.key), tidy_end(&s)));
        }
    }
    if out.is_empty() {
        let found = !a.missing.is_empty()
            || !a.laggards.is_empty()
            || !a.duties.not_done().is_empty()
            || !warnings.is_empty();
        // Problems found but none named: the brief must not say there were none.
        let none = if found { &w.unnamed } else { &w.none };
        out.push(("problems.none".to_string(), none.clone()));
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (k, s))| (k, format!("{}．{}", i + 1, s)))
        .collect()
}

/// A sentence list that ends on "，" or "；" ends on "。" instead.
pub(super) fn tidy_end(text: &str) -> String {
    let t = text.trim_end();
    match t.strip_suffix(['，', '；', '、']) {
        Some(s) => format!("{s}。"),
        None => t.to_string(),
    }
}

/// "（一）压紧压实责任。正文…" → the lead in 楷体, the rest in 仿宋.
pub(super) fn lead_spans(line: &str) -> Vec<Span> {
    if line.starts_with('（')
        && let Some(close) = line.find('）')
        && line[..close]
            .chars()
            .skip(1)
            .all(|c| NUMERALS.contains(&c.to_string().as_str()))
        && let Some(end) = line[close..]
            .find('。')
            .map(|i| close + i + '。'.len_utf8())
    {
        let (lead, rest) = line.split_at(end);
        let mut spans = vec![Span::kai(lead)];
        if !rest.is_empty() {
            spans.push(Span::body(rest));
        }
        return spans;
    }
    vec![Span::body(line)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::SpanFont;

    #[test]
    fn leads_in_kai() {
        let s = lead_spans("（一）压实责任。各单位要……");
        assert_eq!(s[0], Span::kai("（一）压实责任。"));
        assert_eq!(s[1].font, SpanFont::Body);
        assert_eq!(lead_spans("没有序号。").len(), 1);
    }

    #[test]
    fn lists_end_on_a_full_stop() {
        assert_eq!(tidy_end("甲；乙，"), "甲；乙。");
        assert_eq!(tidy_end("甲。 "), "甲。");
    }
}
