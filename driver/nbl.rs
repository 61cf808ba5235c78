//! Ordinary NBL pass-through (LC-50..LC-56, datapath.md NB-1..NB-4): the same NBLs go
//! down and up — no clones — with the SourceHandle swapped and the previous value kept
//! in a per-NBL save area in NBL context space (NdisAllocateNetBufferListContext, which
//! does not allocate when the NBL has spare context). Refused sends complete EVERY NBL
//! of the chain with the status of the state met (MUX defect 2: it drops the rest);
//! receives honour NDIS_RECEIVE_FLAGS_RESOURCES; every NBL is counted so pause, halt
//! and unbind drain on events.

use core::ptr;
use core::sync::atomic::Ordering;

use crate::binding::{Binding, BindingState, Power, VelanState};
use crate::ndis::{
    NDIS_HANDLE, NDIS_PORT_NUMBER, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL, NDIS_RECEIVE_FLAGS_RESOURCES,
    NDIS_RETURN_FLAGS_DISPATCH_LEVEL, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
    NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK, NDIS_SEND_FLAGS_DISPATCH_LEVEL, NDIS_STATUS,
    NDIS_STATUS_NOT_ACCEPTED, NDIS_STATUS_PAUSED, NDIS_STATUS_REQUEST_ABORTED,
    NDIS_STATUS_RESOURCES, NDIS_STATUS_SUCCESS, NET_BUFFER_LIST_CONTEXT, PNET_BUFFER_LIST, PVOID,
};
use crate::platform::Ndis;
use crate::recorder::Op;

/// Bytes of NBL context this layer takes: the saved SourceHandle and a tag.
pub const SAVE_AREA: u16 = 16;
/// Pool tag for context allocations ("CImN").
const TAG_NBL: u32 = u32::from_le_bytes(*b"CImN");

/// The per-NBL save area, at this layer's offset of the NBL's current context.
#[repr(C)]
struct SaveArea {
    /// SourceHandle before the swap.
    source: NDIS_HANDLE,
    /// The binding that swapped it (checked on the way back).
    owner: PVOID,
}

/// The save area of `nbl` (this layer's context bytes, after allocation).
///
/// # Safety
/// `nbl` is a valid NBL on which this layer allocated [`SAVE_AREA`] bytes of context
/// that are still its current context.
unsafe fn save_area(nbl: PNET_BUFFER_LIST) -> *mut SaveArea {
    // SAFETY: caller: a valid NBL.
    let ctx = unsafe { (*nbl).Context };
    // SAFETY: the context header NDIS keeps for the NBL (non-null after allocation).
    let offset = unsafe { (*ctx).Offset };
    ctx.cast::<u8>()
        .wrapping_add(core::mem::offset_of!(NET_BUFFER_LIST_CONTEXT, ContextData))
        .wrapping_add(usize::from(offset))
        .cast()
}

/// Restore the SourceHandle this layer saved on `nbl` and free its save area, if the
/// NBL really carries this binding's save area; a foreign or already restored NBL (a
/// lower driver's bug) is left alone and counted, never dereferenced blindly.
///
/// # Safety
/// `nbl` is a valid NBL.
unsafe fn restore<N: Ndis>(b: &Binding<N>, nbl: PNET_BUFFER_LIST) {
    // SAFETY: caller: a valid NBL.
    let ctx = unsafe { (*nbl).Context };
    // SAFETY: a non-null context header is NDIS's, valid with the NBL.
    let Some(header) = (unsafe { ctx.as_ref() }) else {
        b.wrong_state(0xC00);
        return;
    };
    if usize::from(header.Size) < usize::from(header.Offset) + usize::from(SAVE_AREA) {
        b.wrong_state(0xC01);
        return;
    }
    // SAFETY: the context has SAVE_AREA bytes at its current offset (checked).
    let area = unsafe { save_area(nbl) };
    // SAFETY: as above.
    let saved = unsafe { area.read_unaligned() };
    if saved.owner != b.handle() {
        b.wrong_state(0xC02);
        return;
    }
    // SAFETY: as above; the owner mark is cleared so a second restore is refused.
    unsafe {
        area.write_unaligned(SaveArea {
            source: ptr::null_mut(),
            owner: ptr::null_mut(),
        });
    }
    // SAFETY: the NBL is ours again.
    unsafe { (*nbl).SourceHandle = saved.source };
    // SAFETY: the context this layer allocated, freed once.
    unsafe { N::ndis_free_net_buffer_list_context(nbl, SAVE_AREA) };
}

/// Next NBL of a chain.
///
/// # Safety
/// `nbl` is a valid NBL.
unsafe fn next(nbl: PNET_BUFFER_LIST) -> PNET_BUFFER_LIST {
    // SAFETY: caller.
    unsafe { (*nbl).Next() }
}

/// Set the next NBL.
///
/// # Safety
/// `nbl` is a valid NBL this layer owns now.
unsafe fn set_next(nbl: PNET_BUFFER_LIST, n: PNET_BUFFER_LIST) {
    // SAFETY: caller.
    unsafe { (*nbl).set_Next(n) };
}

/// Total data length of an NBL's NET_BUFFERs (statistics).
///
/// # Safety
/// `nbl` is a valid NBL.
unsafe fn bytes_of(nbl: PNET_BUFFER_LIST) -> u64 {
    let mut total = 0u64;
    // SAFETY: caller.
    let mut nb = unsafe { (*nbl).FirstNetBuffer() };
    while !nb.is_null() {
        // SAFETY: a NET_BUFFER of the NBL.
        total += u64::from(unsafe { (*nb).DataLength() });
        // SAFETY: as above.
        nb = unsafe { (*nb).NetBufferData().Next };
    }
    total
}

/// A singly linked NBL list built by appending (order preserved, LC-52).
struct List {
    head: PNET_BUFFER_LIST,
    tail: PNET_BUFFER_LIST,
    count: usize,
}

impl List {
    const fn new() -> Self {
        Self {
            head: ptr::null_mut(),
            tail: ptr::null_mut(),
            count: 0,
        }
    }

    /// Append `nbl` (its Next is cleared).
    ///
    /// # Safety
    /// `nbl` is a valid NBL this layer owns, in no other list.
    unsafe fn push(&mut self, nbl: PNET_BUFFER_LIST) {
        // SAFETY: caller.
        unsafe { set_next(nbl, ptr::null_mut()) };
        if self.tail.is_null() {
            self.head = nbl;
        } else {
            // SAFETY: the tail is an NBL of this list (owned).
            unsafe { set_next(self.tail, nbl) };
        }
        self.tail = nbl;
        self.count += 1;
    }
}

/// Complete `chain` up with `status` on every NBL (LC-50: all of them).
fn complete_up<N: Ndis>(b: &Binding<N>, list: &List, status: NDIS_STATUS, dispatch: bool) {
    if list.head.is_null() {
        return;
    }
    let mut n = list.head;
    while !n.is_null() {
        // SAFETY: NBLs of the refused chain, still ours.
        unsafe { (*n).Status = status };
        // SAFETY: as above.
        n = unsafe { next(n) };
    }
    b.stats
        .xmit_error
        .fetch_add(list.count as u64, Ordering::Relaxed);
    b.log(Op::SendRefused, list.head as usize, list.count, status);
    let flags = if dispatch {
        NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL
    } else {
        0
    };
    // SAFETY: the velan's handle (sends arrive only on an initialized velan); the chain
    // is completed once.
    unsafe { N::ndis_m_send_net_buffer_lists_complete(b.velan(), list.head, flags) };
}

/// MiniportSendNetBufferLists (LC-50..LC-52), ≤ DISPATCH_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn send<N: Ndis>(
    adapter_context: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    port: NDIS_PORT_NUMBER,
    send_flags: u32,
) {
    // SAFETY: our MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return;
    };
    let dispatch = send_flags & NDIS_SEND_FLAGS_DISPATCH_LEVEL != 0;
    let mut count = 0usize;
    let mut n = chain;
    while !n.is_null() {
        count += 1;
        // SAFETY: NBLs of the chain NDIS handed over.
        n = unsafe { next(n) };
    }
    // LC-50: the first matching status, decided and counted under the lock so a pause
    // cannot slip between the check and the count.
    let refused = {
        let st = b.states.lock();
        let s = if st.surprise_removed {
            Some(NDIS_STATUS_NOT_ACCEPTED)
        } else if st.velan != VelanState::Running || st.velan_power == Power::Dx {
            Some(NDIS_STATUS_PAUSED)
        } else if st.binding != BindingState::Running || st.power == Power::Dx {
            Some(NDIS_STATUS_REQUEST_ABORTED)
        } else {
            for _ in 0..count {
                b.sends.enter();
            }
            None
        };
        drop(st);
        s
    };
    if let Some(status) = refused {
        let mut all = List::new();
        let mut n = chain;
        while !n.is_null() {
            // SAFETY: as above; read before relinking.
            let following = unsafe { next(n) };
            // SAFETY: ours until completed.
            unsafe { all.push(n) };
            n = following;
        }
        complete_up(b, &all, status, dispatch);
        return;
    }
    // LC-51: swap SourceHandle, saving the caller's value in context space.
    let mut down = List::new();
    let mut failed = List::new();
    let mut bytes = 0u64;
    let mut n = chain;
    while !n.is_null() {
        // SAFETY: as above.
        let following = unsafe { next(n) };
        // SAFETY: an NBL we own until we send or complete it; PASSIVE or DISPATCH.
        let s = unsafe { N::ndis_allocate_net_buffer_list_context(n, SAVE_AREA, 0, TAG_NBL) };
        if s == NDIS_STATUS_SUCCESS {
            // SAFETY: context just allocated on `n`.
            let area = unsafe { save_area(n) };
            // SAFETY: `n` is valid and ours.
            let source = unsafe { (*n).SourceHandle };
            // SAFETY: this layer's fresh context bytes, 16 bytes, pointer-aligned.
            unsafe {
                area.write_unaligned(SaveArea {
                    source,
                    owner: b.handle(),
                });
            }
            // SAFETY: as above.
            unsafe { (*n).SourceHandle = b.lower() };
            // SAFETY: as above.
            bytes += unsafe { bytes_of(n) };
            // SAFETY: as above.
            unsafe { down.push(n) };
        } else {
            // SAFETY: as above.
            unsafe { failed.push(n) };
        }
        n = following;
    }
    b.release(&b.sends, failed.count);
    complete_up(b, &failed, NDIS_STATUS_RESOURCES, dispatch);
    if !down.head.is_null() {
        b.stats.xmit_bytes.fetch_add(bytes, Ordering::Relaxed);
        b.log(Op::SendDown, down.head as usize, down.count, 0);
        // LC-52: one call, order preserved, loopback check cleared as MUX does.
        let flags = send_flags & !NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK;
        // SAFETY: our open binding; every NBL's SourceHandle is the binding handle.
        unsafe { N::ndis_send_net_buffer_lists(b.lower(), down.head, port, flags) };
    }
    if failed.count != 0 {
        b.check_drains();
    }
}

/// ProtocolSendNetBufferListsComplete (LC-53), ≤ DISPATCH_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn send_complete<N: Ndis>(
    binding_context: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    flags: u32,
) {
    // SAFETY: our ProtocolBindingContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(binding_context) }) else {
        return;
    };
    let mut count = 0usize;
    let mut ok = 0u64;
    let mut n = chain;
    while !n.is_null() {
        // SAFETY: NBLs we sent, ours again.
        unsafe { restore(b, n) };
        // SAFETY: as above.
        if unsafe { (*n).Status } == NDIS_STATUS_SUCCESS {
            ok += 1;
        }
        count += 1;
        // SAFETY: as above.
        n = unsafe { next(n) };
    }
    b.stats.xmit_ok.fetch_add(ok, Ordering::Relaxed);
    b.stats
        .xmit_error
        .fetch_add(count as u64 - ok, Ordering::Relaxed);
    b.log(Op::SendComplete, chain as usize, count, 0);
    let up = flags & NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL;
    if !chain.is_null() {
        // SAFETY: the velan cannot halt with sends outstanding; the chain completes once.
        unsafe { N::ndis_m_send_net_buffer_lists_complete(b.velan(), chain, up) };
    }
    b.release(&b.sends, count);
    b.check_drains();
}

/// ProtocolReceiveNetBufferLists (LC-54), ≤ DISPATCH_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn receive<N: Ndis>(
    binding_context: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    port: NDIS_PORT_NUMBER,
    number: u32,
    flags: u32,
) {
    // SAFETY: our ProtocolBindingContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(binding_context) }) else {
        return;
    };
    let resources = flags & NDIS_RECEIVE_FLAGS_RESOURCES != 0;
    let return_flags = if flags & NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL != 0 {
        NDIS_RETURN_FLAGS_DISPATCH_LEVEL
    } else {
        0
    };
    let mut count = 0usize;
    let mut n = chain;
    while !n.is_null() {
        count += 1;
        // SAFETY: NBLs NDIS indicated.
        n = unsafe { next(n) };
    }
    let accept = {
        let st = b.states.lock();
        let ok = st.velan == VelanState::Running
            && st.velan_power == Power::D0
            && !st.surprise_removed
            && matches!(st.binding, BindingState::Running | BindingState::Pausing);
        if ok {
            for _ in 0..count {
                b.receives.enter();
            }
        }
        ok
    };
    if accept && tag_receives(b, chain) {
        indicate(b, chain, port, number, flags, count, resources);
        return;
    }
    if accept {
        b.release(&b.receives, count);
        b.check_drains();
    }
    b.stats
        .rcv_discards
        .fetch_add(count as u64, Ordering::Relaxed);
    b.log(Op::ReceiveDropped, chain as usize, count, 0);
    if !resources && !chain.is_null() {
        // SAFETY: NBLs NDIS lent us, returned once to our binding.
        unsafe { N::ndis_return_net_buffer_lists(b.lower(), chain, return_flags) };
    }
}

/// Save each NBL's SourceHandle and write the velan's (LC-54); undo all on failure.
fn tag_receives<N: Ndis>(b: &Binding<N>, chain: PNET_BUFFER_LIST) -> bool {
    let mut n = chain;
    while !n.is_null() {
        // SAFETY: an indicated NBL, ours until indicated up.
        let s = unsafe { N::ndis_allocate_net_buffer_list_context(n, SAVE_AREA, 0, TAG_NBL) };
        if s != NDIS_STATUS_SUCCESS {
            untag(b, chain, n);
            return false;
        }
        // SAFETY: context just allocated.
        let area = unsafe { save_area(n) };
        // SAFETY: as above.
        let source = unsafe { (*n).SourceHandle };
        // SAFETY: this layer's context bytes.
        unsafe {
            area.write_unaligned(SaveArea {
                source,
                owner: b.handle(),
            });
        }
        // SAFETY: as above.
        unsafe { (*n).SourceHandle = b.velan() };
        // SAFETY: as above.
        n = unsafe { next(n) };
    }
    true
}

/// Restore SourceHandle and free the save area of NBLs from `chain` up to `stop`
/// (exclusive; null = the whole chain).
fn untag<N: Ndis>(b: &Binding<N>, chain: PNET_BUFFER_LIST, stop: PNET_BUFFER_LIST) {
    let mut n = chain;
    while !n.is_null() && n != stop {
        // SAFETY: an NBL tagged by `tag_receives`.
        unsafe { restore(b, n) };
        // SAFETY: as above.
        n = unsafe { next(n) };
    }
}

/// Indicate a tagged chain up; with RESOURCES the NBLs are ours again on return.
fn indicate<N: Ndis>(
    b: &Binding<N>,
    chain: PNET_BUFFER_LIST,
    port: NDIS_PORT_NUMBER,
    number: u32,
    flags: u32,
    count: usize,
    resources: bool,
) {
    let mut bytes = 0u64;
    let mut n = chain;
    while !n.is_null() {
        // SAFETY: NBLs of the chain, ours until indicated.
        bytes += unsafe { bytes_of(n) };
        // SAFETY: as above.
        n = unsafe { next(n) };
    }
    b.stats.rcv_ok.fetch_add(count as u64, Ordering::Relaxed);
    b.stats.rcv_bytes.fetch_add(bytes, Ordering::Relaxed);
    b.log(Op::ReceiveUp, chain as usize, count, 0);
    // SAFETY: the velan is running (checked and counted); SourceHandle is the velan's.
    unsafe {
        N::ndis_m_indicate_receive_net_buffer_lists(b.velan(), chain, port, number, flags);
    }
    if resources {
        // LC-55: ours again now.
        untag(b, chain, ptr::null_mut());
        b.release(&b.receives, count);
        b.check_drains();
    }
}

/// MiniportReturnNetBufferLists (LC-55), ≤ DISPATCH_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn return_nbls<N: Ndis>(
    adapter_context: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    return_flags: u32,
) {
    // SAFETY: our MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return;
    };
    let mut count = 0usize;
    let mut n = chain;
    while !n.is_null() {
        count += 1;
        // SAFETY: NBLs we indicated, returned by NDIS.
        n = unsafe { next(n) };
    }
    untag(b, chain, ptr::null_mut());
    b.log(Op::ReturnDown, chain as usize, count, 0);
    if !chain.is_null() {
        // SAFETY: NBLs the NIC indicated to our binding, returned once.
        unsafe { N::ndis_return_net_buffer_lists(b.lower(), chain, return_flags) };
    }
    b.release(&b.receives, count);
    b.check_drains();
}

/// MiniportCancelSend (LC-56), ≤ DISPATCH_LEVEL: the IM holds no sends, so the cancel
/// goes down.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn cancel_send<N: Ndis>(adapter_context: NDIS_HANDLE, cancel_id: PVOID) {
    // SAFETY: our MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return;
    };
    if b.states().binding == BindingState::Closed {
        return;
    }
    // SAFETY: our open binding.
    unsafe { N::ndis_cancel_send_net_buffer_lists(b.lower(), cancel_id) };
}
