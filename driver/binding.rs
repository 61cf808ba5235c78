//! The lower edge (LC-10..LC-17, LC-27, LC-33..LC-35, LC-45..LC-49, LC-63, LC-65..LC-66):
//! the binding context shared 1:1 with its velan, ProtocolBindAdapterEx (open, pended
//! open completion, capability copy from the bind parameters, velan creation with
//! NdisIMInitializeDeviceInstanceEx, every failure undone), ProtocolUnbindAdapterEx as a
//! pended chain of continuations (deinitialize the velan, drain, close, free),
//! ProtocolNetPnPEvent (pause with an event-driven drain, restart, set power) and the
//! status relay ProtocolStatusEx → NdisMIndicateStatusEx with a rebuilt indication.

use core::ffi::c_void;
use core::ptr;
use core::sync::atomic::{
    AtomicBool, AtomicI32, AtomicPtr, AtomicU8, AtomicU32, AtomicU64, Ordering,
};

use crate::driver_entry::DriverContext;
use crate::ndis::PASSIVE_LEVEL;
use crate::ndis::{
    NDIS_BIND_PARAMETERS, NDIS_CONFIGURATION_OBJECT, NDIS_CONFIGURATION_OBJECT_REVISION_1,
    NDIS_DEVICE_POWER_STATE, NDIS_HANDLE, NDIS_LINK_STATE, NDIS_MEDIUM, NDIS_OBJECT_HEADER,
    NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT, NDIS_OBJECT_TYPE_DEFAULT,
    NDIS_OBJECT_TYPE_OPEN_PARAMETERS, NDIS_OBJECT_TYPE_STATUS_INDICATION, NDIS_OPEN_PARAMETERS,
    NDIS_OPEN_PARAMETERS_REVISION_1, NDIS_PM_CAPABILITIES, NDIS_PM_CAPABILITIES_REVISION_2,
    NDIS_RECEIVE_SCALE_CAPABILITIES, NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1,
    NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1, NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2,
    NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1, NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1,
    NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1, NDIS_SIZEOF_STATUS_INDICATION_REVISION_1,
    NDIS_STATUS, NDIS_STATUS_CLOSING, NDIS_STATUS_INDICATION, NDIS_STATUS_INDICATION_REVISION_1,
    NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_LINK_STATE, NDIS_STATUS_PENDING,
    NDIS_STATUS_RESET_END, NDIS_STATUS_RESET_START, NDIS_STATUS_RESOURCES, NDIS_STATUS_SUCCESS,
    NDIS_STRING, NDIS_TCP_CONNECTION_OFFLOAD, NET_PNP_EVENT_CODE, NET_PNP_EVENT_NOTIFICATION,
    NET_PNP_EVENT_NOTIFICATION_REVISION_1, PNDIS_BIND_PARAMETERS, PNDIS_STATUS_INDICATION,
    PNET_PNP_EVENT_NOTIFICATION, PVOID,
};
use crate::platform::Ndis;
use crate::recorder::{Op, Recorder};
use crate::sync::{Drain, IrqlSpinLock};

/// Wake patterns remembered per binding; more than the NICs' usual pattern slots.
pub const WOL_SLOTS: usize = 32;

/// Pool tag of the binding context ("CImB").
pub const TAG_BINDING: u32 = u32::from_le_bytes(*b"CImB");
/// Normal pool priority for NdisAllocateMemoryWithTagPriority.
const NORMAL_POOL_PRIORITY: u32 = 16;
/// Drain budget in milliseconds (LC-79).
pub const DRAIN_BUDGET_MS: u32 = 10_000;
/// Longest velan instance name kept (UTF-16 units).
pub const NAME_MAX: usize = 64;
/// Outstanding forwarded OIDs tracked for cancel (NDIS serializes regular OIDs; the
/// spare slots cover racing cancels and internal requests).
pub const OID_SLOTS: usize = 8;

/// Binding state (LC-27).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingState {
    /// NdisOpenAdapterEx issued, not yet complete.
    Opening,
    /// Open, paused (after open and after NetEventPause finished).
    Paused,
    /// NetEventRestart in progress.
    Restarting,
    /// Sends go down.
    Running,
    /// NetEventPause draining sends.
    Pausing,
    /// Unbind started (LC-65 step 1).
    Closing,
    /// NdisCloseAdapterEx done.
    Closed,
}

/// Velan state (LC-27).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VelanState {
    /// NdisIMInitializeDeviceInstanceEx not yet called.
    None,
    /// Waiting for MiniportInitializeEx.
    InitPending,
    /// Initialized, paused.
    Paused,
    /// Running.
    Running,
    /// MiniportPause draining.
    Pausing,
    /// MiniportHaltEx in progress.
    Halting,
    /// Halted, or initialize failed: no call on the miniport handle any more.
    Halted,
}

/// Device power state as the IM tracks it (LC-27, LC-39, LC-63).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Power {
    /// Working.
    D0,
    /// Low power.
    Dx,
}

/// State guarded by the binding's IRQL spin lock.
#[derive(Clone, Copy, Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags of the spec's state machines (LC-27, EV-12, EV-30)"
)]
pub struct States {
    /// Lower edge.
    pub binding: BindingState,
    /// Upper edge.
    pub velan: VelanState,
    /// Lower device power (NetEventSetPower).
    pub power: Power,
    /// Velan power (OID_PNP_SET_POWER).
    pub velan_power: Power,
    /// MiniportDevicePnPEventNotify said surprise-removed (LC-62).
    pub surprise_removed: bool,
    /// The velan was asked to deinitialize (LC-65 step 3), once.
    pub deinit_requested: bool,
    /// A link state arrived while the velan could not indicate (LC-46).
    pub link_pending: bool,
    /// `VM.Draining` (EV-30): the IM asked H to pause offloading and upload everything;
    /// ended by EV-33.
    pub draining: bool,
    /// `LowerPaused` (EV-12): the target indicated NDIS_STATUS_OFFLOAD_PAUSE and has
    /// not resumed; the IM's own resume (EV-33) waits for the target's.
    pub lower_paused: bool,
}

impl States {
    /// Whether the velan can indicate a status now (LC-46): initialized, not halting,
    /// in D0.
    #[must_use]
    pub fn velan_can_indicate(&self) -> bool {
        matches!(
            self.velan,
            VelanState::Paused | VelanState::Running | VelanState::Pausing
        ) && self.velan_power == Power::D0
    }
}

/// Per-binding statistics (issue 6 "Statistics"), readable through the statistics OIDs.
#[derive(Default)]
pub struct Stats {
    /// NBLs sent down and completed with success.
    pub xmit_ok: AtomicU64,
    /// NBLs refused or completed with failure.
    pub xmit_error: AtomicU64,
    /// Bytes sent down.
    pub xmit_bytes: AtomicU64,
    /// NBLs indicated up.
    pub rcv_ok: AtomicU64,
    /// NBLs dropped on receive (velan not running, no context space).
    pub rcv_discards: AtomicU64,
    /// Bytes indicated up.
    pub rcv_bytes: AtomicU64,
    /// OIDs forwarded.
    pub oids_forwarded: AtomicU64,
    /// OIDs answered locally.
    pub oids_local: AtomicU64,
    /// OIDs failed by the IM.
    pub oids_failed: AtomicU64,
    /// Status indications relayed.
    pub status_relayed: AtomicU64,
    /// Status indications swallowed (LC-46, LC-49).
    pub status_swallowed: AtomicU64,
    /// Calls in a state that did not allow them (robustness counter).
    pub wrong_state: AtomicU64,
    /// Drains that exceeded their budget (LC-79).
    pub stuck_waits: AtomicU64,
}

/// One forwarded OID: the caller's request and the clone sent down (LC-37, LC-38).
#[derive(Clone, Copy, Debug)]
pub struct OidSlot {
    /// The original (velan-side) request.
    pub original: usize,
    /// The clone sent down.
    pub clone: usize,
}

/// What the lower adapter told the bind (LC-14), kept by value (LC-11).
#[derive(Clone, Copy, Debug)]
pub struct LowerCaps {
    /// Copy of the bind parameters' scalar members; pointer members are nulled.
    pub params: NDIS_BIND_PARAMETERS,
    /// TcpConnectionOffloadCapabilities, if the NIC reported them: its current
    /// configuration (what the offload table is sized and gated by).
    pub tcp: Option<NDIS_TCP_CONNECTION_OFFLOAD>,
    /// The NIC's connection-offload hardware capabilities, once the query after the
    /// open answered (LC-14).
    pub tcp_hw: Option<NDIS_TCP_CONNECTION_OFFLOAD>,
    /// Last link state seen (LC-47, feeds LC-20).
    pub link: NDIS_LINK_STATE,
    /// DefaultOffloadConfiguration (task offloads, NDIS_OFFLOAD) copied by value
    /// (LC-11, LC-14), mirrored on the velan (LC-21).
    pub task_offload: TaskOffload,
    /// The NIC's power-management capabilities (LC-14, LC-15), if it has any.
    pub pm: Option<NDIS_PM_CAPABILITIES>,
    /// The NIC's RSS capabilities (LC-14, LC-20), if it has any.
    pub rss: Option<NDIS_RECEIVE_SCALE_CAPABILITIES>,
}

/// Copy a header-sized NDIS structure by value (LC-11): at most the header's `Size`
/// bytes, the rest left at its default; `None` for a null pointer or a header whose
/// `Size` does not even reach `min_size` (an older revision than NDIS 6.20 defines).
///
/// # Safety
/// `src` is null or points to a structure that begins with an NDIS_OBJECT_HEADER and
/// has the header's `Size` bytes readable.
pub(crate) unsafe fn copy_sized<T: Copy + Default>(src: *const T, min_size: u16) -> Option<T> {
    if src.is_null() {
        return None;
    }
    // SAFETY: caller: a readable structure that begins with its header.
    let header = unsafe { src.cast::<NDIS_OBJECT_HEADER>().read_unaligned() };
    if header.Size < min_size || usize::from(header.Size) < size_of::<NDIS_OBJECT_HEADER>() {
        return None;
    }
    let len = usize::from(header.Size).min(size_of::<T>());
    let mut out = T::default();
    // SAFETY: `len` ≤ the header's readable Size (caller) and ≤ size_of::<T>(); `out`
    // is a plain-data local.
    unsafe { ptr::copy_nonoverlapping(src.cast::<u8>(), (&raw mut out).cast::<u8>(), len) };
    Some(out)
}

/// Bytes kept of the NIC's NDIS_OFFLOAD (every NDIS 6.30 revision fits).
pub const TASK_OFFLOAD_MAX: usize = 512;

/// A by-value copy of an NDIS_OFFLOAD structure (the ABI crate models it as opaque,
/// so the copy is the header-declared number of bytes).
#[repr(C, align(8))]
#[derive(Clone, Copy, Debug)]
pub struct TaskOffload {
    /// The structure's bytes, starting with its NDIS_OBJECT_HEADER.
    pub bytes: [u8; TASK_OFFLOAD_MAX],
    /// How many are valid (0 = the NIC reported none).
    pub len: usize,
}

impl TaskOffload {
    /// Copy the NDIS_OFFLOAD at `src` (null = none), at most [`TASK_OFFLOAD_MAX`] bytes.
    ///
    /// # Safety
    /// `src` is null or an NDIS_OFFLOAD whose header Size bytes are readable.
    #[must_use]
    pub unsafe fn copy_from(src: *const crate::ndis::NDIS_OFFLOAD) -> Self {
        let mut out = Self {
            bytes: [0; TASK_OFFLOAD_MAX],
            len: 0,
        };
        if src.is_null() {
            return out;
        }
        // SAFETY: caller: a readable NDIS_OFFLOAD, which begins with its header.
        let header = unsafe { src.cast::<NDIS_OBJECT_HEADER>().read_unaligned() };
        let len = usize::from(header.Size).min(TASK_OFFLOAD_MAX);
        if len < size_of::<NDIS_OBJECT_HEADER>() {
            return out;
        }
        // SAFETY: `len` ≤ the header's Size readable bytes (caller) and ≤ our buffer.
        unsafe { ptr::copy_nonoverlapping(src.cast::<u8>(), out.bytes.as_mut_ptr(), len) };
        out.len = len;
        out
    }
}

/// The unbind continuation's position (LC-65).
pub mod unbind_phase {
    /// No unbind.
    pub const NONE: u8 = 0;
    /// ProtocolUnbindAdapterEx is still on the stack.
    pub const IN_HANDLER: u8 = 1;
    /// The handler returned NDIS_STATUS_PENDING; the last step completes it.
    pub const PENDED: u8 = 2;
    /// The steps finished while the handler was on the stack: it returns SUCCESS.
    pub const DONE_INLINE: u8 = 3;
}

/// Why the adapter is being closed (the close completion continues accordingly).
mod close_reason {
    /// A bind that failed after the open (LC-13).
    pub const BIND_FAILED: u8 = 1;
    /// The unbind (LC-65 step 7).
    pub const UNBIND: u8 = 2;
}

/// The binding context, shared 1:1 with its velan: NDIS's ProtocolBindingContext and
/// the velan's MiniportAdapterContext are both its address.
///
/// # Invariants
/// Allocated with NdisAllocateMemoryWithTagPriority in [`bind`], zero-filled and then
/// initialised field by field in place (the recorder is too large for a stack value);
/// never moves; freed only by [`free`] after the adapter is closed (or never opened)
/// and the velan is halted (or never initialised), when no NDIS path can reach it.
pub struct Binding<N: Ndis> {
    /// The driver context (driver-object extension).
    pub driver: *const DriverContext<N>,
    /// States (LC-27, LC-77: IRQL-raising lock).
    pub states: IrqlSpinLock<N, States>,
    /// NdisOpenAdapterEx's binding handle.
    pub lower: AtomicPtr<c_void>,
    /// The velan's NdisMiniportHandle (set in MiniportInitializeEx).
    pub velan: AtomicPtr<c_void>,
    /// The interface stack entry the velan added (LC-24): higher IfIndex << 32 |
    /// lower IfIndex; 0 = none (zero in the fresh block).
    pub if_stack: AtomicU64,
    /// The bind's BindContext while the bind is pended.
    pub bind_context: AtomicPtr<c_void>,
    /// The unbind's UnbindContext while the unbind runs.
    pub unbind_context: AtomicPtr<c_void>,
    /// [`unbind_phase`].
    pub unbind_phase: AtomicU8,
    /// [`close_reason`].
    close_reason: AtomicU8,
    /// The failure a bind reports once its pended close completes (LC-13).
    bind_failure: AtomicI32,
    /// A NetEventPause pended until the send drain (LC-33).
    pub pause_event: AtomicPtr<NET_PNP_EVENT_NOTIFICATION>,
    /// Work item that completes a pended NetEventPause at PASSIVE_LEVEL when its last
    /// counter drops at DISPATCH_LEVEL (NdisCompleteNetPnPEvent is PASSIVE only).
    pub pause_work: AtomicPtr<c_void>,
    /// `pause_work` is queued and has not run yet.
    pub pause_work_queued: AtomicBool,
    /// MiniportPause returned PENDING and NdisMPauseComplete is owed (LC-30).
    pub velan_pause_pending: AtomicBool,
    /// Sends forwarded down, not yet completed (LC-28).
    pub sends: Drain<N>,
    /// Receive NBLs indicated up, not yet returned (LC-28).
    pub receives: Drain<N>,
    /// OIDs forwarded down, not yet completed (LC-28, LC-44).
    pub oids: Drain<N>,
    /// Chimney work in flight (events.md EV-30 step 4): state operations relayed or
    /// deferred, per-NBL save areas (DP-8) and receive NBLs H still owes (DP-41).
    pub chimney: Drain<N>,
    /// Offload entries live: objects offloaded (or being offloaded) through the velan.
    /// The unbind waits for it to reach zero before the velan goes and LB closes
    /// (OP-39, OP-43, EV-31).
    pub entries: Drain<N>,
    /// Capabilities from the bind parameters.
    pub caps: IrqlSpinLock<N, LowerCaps>,
    /// The velan instance name (LC-16).
    pub name: [u16; NAME_MAX],
    /// Its length in units.
    pub name_len: usize,
    /// Forwarded OIDs (LC-38 cancel lookup).
    pub oid_slots: IrqlSpinLock<N, [Option<OidSlot>; OID_SLOTS]>,
    /// Statistics.
    pub stats: Stats,
    /// The packet filter last set on LB through the velan (LC-42), cleared at unbind.
    pub lower_filter: AtomicU32,
    /// A non-empty multicast list was last set on LB through the velan (LC-42).
    pub lower_multicast: AtomicBool,
    /// Wake patterns added on LB through the velan (OID_PM_ADD_WOL_PATTERN), as
    /// PatternId + 1 (0 = free slot), so the unbind can remove them (LC-65 step 6).
    pub lower_wol_patterns: [AtomicU32; WOL_SLOTS],
    /// RSS was enabled on LB through the velan (OID_GEN_RECEIVE_SCALE_PARAMETERS).
    pub lower_rss: AtomicBool,
    /// Chimney state: offload table, call entries, upcalls, counters (issue 7).
    pub offload: crate::offload::Offload<N>,
    /// Flight recorder (last).
    pub recorder: Recorder<N>,
}

// SAFETY: every field shared between threads is an atomic, a lock or immutable after
// bind; the raw driver pointer targets the driver extension, which outlives bindings.
unsafe impl<N: Ndis> Sync for Binding<N> {}
// SAFETY: as above.
unsafe impl<N: Ndis> Send for Binding<N> {}

impl<N: Ndis> Binding<N> {
    /// The binding behind a ProtocolBindingContext / MiniportAdapterContext.
    ///
    /// # Safety
    /// `ctx` is null or a context this driver handed NDIS, still alive.
    pub unsafe fn from_handle<'a>(ctx: NDIS_HANDLE) -> Option<&'a Self> {
        // SAFETY: caller contract; Binding contexts never move (type invariant).
        unsafe { ctx.cast::<Self>().as_ref() }
    }

    /// This binding as a context handle.
    #[must_use]
    pub fn handle(&self) -> NDIS_HANDLE {
        ptr::from_ref(self).cast_mut().cast()
    }

    /// The lower binding handle.
    #[must_use]
    pub fn lower(&self) -> NDIS_HANDLE {
        self.lower.load(Ordering::Acquire)
    }

    /// The velan's miniport handle (null before initialize / after halt).
    #[must_use]
    pub fn velan(&self) -> NDIS_HANDLE {
        self.velan.load(Ordering::Acquire)
    }

    /// The driver context.
    #[must_use]
    pub fn driver(&self) -> Option<&DriverContext<N>> {
        // SAFETY: the driver extension outlives every binding (type invariant).
        unsafe { self.driver.as_ref() }
    }

    /// Snapshot of the states.
    #[must_use]
    pub fn states(&self) -> States {
        *self.states.lock()
    }

    /// Log to the flight recorder.
    pub fn log(&self, op: Op, handle: usize, arg: usize, status: NDIS_STATUS) {
        self.recorder.log(op, handle, arg, status);
    }

    /// Count and record a call in a state that does not allow it.
    pub fn wrong_state(&self, what: usize) {
        self.stats.wrong_state.fetch_add(1, Ordering::Relaxed);
        if let Some(d) = self.driver() {
            d.wrong_state.fetch_add(1, Ordering::Relaxed);
        }
        self.log(Op::WrongState, self.handle() as usize, what, 0);
    }

    /// `n` pieces of work on `drain` finished. Never underflows: a completion the IM
    /// did not count (a lower driver completing twice) is counted as a wrong-state
    /// call instead of tripping the drain (robustness: nothing from outside panics).
    #[inline]
    pub fn release(&self, drain: &Drain<N>, n: usize) {
        for _ in 0..n {
            if drain.outstanding() == 0 {
                self.wrong_state(0xD00);
                return;
            }
            drain.exit();
        }
        // A binding pause waits on the chimney counters too (LC-34, EV-30 step 4).
        if ptr::eq(drain, &raw const self.chimney) || ptr::eq(drain, &raw const self.entries) {
            self.check_binding_pause();
        }
        if ptr::eq(drain, &raw const self.entries) {
            crate::offload::resume_if_drained(self);
        }
    }

    /// The velan instance name as an NDIS_STRING over `buf` (a copy of [`Self::name`]).
    pub fn instance_name(&self, buf: &mut [u16; NAME_MAX]) -> NDIS_STRING {
        *buf = self.name;
        let bytes = (self.name_len.min(NAME_MAX) * 2) as u16;
        NDIS_STRING {
            Length: bytes,
            MaximumLength: bytes,
            Buffer: buf.as_mut_ptr(),
        }
    }

    /// Bounded, event-driven wait on `drain` (LC-29, LC-79); PASSIVE_LEVEL only.
    /// Logs a stuck wait and returns false when the budget expires.
    pub fn wait_drain(&self, drain: &Drain<N>, what: usize) -> bool {
        if drain.begin() {
            drain.end();
            return true;
        }
        let ok = drain.wait(DRAIN_BUDGET_MS);
        drain.end();
        if !ok {
            self.stats.stuck_waits.fetch_add(1, Ordering::Relaxed);
            self.log(Op::StuckWait, what, drain.outstanding(), 0);
        }
        ok
    }

    /// After a send completion: finish a pended binding pause (LC-33) and a pended
    /// velan pause (LC-30) when their counters reached zero. Each completes once.
    pub fn check_drains(&self) {
        self.check_binding_pause();
        crate::velan::check_pause(self);
    }

    /// Complete the pended NetEventPause once no send is outstanding below and the
    /// chimney counters are zero (LC-33, LC-34).
    #[inline]
    pub fn check_binding_pause(&self) {
        // One load on the data path, which runs this after every completion.
        if !self.pause_event.load(Ordering::Acquire).is_null() {
            self.finish_binding_pause();
        }
    }

    /// [`Self::check_binding_pause`] with a pause pended.
    #[cold]
    fn finish_binding_pause(&self) {
        if self.sends.outstanding() != 0 || self.chimney.outstanding() != 0 {
            return;
        }
        // SAFETY: reading the current IRQL has no precondition.
        if unsafe { N::ke_get_current_irql() } != PASSIVE_LEVEL {
            let item = self.pause_work.load(Ordering::Acquire);
            if !item.is_null() {
                if !self.pause_work_queued.swap(true, Ordering::AcqRel) {
                    // SAFETY: the binding's work item, allocated at bind and freed with
                    // the binding, which outlives the pended pause it completes.
                    unsafe {
                        N::ndis_queue_io_work_item(item, Some(pause_work::<N>), self.handle());
                    }
                }
                return;
            }
            // No work item (its allocation failed at bind): complete here rather than
            // never; logged so the IRQL breach is visible.
            self.log(Op::WrongState, self.handle() as usize, 0x401, 0);
        }
        let event = self.pause_event.swap(ptr::null_mut(), Ordering::AcqRel);
        if event.is_null() {
            return;
        }
        {
            let mut st = self.states.lock();
            if st.binding == BindingState::Pausing {
                st.binding = BindingState::Paused;
            }
        }
        self.log(Op::NetPnpDone, event as usize, 0, NDIS_STATUS_SUCCESS);
        // SAFETY: the notification NDIS handed the pended NetPnPEvent, completed once
        // (the swap above took it).
        unsafe { N::ndis_complete_net_pnp_event(self.lower(), event, NDIS_STATUS_SUCCESS) };
    }
}

/// The pause work item's routine (PASSIVE_LEVEL): complete the pended NetEventPause
/// if its counters are still at zero.
///
/// # Safety
/// Called by NDIS only, with the binding context queued in `check_binding_pause`.
unsafe extern "system" fn pause_work<N: Ndis>(context: PVOID, _item: NDIS_HANDLE) {
    // SAFETY: the binding queued this work item; it outlives the pended pause.
    let Some(b) = (unsafe { Binding::<N>::from_handle(context) }) else {
        return;
    };
    b.pause_work_queued.store(false, Ordering::Release);
    b.check_binding_pause();
}

/// Allocate and initialise a binding context in place.
fn allocate<N: Ndis>(driver: &DriverContext<N>, if_index: u32) -> Option<&'static Binding<N>> {
    let size = size_of::<Binding<N>>() as u32;
    // SAFETY: PASSIVE_LEVEL bind path; non-paged memory of `size` bytes.
    let mem = unsafe {
        N::ndis_allocate_memory_with_tag_priority(
            driver.miniport_driver(),
            size,
            TAG_BINDING,
            NORMAL_POOL_PRIORITY,
        )
    };
    let p = mem.cast::<Binding<N>>();
    if p.is_null() {
        return None;
    }
    if !p.is_aligned() {
        // SAFETY: the block just allocated with this size.
        unsafe { N::ndis_free_memory(mem, size, 0) };
        return None;
    }
    // SAFETY: a fresh block of size_of::<Binding<N>>() bytes, exclusively ours.
    unsafe { ptr::write_bytes(p, 0, 1) };
    let caps = LowerCaps {
        params: NDIS_BIND_PARAMETERS::default(),
        tcp: None,
        tcp_hw: None,
        link: NDIS_LINK_STATE::default(),
        task_offload: TaskOffload {
            bytes: [0; TASK_OFFLOAD_MAX],
            len: 0,
        },
        pm: None,
        rss: None,
    };
    let states = States {
        binding: BindingState::Opening,
        velan: VelanState::None,
        power: Power::D0,
        velan_power: Power::D0,
        surprise_removed: false,
        deinit_requested: false,
        link_pending: false,
        draining: false,
        lower_paused: false,
    };
    let mut name = [0u16; NAME_MAX];
    let mut name_len = 0;
    set_instance_name(&mut name, &mut name_len, if_index);
    // The address of one field of the fresh block (no dereference: offset arithmetic).
    macro_rules! field {
        ($f:ident) => {
            p.wrapping_byte_add(core::mem::offset_of!(Binding<N>, $f))
                .cast()
        };
    }
    let f: *mut *const DriverContext<N> = field!(driver);
    // SAFETY: each write targets a field of the fresh block (in bounds, aligned by the
    // struct layout); the zeroed bytes of the other fields (atomics, recorder) are
    // valid values of their types.
    unsafe { f.write(ptr::from_ref(driver)) };
    let f: *mut IrqlSpinLock<N, States> = field!(states);
    // SAFETY: as above.
    unsafe { f.write(IrqlSpinLock::new(states)) };
    let f: *mut IrqlSpinLock<N, LowerCaps> = field!(caps);
    // SAFETY: as above.
    unsafe { f.write(IrqlSpinLock::new(caps)) };
    let f: *mut IrqlSpinLock<N, [Option<OidSlot>; OID_SLOTS]> = field!(oid_slots);
    // SAFETY: as above.
    unsafe { f.write(IrqlSpinLock::new([None; OID_SLOTS])) };
    let f: *mut crate::offload::Offload<N> = field!(offload);
    // SAFETY: as above.
    unsafe { f.write(crate::offload::Offload::new()) };
    let f: *mut [u16; NAME_MAX] = field!(name);
    // SAFETY: as above.
    unsafe { f.write(name) };
    let f: *mut usize = field!(name_len);
    // SAFETY: as above.
    unsafe { f.write(name_len) };
    let drains: [*mut Drain<N>; 5] = [
        field!(sends),
        field!(receives),
        field!(oids),
        field!(chimney),
        field!(entries),
    ];
    for d in drains {
        // SAFETY: a field of the fresh block.
        unsafe { d.write(Drain::new()) };
        // SAFETY: the drain is written and at its final address for the binding's life.
        let drain = unsafe { &*d };
        // SAFETY: as above.
        unsafe { drain.init() };
    }
    // SAFETY: PASSIVE_LEVEL bind path, with the IM's miniport driver handle (the work
    // item object NDIS accepts for an IM).
    let item = unsafe { N::ndis_allocate_io_work_item(driver.miniport_driver()) };
    let f: *mut AtomicPtr<c_void> = field!(pause_work);
    // SAFETY: a field of the fresh block, as above.
    unsafe { f.write(AtomicPtr::new(item)) };
    // SAFETY: the block is now a fully initialised Binding that never moves.
    unsafe { p.as_ref() }
}

/// Free a binding context (LC-65 step 8).
///
/// # Safety
/// No NDIS path can reach `b` any more (closed, velan halted or never initialised).
pub unsafe fn free<N: Ndis>(b: &Binding<N>) {
    if let Some(d) = b.driver() {
        d.bindings.fetch_sub(1, Ordering::AcqRel);
    }
    // SAFETY: caller: no NDIS path, hence no chimney call, reaches `b`.
    unsafe { crate::offload::teardown(b) };
    let item = b.pause_work.swap(ptr::null_mut(), Ordering::AcqRel);
    if !item.is_null() {
        // SAFETY: allocated in `allocate`; no pause is pended any more, so it is not
        // queued.
        unsafe { N::ndis_free_io_work_item(item) };
    }
    let p: PVOID = b.handle();
    // SAFETY: allocated in `allocate` with this size; caller: unreachable now.
    unsafe { N::ndis_free_memory(p, size_of::<Binding<N>>() as u32, 0) };
}

/// Copy what the velan needs from the bind parameters, by value (LC-11, LC-14).
fn copy_caps<N: Ndis>(b: &Binding<N>, params: &NDIS_BIND_PARAMETERS) {
    let mut copy = *params;
    // LC-11: never keep NDIS's pointers.
    copy.ProtocolSection = ptr::null_mut();
    copy.AdapterName = ptr::null_mut();
    copy.PhysicalDeviceObject = ptr::null_mut();
    copy.PowerManagementCapabilities = ptr::null_mut();
    copy.RcvScaleCapabilities = ptr::null_mut();
    copy.ActivePorts = ptr::null_mut();
    copy.DefaultOffloadConfiguration = ptr::null_mut();
    copy.TcpConnectionOffloadCapabilities = ptr::null_mut();
    copy.BoundAdapterName = ptr::null_mut();
    copy.HDSplitCurrentConfig = ptr::null_mut();
    copy.ReceiveFilterCapabilities = ptr::null_mut();
    copy.PowerManagementCapabilitiesEx = ptr::null_mut();
    copy.NicSwitchCapabilities = ptr::null_mut();
    copy.NDKCapabilities = ptr::null_mut();
    copy.SriovCapabilities = ptr::null_mut();
    copy.NicSwitchArray = ptr::null_mut();
    // SAFETY: NDIS's bind parameters: a non-null pointer is valid for the bind call.
    let tcp = unsafe { params.TcpConnectionOffloadCapabilities.as_ref() }.copied();
    // SAFETY: as above: NDIS's NDIS_OFFLOAD or null, valid for the bind call.
    let task_offload = unsafe { TaskOffload::copy_from(params.DefaultOffloadConfiguration) };
    // LC-15: from NDIS 6.20 the capabilities arrive in the Ex member; an older NIC's
    // wake-up floors are carried over into the same form.
    // SAFETY: NDIS's NDIS_PM_CAPABILITIES or null, valid for the bind call.
    let pm = unsafe {
        copy_sized(
            params.PowerManagementCapabilitiesEx,
            NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1,
        )
    }
    .or_else(|| {
        // SAFETY: NDIS's NDIS_PNP_CAPABILITIES or null, valid for the bind call.
        unsafe { params.PowerManagementCapabilities.as_ref() }.map(|old| NDIS_PM_CAPABILITIES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_DEFAULT,
                NDIS_PM_CAPABILITIES_REVISION_2,
                NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2,
            ),
            MinMagicPacketWakeUp: old.WakeUpCapabilities.MinMagicPacketWakeUp,
            MinPatternWakeUp: old.WakeUpCapabilities.MinPatternWakeUp,
            MinLinkChangeWakeUp: old.WakeUpCapabilities.MinLinkChangeWakeUp,
            ..Default::default()
        })
    });
    // SAFETY: NDIS's NDIS_RECEIVE_SCALE_CAPABILITIES or null, valid for the bind call.
    let rss = unsafe {
        copy_sized(
            params.RcvScaleCapabilities,
            NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1,
        )
    };
    let mut caps = b.caps.lock();
    caps.pm = pm;
    caps.rss = rss;
    caps.link.MediaConnectState = params.MediaConnectState;
    caps.link.MediaDuplexState = params.MediaDuplexState;
    caps.link.XmitLinkSpeed = params.XmitLinkSpeed;
    caps.link.RcvLinkSpeed = params.RcvLinkSpeed;
    caps.params = copy;
    caps.tcp = tcp;
    caps.task_offload = task_offload;
}

/// Velan instance name (LC-16): the binding's `UpperBindings` value when the
/// configuration has a string one; otherwise `chimney_im_velan<BoundIfIndex>`, which is
/// what the simulator's configuration (integers only) and a notify-object-less setup
/// tool use.
fn set_instance_name(b: &mut [u16; NAME_MAX], len: &mut usize, if_index: u32) {
    const PREFIX: &[u8] = b"chimney_im_velan";
    let mut n = 0;
    for (dst, &c) in b.iter_mut().zip(PREFIX) {
        *dst = u16::from(c);
        n += 1;
    }
    let mut digits = [0u8; 10];
    let mut d = 0;
    let mut v = if_index;
    loop {
        if let Some(slot) = digits.get_mut(d) {
            *slot = b'0' + (v % 10) as u8;
        }
        d += 1;
        v /= 10;
        if v == 0 || d >= digits.len() {
            break;
        }
    }
    for i in (0..d).rev() {
        if let (Some(dst), Some(&c)) = (b.get_mut(n), digits.get(i)) {
            *dst = u16::from(c);
            n += 1;
        }
    }
    *len = n;
}

/// Open the binding's configuration and probe `UpperBindings` (LC-16). The simulator
/// and this build read no strings, so the value only decides nothing yet; the open is
/// kept because it is an allocation point of the bind (issue 6 fault-injection loop).
fn read_configuration<N: Ndis>(b: &Binding<N>) -> NDIS_STATUS {
    let mut object = NDIS_CONFIGURATION_OBJECT {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT,
            NDIS_CONFIGURATION_OBJECT_REVISION_1,
            NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1,
        ),
        NdisHandle: b.lower(),
        Flags: 0,
    };
    let mut handle: NDIS_HANDLE = ptr::null_mut();
    // SAFETY: PASSIVE_LEVEL; object and out slot live for the call.
    let s = unsafe { N::ndis_open_configuration_ex(&raw mut object, &raw mut handle) };
    if s != NDIS_STATUS_SUCCESS {
        return s;
    }
    // SAFETY: the handle opened above, closed once.
    unsafe { N::ndis_close_configuration(handle) };
    NDIS_STATUS_SUCCESS
}

/// ProtocolBindAdapterEx (LC-10..LC-17), PASSIVE_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn bind<N: Ndis>(
    protocol_driver_context: NDIS_HANDLE,
    bind_context: NDIS_HANDLE,
    bind_parameters: PNDIS_BIND_PARAMETERS,
) -> NDIS_STATUS {
    // SAFETY: NDIS passes the context registered with the protocol (the driver context).
    let Some(driver) = (unsafe { DriverContext::<N>::from_handle(protocol_driver_context) }) else {
        return NDIS_STATUS_INVALID_PARAMETER;
    };
    // SAFETY: NDIS's bind parameters, valid for the bind (null checked).
    let Some(params) = (unsafe { bind_parameters.as_ref() }) else {
        return NDIS_STATUS_INVALID_PARAMETER;
    };
    let Some(b) = allocate::<N>(driver, params.BoundIfIndex) else {
        return NDIS_STATUS_RESOURCES;
    };
    driver.bindings.fetch_add(1, Ordering::AcqRel);
    driver.binds_total.fetch_add(1, Ordering::Relaxed);
    b.log(Op::Bind, bind_context as usize, 0, 0);
    copy_caps(b, params);
    // OP-13: the offload table, sized from the NIC's TcpConnectionOffloadCapacity.
    crate::offload::setup(b, driver.miniport_driver());
    b.bind_context.store(bind_context, Ordering::Release);

    // LC-12: open offering 802.3 only.
    let mut media = [NDIS_MEDIUM::NdisMedium802_3];
    let mut selected: u32 = 0;
    let mut open = NDIS_OPEN_PARAMETERS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_OPEN_PARAMETERS,
            NDIS_OPEN_PARAMETERS_REVISION_1,
            NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1,
        ),
        AdapterName: params.AdapterName,
        MediumArray: media.as_mut_ptr(),
        MediumArraySize: 1,
        SelectedMediumIndex: &raw mut selected,
        FrameTypeArray: ptr::null_mut(),
        FrameTypeArraySize: 0,
    };
    // NDIS writes the binding handle through this pointer, for a pended open possibly
    // after returning: the slot is the binding's own, which outlives the open (a stack
    // local would be written after its frame is gone).
    let lower_slot: *mut NDIS_HANDLE = b.lower.as_ptr();
    // SAFETY: PASSIVE_LEVEL; the parameters live for the call; `b`, and so the handle
    // slot, lives until the binding is closed.
    let status = unsafe {
        N::ndis_open_adapter_ex(
            driver.protocol(),
            b.handle(),
            &raw mut open,
            bind_context,
            lower_slot,
        )
    };
    if status == NDIS_STATUS_PENDING {
        // LC-12: finish in ProtocolOpenAdapterCompleteEx, then NdisCompleteBindAdapterEx.
        return NDIS_STATUS_PENDING;
    }
    let status = after_open(b, status);
    if status == NDIS_STATUS_PENDING {
        return status;
    }
    b.log(Op::BindDone, bind_context as usize, 0, status);
    b.bind_context.store(ptr::null_mut(), Ordering::Release);
    if status != NDIS_STATUS_SUCCESS {
        // SAFETY: never opened or already closed; no NDIS path holds `b`.
        unsafe { free(b) };
    }
    status
}

/// The bind after the open finished: configuration, velan creation. Returns the bind
/// status, or PENDING when a failure is closing the adapter asynchronously.
fn after_open<N: Ndis>(b: &Binding<N>, open_status: NDIS_STATUS) -> NDIS_STATUS {
    b.log(Op::Open, b.lower() as usize, 0, open_status);
    if open_status != NDIS_STATUS_SUCCESS {
        // No binding: whatever NDIS wrote into the slot names nothing.
        b.lower.store(ptr::null_mut(), Ordering::Release);
        b.states.lock().binding = BindingState::Closed;
        return open_status;
    }
    // LC-12: Paused after the open, until NetEventRestart.
    b.states.lock().binding = BindingState::Paused;
    crate::oid::query_hardware_capabilities(b); // LC-14
    let mut status = read_configuration(b);
    if status == NDIS_STATUS_SUCCESS {
        status = create_velan(b);
    }
    if status == NDIS_STATUS_SUCCESS {
        return status;
    }
    // No close with the LC-14 query still out (bounded wait, PASSIVE_LEVEL).
    b.wait_drain(&b.oids, 0x508);
    // LC-13: a bind that fails after the open closes the adapter itself.
    b.close_reason
        .store(close_reason::BIND_FAILED, Ordering::Release);
    b.states.lock().binding = BindingState::Closing;
    if close(b) == NDIS_STATUS_PENDING {
        // The close completion finishes the bind with this failure.
        b.bind_failure.store(status, Ordering::Release);
        return NDIS_STATUS_PENDING;
    }
    status
}

/// NdisIMInitializeDeviceInstanceEx from the bind path (LC-16).
fn create_velan<N: Ndis>(b: &Binding<N>) -> NDIS_STATUS {
    let Some(driver) = b.driver() else {
        return NDIS_STATUS_INVALID_PARAMETER;
    };
    b.states.lock().velan = VelanState::InitPending;
    let mut buf = [0u16; NAME_MAX];
    let mut name = b.instance_name(&mut buf);
    // SAFETY: PASSIVE_LEVEL; our miniport driver handle; the name lives for the call;
    // `b` stays alive until the velan is halted or the initialize is known not to run.
    let s = unsafe {
        N::ndis_im_initialize_device_instance_ex(
            driver.miniport_driver(),
            &raw mut name,
            b.handle(),
        )
    };
    if s != NDIS_STATUS_SUCCESS {
        b.states.lock().velan = VelanState::None;
    }
    s
}

/// NdisCloseAdapterEx; returns its status (PENDING → ProtocolCloseAdapterCompleteEx).
fn close<N: Ndis>(b: &Binding<N>) -> NDIS_STATUS {
    // SAFETY: our open binding handle, closed once from the bind/unbind path (LC-66).
    let s = unsafe { N::ndis_close_adapter_ex(b.lower()) };
    b.log(Op::Close, b.lower() as usize, 0, s);
    if s != NDIS_STATUS_PENDING {
        b.states.lock().binding = BindingState::Closed;
    }
    s
}

/// ProtocolOpenAdapterCompleteEx (LC-12): finish a pended bind.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn open_complete<N: Ndis>(
    protocol_binding_context: NDIS_HANDLE,
    status: NDIS_STATUS,
) {
    // SAFETY: the binding context given to NdisOpenAdapterEx.
    let Some(b) = (unsafe { Binding::<N>::from_handle(protocol_binding_context) }) else {
        return;
    };
    let status = after_open(b, status);
    if status != NDIS_STATUS_PENDING {
        finish_pended_bind(b, status);
    }
}

/// NdisCompleteBindAdapterEx for a pended bind; frees the context on failure.
fn finish_pended_bind<N: Ndis>(b: &Binding<N>, status: NDIS_STATUS) {
    let ctx = b.bind_context.swap(ptr::null_mut(), Ordering::AcqRel);
    b.log(Op::BindDone, ctx as usize, 0, status);
    if status != NDIS_STATUS_SUCCESS {
        // SAFETY: the adapter is closed (or never opened); nothing reaches `b`.
        unsafe { free(b) };
    }
    if !ctx.is_null() {
        // SAFETY: the BindContext of the pended bind, completed once (swap).
        unsafe { N::ndis_complete_bind_adapter_ex(ctx, status) };
    }
}

/// ProtocolCloseAdapterCompleteEx: continue the bind failure or the unbind.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn close_complete<N: Ndis>(protocol_binding_context: NDIS_HANDLE) {
    // SAFETY: the binding context of the closed binding.
    let Some(b) = (unsafe { Binding::<N>::from_handle(protocol_binding_context) }) else {
        return;
    };
    b.states.lock().binding = BindingState::Closed;
    match b.close_reason.load(Ordering::Acquire) {
        close_reason::BIND_FAILED => {
            finish_pended_bind(b, b.bind_failure.load(Ordering::Acquire));
        }
        close_reason::UNBIND => finish_unbind(b),
        _ => b.wrong_state(0x100),
    }
}

/// ProtocolUnbindAdapterEx (LC-65), PASSIVE_LEVEL: cannot fail; pends unless every
/// step finishes at once.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn unbind<N: Ndis>(
    unbind_context: NDIS_HANDLE,
    protocol_binding_context: NDIS_HANDLE,
) -> NDIS_STATUS {
    // SAFETY: the binding context of an open binding.
    let Some(b) = (unsafe { Binding::<N>::from_handle(protocol_binding_context) }) else {
        return NDIS_STATUS_SUCCESS;
    };
    b.log(Op::Unbind, unbind_context as usize, 0, 0);
    if b.unbind_phase.load(Ordering::Acquire) != unbind_phase::NONE {
        // A second unbind of the same binding: NDIS never does this; count it and keep
        // the first unbind's context (its completion is the one owed).
        b.wrong_state(0x350);
        return NDIS_STATUS_PENDING;
    }
    b.unbind_context.store(unbind_context, Ordering::Release);
    b.unbind_phase
        .store(unbind_phase::IN_HANDLER, Ordering::Release);
    // Step 1: Closing; new sends and OIDs fail from now on.
    b.states.lock().binding = BindingState::Closing;
    continue_unbind(b);
    if b.unbind_phase
        .compare_exchange(
            unbind_phase::IN_HANDLER,
            unbind_phase::PENDED,
            Ordering::AcqRel,
            Ordering::Acquire,
        )
        .is_ok()
    {
        return NDIS_STATUS_PENDING;
    }
    // Every step ran inline: free now and return success (no completion call).
    b.log(
        Op::UnbindDone,
        unbind_context as usize,
        0,
        NDIS_STATUS_SUCCESS,
    );
    // SAFETY: closed, velan halted; nothing reaches `b`.
    unsafe { free(b) };
    NDIS_STATUS_SUCCESS
}

/// The unbind steps after step 1 (LC-65), re-entered from the event that ends each
/// wait: velan initialize finished, velan halted.
pub fn continue_unbind<N: Ndis>(b: &Binding<N>) {
    if b.unbind_phase.load(Ordering::Acquire) == unbind_phase::NONE {
        return;
    }
    // Steps 2..4: the velan.
    let (velan, deinit) = {
        let mut st = b.states.lock();
        let v = st.velan;
        let first = !st.deinit_requested;
        if matches!(
            v,
            VelanState::Paused | VelanState::Running | VelanState::Pausing
        ) {
            st.deinit_requested = true;
        }
        (v, first)
    };
    match velan {
        VelanState::InitPending => {
            let mut buf = [0u16; NAME_MAX];
            let mut name = b.instance_name(&mut buf);
            let driver = b
                .driver()
                .map_or(ptr::null_mut(), DriverContext::miniport_driver);
            // SAFETY: PASSIVE_LEVEL; our driver handle and the instance name.
            let s = unsafe { N::ndis_im_cancel_initialize_device_instance(driver, &raw mut name) };
            if s == NDIS_STATUS_SUCCESS {
                b.states.lock().velan = VelanState::Halted;
            } else {
                // Initialize is running or will run: continue from its end (step 2).
                return;
            }
        }
        VelanState::Paused | VelanState::Running | VelanState::Pausing => {
            if deinit {
                // EV-30(a), EV-31: H uploads what it offloaded through the velan before
                // the velan goes (after its halt no indication would reach H).
                crate::offload::upload_all_for_unbind(b);
                // Step 3.
                // SAFETY: PASSIVE_LEVEL; the velan's miniport handle, initialized.
                let s = unsafe { N::ndis_im_deinitialize_device_instance(b.velan()) };
                if s == NDIS_STATUS_SUCCESS {
                    // Step 4: continue when MiniportHaltEx runs.
                    return;
                }
                b.wrong_state(0x200);
            }
            return;
        }
        VelanState::Halting => return,
        VelanState::None | VelanState::Halted => {}
    }
    // Step 5: drains (event-driven, bounded; LC-29).
    b.wait_drain(&b.oids, 0x501);
    b.wait_drain(&b.sends, 0x502);
    b.wait_drain(&b.receives, 0x503);
    b.wait_drain(&b.chimney, 0x504);
    // Step 6 (LC-42, LC-65): the packet filter and multicast list set through the velan
    // are cleared on the NIC with the IM's own requests, waited for (bounded).
    crate::oid::clear_lower_filters(b);
    // Step 7: close.
    b.close_reason
        .store(close_reason::UNBIND, Ordering::Release);
    if close(b) == NDIS_STATUS_PENDING {
        return;
    }
    finish_unbind(b);
}

/// Step 8: free and complete the unbind (or let the handler return SUCCESS).
fn finish_unbind<N: Ndis>(b: &Binding<N>) {
    if b.unbind_phase
        .compare_exchange(
            unbind_phase::IN_HANDLER,
            unbind_phase::DONE_INLINE,
            Ordering::AcqRel,
            Ordering::Acquire,
        )
        .is_ok()
    {
        return;
    }
    let ctx = b.unbind_context.swap(ptr::null_mut(), Ordering::AcqRel);
    b.log(Op::UnbindDone, ctx as usize, 0, NDIS_STATUS_SUCCESS);
    // SAFETY: closed and halted; nothing reaches `b` any more.
    unsafe { free(b) };
    if !ctx.is_null() {
        // SAFETY: the pended unbind's context, completed once (swap).
        unsafe { N::ndis_complete_unbind_adapter_ex(ctx) };
    }
}

/// ProtocolNetPnPEvent (LC-33..LC-35, LC-63), PASSIVE_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn net_pnp_event<N: Ndis>(
    protocol_binding_context: NDIS_HANDLE,
    notification: PNET_PNP_EVENT_NOTIFICATION,
) -> NDIS_STATUS {
    // SAFETY: the binding context of an open binding.
    let Some(b) = (unsafe { Binding::<N>::from_handle(protocol_binding_context) }) else {
        return NDIS_STATUS_SUCCESS;
    };
    // SAFETY: NDIS's notification, valid until the event completes (null checked).
    let Some(n) = (unsafe { notification.as_ref() }) else {
        return NDIS_STATUS_INVALID_PARAMETER;
    };
    let event = n.NetPnPEvent.NetEvent;
    b.log(
        Op::NetPnp,
        notification as usize,
        event.0.cast_unsigned() as usize,
        0,
    );
    match event {
        NET_PNP_EVENT_CODE::NetEventPause => pause(b, notification),
        NET_PNP_EVENT_CODE::NetEventRestart => {
            // LC-35: the restart attributes are the binding's current capabilities;
            // end a chimney drain (EV-33), then Running.
            let mut st = b.states.lock();
            if matches!(st.binding, BindingState::Paused | BindingState::Pausing) {
                st.binding = BindingState::Running;
                drop(st);
                // SAFETY: NDIS's NetEventRestart notification, valid for the call.
                unsafe { crate::restart::take_lower(b, notification) };
                // EV-33: a drain started by the pause ends with the restart.
                crate::offload::end_drain(b);
                NDIS_STATUS_SUCCESS
            } else {
                drop(st);
                b.wrong_state(0x300);
                NDIS_STATUS_SUCCESS
            }
        }
        NET_PNP_EVENT_CODE::NetEventSetPower => {
            let mut state = NDIS_DEVICE_POWER_STATE::NdisDeviceStateUnspecified;
            if n.NetPnPEvent.BufferLength as usize >= size_of::<NDIS_DEVICE_POWER_STATE>() {
                // SAFETY: the event's buffer holds an NDIS_DEVICE_POWER_STATE (checked
                // length); read unaligned to be safe with any buffer.
                state = unsafe {
                    n.NetPnPEvent
                        .Buffer
                        .cast::<NDIS_DEVICE_POWER_STATE>()
                        .read_unaligned()
                };
            }
            let d0 = state == NDIS_DEVICE_POWER_STATE::NdisDeviceStateD0;
            if !d0 {
                // EV-30(f), EV-34: T must hold nothing offloaded before its Dx.
                crate::offload::drain_and_wait(b, 0x602);
            }
            b.states.lock().power = if d0 { Power::D0 } else { Power::Dx };
            if d0 && b.states().velan_power == Power::D0 {
                crate::offload::end_drain(b); // EV-33
            }
            if !d0 {
                // LC-63: sends drain (NDIS paused the binding first); event-driven wait.
                b.wait_drain(&b.sends, 0x600);
                b.wait_drain(&b.chimney, 0x601);
            }
            NDIS_STATUS_SUCCESS
        }
        // LC-64: the NIC's wake-up capabilities changed; the protocols above the velan
        // re-read the velan's (derived from the NIC's, LC-15).
        NET_PNP_EVENT_CODE::NetEventPnPCapabilities => pass_up(b, n),
        _ => NDIS_STATUS_SUCCESS,
    }
}

/// Pass a network PnP event to the protocols above the velan (LC-64): PASSIVE_LEVEL,
/// from ProtocolNetPnPEvent (never inside an OID request), with the velan's own
/// notification carrying the same event and buffer. Without a velan that can see it
/// (not initialized, halting, surprise-removed) there is nobody above to tell.
fn pass_up<N: Ndis>(b: &Binding<N>, below: &NET_PNP_EVENT_NOTIFICATION) -> NDIS_STATUS {
    let velan = {
        // Checked and counted under the lock: MiniportHaltEx marks the velan Halting
        // under it before it waits for `oids`, so the handle outlives this call.
        let st = b.states.lock();
        let velan = b.velan();
        if velan.is_null()
            || st.surprise_removed
            || !matches!(
                st.velan,
                VelanState::Paused | VelanState::Running | VelanState::Pausing
            )
        {
            return NDIS_STATUS_SUCCESS;
        }
        b.oids.enter();
        velan
    };
    let mut up = NET_PNP_EVENT_NOTIFICATION {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_DEFAULT,
            NET_PNP_EVENT_NOTIFICATION_REVISION_1,
            NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1,
        ),
        PortNumber: 0,
        NetPnPEvent: crate::ndis::NET_PNP_EVENT {
            NetEvent: below.NetPnPEvent.NetEvent,
            Buffer: below.NetPnPEvent.Buffer,
            BufferLength: below.NetPnPEvent.BufferLength,
            ..Default::default()
        },
        Flags: 0,
    };
    let code = up.NetPnPEvent.NetEvent.0.cast_unsigned() as usize;
    // SAFETY: PASSIVE_LEVEL in ProtocolNetPnPEvent; the velan's handle, kept from
    // halting by the count above; the notification and the buffer it points at (NDIS's,
    // pending this event) live for the call.
    let s = unsafe { N::ndis_m_net_pnp_event(velan, &raw mut up) };
    b.log(Op::NetPnpUp, velan as usize, code, s);
    b.release(&b.oids, 1);
    s
}

/// NetEventPause (LC-33, LC-34): stop sending, pend until the forwarded sends and the
/// chimney counters (state operations and save areas in flight) have drained.
fn pause<N: Ndis>(b: &Binding<N>, notification: PNET_PNP_EVENT_NOTIFICATION) -> NDIS_STATUS {
    {
        let mut st = b.states.lock();
        match st.binding {
            BindingState::Running | BindingState::Restarting | BindingState::Paused => {
                st.binding = BindingState::Pausing;
            }
            _ => {
                drop(st);
                b.wrong_state(0x400);
                return NDIS_STATUS_SUCCESS;
            }
        }
    }
    // LC-34, EV-30(e): offloaded state does not stay behind a pausing binding.
    crate::offload::drain_and_wait(b, 0x506);
    b.sends.begin();
    b.pause_event.store(notification, Ordering::Release);
    if b.sends.outstanding() == 0 && b.chimney.outstanding() == 0 {
        let mine = b.pause_event.swap(ptr::null_mut(), Ordering::AcqRel);
        b.sends.end();
        if !mine.is_null() {
            let mut st = b.states.lock();
            if st.binding == BindingState::Pausing {
                st.binding = BindingState::Paused;
            }
            return NDIS_STATUS_SUCCESS;
        }
    }
    NDIS_STATUS_PENDING
}

/// ProtocolStatusEx (LC-45..LC-49), ≤ DISPATCH_LEVEL: rebuild and relay every
/// indication (not only link state — MUX defect 4), cache link state, swallow the
/// reset pair (LC-49) and anything the velan cannot indicate yet (LC-46).
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn status<N: Ndis>(
    protocol_binding_context: NDIS_HANDLE,
    indication: PNDIS_STATUS_INDICATION,
) {
    // SAFETY: the binding context of an open binding.
    let Some(b) = (unsafe { Binding::<N>::from_handle(protocol_binding_context) }) else {
        return;
    };
    // SAFETY: NDIS's indication, valid for the call (null checked).
    let Some(ind) = (unsafe { indication.as_ref() }) else {
        return;
    };
    let code = ind.StatusCode;
    if code == NDIS_STATUS_LINK_STATE
        && ind.StatusBufferSize as usize >= size_of::<NDIS_LINK_STATE>()
        && !ind.StatusBuffer.is_null()
    {
        // SAFETY: a link-state indication's buffer is an NDIS_LINK_STATE (size checked).
        let link = unsafe { ind.StatusBuffer.cast::<NDIS_LINK_STATE>().read_unaligned() };
        b.caps.lock().link = link; // LC-47
    }
    if code == offload_tree::abi::NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG
        && ind.StatusBufferSize as usize >= size_of::<NDIS_OBJECT_HEADER>()
        && !ind.StatusBuffer.is_null()
    {
        // LC-48: update the velan's cached task offloads before relaying. The copy is
        // bounded by the buffer size NDIS gave as well as by the header's Size.
        // SAFETY: the buffer starts with the NDIS_OFFLOAD's header (size checked).
        let mut header = unsafe {
            ind.StatusBuffer
                .cast::<NDIS_OBJECT_HEADER>()
                .read_unaligned()
        };
        header.Size = header
            .Size
            .min(u16::try_from(ind.StatusBufferSize).unwrap_or(u16::MAX));
        let mut bounded = [0u8; TASK_OFFLOAD_MAX];
        let len = usize::from(header.Size).min(TASK_OFFLOAD_MAX);
        // SAFETY: `len` ≤ StatusBufferSize readable bytes and ≤ the local buffer.
        unsafe {
            ptr::copy_nonoverlapping(ind.StatusBuffer.cast::<u8>(), bounded.as_mut_ptr(), len);
        }
        if let Some(h) = bounded.get_mut(..size_of::<NDIS_OBJECT_HEADER>()) {
            let size = header.Size.to_ne_bytes();
            // Header layout: Type (1), Revision (1), Size (2).
            if let Some(dst) = h.get_mut(2..4) {
                dst.copy_from_slice(&size);
            }
        }
        // SAFETY: `bounded` holds a header whose Size ≤ its length.
        let copy = unsafe { TaskOffload::copy_from(bounded.as_ptr().cast()) };
        b.caps.lock().task_offload = copy;
    }
    if code == NDIS_STATUS_RESET_START || code == NDIS_STATUS_RESET_END {
        // LC-49: for the IM itself.
        b.stats.status_swallowed.fetch_add(1, Ordering::Relaxed);
        b.log(Op::StatusSwallowed, 0, code.cast_unsigned() as usize, code);
        return;
    }
    let can_indicate = {
        let mut st = b.states.lock();
        let ok = st.velan_can_indicate();
        if !ok && code == NDIS_STATUS_LINK_STATE {
            st.link_pending = true; // LC-46: indicated when the velan can.
        }
        ok
    };
    // EV-12: the target's own pause, kept so the IM's resume (EV-33) never undoes it.
    if code == offload_tree::abi::NDIS_STATUS_OFFLOAD_PAUSE {
        b.states.lock().lower_paused = true;
    } else if code == offload_tree::abi::NDIS_STATUS_OFFLOAD_RESUME {
        b.states.lock().lower_paused = false;
    }
    // EV-14: a resume carries the IM's own recomputed capabilities, and is held back
    // while the velan drains (EV-30, EV-32).
    let draining =
        b.unbind_phase.load(Ordering::Acquire) != unbind_phase::NONE || b.states.lock().draining;
    if !can_indicate || (code == offload_tree::abi::NDIS_STATUS_OFFLOAD_RESUME && draining) {
        b.stats.status_swallowed.fetch_add(1, Ordering::Relaxed);
        b.log(Op::StatusSwallowed, 0, code.cast_unsigned() as usize, code);
        return;
    }
    // EV-14, EV-15: both carry the IM's own recomputed structure, not the NIC's.
    if code == offload_tree::abi::NDIS_STATUS_OFFLOAD_RESUME
        || code == offload_tree::abi::NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES
    {
        let hardware =
            code == offload_tree::abi::NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES;
        let mut resume = crate::offload::resume_capabilities(
            b,
            ind.StatusBuffer,
            ind.StatusBufferSize,
            hardware,
        );
        let size = size_of::<NDIS_TCP_CONNECTION_OFFLOAD>() as u32;
        indicate_status(b, code, (&raw mut resume).cast(), size);
        return;
    }
    indicate_status(b, code, ind.StatusBuffer, ind.StatusBufferSize);
}

/// Indicate a rebuilt status on the velan (LC-45).
pub fn indicate_status<N: Ndis>(b: &Binding<N>, code: NDIS_STATUS, buffer: PVOID, size: u32) {
    let mut out = NDIS_STATUS_INDICATION {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_STATUS_INDICATION,
            NDIS_STATUS_INDICATION_REVISION_1,
            NDIS_SIZEOF_STATUS_INDICATION_REVISION_1,
        ),
        SourceHandle: b.velan(),
        StatusCode: code,
        StatusBuffer: buffer,
        StatusBufferSize: size,
        ..Default::default()
    };
    b.stats.status_relayed.fetch_add(1, Ordering::Relaxed);
    b.log(
        Op::StatusRelay,
        b.velan() as usize,
        code.cast_unsigned() as usize,
        code,
    );
    // SAFETY: ≤ DISPATCH_LEVEL; the velan is initialized and not halting (checked by
    // the caller); the indication lives for the call.
    unsafe { N::ndis_m_indicate_status_ex(b.velan(), &raw mut out) };
}

/// Indicate the cached link state if one was held back (LC-46).
pub fn flush_link_state<N: Ndis>(b: &Binding<N>) {
    let pending = core::mem::replace(&mut b.states.lock().link_pending, false);
    if pending {
        let mut link = b.caps.lock().link;
        let size = size_of::<NDIS_LINK_STATE>() as u32;
        indicate_status(b, NDIS_STATUS_LINK_STATE, (&raw mut link).cast(), size);
    }
}

/// Status a forwardable request gets while the binding cannot take it (LC-43).
#[must_use]
pub fn unavailable_status(st: &States) -> Option<NDIS_STATUS> {
    match st.binding {
        BindingState::Closing | BindingState::Closed | BindingState::Opening => {
            Some(NDIS_STATUS_CLOSING)
        }
        _ if st.power == Power::Dx => Some(crate::ndis::NDIS_STATUS_ADAPTER_NOT_READY),
        _ => None,
    }
}
