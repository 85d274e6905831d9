//! The `llreport` binary: parses the command line and hands it to `llreport::cmd`.

use clap::Parser;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    llreport::cmd::run(llreport::cli::Cli::parse())
}
