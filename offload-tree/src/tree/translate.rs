//! The in-place translator an intermediate driver runs on a tree it relays (OP-11,
//! OP-17, OP-18, ST-11.4): on the way down it installs its own handle in every
//! non-placeholder block and saves the root's `ImReserved`/`SourceHandle` in a call
//! record; on the way up it restores every byte it touched and hands each block's
//! status to the caller. `Status`, links and trailing state are never written.

use core::mem::{offset_of, size_of};
use core::ptr;

use super::validate::role_of;
use super::walk::{Visit, each_block};
use super::{Block, BlockRole, Limits, Operation};
use crate::abi::{NDIS_OFFLOAD_HANDLE, NDIS_STATUS, PNDIS_OFFLOAD_HANDLE, PVOID};

/// What the IM saves of the root for the duration of one operation (OP-15, OP-17 D4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallRecord {
    /// The root's `ImReserved[0..1]` as the caller had them.
    pub im_reserved: [PVOID; 2],
    /// The root's `SourceHandle` as it reached the IM.
    pub source_handle: PVOID,
}

impl CallRecord {
    /// An empty record.
    pub const EMPTY: Self = Self {
        im_reserved: [ptr::null_mut(); 2],
        source_handle: ptr::null_mut(),
    };
}

impl Default for CallRecord {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// A non-placeholder block on the way down.
#[derive(Clone, Copy, Debug)]
pub struct DownBlock {
    /// The block.
    pub block: *mut Block,
    /// Its layer depth.
    pub depth: u8,
    /// Linker, new offload or existing (OP-7).
    pub role: BlockRole,
    /// The handle slot as the IM received it: the caller's `PNDIS_OFFLOAD_HANDLE`.
    pub upper_handle: PNDIS_OFFLOAD_HANDLE,
    /// `*MiniportOffloadContext`: the IM's own token for linkers and existing objects,
    /// NULL for new offloads.
    pub token: PVOID,
}

/// A non-placeholder block on the way up.
#[derive(Clone, Copy, Debug)]
pub struct UpBlock {
    /// The block.
    pub block: *mut Block,
    /// Its layer depth.
    pub depth: u8,
    /// `Status` as the target wrote it.
    pub status: NDIS_STATUS,
    /// The handle slot as it comes back: the IM's own handle installed on the way down.
    pub lower_handle: PNDIS_OFFLOAD_HANDLE,
}

bitflags::bitflags! {
    /// Restores a test may switch off to prove the property tests notice (test only).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) struct Skip: u8 {
        const ROOT_IM_RESERVED = 1;
        const ROOT_SOURCE_HANDLE = 2;
        const HANDLE_SLOT = 4;
        const CONTEXT_SLOT = 8;
        const ROLLBACK_HANDLE_SLOT = 16;
    }
}

/// `&handle->MiniportOffloadContext`, computed without dereferencing `handle`.
#[must_use]
pub fn context_slot_of(handle: PNDIS_OFFLOAD_HANDLE) -> *mut PVOID {
    handle
        .cast::<PVOID>()
        .wrapping_add(offset_of!(NDIS_OFFLOAD_HANDLE, MiniportOffloadContext) / size_of::<PVOID>())
}

/// Translate a validated `op` tree for the downward call (OP-17 D3–D4): for each
/// non-placeholder block, `handle_for` supplies the IM's handle, which replaces the
/// handle slot; then the root's `ImReserved` and `SourceHandle` go into `record` and
/// `call_entry` into the root's `ImReserved[0]`. If `handle_for` fails, every handle
/// slot already replaced is restored, the root is untouched, and the error is returned
/// (OP-22 step 5). Placeholders are left as they are: NDIS already made their handle
/// slot NULL (OP-9). Uses each block's `Scratch[0]` while it holds the tree.
///
/// # Errors
/// The first error of `handle_for`.
///
/// # Safety
/// `root` must be a tree that [`super::validate`] accepted for `op` with `limits`,
/// unchanged since, whose blocks are writable and stay valid for the call.
pub unsafe fn translate_down<E>(
    root: *mut Block,
    op: Operation,
    limits: Limits,
    call_entry: PVOID,
    record: &mut CallRecord,
    handle_for: impl FnMut(&DownBlock) -> Result<PNDIS_OFFLOAD_HANDLE, E>,
) -> Result<usize, E> {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        translate_down_with(
            root,
            op,
            limits,
            call_entry,
            record,
            handle_for,
            Skip::empty(),
        )
    }
}

/// [`translate_down`] with restores switchable for tests.
///
/// # Safety
/// As [`translate_down`].
pub(crate) unsafe fn translate_down_with<E>(
    root: *mut Block,
    op: Operation,
    limits: Limits,
    call_entry: PVOID,
    record: &mut CallRecord,
    mut handle_for: impl FnMut(&DownBlock) -> Result<PNDIS_OFFLOAD_HANDLE, E>,
    skip: Skip,
) -> Result<usize, E> {
    let mut installed = 0;
    let mut failure = None;
    let install = |visit: Visit| {
        // SAFETY: validated blocks satisfy role_of's contract.
        let (role, token) = unsafe { role_of(op, visit.block) };
        if role == BlockRole::Placeholder {
            return Ok(());
        }
        // SAFETY: reached blocks are valid and writable (contract).
        let block = unsafe { &mut *visit.block };
        let upper_handle = block.NdisOffloadHandle.cast::<NDIS_OFFLOAD_HANDLE>();
        let down = DownBlock {
            block: visit.block,
            depth: visit.depth,
            role,
            upper_handle,
            token,
        };
        match handle_for(&down) {
            Ok(mine) => {
                debug_assert!(!mine.is_null(), "a non-placeholder needs a lower handle");
                block.Scratch[0] = upper_handle.cast();
                block.NdisOffloadHandle = mine.cast();
                installed += 1;
                Ok(())
            }
            Err(e) => {
                failure = Some((e, visit.block));
                Err(())
            }
        }
    };
    // SAFETY: a validated tree satisfies the walk's contract (this function's contract);
    // only handle slots and Scratch are written. A validated tree has no structural
    // error to report.
    let _ = unsafe { each_block(root, limits, install) };
    if let Some((error, failed_at)) = failure {
        if !skip.contains(Skip::ROLLBACK_HANDLE_SLOT) {
            // SAFETY: as above; the same walk visits the same blocks in the same order.
            unsafe { roll_back(root, op, limits, failed_at) };
        }
        return Err(error);
    }
    // SAFETY: the root is a valid, writable block (contract).
    let root = unsafe { &mut *root };
    *record = CallRecord {
        im_reserved: root.ImReserved,
        source_handle: root.SourceHandle,
    };
    root.ImReserved[0] = call_entry;
    Ok(installed)
}

/// Put back the handle slots replaced before `failed_at`.
///
/// # Safety
/// As [`translate_down`], after its walk stopped at `failed_at`.
unsafe fn roll_back(root: *mut Block, op: Operation, limits: Limits, failed_at: *mut Block) {
    let undo = |visit: Visit| {
        if visit.block == failed_at {
            return Err(());
        }
        // SAFETY: forwarded from the caller.
        if unsafe { role_of(op, visit.block) }.0 != BlockRole::Placeholder {
            // SAFETY: forwarded from the caller.
            let block = unsafe { &mut *visit.block };
            block.NdisOffloadHandle = block.Scratch[0];
        }
        Ok(())
    };
    // SAFETY: forwarded from the caller; only handle slots are written.
    let _ = unsafe { each_block(root, limits, undo) };
}

/// Undo [`translate_down`] on completion (OP-18 U1–U2): restore the root's
/// `ImReserved` and `SourceHandle` from `record`; then for each block whose handle slot
/// is non-NULL (not a placeholder), ask `restore` for the caller's handle, write it
/// back into the handle slot, and write `&handle->MiniportOffloadContext` into the
/// context slot (OP-11). Returns the number of blocks restored.
///
/// # Safety
/// `root` must be the tree `translate_down` returned `Ok` for, completed by the lower
/// driver without changes to its links, and writable.
pub unsafe fn translate_up(
    root: *mut Block,
    limits: Limits,
    record: &CallRecord,
    restore: impl FnMut(&UpBlock) -> PNDIS_OFFLOAD_HANDLE,
) -> usize {
    // SAFETY: forwarded from this function's contract.
    unsafe { translate_up_with(root, limits, record, restore, Skip::empty()) }
}

/// [`translate_up`] with restores switchable for tests.
///
/// # Safety
/// As [`translate_up`].
pub(crate) unsafe fn translate_up_with(
    root: *mut Block,
    limits: Limits,
    record: &CallRecord,
    mut restore: impl FnMut(&UpBlock) -> PNDIS_OFFLOAD_HANDLE,
    skip: Skip,
) -> usize {
    {
        // SAFETY: the root is a valid, writable block (contract).
        let root = unsafe { &mut *root };
        if !skip.contains(Skip::ROOT_IM_RESERVED) {
            root.ImReserved = record.im_reserved;
        }
        if !skip.contains(Skip::ROOT_SOURCE_HANDLE) {
            root.SourceHandle = record.source_handle;
        }
    }
    let mut restored = 0;
    let give_back = |visit: Visit| {
        // SAFETY: the tree passed validation on the way down and its links are unchanged.
        let block = unsafe { &mut *visit.block };
        let lower_handle = block.NdisOffloadHandle.cast::<NDIS_OFFLOAD_HANDLE>();
        if lower_handle.is_null() {
            return Ok::<(), ()>(());
        }
        let upper = restore(&UpBlock {
            block: visit.block,
            depth: visit.depth,
            status: block.Status,
            lower_handle,
        });
        if !skip.contains(Skip::HANDLE_SLOT) {
            block.NdisOffloadHandle = upper.cast();
        }
        if !skip.contains(Skip::CONTEXT_SLOT) {
            block.MiniportOffloadContext = context_slot_of(upper);
        }
        restored += 1;
        Ok(())
    };
    // SAFETY: as above; only handle and context slots are written.
    let _ = unsafe { each_block(root, limits, give_back) };
    restored
}
