#!/usr/bin/env bash
# Instructions the IM's own code executes per offloaded send + completion (1 NBL x 1 NB
# x 1460 bytes) and per initiated block, counted by callgrind on the fixed workload of
# tests/ndis-sim/examples/im_cost.rs: the self cost of every function of the
# chimney_im crate (inlined code included, the simulated NDIS and the test drivers
# excluded), divided by the iterations. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release -q -p ndis-sim --example im_cost
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
per_op() {
  # $1: workload, $2: units per iteration
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1" \
    target/release/examples/im_cost "$1" "$n" >/dev/null 2>&1
  callgrind_annotate --threshold=100 "$out/cg.$1" 2>/dev/null |
    awk -v n="$n" -v units="$2" '
      match($0, /:(<)?chimney_im::/) && $1 ~ /^[0-9,]+$/ {
        v = $1; gsub(",", "", v); total += v
      }
      END { printf "%.1f\n", total / n / units }'
}
# Self cost of the IM for workload $1 with $2 iterations.
im_total() {
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1.$2" \
    target/release/examples/im_cost "$1" "$2" >/dev/null 2>&1
  callgrind_annotate --threshold=100 "$out/cg.$1.$2" 2>/dev/null |
    awk 'match($0, /:(<)?chimney_im::/) && $1 ~ /^[0-9,]+$/ {
        v = $1; gsub(",", "", v); total += v
      }
      END { printf "%d\n", total }'
}
echo "IM instructions per offloaded send + completion: $(per_op send 1)"
echo "IM instructions per block, initiate + terminate of 3 blocks: $(per_op state 3)"
# Initiates alone (trees left offloaded; the table holds 1,500 trees): 1,000 more
# initiates of 3 blocks, the set-up cancelling out.
small=$(im_total initiate 500)
large=$(im_total initiate 1500)
echo "IM instructions per initiated block (initiate and its completion only): $(awk -v a="$small" -v b="$large" 'BEGIN { printf "%.1f\n", (b - a) / 1000 / 3 }')"
