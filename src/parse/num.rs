//! Decimal numbers as the tools print them (`1234`, `-0.5`, `64481,00`), read without a
//! general float parser when that gives the same bits: every value of every sar row and
//! iperf3 interval goes through here.

/// The value of `t`, which must be an optional sign, digits, and optionally one `.` or
/// `,` followed by digits (`None` for anything else, including `1.`, `.5`, `1e5`).
///
/// The result is the correctly rounded `f64`, exactly what `str::parse::<f64>` returns for
/// the same text (with `.` for `,`): when the digits make an integer below 2^53 and there
/// are at most 22 of them after the point, integer and power of ten are both exact doubles
/// and one IEEE division rounds correctly; longer numbers go to the standard parser.
pub fn decimal(t: &[u8]) -> Option<f64> {
    decimal_prefix(t).and_then(|(v, len)| (len == t.len()).then_some(v))
}

/// The number at the start of `t` as [`decimal`] reads it, and how many bytes it took: it
/// ends at the first byte that cannot continue it. A reader scanning a line takes a field's
/// value in the same pass that finds the field's end.
pub fn decimal_prefix(t: &[u8]) -> Option<(f64, usize)> {
    let (neg, sign) = match t.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let body = t.get(sign..).unwrap_or_default();
    let (mantissa, int_digits) = accumulate(0, body);
    if int_digits == 0 {
        return None;
    }
    let (mantissa, frac_digits) = match body.get(int_digits) {
        Some(b'.' | b',') => match accumulate(mantissa, body.get(int_digits + 1..)?) {
            (_, 0) => return None,
            (m, n) => (m, n),
        },
        _ => (mantissa, 0),
    };
    let len = sign + int_digits + if frac_digits > 0 { 1 + frac_digits } else { 0 };
    let v = match exact(mantissa, int_digits + frac_digits, frac_digits) {
        Some(v) => {
            if neg {
                -v
            } else {
                v
            }
        }
        None => slow(t.get(..len)?).filter(|v| v.is_finite())?,
    };
    Some((v, len))
}

/// The unsigned value of `digits` decimal digits that make the integer `mantissa` (taken
/// modulo 2^64 as [`accumulate`] does), `frac` of them after the point, when one division
/// gives it exactly rounded; `None` when the standard parser must read the text.
pub fn exact(mantissa: u64, digits: usize, frac: usize) -> Option<f64> {
    // Up to 19 digits cannot overflow a u64; the exact path needs the value below 2^53.
    const EXACT: u64 = 1 << 53;
    match POW10.get(frac) {
        // Finite by construction: nothing waits on the division here.
        Some(&p) if digits <= 19 && mantissa <= EXACT => Some(mantissa as f64 / p),
        _ => None,
    }
}

/// Appends the leading ASCII digits of `t` to `m` (wrapping past 20 digits, when the caller
/// does not use it) and says how many there were.
pub fn accumulate(mut m: u64, t: &[u8]) -> (u64, usize) {
    let mut n = 0;
    for &b in t {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        m = m.wrapping_mul(10).wrapping_add(u64::from(d));
        n += 1;
    }
    (m, n)
}

/// The standard parser, for numbers with too many digits for the exact path.
fn slow(t: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(t).ok()?;
    if s.contains(',') {
        s.replace(',', ".").parse().ok()
    } else {
        s.parse().ok()
    }
}

/// 10^0 ..= 10^22, the powers of ten that are exact doubles.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn std_parse(s: &str) -> Option<f64> {
        s.replace(',', ".").parse().ok()
    }

    #[test]
    fn prefixes() {
        assert_eq!(decimal_prefix(b"12.5 x"), Some((12.5, 4)));
        assert_eq!(decimal_prefix(b"-3,25\t"), Some((-3.25, 5)));
        assert_eq!(decimal_prefix(b"7/279"), Some((7.0, 1)));
        assert_eq!(decimal_prefix(b"1.2.3"), Some((1.2, 3)));
        for bad in ["1. ", "-x", ".5", ""] {
            assert_eq!(decimal_prefix(bad.as_bytes()), None, "{bad:?}");
        }
    }

    #[test]
    fn forms() {
        assert_eq!(decimal(b"1234"), Some(1234.0));
        assert_eq!(decimal(b"64481,00"), Some(64481.0));
        assert_eq!(decimal(b"-0.5"), Some(-0.5));
        assert_eq!(decimal(b"+2.25"), Some(2.25));
        assert_eq!(decimal(b"0.00"), Some(0.0));
        for bad in [
            "", "-", "+", ".", "1.", ".5", "1.2.3", "1,2,3", "1e5", "a", "1 ", " 1", "--1", "1-",
            "nan", "inf",
        ] {
            assert_eq!(decimal(bad.as_bytes()), None, "{bad:?}");
        }
    }

    #[test]
    fn same_bits_as_the_standard_parser() {
        // Every shape the fast path takes and the edges where it hands over: short and long
        // integer parts, up to 25 fraction digits, mantissas around 2^53 and 2^64.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut cases = vec![
            "9007199254740992".to_string(),
            "9007199254740993".to_string(),
            "9007199254740993.0".to_string(),
            "0.9007199254740993".to_string(),
            "18446744073709551615".to_string(),
            "18446744073709551616".to_string(),
            "123456789012345678901234567890".to_string(),
            "0.1".to_string(),
            "0.30000000000000004".to_string(),
            "1.7976931348623157".to_string(),
            format!("1{}", "0".repeat(400)),
        ];
        for _ in 0..200_000 {
            let r = next();
            let int_len = (r % 20) as usize + 1;
            let frac_len = ((r >> 8) % 26) as usize;
            let mut s = String::new();
            if r & (1 << 20) != 0 {
                s.push('-');
            }
            for _ in 0..int_len {
                s.push(char::from(b'0' + (next() % 10) as u8));
            }
            if frac_len > 0 {
                s.push(if r & (1 << 21) != 0 { ',' } else { '.' });
                for _ in 0..frac_len {
                    s.push(char::from(b'0' + (next() % 10) as u8));
                }
            }
            cases.push(s);
        }
        for s in &cases {
            let want = std_parse(s).filter(|v| v.is_finite());
            let got = decimal(s.as_bytes());
            assert_eq!(
                got.map(f64::to_bits),
                want.map(f64::to_bits),
                "{s}: {got:?} vs {want:?}"
            );
        }
    }
}
