//! Driver registration: the miniport and protocol handler signatures (each WDK
//! function typedef as an `unsafe extern "system" fn` type, and the pointer typedef
//! the characteristics structures use as `Option` of it, so a NULL entry is
//! representable), `NDIS_MINIPORT_DRIVER_CHARACTERISTICS` and
//! `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS` at their NDIS 6.30 revisions (both
//! revision 2), the version this driver declares and the driver flags.

use offload_tree::sizeof_through_field;

use super::base::{
    BOOLEAN, NDIS_HANDLE, NDIS_OBJECT_HEADER, NDIS_PORT_NUMBER, NDIS_STATUS, NDIS_STRING, PBOOLEAN,
    PDRIVER_OBJECT, PVOID,
};
use super::nbl::PNET_BUFFER_LIST;
use super::oid::PNDIS_OID_REQUEST;
use super::params::{
    PNDIS_BIND_PARAMETERS, PNDIS_MINIPORT_INIT_PARAMETERS, PNDIS_MINIPORT_PAUSE_PARAMETERS,
    PNDIS_MINIPORT_RESTART_PARAMETERS,
};
use super::pnp::{PNET_DEVICE_PNP_EVENT, PNET_PNP_EVENT_NOTIFICATION};
use super::status::PNDIS_STATUS_INDICATION;

ndis_enum! {
    /// `NDIS_HALT_ACTION`: why `MiniportHaltEx` is called.
    NDIS_HALT_ACTION {
        /// Device disabled.
        NdisHaltDeviceDisabled = 0,
        /// `NdisIMDeInitializeDeviceInstance` was called.
        NdisHaltDeviceInstanceDeInitialized = 1,
        /// Powered down.
        NdisHaltDevicePoweredDown = 2,
        /// Surprise removal.
        NdisHaltDeviceSurpriseRemoved = 3,
        /// Device failed.
        NdisHaltDeviceFailed = 4,
        /// Initialization failed.
        NdisHaltDeviceInitializationFailed = 5,
        /// Device stopped.
        NdisHaltDeviceStopped = 6,
    }
}

ndis_enum! {
    /// `NDIS_SHUTDOWN_ACTION`: why `MiniportShutdownEx` is called.
    NDIS_SHUTDOWN_ACTION {
        /// Orderly power-off.
        NdisShutdownPowerOff = 0,
        /// Bug check: touch nothing but the hardware.
        NdisShutdownBugCheck = 1,
    }
}

// Function types (the WDK's function typedefs) and the characteristics members'
// pointer typedefs.

/// `SET_OPTIONS`: register optional handlers (NdisSetOptionalHandlers) at registration.
pub type SET_OPTIONS = unsafe extern "system" fn(
    NdisDriverHandle: NDIS_HANDLE,
    DriverContext: NDIS_HANDLE,
) -> NDIS_STATUS;
/// `SET_OPTIONS_HANDLER`.
pub type SET_OPTIONS_HANDLER = Option<SET_OPTIONS>;

/// `MINIPORT_INITIALIZE` (`MiniportInitializeEx`).
pub type MINIPORT_INITIALIZE = unsafe extern "system" fn(
    NdisMiniportHandle: NDIS_HANDLE,
    MiniportDriverContext: NDIS_HANDLE,
    MiniportInitParameters: PNDIS_MINIPORT_INIT_PARAMETERS,
) -> NDIS_STATUS;
/// `MINIPORT_INITIALIZE_HANDLER`.
pub type MINIPORT_INITIALIZE_HANDLER = Option<MINIPORT_INITIALIZE>;

/// `MINIPORT_HALT` (`MiniportHaltEx`).
pub type MINIPORT_HALT =
    unsafe extern "system" fn(MiniportAdapterContext: NDIS_HANDLE, HaltAction: NDIS_HALT_ACTION);
/// `MINIPORT_HALT_HANDLER`.
pub type MINIPORT_HALT_HANDLER = Option<MINIPORT_HALT>;

/// `MINIPORT_UNLOAD` (`MiniportDriverUnload`).
pub type MINIPORT_UNLOAD = unsafe extern "system" fn(DriverObject: PDRIVER_OBJECT);
/// `MINIPORT_DRIVER_UNLOAD` (the pointer typedef's name in the WDK).
pub type MINIPORT_DRIVER_UNLOAD = Option<MINIPORT_UNLOAD>;

/// `MINIPORT_PAUSE` (`MiniportPause`).
pub type MINIPORT_PAUSE = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    PauseParameters: PNDIS_MINIPORT_PAUSE_PARAMETERS,
) -> NDIS_STATUS;
/// `MINIPORT_PAUSE_HANDLER`.
pub type MINIPORT_PAUSE_HANDLER = Option<MINIPORT_PAUSE>;

/// `MINIPORT_RESTART` (`MiniportRestart`).
pub type MINIPORT_RESTART = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    RestartParameters: PNDIS_MINIPORT_RESTART_PARAMETERS,
) -> NDIS_STATUS;
/// `MINIPORT_RESTART_HANDLER`.
pub type MINIPORT_RESTART_HANDLER = Option<MINIPORT_RESTART>;

/// `MINIPORT_OID_REQUEST` (`MiniportOidRequest`).
pub type MINIPORT_OID_REQUEST = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    OidRequest: PNDIS_OID_REQUEST,
) -> NDIS_STATUS;
/// `MINIPORT_OID_REQUEST_HANDLER`.
pub type MINIPORT_OID_REQUEST_HANDLER = Option<MINIPORT_OID_REQUEST>;

/// `MINIPORT_SEND_NET_BUFFER_LISTS` (`MiniportSendNetBufferLists`).
pub type MINIPORT_SEND_NET_BUFFER_LISTS = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    NetBufferList: PNET_BUFFER_LIST,
    PortNumber: NDIS_PORT_NUMBER,
    SendFlags: u32,
);
/// `MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER`.
pub type MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER = Option<MINIPORT_SEND_NET_BUFFER_LISTS>;

/// `MINIPORT_RETURN_NET_BUFFER_LISTS` (`MiniportReturnNetBufferLists`).
pub type MINIPORT_RETURN_NET_BUFFER_LISTS = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    NetBufferLists: PNET_BUFFER_LIST,
    ReturnFlags: u32,
);
/// `MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER`.
pub type MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER = Option<MINIPORT_RETURN_NET_BUFFER_LISTS>;

/// `MINIPORT_CANCEL_SEND` (`MiniportCancelSend`).
pub type MINIPORT_CANCEL_SEND =
    unsafe extern "system" fn(MiniportAdapterContext: NDIS_HANDLE, CancelId: PVOID);
/// `MINIPORT_CANCEL_SEND_HANDLER`.
pub type MINIPORT_CANCEL_SEND_HANDLER = Option<MINIPORT_CANCEL_SEND>;

/// `MINIPORT_CHECK_FOR_HANG` (`MiniportCheckForHangEx`; NULL for IMs).
pub type MINIPORT_CHECK_FOR_HANG =
    unsafe extern "system" fn(MiniportAdapterContext: NDIS_HANDLE) -> BOOLEAN;
/// `MINIPORT_CHECK_FOR_HANG_HANDLER`.
pub type MINIPORT_CHECK_FOR_HANG_HANDLER = Option<MINIPORT_CHECK_FOR_HANG>;

/// `MINIPORT_RESET` (`MiniportResetEx`; NULL for IMs).
pub type MINIPORT_RESET = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    AddressingReset: PBOOLEAN,
) -> NDIS_STATUS;
/// `MINIPORT_RESET_HANDLER`.
pub type MINIPORT_RESET_HANDLER = Option<MINIPORT_RESET>;

/// `MINIPORT_DEVICE_PNP_EVENT_NOTIFY` (`MiniportDevicePnPEventNotify`).
pub type MINIPORT_DEVICE_PNP_EVENT_NOTIFY = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    NetDevicePnPEvent: PNET_DEVICE_PNP_EVENT,
);
/// `MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER`.
pub type MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER = Option<MINIPORT_DEVICE_PNP_EVENT_NOTIFY>;

/// `MINIPORT_SHUTDOWN` (`MiniportShutdownEx`).
pub type MINIPORT_SHUTDOWN = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    ShutdownAction: NDIS_SHUTDOWN_ACTION,
);
/// `MINIPORT_SHUTDOWN_HANDLER`.
pub type MINIPORT_SHUTDOWN_HANDLER = Option<MINIPORT_SHUTDOWN>;

/// `MINIPORT_CANCEL_OID_REQUEST` (`MiniportCancelOidRequest`).
pub type MINIPORT_CANCEL_OID_REQUEST =
    unsafe extern "system" fn(MiniportAdapterContext: NDIS_HANDLE, RequestId: PVOID);
/// `MINIPORT_CANCEL_OID_REQUEST_HANDLER`.
pub type MINIPORT_CANCEL_OID_REQUEST_HANDLER = Option<MINIPORT_CANCEL_OID_REQUEST>;

/// `MINIPORT_DIRECT_OID_REQUEST` (`MiniportDirectOidRequest`, NDIS 6.1).
pub type MINIPORT_DIRECT_OID_REQUEST = unsafe extern "system" fn(
    MiniportAdapterContext: NDIS_HANDLE,
    OidRequest: PNDIS_OID_REQUEST,
) -> NDIS_STATUS;
/// `MINIPORT_DIRECT_OID_REQUEST_HANDLER`.
pub type MINIPORT_DIRECT_OID_REQUEST_HANDLER = Option<MINIPORT_DIRECT_OID_REQUEST>;

/// `MINIPORT_CANCEL_DIRECT_OID_REQUEST` (`MiniportCancelDirectOidRequest`, NDIS 6.1).
pub type MINIPORT_CANCEL_DIRECT_OID_REQUEST =
    unsafe extern "system" fn(MiniportAdapterContext: NDIS_HANDLE, RequestId: PVOID);
/// `MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER`.
pub type MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER = Option<MINIPORT_CANCEL_DIRECT_OID_REQUEST>;

/// `PROTOCOL_BIND_ADAPTER_EX` (`ProtocolBindAdapterEx`).
pub type PROTOCOL_BIND_ADAPTER_EX = unsafe extern "system" fn(
    ProtocolDriverContext: NDIS_HANDLE,
    BindContext: NDIS_HANDLE,
    BindParameters: PNDIS_BIND_PARAMETERS,
) -> NDIS_STATUS;
/// `BIND_HANDLER_EX`.
pub type BIND_HANDLER_EX = Option<PROTOCOL_BIND_ADAPTER_EX>;

/// `PROTOCOL_UNBIND_ADAPTER_EX` (`ProtocolUnbindAdapterEx`).
pub type PROTOCOL_UNBIND_ADAPTER_EX = unsafe extern "system" fn(
    UnbindContext: NDIS_HANDLE,
    ProtocolBindingContext: NDIS_HANDLE,
) -> NDIS_STATUS;
/// `UNBIND_HANDLER_EX`.
pub type UNBIND_HANDLER_EX = Option<PROTOCOL_UNBIND_ADAPTER_EX>;

/// `PROTOCOL_OPEN_ADAPTER_COMPLETE_EX` (`ProtocolOpenAdapterCompleteEx`).
pub type PROTOCOL_OPEN_ADAPTER_COMPLETE_EX =
    unsafe extern "system" fn(ProtocolBindingContext: NDIS_HANDLE, Status: NDIS_STATUS);
/// `OPEN_ADAPTER_COMPLETE_HANDLER_EX`.
pub type OPEN_ADAPTER_COMPLETE_HANDLER_EX = Option<PROTOCOL_OPEN_ADAPTER_COMPLETE_EX>;

/// `PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX` (`ProtocolCloseAdapterCompleteEx`).
pub type PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX =
    unsafe extern "system" fn(ProtocolBindingContext: NDIS_HANDLE);
/// `CLOSE_ADAPTER_COMPLETE_HANDLER_EX`.
pub type CLOSE_ADAPTER_COMPLETE_HANDLER_EX = Option<PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX>;

/// `PROTOCOL_NET_PNP_EVENT` (`ProtocolNetPnPEvent`).
pub type PROTOCOL_NET_PNP_EVENT = unsafe extern "system" fn(
    ProtocolBindingContext: NDIS_HANDLE,
    NetPnPEventNotification: PNET_PNP_EVENT_NOTIFICATION,
) -> NDIS_STATUS;
/// `NET_PNP_EVENT_HANDLER`.
pub type NET_PNP_EVENT_HANDLER = Option<PROTOCOL_NET_PNP_EVENT>;

/// `PROTOCOL_UNINSTALL` (`ProtocolUninstall`).
pub type PROTOCOL_UNINSTALL = unsafe extern "system" fn();
/// `UNINSTALL_PROTOCOL_HANDLER`.
pub type UNINSTALL_PROTOCOL_HANDLER = Option<PROTOCOL_UNINSTALL>;

/// `PROTOCOL_OID_REQUEST_COMPLETE` (`ProtocolOidRequestComplete`).
pub type PROTOCOL_OID_REQUEST_COMPLETE = unsafe extern "system" fn(
    ProtocolBindingContext: NDIS_HANDLE,
    OidRequest: PNDIS_OID_REQUEST,
    Status: NDIS_STATUS,
);
/// `OID_REQUEST_COMPLETE_HANDLER`.
pub type OID_REQUEST_COMPLETE_HANDLER = Option<PROTOCOL_OID_REQUEST_COMPLETE>;

/// `PROTOCOL_STATUS_EX` (`ProtocolStatusEx`).
pub type PROTOCOL_STATUS_EX = unsafe extern "system" fn(
    ProtocolBindingContext: NDIS_HANDLE,
    StatusIndication: PNDIS_STATUS_INDICATION,
);
/// `STATUS_HANDLER_EX`.
pub type STATUS_HANDLER_EX = Option<PROTOCOL_STATUS_EX>;

/// `PROTOCOL_RECEIVE_NET_BUFFER_LISTS` (`ProtocolReceiveNetBufferLists`).
pub type PROTOCOL_RECEIVE_NET_BUFFER_LISTS = unsafe extern "system" fn(
    ProtocolBindingContext: NDIS_HANDLE,
    NetBufferLists: PNET_BUFFER_LIST,
    PortNumber: NDIS_PORT_NUMBER,
    NumberOfNetBufferLists: u32,
    ReceiveFlags: u32,
);
/// `RECEIVE_NET_BUFFER_LISTS_HANDLER`.
pub type RECEIVE_NET_BUFFER_LISTS_HANDLER = Option<PROTOCOL_RECEIVE_NET_BUFFER_LISTS>;

/// `PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE` (`ProtocolSendNetBufferListsComplete`).
pub type PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE = unsafe extern "system" fn(
    ProtocolBindingContext: NDIS_HANDLE,
    NetBufferList: PNET_BUFFER_LIST,
    SendCompleteFlags: u32,
);
/// `SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER`.
pub type SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER = Option<PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE>;

/// `PROTOCOL_DIRECT_OID_REQUEST_COMPLETE` (`ProtocolDirectOidRequestComplete`, 6.1).
pub type PROTOCOL_DIRECT_OID_REQUEST_COMPLETE = unsafe extern "system" fn(
    ProtocolBindingContext: NDIS_HANDLE,
    OidRequest: PNDIS_OID_REQUEST,
    Status: NDIS_STATUS,
);
/// `DIRECT_OID_REQUEST_COMPLETE_HANDLER`.
pub type DIRECT_OID_REQUEST_COMPLETE_HANDLER = Option<PROTOCOL_DIRECT_OID_REQUEST_COMPLETE>;

/// `NDIS_MINIPORT_DRIVER_CHARACTERISTICS`, revision 2 (NDIS 6.1 through 6.70; the
/// `SynchronousOidRequestHandler` of revision 3 is NDIS 6.80).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
    /// Type `NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS`, revision 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// `NDIS_MINIPORT_MAJOR_VERSION`.
    pub MajorNdisVersion: u8,
    /// `NDIS_MINIPORT_MINOR_VERSION`.
    pub MinorNdisVersion: u8,
    /// Driver's own major version.
    pub MajorDriverVersion: u8,
    /// Driver's own minor version.
    pub MinorDriverVersion: u8,
    /// `NDIS_INTERMEDIATE_DRIVER`, `NDIS_WDM_DRIVER`.
    pub Flags: u32,
    /// MiniportSetOptions.
    pub SetOptionsHandler: SET_OPTIONS_HANDLER,
    /// MiniportInitializeEx.
    pub InitializeHandlerEx: MINIPORT_INITIALIZE_HANDLER,
    /// MiniportHaltEx.
    pub HaltHandlerEx: MINIPORT_HALT_HANDLER,
    /// MiniportDriverUnload.
    pub UnloadHandler: MINIPORT_DRIVER_UNLOAD,
    /// MiniportPause.
    pub PauseHandler: MINIPORT_PAUSE_HANDLER,
    /// MiniportRestart.
    pub RestartHandler: MINIPORT_RESTART_HANDLER,
    /// MiniportOidRequest.
    pub OidRequestHandler: MINIPORT_OID_REQUEST_HANDLER,
    /// MiniportSendNetBufferLists.
    pub SendNetBufferListsHandler: MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER,
    /// MiniportReturnNetBufferLists.
    pub ReturnNetBufferListsHandler: MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER,
    /// MiniportCancelSend.
    pub CancelSendHandler: MINIPORT_CANCEL_SEND_HANDLER,
    /// MiniportCheckForHangEx.
    pub CheckForHangHandlerEx: MINIPORT_CHECK_FOR_HANG_HANDLER,
    /// MiniportResetEx.
    pub ResetHandlerEx: MINIPORT_RESET_HANDLER,
    /// MiniportDevicePnPEventNotify.
    pub DevicePnPEventNotifyHandler: MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER,
    /// MiniportShutdownEx.
    pub ShutdownHandlerEx: MINIPORT_SHUTDOWN_HANDLER,
    /// MiniportCancelOidRequest.
    pub CancelOidRequestHandler: MINIPORT_CANCEL_OID_REQUEST_HANDLER,
    /// MiniportDirectOidRequest (revision 2).
    pub DirectOidRequestHandler: MINIPORT_DIRECT_OID_REQUEST_HANDLER,
    /// MiniportCancelDirectOidRequest (revision 2).
    pub CancelDirectOidRequestHandler: MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER,
}

/// `PNDIS_MINIPORT_DRIVER_CHARACTERISTICS`.
pub type PNDIS_MINIPORT_DRIVER_CHARACTERISTICS = *mut NDIS_MINIPORT_DRIVER_CHARACTERISTICS;

/// `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS`, revision 2 (NDIS 6.1 and later).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct NDIS_PROTOCOL_DRIVER_CHARACTERISTICS {
    /// Type `NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS`, revision 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// `NDIS_PROTOCOL_MAJOR_VERSION`.
    pub MajorNdisVersion: u8,
    /// `NDIS_PROTOCOL_MINOR_VERSION`.
    pub MinorNdisVersion: u8,
    /// Driver's own major version.
    pub MajorDriverVersion: u8,
    /// Driver's own minor version.
    pub MinorDriverVersion: u8,
    /// `NDIS_PROTOCOL_DRIVER_SUPPORTS_*`.
    pub Flags: u32,
    /// Service name of the protocol (must equal the INF's).
    pub Name: NDIS_STRING,
    /// ProtocolSetOptions.
    pub SetOptionsHandler: SET_OPTIONS_HANDLER,
    /// ProtocolBindAdapterEx.
    pub BindAdapterHandlerEx: BIND_HANDLER_EX,
    /// ProtocolUnbindAdapterEx.
    pub UnbindAdapterHandlerEx: UNBIND_HANDLER_EX,
    /// ProtocolOpenAdapterCompleteEx.
    pub OpenAdapterCompleteHandlerEx: OPEN_ADAPTER_COMPLETE_HANDLER_EX,
    /// ProtocolCloseAdapterCompleteEx.
    pub CloseAdapterCompleteHandlerEx: CLOSE_ADAPTER_COMPLETE_HANDLER_EX,
    /// ProtocolNetPnPEvent.
    pub NetPnPEventHandler: NET_PNP_EVENT_HANDLER,
    /// ProtocolUninstall.
    pub UninstallHandler: UNINSTALL_PROTOCOL_HANDLER,
    /// ProtocolOidRequestComplete.
    pub OidRequestCompleteHandler: OID_REQUEST_COMPLETE_HANDLER,
    /// ProtocolStatusEx.
    pub StatusHandlerEx: STATUS_HANDLER_EX,
    /// ProtocolReceiveNetBufferLists.
    pub ReceiveNetBufferListsHandler: RECEIVE_NET_BUFFER_LISTS_HANDLER,
    /// ProtocolSendNetBufferListsComplete.
    pub SendNetBufferListsCompleteHandler: SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER,
    /// ProtocolDirectOidRequestComplete (revision 2).
    pub DirectOidRequestCompleteHandler: DIRECT_OID_REQUEST_COMPLETE_HANDLER,
}

/// `PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS`.
pub type PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS = *mut NDIS_PROTOCOL_DRIVER_CHARACTERISTICS;

/// `NDIS_MINIPORT_MAJOR_VERSION` this driver declares (lifecycle.md LC-4).
pub const NDIS_MINIPORT_MAJOR_VERSION: u8 = 6;
/// `NDIS_MINIPORT_MINOR_VERSION` this driver declares (6.30).
pub const NDIS_MINIPORT_MINOR_VERSION: u8 = 30;
/// `NDIS_PROTOCOL_MAJOR_VERSION` this driver declares.
pub const NDIS_PROTOCOL_MAJOR_VERSION: u8 = 6;
/// `NDIS_PROTOCOL_MINOR_VERSION` this driver declares (6.30).
pub const NDIS_PROTOCOL_MINOR_VERSION: u8 = 30;

/// `NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS`.
pub const NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS: u8 = 0x8A;
/// `NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS`.
pub const NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS: u8 = 0x95;

/// `NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1` (NDIS 6.0).
pub const NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1: u8 = 1;
/// `NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2` (NDIS 6.1; used by 6.30).
pub const NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2: u8 = 2;
/// `NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1`: through
/// `CancelOidRequestHandler`.
pub const NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1: u16 = sizeof_through_field!(
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
    CancelOidRequestHandler: MINIPORT_CANCEL_OID_REQUEST_HANDLER
) as u16;
/// `NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2`: through
/// `CancelDirectOidRequestHandler`.
pub const NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2: u16 = sizeof_through_field!(
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
    CancelDirectOidRequestHandler: MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER
) as u16;

/// `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1` (NDIS 6.0).
pub const NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1: u8 = 1;
/// `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2` (NDIS 6.1; used by 6.30).
pub const NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2: u8 = 2;
/// `NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1`: through
/// `SendNetBufferListsCompleteHandler`.
pub const NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1: u16 = sizeof_through_field!(
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
    SendNetBufferListsCompleteHandler: SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER
) as u16;
/// `NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2`: through
/// `DirectOidRequestCompleteHandler`.
pub const NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2: u16 = sizeof_through_field!(
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
    DirectOidRequestCompleteHandler: DIRECT_OID_REQUEST_COMPLETE_HANDLER
) as u16;

// NDIS_MINIPORT_DRIVER_CHARACTERISTICS::Flags.
/// `NDIS_INTERMEDIATE_DRIVER`: the miniport half of an intermediate driver.
pub const NDIS_INTERMEDIATE_DRIVER: u32 = 0x0000_0001;
/// `NDIS_WDM_DRIVER`: the miniport has a WDM lower edge.
pub const NDIS_WDM_DRIVER: u32 = 0x0000_0002;
