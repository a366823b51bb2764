#!/usr/bin/env bash
# Benchmark of the maps (issue 18): what the maps add to a build of a map-heavy site.
# Usage: [ROUNDS=5] [BIN=…] bench/maps.sh [OUT_DIR] [PLACES...]
# For each size (default 5000 places, one district holding 1,000) it builds the same site with
# the maps on and off (`[extra.yiyong.maps] enabled = false`), alternating, and prints medians:
#   cold        fresh output folder, no PNG cache: every SVG and PNG drawn
#   cold-cached fresh output folder, PNGs cached from an earlier build (the usual case)
#   rebuild     the same output folder again, nothing changed
# The corpus: ../shared/bench/gen_corpus.py at 1,000 heroes, its places replaced by
# bench/map_corpus.py. Needs python3 and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/yiyong-maps-bench}
shift || true
SIZES=${*:-"5000"}
ROUNDS=${ROUNDS:-5}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/yiyong
fi
THEME=$PWD/themes/yiyong
TRASH=$OUT/.trash
mkdir -p "$TRASH"
trap 'rm -rf "$TRASH"' EXIT
# Moved aside, not deleted: see bench/run.sh on ext4's inode allocator after deletions.
aside() { if [ -e "$1" ]; then mv "$1" "$(mktemp -d "$TRASH/old.XXXXXX")/"; fi; }
rm -f /tmp/yiyong-mapbench-*

measure() { # label, site, args...
  local label=$1 site=$2; shift 2
  local start end secs kb
  start=$(date +%s%N)
  (cd "$site" && /usr/bin/time -f "%M" "$BIN" "$@" build >/dev/null 2>/tmp/yiyong-mapbench-err) || { cat /tmp/yiyong-mapbench-err; exit 1; }
  end=$(date +%s%N)
  secs=$(python3 -c "print(($end - $start) / 1e9)")
  kb=$(tail -1 /tmp/yiyong-mapbench-err)
  printf "%-7s %-22s %7.3f s %6d MB\n" "$N" "$label" "$secs" "$((kb / 1024))"
  echo "$secs" >> "/tmp/yiyong-mapbench-$label-$N"
}
median() { python3 -c "import statistics,sys; print(round(statistics.median(float(l) for l in open(sys.argv[1])), 3))" "/tmp/yiyong-mapbench-$1"; }

printf "%-7s %-22s %9s %9s\n" places run time peak_rss
for N in $SIZES; do
  base=$OUT/$N
  if [ ! -f "$base/on/config.toml" ]; then
    python3 ../shared/bench/gen_corpus.py "$base/gen" 1000 >/dev/null
    python3 bench/map_corpus.py "$base/gen/yiyong" "$N" >/dev/null
    mkdir -p "$base/gen/yiyong/themes" && cp -r "$THEME" "$base/gen/yiyong/themes/"
    cp -r "$base/gen/yiyong" "$base/on"
    cp -r "$base/gen/yiyong" "$base/off"
    printf '\n[extra.yiyong.maps]\nenabled = false\n' >> "$base/off/config.toml"
  fi
  sync
  for _ in $(seq "$ROUNDS"); do
    for v in on off; do
      aside "$base/$v/public"; aside "$base/$v/.yiyong-cache"; sync; sleep 1
      measure "cold-$v" "$base/$v"
    done
    for v in on off; do
      aside "$base/$v/public"; sync; sleep 1
      measure "cold-cached-$v" "$base/$v"
    done
    for v in on off; do
      measure "rebuild-$v" "$base/$v"
    done
  done
  for run in cold cold-cached rebuild; do
    on=$(median "$run-on-$N"); off=$(median "$run-off-$N")
    echo "$N places, $run: maps on $on s, off $off s, the maps add $(python3 -c "print(round($on - $off, 3))") s (medians of $ROUNDS)"
  done
done
