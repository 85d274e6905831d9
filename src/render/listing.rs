//! The `runs` and `sources` listings: flat view models (the documented JSON interface) and
//! their table, JSON and CSV forms.

use super::table::{self, Align};
use crate::model::{Counters, RunRecord, SourceRecord};
use serde::Serialize;
use std::collections::BTreeMap;

/// Byte/packet/rate fields shared by runs and flows.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Figures {
    pub sent_packets: Option<u64>,
    pub received_packets: Option<u64>,
    pub lost_packets: Option<u64>,
    pub loss_percent: Option<f64>,
    pub sent_bytes: Option<u64>,
    pub received_bytes: Option<u64>,
    pub sent_bps: Option<f64>,
    pub received_bps: Option<f64>,
    pub sent_pps: Option<f64>,
    pub received_pps: Option<f64>,
    pub sent_duration_s: Option<f64>,
    pub received_duration_s: Option<f64>,
    pub jitter_ms: Option<f64>,
    pub retransmits: Option<u64>,
}

impl From<&Counters> for Figures {
    fn from(c: &Counters) -> Self {
        Figures {
            sent_packets: c.sent.packets.map(|p| p.0),
            received_packets: c.received.packets.map(|p| p.0),
            lost_packets: c.lost_packets.map(|p| p.0),
            loss_percent: c.loss_percent(),
            sent_bytes: c.sent.bytes.map(|b| b.0),
            received_bytes: c.received.bytes.map(|b| b.0),
            sent_bps: c.sent.rate().map(|b| b.0),
            received_bps: c.received.rate().map(|b| b.0),
            sent_pps: c.sent.pps().map(|p| p.0),
            received_pps: c.received.pps().map(|p| p.0),
            sent_duration_s: c.sent.duration.map(|d| d.0),
            received_duration_s: c.received.duration.map(|d| d.0),
            jitter_ms: c.jitter_ms,
            retransmits: c.retransmits,
        }
    }
}

/// One flow (stream) of a run.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FlowView {
    pub stream_id: Option<u32>,
    pub local_addr: Option<String>,
    pub local_port: Option<u16>,
    pub remote_addr: Option<String>,
    pub remote_port: Option<u16>,
    #[serde(flatten)]
    pub figures: Figures,
}

/// One run as `llreport runs --format json` prints it (docs/runs-json.md).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RunView {
    pub id: i64,
    pub campaign: String,
    pub source_path: String,
    pub source_sha256: String,
    pub source_line: u32,
    pub end_line: u32,
    pub tool: String,
    pub tool_version: Option<String>,
    pub test: String,
    pub protocol: Option<String>,
    pub role: String,
    pub host: Option<String>,
    pub sender_addr: Option<String>,
    pub sender_port: Option<u16>,
    pub receiver_addr: Option<String>,
    pub receiver_port: Option<u16>,
    pub direction: Option<String>,
    pub direction_source: Option<String>,
    pub started_at: Option<String>,
    pub duration_s: Option<f64>,
    pub message_size_bytes: Option<u64>,
    pub streams: u32,
    #[serde(flatten)]
    pub figures: Figures,
    pub offered_bps: Option<f64>,
    pub transactions_per_s: Option<f64>,
    pub status: String,
    pub error: Option<String>,
    pub extra: BTreeMap<String, f64>,
    pub notes: Vec<String>,
    pub flows: Vec<FlowView>,
}

impl From<&RunRecord> for RunView {
    fn from(r: &RunRecord) -> Self {
        let run = &r.run;
        RunView {
            id: r.id,
            campaign: r.campaign.clone(),
            source_path: r.source_path.clone(),
            source_sha256: r.source_sha256.clone(),
            source_line: run.source_line,
            end_line: run.end_line,
            tool: run.tool.to_string(),
            tool_version: run.tool_version.clone(),
            test: run.test.clone(),
            protocol: run.protocol.map(|p| p.to_string()),
            role: run.role.to_string(),
            host: run.host.clone(),
            sender_addr: run.sender.addr.clone(),
            sender_port: run.sender.port,
            receiver_addr: run.receiver.addr.clone(),
            receiver_port: run.receiver.port,
            direction: r.direction.map(|d| d.to_string()),
            direction_source: r.direction_source.clone(),
            started_at: run
                .started_at
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            duration_s: run.duration.map(|d| d.0),
            message_size_bytes: run.message_size.map(|b| b.0),
            streams: run.streams,
            figures: Figures::from(&run.counters),
            offered_bps: run.offered_bps.map(|b| b.0),
            transactions_per_s: run.transactions_per_s,
            status: run.status.to_string(),
            error: run.error.clone(),
            extra: run.extra.clone(),
            notes: run.notes.clone(),
            flows: run
                .flows
                .iter()
                .map(|f| FlowView {
                    stream_id: f.stream_id,
                    local_addr: f.local.addr.clone(),
                    local_port: f.local.port,
                    remote_addr: f.remote.addr.clone(),
                    remote_port: f.remote.port,
                    figures: Figures::from(&f.counters),
                })
                .collect(),
        }
    }
}

/// Pretty JSON with a trailing newline.
pub fn json<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_else(|e| format!("{e}").into_bytes());
    out.push(b'\n');
    out
}

fn endpoint(addr: &Option<String>, port: Option<u16>) -> String {
    match (addr, port) {
        (Some(a), Some(p)) if a.contains(':') => format!("[{a}]:{p}"),
        (Some(a), Some(p)) => format!("{a}:{p}"),
        (Some(a), None) => a.clone(),
        (None, Some(p)) => format!("?:{p}"),
        (None, None) => "?".into(),
    }
}

/// The runs as a terminal table.
pub fn runs_table(runs: &[RunView]) -> Vec<u8> {
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.tool.clone(),
                r.test.clone(),
                r.role.clone(),
                format!(
                    "{} -> {}",
                    endpoint(&r.sender_addr, r.sender_port),
                    endpoint(&r.receiver_addr, r.receiver_port)
                ),
                r.direction.clone().unwrap_or_else(|| "?".into()),
                table::num(r.duration_s, 2),
                table::num(r.figures.sent_pps, 1),
                table::num(r.figures.received_pps, 1),
                table::num(r.figures.loss_percent, 2),
                table::num(r.figures.received_bps.map(|b| b / 1e6), 3),
                r.status.clone(),
                format!("{}:{}", r.source_path, r.source_line),
            ]
        })
        .collect();
    table::render(
        &[
            ("ID", Align::Right),
            ("TOOL", Align::Left),
            ("TEST", Align::Left),
            ("ROLE", Align::Left),
            ("SENDER -> RECEIVER", Align::Left),
            ("DIR", Align::Left),
            ("SECS", Align::Right),
            ("SENT PPS", Align::Right),
            ("RECV PPS", Align::Right),
            ("LOSS %", Align::Right),
            ("RECV MBIT/S", Align::Right),
            ("STATUS", Align::Left),
            ("SOURCE", Align::Left),
        ],
        &rows,
    )
    .into_bytes()
}

/// The runs as CSV: one row per run, the JSON fields without `flows`; `extra` and `notes`
/// as JSON text.
pub fn runs_csv(runs: &[RunView]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "campaign",
        "source_path",
        "source_sha256",
        "source_line",
        "end_line",
        "tool",
        "tool_version",
        "test",
        "protocol",
        "role",
        "host",
        "sender_addr",
        "sender_port",
        "receiver_addr",
        "receiver_port",
        "direction",
        "direction_source",
        "started_at",
        "duration_s",
        "message_size_bytes",
        "streams",
        "sent_packets",
        "received_packets",
        "lost_packets",
        "loss_percent",
        "sent_bytes",
        "received_bytes",
        "sent_bps",
        "received_bps",
        "sent_pps",
        "received_pps",
        "jitter_ms",
        "retransmits",
        "offered_bps",
        "transactions_per_s",
        "status",
        "error",
        "flows",
        "extra",
        "notes",
    ])?;
    fn o<T: ToString>(v: &Option<T>) -> String {
        v.as_ref().map(ToString::to_string).unwrap_or_default()
    }
    for r in runs {
        let f = &r.figures;
        w.write_record([
            r.id.to_string(),
            r.campaign.clone(),
            r.source_path.clone(),
            r.source_sha256.clone(),
            r.source_line.to_string(),
            r.end_line.to_string(),
            r.tool.clone(),
            o(&r.tool_version),
            r.test.clone(),
            o(&r.protocol),
            r.role.clone(),
            o(&r.host),
            o(&r.sender_addr),
            o(&r.sender_port),
            o(&r.receiver_addr),
            o(&r.receiver_port),
            o(&r.direction),
            o(&r.direction_source),
            o(&r.started_at),
            o(&r.duration_s),
            o(&r.message_size_bytes),
            r.streams.to_string(),
            o(&f.sent_packets),
            o(&f.received_packets),
            o(&f.lost_packets),
            o(&f.loss_percent),
            o(&f.sent_bytes),
            o(&f.received_bytes),
            o(&f.sent_bps),
            o(&f.received_bps),
            o(&f.sent_pps),
            o(&f.received_pps),
            o(&f.jitter_ms),
            o(&f.retransmits),
            o(&r.offered_bps),
            o(&r.transactions_per_s),
            r.status.clone(),
            o(&r.error),
            r.flows.len().to_string(),
            serde_json::to_string(&r.extra).unwrap_or_default(),
            serde_json::to_string(&r.notes).unwrap_or_default(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The sources as a terminal table.
pub fn sources_table(sources: &[SourceRecord]) -> Vec<u8> {
    let rows: Vec<Vec<String>> = sources
        .iter()
        .map(|s| {
            let place = match (s.error_line, s.error_column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", s.path),
                _ => s.path.clone(),
            };
            vec![
                s.id.to_string(),
                s.status.as_str().to_string(),
                s.format.map_or_else(|| "-".into(), |f| f.to_string()),
                s.runs.to_string(),
                s.samples.to_string(),
                place,
                s.error.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table::render(
        &[
            ("ID", Align::Right),
            ("STATUS", Align::Left),
            ("FORMAT", Align::Left),
            ("RUNS", Align::Right),
            ("SAMPLES", Align::Right),
            ("PATH", Align::Left),
            ("NOTE", Align::Left),
        ],
        &rows,
    )
    .into_bytes()
}
