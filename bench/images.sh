#!/usr/bin/env bash
# Image benchmark: N photos of 4000 × 3000, two sizes each, cold and warm builds against a
# single-threaded loop of the same image work. Usage: bench/images.sh [OUT_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo run --release --quiet --example image_bench -- "${1:-/tmp/yiyong-image-bench}" "${2:-200}"
