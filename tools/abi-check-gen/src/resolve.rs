//! The mapping table: how a C member name is found in bindgen's output.
//!
//! This is the only place that knows bindgen's naming scheme:
//!
//! * **Typedefs**: `typedef struct _X {..} X;` becomes `struct _X` plus `type X = _X;`;
//!   a C type name is followed through such aliases to the struct or union.
//! * **Anonymous unions and structs** become fields named `__bindgen_anon_N` whose
//!   types are `<Parent>__bindgen_ty_M`. C lets code name their members as if they
//!   belonged to the parent, so a C name not found among the named fields is searched
//!   (depth first, in declaration order) in every `__bindgen_anon_N` field; the
//!   resulting bindgen path (`__bindgen_anon_1.__bindgen_anon_1.SendDataHead`) is what
//!   the assertion passes to `offset_of!`. The numbering is never written down anywhere
//!   else, so header revisions that add anonymous members need no table change.
//! * **Named members of anonymous type** (`struct {..} KeepAlive;`) are ordinary fields
//!   whose type is a `__bindgen_ty_M` struct; dotted C paths walk into them.
//! * **Bit-fields** have no field of their own: bindgen packs each run of adjacent
//!   bit-fields into a storage field `_bitfield_N` and generates a getter
//!   `fn Name(&self)` that reads `self._bitfield_N.get(bit_offset, width)`. A C
//!   bit-field name is looked up among those getters; the assertion compares the
//!   offset of `_bitfield_N` with the offset of the Rust storage unit, and (when the
//!   expectation gives one) the bit offset and width with the Rust `BitField` constant.
//!   Member size is not compared for bit-fields: bindgen's unit is a byte array
//!   covering the whole run, the Rust unit is the declared integer type.
//! * **Unions on the path** (a named or anonymous union, or a union at the root):
//!   offsets are compared, member sizes are not (a raw projection through a union field
//!   needs `unsafe`); the member's type is still pinned by the offsets of its
//!   neighbours and by the size of the enclosing type.
//! * **Keywords**: bindgen appends `_` to a C name that is a Rust keyword (`type` ->
//!   `type_`); both spellings are tried.

use std::collections::HashMap;

use quote::ToTokens;

/// A struct or union in bindgen's output.
struct Record {
    is_union: bool,
    /// Named fields in declaration order: (name, name of its type if it is a plain path).
    fields: Vec<(String, Option<String>)>,
    /// Bit-field getters: C name -> position.
    bits: HashMap<String, BitPos>,
}

/// Where bindgen put a C bit-field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BitPos {
    /// The storage field (`_bitfield_1`).
    pub unit: String,
    /// Bit offset of the field in the storage field.
    pub offset: u64,
    /// Width in bits.
    pub width: u64,
}

/// A C member found in bindgen's output.
#[derive(Debug)]
pub(crate) struct Resolved {
    /// Path for `offset_of!` on the bindgen type (for a bit-field, ends at `_bitfield_N`).
    pub path: Vec<String>,
    /// A union was crossed (or is the root).
    pub through_union: bool,
    /// Set for a bit-field.
    pub bit: Option<BitPos>,
}

/// Structs, unions and type aliases of one bindgen output.
pub(crate) struct Index {
    records: HashMap<String, Record>,
    aliases: HashMap<String, String>,
}

/// Last path segment of a type, looking through `ManuallyDrop<T>` (bindgen wraps union
/// members that are not `Copy`).
fn type_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident == "ManuallyDrop"
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return type_name(inner);
    }
    Some(last.ident.to_string())
}

fn named_fields(fields: &syn::FieldsNamed) -> Vec<(String, Option<String>)> {
    fields
        .named
        .iter()
        .filter_map(|f| Some((f.ident.as_ref()?.to_string(), type_name(&f.ty))))
        .collect()
}

/// Parses `self . _bitfield_1 . get (0usize , 4u8)` out of a getter body.
fn bit_getter(body: &str) -> Option<BitPos> {
    let start = body.find("self . _bitfield_")? + "self . ".len();
    let rest = &body[start..];
    let unit_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let unit = rest[..unit_end].to_owned();
    let args = rest[unit_end..].strip_prefix(" . get (")?;
    let args = &args[..args.find(')')?];
    let mut it = args.split(',').map(|a| {
        let a = a.trim();
        let digits = a
            .strip_suffix("usize")
            .or_else(|| a.strip_suffix("u8"))
            .unwrap_or(a);
        digits.parse::<u64>()
    });
    let offset = it.next()?.ok()?;
    let width = it.next()?.ok()?;
    Some(BitPos {
        unit,
        offset,
        width,
    })
}

impl Index {
    pub(crate) fn new(file: &syn::File) -> Self {
        let mut records = HashMap::new();
        let mut aliases = HashMap::new();
        let mut getters: Vec<(String, String, BitPos)> = Vec::new();
        for item in &file.items {
            match item {
                syn::Item::Struct(s) => {
                    let fields = match &s.fields {
                        syn::Fields::Named(n) => named_fields(n),
                        _ => Vec::new(),
                    };
                    records.insert(
                        s.ident.to_string(),
                        Record {
                            is_union: false,
                            fields,
                            bits: HashMap::new(),
                        },
                    );
                }
                syn::Item::Union(u) => {
                    records.insert(
                        u.ident.to_string(),
                        Record {
                            is_union: true,
                            fields: named_fields(&u.fields),
                            bits: HashMap::new(),
                        },
                    );
                }
                syn::Item::Type(t) => {
                    if let Some(target) = type_name(&t.ty) {
                        aliases.insert(t.ident.to_string(), target);
                    }
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    let Some(owner) = type_name(&i.self_ty) else {
                        continue;
                    };
                    for it in &i.items {
                        let syn::ImplItem::Fn(f) = it else { continue };
                        let takes_ref_self = matches!(
                            f.sig.inputs.first(),
                            Some(syn::FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_none()
                        );
                        if !takes_ref_self || f.sig.inputs.len() != 1 {
                            continue;
                        }
                        let body = f.block.to_token_stream().to_string();
                        if let Some(pos) = bit_getter(&body) {
                            getters.push((owner.clone(), f.sig.ident.to_string(), pos));
                        }
                    }
                }
                _ => {}
            }
        }
        for (owner, name, pos) in getters {
            if let Some(r) = records.get_mut(&owner) {
                r.bits.insert(name, pos);
            }
        }
        Self { records, aliases }
    }

    /// The struct or union a C type name denotes, through typedef aliases.
    pub(crate) fn lookup(&self, c_type: &str) -> Option<String> {
        let mut name = c_type.to_owned();
        for _ in 0..16 {
            if self.records.contains_key(&name) {
                return Some(name);
            }
            name.clone_from(self.aliases.get(&name)?);
        }
        None
    }

    /// Finds a dotted C member path in the record `root`.
    pub(crate) fn resolve(&self, root: &str, c_path: &str) -> Result<Resolved, String> {
        let segs: Vec<&str> = c_path.split('.').collect();
        let rec = self
            .records
            .get(root)
            .ok_or_else(|| format!("no struct or union {root}"))?;
        let mut found = self
            .find(root, &segs, 0)
            .ok_or_else(|| format!("no member {c_path} (searched anonymous members too)"))?;
        found.through_union |= rec.is_union;
        Ok(found)
    }

    fn find(&self, record: &str, segs: &[&str], depth: usize) -> Option<Resolved> {
        if depth > 32 {
            return None;
        }
        let rec = self.records.get(&self.lookup(record)?)?;
        let (first, rest) = segs.split_first()?;
        // 1. A named field (or its keyword-escaped spelling).
        let keyword_escaped = format!("{first}_");
        if let Some((name, ty)) = rec
            .fields
            .iter()
            .find(|(n, _)| n == first || *n == keyword_escaped)
        {
            if rest.is_empty() {
                return Some(Resolved {
                    path: vec![name.clone()],
                    through_union: rec.is_union,
                    bit: None,
                });
            }
            let mut inner = self.find(ty.as_ref()?, rest, depth + 1)?;
            inner.path.insert(0, name.clone());
            inner.through_union |= rec.is_union;
            return Some(inner);
        }
        // 2. A bit-field of this record.
        if rest.is_empty()
            && let Some(pos) = rec.bits.get(*first)
        {
            return Some(Resolved {
                path: vec![pos.unit.clone()],
                through_union: rec.is_union,
                bit: Some(pos.clone()),
            });
        }
        // 3. A member of an anonymous union or struct, searched transparently.
        for (name, ty) in &rec.fields {
            if !name.starts_with("__bindgen_anon_") {
                continue;
            }
            if let Some(mut inner) = ty.as_ref().and_then(|t| self.find(t, segs, depth + 1)) {
                inner.path.insert(0, name.clone());
                inner.through_union |= rec.is_union;
                return Some(inner);
            }
        }
        None
    }
}

/// The items of bindgen's output that the generated module keeps: type definitions
/// only (structs, unions, enums, aliases, constants they use, and the
/// `pub use self::_E as E;` re-exports bindgen writes for typedef'd C enums). Impl blocks (bit-field
/// accessors, the `__BindgenBitfieldUnit` methods) and functions are dropped, so the
/// generated module contains no `unsafe` code.
pub(crate) fn type_items(file: &syn::File) -> impl Iterator<Item = &syn::Item> {
    file.items.iter().filter(|i| {
        matches!(
            i,
            syn::Item::Struct(_)
                | syn::Item::Union(_)
                | syn::Item::Enum(_)
                | syn::Item::Type(_)
                | syn::Item::Use(_)
                | syn::Item::Const(_)
        )
    })
}
