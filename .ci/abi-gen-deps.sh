#!/usr/bin/env bash
# abi-gen-deps.sh — install what tools/abi-check-gen's tests need on Debian: libclang
# (bindgen loads it at run time) and clang (its resource headers: stddef.h and friends).
# Idempotent: installs only what is missing. The tests also need the rustup targets
# x86_64-pc-windows-msvc and i686-pc-windows-msvc, which .ci/run adds.
set -euo pipefail

need=()
for pkg in libclang-dev clang; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "apt-get install ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Fail here, with a clear message, rather than later inside bindgen.
if ! ls /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1; then
    echo "abi-gen-deps: libclang not found after installing libclang-dev" >&2
    exit 1
fi
echo "abi-gen-deps: libclang present"
