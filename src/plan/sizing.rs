//! How big the test must be: enough flows to reach the contract through the hash-stream
//! limit (bandwidth / divisor per 5-tuple), spread evenly over the VPC hosts, and the rate
//! each flow is offered. Rates on the line count frames, like the contract and the per-flow
//! limit; iperf3's `-b` counts payload, so it is the line rate divided by the contract's
//! wire factor ((payload + frame overhead) / payload). The reachable rate comes from
//! [`crate::analysis::reachable`], so the plan and the analysis agree on what a test can
//! show.

use super::layout::Mode;
use crate::analysis::reachable;
use crate::model::units::si;
use crate::model::{Contract, Protocol};
use serde::Serialize;

/// Offered rates are rounded to whole kbit/s.
const RATE_STEP: f64 = 1000.0;
/// More flows than this per host get a note about the hosts' CPUs.
const MANY_PER_HOST: u32 = 8;

/// What iperf3 offers in one mode.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Offer {
    /// Datagram payload (`-l`).
    pub payload_bytes: u32,
    /// iperf3 `-b` of every flow: payload bit/s, rounded to whole kbit/s.
    pub rate_bps: u64,
    /// That on the line (frames), per flow.
    pub wire_bps_per_flow: f64,
    pub pps_per_flow: f64,
    /// On the line, all flows together.
    pub wire_bps: f64,
}

/// The sizing of a test campaign.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sizing {
    pub bandwidth_bps: f64,
    pub divisor: u32,
    pub per_flow_limit_bps: f64,
    pub flow_margin: f64,
    /// ⌈divisor × margin⌉: the fewest flows that reach the contract with the margin.
    pub flows_needed: u32,
    pub hosts: u32,
    pub flows_per_host: u32,
    /// Whether `test.flows_per_host` set the flows per host.
    pub flows_per_host_from_contract: bool,
    /// flows_per_host × hosts.
    pub flows: u32,
    /// What iperf3 offers in the pps tests.
    pub pps: Offer,
    /// What iperf3 offers in the bandwidth tests.
    pub bandwidth: Offer,
    /// What the test can show: min(contract, flows × limit, offered).
    pub reachable_bps: f64,
    /// Why that is below the contract, when it is.
    pub reachable_reason: Option<String>,
    /// Sum of the VPC hosts' `max_bandwidth`, when every host states one.
    pub hosts_capacity_bps: Option<f64>,
    /// The IDC device's `max_bandwidth`, when stated.
    pub idc_capacity_bps: Option<f64>,
    /// Problems in words; the test cannot reach the contract when any is given.
    pub warnings: Vec<String>,
    /// Remarks that do not stop the test from reaching the contract.
    pub notes: Vec<String>,
}

impl Sizing {
    pub fn offer(&self, mode: Mode) -> &Offer {
        match mode {
            Mode::Pps => &self.pps,
            Mode::Bandwidth => &self.bandwidth,
        }
    }

    /// Whether the planned test can reach the contract.
    pub fn reaches_contract(&self) -> bool {
        self.warnings.is_empty()
    }
}

/// ⌈x⌉ for a positive ratio computed in floating point (12 × 1.5 is 18, not 19).
fn ceil(x: f64) -> u32 {
    let c = (x - 1e-9).ceil();
    if c < 1.0 {
        1
    } else {
        c.min(f64::from(u32::MAX)) as u32
    }
}

/// Sizes the test for `hosts` VPC hosts with the stated capacities (`None` where a host
/// states none) and the IDC device's capacity.
pub fn size(c: &Contract, host_capacity: &[Option<f64>], idc_capacity: Option<f64>) -> Sizing {
    let bandwidth = c.link.bandwidth.0;
    let divisor = c.link.hash_stream_divisor.max(1);
    let limit = c.link.per_flow_limit().0;
    let margin = c.test.flow_margin;
    let hosts = u32::try_from(host_capacity.len()).unwrap_or(u32::MAX);
    let needed = ceil(f64::from(divisor) * margin);
    let per_host = match c.test.flows_per_host {
        Some(k) => k.max(1),
        None if hosts == 0 => needed,
        None => ceil(f64::from(needed) / f64::from(hosts)),
    };
    let flows = per_host.saturating_mul(hosts.max(1));
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    // Each flow carries an even share of the contract on the line, at most the limit.
    let share = bandwidth / f64::from(flows);
    let clamped = share > limit;
    let offer = |mode: Mode| {
        let len = mode.iperf3_len();
        let wf = c.link.wire_factor(Some(u64::from(len)));
        let payload = share.min(limit) / wf;
        let rate = if clamped {
            (payload / RATE_STEP).floor() * RATE_STEP
        } else {
            (payload / RATE_STEP).ceil() * RATE_STEP
        };
        Offer {
            payload_bytes: len,
            rate_bps: rate as u64,
            wire_bps_per_flow: rate * wf,
            pps_per_flow: rate / (f64::from(len) * 8.0),
            wire_bps: rate * wf * f64::from(flows),
        }
    };
    let (pps, bw) = (offer(Mode::Pps), offer(Mode::Bandwidth));
    // A rate held at the per-flow limit is bound by the flows, not by what is offered.
    let (reachable_bps, reachable_reason) = reachable(
        bandwidth,
        limit,
        flows,
        (!clamped).then_some(bw.wire_bps),
        Some(Protocol::Udp),
    );
    if let Some(why) = &reachable_reason {
        warnings.push(format!(
            "{flows} flow{} cannot reach the contracted {}: {why}{}",
            if flows == 1 { "" } else { "s" },
            si(bandwidth, "bit/s"),
            if c.test.flows_per_host.is_some() {
                " (raise or remove test.flows_per_host)"
            } else {
                ""
            }
        ));
    } else if flows < needed {
        notes.push(format!(
            "{flows} flows reach the contract with no margin: the sizing rule asks for {needed} ({divisor} × {margin})"
        ));
    }
    let hosts_capacity_bps =
        if !host_capacity.is_empty() && host_capacity.iter().all(Option::is_some) {
            Some(host_capacity.iter().flatten().sum::<f64>())
        } else {
            None
        };
    if let Some(cap) = hosts_capacity_bps.filter(|cap| *cap < bandwidth) {
        warnings.push(format!(
            "the {hosts} VPC host{} can move {} in all (their max_bandwidth), less than the contracted {}: add hosts or use larger ones",
            if hosts == 1 { "" } else { "s" },
            si(cap, "bit/s"),
            si(bandwidth, "bit/s")
        ));
    }
    if let Some(cap) = idc_capacity.filter(|cap| *cap < bandwidth) {
        warnings.push(format!(
            "the IDC device can move {} (its max_bandwidth), less than the contracted {}: it cannot receive the inbound test or send the outbound one",
            si(cap, "bit/s"),
            si(bandwidth, "bit/s")
        ));
    }
    if per_host > MANY_PER_HOST {
        notes.push(format!(
            "each VPC host carries {per_host} flows: pps tests are CPU-bound, so more hosts give truer figures than more flows per host"
        ));
    }
    Sizing {
        bandwidth_bps: bandwidth,
        divisor,
        per_flow_limit_bps: limit,
        flow_margin: margin,
        flows_needed: needed,
        hosts,
        flows_per_host: per_host,
        flows_per_host_from_contract: c.test.flows_per_host.is_some(),
        flows,
        pps,
        bandwidth: bw,
        reachable_bps,
        reachable_reason,
        hosts_capacity_bps,
        idc_capacity_bps: idc_capacity,
        warnings,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(extra: &str) -> Contract {
        crate::contract::parse(&format!(
            "[link]\nname='l'\nbandwidth='1 Gbit/s'\n[idc]\ncidrs=['192.168.100.0/24']\n[[vpc]]\ncidrs=['172.16.0.0/12']\n{extra}"
        ))
        .expect("contract")
    }

    #[test]
    fn the_methodology_setup_needs_three_flows_per_host() {
        let s = size(&contract(""), &[None; 8], None);
        assert_eq!(s.flows_needed, 18);
        assert_eq!(s.flows_per_host, 3);
        assert_eq!(s.flows, 24);
        // 1e9 / 24 on the line; payload is 1400 / 1442 of it, 16 / 58 for pps.
        assert_eq!(s.bandwidth.rate_bps, 40_454_000);
        assert_eq!(s.pps.rate_bps, 11_495_000);
        for o in [&s.bandwidth, &s.pps] {
            assert!(o.wire_bps >= 1e9 && o.wire_bps < 1.001e9, "{o:?}");
            assert!(o.wire_bps_per_flow <= s.per_flow_limit_bps, "{o:?}");
        }
        assert!(
            (s.pps.pps_per_flow - 89_804.7).abs() < 0.1,
            "{}",
            s.pps.pps_per_flow
        );
        assert_eq!(s.reachable_bps, 1e9);
        assert!(s.reaches_contract(), "{:?}", s.warnings);
    }

    #[test]
    fn one_flow_per_host_as_the_methodology_runs_it_cannot_reach_the_contract() {
        let s = size(&contract("[test]\nflows_per_host = 1\n"), &[None; 8], None);
        assert_eq!(s.flows, 8);
        assert_eq!(s.bandwidth.rate_bps, 80_906_000);
        assert!(s.bandwidth.wire_bps_per_flow <= s.per_flow_limit_bps);
        assert!(
            (s.reachable_bps - 666_666_666.7).abs() < 1.0,
            "{}",
            s.reachable_bps
        );
        assert!(!s.reaches_contract());
        assert!(
            s.warnings[0].contains("run at least 12 flows"),
            "{:?}",
            s.warnings
        );
    }

    #[test]
    fn few_hosts_carry_many_flows_each() {
        let s = size(&contract(""), &[None; 1], None);
        assert_eq!((s.flows_per_host, s.flows), (18, 18));
        assert!(s.reaches_contract());
        assert!(s.notes.iter().any(|n| n.contains("CPU-bound")));
        let s = size(&contract(""), &[None; 20], None);
        assert_eq!((s.flows_per_host, s.flows), (1, 20));
        assert_eq!(s.bandwidth.rate_bps, 48_544_000);
    }

    #[test]
    fn host_capacities_below_the_contract_are_warned_about() {
        let s = size(&contract(""), &[Some(2e8); 4], Some(1e10));
        assert_eq!(s.hosts_capacity_bps, Some(8e8));
        assert!(!s.reaches_contract());
        assert!(s.warnings[0].contains("max_bandwidth"), "{:?}", s.warnings);
        let s = size(&contract(""), &[Some(2e8), None], Some(5e8));
        assert_eq!(s.hosts_capacity_bps, None);
        assert!(s.warnings.iter().any(|w| w.contains("IDC device")));
    }
}
