#!/usr/bin/env bash
# check-harness.sh [GRIOT_BIN] — shows that the benchmark harnesses refuse bad runs: each is
# run with a failure injected (a griot command that exits 1, a reader that never draws, a
# timed command that fails) and must fail, naming what failed; then once as is, where it must
# succeed. Small corpora, one run each: a few minutes. Exits 0 only if every check holds.
# GRIOT_BIN defaults to target/release/griot (any build of griot will do).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
griot=$(realpath "${1:-$here/../target/release/griot}")
[ -x "$griot" ] || { echo "no griot binary at $griot (cargo build --release)" >&2; exit 1; }
tmp=$(mktemp -d); chmod 755 "$tmp"  # nginx workers must read the corpus
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0

# A griot that exits 1 when its arguments contain WORD, and is the real one otherwise.
failing_on() {
  printf '#!/bin/sh\nfor a in "$@"; do [ "$a" = %s ] && { echo "injected failure: %s" >&2; exit 1; }; done\nexec %q "$@"\n' \
    "$1" "$1" "$griot" > "$tmp/griot-failing-$1"
  chmod +x "$tmp/griot-failing-$1"
  echo "$tmp/griot-failing-$1"
}
# A griot whose reader (no subcommand) never draws, and is the real one otherwise.
cat > "$tmp/griot-silent-reader" <<EOF
#!/bin/sh
for a in "\$@"; do case "\$a" in import|refresh|feeds|list|search) exec "$griot" "\$@";; esac; done
exec sleep 600
EOF
chmod +x "$tmp/griot-silent-reader"

# expect_failure NAME PATTERN CMD... — CMD must exit non-zero with PATTERN in its stderr.
expect_failure() {
  local name=$1 pattern=$2 rc=0
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" -ne 0 ] && grep -q -- "$pattern" "$tmp/err"; then
    echo "ok    $name: exit $rc, $(grep -m1 -- "$pattern" "$tmp/err")"
    passed=$((passed + 1))
  else
    echo "FAIL  $name: exit $rc, stderr without \"$pattern\":"; tail -n 5 "$tmp/err"
    failed=$((failed + 1))
  fi
}
# expect_success NAME CMD... — CMD must exit 0 and print a table.
expect_success() {
  local name=$1 rc=0
  shift
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" -eq 0 ] && grep -q '^|---' "$tmp/out"; then
    echo "ok    $name: exit 0, $(grep -c '^| ' "$tmp/out") table lines"
    passed=$((passed + 1))
  else
    echo "FAIL  $name: exit $rc"; tail -n 5 "$tmp/err"
    failed=$((failed + 1))
  fi
}

export BENCH_WORK="$tmp/work"
expect_failure "lib.sh: a timed command that exits 1" 'benchmark aborted: `false` exited with status 1' \
  bash -c ". '$here/lib.sh'; hf 1 false"
expect_failure "vs-newsboat.sh: griot's refresh exits 1" 'injected failure: refresh' \
  bash "$here/vs-newsboat.sh" "$(failing_on refresh)" 20 10 1
expect_failure "cpu-budget.sh: griot's refresh exits 1" 'injected failure: refresh' \
  bash "$here/cpu-budget.sh" "$(failing_on refresh)" 20 10 1
expect_failure "scale.sh: griot's search exits 1" 'exited with status 1' \
  bash "$here/scale.sh" "$(failing_on search)" 20 10 1
expect_failure "tui_rss.py: a reader that never draws" 'on the screen within 3 s' \
  python3 "$here/tui_rss.py" --timeout 3 --expect "Africa News" "$tmp/griot-silent-reader" --data-dir "$tmp/d"
expect_failure "tui_rss.py: a reader that exits at once" 'the reader exited' \
  python3 "$here/tui_rss.py" --expect "Africa News" /bin/false
READER_TIMEOUT=3 expect_failure "vs-newsboat.sh: a reader that never draws" "the reader's refresh (tui_rss.py) failed" \
  bash "$here/vs-newsboat.sh" "$tmp/griot-silent-reader" 20 10 1
expect_failure "plot.sh: no figures to plot" 'no archive figures to plot' \
  bash "$here/plot.sh" /dev/null /dev/null "$tmp/plot.png"
READER_TIMEOUT=3 expect_failure "scale.sh: a reader that never draws" "the reader's first frame (tui_rss.py) failed" \
  bash "$here/scale.sh" "$tmp/griot-silent-reader" 20 10 1
expect_success "vs-newsboat.sh as is" bash "$here/vs-newsboat.sh" "$griot" 20 10 1
expect_success "cpu-budget.sh as is" bash "$here/cpu-budget.sh" "$griot" 20 10 1
expect_success "scale.sh as is" bash "$here/scale.sh" "$griot" 20 10 1
# scale.sh as is left its archive of 20 x 10 articles in BENCH_WORK.
expect_failure "instructions.sh: griot's feeds exits 1" 'injected failure: feeds' \
  bash "$here/instructions.sh" "$BENCH_WORK/griot-v2-20-10" "$(failing_on feeds)" -- feeds
expect_success "instructions.sh as is" \
  bash "$here/instructions.sh" "$BENCH_WORK/griot-v2-20-10" "$griot" -- feeds
BENCH_DATA="$tmp/scale.tsv" expect_success "scale.sh with BENCH_DATA" bash "$here/scale.sh" "$griot" 20 10 1
BENCH_DATA="$tmp/refresh.tsv" expect_success "vs-newsboat.sh with BENCH_DATA" bash "$here/vs-newsboat.sh" "$griot" 20 10 1
if bash "$here/plot.sh" "$tmp/scale.tsv" "$tmp/refresh.tsv" "$tmp/plot.png" >/dev/null 2>"$tmp/err" && [ -s "$tmp/plot.png" ]; then
  echo "ok    plot.sh: drew $(wc -c <"$tmp/plot.png") bytes of PNG"; passed=$((passed + 1))
else
  echo "FAIL  plot.sh"; tail -n 5 "$tmp/err"; failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
