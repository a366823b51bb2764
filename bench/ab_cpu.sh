#!/usr/bin/env bash
# A/B of cold builds: ROUNDS rounds, each building every BIN:SITE pair in turn from scratch
# (public/ and .yiyong-cache removed), then the median wall time, CPU (user + system) and peak
# memory of each binary. Interleaved, as this shared machine's speed drifts from minute to
# minute; CPU is steadier than wall time on 2 busy cores. Give each binary its own copy of the
# site (two folders of the same corpus) so that nothing one writes is read by the other, and
# distinct binary names (they label the results).
# Usage: bench/ab_cpu.sh ROUNDS /tmp/yy-old:/dev/shm/a /tmp/yy-new:/dev/shm/b
# Needs: /usr/bin/time (Debian `time`), python3.
set -euo pipefail
rounds=$1
shift
out=$(mktemp)
trap 'rm -f "$out" "$out.one"' EXIT
for _ in $(seq "$rounds"); do
  for spec in "$@"; do
    bin=${spec%%:*} site=${spec#*:}
    rm -rf "$site/public" "$site/.yiyong-cache"
    sync
    sleep 1
    (cd "$site" && /usr/bin/time -f "%e %U %S %M" -o "$out.one" "$bin" build >/dev/null 2>&1)
    read -r e u s m <"$out.one"
    echo "$(basename "$bin") $e $u $s $m" >>"$out"
  done
done
python3 - "$out" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, e, u, s, m = line.split()
    runs[name].append((float(e), float(u) + float(s), int(m) // 1024))
for name, v in runs.items():
    med = lambda i: statistics.median(x[i] for x in v)
    print(f"{name:14} wall {med(0):.2f} s  cpu {med(1):.2f} s  peak {med(2):.0f} MB  cpu runs {[round(x[1], 2) for x in v]}")
PY
