//! From a read text session to runs: one run per data direction (two for `--bidir`), with
//! the counters of its sender and receiver summary lines, its flows, its intervals and its
//! status. Text transfers are printed with 3 significant digits, so the bytes made from
//! them (with `Bytes::from_f64`) carry the log's rounding; UDP datagram counts are exact.

use super::lex::{Label, Metric};
use super::plain::MessageKind;
use super::session::{Conn, Row, Session};
use crate::model::{
    BitsPerSec, Bytes, Counters, Diagnostic, Endpoint, Flow, Interval, Packets, Protocol, Role,
    Run, RunStatus, Seconds, Tool, Transfer,
};
use std::collections::{HashMap, HashSet};

/// What the file says once for all its runs (`-V` preamble).
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    pub version: Option<String>,
    pub host: Option<String>,
}

/// The rows of one data direction.
struct Group<'a> {
    /// This end sends the data.
    local_sends: bool,
    /// `--bidir` direction: rows are picked by their role tag.
    tagged: bool,
    session: &'a Session,
}

impl Group<'_> {
    fn owns(&self, r: &Row) -> bool {
        !self.tagged || r.data.tag.local_sends == Some(self.local_sends)
    }

    fn rows(&self) -> impl Iterator<Item = &Row> {
        self.session.rows.iter().filter(|r| self.owns(r))
    }

    fn sums(&self) -> impl Iterator<Item = &Row> {
        self.session.sums.iter().filter(|r| self.owns(r))
    }

    /// Stream ids of this direction, in the order of the connection lines.
    fn stream_ids(&self) -> Vec<u32> {
        // Each row's id, kept once, in the order of first appearance (a row per stream and
        // interval: thousands of rows, a handful of ids).
        let mut in_data: HashSet<u32, foldhash::fast::RandomState> = HashSet::default();
        let data_ids: Vec<u32> = self
            .rows()
            .chain(self.sums())
            .filter_map(|r| r.data.tag.id)
            .filter(|id| in_data.insert(*id))
            .collect();
        let mut seen = HashSet::new();
        let conn_ids = self.session.conns.iter().filter_map(|c| c.stream_id);
        let conn_ids = conn_ids.filter(|id| !self.tagged || in_data.contains(id));
        conn_ids
            .chain(data_ids)
            .filter(|id| seen.insert(*id))
            .collect()
    }
}

fn protocol(s: &Session) -> Option<Protocol> {
    if s.stated_protocol.is_some() {
        return s.stated_protocol;
    }
    let all = || s.rows.iter().chain(s.sums.iter());
    let udp = s.header.is_some_and(|h| h.datagrams || h.jitter)
        || !s.sent.is_empty()
        || all().any(|r| matches!(r.data.metric, Metric::JitterLoss { .. }));
    if udp {
        Some(Protocol::Udp)
    } else if s.header.is_some() || all().next().is_some() {
        Some(Protocol::Tcp)
    } else {
        None
    }
}

/// Whether this end sends, outside `--bidir`: the client unless `-R`; the server when its
/// columns are a sender's (Retr/Cwnd, Total Datagrams) or its summary is a sender line.
fn local_sends(s: &Session) -> bool {
    match s.role {
        Role::Client => !s.reverse,
        Role::Server => match s.header {
            Some(h) if !h.bidir => h.retr || (h.datagrams && !h.jitter),
            _ => {
                let label = |l| s.sums.iter().any(|r| r.data.label == Some(l));
                label(Label::Sender) && !label(Label::Receiver)
            }
        },
    }
}

fn seconds(r: &Row) -> Seconds {
    Seconds(((r.data.end - r.data.start) * 1e6).round() / 1e6)
}

fn transfer(r: &Row) -> Transfer {
    Transfer {
        packets: None,
        bytes: Bytes::from_f64(r.data.bytes),
        bps: Some(BitsPerSec(r.data.bps)),
        duration: Some(seconds(r)),
    }
}

/// Counters from summary rows (of one stream, or of `[SUM]`); `sent_datagrams` from the
/// old `Sent N datagrams` lines. Returns whether a sender and a receiver line were found.
fn counters(
    rows: &[&Row],
    sent_datagrams: Option<u64>,
    udp: bool,
    local_sends: bool,
) -> (Counters, bool, bool) {
    let mut c = Counters::default();
    let (mut has_sender, mut has_receiver) = (false, false);
    for r in rows {
        let is_sender = match r.data.label {
            Some(Label::Sender) => true,
            Some(Label::Receiver) => false,
            None => !matches!(r.data.metric, Metric::JitterLoss { .. }) && local_sends,
        };
        if is_sender {
            has_sender = true;
            c.sent = transfer(r);
            match r.data.metric {
                Metric::JitterLoss { total, .. } => c.sent.packets = Some(Packets(total)),
                Metric::Count(n) if udp => c.sent.packets = Some(Packets(n)),
                Metric::Count(n) | Metric::RetrCwnd(n) => c.retransmits = Some(n),
                Metric::None => {}
            }
        } else {
            has_receiver = true;
            c.received = transfer(r);
            if let Metric::JitterLoss {
                jitter_ms,
                lost,
                total,
            } = r.data.metric
            {
                c.received.packets = Some(Packets(total.saturating_sub(lost)));
                c.lost_packets = Some(Packets(lost));
                c.jitter_ms = Some(jitter_ms);
            }
        }
    }
    if let (None, Some(n)) = (c.sent.packets, sent_datagrams) {
        c.sent.packets = Some(Packets(n));
        if c.sent.duration.is_none() {
            c.sent.duration = c.received.duration;
        }
    }
    (c, has_sender, has_receiver)
}

fn interval(r: &Row, udp: bool) -> Interval {
    let d = &r.data;
    let mut i = Interval {
        line: r.line,
        stream_id: d.tag.id,
        start: Seconds(d.start),
        end: Seconds(d.end),
        timestamp: r.ts,
        bytes: Bytes::from_f64(d.bytes),
        bps: Some(BitsPerSec(d.bps)),
        omitted: d.omitted,
        ..Interval::default()
    };
    match d.metric {
        Metric::Count(n) if udp => i.packets = Some(Packets(n)),
        Metric::Count(n) | Metric::RetrCwnd(n) => i.retransmits = Some(n),
        Metric::JitterLoss {
            jitter_ms,
            lost,
            total,
        } => {
            i.packets = Some(Packets(total.saturating_sub(lost)));
            i.lost_packets = Some(Packets(lost));
            i.jitter_ms = Some(jitter_ms);
        }
        Metric::None => {}
    }
    i
}

/// One address and, if all streams share it, one port.
pub fn common_endpoint<'a>(eps: impl Iterator<Item = &'a Endpoint>) -> Endpoint {
    let eps: Vec<&Endpoint> = eps.collect();
    let Some(first) = eps.first() else {
        return Endpoint::default();
    };
    let same_port = eps.iter().all(|e| e.port == first.port);
    Endpoint {
        addr: first.addr.clone(),
        port: if same_port { first.port } else { None },
    }
}

fn aggregate(flows: &[Flow]) -> Counters {
    fn add(a: Option<u64>, b: Option<u64>) -> Option<u64> {
        Some(a?.saturating_add(b?))
    }
    let mut c = Counters::default();
    for (i, f) in flows.iter().enumerate() {
        let g = &f.counters;
        if i == 0 {
            c = g.clone();
            continue;
        }
        for (acc, x) in [(&mut c.sent, &g.sent), (&mut c.received, &g.received)] {
            acc.packets = add(acc.packets.map(|p| p.0), x.packets.map(|p| p.0)).map(Packets);
            acc.bytes = add(acc.bytes.map(|b| b.0), x.bytes.map(|b| b.0)).map(Bytes);
            acc.bps = acc.bps.zip(x.bps).map(|(a, b)| BitsPerSec(a.0 + b.0));
            acc.duration = match (acc.duration, x.duration) {
                (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
                _ => None,
            };
        }
        c.lost_packets = add(c.lost_packets.map(|p| p.0), g.lost_packets.map(|p| p.0)).map(Packets);
        c.retransmits = add(c.retransmits, g.retransmits);
        c.jitter_ms = None;
    }
    c
}

/// Turns a finished session into its runs (and standalone runs for messages that turned
/// out not to be its own), in file order.
pub fn runs(mut s: Session, facts: &FileFacts, diags: &mut Vec<Diagnostic>) -> Vec<Run> {
    let mut out = Vec::new();
    for m in std::mem::take(&mut s.early) {
        let k = &m.message.kind;
        let belongs = match (s.role, k) {
            (Role::Client, MessageKind::Error | MessageKind::ClientInterrupt) => !s.done,
            (Role::Server, MessageKind::ClientTerminated) => true,
            (Role::Server, MessageKind::Error | MessageKind::ServerTerminated) => !s.is_complete(),
            _ => false,
        };
        if belongs && s.message.is_none() {
            s.notes.push(format!(
                "the message on line {} is this run's: stderr reached the file before the buffered output",
                m.line
            ));
            s.message = Some(m);
        } else if *k != MessageKind::ServerTerminated {
            out.push(message_run(m.line, &m.message.text, k, s.role, facts));
        }
    }
    let proto = protocol(&s);
    let udp = proto == Some(Protocol::Udp);
    let groups: Vec<Group> = if s.bidir {
        let client_first = s.role == Role::Client;
        vec![
            Group {
                local_sends: client_first,
                tagged: true,
                session: &s,
            },
            Group {
                local_sends: !client_first,
                tagged: true,
                session: &s,
            },
        ]
    } else {
        vec![Group {
            local_sends: local_sends(&s),
            tagged: false,
            session: &s,
        }]
    };
    for g in &groups {
        out.push(direction_run(&s, g, proto, udp, facts, diags));
    }
    out
}

fn direction_run(
    s: &Session,
    g: &Group,
    proto: Option<Protocol>,
    udp: bool,
    facts: &FileFacts,
    diags: &mut Vec<Diagnostic>,
) -> Run {
    let mut run = Run::new(Tool::Iperf3, s.role, s.first_line);
    run.end_line = s.last_line;
    run.tool_version = facts.version.clone();
    run.host = facts.host.clone();
    run.protocol = proto;
    run.test = match proto {
        Some(Protocol::Udp) => "UDP".into(),
        Some(Protocol::Tcp) => "TCP".into(),
        None => String::new(),
    };
    run.started_at = s.time.or(s.first_ts);
    run.offered_bps = s.offered_bps.filter(|b| *b > 0.0).map(BitsPerSec);
    run.message_size = s.block_bytes.filter(|_| udp).map(Bytes);
    run.notes = s.notes.clone();
    let mut sent_by_id: HashMap<Option<u32>, u64> = HashMap::new();
    for (id, n) in &s.sent {
        let e = sent_by_id.entry(*id).or_insert(0);
        *e = e.saturating_add(*n);
    }
    let sent_all =
        (!s.sent.is_empty()).then(|| sent_by_id.values().fold(0u64, |a, b| a.saturating_add(*b)));
    let mut sums_by_id: HashMap<u32, Vec<&Row>> = HashMap::new();
    for r in g.sums() {
        if let Some(id) = r.data.tag.id {
            sums_by_id.entry(id).or_default().push(r);
        }
    }
    let mut conn_by_id: HashMap<u32, &Conn> = HashMap::new();
    for c in &s.conns {
        if let Some(id) = c.stream_id {
            conn_by_id.entry(id).or_insert(c);
        }
    }
    let ids = g.stream_ids();
    for id in &ids {
        let rows = sums_by_id.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let conn = conn_by_id.get(id);
        let (counters, _, _) = counters(
            rows,
            sent_by_id.get(&Some(*id)).copied(),
            udp,
            g.local_sends,
        );
        run.flows.push(Flow {
            stream_id: Some(*id),
            local: conn.map(|c| c.local.clone()).unwrap_or_default(),
            remote: conn.map(|c| c.remote.clone()).unwrap_or_default(),
            counters,
        });
    }
    run.streams = u32::try_from(ids.len()).unwrap_or(u32::MAX);
    let sum_rows: Vec<&Row> = g.sums().filter(|r| r.data.tag.id.is_none()).collect();
    let (mut c, mut has_sender, mut has_receiver) = if !sum_rows.is_empty() {
        counters(&sum_rows, sent_all, udp, g.local_sends)
    } else if run.flows.len() <= 1 {
        let rows: Vec<&Row> = g.sums().collect();
        counters(&rows, sent_all, udp, g.local_sends)
    } else {
        run.notes.push(
            "no [SUM] summary lines: run figures are the sums of the streams' figures".into(),
        );
        let rows: Vec<&Row> = g.sums().collect();
        let (_, hs, hr) = counters(&rows, None, udp, g.local_sends);
        (aggregate(&run.flows), hs, hr)
    };
    if !has_receiver
        && !g.tagged
        && let Some(so) = s.server_output.as_deref()
    {
        let rows: Vec<&Row> = so
            .sums
            .iter()
            .filter(|r| r.data.label != Some(Label::Sender))
            .collect();
        let sums: Vec<&Row> = rows
            .iter()
            .copied()
            .filter(|r| r.data.tag.id.is_none())
            .collect();
        let pick = if sums.is_empty() { rows } else { sums };
        let (sc, _, hr) = counters(&pick, None, udp, false);
        if hr {
            c.received = sc.received;
            c.lost_packets = sc.lost_packets;
            c.jitter_ms = sc.jitter_ms;
            has_receiver = true;
            run.notes
                .push("receiver figures taken from the `Server output:` block".into());
        }
    }
    if !has_sender && s.role == Role::Client && !s.sent.is_empty() {
        has_sender = true;
    }
    if let [f] = run.flows.as_mut_slice()
        && f.counters == Counters::default()
    {
        f.counters = c.clone();
    }
    run.duration = c.sent.duration.or(c.received.duration);
    run.counters = c;
    let locals = run.flows.iter().map(|f| &f.local);
    let local = common_endpoint(locals);
    let mut remote = common_endpoint(run.flows.iter().map(|f| &f.remote));
    if remote.addr.is_none() {
        if let Some((h, p)) = &s.connect_to {
            remote = Endpoint::new(h.clone(), Some(*p));
        } else if let Some((h, _)) = &s.accepted_from {
            remote = Endpoint::new(h.clone(), None);
        }
    }
    (run.sender, run.receiver) = if g.local_sends {
        (local, remote)
    } else {
        (remote, local)
    };
    // Sized once for the session's rows (a filter gives no exact length to collect by).
    run.intervals = Vec::with_capacity(if g.tagged { 0 } else { s.rows.len() });
    run.intervals.extend(g.rows().map(|r| interval(r, udp)));
    add_extra(&mut run, s);
    set_status(&mut run, s, has_sender, has_receiver, diags);
    if !s.role_stated {
        run.notes.push(format!(
            "the log does not say which end wrote it (no `Connecting to host` or `Accepted connection` line); read as the {}'s",
            s.role
        ));
    }
    run
}

fn add_extra(run: &mut Run, s: &Session) {
    if let Some([local, remote]) = s.cpu {
        for (side, (t, u, sy)) in [("host", local), ("remote", remote)] {
            run.extra.insert(format!("cpu_{side}_total"), t);
            run.extra.insert(format!("cpu_{side}_user"), u);
            run.extra.insert(format!("cpu_{side}_system"), sy);
        }
    }
    if let Some(n) = s.out_of_order {
        run.extra.insert("udp_out_of_order".into(), n as f64);
    }
}

fn set_status(
    run: &mut Run,
    s: &Session,
    has_sender: bool,
    has_receiver: bool,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(m) = &s.message {
        run.status = match m.message.kind {
            MessageKind::Error => RunStatus::Error,
            _ => RunStatus::Aborted,
        };
        run.error = Some(m.message.text.clone());
        if run.status == RunStatus::Aborted
            && run.counters.received.bytes == Some(Bytes(0))
            && run.counters.sent.bytes.is_some_and(|b| b.0 > 0)
        {
            run.notes.push("the receiver summary reads 0 bytes: the run was stopped before the results were exchanged".into());
        }
        return;
    }
    if s.is_complete() && !s.cut {
        return;
    }
    if s.role == Role::Client && has_sender && has_receiver && !s.cut {
        let msg = "the run has its summary but no `iperf Done.` line";
        run.notes.push(msg.into());
        push_once(diags, Diagnostic::warning(s.last_line, 1, msg));
        return;
    }
    run.status = RunStatus::Aborted;
    let msg = if s.cut {
        "the run's last line is cut; the run is incomplete"
    } else {
        "the run's output stops before its summary (file cut or process stopped)"
    };
    run.notes.push(msg.into());
    push_once(diags, Diagnostic::warning(s.last_line, 1, msg));
}

/// The two runs of a `--bidir` session share their diagnostics.
fn push_once(diags: &mut Vec<Diagnostic>, d: Diagnostic) {
    if diags.last() != Some(&d) {
        diags.push(d);
    }
}

/// A run made of one stderr message (`iperf3: error - the server is busy ...`).
pub fn message_run(
    line: u32,
    text: &str,
    kind: &MessageKind,
    role: Role,
    facts: &FileFacts,
) -> Run {
    let mut run = Run::new(Tool::Iperf3, role, line);
    run.tool_version = facts.version.clone();
    run.host = facts.host.clone();
    run.status = match kind {
        MessageKind::Error => RunStatus::Error,
        _ => RunStatus::Aborted,
    };
    run.error = Some(text.to_string());
    run
}
