//! The acceptance criteria per direction and test group, each with the measured and the
//! required value, a verdict and the reason in words; and the campaign's verdict.

use crate::model::analysis::{Criterion, GroupResult, Mode, Verdict};
use crate::model::contract::{Acceptance, VerdictSource};
use crate::model::units::si;
use crate::model::{Contract, Direction, Protocol, Tool};

/// What a rule found.
struct Judged {
    verdict: Verdict,
    measured: Option<f64>,
    required: Option<f64>,
    measured_text: String,
    required_text: String,
    reason: String,
}

fn crit(
    name: &str,
    direction: Option<Direction>,
    group: Option<&GroupResult>,
    unit: &str,
    j: Judged,
) -> Criterion {
    Criterion {
        name: name.into(),
        direction,
        group: group.map(|g| g.id.clone()),
        verdict: j.verdict,
        measured: j.measured,
        required: j.required,
        unit: unit.into(),
        measured_text: j.measured_text,
        required_text: j.required_text,
        reason: j.reason,
    }
}

fn pct(v: f64) -> String {
    format!("{v:.3} %")
}

/// The figure the verdict uses: sar's where the contract says so and sar saw the test.
fn chosen(
    g: &GroupResult,
    a: &Acceptance,
    sar: Option<f64>,
    tool: Option<f64>,
) -> (Option<f64>, &'static str) {
    match (a.verdict_source, sar, g.sar.is_some()) {
        (VerdictSource::Sar, Some(v), true) => (Some(v), "sar"),
        _ => (tool, "tools"),
    }
}

/// All criteria of a campaign.
pub fn judge(groups: &[GroupResult], contract: Option<&Contract>) -> Vec<Criterion> {
    let Some(c) = contract else {
        return vec![crit(
"contract",
None,
None,
"",
Judged {
verdict: Verdict::Inconclusive,
measured: None,
required: None,
measured_text: "-".into(),
required_text: "a contract".into(),
reason: "no contract for this campaign: give --contract FILE at ingest, or put llreport.toml at the top of the logs".into(),
},
)];
    };
    let a = &c.acceptance;
    let mut out = Vec::new();
    for d in Direction::ALL {
        let gs: Vec<&GroupResult> = groups.iter().filter(|g| g.direction == Some(*d)).collect();
        let bw: Vec<&&GroupResult> = gs.iter().filter(|g| g.mode == Mode::Bandwidth).collect();
        if bw.is_empty() {
            out.push(crit(
                "bandwidth",
                Some(*d),
                None,
                "bit/s",
                Judged {
                    verdict: Verdict::Inconclusive,
                    measured: None,
                    required: Some(c.link.bandwidth.0 * a.min_bandwidth_ratio),
                    measured_text: "no test".into(),
                    required_text: format!(
                        "≥ {}",
                        si(c.link.bandwidth.0 * a.min_bandwidth_ratio, "bit/s")
                    ),
                    reason: format!(
                        "no bandwidth test (messages of {} B or more) in the {d} direction",
                        super::grouping::BANDWIDTH_MIN_BYTES
                    ),
                },
            ));
        }
        for g in &bw {
            out.push(bandwidth(g, c));
            out.push(loss(g, c));
            out.push(per_flow(g, c));
            if let Some(j) = jitter(g, a) {
                out.push(j);
            }
            out.push(sar_agreement(g, a));
        }
        let pps: Vec<&&GroupResult> = gs.iter().filter(|g| g.mode == Mode::Pps).collect();
        if pps.is_empty() && a.min_pps > 0.0 {
            out.push(crit(
                "pps",
                Some(*d),
                None,
                "pps",
                Judged {
                    verdict: Verdict::Inconclusive,
                    measured: None,
                    required: Some(a.min_pps),
                    measured_text: "no test".into(),
                    required_text: format!("≥ {:.0} pps", a.min_pps),
                    reason: format!(
                        "no pps test (messages of {} B or less) in the {d} direction",
                        super::grouping::PPS_MAX_BYTES
                    ),
                },
            ));
        }
        for g in &pps {
            out.push(pps_rate(g, a));
            out.push(sar_agreement(g, a));
        }
    }
    out
}

fn bandwidth(g: &GroupResult, c: &Contract) -> Criterion {
    let a = &c.acceptance;
    let contract = c.link.bandwidth.0;
    // Both sides of the comparison count frames on the line: sar's byte counters do; the
    // tools' payload rates are scaled by the frame overhead.
    let (measured, from) = chosen(
        g,
        a,
        g.sar.as_ref().map(|s| s.received_bps),
        g.received_wire_bps,
    );
    let reachable = g.reachable_bps.unwrap_or(contract);
    let required = contract * a.min_bandwidth_ratio;
    let mtext = match (measured, from, g.received_bps) {
        (None, _, _) => "-".into(),
        (Some(m), "tools", Some(p)) if g.wire_factor > 1.0 => format!(
            "{} on the line ({} payload, tools)",
            si(m, "bit/s"),
            si(p, "bit/s")
        ),
        (Some(m), from, _) => format!("{} ({from})", si(m, "bit/s")),
    };
    let rtext = format!(
        "≥ {} ({:.0} % of {})",
        si(required, "bit/s"),
        a.min_bandwidth_ratio * 100.0,
        si(contract, "bit/s")
    );
    // The test proves the ratio only if it could carry it: reachable ≥ the required rate.
    let (verdict, reason) = match (measured, &g.reachable_reason) {
        (_, Some(why)) if reachable < required => (
            Verdict::Inconclusive,
            format!("the test cannot reach the contract: {why}"),
        ),
        (None, _) => (Verdict::Inconclusive, "no received rate in the logs".into()),
        (Some(m), _) if m >= required => (
            Verdict::Pass,
            format!("{} received ≥ {}", si(m, "bit/s"), si(required, "bit/s")),
        ),
        (Some(m), _) => (
            Verdict::Fail,
            format!(
                "{} received < {} ({:.1} % of the contracted {})",
                si(m, "bit/s"),
                si(required, "bit/s"),
                m / contract * 100.0,
                si(contract, "bit/s")
            ),
        ),
    };
    crit(
        "bandwidth",
        g.direction,
        Some(g),
        "bit/s",
        Judged {
            verdict,
            measured,
            required: Some(required),
            measured_text: mtext,
            required_text: rtext,
            reason,
        },
    )
}

/// Where the offered load exceeds what a flow or the line may carry, loss is the
/// policer's doing, not a fault: the reason says so. Offered rates count frames.
fn policed(g: &GroupResult, c: &Contract) -> Option<String> {
    let limit = c.link.per_flow_limit().0;
    if g.tool == Tool::Netperf && g.protocol == Some(Protocol::Udp) && g.offered_bps.is_none() {
        return Some(
            "netperf UDP_STREAM sends unpaced: the loss is the policers' by design".into(),
        );
    }
    let top = g
        .flow_results
        .iter()
        .filter_map(|f| f.offered_bps)
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
        .map(|o| o * g.wire_factor);
    if let Some(o) = top.filter(|o| *o > limit) {
        return Some(format!(
            "flows were offered up to {} each on the line, above the per-flow limit {}: the loss is the per-flow policer's by design (offer at most the limit per flow)",
            si(o, "bit/s"),
            si(limit, "bit/s")
        ));
    }
    match g.offered_wire_bps {
        Some(o) if o > c.link.bandwidth.0 => Some(format!(
            "the group was offered {} on the line, above the line rate {}: the loss is the shaper's by design",
            si(o, "bit/s"),
            si(c.link.bandwidth.0, "bit/s")
        )),
        _ => None,
    }
}

fn loss(g: &GroupResult, c: &Contract) -> Criterion {
    let a = &c.acceptance;
    let rtext = format!("≤ {}", pct(a.max_loss_percent));
    let mtext = g.loss_percent.map_or("-".into(), pct);
    if g.protocol == Some(Protocol::Tcp) {
        return crit(
            "loss",
            g.direction,
            Some(g),
            "%",
            Judged {
                verdict: Verdict::Info,
                measured: None,
                required: Some(a.max_loss_percent),
                measured_text: "-".into(),
                required_text: rtext,
                reason: "TCP retransmits what is lost; judge loss with a UDP test".into(),
            },
        );
    }
    let (verdict, reason) = match (g.loss_percent, policed(g, c)) {
        (_, Some(why)) => (Verdict::Inconclusive, why),
        (None, None) => (
            Verdict::Inconclusive,
            "the logs give no sent and received counts".into(),
        ),
        (Some(l), None) if l <= a.max_loss_percent => (
            Verdict::Pass,
            format!("{} lost with the offered load within the line", pct(l)),
        ),
        (Some(l), None) => (
            Verdict::Fail,
            format!(
                "{} lost with the offered load within the line (more than {})",
                pct(l),
                pct(a.max_loss_percent)
            ),
        ),
    };
    crit(
        "loss",
        g.direction,
        Some(g),
        "%",
        Judged {
            verdict,
            measured: g.loss_percent,
            required: Some(a.max_loss_percent),
            measured_text: mtext,
            required_text: rtext,
            reason,
        },
    )
}

fn per_flow(g: &GroupResult, c: &Contract) -> Criterion {
    let limit = c.link.per_flow_limit().0;
    let tol = c.acceptance.per_flow_tolerance_percent;
    let over: Vec<_> = g.flow_results.iter().filter(|f| f.over_limit).collect();
    let top = g
        .flow_results
        .iter()
        .filter_map(|f| f.steady_bps.or(f.received_bps))
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
        .map(|t| t * g.wire_factor);
    let mtext = top.map_or("-".into(), |t| {
        format!("{} on the line (fastest flow)", si(t, "bit/s"))
    });
    let rtext = format!("≤ {} + {tol} %", si(limit, "bit/s"));
    let (verdict, reason) = if let Some(f) = over.first() {
        (
            Verdict::Inconclusive,
            format!(
                "{} flow{} above the per-flow limit (e.g. {} at {}): that traffic did not cross the line under test, or the contract's bandwidth is wrong",
                over.len(),
                if over.len() == 1 { " is" } else { "s are" },
                f.host,
                si(
                    f.steady_bps.or(f.received_bps).unwrap_or(0.0) * g.wire_factor,
                    "bit/s"
                )
            ),
        )
    } else if top.is_none() {
        (Verdict::Info, "no per-flow rates in the logs".into())
    } else {
        (
            Verdict::Pass,
            format!(
                "all {} flows at or below the per-flow limit (judged by their steady rate where intervals exist)",
                g.flows
            ),
        )
    };
    crit(
        "per_flow_limit",
        g.direction,
        Some(g),
        "bit/s",
        Judged {
            verdict,
            measured: top,
            required: Some(limit),
            measured_text: mtext,
            required_text: rtext,
            reason,
        },
    )
}

fn jitter(g: &GroupResult, a: &Acceptance) -> Option<Criterion> {
    let j = g.jitter_ms?;
    let mtext = format!("{j:.3} ms (worst flow)");
    Some(if a.max_jitter_ms <= 0.0 {
        crit(
            "jitter",
            g.direction,
            Some(g),
            "ms",
            Judged {
                verdict: Verdict::Info,
                measured: Some(j),
                required: None,
                measured_text: mtext,
                required_text: "report only".into(),
                reason: "max_jitter_ms = 0: reported, not judged".into(),
            },
        )
    } else {
        let ok = j <= a.max_jitter_ms;
        crit(
            "jitter",
            g.direction,
            Some(g),
            "ms",
            Judged {
                verdict: if ok { Verdict::Pass } else { Verdict::Fail },
                measured: Some(j),
                required: Some(a.max_jitter_ms),
                measured_text: mtext,
                required_text: format!("≤ {} ms", a.max_jitter_ms),
                reason: format!(
                    "worst flow jitter {j:.3} ms {} {} ms",
                    if ok { "≤" } else { ">" },
                    a.max_jitter_ms
                ),
            },
        )
    })
}

fn pps_rate(g: &GroupResult, a: &Acceptance) -> Criterion {
    let (measured, from) = chosen(g, a, g.sar.as_ref().map(|s| s.received_pps), g.received_pps);
    let mtext = measured.map_or("-".into(), |m| format!("{m:.1} pps ({from})"));
    if a.min_pps <= 0.0 {
        return crit(
            "pps",
            g.direction,
            Some(g),
            "pps",
            Judged {
                verdict: Verdict::Info,
                measured,
                required: None,
                measured_text: mtext,
                required_text: "report only".into(),
                reason: "min_pps = 0: reported, not judged".into(),
            },
        );
    }
    let (verdict, reason) = match measured {
        None => (
            Verdict::Inconclusive,
            "no received packet counts in the logs".into(),
        ),
        Some(m) if m >= a.min_pps => (Verdict::Pass, format!("{m:.1} pps ≥ {:.0} pps", a.min_pps)),
        Some(m) => (Verdict::Fail, format!("{m:.1} pps < {:.0} pps", a.min_pps)),
    };
    crit(
        "pps",
        g.direction,
        Some(g),
        "pps",
        Judged {
            verdict,
            measured,
            required: Some(a.min_pps),
            measured_text: mtext,
            required_text: format!("≥ {:.0} pps", a.min_pps),
            reason,
        },
    )
}

fn sar_agreement(g: &GroupResult, a: &Acceptance) -> Criterion {
    let max = a.max_sar_difference_percent;
    let rtext = format!("within ±{max} %");
    let Some(s) = &g.sar else {
        return crit(
            "sar_agreement",
            g.direction,
            Some(g),
            "%",
            Judged {
                verdict: Verdict::Info,
                measured: None,
                required: Some(max),
                measured_text: "no sar".into(),
                required_text: rtext,
                reason: "no sar samples of the receiving hosts for this test".into(),
            },
        );
    };
    let Some(diff) = s.vs_tool_percent else {
        return crit(
            "sar_agreement",
            g.direction,
            Some(g),
            "%",
            Judged {
                verdict: Verdict::Info,
                measured: None,
                required: Some(max),
                measured_text: "-".into(),
                required_text: rtext,
                reason: "the tools give no received pps to compare".into(),
            },
        );
    };
    let mtext = format!(
        "{diff:+.2} % ({:.1} vs {:.1} pps)",
        s.received_pps,
        g.received_pps.unwrap_or(0.0)
    );
    let (verdict, reason) = if diff.abs() <= max {
        (
            Verdict::Pass,
            format!("sar and the tools agree within {max} %"),
        )
    } else if diff > 0.0 {
        (
            Verdict::Inconclusive,
            "the receiving interfaces counted more packets than the tools: the hosts dropped them after the interface (CPU, socket buffers), so the tools understate what the line delivered".into(),
        )
    } else {
        (
            Verdict::Inconclusive,
            "sar counted fewer packets than the tools: sar watched another interface or time, or missed part of the test".into(),
        )
    };
    crit(
        "sar_agreement",
        g.direction,
        Some(g),
        "%",
        Judged {
            verdict,
            measured: Some(diff),
            required: Some(max),
            measured_text: mtext,
            required_text: rtext,
            reason,
        },
    )
}

#[cfg(test)]
mod tests;
