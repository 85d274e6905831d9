//! `llreport report`: the acceptance report of a campaign, as HTML, PDF, Markdown or JSON.

use crate::analysis;
use crate::cli::{ReportArgs, ReportFormat};
use crate::render::report::{self, Renderer, ReportInput};
use crate::store::Store;
use anyhow::Context;
use std::path::{Path, PathBuf};

fn renderer(f: ReportFormat) -> Box<dyn Renderer> {
    match f {
        ReportFormat::Html => Box::new(report::html::Html),
        ReportFormat::Pdf => Box::new(report::pdf::Pdf),
        ReportFormat::Json => Box::new(report::json::Json),
        ReportFormat::Md => Box::new(report::markdown::Markdown),
    }
}

pub fn run(db: &Path, args: &ReportArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let data = super::analyze::load(&store, args.campaign.as_deref(), args.contract.as_deref())?;
    let a = analysis::analyze(&data).context("analysis")?;
    let record = store.campaign(&data.campaign)?;
    let sources = store.sources(Some(&data.campaign))?;
    let diagnostics: Vec<_> = store
        .campaign_diagnostics(&data.campaign)?
        .into_iter()
        .map(|d| (d.path, d.diagnostic))
        .collect();
    let view = report::build(&ReportInput {
        analysis: &a,
        contract: data.contract.as_ref(),
        kind: record.kind,
        date: record.date.as_deref(),
        runs: &data.runs,
        sources: &sources,
        diagnostics: &diagnostics,
    });
    let r = renderer(args.format);
    let bytes = r
        .render(&view)
        .with_context(|| format!("rendering the {} report", r.extension()))?;
    let out = match &args.output {
        Some(p) if p.as_os_str() == "-" => {
            super::emit(&bytes)?;
            return Ok(super::exit::OK);
        }
        Some(p) => p.clone(),
        None => PathBuf::from(format!(
            "{}-acceptance.{}",
            report::safe_file_stem(&data.campaign),
            r.extension()
        )),
    };
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "llreport: wrote {} ({}, verdict {})",
        out.display(),
        r.extension(),
        a.verdict.as_str().to_uppercase()
    );
    Ok(super::exit::OK)
}
