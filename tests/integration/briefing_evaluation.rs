//! The briefing's section 包联考核 (SPEC §10) on the hand-built three-officials dataset of
//! `cli_evaluate` (its module comment gives the hand-computed figures: 张三 82.667, 李四
//! 80.0, 王五 75.0 at 1—4月 2023): the narrative sentence in both languages (snapshots), a
//! tie phrased 并列, the section's absence where it has nothing to say, and every export
//! format read back (PDF text, DOCX XML, XLSX cells, Markdown, CSV).

use std::io::{Cursor, Read};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use industry_monitor::analysis::analyse;
use industry_monitor::briefing::document::{Extras, build_full};
use industry_monitor::briefing::evaluation::{BriefingEvaluation, load_for_briefing};
use industry_monitor::briefing::narrative::{Topic, topical_paragraphs_full};
use industry_monitor::briefing::returns;
use industry_monitor::briefing::{Briefing, Parts};
use industry_monitor::export::{self, Format};
use industry_monitor::model::catalogue::VA_GROWTH;
use industry_monitor::model::{Basis, Date, Lang, Period};
use industry_monitor::store::Dataset;

use crate::briefing_returns::p;
use crate::cli_evaluate::{Firm, fill, meta, three_officials};

fn dataset() -> Dataset {
    let mut ds = Dataset::in_memory(&meta()).expect("dataset");
    let (firms, requests, projects) = three_officials();
    fill(&mut ds, &firms, &requests, &projects);
    ds
}

/// Three officials with output only: 甲 and 乙 both grew 10% (100 points each), 丙 0% (60).
fn tied() -> Dataset {
    let mut ds = Dataset::in_memory(&meta()).expect("dataset");
    let firms: [Firm; 3] = [
        ("企业甲", "甲", Some((110.0, 100.0))),
        ("企业乙", "乙", Some((220.0, 200.0))),
        ("企业丙", "丙", Some((100.0, 100.0))),
    ];
    fill(&mut ds, &firms, &[], &[]);
    ds
}

fn evaluation(ds: &Dataset, region: Option<&str>, period: Period) -> Option<BriefingEvaluation> {
    let snap = ds.snapshot(region).expect("snapshot");
    load_for_briefing(ds, &snap, period).expect("load")
}

/// The paragraph of the section 包联考核.
fn section(ds: &Dataset, period: Period, lang: Lang) -> String {
    let snap = ds.snapshot(None).expect("snapshot");
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, period);
    let e = load_for_briefing(ds, &snap, period).expect("load");
    let extras = Extras {
        returns: None,
        evaluation: e.as_ref(),
        ..Extras::default()
    };
    topical_paragraphs_full(&snap, &a, extras, lang)
        .into_iter()
        .filter(|p| p.topic == Topic::Evaluation)
        .map(|p| p.text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn briefing(ds: &Dataset, period: Period, lang: Lang) -> Briefing {
    let snap = ds.snapshot(None).expect("snapshot");
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, period);
    let r = returns::load(ds, &snap, period).expect("returns");
    let e = load_for_briefing(ds, &snap, period).expect("evaluation");
    let extras = Extras {
        returns: r.as_ref(),
        evaluation: e.as_ref(),
        ..Extras::default()
    };
    let today = Date::new(2023, 5, 10).expect("date");
    build_full(&snap, &a, extras, lang, Parts::default(), today)
}

#[test]
fn the_sentence_in_chinese() {
    let text = section(&dataset(), p(2023, 4), Lang::Zh);
    // 82.667 → 82.7; 张三's output 5.0% equals the city's; 王五 −5.0%, 10.0 points below;
    // overdue: 张三 1, 李四 1.
    assert!(
        text.starts_with(
            "1—4月，全市3名包联领导参加考核，按产值增速40、投资增速20、诉求办结率20、超期诉求10、满意率10的权重计算综合得分。"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "包联领导中，张三综合得分最高（82.7分），其包联企业产值（现价）增长5.0%，与全市持平，包联项目完成投资增长100.0%，企业诉求办结率33.3%；王五得分最低（75.0分），其包联企业产值（现价）下降5.0%，低于全市10.0个百分点。"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("超期未办结诉求共2件，涉及2名包联领导。"),
        "{text}"
    );
    insta::assert_snapshot!("evaluation_2023_04_zh", text);
}

#[test]
fn the_sentence_in_english() {
    let text = section(&dataset(), p(2023, 4), Lang::En);
    assert!(
        text.starts_with("In Jan–Apr 2023, 3 paired officials were evaluated"),
        "{text}"
    );
    assert!(text.contains("张三 scored highest (82.7 points)"), "{text}");
    assert!(text.contains("the same as the city-wide rate"), "{text}");
    assert!(
        text.contains("王五 scored lowest (75.0 points): the output (at current prices) of the enterprises paired with them fell by 5.0%, 10.0 percentage points lower than the city-wide rate."),
        "{text}"
    );
    insta::assert_snapshot!("evaluation_2023_04_en", text);
}

#[test]
fn a_tie_is_phrased_as_sharing_first_place() {
    let ds = tied();
    let text = section(&ds, p(2023, 4), Lang::Zh);
    assert!(
        text.contains("包联领导中，乙、甲并列第一（100.0分）；丙得分最低（60.0分）"),
        "{text}"
    );
    // No requests: no overdue sentence.
    assert!(!text.contains("超期未办结"), "{text}");
    let text = section(&ds, p(2023, 4), Lang::En);
    assert!(
        text.contains("乙 and 甲 tied for first (100.0 points)."),
        "{text}"
    );
    let b = briefing(&ds, p(2023, 4), Lang::Zh);
    let table = b
        .tables
        .iter()
        .find(|t| t.id == "evaluation")
        .expect("table");
    let ranks: Vec<String> = table.rows.iter().map(|r| r[0].display()).collect();
    assert_eq!(ranks, ["1", "1", "3"]);
}

#[test]
fn no_section_without_officials_or_for_another_region() {
    let ds = dataset();
    assert!(evaluation(&ds, None, p(2023, 4)).is_some());
    // The register is the home region's: a county's briefing does not claim it.
    assert!(evaluation(&ds, Some("230321"), p(2023, 4)).is_none());
    let mut lonely = Dataset::in_memory(&meta()).expect("dataset");
    fill(
        &mut lonely,
        &[("企业一", "", Some((120.0, 100.0)))],
        &[],
        &[],
    );
    assert!(evaluation(&lonely, None, p(2023, 4)).is_none());
    // A period without returns or project figures (the three officials' requests run into
    // May, their returns stop at 1—4月, P1 has a 1—5月 row): only a period with something
    // to score gets the section, as `evaluate` refuses the others.
    assert!(evaluation(&ds, None, p(2023, 5)).is_some());
    assert!(
        evaluation(&ds, None, p(2023, 6)).is_some(),
        "P1's 1—5月 row still counts"
    );
    assert!(
        evaluation(&ds, None, p(2023, 2)).is_none(),
        "before any project row"
    );
    assert!(evaluation(&ds, None, p(2024, 2)).is_none());
    let b = briefing(&lonely, p(2023, 4), Lang::Zh);
    assert!(b.sections.iter().all(|s| !s.heading.contains("包联考核")));
    assert!(b.tables.iter().all(|t| t.id != "evaluation"));
}

#[test]
fn the_table_has_the_period_the_weights_and_dashes() {
    let b = briefing(&dataset(), p(2023, 4), Lang::Zh);
    let headings: Vec<&str> = b.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings.last(), Some(&"四、包联考核"), "{headings:?}");
    let t = b
        .tables
        .iter()
        .find(|t| t.id == "evaluation")
        .expect("table");
    assert_eq!(t.title, "包联考核（2023年1—4月）");
    let note = t.note.as_deref().expect("note");
    assert!(note.contains("考核期：2023年1—4月"), "{note}");
    assert!(
        note.contains("权重：产值增速40、投资增速20、诉求办结率20、超期诉求10、满意率10"),
        "{note}"
    );
    let row = |i: usize| -> Vec<String> { t.rows[i].iter().map(|c| c.display()).collect() };
    assert_eq!(
        row(0),
        [
            "1", "张三", "2", "5.0", "0.0", "100.0", "40.0", "33.3", "1", "100.0", "82.7"
        ]
    );
    assert_eq!(
        row(2),
        [
            "3", "王五", "1", "-5.0", "-10.0", "—", "—", "100.0", "0", "0.0", "75.0"
        ]
    );
    // Published figures: nothing marked, no illustrative note.
    assert!(b.illustrative_note.is_none());
}

#[test]
fn the_sample_s_scorecard_is_marked_illustrative() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = crate::common::sample_dataset(dir.path());
    let ds = Dataset::open(&path).expect("open");
    let b = briefing(&ds, p(2023, 12), Lang::Zh);
    let t = b
        .tables
        .iter()
        .find(|t| t.id == "evaluation")
        .expect("table");
    assert_eq!(t.rows.len(), 12);
    assert!(t.rows[0][10].display().ends_with('*'), "{:?}", t.rows[0]);
    assert!(b.illustrative_note.is_some());
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The words of a DOCX's document part, tags removed.
fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .expect("document part")
        .read_to_string(&mut xml)
        .expect("utf-8");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

const SENTENCE: &str = "张三综合得分最高（82.7分），其包联企业产值（现价）增长5.0%";
const WEIGHTS: &str = "权重：产值增速40、投资增速20、诉求办结率20、超期诉求10、满意率10";

#[test]
fn pdf_docx_markdown_and_csv_show_the_section() {
    let b = briefing(&dataset(), p(2023, 4), Lang::Zh);
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("b.pdf");
    export::write(&b, Format::Pdf, &pdf, None).expect("pdf");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    let text = squeeze(&String::from_utf8(out.stdout).expect("utf-8"));
    for want in [
        "四、包联考核",
        SENTENCE,
        "包联考核（2023年1—4月）",
        WEIGHTS,
        "82.7",
        "王五",
    ] {
        assert!(text.contains(want), "PDF lacks {want}: {text}");
    }
    let docx = export::render(&b, Format::Docx, None).expect("docx");
    let text = squeeze(&docx_text(&docx));
    for want in [
        "四、包联考核",
        SENTENCE,
        "包联考核（2023年1—4月）",
        WEIGHTS,
        "82.7",
    ] {
        assert!(text.contains(want), "DOCX lacks {want}: {text}");
    }
    let md =
        String::from_utf8(export::render(&b, Format::Markdown, None).expect("md")).expect("utf-8");
    assert!(md.contains("## 四、包联考核"), "{md}");
    assert!(md.contains(SENTENCE) && md.contains(WEIGHTS), "{md}");
    assert!(
        md.contains("| 1 | 张三 | 2 | 5.0 | 0.0 | 100.0 | 40.0 | 33.3 | 1 | 100.0 | 82.7 |"),
        "{md}"
    );
    assert!(
        md.contains("| 3 | 王五 | 1 | -5.0 | -10.0 | — | — | 100.0 | 0 | 0.0 | 75.0 |"),
        "{md}"
    );
    let csv = dir.path().join("b.csv");
    let written = export::write(&b, Format::Csv, &csv, None).expect("csv");
    let file = written
        .files
        .iter()
        .find(|f| f.to_string_lossy().ends_with("_evaluation.csv"))
        .expect("an evaluation CSV");
    let text = std::fs::read_to_string(file).expect("read");
    assert!(
        text.contains("3,王五,1,-5.0,-10.0,,,100.0,0,0.0,75.0,否\r\n"),
        "{text}"
    );
}

#[test]
fn xlsx_has_a_scorecard_sheet_with_numbers() {
    let b = briefing(&dataset(), p(2023, 4), Lang::Zh);
    let bytes = export::render(&b, Format::Xlsx, None).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("calamine opens it");
    assert!(
        wb.sheet_names().iter().any(|n| n == "包联考核"),
        "{:?}",
        wb.sheet_names()
    );
    let range = wb.worksheet_range("包联考核").expect("sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    // Title, then the period and weights, then the header.
    assert_eq!(rows[0][0].to_string(), "包联考核（2023年1—4月）");
    assert!(rows[1][0].to_string().contains(WEIGHTS), "{:?}", rows[1]);
    assert_eq!(rows[2][1].to_string(), "包联领导");
    assert_eq!(rows[2][10].to_string(), "综合得分");
    let zhang = &rows[3];
    assert_eq!(zhang[0], Data::Float(1.0));
    assert_eq!(zhang[1].to_string(), "张三");
    assert_eq!(zhang[2], Data::Float(2.0));
    match &zhang[10] {
        // The number itself, unrounded: the cell's format shows one decimal.
        Data::Float(v) => assert!((v - (82.0 + 2.0 / 3.0)).abs() < 1e-9, "{v}"),
        other => panic!("the score is a number, not {other:?}"),
    }
    match &zhang[7] {
        Data::Float(v) => assert!((v - 100.0 / 3.0).abs() < 1e-9, "{v}"),
        other => panic!("the resolved share is a number, not {other:?}"),
    }
    let wang = &rows[5];
    assert_eq!(wang[1].to_string(), "王五");
    assert_eq!(wang[5], Data::Empty, "no projects: an empty cell");
    assert_eq!(wang[3], Data::Float(-5.0));
}

#[test]
fn the_export_dialog_briefing_has_the_scorecard_section() {
    use egui_kittest::kittest::Queryable;
    use industry_monitor::ui::MonitorApp;
    use industry_monitor::ui::app::Prefs;
    use industry_monitor::ui::dialogs::ScriptedDialogs;
    use industry_monitor::ui::views::Command as UiCommand;

    let dir = tempfile::tempdir().expect("tempdir");
    let path = crate::cli_evaluate::three_officials_file(dir.path());
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(ScriptedDialogs::default()),
        Some(dir.path().join("unused-sample.imdb")),
    );
    app.start(Some(path));
    let mut h = crate::common::harness(app);
    h.state_mut().send(UiCommand::SelectPeriod(p(2023, 4)));
    h.run();
    h.get_by_label("导出会议材料").click();
    h.run();
    let b = h.state().export.briefing.clone().expect("briefing");
    let section = b
        .sections
        .iter()
        .find(|s| s.heading == "四、包联考核")
        .unwrap_or_else(|| panic!("no 包联考核 section: {:?}", b.sections));
    assert!(section.paragraphs[0].contains(SENTENCE), "{section:?}");
    assert!(b.tables.iter().any(|t| t.id == "evaluation"));
    // Editable like the other sections.
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "四、包联考核");
}

#[test]
fn projects_from_an_illustrative_source_mark_the_scorecard() {
    let mut ds = dataset();
    assert!(
        !evaluation(&ds, None, p(2023, 4))
            .expect("section")
            .illustrative
    );
    let owner = ds.register().expect("register").enterprises[0].id;
    ds.write(|w| -> Result<(), industry_monitor::store::StoreError> {
        let source = w.add_source(&industry_monitor::model::Source {
            id: 0,
            title: "示意项目表".into(),
            publisher: String::new(),
            published_on: String::new(),
            url: String::new(),
            note: String::new(),
            illustrative: true,
        })?;
        w.add_project(
            &industry_monitor::model::InvestmentProject {
                id: 0,
                enterprise_id: owner,
                name: "示意项目".into(),
                period: p(2023, 4),
                planned_total: Some(100.0),
                planned_year: Some(50.0),
                done_ytd: Some(10.0),
                done_last: None,
            },
            Some(source),
        )?;
        Ok(())
    })
    .expect("illustrative project");
    assert!(
        evaluation(&ds, None, p(2023, 4))
            .expect("section")
            .illustrative
    );
}
