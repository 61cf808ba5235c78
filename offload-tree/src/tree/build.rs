//! Building trees in owned memory (feature `alloc`), for tests, benchmarks, fuzzing
//! and the simulator's host model: blocks and their trailing state laid out the way
//! the Windows host stack lays them out, linked as a [`NodeSpec`] forest describes,
//! plus [`ndis_down_rewrite`], the rewrite NDIS applies to a tree on every downward
//! call (OP-9). Never used by the driver.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::mem::size_of;
use core::ptr;

use super::state::StateKind;
use super::translate::context_slot_of;
use super::walk::Walk;
use super::{BLOCK_SIZE, Block, Limits};
use crate::abi::{
    NDIS_OBJECT_HEADER, NDIS_OFFLOAD_HANDLE, OFFLOAD_STATE_HEADER, OFFLOAD_STATE_TYPE, PVOID,
};

/// What a block of a built tree stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// No handle (OP-7 placeholder).
    Placeholder,
    /// An object with its own handle; `token` is the handle's `MiniportOffloadContext`
    /// before the call (NULL = new offload in an initiate; non-NULL = already
    /// offloaded: a linker in an initiate, the object in the other operations).
    Object {
        /// The lower driver's context for the object, or NULL.
        token: usize,
    },
}

/// One block to build, with its dependents (the next layer up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpec {
    /// `Header.Type`.
    pub ty: OFFLOAD_STATE_TYPE,
    /// Placeholder or object.
    pub kind: NodeKind,
    /// Lengths of the trailing state structures (`None` = no state; `Some(vec![])` =
    /// the structures the type names at their full size).
    pub state: Option<Vec<u32>>,
    /// Dependent blocks, first to last.
    pub dependents: Vec<NodeSpec>,
}

impl NodeSpec {
    /// A block of type `ty` with no state and no dependents.
    #[must_use]
    pub fn new(ty: OFFLOAD_STATE_TYPE, kind: NodeKind) -> Self {
        Self {
            ty,
            kind,
            state: None,
            dependents: Vec::new(),
        }
    }

    /// With the full-size state its type names.
    #[must_use]
    pub fn with_state(mut self) -> Self {
        self.state = Some(Vec::new());
        self
    }

    /// With these dependents.
    #[must_use]
    pub fn with_dependents(mut self, dependents: Vec<NodeSpec>) -> Self {
        self.dependents = dependents;
        self
    }
}

/// How `Header.Size` is filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderSizeStyle {
    /// Block plus trailing state, as the Windows host stack does (OP-5 [host]).
    BlockAndState,
    /// The block alone, as the documentation says.
    BlockOnly,
}

/// A tree in owned memory. Blocks never move while the tree lives.
///
/// # Invariants
/// `blocks` point into `arena`, `handles` is a separate fixed allocation, and the links
/// between blocks are those the spec described.
pub struct BuiltTree {
    arena: Box<[u64]>,
    /// Every block, in the walker's depth-first order.
    pub blocks: Vec<*mut Block>,
    /// One host handle per block (unused for placeholders), in block order.
    pub handles: Box<[NDIS_OFFLOAD_HANDLE]>,
    /// Bytes of trailing state laid out after each block, in block order.
    pub state_bytes: Vec<usize>,
}

// The tree is plain memory owned by the struct.
// SAFETY: the raw pointers all point into memory the BuiltTree owns.
unsafe impl Send for BuiltTree {}

impl BuiltTree {
    /// The root block (the first of the root layer), or NULL for an empty forest.
    #[must_use]
    pub fn root(&self) -> *mut Block {
        self.blocks.first().copied().unwrap_or(ptr::null_mut())
    }

    /// Block `index` in depth-first order.
    #[must_use]
    pub fn block(&self, index: usize) -> *mut Block {
        self.blocks[index]
    }

    /// Bytes of arena memory.
    #[must_use]
    pub fn arena_bytes(&self) -> usize {
        self.arena.len() * size_of::<u64>()
    }

    /// Build `forest` (the root layer's blocks, first to last). Each state structure
    /// gets its header and a byte pattern derived from `fill`.
    #[must_use]
    pub fn build(forest: &[NodeSpec], style: HeaderSizeStyle, fill: u8) -> Self {
        let mut order = Vec::new();
        flatten(forest, &mut order);
        let mut offsets = Vec::with_capacity(order.len());
        let mut total = 0usize;
        for node in &order {
            offsets.push(total);
            total += BLOCK_SIZE + state_bytes(node);
            total = total.next_multiple_of(8);
        }
        // Trailing slack so that a reader stepping by a bad Length stays in memory.
        let words = (total + 4096) / size_of::<u64>();
        let mut arena = vec![0u64; words].into_boxed_slice();
        let base = arena.as_mut_ptr();
        let mut handles = vec![NDIS_OFFLOAD_HANDLE::ZERO; order.len()].into_boxed_slice();
        let handle_base = handles.as_mut_ptr();
        // Offsets are multiples of 8, so every block is 8-aligned in the u64 arena.
        let blocks: Vec<*mut Block> = offsets
            .iter()
            .map(|&o| base.wrapping_add(o / size_of::<u64>()).cast::<Block>())
            .collect();
        let mut next_index = 0;
        link(forest, &blocks, &mut next_index);
        for (i, node) in order.iter().enumerate() {
            let state = state_bytes(node);
            let size = match style {
                HeaderSizeStyle::BlockAndState => BLOCK_SIZE + state,
                HeaderSizeStyle::BlockOnly => BLOCK_SIZE,
            };
            let block_ptr = blocks[i];
            // SAFETY: `block_ptr` is inside the zeroed arena with room for the block
            // and its state, 8-aligned; nothing else references it yet.
            let block = unsafe { &mut *block_ptr };
            block.Header = NDIS_OBJECT_HEADER::new(
                u8::try_from(node.ty.0).unwrap_or(u8::MAX),
                1,
                size.min(usize::from(u16::MAX)) as u16,
            );
            if let NodeKind::Object { token } = node.kind {
                handles[i].MiniportOffloadContext = token as PVOID;
                block.NdisOffloadHandle = handle_base.wrapping_add(i).cast();
            }
            write_state(blocks[i], node, fill.wrapping_add(i as u8));
        }
        let state_bytes = order.iter().map(|n| state_bytes(n)).collect();
        Self {
            arena,
            blocks,
            handles,
            state_bytes,
        }
    }
}

fn flatten<'a>(layer: &'a [NodeSpec], out: &mut Vec<&'a NodeSpec>) {
    for node in layer {
        out.push(node);
        flatten(&node.dependents, out);
    }
}

fn lengths(node: &NodeSpec) -> Vec<u32> {
    match &node.state {
        None => Vec::new(),
        Some(given) if !given.is_empty() => given.clone(),
        Some(_) => StateKind::sequence(node.ty)
            .unwrap_or(&[])
            .iter()
            .map(|k| k.size() as u32)
            .collect(),
    }
}

fn state_bytes(node: &NodeSpec) -> usize {
    lengths(node).iter().map(|&l| l.max(8) as usize).sum()
}

/// Set NextBlock/DependentBlockList for a layer; `next` walks the depth-first order.
fn link(layer: &[NodeSpec], blocks: &[*mut Block], next: &mut usize) -> *mut Block {
    let mut first = ptr::null_mut();
    let mut prev: *mut Block = ptr::null_mut();
    for node in layer {
        let me = blocks[*next];
        *next += 1;
        let dependents = link(&node.dependents, blocks, next);
        // SAFETY: `me` and `prev` are distinct blocks in the arena being built.
        unsafe { (*me).DependentBlockList = dependents };
        if prev.is_null() {
            first = me;
        } else {
            // SAFETY: as above.
            unsafe { (*prev).NextBlock = me };
        }
        prev = me;
    }
    first
}

fn write_state(block: *mut Block, node: &NodeSpec, fill: u8) {
    let mut at = block.cast::<u8>().wrapping_add(BLOCK_SIZE);
    for length in lengths(node) {
        let span = length.max(8) as usize;
        // SAFETY: `state_bytes` reserved `span` bytes here in the arena.
        unsafe { ptr::write_bytes(at, fill, span) };
        let header = OFFLOAD_STATE_HEADER {
            Length: length,
            RecognizedOptions: 0,
        };
        // SAFETY: as above; the header may be misaligned.
        unsafe { ptr::write_unaligned(at.cast::<OFFLOAD_STATE_HEADER>(), header) };
        at = at.wrapping_add(span);
    }
}

/// What NDIS does to a tree when a protocol calls one of the five `Ndis*Offload`
/// functions on `binding` (OP-9 steps 1–2): stamp the root's `SourceHandle`; for every
/// block, bind a fresh handle to `binding` and point the context slot at the handle's
/// `MiniportOffloadContext`, or NULL the context slot of a placeholder.
///
/// # Safety
/// The contract of [`Walk::new`], with every block and every non-NULL handle writable.
pub unsafe fn ndis_down_rewrite(root: *mut Block, binding: PVOID, limits: Limits) {
    if root.is_null() {
        return;
    }
    // SAFETY: the root is valid (contract).
    unsafe { (*root).SourceHandle = binding };
    // SAFETY: forwarded from the contract.
    for visit in unsafe { Walk::new(root, limits) }.map_while(Result::ok) {
        // SAFETY: reached blocks are valid and writable (contract).
        let block = unsafe { &mut *visit.block };
        let handle = block.NdisOffloadHandle.cast::<NDIS_OFFLOAD_HANDLE>();
        if handle.is_null() {
            block.MiniportOffloadContext = ptr::null_mut();
        } else {
            // SAFETY: non-NULL handles are writable (contract).
            let h = unsafe { &mut *handle };
            if h.NdisReserved[0].is_null() {
                h.NdisReserved[0] = binding;
            }
            block.MiniportOffloadContext = context_slot_of(handle);
        }
    }
}
