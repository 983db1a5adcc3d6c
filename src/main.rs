#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
//! Entry point: a command runs on the command line, no command opens the window.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = industry_monitor::cli::Cli::parse_from(industry_monitor::cli::scrubbed_args());
    match cli.command {
        Some(command) => {
            attach_console();
            industry_monitor::cli::run(command)
        }
        None => window(cli.dataset),
    }
}

/// Windows release builds are GUI programs without a console: a command run from a
/// terminal attaches to it so its output and errors are seen.
#[cfg(windows)]
fn attach_console() {
    // SAFETY: AttachConsole has no preconditions; failure (no parent console) is harmless.
    unsafe {
        windows_sys::Win32::System::Console::AttachConsole(
            windows_sys::Win32::System::Console::ATTACH_PARENT_PROCESS,
        );
    }
}

#[cfg(not(windows))]
fn attach_console() {}

#[cfg(feature = "gui")]
fn window(dataset: Option<std::path::PathBuf>) -> std::process::ExitCode {
    industry_monitor::ui::run(dataset)
}

#[cfg(not(feature = "gui"))]
fn window(_dataset: Option<std::path::PathBuf>) -> std::process::ExitCode {
    eprintln!(
        "industry-monitor: built without the window (feature `gui`); use a command, see --help"
    );
    std::process::ExitCode::from(2)
}
