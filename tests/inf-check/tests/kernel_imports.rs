//! The import definitions in `driver/kernel/lib/` against the kernel seam's declarations
//! in `driver/kernel/imports.rs` (issue 8: the `.def` files list exactly the declared
//! functions, and every x86 `@N` is the argument size of the declared signature).
//! `.ci/import-libs.sh` checks the same libraries against rustc's own decorations.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use inf_check::{ExternFn, extern_fns, parse_def, workspace_root, x86_def_name};

/// The DLL each `#[link(name = ...)]` library imports from.
const DLLS: [(&str, &str); 3] = [
    ("ndis", "NDIS.SYS"),
    ("ntoskrnl", "ntoskrnl.exe"),
    ("hal", "HAL.dll"),
];

fn kernel_dir() -> PathBuf {
    workspace_root().join("driver/kernel")
}

fn declared() -> Vec<ExternFn> {
    let path = kernel_dir().join("imports.rs");
    let source = fs::read_to_string(&path).expect("driver/kernel/imports.rs is readable");
    extern_fns(&source).expect("the kernel seam's extern blocks parse")
}

/// Whether a block with `#[cfg(target_arch = arch)]` (or none) is compiled for `target`.
fn compiled_for(f: &ExternFn, target: &str) -> bool {
    f.arch.as_deref().is_none_or(|a| a == target)
}

fn def_path(link: &str, x86: bool) -> PathBuf {
    let suffix = if x86 { "-x86" } else { "" };
    kernel_dir().join(format!("lib/{link}{suffix}.def"))
}

fn assert_def_matches(link: &str, dll: &str, x86: bool, expected: &BTreeSet<String>) {
    let path = def_path(link, x86);
    if expected.is_empty() {
        assert!(
            !path.exists(),
            "{}: the seam imports nothing from {dll} for this target, so this file must not exist",
            path.display()
        );
        return;
    }
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (the seam imports from {dll})", path.display()));
    let def = parse_def(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(def.library, dll, "{}: LIBRARY", path.display());
    let listed: BTreeSet<String> = def.exports.iter().cloned().collect();
    assert_eq!(
        listed.len(),
        def.exports.len(),
        "{}: an export is listed twice",
        path.display()
    );
    let missing: Vec<_> = expected.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{}: declared but not listed: {missing:?}; listed but not declared: {extra:?}",
        path.display()
    );
}

#[test]
fn the_seam_declares_its_imports() {
    let fns = declared();
    assert!(fns.len() >= 60, "only {} imports parsed", fns.len());
    for f in &fns {
        assert!(
            DLLS.iter().any(|(link, _)| *link == f.link),
            "{}: #[link(name = \"{}\")] is none of ndis, ntoskrnl, hal",
            f.name,
            f.link
        );
    }
    let names: BTreeSet<_> = fns
        .iter()
        .map(|f| (f.name.as_str(), f.arch.as_deref()))
        .collect();
    assert_eq!(
        names.len(),
        fns.len(),
        "an import is declared twice for one target"
    );
}

/// C runtime functions the compiler itself calls (block copies and fills), taken from
/// ntoskrnl.exe's exports as WDK drivers do; they have no Rust declaration (cdecl, so no
/// x86 `@N` either).
const COMPILER_INTRINSICS: [&str; 4] = ["memcpy", "memmove", "memset", "memcmp"];

fn with_intrinsics(link: &str, mut expected: BTreeSet<String>) -> BTreeSet<String> {
    if link == "ntoskrnl" {
        expected.extend(COMPILER_INTRINSICS.iter().map(|s| (*s).to_owned()));
    }
    expected
}

#[test]
fn x64_defs_list_exactly_the_declared_imports() {
    let fns = declared();
    for (link, dll) in DLLS {
        let expected: BTreeSet<String> = fns
            .iter()
            .filter(|f| f.link == link && compiled_for(f, "x86_64"))
            .map(|f| f.name.clone())
            .collect();
        assert_def_matches(link, dll, false, &with_intrinsics(link, expected));
    }
}

#[test]
fn x86_defs_list_exactly_the_declared_imports_with_their_argument_sizes() {
    let fns = declared();
    for (link, dll) in DLLS {
        let expected: BTreeSet<String> = fns
            .iter()
            .filter(|f| f.link == link && compiled_for(f, "x86"))
            .map(|f| x86_def_name(f).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        assert_def_matches(link, dll, true, &with_intrinsics(link, expected));
    }
}

#[test]
fn no_stray_def_files() {
    let dir = kernel_dir().join("lib");
    for entry in fs::read_dir(&dir).expect("driver/kernel/lib exists") {
        let name = entry.expect("directory entry").file_name();
        let name = name.to_string_lossy();
        let Some(stem) = name.strip_suffix(".def") else {
            continue;
        };
        let link = stem.strip_suffix("-x86").unwrap_or(stem);
        assert!(
            DLLS.iter().any(|(l, _)| *l == link),
            "{name}: no #[link] library of that name"
        );
    }
}

/// Known signatures pin the parser and the size rule, so a parsing slip cannot make the
/// comparison above pass by producing the same wrong answer twice.
#[test]
fn known_x86_decorations() {
    let fns = declared();
    let def_name = |name: &str| {
        let f = fns
            .iter()
            .find(|f| f.name == name && compiled_for(f, "x86"))
            .unwrap_or_else(|| panic!("{name} is not declared for x86"));
        x86_def_name(f).expect("known types")
    };
    for (name, expected) in [
        ("NdisInitiateOffload", "NdisInitiateOffload@8"),
        (
            "NdisMRegisterMiniportDriver",
            "NdisMRegisterMiniportDriver@20",
        ),
        ("NdisMOffloadEventIndicate", "NdisMOffloadEventIndicate@12"),
        ("NdisReadConfiguration", "NdisReadConfiguration@20"),
        // Two USHORTs: each takes a whole 4-byte slot.
        (
            "NdisAllocateNetBufferListContext",
            "NdisAllocateNetBufferListContext@16",
        ),
        (
            "NdisMIndicateReceiveNetBufferLists",
            "NdisMIndicateReceiveNetBufferLists@20",
        ),
        (
            "NdisAllocateMemoryWithTagPriority",
            "NdisAllocateMemoryWithTagPriority@16",
        ),
        ("NdisWaitEvent", "NdisWaitEvent@8"),
        (
            "IoAllocateDriverObjectExtension",
            "IoAllocateDriverObjectExtension@16",
        ),
        ("KeRaiseIrqlToDpcLevel", "KeRaiseIrqlToDpcLevel@0"),
        ("KfLowerIrql", "@KfLowerIrql@4"),
    ] {
        assert_eq!(def_name(name), expected);
    }
}

#[test]
fn size_rule_on_a_synthetic_block() {
    let source = r#"
        #[cfg(target_arch = "x86")]
        #[link(name = "ndis")]
        unsafe extern "system" {
            /// A comment with fn Fake(x: u64); inside.
            fn ByValue(Time: LARGE_INTEGER, Buffer: *mut u8, Size: u16) -> u8;
            fn NoArgs();
        }
        #[link(name = "hal")]
        unsafe extern "fastcall" {
            fn Fast(a: u32, b: *const u16);
        }
        extern "system" fn not_a_block() {}
    "#;
    let fns = extern_fns(source).expect("parses");
    let names: Vec<_> = fns
        .iter()
        .map(|f| x86_def_name(f).expect("known"))
        .collect();
    assert_eq!(names, ["ByValue@16", "NoArgs@0", "@Fast@8"]);
    assert_eq!(fns[0].arch.as_deref(), Some("x86"));
    assert_eq!(fns[2].arch, None);
    assert_eq!(fns[0].ret.as_deref(), Some("u8"));

    let unknown =
        extern_fns("#[link(name = \"ndis\")]\nextern \"system\" {\n fn F(x: MYSTERY);\n}\n")
            .expect("parses");
    assert!(
        x86_def_name(&unknown[0]).is_err(),
        "an unknown type must not get a size"
    );
    assert!(
        extern_fns("extern \"system\" {\n fn F();\n}\n").is_err(),
        "no #[link]"
    );
}

/// Name prefixes of NDIS, kernel and HAL routines.
const SYSTEM_PREFIXES: [&str; 10] = [
    "Ndis", "Ke", "Kf", "Io", "Ex", "Mm", "Rtl", "Zw", "Nt", "Hal",
];

/// Issue 8: no other module calls an import. `imports` is private to `kernel`, so no
/// other module can call those functions; this also keeps anyone from declaring NDIS,
/// kernel or HAL imports elsewhere.
#[test]
fn only_the_kernel_module_declares_imports() {
    fn visit(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                visit(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = workspace_root();
    let mut files = Vec::new();
    visit(&root.join("driver"), &mut files);
    visit(&root.join("offload-tree/src"), &mut files);
    let kernel = root.join("driver/kernel");
    for file in files.iter().filter(|f| !f.starts_with(&kernel)) {
        let source = fs::read_to_string(file).expect("readable source");
        assert!(
            !source.contains("#[link("),
            "{}: #[link] outside driver/kernel",
            file.display()
        );
        // Extern blocks without #[link] (lib.rs's deliberate link-failure symbol) are
        // allowed, but none may name a system routine.
        for line in source.lines() {
            let line = line.trim_start();
            if let Some(rest) = line
                .strip_prefix("fn ")
                .or_else(|| line.strip_prefix("pub fn "))
            {
                let is_decl = line.trim_end().ends_with(';');
                assert!(
                    !(is_decl && SYSTEM_PREFIXES.iter().any(|p| rest.starts_with(p))),
                    "{}: declares a system routine outside driver/kernel: {line}",
                    file.display()
                );
            }
        }
    }
}
