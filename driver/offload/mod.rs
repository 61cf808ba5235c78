//! TCP Chimney relay (issue 7): registration of the chimney handlers on both edges
//! (OP-2, OP-3, DP-1, DP-2), NDIS's upward entry points (DP-3), the per-binding
//! offload table (OP-13..OP-15), the relay of the five state operations with the
//! `offload-tree` validator and translator (OP-17..OP-31, OP-40..OP-42a, [`relay`]),
//! the offloaded data path and events ([`tcp`]) and the drains that upload everything
//! when the lower binding is lost, paused or powered down (EV-30..EV-34).
//!
//! The binding context doubles as the velan context, so the chimney state of a
//! velan/binding pair lives in [`Offload`], a field of [`crate::binding::Binding`].
//! The slab is allocated at bind (PASSIVE_LEVEL), sized from the NIC's
//! `TcpConnectionOffloadCapacity`; the relay paths never allocate except NBL context
//! space for per-NBL save areas (DP-8), which NDIS takes from spare context.

pub mod counters;
pub mod owners;
pub mod register;
pub mod relay;
pub mod table;
pub mod tcp;
pub mod upcalls;

use core::ptr;
use core::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};

use offload_tree::abi::{
    NDIS_CHIMNEY_OFFLOAD_TYPE, NDIS_OBJECT_TCP_OFFLOAD_REVISION_1, NDIS_OBJECT_TYPE_DEFAULT,
    NDIS_OFFLOAD_EVENT_HANDLERS, NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1,
    NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1, NDIS_STATUS_OFFLOAD_PAUSE,
    NDIS_STATUS_UPLOAD_ALL, NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1,
    NDIS_TCP_OFFLOAD_EVENT_HANDLERS, PVOID,
};
use offload_tree::tree::Limits;

use crate::binding::Binding;
use crate::ndis::{
    NDIS_HANDLE, NDIS_STATUS_SUCCESS, NDIS_TCP_CONNECTION_OFFLOAD, NET_BUFFER_LIST_CONTEXT,
    PNET_BUFFER_LIST,
};
use crate::platform::Ndis;
use crate::sync::IrqlSpinLock;
use table::{Pool, Slab};

/// Pool tag of the offload slab ("CImT": the table; "CImO" is the OID clones').
pub const TAG_SLAB: u32 = u32::from_le_bytes(*b"CImT");
/// Pool tag of chimney NBL context ("CImC").
pub const TAG_NBL: u32 = u32::from_le_bytes(*b"CImC");
/// [`Offload::switched_off`]: chimney over IPv4 switched off.
pub const OFF_IPV4: u8 = 1;
/// [`Offload::switched_off`]: chimney over IPv6 switched off.
pub const OFF_IPV6: u8 = 2;
/// Normal pool priority.
const NORMAL_POOL_PRIORITY: u32 = 16;
/// Bytes of NBL context a chimney save area takes (DP-8).
pub const SAVE_AREA: u16 = 16;
/// Longest NBL chain walked on a state operation (bad input must not loop).
pub const MAX_CHAIN: usize = 1 << 16;

/// Per-binding chimney counters (item 6 of the brief; EV-30 step 4 inputs).
#[derive(Default)]
pub struct OffloadStats {
    /// Initiates relayed down.
    pub initiates: AtomicU64,
    /// Initiate blocks completed upward as offloaded (success or partial success).
    pub offloaded_blocks: AtomicU64,
    /// Initiate blocks the target failed (entry freed).
    pub failed_blocks: AtomicU64,
    /// Whole-tree IM failures with NDIS_STATUS_RESOURCES (OP-40).
    pub initiate_resources: AtomicU64,
    /// Whole-tree IM failures with NDIS_STATUS_FAILURE: refused (OP-41).
    pub initiate_refused: AtomicU64,
    /// Malformed trees of any operation (OP-42a).
    pub malformed: AtomicU64,
    /// Terminate/update/query/invalidate relayed.
    pub others: AtomicU64,
    /// Operations deferred for lack of a call entry (OP-42).
    pub deferred: AtomicU64,
    /// Entries freed by a successful terminate.
    pub terminated: AtomicU64,
    /// Terminates completed with a failure (entry kept, OP-29).
    pub terminate_failed: AtomicU64,
    /// Completions or calls that name nothing of this binding.
    pub unknown: AtomicU64,
    /// Per-NBL save areas live (DP-8).
    pub save_areas: AtomicUsize,
    /// Receive NBLs H may still return (DP-41): BufferedData of terminated connections.
    pub receive_returns: AtomicUsize,
    /// Offloaded I/O requests completed by the IM per DP-51/DP-52.
    pub io_refused: AtomicU64,
    /// Offloaded I/O requests relayed down (DP-11, DP-22, DP-26, DP-31).
    pub io_down: AtomicU64,
    /// NBLs of offloaded I/O completions relayed up (DP-12, DP-23, DP-27, DP-32).
    pub io_up: AtomicU64,
    /// Downward I/O calls that did not return NDIS_STATUS_PENDING (a DP-11 violation
    /// by the target).
    pub target_not_pending: AtomicU64,
    /// Offloaded receive indications relayed up (DP-36).
    pub receives_up: AtomicU64,
    /// TCP and neighbor events relayed up, and the IM's own retrieve requests.
    pub events_up: AtomicU64,
    /// Drains that asked H to upload everything (EV-30).
    pub upload_all: AtomicU64,
    /// NDIS_STATUS_OFFLOAD_RESUME indications whose buffer was not an
    /// NDIS_TCP_CONNECTION_OFFLOAD (EV-14): relayed with the cached capabilities.
    pub bad_resume_buffers: AtomicU64,
    /// Objects offloaded, ever, by [`counters::Kind`] (neighbor, path, TCP).
    pub objects_offloaded: [AtomicU64; 3],
    /// Objects offloaded now, by kind.
    pub objects_current: [AtomicU64; 3],
    /// Upload requests H was given, by `TCP_UPLOAD_REASON` (the target's
    /// TcpIndicateRetrieve events and the IM's own, DP-52); index 0 unused.
    pub upload_requests: [AtomicU64; 12],
    /// Drains started (EV-30: unbind, pause, power, switch) and their total time in
    /// 100 ns units, counted until the last entry was gone.
    pub drains: AtomicU64,
    /// See `drains`.
    pub drain_time: AtomicU64,
    /// When the running drain started (0: none).
    pub drain_start: AtomicU64,
    /// Bytes H's sends had acknowledged, as T reported them (TcpOffloadBytesTransferred).
    pub bytes_sent: AtomicU64,
    /// Bytes received into H's posted buffers and consumed from indications.
    pub bytes_received: AtomicU64,
}

/// The chimney state of one binding/velan pair.
///
/// # Invariants
/// `slab` is written once at bind, before any chimney call can reach the binding, and
/// cleared only in [`teardown`], after none can; the slab's free lists are only
/// changed under `pool`.
pub struct Offload<N: Ndis> {
    /// Free lists, counts, deferred queue.
    pub pool: IrqlSpinLock<N, Pool>,
    entries: AtomicPtr<table::Entry>,
    capacity: AtomicUsize,
    calls: AtomicPtr<table::CallEntry>,
    /// This binding's [`owners`] slot (0: none).
    owner_slot: core::sync::atomic::AtomicU8,
    /// The IM indicated NDIS_STATUS_OFFLOAD_PAUSE for a drain (EV-30 step 2), so its
    /// end owes H a resume (EV-33).
    pub host_paused: core::sync::atomic::AtomicBool,
    /// Chimney families switched off from above (OID_TCP_OFFLOAD_PARAMETERS, EV-41):
    /// [`OFF_IPV4`], [`OFF_IPV6`].
    pub switched_off: core::sync::atomic::AtomicU8,
    /// A switch-off left a family on: resume with it once every entry is gone.
    pub resume_when_drained: core::sync::atomic::AtomicBool,
    /// Families the velan's standardized keywords turn off (read at initialize).
    pub keyword_off: core::sync::atomic::AtomicU8,
    /// NDIS's TCP upcall table (DP-3), copied at velan initialize.
    pub upcalls: upcalls::Upcalls,
    /// Source of fresh visit markers (OP-42a).
    pub generation: AtomicUsize,
    /// Counters.
    pub stats: OffloadStats,
}

impl<N: Ndis> Offload<N> {
    /// No slab, no upcalls.
    #[must_use]
    pub fn new() -> Self {
        Self {
            pool: IrqlSpinLock::new(Pool::EMPTY),
            entries: AtomicPtr::new(ptr::null_mut()),
            capacity: AtomicUsize::new(0),
            calls: AtomicPtr::new(ptr::null_mut()),
            owner_slot: core::sync::atomic::AtomicU8::new(0),
            host_paused: core::sync::atomic::AtomicBool::new(false),
            switched_off: core::sync::atomic::AtomicU8::new(0),
            resume_when_drained: core::sync::atomic::AtomicBool::new(false),
            keyword_off: core::sync::atomic::AtomicU8::new(0),
            upcalls: upcalls::Upcalls::new(),
            generation: AtomicUsize::new(1),
            stats: OffloadStats::default(),
        }
    }

    /// Where the slab is.
    #[must_use]
    pub fn slab(&self) -> Slab {
        let capacity = self.capacity.load(Ordering::Acquire);
        Slab {
            entries: self.entries.load(Ordering::Acquire),
            capacity,
            calls: self.calls.load(Ordering::Acquire),
        }
    }

    /// Entries the slab holds (0: no chimney).
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.capacity.load(Ordering::Acquire)
    }

    /// Bytes of IM memory the table takes (entries + call entries).
    #[must_use]
    pub fn slab_bytes(&self) -> usize {
        if self.capacity() == 0 {
            0
        } else {
            table::slab_bytes(self.capacity())
        }
    }

    /// Live entries now and at peak.
    #[must_use]
    pub fn live_entries(&self) -> (usize, usize) {
        let p = self.pool.lock();
        (p.live_entries, p.peak_entries)
    }

    /// Tree limits for this binding (OP-42a: at least 3 × entry capacity).
    #[must_use]
    pub fn limits(&self) -> Limits {
        Limits::for_entry_capacity(self.capacity().max(1))
    }

    /// A fresh visit marker (OP-42a).
    #[must_use]
    pub fn marker(&self) -> offload_tree::tree::VisitMarker {
        offload_tree::tree::VisitMarker::from_generation(
            self.generation.fetch_add(1, Ordering::Relaxed),
        )
    }
}

impl<N: Ndis> Default for Offload<N> {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether the NIC's capability structure offers chimney (EV-50): IPv4 or IPv6
/// supported and a non-zero capacity.
#[must_use]
pub fn nic_capable(tcp: Option<&NDIS_TCP_CONNECTION_OFFLOAD>) -> bool {
    tcp.is_some_and(|t| t.SupportFlags & 0xF != 0 && t.TcpConnectionOffloadCapacity != 0)
}

/// At bind (PASSIVE_LEVEL), after the capabilities were copied: allocate the slab
/// sized from the NIC's `TcpConnectionOffloadCapacity` (OP-13). A NIC without chimney,
/// or a failed allocation, leaves no slab: the velan then advertises no chimney and
/// refuses initiates (EV-50, OP-41); the bind itself does not fail.
pub(crate) fn setup<N: Ndis>(b: &Binding<N>, miniport_driver: NDIS_HANDLE) {
    let tcp = b.caps.lock().tcp;
    if !nic_capable(tcp.as_ref()) {
        return;
    }
    let tcp_capacity = tcp.map_or(0, |t| t.TcpConnectionOffloadCapacity) as usize;
    let capacity = table::entries_for(tcp_capacity);
    let bytes = table::slab_bytes(capacity);
    let Ok(len) = u32::try_from(bytes) else {
        return;
    };
    // SAFETY: PASSIVE_LEVEL bind path; non-paged memory of `len` bytes.
    let mem = unsafe {
        N::ndis_allocate_memory_with_tag_priority(
            miniport_driver,
            len,
            TAG_SLAB,
            NORMAL_POOL_PRIORITY,
        )
    };
    if mem.is_null() {
        b.log(crate::recorder::Op::WrongState, 0x0FF0, bytes, 0);
        return;
    }
    if !mem.cast::<table::Entry>().is_aligned() {
        // SAFETY: the block just allocated with this length.
        unsafe { N::ndis_free_memory(mem, len, 0) };
        return;
    }
    let Some(slot) = owners::register(b.handle()) else {
        b.log(crate::recorder::Op::WrongState, 0x0FF1, owners::SLOTS, 0);
        // SAFETY: the block just allocated with this length.
        unsafe { N::ndis_free_memory(mem, len, 0) };
        return;
    };
    b.offload.owner_slot.store(slot, Ordering::Release);
    // SAFETY: the fresh block of `len` bytes, exclusively ours.
    unsafe { ptr::write_bytes(mem.cast::<u8>(), 0, bytes) };
    let slab = {
        let mut pool = b.offload.pool.lock();
        // SAFETY: fresh, zeroed, aligned, of slab_bytes(capacity) bytes, freed only in
        // `teardown`.
        unsafe { Slab::init(mem, capacity, slot, &mut pool) }
    };
    b.offload.entries.store(slab.entries, Ordering::Release);
    b.offload.calls.store(slab.calls, Ordering::Release);
    b.offload.capacity.store(capacity, Ordering::Release);
}

/// When the binding is freed: free the slab.
///
/// # Safety
/// No chimney call can reach the binding any more.
pub unsafe fn teardown<N: Ndis>(b: &Binding<N>) {
    let capacity = b.offload.capacity.swap(0, Ordering::AcqRel);
    let mem = b.offload.entries.swap(ptr::null_mut(), Ordering::AcqRel);
    b.offload.calls.store(ptr::null_mut(), Ordering::Release);
    *b.offload.pool.lock() = Pool::EMPTY;
    owners::unregister(b.offload.owner_slot.swap(0, Ordering::AcqRel), b.handle());
    if mem.is_null() {
        return;
    }
    let len = u32::try_from(table::slab_bytes(capacity)).unwrap_or(0);
    // SAFETY: the slab allocated in `setup` with this length (caller: unreachable).
    unsafe { N::ndis_free_memory(mem.cast(), len, 0) };
}

/// DP-3: NdisMGetOffloadHandlers in MiniportInitializeEx, with the header checks; the
/// table is copied into the velan context. A failure leaves no upcalls (no chimney).
pub(crate) fn fetch_upcalls<N: Ndis>(b: &Binding<N>, miniport: NDIS_HANDLE) {
    let mut p: *mut NDIS_OFFLOAD_EVENT_HANDLERS = ptr::null_mut();
    // SAFETY: the velan's own miniport handle during initialize, and an out slot.
    let s = unsafe {
        N::ndis_m_get_offload_handlers(
            miniport,
            NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload,
            &raw mut p,
        )
    };
    // SAFETY: on success NDIS points at its static table (or we see null).
    let header = unsafe { p.as_ref() }.map(|h| h.Header);
    let ok = s == NDIS_STATUS_SUCCESS
        && header.is_some_and(|h| {
            u32::from(h.Type)
                == NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload
                    .0
                    .cast_unsigned()
                && h.Revision >= NDIS_OBJECT_TCP_OFFLOAD_REVISION_1
                && h.Size >= NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1
        });
    let table = if ok {
        // SAFETY: a checked TCP table of at least the revision-1 size (DP-3); read
        // unaligned as NDIS gives no alignment promise for it beyond its type.
        Some(unsafe { p.cast::<NDIS_TCP_OFFLOAD_EVENT_HANDLERS>().read_unaligned() })
    } else {
        None
    };
    b.offload.upcalls.set(table.as_ref());
}

/// EV-14, EV-15: the NIC resumed offloading with a current configuration, or its
/// hardware capabilities changed (`hardware`). When its status buffer holds a
/// well-formed NDIS_TCP_CONNECTION_OFFLOAD, cache it as the current configuration or as
/// the hardware capabilities (LC-14; a current configuration is then clamped to them:
/// it cannot exceed the hardware); then return the velan's own recomputed structure of
/// the same kind (EV-51, clamped to what the offload table holds), which is what the IM
/// relays upward instead of the NIC's buffer.
pub fn resume_capabilities<N: Ndis>(
    b: &Binding<N>,
    buffer: PVOID,
    size: u32,
    hardware: bool,
) -> NDIS_TCP_CONNECTION_OFFLOAD {
    let fits = !buffer.is_null() && size as usize >= size_of::<NDIS_TCP_CONNECTION_OFFLOAD>();
    let new = if fits {
        // SAFETY: NDIS's status buffer of `size` readable bytes (checked above), valid
        // for the indication; read unaligned as its alignment is not guaranteed.
        Some(unsafe {
            buffer
                .cast::<NDIS_TCP_CONNECTION_OFFLOAD>()
                .read_unaligned()
        })
    } else {
        None
    };
    match new {
        Some(t)
            if t.Header.Type == NDIS_OBJECT_TYPE_DEFAULT
                && t.Header.Revision >= NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1
                && t.Header.Size >= NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1 =>
        {
            let mut caps = b.caps.lock();
            // A NIC that had no chimney at bind has no offload table: nothing to change.
            if let Some(current) = caps.tcp {
                if hardware {
                    caps.tcp_hw = Some(t);
                    caps.tcp = Some(NDIS_TCP_CONNECTION_OFFLOAD {
                        SupportFlags: current.SupportFlags & t.SupportFlags,
                        TcpConnectionOffloadCapacity: current
                            .TcpConnectionOffloadCapacity
                            .min(t.TcpConnectionOffloadCapacity),
                        ..current
                    });
                } else {
                    caps.tcp = Some(t);
                }
            }
        }
        _ => {
            b.offload
                .stats
                .bad_resume_buffers
                .fetch_add(1, Ordering::Relaxed);
        }
    }
    if hardware {
        advertised_hardware(b, crate::velan::advertised_tcp())
    } else {
        advertised(b, crate::velan::advertised_tcp())
    }
}

/// EV-30 (a), EV-31, OP-43: an unbind with objects still offloaded through the velan.
/// Initiates are already refused (the unbind phase, OP-41); the IM indicates
/// NDIS_STATUS_OFFLOAD_PAUSE and NDIS_STATUS_UPLOAD_ALL on the velan (EV-11: no
/// buffer) and waits, bounded (LC-29), until H has terminated every entry. State
/// operations and completions keep being relayed meanwhile because LB stays open.
/// PASSIVE_LEVEL, from the unbind, before the velan is de-initialised.
pub fn upload_all_for_unbind<N: Ndis>(b: &Binding<N>) {
    // A timeout is logged and counted as a stuck wait (EV-31: TerminateFailed entries
    // H never terminates again); the unbind then goes on so it cannot hang forever.
    if ask_host_to_upload(b, false) {
        b.wait_drain(&b.entries, 0x505);
    }
}

/// EV-30 steps 1-3: mark the velan draining (initiates are refused, OP-41) and, when
/// anything is offloaded, indicate NDIS_STATUS_OFFLOAD_PAUSE and NDIS_STATUS_UPLOAD_ALL.
/// With nothing offloaded H is not disturbed (the drain is complete at once) unless
/// `always_pause`: the switch from above tells H even then, so what it believes matches
/// what the velan offers. True when UPLOAD_ALL was indicated (there is something to
/// wait for); every pause indicated owes H a resume (EV-33).
fn ask_host_to_upload<N: Ndis>(b: &Binding<N>, always_pause: bool) -> bool {
    let can = {
        let mut st = b.states.lock();
        st.draining = true;
        st.velan_can_indicate()
    } && chimney_on(b);
    let offloaded = b.entries.outstanding() != 0;
    if !can || !(offloaded || always_pause) {
        return false;
    }
    b.offload.host_paused.store(true, Ordering::Release);
    crate::binding::indicate_status(b, NDIS_STATUS_OFFLOAD_PAUSE, ptr::null_mut(), 0);
    if !offloaded {
        return false;
    }
    b.offload.stats.upload_all.fetch_add(1, Ordering::Relaxed);
    counters::drain_started(b);
    crate::binding::indicate_status(b, NDIS_STATUS_UPLOAD_ALL, ptr::null_mut(), 0);
    true
}

/// EV-30 (d), (e), (f): a velan low-power OID, NetEventPause or a low-power
/// NetEventSetPower on the lower binding (PASSIVE_LEVEL, `what` names the trigger in
/// the flight recorder). The velan asks H to upload everything, then waits, bounded
/// (LC-79), for every entry to go; state operations and I/O keep being relayed
/// meanwhile. The caller then waits on its own counters (EV-30 step 4, EV-34). A
/// TerminateFailed entry H never terminates again ends the wait at the budget, logged
/// (EV-31).
pub fn drain_and_wait<N: Ndis>(b: &Binding<N>, what: usize) {
    if ask_host_to_upload(b, false) {
        b.wait_drain(&b.entries, what);
    }
}

/// EV-33: the drain ends; if it paused H, and unless the target's own pause is still
/// in force (`lower_paused`), the velan indicates NDIS_STATUS_OFFLOAD_RESUME with its
/// current capabilities so H offloads again.
pub fn end_drain<N: Ndis>(b: &Binding<N>) {
    if !offered(b) {
        // Switched off from above: the resume stays owed until it is switched on.
        b.states.lock().draining = false;
        return;
    }
    let owed = b.offload.host_paused.swap(false, Ordering::AcqRel);
    let resume = {
        let mut st = b.states.lock();
        st.draining = false;
        owed && !st.lower_paused && st.velan_can_indicate()
    };
    if resume {
        let mut caps = advertised(b, crate::velan::advertised_tcp());
        crate::binding::indicate_status(
            b,
            offload_tree::abi::NDIS_STATUS_OFFLOAD_RESUME,
            (&raw mut caps).cast(),
            size_of::<NDIS_TCP_CONNECTION_OFFLOAD>() as u32,
        );
    }
}

/// Whether the velan does chimney: the NIC offers it, the slab exists and DP-3
/// succeeded (EV-50).
#[must_use]
pub fn chimney_on<N: Ndis>(b: &Binding<N>) -> bool {
    b.offload.capacity() != 0 && b.offload.upcalls.present()
}

/// EV-51: the connection-offload structure the velan advertises, given the form with
/// every Support* 0 (`off`). With chimney on: the NIC's Support* bits, encapsulation and
/// flags, and the capacity the slab holds (never more than the NIC's, EV-52).
#[must_use]
pub fn advertised<N: Ndis>(
    b: &Binding<N>,
    off: NDIS_TCP_CONNECTION_OFFLOAD,
) -> NDIS_TCP_CONNECTION_OFFLOAD {
    let tcp = b.caps.lock().tcp;
    advertised_from(b, tcp, off)
}

/// [`advertised`] for the velan's hardware capabilities (LC-14, LC-21): from the NIC's
/// hardware capabilities when its answer to the binding's query has come, else from
/// its current configuration. The capacity is still what the slab holds.
#[must_use]
pub fn advertised_hardware<N: Ndis>(
    b: &Binding<N>,
    off: NDIS_TCP_CONNECTION_OFFLOAD,
) -> NDIS_TCP_CONNECTION_OFFLOAD {
    let caps = b.caps.lock();
    let tcp = caps.tcp_hw.or(caps.tcp);
    drop(caps);
    advertised_from(b, tcp, off)
}

fn advertised_from<N: Ndis>(
    b: &Binding<N>,
    tcp: Option<NDIS_TCP_CONNECTION_OFFLOAD>,
    off: NDIS_TCP_CONNECTION_OFFLOAD,
) -> NDIS_TCP_CONNECTION_OFFLOAD {
    match tcp {
        Some(t) if chimney_on(b) => {
            let slab_tcp = b
                .offload
                .capacity()
                .saturating_sub(table::PATH_NEIGHBOR_SPARE)
                .saturating_mul(4)
                / 5;
            let cap = u32::try_from(slab_tcp).unwrap_or(u32::MAX);
            let support = families_on(b, t.SupportFlags);
            // No Support* bit left (bits 0-3): the "off" form.
            if support.trailing_zeros() >= 4 {
                return off;
            }
            NDIS_TCP_CONNECTION_OFFLOAD {
                Header: off.Header,
                Encapsulation: t.Encapsulation,
                SupportFlags: support,
                TcpConnectionOffloadCapacity: t.TcpConnectionOffloadCapacity.min(cap),
                Flags: t.Flags,
            }
        }
        _ => off,
    }
}

/// The standardized keywords of connection offload (the virtual-miniport INF).
const KEYWORD_IPV4: [u16; 25] = crate::ndis::ascii_utf16(b"*TCPConnectionOffloadIPv4");
/// As [`KEYWORD_IPV4`], for IPv6.
const KEYWORD_IPV6: [u16; 25] = crate::ndis::ascii_utf16(b"*TCPConnectionOffloadIPv6");

/// MiniportInitializeEx (PASSIVE_LEVEL), before the offload attributes: read
/// `*TCPConnectionOffloadIPv4/IPv6` of the velan (issue 10); 0 turns that family off,
/// anything else, or no value, leaves it to the NIC. A failed open leaves both on.
pub(crate) fn read_chimney_keywords<N: Ndis>(b: &Binding<N>, miniport: NDIS_HANDLE) {
    use crate::ndis::{
        NDIS_CONFIGURATION_OBJECT, NDIS_CONFIGURATION_OBJECT_REVISION_1,
        NDIS_CONFIGURATION_PARAMETER, NDIS_OBJECT_HEADER, NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT,
        NDIS_PARAMETER_TYPE, NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1, NDIS_STRING,
    };
    let mut object = NDIS_CONFIGURATION_OBJECT {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT,
            NDIS_CONFIGURATION_OBJECT_REVISION_1,
            NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1,
        ),
        NdisHandle: miniport,
        Flags: 0,
    };
    let mut handle: NDIS_HANDLE = ptr::null_mut();
    // SAFETY: PASSIVE_LEVEL in MiniportInitializeEx with the velan's own handle; the
    // object and the out slot live for the call.
    let s = unsafe { N::ndis_open_configuration_ex(&raw mut object, &raw mut handle) };
    if s != NDIS_STATUS_SUCCESS || handle.is_null() {
        return;
    }
    let mut off = 0u8;
    for (keyword, bit) in [(KEYWORD_IPV4, OFF_IPV4), (KEYWORD_IPV6, OFF_IPV6)] {
        let mut units = keyword;
        let bytes = (units.len() * 2) as u16;
        let mut name = NDIS_STRING {
            Length: bytes,
            MaximumLength: bytes,
            Buffer: units.as_mut_ptr(),
        };
        let mut status = NDIS_STATUS_SUCCESS;
        let mut value: *mut NDIS_CONFIGURATION_PARAMETER = ptr::null_mut();
        // SAFETY: the open configuration handle; the keyword and out slots live for
        // the call.
        unsafe {
            N::ndis_read_configuration(
                &raw mut status,
                &raw mut value,
                handle,
                &raw mut name,
                NDIS_PARAMETER_TYPE::NdisParameterInteger,
            );
        }
        // SAFETY: on success NDIS points at a parameter valid until the handle closes.
        let parameter = unsafe { value.as_ref() }.filter(|_| status == NDIS_STATUS_SUCCESS);
        if let Some(p) = parameter
            && p.ParameterType == NDIS_PARAMETER_TYPE::NdisParameterInteger
        {
            // SAFETY: the integer arm, as the type says.
            if unsafe { p.ParameterData.IntegerData } == 0 {
                off |= bit;
            }
        }
    }
    // SAFETY: the handle opened above, closed once.
    unsafe { N::ndis_close_configuration(handle) };
    b.offload.keyword_off.store(off, Ordering::Release);
}

/// Whether the velan offers chimney now: the NIC and the table allow it and the
/// switch from above (OID_TCP_OFFLOAD_PARAMETERS) left at least one family on.
/// The same answer as [`advertised`]'s Support* bits, without building the structure:
/// every initiate asks (OP-41).
#[must_use]
pub fn offered<N: Ndis>(b: &Binding<N>) -> bool {
    if !chimney_on(b) {
        return false;
    }
    let support = b.caps.lock().tcp.map_or(0, |t| t.SupportFlags);
    families_on(b, support) & 0xF != 0
}

/// `support` (a SupportFlags) without the families switched off from above or by the
/// velan's keywords. SupportIPv4 is bits 0-1, SupportIPv6 bits 2-3 (ST:
/// NDIS_TCP_CONNECTION_OFFLOAD).
fn families_on<N: Ndis>(b: &Binding<N>, mut support: u32) -> u32 {
    let switched = b.offload.switched_off.load(Ordering::Acquire)
        | b.offload.keyword_off.load(Ordering::Acquire);
    if switched & OFF_IPV4 != 0 {
        support &= !0b0011;
    }
    if switched & OFF_IPV6 != 0 {
        support &= !0b1100;
    }
    support
}

/// EV-41, EV-30(c), EV-33: a successful OID_TCP_OFFLOAD_PARAMETERS set from above with
/// `buffer` (its NDIS_OFFLOAD_PARAMETERS). `TcpConnectionIPv4`/`IPv6` = 1 switches that
/// family off, 2 on, 0 leaves it. Switching a family off asks H to pause and upload
/// everything (the IM cannot tell an offloaded object's family cheaply); if a family
/// stays on, H is resumed with it once the last entry is gone. Switching on resumes H
/// with the new capabilities. ≤ DISPATCH_LEVEL (an OID completion); nothing waits.
pub fn apply_offload_parameters<N: Ndis>(b: &Binding<N>, buffer: PVOID, length: u32) {
    use crate::ndis::{
        NDIS_OFFLOAD_PARAMETERS, NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_DISABLED as OFF,
        NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_ENABLED as ON,
    };
    let v6_end = core::mem::offset_of!(NDIS_OFFLOAD_PARAMETERS, TcpConnectionIPv6) + 1;
    if buffer.is_null() || (length as usize) < v6_end {
        return;
    }
    let at = |offset: usize| {
        // SAFETY: `offset` < `length` (checked above), inside the caller's set buffer,
        // valid until the OID completes; a byte has no alignment.
        unsafe { buffer.cast::<u8>().wrapping_add(offset).read() }
    };
    let v4 = at(core::mem::offset_of!(
        NDIS_OFFLOAD_PARAMETERS,
        TcpConnectionIPv4
    ));
    let v6 = at(core::mem::offset_of!(
        NDIS_OFFLOAD_PARAMETERS,
        TcpConnectionIPv6
    ));
    let before = b.offload.switched_off.load(Ordering::Acquire);
    let mut after = before;
    for (value, bit) in [(v4, OFF_IPV4), (v6, OFF_IPV6)] {
        if value == OFF {
            after |= bit;
        } else if value == ON {
            after &= !bit;
        }
    }
    if after == before {
        return;
    }
    let was_offered = offered(b);
    b.offload.switched_off.store(after, Ordering::Release);
    b.log(
        crate::recorder::Op::ChimneySwitch,
        usize::from(before),
        usize::from(after),
        0,
    );
    if after & !before != 0 && was_offered {
        // A family went off: everything is uploaded (EV-30(c)).
        ask_host_to_upload(b, true);
        if offered(b) {
            b.offload.resume_when_drained.store(true, Ordering::Release);
            resume_if_drained(b);
        }
    } else if offered(b) {
        // Only families came on: H offloads again with them.
        b.offload
            .resume_when_drained
            .store(false, Ordering::Release);
        b.offload.host_paused.store(true, Ordering::Release);
        end_drain(b);
    }
}

/// After an entry went back to the pool: with nothing offloaded any more a running
/// drain is over (its time is counted), and a switch-off that left a family on
/// resumes H.
pub fn resume_if_drained<N: Ndis>(b: &Binding<N>) {
    if b.entries.outstanding() != 0 {
        return;
    }
    counters::drain_ended(b);
    if b.offload.resume_when_drained.swap(false, Ordering::AcqRel) {
        end_drain(b);
    }
}

/// The per-NBL save area (DP-8) in this layer's NBL context.
#[repr(C)]
struct SaveArea {
    /// SourceHandle before NDIS overwrote it.
    source: NDIS_HANDLE,
    /// The binding, tagged with bit 0 so it never matches the ordinary data path's tag.
    owner: usize,
}

/// The owner tag of `b`'s chimney save areas.
fn owner_tag<N: Ndis>(b: &Binding<N>) -> usize {
    (b.handle() as usize) | 1
}

/// The save area of `nbl` if its current context has room for one.
///
/// # Safety
/// `nbl` is a valid NBL.
unsafe fn area_of(nbl: PNET_BUFFER_LIST) -> Option<*mut SaveArea> {
    // SAFETY: caller: a valid NBL.
    let ctx = unsafe { (*nbl).Context };
    // SAFETY: a non-null context header is NDIS's, valid with the NBL.
    let header = unsafe { ctx.as_ref() }?;
    if usize::from(header.Size) < usize::from(header.Offset) + usize::from(SAVE_AREA) {
        return None;
    }
    Some(
        ctx.cast::<u8>()
            .wrapping_add(core::mem::offset_of!(NET_BUFFER_LIST_CONTEXT, ContextData))
            .wrapping_add(usize::from(header.Offset))
            .cast(),
    )
}

/// Create save areas for every NBL of `chain` (OP-22 step 4, DP-8). On failure the
/// areas made are undone and false is returned.
///
/// # Safety
/// `chain` is null or a valid NBL chain the caller holds.
#[inline]
pub unsafe fn save_chain<N: Ndis>(b: &Binding<N>, chain: PNET_BUFFER_LIST) -> bool {
    let mut n = chain;
    let mut done = 0usize;
    let owner = owner_tag(b);
    while !n.is_null() && done < MAX_CHAIN {
        // SAFETY: a valid NBL of the chain (caller).
        let s = unsafe { N::ndis_allocate_net_buffer_list_context(n, SAVE_AREA, 0, TAG_NBL) };
        // SAFETY: as above.
        let area = unsafe { area_of(n) };
        let Some(area) = area.filter(|_| s == NDIS_STATUS_SUCCESS) else {
            // SAFETY: forwarded; `n` is the NBL that failed, the `done` before it carry
            // areas not yet counted.
            unsafe { undo_save_chain(b, chain, n, done, s) };
            return false;
        };
        // SAFETY: a valid NBL.
        let source = unsafe { (*n).SourceHandle };
        // SAFETY: our freshly allocated context bytes.
        unsafe { area.write_unaligned(SaveArea { source, owner }) };
        done += 1;
        // SAFETY: a valid NBL.
        n = unsafe { (*n).Next() };
    }
    // Counted once per chain, after every area exists (DP-8: before the downward call);
    // an empty chain (most initiate blocks) changes no counter.
    if done != 0 {
        b.offload.stats.save_areas.fetch_add(done, Ordering::AcqRel);
        b.chimney.enter_n(done);
    }
    true
}

/// [`save_chain`] failed at `failed` (allocation status `s`): free what it made.
///
/// # Safety
/// As [`save_chain`]; the `done` NBLs before `failed` carry this binding's areas.
#[cold]
unsafe fn undo_save_chain<N: Ndis>(
    b: &Binding<N>,
    chain: PNET_BUFFER_LIST,
    failed: PNET_BUFFER_LIST,
    done: usize,
    s: crate::ndis::NDIS_STATUS,
) {
    if s == NDIS_STATUS_SUCCESS {
        // SAFETY: the context just allocated on `failed`, too small for an area.
        unsafe { N::ndis_free_net_buffer_list_context(failed, SAVE_AREA) };
    }
    // SAFETY: the NBLs before `failed` carry our areas (caller).
    unsafe { restore_chain(b, chain, done) };
}

/// Restore SourceHandle and free the save area of `n` if it carries this binding's
/// (DP-8); false, counted, if it does not (an NBL the IM did not send, or one whose
/// area a first completion already consumed).
///
/// # Safety
/// `n` is a valid NBL the caller holds.
unsafe fn restore_one<N: Ndis>(b: &Binding<N>, n: PNET_BUFFER_LIST) -> bool {
    // SAFETY: a valid NBL (caller).
    let area = unsafe { area_of(n) };
    // SAFETY: an area inside the NBL's context (checked by `area_of`).
    let saved = area.map(|a| unsafe { a.read_unaligned() });
    match (area, saved) {
        (Some(a), Some(s)) if s.owner == owner_tag(b) => {
            // SAFETY: our area: clear the tag so a second restore is refused.
            unsafe {
                a.write_unaligned(SaveArea {
                    source: ptr::null_mut(),
                    owner: 0,
                });
            }
            // SAFETY: the NBL is back with us.
            unsafe { (*n).SourceHandle = s.source };
            // SAFETY: the context this layer allocated, freed once.
            unsafe { N::ndis_free_net_buffer_list_context(n, SAVE_AREA) };
            true
        }
        _ => {
            b.offload.stats.unknown.fetch_add(1, Ordering::Relaxed);
            false
        }
    }
}

/// Restore SourceHandle and free the save area of at most `limit` NBLs of `chain`
/// (OP-24, OP-29). An NBL without this binding's area is left alone and counted.
/// Returns how many were restored.
///
/// # Safety
/// `chain` is null or a valid NBL chain the caller holds.
pub unsafe fn restore_chain<N: Ndis>(
    b: &Binding<N>,
    chain: PNET_BUFFER_LIST,
    limit: usize,
) -> usize {
    let mut n = chain;
    let mut seen = 0usize;
    let mut restored = 0usize;
    while !n.is_null() && seen < limit.min(MAX_CHAIN) {
        seen += 1;
        // SAFETY: a valid NBL of the chain (caller).
        let next = unsafe { (*n).Next() };
        // SAFETY: as above.
        if unsafe { restore_one(b, n) } {
            restored += 1;
        }
        n = next;
    }
    restored
}

/// A completion chain from below (DP-12, DP-23, DP-27, DP-32): restore every NBL that
/// carries this binding's save area and unlink, in place and in order, any that does
/// not (it is not the IM's to hand up: completing it would complete it twice).
/// Returns the chain to hand up, how many NBLs it holds and the bytes they report
/// transferred.
///
/// # Safety
/// `chain` is null or a valid NBL chain NDIS handed the binding.
pub unsafe fn take_back<N: Ndis>(
    b: &Binding<N>,
    chain: PNET_BUFFER_LIST,
) -> (PNET_BUFFER_LIST, usize, u64) {
    let mut head: PNET_BUFFER_LIST = ptr::null_mut();
    let mut tail: PNET_BUFFER_LIST = ptr::null_mut();
    let mut kept = 0usize;
    let mut transferred = 0u64;
    let mut n = chain;
    let mut seen = 0usize;
    while !n.is_null() && seen < MAX_CHAIN {
        seen += 1;
        // SAFETY: a valid NBL of the chain (caller).
        let next = unsafe { (*n).Next() };
        // SAFETY: as above.
        if unsafe { restore_one(b, n) } {
            if tail.is_null() {
                head = n;
            } else {
                // SAFETY: `tail` is an NBL of this chain kept before `n`.
                unsafe { (*tail).set_Next(n) };
            }
            tail = n;
            kept += 1;
            // TcpOffloadBytesTransferred (DP-13, DP-23): a ULONG in the PVOID slot.
            // SAFETY: a valid NBL of the chain (caller).
            transferred += unsafe { (*n).NetBufferListInfo[0] } as usize as u64;
        } else {
            b.log(crate::recorder::Op::WrongState, n as usize, 0xF13, 0);
        }
        n = next;
    }
    if !tail.is_null() {
        // SAFETY: the last NBL kept; whatever followed it is not handed up.
        unsafe { (*tail).set_Next(ptr::null_mut()) };
    }
    (head, kept, transferred)
}

/// Drop `n` save areas from the counters, after the upward call that handed the NBLs
/// back returned (DP-8).
#[inline]
pub fn uncount_save_areas<N: Ndis>(b: &Binding<N>, n: usize) {
    if n == 0 {
        return;
    }
    forget_save_areas(b, n);
    chimney_done(b, n);
}

/// The statistic half of [`uncount_save_areas`]: `n` fewer save areas live, never a
/// wrapped count.
#[inline]
pub(crate) fn forget_save_areas<N: Ndis>(b: &Binding<N>, n: usize) {
    if n == 0 {
        return;
    }
    let before = b.offload.stats.save_areas.fetch_sub(n, Ordering::AcqRel);
    if before < n {
        // More released than counted (a lower driver completing twice): back to zero;
        // `chimney_done` records the breach.
        b.offload
            .stats
            .save_areas
            .fetch_add(n - before, Ordering::AcqRel);
    }
}

/// `n` pieces of chimney work (operations, save areas, owed returns) ended: one atomic
/// step on the drain instead of one per piece, then the binding-pause check (LC-34,
/// EV-30 step 4) that [`Binding::release`] makes. A count that would underflow goes
/// through [`Binding::release`], which exits what is outstanding and records the rest.
#[expect(
    clippy::inline_always,
    reason = "a few instructions on every completion; out of line its frame costs more"
)]
#[inline(always)]
pub fn chimney_done<N: Ndis>(b: &Binding<N>, n: usize) {
    if b.chimney.exit_n(n) {
        b.check_binding_pause();
    } else {
        b.release(&b.chimney, n);
    }
}
