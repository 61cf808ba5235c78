//! The data-path structures of nbl.h and wdm.h: `MDL`, `NET_BUFFER`,
//! `NET_BUFFER_LIST` with their header unions, `NET_BUFFER_LIST_CONTEXT`, the NBL
//! flag words and the send / send-complete / receive / return flags.
//!
//! Anonymous members are named after the WDK's C++ spelling where one exists
//! (`NetBufferListHeader`, `NetBufferHeader`, `NbDataLength`); the two remaining
//! anonymous members are documented where they are declared. Union members are
//! written directly (safe) and read through the accessors on `NET_BUFFER_LIST` and
//! `NET_BUFFER`.

use core::ptr::null_mut;

use super::base::{
    EPROCESS, MemoryAligned, NDIS_HANDLE, NDIS_PHYSICAL_ADDRESS, NDIS_STATUS,
    NET_BUFFER_SHARED_MEMORY, NULL, PVOID, SCATTER_GATHER_LIST, SLIST_HEADER,
};

/// `CSHORT`: `short`.
pub type CSHORT = i16;

/// `MDL`: one virtually contiguous piece of a buffer chain.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MDL {
    /// Next MDL of the chain.
    pub Next: *mut MDL,
    /// Size of this MDL including its PFN array.
    pub Size: CSHORT,
    /// `MDL_*` flags.
    pub MdlFlags: CSHORT,
    /// Owning process, if any.
    pub Process: *mut EPROCESS,
    /// System address when mapped.
    pub MappedSystemVa: PVOID,
    /// Page-aligned start address.
    pub StartVa: PVOID,
    /// Bytes described.
    pub ByteCount: u32,
    /// Offset of the data in the first page.
    pub ByteOffset: u32,
}

impl Default for MDL {
    fn default() -> Self {
        Self {
            Next: null_mut(),
            Size: 0,
            MdlFlags: 0,
            Process: null_mut(),
            MappedSystemVa: NULL,
            StartVa: NULL,
            ByteCount: 0,
            ByteOffset: 0,
        }
    }
}

/// `PMDL`.
pub type PMDL = *mut MDL;

/// `PNET_BUFFER`.
pub type PNET_BUFFER = *mut NET_BUFFER;
/// `PNET_BUFFER_LIST`: pointer to this module's full `NET_BUFFER_LIST` (a different
/// Rust type from `offload_tree::abi::PNET_BUFFER_LIST`; see [`as_chimney`]).
pub type PNET_BUFFER_LIST = *mut NET_BUFFER_LIST;
/// `PNET_BUFFER_LIST_CONTEXT`.
pub type PNET_BUFFER_LIST_CONTEXT = *mut NET_BUFFER_LIST_CONTEXT;

/// `NET_BUFFER_DATA_LENGTH`: the anonymous `{ ULONG DataLength; SIZE_T stDataLength; }`
/// union inside `NET_BUFFER_DATA`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union NET_BUFFER_DATA_LENGTH {
    /// Bytes of used data in the NET_BUFFER.
    pub DataLength: u32,
    /// The same as a `SIZE_T` (widest member; initialize through it).
    pub stDataLength: usize,
}

/// `NET_BUFFER_DATA`: the data window of a NET_BUFFER.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct NET_BUFFER_DATA {
    /// Next NET_BUFFER of the list.
    pub Next: PNET_BUFFER,
    /// MDL holding the current data start.
    pub CurrentMdl: PMDL,
    /// Offset of the data start in `CurrentMdl`.
    pub CurrentMdlOffset: u32,
    /// The anonymous `DataLength`/`stDataLength` union (`NbDataLength` in C++).
    pub NbDataLength: NET_BUFFER_DATA_LENGTH,
    /// First MDL of the chain.
    pub MdlChain: PMDL,
    /// Offset of the data start from the start of `MdlChain`.
    pub DataOffset: u32,
}

impl Default for NET_BUFFER_DATA {
    fn default() -> Self {
        Self {
            Next: null_mut(),
            CurrentMdl: null_mut(),
            CurrentMdlOffset: 0,
            NbDataLength: NET_BUFFER_DATA_LENGTH { stDataLength: 0 },
            MdlChain: null_mut(),
            DataOffset: 0,
        }
    }
}

/// `NET_BUFFER_HEADER`: `NET_BUFFER_DATA` overlaid with NDIS's free-list link.
#[repr(C)]
#[derive(Clone, Copy)]
pub union NET_BUFFER_HEADER {
    /// The data window.
    pub NetBufferData: NET_BUFFER_DATA,
    /// NDIS pool link.
    pub Link: SLIST_HEADER,
}

/// The trailing anonymous union of NET_BUFFER (NDIS 6.20+): shared-memory segments or
/// the scatter/gather list of the buffer. Named `SgOrSharedMemory` here.
#[repr(C)]
#[derive(Clone, Copy)]
pub union NET_BUFFER_SG_OR_SHARED_MEMORY {
    /// VM-queue shared memory description.
    pub SharedMemoryInfo: *mut NET_BUFFER_SHARED_MEMORY,
    /// Scatter/gather list.
    pub ScatterGatherList: *mut SCATTER_GATHER_LIST,
}

/// `NET_BUFFER`: one packet's data window over an MDL chain (NDIS 6.30 layout).
///
/// 16-aligned on x64 through the SLIST_HEADER in the header union; the three reserved
/// arrays are `DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT)`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct NET_BUFFER {
    /// The anonymous header union (`NetBufferHeader` in C++).
    pub NetBufferHeader: NET_BUFFER_HEADER,
    /// Checksum bias for partial checksum offload.
    pub ChecksumBias: u16,
    /// Reserved.
    pub Reserved: u16,
    /// Pool the NET_BUFFER came from.
    pub NdisPoolHandle: NDIS_HANDLE,
    /// NDIS's scratch.
    pub NdisReserved: MemoryAligned<[PVOID; 2]>,
    /// The current owner protocol's scratch.
    pub ProtocolReserved: MemoryAligned<[PVOID; 6]>,
    /// The current owner miniport's scratch.
    pub MiniportReserved: MemoryAligned<[PVOID; 4]>,
    /// Physical address of the data, when known.
    pub DataPhysicalAddress: NDIS_PHYSICAL_ADDRESS,
    /// The anonymous `SharedMemoryInfo`/`ScatterGatherList` union.
    pub SgOrSharedMemory: NET_BUFFER_SG_OR_SHARED_MEMORY,
}

impl Default for NET_BUFFER {
    fn default() -> Self {
        Self {
            NetBufferHeader: NET_BUFFER_HEADER {
                NetBufferData: NET_BUFFER_DATA::default(),
            },
            ChecksumBias: 0,
            Reserved: 0,
            NdisPoolHandle: NULL,
            NdisReserved: MemoryAligned([NULL; 2]),
            ProtocolReserved: MemoryAligned([NULL; 6]),
            MiniportReserved: MemoryAligned([NULL; 4]),
            DataPhysicalAddress: NDIS_PHYSICAL_ADDRESS::default(),
            SgOrSharedMemory: NET_BUFFER_SG_OR_SHARED_MEMORY {
                ScatterGatherList: null_mut(),
            },
        }
    }
}

impl NET_BUFFER {
    /// The data window (`NET_BUFFER_NEXT_NB`, `NET_BUFFER_CURRENT_MDL`, ... read it).
    #[must_use]
    pub const fn NetBufferData(&self) -> NET_BUFFER_DATA {
        // SAFETY: the members of `NET_BUFFER_DATA` are integers and raw pointers, for
        // which any initialized bit pattern is a value; a NET_BUFFER made by NDIS (FFI
        // memory) or by `Default` (through `NetBufferData`, `stDataLength` included)
        // has every member byte initialized.
        unsafe { self.NetBufferHeader.NetBufferData }
    }

    /// `NET_BUFFER_DATA_LENGTH(nb)`: bytes of used data.
    #[must_use]
    pub const fn DataLength(&self) -> u32 {
        let data = self.NetBufferData();
        // SAFETY: the 4-byte `DataLength` is the low half of `stDataLength`, always
        // initialized (the constructors write `stDataLength`).
        unsafe { data.NbDataLength.DataLength }
    }

    /// Set `NET_BUFFER_DATA_LENGTH(nb)`.
    pub const fn set_DataLength(&mut self, value: u32) {
        self.NetBufferHeader.NetBufferData.NbDataLength.DataLength = value;
    }
}

/// `NET_BUFFER_LIST_CONTEXT`: one block of the per-NBL context stack.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NET_BUFFER_LIST_CONTEXT {
    /// Next (older) context block.
    pub Next: PNET_BUFFER_LIST_CONTEXT,
    /// Bytes of `ContextData`.
    pub Size: u16,
    /// Offset of the used part of `ContextData`.
    pub Offset: u16,
    /// The flexible `DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) UCHAR ContextData[]`.
    pub ContextData: MemoryAligned<[u8; 0]>,
}

/// `NET_BUFFER_LIST_DATA`: the list links of a NET_BUFFER_LIST.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NET_BUFFER_LIST_DATA {
    /// Next NBL of the chain.
    pub Next: PNET_BUFFER_LIST,
    /// First NET_BUFFER of this NBL.
    pub FirstNetBuffer: PNET_BUFFER,
}

/// `NET_BUFFER_LIST_HEADER`: `NET_BUFFER_LIST_DATA` overlaid with NDIS's pool link.
#[repr(C)]
#[derive(Clone, Copy)]
pub union NET_BUFFER_LIST_HEADER {
    /// The list links.
    pub NetBufferListData: NET_BUFFER_LIST_DATA,
    /// NDIS pool link.
    pub Link: SLIST_HEADER,
}

/// `MaxNetBufferListInfo` for NDIS 6.30 headers: nbl.h's `NDIS_NET_BUFFER_LIST_INFO`
/// counts `SwitchForwardingReserved`, `SwitchForwardingDetail` and `VirtualSubnetInfo`
/// only on 64-bit targets, so the array has 24 slots on x64 and 21 on x86.
#[cfg(target_pointer_width = "64")]
pub const MaxNetBufferListInfo: usize = 24;
/// `MaxNetBufferListInfo` for NDIS 6.30 headers: 24 on x64, 21 on x86 (see the x64
/// documentation of this constant).
#[cfg(not(target_pointer_width = "64"))]
pub const MaxNetBufferListInfo: usize = 21;

/// `NET_BUFFER_LIST` (NDIS 6.30 layout): 336 bytes on x64, 168 on x86.
///
/// `Status` is, in current headers, an anonymous union with `ULONG NdisReserved2`
/// (same 4 bytes); it is held here as the `NDIS_STATUS` member.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct NET_BUFFER_LIST {
    /// The anonymous header union (`NetBufferListHeader` in C++).
    pub NetBufferListHeader: NET_BUFFER_LIST_HEADER,
    /// Context stack.
    pub Context: PNET_BUFFER_LIST_CONTEXT,
    /// Parent of a cloned or fragmented NBL.
    pub ParentNetBufferList: PNET_BUFFER_LIST,
    /// Pool the NBL came from.
    pub NdisPoolHandle: NDIS_HANDLE,
    /// NDIS's scratch.
    pub NdisReserved: MemoryAligned<[PVOID; 2]>,
    /// The current owner protocol's scratch.
    pub ProtocolReserved: MemoryAligned<[PVOID; 4]>,
    /// The current owner miniport's scratch.
    pub MiniportReserved: MemoryAligned<[PVOID; 2]>,
    /// Scratch for the current owner.
    pub Scratch: PVOID,
    /// Handle of the driver that sent or indicated the NBL (NDIS uses it to route
    /// completions).
    pub SourceHandle: NDIS_HANDLE,
    /// `NDIS_NBL_FLAGS_*`.
    pub NblFlags: u32,
    /// Outstanding clones.
    pub ChildRefCount: i32,
    /// `NBL_FLAGS_*` (owner-private bits).
    pub Flags: u32,
    /// Completion status (`NdisReserved2` aliases it).
    pub Status: NDIS_STATUS,
    /// Out-of-band slots, indexed by `NDIS_NET_BUFFER_LIST_INFO`.
    pub NetBufferListInfo: [PVOID; MaxNetBufferListInfo],
}

impl Default for NET_BUFFER_LIST {
    fn default() -> Self {
        Self {
            NetBufferListHeader: NET_BUFFER_LIST_HEADER {
                NetBufferListData: NET_BUFFER_LIST_DATA {
                    Next: null_mut(),
                    FirstNetBuffer: null_mut(),
                },
            },
            Context: null_mut(),
            ParentNetBufferList: null_mut(),
            NdisPoolHandle: NULL,
            NdisReserved: MemoryAligned([NULL; 2]),
            ProtocolReserved: MemoryAligned([NULL; 4]),
            MiniportReserved: MemoryAligned([NULL; 2]),
            Scratch: NULL,
            SourceHandle: NULL,
            NblFlags: 0,
            ChildRefCount: 0,
            Flags: 0,
            Status: 0,
            NetBufferListInfo: [NULL; MaxNetBufferListInfo],
        }
    }
}

impl NET_BUFFER_LIST {
    /// The list links (`NET_BUFFER_LIST_NEXT_NBL`, `NET_BUFFER_LIST_FIRST_NB`).
    #[must_use]
    pub const fn NetBufferListData(&self) -> NET_BUFFER_LIST_DATA {
        // SAFETY: both union members are exactly the header's size (16/8 bytes) of
        // pointers and integers, so the bytes are always initialized and any bit
        // pattern is a valid pair of pointers.
        unsafe { self.NetBufferListHeader.NetBufferListData }
    }

    /// `NET_BUFFER_LIST_NEXT_NBL(nbl)`.
    #[must_use]
    pub const fn Next(&self) -> PNET_BUFFER_LIST {
        self.NetBufferListData().Next
    }

    /// Set `NET_BUFFER_LIST_NEXT_NBL(nbl)`.
    pub const fn set_Next(&mut self, next: PNET_BUFFER_LIST) {
        self.NetBufferListHeader.NetBufferListData.Next = next;
    }

    /// `NET_BUFFER_LIST_FIRST_NB(nbl)`.
    #[must_use]
    pub const fn FirstNetBuffer(&self) -> PNET_BUFFER {
        self.NetBufferListData().FirstNetBuffer
    }

    /// Set `NET_BUFFER_LIST_FIRST_NB(nbl)`.
    pub const fn set_FirstNetBuffer(&mut self, first: PNET_BUFFER) {
        self.NetBufferListHeader.NetBufferListData.FirstNetBuffer = first;
    }

    /// `NdisReserved2`: the `ULONG` view of `Status`.
    #[must_use]
    #[expect(
        clippy::cast_sign_loss,
        reason = "NdisReserved2 is the ULONG view of the same 4 bytes as Status"
    )]
    pub const fn NdisReserved2(&self) -> u32 {
        self.Status as u32
    }
}

/// This module's NBL pointer as the opaque `NET_BUFFER_LIST` pointer that the
/// ndischimney.h signatures in `offload_tree::abi` take.
#[must_use]
pub const fn as_chimney(nbl: PNET_BUFFER_LIST) -> offload_tree::abi::PNET_BUFFER_LIST {
    nbl.cast()
}

/// An NBL pointer received through an `offload_tree::abi` signature as this module's
/// full `NET_BUFFER_LIST`.
#[must_use]
pub const fn from_chimney(nbl: offload_tree::abi::PNET_BUFFER_LIST) -> PNET_BUFFER_LIST {
    nbl.cast()
}

// NET_BUFFER_LIST::Flags (NDIS 6.30 split of the word).
/// `NBL_FLAGS_PROTOCOL_RESERVED` (bits 0..1 are protocol bits from NDIS 6.30 on).
pub const NBL_FLAGS_PROTOCOL_RESERVED: u32 = 0xFFF0_0003;
/// `NBL_FLAGS_MINIPORT_RESERVED`.
pub const NBL_FLAGS_MINIPORT_RESERVED: u32 = 0x0000_F000;
/// `NBL_FLAGS_SCRATCH`.
pub const NBL_FLAGS_SCRATCH: u32 = 0x000F_0000;
/// `NBL_FLAGS_NDIS_RESERVED`.
pub const NBL_FLAGS_NDIS_RESERVED: u32 = 0x0000_0FFC;

// NET_BUFFER_LIST::NblFlags.
/// `NDIS_NBL_FLAGS_SEND_READ_ONLY`.
pub const NDIS_NBL_FLAGS_SEND_READ_ONLY: u32 = 0x0000_0001;
/// `NDIS_NBL_FLAGS_RECV_READ_ONLY`.
pub const NDIS_NBL_FLAGS_RECV_READ_ONLY: u32 = 0x0000_0002;
/// `NDIS_NBL_FLAGS_HD_SPLIT`.
pub const NDIS_NBL_FLAGS_HD_SPLIT: u32 = 0x0000_0100;
/// `NDIS_NBL_FLAGS_IS_IPV4`.
pub const NDIS_NBL_FLAGS_IS_IPV4: u32 = 0x0000_0200;
/// `NDIS_NBL_FLAGS_IS_IPV6`.
pub const NDIS_NBL_FLAGS_IS_IPV6: u32 = 0x0000_0400;
/// `NDIS_NBL_FLAGS_IS_TCP`.
pub const NDIS_NBL_FLAGS_IS_TCP: u32 = 0x0000_0800;
/// `NDIS_NBL_FLAGS_IS_UDP`.
pub const NDIS_NBL_FLAGS_IS_UDP: u32 = 0x0000_1000;
/// `NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_HEADER`.
pub const NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_HEADER: u32 = 0x0000_2000;
/// `NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_PAYLOAD`.
pub const NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_PAYLOAD: u32 = 0x0000_4000;
/// `NDIS_NBL_FLAGS_IS_LOOPBACK_PACKET`.
pub const NDIS_NBL_FLAGS_IS_LOOPBACK_PACKET: u32 = 0x0000_8000;

// SendFlags of NdisSendNetBufferLists / MINIPORT_SEND_NET_BUFFER_LISTS.
/// `NDIS_SEND_FLAGS_DISPATCH_LEVEL`: the caller runs at DISPATCH_LEVEL.
pub const NDIS_SEND_FLAGS_DISPATCH_LEVEL: u32 = 0x0000_0001;
/// `NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK`.
pub const NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK: u32 = 0x0000_0002;
/// `NDIS_SEND_FLAGS_SINGLE_QUEUE` (NDIS 6.20).
pub const NDIS_SEND_FLAGS_SINGLE_QUEUE: u32 = 0x0000_0004;
/// `NDIS_SEND_FLAGS_SWITCH_DESTINATION_GROUP` (NDIS 6.30).
pub const NDIS_SEND_FLAGS_SWITCH_DESTINATION_GROUP: u32 = 0x0000_0010;
/// `NDIS_SEND_FLAGS_SWITCH_SINGLE_SOURCE` (NDIS 6.30).
pub const NDIS_SEND_FLAGS_SWITCH_SINGLE_SOURCE: u32 = 0x0000_0020;

// SendCompleteFlags of NdisMSendNetBufferListsComplete / PROTOCOL_SEND_..._COMPLETE.
/// `NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL`.
pub const NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL: u32 = 0x0000_0001;
/// `NDIS_SEND_COMPLETE_FLAGS_SINGLE_QUEUE` (NDIS 6.20).
pub const NDIS_SEND_COMPLETE_FLAGS_SINGLE_QUEUE: u32 = 0x0000_0002;
/// `NDIS_SEND_COMPLETE_FLAGS_SWITCH_SINGLE_SOURCE` (NDIS 6.30).
pub const NDIS_SEND_COMPLETE_FLAGS_SWITCH_SINGLE_SOURCE: u32 = 0x0000_0004;

// ReceiveFlags of NdisMIndicateReceiveNetBufferLists / PROTOCOL_RECEIVE_....
/// `NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL`.
pub const NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL: u32 = 0x0000_0001;
/// `NDIS_RECEIVE_FLAGS_RESOURCES`: the NBLs must be copied; they return on return.
pub const NDIS_RECEIVE_FLAGS_RESOURCES: u32 = 0x0000_0002;
/// `NDIS_RECEIVE_FLAGS_SINGLE_ETHER_TYPE`.
pub const NDIS_RECEIVE_FLAGS_SINGLE_ETHER_TYPE: u32 = 0x0000_0100;
/// `NDIS_RECEIVE_FLAGS_SINGLE_VLAN`.
pub const NDIS_RECEIVE_FLAGS_SINGLE_VLAN: u32 = 0x0000_0200;
/// `NDIS_RECEIVE_FLAGS_PERFECT_FILTERED`.
pub const NDIS_RECEIVE_FLAGS_PERFECT_FILTERED: u32 = 0x0000_0400;
/// `NDIS_RECEIVE_FLAGS_SINGLE_QUEUE` (NDIS 6.20).
pub const NDIS_RECEIVE_FLAGS_SINGLE_QUEUE: u32 = 0x0000_0800;
/// `NDIS_RECEIVE_FLAGS_SHARED_MEMORY_INFO_VALID` (NDIS 6.20).
pub const NDIS_RECEIVE_FLAGS_SHARED_MEMORY_INFO_VALID: u32 = 0x0000_1000;
/// `NDIS_RECEIVE_FLAGS_MORE_NBLS` (NDIS 6.20).
pub const NDIS_RECEIVE_FLAGS_MORE_NBLS: u32 = 0x0000_2000;
/// `NDIS_RECEIVE_FLAGS_SWITCH_DESTINATION_GROUP` (NDIS 6.30).
pub const NDIS_RECEIVE_FLAGS_SWITCH_DESTINATION_GROUP: u32 = 0x0000_4000;
/// `NDIS_RECEIVE_FLAGS_SWITCH_SINGLE_SOURCE` (NDIS 6.30).
pub const NDIS_RECEIVE_FLAGS_SWITCH_SINGLE_SOURCE: u32 = 0x0000_8000;

// ReturnFlags of NdisReturnNetBufferLists / MINIPORT_RETURN_NET_BUFFER_LISTS.
/// `NDIS_RETURN_FLAGS_DISPATCH_LEVEL`.
pub const NDIS_RETURN_FLAGS_DISPATCH_LEVEL: u32 = 0x0000_0001;
/// `NDIS_RETURN_FLAGS_SINGLE_QUEUE` (NDIS 6.20).
pub const NDIS_RETURN_FLAGS_SINGLE_QUEUE: u32 = 0x0000_0002;
/// `NDIS_RETURN_FLAGS_SWITCH_SINGLE_SOURCE` (NDIS 6.30).
pub const NDIS_RETURN_FLAGS_SWITCH_SINGLE_SOURCE: u32 = 0x0000_0004;
