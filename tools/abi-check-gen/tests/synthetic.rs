//! The generator on a synthetic header, for the Windows targets (x64 and x86), with
//! Debian's libclang: the generated assertions are compiled with `rustc` next to
//! hand-written Rust types. A matching set compiles; a set with one member type changed
//! fails to compile with an assertion message naming the type and the member.
//!
//! Requires libclang (`.ci/abi-gen-deps.sh` installs it) and the rustup targets
//! `x86_64-pc-windows-msvc` and `i686-pc-windows-msvc`. Nothing is skipped: a missing
//! prerequisite fails the test with a message saying what to install.

use std::path::{Path, PathBuf};
use std::process::Command;

use abi_check_gen::{Options, TypeExpectation, layout_source};

/// The hand-written transcription of `fixtures/synthetic.h`, with the project's
/// naming conventions (anonymous union -> `Send`, its anonymous struct -> `Data`,
/// bit-field storage units -> `WindScale`, `VlanIdUnit`).
const RUST_TYPES: &str = r"
use core::ffi::c_void;
pub type PVOID = *mut c_void;
pub type ULONG64 = u64;

pub struct BitField { pub shift: u32, pub width: u32 }

#[repr(C)]
pub struct SYN_HEADER { pub Type: u8, pub Revision: u8, pub Size: u16 }

#[repr(C)]
#[derive(Clone, Copy)]
pub struct SYN_BLOCK_DATA { pub Head: PVOID, pub Tail: PVOID }

#[repr(C)]
pub union SYN_BLOCK_SEND { pub Data: SYN_BLOCK_DATA, pub BacklogSize: u32 }

#[repr(C)]
pub struct SYN_BLOCK_RETRANSMIT { pub Count: u8, pub TimeoutDelta: u32 }

#[repr(C)]
pub struct SYN_BLOCK {
    pub Header: SYN_HEADER,
    pub Next: *mut SYN_BLOCK,
    pub Context: PVOID,
    pub Send: SYN_BLOCK_SEND,
    pub Retransmit: SYN_BLOCK_RETRANSMIT,
    pub WindScale: u8,
    pub RemoteMss: u16,
    pub Bytes: ULONG64,
    pub VlanIdUnit: u32,
}

impl SYN_BLOCK {
    pub const SND_WIND_SCALE: BitField = BitField { shift: 0, width: 4 };
    pub const RCV_WIND_SCALE: BitField = BitField { shift: 4, width: 4 };
    pub const VLAN_ID: BitField = BitField { shift: 0, width: 12 };
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct SYN_SLIST_S { pub Next: PVOID, pub Depth: u16 }

#[repr(C)]
pub union SYN_SLIST { pub Alignment: ULONG64, pub s: SYN_SLIST_S }
";

/// The expectation list, written the way the project's layout examples are.
const LAYOUT_SOURCE: &str = r#"
fn structs(o: &mut Out) {
    strukt!(o, SYN_HEADER);
    field!(o, SYN_HEADER, "Type", Type: u8);
    field!(o, SYN_HEADER, "Revision", Revision: u8);
    field!(o, SYN_HEADER, "Size", Size: u16);

    strukt!(o, SYN_BLOCK);
    field!(o, SYN_BLOCK, "Header", Header: SYN_HEADER);
    field!(o, SYN_BLOCK, "Next", Next: *mut SYN_BLOCK);
    field!(o, SYN_BLOCK, "Context", Context: PVOID);
    union_field!(o, SYN_BLOCK, "Head", Send.Data.Head: PVOID);
    union_field!(o, SYN_BLOCK, "Tail", Send.Data.Tail: PVOID);
    union_field!(o, SYN_BLOCK, "BacklogSize", Send.BacklogSize: u32);
    field!(o, SYN_BLOCK, "Retransmit.Count", Retransmit.Count: u8);
    field!(o, SYN_BLOCK, "Retransmit.TimeoutDelta", Retransmit.TimeoutDelta: u32);
    bits!(o, SYN_BLOCK, "SndWindScale", WindScale: u8, SYN_BLOCK::SND_WIND_SCALE);
    bits!(o, SYN_BLOCK, "RcvWindScale", WindScale: u8, SYN_BLOCK::RCV_WIND_SCALE);
    field!(o, SYN_BLOCK, "RemoteMss", RemoteMss: u16);
    field!(o, SYN_BLOCK, "Bytes", Bytes: ULONG64);
    type B = SYN_BLOCK;
    bits!(o, SYN_BLOCK, "VlanId", VlanIdUnit: u32, B::VLAN_ID);

    strukt!(o, SYN_SLIST);
    union_field!(o, SYN_SLIST, "Alignment", Alignment: ULONG64);
    #[cfg(target_pointer_width = "64")]
    {
        union_field!(o, SYN_SLIST, "Next", s.Next: PVOID);
    }
    #[cfg(not(target_pointer_width = "64"))]
    union_field!(o, SYN_SLIST, "Depth", s.Depth: u16);
}
"#;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthetic.h")
}

fn expectations() -> Vec<TypeExpectation> {
    layout_source::parse(LAYOUT_SOURCE, "crate::types").expect("layout source parses")
}

fn generate(target: &str) -> String {
    let options = Options {
        headers: vec![fixture()],
        clang_args: vec![format!("--target={target}"), "-fms-extensions".to_owned()],
        target_cfg: abi_check_gen::target_cfg(target),
    };
    match abi_check_gen::generate(&options, &expectations()) {
        Ok(src) => src,
        Err(e) => panic!(
            "abi-check-gen failed for {target}: {e}\n\
             (libclang is required: run .ci/abi-gen-deps.sh, i.e. apt-get install libclang-dev clang)"
        ),
    }
}

/// Compiles `types` + the generated assertions as a `no_std` library for `target`
/// (metadata only: const items are evaluated, nothing is linked). Returns rustc's
/// success flag and stderr.
fn compile(name: &str, target: &str, types: &str, generated: &str) -> (bool, String) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("abi-check-gen-{name}-{target}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("wdk_abi_check.rs"), generated).expect("write generated");
    let lib = format!(
        "#![no_std]\n#![allow(non_snake_case, non_camel_case_types, dead_code)]\n\
         pub mod types {{\n{types}\n}}\n\
         mod abi_check {{\n    include!(\"wdk_abi_check.rs\");\n}}\n"
    );
    std::fs::write(dir.join("lib.rs"), lib).expect("write lib.rs");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let out = Command::new(rustc)
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
        .arg(&dir)
        .arg(dir.join("lib.rs"))
        .output()
        .expect("run rustc");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("can't find crate for `core`"),
        "rustup target {target} is missing (rustup target add {target}):\n{stderr}"
    );
    (out.status.success(), stderr)
}

#[test]
fn parser_reads_layout_statements() {
    let e = expectations();
    let names: Vec<&str> = e.iter().map(|t| t.c_type.as_str()).collect();
    assert_eq!(names, ["SYN_HEADER", "SYN_BLOCK", "SYN_SLIST"]);
    let block = &e[1];
    assert_eq!(block.rust_type, "crate::types::SYN_BLOCK");
    let vlan = block
        .fields
        .iter()
        .find(|f| f.c_path == "VlanId")
        .expect("VlanId");
    assert_eq!(vlan.rust_path, "VlanIdUnit");
    assert_eq!(
        vlan.bits_expr.as_deref(),
        Some("crate::types::SYN_BLOCK::VLAN_ID")
    );
    let head = block
        .fields
        .iter()
        .find(|f| f.c_path == "Head")
        .expect("Head");
    assert!(head.rust_through_union);
    assert_eq!(head.rust_path, "Send.Data.Head");
    let next = e[2]
        .fields
        .iter()
        .find(|f| f.c_path == "Next")
        .expect("Next");
    assert_eq!(next.cfg.as_deref(), Some("target_pointer_width = \"64\""));
}

#[test]
fn matching_types_compile_x64_and_x86() {
    for target in ["x86_64-pc-windows-msvc", "i686-pc-windows-msvc"] {
        let generated = generate(target);
        // The mapping of anonymous members and bit-fields, as the generator resolved it.
        assert!(
            generated
                .contains("offset_of!(wdk::SYN_BLOCK, __bindgen_anon_1.__bindgen_anon_1.Head)"),
            "anonymous union/struct not mapped:\n{generated}"
        );
        assert!(generated.contains("offset_of!(wdk::SYN_BLOCK, _bitfield_1)"));
        assert!(generated.contains("offset_of!(wdk::SYN_BLOCK, _bitfield_2)"));
        let (ok, stderr) = compile("match", target, RUST_TYPES, &generated);
        assert!(ok, "{target}: matching types must compile:\n{stderr}");
        println!(
            "{target}: {} assertions compiled",
            generated.matches("const _: ()").count()
        );
    }
}

#[test]
fn changed_member_type_fails_naming_the_member() {
    // RemoteMss: USHORT in C, u32 in Rust. On x64 the padding before the 8-aligned
    // `Bytes` absorbs the growth, so the type's size is unchanged and only the member
    // checks catch it; on x86 the later members move as well.
    let broken = RUST_TYPES.replace("pub RemoteMss: u16", "pub RemoteMss: u32");
    assert_ne!(broken, RUST_TYPES);
    for target in ["x86_64-pc-windows-msvc", "i686-pc-windows-msvc"] {
        let generated = generate(target);
        let (ok, stderr) = compile("mismatch", target, &broken, &generated);
        println!("--- {target}: rustc on the deliberate mismatch ---\n{stderr}");
        assert!(!ok, "{target}: the mismatch must not compile");
        assert!(
            stderr.contains(
                "WDK ABI mismatch: size of crate::types::SYN_BLOCK.RemoteMss != sizeof(SYN_BLOCK.RemoteMss)"
            ),
            "{target}: the error must name the member:\n{stderr}"
        );
        assert!(
            target.starts_with("i686") || !stderr.contains("size_of::<crate::types::SYN_BLOCK>()"),
            "{target}: the struct size is unchanged, only the member check may fire:\n{stderr}"
        );
    }
}

#[test]
fn wrong_bit_position_fails() {
    let broken = RUST_TYPES.replace(
        "RCV_WIND_SCALE: BitField = BitField { shift: 4",
        "RCV_WIND_SCALE: BitField = BitField { shift: 3",
    );
    assert_ne!(broken, RUST_TYPES);
    let generated = generate("x86_64-pc-windows-msvc");
    let (ok, stderr) = compile("bits", "x86_64-pc-windows-msvc", &broken, &generated);
    assert!(!ok, "a wrong bit position must not compile");
    assert!(
        stderr.contains("WDK ABI mismatch: bit position of crate::types::SYN_BLOCK::WindScale"),
        "{stderr}"
    );
}

#[test]
fn unknown_member_is_an_error() {
    let mut e = expectations();
    e[0].fields
        .push(abi_check_gen::FieldExpectation::new("Size", "NoSuchMember"));
    let options = Options {
        headers: vec![fixture()],
        clang_args: vec![
            "--target=x86_64-pc-windows-msvc".to_owned(),
            "-fms-extensions".to_owned(),
        ],
        target_cfg: Vec::new(),
    };
    let err = abi_check_gen::generate(&options, &e).expect_err("an unknown member must fail");
    assert!(err.to_string().contains("SYN_HEADER.NoSuchMember"), "{err}");
}
