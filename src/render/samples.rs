//! `llreport samples` output, one sample at a time so that any number of samples is listed in
//! bounded memory: JSON (an array of objects), CSV (long form: one metric per row) and a
//! terminal table (a header whenever the report changes).

use crate::model::SarSample;
use chrono::SecondsFormat;

fn ts(s: &SarSample) -> String {
    s.ts.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One sample as a JSON object: `host, iface, report, ts` and each metric by its sysstat
/// column name.
pub fn json_object(s: &SarSample) -> String {
    let mut m = serde_json::Map::new();
    m.insert("host".into(), s.host().into());
    m.insert("iface".into(), s.device().into());
    m.insert("report".into(), s.report().into());
    m.insert("ts".into(), ts(s).into());
    m.insert("line".into(), s.line.into());
    for (k, v) in s.metrics() {
        let val = serde_json::Number::from_f64(v)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null);
        m.insert(k.to_string(), val);
    }
    serde_json::Value::Object(m).to_string()
}

/// The CSV header of the long form.
pub const CSV_HEADER: &str = "ts,host,report,iface,metric,value\n";

/// The CSV rows of one sample (one per metric).
pub fn csv_rows(s: &SarSample) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let t = ts(s);
    for (k, v) in s.metrics() {
        w.write_record([
            t.as_str(),
            s.host().unwrap_or(""),
            s.report(),
            s.device().unwrap_or(""),
            k,
            &v.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A table header line for a report's metrics.
pub fn table_header(s: &SarSample) -> String {
    let mut line = format!(
        "{:<20}  {:<12}  {:<8}  {:<10}",
        "TS", "HOST", "REPORT", "IFACE"
    );
    for k in s.columns().iter() {
        line.push_str(&format!("  {k:>10}"));
    }
    line.push('\n');
    line
}

/// A table row.
pub fn table_row(s: &SarSample) -> String {
    let clean = |v: &str| -> String {
        v.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect()
    };
    let mut line = format!(
        "{:<20}  {:<12}  {:<8}  {:<10}",
        ts(s),
        clean(s.host().unwrap_or("-")),
        clean(s.report()),
        clean(s.device().unwrap_or("-"))
    );
    for v in &s.values {
        line.push_str(&format!("  {v:>10.2}"));
    }
    line.push('\n');
    line
}
