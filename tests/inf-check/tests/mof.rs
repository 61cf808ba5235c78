//! The WMI class of the IM's counters (driver/chimney_im.mof, issue 10) and the
//! structure the custom OID returns (`CHIMNEY_IM_STATISTICS` in
//! driver/offload/counters.rs) describe the same bytes: the class's GUID is the one
//! the driver maps to its OID, and its data items, by WmiDataId, have the structure's
//! member names, order, widths and array lengths. Each side is read from its own file,
//! so a member added, moved or retyped on one side only fails here.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (name, WMI type, array length or 0) of one data item.
type Item = (String, String, usize);

/// The data items of the MOF class, in WmiDataId order (ids must run 1, 2, ...).
fn mof_items(mof: &str) -> Vec<Item> {
    let mut items: Vec<(usize, Item)> = Vec::new();
    for line in mof.lines() {
        let Some(at) = line.find("WmiDataId(") else {
            continue;
        };
        let id: usize = line[at + 10..]
            .split(')')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a WmiDataId number");
        // The qualifier list ends with the Description string: `…")] type name;`.
        let decl = line
            .split_once("\")] ")
            .map(|(_, d)| d)
            .expect("a declaration after the qualifiers");
        let decl = decl.trim().trim_end_matches(';');
        let mut words = decl.split_whitespace();
        let ty = words.next().expect("a type").to_owned();
        let name = words.next().expect("a name");
        let (name, len) = match name.split_once('[') {
            Some((n, rest)) => (
                n.to_owned(),
                rest.trim_end_matches(']').parse().expect("an array length"),
            ),
            None => (name.to_owned(), 0),
        };
        items.push((id, (name, ty, len)));
    }
    items.sort_by_key(|(id, _)| *id);
    for (i, (id, _)) in items.iter().enumerate() {
        assert_eq!(*id, i + 1, "WmiDataId must run 1, 2, ... without gaps");
    }
    items.into_iter().map(|(_, item)| item).collect()
}

/// The members of `CHIMNEY_IM_STATISTICS` as the MOF would type them.
fn struct_items(source: &str) -> Vec<Item> {
    let start = source
        .find("pub struct CHIMNEY_IM_STATISTICS {")
        .expect("the structure");
    let body = &source[start..];
    let body = &body[..body.find("\n}").expect("its end")];
    body.lines()
        .skip(1)
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .map(|l| {
            let (name, ty) = l
                .trim_end_matches(',')
                .split_once(": ")
                .expect("name: type");
            let wmi = |t: &str| match t {
                "u32" => "uint32".to_owned(),
                "u64" => "uint64".to_owned(),
                other => panic!("no WMI type for {other}"),
            };
            match ty.strip_prefix('[') {
                Some(arr) => {
                    let (elem, len) = arr.trim_end_matches(']').split_once("; ").expect("[T; N]");
                    (name.to_owned(), wmi(elem), len.parse().expect("N"))
                }
                None => (name.to_owned(), wmi(ty), 0),
            }
        })
        .collect()
}

/// The 16 bytes of `GUID_CHIMNEY_IM_STATISTICS` in the source, as a GUID string.
fn source_guid(source: &str) -> String {
    let start = source
        .find("pub const GUID_CHIMNEY_IM_STATISTICS: [u8; 16] = [")
        .expect("the GUID constant");
    let body = &source[start..];
    let body = &body[body.find('=').expect("=") + 1..body.find("];").expect("];")];
    let bytes: Vec<u8> = body
        .split(',')
        .map(|t| t.trim().trim_start_matches('[').trim())
        .filter(|t| !t.is_empty())
        .map(|t| u8::from_str_radix(t.trim_start_matches("0x"), 16).expect("a byte"))
        .collect();
    assert_eq!(bytes.len(), 16);
    format!(
        "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{}",
        u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
        u16::from_le_bytes([bytes[4], bytes[5]]),
        u16::from_le_bytes([bytes[6], bytes[7]]),
        bytes[8],
        bytes[9],
        bytes[10..].iter().fold(String::new(), |mut hex, b| {
            use std::fmt::Write as _;
            let _ = write!(hex, "{b:02x}");
            hex
        })
    )
}

#[test]
fn the_mof_class_describes_the_statistics_structure() {
    let mof = fs::read_to_string(root().join("driver/chimney_im.mof")).expect("the MOF");
    let source =
        fs::read_to_string(root().join("driver/offload/counters.rs")).expect("counters.rs");
    let items = mof_items(&mof);
    assert!(items.len() > 10, "{items:?}");
    assert_eq!(items, struct_items(&source));
    let guid = source_guid(&source);
    assert!(
        mof.contains(&format!("guid(\"{{{guid}}}\")")),
        "the class GUID is {guid}"
    );
    assert!(mof.contains("class ChimneyIm_Statistics"));
    assert!(mof.contains("[key, read] string InstanceName;"));
    assert!(mof.contains("[read] boolean Active;"));
    assert!(mof.contains(r#"#pragma namespace("\\\\.\\root\\wmi")"#));
}

#[test]
fn the_package_flow_ships_the_mof() {
    let make = fs::read_to_string(root().join("Makefile.toml")).expect("Makefile.toml");
    assert!(make.contains("driver/chimney_im.mof"));
    let package = &make[make.find("[tasks.package-driver]").expect("package task")..];
    assert!(package.contains("\"copy-mof-to-output\""));
}
