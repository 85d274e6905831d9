//! What runs where: the IDC device and the VPC hosts taken from the contract, the tests
//! (direction × mode × tool), and for each test every server, sar and client process with
//! its command line and the name of its log in `results/<direction>/<mode>/<tool>/`.

use super::PlanError;
use super::shell::{file_part, quote};
use super::sizing::Sizing;
use crate::model::contract::Side;
use crate::model::{Contract, Direction, Tool};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// A host of the test.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    /// As the contract names it.
    pub name: String,
    /// The name as a part of file names.
    pub file: String,
    pub addr: IpAddr,
    /// The IDC's or the VPC's name in the contract.
    pub network: String,
    pub capacity: Option<f64>,
}

/// The IDC device and the VPC hosts.
#[derive(Clone, Debug, PartialEq)]
pub struct Topology {
    pub idc: Peer,
    pub vpcs: Vec<Peer>,
    /// Hosts the kit leaves out, and why.
    pub notes: Vec<String>,
}

/// A host by its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostRef {
    Idc,
    Vpc(usize),
}

impl Topology {
    pub fn peer(&self, h: HostRef) -> Option<&Peer> {
        match h {
            HostRef::Idc => Some(&self.idc),
            HostRef::Vpc(i) => self.vpcs.get(i),
        }
    }

    /// Every host, the IDC device first.
    pub fn all(&self) -> Vec<(HostRef, &Peer)> {
        let mut v = vec![(HostRef::Idc, &self.idc)];
        v.extend(
            self.vpcs
                .iter()
                .enumerate()
                .map(|(i, p)| (HostRef::Vpc(i), p)),
        );
        v
    }
}

/// The IDC device (the first host on the IDC side) and the VPC hosts, in contract order.
pub fn topology(c: &Contract) -> Result<Topology, PlanError> {
    let mut idc = Vec::new();
    let mut vpcs = Vec::new();
    let mut by_file: BTreeMap<String, &str> = BTreeMap::new();
    let mut by_addr: BTreeMap<IpAddr, &str> = BTreeMap::new();
    for h in &c.hosts {
        let Some((side, network)) = c.side_of(&h.addr) else {
            return Err(PlanError::OutsideSides {
                host: h.name.clone(),
                addr: h.addr,
            });
        };
        if let Some(other) = by_addr.insert(h.addr, &h.name) {
            return Err(PlanError::DuplicateAddress {
                a: other.to_string(),
                b: h.name.clone(),
                addr: h.addr,
            });
        }
        let file = file_part(&h.name);
        if let Some(other) = by_file.insert(file.clone(), &h.name) {
            return Err(PlanError::NameClash {
                a: other.to_string(),
                b: h.name.clone(),
                file,
            });
        }
        let peer = Peer {
            name: h.name.clone(),
            file,
            addr: h.addr,
            network: network.to_string(),
            capacity: h.max_bandwidth.map(|b| b.0),
        };
        match side {
            Side::Idc => idc.push(peer),
            Side::Vpc => vpcs.push(peer),
        }
    }
    let mut idc = idc.into_iter();
    let device = idc.next().ok_or(PlanError::NoIdcHost)?;
    if vpcs.is_empty() {
        return Err(PlanError::NoVpcHost);
    }
    let notes = idc
        .map(|p| {
            format!(
                "{} ({}) is on the IDC side too; the kit uses {} as the IDC device",
                p.name, p.addr, device.name
            )
        })
        .collect();
    Ok(Topology {
        idc: device,
        vpcs,
        notes,
    })
}

/// What a test measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Pps,
    Bandwidth,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Pps, Mode::Bandwidth];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Pps => "pps",
            Mode::Bandwidth => "bandwidth",
        }
    }

    /// netperf `-m`: the message size.
    pub fn netperf_size(self) -> u32 {
        match self {
            Mode::Pps => 1,
            Mode::Bandwidth => 1400,
        }
    }

    /// iperf3 `-l`: the datagram payload.
    pub fn iperf3_len(self) -> u32 {
        match self {
            Mode::Pps => 16,
            Mode::Bandwidth => 1400,
        }
    }
}

/// One test of the campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestId {
    pub direction: Direction,
    pub mode: Mode,
    pub tool: Tool,
}

impl TestId {
    /// `inbound/pps/netperf`: the name scripts take and the results folder.
    pub fn path(&self) -> String {
        format!("{}/{}/{}", self.direction, self.mode.as_str(), self.tool)
    }
}

/// What a process does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Server,
    Sar,
    Client,
}

/// One process of a test.
#[derive(Clone, Debug, PartialEq)]
pub struct Proc {
    pub host: HostRef,
    pub kind: Kind,
    /// File name of its output in the test's results folder.
    pub log: String,
    /// The command as shell words (already quoted).
    pub words: Vec<String>,
}

/// A test and its processes: servers, then sar, then clients.
#[derive(Clone, Debug, PartialEq)]
pub struct KitTest {
    pub id: TestId,
    pub procs: Vec<Proc>,
}

impl KitTest {
    /// Hosts with processes of `kind`, in order, once each.
    pub fn hosts(&self, kind: Kind) -> Vec<HostRef> {
        let mut v: Vec<HostRef> = Vec::new();
        for p in self.procs.iter().filter(|p| p.kind == kind) {
            if !v.contains(&p.host) {
                v.push(p.host);
            }
        }
        v
    }
}

/// The tools of the contract, in its order, once each.
pub fn tools(c: &Contract) -> Vec<Tool> {
    let mut v = Vec::new();
    for t in &c.test.tools {
        if let Some(t) = Tool::from_name(t.trim()).filter(|t| *t != Tool::Sar && !v.contains(t)) {
            v.push(t);
        }
    }
    v
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| quote(w)).collect()
}

fn port(key: &'static str, base: u16, offset: usize) -> Result<String, PlanError> {
    let p = usize::from(base) + offset;
    u16::try_from(p)
        .map(|p| p.to_string())
        .map_err(|_| PlanError::PortRange { key, base, last: p })
}

/// Every test with its processes.
pub fn tests(
    c: &Contract,
    topo: &Topology,
    sizing: &Sizing,
    iperf3_json: bool,
) -> Result<Vec<KitTest>, PlanError> {
    let mut out = Vec::new();
    for direction in Direction::ALL {
        for mode in Mode::ALL {
            for tool in tools(c) {
                let id = TestId {
                    direction: *direction,
                    mode,
                    tool,
                };
                out.push(KitTest {
                    id,
                    procs: procs(c, topo, sizing, id, iperf3_json)?,
                });
            }
        }
    }
    Ok(out)
}

fn procs(
    c: &Contract,
    topo: &Topology,
    sizing: &Sizing,
    id: TestId,
    json: bool,
) -> Result<Vec<Proc>, PlanError> {
    let k = sizing.flows_per_host as usize;
    let secs = c.test.duration_s.to_string();
    let rate = sizing.offer(id.mode).rate_bps.to_string();
    let ext = if json && id.tool == Tool::Iperf3 {
        "json"
    } else {
        "log"
    };
    let idc = &topo.idc;
    let inbound = id.direction == Direction::Inbound;
    let mut servers = Vec::new();
    let mut clients = Vec::new();
    for (i, v) in topo.vpcs.iter().enumerate() {
        let (src, dst, server_host, client_host) = if inbound {
            (
                idc_or(v, idc, false),
                idc_or(v, idc, true),
                HostRef::Idc,
                HostRef::Vpc(i),
            )
        } else {
            (
                idc_or(v, idc, true),
                idc_or(v, idc, false),
                HostRef::Vpc(i),
                HostRef::Idc,
            )
        };
        let (src, dst) = (src.addr.to_string(), dst.addr.to_string());
        let server_file = if inbound { &idc.file } else { &v.file };
        let client_file = if inbound {
            format!("{}-{}-client", id.tool, v.file)
        } else {
            format!("{}-{}-client-to-{}", id.tool, idc.file, v.file)
        };
        match id.tool {
            Tool::Netperf => {
                for j in 0..k {
                    let offset = if inbound { i * k + j } else { j };
                    let p = port("test.netperf_base_port", c.test.netperf_base_port, offset)?;
                    servers.push(Proc {
                        host: server_host,
                        kind: Kind::Server,
                        log: format!("netperf-{server_file}-server-p{p}.log"),
                        words: words(&["netserver", "-D", "-p", &p]),
                    });
                    let size = id.mode.netperf_size().to_string();
                    clients.push(Proc {
                        host: client_host,
                        kind: Kind::Client,
                        log: format!("{client_file}-p{p}.log"),
                        words: words(&[
                            "netperf",
                            "-H",
                            &dst,
                            "-p",
                            &p,
                            "-L",
                            &src,
                            "-t",
                            "UDP_STREAM",
                            "-l",
                            &secs,
                            "--",
                            "-m",
                            &size,
                            "-R",
                            "1",
                        ]),
                    });
                }
            }
            _ => {
                let offset = if inbound { i } else { 0 };
                let p = port("test.iperf3_base_port", c.test.iperf3_base_port, offset)?;
                let mut s = words(&["iperf3", "-s", "-1", "-i", "1", "-p", &p]);
                s.push(if json { "-J" } else { "--timestamps" }.to_string());
                servers.push(Proc {
                    host: server_host,
                    kind: Kind::Server,
                    log: format!("iperf3-{server_file}-server-p{p}.{ext}"),
                    words: s,
                });
                let len = id.mode.iperf3_len().to_string();
                let mut w = words(&[
                    "iperf3", "-c", &dst, "-p", &p, "-u", "-l", &len, "-b", &rate, "-t", &secs,
                    "-i", "1",
                ]);
                if k > 1 {
                    w.extend(words(&["-P", &k.to_string()]));
                }
                let cpu = if inbound { 0 } else { i };
                w.extend(["-A".to_string(), format!("\"$(cpu {cpu})\"")]);
                if json {
                    w.push("-J".into());
                } else {
                    w.extend(words(&["-V", "--timestamps"]));
                }
                clients.push(Proc {
                    host: client_host,
                    kind: Kind::Client,
                    log: format!("{client_file}.{ext}"),
                    words: w,
                });
            }
        }
    }
    let sar_secs = (c.test.duration_s + c.test.sar_margin_s).to_string();
    let receivers: Vec<(HostRef, &Peer)> = if inbound {
        vec![(HostRef::Idc, idc)]
    } else {
        topo.vpcs
            .iter()
            .enumerate()
            .map(|(i, v)| (HostRef::Vpc(i), v))
            .collect()
    };
    let sars = receivers.into_iter().map(|(h, p)| Proc {
        host: h,
        kind: Kind::Sar,
        log: format!("sar-{}-{}.log", p.file, id.tool),
        words: words(&[
            "env",
            "LC_ALL=C",
            "S_TIME_FORMAT=ISO",
            "sar",
            "-n",
            "DEV",
            "1",
            &sar_secs,
        ]),
    });
    let mut all = servers;
    all.extend(sars);
    all.extend(clients);
    Ok(all)
}

/// The IDC device when `idc`, else the VPC host.
fn idc_or<'a>(v: &'a Peer, idc: &'a Peer, want_idc: bool) -> &'a Peer {
    if want_idc { idc } else { v }
}
