//! Fuzz the OP-42a validator and the in-place translator on arbitrary trees.
//!
//! The input describes up to `MAX_BLOCKS` blocks laid out in one owned, 8-aligned
//! arena with generous zeroed slack: each block's `Header` (Type, Size), its
//! `NextBlock`/`DependentBlockList` as indices into the block set (so cycles, shared
//! blocks, self-links and deep chains all occur), its role (placeholder, handle with a
//! NULL token, handle with a non-NULL token, handle shared with another block) and the
//! lengths of the state headers laid out after it. The context slot is set the way
//! NDIS sets it (OP-9), so every pointer the library may follow points into the arena
//! or the host handle array: any crash is a library bug.
//!
//! Checks, besides "no crash":
//! - `validate` agrees exactly (summary, or error kind/block/depth) with an independent
//!   recursive model of the walk and the OP-42a rules run on a byte copy of the arena;
//! - on `Err`, `mark_status` writes `NDIS_STATUS_FAILURE` into exactly the blocks the
//!   model's walk reaches before it stops on structure, and nothing else changes;
//! - on `Ok`, `translate_down` (with a callback that may fail, after which the tree must
//!   be as before), NDIS's rewrite for the lower binding, a simulated target and
//!   `translate_up` must bring back every byte of the arena and of the host handles,
//!   except the fields the target owns (`Status`, `MiniportReserved`, `Scratch`).

#![no_main]

use std::collections::HashMap;
use std::mem::{offset_of, size_of};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

use libfuzzer_sys::fuzz_target;
use offload_tree::abi::{
    NDIS_OBJECT_HEADER, NDIS_OFFLOAD_HANDLE, NDIS_STATUS, NDIS_STATUS_FAILURE,
    OFFLOAD_STATE_HEADER, OFFLOAD_STATE_TYPE, OffloadLayer, PNDIS_OFFLOAD_HANDLE, PVOID,
};
use offload_tree::tree::build::ndis_down_rewrite;
use offload_tree::tree::{
    BLOCK_SIZE, Block, BlockRole, CallRecord, DownBlock, Limits, MAX_LAYERS, MAX_STATE_LENGTH,
    Operation, StateKind, TreeErrorKind, TreeSummary, UpBlock, VisitMarker, context_slot_of,
    mark_status, translate_down, translate_up, validate,
};

/// Most blocks one input describes.
const MAX_BLOCKS: usize = 48;
/// Zeroed bytes after the last block. The validator reads at most three state headers,
/// each at most `MAX_STATE_LENGTH` after the previous, starting `BLOCK_SIZE` after a
/// block: well under this.
const SLACK: usize = 8192;
/// Opaque pointer-sized values (bindings, canaries, tokens) are addresses in the slack
/// area, so even a value the library must never dereference points at readable memory.
const OPAQUE_SLOTS: usize = 64;
/// Tokens of the pool the token check may accept: opaque slots `POOL..POOL + 16`.
const POOL: usize = 32;

/// Header types the decoder favors: the four full types twice, then every other value
/// the state table names, the reserved ones, and 0.
const TYPES: [u8; 23] = [
    4, 8, 12, 17, 4, 8, 12, 17, 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15, 16, 0xFE, 0,
];

static GENERATION: AtomicUsize = AtomicUsize::new(1 << 20);

fn fresh_marker() -> VisitMarker {
    VisitMarker::from_generation(GENERATION.fetch_add(1, Ordering::Relaxed))
}

/// Reads the input front to back; an exhausted input reads as zeros.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Placeholder,
    /// Handle slot = host handle `handle` (usually the block's own).
    Object {
        handle: usize,
    },
}

#[derive(Clone, Debug)]
struct Spec {
    ty: u8,
    size: u16,
    next: Option<usize>,
    dep: Option<usize>,
    role: Role,
    /// `MiniportOffloadContext` of host handle `i` (the handle with this block's index).
    token: Token,
    /// State header lengths laid out after the block.
    lengths: Vec<u32>,
    /// Initial `MiniportReserved[0]` (even, so never a marker).
    stale: usize,
}

/// Bytes a state header of `length` takes in the layout: its length when the library
/// would step by it, else 8 (the library stops there).
fn span(length: u32) -> usize {
    if (size_of::<OFFLOAD_STATE_HEADER>() as u32..=MAX_STATE_LENGTH).contains(&length) {
        length as usize
    } else {
        size_of::<OFFLOAD_STATE_HEADER>()
    }
}

fn link(b: u8, i: usize, n: usize) -> Option<usize> {
    match b >> 6 {
        // Forward: tree-like (possibly shared by two parents).
        1 => Some(i + 1 + usize::from(b & 7)).filter(|&j| j < n),
        // Anywhere: cycles and self-links.
        2 => Some(usize::from(b & 63) % n),
        _ => None,
    }
}

/// A host handle's `MiniportOffloadContext` before the call.
#[derive(Clone, Copy, Debug)]
enum Token {
    /// NULL: a new offload in an initiate, not offloaded in the other operations.
    Null,
    /// Opaque slot `POOL + k`: accepted iff bit k of the accept mask is set.
    Pool(usize),
    /// Any other value (never accepted, never dereferenced).
    Raw(u32),
}

fn decode(inp: &mut Input, n: usize) -> Vec<Spec> {
    (0..n)
        .map(|i| {
            let t = inp.u8();
            let ty = if t < 0xE0 {
                TYPES[usize::from(t) % TYPES.len()]
            } else {
                t
            };
            let next = link(inp.u8(), i, n);
            let dep = link(inp.u8(), i, n);
            let r = inp.u8();
            let role = match r & 3 {
                0 => Role::Placeholder,
                3 if r & 0x80 != 0 => Role::Object {
                    handle: usize::from((r >> 2) & 0x1F) % n,
                },
                _ => Role::Object { handle: i },
            };
            let tk = inp.u8();
            let token = match tk & 3 {
                0 | 1 => Token::Null,
                2 => Token::Pool(usize::from(tk >> 2) % 16),
                _ => Token::Raw(inp.u32()),
            };
            let kinds = StateKind::sequence(OFFLOAD_STATE_TYPE::from_header_type(ty));
            let natural: Vec<u32> = kinds
                .unwrap_or(&[])
                .iter()
                .map(|k| k.size() as u32)
                .collect();
            let s = inp.u8();
            let lengths = match s & 3 {
                0 => Vec::new(),
                1 => natural,
                2 => {
                    let mut l = natural;
                    if l.is_empty() {
                        l.push(0);
                    }
                    let at = usize::from(s >> 2) % l.len();
                    l[at] = u32::from(inp.u16());
                    l
                }
                _ => (0..(s >> 2) % 5).map(|_| u32::from(inp.u16())).collect(),
            };
            let region: usize = lengths.iter().map(|&l| span(l)).sum();
            let host = BLOCK_SIZE + region;
            let z = inp.u8();
            let size = match z & 3 {
                0 => host,
                1 => BLOCK_SIZE,
                2 => usize::from(inp.u16()),
                _ => (host + usize::from(z >> 2)).saturating_sub(32),
            };
            Spec {
                ty,
                size: size.min(usize::from(u16::MAX)) as u16,
                next,
                dep,
                role,
                token,
                lengths,
                stale: usize::from(inp.u8()) << 4,
            }
        })
        .collect()
}

/// The IM's entry as a driver would lay it out: the handle first (OP-13).
#[repr(C)]
struct Entry {
    handle: NDIS_OFFLOAD_HANDLE,
    host: PNDIS_OFFLOAD_HANDLE,
    block: usize,
}

/// Why the model walk stopped: error kind, block index (None for a NULL root), depth.
type Stop = (TreeErrorKind, Option<usize>, u8);

/// The walk of OP-4 as plain recursion over indices (depth is at most three).
#[allow(clippy::too_many_arguments)]
fn model_walk(
    specs: &[Spec],
    first: usize,
    depth: usize,
    parent: Option<usize>,
    count: &mut usize,
    max: usize,
    f: &mut dyn FnMut(usize, usize, Option<usize>) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let mut cur = Some(first);
    while let Some(i) = cur {
        if *count >= max {
            return Err((TreeErrorKind::TooManyBlocks, Some(i), depth as u8));
        }
        *count += 1;
        f(i, depth, parent)?;
        if let Some(d) = specs[i].dep {
            if depth + 1 >= MAX_LAYERS {
                return Err((TreeErrorKind::TooDeep, Some(i), depth as u8));
            }
            model_walk(specs, d, depth + 1, Some(i), count, max, f)?;
        }
        cur = specs[i].next;
    }
    Ok(())
}

struct Model<'a> {
    specs: &'a [Spec],
    tokens: &'a [usize],
    offs: &'a [usize],
    op: Operation,
    accept: &'a dyn Fn(usize) -> bool,
}

impl Model<'_> {
    fn role(&self, i: usize) -> (BlockRole, usize) {
        match self.specs[i].role {
            Role::Placeholder => (BlockRole::Placeholder, 0),
            Role::Object { handle } => {
                let token = self.tokens[handle];
                let role = match (self.op, token == 0) {
                    (Operation::Initiate, true) => BlockRole::NewOffload,
                    (Operation::Initiate, false) => BlockRole::Linker,
                    _ => BlockRole::Existing,
                };
                (role, token)
            }
        }
    }

    /// OP-42a on a byte copy of the arena that gets the same marks, in the same order.
    fn validate(
        &self,
        root: Option<usize>,
        max: usize,
        mem: &mut [u8],
        marker: usize,
    ) -> Result<TreeSummary, Stop> {
        let Some(root) = root else {
            return Err((TreeErrorKind::NullRoot, None, 0));
        };
        let mut summary = TreeSummary::default();
        let mr0 = offset_of!(Block, MiniportReserved);
        let mut visit = |i: usize, depth: usize, parent: Option<usize>| {
            let at = self.offs[i] + mr0;
            let mark = usize::from_ne_bytes(mem[at..at + size_of::<usize>()].try_into().unwrap());
            let fail = |kind| Err((kind, Some(i), depth as u8));
            if mark == marker {
                return fail(TreeErrorKind::Revisited);
            }
            mem[at..at + size_of::<usize>()].copy_from_slice(&marker.to_ne_bytes());
            self.check_block(i, parent, &mut summary, mem).or_else(fail)
        };
        model_walk(self.specs, root, 0, None, &mut 0, max, &mut visit)?;
        Ok(summary)
    }

    fn check_block(
        &self,
        i: usize,
        parent: Option<usize>,
        summary: &mut TreeSummary,
        mem: &[u8],
    ) -> Result<(), TreeErrorKind> {
        let s = &self.specs[i];
        if usize::from(s.size) < BLOCK_SIZE {
            return Err(TreeErrorKind::HeaderSizeTooSmall { size: s.size });
        }
        let ty = OFFLOAD_STATE_TYPE::from_header_type(s.ty);
        if ty.layer() == Some(OffloadLayer::Tcp) && s.dep.is_some() {
            return Err(TreeErrorKind::TcpWithDependents);
        }
        if let Some(p) = parent {
            let pty = OFFLOAD_STATE_TYPE::from_header_type(self.specs[p].ty);
            if let (Some(pl), Some(cl)) = (pty.layer(), ty.layer())
                && cl <= pl
            {
                return Err(TreeErrorKind::LayerOrder {
                    parent: pty,
                    child: ty,
                });
            }
        }
        let (role, token) = self.role(i);
        summary.blocks += 1;
        match role {
            BlockRole::Placeholder => summary.placeholders += 1,
            BlockRole::NewOffload => {
                summary.new_offloads += 1;
                self.check_state(i, ty, mem)?;
            }
            BlockRole::Linker | BlockRole::Existing => {
                if role == BlockRole::Linker {
                    summary.linkers += 1;
                } else {
                    summary.existing += 1;
                }
                if token == 0 {
                    return Err(TreeErrorKind::NotOffloaded);
                }
                if !(self.accept)(token) {
                    return Err(TreeErrorKind::BadToken(token as PVOID));
                }
            }
        }
        Ok(())
    }

    fn check_state(
        &self,
        i: usize,
        ty: OFFLOAD_STATE_TYPE,
        mem: &[u8],
    ) -> Result<(), TreeErrorKind> {
        let size = self.specs[i].size;
        let Some(kinds) = StateKind::sequence(ty) else {
            return Err(TreeErrorKind::UnknownStateType(ty));
        };
        let bound = usize::from(size);
        let bounded = bound > BLOCK_SIZE;
        let mut offset = BLOCK_SIZE;
        for index in 0..kinds.len() {
            if bounded && offset + 8 > bound {
                return Err(TreeErrorKind::StatePastHeaderSize {
                    state_bytes: offset + 8 - BLOCK_SIZE,
                    size,
                });
            }
            let at = self.offs[i] + offset;
            let length = u32::from_le_bytes(mem[at..at + 4].try_into().unwrap());
            if length < 8 || (!bounded && length > MAX_STATE_LENGTH) {
                return Err(TreeErrorKind::BadStateLength {
                    index: index as u8,
                    length,
                });
            }
            offset += length as usize;
        }
        if bounded && offset > bound {
            return Err(TreeErrorKind::StatePastHeaderSize {
                state_bytes: offset - BLOCK_SIZE,
                size,
            });
        }
        Ok(())
    }

    /// The blocks `mark_status` writes: the walk until a revisit or a structural stop.
    fn reached(&self, root: Option<usize>, max: usize) -> Vec<(usize, Option<usize>)> {
        let mut out = Vec::new();
        let Some(root) = root else { return out };
        let mut seen = vec![false; self.specs.len()];
        let mut visit = |i: usize, _: usize, parent: Option<usize>| {
            if seen[i] {
                return Err((TreeErrorKind::Revisited, Some(i), 0));
            }
            seen[i] = true;
            out.push((i, parent));
            Ok(())
        };
        let _ = model_walk(self.specs, root, 0, None, &mut 0, max, &mut visit);
        out
    }
}

/// Byte offsets (relative to the arena) of the fields of a reached block that a
/// target may write or the IM may use while it holds the tree.
fn target_owned(off: usize) -> [std::ops::Range<usize>; 3] {
    let f = |o: usize, len: usize| off + o..off + o + len;
    [
        f(offset_of!(Block, Status), size_of::<NDIS_STATUS>()),
        f(offset_of!(Block, MiniportReserved), 2 * size_of::<PVOID>()),
        f(offset_of!(Block, Scratch), 2 * size_of::<PVOID>()),
    ]
}

fn assert_same_except(
    what: &str,
    before: &[u8],
    after: &[u8],
    excluded: &[std::ops::Range<usize>],
    offs: &[usize],
) {
    for (at, (a, b)) in before.iter().zip(after).enumerate() {
        if a != b && !excluded.iter().any(|r| r.contains(&at)) {
            let block = offs.iter().rposition(|&o| o <= at);
            let field = block.map(|k| at - offs[k]);
            panic!(
                "{what}: arena byte {at} changed {a:#04x} -> {b:#04x} (block {block:?}, offset {field:?}, BLOCK_SIZE {BLOCK_SIZE})"
            );
        }
    }
}

/// A copy of the block at byte `offset` of an arena snapshot.
fn block_at(bytes: &[u8], offset: usize) -> Block {
    assert!(offset + BLOCK_SIZE <= bytes.len());
    // SAFETY (harness): in bounds (checked); every bit pattern is a valid block (plain
    // integers and raw pointers); the copy may be misaligned.
    unsafe { ptr::read_unaligned(bytes[offset..].as_ptr().cast::<Block>()) }
}

fuzz_target!(|data: &[u8]| run(data));

#[allow(clippy::too_many_lines)]
fn run(data: &[u8]) {
    let mut inp = Input(data);
    let n = 1 + usize::from(inp.u8()) % MAX_BLOCKS;
    let op = [
        Operation::Initiate,
        Operation::Terminate,
        Operation::Update,
        Operation::Query,
        Operation::Invalidate,
    ][usize::from(inp.u8()) % 5];
    let flags = inp.u8();
    let limits = if flags & 1 != 0 {
        Limits {
            max_blocks: usize::from(flags >> 1) % (MAX_BLOCKS + 2),
        }
    } else {
        Limits::DEFAULT
    };
    let fail_at = match inp.u8() {
        f if f < 0x80 => None,
        f => Some(1 + usize::from(f & 0x7F) % MAX_BLOCKS),
    };
    let accept_mask = inp.u16();
    let root_sel = inp.u8();

    let mut specs = decode(&mut inp, n);
    let mut offs = Vec::with_capacity(n);
    let mut total = 0;
    for s in &specs {
        offs.push(total);
        let region: usize = s.lengths.iter().map(|&l| span(l)).sum();
        total = (total + BLOCK_SIZE + region).next_multiple_of(8);
    }
    // validate's contract: state readable up to Header.Size when that exceeds the
    // block. Keep every Header.Size inside the arena (larger values behave the same:
    // the validator never reads more than three headers MAX_STATE_LENGTH apart).
    for (s, &off) in specs.iter_mut().zip(&offs) {
        s.size = s
            .size
            .min((total + SLACK - off).min(usize::from(u16::MAX)) as u16);
    }
    // Blocks, zeroed slack, then the opaque slots.
    let opaque_base = total + SLACK;
    let mut arena = vec![0u64; (opaque_base + OPAQUE_SLOTS * size_of::<PVOID>()) / 8];
    let base = arena.as_mut_ptr().cast::<u8>();
    let arena_len = arena.len() * 8;
    let opaque = move |k: usize| base as usize + opaque_base + k * size_of::<PVOID>();
    let tokens: Vec<usize> = specs
        .iter()
        .map(|s| match s.token {
            Token::Null => 0,
            Token::Pool(k) => opaque(POOL + k),
            Token::Raw(v) => v as usize,
        })
        .collect();
    let block_ptr = |i: usize| base.wrapping_add(offs[i]).cast::<Block>();
    let index_of: HashMap<usize, usize> = (0..n).map(|i| (block_ptr(i) as usize, i)).collect();

    let mut handles = vec![NDIS_OFFLOAD_HANDLE::ZERO; n].into_boxed_slice();
    let handle_base = handles.as_mut_ptr();
    let binding = opaque(0) as PVOID;
    let lower_binding = opaque(1) as PVOID;
    let call_entry = opaque(2) as PVOID;
    for (i, &t) in tokens.iter().enumerate() {
        // SAFETY (harness): `i < n`, inside the handle array.
        unsafe { (*handle_base.add(i)).MiniportOffloadContext = t as PVOID };
    }
    for (i, s) in specs.iter().enumerate() {
        let b = block_ptr(i);
        let handle = match s.role {
            Role::Placeholder => ptr::null_mut(),
            Role::Object { handle } => handle_base.wrapping_add(handle),
        };
        let o = |k: usize| opaque(k) as PVOID;
        // SAFETY (harness): the block lies inside the zeroed, 8-aligned arena.
        let block = unsafe { &mut *b };
        block.Header = NDIS_OBJECT_HEADER::new(s.ty, 1, s.size);
        block.NextBlock = s.next.map_or(ptr::null_mut(), block_ptr);
        block.DependentBlockList = s.dep.map_or(ptr::null_mut(), block_ptr);
        block.Status = 0x0100_0000 + i as i32;
        block.NdisReserved = [o(3), o(4)];
        block.ProtocolReserved = [o(5), o(6)];
        block.MiniportReserved = [s.stale as PVOID, o(7)];
        block.ImReserved = [o(8 + i % 8), o(16)];
        block.Scratch = [o(17), o(18)];
        block.SourceHandle = o(19);
        block.PortNumber = i as u32;
        block.NetBufferListChain = ptr::null_mut();
        // OP-9: NDIS binds the handle and points the context slot at its
        // MiniportOffloadContext, or NULLs the context slot of a placeholder.
        block.NdisOffloadHandle = handle.cast();
        if handle.is_null() {
            block.MiniportOffloadContext = ptr::null_mut();
        } else {
            // SAFETY (harness): inside the handle array.
            let h = unsafe { &mut *handle };
            if h.NdisReserved[0].is_null() {
                h.NdisReserved[0] = binding;
            }
            block.MiniportOffloadContext = context_slot_of(handle);
        }
        let mut at = b.cast::<u8>().wrapping_add(BLOCK_SIZE);
        for &length in &s.lengths {
            let sp = span(length);
            // SAFETY (harness): the layout reserved `sp` bytes here.
            unsafe { ptr::write_bytes(at, 0xA5 ^ i as u8, sp) };
            let header = OFFLOAD_STATE_HEADER {
                Length: length,
                RecognizedOptions: 0,
            };
            // SAFETY (harness): as above.
            unsafe { ptr::write_unaligned(at.cast::<OFFLOAD_STATE_HEADER>(), header) };
            at = at.wrapping_add(sp);
        }
    }
    let root_index = (root_sel != 0xFF).then_some(usize::from(root_sel) % n);
    let root = root_index.map_or(ptr::null_mut(), block_ptr);
    if let Some(r) = root_index {
        // SAFETY (harness): a block of the arena.
        unsafe { (*block_ptr(r)).SourceHandle = binding };
    }

    let accept =
        move |t: usize| (0..16).any(|k| accept_mask & (1 << k) != 0 && t == opaque(POOL + k));
    let model = Model {
        specs: &specs,
        tokens: &tokens,
        offs: &offs,
        op,
        accept: &accept,
    };
    // SAFETY (harness): reads of the whole arena while nothing else accesses it.
    let snapshot = || unsafe { std::slice::from_raw_parts(base, arena_len) }.to_vec();
    let handle_bytes = |h: *const NDIS_OFFLOAD_HANDLE| {
        // SAFETY (harness): the whole handle array.
        unsafe { std::slice::from_raw_parts(h.cast::<u8>(), n * size_of::<NDIS_OFFLOAD_HANDLE>()) }
            .to_vec()
    };

    let mut model_mem = snapshot();
    let marker = fresh_marker();
    let expected = model.validate(
        root_index,
        limits.max_blocks,
        &mut model_mem,
        marker.get() as usize,
    );
    // SAFETY: every block reachable from `root` is in the arena; every non-NULL context
    // slot points into the handle array; state reads stay in the arena's slack.
    let result = unsafe { validate(root, op, limits, marker, |t| accept(t as usize)) };
    let got = result.map_err(|e| {
        let block = (!e.block.is_null()).then(|| index_of[&(e.block as usize)]);
        (e.kind, block, e.depth)
    });
    assert_eq!(
        got, expected,
        "validate vs model (op {op:?}, limits {limits:?})"
    );
    assert_eq!(snapshot(), model_mem, "validate may only write the markers");

    let reached = model.reached(root_index, limits.max_blocks);
    let excluded: Vec<_> = reached
        .iter()
        .flat_map(|&(i, _)| target_owned(offs[i]))
        .collect();

    let Ok(summary) = got else {
        let before = snapshot();
        // SAFETY: as for validate.
        let written = unsafe { mark_status(root, limits, fresh_marker(), NDIS_STATUS_FAILURE, None) };
        assert_eq!(written, reached.len(), "mark_status reach");
        for &(i, _) in &reached {
            // SAFETY (harness): a block of the arena.
            assert_eq!(unsafe { (*block_ptr(i)).Status }, NDIS_STATUS_FAILURE);
        }
        let only_status: Vec<_> = reached
            .iter()
            .flat_map(|&(i, _)| target_owned(offs[i]).into_iter().take(2))
            .collect();
        assert_same_except("mark_status", &before, &snapshot(), &only_status, &offs);
        return;
    };

    // Round trip: translate_down, NDIS's rewrite for the lower binding, a target,
    // translate_up.
    let before = snapshot();
    let handles_before = handle_bytes(handle_base);
    let non_placeholders: Vec<usize> = reached
        .iter()
        .map(|&(i, _)| i)
        .filter(|&i| model.role(i).0 != BlockRole::Placeholder)
        .collect();
    assert_eq!(
        non_placeholders.len(),
        summary.linkers + summary.new_offloads + summary.existing
    );
    let mut entries: Box<[Entry]> = (0..n)
        .map(|_| Entry {
            handle: NDIS_OFFLOAD_HANDLE::ZERO,
            host: ptr::null_mut(),
            block: usize::MAX,
        })
        .collect();
    let entry_base = entries.as_mut_ptr();
    let mut used = 0;
    let mut record = CallRecord::EMPTY;
    let handle_for = |d: &DownBlock| -> Result<PNDIS_OFFLOAD_HANDLE, usize> {
        if Some(used + 1) == fail_at {
            return Err(used);
        }
        let i = index_of[&(d.block as usize)];
        assert_eq!(i, non_placeholders[used], "translate_down order");
        let (role, token) = model.role(i);
        assert_eq!((d.role, d.token as usize), (role, token), "block {i}");
        let Role::Object { handle } = specs[i].role else {
            unreachable!()
        };
        assert_eq!(
            d.upper_handle,
            handle_base.wrapping_add(handle),
            "upper handle"
        );
        let e = entry_base.wrapping_add(used);
        // SAFETY (harness): `used < n`, inside the entry slab.
        unsafe {
            (*e).host = d.upper_handle;
            (*e).block = i;
        }
        used += 1;
        Ok(e.cast::<NDIS_OFFLOAD_HANDLE>())
    };
    // SAFETY: the tree was just validated for `op` with `limits` and is unchanged.
    let down = unsafe { translate_down(root, op, limits, call_entry, &mut record, handle_for) };
    let scratch0: Vec<_> = reached
        .iter()
        .map(|&(i, _)| {
            let o = offs[i] + offset_of!(Block, Scratch);
            o..o + size_of::<PVOID>()
        })
        .collect();
    let installed = match down {
        Err(at) => {
            assert_eq!(Some(at + 1), fail_at);
            assert_same_except(
                "translate_down rollback",
                &before,
                &snapshot(),
                &scratch0,
                &offs,
            );
            assert_eq!(handle_bytes(handle_base), handles_before);
            return;
        }
        Ok(installed) => installed,
    };
    assert_eq!(
        (installed, used),
        (non_placeholders.len(), non_placeholders.len())
    );
    let r = root_index.unwrap();
    let root_before = block_at(&before, offs[r]);
    assert_eq!(
        record.im_reserved, root_before.ImReserved,
        "record ImReserved"
    );
    assert_eq!(
        record.source_handle, root_before.SourceHandle,
        "record SourceHandle"
    );
    // SAFETY (harness): the root block.
    let root_now = unsafe { &*root };
    assert_eq!(root_now.ImReserved, [call_entry, root_before.ImReserved[1]]);
    for (k, &i) in non_placeholders.iter().enumerate() {
        // SAFETY (harness): a block of the arena.
        let h = unsafe { (*block_ptr(i)).NdisOffloadHandle };
        assert_eq!(
            h,
            entry_base.wrapping_add(k).cast(),
            "handle slot of block {i}"
        );
    }

    // NDIS on the IM's downward call (OP-9), then the target (OP-7): statuses, tokens
    // of new offloads, and its own use of MiniportReserved and Scratch.
    // SAFETY: validated tree; every non-NULL handle is an entry of the slab.
    unsafe { ndis_down_rewrite(root, lower_binding, limits) };
    let target_token = opaque(44) as PVOID;
    for (k, &(i, _)) in reached.iter().enumerate() {
        // SAFETY (harness): a block of the arena.
        let block = unsafe { &mut *block_ptr(i) };
        block.Status = 0x4000_0000 | k as i32;
        block.MiniportReserved = [opaque(40) as PVOID, opaque(41) as PVOID];
        block.Scratch = [opaque(42) as PVOID, opaque(43) as PVOID];
        if model.role(i).0 == BlockRole::NewOffload {
            let moc = block.MiniportOffloadContext;
            let slot = non_placeholders.iter().position(|&j| j == i).unwrap();
            assert_eq!(moc, context_slot_of(entry_base.wrapping_add(slot).cast()));
            // SAFETY (harness): the context slot of one of our entries.
            unsafe { *moc = target_token };
        }
    }
    let status_of: HashMap<usize, i32> = reached
        .iter()
        .enumerate()
        .map(|(k, &(i, _))| (i, 0x4000_0000 | k as i32))
        .collect();
    let mut restored_blocks = Vec::new();
    let restore = |u: &UpBlock| {
        let i = index_of[&(u.block as usize)];
        assert_eq!(u.status, status_of[&i], "status of block {i}");
        let off = (u.lower_handle as usize).wrapping_sub(entry_base as usize);
        assert!(
            off < n * size_of::<Entry>() && off.is_multiple_of(size_of::<Entry>()),
            "lower handle {:p} is not an entry",
            u.lower_handle
        );
        let e = &entries[off / size_of::<Entry>()];
        assert_eq!(e.block, i, "entry/block mismatch");
        restored_blocks.push(i);
        e.host
    };
    // SAFETY: the tree translate_down returned Ok for; links unchanged.
    let restored = unsafe { translate_up(root, limits, &record, restore) };
    assert_eq!(restored, installed);
    assert_eq!(restored_blocks, non_placeholders, "translate_up order");
    let after = snapshot();
    for (i, &o) in offs.iter().enumerate() {
        let b = block_at(&before, o);
        let a = block_at(&after, o);
        assert_eq!(
            a.NdisOffloadHandle, b.NdisOffloadHandle,
            "handle slot of block {i}"
        );
        assert_eq!(
            a.MiniportOffloadContext, b.MiniportOffloadContext,
            "context slot of block {i}"
        );
    }
    let root_after = block_at(&after, offs[r]);
    assert_eq!(
        root_after.ImReserved, root_before.ImReserved,
        "root ImReserved"
    );
    assert_eq!(
        root_after.SourceHandle, root_before.SourceHandle,
        "root SourceHandle"
    );
    assert_same_except("round trip", &before, &after, &excluded, &offs);
    assert_eq!(handle_bytes(handle_base), handles_before, "host handles");
    drop(entries);
    drop(handles);
    drop(arena);
}
