//! `llreport analyze` output: a terminal table and the documented JSON (docs/analysis-json.md).

use super::table::{self, Align};
use crate::model::analysis::{Analysis, Verdict};
use crate::model::units::si;

/// The analysis as JSON: the model, with each group's sar figures also at the top level of
/// the group (`sar_received_pps`, `sar_vs_tool_percent`) for scripts.
pub fn json(a: &Analysis) -> Vec<u8> {
    let mut v = serde_json::to_value(a).unwrap_or(serde_json::Value::Null);
    if let Some(groups) = v.get_mut("groups").and_then(|g| g.as_array_mut()) {
        for (g, src) in groups.iter_mut().zip(&a.groups) {
            if let Some(o) = g.as_object_mut() {
                let sar = src.sar.as_ref();
                o.insert(
                    "sar_received_pps".into(),
                    sar.map(|s| s.received_pps).into(),
                );
                o.insert(
                    "sar_received_bps".into(),
                    sar.map(|s| s.received_bps).into(),
                );
                o.insert(
                    "sar_vs_tool_percent".into(),
                    sar.and_then(|s| s.vs_tool_percent).into(),
                );
            }
        }
    }
    super::listing::json(&v)
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "-".to_string(), f)
}

/// The analysis for a terminal.
pub fn table(a: &Analysis) -> Vec<u8> {
    let mut out = format!("campaign {}", a.campaign);
    if let Some(l) = &a.link {
        out.push_str(&format!(", link {l}"));
    }
    if let Some(c) = &a.contract {
        out.push_str(&format!(
            ": contract {}, per-flow limit {} (÷{}), verdict from {}",
            si(c.bandwidth_bps, "bit/s"),
            si(c.per_flow_limit_bps, "bit/s"),
            c.hash_stream_divisor,
            c.verdict_source
        ));
    }
    out.push_str(&format!(
        "\nVERDICT: {}\n\n",
        a.verdict.as_str().to_uppercase()
    ));
    let rows: Vec<Vec<String>> = a
        .groups
        .iter()
        .map(|g| {
            vec![
                g.id.clone(),
                g.hosts.len().to_string(),
                g.flows.to_string(),
                opt(g.duration_s, |d| format!("{d:.2}")),
                opt(g.sent_pps, |v| format!("{v:.1}")),
                opt(g.received_pps, |v| format!("{v:.1}")),
                opt(g.loss_percent, |v| format!("{v:.2}")),
                opt(g.received_bps, |v| si(v, "bit/s")),
                opt(g.sar.as_ref().map(|s| s.received_pps), |v| {
                    format!("{v:.1}")
                }),
                opt(g.sar.as_ref().and_then(|s| s.vs_tool_percent), |v| {
                    format!("{v:+.1}")
                }),
                opt(g.reachable_bps, |v| si(v, "bit/s")),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            ("GROUP", Align::Left),
            ("HOSTS", Align::Right),
            ("FLOWS", Align::Right),
            ("SECS", Align::Right),
            ("SENT PPS", Align::Right),
            ("RECV PPS", Align::Right),
            ("LOSS %", Align::Right),
            ("RECEIVED", Align::Right),
            ("SAR PPS", Align::Right),
            ("SAR Δ%", Align::Right),
            ("REACHABLE", Align::Right),
        ],
        &rows,
    ));
    out.push('\n');
    let rows: Vec<Vec<String>> = a
        .criteria
        .iter()
        .map(|c| {
            vec![
                c.direction.map_or("-".into(), |d| d.to_string()),
                c.name.clone(),
                c.group.clone().unwrap_or_else(|| "-".into()),
                mark(c.verdict),
                c.measured_text.clone(),
                c.required_text.clone(),
                c.reason.clone(),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            ("DIRECTION", Align::Left),
            ("CRITERION", Align::Left),
            ("GROUP", Align::Left),
            ("VERDICT", Align::Left),
            ("MEASURED", Align::Left),
            ("REQUIRED", Align::Left),
            ("REASON", Align::Left),
        ],
        &rows,
    ));
    let mut notes: Vec<String> = a.warnings.clone();
    for g in &a.groups {
        notes.extend(g.warnings.iter().map(|w| format!("{}: {w}", g.id)));
    }
    for u in &a.unassigned {
        notes.push(format!(
            "{}:{}: not counted: {}",
            u.evidence.path, u.evidence.line, u.reason
        ));
    }
    if !notes.is_empty() {
        out.push_str("\nnotes:\n");
        for n in notes {
            out.push_str(&format!("  - {n}\n"));
        }
    }
    out.into_bytes()
}

fn mark(v: Verdict) -> String {
    v.as_str().to_uppercase()
}
