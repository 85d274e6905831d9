//! Store tests on real SQLite files: schema versions, one transaction per file,
//! duplicates, round trips.

use super::*;
use crate::model::{
    BitsPerSec, Direction, Endpoint, Flow, Interval, LogFormat, Packets, ParsedLog, Role, Run,
    Seconds, Tool,
};

fn tmp() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path().join("t.db");
    (d, p)
}

fn sample_log() -> ParsedLog {
    let mut log = ParsedLog::new(LogFormat::Iperf3Text);
    let mut run = Run::new(Tool::Iperf3, Role::Client, 1);
    run.test = "UDP".into();
    run.streams = 1;
    run.sender = Endpoint::new("10.0.0.1", Some(40000));
    run.receiver = Endpoint::new("10.0.0.2", Some(5201));
    run.counters.sent.packets = Some(Packets(100));
    run.counters.received.packets = Some(Packets(90));
    run.counters.lost_packets = Some(Packets(10));
    run.counters.received.duration = Some(Seconds(10.0));
    run.counters.received.bps = Some(BitsPerSec(1e6));
    run.flows.push(Flow {
        stream_id: Some(5),
        ..Flow::default()
    });
    run.intervals.push(Interval {
        line: 4,
        stream_id: Some(5),
        end: Seconds(1.0),
        ..Interval::default()
    });
    log.runs.push(run);
    log
}

fn input<'a>(log: &'a ParsedLog, path: &'a str, bytes: &'a [u8], sha: &'a str) -> FileInput<'a> {
    FileInput {
        campaign: "c1",
        path,
        sha256: sha,
        bytes,
        direction: Some((Direction::Inbound, "path")),
        content: FileContent::Parsed {
            log,
            parser_version: 1,
        },
    }
}

#[test]
fn fresh_store_is_at_current_version_and_round_trips_a_run() {
    let (_d, p) = tmp();
    let mut s = Store::open(&p).expect("open");
    assert_eq!(s.schema_version().ok(), Some(schema::CURRENT_VERSION));
    let log = sample_log();
    let r = s
        .store_file(&input(&log, "a.log", b"abc", "sha-a"))
        .expect("store");
    assert!(
        matches!(
            r,
            Stored::Added {
                runs: 1,
                flows: 1,
                intervals: 1,
                ..
            }
        ),
        "{r:?}"
    );
    let runs = s.runs(Some("c1"), true).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].direction, Some(Direction::Inbound));
    assert_eq!(runs[0].run.counters, log.runs[0].counters);
    assert_eq!(runs[0].run.flows, log.runs[0].flows);
    assert_eq!(runs[0].run.intervals, log.runs[0].intervals);
    assert_eq!(runs[0].run.sender, log.runs[0].sender);
}

#[test]
fn same_bytes_are_stored_once() {
    let (_d, p) = tmp();
    let mut s = Store::open(&p).expect("open");
    let log = sample_log();
    s.store_file(&input(&log, "a.log", b"abc", "sha-a"))
        .expect("store");
    assert_eq!(
        s.store_file(&input(&log, "a.log", b"abc", "sha-a"))
            .expect("again"),
        Stored::AlreadyStored
    );
    assert!(matches!(
        s.store_file(&input(&log, "copy/a.log", b"abc", "sha-a"))
            .expect("copy"),
        Stored::Duplicate { .. }
    ));
    assert_eq!(s.runs(None, false).expect("runs").len(), 1);
    let src = s.sources(None).expect("sources");
    assert_eq!(src.len(), 2);
    assert_eq!(src[1].status, crate::model::SourceStatus::Duplicate);
}

#[test]
fn a_failed_file_is_replaced_when_it_later_parses() {
    let (_d, p) = tmp();
    let mut s = Store::open(&p).expect("open");
    let empty = ParsedLog::new(LogFormat::NetperfOmni);
    let failed = FileInput {
        content: FileContent::Failed {
            format: LogFormat::NetperfOmni,
            parser_version: 1,
            line: 1,
            column: 1,
            message: "columns unknown",
        },
        ..input(&empty, "o.log", b"1,2", "sha-o")
    };
    assert_eq!(s.store_file(&failed).expect("fail"), Stored::Failed);
    let log = sample_log();
    assert!(matches!(
        s.store_file(&input(&log, "o.log", b"1,2", "sha-o"))
            .expect("ok"),
        Stored::Added { .. }
    ));
    let src = s.sources(None).expect("sources");
    assert_eq!(src.len(), 1);
    assert_eq!(src[0].status, crate::model::SourceStatus::Ok);
}

#[test]
fn a_newer_store_is_refused_and_left_unchanged() {
    let (_d, p) = tmp();
    {
        let c = rusqlite::Connection::open(&p).expect("c");
        c.pragma_update(None, "user_version", schema::CURRENT_VERSION + 5)
            .expect("v");
        c.execute_batch("CREATE TABLE future (x)").expect("t");
    }
    let before = std::fs::read(&p).expect("read");
    let e = Store::open(&p).expect_err("must refuse");
    assert!(matches!(e, StoreError::TooNew { .. }), "{e}");
    assert!(e.to_string().contains("newer llreport"));
    assert_eq!(std::fs::read(&p).expect("read"), before);
    assert!(!p.with_extension("db-wal").exists());
}

#[test]
fn a_foreign_database_is_refused() {
    let (_d, p) = tmp();
    rusqlite::Connection::open(&p)
        .expect("c")
        .execute_batch("CREATE TABLE mine (x)")
        .expect("t");
    assert!(matches!(Store::open(&p), Err(StoreError::Foreign { .. })));
}

#[test]
fn unknown_campaign_lists_the_known_ones() {
    let (_d, p) = tmp();
    let mut s = Store::open(&p).expect("open");
    let log = sample_log();
    s.store_file(&input(&log, "a.log", b"abc", "sha-a"))
        .expect("store");
    let e = s.runs(Some("nope"), false).expect_err("unknown");
    assert!(e.to_string().contains("known campaigns: c1"), "{e}");
}

#[test]
fn an_older_store_is_migrated_with_its_data() {
    let (_d, p) = tmp();
    {
        let c = rusqlite::Connection::open(&p).expect("c");
        c.execute_batch(schema::MIGRATIONS[0]).expect("v1");
        c.pragma_update(None, "user_version", 1).expect("v");
        c.execute(
            "INSERT INTO campaigns (name, created_at) VALUES ('old', '2026-01-01T00:00:00.000Z')",
            [],
        )
        .expect("row");
    }
    let s = Store::open(&p).expect("open migrates");
    assert_eq!(s.schema_version().ok(), Some(schema::CURRENT_VERSION));
    let cs = s.campaigns().expect("campaigns");
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].name, "old");
    assert_eq!(cs[0].link, None);
}

#[test]
fn a_failing_migration_leaves_the_store_as_it_was() {
    let (_d, p) = tmp();
    {
        let c = rusqlite::Connection::open(&p).expect("c");
        c.execute_batch(schema::MIGRATIONS[0]).expect("v1");
        // A column the next migration adds: the migration must fail and roll back.
        c.execute_batch("ALTER TABLE campaigns ADD COLUMN link TEXT;")
            .expect("clash");
        c.pragma_update(None, "user_version", 1).expect("v");
    }
    assert!(Store::open(&p).is_err());
    let c = rusqlite::Connection::open(&p).expect("c");
    let v: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    assert_eq!(v, 1);
    let idx: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'campaigns_link'",
            [],
            |r| r.get(0),
        )
        .expect("q");
    assert_eq!(idx, 0);
}

/// Processes creating the same store at once: one creates the schema, the others must see
/// either an empty file or a complete store, never "tables but no version" (which reads as
/// a foreign database).
#[test]
fn stores_opened_at_once_while_being_created_are_never_foreign() {
    for round in 0..60 {
        let (_d, p) = tmp();
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let p = p.clone();
                std::thread::spawn(move || Store::open(&p).map(|_| ()))
            })
            .collect();
        for h in handles {
            let r = h.join().expect("thread");
            assert!(r.is_ok(), "round {round}: {r:?}");
        }
    }
}
