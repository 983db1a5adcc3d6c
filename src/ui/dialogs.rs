//! File dialogs that always answer and never block the frame.
//!
//! The native dialog (rfd: the XDG desktop portal, else zenity, on Linux; the system's own
//! on Windows and macOS) is awaited on a worker thread and its answer polled each frame.
//! When it cannot be shown, an in-window dialog (ui/file_dialog.rs) takes its place. rfd
//! answers `None` both for "cancelled" and for "nothing could be shown", so the rule is:
//!
//! 1. On Linux/BSD the native dialog counts as unavailable when there is no `zenity` on PATH
//!    and no portal: no D-Bus session bus (`DBUS_SESSION_BUS_ADDRESS`, or
//!    `$XDG_RUNTIME_DIR/bus`) or no `org.freedesktop.portal.Desktop` service installed in a
//!    `dbus-1/services` folder of `XDG_DATA_DIRS`. Then the in-window dialog opens at once.
//! 2. Anywhere, a native "no answer" that comes back within `NATIVE_MIN_HUMAN` of asking
//!    (faster than a person can cancel) means the dialog could not be shown (a portal
//!    without a back end, a broken zenity): the in-window dialog opens instead.
//!
//! Tests inject the availability and the answers with `ScriptedDialogs`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::file_dialog::{FileDialog, Mode, State};
use crate::model::Lang;

/// What a file dialog is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// A dataset to open.
    Dataset,
    /// Spreadsheets to import.
    Import,
    /// Where to save a file with this default name and extension.
    Save {
        /// The proposed file name.
        name: String,
        /// Its extension, without the dot.
        extension: String,
    },
}

/// What a file dialog answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The dataset to open.
    Dataset(PathBuf),
    /// The files to import.
    Import(Vec<PathBuf>),
    /// Where to save.
    Save(PathBuf),
}

/// A native dialog's reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The user picked.
    Picked(Answer),
    /// The user cancelled.
    Cancelled,
    /// No dialog could be shown.
    Unavailable,
}

/// Faster than this, a native "no answer" was no dialog at all (rule 2 above).
pub const NATIVE_MIN_HUMAN: Duration = Duration::from_millis(300);

/// The native dialogs the app uses.
pub trait Dialogs {
    /// Whether a native dialog can be shown here (rule 1 above).
    fn native_available(&self) -> bool;
    /// Shows the native dialog for `ask` without blocking: the reply arrives on the receiver.
    fn show(&self, ask: &Ask) -> Receiver<Reply>;
}

/// Native dialogs through rfd, each on its own worker thread.
pub struct RfdDialogs;

impl Dialogs for RfdDialogs {
    fn native_available(&self) -> bool {
        native_dialogs_available(&Env::from_process())
    }

    fn show(&self, ask: &Ask) -> Receiver<Reply> {
        let (tx, rx) = channel();
        // Created here, on the UI thread (macOS wants its panels spawned from the main
        // thread), and awaited on a worker so the frame never waits for the user.
        let dialog = rfd_dialog(ask);
        std::thread::spawn(move || {
            let started = Instant::now();
            let reply = match pollster::block_on(dialog) {
                Some(answer) => Reply::Picked(answer),
                None if started.elapsed() < NATIVE_MIN_HUMAN => Reply::Unavailable,
                None => Reply::Cancelled,
            };
            let _ = tx.send(reply);
        });
        rx
    }
}

/// A native dialog's answer, to be awaited.
type PendingAnswer = std::pin::Pin<Box<dyn std::future::Future<Output = Option<Answer>> + Send>>;

/// One native dialog (rfd's async dialogs): shown when created, answered when awaited.
fn rfd_dialog(ask: &Ask) -> PendingAnswer {
    let dialog = rfd::AsyncFileDialog::new();
    match ask {
        Ask::Dataset => {
            let picked = dialog
                .set_title("打开数据集 · Open dataset")
                .add_filter("Industry Monitor dataset (*.imdb)", DATASET_EXTENSIONS)
                .add_filter("*", &["*"])
                .pick_file();
            Box::pin(async move {
                picked
                    .await
                    .map(|f| Answer::Dataset(f.path().to_path_buf()))
            })
        }
        Ask::Import => {
            let picked = dialog
                .set_title("导入 · Import")
                .add_filter("CSV / Excel", IMPORT_EXTENSIONS)
                .pick_files();
            Box::pin(async move {
                picked.await.map(|files| {
                    Answer::Import(files.iter().map(|f| f.path().to_path_buf()).collect())
                })
            })
        }
        Ask::Save { name, extension } => {
            let picked = dialog
                .set_title("保存 · Save")
                .set_file_name(name)
                .add_filter(extension, &[extension])
                .save_file();
            Box::pin(async move { picked.await.map(|f| Answer::Save(f.path().to_path_buf())) })
        }
    }
}

/// Extensions offered when opening a dataset.
pub const DATASET_EXTENSIONS: &[&str] = &["imdb", "db", "sqlite"];

/// Extensions the importer reads.
pub const IMPORT_EXTENSIONS: &[&str] = &["csv", "tsv", "txt", "xlsx"];

/// What rule 1 looks at, taken from the process or given by a test.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `PATH`.
    pub path: Option<std::ffi::OsString>,
    /// `DBUS_SESSION_BUS_ADDRESS`.
    pub dbus_address: Option<String>,
    /// `XDG_RUNTIME_DIR`.
    pub runtime_dir: Option<PathBuf>,
    /// `XDG_DATA_DIRS` (default `/usr/local/share:/usr/share`).
    pub data_dirs: Option<std::ffi::OsString>,
}

impl Env {
    /// The running process's environment.
    pub fn from_process() -> Env {
        Env {
            path: std::env::var_os("PATH"),
            dbus_address: std::env::var("DBUS_SESSION_BUS_ADDRESS").ok(),
            runtime_dir: std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from),
            data_dirs: std::env::var_os("XDG_DATA_DIRS"),
        }
    }
}

/// Rule 1: whether a native dialog can be shown in `env` (always on Windows and macOS).
pub fn native_dialogs_available(env: &Env) -> bool {
    if cfg!(any(windows, target_os = "macos")) {
        return true;
    }
    let zenity = env
        .path
        .as_ref()
        .is_some_and(|p| std::env::split_paths(p).any(|dir| dir.join("zenity").is_file()));
    let bus = env.dbus_address.as_ref().is_some_and(|a| !a.is_empty())
        || env
            .runtime_dir
            .as_ref()
            .is_some_and(|d| d.join("bus").exists());
    let data_dirs = env
        .data_dirs
        .clone()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    let portal = std::env::split_paths(&data_dirs).any(|dir| {
        dir.join("dbus-1/services/org.freedesktop.portal.Desktop.service")
            .is_file()
    });
    zenity || (bus && portal)
}

/// Dialogs that answer from queues (tests). An empty queue answers "cancelled"; with
/// `unavailable` set, rule 1 finds no native dialog; with `shows_nothing` set, rule 1 finds
/// one but it shows nothing (rule 2).
#[derive(Default)]
pub struct ScriptedDialogs {
    /// Answers to a dataset dialog, first first.
    pub datasets: RefCell<Vec<PathBuf>>,
    /// Answers to an import dialog.
    pub imports: RefCell<Vec<Vec<PathBuf>>>,
    /// Answers to a save dialog.
    pub saves: RefCell<Vec<PathBuf>>,
    /// No native dialog can be shown (a bare X session).
    pub unavailable: bool,
    /// The native dialog looks available but shows nothing (a portal without a back end).
    pub shows_nothing: bool,
    /// Every ask shown natively, in order.
    pub asked: RefCell<Vec<Ask>>,
}

impl ScriptedDialogs {
    /// Scripted dialogs for a session where no native dialog can be shown.
    pub fn unavailable() -> ScriptedDialogs {
        ScriptedDialogs {
            unavailable: true,
            ..ScriptedDialogs::default()
        }
    }
}

impl Dialogs for ScriptedDialogs {
    fn native_available(&self) -> bool {
        !self.unavailable
    }

    fn show(&self, ask: &Ask) -> Receiver<Reply> {
        self.asked.borrow_mut().push(ask.clone());
        fn next<T>(q: &RefCell<Vec<T>>) -> Option<T> {
            let mut q = q.borrow_mut();
            (!q.is_empty()).then(|| q.remove(0))
        }
        let answer = match ask {
            Ask::Dataset => next(&self.datasets).map(Answer::Dataset),
            Ask::Import => next(&self.imports).map(Answer::Import),
            Ask::Save { .. } => next(&self.saves).map(Answer::Save),
        };
        let reply = match answer {
            _ if self.unavailable || self.shows_nothing => Reply::Unavailable,
            Some(a) => Reply::Picked(a),
            None => Reply::Cancelled,
        };
        let (tx, rx) = channel();
        let _ = tx.send(reply);
        rx
    }
}

/// The dialog being shown, if any.
enum Showing {
    Nothing,
    Native(Ask, Receiver<Reply>),
    InWindow(Ask, Box<FileDialog>),
}

/// Asks for files through the native dialog when it can be shown, else in the window; one
/// dialog at a time, answered through `poll`.
pub struct FilePicker {
    dialogs: Box<dyn Dialogs>,
    showing: Showing,
    /// Where the in-window dialog starts (the open dataset's folder, else home).
    pub start_dir: Option<PathBuf>,
    /// Where 导出到默认文件夹 writes (`default_export_dir`; tests point it elsewhere).
    pub export_dir: Option<PathBuf>,
}

impl FilePicker {
    /// A picker over these native dialogs.
    pub fn new(dialogs: Box<dyn Dialogs>) -> FilePicker {
        FilePicker {
            dialogs,
            showing: Showing::Nothing,
            start_dir: None,
            export_dir: default_export_dir(),
        }
    }

    /// Shows a dialog for `ask`, unless one is already showing (that one keeps the focus).
    pub fn ask(&mut self, ask: Ask, lang: Lang) {
        if !matches!(self.showing, Showing::Nothing) {
            return;
        }
        self.showing = if self.dialogs.native_available() {
            let rx = self.dialogs.show(&ask);
            Showing::Native(ask, rx)
        } else {
            self.in_window(ask, lang)
        };
    }

    /// Whether a dialog (native or in the window) is showing.
    pub fn busy(&self) -> bool {
        !matches!(self.showing, Showing::Nothing)
    }

    /// Whether the in-window dialog is showing.
    pub fn in_window_open(&self) -> bool {
        matches!(self.showing, Showing::InWindow(..))
    }

    fn in_window(&self, ask: Ask, lang: Lang) -> Showing {
        let start = self
            .start_dir
            .clone()
            .filter(|d| d.is_dir())
            .or_else(home_dir)
            .unwrap_or_else(|| PathBuf::from("."));
        let dialog = in_window_dialog(&ask, lang, start);
        Showing::InWindow(ask, Box::new(dialog))
    }

    /// Draws the in-window dialog and takes the native one's reply; returns the answer once.
    pub fn poll(&mut self, ctx: &egui::Context, lang: Lang) -> Option<Answer> {
        match std::mem::replace(&mut self.showing, Showing::Nothing) {
            Showing::Nothing => None,
            Showing::Native(ask, rx) => match rx.try_recv() {
                Ok(Reply::Picked(answer)) => Some(answer),
                Ok(Reply::Cancelled) | Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
                Ok(Reply::Unavailable) => {
                    self.showing = self.in_window(ask, lang);
                    ctx.request_repaint();
                    None
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    // The window goes on drawing; the reply is looked for again shortly.
                    ctx.request_repaint_after(Duration::from_millis(100));
                    self.showing = Showing::Native(ask, rx);
                    None
                }
            },
            Showing::InWindow(ask, mut dialog) => {
                dialog.show(ctx);
                match &dialog.state {
                    State::Open => {
                        self.showing = Showing::InWindow(ask, dialog);
                        None
                    }
                    State::Picked(paths) => answer_of(&ask, paths.clone()),
                    State::Cancelled => None,
                }
            }
        }
    }
}

/// The in-window dialog's pick as an answer to `ask`.
fn answer_of(ask: &Ask, mut paths: Vec<PathBuf>) -> Option<Answer> {
    match ask {
        Ask::Dataset => paths.into_iter().next().map(Answer::Dataset),
        Ask::Import => (!paths.is_empty()).then_some(Answer::Import(paths)),
        Ask::Save { extension, .. } => paths
            .pop()
            .map(|p| Answer::Save(with_extension(&p, extension))),
    }
}

/// `path` with `extension` added unless it has it already (any case), as native save
/// dialogs do with a name typed without it.
fn with_extension(path: &Path, extension: &str) -> PathBuf {
    if super::file_dialog::has_extension(path, &[extension.to_string()]) {
        return path.to_path_buf();
    }
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{extension}"));
    PathBuf::from(name)
}

/// The in-window dialog for `ask`, labelled in `lang`, listing only the files it can take.
fn in_window_dialog(ask: &Ask, lang: Lang, start: PathBuf) -> FileDialog {
    match ask {
        Ask::Dataset => FileDialog::new(
            Mode::Open { multiple: false },
            lang.pick("打开数据集", "Open dataset"),
            DATASET_EXTENSIONS,
            start,
            lang,
        ),
        Ask::Import => FileDialog::new(
            Mode::Open { multiple: true },
            lang.pick("导入数据（CSV、TSV、XLSX）", "Import data (CSV, TSV, XLSX)"),
            IMPORT_EXTENSIONS,
            start,
            lang,
        ),
        Ask::Save { name, extension } => {
            let mut dialog = FileDialog::new(
                Mode::Save,
                lang.pick("保存到", "Save as"),
                &[extension.as_str()],
                start,
                lang,
            );
            dialog.name = name.clone();
            dialog
        }
    }
}

/// The user's home folder.
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// The folder 导出到默认文件夹 writes into: 工业运行监测 in the user's documents folder (the
/// XDG documents folder when `user-dirs.dirs` names one, else ~/Documents).
pub fn default_export_dir() -> Option<PathBuf> {
    let home = home_dir()?;
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|c| !c.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".config"));
    let user_dirs = std::fs::read_to_string(config.join("user-dirs.dirs")).ok();
    Some(export_dir_in(&home, user_dirs.as_deref()))
}

/// `default_export_dir` for a given home folder and `user-dirs.dirs` text.
pub fn export_dir_in(home: &Path, user_dirs: Option<&str>) -> PathBuf {
    let xdg = user_dirs.and_then(|text| {
        text.lines().find_map(|line| {
            let value = line.trim().strip_prefix("XDG_DOCUMENTS_DIR=")?;
            let value = value.trim().trim_matches('"');
            let dir = match value.strip_prefix("$HOME") {
                Some(rest) => home.join(rest.trim_start_matches('/')),
                None => PathBuf::from(value),
            };
            // user-dirs.dirs sets a folder to $HOME itself to disable it.
            (dir.is_absolute() && dir != home).then_some(dir)
        })
    });
    xdg.unwrap_or_else(|| home.join("Documents"))
        .join("工业运行监测")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_folder_follows_the_xdg_documents_folder() {
        let home = Path::new("/home/analyst");
        let zh = "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/桌面\"\nXDG_DOCUMENTS_DIR=\"$HOME/文档\"\n";
        assert_eq!(
            export_dir_in(home, Some(zh)),
            PathBuf::from("/home/analyst/文档/工业运行监测")
        );
        assert_eq!(
            export_dir_in(home, Some("XDG_DOCUMENTS_DIR=\"/srv/docs\"")),
            PathBuf::from("/srv/docs/工业运行监测")
        );
        // Disabled ($HOME itself), absent, or no file: ~/Documents.
        for text in [Some("XDG_DOCUMENTS_DIR=\"$HOME/\""), Some(""), None] {
            assert_eq!(
                export_dir_in(home, text),
                PathBuf::from("/home/analyst/Documents/工业运行监测")
            );
        }
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn native_dialogs_need_zenity_or_a_bus_with_a_portal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bin = dir.path().join("bin");
        let share = dir.path().join("share");
        let services = share.join("dbus-1/services");
        std::fs::create_dir_all(&bin).expect("mkdir");
        std::fs::create_dir_all(&services).expect("mkdir");
        let bare = Env {
            path: Some(bin.clone().into_os_string()),
            dbus_address: None,
            runtime_dir: None,
            data_dirs: Some(share.clone().into_os_string()),
        };
        assert!(!native_dialogs_available(&bare), "a bare X session");
        let bus = Env {
            dbus_address: Some("unix:path=/run/user/1000/bus".into()),
            ..bare.clone()
        };
        assert!(!native_dialogs_available(&bus), "a bus without a portal");
        std::fs::write(
            services.join("org.freedesktop.portal.Desktop.service"),
            "[D-BUS Service]\n",
        )
        .expect("write");
        assert!(native_dialogs_available(&bus), "a bus with a portal");
        assert!(!native_dialogs_available(&bare), "a portal without a bus");
        std::fs::write(bin.join("zenity"), "#!/bin/sh\n").expect("write");
        assert!(native_dialogs_available(&bare), "zenity alone");
    }

    #[test]
    fn a_name_typed_without_the_extension_gets_it() {
        assert_eq!(
            with_extension(Path::new("/tmp/简报"), "pdf"),
            PathBuf::from("/tmp/简报.pdf")
        );
        assert_eq!(
            with_extension(Path::new("/tmp/简报.PDF"), "pdf"),
            PathBuf::from("/tmp/简报.PDF")
        );
        assert_eq!(
            with_extension(Path::new("/tmp/v1.2"), "docx"),
            PathBuf::from("/tmp/v1.2.docx")
        );
    }
}
