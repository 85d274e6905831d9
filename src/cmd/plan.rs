//! `llreport plan`: size the test from the contract and write the kit. Files go only below
//! the output folder: every path is checked part by part, no symbolic link is followed, and
//! nothing existing is replaced without `--force`.

use crate::cli::PlanArgs;
use crate::plan::{self, KitFile, KitOptions, Severity};
use anyhow::{Context, bail};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The path of a kit file below `dir`, refusing anything but plain name parts.
fn target(dir: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    let mut p = dir.to_path_buf();
    for part in rel.split('/') {
        let ok = !part.is_empty()
            && part != "."
            && part != ".."
            && !part.contains(['\\', '\0'])
            && matches!(
                Path::new(part).components().next(),
                Some(Component::Normal(_))
            );
        if !ok {
            bail!("refusing to write {rel:?}: not a plain path inside the kit");
        }
        p.push(part);
    }
    Ok(p)
}

/// Fails when `p` exists and is a symbolic link (it could lead out of the kit).
fn no_link(p: &Path) -> anyhow::Result<bool> {
    match fs::symlink_metadata(p) {
        Ok(m) if m.file_type().is_symlink() => {
            bail!(
                "{} is a symbolic link; refusing to write through it",
                p.display()
            )
        }
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot inspect {}", p.display())),
    }
}

fn write(dir: &Path, files: &[KitFile], force: bool) -> anyhow::Result<()> {
    let mut targets = Vec::new();
    for f in files {
        let p = target(dir, &f.path)?;
        if no_link(&p)? && !force {
            bail!(
                "{} exists (an earlier kit?): pass --force to replace the kit's files, or choose another -o DIR",
                p.display()
            );
        }
        targets.push((p, f));
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (p, f) in targets {
        let mut d = dir.to_path_buf();
        let parts: Vec<&str> = f.path.split('/').collect();
        for part in parts.iter().take(parts.len().saturating_sub(1)) {
            d.push(part);
            if !no_link(&d)? {
                fs::create_dir(&d).with_context(|| format!("cannot create {}", d.display()))?;
            } else if !d.is_dir() {
                bail!("{} is in the way: it is not a folder", d.display());
            }
        }
        no_link(&p)?;
        fs::write(&p, &f.content).with_context(|| format!("cannot write {}", p.display()))?;
        #[cfg(unix)]
        if f.executable {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o755))
                .with_context(|| format!("cannot make {} executable", p.display()))?;
        }
    }
    Ok(())
}

pub fn run(args: &PlanArgs) -> anyhow::Result<u8> {
    let text = fs::read_to_string(&args.contract)
        .with_context(|| format!("cannot read {}", args.contract.display()))?;
    let c = crate::contract::parse(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.contract.display()))?;
    let opts = KitOptions {
        iperf3_json: args.iperf3_json,
    };
    let kit = plan::kit(&c, &text, &opts).context("cannot write a kit for this contract")?;
    write(&args.out, &kit.files, args.force)?;
    let s = &kit.sizing;
    let t = &kit.topology;
    let mut out = String::new();
    out.push_str(&format!(
        "kit for {} written to {} ({} files)\n",
        c.link.name.replace(char::is_control, " "),
        args.out.display(),
        kit.files.len()
    ));
    out.push_str(&format!(
        "hosts: IDC device {} ({}), {} VPC host{}\n",
        t.idc.name.replace(char::is_control, " "),
        t.idc.addr,
        t.vpcs.len(),
        if t.vpcs.len() == 1 { "" } else { "s" }
    ));
    out.push_str(&format!("sizing: {}\n", plan::sizing_sentence(s)));
    out.push_str(&format!("tests, in order: {}\n", kit.tests.join(", ")));
    for w in &s.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    for n in s.notes.iter().chain(&t.notes) {
        out.push_str(&format!("note: {n}\n"));
    }
    let findings = plan::check(&c);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    if errors + warnings > 0 {
        out.push_str(&format!(
            "llreport check finds {errors} error(s) and {warnings} warning(s) in this contract: run `llreport check --contract {}`\n",
            args.contract.display()
        ));
    }
    out.push_str(&format!(
        "next: read {}/README.md; after the test, `llreport ingest {}/results`\n",
        args.out.display(),
        args.out.display()
    ));
    super::emit(out.as_bytes())?;
    Ok(if s.reaches_contract() {
        super::exit::OK
    } else {
        super::exit::PARTIAL
    })
}
