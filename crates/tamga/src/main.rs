//! The `tamga` command: wires the pipeline stages (ingest → store) behind one CLI.
//! It parses arguments, installs logging and prints; the work happens in the library crates.

mod cli;
mod commands;
mod output;

use clap::Parser;
use std::process::ExitCode;

// Pages of a few hundred KiB pass through several buffers each; glibc's malloc maps and unmaps
// every one of those (above its mmap threshold), and the page faults cost as much as parsing.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Transparent huge pages make mimalloc's arenas fault in 2 MiB at a time: the loaded
    // dictionaries took 107 MB of RSS instead of 76, and a `tamga run` on two threads 50 MB
    // more, for no measurable speed. Failing (an old kernel) only costs that memory.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`tamga docs | head`) is not an error worth a message.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
