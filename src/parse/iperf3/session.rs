//! One iperf3 text session as read, before it becomes runs: a client run (from `Connecting
//! to host` or a `-V` preamble to `iperf Done.`) or a server session (from its `Server
//! listening` banner to the next), with its connection lines, interval rows, summary rows
//! and the stderr message that belongs to it. [`Session::line`] reads the lines inside a
//! session; the file-level framing is in `text.rs`, the conversion to runs in `build.rs`.

use super::lex::{self, Bracketed, DataLine, Header, LineError, Metric};
use super::plain::{self, Message};
use crate::model::{Endpoint, Protocol, Role};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// A data line with where it was and when (the `--timestamps` prefix).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: u32,
    pub ts: Option<DateTime<Utc>>,
    pub data: DataLine,
}

/// `[  5] local A port p connected to B port q`.
#[derive(Clone, Debug, PartialEq)]
pub struct Conn {
    pub stream_id: Option<u32>,
    pub local: Endpoint,
    pub remote: Endpoint,
}

/// A stderr message and its line.
#[derive(Clone, Debug, PartialEq)]
pub struct LineMessage {
    pub line: u32,
    pub message: Message,
}

/// What a session line turned out to be.
#[derive(Debug, PartialEq)]
pub enum LineKind {
    Read,
    /// Not a line of an iperf3 session.
    Unknown,
    /// A tagged line of an unknown kind (kept as a warning).
    UnknownTagged,
    /// A data line that breaks: where and what was expected.
    Broken(LineError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub role: Role,
    /// False when no `Connecting to host` / `Accepted connection` line says which end wrote
    /// the log.
    pub role_stated: bool,
    pub first_line: u32,
    pub last_line: u32,
    /// The `--timestamps` time of the first line.
    pub first_ts: Option<DateTime<Utc>>,
    /// `-V` `Time:` (GMT).
    pub time: Option<DateTime<Utc>>,
    pub connect_to: Option<(String, u16)>,
    pub accepted_from: Option<(String, u16)>,
    pub reverse: bool,
    pub bidir: bool,
    pub offered_bps: Option<f64>,
    pub block_bytes: Option<u64>,
    pub stated_protocol: Option<Protocol>,
    pub stated_streams: Option<u32>,
    /// The first column header.
    pub header: Option<Header>,
    pub headers_seen: u32,
    pub after_separator: bool,
    pub in_summary: bool,
    pub conns: Vec<Conn>,
    pub rows: Vec<Row>,
    pub sums: Vec<Row>,
    /// The stream ids (`None` for `[SUM]`) that have a summary row, those with a
    /// connection line, and how many are in both.
    sum_ids: HashSet<Option<u32>>,
    conn_ids: HashSet<Option<u32>>,
    covered: usize,
    /// iperf 3.0/3.1 `[  4] Sent N datagrams`.
    pub sent: Vec<(Option<u32>, u64)>,
    pub out_of_order: Option<u64>,
    /// `CPU Utilization:` local and remote (total, user, system).
    pub cpu: Option<[(f64, f64, f64); 2]>,
    /// `iperf Done.` was seen.
    pub done: bool,
    pub server_output: Option<Box<Session>>,
    /// The stderr message that belongs to this session.
    pub message: Option<LineMessage>,
    /// Messages printed before the session's output began; `build.rs` decides whether they
    /// are this session's (stderr is unbuffered, stdout to a file is not).
    pub early: Vec<LineMessage>,
    /// The session's last line was cut.
    pub cut: bool,
    pub used_timestamps: bool,
    pub notes: Vec<String>,
}

impl Session {
    pub fn new(role: Role, role_stated: bool, line: u32, ts: Option<DateTime<Utc>>) -> Self {
        Session {
            role,
            role_stated,
            first_line: line,
            last_line: line,
            first_ts: ts,
            time: None,
            connect_to: None,
            accepted_from: None,
            reverse: false,
            bidir: false,
            offered_bps: None,
            block_bytes: None,
            stated_protocol: None,
            stated_streams: None,
            header: None,
            headers_seen: 0,
            after_separator: false,
            in_summary: false,
            conns: Vec::new(),
            rows: Vec::new(),
            sums: Vec::new(),
            sum_ids: HashSet::new(),
            conn_ids: HashSet::new(),
            covered: 0,
            sent: Vec::new(),
            out_of_order: None,
            cpu: None,
            done: false,
            server_output: None,
            message: None,
            early: Vec::new(),
            cut: false,
            used_timestamps: false,
            notes: Vec::new(),
        }
    }

    /// A client run is complete at `iperf Done.`; a server session once it has printed its
    /// summary: a line for every connected stream, and a `[SUM]` line when a direction has
    /// several streams.
    pub fn is_complete(&self) -> bool {
        match self.role {
            Role::Client => self.done,
            Role::Server => {
                let every_stream = self.covered == self.conn_ids.len();
                let per_direction = if self.bidir { 2 } else { 1 };
                let needs_sum = self.conn_ids.len() > per_direction;
                let has_sum = self.sum_ids.contains(&None);
                !self.sums.is_empty() && every_stream && (has_sum || !needs_sum)
            }
        }
    }

    pub fn has_output(&self) -> bool {
        !(self.rows.is_empty() && self.sums.is_empty() && self.conns.is_empty())
    }

    /// Reads one trimmed, non-blank line of the session.
    pub fn line(&mut self, no: u32, ts: Option<DateTime<Utc>>, l: &str) -> LineKind {
        let kind = self.read(no, ts, l);
        if kind != LineKind::Unknown {
            self.last_line = no;
            if ts.is_some() {
                self.used_timestamps = true;
            }
        }
        kind
    }

    fn read(&mut self, no: u32, ts: Option<DateTime<Utc>>, l: &str) -> LineKind {
        // Data lines, most of a log, first: none of the other kinds starts with `[`.
        if l.starts_with('[') {
            return self.bracketed(no, ts, l);
        }
        if l.starts_with("- - -") {
            self.after_separator = true;
        } else if l.starts_with("Test Complete.") {
            self.in_summary = true;
        } else if plain::reverse_mode(l) {
            self.reverse = true;
        } else if let Some(b) = plain::target_bitrate(l) {
            self.offered_bps = Some(b);
        } else if let Some(t) = plain::starting_test(l) {
            self.stated_protocol = match t.protocol.as_str() {
                "UDP" => Some(Protocol::Udp),
                "TCP" => Some(Protocol::Tcp),
                _ => None,
            };
            self.stated_streams = Some(t.streams);
            self.block_bytes = Some(t.block_bytes);
        } else if let Some(c) = plain::cpu_utilization(l) {
            self.cpu = Some(c);
        } else if let Some(t) = plain::time_line(l) {
            self.time.get_or_insert(t);
        } else if plain::is_ignorable(l) {
        } else if l.to_ascii_lowercase().starts_with("warning") {
            self.notes.push(format!("iperf3 said (line {no}): {l}"));
        } else {
            return LineKind::Unknown;
        }
        LineKind::Read
    }

    fn bracketed(&mut self, no: u32, ts: Option<DateTime<Utc>>, l: &str) -> LineKind {
        match lex::bracketed(l) {
            Err(e) => return LineKind::Broken(e),
            Ok(Bracketed::Header(h)) => {
                self.headers_seen += 1;
                if self.after_separator && self.headers_seen > 1 {
                    self.in_summary = true;
                }
                self.bidir |= h.bidir;
                self.header.get_or_insert(h);
            }
            Ok(Bracketed::Data(data)) => {
                self.after_separator = false;
                self.bidir |= data.tag.local_sends.is_some();
                let row = Row { line: no, ts, data };
                if row.data.label.is_some() || self.in_summary {
                    self.push_sum(row);
                } else {
                    self.rows.push(row);
                }
            }
            Ok(Bracketed::Connected { tag, local, remote }) => {
                if self.conn_ids.insert(tag.id) && self.sum_ids.contains(&tag.id) {
                    self.covered += 1;
                }
                self.conns.push(Conn {
                    stream_id: tag.id,
                    local,
                    remote,
                });
            }
            Ok(Bracketed::Sent { tag, datagrams }) => {
                self.sent.push((tag.id, datagrams));
                self.promote_old_summary(tag.id);
            }
            Ok(Bracketed::OutOfOrder { count }) => {
                let n = self.out_of_order.unwrap_or(0);
                self.out_of_order = Some(n.saturating_add(count));
            }
            Ok(Bracketed::Other) => return LineKind::UnknownTagged,
        }
        LineKind::Read
    }

    fn push_sum(&mut self, row: Row) {
        let id = row.data.tag.id;
        if self.sum_ids.insert(id) && self.conn_ids.contains(&id) {
            self.covered += 1;
        }
        self.sums.push(row);
    }

    /// iperf 3.0/3.1 UDP client: the unlabeled line with Jitter and Lost/Total just before
    /// `Sent N datagrams` is the summary (the receiver's counts), not an interval.
    fn promote_old_summary(&mut self, id: Option<u32>) {
        let is_summary = self.rows.last().is_some_and(|r| {
            r.data.tag.id == id && matches!(r.data.metric, Metric::JitterLoss { .. })
        });
        if is_summary
            && !self.sum_ids.contains(&id)
            && let Some(row) = self.rows.pop()
        {
            self.push_sum(row);
        }
    }

    /// Files a message: the session's own if it is still running, else `None` is returned
    /// and the caller keeps it for the next session.
    pub fn take_message(&mut self, m: LineMessage) -> Option<LineMessage> {
        if self.message.is_none() && !self.is_complete() {
            self.last_line = self.last_line.max(m.line);
            self.message = Some(m);
            None
        } else {
            Some(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_rows_are_told_from_intervals() {
        let mut s = Session::new(Role::Client, true, 1, None);
        let lines = [
            "[ ID] Interval           Transfer     Bitrate         Total Datagrams",
            "[  5]   0.00-1.00   sec  5.96 MBytes  50.0 Mbits/sec  4461  ",
            "- - - - - - - - - - - - - - - - - - - - - - - - -",
            "[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams",
            "[  5]   0.00-5.00   sec  29.8 MBytes  50.0 Mbits/sec  0.000 ms  0/22318 (0%)  sender",
        ];
        for (i, l) in lines.iter().enumerate() {
            assert_eq!(s.line(i as u32 + 2, None, l), LineKind::Read, "{l}");
        }
        assert_eq!((s.rows.len(), s.sums.len(), s.last_line), (1, 1, 6));
        assert_eq!(s.line(7, None, "hello"), LineKind::Unknown);
        assert_eq!(s.last_line, 6);
    }

    #[test]
    fn old_udp_summary_is_promoted_by_sent() {
        let mut s = Session::new(Role::Client, false, 1, None);
        s.line(
            1,
            None,
            "[  4]   0.00-10.00  sec   237 MBytes   199 Mbits/sec  0.027 ms  500/30352 (1.6%)",
        );
        s.line(2, None, "[  4] Sent 30352 datagrams");
        assert_eq!((s.rows.len(), s.sums.len()), (0, 1));
        assert_eq!(s.sent, vec![(Some(4), 30352)]);
    }
}
