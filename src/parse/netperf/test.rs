//! A test being read: what its banner says (test name, protocol, direction, endpoints) and
//! how it becomes a [`Run`] once its lines are read.

use super::{lex, messages};
use crate::model::{
    Diagnostic, Endpoint, Flow, Interval, Protocol, Role, Run, RunStatus, Seconds, Tool,
};
use chrono::{DateTime, TimeDelta, Utc};

/// Which way the data of a test flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// `*_STREAM`, omni `Send`: the netperf host sends to the `to` host.
    LocalSends,
    /// `TCP_MAERTS`, omni `Receive`: the `to` host sends to the netperf host.
    RemoteSends,
    /// Request/response tests.
    RequestResponse,
    Unknown,
}

/// What the banner (or the output) says about a test.
#[derive(Clone, Debug)]
pub(crate) struct TestInfo {
    /// The test name (`UDP_STREAM`, `OMNI`); `None` until known.
    pub test: Option<String>,
    pub protocol: Option<Protocol>,
    pub dir: Dir,
    /// The netperf host and the `to` host.
    pub local: Endpoint,
    pub remote: Endpoint,
}

/// A test being read.
pub(crate) struct Test {
    pub run: Run,
    pub info: TestInfo,
    /// Whether result lines (or omni values) were read, so there is a data flow.
    pub has_results: bool,
    pub interims: Vec<(u32, messages::Interim)>,
    pub warning: Vec<String>,
}

impl Test {
    pub fn new(line: u32) -> Self {
        Test {
            run: Run::new(Tool::Netperf, Role::Client, line),
            info: TestInfo {
                test: None,
                protocol: None,
                dir: Dir::Unknown,
                local: Endpoint::default(),
                remote: Endpoint::default(),
            },
            has_results: false,
            interims: Vec::new(),
            warning: Vec::new(),
        }
    }

    /// Records that `line` belongs to this test.
    pub fn touch(&mut self, line: u32) {
        self.run.end_line = self.run.end_line.max(line);
    }

    /// Marks the run aborted, with a note and a warning at `line`.
    pub fn abort(&mut self, diags: &mut Vec<Diagnostic>, line: u32, msg: impl Into<String>) {
        let msg = msg.into();
        self.run.status = RunStatus::Aborted;
        diags.push(Diagnostic::warning(line, 1, msg.clone()));
        self.run.notes.push(msg);
    }

    /// Names the test from the shape of its output, saying so in a note.
    pub fn infer_test(&mut self, name: &str, protocol: Protocol, why: &str) {
        if self.info.test.is_none() {
            self.info.test = Some(name.to_string());
            self.run.notes.push(format!(
                "the test name is not in the output; {name} was inferred from {why}"
            ));
        }
        if self.info.protocol.is_none() {
            self.info.protocol = Some(protocol);
        }
    }

    /// The test name, protocol, direction and endpoints of a banner (`to` may come from a
    /// continuation line), and the options netperf appended.
    pub fn apply_banner(
        &mut self,
        b: &messages::Banner<'_>,
        to: Option<&messages::Host<'_>>,
        options: &[&str],
    ) {
        let (test, protocol, dir) = test_from_title(b.title);
        self.info.test = Some(test);
        self.info.protocol = protocol;
        self.info.dir = dir;
        if let Some(h) = &b.from {
            self.info.local = endpoint(h);
        }
        if let Some(h) = to {
            self.info.remote = endpoint(h);
        }
        for o in options {
            if let Some((level, width)) = messages::confidence_option(o) {
                self.run
                    .extra
                    .insert("confidence_level_percent".into(), level);
                self.run
                    .extra
                    .insert("confidence_interval_width_percent".into(), width * 2.0);
            } else if let Some(n) = messages::first_burst_option(o) {
                self.run.extra.insert("first_burst".into(), n as f64);
            }
        }
    }

    /// The finished run: names, endpoints by direction, warnings, intervals and its flow.
    pub fn into_run(mut self) -> Run {
        let run = &mut self.run;
        if let Some(name) = self.info.test.take() {
            run.test = name;
        }
        run.protocol = run.protocol.or(self.info.protocol);
        if !self.warning.is_empty() {
            run.notes
                .push(format!("netperf warned: {}", self.warning.join(" ")));
            if let Some(p) = self.warning.iter().find_map(|w| confidence_width(w)) {
                run.extra
                    .insert("throughput_confidence_interval_percent".into(), p);
            }
        }
        intervals(run, &self.interims);
        let (sender, receiver) = match self.info.dir {
            Dir::RemoteSends => (self.info.remote.clone(), self.info.local.clone()),
            _ => (self.info.local.clone(), self.info.remote.clone()),
        };
        run.sender = sender;
        run.receiver = receiver;
        if self.has_results {
            run.streams = 1;
            run.flows.push(Flow {
                stream_id: None,
                local: self.info.local.clone(),
                remote: self.info.remote.clone(),
                counters: run.counters.clone(),
            });
        }
        self.run
    }
}

/// `Throughput      : 137.317%` in netperf's confidence warning.
fn confidence_width(w: &str) -> Option<f64> {
    let rest = w
        .split_once("Throughput")?
        .1
        .trim_start()
        .strip_prefix(':')?;
    lex::number(rest.split_whitespace().next()?.trim_end_matches('%'))
}

/// An endpoint from the banner: the address in parentheses, else the name; `0.0.0.0` and
/// `::0` (an unbound local end) and port 0 mean unknown.
fn endpoint(h: &messages::Host<'_>) -> Endpoint {
    let unbound = |s: &str| matches!(s, "0.0.0.0" | "::" | "::0" | "");
    let addr = match h.addr {
        Some(a) if !unbound(a) => Some(lex::excerpt(a, 255)),
        _ if !unbound(h.name) => Some(lex::excerpt(h.name, 255)),
        _ => None,
    };
    Endpoint { addr, port: h.port }
}

/// The test name, protocol and data direction from a banner title (`MIGRATED TCP MAERTS`).
pub(crate) fn test_from_title(title: &str) -> (String, Option<Protocol>, Dir) {
    let words: Vec<&str> = title
        .split_whitespace()
        .filter(|w| *w != "MIGRATED")
        .collect();
    let proto = match words.first().copied() {
        Some("TCP" | "TCPIPV6") => Some(Protocol::Tcp),
        Some("UDP" | "UDPIPV6") => Some(Protocol::Udp),
        _ => None,
    };
    let rest = words.get(1..).unwrap_or_default().join(" ");
    let p = words.first().copied().unwrap_or_default();
    match (words.first().copied(), rest.as_str()) {
        (Some("OMNI"), d) => {
            let dir = match d {
                "Send" => Dir::LocalSends,
                "Receive" => Dir::RemoteSends,
                _ if d.contains("Recv") => Dir::RequestResponse,
                _ => Dir::Unknown,
            };
            ("OMNI".into(), None, dir)
        }
        (_, "STREAM" | "UNIDIRECTIONAL SEND") => (format!("{p}_STREAM"), proto, Dir::LocalSends),
        (_, "SENDFILE") => (format!("{p}_SENDFILE"), proto, Dir::LocalSends),
        (_, "MAERTS") => (format!("{p}_MAERTS"), proto, Dir::RemoteSends),
        (_, "REQUEST/RESPONSE") => (format!("{p}_RR"), proto, Dir::RequestResponse),
        (_, "Connect/Request/Response") => (format!("{p}_CRR"), proto, Dir::RequestResponse),
        (_, "Transactional/Request/Response") => (format!("{p}_TRR"), proto, Dir::RequestResponse),
        _ => {
            let name: String = words
                .join("_")
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            (name, proto, Dir::Unknown)
        }
    }
}

/// `-D` interim results as intervals: `timestamp` is the epoch time netperf printed, `end`
/// its offset from the start (the first interval's end less its length).
fn intervals(run: &mut Run, interims: &[(u32, messages::Interim)]) {
    let stamp = |i: &messages::Interim| DateTime::<Utc>::from_timestamp(i.end_secs, i.end_nanos);
    let length = |i: &messages::Interim| TimeDelta::microseconds((i.over * 1e6).round() as i64);
    let Some((_, first)) = interims.first() else {
        return;
    };
    let start = stamp(first).and_then(|s| s.checked_sub_signed(length(first)));
    run.started_at = start;
    let mut trans = false;
    for (line, i) in interims {
        let over_us = (i.over * 1e6).round() as i64;
        let end_us = stamp(i)
            .zip(start)
            .and_then(|(s, st)| s.signed_duration_since(st).num_microseconds());
        trans |= i.unit.to_bps(i.value).is_none();
        run.intervals.push(Interval {
            line: *line,
            start: Seconds(end_us.map_or(-i.over, |e| e.saturating_sub(over_us) as f64 / 1e6)),
            end: Seconds(end_us.map_or(0.0, |e| e as f64 / 1e6)),
            timestamp: stamp(i),
            bps: i.unit.to_bps(i.value),
            ..Interval::default()
        });
    }
    if trans {
        run.notes.push(
            "the interim results are transaction rates; the intervals keep their times only".into(),
        );
    }
}
