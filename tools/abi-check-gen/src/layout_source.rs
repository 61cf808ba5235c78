//! Reads the expectation list from the project's layout examples
//! (`offload-tree/examples/layout.rs`, `examples/ndis_layout.rs`), so the list of
//! checked (type, member) pairs is written once, next to the TSV cross-check.
//!
//! Recognised statements (as those examples write them):
//!
//! | invocation                                   | expectation                                  |
//! |----------------------------------------------|----------------------------------------------|
//! | `strukt!(o, T)`                              | type `T` (size, alignment)                   |
//! | `field!(o, T, "C.path", rust.path: Ty)`      | member, size compared                        |
//! | `union_field!(o, T, "CName", rust.path: Ty)` | member reached through a Rust union          |
//! | `aligned!(o, T, "CName", field: Ty)`         | `DECLSPEC_ALIGN` member: the wrapper's `.0`  |
//! | `bits!(o, T, "CName", Unit: Ty, EXPR)`       | bit-field in storage unit `Unit`, `EXPR` position |
//!
//! A `#[cfg(...)]` on the statement or on an enclosing block is carried over to the
//! generated assertions. Statement-local aliases (`type P = ...;`) are expanded.
//! Lines the examples compute in loops are not seen; give them as extra
//! [`TypeExpectation`]s.

use std::collections::HashMap;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

use crate::{FieldExpectation, TypeExpectation};

/// Parses a layout example and returns its expectations; Rust types are named
/// `{type_prefix}::T`.
///
/// # Errors
/// The source does not parse as Rust, or an invocation has an unexpected shape.
pub fn parse(source: &str, type_prefix: &str) -> Result<Vec<TypeExpectation>, String> {
    let file = syn::parse_file(source).map_err(|e| e.to_string())?;
    let mut st = State {
        prefix: type_prefix.to_owned(),
        aliases: HashMap::new(),
        out: Vec::new(),
    };
    for item in &file.items {
        if let syn::Item::Fn(f) = item {
            collect_aliases(&f.block, &mut st.aliases);
        }
    }
    for item in &file.items {
        if let syn::Item::Fn(f) = item {
            st.block(&f.block, None)?;
        }
    }
    Ok(st.out)
}

struct State {
    prefix: String,
    aliases: HashMap<String, String>,
    out: Vec<TypeExpectation>,
}

fn collect_aliases(block: &syn::Block, aliases: &mut HashMap<String, String>) {
    for stmt in &block.stmts {
        match stmt {
            syn::Stmt::Item(syn::Item::Type(t)) => {
                aliases.insert(t.ident.to_string(), squash(&t.ty.to_token_stream()));
            }
            syn::Stmt::Expr(e, _) => {
                for b in inner_blocks(e) {
                    collect_aliases(b, aliases);
                }
            }
            _ => {}
        }
    }
}

/// Blocks directly nested in an expression statement (plain blocks, loops, ifs).
fn inner_blocks(e: &syn::Expr) -> Vec<&syn::Block> {
    match e {
        syn::Expr::Block(b) => vec![&b.block],
        syn::Expr::ForLoop(l) => vec![&l.body],
        syn::Expr::While(l) => vec![&l.body],
        syn::Expr::Loop(l) => vec![&l.body],
        syn::Expr::Unsafe(u) => vec![&u.block],
        syn::Expr::If(i) => {
            let mut v = vec![&i.then_branch];
            if let Some((_, e)) = &i.else_branch {
                v.extend(inner_blocks(e));
            }
            v
        }
        _ => Vec::new(),
    }
}

fn expr_attrs(e: &syn::Expr) -> &[syn::Attribute] {
    match e {
        syn::Expr::Block(b) => &b.attrs,
        syn::Expr::ForLoop(l) => &l.attrs,
        syn::Expr::If(i) => &i.attrs,
        syn::Expr::Macro(m) => &m.attrs,
        _ => &[],
    }
}

/// The predicate of the `#[cfg(...)]` among `attrs`, combined with the enclosing one.
fn cfg_of(attrs: &[syn::Attribute], outer: Option<&String>) -> Option<String> {
    let own = attrs.iter().find_map(|a| {
        if !a.path().is_ident("cfg") {
            return None;
        }
        let syn::Meta::List(l) = &a.meta else {
            return None;
        };
        Some(l.tokens.to_string())
    });
    match (outer, own) {
        (None, None) => None,
        (Some(o), None) => Some(o.clone()),
        (None, Some(c)) => Some(c),
        (Some(o), Some(c)) => Some(format!("all({o}, {c})")),
    }
}

/// Token text without spaces: `Send . Data . X` -> `Send.Data.X`.
fn squash(ts: &TokenStream) -> String {
    ts.to_string().replace(' ', "")
}

/// Splits macro arguments at top-level commas.
fn args(ts: &TokenStream) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for tt in ts.clone() {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => out.push(Vec::new()),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.push(tt);
                }
            }
        }
    }
    if out.last().is_some_and(Vec::is_empty) {
        out.pop();
    }
    out
}

/// `a.b.c : Ty` -> `a.b.c` (the first lone `:`; `::` inside a type is never reached).
fn path_before_colon(arg: &[TokenTree]) -> Result<String, String> {
    let mut path = TokenStream::new();
    for tt in arg {
        if let TokenTree::Punct(p) = tt
            && p.as_char() == ':'
        {
            return Ok(squash(&path));
        }
        path.extend(std::iter::once(tt.clone()));
    }
    Err(format!("expected `path: Type`, got `{}`", squash(&path)))
}

fn literal_str(arg: &[TokenTree]) -> Result<String, String> {
    let ts: TokenStream = arg.iter().cloned().collect();
    let lit: syn::LitStr = syn::parse2(ts.clone())
        .map_err(|e| format!("expected a string literal, got `{ts}`: {e}"))?;
    Ok(lit.value())
}

impl State {
    fn block(&mut self, block: &syn::Block, cfg: Option<&String>) -> Result<(), String> {
        for stmt in &block.stmts {
            match stmt {
                syn::Stmt::Macro(m) => {
                    let c = cfg_of(&m.attrs, cfg);
                    self.invocation(&m.mac, c.as_ref())?;
                }
                syn::Stmt::Expr(syn::Expr::Macro(m), _) => {
                    let c = cfg_of(&m.attrs, cfg);
                    self.invocation(&m.mac, c.as_ref())?;
                }
                syn::Stmt::Expr(e, _) => {
                    let c = cfg_of(expr_attrs(e), cfg);
                    for b in inner_blocks(e) {
                        self.block(b, c.as_ref())?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn rust_type(&self, name: &str) -> String {
        let name = self.aliases.get(name).map_or(name, String::as_str);
        format!("{}::{name}", self.prefix)
    }

    /// `P::X` with `type P = Q;` -> `{prefix}::Q::X`.
    fn rust_expr(&self, expr: &str) -> String {
        let (head, tail) = expr.split_once("::").unwrap_or((expr, ""));
        let head = self.aliases.get(head).map_or(head, String::as_str);
        if tail.is_empty() {
            format!("{}::{head}", self.prefix)
        } else {
            format!("{}::{head}::{tail}", self.prefix)
        }
    }

    fn entry(&mut self, name: &str, cfg: Option<&String>) -> &mut TypeExpectation {
        let rust_type = self.rust_type(name);
        let pos = self.out.iter().position(|t| t.rust_type == rust_type);
        let idx = pos.unwrap_or_else(|| {
            self.out.push(TypeExpectation {
                rust_type,
                c_type: name.to_owned(),
                fields: Vec::new(),
                cfg: cfg.cloned(),
            });
            self.out.len() - 1
        });
        &mut self.out[idx]
    }

    fn invocation(&mut self, mac: &syn::Macro, cfg: Option<&String>) -> Result<(), String> {
        let Some(kind) = mac.path.get_ident().map(ToString::to_string) else {
            return Ok(());
        };
        if !matches!(
            kind.as_str(),
            "strukt" | "field" | "union_field" | "aligned" | "bits"
        ) {
            return Ok(());
        }
        let a = args(&mac.tokens);
        let bad = || format!("unexpected {kind}!({})", mac.tokens);
        let ty_tokens: TokenStream = a.get(1).ok_or_else(bad)?.iter().cloned().collect();
        let ty = squash(&ty_tokens);
        if kind == "strukt" {
            self.entry(&ty, cfg);
            return Ok(());
        }
        let c_path = literal_str(a.get(2).ok_or_else(bad)?)?;
        let rust_path = path_before_colon(a.get(3).ok_or_else(bad)?)?;
        let mut f = FieldExpectation::new(&rust_path, &c_path);
        f.cfg = cfg.cloned();
        match kind.as_str() {
            "union_field" => f.rust_through_union = true,
            "aligned" => f.rust_path = format!("{rust_path}.0"),
            "bits" => {
                let e: TokenStream = a.get(4).ok_or_else(bad)?.iter().cloned().collect();
                f.bits_expr = Some(self.rust_expr(&squash(&e)));
            }
            _ => {}
        }
        let entry = self.entry(&ty, None);
        if !entry.fields.contains(&f) {
            entry.fields.push(f);
        }
        Ok(())
    }
}
