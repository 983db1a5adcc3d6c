//! The region picker: another city of the dataset becomes the subject of every view and of
//! the briefing; the register stays with the home region; the choice is remembered.

use crate::common;

use egui_kittest::kittest::Queryable;
use industry_monitor::briefing::palette;
use industry_monitor::model::catalogue::VA_GROWTH;
use industry_monitor::model::{Basis, Period, SeriesKey};
use industry_monitor::store::Dataset;
use industry_monitor::ui::views::{Command, Tab};

const DAQING: &str = "230600";

#[test]
fn another_city_becomes_the_subject_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let april = Period::new(2023, 4).expect("period");
    // Daqing's figure as stored, read without the analysis the window uses.
    let stored = {
        let copy = dir.path().join("copy");
        std::fs::create_dir(&copy).expect("mkdir");
        let ds = Dataset::open(&common::sample_dataset(&copy)).expect("open");
        ds.snapshot(Some(DAQING))
            .expect("snapshot")
            .figures
            .value(&SeriesKey::whole(DAQING, VA_GROWTH, Basis::Ytd), april)
            .expect("Daqing has 1—4月 2023")
    };

    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut().send(Command::SelectPeriod(april));
    h.run();
    h.get_by_label("地区").click();
    h.run();
    // The list (cities and Jixi's counties) is taller than the window: scroll to the city.
    h.get_by_label("大庆市").scroll_to_me();
    h.run();
    h.get_by_label("大庆市").click();
    h.run();

    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.snapshot.context.region.code, DAQING);
    assert_eq!(s.selection.period, april, "the period is kept");
    assert!(!s.is_home());
    // Every region of the sample's ranking can be picked, the nation and province too.
    assert!(s.regions.len() >= 15, "{:?}", s.regions);
    assert_eq!(
        h.state().prefs.last_region.as_deref(),
        Some(DAQING),
        "remembered for the next start"
    );
    h.get_by_label(&format!("{stored:.1}%"));
    // Jixi's industry groups have no figures for Daqing: no empty cards for them.
    assert!(h.query_by_label("四大主导产业增速").is_none());
    // The ranking highlights the new subject.
    let ranking = &h.state().session.as_ref().expect("session").derived.ranking;
    let colors = ranking.series[0]
        .point_colors
        .as_ref()
        .expect("bar colours");
    let highlighted: Vec<&String> = ranking
        .categories
        .iter()
        .zip(colors)
        .filter(|(_, c)| **c == palette::HOME)
        .map(|(name, _)| name)
        .collect();
    assert_eq!(highlighted.len(), 1, "{highlighted:?}");
    assert!(highlighted[0].contains("大庆"), "{highlighted:?}");

    // The briefing is Daqing's.
    h.get_by_label("导出会议材料").click();
    h.run();
    h.get_by_label("大庆市工业经济运行情况（2023年1—4月）");
    h.state_mut().export.open = false;
    h.run();

    // The register belongs to Jixi: the Enterprises view says so and leads back.
    h.state_mut().send(Command::SetTab(Tab::Enterprises));
    h.run();
    h.get_by_label_contains("企业名录和服务台账属于鸡西市");
    h.get_by_label("切换到鸡西市").click();
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert!(s.is_home());
    assert_eq!(h.state().prefs.last_region, None);
    h.get_by_label_contains("318");
}

#[test]
fn the_region_is_restored_when_the_dataset_is_reopened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut()
        .send(Command::SelectRegion(DAQING.to_string()));
    h.run();
    let path = h.state().session.as_ref().expect("session").path();
    // The same dataset opened again (as at the next start) comes back on Daqing.
    h.state_mut().send(Command::OpenDataset(path));
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.snapshot.context.region.code, DAQING);

    // A region without figures is refused with a message; nothing changes.
    h.state_mut()
        .send(Command::SelectRegion("110000".to_string()));
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.snapshot.context.region.code, DAQING);
    h.get_by_label_contains("数据集中没有北京市的累计增速数据");
    // Every notice is said again after a language switch, not only the sample's.
    h.get_by_label("English").click();
    h.run();
    h.get_by_label_contains("The dataset has no year to date growth figures for Beijing");
}

/// A dataset imported from a list of 22 cities' 1—4月 2023 growth (Heilongjiang's 13 and
/// Jilin's 9), home region 鸡西市, no enterprise register.
fn cities_dataset(dir: &std::path::Path) -> std::path::PathBuf {
    use industry_monitor::import::{self, ImportOptions};
    // Heilongjiang's 13 cities and Jilin's 9 divisions, 1—4月 2023.
    const JILIN: [&str; 9] = [
        "长春市",
        "吉林市",
        "四平市",
        "辽源市",
        "通化市",
        "白山市",
        "松原市",
        "白城市",
        "延边朝鲜族自治州",
    ];
    let cities = crate::import_support::HLJ_CITIES.iter().chain(&JILIN);
    let mut csv = String::from("地区,指标,时期,口径,数值\n");
    for (i, c) in cities.enumerate() {
        csv.push_str(&format!(
            "{c},规上工业增加值增速,2023-04,累计,{}.5\n",
            i + 1
        ));
    }
    let file = dir.join("cities.csv");
    std::fs::write(&file, csv).expect("write");
    let path = dir.join("cities.imdb");
    let options = ImportOptions {
        home_region: Some("鸡西市".into()),
        ..ImportOptions::default()
    };
    import::run(&[file], &path, &options, false, false).expect("import");

    path
}

#[test]
fn many_regions_can_be_narrowed_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = cities_dataset(dir.path());
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut().send(Command::OpenDataset(path));
    h.run();
    assert_eq!(
        h.state().session.as_ref().expect("session").regions.len(),
        22
    );
    h.get_by_label("地区").click();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput).click();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("daqing");
    h.run();
    assert!(h.query_by_label("哈尔滨市").is_none(), "filtered out");
    h.get_by_label("大庆市").click();
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.snapshot.context.region.code, DAQING);
    assert!(
        h.query_by_role(egui::accesskit::Role::TextInput).is_none(),
        "picking a region closes the list"
    );
    h.get_by_label("6.5%");

    // The filter typed for the long list does not hide regions of a short one.
    h.state_mut().send(Command::OpenSample);
    h.run();
    h.get_by_label("地区").click();
    h.run();
    h.get_by_label("哈尔滨市");
}

#[test]
fn the_subjects_own_periods_survive_a_reopen_and_the_basis_narrows_the_list() {
    use industry_monitor::import::{self, ImportOptions};
    let dir = tempfile::tempdir().expect("tempdir");
    // Daqing has 1—5月, Jixi (home) stops at 1—4月; only year-to-date figures.
    let file = dir.path().join("two.csv");
    std::fs::write(
        &file,
        "地区,指标,时期,口径,数值\n鸡西市,规上工业增加值增速,2023-04,累计,19.2\n\
         大庆市,规上工业增加值增速,2023-04,累计,4.0\n大庆市,规上工业增加值增速,2023-05,累计,4.4\n",
    )
    .expect("write");
    let path = dir.path().join("two.imdb");
    let options = ImportOptions {
        home_region: Some("鸡西市".into()),
        ..ImportOptions::default()
    };
    import::run(&[file], &path, &options, false, false).expect("import");

    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut().send(Command::OpenDataset(path.clone()));
    h.state_mut()
        .send(Command::SelectRegion(DAQING.to_string()));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 5).expect("period")));
    h.run();
    h.state_mut().send(Command::OpenDataset(path));
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.snapshot.context.region.code, DAQING);
    assert_eq!(s.selection.period, Period::new(2023, 5).expect("period"));

    // No monthly figures at all: on the month basis no region is offered.
    h.state_mut().send(Command::SetBasis(Basis::Month));
    h.run();
    assert!(
        h.state()
            .session
            .as_ref()
            .expect("session")
            .regions
            .is_empty()
    );
    h.state_mut().send(Command::SetBasis(Basis::Ytd));
    h.run();
    assert_eq!(
        h.state().session.as_ref().expect("session").regions.len(),
        2
    );
}

#[test]
fn a_dataset_without_a_register_can_take_another_home_region() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = cities_dataset(dir.path());
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut().send(Command::OpenDataset(path.clone()));
    h.state_mut()
        .send(Command::SelectRegion(DAQING.to_string()));
    h.run();
    h.get_by_label("地区").click();
    h.run();
    h.get_by_label("设大庆市为本地地区").click();
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.home, DAQING);
    assert!(s.is_home());
    assert_eq!(s.snapshot.title, "大庆市工业运行监测");
    h.get_by_label_contains("已将大庆市设为本数据集的本地地区");
    // Saved in the file at once.
    let meta = Dataset::open(&path).expect("open").meta().expect("meta");
    assert_eq!(meta.home_region, DAQING);

    // The sample has a register: its home stays 鸡西市 whatever is clicked.
    h.state_mut().send(Command::OpenSample);
    h.state_mut()
        .send(Command::SelectRegion(DAQING.to_string()));
    h.run();
    h.get_by_label("地区").click();
    h.run();
    h.get_by_label("设大庆市为本地地区").click();
    h.run();
    let s = h.state().session.as_ref().expect("session");
    assert_eq!(s.home, "230300");
}
