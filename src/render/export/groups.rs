//! The `groups` export table: one row per analysed test group of a campaign.

use crate::model::analysis::{Analysis, Verdict};
use crate::model::table::{Cell, Column, ColumnType, col};

use ColumnType::{Float, Int, Text, Timestamp};

const COLUMNS: &[Column] = &[
    col("campaign", Text),
    col("link", Text),
    col("group_id", Text),
    col("direction", Text),
    col("mode", Text),
    col("tool", Text),
    col("protocol", Text),
    col("hosts", Text),
    col("runs", Int),
    col("flows", Int),
    col("message_size_bytes", Int),
    col("duration_s", Float),
    col("started_at", Timestamp),
    col("sent_packets", Int),
    col("received_packets", Int),
    col("loss_percent", Float),
    col("sent_pps", Float),
    col("received_pps", Float),
    col("received_bps", Float),
    col("offered_bps", Float),
    col("jitter_ms", Float),
    col("sar_received_pps", Float),
    col("sar_received_bps", Float),
    col("sar_vs_tool_percent", Float),
    col("reachable_bps", Float),
    col("verdict", Text),
];

/// The columns of the groups table.
pub fn columns() -> Vec<Column> {
    COLUMNS.to_vec()
}

fn int(v: Option<u64>) -> Cell {
    v.and_then(|v| i64::try_from(v).ok()).into()
}

/// The rows of one campaign's analysis. A group's verdict combines its criteria.
pub fn rows(a: &Analysis) -> Vec<Vec<Cell>> {
    a.groups
        .iter()
        .map(|g| {
            let verdict = Verdict::combine(
                a.criteria
                    .iter()
                    .filter(|c| c.group.as_deref() == Some(g.id.as_str()))
                    .map(|c| &c.verdict),
            );
            vec![
                Cell::Text(a.campaign.clone()),
                a.link.clone().into(),
                Cell::Text(g.id.clone()),
                g.direction.map(|d| d.to_string()).into(),
                Cell::Text(g.mode.to_string()),
                Cell::Text(g.tool.to_string()),
                g.protocol.map(|p| p.to_string()).into(),
                Cell::Text(g.hosts.join(",")),
                Cell::Int(i64::from(g.runs)),
                Cell::Int(i64::from(g.flows)),
                int(g.message_size_bytes),
                g.duration_s.into(),
                g.started_at.into(),
                int(g.sent_packets),
                int(g.received_packets),
                g.loss_percent.into(),
                g.sent_pps.into(),
                g.received_pps.into(),
                g.received_bps.into(),
                g.offered_bps.into(),
                g.jitter_ms.into(),
                g.sar.as_ref().map(|s| s.received_pps).into(),
                g.sar.as_ref().map(|s| s.received_bps).into(),
                g.sar.as_ref().and_then(|s| s.vs_tool_percent).into(),
                g.reachable_bps.into(),
                Cell::Text(verdict.to_string()),
            ]
        })
        .collect()
}
