//! The run fields that omni values give, by selector: THROUGHPUT is the receive side,
//! LOCAL_SEND_CALLS the sent datagrams, REMOTE_RECV_CALLS the received ones (for UDP), and so
//! on; numeric values no field takes are kept in `extra`.

use super::lex::{self, Unit};
use super::omni::Item;
use super::{Dir, Test};
use crate::model::{BitsPerSec, Bytes, Diagnostic, Endpoint, Packets, Protocol, Seconds, Transfer};
use crate::parse::ParseError;

fn bad(i: &Item, what: &str) -> ParseError {
    let column = u32::try_from(i.offset)
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    ParseError::new(
        i.line,
        column,
        format!(
            "expected {what} for {}, found `{}`",
            lex::excerpt(&i.name, 60),
            lex::excerpt(&i.raw, 40)
        ),
    )
}

/// Values by selector, and which of them the run's fields took.
struct Values<'i> {
    items: &'i [Item],
    used: Vec<&'static str>,
}

impl Values<'_> {
    fn get(&mut self, name: &'static str) -> Option<&Item> {
        let items = self.items;
        let i = items
            .iter()
            .find(|i| i.sel.is_some_and(|s| s.name == name) && !i.raw.is_empty())?;
        self.used.push(name);
        Some(i)
    }

    fn has(&self, name: &str) -> bool {
        self.items
            .iter()
            .any(|i| i.sel.is_some_and(|s| s.name == name))
    }

    fn num(&mut self, name: &'static str) -> Result<Option<f64>, ParseError> {
        match self.get(name) {
            None => Ok(None),
            Some(i) => lex::number(&i.raw)
                .map(Some)
                .ok_or_else(|| bad(i, "a number")),
        }
    }

    fn count(&mut self, name: &'static str) -> Result<Option<u64>, ParseError> {
        match self.get(name) {
            None => Ok(None),
            Some(i) => lex::count(&i.raw)
                .or_else(|| {
                    lex::number(&i.raw)
                        .filter(|v| *v >= 0.0 && v.fract() == 0.0 && *v < 1.8e19)
                        .map(|v| v as u64)
                })
                .map(Some)
                .ok_or_else(|| bad(i, "a whole number")),
        }
    }

    fn text(&mut self, name: &'static str) -> Option<String> {
        self.get(name).map(|i| i.raw.clone())
    }
}

/// The run's fields from the omni values.
pub(super) fn fill(
    t: &mut Test,
    items: &[Item],
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ParseError> {
    let mut v = Values {
        items,
        used: Vec::new(),
    };
    let unit = match v.get("THROUGHPUT_UNITS") {
        Some(i) => Some(lex::unit_value(&i.raw).ok_or_else(|| {
            bad(
                i,
                "a throughput unit such as `10^6bits/s`, `MBytes/s` or `Trans/s`",
            )
        })?),
        None => None,
    };
    if let Some(p) = v.text("PROTOCOL") {
        t.info.protocol = match p.to_ascii_uppercase().as_str() {
            "UDP" => Some(Protocol::Udp),
            "TCP" => Some(Protocol::Tcp),
            _ => t.info.protocol,
        };
    }
    let field_dir = v.text("DIRECTION").and_then(|d| match d.as_str() {
        "Send" => Some(Dir::LocalSends),
        "Receive" => Some(Dir::RemoteSends),
        d if d.contains("Recv") || d.starts_with("Conn") => Some(Dir::RequestResponse),
        _ => None,
    });
    let sends = [
        "LOCAL_SEND_CALLS",
        "LOCAL_BYTES_SENT",
        "LOCAL_SEND_THROUGHPUT",
        "REMOTE_RECV_CALLS",
    ];
    let recvs = [
        "REMOTE_SEND_CALLS",
        "REMOTE_BYTES_SENT",
        "LOCAL_RECV_CALLS",
        "LOCAL_BYTES_RECVD",
    ];
    let dir = match (field_dir, t.info.dir) {
        (Some(d), _) => d,
        (None, d) if d != Dir::Unknown => d,
        _ if v.has("TRANSACTION_RATE") || unit == Some(Unit::Trans) => Dir::RequestResponse,
        _ if sends.iter().any(|s| v.has(s)) => Dir::LocalSends,
        _ if recvs.iter().any(|s| v.has(s)) => Dir::RemoteSends,
        _ => Dir::Unknown,
    };
    t.info.dir = dir;
    name_test(t, &v, diags);
    let udp = t.info.protocol == Some(Protocol::Udp);
    let rate_unit = match unit {
        Some(u) => u,
        None => {
            let rates = [
                "THROUGHPUT",
                "LOCAL_SEND_THROUGHPUT",
                "REMOTE_RECV_THROUGHPUT",
            ];
            if dir != Dir::RequestResponse && rates.iter().any(|r| v.has(r)) {
                let msg = "THROUGHPUT_UNITS is not in the omni output; netperf's default 10^6bits/s was assumed";
                diags.push(Diagnostic::warning(t.run.source_line, 1, msg));
                t.run.notes.push(msg.into());
            }
            Unit::DEFAULT
        }
    };
    let elapsed = v.num("ELAPSED_TIME")?.map(Seconds);
    let rate = |v: &mut Values<'_>, n: &'static str| -> Result<Option<BitsPerSec>, ParseError> {
        Ok(v.num(n)?.and_then(|x| rate_unit.to_bps(x)))
    };
    let run = &mut t.run;
    run.duration = elapsed;
    match dir {
        Dir::LocalSends | Dir::RemoteSends => {
            let local = dir == Dir::LocalSends;
            let pick = |a: &'static str, b: &'static str| if local { a } else { b };
            let msg = v.count(pick("LOCAL_SEND_SIZE", "REMOTE_SEND_SIZE"))?;
            let (s_calls, r_calls) = if udp {
                (
                    v.count(pick("LOCAL_SEND_CALLS", "REMOTE_SEND_CALLS"))?,
                    v.count(pick("REMOTE_RECV_CALLS", "LOCAL_RECV_CALLS"))?,
                )
            } else {
                (None, None)
            };
            let times = |n: Option<u64>| n.zip(msg).and_then(|(n, m)| n.checked_mul(m)).map(Bytes);
            let s_bytes = v.count(pick("LOCAL_BYTES_SENT", "REMOTE_BYTES_SENT"))?;
            let r_bytes = v.count(pick("REMOTE_BYTES_RECVD", "LOCAL_BYTES_RECVD"))?;
            let s_bps = rate(
                &mut v,
                pick("LOCAL_SEND_THROUGHPUT", "REMOTE_SEND_THROUGHPUT"),
            )?;
            let r_bps = match rate(
                &mut v,
                pick("REMOTE_RECV_THROUGHPUT", "LOCAL_RECV_THROUGHPUT"),
            )? {
                Some(b) => Some(b),
                None => rate(&mut v, "THROUGHPUT")?,
            };
            run.message_size = msg.map(Bytes);
            run.counters.sent = Transfer {
                packets: s_calls.map(Packets),
                bytes: s_bytes.map(Bytes).or_else(|| times(s_calls)),
                bps: s_bps,
                duration: elapsed,
            };
            run.counters.received = Transfer {
                packets: r_calls.map(Packets),
                bytes: r_bytes.map(Bytes).or_else(|| times(r_calls)),
                bps: r_bps,
                duration: elapsed,
            };
            if let (Some(s), Some(r)) = (s_calls, r_calls) {
                run.counters.lost_packets = Some(Packets(s.saturating_sub(r)));
                if r > s {
                    run.notes.push(format!(
                        "the receiver counted {} more messages than the sender sent; loss is taken as 0",
                        r - s
                    ));
                }
            }
        }
        Dir::RequestResponse => {
            run.transactions_per_s = match v.num("TRANSACTION_RATE")? {
                Some(x) => Some(x),
                None if unit == Some(Unit::Trans) => v.num("THROUGHPUT")?,
                None => None,
            };
        }
        Dir::Unknown => {
            run.counters.received = Transfer {
                bps: rate(&mut v, "THROUGHPUT")?,
                duration: elapsed,
                ..Transfer::default()
            };
        }
    }
    endpoints(t, &mut v);
    extras(t, &mut v, rate_unit);
    Ok(())
}

/// The test name where no banner gave it: from PROTOCOL and DIRECTION, else assumed.
fn name_test(t: &mut Test, v: &Values<'_>, diags: &mut Vec<Diagnostic>) {
    if t.info.test.is_some() {
        return;
    }
    let why = "the omni PROTOCOL and DIRECTION values";
    match (t.info.protocol, t.info.dir) {
        (Some(Protocol::Udp), Dir::LocalSends) => t.infer_test("UDP_STREAM", Protocol::Udp, why),
        (Some(Protocol::Tcp), Dir::LocalSends) => t.infer_test("TCP_STREAM", Protocol::Tcp, why),
        (Some(Protocol::Tcp), Dir::RemoteSends) => t.infer_test("TCP_MAERTS", Protocol::Tcp, why),
        (Some(p @ Protocol::Tcp), Dir::RequestResponse) => t.infer_test("TCP_RR", p, why),
        (Some(p @ Protocol::Udp), Dir::RequestResponse) => t.infer_test("UDP_RR", p, why),
        (None, Dir::LocalSends) if v.has("LOCAL_SEND_CALLS") && v.has("REMOTE_RECV_CALLS") => {
            let msg = "the omni output names neither the test nor the protocol (netperf -P 0 without PROTOCOL); UDP_STREAM was assumed because it gives send and receive call counts, which are taken as datagrams";
            diags.push(Diagnostic::warning(t.run.source_line, 1, msg));
            t.infer_test(
                "UDP_STREAM",
                Protocol::Udp,
                "its send and receive call counts (assumed, see the warning)",
            );
        }
        _ => t.info.test = Some("OMNI".into()),
    }
}

fn endpoint_from(v: &mut Values<'_>, addr: &'static str, port: &'static str) -> Endpoint {
    let a = v
        .text(addr)
        .filter(|a| !matches!(a.as_str(), "0.0.0.0" | "::" | "::0" | ""));
    let p = v
        .text(port)
        .and_then(|p| p.parse::<u16>().ok())
        .filter(|p| *p != 0);
    Endpoint { addr: a, port: p }
}

fn endpoints(t: &mut Test, v: &mut Values<'_>) {
    let local = endpoint_from(v, "SOURCE_ADDR", "SOURCE_PORT");
    let remote = endpoint_from(v, "DEST_ADDR", "DEST_PORT");
    if t.info.local == Endpoint::default() {
        t.info.local = local;
    }
    if t.info.remote == Endpoint::default() {
        t.info.remote = remote;
    }
}

/// Numeric values the run's fields did not take, under clear names; rates in bit/s.
fn extras(t: &mut Test, v: &mut Values<'_>, unit: Unit) {
    let sd = match v
        .items
        .iter()
        .find(|i| i.sel.is_some_and(|s| s.name == "SD_UNITS"))
    {
        Some(i) if i.raw.eq_ignore_ascii_case("us/KB") => "_us_per_kb",
        Some(i) if i.raw.eq_ignore_ascii_case("us/Tr") => "_us_per_tran",
        _ => "",
    };
    for i in v.items {
        if i.sel.is_some_and(|s| v.used.contains(&s.name)) {
            continue;
        }
        let Some(x) = lex::number(&i.raw) else {
            continue;
        };
        let (key, x) = match i.sel.map(|s| s.name) {
            Some(n) if n.ends_with("THROUGHPUT") && unit.to_bps(x).is_some() => (
                format!("{}_bps", n.to_ascii_lowercase()),
                unit.to_bps(x).map_or(x, |b| b.0),
            ),
            Some("LOCAL_CPU_UTIL") => ("local_cpu_util_percent".to_string(), x),
            Some("REMOTE_CPU_UTIL") => ("remote_cpu_util_percent".to_string(), x),
            Some("LOCAL_SD") => (format!("local_service_demand{sd}"), x),
            Some("REMOTE_SD") => (format!("remote_service_demand{sd}"), x),
            Some("REQUEST_SIZE") => ("request_size_bytes".to_string(), x),
            Some("RESPONSE_SIZE") => ("response_size_bytes".to_string(), x),
            Some(n) => (n.to_ascii_lowercase(), x),
            None => (sanitize(&i.name), x),
        };
        t.run.extra.entry(key).or_insert(x);
    }
}

/// A column name that is no selector, as an `extra` key: `Local Foo %` → `local_foo__`.
fn sanitize(name: &str) -> String {
    lex::head(name, 64)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
