//! `llreport.toml`: the contract of a leased line and the rules it is judged by. Reading and
//! checking the file (every bad value is reported with its key and what is accepted), the
//! documented defaults, and the commented template `llreport init` writes.

mod template;
mod topology;

pub use template::TEMPLATE;

use crate::model::TimeZoneSpec;
use crate::model::contract::{
    Acceptance, CampaignInfo, CampaignKind, Contract, Host, Link, Network, Signatory, TestPlan,
    TrendRules, VerdictSource,
};
use chrono::NaiveDate;
use ipnet::IpNet;
use serde::Deserialize;
use std::net::IpAddr;
use std::path::Path;

/// The file name looked for at the top of an ingested directory.
pub const FILE_NAME: &str = "llreport.toml";

/// A contract file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// Reads and checks a contract file.
pub fn load(path: &Path) -> Result<Contract, ContractError> {
    load_with_text(path).map(|(c, _)| c)
}

/// [`load`], also returning the text read, so that what is stored is exactly what was checked.
pub fn load_with_text(path: &Path) -> Result<(Contract, String), ContractError> {
    let text = std::fs::read_to_string(path).map_err(|source| ContractError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let c = parse(&text).map_err(|message| ContractError::Invalid {
        path: path.display().to_string(),
        message,
    })?;
    Ok((c, text))
}

/// Reads and checks contract text. The error names the key and what is accepted.
pub fn parse(text: &str) -> Result<Contract, String> {
    let raw: RawContract = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
    raw.check()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContract {
    link: RawLink,
    #[serde(default)]
    campaign: RawCampaign,
    idc: RawNetwork,
    #[serde(default)]
    vpc: Vec<RawNetwork>,
    #[serde(default)]
    host: Vec<RawHost>,
    #[serde(default)]
    acceptance: RawAcceptance,
    #[serde(default)]
    trend: RawTrend,
    #[serde(default)]
    test: RawTest,
    #[serde(default)]
    signoff: Vec<RawSignatory>,
    netperf_omni_columns: Option<Vec<String>>,
    #[serde(default)]
    route: Vec<topology::RawRoute>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    name: String,
    customer: Option<String>,
    carrier: Option<String>,
    bandwidth: toml::Value,
    hash_stream_divisor: Option<i64>,
    frame_overhead_bytes: Option<i64>,
    timezone: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCampaign {
    name: Option<String>,
    date: Option<toml::Value>,
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNetwork {
    name: Option<String>,
    cidrs: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHost {
    name: String,
    addr: String,
    max_bandwidth: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAcceptance {
    min_bandwidth_ratio: Option<f64>,
    max_loss_percent: Option<f64>,
    min_pps: Option<f64>,
    max_jitter_ms: Option<f64>,
    max_sar_difference_percent: Option<f64>,
    verdict_source: Option<String>,
    per_flow_tolerance_percent: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrend {
    max_bandwidth_drop_percent: Option<f64>,
    max_pps_drop_percent: Option<f64>,
    max_loss_increase_points: Option<f64>,
    max_jitter_increase_ms: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    duration_s: Option<i64>,
    tools: Option<Vec<String>>,
    flow_margin: Option<f64>,
    sar_margin_s: Option<i64>,
    netperf_base_port: Option<i64>,
    iperf3_base_port: Option<i64>,
    idc_interface: Option<String>,
    vpc_interface: Option<String>,
    flows_per_host: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignatory {
    party: String,
    name: Option<String>,
    role: Option<String>,
}

fn bad(key: &str, value: impl std::fmt::Display, accepted: &str) -> String {
    format!("{key} = {value}: {accepted}")
}

fn ratio(key: &str, v: Option<f64>, default: f64, lo: f64, hi: f64) -> Result<f64, String> {
    match v {
        None => Ok(default),
        Some(x) if x.is_finite() && x >= lo && x <= hi => Ok(x),
        Some(x) => Err(bad(
            key,
            x,
            &format!("accepted: a number from {lo} to {hi}"),
        )),
    }
}

fn cidrs(key: &str, list: &[String]) -> Result<Vec<IpNet>, String> {
    list.iter()
        .map(|c| {
            c.parse::<IpNet>()
                .or_else(|_| c.parse::<IpAddr>().map(IpNet::from))
                .map(|n| n.trunc())
                .map_err(|_| {
                    bad(
                        key,
                        format!("\"{c}\""),
                        "accepted: CIDR blocks such as \"172.16.0.0/12\" or \"fd00::/8\"",
                    )
                })
        })
        .collect()
}

fn port(key: &str, v: Option<i64>, default: u16) -> Result<u16, String> {
    match v {
        None => Ok(default),
        Some(p) => u16::try_from(p)
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| bad(key, p, "accepted: a port from 1 to 65535")),
    }
}

impl RawContract {
    fn check(self) -> Result<Contract, String> {
        let bandwidth = topology::rate("link.bandwidth", &self.link.bandwidth)?;
        let divisor = match self.link.hash_stream_divisor {
            None => 12,
            Some(d) if (1..=1024).contains(&d) => d as u32,
            Some(d) => {
                return Err(bad(
                    "link.hash_stream_divisor",
                    d,
                    "accepted: a whole number from 1 to 1024 (the provider's is 12)",
                ));
            }
        };
        let overhead = match self.link.frame_overhead_bytes {
            None => 42,
            Some(b) if (0..=1000).contains(&b) => b as u32,
            Some(b) => {
                return Err(bad(
                    "link.frame_overhead_bytes",
                    b,
                    "accepted: bytes from 0 to 1000 (42 = Ethernet 14 + IPv4 20 + UDP 8)",
                ));
            }
        };
        if let Some(tz) = &self.link.timezone {
            tz.parse::<TimeZoneSpec>()
                .map_err(|e| format!("link.timezone: {e}"))?;
        }
        if self.link.name.trim().is_empty() {
            return Err("link.name: must not be empty".into());
        }
        let date = match &self.campaign.date {
            None => None,
            Some(toml::Value::Datetime(d)) => Some(
                d.to_string()
                    .get(..10)
                    .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                    .ok_or_else(|| {
                        bad("campaign.date", d, "accepted: a date such as 2026-11-28")
                    })?,
            ),
            Some(toml::Value::String(s)) => Some(
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                    bad(
                        "campaign.date",
                        format!("\"{s}\""),
                        "accepted: a date such as \"2026-11-28\"",
                    )
                })?,
            ),
            Some(v) => {
                return Err(bad(
                    "campaign.date",
                    v,
                    "accepted: a date such as \"2026-11-28\"",
                ));
            }
        };
        let kind = match &self.campaign.kind {
            None => None,
            Some(k) => Some(CampaignKind::from_name(k.trim()).ok_or_else(|| {
                bad(
                    "campaign.kind",
                    format!("\"{k}\""),
                    "accepted: \"acceptance\", \"retest\" or \"revalidation\"",
                )
            })?),
        };
        let idc = Network {
            name: self.idc.name.clone().unwrap_or_else(|| "IDC".into()),
            cidrs: cidrs("idc.cidrs", &self.idc.cidrs)?,
        };
        if idc.cidrs.is_empty() {
            return Err("idc.cidrs: give at least one CIDR block of the IDC side".into());
        }
        let mut vpcs = Vec::new();
        for (i, v) in self.vpc.iter().enumerate() {
            let key = format!("vpc[{i}].cidrs");
            let nets = cidrs(&key, &v.cidrs)?;
            if nets.is_empty() {
                return Err(format!("{key}: give at least one CIDR block of this VPC"));
            }
            vpcs.push(Network {
                name: v.name.clone().unwrap_or_else(|| format!("VPC-{}", i + 1)),
                cidrs: nets,
            });
        }
        if vpcs.is_empty() {
            return Err("[[vpc]]: declare at least one VPC with its cidrs".into());
        }
        let mut hosts = Vec::new();
        for (i, h) in self.host.iter().enumerate() {
            let addr = h.addr.trim().parse::<IpAddr>().map_err(|_| {
                bad(
                    &format!("host[{i}].addr"),
                    format!("\"{}\"", h.addr),
                    "accepted: an IPv4 or IPv6 address",
                )
            })?;
            if h.name.trim().is_empty() {
                return Err(format!("host[{i}].name: must not be empty"));
            }
            let max_bandwidth = match &h.max_bandwidth {
                None => None,
                Some(v) => Some(topology::rate(&format!("host[{i}].max_bandwidth"), v)?),
            };
            hosts.push(Host {
                name: h.name.trim().to_string(),
                addr,
                max_bandwidth,
            });
        }
        let a = &self.acceptance;
        let d = Acceptance::default();
        let acceptance = Acceptance {
            min_bandwidth_ratio: ratio(
                "acceptance.min_bandwidth_ratio",
                a.min_bandwidth_ratio,
                d.min_bandwidth_ratio,
                0.0,
                1.0,
            )?,
            max_loss_percent: ratio(
                "acceptance.max_loss_percent",
                a.max_loss_percent,
                d.max_loss_percent,
                0.0,
                100.0,
            )?,
            min_pps: ratio("acceptance.min_pps", a.min_pps, d.min_pps, 0.0, f64::MAX)?,
            max_jitter_ms: ratio(
                "acceptance.max_jitter_ms",
                a.max_jitter_ms,
                d.max_jitter_ms,
                0.0,
                f64::MAX,
            )?,
            max_sar_difference_percent: ratio(
                "acceptance.max_sar_difference_percent",
                a.max_sar_difference_percent,
                d.max_sar_difference_percent,
                0.0,
                100.0,
            )?,
            verdict_source: match &a.verdict_source {
                None => d.verdict_source,
                Some(v) => VerdictSource::from_name(v.trim()).ok_or_else(|| {
                    bad(
                        "acceptance.verdict_source",
                        format!("\"{v}\""),
                        "accepted: \"sar\" or \"tool\"",
                    )
                })?,
            },
            per_flow_tolerance_percent: ratio(
                "acceptance.per_flow_tolerance_percent",
                a.per_flow_tolerance_percent,
                d.per_flow_tolerance_percent,
                0.0,
                100.0,
            )?,
        };
        let t = &self.trend;
        let dt = TrendRules::default();
        let trend = TrendRules {
            max_bandwidth_drop_percent: ratio(
                "trend.max_bandwidth_drop_percent",
                t.max_bandwidth_drop_percent,
                dt.max_bandwidth_drop_percent,
                0.0,
                100.0,
            )?,
            max_pps_drop_percent: ratio(
                "trend.max_pps_drop_percent",
                t.max_pps_drop_percent,
                dt.max_pps_drop_percent,
                0.0,
                100.0,
            )?,
            max_loss_increase_points: ratio(
                "trend.max_loss_increase_points",
                t.max_loss_increase_points,
                dt.max_loss_increase_points,
                0.0,
                100.0,
            )?,
            max_jitter_increase_ms: ratio(
                "trend.max_jitter_increase_ms",
                t.max_jitter_increase_ms,
                dt.max_jitter_increase_ms,
                0.0,
                f64::MAX,
            )?,
        };
        let tp = &self.test;
        let dp = TestPlan::default();
        let tools = match &tp.tools {
            None => dp.tools.clone(),
            Some(list) => {
                for t in list {
                    if t != "netperf" && t != "iperf3" {
                        return Err(bad(
                            "test.tools",
                            format!("\"{t}\""),
                            "accepted: a list of \"netperf\" and \"iperf3\"",
                        ));
                    }
                }
                if list.is_empty() {
                    return Err(
                        "test.tools: name at least one tool (\"netperf\", \"iperf3\")".into(),
                    );
                }
                list.clone()
            }
        };
        let test = TestPlan {
            duration_s: match tp.duration_s {
                None => dp.duration_s,
                Some(s) if (1..=86_400).contains(&s) => s as u32,
                Some(s) => {
                    return Err(bad(
                        "test.duration_s",
                        s,
                        "accepted: seconds from 1 to 86400",
                    ));
                }
            },
            tools,
            flow_margin: ratio(
                "test.flow_margin",
                tp.flow_margin,
                dp.flow_margin,
                1.0,
                16.0,
            )?,
            sar_margin_s: match tp.sar_margin_s {
                None => dp.sar_margin_s,
                Some(s) if (0..=3600).contains(&s) => s as u32,
                Some(s) => {
                    return Err(bad(
                        "test.sar_margin_s",
                        s,
                        "accepted: seconds from 0 to 3600",
                    ));
                }
            },
            netperf_base_port: port(
                "test.netperf_base_port",
                tp.netperf_base_port,
                dp.netperf_base_port,
            )?,
            iperf3_base_port: port(
                "test.iperf3_base_port",
                tp.iperf3_base_port,
                dp.iperf3_base_port,
            )?,
            idc_interface: tp.idc_interface.clone().unwrap_or(dp.idc_interface),
            vpc_interface: tp.vpc_interface.clone().unwrap_or(dp.vpc_interface),
            flows_per_host: topology::flows_per_host(tp.flows_per_host)?,
        };
        let signoff = self
            .signoff
            .into_iter()
            .map(|s| Signatory {
                party: s.party,
                name: s.name,
                role: s.role,
            })
            .collect();
        Ok(Contract {
            link: Link {
                name: self.link.name.trim().to_string(),
                customer: self.link.customer,
                carrier: self.link.carrier,
                bandwidth,
                hash_stream_divisor: divisor,
                frame_overhead_bytes: overhead,
                timezone: self.link.timezone,
            },
            campaign: CampaignInfo {
                name: self.campaign.name,
                date,
                kind,
            },
            idc,
            vpcs,
            hosts,
            acceptance,
            trend,
            test,
            signoff,
            netperf_omni_columns: self.netperf_omni_columns,
            routes: topology::routes(&self.route)?,
        })
    }
}

#[cfg(test)]
mod tests;
