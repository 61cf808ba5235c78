//! Parameters NDIS passes to the driver's handlers, and the open parameters the
//! driver passes to `NdisOpenAdapterEx`: `NDIS_BIND_PARAMETERS` (revision 4, every
//! member through NDIS 6.30), `NDIS_OPEN_PARAMETERS`, `NDIS_MINIPORT_INIT_PARAMETERS`,
//! the miniport and protocol pause/restart parameters, and the restart-attributes
//! list with its `NDIS_RESTART_GENERAL_ATTRIBUTES` entry.

use core::ptr::null_mut;

use offload_tree::abi::{NDIS_OFFLOAD, NDIS_TCP_CONNECTION_OFFLOAD};
use offload_tree::sizeof_through_field;

use super::base::{
    BOOLEAN, MemoryAligned, NDIS_HANDLE, NDIS_HD_SPLIT_CURRENT_CONFIG,
    NDIS_MAX_PHYS_ADDRESS_LENGTH, NDIS_MEDIA_CONNECT_STATE, NDIS_MEDIA_DUPLEX_STATE, NDIS_MEDIUM,
    NDIS_NDK_CAPABILITIES, NDIS_NIC_SWITCH_CAPABILITIES, NDIS_NIC_SWITCH_INFO_ARRAY,
    NDIS_OBJECT_HEADER, NDIS_OID, NDIS_PCI_DEVICE_CUSTOM_PROPERTIES, NDIS_PHYSICAL_MEDIUM,
    NDIS_PM_CAPABILITIES, NDIS_PNP_CAPABILITIES, NDIS_PORT, NDIS_PORT_AUTHENTICATION_PARAMETERS,
    NDIS_RECEIVE_FILTER_CAPABILITIES, NDIS_RECEIVE_SCALE_CAPABILITIES, NDIS_RESOURCE_LIST,
    NDIS_SRIOV_CAPABILITIES, NET_IF_ACCESS_TYPE, NET_IF_COMPARTMENT_ID, NET_IF_CONNECTION_TYPE,
    NET_IF_DIRECTION_TYPE, NET_IFINDEX, NET_IFTYPE, NET_LUID, NULL, PDEVICE_OBJECT, PNDIS_MEDIUM,
    PNDIS_OID, PNDIS_STRING, PNET_FRAME_TYPE, PUCHAR, PUINT, ULONG64,
};

/// `NDIS_BIND_PARAMETERS`, revision 4 (NDIS 6.30): what a protocol learns about the
/// adapter it is asked to bind to. Pointers are valid only during the bind call.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_BIND_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_BIND_PARAMETERS`, revision 1..4.
    pub Header: NDIS_OBJECT_HEADER,
    /// Registry section of the protocol for this binding.
    pub ProtocolSection: PNDIS_STRING,
    /// Name to pass to `NdisOpenAdapterEx`.
    pub AdapterName: PNDIS_STRING,
    /// PDO of the adapter.
    pub PhysicalDeviceObject: PDEVICE_OBJECT,
    /// Medium of the adapter.
    pub MediaType: NDIS_MEDIUM,
    /// MTU in bytes.
    pub MtuSize: u32,
    /// Maximum transmit speed, bits per second.
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
    /// Lookahead the adapter provides.
    pub LookaheadSize: u32,
    /// Pre-6.20 power capabilities (NULL from NDIS 6.20 on).
    pub PowerManagementCapabilities: *mut NDIS_PNP_CAPABILITIES,
    /// `NDIS_PACKET_TYPE_*` the adapter supports.
    pub SupportedPacketFilters: u32,
    /// Multicast list capacity.
    pub MaxMulticastListSize: u32,
    /// Bytes of MAC address used.
    pub MacAddressLength: u16,
    /// Current MAC address.
    pub CurrentMacAddress: [u8; NDIS_MAX_PHYS_ADDRESS_LENGTH],
    /// Physical medium.
    pub PhysicalMediumType: NDIS_PHYSICAL_MEDIUM,
    /// RSS capabilities, if any.
    pub RcvScaleCapabilities: *mut NDIS_RECEIVE_SCALE_CAPABILITIES,
    /// LUID of the interface bound to.
    pub BoundIfNetluid: NET_LUID,
    /// Its interface index.
    pub BoundIfIndex: NET_IFINDEX,
    /// LUID of the lowest interface of the stack.
    pub LowestIfNetluid: NET_LUID,
    /// Its interface index.
    pub LowestIfIndex: NET_IFINDEX,
    /// Access type.
    pub AccessType: NET_IF_ACCESS_TYPE,
    /// Direction.
    pub DirectionType: NET_IF_DIRECTION_TYPE,
    /// Connection type.
    pub ConnectionType: NET_IF_CONNECTION_TYPE,
    /// IANA interface type.
    pub IfType: NET_IFTYPE,
    /// Whether a physical connector is present.
    pub IfConnectorPresent: BOOLEAN,
    /// Active NDIS ports.
    pub ActivePorts: *mut NDIS_PORT,
    /// Backfill NDIS provides for data.
    pub DataBackFillSize: u32,
    /// Backfill NDIS provides for context.
    pub ContextBackFillSize: u32,
    /// `NDIS_MAC_OPTION_*`.
    pub MacOptions: u32,
    /// Network compartment.
    pub CompartmentId: NET_IF_COMPARTMENT_ID,
    /// Current task-offload configuration.
    pub DefaultOffloadConfiguration: *mut NDIS_OFFLOAD,
    /// Current chimney configuration.
    pub TcpConnectionOffloadCapabilities: *mut NDIS_TCP_CONNECTION_OFFLOAD,
    /// Name of the adapter the binding is to.
    pub BoundAdapterName: PNDIS_STRING,
    /// Header-data split configuration (revision 2, NDIS 6.1).
    pub HDSplitCurrentConfig: *mut NDIS_HD_SPLIT_CURRENT_CONFIG,
    /// Receive filtering (revision 3, NDIS 6.20).
    pub ReceiveFilterCapabilities: *mut NDIS_RECEIVE_FILTER_CAPABILITIES,
    /// Power capabilities (revision 3, NDIS 6.20).
    pub PowerManagementCapabilitiesEx: *mut NDIS_PM_CAPABILITIES,
    /// NIC switch capabilities (revision 3, NDIS 6.20).
    pub NicSwitchCapabilities: *mut NDIS_NIC_SWITCH_CAPABILITIES,
    /// Whether NDK is enabled (revision 4, NDIS 6.30).
    pub NDKEnabled: BOOLEAN,
    /// NDK capabilities (revision 4).
    pub NDKCapabilities: *mut NDIS_NDK_CAPABILITIES,
    /// SR-IOV capabilities (revision 4).
    pub SriovCapabilities: *mut NDIS_SRIOV_CAPABILITIES,
    /// NIC switches (revision 4).
    pub NicSwitchArray: *mut NDIS_NIC_SWITCH_INFO_ARRAY,
}

impl Default for NDIS_BIND_PARAMETERS {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            ProtocolSection: null_mut(),
            AdapterName: null_mut(),
            PhysicalDeviceObject: null_mut(),
            MediaType: NDIS_MEDIUM::default(),
            MtuSize: 0,
            MaxXmitLinkSpeed: ULONG64(0),
            XmitLinkSpeed: ULONG64(0),
            MaxRcvLinkSpeed: ULONG64(0),
            RcvLinkSpeed: ULONG64(0),
            MediaConnectState: NDIS_MEDIA_CONNECT_STATE::default(),
            MediaDuplexState: NDIS_MEDIA_DUPLEX_STATE::default(),
            LookaheadSize: 0,
            PowerManagementCapabilities: null_mut(),
            SupportedPacketFilters: 0,
            MaxMulticastListSize: 0,
            MacAddressLength: 0,
            CurrentMacAddress: [0; NDIS_MAX_PHYS_ADDRESS_LENGTH],
            PhysicalMediumType: NDIS_PHYSICAL_MEDIUM::default(),
            RcvScaleCapabilities: null_mut(),
            BoundIfNetluid: NET_LUID::default(),
            BoundIfIndex: 0,
            LowestIfNetluid: NET_LUID::default(),
            LowestIfIndex: 0,
            AccessType: NET_IF_ACCESS_TYPE::default(),
            DirectionType: NET_IF_DIRECTION_TYPE::default(),
            ConnectionType: NET_IF_CONNECTION_TYPE::default(),
            IfType: 0,
            IfConnectorPresent: 0,
            ActivePorts: null_mut(),
            DataBackFillSize: 0,
            ContextBackFillSize: 0,
            MacOptions: 0,
            CompartmentId: 0,
            DefaultOffloadConfiguration: null_mut(),
            TcpConnectionOffloadCapabilities: null_mut(),
            BoundAdapterName: null_mut(),
            HDSplitCurrentConfig: null_mut(),
            ReceiveFilterCapabilities: null_mut(),
            PowerManagementCapabilitiesEx: null_mut(),
            NicSwitchCapabilities: null_mut(),
            NDKEnabled: 0,
            NDKCapabilities: null_mut(),
            SriovCapabilities: null_mut(),
            NicSwitchArray: null_mut(),
        }
    }
}

/// `PNDIS_BIND_PARAMETERS`.
pub type PNDIS_BIND_PARAMETERS = *mut NDIS_BIND_PARAMETERS;

/// `NDIS_OBJECT_TYPE_BIND_PARAMETERS`.
pub const NDIS_OBJECT_TYPE_BIND_PARAMETERS: u8 = 0x86;
/// `NDIS_BIND_PARAMETERS_REVISION_1` (NDIS 6.0).
pub const NDIS_BIND_PARAMETERS_REVISION_1: u8 = 1;
/// `NDIS_BIND_PARAMETERS_REVISION_2` (NDIS 6.1).
pub const NDIS_BIND_PARAMETERS_REVISION_2: u8 = 2;
/// `NDIS_BIND_PARAMETERS_REVISION_3` (NDIS 6.20).
pub const NDIS_BIND_PARAMETERS_REVISION_3: u8 = 3;
/// `NDIS_BIND_PARAMETERS_REVISION_4` (NDIS 6.30).
pub const NDIS_BIND_PARAMETERS_REVISION_4: u8 = 4;
/// `NDIS_SIZEOF_BIND_PARAMETERS_REVISION_1`: through `BoundAdapterName`.
pub const NDIS_SIZEOF_BIND_PARAMETERS_REVISION_1: u16 =
    sizeof_through_field!(NDIS_BIND_PARAMETERS, BoundAdapterName: PNDIS_STRING) as u16;
/// `NDIS_SIZEOF_BIND_PARAMETERS_REVISION_2`: through `HDSplitCurrentConfig`.
pub const NDIS_SIZEOF_BIND_PARAMETERS_REVISION_2: u16 = sizeof_through_field!(
    NDIS_BIND_PARAMETERS,
    HDSplitCurrentConfig: *mut NDIS_HD_SPLIT_CURRENT_CONFIG
) as u16;
/// `NDIS_SIZEOF_BIND_PARAMETERS_REVISION_3`: through `NicSwitchCapabilities`.
pub const NDIS_SIZEOF_BIND_PARAMETERS_REVISION_3: u16 = sizeof_through_field!(
    NDIS_BIND_PARAMETERS,
    NicSwitchCapabilities: *mut NDIS_NIC_SWITCH_CAPABILITIES
) as u16;
/// `NDIS_SIZEOF_BIND_PARAMETERS_REVISION_4`: through `NicSwitchArray`.
pub const NDIS_SIZEOF_BIND_PARAMETERS_REVISION_4: u16 = sizeof_through_field!(
    NDIS_BIND_PARAMETERS,
    NicSwitchArray: *mut NDIS_NIC_SWITCH_INFO_ARRAY
) as u16;

/// `NDIS_OPEN_PARAMETERS`: what `NdisOpenAdapterEx` opens and with which media.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_OPEN_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_OPEN_PARAMETERS`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// `BindParameters->AdapterName`.
    pub AdapterName: PNDIS_STRING,
    /// Media the protocol accepts.
    pub MediumArray: PNDIS_MEDIUM,
    /// Entries of `MediumArray`.
    pub MediumArraySize: u32,
    /// Receives the index of the medium NDIS selected.
    pub SelectedMediumIndex: PUINT,
    /// EtherTypes the protocol receives (NULL: none by frame type).
    pub FrameTypeArray: PNET_FRAME_TYPE,
    /// Entries of `FrameTypeArray`.
    pub FrameTypeArraySize: u32,
}

impl Default for NDIS_OPEN_PARAMETERS {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            AdapterName: null_mut(),
            MediumArray: null_mut(),
            MediumArraySize: 0,
            SelectedMediumIndex: null_mut(),
            FrameTypeArray: null_mut(),
            FrameTypeArraySize: 0,
        }
    }
}

/// `PNDIS_OPEN_PARAMETERS`.
pub type PNDIS_OPEN_PARAMETERS = *mut NDIS_OPEN_PARAMETERS;

/// `NDIS_OBJECT_TYPE_OPEN_PARAMETERS`.
pub const NDIS_OBJECT_TYPE_OPEN_PARAMETERS: u8 = 0x87;
/// `NDIS_OPEN_PARAMETERS_REVISION_1`.
pub const NDIS_OPEN_PARAMETERS_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1`: through `FrameTypeArraySize`.
pub const NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1: u16 =
    sizeof_through_field!(NDIS_OPEN_PARAMETERS, FrameTypeArraySize: u32) as u16;

/// `NDIS_MINIPORT_INIT_PARAMETERS`: what `MiniportInitializeEx` is given.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_MINIPORT_INIT_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Reserved.
    pub Flags: u32,
    /// Hardware resources (NULL for a virtual miniport).
    pub AllocatedResources: *mut NDIS_RESOURCE_LIST,
    /// The `DeviceContext` given to `NdisIMInitializeDeviceInstanceEx`.
    pub IMDeviceInstanceContext: NDIS_HANDLE,
    /// Context from `MiniportAddDevice`, if any.
    pub MiniportAddDeviceContext: NDIS_HANDLE,
    /// Interface index NDIS assigned.
    pub IfIndex: NET_IFINDEX,
    /// Interface LUID NDIS assigned.
    pub NetLuid: NET_LUID,
    /// Default port authentication states.
    pub DefaultPortAuthStates: *mut NDIS_PORT_AUTHENTICATION_PARAMETERS,
    /// PCI custom properties, if any.
    pub PciDeviceCustomProperties: *mut NDIS_PCI_DEVICE_CUSTOM_PROPERTIES,
}

impl Default for NDIS_MINIPORT_INIT_PARAMETERS {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            Flags: 0,
            AllocatedResources: null_mut(),
            IMDeviceInstanceContext: NULL,
            MiniportAddDeviceContext: NULL,
            IfIndex: 0,
            NetLuid: NET_LUID::default(),
            DefaultPortAuthStates: null_mut(),
            PciDeviceCustomProperties: null_mut(),
        }
    }
}

/// `PNDIS_MINIPORT_INIT_PARAMETERS`.
pub type PNDIS_MINIPORT_INIT_PARAMETERS = *mut NDIS_MINIPORT_INIT_PARAMETERS;

/// `NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS`.
pub const NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS: u8 = 0x81;
/// `NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1`.
pub const NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_MINIPORT_INIT_PARAMETERS_REVISION_1`: through
/// `PciDeviceCustomProperties`.
pub const NDIS_SIZEOF_MINIPORT_INIT_PARAMETERS_REVISION_1: u16 = sizeof_through_field!(
    NDIS_MINIPORT_INIT_PARAMETERS,
    PciDeviceCustomProperties: *mut NDIS_PCI_DEVICE_CUSTOM_PROPERTIES
) as u16;

/// `NDIS_RESTART_ATTRIBUTES`: one entry of the restart-attributes list; `DataLength`
/// bytes of data (an `NDIS_RESTART_GENERAL_ATTRIBUTES` when `Oid` is
/// `OID_GEN_MINIPORT_RESTART_ATTRIBUTES`) start at `Data`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_RESTART_ATTRIBUTES {
    /// Next entry.
    pub Next: PNDIS_RESTART_ATTRIBUTES,
    /// What `Data` holds.
    pub Oid: NDIS_OID,
    /// Bytes of `Data`.
    pub DataLength: u32,
    /// `DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) UCHAR Data[1]`: start of the data.
    pub Data: MemoryAligned<[u8; 1]>,
}

/// `PNDIS_RESTART_ATTRIBUTES`.
pub type PNDIS_RESTART_ATTRIBUTES = *mut NDIS_RESTART_ATTRIBUTES;

/// `OID_GEN_MINIPORT_RESTART_ATTRIBUTES`: the `Oid` of a general restart-attributes
/// entry.
pub const OID_GEN_MINIPORT_RESTART_ATTRIBUTES: NDIS_OID = 0x0001_021D;

/// `NDIS_RESTART_GENERAL_ATTRIBUTES`, revision 2 (NDIS 6.20 and later).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_RESTART_GENERAL_ATTRIBUTES {
    /// Type `NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES`, revision 1 or 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// MTU in bytes.
    pub MtuSize: u32,
    /// Maximum transmit speed.
    pub MaxXmitLinkSpeed: ULONG64,
    /// Maximum receive speed.
    pub MaxRcvLinkSpeed: ULONG64,
    /// Lookahead size.
    pub LookaheadSize: u32,
    /// `NDIS_MAC_OPTION_*`.
    pub MacOptions: u32,
    /// `NDIS_PACKET_TYPE_*`.
    pub SupportedPacketFilters: u32,
    /// Multicast list capacity.
    pub MaxMulticastListSize: u32,
    /// RSS capabilities.
    pub RecvScaleCapabilities: *mut NDIS_RECEIVE_SCALE_CAPABILITIES,
    /// Access type.
    pub AccessType: NET_IF_ACCESS_TYPE,
    /// Flags.
    pub Flags: u32,
    /// Connection type.
    pub ConnectionType: NET_IF_CONNECTION_TYPE,
    /// `NDIS_STATISTICS_*_SUPPORTED`.
    pub SupportedStatistics: u32,
    /// Data backfill.
    pub DataBackFillSize: u32,
    /// Context backfill.
    pub ContextBackFillSize: u32,
    /// OIDs supported below.
    pub SupportedOidList: PNDIS_OID,
    /// Bytes of `SupportedOidList`.
    pub SupportedOidListLength: u32,
    /// Largest lookahead accessed (revision 2, NDIS 6.20).
    pub MaxLookaheadSizeAccessed: u32,
}

/// `PNDIS_RESTART_GENERAL_ATTRIBUTES`.
pub type PNDIS_RESTART_GENERAL_ATTRIBUTES = *mut NDIS_RESTART_GENERAL_ATTRIBUTES;

/// `NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES` (the docs' spelling
/// `..._RESTART_GENERIC_ATTRIBUTES` is not a header name).
pub const NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES: u8 = 0xA2;
/// `NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_1`.
pub const NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_1: u8 = 1;
/// `NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_2` (NDIS 6.20).
pub const NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_2: u8 = 2;
/// `NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1`: through
/// `SupportedOidListLength`.
pub const NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1: u16 =
    sizeof_through_field!(NDIS_RESTART_GENERAL_ATTRIBUTES, SupportedOidListLength: u32) as u16;
/// `NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_2`: through
/// `MaxLookaheadSizeAccessed`.
pub const NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_2: u16 =
    sizeof_through_field!(NDIS_RESTART_GENERAL_ATTRIBUTES, MaxLookaheadSizeAccessed: u32) as u16;

/// `NDIS_MINIPORT_RESTART_PARAMETERS`: what `MiniportRestart` is given.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_MINIPORT_RESTART_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_DEFAULT`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Restart attributes list.
    pub RestartAttributes: PNDIS_RESTART_ATTRIBUTES,
    /// Reserved.
    pub Flags: u32,
}

impl Default for NDIS_MINIPORT_RESTART_PARAMETERS {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            RestartAttributes: null_mut(),
            Flags: 0,
        }
    }
}

/// `PNDIS_MINIPORT_RESTART_PARAMETERS`.
pub type PNDIS_MINIPORT_RESTART_PARAMETERS = *mut NDIS_MINIPORT_RESTART_PARAMETERS;

/// `NDIS_MINIPORT_RESTART_PARAMETERS_REVISION_1`.
pub const NDIS_MINIPORT_RESTART_PARAMETERS_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_MINIPORT_RESTART_PARAMETERS_REVISION_1`: through `Flags`.
pub const NDIS_SIZEOF_MINIPORT_RESTART_PARAMETERS_REVISION_1: u16 =
    sizeof_through_field!(NDIS_MINIPORT_RESTART_PARAMETERS, Flags: u32) as u16;

/// `NDIS_MINIPORT_PAUSE_PARAMETERS`: what `MiniportPause` is given.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_MINIPORT_PAUSE_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_DEFAULT`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Reserved.
    pub Flags: u32,
    /// `NDIS_PAUSE_*`.
    pub PauseReason: u32,
}

/// `PNDIS_MINIPORT_PAUSE_PARAMETERS`.
pub type PNDIS_MINIPORT_PAUSE_PARAMETERS = *mut NDIS_MINIPORT_PAUSE_PARAMETERS;

/// `NDIS_MINIPORT_PAUSE_PARAMETERS_REVISION_1`.
pub const NDIS_MINIPORT_PAUSE_PARAMETERS_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_MINIPORT_PAUSE_PARAMETERS_REVISION_1`: through `PauseReason`.
pub const NDIS_SIZEOF_MINIPORT_PAUSE_PARAMETERS_REVISION_1: u16 =
    sizeof_through_field!(NDIS_MINIPORT_PAUSE_PARAMETERS, PauseReason: u32) as u16;

/// `NDIS_PROTOCOL_PAUSE_PARAMETERS`: the buffer of a `NetEventPause` PnP event.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_PROTOCOL_PAUSE_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_DEFAULT`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Reserved.
    pub Flags: u32,
    /// `NDIS_PAUSE_*`.
    pub PauseReason: u32,
}

/// `PNDIS_PROTOCOL_PAUSE_PARAMETERS`.
pub type PNDIS_PROTOCOL_PAUSE_PARAMETERS = *mut NDIS_PROTOCOL_PAUSE_PARAMETERS;

/// `NDIS_PROTOCOL_PAUSE_PARAMETERS_REVISION_1`.
pub const NDIS_PROTOCOL_PAUSE_PARAMETERS_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_PROTOCOL_PAUSE_PARAMETERS_REVISION_1`: through `PauseReason`.
pub const NDIS_SIZEOF_PROTOCOL_PAUSE_PARAMETERS_REVISION_1: u16 =
    sizeof_through_field!(NDIS_PROTOCOL_PAUSE_PARAMETERS, PauseReason: u32) as u16;

/// `NDIS_PROTOCOL_RESTART_PARAMETERS`: the buffer of a `NetEventRestart` PnP event.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_PROTOCOL_RESTART_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_PROTOCOL_RESTART_PARAMETERS`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Names of the filter modules in the stack below.
    pub FilterModuleNameBuffer: PUCHAR,
    /// Bytes of `FilterModuleNameBuffer`.
    pub FilterModuleNameBufferLength: u32,
    /// Restart attributes list.
    pub RestartAttributes: PNDIS_RESTART_ATTRIBUTES,
    /// Interface index bound to.
    pub BoundIfIndex: NET_IFINDEX,
    /// Its LUID.
    pub BoundIfNetluid: NET_LUID,
    /// Reserved.
    pub Flags: u32,
}

impl Default for NDIS_PROTOCOL_RESTART_PARAMETERS {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            FilterModuleNameBuffer: null_mut(),
            FilterModuleNameBufferLength: 0,
            RestartAttributes: null_mut(),
            BoundIfIndex: 0,
            BoundIfNetluid: NET_LUID::default(),
            Flags: 0,
        }
    }
}

/// `PNDIS_PROTOCOL_RESTART_PARAMETERS`.
pub type PNDIS_PROTOCOL_RESTART_PARAMETERS = *mut NDIS_PROTOCOL_RESTART_PARAMETERS;

/// `NDIS_OBJECT_TYPE_PROTOCOL_RESTART_PARAMETERS`.
pub const NDIS_OBJECT_TYPE_PROTOCOL_RESTART_PARAMETERS: u8 = 0xA3;
/// `NDIS_PROTOCOL_RESTART_PARAMETERS_REVISION_1`.
pub const NDIS_PROTOCOL_RESTART_PARAMETERS_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_PROTOCOL_RESTART_PARAMETERS_REVISION_1`: through `Flags`.
pub const NDIS_SIZEOF_PROTOCOL_RESTART_PARAMETERS_REVISION_1: u16 =
    sizeof_through_field!(NDIS_PROTOCOL_RESTART_PARAMETERS, Flags: u32) as u16;

// NDIS_MINIPORT_PAUSE_PARAMETERS / NDIS_PROTOCOL_PAUSE_PARAMETERS::PauseReason.
/// `NDIS_PAUSE_NDIS_INTERNAL`.
pub const NDIS_PAUSE_NDIS_INTERNAL: u32 = 0x0000_0001;
/// `NDIS_PAUSE_LOW_POWER`.
pub const NDIS_PAUSE_LOW_POWER: u32 = 0x0000_0002;
/// `NDIS_PAUSE_BIND_PROTOCOL`.
pub const NDIS_PAUSE_BIND_PROTOCOL: u32 = 0x0000_0004;
/// `NDIS_PAUSE_UNBIND_PROTOCOL`.
pub const NDIS_PAUSE_UNBIND_PROTOCOL: u32 = 0x0000_0008;
/// `NDIS_PAUSE_ATTACH_FILTER`.
pub const NDIS_PAUSE_ATTACH_FILTER: u32 = 0x0000_0010;
/// `NDIS_PAUSE_DETACH_FILTER`.
pub const NDIS_PAUSE_DETACH_FILTER: u32 = 0x0000_0020;
/// `NDIS_PAUSE_FILTER_RESTART_STACK`.
pub const NDIS_PAUSE_FILTER_RESTART_STACK: u32 = 0x0000_0040;
/// `NDIS_PAUSE_MINIPORT_DEVICE_REMOVE`.
pub const NDIS_PAUSE_MINIPORT_DEVICE_REMOVE: u32 = 0x0000_0080;
