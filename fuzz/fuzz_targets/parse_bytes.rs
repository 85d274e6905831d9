//! Fuzz target: `llreport::parse::parse_bytes`, decoding (BOMs, UTF-16, invalid UTF-8, NUL
//! bytes), detection and the parser detection picks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| llreport_fuzz::check_bytes(data));
