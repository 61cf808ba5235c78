#!/usr/bin/env bash
# Instructions per operation of the whole simulated system (host model, simulated NDIS,
# [chimney-im,] NIC model, peer), direct and through the IM, and their ratio (issue 9
# "end to end"): callgrind on chimney-load with 1,000 connections, the default mix and
# seed 1, N+1 operations minus 1 operation (the set-up and the tear-down cancel), divided
# by N. Needs valgrind. Usage: scripts/e2e-ratio.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30000}
cargo build --release -q -p ndis-sim --bin chimney-load
bin=target/release/chimney-load
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
total() {
  # $1: topology, $2: operations; prints the instructions of the whole run
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1.$2" \
    "$bin" --topology "$1" --connections 1000 --ops "$2" --seed 1 --json \
    >/dev/null 2>"$out/err.$1.$2" || { cat "$out/err.$1.$2" >&2; exit 1; }
  sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out/cg.$1.$2"
}
per_op() {
  local big small
  big=$(total "$1" $((n + 1)))
  small=$(total "$1" 1)
  echo $(((big - small) / n))
}
direct=$(per_op direct)
im=$(per_op through-im)
echo "direct: $direct instructions per operation"
echo "through-im: $im instructions per operation"
awk -v a="$im" -v b="$direct" 'BEGIN { printf "ratio through-im / direct: %.3f\n", a / b }'
