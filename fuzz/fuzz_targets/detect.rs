//! Fuzz target: format detection, `llreport::parse::detect`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| llreport_fuzz::check_detect(data));
