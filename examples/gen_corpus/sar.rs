//! Live `sar -n DEV 1 COUNT` output as sysstat 12.6 prints it: the first line, a blank line
//! and a column header before every one-second block, times rolling over at midnight, and
//! the Average block (the mean of the printed rows) at the end. Written as it is produced.

use std::io::{self, Write};

/// One interface's counters for one second: packets/s and kB/s received and sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dev {
    pub rxpck: f64,
    pub txpck: f64,
    pub rxkb: f64,
    pub txkb: f64,
}

const HEAD: &str =
    "IFACE   rxpck/s   txpck/s    rxkB/s    txkB/s   rxcmp/s   txcmp/s  rxmcst/s   %ifutil";

/// Writes the file. `date` as sar prints it (`2026-11-28` with `S_TIME_FORMAT=ISO`); `start` the second of the day of the first
/// header; `rows(i, k)` the counters of interface `k` in second `i` (0-based).
pub fn write_dev<W: Write>(
    w: &mut W,
    host: &str,
    date: &str,
    start: u32,
    count: u32,
    ifaces: &[&str],
    mut rows: impl FnMut(u32, usize) -> Dev,
) -> io::Result<()> {
    writeln!(
        w,
        "Linux 6.18.44-fc-v782 ({host}) \t{date} \t_x86_64_\t(2 CPU)"
    )?;
    let mut sums = vec![[0.0f64; 5]; ifaces.len()];
    for i in 0..count {
        writeln!(w)?;
        let head = clock(start + i);
        writeln!(w, "{head}        {HEAD}")?;
        let t = clock(start + i + 1);
        for (k, name) in ifaces.iter().enumerate() {
            let d = if *name == "lo" {
                Dev::default()
            } else {
                rows(i, k)
            };
            let v = [
                r2(d.rxpck),
                r2(d.txpck),
                r2(d.rxkb),
                r2(d.txkb),
                r2(util(&d)),
            ];
            if let Some(s) = sums.get_mut(k) {
                for (a, b) in s.iter_mut().zip(v) {
                    *a += b;
                }
            }
            row(w, &t, name, v)?;
        }
    }
    writeln!(w)?;
    writeln!(w, "Average:        {HEAD}")?;
    for (name, s) in ifaces.iter().zip(&sums) {
        let n = f64::from(count.max(1));
        row(w, "Average:", name, s.map(|x| x / n))?;
    }
    Ok(())
}

fn row<W: Write>(w: &mut W, t: &str, name: &str, v: [f64; 5]) -> io::Result<()> {
    let [rxp, txp, rxk, txk, u] = v;
    writeln!(
        w,
        "{t:<11} {name:>9} {rxp:9.2} {txp:9.2} {rxk:9.2} {txk:9.2} {z:9.2} {z:9.2} {z:9.2} {u:9.2}",
        z = 0.0
    )
}

/// `%ifutil` of a 10 Gbit/s full-duplex interface.
fn util(d: &Dev) -> f64 {
    d.rxkb.max(d.txkb) * 1024.0 * 8.0 / 10e9 * 100.0
}

fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn clock(s: u32) -> String {
    let s = s % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}
