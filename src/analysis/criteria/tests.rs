//! Verdict rules at their edges.

use super::*;
use crate::model::analysis::{FlowResult, SarCheck};

fn contract() -> Contract {
    crate::contract::parse(
        "[link]\nname='l'\nbandwidth='1 Gbit/s'\n[idc]\ncidrs=['192.168.100.0/24']\n[[vpc]]\ncidrs=['172.16.0.0/12']\n[acceptance]\nmax_loss_percent=0.1\nmin_bandwidth_ratio=0.95\n",
    )
    .expect("contract")
}

fn flow(rate: f64, offered: Option<f64>) -> FlowResult {
    FlowResult {
        host: "ecs-1".into(),
        sender_addr: None,
        sender_port: None,
        receiver_addr: None,
        receiver_port: None,
        protocol: Some(Protocol::Udp),
        duration_s: Some(10.0),
        sent_packets: None,
        received_packets: None,
        loss_percent: None,
        received_pps: None,
        received_bps: Some(rate),
        steady_bps: Some(rate),
        offered_bps: offered,
        jitter_ms: None,
        share_of_limit: None,
        over_limit: rate > 1e9 / 12.0 * 1.05,
        counted_from: "client+server".into(),
        evidence: Vec::new(),
    }
}

/// A bandwidth group of `n` flows at `rate` each, offered `offered` each.
fn group(d: Direction, n: u32, rate: f64, offered: f64, loss: f64) -> GroupResult {
    let c = contract();
    let (reachable, why) = crate::analysis::reachable(
        c.link.bandwidth.0,
        c.link.per_flow_limit().0,
        n,
        Some(offered * f64::from(n)),
        Some(Protocol::Udp),
    );
    GroupResult {
        id: format!("{d}/bandwidth/iperf3/udp"),
        direction: Some(d),
        mode: Mode::Bandwidth,
        tool: Tool::Iperf3,
        protocol: Some(Protocol::Udp),
        split_rule: String::new(),
        hosts: vec!["ecs-1".into()],
        runs: n,
        flows: n,
        message_size_bytes: Some(1400),
        duration_s: Some(10.0),
        started_at: None,
        ended_at: None,
        sent_packets: Some(1000),
        received_packets: Some(1000),
        loss_percent: Some(loss),
        sent_pps: None,
        received_pps: Some(1000.0),
        received_bps: Some(rate * f64::from(n)),
        offered_bps: Some(offered * f64::from(n)),
        wire_factor: 1.0,
        offered_wire_bps: Some(offered * f64::from(n)),
        received_wire_bps: Some(rate * f64::from(n)),
        jitter_ms: Some(0.1),
        transactions_per_s: None,
        throughput: None,
        timeline: Vec::new(),
        sar: None,
        per_flow_limit_bps: Some(c.link.per_flow_limit().0),
        reachable_bps: Some(reachable),
        reachable_reason: why,
        flow_results: (0..n).map(|_| flow(rate, Some(offered))).collect(),
        warnings: Vec::new(),
    }
}

fn find<'a>(cs: &'a [Criterion], name: &str, d: Direction) -> &'a Criterion {
    cs.iter()
        .find(|c| c.name == name && c.direction == Some(d))
        .unwrap_or_else(|| panic!("no {name} for {d}: {cs:#?}"))
}

const LIMIT: f64 = 1e9 / 12.0;

#[test]
fn bandwidth_exactly_at_the_threshold_passes_and_just_below_fails() {
    let c = contract();
    // 12 flows offered exactly the per-flow limit: reachable = contract.
    let at = 0.95 * 1e9 / 12.0;
    let groups = [
        group(Direction::Inbound, 12, at, LIMIT, 0.0),
        group(Direction::Outbound, 12, at * 0.999_999, LIMIT, 0.0),
    ];
    let cs = judge(&groups, Some(&c));
    assert_eq!(
        find(&cs, "bandwidth", Direction::Inbound).verdict,
        Verdict::Pass
    );
    assert_eq!(
        find(&cs, "bandwidth", Direction::Outbound).verdict,
        Verdict::Fail
    );
    assert_eq!(
        Verdict::combine(cs.iter().map(|c| &c.verdict)),
        Verdict::Fail
    );
}

#[test]
fn too_few_flows_is_inconclusive_with_the_flows_reason() {
    let c = contract();
    let groups = [
        group(Direction::Inbound, 8, LIMIT, LIMIT, 0.0),
        group(Direction::Outbound, 12, LIMIT, LIMIT, 0.0),
    ];
    let cs = judge(&groups, Some(&c));
    let b = find(&cs, "bandwidth", Direction::Inbound);
    assert_eq!(b.verdict, Verdict::Inconclusive);
    assert!(
        b.reason
            .contains("8 flows × 83.3 Mbit/s = 667 Mbit/s < 1.00 Gbit/s: run at least 12 flows"),
        "{}",
        b.reason
    );
}

#[test]
fn loss_at_the_threshold_passes_above_fails_and_policing_is_not_the_lines_fault() {
    let c = contract();
    let cs = judge(
        &[
            group(Direction::Inbound, 12, LIMIT, LIMIT, 0.1),
            group(Direction::Outbound, 12, LIMIT, LIMIT, 0.100_001),
        ],
        Some(&c),
    );
    assert_eq!(find(&cs, "loss", Direction::Inbound).verdict, Verdict::Pass);
    assert_eq!(
        find(&cs, "loss", Direction::Outbound).verdict,
        Verdict::Fail
    );
    // Offered 30 % above the per-flow limit: the loss is the policer's.
    let cs = judge(
        &[group(Direction::Inbound, 12, LIMIT, LIMIT * 1.3, 23.0)],
        Some(&c),
    );
    let l = find(&cs, "loss", Direction::Inbound);
    assert_eq!(l.verdict, Verdict::Inconclusive);
    assert!(
        l.reason.contains("above the per-flow limit"),
        "{}",
        l.reason
    );
}

#[test]
fn a_missing_direction_is_inconclusive() {
    let c = contract();
    let cs = judge(
        &[group(Direction::Inbound, 12, LIMIT, LIMIT, 0.0)],
        Some(&c),
    );
    let out = find(&cs, "bandwidth", Direction::Outbound);
    assert_eq!(out.verdict, Verdict::Inconclusive);
    assert!(out.reason.contains("no bandwidth test"), "{}", out.reason);
    assert_eq!(
        Verdict::combine(cs.iter().map(|c| &c.verdict)),
        Verdict::Inconclusive
    );
}

#[test]
fn no_groups_at_all_is_inconclusive_in_both_directions() {
    let c = contract();
    let cs = judge(&[], Some(&c));
    assert_eq!(cs.len(), 2);
    assert!(cs.iter().all(|c| c.verdict == Verdict::Inconclusive));
}

#[test]
fn a_flow_above_the_per_flow_limit_is_flagged() {
    let c = contract();
    let mut g = group(Direction::Inbound, 12, LIMIT, LIMIT, 0.0);
    if let Some(f) = g.flow_results.first_mut() {
        f.steady_bps = Some(LIMIT * 1.2);
        f.over_limit = true;
    }
    let cs = judge(&[g], Some(&c));
    let p = find(&cs, "per_flow_limit", Direction::Inbound);
    assert_eq!(p.verdict, Verdict::Inconclusive);
    assert!(
        p.reason.contains("did not cross the line under test"),
        "{}",
        p.reason
    );
}

#[test]
fn sar_missing_is_reported_not_judged_and_sar_is_used_where_present() {
    let c = contract();
    let mut g = group(Direction::Inbound, 12, LIMIT, LIMIT, 0.0);
    let cs = judge(std::slice::from_ref(&g), Some(&c));
    let s = find(&cs, "sar_agreement", Direction::Inbound);
    assert_eq!(s.verdict, Verdict::Info);
    assert!(
        find(&cs, "bandwidth", Direction::Inbound)
            .measured_text
            .contains("(tools)")
    );
    g.sar = Some(SarCheck {
        interfaces: vec!["idc:eth0".into()],
        sources: Vec::new(),
        window_rule: String::new(),
        window_start: None,
        window_end: None,
        rows: 10,
        received_packets: 10_000.0,
        received_pps: 1050.0,
        received_bps: 0.9e9,
        mean_rxpck_per_s: 1050.0,
        vs_tool_percent: Some(5.0),
        series: Vec::new(),
    });
    let cs = judge(std::slice::from_ref(&g), Some(&c));
    // Exactly at the allowed difference passes.
    assert_eq!(
        find(&cs, "sar_agreement", Direction::Inbound).verdict,
        Verdict::Pass
    );
    let b = find(&cs, "bandwidth", Direction::Inbound);
    assert!(b.measured_text.contains("(sar)"), "{}", b.measured_text);
    assert_eq!(b.verdict, Verdict::Fail, "sar saw 900 Mbit/s < 950 Mbit/s");
    if let Some(s) = g.sar.as_mut() {
        s.vs_tool_percent = Some(5.01);
    }
    let cs = judge(std::slice::from_ref(&g), Some(&c));
    assert_eq!(
        find(&cs, "sar_agreement", Direction::Inbound).verdict,
        Verdict::Inconclusive
    );
}

#[test]
fn without_a_contract_there_is_one_inconclusive_criterion() {
    let cs = judge(&[group(Direction::Inbound, 12, LIMIT, LIMIT, 0.0)], None);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].verdict, Verdict::Inconclusive);
    assert!(cs[0].reason.contains("no contract"));
}

#[test]
fn info_does_not_change_the_verdict() {
    assert_eq!(
        Verdict::combine(&[Verdict::Pass, Verdict::Info]),
        Verdict::Pass
    );
    assert_eq!(
        Verdict::combine(&[Verdict::Info, Verdict::Inconclusive]),
        Verdict::Inconclusive
    );
    assert_eq!(
        Verdict::combine(&[Verdict::Fail, Verdict::Inconclusive]),
        Verdict::Fail
    );
}

#[test]
fn a_test_that_can_carry_the_required_share_is_conclusive() {
    let c = contract();
    // Offered 97 % of the contract on the line: short of the contract, above 95 % of it.
    let mut g = group(Direction::Inbound, 12, LIMIT * 0.97, LIMIT * 0.97, 0.0);
    let (r, why) = crate::analysis::reachable(1e9, LIMIT, 12, Some(0.97e9), Some(Protocol::Udp));
    g.reachable_bps = Some(r);
    g.reachable_reason = why;
    let cs = judge(&[g], Some(&c));
    let b = find(&cs, "bandwidth", Direction::Inbound);
    assert_eq!(b.verdict, Verdict::Pass, "{}", b.reason);
}

#[test]
fn frame_overhead_counts_against_the_per_flow_limit() {
    let c = contract();
    // 1400-byte datagrams offered at exactly the limit in payload: 3 % more on the line.
    let mut g = group(Direction::Inbound, 12, LIMIT * 0.9, LIMIT, 0.5);
    g.wire_factor = c.link.wire_factor(Some(1400));
    assert!((g.wire_factor - 1442.0 / 1400.0).abs() < 1e-12);
    let cs = judge(&[g], Some(&c));
    let l = find(&cs, "loss", Direction::Inbound);
    assert_eq!(l.verdict, Verdict::Inconclusive, "{}", l.reason);
    assert!(
        l.reason.contains("on the line, above the per-flow limit"),
        "{}",
        l.reason
    );
}
