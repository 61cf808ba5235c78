//! The offloaded TCP I/O handlers, registered in step 1 so that both tables are
//! complete (DP-1, DP-2) but not yet relaying: step 3 of issue 7 relays them. Until
//! then every request from above is handled exactly as one that cannot be relayed:
//! sends per DP-51 (`NDIS_STATUS_REQUEST_UPLOAD` on the first NBL of the first refusal,
//! `NDIS_STATUS_UPLOAD_REQUESTED` otherwise), post-receive, disconnect and forward per
//! DP-52 (`NDIS_STATUS_UPLOAD_IN_PROGRESS`, one `TcpIndicateRetrieve`), so H uploads
//! the connection and carries on itself. Calls from below cannot concern anything the
//! IM sent (it sends nothing down yet); they are counted and never crash the driver.

use core::ptr;
use core::sync::atomic::Ordering;

use offload_tree::abi::{
    NDIS_STATUS, NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING, NDIS_STATUS_REQUEST_UPLOAD,
    NDIS_STATUS_SUCCESS, NDIS_STATUS_UPLOAD_IN_PROGRESS, NDIS_STATUS_UPLOAD_REQUESTED,
    NDIS_TCP_OFFLOAD_SEND_COMPLETE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PNET_BUFFER_LIST, PVOID,
    TCP_OFFLOAD_EVENT_TYPE, TCP_UPLOAD_REASON,
};

use super::MAX_CHAIN;
use crate::binding::Binding;
use crate::ndis::{NDIS_HANDLE, from_chimney};
use crate::platform::Ndis;
use crate::recorder::Op;

/// Which request a refused chain belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Io {
    Send,
    Receive,
    Disconnect,
    Forward,
}

/// Complete `chain` upward as not relayed (DP-51 for sends, DP-52 for the others).
fn refuse<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
    io: Io,
) -> NDIS_STATUS {
    // SAFETY: NDIS passes the velan's MiniportAdapterContext (the binding).
    let Some(b) = (unsafe { Binding::<N>::from_handle(mac) }) else {
        return NDIS_STATUS_FAILURE;
    };
    let Some(up) = *b.offload.upcalls.lock() else {
        b.wrong_state(0xF10);
        return NDIS_STATUS_FAILURE;
    };
    b.offload.stats.io_refused.fetch_add(1, Ordering::Relaxed);
    b.log(Op::OffloadIoRefused, chain as usize, context as usize, 0);
    let slab = b.offload.slab();
    // DP-50(d): an unknown token has no flag; treat it as a first refusal.
    let entry = slab.entry(context);
    let first = entry.is_none_or(|e| !e.upload_requested.swap(true, Ordering::AcqRel));
    if io != Io::Send
        && first
        && let Some(e) = entry
        && let Some(event) = up.NdisTcpOffloadEventHandler
    {
        // DP-52: ask H to upload, once.
        // SAFETY: NDIS's upcall with H's handle for this object (OP-13).
        unsafe {
            event(
                e.host().cast(),
                TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve
                    .0
                    .cast_unsigned(),
                TCP_UPLOAD_REASON::UploadRequested.0.cast_unsigned(),
            );
        }
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
    let complete: NDIS_TCP_OFFLOAD_SEND_COMPLETE = match io {
        Io::Send => up.NdisTcpOffloadSendComplete,
        Io::Receive => up.NdisTcpOffloadReceiveComplete,
        Io::Disconnect => up.NdisTcpOffloadDisconnectComplete,
        Io::Forward => up.NdisTcpOffloadForwardComplete,
    };
    if let Some(f) = complete {
        // SAFETY: NDIS's upcall with the velan's handle and H's chain, completed once.
        unsafe { f(b.velan(), chain) };
    }
    NDIS_STATUS_PENDING
}

/// MiniportTcpOffloadSend (DP-51 until step 3).
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as.
pub unsafe extern "system" fn send<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    refuse::<N>(mac, context, chain, Io::Send)
}

/// MiniportTcpOffloadReceive (DP-52 until step 3).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn receive<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    refuse::<N>(mac, context, chain, Io::Receive)
}

/// MiniportTcpOffloadDisconnect (DP-52 until step 3).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn disconnect<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
    _flags: u32,
) -> NDIS_STATUS {
    refuse::<N>(mac, context, chain, Io::Disconnect)
}

/// MiniportTcpOffloadForward (DP-52 until step 3).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn forward<N: Ndis>(
    mac: NDIS_HANDLE,
    context: PVOID,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    refuse::<N>(mac, context, chain, Io::Forward)
}

/// MiniportTcpOffloadReceiveReturn: the IM indicates nothing yet, so nothing can be
/// returned through it; counted.
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn receive_return<N: Ndis>(
    mac: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    // SAFETY: NDIS passes the velan's MiniportAdapterContext.
    if let Some(b) = unsafe { Binding::<N>::from_handle(mac) } {
        b.offload.stats.unknown.fetch_add(1, Ordering::Relaxed);
        b.log(Op::WrongState, chain as usize, 0xF11, 0);
    }
    NDIS_STATUS_SUCCESS
}

/// ProtocolTcpOffload{Send,Receive,Disconnect,Forward}Complete: the IM sent nothing
/// down, so a completion names nothing of its own; counted (step 3 relays them).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn lower_io_complete<N: Ndis>(
    pbc: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
) {
    // SAFETY: NDIS passes the binding context of the IM's open.
    if let Some(b) = unsafe { Binding::<N>::from_handle(pbc) } {
        b.offload.stats.unknown.fetch_add(1, Ordering::Relaxed);
        b.log(Op::WrongState, chain as usize, 0xF12, 0);
    }
}

/// ProtocolTcpOffloadEvent: relayed in step 4; counted until then. The context is the
/// IM's token (`&entry.handle.MiniportOffloadContext` lookups come with step 4).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn lower_event<N: Ndis>(context: PVOID, event: u32, info: u32) {
    let _ = (context, event, info);
}

/// ProtocolTcpOffloadReceiveIndicate: relayed in step 3; until then the IM consumes
/// nothing and does not take the NBLs (`BytesConsumed` 0, a failure status).
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn lower_receive_indicate<N: Ndis>(
    context: PVOID,
    chain: PNET_BUFFER_LIST,
    status: NDIS_STATUS,
    consumed: *mut u32,
) -> NDIS_STATUS {
    let _ = (context, chain, status);
    if !consumed.is_null() && consumed.is_aligned() {
        // SAFETY: NDIS's out slot for this call.
        unsafe { consumed.write(0) };
    }
    NDIS_STATUS_FAILURE
}

/// ProtocolIndicateOffloadEvent (EV-20): relayed in step 4; counted until then.
///
/// # Safety
/// As [`send`].
pub unsafe extern "system" fn indicate_offload_event<N: Ndis>(
    pbc: NDIS_HANDLE,
    block: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    code: u32,
) {
    // SAFETY: NDIS passes the binding context of the IM's open.
    if let Some(b) = unsafe { Binding::<N>::from_handle(pbc) } {
        b.offload.stats.unknown.fetch_add(1, Ordering::Relaxed);
        b.log(Op::WrongState, block as usize, code as usize, 0);
    }
}
