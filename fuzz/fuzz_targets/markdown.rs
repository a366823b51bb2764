#![no_main]
//! See `yiyong_fuzz::markdown` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| yiyong_fuzz::markdown(data));
