//! Campaigns of a link over time: each campaign's headline figures per test, their changes
//! against a baseline campaign, regressions beyond the contract's thresholds, and the
//! side-by-side difference of two campaigns.

use crate::model::analysis::{Analysis, GroupResult, Mode, Verdict};
use crate::model::contract::{CampaignKind, TrendRules};
use crate::model::trend::{
    CampaignSummary, Change, Diff, DiffRow, Headline, Regression, TestKey, Trend, TrendPoint,
    TrendSeries,
};
use crate::model::units::si;
use std::collections::BTreeMap;

/// What the store says of a campaign besides its analysis.
#[derive(Clone, Debug)]
pub struct CampaignMeta {
    pub name: String,
    pub link: Option<String>,
    pub date: Option<String>,
    pub kind: Option<CampaignKind>,
}

fn key(g: &GroupResult) -> Option<TestKey> {
    Some(TestKey {
        direction: g.direction?,
        mode: g.mode,
        tool: g.tool,
    })
}

fn headline(g: &GroupResult, a: &Analysis) -> Headline {
    Headline {
        flows: g.flows,
        received_bps: g.received_bps,
        received_pps: g.received_pps,
        loss_percent: g.loss_percent,
        jitter_ms: g.jitter_ms,
        sar_received_pps: g.sar.as_ref().map(|s| s.received_pps),
        verdict: Some(Verdict::combine(
            a.criteria
                .iter()
                .filter(|c| c.group.as_deref() == Some(g.id.as_str()))
                .map(|c| &c.verdict),
        )),
    }
}

/// A campaign's verdict and headline figures per test. Where a campaign ran one test several
/// times, the run with the most flows (then the highest rate) stands for it.
pub fn summarize(meta: &CampaignMeta, a: &Analysis) -> CampaignSummary {
    let mut best: BTreeMap<TestKey, &GroupResult> = BTreeMap::new();
    for g in &a.groups {
        let Some(k) = key(g) else { continue };
        let better = |old: &GroupResult| {
            (g.flows, g.received_bps.unwrap_or(0.0)) > (old.flows, old.received_bps.unwrap_or(0.0))
        };
        match best.get(&k) {
            Some(old) if !better(old) => {}
            _ => {
                best.insert(k, g);
            }
        }
    }
    CampaignSummary {
        name: meta.name.clone(),
        link: meta.link.clone(),
        date: meta.date.clone(),
        kind: meta.kind,
        verdict: a.verdict,
        contract_bps: a.contract.as_ref().map(|c| c.bandwidth_bps),
        tests: best.into_iter().map(|(k, g)| (k, headline(g, a))).collect(),
    }
}

fn pct(v: Option<f64>, base: Option<f64>) -> Option<f64> {
    let (v, b) = (v?, base?);
    (b != 0.0).then(|| (v - b) / b * 100.0)
}

fn diff_of(v: Option<f64>, base: Option<f64>) -> Option<f64> {
    Some(v? - base?)
}

fn test_name(k: &TestKey) -> String {
    format!("{}/{}/{}", k.direction, k.mode, k.tool)
}

/// The trend of a link's campaigns (in date order). The baseline is `baseline` when given,
/// else the earliest acceptance campaign, else the earliest campaign.
pub fn trend(
    link: &str,
    campaigns: Vec<CampaignSummary>,
    baseline: Option<&str>,
    rules: &TrendRules,
    per_flow_limit_bps: Option<f64>,
) -> Result<Trend, String> {
    let (base, rule) = match baseline {
        Some(b) => (
            campaigns.iter().find(|c| c.name == b).ok_or_else(|| {
                format!(
                    "no campaign named `{b}` on link {link}; its campaigns: {}",
                    campaigns
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?,
            "given with --baseline".to_string(),
        ),
        None => match campaigns
            .iter()
            .find(|c| c.kind == Some(CampaignKind::Acceptance))
        {
            Some(c) => (c, "the earliest acceptance campaign".to_string()),
            None => (
                campaigns
                    .first()
                    .ok_or_else(|| format!("link {link} has no campaigns"))?,
                "the earliest campaign (no acceptance campaign)".to_string(),
            ),
        },
    };
    let base_tests: BTreeMap<&TestKey, &Headline> =
        base.tests.iter().map(|(k, h)| (k, h)).collect();
    let mut keys: Vec<TestKey> = campaigns
        .iter()
        .flat_map(|c| c.tests.iter().map(|(k, _)| k.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    let mut series = Vec::new();
    let mut regressions = Vec::new();
    for k in keys {
        let b = base_tests.get(&k).copied();
        let mut points = Vec::new();
        for c in &campaigns {
            let Some((_, h)) = c.tests.iter().find(|(kk, _)| *kk == k) else {
                continue;
            };
            let change = Change {
                received_bps_percent: pct(h.received_bps, b.and_then(|b| b.received_bps)),
                received_pps_percent: pct(h.received_pps, b.and_then(|b| b.received_pps)),
                sar_received_pps_percent: pct(
                    h.sar_received_pps,
                    b.and_then(|b| b.sar_received_pps),
                ),
                loss_points: diff_of(h.loss_percent, b.and_then(|b| b.loss_percent)),
                jitter_ms: diff_of(h.jitter_ms, b.and_then(|b| b.jitter_ms)),
            };
            let mut found = Vec::new();
            if c.name != base.name
                && let Some(b) = b
            {
                found = regressions_of(&k, h, b, &change, rules);
            }
            let mut notes = Vec::new();
            if let Some(b) = b.filter(|b| b.flows != h.flows) {
                notes.push(format!(
                    "{} flows against {} in the baseline: rates are not directly comparable",
                    h.flows, b.flows
                ));
            }
            points.push(TrendPoint {
                campaign: c.name.clone(),
                date: c.date.clone(),
                kind: c.kind,
                figures: h.clone(),
                change,
                regressions: found.iter().map(|r| r.text.clone()).collect(),
                notes,
            });
            for mut r in found {
                r.campaign = c.name.clone();
                regressions.push(r);
            }
        }
        series.push(TrendSeries { key: k, points });
    }
    Ok(Trend {
        link: link.to_string(),
        baseline: base.name.clone(),
        baseline_rule: rule,
        rules: rules.clone(),
        contract_bps: campaigns.last().and_then(|c| c.contract_bps),
        per_flow_limit_bps,
        campaigns,
        series,
        regressions,
    })
}

fn regressions_of(
    k: &TestKey,
    h: &Headline,
    b: &Headline,
    change: &Change,
    rules: &TrendRules,
) -> Vec<Regression> {
    let mut out = Vec::new();
    let mut push = |metric: &str, base: Option<f64>, value: Option<f64>, text: String| {
        if let (Some(base), Some(value)) = (base, value) {
            out.push(Regression {
                campaign: String::new(),
                key: k.clone(),
                metric: metric.into(),
                baseline: base,
                value,
                text,
            });
        }
    };
    let name = test_name(k);
    if k.mode == Mode::Bandwidth {
        if let Some(p) = change
            .received_bps_percent
            .filter(|p| -p > rules.max_bandwidth_drop_percent)
        {
            push(
                "received_bps",
                b.received_bps,
                h.received_bps,
                format!(
                    "{name}: received {} against {} ({p:+.1} %, more than {} % down)",
                    si(h.received_bps.unwrap_or(0.0), "bit/s"),
                    si(b.received_bps.unwrap_or(0.0), "bit/s"),
                    rules.max_bandwidth_drop_percent
                ),
            );
        }
        if let Some(d) = change
            .loss_points
            .filter(|d| *d > rules.max_loss_increase_points)
        {
            push(
                "loss_percent",
                b.loss_percent,
                h.loss_percent,
                format!(
                    "{name}: loss {:.3} % against {:.3} % ({d:+.3} points, more than {} up)",
                    h.loss_percent.unwrap_or(0.0),
                    b.loss_percent.unwrap_or(0.0),
                    rules.max_loss_increase_points
                ),
            );
        }
    }
    if k.mode == Mode::Pps
        && let Some(p) = change
            .received_pps_percent
            .filter(|p| -p > rules.max_pps_drop_percent)
    {
        push(
            "received_pps",
            b.received_pps,
            h.received_pps,
            format!(
                "{name}: {:.1} pps against {:.1} ({p:+.1} %, more than {} % down)",
                h.received_pps.unwrap_or(0.0),
                b.received_pps.unwrap_or(0.0),
                rules.max_pps_drop_percent
            ),
        );
    }
    if let Some(d) = change
        .jitter_ms
        .filter(|d| *d > rules.max_jitter_increase_ms)
    {
        push(
            "jitter_ms",
            b.jitter_ms,
            h.jitter_ms,
            format!(
                "{name}: jitter {:.3} ms against {:.3} ms ({d:+.3} ms, more than {} ms up)",
                h.jitter_ms.unwrap_or(0.0),
                b.jitter_ms.unwrap_or(0.0),
                rules.max_jitter_increase_ms
            ),
        );
    }
    out
}

/// A headline figure of a diff: its name, how to read it, how to show it.
type DiffItem = (
    &'static str,
    fn(&Headline) -> Option<f64>,
    fn(f64) -> String,
);

/// Two campaigns side by side: each test's figures and each criterion, with the
/// differences.
pub fn diff(a: (&CampaignSummary, &Analysis), b: (&CampaignSummary, &Analysis)) -> Diff {
    let mut rows = Vec::new();
    let mut keys: Vec<&TestKey> = a.0.tests.iter().chain(&b.0.tests).map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    let find = |s: &CampaignSummary, k: &TestKey| {
        s.tests
            .iter()
            .find(|(kk, _)| kk == k)
            .map(|(_, h)| h.clone())
    };
    for k in keys {
        let (ha, hb) = (find(a.0, k), find(b.0, k));
        let items: [DiffItem; 6] = [
            ("flows", |h| Some(f64::from(h.flows)), |v| format!("{v:.0}")),
            ("received_bps", |h| h.received_bps, |v| si(v, "bit/s")),
            (
                "received_pps",
                |h| h.received_pps,
                |v| format!("{v:.1} pps"),
            ),
            (
                "sar_received_pps",
                |h| h.sar_received_pps,
                |v| format!("{v:.1} pps"),
            ),
            ("loss_percent", |h| h.loss_percent, |v| format!("{v:.3} %")),
            ("jitter_ms", |h| h.jitter_ms, |v| format!("{v:.3} ms")),
        ];
        for (item, get, show) in items {
            let va = ha.as_ref().and_then(get);
            let vb = hb.as_ref().and_then(get);
            if va.is_none() && vb.is_none() {
                continue;
            }
            rows.push(DiffRow {
                direction: Some(k.direction),
                test: test_name(k),
                item: item.into(),
                a: va,
                b: vb,
                delta: diff_of(vb, va),
                delta_percent: pct(vb, va),
                a_text: va.map_or("-".into(), show),
                b_text: vb.map_or("-".into(), show),
            });
        }
    }
    let mut crits: Vec<(String, String, Option<crate::model::Direction>)> =
        a.1.criteria
            .iter()
            .chain(&b.1.criteria)
            .map(|c| {
                (
                    c.name.clone(),
                    c.group.clone().unwrap_or_else(|| "-".into()),
                    c.direction,
                )
            })
            .collect();
    crits.sort_by(|x, y| (x.2, &x.1, &x.0).cmp(&(y.2, &y.1, &y.0)));
    crits.dedup();
    for (name, group, direction) in crits {
        let pick = |an: &Analysis| {
            an.criteria
                .iter()
                .find(|c| {
                    c.name == name
                        && c.group.clone().unwrap_or_else(|| "-".into()) == group
                        && c.direction == direction
                })
                .cloned()
        };
        let (ca, cb) = (pick(a.1), pick(b.1));
        let text = |c: &Option<crate::model::analysis::Criterion>| {
            c.as_ref().map_or("-".into(), |c| {
                format!("{}: {}", c.verdict, c.measured_text)
            })
        };
        let (va, vb) = (
            ca.as_ref().and_then(|c| c.measured),
            cb.as_ref().and_then(|c| c.measured),
        );
        rows.push(DiffRow {
            direction,
            test: group
                .rsplit_once('/')
                .map_or(group.clone(), |(t, _)| t.to_string()),
            item: format!("criterion:{name}"),
            a: va,
            b: vb,
            delta: diff_of(vb, va),
            delta_percent: pct(vb, va),
            a_text: text(&ca),
            b_text: text(&cb),
        });
    }
    Diff {
        a: a.0.name.clone(),
        b: b.0.name.clone(),
        a_verdict: a.1.verdict,
        b_verdict: b.1.verdict,
        rows,
    }
}
