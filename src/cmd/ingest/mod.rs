//! `llreport ingest`: walk the paths, read and parse the files (on several threads, see
//! [`pipeline`]), store each in one transaction, report per-file problems as they happen
//! and a summary at the end.

mod pipeline;

use crate::cli::{IngestArgs, SummaryFormat};
use crate::contract;
use crate::discover;
use crate::model::{Direction, Severity};
use crate::parse::{self, Outcome, ParseContext};
use crate::render::summary::{FileMessage, IngestSummary};
use crate::render::{listing, summary};
use crate::store::{ContractInput, FileContent, FileInput, Store, Stored};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pipeline::{Job, Prepared};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub fn run(db: &Path, args: &IngestArgs) -> anyhow::Result<u8> {
    for p in &args.paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    let mut store =
        Store::open(db).with_context(|| format!("cannot use the store {}", db.display()))?;
    let given_contract = match &args.contract {
        Some(p) => {
            let (c, text) = contract::load_with_text(p)?;
            Some((c, p.clone(), text))
        }
        None => None,
    };
    let mut skip = store_files(db);
    if let Some((_, p, _)) = &given_contract {
        skip.push(p.clone());
    }
    let mut summary = IngestSummary {
        store: db.display().to_string(),
        ..IngestSummary::default()
    };
    let mut batches = Vec::new();
    for root in &args.paths {
        let found_contract = match &given_contract {
            Some(c) => Some(c.clone()),
            None => {
                let p = root.join(contract::FILE_NAME);
                if root.is_dir() && p.is_file() {
                    let (c, text) = contract::load_with_text(&p)?;
                    Some((c, p, text))
                } else {
                    None
                }
            }
        };
        let campaign = args
            .campaign
            .clone()
            .or_else(|| {
                found_contract
                    .as_ref()
                    .and_then(|(c, _, _)| c.campaign.name.clone())
            })
            .unwrap_or_else(|| discover::campaign_name(root));
        let mut root_skip = skip.clone();
        if let Some((c, p, text)) = &found_contract {
            root_skip.push(p.clone());
            let replaced = store.set_contract(
                &campaign,
                &ContractInput {
                    text,
                    path: &p.display().to_string(),
                    link: &c.link.name,
                    kind: c.campaign.kind,
                    date: c.campaign.date.map(|d| d.to_string()),
                    bandwidth_bps: c.link.bandwidth.0,
                },
            )?;
            if replaced {
                eprintln!(
                    "{}: replaces the contract stored earlier with campaign {campaign}",
                    p.display()
                );
            }
        }
        let ctx = ParseContext {
            tz: args
                .tz
                .or_else(|| found_contract.as_ref().and_then(|(c, _, _)| c.link.tz())),
            netperf_omni_columns: args.netperf_omni_columns.clone().or_else(|| {
                found_contract
                    .as_ref()
                    .and_then(|(c, _, _)| c.netperf_omni_columns.clone())
            }),
        };
        let (found, errors) = discover::walk(root, &root_skip);
        for e in errors {
            summary.files.not_walked += 1;
            eprintln!("{}: error: {}", e.path, e.message);
            summary.errors.push(FileMessage {
                path: e.path,
                line: None,
                column: None,
                message: e.message,
            });
        }
        if !summary.campaigns.contains(&campaign) {
            summary.campaigns.push(campaign.clone());
        }
        batches.push((campaign, ctx, found));
    }
    let jobs: Vec<Job<'_>> = batches
        .iter()
        .flat_map(|(campaign, ctx, found)| {
            found.iter().map(move |file| Job {
                campaign,
                ctx,
                file,
            })
        })
        .collect();
    let total = jobs.len();
    let bar = progress(total as u64, args.no_progress);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    pipeline::run(&jobs, db, workers, BUDGET_BYTES, |idx, prepared| {
        let Some(job) = jobs.get(idx) else {
            return Ok(());
        };
        bar.set_message(job.file.stored_path.clone());
        let r = record(&mut store, job, prepared, args, &mut summary, &bar);
        bar.inc(1);
        r
    })?;
    bar.finish_and_clear();
    summary.files.seen = total as u64;
    let bytes = match args.format {
        SummaryFormat::Text => summary::text(&summary),
        SummaryFormat::Json => listing::json(&summary),
    };
    super::emit(&bytes)?;
    let failed = summary.files.failed > 0 || summary.files.not_walked > 0;
    Ok(if failed {
        super::exit::PARTIAL
    } else {
        super::exit::OK
    })
}

/// Bytes of files read and not yet stored: more files wait (one file alone may exceed it).
/// Parsed records take several times the bytes of their file, so this stays small: at 8 MiB
/// the 1 GB benchmark corpus ingests in 154 MB peak RSS and as fast as at 64 MiB (349 MB);
/// the writer, not the parsers, sets the pace.
const BUDGET_BYTES: u64 = 8 * 1024 * 1024;

/// The store file and its WAL companions, which must not be read as logs.
fn store_files(db: &Path) -> Vec<PathBuf> {
    let s = db.as_os_str().to_string_lossy();
    vec![
        db.to_path_buf(),
        PathBuf::from(format!("{s}-wal")),
        PathBuf::from(format!("{s}-shm")),
        PathBuf::from(format!("{s}-journal")),
    ]
}

fn progress(total: u64, disabled: bool) -> ProgressBar {
    if disabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// Stores one prepared file and reports on it. Problems with the file are reported and
/// counted; only a store failure (disk full, store unusable) is returned as an error, which
/// ends the run: the file's transaction was rolled back.
fn record(
    store: &mut Store,
    job: &Job<'_>,
    prepared: Prepared,
    args: &IngestArgs,
    summary: &mut IngestSummary,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    let file = job.file;
    let campaign = job.campaign;
    let shown = file.fs_path.display().to_string();
    let say = |line: String| bar.suspend(|| eprintln!("{line}"));
    let (bytes, sha, outcome) = match prepared {
        Prepared::Unreadable(message) => {
            say(format!("{shown}: error: {message}"));
            summary.files.failed += 1;
            summary.errors.push(FileMessage {
                path: shown,
                line: None,
                column: None,
                message,
            });
            return Ok(());
        }
        Prepared::AlreadyStored => {
            summary.files.unchanged += 1;
            return Ok(());
        }
        Prepared::Read {
            bytes,
            sha256,
            outcome,
        } => (bytes, sha256, *outcome),
    };
    let direction: Option<(Direction, &str)> = match (args.direction, file.direction_hint) {
        (Some(d), _) => Some((d.into(), "flag")),
        (None, Some(d)) => Some((d, "path")),
        (None, None) => None,
    };
    let content = match &outcome {
        Outcome::Parsed(log) => FileContent::Parsed {
            log,
            parser_version: parse::parser_version(log.format),
        },
        Outcome::Skipped { reason } => FileContent::Skipped { reason },
        Outcome::Failed { format, error } => FileContent::Failed {
            format: *format,
            parser_version: parse::parser_version(*format),
            line: error.line,
            column: error.column,
            message: &error.message,
        },
    };
    let input = FileInput {
        campaign,
        path: &file.stored_path,
        sha256: &sha,
        bytes: &bytes,
        direction,
        content,
    };
    let stored = store
        .store_file(&input)
        .with_context(|| format!("{shown}: not stored"))?;
    match (&outcome, stored) {
        (_, Stored::AlreadyStored) => summary.files.unchanged += 1,
        (
            _,
            Stored::Duplicate {
                of_path,
                of_campaign,
            },
        ) => {
            summary.files.duplicates += 1;
            summary.duplicates.push(FileMessage {
                path: shown,
                line: None,
                column: None,
                message: format!("same bytes as {of_path} (campaign {of_campaign})"),
            });
        }
        (Outcome::Skipped { reason }, _) => {
            say(format!("{shown}: skipped: {reason}"));
            summary.files.skipped += 1;
            summary.skipped.push(FileMessage {
                path: shown,
                line: None,
                column: None,
                message: reason.clone(),
            });
        }
        (Outcome::Failed { error, .. }, _) => {
            say(error.render(&shown));
            summary.files.failed += 1;
            summary.errors.push(FileMessage {
                path: shown,
                line: Some(error.line),
                column: Some(error.column),
                message: error.message.clone(),
            });
        }
        (
            Outcome::Parsed(log),
            Stored::Added {
                runs,
                flows,
                intervals,
                samples,
                ..
            },
        ) => {
            summary.files.ingested += 1;
            summary.added.runs += runs;
            summary.added.flows += flows;
            summary.added.intervals += intervals;
            summary.added.samples += samples;
            for d in &log.diagnostics {
                say(format!(
                    "{shown}:{}:{}: {}: {}",
                    d.line, d.column, d.severity, d.message
                ));
                let m = FileMessage {
                    path: shown.clone(),
                    line: Some(d.line),
                    column: Some(d.column),
                    message: d.message.clone(),
                };
                match d.severity {
                    Severity::Warning => summary.warnings.push(m),
                    Severity::Error => summary.errors.push(m),
                }
            }
        }
        (Outcome::Parsed(_), Stored::Failed | Stored::Skipped) => {}
    }
    Ok(())
}
