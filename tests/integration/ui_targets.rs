//! The window's side of issue 15 (SPEC §11, §12): the Overview's key-indicator table with
//! target progress, the annual targets editor, the Ranking view's counties with drill-down
//! and back up, and the tile map. Built on a dataset written here through the store API
//! (not on the sample, whose figures change on their own).

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use industry_monitor::model::catalogue::{VA, VA_GROWTH};
use industry_monitor::model::target::{Target, TargetValue};
use industry_monitor::model::{Basis, Period, Subject};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::app::Prefs;
use industry_monitor::ui::dialogs::ScriptedDialogs;
use industry_monitor::ui::views::Command;
use industry_monitor::ui::views::Tab;
use industry_monitor::ui::views::ranking::Scope;

const JIXI: &str = "230300";
const HLJ: &str = "230000";
const JIGUAN: &str = "230302";
const HENGSHAN: &str = "230303";
const JIDONG: &str = "230321";
const HULIN: &str = "230381";

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

/// Jixi (home), Heilongjiang and Harbin, four of Jixi's counties over 1—5月 and 1—6月 2023;
/// Jixi's value added and revenue levels; a rate target (value added +8%), a level target
/// (revenue 500亿元) and a county's rate target (鸡东县 +10%).
fn dataset(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("targets.imdb");
    let meta = DatasetMeta {
        title: "目标测试".into(),
        home_region: JIXI.into(),
        is_sample: false,
    };
    let mut ds = Dataset::create(&path, &meta).expect("create");
    let (may, june) = (p(2023, 5), p(2023, 6));
    let figures: Vec<(&str, &str, Period, f64)> = vec![
        (JIXI, VA_GROWTH, june, 10.0),
        (JIXI, VA_GROWTH, may, 9.0),
        (HLJ, VA_GROWTH, june, 4.0),
        (HLJ, VA_GROWTH, may, 3.5),
        ("230100", VA_GROWTH, june, 5.0),
        ("230100", VA_GROWTH, may, 5.5),
        (JIGUAN, VA_GROWTH, may, 14.0),
        (JIGUAN, VA_GROWTH, june, 12.0),
        (HENGSHAN, VA_GROWTH, may, 5.0),
        (HENGSHAN, VA_GROWTH, june, 6.0),
        (JIDONG, VA_GROWTH, may, 9.0),
        (JIDONG, VA_GROWTH, june, 15.0),
        (HULIN, VA_GROWTH, may, 7.0),
        (HULIN, VA_GROWTH, june, 8.0),
        (JIXI, VA, june, 600_000.0),
        (JIXI, VA, p(2022, 6), 550_000.0),
        (JIXI, VA, p(2022, 12), 1_200_000.0),
        (JIXI, "revenue", june, 2_000_000.0),
    ];
    ds.write(|w| {
        let ids = w.ids().clone();
        let path = w.path().to_path_buf();
        let mut fw = w.figures()?;
        for (region, indicator, period, value) in &figures {
            let key = ObservationKey::from_codes(
                &ids,
                region,
                indicator,
                &Subject::Whole,
                Basis::Ytd,
                *period,
            )
            .expect("key");
            fw.insert_new(&key, *value, None)
                .map_err(industry_monitor::store::sql_err(&path))?;
        }
        Ok::<_, StoreError>(())
    })
    .expect("figures");
    for (region, indicator, value) in [
        (JIXI, VA_GROWTH, TargetValue::Rate(8.0)),
        (JIXI, "revenue", TargetValue::Level(5_000_000.0)),
        (JIDONG, VA_GROWTH, TargetValue::Rate(10.0)),
    ] {
        ds.save_target(&Target {
            id: 0,
            region: region.into(),
            indicator: indicator.into(),
            year: 2023,
            value,
            source: None,
        })
        .expect("target");
    }
    path
}

fn app_on(path: &std::path::Path, dir: &std::path::Path) -> MonitorApp {
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(ScriptedDialogs::default()),
        Some(dir.join("unused-sample.imdb")),
    );
    app.start(Some(path.to_path_buf()));
    app
}

fn subject(h: &egui_kittest::Harness<'static, MonitorApp>) -> String {
    let s = h.state().session.as_ref().expect("session");
    s.snapshot.context.region.code.clone()
}

#[test]
fn the_overview_lists_every_indicator_with_its_target_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path());
    let mut h = common::harness(app_on(&path, dir.path()));
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.selection.period, p(2023, 6));
    let codes: Vec<&str> = s
        .derived
        .indicators
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    // Value-added growth is carried by the value-added row (not repeated); revenue has one.
    assert_eq!(codes, [VA, "revenue"]);
    h.get_by_label("主要指标");
    h.get_by_label("规模以上工业增加值");
    // 10.0 − 8 = +2.0; T = 1,200,000 × 1.08 = 1,296,000;
    // (1,296,000 − 600,000) / (1,200,000 − 550,000) − 1 = 7.08 %.
    h.get_by_label("目标增长8%；高于目标2.0个百分点；其余月份需增长7.1%");
    // 2,000,000 / 5,000,000 = 40.0 % against 6/12 = 50.0 %: 10 points behind, not 双过半;
    // last year's revenue is not in the dataset.
    h.get_by_label(
        "目标500亿元；完成40.0%；序时进度50.0%；欠序时进度10.0个百分点；时间过半、任务过半 ×；无法计算：缺少上年全年总量、上年同期累计总量",
    );
    // Gap to the province (10.0 − 4.0) and rank among Heilongjiang's two ranked cities.
    h.get_by_label("+6.0");
    h.get_by_label("第1位/2");
    h.get_by_label("English").click();
    h.run();
    h.get_by_label_contains("cannot compute: missing last year's full-year level");
}

#[test]
fn the_editor_refuses_a_percent_for_a_level_saves_and_deletes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path());
    let mut h = common::harness(app_on(&path, dir.path()));
    h.state_mut().send(Command::OpenTargets);
    h.run();
    // The three stored targets are listed.
    h.get_by_label("增长8%");
    h.get_by_label("500亿元");
    h.get_by_label("增长10%");
    {
        let editor = &mut h.state_mut().targets;
        editor.draft.region = JIXI.into();
        editor.draft.indicator = "profit".into();
        editor.draft.year = 2023;
    }
    h.get_by_role(Role::TextInput).click();
    h.run();
    h.get_by_role(Role::TextInput).type_text("8%");
    h.run();
    h.get_by_label("保存目标").click();
    h.run();
    h.get_by_label_contains("目标未保存");
    let stored = |path: &std::path::Path| {
        Dataset::open(path)
            .expect("open")
            .targets()
            .expect("targets")
    };
    assert_eq!(stored(&path).len(), 3, "nothing saved");
    // The same refusal in English after a switch.
    h.get_by_label("English").click();
    h.run();
    h.get_by_label_contains("The target was not saved");
    h.get_by_label("中文").click();
    h.run();

    h.state_mut().targets.draft.text.clear();
    h.run();
    h.get_by_role(Role::TextInput).click();
    h.run();
    h.get_by_role(Role::TextInput).type_text("30亿元");
    h.run();
    h.get_by_label("保存目标").click();
    h.run();
    let after = stored(&path);
    let editor = &h.state().targets;
    assert_eq!(after.len(), 4, "{:?} {:?}", editor.draft, editor.problem);
    let profit = after
        .iter()
        .find(|t| t.indicator == "profit")
        .expect("the profit target is stored");
    assert_eq!((profit.region.as_str(), profit.year), (JIXI, 2023));
    assert_eq!(
        profit.value,
        TargetValue::Level(300_000.0),
        "30亿元 in 万元"
    );
    assert_eq!(h.state().session.as_ref().expect("s").targets.len(), 4);
    h.get_by_label("30亿元");

    // Delete the revenue target: the Overview loses its progress.
    let revenue_id = after
        .iter()
        .find(|t| t.indicator == "revenue")
        .expect("revenue")
        .id;
    let position = after
        .iter()
        .position(|t| t.id == revenue_id)
        .expect("listed");
    let buttons: Vec<_> = h.query_all_by_label("删除").collect();
    assert_eq!(buttons.len(), 4);
    buttons[position].click();
    // The delete starts a new data generation: let the Overview's workers answer.
    h.step();
    if let Some(s) = h.state_mut().session.as_mut() {
        s.warnings.wait();
        s.evaluation.wait();
    }
    h.run();
    let left = stored(&path);
    assert_eq!(left.len(), 3);
    assert!(left.iter().all(|t| t.id != revenue_id));
    let s = h.state().session.as_ref().expect("session");
    let revenue = s
        .derived
        .indicators
        .iter()
        .find(|r| r.code == "revenue")
        .expect("row");
    assert!(revenue.target.is_none(), "the table follows the deletion");
}

#[test]
fn the_counties_rank_and_a_tile_drills_down_and_up_goes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path());
    let mut h = common::harness(app_on(&path, dir.path()));
    h.state_mut().send(Command::SetTab(Tab::Ranking));
    h.run();
    h.get_by_label("全市各县区").click();
    h.run();
    assert_eq!(h.state().ranking.scope, Scope::Counties);
    let reads = h.state().ranking.reads;
    h.run();
    assert_eq!(
        h.state().ranking.reads,
        reads,
        "a frame does not read the dataset"
    );
    {
        let data = h
            .state()
            .ranking
            .data
            .as_ref()
            .expect("data")
            .as_ref()
            .expect("loaded");
        let order: Vec<(&str, u32)> = data
            .rows
            .iter()
            .map(|r| (r.code.as_str(), r.rank))
            .collect();
        assert_eq!(order, [(JIDONG, 1), (JIGUAN, 2), (HULIN, 3), (HENGSHAN, 4)]);
        // 鸡东: 9.0 in May (2nd after 鸡冠 14.0) → 15.0 in June (1st); 5 points above the city.
        let jidong = &data.rows[0];
        assert_eq!(
            (jidong.change, jidong.streak, jidong.gap_pp),
            (Some(1), 1, Some(5.0))
        );
        // Its 10% target: 15.0 − 10 = 5.0 points above.
        let t = jidong.target.as_ref().expect("鸡东's target");
        assert_eq!(t.gap_pp, Some(5.0));
        // 鸡冠 held 2nd or better in May and June.
        assert_eq!(data.rows[1].streak, 2);
        let map = data.map.as_ref().expect("map");
        assert_eq!(map.tiles.len(), 9, "one tile per county of the catalogue");
    }
    // One clickable tile per county, drawn: four with figures, five without.
    let tiles = h.query_all_by_role(Role::Button).filter(|n| {
        n.accesskit_node()
            .label()
            .is_some_and(|l| l.ends_with(" —") || l.ends_with(".0"))
    });
    assert_eq!(tiles.count(), 9);
    h.get_by_label_contains("高于目标5.0个百分点");

    // A click on a bar makes its county the subject.
    let frame = h.state().ranking.bars_frame.expect("bars drawn");
    let pos = egui::pos2(frame.left() + 30.0, frame.top() + frame.height() * 0.6);
    h.hover_at(pos);
    h.run();
    let i = h.state().ranking.hovered.expect("a bar under the pointer");
    let bar_county = {
        let data = h
            .state()
            .ranking
            .data
            .as_ref()
            .expect("data")
            .as_ref()
            .expect("loaded");
        data.bar_regions[i].clone()
    };
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
    assert_eq!(subject(&h), bar_county);
    h.get_by_label("返回上级（鸡西市）").click();
    h.run();
    assert_eq!(subject(&h), JIXI);

    // A target saved meanwhile shows at once (a new generation: the scope is read again).
    h.state_mut().send(Command::SaveTarget(Target {
        id: 0,
        region: HULIN.into(),
        indicator: VA_GROWTH.into(),
        year: 2023,
        value: TargetValue::Rate(6.0),
        source: None,
    }));
    h.run();
    {
        let data = h
            .state()
            .ranking
            .data
            .as_ref()
            .expect("data")
            .as_ref()
            .expect("loaded");
        let hulin = data.rows.iter().find(|r| r.code == HULIN).expect("虎林");
        assert_eq!(
            hulin.target.as_ref().and_then(|t| t.gap_pp),
            Some(2.0),
            "8.0 − 6"
        );
    }

    // Hovering a tile names the county, its figure and its gap to the city.
    h.get_by_role_and_label(Role::Button, "鸡东 15.0").hover();
    h.run_steps(60);
    h.get_by_label_contains("鸡东：15.0%  比鸡西市+5.0个百分点");

    // Down: the 鸡东 tile makes the county the subject.
    h.get_by_role_and_label(Role::Button, "鸡东 15.0").click();
    h.run();
    assert_eq!(subject(&h), JIDONG);
    h.get_by_label("鸡东县居全市第1位（共4个）");
    // Up to the city, and up again to the province.
    h.get_by_label("返回上级（鸡西市）").click();
    h.run();
    assert_eq!(subject(&h), JIXI);
    h.get_by_label("全省各市").click();
    h.run();
    h.get_by_label("返回上级（黑龙江省）").click();
    h.run();
    assert_eq!(subject(&h), HLJ);
    // Province → city by its tile; the city offers its counties.
    h.get_by_role_and_label(Role::Button, "鸡西 10.0").click();
    h.run();
    assert_eq!(subject(&h), JIXI);
    h.get_by_label("查看鸡西市各县区").click();
    h.run();
    assert_eq!(h.state().ranking.scope, Scope::Counties);
}

#[test]
fn snapshot_ranking_counties() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path());
    let mut h = common::harness(app_on(&path, dir.path()));
    h.state_mut().send(Command::SetTab(Tab::Ranking));
    h.run();
    h.state_mut().ranking.scope = Scope::Counties;
    h.state_mut().send(Command::SelectRegion(JIGUAN.into()));
    h.state_mut().notice = None;
    h.run();
    h.snapshot("ranking_counties");
}

#[test]
fn a_read_only_dataset_says_its_targets_cannot_be_saved() {
    use industry_monitor::model::{Lang, Period};
    use industry_monitor::ui::session::Session;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dataset(dir.path());
    let ds = Dataset::open_read_only(&path).expect("open read-only");
    let session = Session::from_dataset(ds, Basis::Ytd, Lang::Zh, None::<Period>).expect("session");
    let mut app = MonitorApp::with(
        Prefs::default(),
        Box::new(ScriptedDialogs::default()),
        Some(dir.path().join("unused-sample.imdb")),
    );
    app.session = Some(session);
    let mut h = common::harness(app);
    h.state_mut().send(Command::OpenTargets);
    h.run();
    h.get_by_label_contains("数据集为只读打开，年度目标无法保存");
    h.state_mut().targets.draft.indicator = "profit".into();
    h.state_mut().targets.draft.text = "30亿元".into();
    h.run();
    h.get_by_label("保存目标").click();
    h.run();
    assert_eq!(
        Dataset::open(&path)
            .expect("open")
            .targets()
            .expect("targets")
            .len(),
        3,
        "the disabled button saves nothing"
    );
}
