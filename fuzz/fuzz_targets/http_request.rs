#![no_main]
//! See `yiyong_fuzz::http_request` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| yiyong_fuzz::http_request(data));
