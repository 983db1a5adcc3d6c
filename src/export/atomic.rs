//! Atomic file writing: the bytes go to a temporary sibling (same folder, so the rename
//! never crosses file systems), are flushed to disk, and the temporary file is renamed over
//! the final name. A reader therefore sees either the old file or the whole new one, and a
//! failure at any step removes the temporary file and leaves the final name untouched.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::ExportError;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary sibling used while writing `path`: hidden, and unique per process and call
/// so two exports to the same folder never collide.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_string());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_with(path, |f| f.write_all(bytes))
}

/// Writes to `path` atomically with `fill`, which writes the contents into the temporary
/// file; if `fill` (or anything after it) fails, the temporary file is removed and `path`
/// keeps its old contents (or stays absent).
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), ExportError> {
    let temp = temp_path(path);
    let io_err = |action: &'static str, source: io::Error| ExportError::Io {
        target: path.display().to_string(),
        action,
        source,
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| io_err(super::CREATE_TEMP, e))?;
    let result = fill(&mut file)
        .map_err(|e| io_err(super::WRITE, e))
        .and_then(|()| file.sync_all().map_err(|e| io_err(super::FLUSH, e)));
    drop(file);
    let result =
        result.and_then(|()| fs::rename(&temp, path).map_err(|e| io_err(super::REPLACE, e)));
    if result.is_err() {
        // Best effort: the error that matters is the one being returned.
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_and_replaces_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("简报.pdf");
        write(&path, b"first").expect("write");
        write(&path, b"second").expect("replace");
        assert_eq!(fs::read(&path).expect("read"), b"second");
        assert_eq!(names(dir.path()), vec!["简报.pdf".to_string()]);
    }

    #[test]
    fn a_failure_keeps_the_old_file_and_removes_the_temporary_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.docx");
        fs::write(&path, b"old contents").expect("seed");
        let err = write_with(&path, |f| {
            f.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        })
        .expect_err("must fail");
        let msg = err.to_string();
        assert!(
            msg.contains("out.docx") && msg.contains("disk full"),
            "{msg}"
        );
        assert_eq!(fs::read(&path).expect("read"), b"old contents");
        assert_eq!(names(dir.path()), vec!["out.docx".to_string()]);

        // A new name: nothing appears under it.
        let fresh = dir.path().join("fresh.xlsx");
        write_with(&fresh, |_| Err(io::Error::other("boom"))).expect_err("must fail");
        assert!(!fresh.exists());
        assert_eq!(names(dir.path()), vec!["out.docx".to_string()]);
    }

    #[test]
    fn a_failing_rename_removes_the_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The final name is a non-empty folder: the rename fails after the data was written.
        let target = dir.path().join("taken");
        fs::create_dir(&target).expect("mkdir");
        fs::write(target.join("inside"), b"x").expect("seed");
        let err = write(&target, b"data").expect_err("must fail");
        assert!(err.to_string().contains("taken"), "{err}");
        assert_eq!(names(dir.path()), vec!["taken".to_string()]);
    }

    #[test]
    fn a_missing_folder_is_reported_with_the_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("no-such-folder").join("a.csv");
        let err = write(&path, b"x").expect_err("must fail");
        let msg = err.to_string();
        assert!(msg.contains("no-such-folder"), "{msg}");
        assert!(msg.contains("folder exists"), "{msg}");
        // The window says it in Chinese: which file, what was being done, what to check.
        let zh = err.message(crate::model::Lang::Zh);
        assert!(zh.contains("no-such-folder"), "{zh}");
        assert!(zh.contains("无法在其旁边创建临时文件"), "{zh}");
        assert!(zh.contains("文件夹是否存在"), "{zh}");
        assert_eq!(err.message(crate::model::Lang::En), msg);
    }

    #[test]
    fn a_failing_rename_is_said_in_chinese() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("taken");
        fs::create_dir(&target).expect("mkdir");
        fs::write(target.join("inside"), b"x").expect("seed");
        let zh = write(&target, b"data")
            .expect_err("must fail")
            .message(crate::model::Lang::Zh);
        assert!(zh.contains("无法用新文件替换"), "{zh}");
    }
}
