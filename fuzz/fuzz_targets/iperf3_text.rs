//! Fuzz target: `llreport::parse::parse_text` as `LogFormat::Iperf3Text`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llreport::model::LogFormat;

fuzz_target!(|data: &[u8]| llreport_fuzz::check_format(LogFormat::Iperf3Text, data));
