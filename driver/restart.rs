//! Restart attributes on both edges (LC-32, LC-35): NDIS hands a restarting protocol
//! binding the lower stack's current general attributes (NDIS_PROTOCOL_RESTART_PARAMETERS
//! → NDIS_RESTART_ATTRIBUTES list → NDIS_RESTART_GENERAL_ATTRIBUTES), which may differ
//! from the bind parameters when a filter below was added or removed while the binding
//! was paused; the binding keeps them by value as its current capabilities. When the
//! velan restarts, NDIS hands MiniportRestart the attributes the stack above will see,
//! and the IM rewrites the members it derives from the binding (LC-20) so the host
//! stack learns the NIC's current MTU, speeds, lookahead, filters and RSS capabilities.
//! Lists are walked with a bound; a malformed entry is skipped, never trusted.

use core::ptr;

use crate::binding::{Binding, copy_sized};
use crate::ndis::{
    NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES, NDIS_PROTOCOL_RESTART_PARAMETERS,
    NDIS_RESTART_ATTRIBUTES, NDIS_RESTART_GENERAL_ATTRIBUTES,
    NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1,
    NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1, OID_GEN_MINIPORT_RESTART_ATTRIBUTES,
    PNDIS_RESTART_ATTRIBUTES, PNET_PNP_EVENT_NOTIFICATION,
};
use crate::platform::Ndis;
use crate::recorder::Op;

/// Entries looked at before a list is taken as cyclic or runaway.
const MAX_ENTRIES: usize = 32;

/// The general-attributes entry of a restart-attributes list, if it has a well-formed
/// one (type, revision-1 size and `DataLength` all checked).
///
/// # Safety
/// `list` is null or NDIS's restart-attributes list, valid for the current call.
unsafe fn general_attributes(
    mut list: PNDIS_RESTART_ATTRIBUTES,
) -> Option<*mut NDIS_RESTART_GENERAL_ATTRIBUTES> {
    let min = NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1;
    for _ in 0..MAX_ENTRIES {
        if list.is_null() || !list.is_aligned() {
            return None;
        }
        // SAFETY: caller: a live entry of NDIS's list (non-null, aligned).
        let entry: &NDIS_RESTART_ATTRIBUTES = unsafe { &*list };
        if entry.Oid == OID_GEN_MINIPORT_RESTART_ATTRIBUTES && entry.DataLength >= u32::from(min) {
            // From the list's own pointer, not the shared reference: the caller may
            // write through it (MiniportRestart, LC-32).
            // SAFETY: a place projection on the live entry (no read, no reference).
            let data = unsafe { &raw mut (*list).Data }.cast::<NDIS_RESTART_GENERAL_ATTRIBUTES>();
            // SAFETY: `DataLength` ≥ the revision-1 size bytes follow at `Data`, which
            // begins with the structure's header.
            let header = unsafe { (*data).Header };
            if header.Type == NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES && header.Size >= min {
                return Some(data);
            }
        }
        list = entry.Next;
    }
    None
}

/// NetEventRestart (LC-35): take the lower stack's current general attributes, if
/// NDIS passed any, as the binding's capabilities (by value, LC-11).
///
/// # Safety
/// `notification` is NDIS's NetEventRestart notification, valid for the call.
pub unsafe fn take_lower<N: Ndis>(b: &Binding<N>, notification: PNET_PNP_EVENT_NOTIFICATION) {
    // SAFETY: caller: NDIS's notification (null checked).
    let Some(n) = (unsafe { notification.as_ref() }) else {
        return;
    };
    let event = &n.NetPnPEvent;
    if event.Buffer.is_null()
        || (event.BufferLength as usize) < size_of::<NDIS_PROTOCOL_RESTART_PARAMETERS>()
    {
        return;
    }
    // SAFETY: the event's buffer holds the restart parameters (length checked); read
    // unaligned, as nothing promises the buffer's alignment.
    let params = unsafe {
        event
            .Buffer
            .cast::<NDIS_PROTOCOL_RESTART_PARAMETERS>()
            .read_unaligned()
    };
    // SAFETY: the list NDIS passed with this event, valid for the call.
    let Some(g) = (unsafe { general_attributes(params.RestartAttributes) }) else {
        return;
    };
    // SAFETY: a well-formed entry of the list (checked above), valid for the call.
    let g = unsafe { g.read_unaligned() };
    // SAFETY: NDIS's RSS capabilities or null, valid for the call.
    let rss = unsafe {
        copy_sized(
            g.RecvScaleCapabilities,
            NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1,
        )
    };
    let mut caps = b.caps.lock();
    let p = &mut caps.params;
    p.MtuSize = g.MtuSize;
    p.MaxXmitLinkSpeed = g.MaxXmitLinkSpeed;
    p.MaxRcvLinkSpeed = g.MaxRcvLinkSpeed;
    p.LookaheadSize = g.LookaheadSize;
    p.MacOptions = g.MacOptions;
    p.SupportedPacketFilters = g.SupportedPacketFilters;
    p.MaxMulticastListSize = g.MaxMulticastListSize;
    p.AccessType = g.AccessType;
    p.ConnectionType = g.ConnectionType;
    p.DataBackFillSize = g.DataBackFillSize;
    p.ContextBackFillSize = g.ContextBackFillSize;
    caps.rss = rss;
    drop(caps);
    b.log(Op::RestartAttributes, 0, g.MtuSize as usize, 0);
}

/// MiniportRestart (LC-32): rewrite the general attributes NDIS will show the stack
/// above from the binding's current capabilities (LC-20). RSS capabilities are written
/// into NDIS's own structure when it passed one, and withdrawn when the NIC has none
/// any more; the velan never points NDIS at its own memory here.
///
/// # Safety
/// `list` is null or the restart-attributes list NDIS passed MiniportRestart.
pub unsafe fn apply_to_velan<N: Ndis>(b: &Binding<N>, list: PNDIS_RESTART_ATTRIBUTES) {
    // SAFETY: caller: NDIS's list for this MiniportRestart.
    let Some(g) = (unsafe { general_attributes(list) }) else {
        return;
    };
    let caps = *b.caps.lock();
    let p = caps.params;
    // SAFETY: a well-formed entry NDIS lets the miniport modify during the call.
    let g = unsafe { &mut *g };
    g.MtuSize = p.MtuSize;
    g.MaxXmitLinkSpeed = p.MaxXmitLinkSpeed;
    g.MaxRcvLinkSpeed = p.MaxRcvLinkSpeed;
    g.LookaheadSize = p.LookaheadSize;
    g.MacOptions = p.MacOptions | crate::velan::NDIS_MAC_OPTION_NO_LOOPBACK;
    g.SupportedPacketFilters = p.SupportedPacketFilters;
    g.MaxMulticastListSize = p.MaxMulticastListSize;
    g.AccessType = p.AccessType;
    g.ConnectionType = p.ConnectionType;
    match (caps.rss, g.RecvScaleCapabilities.is_null()) {
        (Some(rss), false) => {
            // SAFETY: NDIS's RSS structure for these attributes, writable during the
            // call; read by NDIS as this type.
            unsafe { g.RecvScaleCapabilities.write_unaligned(rss) };
        }
        (None, false) => g.RecvScaleCapabilities = ptr::null_mut(),
        _ => {}
    }
    b.log(
        Op::RestartAttributes,
        b.velan() as usize,
        p.MtuSize as usize,
        0,
    );
}
