//! The subcommands: each wires the layers together for one job and is the only place that
//! prints. Each returns the process exit status.

mod analyze;
mod check;
mod ingest;
mod init;
mod plan;
mod runs;
mod sources;

use crate::cli::{Cli, Command};
use std::io::Write;
use std::process::ExitCode;

/// Exit statuses shared by the subcommands.
pub mod exit {
    /// Everything went well (for `analyze`: the line passed).
    pub const OK: u8 = 0;
    /// Some input failed (for `analyze`: the line failed).
    pub const PARTIAL: u8 = 1;
    /// The run could not start or could not finish: bad arguments, unusable store.
    pub const FATAL: u8 = 2;
}

/// Runs the command line; errors that stop the whole run are printed here.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Ingest(args) => ingest::run(&cli.db, &args),
        Command::Runs(args) => runs::run(&cli.db, &args),
        Command::Sources(args) => sources::run(&cli.db, &args),
        Command::Init(args) => init::run(&args),
        Command::Analyze(args) => analyze::run(&cli.db, &args),
        Command::Plan(args) => plan::run(&args),
        Command::Check(args) => check::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let mut msg = format!("llreport: error: {e}");
            for cause in e.chain().skip(1) {
                msg.push_str(&format!(": {cause}"));
            }
            let _ = writeln!(std::io::stderr(), "{msg}");
            ExitCode::from(exit::FATAL)
        }
    }
}

/// Writes bytes to stdout; a closed pipe (`llreport runs | head`) is not an error.
fn emit(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}
