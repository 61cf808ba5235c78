//! Plug and Play and power: the protocol-edge `NET_PNP_EVENT` /
//! `NET_PNP_EVENT_NOTIFICATION` (no `NDIS_` prefix in the WDK) with the
//! `NET_PNP_EVENT_CODE` values of NDIS 6.30 headers, the miniport-edge
//! `NET_DEVICE_PNP_EVENT`, and the two device power-state enumerations.

use offload_tree::sizeof_through_field;

use super::base::{NDIS_OBJECT_HEADER, NDIS_PORT_NUMBER, NULL, PVOID, ULONG_PTR};

ndis_enum! {
    /// `NET_PNP_EVENT_CODE` (values as in NDIS 6.30 headers).
    NET_PNP_EVENT_CODE {
        /// Set power (buffer: `NET_DEVICE_POWER_STATE`).
        NetEventSetPower = 0,
        /// Query power (buffer: `NET_DEVICE_POWER_STATE`).
        NetEventQueryPower = 1,
        /// Query remove.
        NetEventQueryRemoveDevice = 2,
        /// Remove cancelled.
        NetEventCancelRemoveDevice = 3,
        /// Reconfigure.
        NetEventReconfigure = 4,
        /// Bind list changed.
        NetEventBindList = 5,
        /// Initial binds done.
        NetEventBindsComplete = 6,
        /// PnP capabilities changed.
        NetEventPnPCapabilities = 7,
        /// Pause (buffer: `NDIS_PROTOCOL_PAUSE_PARAMETERS`).
        NetEventPause = 8,
        /// Restart (buffer: `NDIS_PROTOCOL_RESTART_PARAMETERS` or NULL).
        NetEventRestart = 9,
        /// Ports activated.
        NetEventPortActivation = 10,
        /// Ports deactivated.
        NetEventPortDeactivation = 11,
        /// IM device re-enabled.
        NetEventIMReEnableDevice = 12,
        /// NDK enabled (NDIS 6.30).
        NetEventNDKEnable = 13,
        /// NDK disabled (NDIS 6.30).
        NetEventNDKDisable = 14,
        /// Filter about to detach (NDIS 6.30).
        NetEventFilterPreDetach = 15,
        /// Bind failed (NDIS 6.30).
        NetEventBindFailed = 16,
        /// Hyper-V switch activated (NDIS 6.30).
        NetEventSwitchActivate = 17,
        /// Bound (NDIS 6.30 headers; later headers add codes).
        NetEventMaximum = 18,
    }
}

/// `NET_PNP_EVENT`: one PnP event (the `*Reserved` arrays are `ULONG_PTR[4]`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NET_PNP_EVENT {
    /// Event code.
    pub NetEvent: NET_PNP_EVENT_CODE,
    /// Event-specific buffer.
    pub Buffer: PVOID,
    /// Its size.
    pub BufferLength: u32,
    /// NDIS's scratch.
    pub NdisReserved: [ULONG_PTR; 4],
    /// Transport's scratch.
    pub TransportReserved: [ULONG_PTR; 4],
    /// TDI's scratch.
    pub TdiReserved: [ULONG_PTR; 4],
    /// TDI client's scratch.
    pub TdiClientReserved: [ULONG_PTR; 4],
}

impl Default for NET_PNP_EVENT {
    fn default() -> Self {
        Self {
            NetEvent: NET_PNP_EVENT_CODE::default(),
            Buffer: NULL,
            BufferLength: 0,
            NdisReserved: [0; 4],
            TransportReserved: [0; 4],
            TdiReserved: [0; 4],
            TdiClientReserved: [0; 4],
        }
    }
}

/// `PNET_PNP_EVENT`.
pub type PNET_PNP_EVENT = *mut NET_PNP_EVENT;

/// `NET_PNP_EVENT_NOTIFICATION`: what `ProtocolNetPnPEvent` is given.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NET_PNP_EVENT_NOTIFICATION {
    /// Type `NDIS_OBJECT_TYPE_DEFAULT`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// NDIS port the event is for.
    pub PortNumber: NDIS_PORT_NUMBER,
    /// The event.
    pub NetPnPEvent: NET_PNP_EVENT,
    /// Reserved.
    pub Flags: u32,
}

/// `PNET_PNP_EVENT_NOTIFICATION`.
pub type PNET_PNP_EVENT_NOTIFICATION = *mut NET_PNP_EVENT_NOTIFICATION;

/// `NET_PNP_EVENT_NOTIFICATION_REVISION_1`.
pub const NET_PNP_EVENT_NOTIFICATION_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1`: through `Flags`.
pub const NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1: u16 =
    sizeof_through_field!(NET_PNP_EVENT_NOTIFICATION, Flags: u32) as u16;

ndis_enum! {
    /// `NDIS_DEVICE_PNP_EVENT` (values as in NDIS 6.30 headers).
    NDIS_DEVICE_PNP_EVENT {
        /// Query remove.
        NdisDevicePnPEventQueryRemoved = 0,
        /// Removed.
        NdisDevicePnPEventRemoved = 1,
        /// Surprise removed.
        NdisDevicePnPEventSurpriseRemoved = 2,
        /// Query stop.
        NdisDevicePnPEventQueryStopped = 3,
        /// Stopped.
        NdisDevicePnPEventStopped = 4,
        /// Power profile changed.
        NdisDevicePnPEventPowerProfileChanged = 5,
        /// Filter list changed (NDIS 6.30).
        NdisDevicePnPEventFilterListChanged = 6,
        /// Bound (NDIS 6.30 headers).
        NdisDevicePnPEventMaximum = 7,
    }
}

/// `NET_DEVICE_PNP_EVENT`: what `MiniportDevicePnPEventNotify` is given.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NET_DEVICE_PNP_EVENT {
    /// Type `NDIS_OBJECT_TYPE_DEFAULT`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// NDIS port the event is for.
    pub PortNumber: NDIS_PORT_NUMBER,
    /// The event.
    pub DevicePnPEvent: NDIS_DEVICE_PNP_EVENT,
    /// Event-specific buffer.
    pub InformationBuffer: PVOID,
    /// Its size.
    pub InformationBufferLength: u32,
    /// NDIS's scratch (`2 * sizeof(PVOID)` bytes).
    pub NdisReserved: [u8; 2 * size_of::<PVOID>()],
}

impl Default for NET_DEVICE_PNP_EVENT {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            PortNumber: 0,
            DevicePnPEvent: NDIS_DEVICE_PNP_EVENT::default(),
            InformationBuffer: NULL,
            InformationBufferLength: 0,
            NdisReserved: [0; 2 * size_of::<PVOID>()],
        }
    }
}

/// `PNET_DEVICE_PNP_EVENT`.
pub type PNET_DEVICE_PNP_EVENT = *mut NET_DEVICE_PNP_EVENT;

/// `NET_DEVICE_PNP_EVENT_REVISION_1`.
pub const NET_DEVICE_PNP_EVENT_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1`: through `NdisReserved`.
pub const NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1: u16 = sizeof_through_field!(
    NET_DEVICE_PNP_EVENT,
    NdisReserved: [u8; 2 * size_of::<PVOID>()]
) as u16;

ndis_enum! {
    /// `NET_DEVICE_POWER_STATE`: buffer of `NetEventSetPower`/`NetEventQueryPower`.
    NET_DEVICE_POWER_STATE {
        /// Unspecified.
        NetDeviceStateUnspecified = 0,
        /// Fully on.
        NetDeviceStateD0 = 1,
        /// D1.
        NetDeviceStateD1 = 2,
        /// D2.
        NetDeviceStateD2 = 3,
        /// Off.
        NetDeviceStateD3 = 4,
        /// Bound.
        NetDeviceStateMaximum = 5,
    }
}

ndis_enum! {
    /// `NDIS_DEVICE_POWER_STATE`: payload of `OID_PNP_SET_POWER`/`OID_PNP_QUERY_POWER`
    /// and of the wake-up capabilities.
    NDIS_DEVICE_POWER_STATE {
        /// Unspecified (also "cannot wake").
        NdisDeviceStateUnspecified = 0,
        /// Fully on.
        NdisDeviceStateD0 = 1,
        /// D1.
        NdisDeviceStateD1 = 2,
        /// D2.
        NdisDeviceStateD2 = 3,
        /// Off.
        NdisDeviceStateD3 = 4,
        /// Bound.
        NdisDeviceStateMaximum = 5,
    }
}
