//! The subcommands: each wires the layers together for one job and is the only place that
//! prints. Each returns the process exit status.

mod analyze;
mod campaigns;
mod check;
mod diff;
mod export;
mod history;
mod ingest;
mod init;
mod plan;
mod report;
mod runs;
mod samples;
mod sources;
mod trend;

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
        Command::Samples(args) => samples::run(&cli.db, &args),
        Command::Init(args) => init::run(&args),
        Command::Analyze(args) => analyze::run(&cli.db, &args),
        Command::Plan(args) => plan::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Report(args) => report::run(&cli.db, &args),
        Command::Export(args) => export::run(&cli.db, &args),
        Command::Campaigns(args) => campaigns::run(&cli.db, &args),
        Command::Trend(args) => trend::run(&cli.db, &args),
        Command::Diff(args) => diff::run(&cli.db, &args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // `llreport ... | head`: the reader has what it wanted.
        Err(e) if broken_pipe(&e) => ExitCode::from(exit::OK),
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

fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A temporary file beside `path`, to be completed and then moved over it with
/// [`persist`], so that a failure never leaves a half-written file.
pub(crate) fn temp_beside(path: &std::path::Path) -> anyhow::Result<tempfile::NamedTempFile> {
    use anyhow::Context;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))
}

/// Moves a completed temporary file to `path`, readable by all like a normally created file.
pub(crate) fn persist(tmp: tempfile::NamedTempFile, path: &std::path::Path) -> anyhow::Result<()> {
    use anyhow::Context;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes bytes to stdout; a closed pipe (`llreport runs | head`) is not an error.
fn emit(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}
