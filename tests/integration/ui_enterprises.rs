//! The Enterprises view: a request added and closed in the window is saved to the SQLite file
//! at once and shows in the counts; the register table and the Data view's figures table sort
//! by a click on any column header.

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use industry_monitor::briefing::format::one_decimal;
use industry_monitor::model::{Date, Lang, Period, RequestStatus};
use industry_monitor::store::Dataset;
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::views::data::{DataColumn, SortBy};
use industry_monitor::ui::views::enterprises::{RegisterColumn, RegisterSort};
use industry_monitor::ui::views::{Command, Tab};

/// The text of the first row's cell under the column whose sort header reads `header`: the
/// label aligned with the header, nearest below it.
fn first_cell(h: &Harness<'_, MonitorApp>, header: &str) -> String {
    let head = h.get_by_role_and_label(Role::Button, header).rect();

    h.get_all_by_role(Role::Label)
        .filter(|n| (n.rect().left() - head.left()).abs() < 2.0 && n.rect().top() >= head.bottom())
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .and_then(|n| {
            // A label's text is its accesskit value.
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .unwrap_or_else(|| panic!("no row under {header}"))
}

/// Clicks a sort header and lets the table redraw.
fn click_header(h: &mut Harness<'_, MonitorApp>, header: &str) {
    h.get_by_role_and_label(Role::Button, header).click();
    h.run();
}

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

#[test]
fn register_sorts_by_a_clicked_header_and_keeps_the_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut().send(Command::SetTab(Tab::Enterprises));
    h.run();
    let reg = h
        .state()
        .session
        .as_ref()
        .expect("session")
        .snapshot
        .register
        .clone();
    // Unsorted: the register's own order.
    assert_eq!(h.state().enterprises.sort, None);
    assert_eq!(first_cell(&h, "企业名称"), reg.enterprises[0].name);

    // Credit codes: ascending, then descending with the arrow turned.
    let mut codes: Vec<&str> = reg
        .enterprises
        .iter()
        .map(|e| e.credit_code.as_str())
        .filter(|c| !c.is_empty())
        .collect();
    codes.sort();
    click_header(&mut h, "统一社会信用代码");
    assert_eq!(
        h.state().enterprises.sort,
        Some(RegisterSort {
            column: RegisterColumn::CreditCode,
            descending: false
        })
    );
    assert_eq!(first_cell(&h, "统一社会信用代码 ▲"), codes[0]);
    click_header(&mut h, "统一社会信用代码 ▲");
    assert_eq!(
        first_cell(&h, "统一社会信用代码 ▼"),
        *codes.last().expect("codes")
    );
    // The other headers lose their arrow.
    h.get_by_role_and_label(Role::Button, "企业名称");

    // Open requests sort as numbers, most first on the second click; ties keep the
    // register's order.
    let open = |id: i64| {
        reg.requests
            .iter()
            .filter(|r| r.enterprise_id == id && r.status.is_unresolved())
            .count()
    };
    let most = reg
        .enterprises
        .iter()
        .map(|e| open(e.id))
        .max()
        .expect("enterprises");
    assert!(most > 0, "the sample has open requests");
    let busiest = reg
        .enterprises
        .iter()
        .find(|e| open(e.id) == most)
        .expect("the busiest enterprise");
    click_header(&mut h, "未结");
    click_header(&mut h, "未结 ▲");
    assert_eq!(first_cell(&h, "未结 ▼"), most.to_string());
    assert_eq!(first_cell(&h, "企业名称"), busiest.name);

    // A search keeps the sort: names containing 鸡西, in code-point order.
    h.get_by_label("搜索").click();
    h.run();
    h.get_by_label("搜索").type_text("鸡西");
    h.run();
    let mut names: Vec<&str> = reg
        .enterprises
        .iter()
        .filter(|e| e.name.contains("鸡西") || e.official.contains("鸡西"))
        .map(|e| e.name.as_str())
        .collect();
    names.sort();
    assert!(names.len() > 1 && names.len() < reg.enterprises.len());
    h.get_by_label_contains(&format!("企业名录（{}户）", names.len()));
    click_header(&mut h, "企业名称");
    assert_eq!(first_cell(&h, "企业名称 ▲"), names[0]);
    click_header(&mut h, "企业名称 ▲");
    assert_eq!(first_cell(&h, "企业名称 ▼"), *names.last().expect("names"));
    // The flag filter narrows the sorted list further.
    h.get_by_label("专精特新").click();
    h.run();
    let srdi_last = reg
        .enterprises
        .iter()
        .filter(|e| e.srdi && (e.name.contains("鸡西") || e.official.contains("鸡西")))
        .map(|e| e.name.as_str())
        .max()
        .expect("an SRDI enterprise named 鸡西…");
    assert_eq!(first_cell(&h, "企业名称 ▼"), srdi_last);
}

#[test]
fn enterprise_counts_by_flag_status_and_category_are_charts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut().send(Command::SetTab(Tab::Enterprises));
    h.run();
    h.get_by_label("分行业企业数（户）");
    h.get_by_label("分标识企业数（户）");
    h.get_by_label("诉求状态（截至期末，件）");
    h.get_by_label("诉求分类（本年累计，件）");
    h.get_by_label_contains("超30天未办结 ");
}

#[test]
fn data_figures_sort_by_region_source_period_and_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.state_mut().send(Command::SetTab(Tab::Data));
    h.run();
    let s = h.state().session.as_ref().expect("session");
    let cat = &s.snapshot.catalogue;
    let rows = s.data_rows.clone();
    let region_name = |code: &str| {
        cat.region(code)
            .map_or(code.to_string(), |r| r.name(Lang::Zh).to_string())
    };
    let mut regions: Vec<String> = rows.iter().map(|r| region_name(&r.region)).collect();
    regions.sort();
    let mut sources: Vec<String> = rows
        .iter()
        .filter_map(|r| r.source.and_then(|id| s.snapshot.figures.source(id)))
        .map(|src| {
            if src.illustrative {
                format!("{}（示意）", src.title)
            } else {
                src.title.clone()
            }
        })
        .collect();
    sources.sort();
    let earliest = rows.iter().min_by_key(|r| r.period).expect("rows");
    let smallest = rows
        .iter()
        .map(|r| r.value)
        .min_by(f64::total_cmp)
        .expect("rows");
    let largest = rows
        .iter()
        .map(|r| r.value)
        .max_by(f64::total_cmp)
        .expect("rows");
    let natural_first = region_name(&rows[0].region);
    assert_ne!(regions[0], *regions.last().expect("regions"));
    assert_ne!(sources[0], *sources.last().expect("sources"));

    click_header(&mut h, "地区");
    assert_eq!(
        h.state().data.sort,
        Some(SortBy {
            column: DataColumn::Region,
            descending: false
        })
    );
    assert_eq!(first_cell(&h, "地区 ▲"), regions[0]);
    click_header(&mut h, "地区 ▲");
    assert_eq!(first_cell(&h, "地区 ▼"), *regions.last().expect("regions"));

    click_header(&mut h, "来源");
    assert_eq!(first_cell(&h, "来源 ▲"), sources[0]);
    click_header(&mut h, "来源 ▲");
    assert_eq!(first_cell(&h, "来源 ▼"), *sources.last().expect("sources"));

    // Periods chronologically (not as text: 2022年10月 after 2022年3月), values as numbers.
    click_header(&mut h, "时期");
    assert_eq!(
        first_cell(&h, "时期 ▲"),
        earliest.period.label_with_year(earliest.basis, Lang::Zh)
    );
    let shown = |v: f64| {
        if v.abs() >= 1000.0 {
            format!("{v:.0}")
        } else {
            one_decimal(v)
        }
    };
    click_header(&mut h, "数值");
    assert_eq!(first_cell(&h, "数值 ▲"), shown(smallest));
    click_header(&mut h, "数值 ▲");
    assert_eq!(first_cell(&h, "数值 ▼"), shown(largest));

    // 默认 restores the natural order.
    h.get_by_label("默认").click();
    h.run();
    assert_eq!(h.state().data.sort, None);
    assert_eq!(first_cell(&h, "地区"), natural_first);
}

/// The register's rows and counts are worked out once and kept while nothing they rest on
/// changes (frames of hovering and idling reuse them), and again after a search, a filter,
/// a sort, a language switch or a saved request.
#[test]
fn the_register_table_is_cached_between_frames() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::harness(common::app_on_sample(dir.path()));
    h.state_mut()
        .send(Command::SelectPeriod(Period::new(2023, 4).expect("period")));
    h.state_mut().send(Command::SetTab(Tab::Enterprises));
    h.run();
    let rebuilds = |h: &Harness<'_, MonitorApp>| h.state().enterprises.register_rebuilds();
    let first = rebuilds(&h);
    assert!(first >= 1, "the table was drawn");
    h.run_steps(20);
    assert_eq!(rebuilds(&h), first, "idle frames reuse the rows");

    h.get_by_label("搜索").click();
    h.run();
    h.get_by_label("搜索").type_text("煤");
    h.run();
    let after_search = rebuilds(&h);
    assert!(after_search > first, "a search works the rows out again");
    h.run_steps(5);
    assert_eq!(rebuilds(&h), after_search);

    click_header(&mut h, "行业");
    let after_sort = rebuilds(&h);
    assert!(after_sort > after_search, "a sort works the rows out again");

    // A saved request changes the open counts: the rows follow the data.
    let s = h.state().session.as_ref().expect("session");
    let mut r = s.snapshot.register.requests[0].clone();
    r.id = 0;
    r.status = RequestStatus::Open;
    r.resolved_on = None;
    h.state_mut().send(Command::SaveRequest(r));
    h.run();
    assert!(
        rebuilds(&h) > after_sort,
        "saved data work the rows out again"
    );
}

#[test]
fn an_import_that_replaces_an_enterprise_shows_in_the_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("企业名录.csv");
    let dialogs = industry_monitor::ui::dialogs::ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![file.clone()]);
    let app = common::app_on_sample_with(dir.path(), dialogs);
    let first = app
        .session
        .as_ref()
        .expect("session")
        .snapshot
        .register
        .enterprises[0]
        .clone();
    // The same enterprise, renamed: an import with replace changes only its name, so the
    // register keeps its sizes and only the data generation can tell the views.
    let renamed = format!("{}（更名）", first.name);
    std::fs::write(
        &file,
        format!(
            "企业名称,统一社会信用代码\n{renamed},{}\n",
            first.credit_code
        ),
    )
    .expect("write");
    let mut h = common::harness(app);
    h.state_mut().send(Command::SetTab(Tab::Enterprises));
    h.run();
    assert_eq!(first_cell(&h, "企业名称"), first.name);

    h.state_mut().send(Command::SetTab(Tab::Data));
    h.run();
    h.get_by_label("导入数据…").click();
    common::wait_for_wizard(&mut h, |w| w.plan.is_some() || w.failure.is_some());
    h.get_by_label("用导入的数值替换这些数值").click();
    h.run();
    h.get_by_label("确认导入").click();
    common::wait_for_wizard(&mut h, |w| w.report.is_some() || w.failure.is_some());

    h.state_mut().send(Command::SetTab(Tab::Enterprises));
    h.run();
    assert_eq!(
        first_cell(&h, "企业名称"),
        renamed,
        "the table shows the new name"
    );
}

#[test]
fn an_import_that_replaces_a_value_reorders_the_data_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("2023年1-4月各市增速.csv");
    std::fs::write(
        &file,
        "2023年1-4月全省各市（地）规模以上工业增加值增速（%）\n地区,1-4月\n鸡西市,-42.5\n",
    )
    .expect("write");
    let dialogs = industry_monitor::ui::dialogs::ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![file]);
    let mut h = common::harness(common::app_on_sample_with(dir.path(), dialogs));
    h.state_mut().send(Command::SetTab(Tab::Data));
    h.run();
    click_header(&mut h, "数值");
    let before = first_cell(&h, "数值 ▲");
    assert_ne!(before, "-42.5");
    h.state_mut().data.selected = Some(0);
    h.run();

    // Only a value changes: as many rows as before, so only the generation tells the view.
    h.get_by_label("导入数据…").click();
    common::wait_for_wizard(&mut h, |w| w.plan.is_some() || w.failure.is_some());
    h.get_by_label("用导入的数值替换这些数值").click();
    h.run();
    h.get_by_label("确认导入").click();
    common::wait_for_wizard(&mut h, |w| w.report.is_some() || w.failure.is_some());
    assert_eq!(
        h.state().import.report.as_ref().map(|r| r.figures.replaced),
        Some(1)
    );
    h.run();
    assert_eq!(
        first_cell(&h, "数值 ▲"),
        one_decimal(-42.5),
        "the new order"
    );
    assert_eq!(
        h.state().data.selected,
        None,
        "the old selection is dropped"
    );
}
