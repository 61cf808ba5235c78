//! Status codes beyond those of ndischimney.h (which `offload_tree::abi` owns and
//! this module re-exports), the general status-indication codes, and the two
//! structures of a status indication: `NDIS_STATUS_INDICATION` and its most common
//! payload `NDIS_LINK_STATE`.

use offload_tree::sizeof_through_field;

use super::base::{
    GUID, NDIS_HANDLE, NDIS_MEDIA_CONNECT_STATE, NDIS_MEDIA_DUPLEX_STATE, NDIS_OBJECT_HEADER,
    NDIS_PORT_NUMBER, NDIS_STATUS, NDIS_SUPPORTED_PAUSE_FUNCTIONS, NULL, PVOID, ULONG64,
};

/// Reinterpret a 32-bit hex status code as the signed `NDIS_STATUS` it is.
#[expect(
    clippy::cast_possible_wrap,
    reason = "NDIS_STATUS is a signed int holding NTSTATUS bit patterns"
)]
const fn code(hex: u32) -> NDIS_STATUS {
    hex as i32
}

// Completion and failure codes.
/// `NDIS_STATUS_ALREADY_COMPLETE` (`STATUS_ALREADY_COMPLETE`).
pub const NDIS_STATUS_ALREADY_COMPLETE: NDIS_STATUS = code(0x0000_00FF);
/// `NDIS_STATUS_NOT_RECOGNIZED`.
pub const NDIS_STATUS_NOT_RECOGNIZED: NDIS_STATUS = code(0x0001_0001);
/// `NDIS_STATUS_NOT_COPIED`.
pub const NDIS_STATUS_NOT_COPIED: NDIS_STATUS = code(0x0001_0002);
/// `NDIS_STATUS_NOT_ACCEPTED`.
pub const NDIS_STATUS_NOT_ACCEPTED: NDIS_STATUS = code(0x0001_0003);
/// `NDIS_STATUS_INDICATION_REQUIRED` (`STATUS_NDIS_INDICATION_REQUIRED`): an OID
/// completes later through a status indication.
pub const NDIS_STATUS_INDICATION_REQUIRED: NDIS_STATUS = code(0x4023_0001);
/// `NDIS_STATUS_BUFFER_OVERFLOW` (`STATUS_BUFFER_OVERFLOW`).
pub const NDIS_STATUS_BUFFER_OVERFLOW: NDIS_STATUS = code(0x8000_0005);
/// `NDIS_STATUS_CLOSING`.
pub const NDIS_STATUS_CLOSING: NDIS_STATUS = code(0xC001_0002);
/// `NDIS_STATUS_BAD_VERSION`.
pub const NDIS_STATUS_BAD_VERSION: NDIS_STATUS = code(0xC001_0004);
/// `NDIS_STATUS_BAD_CHARACTERISTICS`.
pub const NDIS_STATUS_BAD_CHARACTERISTICS: NDIS_STATUS = code(0xC001_0005);
/// `NDIS_STATUS_ADAPTER_NOT_FOUND`.
pub const NDIS_STATUS_ADAPTER_NOT_FOUND: NDIS_STATUS = code(0xC001_0006);
/// `NDIS_STATUS_OPEN_FAILED`.
pub const NDIS_STATUS_OPEN_FAILED: NDIS_STATUS = code(0xC001_0007);
/// `NDIS_STATUS_DEVICE_FAILED`.
pub const NDIS_STATUS_DEVICE_FAILED: NDIS_STATUS = code(0xC001_0008);
/// `NDIS_STATUS_MULTICAST_FULL`.
pub const NDIS_STATUS_MULTICAST_FULL: NDIS_STATUS = code(0xC001_0009);
/// `NDIS_STATUS_RESET_IN_PROGRESS`.
pub const NDIS_STATUS_RESET_IN_PROGRESS: NDIS_STATUS = code(0xC001_000D);
/// `NDIS_STATUS_ADAPTER_NOT_READY`.
pub const NDIS_STATUS_ADAPTER_NOT_READY: NDIS_STATUS = code(0xC001_0011);
/// `NDIS_STATUS_INVALID_LENGTH`: the information buffer is too small.
pub const NDIS_STATUS_INVALID_LENGTH: NDIS_STATUS = code(0xC001_0014);
/// `NDIS_STATUS_INVALID_DATA`.
pub const NDIS_STATUS_INVALID_DATA: NDIS_STATUS = code(0xC001_0015);
/// `NDIS_STATUS_BUFFER_TOO_SHORT`.
pub const NDIS_STATUS_BUFFER_TOO_SHORT: NDIS_STATUS = code(0xC001_0016);
/// `NDIS_STATUS_INVALID_OID`.
pub const NDIS_STATUS_INVALID_OID: NDIS_STATUS = code(0xC001_0017);
/// `NDIS_STATUS_ADAPTER_REMOVED`.
pub const NDIS_STATUS_ADAPTER_REMOVED: NDIS_STATUS = code(0xC001_0018);
/// `NDIS_STATUS_UNSUPPORTED_MEDIA`.
pub const NDIS_STATUS_UNSUPPORTED_MEDIA: NDIS_STATUS = code(0xC001_0019);
/// `NDIS_STATUS_INVALID_DEVICE_REQUEST` (`STATUS_INVALID_DEVICE_REQUEST`).
pub const NDIS_STATUS_INVALID_DEVICE_REQUEST: NDIS_STATUS = code(0xC000_0010);
/// `NDIS_STATUS_MEDIA_DISCONNECTED` (`STATUS_NDIS_MEDIA_DISCONNECTED`).
pub const NDIS_STATUS_MEDIA_DISCONNECTED: NDIS_STATUS = code(0xC023_001F);
/// `NDIS_STATUS_INTERFACE_NOT_FOUND` (`STATUS_NDIS_INTERFACE_NOT_FOUND`).
pub const NDIS_STATUS_INTERFACE_NOT_FOUND: NDIS_STATUS = code(0xC023_002B);
/// `NDIS_STATUS_UNSUPPORTED_REVISION` (`STATUS_NDIS_UNSUPPORTED_REVISION`).
pub const NDIS_STATUS_UNSUPPORTED_REVISION: NDIS_STATUS = code(0xC023_002C);
/// `NDIS_STATUS_INVALID_PORT` (`STATUS_NDIS_INVALID_PORT`).
pub const NDIS_STATUS_INVALID_PORT: NDIS_STATUS = code(0xC023_002D);
/// `NDIS_STATUS_LOW_POWER_STATE` (`STATUS_NDIS_LOW_POWER_STATE`).
pub const NDIS_STATUS_LOW_POWER_STATE: NDIS_STATUS = code(0xC023_002F);

// General status indications (NDIS_STATUS_INDICATION::StatusCode).
/// `NDIS_STATUS_RESET_START`.
pub const NDIS_STATUS_RESET_START: NDIS_STATUS = code(0x4001_0004);
/// `NDIS_STATUS_RESET_END`.
pub const NDIS_STATUS_RESET_END: NDIS_STATUS = code(0x4001_0005);
/// `NDIS_STATUS_MEDIA_CONNECT`.
pub const NDIS_STATUS_MEDIA_CONNECT: NDIS_STATUS = code(0x4001_000B);
/// `NDIS_STATUS_MEDIA_DISCONNECT`.
pub const NDIS_STATUS_MEDIA_DISCONNECT: NDIS_STATUS = code(0x4001_000C);
/// `NDIS_STATUS_MEDIA_SPECIFIC_INDICATION`.
pub const NDIS_STATUS_MEDIA_SPECIFIC_INDICATION: NDIS_STATUS = code(0x4001_0012);
/// `NDIS_STATUS_LINK_SPEED_CHANGE`.
pub const NDIS_STATUS_LINK_SPEED_CHANGE: NDIS_STATUS = code(0x4001_0013);
/// `NDIS_STATUS_LINK_STATE`: buffer is an `NDIS_LINK_STATE`.
pub const NDIS_STATUS_LINK_STATE: NDIS_STATUS = code(0x4001_0017);
/// `NDIS_STATUS_NETWORK_CHANGE`.
pub const NDIS_STATUS_NETWORK_CHANGE: NDIS_STATUS = code(0x4001_0018);
/// `NDIS_STATUS_MEDIA_SPECIFIC_INDICATION_EX`.
pub const NDIS_STATUS_MEDIA_SPECIFIC_INDICATION_EX: NDIS_STATUS = code(0x4001_0019);
/// `NDIS_STATUS_PORT_STATE`.
pub const NDIS_STATUS_PORT_STATE: NDIS_STATUS = code(0x4001_0022);
/// `NDIS_STATUS_OPER_STATUS`.
pub const NDIS_STATUS_OPER_STATUS: NDIS_STATUS = code(0x4001_0023);
/// `NDIS_STATUS_PM_WOL_PATTERN_REJECTED`.
pub const NDIS_STATUS_PM_WOL_PATTERN_REJECTED: NDIS_STATUS = code(0x4003_0051);
/// `NDIS_STATUS_PM_OFFLOAD_REJECTED`.
pub const NDIS_STATUS_PM_OFFLOAD_REJECTED: NDIS_STATUS = code(0x4003_0052);
/// `NDIS_STATUS_PM_CAPABILITIES_CHANGE`.
pub const NDIS_STATUS_PM_CAPABILITIES_CHANGE: NDIS_STATUS = code(0x4003_0053);

/// `NDIS_STATUS_INDICATION`: one status indication, up through NDIS or from a
/// miniport to its protocols.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_STATUS_INDICATION {
    /// Type `NDIS_OBJECT_TYPE_STATUS_INDICATION`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// The miniport adapter or filter module handle that indicates.
    pub SourceHandle: NDIS_HANDLE,
    /// NDIS port the indication is for.
    pub PortNumber: NDIS_PORT_NUMBER,
    /// `NDIS_STATUS_*` indication code.
    pub StatusCode: NDIS_STATUS,
    /// Flags.
    pub Flags: u32,
    /// Target of a targeted indication (an OID's `RequestHandle`), else NULL.
    pub DestinationHandle: NDIS_HANDLE,
    /// Id of the OID request this answers (`NDIS_STATUS_INDICATION_REQUIRED`).
    pub RequestId: PVOID,
    /// The indication's payload.
    pub StatusBuffer: PVOID,
    /// Its size.
    pub StatusBufferSize: u32,
    /// WMI GUID of the indication, if any.
    pub Guid: GUID,
    /// NDIS's scratch.
    pub NdisReserved: [PVOID; 4],
}

impl Default for NDIS_STATUS_INDICATION {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            SourceHandle: NULL,
            PortNumber: 0,
            StatusCode: 0,
            Flags: 0,
            DestinationHandle: NULL,
            RequestId: NULL,
            StatusBuffer: NULL,
            StatusBufferSize: 0,
            Guid: GUID::default(),
            NdisReserved: [NULL; 4],
        }
    }
}

/// `PNDIS_STATUS_INDICATION`.
pub type PNDIS_STATUS_INDICATION = *mut NDIS_STATUS_INDICATION;

/// `NDIS_OBJECT_TYPE_STATUS_INDICATION`.
pub const NDIS_OBJECT_TYPE_STATUS_INDICATION: u8 = 0x98;
/// `NDIS_STATUS_INDICATION_REVISION_1`.
pub const NDIS_STATUS_INDICATION_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_STATUS_INDICATION_REVISION_1`: through `NdisReserved`.
pub const NDIS_SIZEOF_STATUS_INDICATION_REVISION_1: u16 =
    sizeof_through_field!(NDIS_STATUS_INDICATION, NdisReserved: [PVOID; 4]) as u16;

/// `NDIS_LINK_STATE` (ntddndis.h): payload of `NDIS_STATUS_LINK_STATE` and
/// `OID_GEN_LINK_STATE`. Identical on x86 and x64 (the `ULONG64`s are 8-aligned).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_LINK_STATE {
    /// Type `NDIS_OBJECT_TYPE_DEFAULT`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Connected, disconnected or unknown.
    pub MediaConnectState: NDIS_MEDIA_CONNECT_STATE,
    /// Duplex.
    pub MediaDuplexState: NDIS_MEDIA_DUPLEX_STATE,
    /// Transmit speed, bits per second.
    pub XmitLinkSpeed: ULONG64,
    /// Receive speed, bits per second.
    pub RcvLinkSpeed: ULONG64,
    /// 802.3 pause frames.
    pub PauseFunctions: NDIS_SUPPORTED_PAUSE_FUNCTIONS,
    /// `NDIS_LINK_STATE_*_AUTO_NEGOTIATED` bits.
    pub AutoNegotiationFlags: u32,
}

/// `PNDIS_LINK_STATE`.
pub type PNDIS_LINK_STATE = *mut NDIS_LINK_STATE;

/// `NDIS_LINK_STATE_REVISION_1`.
pub const NDIS_LINK_STATE_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_LINK_STATE_REVISION_1`: through `AutoNegotiationFlags`.
pub const NDIS_SIZEOF_LINK_STATE_REVISION_1: u16 =
    sizeof_through_field!(NDIS_LINK_STATE, AutoNegotiationFlags: u32) as u16;
