#!/usr/bin/env bash
# suite.sh [--quick] — every figure the README states, from one command: the criterion
# benchmarks (in-process), griot against newsboat at 50, 200 and 1,000 feeds, where a cold refresh's CPU goes, and archives of
# 1,000, 10,000, 100,000 and 1,000,000 articles, printed as the README's tables with the
# machine, the date, the commit and the run counts; then the plot of it all,
# assets/benchmarks.png (benches/plot.sh). Takes about an hour and a half on a 2-core
# machine, the first time (the generated corpora and archives are kept for the next run).
#
# --quick proves the harnesses in a few minutes instead: small corpora, one run each, one
# criterion benchmark briefly. Its figures mean nothing.
#
# Any failed run aborts the suite with the command and its error (benches/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0; [ "${1:-}" = --quick ] && quick=1
# Each comparison is FEEDS ITEMS RUNS; each archive is FEEDS ITEMS RUNS.
if [ $quick = 1 ]; then
  compare=("10 10 1" "20 10 1" "40 10 1"); archives=("10 10 1" "100 10 1"); budgets=("20 10 1 0.12")
  bench_args=(--bench layout -- --warm-up-time 1 --measurement-time 2 --sample-size 10)
  plot=target/suite/benchmarks-quick.png
else
  compare=("50 50 5" "200 50 5" "1000 50 1")
  archives=("20 50 5" "200 50 5" "2000 50 5" "5000 200 5")
  # Where the cold refresh's time goes, against the targets' ratios (benches/cpu-budget.sh).
  budgets=("200 50 5 0.12" "1000 50 1 0.06")
  bench_args=()
  plot=assets/benchmarks.png
fi

echo "## griot benchmarks ($([ $quick = 1 ] && echo 'quick check, figures meaningless' || echo 'bash benches/suite.sh'))"
echo
echo "- machine: $(uname -srm); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
echo "- griot $(grep -m1 '^version' Cargo.toml | cut -d'"' -f2), $(newsboat -v 2>/dev/null | head -n 1 || echo 'newsboat (installed by the scripts)'), $(rustc --version)"
echo

# The binary that is measured is the one `cargo install` builds. (`cargo bench` builds griot
# again with the test-only loopback guard, into the same place: so keep a copy first.)
cargo build --release --locked >/dev/null 2>&1 || { cargo build --release --locked; exit 1; }
mkdir -p target/suite
cp target/release/griot target/suite/griot

log=target/suite/criterion.log
touch target/suite/bench-start
cargo bench --locked "${bench_args[@]}" >"$log" 2>&1 || { tail -n 30 "$log" >&2; echo "benchmark aborted: cargo bench failed" >&2; exit 1; }
echo "| in-process (criterion, \`cargo bench\`; median of its samples) | time |"
echo "|---|---|"
python3 - target/criterion target/suite/bench-start <<'PY'
import json, pathlib, sys
rows = []
start = pathlib.Path(sys.argv[2]).stat().st_mtime
for est in sorted(pathlib.Path(sys.argv[1]).glob("**/new/estimates.json")):
    if est.stat().st_mtime < start:
        continue  # from an earlier run
    meta = json.loads((est.parent / "benchmark.json").read_text())
    ns = json.loads(est.read_text())["median"]["point_estimate"]
    shown = f"{ns / 1e6:.2f} ms" if ns >= 1e5 else f"{ns / 1e3:.1f} µs"
    rows.append(f"| {meta['full_id']} | {shown} |")
if not rows:
    sys.exit("benchmark aborted: criterion wrote no estimates")
print("\n".join(rows))
PY
if [ $quick = 0 ]; then
  # The sync benchmark (benches/sync.rs, against a real Miniflux) prints its own lines.
  echo
  echo "| sync (Miniflux REST API, \`cargo bench --bench sync\`, one run) | wall time | griot's CPU | requests | peak RSS |"
  echo "|---|---|---|---|---|"
  python3 - "$log" <<'PY'
import re, sys
rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"(first sync|empty sync): ([\d.]+) s \(([\d.]+) s of it griot's CPU\), peak RSS (\d+) MiB .*\((\d+) requests\)", line)
    if m:
        name = {"first sync": "first sync: 1,000 feeds, 100,000 entries", "empty sync": "sync with nothing new"}[m[1]]
        rows.append(f"| {name} | {m[2]} s | {m[3]} s | {m[5]} | {m[4]} MiB |")
if len(rows) != 2:
    sys.exit("benchmark aborted: the sync benchmark printed no figures (see target/suite/criterion.log)")
print("\n".join(rows))
PY
fi
rm -f target/suite/refresh.tsv target/suite/scale.tsv
for c in "${compare[@]}"; do
  echo
  # shellcheck disable=SC2086 # FEEDS ITEMS RUNS
  BENCH_DATA=target/suite/refresh.tsv bash benches/vs-newsboat.sh target/suite/griot $c
done
for b in "${budgets[@]}"; do
  echo
  # shellcheck disable=SC2086 # FEEDS ITEMS RUNS RATIO
  bash benches/cpu-budget.sh target/suite/griot $b
done
for a in "${archives[@]}"; do
  echo
  # shellcheck disable=SC2086
  BENCH_DATA=target/suite/scale.tsv bash benches/scale.sh target/suite/griot $a
done
echo
bash benches/plot.sh target/suite/scale.tsv target/suite/refresh.tsv "$plot"
