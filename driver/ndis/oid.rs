//! OID requests: `NDIS_OID_REQUEST` at its NDIS 6.30 revision (revision 1; the
//! `SwitchId`/`VPortId`/`Flags` members of revision 2 are NDIS 6.50), the request
//! types, and the general, 802.3 and power OIDs an intermediate driver answers or
//! relays, with the packet-filter and MAC-option bits their payloads use.
//!
//! The C union `union _REQUEST_DATA { ... } DATA` and its structs `_QUERY`, `_SET`,
//! `_METHOD` are [`NDIS_OID_REQUEST_DATA`], [`NDIS_OID_REQUEST_QUERY`],
//! [`NDIS_OID_REQUEST_SET`] and [`NDIS_OID_REQUEST_METHOD`] here.

use offload_tree::sizeof_through_field;

use super::base::{NDIS_HANDLE, NDIS_OBJECT_HEADER, NDIS_OID, NDIS_PORT_NUMBER, NULL, PVOID};

pub use offload_tree::abi::OID_TCP_OFFLOAD_PARAMETERS;

ndis_enum! {
    /// `NDIS_REQUEST_TYPE`.
    NDIS_REQUEST_TYPE {
        /// Query.
        NdisRequestQueryInformation = 0,
        /// Set.
        NdisRequestSetInformation = 1,
        /// Statistics query.
        NdisRequestQueryStatistics = 2,
        /// Method (input and output in one buffer).
        NdisRequestMethod = 12,
    }
}

/// `struct _QUERY` of the `DATA` union.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_OID_REQUEST_QUERY {
    /// The OID.
    pub Oid: NDIS_OID,
    /// Result buffer.
    pub InformationBuffer: PVOID,
    /// Its size.
    pub InformationBufferLength: u32,
    /// Bytes returned.
    pub BytesWritten: u32,
    /// Bytes a failed query needs.
    pub BytesNeeded: u32,
}

/// `struct _SET` of the `DATA` union.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_OID_REQUEST_SET {
    /// The OID.
    pub Oid: NDIS_OID,
    /// Value buffer.
    pub InformationBuffer: PVOID,
    /// Its size.
    pub InformationBufferLength: u32,
    /// Bytes consumed.
    pub BytesRead: u32,
    /// Bytes a failed set needs.
    pub BytesNeeded: u32,
}

/// `struct _METHOD` of the `DATA` union.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_OID_REQUEST_METHOD {
    /// The OID.
    pub Oid: NDIS_OID,
    /// Input and output buffer.
    pub InformationBuffer: PVOID,
    /// Input bytes.
    pub InputBufferLength: u32,
    /// Output capacity.
    pub OutputBufferLength: u32,
    /// Method id.
    pub MethodId: u32,
    /// Bytes returned.
    pub BytesWritten: u32,
    /// Bytes consumed.
    pub BytesRead: u32,
    /// Bytes a failed request needs.
    pub BytesNeeded: u32,
}

/// `union _REQUEST_DATA` (the `DATA` member): every arm starts with the OID.
#[repr(C)]
#[derive(Clone, Copy)]
pub union NDIS_OID_REQUEST_DATA {
    /// The OID, common to all arms.
    pub Oid: NDIS_OID,
    /// `NdisRequestQueryInformation` / `NdisRequestQueryStatistics`.
    pub QUERY_INFORMATION: NDIS_OID_REQUEST_QUERY,
    /// `NdisRequestSetInformation`.
    pub SET_INFORMATION: NDIS_OID_REQUEST_SET,
    /// `NdisRequestMethod` (largest arm; initialize through it).
    pub METHOD_INFORMATION: NDIS_OID_REQUEST_METHOD,
}

/// `NDIS_OID_REQUEST_NDIS_RESERVED_SIZE`: `NdisReserved` is this many pointers.
pub const NDIS_OID_REQUEST_NDIS_RESERVED_SIZE: usize = 16;
/// `NDIS_OID_REQUEST_TIMEOUT_INFINITE`.
pub const NDIS_OID_REQUEST_TIMEOUT_INFINITE: u32 = 0;

/// `NDIS_OID_REQUEST` (revision 1 = the whole structure under NDIS 6.30 headers).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct NDIS_OID_REQUEST {
    /// Type `NDIS_OBJECT_TYPE_OID_REQUEST`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Query, set or method.
    pub RequestType: NDIS_REQUEST_TYPE,
    /// NDIS port the request is for.
    pub PortNumber: NDIS_PORT_NUMBER,
    /// Seconds before NDIS resets the miniport (0 = none).
    pub Timeout: u32,
    /// Id used to cancel the request.
    pub RequestId: PVOID,
    /// Handle of the originator; NDIS uses it to route the completion.
    pub RequestHandle: NDIS_HANDLE,
    /// The request's OID and buffers.
    pub DATA: NDIS_OID_REQUEST_DATA,
    /// NDIS's scratch.
    pub NdisReserved: [u8; NDIS_OID_REQUEST_NDIS_RESERVED_SIZE * size_of::<PVOID>()],
    /// The miniport's scratch.
    pub MiniportReserved: [u8; 2 * size_of::<PVOID>()],
    /// The originator's scratch.
    pub SourceReserved: [u8; 2 * size_of::<PVOID>()],
    /// Highest revision of the request's payload the handler supports.
    pub SupportedRevision: u8,
    /// Reserved.
    pub Reserved1: u8,
    /// Reserved.
    pub Reserved2: u16,
}

impl Default for NDIS_OID_REQUEST {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            RequestType: NDIS_REQUEST_TYPE::NdisRequestQueryInformation,
            PortNumber: 0,
            Timeout: 0,
            RequestId: NULL,
            RequestHandle: NULL,
            DATA: NDIS_OID_REQUEST_DATA {
                METHOD_INFORMATION: NDIS_OID_REQUEST_METHOD {
                    Oid: 0,
                    InformationBuffer: NULL,
                    InputBufferLength: 0,
                    OutputBufferLength: 0,
                    MethodId: 0,
                    BytesWritten: 0,
                    BytesRead: 0,
                    BytesNeeded: 0,
                },
            },
            NdisReserved: [0; NDIS_OID_REQUEST_NDIS_RESERVED_SIZE * size_of::<PVOID>()],
            MiniportReserved: [0; 2 * size_of::<PVOID>()],
            SourceReserved: [0; 2 * size_of::<PVOID>()],
            SupportedRevision: 0,
            Reserved1: 0,
            Reserved2: 0,
        }
    }
}

/// `PNDIS_OID_REQUEST`.
pub type PNDIS_OID_REQUEST = *mut NDIS_OID_REQUEST;

/// `NDIS_OBJECT_TYPE_OID_REQUEST`.
pub const NDIS_OBJECT_TYPE_OID_REQUEST: u8 = 0x96;
/// `NDIS_OBJECT_TYPE_REQUEST_EX` (same value).
pub const NDIS_OBJECT_TYPE_REQUEST_EX: u8 = 0x96;
/// `NDIS_OID_REQUEST_REVISION_1`.
pub const NDIS_OID_REQUEST_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_OID_REQUEST_REVISION_1`: through `Reserved2`.
pub const NDIS_SIZEOF_OID_REQUEST_REVISION_1: u16 =
    sizeof_through_field!(NDIS_OID_REQUEST, Reserved2: u16) as u16;

// General objects (query unless noted).
/// `OID_GEN_SUPPORTED_LIST`: the OIDs the miniport answers.
pub const OID_GEN_SUPPORTED_LIST: NDIS_OID = 0x0001_0101;
/// `OID_GEN_HARDWARE_STATUS`.
pub const OID_GEN_HARDWARE_STATUS: NDIS_OID = 0x0001_0102;
/// `OID_GEN_MEDIA_SUPPORTED`.
pub const OID_GEN_MEDIA_SUPPORTED: NDIS_OID = 0x0001_0103;
/// `OID_GEN_MEDIA_IN_USE`.
pub const OID_GEN_MEDIA_IN_USE: NDIS_OID = 0x0001_0104;
/// `OID_GEN_MAXIMUM_LOOKAHEAD`.
pub const OID_GEN_MAXIMUM_LOOKAHEAD: NDIS_OID = 0x0001_0105;
/// `OID_GEN_MAXIMUM_FRAME_SIZE`.
pub const OID_GEN_MAXIMUM_FRAME_SIZE: NDIS_OID = 0x0001_0106;
/// `OID_GEN_LINK_SPEED`.
pub const OID_GEN_LINK_SPEED: NDIS_OID = 0x0001_0107;
/// `OID_GEN_TRANSMIT_BUFFER_SPACE`.
pub const OID_GEN_TRANSMIT_BUFFER_SPACE: NDIS_OID = 0x0001_0108;
/// `OID_GEN_RECEIVE_BUFFER_SPACE`.
pub const OID_GEN_RECEIVE_BUFFER_SPACE: NDIS_OID = 0x0001_0109;
/// `OID_GEN_TRANSMIT_BLOCK_SIZE`.
pub const OID_GEN_TRANSMIT_BLOCK_SIZE: NDIS_OID = 0x0001_010A;
/// `OID_GEN_RECEIVE_BLOCK_SIZE`.
pub const OID_GEN_RECEIVE_BLOCK_SIZE: NDIS_OID = 0x0001_010B;
/// `OID_GEN_VENDOR_ID`.
pub const OID_GEN_VENDOR_ID: NDIS_OID = 0x0001_010C;
/// `OID_GEN_VENDOR_DESCRIPTION`.
pub const OID_GEN_VENDOR_DESCRIPTION: NDIS_OID = 0x0001_010D;
/// `OID_GEN_CURRENT_PACKET_FILTER` (query/set): `NDIS_PACKET_TYPE_*` bits.
pub const OID_GEN_CURRENT_PACKET_FILTER: NDIS_OID = 0x0001_010E;
/// `OID_GEN_CURRENT_LOOKAHEAD` (query/set).
pub const OID_GEN_CURRENT_LOOKAHEAD: NDIS_OID = 0x0001_010F;
/// `OID_GEN_DRIVER_VERSION`.
pub const OID_GEN_DRIVER_VERSION: NDIS_OID = 0x0001_0110;
/// `OID_GEN_MAXIMUM_TOTAL_SIZE`.
pub const OID_GEN_MAXIMUM_TOTAL_SIZE: NDIS_OID = 0x0001_0111;
/// `OID_GEN_MAC_OPTIONS`.
pub const OID_GEN_MAC_OPTIONS: NDIS_OID = 0x0001_0113;
/// `OID_GEN_MEDIA_CONNECT_STATUS`.
pub const OID_GEN_MEDIA_CONNECT_STATUS: NDIS_OID = 0x0001_0114;
/// `OID_GEN_MAXIMUM_SEND_PACKETS`.
pub const OID_GEN_MAXIMUM_SEND_PACKETS: NDIS_OID = 0x0001_0115;
/// `OID_GEN_VENDOR_DRIVER_VERSION`.
pub const OID_GEN_VENDOR_DRIVER_VERSION: NDIS_OID = 0x0001_0116;
/// `OID_GEN_SUPPORTED_GUIDS`.
pub const OID_GEN_SUPPORTED_GUIDS: NDIS_OID = 0x0001_0117;
/// `OID_GEN_PHYSICAL_MEDIUM`.
pub const OID_GEN_PHYSICAL_MEDIUM: NDIS_OID = 0x0001_0202;
/// `OID_GEN_RECEIVE_SCALE_CAPABILITIES`.
pub const OID_GEN_RECEIVE_SCALE_CAPABILITIES: NDIS_OID = 0x0001_0203;
/// `OID_GEN_RECEIVE_SCALE_PARAMETERS`.
pub const OID_GEN_RECEIVE_SCALE_PARAMETERS: NDIS_OID = 0x0001_0204;
/// `OID_GEN_MAX_LINK_SPEED`.
pub const OID_GEN_MAX_LINK_SPEED: NDIS_OID = 0x0001_0206;
/// `OID_GEN_LINK_STATE`: payload `NDIS_LINK_STATE`.
pub const OID_GEN_LINK_STATE: NDIS_OID = 0x0001_0207;
/// `OID_GEN_LINK_PARAMETERS` (set).
pub const OID_GEN_LINK_PARAMETERS: NDIS_OID = 0x0001_0208;
/// `OID_GEN_INTERRUPT_MODERATION`.
pub const OID_GEN_INTERRUPT_MODERATION: NDIS_OID = 0x0001_0209;
/// `OID_GEN_XMIT_OK`.
pub const OID_GEN_XMIT_OK: NDIS_OID = 0x0002_0101;
/// `OID_GEN_RCV_OK`.
pub const OID_GEN_RCV_OK: NDIS_OID = 0x0002_0102;
/// `OID_GEN_XMIT_ERROR`.
pub const OID_GEN_XMIT_ERROR: NDIS_OID = 0x0002_0103;
/// `OID_GEN_RCV_ERROR`.
pub const OID_GEN_RCV_ERROR: NDIS_OID = 0x0002_0104;
/// `OID_GEN_RCV_NO_BUFFER`.
pub const OID_GEN_RCV_NO_BUFFER: NDIS_OID = 0x0002_0105;
/// `OID_GEN_STATISTICS`: payload `NDIS_STATISTICS_INFO`.
pub const OID_GEN_STATISTICS: NDIS_OID = 0x0002_0106;

// 802.3 objects.
/// `OID_802_3_PERMANENT_ADDRESS`.
pub const OID_802_3_PERMANENT_ADDRESS: NDIS_OID = 0x0101_0101;
/// `OID_802_3_CURRENT_ADDRESS`.
pub const OID_802_3_CURRENT_ADDRESS: NDIS_OID = 0x0101_0102;
/// `OID_802_3_MULTICAST_LIST` (query/set).
pub const OID_802_3_MULTICAST_LIST: NDIS_OID = 0x0101_0103;
/// `OID_802_3_MAXIMUM_LIST_SIZE`.
pub const OID_802_3_MAXIMUM_LIST_SIZE: NDIS_OID = 0x0101_0104;

// Power management objects.
/// `OID_PNP_CAPABILITIES`.
pub const OID_PNP_CAPABILITIES: NDIS_OID = 0xFD01_0100;
/// `OID_PNP_SET_POWER` (set): payload `NDIS_DEVICE_POWER_STATE`.
pub const OID_PNP_SET_POWER: NDIS_OID = 0xFD01_0101;
/// `OID_PNP_QUERY_POWER`: payload `NDIS_DEVICE_POWER_STATE`.
pub const OID_PNP_QUERY_POWER: NDIS_OID = 0xFD01_0102;
/// `OID_PNP_ADD_WAKE_UP_PATTERN`.
pub const OID_PNP_ADD_WAKE_UP_PATTERN: NDIS_OID = 0xFD01_0103;
/// `OID_PNP_REMOVE_WAKE_UP_PATTERN`.
pub const OID_PNP_REMOVE_WAKE_UP_PATTERN: NDIS_OID = 0xFD01_0104;
/// `OID_PNP_WAKE_UP_PATTERN_LIST`.
pub const OID_PNP_WAKE_UP_PATTERN_LIST: NDIS_OID = 0xFD01_0105;
/// `OID_PNP_ENABLE_WAKE_UP`.
pub const OID_PNP_ENABLE_WAKE_UP: NDIS_OID = 0xFD01_0106;
/// `OID_PM_CURRENT_CAPABILITIES`.
pub const OID_PM_CURRENT_CAPABILITIES: NDIS_OID = 0xFD01_0107;
/// `OID_PM_HARDWARE_CAPABILITIES`.
pub const OID_PM_HARDWARE_CAPABILITIES: NDIS_OID = 0xFD01_0108;
/// `OID_PM_PARAMETERS`.
pub const OID_PM_PARAMETERS: NDIS_OID = 0xFD01_0109;
/// `OID_PM_ADD_WOL_PATTERN` (set): payload `NDIS_PM_WOL_PATTERN`; NDIS has filled its
/// `PatternId`.
pub const OID_PM_ADD_WOL_PATTERN: NDIS_OID = 0xFD01_010A;
/// `OID_PM_REMOVE_WOL_PATTERN` (set): payload the ULONG `PatternId`.
pub const OID_PM_REMOVE_WOL_PATTERN: NDIS_OID = 0xFD01_010B;
/// `OID_PM_ADD_PROTOCOL_OFFLOAD`.
pub const OID_PM_ADD_PROTOCOL_OFFLOAD: NDIS_OID = 0xFD01_010D;
/// `OID_PM_REMOVE_PROTOCOL_OFFLOAD`.
pub const OID_PM_REMOVE_PROTOCOL_OFFLOAD: NDIS_OID = 0xFD01_010F;

// OID_GEN_CURRENT_PACKET_FILTER bits.
/// `NDIS_PACKET_TYPE_DIRECTED`.
pub const NDIS_PACKET_TYPE_DIRECTED: u32 = 0x0000_0001;
/// `NDIS_PACKET_TYPE_MULTICAST`.
pub const NDIS_PACKET_TYPE_MULTICAST: u32 = 0x0000_0002;
/// `NDIS_PACKET_TYPE_ALL_MULTICAST`.
pub const NDIS_PACKET_TYPE_ALL_MULTICAST: u32 = 0x0000_0004;
/// `NDIS_PACKET_TYPE_BROADCAST`.
pub const NDIS_PACKET_TYPE_BROADCAST: u32 = 0x0000_0008;
/// `NDIS_PACKET_TYPE_PROMISCUOUS`.
pub const NDIS_PACKET_TYPE_PROMISCUOUS: u32 = 0x0000_0020;
/// `NDIS_PACKET_TYPE_ALL_LOCAL`.
pub const NDIS_PACKET_TYPE_ALL_LOCAL: u32 = 0x0000_0080;

// OID_GEN_MAC_OPTIONS / general attributes MacOptions bits.
/// `NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA`.
pub const NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA: u32 = 0x0000_0001;
/// `NDIS_MAC_OPTION_RECEIVE_SERIALIZED`.
pub const NDIS_MAC_OPTION_RECEIVE_SERIALIZED: u32 = 0x0000_0002;
/// `NDIS_MAC_OPTION_TRANSFERS_NOT_PEND`.
pub const NDIS_MAC_OPTION_TRANSFERS_NOT_PEND: u32 = 0x0000_0004;
/// `NDIS_MAC_OPTION_NO_LOOPBACK`: the miniport does not loop sends back.
pub const NDIS_MAC_OPTION_NO_LOOPBACK: u32 = 0x0000_0008;
/// `NDIS_MAC_OPTION_FULL_DUPLEX`.
pub const NDIS_MAC_OPTION_FULL_DUPLEX: u32 = 0x0000_0010;
/// `NDIS_MAC_OPTION_EOTX_INDICATION`.
pub const NDIS_MAC_OPTION_EOTX_INDICATION: u32 = 0x0000_0020;
/// `NDIS_MAC_OPTION_8021P_PRIORITY`.
pub const NDIS_MAC_OPTION_8021P_PRIORITY: u32 = 0x0000_0040;
/// `NDIS_MAC_OPTION_SUPPORTS_MAC_ADDRESS_OVERWRITE`.
pub const NDIS_MAC_OPTION_SUPPORTS_MAC_ADDRESS_OVERWRITE: u32 = 0x0000_0080;
/// `NDIS_MAC_OPTION_RECEIVE_AT_DPC`.
pub const NDIS_MAC_OPTION_RECEIVE_AT_DPC: u32 = 0x0000_0100;
/// `NDIS_MAC_OPTION_8021Q_VLAN`.
pub const NDIS_MAC_OPTION_8021Q_VLAN: u32 = 0x0000_0200;
/// `NDIS_MAC_OPTION_RESERVED`.
pub const NDIS_MAC_OPTION_RESERVED: u32 = 0x8000_0000;
