#!/usr/bin/env bash
# Peak RSS of `./sluice engine-demo` at a memory budget, for datasets of several times that budget
# (issue 17: peak RSS <= budget + 1 GiB). Prints one Markdown table row per run; the launcher sizes
# -Xmx and -XX:MaxDirectMemorySize from --memory-budget (its stderr line is quoted in the row).
#
#   benchmarks/memory/peak-rss.sh BUDGET ROWS [ROWS...]       e.g. benchmarks/memory/peak-rss.sh 512m 5000000 50000000
#
# Environment: SLUICE_JAVA_OPTS is passed through (set -Xmx4g there to see the old default);
# WORK (default /tmp/sluice-peak-rss) holds the generated corpora (kept, reused) and outputs (deleted).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUDGET="$1"; shift
WORK="${WORK:-/tmp/sluice-peak-rss}"
mkdir -p "$WORK"
echo "| budget | rows | input on disk | launcher chose | wall | rows/s | peak Arrow | max RSS (time -v) | exit |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for ROWS in "$@"; do
  OUT="$WORK/out-$ROWS"
  rm -rf "$OUT"
  LOG="$WORK/run-$ROWS.log"
  set +e
  /usr/bin/time -v "$ROOT/sluice" engine-demo --rows "$ROWS" --memory-budget "$BUDGET" --no-progress \
    --data-dir "$WORK/data" --output "$OUT" >"$LOG" 2>&1
  CODE=$?
  set -e
  RSS_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$LOG")
  WALL=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$LOG")
  CHOSE=$(sed -n 's/^sluice: memory: .*-> //p' "$LOG" | head -n 1)
  INPUT=$(sed -n 's/^input: .*files, \(.*\))$/\1/p' "$LOG" | head -n 1)
  RATE=$(sed -n 's/^rows\/s: *\([0-9,]*\) end to end.*/\1/p' "$LOG" | head -n 1)
  PEAK=$(sed -n 's/^memory: *peak Arrow \([0-9.]* [MG]iB\).*/\1/p' "$LOG" | head -n 1)
  printf '| %s | %s | %s | `%s` | %s | %s | %s | %.2f GiB | %s |\n' "$BUDGET" "$ROWS" "$INPUT" "$CHOSE" "$WALL" \
    "$RATE" "$PEAK" "$(echo "$RSS_KB / 1048576" | bc -l)" "$CODE"
  rm -rf "$OUT"
done
