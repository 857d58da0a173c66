//! Analysis on the sample months: the seed's figures, scores, ranks and lights checked
//! against arithmetic done by hand here, month-over-month changes and the 五大责任 matrix.

use std::path::Path;

use dd_analysis::{Analysis, Light, MonthAnalysis, analyze};
use dd_core::model::{History, MonthTable, Status, YearMonth};
use dd_core::template::{DEFAULT_TEMPLATE, Template, Unit};
use dd_import::import_paths;

fn sample(month: u32) -> MonthTable {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("assets/samples/示例月调度表2024年{month}月.xlsx"));
    let out = import_paths(&[path], &Template::bundled());
    assert!(!out.has_errors(), "{:?}", out.problems);
    out.table
}

fn ym(m: u32) -> YearMonth {
    YearMonth::new(2024, m).unwrap()
}

fn october(t: &Template) -> (MonthAnalysis, MonthAnalysis) {
    let (aug, sep, oct) = (sample(8), sample(9), sample(10));
    let history = [(ym(8), &aug), (ym(9), &sep)];
    let a_oct = analyze(t, ym(10), &oct, &history).unwrap();
    let a_sep = analyze(t, ym(9), &sep, &history[..1]).unwrap();
    (a_oct, a_sep)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn the_sample_month_reproduces_the_seed_figures() {
    let t = Template::bundled();
    let (a, _) = october(&t);
    let total = |id: &str| a.total(id).unwrap();
    assert_eq!(total("monitor_households"), 1804.0);
    assert_eq!(total("monitor_people"), 4044.0);
    assert_eq!(total("open_households"), 754.0);
    assert_eq!(total("open_people"), 1713.0);
    assert_eq!(total("paired_households"), 754.0);
    assert_eq!(total("cleared_households"), 1050.0);
    assert_eq!(total("cleared_people"), 2331.0);
    assert_eq!(total("workshops"), 31.0);
    assert_eq!(total("workshop_jobs"), 270.0);
    assert_eq!(total("public_posts"), 840.0);
    assert_eq!(total("employed"), 15007.0);
    assert_eq!(total("fund_planned"), 1800.0);
    assert_eq!(total("key_villages"), 36.0);
    assert_eq!(total("support_households"), 2400.0);
    assert_eq!(total("housing_issues"), 0.0);
    assert_eq!(total("water_issues"), 0.0);
    let rate = |id: &str| a.rate(id).unwrap().value.unwrap();
    assert_eq!(format!("{:.2}", rate("policy_per_household")), "4.32");
    assert!(close(rate("pairing_coverage"), 100.0));
    assert!(close(rate("edu_paid_rate"), 100.0));
    assert!(close(rate("insured_rate"), 100.0));
    // 衔接资金 1384 of 1800 万元 = 76.9%, against a 序时进度 of 10/12 = 83.3%.
    let fund = a.rate("fund_paid_rate").unwrap();
    assert!(close(fund.value.unwrap(), 1384.0 / 1800.0 * 100.0));
    assert!(close(fund.target.unwrap(), 1000.0 / 12.0));
    assert!(fund.schedule);
    assert!(fund.against_target().unwrap() < -6.0);
    // 重点帮扶资金: 2400户 × 0.15万元 = 360万元 due.
    assert!(close(rate("support_paid_rate"), 263.47 / 360.0 * 100.0));
    assert!(close(a.schedule, 1000.0 / 12.0));
}

#[test]
fn scores_ranks_and_lights_match_hand_arithmetic() {
    let t = Template::bundled();
    let (a, _) = october(&t);
    let p = a.progress_of("毛田镇").unwrap();
    // 毛田镇, October, weights 15/10/10/10/20/10/15/5/5 of the template:
    let parts = [
        (15.0, 100.0),                                 // 结对 59/59
        (10.0, (77.0 / 136.0 * 100.0) / 60.0 * 100.0), // 风险消除率 56.6% of a 60% target
        (10.0, 100.0),                                 // 教育资助 79/79
        (10.0, 100.0),                                 // 医保 2299/2299
        (20.0, 100.0),                                 // 衔接资金 100/100 ≥ 序时进度
        (10.0, 11.85 / (158.0 * 0.15) * 100.0),        // 重点帮扶资金 11.85 of 23.7 万元
        (15.0, 1064.0 / 1100.0 * 100.0),               // 稳定就业
        (5.0, 100.0),                                  // 督查整改 5/5
        (5.0, 93.1),                                   // 走访率
    ];
    let expected = parts.iter().map(|(w, c)| w * c).sum::<f64>() / 100.0;
    assert!(
        close(p.score.unwrap(), expected),
        "{:?} vs {expected}",
        p.score
    );
    assert_eq!(p.light, Some(threshold_light(expected)));

    // Ranks follow the scores, higher first, ties sharing a place.
    for x in &a.progress {
        let better = a
            .progress
            .iter()
            .filter(|y| (y.score.unwrap() * 100.0).round() > (x.score.unwrap() * 100.0).round())
            .count();
        assert_eq!(x.rank, Some(better + 1), "{}", x.township);
        assert_eq!(
            x.light,
            Some(threshold_light(x.score.unwrap())),
            "{}",
            x.township
        );
    }
    assert_eq!(a.progress[0].rank, Some(1));
    assert_eq!(a.progress.len(), 22);
}

/// The default scheme: ≥ 90 green, ≥ 70 yellow, else red.
fn threshold_light(score: f64) -> Light {
    if score >= 90.0 {
        Light::Green
    } else if score >= 70.0 {
        Light::Yellow
    } else {
        Light::Red
    }
}

#[test]
fn lights_by_rank_when_the_template_says_so() {
    let text = DEFAULT_TEMPLATE.replace("scheme = \"threshold\"", "scheme = \"rank\"");
    let t = Template::parse(&text, "rank.toml").unwrap();
    let (a, _) = october(&t);
    let n = a.progress.len();
    for p in &a.progress {
        let r = p.rank.unwrap();
        let expected = if r <= 5 {
            Light::Green
        } else if r + 5 > n {
            Light::Red
        } else {
            Light::Yellow
        };
        assert_eq!(p.light, Some(expected), "{} rank {r}", p.township);
    }
}

#[test]
fn changes_against_last_month() {
    let t = Template::bundled();
    let (oct, sep) = october(&t);
    assert_eq!(oct.previous_month, Some(ym(9)));
    for p in &oct.progress {
        let before = sep.progress_of(&p.township).unwrap();
        assert!(close(
            p.score_change().unwrap(),
            p.score.unwrap() - before.score.unwrap()
        ));
        assert_eq!(
            p.rank_change().unwrap(),
            before.rank.unwrap() as i64 - p.rank.unwrap() as i64
        );
        let worst_now = oct.progress.iter().filter_map(|x| x.rank).max().unwrap();
        let worst_then = sep.progress.iter().filter_map(|x| x.rank).max().unwrap();
        assert_eq!(
            p.last_twice,
            p.rank == Some(worst_now) && before.rank == Some(worst_then),
            "{}",
            p.township
        );
    }
    // Totals carry last month's value; the sample months grow towards October.
    let households = oct
        .totals
        .iter()
        .find(|x| x.id == "monitor_households")
        .unwrap();
    assert!(households.previous.unwrap() < households.value.unwrap());
    let fund = oct.rate("fund_paid_rate").unwrap();
    assert!(fund.previous.unwrap() < fund.value.unwrap());
    // The first stored month has nothing to compare with.
    let aug = analyze(&t, ym(8), &sample(8), &[]).unwrap();
    assert!(aug.previous_month.is_none());
    assert!(
        aug.progress
            .iter()
            .all(|p| p.score_change().is_none() && !p.last_twice)
    );
}

#[test]
fn the_five_responsibilities_from_words_and_from_rules() {
    let t = Template::bundled();
    // Words written in the sheet win.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    let duties = import_paths(&[dir.join("五大责任_2024年10月.xlsx")], &t).table;
    let m = analyze(&t, ym(10), &duties, &[]).unwrap().duties;
    let at = |m: &dd_analysis::DutyMatrix, town: &str, duty: usize| {
        let row = m.townships.iter().position(|x| x == town).unwrap();
        m.cells[row][duty].clone()
    };
    let c = at(&m, "望春门街道", 0);
    assert_eq!(c.status, Some(Status::Partial));
    assert!(c.written);
    assert!(m.counts.iter().all(|c| c.iter().sum::<usize>() == 22));
    let not_done = m.not_done();
    let leaders = not_done.iter().find(|(d, _)| d == "市级领导联点").unwrap();
    assert_eq!(leaders.1, ["栗山镇", "中沙镇", "毛田镇"]);

    // Computed from the rules where no word is written (the county sheet).
    let county = sample(10);
    let m = analyze(&t, ym(10), &county, &[]).unwrap().duties;
    // 望春门: no 重点村 → 不适用; 0 党委专题研究 → 未落实; 在岗率 88.9 → 部分落实.
    assert_eq!(at(&m, "望春门街道", 0).status, Some(Status::NotApplicable));
    assert_eq!(at(&m, "望春门街道", 1).status, Some(Status::Done));
    assert_eq!(at(&m, "新湘路街道", 1).status, Some(Status::NotDone));
    assert_eq!(at(&m, "望春门街道", 3).status, Some(Status::Partial));
    // 中沙镇: 0 of 2 督查问题 fixed → 未落实; 梅桥镇 5 of 6 = 83% → 部分落实.
    assert_eq!(at(&m, "中沙镇", 2).status, Some(Status::NotDone));
    assert_eq!(at(&m, "梅桥镇", 2).status, Some(Status::Partial));
    // 山枣镇: 2 visits for 2 重点村 → 已落实; 走访率 78.5 < 85 → 未落实.
    assert_eq!(at(&m, "山枣镇", 0).status, Some(Status::Done));
    assert_eq!(at(&m, "山枣镇", 4).status, Some(Status::NotDone));
    let detail = at(&m, "山枣镇", 0).detail;
    assert!(
        detail.contains("市级领导到村调研次数 2") && detail.contains("100%"),
        "{detail}"
    );
}

#[test]
fn laggards_worst_first_and_trends_across_months() {
    let t = Template::bundled();
    let (a, _) = october(&t);
    let support = a
        .laggards
        .iter()
        .find(|l| l.measure == "support_paid_rate")
        .unwrap();
    let completions: Vec<f64> = support.townships.iter().map(|x| x.2).collect();
    assert!(completions.windows(2).all(|w| w[0] <= w[1]));
    assert!(completions.iter().all(|c| *c < 100.0));

    let (aug, sep, oct) = (sample(8), sample(9), sample(10));
    let months = [(ym(10), &oct), (ym(8), &aug), (ym(9), &sep)];
    let all = Analysis::new(History::from_tables(&months, &t).unwrap(), &t).unwrap();
    let s = all.county_series("monitor_households");
    assert_eq!(s.points.len(), 3);
    assert_eq!(s.points[0].0, ym(8));
    assert_eq!(s.points[2], (ym(10), 1804.0));
    let town = all.township_series("fund_paid_rate", "毛田镇");
    assert_eq!(town.points.last().unwrap().1, 100.0);
    assert_eq!(town.unit, Unit::Percent);
}

fn with_ranking(extra: &str) -> Result<Template, dd_core::template::TemplateError> {
    Template::parse(&format!("{DEFAULT_TEMPLATE}\n{extra}"), "ranking.toml")
}

#[test]
fn a_template_that_does_not_rank_or_light_leaves_no_rank_or_light_in_the_month() {
    let t = with_ranking("[ranking]\nrank = false\nlights = false\n").unwrap();
    let (oct, _) = october(&t);
    let (ranked, _) = october(&Template::bundled());
    assert!(!oct.ranked && !oct.lit && ranked.ranked && ranked.lit);
    for p in &oct.progress {
        assert_eq!((p.rank, p.previous_rank, p.light), (None, None, None));
        assert!(!p.last_twice, "{}", p.township);
    }
    // The scores are the same; the townships keep the template's order.
    let order: Vec<&str> = t.townships.iter().map(|x| x.name.as_str()).collect();
    let listed: Vec<&str> = oct.progress.iter().map(|p| p.township.as_str()).collect();
    assert_eq!(listed, order);
    for p in &oct.progress {
        assert_eq!(p.score, ranked.progress_of(&p.township).unwrap().score);
    }
    // Lights by rank cannot go with no rank: refused with the reason.
    let err = with_ranking("[ranking]\nrank = false\n")
        .and_then(|t| {
            let mut f = t.file().clone();
            f.lights.scheme = dd_core::template::LightScheme::Rank;
            Template::from_file(&f)
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("按名次亮灯"), "{err}");
}

#[test]
fn a_group_not_ranked_leaves_the_score_and_a_group_not_named_is_ticked_by_nobody() {
    let t = with_ranking(
        "[[ranking.groups]]\nname = \"督查整改\"\nmeasures = [\"dept_fix_rate\", \"cadre_visit\"]\nrank = false\nnamed = false\n",
    )
    .unwrap();
    let (oct, _) = october(&t);
    let (full, _) = october(&Template::bundled());
    let k = oct
        .measures
        .iter()
        .position(|m| m.id == "dept_fix_rate")
        .unwrap();
    assert!(!oct.measures[k].scored && !oct.measures[k].named);
    assert!(
        oct.measures
            .iter()
            .filter(|m| m.id != "dept_fix_rate" && m.id != "cadre_visit")
            .all(|m| m.named)
    );
    // Scores without the two measures: a township whose only shortfall is one of them
    // scores more than under the full template, and none scores differently by chance.
    let moved = oct
        .progress
        .iter()
        .filter(|p| p.score != full.progress_of(&p.township).unwrap().score)
        .count();
    assert!(moved > 0, "the group still counts in the score");
    // 通报问题 by default: nobody ticked for the group's measures, the others as before.
    let raised = dd_analysis::followup::raise(&oct, &[], &t);
    assert!(
        raised
            .iter()
            .filter(|r| r.key == "dept_fix_rate" || r.key == "cadre_visit")
            .all(|r| !r.named)
    );
    assert!(
        raised.iter().any(|r| r.key == "cadre_visit"),
        "still raised, only not named"
    );
    assert!(raised.iter().any(|r| r.named));
    // An id that is no measure is refused.
    let err = with_ranking("[[ranking.groups]]\nname = \"x\"\nmeasures = [\"no_such\"]\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no_such") && err.contains("不是进度指标"),
        "{err}"
    );
}
