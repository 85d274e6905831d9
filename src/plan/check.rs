//! `llreport check`: lints the topology the contract declares before anyone runs a test.
//! Each finding has a severity, a sentence saying what is wrong and why it matters, and the
//! fix. The address ranges and hosts are checked here, the declared routes in [`routes`].

mod routes;

use super::layout::tools;
use super::shell::{file_part, valid_interface};
use super::sizing::size;
use crate::model::Contract;
use crate::model::contract::Side;
use crate::model::units::si;
use ipnet::IpNet;
use serde::Serialize;
use std::collections::BTreeMap;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The test or its report would be wrong.
    Error,
    /// Likely a mistake, or a limit to keep in mind.
    Warning,
    /// For the record.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable name of the rule (`overlap-sides`, `vpc-quota`, ...).
    pub code: &'static str,
    /// What it is about: a range, a host, a key.
    pub subject: String,
    pub message: String,
    pub fix: String,
}

fn finding(
    severity: Severity,
    code: &'static str,
    subject: impl Into<String>,
    message: impl Into<String>,
    fix: impl Into<String>,
) -> Finding {
    Finding {
        severity,
        code,
        subject: subject.into(),
        message: message.into(),
        fix: fix.into(),
    }
}

/// The provider's default number of VPCs on one leased line.
pub const VPC_QUOTA: usize = 5;
/// The cloud services' range (DNS, OSS, Log Service, AnyTunnel VIPs).
pub const CLOUD_RANGE: &str = "100.64.0.0/10";
/// sar margins shorter than this can end sar before the clients.
const MIN_SAR_MARGIN_S: u32 = 5;
/// Tests shorter than this are noted.
const SHORT_TEST_S: u32 = 60;

fn cloud() -> IpNet {
    CLOUD_RANGE.parse().unwrap_or_else(|_| IpNet::default())
}

fn overlap(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Every finding for `c`, errors first.
pub fn check(c: &Contract) -> Vec<Finding> {
    let mut out = Vec::new();
    networks(c, &mut out);
    let hosts_ok = hosts(c, &mut out);
    settings(c, &mut out);
    if hosts_ok {
        sizing(c, &mut out);
    }
    routes::check(c, &mut out);
    out.sort_by_key(|f| f.severity);
    out
}

fn networks(c: &Contract, out: &mut Vec<Finding>) {
    for v in &c.vpcs {
        for (a, b) in c
            .idc
            .cidrs
            .iter()
            .flat_map(|a| v.cidrs.iter().map(move |b| (a, b)))
        {
            if overlap(a, b) {
                out.push(finding(
                    Severity::Error,
                    "overlap-sides",
                    format!("{} {a} / {} {b}", c.idc.name, v.name),
                    format!(
                        "{} {a} and {} {b} overlap: an address in both cannot be routed to one side, and llreport cannot tell which side a host in it is on.",
                        c.idc.name, v.name
                    ),
                    "Give the IDC and the VPC disjoint ranges: re-address one side, or declare only the ranges really in use.",
                ));
            }
        }
    }
    for (i, v) in c.vpcs.iter().enumerate() {
        for w in c.vpcs.iter().skip(i + 1) {
            for (a, b) in v
                .cidrs
                .iter()
                .flat_map(|a| w.cidrs.iter().map(move |b| (a, b)))
            {
                if overlap(a, b) {
                    out.push(finding(
                        Severity::Error,
                        "overlap-vpcs",
                        format!("{} {a} / {} {b}", v.name, w.name),
                        format!(
                            "{} {a} and {} {b} overlap: the border router cannot send one range to two VPCs, so one of them is unreachable over the line.",
                            v.name, w.name
                        ),
                        "Re-address one VPC (VPCs sharing a leased line need disjoint ranges), or correct the cidrs in llreport.toml.",
                    ));
                }
            }
        }
    }
    if c.vpcs.len() > VPC_QUOTA {
        out.push(finding(
            Severity::Warning,
            "vpc-quota",
            format!("{} VPCs", c.vpcs.len()),
            format!(
                "{} VPCs are declared on one leased line; the provider allows {VPC_QUOTA} by default, so the others cannot be connected yet.",
                c.vpcs.len()
            ),
            format!("Open a ticket to raise the quota above {VPC_QUOTA}, or connect some VPCs through another line."),
        ));
    }
    let cloud = cloud();
    for n in &c.idc.cidrs {
        if overlap(n, &cloud) {
            out.push(finding(
                Severity::Error,
                "cloud-range",
                format!("{} {n}", c.idc.name),
                format!(
                    "{} {n} overlaps {CLOUD_RANGE}, the range of the cloud services (DNS, OSS, Log Service, AnyTunnel VIPs): routes to those services would capture traffic meant for the IDC.",
                    c.idc.name
                ),
                format!("Re-address the IDC out of {CLOUD_RANGE}."),
            ));
        }
    }
    for v in &c.vpcs {
        for n in v.cidrs.iter().filter(|n| overlap(n, &cloud)) {
            out.push(finding(
                Severity::Warning,
                "cloud-range",
                format!("{} {n}", v.name),
                format!(
                    "{} {n} overlaps {CLOUD_RANGE}, which the cloud services use inside every VPC: hosts there can clash with service addresses.",
                    v.name
                ),
                format!("Use VPC ranges outside {CLOUD_RANGE} (172.16.0.0/12, 10.0.0.0/8, 192.168.0.0/16)."),
            ));
        }
    }
}

/// Host findings; whether the hosts allow a kit (one IDC device, VPC hosts, no clashes).
fn hosts(c: &Contract, out: &mut Vec<Finding>) -> bool {
    let mut ok = true;
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    let mut addrs: BTreeMap<std::net::IpAddr, Vec<&str>> = BTreeMap::new();
    let mut files: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut idc = Vec::new();
    let mut per_vpc: BTreeMap<&str, usize> = BTreeMap::new();
    for h in &c.hosts {
        *names.entry(h.name.as_str()).or_default() += 1;
        addrs.entry(h.addr).or_default().push(&h.name);
        files.entry(file_part(&h.name)).or_default().push(&h.name);
        match c.side_of(&h.addr) {
            None => {
                ok = false;
                out.push(finding(
                    Severity::Error,
                    "host-outside",
                    format!("{} {}", h.name, h.addr),
                    format!(
                        "Host {} ({}) is in no declared range, so neither llreport nor the kit can tell whether it is on the IDC or a VPC side.",
                        h.name, h.addr
                    ),
                    "Add its range to [idc] or a [[vpc]] cidrs, or correct its addr.",
                ));
            }
            Some((Side::Idc, _)) => idc.push(h.name.as_str()),
            Some((Side::Vpc, v)) => *per_vpc.entry(v).or_default() += 1,
        }
    }
    for (n, count) in names.iter().filter(|(_, n)| **n > 1) {
        ok = false;
        out.push(finding(
            Severity::Error,
            "host-duplicate-name",
            *n,
            format!("{count} hosts are named {n}: their logs and figures would be mixed up."),
            "Give every [[host]] its own name.",
        ));
    }
    for (a, list) in addrs.iter().filter(|(_, l)| l.len() > 1) {
        ok = false;
        out.push(finding(
            Severity::Error,
            "host-duplicate-address",
            a.to_string(),
            format!(
                "Hosts {} share the address {a}: llreport names a flow's host by its address, so their results cannot be told apart.",
                list.join(", ")
            ),
            "Give every [[host]] its own address (the one its test traffic uses).",
        ));
    }
    for (f, list) in files.iter().filter(|(_, l)| l.len() > 1) {
        let mut distinct = list.clone();
        distinct.dedup();
        if distinct.len() > 1 {
            ok = false;
            out.push(finding(
                Severity::Error,
                "host-file-name",
                f.clone(),
                format!(
                    "Hosts {} would write files named after \"{f}\" (names keep only letters, digits, '.', '_' and '-'), so one would overwrite the other's logs.",
                    distinct.join(", ")
                ),
                "Rename one of them.",
            ));
        }
    }
    match idc.as_slice() {
        [] => {
            ok = false;
            out.push(finding(
                Severity::Error,
                "no-idc-host",
                "[[host]]",
                "No host is on the IDC side: nothing receives the inbound test or sends the outbound one.",
                "Add a [[host]] for the IDC's test device with an addr in [idc] cidrs.",
            ));
        }
        [_] => {}
        [first, rest @ ..] => out.push(finding(
            Severity::Warning,
            "several-idc-hosts",
            idc.join(", "),
            format!(
                "{} hosts are on the IDC side; `llreport plan` uses {first} as the IDC device and leaves out {}.",
                idc.len(),
                rest.join(", ")
            ),
            "List the IDC test device first, or remove the hosts that do not take part.",
        )),
    }
    if per_vpc.is_empty() {
        ok = false;
        out.push(finding(
            Severity::Error,
            "no-vpc-host",
            "[[host]]",
            "No host is on a VPC side: nothing sends the inbound test or receives the outbound one.",
            "Add [[host]] entries for the VPC instances, with addrs in a [[vpc]]'s cidrs.",
        ));
    } else {
        for v in c
            .vpcs
            .iter()
            .filter(|v| !per_vpc.contains_key(v.name.as_str()))
        {
            out.push(finding(
                Severity::Warning,
                "vpc-untested",
                v.name.clone(),
                format!(
                    "{} has no test host, so its path over the line is not tested.",
                    v.name
                ),
                format!("Add a [[host]] in {} if the acceptance covers it.", v.name),
            ));
        }
    }
    ok
}

fn settings(c: &Contract, out: &mut Vec<Finding>) {
    for (key, value) in [
        ("test.idc_interface", &c.test.idc_interface),
        ("test.vpc_interface", &c.test.vpc_interface),
    ] {
        if !valid_interface(value) {
            out.push(finding(
                Severity::Error,
                "interface-name",
                key,
                format!("{key} = \"{value}\" is not an interface name, so the kit cannot set up its queues."),
                "Give the name `ip link` shows on the hosts, such as eth0.",
            ));
        }
    }
    let vpc_hosts = c
        .hosts
        .iter()
        .filter(|h| matches!(c.side_of(&h.addr), Some((Side::Vpc, _))))
        .count();
    let sizing = size(c, &vec![None; vpc_hosts], None);
    let tools = tools(c);
    for (key, base, used, tool) in [
        (
            "test.netperf_base_port",
            c.test.netperf_base_port,
            vpc_hosts * sizing.flows_per_host as usize,
            "netperf",
        ),
        (
            "test.iperf3_base_port",
            c.test.iperf3_base_port,
            vpc_hosts,
            "iperf3",
        ),
    ] {
        let last = usize::from(base) + used.max(1) - 1;
        if last > usize::from(u16::MAX) && tools.iter().any(|t| t.as_str() == tool) {
            out.push(finding(
                Severity::Error,
                "port-range",
                key,
                format!("{key} = {base} needs ports up to {last} for {used} servers, past 65535."),
                "Choose a lower base port.",
            ));
        }
    }
    if c.test.sar_margin_s < MIN_SAR_MARGIN_S {
        out.push(finding(
            Severity::Warning,
            "sar-margin",
            "test.sar_margin_s",
            format!(
                "sar samples only {} s past the test: it starts before the clients, so it can end before they do and miss the end of the test.",
                c.test.sar_margin_s
            ),
            format!("Set test.sar_margin_s to {MIN_SAR_MARGIN_S} or more (20 is the default)."),
        ));
    }
    if c.test.duration_s < SHORT_TEST_S {
        out.push(finding(
            Severity::Info,
            "short-test",
            "test.duration_s",
            format!(
                "Each test runs {} s; the methodology runs 300 s, so that the start and end of a run weigh little.",
                c.test.duration_s
            ),
            "Keep short tests for trials; use 300 s for the acceptance.",
        ));
    }
    if c.link.timezone.is_none() {
        out.push(finding(
            Severity::Info,
            "timezone",
            "link.timezone",
            "No time zone is given: the kit runs the tools with TZ=UTC and llreport reads sar's times as UTC, with a warning.",
            "Set link.timezone (an IANA name or an offset) to record the test in local time.",
        ));
    }
}

fn sizing(c: &Contract, out: &mut Vec<Finding>) {
    let Ok(topo) = super::layout::topology(c) else {
        return;
    };
    let caps: Vec<Option<f64>> = topo.vpcs.iter().map(|p| p.capacity).collect();
    let s = size(c, &caps, topo.idc.capacity);
    if let Some(why) = &s.reachable_reason {
        out.push(finding(
            Severity::Error,
            "flows-short",
            "test.flows_per_host",
            format!(
                "{} flows ({} per host × {} hosts) cannot reach the contracted {}: {why}. The bandwidth test would stay below the contract whatever the line does.",
                s.flows,
                s.flows_per_host,
                s.hosts,
                si(s.bandwidth_bps, "bit/s")
            ),
            format!(
                "Remove test.flows_per_host (the plan then runs {} flows), or raise it.",
                s.flows_needed.max(s.hosts)
            ),
        ));
    }
    if let Some(cap) = s.hosts_capacity_bps.filter(|cap| *cap < s.bandwidth_bps) {
        out.push(finding(
            Severity::Error,
            "hosts-capacity",
            format!("{} VPC hosts", s.hosts),
            format!(
                "The VPC hosts can move {} in all (their max_bandwidth), less than the contracted {}: the test cannot show the line's bandwidth.",
                si(cap, "bit/s"),
                si(s.bandwidth_bps, "bit/s")
            ),
            "Add VPC hosts or use larger instances until their max_bandwidth adds up to the contract.",
        ));
    }
    if let Some(cap) = s.idc_capacity_bps.filter(|cap| *cap < s.bandwidth_bps) {
        out.push(finding(
            Severity::Error,
            "idc-capacity",
            topo.idc.name.clone(),
            format!(
                "The IDC device {} can move {} (its max_bandwidth), less than the contracted {}: it cannot receive the inbound test or send the outbound one at full rate.",
                topo.idc.name,
                si(cap, "bit/s"),
                si(s.bandwidth_bps, "bit/s")
            ),
            "Use a faster IDC test device.",
        ));
    }
    for n in &s.notes {
        out.push(finding(
            Severity::Info,
            "sizing-note",
            "sizing",
            n.clone(),
            "None needed.",
        ));
    }
    out.push(finding(
        Severity::Info,
        "sizing",
        "sizing",
        format!("{}.", super::sizing_sentence(&s)),
        "None needed; `llreport plan` writes the kit with these figures.",
    ));
}

#[cfg(test)]
mod tests;
