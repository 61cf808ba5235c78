//! Linux-side checks of what only Windows consumes: the INF pair in `inf/` and the import
//! definitions in `driver/kernel/lib/`.
//!
//! This library holds the parsers; the checks are the integration tests:
//! - `tests/inf_pair.rs`: both `.inx` files decoded (UTF-16 LE with BOM, CRLF), parsed into
//!   sections and keys, and every value that `shared/spec/lifecycle.md` §16 (LC-81..LC-83)
//!   and the standardized-keyword rules require, asserted; the service name cross-checked
//!   against the driver's sources.
//! - `tests/kernel_imports.rs`: the `.def` files list exactly the functions the kernel seam
//!   (`driver/kernel/imports.rs`) declares, and every x86 `@N` equals the argument bytes of
//!   the declared signature.
//!
//! No dependencies: the formats are simple enough to parse by hand, and the checks must
//! run offline in CI.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The workspace root (two levels above this crate).
#[must_use]
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

// --- INF ------------------------------------------------------------------------------

/// Decode an INF saved as UTF-16 LE with a byte-order mark and CRLF line ends, the
/// encoding chosen for `inf/` (LC-83).
///
/// # Errors
///
/// A missing BOM, an odd byte count, an unpaired surrogate, or a line end other than
/// CRLF.
pub fn decode_utf16le_crlf(bytes: &[u8]) -> Result<String, String> {
    let body = bytes
        .strip_prefix(&[0xFF, 0xFE])
        .ok_or("no UTF-16 LE byte-order mark (FF FE)")?;
    if body.len() % 2 != 0 {
        return Err(format!(
            "odd number of bytes ({}) after the BOM",
            body.len()
        ));
    }
    let units = body
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
    let text = char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| format!("invalid UTF-16: {e}"))?;
    for (i, line) in text.split('\n').enumerate() {
        let is_last = i == text.split('\n').count() - 1;
        let body = if is_last {
            line
        } else {
            line.strip_suffix('\r')
                .ok_or_else(|| format!("line {} ends in LF without CR", i + 1))?
        };
        if body.contains('\r') {
            return Err(format!(
                "line {} holds a CR that is not part of CRLF",
                i + 1
            ));
        }
    }
    Ok(text)
}

/// One non-empty line of an INF section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfLine {
    /// 1-based line number in the file.
    pub number: usize,
    /// The key left of the first `=` outside quotes, if the line has one.
    pub key: Option<String>,
    /// Everything right of that `=` (or the whole entry), trimmed, comment removed.
    pub value: String,
    /// `value` split at commas outside quotes, each trimmed and unquoted.
    pub fields: Vec<String>,
    /// The text after the first `;` outside quotes, trimmed.
    pub comment: Option<String>,
}

/// An `AddReg` entry: `reg-root, [subkey], [value-entry-name], [flags], [value]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddReg {
    /// `HKR`, `HKLM`, ...
    pub root: String,
    /// The subkey (`Ndi\Interfaces`).
    pub subkey: String,
    /// The value name (`Service`).
    pub name: String,
    /// The flags field as written (`0` = `REG_SZ`).
    pub flags: String,
    /// The value, unquoted, `%strings%` not expanded.
    pub value: String,
}

impl InfLine {
    /// This line as an `AddReg` entry (a key-less line of five fields).
    #[must_use]
    pub fn as_addreg(&self) -> Option<AddReg> {
        if self.key.is_some() || self.fields.len() != 5 {
            return None;
        }
        Some(AddReg {
            root: self.fields[0].clone(),
            subkey: self.fields[1].clone(),
            name: self.fields[2].clone(),
            flags: self.fields[3].clone(),
            value: self.fields[4].clone(),
        })
    }
}

/// An INF section: its name as written and its non-empty lines in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfSection {
    /// The name between the brackets.
    pub name: String,
    /// 1-based line number of the header.
    pub number: usize,
    /// The section's entries (comment-only lines are not kept).
    pub lines: Vec<InfLine>,
}

impl InfSection {
    /// Every entry whose key equals `key` (INF keys are case-insensitive).
    #[must_use]
    pub fn all(&self, key: &str) -> Vec<&InfLine> {
        self.lines
            .iter()
            .filter(|l| {
                l.key
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
            })
            .collect()
    }

    /// The only entry with key `key`, if there is exactly one.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&InfLine> {
        match self.all(key).as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// A parsed INF file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inf {
    /// Sections in file order.
    pub sections: Vec<InfSection>,
    /// Comment-only lines and lines before the first section: (line number, comment).
    pub comments: Vec<(usize, String)>,
}

/// Split `text` at the first `sep` outside double quotes.
fn split_unquoted(text: &str, sep: char) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => return Some((&text[..i], &text[i + c.len_utf8()..])),
            _ => {}
        }
    }
    None
}

/// `text` split at every comma outside quotes, trimmed, with surrounding quotes removed.
fn fields(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let (field, next) = split_unquoted(rest, ',').map_or((rest, None), |(f, n)| (f, Some(n)));
        let field = field.trim();
        let field = field
            .strip_prefix('"')
            .and_then(|f| f.strip_suffix('"'))
            .unwrap_or(field);
        out.push(field.to_owned());
        match next {
            Some(n) => rest = n,
            None => return out,
        }
    }
}

impl Inf {
    /// Parse INF text (already decoded) into sections and entries.
    ///
    /// # Errors
    ///
    /// An entry before the first section, an unterminated section header or quote, or a
    /// line continuation (`\` at the end), which these files do not use.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut sections: Vec<InfSection> = Vec::new();
        let mut comments = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let number = i + 1;
            let raw = raw.trim_start_matches('\u{feff}');
            let (body, comment) = match split_unquoted(raw, ';') {
                Some((b, c)) => (b, Some(c.trim().to_owned())),
                None => (raw, None),
            };
            if body.matches('"').count() % 2 != 0 {
                return Err(format!("line {number}: unterminated quote"));
            }
            let body = body.trim();
            if body.ends_with('\\') {
                return Err(format!("line {number}: line continuation"));
            }
            if body.is_empty() {
                if let Some(c) = comment {
                    comments.push((number, c));
                }
                continue;
            }
            if let Some(header) = body.strip_prefix('[') {
                let name = header
                    .strip_suffix(']')
                    .ok_or_else(|| format!("line {number}: unterminated section header"))?;
                sections.push(InfSection {
                    name: name.trim().to_owned(),
                    number,
                    lines: Vec::new(),
                });
                continue;
            }
            let section = sections
                .last_mut()
                .ok_or_else(|| format!("line {number}: entry before the first section"))?;
            let (key, value) = match split_unquoted(body, '=') {
                Some((k, v)) => (Some(k.trim().to_owned()), v.trim().to_owned()),
                None => (None, body.to_owned()),
            };
            section.lines.push(InfLine {
                number,
                key,
                fields: fields(&value),
                value,
                comment,
            });
        }
        Ok(Self { sections, comments })
    }

    /// The section named `name` (case-insensitive), if present once.
    #[must_use]
    pub fn section(&self, name: &str) -> Option<&InfSection> {
        let mut found = self
            .sections
            .iter()
            .filter(|s| s.name.eq_ignore_ascii_case(name));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The `[Strings]` section as a map from lower-cased key to unquoted value.
    #[must_use]
    pub fn strings(&self) -> BTreeMap<String, String> {
        self.section("Strings")
            .map(|s| {
                s.lines
                    .iter()
                    .filter_map(|l| {
                        let key = l.key.as_ref()?.to_ascii_lowercase();
                        Some((key, l.fields.first().cloned().unwrap_or_default()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `text` with every `%token%` replaced from `[Strings]`; numeric tokens (DIRIDs such
    /// as `%13%`) and unknown tokens are left as written.
    #[must_use]
    pub fn expand(&self, text: &str) -> String {
        let strings = self.strings();
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('%') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find('%') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let token = &after[..end];
            match strings.get(&token.to_ascii_lowercase()) {
                Some(v) if !token.chars().all(|c| c.is_ascii_digit()) => out.push_str(v),
                _ => {
                    out.push('%');
                    out.push_str(token);
                    out.push('%');
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Every `%token%` used outside `[Strings]` that is neither numeric nor defined.
    #[must_use]
    pub fn undefined_strings(&self) -> Vec<String> {
        let strings = self.strings();
        let mut missing = Vec::new();
        for section in self
            .sections
            .iter()
            .filter(|s| !s.name.eq_ignore_ascii_case("Strings"))
        {
            for line in &section.lines {
                let text = format!("{} {}", line.key.as_deref().unwrap_or(""), line.value);
                for (i, token) in text.split('%').enumerate() {
                    if i % 2 == 1
                        && !token.chars().all(|c| c.is_ascii_digit())
                        && !strings.contains_key(&token.to_ascii_lowercase())
                    {
                        missing.push(format!("line {}: %{token}%", line.number));
                    }
                }
            }
        }
        missing
    }

    /// The `AddReg` entries of every section named in `install`'s `AddReg` directives.
    #[must_use]
    pub fn addreg_of(&self, install: &InfSection) -> Vec<AddReg> {
        install
            .all("AddReg")
            .iter()
            .flat_map(|l| l.fields.clone())
            .filter_map(|name| self.section(&name))
            .flat_map(|s| s.lines.iter().filter_map(InfLine::as_addreg))
            .collect()
    }
}

// --- Module-definition (.def) files -------------------------------------------------

/// A `.def` file: the DLL it describes and its export lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefFile {
    /// The `LIBRARY` name (`NDIS.SYS`).
    pub library: String,
    /// The names under `EXPORTS`, in file order, as written (decorated on x86).
    pub exports: Vec<String>,
}

/// Parse a `.def` file in the strict subset used here: `;` comments, one `LIBRARY`, one
/// `EXPORTS`, then one bare name per line (no ordinals, aliases or `DATA`).
///
/// # Errors
///
/// Anything outside that subset.
pub fn parse_def(text: &str) -> Result<DefFile, String> {
    let mut library = None;
    let mut exports = Vec::new();
    let mut in_exports = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split(';').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or_default();
        match first {
            "LIBRARY" => {
                let name = words
                    .next()
                    .ok_or(format!("line {}: LIBRARY without a name", i + 1))?;
                library = Some(name.trim_matches('"').to_owned());
            }
            "EXPORTS" => in_exports = true,
            name if in_exports && words.next().is_none() && !name.contains('=') => {
                exports.push(name.to_owned());
            }
            _ => return Err(format!("line {}: unexpected `{line}`", i + 1)),
        }
    }
    Ok(DefFile {
        library: library.ok_or("no LIBRARY line")?,
        exports,
    })
}

// --- extern blocks of the kernel seam -------------------------------------------------

/// One function declared in an `extern` block of Rust source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternFn {
    /// The `#[link(name = ...)]` of its block.
    pub link: String,
    /// The ABI string (`system`, `fastcall`, `C`).
    pub abi: String,
    /// The `#[cfg(target_arch = ...)]` of its block, if any.
    pub arch: Option<String>,
    /// The function's name (the exported symbol name).
    pub name: String,
    /// Parameters as (name, type) pairs.
    pub params: Vec<(String, String)>,
    /// The return type, if any.
    pub ret: Option<String>,
}

/// `source` with `//` comments (doc comments included) removed, line by line. The seam's
/// source has no `//` inside string literals.
fn strip_line_comments(source: &str) -> String {
    source
        .lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Split at commas not nested in `()`, `<>` or `[]`.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// The value of `key = "..."` inside an attribute, e.g. `name` in `#[link(name = "ndis")]`.
fn attr_value(attrs: &[&str], attr: &str, key: &str) -> Option<String> {
    attrs.iter().find_map(|a| {
        let inner = a.trim().strip_prefix("#[")?.strip_prefix(attr)?;
        let at = inner.find(key)?;
        let rest = inner[at + key.len()..]
            .trim_start()
            .strip_prefix('=')?
            .trim_start();
        let rest = rest.strip_prefix('"')?;
        Some(rest[..rest.find('"')?].to_owned())
    })
}

/// Parse one declaration (`pub(super) fn Name(params) -> Ret`) of an extern block.
fn parse_decl(
    item: &str,
    link: &str,
    abi: &str,
    arch: Option<&String>,
) -> Result<ExternFn, String> {
    let at = item
        .find("fn ")
        .ok_or_else(|| format!("not a function: `{item}`"))?;
    let sig = &item[at + 3..];
    let open = sig.find('(').ok_or_else(|| format!("no `(` in `{item}`"))?;
    let name = sig[..open].trim().to_owned();
    let mut depth = 0;
    let mut close = None;
    for (i, c) in sig.char_indices().skip(open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close.ok_or_else(|| format!("unbalanced `(` in `{item}`"))?;
    let params = split_top_level(&sig[open + 1..close])
        .into_iter()
        .map(|p| {
            let (n, t) = p
                .split_once(':')
                .ok_or_else(|| format!("parameter without a type in {name}: `{p}`"))?;
            Ok((
                n.trim().to_owned(),
                t.split_whitespace().collect::<Vec<_>>().join(" "),
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let ret = sig[close + 1..]
        .trim()
        .strip_prefix("->")
        .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "));
    Ok(ExternFn {
        link: link.to_owned(),
        abi: abi.to_owned(),
        arch: arch.cloned(),
        name,
        params,
        ret,
    })
}

/// Every function declared in an `extern "ABI" { ... }` block of `source`, with the
/// `#[link]` and `#[cfg(target_arch)]` attributes written on the lines just above it.
///
/// # Errors
///
/// A block without `#[link(name = ...)]`, an unbalanced block, or a declaration that is
/// not a plain function.
pub fn extern_fns(source: &str) -> Result<Vec<ExternFn>, String> {
    let text = strip_line_comments(source);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, line) in lines.iter().enumerate() {
        let start_of_line = offset;
        offset += line.len() + 1;
        let trimmed = line.trim_start();
        let Some(rest) = trimmed
            .strip_prefix("unsafe extern \"")
            .or_else(|| trimmed.strip_prefix("extern \""))
        else {
            continue;
        };
        let Some(abi_end) = rest.find('"') else {
            continue;
        };
        let abi = &rest[..abi_end];
        if !rest[abi_end + 1..].trim_start().starts_with('{') {
            continue; // an `extern "ABI" fn` item or type, not a block
        }
        let attrs: Vec<&str> = lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.trim_start().starts_with("#["))
            .copied()
            .collect();
        let link = attr_value(&attrs, "link", "name")
            .ok_or_else(|| format!("line {}: extern block without #[link(name = ...)]", i + 1))?;
        let arch = attr_value(&attrs, "cfg", "target_arch");
        let open = start_of_line + line.find('{').unwrap_or_default();
        let mut depth = 0;
        let mut close = None;
        for (j, c) in text[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + j);
                        break;
                    }
                }
                _ => {}
            }
        }
        let close = close.ok_or_else(|| format!("line {}: unbalanced extern block", i + 1))?;
        for item in text[open + 1..close].split(';') {
            let item = item.trim();
            if !item.is_empty() {
                out.push(parse_decl(item, &link, abi, arch.as_ref())?);
            }
        }
    }
    Ok(out)
}

/// Types that take one 4-byte x86 stack slot (see [`x86_arg_size`]).
const X86_FOUR_BYTE_TYPES: &[&str] = &[
    // Pointer-sized: handles, pointer typedefs, function-pointer typedefs.
    "NDIS_HANDLE",
    "PVOID",
    "usize",
    "isize",
    "PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST",
    "PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST",
    "PNDIS_OFFLOAD_HANDLE",
    "PNET_BUFFER_LIST",
    "PLARGE_INTEGER",
    "PUNICODE_STRING",
    "PNDIS_STRING",
    "PDRIVER_OBJECT",
    "NDIS_IO_WORKITEM_FUNCTION",
    // 32-bit integers and C enums.
    "u32",
    "i32",
    "ULONG",
    "LONG",
    "UINT",
    "INT",
    "NDIS_STATUS",
    "NTSTATUS",
    "NDIS_PORT_NUMBER",
    "NET_IFINDEX",
    "NDIS_OID",
    "NDIS_CHIMNEY_OFFLOAD_TYPE",
    "NDIS_PARAMETER_TYPE",
    "EX_POOL_PRIORITY",
    // Smaller integers: promoted to one 4-byte slot.
    "u16",
    "i16",
    "u8",
    "i8",
    "USHORT",
    "UCHAR",
    "BOOLEAN",
    "KIRQL",
];
/// 64-bit types passed by value: two slots.
const X86_EIGHT_BYTE_TYPES: &[&str] = &[
    "u64",
    "i64",
    "LARGE_INTEGER",
    "ULARGE_INTEGER",
    "ULONG64",
    "LONGLONG",
];

/// Bytes one argument of type `ty` takes on the x86 stack under `__stdcall`/`__fastcall`:
/// 4 for pointers, handles, 32-bit integers and enums, 4 for the smaller integers (each
/// argument occupies at least one 4-byte slot), 8 for 64-bit values such as
/// `LARGE_INTEGER` by value. `None` for a type this table does not know.
#[must_use]
pub fn x86_arg_size(ty: &str) -> Option<u32> {
    let ty = ty.trim();
    if ty.starts_with("*mut ") || ty.starts_with("*const ") {
        return Some(4);
    }
    if ty.starts_with("Option<") && ty.contains("fn(") {
        return Some(4); // a nullable function pointer
    }
    if X86_FOUR_BYTE_TYPES.contains(&ty) {
        Some(4)
    } else if X86_EIGHT_BYTE_TYPES.contains(&ty) {
        Some(8)
    } else {
        None
    }
}

/// The x86 `.def` spelling of `f` in the llvm-dlltool dialect: `Name@N` for `__stdcall`
/// (dlltool adds the leading underscore) and `@Name@N` for `__fastcall`, `N` being the
/// bytes of arguments.
///
/// # Errors
///
/// A parameter type [`x86_arg_size`] does not know, or an ABI other than `system` and
/// `fastcall`.
pub fn x86_def_name(f: &ExternFn) -> Result<String, String> {
    let mut bytes = 0;
    for (name, ty) in &f.params {
        bytes += x86_arg_size(ty)
            .ok_or_else(|| format!("{}: unknown x86 size of `{name}: {ty}`", f.name))?;
    }
    match f.abi.as_str() {
        "system" | "stdcall" => Ok(format!("{}@{bytes}", f.name)),
        "fastcall" => Ok(format!("@{}@{bytes}", f.name)),
        abi => Err(format!(
            "{}: ABI `{abi}` has no x86 decoration rule here",
            f.name
        )),
    }
}
