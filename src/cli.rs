//! The command line, declared with clap. Nothing here does work: `cmd` does.

use crate::model::{Direction, TimeZoneSpec};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turns the raw logs of a leased-line acceptance test (netperf, iperf3, sar) into
/// figures people can sign.
///
/// Typical use: `llreport ingest logs/` reads every log below logs/ into the store
/// (./llreport.db), then `llreport runs` lists what was read.
#[derive(Debug, Parser)]
#[command(
    name = "llreport",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The SQLite store to use (created if missing).
    #[arg(
        long,
        global = true,
        env = "LLREPORT_DB",
        default_value = "llreport.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read netperf, iperf3 and sar logs into the store.
    ///
    /// Directories are walked recursively; each file's format is detected from its
    /// content. Files already in the store (same bytes) are not stored again. A file that
    /// cannot be read is reported as path:line:col and the others still go in.
    ///
    /// Exit status: 0 when every recognized file went in, 1 when some failed, 2 when the
    /// run could not start (bad arguments, unusable store).
    Ingest(IngestArgs),
    /// List the runs read from the logs, with their figures.
    Runs(RunsArgs),
    /// List the sar samples: one row per report, interface and time, with each metric
    /// under its sysstat column name.
    Samples(SamplesArgs),
    /// List the files ingested: stored, duplicate, skipped (with the reason) or failed
    /// (with the error).
    Sources(SourcesArgs),
    /// Write a commented contract template (llreport.toml) to fill in.
    ///
    /// The contract names the link, its bandwidth, the IDC and VPC address ranges and the
    /// acceptance rules. Put it at the top of the folder of logs; `ingest` stores it with
    /// the campaign.
    Init(InitArgs),
    /// Judge a campaign against its contract: per-direction figures, the sar cross-check,
    /// the per-flow limit and a verdict per criterion.
    ///
    /// Exit status: 0 pass, 1 fail, 3 inconclusive, 2 error.
    Analyze(AnalyzeArgs),
    /// Write a table of the store as CSV, JSON Lines or Parquet, for other tools.
    ///
    /// Rows are streamed, so a store of any size exports in bounded memory. Parquet columns
    /// are typed: counts INT64, measurements DOUBLE, times TIMESTAMP (UTC), text STRING.
    Export(ExportArgs),
    /// List every campaign with its link, date, kind, verdict and headline figures per
    /// direction, in date order.
    Campaigns(CampaignsArgs),
    /// Follow a link's campaigns over time: headline figures of each test, the change
    /// against a baseline, and regressions beyond the contract's [trend] thresholds.
    ///
    /// Exit status: 0 no regression, 1 regressions found, 2 error.
    Trend(TrendArgs),
    /// Compare two campaigns side by side: each test's figures and each criterion, with the
    /// differences.
    Diff(DiffArgs),
    /// Write the acceptance report to sign: verdict, setup, figures, charts, flows, evidence
    /// and signature blocks, in one file that stands on its own when printed.
    ///
    /// HTML (default) is one self-contained page (inline CSS and charts, no script) that
    /// prints on A4; PDF is typeset by llreport itself with embedded fonts; Markdown and
    /// JSON carry the same facts for tickets and scripts. The same store always gives the
    /// same bytes. Example: `llreport report --format pdf -o acceptance.pdf`.
    ///
    /// Exit status: 0 written, 2 error (the verdict does not change the status; use
    /// `analyze` for that).
    Report(ReportArgs),
    /// Write a test kit from the contract: sized flows, correct commands, results laid out
    /// for `ingest`.
    ///
    /// The kit holds one POSIX sh script per host and step (prepare, servers, sar, clients,
    /// stop, collect), each taking the test's name (inbound/pps/netperf, ...), and a README
    /// saying what to run where and in what order. The flows per direction are at least
    /// hash_stream_divisor × test.flow_margin, spread over the VPC hosts, so the test can
    /// reach the contract through the per-flow limit. The hosts' results folders, unpacked
    /// together, go to `llreport ingest results/` with no flags.
    ///
    /// Exit status: 0 kit written, 1 kit written but the test cannot reach the contract
    /// (see the warnings), 2 no kit written.
    Plan(PlanArgs),
    /// Lint the topology in the contract: overlapping ranges, the VPC quota, the cloud
    /// services' range and its routes, hosts outside every range, duplicates, too few flows.
    ///
    /// Each finding has a severity, what is wrong and the fix.
    ///
    /// Exit status: 0 no errors, 1 errors found, 2 the contract cannot be read.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The contract: link bandwidth, hash_stream_divisor, [idc] and [[vpc]] ranges, the
    /// [[host]]s taking part and the [test] settings.
    #[arg(long, value_name = "FILE", default_value = "llreport.toml")]
    pub contract: PathBuf,

    /// Folder to write the kit into (created if missing).
    #[arg(
        short = 'o',
        long = "out",
        value_name = "DIR",
        default_value = "llreport-kit"
    )]
    pub out: PathBuf,

    /// Replace the files of an earlier kit in DIR (other files are left alone).
    #[arg(long)]
    pub force: bool,

    /// Have iperf3 write JSON (-J) instead of text with --timestamps.
    #[arg(long)]
    pub iperf3_json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The contract to lint.
    #[arg(long, value_name = "FILE", default_value = "llreport.toml")]
    pub contract: PathBuf,

    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Campaign the files belong to [default: the contract's campaign.name, else the base
    /// name of each PATH].
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    /// Data direction of every run in these files (inbound = VPC sends to IDC, outbound =
    /// IDC sends to VPC) [default: a path component named inbound or outbound].
    #[arg(long, value_enum, value_name = "DIR")]
    pub direction: Option<DirectionArg>,

    /// Time zone of the wall-clock times in sar text, which carry none: an IANA name
    /// (Asia/Shanghai) or an offset (+08:00) [default: UTC, with a warning].
    #[arg(long, value_name = "TZ", value_parser = parse_tz)]
    pub tz: Option<TimeZoneSpec>,

    /// Selector names of headerless netperf omni CSV output (`-o` with `-P 0`), in order,
    /// e.g. THROUGHPUT,THROUGHPUT_UNITS,ELAPSED_TIME.
    #[arg(long, value_name = "SEL,SEL,...", value_delimiter = ',')]
    pub netperf_omni_columns: Option<Vec<String>>,

    /// The contract file (link, bandwidth, sides, acceptance rules), stored with the
    /// campaign [default: llreport.toml at the top of each directory PATH, if there is one].
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,

    /// Form of the closing summary.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,

    /// Never draw the progress bar (it is drawn only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write llreport.toml into.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,

    /// Replace an existing llreport.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The campaign [default: the only one in the store].
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    /// Judge against this contract instead of the one stored with the campaign.
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// runs, flows, intervals, samples (long form: one metric per row) or groups (the
    /// analysed test groups of each campaign).
    #[arg(long, value_enum)]
    pub table: ExportTable,

    #[arg(long, value_enum, default_value_t = ExportFormatArg::Csv)]
    pub format: ExportFormatArg,

    /// Only this campaign.
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    /// Write to this file (replaced only once complete) [default: stdout].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportTable {
    Runs,
    Flows,
    Intervals,
    Samples,
    Groups,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    Csv,
    Jsonl,
    Parquet,
}

impl From<ExportFormatArg> for crate::render::export::ExportFormat {
    fn from(f: ExportFormatArg) -> Self {
        match f {
            ExportFormatArg::Csv => Self::Csv,
            ExportFormatArg::Jsonl => Self::Jsonl,
            ExportFormatArg::Parquet => Self::Parquet,
        }
    }
}

#[derive(Debug, Args)]
pub struct CampaignsArgs {
    /// Only the campaigns of this link (the contract's link.name).
    #[arg(long, value_name = "NAME")]
    pub link: Option<String>,

    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The link (the contract's link.name).
    #[arg(long, value_name = "NAME")]
    pub link: String,

    /// The campaign to compare against [default: the earliest acceptance campaign].
    #[arg(long, value_name = "CAMPAIGN")]
    pub baseline: Option<String>,

    #[arg(long, value_enum, default_value_t = TrendFormat::Table)]
    pub format: TrendFormat,

    /// Write to this file (replaced only once complete) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TrendFormat {
    Table,
    Json,
    Md,
    /// One self-contained file (inline CSS and SVG charts).
    Html,
    /// Typeset in-process (A4, fonts embedded); needs -o or a redirect.
    Pdf,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first campaign.
    #[arg(value_name = "CAMPAIGN_A")]
    pub a: String,

    /// The second campaign.
    #[arg(value_name = "CAMPAIGN_B")]
    pub b: String,

    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Table,
    Json,
    Md,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The campaign [default: the only one in the store].
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    /// Judge against this contract instead of the one stored with the campaign.
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,

    /// Write here (`-` for stdout) [default: <campaign>-acceptance.<ext> in the current
    /// directory, the campaign name made safe for a file name].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file that prints on A4.
    Html,
    /// PDF (A4, page numbers, embedded fonts).
    Pdf,
    /// The report's view model as JSON: texts and raw values.
    Json,
    /// GitHub-flavoured Markdown, charts left out.
    Md,
}

#[derive(Debug, Args)]
pub struct RunsArgs {
    /// Only this campaign.
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct SamplesArgs {
    /// Only this campaign.
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    /// Only this host (as sar's first line names it).
    #[arg(long, value_name = "HOST")]
    pub host: Option<String>,

    /// Only this interface (or device: `all` for CPU).
    #[arg(long, value_name = "IFACE")]
    pub iface: Option<String>,

    /// Only this report: DEV, EDEV, UDP, CPU, ...
    #[arg(long, value_name = "REPORT")]
    pub report: Option<String>,

    /// table, json (an array of objects) or csv (one row per metric: ts,host,report,iface,metric,value).
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Only this campaign.
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    Inbound,
    Outbound,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Self {
        match d {
            DirectionArg::Inbound => Direction::Inbound,
            DirectionArg::Outbound => Direction::Outbound,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

fn parse_tz(s: &str) -> Result<TimeZoneSpec, String> {
    s.parse()
        .map_err(|e: crate::model::time::TimeZoneParseError| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
