# lib.sh — sourced by the benchmark scripts: the tools they need, the config measured runs
# use, and runs that abort the benchmark when a command fails (a failed run is never timed).

# Installs what is missing from Debian's packages: nginx (serves the corpus on loopback),
# newsboat (the comparison), hyperfine (whole-process timings), pyte (reads the reader's
# screen in tui_rss.py), GNU time (peak RSS), curl (the pure transfer), gnuplot (the plot).
need_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v newsboat >/dev/null || missing+=(newsboat)
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v curl >/dev/null || missing+=(curl)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  python3 -c 'import pyte' 2>/dev/null || missing+=(python3-pyte)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # A python3 other than Debian's (pyenv, a venv) does not see python3-pyte: from PyPI then.
  python3 -c 'import pyte' 2>/dev/null || python3 -m pip install --quiet pyte
}

# bench_config FILE — the config of every measured griot run: no refresh when the reader
# opens, no background refresh, no default feeds, so only the measured work runs.
bench_config() {
  printf 'refresh_on_start = false\nrefresh_interval = 0\ndefault_feeds = false\n' > "$1"
}

# reader_refresh_config FILE — the config of the reader measured as it refreshes: every feed
# refreshed as it opens, nothing else, its words in English (tui_rss.py reads "N unread").
reader_refresh_config() {
  printf 'language = "en"\nrefresh_on_start = true\nrefresh_interval = 0\ndefault_feeds = false\n' > "$1"
}

# abort MESSAGE [FILE] — stops the benchmark, saying why (and the tail of FILE).
abort() {
  echo "benchmark aborted: $1" >&2
  [ -n "${2:-}" ] && [ -s "$2" ] && tail -n 20 "$2" >&2
  exit 1
}

# must CMD... — runs CMD (output discarded); if it fails, aborts naming it and its error.
must() {
  local err rc=0
  err=$(mktemp)
  "$@" >/dev/null 2>"$err" || rc=$?
  [ "$rc" -eq 0 ] || abort "\`$*\` exited with status $rc:" "$err"
  rm -f "$err"
}

# quote ARGS... — one string hyperfine splits back into ARGS (POSIX single quotes).
quote() {
  local a out=()
  for a in "$@"; do out+=("'${a//\'/\'\\\'\'}'"); done
  echo "${out[*]}"
}

# hf RUNS [--prepare SCRIPT] CMD... — median wall time of CMD in seconds over RUNS runs,
# timed by hyperfine (no shell in between; SCRIPT runs before each run). Any failed run
# aborts the benchmark: the failing command is then run once more to show its own error.
hf() {
  local runs=$1 prep=() json rc=0
  shift
  if [ "$1" = --prepare ]; then prep=(--prepare "$2"); shift 2; fi
  json=$(mktemp)
  hyperfine -N --style none --runs "$runs" "${prep[@]}" --export-json "$json" -- "$(quote "$@")" \
    >/dev/null 2>"$json.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    [ ${#prep[@]} -eq 0 ] || must "${prep[1]}"
    must "$@"
    abort "hyperfine on \`$*\` exited with status $rc:" "$json.err"
  fi
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
  rm -f "$json" "$json.err"
}

# peak_kb CMD... — peak resident memory of one run of CMD in kB (aborts if it fails).
peak_kb() {
  local out rc=0
  out=$(mktemp)
  /usr/bin/time -f '%M' -o "$out" "$@" >/dev/null 2>"$out.err" || rc=$?
  [ "$rc" -eq 0 ] || abort "\`$*\` exited with status $rc:" "$out.err"
  tail -n 1 "$out"
  rm -f "$out" "$out.err"
}

# mb_of KB — kilobytes as megabytes, one decimal; ms_of SECONDS — seconds as milliseconds,
# one decimal (the units of the tables and of the BENCH_DATA lines).
mb_of() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ms_of() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

# median — the median of the numbers on stdin, one a line.
median() { sort -g | awk '{a[NR]=$1} END{ if (NR == 0) exit 1; print a[int((NR+1)/2)] }'; }

# thousands N — N with thousands separators (1,000), as the tables' captions write counts.
thousands() { python3 -c 'import sys; print(f"{int(sys.argv[1]):,}")' "$1"; }

# curl_config URLS FILE — a curl config fetching every feed of a corpus's URL list to nowhere
# (the pure transfer the cold refreshes are compared with).
curl_config() {
  cut -d' ' -f1 "$1" | sed 's/.*/url = "&"\noutput = "\/dev\/null"/' > "$2"
}

# expect_stored COUNT GRIOT_CMD... — aborts unless griot's store holds COUNT articles, so a
# refresh that silently stored less is never reported as fast.
expect_stored() {
  local want=$1 stored
  shift
  stored=$("$@" feeds --json | python3 -c 'import sys, json; print(sum(json.loads(l)["total"] for l in sys.stdin))')
  [ "$stored" -eq "$want" ] || abort "griot stored $stored articles, not $want"
}
