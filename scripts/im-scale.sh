#!/usr/bin/env bash
# How the IM's cost per operation changes from 1,000 to 1,000,000 offloaded connections
# (issue 9 "Scale"): for each size, tests/ndis-sim/examples/im_scale.rs offloads the
# connections through the IM, then does M offloaded sends on random connections. Under
# callgrind (--cache-sim=yes, collecting only the measured phase) it sums, over the
# functions of the chimney_im crate, the instructions and the last-level cache misses
# (instruction + data read + data write), per send; natively it measures wall ns per
# send (whole simulated system; noisy on a shared machine). Writes docs/scale.tsv and docs/scale.svg and prints a
# Markdown table. Needs valgrind. Usage: scripts/im-scale.sh [M] [sizes...]
set -euo pipefail
cd "$(dirname "$0")/.."
m=${1:-20000}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000 1000000)
cargo build --release -q -p ndis-sim --example im_scale
bin=target/release/examples/im_scale
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p docs
tsv=docs/scale.tsv
printf 'connections\tim_instr_per_send\tim_ll_miss_per_send\tall_ll_miss_per_send\twall_ns_per_send\n' >"$tsv"
for n in "${sizes[@]}"; do
  ns=$("$bin" "$n" "$m" | sed -n 's/.*wall_ns_per_send \([0-9.]*\).*/\1/p')
  # A fixed last-level cache (8 MiB, 16-way, 64-byte lines) so figures compare across
  # machines; valgrind would otherwise take the host's.
  valgrind --tool=callgrind --cache-sim=yes --LL=8388608,16,64 --collect-atstart=no \
    --toggle-collect='im_scale::measured' --callgrind-out-file="$out/cg.$n" \
    "$bin" "$n" "$m" >/dev/null 2>&1
  callgrind_annotate --show=Ir,ILmr,DLmr,DLmw --show-percs=no --threshold=100 "$out/cg.$n" 2>/dev/null |
    awk -v n="$n" -v m="$m" -v ns="$ns" '
      /PROGRAM TOTALS/ { for (i = 2; i <= 4; i++) { v = $i; gsub(",", "", v); all += v } }
      $1 ~ /^[0-9,]+$/ && match($0, /:(<)?chimney_im::/) {
        for (i = 1; i <= 4; i++) { v = $i; gsub(",", "", v); if (v == ".") v = 0; c[i] += v }
      }
      END { printf "%d\t%.1f\t%.3f\t%.2f\t%s\n", n, c[1] / m, (c[2] + c[3] + c[4]) / m, all / m, ns }' >>"$tsv"
done
awk -F'\t' 'NR == 1 { print "| connections | IM instructions / send | IM LL misses / send | all LL misses / send | wall ns / send |"; print "| ---: | ---: | ---: | ---: | ---: |"; next }
  { printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$tsv"
# A plot of the two IM curves against log10(connections), as plain SVG.
awk -F'\t' '
  NR == 1 { next }
  { n++; x[n] = log($1) / log(10); ins[n] = $2; ll[n] = $3; if ($2 > maxi) maxi = $2; if ($3 > maxl) maxl = $3 }
  END {
    w = 640; h = 360; l = 70; r = 70; t = 30; b = 50
    if (maxi == 0) maxi = 1; if (maxl == 0) maxl = 1
    maxi *= 1.2; maxl *= 1.2
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", w, h
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    printf "<text x=\"%d\" y=\"18\">chimney-im cost per offloaded send vs offloaded connections</text>\n", l
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", l, h - b, w - r, h - b
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", l, t, l, h - b
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", w - r, t, w - r, h - b
    x0 = 3; x1 = 6
    for (e = x0; e <= x1; e++) {
      px = l + (e - x0) / (x1 - x0) * (w - l - r)
      printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">1e%d</text>\n", px, h - b + 18, e
    }
    printf "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">offloaded connections</text>\n", w / 2, h - 10
    printf "<text x=\"%d\" y=\"%d\" fill=\"steelblue\">IM instructions (0..%.0f)</text>\n", l, t - 4 + 14, maxi
    printf "<text x=\"%d\" y=\"%d\" fill=\"darkorange\" text-anchor=\"end\">IM LL misses (0..%.2f)</text>\n", w - r, t - 4 + 14, maxl
    for (s = 1; s <= 2; s++) {
      path = ""
      for (i = 1; i <= n; i++) {
        px = l + (x[i] - x0) / (x1 - x0) * (w - l - r)
        v = (s == 1) ? ins[i] / maxi : ll[i] / maxl
        py = h - b - v * (h - t - b)
        path = path sprintf("%s%.1f,%.1f ", (i == 1 ? "M" : "L"), px, py)
        printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px, py, (s == 1 ? "steelblue" : "darkorange")
      }
      printf "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", path, (s == 1 ? "steelblue" : "darkorange")
    }
    print "</svg>"
  }' "$tsv" >docs/scale.svg
echo "wrote $tsv and docs/scale.svg"
