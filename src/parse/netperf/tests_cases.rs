//! The odd cases: the methodology's own sample table, CPU columns, units, IPv6 banners,
//! concatenated tests, headerless omni CSV, netperf failing mid-test.

use super::parse;
use crate::model::{
    BitsPerSec, Bytes, Endpoint, LogFormat, Packets, ParsedLog, Protocol, Run, RunStatus,
};
use crate::parse::{ParseContext, ParseError};

pub(super) fn classic(text: &str) -> Result<ParsedLog, ParseError> {
    parse(LogFormat::NetperfClassic, text, &ParseContext::default())
}

fn only(text: &str) -> Run {
    let log = classic(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.runs.len(), 1, "{:?}", log.runs);
    log.runs.into_iter().next().unwrap()
}

pub(super) fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/netperf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn mbps(b: Option<BitsPerSec>) -> f64 {
    b.map_or(f64::NAN, |b| b.0 / 1e6)
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

pub(super) const BANNER_UDP: &str = "MIGRATED UDP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 10.0.0.2 () port 0 AF_INET : demo\n";

#[test]
fn methodology_sample_table() {
    let aligned = "Socket  Message  Elapsed      Messages\nSize    Size     Time         Okay Errors   Throughput\nbytes   bytes    secs            #      #   10^6bits/sec\n124928       1   10.00     4532554      0       3.63\n212992           10.00     1099999              0.88\n";
    let single = "Socket Message Elapsed Messages\nSize Size Time Okay Errors Throughput\nbytes bytes secs # # 10^6bits/sec\n124928 1 10.00 4532554 0 3.63\n212992 10.00 1099999 0.88\n";
    for text in [aligned, single] {
        let r = only(text);
        assert_eq!(
            (r.test.as_str(), r.protocol, r.status),
            ("UDP_STREAM", Some(Protocol::Udp), RunStatus::Complete)
        );
        assert!(near(r.sent_pps().map_or(0.0, |p| p.0), 453255.4));
        assert!(near(r.received_pps().map_or(0.0, |p| p.0), 109999.9));
        assert_eq!(r.counters.lost_packets, Some(Packets(4532554 - 1099999)));
        assert!(near(mbps(r.counters.received.bps), 0.88));
        assert_eq!(r.extra.get("local_send_socket_bytes"), Some(&124928.0));
        assert!(r.notes.iter().any(|n| n.contains("inferred")));
        assert_eq!((r.source_line, r.end_line), (1, 5));
    }
}

#[test]
fn cpu_columns_are_kept_in_extra() {
    let tcp = "MIGRATED TCP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 127.0.0.1 () port 0 AF_INET : demo\nRecv   Send    Send                          Utilization       Service Demand\nSocket Socket  Message  Elapsed              Send     Recv     Send    Recv\nSize   Size    Size     Time     Throughput  local    remote   local   remote\nbytes  bytes   bytes    secs.    10^6bits/s  % S      % S      us/KB   us/KB\n\n131072  16384  16384    5.00      7523.04   12.34    5.67     1.234   2.345  \n";
    let r = only(tcp);
    assert!(near(mbps(r.counters.received.bps), 7523.04));
    for (k, v) in [
        ("local_cpu_util_percent", 12.34),
        ("remote_cpu_util_percent", 5.67),
        ("local_service_demand_us_per_kb", 1.234),
        ("remote_service_demand_us_per_kb", 2.345),
    ] {
        assert_eq!(r.extra.get(k), Some(&v), "{k}");
    }
    let r = only(&tcp.replace("10^6bits/s", "MBytes  /s"));
    assert!(near(
        r.counters.received.bps.map_or(0.0, |b| b.0),
        7523.04 * 8.0 * 1048576.0
    ));
    let udp = format!(
        "{BANNER_UDP}Socket  Message  Elapsed      Messages                   CPU      Service\nSize    Size     Time         Okay Errors   Throughput   Util     Demand\nbytes   bytes    secs            #      #   10^6bits/sec % SS     us/KB\n\n212992    1400   10.00     2100620      0     2351.7     36.69    5.112\n212992           10.00     2100539            2351.6     26.18    3.648\n\n"
    );
    let r = only(&udp);
    assert_eq!(r.counters.received.packets, Some(Packets(2100539)));
    assert_eq!(r.extra.get("local_cpu_util_percent"), Some(&36.69));
    assert_eq!(r.extra.get("remote_service_demand_us_per_kb"), Some(&3.648));
    let rr = "MIGRATED UDP REQUEST/RESPONSE TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 127.0.0.1 () port 0 AF_INET : demo : first burst 0\nLocal /Remote\nSocket Size   Request Resp.  Elapsed Trans.   CPU    CPU    S.dem   S.dem\nSend   Recv   Size    Size   Time    Rate     local  remote local   remote\nbytes  bytes  bytes   bytes  secs.   per sec  % S    % S    us/Tr   us/Tr\n\n212992 212992 64      64     5.00    40176.00  10.00  12.00  9.956   11.947\n212992 212992\n";
    let r = only(rr);
    assert_eq!(
        (r.test.as_str(), r.protocol),
        ("UDP_RR", Some(Protocol::Udp))
    );
    assert_eq!(r.transactions_per_s, Some(40176.0));
    assert_eq!(r.extra.get("request_size_bytes"), Some(&64.0));
    assert_eq!(
        r.extra.get("remote_service_demand_us_per_tran"),
        Some(&11.947)
    );
}

#[test]
fn every_throughput_unit() {
    let text = fixture("np_lo_tcp_stream_default.log");
    for (unit, factor) in [
        ("10^3bits/sec", 1e3),
        ("10^6bits/sec", 1e6),
        ("10^9bits/sec", 1e9),
        ("KBytes/sec", 8.0 * 1024.0),
        ("MBytes/sec", 8.0 * 1048576.0),
        ("GBytes/sec", 8.0 * 1073741824.0),
    ] {
        let r = only(&text.replace("10^6bits/sec", unit));
        assert!(
            near(
                r.counters.received.bps.map_or(0.0, |b| b.0),
                6615.06 * factor
            ),
            "{unit}"
        );
    }
}

#[test]
fn ipv6_banner() {
    let text = fixture("np_lo_tcp_stream_default.log").replace(
        "from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 127.0.0.1 () port 0 AF_INET",
        "from ::0 (::) port 0 AF_INET6 to ::1 (::1) port 0 AF_INET6",
    );
    let r = only(&text);
    assert_eq!(
        (r.sender.clone(), r.receiver.clone()),
        (Endpoint::default(), Endpoint::new("::1", None))
    );
    let old = "UDP UNIDIRECTIONAL SEND TEST from 0.0.0.0 (0.0.0.0) port 15895 AF_INET to 127.0.0.1 (127.0.0.1) port 15895 AF_INET\n";
    let r = only(
        &fixture("np_lo_udp_stream_m1400.log").replacen(
            &fixture("np_lo_udp_stream_m1400.log")
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
            old.trim_end(),
            1,
        ),
    );
    assert_eq!(r.test, "UDP_STREAM");
    assert_eq!(r.receiver, Endpoint::new("127.0.0.1", Some(15895)));
    assert_eq!(
        r.sender,
        Endpoint {
            addr: None,
            port: Some(15895)
        }
    );
}

#[test]
fn a_wrapped_banner_is_joined() {
    let text = "MIGRATED TCP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to\n10.200.0.1 () port 0 AF_INET\nRecv   Send    Send\nSocket Socket  Message  Elapsed\nSize   Size    Size     Time     Throughput\nbytes  bytes   bytes    secs.    10^6bits/sec\n\n131072  16384  16384    10.01    4742.36\n";
    let log = classic(text).unwrap();
    assert!(log.diagnostics.is_empty(), "{:?}", log.diagnostics);
    assert_eq!(log.runs[0].receiver, Endpoint::new("10.200.0.1", None));
    assert_eq!(log.runs[0].status, RunStatus::Complete);
}

#[test]
fn concatenated_tests_are_one_run_each() {
    let names = [
        "np_pps_m1_idc2vpc_inst1.log",
        "np_pps_m1_idc2vpc_inst2.log",
        "np_lo_tcp_rr.log",
        "np_lo_error_refused.log",
        "np_lo_tcp_stream_interim_D1.log",
        "np_lo_tcp_maerts.log",
        "np_ll100_omni_udp_m1_keyval.log",
        "np_lo_udp_stream_m1_P0_keyval.log",
        "np_lo_tcp_rr_P0.log",
        "np_lo_tcp_stream_P0.log",
        "np_ll100_omni_tcp_human_O.log",
        "np_ll100_omni_udp_m1_csv.log",
    ];
    let text: String = names.iter().map(|n| fixture(n)).collect();
    let log = classic(&text).unwrap();
    let got: Vec<(&str, RunStatus)> = log
        .runs
        .iter()
        .map(|r| (r.test.as_str(), r.status))
        .collect();
    use RunStatus::{Complete as C, Error as E};
    assert_eq!(
        got,
        vec![
            ("UDP_STREAM", C),
            ("UDP_STREAM", C),
            ("TCP_RR", C),
            ("", E),
            ("TCP_STREAM", C),
            ("TCP_MAERTS", C),
            ("UDP_STREAM", C),
            ("UDP_STREAM", C),
            ("TCP_RR", C),
            ("TCP_STREAM", C),
            ("OMNI", C),
            ("UDP_STREAM", C),
        ]
    );
    assert_eq!(log.runs[1].counters.sent.packets, Some(Packets(123857)));
    assert_eq!(log.runs[4].intervals.len(), 4);
    assert_eq!(log.runs[7].counters.received.packets, Some(Packets(243052)));
    assert_eq!(log.runs[11].counters.sent.packets, Some(Packets(504530)));
    let p0 = "212992       1   5.00       124523      0       0.20\n212992           5.00        76816              0.12\n\n212992       1   5.00       123857      0       0.20\n212992           5.00        75638              0.12\n\n131072  16384  16384    3.00     5296.28   \n";
    let log = classic(p0).unwrap();
    let sent: Vec<Option<Packets>> = log.runs.iter().map(|r| r.counters.sent.packets).collect();
    assert_eq!(
        sent,
        vec![Some(Packets(124523)), Some(Packets(123857)), None]
    );
    assert_eq!(log.runs[2].test, "TCP_STREAM");
    assert_eq!((log.runs[1].source_line, log.runs[1].end_line), (4, 5));
}

#[test]
fn loops_of_bare_results_are_detected_and_read() {
    use crate::parse::{Outcome, parse_bytes};
    let p0 = "212992       1   5.00       124523      0       0.20\n212992           5.00        76816              0.12\n\n".repeat(10);
    match parse_bytes(p0.as_bytes(), &ParseContext::default()) {
        Outcome::Parsed(log) => {
            assert_eq!(log.format, LogFormat::NetperfClassic);
            assert_eq!(log.runs.len(), 10);
            assert!(
                log.runs
                    .iter()
                    .all(|r| r.counters.received.packets == Some(Packets(76816)))
            );
        }
        o => panic!("{o:?}"),
    }
    let csv = "0.63,10^6bits/s,5.00,504530,390792\n0.61,10^6bits/s,5.00,498211,380101\n";
    let ctx = ParseContext {
        netperf_omni_columns: Some(
            [
                "THROUGHPUT",
                "THROUGHPUT_UNITS",
                "ELAPSED_TIME",
                "LOCAL_SEND_CALLS",
                "REMOTE_RECV_CALLS",
            ]
            .map(String::from)
            .to_vec(),
        ),
        ..ParseContext::default()
    };
    match parse_bytes(csv.as_bytes(), &ctx) {
        Outcome::Parsed(log) => {
            assert_eq!(log.format, LogFormat::NetperfOmni);
            let recv: Vec<_> = log
                .runs
                .iter()
                .map(|r| r.counters.received.packets)
                .collect();
            assert_eq!(recv, vec![Some(Packets(390792)), Some(Packets(380101))]);
        }
        o => panic!("{o:?}"),
    }
    match parse_bytes(csv.as_bytes(), &ParseContext::default()) {
        Outcome::Failed { format, error } => {
            assert_eq!(format, LogFormat::NetperfOmni);
            assert!(error.message.contains("columns are unknown"));
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn headerless_omni_csv_needs_its_columns() {
    let line = "0.63,10^6bits/s,5.00,504530,390792,1,212992,504530,390792,0.81,0.63,UDP,Send\n";
    let e = parse(LogFormat::NetperfOmni, line, &ParseContext::default()).unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
    assert!(
        e.message.contains("--netperf-omni-columns") && e.message.contains("netperf_omni_columns"),
        "{e}"
    );
    let cols = "THROUGHPUT,THROUGHPUT_UNITS,ELAPSED_TIME,LOCAL_SEND_CALLS,REMOTE_RECV_CALLS,LOCAL_SEND_SIZE,REMOTE_RECV_SIZE,LOCAL_BYTES_SENT,REMOTE_BYTES_RECVD,LOCAL_SEND_THROUGHPUT,REMOTE_RECV_THROUGHPUT,PROTOCOL,DIRECTION";
    let ctx = ParseContext {
        netperf_omni_columns: Some(cols.split(',').map(String::from).collect()),
        ..ParseContext::default()
    };
    let log = parse(LogFormat::NetperfOmni, line, &ctx).unwrap();
    let r = &log.runs[0];
    assert_eq!(
        (r.test.as_str(), r.protocol),
        ("UDP_STREAM", Some(Protocol::Udp))
    );
    assert_eq!(r.counters.sent.packets, Some(Packets(504530)));
    assert_eq!(r.counters.received.packets, Some(Packets(390792)));
    assert!(near(mbps(r.counters.received.bps), 0.63));
    let short = ParseContext {
        netperf_omni_columns: Some(vec!["THROUGHPUT".into(), "THROUGHPUT_UNITS".into()]),
        ..ParseContext::default()
    };
    let e = parse(LogFormat::NetperfOmni, line, &short).unwrap_err();
    assert!(
        e.message.contains("expected 2 comma-separated omni values"),
        "{e}"
    );
}

#[test]
fn receiver_counting_more_than_sender_is_noted() {
    let text = format!(
        "{BANNER_UDP}212992    1400   5.00        100      0      0.22\n212992           5.00        105             0.23\n\n"
    );
    let r = only(&text);
    assert_eq!(r.counters.lost_packets, Some(Packets(0)));
    assert!(
        r.notes.iter().any(|n| n.contains("5 more messages")),
        "{:?}",
        r.notes
    );
    assert_eq!(r.counters.received.bytes, Some(Bytes(105 * 1400)));
}

#[test]
fn failure_after_the_banner_is_an_error_run() {
    let text = format!(
        "{BANNER_UDP}send_data: data send error: Network is unreachable (errno 101)\nnetperf: send_omni: send_data failed: Network is unreachable\n"
    );
    let r = only(&text);
    assert_eq!(
        (r.test.as_str(), r.status),
        ("UDP_STREAM", RunStatus::Error)
    );
    assert!(
        r.error
            .is_some_and(|e| e.contains("Network is unreachable"))
    );
    assert_eq!(r.end_line, 3);
}

#[test]
fn verbose_details_are_read_past() {
    let text = fixture("np_lo_tcp_stream_default.log")
        + "\nAlignment      Offset         Bytes    Bytes       Sends   Bytes    Recvs\nLocal  Remote  Local  Remote  Xfered   Per                 Per\nSend   Recv    Send   Recv             Send (avg)          Recv (avg)\n    8       8      0       0 5.93e+09  16384.00    361904   16384.36 361883\n\nMaximum\nSegment\nSize (bytes)\n  1448\n";
    let log = classic(&text).unwrap();
    assert_eq!(log.runs.len(), 1);
    assert!(log.diagnostics.is_empty(), "{:?}", log.diagnostics);
    assert_eq!(log.runs[0].end_line, 17);
}

#[test]
fn stray_lines_between_tests_are_warned_about() {
    let text = format!(
        "$ date +%s\n1795889386\n{}=== next ===\n{}{}",
        fixture("np_pps_m1_idc2vpc_inst1.log"),
        fixture("np_lo_error_refused.log"),
        fixture("np_error_refused_ns.log")
    );
    let log = classic(&text).unwrap();
    let got: Vec<(u32, RunStatus)> = log.runs.iter().map(|r| (r.source_line, r.status)).collect();
    assert_eq!(
        got,
        vec![
            (3, RunStatus::Complete),
            (12, RunStatus::Error),
            (14, RunStatus::Error)
        ]
    );
    assert_eq!(
        log.runs[2].receiver,
        Endpoint::new("10.200.1.2", Some(12870))
    );
    assert_eq!(log.diagnostics.len(), 1);
    assert!(
        log.diagnostics[0]
            .message
            .starts_with("3 line(s) not recognized"),
        "{:?}",
        log.diagnostics
    );
}

#[test]
fn interim_transaction_rates_keep_their_times() {
    let text = fixture("np_lo_tcp_rr.log").replacen(
        "\n",
        "\nInterim result: 40000.00 Trans/s over 1.000 seconds ending at 1795889386.985\nInterim result: 40352.00 Trans/s over 1.001 seconds ending at 1795889387.986\n",
        1,
    );
    let r = only(&text);
    assert_eq!(r.intervals.len(), 2);
    assert_eq!(r.intervals[1].bps, None);
    assert!(near(r.intervals[1].start.0, 1.0) && near(r.intervals[1].end.0, 2.001));
    assert!(r.notes.iter().any(|n| n.contains("transaction rates")));
    assert_eq!(r.transactions_per_s, Some(40176.0));
}

#[test]
fn omni_request_response_receive_and_blocks() {
    let rr = "MIGRATED TCP REQUEST/RESPONSE TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 127.0.0.1 () port 0 AF_INET : demo : first burst 0\nTHROUGHPUT=40176.00\nTHROUGHPUT_UNITS=Trans/s\nELAPSED_TIME=5.00\nREQUEST_SIZE=1\nRESPONSE_SIZE=1\nP99_LATENCY=41000\nMEAN_LATENCY=24.80\n";
    let r = only(rr);
    assert_eq!(
        (r.test.as_str(), r.transactions_per_s),
        ("TCP_RR", Some(40176.0))
    );
    assert_eq!(r.extra.get("request_size_bytes"), Some(&1.0));
    assert_eq!(r.extra.get("p99_latency"), Some(&41000.0));
    assert_eq!(r.extra.get("mean_latency"), Some(&24.8));
    let csv = "Throughput,Throughput Units,Direction,Protocol,Command Line\n7119.78,10^6bits/s,Receive,TCP,\"netperf -H 127.0.0.1 -t omni -- -d recv -o THROUGHPUT,THROUGHPUT_UNITS\"\n";
    let by_selector = csv.replace(
        "Throughput,Throughput Units,Direction,Protocol,Command Line",
        "THROUGHPUT,THROUGHPUT_UNITS,DIRECTION,PROTOCOL,COMMAND_LINE",
    );
    for text in [csv, by_selector.as_str()] {
        let r = only(text);
        assert_eq!(
            (r.test.as_str(), r.protocol),
            ("TCP_MAERTS", Some(Protocol::Tcp))
        );
        assert!(near(mbps(r.counters.received.bps), 7119.78));
    }
    let o = "OMNI Send TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 10.200.1.2 () port 0 AF_INET : demo\nThroughput Throughput  \n           Units       \n                       \n                       \n94.35      10^6bits/s  \n\nElapsed Local \nTime    Send  \n(sec)   Calls \n              \n5.10    3668  \n";
    let r = only(o);
    assert_eq!(r.duration.map(|d| d.0), Some(5.10));
    assert!(near(mbps(r.counters.received.bps), 94.35));
    assert_eq!(r.extra.get("local_send_calls"), Some(&3668.0));
    assert_eq!(r.end_line, 12);
}
