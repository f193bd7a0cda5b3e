#!/usr/bin/env bash
# instructions.sh DATA_DIR GRIOT_BIN... -- ARGS...
# The instructions one whole run of `griot ARGS` executes on the archive in DATA_DIR, counted
# by valgrind's callgrind, for each binary in turn. Unlike wall time, the count does not move
# with the machine's load (the same binary, archive and arguments give the same count to
# within a few thousand), so it shows changes of a few percent that a shared machine's noise
# hides. Each binary works on its own copy of the archive (a newer griot migrates it, and an
# older one then refuses it) and runs once unmeasured first, so that a migration or the search
# index catching up is not counted. Any failed run aborts, naming it. Prints a Markdown table
# with the date, the machine and the commit. Example, before and after a change:
#   benches/instructions.sh "$BENCH_WORK/griot-v2-2000-50" ./griot-before ./griot-after -- search 'securite sahel'
# (scale.sh's archive of 100,000 articles; BENCH_WORK is where scale.sh keeps its archives).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=benches/lib.sh
. "$here/lib.sh"
[ $# -ge 3 ] || abort "usage: instructions.sh DATA_DIR GRIOT_BIN... -- ARGS..."
data=$(realpath "$1"); shift
[ -f "$data/griot.db" ] || abort "no griot archive in $data"
bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bins+=("$(realpath "$1")"); shift; done
[ "${1:-}" = "--" ] && [ $# -ge 2 ] && [ ${#bins[@]} -ge 1 ] ||
  abort "usage: instructions.sh DATA_DIR GRIOT_BIN... -- ARGS..."
shift
command -v valgrind >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
}
work=$(mktemp -d "${BENCH_WORK:-/tmp}/instructions.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_config "$work/bench.toml"

counts=()
for bin in "${bins[@]}"; do
  rm -rf "$work/data"; cp -r "$data" "$work/data"
  gr=("$bin" --config "$work/bench.toml" --data-dir "$work/data")
  must "${gr[@]}" "$@"
  rc=0
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "${gr[@]}" "$@" \
    >/dev/null 2>"$work/err" || rc=$?
  [ "$rc" -eq 0 ] || abort "\`$bin $*\` under valgrind exited with status $rc:" "$work/err"
  n=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/err")
  [ -n "$n" ] || abort "valgrind counted nothing for \`$bin $*\`" "$work/err"
  counts+=("$n")
done

echo "- machine: $(uname -srm); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git -C "$here" rev-parse --short HEAD)"
echo "- archive: $data ($(du -sh "$data" | cut -f1)); one counted run per binary"
echo
header="| \`griot $*\`, instructions (callgrind) |"; rule="|---|"
for bin in "${bins[@]}"; do header+=" $(basename "$bin") |"; rule+="---|"; done
echo "$header"; echo "$rule"
row="| whole process |"
for i in "${!counts[@]}"; do
  ratio=$(awk -v a="${counts[$i]}" -v b="${counts[0]}" 'BEGIN { printf "%.3f", a / b }')
  row+=" $(thousands "${counts[$i]}") (${ratio}×) |"
done
echo "$row"
