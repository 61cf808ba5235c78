#!/usr/bin/env python3
"""Decode one `.abichk` section of driver/ndis/abi-check into the ABI TSV.

Usage: decode_ndis.py SECTION.bin ARCH-LABEL > part.tsv

This is offload-tree/abi-check/decode.py (imported, not copied) with one adjustment
to its padding check: NDIS declares some members DECLSPEC_ALIGN(MEMORY_ALLOCATION_
ALIGNMENT) (16 on x64, 8 on x86), and the gap the compiler leaves in front of them is
as large as the alignment decode.py estimates from a member's size, so the stock check
would call it a missing member. For exactly those members, a gap that ends on a
MEMORY_ALLOCATION_ALIGNMENT boundary and is smaller than it is accepted; every other
gap is still checked as decode.py does. The records themselves are read, checked and
printed by decode.py unchanged.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # leave offload-tree/abi-check untouched
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "offload-tree", "abi-check"))

import decode  # noqa: E402  (offload-tree/abi-check/decode.py)

# (structure, member) declared DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) in the WDK.
DECLSPEC_ALIGNED = {
    ("NET_BUFFER", "NdisReserved"),
    ("NET_BUFFER", "ProtocolReserved"),
    ("NET_BUFFER", "MiniportReserved"),
    ("NET_BUFFER_LIST", "NdisReserved"),
    ("NET_BUFFER_LIST", "ProtocolReserved"),
    ("NET_BUFFER_LIST", "MiniportReserved"),
    ("NET_BUFFER_LIST_CONTEXT", "ContextData"),
    ("NDIS_RESTART_ATTRIBUTES", "Data"),
}

_stock_check_padding = decode.check_padding


def _memory_allocation_alignment():
    arch = sys.argv[2] if len(sys.argv) > 2 else ""
    if arch.startswith("x86_64"):
        return 16
    if arch.startswith("i686"):
        return 8
    decode.fail(f"unknown arch label {arch!r} (x86_64 or i686)")
    return 0


def check_padding(structs, members):
    """decode.check_padding, with the DECLSPEC_ALIGN gaps filled by a stand-in member."""
    maa = _memory_allocation_alignment()
    patched = {s: list(m) for s, m in members.items()}
    for sname, mname in DECLSPEC_ALIGNED:
        entries = patched.get(sname)
        if not entries:
            continue
        target = [(n, off, sz) for n, off, sz in entries if n == mname]
        if len(target) != 1:
            decode.fail(f"{sname}.{mname}: listed as DECLSPEC_ALIGN but not in the records")
        _, off, _ = target[0]
        end = max((o + sz for n, o, sz in entries if "." not in n and o < off), default=0)
        gap = off - end
        if gap <= 0:
            continue
        if off % maa or gap >= maa:
            decode.fail(f"{sname}.{mname}: {gap}-byte gap is not DECLSPEC_ALIGN({maa}) padding")
        entries.append((f"({mname} alignment padding)", end, gap))
    _stock_check_padding(structs, patched)


decode.check_padding = check_padding

if __name__ == "__main__":
    decode.main()
