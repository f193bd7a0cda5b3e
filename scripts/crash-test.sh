#!/usr/bin/env bash
# crash-test.sh — kill -9 a `griot refresh` of many feeds at random moments, many times,
# and check that nothing is lost.
#
# Usage: scripts/crash-test.sh [FEEDS] [KILLS]        (defaults: 200 feeds, 30 kills)
#
# What it does, in a throwaway directory:
#   1. generates FEEDS RSS feeds (scripts/gen_feeds.py) and serves them on 127.0.0.1 with
#      `python3 -m http.server`;
#   2. imports them, refreshes once, marks some articles read and bookmarks others;
#   3. KILLS times: writes new items into every feed, starts `griot refresh`, sends it
#      SIGKILL after a random delay (0 to ~1.2 × a full refresh), then checks that
#        - griot opens the database (`griot feeds` succeeds),
#        - SQLite's `PRAGMA integrity_check` passes (the store_check example, no sqlite3
#          tool needed),
#        - every article marked read or bookmarked so far is still marked,
#      and marks a few more;
#   4. runs a last refresh, which must complete (exit 0) and store every item of the last
#      round.
# Exits non-zero at the first failed check. Needs bash, python3 and cargo.
# GRIOT_PROFILE=release uses a release build (default: debug).
set -euo pipefail

FEEDS=${1:-200}
KILLS=${2:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=${GRIOT_PROFILE:-debug}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cargo_flags=()
[ "$PROFILE" = release ] && cargo_flags+=(--release)
(cd "$ROOT" && cargo build -q "${cargo_flags[@]}" --bin griot --example store_check)
GRIOT_BIN=$TARGET/$PROFILE/griot
CHECK_BIN=$TARGET/$PROFILE/examples/store_check

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

printf '[fetch]\ntimeout = 10\n' > "$WORK/config.toml"
g() { "$GRIOT_BIN" --config "$WORK/config.toml" --data-dir "$WORK/data" "$@"; }
DB=$WORK/data/griot.db

python3 "$ROOT/scripts/gen_feeds.py" "$WORK/www" "$FEEDS" 0
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/www" >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/f0.xml')" 2>/dev/null && break
    sleep 0.1
done
for f in $(seq 0 $((FEEDS - 1))); do echo "http://127.0.0.1:$PORT/f$f.xml"; done > "$WORK/urls"
g import "$WORK/urls" >/dev/null

start=$(date +%s.%N)
g refresh >/dev/null
full=$(python3 -c "import time; print(round($(date +%s.%N) - $start, 2))")
echo "first refresh of $FEEDS feeds: ${full} s"

# Marks some articles (every STEP-th read, every 2*STEP-th bookmarked) and records them.
touch "$WORK/want-read" "$WORK/want-bookmarked"
mark_some() {
    g list --json --limit 10000000 > "$WORK/list.json"
    python3 - "$WORK" "$1" <<'PY'
import json, sys
work, step = sys.argv[1], int(sys.argv[2])
ids = [json.loads(l)["id"] for l in open(f"{work}/list.json")]
open(f"{work}/to-read", "w").write(" ".join(map(str, ids[::step])))
open(f"{work}/to-bookmark", "w").write(" ".join(map(str, ids[1::step * 2])))
PY
    # shellcheck disable=SC2046
    g read $(cat "$WORK/to-read") >/dev/null
    # shellcheck disable=SC2046
    g bookmark $(cat "$WORK/to-bookmark") >/dev/null 2>&1
    { tr ' ' '\n' < "$WORK/to-read"; echo; } >> "$WORK/want-read"
    { tr ' ' '\n' < "$WORK/to-bookmark"; echo; } >> "$WORK/want-bookmarked"
}

# The checks after a kill.
check() {
    g feeds >/dev/null || { echo "FAIL ($1): griot cannot open the database"; exit 1; }
    "$CHECK_BIN" "$DB" >/dev/null || { echo "FAIL ($1): integrity check"; exit 1; }
    g list --json --limit 10000000 > "$WORK/list.json"
    python3 - "$WORK" "$1" <<'PY'
import json, sys
work, when = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(f"{work}/list.json")]
read = {r["id"] for r in rows if r["read"]}
marked = {r["id"] for r in rows if r["bookmarked"]}
want_read = {int(x) for x in open(f"{work}/want-read").read().split()}
want_bm = {int(x) for x in open(f"{work}/want-bookmarked").read().split()}
lost = sorted(want_read - read), sorted(want_bm - marked)
if lost[0] or lost[1]:
    print(f"FAIL ({when}): read state lost for {lost[0][:20]}, bookmarks lost for {lost[1][:20]}")
    sys.exit(1)
PY
}

mark_some 7
check "before any kill"
killed=0
for round in $(seq 1 "$KILLS"); do
    python3 "$ROOT/scripts/gen_feeds.py" "$WORK/www" "$FEEDS" "$round"
    delay=$(python3 -c "import random; print(round(random.uniform(0, 1.2 * $full), 3))")
    g refresh > "$WORK/refresh.out" 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # A refresh that printed its summary had finished before the signal.
    if grep -q " feeds: " "$WORK/refresh.out"; then how="finished before the kill"; else
        killed=$((killed + 1)); how="killed mid-way"; fi
    check "round $round, killed after ${delay} s"
    mark_some $((5 + round % 7))
    check "round $round, after marking"
    echo "round $round: SIGKILL after ${delay} s ($how) — database sound, no mark lost"
done

g refresh > "$WORK/final.txt" || { echo "FAIL: the final refresh did not complete"; cat "$WORK/final.txt"; exit 1; }
check "after the final refresh"
g list --json --limit 10000000 > "$WORK/list.json"
python3 - "$WORK" "$FEEDS" "$KILLS" <<'PY'
import json, sys
work, feeds, rnd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
titles = {json.loads(l)["title"] for l in open(f"{work}/list.json")}
missing = [f"Feed {f} round {rnd} item {i}" for f in range(feeds) for i in range(20)
           if f"Feed {f} round {rnd} item {i}" not in titles]
if missing:
    print(f"FAIL: {len(missing)} items of the last round missing, e.g. {missing[:3]}")
    sys.exit(1)
PY
echo "PASS: $killed of $KILLS refreshes killed mid-way; final refresh: $(cat "$WORK/final.txt")"
