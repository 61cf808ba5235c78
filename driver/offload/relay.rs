//! The relay of the five state operations (OP-17..OP-31, OP-40..OP-42a): the upper-edge
//! `MiniportXxxOffload` handlers validate the tree (OP-42a), refuse or fail an initiate
//! as a whole (OP-40, OP-41), take a call entry and, for initiate, every new entry up
//! front, translate the tree in place with `offload_tree::tree::translate_down` and call
//! `NdisXxxOffload` on the binding; the lower-edge `ProtocolXxxOffloadComplete`
//! handlers undo the translation with `translate_up`, apply the per-block outcome
//! (OP-24, OP-29) and complete upward inside the completion (OP-18 U5). Operations that
//! must not fail wait in a FIFO for a call entry (OP-42).

use core::mem::{offset_of, size_of};
use core::ptr;
use core::sync::atomic::Ordering;

use offload_tree::abi::{
    NDIS_STATUS, NDIS_STATUS_FAILURE, NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS, NDIS_STATUS_RESOURCES,
    NDIS_STATUS_SUCCESS, OFFLOAD_STATE_TYPE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    PNDIS_OFFLOAD_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PNET_BUFFER_LIST, PVOID,
    TCP_OFFLOAD_STATE_DELEGATED,
};
use offload_tree::tree::{
    Block, BlockRole, CallRecord, DownBlock, Limits, Operation, StateIter, StateKind, UpBlock,
    Visit, context_slot_of, each_block, mark_status, role_of, translate_down, translate_up,
    validate,
};

use super::table::{CallEntry, Entry, Slab, op_code, state};
use super::{MAX_CHAIN, restore_chain, save_chain, uncount_save_areas};
use crate::binding::{Binding, BindingState, Power, unbind_phase};
use crate::ndis::{NDIS_HANDLE, from_chimney};
use crate::platform::Ndis;
use crate::recorder::Op;

/// `NdisXxxOffload(lower, root)` for `op`.
///
/// # Safety
/// `lower` is the open binding handle and `root` a tree the IM relays (OP-17 D6).
unsafe fn call_down<N: Ndis>(op: Operation, lower: NDIS_HANDLE, root: *mut Block) {
    let r: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST = root.cast();
    match op {
        // SAFETY: forwarded from the caller (each arm).
        Operation::Initiate => unsafe { N::ndis_initiate_offload(lower, r) },
        // SAFETY: as above.
        Operation::Terminate => unsafe { N::ndis_terminate_offload(lower, r) },
        // SAFETY: as above.
        Operation::Update => unsafe { N::ndis_update_offload(lower, r) },
        // SAFETY: as above.
        Operation::Query => unsafe { N::ndis_query_offload_state(lower, r) },
        // SAFETY: as above.
        Operation::Invalidate => unsafe { N::ndis_invalidate_offload(lower, r) },
    }
}

/// `NdisMXxxComplete(velan, root)` for `op` (OP-18 U4).
///
/// # Safety
/// `velan` is the velan's miniport handle and `root` the tree NDIS handed it.
unsafe fn call_up<N: Ndis>(op: Operation, velan: NDIS_HANDLE, root: *mut Block) {
    let r: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST = root;
    match op {
        // SAFETY: forwarded from the caller (each arm).
        Operation::Initiate => unsafe { N::ndis_m_initiate_offload_complete(velan, r) },
        // SAFETY: as above.
        Operation::Terminate => unsafe { N::ndis_m_terminate_offload_complete(velan, r) },
        // SAFETY: as above.
        Operation::Update => unsafe { N::ndis_m_update_offload_complete(velan, r) },
        // SAFETY: as above.
        Operation::Query => unsafe { N::ndis_m_query_offload_state_complete(velan, r) },
        // SAFETY: as above.
        Operation::Invalidate => unsafe { N::ndis_m_invalidate_offload_complete(velan, r) },
    }
}

/// The operation stored as a code (deferred queue).
const fn op_of(code: u8) -> Option<Operation> {
    match code {
        1 => Some(Operation::Initiate),
        2 => Some(Operation::Terminate),
        3 => Some(Operation::Update),
        4 => Some(Operation::Query),
        5 => Some(Operation::Invalidate),
        _ => None,
    }
}

/// Whether a token from above names an entry `op` may use: a linker or an existing
/// object must be offloaded (or kept after a failed terminate, OP-29); an object still
/// being offloaded or terminated is not (OP-20, OP-27).
fn usable(e: &Entry) -> bool {
    matches!(e.state(), state::OFFLOADED | state::TERMINATE_FAILED)
}

/// Why the IM refuses an initiate (OP-41), if it does.
fn refused<N: Ndis>(b: &Binding<N>) -> bool {
    let st = b.states();
    // `offered`: chimney on (EV-50) and a family left on (EV-41).
    !super::offered(b)
        || st.draining
        || b.lower().is_null()
        || b.velan().is_null()
        || st.binding != BindingState::Running
        || b.unbind_phase.load(Ordering::Acquire) != unbind_phase::NONE
        || st.surprise_removed
        || st.power != Power::D0
        || st.velan_power != Power::D0
}

/// Complete a tree the IM does not relay: `status` into every block the validator
/// reached (up to `stopped_at`), then the upward completion (OP-40, OP-42a).
fn fail_tree<N: Ndis>(
    b: &Binding<N>,
    op: Operation,
    root: *mut Block,
    limits: Limits,
    status: NDIS_STATUS,
    stopped_at: Option<*const Block>,
) {
    let marker = b.offload.marker();
    // SAFETY: H's tree, held by the IM until the completion below; the walk is bounded
    // and stops where validation stopped.
    unsafe { mark_status(root, limits, marker, status, stopped_at) };
    b.log(
        Op::OffloadFailed,
        root as usize,
        usize::from(op_code(op)),
        status,
    );
    // SAFETY: the velan's handle and the tree NDIS handed it; completed once.
    unsafe { call_up::<N>(op, b.velan(), root) };
}

/// MiniportInitiateOffload (OP-19).
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as.
pub unsafe extern "system" fn initiate<N: Ndis>(
    mac: NDIS_HANDLE,
    root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
) {
    start::<N>(Operation::Initiate, mac, root);
}

/// MiniportTerminateOffload (OP-27).
///
/// # Safety
/// As [`initiate`].
pub unsafe extern "system" fn terminate<N: Ndis>(
    mac: NDIS_HANDLE,
    root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
) {
    start::<N>(Operation::Terminate, mac, root);
}

/// MiniportUpdateOffload (OP-32: same relay discipline; step 2 adds its checks).
///
/// # Safety
/// As [`initiate`].
pub unsafe extern "system" fn update<N: Ndis>(
    mac: NDIS_HANDLE,
    root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
) {
    start::<N>(Operation::Update, mac, root);
}

/// MiniportQueryOffload (OP-34).
///
/// # Safety
/// As [`initiate`].
pub unsafe extern "system" fn query<N: Ndis>(
    mac: NDIS_HANDLE,
    root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
) {
    start::<N>(Operation::Query, mac, root);
}

/// MiniportInvalidateOffload (OP-36).
///
/// # Safety
/// As [`initiate`].
pub unsafe extern "system" fn invalidate<N: Ndis>(
    mac: NDIS_HANDLE,
    root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
) {
    start::<N>(Operation::Invalidate, mac, root);
}

/// OP-17 D1..D2 for every operation.
fn start<N: Ndis>(op: Operation, mac: NDIS_HANDLE, root: *mut Block) {
    // SAFETY: NDIS passes the MiniportAdapterContext the velan registered (the binding).
    let Some(b) = (unsafe { Binding::<N>::from_handle(mac) }) else {
        return;
    };
    if root.is_null() {
        // Nothing to complete: a NULL root cannot be handed back (OP-42a).
        b.offload.stats.malformed.fetch_add(1, Ordering::Relaxed);
        b.wrong_state(0xF00);
        return;
    }
    let slab = b.offload.slab();
    let limits = b.offload.limits();
    let marker = b.offload.marker();
    // D1: validate before changing anything (OP-42a).
    // SAFETY: the tree NDIS handed the velan, H's memory, held until the completion;
    // the validator is bounded and writes only MiniportReserved[0], which the IM owns
    // while it holds the tree (OP-11).
    let checked = unsafe {
        validate(root, op, limits, marker, |t| {
            slab.entry(t).is_some_and(usable)
        })
    };
    let Ok(summary) = checked else {
        b.offload.stats.malformed.fetch_add(1, Ordering::Relaxed);
        // OP-42a says "every block the validator reached"; the IM marks every block the
        // bounded walk reaches, past the bad one too: H reads each block's Status, and a
        // block left as H wrote it (SUCCESS, in the host model) after a bad token would
        // read as offloaded or terminated with state never written. The walk stops by
        // itself at a revisit, a depth or a count limit.
        fail_tree(b, op, root, limits, NDIS_STATUS_FAILURE, None);
        return;
    };
    if op == Operation::Initiate {
        if refused(b) {
            b.offload
                .stats
                .initiate_refused
                .fetch_add(1, Ordering::Relaxed);
            fail_tree(b, op, root, limits, NDIS_STATUS_FAILURE, None);
            return;
        }
        // D2 + OP-22 step 1: the call entry and every new entry, up front.
        let taken = {
            let mut pool = b.offload.pool.lock();
            match pool.take_call(op) {
                None => None,
                Some(call) => {
                    let tag = call.tag.load(Ordering::Relaxed);
                    if let Some(head) = pool.take_entries(summary.new_offloads, tag) {
                        b.entries.enter_n(summary.new_offloads);
                        call.created.store(head, Ordering::Release);
                        call.pending.store(summary.new_offloads, Ordering::Release);
                        Some(call)
                    } else {
                        pool.free_call(call);
                        None
                    }
                }
            }
        };
        let Some(call) = taken else {
            b.offload
                .stats
                .initiate_resources
                .fetch_add(1, Ordering::Relaxed);
            fail_tree(b, op, root, limits, NDIS_STATUS_RESOURCES, None);
            return;
        };
        go_down(b, op, root, call, &slab, limits, summary.placeholders != 0);
        return;
    }
    b.offload.stats.others.fetch_add(1, Ordering::Relaxed);
    // D2 for the four that never fail: a call entry, or wait in the FIFO (OP-42).
    let call = {
        let mut pool = b.offload.pool.lock();
        let call = pool.take_call(op);
        if call.is_none() {
            // SAFETY: the IM holds the tree; it owns Scratch and MiniportReserved[1]
            // until the downward call (OP-11).
            let r = unsafe { &mut *root };
            r.Scratch[1] = ptr::null_mut();
            r.MiniportReserved[1] = usize::from(op_code(op)) as PVOID;
            if pool.deferred_tail.is_null() {
                pool.deferred_head = root;
            } else {
                // SAFETY: the last deferred root, still held by the IM.
                unsafe { (*pool.deferred_tail).Scratch[1] = root.cast() };
            }
            pool.deferred_tail = root;
        }
        call
    };
    if let Some(call) = call {
        go_down(b, op, root, call, &slab, limits, summary.placeholders != 0);
    } else {
        b.offload.stats.deferred.fetch_add(1, Ordering::Relaxed);
        b.chimney.enter();
    }
}

/// OP-17 D3..D7 (with OP-22, OP-23, OP-28). `placeholders`: the tree may hold blocks
/// the translation does not visit, whose visit marks need a walk of their own.
fn go_down<N: Ndis>(
    b: &Binding<N>,
    op: Operation,
    root: *mut Block,
    call: &CallEntry,
    slab: &Slab,
    limits: Limits,
    placeholders: bool,
) {
    // The entries `start` took for this initiate, linked through `link`: each is an
    // entry of this binding's slab that only this operation holds (take_entries).
    let mut cursor: *mut Entry = call.created.load(Ordering::Acquire);
    let mut record = CallRecord::EMPTY;
    let mut failed_at: *mut Block = ptr::null_mut();
    let call_ptr: PVOID = ptr::from_ref(call).cast_mut().cast();
    let handle_for = |d: &DownBlock| {
        // Where a failure stops the walk: the save areas before it are undone.
        failed_at = d.block;
        // OP-11: MiniportReserved is T's from the downward call on. Take the validator's
        // visit mark back in the same pass, so a target that marks blocks the same way
        // cannot mistake one of ours for its own (a failed translation completes the
        // tree with fresh marks of its own, OP-42a).
        // SAFETY: a validated block of the tree the IM holds (OP-11).
        unsafe { (*d.block).MiniportReserved[0] = ptr::null_mut() };
        let entry = if d.role == BlockRole::NewOffload {
            // SAFETY: NULL, or the next entry of the created list (above), which lives
            // as long as the slab; no token check is needed for the IM's own list.
            let e = unsafe { cursor.as_ref() }.ok_or(NDIS_STATUS_RESOURCES)?;
            cursor = e.link();
            e.set_host(d.upper_handle);
            // OP-22 step 4: save the SourceHandle of outstanding send NBLs.
            // SAFETY: a validated block of the tree the IM holds.
            let chain = unsafe { (*d.block).NetBufferListChain };
            // SAFETY: H's chain, carried with the tree it hands the IM.
            if !unsafe { save_chain(b, from_chimney(chain)) } {
                return Err(NDIS_STATUS_RESOURCES);
            }
            e
        } else {
            let e = slab.entry(d.token).ok_or(NDIS_STATUS_FAILURE)?;
            take_ref(e);
            if op == Operation::Terminate {
                e.set_state(state::TERMINATING);
            }
            e
        };
        Ok(entry.handle_ptr())
    };
    // SAFETY: the tree was validated for `op` with `limits` and is unchanged; the IM
    // holds it until the downward call.
    let translated = unsafe { translate_down(root, op, limits, call_ptr, &mut record, handle_for) };
    if let Err(status) = translated {
        // OP-22 step 5: translate_down put the handle slots back; undo the save areas
        // and references of the blocks before the failing one, free the entries, fail the tree.
        undo_down(b, op, root, limits, failed_at, slab);
        release_call(b, call, slab, true);
        b.offload
            .stats
            .initiate_resources
            .fetch_add(1, Ordering::Relaxed);
        fail_tree(b, op, root, limits, status, None);
        return;
    }
    // SAFETY: the call entry is this operation's (CallEntry invariant).
    unsafe { call.record.get().write(record) };
    if placeholders {
        // Placeholders are not handed to `handle_for`: their marks go in a walk of
        // their own (OP-11, as above).
        let clear = |visit: Visit| {
            // SAFETY: a block of that tree, which the IM holds.
            unsafe { (*visit.block).MiniportReserved[0] = ptr::null_mut() };
            Ok::<(), ()>(())
        };
        // SAFETY: the tree was validated and translated with `limits`; the IM is still
        // the miniport holding it (OP-11); no link is written.
        let _ = unsafe { each_block(root, limits, clear) };
    }
    // D5: counted before the call; the completion uncounts.
    b.chimney.enter();
    if op == Operation::Initiate {
        b.offload.stats.initiates.fetch_add(1, Ordering::Relaxed);
    }
    b.log(Op::OffloadDown, root as usize, usize::from(op_code(op)), 0);
    // D6; D7: nothing of the tree is touched after this call.
    // SAFETY: the open lower binding and the translated tree.
    unsafe { call_down::<N>(op, b.lower(), root) };
}

/// OP-45: a call in flight names `e`, which therefore outlives a terminate that
/// completes first.
#[inline]
pub(crate) fn take_ref(e: &Entry) {
    e.refs.fetch_add(1, Ordering::AcqRel);
}

/// OP-45: a call that named `e` is done; a terminated entry goes back to the pool with
/// its last reference. An unbalanced release is counted, never an underflow.
#[inline]
pub(crate) fn drop_ref<N: Ndis>(b: &Binding<N>, e: &Entry) {
    if unref(b, e) {
        retire(b, e);
    }
}

/// Drop a reference on `e`; true if `e` is terminated, i.e. the caller must try to put
/// it back in the pool (OP-45).
#[inline]
fn unref<N: Ndis>(b: &Binding<N>, e: &Entry) -> bool {
    // One RMW on the data path; an underflow (a release nobody took) is undone and
    // counted, never left wrapped.
    if e.refs.fetch_sub(1, Ordering::AcqRel) == 0 {
        unbalanced_ref(b, e);
        return false;
    }
    // The pool lock only for a terminated entry: the terminate sets TERMINATED before
    // it drops its own reference, so whichever reference goes last sees the state.
    e.state() == state::TERMINATED
}

/// A reference dropped that nobody took: undone and counted.
#[cold]
fn unbalanced_ref<N: Ndis>(b: &Binding<N>, e: &Entry) {
    e.refs.fetch_add(1, Ordering::AcqRel);
    b.wrong_state(0xF10);
}

/// The last reference of a terminated entry puts it back in the pool (OP-45).
#[cold]
fn retire<N: Ndis>(b: &Binding<N>, e: &Entry) {
    if b.offload.pool.lock().free_if_retired(e) {
        b.release(&b.entries, 1);
    }
}

/// Undo what `go_down` did to the blocks met before `failed_at`: the save areas of new
/// blocks (OP-22 step 4) and the references on existing and linker entries (OP-45).
fn undo_down<N: Ndis>(
    b: &Binding<N>,
    op: Operation,
    root: *mut Block,
    limits: Limits,
    failed_at: *mut Block,
    slab: &Slab,
) {
    if failed_at.is_null() {
        return;
    }
    let undo = |visit: Visit| {
        if visit.block == failed_at {
            return Err(());
        }
        // SAFETY: a block of the validated tree the IM holds.
        let (role, token) = unsafe { role_of(op, visit.block) };
        match role {
            BlockRole::NewOffload => {
                // SAFETY: as above.
                let chain = unsafe { (*visit.block).NetBufferListChain };
                // SAFETY: the chain whose areas this initiate made.
                let n = unsafe { restore_chain(b, from_chimney(chain), MAX_CHAIN) };
                uncount_save_areas(b, n);
            }
            BlockRole::Existing | BlockRole::Linker => {
                if let Some(e) = slab.entry(token) {
                    drop_ref(b, e);
                }
            }
            BlockRole::Placeholder => {}
        }
        Ok(())
    };
    // SAFETY: the validated tree, handle slots restored by translate_down; no link is
    // written.
    let _ = unsafe { each_block(root, limits, undo) };
}

/// Release a call entry (OP-18 U4); with `free_created`, free the entries of its
/// created list still `OFFLOADING`. Then run the deferred FIFO (OP-42).
fn release_call<N: Ndis>(b: &Binding<N>, call: &CallEntry, slab: &Slab, free_created: bool) {
    let mut freed = 0;
    let next = {
        let mut pool = b.offload.pool.lock();
        if free_created {
            freed = pool.free_tagged(slab, call.tag.load(Ordering::Relaxed));
        }
        pool.free_call(call);
        let head = pool.deferred_head;
        if head.is_null() {
            None
        } else {
            // SAFETY: a deferred root the IM still holds (OP-11: its MiniportReserved
            // and Scratch are the IM's until the downward call).
            let code = unsafe { (*head).MiniportReserved[1] } as usize;
            let op = op_of(u8::try_from(code).unwrap_or(0)).unwrap_or(Operation::Query);
            // Dequeue only once a call entry is in hand, so no root is ever dropped.
            pool.take_call(op).map(|c| {
                // SAFETY: as above.
                let link = unsafe { (*head).Scratch[1] }.cast::<Block>();
                pool.deferred_head = link;
                if link.is_null() {
                    pool.deferred_tail = ptr::null_mut();
                }
                (head, op, c)
            })
        }
    };
    // Nothing freed changes no drain: the pause and resume checks only follow a free.
    if freed != 0 {
        b.release(&b.entries, freed);
    }
    if let Some((root, op, call)) = next {
        // The summary of the deferred tree is gone: clear every mark (rare path).
        go_down(b, op, root, call, slab, b.offload.limits(), true);
        // The deferral's own count ends once the operation is relayed.
        b.release(&b.chimney, 1);
    }
}

/// ProtocolInitiateOffloadComplete (OP-24).
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as.
pub unsafe extern "system" fn initiate_complete<N: Ndis>(
    pbc: NDIS_HANDLE,
    root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
) {
    complete::<N>(Operation::Initiate, pbc, root.cast());
}

/// ProtocolTerminateOffloadComplete (OP-29).
///
/// # Safety
/// As [`initiate_complete`].
pub unsafe extern "system" fn terminate_complete<N: Ndis>(
    pbc: NDIS_HANDLE,
    root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
) {
    complete::<N>(Operation::Terminate, pbc, root.cast());
}

/// ProtocolUpdateOffloadComplete.
///
/// # Safety
/// As [`initiate_complete`].
pub unsafe extern "system" fn update_complete<N: Ndis>(
    pbc: NDIS_HANDLE,
    root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
) {
    complete::<N>(Operation::Update, pbc, root.cast());
}

/// ProtocolQueryOffloadComplete.
///
/// # Safety
/// As [`initiate_complete`].
pub unsafe extern "system" fn query_complete<N: Ndis>(
    pbc: NDIS_HANDLE,
    root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
) {
    complete::<N>(Operation::Query, pbc, root.cast());
}

/// ProtocolInvalidateOffloadComplete.
///
/// # Safety
/// As [`initiate_complete`].
pub unsafe extern "system" fn invalidate_complete<N: Ndis>(
    pbc: NDIS_HANDLE,
    root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
) {
    complete::<N>(Operation::Invalidate, pbc, root.cast());
}

/// NBLs linked from `BufferedData` of the TCP delegated state after `block` (DP-41).
/// Only a block whose `Type` names TCP delegated state carries one, so the neighbor
/// and path blocks of a tree cost one compare; of the delegated state only the pointer
/// is read, not the whole structure.
///
/// # Safety
/// `block` is a block of a completed terminate tree with the state its `Type` names.
unsafe fn buffered_nbls(block: *mut Block) -> usize {
    // SAFETY: a block of the completed tree (caller).
    let ty = OFFLOAD_STATE_TYPE::from_header_type(unsafe { (*block).Header.Type });
    if ty != OFFLOAD_STATE_TYPE::TcpOffloadDelegatedState
        && ty != OFFLOAD_STATE_TYPE::TcpOffloadState
    {
        return 0;
    }
    let at = offset_of!(TCP_OFFLOAD_STATE_DELEGATED, Receive);
    let mut count = 0;
    // SAFETY: forwarded from the caller; the iterator is bounded by Header.Size.
    for s in unsafe { StateIter::new(block) } {
        // A Length that ends before the pointer carries no buffered data.
        if s.kind != StateKind::TcpDelegated || (s.length as usize) < at + size_of::<PVOID>() {
            continue;
        }
        // SAFETY: on terminate the receive union holds the BufferedData pointer, inside
        // the structure's Length (checked above); the state may be misaligned.
        let head = unsafe {
            s.ptr
                .wrapping_add(at)
                .cast::<PNET_BUFFER_LIST>()
                .read_unaligned()
        };
        let mut n = from_chimney(head);
        while !n.is_null() && count < MAX_CHAIN {
            count += 1;
            // SAFETY: T's buffered NBLs, handed to H with the tree.
            n = unsafe { (*n).Next() };
        }
    }
    count
}

/// Terminated entries one completion puts back under a single pool lock (OP-45).
const RETIRE_BATCH: usize = 8;

/// What one completion's walk leaves for after it: the save areas restored, the
/// created entries settled, and the terminated entries to put back in the pool, under
/// one lock per tree rather than one per block.
struct Tally<'s> {
    /// Created entries whose outcome was applied (OP-24).
    settled: usize,
    /// Of those, the objects offloaded, by [`super::counters::Kind`].
    offloaded: [u64; 3],
    /// Save areas restored (DP-8).
    restored: usize,
    /// Terminated entries whose last reference went (OP-45).
    retire: [Option<&'s Entry>; RETIRE_BATCH],
    /// Used slots of `retire`.
    retiring: usize,
}

impl<'s> Tally<'s> {
    const fn new() -> Self {
        Self {
            settled: 0,
            offloaded: [0; 3],
            restored: 0,
            retire: [None; RETIRE_BATCH],
            retiring: 0,
        }
    }

    /// Queue `e` to go back to the pool; a full batch is flushed first.
    fn retire<N: Ndis>(&mut self, b: &Binding<N>, e: &'s Entry) {
        if self.retiring == RETIRE_BATCH {
            self.flush_retired(b);
        }
        if let Some(slot) = self.retire.get_mut(self.retiring) {
            *slot = Some(e);
            self.retiring += 1;
        }
    }

    /// Free the queued entries that are still retired (another call's last reference
    /// may have freed one meanwhile), under one lock; count them off the drain.
    fn flush_retired<N: Ndis>(&mut self, b: &Binding<N>) {
        if self.retiring == 0 {
            return;
        }
        let mut freed = 0;
        {
            let mut pool = b.offload.pool.lock();
            for e in self.retire.iter_mut().take(self.retiring) {
                if e.take().is_some_and(|e| pool.free_if_retired(e)) {
                    freed += 1;
                }
            }
        }
        self.retiring = 0;
        if freed != 0 {
            b.release(&b.entries, freed);
        }
    }
}

/// OP-18 U1..U4 and the per-operation actions of OP-24 and OP-29.
fn complete<N: Ndis>(op: Operation, pbc: NDIS_HANDLE, root: *mut Block) {
    // SAFETY: NDIS passes the ProtocolBindingContext of the IM's open (the binding).
    let Some(b) = (unsafe { Binding::<N>::from_handle(pbc) }) else {
        return;
    };
    if root.is_null() {
        b.offload.stats.unknown.fetch_add(1, Ordering::Relaxed);
        b.wrong_state(0xF01);
        return;
    }
    let slab = b.offload.slab();
    // U1: the call entry from the root's ImReserved[0], checked against the pool.
    // SAFETY: a tree the target completed to the IM's binding.
    let im0 = unsafe { (*root).ImReserved[0] };
    let Some(call) = slab
        .call(im0)
        .filter(|c| c.op.load(Ordering::Acquire) == op_code(op))
    else {
        b.offload.stats.unknown.fetch_add(1, Ordering::Relaxed);
        b.wrong_state(0xF02);
        return;
    };
    // SAFETY: the call entry of this operation (CallEntry invariant).
    let record = unsafe { call.record.get().read() };
    let tag = call.tag.load(Ordering::Relaxed);
    let limits = b.offload.limits();
    let mut tally = Tally::new();
    let stats = &b.offload.stats;
    // U2 + per-operation actions.
    let restore = |u: &UpBlock| {
        let Some(e) = slab.entry(u.lower_handle.cast()) else {
            stats.unknown.fetch_add(1, Ordering::Relaxed);
            return u.lower_handle;
        };
        let host: PNDIS_OFFLOAD_HANDLE = e.host();
        // SAFETY: a block of the completed tree.
        let chain = from_chimney(unsafe { (*u.block).NetBufferListChain });
        let created = op == Operation::Initiate
            && e.state() == state::OFFLOADING
            && e.call.load(Ordering::Relaxed) == tag;
        match op {
            Operation::Initiate => {
                let offloaded = u.status == NDIS_STATUS_SUCCESS
                    || u.status == NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS;
                if created && offloaded {
                    // OP-24: the token into H's location, before the completion.
                    // SAFETY: H's handle, valid for the object's life (OP-12).
                    unsafe { context_slot_of(host).write(e.token()) };
                    e.call.store(0, Ordering::Relaxed);
                    // SAFETY: a block of the completed tree.
                    let ty = unsafe { (*u.block).Header.Type };
                    let kind = super::counters::mark_offloaded(e, ty);
                    e.set_state(state::OFFLOADED);
                    tally.settled += 1;
                    if let Some(n) = tally.offloaded.get_mut(kind as usize) {
                        *n += 1;
                    }
                } else if created {
                    // SAFETY: the chain H handed with this block, back with it.
                    tally.restored += unsafe { restore_chain(b, chain, MAX_CHAIN) };
                    stats.failed_blocks.fetch_add(1, Ordering::Relaxed);
                    // OP-24: freed before H sees the completion (OP-39).
                    if b.offload.pool.lock().free_entry(e) {
                        b.release(&b.entries, 1);
                    }
                    tally.settled += 1;
                }
            }
            Operation::Terminate => {
                // SAFETY: the outstanding sends T hands back (OP-29).
                tally.restored += unsafe { restore_chain(b, chain, MAX_CHAIN) };
                if u.status == NDIS_STATUS_SUCCESS {
                    // SAFETY: a TCP block carries its delegated state (DP-41).
                    let buffered = unsafe { buffered_nbls(u.block) };
                    if buffered != 0 {
                        stats.receive_returns.fetch_add(buffered, Ordering::AcqRel);
                        // DP-41: LB stays open (and a binding pause waits) until H
                        // returned them.
                        b.chimney.enter_n(buffered);
                    }
                    // OP-29 + OP-45: freed after the walk, or by the last call still
                    // in flight on it.
                    e.set_state(state::TERMINATED);
                    super::counters::terminated(b, e);
                } else {
                    e.set_state(state::TERMINATE_FAILED);
                    stats.terminate_failed.fetch_add(1, Ordering::Relaxed);
                }
            }
            Operation::Update | Operation::Query | Operation::Invalidate => {}
        }
        if !created && unref(b, e) {
            tally.retire(b, e);
        }
        host
    };
    // SAFETY: the tree translate_down accepted, completed by the target.
    unsafe { translate_up(root, limits, &record, restore) };
    // OP-29: terminated entries go back before H sees the completion (OP-39).
    tally.flush_retired(b);
    super::counters::offloaded(b, &tally.offloaded);
    if op == Operation::Initiate && call.pending.load(Ordering::Acquire) != tally.settled {
        // The tree no longer names every entry this initiate created (a target changed
        // its links): free the rest rather than leak them.
        stats.unknown.fetch_add(1, Ordering::Relaxed);
        let freed = b.offload.pool.lock().free_tagged(&slab, tag);
        b.release(&b.entries, freed);
    }
    b.log(
        Op::OffloadComplete,
        root as usize,
        usize::from(op_code(op)),
        // SAFETY: the root of the completed tree.
        unsafe { (*root).Status },
    );
    // U4.
    // SAFETY: the velan's handle and the tree NDIS handed it; completed once.
    unsafe { call_up::<N>(op, b.velan(), root) };
    release_call(b, call, &slab, false);
    // DP-8 and D5: the save areas restored and the operation itself, in one step.
    super::forget_save_areas(b, tally.restored);
    super::chimney_done(b, tally.restored + 1);
}
