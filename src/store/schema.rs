//! The schema, as forward migrations. `PRAGMA user_version` holds the number of migrations
//! applied; a store with a higher number was written by a newer llreport and is refused.
//! docs/schema.md describes every table and column for people querying with `sqlite3`.

/// Migration `i` brings a store from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

const V1: &str = r#"
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE sources (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    path            TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    size            INTEGER NOT NULL,
    format          TEXT,
    parser_version  INTEGER,
    ingested_at     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('ok', 'error', 'skipped', 'duplicate')),
    error           TEXT,
    error_line      INTEGER,
    error_column    INTEGER,
    duplicate_of    INTEGER REFERENCES sources(id),
    direction_hint  TEXT CHECK (direction_hint IN ('inbound', 'outbound')),
    tool_version    TEXT,
    host            TEXT,
    system          TEXT,
    content         BLOB
);
CREATE UNIQUE INDEX sources_stored_sha ON sources(sha256) WHERE status IN ('ok', 'error');
CREATE UNIQUE INDEX sources_campaign_path_sha ON sources(campaign_id, path, sha256);
CREATE INDEX sources_campaign ON sources(campaign_id);

CREATE TABLE diagnostics (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    severity    TEXT NOT NULL,
    message     TEXT NOT NULL
);
CREATE INDEX diagnostics_source ON diagnostics(source_id);

CREATE TABLE runs (
    id                  INTEGER PRIMARY KEY,
    source_id           INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    campaign_id         INTEGER NOT NULL REFERENCES campaigns(id),
    source_line         INTEGER NOT NULL,
    end_line            INTEGER NOT NULL,
    tool                TEXT NOT NULL,
    tool_version        TEXT,
    test                TEXT NOT NULL,
    protocol            TEXT,
    role                TEXT NOT NULL,
    host                TEXT,
    sender_addr         TEXT,
    sender_port         INTEGER,
    receiver_addr       TEXT,
    receiver_port       INTEGER,
    direction           TEXT CHECK (direction IN ('inbound', 'outbound')),
    direction_source    TEXT,
    started_at          TEXT,
    duration_s          REAL,
    message_size_bytes  INTEGER,
    streams             INTEGER NOT NULL,
    sent_packets        INTEGER,
    sent_bytes          INTEGER,
    sent_bps            REAL,
    sent_duration_s     REAL,
    received_packets    INTEGER,
    received_bytes      INTEGER,
    received_bps        REAL,
    received_duration_s REAL,
    lost_packets        INTEGER,
    jitter_ms           REAL,
    retransmits         INTEGER,
    offered_bps         REAL,
    transactions_per_s  REAL,
    status              TEXT NOT NULL CHECK (status IN ('complete', 'aborted', 'error')),
    error               TEXT,
    extra               TEXT NOT NULL DEFAULT '{}',
    notes               TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX runs_campaign ON runs(campaign_id);
CREATE INDEX runs_source ON runs(source_id);

CREATE TABLE flows (
    id                  INTEGER PRIMARY KEY,
    run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    stream_id           INTEGER,
    local_addr          TEXT,
    local_port          INTEGER,
    remote_addr         TEXT,
    remote_port         INTEGER,
    sent_packets        INTEGER,
    sent_bytes          INTEGER,
    sent_bps            REAL,
    sent_duration_s     REAL,
    received_packets    INTEGER,
    received_bytes      INTEGER,
    received_bps        REAL,
    received_duration_s REAL,
    lost_packets        INTEGER,
    jitter_ms           REAL,
    retransmits         INTEGER
);
CREATE INDEX flows_run ON flows(run_id);

CREATE TABLE intervals (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    line            INTEGER NOT NULL,
    stream_id       INTEGER,
    start_s         REAL NOT NULL,
    end_s           REAL NOT NULL,
    ts              TEXT,
    bytes           INTEGER,
    bps             REAL,
    packets         INTEGER,
    lost_packets    INTEGER,
    jitter_ms       REAL,
    retransmits     INTEGER,
    omitted         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX intervals_run ON intervals(run_id);

CREATE TABLE sar_samples (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    line        INTEGER NOT NULL,
    host        TEXT,
    report      TEXT NOT NULL,
    device      TEXT,
    ts          TEXT NOT NULL,
    interval_s  REAL,
    metrics     TEXT NOT NULL
);
CREATE INDEX sar_samples_campaign ON sar_samples(campaign_id, report, host, device, ts);
CREATE INDEX sar_samples_source ON sar_samples(source_id);

CREATE VIEW run_figures AS
SELECT r.*,
       c.name AS campaign,
       s.path AS source_path,
       s.sha256 AS source_sha256,
       CAST(r.sent_packets AS REAL) / NULLIF(r.sent_duration_s, 0) AS sent_pps,
       CAST(r.received_packets AS REAL) / NULLIF(r.received_duration_s, 0) AS received_pps,
       100.0 * r.lost_packets / NULLIF(r.lost_packets + r.received_packets, 0) AS loss_percent
FROM runs r JOIN sources s ON s.id = r.source_id JOIN campaigns c ON c.id = r.campaign_id;
"#;

/// The contract stored with each campaign, and the facts from it that queries filter on.
const V2: &str = r#"
ALTER TABLE campaigns ADD COLUMN link TEXT;
ALTER TABLE campaigns ADD COLUMN kind TEXT CHECK (kind IN ('acceptance', 'retest', 'revalidation'));
ALTER TABLE campaigns ADD COLUMN date TEXT;
ALTER TABLE campaigns ADD COLUMN bandwidth_bps REAL;
ALTER TABLE campaigns ADD COLUMN contract TEXT;
ALTER TABLE campaigns ADD COLUMN contract_path TEXT;
CREATE INDEX campaigns_link ON campaigns(link, date);
"#;
