//! The tagged-line grammar: units, tags, data lines and where a broken line breaks.

use super::lex::*;
use crate::model::Endpoint;

fn data(l: &str) -> DataLine {
    match bracketed(l) {
        Ok(Bracketed::Data(d)) => d,
        other => panic!("{l}: {other:?}"),
    }
}

#[test]
fn units() {
    assert_eq!(transfer("12.4 MBytes").map(|r| r.1), Ok(12.4 * 1048576.0));
    assert_eq!(transfer("0.00 Bytes").map(|r| r.1), Ok(0.0));
    assert_eq!(transfer("1021 KBytes").map(|r| r.1), Ok(1021.0 * 1024.0));
    assert_eq!(rate("95.6 Mbits/sec").map(|r| r.1), Ok(95.6e6));
    assert_eq!(rate("0.20 Gbits/sec").map(|r| r.1), Ok(0.20e9));
    assert_eq!(rate("98242 Kbits/sec").map(|r| r.1), Ok(98242e3));
    assert_eq!(rate("0.00 bits/sec").map(|r| r.1), Ok(0.0));
    assert_eq!(
        rate("11.7 MBytes/sec").map(|r| r.1),
        Ok(11.7 * 1048576.0 * 8.0)
    );
    assert!(rate("11.7 Qbits/sec").is_err());
}

#[test]
fn tags() {
    let t = |s| stream_tag(s).map(|r| r.1).ok();
    assert_eq!(
        t("[  5]"),
        Some(StreamTag {
            id: Some(5),
            local_sends: None
        })
    );
    assert_eq!(
        t("[SUM]"),
        Some(StreamTag {
            id: None,
            local_sends: None
        })
    );
    assert_eq!(
        t("[  7][RX-C]"),
        Some(StreamTag {
            id: Some(7),
            local_sends: Some(false)
        })
    );
    assert_eq!(
        t("[  8][TX-S]"),
        Some(StreamTag {
            id: Some(8),
            local_sends: Some(true)
        })
    );
    assert_eq!(t("[ ID]"), None);
}

#[test]
fn data_lines() {
    let d = data("[  5]   0.00-1.00   sec  13.6 MBytes   114 Mbits/sec   45    600 KBytes       ");
    assert_eq!((d.start, d.end, d.metric), (0.0, 1.0, Metric::RetrCwnd(45)));
    let d = data(
        "[  5]   0.00-3.00   sec  35.8 MBytes   100 Mbits/sec  0.000 ms  0/26779 (0%)  sender",
    );
    assert_eq!(d.label, Some(Label::Sender));
    assert_eq!(
        d.metric,
        Metric::JitterLoss {
            jitter_ms: 0.0,
            lost: 0,
            total: 26779
        }
    );
    let d = data("[  5]   0.00-5.00   sec  57.4 MBytes  96.2 Mbits/sec  416             sender");
    assert_eq!(d.metric, Metric::Count(416));
    let d = data(
        "[  5]   0.00-1.00   sec  12.0 MBytes   101 Mbits/sec    0   1.12 MBytes       (omitted)",
    );
    assert!(d.omitted);
    let d = data("[  7][RX-C]   0.00-1.00   sec  11.2 MBytes  93.9 Mbits/sec                  ");
    assert_eq!((d.metric, d.tag.local_sends), (Metric::None, Some(false)));
    let d = data("[4] 0.00-10.00 sec 237 MBytes 199 Mbits/sec 0.027 ms 500/30352 (1.6%)");
    assert_eq!(
        d.metric,
        Metric::JitterLoss {
            jitter_ms: 0.027,
            lost: 500,
            total: 30352
        }
    );
    let d = data("[  5]   0.00-1.00   sec  1.14 MBytes  9.58 Mbits/sec  74809  ");
    assert_eq!(d.metric, Metric::Count(74809));
    let d = data("[  5]   0.00-5.02   sec  15.6 MBytes  26.1 Mbits/sec                  receiver");
    assert_eq!((d.metric, d.label), (Metric::None, Some(Label::Receiver)));
}

#[test]
fn other_bracketed_lines() {
    assert_eq!(
        bracketed("[  5] local 10.200.1.1 port 54648 connected to 10.200.1.2 port 5201"),
        Ok(Bracketed::Connected {
            tag: StreamTag {
                id: Some(5),
                local_sends: None
            },
            local: Endpoint::new("10.200.1.1", Some(54648)),
            remote: Endpoint::new("10.200.1.2", Some(5201)),
        })
    );
    assert!(matches!(
        bracketed("[  4] Sent 30352 datagrams"),
        Ok(Bracketed::Sent {
            datagrams: 30352,
            ..
        })
    ));
    assert_eq!(
        bracketed("[SUM]  0.0-10.0 sec  8 datagrams received out-of-order"),
        Ok(Bracketed::OutOfOrder { count: 8 })
    );
    assert!(matches!(
        bracketed("[ ID][Role] Interval           Transfer     Bitrate         Retr  Cwnd"),
        Ok(Bracketed::Header(Header {
            bidir: true,
            retr: true,
            ..
        }))
    ));
    assert_eq!(bracketed("[  5] something new"), Ok(Bracketed::Other));
}

#[test]
fn broken_data_lines_say_where() {
    let l = "[  5]   0.00-1.00   sec  12.4 MByt";
    let e = bracketed(l).err();
    assert_eq!(e.as_ref().map(|e| e.offset), Some(25));
    assert_eq!(token_at(l, 25), "`12.4`");
    let l = "[  5]   0.00-1.00   sec  12.4 MBytes   104 Mbits/sec    x";
    let e = bracketed(l).err().map(|e| e.offset);
    assert_eq!(e, Some(l.len() - 1));
}
