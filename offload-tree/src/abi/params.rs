//! Configuration, capability and statistics structures: the encapsulation pair
//! (ST-6.1, ST-2.6), the connection-offload parameters (ST-6.2), the capability
//! structure and offload attributes (ST-10.1, ST-10.2) and the two statistics
//! structures (ST-6.13, ST-6.14). None of them carry pointers except the attributes.

use super::base::{BitField, NDIS_OBJECT_HEADER, ULONG64};
use crate::sizeof_through_field;

/// The inline `V4`/`V6` members of NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION_FRAMING {
    /// Non-zero = this encapsulation is in use (a UCHAR here, padding follows).
    pub Enabled: u8,
    /// NDIS_ENCAPSULATION_* value.
    pub EncapsulationType: u32,
    /// Link-layer header length.
    pub HeaderSize: u32,
}

/// NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION (ST-6.1). Nothing in the header uses it.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION {
    /// IPv4 framing.
    pub V4: NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION_FRAMING,
    /// IPv6 framing.
    pub V6: NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION_FRAMING,
}

/// The inline `IPv4`/`IPv6` members of NDIS_OFFLOAD_ENCAPSULATION.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_OFFLOAD_ENCAPSULATION_FRAMING {
    /// NDIS_OFFLOAD_SET_NO_CHANGE / _ON / _OFF.
    pub Enabled: u32,
    /// NDIS_ENCAPSULATION_* value.
    pub EncapsulationType: u32,
    /// Link-layer header length.
    pub HeaderSize: u32,
}

/// NDIS_OFFLOAD_ENCAPSULATION (ST-2.6, ntddndis.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_OFFLOAD_ENCAPSULATION {
    /// Type 0xA8, Revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// IPv4 framing.
    pub IPv4: NDIS_OFFLOAD_ENCAPSULATION_FRAMING,
    /// IPv6 framing.
    pub IPv6: NDIS_OFFLOAD_ENCAPSULATION_FRAMING,
}

/// `NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1`.
pub const NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1: u16 = sizeof_through_field!(NDIS_OFFLOAD_ENCAPSULATION, IPv6: NDIS_OFFLOAD_ENCAPSULATION_FRAMING)
    as u16;

/// NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS (ST-6.2): payload of
/// OID_TCP_CONNECTION_OFFLOAD_PARAMETERS. NDIS 6.1 layout (CongestionAlgorithm present).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS {
    /// Type 0x80, Revision 1 or 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// Framing the target must use.
    pub Encapsulation: NDIS_OFFLOAD_ENCAPSULATION,
    /// Host clock ticks per second (unit of every "ticks" field).
    pub TicksPerSecond: u32,
    /// Segments received before an ACK must be sent.
    pub TcpAckFrequency: u8,
    /// Delayed-ACK timer.
    pub TcpDelayedAckTicks: u8,
    /// Retransmit limit before asking for upload.
    pub TcpMaximumRetransmissions: u8,
    /// Retransmits before neighbor reachability is doubted.
    pub TcpDoubtReachabilityRetransmissions: u8,
    /// Silly-window-syndrome timer.
    pub TcpSwsPreventionTicks: u32,
    /// Duplicate ACKs before fast retransmit.
    pub TcpDuplicateAckThreshold: u32,
    /// Push timer.
    pub TcpPushTicks: u32,
    /// Neighbor idle time before it is stale.
    pub NceStaleTicks: u32,
    /// Reserved (NDIS 6.1); a full ULONG in the header.
    pub CongestionAlgorithm: u32,
}

/// `NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_1`.
pub const NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_1: u16 =
    sizeof_through_field!(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, NceStaleTicks: u32) as u16;
/// `NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_2`.
pub const NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_2: u16 =
    sizeof_through_field!(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, CongestionAlgorithm: u32) as u16;

/// NDIS_TCP_CONNECTION_OFFLOAD (ST-10.1): chimney capabilities and configuration.
///
/// The `Support*` and `CongestionAlgorithm` bit-fields share one ULONG unit, held in
/// [`SupportFlags`](Self::SupportFlags) and read through the accessors.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_TCP_CONNECTION_OFFLOAD {
    /// Type 0x80, Revision 1 or 2.
    pub Header: NDIS_OBJECT_HEADER,
    /// NDIS_ENCAPSULATION_* bits supported.
    pub Encapsulation: u32,
    /// Bit-field unit: SupportIPv4:2, SupportIPv6:2, SupportIPv6ExtensionHeaders:2,
    /// SupportSack:2, CongestionAlgorithm:4.
    pub SupportFlags: u32,
    /// How many TCP connections the target can hold.
    pub TcpConnectionOffloadCapacity: u32,
    /// Reserved.
    pub Flags: u32,
}

impl NDIS_TCP_CONNECTION_OFFLOAD {
    /// `SupportIPv4 : 2`.
    pub const SUPPORT_IPV4: BitField = BitField { shift: 0, width: 2 };
    /// `SupportIPv6 : 2`.
    pub const SUPPORT_IPV6: BitField = BitField { shift: 2, width: 2 };
    /// `SupportIPv6ExtensionHeaders : 2`.
    pub const SUPPORT_IPV6_EXTENSION_HEADERS: BitField = BitField { shift: 4, width: 2 };
    /// `SupportSack : 2`.
    pub const SUPPORT_SACK: BitField = BitField { shift: 6, width: 2 };
    /// `CongestionAlgorithm : 4` (NDIS 6.1).
    pub const CONGESTION_ALGORITHM: BitField = BitField { shift: 8, width: 4 };

    /// `SupportIPv4`.
    #[must_use]
    pub const fn SupportIPv4(&self) -> u32 {
        Self::SUPPORT_IPV4.get(self.SupportFlags)
    }
    /// Set `SupportIPv4`.
    pub const fn set_SupportIPv4(&mut self, value: u32) {
        self.SupportFlags = Self::SUPPORT_IPV4.set(self.SupportFlags, value);
    }
    /// `SupportIPv6`.
    #[must_use]
    pub const fn SupportIPv6(&self) -> u32 {
        Self::SUPPORT_IPV6.get(self.SupportFlags)
    }
    /// Set `SupportIPv6`.
    pub const fn set_SupportIPv6(&mut self, value: u32) {
        self.SupportFlags = Self::SUPPORT_IPV6.set(self.SupportFlags, value);
    }
    /// `SupportIPv6ExtensionHeaders`.
    #[must_use]
    pub const fn SupportIPv6ExtensionHeaders(&self) -> u32 {
        Self::SUPPORT_IPV6_EXTENSION_HEADERS.get(self.SupportFlags)
    }
    /// Set `SupportIPv6ExtensionHeaders`.
    pub const fn set_SupportIPv6ExtensionHeaders(&mut self, value: u32) {
        self.SupportFlags = Self::SUPPORT_IPV6_EXTENSION_HEADERS.set(self.SupportFlags, value);
    }
    /// `SupportSack`.
    #[must_use]
    pub const fn SupportSack(&self) -> u32 {
        Self::SUPPORT_SACK.get(self.SupportFlags)
    }
    /// Set `SupportSack`.
    pub const fn set_SupportSack(&mut self, value: u32) {
        self.SupportFlags = Self::SUPPORT_SACK.set(self.SupportFlags, value);
    }
    /// `CongestionAlgorithm`.
    #[must_use]
    pub const fn CongestionAlgorithm(&self) -> u32 {
        Self::CONGESTION_ALGORITHM.get(self.SupportFlags)
    }
    /// Set `CongestionAlgorithm`.
    pub const fn set_CongestionAlgorithm(&mut self, value: u32) {
        self.SupportFlags = Self::CONGESTION_ALGORITHM.set(self.SupportFlags, value);
    }
}

/// `NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1`.
pub const NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1: u16 =
    sizeof_through_field!(NDIS_TCP_CONNECTION_OFFLOAD, Flags: u32) as u16;

/// NDIS_OFFLOAD (task offload): only ever behind a pointer here.
#[repr(C)]
pub struct NDIS_OFFLOAD {
    _opaque: [u8; 0],
}

/// NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES (ST-10.2): how a miniport reports task and
/// chimney offload at initialization. **P** members.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES {
    /// Type 0xA0.
    pub Header: NDIS_OBJECT_HEADER,
    /// Current task-offload configuration.
    pub DefaultOffloadConfiguration: *mut NDIS_OFFLOAD,
    /// Task-offload hardware capabilities.
    pub HardwareOffloadCapabilities: *mut NDIS_OFFLOAD,
    /// Current chimney configuration.
    pub DefaultTcpConnectionOffloadConfiguration: *mut NDIS_TCP_CONNECTION_OFFLOAD,
    /// Chimney hardware capabilities.
    pub TcpConnectionOffloadHardwareCapabilities: *mut NDIS_TCP_CONNECTION_OFFLOAD,
}

/// TCP_OFFLOAD_STATS (ST-6.13): payload of OID_TCP4/TCP6_OFFLOAD_STATS.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TCP_OFFLOAD_STATS {
    /// Segments received on offloaded connections.
    pub InSegments: ULONG64,
    /// Segments sent, excluding pure retransmissions.
    pub OutSegments: ULONG64,
    /// Connections in ESTABLISHED or CLOSE-WAIT.
    pub CurrentlyEstablished: u32,
    /// ESTABLISHED/CLOSE-WAIT → CLOSED transitions.
    pub ResetEstablished: u32,
    /// Segments carrying retransmitted bytes.
    pub RetransmittedSegments: u32,
    /// Received segments dropped for TCP errors.
    pub InErrors: u32,
    /// Segments sent with RST.
    pub OutResets: u32,
}

/// IP_OFFLOAD_STATS (ST-6.14): payload of OID_IP4/IP6_OFFLOAD_STATS.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IP_OFFLOAD_STATS {
    /// Datagrams received.
    pub InReceives: ULONG64,
    /// Bytes in those datagrams.
    pub InOctets: ULONG64,
    /// Datagrams delivered to offloaded connections.
    pub InDelivers: ULONG64,
    /// Datagrams handed to IP for sending.
    pub OutRequests: ULONG64,
    /// Bytes in those datagrams.
    pub OutOctets: ULONG64,
    /// Dropped for a bad IP header.
    pub InHeaderErrors: u32,
    /// Dropped as too short.
    pub InTruncatedPackets: u32,
    /// Dropped for resource reasons.
    pub InDiscards: u32,
    /// Outbound dropped for resource reasons.
    pub OutDiscards: u32,
    /// Outbound dropped for lack of a route.
    pub OutNoRoutes: u32,
}
