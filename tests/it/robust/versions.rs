//! Stores of other schema versions through the real binary: an old (v1) store, built here
//! as the first llreport wrote it, is migrated in one transaction and keeps its data; a
//! migration that cannot finish leaves the store exactly as it was; a store from a newer
//! llreport is refused by every command and left untouched.

use super::util::{assert_integrity, ingest, open, run_t};
use crate::common::fixtures;
use llreport::store::schema::{CURRENT_VERSION, MIGRATIONS};
use std::path::Path;

/// A store as llreport wrote it at schema version 1, with one campaign, source and run.
fn v1_store(db: &Path) {
    let c = open(db);
    c.execute_batch(MIGRATIONS[0]).expect("v1 schema");
    c.pragma_update(None, "user_version", 1).expect("version");
    c.pragma_update(None, "journal_mode", "WAL").expect("wal");
    let content = std::fs::read(fixtures().join("iperf3/i3_ns_tcp_i1_client.log")).expect("read");
    c.execute_batch(
        "INSERT INTO campaigns (id, name, created_at) VALUES (1, 'old', '2025-01-01T00:00:00.000Z');",
    )
    .expect("campaign");
    c.execute(
        "INSERT INTO sources (id, campaign_id, path, sha256, size, format, parser_version, ingested_at, status, content)
         VALUES (1, 1, 'old/a.log', 'feed', ?1, 'iperf3-text', 1, '2025-01-01T00:00:00.000Z', 'ok', ?2)",
        rusqlite::params![content.len() as i64, content],
    )
    .expect("source");
    c.execute_batch(
        "INSERT INTO runs (source_id, campaign_id, source_line, end_line, tool, test, role, streams, status,
                           received_bps, sender_addr, receiver_addr)
         VALUES (1, 1, 3, 20, 'iperf3', 'TCP', 'client', 1, 'complete', 94100000.0, '10.0.0.1', '10.0.0.2');",
    )
    .expect("run");
}

fn user_version(db: &Path) -> i64 {
    open(db)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version")
}

#[test]
fn a_v1_store_is_migrated_by_a_reading_command_and_keeps_its_runs() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("old.db");
    v1_store(&db);
    let (code, out, err) = run_t(&db, &["runs", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let runs: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(runs.as_array().map(Vec::len), Some(1), "{runs}");
    assert_eq!(runs[0]["campaign"], "old");
    assert_eq!(runs[0]["received_bps"], 94_100_000.0);
    assert_eq!(user_version(&db), CURRENT_VERSION);
    assert_integrity(&db);
    // And it takes new files like any store.
    let f = fixtures().join("iperf3/i3_ns_udp_l16_b100m_client.log");
    let (code, summary, err) = ingest(&db, &[&f], &["--campaign", "new"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["files"]["ingested"], 1);
}

#[test]
fn a_v1_store_is_migrated_by_ingest() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("old.db");
    v1_store(&db);
    let campaign = fixtures().join("campaigns/sample-acceptance");
    let (code, _, err) = ingest(&db, &[&campaign], &["--no-progress"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(user_version(&db), CURRENT_VERSION);
    let link: String = open(&db)
        .query_row(
            "SELECT link FROM campaigns WHERE name = 'sample-acceptance'",
            [],
            |r| r.get(0),
        )
        .expect("link column filled");
    assert!(!link.is_empty());
    let (code, _, err) = run_t(&db, &["runs", "--campaign", "old"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_migration_that_cannot_finish_leaves_the_store_as_it_was() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("old.db");
    v1_store(&db);
    // An index someone added by hand takes the name the v2 migration creates last, after
    // its column changes: the whole migration must roll back.
    open(&db)
        .execute_batch("CREATE INDEX campaigns_link ON campaigns(created_at); PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("index");
    let before = std::fs::read(&db).expect("read");
    let f = fixtures().join("iperf3/i3_ns_udp_l16_b100m_client.log");
    let (code, _, err) = run_t(&db, &["ingest", &f.display().to_string()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("campaigns_link"), "{err}");
    assert_eq!(user_version(&db), 1);
    let cols: i64 = open(&db)
        .query_row(
            "SELECT count(*) FROM pragma_table_info('campaigns') WHERE name = 'link'",
            [],
            |r| r.get(0),
        )
        .expect("q");
    assert_eq!(cols, 0, "a column of the failed migration stayed");
    open(&db)
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint");
    assert_eq!(
        std::fs::read(&db).expect("read"),
        before,
        "the store changed"
    );
}

#[test]
fn a_store_from_a_newer_llreport_is_refused_by_every_command_untouched() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("new.db");
    let campaign = fixtures().join("campaigns/sample-acceptance");
    let (code, _, err) = ingest(&db, &[&campaign], &["--no-progress"]);
    assert_eq!(code, 0, "{err}");
    open(&db)
        .execute_batch(&format!(
            "ALTER TABLE runs ADD COLUMN from_the_future TEXT; PRAGMA user_version = {}; PRAGMA wal_checkpoint(TRUNCATE);",
            CURRENT_VERSION + 1
        ))
        .expect("bump");
    let before = std::fs::read(&db).expect("read");
    let f = fixtures()
        .join("iperf3/i3_ns_udp_l16_b100m_client.log")
        .display()
        .to_string();
    for args in [
        vec!["ingest", f.as_str()],
        vec!["runs"],
        vec!["sources"],
        vec!["samples"],
        vec!["analyze", "--campaign", "sample-acceptance"],
    ] {
        let (code, _, err) = run_t(&db, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("newer llreport"), "{args:?}: {err}");
        assert!(
            err.contains(&format!("schema version {}", CURRENT_VERSION + 1)),
            "{err}"
        );
        assert_eq!(
            std::fs::read(&db).expect("read"),
            before,
            "{args:?} changed the store"
        );
    }
}
