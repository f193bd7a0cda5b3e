#!/usr/bin/env bash
# scale.sh GRIOT_BIN [FEEDS] [ITEMS] [RUNS]
# griot with a large archive: FEEDS x ITEMS articles (default 2000 x 50 = 100,000), built by a
# real refresh of a generated corpus served by nginx on loopback. Then, medians of RUNS runs
# (whole processes timed by hyperfine; the reader's first frame by tui_rss.py):
#   start      `griot feeds` (open the database, unread counts of every feed)
#   list       `griot list --limit 50`
#   search     `griot search` for three queries
#   warm       `griot refresh` with nothing changed (every feed answers 304)
#   reader     time until the reader shows the newest headline, and its peak RSS
#   size       database bytes per article, and newsboat's cache per article on the same corpus
#              (up to 100,000 articles: newsboat's reload of a million would outlast the suite)
# The archive is built once and kept (a real refresh, then one search so the search index is
# complete: no measured run pays for building it). Every griot run uses benches/lib.sh's
# config (no refresh on start, no background refresh). With BENCH_DATA=FILE, also appends
# one tab-separated line of the figures to FILE (benches/plot.sh draws them).
# Any failed run aborts with the command and its error. Prints a Markdown table in the
# README's form. Installs what it needs from Debian's packages (benches/lib.sh).
set -euo pipefail
griot=$(realpath "$1"); feeds=${2:-2000}; items=${3:-50}; runs=${4:-5}
here=$(cd "$(dirname "$0")" && pwd); port=8766
# shellcheck source=benches/lib.sh
. "$here/lib.sh"
work=${BENCH_WORK:-/tmp/griot-scale}; corpus=$work/corpus-v2-$feeds-$items-$port; mkdir -p "$work"
need_tools
[ -f "$corpus/urls" ] || must python3 "$here/gen_corpus.py" "$corpus" --feeds "$feeds" --items "$items" --port $port --no-pages
"$here/serve.sh" "$corpus" $port start >/dev/null || abort "nginx did not start on port $port"
trap '"$here/serve.sh" "$corpus" $port stop' EXIT
bench_config "$work/bench.toml"
data=$work/griot-v2-$feeds-$items
gr=("$griot" --config "$work/bench.toml" --data-dir "$data")
if [ ! -f "$data/.built" ]; then
  rm -rf "$data"
  must "${gr[@]}" import "$corpus/urls"
  must "${gr[@]}" refresh
  must "${gr[@]}" search "securite"
  touch "$data/.built"
fi

ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
articles=$("${gr[@]}" feeds --json | python3 -c 'import sys, json; print(sum(json.loads(l)["total"] for l in sys.stdin))')
[ "$articles" -gt 0 ] || abort "the archive is empty: the refresh stored nothing"
start=$(hf "$runs" "${gr[@]}" feeds)
list=$(hf "$runs" "${gr[@]}" list --limit 50)
s1=$(hf "$runs" "${gr[@]}" search "securite sahel")
s2=$(hf "$runs" "${gr[@]}" search '"centrale nucléaire"')
s3=$(hf "$runs" "${gr[@]}" search "ouaga*")
warm=$(hf "$runs" "${gr[@]}" refresh)
# Peak memory of one more run of each (GNU time).
start_kb=$(peak_kb "${gr[@]}" feeds)
list_kb=$(peak_kb "${gr[@]}" list --limit 50)
search_kb=$(peak_kb "${gr[@]}" search "securite sahel")

# The reader: first frame = the newest headline on the screen (its first 40 characters, which
# the article list shows whole at 120 columns).
headline=$("${gr[@]}" list --limit 1 --json | python3 -c 'import sys, json; print(json.loads(sys.stdin.readline())["title"][:40])')
ff=(); rss=()
for _ in $(seq "$runs"); do
  out=$(python3 "$here/tui_rss.py" --timeout "${READER_TIMEOUT:-30}" --expect "$headline" "${gr[@]}") || abort "the reader's first frame (tui_rss.py) failed"
  read -r a b < <(echo "$out" | tr '=' ' ' | awk '{print $2, $4}')
  ff+=("$a"); rss+=("$b")
done
frame=$(printf '%s\n' "${ff[@]}" | median)
peak=$(printf '%s\n' "${rss[@]}" | median)

must "${gr[@]}" feeds   # a clean shutdown folds the write-ahead log into the database
db=$(du -b "$data/griot.db" | cut -f1)
nb_size="newsboat's cache not built above 100,000 articles"
if [ $((feeds * items)) -le 100000 ]; then
  nbdb=$work/nb-v2-$feeds-$items.db
  if [ ! -f "$nbdb" ]; then
    printf 'reload-threads 8\n' > "$work/nb.conf"
    must newsboat -u "$corpus/urls" -c "$nbdb" -C "$work/nb.conf" -x reload
  fi
  nb=$(du -b "$nbdb" | cut -f1)
  nb_articles=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from rss_item').fetchone()[0])" "$nbdb")
  [ "$nb_articles" -gt 0 ] || abort "newsboat's cache is empty: its reload stored nothing"
  nb_size="newsboat's cache $(thousands $((nb / nb_articles))) B ($(awk -v a=$((db / articles)) -v b=$((nb / nb_articles)) 'BEGIN { printf "%.2f", a / b }')×)"
fi

echo "| $(thousands "$articles") articles in $(thousands "$feeds") feeds (\`scale.sh\`, $runs runs, medians) | griot |"
echo "|---|---|"
echo "| start-up (\`griot feeds\`, whole process) | $(ms "$start"), $((start_kb / 1024)) MB |"
echo "| \`griot list --limit 50\` | $(ms "$list"), $((list_kb / 1024)) MB |"
echo "| search, whole process (\`securite sahel\`, a phrase, \`ouaga*\`) | $(ms "$s1"), $(ms "$s2"), $(ms "$s3"); $((search_kb / 1024)) MB |"
echo "| reader: first frame (newest headline on screen) / peak RSS | $(printf '%.0f' "$frame") ms / $((peak / 1024)) MB |"
echo "| warm refresh of the $(thousands "$feeds") feeds | $(awk -v s="$warm" 'BEGIN { printf "%.2f s", s }') |"
echo "| database per article (search index included) | $(thousands $((db / articles))) B; $nb_size |"
if [ -n "${BENCH_DATA:-}" ]; then
  # articles; milliseconds: start-up, list, the slowest search, first frame; peak RSS in MB:
  # start-up, list, search, reader; database bytes per article.
  slowest=$(printf '%s\n' "$s1" "$s2" "$s3" | sort -g | tail -n 1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$articles" \
    "$(ms_of "$start")" "$(ms_of "$list")" "$(ms_of "$slowest")" "$(printf '%.1f' "$frame")" \
    "$(mb_of "$start_kb")" "$(mb_of "$list_kb")" "$(mb_of "$search_kb")" "$(mb_of "$peak")" \
    $((db / articles)) >>"$BENCH_DATA"
fi
