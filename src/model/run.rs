//! A normalized test run (one netperf test, one iperf3 session or one direction of an iperf3
//! `--bidir` session), its flows (streams) and its intervals, independent of the tool.

use super::units::{BitsPerSec, Bytes, Packets, PacketsPerSec, Seconds};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            /// The inverse of [`Self::as_str`].
            pub fn from_name(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::from_name(&s).ok_or_else(|| {
                    ::serde::de::Error::unknown_variant(&s, &[$($s),+])
                })
            }
        }
    };
}
pub(crate) use str_enum;

str_enum!(
    /// The tool that wrote a log.
    Tool { Iperf3 => "iperf3", Netperf => "netperf", Sar => "sar" }
);
str_enum!(
    /// Transport protocol of a run.
    Protocol { Tcp => "tcp", Udp => "udp" }
);
str_enum!(
    /// Which end of the test wrote the log.
    Role { Client => "client", Server => "server" }
);
str_enum!(
    /// Data direction over the leased line: inbound = VPC sends to IDC, outbound = IDC sends
    /// to VPC.
    Direction { Inbound => "inbound", Outbound => "outbound" }
);
str_enum!(
    /// How a run ended.
    RunStatus { Complete => "complete", Aborted => "aborted", Error => "error" }
);

/// One end of a data connection. Addresses are kept as text as the log gives them (IPv4,
/// IPv6 or a name); `None` where the log does not say (netperf prints `0.0.0.0` for an
/// unbound local end, which parsers report as `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub addr: Option<String>,
    pub port: Option<u16>,
}

impl Endpoint {
    pub fn new(addr: impl Into<String>, port: Option<u16>) -> Self {
        Endpoint {
            addr: Some(addr.into()),
            port,
        }
    }
}

/// What one side counted: packets, bytes, the rate it printed and the time it measured over.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub packets: Option<Packets>,
    pub bytes: Option<Bytes>,
    /// The rate as the tool printed it (converted to bit/s).
    pub bps: Option<BitsPerSec>,
    /// The elapsed time this side measured (netperf's Elapsed, the iperf3 summary interval).
    pub duration: Option<Seconds>,
}

impl Transfer {
    /// packets / duration.
    pub fn pps(&self) -> Option<PacketsPerSec> {
        self.packets?.per(self.duration?)
    }

    /// The printed rate, else bytes / duration.
    pub fn rate(&self) -> Option<BitsPerSec> {
        self.bps.or_else(|| self.bytes?.rate_over(self.duration?))
    }
}

/// Sender and receiver figures of a run or a flow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counters {
    pub sent: Transfer,
    pub received: Transfer,
    /// Packets lost, as the receiver counted them (iperf3 Lost, netperf sent − received).
    pub lost_packets: Option<Packets>,
    pub jitter_ms: Option<f64>,
    pub retransmits: Option<u64>,
}

impl Counters {
    /// Loss in percent from the receiver's counts: lost / (received + lost).
    pub fn loss_percent(&self) -> Option<f64> {
        let lost = self.lost_packets?.0;
        let received = self.received.packets?.0;
        let total = lost.checked_add(received)?;
        (total > 0).then(|| lost as f64 * 100.0 / total as f64)
    }
}

/// One stream of a run (an iperf3 `[  5]`, a netperf test's single data connection).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// The tool's stream id (iperf3 socket number); `None` where the tool has none.
    pub stream_id: Option<u32>,
    /// The end that wrote the log.
    pub local: Endpoint,
    /// The other end.
    pub remote: Endpoint,
    pub counters: Counters,
}

/// One reporting interval of one stream, or of the run's sum (`stream_id = None`, iperf3's
/// `[SUM]` rows).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// 1-based line in the source.
    pub line: u32,
    pub stream_id: Option<u32>,
    /// Offsets from the start of the test.
    pub start: Seconds,
    pub end: Seconds,
    /// Wall-clock end of the interval where the log gives it (netperf `-D`, iperf3
    /// `--timestamps` and `-J`).
    pub timestamp: Option<DateTime<Utc>>,
    pub bytes: Option<Bytes>,
    pub bps: Option<BitsPerSec>,
    pub packets: Option<Packets>,
    pub lost_packets: Option<Packets>,
    pub jitter_ms: Option<f64>,
    pub retransmits: Option<u64>,
    /// iperf3 `-O` warm-up intervals, kept out of summaries.
    pub omitted: bool,
}

/// A test run normalized across tools.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// 1-based line where the run's output starts, and the last line that belongs to it.
    pub source_line: u32,
    pub end_line: u32,
    pub tool: Tool,
    pub tool_version: Option<String>,
    /// The test: `UDP_STREAM`, `TCP_RR`, ... for netperf; `UDP` or `TCP` for iperf3.
    pub test: String,
    pub protocol: Option<Protocol>,
    pub role: Role,
    /// The host name of the machine that wrote the log, where the log gives it.
    pub host: Option<String>,
    /// The data sender and receiver (not the control connection).
    pub sender: Endpoint,
    pub receiver: Endpoint,
    pub started_at: Option<DateTime<Utc>>,
    /// The test's length: the sender's elapsed time where known, else the receiver's.
    pub duration: Option<Seconds>,
    /// Payload bytes per datagram or send call.
    pub message_size: Option<Bytes>,
    pub streams: u32,
    pub counters: Counters,
    /// The sending rate asked for (iperf3 `-b`), where the log says.
    pub offered_bps: Option<BitsPerSec>,
    pub transactions_per_s: Option<f64>,
    pub status: RunStatus,
    pub error: Option<String>,
    /// Tool-specific figures kept by name (netperf CPU utilization and service demand,
    /// socket sizes, iperf3 CPU utilization).
    pub extra: BTreeMap<String, f64>,
    /// Remarks a reader needs (an assumed unit, a repaired line).
    pub notes: Vec<String>,
    pub flows: Vec<Flow>,
    pub intervals: Vec<Interval>,
}

impl Run {
    /// An empty run of `tool` starting at `line`, for parsers to fill in.
    pub fn new(tool: Tool, role: Role, line: u32) -> Self {
        Run {
            source_line: line,
            end_line: line,
            tool,
            tool_version: None,
            test: String::new(),
            protocol: None,
            role,
            host: None,
            sender: Endpoint::default(),
            receiver: Endpoint::default(),
            started_at: None,
            duration: None,
            message_size: None,
            streams: 0,
            counters: Counters::default(),
            offered_bps: None,
            transactions_per_s: None,
            status: RunStatus::Complete,
            error: None,
            extra: BTreeMap::new(),
            notes: Vec::new(),
            flows: Vec::new(),
            intervals: Vec::new(),
        }
    }

    pub fn sent_pps(&self) -> Option<PacketsPerSec> {
        self.counters.sent.pps()
    }

    pub fn received_pps(&self) -> Option<PacketsPerSec> {
        self.counters.received.pps()
    }

    pub fn loss_percent(&self) -> Option<f64> {
        self.counters.loss_percent()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_from_receiver_counts() {
        let c = Counters {
            received: Transfer {
                packets: Some(Packets(22110)),
                ..Transfer::default()
            },
            lost_packets: Some(Packets(208)),
            ..Counters::default()
        };
        let l = c.loss_percent().unwrap_or_default();
        assert!((l - 0.931983).abs() < 1e-5, "{l}");
        assert_eq!(Counters::default().loss_percent(), None);
    }

    #[test]
    fn enums_round_trip_their_names() {
        for d in Direction::ALL {
            assert_eq!(Direction::from_name(d.as_str()), Some(*d));
        }
        assert_eq!(RunStatus::from_name("complete"), Some(RunStatus::Complete));
        assert_eq!(Tool::from_name("iperf2"), None);
    }

    #[test]
    fn transfer_rate_falls_back_to_bytes() {
        let t = Transfer {
            bytes: Some(Bytes(1250)),
            duration: Some(Seconds(1.0)),
            ..Transfer::default()
        };
        assert_eq!(t.rate(), Some(BitsPerSec(10000.0)));
    }
}
