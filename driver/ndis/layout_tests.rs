//! Layout pins for every structure of this module, with expected values worked out by
//! hand from the member types (MSVC rules: natural alignment, pointers 8/4 bytes,
//! 64-bit members 8-aligned on both targets, `MEMORY_ALLOCATION_ALIGNMENT` 16/8, the
//! x64 `SLIST_HEADER` 16-aligned) and cross-read against the ndis.sys type layouts of
//! Windows 8 (NDIS 6.30) where those were available. Run for both widths:
//! `cargo test -p chimney-im` and `--target i686-unknown-linux-gnu`.

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

/// `NDIS_SIZEOF_*` constant against its hand-computed value.
macro_rules! sizeof_rev {
    ($c:ident = $x64:expr, $x86:expr) => {
        assert_eq!(usize::from($c), p($x64, $x86), "{}", stringify!($c));
    };
}

#[test]
fn scalars_strings_and_lists() {
    pin!(NDIS_OBJECT_HEADER, size 4, 4, align 2, 2);
    pin!(UNICODE_STRING, size 16, 8, align 8, 4);
    pin!(UNICODE_STRING, Buffer @ 8, 4);
    pin!(LIST_ENTRY, size 16, 8, align 8, 4);
    pin!(LIST_ENTRY, Blink @ 8, 4);
    pin!(SINGLE_LIST_ENTRY, size 8, 4, align 8, 4);
    // x64: 16-byte union, 16-aligned; x86: ULONGLONG-aligned union of 8 bytes.
    pin!(SLIST_HEADER, size 16, 8, align 16, 8);
    pin!(LARGE_INTEGER, size 8, 8, align 8, 8);
    pin!(LARGE_INTEGER, u.HighPart @ 4, 4);
    pin!(NET_LUID, size 8, 8, align 8, 8);
    pin!(GUID, size 16, 16, align 4, 4);
    pin!(GUID, Data4 @ 8, 8);
    pin!(MemoryAligned<[PVOID; 2]>, size 16, 8, align 16, 8);
    pin!(MemoryAligned<[u8; 0]>, size 0, 0, align 16, 8);
    pin!(MemoryAligned<[u8; 1]>, size 16, 8, align 16, 8);
    assert_eq!(MEMORY_ALLOCATION_ALIGNMENT, p(16, 8));
}

#[test]
fn sync_objects() {
    pin!(NDIS_SPIN_LOCK, size 16, 8, align 8, 4);
    pin!(NDIS_SPIN_LOCK, OldIrql @ 8, 4);
    // Union(4) + SignalState(4) + LIST_ENTRY.
    pin!(DISPATCHER_HEADER, size 24, 16, align 8, 4);
    pin!(DISPATCHER_HEADER, SignalState @ 4, 4);
    pin!(DISPATCHER_HEADER, WaitListHead @ 8, 8);
    pin!(KEVENT, size 24, 16, align 8, 4);
    pin!(NDIS_EVENT, size 24, 16, align 8, 4);
}

#[test]
fn mdl_and_net_buffer() {
    pin!(MDL, size 48, 28, align 8, 4);
    pin!(MDL, Size @ 8, 4);
    pin!(MDL, MdlFlags @ 10, 6);
    pin!(MDL, Process @ 16, 8);
    pin!(MDL, MappedSystemVa @ 24, 12);
    pin!(MDL, StartVa @ 32, 16);
    pin!(MDL, ByteCount @ 40, 20);
    pin!(MDL, ByteOffset @ 44, 24);

    pin!(NET_BUFFER_DATA_LENGTH, size 8, 4, align 8, 4);
    pin!(NET_BUFFER_DATA, size 48, 24, align 8, 4);
    pin!(NET_BUFFER_DATA, CurrentMdl @ 8, 4);
    pin!(NET_BUFFER_DATA, CurrentMdlOffset @ 16, 8);
    pin!(NET_BUFFER_DATA, NbDataLength @ 24, 12);
    pin!(NET_BUFFER_DATA, MdlChain @ 32, 16);
    pin!(NET_BUFFER_DATA, DataOffset @ 40, 20);
    // The SLIST_HEADER arm makes the header union 16-aligned on x64.
    pin!(NET_BUFFER_HEADER, size 48, 24, align 16, 8);

    pin!(NET_BUFFER, size 176, 96, align 16, 8);
    pin!(NET_BUFFER, ChecksumBias @ 48, 24);
    pin!(NET_BUFFER, Reserved @ 50, 26);
    pin!(NET_BUFFER, NdisPoolHandle @ 56, 28);
    pin!(NET_BUFFER, NdisReserved @ 64, 32);
    pin!(NET_BUFFER, ProtocolReserved @ 80, 40);
    pin!(NET_BUFFER, MiniportReserved @ 128, 64);
    pin!(NET_BUFFER, DataPhysicalAddress @ 160, 80);
    pin!(NET_BUFFER, SgOrSharedMemory @ 168, 88);
}

#[test]
fn net_buffer_list() {
    assert_eq!(MaxNetBufferListInfo, p(24, 21));
    pin!(NET_BUFFER_LIST_DATA, size 16, 8, align 8, 4);
    pin!(NET_BUFFER_LIST_DATA, FirstNetBuffer @ 8, 4);
    pin!(NET_BUFFER_LIST_HEADER, size 16, 8, align 16, 8);
    pin!(NET_BUFFER_LIST_CONTEXT, size 16, 8, align 16, 8);
    pin!(NET_BUFFER_LIST_CONTEXT, Size @ 8, 4);
    pin!(NET_BUFFER_LIST_CONTEXT, Offset @ 10, 6);
    pin!(NET_BUFFER_LIST_CONTEXT, ContextData @ 16, 8);

    pin!(NET_BUFFER_LIST, size 336, 168, align 16, 8);
    pin!(NET_BUFFER_LIST, NetBufferListHeader.NetBufferListData.FirstNetBuffer @ 8, 4);
    pin!(NET_BUFFER_LIST, Context @ 16, 8);
    pin!(NET_BUFFER_LIST, ParentNetBufferList @ 24, 12);
    pin!(NET_BUFFER_LIST, NdisPoolHandle @ 32, 16);
    // DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT): 8 (x64) / 4 (x86) bytes of padding.
    pin!(NET_BUFFER_LIST, NdisReserved @ 48, 24);
    pin!(NET_BUFFER_LIST, ProtocolReserved @ 64, 32);
    pin!(NET_BUFFER_LIST, MiniportReserved @ 96, 48);
    pin!(NET_BUFFER_LIST, Scratch @ 112, 56);
    pin!(NET_BUFFER_LIST, SourceHandle @ 120, 60);
    pin!(NET_BUFFER_LIST, NblFlags @ 128, 64);
    pin!(NET_BUFFER_LIST, ChildRefCount @ 132, 68);
    pin!(NET_BUFFER_LIST, Flags @ 136, 72);
    pin!(NET_BUFFER_LIST, Status @ 140, 76);
    pin!(NET_BUFFER_LIST, NetBufferListInfo @ 144, 80);
}

#[test]
fn net_buffer_list_accessors_and_chimney_casts() {
    let mut nbl = NET_BUFFER_LIST::default();
    let mut nb = NET_BUFFER::default();
    let nb_ptr: PNET_BUFFER = &raw mut nb;
    nbl.set_FirstNetBuffer(nb_ptr);
    assert_eq!(nbl.FirstNetBuffer(), nb_ptr);
    assert!(nbl.Next().is_null());
    nbl.Status = NDIS_STATUS_INVALID_LENGTH;
    assert_eq!(nbl.NdisReserved2(), 0xC001_0014);
    nb.set_DataLength(1514);
    assert_eq!(nb.DataLength(), 1514);
    assert_eq!(nb.NetBufferData().DataOffset, 0);

    let ptr: PNET_BUFFER_LIST = &raw mut nbl;
    let chimney = as_chimney(ptr);
    assert_eq!(chimney.cast::<u8>(), ptr.cast::<u8>());
    assert_eq!(from_chimney(chimney), ptr);
}

#[test]
fn oid_request() {
    pin!(NDIS_OID_REQUEST_QUERY, size 32, 20, align 8, 4);
    pin!(NDIS_OID_REQUEST_QUERY, InformationBuffer @ 8, 4);
    pin!(NDIS_OID_REQUEST_QUERY, BytesNeeded @ 24, 16);
    pin!(NDIS_OID_REQUEST_SET, size 32, 20, align 8, 4);
    pin!(NDIS_OID_REQUEST_METHOD, size 40, 32, align 8, 4);
    pin!(NDIS_OID_REQUEST_DATA, size 40, 32, align 8, 4);
    pin!(NDIS_OID_REQUEST, size 240, 140, align 8, 4);
    pin!(NDIS_OID_REQUEST, RequestType @ 4, 4);
    pin!(NDIS_OID_REQUEST, PortNumber @ 8, 8);
    pin!(NDIS_OID_REQUEST, Timeout @ 12, 12);
    pin!(NDIS_OID_REQUEST, RequestId @ 16, 16);
    pin!(NDIS_OID_REQUEST, RequestHandle @ 24, 20);
    pin!(NDIS_OID_REQUEST, DATA @ 32, 24);
    pin!(NDIS_OID_REQUEST, DATA.QUERY_INFORMATION.InformationBuffer @ 40, 28);
    pin!(NDIS_OID_REQUEST, DATA.QUERY_INFORMATION.InformationBufferLength @ 48, 32);
    pin!(NDIS_OID_REQUEST, DATA.SET_INFORMATION.BytesRead @ 52, 36);
    pin!(NDIS_OID_REQUEST, DATA.METHOD_INFORMATION.OutputBufferLength @ 52, 36);
    pin!(NDIS_OID_REQUEST, DATA.METHOD_INFORMATION.MethodId @ 56, 40);
    pin!(NDIS_OID_REQUEST, DATA.METHOD_INFORMATION.BytesNeeded @ 68, 52);
    pin!(NDIS_OID_REQUEST, NdisReserved @ 72, 56);
    pin!(NDIS_OID_REQUEST, MiniportReserved @ 200, 120);
    pin!(NDIS_OID_REQUEST, SourceReserved @ 216, 128);
    pin!(NDIS_OID_REQUEST, SupportedRevision @ 232, 136);
    pin!(NDIS_OID_REQUEST, Reserved1 @ 233, 137);
    pin!(NDIS_OID_REQUEST, Reserved2 @ 234, 138);
    sizeof_rev!(NDIS_SIZEOF_OID_REQUEST_REVISION_1 = 236, 140);
}

#[test]
fn status_indication_and_link_state() {
    pin!(NDIS_STATUS_INDICATION, size 112, 68, align 8, 4);
    pin!(NDIS_STATUS_INDICATION, SourceHandle @ 8, 4);
    pin!(NDIS_STATUS_INDICATION, PortNumber @ 16, 8);
    pin!(NDIS_STATUS_INDICATION, StatusCode @ 20, 12);
    pin!(NDIS_STATUS_INDICATION, Flags @ 24, 16);
    pin!(NDIS_STATUS_INDICATION, DestinationHandle @ 32, 20);
    pin!(NDIS_STATUS_INDICATION, RequestId @ 40, 24);
    pin!(NDIS_STATUS_INDICATION, StatusBuffer @ 48, 28);
    pin!(NDIS_STATUS_INDICATION, StatusBufferSize @ 56, 32);
    pin!(NDIS_STATUS_INDICATION, Guid @ 60, 36);
    pin!(NDIS_STATUS_INDICATION, NdisReserved @ 80, 52);
    sizeof_rev!(NDIS_SIZEOF_STATUS_INDICATION_REVISION_1 = 112, 68);

    // ULONG64s are 8-aligned on x86 too: the same 40 bytes on both.
    pin!(NDIS_LINK_STATE, size 40, 40, align 8, 8);
    pin!(NDIS_LINK_STATE, MediaConnectState @ 4, 4);
    pin!(NDIS_LINK_STATE, MediaDuplexState @ 8, 8);
    pin!(NDIS_LINK_STATE, XmitLinkSpeed @ 16, 16);
    pin!(NDIS_LINK_STATE, RcvLinkSpeed @ 24, 24);
    pin!(NDIS_LINK_STATE, PauseFunctions @ 32, 32);
    pin!(NDIS_LINK_STATE, AutoNegotiationFlags @ 36, 36);
    sizeof_rev!(NDIS_SIZEOF_LINK_STATE_REVISION_1 = 40, 40);
}

/// Power-management and RSS capabilities (LC-15, LC-20): no pointers, so one layout
/// for both widths; the RSS structure's trailing USHORT pads to 4.
#[test]
fn power_and_rss_capabilities() {
    pin!(NDIS_PM_WAKE_UP_CAPABILITIES, size 12, 12, align 4, 4);
    pin!(NDIS_PM_WAKE_UP_CAPABILITIES, MinPatternWakeUp @ 4, 4);
    pin!(NDIS_PM_WAKE_UP_CAPABILITIES, MinLinkChangeWakeUp @ 8, 8);
    pin!(NDIS_PNP_CAPABILITIES, size 16, 16, align 4, 4);
    pin!(NDIS_PNP_CAPABILITIES, WakeUpCapabilities @ 4, 4);
    pin!(NDIS_PM_CAPABILITIES, size 60, 60, align 4, 4);
    pin!(NDIS_PM_CAPABILITIES, Flags @ 4, 4);
    pin!(NDIS_PM_CAPABILITIES, NumNSOffloadIPv6Addresses @ 36, 36);
    pin!(NDIS_PM_CAPABILITIES, MinMagicPacketWakeUp @ 40, 40);
    pin!(NDIS_PM_CAPABILITIES, MinLinkChangeWakeUp @ 48, 48);
    pin!(NDIS_PM_CAPABILITIES, SupportedWakeUpEvents @ 52, 52);
    pin!(NDIS_PM_CAPABILITIES, MediaSpecificWakeUpEvents @ 56, 56);
    sizeof_rev!(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1 = 52, 52);
    sizeof_rev!(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2 = 60, 60);
    pin!(NDIS_RECEIVE_SCALE_CAPABILITIES, size 20, 20, align 4, 4);
    pin!(NDIS_RECEIVE_SCALE_CAPABILITIES, CapabilitiesFlags @ 4, 4);
    pin!(NDIS_RECEIVE_SCALE_CAPABILITIES, NumberOfReceiveQueues @ 12, 12);
    pin!(NDIS_RECEIVE_SCALE_CAPABILITIES, NumberOfIndirectionTableEntries @ 16, 16);
    sizeof_rev!(NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1 = 16, 16);
    sizeof_rev!(NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_2 = 18, 18);
    pin!(NDIS_PM_COUNTED_STRING, size 132, 132, align 2, 2);
    assert_eq!(
        NDIS_PM_WOL_PATTERN_PATTERN_ID, 148,
        "offsetof NDIS_PM_WOL_PATTERN.PatternId"
    );
    pin!(NDIS_RECEIVE_SCALE_PARAMETERS, size 40, 40, align 4, 4);
    pin!(NDIS_RECEIVE_SCALE_PARAMETERS, HashInformation @ 8, 8);
    pin!(NDIS_RECEIVE_SCALE_PARAMETERS, IndirectionTableOffset @ 16, 16);
    pin!(NDIS_RECEIVE_SCALE_PARAMETERS, HashSecretKeyOffset @ 24, 24);
    pin!(NDIS_RECEIVE_SCALE_PARAMETERS, ProcessorMasksEntrySize @ 36, 36);
    sizeof_rev!(NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_REVISION_2 = 40, 40);
}

#[test]
fn characteristics() {
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, size 152, 80, align 8, 4);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, MinorDriverVersion @ 7, 7);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, Flags @ 8, 8);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, SetOptionsHandler @ 16, 12);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, InitializeHandlerEx @ 24, 16);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, UnloadHandler @ 40, 24);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, OidRequestHandler @ 64, 36);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CheckForHangHandlerEx @ 96, 52);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, DevicePnPEventNotifyHandler @ 112, 60);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelOidRequestHandler @ 128, 68);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, DirectOidRequestHandler @ 136, 72);
    pin!(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelDirectOidRequestHandler @ 144, 76);
    sizeof_rev!(
        NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 = 136,
        72
    );
    sizeof_rev!(
        NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 = 152,
        80
    );

    pin!(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, size 128, 68, align 8, 4);
    pin!(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, Name @ 16, 12);
    pin!(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, SetOptionsHandler @ 32, 20);
    pin!(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, NetPnPEventHandler @ 72, 40);
    pin!(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, ReceiveNetBufferListsHandler @ 104, 56);
    pin!(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, SendNetBufferListsCompleteHandler @ 112, 60);
    pin!(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, DirectOidRequestCompleteHandler @ 120, 64);
    sizeof_rev!(
        NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1 = 120,
        64
    );
    sizeof_rev!(
        NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2 = 128,
        68
    );

    // Handlers are nullable function pointers: pointer-sized.
    assert_eq!(size_of::<MINIPORT_INITIALIZE_HANDLER>(), size_of::<PVOID>());
    assert_eq!(size_of::<BIND_HANDLER_EX>(), size_of::<PVOID>());
}

#[test]
fn bind_and_open_parameters() {
    pin!(NDIS_BIND_PARAMETERS, size 312, 240, align 8, 8);
    pin!(NDIS_BIND_PARAMETERS, ProtocolSection @ 8, 4);
    pin!(NDIS_BIND_PARAMETERS, AdapterName @ 16, 8);
    pin!(NDIS_BIND_PARAMETERS, PhysicalDeviceObject @ 24, 12);
    pin!(NDIS_BIND_PARAMETERS, MediaType @ 32, 16);
    pin!(NDIS_BIND_PARAMETERS, MtuSize @ 36, 20);
    pin!(NDIS_BIND_PARAMETERS, MaxXmitLinkSpeed @ 40, 24);
    pin!(NDIS_BIND_PARAMETERS, XmitLinkSpeed @ 48, 32);
    pin!(NDIS_BIND_PARAMETERS, MaxRcvLinkSpeed @ 56, 40);
    pin!(NDIS_BIND_PARAMETERS, RcvLinkSpeed @ 64, 48);
    pin!(NDIS_BIND_PARAMETERS, MediaConnectState @ 72, 56);
    pin!(NDIS_BIND_PARAMETERS, MediaDuplexState @ 76, 60);
    pin!(NDIS_BIND_PARAMETERS, LookaheadSize @ 80, 64);
    pin!(NDIS_BIND_PARAMETERS, PowerManagementCapabilities @ 88, 68);
    pin!(NDIS_BIND_PARAMETERS, SupportedPacketFilters @ 96, 72);
    pin!(NDIS_BIND_PARAMETERS, MaxMulticastListSize @ 100, 76);
    pin!(NDIS_BIND_PARAMETERS, MacAddressLength @ 104, 80);
    pin!(NDIS_BIND_PARAMETERS, CurrentMacAddress @ 106, 82);
    pin!(NDIS_BIND_PARAMETERS, PhysicalMediumType @ 140, 116);
    pin!(NDIS_BIND_PARAMETERS, RcvScaleCapabilities @ 144, 120);
    pin!(NDIS_BIND_PARAMETERS, BoundIfNetluid @ 152, 128);
    pin!(NDIS_BIND_PARAMETERS, BoundIfIndex @ 160, 136);
    pin!(NDIS_BIND_PARAMETERS, LowestIfNetluid @ 168, 144);
    pin!(NDIS_BIND_PARAMETERS, LowestIfIndex @ 176, 152);
    pin!(NDIS_BIND_PARAMETERS, AccessType @ 180, 156);
    pin!(NDIS_BIND_PARAMETERS, DirectionType @ 184, 160);
    pin!(NDIS_BIND_PARAMETERS, ConnectionType @ 188, 164);
    pin!(NDIS_BIND_PARAMETERS, IfType @ 192, 168);
    pin!(NDIS_BIND_PARAMETERS, IfConnectorPresent @ 194, 170);
    pin!(NDIS_BIND_PARAMETERS, ActivePorts @ 200, 172);
    pin!(NDIS_BIND_PARAMETERS, DataBackFillSize @ 208, 176);
    pin!(NDIS_BIND_PARAMETERS, ContextBackFillSize @ 212, 180);
    pin!(NDIS_BIND_PARAMETERS, MacOptions @ 216, 184);
    pin!(NDIS_BIND_PARAMETERS, CompartmentId @ 220, 188);
    pin!(NDIS_BIND_PARAMETERS, DefaultOffloadConfiguration @ 224, 192);
    pin!(NDIS_BIND_PARAMETERS, TcpConnectionOffloadCapabilities @ 232, 196);
    pin!(NDIS_BIND_PARAMETERS, BoundAdapterName @ 240, 200);
    pin!(NDIS_BIND_PARAMETERS, HDSplitCurrentConfig @ 248, 204);
    pin!(NDIS_BIND_PARAMETERS, ReceiveFilterCapabilities @ 256, 208);
    pin!(NDIS_BIND_PARAMETERS, PowerManagementCapabilitiesEx @ 264, 212);
    pin!(NDIS_BIND_PARAMETERS, NicSwitchCapabilities @ 272, 216);
    pin!(NDIS_BIND_PARAMETERS, NDKEnabled @ 280, 220);
    pin!(NDIS_BIND_PARAMETERS, NDKCapabilities @ 288, 224);
    pin!(NDIS_BIND_PARAMETERS, SriovCapabilities @ 296, 228);
    pin!(NDIS_BIND_PARAMETERS, NicSwitchArray @ 304, 232);
    sizeof_rev!(NDIS_SIZEOF_BIND_PARAMETERS_REVISION_1 = 248, 204);
    sizeof_rev!(NDIS_SIZEOF_BIND_PARAMETERS_REVISION_2 = 256, 208);
    sizeof_rev!(NDIS_SIZEOF_BIND_PARAMETERS_REVISION_3 = 280, 220);
    sizeof_rev!(NDIS_SIZEOF_BIND_PARAMETERS_REVISION_4 = 312, 236);

    pin!(NDIS_OPEN_PARAMETERS, size 56, 28, align 8, 4);
    pin!(NDIS_OPEN_PARAMETERS, AdapterName @ 8, 4);
    pin!(NDIS_OPEN_PARAMETERS, MediumArray @ 16, 8);
    pin!(NDIS_OPEN_PARAMETERS, MediumArraySize @ 24, 12);
    pin!(NDIS_OPEN_PARAMETERS, SelectedMediumIndex @ 32, 16);
    pin!(NDIS_OPEN_PARAMETERS, FrameTypeArray @ 40, 20);
    pin!(NDIS_OPEN_PARAMETERS, FrameTypeArraySize @ 48, 24);
    sizeof_rev!(NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1 = 52, 28);
}

#[test]
fn init_pause_restart_parameters() {
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, size 64, 40, align 8, 8);
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, Flags @ 4, 4);
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, AllocatedResources @ 8, 8);
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, IMDeviceInstanceContext @ 16, 12);
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, MiniportAddDeviceContext @ 24, 16);
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, IfIndex @ 32, 20);
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, NetLuid @ 40, 24);
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, DefaultPortAuthStates @ 48, 32);
    pin!(NDIS_MINIPORT_INIT_PARAMETERS, PciDeviceCustomProperties @ 56, 36);
    sizeof_rev!(NDIS_SIZEOF_MINIPORT_INIT_PARAMETERS_REVISION_1 = 64, 40);

    pin!(NDIS_MINIPORT_RESTART_PARAMETERS, size 24, 12, align 8, 4);
    pin!(NDIS_MINIPORT_RESTART_PARAMETERS, RestartAttributes @ 8, 4);
    pin!(NDIS_MINIPORT_RESTART_PARAMETERS, Flags @ 16, 8);
    sizeof_rev!(NDIS_SIZEOF_MINIPORT_RESTART_PARAMETERS_REVISION_1 = 20, 12);

    pin!(NDIS_MINIPORT_PAUSE_PARAMETERS, size 12, 12, align 4, 4);
    pin!(NDIS_MINIPORT_PAUSE_PARAMETERS, PauseReason @ 8, 8);
    sizeof_rev!(NDIS_SIZEOF_MINIPORT_PAUSE_PARAMETERS_REVISION_1 = 12, 12);
    pin!(NDIS_PROTOCOL_PAUSE_PARAMETERS, size 12, 12, align 4, 4);
    pin!(NDIS_PROTOCOL_PAUSE_PARAMETERS, PauseReason @ 8, 8);
    sizeof_rev!(NDIS_SIZEOF_PROTOCOL_PAUSE_PARAMETERS_REVISION_1 = 12, 12);

    // Data is DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) UCHAR[1].
    pin!(NDIS_RESTART_ATTRIBUTES, size 32, 24, align 16, 8);
    pin!(NDIS_RESTART_ATTRIBUTES, Oid @ 8, 4);
    pin!(NDIS_RESTART_ATTRIBUTES, DataLength @ 12, 8);
    pin!(NDIS_RESTART_ATTRIBUTES, Data @ 16, 16);

    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, size 88, 80, align 8, 8);
    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, MaxXmitLinkSpeed @ 8, 8);
    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, LookaheadSize @ 24, 24);
    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, RecvScaleCapabilities @ 40, 40);
    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, AccessType @ 48, 44);
    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, ConnectionType @ 56, 52);
    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, SupportedOidList @ 72, 68);
    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, SupportedOidListLength @ 80, 72);
    pin!(NDIS_RESTART_GENERAL_ATTRIBUTES, MaxLookaheadSizeAccessed @ 84, 76);
    sizeof_rev!(NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1 = 84, 76);
    sizeof_rev!(NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_2 = 88, 80);

    pin!(NDIS_PROTOCOL_RESTART_PARAMETERS, size 56, 40, align 8, 8);
    pin!(NDIS_PROTOCOL_RESTART_PARAMETERS, FilterModuleNameBuffer @ 8, 4);
    pin!(NDIS_PROTOCOL_RESTART_PARAMETERS, FilterModuleNameBufferLength @ 16, 8);
    pin!(NDIS_PROTOCOL_RESTART_PARAMETERS, RestartAttributes @ 24, 12);
    pin!(NDIS_PROTOCOL_RESTART_PARAMETERS, BoundIfIndex @ 32, 16);
    pin!(NDIS_PROTOCOL_RESTART_PARAMETERS, BoundIfNetluid @ 40, 24);
    pin!(NDIS_PROTOCOL_RESTART_PARAMETERS, Flags @ 48, 32);
    sizeof_rev!(NDIS_SIZEOF_PROTOCOL_RESTART_PARAMETERS_REVISION_1 = 52, 36);
}

#[test]
fn adapter_attributes() {
    pin!(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, size 32, 20, align 8, 4);
    pin!(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, MiniportAdapterContext @ 8, 4);
    pin!(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, AttributeFlags @ 16, 8);
    pin!(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, CheckForHangTimeInSeconds @ 20, 12);
    pin!(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, InterfaceType @ 24, 16);
    sizeof_rev!(
        NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 = 28,
        20
    );
    sizeof_rev!(
        NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2 = 28,
        20
    );

    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, size 224, 208, align 8, 8);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, MtuSize @ 16, 16);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, MaxXmitLinkSpeed @ 24, 24);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, RcvLinkSpeed @ 48, 48);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, MediaConnectState @ 56, 56);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, LookaheadSize @ 64, 64);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PowerManagementCapabilities @ 72, 68);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, MacOptions @ 80, 72);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, MaxMulticastListSize @ 88, 80);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, MacAddressLength @ 92, 84);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PermanentMacAddress @ 94, 86);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, CurrentMacAddress @ 126, 118);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, RecvScaleCapabilities @ 160, 152);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, AccessType @ 168, 156);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, IfType @ 180, 168);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, IfConnectorPresent @ 182, 170);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, SupportedStatistics @ 184, 172);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, SupportedOidList @ 200, 188);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, SupportedOidListLength @ 208, 192);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, AutoNegotiationFlags @ 212, 196);
    pin!(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PowerManagementCapabilitiesEx @ 216, 200);
    sizeof_rev!(
        NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 = 216,
        200
    );
    sizeof_rev!(
        NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 = 224,
        204
    );

    pin!(NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, size 24, 12, align 8, 4);
    pin!(NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, MiniportAddDeviceContext @ 8, 4);
    pin!(NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, Flags @ 16, 8);
    // The union is as large as its general-attributes arm.
    pin!(NDIS_MINIPORT_ADAPTER_ATTRIBUTES, size 224, 208, align 8, 8);
}

#[test]
fn pnp_events() {
    pin!(NET_PNP_EVENT, size 152, 76, align 8, 4);
    pin!(NET_PNP_EVENT, Buffer @ 8, 4);
    pin!(NET_PNP_EVENT, BufferLength @ 16, 8);
    pin!(NET_PNP_EVENT, NdisReserved @ 24, 12);
    pin!(NET_PNP_EVENT, TransportReserved @ 56, 28);
    pin!(NET_PNP_EVENT, TdiReserved @ 88, 44);
    pin!(NET_PNP_EVENT, TdiClientReserved @ 120, 60);

    pin!(NET_PNP_EVENT_NOTIFICATION, size 168, 88, align 8, 4);
    pin!(NET_PNP_EVENT_NOTIFICATION, PortNumber @ 4, 4);
    pin!(NET_PNP_EVENT_NOTIFICATION, NetPnPEvent @ 8, 8);
    pin!(NET_PNP_EVENT_NOTIFICATION, Flags @ 160, 84);
    sizeof_rev!(NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1 = 164, 88);

    pin!(NET_DEVICE_PNP_EVENT, size 48, 28, align 8, 4);
    pin!(NET_DEVICE_PNP_EVENT, DevicePnPEvent @ 8, 8);
    pin!(NET_DEVICE_PNP_EVENT, InformationBuffer @ 16, 12);
    pin!(NET_DEVICE_PNP_EVENT, InformationBufferLength @ 24, 16);
    pin!(NET_DEVICE_PNP_EVENT, NdisReserved @ 28, 20);
    sizeof_rev!(NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1 = 44, 28);
}

#[test]
fn configuration_and_offload_parameters() {
    pin!(NDIS_CONFIGURATION_OBJECT, size 24, 12, align 8, 4);
    pin!(NDIS_CONFIGURATION_OBJECT, NdisHandle @ 8, 4);
    pin!(NDIS_CONFIGURATION_OBJECT, Flags @ 16, 8);
    sizeof_rev!(NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1 = 20, 12);

    pin!(BINARY_DATA, size 16, 8, align 8, 4);
    pin!(BINARY_DATA, Buffer @ 8, 4);
    pin!(NDIS_CONFIGURATION_PARAMETER, size 24, 12, align 8, 4);
    pin!(NDIS_CONFIGURATION_PARAMETER, ParameterData @ 8, 4);

    // Eleven UCHARs after the header, then a ULONG at 16.
    pin!(NDIS_OFFLOAD_PARAMETERS, size 28, 28, align 4, 4);
    pin!(NDIS_OFFLOAD_PARAMETERS, TcpConnectionIPv4 @ 13, 13);
    pin!(NDIS_OFFLOAD_PARAMETERS, TcpConnectionIPv6 @ 14, 14);
    pin!(NDIS_OFFLOAD_PARAMETERS, Flags @ 16, 16);
    pin!(NDIS_OFFLOAD_PARAMETERS, IPsecV2 @ 20, 20);
    pin!(NDIS_OFFLOAD_PARAMETERS, RscIPv4 @ 22, 22);
    pin!(NDIS_OFFLOAD_PARAMETERS, EncapsulationTypes @ 25, 25);
    sizeof_rev!(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1 = 20, 20);
    sizeof_rev!(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2 = 22, 22);
    sizeof_rev!(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3 = 26, 26);
}

#[test]
fn values() {
    assert_eq!(NDIS_STATUS_INDICATION_REQUIRED, 0x4023_0001);
    assert_eq!(NDIS_STATUS_LINK_STATE, 0x4001_0017);
    assert!(!nt_success(NDIS_STATUS_BUFFER_TOO_SHORT));
    assert_eq!(NDIS_OBJECT_TYPE_OID_REQUEST, 0x96);
    assert_eq!(NDIS_OBJECT_TYPE_BIND_PARAMETERS, 0x86);
    assert_eq!(NDIS_INTERMEDIATE_DRIVER, 1);
    assert_eq!(
        (NDIS_MINIPORT_MAJOR_VERSION, NDIS_MINIPORT_MINOR_VERSION),
        (6, 30)
    );
    assert_eq!(NDIS_REQUEST_TYPE::NdisRequestMethod.0, 12);
    assert_eq!(NET_PNP_EVENT_CODE::NetEventRestart.0, 9);
    assert_eq!(
        NET_DEVICE_POWER_STATE::NetDeviceStateD3.name(),
        Some("NetDeviceStateD3")
    );
    assert_eq!((PASSIVE_LEVEL, DISPATCH_LEVEL), (0, 2));
}
