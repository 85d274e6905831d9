//! The "test setup" section: hosts and their sides, tools and versions, the tests found,
//! how directions were decided, how client and server logs were paired, and every warning.

use super::fmt::{self, NONE};
use super::table::{Cell, TableView};
use super::{ReportInput, Setup};
use crate::model::analysis::{Evidence, Mode};
use crate::model::{LogFormat, SourceStatus};
use std::collections::BTreeMap;

pub fn setup(inp: &ReportInput<'_>) -> Setup {
    Setup {
        hosts: hosts(inp),
        tools: tools(inp),
        tests: tests(inp),
        direction_rules: direction_rules(inp),
        pairings: pairings(inp),
        warnings: warnings(inp),
        unassigned: unassigned(inp),
        diagnostics: diagnostics(inp),
    }
}

/// `path:12-30` (or `path:12` for one line).
pub fn place(e: &Evidence) -> String {
    if e.end_line > e.line {
        format!("{}:{}-{}", e.path, e.line, e.end_line)
    } else {
        format!("{}:{}", e.path, e.line)
    }
}

fn hosts(inp: &ReportInput<'_>) -> TableView {
    let mut t = TableView::new(
        &["Host", "Address", "Side", "Network"],
        "the contract names no hosts",
    );
    if let Some(c) = inp.contract {
        for h in &c.hosts {
            let (side, net) = c
                .side_of(&h.addr)
                .map_or((NONE, NONE.to_string()), |(s, n)| {
                    (fmt::side(s), n.to_string())
                });
            t.push(vec![
                Cell::text(&h.name),
                Cell::class(h.addr.to_string(), "mono"),
                Cell::text(side),
                Cell::text(net),
            ]);
        }
    }
    t
}

fn tool_of(f: LogFormat) -> &'static str {
    match f {
        LogFormat::Iperf3Text | LogFormat::Iperf3Json => "iperf3",
        LogFormat::NetperfClassic | LogFormat::NetperfOmni => "netperf",
        LogFormat::Netserver => "netserver",
        LogFormat::SarText | LogFormat::SadfCsv | LogFormat::SadfJson | LogFormat::SadfP => {
            "sar (sysstat)"
        }
    }
}

/// The tool that wrote a source, from its format.
pub fn source_tool(f: Option<LogFormat>) -> &'static str {
    f.map_or(NONE, tool_of)
}

fn tools(inp: &ReportInput<'_>) -> TableView {
    let mut t = TableView::new(
        &["Tool", "Versions", "Files", "Formats"],
        "no logs were read",
    );
    let mut by: BTreeMap<&str, (Vec<String>, usize, Vec<&str>)> = BTreeMap::new();
    for s in inp.sources {
        let Some(f) = s.format else { continue };
        if s.status != SourceStatus::Ok {
            continue;
        }
        let e = by.entry(tool_of(f)).or_default();
        if let Some(v) = &s.tool_version
            && !e.0.contains(v)
        {
            e.0.push(v.clone());
        }
        e.1 += 1;
        if !e.2.contains(&f.as_str()) {
            e.2.push(f.as_str());
        }
    }
    for (tool, (mut versions, files, formats)) in by {
        versions.sort();
        t.push(vec![
            Cell::text(tool),
            Cell::text(if versions.is_empty() {
                "not stated in the logs".to_string()
            } else {
                versions.join(", ")
            }),
            Cell::num(Some(files as f64), files.to_string()),
            Cell::text(formats.join(", ")),
        ]);
    }
    t
}

fn tests(inp: &ReportInput<'_>) -> TableView {
    let mut t = TableView::new(
        &[
            "Test",
            "Hosts",
            "Flows",
            "Duration",
            "Message",
            "Started",
            "How it was delimited",
        ],
        "no test was found in the logs",
    );
    for g in &inp.analysis.groups {
        t.push(vec![
            Cell::class(&g.id, "mono"),
            Cell::text(g.hosts.join(", ")),
            Cell::num(
                Some(f64::from(g.flows)),
                format!("{} ({} runs)", g.flows, g.runs),
            ),
            Cell::num(g.duration_s, fmt::seconds(g.duration_s)),
            Cell::num(
                g.message_size_bytes.map(|b| b as f64),
                g.message_size_bytes
                    .map_or(NONE.to_string(), |b| format!("{b} B")),
            ),
            Cell::text(fmt::time(g.started_at.as_ref())),
            Cell::text(&g.split_rule),
        ]);
    }
    t
}

fn direction_rules(inp: &ReportInput<'_>) -> Vec<String> {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for r in inp.runs {
        let how = match (r.direction, r.direction_source.as_deref()) {
            (Some(_), Some("flag")) => "given with --direction at ingest".to_string(),
            (Some(_), Some("path")) => {
                "a folder of the log's path named inbound or outbound".to_string()
            }
            (Some(_), Some(other)) => other.to_string(),
            _ if inp.contract.is_some() => {
                "no path hint: the sides of the sender and receiver addresses in the contract's ranges (runs they cannot place are under Runs not counted)"
                    .to_string()
            }
            _ => "not decided: no path hint and no contract".to_string(),
        };
        *by.entry(how).or_default() += 1;
    }
    by.into_iter()
        .map(|(how, n)| format!("{}: {how}", fmt::plural(n, "run", "runs")))
        .collect()
}

fn pairings(inp: &ReportInput<'_>) -> TableView {
    let mut t = TableView::new(
        &["Client log", "Server log", "Matched by"],
        "no client and server logs needed pairing",
    );
    for p in &inp.analysis.pairings {
        let show = |e: &Option<Evidence>| e.as_ref().map_or(NONE.to_string(), place);
        t.push(vec![
            Cell::class(show(&p.client), "mono"),
            Cell::class(show(&p.server), "mono"),
            Cell::text(&p.rule),
        ]);
    }
    t
}

/// The analysis's warnings, then each test's; a warning several tests share is written once
/// with the list of tests.
fn warnings(inp: &ReportInput<'_>) -> Vec<String> {
    let mut out: Vec<String> = inp.analysis.warnings.clone();
    let mut shared: Vec<(String, Vec<String>)> = Vec::new();
    for g in &inp.analysis.groups {
        for w in &g.warnings {
            match shared.iter_mut().find(|(text, _)| text == w) {
                Some((_, ids)) => ids.push(g.id.clone()),
                None => shared.push((w.clone(), vec![g.id.clone()])),
            }
        }
    }
    for (w, ids) in shared {
        let all = ids.len() == inp.analysis.groups.len() && ids.len() > 1;
        if all {
            out.push(format!("every test: {w}"));
        } else {
            out.push(format!("{}: {w}", ids.join(", ")));
        }
    }
    for g in &inp.analysis.groups {
        if g.mode == Mode::Other {
            out.push(format!(
                "{}: message size is neither pps-sized nor bandwidth-sized; shown, not judged",
                g.id
            ));
        }
    }
    out
}

fn unassigned(inp: &ReportInput<'_>) -> TableView {
    let mut t = TableView::new(&["Run", "Why it was not counted"], "every run was counted");
    for u in &inp.analysis.unassigned {
        t.push(vec![
            Cell::class(place(&u.evidence), "mono"),
            Cell::text(&u.reason),
        ]);
    }
    t
}

fn diagnostics(inp: &ReportInput<'_>) -> TableView {
    let mut t = TableView::new(
        &["File", "Line:col", "Severity", "Message"],
        "the parsers had no remarks",
    );
    for (path, d) in inp.diagnostics {
        t.push(vec![
            Cell::class(path, "mono"),
            Cell::text(format!("{}:{}", d.line, d.column)),
            Cell::text(d.severity.as_str()),
            Cell::text(&d.message),
        ]);
    }
    for s in inp.sources {
        if s.status == SourceStatus::Error {
            t.push(vec![
                Cell::class(&s.path, "mono"),
                Cell::text(format!(
                    "{}:{}",
                    fmt::count(s.error_line.map(u64::from)),
                    fmt::count(s.error_column.map(u64::from))
                )),
                Cell::class("error", "fail"),
                Cell::text(fmt::opt(s.error.as_deref())),
            ]);
        }
    }
    t
}
