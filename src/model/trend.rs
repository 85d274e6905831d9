//! Campaigns of a link compared over time: headline figures, changes against a baseline,
//! regressions, and the side-by-side difference of two campaigns.

use super::analysis::{Mode, Verdict};
use super::contract::{CampaignKind, TrendRules};
use super::run::{Direction, Tool};
use serde::{Deserialize, Serialize};

/// What identifies a test across campaigns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TestKey {
    pub direction: Direction,
    pub mode: Mode,
    pub tool: Tool,
}

/// The headline figures of one test of a campaign.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub flows: u32,
    pub received_bps: Option<f64>,
    pub received_pps: Option<f64>,
    pub loss_percent: Option<f64>,
    pub jitter_ms: Option<f64>,
    pub sar_received_pps: Option<f64>,
    pub verdict: Option<Verdict>,
}

/// A campaign with its verdict and headline figures per test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub name: String,
    pub link: Option<String>,
    pub date: Option<String>,
    pub kind: Option<CampaignKind>,
    pub verdict: Verdict,
    pub contract_bps: Option<f64>,
    pub tests: Vec<(TestKey, Headline)>,
}

/// Changes of a campaign's figures against the baseline's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Percent of the baseline.
    pub received_bps_percent: Option<f64>,
    pub received_pps_percent: Option<f64>,
    pub sar_received_pps_percent: Option<f64>,
    /// Percentage points.
    pub loss_points: Option<f64>,
    /// Milliseconds.
    pub jitter_ms: Option<f64>,
}

/// One campaign's point of a test's series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub campaign: String,
    pub date: Option<String>,
    pub kind: Option<CampaignKind>,
    pub figures: Headline,
    pub change: Change,
    /// Sentences, one per threshold crossed.
    pub regressions: Vec<String>,
    /// Why a comparison may mislead (a different number of flows).
    pub notes: Vec<String>,
}

/// The series of one test over the campaigns of a link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendSeries {
    pub key: TestKey,
    pub points: Vec<TrendPoint>,
}

/// A regression found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Regression {
    pub campaign: String,
    pub key: TestKey,
    /// `received_bps`, `received_pps`, `loss_percent`, `jitter_ms`.
    pub metric: String,
    pub baseline: f64,
    pub value: f64,
    pub text: String,
}

/// Campaigns of one link in date order against a baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub link: String,
    pub baseline: String,
    /// How the baseline was chosen.
    pub baseline_rule: String,
    pub rules: TrendRules,
    pub contract_bps: Option<f64>,
    pub per_flow_limit_bps: Option<f64>,
    pub campaigns: Vec<CampaignSummary>,
    pub series: Vec<TrendSeries>,
    pub regressions: Vec<Regression>,
}

/// One line of a campaign diff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiffRow {
    pub direction: Option<Direction>,
    /// The test (`inbound/bandwidth/iperf3`) or `-` for campaign-wide rows.
    pub test: String,
    /// A figure (`received_bps`) or a criterion (`criterion:loss`).
    pub item: String,
    pub a: Option<f64>,
    pub b: Option<f64>,
    /// b − a.
    pub delta: Option<f64>,
    /// (b − a) / a in percent.
    pub delta_percent: Option<f64>,
    pub a_text: String,
    pub b_text: String,
}

/// Two campaigns side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub a: String,
    pub b: String,
    pub a_verdict: Verdict,
    pub b_verdict: Verdict,
    pub rows: Vec<DiffRow>,
}
