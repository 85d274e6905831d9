//! iperf3 `-J` output: one object per client run, and the server's stream of concatenated
//! pretty-printed objects (one per session, then an `"error": "interrupt - the server has
//! terminated"` object that is not a run). Bytes and packets are exact here. A `--bidir`
//! object gives two runs: the first pass of `end` (`sum_sent`/`sum_received`) covers the
//! streams this end sends on, the `*_bidir_reverse` pass the streams it receives on.
//! JSON gives no line per interval: an interval's `line` is the line where its object
//! starts, like the run's `source_line`.

use super::build::common_endpoint;
use super::jsonrows::{self, IntervalObj, Object, Scalar, Stream};
use crate::model::{
    BitsPerSec, Bytes, Counters, Diagnostic, Endpoint, Flow, Interval, LogFormat, Packets,
    ParsedLog, Protocol, Role, Run, RunStatus, Seconds, SystemInfo, Tool, Transfer,
};
use crate::parse::error::{LineCursor, to_u32};
use crate::parse::{ParseContext, ParseError};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;
use std::collections::HashMap;

pub fn parse(text: &str, _ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    let mut log = ParsedLog::new(LogFormat::Iperf3Json);
    let objects = match jsonrows::read_all(text) {
        Some(objects) => objects,
        None => read_values(text, &mut log)?,
    };
    let server_file = objects
        .iter()
        .any(|(_, _, o)| o.start.get("accepted_connection").is_some());
    let mut lines = LineCursor::new(text);
    for (start, end, o) in &objects {
        let first = first_char(text, *start, &mut lines).0;
        let last = lines.line_col(end.saturating_sub(1)).0;
        object_runs(o, first, last, server_file, &mut log);
    }
    Ok(log)
}

/// Reads the objects of `text` as generic JSON values, for text the typed reader refused:
/// invalid JSON or a value that is not an object is an error naming its line and column, a
/// cut last object a warning.
fn read_values(text: &str, log: &mut ParsedLog) -> Result<Vec<(usize, usize, Object)>, ParseError> {
    let mut objects = Vec::new();
    let mut not_object = None;
    let mut lines = LineCursor::new(text);
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    loop {
        let start = stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Ok(v)) => match Object::from_value(&v) {
                Some(o) => objects.push((start, stream.byte_offset(), o)),
                None => {
                    not_object.get_or_insert(start);
                }
            },
            Some(Err(e)) => {
                let line = to_u32(e.line());
                let column = to_u32(e.column().max(1));
                let full = e.to_string();
                let what = full
                    .rfind(" at line ")
                    .and_then(|i| full.get(..i))
                    .unwrap_or(&full);
                let msg = format!("expected iperf3 JSON, found invalid JSON ({what})");
                if e.is_eof() && !objects.is_empty() {
                    let (l, c) = first_char(text, start, &mut lines);
                    log.diagnostics.push(Diagnostic::warning(
                        l,
                        c,
                        format!("the file ends inside a JSON object (cut); the object was skipped: {what}"),
                    ));
                    break;
                }
                return Err(ParseError::new(line, column, msg));
            }
        }
    }
    if let Some(start) = not_object {
        let (l, c) = first_char(text, start, &mut LineCursor::new(text));
        return Err(ParseError::new(
            l,
            c,
            "expected an iperf3 JSON object, found another JSON value",
        ));
    }
    Ok(objects)
}

/// Line and column of the first non-blank character at or after `offset`.
fn first_char(text: &str, offset: usize, lines: &mut LineCursor<'_>) -> (u32, u32) {
    let skip = text
        .get(offset..)
        .map_or(0, |t| t.len() - t.trim_start().len());
    lines.line_col(offset + skip)
}

fn num(v: &Value, key: &str) -> Option<f64> {
    Scalar::of(v, key).num()
}

fn count(v: &Value, key: &str) -> Option<u64> {
    Scalar::of(v, key).count()
}

fn flag(v: &Value, key: &str) -> Option<bool> {
    Scalar::of(v, key).flag()
}

fn text_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str()
}

fn span(v: &Value) -> Option<Seconds> {
    let d = num(v, "end")? - num(v, "start").unwrap_or(0.0);
    Some(Seconds((d * 1e6).round() / 1e6))
}

fn transfer(v: &Value) -> Transfer {
    Transfer {
        packets: None,
        bytes: count(v, "bytes").map(Bytes),
        bps: num(v, "bits_per_second").map(BitsPerSec),
        duration: span(v),
    }
}

/// What an object says once.
struct Start {
    role: Role,
    udp: bool,
    started_at: Option<DateTime<Utc>>,
    /// socket, local, remote
    conns: Vec<(u32, Endpoint, Endpoint)>,
}

fn object_runs(o: &Object, first: u32, last: u32, server_file: bool, log: &mut ParsedLog) {
    let null = Value::Null;
    let start = &o.start;
    let end = &o.end;
    let error = o.error.as_str();
    let role = if start.get("accepted_connection").is_some() {
        Role::Server
    } else if start.get("connecting_to").is_some() || !server_file {
        Role::Client
    } else {
        Role::Server
    };
    let version =
        text_of(start, "version").map(|s| s.trim_start_matches("iperf").trim().to_string());
    let system_info = text_of(start, "system_info");
    let host = system_info
        .and_then(|s| s.split_whitespace().nth(1))
        .map(str::to_string);
    if let Some(si) = system_info.filter(|_| log.system.is_none()) {
        let w: Vec<&str> = si.split_whitespace().collect();
        log.system = Some(SystemInfo {
            kernel: w.first().zip(w.get(2)).map(|(a, b)| format!("{a} {b}")),
            host: host.clone(),
            date: None,
            arch: w.get(3..).and_then(|r| r.last()).map(|a| a.to_string()),
            cpus: None,
        });
    }
    if log.tool_version.is_none() {
        log.tool_version = version.clone();
    }
    let intervals = o.intervals.as_slice();
    let has_end = end.as_object().is_some_and(|o| !o.is_empty());
    if let Some(e) = error
        && intervals.is_empty()
        && !has_end
    {
        if role == Role::Server && e.contains("server has terminated") {
            return;
        }
        let mut run = Run::new(Tool::Iperf3, role, first);
        run.end_line = last;
        run.tool_version = version;
        run.host = host;
        run.status = RunStatus::Error;
        run.error = Some(e.to_string());
        log.runs.push(run);
        return;
    }
    let test_start = start.get("test_start").unwrap_or(&null);
    let udp = text_of(test_start, "protocol") == Some("UDP")
        || end
            .get("sum")
            .is_some_and(|s| s.get("lost_packets").is_some());
    let st = Start {
        role,
        udp,
        started_at: start
            .pointer("/timestamp/timesecs")
            .and_then(Value::as_i64)
            .and_then(|s| DateTime::from_timestamp(s, 0)),
        conns: connections(start),
    };
    // socket -> this end sends on it
    let mut sends: HashMap<u32, bool> = HashMap::new();
    let mut first_sends = None;
    for s in intervals.iter().flat_map(|i| &i.streams) {
        if let (Some(id), Some(f)) = (s.socket.count(), s.sender.flag()) {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            sends.entry(id).or_insert(f);
            first_sends.get_or_insert(f);
        }
    }
    let bidir = end.get("sum_sent_bidir_reverse").is_some()
        || intervals.iter().any(|i| i.sum_bidir_reverse.is_some())
        || flag(test_start, "bidir") == Some(true);
    let reverse = flag(test_start, "reverse") == Some(true);
    let passes: Vec<(bool, bool)> = if bidir {
        // (this end sends, first pass of `end`)
        if role == Role::Client {
            vec![(true, true), (false, false)]
        } else {
            vec![(false, false), (true, true)]
        }
    } else {
        let local_sends = match role {
            Role::Client => !reverse,
            Role::Server => reverse || first_sends == Some(true),
        };
        vec![(local_sends, true)]
    };
    for (local_sends, first_pass) in passes {
        let mut run = Run::new(Tool::Iperf3, role, first);
        run.end_line = last;
        run.tool_version = version.clone();
        run.host = host.clone();
        run.started_at = st.started_at;
        run.protocol = Some(if udp { Protocol::Udp } else { Protocol::Tcp });
        run.test = if udp { "UDP".into() } else { "TCP".into() };
        run.message_size = count(test_start, "blksize").filter(|_| udp).map(Bytes);
        run.offered_bps = num(test_start, "target_bitrate")
            .or_else(|| num(start, "target_bitrate"))
            .filter(|b| *b > 0.0)
            .map(BitsPerSec);
        let ids: Vec<u32> = st
            .conns
            .iter()
            .map(|c| c.0)
            .filter(|id| !bidir || sends.get(id) == Some(&local_sends))
            .collect();
        run.streams = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        run.counters = pass_counters(end, first_pass, local_sends, &st);
        run.duration = run
            .counters
            .sent
            .duration
            .or(run.counters.received.duration);
        run.flows = flows(end, &ids, local_sends, &st, &run.counters);
        let local = common_endpoint(run.flows.iter().map(|f| &f.local));
        let remote = common_endpoint(run.flows.iter().map(|f| &f.remote));
        (run.sender, run.receiver) = if local_sends {
            (local, remote)
        } else {
            (remote, local)
        };
        run.intervals = interval_rows(intervals, first, bidir, local_sends, &st);
        extra(&mut run, end, role);
        if let Some(e) = error {
            let stop = e.contains("interrupt") || e.contains("terminated");
            run.status = if stop {
                RunStatus::Aborted
            } else {
                RunStatus::Error
            };
            run.error = Some(e.to_string());
        } else if !has_end {
            run.status = RunStatus::Aborted;
            let msg = "the JSON object has no `end` section: the run stopped before its summary";
            run.notes.push(msg.into());
            log.diagnostics.push(Diagnostic::warning(first, 1, msg));
        }
        log.runs.push(run);
    }
}

fn connections(start: &Value) -> Vec<(u32, Endpoint, Endpoint)> {
    let ep = |c: &Value, h: &str, p: &str| Endpoint {
        addr: text_of(c, h).map(str::to_string),
        port: count(c, p).and_then(|p| u16::try_from(p).ok()),
    };
    start
        .get("connected")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let id = u32::try_from(count(c, "socket")?).ok()?;
            Some((
                id,
                ep(c, "local_host", "local_port"),
                ep(c, "remote_host", "remote_port"),
            ))
        })
        .collect()
}

/// Run counters from the `end` sums of one pass. On a server the far side's figures are
/// not known (iperf3 prints them as 0) and are left out.
fn pass_counters(end: &Value, first_pass: bool, local_sends: bool, st: &Start) -> Counters {
    let suffix = if first_pass { "" } else { "_bidir_reverse" };
    let null = Value::Null;
    let sent_v = end
        .get(format!("sum_sent{suffix}").as_str())
        .unwrap_or(&null);
    let mut recv_v = end
        .get(format!("sum_received{suffix}").as_str())
        .unwrap_or(&null);
    if recv_v.is_null() && st.udp && first_pass {
        recv_v = end.get("sum").unwrap_or(&null);
    }
    let unknown = |v: &Value, remote: bool| {
        v.is_null() || (remote && st.role == Role::Server && count(v, "bytes") == Some(0))
    };
    let mut c = Counters::default();
    if !unknown(sent_v, !local_sends) {
        c.sent = transfer(sent_v);
        if st.udp {
            c.sent.packets = count(sent_v, "packets").map(Packets);
        } else {
            c.retransmits = count(sent_v, "retransmits");
        }
    }
    if !unknown(recv_v, local_sends) {
        c.received = transfer(recv_v);
        if st.udp {
            let lost = count(recv_v, "lost_packets");
            c.received.packets =
                count(recv_v, "packets").map(|t| Packets(t.saturating_sub(lost.unwrap_or(0))));
            c.lost_packets = lost.map(Packets);
            c.jitter_ms = num(recv_v, "jitter_ms");
        }
    }
    c
}

fn flows(end: &Value, ids: &[u32], local_sends: bool, st: &Start, run: &Counters) -> Vec<Flow> {
    let streams = end
        .get("streams")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut by_socket: HashMap<u64, &Value> = HashMap::new();
    for s in streams {
        for k in ["sender", "receiver", "udp"] {
            if let Some(id) = s.get(k).and_then(|o| count(o, "socket")) {
                by_socket.entry(id).or_insert(s);
            }
        }
    }
    let conns: HashMap<u32, &(u32, Endpoint, Endpoint)> =
        st.conns.iter().map(|c| (c.0, c)).collect();
    ids.iter()
        .map(|id| {
            let conn = conns.get(id);
            let mut c = Counters::default();
            if ids.len() == 1 {
                c = run.clone();
            } else if let Some(s) = by_socket.get(&u64::from(*id)) {
                c = stream_counters(s, local_sends, st);
            }
            Flow {
                stream_id: Some(*id),
                local: conn.map(|c| c.1.clone()).unwrap_or_default(),
                remote: conn.map(|c| c.2.clone()).unwrap_or_default(),
                counters: c,
            }
        })
        .collect()
}

/// Per-stream counters of a multi-stream run. The UDP `packets` of a stream is the
/// sender's count when this end knows it, else the receiver's total.
fn stream_counters(s: &Value, local_sends: bool, st: &Start) -> Counters {
    let mut c = Counters::default();
    let known = |v: &Value, remote: bool| {
        !(remote && st.role == Role::Server && count(v, "bytes") == Some(0))
    };
    if let Some(u) = s.get("udp") {
        c.lost_packets = count(u, "lost_packets").map(Packets);
        c.jitter_ms = num(u, "jitter_ms");
        if known(u, !local_sends) {
            c.sent = transfer(u);
            c.sent.packets = count(u, "packets").map(Packets);
        } else {
            let lost = count(u, "lost_packets").unwrap_or(0);
            c.received.packets = count(u, "packets").map(|t| Packets(t.saturating_sub(lost)));
            c.received.duration = span(u);
        }
        return c;
    }
    if let Some(v) = s.get("sender").filter(|v| known(v, !local_sends)) {
        c.sent = transfer(v);
        c.retransmits = count(v, "retransmits");
    }
    if let Some(v) = s.get("receiver").filter(|v| known(v, local_sends)) {
        c.received = transfer(v);
    }
    c
}

fn interval_rows(
    intervals: &[IntervalObj],
    line: u32,
    bidir: bool,
    local_sends: bool,
    st: &Start,
) -> Vec<Interval> {
    let mut out = Vec::new();
    for iv in intervals {
        let sums = [&iv.sum, &iv.sum_bidir_reverse].into_iter().flatten();
        for (s, id) in iv
            .streams
            .iter()
            .map(|s| (s, s.socket.count()))
            .chain(sums.map(|s| (s, None)))
        {
            let sender = s.sender.flag().unwrap_or(local_sends);
            if bidir && sender != local_sends {
                continue;
            }
            out.push(interval_row(s, id, line, sender, st));
        }
    }
    out
}

fn interval_row(s: &Stream, id: Option<u64>, line: u32, sender: bool, st: &Start) -> Interval {
    let mut i = Interval {
        line,
        stream_id: id.and_then(|n| u32::try_from(n).ok()),
        start: Seconds(s.start.num().unwrap_or(0.0)),
        end: Seconds(s.end.num().unwrap_or(0.0)),
        bytes: s.bytes.count().map(Bytes),
        bps: s.bits_per_second.num().map(BitsPerSec),
        retransmits: s.retransmits.count(),
        omitted: s.omitted.flag().unwrap_or(false),
        ..Interval::default()
    };
    i.timestamp = st.started_at.and_then(|t| {
        let us = (i.end.0 * 1e6).round();
        (us.is_finite() && us.abs() < 1e15).then(|| t + TimeDelta::microseconds(us as i64))
    });
    if st.udp {
        let lost = s.lost_packets.count();
        let packets = s.packets.count();
        i.packets = if sender {
            packets
        } else {
            packets.map(|p| p.saturating_sub(lost.unwrap_or(0)))
        }
        .map(Packets);
        i.lost_packets = lost.filter(|_| !sender).map(Packets);
        i.jitter_ms = s.jitter_ms.num().filter(|_| !sender);
    }
    i
}

fn extra(run: &mut Run, end: &Value, role: Role) {
    if let Some(cpu) = end.get("cpu_utilization_percent") {
        for side in ["host", "remote"] {
            let vals: Vec<(String, f64)> = ["total", "user", "system"]
                .iter()
                .filter_map(|k| {
                    num(cpu, &format!("{side}_{k}")).map(|v| (format!("cpu_{side}_{k}"), v))
                })
                .collect();
            let all_zero = vals.iter().all(|(_, v)| *v == 0.0);
            if side == "remote" && role == Role::Server && all_zero {
                continue;
            }
            run.extra.extend(vals);
        }
    }
    let ooo: u64 = end
        .get("streams")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("udp").and_then(|u| count(u, "out_of_order")))
        .fold(0, u64::saturating_add);
    if ooo > 0 {
        run.extra.insert("udp_out_of_order".into(), ooo as f64);
    }
}
