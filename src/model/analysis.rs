//! The result of judging a campaign: test groups with their figures, the sar cross-check,
//! the hash-stream (per-flow) limit, criteria and verdicts. Plain records: the analysis
//! computes them, renderers show them.

use super::run::{Direction, Protocol, Tool, str_enum};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

str_enum!(
    /// What a test measures, from its message size: pps (≤ 64 B), bandwidth (≥ 1000 B).
    Mode { Pps => "pps", Bandwidth => "bandwidth", Other => "other" }
);

str_enum!(
    /// The judgment on one criterion, or on the whole campaign.
    Verdict { Pass => "pass", Fail => "fail", Inconclusive => "inconclusive", Info => "info" }
);

impl Verdict {
    /// fail if any fails, else inconclusive if any is, else pass (info does not count).
    pub fn combine<'a>(verdicts: impl IntoIterator<Item = &'a Verdict>) -> Verdict {
        let mut out = Verdict::Pass;
        for v in verdicts {
            match v {
                Verdict::Fail => return Verdict::Fail,
                Verdict::Inconclusive => out = Verdict::Inconclusive,
                Verdict::Pass | Verdict::Info => {}
            }
        }
        out
    }
}

/// A place in a source file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub path: String,
    pub line: u32,
    pub end_line: u32,
    pub run_id: i64,
}

/// One flow (5-tuple) of a test group, counted once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowResult {
    /// The VPC-side host (contract name, else address, else the log that shows it).
    pub host: String,
    pub sender_addr: Option<String>,
    pub sender_port: Option<u16>,
    pub receiver_addr: Option<String>,
    pub receiver_port: Option<u16>,
    pub protocol: Option<Protocol>,
    pub duration_s: Option<f64>,
    pub sent_packets: Option<u64>,
    pub received_packets: Option<u64>,
    pub loss_percent: Option<f64>,
    pub received_pps: Option<f64>,
    pub received_bps: Option<f64>,
    /// The median of the flow's interval rates: its rate once a policer's initial burst
    /// allowance is spent. `None` without intervals.
    pub steady_bps: Option<f64>,
    pub offered_bps: Option<f64>,
    pub jitter_ms: Option<f64>,
    /// steady (else average) received rate on the line / per-flow limit.
    pub share_of_limit: Option<f64>,
    pub over_limit: bool,
    /// Which logs gave the figures: `client+server` (paired), `client`, `server`.
    pub counted_from: String,
    pub evidence: Vec<Evidence>,
}

/// Percentiles of a series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Percentiles {
    pub samples: u32,
    pub min: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
}

/// A point of a time series: seconds from the group's start (or a wall-clock time).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub t: f64,
    pub ts: Option<DateTime<Utc>>,
    pub v: f64,
}

/// What sar saw on the receiving hosts during a group's test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SarCheck {
    /// Receiving hosts and the interface used on each (`idc:idc0`).
    pub interfaces: Vec<String>,
    /// Source files the samples came from.
    pub sources: Vec<String>,
    /// How the window was chosen.
    pub window_rule: String,
    pub window_start: Option<DateTime<Utc>>,
    pub window_end: Option<DateTime<Utc>>,
    /// Rows (per host) inside the window.
    pub rows: u32,
    /// Packets the interfaces received in the window: Σ rxpck/s × interval.
    pub received_packets: f64,
    /// received_packets / the group's duration.
    pub received_pps: f64,
    /// Σ rxkB/s × 1024 × 8 × interval / duration (bytes on the wire, headers included).
    pub received_bps: f64,
    /// The mean of rxpck/s over the window rows, summed over hosts.
    pub mean_rxpck_per_s: f64,
    /// (sar − tool) / tool received pps, in percent.
    pub vs_tool_percent: Option<f64>,
    /// sar received pps per timestamp, summed over the receiving hosts.
    pub series: Vec<Point>,
}

/// A set of runs that ran together: same direction, mode, tool and protocol, one test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupResult {
    /// Stable label: `inbound/pps/netperf/udp` (with `#2`... when a key has several tests).
    pub id: String,
    pub direction: Option<Direction>,
    pub mode: Mode,
    pub tool: Tool,
    pub protocol: Option<Protocol>,
    /// Which rule made this group (time overlap, test parameters, one test).
    pub split_rule: String,
    pub hosts: Vec<String>,
    pub runs: u32,
    pub flows: u32,
    pub message_size_bytes: Option<u64>,
    pub duration_s: Option<f64>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub sent_packets: Option<u64>,
    pub received_packets: Option<u64>,
    pub loss_percent: Option<f64>,
    pub sent_pps: Option<f64>,
    pub received_pps: Option<f64>,
    pub received_bps: Option<f64>,
    pub offered_bps: Option<f64>,
    /// Bits on the line per bit of payload (frame overhead for the group's message size; 1
    /// where the size or the protocol's overhead is not known).
    pub wire_factor: f64,
    /// offered_bps × wire_factor: the load offered to the line.
    pub offered_wire_bps: Option<f64>,
    /// received_bps × wire_factor: what the tools' payload rate took on the line.
    pub received_wire_bps: Option<f64>,
    pub jitter_ms: Option<f64>,
    pub transactions_per_s: Option<f64>,
    /// The time-aligned aggregate received throughput over intervals.
    pub throughput: Option<Percentiles>,
    pub timeline: Vec<Point>,
    pub sar: Option<SarCheck>,
    pub per_flow_limit_bps: Option<f64>,
    /// min(contract, flows × per-flow limit, offered load on the line).
    pub reachable_bps: Option<f64>,
    pub reachable_reason: Option<String>,
    pub flow_results: Vec<FlowResult>,
    /// Start skew, duration spread, missing figures.
    pub warnings: Vec<String>,
}

/// One criterion of the acceptance, for one direction (and the group it was measured on).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// `bandwidth`, `loss`, `pps`, `jitter`, `sar_agreement`, `per_flow_limit`.
    pub name: String,
    pub direction: Option<Direction>,
    pub group: Option<String>,
    pub verdict: Verdict,
    pub measured: Option<f64>,
    pub required: Option<f64>,
    /// Unit of measured and required: `bit/s`, `%`, `pps`, `ms`.
    pub unit: String,
    pub measured_text: String,
    pub required_text: String,
    pub reason: String,
}

/// How iperf3 client and server logs of the same flow were matched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pairing {
    pub client: Option<Evidence>,
    pub server: Option<Evidence>,
    /// `5-tuple`, `receiver port and counts`, or why it stood alone.
    pub rule: String,
}

/// A run no group could take, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unassigned {
    pub evidence: Evidence,
    pub reason: String,
}

/// The contract figures the analysis used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractFigures {
    pub bandwidth_bps: f64,
    pub per_flow_limit_bps: f64,
    pub hash_stream_divisor: u32,
    pub verdict_source: String,
}

/// The judgment of one campaign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub campaign: String,
    pub link: Option<String>,
    pub contract: Option<ContractFigures>,
    pub groups: Vec<GroupResult>,
    pub criteria: Vec<Criterion>,
    pub verdict: Verdict,
    pub pairings: Vec<Pairing>,
    pub unassigned: Vec<Unassigned>,
    pub warnings: Vec<String>,
}
