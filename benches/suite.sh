#!/usr/bin/env bash
# suite.sh — the whole benchmark suite in one command: builds the release binary, runs the
# criterion benchmarks, griot against newsboat at 200 and 1,000 feeds, and the 100k-article
# archive. Takes a while (tens of minutes on 2 cores); results go to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
cargo bench --locked
bash benches/vs-newsboat.sh target/release/griot 200 50 3
bash benches/vs-newsboat.sh target/release/griot 1000 50 1
bash benches/scale.sh target/release/griot 2000 50 5
