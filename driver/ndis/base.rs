//! Scalar types, the kernel's list heads, strings and 64-bit unions, the alignment
//! wrapper for `DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT)` members, the interface
//! enumerations NDIS structures carry, and the structures this module only points to.
//!
//! Every 64-bit member uses an 8-aligned type (`ULONG64`, [`LONGLONG`], the unions
//! built on them) because MSVC aligns 64-bit members to 8 on x86 too, while Rust's
//! `u64` is only 4-aligned on `i686-unknown-linux-gnu` (structures.md ST-1.1).

use core::ffi::c_void;
use core::ptr::null_mut;

use super::pnp::NDIS_DEVICE_POWER_STATE;

pub use offload_tree::abi::{
    NDIS_DEFAULT_PORT_NUMBER, NDIS_HANDLE, NDIS_OBJECT_HEADER, NDIS_PORT_NUMBER, NDIS_STATUS,
    PVOID, ULONG64,
};

/// `BOOLEAN`: `UCHAR`, 0 = FALSE.
pub type BOOLEAN = u8;
/// `PBOOLEAN`.
pub type PBOOLEAN = *mut BOOLEAN;
/// `ULONG_PTR`: pointer-sized unsigned integer.
pub type ULONG_PTR = usize;
/// `SIZE_T`.
pub type SIZE_T = usize;
/// `WCHAR`: UTF-16 code unit.
pub type WCHAR = u16;
/// `NDIS_OID`: `ULONG`.
pub type NDIS_OID = u32;
/// `PNDIS_OID`.
pub type PNDIS_OID = *mut NDIS_OID;
/// `NET_IFINDEX`: `ULONG`.
pub type NET_IFINDEX = u32;
/// `NET_IFTYPE`: `USHORT` (IANA ifType).
pub type NET_IFTYPE = u16;
/// `IF_TYPE_ETHERNET_CSMACD`: the `NET_IFTYPE` of an Ethernet interface.
pub const IF_TYPE_ETHERNET_CSMACD: NET_IFTYPE = 6;
/// `NET_IF_COMPARTMENT_ID`: `UINT32`.
pub type NET_IF_COMPARTMENT_ID = u32;
/// `NET_FRAME_TYPE`: `USHORT`.
pub type NET_FRAME_TYPE = u16;
/// `PNET_FRAME_TYPE`.
pub type PNET_FRAME_TYPE = *mut NET_FRAME_TYPE;
/// `PUCHAR`.
pub type PUCHAR = *mut u8;
/// `PUINT`.
pub type PUINT = *mut u32;

/// `NDIS_MAX_PHYS_ADDRESS_LENGTH` (= `IF_MAX_PHYS_ADDRESS_LENGTH`): MAC address arrays.
pub const NDIS_MAX_PHYS_ADDRESS_LENGTH: usize = 32;
/// `NDIS_OBJECT_REVISION_1`.
pub const NDIS_OBJECT_REVISION_1: u8 = 1;

/// `MEMORY_ALLOCATION_ALIGNMENT`: 16 on 64-bit Windows, 8 on 32-bit.
pub const MEMORY_ALLOCATION_ALIGNMENT: usize = if cfg!(target_pointer_width = "64") {
    16
} else {
    8
};

/// A member declared `DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) T`: `T` placed at a
/// 16-byte (64-bit) or 8-byte (32-bit) boundary. The wrapper only adds alignment; for
/// every use here `size_of::<T>()` is already a multiple of it, except the 0- and
/// 1-byte trailing arrays, whose padding the C compiler adds to the structure anyway.
#[repr(C)]
#[cfg_attr(target_pointer_width = "64", repr(align(16)))]
#[cfg_attr(not(target_pointer_width = "64"), repr(align(8)))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryAligned<T>(pub T);

/// `LONGLONG` / `LONG64` as a structure member: 8-aligned on every target.
#[repr(C, align(8))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LONGLONG(pub i64);

/// The `{ LowPart; HighPart; }` view of [`LARGE_INTEGER`] (its `u` member).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LARGE_INTEGER_PARTS {
    /// Low 32 bits.
    pub LowPart: u32,
    /// High 32 bits.
    pub HighPart: i32,
}

/// `LARGE_INTEGER`: a signed 64-bit value, 8-aligned on x86 too. The WDK's anonymous
/// `{ LowPart; HighPart; }` struct is the same storage as `u`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union LARGE_INTEGER {
    /// Split view.
    pub u: LARGE_INTEGER_PARTS,
    /// Whole value.
    pub QuadPart: LONGLONG,
}

impl Default for LARGE_INTEGER {
    fn default() -> Self {
        Self {
            QuadPart: LONGLONG(0),
        }
    }
}

/// `PHYSICAL_ADDRESS`.
pub type PHYSICAL_ADDRESS = LARGE_INTEGER;
/// `NDIS_PHYSICAL_ADDRESS`.
pub type NDIS_PHYSICAL_ADDRESS = PHYSICAL_ADDRESS;

/// `NET_LUID_LH` (`NET_LUID`): a union of `ULONG64 Value` and the bit-field view `Info`
/// (`Reserved:24, NetLuidIndex:24, IfType:16` in one `ULONG64`). Both are the same
/// 8 bytes, held here in [`Value`](Self::Value) and read through the accessors.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NET_LUID_LH {
    /// The whole LUID (also the `Info` bit-field unit).
    pub Value: ULONG64,
}

impl NET_LUID_LH {
    /// `Info.Reserved : 24` (bits 0..24).
    #[must_use]
    pub const fn Reserved(&self) -> u64 {
        self.Value.0 & 0xFF_FFFF
    }
    /// `Info.NetLuidIndex : 24` (bits 24..48).
    #[must_use]
    pub const fn NetLuidIndex(&self) -> u64 {
        (self.Value.0 >> 24) & 0xFF_FFFF
    }
    /// `Info.IfType : 16` (bits 48..64).
    #[must_use]
    pub const fn IfType(&self) -> u64 {
        self.Value.0 >> 48
    }
}

/// `NET_LUID`.
pub type NET_LUID = NET_LUID_LH;

/// `GUID`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct GUID {
    /// First 32 bits.
    pub Data1: u32,
    /// Next 16 bits.
    pub Data2: u16,
    /// Next 16 bits.
    pub Data3: u16,
    /// Last 8 bytes.
    pub Data4: [u8; 8],
}

/// `UNICODE_STRING`: counted UTF-16 string (lengths in bytes, not NUL-terminated).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UNICODE_STRING {
    /// Bytes used.
    pub Length: u16,
    /// Bytes allocated.
    pub MaximumLength: u16,
    /// The characters.
    pub Buffer: *mut WCHAR,
}

impl Default for UNICODE_STRING {
    fn default() -> Self {
        Self {
            Length: 0,
            MaximumLength: 0,
            Buffer: null_mut(),
        }
    }
}

/// `PUNICODE_STRING`.
pub type PUNICODE_STRING = *mut UNICODE_STRING;
/// `NDIS_STRING`: `UNICODE_STRING`.
pub type NDIS_STRING = UNICODE_STRING;

/// ASCII text as the UTF-16 units of an NDIS_STRING (one unit per byte; a shorter
/// text leaves the rest 0, a longer one is cut).
#[must_use]
pub const fn ascii_utf16<const LEN: usize>(ascii: &[u8]) -> [u16; LEN] {
    let mut out = [0u16; LEN];
    let mut i = 0;
    while i < LEN && i < ascii.len() {
        out[i] = ascii[i] as u16;
        i += 1;
    }
    out
}
/// `PNDIS_STRING`.
pub type PNDIS_STRING = *mut NDIS_STRING;

/// `LIST_ENTRY`: doubly linked list link.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LIST_ENTRY {
    /// Next entry.
    pub Flink: *mut LIST_ENTRY,
    /// Previous entry.
    pub Blink: *mut LIST_ENTRY,
}

impl Default for LIST_ENTRY {
    fn default() -> Self {
        Self {
            Flink: null_mut(),
            Blink: null_mut(),
        }
    }
}

/// `SINGLE_LIST_ENTRY`: singly linked list link.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SINGLE_LIST_ENTRY {
    /// Next entry.
    pub Next: *mut SINGLE_LIST_ENTRY,
}

impl Default for SINGLE_LIST_ENTRY {
    fn default() -> Self {
        Self { Next: null_mut() }
    }
}

/// The `{ Alignment; Region; }` view of the 64-bit [`SLIST_HEADER`].
#[cfg(target_pointer_width = "64")]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SLIST_HEADER_WORDS {
    /// First 8 bytes (Depth:16, Sequence, NextEntry bit-fields).
    pub Alignment: ULONG64,
    /// Second 8 bytes (HeaderType, Region, NextEntry bit-fields).
    pub Region: ULONG64,
}

/// `SLIST_HEADER` (64-bit): a 16-byte, **16-aligned** union. Its `Header8`/`HeaderX64`
/// bit-field views overlay the same two words and are not modelled (the driver never
/// touches an interlocked list head; NDIS does). The alignment makes every structure
/// that embeds it (NET_BUFFER_LIST, NET_BUFFER) 16-aligned.
#[cfg(target_pointer_width = "64")]
#[repr(C, align(16))]
#[derive(Clone, Copy)]
pub union SLIST_HEADER {
    /// The anonymous `{ ULONGLONG Alignment; ULONGLONG Region; }` member.
    pub s: SLIST_HEADER_WORDS,
}

/// The `{ Next; Depth; CpuId; }` view of the 32-bit [`SLIST_HEADER`].
#[cfg(not(target_pointer_width = "64"))]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SLIST_HEADER_LIST {
    /// First entry.
    pub Next: SINGLE_LIST_ENTRY,
    /// Entries in the list.
    pub Depth: u16,
    /// `CpuId` in current WDKs (`Sequence` in older headers and in mingw-w64).
    pub CpuId: u16,
}

/// `SLIST_HEADER` (32-bit): an 8-byte, 8-aligned union of `ULONGLONG Alignment` and
/// `{ SLIST_ENTRY Next; USHORT Depth; USHORT CpuId; }`.
#[cfg(not(target_pointer_width = "64"))]
#[repr(C)]
#[derive(Clone, Copy)]
pub union SLIST_HEADER {
    /// The whole header.
    pub Alignment: ULONG64,
    /// The anonymous list view.
    pub s: SLIST_HEADER_LIST,
}

impl Default for SLIST_HEADER {
    #[cfg(target_pointer_width = "64")]
    fn default() -> Self {
        Self {
            s: SLIST_HEADER_WORDS::default(),
        }
    }
    #[cfg(not(target_pointer_width = "64"))]
    fn default() -> Self {
        Self {
            Alignment: ULONG64(0),
        }
    }
}

/// `PSLIST_HEADER`.
pub type PSLIST_HEADER = *mut SLIST_HEADER;

/// An untyped null `PVOID`.
pub(crate) const NULL: PVOID = null_mut::<c_void>();

ndis_enum! {
    /// `NDIS_MEDIUM`.
    NDIS_MEDIUM {
        /// Ethernet.
        NdisMedium802_3 = 0,
        /// Token ring.
        NdisMedium802_5 = 1,
        /// FDDI.
        NdisMediumFddi = 2,
        /// WAN.
        NdisMediumWan = 3,
        /// LocalTalk.
        NdisMediumLocalTalk = 4,
        /// Ethernet (DIX header).
        NdisMediumDix = 5,
        /// ARCNET raw.
        NdisMediumArcnetRaw = 6,
        /// ARCNET 878.2.
        NdisMediumArcnet878_2 = 7,
        /// ATM.
        NdisMediumAtm = 8,
        /// Wireless WAN.
        NdisMediumWirelessWan = 9,
        /// IrDA.
        NdisMediumIrda = 10,
        /// Broadcast PC.
        NdisMediumBpc = 11,
        /// Connection-oriented WAN.
        NdisMediumCoWan = 12,
        /// IEEE 1394.
        NdisMedium1394 = 13,
        /// InfiniBand.
        NdisMediumInfiniBand = 14,
        /// Tunnel.
        NdisMediumTunnel = 15,
        /// Native 802.11.
        NdisMediumNative802_11 = 16,
        /// Loopback.
        NdisMediumLoopback = 17,
        /// WiMAX.
        NdisMediumWiMAX = 18,
        /// Raw IP.
        NdisMediumIP = 19,
        /// Bound (NDIS 6.30 headers).
        NdisMediumMax = 20,
    }
}

/// `PNDIS_MEDIUM`.
pub type PNDIS_MEDIUM = *mut NDIS_MEDIUM;

ndis_enum! {
    /// `NDIS_PHYSICAL_MEDIUM`.
    NDIS_PHYSICAL_MEDIUM {
        /// Not specified.
        NdisPhysicalMediumUnspecified = 0,
        /// Wireless LAN.
        NdisPhysicalMediumWirelessLan = 1,
        /// Cable modem.
        NdisPhysicalMediumCableModem = 2,
        /// Phone line.
        NdisPhysicalMediumPhoneLine = 3,
        /// Power line.
        NdisPhysicalMediumPowerLine = 4,
        /// DSL.
        NdisPhysicalMediumDSL = 5,
        /// Fibre Channel.
        NdisPhysicalMediumFibreChannel = 6,
        /// IEEE 1394.
        NdisPhysicalMedium1394 = 7,
        /// Wireless WAN.
        NdisPhysicalMediumWirelessWan = 8,
        /// Native 802.11.
        NdisPhysicalMediumNative802_11 = 9,
        /// Bluetooth.
        NdisPhysicalMediumBluetooth = 10,
        /// InfiniBand.
        NdisPhysicalMediumInfiniband = 11,
        /// WiMAX.
        NdisPhysicalMediumWiMax = 12,
        /// Ultra-wideband.
        NdisPhysicalMediumUWB = 13,
        /// Ethernet.
        NdisPhysicalMedium802_3 = 14,
        /// Token ring.
        NdisPhysicalMedium802_5 = 15,
        /// IrDA.
        NdisPhysicalMediumIrda = 16,
        /// Wired WAN.
        NdisPhysicalMediumWiredWAN = 17,
        /// Wired connection-oriented WAN.
        NdisPhysicalMediumWiredCoWan = 18,
        /// Other.
        NdisPhysicalMediumOther = 19,
        /// Bound (NDIS 6.30 headers).
        NdisPhysicalMediumMax = 20,
    }
}

ndis_enum! {
    /// `NET_IF_MEDIA_CONNECT_STATE` (= `NDIS_MEDIA_CONNECT_STATE`).
    NET_IF_MEDIA_CONNECT_STATE {
        /// Unknown.
        MediaConnectStateUnknown = 0,
        /// Connected.
        MediaConnectStateConnected = 1,
        /// Disconnected.
        MediaConnectStateDisconnected = 2,
    }
}

/// `NDIS_MEDIA_CONNECT_STATE`.
pub type NDIS_MEDIA_CONNECT_STATE = NET_IF_MEDIA_CONNECT_STATE;

ndis_enum! {
    /// `NET_IF_MEDIA_DUPLEX_STATE` (= `NDIS_MEDIA_DUPLEX_STATE`).
    NET_IF_MEDIA_DUPLEX_STATE {
        /// Unknown.
        MediaDuplexStateUnknown = 0,
        /// Half duplex.
        MediaDuplexStateHalf = 1,
        /// Full duplex.
        MediaDuplexStateFull = 2,
    }
}

/// `NDIS_MEDIA_DUPLEX_STATE`.
pub type NDIS_MEDIA_DUPLEX_STATE = NET_IF_MEDIA_DUPLEX_STATE;

ndis_enum! {
    /// `NET_IF_ACCESS_TYPE`.
    NET_IF_ACCESS_TYPE {
        /// Loopback.
        NET_IF_ACCESS_LOOPBACK = 1,
        /// Broadcast (Ethernet).
        NET_IF_ACCESS_BROADCAST = 2,
        /// Point to point.
        NET_IF_ACCESS_POINT_TO_POINT = 3,
        /// Point to multipoint.
        NET_IF_ACCESS_POINT_TO_MULTI_POINT = 4,
        /// Bound.
        NET_IF_ACCESS_MAXIMUM = 5,
    }
}

ndis_enum! {
    /// `NET_IF_DIRECTION_TYPE`.
    NET_IF_DIRECTION_TYPE {
        /// Send and receive.
        NET_IF_DIRECTION_SENDRECEIVE = 0,
        /// Send only.
        NET_IF_DIRECTION_SENDONLY = 1,
        /// Receive only.
        NET_IF_DIRECTION_RECEIVEONLY = 2,
        /// Bound.
        NET_IF_DIRECTION_MAXIMUM = 3,
    }
}

ndis_enum! {
    /// `NET_IF_CONNECTION_TYPE`.
    NET_IF_CONNECTION_TYPE {
        /// Always connected.
        NET_IF_CONNECTION_DEDICATED = 1,
        /// Passive.
        NET_IF_CONNECTION_PASSIVE = 2,
        /// Demand dial.
        NET_IF_CONNECTION_DEMAND = 3,
        /// Bound.
        NET_IF_CONNECTION_MAXIMUM = 4,
    }
}

ndis_enum! {
    /// `NDIS_SUPPORTED_PAUSE_FUNCTIONS`.
    NDIS_SUPPORTED_PAUSE_FUNCTIONS {
        /// No pause frames.
        NdisPauseFunctionsUnsupported = 0,
        /// Send only.
        NdisPauseFunctionsSendOnly = 1,
        /// Receive only.
        NdisPauseFunctionsReceiveOnly = 2,
        /// Both directions.
        NdisPauseFunctionsSendAndReceive = 3,
        /// Unknown.
        NdisPauseFunctionsUnknown = 4,
    }
}

ndis_enum! {
    /// `NDIS_INTERFACE_TYPE` (values of the kernel's `INTERFACE_TYPE`).
    NDIS_INTERFACE_TYPE {
        /// Internal (virtual adapters).
        NdisInterfaceInternal = 0,
        /// ISA.
        NdisInterfaceIsa = 1,
        /// EISA.
        NdisInterfaceEisa = 2,
        /// MCA.
        NdisInterfaceMca = 3,
        /// TurboChannel.
        NdisInterfaceTurboChannel = 4,
        /// PCI.
        NdisInterfacePci = 5,
        /// PCMCIA.
        NdisInterfacePcMcia = 8,
        /// CBus.
        NdisInterfaceCBus = 9,
        /// MPI bus.
        NdisInterfaceMPIBus = 10,
        /// MPSA bus.
        NdisInterfaceMPSABus = 11,
        /// Processor internal.
        NdisInterfaceProcessorInternal = 12,
        /// Internal power bus.
        NdisInterfaceInternalPowerBus = 13,
        /// PnP ISA.
        NdisInterfacePNPISABus = 14,
        /// PnP bus.
        NdisInterfacePNPBus = 15,
        /// USB.
        NdisInterfaceUSB = 16,
        /// IrDA.
        NdisInterfaceIrda = 17,
        /// IEEE 1394.
        NdisInterface1394 = 18,
        /// Bound.
        NdisMaximumInterfaceType = 19,
    }
}

opaque! {
    /// `DRIVER_OBJECT`.
    DRIVER_OBJECT,
    /// `DEVICE_OBJECT`.
    DEVICE_OBJECT,
    /// `EPROCESS`.
    EPROCESS,
    /// `SCATTER_GATHER_LIST`.
    SCATTER_GATHER_LIST,
    /// `NET_BUFFER_SHARED_MEMORY` (NDIS 6.20 VM queues).
    NET_BUFFER_SHARED_MEMORY,
    /// `NDIS_PORT`.
    NDIS_PORT,
    /// `NDIS_HD_SPLIT_CURRENT_CONFIG`.
    NDIS_HD_SPLIT_CURRENT_CONFIG,
    /// `NDIS_RECEIVE_FILTER_CAPABILITIES`.
    NDIS_RECEIVE_FILTER_CAPABILITIES,
    /// `NDIS_NIC_SWITCH_CAPABILITIES`.
    NDIS_NIC_SWITCH_CAPABILITIES,
    /// `NDIS_NDK_CAPABILITIES`.
    NDIS_NDK_CAPABILITIES,
    /// `NDIS_SRIOV_CAPABILITIES`.
    NDIS_SRIOV_CAPABILITIES,
    /// `NDIS_NIC_SWITCH_INFO_ARRAY`.
    NDIS_NIC_SWITCH_INFO_ARRAY,
    /// `CM_PARTIAL_RESOURCE_LIST` (`NDIS_RESOURCE_LIST`).
    CM_PARTIAL_RESOURCE_LIST,
    /// `NDIS_PORT_AUTHENTICATION_PARAMETERS`.
    NDIS_PORT_AUTHENTICATION_PARAMETERS,
    /// `NDIS_PCI_DEVICE_CUSTOM_PROPERTIES`.
    NDIS_PCI_DEVICE_CUSTOM_PROPERTIES,
}

/// `NDIS_RESOURCE_LIST`: `CM_PARTIAL_RESOURCE_LIST`.
pub type NDIS_RESOURCE_LIST = CM_PARTIAL_RESOURCE_LIST;
/// `PDRIVER_OBJECT`.
pub type PDRIVER_OBJECT = *mut DRIVER_OBJECT;
/// `PDEVICE_OBJECT`.
pub type PDEVICE_OBJECT = *mut DEVICE_OBJECT;

/// `NDIS_PM_WAKE_UP_CAPABILITIES`: the lowest device power state from which each kind
/// of wake-up still works (`NdisDeviceStateUnspecified`: none).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_PM_WAKE_UP_CAPABILITIES {
    /// Magic packet.
    pub MinMagicPacketWakeUp: NDIS_DEVICE_POWER_STATE,
    /// Pattern match.
    pub MinPatternWakeUp: NDIS_DEVICE_POWER_STATE,
    /// Link change.
    pub MinLinkChangeWakeUp: NDIS_DEVICE_POWER_STATE,
}

/// `NDIS_PNP_CAPABILITIES`: the `OID_PNP_CAPABILITIES` payload and the pre-6.20 power
/// capabilities.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_PNP_CAPABILITIES {
    /// `NDIS_DEVICE_WAKE_UP_ENABLE` (set by NDIS, not by miniports).
    pub Flags: u32,
    /// Wake-up capabilities.
    pub WakeUpCapabilities: NDIS_PM_WAKE_UP_CAPABILITIES,
}

/// `NDIS_PM_CAPABILITIES` (NDIS 6.20 power capabilities; revision 2 adds the two
/// wake-up event masks of NDIS 6.30).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_PM_CAPABILITIES {
    /// Type `NDIS_OBJECT_TYPE_DEFAULT`, revision 1 or 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// `NDIS_PM_*_SUPPORTED` flags.
    pub Flags: u32,
    /// `NDIS_PM_WOL_*_SUPPORTED`.
    pub SupportedWoLPacketPatterns: u32,
    /// Patterns of all kinds the NIC holds.
    pub NumTotalWoLPatterns: u32,
    /// Largest pattern.
    pub MaxWoLPatternSize: u32,
    /// Furthest byte a pattern may examine.
    pub MaxWoLPatternOffset: u32,
    /// Bytes of a wake packet the NIC saves.
    pub MaxWoLPacketSaveBuffer: u32,
    /// `NDIS_PM_PROTOCOL_OFFLOAD_*_SUPPORTED`.
    pub SupportedProtocolOffloads: u32,
    /// ARP offload addresses.
    pub NumArpOffloadIPv4Addresses: u32,
    /// NS offload addresses.
    pub NumNSOffloadIPv6Addresses: u32,
    /// Magic-packet wake-up floor.
    pub MinMagicPacketWakeUp: NDIS_DEVICE_POWER_STATE,
    /// Pattern wake-up floor.
    pub MinPatternWakeUp: NDIS_DEVICE_POWER_STATE,
    /// Link-change wake-up floor.
    pub MinLinkChangeWakeUp: NDIS_DEVICE_POWER_STATE,
    /// `NDIS_PM_WAKE_ON_*_SUPPORTED` (revision 2).
    pub SupportedWakeUpEvents: u32,
    /// Media-specific wake-up events (revision 2).
    pub MediaSpecificWakeUpEvents: u32,
}

/// `NDIS_PM_CAPABILITIES_REVISION_1` (NDIS 6.20).
pub const NDIS_PM_CAPABILITIES_REVISION_1: u8 = 1;
/// `NDIS_PM_CAPABILITIES_REVISION_2` (NDIS 6.30).
pub const NDIS_PM_CAPABILITIES_REVISION_2: u8 = 2;
/// `NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1`: through `MinLinkChangeWakeUp`.
pub const NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1: u16 = offload_tree::sizeof_through_field!(NDIS_PM_CAPABILITIES, MinLinkChangeWakeUp: NDIS_DEVICE_POWER_STATE)
    as u16;
/// `NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2`: through `MediaSpecificWakeUpEvents`.
pub const NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2: u16 = offload_tree::sizeof_through_field!(NDIS_PM_CAPABILITIES, MediaSpecificWakeUpEvents: u32)
    as u16;

/// `NDIS_RECEIVE_SCALE_CAPABILITIES` (RSS; revision 2 of NDIS 6.30 adds the
/// indirection table size).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_RECEIVE_SCALE_CAPABILITIES {
    /// Type `NDIS_OBJECT_TYPE_RSS_CAPABILITIES`, revision 1 or 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// `NDIS_RSS_CAPS_*`.
    pub CapabilitiesFlags: u32,
    /// MSI-X messages.
    pub NumberOfInterruptMessages: u32,
    /// Receive queues.
    pub NumberOfReceiveQueues: u32,
    /// Indirection table entries (revision 2).
    pub NumberOfIndirectionTableEntries: u16,
}

/// `NDIS_OBJECT_TYPE_RSS_CAPABILITIES`.
pub const NDIS_OBJECT_TYPE_RSS_CAPABILITIES: u8 = 0x88;
/// `NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_1`.
pub const NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_1: u8 = 1;
/// `NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_2` (NDIS 6.30).
pub const NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_2: u8 = 2;
/// `NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1`: through `NumberOfReceiveQueues`.
pub const NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1: u16 = offload_tree::sizeof_through_field!(NDIS_RECEIVE_SCALE_CAPABILITIES, NumberOfReceiveQueues: u32)
    as u16;
/// `NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_2`: through
/// `NumberOfIndirectionTableEntries`.
pub const NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_2: u16 = offload_tree::sizeof_through_field!(
    NDIS_RECEIVE_SCALE_CAPABILITIES,
    NumberOfIndirectionTableEntries: u16
) as u16;

/// `NDIS_PM_MAX_STRING_SIZE`.
pub const NDIS_PM_MAX_STRING_SIZE: usize = 64;

/// `NDIS_PM_COUNTED_STRING`: a wake pattern's friendly name.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_PM_COUNTED_STRING {
    /// Bytes of `String` used.
    pub Length: u16,
    /// UTF-16, NUL-terminated.
    pub String: [u16; NDIS_PM_MAX_STRING_SIZE + 1],
}

/// The members of `NDIS_PM_WOL_PATTERN` up to and including `PatternId` (the rest is a
/// union of pattern kinds this driver never reads): where NDIS's `PatternId` sits.
#[repr(C)]
struct PmWolPatternHead {
    Header: NDIS_OBJECT_HEADER,
    Flags: u32,
    Priority: u32,
    WoLPacketType: u32,
    FriendlyName: NDIS_PM_COUNTED_STRING,
    PatternId: u32,
}

/// `offsetof(NDIS_PM_WOL_PATTERN, PatternId)`.
pub const NDIS_PM_WOL_PATTERN_PATTERN_ID: usize =
    core::mem::offset_of!(PmWolPatternHead, PatternId);

/// `NDIS_RECEIVE_SCALE_PARAMETERS` (revision 2, NDIS 6.20): the fixed part of an
/// `OID_GEN_RECEIVE_SCALE_PARAMETERS` payload (tables follow at their offsets).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_RECEIVE_SCALE_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_RSS_PARAMETERS`, revision 1 or 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// `NDIS_RSS_PARAM_FLAG_*`.
    pub Flags: u16,
    /// Lowest CPU number used.
    pub BaseCpuNumber: u16,
    /// Hash type and function.
    pub HashInformation: u32,
    /// Bytes of the indirection table.
    pub IndirectionTableSize: u16,
    /// Where the indirection table starts.
    pub IndirectionTableOffset: u32,
    /// Bytes of the secret key.
    pub HashSecretKeySize: u16,
    /// Where the secret key starts.
    pub HashSecretKeyOffset: u32,
    /// Where the processor masks start (revision 2).
    pub ProcessorMasksOffset: u32,
    /// Processor masks (revision 2).
    pub NumberOfProcessorMasks: u32,
    /// Bytes of each mask (revision 2).
    pub ProcessorMasksEntrySize: u32,
}

/// `NDIS_OBJECT_TYPE_RSS_PARAMETERS`.
pub const NDIS_OBJECT_TYPE_RSS_PARAMETERS: u8 = 0x89;
/// `NDIS_RECEIVE_SCALE_PARAMETERS_REVISION_2`.
pub const NDIS_RECEIVE_SCALE_PARAMETERS_REVISION_2: u8 = 2;
/// `NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_REVISION_2`: through `ProcessorMasksEntrySize`.
pub const NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_REVISION_2: u16 = offload_tree::sizeof_through_field!(
    NDIS_RECEIVE_SCALE_PARAMETERS,
    ProcessorMasksEntrySize: u32
) as u16;
/// `NDIS_RSS_PARAM_FLAG_DISABLE_RSS`.
pub const NDIS_RSS_PARAM_FLAG_DISABLE_RSS: u16 = 0x0010;
