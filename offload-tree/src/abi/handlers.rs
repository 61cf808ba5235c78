//! Handler signatures (ST-7: the 28 function-pointer typedefs, as
//! `Option<unsafe extern "system" fn>` so a NULL table entry is representable), the
//! 17 NDIS.SYS prototypes (ST-8) as function types, and the registration and event
//! handler tables (ST-6.18..ST-6.21, ST-6.23..ST-6.26).

use core::mem::size_of;

use super::base::{NDIS_HANDLE, NDIS_OBJECT_HEADER, NDIS_STATUS, PNET_BUFFER_LIST, PVOID};
use super::block::{
    PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST, PNDIS_OFFLOAD_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
};
use super::enums::NDIS_CHIMNEY_OFFLOAD_TYPE;
use crate::sizeof_through_field;

// ST-7.1: implemented by a protocol / the IM's protocol half.
/// #31: initiate completion to the protocol.
pub type INITIATE_OFFLOAD_COMPLETE_HANDLER = Option<
    unsafe extern "system" fn(
        ProtocolBindingContext: NDIS_HANDLE,
        OffloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ),
>;
/// #32: terminate completion to the protocol.
pub type TERMINATE_OFFLOAD_COMPLETE_HANDLER = INITIATE_OFFLOAD_COMPLETE_HANDLER;
/// #33: invalidate completion to the protocol.
pub type INVALIDATE_OFFLOAD_COMPLETE_HANDLER = INITIATE_OFFLOAD_COMPLETE_HANDLER;
/// #34: update completion to the protocol.
pub type UPDATE_OFFLOAD_COMPLETE_HANDLER = INITIATE_OFFLOAD_COMPLETE_HANDLER;
/// #35: query completion to the protocol.
pub type QUERY_OFFLOAD_COMPLETE_HANDLER = INITIATE_OFFLOAD_COMPLETE_HANDLER;
/// #36: neighbor offload event to the protocol.
pub type INDICATE_OFFLOAD_EVENT_HANDLER = Option<
    unsafe extern "system" fn(
        ProtocolBindingContext: NDIS_HANDLE,
        OffloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
        IndicationCode: u32,
    ),
>;
/// #37: offloaded send completion to the protocol.
pub type TCP_OFFLOAD_SEND_COMPLETE_HANDLER = Option<
    unsafe extern "system" fn(ProtocolBindingContext: NDIS_HANDLE, NetBufferList: PNET_BUFFER_LIST),
>;
/// #38: posted-receive completion to the protocol.
pub type TCP_OFFLOAD_RECV_COMPLETE_HANDLER = TCP_OFFLOAD_SEND_COMPLETE_HANDLER;
/// #39: disconnect completion to the protocol.
pub type TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER = TCP_OFFLOAD_SEND_COMPLETE_HANDLER;
/// #40: forward completion to the protocol.
pub type TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER = TCP_OFFLOAD_SEND_COMPLETE_HANDLER;
/// #41: TCP event to the protocol; `OffloadContext` is its own PNDIS_OFFLOAD_HANDLE.
pub type TCP_OFFLOAD_EVENT_HANDLER = Option<
    unsafe extern "system" fn(OffloadContext: PVOID, EventType: u32, EventSpecificInformation: u32),
>;
/// #42: receive indication to the protocol.
pub type TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER = Option<
    unsafe extern "system" fn(
        OffloadContext: PVOID,
        NetBufferList: PNET_BUFFER_LIST,
        Status: NDIS_STATUS,
        BytesConsumed: *mut u32,
    ) -> NDIS_STATUS,
>;

// ST-7.2: implemented by a miniport / the IM's miniport half.
/// #62: initiate.
pub type W_INITIATE_OFFLOAD_HANDLER = Option<
    unsafe extern "system" fn(
        MiniportAdapterContext: NDIS_HANDLE,
        OffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ),
>;
/// #63: terminate.
pub type W_TERMINATE_OFFLOAD_HANDLER = W_INITIATE_OFFLOAD_HANDLER;
/// #64: invalidate.
pub type W_INVALIDATE_OFFLOAD_HANDLER = W_INITIATE_OFFLOAD_HANDLER;
/// #65: update.
pub type W_UPDATE_OFFLOAD_HANDLER = W_INITIATE_OFFLOAD_HANDLER;
/// #66: query.
pub type W_QUERY_OFFLOAD_HANDLER = W_INITIATE_OFFLOAD_HANDLER;
/// #67: offloaded send; `MiniportOffloadContext` is the context value (ST-7.2).
pub type W_TCP_OFFLOAD_SEND_HANDLER = Option<
    unsafe extern "system" fn(
        MiniportAdapterContext: NDIS_HANDLE,
        MiniportOffloadContext: PVOID,
        NetBufferList: PNET_BUFFER_LIST,
    ) -> NDIS_STATUS,
>;
/// #68: receive post.
pub type W_TCP_OFFLOAD_RECEIVE_HANDLER = W_TCP_OFFLOAD_SEND_HANDLER;
/// #69: disconnect with TCP_DISCONNECT_* flags.
pub type W_TCP_OFFLOAD_DISCONNECT_HANDLER = Option<
    unsafe extern "system" fn(
        MiniportAdapterContext: NDIS_HANDLE,
        MiniportOffloadContext: PVOID,
        NetBufferList: PNET_BUFFER_LIST,
        Flags: u32,
    ) -> NDIS_STATUS,
>;
/// #70: forward.
pub type W_TCP_OFFLOAD_FORWARD_HANDLER = W_TCP_OFFLOAD_SEND_HANDLER;
/// #71: receive return.
pub type W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER = Option<
    unsafe extern "system" fn(
        MiniportAdapterContext: NDIS_HANDLE,
        NetBufferList: PNET_BUFFER_LIST,
    ) -> NDIS_STATUS,
>;

// ST-7.3: implemented by NDIS, obtained with NdisMGetOffloadHandlers.
/// #80: send completion up.
pub type NDIS_TCP_OFFLOAD_SEND_COMPLETE = Option<
    unsafe extern "system" fn(NdisMiniportHandle: NDIS_HANDLE, NetBufferList: PNET_BUFFER_LIST),
>;
/// #81: receive completion up.
pub type NDIS_TCP_OFFLOAD_RECEIVE_COMPLETE = NDIS_TCP_OFFLOAD_SEND_COMPLETE;
/// #82: disconnect completion up.
pub type NDIS_TCP_OFFLOAD_DISCONNECT_COMPLETE = NDIS_TCP_OFFLOAD_SEND_COMPLETE;
/// #83: forward completion up.
pub type NDIS_TCP_OFFLOAD_FORWARD_COMPLETE = NDIS_TCP_OFFLOAD_SEND_COMPLETE;
/// #84: TCP event up.
pub type NDIS_TCP_OFFLOAD_EVENT_INDICATE = Option<
    unsafe extern "system" fn(
        NdisOffloadHandle: NDIS_HANDLE,
        EventType: u32,
        EventSpecificInformation: u32,
    ),
>;
/// #85: receive indication up.
pub type NDIS_TCP_OFFLOAD_RECEIVE_INDICATE = Option<
    unsafe extern "system" fn(
        NdisOffloadHandle: NDIS_HANDLE,
        NetBufferList: PNET_BUFFER_LIST,
        Status: NDIS_STATUS,
        BytesConsumed: *mut u32,
    ) -> NDIS_STATUS,
>;

// ST-8: the NDIS.SYS prototypes, as the function types the seam forwards to.
/// #51–55: NdisInitiateOffload, NdisTerminateOffload, NdisInvalidateOffload,
/// NdisUpdateOffload, NdisQueryOffloadState.
pub type NdisStateOperationFn = unsafe extern "system" fn(
    NdisBindingHandle: NDIS_HANDLE,
    OffloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
);
/// #56, #57, #59: NdisOffloadTcpSend, NdisOffloadTcpReceive, NdisOffloadTcpForward.
pub type NdisOffloadTcpIoFn = unsafe extern "system" fn(
    NdisOffloadHandle: PNDIS_OFFLOAD_HANDLE,
    NetBufferList: PNET_BUFFER_LIST,
) -> NDIS_STATUS;
/// #58: NdisOffloadTcpDisconnect.
pub type NdisOffloadTcpDisconnectFn = unsafe extern "system" fn(
    NdisOffloadHandle: PNDIS_OFFLOAD_HANDLE,
    NetBufferList: PNET_BUFFER_LIST,
    Flags: u32,
) -> NDIS_STATUS;
/// #60: NdisOffloadTcpReceiveReturn.
pub type NdisOffloadTcpReceiveReturnFn =
    unsafe extern "system" fn(NdisBindingHandle: NDIS_HANDLE, NetBufferList: PNET_BUFFER_LIST);
/// #74–78: NdisMInitiateOffloadComplete … NdisMQueryOffloadStateComplete.
pub type NdisMStateCompleteFn = unsafe extern "system" fn(
    NdisMiniportHandle: NDIS_HANDLE,
    OffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
);
/// #79: NdisMOffloadEventIndicate.
pub type NdisMOffloadEventIndicateFn = unsafe extern "system" fn(
    NdisMiniportHandle: NDIS_HANDLE,
    OffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    IndicationCode: u32,
);
/// #87: NdisMGetOffloadHandlers.
pub type NdisMGetOffloadHandlersFn = unsafe extern "system" fn(
    NdisMiniportHandle: NDIS_HANDLE,
    ChimneyType: NDIS_CHIMNEY_OFFLOAD_TYPE,
    OffloadHandlers: *mut *mut NDIS_OFFLOAD_EVENT_HANDLERS,
) -> NDIS_STATUS;

/// NDIS_DRIVER_OPTIONAL_HANDLERS (ndis.h): the generic head NdisSetOptionalHandlers
/// takes; every characteristics structure below is passed by casting its address.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_DRIVER_OPTIONAL_HANDLERS {
    /// Says which characteristics structure this is.
    pub Header: NDIS_OBJECT_HEADER,
}

/// NDIS_OFFLOAD_CLIENT_HANDLERS (ST-6.18): undocumented generic head.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_OFFLOAD_CLIENT_HANDLERS {
    /// Object header.
    pub Header: NDIS_OBJECT_HEADER,
}

/// NDIS_TCP_OFFLOAD_CLIENT_HANDLERS (ST-6.19): undocumented; not used for registration.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct NDIS_TCP_OFFLOAD_CLIENT_HANDLERS {
    /// Object header.
    pub Header: NDIS_OBJECT_HEADER,
    /// #37.
    pub TcpOffloadSendCompleteHandler: TCP_OFFLOAD_SEND_COMPLETE_HANDLER,
    /// #38.
    pub TcpOffloadReceiveCompleteHandler: TCP_OFFLOAD_RECV_COMPLETE_HANDLER,
    /// #39.
    pub TcpOffloadDisconnectCompleteHandler: TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER,
    /// #40.
    pub TcpOffloadForwardCompleteHandler: TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER,
    /// #41.
    pub TcpOffloadEventHandler: TCP_OFFLOAD_EVENT_HANDLER,
    /// #42.
    pub TcpOffloadReceiveIndicateHandler: TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER,
}

/// NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS (ST-6.20): the protocol half's
/// state-operation completions (OP-3). Type 0x8E.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    /// Type 0x8E, Revision 1, Size NDIS_SIZEOF_…_REVISION_1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Reserved; 0.
    pub Flags: u32,
    /// #31.
    pub InitiateOffloadCompleteHandler: INITIATE_OFFLOAD_COMPLETE_HANDLER,
    /// #32.
    pub TerminateOffloadCompleteHandler: TERMINATE_OFFLOAD_COMPLETE_HANDLER,
    /// #34 (update before invalidate).
    pub UpdateOffloadCompleteHandler: UPDATE_OFFLOAD_COMPLETE_HANDLER,
    /// #33.
    pub InvalidateOffloadCompleteHandler: INVALIDATE_OFFLOAD_COMPLETE_HANDLER,
    /// #35.
    pub QueryOffloadCompleteHandler: QUERY_OFFLOAD_COMPLETE_HANDLER,
    /// #36.
    pub IndicateOffloadEventHandler: INDICATE_OFFLOAD_EVENT_HANDLER,
}

/// `NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1`.
pub const NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1: u16 = sizeof_through_field!(
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
    IndicateOffloadEventHandler: INDICATE_OFFLOAD_EVENT_HANDLER
) as u16;

/// NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS (ST-6.21): the protocol half's TCP
/// completions and indications. Type 0x93.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    /// Type 0x93, Revision 1, Size NDIS_SIZEOF_…_REVISION_1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Reserved; 0.
    pub Flags: u32,
    /// Must be NdisTcpChimneyOffload.
    pub OffloadType: NDIS_CHIMNEY_OFFLOAD_TYPE,
    /// #37.
    pub TcpOffloadSendCompleteHandler: TCP_OFFLOAD_SEND_COMPLETE_HANDLER,
    /// #38.
    pub TcpOffloadReceiveCompleteHandler: TCP_OFFLOAD_RECV_COMPLETE_HANDLER,
    /// #39.
    pub TcpOffloadDisconnectCompleteHandler: TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER,
    /// #40.
    pub TcpOffloadForwardCompleteHandler: TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER,
    /// #41.
    pub TcpOffloadEventHandler: TCP_OFFLOAD_EVENT_HANDLER,
    /// #42.
    pub TcpOffloadReceiveIndicateHandler: TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER,
}

/// `NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1`.
pub const NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1: u16 = sizeof_through_field!(
    NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS,
    TcpOffloadReceiveIndicateHandler: TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER
) as u16;

/// NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS (ST-6.23): the miniport
/// half's five state operations (OP-2). Type 0x8F; Revision 1 and Size = `size_of`
/// are this project's choice (no header constant; NDIS does not check, ST-8.1).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    /// Type 0x8F.
    pub Header: NDIS_OBJECT_HEADER,
    /// Reserved; 0.
    pub Flags: u32,
    /// #62.
    pub InitiateOffloadHandler: W_INITIATE_OFFLOAD_HANDLER,
    /// #63.
    pub TerminateOffloadHandler: W_TERMINATE_OFFLOAD_HANDLER,
    /// #65 (update before invalidate).
    pub UpdateOffloadHandler: W_UPDATE_OFFLOAD_HANDLER,
    /// #64.
    pub InvalidateOffloadHandler: W_INVALIDATE_OFFLOAD_HANDLER,
    /// #66.
    pub QueryOffloadHandler: W_QUERY_OFFLOAD_HANDLER,
}

/// NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS (ST-6.24): the miniport half's
/// offloaded I/O handlers. Type 0x94; OffloadType must be NdisTcpChimneyOffload.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    /// Type 0x94.
    pub Header: NDIS_OBJECT_HEADER,
    /// Reserved; 0.
    pub Flags: u32,
    /// NdisTcpChimneyOffload.
    pub OffloadType: NDIS_CHIMNEY_OFFLOAD_TYPE,
    /// #67.
    pub TcpOffloadSendHandler: W_TCP_OFFLOAD_SEND_HANDLER,
    /// #68.
    pub TcpOffloadReceiveHandler: W_TCP_OFFLOAD_RECEIVE_HANDLER,
    /// #69.
    pub TcpOffloadDisconnectHandler: W_TCP_OFFLOAD_DISCONNECT_HANDLER,
    /// #70.
    pub TcpOffloadForwardHandler: W_TCP_OFFLOAD_FORWARD_HANDLER,
    /// #71.
    pub TcpOffloadReceiveReturnHandler: W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER,
}

/// NDIS_OFFLOAD_EVENT_HANDLERS (ST-6.25): generic head of NdisMGetOffloadHandlers's table.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_OFFLOAD_EVENT_HANDLERS {
    /// Type = the chimney type (1), Revision and Size of the specific table.
    pub Header: NDIS_OBJECT_HEADER,
}

/// NDIS_TCP_OFFLOAD_EVENT_HANDLERS (ST-6.26): NDIS's entry points for indicating TCP
/// completions and events upward. Indications first, then completions (order trap).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct NDIS_TCP_OFFLOAD_EVENT_HANDLERS {
    /// Type 1 (NdisTcpChimneyOffload), Revision ≥ 1, Size ≥ NDIS_SIZEOF_…_REVISION_1.
    pub Header: NDIS_OBJECT_HEADER,
    /// #84.
    pub NdisTcpOffloadEventHandler: NDIS_TCP_OFFLOAD_EVENT_INDICATE,
    /// #85.
    pub NdisTcpOffloadReceiveHandler: NDIS_TCP_OFFLOAD_RECEIVE_INDICATE,
    /// #80.
    pub NdisTcpOffloadSendComplete: NDIS_TCP_OFFLOAD_SEND_COMPLETE,
    /// #81.
    pub NdisTcpOffloadReceiveComplete: NDIS_TCP_OFFLOAD_RECEIVE_COMPLETE,
    /// #82.
    pub NdisTcpOffloadDisconnectComplete: NDIS_TCP_OFFLOAD_DISCONNECT_COMPLETE,
    /// #83.
    pub NdisTcpOffloadForwardComplete: NDIS_TCP_OFFLOAD_FORWARD_COMPLETE,
}

/// `NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1`.
pub const NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1: u16 = sizeof_through_field!(
    NDIS_TCP_OFFLOAD_EVENT_HANDLERS,
    NdisTcpOffloadForwardComplete: NDIS_TCP_OFFLOAD_FORWARD_COMPLETE
) as u16;

/// Size this project stamps into the provider characteristics' Header.Size.
pub const NDIS_SIZEOF_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS: u16 =
    size_of::<NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS>() as u16;
/// Size this project stamps into the provider TCP characteristics' Header.Size.
pub const NDIS_SIZEOF_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS: u16 =
    size_of::<NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS>() as u16;
