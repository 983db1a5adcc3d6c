//! Crash safety and sharing (SPEC §8 "Robust"): a dataset killed in the middle of an import
//! holds all or none of it and passes `PRAGMA integrity_check`; an export killed while
//! writing never leaves a half-written file under its name; a read-only dataset opens
//! read-only with a notice; two windows writing the same dataset do not corrupt it.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use industry_monitor::model::{Date, RequestStatus, ServiceRequest};
use industry_monitor::store::{Dataset, StoreError};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_industry-monitor"))
}

fn integrity_ok(path: &Path) -> bool {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    verdict == "ok"
}

fn figure_count(path: &Path) -> i64 {
    Dataset::open(path)
        .expect("open")
        .figure_count()
        .expect("count")
}

/// Runs `cmd`, kills it with SIGKILL after `after`, and says whether it had already ended.
fn kill_after(mut cmd: Command, after: Duration) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + after;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    false
}

fn import_cmd(into: &Path, csv: &Path) -> Command {
    let mut c = bin();
    // The generated file revises some of the sample's figures: replace them.
    c.args(["import", "--replace", "--into"]).arg(into).arg(csv);
    c
}

#[test]
fn a_killed_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("big.csv");
    industry_monitor::sample::large::write_long_csv(&csv, 150_000).expect("csv");
    let original = common::sample_dataset(dir.path());
    let before = figure_count(&original);

    // How long a whole import takes here.
    let probe = dir.path().join("probe.imdb");
    std::fs::copy(&original, &probe).expect("copy");
    let t = Instant::now();
    let status = import_cmd(&probe, &csv).status().expect("import");
    assert!(status.success());
    let full = t.elapsed();
    let after = figure_count(&probe);
    assert!(after > before + 100_000, "{before} → {after}");

    let mut killed = 0;
    for fraction in [0.1, 0.3, 0.5, 0.7, 0.9] {
        // Into an existing dataset: the transaction is rolled back from its journal.
        let target = dir.path().join(format!("existing-{fraction}.imdb"));
        std::fs::copy(&original, &target).expect("copy");
        if !kill_after(import_cmd(&target, &csv), full.mul_f64(fraction)) {
            killed += 1;
        }
        let n = figure_count(&target);
        assert!(
            integrity_ok(&target),
            "integrity after a kill at {fraction}"
        );
        assert!(
            n == before || n == after,
            "{n} figures: neither none ({before}) nor all ({after})"
        );

        // Into a new dataset: it appears complete under its name, or not at all.
        let fresh = dir.path().join(format!("new-{fraction}.imdb"));
        kill_after(import_cmd(&fresh, &csv), full.mul_f64(fraction));
        if fresh.exists() {
            assert!(integrity_ok(&fresh));
            assert!(figure_count(&fresh) > 100_000);
        }
    }
    assert!(
        killed >= 3,
        "most runs must really be killed mid-import (full run {full:?})"
    );
}

#[test]
fn a_killed_export_never_leaves_a_partial_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dataset = common::sample_dataset(dir.path());
    let export = |out: &PathBuf, format: &str| {
        let mut c = bin();
        c.args([
            "export",
            "--period",
            "2023-04",
            "--format",
            format,
            "--dataset",
        ])
        .arg(&dataset)
        .arg("--out")
        .arg(out);
        c
    };
    for format in ["pdf", "docx", "xlsx"] {
        let probe = dir.path().join(format!("probe.{format}"));
        let t = Instant::now();
        assert!(export(&probe, format).status().expect("export").success());
        let full = t.elapsed();
        let complete = std::fs::read(&probe).expect("read");
        for fraction in [0.2, 0.5, 0.8, 0.95] {
            let out = dir.path().join(format!("killed-{fraction}.{format}"));
            kill_after(export(&out, format), full.mul_f64(fraction));
            if out.exists() {
                let bytes = std::fs::read(&out).expect("read");
                assert_eq!(
                    bytes.len(),
                    complete.len(),
                    "{format} at {fraction}: a partial file"
                );
            }
        }
    }
}

/// A dataset that cannot be written, made one of three ways, undone on drop (also when the
/// test fails).
enum ReadOnly {
    /// `chattr +i`: not even root can write it (needs CAP_LINUX_IMMUTABLE and a file
    /// system with the flag; overlayfs in containers has none).
    Immutable(PathBuf),
    /// Its folder bind-mounted read-only (`mount --bind` + `remount,ro`; needs
    /// CAP_SYS_ADMIN): writes fail with EROFS, for root too.
    Mounted(PathBuf),
    /// Mode 0444: enough for a user other than root.
    Permissions(PathBuf),
}

impl ReadOnly {
    fn name(&self) -> &'static str {
        match self {
            ReadOnly::Immutable(_) => "chattr +i",
            ReadOnly::Mounted(_) => "read-only bind mount",
            ReadOnly::Permissions(_) => "mode 0444",
        }
    }

    /// The dataset's path while it is read-only.
    fn path(&self) -> PathBuf {
        match self {
            ReadOnly::Immutable(p) | ReadOnly::Permissions(p) => p.clone(),
            ReadOnly::Mounted(mount) => mount.join("sample.imdb"),
        }
    }

    /// Every way that works here, each on its own copy of the sample under `dir`, and why
    /// the others did not.
    fn every_way(dir: &Path) -> (Vec<ReadOnly>, Vec<String>) {
        let (mut made, mut failed) = (Vec::new(), Vec::new());
        for way in ["chattr", "mount", "chmod"] {
            let sub = dir.join(way);
            std::fs::create_dir_all(&sub).expect("folder");
            let path = common::sample_dataset(&sub);
            let result = match way {
                "chattr" => Self::immutable(&path),
                "mount" => Self::mounted(&sub),
                _ => Self::permissions(&path),
            };
            match result {
                Ok(r)
                    if std::fs::OpenOptions::new()
                        .append(true)
                        .open(r.path())
                        .is_err() =>
                {
                    made.push(r)
                }
                Ok(_) => failed.push(format!("{way}: the file stayed writable")),
                Err(e) => failed.push(format!("{way}: {e}")),
            }
        }
        (made, failed)
    }

    fn immutable(path: &Path) -> Result<ReadOnly, String> {
        run("chattr", &["+i".as_ref(), path.as_os_str()])?;
        Ok(ReadOnly::Immutable(path.to_path_buf()))
    }

    fn mounted(dir: &Path) -> Result<ReadOnly, String> {
        let mount = dir.with_extension("ro");
        std::fs::create_dir_all(&mount).map_err(|e| e.to_string())?;
        run(
            "mount",
            &["--bind".as_ref(), dir.as_os_str(), mount.as_os_str()],
        )?;
        // From here on the drop unmounts, also when the remount fails.
        let guard = ReadOnly::Mounted(mount.clone());
        run(
            "mount",
            &["-o".as_ref(), "remount,ro,bind".as_ref(), mount.as_os_str()],
        )?;
        Ok(guard)
    }

    fn permissions(path: &Path) -> Result<ReadOnly, String> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444))
            .map_err(|e| e.to_string())?;
        Ok(ReadOnly::Permissions(path.to_path_buf()))
    }
}

/// Runs a command; its stderr on failure.
fn run(cmd: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| format!("{cmd} could not run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        match self {
            ReadOnly::Immutable(p) => {
                let _ = run("chattr", &["-i".as_ref(), p.as_os_str()]);
            }
            ReadOnly::Mounted(m) => {
                let _ = run("umount", &[m.as_os_str()]);
            }
            ReadOnly::Permissions(_) => {}
        }
    }
}

/// Never skipped: the dataset is made read-only every way this machine allows (chattr +i,
/// a read-only bind mount, mode 0444 for a non-root user), each checked; if none works the
/// test fails and says what was tried.
#[test]
fn a_read_only_dataset_opens_read_only_with_a_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ways, failed) = ReadOnly::every_way(dir.path());
    assert!(
        !ways.is_empty(),
        "cannot make a file read-only here; tried:\n{}\nrun the tests as root with CAP_LINUX_IMMUTABLE or CAP_SYS_ADMIN, or as a user other than root",
        failed.join("\n")
    );
    eprintln!(
        "read-only {} way(s): {}; not here: {failed:?}",
        ways.len(),
        ways.iter()
            .map(ReadOnly::name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    for way in &ways {
        read_only_dataset_opens_read_only(&way.path());
    }
}

fn read_only_dataset_opens_read_only(path: &Path) {
    let path = path.to_path_buf();
    let before = std::fs::read(&path).expect("read");
    let mut ds = Dataset::open(&path).expect("opens");
    assert!(ds.is_read_only());
    let request = ServiceRequest {
        revision: 0,
        id: 0,
        enterprise_id: 1,
        raised_on: Date::new(2023, 5, 1).expect("date"),
        category: "financing".into(),
        text: "只读测试".into(),
        status: RequestStatus::Open,
        resolved_on: None,
        satisfaction: None,
    };
    assert!(matches!(
        ds.save_request(&request),
        Err(StoreError::ReadOnly { .. })
    ));
    drop(ds);

    // The window says so.
    let mut app = industry_monitor::ui::MonitorApp::with(
        Default::default(),
        Box::new(industry_monitor::ui::dialogs::ScriptedDialogs::default()),
        None,
    );
    app.start(Some(path.clone()));
    let notice = app.notice.as_ref().expect("a notice");
    let text = notice.text(industry_monitor::model::Lang::Zh);
    assert!(text.contains("只读"), "{text}");
    let mut h = common::harness(app);
    h.run();
    use egui_kittest::kittest::Queryable;
    h.get_by_label("只读");
    // The command line reads it too.
    let out = bin()
        .args(["summary", "--period", "2023-04", "--json", "--dataset"])
        .arg(&path)
        .output()
        .expect("summary");
    assert!(out.status.success());
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn two_windows_writing_the_same_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::sample_dataset(dir.path());
    let before = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register")
        .requests
        .len();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each "window" has its own connection, as two processes would.
                let mut ds = Dataset::open(&path).expect("open");
                for i in 0..40 {
                    let request = ServiceRequest {
                        revision: 0,
                        id: 0,
                        enterprise_id: 1 + i % 20,
                        raised_on: Date::new(2023, 6, 1 + (i % 28) as u32).expect("date"),
                        category: "policy".into(),
                        text: format!("窗口{w}的第{i}条诉求"),
                        status: RequestStatus::Open,
                        resolved_on: None,
                        satisfaction: None,
                    };
                    ds.save_request(&request)
                        .expect("saved despite the other writer");
                    // A read between writes, as the window refreshes its counts.
                    ds.register().expect("register");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    assert!(integrity_ok(&path));
    let reg = Dataset::open(&path)
        .expect("open")
        .register()
        .expect("register");
    assert_eq!(reg.requests.len(), before + 80);
    for w in 0..2 {
        for i in 0..40 {
            let text = format!("窗口{w}的第{i}条诉求");
            assert!(reg.requests.iter().any(|r| r.text == text), "{text} lost");
        }
    }
}

#[test]
fn a_dataset_with_an_unreadable_row_opens_in_the_window_with_a_notice_and_a_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::sample_dataset(dir.path());
    // What an importer bug once stored: an Excel date serial 0 as a request's date.
    let id: i64 = {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute(
            "INSERT INTO service_requests(enterprise_id, raised_on, category, text, status)
             VALUES ((SELECT MIN(id) FROM enterprises), '1899-12-30', 'financing', '', 'open')",
            [],
        )
        .expect("insert");
        conn.last_insert_rowid()
    };
    let before = std::fs::read(&path).expect("read");
    let mut app = industry_monitor::ui::MonitorApp::with(
        Default::default(),
        Box::new(industry_monitor::ui::dialogs::ScriptedDialogs::default()),
        None,
    );
    app.start(Some(path.clone()));
    let session = app.session.as_mut().expect("the dataset opens");
    assert_eq!(session.snapshot.skipped.len(), 1);
    let notice = app.notice.as_ref().expect("a notice");
    use industry_monitor::model::Lang;
    let zh = notice.text(Lang::Zh);
    assert!(
        zh.contains("1行数据无法读取") && zh.contains("1899-12-30"),
        "{zh}"
    );
    let en = notice.text(Lang::En);
    assert!(
        en.contains("could not be read") && en.contains("service_requests"),
        "{en}"
    );
    // The Data view's findings name the row.
    let session = app.session.as_mut().expect("session");
    session.findings.ensure_started(&session.dataset);
    session.findings.wait();
    let location = format!("service_requests · id {id} · raised_on");
    for lang in [Lang::Zh, Lang::En] {
        let f = session
            .findings
            .get(lang)
            .iter()
            .find(|f| f.location == location)
            .unwrap_or_else(|| panic!("no finding at {location}"));
        assert!(f.message.contains("1899-12-30"), "{}", f.message);
    }
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn after_an_import_the_banner_still_says_rows_are_skipped() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("tempdir");
    let bulletin = dir.path().join("2024年1-2月各市增速.csv");
    std::fs::write(
        &bulletin,
        "2024年1-2月全省各市（地）规模以上工业增加值增速（%）\n地区,1-2月\n鸡西市,12.3\n",
    )
    .expect("write");
    let dialogs = industry_monitor::ui::dialogs::ScriptedDialogs::default();
    dialogs.imports.borrow_mut().push(vec![bulletin]);
    let path = common::sample_dataset(dir.path());
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute(
            "INSERT INTO service_requests(enterprise_id, raised_on, category, text, status)
             VALUES ((SELECT MIN(id) FROM enterprises), '1899-12-30', 'financing', '', 'open')",
            [],
        )
        .expect("insert");
    }
    let mut app = industry_monitor::ui::MonitorApp::with(
        Default::default(),
        Box::new(dialogs),
        Some(dir.path().join("unused-sample.imdb")),
    );
    app.start(Some(path));
    let mut h = common::harness(app);
    h.run();
    h.get_by_label("数据").click();
    h.run();
    h.get_by_label("导入数据…").click();
    let mut committed = false;
    for _ in 0..800 {
        h.step();
        let w = &h.state().import;
        if !w.busy() && w.failure.is_some() {
            panic!("the import failed");
        }
        if !w.busy() && w.report.is_some() {
            committed = true;
            break;
        }
        if !w.busy() && w.plan.is_some() && h.query_by_label("确认导入").is_some() {
            h.get_by_label("确认导入").click();
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(committed, "the import did not finish");
    h.run_steps(12);
    use industry_monitor::model::Lang;
    let notice = h.state().notice.as_ref().expect("a notice");
    let zh = notice.text(Lang::Zh);
    assert!(zh.contains("导入完成：新增1个数据"), "{zh}");
    assert!(
        zh.contains("1行数据无法读取") && zh.contains("1899-12-30"),
        "{zh}"
    );
    assert!(notice.is_error, "still a problem to fix");
    let en = notice.text(Lang::En);
    assert!(
        en.contains("Import done") && en.contains("could not be read"),
        "{en}"
    );
}
