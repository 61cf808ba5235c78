//! Prints the layout of every structure of `spec/structures.md`, every enumerator and
//! every constant, for the target this example was built for, as tab-separated lines:
//!
//! ```text
//! STRUCT  -      0       SIZEOF  ALIGN
//! STRUCT  FIELD  OFFSET  SIZE
//! STRUCT  FIELD  STORAGE_BYTE_OFFSET  STORAGE_SIZE  BIT_OFFSET  BIT_WIDTH   (bit-fields)
//! ENUM    NAME   VALUE
//! DEFINE  NAME   VALUE
//! ```
//!
//! CI diffs this output against a C transcription of the spec compiled with mingw-w64
//! (`.ci/abi-crosscheck.sh`) for x64 and x86.

#![allow(
    clippy::wildcard_imports,
    clippy::too_many_lines,
    reason = "the layout tool lists the whole ABI, one line per member"
)]

use core::mem::{align_of, offset_of, size_of};
use std::io::{self, Write};

use offload_tree::abi::*;

struct Out(Vec<String>);

impl Out {
    fn line(&mut self, cols: &[&dyn std::fmt::Display]) {
        let cols: Vec<String> = cols.iter().map(ToString::to_string).collect();
        self.0.push(cols.join("\t"));
    }
}

/// `STRUCT - 0 SIZEOF ALIGN`.
macro_rules! strukt {
    ($o:ident, $t:ident) => {
        $o.line(&[
            &stringify!($t),
            &"-",
            &0,
            &size_of::<$t>(),
            &align_of::<$t>(),
        ])
    };
}

/// A plain member; the closure proves at compile time that the member has type `$ft`.
macro_rules! field {
    ($o:ident, $t:ident, $name:literal, $($path:ident).+ : $ft:ty) => {{
        let _type_check = |s: &$t| -> *const $ft { &raw const s.$($path).+ };
        $o.line(&[&stringify!($t), &$name, &offset_of!($t, $($path).+), &size_of::<$ft>()]);
    }};
}

/// A member inside an anonymous union (reached through the union's Rust field).
macro_rules! union_field {
    ($o:ident, $t:ident, $name:literal, $($path:ident).+ : $ft:ty) => {
        $o.line(&[&stringify!($t), &$name, &offset_of!($t, $($path).+), &size_of::<$ft>()])
    };
}

/// A bit-field: its storage unit (a Rust field) and its position constant.
macro_rules! bits {
    ($o:ident, $t:ident, $name:literal, $unit:ident : $ut:ty, $bf:expr) => {{
        let _type_check = |s: &$t| -> *const $ut { &raw const s.$unit };
        let bf: BitField = $bf;
        $o.line(&[
            &stringify!($t),
            &$name,
            &offset_of!($t, $unit),
            &size_of::<$ut>(),
            &bf.shift,
            &bf.width,
        ]);
    }};
}

macro_rules! define {
    ($o:ident, $($c:ident),+ $(,)?) => { $( $o.line(&[&"DEFINE", &stringify!($c), &$c]); )+ };
}

macro_rules! enumerators {
    ($o:ident, $t:ident) => {
        for (name, value) in $t::NAMES {
            $o.line(&[&"ENUM", name, &value.0]);
        }
    };
}

fn structs(o: &mut Out) {
    strukt!(o, NDIS_OBJECT_HEADER);
    field!(o, NDIS_OBJECT_HEADER, "Type", Type: u8);
    field!(o, NDIS_OBJECT_HEADER, "Revision", Revision: u8);
    field!(o, NDIS_OBJECT_HEADER, "Size", Size: u16);

    strukt!(o, NDIS_OFFLOAD_ENCAPSULATION);
    field!(o, NDIS_OFFLOAD_ENCAPSULATION, "Header", Header: NDIS_OBJECT_HEADER);
    for (name, sub) in [("IPv4", 0), ("IPv6", 1)] {
        let base = if sub == 0 {
            offset_of!(NDIS_OFFLOAD_ENCAPSULATION, IPv4)
        } else {
            offset_of!(NDIS_OFFLOAD_ENCAPSULATION, IPv6)
        };
        let t = "NDIS_OFFLOAD_ENCAPSULATION";
        o.line(&[
            &t,
            &name,
            &base,
            &size_of::<NDIS_OFFLOAD_ENCAPSULATION_FRAMING>(),
        ]);
        for (inner, off) in [
            (
                "Enabled",
                offset_of!(NDIS_OFFLOAD_ENCAPSULATION_FRAMING, Enabled),
            ),
            (
                "EncapsulationType",
                offset_of!(NDIS_OFFLOAD_ENCAPSULATION_FRAMING, EncapsulationType),
            ),
            (
                "HeaderSize",
                offset_of!(NDIS_OFFLOAD_ENCAPSULATION_FRAMING, HeaderSize),
            ),
        ] {
            o.line(&[
                &t,
                &format!("{name}.{inner}"),
                &(base + off),
                &size_of::<u32>(),
            ]);
        }
    }

    // ST-6.1
    strukt!(o, NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION);
    for (name, base) in [
        (
            "V4",
            offset_of!(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V4),
        ),
        (
            "V6",
            offset_of!(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V6),
        ),
    ] {
        type F = NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION_FRAMING;
        let t = "NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION";
        o.line(&[&t, &name, &base, &size_of::<F>()]);
        o.line(&[
            &t,
            &format!("{name}.Enabled"),
            &(base + offset_of!(F, Enabled)),
            &size_of::<u8>(),
        ]);
        o.line(&[
            &t,
            &format!("{name}.EncapsulationType"),
            &(base + offset_of!(F, EncapsulationType)),
            &size_of::<u32>(),
        ]);
        o.line(&[
            &t,
            &format!("{name}.HeaderSize"),
            &(base + offset_of!(F, HeaderSize)),
            &size_of::<u32>(),
        ]);
    }

    // ST-6.2
    strukt!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "Encapsulation", Encapsulation: NDIS_OFFLOAD_ENCAPSULATION);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "TicksPerSecond", TicksPerSecond: u32);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "TcpAckFrequency", TcpAckFrequency: u8);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "TcpDelayedAckTicks", TcpDelayedAckTicks: u8);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "TcpMaximumRetransmissions", TcpMaximumRetransmissions: u8);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "TcpDoubtReachabilityRetransmissions", TcpDoubtReachabilityRetransmissions: u8);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "TcpSwsPreventionTicks", TcpSwsPreventionTicks: u32);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "TcpDuplicateAckThreshold", TcpDuplicateAckThreshold: u32);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "TcpPushTicks", TcpPushTicks: u32);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "NceStaleTicks", NceStaleTicks: u32);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, "CongestionAlgorithm", CongestionAlgorithm: u32);

    // ST-6.3
    strukt!(o, OFFLOAD_STATE_HEADER);
    field!(o, OFFLOAD_STATE_HEADER, "Length", Length: u32);
    field!(o, OFFLOAD_STATE_HEADER, "RecognizedOptions", RecognizedOptions: u32);

    // ST-6.4
    strukt!(o, TCP_OFFLOAD_STATE_CONST);
    field!(o, TCP_OFFLOAD_STATE_CONST, "Header", Header: OFFLOAD_STATE_HEADER);
    field!(o, TCP_OFFLOAD_STATE_CONST, "Flags", Flags: u16);
    field!(o, TCP_OFFLOAD_STATE_CONST, "RemotePort", RemotePort: u16);
    field!(o, TCP_OFFLOAD_STATE_CONST, "LocalPort", LocalPort: u16);
    bits!(o, TCP_OFFLOAD_STATE_CONST, "SndWindScale", WindScale: u8, TCP_OFFLOAD_STATE_CONST::SND_WIND_SCALE);
    bits!(o, TCP_OFFLOAD_STATE_CONST, "RcvWindScale", WindScale: u8, TCP_OFFLOAD_STATE_CONST::RCV_WIND_SCALE);
    field!(o, TCP_OFFLOAD_STATE_CONST, "RemoteMss", RemoteMss: u16);
    field!(o, TCP_OFFLOAD_STATE_CONST, "HashValue", HashValue: u32);

    // ST-6.5
    strukt!(o, TCP_OFFLOAD_STATE_CACHED);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "Header", Header: OFFLOAD_STATE_HEADER);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "Flags", Flags: u16);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "InitialRcvWnd", InitialRcvWnd: u32);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "RcvIndicationSize", RcvIndicationSize: u32);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "KaProbeCount", KaProbeCount: u8);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "KaTimeout", KaTimeout: u32);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "KaInterval", KaInterval: u32);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "MaxRT", MaxRT: u32);
    bits!(o, TCP_OFFLOAD_STATE_CACHED, "FlowLabel", FlowLabelUnit: u32, TCP_OFFLOAD_STATE_CACHED::FLOW_LABEL);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "TtlOrHopLimit", TtlOrHopLimit: u8);
    field!(o, TCP_OFFLOAD_STATE_CACHED, "TosOrTrafficClass", TosOrTrafficClass: u8);
    bits!(o, TCP_OFFLOAD_STATE_CACHED, "UserPriority", UserPriorityUnit: u8, TCP_OFFLOAD_STATE_CACHED::USER_PRIORITY);

    // ST-6.6
    strukt!(o, TCP_OFFLOAD_STATE_DELEGATED);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "Header", Header: OFFLOAD_STATE_HEADER);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "State", State: TCP_OFFLOAD_CONNECTION_STATE);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "Flags", Flags: u16);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "RcvNxt", RcvNxt: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "RcvWnd", RcvWnd: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SndUna", SndUna: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SndNxt", SndNxt: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SndMax", SndMax: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SndWnd", SndWnd: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "MaxSndWnd", MaxSndWnd: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SendWL1", SendWL1: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "CWnd", CWnd: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SsThresh", SsThresh: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SRtt", SRtt: u16);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "RttVar", RttVar: u16);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "TsRecent", TsRecent: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "TsRecentAge", TsRecentAge: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "TsTime", TsTime: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "TotalRT", TotalRT: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "DupAckCount", DupAckCount: u8);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SndWndProbeCount", SndWndProbeCount: u8);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "KeepAlive", KeepAlive: TCP_OFFLOAD_STATE_DELEGATED_KEEPALIVE);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "KeepAlive.ProbeCount", KeepAlive.ProbeCount: u8);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "KeepAlive.TimeoutDelta", KeepAlive.TimeoutDelta: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "Retransmit", Retransmit: TCP_OFFLOAD_STATE_DELEGATED_RETRANSMIT);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "Retransmit.Count", Retransmit.Count: u8);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "Retransmit.TimeoutDelta", Retransmit.TimeoutDelta: u32);
    union_field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SendDataHead", Send.Data.SendDataHead: PNET_BUFFER_LIST);
    union_field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SendDataTail", Send.Data.SendDataTail: PNET_BUFFER_LIST);
    union_field!(o, TCP_OFFLOAD_STATE_DELEGATED, "SendBacklogSize", Send.SendBacklogSize: u32);
    union_field!(o, TCP_OFFLOAD_STATE_DELEGATED, "BufferedData", Receive.BufferedData: PNET_BUFFER_LIST);
    union_field!(o, TCP_OFFLOAD_STATE_DELEGATED, "ReceiveBacklogSize", Receive.ReceiveBacklogSize: u32);
    field!(o, TCP_OFFLOAD_STATE_DELEGATED, "DWnd", DWnd: u32);

    // ST-6.7 .. ST-6.9
    strukt!(o, PATH_OFFLOAD_STATE_CONST);
    field!(o, PATH_OFFLOAD_STATE_CONST, "Header", Header: OFFLOAD_STATE_HEADER);
    field!(o, PATH_OFFLOAD_STATE_CONST, "SourceAddress", SourceAddress: *const u8);
    field!(o, PATH_OFFLOAD_STATE_CONST, "DestinationAddress", DestinationAddress: *const u8);
    strukt!(o, PATH_OFFLOAD_STATE_CACHED);
    field!(o, PATH_OFFLOAD_STATE_CACHED, "Header", Header: OFFLOAD_STATE_HEADER);
    field!(o, PATH_OFFLOAD_STATE_CACHED, "PathMtu", PathMtu: u32);
    strukt!(o, PATH_OFFLOAD_STATE_DELEGATED);
    field!(o, PATH_OFFLOAD_STATE_DELEGATED, "Header", Header: OFFLOAD_STATE_HEADER);

    // ST-6.10 .. ST-6.12
    strukt!(o, NEIGHBOR_OFFLOAD_STATE_CONST);
    field!(o, NEIGHBOR_OFFLOAD_STATE_CONST, "Header", Header: OFFLOAD_STATE_HEADER);
    field!(o, NEIGHBOR_OFFLOAD_STATE_CONST, "DlSourceAddress", DlSourceAddress: [u8; 32]);
    bits!(o, NEIGHBOR_OFFLOAD_STATE_CONST, "VlanId", VlanIdUnit: u32, NEIGHBOR_OFFLOAD_STATE_CONST::VLAN_ID);
    strukt!(o, NEIGHBOR_OFFLOAD_STATE_CACHED);
    field!(o, NEIGHBOR_OFFLOAD_STATE_CACHED, "Header", Header: OFFLOAD_STATE_HEADER);
    field!(o, NEIGHBOR_OFFLOAD_STATE_CACHED, "DlDestinationAddress", DlDestinationAddress: [u8; 32]);
    field!(o, NEIGHBOR_OFFLOAD_STATE_CACHED, "HostReachabilityDelta", HostReachabilityDelta: u32);
    strukt!(o, NEIGHBOR_OFFLOAD_STATE_DELEGATED);
    field!(o, NEIGHBOR_OFFLOAD_STATE_DELEGATED, "Header", Header: OFFLOAD_STATE_HEADER);
    field!(o, NEIGHBOR_OFFLOAD_STATE_DELEGATED, "NicReachabilityDelta", NicReachabilityDelta: u32);

    // ST-6.13, ST-6.14
    strukt!(o, TCP_OFFLOAD_STATS);
    field!(o, TCP_OFFLOAD_STATS, "InSegments", InSegments: ULONG64);
    field!(o, TCP_OFFLOAD_STATS, "OutSegments", OutSegments: ULONG64);
    field!(o, TCP_OFFLOAD_STATS, "CurrentlyEstablished", CurrentlyEstablished: u32);
    field!(o, TCP_OFFLOAD_STATS, "ResetEstablished", ResetEstablished: u32);
    field!(o, TCP_OFFLOAD_STATS, "RetransmittedSegments", RetransmittedSegments: u32);
    field!(o, TCP_OFFLOAD_STATS, "InErrors", InErrors: u32);
    field!(o, TCP_OFFLOAD_STATS, "OutResets", OutResets: u32);
    strukt!(o, IP_OFFLOAD_STATS);
    field!(o, IP_OFFLOAD_STATS, "InReceives", InReceives: ULONG64);
    field!(o, IP_OFFLOAD_STATS, "InOctets", InOctets: ULONG64);
    field!(o, IP_OFFLOAD_STATS, "InDelivers", InDelivers: ULONG64);
    field!(o, IP_OFFLOAD_STATS, "OutRequests", OutRequests: ULONG64);
    field!(o, IP_OFFLOAD_STATS, "OutOctets", OutOctets: ULONG64);
    field!(o, IP_OFFLOAD_STATS, "InHeaderErrors", InHeaderErrors: u32);
    field!(o, IP_OFFLOAD_STATS, "InTruncatedPackets", InTruncatedPackets: u32);
    field!(o, IP_OFFLOAD_STATS, "InDiscards", InDiscards: u32);
    field!(o, IP_OFFLOAD_STATS, "OutDiscards", OutDiscards: u32);
    field!(o, IP_OFFLOAD_STATS, "OutNoRoutes", OutNoRoutes: u32);

    // ST-6.15, ST-6.16
    strukt!(o, NDIS_OFFLOAD_HANDLE);
    field!(o, NDIS_OFFLOAD_HANDLE, "NdisReserved", NdisReserved: [PVOID; 1]);
    field!(o, NDIS_OFFLOAD_HANDLE, "MiniportOffloadContext", MiniportOffloadContext: PVOID);
    strukt!(o, NDIS_OFFLOAD_HANDLE_PRIVATE);
    field!(o, NDIS_OFFLOAD_HANDLE_PRIVATE, "Handle", Handle: NDIS_OFFLOAD_HANDLE);
    field!(o, NDIS_OFFLOAD_HANDLE_PRIVATE, "ProtocolBindingContext", ProtocolBindingContext: PVOID);

    block_lists(o);
    tables(o);
}

fn block_lists(o: &mut Out) {
    // ST-6.17
    type P = NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
    type M = NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
    strukt!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "NextBlock", NextBlock: *mut P);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "DependentBlockList", DependentBlockList: *mut P);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "Status", Status: NDIS_STATUS);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "NdisReserved", NdisReserved: [PVOID; 3]);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "OffloadHandle", OffloadHandle: PNDIS_OFFLOAD_HANDLE);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "ProtocolReserved", ProtocolReserved: [PVOID; 2]);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "MiniportReserved", MiniportReserved: [PVOID; 2]);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "ImReserved", ImReserved: [PVOID; 2]);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "Scratch", Scratch: [PVOID; 2]);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "SourceHandle", SourceHandle: PVOID);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "PortNumber", PortNumber: NDIS_PORT_NUMBER);
    field!(o, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, "NetBufferListChain", NetBufferListChain: PNET_BUFFER_LIST);

    // ST-6.22
    strukt!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "NextBlock", NextBlock: *mut M);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "DependentBlockList", DependentBlockList: *mut M);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "Status", Status: NDIS_STATUS);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "NdisReserved", NdisReserved: [PVOID; 2]);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "MiniportOffloadContext", MiniportOffloadContext: *mut PVOID);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "NdisOffloadHandle", NdisOffloadHandle: NDIS_HANDLE);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "ProtocolReserved", ProtocolReserved: [PVOID; 2]);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "MiniportReserved", MiniportReserved: [PVOID; 2]);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "ImReserved", ImReserved: [PVOID; 2]);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "Scratch", Scratch: [PVOID; 2]);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "SourceHandle", SourceHandle: PVOID);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "PortNumber", PortNumber: NDIS_PORT_NUMBER);
    field!(o, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, "NetBufferListChain", NetBufferListChain: PNET_BUFFER_LIST);
}

fn tables(o: &mut Out) {
    type TC = NDIS_TCP_CONNECTION_OFFLOAD;
    strukt!(o, NDIS_DRIVER_OPTIONAL_HANDLERS);
    field!(o, NDIS_DRIVER_OPTIONAL_HANDLERS, "Header", Header: NDIS_OBJECT_HEADER);

    // ST-6.18, ST-6.19
    strukt!(o, NDIS_OFFLOAD_CLIENT_HANDLERS);
    field!(o, NDIS_OFFLOAD_CLIENT_HANDLERS, "Header", Header: NDIS_OBJECT_HEADER);
    strukt!(o, NDIS_TCP_OFFLOAD_CLIENT_HANDLERS);
    field!(o, NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, "TcpOffloadSendCompleteHandler", TcpOffloadSendCompleteHandler: TCP_OFFLOAD_SEND_COMPLETE_HANDLER);
    field!(o, NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, "TcpOffloadReceiveCompleteHandler", TcpOffloadReceiveCompleteHandler: TCP_OFFLOAD_RECV_COMPLETE_HANDLER);
    field!(o, NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, "TcpOffloadDisconnectCompleteHandler", TcpOffloadDisconnectCompleteHandler: TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER);
    field!(o, NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, "TcpOffloadForwardCompleteHandler", TcpOffloadForwardCompleteHandler: TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER);
    field!(o, NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, "TcpOffloadEventHandler", TcpOffloadEventHandler: TCP_OFFLOAD_EVENT_HANDLER);
    field!(o, NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, "TcpOffloadReceiveIndicateHandler", TcpOffloadReceiveIndicateHandler: TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER);

    // ST-6.20
    strukt!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "Flags", Flags: u32);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "InitiateOffloadCompleteHandler", InitiateOffloadCompleteHandler: INITIATE_OFFLOAD_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "TerminateOffloadCompleteHandler", TerminateOffloadCompleteHandler: TERMINATE_OFFLOAD_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "UpdateOffloadCompleteHandler", UpdateOffloadCompleteHandler: UPDATE_OFFLOAD_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "InvalidateOffloadCompleteHandler", InvalidateOffloadCompleteHandler: INVALIDATE_OFFLOAD_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "QueryOffloadCompleteHandler", QueryOffloadCompleteHandler: QUERY_OFFLOAD_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "IndicateOffloadEventHandler", IndicateOffloadEventHandler: INDICATE_OFFLOAD_EVENT_HANDLER);

    // ST-6.21
    strukt!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "Flags", Flags: u32);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "OffloadType", OffloadType: NDIS_CHIMNEY_OFFLOAD_TYPE);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadSendCompleteHandler", TcpOffloadSendCompleteHandler: TCP_OFFLOAD_SEND_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadReceiveCompleteHandler", TcpOffloadReceiveCompleteHandler: TCP_OFFLOAD_RECV_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadDisconnectCompleteHandler", TcpOffloadDisconnectCompleteHandler: TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadForwardCompleteHandler", TcpOffloadForwardCompleteHandler: TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadEventHandler", TcpOffloadEventHandler: TCP_OFFLOAD_EVENT_HANDLER);
    field!(o, NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadReceiveIndicateHandler", TcpOffloadReceiveIndicateHandler: TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER);

    // ST-6.23
    strukt!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "Flags", Flags: u32);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "InitiateOffloadHandler", InitiateOffloadHandler: W_INITIATE_OFFLOAD_HANDLER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "TerminateOffloadHandler", TerminateOffloadHandler: W_TERMINATE_OFFLOAD_HANDLER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "UpdateOffloadHandler", UpdateOffloadHandler: W_UPDATE_OFFLOAD_HANDLER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "InvalidateOffloadHandler", InvalidateOffloadHandler: W_INVALIDATE_OFFLOAD_HANDLER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, "QueryOffloadHandler", QueryOffloadHandler: W_QUERY_OFFLOAD_HANDLER);

    // ST-6.24
    strukt!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "Flags", Flags: u32);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "OffloadType", OffloadType: NDIS_CHIMNEY_OFFLOAD_TYPE);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadSendHandler", TcpOffloadSendHandler: W_TCP_OFFLOAD_SEND_HANDLER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadReceiveHandler", TcpOffloadReceiveHandler: W_TCP_OFFLOAD_RECEIVE_HANDLER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadDisconnectHandler", TcpOffloadDisconnectHandler: W_TCP_OFFLOAD_DISCONNECT_HANDLER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadForwardHandler", TcpOffloadForwardHandler: W_TCP_OFFLOAD_FORWARD_HANDLER);
    field!(o, NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, "TcpOffloadReceiveReturnHandler", TcpOffloadReceiveReturnHandler: W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER);

    // ST-6.25, ST-6.26
    strukt!(o, NDIS_OFFLOAD_EVENT_HANDLERS);
    field!(o, NDIS_OFFLOAD_EVENT_HANDLERS, "Header", Header: NDIS_OBJECT_HEADER);
    strukt!(o, NDIS_TCP_OFFLOAD_EVENT_HANDLERS);
    field!(o, NDIS_TCP_OFFLOAD_EVENT_HANDLERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_TCP_OFFLOAD_EVENT_HANDLERS, "NdisTcpOffloadEventHandler", NdisTcpOffloadEventHandler: NDIS_TCP_OFFLOAD_EVENT_INDICATE);
    field!(o, NDIS_TCP_OFFLOAD_EVENT_HANDLERS, "NdisTcpOffloadReceiveHandler", NdisTcpOffloadReceiveHandler: NDIS_TCP_OFFLOAD_RECEIVE_INDICATE);
    field!(o, NDIS_TCP_OFFLOAD_EVENT_HANDLERS, "NdisTcpOffloadSendComplete", NdisTcpOffloadSendComplete: NDIS_TCP_OFFLOAD_SEND_COMPLETE);
    field!(o, NDIS_TCP_OFFLOAD_EVENT_HANDLERS, "NdisTcpOffloadReceiveComplete", NdisTcpOffloadReceiveComplete: NDIS_TCP_OFFLOAD_RECEIVE_COMPLETE);
    field!(o, NDIS_TCP_OFFLOAD_EVENT_HANDLERS, "NdisTcpOffloadDisconnectComplete", NdisTcpOffloadDisconnectComplete: NDIS_TCP_OFFLOAD_DISCONNECT_COMPLETE);
    field!(o, NDIS_TCP_OFFLOAD_EVENT_HANDLERS, "NdisTcpOffloadForwardComplete", NdisTcpOffloadForwardComplete: NDIS_TCP_OFFLOAD_FORWARD_COMPLETE);

    // ST-10.1, ST-10.2
    strukt!(o, NDIS_TCP_CONNECTION_OFFLOAD);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD, "Encapsulation", Encapsulation: u32);
    bits!(o, NDIS_TCP_CONNECTION_OFFLOAD, "SupportIPv4", SupportFlags: u32, TC::SUPPORT_IPV4);
    bits!(o, NDIS_TCP_CONNECTION_OFFLOAD, "SupportIPv6", SupportFlags: u32, TC::SUPPORT_IPV6);
    bits!(o, NDIS_TCP_CONNECTION_OFFLOAD, "SupportIPv6ExtensionHeaders", SupportFlags: u32, TC::SUPPORT_IPV6_EXTENSION_HEADERS);
    bits!(o, NDIS_TCP_CONNECTION_OFFLOAD, "SupportSack", SupportFlags: u32, TC::SUPPORT_SACK);
    bits!(o, NDIS_TCP_CONNECTION_OFFLOAD, "CongestionAlgorithm", SupportFlags: u32, TC::CONGESTION_ALGORITHM);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD, "TcpConnectionOffloadCapacity", TcpConnectionOffloadCapacity: u32);
    field!(o, NDIS_TCP_CONNECTION_OFFLOAD, "Flags", Flags: u32);
    strukt!(o, NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES);
    field!(o, NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, "DefaultOffloadConfiguration", DefaultOffloadConfiguration: *mut NDIS_OFFLOAD);
    field!(o, NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, "HardwareOffloadCapabilities", HardwareOffloadCapabilities: *mut NDIS_OFFLOAD);
    field!(o, NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, "DefaultTcpConnectionOffloadConfiguration", DefaultTcpConnectionOffloadConfiguration: *mut TC);
    field!(o, NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, "TcpConnectionOffloadHardwareCapabilities", TcpConnectionOffloadHardwareCapabilities: *mut TC);
}

fn enums(o: &mut Out) {
    enumerators!(o, NDIS_CHIMNEY_OFFLOAD_TYPE);
    enumerators!(o, INDICATE_OFFLOAD_EVENT);
    enumerators!(o, OFFLOAD_STATE_TYPE);
    enumerators!(o, TCP_OFFLOAD_CONNECTION_STATE);
    enumerators!(o, TCP_UPLOAD_REASON);
    enumerators!(o, TCP_OFFLOAD_EVENT_TYPE);
    enumerators!(o, NDIS_NET_BUFFER_LIST_INFO);
}

fn defines(o: &mut Out) {
    use offload_tree::abi::tcp_cached_flags::*;
    use offload_tree::abi::tcp_const_flags::*;
    // §5
    define!(
        o,
        NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS_1,
        NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS_2,
        NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_2,
        TCP_DISCONNECT_GRACEFUL_CLOSE,
        TCP_DISCONNECT_ABORTIVE_CLOSE,
        TCP_FLAG_TIMESTAMP_ENABLED,
        TCP_FLAG_SACK_ENABLED,
        TCP_FLAG_WINDOW_SCALING_ENABLED,
        TCP_FLAG_KEEP_ALIVE_ENABLED,
        TCP_FLAG_NAGLING_ENABLED,
        TCP_FLAG_KEEP_ALIVE_RESTART,
        TCP_FLAG_MAX_RT_RESTART,
        TCP_FLAG_UPDATE_RCV_WND,
        NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
        NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
        NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
        NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
        NDIS_OBJECT_TCP_OFFLOAD_REVISION_1,
        NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1,
    );
    // ST-2.4, ST-2.6, ST-10.1
    define!(
        o,
        NDIS_DEFAULT_PORT_NUMBER,
        NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1,
        NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1,
    );
    // ST-9.1
    define!(
        o,
        NDIS_OBJECT_TYPE_DEFAULT,
        NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES,
        NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
        NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
        NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS,
        NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS,
        NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES,
        NDIS_OBJECT_TYPE_OFFLOAD,
        NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION,
    );
    // ST-9.2
    define!(
        o,
        NDIS_STATUS_OFFLOAD_PAUSE,
        NDIS_STATUS_UPLOAD_ALL,
        NDIS_STATUS_OFFLOAD_RESUME,
        NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS,
        NDIS_STATUS_OFFLOAD_STATE_INVALID,
        NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG,
        NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES,
        NDIS_STATUS_OFFLOAD_ENCASPULATION_CHANGE,
        NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
        NDIS_STATUS_OFFLOAD_IM_RESERVED1,
        NDIS_STATUS_OFFLOAD_IM_RESERVED2,
        NDIS_STATUS_OFFLOAD_IM_RESERVED3,
    );
    // ST-9.3
    define!(
        o,
        NDIS_STATUS_UPLOAD_IN_PROGRESS,
        NDIS_STATUS_REQUEST_UPLOAD,
        NDIS_STATUS_UPLOAD_REQUESTED,
        NDIS_STATUS_OFFLOAD_TCP_ENTRIES,
        NDIS_STATUS_OFFLOAD_PATH_ENTRIES,
        NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES,
        NDIS_STATUS_OFFLOAD_IP_ADDRESS_ENTRIES,
        NDIS_STATUS_OFFLOAD_HW_ADDRESS_ENTRIES,
        NDIS_STATUS_OFFLOAD_VLAN_ENTRIES,
        NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER,
        NDIS_STATUS_OFFLOAD_TCP_RCV_BUFFER,
        NDIS_STATUS_OFFLOAD_TCP_RCV_WINDOW,
        NDIS_STATUS_OFFLOAD_VLAN_MISMATCH,
        NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED,
        NDIS_STATUS_OFFLOAD_POLICY,
        NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED,
        NDIS_STATUS_OFFLOAD_REQUEST_RESET,
        NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED,
    );
    // ST-9.4
    define!(
        o,
        NDIS_STATUS_SUCCESS,
        NDIS_STATUS_PENDING,
        NDIS_STATUS_FAILURE,
        NDIS_STATUS_RESOURCES,
        NDIS_STATUS_INVALID_PARAMETER,
        NDIS_STATUS_NOT_SUPPORTED,
        NDIS_STATUS_INVALID_STATE,
        NDIS_STATUS_REQUEST_ABORTED,
        NDIS_STATUS_SEND_ABORTED,
        NDIS_STATUS_PAUSED,
    );
    // ST-9.5
    define!(
        o,
        OID_TCP_TASK_OFFLOAD,
        OID_TCP4_OFFLOAD_STATS,
        OID_TCP6_OFFLOAD_STATS,
        OID_IP4_OFFLOAD_STATS,
        OID_IP6_OFFLOAD_STATS,
        OID_TCP_OFFLOAD_CURRENT_CONFIG,
        OID_TCP_OFFLOAD_PARAMETERS,
        OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES,
        OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG,
        OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
        OID_OFFLOAD_ENCAPSULATION,
        OID_TCP_CONNECTION_OFFLOAD_PARAMETERS,
    );
    // ST-9.6
    define!(
        o,
        NDIS_ENCAPSULATION_NOT_SUPPORTED,
        NDIS_ENCAPSULATION_NULL,
        NDIS_ENCAPSULATION_IEEE_802_3,
        NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q,
        NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q_IN_OOB,
        NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED,
        NDIS_OFFLOAD_SET_NO_CHANGE,
        NDIS_OFFLOAD_SET_ON,
        NDIS_OFFLOAD_SET_OFF,
        NDIS_OFFLOAD_NOT_SUPPORTED,
        NDIS_OFFLOAD_SUPPORTED,
        NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_ENABLED,
        NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1,
        NDIS_TCP_CONNECTION_OFFLOAD_REVISION_2,
        NDIS_OFFLOAD_ENCAPSULATION_REVISION_1,
    );
}

fn main() -> io::Result<()> {
    let mut o = Out(Vec::new());
    structs(&mut o);
    enums(&mut o);
    defines(&mut o);
    let mut stdout = io::stdout().lock();
    writeln!(
        stdout,
        "# offload-tree layout, pointer width {} bits",
        usize::BITS
    )?;
    for line in o.0 {
        writeln!(stdout, "{line}")?;
    }
    Ok(())
}
