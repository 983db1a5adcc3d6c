//! The layouts' row handlers behind one trait, and the factory that picks one for a
//! detected table: the sheet reader uses this module, the processors never use the reader.

use super::figures::{LongProc, WideProc};
use super::layout::{Field, TableKind, WideHeader};
use super::parsed::SheetLayout;
use super::parser::{Parser, SheetCtx};
use super::projects::ProjectProc;
use super::register::{DealProc, EnterpriseProc, RequestProc};
use super::rows::{OwnedRow, Row};
use super::targets::TargetProc;

/// A layout's row handler.
pub trait Processor {
    /// Handles one data row (never blank, never a single-text note line).
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row);
    /// Called after the last row.
    fn finish(&mut self, p: &mut Parser, s: &SheetCtx);
    /// How many records (figures or list rows) it produced.
    fn records(&self) -> u64;
}

/// The processor for a table with a header row, and the layout it reads.
pub fn for_table(
    kind: TableKind,
    p: &mut Parser,
    s: &SheetCtx,
    header: &OwnedRow,
    columns: &[(usize, Field)],
) -> (SheetLayout, Box<dyn Processor>) {
    match kind {
        TableKind::Long => (
            SheetLayout::Long,
            Box::new(LongProc::new(p, s, header, columns)),
        ),
        TableKind::Enterprises => (
            SheetLayout::Enterprises,
            Box::new(EnterpriseProc::new(p, s, header, columns)),
        ),
        TableKind::Requests => (
            SheetLayout::Requests,
            Box::new(RequestProc::new(p, s, header, columns)),
        ),
        TableKind::Deals => (
            SheetLayout::Deals,
            Box::new(DealProc::new(p, s, header, columns)),
        ),
        TableKind::Projects => (
            SheetLayout::Projects,
            Box::new(ProjectProc::new(p, s, header, columns)),
        ),
        TableKind::Targets => (
            SheetLayout::Targets,
            Box::new(TargetProc::new(p, s, header, columns)),
        ),
    }
}

/// The processor for a bulletin, and the header text per column (for locations).
pub fn for_bulletin(
    p: &mut Parser,
    s: &SheetCtx,
    rows: &[OwnedRow],
    h: &WideHeader,
) -> (Box<dyn Processor>, Vec<String>) {
    let (proc, headers) = WideProc::new(p, s, rows, h);
    (Box::new(proc), headers)
}
