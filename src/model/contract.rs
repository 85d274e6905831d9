//! The contract of a leased line and the acceptance rules it is judged by, as read from
//! `llreport.toml` (see `crate::contract` for the file and its defaults).

use super::run::str_enum;
use super::time::TimeZoneSpec;
use super::units::BitsPerSec;
use chrono::NaiveDate;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

str_enum!(
    /// Why a campaign was run.
    CampaignKind { Acceptance => "acceptance", Retest => "retest", Revalidation => "revalidation" }
);

str_enum!(
    /// Which figures the verdict uses where both exist.
    VerdictSource { Sar => "sar", Tool => "tool" }
);

str_enum!(
    /// A side of the leased line.
    Side { Idc => "idc", Vpc => "vpc" }
);

/// The leased line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub name: String,
    pub customer: Option<String>,
    pub carrier: Option<String>,
    pub bandwidth: BitsPerSec,
    pub hash_stream_divisor: u32,
    /// Bytes the line carries per datagram besides its payload (Ethernet 14 + IPv4 20 +
    /// UDP 8 = 42): the tools count payload, the line and its per-flow limit count frames.
    pub frame_overhead_bytes: u32,
    /// For sar text, which carries no zone.
    pub timezone: Option<String>,
}

impl Link {
    /// The per-flow (5-tuple, "hash stream") limit: bandwidth / divisor.
    pub fn per_flow_limit(&self) -> BitsPerSec {
        BitsPerSec(self.bandwidth.0 / f64::from(self.hash_stream_divisor.max(1)))
    }

    /// Bits on the line per bit of payload for messages of `size` bytes (1 when unknown).
    pub fn wire_factor(&self, size: Option<u64>) -> f64 {
        match size {
            Some(s) if s > 0 => (s as f64 + f64::from(self.frame_overhead_bytes)) / s as f64,
            _ => 1.0,
        }
    }

    pub fn tz(&self) -> Option<TimeZoneSpec> {
        self.timezone.as_deref().and_then(|t| t.parse().ok())
    }
}

/// The campaign the contract file describes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CampaignInfo {
    pub name: Option<String>,
    pub date: Option<NaiveDate>,
    pub kind: Option<CampaignKind>,
}

/// A VPC (or the IDC) and its address ranges.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Network {
    pub name: String,
    pub cidrs: Vec<IpNet>,
}

/// A named host.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Host {
    pub name: String,
    pub addr: IpAddr,
    /// What the host itself can send or receive (its NIC or instance type's limit), if known.
    #[serde(default)]
    pub max_bandwidth: Option<BitsPerSec>,
}

str_enum!(
    /// The device a route is configured on: the virtual border router of the leased line
    /// on the cloud side, or the customer's access device in the IDC.
    RouteAt { Vbr => "vbr", Idc => "idc" }
);

/// Where a route sends traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextHop {
    /// Towards the VPC (the VBR's router interface to the VPC).
    Vpc,
    /// Towards the IDC (the leased line).
    Idc,
    /// Towards the cloud side of the leased line (from the IDC device).
    Cloud,
    /// An address (the cloud-side address of the line, or a router in the IDC).
    Address(IpAddr),
}

/// A route the customer configured, declared so `llreport check` can verify it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub at: RouteAt,
    pub cidr: IpNet,
    pub next_hop: NextHop,
}

/// The acceptance rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Acceptance {
    /// Received bandwidth must reach this share of the reachable bandwidth.
    pub min_bandwidth_ratio: f64,
    /// Bandwidth tests: highest loss, in percent, where the offered load fits the line.
    pub max_loss_percent: f64,
    /// Lowest received pps per direction; 0 reports only.
    pub min_pps: f64,
    /// Highest jitter; 0 reports only.
    pub max_jitter_ms: f64,
    /// Highest difference between sar's and the tools' received pps, in percent.
    pub max_sar_difference_percent: f64,
    pub verdict_source: VerdictSource,
    /// A flow's steady rate may exceed the per-flow limit by this much before it is flagged.
    pub per_flow_tolerance_percent: f64,
}

impl Default for Acceptance {
    fn default() -> Self {
        Acceptance {
            min_bandwidth_ratio: 0.95,
            max_loss_percent: 0.1,
            min_pps: 0.0,
            max_jitter_ms: 0.0,
            max_sar_difference_percent: 5.0,
            verdict_source: VerdictSource::Sar,
            per_flow_tolerance_percent: 5.0,
        }
    }
}

/// Thresholds for flagging regressions between campaigns of a link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendRules {
    /// Received bit/s down by more than this, in percent of the baseline.
    pub max_bandwidth_drop_percent: f64,
    /// Received pps down by more than this, in percent of the baseline.
    pub max_pps_drop_percent: f64,
    /// Loss up by more than this many percentage points.
    pub max_loss_increase_points: f64,
    /// Jitter up by more than this many milliseconds.
    pub max_jitter_increase_ms: f64,
}

impl Default for TrendRules {
    fn default() -> Self {
        TrendRules {
            max_bandwidth_drop_percent: 10.0,
            max_pps_drop_percent: 10.0,
            max_loss_increase_points: 0.1,
            max_jitter_increase_ms: 1.0,
        }
    }
}

/// How `llreport plan` lays out a test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestPlan {
    /// Seconds each test runs.
    pub duration_s: u32,
    /// Tools to write commands for.
    pub tools: Vec<String>,
    /// Flows per direction = divisor × this (at least).
    pub flow_margin: f64,
    /// Seconds sar keeps sampling after the test.
    pub sar_margin_s: u32,
    pub netperf_base_port: u16,
    pub iperf3_base_port: u16,
    /// Interface of the IDC device on the line (for sar and the multi-queue setup).
    pub idc_interface: String,
    /// Interface of the VPC hosts.
    pub vpc_interface: String,
    /// Flows each VPC host carries; `None`: as many as the sizing rule needs.
    #[serde(default)]
    pub flows_per_host: Option<u32>,
}

impl Default for TestPlan {
    fn default() -> Self {
        TestPlan {
            duration_s: 300,
            tools: vec!["netperf".into(), "iperf3".into()],
            flow_margin: 1.5,
            sar_margin_s: 20,
            netperf_base_port: 11256,
            iperf3_base_port: 16001,
            idc_interface: "eth0".into(),
            vpc_interface: "eth0".into(),
            flows_per_host: None,
        }
    }
}

/// A person who signs the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signatory {
    pub party: String,
    pub name: Option<String>,
    pub role: Option<String>,
}

/// Everything `llreport.toml` says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub link: Link,
    pub campaign: CampaignInfo,
    pub idc: Network,
    pub vpcs: Vec<Network>,
    pub hosts: Vec<Host>,
    pub acceptance: Acceptance,
    pub trend: TrendRules,
    pub test: TestPlan,
    pub signoff: Vec<Signatory>,
    pub netperf_omni_columns: Option<Vec<String>>,
    /// Routes declared for `llreport check` (`[[route]]`); empty when none are.
    #[serde(default)]
    pub routes: Vec<Route>,
}

impl Contract {
    /// The side (and VPC name) an address belongs to.
    pub fn side_of(&self, addr: &IpAddr) -> Option<(Side, &str)> {
        if self.idc.cidrs.iter().any(|n| n.contains(addr)) {
            return Some((Side::Idc, self.idc.name.as_str()));
        }
        self.vpcs
            .iter()
            .find(|v| v.cidrs.iter().any(|n| n.contains(addr)))
            .map(|v| (Side::Vpc, v.name.as_str()))
    }

    /// The name given to an address, if any.
    pub fn host_name(&self, addr: &IpAddr) -> Option<&str> {
        self.hosts
            .iter()
            .find(|h| &h.addr == addr)
            .map(|h| h.name.as_str())
    }

    /// The address of a named host, if any.
    pub fn host_addr(&self, name: &str) -> Option<IpAddr> {
        self.hosts.iter().find(|h| h.name == name).map(|h| h.addr)
    }
}
