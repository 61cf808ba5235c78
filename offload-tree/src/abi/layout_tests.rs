//! Layout pins for every ABI structure, written from the member types of
//! `structures.md` by hand (not from running the code): natural MSVC alignment,
//! pointer = 8 bytes on x64 and 4 on x86, ULONG64 8-aligned on both (ST-1.1).
//! Run for both widths: `--target x86_64-unknown-linux-gnu` and `i686-unknown-linux-gnu`.

use core::mem::{align_of, offset_of, size_of};

use super::*;

/// Pick the expected value for the pointer width under test.
const fn p(x64: usize, x86: usize) -> usize {
    if cfg!(target_pointer_width = "64") {
        x64
    } else {
        x86
    }
}

macro_rules! pin {
    ($t:ty, size $x64:expr, $x86:expr, align $a64:expr, $a86:expr) => {
        assert_eq!(size_of::<$t>(), p($x64, $x86), "sizeof {}", stringify!($t));
        assert_eq!(align_of::<$t>(), p($a64, $a86), "alignof {}", stringify!($t));
    };
    ($t:ty, $($f:ident).+ @ $x64:expr, $x86:expr) => {
        assert_eq!(
            offset_of!($t, $($f).+),
            p($x64, $x86),
            "offsetof {}.{}",
            stringify!($t),
            stringify!($($f).+)
        );
    };
}

#[test]
fn object_header_and_state_header() {
    pin!(NDIS_OBJECT_HEADER, size 4, 4, align 2, 2);
    pin!(NDIS_OBJECT_HEADER, Revision @ 1, 1);
    pin!(NDIS_OBJECT_HEADER, Size @ 2, 2);
    pin!(OFFLOAD_STATE_HEADER, size 8, 8, align 4, 4);
    pin!(OFFLOAD_STATE_HEADER, RecognizedOptions @ 4, 4);
}

#[test]
fn encapsulation_and_parameters() {
    pin!(NDIS_OFFLOAD_ENCAPSULATION, size 28, 28, align 4, 4);
    pin!(NDIS_OFFLOAD_ENCAPSULATION, IPv4.EncapsulationType @ 8, 8);
    pin!(NDIS_OFFLOAD_ENCAPSULATION, IPv6.HeaderSize @ 24, 24);
    // UCHAR Enabled is followed by 3 bytes of padding (ST-6.1 note).
    pin!(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, size 24, 24, align 4, 4);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V4.EncapsulationType @ 4, 4);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V6.Enabled @ 12, 12);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, size 60, 60, align 4, 4);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TicksPerSecond @ 32, 32);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpDoubtReachabilityRetransmissions @ 39, 39);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpSwsPreventionTicks @ 40, 40);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, CongestionAlgorithm @ 56, 56);
    assert_eq!(
        usize::from(NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_1),
        56
    );
    assert_eq!(
        usize::from(NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_2),
        60
    );
    assert_eq!(
        usize::from(NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1),
        28
    );
    pin!(NDIS_TCP_CONNECTION_OFFLOAD, size 20, 20, align 4, 4);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD, SupportFlags @ 8, 8);
    pin!(NDIS_TCP_CONNECTION_OFFLOAD, TcpConnectionOffloadCapacity @ 12, 12);
    assert_eq!(
        usize::from(NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1),
        20
    );
    pin!(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, size 40, 20, align 8, 4);
    pin!(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, DefaultOffloadConfiguration @ 8, 4);
    pin!(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, TcpConnectionOffloadHardwareCapabilities @ 32, 16);
}

#[test]
fn tcp_state() {
    pin!(TCP_OFFLOAD_STATE_CONST, size 24, 24, align 4, 4);
    pin!(TCP_OFFLOAD_STATE_CONST, LocalPort @ 12, 12);
    pin!(TCP_OFFLOAD_STATE_CONST, WindScale @ 14, 14);
    pin!(TCP_OFFLOAD_STATE_CONST, RemoteMss @ 16, 16);
    pin!(TCP_OFFLOAD_STATE_CONST, HashValue @ 20, 20);

    pin!(TCP_OFFLOAD_STATE_CACHED, size 44, 44, align 4, 4);
    pin!(TCP_OFFLOAD_STATE_CACHED, InitialRcvWnd @ 12, 12);
    pin!(TCP_OFFLOAD_STATE_CACHED, KaProbeCount @ 20, 20);
    pin!(TCP_OFFLOAD_STATE_CACHED, KaTimeout @ 24, 24);
    pin!(TCP_OFFLOAD_STATE_CACHED, FlowLabelUnit @ 36, 36);
    pin!(TCP_OFFLOAD_STATE_CACHED, TtlOrHopLimit @ 40, 40);
    pin!(TCP_OFFLOAD_STATE_CACHED, UserPriorityUnit @ 42, 42);

    pin!(TCP_OFFLOAD_STATE_DELEGATED, size 128, 112, align 8, 4);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, Flags @ 12, 12);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, SRtt @ 56, 56);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, DupAckCount @ 76, 76);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, KeepAlive.TimeoutDelta @ 84, 84);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, Retransmit.Count @ 88, 88);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, Send.Data.SendDataHead @ 96, 96);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, Send.Data.SendDataTail @ 104, 100);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, Receive.BufferedData @ 112, 104);
    pin!(TCP_OFFLOAD_STATE_DELEGATED, DWnd @ 120, 108);
}

#[test]
fn path_and_neighbor_state() {
    pin!(PATH_OFFLOAD_STATE_CONST, size 24, 16, align 8, 4);
    pin!(PATH_OFFLOAD_STATE_CONST, SourceAddress @ 8, 8);
    pin!(PATH_OFFLOAD_STATE_CONST, DestinationAddress @ 16, 12);
    pin!(PATH_OFFLOAD_STATE_CACHED, size 12, 12, align 4, 4);
    pin!(PATH_OFFLOAD_STATE_DELEGATED, size 8, 8, align 4, 4);
    pin!(NEIGHBOR_OFFLOAD_STATE_CONST, size 44, 44, align 4, 4);
    pin!(NEIGHBOR_OFFLOAD_STATE_CONST, VlanIdUnit @ 40, 40);
    pin!(NEIGHBOR_OFFLOAD_STATE_CACHED, size 44, 44, align 4, 4);
    pin!(NEIGHBOR_OFFLOAD_STATE_CACHED, HostReachabilityDelta @ 40, 40);
    pin!(NEIGHBOR_OFFLOAD_STATE_DELEGATED, size 12, 12, align 4, 4);
}

#[test]
fn statistics_use_8_aligned_ulong64() {
    pin!(TCP_OFFLOAD_STATS, size 40, 40, align 8, 8);
    pin!(TCP_OFFLOAD_STATS, CurrentlyEstablished @ 16, 16);
    pin!(TCP_OFFLOAD_STATS, OutResets @ 32, 32);
    pin!(IP_OFFLOAD_STATS, size 64, 64, align 8, 8);
    pin!(IP_OFFLOAD_STATS, InHeaderErrors @ 40, 40);
    pin!(IP_OFFLOAD_STATS, OutNoRoutes @ 56, 56);
}

#[test]
fn handles_and_block_lists() {
    pin!(NDIS_OFFLOAD_HANDLE, size 16, 8, align 8, 4);
    pin!(NDIS_OFFLOAD_HANDLE, MiniportOffloadContext @ 8, 4);
    pin!(NDIS_OFFLOAD_HANDLE_PRIVATE, size 24, 12, align 8, 4);
    pin!(NDIS_OFFLOAD_HANDLE_PRIVATE, ProtocolBindingContext @ 16, 8);

    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, size 152, 76, align 8, 4);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NextBlock @ 8, 4);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, DependentBlockList @ 16, 8);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Status @ 24, 12);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NdisReserved @ 32, 16);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, OffloadHandle @ 56, 28);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ProtocolReserved @ 64, 32);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, MiniportReserved @ 80, 40);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ImReserved @ 96, 48);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Scratch @ 112, 56);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, SourceHandle @ 128, 64);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PortNumber @ 136, 68);
    pin!(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NetBufferListChain @ 144, 72);

    pin!(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, size 152, 76, align 8, 4);
    pin!(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, MiniportOffloadContext @ 48, 24);
    pin!(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NdisOffloadHandle @ 56, 28);
    pin!(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NetBufferListChain @ 144, 72);
    assert_eq!(CONTEXT_SLOT_OFFSET, p(48, 24));
    assert_eq!(HANDLE_SLOT_OFFSET, p(56, 28));
}

#[test]
fn registration_and_event_tables() {
    pin!(NDIS_DRIVER_OPTIONAL_HANDLERS, size 4, 4, align 2, 2);
    pin!(NDIS_OFFLOAD_CLIENT_HANDLERS, size 4, 4, align 2, 2);
    pin!(NDIS_OFFLOAD_EVENT_HANDLERS, size 4, 4, align 2, 2);
    pin!(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, size 56, 28, align 8, 4);
    pin!(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, TcpOffloadSendCompleteHandler @ 8, 4);

    pin!(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, size 56, 32, align 8, 4);
    pin!(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InitiateOffloadCompleteHandler @ 8, 8);
    pin!(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, IndicateOffloadEventHandler @ 48, 28);
    assert_eq!(
        usize::from(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1),
        p(56, 32)
    );

    pin!(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, size 64, 36, align 8, 4);
    pin!(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, OffloadType @ 8, 8);
    pin!(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadSendCompleteHandler @ 16, 12);
    assert_eq!(
        usize::from(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1),
        p(64, 36)
    );

    pin!(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, size 48, 28, align 8, 4);
    pin!(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, QueryOffloadHandler @ 40, 24);
    pin!(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, size 56, 32, align 8, 4);
    pin!(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadSendHandler @ 16, 12);
    pin!(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveReturnHandler @ 48, 28);

    pin!(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, size 56, 28, align 8, 4);
    pin!(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadEventHandler @ 8, 4);
    pin!(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadForwardComplete @ 48, 24);
    assert_eq!(
        usize::from(NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1),
        p(56, 28)
    );
}

#[test]
fn bit_fields_follow_msvc_lsb_first() {
    let mut c = TCP_OFFLOAD_STATE_CONST::default();
    c.set_SndWindScale(0xA);
    c.set_RcvWindScale(0x5);
    assert_eq!(
        c.WindScale, 0x5A,
        "SndWindScale is bits 0-3, RcvWindScale 4-7"
    );
    c.set_SndWindScale(0x1F);
    assert_eq!(
        (c.SndWindScale(), c.RcvWindScale()),
        (0xF, 0x5),
        "truncated to 4 bits"
    );

    let mut k = TCP_OFFLOAD_STATE_CACHED::default();
    k.set_FlowLabel(0xF_FFFF);
    k.set_UserPriority(7);
    assert_eq!(k.FlowLabelUnit, 0x000F_FFFF);
    assert_eq!(k.UserPriorityUnit, 0x07);
    k.set_FlowLabel(0x12_3456);
    assert_eq!(k.FlowLabel(), 0x2_3456, "FlowLabel is 20 bits");

    let mut n = NEIGHBOR_OFFLOAD_STATE_CONST::default();
    n.set_VlanId(0xFFFF);
    assert_eq!(n.VlanIdUnit, 0x0FFF);

    let mut t = NDIS_TCP_CONNECTION_OFFLOAD::default();
    t.set_SupportIPv4(1);
    t.set_SupportIPv6(1);
    t.set_SupportIPv6ExtensionHeaders(1);
    t.set_SupportSack(1);
    t.set_CongestionAlgorithm(0xF);
    assert_eq!(t.SupportFlags, 0b1111_0101_0101);
    t.set_SupportIPv6(0);
    assert_eq!(
        t.SupportFlags, 0b1111_0101_0001,
        "setting one field keeps the others"
    );
}

#[test]
fn status_codes_are_signed_ints() {
    assert_eq!(NDIS_STATUS_FAILURE, -1_073_741_823);
    assert!(nt_success(NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS));
    assert!(!nt_success(NDIS_STATUS_OFFLOAD_TCP_ENTRIES));
    assert_eq!(
        NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED.cast_unsigned(),
        0xC023_1012
    );
}

#[test]
fn unknown_enum_values_stay_representable() {
    let v = OFFLOAD_STATE_TYPE::from_header_type(200);
    assert_eq!(v.name(), None);
    assert_eq!(v.layer(), None);
    assert_eq!(
        OFFLOAD_STATE_TYPE::TcpOffloadState.layer(),
        Some(OffloadLayer::Tcp)
    );
    assert_eq!(
        TCP_UPLOAD_REASON::NoBufferProposting,
        TCP_UPLOAD_REASON::NoBufferPreposting
    );
    assert_eq!(TCP_UPLOAD_REASON(4).name(), Some("NoBufferPreposting"));
}
