//! A test group's totals over its counted flows, aggregated with polars: packet counts summed
//! as integers, rates summed, the worst jitter, the mean duration. A total is `None` when a
//! flow lacks the figure, so a partial sum never passes for a whole one.

use super::flows::Unit;
use polars::prelude::*;

/// The totals of one group.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub sent_packets: Option<u64>,
    pub received_packets: Option<u64>,
    pub sent_pps: Option<f64>,
    pub received_pps: Option<f64>,
    pub received_bps: Option<f64>,
    pub offered_bps: Option<f64>,
    pub transactions_per_s: Option<f64>,
    pub jitter_ms: Option<f64>,
    pub duration_s: Option<f64>,
}

const SUMS_U: [&str; 2] = ["sent_packets", "received_packets"];
const SUMS_F: [&str; 5] = [
    "sent_pps",
    "received_pps",
    "received_bps",
    "offered_bps",
    "transactions_per_s",
];

/// Totals of each group: `groups[i]` are the flows of group `i`.
pub fn totals(groups: &[Vec<&Unit>]) -> PolarsResult<Vec<Totals>> {
    let mut g: Vec<u32> = Vec::new();
    let mut sent: Vec<Option<u64>> = Vec::new();
    let mut recv: Vec<Option<u64>> = Vec::new();
    let mut f: [Vec<Option<f64>>; 5] = Default::default();
    let mut jitter: Vec<Option<f64>> = Vec::new();
    let mut duration: Vec<Option<f64>> = Vec::new();
    for (i, units) in groups.iter().enumerate() {
        for u in units {
            g.push(i as u32);
            sent.push(u.sent_packets);
            recv.push(u.received_packets);
            let vals = [
                u.sent_pps(),
                u.received_pps(),
                u.received_bps(),
                u.offered_bps,
                u.transactions_per_s,
            ];
            for (col, v) in f.iter_mut().zip(vals) {
                col.push(v);
            }
            jitter.push(u.jitter_ms);
            duration.push(u.received_duration.or(u.sent_duration));
        }
    }
    let mut out = vec![Totals::default(); groups.len()];
    if g.is_empty() {
        return Ok(out);
    }
    let [f0, f1, f2, f3, f4] = f;
    let df = df!(
        "group" => g,
        "sent_packets" => sent,
        "received_packets" => recv,
        "sent_pps" => f0,
        "received_pps" => f1,
        "received_bps" => f2,
        "offered_bps" => f3,
        "transactions_per_s" => f4,
        "jitter_ms" => jitter,
        "duration_s" => duration,
    )?;
    // A sum is kept only where no flow lacks the figure.
    let whole = |c: &str| {
        when(col(c).null_count().eq(lit(0)))
            .then(col(c).sum())
            .otherwise(lit(NULL))
            .alias(c)
    };
    let mut aggs: Vec<Expr> = SUMS_U
        .iter()
        .chain(SUMS_F.iter())
        .map(|c| whole(c))
        .collect();
    aggs.push(col("jitter_ms").max().alias("jitter_ms"));
    aggs.push(col("duration_s").mean().alias("duration_s"));
    let t = df
        .lazy()
        .group_by([col("group")])
        .agg(aggs)
        .sort(["group"], SortMultipleOptions::default())
        .collect()?;
    let idx: Vec<Option<u32>> = t.column("group")?.u32()?.iter().collect();
    let u64s = |c: &str| -> PolarsResult<Vec<Option<u64>>> {
        Ok(t.column(c)?
            .cast(&DataType::UInt64)?
            .u64()?
            .iter()
            .collect())
    };
    let f64s = |c: &str| -> PolarsResult<Vec<Option<f64>>> {
        Ok(t.column(c)?
            .cast(&DataType::Float64)?
            .f64()?
            .iter()
            .collect())
    };
    let (sp, rp) = (u64s("sent_packets")?, u64s("received_packets")?);
    let (spps, rpps, rbps) = (
        f64s("sent_pps")?,
        f64s("received_pps")?,
        f64s("received_bps")?,
    );
    let (off, tps) = (f64s("offered_bps")?, f64s("transactions_per_s")?);
    let (jit, dur) = (f64s("jitter_ms")?, f64s("duration_s")?);
    for (k, i) in idx.iter().enumerate() {
        let Some(slot) = i.and_then(|i| out.get_mut(i as usize)) else {
            continue;
        };
        let at = |v: &Vec<Option<f64>>| v.get(k).copied().flatten();
        *slot = Totals {
            sent_packets: sp.get(k).copied().flatten(),
            received_packets: rp.get(k).copied().flatten(),
            sent_pps: at(&spps),
            received_pps: at(&rpps),
            received_bps: at(&rbps),
            offered_bps: at(&off),
            transactions_per_s: at(&tps),
            jitter_ms: at(&jit),
            duration_s: at(&dur),
        };
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Endpoint, Protocol, Tool};

    fn unit(sent: Option<u64>, received: u64, jitter: f64) -> Unit {
        Unit {
            evidence: Vec::new(),
            counted_from: "client",
            direction: None,
            direction_how: String::new(),
            tool: Tool::Iperf3,
            protocol: Some(Protocol::Udp),
            test: "UDP".into(),
            message_size: Some(1400),
            sender: Endpoint::default(),
            receiver: Endpoint::default(),
            log_host: None,
            sent_packets: sent,
            received_packets: Some(received),
            sent_duration: Some(10.0),
            received_duration: Some(10.0),
            received_bytes: None,
            received_bps_printed: None,
            jitter_ms: Some(jitter),
            offered_stated: None,
            offered_bps: None,
            transactions_per_s: None,
            started_at: None,
            streams_in_run: 1,
            intervals: Vec::new(),
            source_dirs: Vec::new(),
        }
    }

    #[test]
    fn sums_are_exact_and_partial_sums_are_none() {
        let big = (1u64 << 53) + 1;
        let a = unit(Some(big), 10, 0.2);
        let b = unit(Some(3), 20, 0.5);
        let c = unit(None, 30, 0.1);
        let t = totals(&[vec![&a, &b], vec![&a, &c], vec![]]).expect("totals");
        assert_eq!(t[0].sent_packets, Some(big + 3), "integer, not float, sums");
        assert_eq!(t[0].received_packets, Some(30));
        assert_eq!(t[0].received_pps, Some(3.0));
        assert_eq!(t[0].jitter_ms, Some(0.5));
        assert_eq!(t[0].duration_s, Some(10.0));
        assert_eq!(t[1].sent_packets, None, "a flow without a sent count");
        assert_eq!(t[1].received_packets, Some(40));
        assert_eq!(t[1].offered_bps, None);
        assert_eq!(t[2], Totals::default());
    }
}
