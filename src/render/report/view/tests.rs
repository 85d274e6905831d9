//! View-model tests on small hand-made analyses: per-VPC figures, default sign-off blocks,
//! verdict summaries, charts only where there is data.

use super::*;
use crate::model::analysis::{Analysis, FlowResult, GroupResult, Mode, Verdict};
use crate::model::contract::{Acceptance, CampaignInfo, Host, Link, Network, TestPlan, TrendRules};
use crate::model::units::BitsPerSec;
use crate::model::{Contract, Direction, Protocol, Tool};

fn net(name: &str, cidr: &str) -> Network {
    Network {
        name: name.into(),
        cidrs: vec![cidr.parse().unwrap()],
    }
}

fn contract() -> Contract {
    Contract {
        link: Link {
            name: "l".into(),
            customer: Some("<b>Cust</b>".into()),
            carrier: None,
            bandwidth: BitsPerSec(100e6),
            hash_stream_divisor: 12,
            frame_overhead_bytes: 42,
            timezone: None,
        },
        campaign: CampaignInfo::default(),
        idc: net("IDC", "10.0.1.0/24"),
        vpcs: vec![net("VPC-A", "10.0.2.0/24"), net("VPC-B", "10.0.3.0/24")],
        hosts: vec![Host {
            name: "a1".into(),
            addr: "10.0.2.1".parse().unwrap(),
            max_bandwidth: None,
        }],
        acceptance: Acceptance::default(),
        trend: TrendRules::default(),
        test: TestPlan::default(),
        signoff: Vec::new(),
        netperf_omni_columns: None,
        routes: Vec::new(),
    }
}

fn flow(host: &str, sender: &str, bps: f64) -> FlowResult {
    FlowResult {
        host: host.into(),
        sender_addr: Some(sender.into()),
        sender_port: Some(1000),
        receiver_addr: Some("10.0.1.1".into()),
        receiver_port: Some(5201),
        protocol: Some(Protocol::Udp),
        duration_s: Some(10.0),
        sent_packets: Some(1000),
        received_packets: Some(900),
        loss_percent: Some(10.0),
        received_pps: Some(90.0),
        received_bps: Some(bps),
        steady_bps: None,
        offered_bps: None,
        jitter_ms: None,
        share_of_limit: Some(0.5),
        over_limit: false,
        counted_from: "client".into(),
        evidence: Vec::new(),
    }
}

fn group() -> GroupResult {
    GroupResult {
        id: "inbound/bandwidth/iperf3/udp".into(),
        direction: Some(Direction::Inbound),
        mode: Mode::Bandwidth,
        tool: Tool::Iperf3,
        protocol: Some(Protocol::Udp),
        split_rule: "one test".into(),
        hosts: vec!["a1".into(), "b1".into()],
        runs: 3,
        flows: 3,
        message_size_bytes: Some(1400),
        duration_s: Some(10.0),
        started_at: None,
        ended_at: None,
        sent_packets: Some(3000),
        received_packets: Some(2700),
        loss_percent: Some(10.0),
        sent_pps: Some(300.0),
        received_pps: Some(270.0),
        received_bps: Some(6e6),
        offered_bps: None,
        wire_factor: 1.0,
        offered_wire_bps: None,
        received_wire_bps: None,
        jitter_ms: None,
        transactions_per_s: None,
        throughput: None,
        timeline: Vec::new(),
        sar: None,
        per_flow_limit_bps: Some(100e6 / 12.0),
        reachable_bps: None,
        reachable_reason: None,
        flow_results: vec![
            flow("a1", "10.0.2.1", 1e6),
            flow("a1", "10.0.2.1", 2e6),
            flow("b1", "10.0.3.1", 3e6),
        ],
        warnings: vec!["w".into()],
    }
}

fn analysis() -> Analysis {
    Analysis {
        campaign: "../x".into(),
        link: Some("l".into()),
        contract: None,
        groups: vec![group()],
        criteria: Vec::new(),
        verdict: Verdict::Inconclusive,
        pairings: Vec::new(),
        unassigned: Vec::new(),
        warnings: Vec::new(),
    }
}

fn view(c: Option<&Contract>) -> ReportView {
    let a = analysis();
    build(&ReportInput {
        analysis: &a,
        contract: c,
        kind: None,
        date: Some("2026-01-02"),
        runs: &[],
        sources: &[],
        diagnostics: &[],
    })
}

#[test]
fn several_vpcs_get_a_per_vpc_table() {
    let c = contract();
    let v = view(Some(&c));
    let t = v.results[0].vpcs.as_ref().expect("per-VPC table");
    let vpcs: Vec<&str> = t.rows.iter().map(|r| r[1].text.as_str()).collect();
    assert_eq!(vpcs, ["VPC-A", "VPC-B"]);
    assert_eq!(t.rows[0][2].text, "2");
    assert_eq!(t.rows[0][4].value, Some(3e6));
    assert_eq!(t.rows[0][5].text, "10.000 %");
    let single = Contract {
        vpcs: vec![net("VPC-A", "10.0.0.0/16")],
        ..contract()
    };
    assert!(view(Some(&single)).results[0].vpcs.is_none());
}

#[test]
fn defaults_without_a_contract() {
    let v = view(None);
    let parties: Vec<&str> = v.signoff.iter().map(|s| s.party.as_str()).collect();
    assert_eq!(parties, ["Customer", "Carrier"]);
    assert!(v.signoff.iter().all(|s| s.name.is_empty()));
    assert_eq!(v.verdict.label, "INCONCLUSIVE");
    assert_eq!(v.date.as_deref(), Some("2026-01-02"));
    assert!(v.facts.iter().any(|f| f.label == "Contract"));
    assert_eq!(v.directions.len(), 0);
    assert!(v.setup.hosts.is_empty());
}

#[test]
fn hosts_with_two_flows_are_numbered_in_the_bar_chart() {
    let v = view(Some(&contract()));
    let bars = v
        .charts
        .iter()
        .find_map(|c| match &c.spec {
            crate::render::charts::ChartSpec::Bar(b) if c.title.contains("per flow") => Some(b),
            _ => None,
        })
        .expect("per-flow chart");
    assert_eq!(bars.categories, ["a1", "a1 #2", "b1"]);
    assert_eq!(bars.series[0].values, [Some(1.0), Some(2.0), Some(3.0)]);
    assert!(
        v.charts.iter().all(|c| !c.title.contains("over time")),
        "no timeline, no line chart"
    );
}
