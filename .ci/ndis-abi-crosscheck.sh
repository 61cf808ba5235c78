#!/usr/bin/env bash
# ndis-abi-crosscheck.sh — compare the Rust layout of driver/ndis with an independent
# C side (driver/ndis/abi-check/): mingw-w64's own headers where they define the
# structure, a transcription of the WDK declarations where they do not.
#
# For x86_64 and i686:
#   1. compile driver/ndis/abi-check/ndis_abi_um.c (user-mode headers) and
#      ndis_abi_km.c (ddk headers) with the matching mingw-w64 gcc (-mms-bitfields:
#      MSVC layout) to object files; nothing is run;
#   2. dump each object's .abichk section with objcopy and decode it with
#      decode_ndis.py (offload-tree's decode.py plus the DECLSPEC_ALIGN padding rule)
#      into target/ndis-abi-check/c-<arch>.tsv;
#   3. run `cargo run -q -p chimney-im --example ndis_layout --target <linux triple>`
#      into target/ndis-abi-check/rust-<arch>.tsv;
#   4. drop '#' comment lines and empty lines, sort both, diff -u.
# Any difference (or failure) exits non-zero; the diffs are printed.
#
# Usage: .ci/ndis-abi-crosscheck.sh [--c-only]
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

src_dir=driver/ndis/abi-check
out_dir=target/ndis-abi-check
mkdir -p "$out_dir"

# arch  mingw prefix          rust target (layout tool host)
arches=(
    "x86_64 x86_64-w64-mingw32 x86_64-unknown-linux-gnu"
    "i686   i686-w64-mingw32   i686-unknown-linux-gnu"
)

# translation unit  extra compiler flags
units=(
    "ndis_abi_um"
    "ndis_abi_km -I/usr/share/mingw-w64/include/ddk"
)

# C side: compile each unit, extract, decode, concatenate.
build_c_tsv() {
    local arch=$1 prefix=$2 tsv="$out_dir/c-$arch.tsv"
    : > "$tsv"
    local entry unit flags obj bin
    for entry in "${units[@]}"; do
        read -r unit flags <<< "$entry"
        obj="$out_dir/$unit-$arch.o"
        bin="$out_dir/$unit-$arch.abichk.bin"
        # shellcheck disable=SC2086  # $flags is a list of words
        "$prefix-gcc" -c -O0 -mms-bitfields -std=c11 -Wall -Werror $flags \
            -o "$obj" "$src_dir/$unit.c"
        "$prefix-objcopy" -O binary -j .abichk "$obj" "$bin"
        python3 "$src_dir/decode_ndis.py" "$bin" "$arch" >> "$tsv"
    done
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
    if ! cargo run -q -p chimney-im --example ndis_layout --target "$rust_target" > "$rust_tsv"; then
        echo "ndis-abi-crosscheck: $arch: the Rust layout tool failed (target $rust_target)" >&2
        status=1
        continue
    fi

    if diff -u --label "c-$arch.tsv (sorted)" --label "rust-$arch.tsv (sorted)" \
            <(normalize "$c_tsv") <(normalize "$rust_tsv"); then
        echo "ndis-abi-crosscheck: $arch: OK ($(normalize "$c_tsv" | wc -l) lines match)"
    else
        echo "ndis-abi-crosscheck: $arch: C and Rust layouts DIFFER (see diff above)" >&2
        status=1
    fi
done

exit "$status"
