//! Generator of compile-time ABI assertions: hand-written `#[repr(C)]` types against
//! the C headers they transcribe (the WDK's `ndis.h` / `ndischimney.h` in the driver's
//! Windows build; a synthetic header in this crate's tests).
//!
//! [`generate`] runs bindgen (libclang loaded at run time) over the headers with the
//! given clang arguments (target triple, NDIS defines, include directories), keeps only
//! the type definitions bindgen produced, and emits a Rust source file made of
//!
//! * a private module `wdk` holding those bindgen types, and
//! * one `const _: () = assert!(...);` item per checked property: `size_of` and
//!   `align_of` of every expected type, `offset_of!` of every expected member, and the
//!   size of every member that is not reached through a union.
//!
//! Including the file in the crate that owns the hand-written types turns any layout
//! difference into a compile error whose message names the type and the member.
//!
//! How a C member name is found in bindgen's output (anonymous unions and structs,
//! bit-fields, keyword renames) is decided in one place: the `resolve` module.
//! Which members are checked comes from [`TypeExpectation`]s, written by hand or read
//! from the project's layout examples with [`layout_source::parse`].

pub mod layout_source;
mod resolve;

use std::fmt::{self, Write as _};
use std::path::PathBuf;

use quote::ToTokens;

/// One member of a [`TypeExpectation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldExpectation {
    /// Path of the member in the hand-written Rust type, as `offset_of!` takes it
    /// (`Header`, `KeepAlive.ProbeCount`, `Send.Data.SendDataHead`, `WindScale`).
    /// For a C bit-field this names the Rust storage unit that holds it.
    pub rust_path: String,
    /// The member as C code names it: anonymous unions and structs are transparent
    /// (`SendDataHead`), named members are separated by dots (`KeepAlive.ProbeCount`),
    /// a bit-field is its C name (`SndWindScale`).
    pub c_path: String,
    /// The Rust path is reached through a union on the Rust side: no member-size check
    /// is emitted (a raw projection through a union field needs `unsafe`).
    pub rust_through_union: bool,
    /// For a bit-field: a Rust expression with `shift` and `width` fields (the
    /// project's `BitField`); its values are compared with bindgen's bit position.
    pub bits_expr: Option<String>,
    /// `cfg` predicate that guards the assertions of this member, e.g.
    /// `target_pointer_width = "64"`.
    pub cfg: Option<String>,
}

impl FieldExpectation {
    /// A plain member whose Rust path and C name are given.
    #[must_use]
    pub fn new(rust_path: &str, c_path: &str) -> Self {
        Self {
            rust_path: rust_path.to_owned(),
            c_path: c_path.to_owned(),
            rust_through_union: false,
            bits_expr: None,
            cfg: None,
        }
    }
}

/// A hand-written Rust type and the C type it must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExpectation {
    /// Path of the Rust type as seen from where the generated file is included
    /// (`crate::ndis::NET_BUFFER_LIST`, `offload_tree::abi::TCP_OFFLOAD_STATE_CONST`).
    pub rust_type: String,
    /// The C type name (a typedef or a tag name as bindgen emits it).
    pub c_type: String,
    /// Members to check (size and alignment of the type are always checked).
    pub fields: Vec<FieldExpectation>,
    /// `cfg` predicate guarding every assertion of this type.
    pub cfg: Option<String>,
}

/// What to run bindgen on.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Headers, included in this order by a generated wrapper.
    pub headers: Vec<PathBuf>,
    /// Arguments passed to libclang: `--target=...`, `-D...`, `-I...`, `-fms-extensions`.
    pub clang_args: Vec<String>,
    /// The Rust `cfg` values of the target the assertions are for (see [`target_cfg`]):
    /// an expectation whose `cfg` is false for them is left out (its C member may not
    /// exist for this target, e.g. x64-only halves of `SLIST_HEADER`). Predicates over
    /// keys not listed here are kept, guarded by their `#[cfg]`.
    pub target_cfg: Vec<(String, String)>,
}

/// `cfg` values of a Rust target triple that the layout examples use:
/// `target_pointer_width`, `target_arch`, `target_os`.
#[must_use]
pub fn target_cfg(triple: &str) -> Vec<(String, String)> {
    let arch = triple.split('-').next().unwrap_or_default();
    let (arch, width) = match arch {
        "x86_64" => ("x86_64", "64"),
        "aarch64" => ("aarch64", "64"),
        "i686" | "i586" | "i386" => ("x86", "32"),
        other => (other, if other.contains("64") { "64" } else { "32" }),
    };
    let os = if triple.contains("windows") {
        "windows"
    } else {
        "unknown"
    };
    [
        ("target_pointer_width", width),
        ("target_arch", arch),
        ("target_os", os),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// Evaluates a `cfg` predicate against `values`; `None` when it uses other keys.
fn eval_cfg(pred: &str, values: &[(String, String)]) -> Option<bool> {
    fn eval(meta: &syn::Meta, values: &[(String, String)]) -> Option<bool> {
        match meta {
            syn::Meta::NameValue(nv) => {
                let key = nv.path.get_ident()?.to_string();
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(v),
                    ..
                }) = &nv.value
                else {
                    return None;
                };
                let known = values.iter().any(|(k, _)| *k == key);
                known.then(|| values.iter().any(|(k, val)| *k == key && *val == v.value()))
            }
            syn::Meta::List(l) => {
                let inner = l
                    .parse_args_with(
                        syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                    )
                    .ok()?;
                let results: Option<Vec<bool>> = inner.iter().map(|m| eval(m, values)).collect();
                let results = results?;
                if l.path.is_ident("not") {
                    (results.len() == 1).then(|| !results[0])
                } else if l.path.is_ident("all") {
                    Some(results.iter().all(|b| *b))
                } else if l.path.is_ident("any") {
                    Some(results.iter().any(|b| *b))
                } else {
                    None
                }
            }
            syn::Meta::Path(_) => None,
        }
    }
    if values.is_empty() {
        return None;
    }
    eval(&syn::parse_str::<syn::Meta>(pred).ok()?, values)
}

/// Why no assertions could be generated.
#[derive(Debug)]
pub enum Error {
    /// bindgen (or libclang) failed on the headers.
    Bindgen(String),
    /// bindgen's output could not be parsed back.
    Parse(String),
    /// Expected C types or members that the headers do not define, one message each.
    Unresolved(Vec<String>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bindgen(e) => write!(f, "bindgen failed: {e}"),
            Self::Parse(e) => write!(f, "cannot parse bindgen output: {e}"),
            Self::Unresolved(list) => {
                writeln!(f, "{} expectation(s) not found in the headers:", list.len())?;
                for l in list {
                    writeln!(f, "  {l}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

/// Name of the private module that holds bindgen's types in the generated file.
pub const BINDGEN_MODULE: &str = "wdk";

/// Runs bindgen over `options.headers` and returns its Rust output unchanged
/// (all the C types named by `expectations`, and what they depend on).
///
/// # Errors
/// [`Error::Bindgen`] when libclang cannot be loaded or the headers do not parse.
pub fn run_bindgen(options: &Options, expectations: &[TypeExpectation]) -> Result<String, Error> {
    let mut wrapper = String::new();
    for h in &options.headers {
        // Writing into a String cannot fail.
        let _ = writeln!(
            wrapper,
            "#include \"{}\"",
            h.display().to_string().replace('\\', "/")
        );
    }
    let mut builder = bindgen::Builder::default()
        .header_contents("abi_check_gen_wrapper.h", &wrapper)
        .clang_args(&options.clang_args)
        .use_core()
        .layout_tests(false)
        .derive_debug(false)
        .derive_default(false)
        .derive_copy(true)
        .generate_comments(false)
        .prepend_enum_name(false)
        .allowlist_recursively(true);
    let mut seen = std::collections::BTreeSet::new();
    for e in expectations {
        if seen.insert(e.c_type.clone()) {
            builder = builder.allowlist_type(regex_escape(&e.c_type));
        }
    }
    // bindgen panics (instead of returning an error) when libclang cannot be loaded.
    let generated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| builder.generate()))
        .map_err(|panic| {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(ToString::to_string))
            .unwrap_or_default();
        Error::Bindgen(format!(
            "bindgen panicked ({msg}); is libclang installed (Debian: libclang-dev, \
                 or set LIBCLANG_PATH)?"
        ))
    })?;
    generated
        .map(|b| b.to_string())
        .map_err(|e| Error::Bindgen(e.to_string()))
}

/// bindgen's allowlist takes regular expressions; C identifiers only need `^$` anchoring.
fn regex_escape(ident: &str) -> String {
    format!("^{ident}$")
}

/// Runs bindgen and generates the assertion file (see the crate documentation).
///
/// # Errors
/// [`Error::Bindgen`] when bindgen fails, [`Error::Unresolved`] when an expected C type
/// or member does not exist in the headers (an expectation that checks nothing must not
/// pass silently).
pub fn generate(options: &Options, expectations: &[TypeExpectation]) -> Result<String, Error> {
    let bindings = run_bindgen(options, expectations)?;
    generate_from_bindings(&bindings, options, expectations)
}

/// Generates the assertion file from bindgen output already produced by [`run_bindgen`].
///
/// # Errors
/// As [`generate`], without the bindgen step.
pub fn generate_from_bindings(
    bindings: &str,
    options: &Options,
    expectations: &[TypeExpectation],
) -> Result<String, Error> {
    let file = syn::parse_file(bindings).map_err(|e| Error::Parse(e.to_string()))?;
    let index = resolve::Index::new(&file);
    let m = BINDGEN_MODULE;

    let mut out = String::new();
    let mut problems = Vec::new();
    out.push_str("// @generated by abi-check-gen: do not edit.\n");
    let _ = writeln!(out, "// headers: {:?}", options.headers);
    let _ = writeln!(out, "// clang args: {:?}", options.clang_args);
    out.push_str(
        "\n/// The C types as bindgen sees them (type definitions only).\n\
         #[allow(dead_code, non_camel_case_types, non_snake_case, non_upper_case_globals, \
         missing_docs, unreachable_pub, clippy::all, clippy::pedantic)]\n",
    );
    let _ = writeln!(out, "mod {m} {{");
    for item in resolve::type_items(&file) {
        let _ = writeln!(out, "{}", item.to_token_stream());
    }
    out.push_str("}\n\n");
    out.push_str(
        "/// Size of the type a raw projection points to (the closure is never called).\n\
         #[allow(dead_code)]\n\
         const fn field_size<T, F>(_: fn(&T) -> *const F) -> usize {\n    \
         ::core::mem::size_of::<F>()\n}\n",
    );

    for t in expectations {
        emit_type(&mut out, &mut problems, &index, t, &options.target_cfg);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Unresolved(problems))
    }
}

/// `#[cfg(..)]` line for the type's and the member's predicates (empty when neither).
fn cfg_attr(type_cfg: Option<&String>, field_cfg: Option<&String>) -> String {
    match (type_cfg, field_cfg) {
        (None, None) => String::new(),
        (Some(a), None) | (None, Some(a)) => format!("#[cfg({a})]\n"),
        (Some(a), Some(b)) => format!("#[cfg(all({a}, {b}))]\n"),
    }
}

/// The assertions of one type; what cannot be resolved goes to `problems`.
fn emit_type(
    out: &mut String,
    problems: &mut Vec<String>,
    index: &resolve::Index,
    ty: &TypeExpectation,
    target_cfg: &[(String, String)],
) {
    let off = |cfg: Option<&String>| cfg.is_some_and(|c| eval_cfg(c, target_cfg) == Some(false));
    if off(ty.cfg.as_ref()) {
        let _ = writeln!(out, "\n// {}: not for this target (cfg)", ty.rust_type);
        return;
    }
    let m = BINDGEN_MODULE;
    let (r, ct) = (&ty.rust_type, &ty.c_type);
    let Some(record) = index.lookup(ct) else {
        problems.push(format!("C type {ct} (for {r})"));
        return;
    };
    let tc = cfg_attr(ty.cfg.as_ref(), None);
    let _ = writeln!(out, "\n// {r} <-> {ct}");
    for what in ["size_of", "align_of"] {
        let c_what = what.replace('_', "");
        let _ = writeln!(
            out,
            "{tc}const _: () = assert!(::core::mem::{what}::<{r}>() == ::core::mem::{what}::<{m}::{ct}>(), \
             \"WDK ABI mismatch: {what}::<{r}>() != {c_what}({ct})\");"
        );
    }
    for f in &ty.fields {
        if off(f.cfg.as_ref()) {
            let _ = writeln!(out, "// {}.{}: not for this target (cfg)", r, f.rust_path);
            continue;
        }
        let resolved = match index.resolve(&record, &f.c_path) {
            Ok(res) => res,
            Err(why) => {
                problems.push(format!(
                    "{ct}.{} (for {r}.{}): {why}",
                    f.c_path, f.rust_path
                ));
                continue;
            }
        };
        let cf = cfg_attr(ty.cfg.as_ref(), f.cfg.as_ref());
        let (rp, cp, bp) = (&f.rust_path, &f.c_path, resolved.path.join("."));
        if let Some(bit) = &resolved.bit {
            let _ = writeln!(
                out,
                "// C bit-field {ct}.{cp}: bindgen unit {bp}, bits {}..{} of the unit; \
                 the Rust storage unit is {rp}",
                bit.offset,
                bit.offset + bit.width
            );
        }
        let _ = writeln!(
            out,
            "{cf}const _: () = assert!(::core::mem::offset_of!({r}, {rp}) == \
             ::core::mem::offset_of!({m}::{ct}, {bp}), \
             \"WDK ABI mismatch: offset_of!({r}, {rp}) != offsetof({ct}, {cp})\");"
        );
        match (&resolved.bit, &f.bits_expr) {
            (Some(bit), Some(e)) => {
                let (off, width) = (bit.offset, bit.width);
                let _ = writeln!(
                    out,
                    "{cf}const _: () = assert!(({e}).shift as u64 == {off} && ({e}).width as u64 == {width}, \
                     \"WDK ABI mismatch: bit position of {r}::{rp} ({e}) != {ct}.{cp} (bit {off}, width {width})\");"
                );
            }
            (None, Some(e)) => problems.push(format!(
                "{ct}.{cp} is not a bit-field in the headers, but {r} gives a bit position ({e})"
            )),
            (Some(_) | None, None) => {}
        }
        if resolved.bit.is_none() && !resolved.through_union && !f.rust_through_union {
            let _ = writeln!(
                out,
                "{cf}const _: () = assert!(field_size(|s: &{r}| &raw const s.{rp}) == \
                 field_size(|s: &{m}::{ct}| &raw const s.{bp}), \
                 \"WDK ABI mismatch: size of {r}.{rp} != sizeof({ct}.{cp})\");"
            );
        }
    }
}
