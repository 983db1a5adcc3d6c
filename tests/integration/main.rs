//! The integration tests, as one test binary: every binary here links the whole app (egui,
//! wgpu, krilla, docx-rs …), so one link instead of thirteen keeps `cargo test` fast and
//! its target folder small. Run one part with `cargo test --test integration ui_views::`.

mod common;
mod import_support;

mod briefing_evaluation;
mod briefing_returns;
mod briefing_targets;
mod cli;
mod cli_enterprises;
mod cli_evaluate;
mod cli_warnings;
mod export;
mod export_pptx;
mod fuzz_regressions;
mod import;
mod import_cli;
mod import_projects;
mod import_returns;
mod import_targets;
mod narrative;
mod published_figures;
mod robustness;
mod sample_returns;
mod server;
mod ui_dialogs;
mod ui_enterprises;
mod ui_evaluation;
mod ui_export;
mod ui_export_returns;
mod ui_foundation;
mod ui_import;
mod ui_input_method;
mod ui_region;
mod ui_returns;
mod ui_snapshot_threshold;
mod ui_targets;
mod ui_views;
mod ui_warnings;
