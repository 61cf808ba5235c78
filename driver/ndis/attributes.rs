//! Miniport adapter attributes set with `NdisMSetMiniportAttributes` from
//! `MiniportInitializeEx`: registration (revision 2 under NDIS 6.30), general
//! (revision 2), the add-device registration attributes, and the
//! `NDIS_MINIPORT_ADAPTER_ATTRIBUTES` union the call takes. The offload attributes are
//! `offload_tree::abi::NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES`.

use core::ptr::null_mut;

use offload_tree::abi::NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
use offload_tree::sizeof_through_field;

use super::base::{
    BOOLEAN, NDIS_HANDLE, NDIS_INTERFACE_TYPE, NDIS_MAX_PHYS_ADDRESS_LENGTH,
    NDIS_MEDIA_CONNECT_STATE, NDIS_MEDIA_DUPLEX_STATE, NDIS_MEDIUM, NDIS_OBJECT_HEADER,
    NDIS_PHYSICAL_MEDIUM, NDIS_PM_CAPABILITIES, NDIS_PNP_CAPABILITIES,
    NDIS_RECEIVE_SCALE_CAPABILITIES, NET_IF_ACCESS_TYPE, NET_IF_CONNECTION_TYPE,
    NET_IF_DIRECTION_TYPE, NET_IFTYPE, NULL, PNDIS_OID, ULONG64,
};

/// `NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES` (revisions 1 and 2 have the same
/// members; revision 2 only allows the NDIS 6.30 `AttributeFlags`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
    /// Type `NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES`.
    pub Header: NDIS_OBJECT_HEADER,
    /// The adapter context NDIS passes back to every MiniportXxx call.
    pub MiniportAdapterContext: NDIS_HANDLE,
    /// `NDIS_MINIPORT_ATTRIBUTES_*`.
    pub AttributeFlags: u32,
    /// 0 = no hang check.
    pub CheckForHangTimeInSeconds: u32,
    /// Bus type.
    pub InterfaceType: NDIS_INTERFACE_TYPE,
}

impl Default for NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            MiniportAdapterContext: NULL,
            AttributeFlags: 0,
            CheckForHangTimeInSeconds: 0,
            InterfaceType: NDIS_INTERFACE_TYPE::default(),
        }
    }
}

/// `PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES`.
pub type PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES =
    *mut NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;

/// `NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES`.
pub const NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES: u8 = 0x9E;
/// `NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1` (NDIS 6.0).
pub const NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1: u8 = 1;
/// `NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2` (NDIS 6.30).
pub const NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2: u8 = 2;
/// `NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1`: through
/// `InterfaceType`.
pub const NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1: u16 = sizeof_through_field!(
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
    InterfaceType: NDIS_INTERFACE_TYPE
) as u16;
/// `NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2`: through
/// `InterfaceType` (same members as revision 1).
pub const NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2: u16 =
    NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;

// NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES::AttributeFlags.
/// `NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE`.
pub const NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE: u32 = 0x0000_0001;
/// `NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM`.
pub const NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM: u32 = 0x0000_0002;
/// `NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK`.
pub const NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK: u32 = 0x0000_0004;
/// `NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS`.
pub const NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS: u32 = 0x0000_0008;
/// `NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO`.
pub const NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO: u32 = 0x0000_0010;
/// `NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND` (required for IMs).
pub const NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND: u32 = 0x0000_0020;
/// `NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER`.
pub const NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER: u32 = 0x0000_0040;
/// `NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT`.
pub const NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT: u32 = 0x0000_0080;
/// `NDIS_MINIPORT_ATTRIBUTES_NO_PAUSE_ON_SUSPEND` (NDIS 6.30).
pub const NDIS_MINIPORT_ATTRIBUTES_NO_PAUSE_ON_SUSPEND: u32 = 0x0000_0100;
/// `NDIS_MINIPORT_ATTRIBUTES_NO_OID_INTERCEPT_ON_NONDEFAULT_PORTS` (NDIS 6.30).
pub const NDIS_MINIPORT_ATTRIBUTES_NO_OID_INTERCEPT_ON_NONDEFAULT_PORTS: u32 = 0x0000_0200;
/// `NDIS_MINIPORT_ATTRIBUTES_REGISTER_BUGCHECK_CALLBACK` (NDIS 6.30).
pub const NDIS_MINIPORT_ATTRIBUTES_REGISTER_BUGCHECK_CALLBACK: u32 = 0x0000_0400;

/// `NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES`, revision 2 (NDIS 6.20 and later).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
    /// Type `NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES`, revision 1 or 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// Reserved.
    pub Flags: u32,
    /// Medium.
    pub MediaType: NDIS_MEDIUM,
    /// Physical medium.
    pub PhysicalMediumType: NDIS_PHYSICAL_MEDIUM,
    /// MTU in bytes.
    pub MtuSize: u32,
    /// Maximum transmit speed.
    pub MaxXmitLinkSpeed: ULONG64,
    /// Current transmit speed.
    pub XmitLinkSpeed: ULONG64,
    /// Maximum receive speed.
    pub MaxRcvLinkSpeed: ULONG64,
    /// Current receive speed.
    pub RcvLinkSpeed: ULONG64,
    /// Link state.
    pub MediaConnectState: NDIS_MEDIA_CONNECT_STATE,
    /// Duplex.
    pub MediaDuplexState: NDIS_MEDIA_DUPLEX_STATE,
    /// Lookahead size.
    pub LookaheadSize: u32,
    /// Pre-6.20 power capabilities (NULL from NDIS 6.20 on).
    pub PowerManagementCapabilities: *mut NDIS_PNP_CAPABILITIES,
    /// `NDIS_MAC_OPTION_*`.
    pub MacOptions: u32,
    /// `NDIS_PACKET_TYPE_*`.
    pub SupportedPacketFilters: u32,
    /// Multicast list capacity.
    pub MaxMulticastListSize: u32,
    /// Bytes of MAC address used.
    pub MacAddressLength: u16,
    /// Factory MAC address.
    pub PermanentMacAddress: [u8; NDIS_MAX_PHYS_ADDRESS_LENGTH],
    /// Current MAC address.
    pub CurrentMacAddress: [u8; NDIS_MAX_PHYS_ADDRESS_LENGTH],
    /// RSS capabilities, if any.
    pub RecvScaleCapabilities: *mut NDIS_RECEIVE_SCALE_CAPABILITIES,
    /// Access type.
    pub AccessType: NET_IF_ACCESS_TYPE,
    /// Direction.
    pub DirectionType: NET_IF_DIRECTION_TYPE,
    /// Connection type.
    pub ConnectionType: NET_IF_CONNECTION_TYPE,
    /// IANA interface type.
    pub IfType: NET_IFTYPE,
    /// Whether a physical connector is present (FALSE for a virtual miniport).
    pub IfConnectorPresent: BOOLEAN,
    /// `NDIS_STATISTICS_*_SUPPORTED`.
    pub SupportedStatistics: u32,
    /// 802.3 pause functions.
    pub SupportedPauseFunctions: u32,
    /// Data backfill.
    pub DataBackFillSize: u32,
    /// Context backfill.
    pub ContextBackFillSize: u32,
    /// OIDs the miniport answers.
    pub SupportedOidList: PNDIS_OID,
    /// Bytes of `SupportedOidList`.
    pub SupportedOidListLength: u32,
    /// Auto-negotiation flags.
    pub AutoNegotiationFlags: u32,
    /// NDIS 6.20 power capabilities (revision 2).
    pub PowerManagementCapabilitiesEx: *mut NDIS_PM_CAPABILITIES,
}

impl Default for NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            Flags: 0,
            MediaType: NDIS_MEDIUM::default(),
            PhysicalMediumType: NDIS_PHYSICAL_MEDIUM::default(),
            MtuSize: 0,
            MaxXmitLinkSpeed: ULONG64(0),
            XmitLinkSpeed: ULONG64(0),
            MaxRcvLinkSpeed: ULONG64(0),
            RcvLinkSpeed: ULONG64(0),
            MediaConnectState: NDIS_MEDIA_CONNECT_STATE::default(),
            MediaDuplexState: NDIS_MEDIA_DUPLEX_STATE::default(),
            LookaheadSize: 0,
            PowerManagementCapabilities: null_mut(),
            MacOptions: 0,
            SupportedPacketFilters: 0,
            MaxMulticastListSize: 0,
            MacAddressLength: 0,
            PermanentMacAddress: [0; NDIS_MAX_PHYS_ADDRESS_LENGTH],
            CurrentMacAddress: [0; NDIS_MAX_PHYS_ADDRESS_LENGTH],
            RecvScaleCapabilities: null_mut(),
            AccessType: NET_IF_ACCESS_TYPE::default(),
            DirectionType: NET_IF_DIRECTION_TYPE::default(),
            ConnectionType: NET_IF_CONNECTION_TYPE::default(),
            IfType: 0,
            IfConnectorPresent: 0,
            SupportedStatistics: 0,
            SupportedPauseFunctions: 0,
            DataBackFillSize: 0,
            ContextBackFillSize: 0,
            SupportedOidList: null_mut(),
            SupportedOidListLength: 0,
            AutoNegotiationFlags: 0,
            PowerManagementCapabilitiesEx: null_mut(),
        }
    }
}

/// `PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES`.
pub type PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES = *mut NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;

/// `NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES`.
pub const NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES: u8 = 0x9F;
/// `NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1` (NDIS 6.0).
pub const NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1: u8 = 1;
/// `NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2` (NDIS 6.20).
pub const NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2: u8 = 2;
/// `NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1`: through
/// `AutoNegotiationFlags`.
pub const NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1: u16 = sizeof_through_field!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, AutoNegotiationFlags: u32)
    as u16;
/// `NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2`: through
/// `PowerManagementCapabilitiesEx`.
pub const NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2: u16 = sizeof_through_field!(
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
    PowerManagementCapabilitiesEx: *mut NDIS_PM_CAPABILITIES
) as u16;

// NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES::SupportedStatistics.
/// `NDIS_STATISTICS_XMIT_OK_SUPPORTED`.
pub const NDIS_STATISTICS_XMIT_OK_SUPPORTED: u32 = 0x0000_0001;
/// `NDIS_STATISTICS_RCV_OK_SUPPORTED`.
pub const NDIS_STATISTICS_RCV_OK_SUPPORTED: u32 = 0x0000_0002;
/// `NDIS_STATISTICS_XMIT_ERROR_SUPPORTED`.
pub const NDIS_STATISTICS_XMIT_ERROR_SUPPORTED: u32 = 0x0000_0004;
/// `NDIS_STATISTICS_RCV_ERROR_SUPPORTED`.
pub const NDIS_STATISTICS_RCV_ERROR_SUPPORTED: u32 = 0x0000_0008;
/// `NDIS_STATISTICS_RCV_NO_BUFFER_SUPPORTED`.
pub const NDIS_STATISTICS_RCV_NO_BUFFER_SUPPORTED: u32 = 0x0000_0010;
/// `NDIS_STATISTICS_DIRECTED_BYTES_XMIT_SUPPORTED`.
pub const NDIS_STATISTICS_DIRECTED_BYTES_XMIT_SUPPORTED: u32 = 0x0000_0020;
/// `NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED`.
pub const NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED: u32 = 0x0000_0040;
/// `NDIS_STATISTICS_MULTICAST_BYTES_XMIT_SUPPORTED`.
pub const NDIS_STATISTICS_MULTICAST_BYTES_XMIT_SUPPORTED: u32 = 0x0000_0080;
/// `NDIS_STATISTICS_MULTICAST_FRAMES_XMIT_SUPPORTED`.
pub const NDIS_STATISTICS_MULTICAST_FRAMES_XMIT_SUPPORTED: u32 = 0x0000_0100;
/// `NDIS_STATISTICS_BROADCAST_BYTES_XMIT_SUPPORTED`.
pub const NDIS_STATISTICS_BROADCAST_BYTES_XMIT_SUPPORTED: u32 = 0x0000_0200;
/// `NDIS_STATISTICS_BROADCAST_FRAMES_XMIT_SUPPORTED`.
pub const NDIS_STATISTICS_BROADCAST_FRAMES_XMIT_SUPPORTED: u32 = 0x0000_0400;
/// `NDIS_STATISTICS_DIRECTED_BYTES_RCV_SUPPORTED`.
pub const NDIS_STATISTICS_DIRECTED_BYTES_RCV_SUPPORTED: u32 = 0x0000_0800;
/// `NDIS_STATISTICS_DIRECTED_FRAMES_RCV_SUPPORTED`.
pub const NDIS_STATISTICS_DIRECTED_FRAMES_RCV_SUPPORTED: u32 = 0x0000_1000;
/// `NDIS_STATISTICS_MULTICAST_BYTES_RCV_SUPPORTED`.
pub const NDIS_STATISTICS_MULTICAST_BYTES_RCV_SUPPORTED: u32 = 0x0000_2000;
/// `NDIS_STATISTICS_MULTICAST_FRAMES_RCV_SUPPORTED`.
pub const NDIS_STATISTICS_MULTICAST_FRAMES_RCV_SUPPORTED: u32 = 0x0000_4000;
/// `NDIS_STATISTICS_BROADCAST_BYTES_RCV_SUPPORTED`.
pub const NDIS_STATISTICS_BROADCAST_BYTES_RCV_SUPPORTED: u32 = 0x0000_8000;
/// `NDIS_STATISTICS_BROADCAST_FRAMES_RCV_SUPPORTED`.
pub const NDIS_STATISTICS_BROADCAST_FRAMES_RCV_SUPPORTED: u32 = 0x0001_0000;
/// `NDIS_STATISTICS_RCV_CRC_ERROR_SUPPORTED`.
pub const NDIS_STATISTICS_RCV_CRC_ERROR_SUPPORTED: u32 = 0x0002_0000;
/// `NDIS_STATISTICS_TRANSMIT_QUEUE_LENGTH_SUPPORTED`.
pub const NDIS_STATISTICS_TRANSMIT_QUEUE_LENGTH_SUPPORTED: u32 = 0x0004_0000;
/// `NDIS_STATISTICS_BYTES_RCV_SUPPORTED`.
pub const NDIS_STATISTICS_BYTES_RCV_SUPPORTED: u32 = 0x0008_0000;
/// `NDIS_STATISTICS_BYTES_XMIT_SUPPORTED`.
pub const NDIS_STATISTICS_BYTES_XMIT_SUPPORTED: u32 = 0x0010_0000;
/// `NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED`.
pub const NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED: u32 = 0x0020_0000;
/// `NDIS_STATISTICS_GEN_STATISTICS_SUPPORTED`.
pub const NDIS_STATISTICS_GEN_STATISTICS_SUPPORTED: u32 = 0x0040_0000;
/// `NDIS_STATISTICS_XMIT_DISCARDS_SUPPORTED`.
pub const NDIS_STATISTICS_XMIT_DISCARDS_SUPPORTED: u32 = 0x0800_0000;

/// `NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES` (set from `MiniportAddDevice`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES {
    /// Type `NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Context passed to the later PnP handlers.
    pub MiniportAddDeviceContext: NDIS_HANDLE,
    /// Reserved.
    pub Flags: u32,
}

/// `NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES`.
pub const NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES: u8 = 0xA4;

/// `NDIS_MINIPORT_ADAPTER_ATTRIBUTES`: the union `NdisMSetMiniportAttributes` takes,
/// told apart by `Header.Type`.
///
/// The WDK's `Native_802_11_Attributes`, `HardwareAssistAttributes` and (NDIS 6.30)
/// `NDKAttributes` arms are not modelled: each is smaller than `GeneralAttributes` on
/// both targets, so the union's size and alignment are those of `GeneralAttributes`
/// either way.
#[repr(C)]
#[derive(Clone, Copy)]
pub union NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
    /// The common header.
    pub Header: NDIS_OBJECT_HEADER,
    /// `NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES`.
    pub AddDeviceRegistrationAttributes: NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES,
    /// `NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES`.
    pub RegistrationAttributes: NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
    /// `NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES`.
    pub GeneralAttributes: NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
    /// `NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES`.
    pub OffloadAttributes: NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES,
}

/// `PNDIS_MINIPORT_ADAPTER_ATTRIBUTES`.
pub type PNDIS_MINIPORT_ADAPTER_ATTRIBUTES = *mut NDIS_MINIPORT_ADAPTER_ATTRIBUTES;
