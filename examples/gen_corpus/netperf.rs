//! netperf 2.7.1 classic `UDP_STREAM` client output (`-- -m SIZE -R 1`, optionally with the
//! demo's `-D 1` interim lines) and the one-line `netserver -D` log, as the tools print them.

use super::rng::Rng;
use std::fmt::Write;

/// A simulated `netperf -H SERVER -p PORT -t UDP_STREAM -l SECS [-D 1] -- -m SIZE -R 1`.
#[derive(Debug, Clone)]
pub struct UdpStream {
    pub server: String,
    pub msg: u64,
    pub elapsed: f64,
    pub sent: u64,
    pub received: u64,
    /// Wall-clock start (epoch milliseconds) when `-D 1` was given.
    pub interim_from_ms: Option<i64>,
    /// Per-second send rates in 10^6bits/s for the interim lines.
    pub interim: Vec<f64>,
}

impl UdpStream {
    /// Simulates a test sending `pps` datagrams per second of which `loss` (fraction) are lost.
    #[allow(clippy::too_many_arguments)]
    pub fn simulate(
        rng: &mut Rng,
        server: &str,
        msg: u64,
        secs: u32,
        pps: f64,
        loss: f64,
        demo_start_ms: Option<i64>,
    ) -> Self {
        let elapsed = f64::from(secs) + rng.range(0.0, 0.08);
        let sent = (rng.jitter(pps, 0.03) * elapsed).round() as u64;
        let received =
            (sent as f64 * (1.0 - (loss + rng.range(-0.01, 0.01)).clamp(0.0, 0.9))).round() as u64;
        let interim = if demo_start_ms.is_some() {
            (0..secs)
                .map(|_| rng.jitter(pps, 0.05) * msg as f64 * 8.0 / 1e6)
                .collect()
        } else {
            Vec::new()
        };
        UdpStream {
            server: server.into(),
            msg,
            elapsed,
            sent,
            received,
            interim_from_ms: demo_start_ms,
            interim,
        }
    }

    pub fn text(&self) -> String {
        let mut o = String::with_capacity(512 + self.interim.len() * 80);
        let _ = writeln!(
            o,
            "MIGRATED UDP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to {} () port 0 AF_INET : demo",
            self.server
        );
        if let Some(t0) = self.interim_from_ms {
            let mut t = t0;
            for (i, r) in self.interim.iter().enumerate() {
                let span_ms = if i == 0 {
                    1000 + (t0 % 400)
                } else {
                    1000 + (t % 37) - 18
                };
                t += span_ms;
                let _ = writeln!(
                    o,
                    "Interim result: {r:7.2} 10^6bits/s over {:.3} seconds ending at {}.{:03}",
                    span_ms as f64 / 1000.0,
                    t / 1000,
                    t % 1000
                );
            }
        }
        o.push_str("Socket  Message  Elapsed      Messages                \n");
        o.push_str("Size    Size     Time         Okay Errors   Throughput\n");
        o.push_str("bytes   bytes    secs            #      #   10^6bits/sec\n\n");
        let rate = |n: u64| n as f64 * self.msg as f64 * 8.0 / self.elapsed / 1e6;
        let _ = writeln!(
            o,
            "{:6}  {:6}   {:<7.2}   {:7} {:6}    {:7.2}",
            212992,
            self.msg,
            self.elapsed,
            self.sent,
            0,
            rate(self.sent)
        );
        let _ = writeln!(
            o,
            "{:6}           {:<7.2}   {:7}           {:7.2}\n",
            212992,
            self.elapsed,
            self.received,
            rate(self.received)
        );
        o
    }
}

/// `netserver -D -p PORT`'s whole log.
pub fn netserver(port: u16) -> String {
    format!("Starting netserver with host 'IN(6)ADDR_ANY' port '{port}' and family AF_UNSPEC\n")
}
