//! One test per finding: a contract with the mistake, and the finding it gets.

use super::*;

const BASE: &str = r#"
[link]
name = "l"
bandwidth = "1 Gbit/s"
timezone = "UTC"
[idc]
name = "IDC"
cidrs = ["192.168.100.0/24"]
[[vpc]]
name = "VPC-A"
cidrs = ["172.16.0.0/16"]
[[host]]
name = "idc"
addr = "192.168.100.1"
[[host]]
name = "ecs1"
addr = "172.16.0.2"
[[host]]
name = "ecs2"
addr = "172.16.0.3"
"#;

const CLOUD_ROUTES: &str = r#"
[[route]]
at = "vbr"
cidr = "100.64.0.0/11"
next_hop = "vpc"
[[route]]
at = "vbr"
cidr = "100.96.0.0/11"
next_hop = "vpc"
[[route]]
at = "vbr"
cidr = "192.168.100.0/24"
next_hop = "idc"
[[route]]
at = "vbr"
cidr = "172.16.0.0/12"
next_hop = "vpc"
[[route]]
at = "idc"
cidr = "100.64.0.0/10"
next_hop = "cloud"
[[route]]
at = "idc"
cidr = "172.16.0.0/12"
next_hop = "10.100.0.1"
"#;

fn findings(text: &str) -> Vec<Finding> {
    check(&crate::contract::parse(text).expect("contract"))
}

fn codes(f: &[Finding], s: Severity) -> Vec<&'static str> {
    f.iter()
        .filter(|x| x.severity == s)
        .map(|x| x.code)
        .collect()
}

/// The one finding with `code`; it must have a message and a fix.
fn one<'f>(f: &'f [Finding], code: &str) -> &'f Finding {
    let hits: Vec<&Finding> = f.iter().filter(|x| x.code == code).collect();
    assert_eq!(hits.len(), 1, "{code}: {f:#?}");
    let h = hits[0];
    assert!(h.message.ends_with('.') && h.fix.ends_with('.'), "{h:?}");
    h
}

#[test]
fn a_sound_contract_has_only_notes() {
    let f = findings(&format!("{BASE}{CLOUD_ROUTES}"));
    assert!(codes(&f, Severity::Error).is_empty(), "{f:#?}");
    assert!(codes(&f, Severity::Warning).is_empty(), "{f:#?}");
    assert!(
        one(&f, "sizing")
            .message
            .starts_with("18 flows per direction (9 per VPC host × 2 hosts")
    );
}

#[test]
fn overlapping_sides() {
    let f = findings(&BASE.replace(
        "cidrs = [\"172.16.0.0/16\"]",
        "cidrs = [\"192.168.0.0/16\"]",
    ));
    let o = one(&f, "overlap-sides");
    assert_eq!(o.severity, Severity::Error);
    assert!(o.subject.contains("192.168.100.0/24") && o.subject.contains("192.168.0.0/16"));
}

#[test]
fn overlapping_vpcs() {
    let f = findings(&format!(
        "{BASE}[[vpc]]\nname = \"VPC-B\"\ncidrs = [\"172.16.128.0/17\"]\n"
    ));
    let o = one(&f, "overlap-vpcs");
    assert_eq!(o.severity, Severity::Error);
    assert!(
        o.message
            .contains("VPC-A 172.16.0.0/16 and VPC-B 172.16.128.0/17")
    );
}

#[test]
fn more_than_five_vpcs_on_one_line() {
    let mut text = BASE.to_string();
    for i in 1..=5 {
        text.push_str(&format!(
            "[[vpc]]\nname = \"V{i}\"\ncidrs = [\"10.{i}.0.0/16\"]\n"
        ));
    }
    let f = findings(&text);
    let q = one(&f, "vpc-quota");
    assert_eq!(q.severity, Severity::Warning);
    assert!(q.fix.contains("ticket"));
    assert!(
        !findings(&text.replace("[[vpc]]\nname = \"V5\"\ncidrs = [\"10.5.0.0/16\"]\n", ""))
            .iter()
            .any(|x| x.code == "vpc-quota")
    );
}

#[test]
fn the_cloud_range_routed_as_a_10_on_the_vbr() {
    let routes = CLOUD_ROUTES.replacen("100.64.0.0/11", "100.64.0.0/10", 1);
    let f = findings(&format!("{BASE}{routes}"));
    assert_eq!(one(&f, "vbr-cloud-10").severity, Severity::Error);
    let m = one(&f, "vbr-cloud-missing");
    assert_eq!(m.severity, Severity::Warning);
    assert_eq!(m.subject, "vbr 100.64.0.0/11");
}

#[test]
fn the_cloud_range_missing_on_the_vbr() {
    let routes = CLOUD_ROUTES.replacen("cidr = \"100.96.0.0/11\"", "cidr = \"10.9.0.0/16\"", 1);
    let f = findings(&format!("{BASE}{routes}"));
    assert_eq!(one(&f, "vbr-cloud-missing").subject, "vbr 100.96.0.0/11");
}

#[test]
fn the_cloud_range_pointing_the_wrong_way_on_the_vbr() {
    let routes = CLOUD_ROUTES.replacen(
        "cidr = \"100.96.0.0/11\"\nnext_hop = \"vpc\"",
        "cidr = \"100.96.0.0/11\"\nnext_hop = \"idc\"",
        1,
    );
    let f = findings(&format!("{BASE}{routes}"));
    let w = one(&f, "vbr-cloud-next-hop");
    assert_eq!(w.severity, Severity::Error);
    assert!(w.message.contains("to idc"));
}

#[test]
fn the_idc_static_route_for_the_cloud_range() {
    let missing = CLOUD_ROUTES.replace("cidr = \"100.64.0.0/10\"", "cidr = \"10.8.0.0/16\"");
    let f = findings(&format!("{BASE}{missing}"));
    assert_eq!(one(&f, "idc-cloud-missing").severity, Severity::Warning);
    let wrong = CLOUD_ROUTES.replace(
        "cidr = \"100.64.0.0/10\"\nnext_hop = \"cloud\"",
        "cidr = \"100.64.0.0/10\"\nnext_hop = \"idc\"",
    );
    let f = findings(&format!("{BASE}{wrong}"));
    assert_eq!(one(&f, "idc-cloud-next-hop").severity, Severity::Error);
    // Two /11s on the IDC device cover the range as well as one /10.
    let split = CLOUD_ROUTES.replace(
        "cidr = \"100.64.0.0/10\"\nnext_hop = \"cloud\"",
        "cidr = \"100.64.0.0/11\"\nnext_hop = \"cloud\"\n[[route]]\nat = \"idc\"\ncidr = \"100.96.0.0/11\"\nnext_hop = \"10.100.0.1\"",
    );
    let f = findings(&format!("{BASE}{split}"));
    assert!(
        codes(&f, Severity::Error).is_empty() && codes(&f, Severity::Warning).is_empty(),
        "{f:#?}"
    );
}

#[test]
fn routes_between_the_sides_pointing_the_wrong_way() {
    let wrong = CLOUD_ROUTES.replace(
        "cidr = \"192.168.100.0/24\"\nnext_hop = \"idc\"",
        "cidr = \"192.168.100.0/24\"\nnext_hop = \"vpc\"",
    );
    let f = findings(&format!("{BASE}{wrong}"));
    assert_eq!(one(&f, "route-wrong-way").subject, "vbr 192.168.100.0/24");
    let missing = CLOUD_ROUTES.replace(
        "cidr = \"172.16.0.0/12\"\nnext_hop = \"10.100.0.1\"",
        "cidr = \"10.7.0.0/16\"\nnext_hop = \"10.100.0.1\"",
    );
    let f = findings(&format!("{BASE}{missing}"));
    assert_eq!(one(&f, "route-missing").subject, "idc 172.16.0.0/16");
}

#[test]
fn no_routes_declared_is_a_note() {
    let f = findings(BASE);
    assert_eq!(one(&f, "routes-undeclared").severity, Severity::Info);
}

#[test]
fn ranges_in_the_cloud_services_block() {
    let f = findings(
        &BASE
            .replace("192.168.100.0/24", "100.100.0.0/24")
            .replace("192.168.100.1", "100.100.0.1"),
    );
    assert_eq!(one(&f, "cloud-range").severity, Severity::Error);
    let f = findings(
        &BASE
            .replace("172.16.0.0/16", "100.70.0.0/16")
            .replace("172.16.0.", "100.70.0."),
    );
    assert_eq!(one(&f, "cloud-range").severity, Severity::Warning);
}

#[test]
fn a_host_outside_every_range() {
    let f = findings(&BASE.replace("addr = \"172.16.0.3\"", "addr = \"10.1.1.1\""));
    let h = one(&f, "host-outside");
    assert_eq!(h.severity, Severity::Error);
    assert_eq!(h.subject, "ecs2 10.1.1.1");
}

#[test]
fn too_few_flows_to_reach_the_contract() {
    let f = findings(&format!("{BASE}[test]\nflows_per_host = 4\n"));
    let s = one(&f, "flows-short");
    assert_eq!(s.severity, Severity::Error);
    assert!(
        s.message.contains("8 flows (4 per host × 2 hosts)"),
        "{}",
        s.message
    );
    assert!(s.message.contains("run at least 12 flows"), "{}", s.message);
    assert!(
        !findings(&format!("{BASE}[test]\nflows_per_host = 6\n"))
            .iter()
            .any(|x| x.code == "flows-short")
    );
}

#[test]
fn too_few_hosts_to_reach_the_contract() {
    let caps = BASE
        .replace(
            "addr = \"172.16.0.2\"",
            "addr = \"172.16.0.2\"\nmax_bandwidth = \"400M\"",
        )
        .replace(
            "addr = \"172.16.0.3\"",
            "addr = \"172.16.0.3\"\nmax_bandwidth = \"400M\"",
        );
    let f = findings(&caps);
    assert!(
        one(&f, "hosts-capacity")
            .message
            .contains("800 Mbit/s in all")
    );
    let idc = BASE.replace(
        "addr = \"192.168.100.1\"",
        "addr = \"192.168.100.1\"\nmax_bandwidth = \"100M\"",
    );
    assert_eq!(
        one(&findings(&idc), "idc-capacity").severity,
        Severity::Error
    );
    let none = BASE
        .replace("addr = \"172.16.0.2\"", "addr = \"192.168.100.2\"")
        .replace("addr = \"172.16.0.3\"", "addr = \"192.168.100.3\"");
    let f = findings(&none);
    assert_eq!(one(&f, "no-vpc-host").severity, Severity::Error);
    assert_eq!(one(&f, "several-idc-hosts").severity, Severity::Warning);
    let f = findings(&BASE.replace("addr = \"192.168.100.1\"", "addr = \"172.16.0.4\""));
    assert_eq!(one(&f, "no-idc-host").severity, Severity::Error);
}

#[test]
fn duplicate_host_names() {
    let f = findings(&BASE.replace("name = \"ecs2\"", "name = \"ecs1\""));
    let d = one(&f, "host-duplicate-name");
    assert_eq!((d.severity, d.subject.as_str()), (Severity::Error, "ecs1"));
}

#[test]
fn duplicate_host_addresses() {
    let f = findings(&BASE.replace("addr = \"172.16.0.3\"", "addr = \"172.16.0.2\""));
    let d = one(&f, "host-duplicate-address");
    assert_eq!(
        (d.severity, d.subject.as_str()),
        (Severity::Error, "172.16.0.2")
    );
    assert!(d.message.contains("ecs1, ecs2"));
}

#[test]
fn host_names_that_make_the_same_file_name() {
    let f = findings(
        &BASE
            .replace("name = \"ecs2\"", "name = \"ecs 1\"")
            .replace("name = \"ecs1\"", "name = \"ecs/1\""),
    );
    assert_eq!(one(&f, "host-file-name").subject, "ecs_1");
}

#[test]
fn a_vpc_without_a_test_host() {
    let f = findings(&format!(
        "{BASE}[[vpc]]\nname = \"VPC-B\"\ncidrs = [\"10.8.0.0/16\"]\n"
    ));
    assert_eq!(one(&f, "vpc-untested").subject, "VPC-B");
}

#[test]
fn test_settings() {
    let f = findings(&format!(
        "{BASE}[test]\nidc_interface = \"eth0; reboot\"\nsar_margin_s = 1\nduration_s = 10\niperf3_base_port = 65535\n"
    ));
    assert_eq!(one(&f, "interface-name").severity, Severity::Error);
    assert_eq!(one(&f, "sar-margin").severity, Severity::Warning);
    assert_eq!(one(&f, "short-test").severity, Severity::Info);
    assert_eq!(one(&f, "port-range").subject, "test.iperf3_base_port");
    let f = findings(&BASE.replace("timezone = \"UTC\"\n", ""));
    assert_eq!(one(&f, "timezone").severity, Severity::Info);
}

#[test]
fn errors_come_first() {
    let f = findings(&BASE.replace("addr = \"172.16.0.3\"", "addr = \"10.1.1.1\""));
    let sev: Vec<Severity> = f.iter().map(|x| x.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort();
    assert_eq!(sev, sorted);
}
