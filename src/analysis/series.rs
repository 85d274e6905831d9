//! Interval series with polars: each flow's steady rate (the median of its interval rates),
//! and the time-aligned aggregate throughput of a group with its percentiles.

use crate::model::Interval;
use crate::model::analysis::{Percentiles, Point};
use chrono::{DateTime, Utc};
use polars::prelude::*;

/// What the interval series of a group give.
#[derive(Debug, Default)]
pub struct SeriesResult {
    /// Per flow, in input order.
    pub steady_bps: Vec<Option<f64>>,
    pub timeline: Vec<Point>,
    pub percentiles: Option<Percentiles>,
}

/// Intervals shorter than half of a flow's longest are fragments (iperf3's `5.00-5.01`)
/// whose rates mean nothing; they are left out.
fn usable(intervals: &[Interval]) -> Vec<&Interval> {
    let longest = intervals
        .iter()
        .map(|i| i.end.0 - i.start.0)
        .fold(0.0f64, f64::max);
    intervals
        .iter()
        .filter(|i| i.bps.is_some_and(|b| b.0.is_finite()))
        .filter(|i| i.end.0 - i.start.0 >= 0.5 * longest && longest > 0.0)
        .collect()
}

/// Analyses the interval series of a group's flows. Flows are aligned on wall-clock time
/// when every flow has timestamps, else on the offset from their own start (concurrent
/// starts assumed).
pub fn analyse(flows: &[Vec<Interval>]) -> PolarsResult<SeriesResult> {
    let mut flow_col: Vec<u32> = Vec::new();
    let mut bucket: Vec<i64> = Vec::new();
    let mut bps: Vec<f64> = Vec::new();
    let all_ts = flows
        .iter()
        .filter(|f| !f.is_empty())
        .all(|f| f.iter().all(|i| i.timestamp.is_some()))
        && flows.iter().any(|f| !f.is_empty());
    for (n, f) in flows.iter().enumerate() {
        for i in usable(f) {
            let b = match (all_ts, i.timestamp) {
                (true, Some(ts)) => (ts.timestamp_millis() as f64 / 1000.0).round() as i64,
                _ => i.end.0.round() as i64,
            };
            flow_col.push(n as u32);
            bucket.push(b);
            bps.push(i.bps.map_or(0.0, |b| b.0));
        }
    }
    let mut out = SeriesResult {
        steady_bps: vec![None; flows.len()],
        ..SeriesResult::default()
    };
    if bps.is_empty() {
        return Ok(out);
    }
    let df = df!("flow" => flow_col, "bucket" => bucket, "bps" => bps)?;
    let steady = df
        .clone()
        .lazy()
        .group_by([col("flow")])
        .agg([col("bps").median().alias("steady")])
        .collect()?;
    let fl = steady.column("flow")?.u32()?;
    let st = steady.column("steady")?.f64()?;
    for (f, s) in fl.iter().zip(st.iter()) {
        if let Some(slot) = f.and_then(|f| out.steady_bps.get_mut(f as usize)) {
            *slot = s;
        }
    }
    let agg = df
        .lazy()
        .group_by([col("bucket")])
        .agg([col("bps").sum().alias("total")])
        .sort(["bucket"], SortMultipleOptions::default())
        .collect()?;
    let buckets: Vec<Option<i64>> = agg.column("bucket")?.i64()?.iter().collect();
    let totals: Vec<Option<f64>> = agg.column("total")?.f64()?.iter().collect();
    let first = buckets.iter().flatten().next().copied().unwrap_or(0);
    out.timeline = buckets
        .iter()
        .zip(&totals)
        .filter_map(|(b, v)| {
            let (b, v) = ((*b)?, (*v)?);
            Some(Point {
                t: if all_ts { (b - first) as f64 } else { b as f64 },
                ts: if all_ts {
                    DateTime::<Utc>::from_timestamp(b, 0)
                } else {
                    None
                },
                v,
            })
        })
        .collect();
    let q = agg
        .lazy()
        .select([
            col("total").count().cast(DataType::UInt32).alias("n"),
            col("total").min().alias("min"),
            col("total")
                .quantile(lit(0.05), QuantileMethod::Linear)
                .alias("p5"),
            col("total").median().alias("p50"),
            col("total")
                .quantile(lit(0.95), QuantileMethod::Linear)
                .alias("p95"),
            col("total").max().alias("max"),
        ])
        .collect()?;
    let get = |c: &str| -> PolarsResult<f64> { Ok(q.column(c)?.f64()?.get(0).unwrap_or(f64::NAN)) };
    out.percentiles = Some(Percentiles {
        samples: q.column("n")?.u32()?.get(0).unwrap_or(0),
        min: get("min")?,
        p5: get("p5")?,
        p50: get("p50")?,
        p95: get("p95")?,
        max: get("max")?,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BitsPerSec, Seconds};

    fn iv(start: f64, end: f64, mbps: f64) -> Interval {
        Interval {
            start: Seconds(start),
            end: Seconds(end),
            bps: Some(BitsPerSec(mbps * 1e6)),
            ..Interval::default()
        }
    }

    #[test]
    fn steady_rate_ignores_the_initial_burst_and_fragments() {
        let f = vec![
            iv(0.0, 1.0, 16.0),
            iv(1.0, 2.0, 8.2),
            iv(2.0, 3.0, 8.1),
            iv(3.0, 4.0, 8.2),
            iv(4.0, 4.01, 300.0),
        ];
        let r = analyse(&[f.clone(), f]).expect("series");
        for s in &r.steady_bps {
            assert!(s.is_some_and(|s| (s - 8.2e6).abs() < 1e-3), "{s:?}");
        }
        assert_eq!(r.timeline.len(), 4);
        assert_eq!(r.timeline[0].v, 32e6);
        let p = r.percentiles.expect("percentiles");
        assert_eq!(p.samples, 4);
        assert_eq!(p.max, 32e6);
        assert_eq!(p.min, 16.2e6);
        assert!((p.p50 - 16.4e6).abs() < 1.0, "{p:?}");
    }

    #[test]
    fn no_intervals_no_series() {
        let r = analyse(&[vec![], vec![]]).expect("series");
        assert_eq!(r.steady_bps, vec![None, None]);
        assert!(r.timeline.is_empty() && r.percentiles.is_none());
    }
}
