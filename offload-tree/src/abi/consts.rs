//! `#define` constants of ndischimney.h (§5) and the constants from ntddndis.h that
//! chimney code needs: object types (ST-9.1), OIDs (ST-9.5) and value sets (ST-9.6).
//! The `NDIS_SIZEOF_*` values depend on the target and live beside their structures.

use bitflags::bitflags;

/// `NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS` revision 1.
pub const NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS_1: u8 = 1;
/// `NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS` revision 2 (NDIS 6.1, adds CongestionAlgorithm).
pub const NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS_2: u8 = 2;
/// Revision of NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS.
pub const NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1: u8 = 1;
/// Revision of NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS.
pub const NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1: u8 = 1;
/// Revision of NDIS_TCP_OFFLOAD_EVENT_HANDLERS.
pub const NDIS_OBJECT_TCP_OFFLOAD_REVISION_1: u8 = 1;
/// Revision this project gives the two provider characteristics (no header constant;
/// NDIS does not check it, ST-8.1, ST-6.23).
pub const PROVIDER_CHIMNEY_CHARACTERISTICS_REVISION: u8 = 1;

/// The TCP_FLAG_* values of `TCP_OFFLOAD_STATE_CONST.Flags` (ST-6.4).
pub mod tcp_const_flags {
    /// Timestamps negotiated.
    pub const TCP_FLAG_TIMESTAMP_ENABLED: u16 = 0x01;
    /// SACK negotiated.
    pub const TCP_FLAG_SACK_ENABLED: u16 = 0x02;
    /// Window scaling negotiated.
    pub const TCP_FLAG_WINDOW_SCALING_ENABLED: u16 = 0x04;
}

/// The TCP_FLAG_* values of `TCP_OFFLOAD_STATE_CACHED.Flags` (ST-6.5): the same names
/// as the CONST flags with other meanings, hence their own namespace.
pub mod tcp_cached_flags {
    /// Keep-alives enabled.
    pub const TCP_FLAG_KEEP_ALIVE_ENABLED: u16 = 0x01;
    /// Nagle enabled.
    pub const TCP_FLAG_NAGLING_ENABLED: u16 = 0x02;
    /// Restart the keep-alive timer.
    pub const TCP_FLAG_KEEP_ALIVE_RESTART: u16 = 0x04;
    /// Restart the MaxRT timer.
    pub const TCP_FLAG_MAX_RT_RESTART: u16 = 0x08;
    /// Apply `InitialRcvWnd` to the receive window.
    pub const TCP_FLAG_UPDATE_RCV_WND: u16 = 0x10;
}

/// `TCP_DISCONNECT_GRACEFUL_CLOSE`: send FIN.
pub const TCP_DISCONNECT_GRACEFUL_CLOSE: u32 = 0x01;
/// `TCP_DISCONNECT_ABORTIVE_CLOSE`: send RST.
pub const TCP_DISCONNECT_ABORTIVE_CLOSE: u32 = 0x02;

bitflags! {
    /// `TCP_OFFLOAD_STATE_CONST.Flags` as a flag set.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct TcpConstFlags: u16 {
        /// TCP_FLAG_TIMESTAMP_ENABLED.
        const TIMESTAMP_ENABLED = tcp_const_flags::TCP_FLAG_TIMESTAMP_ENABLED;
        /// TCP_FLAG_SACK_ENABLED.
        const SACK_ENABLED = tcp_const_flags::TCP_FLAG_SACK_ENABLED;
        /// TCP_FLAG_WINDOW_SCALING_ENABLED.
        const WINDOW_SCALING_ENABLED = tcp_const_flags::TCP_FLAG_WINDOW_SCALING_ENABLED;
    }

    /// `TCP_OFFLOAD_STATE_CACHED.Flags` as a flag set.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct TcpCachedFlags: u16 {
        /// TCP_FLAG_KEEP_ALIVE_ENABLED.
        const KEEP_ALIVE_ENABLED = tcp_cached_flags::TCP_FLAG_KEEP_ALIVE_ENABLED;
        /// TCP_FLAG_NAGLING_ENABLED.
        const NAGLING_ENABLED = tcp_cached_flags::TCP_FLAG_NAGLING_ENABLED;
        /// TCP_FLAG_KEEP_ALIVE_RESTART.
        const KEEP_ALIVE_RESTART = tcp_cached_flags::TCP_FLAG_KEEP_ALIVE_RESTART;
        /// TCP_FLAG_MAX_RT_RESTART.
        const MAX_RT_RESTART = tcp_cached_flags::TCP_FLAG_MAX_RT_RESTART;
        /// TCP_FLAG_UPDATE_RCV_WND.
        const UPDATE_RCV_WND = tcp_cached_flags::TCP_FLAG_UPDATE_RCV_WND;
    }

    /// `Flags` of NdisOffloadTcpDisconnect / W_TCP_OFFLOAD_DISCONNECT_HANDLER.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct TcpDisconnectFlags: u32 {
        /// TCP_DISCONNECT_GRACEFUL_CLOSE.
        const GRACEFUL_CLOSE = TCP_DISCONNECT_GRACEFUL_CLOSE;
        /// TCP_DISCONNECT_ABORTIVE_CLOSE.
        const ABORTIVE_CLOSE = TCP_DISCONNECT_ABORTIVE_CLOSE;
    }
}

// ST-9.1 object types.
/// Header.Type of NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS and NDIS_TCP_CONNECTION_OFFLOAD.
pub const NDIS_OBJECT_TYPE_DEFAULT: u8 = 0x80;
/// Not chimney; listed because it is easily confused with 0x8F.
pub const NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES: u8 = 0x8D;
/// NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS.
pub const NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS: u8 = 0x8E;
/// NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS.
pub const NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS: u8 = 0x8F;
/// NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS.
pub const NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS: u8 = 0x93;
/// NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS.
pub const NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS: u8 = 0x94;
/// NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES.
pub const NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES: u8 = 0xA0;
/// NDIS_OFFLOAD (task offload).
pub const NDIS_OBJECT_TYPE_OFFLOAD: u8 = 0xA7;
/// NDIS_OFFLOAD_ENCAPSULATION.
pub const NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION: u8 = 0xA8;

// ST-9.5 OIDs.
/// Legacy NDIS 5 task offload.
pub const OID_TCP_TASK_OFFLOAD: u32 = 0xFC01_0201;
/// TCP_OFFLOAD_STATS for IPv4 (set = reset).
pub const OID_TCP4_OFFLOAD_STATS: u32 = 0xFC01_0207;
/// TCP_OFFLOAD_STATS for IPv6.
pub const OID_TCP6_OFFLOAD_STATS: u32 = 0xFC01_0208;
/// IP_OFFLOAD_STATS for IPv4.
pub const OID_IP4_OFFLOAD_STATS: u32 = 0xFC01_0209;
/// IP_OFFLOAD_STATS for IPv6.
pub const OID_IP6_OFFLOAD_STATS: u32 = 0xFC01_020A;
/// NDIS_OFFLOAD (query; answered by NDIS).
pub const OID_TCP_OFFLOAD_CURRENT_CONFIG: u32 = 0xFC01_020B;
/// NDIS_OFFLOAD_PARAMETERS (set; switches chimney per IP version).
pub const OID_TCP_OFFLOAD_PARAMETERS: u32 = 0xFC01_020C;
/// NDIS_OFFLOAD (query; answered by NDIS).
pub const OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES: u32 = 0xFC01_020D;
/// NDIS_TCP_CONNECTION_OFFLOAD (query; answered by NDIS).
pub const OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG: u32 = 0xFC01_020E;
/// NDIS_TCP_CONNECTION_OFFLOAD (query; answered by NDIS).
pub const OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES: u32 = 0xFC01_020F;
/// NDIS_OFFLOAD_ENCAPSULATION.
pub const OID_OFFLOAD_ENCAPSULATION: u32 = 0x0101_010A;
/// NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS.
pub const OID_TCP_CONNECTION_OFFLOAD_PARAMETERS: u32 = 0xFC03_0201;

// ST-9.6 value sets.
/// Encapsulation not supported.
pub const NDIS_ENCAPSULATION_NOT_SUPPORTED: u32 = 0x00;
/// Null encapsulation.
pub const NDIS_ENCAPSULATION_NULL: u32 = 0x01;
/// IEEE 802.3.
pub const NDIS_ENCAPSULATION_IEEE_802_3: u32 = 0x02;
/// IEEE 802.3 with 802.1Q tags in the frame.
pub const NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q: u32 = 0x04;
/// IEEE 802.3 with 802.1Q information out of band.
pub const NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q_IN_OOB: u32 = 0x08;
/// LLC/SNAP routed.
pub const NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED: u32 = 0x10;
/// NDIS_OFFLOAD_ENCAPSULATION.*.Enabled: no change.
pub const NDIS_OFFLOAD_SET_NO_CHANGE: u32 = 0;
/// NDIS_OFFLOAD_ENCAPSULATION.*.Enabled: on.
pub const NDIS_OFFLOAD_SET_ON: u32 = 1;
/// NDIS_OFFLOAD_ENCAPSULATION.*.Enabled: off.
pub const NDIS_OFFLOAD_SET_OFF: u32 = 2;
/// NDIS_TCP_CONNECTION_OFFLOAD Support* value: not supported.
pub const NDIS_OFFLOAD_NOT_SUPPORTED: u32 = 0;
/// NDIS_TCP_CONNECTION_OFFLOAD Support* value: supported.
pub const NDIS_OFFLOAD_SUPPORTED: u32 = 1;
/// NDIS_OFFLOAD_PARAMETERS.TcpConnectionIPv4/IPv6: disable chimney (0 = no change).
pub const NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_DISABLED: u8 = 1;
/// NDIS_OFFLOAD_PARAMETERS.TcpConnectionIPv4/IPv6: enable chimney.
pub const NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_ENABLED: u8 = 2;
/// NDIS_TCP_CONNECTION_OFFLOAD revision 1.
pub const NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1: u8 = 1;
/// NDIS_TCP_CONNECTION_OFFLOAD revision 2 (NDIS 6.1).
pub const NDIS_TCP_CONNECTION_OFFLOAD_REVISION_2: u8 = 2;
/// NDIS_OFFLOAD_ENCAPSULATION revision 1.
pub const NDIS_OFFLOAD_ENCAPSULATION_REVISION_1: u8 = 1;
