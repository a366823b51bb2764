#![no_main]
//! See `yiyong_fuzz::front_matter` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| yiyong_fuzz::front_matter(data));
