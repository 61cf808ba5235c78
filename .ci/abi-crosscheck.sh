#!/usr/bin/env bash
# abi-crosscheck.sh — compare the Rust offload-tree ABI layout with an
# independent C transcription of the spec (offload-tree/abi-check/).
#
# For x86_64 and i686:
#   1. compile offload-tree/abi-check/layout.c with the matching mingw-w64 gcc
#      (-mms-bitfields: MSVC layout) to an object file; nothing is run;
#   2. dump its .abichk section with objcopy and decode it (decode.py) into
#      target/abi-check/c-<arch>.tsv;
#   3. run `cargo run -q -p offload-tree --example layout --target <linux triple>`
#      into target/abi-check/rust-<arch>.tsv;
#   4. drop '#' comment lines and empty lines, sort both, diff -u.
# Any difference (or failure) exits non-zero; the diffs are printed.
#
# Usage: .ci/abi-crosscheck.sh [--c-only]
#   --c-only   only produce the C TSVs and print them (no cargo, no diff).
set -euo pipefail

usage() { echo "usage: $0 [--c-only]" >&2; exit 2; }

c_only=0
case "${1-}" in
    "") ;;
    --c-only) c_only=1 ;;
    -h|--help) usage ;;
    *) usage ;;
esac
[[ $# -le 1 ]] || usage

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

src_dir=offload-tree/abi-check
out_dir=target/abi-check
mkdir -p "$out_dir"

# arch  mingw prefix          rust target (layout tool host)
arches=(
    "x86_64 x86_64-w64-mingw32 x86_64-unknown-linux-gnu"
    "i686   i686-w64-mingw32   i686-unknown-linux-gnu"
)

# C side: compile, extract, decode.
build_c_tsv() {
    local arch=$1 prefix=$2
    local obj="$out_dir/layout-$arch.o" bin="$out_dir/layout-$arch.abichk.bin"
    "$prefix-gcc" -c -O0 -mms-bitfields -std=c11 -Wall -Werror \
        -o "$obj" "$src_dir/layout.c"
    "$prefix-objcopy" -O binary -j .abichk "$obj" "$bin"
    python3 "$src_dir/decode.py" "$bin" "$arch" > "$out_dir/c-$arch.tsv"
}

normalize() { grep -v -e '^#' -e '^[[:space:]]*$' "$1" | LC_ALL=C sort; }

status=0
for entry in "${arches[@]}"; do
    read -r arch prefix rust_target <<< "$entry"
    build_c_tsv "$arch" "$prefix"
    c_tsv="$out_dir/c-$arch.tsv"

    if (( c_only )); then
        echo "### $c_tsv ($(normalize "$c_tsv" | wc -l) lines)"
        cat "$c_tsv"
        continue
    fi

    rust_tsv="$out_dir/rust-$arch.tsv"
    if ! cargo run -q -p offload-tree --example layout --target "$rust_target" > "$rust_tsv"; then
        echo "abi-crosscheck: $arch: the Rust layout tool failed (target $rust_target)" >&2
        status=1
        continue
    fi

    if diff -u --label "c-$arch.tsv (sorted)" --label "rust-$arch.tsv (sorted)" \
            <(normalize "$c_tsv") <(normalize "$rust_tsv"); then
        echo "abi-crosscheck: $arch: OK ($(normalize "$c_tsv" | wc -l) lines match)"
    else
        echo "abi-crosscheck: $arch: C and Rust layouts DIFFER (see diff above)" >&2
        status=1
    fi
done

exit "$status"
