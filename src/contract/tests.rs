//! Contract file tests: the documented form, defaults, and messages for bad values.

use super::*;
use crate::model::contract::{CampaignKind, Side, VerdictSource};

const ISSUE_FORM: &str = r#"
[link]
name = "bj-idc-vpc"            # campaigns of the same link are compared over time
customer = "Example Corp"
carrier = "Example Carrier"
bandwidth = "1 Gbit/s"         # also 1Gbps, 500M, 100 Mbit/s; stored as bit/s
hash_stream_divisor = 12       # per-flow (5-tuple) limit = bandwidth / 12
timezone = "UTC"               # for sar text, which has none

[campaign]
name = "2026-11 acceptance"
date = "2026-11-28"
kind = "acceptance"            # acceptance | retest | revalidation

[idc]
cidrs = ["192.168.100.0/24"]

[[vpc]]                        # one or more: a leased line can serve several VPCs
name = "VPC-A"
cidrs = ["172.16.0.0/12"]

[[host]]                       # optional: names for addresses (plan and report use them)
name = "ecs-1"
addr = "172.16.0.2"

[acceptance]
min_bandwidth_ratio = 0.95     # of the reachable bandwidth
max_loss_percent = 0.1         # bandwidth tests
min_pps = 0                    # per direction; 0 = report only
max_jitter_ms = 0              # 0 = report only
max_sar_difference_percent = 5
verdict_source = "sar"         # sar | tool: which figures the verdict uses
"#;

#[test]
fn the_documented_form_reads() {
    let c = parse(ISSUE_FORM).expect("parse");
    assert_eq!(c.link.bandwidth.0, 1e9);
    assert!((c.link.per_flow_limit().0 - 83_333_333.33).abs() < 1.0);
    assert_eq!(c.campaign.kind, Some(CampaignKind::Acceptance));
    assert_eq!(
        c.campaign.date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-28")
    );
    assert_eq!(c.acceptance.verdict_source, VerdictSource::Sar);
    let a: std::net::IpAddr = "172.16.0.2".parse().expect("ip");
    assert_eq!(c.side_of(&a), Some((Side::Vpc, "VPC-A")));
    assert_eq!(c.host_name(&a), Some("ecs-1"));
    let i: std::net::IpAddr = "192.168.100.1".parse().expect("ip");
    assert_eq!(c.side_of(&i).map(|s| s.0), Some(Side::Idc));
    assert_eq!(c.side_of(&"8.8.8.8".parse().expect("ip")), None);
}

#[test]
fn the_template_reads_and_says_what_the_defaults_are() {
    let c = parse(TEMPLATE).expect("template");
    let d = parse(ISSUE_FORM).expect("issue form");
    assert_eq!(c.acceptance, d.acceptance);
    assert_eq!(c.trend, crate::model::contract::TrendRules::default());
    assert_eq!(c.test, crate::model::contract::TestPlan::default());
    assert_eq!(c.signoff.len(), 2);
}

#[test]
fn bad_values_name_the_key_and_what_is_accepted() {
    let cases = [
        (
            "bandwidth = \"1 Gbit/s\"",
            "bandwidth = \"fast\"",
            "link.bandwidth",
        ),
        (
            "bandwidth = \"1 Gbit/s\"",
            "bandwidth = \"100 MB/s\"",
            "bits",
        ),
        (
            "hash_stream_divisor = 12",
            "hash_stream_divisor = 0",
            "link.hash_stream_divisor",
        ),
        ("timezone = \"UTC\"", "timezone = \"Mars\"", "link.timezone"),
        (
            "kind = \"acceptance\"",
            "kind = \"final\"",
            "acceptance\", \"retest\"",
        ),
        (
            "date = \"2026-11-28\"",
            "date = \"28.11.2026\"",
            "campaign.date",
        ),
        (
            "cidrs = [\"192.168.100.0/24\"]",
            "cidrs = [\"192.168.300.0/24\"]",
            "idc.cidrs",
        ),
        ("addr = \"172.16.0.2\"", "addr = \"ecs\"", "host[0].addr"),
        (
            "min_bandwidth_ratio = 0.95",
            "min_bandwidth_ratio = 1.5",
            "from 0 to 1",
        ),
        (
            "verdict_source = \"sar\"",
            "verdict_source = \"both\"",
            "\"sar\" or \"tool\"",
        ),
        ("min_pps = 0", "min_ppz = 0", "unknown field `min_ppz`"),
    ];
    for (from, to, expect) in cases {
        let text = ISSUE_FORM.replacen(from, to, 1);
        assert_ne!(text, ISSUE_FORM, "{from}");
        let e = parse(&text).expect_err(to);
        assert!(e.contains(expect), "{to}: {e}");
    }
}

#[test]
fn rates_in_other_forms() {
    for (bw, bps) in [
        ("\"1Gbps\"", 1e9),
        ("\"500M\"", 5e8),
        ("\"100 Mbit/s\"", 1e8),
        ("200000000", 2e8),
    ] {
        let text = ISSUE_FORM.replacen("\"1 Gbit/s\"", bw, 1);
        assert_eq!(parse(&text).expect(bw).link.bandwidth.0, bps);
    }
}

#[test]
fn the_templates_commented_keys_read_when_uncommented() {
    let open: String = TEMPLATE
        .lines()
        .map(|l| {
            let t = l.trim_start();
            let is_key = t.starts_with("# max_bandwidth")
                || t.starts_with("# flows_per_host")
                || t.starts_with("# [[route]]")
                || t.starts_with("# at =")
                || t.starts_with("# cidr =")
                || t.starts_with("# next_hop =");
            if is_key {
                t.trim_start_matches("# ").to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let c = parse(&open).expect("uncommented template");
    assert_eq!(c.test.flows_per_host, Some(3));
    assert_eq!(c.hosts[1].max_bandwidth.map(|b| b.0), Some(1e9));
    assert_eq!(c.routes.len(), 3);
    use crate::model::contract::{NextHop, RouteAt};
    assert_eq!(c.routes[0].at, RouteAt::Vbr);
    assert_eq!(c.routes[0].cidr.to_string(), "100.64.0.0/11");
    assert_eq!(c.routes[2].next_hop, NextHop::Cloud);
    assert_eq!(c.routes[2].at, RouteAt::Idc);
}

#[test]
fn route_and_sizing_keys_name_the_key_when_bad() {
    let base = format!(
        "{ISSUE_FORM}\n[[route]]\nat = \"vbr\"\ncidr = \"100.64.0.0/11\"\nnext_hop = \"vpc\"\n"
    );
    let c = parse(&base).expect("route form");
    assert_eq!(c.routes.len(), 1);
    let with_addr = base.replace("next_hop = \"vpc\"", "next_hop = \"10.100.0.1\"");
    assert_eq!(
        parse(&with_addr).expect("address hop").routes[0].next_hop,
        crate::model::contract::NextHop::Address("10.100.0.1".parse().expect("ip"))
    );
    for (from, to, expect) in [
        ("at = \"vbr\"", "at = \"router\"", "route[0].at"),
        (
            "cidr = \"100.64.0.0/11\"",
            "cidr = \"100.64/11\"",
            "route[0].cidr",
        ),
        (
            "next_hop = \"vpc\"",
            "next_hop = \"there\"",
            "route[0].next_hop",
        ),
        (
            "addr = \"172.16.0.2\"",
            "addr = \"172.16.0.2\"\nmax_bandwidth = \"fast\"",
            "host[0].max_bandwidth",
        ),
    ] {
        let e = parse(&base.replacen(from, to, 1)).expect_err(to);
        assert!(e.contains(expect), "{to}: {e}");
    }
    let e = parse(&format!("{ISSUE_FORM}\n[test]\nflows_per_host = 0\n")).expect_err("zero flows");
    assert!(e.contains("test.flows_per_host"), "{e}");
}
