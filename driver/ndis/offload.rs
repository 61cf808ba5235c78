//! `NDIS_OFFLOAD_PARAMETERS` (ntddndis.h), the payload of
//! `OID_TCP_OFFLOAD_PARAMETERS`, at revision 3 (NDIS 6.30). `TcpConnectionIPv4`/`IPv6`
//! take `NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_*` (re-exported from
//! `offload_tree::abi`); the other members take the task-offload values below. The
//! `NDIS_OFFLOAD` task-offload structure itself stays opaque (carried as bytes bounded
//! by its `Header.Size`).

use offload_tree::sizeof_through_field;

use super::base::NDIS_OBJECT_HEADER;

/// `NDIS_OFFLOAD_PARAMETERS`, revision 3: 28 bytes on x86 and x64.
///
/// The two NDIS 6.30 member pairs are anonymous structs in the header
/// (`{ RscIPv4; RscIPv6; }` and `{ EncapsulatedPacketTaskOffload; EncapsulationTypes; }`);
/// their `UCHAR`s are members here.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_OFFLOAD_PARAMETERS {
    /// Type `NDIS_OBJECT_TYPE_DEFAULT`, revision 1..3.
    pub Header: NDIS_OBJECT_HEADER,
    /// `NDIS_OFFLOAD_PARAMETERS_TX_RX_*`.
    pub IPv4Checksum: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_TX_RX_*`.
    pub TCPIPv4Checksum: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_TX_RX_*`.
    pub UDPIPv4Checksum: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_TX_RX_*`.
    pub TCPIPv6Checksum: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_TX_RX_*`.
    pub UDPIPv6Checksum: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_LSOV1_*`.
    pub LsoV1: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_IPSECV1_*`.
    pub IPsecV1: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_LSOV2_*`.
    pub LsoV2IPv4: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_LSOV2_*`.
    pub LsoV2IPv6: u8,
    /// Chimney over IPv4: `NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_*` or no change.
    pub TcpConnectionIPv4: u8,
    /// Chimney over IPv6: `NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_*` or no change.
    pub TcpConnectionIPv6: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_SKIP_REGISTRY_UPDATE` (NDIS 6.30).
    pub Flags: u32,
    /// `NDIS_OFFLOAD_PARAMETERS_IPSECV2_*` (revision 2).
    pub IPsecV2: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_IPSECV2_*` (revision 2).
    pub IPsecV2IPv4: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_RSC_*` (revision 3).
    pub RscIPv4: u8,
    /// `NDIS_OFFLOAD_PARAMETERS_RSC_*` (revision 3).
    pub RscIPv6: u8,
    /// `NDIS_OFFLOAD_SET_*` (revision 3).
    pub EncapsulatedPacketTaskOffload: u8,
    /// `NDIS_ENCAPSULATION_TYPE_*` (revision 3).
    pub EncapsulationTypes: u8,
}

/// `PNDIS_OFFLOAD_PARAMETERS`.
pub type PNDIS_OFFLOAD_PARAMETERS = *mut NDIS_OFFLOAD_PARAMETERS;

/// `NDIS_OFFLOAD_PARAMETERS_REVISION_1` (NDIS 6.0).
pub const NDIS_OFFLOAD_PARAMETERS_REVISION_1: u8 = 1;
/// `NDIS_OFFLOAD_PARAMETERS_REVISION_2` (NDIS 6.1).
pub const NDIS_OFFLOAD_PARAMETERS_REVISION_2: u8 = 2;
/// `NDIS_OFFLOAD_PARAMETERS_REVISION_3` (NDIS 6.30).
pub const NDIS_OFFLOAD_PARAMETERS_REVISION_3: u8 = 3;
/// `NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1`: through `Flags`.
pub const NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1: u16 =
    sizeof_through_field!(NDIS_OFFLOAD_PARAMETERS, Flags: u32) as u16;
/// `NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2`: through `IPsecV2IPv4`.
pub const NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2: u16 =
    sizeof_through_field!(NDIS_OFFLOAD_PARAMETERS, IPsecV2IPv4: u8) as u16;
/// `NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3`: through `EncapsulationTypes`.
pub const NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3: u16 =
    sizeof_through_field!(NDIS_OFFLOAD_PARAMETERS, EncapsulationTypes: u8) as u16;

/// `NDIS_OFFLOAD_PARAMETERS_NO_CHANGE`.
pub const NDIS_OFFLOAD_PARAMETERS_NO_CHANGE: u8 = 0;
/// `NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED`.
pub const NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED: u8 = 1;
/// `NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED`.
pub const NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED: u8 = 2;
/// `NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED`.
pub const NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED: u8 = 3;
/// `NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED`.
pub const NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED: u8 = 4;
/// `NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED`.
pub const NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED: u8 = 1;
/// `NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED`.
pub const NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED: u8 = 2;
/// `NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED`.
pub const NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED: u8 = 1;
/// `NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED`.
pub const NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED: u8 = 2;
/// `NDIS_OFFLOAD_PARAMETERS_RSC_DISABLED` (NDIS 6.30).
pub const NDIS_OFFLOAD_PARAMETERS_RSC_DISABLED: u8 = 1;
/// `NDIS_OFFLOAD_PARAMETERS_RSC_ENABLED` (NDIS 6.30).
pub const NDIS_OFFLOAD_PARAMETERS_RSC_ENABLED: u8 = 2;
/// `NDIS_OFFLOAD_PARAMETERS_SKIP_REGISTRY_UPDATE` (NDIS 6.30, `Flags`).
pub const NDIS_OFFLOAD_PARAMETERS_SKIP_REGISTRY_UPDATE: u32 = 0x0000_0001;
