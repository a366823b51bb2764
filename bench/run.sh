#!/usr/bin/env bash
# Benchmark: builds the shared corpus at 1k and 10k heroes with yiyong and with Hugo, side by
# side, and prints wall time and peak memory. Usage: [ROUNDS=3] [BIN=…] bench/run.sh [OUT_DIR] [SIZES...]
# Besides the plain Zola corpus it builds the association's own site (`OUT/N/yiyong`, typed
# content on the default theme, copied in from themes/yiyong) and prints issue 21's budgets:
# its cold build against Hugo's, its rebuild, peak memory, output bytes against the plain
# corpus's, and the largest HTML page.
# Cold builds alternate Hugo and yiyong ROUNDS times; the ratio is of the median times, as
# this machine's speed drifts from minute to minute.
# Needs: python3, /usr/bin/time (Debian `time`), and `hugo` (Debian `hugo`) for the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/yiyong-bench}
shift || true
SIZES=${*:-"1000 10000"}
ROUNDS=${ROUNDS:-3}
GEN=../shared/bench/gen_corpus.py
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/yiyong
fi
# Old outputs are moved aside, not deleted, and removed only after measuring. On ext4 without a
# journal (this machine's disk) the inode allocator skips inodes freed in the last 60-360 s
# (fs/ext4/ialloc.c, recently_deleted), so a build started right after `rm -rf public` scans
# past every freed inode for each file it creates: both tools' times then depend on what was
# deleted when, not on the tools. The corpus is generated once per OUT_DIR (delete the folder
# to regenerate it). Run the bench again only some six minutes after the last one, or after
# deleting anything big.
TRASH=$OUT/.trash
mkdir -p "$TRASH"
trap 'rm -rf "$TRASH"' EXIT
aside() { if [ -e "$1" ]; then mv "$1" "$(mktemp -d "$TRASH/old.XXXXXX")/"; fi; }

measure() { # label, dir, command...
  local label=$1 dir=$2; shift 2
  local start end secs kb
  # Wall time to the millisecond (time's %e has centiseconds, coarse at 1k heroes).
  start=$(date +%s%N)
  (cd "$dir" && /usr/bin/time -f "%M" "$@" >/dev/null 2>/tmp/yiyong-bench-err)
  end=$(date +%s%N)
  secs=$(python3 -c "print(($end - $start) / 1e9)")
  kb=$(tail -1 /tmp/yiyong-bench-err)
  printf "%-8s %-24s %7.3f s %7d MB\n" "$N" "$label" "$secs" "$((kb / 1024))"
  echo "$secs" >> "/tmp/yiyong-bench-$label-$N"
}

printf "%-8s %-24s %9s %10s\n" heroes run time peak_rss
rm -f /tmp/yiyong-bench-*
for N in $SIZES; do
  # The generator deletes and rewrites its folder: done once, as deletions slow what follows.
  if [ ! -f "$OUT/$N/zola/config.toml" ] || [ ! -d "$OUT/$N/hugo" ]; then
    python3 "$GEN" "$OUT/$N" "$N" >/dev/null
  fi
  sed -i '/^# an edited page:$/d' "$OUT/$N/zola/content/heroes/hero-00000.md"
  sync
  for _ in $(seq "$ROUNDS"); do
    if command -v hugo >/dev/null; then
      aside "$OUT/$N/hugo/public"; sync; sleep 1
      measure hugo-cold "$OUT/$N/hugo" hugo --quiet
    fi
    aside "$OUT/$N/zola/public"; aside "$OUT/$N/zola/.yiyong-cache"; sync; sleep 1
    measure yiyong-cold "$OUT/$N/zola" "$BIN" build
    aside "$OUT/$N/yiyong/themes"; mkdir -p "$OUT/$N/yiyong/themes"; cp -r themes/yiyong "$OUT/$N/yiyong/themes/"
    aside "$OUT/$N/yiyong/public"; aside "$OUT/$N/yiyong/.yiyong-cache"; sync; sleep 1
    measure assoc-cold "$OUT/$N/yiyong" "$BIN" build
  done
  for _ in $(seq "$ROUNDS"); do
    measure assoc-rebuild "$OUT/$N/yiyong" "$BIN" build
  done
  # Rebuilds take a tenth of a second at 1k heroes: one run is too coarse to compare.
  for _ in $(seq "$ROUNDS"); do
    measure yiyong-rebuild "$OUT/$N/zola" "$BIN" build
  done
  echo "# an edited page:" >> "$OUT/$N/zola/content/heroes/hero-00000.md"
  measure yiyong-one-edit "$OUT/$N/zola" "$BIN" build
done

# The median of the runs recorded under a label.
read_t() { python3 -c "import statistics,sys; print(round(statistics.median(float(l) for l in open(sys.argv[1])), 3))" "/tmp/yiyong-bench-$1" 2>/dev/null || echo 0; }
set -- $SIZES
if [ $# -ge 2 ]; then
  small=$1; large=${!#}
  for run in yiyong-cold yiyong-rebuild assoc-cold assoc-rebuild; do
    echo "growth $run ${large}/${small} (medians): $(python3 -c "print(round($(read_t $run-$large)/max($(read_t $run-$small),0.001),1))")x for $((large / small))x the pages"
  done
fi
for N in $SIZES; do
  zb=$(du -sb "$OUT/$N/zola/public" | cut -f1); ab=$(du -sb "$OUT/$N/yiyong/public" | cut -f1)
  big=$(find "$OUT/$N/yiyong/public" -name '*.html' -printf '%s %P\n' | sort -rn | awk 'NR == 1')
  echo "association site at $N: output $((ab / 1048576)) MB = $(python3 -c "print(round($ab/$zb,2))")x the plain corpus's $((zb / 1048576)) MB; largest HTML page: $big bytes"
  echo "association site at $N: rebuild median $(read_t assoc-rebuild-$N) s"
done
if command -v hugo >/dev/null; then
  for N in $SIZES; do
    echo "association site at $N: cold $(read_t assoc-cold-$N) s = $(python3 -c "print(round($(read_t assoc-cold-$N)/max($(read_t hugo-cold-$N),0.001),2))")x Hugo's cold build (median)"
    echo "median hugo-cold $(read_t hugo-cold-$N) s / yiyong-cold $(read_t yiyong-cold-$N) s at $N: $(python3 -c "print(round($(read_t hugo-cold-$N)/max($(read_t yiyong-cold-$N),0.001),1))")x"
  done
fi
