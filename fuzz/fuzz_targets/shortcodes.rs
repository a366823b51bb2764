#![no_main]
//! See `yiyong_fuzz::shortcodes` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| yiyong_fuzz::shortcodes(data));
