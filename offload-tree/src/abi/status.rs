//! NDIS status codes used by chimney paths (ST-9.2, ST-9.3, ST-9.4), as the signed
//! `NDIS_STATUS` values the headers define.

use super::base::NDIS_STATUS;

/// Reinterpret a 32-bit hex status code as the signed `NDIS_STATUS` it is.
#[expect(
    clippy::cast_possible_wrap,
    reason = "NDIS_STATUS is a signed int holding NTSTATUS bit patterns"
)]
const fn code(hex: u32) -> NDIS_STATUS {
    hex as i32
}

/// `NT_SUCCESS`: success and informational codes are ≥ 0 (ST-2.2).
#[must_use]
pub const fn nt_success(status: NDIS_STATUS) -> bool {
    status >= 0
}

// ST-9.4 general codes.
/// Success.
pub const NDIS_STATUS_SUCCESS: NDIS_STATUS = 0;
/// Return of the W_TCP_OFFLOAD_* I/O handlers; never a block status.
pub const NDIS_STATUS_PENDING: NDIS_STATUS = code(0x0000_0103);
/// Generic failure.
pub const NDIS_STATUS_FAILURE: NDIS_STATUS = code(0xC000_0001);
/// Out of memory or another resource.
pub const NDIS_STATUS_RESOURCES: NDIS_STATUS = code(0xC000_009A);
/// A parameter was invalid.
pub const NDIS_STATUS_INVALID_PARAMETER: NDIS_STATUS = code(0xC000_000D);
/// The request is not supported.
pub const NDIS_STATUS_NOT_SUPPORTED: NDIS_STATUS = code(0xC000_00BB);
/// STATUS_INVALID_DEVICE_STATE.
pub const NDIS_STATUS_INVALID_STATE: NDIS_STATUS = code(0xC000_0184);
/// Request aborted (NBL status after RST, aborted I/O).
pub const NDIS_STATUS_REQUEST_ABORTED: NDIS_STATUS = code(0xC001_000C);
/// STATUS_NDIS_REQUEST_ABORTED.
pub const NDIS_STATUS_SEND_ABORTED: NDIS_STATUS = code(0xC023_000C);
/// STATUS_NDIS_PAUSED.
pub const NDIS_STATUS_PAUSED: NDIS_STATUS = code(0xC023_002A);

// ST-9.2 informational chimney codes.
/// The target asks the stack to stop offloading new state.
pub const NDIS_STATUS_OFFLOAD_PAUSE: NDIS_STATUS = code(0x4002_0001);
/// The target asks the stack to upload every offloaded connection.
pub const NDIS_STATUS_UPLOAD_ALL: NDIS_STATUS = code(0x4002_0002);
/// The target allows offloads again.
pub const NDIS_STATUS_OFFLOAD_RESUME: NDIS_STATUS = code(0x4002_0003);
/// Initiate: block offloaded, some dependents failed.
pub const NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS: NDIS_STATUS = code(0x4002_0004);
/// Status indication; semantics not described in the sources.
pub const NDIS_STATUS_OFFLOAD_STATE_INVALID: NDIS_STATUS = code(0x4002_0005);
/// Task-offload configuration change (not chimney).
pub const NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG: NDIS_STATUS = code(0x4002_0006);
/// Task-offload capabilities (not chimney).
pub const NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES: NDIS_STATUS = code(0x4002_0007);
/// Encapsulation changed (the WDK's spelling).
pub const NDIS_STATUS_OFFLOAD_ENCASPULATION_CHANGE: NDIS_STATUS = code(0x4002_0008);
/// Chimney hardware capabilities changed (buffer: NDIS_TCP_CONNECTION_OFFLOAD).
pub const NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES: NDIS_STATUS = code(0x4002_000B);
/// Reserved for intermediate drivers.
pub const NDIS_STATUS_OFFLOAD_IM_RESERVED1: NDIS_STATUS = code(0x4002_0100);
/// Reserved for intermediate drivers.
pub const NDIS_STATUS_OFFLOAD_IM_RESERVED2: NDIS_STATUS = code(0x4002_0101);
/// Reserved for intermediate drivers.
pub const NDIS_STATUS_OFFLOAD_IM_RESERVED3: NDIS_STATUS = code(0x4002_0102);

// ST-9.3 offload error codes.
/// An upload is in progress.
pub const NDIS_STATUS_UPLOAD_IN_PROGRESS: NDIS_STATUS = code(0xC023_1001);
/// The I/O was refused; the caller should upload the connection.
pub const NDIS_STATUS_REQUEST_UPLOAD: NDIS_STATUS = code(0xC023_1002);
/// The I/O was refused; an upload has already been requested.
pub const NDIS_STATUS_UPLOAD_REQUESTED: NDIS_STATUS = code(0xC023_1003);
/// No TCP object available.
pub const NDIS_STATUS_OFFLOAD_TCP_ENTRIES: NDIS_STATUS = code(0xC023_1004);
/// No path object available.
pub const NDIS_STATUS_OFFLOAD_PATH_ENTRIES: NDIS_STATUS = code(0xC023_1005);
/// No neighbor object available.
pub const NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES: NDIS_STATUS = code(0xC023_1006);
/// No room for the path's source IP.
pub const NDIS_STATUS_OFFLOAD_IP_ADDRESS_ENTRIES: NDIS_STATUS = code(0xC023_1007);
/// Cannot set or add a source MAC.
pub const NDIS_STATUS_OFFLOAD_HW_ADDRESS_ENTRIES: NDIS_STATUS = code(0xC023_1008);
/// No room to track another VLAN ID.
pub const NDIS_STATUS_OFFLOAD_VLAN_ENTRIES: NDIS_STATUS = code(0xC023_1009);
/// Not enough transmit buffers.
pub const NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER: NDIS_STATUS = code(0xC023_100A);
/// Not enough receive buffers.
pub const NDIS_STATUS_OFFLOAD_TCP_RCV_BUFFER: NDIS_STATUS = code(0xC023_100B);
/// `InitialRcvWnd` too large.
pub const NDIS_STATUS_OFFLOAD_TCP_RCV_WINDOW: NDIS_STATUS = code(0xC023_100C);
/// The neighbor's VLAN does not match the interface.
pub const NDIS_STATUS_OFFLOAD_VLAN_MISMATCH: NDIS_STATUS = code(0xC023_100D);
/// Receive indication: no data accepted.
pub const NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED: NDIS_STATUS = code(0xC023_100E);
/// Refused by policy.
pub const NDIS_STATUS_OFFLOAD_POLICY: NDIS_STATUS = code(0xC023_100F);
/// Receive indication: part of the data accepted (`*BytesConsumed`).
pub const NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED: NDIS_STATUS = code(0xC023_1010);
/// The target requests a reset.
pub const NDIS_STATUS_OFFLOAD_REQUEST_RESET: NDIS_STATUS = code(0xC023_1011);
/// The target judged the connection a poor candidate (NDIS 6.20).
pub const NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED: NDIS_STATUS = code(0xC023_1012);
