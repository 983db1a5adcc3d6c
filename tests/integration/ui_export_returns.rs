//! The window's Export dialog passes the dataset's returns to the briefing: the section
//! 重点企业运行 and its tables are in the briefing it edits and writes.

use crate::briefing_returns::returns_file;
use crate::common;

use egui_kittest::kittest::Queryable;
use industry_monitor::model::Period;
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::Command;

#[test]
fn the_export_dialog_briefing_has_the_returns_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = returns_file(dir.path(), false);
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(ScriptedDialogs::default()),
        Some(dir.path().join("unused-sample.imdb")),
    );
    app.start(Some(path));
    let mut h = common::harness(app);
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.run();
    h.get_by_label("导出会议材料").click();
    h.run();
    let b = h.state().export.briefing.clone().expect("briefing");
    let section = b
        .sections
        .iter()
        .find(|s| s.heading == "二、重点企业运行")
        .unwrap_or_else(|| panic!("no returns section: {:?}", b.sections));
    assert!(
        section.paragraphs[0].contains("实现工业总产值（现价）2630万元，同比增长5.2%"),
        "{section:?}"
    );
    let ids: Vec<&str> = b.tables.iter().map(|t| t.id.as_str()).collect();
    assert!(
        ids.contains(&"returns") && ids.contains(&"enterprises"),
        "{ids:?}"
    );
    // The section is editable like the others.
    h.get_by_role_and_label(
        egui::accesskit::Role::MultilineTextInput,
        "二、重点企业运行",
    );
}
