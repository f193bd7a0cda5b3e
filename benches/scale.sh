#!/usr/bin/env bash
# scale.sh GRIOT_BIN [FEEDS] [ITEMS] [RUNS]
# griot with a large archive: FEEDS x ITEMS articles (default 2000 x 50 = 100,000), built by a
# real refresh of a generated corpus served by nginx on loopback. Then, medians of RUNS runs:
#   start      `griot feeds` (open the database, unread counts of every feed)
#   list       `griot list --limit 50`
#   search     `griot search` for three queries
#   warm       `griot refresh` with nothing changed (every feed answers 304)
#   reader     time to the reader's first frame and its peak RSS (in a pseudo-terminal)
#   size       database bytes per article, and newsboat's cache per article on the same corpus
# Installs nginx and newsboat from Debian's packages when missing.
set -euo pipefail
griot=$(realpath "$1"); feeds=${2:-2000}; items=${3:-50}; runs=${4:-5}
here=$(cd "$(dirname "$0")" && pwd); port=8766
work=/tmp/griot-scale; corpus=$work/corpus-$feeds-$items; mkdir -p "$work"
command -v newsboat >/dev/null && command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq newsboat nginx-light >/dev/null; }
[ -f "$corpus/urls" ] || python3 "$here/gen_corpus.py" "$corpus" --feeds "$feeds" --items "$items" --port $port
"$here/serve.sh" "$corpus" $port start 2>/dev/null
trap '"$here/serve.sh" "$corpus" $port stop' EXIT
gr=("$griot" --config "$work/none.toml" --data-dir "$work/griot")
if [ ! -f "$work/griot/.built-$feeds-$items" ]; then
  rm -rf "$work/griot"
  "${gr[@]}" import "$corpus/urls" >/dev/null
  /usr/bin/time -f 'cold refresh: %e s, peak %M kB' "${gr[@]}" refresh >/dev/null
  touch "$work/griot/.built-$feeds-$items"
fi
med() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
t() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
articles=$("${gr[@]}" feeds --json | python3 -c 'import sys,json; print(sum(json.loads(l)["total"] for l in sys.stdin))')
echo "archive: $articles articles in $feeds feeds; $runs runs each; medians"
printf '%-28s %10s\n' measure value
printf '%-28s %8s ms\n' "start (griot feeds)" "$(for i in $(seq "$runs"); do t "${gr[@]}" feeds; done | med)"
printf '%-28s %8s ms\n' "list --limit 50" "$(for i in $(seq "$runs"); do t "${gr[@]}" list --limit 50; done | med)"
for q in "securite sahel" '"centrale nucléaire"' "ouaga*"; do
  printf '%-28s %8s ms\n' "search $q" "$(for i in $(seq "$runs"); do t "${gr[@]}" search "$q"; done | med)"
done
printf '%-28s %8s ms\n' "warm refresh" "$(for i in $(seq "$runs"); do t "${gr[@]}" refresh; done | med)"
ff=(); rss=()
for i in $(seq "$runs"); do
  read -r a b < <(python3 "$here/tui_rss.py" "$griot" --config "$work/none.toml" --data-dir "$work/griot" | tr '=' ' ' | awk '{print $2, $4}')
  ff+=("$a"); rss+=("$b")
done
printf '%-28s %8s ms\n' "reader first frame" "$(printf '%s\n' "${ff[@]}" | med)"
printf '%-28s %8s kB\n' "reader peak RSS" "$(printf '%s\n' "${rss[@]}" | med)"
"${gr[@]}" feeds >/dev/null
db=$(du -b "$work/griot/griot.db" | cut -f1)
if [ ! -f "$work/nb.db" ]; then
  printf 'reload-threads 8\n' > "$work/nb.conf"
  newsboat -u "$corpus/urls" -c "$work/nb.db" -C "$work/nb.conf" -x reload >/dev/null 2>&1 || true
fi
nb=$(du -b "$work/nb.db" | cut -f1)
nb_articles=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/nb.db').execute('select count(*) from rss_item').fetchone()[0])")
printf '%-28s %8s B\n' "griot db per article" "$((db / articles))"
printf '%-28s %8s B\n' "newsboat cache per article" "$((nb / nb_articles))"
