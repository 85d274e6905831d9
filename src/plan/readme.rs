//! The kit's README: the hosts and the sizing, what to install, and for every test what to
//! run on which host and in what order, then how to collect the results for llreport.

use super::layout::{HostRef, Kind, KitTest, Topology};
use super::sizing::Sizing;
use crate::model::units::si;
use crate::model::{Contract, Direction, Tool};
use std::fmt::Write;

fn clean(s: &str) -> String {
    s.replace(char::is_control, " ")
}

/// The folder of the host when there is one, else a placeholder.
fn folder(topo: &Topology, hosts: &[HostRef]) -> String {
    match hosts {
        [one] => topo
            .peer(*one)
            .map_or_else(|| "<host>".to_string(), |p| p.file.clone()),
        _ => "<host>".to_string(),
    }
}

fn names(topo: &Topology, hosts: &[HostRef]) -> String {
    hosts
        .iter()
        .filter_map(|h| topo.peer(*h))
        .map(|p| clean(&p.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What one test does, in words.
fn summary(t: &KitTest, c: &Contract, s: &Sizing) -> String {
    let (who, to) = match t.id.direction {
        Direction::Inbound => ("The VPC hosts send", "to the IDC device"),
        Direction::Outbound => ("The IDC device sends", "to every VPC host"),
    };
    let what = match t.id.tool {
        Tool::Netperf => format!(
            "netperf UDP_STREAM, {}-byte messages, unpaced",
            t.id.mode.netperf_size()
        ),
        _ => {
            let o = s.offer(t.id.mode);
            format!(
                "iperf3 UDP, {}-byte datagrams at {} of payload per flow ({:.0} pps, {} on the line)",
                o.payload_bytes,
                si(o.rate_bps as f64, "bit/s"),
                o.pps_per_flow,
                si(o.wire_bps_per_flow, "bit/s")
            )
        }
    };
    format!(
        "{who} {to}: {what}, {} flows, {} s",
        s.flows, c.test.duration_s
    )
}

/// The README of the kit.
pub fn readme(c: &Contract, topo: &Topology, s: &Sizing, tests: &[KitTest]) -> String {
    let mut r = String::new();
    let _ = writeln!(r, "# Test kit for {}\n", clean(&c.link.name));
    let _ = writeln!(
        r,
        "Written by `llreport plan` from llreport.toml: contract {}, hash-stream divisor {} (at most {} per flow), {} s per test, tools: {}.\n",
        si(s.bandwidth_bps, "bit/s"),
        s.divisor,
        si(s.per_flow_limit_bps, "bit/s"),
        c.test.duration_s,
        tests
            .iter()
            .map(|t| t.id.tool.as_str())
            .fold(Vec::new(), |mut v, t| {
                if !v.contains(&t) {
                    v.push(t);
                }
                v
            })
            .join(", ")
    );
    r.push_str("## Hosts\n\n| host | address | side | folder |\n| --- | --- | --- | --- |\n");
    for (h, p) in topo.all() {
        let side = match h {
            HostRef::Idc => format!("IDC device ({})", clean(&p.network)),
            HostRef::Vpc(_) => format!("VPC host ({})", clean(&p.network)),
        };
        let _ = writeln!(
            r,
            "| {} | {} | {side} | hosts/{}/ |",
            clean(&p.name),
            p.addr,
            p.file
        );
    }
    let _ = write!(
        r,
        "\n## Sizing\n\nA flow (one 5-tuple, a \"hash stream\") carries at most {limit} on the line (bandwidth / {div}). \
The contract needs {need} flows per direction ({div} × flow margin {margin}); spread over {hosts} VPC \
host{hs} that is {k} flow{ks} per host, {flows} in all. Each flow is offered an even share of the \
contract, {share} on the line, so the test can reach {reach} of the contracted {bw}. The line \
counts frames and iperf3 counts payload, so iperf3's `-b` is the share times payload / (payload + \
{overhead} bytes of headers): `-b {bw_rate}` with {bw_len}-byte datagrams, `-b {pps_rate}` with \
{pps_len}-byte datagrams in the pps tests ({pps} pps per flow). {how}\n\n",
        limit = si(s.per_flow_limit_bps, "bit/s"),
        div = s.divisor,
        need = s.flows_needed,
        margin = s.flow_margin,
        hosts = s.hosts,
        hs = if s.hosts == 1 { "" } else { "s" },
        k = s.flows_per_host,
        ks = if s.flows_per_host == 1 { "" } else { "s" },
        flows = s.flows,
        share = si(s.bandwidth.wire_bps_per_flow, "bit/s"),
        reach = si(s.reachable_bps, "bit/s"),
        bw = si(s.bandwidth_bps, "bit/s"),
        overhead = c.link.frame_overhead_bytes,
        bw_rate = s.bandwidth.rate_bps,
        bw_len = s.bandwidth.payload_bytes,
        pps_rate = s.pps.rate_bps,
        pps_len = s.pps.payload_bytes,
        pps = s.pps.pps_per_flow.round(),
        how = if s.flows_per_host > 1 {
            format!(
                "netperf runs {} instances per host, each to its own netserver port, and sends unpaced; iperf3 runs one client per host with `-P {}` (each stream is a flow of its own).",
                s.flows_per_host, s.flows_per_host
            )
        } else {
            "netperf (unpaced) and iperf3 run one client per host.".to_string()
        }
    );
    for w in s.warnings.iter().chain(&s.notes).chain(&topo.notes) {
        let _ = writeln!(r, "- **Note:** {}", clean(w));
    }
    if !(s.warnings.is_empty() && s.notes.is_empty() && topo.notes.is_empty()) {
        r.push('\n');
    }
    let netperf = tests.iter().any(|t| t.id.tool == Tool::Netperf);
    let _ = write!(
        r,
        r#"## Before the test
1. Copy this whole folder to every host (`scp -r` it); every host runs its scripts from its copy
   and writes into its own `results/`.
2. Install on every host: {tools}sysstat (`sar`) and coreutils (`timeout`).
3. Keep the clocks of all hosts in sync (NTP): the clients start at a time of day, and llreport
   matches sar rows to the tests by time.
4. On every host, as root: `sh hosts/<host>/prepare.sh`. It checks the tools and sets up the
   receive queues of the line's interface (`ethtool -L <if> combined <CPUs>`, `rps_cpus` on
   every CPU), which the pps tests need.

## The tests, in order
Run each step on the hosts named, wait for it to finish, then go on. Every script takes the
test's name; a host with no part in a step says so and does nothing. For the clients, choose a
start time about a minute ahead and give the same one to every sending host (HH:MM:SS, in the
kit's time zone, see `TZ` in lib.sh).

"#,
        tools = if netperf {
            "netperf and netserver (build them from source: github.com/HewlettPackard/netperf), iperf3, "
        } else {
            "iperf3, "
        }
    );
    for (i, t) in tests.iter().enumerate() {
        let p = t.id.path();
        let servers = t.hosts(Kind::Server);
        let sar = t.hosts(Kind::Sar);
        let clients = t.hosts(Kind::Client);
        let _ = writeln!(r, "### {}. {p}\n{}.\n", i + 1, summary(t, c, s));
        let _ = writeln!(r, "1. Servers, on {}:", names(topo, &servers));
        let _ = writeln!(r, "   `sh hosts/{}/servers.sh {p}`", folder(topo, &servers));
        let _ = writeln!(r, "2. sar, on {}:", names(topo, &sar));
        let _ = writeln!(r, "   `sh hosts/{}/sar.sh {p}`", folder(topo, &sar));
        let _ = writeln!(
            r,
            "3. Clients, on {} at the same moment:",
            names(topo, &clients)
        );
        let _ = writeln!(
            r,
            "   `sh hosts/{}/clients.sh {p} HH:MM:SS`",
            folder(topo, &clients)
        );
        let _ = writeln!(
            r,
            "4. When the clients are done and sar has ended ({} s after it started), on {}:",
            c.test.duration_s + c.test.sar_margin_s,
            names(topo, &servers)
        );
        let _ = writeln!(r, "   `sh hosts/{}/stop.sh {p}`\n", folder(topo, &servers));
    }
    r.push_str(
        r#"## Collect and read the results
On every host: `sh hosts/<host>/collect.sh` (writes `results-<host>.tar`). Copy the archives into
one copy of this kit, unpack them there and read the folder with llreport; no flags are needed:

    for f in results-*.tar; do tar -xf "$f"; done
    llreport ingest results/
    llreport analyze

`results/llreport.toml` is the contract this kit was written from; `llreport ingest` stores it
with the campaign.

## Layout of results/
- `results/<direction>/<mode>/<tool>/`: one folder per test; the direction in the path tells
  llreport which way the data went (inbound: the VPC hosts send to the IDC device; outbound:
  the IDC device sends to every VPC host).
- `<tool>-<host>-client[-p<port>].log`: a client on a VPC host (inbound);
  `<tool>-<idc>-client-to-<host>[-p<port>].log`: a client on the IDC device (outbound).
  netperf writes one file per instance, named by its server's port; iperf3 one per client.
- `<tool>-<host>-server-p<port>.log`: a server (netserver, iperf3 -s), one port per peer.
- `sar-<host>-<tool>.log`: `sar -n DEV` on the receiving host, beside the logs of its test.

## Why the commands read as they do
- netperf's test length is `-l` (a lower-case L); `-I` asks for confidence intervals instead.
- netperf's test-specific options follow a single `--`: `-- -m 1 -R 1`. `-R 1` lets UDP_STREAM
  leave the local subnet (without it netperf sets SO_DONTROUTE and a routed line drops the test).
- netperf's `-L` binds the sender's address, so the log names the sending host.
- Outbound clients send to each VPC host's own address, never to the IDC device's.
- iperf3 `-b` is per stream; `-P` streams are flows of their own (own source ports); `-A` pins
  a client to a CPU; `-V` writes the offered rate into the log and `--timestamps` the time of
  every line, so llreport knows each test's window.
- sar runs with `LC_ALL=C S_TIME_FORMAT=ISO` so its dates and times read the same everywhere.
"#,
    );
    r
}
