#!/usr/bin/env bash
# Serve benchmark: save-to-reload times on the 10k-hero corpus. Usage: bench/serve.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/yiyong-serve-bench}
[ -d "$OUT/zola" ] || python3 ../shared/bench/gen_corpus.py "$OUT" 10000 >/dev/null
cargo build --release --quiet
cargo run --release --quiet --example serve_bench -- "$OUT/zola"
