//! Each view driven through the window as a user would: tabs, periods (including 1—2月),
//! language, hovering and clicking points; and snapshot images where the machine renders.

use crate::common;

use egui_kittest::kittest::Queryable;
use industry_monitor::model::{Lang, Period};
use industry_monitor::ui::views::{Command, Tab};
use industry_monitor::ui::widgets::hover_text;

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

fn on_tab(
    tab: Tab,
    period: Period,
) -> (
    tempfile::TempDir,
    egui_kittest::Harness<'static, industry_monitor::ui::MonitorApp>,
) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut().send(Command::SelectPeriod(period));
    h.state_mut().send(Command::SetTab(tab));
    h.run();
    (dir, h)
}

#[test]
fn growth_hover_shows_every_series_and_click_selects_the_period() {
    let (_dir, mut h) = on_tab(Tab::Growth, p(2023, 12));
    let chart = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .derived
        .growth
        .clone();
    // 2021 (the full year only), 2022 1—2月 … 2023 12月: 23 periods, no January, x labels
    // are months.
    assert_eq!(chart.periods.len(), 23);
    assert!(!chart.categories.iter().any(|c| c == "1月" || c == "2月"));
    assert_eq!(
        chart
            .categories
            .iter()
            .filter(|c| c.ends_with("1—2月"))
            .count(),
        2
    );
    let i = chart
        .periods
        .iter()
        .position(|q| *q == p(2023, 4))
        .expect("1—4月 on the axis");
    let text = hover_text(&chart, i, "个百分点");
    assert!(text.contains("鸡西市: 19.2%"), "{text}");
    assert!(text.contains("全国: 3.6%"), "{text}");
    assert!(text.contains("鸡西市 +15.6 个百分点"), "{text}");

    let transform = h.state().growth.transform.expect("plot drawn");
    let pos = transform.position_from_point(&egui_plot::PlotPoint::new(i as f64, 19.2));
    h.hover_at(pos);
    h.run();
    assert_eq!(h.state().growth.hovered, Some(i));
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    let sel = h.state().session.as_ref().expect("session").selection;
    assert_eq!(
        sel.period,
        p(2023, 4),
        "clicking the point selects 1—4月 everywhere"
    );
    // The Overview now shows 1—4月.
    h.get_by_label("概览").click();
    h.run();
    h.get_by_label("19.2%");
}

#[test]
fn ranking_shows_the_cities_and_the_streak() {
    let (_dir, mut h) = on_tab(Tab::Ranking, p(2023, 4));
    h.get_by_label_contains("居全省第1位（共13个），已连续3个月");
    let s = h.state().session.as_ref().expect("session");
    let bars = &s.derived.ranking;
    assert_eq!(bars.categories.len(), 13);
    assert!(
        bars.categories[0].ends_with("鸡西市"),
        "{:?}",
        bars.categories
    );
    assert_eq!(bars.series[0].values[0], Some(19.2));
    assert_eq!(bars.references[0].label, "黑龙江省");
    // 1—5月: Jixi falls to second.
    h.state_mut().send(Command::SelectPeriod(p(2023, 5)));
    h.run();
    h.get_by_label_contains("居全省第2位（共13个）");
    // 1—2月 has no previous period.
    h.state_mut().send(Command::SelectPeriod(p(2023, 2)));
    h.run();
    h.get_by_label_contains("居全省第1位（共13个）");
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(
        s.derived
            .analysis
            .headline
            .as_ref()
            .and_then(|x| x.rank_change),
        None
    );
}

#[test]
fn industries_shows_groups_shares_and_pulls() {
    let (_dir, mut h) = on_tab(Tab::Industries, p(2023, 4));
    h.get_by_label("四大主导产业");
    h.get_by_label("21.8%");
    h.get_by_label_contains("公开发布");
    h.get_by_label_contains("其他");
    let s = h.state().session.as_ref().expect("session");
    let shares: f64 = s.derived.shares.series[0].values.iter().flatten().sum();
    assert!((shares - 100.0).abs() < 0.5);
    assert_eq!(s.derived.pulls.references[0].label, "合计");
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Four leading industries");
    h.get_by_label_contains("Other");
}

#[test]
fn data_lists_figures_with_sources_and_the_checks() {
    let (_dir, mut h) = on_tab(Tab::Data, p(2023, 4));
    h.state_mut()
        .session
        .as_mut()
        .expect("session")
        .findings
        .wait();
    h.get_by_label("筛选").click();
    h.run();
    h.get_by_label("筛选").type_text("四大主导");
    h.run();
    // The group's published figure and its source.
    h.get_by_label("21.8").click();
    h.run();
    h.get_by_label_contains("来源：鸡西市工业和信息化局工作情况报告");
    h.get_by_label_contains("数据质量检查（5条）");
}

#[test]
fn switching_language_keeps_the_selection() {
    let (_dir, mut h) = on_tab(Tab::Overview, p(2023, 2));
    h.get_by_label("English").click();
    h.run();
    let app = h.state();
    assert_eq!(app.prefs.lang, Lang::En);
    let s = app.session.as_ref().expect("session");
    assert_eq!(s.selection.period, p(2023, 2));
    h.get_by_label("Industrial value added growth");
    h.get_by_label("31.1%");
    h.get_by_label_contains("Jan–Feb");
}

/// A snapshot image of one view (light theme, Chinese, 1—4月 2023), compared with the one
/// checked in; made with Mesa's software Vulkan (`WGPU_BACKEND=vulkan`, see .ci/run).
fn snapshot_of(tab: Tab, name: &str) {
    let (_dir, mut h) = on_tab(tab, p(2023, 4));
    if let Some(s) = h.state_mut().session.as_mut() {
        s.findings.wait();
    }
    h.state_mut().notice = None;
    h.run();
    h.snapshot(name);
}

#[test]
fn snapshot_overview() {
    snapshot_of(Tab::Overview, "overview");
}

#[test]
fn snapshot_growth() {
    snapshot_of(Tab::Growth, "growth");
}

#[test]
fn snapshot_ranking() {
    snapshot_of(Tab::Ranking, "ranking");
}

#[test]
fn snapshot_industries() {
    snapshot_of(Tab::Industries, "industries");
}

#[test]
fn snapshot_data() {
    snapshot_of(Tab::Data, "data");
}

/// The dark theme: home red kept, blues lightened, text readable on the dark panels.
#[test]
fn snapshot_ranking_dark() {
    let (_dir, mut h) = on_tab(Tab::Ranking, p(2023, 4));
    h.state_mut().send(Command::SetDark(true));
    h.state_mut().notice = None;
    h.run();
    h.snapshot("ranking_dark");
}

/// The Enterprises view, with "today" fixed so the ages of open requests do not move.
#[test]
fn snapshot_enterprises() {
    let (_dir, mut h) = on_tab(Tab::Enterprises, p(2023, 4));
    if let Some(s) = h.state_mut().session.as_mut() {
        s.today = industry_monitor::model::Date::new(2024, 1, 10).expect("date");
    }
    h.state_mut().notice = None;
    h.run();
    h.snapshot("enterprises");
}

#[test]
fn growth_years_overlaid() {
    let (_dir, mut h) = on_tab(Tab::Growth, p(2023, 4));
    h.get_by_label("各年叠加").click();
    h.run();
    assert!(h.state().growth.overlay);
    let s = h.state().session.as_ref().expect("session");
    let names: Vec<&str> = s
        .derived
        .growth_overlay
        .series
        .iter()
        .map(|x| x.name.as_str())
        .collect();
    assert_eq!(names[0], "鸡西市（2023年）", "{names:?}");
    assert!(names.contains(&"鸡西市（2022年）"), "{names:?}");
    assert_eq!(s.derived.growth_overlay.categories.len(), 11);
    assert_eq!(s.derived.growth_overlay.categories[0], "1—2月");
}

#[test]
fn chart_figures_copy_as_a_table() {
    let (_dir, mut h) = on_tab(Tab::Ranking, p(2023, 4));
    h.get_all_by_label("复制数据")
        .next()
        .expect("a copy button")
        .click();
    // The click is handled in one frame; its clipboard command is in that frame's output.
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    let text = &copied[0];
    assert!(text.starts_with("地区\t"), "{text}");
    assert!(text.contains("鸡西市\t19.2\n"), "{text}");
    assert!(text.contains("黑龙江省\t"), "{text}");
    assert_eq!(text.lines().count(), 1 + 13 + 1, "{text}");
}

#[test]
fn a_finding_leads_to_its_regions_figures() {
    let (_dir, mut h) = on_tab(Tab::Data, p(2023, 4));
    h.state_mut()
        .session
        .as_mut()
        .expect("session")
        .findings
        .wait();
    h.run();
    h.get_by_label_contains("[提示] 鹤岗市 · 规模以上工业增加值增速 · 累计")
        .click();
    h.run();
    assert_eq!(h.state().data.filter, "鹤岗市");
    // Hegang is one of the subject's peers, so the subject stays Jixi.
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.snapshot.context.region.code, "230300");
}
