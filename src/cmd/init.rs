//! `llreport init`: write the commented contract template.

use crate::cli::InitArgs;
use crate::contract::{FILE_NAME, TEMPLATE};
use anyhow::Context;
use std::io::Write;

pub fn run(args: &InitArgs) -> anyhow::Result<u8> {
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let path = args.dir.join(FILE_NAME);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    if args.force {
        opts.create(true).truncate(true);
    } else {
        opts.create_new(true);
    }
    let mut f = match opts.open(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!(
                "{} exists; edit it, or pass --force to replace it",
                path.display()
            )
        }
        r => r.with_context(|| format!("cannot write {}", path.display()))?,
    };
    f.write_all(TEMPLATE.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "wrote {}: fill in the link, the address ranges and the hosts, then `llreport ingest {}`",
        path.display(),
        args.dir.display()
    );
    Ok(super::exit::OK)
}
