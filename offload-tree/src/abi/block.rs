//! The offload handle (ST-6.15, ST-6.16) and the two views of one state-tree block
//! (ST-6.17 protocol view, ST-6.22 miniport view), with the compile-time proof that
//! they overlay slot for slot on the target being built (ST-11.1, ST-11.2).

use core::mem::{offset_of, size_of};

use super::base::{
    NDIS_HANDLE, NDIS_OBJECT_HEADER, NDIS_PORT_NUMBER, NDIS_STATUS, PNET_BUFFER_LIST, PVOID,
};

/// NDIS_OFFLOAD_HANDLE (ST-6.15): one driver's handle for one offloaded object.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_OFFLOAD_HANDLE {
    /// NDIS-owned: the binding, stored on first downward use (OP-9).
    pub NdisReserved: [PVOID; 1],
    /// The slot the driver below writes its context into on initiate success.
    pub MiniportOffloadContext: PVOID,
}

impl NDIS_OFFLOAD_HANDLE {
    /// An all-zero handle, as a new IM entry's handle must be (OP-16).
    pub const ZERO: Self = Self {
        NdisReserved: [core::ptr::null_mut()],
        MiniportOffloadContext: core::ptr::null_mut(),
    };
}

impl Default for NDIS_OFFLOAD_HANDLE {
    fn default() -> Self {
        Self::ZERO
    }
}

/// `PNDIS_OFFLOAD_HANDLE`.
pub type PNDIS_OFFLOAD_HANDLE = *mut NDIS_OFFLOAD_HANDLE;

/// NDIS_OFFLOAD_HANDLE_PRIVATE (ST-6.16): NDIS-internal; not used by the IM.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_OFFLOAD_HANDLE_PRIVATE {
    /// The wrapped handle.
    pub Handle: NDIS_OFFLOAD_HANDLE,
    /// Binding context of the owning protocol.
    pub ProtocolBindingContext: PVOID,
}

/// NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST (ST-6.17): a tree block as the protocol that
/// calls Ndis*Offload sees it. State, if any, follows the block in memory (ST-11.5).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
    /// Type = OFFLOAD_STATE_TYPE of the state; Size ≥ this structure's size.
    pub Header: NDIS_OBJECT_HEADER,
    /// Next sibling at the same layer.
    pub NextBlock: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    /// First child at the next layer up.
    pub DependentBlockList: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    /// Per-block completion status.
    pub Status: NDIS_STATUS,
    /// NDIS-owned; `[2]` is the miniport view's `MiniportOffloadContext` (slot 7).
    pub NdisReserved: [PVOID; 3],
    /// The caller's handle for this object; NULL = placeholder (slot 8).
    pub OffloadHandle: PNDIS_OFFLOAD_HANDLE,
    /// The originating protocol's.
    pub ProtocolReserved: [PVOID; 2],
    /// The target's (or the IM's miniport half's).
    pub MiniportReserved: [PVOID; 2],
    /// Intermediate drivers' (root only, saved and restored).
    pub ImReserved: [PVOID; 2],
    /// The current owner's.
    pub Scratch: [PVOID; 2],
    /// NDIS routing value (root only).
    pub SourceHandle: PVOID,
    /// Adapter port.
    pub PortNumber: NDIS_PORT_NUMBER,
    /// NBL chain carried with the operation, or NULL.
    pub NetBufferListChain: PNET_BUFFER_LIST,
}

/// `PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST`.
pub type PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST = *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;

/// NDIS_MINIPORT_OFFLOAD_BLOCK_LIST (ST-6.22): the same memory as the miniport below
/// sees it (ST-11.1).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
    /// As in the protocol view.
    pub Header: NDIS_OBJECT_HEADER,
    /// Next sibling at the same layer.
    pub NextBlock: *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    /// First child at the next layer up.
    pub DependentBlockList: *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    /// Per-block result written by the callee.
    pub Status: NDIS_STATUS,
    /// NDIS-owned.
    pub NdisReserved: [PVOID; 2],
    /// NULL = placeholder; else the slot holding (or to receive) this layer's context.
    pub MiniportOffloadContext: *mut PVOID,
    /// The caller's `PNDIS_OFFLOAD_HANDLE`, quoted back in indications.
    pub NdisOffloadHandle: NDIS_HANDLE,
    /// Protocol-owned.
    pub ProtocolReserved: [PVOID; 2],
    /// The callee's.
    pub MiniportReserved: [PVOID; 2],
    /// IM-owned.
    pub ImReserved: [PVOID; 2],
    /// The callee's while it owns the block.
    pub Scratch: [PVOID; 2],
    /// NDIS routing value; a target must not change it.
    pub SourceHandle: PVOID,
    /// Adapter port.
    pub PortNumber: NDIS_PORT_NUMBER,
    /// Outstanding send data (initiate down, terminate up), else NULL.
    pub NetBufferListChain: PNET_BUFFER_LIST,
}

/// `PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST`.
pub type PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST = *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;

/// Offset of the context slot (slot 7: protocol `NdisReserved[2]`, miniport
/// `MiniportOffloadContext`).
pub const CONTEXT_SLOT_OFFSET: usize =
    offset_of!(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, MiniportOffloadContext);
/// Offset of the handle slot (slot 8: protocol `OffloadHandle`, miniport `NdisOffloadHandle`).
pub const HANDLE_SLOT_OFFSET: usize =
    offset_of!(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NdisOffloadHandle);

// ST-11.2: the two views overlay slot for slot on every target this builds for.
macro_rules! same_offset {
    ($pf:ident $([$pi:literal])?, $mf:ident) => {
        const _: () = assert!(
            offset_of!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, $pf) $(+ $pi * size_of::<PVOID>())?
                == offset_of!(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, $mf)
        );
    };
}
const _: () = assert!(
    size_of::<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>() == size_of::<NDIS_MINIPORT_OFFLOAD_BLOCK_LIST>()
);
same_offset!(Header, Header);
same_offset!(NextBlock, NextBlock);
same_offset!(DependentBlockList, DependentBlockList);
same_offset!(Status, Status);
same_offset!(NdisReserved, NdisReserved);
same_offset!(NdisReserved[2], MiniportOffloadContext);
same_offset!(OffloadHandle, NdisOffloadHandle);
same_offset!(ProtocolReserved, ProtocolReserved);
same_offset!(MiniportReserved, MiniportReserved);
same_offset!(ImReserved, ImReserved);
same_offset!(Scratch, Scratch);
same_offset!(SourceHandle, SourceHandle);
same_offset!(PortNumber, PortNumber);
same_offset!(NetBufferListChain, NetBufferListChain);
