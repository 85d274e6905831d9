//! `llreport export`: every table in every format reads back with the store's counts and
//! sums.

use crate::common::{run, two_campaigns};
use std::path::Path;

/// count(*) and the sum of a column, straight from SQLite.
fn sql(db: &Path, q: &str) -> (i64, f64) {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row(q, [], |r| {
        Ok((r.get(0)?, r.get::<_, Option<f64>>(1)?.unwrap_or(0.0)))
    })
    .expect(q)
}

fn csv_sum(path: &Path, column: &str) -> (i64, f64) {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let i = r
        .headers()
        .expect("headers")
        .iter()
        .position(|h| h == column)
        .expect("column");
    let mut n = 0;
    let mut sum = 0.0;
    for rec in r.records() {
        let rec = rec.expect("record");
        n += 1;
        sum += rec
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0);
    }
    (n, sum)
}

fn jsonl_sum(path: &Path, column: &str) -> (i64, f64) {
    let text = std::fs::read_to_string(path).expect("read");
    let mut n = 0;
    let mut sum = 0.0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        n += 1;
        sum += v[column].as_f64().unwrap_or(0.0);
    }
    (n, sum)
}

#[cfg(feature = "parquet")]
fn parquet_sum(path: &Path, column: &str) -> (i64, f64) {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let r = SerializedFileReader::new(std::fs::File::open(path).expect("open")).expect("parquet");
    let mut n = 0;
    let mut sum = 0.0;
    for row in r.get_row_iter(None).expect("rows") {
        let row = row.expect("row");
        n += 1;
        for (name, f) in row.get_column_iter() {
            if name == column {
                sum += match f {
                    Field::Long(v) => *v as f64,
                    Field::Double(v) => *v,
                    Field::Null => 0.0,
                    other => panic!("{column} has unexpected type {other:?}"),
                };
            }
        }
    }
    (n, sum)
}

fn close(a: (i64, f64), b: (i64, f64), what: &str) {
    assert_eq!(a.0, b.0, "{what}: row count");
    assert!(
        (a.1 - b.1).abs() <= 1e-6 * b.1.abs().max(1.0),
        "{what}: sum {} vs {}",
        a.1,
        b.1
    );
}

#[test]
fn every_table_round_trips_in_every_format() {
    let (d, db) = two_campaigns();
    let cases = [
        (
            "runs",
            "received_packets",
            "SELECT count(*), sum(received_packets) FROM runs",
        ),
        (
            "flows",
            "received_packets",
            "SELECT count(*), sum(received_packets) FROM flows",
        ),
        (
            "intervals",
            "bps",
            "SELECT count(*), sum(bps) FROM intervals",
        ),
        (
            "samples",
            "value",
            "SELECT count(*), sum(j.value) FROM sar_samples, json_each(sar_samples.metrics) j",
        ),
    ];
    let mut formats = vec!["csv", "jsonl"];
    if cfg!(feature = "parquet") {
        formats.push("parquet");
    }
    for (table, column, q) in cases {
        let want = sql(&db, q);
        assert!(want.0 > 0, "{table} is empty");
        for f in &formats {
            let out = d.path().join(format!("{table}.{f}"));
            let (code, _, err) = run(
                &db,
                &[
                    "export",
                    "--table",
                    table,
                    "--format",
                    f,
                    "-o",
                    &out.display().to_string(),
                ],
            );
            assert_eq!(code, 0, "{err}");
            let got = match *f {
                "csv" => csv_sum(&out, column),
                "jsonl" => jsonl_sum(&out, column),
                #[cfg(feature = "parquet")]
                "parquet" => parquet_sum(&out, column),
                _ => unreachable!(),
            };
            close(got, want, &format!("{table} as {f}"));
        }
    }
}

#[test]
fn the_groups_table_has_one_row_per_analysed_group() {
    let (d, db) = two_campaigns();
    let out = d.path().join("groups.csv");
    let (code, _, err) = run(
        &db,
        &[
            "export",
            "--table",
            "groups",
            "--campaign",
            "sample-acceptance",
            "-o",
            &out.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (n, pps) = csv_sum(&out, "received_pps");
    assert_eq!(n, 8);
    // The netperf and iperf3 groups of both directions, as pinned in the analysis tests.
    let want = 101_479.9
        + 68_604.015_913_427_9
        + 3_063.7
        + 3_207.397_202_797_203
        + 107_729.5
        + 77_979.269_156_392_52
        + 3_119.3
        + 3_208.6;
    assert!((pps - want).abs() < 1e-3, "{pps} vs {want}");
}

#[test]
fn export_to_stdout_and_errors() {
    let (_d, db) = two_campaigns();
    let (code, out, _) = run(
        &db,
        &["export", "--table", "runs", "--campaign", "retest-degraded"],
    );
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1 + 48);
    let (code, _, err) = run(&db, &["export", "--table", "runs", "--campaign", "nope"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("known campaigns: retest-degraded, sample-acceptance"),
        "{err}"
    );
    let (code, _, err) = run(
        &db,
        &["export", "--table", "runs", "-o", "/nonexistent-dir/x.csv"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
}
