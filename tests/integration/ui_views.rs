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
    h.get_by_label_contains("数据质量检查（12条）");
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
    // The headline card and the 包联考核 card (worked out on a worker) both name the period.
    if let Some(s) = h.state_mut().session.as_mut() {
        s.evaluation.wait();
    }
    h.run();
    assert!(h.query_all_by_label_contains("Jan–Feb").count() >= 2);
}

/// A snapshot image of one view (light theme, Chinese, 1—4月 2023), compared with the one
/// checked in; made with Mesa's software Vulkan (`WGPU_BACKEND=vulkan`, see .ci/run).
fn snapshot_of(tab: Tab, name: &str) {
    let (_dir, mut h) = on_tab(tab, p(2023, 4));
    if let Some(s) = h.state_mut().session.as_mut() {
        s.findings.wait();
        // The Overview's 包联考核 card and 预警 panel are worked out on workers too.
        s.evaluation.wait();
        s.warnings.wait();
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
    // The findings list shows a few lines: scroll to Hegang's before the click.
    h.get_by_label_contains("[提示] 鹤岗市 · 规模以上工业增加值增速 · 累计")
        .scroll_to_me();
    h.run();
    h.get_by_label_contains("[提示] 鹤岗市 · 规模以上工业增加值增速 · 累计")
        .click();
    h.run();
    assert_eq!(h.state().data.filter, "鹤岗市");
    // Hegang is one of the subject's peers, so the subject stays Jixi.
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.snapshot.context.region.code, "230300");
}

/// The window at `size` on a tab for 1—4月 2023, in `lang`.
fn sized_on_tab(
    tab: Tab,
    size: [f32; 2],
    lang: Lang,
) -> (
    tempfile::TempDir,
    egui_kittest::Harness<'static, industry_monitor::ui::MonitorApp>,
) {
    let (dir, mut h) = on_tab(tab, p(2023, 4));
    h.set_size(egui::vec2(size[0], size[1]));
    h.state_mut().send(Command::SetLang(lang));
    h.state_mut().notice = None;
    h.run();
    (dir, h)
}

/// Whether a 示意数据 badge sits on the same line as, and right of, the label `title`.
fn badge_beside(
    h: &egui_kittest::Harness<'static, industry_monitor::ui::MonitorApp>,
    title: &str,
    badge: &str,
) -> bool {
    let t = h.get_by_label(title).rect();
    h.get_all_by_label(badge).any(|b| {
        let r = b.rect();
        (r.center().y - t.center().y).abs() < 8.0 && r.left() >= t.right() - 1.0
    })
}

/// The four leading industries' rate is published, but their share and pull come from the
/// sample's illustrative industry levels: the Overview's and the Industries view's group
/// cards say so (before, only the rate counted and the cards showed no badge).
#[test]
fn group_cards_mark_a_share_and_pull_from_illustrative_levels() {
    let (_dir, mut h) = on_tab(Tab::Overview, p(2023, 4));
    h.get_by_label_contains("公开发布");
    assert!(badge_beside(&h, "四大主导产业增速", "示意数据"));
    h.state_mut().send(Command::SetTab(Tab::Industries));
    h.run();
    assert!(badge_beside(&h, "四大主导产业", "示意数据"));
    assert!(badge_beside(&h, "新兴产业", "示意数据"));
    h.get_by_label("English").click();
    h.run();
    assert!(badge_beside(&h, "Four leading industries", "illustrative"));
}

/// English group cards list their members with commas, Chinese ones with 、.
#[test]
fn group_members_are_joined_in_each_languages_way() {
    let (_dir, h) = sized_on_tab(Tab::Industries, [1400.0, 900.0], Lang::En);
    h.get_by_label_contains("Coal and coal chemicals, Graphite and new materials, ");
    assert!(h.query_by_label_contains("、").is_none());
    let (_dir, h) = sized_on_tab(Tab::Industries, [1400.0, 900.0], Lang::Zh);
    h.get_by_label_contains("煤炭及煤化工、石墨及新材料、");
}

/// Every value label of the growth bars and the pull waterfall lies inside its plot, at
/// both window sizes analysts use and in both languages: the longest bar's label is not
/// cut at the edge and the negative one does not run into the axis.
#[test]
fn bar_labels_stay_inside_their_charts() {
    for size in [[1280.0, 800.0], [1400.0, 900.0]] {
        for lang in [Lang::Zh, Lang::En] {
            let (_dir, h) = sized_on_tab(Tab::Industries, size, lang);
            let view = &h.state().industries;
            for (name, bars) in [("growth", &view.industry_growth), ("pulls", &view.pulls)] {
                let frame = bars.frame.expect("drawn");
                assert!(!bars.labels.is_empty(), "{name} has labels");
                for l in &bars.labels {
                    assert!(
                        frame.expand(0.5).contains_rect(*l),
                        "{name} at {size:?} in {lang:?}: label {l:?} outside {frame:?}"
                    );
                }
            }
        }
    }
}

/// The waterfall names every category under its bar, whole and on screen without
/// scrolling (English names wrap onto a second line rather than being dropped, and the
/// charts share the height so the waterfall's axis is not below the window's edge), at both
/// window sizes and in both languages.
#[test]
fn waterfall_names_every_category_in_full() {
    for size in [[1280.0, 800.0], [1400.0, 900.0]] {
        for lang in [Lang::Zh, Lang::En] {
            let (_dir, h) = sized_on_tab(Tab::Industries, size, lang);
            let categories = h
                .state()
                .session
                .as_ref()
                .expect("session")
                .derived
                .pulls
                .categories
                .clone();
            let texts: Vec<(String, egui::Rect, egui::Rect)> = h
                .output()
                .shapes
                .iter()
                .filter_map(|c| match &c.shape {
                    egui::Shape::Text(t) => Some((
                        t.galley.text().replace('\n', " "),
                        t.visual_bounding_rect(),
                        c.clip_rect,
                    )),
                    _ => None,
                })
                .collect();
            for c in &categories {
                let (_, rect, clip) = texts
                    .iter()
                    .find(|(t, _, _)| t == c)
                    .unwrap_or_else(|| panic!("{c} not drawn at {size:?} in {lang:?}"));
                assert!(
                    clip.expand(0.5).contains_rect(*rect),
                    "{c} cut at {size:?} in {lang:?}: {rect:?} in {clip:?}"
                );
            }
        }
    }
}

/// The Growth view's switches and its copy button stay in the window at 1280 wide in
/// English (they ran past the right edge on one line with the title).
#[test]
fn growth_toolbar_fits_at_1280() {
    for lang in [Lang::Zh, Lang::En] {
        let (_dir, h) = sized_on_tab(Tab::Growth, [1280.0, 800.0], lang);
        let copy = h.get_by_label(lang.pick("复制数据", "Copy data")).rect();
        assert!(copy.right() <= 1280.0, "{lang:?}: {copy:?}");
    }
}
