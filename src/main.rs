//! The `briefbook` binary: parses the command line, runs a command, and maps
//! the outcome to the exit code (0 success, 1 content errors, 2 usage or a
//! command this binary was built without).

use std::process::ExitCode;

use briefbook::cli::{Cli, Command};
use briefbook::cmd;
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ok = match &cli.command {
        Command::Build(args) => cmd::build::run_build(args),
        Command::Check(args) => cmd::build::run_check(args),
        Command::Serve(args) => return cmd::serve::run_serve(args),
        Command::New(args) => match cmd::new::run_new(args) {
            Ok(msg) => {
                println!("{msg}");
                true
            }
            Err(msg) => {
                eprintln!("{msg}");
                false
            }
        },
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
