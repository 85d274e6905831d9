//! Campaign lists, trends and campaign diffs as terminal tables, JSON and Markdown.

use super::table::{self, Align};
use crate::model::trend::{CampaignSummary, Diff, Trend};
use crate::model::units::si;

/// A Markdown table cell: pipes, backticks, angle brackets and line breaks cannot break the
/// table or inject markup.
pub fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '`' => out.push_str("\\`"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn md_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n|", header.join(" | "));
    for _ in header {
        out.push_str("---|");
    }
    out.push('\n');
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| md_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "-".to_string(), f)
}

/// Headline per direction: the highest bandwidth and pps results and the loss of the
/// bandwidth test that reached the highest rate.
fn headline(c: &CampaignSummary, d: crate::model::Direction) -> (String, String, String) {
    use crate::model::analysis::Mode;
    let bw = c
        .tests
        .iter()
        .filter(|(k, _)| k.direction == d && k.mode == Mode::Bandwidth)
        .max_by(|a, b| {
            a.1.received_bps
                .unwrap_or(0.0)
                .total_cmp(&b.1.received_bps.unwrap_or(0.0))
        });
    let pps = c
        .tests
        .iter()
        .filter(|(k, _)| k.direction == d && k.mode == Mode::Pps)
        .filter_map(|(_, h)| h.sar_received_pps.or(h.received_pps))
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    (
        opt(bw.and_then(|b| b.1.received_bps), |v| si(v, "bit/s")),
        opt(pps, |v| format!("{v:.0}")),
        opt(bw.and_then(|b| b.1.loss_percent), |v| format!("{v:.2}")),
    )
}

/// `llreport campaigns` as a table.
pub fn campaigns_table(list: &[CampaignSummary]) -> Vec<u8> {
    use crate::model::Direction::{Inbound, Outbound};
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            let (ib, ip, il) = headline(c, Inbound);
            let (ob, op, ol) = headline(c, Outbound);
            vec![
                c.name.clone(),
                c.link.clone().unwrap_or_else(|| "-".into()),
                c.date.clone().unwrap_or_else(|| "-".into()),
                c.kind.map_or("-".into(), |k| k.to_string()),
                c.verdict.as_str().to_uppercase(),
                ib,
                ip,
                il,
                ob,
                op,
                ol,
            ]
        })
        .collect();
    table::render(
        &[
            ("CAMPAIGN", Align::Left),
            ("LINK", Align::Left),
            ("DATE", Align::Left),
            ("KIND", Align::Left),
            ("VERDICT", Align::Left),
            ("IN BIT/S", Align::Right),
            ("IN PPS", Align::Right),
            ("IN LOSS %", Align::Right),
            ("OUT BIT/S", Align::Right),
            ("OUT PPS", Align::Right),
            ("OUT LOSS %", Align::Right),
        ],
        &rows,
    )
    .into_bytes()
}

fn trend_rows(t: &Trend) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for s in &t.series {
        for p in &s.points {
            let f = &p.figures;
            let c = &p.change;
            rows.push(vec![
                format!("{}/{}/{}", s.key.direction, s.key.mode, s.key.tool),
                p.campaign.clone(),
                p.date.clone().unwrap_or_else(|| "-".into()),
                f.flows.to_string(),
                opt(f.received_bps, |v| si(v, "bit/s")),
                opt(c.received_bps_percent, |v| format!("{v:+.1} %")),
                opt(f.received_pps, |v| format!("{v:.1}")),
                opt(c.received_pps_percent, |v| format!("{v:+.1} %")),
                opt(f.loss_percent, |v| format!("{v:.3}")),
                opt(c.loss_points, |v| format!("{v:+.3}")),
                opt(f.jitter_ms, |v| format!("{v:.3}")),
                opt(f.sar_received_pps, |v| format!("{v:.1}")),
                if p.regressions.is_empty() {
                    String::new()
                } else {
                    "REGRESSION".into()
                },
            ]);
        }
    }
    rows
}

const TREND_HEADER: &[&str] = &[
    "TEST",
    "CAMPAIGN",
    "DATE",
    "FLOWS",
    "RECEIVED",
    "Δ",
    "PPS",
    "Δ",
    "LOSS %",
    "Δ POINTS",
    "JITTER MS",
    "SAR PPS",
    "",
];

fn trend_intro(t: &Trend) -> String {
    let mut s = format!(
        "link {}: {} campaigns; baseline {} ({})",
        t.link,
        t.campaigns.len(),
        t.baseline,
        t.baseline_rule
    );
    if let Some(c) = t.contract_bps {
        s.push_str(&format!("; contract {}", si(c, "bit/s")));
    }
    s.push('\n');
    s
}

/// `llreport trend --format table`.
pub fn trend_table(t: &Trend) -> Vec<u8> {
    let mut out = trend_intro(t);
    out.push('\n');
    let header: Vec<(&str, Align)> = TREND_HEADER
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, if i < 3 { Align::Left } else { Align::Right }))
        .collect();
    out.push_str(&table::render(&header, &trend_rows(t)));
    out.push_str(&regressions_text(t, "  - "));
    out.into_bytes()
}

fn regressions_text(t: &Trend, bullet: &str) -> String {
    let mut out = String::new();
    if t.regressions.is_empty() {
        out.push_str("\nno regressions against the baseline\n");
    } else {
        out.push_str(&format!("\nregressions against {}:\n", t.baseline));
        for r in &t.regressions {
            out.push_str(&format!("{bullet}{}: {}\n", r.campaign, r.text));
        }
    }
    let mut notes: Vec<String> = t
        .series
        .iter()
        .flat_map(|s| {
            s.points.iter().flat_map(move |p| {
                p.notes.iter().map(move |n| {
                    format!(
                        "{}/{}/{} in {}: {n}",
                        s.key.direction, s.key.mode, s.key.tool, p.campaign
                    )
                })
            })
        })
        .collect();
    notes.dedup();
    if !notes.is_empty() {
        out.push_str("\nnotes:\n");
        for n in notes {
            out.push_str(&format!("{bullet}{n}\n"));
        }
    }
    out
}

/// `llreport trend --format md`.
pub fn trend_markdown(t: &Trend) -> Vec<u8> {
    let mut out = format!(
        "# Trend of link {}\n\n{}\n",
        md_cell(&t.link),
        md_cell(&trend_intro(t))
    );
    out.push_str(&md_table(TREND_HEADER, &trend_rows(t)));
    let reg = regressions_text(t, "- ");
    out.push_str(&reg.lines().map(md_cell).collect::<Vec<_>>().join("\n"));
    out.push('\n');
    out.into_bytes()
}

/// The change of a diff row: percentage points for percentages, milliseconds for jitter,
/// percent of A for everything else.
fn change(r: &crate::model::trend::DiffRow) -> String {
    let item = r.item.trim_start_matches("criterion:");
    match item {
        "loss_percent" | "loss" | "sar_agreement" => opt(r.delta, |v| format!("{v:+.3} points")),
        "jitter_ms" | "jitter" => opt(r.delta, |v| format!("{v:+.3} ms")),
        _ => opt(r.delta_percent, |v| format!("{v:+.1} %")),
    }
}

fn diff_rows(d: &Diff) -> Vec<Vec<String>> {
    d.rows
        .iter()
        .map(|r| {
            vec![
                r.test.clone(),
                r.item.clone(),
                r.a_text.clone(),
                r.b_text.clone(),
                change(r),
            ]
        })
        .collect()
}

/// `llreport diff --format table`.
pub fn diff_table(d: &Diff) -> Vec<u8> {
    let mut out = format!(
        "{} ({}) vs {} ({})\n\n",
        d.a,
        d.a_verdict.as_str().to_uppercase(),
        d.b,
        d.b_verdict.as_str().to_uppercase()
    );
    out.push_str(&table::render(
        &[
            ("TEST", Align::Left),
            ("ITEM", Align::Left),
            ("A", Align::Left),
            ("B", Align::Left),
            ("CHANGE", Align::Right),
        ],
        &diff_rows(d),
    ));
    out.into_bytes()
}

/// `llreport diff --format md`.
pub fn diff_markdown(d: &Diff) -> Vec<u8> {
    let mut out = format!(
        "# {} vs {}\n\nVerdicts: {} **{}**, {} **{}**\n\n",
        md_cell(&d.a),
        md_cell(&d.b),
        md_cell(&d.a),
        d.a_verdict,
        md_cell(&d.b),
        d.b_verdict
    );
    let header = ["test", "item", &d.a, &d.b, "change"];
    let header: Vec<String> = header.iter().map(|h| md_cell(h)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.push_str(&md_table(&header, &diff_rows(d)));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_are_inert() {
        assert_eq!(
            md_cell("a|b`c<script>\nd*e_"),
            "a\\|b\\`c&lt;script&gt; d\\*e\\_"
        );
    }
}
