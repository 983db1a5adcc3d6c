//! Chinese typed through a real input method: the window (the release binary's own code,
//! eframe over X11) under Xvfb, fcitx5 with pinyin over XIM, keys sent by xdotool. Each
//! text field analysts type Chinese into — the Data view's filter, the enterprise search,
//! the request editor, the narrative editor of the Export dialog — gets pinyin with
//! full-width punctuation (，、。), and the text the field then holds (copied out with
//! Ctrl+A, Ctrl+C and read back with xclip) must be exactly the Chinese committed.
//!
//! Ignored in a plain `cargo test` (it needs Xvfb, dbus-launch, fcitx5 with
//! fcitx5-chinese-addons, xdotool and xclip); `.ci/run` installs them and runs it with
//! `--ignored`, where a missing tool fails it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use industry_monitor::ui::MonitorApp;
use industry_monitor::ui::views::{Command as UiCommand, Tab};

use crate::common;

/// The window's inner size (src/ui/mod.rs), so the harness lays out the same rectangles.
const WINDOW: [f32; 2] = [1360.0, 860.0];

/// The harness draws the app inside a panel with egui's default 8-point margin, which the
/// window does not have: the harness is that much larger, and its rectangles that much off.
const HARNESS_MARGIN: f32 = 8.0;

/// What is typed and what the field must then hold: pinyin, a space to take the first
/// candidate, and ASCII punctuation that the pinyin engine turns full-width.
const KEYS: &[Key] = &[
    Key::Pinyin("gongye"),
    Key::Named("space"),
    Key::Named("comma"),
    Key::Pinyin("yunxing"),
    Key::Named("space"),
    Key::Named("backslash"),
    Key::Pinyin("qiye"),
    Key::Named("space"),
    Key::Named("period"),
];
const EXPECTED: &str = "工业，运行、企业。";

/// A key press sent to the window.
#[derive(Debug)]
enum Key {
    /// Letters typed one by one (`xdotool type`).
    Pinyin(&'static str),
    /// One key by its X name (`xdotool key`).
    Named(&'static str),
}

fn require(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "{tool} is missing: install xvfb, dbus-x11, fcitx5, fcitx5-chinese-addons, xdotool and xclip (.ci/run does)"
    );
}

/// Xvfb, a session bus and fcitx5 with pinyin, each stopped (by its pid) on drop.
struct Desktop {
    home: tempfile::TempDir,
    display: String,
    bus: String,
    children: Vec<Child>,
    bus_pid: Option<u32>,
}

impl Desktop {
    fn start() -> Desktop {
        for tool in [
            "Xvfb",
            "dbus-launch",
            "fcitx5",
            "fcitx5-remote",
            "xdotool",
            "xclip",
        ] {
            require(tool);
        }
        let home = tempfile::tempdir().expect("home");
        let mut d = Desktop {
            home,
            display: String::new(),
            bus: String::new(),
            children: Vec::new(),
            bus_pid: None,
        };
        d.start_x();
        d.start_bus();
        d.configure_fcitx();
        d.start_fcitx();
        d
    }

    fn start_x(&mut self) {
        let mut x = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1600x1000x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        BufReader::new(x.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("Xvfb tells its display");
        self.display = format!(":{}", line.trim());
        self.children.push(x);
    }

    fn start_bus(&mut self) {
        let out = self
            .command("dbus-launch")
            .arg("--sh-syntax")
            .output()
            .expect("dbus-launch");
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("DBUS_SESSION_BUS_ADDRESS='") {
                self.bus = v.trim_end_matches("';").to_string();
            }
            if let Some(v) = line.strip_prefix("DBUS_SESSION_BUS_PID=") {
                self.bus_pid = v.trim_end_matches(';').parse().ok();
            }
        }
        assert!(!self.bus.is_empty(), "dbus-launch gave no address: {text}");
    }

    /// Pinyin as the second input method of the only group; cloud pinyin off (offline).
    fn configure_fcitx(&self) {
        let config = self.home.path().join(".config/fcitx5");
        std::fs::create_dir_all(config.join("conf")).expect("config folder");
        std::fs::write(
            config.join("profile"),
            "[Groups/0]\nName=Default\nDefault Layout=us\nDefaultIM=pinyin\n\n\
             [Groups/0/Items/0]\nName=keyboard-us\nLayout=\n\n\
             [Groups/0/Items/1]\nName=pinyin\nLayout=\n\n[GroupOrder]\n0=Default\n",
        )
        .expect("profile");
        std::fs::write(
            config.join("conf/pinyin.conf"),
            "CloudPinyinEnabled=False\n",
        )
        .expect("pinyin.conf");
    }

    fn start_fcitx(&mut self) {
        let log = std::fs::File::create(self.home.path().join("fcitx5.log")).expect("log");
        let fcitx = self
            .command("fcitx5")
            .args(["--disable=cloudpinyin,notificationitem,wayland,waylandim"])
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start fcitx5");
        self.children.push(fcitx);
        let ready = wait_until(Duration::from_secs(20), || {
            self.command("fcitx5-remote")
                .output()
                .is_ok_and(|o| o.status.success())
        });
        assert!(ready, "fcitx5 did not start: {}", self.fcitx_log());
    }

    fn fcitx_log(&self) -> String {
        std::fs::read_to_string(self.home.path().join("fcitx5.log")).unwrap_or_default()
    }

    /// A command in this desktop's environment.
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        let runtime = self.home.path().join("run");
        let _ = std::fs::create_dir_all(&runtime);
        c.env("DISPLAY", &self.display)
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env("XDG_DATA_HOME", self.home.path().join(".local/share"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("XMODIFIERS", "@im=fcitx")
            // A locale Xlib supports, or winit's XIM opens but never filters a key (a bare
            // Debian has no zh_CN.UTF-8; C.UTF-8 is always there).
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("WAYLAND_DISPLAY");
        if !self.bus.is_empty() {
            c.env("DBUS_SESSION_BUS_ADDRESS", &self.bus);
        }
        c
    }

    /// Runs xdotool (or another X client) and returns its output.
    fn x(&self, program: &str, args: &[&str]) -> String {
        let out = self
            .command(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{program} could not run: {e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        for c in self.children.iter_mut().rev() {
            let _ = c.kill();
            let _ = c.wait();
        }
        if let Some(pid) = self.bus_pid {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

fn wait_until(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// The window on a copy of the sample, and a harness laid out like it to find the fields.
struct Window<'d> {
    desktop: &'d Desktop,
    app: Child,
    id: String,
    mirror: Harness<'static, MonitorApp>,
    _dir: tempfile::TempDir,
}

impl<'d> Window<'d> {
    fn open(desktop: &'d Desktop) -> Window<'d> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = common::sample_dataset(dir.path());
        let log = std::fs::File::create(dir.path().join("window.log")).expect("log");
        let app = desktop
            .command(env!("CARGO_BIN_EXE_industry-monitor"))
            .arg(&path)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start the window");
        let mut id = String::new();
        let shown = wait_until(Duration::from_secs(60), || {
            // xdotool matches a title by regex, which fails on the Chinese half.
            id = desktop.x("xdotool", &["search", "--name", "^Industry Monitor"]);
            !id.trim().is_empty()
        });
        assert!(
            shown,
            "no window: {}",
            std::fs::read_to_string(dir.path().join("window.log")).unwrap_or_default()
        );
        let id = id.lines().last().unwrap_or_default().trim().to_string();
        let mirror = mirror(&dir.path().join("mirror"), &path);
        let w = Window {
            desktop,
            app,
            id,
            mirror,
            _dir: dir,
        };
        // The first frames: fonts, the dataset, the findings (slow on a busy machine).
        std::thread::sleep(Duration::from_secs(10));
        w.desktop.x("xdotool", &["windowfocus", "--sync", &w.id]);
        w
    }

    /// Presses keys through XTEST, as a keyboard would: events sent to a window
    /// (`--window`) are ignored by winit and never reach the input method.
    fn key(&self, keys: &str) {
        self.desktop.x("xdotool", &["key", "--delay", "80", keys]);
        std::thread::sleep(Duration::from_millis(400));
    }

    /// Clicks the middle of the widget labelled `label` (of `role`, when given) in the
    /// mirror, in both.
    fn click(&mut self, label: &str, role: Option<egui::accesskit::Role>) -> egui::Rect {
        // With a role, the first of its kind (section 一 has the headline paragraph first,
        // then the targets' one).
        let node = |h: &Harness<'static, MonitorApp>| match role {
            Some(role) => h
                .query_all_by_role_and_label(role, label)
                .next()
                .map(|n| n.rect())
                .unwrap_or_else(|| panic!("no {role:?} labelled {label}")),
            None => h.get_by_label(label).rect(),
        };
        let rect = node(&self.mirror).translate(egui::vec2(-HARNESS_MARGIN, -HARNESS_MARGIN));
        let (x, y) = (rect.center().x.round(), rect.center().y.round());
        // The window sits at the screen's origin (no window manager under Xvfb).
        self.desktop.x(
            "xdotool",
            &["mousemove", &format!("{x}"), &format!("{y}"), "click", "1"],
        );
        match role {
            Some(role) => {
                if let Some(n) = self.mirror.query_all_by_role_and_label(role, label).next() {
                    n.click();
                }
            }
            None => self.mirror.get_by_label(label).click(),
        }
        self.mirror.run();
        std::thread::sleep(Duration::from_millis(1200));
        rect
    }

    /// The top of fcitx5's candidate window, while one is shown.
    fn candidates_top(&self) -> Option<f32> {
        let ids = self
            .desktop
            .x("xdotool", &["search", "--onlyvisible", "--class", "fcitx"]);
        ids.lines().find_map(|id| {
            let geometry = self
                .desktop
                .x("xdotool", &["getwindowgeometry", "--shell", id.trim()]);
            geometry
                .lines()
                .find_map(|l| l.strip_prefix("Y="))
                .and_then(|y| y.trim().parse().ok())
        })
    }

    /// Types [`KEYS`] through the input method into the focused field at `field` and
    /// returns what the field holds afterwards, and where the candidate window first was.
    fn type_chinese(&self) -> (String, Option<f32>) {
        // Select what the field holds, so the typing replaces it.
        self.key("ctrl+a");
        // Pinyin on for this field's input context: Ctrl+Space, fcitx5's trigger key.
        // A slow frame can swallow the first press: try a few times.
        let state = || self.desktop.x("fcitx5-remote", &[]).trim().to_string();
        for attempt in 0..8 {
            if state() == "2" {
                break;
            }
            if attempt % 2 == 0 {
                self.desktop.x("fcitx5-remote", &["-o"]);
            } else {
                self.key("ctrl+space");
            }
            std::thread::sleep(Duration::from_millis(1000));
        }
        assert_eq!(state(), "2", "pinyin is not active in the focused field");
        let mut candidates = None;
        for k in KEYS {
            match k {
                Key::Pinyin(letters) => {
                    self.desktop
                        .x("xdotool", &["type", "--delay", "120", letters]);
                    std::thread::sleep(Duration::from_millis(800));
                    candidates = candidates.or_else(|| self.candidates_top());
                }
                Key::Named(name) => {
                    self.key(name);
                    // Let the frame take the commit before the next composition starts:
                    // on a busy machine a 、 committed while the next pinyin is being
                    // composed lands after that word (seen here: "运行企业、").
                    std::thread::sleep(Duration::from_millis(1000));
                }
            }
        }
        // Pinyin off again, then copy what the field holds (again if a slow frame missed
        // the keys: the clipboard is then empty).
        self.key("ctrl+space");
        let mut text = String::new();
        for _ in 0..3 {
            self.key("ctrl+a");
            self.key("ctrl+c");
            std::thread::sleep(Duration::from_millis(700));
            text = self.desktop.x(
                "xclip",
                &["-o", "-selection", "clipboard", "-t", "UTF8_STRING"],
            );
            if !text.is_empty() {
                break;
            }
        }
        (text, candidates)
    }
}

impl Drop for Window<'_> {
    fn drop(&mut self) {
        let _ = self.app.kill();
        let _ = self.app.wait();
    }
}

/// A harness of the window's size and fonts on a copy of `dataset`.
fn mirror(dir: &Path, dataset: &Path) -> Harness<'static, MonitorApp> {
    std::fs::create_dir_all(dir).expect("folder");
    let copy: PathBuf = dir.join("sample.imdb");
    std::fs::copy(dataset, &copy).expect("copy");
    let mut app = MonitorApp::with(
        Default::default(),
        Box::new(industry_monitor::ui::dialogs::ScriptedDialogs::default()),
        None,
    );
    app.start(Some(copy));
    let mut h = Harness::builder()
        .with_size([
            WINDOW[0] + 2.0 * HARNESS_MARGIN,
            WINDOW[1] + 2.0 * HARNESS_MARGIN,
        ])
        .with_theme(egui::Theme::Light)
        .with_context_setup(|ctx| industry_monitor::ui::fonts::install(ctx, true))
        .build_ui_state(|ui, app: &mut MonitorApp| app.ui_contents(ui), app);
    h.run();
    h
}

/// The first line of a field: its top, egui's frame margin and one row of text.
const FIRST_LINE: f32 = 4.0 + 14.0;

/// What the field must hold, and the candidate window must not cover the line being typed
/// (on X11 it did: its top was 10 pixels under the field's, over the characters).
fn check(
    failures: &mut Vec<String>,
    field_name: &str,
    field: egui::Rect,
    (text, candidates): (String, Option<f32>),
) {
    if text != EXPECTED {
        failures.push(format!("{field_name}: {text:?}"));
    }
    match candidates {
        None => failures.push(format!("{field_name}: no candidate window seen")),
        Some(top) if top < field.min.y + FIRST_LINE => failures.push(format!(
            "{field_name}: the candidate window's top at y={top} covers the line typed (field from y={}, line to y={})",
            field.min.y,
            field.min.y + FIRST_LINE
        )),
        Some(_) => {}
    }
}

#[test]
#[ignore = "needs Xvfb, dbus-launch, fcitx5 with pinyin, xdotool and xclip; .ci/run runs it with --ignored"]
fn chinese_typed_through_fcitx5_reaches_every_text_field() {
    let desktop = Desktop::start();
    let mut failures = Vec::new();

    // The Data view's filter.
    {
        let mut w = Window::open(&desktop);
        w.key("ctrl+8");
        w.mirror.state_mut().send(UiCommand::SetTab(Tab::Data));
        w.mirror.run();
        let field = w.click("筛选", None);
        check(&mut failures, "数据 › 筛选", field, w.type_chinese());
    }
    // The enterprise search, then the request editor.
    {
        let mut w = Window::open(&desktop);
        w.key("ctrl+5");
        w.mirror
            .state_mut()
            .send(UiCommand::SetTab(Tab::Enterprises));
        w.mirror.run();
        let field = w.click("搜索", None);
        check(&mut failures, "企业服务 › 搜索", field, w.type_chinese());
    }
    {
        let mut w = Window::open(&desktop);
        w.key("ctrl+5");
        w.mirror
            .state_mut()
            .send(UiCommand::SetTab(Tab::Enterprises));
        w.mirror.run();
        let first = w
            .mirror
            .state()
            .session
            .as_ref()
            .expect("session")
            .snapshot
            .register
            .enterprises[0]
            .name
            .clone();
        w.click(&first, None);
        w.click("新增诉求", None);
        let field = w.click("诉求内容", None);
        check(
            &mut failures,
            "企业服务 › 诉求内容",
            field,
            w.type_chinese(),
        );
    }
    // The narrative editor of the Export dialog.
    {
        let mut w = Window::open(&desktop);
        w.key("ctrl+e");
        // The dialog writes the briefing first.
        std::thread::sleep(Duration::from_secs(5));
        w.mirror
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
        w.mirror.run();
        let field = w.click(
            "一、总体运行情况",
            Some(egui::accesskit::Role::MultilineTextInput),
        );
        check(&mut failures, "导出 › 正文", field, w.type_chinese());
    }
    assert!(
        failures.is_empty(),
        "typed {KEYS:?} through fcitx5 pinyin, expected {EXPECTED:?} with the candidates under the line typed; got:\n{}\n--- fcitx5 ---\n{}",
        failures.join("\n"),
        desktop.fcitx_log()
    );
}
