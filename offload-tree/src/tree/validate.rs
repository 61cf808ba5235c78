//! The OP-42a validator: decides, in one bounded pass with no allocation, whether a
//! tree is malformed, and names the first bad block. It also classifies every block
//! (OP-7) and counts what an operation will need. [`mark_status`] writes a status into
//! every block such a pass reaches, for completing a malformed tree (OP-40, OP-42a).

use core::mem::{offset_of, size_of};
use core::num::NonZeroUsize;
use core::ptr;

use super::walk::{Stop, Visit, each_block};
use super::{
    BLOCK_SIZE, Block, BlockRole, Limits, MAX_STATE_LENGTH, Operation, TreeError, TreeErrorKind,
};
use crate::abi::{NDIS_STATUS, OFFLOAD_STATE_HEADER, OFFLOAD_STATE_TYPE, OffloadLayer, PVOID};

/// A per-call value the validator stores in each block's `MiniportReserved[0]` to find
/// blocks reached twice in one pass (OP-42a). Its low bit is always set, so it never
/// equals an aligned pointer another driver may have left there; callers draw it from
/// a counter so that marks left by an earlier pass over reused blocks do not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VisitMarker(NonZeroUsize);

impl VisitMarker {
    /// The marker for pass number `generation`.
    #[must_use]
    pub const fn from_generation(generation: usize) -> Self {
        match NonZeroUsize::new((generation << 1) | 1) {
            Some(v) => Self(v),
            None => unreachable!(),
        }
    }

    /// The value stored in the block.
    #[must_use]
    pub const fn get(self) -> PVOID {
        self.0.get() as PVOID
    }
}

/// What a valid tree holds, by role (OP-7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TreeSummary {
    /// Every block.
    pub blocks: usize,
    /// Context slot NULL.
    pub placeholders: usize,
    /// Initiate blocks naming an offloaded object.
    pub linkers: usize,
    /// Initiate blocks offloading a new object (each needs an IM entry).
    pub new_offloads: usize,
    /// Non-initiate blocks naming an offloaded object.
    pub existing: usize,
}

/// The role of a block in an `op` tree (OP-7). Reads `*MiniportOffloadContext`.
///
/// # Safety
/// `block` must be a valid block whose non-NULL `MiniportOffloadContext` points to a
/// readable pointer slot (NDIS writes the address of the caller's handle slot, OP-9).
#[must_use]
pub unsafe fn role_of(op: Operation, block: *const Block) -> (BlockRole, PVOID) {
    // SAFETY: the caller guarantees `block` is valid.
    let moc = unsafe { (*block).MiniportOffloadContext };
    if moc.is_null() {
        return (BlockRole::Placeholder, ptr::null_mut());
    }
    // SAFETY: a non-NULL context slot points to a readable PVOID (caller's contract).
    let token = unsafe { moc.read() };
    let role = match (op, token.is_null()) {
        (Operation::Initiate, true) => BlockRole::NewOffload,
        (Operation::Initiate, false) => BlockRole::Linker,
        _ => BlockRole::Existing,
    };
    (role, token)
}

/// Validate the tree at `root` for operation `op` (OP-42a). `token_ok` is the
/// caller's O(1) check of a context it wrote upward earlier (OP-14), applied to every
/// linker and existing block. Marks each block's `MiniportReserved[0]` with `marker`.
///
/// # Errors
/// The first malformation found, naming its block.
///
/// # Safety
/// The contract of [`Walk::new`] for `root` and `limits`, with every reached block
/// writable in `MiniportReserved`; [`role_of`]'s contract for every reached block;
/// and for initiate new-offload blocks, the state their `Type` names must be readable
/// up to `Header.Size` when that is larger than the block, else up to
/// [`MAX_STATE_LENGTH`] bytes per structure after the block.
pub unsafe fn validate(
    root: *mut Block,
    op: Operation,
    limits: Limits,
    marker: VisitMarker,
    mut token_ok: impl FnMut(PVOID) -> bool,
) -> Result<TreeSummary, TreeError> {
    let mut summary = TreeSummary::default();
    let check = |visit: Visit| {
        let (block, depth) = (visit.block, visit.depth);
        let fail = move |kind| Err(TreeError { kind, block, depth });
        // SAFETY: reached blocks are valid and writable in MiniportReserved (contract).
        let already = unsafe { (*visit.block).MiniportReserved[0] == marker.get() };
        if already {
            return fail(TreeErrorKind::Revisited);
        }
        // SAFETY: as above.
        unsafe { (*visit.block).MiniportReserved[0] = marker.get() };
        if let Err(kind) = check_block(op, &visit, &mut summary, &mut token_ok) {
            return fail(kind);
        }
        Ok(())
    };
    // SAFETY: forwarded from this function's contract; the check writes no link.
    match unsafe { each_block(root, limits, check) } {
        Ok(_) => Ok(summary),
        Err(Stop::Tree(e) | Stop::Visitor(e)) => Err(e),
    }
}

/// Per `Header.Type` byte: the layer rank in bits 0-1 (0 none, 1 neighbor, 2 path,
/// 3 TCP: [`OFFLOAD_STATE_TYPE::layer`] in its order) and the number of state
/// structures the type names in bits 2-3 (0: unknown, [`super::StateKind::sequence`]).
/// One load per block instead of two matches.
const TYPE_INFO: [u8; 256] = type_info();

const fn type_info() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < table.len() {
        let ty = OFFLOAD_STATE_TYPE::from_header_type(i as u8);
        let rank = match ty.layer() {
            None => 0,
            Some(OffloadLayer::Neighbor) => 1,
            Some(OffloadLayer::Path) => 2,
            Some(OffloadLayer::Tcp) => 3,
        };
        let structures = match super::StateKind::sequence(ty) {
            Some(kinds) => kinds.len() as u8,
            None => 0,
        };
        table[i] = rank | (structures << 2);
        i += 1;
    }
    table
}

/// [`TYPE_INFO`]'s rank of a TCP type.
const TCP_RANK: u8 = 3;

/// Every OP-42a rule about one block.
#[inline]
fn check_block(
    op: Operation,
    visit: &Visit,
    summary: &mut TreeSummary,
    token_ok: &mut impl FnMut(PVOID) -> bool,
) -> Result<(), TreeErrorKind> {
    // SAFETY: the walk only yields valid blocks (validate's contract).
    let block = unsafe { &*visit.block };
    let size = block.Header.Size;
    if usize::from(size) < BLOCK_SIZE {
        return Err(TreeErrorKind::HeaderSizeTooSmall { size });
    }
    let info = TYPE_INFO[usize::from(block.Header.Type)];
    let rank = info & 3;
    if rank == TCP_RANK && !block.DependentBlockList.is_null() {
        return Err(TreeErrorKind::TcpWithDependents);
    }
    if !visit.parent.is_null() && rank != 0 {
        // SAFETY: the parent was yielded earlier by the same walk.
        let parent_type = unsafe { (*visit.parent).Header.Type };
        let parent_rank = TYPE_INFO[usize::from(parent_type)] & 3;
        if parent_rank != 0 && rank <= parent_rank {
            return Err(TreeErrorKind::LayerOrder {
                parent: OFFLOAD_STATE_TYPE::from_header_type(parent_type),
                child: OFFLOAD_STATE_TYPE::from_header_type(block.Header.Type),
            });
        }
    }
    // SAFETY: validate's contract covers role_of for reached blocks.
    let (role, token) = unsafe { role_of(op, visit.block) };
    summary.blocks += 1;
    match role {
        BlockRole::Placeholder => summary.placeholders += 1,
        BlockRole::NewOffload => {
            summary.new_offloads += 1;
            check_new_offload_state(visit.block, block.Header.Type, info >> 2, size)?;
        }
        BlockRole::Linker | BlockRole::Existing => {
            if role == BlockRole::Linker {
                summary.linkers += 1;
            } else {
                summary.existing += 1;
            }
            // A NULL context in a non-initiate tree is never handed to the token check.
            if token.is_null() {
                return Err(TreeErrorKind::NotOffloaded);
            }
            if !token_ok(token) {
                return Err(TreeErrorKind::BadToken(token));
            }
        }
    }
    Ok(())
}

/// OP-42a: a new offload's trailing state must match its `Type` (`header_type`, which
/// names `structures` state structures, 0 for an unknown type).
#[inline]
fn check_new_offload_state(
    block: *mut Block,
    header_type: u8,
    structures: u8,
    header_size: u16,
) -> Result<(), TreeErrorKind> {
    if structures == 0 {
        return Err(TreeErrorKind::UnknownStateType(
            OFFLOAD_STATE_TYPE::from_header_type(header_type),
        ));
    }
    // In u64, no sum of a block size and three u32 Lengths wraps; a byte count is
    // reported as the usize it saturates to (as a saturating usize sum would be).
    let bytes = |end: u64| usize::try_from(end).unwrap_or(usize::MAX) - BLOCK_SIZE;
    let bound = u64::from(header_size);
    // Header.Size larger than the block bounds the state; else each Length is bounded
    // by MAX_STATE_LENGTH.
    let bounded = bound > BLOCK_SIZE as u64;
    let mut offset = BLOCK_SIZE as u64;
    for index in 0..structures {
        let header_end = offset + size_of::<OFFLOAD_STATE_HEADER>() as u64;
        if bounded && header_end > bound {
            return Err(TreeErrorKind::StatePastHeaderSize {
                state_bytes: bytes(header_end),
                size: header_size,
            });
        }
        // SAFETY: the structure header at `offset` lies within Header.Size (checked
        // above) or within MAX_STATE_LENGTH of the previous one (validate's contract),
        // so `offset` fits a usize; it may be misaligned. Its first member is the Length.
        let length = unsafe {
            ptr::read_unaligned(
                block
                    .cast::<u8>()
                    .wrapping_add(offset as usize + offset_of!(OFFLOAD_STATE_HEADER, Length))
                    .cast::<u32>(),
            )
        };
        // A Length past Header.Size is reported below; without that bound, a Length
        // no known structure has cannot be stepped over safely.
        let unbounded_and_huge = !bounded && length > MAX_STATE_LENGTH;
        if length < size_of::<OFFLOAD_STATE_HEADER>() as u32 || unbounded_and_huge {
            return Err(TreeErrorKind::BadStateLength { index, length });
        }
        offset += u64::from(length);
    }
    if bounded && offset > bound {
        return Err(TreeErrorKind::StatePastHeaderSize {
            state_bytes: bytes(offset),
            size: header_size,
        });
    }
    // The iterator must agree with the validator on a valid tree.
    #[cfg(debug_assertions)]
    {
        // SAFETY: the headers just checked are all readable (same contract).
        let found = unsafe { super::StateIter::new(block) }.count();
        debug_assert_eq!(found, usize::from(structures));
    }
    Ok(())
}

/// Write `status` into every block a validation pass over `root` reached, each once —
/// for completing a malformed tree (OP-40 step 2, OP-42a). With `stopped_at` (the
/// block a [`TreeError`] names) it stops after that block, as the validator did;
/// without it, it writes every block reachable before the walk stops on structure (a
/// revisit, too deep, too many blocks). Uses `marker` like [`validate`]; pass a fresh
/// one. Returns how many blocks were written.
///
/// # Safety
/// As for [`validate`], with `Status` writable in every reached block.
pub unsafe fn mark_status(
    root: *mut Block,
    limits: Limits,
    marker: VisitMarker,
    status: NDIS_STATUS,
    stopped_at: Option<*const Block>,
) -> usize {
    let mut written = 0;
    let mark = |visit: Visit| {
        // SAFETY: reached blocks are valid and writable (contract).
        let block = unsafe { &mut *visit.block };
        if block.MiniportReserved[0] == marker.get() {
            return Err(());
        }
        block.MiniportReserved[0] = marker.get();
        block.Status = status;
        written += 1;
        if stopped_at == Some(visit.block.cast_const()) {
            return Err(());
        }
        Ok(())
    };
    // SAFETY: forwarded from this function's contract; the marking writes no link.
    let _ = unsafe { each_block(root, limits, mark) };
    written
}
