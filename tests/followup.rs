//! 督办 across three months: the problems August raises are judged by September's data
//! (已整改 / 有改善 / 未整改), a hand-closed one keeps its note, undoing September re-opens
//! what it had closed, and September's brief reports how last month's problems stand.

use std::path::PathBuf;

use dd_analysis::followup::{self, Item, State};
use dd_core::model::YearMonth;
use dd_core::template::{DEFAULT_TEMPLATE, Template};
use dd_export::compose;
use dd_import::import_paths;
use dd_office::collect::{self, Arrival};
use dd_store::{ProblemEdit, Workspace};

fn sample(month: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("assets/samples/示例月调度表2024年{month}月.xlsx"))
}

fn ym(m: u32) -> YearMonth {
    YearMonth::new(2024, m).unwrap()
}

fn arrive(ws: &mut Workspace, t: &Template, month: u32) {
    let outcome = import_paths(&[sample(month)], t);
    let a = collect::arrive(
        ws,
        t,
        DEFAULT_TEMPLATE,
        &outcome,
        ym(month),
        collect::Consent::Ask,
    )
    .unwrap();
    assert!(matches!(a, Arrival::Stored { .. }));
}

/// A workspace without the samples, with the sample months `months` arrived.
fn workspace(months: &[u32]) -> (tempfile::TempDir, Template, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let t = Template::bundled();
    let mut ws = dd_office::open_workspace(dir.path()).unwrap();
    ws.remove_samples().unwrap();
    for m in months {
        arrive(&mut ws, &t, *m);
    }
    (dir, t, ws)
}

/// Ticks every problem the months raised, so the ledger follows all of them.
fn name_all(ws: &mut Workspace, t: &Template, months: &[u32]) {
    dd_office::followup::refresh(ws, t).unwrap();
    let ids: Vec<i64> = ws
        .followups()
        .unwrap()
        .iter()
        .filter(|f| months.iter().any(|m| f.raised.month == ym(*m)))
        .map(|f| f.id)
        .collect();
    for id in ids {
        let tick = ProblemEdit {
            named: Some(true),
            ..ProblemEdit::default()
        };
        ws.edit_problem(id, &tick).unwrap();
    }
}

fn ledger(ws: &mut Workspace, t: &Template, as_of: u32) -> Vec<Item> {
    let analysis = dd_office::followup::refresh(ws, t).unwrap();
    followup::ledger(&ws.followups().unwrap(), &analysis, ym(as_of), t).unwrap()
}

fn find<'a>(items: &'a [Item], town: &str, key: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.raised.township == town && i.raised.key == key)
        .unwrap_or_else(|| panic!("no item {town} {key}"))
}

#[test]
fn last_months_problems_are_judged_by_this_months_data() {
    let (_dir, t, mut ws) = workspace(&[8, 9]);
    name_all(&mut ws, &t, &[8]);

    let items = ledger(&mut ws, &t, 9);
    assert!(items.iter().all(|i| i.raised.month == ym(8)));
    // A measure that reached its target: 中沙镇 风险消除率 56.3% → 60.2% (target 60%).
    let i = find(&items, "中沙镇", "risk_cleared_rate");
    assert_eq!(i.raised.what, "风险消除率56.3%（目标60%）");
    assert_eq!(i.state, State::Fixed);
    // Better but not there: 毛田镇 53% → 56.7%.
    assert_eq!(
        find(&items, "毛田镇", "risk_cleared_rate").state,
        State::Better {
            from: "53%".into(),
            to: "56.7%".into()
        }
    );
    // Worse: 东山街道 41.5% → 40.3%.
    let dongshan = find(&items, "东山街道", "risk_cleared_rate");
    assert_eq!(dongshan.state, State::Open);
    assert_eq!(dongshan.now.as_deref(), Some("40.3%"));
    // Duties: 部分落实 → 已落实, 未落实 → 部分落实, 未落实 still.
    assert_eq!(find(&items, "翻江镇", "r3_department").state, State::Fixed);
    assert!(matches!(
        find(&items, "栗山镇", "r3_department").state,
        State::Better { .. }
    ));
    assert_eq!(find(&items, "壶天镇", "r1_leader").state, State::Open);

    // Closed by hand, with a note: it stays closed and keeps the note.
    ws.close_followup(dongshan.id, Some("已约谈，限期一个月整改"))
        .unwrap();
    let items = ledger(&mut ws, &t, 9);
    match &find(&items, "东山街道", "risk_cleared_rate").state {
        State::Closed { note, .. } => assert_eq!(note, "已约谈，限期一个月整改"),
        other => panic!("{other:?}"),
    }

    // September's brief says how August's problems stand, with the ledger's counts.
    let count = |f: &dyn Fn(&State) -> bool| items.iter().filter(|i| f(&i.state)).count();
    let (fixed, better, closed) = (
        count(&|s| *s == State::Fixed),
        count(&|s| matches!(s, State::Better { .. })),
        count(&|s| matches!(s, State::Closed { .. })),
    );
    let open = items.len() - fixed - better - closed;
    let input = {
        let a = dd_office::followup::refresh(&mut ws, &t).unwrap();
        dd_office::brief::input(&ws, &a, &t, ym(9))
    }
    .unwrap();
    let text = compose(&input).body_text();
    let expected = format!(
        "2024年8月通报的{}项问题中，已整改{fixed}项、有改善{better}项、未整改{open}项、已销号1项。",
        items.len()
    );
    assert!(text.contains("（二）上月通报问题整改情况。"), "{text}");
    assert!(text.contains(&expected), "{expected} not in {text}");
    assert!(text.contains("未整改的有：") && text.contains("请相关乡镇（街道）限期整改到位"));

    // Undoing September re-opens what it had closed: August's problems wait for a later
    // month again; the hand closing stays; September's own problems are withdrawn.
    let raised_in_september = ws
        .followups()
        .unwrap()
        .into_iter()
        .filter(|f| f.raised.month == ym(9) && !f.withdrawn)
        .count();
    assert!(raised_in_september > 0);
    ws.undo(ym(9)).unwrap();
    let after = ledger(&mut ws, &t, 9);
    assert_eq!(
        find(&after, "中沙镇", "risk_cleared_rate").state,
        State::Pending
    );
    assert!(matches!(
        find(&after, "东山街道", "risk_cleared_rate").state,
        State::Closed { .. }
    ));
    assert!(
        ws.followups()
            .unwrap()
            .iter()
            .filter(|f| f.raised.month == ym(9))
            .all(|f| f.withdrawn),
        "kept, marked withdrawn"
    );
    // September again: judged again, nothing lost.
    arrive(&mut ws, &t, 9);
    let again = ledger(&mut ws, &t, 9);
    assert_eq!(
        find(&again, "中沙镇", "risk_cleared_rate").state,
        State::Fixed
    );
    assert_eq!(again.len(), items.len());
    assert_eq!(
        ws.followups()
            .unwrap()
            .iter()
            .filter(|f| f.raised.month == ym(9) && !f.withdrawn)
            .count(),
        raised_in_september
    );
}

/// A problem named in August's brief and again in September's is one item in October's
/// ledger: the September raising, judged by October's data.
#[test]
fn a_problem_raised_twice_is_followed_once() {
    let (_dir, t, mut ws) = workspace(&[8, 9, 10]);
    name_all(&mut ws, &t, &[8, 9]);
    let items = ledger(&mut ws, &t, 10);
    let stored = ws.followups().unwrap();
    let twice = stored
        .iter()
        .filter(|s| s.raised.month == ym(8))
        .find(|a| {
            stored.iter().any(|b| {
                b.raised.month == ym(9)
                    && (&b.raised.township, &b.raised.kind, &b.raised.key)
                        == (&a.raised.township, &a.raised.kind, &a.raised.key)
            })
        })
        .expect("some problem is raised in August and again in September");
    let same: Vec<&Item> = items
        .iter()
        .filter(|i| {
            (&i.raised.township, &i.raised.kind, &i.raised.key)
                == (
                    &twice.raised.township,
                    &twice.raised.kind,
                    &twice.raised.key,
                )
        })
        .collect();
    assert_eq!(same.len(), 1, "{same:?}");
    assert_eq!(same[0].raised.month, ym(9));
    // Fewer items than raisings: August's repeats are not listed again.
    let raised_before = stored.iter().filter(|s| s.raised.month < ym(10)).count();
    assert!(
        items.len() < raised_before,
        "{} of {raised_before}",
        items.len()
    );
}

/// The ledger is raised again after every change of the months and only then: opening the
/// workspace again finds it current, and a new arrival brings its month's problems.
#[test]
fn the_ledger_is_raised_again_after_a_change_and_only_then() {
    let (_dir, t, mut ws) = workspace(&[8]);
    let first = ledger(&mut ws, &t, 9);
    assert!(!first.is_empty() && first.iter().all(|i| i.raised.month == ym(8)));
    let synced = ws.followups_synced().unwrap();
    assert!(synced.is_some());
    // Nothing changed: refreshing again keeps the same items and the same fingerprint.
    assert_eq!(ledger(&mut ws, &t, 9), first);
    assert_eq!(ws.followups_synced().unwrap(), synced);

    arrive(&mut ws, &t, 9);
    let later = ledger(&mut ws, &t, 10);
    assert!(
        later.iter().any(|i| i.raised.month == ym(9)),
        "September raised"
    );
    assert_ne!(ws.followups_synced().unwrap(), synced);
}

/// What a month's view and brief read of the ledger (its raisings and each earlier problem's
/// latest raising) judges exactly as the whole ledger does, withdrawn items left out.
#[test]
fn the_ledger_as_of_a_month_reads_only_what_it_shows() {
    let (_dir, t, mut ws) = workspace(&[8, 9, 10]);
    dd_office::followup::refresh(&mut ws, &t).unwrap();
    // October undone: its raisings stay, withdrawn.
    ws.undo(ym(10)).unwrap();
    let analysis = dd_office::followup::refresh(&mut ws, &t).unwrap();
    let all = ws.followups().unwrap();
    assert!(all.iter().any(|f| f.withdrawn), "some raisings withdrawn");
    for m in [8, 9, 10, 11] {
        let shown = ws.followups_as_of(ym(m)).unwrap();
        assert!(
            shown.len() < all.len(),
            "{m}: {} of {}",
            shown.len(),
            all.len()
        );
        assert!(
            shown
                .iter()
                .all(|f| !f.withdrawn && f.raised.month <= ym(m))
        );
        let whole: Vec<Item> = followup::ledger(&all, &analysis, ym(m), &t)
            .unwrap()
            .into_iter()
            .filter(|i| i.state != State::Withdrawn)
            .collect();
        assert_eq!(
            followup::ledger(&shown, &analysis, ym(m), &t).unwrap(),
            whole,
            "as of {m}"
        );
        let raised = |list: &[dd_store::StoredFollowup]| {
            list.iter()
                .filter(|f| f.raised.month == ym(m) && !f.withdrawn)
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(raised(&shown), raised(&all), "raised in {m}");
    }
}

fn brief_of(ws: &mut Workspace, t: &Template, month: u32) -> dd_export::Brief {
    let a = dd_office::followup::refresh(ws, t).unwrap();
    compose(&dd_office::brief::input(ws, &a, t, ym(month)).unwrap())
}

/// The text of 四、存在问题 up to the next heading.
fn problems_section(brief: &dd_export::Brief) -> String {
    let text = brief.body_text();
    let start = text.find("存在问题").expect("a 存在问题 heading");
    let rest = &text[start..];
    let end = rest.find("五、").unwrap_or(rest.len());
    rest[..end].to_string()
}

/// The 整改清单 attachment's rows: (township, problem, 责任单位, 整改时限).
fn rectification(brief: &dd_export::Brief) -> Vec<Vec<String>> {
    let sheet = brief
        .workbook
        .iter()
        .find(|s| s.name == "整改清单")
        .expect("a 整改清单 sheet");
    sheet
        .table
        .rows
        .iter()
        .map(|r| r.iter().skip(1).map(|c| c.text.clone()).collect())
        .collect()
}

/// By default a brief names the worst of each kind; the clerk ticks five problems instead:
/// the brief names those five (and only they are in its 整改清单), and next month's 督办
/// follows exactly those five.
#[test]
fn the_brief_names_the_problems_the_clerk_ticked_and_the_ledger_follows_them() {
    let (_dir, t, mut ws) = workspace(&[9, 10]);
    dd_office::followup::refresh(&mut ws, &t).unwrap();
    let september: Vec<_> = ws
        .followups()
        .unwrap()
        .into_iter()
        .filter(|f| f.raised.month == ym(9))
        .collect();
    let max = t.brief.problems.max_items;
    let named = september.iter().filter(|f| f.choice.named).count();
    assert!(
        named > 0 && named < september.len(),
        "the worst ticked by default: {named} of {}",
        september.len()
    );
    // The default never ticks more than max_items of one measure.
    let mut by_measure = std::collections::HashMap::<&str, usize>::new();
    for f in september
        .iter()
        .filter(|f| f.choice.named && f.raised.kind == "measure")
    {
        *by_measure.entry(f.raised.key.as_str()).or_default() += 1;
    }
    assert!(by_measure.values().all(|n| *n <= max), "{by_measure:?}");

    // The clerk keeps five: three measure problems of different townships and two duties.
    let measure: Vec<_> = september
        .iter()
        .filter(|f| f.raised.kind == "measure")
        .take(3)
        .collect();
    let duty: Vec<_> = september
        .iter()
        .filter(|f| {
            f.raised.kind == "duty"
                && !measure
                    .iter()
                    .any(|m| m.raised.township == f.raised.township)
        })
        .take(2)
        .collect();
    let chosen: Vec<_> = measure.into_iter().chain(duty).collect();
    assert_eq!(chosen.len(), 5);
    for f in &september {
        let edit = ProblemEdit {
            named: Some(chosen.iter().any(|c| c.id == f.id)),
            ..ProblemEdit::default()
        };
        ws.edit_problem(f.id, &edit).unwrap();
    }
    // The clerk's words and deadline for one of them.
    ws.edit_problem(
        chosen[0].id,
        &ProblemEdit {
            wording: Some("风险消除进度明显滞后".into()),
            deadline: Some("2024年11月15日".into()),
            ..ProblemEdit::default()
        },
    )
    .unwrap();

    let brief = brief_of(&mut ws, &t, 9);
    let rows = rectification(&brief);
    assert_eq!(rows.len(), 5, "{rows:?}");
    for c in &chosen {
        assert!(rows.iter().any(|r| r[0] == c.raised.township), "{rows:?}");
    }
    let worded = rows
        .iter()
        .find(|r| r[1] == "风险消除进度明显滞后")
        .expect("the clerk's words");
    assert_eq!(worded[0], chosen[0].raised.township);
    assert_eq!(worded[3], "2024年11月15日");
    assert!(rows.iter().all(|r| r[2] == r[0]), "责任单位: the township");
    // 存在问题 names the chosen townships and no township with an unticked problem only.
    let section = problems_section(&brief);
    for c in &chosen {
        assert!(
            section.contains(&c.raised.township),
            "{} not in {section}",
            c.raised.township
        );
    }
    for f in september.iter().filter(|f| {
        f.raised.kind != "balance"
            && f.raised.kind != "late"
            && !chosen
                .iter()
                .any(|c| c.raised.township == f.raised.township)
    }) {
        assert!(
            !section.contains(&format!("{}（", f.raised.township))
                && !section.contains(&format!("、{}", f.raised.township)),
            "{} named though unticked: {section}",
            f.raised.township
        );
    }

    // October's 督办 follows those five, and its brief counts them.
    let items = ledger(&mut ws, &t, 10);
    let followed: Vec<i64> = items
        .iter()
        .filter(|i| i.raised.month == ym(9))
        .map(|i| i.id)
        .collect();
    let mut want: Vec<i64> = chosen.iter().map(|c| c.id).collect();
    want.sort();
    let mut got = followed.clone();
    got.sort();
    assert_eq!(got, want);
    let text = brief_of(&mut ws, &t, 10).body_text();
    assert!(text.contains("2024年9月通报的5项问题中"), "{text}");
}

/// A problem the data do not show, added by hand: named in the brief and its 整改清单,
/// followed next month as 待手工销号 (no figure closes it), closed by hand with a note.
#[test]
fn a_problem_added_by_hand_is_named_followed_and_closed_by_hand() {
    let (_dir, t, mut ws) = workspace(&[9, 10]);
    let id = ws
        .add_problem(
            ym(9),
            "毛田镇",
            "产业帮扶项目台账不全",
            Some("2024年10月31日"),
        )
        .unwrap();
    let brief = brief_of(&mut ws, &t, 9);
    assert!(
        problems_section(&brief).contains("毛田镇产业帮扶项目台账不全。"),
        "{}",
        problems_section(&brief)
    );
    assert!(
        rectification(&brief)
            .iter()
            .any(|r| r[..] == ["毛田镇", "产业帮扶项目台账不全", "毛田镇", "2024年10月31日"])
    );
    // A new raising of the months never withdraws it.
    ws.undo(ym(10)).unwrap();
    arrive(&mut ws, &t, 10);
    let items = ledger(&mut ws, &t, 10);
    let item = items
        .iter()
        .find(|i| i.id == id)
        .expect("followed in October");
    assert_eq!(item.state, State::Open);
    assert_eq!(item.now.as_deref(), Some("待手工销号"));
    ws.close_followup(id, Some("已补齐台账")).unwrap();
    let items = ledger(&mut ws, &t, 10);
    let item = items.iter().find(|i| i.id == id).unwrap();
    assert!(matches!(&item.state, State::Closed { note, .. } if note == "已补齐台账"));
    assert!(brief_of(&mut ws, &t, 10).body_text().contains("已销号1项"));
}

/// A paragraph the clerk rewrote is in the .docx and the .pdf; when a new arrival changes
/// the figures it was written from, it is kept and flagged for review (需复核).
#[test]
fn a_rewritten_paragraph_is_exported_and_flagged_when_the_data_change() {
    let (_dir, t, mut ws) = workspace(&[9]);
    let brief = brief_of(&mut ws, &t, 9);
    let (key, generated) = brief
        .body
        .iter()
        .find_map(|b| match b {
            dd_export::Block::Paragraph(p) if p.key.as_deref() == Some("overall.0") => {
                Some(("overall.0".to_string(), p.text()))
            }
            _ => None,
        })
        .expect("a first 总体情况 paragraph");
    let edited = "（一）监测帮扶。全市监测对象稳中有降，经领导小组审定改写。".to_string();
    ws.put_brief_edit(
        ym(9),
        &dd_store::BriefEdit {
            key: key.clone(),
            generated: generated.clone(),
            edited: edited.clone(),
        },
    )
    .unwrap();
    let brief = brief_of(&mut ws, &t, 9);
    assert!(brief.body_text().contains("经领导小组审定改写"));
    assert!(!brief.edits[0].stale);
    let docx = dd_export::render(&brief, dd_export::Format::Docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("经领导小组审定改写"));
    let pdf = dd_export::render(&brief, dd_export::Format::Pdf).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (scripts/setup.sh installs poppler-utils)");
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("经领导小组审定改写"), "{text}");

    // October's figures arrive as September's (a township resent): the edit stays, flagged.
    let outcome = import_paths(&[sample(10)], &t);
    collect::arrive(
        &mut ws,
        &t,
        DEFAULT_TEMPLATE,
        &outcome,
        ym(9),
        collect::Consent::All,
    )
    .unwrap();
    let brief = brief_of(&mut ws, &t, 9);
    assert!(brief.body_text().contains("经领导小组审定改写"));
    assert!(brief.edits[0].stale, "{:?}", brief.edits);
    assert_ne!(brief.edits[0].generated, generated);
}

/// The 成文日期 and 发文顺序号 chosen for a month are kept with it and printed; what is no date
/// or no number is refused and keeps what was there.
#[test]
fn the_date_and_number_chosen_for_a_month_go_into_its_brief() {
    let (_dir, bundled, mut ws) = workspace(&[9, 10]);
    let mut file = bundled.file().clone();
    file.brief.document.mark = "{issuer}文件".into();
    file.brief.document.number = "湘巩衔办〔{year}〕{number}号".into();
    let t = Template::from_file(&file).unwrap();
    dd_office::brief::set_date(&mut ws, ym(10), "2024-10-30").unwrap();
    dd_office::brief::set_number(&mut ws, ym(10), "012").unwrap();
    let brief = brief_of(&mut ws, &t, 10);
    assert_eq!(brief.date, "2024年10月30日");
    assert_eq!(
        brief.masthead.as_ref().and_then(|m| m.number.as_deref()),
        Some("湘巩衔办〔2024〕12号")
    );
    assert_eq!(brief.imprint.unwrap().printed, "2024年10月30日印发");
    let bad = dd_office::brief::set_number(&mut ws, ym(10), "第12号").unwrap_err();
    assert!(bad.to_string().contains("阿拉伯数字"), "{bad}");
    assert!(dd_office::brief::set_date(&mut ws, ym(10), "2024-02-30").is_err());
    let brief = brief_of(&mut ws, &t, 10);
    assert_eq!(brief.date, "2024年10月30日");
    assert!(brief.masthead.unwrap().number.unwrap().contains("12号"));
    // Emptied: no number printed.
    dd_office::brief::set_number(&mut ws, ym(10), "").unwrap();
    assert_eq!(brief_of(&mut ws, &t, 10).masthead.unwrap().number, None);
}
