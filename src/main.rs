//! The `briefbook` binary: parses the command line, runs a command, and maps
//! the outcome to the exit code: 0 success (warnings allowed), 1 errors in
//! the content, 2 a wrong command line (clap's own exit code) or a file or
//! folder that could not be read or written.

use std::process::ExitCode;

use briefbook::cli::{Cli, Command};
use briefbook::cmd::{self, Outcome};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Build(args) => cmd::build::run_build(args),
        Command::Check(args) => cmd::build::run_check(args),
        Command::Pdf(args) => cmd::pdf::run_pdf(args),
        Command::Serve(args) => cmd::serve::run_serve(args),
        Command::Schema(args) => cmd::schema::run_schema(args),
        Command::Export(args) => cmd::export::run_export(args),
        Command::New(args) => match cmd::new::run_new(args) {
            Ok(msg) => {
                println!("{msg}");
                Outcome::Clean
            }
            Err(msg) => {
                eprintln!("{msg}");
                Outcome::ContentErrors
            }
        },
    };
    match outcome {
        Outcome::Clean => ExitCode::SUCCESS,
        Outcome::ContentErrors => ExitCode::from(1),
        Outcome::Failure => ExitCode::from(2),
    }
}

/// jemalloc rather than the system's allocator: see Cargo.toml.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
