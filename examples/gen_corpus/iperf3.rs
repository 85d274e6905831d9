//! iperf3 3.12 UDP runs with `-P N -i 1`: one simulated run printed as the client's text log,
//! the client's `-J` document, and a session of the server's text log, in the tools' exact
//! line formats (see fixtures/campaigns and fixtures/FORMAT-NOTES.md).

use super::cjson::{self, J};
use super::fmt::{bits, bytes, g2};
use super::rng::Rng;
use std::fmt::Write;

const SEP: &str = "- - - - - - - - - - - - - - - - - - - - - - - - -\n";
const BANNER: &str = "-----------------------------------------------------------\n";
const SENDER_HEAD: &str = "[ ID] Interval           Transfer     Bitrate         Total Datagrams\n";
const RECV_HEAD: &str =
    "[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams\n";

/// One stream's per-second counts.
#[derive(Debug, Clone)]
pub struct Stream {
    pub client_port: u16,
    pub sent: Vec<u64>,
    pub recv: Vec<u64>,
    pub jitter: Vec<f64>,
    /// Datagrams received in the receiver's last fragment after the final full second.
    pub tail: u64,
}

/// A simulated `iperf3 -c SERVER -p PORT -u -l LEN -b RATE -t SECS -i 1 -P N` run.
#[derive(Debug, Clone)]
pub struct UdpRun {
    pub client: String,
    pub client_host: String,
    pub server: String,
    pub port: u16,
    pub ctrl_port: u16,
    pub len: u64,
    pub rate: f64,
    pub secs: usize,
    pub start_epoch: i64,
    pub streams: Vec<Stream>,
}

impl UdpRun {
    /// Simulates a run: each stream offers `rate` bit/s; `loss` is the mean fraction lost.
    #[allow(clippy::too_many_arguments)]
    pub fn simulate(
        rng: &mut Rng,
        client: &str,
        client_host: &str,
        server: &str,
        port: u16,
        len: u64,
        rate: f64,
        secs: usize,
        n: usize,
        loss: f64,
        start_epoch: i64,
    ) -> Self {
        let pps = rate / (len as f64 * 8.0);
        let base_port = rng.int(33000, 60000) as u16;
        let streams = (0..n)
            .map(|s| {
                let mut sent = Vec::with_capacity(secs);
                let mut recv = Vec::with_capacity(secs);
                let mut jitter = Vec::with_capacity(secs);
                for _ in 0..secs {
                    let p = rng.jitter(pps, 0.002).round() as u64;
                    let l = (loss + rng.range(-0.02, 0.02)).clamp(0.0, 0.95);
                    sent.push(p);
                    recv.push(((p as f64) * (1.0 - l)).round() as u64);
                    jitter.push(rng.range(0.002, 0.3));
                }
                Stream {
                    client_port: base_port.wrapping_add(s as u16 * 7 + 2),
                    sent,
                    recv,
                    jitter,
                    tail: rng.int(0, (pps / 50.0) as u64),
                }
            })
            .collect();
        UdpRun {
            client: client.into(),
            client_host: client_host.into(),
            server: server.into(),
            port,
            ctrl_port: base_port,
            len,
            rate,
            secs,
            start_epoch,
            streams,
        }
    }

    fn end(&self) -> f64 {
        self.secs as f64
    }

    fn recv_end(&self) -> f64 {
        self.end() + 0.02
    }

    fn sent_total(s: &Stream) -> u64 {
        s.sent.iter().sum()
    }

    fn recv_total(s: &Stream) -> u64 {
        s.recv.iter().sum::<u64>() + s.tail
    }

    /// The receiver's datagram total (highest sequence seen) and its loss.
    fn recv_counts(s: &Stream) -> (u64, u64) {
        let total = Self::sent_total(s).saturating_sub(s.client_port as u64 % 6);
        let got = Self::recv_total(s).min(total);
        (total - got, total)
    }

    /// The client's text log.
    pub fn client_text(&self) -> String {
        let mut o = String::with_capacity(self.secs * self.streams.len() * 64 + 4096);
        let _ = writeln!(o, "Connecting to host {}, port {}", self.server, self.port);
        for (i, s) in self.streams.iter().enumerate() {
            let _ = writeln!(
                o,
                "[{:3}] local {} port {} connected to {} port {}",
                client_id(i),
                self.client,
                s.client_port,
                self.server,
                self.port
            );
        }
        o.push_str(SENDER_HEAD);
        let multi = self.streams.len() > 1;
        for t in 0..self.secs {
            let (a, b) = (t as f64, t as f64 + 1.0);
            let mut sum = 0u64;
            for (i, s) in self.streams.iter().enumerate() {
                let p = s.sent.get(t).copied().unwrap_or(0);
                sum += p;
                sender_line(&mut o, &format!("{:3}", client_id(i)), a, b, p, self.len);
            }
            if multi {
                sender_line(&mut o, "SUM", a, b, sum, self.len);
                o.push_str(SEP);
            }
        }
        if !multi {
            o.push_str(SEP);
        }
        o.push_str(RECV_HEAD);
        let (mut st, mut rt, mut rl, mut rg, mut jit) = (0, 0, 0, 0, 0.0);
        for (i, s) in self.streams.iter().enumerate() {
            let id = format!("{:3}", client_id(i));
            let sent = Self::sent_total(s);
            let (lost, total) = Self::recv_counts(s);
            let j = s.jitter.last().copied().unwrap_or(0.0);
            summary_line(
                &mut o,
                &id,
                self.end(),
                sent * self.len,
                0.0,
                0,
                sent,
                "sender",
            );
            let got = total - lost;
            summary_line(
                &mut o,
                &id,
                self.recv_end(),
                got * self.len,
                j,
                lost,
                total,
                "receiver",
            );
            st += sent;
            rt += total;
            rl += lost;
            rg += got;
            jit += j;
        }
        if multi {
            let j = jit / self.streams.len() as f64;
            summary_line(
                &mut o,
                "SUM",
                self.end(),
                st * self.len,
                0.0,
                0,
                st,
                "sender",
            );
            summary_line(
                &mut o,
                "SUM",
                self.recv_end(),
                rg * self.len,
                j,
                rl,
                rt,
                "receiver",
            );
        }
        o.push_str("\niperf Done.\n");
        o
    }

    /// One session of the server's text log (`iperf3 -s -i 1 -p PORT`), test number `n`.
    pub fn server_session(&self, n: u32, server_ports: &[u16]) -> String {
        let mut o = String::with_capacity(self.secs * self.streams.len() * 90 + 4096);
        o.push_str(BANNER);
        let _ = writeln!(o, "Server listening on {} (test #{n})", self.port);
        o.push_str(BANNER);
        let _ = writeln!(
            o,
            "Accepted connection from {}, port {}",
            self.client, self.ctrl_port
        );
        for (i, s) in self.streams.iter().enumerate() {
            let _ = writeln!(
                o,
                "[{:3}] local {} port {} connected to {} port {}",
                server_id(i),
                self.server,
                server_ports.get(i).copied().unwrap_or(self.port),
                self.client,
                s.client_port
            );
        }
        o.push_str(RECV_HEAD);
        let multi = self.streams.len() > 1;
        let block = |o: &mut String, a: f64, b: f64, pick: &dyn Fn(&Stream) -> (u64, u64)| {
            let (mut tl, mut tt, mut tj) = (0, 0, 0.0);
            for (i, s) in self.streams.iter().enumerate() {
                let (got, total) = pick(s);
                let j = s.jitter.get(a as usize).copied().unwrap_or(0.05);
                let lost = total.saturating_sub(got);
                recv_line(
                    o,
                    &format!("{:3}", server_id(i)),
                    a,
                    b,
                    got,
                    total,
                    lost,
                    j,
                    self.len,
                );
                tl += lost;
                tt += total;
                tj += j;
            }
            if multi {
                let j = tj / self.streams.len() as f64;
                recv_line(o, "SUM", a, b, tt - tl, tt, tl, j, self.len);
                o.push_str(SEP);
            }
        };
        for t in 0..self.secs {
            block(&mut o, t as f64, t as f64 + 1.0, &|s: &Stream| {
                (
                    s.recv.get(t).copied().unwrap_or(0),
                    s.sent.get(t).copied().unwrap_or(0),
                )
            });
        }
        block(&mut o, self.end(), self.recv_end(), &|s: &Stream| {
            (s.tail, s.tail)
        });
        if !multi {
            o.push_str(SEP);
        }
        o.push_str(RECV_HEAD);
        if self.streams.len() > 4 && self.port.is_multiple_of(3) {
            let _ = writeln!(
                o,
                "[SUM]  0.0-{:.1} sec  8 datagrams received out-of-order",
                self.end()
            );
        }
        let (mut rt, mut rl, mut rg, mut jit) = (0, 0, 0, 0.0);
        for (i, s) in self.streams.iter().enumerate() {
            let (lost, total) = Self::recv_counts(s);
            let j = s.jitter.last().copied().unwrap_or(0.0);
            let got = total - lost;
            let id = format!("{:3}", server_id(i));
            summary_line(
                &mut o,
                &id,
                self.recv_end(),
                got * self.len,
                j,
                lost,
                total,
                "receiver",
            );
            rt += total;
            rl += lost;
            rg += got;
            jit += j;
        }
        if multi {
            let j = jit / self.streams.len() as f64;
            summary_line(
                &mut o,
                "SUM",
                self.recv_end(),
                rg * self.len,
                j,
                rl,
                rt,
                "receiver",
            );
        }
        o
    }

    /// The client's `-J` document.
    pub fn client_json(&self) -> String {
        let connected = self
            .streams
            .iter()
            .enumerate()
            .map(|(i, s)| {
                J::Obj(vec![
                    ("socket", J::Int(client_id(i) as i64)),
                    ("local_host", J::Str(self.client.clone())),
                    ("local_port", J::Int(i64::from(s.client_port))),
                    ("remote_host", J::Str(self.server.clone())),
                    ("remote_port", J::Int(i64::from(self.port))),
                ])
            })
            .collect();
        let time = chrono::DateTime::from_timestamp(self.start_epoch, 0)
            .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
            .unwrap_or_default();
        let start = J::Obj(vec![
            ("connected", J::Arr(connected)),
            ("version", J::Str("iperf 3.12".into())),
            (
                "system_info",
                J::Str(format!(
                    "Linux {} 6.18.44-fc-v782 #1 SMP PREEMPT_DYNAMIC @0 x86_64",
                    self.client_host
                )),
            ),
            (
                "timestamp",
                J::Obj(vec![
                    ("time", J::Str(time)),
                    ("timesecs", J::Int(self.start_epoch)),
                ]),
            ),
            (
                "connecting_to",
                J::Obj(vec![
                    ("host", J::Str(self.server.clone())),
                    ("port", J::Int(i64::from(self.port))),
                ]),
            ),
            (
                "cookie",
                J::Str(
                    format!(
                        "{:036x}",
                        self.start_epoch as u128 * 7919 + self.ctrl_port as u128
                    )
                    .chars()
                    .take(36)
                    .collect(),
                ),
            ),
            ("target_bitrate", J::Num(self.rate)),
            ("sock_bufsize", J::Int(0)),
            ("sndbuf_actual", J::Int(212992)),
            ("rcvbuf_actual", J::Int(212992)),
            (
                "test_start",
                J::Obj(vec![
                    ("protocol", J::Str("UDP".into())),
                    ("num_streams", J::Int(self.streams.len() as i64)),
                    ("blksize", J::Int(self.len as i64)),
                    ("omit", J::Int(0)),
                    ("duration", J::Int(self.secs as i64)),
                    ("bytes", J::Int(0)),
                    ("blocks", J::Int(0)),
                    ("reverse", J::Int(0)),
                    ("tos", J::Int(0)),
                    ("target_bitrate", J::Num(self.rate)),
                ]),
            ),
        ]);
        let mut intervals = Vec::with_capacity(self.secs);
        for t in 0..self.secs {
            let (a, b) = (t as f64, t as f64 + 1.000004);
            let mut total = 0;
            let streams = self
                .streams
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let p = s.sent.get(t).copied().unwrap_or(0);
                    total += p;
                    j_interval(Some(client_id(i)), a, b, p, self.len)
                })
                .collect();
            intervals.push(J::Obj(vec![
                ("streams", J::Arr(streams)),
                ("sum", j_interval(None, a, b, total, self.len)),
            ]));
        }
        let mut ends = Vec::new();
        let (mut st, mut rt, mut rl, mut rg, mut jit) = (0, 0, 0, 0, 0.0);
        for (i, s) in self.streams.iter().enumerate() {
            let sent = Self::sent_total(s);
            let (lost, total) = Self::recv_counts(s);
            let j = s.jitter.last().copied().unwrap_or(0.0);
            let mut u = j_sum(self.end(), sent * self.len, j, lost, total, true);
            if let J::Obj(items) = &mut u {
                items.insert(0, ("socket", J::Int(client_id(i) as i64)));
                items.insert(items.len() - 1, ("out_of_order", J::Int(0)));
            }
            ends.push(J::Obj(vec![("udp", u)]));
            st += sent;
            rt += total;
            rl += lost;
            rg += total - lost;
            jit += j;
        }
        let j = jit / self.streams.len().max(1) as f64;
        let end = J::Obj(vec![
            ("streams", J::Arr(ends)),
            (
                "sum",
                j_sum(self.recv_end(), st * self.len, j, rl, rt, true),
            ),
            (
                "sum_sent",
                j_sum(self.end(), st * self.len, 0.0, 0, st, true),
            ),
            (
                "sum_received",
                j_sum(self.recv_end(), rg * self.len, j, rl, rt, false),
            ),
            (
                "cpu_utilization_percent",
                J::Obj(vec![
                    ("host_total", J::Num(60.409_224_293_505_7)),
                    ("host_user", J::Num(3.604_233_216_854_882)),
                    ("host_system", J::Num(56.804_991_076_650_82)),
                    ("remote_total", J::Num(35.646_921_224_997_1)),
                    ("remote_user", J::Num(4.552_225_299_421_406)),
                    ("remote_system", J::Num(31.094_662_594_497_773)),
                ]),
            ),
        ]);
        cjson::print(&J::Obj(vec![
            ("start", start),
            ("intervals", J::Arr(intervals)),
            ("end", end),
        ]))
    }
}

/// iperf3 numbers a client's streams 5, 7, 9, ... and a server's 5, 6, 7, ...
fn client_id(i: usize) -> usize {
    5 + 2 * i
}

fn server_id(i: usize) -> usize {
    5 + i
}

fn sender_line(o: &mut String, id: &str, a: f64, b: f64, packets: u64, len: u64) {
    let by = (packets * len) as f64;
    let _ = writeln!(
        o,
        "[{id}] {a:6.2}-{b:<6.2} sec  {}  {}  {packets}  ",
        bytes(by),
        bits(by * 8.0 / (b - a)),
    );
}

#[allow(clippy::too_many_arguments)]
fn recv_line(
    o: &mut String,
    id: &str,
    a: f64,
    b: f64,
    got: u64,
    total: u64,
    lost: u64,
    j: f64,
    len: u64,
) {
    let by = (got * len) as f64;
    let pct = if total == 0 {
        0.0
    } else {
        lost as f64 * 100.0 / total as f64
    };
    let _ = writeln!(
        o,
        "[{id}] {a:6.2}-{b:<6.2} sec  {}  {}  {j:5.3} ms  {lost}/{total} ({}%)  ",
        bytes(by),
        bits(by * 8.0 / (b - a)),
        g2(pct),
    );
}

#[allow(clippy::too_many_arguments)]
fn summary_line(
    o: &mut String,
    id: &str,
    end: f64,
    by: u64,
    j: f64,
    lost: u64,
    total: u64,
    role: &str,
) {
    let pct = if total == 0 {
        0.0
    } else {
        lost as f64 * 100.0 / total as f64
    };
    let _ = writeln!(
        o,
        "[{id}] {:6.2}-{end:<6.2} sec  {}  {}  {j:5.3} ms  {lost}/{total} ({}%)  {role}",
        0.0,
        bytes(by as f64),
        bits(by as f64 * 8.0 / end),
        g2(pct),
    );
}

fn j_interval(socket: Option<usize>, a: f64, b: f64, packets: u64, len: u64) -> J {
    let by = packets * len;
    let mut v = Vec::with_capacity(9);
    if let Some(s) = socket {
        v.push(("socket", J::Int(s as i64)));
    }
    v.extend([
        ("start", J::Num(a)),
        ("end", J::Num(b)),
        ("seconds", J::Num(b - a)),
        ("bytes", J::Int(by as i64)),
        ("bits_per_second", J::Num(by as f64 * 8.0 / (b - a))),
        ("packets", J::Int(packets as i64)),
        ("omitted", J::Bool(false)),
        ("sender", J::Bool(true)),
    ]);
    J::Obj(v)
}

fn j_sum(end: f64, by: u64, jitter: f64, lost: u64, total: u64, sender: bool) -> J {
    let pct = if total == 0 {
        0.0
    } else {
        lost as f64 * 100.0 / total as f64
    };
    J::Obj(vec![
        ("start", J::Int(0)),
        ("end", J::Num(end)),
        ("seconds", J::Num(end)),
        ("bytes", J::Int(by as i64)),
        ("bits_per_second", J::Num(by as f64 * 8.0 / end)),
        ("jitter_ms", J::Num(jitter)),
        ("lost_packets", J::Int(lost as i64)),
        ("packets", J::Int(total as i64)),
        ("lost_percent", J::Num(pct)),
        ("sender", J::Bool(sender)),
    ])
}
