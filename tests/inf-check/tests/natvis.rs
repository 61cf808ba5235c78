//! The natvis views (driver/chimney_im.natvis) name real types and fields: every
//! `<Type Name>` is a Rust type of the driver crate, every expression's first field is a
//! field of that type in the source, and the views cover at least the types a person
//! inspects in WinDbg (issue 8: bindings/velans, the flight recorder and its slots,
//! drains). A field renamed in Rust without the natvis following fails this test.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn natvis() -> String {
    fs::read_to_string(root().join("driver/chimney_im.natvis")).expect("driver/chimney_im.natvis")
}

/// (type name, inner XML) of every `<Type>` element.
fn types(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<Type Name=\"") {
        let after = &rest[start + 12..];
        let name_end = after.find('"').expect("closing quote");
        let name = after[..name_end].replace("&lt;", "<").replace("&gt;", ">");
        let body_end = after.find("</Type>").expect("closing </Type>");
        out.push((name, after[name_end..body_end].to_owned()));
        rest = &after[body_end..];
    }
    out
}

/// The Rust source file and struct name for `chimney_im::a::b::Name<..>`.
fn source_of(type_name: &str) -> (PathBuf, String) {
    let path = type_name.split('<').next().unwrap_or_default();
    let parts: Vec<&str> = path.split("::").collect();
    assert_eq!(
        parts.first(),
        Some(&"chimney_im"),
        "{type_name}: not a chimney-im type"
    );
    let (name, modules) = parts[1..].split_last().expect("a type name");
    let base = root().join("driver").join(modules.join("/"));
    let file = if base.with_extension("rs").exists() {
        base.with_extension("rs")
    } else {
        base.join("mod.rs")
    };
    (file, (*name).to_owned())
}

/// The body of `struct name { .. }` in `source`.
fn struct_body(source: &str, name: &str) -> Option<String> {
    let needle = format!("pub struct {name}");
    // The name must end there (`Offload` is not `OffloadStats`).
    let start = source.match_indices(&needle).map(|(i, _)| i).find(|&i| {
        source[i + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| !(c.is_alphanumeric() || c == '_'))
    })?;
    let open = start + source[start..].find('{')?;
    let mut depth = 0;
    for (i, c) in source[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(source[open..open + i].to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

/// The first identifier of every expression in a view: text of `{..}` in display
/// strings, and the bodies of Item/ExpandedItem/Condition/InitialValue.
fn first_fields(body: &str) -> BTreeSet<String> {
    let mut exprs = Vec::new();
    for (open, close) in [("<Item", "</Item>"), ("<ExpandedItem>", "</ExpandedItem>")] {
        let mut rest = body;
        while let Some(s) = rest.find(open) {
            let tail = &rest[s..];
            let gt = tail.find('>').expect("tag end") + 1;
            let end = tail.find(close).expect("closing tag");
            exprs.push(tail[gt..end].to_owned());
            rest = &tail[end..];
        }
    }
    for attr in ["Condition=\"", "InitialValue=\""] {
        let mut rest = body;
        while let Some(s) = rest.find(attr) {
            let tail = &rest[s + attr.len()..];
            let end = tail.find('"').expect("attribute end");
            exprs.push(tail[..end].to_owned());
            rest = &tail[end..];
        }
    }
    let mut rest = body;
    while let Some(s) = rest.find("<DisplayString") {
        let tail = &rest[s..];
        let gt = tail.find('>').expect("tag end") + 1;
        let end = tail.find("</DisplayString>").expect("closing tag");
        let text = &tail[gt..end];
        for piece in text.split('{').skip(1) {
            exprs.push(piece.split('}').next().unwrap_or_default().to_owned());
        }
        rest = &tail[end..];
    }
    let mut fields = BTreeSet::new();
    for e in exprs {
        let e = e
            .replace("&gt;", ">")
            .replace("&lt;", "<")
            .replace("&amp;", "&");
        // Drop a leading cast `(type)` and a trailing format specifier `,x`.
        let e = match e.find(')') {
            Some(p) if e.starts_with('(') => e[p + 1..].to_owned(),
            _ => e,
        };
        let e = e.split(',').next().unwrap_or_default();
        for token in e.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')) {
            let first = token.split('.').next().unwrap_or_default();
            let is_ident = first
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_');
            // Loop variables of CustomListItems are single letters.
            if is_ident && first.len() > 1 {
                fields.insert(first.to_owned());
            }
        }
    }
    fields
}

#[test]
fn every_type_and_field_named_exists_in_the_rust_sources() {
    let xml = natvis();
    let all = types(&xml);
    assert!(!all.is_empty(), "no <Type> in the natvis");
    for (name, body) in &all {
        let (file, struct_name) = source_of(name);
        let source =
            fs::read_to_string(&file).unwrap_or_else(|e| panic!("{name}: {}: {e}", file.display()));
        let fields = struct_body(&source, &struct_name).unwrap_or_else(|| {
            panic!(
                "{name}: no `pub struct {struct_name}` in {}",
                file.display()
            )
        });
        for field in first_fields(body) {
            let declared =
                fields.contains(&format!("{field}:")) || fields.contains(&format!("{field} :"));
            assert!(
                declared,
                "{name}: natvis names `{field}`, which {struct_name} in {} does not have",
                file.display()
            );
        }
    }
}

#[test]
fn the_views_cover_what_a_person_inspects() {
    let names: BTreeSet<String> = types(&natvis())
        .into_iter()
        .map(|(n, _)| n.split('<').next().unwrap_or_default().to_owned())
        .collect();
    for required in [
        "chimney_im::offload::Offload",
        "chimney_im::offload::table::Entry",
        "chimney_im::offload::table::CallEntry",
        "chimney_im::binding::Binding",
        "chimney_im::recorder::Recorder",
        "chimney_im::recorder::Slot",
        "chimney_im::sync::Drain",
    ] {
        assert!(names.contains(required), "no natvis view for {required}");
    }
}

#[test]
fn the_natvis_is_embedded_in_the_pdb() {
    let lib = fs::read_to_string(root().join("driver/lib.rs")).expect("driver/lib.rs");
    assert!(
        lib.contains("debugger_visualizer(natvis_file = \"chimney_im.natvis\")"),
        "driver/lib.rs must embed the natvis"
    );
}

#[test]
fn the_checker_catches_a_wrong_field() {
    let bad = "<Type Name=\"chimney_im::recorder::Slot\"><DisplayString>{no_such_field.v.value}</DisplayString></Type>";
    let (_, body) = types(bad).pop().expect("one type");
    assert!(first_fields(&body).contains("no_such_field"));
}
