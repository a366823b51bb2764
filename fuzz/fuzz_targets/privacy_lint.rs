#![no_main]
//! See `yiyong_fuzz::privacy_lint` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| yiyong_fuzz::privacy_lint(data));
