//! Test groups: counted flows of the same direction, mode, tool and protocol that ran
//! together, split into separate tests by time where timestamps exist, else by the test's
//! parameters, with the group's figures.

use super::flows::Unit;
use super::totals::Totals;
use crate::model::analysis::{FlowResult, GroupResult, Mode};
use crate::model::{Contract, Direction, Protocol, Tool};
use std::collections::BTreeMap;

/// Messages up to this size make a pps test.
pub const PPS_MAX_BYTES: u64 = 64;
/// Messages from this size make a bandwidth test.
pub const BANDWIDTH_MIN_BYTES: u64 = 1000;
/// Runs further apart than this (after the previous ended) are separate tests.
const TIME_GAP_S: i64 = 2;

/// The mode of a flow, from its message size.
pub fn mode_of(u: &Unit) -> Mode {
    if u.test.ends_with("_RR") || u.transactions_per_s.is_some() {
        return Mode::Other;
    }
    match u.size() {
        Some(s) if s <= PPS_MAX_BYTES => Mode::Pps,
        Some(s) if s >= BANDWIDTH_MIN_BYTES => Mode::Bandwidth,
        Some(_) => Mode::Other,
        // A TCP stream measures throughput whatever its write size.
        None if u.protocol == Some(Protocol::Tcp) => Mode::Bandwidth,
        None => Mode::Other,
    }
}

/// The key of a group before splitting.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub direction: Direction,
    pub mode: Mode,
    pub tool: Tool,
    pub protocol: Option<Protocol>,
}

/// Flows of one test, and the rule that put them together.
#[derive(Debug)]
pub struct Test<'u> {
    pub key: Key,
    pub id: String,
    pub rule: String,
    pub units: Vec<&'u Unit>,
}

fn sig2(v: f64) -> String {
    if v <= 0.0 || !v.is_finite() {
        return "?".into();
    }
    let mag = 10f64.powi(v.log10().floor() as i32 - 1);
    crate::model::units::si((v / mag).round() * mag, "bit/s")
}

/// The parameters that tell tests apart when no timestamps do.
#[derive(Clone, Debug)]
struct Params {
    size: Option<u64>,
    duration: f64,
    streams: u32,
    /// Offered rate per flow for paced (iperf3 UDP) tests; `None` for unpaced ones.
    offered: Option<f64>,
}

fn params(u: &Unit) -> Params {
    Params {
        size: u.size(),
        duration: u.sent_duration.or(u.received_duration).unwrap_or(0.0),
        streams: u.streams_in_run,
        offered: u
            .offered_stated
            .filter(|_| u.protocol == Some(Protocol::Udp)),
    }
}

/// Within 5 % (text logs round sizes and rates to three digits).
fn close(a: f64, b: f64) -> bool {
    let m = a.abs().max(b.abs());
    m == 0.0 || (a - b).abs() <= 0.05 * m
}

impl Params {
    fn same_test(&self, o: &Params) -> bool {
        let size = match (self.size, o.size) {
            (Some(a), Some(b)) => close(a as f64, b as f64),
            (None, None) => true,
            _ => false,
        };
        let offered = match (self.offered, o.offered) {
            (Some(a), Some(b)) => close(a, b),
            (None, None) => true,
            _ => false,
        };
        size && offered
            && self.streams == o.streams
            && (close(self.duration, o.duration) || (self.duration - o.duration).abs() <= 1.0)
    }

    fn describe(&self) -> String {
        format!(
            "message size {} B, {:.0} s, {} stream{} per run, offered {} per flow",
            self.size.map_or("?".into(), |s| s.to_string()),
            self.duration,
            self.streams,
            if self.streams == 1 { "" } else { "s" },
            self.offered.map_or_else(|| "not stated".into(), sig2)
        )
    }
}

/// Clusters flows whose parameters match (each joins the first cluster it matches).
fn by_params<'u>(list: Vec<&'u Unit>) -> Vec<(String, Vec<&'u Unit>)> {
    let mut parts: Vec<(Params, Vec<&'u Unit>)> = Vec::new();
    for u in list {
        let p = params(u);
        match parts.iter_mut().find(|(q, _)| q.same_test(&p)) {
            Some((_, us)) => us.push(u),
            None => parts.push((p, vec![u])),
        }
    }
    let n = parts.len();
    parts
        .into_iter()
        .map(|(p, us)| {
            let rule = if n == 1 {
                format!(
                    "one test: no timestamps, and every run has the same parameters ({})",
                    p.describe()
                )
            } else {
                format!("test parameters (no timestamps): {}", p.describe())
            };
            (rule, us)
        })
        .collect()
}

/// Splits the flows of known direction into tests.
pub fn split<'u>(units: &[&'u Unit]) -> Vec<Test<'u>> {
    let mut keyed: BTreeMap<Key, Vec<&'u Unit>> = BTreeMap::new();
    for u in units {
        if let Some(direction) = u.direction {
            keyed
                .entry(Key {
                    direction,
                    mode: mode_of(u),
                    tool: u.tool,
                    protocol: u.protocol,
                })
                .or_default()
                .push(u);
        }
    }
    let mut out = Vec::new();
    for (key, list) in keyed {
        let base = format!(
            "{}/{}/{}/{}",
            key.direction,
            key.mode,
            key.tool,
            key.protocol.map_or("?", |p| p.as_str())
        );
        let parts: Vec<(String, Vec<&'u Unit>)> = if list.iter().all(|u| u.started_at.is_some()) {
            by_time(list)
        } else {
            by_params(list)
        };
        let n = parts.len();
        for (i, (rule, units)) in parts.into_iter().enumerate() {
            out.push(Test {
                key: key.clone(),
                id: if n == 1 {
                    base.clone()
                } else {
                    format!("{base}#{}", i + 1)
                },
                rule,
                units,
            });
        }
    }
    out
}

fn by_time<'u>(mut list: Vec<&'u Unit>) -> Vec<(String, Vec<&'u Unit>)> {
    list.sort_by_key(|u| u.started_at);
    let mut parts: Vec<Vec<&'u Unit>> = Vec::new();
    let mut last_end = None;
    for u in list {
        let start = u.started_at;
        let new = match (last_end, start) {
            (Some(e), Some(s)) => s > e + chrono::Duration::seconds(TIME_GAP_S),
            _ => true,
        };
        if new || parts.is_empty() {
            parts.push(Vec::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(u);
        }
        let end = u.ended_at().or(start);
        last_end = match (last_end, end) {
            (Some(a), Some(b)) if !new => Some(std::cmp::max(a, b)),
            (_, b) => b,
        };
    }
    let n = parts.len();
    parts
        .into_iter()
        .map(|p| {
            let rule = if n == 1 {
                "time: the runs' windows overlap (from the tools' timestamps)".to_string()
            } else {
                format!(
                    "time: runs more than {TIME_GAP_S} s apart are separate tests (from the tools' timestamps)"
                )
            };
            (rule, p)
        })
        .collect()
}

/// The VPC-side host of a flow: its name in the contract, else its address, else the log
/// file that shows it.
pub fn host_label(u: &Unit, direction: Direction, contract: Option<&Contract>) -> String {
    let ep = match direction {
        Direction::Inbound => &u.sender,
        Direction::Outbound => &u.receiver,
    };
    if let Some(a) = &ep.addr {
        if let Some(name) = super::direction::ip(Some(a)).and_then(|ip| contract?.host_name(&ip)) {
            return name.to_string();
        }
        return a.clone();
    }
    if let Some(h) = &u.log_host {
        return h.clone();
    }
    let file = u
        .evidence
        .first()
        .map(|e| e.path.rsplit('/').next().unwrap_or(&e.path).to_string())
        .unwrap_or_else(|| "?".into());
    // netperf prints no local address: a contract host named in the file name is the host.
    if let Some(c) = contract {
        let tokens: Vec<&str> = file
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        let named: Vec<&str> = c
            .hosts
            .iter()
            .map(|h| h.name.as_str())
            .filter(|n| tokens.contains(n))
            .collect();
        if let [one] = named.as_slice() {
            return (*one).to_string();
        }
    }
    file
}

/// The figures of a test from its flows and their totals (without the series, the sar
/// check and the verdicts).
pub fn figures(t: &Test<'_>, contract: Option<&Contract>, totals: &Totals) -> GroupResult {
    let u = &t.units;
    let dir = t.key.direction;
    let mut hosts: Vec<String> = u.iter().map(|x| host_label(x, dir, contract)).collect();
    hosts.sort();
    hosts.dedup();
    let sent_packets = totals.sent_packets;
    let received_packets = totals.received_packets;
    let loss_percent = match (sent_packets, received_packets) {
        (Some(s), Some(r)) if s > 0 => Some((1.0 - r as f64 / s as f64) * 100.0),
        _ => None,
    };
    let durations: Vec<f64> = u
        .iter()
        .filter_map(|x| x.received_duration.or(x.sent_duration))
        .collect();
    let duration_s = totals.duration_s;
    let mut stated: Vec<u64> = u.iter().filter_map(|x| x.message_size).collect();
    stated.sort_unstable();
    stated.dedup();
    let mut warnings = Vec::new();
    if stated.len() > 1 {
        warnings.push(format!("message sizes differ between runs: {stated:?} B"));
    }
    // Stated where the logs say it, else the median of bytes / packets (text logs round
    // bytes to three digits, so each run's own quotient is only near the true size).
    let message_size = match stated.as_slice() {
        [one] => Some(*one),
        _ => {
            let mut derived: Vec<u64> = u.iter().filter_map(|x| x.size()).collect();
            derived.sort_unstable();
            derived.get(derived.len() / 2).copied()
        }
    };
    if durations.len() > 1 {
        let max = durations.iter().copied().fold(f64::MIN, f64::max);
        let min = durations.iter().copied().fold(f64::MAX, f64::min);
        if max > 0.0 && (max - min) / max > 0.05 {
            warnings.push(format!(
                "durations differ by more than 5 %: {min:.2} s to {max:.2} s"
            ));
        }
    }
    let starts: Vec<_> = u.iter().filter_map(|x| x.started_at).collect();
    let started_at = starts.iter().min().copied();
    let ended_at = u.iter().filter_map(|x| x.ended_at()).max();
    if starts.len() == u.len() && starts.len() > 1 {
        if let (Some(a), Some(b)) = (starts.iter().min(), starts.iter().max()) {
            let skew = (*b - *a).num_milliseconds() as f64 / 1000.0;
            let limit = duration_s.map_or(2.0, |d| (d * 0.1).max(2.0));
            if skew > limit {
                warnings.push(format!(
                    "start skew {skew:.1} s (over {limit:.1} s): the runs did not all run together"
                ));
            }
        }
    } else if starts.len() != u.len() {
        warnings
            .push("the logs give no start times, so concurrency could not be checked".to_string());
    }
    let per_flow = contract.map(|c| c.link.per_flow_limit().0);
    let offered_bps = totals.offered_bps;
    let received_bps = totals.received_bps;
    // Frame overhead is known for UDP (the contract's frame_overhead_bytes); TCP's varies.
    let wire_factor = match (contract, t.key.protocol) {
        (Some(c), Some(Protocol::Udp)) => c.link.wire_factor(message_size),
        _ => 1.0,
    };
    let offered_wire_bps = offered_bps.map(|o| o * wire_factor);
    let flows = u.len() as u32;
    let (reachable_bps, reachable_reason) = match contract {
        Some(c) if t.key.mode == Mode::Bandwidth => {
            let (r, why) = reachable(
                c.link.bandwidth.0,
                per_flow.unwrap_or(f64::MAX),
                flows,
                offered_wire_bps,
                t.key.protocol,
            );
            (Some(r), why)
        }
        _ => (None, None),
    };
    let flow_results = u
        .iter()
        .map(|x| FlowResult {
            host: host_label(x, dir, contract),
            sender_addr: x.sender.addr.clone(),
            sender_port: x.sender.port,
            receiver_addr: x.receiver.addr.clone(),
            receiver_port: x.receiver.port,
            protocol: x.protocol,
            duration_s: x.received_duration.or(x.sent_duration),
            sent_packets: x.sent_packets,
            received_packets: x.received_packets,
            loss_percent: match (x.sent_packets, x.received_packets) {
                (Some(s), Some(r)) if s > 0 => Some((1.0 - r as f64 / s as f64) * 100.0),
                _ => None,
            },
            received_pps: x.received_pps(),
            received_bps: x.received_bps(),
            steady_bps: None,
            offered_bps: x.offered_bps,
            jitter_ms: x.jitter_ms,
            share_of_limit: None,
            over_limit: false,
            counted_from: x.counted_from.to_string(),
            evidence: x.evidence.clone(),
        })
        .collect();
    GroupResult {
        id: t.id.clone(),
        direction: Some(dir),
        mode: t.key.mode,
        tool: t.key.tool,
        protocol: t.key.protocol,
        split_rule: t.rule.clone(),
        hosts,
        runs: u
            .iter()
            .map(|x| x.evidence.first().map(|e| e.run_id))
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u32,
        flows,
        message_size_bytes: message_size,
        duration_s,
        started_at,
        ended_at,
        sent_packets,
        received_packets,
        loss_percent,
        sent_pps: totals.sent_pps,
        received_pps: totals.received_pps,
        received_bps,
        offered_bps,
        wire_factor,
        offered_wire_bps,
        received_wire_bps: received_bps.map(|r| r * wire_factor),
        jitter_ms: totals.jitter_ms,
        transactions_per_s: totals.transactions_per_s,
        throughput: None,
        timeline: Vec::new(),
        sar: None,
        per_flow_limit_bps: per_flow,
        reachable_bps,
        reachable_reason,
        flow_results,
        warnings,
    }
}

/// min(contract, flows × per-flow limit, offered load on the line), and in words why it is
/// below the contract when it is. `offered` counts frames, like the contract (payload ×
/// [`crate::model::contract::Link::wire_factor`]).
pub fn reachable(
    contract_bps: f64,
    per_flow_bps: f64,
    flows: u32,
    offered: Option<f64>,
    protocol: Option<Protocol>,
) -> (f64, Option<String>) {
    use crate::model::units::si;
    let by_flows = f64::from(flows) * per_flow_bps;
    let offered = offered.filter(|_| protocol == Some(Protocol::Udp));
    let mut r = contract_bps.min(by_flows);
    if let Some(o) = offered {
        r = r.min(o);
    }
    let tol = contract_bps * 1e-9;
    let reason = if by_flows + tol < contract_bps && offered.is_none_or(|o| by_flows <= o) {
        let need = (contract_bps / per_flow_bps - 1e-9).ceil() as u64;
        Some(format!(
            "{flows} flow{} × {} = {} < {}: run at least {need} flows",
            if flows == 1 { "" } else { "s" },
            si(per_flow_bps, "bit/s"),
            si(by_flows, "bit/s"),
            si(contract_bps, "bit/s"),
        ))
    } else {
        match offered {
            Some(o) if o + tol < contract_bps => Some(format!(
                "offered load {} on the line < {}: offer at least the contract rate (iperf3 -b per flow × flows, counting frame overhead)",
                si(o, "bit/s"),
                si(contract_bps, "bit/s")
            )),
            _ => None,
        }
    };
    (r, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reachable_is_limited_by_flows_and_offered_load() {
        let (r, why) = reachable(1e9, 1e9 / 12.0, 8, None, Some(Protocol::Udp));
        assert!((r - 666_666_666.67).abs() < 1.0);
        assert_eq!(
            why.as_deref(),
            Some("8 flows × 83.3 Mbit/s = 667 Mbit/s < 1.00 Gbit/s: run at least 12 flows")
        );
        let (r, why) = reachable(1e9, 1e9 / 12.0, 12, None, Some(Protocol::Udp));
        assert!((r - 1e9).abs() < 1.0, "{r}");
        assert_eq!(why, None);
        let (r, why) = reachable(1e9, 1e9 / 12.0, 16, Some(8e8), Some(Protocol::Udp));
        assert_eq!(r, 8e8);
        assert!(why.is_some_and(|w| w.starts_with("offered load 800 Mbit/s")));
        // TCP has no offered rate to hold against it.
        assert_eq!(
            reachable(1e9, 1e9 / 12.0, 16, Some(1.0), Some(Protocol::Tcp)).0,
            1e9
        );
    }
}
