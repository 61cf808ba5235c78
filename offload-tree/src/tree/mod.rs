//! The offload state-tree engine: a bounded walker over the blocks of a tree given as a
//! raw root pointer ([`walk`]), views of the state that trails a block ([`state`]), the
//! OP-42a validator ([`validate`]) and the in-place translator an intermediate driver
//! needs to pass a tree from its miniport edge to its protocol edge and back
//! ([`translate`]). The memory belongs to the caller; nothing is allocated, nothing
//! recurses, and every loop is bounded by [`Limits`].

use core::fmt;
use core::mem::size_of;

use crate::abi::{NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, OFFLOAD_STATE_TYPE, PVOID};

#[cfg(feature = "alloc")]
pub mod build;
pub mod state;
pub mod translate;
pub mod validate;
pub mod walk;

pub use state::{PlainState, StateIter, StateKind, StateRef, StateView};
pub use translate::{
    CallRecord, DownBlock, UpBlock, context_slot_of, translate_down, translate_up,
};
pub use validate::{TreeSummary, VisitMarker, mark_status, role_of, validate};
pub use walk::{Stop, Visit, Walk, each_block};

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

/// A block as the walker handles it: the miniport view (both views overlay, ST-11.1).
pub type Block = NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;

/// Size of one block on this target; state starts right after it (ST-11.5).
pub const BLOCK_SIZE: usize = size_of::<Block>();

/// Layers a tree can have: neighbor → path → TCP (ST-11.5, OP-4).
pub const MAX_LAYERS: usize = 3;

/// The five state operations (OP-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// NdisInitiateOffload.
    Initiate,
    /// NdisTerminateOffload.
    Terminate,
    /// NdisUpdateOffload.
    Update,
    /// NdisQueryOffloadState.
    Query,
    /// NdisInvalidateOffload.
    Invalidate,
}

/// A block's role (OP-7), decided from its context slot as the miniport side sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockRole {
    /// Context slot NULL: only carries links; no state.
    Placeholder,
    /// Initiate: names an object already offloaded (`*MOC` non-NULL); no state.
    Linker,
    /// Initiate: a new object (`*MOC` NULL); full state follows.
    NewOffload,
    /// Terminate, update, query, invalidate: names an offloaded object.
    Existing,
}

/// Bounds on a tree (OP-42a): depth is fixed at [`MAX_LAYERS`]; the block count is
/// configurable and must be at least three times the binding's entry capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most blocks a tree may have.
    pub max_blocks: usize,
}

impl Limits {
    /// The default block limit: room for three layers of a 64 Ki-connection binding.
    pub const DEFAULT: Self = Self {
        max_blocks: 3 * 65_536,
    };

    /// The limit OP-42a requires for a binding with `entry_capacity` entries.
    #[must_use]
    pub const fn for_entry_capacity(entry_capacity: usize) -> Self {
        Self {
            max_blocks: entry_capacity.saturating_mul(3),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Largest `OFFLOAD_STATE_HEADER.Length` accepted. The largest state structure is
/// 128 bytes; a larger length cannot describe a known structure, and stepping by an
/// unbounded length would read arbitrary memory.
pub const MAX_STATE_LENGTH: u32 = 1024;

/// Why a tree is malformed (OP-42a).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeErrorKind {
    /// The root pointer is NULL.
    NullRoot,
    /// A block is reached twice: a cycle or a shared block.
    Revisited,
    /// A chain of `DependentBlockList` links is deeper than three layers.
    TooDeep,
    /// More blocks than [`Limits::max_blocks`].
    TooManyBlocks,
    /// `Header.Size` is smaller than the block itself.
    HeaderSizeTooSmall {
        /// The size found.
        size: u16,
    },
    /// A block whose `Type` names TCP state has dependents.
    TcpWithDependents,
    /// A dependent's `Type` does not name a layer above its parent's.
    LayerOrder {
        /// The parent's type.
        parent: OFFLOAD_STATE_TYPE,
        /// The dependent's type.
        child: OFFLOAD_STATE_TYPE,
    },
    /// A new-offload block's `Type` names no known state.
    UnknownStateType(OFFLOAD_STATE_TYPE),
    /// A state structure's `Length` is smaller than its header, or larger than
    /// [`MAX_STATE_LENGTH`].
    BadStateLength {
        /// Index of the structure after the block (0 = first).
        index: u8,
        /// The length found.
        length: u32,
    },
    /// The trailing state runs past `Header.Size` (when that is larger than the block).
    StatePastHeaderSize {
        /// Bytes of state found.
        state_bytes: usize,
        /// `Header.Size`.
        size: u16,
    },
    /// A linker's or existing block's `*MiniportOffloadContext` fails the token check.
    BadToken(PVOID),
    /// A terminate/update/query/invalidate block that is not a placeholder has a NULL
    /// `*MiniportOffloadContext`.
    NotOffloaded,
}

/// A malformed tree: what is wrong and the block it was found at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeError {
    /// What is wrong.
    pub kind: TreeErrorKind,
    /// The block (NULL for [`TreeErrorKind::NullRoot`]).
    pub block: *const Block,
    /// Its depth (root layer = 0).
    pub depth: u8,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "malformed offload tree at block {:p} (depth {}): {:?}",
            self.block, self.depth, self.kind
        )
    }
}

impl core::error::Error for TreeError {}
