//! Streaming a stored table out row by row, typed, for `llreport export`: runs, flows,
//! intervals and sar samples (long form: one metric per row), in store order.

use super::{Result, Store, StoreError};
use crate::model::table::{Cell, Column, ColumnType, col};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;

/// A table that can be exported straight from the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredTable {
    Runs,
    Flows,
    Intervals,
    Samples,
}

use ColumnType::{Bool, Float, Int, Text, Timestamp};

const RUNS: &[(&str, Column)] = &[
    ("c.name", col("campaign", Text)),
    ("r.id", col("run_id", Int)),
    ("s.path", col("source_path", Text)),
    ("s.sha256", col("source_sha256", Text)),
    ("r.source_line", col("source_line", Int)),
    ("r.end_line", col("end_line", Int)),
    ("r.tool", col("tool", Text)),
    ("r.tool_version", col("tool_version", Text)),
    ("r.test", col("test", Text)),
    ("r.protocol", col("protocol", Text)),
    ("r.role", col("role", Text)),
    ("r.host", col("host", Text)),
    ("r.sender_addr", col("sender_addr", Text)),
    ("r.sender_port", col("sender_port", Int)),
    ("r.receiver_addr", col("receiver_addr", Text)),
    ("r.receiver_port", col("receiver_port", Int)),
    ("r.direction", col("direction", Text)),
    ("r.started_at", col("started_at", Timestamp)),
    ("r.duration_s", col("duration_s", Float)),
    ("r.message_size_bytes", col("message_size_bytes", Int)),
    ("r.streams", col("streams", Int)),
    ("r.sent_packets", col("sent_packets", Int)),
    ("r.sent_bytes", col("sent_bytes", Int)),
    ("r.sent_bps", col("sent_bps", Float)),
    ("r.sent_duration_s", col("sent_duration_s", Float)),
    ("r.received_packets", col("received_packets", Int)),
    ("r.received_bytes", col("received_bytes", Int)),
    ("r.received_bps", col("received_bps", Float)),
    ("r.received_duration_s", col("received_duration_s", Float)),
    ("r.lost_packets", col("lost_packets", Int)),
    (
        "100.0 * r.lost_packets / NULLIF(r.lost_packets + r.received_packets, 0)",
        col("loss_percent", Float),
    ),
    (
        "CAST(r.sent_packets AS REAL) / NULLIF(r.sent_duration_s, 0)",
        col("sent_pps", Float),
    ),
    (
        "CAST(r.received_packets AS REAL) / NULLIF(r.received_duration_s, 0)",
        col("received_pps", Float),
    ),
    ("r.jitter_ms", col("jitter_ms", Float)),
    ("r.retransmits", col("retransmits", Int)),
    ("r.offered_bps", col("offered_bps", Float)),
    ("r.transactions_per_s", col("transactions_per_s", Float)),
    ("r.status", col("status", Text)),
    ("r.error", col("error", Text)),
];

const FLOWS: &[(&str, Column)] = &[
    ("c.name", col("campaign", Text)),
    ("f.run_id", col("run_id", Int)),
    ("f.id", col("flow_id", Int)),
    ("f.stream_id", col("stream_id", Int)),
    ("f.local_addr", col("local_addr", Text)),
    ("f.local_port", col("local_port", Int)),
    ("f.remote_addr", col("remote_addr", Text)),
    ("f.remote_port", col("remote_port", Int)),
    ("f.sent_packets", col("sent_packets", Int)),
    ("f.sent_bytes", col("sent_bytes", Int)),
    ("f.sent_bps", col("sent_bps", Float)),
    ("f.sent_duration_s", col("sent_duration_s", Float)),
    ("f.received_packets", col("received_packets", Int)),
    ("f.received_bytes", col("received_bytes", Int)),
    ("f.received_bps", col("received_bps", Float)),
    ("f.received_duration_s", col("received_duration_s", Float)),
    ("f.lost_packets", col("lost_packets", Int)),
    ("f.jitter_ms", col("jitter_ms", Float)),
    ("f.retransmits", col("retransmits", Int)),
];

const INTERVALS: &[(&str, Column)] = &[
    ("c.name", col("campaign", Text)),
    ("i.run_id", col("run_id", Int)),
    ("i.stream_id", col("stream_id", Int)),
    ("i.line", col("line", Int)),
    ("i.start_s", col("start_s", Float)),
    ("i.end_s", col("end_s", Float)),
    ("i.ts", col("ts", Timestamp)),
    ("i.bytes", col("bytes", Int)),
    ("i.bps", col("bps", Float)),
    ("i.packets", col("packets", Int)),
    ("i.lost_packets", col("lost_packets", Int)),
    ("i.jitter_ms", col("jitter_ms", Float)),
    ("i.retransmits", col("retransmits", Int)),
    ("i.omitted", col("omitted", Bool)),
];

const SAMPLES: &[(&str, Column)] = &[
    ("c.name", col("campaign", Text)),
    ("s.path", col("source_path", Text)),
    ("x.line", col("line", Int)),
    ("x.host", col("host", Text)),
    ("x.report", col("report", Text)),
    ("x.device", col("iface", Text)),
    ("x.ts", col("ts", Timestamp)),
    ("x.interval_s", col("interval_s", Float)),
    ("j.key", col("metric", Text)),
    ("j.value", col("value", Float)),
];

/// (SQL expression, column) pairs of each table.
fn spec(t: StoredTable) -> (&'static [(&'static str, Column)], &'static str) {
    match t {
        StoredTable::Runs => (
            RUNS,
            "FROM runs r JOIN sources s ON s.id = r.source_id JOIN campaigns c ON c.id = r.campaign_id
             {WHERE} ORDER BY r.id",
        ),
        StoredTable::Flows => (
            FLOWS,
            "FROM flows f JOIN runs r ON r.id = f.run_id JOIN campaigns c ON c.id = r.campaign_id
             {WHERE} ORDER BY f.id",
        ),
        StoredTable::Intervals => (
            INTERVALS,
            "FROM intervals i JOIN runs r ON r.id = i.run_id JOIN campaigns c ON c.id = r.campaign_id
             {WHERE} ORDER BY i.id",
        ),
        StoredTable::Samples => (
            SAMPLES,
            "FROM sar_samples x JOIN sources s ON s.id = x.source_id
             JOIN campaigns c ON c.id = x.campaign_id, json_each(x.metrics) j
             {WHERE} ORDER BY x.id, j.id",
        ),
    }
}

/// The columns of a stored table.
pub fn columns(t: StoredTable) -> Vec<Column> {
    spec(t).0.iter().map(|(_, c)| c.clone()).collect()
}

fn cell(v: Value, ty: ColumnType) -> Cell {
    match (v, ty) {
        (Value::Null, _) => Cell::Null,
        (Value::Integer(i), Int) => Cell::Int(i),
        (Value::Integer(i), Float) => Cell::Float(i as f64),
        (Value::Real(f), Float) => Cell::Float(f),
        (Value::Real(f), Int) => Cell::Int(f as i64),
        (Value::Integer(i), Bool) => Cell::Bool(i != 0),
        (Value::Text(t), Timestamp) => DateTime::parse_from_rfc3339(&t)
            .map(|d| Cell::Timestamp(d.with_timezone(&Utc)))
            .unwrap_or(Cell::Text(t)),
        (Value::Text(t), _) => Cell::Text(t),
        (Value::Integer(i), _) => Cell::Text(i.to_string()),
        (Value::Real(f), _) => Cell::Text(f.to_string()),
        (Value::Blob(_), _) => Cell::Null,
    }
}

impl Store {
    /// Calls `each` for every row of `table` (of one campaign, or all), in store order,
    /// without holding the table in memory. Returns the number of rows.
    pub fn export(
        &self,
        table: StoredTable,
        campaign: Option<&str>,
        mut each: impl FnMut(&[Cell]) -> std::io::Result<()>,
    ) -> Result<u64> {
        if let Some(c) = campaign {
            self.require_campaign(c)?;
        }
        let (cols, from) = spec(table);
        let select: Vec<&str> = cols.iter().map(|(e, _)| *e).collect();
        let sql = format!(
            "SELECT {} {}",
            select.join(", "),
            from.replace(
                "{WHERE}",
                if campaign.is_some() {
                    "WHERE c.name = ?1"
                } else {
                    ""
                }
            )
        );
        let mut st = self.conn.prepare(&sql).map_err(self.err())?;
        let mut rows = match campaign {
            Some(c) => st.query([c]),
            None => st.query([]),
        }
        .map_err(self.err())?;
        let mut n = 0u64;
        let mut buf: Vec<Cell> = Vec::with_capacity(cols.len());
        while let Some(r) = rows.next().map_err(self.err())? {
            buf.clear();
            for (i, (_, c)) in cols.iter().enumerate() {
                let v: Value = r.get(i).map_err(self.err())?;
                buf.push(cell(v, c.ty));
            }
            each(&buf).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }
}
