#!/usr/bin/env bash
# Makes the kernel import libraries from driver/kernel/lib/*.def and proves them, for x64
# and x86, without a WDK:
#  1. llvm-dlltool (rustup's llvm-tools: llvm-ar run under that name) turns each .def into
#     target/import-libs/<arch>/{ndis,ntoskrnl,hal}.lib; a malformed .def fails here.
#  2. llvm-readobj lists every import member: it must name the .def's DLL, be code, and
#     resolve to the plain export name (x86: import name type "undecorate", as in the
#     WDK's own libraries, so the loader looks up NdisInitiateOffload, not
#     _NdisInitiateOffload@8).
#  3. The driver crate is compiled for the Windows target as an rlib (no linker needed)
#     and the set of __imp_ symbols it references must equal the set the libraries
#     define: every import of the kernel seam resolves, none is spare, and each x86
#     stdcall/fastcall @N in the .def equals the one rustc derives from the declaration.
# Output: target/import-libs/. Needs the Windows rustup targets (.ci/run adds them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=target/import-libs
mkdir -p "$out/bin"

# LLVM tools: rustup's llvm-tools (same LLVM as rustc) or, if rustup cannot provide them
# (or IMPORT_LIBS_LLVM=system), Debian's llvm package. llvm-ar is LLVM's multi-call
# archiver: started under the name llvm-dlltool it is dlltool.
host=$(rustc -vV | sed -n 's/^host: //p')
bin="$(rustc --print sysroot)/lib/rustlib/$host/bin"
if [ "${IMPORT_LIBS_LLVM:-rustup}" = rustup ] && [ ! -x "$bin/llvm-ar" ]; then
    rustup component add llvm-tools >/dev/null 2>&1 || true
fi
if [ "${IMPORT_LIBS_LLVM:-rustup}" = rustup ] && [ -x "$bin/llvm-ar" ] &&
    [ -x "$bin/llvm-readobj" ] && [ -x "$bin/llvm-nm" ]; then
    ln -sf "$bin/llvm-ar" "$out/bin/llvm-dlltool"
    dlltool="$out/bin/llvm-dlltool" readobj="$bin/llvm-readobj" nm="$bin/llvm-nm"
else
    if ! command -v llvm-dlltool >/dev/null || ! command -v llvm-readobj >/dev/null ||
        ! command -v llvm-nm >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq llvm >/dev/null
    fi
    dlltool=$(command -v llvm-dlltool) readobj=$(command -v llvm-readobj) nm=$(command -v llvm-nm)
fi
echo "llvm tools: $("$readobj" --version | grep -m1 -o 'LLVM version [^ ]*') ($dlltool)"

# check ARCH TRIPLE DLLTOOL_MACHINE DEF_SUFFIX NAME_TYPE [DLLTOOL_FLAGS...]
check() {
    local arch=$1 triple=$2 machine=$3 suffix=$4 name_type=$5
    shift 5
    local dir="$out/$arch" libs=() stem def
    rm -rf "$dir" && mkdir -p "$dir"
    for stem in ndis ntoskrnl hal; do
        def="driver/kernel/lib/$stem$suffix.def"
        [ -f "$def" ] || continue
        "$dlltool" -m "$machine" "$@" -d "$def" -l "$dir/$stem.lib"
        libs+=("$dir/$stem.lib")
    done
    "$readobj" "${libs[@]}" >"$dir/readobj.txt"

    # The seam compiled for the target; as .ci/run, with -Zbuild-std if rustup has no
    # standard library for it.
    if rustup target list --installed | grep -qx "$triple" ||
        rustup target add "$triple" >/dev/null 2>&1; then
        cargo rustc -q -p chimney-im --lib --target "$triple" --crate-type rlib \
            --target-dir "$out/cargo"
    else
        RUSTC_BOOTSTRAP=1 cargo rustc -q -p chimney-im --lib --target "$triple" \
            --crate-type rlib --target-dir "$out/cargo" -Zbuild-std=core,alloc
    fi
    "$nm" --undefined-only --no-sort "$out/cargo/$triple/debug/libchimney_im.rlib" \
        2>/dev/null | awk '{print $NF}' | grep '^__imp_' | sort -u >"$dir/referenced.txt" || true

    python3 - "$arch" "$name_type" "$dir" driver/kernel/lib "$suffix" <<'PY'
import pathlib, re, sys

arch, name_type, out, defdir, suffix = sys.argv[1:]
out = pathlib.Path(out)
fail = []

# LIBRARY of each .def, by library file stem.
library = {}
for stem in ("ndis", "ntoskrnl", "hal"):
    p = pathlib.Path(defdir) / f"{stem}{suffix}.def"
    if p.exists():
        m = re.search(r'^LIBRARY\s+"?([^"\s]+)"?', p.read_text(), re.M)
        library[stem] = m.group(1)

def undecorate(sym):
    s = sym[len("__imp_"):]
    if s.startswith("@"):          # __fastcall: @Name@N
        return s[1:].rsplit("@", 1)[0]
    if "@" in s:                   # __stdcall: _Name@N
        return s[1:].rsplit("@", 1)[0]
    if arch == "x86":              # __cdecl: _Name (the CRT intrinsics)
        return s[1:]
    return s                       # x64: Name

# Import members of the readobj listing (archive headers and the import descriptor
# objects are "COFF-i386"/"COFF-x86-64" and skipped).
members, cur = [], None
for line in (out / "readobj.txt").read_text().splitlines():
    if line.startswith("File: "):
        cur = {"dll": line[6:], "symbols": []}
        members.append(cur)
    elif cur is not None and ": " in line:
        key, value = line.split(": ", 1)
        if key == "Symbol":
            cur["symbols"].append(value)
        else:
            cur[key] = value
imports = [m for m in members if m.get("Format", "").startswith("COFF-import-file")]

defined = set()
dlls = set(library.values())
for m in imports:
    imp = [s for s in m["symbols"] if s.startswith("__imp_")]
    if len(imp) != 1:
        fail.append(f"member without exactly one __imp_ symbol: {m}")
        continue
    sym = imp[0]
    defined.add(sym)
    if m["dll"] not in dlls:
        fail.append(f"{sym}: DLL {m['dll']} is none of {sorted(dlls)}")
    if m.get("Type") != "code":
        fail.append(f"{sym}: type {m.get('Type')}, expected code")
    cdecl = arch == "x86" and "@" not in sym
    if m.get("Name type") != ("noprefix" if cdecl else name_type):
        fail.append(f"{sym}: name type {m.get('Name type')}, expected {name_type}")
    if "Export name" in m and m["Export name"] != undecorate(sym):
        fail.append(f"{sym}: export name {m['Export name']}, expected {undecorate(sym)}")

referenced = set((out / "referenced.txt").read_text().split())
if not referenced:
    fail.append("the compiled driver references no __imp_ symbol (kernel seam missing?)")
for s in sorted(referenced - defined):
    fail.append(f"referenced by the driver but in no import library: {s}")
# The compiler's own memcpy/memset calls reach ntoskrnl through the import thunks
# (plain `memcpy`, not `__imp_memcpy`), so they are never referenced as __imp_.
intrinsics = {"memcpy", "memmove", "memset", "memcmp"}
for s in sorted(defined - referenced):
    if undecorate(s).lstrip("_") in intrinsics:
        continue
    fail.append(f"in an import library but not referenced by the driver: {s}")

if fail:
    print(f"{arch}: import libraries do not match the kernel seam:", *fail, sep="\n  ")
    sys.exit(1)
per_dll = {}
for m in imports:
    per_dll[m["dll"]] = per_dll.get(m["dll"], 0) + 1
summary = ", ".join(f"{d} {n}" for d, n in sorted(per_dll.items()))
print(f"{arch}: {len(defined)} imports ({summary}) resolve exactly; name type {name_type}")
PY
}

check x64 x86_64-pc-windows-msvc i386:x86-64 "" name
check x86 i686-pc-windows-msvc i386 -x86 undecorate -k
