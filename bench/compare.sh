#!/usr/bin/env bash
# taizhang against Taskwarrior on the same milestones: N generated county
# plans (8 areas x 10 tasks x 3 milestones, a year of history each) loaded
# by `taizhang --plans DIR summary` (the province roll-up), and the same
# milestones imported into Taskwarrior (one task per milestone, one project
# per plan area, each change of a milestone's history an annotation) for
# `task summary`. Timed side by side in one hyperfine run with the floor
# (examples/cache_floor: stat every file, read the two cache files) and
# each plan's own tables (`summary --by area`, 30,000 lines); prints the
# medians and the ratio, the first run without a cache, then the peak
# memory of each.
#
#   bench/compare.sh [N] [WORKDIR]      (defaults: 136, /tmp/taizhang-compare)
#
# Needs: apt-get install -y taskwarrior hyperfine time jq. Not run in CI.
set -euo pipefail
N=${1:-136}
WORK=${2:-/tmp/taizhang-compare}
RUNS=${RUNS:-20}
cd "$(dirname "$0")/.."

for tool in task hyperfine jq /usr/bin/time; do
    command -v "$tool" >/dev/null || {
        echo "compare.sh: $tool is missing: apt-get install -y taskwarrior hyperfine jq time" >&2
        exit 2
    }
done

cargo build --release --quiet --bin taizhang --example gen_plans --example taskwarrior_export --example cache_floor
TARGET=${CARGO_TARGET_DIR:-target}
TAIZHANG=$(realpath "$TARGET/release/taizhang")

rm -rf "$WORK"
mkdir -p "$WORK/task"
"$TARGET/release/examples/gen_plans" --plans "$N" --out "$WORK" --state >/dev/null
"$TARGET/release/examples/taskwarrior_export" "$WORK/plans" "$WORK/home/state" >"$WORK/tasks.json"

export TAIZHANG_HOME="$WORK/home"
export TASKRC="$WORK/taskrc"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\n' "$WORK/task" >"$TASKRC"
task import "$WORK/tasks.json" >/dev/null 2>&1

milestones=$(wc -l <"$WORK/tasks.json")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $N plans, $milestones milestones; $(du -sh "$WORK/plans" | cut -f1) of plan YAML, $(du -sh "$WORK/home/state" | cut -f1) of state YAML"
echo "versions: $("$TAIZHANG" --version), task $(task --version)"

TZ_CMD="$TAIZHANG --plans $WORK/plans --as-of 2025-06-30 summary"
TW_CMD="task summary"
FLOOR_CMD="$(realpath "$TARGET/release/examples/cache_floor") $WORK/plans $WORK/home"
EACH_CMD="$TZ_CMD --by area"
# the first runs fill taizhang's cache and settle Taskwarrior's files; a
# file changed within 2 s of the cache's writing is checked by its bytes
# until the cache is rewritten later, so let that pass and run again
$TZ_CMD >/dev/null
$EACH_CMD >/dev/null
$TW_CMD >/dev/null
sleep 3
$TZ_CMD >/dev/null
$EACH_CMD >/dev/null

hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
    -n "taizhang summary" "$TZ_CMD" \
    -n "task summary" "$TW_CMD" \
    -n "floor" "$FLOOR_CMD" \
    -n "taizhang summary --by area" "$EACH_CMD"
echo "load after the warm runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# the first run after an edit: no cache at all (every YAML file parsed)
hyperfine -N --warmup 1 --runs 5 --prepare "rm -rf $WORK/home/cache" \
    --export-json "$WORK/hyperfine-cold.json" -n "taizhang summary, no cache" "$TZ_CMD"
$TZ_CMD >/dev/null # leave the cache built

median() { jq -r ".results[] | select(.command == \"$1\") | .median" "$WORK/hyperfine.json"; }
tz=$(median "taizhang summary")
tw=$(median "task summary")
floor=$(median "floor")
each=$(median "taizhang summary --by area")
cold=$(jq -r '.results[0].median' "$WORK/hyperfine-cold.json")
echo
awk -v tz="$tz" -v tw="$tw" -v cold="$cold" -v floor="$floor" -v each="$each" 'BEGIN {
    printf "median: taizhang summary %.1f ms, task summary %.1f ms: taizhang %.1fx faster\n", tz * 1000, tw * 1000, tw / tz
    printf "median: floor (stat the files, read the cache) %.1f ms: taizhang summary is %.1f ms above it\n", floor * 1000, (tz - floor) * 1000
    printf "median: taizhang summary --by area (every plan'"'"'s tables) %.1f ms\n", each * 1000
    printf "median: taizhang summary with no cache %.1f ms\n", cold * 1000
}'
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {printf "%.1f MB", $2 / 1024}'; }
echo "peak memory: taizhang summary $(peak $TZ_CMD), task summary $(peak $TW_CMD), taizhang summary --by area $(peak $EACH_CMD)"
rm -rf "$WORK/home/cache"
echo "peak memory: taizhang summary with no cache $(peak $TZ_CMD)"
