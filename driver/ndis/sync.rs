//! IRQL levels and the kernel synchronization objects NDIS wraps: `KSPIN_LOCK` +
//! `KIRQL` (`NDIS_SPIN_LOCK`) and `KEVENT` (`NDIS_EVENT`). The driver only allocates
//! and passes these; NDIS.SYS (or the simulator) owns their contents.

use core::ptr::null_mut;

use super::base::LIST_ENTRY;
use offload_tree::abi::{NDIS_HANDLE, PVOID};

/// `KIRQL`.
pub type KIRQL = u8;
/// `PKIRQL`.
pub type PKIRQL = *mut KIRQL;
/// `KSPIN_LOCK`: `ULONG_PTR`.
pub type KSPIN_LOCK = usize;

/// `PASSIVE_LEVEL`.
pub const PASSIVE_LEVEL: KIRQL = 0;
/// `APC_LEVEL`.
pub const APC_LEVEL: KIRQL = 1;
/// `DISPATCH_LEVEL`.
pub const DISPATCH_LEVEL: KIRQL = 2;

/// `NDIS_SPIN_LOCK`: the lock and the IRQL saved by `NdisAcquireSpinLock`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_SPIN_LOCK {
    /// The kernel spin lock.
    pub SpinLock: KSPIN_LOCK,
    /// IRQL to restore on release.
    pub OldIrql: KIRQL,
}

/// `PNDIS_SPIN_LOCK`.
pub type PNDIS_SPIN_LOCK = *mut NDIS_SPIN_LOCK;

/// `DISPATCHER_HEADER`: 24 bytes on x64, 16 on x86.
///
/// Its first member is an anonymous 4-byte union (`Type`/`Signalling`/`Size`/...
/// byte views, `Lock`, `LockNV`), held here as [`Lock`](Self::Lock).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DISPATCHER_HEADER {
    /// The anonymous union, as its `LONG Lock` member.
    pub Lock: i32,
    /// Signal state.
    pub SignalState: i32,
    /// Waiters.
    pub WaitListHead: LIST_ENTRY,
}

impl Default for DISPATCHER_HEADER {
    fn default() -> Self {
        Self {
            Lock: 0,
            SignalState: 0,
            WaitListHead: LIST_ENTRY {
                Flink: null_mut(),
                Blink: null_mut(),
            },
        }
    }
}

/// `KEVENT`: a dispatcher header and nothing else.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KEVENT {
    /// The dispatcher object.
    pub Header: DISPATCHER_HEADER,
}

/// `NDIS_EVENT`: wraps a `KEVENT`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_EVENT {
    /// The kernel event.
    pub Event: KEVENT,
}

/// `PNDIS_EVENT`.
pub type PNDIS_EVENT = *mut NDIS_EVENT;

/// `NTSTATUS`: a signed 32-bit kernel status (`STATUS_SUCCESS` = 0).
pub type NTSTATUS = i32;

/// `NDIS_IO_WORKITEM_FUNCTION`: the routine an NDIS I/O work item runs at PASSIVE_LEVEL.
pub type NDIS_IO_WORKITEM_FUNCTION =
    Option<unsafe extern "system" fn(WorkItemContext: PVOID, NdisIoWorkItemHandle: NDIS_HANDLE)>;
