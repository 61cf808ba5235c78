#!/usr/bin/env python3
"""Decode the `.abichk` section dumped from layout.c's object into the ABI TSV.

Usage: decode.py SECTION.bin ARCH-LABEL > c-ARCH.tsv

The record format is defined in layout.c (keep both in sync). Besides
printing, this script checks what it reads: record framing, bit-field images
(contiguous run of exactly WIDTH set bits inside one storage unit) and that
every structure's members leave only plausible alignment padding (a gap never
as large as the next member's alignment), which catches a forgotten member.
"""
import struct
import sys

ABI_MAGIC = 0x31494241
ABI_END = 0x21444E45
REC_STRUCT, REC_FIELD, REC_BITFIELD, REC_ENUM, REC_DEFINE = 1, 2, 3, 4, 5

NAME_LEN = 96
IMG_LEN = 64
REC_SIZE = 8 + 4 * 8 + 2 * NAME_LEN + IMG_LEN
REC_FMT = "<II" + "II" * 4 + f"{NAME_LEN}s{NAME_LEN}s{IMG_LEN}s"
assert struct.calcsize(REC_FMT) == REC_SIZE


def fail(msg):
    sys.exit(f"decode.py: {msg}")


def cstr(raw):
    return raw.split(b"\0", 1)[0].decode("ascii")


def records(blob):
    if len(blob) < REC_SIZE:
        fail("section too small")
    for off in range(0, len(blob) - REC_SIZE + 1, REC_SIZE):
        f = struct.unpack_from(REC_FMT, blob, off)
        kind, nval = f[0], f[1]
        vals = []
        for i in range(4):
            v = f[2 + 2 * i] | (f[3 + 2 * i] << 32)
            vals.append(v - (1 << 64) if v >> 63 else v)  # (long long) in C
        yield kind, nval, vals[:nval], cstr(f[10]), cstr(f[11]), f[12]
    fail("no END record")


def bitfield_position(img, unit, width, tsize, where):
    bits = [i for i in range(tsize * 8) if img[i // 8] >> (i % 8) & 1]
    if any(img[tsize:]):
        fail(f"{where}: image has bits beyond sizeof")
    if len(bits) != width or bits != list(range(bits[0], bits[0] + width)):
        fail(f"{where}: expected {width} contiguous set bits, got {bits}")
    unit_off = (bits[0] // 8) // unit * unit
    bit_off = bits[0] - unit_off * 8
    if bits[-1] >= (unit_off + unit) * 8:
        fail(f"{where}: bits straddle the {unit}-byte storage unit")
    return unit_off, bit_off


def check_padding(structs, members):
    """Gaps between members must be smaller than the next member's alignment.

    A member's alignment is estimated as min(size, 8) rounded down to a power
    of two, which is never below its real alignment (alignment divides size),
    so the check cannot raise a false alarm; a forgotten 4-byte member between
    4-byte members (gap 4, alignment 4) is caught.
    """
    def est_align(size):
        a = 1
        while a * 2 <= min(size, 8) and size % (a * 2) == 0:
            a *= 2
        return a

    for sname, (size, align) in structs.items():
        groups = {"": (0, size, align)}
        for name, off, sz in members.get(sname, []):
            if "." not in name:
                groups[name + "."] = (off, sz, None)
        for prefix, (base, gsize, galign) in groups.items():
            inner = sorted((off, sz, n) for n, off, sz in members.get(sname, [])
                           if n.startswith(prefix) and "." not in n[len(prefix):]
                           and (prefix or "." not in n))
            if prefix and not inner:
                continue  # a named-type member (no sub-members listed)
            end = base
            for off, sz, n in inner:
                if off > end and off - end >= est_align(sz):
                    fail(f"{sname}: {off - end}-byte gap before {n}: member missing?")
                end = max(end, off + sz)
            tail = base + gsize - end
            if tail < 0:
                fail(f"{sname}.{prefix}: members run past the end")
            if tail and tail >= (galign or max(est_align(sz) for _, sz, _ in inner)):
                fail(f"{sname}.{prefix}: {tail} bytes of tail padding: member missing?")


def main():
    if len(sys.argv) != 3:
        fail("usage: decode.py SECTION.bin ARCH")
    blob = open(sys.argv[1], "rb").read()
    arch = sys.argv[2]
    out = [f"# chimney ABI layout from chimney_abi.h, C side, {arch} (mingw-w64 gcc -mms-bitfields)"]
    structs, members = {}, {}
    seen = set()
    it = records(blob)
    kind, _, vals, *_ = next(it)
    if kind != ABI_MAGIC or vals[0] != REC_SIZE:
        fail(f"bad magic/record size: {kind:#x} {vals}")
    ptr = vals[1]
    out.append(f"# pointer size {ptr}")
    for kind, _, vals, scope, name, img in it:
        if kind == ABI_END:
            break
        key = (scope, name)
        if key in seen:
            fail(f"duplicate record {scope} {name}")
        seen.add(key)
        if kind == REC_STRUCT:
            structs[scope] = (vals[0], vals[1])
            out.append(f"{scope}\t-\t0\t{vals[0]}\t{vals[1]}")
        elif kind == REC_FIELD:
            if scope not in structs:
                fail(f"field before its struct: {scope} {name}")
            members.setdefault(scope, []).append((name, vals[0], vals[1]))
            out.append(f"{scope}\t{name}\t{vals[0]}\t{vals[1]}")
        elif kind == REC_BITFIELD:
            unit, width, tsize = vals
            uoff, boff = bitfield_position(img, unit, width, tsize, f"{scope}.{name}")
            members.setdefault(scope, []).append((name, uoff, unit))
            out.append(f"{scope}\t{name}\t{uoff}\t{unit}\t{boff}\t{width}")
        elif kind in (REC_ENUM, REC_DEFINE):
            out.append(f"{scope}\t{name}\t{vals[0]}")
        else:
            fail(f"unknown record kind {kind:#x}")
    check_padding(structs, members)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
