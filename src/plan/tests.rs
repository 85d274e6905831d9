//! Kit tests: the methodology's mistakes do not appear, outbound clients send to each VPC
//! host, values from the contract are quoted, file names stay inside the kit, and contracts
//! the kit cannot serve are refused with the fix.

use super::*;

const METHODOLOGY: &str = include_str!("../../fixtures/plan/methodology.toml");

fn contract(text: &str) -> Contract {
    crate::contract::parse(text).expect("contract")
}

fn build(text: &str) -> Kit {
    kit(&contract(text), text, &KitOptions::default()).expect("kit")
}

fn file<'k>(k: &'k Kit, path: &str) -> &'k str {
    &k.files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .content
}

/// Every client command line of the kit.
fn client_lines(k: &Kit) -> Vec<&str> {
    k.files
        .iter()
        .filter(|f| f.path.ends_with("/clients.sh"))
        .flat_map(|f| f.content.lines())
        .filter(|l| l.trim_start().starts_with("client "))
        .collect()
}

#[test]
fn the_methodologys_mistakes_do_not_appear() {
    let k = build(METHODOLOGY);
    for f in &k.files {
        assert!(!f.content.contains(" -I 300"), "{}", f.path);
        for l in f.content.lines().filter(|l| l.contains("netperf -H")) {
            assert!(!l.contains("---"), "{}: {l}", f.path);
            assert!(l.contains(" -l 300 "), "{}: {l}", f.path);
            assert!(l.contains(" -- -m "), "{}: {l}", f.path);
            assert!(l.ends_with(" -R 1"), "{}: {l}", f.path);
            assert_eq!(l.matches(" -- ").count(), 1, "{l}");
        }
    }
}

#[test]
fn outbound_clients_send_to_each_vpc_host_never_to_the_idc() {
    let k = build(METHODOLOGY);
    let idc = file(&k, "hosts/idc/clients.sh");
    for n in 2..=9 {
        let addr = format!("172.16.0.{n}");
        for tool in ["netperf -H", "iperf3 -c"] {
            assert!(
                idc.contains(&format!("{tool} {addr} ")),
                "{tool} {addr} missing"
            );
        }
    }
    assert!(!idc.contains("-H 192.168.100.1"));
    assert!(!idc.contains("-c 192.168.100.1"));
    // Inbound: each VPC host sends to the IDC device, on its own ports.
    let ecs3 = file(&k, "hosts/ecs3/clients.sh");
    assert!(ecs3.contains("netperf -H 192.168.100.1 -p 11262 -L 172.16.0.4 "));
    assert!(ecs3.contains("iperf3 -c 192.168.100.1 -p 16003 -u -l 16 -b 11495000 -t 300 "));
    assert!(!ecs3.contains("outbound/"));
}

#[test]
fn one_server_port_per_flow_and_peer() {
    let k = build(METHODOLOGY);
    let servers = file(&k, "hosts/idc/servers.sh");
    for p in 11256..11280 {
        assert!(servers.contains(&format!("netserver -D -p {p}\n")), "{p}");
    }
    assert!(!servers.contains("-p 11280"));
    for p in 16001..=16008 {
        assert!(
            servers.contains(&format!("iperf3 -s -1 -i 1 -p {p} ")),
            "{p}"
        );
    }
    let ecs8 = file(&k, "hosts/ecs8/servers.sh");
    assert!(ecs8.contains("netserver -D -p 11258\n"));
    assert!(!ecs8.contains("11259"));
    assert!(ecs8.contains("iperf3 -s -1 -i 1 -p 16001 "));
}

#[test]
fn sar_runs_on_the_receivers_long_enough_and_in_an_unambiguous_format() {
    let k = build(METHODOLOGY);
    let idc = file(&k, "hosts/idc/sar.sh");
    assert!(
        idc.contains(
            "sampler sar-idc-netperf.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320\n"
        )
    );
    assert!(!idc.contains("outbound/"));
    let ecs1 = file(&k, "hosts/ecs1/sar.sh");
    assert!(ecs1.contains("outbound/pps/iperf3)\n    sampler sar-ecs1-iperf3.log"));
    assert!(!ecs1.contains("inbound/"));
    assert!(file(&k, "lib.sh").contains("TZ=Asia/Shanghai\n"));
}

#[test]
fn the_layout_is_what_ingest_reads_without_flags() {
    let k = build(METHODOLOGY);
    assert_eq!(file(&k, "results/llreport.toml"), METHODOLOGY);
    assert_eq!(k.tests.len(), 8);
    for t in &k.tests {
        let parts: Vec<&str> = t.split('/').collect();
        assert!(matches!(parts[0], "inbound" | "outbound"), "{t}");
        assert!(matches!(parts[1], "pps" | "bandwidth"), "{t}");
    }
    assert!(client_lines(&k).iter().all(|l| {
        l.split_whitespace()
            .nth(1)
            .is_some_and(|f| f.ends_with(".log"))
    }));
    let lib = file(&k, "lib.sh");
    assert!(lib.contains("OUT=$KIT/results/$TEST"));
}

#[test]
fn iperf3_json_replaces_the_text_options() {
    let text = METHODOLOGY;
    let k = kit(&contract(text), text, &KitOptions { iperf3_json: true }).expect("kit");
    let c = file(&k, "hosts/ecs1/clients.sh");
    assert!(c.contains("client iperf3-ecs1-client.json iperf3 -c"));
    assert!(c.contains(" -J\n"));
    assert!(!c.contains("--timestamps"));
    assert!(
        file(&k, "hosts/idc/servers.sh")
            .contains("iperf3-idc-server-p16001.json iperf3 -s -1 -i 1 -p 16001 -J\n")
    );
}

const SMALL: &str = r#"
[link]
name = "l"
bandwidth = "100M"
[idc]
cidrs = ["10.0.1.0/24"]
[[vpc]]
cidrs = ["10.0.2.0/24"]
[[host]]
name = "idc"
addr = "10.0.1.1"
[[host]]
name = "vpc"
addr = "10.0.2.1"
"#;

#[test]
fn contract_values_are_quoted_and_host_names_make_safe_file_names() {
    let text = SMALL
        .replace("name = \"vpc\"", "name = \"../../x'; rm -rf / #\"")
        .replace("name = \"idc\"", "name = \"$(reboot)\"");
    let k = build(&text);
    for f in &k.files {
        assert!(
            f.path
                .split('/')
                .all(|p| !p.is_empty() && p != ".." && p != "." && !p.starts_with('-')),
            "{}",
            f.path
        );
        assert!(!f.path.contains(['\'', '$', ' ', '`']), "{}", f.path);
    }
    let s = file(&k, "hosts/_.._.._x___rm_-rf____/clients.sh");
    assert!(s.contains("HOST='../../x'\\''; rm -rf / #'\n"), "{s}");
    let i = file(&k, "hosts/__reboot_/servers.sh");
    assert!(i.contains("HOST='$(reboot)'\n"));
    assert!(!i.contains("HOST=$(reboot)"));
}

#[test]
fn contracts_the_kit_cannot_serve_are_refused_with_the_fix() {
    let no_vpc_host = SMALL.replace("addr = \"10.0.2.1\"", "addr = \"10.0.1.2\"");
    let cases = [
        (no_vpc_host, "no host on a VPC side"),
        (
            SMALL.replace("addr = \"10.0.1.1\"", "addr = \"10.0.2.2\""),
            "no host on the IDC side",
        ),
        (
            SMALL.replace("addr = \"10.0.2.1\"", "addr = \"10.9.9.9\""),
            "is in no declared side",
        ),
        (
            SMALL.replace("addr = \"10.0.2.1\"", "addr = \"10.0.1.1\""),
            "have the same address 10.0.1.1",
        ),
        (
            format!(
                "{SMALL}[[host]]\nname = \"vpc!\"\naddr = \"10.0.2.2\"\n[[host]]\nname = \"vpc?\"\naddr = \"10.0.2.3\"\n"
            ),
            "would both write files",
        ),
        (
            format!("{SMALL}[test]\nvpc_interface = \"../../etc\"\n"),
            "not an interface name",
        ),
        (
            format!("{SMALL}[test]\nnetperf_base_port = 65530\n"),
            "past 65535",
        ),
    ];
    for (text, want) in cases {
        let e = kit(&contract(&text), &text, &KitOptions::default()).expect_err(want);
        assert!(e.to_string().contains(want), "{want}: {e}");
    }
}

#[test]
fn one_tool_only() {
    let text = format!("{SMALL}[test]\ntools = [\"iperf3\"]\nduration_s = 10\n");
    let k = build(&text);
    assert_eq!(k.tests.len(), 4);
    assert!(k.files.iter().all(|f| !f.content.contains("netserver -D")));
    assert!(file(&k, "hosts/idc/prepare.sh").contains("\nneed iperf3 sar\n"));
    assert!(!file(&k, "README.md").contains("HewlettPackard"));
}
