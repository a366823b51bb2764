//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) and the crash regressions
//! (`fuzz/regressions/<target>/`) through the same checks the fuzz targets run, on stable Rust
//! and without cargo-fuzz: every input the fuzzer kept, and every crash it found, stays checked
//! by `cargo test`. The checks live in `fuzz/src/lib.rs`, compiled here as a module.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = checks::corpus_files(&fuzz.join("corpus").join(target));
    assert!(!corpus.is_empty(), "no corpus for {target}");
    let regressions = checks::corpus_files(&fuzz.join("regressions").join(target));
    for file in corpus.iter().chain(&regressions) {
        let data = std::fs::read(file).unwrap();
        // A failing check panics; name the input so it can be run again with the fuzzer.
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(
            outcome.is_ok(),
            "{target}: {} fails its check",
            file.display()
        );
    }
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", checks::front_matter);
}

#[test]
fn shortcodes_corpus() {
    replay("shortcodes", checks::shortcodes);
}

#[test]
fn markdown_corpus() {
    replay("markdown", checks::markdown);
}

#[test]
fn privacy_lint_corpus() {
    replay("privacy_lint", checks::privacy_lint);
}

#[test]
fn http_request_corpus() {
    replay("http_request", checks::http_request);
}
