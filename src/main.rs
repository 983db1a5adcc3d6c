#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
//! Entry point: a command runs on the command line, no command opens the window.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = industry_monitor::cli::Cli::parse();
    match cli.command {
        Some(command) => industry_monitor::cli::run(command),
        None => industry_monitor::ui::run(cli.dataset),
    }
}
