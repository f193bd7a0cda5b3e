#!/usr/bin/env bash
# hostile-memory.sh — every hostile case of tests/hostile.rs in ONE `griot refresh`, under
# `/usr/bin/time -v`, to measure the peak memory of the whole run (goal: ≤ 200 MB RSS).
#
# Usage: scripts/hostile-memory.sh [MAX_BODY_MIB ...]      (default: 16 64)
#
# Starts scripts/hostile_server.py on 127.0.0.1 (a trickling server, a stalled one, an
# endless body, a 256 MiB gzip bomb, a 50 MB feed, 10,000 items, a redirect loop, a
# redirect to file://, an HTML page, truncated XML, billion laughs, 100,000-deep XML and
# HTML, invalid UTF-8 and NULs, escape sequences, 10 KB fields, a 10 MB single-line body,
# and one healthy feed), imports them all into a throwaway data directory and refreshes
# them in one run, once per MAX_BODY_MIB given ([fetch] max_body_mib; timeout = 5 s).
# Prints the refresh summary, the failures, and "peak RSS: N MB" for each run; exits 1
# if a run exceeds 200 MB, if the refresh did not exit 0 or 2, or if the healthy feed was
# not stored. Needs bash, python3, cargo and GNU time (/usr/bin/time).
# GRIOT_PROFILE=release measures a release build (default: debug).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=${GRIOT_PROFILE:-debug}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cargo_flags=()
[ "$PROFILE" = release ] && cargo_flags+=(--release)
(cd "$ROOT" && cargo build -q "${cargo_flags[@]}" --bin griot)
GRIOT_BIN=$TARGET/$PROFILE/griot
LIMIT_MB=200

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

python3 "$ROOT/scripts/hostile_server.py" "$WORK/base" &
SERVER_PID=$!
for _ in $(seq 600); do [ -s "$WORK/base" ] && break; sleep 0.1; done
BASE=$(cat "$WORK/base")
python3 -c "import urllib.request; print(urllib.request.urlopen('$BASE/urls').read().decode(), end='')" > "$WORK/urls"
echo "$(wc -l < "$WORK/urls") feeds served by $BASE"

status=0
for mib in "${@:-16 64}"; do
  for cap in $mib; do
    dir=$WORK/run-$cap
    mkdir -p "$dir"
    printf '[fetch]\ntimeout = 5\nconnect_timeout = 5\nmax_body_mib = %s\n' "$cap" > "$dir/config.toml"
    g() { "$GRIOT_BIN" --config "$dir/config.toml" --data-dir "$dir/data" "$@"; }
    g import "$WORK/urls" > /dev/null
    rc=0
    /usr/bin/time -v -o "$dir/time" "$GRIOT_BIN" --config "$dir/config.toml" --data-dir "$dir/data" \
        refresh > "$dir/out" 2> "$dir/err" || rc=$?
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time")
    echo
    echo "== max_body_mib = $cap: $(cat "$dir/out") (exit $rc, $wall)"
    cut -c1-160 "$dir/err"
    healthy=$(g list --feed "$BASE/healthy.xml" --json | wc -l)
    echo "peak RSS: $((kb / 1024)) MB ($kb KB); healthy feed: $healthy of 3 articles stored"
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then echo "FAIL: refresh exit status $rc"; status=1; fi
    if [ "$healthy" -ne 3 ]; then echo "FAIL: the healthy feed was affected"; status=1; fi
    if [ "$kb" -gt $((LIMIT_MB * 1024)) ]; then echo "FAIL: over $LIMIT_MB MB"; status=1; fi
  done
done
exit $status
