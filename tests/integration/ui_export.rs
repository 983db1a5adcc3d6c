//! The Export dialog: the narrative edited in the window goes into the files, which are
//! written off the UI thread; an existing file is only replaced after confirmation.

use crate::common;

use egui_kittest::kittest::Queryable;
use industry_monitor::model::Period;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::Command;
use industry_monitor::ui::views::export_dialog::Outcome;

fn wait_for_export(h: &mut egui_kittest::Harness<'static, industry_monitor::ui::MonitorApp>) {
    for _ in 0..300 {
        h.run();
        if h.state().export.job.is_none() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the export did not finish");
}

/// The editor of the section 一's first paragraph (the headline; the targets' follows).
fn first<'a>(
    h: &'a egui_kittest::Harness<'_, industry_monitor::ui::MonitorApp>,
) -> egui_kittest::Node<'a> {
    h.query_all_by_role_and_label(
        egui::accesskit::Role::MultilineTextInput,
        "一、总体运行情况",
    )
    .next()
    .expect("the headline paragraph's editor")
}

#[test]
fn the_edited_narrative_is_exported_and_overwrite_asks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out").join("简报.pdf");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
    let dialogs = ScriptedDialogs::default();
    dialogs.saves.borrow_mut().push(out.clone());
    dialogs.saves.borrow_mut().push(out.clone());
    let mut h = common::harness(common::app_on_sample_with(dir.path(), dialogs));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.run();
    h.get_by_label("导出会议材料").click();
    h.run();
    h.get_by_label("鸡西市工业经济运行情况（2023年1—4月）");

    // Edit the headline paragraph.
    let edited = "1—4月，全市规模以上工业增加值同比增长19.2%，经会议审定。";

    let editor = first(&h);
    editor.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    first(&h).type_text(edited);
    h.run();
    assert_eq!(
        h.state()
            .export
            .briefing
            .as_ref()
            .expect("briefing")
            .sections[0]
            .paragraphs[0],
        edited
    );

    h.get_by_label("选择保存位置并导出…").click();
    wait_for_export(&mut h);
    let files = match &h.state().export.outcome {
        Some(Outcome::Written(files)) => files.clone(),
        other => panic!("export failed: {other:?}"),
    };
    assert_eq!(files, vec![out.clone(), out.with_extension("docx")]);
    // Never skipped: without pdftotext the test fails and says what to install.
    let text = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext reads the PDF back: install poppler-utils");
    assert!(
        text.status.success(),
        "pdftotext failed on {}",
        out.display()
    );
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', "");
    assert!(text.contains("经会议审定"), "{text}");
    h.get_by_label("打开所在文件夹");

    // Again: both files exist, so the dialog asks first.
    let before = std::fs::metadata(&out)
        .expect("pdf")
        .modified()
        .expect("mtime");
    h.get_by_label("选择保存位置并导出…").click();
    h.run();
    h.get_by_label_contains("以下文件已存在");
    assert_eq!(
        std::fs::metadata(&out)
            .expect("pdf")
            .modified()
            .expect("mtime"),
        before
    );
    h.get_by_label("覆盖").click();
    wait_for_export(&mut h);
    assert!(matches!(
        h.state().export.outcome,
        Some(Outcome::Written(_))
    ));
}

/// Changing the period after editing the narrative asks before the edits are lost; the
/// generated text can be restored.
#[test]
fn edits_are_not_lost_silently() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.run();
    h.get_by_label("导出会议材料").click();
    h.run();
    let first = |h: &egui_kittest::Harness<'static, industry_monitor::ui::MonitorApp>| {
        h.state()
            .export
            .briefing
            .as_ref()
            .expect("briefing")
            .sections[0]
            .paragraphs[0]
            .clone()
    };
    let generated = first(&h);
    assert!(generated.starts_with("1—4月"), "{generated}");
    let edited = "经会议审定的文字。";
    h.state_mut()
        .export
        .briefing
        .as_mut()
        .expect("briefing")
        .sections[0]
        .paragraphs[0] = edited.to_string();
    h.run();
    assert!(h.state().export.edited());

    // Another period: the dialog asks, and keeps the text until told.
    h.state_mut().export.period = Period::new(2023, 3).expect("period");
    h.run();
    h.get_by_label_contains("您对正文的修改将丢失");
    assert!(
        h.query_by_label("选择保存位置并导出…").is_none(),
        "no export meanwhile"
    );
    assert_eq!(first(&h), edited);
    h.get_by_label("保留修改").click();
    h.run();
    assert_eq!(
        h.state().export.period,
        Period::new(2023, 4).expect("period")
    );
    assert_eq!(first(&h), edited);

    // Regenerate: the new period's text replaces the edit.
    h.state_mut().export.period = Period::new(2023, 3).expect("period");
    h.run();
    h.get_by_label("重新生成").click();
    h.run();
    let march = first(&h);
    assert!(march.starts_with("1—3月"), "{march}");
    assert!(!h.state().export.edited());

    // An edit can be undone with one button.
    h.state_mut()
        .export
        .briefing
        .as_mut()
        .expect("briefing")
        .sections[0]
        .paragraphs[0] = edited.to_string();
    h.run();
    h.get_by_label("恢复自动生成的正文").click();
    h.run();
    assert_eq!(first(&h), march);
    assert!(h.query_by_label("恢复自动生成的正文").is_none());

    // Tables, charts and sources change freely: the edits carry over, nothing is asked.
    let set_edit = |h: &mut egui_kittest::Harness<'static, industry_monitor::ui::MonitorApp>| {
        h.state_mut()
            .export
            .briefing
            .as_mut()
            .expect("briefing")
            .sections[0]
            .paragraphs[0] = edited.to_string();
        h.run();
    };
    set_edit(&mut h);
    h.state_mut().export.parts.tables = false;
    h.run();
    assert!(h.query_by_label_contains("您对正文的修改将丢失").is_none());
    assert_eq!(first(&h), edited);
    assert!(
        h.state()
            .export
            .briefing
            .as_ref()
            .expect("briefing")
            .tables
            .is_empty()
    );

    // Ctrl+E again, or closing and reopening the dialog, keeps the edits.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    assert_eq!(first(&h), edited);
    h.state_mut().export.open = false;
    h.run();
    h.get_by_label("导出会议材料").click();
    h.run();
    // Reopened on the window's period (1—4月): not the edited 1—3月, so it asks.
    h.get_by_label_contains("您对正文的修改将丢失");
    h.get_by_label("保留修改").click();
    h.run();
    assert_eq!(first(&h), edited);
}
