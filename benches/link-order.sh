#!/usr/bin/env bash
# link-order.sh — writes assets/link-order.txt, the functions griot runs in its common work,
# which build.rs hands to the linker so they lie side by side in the binary (less of it is
# mapped: the kernel maps code in 64 KB windows). It runs the release binary under valgrind's
# callgrind on a generated corpus of 200 feeds served by nginx on loopback: `import`, a cold
# `refresh`, and the reader refreshing as it opens.
# Run it again after a change of toolchain or dependencies (symbol names change with them;
# names the linker does not find are ignored, so a stale list only lays out less).
set -euo pipefail
cd "$(dirname "$0")/.."
here=benches; port=8765
# shellcheck source=benches/lib.sh
. "$here/lib.sh"
need_tools
command -v valgrind >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
work=${BENCH_WORK:-/tmp/griot-bench}; corpus=$work/corpus-v2-200-50-$port; mkdir -p "$work"
[ -f "$corpus/urls" ] || must python3 "$here/gen_corpus.py" "$corpus" --feeds 200 --items 50 --port $port --no-pages
"$here/serve.sh" "$corpus" $port start >/dev/null || abort "nginx did not start on port $port"
trap '"$here/serve.sh" "$corpus" $port stop' EXIT
must cargo build --release --locked
griot=target/release/griot; out=$work/link-order; rm -rf "$out"; mkdir -p "$out"
bench_config "$work/bench.toml"
reader_refresh_config "$work/reader.toml"
vg=(valgrind --tool=callgrind --demangle=no --dump-instr=no --compress-strings=no --log-file="$out/valgrind.log")
must "${vg[@]}" --callgrind-out-file="$out/cg.import" "$griot" --config "$work/bench.toml" --data-dir "$out/d1" import "$corpus/urls"
must "${vg[@]}" --callgrind-out-file="$out/cg.refresh" "$griot" --config "$work/bench.toml" --data-dir "$out/d1" refresh
must "$griot" --config "$work/bench.toml" --data-dir "$out/d2" import "$corpus/urls"
python3 "$here/tui_rss.py" --timeout 600 --expect "10000 unread" "$(command -v valgrind)" \
  "${vg[@]:1}" --callgrind-out-file="$out/cg.reader" "$griot" --config "$work/reader.toml" --data-dir "$out/d2" >/dev/null \
  || abort "the reader under callgrind (tui_rss.py) failed"
# valgrind may still be writing the profile as the reader's process ends.
for _ in $(seq 50); do [ -s "$out/cg.reader" ] && break; sleep 0.2; done
[ -s "$out/cg.reader" ] || abort "callgrind wrote no profile of the reader"
nm --defined-only -S "$griot" >"$out/symbols"
python3 - "$out/symbols" "$out"/cg.* >assets/link-order.txt <<'PY'
import re, sys
syms = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 4 and p[2] in "tTwW":
        syms.setdefault(p[3], (int(p[0], 16), int(p[1], 16)))
run = set()
for path in sys.argv[2:]:
    for line in open(path, errors="replace"):
        if line.startswith(("fn=", "cfn=")):
            name = re.sub(r"^\(\d+\) ?", "", line.split("=", 1)[1].strip())
            if name in syms:
                run.add(name)
size = sum(syms[n][1] for n in run)
print("# Functions griot runs in its common work, for the linker to lay out side by side (build.rs).")
print(f"# Written by benches/link-order.sh: {len(run)} functions, {size / 1e6:.2f} MB of code.")
print("\n".join(sorted(run, key=lambda n: syms[n][0])))
print(f"link-order.sh: {len(run)} functions, {size / 1e6:.2f} MB of code", file=sys.stderr)
PY
