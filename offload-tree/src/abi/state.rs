//! The offload state structures that follow a block in memory (ST-6.3..ST-6.12).
//! Each begins with an `OFFLOAD_STATE_HEADER` whose `Length` is how a reader steps to
//! the next structure (ST-11.5). Bit-fields are one storage integer per MSVC unit with
//! accessors of the exact widths (ST-1.3).

use super::base::{BitField, PNET_BUFFER_LIST};
use super::consts::{TcpCachedFlags, TcpConstFlags};
use super::enums::TCP_OFFLOAD_CONNECTION_STATE;

/// OFFLOAD_STATE_HEADER (ST-6.3).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OFFLOAD_STATE_HEADER {
    /// Byte size of the whole state structure that begins with this header.
    pub Length: u32,
    /// Reserved.
    pub RecognizedOptions: u32,
}

macro_rules! bit_accessors {
    ($unit:ident : $uty:ty { $( $get:ident, $set:ident, $konst:ident = ($shift:expr, $width:expr); )+ }) => {
        $(
            #[doc = concat!("Position of the `", stringify!($get), "` bit-field in `", stringify!($unit), "`.")]
            pub const $konst: BitField = BitField { shift: $shift, width: $width };

            #[doc = concat!("The `", stringify!($get), "` bit-field.")]
            #[must_use]
            pub const fn $get(&self) -> $uty {
                Self::$konst.get(self.$unit as u32) as $uty
            }

            #[doc = concat!("Set the `", stringify!($get), "` bit-field (truncated to its width).")]
            pub const fn $set(&mut self, value: $uty) {
                self.$unit = Self::$konst.set(self.$unit as u32, value as u32) as $uty;
            }
        )+
    };
}

/// TCP_OFFLOAD_STATE_CONST (ST-6.4): per-connection values fixed for its life.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TCP_OFFLOAD_STATE_CONST {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
    /// TCP_FLAG_TIMESTAMP_ENABLED / _SACK_ENABLED / _WINDOW_SCALING_ENABLED.
    pub Flags: u16,
    /// Peer port.
    pub RemotePort: u16,
    /// Local port.
    pub LocalPort: u16,
    /// UCHAR unit: `SndWindScale : 4`, `RcvWindScale : 4`.
    pub WindScale: u8,
    /// MSS announced by the peer.
    pub RemoteMss: u16,
    /// RSS hash of the connection.
    pub HashValue: u32,
}

impl TCP_OFFLOAD_STATE_CONST {
    bit_accessors!(WindScale: u8 {
        SndWindScale, set_SndWindScale, SND_WIND_SCALE = (0, 4);
        RcvWindScale, set_RcvWindScale, RCV_WIND_SCALE = (4, 4);
    });

    /// `Flags` as a flag set (unknown bits kept).
    #[must_use]
    pub const fn flags(&self) -> TcpConstFlags {
        TcpConstFlags::from_bits_retain(self.Flags)
    }
}

/// TCP_OFFLOAD_STATE_CACHED (ST-6.5): host-owned values the host may update.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TCP_OFFLOAD_STATE_CACHED {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
    /// TCP_FLAG_KEEP_ALIVE_ENABLED … TCP_FLAG_UPDATE_RCV_WND.
    pub Flags: u16,
    /// Default receive window.
    pub InitialRcvWnd: u32,
    /// Preferred bytes per receive indication; 0 = no preference.
    pub RcvIndicationSize: u32,
    /// Keep-alive probes before giving up.
    pub KaProbeCount: u8,
    /// Idle ticks before the first keep-alive.
    pub KaTimeout: u32,
    /// Ticks between unanswered keep-alives.
    pub KaInterval: u32,
    /// Max ticks retransmitting one segment (0 = count, 0xFFFFFFFF = unlimited).
    pub MaxRT: u32,
    /// ULONG unit: `FlowLabel : 20`.
    pub FlowLabelUnit: u32,
    /// IPv4 TTL / IPv6 hop limit.
    pub TtlOrHopLimit: u8,
    /// IPv4 TOS / IPv6 traffic class.
    pub TosOrTrafficClass: u8,
    /// UCHAR unit: `UserPriority : 3`.
    pub UserPriorityUnit: u8,
}

impl TCP_OFFLOAD_STATE_CACHED {
    bit_accessors!(FlowLabelUnit: u32 {
        FlowLabel, set_FlowLabel, FLOW_LABEL = (0, 20);
    });
    bit_accessors!(UserPriorityUnit: u8 {
        UserPriority, set_UserPriority, USER_PRIORITY = (0, 3);
    });

    /// `Flags` as a flag set (unknown bits kept).
    #[must_use]
    pub const fn flags(&self) -> TcpCachedFlags {
        TcpCachedFlags::from_bits_retain(self.Flags)
    }
}

/// The inline `KeepAlive` / `Retransmit` structs of TCP_OFFLOAD_STATE_DELEGATED
/// (structs in the header, unions in the docs: the header wins, ST-13.2).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TCP_OFFLOAD_STATE_DELEGATED_KEEPALIVE {
    /// Unanswered probes sent.
    pub ProbeCount: u8,
    /// Ticks to the next keep-alive; 0xFFFFFFFF = timer not running.
    pub TimeoutDelta: u32,
}

/// The inline `Retransmit` struct of TCP_OFFLOAD_STATE_DELEGATED.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TCP_OFFLOAD_STATE_DELEGATED_RETRANSMIT {
    /// Retransmissions so far.
    pub Count: u8,
    /// Ticks to the next retransmit; 0xFFFFFFFF = timer not running.
    pub TimeoutDelta: u32,
}

/// The anonymous struct inside anonymous union #1 of TCP_OFFLOAD_STATE_DELEGATED.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TCP_OFFLOAD_STATE_DELEGATED_SEND_DATA {
    /// First NBL of outstanding send data in the block's chain (initiate/terminate).
    pub SendDataHead: PNET_BUFFER_LIST,
    /// Last NBL of that data.
    pub SendDataTail: PNET_BUFFER_LIST,
}

/// Anonymous union #1 of TCP_OFFLOAD_STATE_DELEGATED: send-side data or backlog.
#[repr(C)]
#[derive(Clone, Copy)]
pub union TCP_OFFLOAD_STATE_DELEGATED_SEND {
    /// Initiate/terminate: the outstanding send data.
    pub Data: TCP_OFFLOAD_STATE_DELEGATED_SEND_DATA,
    /// Query: preferred outstanding send bytes (0xFFFFFFFF = unsupported).
    pub SendBacklogSize: u32,
}

/// Anonymous union #2 of TCP_OFFLOAD_STATE_DELEGATED: receive-side data or backlog.
#[repr(C)]
#[derive(Clone, Copy)]
pub union TCP_OFFLOAD_STATE_DELEGATED_RECEIVE {
    /// Initiate/terminate: already-received data handed over.
    pub BufferedData: PNET_BUFFER_LIST,
    /// Query: bytes buffered in the target (0xFFFFFFFF = unsupported).
    pub ReceiveBacklogSize: u32,
}

/// TCP_OFFLOAD_STATE_DELEGATED (ST-6.6): target-owned per-connection values.
/// **P** members in the two unions; NDIS 6.1 layout (`DWnd` present).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TCP_OFFLOAD_STATE_DELEGATED {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
    /// RFC 793 state.
    pub State: TCP_OFFLOAD_CONNECTION_STATE,
    /// Reserved for the system.
    pub Flags: u16,
    /// Next expected receive sequence.
    pub RcvNxt: u32,
    /// Receive window bytes.
    pub RcvWnd: u32,
    /// Oldest unacknowledged sequence.
    pub SndUna: u32,
    /// Next sequence to send.
    pub SndNxt: u32,
    /// Highest sequence sent.
    pub SndMax: u32,
    /// Send window bytes.
    pub SndWnd: u32,
    /// Largest send window seen.
    pub MaxSndWnd: u32,
    /// Sequence of the last window update.
    pub SendWL1: u32,
    /// Congestion window.
    pub CWnd: u32,
    /// Slow-start threshold.
    pub SsThresh: u32,
    /// Smoothed RTT, ticks.
    pub SRtt: u16,
    /// RTT variance, ticks.
    pub RttVar: u16,
    /// Timestamp to echo.
    pub TsRecent: u32,
    /// Ticks since TsRecent was taken.
    pub TsRecentAge: u32,
    /// Adjusted timestamp clock.
    pub TsTime: u32,
    /// Ticks spent retransmitting the current segment.
    pub TotalRT: u32,
    /// Duplicate ACK counter.
    pub DupAckCount: u8,
    /// Persist-timer probe round.
    pub SndWndProbeCount: u8,
    /// Keep-alive timer state.
    pub KeepAlive: TCP_OFFLOAD_STATE_DELEGATED_KEEPALIVE,
    /// Retransmit timer state.
    pub Retransmit: TCP_OFFLOAD_STATE_DELEGATED_RETRANSMIT,
    /// Anonymous union #1.
    pub Send: TCP_OFFLOAD_STATE_DELEGATED_SEND,
    /// Anonymous union #2.
    pub Receive: TCP_OFFLOAD_STATE_DELEGATED_RECEIVE,
    /// Undocumented (NDIS 6.1).
    pub DWnd: u32,
}

impl Default for TCP_OFFLOAD_STATE_DELEGATED {
    fn default() -> Self {
        Self {
            Header: OFFLOAD_STATE_HEADER::default(),
            State: TCP_OFFLOAD_CONNECTION_STATE::default(),
            Flags: 0,
            RcvNxt: 0,
            RcvWnd: 0,
            SndUna: 0,
            SndNxt: 0,
            SndMax: 0,
            SndWnd: 0,
            MaxSndWnd: 0,
            SendWL1: 0,
            CWnd: 0,
            SsThresh: 0,
            SRtt: 0,
            RttVar: 0,
            TsRecent: 0,
            TsRecentAge: 0,
            TsTime: 0,
            TotalRT: 0,
            DupAckCount: 0,
            SndWndProbeCount: 0,
            KeepAlive: TCP_OFFLOAD_STATE_DELEGATED_KEEPALIVE::default(),
            Retransmit: TCP_OFFLOAD_STATE_DELEGATED_RETRANSMIT::default(),
            // The pointer arm is the widest: initialising it defines every byte.
            Send: TCP_OFFLOAD_STATE_DELEGATED_SEND {
                Data: TCP_OFFLOAD_STATE_DELEGATED_SEND_DATA {
                    SendDataHead: core::ptr::null_mut(),
                    SendDataTail: core::ptr::null_mut(),
                },
            },
            Receive: TCP_OFFLOAD_STATE_DELEGATED_RECEIVE {
                BufferedData: core::ptr::null_mut(),
            },
            DWnd: 0,
        }
    }
}

/// PATH_OFFLOAD_STATE_CONST (ST-6.7): **P** members pointing to caller-owned
/// addresses (4 or 16 bytes by the block's `Type`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PATH_OFFLOAD_STATE_CONST {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
    /// Local IP address, network order.
    pub SourceAddress: *const u8,
    /// Remote IP address, network order.
    pub DestinationAddress: *const u8,
}

impl Default for PATH_OFFLOAD_STATE_CONST {
    fn default() -> Self {
        Self {
            Header: OFFLOAD_STATE_HEADER::default(),
            SourceAddress: core::ptr::null(),
            DestinationAddress: core::ptr::null(),
        }
    }
}

/// PATH_OFFLOAD_STATE_CACHED (ST-6.8).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PATH_OFFLOAD_STATE_CACHED {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
    /// Path MTU.
    pub PathMtu: u32,
}

/// PATH_OFFLOAD_STATE_DELEGATED (ST-6.9): a header only.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PATH_OFFLOAD_STATE_DELEGATED {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
}

/// NEIGHBOR_OFFLOAD_STATE_CONST (ST-6.10).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NEIGHBOR_OFFLOAD_STATE_CONST {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
    /// Source MAC to use; all zero = the interface's.
    pub DlSourceAddress: [u8; 32],
    /// ULONG unit: `VlanId : 12`.
    pub VlanIdUnit: u32,
}

impl NEIGHBOR_OFFLOAD_STATE_CONST {
    bit_accessors!(VlanIdUnit: u32 {
        VlanId, set_VlanId, VLAN_ID = (0, 12);
    });
}

/// NEIGHBOR_OFFLOAD_STATE_CACHED (ST-6.11).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NEIGHBOR_OFFLOAD_STATE_CACHED {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
    /// Next-hop MAC.
    pub DlDestinationAddress: [u8; 32],
    /// Ticks since the host last confirmed reachability.
    pub HostReachabilityDelta: u32,
}

/// NEIGHBOR_OFFLOAD_STATE_DELEGATED (ST-6.12).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NEIGHBOR_OFFLOAD_STATE_DELEGATED {
    /// State header.
    pub Header: OFFLOAD_STATE_HEADER,
    /// Ticks since the target last confirmed reachability.
    pub NicReachabilityDelta: u32,
}
