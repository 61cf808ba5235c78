//! The flight recorder (ARCHITECTURE.md "Debugging"): a fixed ring of the last
//! [`RING`] edge crossings of one binding — operation, handle, argument, status,
//! sequence number and timestamp — written lock-free with atomics so it is safe at
//! DISPATCH_LEVEL, never allocates (it lives inside the binding context) and is on in
//! release builds. Stuck drains are logged to it (LC-29, LC-79); the simulator's tests
//! print it when a scenario fails, and WinDbg reads the same ring from a dump.

use core::marker::PhantomData;
use core::sync::atomic::{AtomicI32, AtomicI64, AtomicU32, AtomicU64, AtomicUsize, Ordering};

use crate::ndis::{LARGE_INTEGER, NDIS_STATUS};
use crate::platform::Ndis;

/// Entries kept per binding.
pub const RING: usize = 4096;

/// What crossed an edge. The numbering is stable (natvis and the tests decode it).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Slot never written.
    None = 0,
    /// ProtocolBindAdapterEx entered.
    Bind = 1,
    /// The bind finished (status).
    BindDone = 2,
    /// ProtocolUnbindAdapterEx entered.
    Unbind = 3,
    /// The unbind finished.
    UnbindDone = 4,
    /// NdisOpenAdapterEx returned / completed (status).
    Open = 5,
    /// NdisCloseAdapterEx called (status).
    Close = 6,
    /// MiniportInitializeEx (status).
    VelanInit = 7,
    /// MiniportHaltEx.
    VelanHalt = 8,
    /// MiniportPause entered (arg = outstanding sends + receives).
    VelanPause = 9,
    /// NdisMPauseComplete / pause finished.
    VelanPauseDone = 10,
    /// MiniportRestart.
    VelanRestart = 11,
    /// NetPnPEvent (arg = event code).
    NetPnp = 12,
    /// A pended NetPnPEvent completed.
    NetPnpDone = 13,
    /// Sends forwarded down (arg = NBL count).
    SendDown = 14,
    /// Sends refused (arg = NBL count, status = why).
    SendRefused = 15,
    /// Send completions relayed up (arg = NBL count).
    SendComplete = 16,
    /// Receives indicated up (arg = NBL count).
    ReceiveUp = 17,
    /// Receives dropped/returned at once (arg = NBL count).
    ReceiveDropped = 18,
    /// Receives returned down (arg = NBL count).
    ReturnDown = 19,
    /// OID forwarded (arg = OID).
    OidDown = 20,
    /// OID completed up (arg = OID, status).
    OidComplete = 21,
    /// OID answered locally (arg = OID, status).
    OidLocal = 22,
    /// OID cancel relayed (arg = request id).
    OidCancel = 23,
    /// Status indication relayed (arg = status code).
    StatusRelay = 24,
    /// Status indication swallowed (arg = status code).
    StatusSwallowed = 25,
    /// A drain exceeded its budget (arg = outstanding count) — LC-29/LC-79.
    StuckWait = 26,
    /// A call arrived in a state that does not allow it (arg = state).
    WrongState = 27,
    /// Surprise removal / device PnP (arg = event).
    DevicePnp = 28,
    /// A chimney state operation relayed down (handle = root, arg = operation).
    OffloadDown = 29,
    /// A chimney state operation completed upward after the target (root, operation).
    OffloadComplete = 30,
    /// A chimney state operation completed upward by the IM itself (OP-40, OP-42a).
    OffloadFailed = 31,
    /// Offloaded I/O completed upward unrelayed (DP-51, DP-52).
    OffloadIoRefused = 32,
    /// Offloaded I/O relayed down (handle = NBL chain, arg = [`crate::offload::tcp::Io`]).
    OffloadIoDown = 33,
    /// Offloaded I/O completions relayed up (handle = chain, arg = NBLs).
    OffloadIoComplete = 34,
    /// An offloaded receive indication relayed up (handle = NBL, status = H's answer).
    OffloadReceiveUp = 35,
    /// A TCP or neighbor event relayed up (handle = context or block, arg = event).
    OffloadEventUp = 36,
    /// Offloaded receive NBLs returned down (handle = chain, arg = NBLs).
    OffloadReturnDown = 37,
    /// Chimney switched from above (handle = families off before, arg = after).
    ChimneySwitch = 38,
    /// Restart attributes taken from below or written for the velan (LC-32, LC-35;
    /// handle = velan or 0 for the binding, arg = MTU).
    RestartAttributes = 39,
    /// A network PnP event passed up with NdisMNetPnPEvent (LC-64; arg = event code).
    NetPnpUp = 40,
    /// Interface stack entry added or removed (LC-24; handle = velan IfIndex, arg =
    /// lower IfIndex, status = the add's status or 1 for a removal).
    IfStack = 41,
}

/// One ring slot. All fields are atomics so a writer at DISPATCH_LEVEL never tears a
/// reader's view more than one slot.
#[derive(Default)]
pub struct Slot {
    /// Sequence number + 1 (0 = empty), written last.
    pub seq: AtomicU64,
    /// [`Op`] as u32.
    pub op: AtomicU32,
    /// NDIS status, if any.
    pub status: AtomicI32,
    /// The handle involved (NBL chain, request, binding, miniport).
    pub handle: AtomicUsize,
    /// Operation-specific argument.
    pub arg: AtomicUsize,
    /// System time (100 ns units).
    pub time: AtomicI64,
}

/// A decoded entry (for tests and dumps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Sequence number.
    pub seq: u64,
    /// Operation code.
    pub op: u32,
    /// Status.
    pub status: NDIS_STATUS,
    /// Handle.
    pub handle: usize,
    /// Argument.
    pub arg: usize,
    /// Timestamp.
    pub time: i64,
}

/// The ring.
///
/// # Invariants
/// All-zero bytes are a valid, empty recorder (every field is an atomic integer), so
/// it is created by zeroing the binding context it lives in — never on the stack.
pub struct Recorder<N: Ndis> {
    next: AtomicU64,
    slots: [Slot; RING],
    _ndis: PhantomData<fn() -> N>,
}

impl<N: Ndis> Recorder<N> {
    /// Record one crossing. Callable at any IRQL ≤ DISPATCH_LEVEL; never blocks.
    pub fn log(&self, op: Op, handle: usize, arg: usize, status: NDIS_STATUS) {
        let seq = self.next.fetch_add(1, Ordering::Relaxed);
        let mut now = LARGE_INTEGER::default();
        // SAFETY: NdisGetCurrentSystemTime writes the caller's local; any IRQL.
        unsafe { N::ndis_get_current_system_time(&raw mut now) };
        // RING is a power of two, so the mask keeps the index in range.
        let index = (seq as usize) & (RING - 1);
        if let Some(slot) = self.slots.get(index) {
            slot.seq.store(0, Ordering::Relaxed);
            slot.op.store(op as u32, Ordering::Relaxed);
            slot.status.store(status, Ordering::Relaxed);
            slot.handle.store(handle, Ordering::Relaxed);
            slot.arg.store(arg, Ordering::Relaxed);
            // SAFETY: LARGE_INTEGER is a union of plain integers; QuadPart covers it.
            let t = unsafe { now.QuadPart };
            slot.time.store(t.0, Ordering::Relaxed);
            slot.seq.store(seq + 1, Ordering::Release);
        }
    }

    /// How many crossings were ever logged.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.next.load(Ordering::Acquire)
    }

    /// Copy the entries still in the ring, oldest first, into `out`; returns how many.
    pub fn snapshot(&self, out: &mut [Entry]) -> usize {
        let end = self.count();
        let start = end.saturating_sub(RING as u64);
        let mut n = 0;
        for seq in start..end {
            let Some(slot) = self.slots.get((seq as usize) & (RING - 1)) else {
                continue;
            };
            if slot.seq.load(Ordering::Acquire) != seq + 1 {
                continue;
            }
            let Some(dst) = out.get_mut(n) else { break };
            *dst = Entry {
                seq,
                op: slot.op.load(Ordering::Relaxed),
                status: slot.status.load(Ordering::Relaxed),
                handle: slot.handle.load(Ordering::Relaxed),
                arg: slot.arg.load(Ordering::Relaxed),
                time: slot.time.load(Ordering::Relaxed),
            };
            n += 1;
        }
        n
    }
}
