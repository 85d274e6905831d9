//! Number formatting as the tools print it: iperf3's auto-scaled 3-digit units and C's `%g`.

/// iperf3 `unit_snprintf` for a byte count: 1024-based, `%4.2f`/`%4.1f`/`%4.0f` by size,
/// `Bytes`, `KBytes`, `MBytes`, `GBytes`.
pub fn bytes(v: f64) -> String {
    let (n, unit) = if v >= 1024.0 * 1024.0 * 1024.0 {
        (v / (1024.0 * 1024.0 * 1024.0), "GBytes")
    } else if v >= 1024.0 * 1024.0 {
        (v / (1024.0 * 1024.0), "MBytes")
    } else if v >= 1024.0 {
        (v / 1024.0, "KBytes")
    } else {
        (v, "Bytes")
    };
    three_digits(n, unit)
}

/// iperf3 `unit_snprintf` for a bit rate: 1000-based, `bits/sec` ... `Gbits/sec`.
pub fn bits(v: f64) -> String {
    let (n, unit) = if v >= 1e9 {
        (v / 1e9, "Gbits/sec")
    } else if v >= 1e6 {
        (v / 1e6, "Mbits/sec")
    } else if v >= 1e3 {
        (v / 1e3, "Kbits/sec")
    } else {
        (v, "bits/sec")
    };
    three_digits(n, unit)
}

fn three_digits(n: f64, unit: &str) -> String {
    if n < 9.995 {
        format!("{n:4.2} {unit}")
    } else if n < 99.95 {
        format!("{n:4.1} {unit}")
    } else {
        format!("{n:4.0} {unit}")
    }
}

/// C's `%.2g` for values in [0, 100): `0`, `0.93`, `6.5`, `72`.
pub fn g2(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let sci = format!("{v:.1e}");
    let exp: i32 = sci
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let decimals = usize::try_from(1 - exp).unwrap_or(0);
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_iperf3() {
        assert_eq!(super::bytes(3.57 * 1048576.0), "3.57 MBytes");
        assert_eq!(super::bytes(994.0 * 1024.0), " 994 KBytes");
        assert_eq!(super::bits(30.0e6), "30.0 Mbits/sec");
        assert_eq!(super::g2(72.3), "72");
        assert_eq!(super::g2(6.46), "6.5");
        assert_eq!(super::g2(0.93), "0.93");
        assert_eq!(super::g2(0.0), "0");
    }
}
