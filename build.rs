//! Build script of the driver package.
//!
//! Without the `kernel` feature (every Linux build, the simulator, the Windows-target
//! type checks) it does nothing, and neither wdk-build nor bindgen is compiled: both are
//! optional build-dependencies enabled only by `kernel`.
//!
//! With `kernel`, for a Windows target, on a Windows host with the WDK installed:
//!
//! 1. `wdk_build::configure_wdk_binary_build()` emits the WDM kernel link arguments and
//!    libraries (x64; wdk-build 0.5 has no x86 support, see `kernel::x86_link`);
//! 2. `ndis.lib` is linked (wdk-build links ntoskrnl, hal, wmilib and
//!    BufferOverflowFastFailK, but not NDIS);
//! 3. the ABI check: abi-check-gen runs bindgen over the WDK's `ndis.h` and
//!    `ndischimney.h` (NDIS 6.30 defines, the current target's architecture) and writes
//!    `$OUT_DIR/wdk_abi_check.rs`, compile-time assertions that every type listed by the
//!    layout examples (`examples/ndis_layout.rs`, `offload-tree/examples/layout.rs`)
//!    has the WDK's size, alignment, member offsets and member sizes.
//!    `driver/abi_check.rs` includes that file, so a mismatch fails the build.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "kernel")]
    kernel::main();
}

#[cfg(feature = "kernel")]
mod kernel {
    use std::env;
    use std::path::{Path, PathBuf};

    use abi_check_gen::{Options, layout_source};

    /// The layout examples that list every checked (type, member) pair, and the Rust
    /// path their types have from inside `driver/abi_check.rs`.
    const LAYOUT_SOURCES: [(&str, &str); 2] = [
        ("examples/ndis_layout.rs", "crate::ndis"),
        ("offload-tree/examples/layout.rs", "offload_tree::abi"),
    ];

    /// NDIS version and driver kind: an NDIS 6.30 intermediate driver is both a
    /// miniport (NDIS630_MINIPORT) and a protocol (NDIS630).
    const NDIS_DEFINES: [&str; 5] = [
        "NDIS_MINIPORT_DRIVER=1",
        "NDIS630=1",
        "NDIS630_MINIPORT=1",
        "NDIS_SUPPORT_NDIS6=1",
        "NDIS_SUPPORT_NDIS630=1",
    ];

    fn var(name: &str) -> String {
        println!("cargo::rerun-if-env-changed={name}");
        env::var(name).unwrap_or_default()
    }

    pub(super) fn main() {
        if var("CARGO_CFG_TARGET_OS") != "windows" {
            // The kernel feature only means something for the *-pc-windows-msvc targets.
            return;
        }
        require_windows_host();
        let arch = var("CARGO_CFG_TARGET_ARCH");
        let (target, include_dirs, arch_defines): (&str, Vec<PathBuf>, Vec<String>) =
            match arch.as_str() {
                #[cfg(windows)]
                "x86_64" => {
                    wdk_build::configure_wdk_binary_build()
                        .unwrap_or_else(|e| panic!("wdk_build::configure_wdk_binary_build: {e}"));
                    let config = wdk_build::Config::from_env_auto()
                        .unwrap_or_else(|e| panic!("wdk_build::Config::from_env_auto: {e}"));
                    let include: Vec<PathBuf> = config
                        .include_paths()
                        .unwrap_or_else(|e| panic!("WDK include paths: {e}"))
                        .collect();
                    let defines: Vec<String> = config
                        .preprocessor_definitions()
                        .map(|(k, v)| v.map_or_else(|| k.clone(), |v| format!("{k}={v}")))
                        .collect();
                    ("x86_64-pc-windows-msvc", include, defines)
                }
                "x86" => {
                    let root = x86::wdk_root();
                    let version = x86::sdk_version(&root);
                    x86::link(&root, &version);
                    let inc = root.join("Include").join(&version);
                    let include = vec![inc.join("km/crt"), inc.join("km"), inc.join("shared")];
                    let defines = ["_X86_=1", "i386=1", "STD_CALL", "_KERNEL_MODE"];
                    (
                        "i686-pc-windows-msvc",
                        include,
                        defines.iter().map(ToString::to_string).collect(),
                    )
                }
                other => panic!("chimney-im kernel build: unsupported target architecture {other}"),
            };
        println!("cargo::rustc-link-lib=ndis");
        abi_check(target, &include_dirs, &arch_defines);
    }

    /// wdk-build and the WDK exist only on Windows hosts.
    fn require_windows_host() {
        #[cfg(not(windows))]
        panic!(
            "the `kernel` feature builds the .sys and needs a Windows host with the WDK \
             (wdk-build and the ABI check read the WDK headers and libraries); on Linux, \
             build without it (see README: Linux checks and the rust-lld link)"
        );
    }

    fn abi_check(target: &str, include_dirs: &[PathBuf], arch_defines: &[String]) {
        let manifest = PathBuf::from(var("CARGO_MANIFEST_DIR"));
        let mut expectations = Vec::new();
        for (file, prefix) in LAYOUT_SOURCES {
            let path = manifest.join(file);
            println!("cargo::rerun-if-changed={}", path.display());
            let src = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            expectations.extend(
                layout_source::parse(&src, prefix)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            );
        }
        let mut clang_args = vec![format!("--target={target}")];
        #[cfg(windows)]
        clang_args.extend(wdk_build::Config::wdk_bindgen_compiler_flags());
        clang_args.extend(arch_defines.iter().map(|d| format!("-D{d}")));
        clang_args.extend(NDIS_DEFINES.iter().map(|d| format!("-D{d}")));
        clang_args.extend(include_dirs.iter().map(|d| format!("-I{}", d.display())));
        let options = Options {
            // ndis.h expects the kernel headers first; ndischimney.h expects ndis.h.
            headers: ["ntddk.h", "ndis.h", "ndischimney.h"]
                .iter()
                .map(PathBuf::from)
                .collect(),
            clang_args,
            target_cfg: abi_check_gen::target_cfg(target),
        };
        let generated = abi_check_gen::generate(&options, &expectations)
            .unwrap_or_else(|e| panic!("WDK ABI check for {target}: {e}"));
        let out = Path::new(&var("OUT_DIR")).join("wdk_abi_check.rs");
        std::fs::write(&out, generated).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }

    /// wdk-build 0.5 knows only amd64 and arm64 (its `Config` panics for x86), so the
    /// x86 build finds the WDK and emits the WDM link arguments itself, the same way.
    mod x86 {
        use std::path::{Path, PathBuf};
        use std::process::Command;

        /// `WDKContentRoot`, else the `KitsRoot10` registry value, else the default
        /// install folder.
        pub(super) fn wdk_root() -> PathBuf {
            if let Ok(root) = std::env::var("WDKContentRoot") {
                return PathBuf::from(root);
            }
            let reg = Command::new("reg")
                .args([
                    "query",
                    r"HKLM\SOFTWARE\Microsoft\Windows Kits\Installed Roots",
                    "/v",
                    "KitsRoot10",
                ])
                .output();
            if let Ok(out) = reg {
                let text = String::from_utf8_lossy(&out.stdout);
                if let Some(v) = text
                    .lines()
                    .find_map(|l| l.split_once("REG_SZ").map(|(_, v)| v.trim().to_owned()))
                {
                    return PathBuf::from(v);
                }
            }
            PathBuf::from(r"C:\Program Files (x86)\Windows Kits\10")
        }

        /// The newest `Include\10.*` folder that has `km\ndis.h`.
        pub(super) fn sdk_version(root: &Path) -> String {
            let include = root.join("Include");
            let mut versions: Vec<(Vec<u32>, String)> = std::fs::read_dir(&include)
                .unwrap_or_else(|e| panic!("{}: {e}", include.display()))
                .filter_map(Result::ok)
                .filter_map(|d| d.file_name().into_string().ok())
                .filter(|v| v.starts_with("10.") && include.join(v).join("km/ndis.h").is_file())
                .map(|v| (v.split('.').filter_map(|p| p.parse().ok()).collect(), v))
                .collect();
            versions.sort();
            versions
                .pop()
                .unwrap_or_else(|| panic!("no WDK with km\\ndis.h under {}", include.display()))
                .1
        }

        /// WDM link settings for x86 (what wdk-build emits for amd64; the x86 entry
        /// point is stdcall-decorated).
        pub(super) fn link(root: &Path, version: &str) {
            let lib = root.join("Lib").join(version).join("km/x86");
            assert!(lib.is_dir(), "no x86 kernel libraries at {}", lib.display());
            assert!(
                std::env::var("CARGO_CFG_TARGET_FEATURE")
                    .unwrap_or_default()
                    .split(',')
                    .any(|f| f == "crt-static"),
                "build with RUSTFLAGS=-C target-feature=+crt-static (as wdk-build requires)"
            );
            println!("cargo::rustc-link-search={}", lib.display());
            for l in ["BufferOverflowK", "ntoskrnl", "hal", "wmilib"] {
                println!("cargo::rustc-link-lib=static={l}");
            }
            for arg in [
                "/DRIVER",
                "/NODEFAULTLIB",
                "/SUBSYSTEM:NATIVE",
                "/KERNEL",
                "/ENTRY:DriverEntry@8",
                "/INTEGRITYCHECK",
                "/OPT:REF,ICF",
            ] {
                println!("cargo::rustc-cdylib-link-arg={arg}");
            }
        }
    }
}
