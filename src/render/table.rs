//! Plain-text tables for terminals: left-aligned text, right-aligned numbers.

/// Column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Renders rows under a header, padding every column to its widest cell. Control
/// characters in cells are replaced so a log cannot move the cursor of the terminal.
pub fn render(header: &[(&str, Align)], rows: &[Vec<String>]) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect()
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|(h, _)| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: &mut dyn Iterator<Item = (&str, Align, usize)>, out: &mut String| {
        let mut parts = Vec::new();
        for (c, a, w) in cells {
            parts.push(match a {
                Align::Left => format!("{c:<w$}"),
                Align::Right => format!("{c:>w$}"),
            });
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(
        &mut header.iter().zip(&widths).map(|((h, a), w)| (*h, *a, *w)),
        &mut out,
    );
    for r in &rows {
        line(
            &mut r
                .iter()
                .zip(header.iter().zip(&widths))
                .map(|(c, ((_, a), w))| (c.as_str(), *a, *w)),
            &mut out,
        );
    }
    out
}

/// A number with `decimals` places, or `-` when absent.
pub fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.decimals$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_aligns() {
        let t = render(
            &[("name", Align::Left), ("n", Align::Right)],
            &[
                vec!["a".into(), "10".into()],
                vec!["bcd\x1b[2J".into(), "7".into()],
            ],
        );
        assert_eq!(t, "name      n\na        10\nbcd\u{fffd}[2J   7\n");
    }
}
