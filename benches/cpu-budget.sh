#!/usr/bin/env bash
# cpu-budget.sh GRIOT_BIN [FEEDS] [ITEMS] [RUNS] [RATIO] — where a cold refresh's time goes on
# this machine, and what ending at RATIO × newsboat's time (0.12 unless given) leaves griot.
#
# On the corpus vs-newsboat.sh serves, RUNS rounds of three cold fetches of every feed, one
# after the other in each round: newsboat's refresh, griot's, and curl's (the pure transfer,
# gzip, 8 at a time). For each: the wall time and the command's own CPU (user + system, GNU
# time), and the CPU nginx's workers spent serving it (their ticks in /proc/PID/stat before
# and after). The server shares the cores with the reader, as on a laptop running its own
# feeds, so a refresh cannot end before (its CPU + nginx's) / cores, even with every core busy
# every instant. Prints the medians as a Markdown table, then that floor for griot and the CPU
# griot would have to fit in to end at RATIO × newsboat's time. Any failed run aborts.
set -euo pipefail
griot=$(realpath "$1"); feeds=${2:-200}; items=${3:-50}; runs=${4:-5}; ratio=${5:-0.12}
here=$(cd "$(dirname "$0")" && pwd); port=${BENCH_PORT:-8765}
# shellcheck source=benches/lib.sh
. "$here/lib.sh"
work=${BENCH_WORK:-/tmp/griot-bench}; corpus=$work/corpus-v2-$feeds-$items-$port; mkdir -p "$work"
need_tools
[ -f "$corpus/urls" ] || must python3 "$here/gen_corpus.py" "$corpus" --feeds "$feeds" --items "$items" --port "$port" --no-pages
"$here/serve.sh" "$corpus" "$port" start >/dev/null || abort "nginx did not start on port $port"
trap '"$here/serve.sh" "$corpus" "$port" stop' EXIT
master=$(cat "/tmp/bench-nginx-$port/pid")
clk=$(getconf CLK_TCK); cores=$(nproc)

printf 'reload-threads 8\n' > "$work/cb-nb.conf"
bench_config "$work/cb.toml"
nb=(newsboat -u "$corpus/urls" -c "$work/cb-nb.db" -C "$work/cb-nb.conf")
gr=("$griot" --config "$work/cb.toml" --data-dir "$work/cb-griot")
curl_config "$corpus/urls" "$work/cb-curl.cfg"
cu=(curl -sSf --compressed --parallel --parallel-max 8 --config "$work/cb-curl.cfg")

# nginx_ticks — the CPU ticks (user + system) nginx's workers have spent so far.
nginx_ticks() {
  local p total=0 t
  for p in $(pgrep -P "$master"); do
    # After "PID (comm) ", utime and stime are the 12th and 13th fields.
    t=$(sed 's/^.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }') || abort "nginx worker $p vanished"
    total=$((total + t))
  done
  echo "$total"
}

# measure CMD... — one run: "wall cpu nginx_cpu" in seconds (aborts if CMD fails).
measure() {
  local out before after rc=0
  out=$(mktemp)
  before=$(nginx_ticks)
  /usr/bin/time -f '%e %U %S' -o "$out" "$@" >/dev/null 2>"$out.err" || rc=$?
  after=$(nginx_ticks)
  [ "$rc" -eq 0 ] || abort "\`$*\` exited with status $rc:" "$out.err"
  tail -n 1 "$out" | awk -v n=$((after - before)) -v clk="$clk" '{ printf "%s %.2f %.2f\n", $1, $2 + $3, n / clk }'
  rm -f "$out" "$out.err"
}

declare -A rows
for _ in $(seq "$runs"); do
  rm -f "$work"/cb-nb.db*
  rows[newsboat]+="$(measure "${nb[@]}" -x reload)"$'\n'
  rm -rf "$work/cb-griot"; must "${gr[@]}" import "$corpus/urls"
  rows[griot]+="$(measure "${gr[@]}" refresh)"$'\n'
  rows[curl]+="$(measure "${cu[@]}")"$'\n'
done
expect_stored $((feeds * items)) "${gr[@]}"

# col NAME N — the median of column N of NAME's runs.
col() { printf '%s' "${rows[$1]}" | awk -v n="$2" 'NF { print $n }' | median; }
echo "| $(thousands "$feeds") feeds × $items items, cold (\`cpu-budget.sh\`, $runs runs, medians) | wall time | its own CPU | nginx's CPU | (both) / $cores cores |"
echo "|---|---|---|---|---|"
for who in newsboat griot curl; do
  w=$(col "$who" 1); c=$(col "$who" 2); n=$(col "$who" 3)
  label=$who; [ "$who" = curl ] && label="curl (the pure transfer)"
  awk -v l="$label" -v w="$w" -v c="$c" -v n="$n" -v k="$cores" \
    'BEGIN { printf "| %s | %.2f s | %.2f s | %.2f s | %.2f s |\n", l, w, c, n, (c + n) / k }'
done
echo
awk -v w="$(col griot 1)" -v c="$(col griot 2)" -v n="$(col griot 3)" -v nb="$(col newsboat 1)" \
  -v wire="$(col curl 1)" -v r="$ratio" -v k="$cores" 'BEGIN {
  floor = (c + n) / k; goal = r * nb; room = k * goal - n
  printf "- griot: %.2f s of its own CPU and %.2f s of nginx'"'"'s; with all %d cores busy every instant it could not end before %.2f s; it ended at %.2f s (the cores %.0f %% busy), %.1f times the pure transfer.\n", c, n, k, floor, w, 100 * floor / w, w / wire
  printf "- %s × newsboat'"'"'s %.2f s is %.2f s: griot'"'"'s own CPU would have to fit in %d × %.2f − %.2f = %.2f s, %.0f %% of what it spends now, with no core ever idle.\n", r, nb, goal, k, goal, n, room, 100 * room / c
}'
