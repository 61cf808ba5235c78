//! Registration of the chimney optional handlers (OP-2, OP-3, DP-1, DP-2, EV-60): the
//! provider tables from MiniportSetOptions and the client tables from
//! ProtocolSetOptions, each with NdisSetOptionalHandlers on the driver handle NDIS
//! passed to the callback.

use core::mem::size_of;

use offload_tree::abi::{
    NDIS_CHIMNEY_OFFLOAD_TYPE, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
    NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS,
    NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1, NDIS_OBJECT_HEADER,
    NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS,
    NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
    NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS,
    NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS,
    NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
    NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
};

use super::{relay, tcp};
use crate::ndis::{NDIS_HANDLE, NDIS_STATUS, NDIS_STATUS_SUCCESS};
use crate::platform::Ndis;

/// Revision 1 of the provider tables (no header constant: ST-6.23, ST-6.24).
const PROVIDER_REVISION_1: u8 = 1;

/// The provider generic table (OP-2).
#[must_use]
pub fn provider_generic<N: Ndis>() -> NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
            PROVIDER_REVISION_1,
            size_of::<NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS>() as u16,
        ),
        Flags: 0,
        InitiateOffloadHandler: Some(relay::initiate::<N>),
        TerminateOffloadHandler: Some(relay::terminate::<N>),
        UpdateOffloadHandler: Some(relay::update::<N>),
        InvalidateOffloadHandler: Some(relay::invalidate::<N>),
        QueryOffloadHandler: Some(relay::query::<N>),
    }
}

/// The provider TCP table (DP-1).
#[must_use]
pub fn provider_tcp<N: Ndis>() -> NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS,
            PROVIDER_REVISION_1,
            size_of::<NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS>() as u16,
        ),
        Flags: 0,
        OffloadType: NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload,
        TcpOffloadSendHandler: Some(tcp::send::<N>),
        TcpOffloadReceiveHandler: Some(tcp::receive::<N>),
        TcpOffloadDisconnectHandler: Some(tcp::disconnect::<N>),
        TcpOffloadForwardHandler: Some(tcp::forward::<N>),
        TcpOffloadReceiveReturnHandler: Some(tcp::receive_return::<N>),
    }
}

/// The client generic table (OP-3).
#[must_use]
pub fn client_generic<N: Ndis>() -> NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
            NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
            NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
        ),
        Flags: 0,
        InitiateOffloadCompleteHandler: Some(relay::initiate_complete::<N>),
        TerminateOffloadCompleteHandler: Some(relay::terminate_complete::<N>),
        UpdateOffloadCompleteHandler: Some(relay::update_complete::<N>),
        InvalidateOffloadCompleteHandler: Some(relay::invalidate_complete::<N>),
        QueryOffloadCompleteHandler: Some(relay::query_complete::<N>),
        IndicateOffloadEventHandler: Some(tcp::indicate_offload_event::<N>),
    }
}

/// The client TCP table (DP-2).
#[must_use]
pub fn client_tcp<N: Ndis>() -> NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS,
            NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
            NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
        ),
        Flags: 0,
        OffloadType: NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload,
        TcpOffloadSendCompleteHandler: Some(tcp::send_complete::<N>),
        TcpOffloadReceiveCompleteHandler: Some(tcp::receive_complete::<N>),
        TcpOffloadDisconnectCompleteHandler: Some(tcp::disconnect_complete::<N>),
        TcpOffloadForwardCompleteHandler: Some(tcp::forward_complete::<N>),
        TcpOffloadEventHandler: Some(tcp::lower_event::<N>),
        TcpOffloadReceiveIndicateHandler: Some(tcp::lower_receive_indicate::<N>),
    }
}

/// MiniportSetOptions part (OP-2, DP-1): the first failure is returned (LC-8).
pub(crate) fn miniport<N: Ndis>(driver_handle: NDIS_HANDLE) -> NDIS_STATUS {
    let mut generic = provider_generic::<N>();
    // SAFETY: inside MiniportSetOptions with the driver handle NDIS passed; the table
    // lives for the call (NDIS copies it).
    let s = unsafe { N::ndis_set_optional_handlers(driver_handle, (&raw mut generic).cast()) };
    if s != NDIS_STATUS_SUCCESS {
        return s;
    }
    let mut tcp = provider_tcp::<N>();
    // SAFETY: as above.
    unsafe { N::ndis_set_optional_handlers(driver_handle, (&raw mut tcp).cast()) }
}

/// ProtocolSetOptions part (OP-3, DP-2): the first failure is returned (LC-8).
pub(crate) fn protocol<N: Ndis>(driver_handle: NDIS_HANDLE) -> NDIS_STATUS {
    let mut generic = client_generic::<N>();
    // SAFETY: inside ProtocolSetOptions with the handle NDIS passed; the table lives
    // for the call (NDIS copies it).
    let s = unsafe { N::ndis_set_optional_handlers(driver_handle, (&raw mut generic).cast()) };
    if s != NDIS_STATUS_SUCCESS {
        return s;
    }
    let mut tcp = client_tcp::<N>();
    // SAFETY: as above.
    unsafe { N::ndis_set_optional_handlers(driver_handle, (&raw mut tcp).cast()) }
}
