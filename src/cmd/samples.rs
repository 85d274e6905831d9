//! `llreport samples`: the sar samples in the store, streamed.

use crate::cli::{ListFormat, SamplesArgs};
use crate::render::samples;
use crate::store::{SampleFilter, Store};
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: &SamplesArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let filter = SampleFilter {
        campaign: args.campaign.clone(),
        host: args.host.clone(),
        iface: args.iface.clone(),
        report: args.report.clone(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    let mut last_columns: Option<(std::sync::Arc<str>, std::sync::Arc<[String]>)> = None;
    if args.format == ListFormat::Json {
        out.write_all(b"[")?;
    }
    if args.format == ListFormat::Csv {
        out.write_all(samples::CSV_HEADER.as_bytes())?;
    }
    let written = store.for_each_sample(&filter, |s| {
        match args.format {
            ListFormat::Json => {
                out.write_all(if first { b"\n  " } else { b",\n  " })?;
                out.write_all(samples::json_object(&s).as_bytes())?;
            }
            ListFormat::Csv => {
                let rows = samples::csv_rows(&s).map_err(std::io::Error::other)?;
                out.write_all(&rows)?;
            }
            ListFormat::Table => {
                let same = last_columns
                    .as_ref()
                    .is_some_and(|(r, c)| **r == *s.head.report && c[..] == s.head.columns[..]);
                if !same {
                    if !first {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(samples::table_header(&s).as_bytes())?;
                    last_columns = Some((s.head.report.clone(), s.head.columns.clone()));
                }
                out.write_all(samples::table_row(&s).as_bytes())?;
            }
        }
        first = false;
        Ok(())
    });
    match written {
        Err(e) if e.to_string().contains("Broken pipe") => return Ok(super::exit::OK),
        r => {
            r?;
        }
    }
    if args.format == ListFormat::Json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r?,
    }
    Ok(super::exit::OK)
}
