//! Reading records back as model types.

use super::{Result, Store, StoreError};
use crate::model::{
    BitsPerSec, Bytes, Counters, DevRow, DevSource, Direction, Endpoint, Flow, Interval, LogFormat,
    Packets, Protocol, Role, Run, RunRecord, RunStatus, SampleHead, SarSample, Seconds,
    SourceRecord, SourceStatus, Tool, Transfer,
};
use chrono::{DateTime, Utc};
use rusqlite::{Row, params_from_iter, types::Value};

/// Which sar samples to list.
#[derive(Clone, Debug, Default)]
pub struct SampleFilter {
    pub campaign: Option<String>,
    pub host: Option<String>,
    pub iface: Option<String>,
    pub report: Option<String>,
}

impl Store {
    /// Names of all campaigns, sorted.
    pub fn campaign_names(&self) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT name FROM campaigns ORDER BY name")
            .map_err(self.err())?;
        let rows = st
            .query_map([], |r| r.get(0))
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(self.err())?;
        Ok(rows)
    }

    /// Fails with a message listing the known campaigns when `name` is not one of them.
    pub fn require_campaign(&self, name: &str) -> Result<()> {
        let names = self.campaign_names()?;
        if names.iter().any(|n| n == name) {
            Ok(())
        } else if names.is_empty() {
            Err(StoreError::NotFound(format!(
                "no campaign named `{name}`: the store holds no campaigns yet"
            )))
        } else {
            Err(StoreError::NotFound(format!(
                "no campaign named `{name}`; known campaigns: {}",
                names.join(", ")
            )))
        }
    }

    /// Runs (with their flows; with intervals when asked) of one campaign or of all, in
    /// store order.
    pub fn runs(&self, campaign: Option<&str>, with_intervals: bool) -> Result<Vec<RunRecord>> {
        if let Some(c) = campaign {
            self.require_campaign(c)?;
        }
        let sql = format!(
            "SELECT r.id, c.name, r.source_id, s.path, s.sha256, r.direction, r.direction_source,
                    r.source_line, r.end_line, r.tool, r.tool_version, r.test, r.protocol, r.role, r.host,
                    r.sender_addr, r.sender_port, r.receiver_addr, r.receiver_port, r.started_at,
                    r.duration_s, r.message_size_bytes, r.streams,
                    r.sent_packets, r.sent_bytes, r.sent_bps, r.sent_duration_s,
                    r.received_packets, r.received_bytes, r.received_bps, r.received_duration_s,
                    r.lost_packets, r.jitter_ms, r.retransmits, r.offered_bps, r.transactions_per_s,
                    r.status, r.error, r.extra, r.notes
             FROM runs r JOIN sources s ON s.id = r.source_id JOIN campaigns c ON c.id = r.campaign_id
             {} ORDER BY r.id",
            if campaign.is_some() {
                "WHERE c.name = ?1"
            } else {
                ""
            }
        );
        let mut st = self.conn.prepare(&sql).map_err(self.err())?;
        let args: Vec<Value> = campaign
            .map(|c| Value::Text(c.into()))
            .into_iter()
            .collect();
        let mut out = st
            .query_map(params_from_iter(args), run_record)
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<RunRecord>>>()
            .map_err(self.err())?;
        let mut fst = self
            .conn
            .prepare_cached(
                "SELECT stream_id, local_addr, local_port, remote_addr, remote_port,
                        sent_packets, sent_bytes, sent_bps, sent_duration_s,
                        received_packets, received_bytes, received_bps, received_duration_s,
                        lost_packets, jitter_ms, retransmits
                 FROM flows WHERE run_id = ?1 ORDER BY id",
            )
            .map_err(self.err())?;
        for rec in &mut out {
            rec.run.flows = fst
                .query_map([rec.id], flow)
                .map_err(self.err())?
                .collect::<rusqlite::Result<Vec<Flow>>>()
                .map_err(self.err())?;
        }
        if with_intervals {
            let mut ist = self
                .conn
                .prepare_cached(
                    "SELECT line, stream_id, start_s, end_s, ts, bytes, bps, packets, lost_packets,
                            jitter_ms, retransmits, omitted
                     FROM intervals WHERE run_id = ?1 ORDER BY id",
                )
                .map_err(self.err())?;
            for rec in &mut out {
                rec.run.intervals = ist
                    .query_map([rec.id], interval)
                    .map_err(self.err())?
                    .collect::<rusqlite::Result<Vec<Interval>>>()
                    .map_err(self.err())?;
            }
        }
        Ok(out)
    }

    /// Sources of one campaign or of all, in ingest order.
    pub fn sources(&self, campaign: Option<&str>) -> Result<Vec<SourceRecord>> {
        if let Some(c) = campaign {
            self.require_campaign(c)?;
        }
        let sql = format!(
            "SELECT s.id, c.name, s.path, s.sha256, s.size, s.format, s.parser_version, s.ingested_at,
                    s.status, s.error, s.error_line, s.error_column, s.tool_version, s.host,
                    (SELECT count(*) FROM runs r WHERE r.source_id = s.id),
                    (SELECT count(*) FROM sar_samples x WHERE x.source_id = s.id)
             FROM sources s JOIN campaigns c ON c.id = s.campaign_id
             {} ORDER BY s.id",
            if campaign.is_some() {
                "WHERE c.name = ?1"
            } else {
                ""
            }
        );
        let mut st = self.conn.prepare(&sql).map_err(self.err())?;
        let args: Vec<Value> = campaign
            .map(|c| Value::Text(c.into()))
            .into_iter()
            .collect();
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok(SourceRecord {
                    id: r.get(0)?,
                    campaign: r.get(1)?,
                    path: r.get(2)?,
                    sha256: r.get(3)?,
                    size: r.get::<_, i64>(4)?.max(0) as u64,
                    format: r
                        .get::<_, Option<String>>(5)?
                        .and_then(|f| LogFormat::from_name(&f)),
                    parser_version: r.get(6)?,
                    ingested_at: r.get(7)?,
                    status: SourceStatus::from_name(&r.get::<_, String>(8)?)
                        .unwrap_or(SourceStatus::Error),
                    error: r.get(9)?,
                    error_line: r.get(10)?,
                    error_column: r.get(11)?,
                    tool_version: r.get(12)?,
                    host: r.get(13)?,
                    runs: r.get::<_, i64>(14)?.max(0) as u64,
                    samples: r.get::<_, i64>(15)?.max(0) as u64,
                })
            })
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err())?;
        Ok(rows)
    }

    /// The `DEV` rows of a campaign's sar sources: per source and interface, rxpck/s and
    /// rxkB/s in time order. Only these two figures are read, so a campaign with day-long
    /// captures loads in little memory.
    pub fn campaign_dev(&self, campaign: &str) -> Result<Vec<DevSource>> {
        self.require_campaign(campaign)?;
        let mut st = self
            .conn
            .prepare(
                "SELECT x.source_id, s.path, s.direction_hint, x.host, x.device, x.ts, x.interval_s,
                        json_extract(x.metrics, '$.\"rxpck/s\"'), json_extract(x.metrics, '$.\"rxkB/s\"')
                 FROM sar_samples x JOIN sources s ON s.id = x.source_id
                 JOIN campaigns c ON c.id = x.campaign_id
                 WHERE c.name = ?1 AND x.report = 'DEV' AND x.device IS NOT NULL
                 ORDER BY x.source_id, x.device, x.ts",
            )
            .map_err(self.err())?;
        let mut rows = st.query([campaign]).map_err(self.err())?;
        let mut out: Vec<DevSource> = Vec::new();
        while let Some(r) = rows.next().map_err(self.err())? {
            let id: i64 = r.get(0).map_err(self.err())?;
            let Some(rxpck) = r.get::<_, Option<f64>>(7).map_err(self.err())? else {
                continue;
            };
            let Some(ts) = parse_ts(r.get(5).map_err(self.err())?) else {
                continue;
            };
            if out.last().is_none_or(|s| s.source_id != id) {
                out.push(DevSource {
                    source_id: id,
                    path: r.get(1).map_err(self.err())?,
                    direction_hint: r
                        .get::<_, Option<String>>(2)
                        .map_err(self.err())?
                        .and_then(|d| Direction::from_name(&d)),
                    host: r
                        .get::<_, Option<String>>(3)
                        .map_err(self.err())?
                        .unwrap_or_default(),
                    ifaces: Default::default(),
                });
            }
            let device: String = r.get(4).map_err(self.err())?;
            let row = DevRow {
                ts,
                interval_s: r.get(6).map_err(self.err())?,
                rxpck,
                rxkb: r
                    .get::<_, Option<f64>>(8)
                    .map_err(self.err())?
                    .unwrap_or(0.0),
            };
            if let Some(src) = out.last_mut() {
                src.ifaces.entry(device).or_default().push(row);
            }
        }
        Ok(out)
    }

    /// sar samples matching `filter`, in time order, calling `each` for every one so that a
    /// large store is listed in bounded memory.
    pub fn for_each_sample(
        &self,
        filter: &SampleFilter,
        mut each: impl FnMut(SarSample) -> std::io::Result<()>,
    ) -> Result<u64> {
        if let Some(c) = &filter.campaign {
            self.require_campaign(c)?;
        }
        let mut sql = String::from(
            "SELECT x.line, x.host, x.report, x.device, x.ts, x.interval_s, x.metrics
             FROM sar_samples x JOIN campaigns c ON c.id = x.campaign_id WHERE 1 = 1",
        );
        let mut args: Vec<Value> = Vec::new();
        for (col, v) in [
            ("c.name", &filter.campaign),
            ("x.host", &filter.host),
            ("x.device", &filter.iface),
            ("x.report", &filter.report),
        ] {
            if let Some(v) = v {
                args.push(Value::Text(v.clone()));
                sql.push_str(&format!(" AND {col} = ?{}", args.len()));
            }
        }
        sql.push_str(" ORDER BY x.report, x.ts, x.host, x.device, x.id");
        let mut st = self.conn.prepare(&sql).map_err(self.err())?;
        let mut rows = st.query(params_from_iter(args)).map_err(self.err())?;
        let mut n = 0u64;
        while let Some(r) = rows.next().map_err(self.err())? {
            let s = sample_at(r, 0).map_err(self.err())?;
            each(s).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }
}

fn parse_ts(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&Utc))
}

fn u64_of(v: Option<i64>) -> Option<u64> {
    v.and_then(|v| u64::try_from(v).ok())
}

fn transfer(r: &Row<'_>, i: usize) -> rusqlite::Result<Transfer> {
    Ok(Transfer {
        packets: u64_of(r.get(i)?).map(Packets),
        bytes: u64_of(r.get(i + 1)?).map(Bytes),
        bps: r.get::<_, Option<f64>>(i + 2)?.map(BitsPerSec),
        duration: r.get::<_, Option<f64>>(i + 3)?.map(Seconds),
    })
}

/// Counters from 11 columns starting at `i`: sent (4), received (4), lost, jitter, retr.
fn counters(r: &Row<'_>, i: usize) -> rusqlite::Result<Counters> {
    Ok(Counters {
        sent: transfer(r, i)?,
        received: transfer(r, i + 4)?,
        lost_packets: u64_of(r.get(i + 8)?).map(Packets),
        jitter_ms: r.get(i + 9)?,
        retransmits: u64_of(r.get(i + 10)?),
    })
}

fn run_record(r: &Row<'_>) -> rusqlite::Result<RunRecord> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let mut run = Run::new(
        Tool::from_name(&text(9)?).unwrap_or(Tool::Iperf3),
        Role::from_name(&text(13)?).unwrap_or(Role::Client),
        r.get(7)?,
    );
    run.end_line = r.get(8)?;
    run.tool_version = r.get(10)?;
    run.test = text(11)?;
    run.protocol = r
        .get::<_, Option<String>>(12)?
        .and_then(|p| Protocol::from_name(&p));
    run.host = r.get(14)?;
    run.sender = Endpoint {
        addr: r.get(15)?,
        port: r.get(16)?,
    };
    run.receiver = Endpoint {
        addr: r.get(17)?,
        port: r.get(18)?,
    };
    run.started_at = parse_ts(r.get(19)?);
    run.duration = r.get::<_, Option<f64>>(20)?.map(Seconds);
    run.message_size = u64_of(r.get(21)?).map(Bytes);
    run.streams = r.get(22)?;
    run.counters = counters(r, 23)?;
    run.offered_bps = r.get::<_, Option<f64>>(34)?.map(BitsPerSec);
    run.transactions_per_s = r.get(35)?;
    run.status = RunStatus::from_name(&text(36)?).unwrap_or(RunStatus::Error);
    run.error = r.get(37)?;
    run.extra = serde_json::from_str(&text(38)?).unwrap_or_default();
    run.notes = serde_json::from_str(&text(39)?).unwrap_or_default();
    Ok(RunRecord {
        id: r.get(0)?,
        campaign: text(1)?,
        source_id: r.get(2)?,
        source_path: text(3)?,
        source_sha256: text(4)?,
        direction: r
            .get::<_, Option<String>>(5)?
            .and_then(|d| Direction::from_name(&d)),
        direction_source: r.get(6)?,
        run,
    })
}

fn flow(r: &Row<'_>) -> rusqlite::Result<Flow> {
    Ok(Flow {
        stream_id: r.get(0)?,
        local: Endpoint {
            addr: r.get(1)?,
            port: r.get(2)?,
        },
        remote: Endpoint {
            addr: r.get(3)?,
            port: r.get(4)?,
        },
        counters: counters(r, 5)?,
    })
}

fn interval(r: &Row<'_>) -> rusqlite::Result<Interval> {
    Ok(Interval {
        line: r.get(0)?,
        stream_id: r.get(1)?,
        start: Seconds(r.get(2)?),
        end: Seconds(r.get(3)?),
        timestamp: parse_ts(r.get(4)?),
        bytes: u64_of(r.get(5)?).map(Bytes),
        bps: r.get::<_, Option<f64>>(6)?.map(BitsPerSec),
        packets: u64_of(r.get(7)?).map(Packets),
        lost_packets: u64_of(r.get(8)?).map(Packets),
        jitter_ms: r.get(9)?,
        retransmits: u64_of(r.get(10)?),
        omitted: r.get(11)?,
    })
}

/// A sample from 7 columns starting at `i`: line, host, report, device, ts, interval, metrics.
fn sample_at(r: &Row<'_>, i: usize) -> rusqlite::Result<SarSample> {
    let metrics: String = r.get(i + 6)?;
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&metrics).unwrap_or_default();
    let (columns, values): (Vec<String>, Vec<f64>) = map
        .into_iter()
        .map(|(k, v)| (k, v.as_f64().unwrap_or(f64::NAN)))
        .unzip();
    let head = SampleHead {
        host: r.get::<_, Option<String>>(i + 1)?.map(Into::into),
        report: r.get::<_, String>(i + 2)?.into(),
        device: r.get::<_, Option<String>>(i + 3)?.map(Into::into),
        columns: columns.into(),
    };
    Ok(SarSample {
        line: r.get(i)?,
        head: head.into(),
        ts: parse_ts(r.get(i + 4)?).unwrap_or_default(),
        interval_s: r.get(i + 5)?,
        values,
    })
}
