//! The in-window file dialog, for when no native one can be shown (see ui/dialogs.rs): a
//! folder box, the folder's subfolders and the files it can take (filtered by extension),
//! a file-name box, OK and Cancel, in the window's language. Written here rather than taken
//! from egui_file (which supports egui 0.37) because that one draws its icons with emoji the
//! app's fonts lack and leaves its text boxes without accessible names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::model::Lang;

/// What the dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Pick existing files (several when `multiple`).
    Open {
        /// Several files may be picked.
        multiple: bool,
    },
    /// Name a file to write.
    Save,
}

/// Where the dialog is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Shown, waiting.
    Open,
    /// The user picked these paths.
    Picked(Vec<PathBuf>),
    /// The user cancelled.
    Cancelled,
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// File or folder name.
    pub name: String,
    /// Full path.
    pub path: PathBuf,
    /// A folder.
    pub is_dir: bool,
}

/// An in-window file dialog.
pub struct FileDialog {
    mode: Mode,
    title: String,
    extensions: Vec<String>,
    lang: Lang,
    dir: PathBuf,
    dir_text: String,
    /// The file name box.
    pub name: String,
    entries: Result<Vec<Entry>, String>,
    selected: BTreeSet<PathBuf>,
    /// Where the dialog is.
    pub state: State,
}

/// The folders and the files with one of `extensions` (any case; all files when empty) in
/// `dir`, folders first, each sorted by name; hidden entries are left out.
pub fn list_dir(dir: &Path, extensions: &[String]) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path();
            // Follows links, so a linked folder is a folder.
            let is_dir = path.is_dir();
            let wanted = is_dir || (path.is_file() && has_extension(&path, extensions));
            (wanted && !name.starts_with('.')).then_some(Entry { name, path, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| (!a.is_dir, &a.name).cmp(&(!b.is_dir, &b.name)));
    Ok(entries)
}

/// Whether `path` has one of `extensions` (any case; true when there are none).
pub fn has_extension(path: &Path, extensions: &[String]) -> bool {
    extensions.is_empty()
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

impl FileDialog {
    /// A dialog titled `title` in `dir`, offering files with `extensions`.
    pub fn new(mode: Mode, title: &str, extensions: &[&str], dir: PathBuf, lang: Lang) -> Self {
        let mut dialog = FileDialog {
            mode,
            title: title.to_string(),
            extensions: extensions.iter().map(|e| e.to_string()).collect(),
            lang,
            dir: PathBuf::new(),
            dir_text: String::new(),
            name: String::new(),
            entries: Ok(Vec::new()),
            selected: BTreeSet::new(),
            state: State::Open,
        };
        dialog.enter(dir);
        dialog
    }

    /// The folder shown.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Shows `dir` (the selection is cleared; a folder that cannot be read says why).
    pub fn enter(&mut self, dir: PathBuf) {
        self.entries = list_dir(&dir, &self.extensions).map_err(|e| e.to_string());
        self.dir_text = dir.display().to_string();
        self.dir = dir;
        self.selected.clear();
        if self.mode != Mode::Save {
            self.name.clear();
        }
    }

    /// Clicks a line: a folder is entered, a file selected (added, with `multiple`).
    pub fn click(&mut self, entry: &Entry) {
        if entry.is_dir {
            self.enter(entry.path.clone());
            return;
        }
        let multiple = matches!(self.mode, Mode::Open { multiple: true });
        if !multiple {
            self.selected.clear();
        }
        if !self.selected.remove(&entry.path) {
            self.selected.insert(entry.path.clone());
        }
        self.name = self
            .selected
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("; ");
    }

    /// What OK would pick now, if anything: the selected files, else the name typed (an
    /// existing file with a wanted extension to open; any name to save).
    pub fn pick(&self) -> Option<Vec<PathBuf>> {
        if self.mode != Mode::Save && !self.selected.is_empty() {
            return Some(self.selected.iter().cloned().collect());
        }
        let name = self.name.trim();
        if name.is_empty() {
            return None;
        }
        let path = self.dir.join(name);
        match self.mode {
            Mode::Save => (!path.is_dir()).then(|| vec![path]),
            Mode::Open { .. } => {
                (path.is_file() && has_extension(&path, &self.extensions)).then(|| vec![path])
            }
        }
    }

    /// OK: picks, or enters the folder whose name was typed.
    pub fn confirm(&mut self) {
        let typed = self.dir.join(self.name.trim());
        if !self.name.trim().is_empty() && typed.is_dir() {
            self.name.clear();
            self.enter(typed);
        } else if let Some(paths) = self.pick() {
            self.state = State::Picked(paths);
        }
    }

    /// Draws the dialog as a window of `ctx`.
    pub fn show(&mut self, ctx: &egui::Context) {
        if self.state != State::Open {
            return;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.state = State::Cancelled;
            return;
        }
        let mut open = true;
        egui::Window::new(RichText::new(self.title.clone()).strong())
            .id(egui::Id::unique("in-window-file-dialog"))
            .open(&mut open)
            .default_size([640.0, 440.0])
            .collapsible(false)
            .show(ctx, |ui| self.contents_ui(ui));
        if !open {
            self.state = State::Cancelled;
        }
    }

    fn contents_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| {
            let up = self.dir.parent().map(Path::to_path_buf);
            if ui
                .add_enabled(up.is_some(), egui::Button::new(lang.pick("上一级", "Up")))
                .clicked()
                && let Some(up) = up
            {
                self.enter(up);
            }
            let label = ui.label(lang.pick("文件夹", "Folder"));
            let edit = ui
                .add(egui::TextEdit::singleline(&mut self.dir_text).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let dir = PathBuf::from(self.dir_text.trim());
                self.enter(dir);
            }
        });
        ui.separator();
        let list_height = (ui.available_height() - 70.0).max(120.0);
        let mut clicked: Option<(Entry, bool)> = None;
        egui::ScrollArea::vertical()
            .max_height(list_height)
            .auto_shrink([false, false])
            .show(ui, |ui| match &self.entries {
                Err(e) => {
                    ui.colored_label(
                        egui::Color32::from_rgb(0xB0, 0x1C, 0x1C),
                        match lang {
                            Lang::Zh => format!("无法读取此文件夹：{e}。请换一个文件夹。"),
                            Lang::En => format!("This folder cannot be read: {e}. Choose another."),
                        },
                    );
                }
                Ok(entries) if entries.is_empty() => {
                    ui.weak(lang.pick("（此文件夹中没有可选的文件）", "(nothing to pick here)"));
                }
                Ok(entries) => {
                    for entry in entries {
                        let text = if entry.is_dir {
                            format!("{}/", entry.name)
                        } else {
                            entry.name.clone()
                        };
                        let on = self.selected.contains(&entry.path);
                        let response = ui.selectable_label(on, text);
                        if response.clicked() || response.double_clicked() {
                            clicked = Some((entry.clone(), response.double_clicked()));
                        }
                    }
                }
            });
        if let Some((entry, double)) = clicked {
            if double && !entry.is_dir {
                self.selected.clear();
                self.click(&entry);
                self.confirm();
            } else if !double || !entry.is_dir {
                self.click(&entry);
            }
        }
        ui.separator();
        self.bottom_ui(ui);
    }

    /// The file-name box, the filter and OK/Cancel.
    fn bottom_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| {
            let label = ui.label(lang.pick("文件名", "File name"));
            let edit = ui
                .add(egui::TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if edit.changed() {
                self.selected.clear();
            }
            if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                self.confirm();
            }
        });
        ui.horizontal(|ui| {
            if !self.extensions.is_empty() {
                let list: Vec<String> = self.extensions.iter().map(|e| format!("*.{e}")).collect();
                ui.weak(format!(
                    "{}{}",
                    lang.pick("显示：", "Showing: "),
                    list.join(", ")
                ));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(lang.pick("取消", "Cancel")).clicked() {
                    self.state = State::Cancelled;
                }
                let ok = match self.mode {
                    Mode::Save => lang.pick("保存", "Save"),
                    Mode::Open { .. } => lang.pick("打开", "Open"),
                };
                let typed_dir =
                    !self.name.trim().is_empty() && self.dir.join(self.name.trim()).is_dir();
                if ui
                    .add_enabled(typed_dir || self.pick().is_some(), egui::Button::new(ok))
                    .clicked()
                {
                    self.confirm();
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exts(list: &[&str]) -> Vec<String> {
        list.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn the_list_shows_folders_first_then_wanted_files_without_hidden_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        for f in ["b.csv", "a.XLSX", "c.imdb", ".hidden.csv", "notes.txt"] {
            std::fs::write(dir.path().join(f), "x").expect("write");
        }
        std::fs::create_dir(dir.path().join("2024年")).expect("mkdir");
        std::fs::create_dir(dir.path().join(".cache")).expect("mkdir");
        let names: Vec<String> = list_dir(dir.path(), &exts(&["csv", "xlsx"]))
            .expect("list")
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["2024年", "a.XLSX", "b.csv"]);
        assert_eq!(list_dir(dir.path(), &[]).expect("list").len(), 5);
    }

    #[test]
    fn open_picks_selected_or_typed_files_and_save_any_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        for f in ["a.csv", "b.csv", "c.imdb"] {
            std::fs::write(dir.path().join(f), "x").expect("write");
        }
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let root = dir.path().to_path_buf();
        let mut open = FileDialog::new(
            Mode::Open { multiple: true },
            "t",
            &["csv"],
            root.clone(),
            Lang::Zh,
        );
        assert_eq!(open.pick(), None);
        let entries = list_dir(&root, &exts(&["csv"])).expect("list");
        let file = |n: &str| entries.iter().find(|e| e.name == n).expect("entry").clone();
        open.click(&file("a.csv"));
        open.click(&file("b.csv"));
        assert_eq!(
            open.pick(),
            Some(vec![root.join("a.csv"), root.join("b.csv")])
        );
        open.click(&file("a.csv"));
        assert_eq!(open.pick(), Some(vec![root.join("b.csv")]));
        // A typed name must exist and have a wanted extension.
        open.click(&file("b.csv"));
        open.name = "c.imdb".into();
        assert_eq!(open.pick(), None);
        open.name = "a.csv".into();
        open.confirm();
        assert_eq!(open.state, State::Picked(vec![root.join("a.csv")]));
        // Typing a folder's name and OK enters it.
        let mut save = FileDialog::new(Mode::Save, "t", &["pdf"], root.clone(), Lang::En);
        save.name = "sub".into();
        save.confirm();
        assert_eq!(save.dir(), root.join("sub"));
        assert_eq!(save.state, State::Open);
        save.name = "简报.pdf".into();
        save.confirm();
        assert_eq!(
            save.state,
            State::Picked(vec![root.join("sub").join("简报.pdf")])
        );
    }

    #[test]
    fn a_folder_that_cannot_be_read_is_said_not_hidden() {
        let dialog = FileDialog::new(
            Mode::Save,
            "t",
            &[],
            PathBuf::from("/nonexistent/folder"),
            Lang::Zh,
        );
        assert!(dialog.entries.is_err());
    }
}
