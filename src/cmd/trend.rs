//! `llreport trend`: the campaigns of a link over time against a baseline, with regressions.

use super::history;
use crate::analysis::trend;
use crate::cli::{TrendArgs, TrendFormat};
use crate::model::contract::TrendRules;
use crate::render::{history as view, listing, report};
use crate::store::Store;
use std::io::IsTerminal;
use std::path::Path;

pub fn run(db: &Path, args: &TrendArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let list = history::campaigns(&store, Some(&args.link))?;
    // The thresholds of the latest campaign's contract: the rules in force now.
    let rules = list
        .iter()
        .rev()
        .find_map(|a| a.rules.clone())
        .unwrap_or_else(TrendRules::default);
    let limit = list.iter().rev().find_map(|a| a.per_flow_limit_bps);
    let summaries = list.into_iter().map(|a| a.summary).collect();
    let t = trend::trend(
        &args.link,
        summaries,
        args.baseline.as_deref(),
        &rules,
        limit,
    )
    .map_err(anyhow::Error::msg)?;
    let bytes = match args.format {
        TrendFormat::Table => view::trend_table(&t),
        TrendFormat::Json => listing::json(&t),
        TrendFormat::Md => view::trend_markdown(&t),
        TrendFormat::Html => report::trend::html(&report::trend::build(&t))?,
        TrendFormat::Pdf => {
            if args.output.is_none() && std::io::stdout().is_terminal() {
                anyhow::bail!("a PDF is binary: give -o FILE or redirect the output");
            }
            report::trend::pdf(&report::trend::build(&t))?
        }
    };
    match &args.output {
        Some(path) => {
            let tmp = super::temp_beside(path)?;
            std::fs::write(tmp.path(), &bytes)?;
            super::persist(tmp, path)?;
            eprintln!("wrote {}", path.display());
        }
        None => super::emit(&bytes)?,
    }
    Ok(if t.regressions.is_empty() {
        super::exit::OK
    } else {
        super::exit::PARTIAL
    })
}
