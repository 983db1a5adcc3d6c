//! The snapshot comparison catches a changed number: the Overview drawn from a copy of the
//! sample in which one stored figure moved by 0.1 (Jixi's 1—4月 2023 growth, 19.2 → 19.3)
//! must fail against the checked-in `tests/snapshots/overview.png` under the thresholds of
//! `kittest.toml`. With the old 300-pixel allowance it passed, which is how stale images
//! (两年平均, 2.26亿元 missing) went unnoticed.

use std::path::Path;

use crate::common;
use egui_kittest::{SnapshotError, SnapshotOptions};
use industry_monitor::model::Period;
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::views::{Command, Tab};

/// The Overview at 1—4月 2023 on the dataset at `path`, drawn as the snapshot tests draw it.
fn overview(dir: &Path, path: &Path) -> egui_kittest::Harness<'static, MonitorApp> {
    let mut app = MonitorApp::with(
        Default::default(),
        Box::new(industry_monitor::ui::dialogs::ScriptedDialogs::default()),
        Some(dir.join("unused-sample.imdb")),
    );
    app.start(Some(path.to_path_buf()));
    let mut h = common::harness(app);
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.state_mut().send(Command::SetTab(Tab::Overview));
    h.run();
    if let Some(s) = h.state_mut().session.as_mut() {
        s.findings.wait();
        // The 包联考核 card and the 预警 panel are worked out on workers.
        s.evaluation.wait();
        s.warnings.wait();
    }
    h.state_mut().notice = None;
    h.run();
    h
}

/// Moves Jixi's stored 1—4月 2023 growth from 19.2 to 19.3.
fn alter_one_figure(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open the copy");
    let changed = conn
        .execute(
            "UPDATE observations SET value = 19.3
             WHERE abs(value - 19.2) < 1e-9 AND year = 2023 AND period = 4 AND basis = 'ytd'
               AND region_id = (SELECT id FROM regions WHERE name_zh = '鸡西市')
               AND indicator_id = (SELECT id FROM indicators WHERE code = 'va_growth')
               AND industry_id = 0 AND group_id = 0",
            [],
        )
        .expect("update");
    assert_eq!(
        changed, 1,
        "the sample stores Jixi's 1—4月 2023 growth as 19.2"
    );
}

#[test]
fn a_changed_figure_fails_the_overview_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::sample_dataset(dir.path());
    alter_one_figure(&path);
    let mut altered = overview(dir.path(), &path);

    // Compared in a folder of its own, holding a copy of the checked-in image, so that a run
    // with UPDATE_SNAPSHOTS can never write the altered window over the real snapshot.
    let out = dir.path().join("snapshots");
    std::fs::create_dir_all(&out).expect("folder");
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/overview.png");
    std::fs::copy(&checked_in, out.join("overview.png")).expect("the Overview snapshot");
    let options = SnapshotOptions::default().output_path(&out);
    let limit = options.max_failed_pixels;
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        // Updating: the checked-in image is being redrawn, so compare with the unaltered
        // sample drawn here: more pixels must differ than kittest.toml allows.
        let clean_dir = dir.path().join("clean");
        std::fs::create_dir_all(&clean_dir).expect("folder");
        let clean = overview(&clean_dir, &common::sample_dataset(&clean_dir))
            .render()
            .expect("render");
        let altered = altered.render().expect("render");
        let differing = clean
            .pixels()
            .zip(altered.pixels())
            .filter(|(a, b)| a != b)
            .count();
        assert!(
            differing > limit,
            "{differing} pixels differ, {limit} allowed"
        );
        return;
    }
    match altered.try_snapshot_options("overview", &options) {
        Err(SnapshotError::Diff { diff, .. }) => {
            assert!(
                diff as usize > limit,
                "{diff} pixels differ, {limit} allowed"
            );
            eprintln!("19.2 → 19.3 changes {diff} pixels of the Overview; {limit} are allowed");
        }
        Ok(()) => panic!(
            "the Overview with 19.3 instead of 19.2 passed the snapshot comparison: kittest.toml allows {limit} differing pixels"
        ),
        Err(other) => panic!("the comparison could not run: {other}"),
    }
}
