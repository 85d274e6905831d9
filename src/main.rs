//! The `llreport` binary: parses the command line and hands it to `llreport::cmd`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    llreport::cmd::run(llreport::cli::Cli::parse())
}
