//! A kit from `llreport plan` run for real: three network namespaces (an IDC device and two
//! VPC hosts, routed through a fourth that plays the line), the kit's own scripts started
//! in them step by step with a short test, then `llreport ingest` of the results folder with
//! no flags. Needs root, iproute2, iperf3, sysstat and coreutils; netperf where installed.
//! Anything missing is reported as a skip on stderr (not captured by the test harness).

use crate::common::{run, run_json};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Seconds any one command of the test may take.
const LIMIT: &str = "60";

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "plan_run: {msg}");
}

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

fn root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `timeout 60 <args>`, its output.
fn limited(args: &[&str]) -> Result<Output, String> {
    Command::new("timeout")
        .args(["-s", "KILL", LIMIT])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{args:?}: {e}"))
}

fn ok(args: &[&str]) -> Result<(), String> {
    let o = limited(args)?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{args:?} failed ({}): {}{}",
            o.status,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}

/// The namespaces of the test; dropping the lab ends their processes and removes them.
struct Lab {
    prefix: String,
    made: Vec<String>,
}

impl Lab {
    fn ns(&self, role: &str) -> String {
        format!("{}{role}", self.prefix)
    }

    fn new() -> Result<Lab, String> {
        let mut lab = Lab {
            prefix: format!("llk{}", std::process::id() % 100_000),
            made: Vec::new(),
        };
        for role in ["i", "l", "v1", "v2"] {
            let ns = lab.ns(role);
            ok(&["ip", "netns", "add", &ns])?;
            lab.made.push(ns);
        }
        let (i, l) = (lab.ns("i"), lab.ns("l"));
        let p = lab.prefix.clone();
        let li = format!("{p}li");
        let i0 = format!("{p}i0");
        ok(&[
            "ip", "link", "add", &i0, "type", "veth", "peer", "name", &li, "netns", &l,
        ])?;
        ok(&["ip", "link", "set", &i0, "netns", &i])?;
        ok(&["ip", "-n", &l, "link", "add", "br0", "type", "bridge"])?;
        for n in ["1", "2"] {
            let v = lab.ns(&format!("v{n}"));
            let (dev, peer) = (format!("{p}v{n}"), format!("{p}lv{n}"));
            ok(&[
                "ip", "link", "add", &dev, "type", "veth", "peer", "name", &peer, "netns", &l,
            ])?;
            ok(&["ip", "link", "set", &dev, "netns", &v])?;
            ok(&[
                "ip",
                "-n",
                &v,
                "addr",
                "add",
                &format!("10.231.2.1{n}/24"),
                "dev",
                &dev,
            ])?;
            ok(&["ip", "-n", &v, "link", "set", &dev, "up"])?;
            ok(&["ip", "-n", &v, "link", "set", "lo", "up"])?;
            ok(&[
                "ip",
                "-n",
                &v,
                "route",
                "add",
                "10.231.1.0/24",
                "via",
                "10.231.2.254",
            ])?;
            ok(&["ip", "-n", &l, "link", "set", &peer, "master", "br0"])?;
            ok(&["ip", "-n", &l, "link", "set", &peer, "up"])?;
        }
        ok(&["ip", "-n", &i, "addr", "add", "10.231.1.1/24", "dev", &i0])?;
        ok(&["ip", "-n", &i, "link", "set", &i0, "up"])?;
        ok(&["ip", "-n", &i, "link", "set", "lo", "up"])?;
        ok(&[
            "ip",
            "-n",
            &i,
            "route",
            "add",
            "10.231.2.0/24",
            "via",
            "10.231.1.254",
        ])?;
        ok(&["ip", "-n", &l, "addr", "add", "10.231.1.254/24", "dev", &li])?;
        ok(&["ip", "-n", &l, "link", "set", &li, "up"])?;
        ok(&[
            "ip",
            "-n",
            &l,
            "addr",
            "add",
            "10.231.2.254/24",
            "dev",
            "br0",
        ])?;
        ok(&["ip", "-n", &l, "link", "set", "br0", "up"])?;
        ok(&[
            "ip",
            "netns",
            "exec",
            &l,
            "sysctl",
            "-qw",
            "net.ipv4.ip_forward=1",
        ])?;
        Ok(lab)
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        for ns in &self.made {
            if let Ok(o) = limited(&["ip", "netns", "pids", ns]) {
                for pid in String::from_utf8_lossy(&o.stdout).split_whitespace() {
                    let _ = limited(&["kill", "-KILL", pid]);
                }
            }
            let _ = limited(&["ip", "netns", "del", ns]);
        }
    }
}

const CONTRACT: &str = r#"[link]
name = "netns-lab"
bandwidth = "1 Mbit/s"
hash_stream_divisor = 4
timezone = "UTC"

[campaign]
name = "kit-run"

[idc]
cidrs = ["10.231.1.0/24"]

[[vpc]]
name = "VPC-A"
cidrs = ["10.231.2.0/24"]

[[host]]
name = "idc"
addr = "10.231.1.1"

[[host]]
name = "vpc1"
addr = "10.231.2.11"

[[host]]
name = "vpc2"
addr = "10.231.2.12"

[test]
duration_s = 3
sar_margin_s = 5
iperf3_base_port = 5201
"#;

/// Runs one step script of `host` inside its namespace.
fn step(lab: &Lab, kit: &Path, host: &str, script: &str, args: &[&str]) -> Command {
    let ns = match host {
        "idc" => lab.ns("i"),
        "vpc1" => lab.ns("v1"),
        _ => lab.ns("v2"),
    };
    let mut c = Command::new("timeout");
    c.args(["-s", "KILL", LIMIT, "ip", "netns", "exec", &ns, "sh"])
        .arg(kit.join(format!("hosts/{host}/{script}.sh")))
        .args(args)
        .stdin(Stdio::null());
    c
}

fn expect_ok(what: &str, o: &Output) {
    assert!(
        o.status.success(),
        "{what} failed ({}):\n{}{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs one test of the kit the way its README says.
fn run_test(lab: &Lab, kit: &Path, test: &str) {
    let vpcs = ["vpc1", "vpc2"];
    let (receivers, senders): (&[&str], &[&str]) = if test.starts_with("inbound") {
        (&["idc"], &vpcs)
    } else {
        (&vpcs, &["idc"])
    };
    for script in ["servers", "sar"] {
        for h in receivers {
            let o = step(lab, kit, h, script, &[test]).output().expect("run");
            expect_ok(&format!("{h} {script}.sh {test}"), &o);
        }
    }
    // Servers started twice are refused: the first ones still hold the ports.
    let again = step(lab, kit, receivers[0], "servers", &[test])
        .output()
        .expect("run");
    assert!(
        !again.status.success() && String::from_utf8_lossy(&again.stderr).contains("stop.sh"),
        "servers.sh {test} twice: {again:?}"
    );
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let start = if at.date_naive() == chrono::Utc::now().date_naive() {
        at.format("%H:%M:%S").to_string()
    } else {
        String::new()
    };
    let clients: Vec<_> = senders
        .iter()
        .map(|h| {
            let mut c = step(lab, kit, h, "clients", &[test, &start]);
            c.stdout(Stdio::piped()).stderr(Stdio::piped());
            (h, c.spawn().expect("spawn client"))
        })
        .collect();
    for (h, c) in clients {
        let o = c.wait_with_output().expect("wait client");
        expect_ok(&format!("{h} clients.sh {test}"), &o);
    }
    let folder = kit.join("results").join(test);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done = std::fs::read_dir(&folder)
            .expect("results folder")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("sar-"))
            .all(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("Average:")));
        if done || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    for h in receivers {
        let o = step(lab, kit, h, "stop", &[test]).output().expect("run");
        expect_ok(&format!("{h} stop.sh {test}"), &o);
    }
}

#[test]
fn a_generated_kit_runs_for_real_and_ingests_without_flags() {
    let missing: Vec<&str> = ["ip", "iperf3", "sar", "timeout"]
        .into_iter()
        .filter(|c| !have(c))
        .collect();
    if !root() || !missing.is_empty() {
        say(&format!(
            "SKIPPED: running a kit needs root and ip, iperf3, sar, timeout (apt-get install -y iproute2 iperf3 sysstat); root: {}, missing: {missing:?}",
            root()
        ));
        return;
    }
    let netperf = have("netperf") && have("netserver");
    if !netperf {
        say(
            "netperf is not installed (it is not in Debian main): the kit's netperf tests are not run",
        );
    }
    let lab = match Lab::new() {
        Ok(l) => l,
        Err(e) => {
            say(&format!(
                "SKIPPED: cannot build the network namespaces: {e}"
            ));
            return;
        }
    };
    let d = tempfile::tempdir().expect("tmp");
    let tools = if netperf {
        "[\"netperf\", \"iperf3\"]"
    } else {
        "[\"iperf3\"]"
    };
    let contract = d.path().join("llreport.toml");
    std::fs::write(&contract, format!("{CONTRACT}tools = {tools}\n")).expect("contract");
    let kit = d.path().join("kit");
    let db = d.path().join("s.db");
    let c = contract.display().to_string();
    let k = kit.display().to_string();
    let (code, out, err) = run(&db, &["plan", "--contract", &c, "-o", &k]);
    assert_eq!(code, 0, "{out}{err}");
    let tests: Vec<String> = out
        .lines()
        .find_map(|l| l.strip_prefix("tests, in order: "))
        .expect("tests line")
        .split(", ")
        .map(String::from)
        .collect();
    assert_eq!(tests.len(), if netperf { 8 } else { 4 });
    for t in &tests {
        run_test(&lab, &kit, t);
    }
    drop(lab);

    let results = kit.join("results").display().to_string();
    let (code, out, err) = run(&db, &["ingest", &results]);
    assert_eq!(code, 0, "ingest:\n{out}{err}");
    let (_, runs, _) = run_json(&db, &["runs", "--format", "json"]);
    let runs = runs.as_array().expect("runs");
    assert!(!runs.is_empty());
    for r in runs {
        let path = r["source_path"].as_str().expect("path");
        let dir = if path.contains("/inbound/") {
            "inbound"
        } else {
            "outbound"
        };
        assert_eq!(r["direction"], dir, "{path}");
        assert_eq!(r["direction_source"], "path", "{path}");
        assert_eq!(r["status"], "complete", "{path}: {r}");
        if r["tool"] == "iperf3" {
            // The VPC end is the host the file is named after, else the one of the port.
            let vpc = if path.contains("vpc2") || path.ends_with("-idc-server-p5202.log") {
                "10.231.2.12"
            } else {
                "10.231.2.11"
            };
            let idc = "10.231.1.1";
            let (snd, rcv) = if dir == "inbound" {
                (vpc, idc)
            } else {
                (idc, vpc)
            };
            assert_eq!(
                (r["sender_addr"].as_str(), r["receiver_addr"].as_str()),
                (Some(snd), Some(rcv)),
                "{path}"
            );
        }
    }
    let (code, a, err) = run_json(&db, &["analyze", "--format", "json"]);
    assert_ne!(code, 2, "{err}");
    assert_eq!(a["campaign"], "kit-run");
    let groups = a["groups"].as_array().expect("groups");
    for t in &tests {
        let g = groups
            .iter()
            .find(|g| {
                g["id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with(&format!("{t}/")))
            })
            .unwrap_or_else(|| panic!("no group for {t}: {a}"));
        assert_eq!(g["hosts"], serde_json::json!(["vpc1", "vpc2"]), "{t}");
        assert_eq!(g["flows"], 6, "{t}: 3 flows per host");
        let per_host = |h: &str| {
            g["flow_results"]
                .as_array()
                .map_or(0, |f| f.iter().filter(|x| x["host"] == h).count())
        };
        assert_eq!((per_host("vpc1"), per_host("vpc2")), (3, 3), "{t}");
        assert!(
            g["sar"].is_object(),
            "{t}: no sar samples matched: {}",
            g["warnings"]
        );
        let _: &Value = g;
    }
}
