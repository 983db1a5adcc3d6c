//! File dialogs behind a trait, so tests never open one (rfd returns None when no portal or
//! zenity exists; that is "cancelled").

use std::path::PathBuf;

/// The dialogs the app uses.
pub trait Dialogs {
    /// Asks for a dataset to open.
    fn pick_dataset(&self) -> Option<PathBuf>;
    /// Asks for files to import.
    fn pick_import_files(&self) -> Option<Vec<PathBuf>>;
    /// Asks where to save a file with this default name and extension.
    fn save_file(&self, default_name: &str, extension: &str) -> Option<PathBuf>;
}

/// Native dialogs through rfd.
pub struct RfdDialogs;

impl Dialogs for RfdDialogs {
    fn pick_dataset(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("打开数据集 · Open dataset")
            .add_filter(
                "Industry Monitor dataset (*.imdb)",
                &["imdb", "db", "sqlite"],
            )
            .add_filter("*", &["*"])
            .pick_file()
    }

    fn pick_import_files(&self) -> Option<Vec<PathBuf>> {
        rfd::FileDialog::new()
            .set_title("导入 · Import")
            .add_filter("CSV / Excel", &["csv", "tsv", "txt", "xlsx"])
            .pick_files()
    }

    fn save_file(&self, default_name: &str, extension: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("保存 · Save")
            .set_file_name(default_name)
            .add_filter(extension, &[extension])
            .save_file()
    }
}

/// Dialogs that answer from queues (tests).
#[derive(Default)]
pub struct ScriptedDialogs {
    /// Answers to `pick_dataset`, first first.
    pub datasets: std::cell::RefCell<Vec<PathBuf>>,
    /// Answers to `pick_import_files`.
    pub imports: std::cell::RefCell<Vec<Vec<PathBuf>>>,
    /// Answers to `save_file`.
    pub saves: std::cell::RefCell<Vec<PathBuf>>,
}

impl Dialogs for ScriptedDialogs {
    fn pick_dataset(&self) -> Option<PathBuf> {
        let mut q = self.datasets.borrow_mut();
        (!q.is_empty()).then(|| q.remove(0))
    }

    fn pick_import_files(&self) -> Option<Vec<PathBuf>> {
        let mut q = self.imports.borrow_mut();
        (!q.is_empty()).then(|| q.remove(0))
    }

    fn save_file(&self, _default_name: &str, _extension: &str) -> Option<PathBuf> {
        let mut q = self.saves.borrow_mut();
        (!q.is_empty()).then(|| q.remove(0))
    }
}
