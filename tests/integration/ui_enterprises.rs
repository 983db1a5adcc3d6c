//! The Enterprises view: a request added and closed in the window is saved to the SQLite file
//! at once and shows in the counts.

use crate::common;

use egui_kittest::kittest::Queryable;
use industry_monitor::model::{Date, Period, RequestStatus};
use industry_monitor::store::Dataset;
use industry_monitor::ui::views::{Command, Tab};

#[test]
fn a_request_added_and_closed_in_the_window_persists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = common::app_on_sample(dir.path());
    let path = app.session.as_ref().expect("session").path();
    let mut h = common::harness(app);
    {
        let app = h.state_mut();
        let s = app.session.as_mut().expect("session");
        s.today = Date::new(2023, 12, 20).expect("date");
        app.send(Command::SelectPeriod(
            Period::new(2023, 12).expect("period"),
        ));
        app.send(Command::SetTab(Tab::Enterprises));
    }
    h.run();
    let before = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .derived
        .analysis
        .register
        .clone();
    let requests_before = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register")
        .requests
        .len();

    // Find an enterprise by searching its credit code, select it, add a request.
    let target = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .snapshot
        .register
        .enterprises[5]
        .clone();
    h.get_by_label("搜索").click();
    h.run();
    h.get_by_label("搜索").type_text(&target.credit_code);
    h.run();
    h.get_by_label(&target.name).click();
    h.run();
    assert_eq!(h.state().enterprises.selected, Some(target.id));
    h.get_by_label("新增诉求").click();
    h.run();
    h.get_by_label("诉求内容").click();
    h.run();
    h.get_by_label("诉求内容").type_text("申请技改贷款贴息");
    h.run();
    h.get_by_label("保存").click();
    h.run();

    // Saved in the file, in one transaction, and counted.
    let reg = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register");
    assert_eq!(reg.requests.len(), requests_before + 1);
    let saved = reg
        .requests
        .iter()
        .find(|r| r.text == "申请技改贷款贴息")
        .expect("the new request is in the file");
    assert_eq!(saved.enterprise_id, target.id);
    assert_eq!(saved.status, RequestStatus::Open);
    assert_eq!(saved.raised_on, Date::new(2023, 12, 20).expect("date"));
    let after = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .derived
        .analysis
        .register
        .clone();
    assert_eq!(after.requests_raised, before.requests_raised + 1);
    assert_eq!(after.requests_open, before.requests_open + 1);

    // Close it from the list.
    h.get_by_label("办结").click();
    h.run();
    let reg = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register");
    let closed = reg
        .requests
        .iter()
        .find(|r| r.text == "申请技改贷款贴息")
        .expect("still there");
    assert_eq!(closed.status, RequestStatus::Resolved);
    assert_eq!(
        closed.resolved_on,
        Some(Date::new(2023, 12, 20).expect("date"))
    );
    let after = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .derived
        .analysis
        .register
        .clone();
    assert_eq!(after.requests_resolved, before.requests_resolved + 1);
    assert_eq!(after.requests_open, before.requests_open);
}

#[test]
fn filters_by_flag_and_industry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.run();
    h.get_by_label("企业服务").click();
    h.run();
    h.get_by_label_contains("重点帮扶 318户");
    h.get_by_label_contains("新兴产业 243户");
    h.get_by_label_contains("企业名录（385户）");
    h.get_by_label("专精特新").click();
    h.run();
    let srdi = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .derived
        .analysis
        .register
        .srdi;
    h.get_by_label_contains(&format!("企业名录（{srdi}户）"));
}

#[test]
fn looking_back_at_a_period_closes_requests_today_not_at_its_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = common::app_on_sample(dir.path());
    let path = app.session.as_ref().expect("session").path();
    let mut h = common::harness(app);
    let today = Date::new(2024, 1, 10).expect("date");
    {
        let app = h.state_mut();
        app.session.as_mut().expect("session").today = today;
        app.send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
        app.send(Command::SetTab(Tab::Enterprises));
    }
    h.run();
    // The live log lists every request with its age as of today: none is negative, even
    // those raised after the period looked at.
    let s = h.state().session.as_ref().expect("session");
    assert!(
        s.snapshot
            .register
            .requests
            .iter()
            .all(|r| r.age_days(today) >= 0)
    );
    h.get_by_label("企业诉求台账（全部，当前状态）");
    let before = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register");
    h.get_all_by_label("办结")
        .next()
        .expect("an open request")
        .click();
    h.run();
    let after = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register");
    let closed: Vec<_> = after
        .requests
        .iter()
        .filter(|r| {
            before
                .requests
                .iter()
                .any(|b| b.id == r.id && b.status != r.status)
        })
        .collect();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].status, RequestStatus::Resolved);
    assert_eq!(
        closed[0].resolved_on,
        Some(today),
        "closed today, not on 2023-04-30"
    );
}
