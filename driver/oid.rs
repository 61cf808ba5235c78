//! OID relay (LC-36..LC-44): each request from above goes down as its own clone
//! (NdisAllocateCloneOidRequest) carrying the caller's buffer — never one shared request
//! block (MUX) — with RequestId set to the clone's own address (unique per request,
//! so a cancel cannot hit someone else's request) and RequestHandle left as NDIS set
//! it; the completion copies BytesWritten/BytesRead/BytesNeeded back, frees the clone,
//! then completes the original. Cancels are relayed by RequestId. OID_PNP_QUERY_POWER
//! and OID_PNP_SET_POWER are answered locally with success (LC-39), statistics OIDs
//! from the per-binding counters, and requests the binding cannot take get the LC-43
//! status.

use core::ptr;
use core::sync::atomic::Ordering;

use crate::binding::{self, Binding, OidSlot, Power};
use crate::ndis::{
    NDIS_DEVICE_POWER_STATE, NDIS_HANDLE, NDIS_OID, NDIS_OID_REQUEST, NDIS_REQUEST_TYPE,
    NDIS_STATUS, NDIS_STATUS_BUFFER_TOO_SHORT, NDIS_STATUS_INVALID_LENGTH,
    NDIS_STATUS_NOT_ACCEPTED, NDIS_STATUS_NOT_SUPPORTED, NDIS_STATUS_PENDING,
    NDIS_STATUS_RESOURCES, NDIS_STATUS_SUCCESS, OID_GEN_RCV_OK, OID_GEN_SUPPORTED_GUIDS,
    OID_GEN_XMIT_ERROR, OID_GEN_XMIT_OK, OID_PNP_QUERY_POWER, OID_PNP_SET_POWER, PNDIS_OID_REQUEST,
    PVOID,
};
use crate::platform::Ndis;
use crate::recorder::Op;
use offload_tree::abi::{
    NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1, NDIS_TCP_CONNECTION_OFFLOAD,
    OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
};

/// `OID_GEN_BYTES_RCV` (ntddndis.h).
pub const OID_GEN_BYTES_RCV: NDIS_OID = 0x0002_0219;
/// `OID_GEN_BYTES_XMIT` (ntddndis.h).
pub const OID_GEN_BYTES_XMIT: NDIS_OID = 0x0002_021A;
/// `OID_GEN_RCV_DISCARDS` (ntddndis.h).
pub const OID_GEN_RCV_DISCARDS: NDIS_OID = 0x0002_021B;

/// Pool tag of clone requests ("CImO").
const TAG_OID: u32 = u32::from_le_bytes(*b"CImO");

/// The OIDs the velan lists in its general attributes (SupportedOidList, LC-20): the
/// statistics and power OIDs it answers itself and the packet filter it forwards.
/// Every other OID NDIS sends is forwarded too (LC-36); the list still needs the
/// NIC's own supported list merged in (see the issue note).
pub const SUPPORTED_OIDS: [NDIS_OID; 11] = [
    crate::offload::counters::OID_CHIMNEY_IM_STATISTICS,
    crate::ndis::OID_PNP_CAPABILITIES,
    OID_GEN_XMIT_OK,
    OID_GEN_RCV_OK,
    OID_GEN_XMIT_ERROR,
    OID_GEN_RCV_DISCARDS,
    OID_GEN_BYTES_XMIT,
    OID_GEN_BYTES_RCV,
    OID_PNP_QUERY_POWER,
    OID_PNP_SET_POWER,
    crate::ndis::OID_GEN_CURRENT_PACKET_FILTER,
];

/// Which statistic an OID names, if the IM answers it from its counters (LC-42).
fn statistic<N: Ndis>(b: &Binding<N>, oid: NDIS_OID) -> Option<u64> {
    let s = &b.stats;
    let v = match oid {
        OID_GEN_XMIT_OK => &s.xmit_ok,
        OID_GEN_RCV_OK => &s.rcv_ok,
        OID_GEN_XMIT_ERROR => &s.xmit_error,
        OID_GEN_RCV_DISCARDS => &s.rcv_discards,
        OID_GEN_BYTES_XMIT => &s.xmit_bytes,
        OID_GEN_BYTES_RCV => &s.rcv_bytes,
        _ => return None,
    };
    Some(v.load(Ordering::Relaxed))
}

/// The OID of a request, whatever its type.
fn oid_of(r: &NDIS_OID_REQUEST) -> NDIS_OID {
    // SAFETY: every arm of the DATA union starts with the Oid member.
    unsafe { r.DATA.Oid }
}

/// Answer a statistics query into the caller's buffer (8 bytes, or 4 if that is all
/// there is room for, as NDIS statistics OIDs allow).
fn answer_statistic(r: &mut NDIS_OID_REQUEST, value: u64) -> NDIS_STATUS {
    if r.RequestType != NDIS_REQUEST_TYPE::NdisRequestQueryInformation
        && r.RequestType != NDIS_REQUEST_TYPE::NdisRequestQueryStatistics
    {
        return NDIS_STATUS_NOT_SUPPORTED;
    }
    // SAFETY: a query request: the QUERY_INFORMATION arm is the valid one.
    let q = unsafe { &mut r.DATA.QUERY_INFORMATION };
    let buf: PVOID = q.InformationBuffer;
    if buf.is_null() || q.InformationBufferLength < 4 {
        q.BytesNeeded = 8;
        q.BytesWritten = 0;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }
    if q.InformationBufferLength >= 8 {
        // SAFETY: the caller's buffer holds at least 8 bytes (checked).
        unsafe { buf.cast::<u64>().write_unaligned(value) };
        q.BytesWritten = 8;
    } else {
        let v = u32::try_from(value).unwrap_or(u32::MAX);
        // SAFETY: at least 4 bytes (checked).
        unsafe { buf.cast::<u32>().write_unaligned(v) };
        q.BytesWritten = 4;
    }
    q.BytesNeeded = 0;
    NDIS_STATUS_SUCCESS
}

/// Answer a query with `value`'s bytes (a `#[repr(C)]` plain-data array).
fn answer_bytes<T: Copy>(r: &mut NDIS_OID_REQUEST, value: &[T]) -> NDIS_STATUS {
    if r.RequestType != NDIS_REQUEST_TYPE::NdisRequestQueryInformation
        && r.RequestType != NDIS_REQUEST_TYPE::NdisRequestQueryStatistics
    {
        return NDIS_STATUS_NOT_SUPPORTED;
    }
    // SAFETY: a query request: the QUERY_INFORMATION arm is the valid one.
    let q = unsafe { &mut r.DATA.QUERY_INFORMATION };
    let need = u32::try_from(size_of_val(value)).unwrap_or(u32::MAX);
    if q.InformationBuffer.is_null() || q.InformationBufferLength < need {
        q.BytesNeeded = need;
        q.BytesWritten = 0;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }
    // SAFETY: the caller's buffer holds `need` bytes (checked) and cannot overlap our
    // value; a byte copy has no alignment requirement.
    unsafe {
        core::ptr::copy_nonoverlapping(
            value.as_ptr().cast::<u8>(),
            q.InformationBuffer.cast::<u8>(),
            need as usize,
        );
    }
    q.BytesWritten = need;
    q.BytesNeeded = 0;
    NDIS_STATUS_SUCCESS
}

/// The chimney capability queries (EV-41): NDIS normally answers them from the
/// velan's attributes and status indications; if one arrives, the velan's own
/// structure (EV-51) answers it, never the NIC's, whose capacity the IM may not hold.
fn answer_connection_offload<N: Ndis>(b: &Binding<N>, r: &mut NDIS_OID_REQUEST) -> NDIS_STATUS {
    if r.RequestType != NDIS_REQUEST_TYPE::NdisRequestQueryInformation {
        return NDIS_STATUS_NOT_SUPPORTED;
    }
    // LC-14, LC-21: the hardware answer from the NIC's hardware capabilities.
    let value = if oid_of(r) == OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES {
        crate::offload::advertised_hardware(b, crate::velan::advertised_tcp())
    } else {
        crate::offload::advertised(b, crate::velan::advertised_tcp())
    };
    // SAFETY: a query request: the QUERY_INFORMATION arm is the valid one.
    let q = unsafe { &mut r.DATA.QUERY_INFORMATION };
    let need = size_of::<crate::ndis::NDIS_TCP_CONNECTION_OFFLOAD>() as u32;
    if q.InformationBuffer.is_null() || q.InformationBufferLength < need {
        q.BytesNeeded = need;
        q.BytesWritten = 0;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }
    // SAFETY: the caller's buffer holds `need` bytes (checked); unaligned write.
    unsafe {
        q.InformationBuffer
            .cast::<crate::ndis::NDIS_TCP_CONNECTION_OFFLOAD>()
            .write_unaligned(value);
    }
    q.BytesWritten = need;
    q.BytesNeeded = 0;
    NDIS_STATUS_SUCCESS
}

/// The velan's OID_PNP_CAPABILITIES (LC-15, LC-39): no wake-up of its own, every
/// floor `NdisDeviceStateUnspecified`, whatever the NIC can do.
fn pnp_capabilities<N: Ndis>(b: &Binding<N>) -> crate::ndis::NDIS_PNP_CAPABILITIES {
    let nic = b.caps.lock().pm.unwrap_or_default();
    let velan = crate::velan::velan_pm_capabilities(nic);
    crate::ndis::NDIS_PNP_CAPABILITIES {
        Flags: 0,
        WakeUpCapabilities: crate::ndis::NDIS_PM_WAKE_UP_CAPABILITIES {
            MinMagicPacketWakeUp: velan.MinMagicPacketWakeUp,
            MinPatternWakeUp: velan.MinPatternWakeUp,
            MinLinkChangeWakeUp: velan.MinLinkChangeWakeUp,
        },
    }
}

/// OID_PNP_QUERY_POWER / OID_PNP_SET_POWER: always success, never forwarded (LC-39);
/// the velan tracks its own power state, and a low-power set first drains what is
/// offloaded through it (EV-30(d), EV-34).
fn answer_power<N: Ndis>(b: &Binding<N>, r: &mut NDIS_OID_REQUEST, oid: NDIS_OID) -> NDIS_STATUS {
    if oid == OID_PNP_SET_POWER && r.RequestType == NDIS_REQUEST_TYPE::NdisRequestSetInformation {
        // SAFETY: a set request: the SET_INFORMATION arm is the valid one.
        let s = unsafe { &mut r.DATA.SET_INFORMATION };
        let need = size_of::<NDIS_DEVICE_POWER_STATE>() as u32;
        if s.InformationBuffer.is_null() || s.InformationBufferLength < need {
            s.BytesNeeded = need;
            return NDIS_STATUS_INVALID_LENGTH;
        }
        // SAFETY: the caller's buffer holds a power state (length checked).
        let state = unsafe {
            s.InformationBuffer
                .cast::<NDIS_DEVICE_POWER_STATE>()
                .read_unaligned()
        };
        s.BytesRead = need;
        let d0 = state == NDIS_DEVICE_POWER_STATE::NdisDeviceStateD0;
        if !d0 {
            // EV-30(d), EV-34: nothing stays offloaded through a velan going to Dx;
            // the wait is bounded (LC-79) and runs before the OID completes.
            crate::offload::drain_and_wait(b, 0x603);
        }
        b.states.lock().velan_power = if d0 { Power::D0 } else { Power::Dx };
        if d0 {
            binding::flush_link_state(b); // LC-46
            if b.states().power == Power::D0 {
                crate::offload::end_drain(b); // EV-33
            }
        }
    }
    NDIS_STATUS_SUCCESS
}

/// MiniportOidRequest (LC-36..LC-43), PASSIVE_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn request<N: Ndis>(
    adapter_context: NDIS_HANDLE,
    oid_request: PNDIS_OID_REQUEST,
) -> NDIS_STATUS {
    // SAFETY: our MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return NDIS_STATUS_NOT_ACCEPTED;
    };
    // SAFETY: NDIS's request, valid until completed (null checked).
    let Some(r) = (unsafe { oid_request.as_mut() }) else {
        return NDIS_STATUS_NOT_ACCEPTED;
    };
    let oid = oid_of(r);
    let st = b.states();
    let local = if st.surprise_removed {
        Some(NDIS_STATUS_NOT_ACCEPTED) // LC-62
    } else if oid == OID_PNP_QUERY_POWER || oid == OID_PNP_SET_POWER {
        Some(answer_power(b, r, oid))
    } else if oid == crate::ndis::OID_PNP_CAPABILITIES {
        // LC-39, LC-15: from the bind parameters, never from the NIC.
        Some(answer_bytes(r, &[pnp_capabilities(b)]))
    } else if oid == OID_GEN_SUPPORTED_GUIDS {
        // Issue 10: the statistics GUID (LC-42 answered NOT_SUPPORTED before it).
        let guids = crate::offload::counters::SUPPORTED_GUIDS;
        Some(answer_bytes(r, &guids))
    } else if oid == crate::offload::counters::OID_CHIMNEY_IM_STATISTICS {
        Some(answer_bytes(r, &[crate::offload::counters::snapshot(b)]))
    } else if oid == offload_tree::abi::OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG
        || oid == OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES
    {
        Some(answer_connection_offload(b, r))
    } else if let Some(v) = statistic(b, oid) {
        Some(answer_statistic(r, v))
    } else {
        binding::unavailable_status(&st) // LC-43
    };
    if let Some(status) = local {
        let counter = if status == NDIS_STATUS_SUCCESS {
            &b.stats.oids_local
        } else {
            &b.stats.oids_failed
        };
        counter.fetch_add(1, Ordering::Relaxed);
        b.log(Op::OidLocal, oid_request as usize, oid as usize, status);
        return status;
    }
    forward(b, oid_request, oid)
}

/// Forward one request as its own clone (LC-37).
fn forward<N: Ndis>(b: &Binding<N>, original: PNDIS_OID_REQUEST, oid: NDIS_OID) -> NDIS_STATUS {
    let mut clone: PNDIS_OID_REQUEST = core::ptr::null_mut();
    // SAFETY: our open binding handle; the original is valid; out slot is local.
    let s =
        unsafe { N::ndis_allocate_clone_oid_request(b.lower(), original, TAG_OID, &raw mut clone) };
    if s != NDIS_STATUS_SUCCESS || clone.is_null() {
        b.stats.oids_failed.fetch_add(1, Ordering::Relaxed);
        return NDIS_STATUS_RESOURCES;
    }
    // SAFETY: the clone NDIS just allocated for us.
    let Some(c) = (unsafe { clone.as_mut() }) else {
        return NDIS_STATUS_RESOURCES;
    };
    // The clone carries the caller's buffer (NdisAllocateCloneOidRequest copies the
    // pointers); RequestId is the clone's own address so cancel targets exactly it.
    c.RequestId = clone.cast();
    c.SourceReserved = [0; 2 * size_of::<PVOID>()];
    if let Some(dst) = c.SourceReserved.get_mut(..size_of::<usize>()) {
        dst.copy_from_slice(&(original as usize).to_ne_bytes());
    }
    let slotted = {
        let mut slots = b.oid_slots.lock();
        if let Some(free) = slots.iter_mut().find(|s| s.is_none()) {
            *free = Some(OidSlot {
                original: original as usize,
                clone: clone as usize,
            });
            true
        } else {
            false
        }
    };
    if !slotted {
        // SAFETY: the clone allocated above, never sent.
        unsafe { N::ndis_free_clone_oid_request(b.lower(), clone) };
        b.stats.oids_failed.fetch_add(1, Ordering::Relaxed);
        return NDIS_STATUS_RESOURCES;
    }
    b.oids.enter();
    b.stats.oids_forwarded.fetch_add(1, Ordering::Relaxed);
    b.log(Op::OidDown, clone as usize, oid as usize, 0);
    // SAFETY: our open binding; the clone stays valid until its completion.
    let status = unsafe { N::ndis_oid_request(b.lower(), clone) };
    if status == NDIS_STATUS_PENDING {
        return NDIS_STATUS_PENDING;
    }
    // Completed inline: the same path, but the status is returned, not completed.
    finish(b, clone, status);
    status
}

/// LC-42: remember the packet filter, whether a multicast list was set, the wake
/// patterns added and whether RSS was enabled on LB through the velan, so the unbind
/// can clear them (LC-65 step 6).
fn remember_lower_filters<N: Ndis>(b: &Binding<N>, o: &NDIS_OID_REQUEST) {
    let oid = oid_of(o);
    // SAFETY: a set request: the SET_INFORMATION arm is the valid one.
    let set = unsafe { &o.DATA.SET_INFORMATION };
    if oid == crate::ndis::OID_GEN_CURRENT_PACKET_FILTER {
        if let Some(filter) = read_u32_at(set, 0) {
            b.lower_filter.store(filter, Ordering::Release);
        }
    } else if oid == crate::ndis::OID_802_3_MULTICAST_LIST {
        b.lower_multicast
            .store(set.InformationBufferLength != 0, Ordering::Release);
    } else if oid == crate::ndis::OID_PM_ADD_WOL_PATTERN {
        if let Some(id) = read_u32_at(set, crate::ndis::NDIS_PM_WOL_PATTERN_PATTERN_ID) {
            let added = b.lower_wol_patterns.iter().any(|slot| {
                slot.compare_exchange(0, id.wrapping_add(1), Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
            });
            if !added {
                // More patterns than slots: the NIC keeps this one after the unbind.
                b.wrong_state(0xB01);
            }
        }
    } else if oid == crate::ndis::OID_PM_REMOVE_WOL_PATTERN {
        if let Some(id) = read_u32_at(set, 0) {
            for slot in &b.lower_wol_patterns {
                let _ = slot.compare_exchange(
                    id.wrapping_add(1),
                    0,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                );
            }
        }
    } else if oid == crate::ndis::OID_GEN_RECEIVE_SCALE_PARAMETERS
        && set.InformationBufferLength as usize >= size_of::<crate::ndis::NDIS_OBJECT_HEADER>() + 2
        && !set.InformationBuffer.is_null()
    {
        let at = set
            .InformationBuffer
            .cast::<u8>()
            .wrapping_add(size_of::<crate::ndis::NDIS_OBJECT_HEADER>());
        // SAFETY: the header and the Flags after it are readable (length checked).
        let flags = unsafe { at.cast::<u16>().read_unaligned() };
        let enabled = flags & crate::ndis::NDIS_RSS_PARAM_FLAG_DISABLE_RSS == 0;
        b.lower_rss.store(enabled, Ordering::Release);
    }
}

/// The ULONG at `offset` of a set request's buffer, if the buffer reaches past it.
fn read_u32_at(set: &crate::ndis::NDIS_OID_REQUEST_SET, offset: usize) -> Option<u32> {
    let end = offset.checked_add(4)?;
    if set.InformationBuffer.is_null() || (set.InformationBufferLength as usize) < end {
        return None;
    }
    let at = set.InformationBuffer.cast::<u8>().wrapping_add(offset);
    // SAFETY: `end` ≤ the buffer's length (checked); unaligned read.
    Some(unsafe { at.cast::<u32>().read_unaligned() })
}

/// Tag of the IM's own requests, in their `SourceReserved` (a clone's holds the
/// original's address instead): the binding's address with bit 0 set.
fn own_tag<N: Ndis>(b: &Binding<N>) -> usize {
    (b.handle() as usize) | 1
}

/// Whether `r` is one of the IM's own requests on `b`.
fn is_own<N: Ndis>(b: &Binding<N>, r: &NDIS_OID_REQUEST) -> bool {
    r.SourceReserved
        .get(..size_of::<usize>())
        .and_then(|s| s.try_into().ok())
        .map(usize::from_ne_bytes)
        == Some(own_tag(b))
}

/// Bytes of an own request's value: the largest structure the IM sets or queries on
/// LB (NDIS_TCP_CONNECTION_OFFLOAD, NDIS_RECEIVE_SCALE_PARAMETERS), rounded up to 8.
const OWN_VALUE: usize = if size_of::<NDIS_TCP_CONNECTION_OFFLOAD>()
    > size_of::<crate::ndis::NDIS_RECEIVE_SCALE_PARAMETERS>()
{
    size_of::<NDIS_TCP_CONNECTION_OFFLOAD>()
} else {
    size_of::<crate::ndis::NDIS_RECEIVE_SCALE_PARAMETERS>()
}
.next_multiple_of(8);
/// Bytes of an own request: the request and its value after it.
const OWN_BYTES: usize = size_of::<NDIS_OID_REQUEST>() + OWN_VALUE;

/// Set `oid` on LB to the `len` first bytes of `value` with a request of the IM's own
/// (LC-44). PASSIVE_LEVEL. Counted on `oids` until it completes.
fn own_set<N: Ndis>(b: &Binding<N>, oid: NDIS_OID, value: u32, len: u32) {
    own_request(
        b,
        NDIS_REQUEST_TYPE::NdisRequestSetInformation,
        oid,
        &value.to_ne_bytes(),
        len,
    );
}

/// LC-14: ask LB once, after the open, for the NIC's connection-offload hardware
/// capabilities (NDIS answers on the NIC's behalf); the bind parameters carry only its
/// current configuration. The answer lands in `caps.tcp_hw` when the request completes.
pub fn query_hardware_capabilities<N: Ndis>(b: &Binding<N>) {
    if b.caps.lock().tcp.is_none() {
        return; // not a chimney NIC
    }
    own_request(
        b,
        NDIS_REQUEST_TYPE::NdisRequestQueryInformation,
        OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
        &[],
        OWN_VALUE as u32,
    );
}

/// Send a request of the IM's own on LB: `oid` of `kind` with a buffer of `len` bytes
/// starting as `value`. PASSIVE_LEVEL. Counted on `oids` until it completes.
fn own_request<N: Ndis>(
    b: &Binding<N>,
    kind: NDIS_REQUEST_TYPE,
    oid: NDIS_OID,
    value: &[u8],
    len: u32,
) {
    let Some(driver) = b.driver() else { return };
    // SAFETY: PASSIVE_LEVEL (bind or unbind); non-paged memory for the request and
    // value, NormalPoolPriority (16).
    let mem = unsafe {
        N::ndis_allocate_memory_with_tag_priority(
            driver.miniport_driver(),
            OWN_BYTES as u32,
            TAG_OID,
            16,
        )
    };
    let request = mem.cast::<NDIS_OID_REQUEST>();
    if request.is_null() || !request.is_aligned() {
        if !mem.is_null() {
            // SAFETY: the block just allocated.
            unsafe { N::ndis_free_memory(mem, OWN_BYTES as u32, 0) };
        }
        return;
    }
    let buffer = mem.cast::<u8>().wrapping_add(size_of::<NDIS_OID_REQUEST>());
    let copied = value.len().min(OWN_VALUE);
    // SAFETY: the OWN_VALUE bytes after the request, inside the block; `value` is a
    // separate slice.
    unsafe { ptr::copy_nonoverlapping(value.as_ptr(), buffer, copied) };
    let mut r = NDIS_OID_REQUEST {
        Header: crate::ndis::NDIS_OBJECT_HEADER::new(
            crate::ndis::NDIS_OBJECT_TYPE_OID_REQUEST,
            crate::ndis::NDIS_OID_REQUEST_REVISION_1,
            crate::ndis::NDIS_SIZEOF_OID_REQUEST_REVISION_1,
        ),
        RequestType: kind,
        RequestId: request.cast(),
        ..Default::default()
    };
    if let Some(dst) = r.SourceReserved.get_mut(..size_of::<usize>()) {
        dst.copy_from_slice(&own_tag(b).to_ne_bytes());
    }
    // Query, set and method arms begin alike: Oid, InformationBuffer, its length.
    r.DATA.SET_INFORMATION.Oid = oid;
    r.DATA.SET_INFORMATION.InformationBuffer = buffer.cast();
    r.DATA.SET_INFORMATION.InformationBufferLength = len.min(OWN_VALUE as u32);
    // SAFETY: the fresh block, aligned (checked), large enough for a request.
    unsafe { request.write(r) };
    b.oids.enter();
    b.log(Op::OidDown, request as usize, oid as usize, 0);
    // SAFETY: the open lower binding and our own request, valid until it completes.
    let s = unsafe { N::ndis_oid_request(b.lower(), request) };
    if s != NDIS_STATUS_PENDING {
        // SAFETY: completed synchronously: ours again, finished and freed once.
        unsafe { finish_own::<N>(b, request, s) };
    }
}

/// Take what one of [`own_request`]'s requests brought back, free it and uncount it.
///
/// # Safety
/// `request` is one of `own_request`'s blocks on `b`, completed, not freed yet.
unsafe fn finish_own<N: Ndis>(b: &Binding<N>, request: PNDIS_OID_REQUEST, status: NDIS_STATUS) {
    // SAFETY: caller: our completed block, ours alone now.
    if let Some(r) = unsafe { request.as_ref() }
        && status == NDIS_STATUS_SUCCESS
        && r.RequestType == NDIS_REQUEST_TYPE::NdisRequestQueryInformation
        && oid_of(r) == OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES
    {
        // SAFETY: a query: the QUERY_INFORMATION arm is the valid one.
        let q = unsafe { &r.DATA.QUERY_INFORMATION };
        let need = size_of::<NDIS_TCP_CONNECTION_OFFLOAD>();
        if q.BytesWritten as usize >= need && !q.InformationBuffer.is_null() {
            // SAFETY: our own buffer of OWN_VALUE ≥ `need` bytes, inside the block.
            let hw = unsafe {
                q.InformationBuffer
                    .cast::<NDIS_TCP_CONNECTION_OFFLOAD>()
                    .read_unaligned()
            };
            if hw.Header.Size >= NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1 {
                b.caps.lock().tcp_hw = Some(hw);
            }
        }
    }
    b.log(Op::OidComplete, request as usize, 0, status);
    // SAFETY: caller: the block of OWN_BYTES allocated in `own_request`.
    unsafe { N::ndis_free_memory(request.cast(), OWN_BYTES as u32, 0) };
    b.release(&b.oids, 1);
}

/// LC-65 step 6 (PASSIVE_LEVEL, the unbind): clear what the host set on the NIC
/// through the velan, then wait (bounded) for those requests.
pub fn clear_lower_filters<N: Ndis>(b: &Binding<N>) {
    if b.lower().is_null() {
        return;
    }
    if b.lower_filter.swap(0, Ordering::AcqRel) != 0 {
        own_set(b, crate::ndis::OID_GEN_CURRENT_PACKET_FILTER, 0, 4);
    }
    if b.lower_multicast.swap(false, Ordering::AcqRel) {
        own_set(b, crate::ndis::OID_802_3_MULTICAST_LIST, 0, 0);
    }
    for slot in &b.lower_wol_patterns {
        let id = slot.swap(0, Ordering::AcqRel);
        if id != 0 {
            own_set(b, crate::ndis::OID_PM_REMOVE_WOL_PATTERN, id - 1, 4);
        }
    }
    if b.lower_rss.swap(false, Ordering::AcqRel) {
        let off = crate::ndis::NDIS_RECEIVE_SCALE_PARAMETERS {
            Header: crate::ndis::NDIS_OBJECT_HEADER::new(
                crate::ndis::NDIS_OBJECT_TYPE_RSS_PARAMETERS,
                crate::ndis::NDIS_RECEIVE_SCALE_PARAMETERS_REVISION_2,
                crate::ndis::NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_REVISION_2,
            ),
            Flags: crate::ndis::NDIS_RSS_PARAM_FLAG_DISABLE_RSS,
            ..Default::default()
        };
        // SAFETY: a plain-data structure viewed as its bytes for the copy.
        let bytes = unsafe {
            core::slice::from_raw_parts(
                (&raw const off).cast::<u8>(),
                size_of::<crate::ndis::NDIS_RECEIVE_SCALE_PARAMETERS>(),
            )
        };
        own_request(
            b,
            NDIS_REQUEST_TYPE::NdisRequestSetInformation,
            crate::ndis::OID_GEN_RECEIVE_SCALE_PARAMETERS,
            bytes,
            bytes.len() as u32,
        );
    }
    b.wait_drain(&b.oids, 0x507);
}

/// Copy counts back, free the clone, release the slot and the drain count; returns
/// the original request.
fn finish<N: Ndis>(
    b: &Binding<N>,
    clone: PNDIS_OID_REQUEST,
    status: NDIS_STATUS,
) -> PNDIS_OID_REQUEST {
    let mut original: PNDIS_OID_REQUEST = core::ptr::null_mut();
    {
        let mut slots = b.oid_slots.lock();
        for s in slots.iter_mut() {
            if let Some(slot) = *s
                && slot.clone == clone as usize
            {
                original = slot.original as PNDIS_OID_REQUEST;
                *s = None;
            }
        }
    }
    // SAFETY: the clone, ours again after its completion.
    let c = unsafe { clone.as_ref() };
    // SAFETY: the original, still outstanding to us (its slot was held).
    let o = unsafe { original.as_mut() };
    if let (Some(c), Some(o)) = (c, o) {
        copy_counts(c, o);
        if status == NDIS_STATUS_SUCCESS
            && o.RequestType == NDIS_REQUEST_TYPE::NdisRequestSetInformation
        {
            remember_lower_filters(b, o);
        }
        if status == NDIS_STATUS_SUCCESS
            && o.RequestType == NDIS_REQUEST_TYPE::NdisRequestSetInformation
            && oid_of(o) == crate::ndis::OID_TCP_OFFLOAD_PARAMETERS
        {
            // SAFETY: a set request: the SET_INFORMATION arm is the valid one.
            let set = unsafe { &o.DATA.SET_INFORMATION };
            crate::offload::apply_offload_parameters(
                b,
                set.InformationBuffer,
                set.InformationBufferLength,
            );
        }
        b.log(
            Op::OidComplete,
            original as usize,
            oid_of(o) as usize,
            status,
        );
    }
    // SAFETY: the clone allocated in `forward`, completed, freed once.
    unsafe { N::ndis_free_clone_oid_request(b.lower(), clone) };
    b.release(&b.oids, 1);
    original
}

/// BytesWritten/BytesRead/BytesNeeded from the clone to the original (LC-37).
fn copy_counts(c: &NDIS_OID_REQUEST, o: &mut NDIS_OID_REQUEST) {
    match o.RequestType {
        NDIS_REQUEST_TYPE::NdisRequestSetInformation => {
            // SAFETY: both are set requests (the clone copies the type).
            let src = unsafe { &c.DATA.SET_INFORMATION };
            // SAFETY: as above.
            let dst = unsafe { &mut o.DATA.SET_INFORMATION };
            dst.BytesRead = src.BytesRead;
            dst.BytesNeeded = src.BytesNeeded;
        }
        NDIS_REQUEST_TYPE::NdisRequestMethod => {
            // SAFETY: both are method requests.
            let src = unsafe { &c.DATA.METHOD_INFORMATION };
            // SAFETY: as above.
            let dst = unsafe { &mut o.DATA.METHOD_INFORMATION };
            dst.BytesWritten = src.BytesWritten;
            dst.BytesRead = src.BytesRead;
            dst.BytesNeeded = src.BytesNeeded;
        }
        _ => {
            // SAFETY: both are queries.
            let src = unsafe { &c.DATA.QUERY_INFORMATION };
            // SAFETY: as above.
            let dst = unsafe { &mut o.DATA.QUERY_INFORMATION };
            dst.BytesWritten = src.BytesWritten;
            dst.BytesNeeded = src.BytesNeeded;
        }
    }
}

/// ProtocolOidRequestComplete (LC-37), ≤ DISPATCH_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn request_complete<N: Ndis>(
    binding_context: NDIS_HANDLE,
    clone: PNDIS_OID_REQUEST,
    status: NDIS_STATUS,
) {
    // SAFETY: our ProtocolBindingContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(binding_context) }) else {
        return;
    };
    // SAFETY: the request NDIS hands back, ours (a clone or our own) until now.
    if unsafe { clone.as_ref() }.is_some_and(|r| is_own(b, r)) {
        // SAFETY: one of `own_request`'s requests, completed once.
        unsafe { finish_own::<N>(b, clone, status) };
        return;
    }
    let original = finish(b, clone, status);
    if original.is_null() {
        b.wrong_state(0xB00);
        return;
    }
    // SAFETY: the velan cannot halt with an OID outstanding; completed exactly once
    // (the slot was taken in `finish`).
    unsafe { N::ndis_m_oid_request_complete(b.velan(), original, status) };
    b.check_drains();
}

/// MiniportCancelOidRequest (LC-38), ≤ DISPATCH_LEVEL: relay to the clone sent down.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn cancel<N: Ndis>(adapter_context: NDIS_HANDLE, request_id: PVOID) {
    // SAFETY: our MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return;
    };
    let mut target: PVOID = core::ptr::null_mut();
    {
        let slots = b.oid_slots.lock();
        for slot in slots.iter().flatten() {
            let original = slot.original as PNDIS_OID_REQUEST;
            // SAFETY: an outstanding original request (slot held under the lock).
            if unsafe { (*original).RequestId } == request_id {
                target = slot.clone as PVOID;
            }
        }
    }
    b.log(Op::OidCancel, request_id as usize, target as usize, 0);
    if !target.is_null() {
        // SAFETY: our binding; the clone's RequestId is its address (set in `forward`).
        unsafe { N::ndis_cancel_oid_request(b.lower(), target) };
    }
}
