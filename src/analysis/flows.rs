//! One flow, one count. iperf3 writes a flow's summary in the client's and in the server's
//! log; this module matches the two (by the data connection's 5-tuple, else by the receiver
//! port and the counts) and makes one counted flow of them, taking the receiving end's
//! figures. Runs that did not complete are set aside with the reason.

use super::direction::{self, Decided};
use crate::model::analysis::{Evidence, Pairing, Unassigned};
use crate::model::{
    Contract, Counters, Direction, Endpoint, Flow, Interval, Protocol, Role, RunRecord, RunStatus,
    Tool,
};
use chrono::{DateTime, Utc};

/// A flow counted once, with the figures of the end that received it.
#[derive(Clone, Debug)]
pub struct Unit {
    pub evidence: Vec<Evidence>,
    pub counted_from: &'static str,
    pub direction: Option<Direction>,
    pub direction_how: String,
    pub tool: Tool,
    pub protocol: Option<Protocol>,
    pub test: String,
    pub message_size: Option<u64>,
    pub sender: Endpoint,
    pub receiver: Endpoint,
    /// The host name the log gives.
    pub log_host: Option<String>,
    pub sent_packets: Option<u64>,
    pub received_packets: Option<u64>,
    pub sent_duration: Option<f64>,
    pub received_duration: Option<f64>,
    pub received_bytes: Option<u64>,
    pub received_bps_printed: Option<f64>,
    pub jitter_ms: Option<f64>,
    /// The rate the sender was asked for (iperf3 `-b`), where the log says.
    pub offered_stated: Option<f64>,
    /// That, else what the sender sent (UDP): the load offered to the line.
    pub offered_bps: Option<f64>,
    pub transactions_per_s: Option<f64>,
    pub started_at: Option<DateTime<Utc>>,
    /// Streams of the run the flow belongs to.
    pub streams_in_run: u32,
    /// Receiving-end intervals of this flow (omitted ones dropped); sender intervals where
    /// only a TCP sender's log exists (TCP delivers what it sends).
    pub intervals: Vec<Interval>,
    /// Folder of the source files (for matching sar files of the same test).
    pub source_dirs: Vec<String>,
}

impl Unit {
    /// Payload bytes per packet: the stated size, else bytes / packets.
    pub fn size(&self) -> Option<u64> {
        self.message_size.or_else(|| {
            let p = self.received_packets.filter(|p| *p > 0)?;
            Some((self.received_bytes? as f64 / p as f64).round() as u64)
        })
    }

    /// Received payload bit/s: packets × size × 8 / duration where the size is known (exact),
    /// else the printed rate, else bytes / duration.
    pub fn received_bps(&self) -> Option<f64> {
        let d = self.received_duration.filter(|d| *d > 0.0)?;
        if self.protocol == Some(Protocol::Udp)
            && let (Some(p), Some(s)) = (self.received_packets, self.message_size)
        {
            return Some(p as f64 * s as f64 * 8.0 / d);
        }
        self.received_bps_printed
            .or_else(|| Some(self.received_bytes? as f64 * 8.0 / d))
    }

    pub fn received_pps(&self) -> Option<f64> {
        let d = self.received_duration.filter(|d| *d > 0.0)?;
        Some(self.received_packets? as f64 / d)
    }

    pub fn sent_pps(&self) -> Option<f64> {
        let d = self.sent_duration.filter(|d| *d > 0.0)?;
        Some(self.sent_packets? as f64 / d)
    }

    pub fn ended_at(&self) -> Option<DateTime<Utc>> {
        let d = self.received_duration.or(self.sent_duration)?;
        let ms = (d * 1000.0).round() as i64;
        Some(self.started_at? + chrono::Duration::milliseconds(ms))
    }
}

/// Counted flows, how logs were paired, and runs set aside.
#[derive(Debug, Default)]
pub struct Counted {
    pub units: Vec<Unit>,
    pub pairings: Vec<Pairing>,
    pub unassigned: Vec<Unassigned>,
}

fn evidence(r: &RunRecord) -> Evidence {
    Evidence {
        path: r.source_path.clone(),
        line: r.run.source_line,
        end_line: r.run.end_line,
        run_id: r.id,
    }
}

fn dir_of(path: &str) -> String {
    path.rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string())
}

/// Whether the log was written by the end that received the data.
fn written_by_receiver(r: &RunRecord) -> bool {
    match r.run.flows.first() {
        Some(f) if f.local.addr.is_some() && r.run.receiver.addr.is_some() => {
            f.local.addr == r.run.receiver.addr
                && (f.local.port == r.run.receiver.port || r.run.receiver.port.is_none())
        }
        _ => r.run.role == Role::Server,
    }
}

fn same_end(a: &Endpoint, b: &Endpoint) -> bool {
    a.addr.is_some() && a.port.is_some() && a.addr == b.addr && a.port == b.port
}

/// The flows of `a` and `b` share a data connection (seen from both ends).
fn share_connection(a: &RunRecord, b: &RunRecord) -> bool {
    a.run.flows.iter().any(|f| {
        b.run
            .flows
            .iter()
            .any(|g| same_end(&f.local, &g.remote) && same_end(&f.remote, &g.local))
    })
}

/// Same receiver port and the same receive counts (the client's receiver line repeats the
/// server's figures).
fn same_counts(client: &RunRecord, server: &RunRecord) -> bool {
    let c = &client.run;
    let s = &server.run;
    c.protocol == s.protocol
        && c.receiver.port.is_some()
        && c.receiver.port == s.receiver.port
        && c.counters.received.packets.is_some()
        && c.counters.received.packets == s.counters.received.packets
        && c.counters.lost_packets == s.counters.lost_packets
}

/// Builds the counted flows of a campaign's runs.
pub fn count(runs: &[RunRecord], contract: Option<&Contract>) -> Counted {
    let mut out = Counted::default();
    let mut usable: Vec<(&RunRecord, Decided)> = Vec::new();
    for r in runs {
        match r.run.status {
            RunStatus::Error => out.unassigned.push(Unassigned {
                evidence: evidence(r),
                reason: format!(
                    "the test did not run: {}",
                    r.run.error.as_deref().unwrap_or("error")
                ),
            }),
            RunStatus::Aborted => out.unassigned.push(Unassigned {
                evidence: evidence(r),
                reason:
                    "aborted before its summary: its figures are incomplete and are not counted"
                        .into(),
            }),
            RunStatus::Complete => usable.push((r, direction::decide(r, contract))),
        }
    }
    let (clients, servers): (Vec<_>, Vec<_>) = usable
        .iter()
        .filter(|(r, _)| r.run.tool == Tool::Iperf3)
        .partition(|(r, _)| r.run.role == Role::Client);
    let mut server_taken = std::collections::HashSet::new();
    let mut done: Vec<i64> = Vec::new();
    for (c, cd) in &clients {
        let by_tuple = servers
            .iter()
            .enumerate()
            .find(|(i, (s, _))| !server_taken.contains(i) && share_connection(c, s));
        let found = by_tuple
            .map(|(i, s)| (i, s, "5-tuple of the data connection"))
            .or_else(|| {
                servers
                    .iter()
                    .enumerate()
                    .find(|(i, (s, _))| !server_taken.contains(i) && same_counts(c, s))
                    .map(|(i, s)| (i, s, "receiver port and receive counts"))
            });
        match found {
            Some((i, (s, sd), rule)) => {
                server_taken.insert(i);
                done.push(c.id);
                done.push(s.id);
                out.pairings.push(Pairing {
                    client: Some(evidence(c)),
                    server: Some(evidence(s)),
                    rule: rule.into(),
                });
                let decided = if cd.direction.is_some() { cd } else { sd };
                out.units.extend(units_of(Some(c), Some(s), decided));
            }
            None => out.pairings.push(Pairing {
                client: Some(evidence(c)),
                server: None,
                rule: "no server log of this flow: counted from the client's log".into(),
            }),
        }
    }
    for (i, (s, _)) in servers.iter().enumerate() {
        if !server_taken.contains(&i) {
            out.pairings.push(Pairing {
                client: None,
                server: Some(evidence(s)),
                rule: "no client log of this flow: counted from the server's log".into(),
            });
        }
    }
    for (r, d) in &usable {
        if !done.contains(&r.id) {
            out.units.extend(units_of(Some(r), None, d));
        }
    }
    out
}

/// The counters of one flow of a run (the run's own for a single-stream run).
fn counters_of<'a>(run: &'a RunRecord, flow: Option<&'a Flow>) -> &'a Counters {
    match flow {
        Some(f) if run.run.flows.len() > 1 => &f.counters,
        Some(f) if f.counters.received.packets.is_some() || f.counters.sent.packets.is_some() => {
            if run.run.counters.received.packets.is_some()
                || run.run.counters.sent.packets.is_some()
            {
                &run.run.counters
            } else {
                &f.counters
            }
        }
        _ => &run.run.counters,
    }
}

/// Counted flows of a run, or of a client/server pair.
fn units_of(a: Option<&RunRecord>, b: Option<&RunRecord>, decided: &Decided) -> Vec<Unit> {
    let runs: Vec<&RunRecord> = a.into_iter().chain(b).collect();
    let receiver = runs.iter().copied().find(|r| written_by_receiver(r));
    let sender = runs.iter().copied().find(|r| !written_by_receiver(r));
    let Some(primary) = receiver.or(sender) else {
        return Vec::new();
    };
    let evidence_all: Vec<Evidence> = runs.iter().map(|r| evidence(r)).collect();
    let counted_from = match (receiver, sender, runs.len()) {
        (_, _, 2) => "client+server",
        _ if primary.run.role == Role::Server => "server",
        _ => "client",
    };
    let flows: Vec<Option<&Flow>> = if primary.run.flows.is_empty() {
        vec![None]
    } else {
        primary.run.flows.iter().map(Some).collect()
    };
    flows
        .into_iter()
        .map(|flow| {
            let rc = counters_of(primary, flow);
            // The sender's flow of the same connection, for what it sent.
            let sender_flow = sender.and_then(|s| {
                let f = flow?;
                s.run
                    .flows
                    .iter()
                    .find(|g| same_end(&g.local, &f.remote) && same_end(&g.remote, &f.local))
            });
            let sc = match (sender, receiver) {
                (Some(s), Some(_)) => counters_of(s, sender_flow),
                _ => rc,
            };
            let run = &primary.run;
            let stream = flow.and_then(|f| f.stream_id);
            let from_receiver = receiver.is_some();
            // A UDP sender's intervals are what it sent, not what arrived.
            let interval_run =
                (from_receiver || run.protocol == Some(Protocol::Tcp)).then_some(primary);
            let intervals = interval_run
                .map(|r| flow_intervals(&r.run.intervals, stream, r.run.flows.len()))
                .unwrap_or_default();
            let (sender_ep, receiver_ep) = match flow {
                Some(f) if from_receiver => (f.remote.clone(), f.local.clone()),
                Some(f) => (f.local.clone(), f.remote.clone()),
                None => (run.sender.clone(), run.receiver.clone()),
            };
            let stated = sender
                .and_then(|s| s.run.offered_bps)
                .or(run.offered_bps)
                .map(|b| b.0);
            let offered = stated.or_else(|| {
                (run.protocol == Some(Protocol::Udp))
                    .then(|| sc.sent.rate().map(|b| b.0))
                    .flatten()
            });
            let sent_packets = sc.sent.packets.map(|p| p.0).or_else(|| {
                // A lone receiver's Total (received + lost) is what was sent.
                Some(rc.received.packets?.0 + rc.lost_packets?.0)
            });
            Unit {
                evidence: evidence_all.clone(),
                counted_from,
                direction: decided.direction,
                direction_how: decided.how.clone(),
                tool: run.tool,
                protocol: run.protocol,
                test: run.test.clone(),
                message_size: run
                    .message_size
                    .or_else(|| sender.and_then(|s| s.run.message_size))
                    .map(|b| b.0),
                sender: with_fallback(sender_ep, &run.sender),
                receiver: with_fallback(receiver_ep, &run.receiver),
                log_host: runs.iter().find_map(|r| r.run.host.clone()),
                sent_packets,
                received_packets: rc.received.packets.map(|p| p.0),
                sent_duration: sc.sent.duration.map(|d| d.0),
                received_duration: rc.received.duration.or(rc.sent.duration).map(|d| d.0),
                received_bytes: rc.received.bytes.map(|b| b.0),
                received_bps_printed: rc.received.bps.map(|b| b.0),
                jitter_ms: rc.jitter_ms,
                offered_stated: stated,
                offered_bps: offered,
                transactions_per_s: run.transactions_per_s,
                started_at: runs.iter().find_map(|r| r.run.started_at),
                streams_in_run: run.streams.max(1),
                intervals,
                source_dirs: runs.iter().map(|r| dir_of(&r.source_path)).collect(),
            }
        })
        .collect()
}

/// The intervals of one stream: its own rows when the run has several streams; for a
/// single-stream run its rows, else the sum rows. Omitted (warm-up) intervals are dropped.
fn flow_intervals(all: &[Interval], stream: Option<u32>, flows: usize) -> Vec<Interval> {
    let keep = |i: &&Interval| !i.omitted;
    if flows > 1 {
        return all
            .iter()
            .filter(keep)
            .filter(|i| stream.is_some() && i.stream_id == stream)
            .cloned()
            .collect();
    }
    let own: Vec<Interval> = all
        .iter()
        .filter(keep)
        .filter(|i| i.stream_id.is_some())
        .cloned()
        .collect();
    if own.is_empty() {
        all.iter().filter(keep).cloned().collect()
    } else {
        own
    }
}

fn with_fallback(ep: Endpoint, run_ep: &Endpoint) -> Endpoint {
    Endpoint {
        addr: ep.addr.or_else(|| run_ep.addr.clone()),
        port: ep.port.or(run_ep.port),
    }
}
