//! `llreport check`: lint the topology declared in the contract and print the findings.

use crate::cli::{CheckArgs, TableOrJson};
use crate::plan::{self, Finding, Severity};
use anyhow::Context;
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    contract: String,
    errors: usize,
    warnings: usize,
    infos: usize,
    findings: &'a [Finding],
}

fn count(f: &[Finding], s: Severity) -> usize {
    f.iter().filter(|x| x.severity == s).count()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The findings as indented text: severity, rule and subject, then what and the fix.
fn text(r: &Report<'_>) -> Vec<u8> {
    let clean = |s: &str| s.replace(char::is_control, " ");
    let mut out = String::new();
    for f in r.findings {
        out.push_str(&format!(
            "{:<8} {}  {}\n         {}\n         fix: {}\n",
            f.severity.as_str(),
            f.code,
            clean(&f.subject),
            clean(&f.message),
            clean(&f.fix)
        ));
    }
    out.push_str(&format!(
        "{}: {}, {}, {}\n",
        clean(&r.contract),
        plural(r.errors, "error", "errors"),
        plural(r.warnings, "warning", "warnings"),
        plural(r.infos, "note", "notes")
    ));
    out.into_bytes()
}

pub fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    let c = crate::contract::load(&args.contract).context("cannot check the contract")?;
    let findings = plan::check(&c);
    let report = Report {
        contract: args.contract.display().to_string(),
        errors: count(&findings, Severity::Error),
        warnings: count(&findings, Severity::Warning),
        infos: count(&findings, Severity::Info),
        findings: &findings,
    };
    let bytes = match args.format {
        TableOrJson::Table => text(&report),
        TableOrJson::Json => crate::render::listing::json(&report),
    };
    super::emit(&bytes)?;
    Ok(if report.errors > 0 {
        super::exit::PARTIAL
    } else {
        super::exit::OK
    })
}
