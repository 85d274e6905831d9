//! Before the test: `llreport plan` sizes an acceptance test from the contract and writes a
//! kit of POSIX shell scripts (servers, sar, clients per host and test) whose results
//! folder `llreport ingest` reads without flags; `llreport check` lints the topology the
//! contract declares. This module builds the kit in memory and the findings; writing files
//! and printing stay in `cmd`.

pub mod check;
pub mod layout;
mod readme;
mod scripts;
pub mod shell;
pub mod sizing;

pub use check::{Finding, Severity, check};
pub use sizing::{Sizing, size};

use crate::model::Contract;
use crate::model::units::si;
use std::net::IpAddr;

/// A contract the kit cannot be written for.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "no host on the IDC side: add a [[host]] whose addr is in [idc] cidrs (the device that receives the inbound test and sends the outbound one)"
    )]
    NoIdcHost,
    #[error(
        "no host on a VPC side: add [[host]] entries whose addr is in a [[vpc]]'s cidrs (the instances that send the inbound test and receive the outbound one)"
    )]
    NoVpcHost,
    #[error(
        "host {host} ({addr}) is in no declared side: add its range to [idc] or a [[vpc]] cidrs, or correct its addr"
    )]
    OutsideSides { host: String, addr: IpAddr },
    #[error("hosts {a} and {b} have the same address {addr}: give each host its own")]
    DuplicateAddress { a: String, b: String, addr: IpAddr },
    #[error(
        "hosts {a} and {b} would both write files named after \"{file}\": rename one (names keep letters, digits, '.', '_' and '-')"
    )]
    NameClash { a: String, b: String, file: String },
    #[error(
        "{key} = \"{value}\" is not an interface name: give the name `ip link` shows, such as eth0"
    )]
    BadInterface { key: &'static str, value: String },
    #[error("{key} = {base} needs ports up to {last}, past 65535: choose a lower base port")]
    PortRange {
        key: &'static str,
        base: u16,
        last: usize,
    },
    #[error("test.tools names no tool the kit can run (netperf, iperf3)")]
    NoTools,
}

/// Choices of the kit beyond the contract.
#[derive(Clone, Debug, Default)]
pub struct KitOptions {
    /// iperf3 writes JSON (`-J`) instead of text with `--timestamps`.
    pub iperf3_json: bool,
}

/// One file of the kit.
#[derive(Clone, Debug, PartialEq)]
pub struct KitFile {
    /// Relative to the kit's folder, `/`-separated, made only of safe name parts.
    pub path: String,
    pub content: String,
    pub executable: bool,
}

/// The kit: its files, the sizing and the hosts.
#[derive(Clone, Debug)]
pub struct Kit {
    pub files: Vec<KitFile>,
    pub sizing: Sizing,
    pub topology: layout::Topology,
    /// The tests in the order they run (`inbound/pps/netperf`, ...).
    pub tests: Vec<String>,
}

/// Builds the kit for `contract`; `contract_text` is copied to `results/llreport.toml`.
pub fn kit(contract: &Contract, contract_text: &str, opts: &KitOptions) -> Result<Kit, PlanError> {
    for (key, value) in [
        ("test.idc_interface", &contract.test.idc_interface),
        ("test.vpc_interface", &contract.test.vpc_interface),
    ] {
        if !shell::valid_interface(value) {
            return Err(PlanError::BadInterface {
                key,
                value: value.clone(),
            });
        }
    }
    if layout::tools(contract).is_empty() {
        return Err(PlanError::NoTools);
    }
    let topo = layout::topology(contract)?;
    let capacities: Vec<Option<f64>> = topo.vpcs.iter().map(|p| p.capacity).collect();
    let sizing = size(contract, &capacities, topo.idc.capacity);
    let tests = layout::tests(contract, &topo, &sizing, opts.iperf3_json)?;
    let mut files = vec![
        KitFile {
            path: "README.md".into(),
            content: readme::readme(contract, &topo, &sizing, &tests),
            executable: false,
        },
        KitFile {
            path: "lib.sh".into(),
            content: scripts::lib(contract, &tests),
            executable: false,
        },
    ];
    for (h, peer) in topo.all() {
        for (step, content) in scripts::host(contract, &topo, h, &tests) {
            files.push(KitFile {
                path: format!("hosts/{}/{step}.sh", peer.file),
                content,
                executable: true,
            });
        }
    }
    files.push(KitFile {
        path: format!("results/{}", crate::contract::FILE_NAME),
        content: contract_text.to_string(),
        executable: false,
    });
    Ok(Kit {
        files,
        sizing,
        topology: topo,
        tests: tests.iter().map(|t| t.id.path()).collect(),
    })
}

/// The sizing in one sentence.
pub fn sizing_sentence(s: &Sizing) -> String {
    format!(
        "{} flow{} per direction ({} per VPC host × {} host{}; at most {} per flow, so at least {} with margin {}); iperf3 offers each flow {} on the line (-b {} of {}-byte payload, {} of {}-byte for pps): {} in all, reaching {} of {}",
        s.flows,
        if s.flows == 1 { "" } else { "s" },
        s.flows_per_host,
        s.hosts,
        if s.hosts == 1 { "" } else { "s" },
        si(s.per_flow_limit_bps, "bit/s"),
        s.flows_needed,
        s.flow_margin,
        si(s.bandwidth.wire_bps_per_flow, "bit/s"),
        s.bandwidth.rate_bps,
        s.bandwidth.payload_bytes,
        s.pps.rate_bps,
        s.pps.payload_bytes,
        si(s.bandwidth.wire_bps, "bit/s"),
        si(s.reachable_bps, "bit/s"),
        si(s.bandwidth_bps, "bit/s"),
    )
}

#[cfg(test)]
mod tests;
