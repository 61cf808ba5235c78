//! Every NDIS.SYS, ntoskrnl.exe and HAL.dll import the driver uses, declared by hand
//! with the WDK's exported name and signature (wdk-sys has no NDIS bindings).
//!
//! Calling convention: `extern "system"` is `__stdcall` on x86 and the Microsoft x64
//! convention on x64, which is what the WDK compiles these declarations to (x86
//! kernel builds use `/Gz`, so the `EXPORT` functions of ndis.h without an explicit
//! `NTAPI` are `__stdcall` too). On x86 rustc therefore references
//! `__imp__NdisInitiateOffload@8`, whose `@N` is the bytes of arguments: a mismatch
//! with the import libraries made from `lib/*-x86.def` fails the link, so every x86
//! signature is checked by its argument size (`tests/inf-check`, `.ci/import-libs.sh`).
//!
//! IRQL, the one place where the WDK does not import:
//! - x64: `KeGetCurrentIrql`, `KeLowerIrql` and `KeRaiseIrqlToDpcLevel` are
//!   `__forceinline` functions of wdm.h that read and write CR8 (the task-priority
//!   register, which holds the IRQL). They are reproduced below with `asm!`; nothing
//!   is imported.
//! - x86: wdm.h declares them as HAL imports (`_DECL_HAL_KE_IMPORT`, "on X86 the
//!   following routines are defined in the HAL and imported by all other modules"):
//!   `KeGetCurrentIrql` and `KeRaiseIrqlToDpcLevel` are `__stdcall`, and
//!   `KeLowerIrql` is the macro `#define KeLowerIrql(a) KfLowerIrql(a)` over the
//!   `__fastcall` export `KfLowerIrql`. Windows 8 and later keep these HAL exports
//!   (some as forwarders into the kernel), so importing them from HAL.dll is what
//!   every WDK-built x86 driver does.
//!
//! Spin locks, events, time: `NdisAllocateSpinLock`, `NdisFreeSpinLock`,
//! `NdisAcquireSpinLock`, `NdisReleaseSpinLock` and `NdisGetCurrentSystemTime` are
//! inline functions or macros over `Ke*` in current ndis.h unless `BINARY_COMPATIBLE`,
//! but NDIS.SYS still exports all of them (x86 and x64), as it exports the
//! `NdisInitializeEvent`/`NdisSetEvent`/`NdisResetEvent`/`NdisWaitEvent` and
//! `NdisMSleep` functions. The driver imports the NDIS exports: one stdcall
//! signature on both targets, no `KfAcquireSpinLock`/`KeAcquireSpinLockRaiseToDpc`
//! split between x86 and x64.
//!
//! Only [`super::KernelNdis`] calls anything here (the module is private to
//! `kernel`).

#![allow(
    non_snake_case,
    non_camel_case_types,
    reason = "names are the WDK's exports and parameters, so they can be checked against ndis.h and the .def files"
)]

use core::ffi::c_void;

use offload_tree::abi::{
    NDIS_CHIMNEY_OFFLOAD_TYPE, NDIS_DRIVER_OPTIONAL_HANDLERS, NDIS_HANDLE,
    NDIS_OFFLOAD_EVENT_HANDLERS, NDIS_PORT_NUMBER, NDIS_STATUS, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    PNDIS_OFFLOAD_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PVOID,
};

use crate::ndis::{
    DRIVER_OBJECT, KIRQL, LARGE_INTEGER, NDIS_CONFIGURATION_OBJECT, NDIS_CONFIGURATION_PARAMETER,
    NDIS_EVENT, NDIS_IO_WORKITEM_FUNCTION, NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS, NDIS_OID_REQUEST, NDIS_OPEN_PARAMETERS,
    NDIS_PARAMETER_TYPE, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, NDIS_SPIN_LOCK,
    NDIS_STATUS_INDICATION, NDIS_STRING, NET_BUFFER_LIST, NET_IFINDEX, NET_PNP_EVENT_NOTIFICATION,
    NTSTATUS, UNICODE_STRING,
};

/// `EX_POOL_PRIORITY`: a C enum (`LowPoolPriority` = 0, `NormalPoolPriority` = 16,
/// `HighPoolPriority` = 32, plus the special-pool variants), passed as a 32-bit int.
pub(super) type EX_POOL_PRIORITY = u32;

// --- NDIS.SYS ------------------------------------------------------------------------
#[link(name = "ndis")]
unsafe extern "system" {
    // Chimney state operations (ndischimney.h, ST-8).
    /// `VOID NdisInitiateOffload(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisInitiateOffload(
        NdisBindingHandle: NDIS_HANDLE,
        ProtocolOffloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisTerminateOffload(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisTerminateOffload(
        NdisBindingHandle: NDIS_HANDLE,
        ProtocolOffloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisUpdateOffload(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisUpdateOffload(
        NdisBindingHandle: NDIS_HANDLE,
        ProtocolOffloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisInvalidateOffload(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisInvalidateOffload(
        NdisBindingHandle: NDIS_HANDLE,
        ProtocolOffloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisQueryOffloadState(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisQueryOffloadState(
        NdisBindingHandle: NDIS_HANDLE,
        ProtocolOffloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisMInitiateOffloadComplete(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisMInitiateOffloadComplete(
        NdisMiniportHandle: NDIS_HANDLE,
        MiniportOffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisMTerminateOffloadComplete(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisMTerminateOffloadComplete(
        NdisMiniportHandle: NDIS_HANDLE,
        MiniportOffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisMUpdateOffloadComplete(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisMUpdateOffloadComplete(
        NdisMiniportHandle: NDIS_HANDLE,
        MiniportOffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisMInvalidateOffloadComplete(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisMInvalidateOffloadComplete(
        NdisMiniportHandle: NDIS_HANDLE,
        MiniportOffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisMQueryOffloadStateComplete(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)`.
    pub(super) fn NdisMQueryOffloadStateComplete(
        NdisMiniportHandle: NDIS_HANDLE,
        MiniportOffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// `VOID NdisMOffloadEventIndicate(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ULONG)`.
    pub(super) fn NdisMOffloadEventIndicate(
        NdisMiniportHandle: NDIS_HANDLE,
        OffloadBlockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
        IndicationCode: u32,
    );
    /// `NDIS_STATUS NdisMGetOffloadHandlers(NDIS_HANDLE, NDIS_CHIMNEY_OFFLOAD_TYPE,
    /// PNDIS_OFFLOAD_EVENT_HANDLERS *)`.
    pub(super) fn NdisMGetOffloadHandlers(
        NdisMiniportHandle: NDIS_HANDLE,
        ChimneyType: NDIS_CHIMNEY_OFFLOAD_TYPE,
        OffloadHandlers: *mut *mut NDIS_OFFLOAD_EVENT_HANDLERS,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisSetOptionalHandlers(NDIS_HANDLE, PNDIS_DRIVER_OPTIONAL_HANDLERS)`.
    pub(super) fn NdisSetOptionalHandlers(
        NdisHandle: NDIS_HANDLE,
        OptionalHandlers: *mut NDIS_DRIVER_OPTIONAL_HANDLERS,
    ) -> NDIS_STATUS;

    // Chimney data path (ST-8).
    /// `NDIS_STATUS NdisOffloadTcpSend(PNDIS_OFFLOAD_HANDLE, PNET_BUFFER_LIST)`.
    pub(super) fn NdisOffloadTcpSend(
        NdisOffloadHandle: PNDIS_OFFLOAD_HANDLE,
        NetBufferList: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisOffloadTcpReceive(PNDIS_OFFLOAD_HANDLE, PNET_BUFFER_LIST)`.
    pub(super) fn NdisOffloadTcpReceive(
        NdisOffloadHandle: PNDIS_OFFLOAD_HANDLE,
        NetBufferList: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisOffloadTcpDisconnect(PNDIS_OFFLOAD_HANDLE, PNET_BUFFER_LIST, ULONG)`.
    pub(super) fn NdisOffloadTcpDisconnect(
        NdisOffloadHandle: PNDIS_OFFLOAD_HANDLE,
        NetBufferList: *mut NET_BUFFER_LIST,
        Flags: u32,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisOffloadTcpForward(PNDIS_OFFLOAD_HANDLE, PNET_BUFFER_LIST)`.
    pub(super) fn NdisOffloadTcpForward(
        NdisOffloadHandle: PNDIS_OFFLOAD_HANDLE,
        NetBufferList: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS;
    /// `VOID NdisOffloadTcpReceiveReturn(NDIS_HANDLE, PNET_BUFFER_LIST)`.
    pub(super) fn NdisOffloadTcpReceiveReturn(
        NdisBindingHandle: NDIS_HANDLE,
        NetBufferList: *mut NET_BUFFER_LIST,
    );

    // Registration and teardown (LC-1..LC-8, LC-69).
    /// `NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT, PUNICODE_STRING,
    /// NDIS_HANDLE, PNDIS_MINIPORT_DRIVER_CHARACTERISTICS, PNDIS_HANDLE)`.
    pub(super) fn NdisMRegisterMiniportDriver(
        DriverObject: *mut DRIVER_OBJECT,
        RegistryPath: *mut UNICODE_STRING,
        MiniportDriverContext: NDIS_HANDLE,
        MiniportDriverCharacteristics: *mut NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
        NdisMiniportDriverHandle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// `VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE)`.
    pub(super) fn NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle: NDIS_HANDLE);
    /// `NDIS_STATUS NdisRegisterProtocolDriver(NDIS_HANDLE,
    /// PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS, PNDIS_HANDLE)`.
    pub(super) fn NdisRegisterProtocolDriver(
        ProtocolDriverContext: NDIS_HANDLE,
        ProtocolCharacteristics: *mut NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
        NdisProtocolHandle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// `VOID NdisDeregisterProtocolDriver(NDIS_HANDLE)`.
    pub(super) fn NdisDeregisterProtocolDriver(NdisProtocolHandle: NDIS_HANDLE);
    /// `VOID NdisIMAssociateMiniport(NDIS_HANDLE, NDIS_HANDLE)`.
    pub(super) fn NdisIMAssociateMiniport(DriverHandle: NDIS_HANDLE, ProtocolHandle: NDIS_HANDLE);

    // Binding and virtual-miniport instances (LC-10..LC-25, LC-62..LC-68).
    /// `NDIS_STATUS NdisOpenAdapterEx(NDIS_HANDLE, NDIS_HANDLE, PNDIS_OPEN_PARAMETERS,
    /// NDIS_HANDLE, PNDIS_HANDLE)`.
    pub(super) fn NdisOpenAdapterEx(
        NdisProtocolHandle: NDIS_HANDLE,
        ProtocolBindingContext: NDIS_HANDLE,
        OpenParameters: *mut NDIS_OPEN_PARAMETERS,
        BindContext: NDIS_HANDLE,
        NdisBindingHandle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisCloseAdapterEx(NDIS_HANDLE)`.
    pub(super) fn NdisCloseAdapterEx(NdisBindingHandle: NDIS_HANDLE) -> NDIS_STATUS;
    /// `VOID NdisCompleteBindAdapterEx(NDIS_HANDLE, NDIS_STATUS)`.
    pub(super) fn NdisCompleteBindAdapterEx(BindAdapterContext: NDIS_HANDLE, Status: NDIS_STATUS);
    /// `VOID NdisCompleteUnbindAdapterEx(NDIS_HANDLE)`.
    pub(super) fn NdisCompleteUnbindAdapterEx(UnbindAdapterContext: NDIS_HANDLE);
    /// `VOID NdisCompleteNetPnPEvent(NDIS_HANDLE, PNET_PNP_EVENT_NOTIFICATION, NDIS_STATUS)`.
    pub(super) fn NdisCompleteNetPnPEvent(
        NdisBindingHandle: NDIS_HANDLE,
        NetPnPEventNotification: *mut NET_PNP_EVENT_NOTIFICATION,
        Status: NDIS_STATUS,
    );
    /// `NDIS_STATUS NdisMNetPnPEvent(NDIS_HANDLE, PNET_PNP_EVENT_NOTIFICATION)`.
    pub(super) fn NdisMNetPnPEvent(
        MiniportAdapterHandle: NDIS_HANDLE,
        NetPnPEventNotification: *mut NET_PNP_EVENT_NOTIFICATION,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisIfAddIfStackEntry(NET_IFINDEX, NET_IFINDEX)`.
    pub(super) fn NdisIfAddIfStackEntry(
        HigherLayerIfIndex: NET_IFINDEX,
        LowerLayerIfIndex: NET_IFINDEX,
    ) -> NDIS_STATUS;
    /// `VOID NdisIfDeleteIfStackEntry(NET_IFINDEX, NET_IFINDEX)`.
    pub(super) fn NdisIfDeleteIfStackEntry(
        HigherLayerIfIndex: NET_IFINDEX,
        LowerLayerIfIndex: NET_IFINDEX,
    );
    /// `NDIS_STATUS NdisIMInitializeDeviceInstanceEx(NDIS_HANDLE, PNDIS_STRING, NDIS_HANDLE)`.
    pub(super) fn NdisIMInitializeDeviceInstanceEx(
        DriverHandle: NDIS_HANDLE,
        DriverInstance: *mut NDIS_STRING,
        DeviceContext: NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisIMCancelInitializeDeviceInstance(NDIS_HANDLE, PNDIS_STRING)`.
    pub(super) fn NdisIMCancelInitializeDeviceInstance(
        DriverHandle: NDIS_HANDLE,
        DeviceInstance: *mut NDIS_STRING,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisIMDeInitializeDeviceInstance(NDIS_HANDLE)`.
    pub(super) fn NdisIMDeInitializeDeviceInstance(NdisMiniportHandle: NDIS_HANDLE) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE, PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)`.
    pub(super) fn NdisMSetMiniportAttributes(
        NdisMiniportHandle: NDIS_HANDLE,
        MiniportAttributes: *mut NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
    ) -> NDIS_STATUS;
    /// `VOID NdisMPauseComplete(NDIS_HANDLE)`.
    pub(super) fn NdisMPauseComplete(MiniportAdapterHandle: NDIS_HANDLE);
    /// `VOID NdisMRestartComplete(NDIS_HANDLE, NDIS_STATUS)`.
    pub(super) fn NdisMRestartComplete(MiniportAdapterHandle: NDIS_HANDLE, Status: NDIS_STATUS);
    /// `NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT, PNDIS_HANDLE)`.
    pub(super) fn NdisOpenConfigurationEx(
        ConfigObject: *mut NDIS_CONFIGURATION_OBJECT,
        ConfigurationHandle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// `VOID NdisReadConfiguration(PNDIS_STATUS, PNDIS_CONFIGURATION_PARAMETER *,
    /// NDIS_HANDLE, PNDIS_STRING, NDIS_PARAMETER_TYPE)`.
    pub(super) fn NdisReadConfiguration(
        Status: *mut NDIS_STATUS,
        ParameterValue: *mut *mut NDIS_CONFIGURATION_PARAMETER,
        ConfigurationHandle: NDIS_HANDLE,
        Keyword: *mut NDIS_STRING,
        ParameterType: NDIS_PARAMETER_TYPE,
    );
    /// `VOID NdisCloseConfiguration(NDIS_HANDLE)`.
    pub(super) fn NdisCloseConfiguration(ConfigurationHandle: NDIS_HANDLE);

    // Data and requests (LC-36..LC-56).
    /// `VOID NdisSendNetBufferLists(NDIS_HANDLE, PNET_BUFFER_LIST, NDIS_PORT_NUMBER, ULONG)`.
    pub(super) fn NdisSendNetBufferLists(
        NdisBindingHandle: NDIS_HANDLE,
        NetBufferLists: *mut NET_BUFFER_LIST,
        PortNumber: NDIS_PORT_NUMBER,
        SendFlags: u32,
    );
    /// `VOID NdisCancelSendNetBufferLists(NDIS_HANDLE, PVOID)`.
    pub(super) fn NdisCancelSendNetBufferLists(NdisBindingHandle: NDIS_HANDLE, CancelId: PVOID);
    /// `VOID NdisMSendNetBufferListsComplete(NDIS_HANDLE, PNET_BUFFER_LIST, ULONG)`.
    pub(super) fn NdisMSendNetBufferListsComplete(
        MiniportAdapterHandle: NDIS_HANDLE,
        NetBufferLists: *mut NET_BUFFER_LIST,
        SendCompleteFlags: u32,
    );
    /// `VOID NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE, PNET_BUFFER_LIST,
    /// NDIS_PORT_NUMBER, ULONG, ULONG)`.
    pub(super) fn NdisMIndicateReceiveNetBufferLists(
        MiniportAdapterHandle: NDIS_HANDLE,
        NetBufferLists: *mut NET_BUFFER_LIST,
        PortNumber: NDIS_PORT_NUMBER,
        NumberOfNetBufferLists: u32,
        ReceiveFlags: u32,
    );
    /// `VOID NdisReturnNetBufferLists(NDIS_HANDLE, PNET_BUFFER_LIST, ULONG)`.
    pub(super) fn NdisReturnNetBufferLists(
        NdisBindingHandle: NDIS_HANDLE,
        NetBufferLists: *mut NET_BUFFER_LIST,
        ReturnFlags: u32,
    );
    /// `NDIS_STATUS NdisAllocateNetBufferListContext(PNET_BUFFER_LIST, USHORT, USHORT, ULONG)`.
    pub(super) fn NdisAllocateNetBufferListContext(
        NetBufferList: *mut NET_BUFFER_LIST,
        ContextSize: u16,
        ContextBackFill: u16,
        PoolTag: u32,
    ) -> NDIS_STATUS;
    /// `VOID NdisFreeNetBufferListContext(PNET_BUFFER_LIST, USHORT)`.
    pub(super) fn NdisFreeNetBufferListContext(
        NetBufferList: *mut NET_BUFFER_LIST,
        ContextSize: u16,
    );
    /// `NDIS_STATUS NdisOidRequest(NDIS_HANDLE, PNDIS_OID_REQUEST)`.
    pub(super) fn NdisOidRequest(
        NdisBindingHandle: NDIS_HANDLE,
        OidRequest: *mut NDIS_OID_REQUEST,
    ) -> NDIS_STATUS;
    /// `NDIS_STATUS NdisAllocateCloneOidRequest(NDIS_HANDLE, PNDIS_OID_REQUEST, UINT,
    /// PNDIS_OID_REQUEST *)`.
    pub(super) fn NdisAllocateCloneOidRequest(
        SourceHandle: NDIS_HANDLE,
        OidRequest: *mut NDIS_OID_REQUEST,
        PoolTag: u32,
        CloneOidRequest: *mut *mut NDIS_OID_REQUEST,
    ) -> NDIS_STATUS;
    /// `VOID NdisFreeCloneOidRequest(NDIS_HANDLE, PNDIS_OID_REQUEST)`.
    pub(super) fn NdisFreeCloneOidRequest(
        SourceHandle: NDIS_HANDLE,
        Request: *mut NDIS_OID_REQUEST,
    );
    /// `VOID NdisCancelOidRequest(NDIS_HANDLE, PVOID)`.
    pub(super) fn NdisCancelOidRequest(NdisBindingHandle: NDIS_HANDLE, RequestId: PVOID);
    /// `VOID NdisMOidRequestComplete(NDIS_HANDLE, PNDIS_OID_REQUEST, NDIS_STATUS)`.
    pub(super) fn NdisMOidRequestComplete(
        MiniportAdapterHandle: NDIS_HANDLE,
        OidRequest: *mut NDIS_OID_REQUEST,
        Status: NDIS_STATUS,
    );
    /// `VOID NdisMIndicateStatusEx(NDIS_HANDLE, PNDIS_STATUS_INDICATION)`.
    pub(super) fn NdisMIndicateStatusEx(
        MiniportAdapterHandle: NDIS_HANDLE,
        StatusIndication: *mut NDIS_STATUS_INDICATION,
    );

    // Services.
    /// `PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE, UINT, ULONG, EX_POOL_PRIORITY)`.
    pub(super) fn NdisAllocateMemoryWithTagPriority(
        NdisHandle: NDIS_HANDLE,
        Length: u32,
        Tag: u32,
        Priority: EX_POOL_PRIORITY,
    ) -> PVOID;
    /// `VOID NdisFreeMemory(PVOID, UINT, UINT)`.
    pub(super) fn NdisFreeMemory(VirtualAddress: PVOID, Length: u32, MemoryFlags: u32);
    /// `VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK)`.
    pub(super) fn NdisAllocateSpinLock(SpinLock: *mut NDIS_SPIN_LOCK);
    /// `VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK)`.
    pub(super) fn NdisFreeSpinLock(SpinLock: *mut NDIS_SPIN_LOCK);
    /// `VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK)`: raises to DISPATCH_LEVEL.
    pub(super) fn NdisAcquireSpinLock(SpinLock: *mut NDIS_SPIN_LOCK);
    /// `VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK)`.
    pub(super) fn NdisReleaseSpinLock(SpinLock: *mut NDIS_SPIN_LOCK);
    /// `VOID NdisInitializeEvent(PNDIS_EVENT)`.
    pub(super) fn NdisInitializeEvent(Event: *mut NDIS_EVENT);
    /// `VOID NdisSetEvent(PNDIS_EVENT)`.
    pub(super) fn NdisSetEvent(Event: *mut NDIS_EVENT);
    /// `VOID NdisResetEvent(PNDIS_EVENT)`.
    pub(super) fn NdisResetEvent(Event: *mut NDIS_EVENT);
    /// `BOOLEAN NdisWaitEvent(PNDIS_EVENT, UINT)`.
    pub(super) fn NdisWaitEvent(Event: *mut NDIS_EVENT, MsToWait: u32) -> u8;
    /// `NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE)`.
    pub(super) fn NdisAllocateIoWorkItem(NdisObjectHandle: NDIS_HANDLE) -> NDIS_HANDLE;
    /// `VOID NdisQueueIoWorkItem(NDIS_HANDLE, NDIS_IO_WORKITEM_ROUTINE, PVOID)`.
    pub(super) fn NdisQueueIoWorkItem(
        NdisIoWorkItemHandle: NDIS_HANDLE,
        Routine: NDIS_IO_WORKITEM_FUNCTION,
        WorkItemContext: *mut c_void,
    );
    /// `VOID NdisFreeIoWorkItem(NDIS_HANDLE)`.
    pub(super) fn NdisFreeIoWorkItem(NdisIoWorkItemHandle: NDIS_HANDLE);
    /// `VOID NdisGetCurrentSystemTime(PLARGE_INTEGER)`.
    pub(super) fn NdisGetCurrentSystemTime(pSystemTime: *mut LARGE_INTEGER);
    /// `VOID NdisMSleep(ULONG)`.
    pub(super) fn NdisMSleep(MicrosecondsToSleep: u32);
}

// --- ntoskrnl.exe ------------------------------------------------------------------
#[link(name = "ntoskrnl")]
unsafe extern "system" {
    /// `NTSTATUS IoAllocateDriverObjectExtension(PDRIVER_OBJECT, PVOID, ULONG, PVOID *)`.
    pub(super) fn IoAllocateDriverObjectExtension(
        DriverObject: *mut DRIVER_OBJECT,
        ClientIdentificationAddress: PVOID,
        DriverObjectExtensionSize: u32,
        DriverObjectExtension: *mut PVOID,
    ) -> NTSTATUS;
    /// `PVOID IoGetDriverObjectExtension(PDRIVER_OBJECT, PVOID)`.
    pub(super) fn IoGetDriverObjectExtension(
        DriverObject: *mut DRIVER_OBJECT,
        ClientIdentificationAddress: PVOID,
    ) -> PVOID;
    /// `VOID KeBugCheckEx(ULONG, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR)`: the panic
    /// handler's way out (a panic in the kernel is a bugcheck).
    pub(super) fn KeBugCheckEx(
        BugCheckCode: u32,
        BugCheckParameter1: usize,
        BugCheckParameter2: usize,
        BugCheckParameter3: usize,
        BugCheckParameter4: usize,
    ) -> !;
}

// --- HAL.dll (x86 only) --------------------------------------------------------------
#[cfg(target_arch = "x86")]
#[link(name = "hal")]
unsafe extern "system" {
    /// `KIRQL NTAPI KeGetCurrentIrql(VOID)` (`NTHALAPI` on x86).
    pub(super) fn KeGetCurrentIrql() -> KIRQL;
    /// `KIRQL KeRaiseIrqlToDpcLevel(VOID)` (`_DECL_HAL_KE_IMPORT`, `__stdcall` under `/Gz`).
    pub(super) fn KeRaiseIrqlToDpcLevel() -> KIRQL;
}

#[cfg(target_arch = "x86")]
#[link(name = "hal")]
unsafe extern "fastcall" {
    /// `VOID FASTCALL KfLowerIrql(KIRQL)`: `NewIrql` in CL.
    pub(super) fn KfLowerIrql(NewIrql: KIRQL);
}

/// `#define KeLowerIrql(a) KfLowerIrql(a)` (wdm.h, x86).
///
/// # Safety
///
/// `NewIrql` is the IRQL saved by the matching raise and not above the current IRQL
/// (KeLowerIrql's contract).
#[cfg(target_arch = "x86")]
#[inline]
pub(super) unsafe fn KeLowerIrql(NewIrql: KIRQL) {
    // SAFETY: the caller meets KeLowerIrql's contract, which is KfLowerIrql's.
    unsafe { KfLowerIrql(NewIrql) }
}

// --- x64: wdm.h's inline IRQL functions (CR8) -----------------------------------------

/// `ReadCR8()`: the current IRQL is the low four bits of CR8 (the rest are zero).
///
/// # Safety
///
/// Kernel mode only (CPL 0); the driver never runs anywhere else.
#[cfg(target_arch = "x86_64")]
#[inline]
unsafe fn read_cr8() -> u64 {
    let cr8: u64;
    // SAFETY: reading CR8 is a privileged but side-effect-free instruction, legal at
    // CPL 0 where the caller runs; it touches no memory and no flags.
    unsafe {
        core::arch::asm!("mov {}, cr8", out(reg) cr8, options(nomem, nostack, preserves_flags));
    }
    cr8
}

/// `WriteCR8(value)`: set the IRQL of the current processor.
///
/// Not `nomem`: like the WDK's `__writecr8`, the write is a compiler barrier, so no
/// memory access protected by the new IRQL moves across it.
///
/// # Safety
///
/// Kernel mode only, and `value` obeys the raise/lower rules of the caller.
#[cfg(target_arch = "x86_64")]
#[inline]
unsafe fn write_cr8(value: u64) {
    // SAFETY: writing CR8 at CPL 0 is legal; the caller guarantees the IRQL change is
    // a valid raise or lower. Memory is deliberately not declared untouched (barrier).
    unsafe {
        core::arch::asm!("mov cr8, {}", in(reg) value, options(nostack, preserves_flags));
    }
}

/// `KeGetCurrentIrql()` of wdm.h on x64: `(KIRQL)ReadCR8()`.
///
/// # Safety
///
/// Kernel mode only.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(super) unsafe fn KeGetCurrentIrql() -> KIRQL {
    // SAFETY: the caller runs in kernel mode.
    let cr8 = unsafe { read_cr8() };
    cr8 as KIRQL
}

/// `KeRaiseIrqlToDpcLevel()` of wdm.h on x64: read CR8, write DISPATCH_LEVEL, return the
/// old IRQL (the header's `NT_ASSERT(OldIrql <= DISPATCH_LEVEL)` is a debug assertion).
///
/// # Safety
///
/// Kernel mode, at IRQL ≤ DISPATCH_LEVEL.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(super) unsafe fn KeRaiseIrqlToDpcLevel() -> KIRQL {
    // SAFETY: the caller runs in kernel mode.
    let old = unsafe { KeGetCurrentIrql() };
    debug_assert!(
        old <= crate::ndis::DISPATCH_LEVEL,
        "KeRaiseIrqlToDpcLevel above DISPATCH_LEVEL"
    );
    // SAFETY: raising from ≤ DISPATCH_LEVEL to DISPATCH_LEVEL is a valid raise.
    unsafe { write_cr8(u64::from(crate::ndis::DISPATCH_LEVEL)) };
    old
}

/// `KeLowerIrql(NewIrql)` of wdm.h on x64: `WriteCR8(NewIrql)` (the header's
/// `NT_ASSERT(KeGetCurrentIrql() >= NewIrql)` is a debug assertion).
///
/// # Safety
///
/// Kernel mode; `NewIrql` is not above the current IRQL.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(super) unsafe fn KeLowerIrql(NewIrql: KIRQL) {
    debug_assert!(
        // SAFETY: the caller runs in kernel mode.
        unsafe { KeGetCurrentIrql() } >= NewIrql,
        "KeLowerIrql above the current IRQL"
    );
    // SAFETY: the caller guarantees this is a lower (or no change).
    unsafe { write_cr8(u64::from(NewIrql)) };
}
