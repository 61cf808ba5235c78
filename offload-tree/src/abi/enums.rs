//! The six ndischimney.h enumerations (ST-4.1..ST-4.6) as `#[repr(transparent)]`
//! newtypes over the MSVC `int` they are stored as, so a value NDIS or a peer sends
//! that is not listed stays representable (ST-1.1); plus the NET_BUFFER_LIST_INFO ids
//! chimney uses (ST-9.6).

macro_rules! abi_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $value:expr ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub i32);

        impl $name {
            $( $(#[$vmeta])* pub const $variant: Self = Self($value); )+

            /// Every named value, in header order (aliases included).
            pub const NAMES: &'static [(&'static str, Self)] =
                &[ $( (stringify!($variant), Self::$variant) ),+ ];

            /// The header's name for this value, if it has one (the first, for aliases).
            #[must_use]
            pub fn name(self) -> Option<&'static str> {
                Self::NAMES.iter().find(|(_, v)| *v == self).map(|(n, _)| *n)
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, concat!(stringify!($name), "({})"), self.0),
                }
            }
        }
    };
}

abi_enum! {
    /// `NDIS_CHIMNEY_OFFLOAD_TYPE` (ST-4.1): only `NdisTcpChimneyOffload` is valid.
    NDIS_CHIMNEY_OFFLOAD_TYPE {
        /// TCP chimney.
        NdisTcpChimneyOffload = 1,
        /// Reserved.
        NdisIpsecChimneyOffload = 2,
        /// Reserved.
        NdisRdmaChimneyOffload = 3,
        /// Bound.
        NdisMaxChimneyOffload = 4,
    }
}

abi_enum! {
    /// `INDICATE_OFFLOAD_EVENT` (ST-4.2), passed as `ULONG IndicationCode`.
    INDICATE_OFFLOAD_EVENT {
        /// Reserved.
        NeighborReachabilityInDoubt = 1,
        /// A neighbor cache entry went stale; one block with neighbor state.
        NeighborReachabilityQuery = 2,
        /// Bound.
        MaxOffloadEvent = 3,
    }
}

abi_enum! {
    /// `OFFLOAD_STATE_TYPE` (ST-4.3), stored in a block's `Header.Type` (a UCHAR).
    OFFLOAD_STATE_TYPE {
        /// NEIGHBOR_OFFLOAD_STATE_CONST.
        NeighborOffloadConstState = 1,
        /// NEIGHBOR_OFFLOAD_STATE_CACHED.
        NeighborOffloadCachedState = 2,
        /// NEIGHBOR_OFFLOAD_STATE_DELEGATED.
        NeighborOffloadDelegatedState = 3,
        /// Neighbor CONST, CACHED, DELEGATED.
        NeighborOffloadState = 4,
        /// PATH_OFFLOAD_STATE_CONST (IPv4).
        Ip4OffloadConstState = 5,
        /// PATH_OFFLOAD_STATE_CACHED (IPv4).
        Ip4OffloadCachedState = 6,
        /// PATH_OFFLOAD_STATE_DELEGATED (IPv4).
        Ip4OffloadDelegatedState = 7,
        /// Path CONST, CACHED, DELEGATED (IPv4).
        Ip4OffloadState = 8,
        /// PATH_OFFLOAD_STATE_CONST (IPv6).
        Ip6OffloadConstState = 9,
        /// PATH_OFFLOAD_STATE_CACHED (IPv6).
        Ip6OffloadCachedState = 10,
        /// PATH_OFFLOAD_STATE_DELEGATED (IPv6).
        Ip6OffloadDelegatedState = 11,
        /// Path CONST, CACHED, DELEGATED (IPv6).
        Ip6OffloadState = 12,
        /// TCP_OFFLOAD_STATE_CONST.
        TcpOffloadConstState = 13,
        /// TCP_OFFLOAD_STATE_CACHED.
        TcpOffloadCachedState = 14,
        /// TCP_OFFLOAD_STATE_DELEGATED.
        TcpOffloadDelegatedState = 15,
        /// Reserved, unused.
        TcpOffloadResourceState = 16,
        /// TCP CONST, CACHED, DELEGATED.
        TcpOffloadState = 17,
        /// Reserved for filter drivers.
        FilterReservedOffloadState = 254,
        /// Bound.
        MaximumOffloadState = 255,
    }
}

/// The three layers of a chimney state tree (OP-4), bottom first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OffloadLayer {
    /// Neighbor (bottom).
    Neighbor,
    /// Path (middle).
    Path,
    /// TCP connection (top).
    Tcp,
}

impl OffloadLayer {
    /// The layer that a block's dependents belong to, if any.
    #[must_use]
    pub const fn above(self) -> Option<Self> {
        match self {
            Self::Neighbor => Some(Self::Path),
            Self::Path => Some(Self::Tcp),
            Self::Tcp => None,
        }
    }
}

impl OFFLOAD_STATE_TYPE {
    /// The value stored in a block's `Header.Type` byte.
    #[must_use]
    pub const fn from_header_type(header_type: u8) -> Self {
        Self(header_type as i32)
    }

    /// The layer a state type names, or `None` for reserved and unknown values.
    #[must_use]
    pub const fn layer(self) -> Option<OffloadLayer> {
        match self.0 {
            1..=4 => Some(OffloadLayer::Neighbor),
            5..=12 => Some(OffloadLayer::Path),
            13..=15 | 17 => Some(OffloadLayer::Tcp),
            _ => None,
        }
    }

    /// Whether this is one of the "full" types (CONST, CACHED, DELEGATED follow).
    #[must_use]
    pub const fn is_full(self) -> bool {
        matches!(self.0, 4 | 8 | 12 | 17)
    }

    /// Whether a path type names IPv6 (its addresses are 16 bytes).
    #[must_use]
    pub const fn is_ipv6_path(self) -> bool {
        matches!(self.0, 9..=12)
    }
}

abi_enum! {
    /// `TCP_OFFLOAD_CONNECTION_STATE` (ST-4.4): RFC 793 states.
    TCP_OFFLOAD_CONNECTION_STATE {
        /// CLOSED.
        TcpConnectionClosed = 0,
        /// LISTEN.
        TcpConnectionListen = 1,
        /// SYN-SENT.
        TcpConnectionSynSent = 2,
        /// SYN-RECEIVED.
        TcpConnectionSynRcvd = 3,
        /// ESTABLISHED.
        TcpConnectionEstablished = 4,
        /// FIN-WAIT-1.
        TcpConnectionFinWait1 = 5,
        /// FIN-WAIT-2.
        TcpConnectionFinWait2 = 6,
        /// CLOSE-WAIT.
        TcpConnectionCloseWait = 7,
        /// CLOSING.
        TcpConnectionClosing = 8,
        /// LAST-ACK.
        TcpConnectionLastAck = 9,
        /// TIME-WAIT.
        TcpConnectionTimeWait = 10,
        /// Bound.
        TcpConnectionMaxState = 11,
    }
}

abi_enum! {
    /// `TCP_UPLOAD_REASON` (ST-4.5): `EventSpecificInformation` of `TcpIndicateRetrieve`.
    TCP_UPLOAD_REASON {
        /// Optional upload.
        LowActivity = 1,
        /// Optional upload.
        HighDropRate = 2,
        /// Optional upload.
        SmallIO = 3,
        /// Optional upload.
        NoBufferPreposting = 4,
        /// The header's legacy misspelling of `NoBufferPreposting`.
        NoBufferProposting = 4,
        /// Mandatory upload.
        ReceivedUrgentData = 5,
        /// Optional upload.
        HighFragmentation = 6,
        /// Optional upload.
        HighOutOfOrderPackets = 7,
        /// Mandatory upload.
        TimeoutExpiration = 8,
        /// Mandatory upload.
        InvalidState = 9,
        /// Mandatory upload.
        UploadRequested = 10,
        /// Mandatory upload.
        HardwareFailure = 11,
        /// Bound.
        MaxUploadReason = 12,
    }
}

abi_enum! {
    /// `TCP_OFFLOAD_EVENT_TYPE` (ST-4.6), passed as `ULONG EventType`.
    TCP_OFFLOAD_EVENT_TYPE {
        /// Preferred number of outstanding send bytes changed.
        TcpIndicateSendBacklogChange = 1,
        /// The peer sent FIN.
        TcpIndicateDisconnect = 2,
        /// The target asks for an upload (a TCP_UPLOAD_REASON follows).
        TcpIndicateRetrieve = 3,
        /// The peer sent an acceptable RST.
        TcpIndicateAbort = 4,
    }
}

abi_enum! {
    /// The `NDIS_NET_BUFFER_LIST_INFO` ids chimney uses (ST-9.6), counted in nbl.h's
    /// enumeration for NDIS ≥ 6.20 headers.
    NDIS_NET_BUFFER_LIST_INFO {
        /// Bytes completed on chimney send/receive/disconnect NBLs.
        TcpOffloadBytesTransferred = 0,
        /// Receive request in non-push mode.
        TcpReceiveNoPush = 2,
        /// Push-mode receive progress.
        TcpReceiveBytesTransferred = 17,
    }
}
