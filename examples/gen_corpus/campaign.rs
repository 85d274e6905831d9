//! One generated campaign laid out as the sample campaigns are: `<campaign>/llreport.toml`
//! and `<campaign>/inbound|outbound/pps|bps/` holding, per round, four netperf UDP_STREAM
//! clients and four iperf3 `-P 8` UDP clients (text, some `-J`) with their servers' logs and
//! a `sar -n DEV 1` file per receiving host; some campaigns add a 24-hour sar file of the IDC.

use super::iperf3::UdpRun;
use super::netperf::{self, UdpStream};
use super::rng::Rng;
use super::sar::{self, Dev};
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// A leased line the campaigns test.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    pub name: &'static str,
    pub mbps: u32,
}

pub const LINKS: [Link; 3] = [
    Link {
        name: "lab-100m",
        mbps: 100,
    },
    Link {
        name: "fra-ams-200m",
        mbps: 200,
    },
    Link {
        name: "par-lon-1g",
        mbps: 1000,
    },
];

/// What to generate for one campaign.
#[derive(Debug, Clone)]
pub struct Plan {
    pub index: usize,
    pub link: Link,
    pub name: String,
    pub date: NaiveDate,
    pub kind: &'static str,
    pub rounds: u32,
    pub secs: usize,
    pub streams: usize,
    pub with_24h: bool,
}

impl Plan {
    pub fn new(index: usize, rng: &mut Rng, secs: usize, streams: usize, with_24h: bool) -> Self {
        let link = LINKS.get(index % LINKS.len()).copied().unwrap_or(Link {
            name: "lab-100m",
            mbps: 100,
        });
        let week = (index / LINKS.len()) as u64;
        let base = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap_or_default();
        let date = base
            .checked_add_days(Days::new(week * 7 + rng.int(0, 4)))
            .unwrap_or(base);
        let kind = if week == 0 {
            "acceptance"
        } else if rng.chance(0.15) {
            "retest"
        } else {
            "revalidation"
        };
        Plan {
            index,
            link,
            name: format!("{}-{}-{kind}", link.name, date.format("%Y%m%d")),
            date,
            kind,
            rounds: 1 + u32::from(rng.chance(0.3)),
            secs,
            streams,
            with_24h,
        }
    }
}

const IDC: &str = "10.200.1.1";

fn vpc(k: usize) -> String {
    format!("10.200.2.{}", 10 + k)
}

/// An inbound test's traffic at the IDC: start (second of the day), length, datagrams/s
/// received each second, and bytes per datagram on the wire.
#[derive(Debug, Clone)]
struct Window {
    start: u32,
    pps: Vec<f64>,
    wire: f64,
}

/// Writes the campaign under `out`; returns the bytes written, and those of the 24-hour sar
/// file among them.
pub fn write(out: &Path, plan: &Plan, rng: &mut Rng) -> io::Result<(u64, u64)> {
    let root = out.join(&plan.name);
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut windows = Vec::new();
    let mut written = 0u64;
    let day0 = plan
        .date
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(0);
    let slot = plan.secs as u32 + 60;
    let mut clock = 9 * 3600 + rng.int(0, 3600) as u32;
    for round in 1..=plan.rounds {
        let load = [0.5, 0.8, 1.0, 1.1]
            .get(((plan.index as u32 + round) % 4) as usize)
            .copied()
            .unwrap_or(1.0);
        for (dir, mode) in [
            ("inbound", "pps"),
            ("inbound", "bps"),
            ("outbound", "pps"),
            ("outbound", "bps"),
        ] {
            let folder = format!("{dir}/{mode}");
            let inbound = dir == "inbound";
            let len: u64 = if mode == "pps" { 16 } else { 1400 };
            let link_bps = f64::from(plan.link.mbps) * 1e6;
            // netperf first, then iperf3, as the sample campaign's runbook does.
            for tool in ["netperf", "iperf3"] {
                let t0 = clock;
                clock += slot;
                let epoch = day0 + i64::from(t0);
                let mut received: Vec<Vec<f64>> = vec![vec![0.0; plan.secs]; 4];
                for k in 1..=4usize {
                    let (client, server) = if inbound {
                        (vpc(k), IDC.to_string())
                    } else {
                        (IDC.to_string(), vpc(k))
                    };
                    let (cname, sname) = if inbound {
                        (format!("vpc{k}"), "idc".to_string())
                    } else {
                        ("idc".to_string(), format!("vpc{k}"))
                    };
                    let client_tag = if inbound {
                        format!("{cname}-client")
                    } else {
                        format!("idc-client-to-vpc{k}")
                    };
                    if tool == "netperf" {
                        let port = if inbound { 11255 + k as u16 } else { 11256 };
                        let (pps, loss) = if mode == "pps" {
                            (rng.range(100_000.0, 300_000.0), rng.range(0.1, 0.3))
                        } else {
                            let offered = link_bps * load / 4.0;
                            (offered / (len as f64 * 8.0), loss_at(load, rng))
                        };
                        let demo = (mode == "pps" && k == 1).then_some(epoch * 1000 + 1500);
                        let np = UdpStream::simulate(
                            rng,
                            &server,
                            len,
                            plan.secs as u32,
                            pps,
                            loss,
                            demo,
                        );
                        let r = received.get_mut(k - 1);
                        if let Some(r) = r {
                            let per = np.received as f64 / np.elapsed;
                            r.iter_mut().for_each(|x| *x = per);
                        }
                        files.insert(
                            format!("{folder}/netperf-{client_tag}-r{round}.log"),
                            np.text(),
                        );
                        files
                            .entry(format!("{folder}/netserver-{sname}-p{port}.log"))
                            .or_insert_with(|| netperf::netserver(port));
                    } else {
                        let port = if inbound { 5200 + k as u16 } else { 5201 };
                        let (rate, loss) = if mode == "pps" {
                            (2e6, rng.range(0.03, 0.15))
                        } else {
                            (
                                link_bps * load / (4.0 * plan.streams as f64),
                                loss_at(load, rng),
                            )
                        };
                        let run = UdpRun::simulate(
                            rng,
                            &client,
                            &cname,
                            &server,
                            port,
                            len,
                            rate,
                            plan.secs,
                            plan.streams,
                            loss,
                            epoch + 2,
                        );
                        if let Some(r) = received.get_mut(k - 1) {
                            for s in &run.streams {
                                for (x, p) in r.iter_mut().zip(&s.recv) {
                                    *x += *p as f64;
                                }
                            }
                        }
                        let json = mode == "bps"
                            && k == 4
                            && (plan.index + round as usize).is_multiple_of(2);
                        let (ext, body) = if json {
                            ("json", run.client_json())
                        } else {
                            ("log", run.client_text())
                        };
                        files.insert(format!("{folder}/iperf3-{client_tag}-r{round}.{ext}"), body);
                        let server_ports: Vec<u16> = vec![port; plan.streams];
                        let key = format!("{folder}/iperf3-{sname}-server-p{port}.log");
                        let n = files
                            .get(&key)
                            .map_or(0, |s| s.matches("Server listening").count())
                            as u32;
                        let session = run.server_session(n + 1, &server_ports);
                        files.entry(key).or_default().push_str(&session);
                    }
                }
                // The receiving host(s) run `sar -n DEV 1` from 2 s before the clients.
                let hosts: Vec<(String, Vec<f64>)> = if inbound {
                    let mut sum = vec![0.0; plan.secs];
                    for r in &received {
                        for (a, b) in sum.iter_mut().zip(r) {
                            *a += b;
                        }
                    }
                    windows.push(Window {
                        start: t0 + 2,
                        pps: sum.clone(),
                        wire: len as f64 + 42.0,
                    });
                    vec![("idc".to_string(), sum)]
                } else {
                    received
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| (format!("vpc{}", i + 1), r))
                        .collect()
                };
                for (host, pps) in hosts {
                    let nic = if host == "idc" { "idc0" } else { "eth0" };
                    let mut buf = Vec::with_capacity((plan.secs + 30) * 400);
                    sar::write_dev(
                        &mut buf,
                        &host,
                        &sar_date(plan.date),
                        t0,
                        plan.secs as u32 + 30,
                        &["lo", nic],
                        |i, _| {
                            let p = i
                                .checked_sub(2)
                                .and_then(|j| pps.get(j as usize))
                                .copied()
                                .unwrap_or(0.0);
                            dev(p, len as f64 + 42.0, i)
                        },
                    )?;
                    let text = String::from_utf8_lossy(&buf).into_owned();
                    files.insert(format!("{folder}/sar-{host}-{tool}-r{round}.log"), text);
                }
            }
        }
    }
    for (rel, mut text) in files {
        if rel.contains("-server-p") {
            let port = rel
                .rsplit('p')
                .next()
                .unwrap_or("5201.log")
                .trim_end_matches(".log")
                .to_string();
            let n = text.matches("Server listening").count() + 1;
            text.push_str("iperf3: interrupt - the server has terminated\n");
            text.push_str("-----------------------------------------------------------\n");
            text.push_str(&format!("Server listening on {port} (test #{n})\n"));
            text.push_str("-----------------------------------------------------------\n");
        }
        let path = root.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &text)?;
        written += text.len() as u64;
    }
    let contract = contract(plan);
    std::fs::write(root.join("llreport.toml"), &contract)?;
    written += contract.len() as u64;
    let day = if plan.with_24h {
        write_24h(&root, plan, &windows, rng)?
    } else {
        0
    };
    Ok((written + day, day))
}

/// Loss of a UDP flow offered at `load` times the line rate.
fn loss_at(load: f64, rng: &mut Rng) -> f64 {
    (1.0 - 1.0 / load).max(0.0) + rng.range(0.0, 0.004)
}

fn dev(pps: f64, wire: f64, i: u32) -> Dev {
    let bg = f64::from(i % 7) + 2.0;
    Dev {
        rxpck: pps + bg,
        txpck: bg + 1.0,
        rxkb: (pps * wire + bg * 90.0) / 1024.0,
        txkb: (bg + 1.0) * 80.0 / 1024.0,
    }
}

fn sar_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `sar -n DEV 1 86400` on the IDC from 06:00, across midnight, with the campaign's inbound
/// tests on idc0 over a daily background.
fn write_24h(root: &Path, plan: &Plan, windows: &[Window], rng: &mut Rng) -> io::Result<u64> {
    let path = root.join("inbound").join("sar-idc-24h.log");
    let file = std::fs::File::create(&path)?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let start = 6 * 3600;
    let mut noise = rng.fork(0x24);
    sar::write_dev(
        &mut w,
        "idc",
        &sar_date(plan.date),
        start,
        86_400,
        &["lo", "eth0", "eth1", "idc0"],
        |i, k| {
            let sec = start + i + 1;
            let hour = f64::from((sec / 3600) % 24);
            let diurnal = 1.0 + (std::f64::consts::PI * (hour - 4.0) / 12.0).sin().abs() * 3.0;
            let base = match k {
                1 => 15.0,
                2 => 400.0 * diurnal,
                _ => 120.0 * diurnal,
            };
            let mut pps = noise.jitter(base, 0.2);
            let mut wire = 600.0;
            if k == 3 {
                for win in windows {
                    if let Some(p) = sec
                        .checked_sub(win.start)
                        .and_then(|j| win.pps.get(j as usize))
                    {
                        pps += p;
                        wire = win.wire;
                    }
                }
            }
            Dev {
                rxpck: pps,
                txpck: noise.jitter(base * 0.6, 0.2),
                rxkb: pps * wire / 1024.0,
                txkb: base * 0.6 * 300.0 / 1024.0,
            }
        },
    )?;
    w.flush()?;
    Ok(std::fs::metadata(&path)?.len())
}

fn contract(plan: &Plan) -> String {
    let mut hosts = format!("[[host]]\nname = \"idc\"\naddr = \"{IDC}\"\n");
    for k in 1..=4 {
        hosts.push_str(&format!(
            "\n[[host]]\nname = \"vpc{k}\"\naddr = \"{}\"\n",
            vpc(k)
        ));
    }
    format!(
        "# Generated campaign {index} of the benchmark corpus.\n\
         [link]\nname = \"{link}\"\ncustomer = \"Example Corp\"\ncarrier = \"Example Carrier\"\n\
         bandwidth = \"{mbps} Mbit/s\"\nhash_stream_divisor = 12\ntimezone = \"UTC\"\n\n\
         [campaign]\nname = \"{name}\"\ndate = \"{date}\"\nkind = \"{kind}\"\n\n\
         [idc]\nname = \"IDC\"\ncidrs = [\"10.200.1.0/24\"]\n\n\
         [[vpc]]\nname = \"VPC-A\"\ncidrs = [\"10.200.2.0/24\"]\n\n{hosts}\n\
         [[signoff]]\nparty = \"Customer\"\nname = \"A. Engineer\"\nrole = \"Network engineer, Example Corp\"\n",
        index = plan.index,
        link = plan.link.name,
        mbps = plan.link.mbps,
        name = plan.name,
        date = plan.date,
        kind = plan.kind,
    )
}
