//! Parse-only throughput of each log format through `llreport::parse::parse_bytes` (decode,
//! detect, parse; nothing stored), in bytes per second, on inputs made by the corpus
//! generator's writers (examples/gen_corpus): an iperf3 `-P 8 -i 1` 300 s UDP client log,
//! a server log of the same run, its `-J` document, a netperf UDP_STREAM with `-D 1`, and
//! one hour of `sar -n DEV 1` on four interfaces.
//!
//! `cargo bench --bench parsers` (add `-- --quick` for a short run).

#![allow(dead_code)]

/// The binary's allocator, so the figures are the binary's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../examples/gen_corpus/cjson.rs"]
mod cjson;
#[path = "../examples/gen_corpus/fmt.rs"]
mod fmt;
#[path = "../examples/gen_corpus/iperf3.rs"]
mod iperf3;
#[path = "../examples/gen_corpus/netperf.rs"]
mod netperf;
#[path = "../examples/gen_corpus/rng.rs"]
mod rng;
#[path = "../examples/gen_corpus/sar.rs"]
mod sar;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llreport::parse::{Outcome, ParseContext, parse_bytes};
use std::hint::black_box;

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut r = rng::Rng::new(1);
    let run = iperf3::UdpRun::simulate(
        &mut r,
        "10.200.2.11",
        "vpc1",
        "10.200.1.1",
        5201,
        1400,
        3e6,
        300,
        8,
        0.01,
        1_736_415_000,
    );
    let np = netperf::UdpStream::simulate(
        &mut r,
        "10.200.1.1",
        1,
        300,
        150_000.0,
        0.2,
        Some(1_736_415_000_000),
    );
    let mut sar_hour = Vec::new();
    let _ = sar::write_dev(
        &mut sar_hour,
        "idc",
        "2025-01-09",
        9 * 3600,
        3600,
        &["lo", "eth0", "eth1", "idc0"],
        |i, k| sar::Dev {
            rxpck: f64::from(i % 97) * 1000.0 + k as f64,
            txpck: 12.0,
            rxkb: f64::from(i % 97) * 50.0,
            txkb: 1.0,
        },
    );
    vec![
        ("iperf3-text-client", run.client_text().into_bytes()),
        (
            "iperf3-text-server",
            run.server_session(1, &[5201; 8]).into_bytes(),
        ),
        ("iperf3-json-client", run.client_json().into_bytes()),
        ("netperf-classic-D", np.text().into_bytes()),
        ("sar-text-dev-1h", sar_hour),
    ]
}

fn parsers(c: &mut Criterion) {
    let ctx = ParseContext {
        tz: "UTC".parse().ok(),
        netperf_omni_columns: None,
    };
    let mut g = c.benchmark_group("parse");
    for (name, bytes) in inputs() {
        assert!(
            matches!(parse_bytes(&bytes, &ctx), Outcome::Parsed(_)),
            "{name} does not parse"
        );
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| b.iter(|| parse_bytes(black_box(&bytes), &ctx)));
    }
    g.finish();
}

criterion_group!(benches, parsers);
criterion_main!(benches);
