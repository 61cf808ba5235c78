//! The project's real expectation lists: both layout examples parse, and every
//! (type, member) pair of `offload-tree/examples/layout.rs` resolves in a header with
//! the WDK's names (the mingw-w64 C transcription `offload-tree/abi-check/chimney_abi.h`,
//! parsed by libclang for the Windows MSVC targets). This is the same lookup the
//! Windows build does against the WDK's ndischimney.h; only the header differs.

use std::path::{Path, PathBuf};

use abi_check_gen::{Options, layout_source};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse(file: &str, prefix: &str) -> Vec<abi_check_gen::TypeExpectation> {
    let src = std::fs::read_to_string(repo().join(file)).expect("read layout example");
    layout_source::parse(&src, prefix).expect("layout example parses")
}

#[test]
fn both_layout_examples_parse() {
    let ndis = parse("examples/ndis_layout.rs", "crate::ndis");
    let tree = parse("offload-tree/examples/layout.rs", "offload_tree::abi");
    let count =
        |v: &[abi_check_gen::TypeExpectation]| v.iter().map(|t| t.fields.len()).sum::<usize>();
    println!(
        "ndis_layout.rs: {} types, {} members; layout.rs: {} types, {} members",
        ndis.len(),
        count(&ndis),
        tree.len(),
        count(&tree)
    );
    assert!(ndis.len() > 30 && tree.len() > 30);
    let delegated = tree
        .iter()
        .find(|t| t.c_type == "TCP_OFFLOAD_STATE_DELEGATED")
        .expect("TCP_OFFLOAD_STATE_DELEGATED listed");
    let head = delegated
        .fields
        .iter()
        .find(|f| f.c_path == "SendDataHead")
        .expect("SendDataHead listed");
    assert_eq!(head.rust_path, "Send.Data.SendDataHead");
    assert!(head.rust_through_union);
    let slist = ndis
        .iter()
        .find(|t| t.c_type == "SLIST_HEADER")
        .expect("SLIST_HEADER");
    assert!(
        slist.fields.iter().all(|f| f.cfg.is_some()),
        "SLIST_HEADER members are per pointer width"
    );
}

#[test]
fn offload_tree_expectations_resolve_in_a_wdk_named_header() {
    let tree = parse("offload-tree/examples/layout.rs", "offload_tree::abi");
    let header = repo().join("offload-tree/abi-check/chimney_abi.h");
    for target in ["x86_64-pc-windows-msvc", "i686-pc-windows-msvc"] {
        let options = Options {
            headers: vec![header.clone()],
            // chimney_abi.h insists on a mingw compiler; its layout rules are MSVC's.
            clang_args: vec![
                format!("--target={target}"),
                "-fms-extensions".to_owned(),
                "-D__MINGW32__=1".to_owned(),
            ],
            target_cfg: abi_check_gen::target_cfg(target),
        };
        let generated = abi_check_gen::generate(&options, &tree).unwrap_or_else(|e| {
            panic!("{target}: {e}\n(libclang is required: .ci/abi-gen-deps.sh)")
        });
        assert!(generated.contains(
            "offset_of!(wdk::TCP_OFFLOAD_STATE_DELEGATED, __bindgen_anon_1.__bindgen_anon_1.SendDataHead)"
        ));
        println!(
            "{target}: {} assertions for {} types",
            generated.matches("const _: ()").count(),
            tree.len()
        );
    }
}

/// Type-checks `package` for `target` in a private target directory and returns the
/// path of its `.rmeta`.
fn rmeta(package: &str, target: &str) -> PathBuf {
    let lib = format!("lib{}", package.replace('-', "_"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("abi-check-gen-deps");
    let out = std::process::Command::new(cargo)
        .current_dir(repo())
        .args([
            "check",
            "--offline",
            "-q",
            "-p",
            package,
            "--lib",
            "--target",
            target,
        ])
        .args(["--message-format", "json", "--target-dir"])
        .arg(&target_dir)
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo check -p {package} --target {target} failed (rustup target add {target}?):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = stdout
        .lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\"") && l.contains(&lib))
        .flat_map(|l| l.split('"'))
        .find(|s| {
            s.contains(&lib)
                && Path::new(s)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("rmeta"))
        });
    let Some(found) = found else {
        panic!(
            "{package} rmeta not in cargo's output:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    };
    PathBuf::from(found)
}

/// The generated assertions for the real offload-tree types against the C transcription,
/// compiled for both Windows targets: the whole chain the Windows build runs, with
/// chimney_abi.h standing in for the WDK's ndischimney.h.
#[test]
fn offload_tree_assertions_compile_against_the_c_transcription() {
    let tree = parse("offload-tree/examples/layout.rs", "offload_tree::abi");
    let header = repo().join("offload-tree/abi-check/chimney_abi.h");
    for target in ["x86_64-pc-windows-msvc", "i686-pc-windows-msvc"] {
        let options = Options {
            headers: vec![header.clone()],
            clang_args: vec![
                format!("--target={target}"),
                "-fms-extensions".to_owned(),
                "-D__MINGW32__=1".to_owned(),
            ],
            target_cfg: abi_check_gen::target_cfg(target),
        };
        let generated = abi_check_gen::generate(&options, &tree).expect("generate");
        let rmeta = rmeta("offload-tree", target);
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("abi-check-gen-tree-{target}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("wdk_abi_check.rs"), &generated).expect("write");
        std::fs::write(
            dir.join("lib.rs"),
            "#![no_std]\nmod abi_check {\n    include!(\"wdk_abi_check.rs\");\n}\n",
        )
        .expect("write");
        let deps = rmeta.parent().expect("deps dir");
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
        let out = std::process::Command::new(rustc)
            .args([
                "--edition",
                "2024",
                "--crate-type",
                "lib",
                "--crate-name",
                "tree_probe",
            ])
            .args([
                "--target",
                target,
                "--emit",
                "metadata",
                "-D",
                "warnings",
                "--out-dir",
            ])
            .arg(&dir)
            .arg("--extern")
            .arg(format!("offload_tree={}", rmeta.display()))
            .arg("-L")
            .arg(format!("dependency={}", deps.display()))
            .arg(dir.join("lib.rs"))
            .output()
            .expect("run rustc");
        assert!(
            out.status.success(),
            "{target}: offload-tree vs chimney_abi.h assertions failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "{target}: {} assertions on offload-tree's types hold",
            generated.matches("const _: ()").count()
        );
    }
}

/// Compiles `dir/lib.rs` (metadata only) against one dependency; returns rustc's
/// stderr, empty on success.
fn compile_probe(dir: &Path, target: &str, krate: &str, rmeta: &Path, deps: &Path) -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let out = std::process::Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--crate-name",
            "abi_probe",
        ])
        .args([
            "--target",
            target,
            "--emit",
            "metadata",
            "-D",
            "warnings",
            "--out-dir",
        ])
        .arg(dir)
        .arg("--extern")
        .arg(format!("{krate}={}", rmeta.display()))
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg(dir.join("lib.rs"))
        .output()
        .expect("run rustc");
    if out.status.success() {
        String::new()
    } else {
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

/// The kernel-header types of driver/ndis: the C side of those is ndis_abi_km.c.
const KM_TYPES: [&str; 5] = [
    "NDIS_SPIN_LOCK",
    "DISPATCHER_HEADER",
    "KEVENT",
    "NDIS_EVENT",
    "MDL",
];

/// The generated assertions for every type `examples/ndis_layout.rs` lists, against
/// the driver/ndis C cross-check sources (mingw-w64's own headers plus the WDK
/// transcriptions in ndis_abi_um.c / ndis_abi_km.c), compiled next to the real
/// `chimney_im::ndis` types for x64 and x86. libclang targets `*-w64-windows-gnu` with
/// `-mms-bitfields` here (mingw-w64's headers reject the MSVC target); the layout rules
/// are MSVC's either way.
#[test]
fn ndis_assertions_compile_against_the_c_cross_check_sources() {
    let ndis = parse("examples/ndis_layout.rs", "chimney_im::ndis");
    let (km, um): (Vec<_>, Vec<_>) = ndis
        .into_iter()
        .partition(|t| KM_TYPES.contains(&t.c_type.as_str()));
    let src = repo().join("driver/ndis/abi-check");
    let mingw = Path::new("/usr/share/mingw-w64/include");
    assert!(
        mingw.is_dir(),
        "mingw-w64 headers missing: apt-get install gcc-mingw-w64-x86-64 (.ci/run installs it)"
    );
    for (arch, target) in [
        ("x86_64", "x86_64-pc-windows-msvc"),
        ("i686", "i686-pc-windows-msvc"),
    ] {
        let run = |file: &str, extra: &[String], list: &[abi_check_gen::TypeExpectation]| {
            let mut clang_args = vec![
                format!("--target={arch}-w64-windows-gnu"),
                "-fms-extensions".to_owned(),
                "-mms-bitfields".to_owned(),
                "-Wno-pragma-pack".to_owned(),
                "-Wno-microsoft-anon-tag".to_owned(),
                format!("-I{}", mingw.display()),
                format!("-I{}", src.display()),
            ];
            clang_args.extend_from_slice(extra);
            let options = Options {
                headers: vec![src.join(file)],
                clang_args,
                target_cfg: abi_check_gen::target_cfg(target),
            };
            abi_check_gen::generate(&options, list)
                .unwrap_or_else(|e| panic!("{target} {file}: {e}"))
        };
        let um_gen = run("ndis_abi_um.c", &[], &um);
        let km_gen = run(
            "ndis_abi_km.c",
            &[format!("-I{}", mingw.join("ddk").display())],
            &km,
        );
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("abi-check-gen-ndis-{target}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("um.rs"), &um_gen).expect("write");
        std::fs::write(dir.join("km.rs"), &km_gen).expect("write");
        std::fs::write(
            dir.join("lib.rs"),
            "#![no_std]\nmod um {\n    include!(\"um.rs\");\n}\nmod km {\n    include!(\"km.rs\");\n}\n",
        )
        .expect("write");
        let rmeta = rmeta("chimney-im", target);
        let deps = rmeta.parent().expect("deps dir");
        let stderr = compile_probe(&dir, target, "chimney_im", &rmeta, deps);
        assert!(
            stderr.is_empty(),
            "{target}: chimney_im::ndis vs C assertions failed:\n{stderr}"
        );
        println!(
            "{target}: {} assertions on chimney_im::ndis types hold",
            um_gen.matches("const _: ()").count() + km_gen.matches("const _: ()").count()
        );
    }
}
