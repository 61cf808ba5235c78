//! The Windows kernel platform: [`KernelNdis`] implements the [`Ndis`] seam by
//! forwarding each function to its real import, so every handler instantiated with
//! `KernelNdis` runs against NDIS.SYS (ARCHITECTURE.md, "The platform seam").
//!
//! The imports are declared by hand in the private `imports` module (wdk-sys has no
//! NDIS bindings); nothing outside this module can reach them, so this is the only
//! code in the driver that calls NDIS.SYS, ntoskrnl.exe or HAL.dll. The exported
//! names and x86 argument sizes are mirrored in `lib/*.def`, from which
//! `.ci/import-libs.sh` makes import libraries, and `tests/inf-check` checks that the
//! two agree.
//!
//! Compiled only for `target_os = "windows"` (x86 and x64). It needs no WDK: linking
//! the `.sys` needs ndis.lib, ntoskrnl.lib and (x86) hal.lib, which `#[link]` names.

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
use crate::platform::Ndis;

#[cfg(any(feature = "kernel", feature = "link-check"))]
mod entry;
mod imports;

/// Stop the machine with `code` (the panic handler's way out; `KeBugCheckEx`).
pub fn bugcheck(code: u32) -> ! {
    // SAFETY: KeBugCheckEx is callable at any IRQL and never returns.
    unsafe { imports::KeBugCheckEx(code, 0, 0, 0, 0) }
}

/// The kernel implementation of [`Ndis`]: zero-sized, every function a direct call of
/// the NDIS.SYS / ntoskrnl.exe / HAL.dll import of the same name (or, for the IRQL
/// functions on x64, of wdm.h's inline equivalent).
#[derive(Clone, Copy, Debug, Default)]
pub struct KernelNdis;

impl Ndis for KernelNdis {
    /// Forwards to the NDIS.SYS export `NdisInitiateOffload`.
    unsafe fn ndis_initiate_offload(binding: NDIS_HANDLE, tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {
        // SAFETY: the caller meets NdisInitiateOffload's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisInitiateOffload(binding, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisTerminateOffload`.
    unsafe fn ndis_terminate_offload(
        binding: NDIS_HANDLE,
        tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: the caller meets NdisTerminateOffload's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisTerminateOffload(binding, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisUpdateOffload`.
    unsafe fn ndis_update_offload(binding: NDIS_HANDLE, tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {
        // SAFETY: the caller meets NdisUpdateOffload's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisUpdateOffload(binding, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisInvalidateOffload`.
    unsafe fn ndis_invalidate_offload(
        binding: NDIS_HANDLE,
        tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: the caller meets NdisInvalidateOffload's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisInvalidateOffload(binding, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisQueryOffloadState`.
    unsafe fn ndis_query_offload_state(
        binding: NDIS_HANDLE,
        tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: the caller meets NdisQueryOffloadState's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisQueryOffloadState(binding, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisMInitiateOffloadComplete`.
    unsafe fn ndis_m_initiate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: the caller meets NdisMInitiateOffloadComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMInitiateOffloadComplete(miniport, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisMTerminateOffloadComplete`.
    unsafe fn ndis_m_terminate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: the caller meets NdisMTerminateOffloadComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMTerminateOffloadComplete(miniport, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisMUpdateOffloadComplete`.
    unsafe fn ndis_m_update_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: the caller meets NdisMUpdateOffloadComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMUpdateOffloadComplete(miniport, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisMInvalidateOffloadComplete`.
    unsafe fn ndis_m_invalidate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: the caller meets NdisMInvalidateOffloadComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMInvalidateOffloadComplete(miniport, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisMQueryOffloadStateComplete`.
    unsafe fn ndis_m_query_offload_state_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: the caller meets NdisMQueryOffloadStateComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMQueryOffloadStateComplete(miniport, tree) }
    }

    /// Forwards to the NDIS.SYS export `NdisMOffloadEventIndicate`.
    unsafe fn ndis_m_offload_event_indicate(
        miniport: NDIS_HANDLE,
        block: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
        indication_code: u32,
    ) {
        // SAFETY: the caller meets NdisMOffloadEventIndicate's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMOffloadEventIndicate(miniport, block, indication_code) }
    }

    /// Forwards to the NDIS.SYS export `NdisMGetOffloadHandlers`.
    unsafe fn ndis_m_get_offload_handlers(
        miniport: NDIS_HANDLE,
        chimney_type: NDIS_CHIMNEY_OFFLOAD_TYPE,
        handlers: *mut *mut NDIS_OFFLOAD_EVENT_HANDLERS,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisMGetOffloadHandlers's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMGetOffloadHandlers(miniport, chimney_type, handlers) }
    }

    /// Forwards to the NDIS.SYS export `NdisSetOptionalHandlers`.
    unsafe fn ndis_set_optional_handlers(
        driver: NDIS_HANDLE,
        handlers: *mut NDIS_DRIVER_OPTIONAL_HANDLERS,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisSetOptionalHandlers's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisSetOptionalHandlers(driver, handlers) }
    }

    /// Forwards to the NDIS.SYS export `NdisOffloadTcpSend`.
    unsafe fn ndis_offload_tcp_send(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisOffloadTcpSend's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisOffloadTcpSend(handle, nbl) }
    }

    /// Forwards to the NDIS.SYS export `NdisOffloadTcpReceive`.
    unsafe fn ndis_offload_tcp_receive(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisOffloadTcpReceive's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisOffloadTcpReceive(handle, nbl) }
    }

    /// Forwards to the NDIS.SYS export `NdisOffloadTcpDisconnect`.
    unsafe fn ndis_offload_tcp_disconnect(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        flags: u32,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisOffloadTcpDisconnect's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisOffloadTcpDisconnect(handle, nbl, flags) }
    }

    /// Forwards to the NDIS.SYS export `NdisOffloadTcpForward`.
    unsafe fn ndis_offload_tcp_forward(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisOffloadTcpForward's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisOffloadTcpForward(handle, nbl) }
    }

    /// Forwards to the NDIS.SYS export `NdisOffloadTcpReceiveReturn`.
    unsafe fn ndis_offload_tcp_receive_return(binding: NDIS_HANDLE, nbl: *mut NET_BUFFER_LIST) {
        // SAFETY: the caller meets NdisOffloadTcpReceiveReturn's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisOffloadTcpReceiveReturn(binding, nbl) }
    }

    /// Forwards to the NDIS.SYS export `NdisMRegisterMiniportDriver`.
    unsafe fn ndis_m_register_miniport_driver(
        driver_object: *mut DRIVER_OBJECT,
        registry_path: *mut UNICODE_STRING,
        miniport_driver_context: NDIS_HANDLE,
        characteristics: *mut NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
        miniport_driver_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisMRegisterMiniportDriver's contract (trait `Ndis`); WDK signature.
        unsafe {
            imports::NdisMRegisterMiniportDriver(
                driver_object,
                registry_path,
                miniport_driver_context,
                characteristics,
                miniport_driver_handle,
            )
        }
    }

    /// Forwards to the NDIS.SYS export `NdisMDeregisterMiniportDriver`.
    unsafe fn ndis_m_deregister_miniport_driver(miniport_driver_handle: NDIS_HANDLE) {
        // SAFETY: the caller meets NdisMDeregisterMiniportDriver's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMDeregisterMiniportDriver(miniport_driver_handle) }
    }

    /// Forwards to the NDIS.SYS export `NdisRegisterProtocolDriver`.
    unsafe fn ndis_register_protocol_driver(
        protocol_driver_context: NDIS_HANDLE,
        characteristics: *mut NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
        protocol_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisRegisterProtocolDriver's contract (trait `Ndis`); WDK signature.
        unsafe {
            imports::NdisRegisterProtocolDriver(
                protocol_driver_context,
                characteristics,
                protocol_handle,
            )
        }
    }

    /// Forwards to the NDIS.SYS export `NdisDeregisterProtocolDriver`.
    unsafe fn ndis_deregister_protocol_driver(protocol_handle: NDIS_HANDLE) {
        // SAFETY: the caller meets NdisDeregisterProtocolDriver's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisDeregisterProtocolDriver(protocol_handle) }
    }

    /// Forwards to the NDIS.SYS export `NdisIMAssociateMiniport`.
    unsafe fn ndis_im_associate_miniport(driver_handle: NDIS_HANDLE, protocol_handle: NDIS_HANDLE) {
        // SAFETY: the caller meets NdisIMAssociateMiniport's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisIMAssociateMiniport(driver_handle, protocol_handle) }
    }

    /// Forwards to the ntoskrnl.exe export `IoAllocateDriverObjectExtension`.
    unsafe fn io_allocate_driver_object_extension(
        driver_object: *mut DRIVER_OBJECT,
        client_identification_address: PVOID,
        size: u32,
        extension: *mut PVOID,
    ) -> NTSTATUS {
        // SAFETY: the caller meets IoAllocateDriverObjectExtension's contract (trait `Ndis`); WDK signature.
        unsafe {
            imports::IoAllocateDriverObjectExtension(
                driver_object,
                client_identification_address,
                size,
                extension,
            )
        }
    }

    /// Forwards to the ntoskrnl.exe export `IoGetDriverObjectExtension`.
    unsafe fn io_get_driver_object_extension(
        driver_object: *mut DRIVER_OBJECT,
        client_identification_address: PVOID,
    ) -> PVOID {
        // SAFETY: the caller meets IoGetDriverObjectExtension's contract (trait `Ndis`); WDK signature.
        unsafe { imports::IoGetDriverObjectExtension(driver_object, client_identification_address) }
    }

    /// Forwards to the NDIS.SYS export `NdisOpenAdapterEx`.
    unsafe fn ndis_open_adapter_ex(
        protocol_handle: NDIS_HANDLE,
        protocol_binding_context: NDIS_HANDLE,
        open_parameters: *mut NDIS_OPEN_PARAMETERS,
        bind_context: NDIS_HANDLE,
        binding_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisOpenAdapterEx's contract (trait `Ndis`); WDK signature.
        unsafe {
            imports::NdisOpenAdapterEx(
                protocol_handle,
                protocol_binding_context,
                open_parameters,
                bind_context,
                binding_handle,
            )
        }
    }

    /// Forwards to the NDIS.SYS export `NdisCloseAdapterEx`.
    unsafe fn ndis_close_adapter_ex(binding: NDIS_HANDLE) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisCloseAdapterEx's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisCloseAdapterEx(binding) }
    }

    /// Forwards to the NDIS.SYS export `NdisCompleteBindAdapterEx`.
    unsafe fn ndis_complete_bind_adapter_ex(bind_context: NDIS_HANDLE, status: NDIS_STATUS) {
        // SAFETY: the caller meets NdisCompleteBindAdapterEx's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisCompleteBindAdapterEx(bind_context, status) }
    }

    /// Forwards to the NDIS.SYS export `NdisCompleteUnbindAdapterEx`.
    unsafe fn ndis_complete_unbind_adapter_ex(unbind_context: NDIS_HANDLE) {
        // SAFETY: the caller meets NdisCompleteUnbindAdapterEx's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisCompleteUnbindAdapterEx(unbind_context) }
    }

    /// Forwards to the NDIS.SYS export `NdisCompleteNetPnPEvent`.
    unsafe fn ndis_complete_net_pnp_event(
        binding: NDIS_HANDLE,
        notification: *mut NET_PNP_EVENT_NOTIFICATION,
        status: NDIS_STATUS,
    ) {
        // SAFETY: the caller meets NdisCompleteNetPnPEvent's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisCompleteNetPnPEvent(binding, notification, status) }
    }

    /// Forwards to the NDIS.SYS export `NdisMNetPnPEvent`.
    unsafe fn ndis_m_net_pnp_event(
        miniport: NDIS_HANDLE,
        notification: *mut NET_PNP_EVENT_NOTIFICATION,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisMNetPnPEvent's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMNetPnPEvent(miniport, notification) }
    }

    /// Forwards to the NDIS.SYS export `NdisIfAddIfStackEntry`.
    unsafe fn ndis_if_add_if_stack_entry(higher: NET_IFINDEX, lower: NET_IFINDEX) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisIfAddIfStackEntry's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisIfAddIfStackEntry(higher, lower) }
    }

    /// Forwards to the NDIS.SYS export `NdisIfDeleteIfStackEntry`.
    unsafe fn ndis_if_delete_if_stack_entry(higher: NET_IFINDEX, lower: NET_IFINDEX) {
        // SAFETY: the caller meets NdisIfDeleteIfStackEntry's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisIfDeleteIfStackEntry(higher, lower) }
    }

    /// Forwards to the NDIS.SYS export `NdisIMInitializeDeviceInstanceEx`.
    unsafe fn ndis_im_initialize_device_instance_ex(
        driver_handle: NDIS_HANDLE,
        driver_instance: *mut NDIS_STRING,
        device_context: NDIS_HANDLE,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisIMInitializeDeviceInstanceEx's contract (trait `Ndis`); WDK signature.
        unsafe {
            imports::NdisIMInitializeDeviceInstanceEx(
                driver_handle,
                driver_instance,
                device_context,
            )
        }
    }

    /// Forwards to the NDIS.SYS export `NdisIMCancelInitializeDeviceInstance`.
    unsafe fn ndis_im_cancel_initialize_device_instance(
        driver_handle: NDIS_HANDLE,
        device_instance: *mut NDIS_STRING,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisIMCancelInitializeDeviceInstance's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisIMCancelInitializeDeviceInstance(driver_handle, device_instance) }
    }

    /// Forwards to the NDIS.SYS export `NdisIMDeInitializeDeviceInstance`.
    unsafe fn ndis_im_deinitialize_device_instance(miniport: NDIS_HANDLE) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisIMDeInitializeDeviceInstance's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisIMDeInitializeDeviceInstance(miniport) }
    }

    /// Forwards to the NDIS.SYS export `NdisMSetMiniportAttributes`.
    unsafe fn ndis_m_set_miniport_attributes(
        miniport: NDIS_HANDLE,
        attributes: *mut NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisMSetMiniportAttributes's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMSetMiniportAttributes(miniport, attributes) }
    }

    /// Forwards to the NDIS.SYS export `NdisMPauseComplete`.
    unsafe fn ndis_m_pause_complete(miniport: NDIS_HANDLE) {
        // SAFETY: the caller meets NdisMPauseComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMPauseComplete(miniport) }
    }

    /// Forwards to the NDIS.SYS export `NdisMRestartComplete`.
    unsafe fn ndis_m_restart_complete(miniport: NDIS_HANDLE, status: NDIS_STATUS) {
        // SAFETY: the caller meets NdisMRestartComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMRestartComplete(miniport, status) }
    }

    /// Forwards to the NDIS.SYS export `NdisOpenConfigurationEx`.
    unsafe fn ndis_open_configuration_ex(
        object: *mut NDIS_CONFIGURATION_OBJECT,
        handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisOpenConfigurationEx's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisOpenConfigurationEx(object, handle) }
    }

    /// Forwards to the NDIS.SYS export `NdisReadConfiguration`.
    unsafe fn ndis_read_configuration(
        status: *mut NDIS_STATUS,
        value: *mut *mut NDIS_CONFIGURATION_PARAMETER,
        handle: NDIS_HANDLE,
        keyword: *mut NDIS_STRING,
        parameter_type: NDIS_PARAMETER_TYPE,
    ) {
        // SAFETY: the caller meets NdisReadConfiguration's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisReadConfiguration(status, value, handle, keyword, parameter_type) }
    }

    /// Forwards to the NDIS.SYS export `NdisCloseConfiguration`.
    unsafe fn ndis_close_configuration(handle: NDIS_HANDLE) {
        // SAFETY: the caller meets NdisCloseConfiguration's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisCloseConfiguration(handle) }
    }

    /// Forwards to the NDIS.SYS export `NdisSendNetBufferLists`.
    unsafe fn ndis_send_net_buffer_lists(
        binding: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        port: NDIS_PORT_NUMBER,
        send_flags: u32,
    ) {
        // SAFETY: the caller meets NdisSendNetBufferLists's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisSendNetBufferLists(binding, nbl, port, send_flags) }
    }

    /// Forwards to the NDIS.SYS export `NdisCancelSendNetBufferLists`.
    unsafe fn ndis_cancel_send_net_buffer_lists(binding: NDIS_HANDLE, cancel_id: PVOID) {
        // SAFETY: the caller meets NdisCancelSendNetBufferLists's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisCancelSendNetBufferLists(binding, cancel_id) }
    }

    /// Forwards to the NDIS.SYS export `NdisMSendNetBufferListsComplete`.
    unsafe fn ndis_m_send_net_buffer_lists_complete(
        miniport: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        send_complete_flags: u32,
    ) {
        // SAFETY: the caller meets NdisMSendNetBufferListsComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMSendNetBufferListsComplete(miniport, nbl, send_complete_flags) }
    }

    /// Forwards to the NDIS.SYS export `NdisMIndicateReceiveNetBufferLists`.
    unsafe fn ndis_m_indicate_receive_net_buffer_lists(
        miniport: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        port: NDIS_PORT_NUMBER,
        number_of_nbls: u32,
        receive_flags: u32,
    ) {
        // SAFETY: the caller meets NdisMIndicateReceiveNetBufferLists's contract (trait `Ndis`); WDK signature.
        unsafe {
            imports::NdisMIndicateReceiveNetBufferLists(
                miniport,
                nbl,
                port,
                number_of_nbls,
                receive_flags,
            );
        }
    }

    /// Forwards to the NDIS.SYS export `NdisReturnNetBufferLists`.
    unsafe fn ndis_return_net_buffer_lists(
        binding: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        return_flags: u32,
    ) {
        // SAFETY: the caller meets NdisReturnNetBufferLists's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisReturnNetBufferLists(binding, nbl, return_flags) }
    }

    /// Forwards to the NDIS.SYS export `NdisAllocateNetBufferListContext`.
    unsafe fn ndis_allocate_net_buffer_list_context(
        nbl: *mut NET_BUFFER_LIST,
        context_size: u16,
        context_backfill: u16,
        pool_tag: u32,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisAllocateNetBufferListContext's contract (trait `Ndis`); WDK signature.
        unsafe {
            imports::NdisAllocateNetBufferListContext(nbl, context_size, context_backfill, pool_tag)
        }
    }

    /// Forwards to the NDIS.SYS export `NdisFreeNetBufferListContext`.
    unsafe fn ndis_free_net_buffer_list_context(nbl: *mut NET_BUFFER_LIST, context_size: u16) {
        // SAFETY: the caller meets NdisFreeNetBufferListContext's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisFreeNetBufferListContext(nbl, context_size) }
    }

    /// Forwards to the NDIS.SYS export `NdisOidRequest`.
    unsafe fn ndis_oid_request(
        binding: NDIS_HANDLE,
        request: *mut NDIS_OID_REQUEST,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisOidRequest's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisOidRequest(binding, request) }
    }

    /// Forwards to the NDIS.SYS export `NdisAllocateCloneOidRequest`.
    unsafe fn ndis_allocate_clone_oid_request(
        source_handle: NDIS_HANDLE,
        request: *mut NDIS_OID_REQUEST,
        pool_tag: u32,
        clone: *mut *mut NDIS_OID_REQUEST,
    ) -> NDIS_STATUS {
        // SAFETY: the caller meets NdisAllocateCloneOidRequest's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisAllocateCloneOidRequest(source_handle, request, pool_tag, clone) }
    }

    /// Forwards to the NDIS.SYS export `NdisFreeCloneOidRequest`.
    unsafe fn ndis_free_clone_oid_request(
        source_handle: NDIS_HANDLE,
        clone: *mut NDIS_OID_REQUEST,
    ) {
        // SAFETY: the caller meets NdisFreeCloneOidRequest's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisFreeCloneOidRequest(source_handle, clone) }
    }

    /// Forwards to the NDIS.SYS export `NdisCancelOidRequest`.
    unsafe fn ndis_cancel_oid_request(binding: NDIS_HANDLE, request_id: PVOID) {
        // SAFETY: the caller meets NdisCancelOidRequest's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisCancelOidRequest(binding, request_id) }
    }

    /// Forwards to the NDIS.SYS export `NdisMOidRequestComplete`.
    unsafe fn ndis_m_oid_request_complete(
        miniport: NDIS_HANDLE,
        request: *mut NDIS_OID_REQUEST,
        status: NDIS_STATUS,
    ) {
        // SAFETY: the caller meets NdisMOidRequestComplete's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMOidRequestComplete(miniport, request, status) }
    }

    /// Forwards to the NDIS.SYS export `NdisMIndicateStatusEx`.
    unsafe fn ndis_m_indicate_status_ex(
        miniport: NDIS_HANDLE,
        indication: *mut NDIS_STATUS_INDICATION,
    ) {
        // SAFETY: the caller meets NdisMIndicateStatusEx's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMIndicateStatusEx(miniport, indication) }
    }

    /// Forwards to the NDIS.SYS export `NdisAllocateMemoryWithTagPriority`.
    unsafe fn ndis_allocate_memory_with_tag_priority(
        handle: NDIS_HANDLE,
        length: u32,
        tag: u32,
        priority: u32,
    ) -> PVOID {
        // SAFETY: the caller meets NdisAllocateMemoryWithTagPriority's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisAllocateMemoryWithTagPriority(handle, length, tag, priority) }
    }

    /// Forwards to the NDIS.SYS export `NdisFreeMemory`.
    unsafe fn ndis_free_memory(memory: PVOID, length: u32, memory_flags: u32) {
        // SAFETY: the caller meets NdisFreeMemory's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisFreeMemory(memory, length, memory_flags) }
    }

    /// Forwards to the NDIS.SYS export `NdisAllocateSpinLock`.
    unsafe fn ndis_allocate_spin_lock(lock: *mut NDIS_SPIN_LOCK) {
        // SAFETY: the caller meets NdisAllocateSpinLock's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisAllocateSpinLock(lock) }
    }

    /// Forwards to the NDIS.SYS export `NdisFreeSpinLock`.
    unsafe fn ndis_free_spin_lock(lock: *mut NDIS_SPIN_LOCK) {
        // SAFETY: the caller meets NdisFreeSpinLock's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisFreeSpinLock(lock) }
    }

    /// Forwards to the NDIS.SYS export `NdisAcquireSpinLock`.
    unsafe fn ndis_acquire_spin_lock(lock: *mut NDIS_SPIN_LOCK) {
        // SAFETY: the caller meets NdisAcquireSpinLock's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisAcquireSpinLock(lock) }
    }

    /// Forwards to the NDIS.SYS export `NdisReleaseSpinLock`.
    unsafe fn ndis_release_spin_lock(lock: *mut NDIS_SPIN_LOCK) {
        // SAFETY: the caller meets NdisReleaseSpinLock's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisReleaseSpinLock(lock) }
    }

    /// `KeRaiseIrqlToDpcLevel`: wdm.h's inline CR8 access on x64, the HAL export on x86.
    unsafe fn ke_raise_irql_to_dpc_level() -> KIRQL {
        // SAFETY: the caller meets KeRaiseIrqlToDpcLevel's contract (trait `Ndis`): kernel mode, legal IRQL.
        unsafe { imports::KeRaiseIrqlToDpcLevel() }
    }

    /// `KeLowerIrql`: wdm.h's inline CR8 access on x64, the HAL export on x86.
    unsafe fn ke_lower_irql(new_irql: KIRQL) {
        // SAFETY: the caller meets KeLowerIrql's contract (trait `Ndis`): kernel mode, legal IRQL.
        unsafe { imports::KeLowerIrql(new_irql) }
    }

    /// `KeGetCurrentIrql`: wdm.h's inline CR8 access on x64, the HAL export on x86.
    unsafe fn ke_get_current_irql() -> KIRQL {
        // SAFETY: the caller meets KeGetCurrentIrql's contract (trait `Ndis`): kernel mode, legal IRQL.
        unsafe { imports::KeGetCurrentIrql() }
    }

    /// Forwards to the NDIS.SYS export `NdisInitializeEvent`.
    unsafe fn ndis_initialize_event(event: *mut NDIS_EVENT) {
        // SAFETY: the caller meets NdisInitializeEvent's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisInitializeEvent(event) }
    }

    /// Forwards to the NDIS.SYS export `NdisSetEvent`.
    unsafe fn ndis_set_event(event: *mut NDIS_EVENT) {
        // SAFETY: the caller meets NdisSetEvent's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisSetEvent(event) }
    }

    /// Forwards to the NDIS.SYS export `NdisResetEvent`.
    unsafe fn ndis_reset_event(event: *mut NDIS_EVENT) {
        // SAFETY: the caller meets NdisResetEvent's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisResetEvent(event) }
    }

    /// Forwards to the NDIS.SYS export `NdisWaitEvent`.
    unsafe fn ndis_wait_event(event: *mut NDIS_EVENT, ms_to_wait: u32) -> u8 {
        // SAFETY: the caller meets NdisWaitEvent's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisWaitEvent(event, ms_to_wait) }
    }

    /// Forwards to the NDIS.SYS export `NdisAllocateIoWorkItem`.
    unsafe fn ndis_allocate_io_work_item(object_handle: NDIS_HANDLE) -> NDIS_HANDLE {
        // SAFETY: the caller meets NdisAllocateIoWorkItem's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisAllocateIoWorkItem(object_handle) }
    }

    /// Forwards to the NDIS.SYS export `NdisQueueIoWorkItem`.
    unsafe fn ndis_queue_io_work_item(
        work_item: NDIS_HANDLE,
        routine: NDIS_IO_WORKITEM_FUNCTION,
        context: *mut c_void,
    ) {
        // SAFETY: the caller meets NdisQueueIoWorkItem's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisQueueIoWorkItem(work_item, routine, context) }
    }

    /// Forwards to the NDIS.SYS export `NdisFreeIoWorkItem`.
    unsafe fn ndis_free_io_work_item(work_item: NDIS_HANDLE) {
        // SAFETY: the caller meets NdisFreeIoWorkItem's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisFreeIoWorkItem(work_item) }
    }

    /// Forwards to the NDIS.SYS export `NdisGetCurrentSystemTime`.
    unsafe fn ndis_get_current_system_time(time: *mut LARGE_INTEGER) {
        // SAFETY: the caller meets NdisGetCurrentSystemTime's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisGetCurrentSystemTime(time) }
    }

    /// Forwards to the NDIS.SYS export `NdisMSleep`.
    unsafe fn ndis_m_sleep(microseconds: u32) {
        // SAFETY: the caller meets NdisMSleep's contract (trait `Ndis`); WDK signature.
        unsafe { imports::NdisMSleep(microseconds) }
    }
}
