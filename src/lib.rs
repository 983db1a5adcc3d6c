//! Industry Monitor (工业运行监测): industrial statistics for a city's industry bureau.
//!
//! Layers, each depending only on those before it:
//! [`model`] (periods, regions, indicators, figures) → [`store`] (the SQLite dataset) →
//! [`analysis`] (growth, gaps, ranks, shares, checks) → [`briefing`] (narrative, tables,
//! charts) → [`export`] (files) and `ui` (the window). [`sample`] builds the bundled
//! dataset; [`cli`] is the command line.

pub mod analysis;
pub mod assets;
pub mod briefing;
pub mod cli;
pub mod export;
pub mod import;
pub mod model;
pub mod sample;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
