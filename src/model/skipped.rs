//! Rows of a dataset a reader skipped instead of refusing the whole dataset: one bad cell
//! (written by another tool, or by an importer bug of an earlier version) must never lock
//! months of data out. Each skipped row is reported (`check`, the Data view's findings, a
//! notice when the window opens the dataset) with what to do about it.

use super::Said;

/// One stored row a reader could not use, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedRow {
    /// The table, e.g. `service_requests`.
    pub table: &'static str,
    /// The row: `id 12`, or for figures (a table without row ids) its key.
    pub row: String,
    /// The column holding the bad value.
    pub column: &'static str,
    /// The value as stored (text as it is, numbers as written).
    pub value: String,
    /// The region concerned, when the row names one (for the window to jump to it).
    pub region: Option<String>,
    /// What is wrong and what to do, in both languages.
    pub reason: Said,
}

impl SkippedRow {
    /// One line naming the table, the row, the column and the value, then the reason.
    pub fn describe(&self, lang: super::Lang) -> String {
        match lang {
            super::Lang::Zh => format!(
                "数据表 {} 的 {}，{} 列的值“{}”：{}",
                self.table, self.row, self.column, self.value, self.reason.zh
            ),
            super::Lang::En => format!(
                "table {}, {}, column {}, value “{}”: {}",
                self.table, self.row, self.column, self.value, self.reason.en
            ),
        }
    }
}
