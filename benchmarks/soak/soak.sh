#!/usr/bin/env bash
# The soak (issue 17): one JVM, started by ./sluice, runs a resumable job and a spilling sort over and
# over for the given time (io.sluice.benchmarks.soak.Soak). Every 10 s it samples RSS, heap after a
# full GC, open file descriptors and threads of itself (WORK/samples.csv); this script samples the same
# process from outside (/proc/PID: VmRSS, fd/, Threads; WORK/outside.csv) as a cross-check. At the end
# both print per-hour slopes, and the spill directory and outputs are checked for leftover files.
#
#   benchmarks/soak/soak.sh MINUTES [--rows N] [--memory-budget SIZE]   e.g. benchmarks/soak/soak.sh 3 --rows 1000000
#
# Defaults: 400,000 rows, --memory-budget 32m (the sort spills).
#
# Environment: WORK (default /tmp/sluice-soak) holds input, outputs, spill and the samples; it is
# emptied first. SLUICE_JAVA_OPTS is passed through to the launcher.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MINUTES="$1"; shift
WORK="${WORK:-/tmp/sluice-soak}"
INTERVAL=10
rm -rf "$WORK"
mkdir -p "$WORK"
echo "soak: $MINUTES min in $WORK; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# The launcher sizes the JVM from the first --memory-budget it sees, so the default goes last.
[[ " $* " == *" --memory-budget "* ]] || set -- "$@" --memory-budget 32m
# Hadoop's codec pool logs every compressor it creates at INFO; an hour of that is noise.
export SLUICE_JAVA_OPTS="${SLUICE_JAVA_OPTS:--Dorg.slf4j.simpleLogger.log.org.apache.hadoop=warn}"
SLUICE_LAUNCH_MODULE=benchmarks SLUICE_LAUNCH_MAIN=io.sluice.benchmarks.soak.Soak \
  "$ROOT/sluice" "$@" --minutes "$MINUTES" --work "$WORK" --interval "$INTERVAL" \
  > >(tee "$WORK/soak.log") 2>&1 &
PID=$!
echo "seconds,rss_kb,fds,threads,load1" > "$WORK/outside.csv"
START=""
while kill -0 "$PID" 2>/dev/null; do
  # The clock starts with the JVM's own sampler (after the input is generated), as its slopes do.
  if [[ -z "$START" ]]; then
    [[ -f "$WORK/samples.csv" ]] && START=$(date +%s)
    sleep 1
    continue
  fi
  if [[ -r /proc/$PID/status ]]; then
    RSS=$(awk '/^VmRSS:/ {print $2}' "/proc/$PID/status" 2>/dev/null || true)
    THR=$(awk '/^Threads:/ {print $2}' "/proc/$PID/status" 2>/dev/null || true)
    FDS=$(ls "/proc/$PID/fd" 2>/dev/null | wc -l || true)
    [[ -n "$RSS" ]] && echo "$(( $(date +%s) - START )),$RSS,$FDS,$THR,$(cut -d' ' -f1 /proc/loadavg)" >> "$WORK/outside.csv"
  fi
  sleep "$INTERVAL"
done
set +e
wait "$PID"
CODE=$?
set -e
# Outside view: slope per hour after the first fifth (at most 120 s), as the JVM's own report does.
WARM=$(( MINUTES * 60 / 5 )); (( WARM > 120 )) && WARM=120
awk -F, -v warm="$WARM" 'NR > 1 && $1 >= warm {
    n++; x = $1; sx += x; sxx += x * x
    for (c = 2; c <= 5; c++) { y[c] = $c; sy[c] += y[c]; sxy[c] += x * y[c]; if (n == 1) first[c] = y[c]; last[c] = y[c] } }
  END {
    if (n < 3) { print "outside: too few samples"; exit }
    split("RSS (MiB),open fds,threads,load (1 min)", name, ",")
    print "outside (/proc/PID), " n " samples after " warm " s:"
    for (c = 2; c <= 5; c++) {
      d = n * sxx - sx * sx; b = d == 0 ? 0 : (n * sxy[c] - sx * sy[c]) / d
      f = c == 2 ? 1024 : 1
      printf "  %-12s first %.1f last %.1f slope %+.2f per hour\n", name[c - 1], first[c] / f, last[c] / f, b * 3600 / f }
  }' "$WORK/outside.csv"
LEFT=$(find "$WORK/spill" "$WORK/out" -type f 2>/dev/null | wc -l || true) # out/ is gone after the last round
echo "soak: files left in spill and output dirs after the JVM exited: $LEFT; exit $CODE"
[[ "$CODE" == 0 && "$LEFT" == 0 ]]
