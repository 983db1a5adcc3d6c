//! Briefings for meetings: the narrative in official phrasing, the summary, key tables and
//! chart descriptions, built from analysis results only (no SQL, no egui).

pub mod chart;
pub mod document;
pub mod evaluation;
pub mod format;
pub mod map;
pub mod narrative;
pub mod overview;
pub mod palette;
pub mod returns;
pub mod summary;
pub mod targets;
pub mod warnings;

pub use document::{Briefing, Cell, Parts, Table};
pub use summary::{Summary, summary};
