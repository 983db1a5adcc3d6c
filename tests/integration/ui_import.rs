//! The import wizard in the Data view: a bulletin picked with the dialog is previewed,
//! committed, and its figures show in every view; a broken file shows located errors and
//! leaves the dataset unchanged.

use crate::common;

use egui_kittest::kittest::Queryable;
use industry_monitor::model::{Basis, catalogue::VA_GROWTH};
use industry_monitor::model::{Period, SeriesKey};
use industry_monitor::ui::dialogs::ScriptedDialogs;

fn checked(w: &industry_monitor::ui::views::import_wizard::ImportWizard) -> bool {
    w.plan.is_some() || w.failure.is_some()
}

fn committed(w: &industry_monitor::ui::views::import_wizard::ImportWizard) -> bool {
    w.report.is_some() || w.failure.is_some()
}

const BULLETIN: &str = "2024年1-2月全省各市（地）规模以上工业增加值增速（%）
地区,1-2月
全省,5.1
哈尔滨市,4.0
齐齐哈尔市,6.2
鸡西市,12.3
鹤岗市,7.5
双鸭山市,8.8
大庆市,2.1
伊春市,5.5
佳木斯市,6.6
七台河市,9.0
牡丹江市,4.4
黑河市,10.1
绥化市,3.9
大兴安岭地区,1.2
";

#[test]
fn a_bulletin_imported_through_the_wizard_shows_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("2024年1-2月各市增速.csv");
    std::fs::write(&file, BULLETIN).expect("write");
    let dialogs = ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![file]);
    let app = common::app_on_sample_with(dir.path(), dialogs);
    let path = app.session.as_ref().expect("session").path();
    let mut h = common::harness(app);
    h.run();
    h.get_by_label("数据").click();
    h.run();
    h.get_by_label("导入数据…").click();
    common::wait_for_wizard(&mut h, checked);
    // The preview: 14 new figures (province and 13 cities), nothing in error.

    h.get_by_label_contains("数据：新增14");
    h.get_by_label("12.3");
    h.get_by_label("确认导入").click();
    common::wait_for_wizard(&mut h, committed);
    // The banner and the wizard both report it.
    h.get_by_label("导入完成：新增14个数据，替换0个。");

    // In the dataset file, and in the views: 2024 1—2月 is now selectable and ranked.
    let ds = industry_monitor::store::Dataset::open(&path).expect("open");
    let snap = ds.snapshot(None).expect("snapshot");
    let key = SeriesKey::whole("230300", VA_GROWTH, Basis::Ytd);
    let p = Period::new(2024, 2).expect("period");
    assert_eq!(snap.figures.value(&key, p), Some(12.3));
    let s = h.state().session.as_ref().expect("session");
    assert!(s.periods.contains(&p));
    h.state_mut()
        .send(industry_monitor::ui::views::Command::SelectPeriod(p));
    h.run();
    h.get_by_label("概览").click();
    h.run();
    h.get_by_label("12.3%");
    h.get_by_label("第1位 / 13");
}

#[test]
fn a_broken_file_shows_located_errors_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("坏文件.csv");
    std::fs::write(
        &file,
        BULLETIN
            .replace("12.3", "12,3x")
            .replace("鹤岗市", "鹤港市"),
    )
    .expect("write");
    let dialogs = ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![file]);
    let app = common::app_on_sample_with(dir.path(), dialogs);
    let path = app.session.as_ref().expect("session").path();
    let before = std::fs::read(&path).expect("read");
    let mut h = common::harness(app);
    h.run();
    h.get_by_label("数据").click();
    h.run();
    h.get_by_label("导入数据…").click();
    common::wait_for_wizard(&mut h, checked);
    h.get_by_label_contains("发现2处错误");
    // Each error names the file, the row, the cell and the reason, in the window's
    // language: no English "row"/"column" in a Chinese window.
    h.get_by_label_contains("坏文件.csv，第6行：此行有3个单元格，而标题行有2个");
    h.get_by_label_contains("坏文件.csv，第7行，A列（地区）：“鹤港市”：未知地区；是否为");
    h.get_by_label_contains("“鹤壁市”、“鹤岗市”？");
    assert!(h.query_by_label_contains("row 6").is_none());
    assert!(h.query_by_label_contains("unknown region").is_none());
    assert!(h.query_by_label("确认导入").is_none());
    // After a switch to English the same errors are said in English.
    h.get_by_label("English").click();
    h.run();
    h.get_by_label_contains(
        "坏文件.csv, row 7, column A (地区): “鹤港市”: unknown region; did you mean",
    );
    assert!(h.query_by_label_contains("未知地区").is_none());
    assert_eq!(std::fs::read(&path).expect("read"), before);
}
