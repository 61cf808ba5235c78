#!/usr/bin/env bash
# Link chimney_im.sys on Linux for x64 and x86 with rust-lld (lld-link flavour) against
# the import libraries .ci/import-libs.sh made from driver/kernel/lib/*.def, with the
# kernel link switches (/DRIVER /SUBSYSTEM:NATIVE /ENTRY:DriverEntry /NODEFAULTLIB), and
# check the PE files: machine type, native subsystem, the entry point is DriverEntry, and
# every import comes from NDIS.SYS, ntoskrnl.exe or (x86) HAL.dll and is one the .def
# files declare. Built with the `link-check` feature: the same DriverEntry and seam as
# the shipped driver, but a KeBugCheckEx panic handler instead of wdk-panic, which
# cannot build without a WDK. Run after .ci/import-libs.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

libs=target/import-libs
out=target/pe
mkdir -p "$out"
readobj=$(find "$(rustc --print sysroot)/lib/rustlib" -name llvm-readobj -type f | head -n1)
[ -x "$readobj" ] || readobj=$(command -v llvm-readobj)

for entry in "x64 x86_64-pc-windows-msvc" "x86 i686-pc-windows-msvc"; do
    read -r arch triple <<<"$entry"
    [ -f "$libs/$arch/ndis.lib" ] || { echo "pe-check: run .ci/import-libs.sh first" >&2; exit 1; }
    map="$PWD/$out/$arch.map"
    RUSTFLAGS="-C linker=rust-lld -C linker-flavor=lld-link \
        -C link-arg=/DRIVER -C link-arg=/SUBSYSTEM:NATIVE -C link-arg=/ENTRY:DriverEntry \
        -C link-arg=/NODEFAULTLIB -C link-arg=/LIBPATH:$PWD/$libs/$arch -C link-arg=/MAP:$map" \
        cargo rustc -q -p chimney-im --lib --crate-type cdylib --release --target "$triple" \
        --features link-check --target-dir "$out/cargo"
    cp "$out/cargo/$triple/release/chimney_im.dll" "$out/$arch-chimney_im.sys"
    "$readobj" --file-headers --coff-imports "$out/$arch-chimney_im.sys" >"$out/$arch.txt"
    python3 - "$arch" "$out/$arch.txt" "$map" driver/kernel/lib <<'PY'
import pathlib, re, sys

arch, headers, map_path, defdir = sys.argv[1:]
text = pathlib.Path(headers).read_text()
fail = []

def field(name):
    m = re.search(rf"^\s*{name}: (.*)$", text, re.M)
    return m.group(1).strip() if m else None

machine = {"x64": "IMAGE_FILE_MACHINE_AMD64", "x86": "IMAGE_FILE_MACHINE_I386"}[arch]
if not (field("Machine") or "").startswith(machine):
    fail.append(f"machine {field('Machine')}, expected {machine}")
if not (field("Subsystem") or "").startswith("IMAGE_SUBSYSTEM_NATIVE"):
    fail.append(f"subsystem {field('Subsystem')}, expected IMAGE_SUBSYSTEM_NATIVE")

# The entry point must be DriverEntry's address (from the linker map).
entry = int(field("AddressOfEntryPoint"), 16)
base = int(field("ImageBase"), 16)
symbol = {"x64": "DriverEntry", "x86": "_DriverEntry@8"}[arch]
rva = None
for line in pathlib.Path(map_path).read_text(errors="replace").splitlines():
    parts = line.split()
    if len(parts) >= 3 and parts[1] == symbol:
        rva = int(parts[2], 16) - base
if rva is None:
    fail.append(f"{symbol} not in the link map")
elif rva != entry:
    fail.append(f"entry point {entry:#x} is not {symbol} at {rva:#x}")

# Imports: DLL names and functions, against the .def files.
allowed_dlls = {"NDIS.SYS", "ntoskrnl.exe"} | ({"HAL.dll"} if arch == "x86" else set())
suffix = "-x86" if arch == "x86" else ""
declared = set()
for stem in ("ndis", "ntoskrnl", "hal"):
    p = pathlib.Path(defdir) / f"{stem}{suffix}.def"
    if p.exists():
        body = p.read_text().split("EXPORTS", 1)[1]
        for line in body.splitlines():
            name = line.split(";")[0].strip()
            if name:
                declared.add(name.lstrip("@").split("@")[0])
imports, dll = {}, None
for line in text.splitlines():
    line = line.strip()
    if line.startswith("Name: "):
        dll = line[6:]
        imports.setdefault(dll, set())
    elif line.startswith("Symbol: ") and dll is not None:
        imports[dll].add(line[8:].split()[0])
if not imports:
    fail.append("no imports at all")
for d, names in imports.items():
    if d not in allowed_dlls:
        fail.append(f"imports from {d}: only {sorted(allowed_dlls)} are allowed")
    for n in sorted(names - declared):
        fail.append(f"{d}!{n} is not declared in driver/kernel/lib/*.def")
if fail:
    print(f"pe-check {arch}: FAILED", *fail, sep="\n  ")
    sys.exit(1)
summary = ", ".join(f"{d} {len(n)}" for d, n in sorted(imports.items()))
print(f"pe-check {arch}: {machine}, native subsystem, entry = {symbol}; imports {summary}")
PY
done
