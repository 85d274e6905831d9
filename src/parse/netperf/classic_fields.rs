//! The run fields that each classic table's result lines give (UDP_STREAM send and receive
//! lines, TCP_STREAM/TCP_MAERTS, RR local and remote lines), and the `-v 2` detail blocks
//! that may follow them.

use super::classic::{RR_LOCAL, Row, STREAM, UDP_RECV, UDP_SEND};
use super::lex::{self, Unit};
use super::{Cursor, Dir, Test};
use crate::model::{BitsPerSec, Bytes, Packets, Protocol, Seconds, Transfer};
use crate::parse::ParseError;

fn bps(unit: Unit, v: f64) -> Option<BitsPerSec> {
    unit.to_bps(v)
}

pub(super) fn udp_send(a: &Row<'_>, unit: Unit, t: &mut Test) -> Result<(), ParseError> {
    let msg = a.u64(1, UDP_SEND)?;
    let okay = a.u64(3, UDP_SEND)?;
    let errors = a.u64(4, UDP_SEND)?;
    let elapsed = Seconds(a.f64(2));
    let run = &mut t.run;
    run.protocol = Some(Protocol::Udp);
    run.message_size = Some(Bytes(msg));
    run.duration = Some(elapsed);
    run.counters.sent = Transfer {
        packets: Some(Packets(okay)),
        bytes: okay.checked_mul(msg).map(Bytes),
        bps: bps(unit, a.f64(5)),
        duration: Some(elapsed),
    };
    run.extra.insert("local_send_socket_bytes".into(), a.f64(0));
    run.extra.insert("send_errors".into(), errors as f64);
    if a.toks.len() == 8 {
        run.extra.insert("local_cpu_util_percent".into(), a.f64(6));
        run.extra
            .insert("local_service_demand_us_per_kb".into(), a.f64(7));
    }
    Ok(())
}

pub(super) fn udp_recv(b: &Row<'_>, unit: Unit, t: &mut Test) -> Result<(), ParseError> {
    let okay = b.u64(2, UDP_RECV)?;
    let run = &mut t.run;
    let elapsed = Seconds(b.f64(1));
    run.counters.received = Transfer {
        packets: Some(Packets(okay)),
        bytes: run
            .message_size
            .and_then(|m| okay.checked_mul(m.0))
            .map(Bytes),
        bps: bps(unit, b.f64(3)),
        duration: Some(elapsed),
    };
    if let Some(Packets(sent)) = run.counters.sent.packets {
        run.counters.lost_packets = Some(Packets(sent.saturating_sub(okay)));
        if okay > sent {
            run.notes.push(format!(
                "the receiver counted {} more messages than the sender sent ({okay} received, {sent} sent); loss is taken as 0",
                okay - sent
            ));
        }
    }
    run.extra
        .insert("remote_recv_socket_bytes".into(), b.f64(0));
    if b.toks.len() == 6 {
        run.extra.insert("remote_cpu_util_percent".into(), b.f64(4));
        run.extra
            .insert("remote_service_demand_us_per_kb".into(), b.f64(5));
    }
    Ok(())
}

pub(super) fn stream(a: &Row<'_>, unit: Unit, t: &mut Test) -> Result<(), ParseError> {
    let msg = a.u64(2, STREAM)?;
    let elapsed = Seconds(a.f64(3));
    let maerts = t.info.dir == Dir::RemoteSends;
    let run = &mut t.run;
    run.message_size = Some(Bytes(msg));
    run.duration = Some(elapsed);
    run.counters.received = Transfer {
        bps: bps(unit, a.f64(4)),
        duration: Some(elapsed),
        ..Transfer::default()
    };
    let (c0, c1) = if maerts {
        ("local_recv_socket_bytes", "remote_send_socket_bytes")
    } else {
        ("remote_recv_socket_bytes", "local_send_socket_bytes")
    };
    run.extra.insert(c0.into(), a.f64(0));
    run.extra.insert(c1.into(), a.f64(1));
    if a.toks.len() == 9 {
        cpu_columns(&mut run.extra, a, 5, "us_per_kb");
    }
    Ok(())
}

pub(super) fn rr_local(
    a: &Row<'_>,
    unit: Unit,
    band: bool,
    t: &mut Test,
) -> Result<(), ParseError> {
    let req = a.u64(2, RR_LOCAL)?;
    let rsp = a.u64(3, RR_LOCAL)?;
    let run = &mut t.run;
    run.duration = Some(Seconds(a.f64(4)));
    if band {
        if let Some(b) = bps(unit, a.f64(5)) {
            run.extra.insert("throughput_bps".into(), b.0);
        }
        run.notes.push("netperf reported this RR test as throughput (-f); the transaction rate is not in the output".into());
    } else {
        run.transactions_per_s = Some(a.f64(5));
    }
    let ex = &mut run.extra;
    ex.insert("local_send_socket_bytes".into(), a.f64(0));
    ex.insert("local_recv_socket_bytes".into(), a.f64(1));
    ex.insert("request_size_bytes".into(), req as f64);
    ex.insert("response_size_bytes".into(), rsp as f64);
    if a.toks.len() == 10 {
        cpu_columns(ex, a, 6, if band { "us_per_kb" } else { "us_per_tran" });
    }
    Ok(())
}

/// Local and remote CPU utilization, then local and remote service demand.
fn cpu_columns(
    ex: &mut std::collections::BTreeMap<String, f64>,
    a: &Row<'_>,
    from: usize,
    sd_unit: &str,
) {
    ex.insert("local_cpu_util_percent".into(), a.f64(from));
    ex.insert("remote_cpu_util_percent".into(), a.f64(from + 1));
    ex.insert(format!("local_service_demand_{sd_unit}"), a.f64(from + 2));
    ex.insert(format!("remote_service_demand_{sd_unit}"), a.f64(from + 3));
}

/// `-v 2` detail blocks after the result (`Alignment ...`, `Maximum Segment Size`,
/// histograms): read past them.
pub(super) fn skip_verbose(cur: &mut Cursor<'_>, t: &mut Test) {
    while let Some(l) = cur.peek_nonblank() {
        let w = l.text.split_whitespace().next().unwrap_or("");
        let histogram = w == "Histogram";
        if !(histogram || w == "Alignment" || w == "Maximum") {
            return;
        }
        cur.skip_blank();
        let mut taken = 0usize;
        while let Some(l) = cur.peek() {
            let blank = l.text.trim().is_empty();
            if histogram && blank && taken > 0 {
                break;
            }
            let numeric = l
                .text
                .split_whitespace()
                .next()
                .and_then(lex::number)
                .is_some();
            if !blank {
                t.touch(l.no);
            }
            cur.advance();
            taken += 1;
            if (!histogram && numeric) || taken > 64 {
                break;
            }
        }
    }
}
