#!/bin/sh
# Runs one fuzz target on the binary `cargo fuzz build` made, gently (the machine is shared):
#   fuzz/run.sh TARGET SECONDS LOGDIR
# Build first, from fuzz/:  RUSTC_BOOTSTRAP=1 cargo fuzz build --codegen-units 16
# New inputs go to corpus/TARGET, crashes to artifacts/TARGET/; libFuzzer's own log (with
# -jobs it runs one child whose output is LOGDIR/fuzz-0.log) goes to LOGDIR.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
target=$1
seconds=$2
logdir=$3
case $target in
  http_request) max_len=40960 ;;  # above the 32 KiB head limit, so the limit is exercised
  *) max_len=65536 ;;
esac
mkdir -p "$fuzz/corpus/$target" "$fuzz/artifacts/$target" "$logdir"
cd "$logdir"
ASAN_OPTIONS=detect_odr_violation=0 exec nice -n 19 \
  "$fuzz/target/x86_64-unknown-linux-gnu/release/$target" "$fuzz/corpus/$target" \
  -artifact_prefix="$fuzz/artifacts/$target/" -jobs=1 -workers=1 -rss_limit_mb=2048 \
  -max_len=$max_len -timeout=10 -max_total_time="$seconds" -print_final_stats=1 \
  >"$logdir/driver.log" 2>&1
