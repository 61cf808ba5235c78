//! The offloaded TCP data path (issue 7 step 3): send, post-receive, disconnect and
//! forward relayed from the velan to the lower binding with a per-NBL save area
//! (DP-4, DP-8, DP-11, DP-22, DP-26, DP-31), their completions relayed back up
//! (DP-6, DP-12, DP-23, DP-27, DP-32), receive indications and TCP events relayed up
//! to H's handle (DP-5, DP-36, EV-2), receive returns relayed down (DP-39, DP-41) and
//! neighbor reachability events relayed to the velan (EV-20). Everything runs in the
//! caller's context (DP-60) with no lock held across a call, no allocation beyond the
//! NBL context NDIS takes from spare space (DP-8) and no search: the token from above
//! and the handle from below are both the entry's address (OP-14, DP-5). Requests the
//! IM cannot relay (DP-50) are completed here per DP-51 and DP-52.

use core::ptr;
use core::sync::atomic::Ordering;

use offload_tree::abi::{
    NDIS_STATUS, NDIS_STATUS_FAILURE, NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, NDIS_STATUS_PENDING,
    NDIS_STATUS_REQUEST_UPLOAD, NDIS_STATUS_SUCCESS, NDIS_STATUS_UPLOAD_IN_PROGRESS,
    NDIS_STATUS_UPLOAD_REQUESTED, PNDIS_OFFLOAD_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    PNET_BUFFER_LIST, PVOID, TCP_OFFLOAD_EVENT_TYPE, TCP_UPLOAD_REASON,
};

use super::relay::{drop_ref, take_ref};
use super::table::{Entry, Slab, state};
use super::upcalls::Completion;
use super::{MAX_CHAIN, save_chain, take_back, uncount_save_areas};
use crate::binding::Binding;
use crate::ndis::{NDIS_HANDLE, as_chimney, from_chimney};
use crate::platform::Ndis;
use crate::recorder::Op;

/// Which offloaded request (the recorder's `arg` of [`Op::OffloadIoDown`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Io {
    /// `MiniportTcpOffloadSend` (DP-10).
    Send = 1,
    /// `MiniportTcpOffloadReceive` (DP-21).
    Receive = 2,
    /// `MiniportTcpOffloadDisconnect` (DP-25).
    Disconnect = 3,
    /// `MiniportTcpOffloadForward` (DP-30).
    Forward = 4,
}

impl Io {
    /// The upward completion of this request.
    const fn completion(self) -> Completion {
        match self {
            Io::Send => Completion::Send,
            Io::Receive => Completion::Receive,
            Io::Disconnect => Completion::Disconnect,
            Io::Forward => Completion::Forward,
        }
    }
}

/// `NdisOffloadTcp{Send,Receive,Disconnect,Forward}(&entry.Handle, chain[, flags])`.
///
/// # Safety
/// `handle` is a live entry's handle, already passed down at initiate; `chain` is H's
/// chain with a save area on every NBL.
unsafe fn call_down<N: Ndis>(
    io: Io,
    handle: PNDIS_OFFLOAD_HANDLE,
    chain: PNET_BUFFER_LIST,
    flags: u32,
) -> NDIS_STATUS {
    let nbl = from_chimney(chain);
    match io {
        // SAFETY: caller contract, forwarded.
        Io::Send => unsafe { N::ndis_offload_tcp_send(handle, nbl) },
        // SAFETY: as above.
        Io::Receive => unsafe { N::ndis_offload_tcp_receive(handle, nbl) },
        // SAFETY: as above; DP-26: the flags pass through unchanged.
        Io::Disconnect => unsafe { N::ndis_offload_tcp_disconnect(handle, nbl, flags) },
        // SAFETY: as above.
        Io::Forward => unsafe { N::ndis_offload_tcp_forward(handle, nbl) },
    }
}

/// DP-61: call H's event handler at DISPATCH_LEVEL, holding no lock.
fn event_up<N: Ndis>(b: &Binding<N>, host: PNDIS_OFFLOAD_HANDLE, event: u32, info: u32) {
    let Some(f) = b.offload.upcalls.event() else {
        b.wrong_state(0xF14);
        return;
    };
    b.offload.stats.events_up.fetch_add(1, Ordering::Relaxed);
    if event
        == TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve
            .0
            .cast_unsigned()
    {
        super::counters::upload_requested(b, info);
    }
    b.log(Op::OffloadEventUp, host as usize, event as usize, 0);
    // SAFETY: raising to DISPATCH_LEVEL is allowed from any level up to it.
    let old = unsafe { N::ke_raise_irql_to_dpc_level() };
    // SAFETY: NDIS's upcall with H's handle for this object (OP-13, DP-5).
    unsafe { f(host.cast(), event, info) };
    // SAFETY: back to the level the handler was called at.
    unsafe { N::ke_lower_irql(old) };
}

/// DP-51 / DP-52: complete `chain` upward as not relayed. `entry` is `None` for a
/// token that names nothing (DP-50 (d)): no flag to keep, no event to raise.
#[cold]
fn refuse<N: Ndis>(b: &Binding<N>, entry: Option<&Entry>, chain: PNET_BUFFER_LIST, io: Io) {
    b.offload.stats.io_refused.fetch_add(1, Ordering::Relaxed);
    // DP-50(d) has no flag: treat it as a first refusal.
    let first = entry.is_none_or(|e| !e.upload_requested.swap(true, Ordering::AcqRel));
    if io != Io::Send
        && first
        && let Some(e) = entry
    {
        // DP-52: ask H to upload, once (EV-10).
        event_up(
            b,
            e.host(),
            TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve
                .0
                .cast_unsigned(),
            TCP_UPLOAD_REASON::UploadRequested.0.cast_unsigned(),
        );
    }
    let mut n = from_chimney(chain);
    let mut i = 0usize;
    while !n.is_null() && i < MAX_CHAIN {
        let status = match io {
            Io::Send if first && i == 0 => NDIS_STATUS_REQUEST_UPLOAD,
            Io::Send => NDIS_STATUS_UPLOAD_REQUESTED,
            _ => NDIS_STATUS_UPLOAD_IN_PROGRESS,
        };
        // SAFETY: H's NBL, still owned by the IM until the completion below.
        let nbl = unsafe { &mut *n };
        nbl.Status = status;
        // DP-51: nothing transferred.
        nbl.NetBufferListInfo[0] = ptr::null_mut();
        n = nbl.Next();
        i += 1;
    }
    b.log(Op::OffloadIoRefused, chain as usize, io as usize, 0);
    match b.offload.upcalls.complete(io.completion()) {
        // SAFETY: NDIS's upcall with the velan's handle and H's chain, completed once.
        Some(f) => unsafe { f(b.velan(), chain) },
        // No table: the velan never offloaded anything, so H cannot hold a token of it.
        None => b.wrong_state(0xF15),
    }
}

/// The live entry `token` names, with a reference taken before its state is trusted,
/// so a terminate completing meanwhile cannot free it under the caller (OP-45, DP-62);
/// the caller drops the reference. `None` (and no reference) for anything else.
fn referenced<'s, N: Ndis>(b: &Binding<N>, slab: &'s Slab, token: PVOID) -> Option<&'s Entry> {
    let e = slab.entry(token)?;
    take_ref(e);
    if matches!(e.state(), state::TERMINATED | state::FREE) {
        drop_ref(b, e);
        return None;
    }
    Some(e)
}

/// The upper-edge relay (DP-11, DP-22, DP-26, DP-31). Always `NDIS_STATUS_PENDING`:
/// the chain is completed through the completion upcall, by T or by [`refuse`].
#[inline]
fn relay_down<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
    io: Io,
    flags: u32,
) -> NDIS_STATUS {
    // SAFETY: NDIS passes the velan's MiniportAdapterContext (the binding).
    let Some(b) = (unsafe { Binding::<N>::from_handle(mac) }) else {
        return NDIS_STATUS_FAILURE;
    };
    let slab = b.offload.slab();
    // DP-50(d), OP-14: the token must name a live entry of this velan.
    let Some(e) = referenced(b, &slab, context) else {
        b.offload.stats.unknown.fetch_add(1, Ordering::Relaxed);
        refuse(b, None, chain, io);
        return NDIS_STATUS_PENDING;
    };
    let relay = !b.lower().is_null() // DP-50(c)
        && !e.upload_requested.load(Ordering::Acquire) // DP-50(b)
        // DP-50(a), DP-8; SAFETY: H's chain, held by the IM for this call.
        && unsafe { save_chain(b, from_chimney(chain)) };
    if relay {
        b.offload.stats.io_down.fetch_add(1, Ordering::Relaxed);
        b.log(Op::OffloadIoDown, chain as usize, io as usize, 0);
        // SAFETY: a live entry (reference held) whose handle went down at initiate, and
        // the chain with its save areas; nothing of the chain is touched after the call.
        let s = unsafe { call_down::<N>(io, e.handle_ptr(), chain, flags) };
        if s != NDIS_STATUS_PENDING {
            // DP-11: T broke the protocol; the NBLs stay with T until it completes them.
            b.offload
                .stats
                .target_not_pending
                .fetch_add(1, Ordering::Relaxed);
            b.log(Op::WrongState, chain as usize, 0xF16, s);
        }
    } else {
        refuse(b, Some(e), chain, io);
    }
    drop_ref(b, e);
    NDIS_STATUS_PENDING
}

/// MiniportTcpOffloadSend (DP-10, DP-11).
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as.
pub unsafe extern "system" fn send<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    relay_down::<N>(mac, context, chain, Io::Send, 0)
}

/// MiniportTcpOffloadReceive (DP-21, DP-22).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn receive<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    relay_down::<N>(mac, context, chain, Io::Receive, 0)
}

/// MiniportTcpOffloadDisconnect (DP-25, DP-26).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn disconnect<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
    flags: u32,
) -> NDIS_STATUS {
    relay_down::<N>(mac, context, chain, Io::Disconnect, flags)
}

/// MiniportTcpOffloadForward (DP-30, DP-31).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn forward<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    relay_down::<N>(mac, context, chain, Io::Forward, 0)
}

/// MiniportTcpOffloadReceiveReturn (DP-38, DP-39, DP-41): the same chain goes to the
/// lower binding unchanged; always `NDIS_STATUS_SUCCESS`.
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn receive_return<N: Ndis>(
    mac: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    // SAFETY: NDIS passes the velan's MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(mac) }) else {
        return NDIS_STATUS_SUCCESS;
    };
    // Counted before the call: the NBLs are T's again once it is made.
    let mut n = from_chimney(chain);
    let mut count = 0usize;
    while !n.is_null() && count < MAX_CHAIN {
        count += 1;
        // SAFETY: H's returned chain, held for this call.
        n = unsafe { (*n).Next() };
    }
    let lower = b.lower();
    if lower.is_null() {
        // DP-41/OP-43 keep LB open while any is owed, so this is a return nobody owed.
        b.wrong_state(0xF17);
        return NDIS_STATUS_SUCCESS;
    }
    b.log(Op::OffloadReturnDown, chain as usize, count, 0);
    // SAFETY: the open lower binding and the chain H returns (DP-39).
    unsafe { N::ndis_offload_tcp_receive_return(lower, from_chimney(chain)) };
    let owed = b
        .offload
        .stats
        .receive_returns
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |v| {
            Some(v.saturating_sub(count))
        })
        .unwrap_or(0);
    // Also completes a binding pause waiting on these (LC-34).
    b.release(&b.chimney, count.min(owed));
    NDIS_STATUS_SUCCESS
}

/// The lower completions (DP-12, DP-23, DP-27, DP-32): restore, then hand the NBLs to
/// the velan's completion upcall in their order; the save areas are uncounted after
/// the upcall returned (DP-8).
#[inline]
fn complete_up<N: Ndis>(pbc: NDIS_HANDLE, chain: PNET_BUFFER_LIST, which: Completion) {
    // SAFETY: NDIS passes the binding context of the IM's open.
    let Some(b) = (unsafe { Binding::<N>::from_handle(pbc) }) else {
        return;
    };
    if chain.is_null() {
        // DP-27: "when non-NULL".
        return;
    }
    // SAFETY: the chain NDIS routed to this binding by SourceHandle (DP-6).
    let (head, n, transferred) = unsafe { take_back(b, from_chimney(chain)) };
    if head.is_null() {
        return;
    }
    b.offload.stats.io_up.fetch_add(n as u64, Ordering::Relaxed);
    let bytes = match which {
        Completion::Send => Some(&b.offload.stats.bytes_sent),
        Completion::Receive => Some(&b.offload.stats.bytes_received),
        Completion::Disconnect | Completion::Forward => None,
    };
    if let Some(counter) = bytes {
        counter.fetch_add(transferred, Ordering::Relaxed);
    }
    // SAFETY: the first NBL of the restored chain.
    b.log(Op::OffloadIoComplete, head as usize, n, unsafe {
        (*head).Status
    });
    match b.offload.upcalls.complete(which) {
        // SAFETY: NDIS's upcall with the velan's handle and H's NBLs, completed once.
        Some(f) => unsafe { f(b.velan(), as_chimney(head)) },
        None => b.wrong_state(0xF18),
    }
    // Also completes a binding pause waiting on these (LC-34).
    uncount_save_areas(b, n);
}

/// ProtocolTcpOffloadSendComplete (DP-12).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn send_complete<N: Ndis>(pbc: NDIS_HANDLE, chain: PNET_BUFFER_LIST) {
    complete_up::<N>(pbc, chain, Completion::Send);
}

/// ProtocolTcpOffloadReceiveComplete (DP-23).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn receive_complete<N: Ndis>(pbc: NDIS_HANDLE, chain: PNET_BUFFER_LIST) {
    complete_up::<N>(pbc, chain, Completion::Receive);
}

/// ProtocolTcpOffloadDisconnectComplete (DP-27).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn disconnect_complete<N: Ndis>(
    pbc: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
) {
    complete_up::<N>(pbc, chain, Completion::Disconnect);
}

/// ProtocolTcpOffloadForwardComplete (DP-32).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn forward_complete<N: Ndis>(pbc: NDIS_HANDLE, chain: PNET_BUFFER_LIST) {
    complete_up::<N>(pbc, chain, Completion::Forward);
}

/// The entry and binding behind an `OffloadContext` from below (DP-5): the IM's own
/// handle, i.e. an entry's address. The owner the entry names is confirmed by its
/// slab's O(1) check before anything else of the entry is used. A terminated entry
/// names nothing any more: H's handle ended with the terminate completion. On success
/// the entry carries a reference for the caller to drop.
///
/// # Safety
/// `context` is null or an `NdisOffloadHandle` NDIS resolved to one of the IM's
/// bindings, i.e. a pointer the IM passed down at initiate.
unsafe fn entry_of<'a, N: Ndis>(context: PVOID) -> Option<(&'a Binding<N>, &'a Entry)> {
    if context.is_null() || !context.cast::<Entry>().is_aligned() {
        return None;
    }
    // SAFETY: caller: a pointer into one of the IM's slabs; `owner` is an atomic
    // written at slab init.
    let slot = unsafe { (*context.cast::<Entry>()).owner.load(Ordering::Acquire) };
    // SAFETY: a registered owner is a binding context whose slab is live: it leaves
    // the registry before its slab is freed, and no entry can be named after (OP-43).
    let b = unsafe { Binding::<N>::from_handle(super::owners::owner(slot)) }?;
    let slab = b.offload.slab();
    let e = ptr::from_ref(referenced(b, &slab, context)?);
    // SAFETY: the slab check above proved `e` lies in `b`'s slab, which lives as long
    // as the binding.
    Some((b, unsafe { &*e }))
}

/// ProtocolTcpOffloadReceiveIndicate (DP-35, DP-36): relayed to H's handle with the
/// same NBL, status and `BytesConsumed`; H's answer is returned unchanged. An accepted
/// indication is owed back through receive-return (DP-41).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn lower_receive_indicate<N: Ndis>(
    context: PVOID,
    nbl: PNET_BUFFER_LIST,
    status: NDIS_STATUS,
    consumed: *mut u32,
) -> NDIS_STATUS {
    // SAFETY: NDIS resolved `context` to the IM's binding (DP-5).
    let found = unsafe { entry_of::<N>(context) };
    let receive = found.and_then(|(b, _)| b.offload.upcalls.receive());
    let (Some((b, e)), Some(f)) = (found, receive) else {
        if let Some((b, e)) = found {
            b.wrong_state(0xF19);
            drop_ref(b, e);
        }
        // EV-5 / DP-36: nothing to relay to; T keeps the data (DP-37).
        if !consumed.is_null() && consumed.is_aligned() {
            // SAFETY: NDIS's out slot for this call.
            unsafe { consumed.write(0) };
        }
        return NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED;
    };
    // DP-41: owed before the call, since H may return it before the call returns.
    b.offload
        .stats
        .receive_returns
        .fetch_add(1, Ordering::AcqRel);
    b.chimney.enter();
    // SAFETY: NDIS's upcall with H's handle for the connection and T's arguments,
    // unchanged (DP-36).
    let r = unsafe { f(e.host().cast(), nbl, status, consumed) };
    if r != NDIS_STATUS_SUCCESS {
        // DP-37: the NBL is T's again at once.
        let _ = b.offload.stats.receive_returns.fetch_update(
            Ordering::AcqRel,
            Ordering::Acquire,
            |v| Some(v.saturating_sub(1)),
        );
        b.release(&b.chimney, 1);
    }
    b.offload.stats.receives_up.fetch_add(1, Ordering::Relaxed);
    if !consumed.is_null() && consumed.is_aligned() {
        // SAFETY: NDIS's out slot, which H has written (DP-37).
        let bytes = unsafe { consumed.read() };
        b.offload
            .stats
            .bytes_received
            .fetch_add(u64::from(bytes), Ordering::Relaxed);
    }
    b.log(Op::OffloadReceiveUp, nbl as usize, 0, r);
    drop_ref(b, e);
    r
}

/// ProtocolTcpOffloadEvent (EV-2): relayed to H's handle with the event and its
/// information unchanged, whatever the entry's state (EV-5). An unresolvable context
/// names no binding to count it on, so it is dropped (EV-5).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn lower_event<N: Ndis>(context: PVOID, event: u32, info: u32) {
    // SAFETY: NDIS resolved `context` to the IM's binding (DP-5, EV-2).
    let Some((b, e)) = (unsafe { entry_of::<N>(context) }) else {
        return;
    };
    event_up(b, e.host(), event, info);
    drop_ref(b, e);
}

/// ProtocolIndicateOffloadEvent (EV-20): the same block and code to the velan, at
/// once (H answers a reachability query in place).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn indicate_offload_event<N: Ndis>(
    pbc: NDIS_HANDLE,
    block: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    code: u32,
) {
    // SAFETY: NDIS passes the binding context of the IM's open.
    let Some(b) = (unsafe { Binding::<N>::from_handle(pbc) }) else {
        return;
    };
    let velan = b.velan();
    if velan.is_null() || !super::chimney_on(b) {
        // No velan chimney: no H can own the neighbor.
        b.offload.stats.unknown.fetch_add(1, Ordering::Relaxed);
        b.log(Op::WrongState, block as usize, code as usize, 0);
        return;
    }
    b.offload.stats.events_up.fetch_add(1, Ordering::Relaxed);
    b.log(Op::OffloadEventUp, block as usize, code as usize, 0);
    // SAFETY: the velan's handle and T's block, passed unchanged (EV-20; the two block
    // list types share their layout, ST-6).
    unsafe { N::ndis_m_offload_event_indicate(velan, block.cast(), code) };
}
