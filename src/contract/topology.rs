//! The contract keys that describe the topology beyond the address ranges: rates given as
//! text or numbers (`link.bandwidth`, `host.max_bandwidth`), the flows per host of the
//! test, and the declared routes (`[[route]]`), read and checked with the key named in
//! every error.

use super::bad;
use crate::model::BitsPerSec;
use crate::model::contract::{NextHop, Route, RouteAt};
use ipnet::IpNet;
use serde::Deserialize;
use std::net::IpAddr;

/// `[[route]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoute {
    at: String,
    cidr: String,
    next_hop: String,
}

/// A rate: text such as "1 Gbit/s", or a positive number of bit/s.
pub(super) fn rate(key: &str, v: &toml::Value) -> Result<BitsPerSec, String> {
    match v {
        toml::Value::String(s) => s.parse::<BitsPerSec>().map_err(|e| format!("{key}: {e}")),
        toml::Value::Integer(i) if *i > 0 => Ok(BitsPerSec(*i as f64)),
        toml::Value::Float(f) if *f > 0.0 && f.is_finite() => Ok(BitsPerSec(*f)),
        v => Err(bad(
            key,
            v,
            "accepted: a rate such as \"1 Gbit/s\", \"1Gbps\", \"500M\" or a number of bit/s",
        )),
    }
}

/// `test.flows_per_host`: 1 to 256 when given.
pub(super) fn flows_per_host(v: Option<i64>) -> Result<Option<u32>, String> {
    match v {
        None => Ok(None),
        Some(n) if (1..=256).contains(&n) => Ok(Some(n as u32)),
        Some(n) => Err(bad(
            "test.flows_per_host",
            n,
            "accepted: a whole number from 1 to 256 (leave it out to size by the contract)",
        )),
    }
}

/// The declared routes, checked.
pub(super) fn routes(raw: &[RawRoute]) -> Result<Vec<Route>, String> {
    raw.iter()
        .enumerate()
        .map(|(i, r)| {
            let at = RouteAt::from_name(r.at.trim()).ok_or_else(|| {
                bad(
                    &format!("route[{i}].at"),
                    format!("\"{}\"", r.at),
                    "accepted: \"vbr\" (the virtual border router) or \"idc\" (the IDC's access device)",
                )
            })?;
            let cidr = r
                .cidr
                .trim()
                .parse::<IpNet>()
                .or_else(|_| r.cidr.trim().parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    bad(
                        &format!("route[{i}].cidr"),
                        format!("\"{}\"", r.cidr),
                        "accepted: a CIDR block such as \"100.64.0.0/11\"",
                    )
                })?;
            let hop = r.next_hop.trim();
            let next_hop = match hop {
                "vpc" => NextHop::Vpc,
                "idc" => NextHop::Idc,
                "cloud" => NextHop::Cloud,
                other => NextHop::Address(other.parse::<IpAddr>().map_err(|_| {
                    bad(
                        &format!("route[{i}].next_hop"),
                        format!("\"{}\"", r.next_hop),
                        "accepted: \"vpc\", \"idc\", \"cloud\" or an IP address",
                    )
                })?),
            };
            Ok(Route { at, cidr, next_hop })
        })
        .collect()
}
