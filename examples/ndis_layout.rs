//! Prints the layout of every structure of `chimney_im::ndis`, every enumerator and
//! every constant the C cross-check also lists, for the target this example was built
//! for, as tab-separated lines (the format of offload-tree's `layout` example):
//!
//! ```text
//! STRUCT  -      0       SIZEOF  ALIGN
//! STRUCT  FIELD  OFFSET  SIZE
//! ENUM    NAME   VALUE
//! DEFINE  NAME   VALUE
//! ```
//!
//! Members of anonymous unions and structs are listed under their plain C names; a
//! `DECLSPEC_ALIGN` array is listed with the size of the array itself. CI diffs this
//! output against a C transcription compiled with mingw-w64 (`.ci/ndis-abi-crosscheck.sh`)
//! for x64 and x86.

#![allow(
    clippy::wildcard_imports,
    clippy::too_many_lines,
    reason = "the layout tool lists the whole ABI, one line per member"
)]

use core::mem::{align_of, offset_of, size_of};
use std::io::{self, Write};

use chimney_im::ndis::*;

struct Out(Vec<String>);

impl Out {
    fn line(&mut self, cols: &[&dyn std::fmt::Display]) {
        let cols: Vec<String> = cols.iter().map(ToString::to_string).collect();
        self.0.push(cols.join("\t"));
    }
}

/// `STRUCT - 0 SIZEOF ALIGN`.
macro_rules! strukt {
    ($o:ident, $t:ty) => {
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

/// A member reached through a union (no compile-time type check is possible).
macro_rules! union_field {
    ($o:ident, $t:ident, $name:literal, $($path:ident).+ : $ft:ty) => {
        $o.line(&[&stringify!($t), &$name, &offset_of!($t, $($path).+), &size_of::<$ft>()])
    };
}

/// A `DECLSPEC_ALIGN` member held in `MemoryAligned`: offset of the wrapper, size of
/// the wrapped array (what C's `sizeof` of the member gives).
macro_rules! aligned {
    ($o:ident, $t:ident, $name:literal, $field:ident : $ft:ty) => {{
        let _type_check = |s: &$t| -> *const $ft { &raw const s.$field.0 };
        $o.line(&[
            &stringify!($t),
            &$name,
            &offset_of!($t, $field),
            &size_of::<$ft>(),
        ]);
    }};
}

macro_rules! define {
    ($o:ident, $($c:ident),+ $(,)?) => { $( $o.line(&[&"DEFINE", &stringify!($c), &$c]); )+ };
}

macro_rules! enumerators {
    ($o:ident, $($t:ident),+ $(,)?) => {
        $(
            for (name, value) in $t::NAMES {
                $o.line(&[&"ENUM", name, &value.0]);
            }
        )+
    };
}

fn main() -> io::Result<()> {
    let mut o = Out(Vec::new());
    o.0.push(format!(
        "# chimney_im::ndis layout, Rust side, pointer size {}",
        size_of::<PVOID>()
    ));
    base(&mut o);
    data_path(&mut o);
    requests_and_status(&mut o);
    characteristics(&mut o);
    parameters(&mut o);
    attributes(&mut o);
    pnp_config_offload(&mut o);
    enums(&mut o);
    constants(&mut o);
    let mut stdout = io::stdout().lock();
    for l in &o.0 {
        writeln!(stdout, "{l}")?;
    }
    Ok(())
}

fn base(o: &mut Out) {
    strukt!(o, NDIS_OBJECT_HEADER);
    field!(o, NDIS_OBJECT_HEADER, "Type", Type: u8);
    field!(o, NDIS_OBJECT_HEADER, "Revision", Revision: u8);
    field!(o, NDIS_OBJECT_HEADER, "Size", Size: u16);

    strukt!(o, UNICODE_STRING);
    field!(o, UNICODE_STRING, "Length", Length: u16);
    field!(o, UNICODE_STRING, "MaximumLength", MaximumLength: u16);
    field!(o, UNICODE_STRING, "Buffer", Buffer: *mut WCHAR);

    strukt!(o, LIST_ENTRY);
    field!(o, LIST_ENTRY, "Flink", Flink: *mut LIST_ENTRY);
    field!(o, LIST_ENTRY, "Blink", Blink: *mut LIST_ENTRY);
    strukt!(o, SINGLE_LIST_ENTRY);
    field!(o, SINGLE_LIST_ENTRY, "Next", Next: *mut SINGLE_LIST_ENTRY);

    strukt!(o, SLIST_HEADER);
    #[cfg(target_pointer_width = "64")]
    {
        union_field!(o, SLIST_HEADER, "Alignment", s.Alignment: ULONG64);
        union_field!(o, SLIST_HEADER, "Region", s.Region: ULONG64);
    }
    #[cfg(not(target_pointer_width = "64"))]
    union_field!(o, SLIST_HEADER, "Alignment", Alignment: ULONG64);

    strukt!(o, LARGE_INTEGER);
    union_field!(o, LARGE_INTEGER, "u", u: LARGE_INTEGER_PARTS);
    union_field!(o, LARGE_INTEGER, "u.LowPart", u.LowPart: u32);
    union_field!(o, LARGE_INTEGER, "u.HighPart", u.HighPart: i32);
    union_field!(o, LARGE_INTEGER, "QuadPart", QuadPart: LONGLONG);

    strukt!(o, NET_LUID_LH);
    field!(o, NET_LUID_LH, "Value", Value: ULONG64);
    field!(o, NET_LUID_LH, "Info", Value: ULONG64);

    strukt!(o, GUID);
    field!(o, GUID, "Data1", Data1: u32);
    field!(o, GUID, "Data2", Data2: u16);
    field!(o, GUID, "Data3", Data3: u16);
    field!(o, GUID, "Data4", Data4: [u8; 8]);

    strukt!(o, NDIS_SPIN_LOCK);
    field!(o, NDIS_SPIN_LOCK, "SpinLock", SpinLock: KSPIN_LOCK);
    field!(o, NDIS_SPIN_LOCK, "OldIrql", OldIrql: KIRQL);
    strukt!(o, DISPATCHER_HEADER);
    field!(o, DISPATCHER_HEADER, "Lock", Lock: i32);
    field!(o, DISPATCHER_HEADER, "SignalState", SignalState: i32);
    field!(o, DISPATCHER_HEADER, "WaitListHead", WaitListHead: LIST_ENTRY);
    strukt!(o, KEVENT);
    field!(o, KEVENT, "Header", Header: DISPATCHER_HEADER);
    strukt!(o, NDIS_EVENT);
    field!(o, NDIS_EVENT, "Event", Event: KEVENT);
}

fn data_path(o: &mut Out) {
    strukt!(o, MDL);
    field!(o, MDL, "Next", Next: *mut MDL);
    field!(o, MDL, "Size", Size: CSHORT);
    field!(o, MDL, "MdlFlags", MdlFlags: CSHORT);
    field!(o, MDL, "Process", Process: *mut EPROCESS);
    field!(o, MDL, "MappedSystemVa", MappedSystemVa: PVOID);
    field!(o, MDL, "StartVa", StartVa: PVOID);
    field!(o, MDL, "ByteCount", ByteCount: u32);
    field!(o, MDL, "ByteOffset", ByteOffset: u32);

    strukt!(o, NET_BUFFER_DATA_LENGTH);
    union_field!(o, NET_BUFFER_DATA_LENGTH, "DataLength", DataLength: u32);
    union_field!(o, NET_BUFFER_DATA_LENGTH, "stDataLength", stDataLength: usize);

    strukt!(o, NET_BUFFER_DATA);
    field!(o, NET_BUFFER_DATA, "Next", Next: PNET_BUFFER);
    field!(o, NET_BUFFER_DATA, "CurrentMdl", CurrentMdl: PMDL);
    field!(o, NET_BUFFER_DATA, "CurrentMdlOffset", CurrentMdlOffset: u32);
    field!(o, NET_BUFFER_DATA, "NbDataLength", NbDataLength: NET_BUFFER_DATA_LENGTH);
    field!(o, NET_BUFFER_DATA, "MdlChain", MdlChain: PMDL);
    field!(o, NET_BUFFER_DATA, "DataOffset", DataOffset: u32);

    strukt!(o, NET_BUFFER_HEADER);
    union_field!(o, NET_BUFFER_HEADER, "NetBufferData", NetBufferData: NET_BUFFER_DATA);
    union_field!(o, NET_BUFFER_HEADER, "Link", Link: SLIST_HEADER);

    strukt!(o, NET_BUFFER);
    union_field!(o, NET_BUFFER, "Next", NetBufferHeader.NetBufferData.Next: PNET_BUFFER);
    union_field!(o, NET_BUFFER, "CurrentMdl", NetBufferHeader.NetBufferData.CurrentMdl: PMDL);
    union_field!(o, NET_BUFFER, "CurrentMdlOffset", NetBufferHeader.NetBufferData.CurrentMdlOffset: u32);
    union_field!(o, NET_BUFFER, "DataLength", NetBufferHeader.NetBufferData.NbDataLength.DataLength: u32);
    union_field!(o, NET_BUFFER, "stDataLength", NetBufferHeader.NetBufferData.NbDataLength.stDataLength: usize);
    union_field!(o, NET_BUFFER, "MdlChain", NetBufferHeader.NetBufferData.MdlChain: PMDL);
    union_field!(o, NET_BUFFER, "DataOffset", NetBufferHeader.NetBufferData.DataOffset: u32);
    union_field!(o, NET_BUFFER, "Link", NetBufferHeader.Link: SLIST_HEADER);
    field!(o, NET_BUFFER, "NetBufferHeader", NetBufferHeader: NET_BUFFER_HEADER);
    field!(o, NET_BUFFER, "ChecksumBias", ChecksumBias: u16);
    field!(o, NET_BUFFER, "Reserved", Reserved: u16);
    field!(o, NET_BUFFER, "NdisPoolHandle", NdisPoolHandle: NDIS_HANDLE);
    aligned!(o, NET_BUFFER, "NdisReserved", NdisReserved: [PVOID; 2]);
    aligned!(o, NET_BUFFER, "ProtocolReserved", ProtocolReserved: [PVOID; 6]);
    aligned!(o, NET_BUFFER, "MiniportReserved", MiniportReserved: [PVOID; 4]);
    field!(o, NET_BUFFER, "DataPhysicalAddress", DataPhysicalAddress: NDIS_PHYSICAL_ADDRESS);
    union_field!(o, NET_BUFFER, "SharedMemoryInfo", SgOrSharedMemory.SharedMemoryInfo: *mut NET_BUFFER_SHARED_MEMORY);
    union_field!(o, NET_BUFFER, "ScatterGatherList", SgOrSharedMemory.ScatterGatherList: *mut SCATTER_GATHER_LIST);

    strukt!(o, NET_BUFFER_LIST_CONTEXT);
    field!(o, NET_BUFFER_LIST_CONTEXT, "Next", Next: PNET_BUFFER_LIST_CONTEXT);
    field!(o, NET_BUFFER_LIST_CONTEXT, "Size", Size: u16);
    field!(o, NET_BUFFER_LIST_CONTEXT, "Offset", Offset: u16);
    aligned!(o, NET_BUFFER_LIST_CONTEXT, "ContextData", ContextData: [u8; 0]);

    strukt!(o, NET_BUFFER_LIST_DATA);
    field!(o, NET_BUFFER_LIST_DATA, "Next", Next: PNET_BUFFER_LIST);
    field!(o, NET_BUFFER_LIST_DATA, "FirstNetBuffer", FirstNetBuffer: PNET_BUFFER);
    strukt!(o, NET_BUFFER_LIST_HEADER);
    union_field!(o, NET_BUFFER_LIST_HEADER, "NetBufferListData", NetBufferListData: NET_BUFFER_LIST_DATA);
    union_field!(o, NET_BUFFER_LIST_HEADER, "Link", Link: SLIST_HEADER);

    strukt!(o, NET_BUFFER_LIST);
    union_field!(o, NET_BUFFER_LIST, "Next", NetBufferListHeader.NetBufferListData.Next: PNET_BUFFER_LIST);
    union_field!(o, NET_BUFFER_LIST, "FirstNetBuffer", NetBufferListHeader.NetBufferListData.FirstNetBuffer: PNET_BUFFER);
    union_field!(o, NET_BUFFER_LIST, "Link", NetBufferListHeader.Link: SLIST_HEADER);
    field!(o, NET_BUFFER_LIST, "NetBufferListHeader", NetBufferListHeader: NET_BUFFER_LIST_HEADER);
    field!(o, NET_BUFFER_LIST, "Context", Context: PNET_BUFFER_LIST_CONTEXT);
    field!(o, NET_BUFFER_LIST, "ParentNetBufferList", ParentNetBufferList: PNET_BUFFER_LIST);
    field!(o, NET_BUFFER_LIST, "NdisPoolHandle", NdisPoolHandle: NDIS_HANDLE);
    aligned!(o, NET_BUFFER_LIST, "NdisReserved", NdisReserved: [PVOID; 2]);
    aligned!(o, NET_BUFFER_LIST, "ProtocolReserved", ProtocolReserved: [PVOID; 4]);
    aligned!(o, NET_BUFFER_LIST, "MiniportReserved", MiniportReserved: [PVOID; 2]);
    field!(o, NET_BUFFER_LIST, "Scratch", Scratch: PVOID);
    field!(o, NET_BUFFER_LIST, "SourceHandle", SourceHandle: NDIS_HANDLE);
    field!(o, NET_BUFFER_LIST, "NblFlags", NblFlags: u32);
    field!(o, NET_BUFFER_LIST, "ChildRefCount", ChildRefCount: i32);
    field!(o, NET_BUFFER_LIST, "Flags", Flags: u32);
    field!(o, NET_BUFFER_LIST, "Status", Status: NDIS_STATUS);
    field!(o, NET_BUFFER_LIST, "NdisReserved2", Status: NDIS_STATUS);
    field!(o, NET_BUFFER_LIST, "NetBufferListInfo", NetBufferListInfo: [PVOID; MaxNetBufferListInfo]);
}

fn requests_and_status(o: &mut Out) {
    strukt!(o, NDIS_OID_REQUEST);
    field!(o, NDIS_OID_REQUEST, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_OID_REQUEST, "RequestType", RequestType: NDIS_REQUEST_TYPE);
    field!(o, NDIS_OID_REQUEST, "PortNumber", PortNumber: NDIS_PORT_NUMBER);
    field!(o, NDIS_OID_REQUEST, "Timeout", Timeout: u32);
    field!(o, NDIS_OID_REQUEST, "RequestId", RequestId: PVOID);
    field!(o, NDIS_OID_REQUEST, "RequestHandle", RequestHandle: NDIS_HANDLE);
    field!(o, NDIS_OID_REQUEST, "DATA", DATA: NDIS_OID_REQUEST_DATA);
    union_field!(o, NDIS_OID_REQUEST, "DATA.Oid", DATA.Oid: NDIS_OID);
    union_field!(o, NDIS_OID_REQUEST, "DATA.QUERY_INFORMATION", DATA.QUERY_INFORMATION: NDIS_OID_REQUEST_QUERY);
    union_field!(o, NDIS_OID_REQUEST, "DATA.QUERY_INFORMATION.Oid", DATA.QUERY_INFORMATION.Oid: NDIS_OID);
    union_field!(o, NDIS_OID_REQUEST, "DATA.QUERY_INFORMATION.InformationBuffer", DATA.QUERY_INFORMATION.InformationBuffer: PVOID);
    union_field!(o, NDIS_OID_REQUEST, "DATA.QUERY_INFORMATION.InformationBufferLength", DATA.QUERY_INFORMATION.InformationBufferLength: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.QUERY_INFORMATION.BytesWritten", DATA.QUERY_INFORMATION.BytesWritten: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.QUERY_INFORMATION.BytesNeeded", DATA.QUERY_INFORMATION.BytesNeeded: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.SET_INFORMATION", DATA.SET_INFORMATION: NDIS_OID_REQUEST_SET);
    union_field!(o, NDIS_OID_REQUEST, "DATA.SET_INFORMATION.Oid", DATA.SET_INFORMATION.Oid: NDIS_OID);
    union_field!(o, NDIS_OID_REQUEST, "DATA.SET_INFORMATION.InformationBuffer", DATA.SET_INFORMATION.InformationBuffer: PVOID);
    union_field!(o, NDIS_OID_REQUEST, "DATA.SET_INFORMATION.InformationBufferLength", DATA.SET_INFORMATION.InformationBufferLength: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.SET_INFORMATION.BytesRead", DATA.SET_INFORMATION.BytesRead: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.SET_INFORMATION.BytesNeeded", DATA.SET_INFORMATION.BytesNeeded: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION", DATA.METHOD_INFORMATION: NDIS_OID_REQUEST_METHOD);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION.Oid", DATA.METHOD_INFORMATION.Oid: NDIS_OID);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION.InformationBuffer", DATA.METHOD_INFORMATION.InformationBuffer: PVOID);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION.InputBufferLength", DATA.METHOD_INFORMATION.InputBufferLength: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION.OutputBufferLength", DATA.METHOD_INFORMATION.OutputBufferLength: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION.MethodId", DATA.METHOD_INFORMATION.MethodId: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION.BytesWritten", DATA.METHOD_INFORMATION.BytesWritten: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION.BytesRead", DATA.METHOD_INFORMATION.BytesRead: u32);
    union_field!(o, NDIS_OID_REQUEST, "DATA.METHOD_INFORMATION.BytesNeeded", DATA.METHOD_INFORMATION.BytesNeeded: u32);
    field!(o, NDIS_OID_REQUEST, "NdisReserved", NdisReserved: [u8; NDIS_OID_REQUEST_NDIS_RESERVED_SIZE * size_of::<PVOID>()]);
    field!(o, NDIS_OID_REQUEST, "MiniportReserved", MiniportReserved: [u8; 2 * size_of::<PVOID>()]);
    field!(o, NDIS_OID_REQUEST, "SourceReserved", SourceReserved: [u8; 2 * size_of::<PVOID>()]);
    field!(o, NDIS_OID_REQUEST, "SupportedRevision", SupportedRevision: u8);
    field!(o, NDIS_OID_REQUEST, "Reserved1", Reserved1: u8);
    field!(o, NDIS_OID_REQUEST, "Reserved2", Reserved2: u16);

    strukt!(o, NDIS_STATUS_INDICATION);
    field!(o, NDIS_STATUS_INDICATION, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_STATUS_INDICATION, "SourceHandle", SourceHandle: NDIS_HANDLE);
    field!(o, NDIS_STATUS_INDICATION, "PortNumber", PortNumber: NDIS_PORT_NUMBER);
    field!(o, NDIS_STATUS_INDICATION, "StatusCode", StatusCode: NDIS_STATUS);
    field!(o, NDIS_STATUS_INDICATION, "Flags", Flags: u32);
    field!(o, NDIS_STATUS_INDICATION, "DestinationHandle", DestinationHandle: NDIS_HANDLE);
    field!(o, NDIS_STATUS_INDICATION, "RequestId", RequestId: PVOID);
    field!(o, NDIS_STATUS_INDICATION, "StatusBuffer", StatusBuffer: PVOID);
    field!(o, NDIS_STATUS_INDICATION, "StatusBufferSize", StatusBufferSize: u32);
    field!(o, NDIS_STATUS_INDICATION, "Guid", Guid: GUID);
    field!(o, NDIS_STATUS_INDICATION, "NdisReserved", NdisReserved: [PVOID; 4]);

    strukt!(o, NDIS_LINK_STATE);
    field!(o, NDIS_LINK_STATE, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_LINK_STATE, "MediaConnectState", MediaConnectState: NDIS_MEDIA_CONNECT_STATE);
    field!(o, NDIS_LINK_STATE, "MediaDuplexState", MediaDuplexState: NDIS_MEDIA_DUPLEX_STATE);
    field!(o, NDIS_LINK_STATE, "XmitLinkSpeed", XmitLinkSpeed: ULONG64);
    field!(o, NDIS_LINK_STATE, "RcvLinkSpeed", RcvLinkSpeed: ULONG64);
    field!(o, NDIS_LINK_STATE, "PauseFunctions", PauseFunctions: NDIS_SUPPORTED_PAUSE_FUNCTIONS);
    field!(o, NDIS_LINK_STATE, "AutoNegotiationFlags", AutoNegotiationFlags: u32);
}

fn characteristics(o: &mut Out) {
    strukt!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "MajorNdisVersion", MajorNdisVersion: u8);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "MinorNdisVersion", MinorNdisVersion: u8);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "MajorDriverVersion", MajorDriverVersion: u8);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "MinorDriverVersion", MinorDriverVersion: u8);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "Flags", Flags: u32);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "SetOptionsHandler", SetOptionsHandler: SET_OPTIONS_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "InitializeHandlerEx", InitializeHandlerEx: MINIPORT_INITIALIZE_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "HaltHandlerEx", HaltHandlerEx: MINIPORT_HALT_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "UnloadHandler", UnloadHandler: MINIPORT_DRIVER_UNLOAD);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "PauseHandler", PauseHandler: MINIPORT_PAUSE_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "RestartHandler", RestartHandler: MINIPORT_RESTART_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "OidRequestHandler", OidRequestHandler: MINIPORT_OID_REQUEST_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "SendNetBufferListsHandler", SendNetBufferListsHandler: MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "ReturnNetBufferListsHandler", ReturnNetBufferListsHandler: MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "CancelSendHandler", CancelSendHandler: MINIPORT_CANCEL_SEND_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "CheckForHangHandlerEx", CheckForHangHandlerEx: MINIPORT_CHECK_FOR_HANG_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "ResetHandlerEx", ResetHandlerEx: MINIPORT_RESET_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "DevicePnPEventNotifyHandler", DevicePnPEventNotifyHandler: MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "ShutdownHandlerEx", ShutdownHandlerEx: MINIPORT_SHUTDOWN_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "CancelOidRequestHandler", CancelOidRequestHandler: MINIPORT_CANCEL_OID_REQUEST_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "DirectOidRequestHandler", DirectOidRequestHandler: MINIPORT_DIRECT_OID_REQUEST_HANDLER);
    field!(o, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, "CancelDirectOidRequestHandler", CancelDirectOidRequestHandler: MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER);

    strukt!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "MajorNdisVersion", MajorNdisVersion: u8);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "MinorNdisVersion", MinorNdisVersion: u8);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "MajorDriverVersion", MajorDriverVersion: u8);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "MinorDriverVersion", MinorDriverVersion: u8);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "Flags", Flags: u32);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "Name", Name: NDIS_STRING);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "SetOptionsHandler", SetOptionsHandler: SET_OPTIONS_HANDLER);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "BindAdapterHandlerEx", BindAdapterHandlerEx: BIND_HANDLER_EX);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "UnbindAdapterHandlerEx", UnbindAdapterHandlerEx: UNBIND_HANDLER_EX);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "OpenAdapterCompleteHandlerEx", OpenAdapterCompleteHandlerEx: OPEN_ADAPTER_COMPLETE_HANDLER_EX);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "CloseAdapterCompleteHandlerEx", CloseAdapterCompleteHandlerEx: CLOSE_ADAPTER_COMPLETE_HANDLER_EX);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "NetPnPEventHandler", NetPnPEventHandler: NET_PNP_EVENT_HANDLER);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "UninstallHandler", UninstallHandler: UNINSTALL_PROTOCOL_HANDLER);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "OidRequestCompleteHandler", OidRequestCompleteHandler: OID_REQUEST_COMPLETE_HANDLER);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "StatusHandlerEx", StatusHandlerEx: STATUS_HANDLER_EX);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "ReceiveNetBufferListsHandler", ReceiveNetBufferListsHandler: RECEIVE_NET_BUFFER_LISTS_HANDLER);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "SendNetBufferListsCompleteHandler", SendNetBufferListsCompleteHandler: SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER);
    field!(o, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, "DirectOidRequestCompleteHandler", DirectOidRequestCompleteHandler: DIRECT_OID_REQUEST_COMPLETE_HANDLER);
}

fn parameters(o: &mut Out) {
    strukt!(o, NDIS_BIND_PARAMETERS);
    field!(o, NDIS_BIND_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_BIND_PARAMETERS, "ProtocolSection", ProtocolSection: PNDIS_STRING);
    field!(o, NDIS_BIND_PARAMETERS, "AdapterName", AdapterName: PNDIS_STRING);
    field!(o, NDIS_BIND_PARAMETERS, "PhysicalDeviceObject", PhysicalDeviceObject: PDEVICE_OBJECT);
    field!(o, NDIS_BIND_PARAMETERS, "MediaType", MediaType: NDIS_MEDIUM);
    field!(o, NDIS_BIND_PARAMETERS, "MtuSize", MtuSize: u32);
    field!(o, NDIS_BIND_PARAMETERS, "MaxXmitLinkSpeed", MaxXmitLinkSpeed: ULONG64);
    field!(o, NDIS_BIND_PARAMETERS, "XmitLinkSpeed", XmitLinkSpeed: ULONG64);
    field!(o, NDIS_BIND_PARAMETERS, "MaxRcvLinkSpeed", MaxRcvLinkSpeed: ULONG64);
    field!(o, NDIS_BIND_PARAMETERS, "RcvLinkSpeed", RcvLinkSpeed: ULONG64);
    field!(o, NDIS_BIND_PARAMETERS, "MediaConnectState", MediaConnectState: NDIS_MEDIA_CONNECT_STATE);
    field!(o, NDIS_BIND_PARAMETERS, "MediaDuplexState", MediaDuplexState: NDIS_MEDIA_DUPLEX_STATE);
    field!(o, NDIS_BIND_PARAMETERS, "LookaheadSize", LookaheadSize: u32);
    field!(o, NDIS_BIND_PARAMETERS, "PowerManagementCapabilities", PowerManagementCapabilities: *mut NDIS_PNP_CAPABILITIES);
    field!(o, NDIS_BIND_PARAMETERS, "SupportedPacketFilters", SupportedPacketFilters: u32);
    field!(o, NDIS_BIND_PARAMETERS, "MaxMulticastListSize", MaxMulticastListSize: u32);
    field!(o, NDIS_BIND_PARAMETERS, "MacAddressLength", MacAddressLength: u16);
    field!(o, NDIS_BIND_PARAMETERS, "CurrentMacAddress", CurrentMacAddress: [u8; NDIS_MAX_PHYS_ADDRESS_LENGTH]);
    field!(o, NDIS_BIND_PARAMETERS, "PhysicalMediumType", PhysicalMediumType: NDIS_PHYSICAL_MEDIUM);
    field!(o, NDIS_BIND_PARAMETERS, "RcvScaleCapabilities", RcvScaleCapabilities: *mut NDIS_RECEIVE_SCALE_CAPABILITIES);
    field!(o, NDIS_BIND_PARAMETERS, "BoundIfNetluid", BoundIfNetluid: NET_LUID);
    field!(o, NDIS_BIND_PARAMETERS, "BoundIfIndex", BoundIfIndex: NET_IFINDEX);
    field!(o, NDIS_BIND_PARAMETERS, "LowestIfNetluid", LowestIfNetluid: NET_LUID);
    field!(o, NDIS_BIND_PARAMETERS, "LowestIfIndex", LowestIfIndex: NET_IFINDEX);
    field!(o, NDIS_BIND_PARAMETERS, "AccessType", AccessType: NET_IF_ACCESS_TYPE);
    field!(o, NDIS_BIND_PARAMETERS, "DirectionType", DirectionType: NET_IF_DIRECTION_TYPE);
    field!(o, NDIS_BIND_PARAMETERS, "ConnectionType", ConnectionType: NET_IF_CONNECTION_TYPE);
    field!(o, NDIS_BIND_PARAMETERS, "IfType", IfType: NET_IFTYPE);
    field!(o, NDIS_BIND_PARAMETERS, "IfConnectorPresent", IfConnectorPresent: BOOLEAN);
    field!(o, NDIS_BIND_PARAMETERS, "ActivePorts", ActivePorts: *mut NDIS_PORT);
    field!(o, NDIS_BIND_PARAMETERS, "DataBackFillSize", DataBackFillSize: u32);
    field!(o, NDIS_BIND_PARAMETERS, "ContextBackFillSize", ContextBackFillSize: u32);
    field!(o, NDIS_BIND_PARAMETERS, "MacOptions", MacOptions: u32);
    field!(o, NDIS_BIND_PARAMETERS, "CompartmentId", CompartmentId: NET_IF_COMPARTMENT_ID);
    field!(o, NDIS_BIND_PARAMETERS, "DefaultOffloadConfiguration", DefaultOffloadConfiguration: *mut NDIS_OFFLOAD);
    field!(o, NDIS_BIND_PARAMETERS, "TcpConnectionOffloadCapabilities", TcpConnectionOffloadCapabilities: *mut NDIS_TCP_CONNECTION_OFFLOAD);
    field!(o, NDIS_BIND_PARAMETERS, "BoundAdapterName", BoundAdapterName: PNDIS_STRING);
    field!(o, NDIS_BIND_PARAMETERS, "HDSplitCurrentConfig", HDSplitCurrentConfig: *mut NDIS_HD_SPLIT_CURRENT_CONFIG);
    field!(o, NDIS_BIND_PARAMETERS, "ReceiveFilterCapabilities", ReceiveFilterCapabilities: *mut NDIS_RECEIVE_FILTER_CAPABILITIES);
    field!(o, NDIS_BIND_PARAMETERS, "PowerManagementCapabilitiesEx", PowerManagementCapabilitiesEx: *mut NDIS_PM_CAPABILITIES);
    field!(o, NDIS_BIND_PARAMETERS, "NicSwitchCapabilities", NicSwitchCapabilities: *mut NDIS_NIC_SWITCH_CAPABILITIES);
    field!(o, NDIS_BIND_PARAMETERS, "NDKEnabled", NDKEnabled: BOOLEAN);
    field!(o, NDIS_BIND_PARAMETERS, "NDKCapabilities", NDKCapabilities: *mut NDIS_NDK_CAPABILITIES);
    field!(o, NDIS_BIND_PARAMETERS, "SriovCapabilities", SriovCapabilities: *mut NDIS_SRIOV_CAPABILITIES);
    field!(o, NDIS_BIND_PARAMETERS, "NicSwitchArray", NicSwitchArray: *mut NDIS_NIC_SWITCH_INFO_ARRAY);

    strukt!(o, NDIS_OPEN_PARAMETERS);
    field!(o, NDIS_OPEN_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_OPEN_PARAMETERS, "AdapterName", AdapterName: PNDIS_STRING);
    field!(o, NDIS_OPEN_PARAMETERS, "MediumArray", MediumArray: PNDIS_MEDIUM);
    field!(o, NDIS_OPEN_PARAMETERS, "MediumArraySize", MediumArraySize: u32);
    field!(o, NDIS_OPEN_PARAMETERS, "SelectedMediumIndex", SelectedMediumIndex: PUINT);
    field!(o, NDIS_OPEN_PARAMETERS, "FrameTypeArray", FrameTypeArray: PNET_FRAME_TYPE);
    field!(o, NDIS_OPEN_PARAMETERS, "FrameTypeArraySize", FrameTypeArraySize: u32);

    strukt!(o, NDIS_MINIPORT_INIT_PARAMETERS);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "Flags", Flags: u32);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "AllocatedResources", AllocatedResources: *mut NDIS_RESOURCE_LIST);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "IMDeviceInstanceContext", IMDeviceInstanceContext: NDIS_HANDLE);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "MiniportAddDeviceContext", MiniportAddDeviceContext: NDIS_HANDLE);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "IfIndex", IfIndex: NET_IFINDEX);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "NetLuid", NetLuid: NET_LUID);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "DefaultPortAuthStates", DefaultPortAuthStates: *mut NDIS_PORT_AUTHENTICATION_PARAMETERS);
    field!(o, NDIS_MINIPORT_INIT_PARAMETERS, "PciDeviceCustomProperties", PciDeviceCustomProperties: *mut NDIS_PCI_DEVICE_CUSTOM_PROPERTIES);

    strukt!(o, NDIS_MINIPORT_RESTART_PARAMETERS);
    field!(o, NDIS_MINIPORT_RESTART_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_RESTART_PARAMETERS, "RestartAttributes", RestartAttributes: PNDIS_RESTART_ATTRIBUTES);
    field!(o, NDIS_MINIPORT_RESTART_PARAMETERS, "Flags", Flags: u32);

    strukt!(o, NDIS_MINIPORT_PAUSE_PARAMETERS);
    field!(o, NDIS_MINIPORT_PAUSE_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_PAUSE_PARAMETERS, "Flags", Flags: u32);
    field!(o, NDIS_MINIPORT_PAUSE_PARAMETERS, "PauseReason", PauseReason: u32);

    strukt!(o, NDIS_RESTART_ATTRIBUTES);
    field!(o, NDIS_RESTART_ATTRIBUTES, "Next", Next: PNDIS_RESTART_ATTRIBUTES);
    field!(o, NDIS_RESTART_ATTRIBUTES, "Oid", Oid: NDIS_OID);
    field!(o, NDIS_RESTART_ATTRIBUTES, "DataLength", DataLength: u32);
    aligned!(o, NDIS_RESTART_ATTRIBUTES, "Data", Data: [u8; 1]);

    strukt!(o, NDIS_RESTART_GENERAL_ATTRIBUTES);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "MtuSize", MtuSize: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "MaxXmitLinkSpeed", MaxXmitLinkSpeed: ULONG64);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "MaxRcvLinkSpeed", MaxRcvLinkSpeed: ULONG64);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "LookaheadSize", LookaheadSize: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "MacOptions", MacOptions: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "SupportedPacketFilters", SupportedPacketFilters: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "MaxMulticastListSize", MaxMulticastListSize: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "RecvScaleCapabilities", RecvScaleCapabilities: *mut NDIS_RECEIVE_SCALE_CAPABILITIES);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "AccessType", AccessType: NET_IF_ACCESS_TYPE);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "Flags", Flags: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "ConnectionType", ConnectionType: NET_IF_CONNECTION_TYPE);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "SupportedStatistics", SupportedStatistics: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "DataBackFillSize", DataBackFillSize: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "ContextBackFillSize", ContextBackFillSize: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "SupportedOidList", SupportedOidList: PNDIS_OID);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "SupportedOidListLength", SupportedOidListLength: u32);
    field!(o, NDIS_RESTART_GENERAL_ATTRIBUTES, "MaxLookaheadSizeAccessed", MaxLookaheadSizeAccessed: u32);

    strukt!(o, NDIS_PROTOCOL_PAUSE_PARAMETERS);
    field!(o, NDIS_PROTOCOL_PAUSE_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_PROTOCOL_PAUSE_PARAMETERS, "Flags", Flags: u32);
    field!(o, NDIS_PROTOCOL_PAUSE_PARAMETERS, "PauseReason", PauseReason: u32);

    strukt!(o, NDIS_PROTOCOL_RESTART_PARAMETERS);
    field!(o, NDIS_PROTOCOL_RESTART_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_PROTOCOL_RESTART_PARAMETERS, "FilterModuleNameBuffer", FilterModuleNameBuffer: PUCHAR);
    field!(o, NDIS_PROTOCOL_RESTART_PARAMETERS, "FilterModuleNameBufferLength", FilterModuleNameBufferLength: u32);
    field!(o, NDIS_PROTOCOL_RESTART_PARAMETERS, "RestartAttributes", RestartAttributes: PNDIS_RESTART_ATTRIBUTES);
    field!(o, NDIS_PROTOCOL_RESTART_PARAMETERS, "BoundIfIndex", BoundIfIndex: NET_IFINDEX);
    field!(o, NDIS_PROTOCOL_RESTART_PARAMETERS, "BoundIfNetluid", BoundIfNetluid: NET_LUID);
    field!(o, NDIS_PROTOCOL_RESTART_PARAMETERS, "Flags", Flags: u32);
}

fn attributes(o: &mut Out) {
    strukt!(o, NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES);
    field!(o, NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, "MiniportAdapterContext", MiniportAdapterContext: NDIS_HANDLE);
    field!(o, NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, "AttributeFlags", AttributeFlags: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, "CheckForHangTimeInSeconds", CheckForHangTimeInSeconds: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, "InterfaceType", InterfaceType: NDIS_INTERFACE_TYPE);

    strukt!(o, NDIS_PM_WAKE_UP_CAPABILITIES);
    field!(o, NDIS_PM_WAKE_UP_CAPABILITIES, "MinMagicPacketWakeUp", MinMagicPacketWakeUp: NDIS_DEVICE_POWER_STATE);
    field!(o, NDIS_PM_WAKE_UP_CAPABILITIES, "MinPatternWakeUp", MinPatternWakeUp: NDIS_DEVICE_POWER_STATE);
    field!(o, NDIS_PM_WAKE_UP_CAPABILITIES, "MinLinkChangeWakeUp", MinLinkChangeWakeUp: NDIS_DEVICE_POWER_STATE);

    strukt!(o, NDIS_PNP_CAPABILITIES);
    field!(o, NDIS_PNP_CAPABILITIES, "Flags", Flags: u32);
    field!(o, NDIS_PNP_CAPABILITIES, "WakeUpCapabilities", WakeUpCapabilities: NDIS_PM_WAKE_UP_CAPABILITIES);

    strukt!(o, NDIS_PM_CAPABILITIES);
    field!(o, NDIS_PM_CAPABILITIES, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_PM_CAPABILITIES, "Flags", Flags: u32);
    field!(o, NDIS_PM_CAPABILITIES, "SupportedWoLPacketPatterns", SupportedWoLPacketPatterns: u32);
    field!(o, NDIS_PM_CAPABILITIES, "NumTotalWoLPatterns", NumTotalWoLPatterns: u32);
    field!(o, NDIS_PM_CAPABILITIES, "MaxWoLPatternSize", MaxWoLPatternSize: u32);
    field!(o, NDIS_PM_CAPABILITIES, "MaxWoLPatternOffset", MaxWoLPatternOffset: u32);
    field!(o, NDIS_PM_CAPABILITIES, "MaxWoLPacketSaveBuffer", MaxWoLPacketSaveBuffer: u32);
    field!(o, NDIS_PM_CAPABILITIES, "SupportedProtocolOffloads", SupportedProtocolOffloads: u32);
    field!(o, NDIS_PM_CAPABILITIES, "NumArpOffloadIPv4Addresses", NumArpOffloadIPv4Addresses: u32);
    field!(o, NDIS_PM_CAPABILITIES, "NumNSOffloadIPv6Addresses", NumNSOffloadIPv6Addresses: u32);
    field!(o, NDIS_PM_CAPABILITIES, "MinMagicPacketWakeUp", MinMagicPacketWakeUp: NDIS_DEVICE_POWER_STATE);
    field!(o, NDIS_PM_CAPABILITIES, "MinPatternWakeUp", MinPatternWakeUp: NDIS_DEVICE_POWER_STATE);
    field!(o, NDIS_PM_CAPABILITIES, "MinLinkChangeWakeUp", MinLinkChangeWakeUp: NDIS_DEVICE_POWER_STATE);
    field!(o, NDIS_PM_CAPABILITIES, "SupportedWakeUpEvents", SupportedWakeUpEvents: u32);
    field!(o, NDIS_PM_CAPABILITIES, "MediaSpecificWakeUpEvents", MediaSpecificWakeUpEvents: u32);

    strukt!(o, NDIS_RECEIVE_SCALE_CAPABILITIES);
    field!(o, NDIS_RECEIVE_SCALE_CAPABILITIES, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_RECEIVE_SCALE_CAPABILITIES, "CapabilitiesFlags", CapabilitiesFlags: u32);
    field!(o, NDIS_RECEIVE_SCALE_CAPABILITIES, "NumberOfInterruptMessages", NumberOfInterruptMessages: u32);
    field!(o, NDIS_RECEIVE_SCALE_CAPABILITIES, "NumberOfReceiveQueues", NumberOfReceiveQueues: u32);
    field!(o, NDIS_RECEIVE_SCALE_CAPABILITIES, "NumberOfIndirectionTableEntries", NumberOfIndirectionTableEntries: u16);

    strukt!(o, NDIS_PM_COUNTED_STRING);
    field!(o, NDIS_PM_COUNTED_STRING, "Length", Length: u16);
    field!(o, NDIS_PM_COUNTED_STRING, "String", String: [u16; NDIS_PM_MAX_STRING_SIZE + 1]);

    strukt!(o, NDIS_RECEIVE_SCALE_PARAMETERS);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "Flags", Flags: u16);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "BaseCpuNumber", BaseCpuNumber: u16);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "HashInformation", HashInformation: u32);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "IndirectionTableSize", IndirectionTableSize: u16);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "IndirectionTableOffset", IndirectionTableOffset: u32);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "HashSecretKeySize", HashSecretKeySize: u16);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "HashSecretKeyOffset", HashSecretKeyOffset: u32);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "ProcessorMasksOffset", ProcessorMasksOffset: u32);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "NumberOfProcessorMasks", NumberOfProcessorMasks: u32);
    field!(o, NDIS_RECEIVE_SCALE_PARAMETERS, "ProcessorMasksEntrySize", ProcessorMasksEntrySize: u32);

    strukt!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "Flags", Flags: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MediaType", MediaType: NDIS_MEDIUM);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "PhysicalMediumType", PhysicalMediumType: NDIS_PHYSICAL_MEDIUM);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MtuSize", MtuSize: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MaxXmitLinkSpeed", MaxXmitLinkSpeed: ULONG64);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "XmitLinkSpeed", XmitLinkSpeed: ULONG64);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MaxRcvLinkSpeed", MaxRcvLinkSpeed: ULONG64);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "RcvLinkSpeed", RcvLinkSpeed: ULONG64);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MediaConnectState", MediaConnectState: NDIS_MEDIA_CONNECT_STATE);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MediaDuplexState", MediaDuplexState: NDIS_MEDIA_DUPLEX_STATE);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "LookaheadSize", LookaheadSize: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "PowerManagementCapabilities", PowerManagementCapabilities: *mut NDIS_PNP_CAPABILITIES);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MacOptions", MacOptions: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "SupportedPacketFilters", SupportedPacketFilters: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MaxMulticastListSize", MaxMulticastListSize: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "MacAddressLength", MacAddressLength: u16);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "PermanentMacAddress", PermanentMacAddress: [u8; NDIS_MAX_PHYS_ADDRESS_LENGTH]);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "CurrentMacAddress", CurrentMacAddress: [u8; NDIS_MAX_PHYS_ADDRESS_LENGTH]);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "RecvScaleCapabilities", RecvScaleCapabilities: *mut NDIS_RECEIVE_SCALE_CAPABILITIES);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "AccessType", AccessType: NET_IF_ACCESS_TYPE);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "DirectionType", DirectionType: NET_IF_DIRECTION_TYPE);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "ConnectionType", ConnectionType: NET_IF_CONNECTION_TYPE);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "IfType", IfType: NET_IFTYPE);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "IfConnectorPresent", IfConnectorPresent: BOOLEAN);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "SupportedStatistics", SupportedStatistics: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "SupportedPauseFunctions", SupportedPauseFunctions: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "DataBackFillSize", DataBackFillSize: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "ContextBackFillSize", ContextBackFillSize: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "SupportedOidList", SupportedOidList: PNDIS_OID);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "SupportedOidListLength", SupportedOidListLength: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "AutoNegotiationFlags", AutoNegotiationFlags: u32);
    field!(o, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "PowerManagementCapabilitiesEx", PowerManagementCapabilitiesEx: *mut NDIS_PM_CAPABILITIES);

    strukt!(o, NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES);
    field!(o, NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, "MiniportAddDeviceContext", MiniportAddDeviceContext: NDIS_HANDLE);
    field!(o, NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, "Flags", Flags: u32);

    strukt!(o, NDIS_MINIPORT_ADAPTER_ATTRIBUTES);
    union_field!(o, NDIS_MINIPORT_ADAPTER_ATTRIBUTES, "Header", Header: NDIS_OBJECT_HEADER);
    union_field!(o, NDIS_MINIPORT_ADAPTER_ATTRIBUTES, "AddDeviceRegistrationAttributes", AddDeviceRegistrationAttributes: NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES);
    union_field!(o, NDIS_MINIPORT_ADAPTER_ATTRIBUTES, "RegistrationAttributes", RegistrationAttributes: NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES);
    union_field!(o, NDIS_MINIPORT_ADAPTER_ATTRIBUTES, "GeneralAttributes", GeneralAttributes: NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES);
    union_field!(o, NDIS_MINIPORT_ADAPTER_ATTRIBUTES, "OffloadAttributes", OffloadAttributes: NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES);
}

fn pnp_config_offload(o: &mut Out) {
    strukt!(o, NET_PNP_EVENT);
    field!(o, NET_PNP_EVENT, "NetEvent", NetEvent: NET_PNP_EVENT_CODE);
    field!(o, NET_PNP_EVENT, "Buffer", Buffer: PVOID);
    field!(o, NET_PNP_EVENT, "BufferLength", BufferLength: u32);
    field!(o, NET_PNP_EVENT, "NdisReserved", NdisReserved: [ULONG_PTR; 4]);
    field!(o, NET_PNP_EVENT, "TransportReserved", TransportReserved: [ULONG_PTR; 4]);
    field!(o, NET_PNP_EVENT, "TdiReserved", TdiReserved: [ULONG_PTR; 4]);
    field!(o, NET_PNP_EVENT, "TdiClientReserved", TdiClientReserved: [ULONG_PTR; 4]);

    strukt!(o, NET_PNP_EVENT_NOTIFICATION);
    field!(o, NET_PNP_EVENT_NOTIFICATION, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NET_PNP_EVENT_NOTIFICATION, "PortNumber", PortNumber: NDIS_PORT_NUMBER);
    field!(o, NET_PNP_EVENT_NOTIFICATION, "NetPnPEvent", NetPnPEvent: NET_PNP_EVENT);
    field!(o, NET_PNP_EVENT_NOTIFICATION, "Flags", Flags: u32);

    strukt!(o, NET_DEVICE_PNP_EVENT);
    field!(o, NET_DEVICE_PNP_EVENT, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NET_DEVICE_PNP_EVENT, "PortNumber", PortNumber: NDIS_PORT_NUMBER);
    field!(o, NET_DEVICE_PNP_EVENT, "DevicePnPEvent", DevicePnPEvent: NDIS_DEVICE_PNP_EVENT);
    field!(o, NET_DEVICE_PNP_EVENT, "InformationBuffer", InformationBuffer: PVOID);
    field!(o, NET_DEVICE_PNP_EVENT, "InformationBufferLength", InformationBufferLength: u32);
    field!(o, NET_DEVICE_PNP_EVENT, "NdisReserved", NdisReserved: [u8; 2 * size_of::<PVOID>()]);

    strukt!(o, NDIS_CONFIGURATION_OBJECT);
    field!(o, NDIS_CONFIGURATION_OBJECT, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_CONFIGURATION_OBJECT, "NdisHandle", NdisHandle: NDIS_HANDLE);
    field!(o, NDIS_CONFIGURATION_OBJECT, "Flags", Flags: u32);

    strukt!(o, BINARY_DATA);
    field!(o, BINARY_DATA, "Length", Length: u16);
    field!(o, BINARY_DATA, "Buffer", Buffer: PVOID);

    strukt!(o, NDIS_CONFIGURATION_PARAMETER);
    field!(o, NDIS_CONFIGURATION_PARAMETER, "ParameterType", ParameterType: NDIS_PARAMETER_TYPE);
    field!(o, NDIS_CONFIGURATION_PARAMETER, "ParameterData", ParameterData: NDIS_CONFIGURATION_PARAMETER_DATA);
    union_field!(o, NDIS_CONFIGURATION_PARAMETER, "ParameterData.IntegerData", ParameterData.IntegerData: u32);
    union_field!(o, NDIS_CONFIGURATION_PARAMETER, "ParameterData.StringData", ParameterData.StringData: NDIS_STRING);
    union_field!(o, NDIS_CONFIGURATION_PARAMETER, "ParameterData.BinaryData", ParameterData.BinaryData: BINARY_DATA);

    strukt!(o, NDIS_OFFLOAD_PARAMETERS);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "Header", Header: NDIS_OBJECT_HEADER);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "IPv4Checksum", IPv4Checksum: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "TCPIPv4Checksum", TCPIPv4Checksum: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "UDPIPv4Checksum", UDPIPv4Checksum: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "TCPIPv6Checksum", TCPIPv6Checksum: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "UDPIPv6Checksum", UDPIPv6Checksum: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "LsoV1", LsoV1: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "IPsecV1", IPsecV1: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "LsoV2IPv4", LsoV2IPv4: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "LsoV2IPv6", LsoV2IPv6: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "TcpConnectionIPv4", TcpConnectionIPv4: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "TcpConnectionIPv6", TcpConnectionIPv6: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "Flags", Flags: u32);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "IPsecV2", IPsecV2: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "IPsecV2IPv4", IPsecV2IPv4: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "RscIPv4", RscIPv4: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "RscIPv6", RscIPv6: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "EncapsulatedPacketTaskOffload", EncapsulatedPacketTaskOffload: u8);
    field!(o, NDIS_OFFLOAD_PARAMETERS, "EncapsulationTypes", EncapsulationTypes: u8);
}

fn enums(o: &mut Out) {
    enumerators!(
        o,
        NDIS_MEDIUM,
        NDIS_PHYSICAL_MEDIUM,
        NET_IF_MEDIA_CONNECT_STATE,
        NET_IF_MEDIA_DUPLEX_STATE,
        NET_IF_ACCESS_TYPE,
        NET_IF_DIRECTION_TYPE,
        NET_IF_CONNECTION_TYPE,
        NDIS_SUPPORTED_PAUSE_FUNCTIONS,
        NDIS_INTERFACE_TYPE,
        NDIS_REQUEST_TYPE,
        NDIS_HALT_ACTION,
        NDIS_SHUTDOWN_ACTION,
        NET_PNP_EVENT_CODE,
        NDIS_DEVICE_PNP_EVENT,
        NET_DEVICE_POWER_STATE,
        NDIS_DEVICE_POWER_STATE,
        NDIS_PARAMETER_TYPE,
    );
    o.line(&[&"ENUM", &"MaxNetBufferListInfo", &MaxNetBufferListInfo]);
}

fn constants(o: &mut Out) {
    define!(
        o,
        MEMORY_ALLOCATION_ALIGNMENT,
        NDIS_MAX_PHYS_ADDRESS_LENGTH,
        IF_TYPE_ETHERNET_CSMACD,
        NDIS_OBJECT_REVISION_1,
        PASSIVE_LEVEL,
        APC_LEVEL,
        DISPATCH_LEVEL,
        // Versions and driver flags.
        NDIS_MINIPORT_MAJOR_VERSION,
        NDIS_MINIPORT_MINOR_VERSION,
        NDIS_PROTOCOL_MAJOR_VERSION,
        NDIS_PROTOCOL_MINOR_VERSION,
        NDIS_INTERMEDIATE_DRIVER,
        NDIS_WDM_DRIVER,
        // Object types.
        NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS,
        NDIS_OBJECT_TYPE_BIND_PARAMETERS,
        NDIS_OBJECT_TYPE_OPEN_PARAMETERS,
        NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
        NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
        NDIS_OBJECT_TYPE_REQUEST_EX,
        NDIS_OBJECT_TYPE_OID_REQUEST,
        NDIS_OBJECT_TYPE_STATUS_INDICATION,
        NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
        NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
        NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES,
        NDIS_OBJECT_TYPE_PROTOCOL_RESTART_PARAMETERS,
        NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES,
        NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT,
        // Revisions and sizes.
        NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1,
        NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1,
        NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1,
        NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
        NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1,
        NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
        NDIS_OID_REQUEST_REVISION_1,
        NDIS_SIZEOF_OID_REQUEST_REVISION_1,
        NDIS_OID_REQUEST_NDIS_RESERVED_SIZE,
        NDIS_OID_REQUEST_TIMEOUT_INFINITE,
        NDIS_STATUS_INDICATION_REVISION_1,
        NDIS_SIZEOF_STATUS_INDICATION_REVISION_1,
        NDIS_LINK_STATE_REVISION_1,
        NDIS_SIZEOF_LINK_STATE_REVISION_1,
        NDIS_BIND_PARAMETERS_REVISION_1,
        NDIS_BIND_PARAMETERS_REVISION_2,
        NDIS_BIND_PARAMETERS_REVISION_3,
        NDIS_BIND_PARAMETERS_REVISION_4,
        NDIS_SIZEOF_BIND_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_BIND_PARAMETERS_REVISION_2,
        NDIS_SIZEOF_BIND_PARAMETERS_REVISION_3,
        NDIS_SIZEOF_BIND_PARAMETERS_REVISION_4,
        NDIS_OPEN_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1,
        NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_MINIPORT_INIT_PARAMETERS_REVISION_1,
        NDIS_MINIPORT_RESTART_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_MINIPORT_RESTART_PARAMETERS_REVISION_1,
        NDIS_MINIPORT_PAUSE_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_MINIPORT_PAUSE_PARAMETERS_REVISION_1,
        NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_1,
        NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_2,
        NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1,
        NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_2,
        NDIS_PROTOCOL_PAUSE_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_PROTOCOL_PAUSE_PARAMETERS_REVISION_1,
        NDIS_PROTOCOL_RESTART_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_PROTOCOL_RESTART_PARAMETERS_REVISION_1,
        NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1,
        NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2,
        NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1,
        NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2,
        NDIS_PM_CAPABILITIES_REVISION_1,
        NDIS_PM_CAPABILITIES_REVISION_2,
        NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1,
        NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2,
        NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_1,
        NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_2,
        NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1,
        NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_2,
        NDIS_OBJECT_TYPE_RSS_CAPABILITIES,
        NDIS_PM_MAX_STRING_SIZE,
        NDIS_OBJECT_TYPE_RSS_PARAMETERS,
        NDIS_RECEIVE_SCALE_PARAMETERS_REVISION_2,
        NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_REVISION_2,
        NDIS_RSS_PARAM_FLAG_DISABLE_RSS,
        NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1,
        NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2,
        NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1,
        NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2,
        NET_PNP_EVENT_NOTIFICATION_REVISION_1,
        NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1,
        NET_DEVICE_PNP_EVENT_REVISION_1,
        NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1,
        NDIS_CONFIGURATION_OBJECT_REVISION_1,
        NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1,
        NDIS_OFFLOAD_PARAMETERS_REVISION_1,
        NDIS_OFFLOAD_PARAMETERS_REVISION_2,
        NDIS_OFFLOAD_PARAMETERS_REVISION_3,
        NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1,
        NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2,
        NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3,
    );
    define!(
        o,
        // Status codes.
        NDIS_STATUS_ALREADY_COMPLETE,
        NDIS_STATUS_NOT_RECOGNIZED,
        NDIS_STATUS_NOT_COPIED,
        NDIS_STATUS_NOT_ACCEPTED,
        NDIS_STATUS_INDICATION_REQUIRED,
        NDIS_STATUS_BUFFER_OVERFLOW,
        NDIS_STATUS_CLOSING,
        NDIS_STATUS_BAD_VERSION,
        NDIS_STATUS_BAD_CHARACTERISTICS,
        NDIS_STATUS_ADAPTER_NOT_FOUND,
        NDIS_STATUS_OPEN_FAILED,
        NDIS_STATUS_DEVICE_FAILED,
        NDIS_STATUS_MULTICAST_FULL,
        NDIS_STATUS_RESET_IN_PROGRESS,
        NDIS_STATUS_ADAPTER_NOT_READY,
        NDIS_STATUS_INVALID_LENGTH,
        NDIS_STATUS_INVALID_DATA,
        NDIS_STATUS_BUFFER_TOO_SHORT,
        NDIS_STATUS_INVALID_OID,
        NDIS_STATUS_ADAPTER_REMOVED,
        NDIS_STATUS_UNSUPPORTED_MEDIA,
        NDIS_STATUS_INVALID_DEVICE_REQUEST,
        NDIS_STATUS_MEDIA_DISCONNECTED,
        NDIS_STATUS_INTERFACE_NOT_FOUND,
        NDIS_STATUS_UNSUPPORTED_REVISION,
        NDIS_STATUS_INVALID_PORT,
        NDIS_STATUS_LOW_POWER_STATE,
        NDIS_STATUS_RESET_START,
        NDIS_STATUS_RESET_END,
        NDIS_STATUS_MEDIA_CONNECT,
        NDIS_STATUS_MEDIA_DISCONNECT,
        NDIS_STATUS_MEDIA_SPECIFIC_INDICATION,
        NDIS_STATUS_LINK_SPEED_CHANGE,
        NDIS_STATUS_LINK_STATE,
        NDIS_STATUS_NETWORK_CHANGE,
        NDIS_STATUS_MEDIA_SPECIFIC_INDICATION_EX,
        NDIS_STATUS_PORT_STATE,
        NDIS_STATUS_OPER_STATUS,
        NDIS_STATUS_PM_WOL_PATTERN_REJECTED,
        NDIS_STATUS_PM_OFFLOAD_REJECTED,
        NDIS_STATUS_PM_CAPABILITIES_CHANGE,
    );
    define!(
        o,
        // OIDs.
        OID_GEN_SUPPORTED_LIST,
        OID_GEN_HARDWARE_STATUS,
        OID_GEN_MEDIA_SUPPORTED,
        OID_GEN_MEDIA_IN_USE,
        OID_GEN_MAXIMUM_LOOKAHEAD,
        OID_GEN_MAXIMUM_FRAME_SIZE,
        OID_GEN_LINK_SPEED,
        OID_GEN_TRANSMIT_BUFFER_SPACE,
        OID_GEN_RECEIVE_BUFFER_SPACE,
        OID_GEN_TRANSMIT_BLOCK_SIZE,
        OID_GEN_RECEIVE_BLOCK_SIZE,
        OID_GEN_VENDOR_ID,
        OID_GEN_VENDOR_DESCRIPTION,
        OID_GEN_CURRENT_PACKET_FILTER,
        OID_GEN_CURRENT_LOOKAHEAD,
        OID_GEN_DRIVER_VERSION,
        OID_GEN_MAXIMUM_TOTAL_SIZE,
        OID_GEN_MAC_OPTIONS,
        OID_GEN_MEDIA_CONNECT_STATUS,
        OID_GEN_MAXIMUM_SEND_PACKETS,
        OID_GEN_VENDOR_DRIVER_VERSION,
        OID_GEN_SUPPORTED_GUIDS,
        OID_GEN_PHYSICAL_MEDIUM,
        OID_GEN_RECEIVE_SCALE_CAPABILITIES,
        OID_GEN_RECEIVE_SCALE_PARAMETERS,
        OID_GEN_MAX_LINK_SPEED,
        OID_GEN_LINK_STATE,
        OID_GEN_LINK_PARAMETERS,
        OID_GEN_INTERRUPT_MODERATION,
        OID_GEN_MINIPORT_RESTART_ATTRIBUTES,
        OID_GEN_XMIT_OK,
        OID_GEN_RCV_OK,
        OID_GEN_XMIT_ERROR,
        OID_GEN_RCV_ERROR,
        OID_GEN_RCV_NO_BUFFER,
        OID_GEN_STATISTICS,
        OID_802_3_PERMANENT_ADDRESS,
        OID_802_3_CURRENT_ADDRESS,
        OID_802_3_MULTICAST_LIST,
        OID_802_3_MAXIMUM_LIST_SIZE,
        OID_PNP_CAPABILITIES,
        OID_PNP_SET_POWER,
        OID_PNP_QUERY_POWER,
        OID_PNP_ADD_WAKE_UP_PATTERN,
        OID_PNP_REMOVE_WAKE_UP_PATTERN,
        OID_PNP_WAKE_UP_PATTERN_LIST,
        OID_PNP_ENABLE_WAKE_UP,
        OID_PM_CURRENT_CAPABILITIES,
        OID_PM_HARDWARE_CAPABILITIES,
        OID_PM_PARAMETERS,
        OID_PM_ADD_WOL_PATTERN,
        OID_PM_REMOVE_WOL_PATTERN,
        OID_PM_ADD_PROTOCOL_OFFLOAD,
        OID_PM_REMOVE_PROTOCOL_OFFLOAD,
        NDIS_PACKET_TYPE_DIRECTED,
        NDIS_PACKET_TYPE_MULTICAST,
        NDIS_PACKET_TYPE_ALL_MULTICAST,
        NDIS_PACKET_TYPE_BROADCAST,
        NDIS_PACKET_TYPE_PROMISCUOUS,
        NDIS_PACKET_TYPE_ALL_LOCAL,
        NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA,
        NDIS_MAC_OPTION_RECEIVE_SERIALIZED,
        NDIS_MAC_OPTION_TRANSFERS_NOT_PEND,
        NDIS_MAC_OPTION_NO_LOOPBACK,
        NDIS_MAC_OPTION_FULL_DUPLEX,
        NDIS_MAC_OPTION_EOTX_INDICATION,
        NDIS_MAC_OPTION_8021P_PRIORITY,
        NDIS_MAC_OPTION_SUPPORTS_MAC_ADDRESS_OVERWRITE,
        NDIS_MAC_OPTION_RECEIVE_AT_DPC,
        NDIS_MAC_OPTION_8021Q_VLAN,
        NDIS_MAC_OPTION_RESERVED,
    );
    define!(
        o,
        // NBL flags and data-path flags.
        NBL_FLAGS_PROTOCOL_RESERVED,
        NBL_FLAGS_MINIPORT_RESERVED,
        NBL_FLAGS_SCRATCH,
        NBL_FLAGS_NDIS_RESERVED,
        NDIS_NBL_FLAGS_SEND_READ_ONLY,
        NDIS_NBL_FLAGS_RECV_READ_ONLY,
        NDIS_NBL_FLAGS_HD_SPLIT,
        NDIS_NBL_FLAGS_IS_IPV4,
        NDIS_NBL_FLAGS_IS_IPV6,
        NDIS_NBL_FLAGS_IS_TCP,
        NDIS_NBL_FLAGS_IS_UDP,
        NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_HEADER,
        NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_PAYLOAD,
        NDIS_NBL_FLAGS_IS_LOOPBACK_PACKET,
        NDIS_SEND_FLAGS_DISPATCH_LEVEL,
        NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK,
        NDIS_SEND_FLAGS_SINGLE_QUEUE,
        NDIS_SEND_FLAGS_SWITCH_DESTINATION_GROUP,
        NDIS_SEND_FLAGS_SWITCH_SINGLE_SOURCE,
        NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
        NDIS_SEND_COMPLETE_FLAGS_SINGLE_QUEUE,
        NDIS_SEND_COMPLETE_FLAGS_SWITCH_SINGLE_SOURCE,
        NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL,
        NDIS_RECEIVE_FLAGS_RESOURCES,
        NDIS_RECEIVE_FLAGS_SINGLE_ETHER_TYPE,
        NDIS_RECEIVE_FLAGS_SINGLE_VLAN,
        NDIS_RECEIVE_FLAGS_PERFECT_FILTERED,
        NDIS_RECEIVE_FLAGS_SINGLE_QUEUE,
        NDIS_RECEIVE_FLAGS_SHARED_MEMORY_INFO_VALID,
        NDIS_RECEIVE_FLAGS_MORE_NBLS,
        NDIS_RECEIVE_FLAGS_SWITCH_DESTINATION_GROUP,
        NDIS_RECEIVE_FLAGS_SWITCH_SINGLE_SOURCE,
        NDIS_RETURN_FLAGS_DISPATCH_LEVEL,
        NDIS_RETURN_FLAGS_SINGLE_QUEUE,
        NDIS_RETURN_FLAGS_SWITCH_SINGLE_SOURCE,
        // Attribute, statistics and pause-reason flags.
        NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE,
        NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM,
        NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK,
        NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS,
        NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO,
        NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND,
        NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER,
        NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT,
        NDIS_MINIPORT_ATTRIBUTES_NO_PAUSE_ON_SUSPEND,
        NDIS_MINIPORT_ATTRIBUTES_NO_OID_INTERCEPT_ON_NONDEFAULT_PORTS,
        NDIS_MINIPORT_ATTRIBUTES_REGISTER_BUGCHECK_CALLBACK,
        NDIS_STATISTICS_XMIT_OK_SUPPORTED,
        NDIS_STATISTICS_RCV_OK_SUPPORTED,
        NDIS_STATISTICS_XMIT_ERROR_SUPPORTED,
        NDIS_STATISTICS_RCV_ERROR_SUPPORTED,
        NDIS_STATISTICS_RCV_NO_BUFFER_SUPPORTED,
        NDIS_STATISTICS_DIRECTED_BYTES_XMIT_SUPPORTED,
        NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED,
        NDIS_STATISTICS_MULTICAST_BYTES_XMIT_SUPPORTED,
        NDIS_STATISTICS_MULTICAST_FRAMES_XMIT_SUPPORTED,
        NDIS_STATISTICS_BROADCAST_BYTES_XMIT_SUPPORTED,
        NDIS_STATISTICS_BROADCAST_FRAMES_XMIT_SUPPORTED,
        NDIS_STATISTICS_DIRECTED_BYTES_RCV_SUPPORTED,
        NDIS_STATISTICS_DIRECTED_FRAMES_RCV_SUPPORTED,
        NDIS_STATISTICS_MULTICAST_BYTES_RCV_SUPPORTED,
        NDIS_STATISTICS_MULTICAST_FRAMES_RCV_SUPPORTED,
        NDIS_STATISTICS_BROADCAST_BYTES_RCV_SUPPORTED,
        NDIS_STATISTICS_BROADCAST_FRAMES_RCV_SUPPORTED,
        NDIS_STATISTICS_RCV_CRC_ERROR_SUPPORTED,
        NDIS_STATISTICS_TRANSMIT_QUEUE_LENGTH_SUPPORTED,
        NDIS_STATISTICS_BYTES_RCV_SUPPORTED,
        NDIS_STATISTICS_BYTES_XMIT_SUPPORTED,
        NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED,
        NDIS_STATISTICS_GEN_STATISTICS_SUPPORTED,
        NDIS_STATISTICS_XMIT_DISCARDS_SUPPORTED,
        NDIS_PAUSE_NDIS_INTERNAL,
        NDIS_PAUSE_LOW_POWER,
        NDIS_PAUSE_BIND_PROTOCOL,
        NDIS_PAUSE_UNBIND_PROTOCOL,
        NDIS_PAUSE_ATTACH_FILTER,
        NDIS_PAUSE_DETACH_FILTER,
        NDIS_PAUSE_FILTER_RESTART_STACK,
        NDIS_PAUSE_MINIPORT_DEVICE_REMOVE,
        // NDIS_OFFLOAD_PARAMETERS values.
        NDIS_OFFLOAD_PARAMETERS_NO_CHANGE,
        NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED,
        NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED,
        NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED,
        NDIS_OFFLOAD_PARAMETERS_RSC_DISABLED,
        NDIS_OFFLOAD_PARAMETERS_RSC_ENABLED,
        NDIS_OFFLOAD_PARAMETERS_SKIP_REGISTRY_UPDATE,
    );
}
