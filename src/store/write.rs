//! Writing one source file and everything read from it, in one transaction.

use super::{Result, Store, ts_text};
use crate::model::{
    Counters, Direction, Flow, Interval, LogFormat, ParsedLog, Run, SarSample, SourceStatus,
};
use rusqlite::blob::ZeroBlob;
use rusqlite::{MAIN_DB, OptionalExtension, Transaction, params};

/// One file to store.
#[derive(Debug)]
pub struct FileInput<'a> {
    pub campaign: &'a str,
    pub path: &'a str,
    pub sha256: &'a str,
    pub bytes: &'a [u8],
    /// Direction for all of the file's runs (`--direction`, a path component), and what
    /// decided it (`flag`, `path`).
    pub direction: Option<(Direction, &'a str)>,
    pub content: FileContent<'a>,
}

/// What the parsers made of the file.
#[derive(Debug)]
pub enum FileContent<'a> {
    Parsed {
        log: &'a ParsedLog,
        parser_version: u32,
    },
    Failed {
        format: LogFormat,
        parser_version: u32,
        line: u32,
        column: u32,
        message: &'a str,
    },
    Skipped {
        reason: &'a str,
    },
}

/// What storing did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// New source with its records.
    Added {
        source_id: i64,
        runs: u64,
        flows: u64,
        intervals: u64,
        samples: u64,
    },
    /// The same bytes were stored before under another path or campaign.
    Duplicate {
        of_path: String,
        of_campaign: String,
    },
    /// This very file (same campaign, path and bytes) is in the store already.
    AlreadyStored,
    /// Recorded as failed (new, or the earlier failure record was refreshed).
    Failed,
    /// Recorded as skipped (or was already).
    Skipped,
}

/// A stored source with the same bytes.
#[derive(Debug)]
pub struct Existing {
    pub id: i64,
    pub campaign: String,
    pub path: String,
    pub status: SourceStatus,
}

impl Store {
    /// The stored (ok or failed) source with these bytes, if any.
    pub fn find_by_sha(&self, sha256: &str) -> Result<Option<Existing>> {
        find_by_sha(&self.conn, sha256).map_err(self.err())
    }

    /// Stores one file in one transaction: all of its records or none.
    pub fn store_file(&mut self, input: &FileInput<'_>) -> Result<Stored> {
        let path = self.path.clone();
        let err = super::sqlite_err(&path);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(&err)?;
        let stored = store_in(&tx, input).map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(stored)
    }
}

fn find_by_sha(conn: &rusqlite::Connection, sha: &str) -> rusqlite::Result<Option<Existing>> {
    conn.query_row(
        "SELECT s.id, c.name, s.path, s.status FROM sources s JOIN campaigns c ON c.id = s.campaign_id
         WHERE s.sha256 = ?1 AND s.status IN ('ok', 'error')",
        [sha],
        |r| {
            Ok(Existing {
                id: r.get(0)?,
                campaign: r.get(1)?,
                path: r.get(2)?,
                status: SourceStatus::from_name(&r.get::<_, String>(3)?)
                    .unwrap_or(SourceStatus::Error),
            })
        },
    )
    .optional()
}

fn campaign_id(tx: &Transaction<'_>, name: &str) -> rusqlite::Result<i64> {
    if let Some(id) = tx
        .query_row("SELECT id FROM campaigns WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?
    {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO campaigns (name, created_at) VALUES (?1, ?2)",
        params![name, now()],
    )?;
    Ok(tx.last_insert_rowid())
}

fn now() -> String {
    ts_text(&chrono::Utc::now())
}

fn store_in(tx: &Transaction<'_>, input: &FileInput<'_>) -> rusqlite::Result<Stored> {
    let cid = campaign_id(tx, input.campaign)?;
    if let Some(existing) = find_by_sha(tx, input.sha256)? {
        let same_place = existing.campaign == input.campaign && existing.path == input.path;
        match (existing.status, &input.content) {
            (SourceStatus::Ok, _) if same_place => return Ok(Stored::AlreadyStored),
            (SourceStatus::Ok, _) => {
                tx.execute(
                    "INSERT OR IGNORE INTO sources (campaign_id, path, sha256, size, ingested_at, status, duplicate_of, error)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'duplicate', ?6, ?7)",
                    params![
                        cid,
                        input.path,
                        input.sha256,
                        input.bytes.len() as i64,
                        now(),
                        existing.id,
                        format!("same bytes as {} (campaign {})", existing.path, existing.campaign)
                    ],
                )?;
                return Ok(Stored::Duplicate {
                    of_path: existing.path,
                    of_campaign: existing.campaign,
                });
            }
            // An earlier failure: read again (a newer parser or new context may succeed).
            (_, _) => {
                tx.execute("DELETE FROM sources WHERE id = ?1", [existing.id])?;
            }
        }
    }
    let size = input.bytes.len() as i64;
    match &input.content {
        FileContent::Skipped { reason } => {
            tx.execute(
                "INSERT OR IGNORE INTO sources (campaign_id, path, sha256, size, ingested_at, status, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'skipped', ?6)",
                params![cid, input.path, input.sha256, size, now(), reason],
            )?;
            Ok(Stored::Skipped)
        }
        FileContent::Failed {
            format,
            parser_version,
            line,
            column,
            message,
        } => {
            tx.execute(
                "INSERT INTO sources (campaign_id, path, sha256, size, format, parser_version, ingested_at, status,
                                      error, error_line, error_column, direction_hint, content)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'error', ?8, ?9, ?10, ?11, ?12)",
                params![
                    cid,
                    input.path,
                    input.sha256,
                    size,
                    format.as_str(),
                    parser_version,
                    now(),
                    message,
                    line,
                    column,
                    input.direction.map(|d| d.0.as_str()),
                    ZeroBlob(input.bytes.len() as u64)
                ],
            )?;
            write_content(tx, input.bytes)?;
            Ok(Stored::Failed)
        }
        FileContent::Parsed {
            log,
            parser_version,
        } => insert_parsed(tx, cid, input, log, *parser_version),
    }
}

/// Writes the raw bytes into the `content` placeholder of the source row just inserted,
/// straight from the caller's buffer: binding them as a parameter would have SQLite copy the
/// whole file first, doubling the memory a large sar capture needs.
fn write_content(tx: &Transaction<'_>, bytes: &[u8]) -> rusqlite::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    let rowid = tx.last_insert_rowid();
    let mut blob = tx.blob_open(MAIN_DB, c"sources", c"content", rowid, false)?;
    blob.write_at(bytes, 0)
}

fn insert_parsed(
    tx: &Transaction<'_>,
    cid: i64,
    input: &FileInput<'_>,
    log: &ParsedLog,
    parser_version: u32,
) -> rusqlite::Result<Stored> {
    let host = log
        .system
        .as_ref()
        .and_then(|s| s.host.clone())
        .or_else(|| log.runs.iter().find_map(|r| r.host.clone()));
    let system = log
        .system
        .as_ref()
        .and_then(|s| serde_json::to_string(s).ok());
    tx.execute(
        "INSERT INTO sources (campaign_id, path, sha256, size, format, parser_version, ingested_at, status,
                              direction_hint, tool_version, host, system, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'ok', ?8, ?9, ?10, ?11, ?12)",
        params![
            cid,
            input.path,
            input.sha256,
            input.bytes.len() as i64,
            log.format.as_str(),
            parser_version,
            now(),
            input.direction.map(|d| d.0.as_str()),
            log.tool_version,
            host,
            system,
            ZeroBlob(input.bytes.len() as u64)
        ],
    )?;
    let source_id = tx.last_insert_rowid();
    write_content(tx, input.bytes)?;
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO diagnostics (source_id, line, col, severity, message) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for d in &log.diagnostics {
            st.execute(params![
                source_id,
                d.line,
                d.column,
                d.severity.as_str(),
                d.message
            ])?;
        }
    }
    let mut flows = 0u64;
    let mut intervals = 0u64;
    for run in &log.runs {
        let run_id = insert_run(tx, source_id, cid, input.direction, run)?;
        flows += insert_flows(tx, run_id, &run.flows)?;
        intervals += insert_intervals(tx, run_id, &run.intervals)?;
    }
    let samples = insert_samples(tx, source_id, cid, &log.samples)?;
    Ok(Stored::Added {
        source_id,
        runs: log.runs.len() as u64,
        flows,
        intervals,
        samples,
    })
}

fn insert_run(
    tx: &Transaction<'_>,
    source_id: i64,
    cid: i64,
    direction: Option<(Direction, &str)>,
    r: &Run,
) -> rusqlite::Result<i64> {
    let c = &r.counters;
    let extra = serde_json::to_string(&r.extra).unwrap_or_else(|_| "{}".into());
    let notes = serde_json::to_string(&r.notes).unwrap_or_else(|_| "[]".into());
    let mut st = tx.prepare_cached(
        "INSERT INTO runs (source_id, campaign_id, source_line, end_line, tool, tool_version, test, protocol, role,
            host, sender_addr, sender_port, receiver_addr, receiver_port, direction, direction_source, started_at,
            duration_s, message_size_bytes, streams, sent_packets, sent_bytes, sent_bps, sent_duration_s,
            received_packets, received_bytes, received_bps, received_duration_s, lost_packets, jitter_ms,
            retransmits, offered_bps, transactions_per_s, status, error, extra, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)",
    )?;
    st.execute(params![
        source_id,
        cid,
        r.source_line,
        r.end_line,
        r.tool.as_str(),
        r.tool_version,
        r.test,
        r.protocol.map(|p| p.as_str()),
        r.role.as_str(),
        r.host,
        r.sender.addr,
        r.sender.port,
        r.receiver.addr,
        r.receiver.port,
        direction.map(|d| d.0.as_str()),
        direction.map(|d| d.1),
        r.started_at.as_ref().map(ts_text),
        r.duration.map(|d| d.0),
        r.message_size.map(|b| to_i64(b.0)),
        r.streams,
        c.sent.packets.map(|p| to_i64(p.0)),
        c.sent.bytes.map(|b| to_i64(b.0)),
        c.sent.bps.map(|b| b.0),
        c.sent.duration.map(|d| d.0),
        c.received.packets.map(|p| to_i64(p.0)),
        c.received.bytes.map(|b| to_i64(b.0)),
        c.received.bps.map(|b| b.0),
        c.received.duration.map(|d| d.0),
        c.lost_packets.map(|p| to_i64(p.0)),
        c.jitter_ms,
        c.retransmits.map(to_i64),
        r.offered_bps.map(|b| b.0),
        r.transactions_per_s,
        r.status.as_str(),
        r.error,
        extra,
        notes,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// SQLite integers are signed 64-bit; counts beyond that are clamped.
fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn insert_flows(tx: &Transaction<'_>, run_id: i64, flows: &[Flow]) -> rusqlite::Result<u64> {
    let mut st = tx.prepare_cached(
        "INSERT INTO flows (run_id, stream_id, local_addr, local_port, remote_addr, remote_port,
            sent_packets, sent_bytes, sent_bps, sent_duration_s, received_packets, received_bytes, received_bps,
            received_duration_s, lost_packets, jitter_ms, retransmits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    for f in flows {
        let c: &Counters = &f.counters;
        st.execute(params![
            run_id,
            f.stream_id,
            f.local.addr,
            f.local.port,
            f.remote.addr,
            f.remote.port,
            c.sent.packets.map(|p| to_i64(p.0)),
            c.sent.bytes.map(|b| to_i64(b.0)),
            c.sent.bps.map(|b| b.0),
            c.sent.duration.map(|d| d.0),
            c.received.packets.map(|p| to_i64(p.0)),
            c.received.bytes.map(|b| to_i64(b.0)),
            c.received.bps.map(|b| b.0),
            c.received.duration.map(|d| d.0),
            c.lost_packets.map(|p| to_i64(p.0)),
            c.jitter_ms,
            c.retransmits.map(to_i64),
        ])?;
    }
    Ok(flows.len() as u64)
}

fn insert_intervals(
    tx: &Transaction<'_>,
    run_id: i64,
    intervals: &[Interval],
) -> rusqlite::Result<u64> {
    let mut st = tx.prepare_cached(
        "INSERT INTO intervals (run_id, line, stream_id, start_s, end_s, ts, bytes, bps, packets, lost_packets,
            jitter_ms, retransmits, omitted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for i in intervals {
        st.execute(params![
            run_id,
            i.line,
            i.stream_id,
            i.start.0,
            i.end.0,
            i.timestamp.as_ref().map(ts_text),
            i.bytes.map(|b| to_i64(b.0)),
            i.bps.map(|b| b.0),
            i.packets.map(|p| to_i64(p.0)),
            i.lost_packets.map(|p| to_i64(p.0)),
            i.jitter_ms,
            i.retransmits.map(to_i64),
            i.omitted
        ])?;
    }
    Ok(intervals.len() as u64)
}

fn insert_samples(
    tx: &Transaction<'_>,
    source_id: i64,
    cid: i64,
    samples: &[SarSample],
) -> rusqlite::Result<u64> {
    let mut st = tx.prepare_cached(
        "INSERT INTO sar_samples (source_id, campaign_id, line, host, report, device, ts, interval_s, metrics)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut buf = String::with_capacity(256);
    for s in samples {
        metrics_json(s, &mut buf);
        st.execute(params![
            source_id,
            cid,
            s.line,
            s.host(),
            s.report(),
            s.device(),
            ts_text(&s.ts),
            s.interval_s,
            buf.as_str(),
        ])?;
    }
    Ok(samples.len() as u64)
}

/// Metrics as a JSON object keyed by column name. Non-finite values (which JSON cannot hold)
/// become null.
fn metrics_json(s: &SarSample, buf: &mut String) {
    use std::fmt::Write;
    buf.clear();
    buf.push('{');
    for (i, (k, v)) in s.metrics().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        json_string(k, buf);
        buf.push(':');
        if v.is_finite() {
            let _ = write!(buf, "{v}");
        } else {
            buf.push_str("null");
        }
    }
    buf.push('}');
}

/// `s` as a JSON string literal.
fn json_string(s: &str, buf: &mut String) {
    use std::fmt::Write;
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(buf, "\\u{:04x}", c as u32);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}
