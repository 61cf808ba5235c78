//! NDIS's TCP upcall table for one velan (DP-3), kept as one atomic per entry point so
//! the offloaded data path reads the single function it needs with one load and no
//! lock. The table is written in `MiniportInitializeEx` (copied from
//! `NdisMGetOffloadHandlers`) and cleared when that call fails; a reader that finds an
//! entry point null treats the velan as having no chimney.

use core::ffi::c_void;
use core::ptr;
use core::sync::atomic::{AtomicPtr, Ordering};

use offload_tree::abi::{
    NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NDIS_TCP_OFFLOAD_EVENT_INDICATE,
    NDIS_TCP_OFFLOAD_RECEIVE_INDICATE, NDIS_TCP_OFFLOAD_SEND_COMPLETE,
};

/// Which upward completion function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// `NdisTcpOffloadSendComplete`.
    Send,
    /// `NdisTcpOffloadReceiveComplete`.
    Receive,
    /// `NdisTcpOffloadDisconnectComplete`.
    Disconnect,
    /// `NdisTcpOffloadForwardComplete`.
    Forward,
}

/// The six entry points.
///
/// # Invariants
/// Every non-null pointer stored in a field is a function pointer of that field's
/// NDIS type (`event`: `NDIS_TCP_OFFLOAD_EVENT_INDICATE`, `receive`:
/// `NDIS_TCP_OFFLOAD_RECEIVE_INDICATE`, `complete[_]`: `NDIS_TCP_OFFLOAD_SEND_COMPLETE`),
/// written only by [`Upcalls::set`].
pub struct Upcalls {
    event: AtomicPtr<c_void>,
    receive: AtomicPtr<c_void>,
    complete: [AtomicPtr<c_void>; 4],
}

/// A function pointer of an `Option<fn>` NDIS type as a raw pointer (null for `None`).
macro_rules! raw {
    ($f:expr) => {
        $f.map_or(ptr::null_mut(), |f| f as *mut c_void)
    };
}

impl Upcalls {
    /// No table.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            event: AtomicPtr::new(ptr::null_mut()),
            receive: AtomicPtr::new(ptr::null_mut()),
            complete: [const { AtomicPtr::new(ptr::null_mut()) }; 4],
        }
    }

    /// Copy `table` in (DP-3), or clear the entry points (`None`).
    pub fn set(&self, table: Option<&NDIS_TCP_OFFLOAD_EVENT_HANDLERS>) {
        let (event, receive, complete) = match table {
            Some(t) => (
                raw!(t.NdisTcpOffloadEventHandler),
                raw!(t.NdisTcpOffloadReceiveHandler),
                [
                    raw!(t.NdisTcpOffloadSendComplete),
                    raw!(t.NdisTcpOffloadReceiveComplete),
                    raw!(t.NdisTcpOffloadDisconnectComplete),
                    raw!(t.NdisTcpOffloadForwardComplete),
                ],
            ),
            None => (ptr::null_mut(), ptr::null_mut(), [ptr::null_mut(); 4]),
        };
        self.event.store(event, Ordering::Release);
        self.receive.store(receive, Ordering::Release);
        for (slot, f) in self.complete.iter().zip(complete) {
            slot.store(f, Ordering::Release);
        }
    }

    /// Whether the table is present (every entry point the IM calls is).
    #[must_use]
    pub fn present(&self) -> bool {
        !self.event.load(Ordering::Acquire).is_null()
            && !self.receive.load(Ordering::Acquire).is_null()
            && self
                .complete
                .iter()
                .all(|c| !c.load(Ordering::Acquire).is_null())
    }

    /// `NdisTcpOffloadEventHandler`.
    #[must_use]
    pub fn event(&self) -> NDIS_TCP_OFFLOAD_EVENT_INDICATE {
        let p = self.event.load(Ordering::Acquire);
        // SAFETY: null or an NDIS_TCP_OFFLOAD_EVENT_INDICATE function (type invariant);
        // the Option's null niche makes null `None`.
        unsafe { core::mem::transmute::<*mut c_void, NDIS_TCP_OFFLOAD_EVENT_INDICATE>(p) }
    }

    /// `NdisTcpOffloadReceiveHandler`.
    #[must_use]
    pub fn receive(&self) -> NDIS_TCP_OFFLOAD_RECEIVE_INDICATE {
        let p = self.receive.load(Ordering::Acquire);
        // SAFETY: null or an NDIS_TCP_OFFLOAD_RECEIVE_INDICATE function (type invariant).
        unsafe { core::mem::transmute::<*mut c_void, NDIS_TCP_OFFLOAD_RECEIVE_INDICATE>(p) }
    }

    /// The upward completion function `which`.
    #[must_use]
    pub fn complete(&self, which: Completion) -> NDIS_TCP_OFFLOAD_SEND_COMPLETE {
        let p = self.complete[which as usize].load(Ordering::Acquire);
        // SAFETY: null or an NDIS_TCP_OFFLOAD_SEND_COMPLETE-shaped function (type
        // invariant; the four completions share the prototype).
        unsafe { core::mem::transmute::<*mut c_void, NDIS_TCP_OFFLOAD_SEND_COMPLETE>(p) }
    }
}

impl Default for Upcalls {
    fn default() -> Self {
        Self::new()
    }
}
