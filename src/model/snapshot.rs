//! What the analysis of one home region reads, loaded from a dataset in one go.

use super::{Catalogue, Figures, RegionContext, Register, SkippedRow};

/// The catalogue, the figures of a region and the regions it is compared with, and the
/// enterprise register: everything the views and the briefing need, in memory.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The dataset's title.
    pub title: String,
    /// True for the bundled sample.
    pub is_sample: bool,
    /// The dataset's catalogue.
    pub catalogue: Catalogue,
    /// The region analysed and its comparators.
    pub context: RegionContext,
    /// Figures of every region in `context`.
    pub figures: Figures,
    /// The enterprise register.
    pub register: Register,
    /// Stored rows the loading skipped (an unreadable date, a non-finite value …); the
    /// window says so when it opens the dataset.
    pub skipped: Vec<SkippedRow>,
}
