//! The platform seam: every NDIS.SYS / ntoskrnl / HAL import the driver calls, as an
//! associated function of the [`Ndis`] trait with the import's raw signature. Handlers
//! are generic over `N: Ndis`; in the kernel `N` forwards to the imports (the `kernel`
//! module), in the simulator it routes to simulated NDIS objects found from the handle
//! passed in. No other code calls an import, and the driver keeps no global state, so
//! any number of simulated systems can run side by side.
//!
//! All functions are `unsafe`: they take raw pointers whose validity NDIS defines. Each
//! one's contract is the one its WDK documentation states; the seam adds none.

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

/// Every import the driver uses. Implementors are zero-sized; the functions find their
/// context from the handles they are given.
///
/// Every function is `unsafe`: callers must meet the documented NDIS contract of each function (valid handles and
/// pointers, the documented IRQL). Implementors must behave as NDIS does.
#[expect(
    clippy::missing_safety_doc,
    reason = "each function's contract is its NDIS documentation (trait doc)"
)]
pub trait Ndis: 'static {
    // --- Chimney state operations and completions (ST-8, OP-1) ---------------------
    /// NdisInitiateOffload.
    unsafe fn ndis_initiate_offload(binding: NDIS_HANDLE, tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST);
    /// NdisTerminateOffload.
    unsafe fn ndis_terminate_offload(binding: NDIS_HANDLE, tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST);
    /// NdisUpdateOffload.
    unsafe fn ndis_update_offload(binding: NDIS_HANDLE, tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST);
    /// NdisInvalidateOffload.
    unsafe fn ndis_invalidate_offload(
        binding: NDIS_HANDLE,
        tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    );
    /// NdisQueryOffloadState.
    unsafe fn ndis_query_offload_state(
        binding: NDIS_HANDLE,
        tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    );
    /// NdisMInitiateOffloadComplete.
    unsafe fn ndis_m_initiate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// NdisMTerminateOffloadComplete.
    unsafe fn ndis_m_terminate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// NdisMUpdateOffloadComplete.
    unsafe fn ndis_m_update_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// NdisMInvalidateOffloadComplete.
    unsafe fn ndis_m_invalidate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// NdisMQueryOffloadStateComplete.
    unsafe fn ndis_m_query_offload_state_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    );
    /// NdisMOffloadEventIndicate.
    unsafe fn ndis_m_offload_event_indicate(
        miniport: NDIS_HANDLE,
        block: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
        indication_code: u32,
    );
    /// NdisMGetOffloadHandlers.
    unsafe fn ndis_m_get_offload_handlers(
        miniport: NDIS_HANDLE,
        chimney_type: NDIS_CHIMNEY_OFFLOAD_TYPE,
        handlers: *mut *mut NDIS_OFFLOAD_EVENT_HANDLERS,
    ) -> NDIS_STATUS;
    /// NdisSetOptionalHandlers.
    unsafe fn ndis_set_optional_handlers(
        driver: NDIS_HANDLE,
        handlers: *mut NDIS_DRIVER_OPTIONAL_HANDLERS,
    ) -> NDIS_STATUS;

    // --- Chimney data path (ST-8 #56–60) -------------------------------------------
    /// NdisOffloadTcpSend.
    unsafe fn ndis_offload_tcp_send(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS;
    /// NdisOffloadTcpReceive.
    unsafe fn ndis_offload_tcp_receive(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS;
    /// NdisOffloadTcpDisconnect.
    unsafe fn ndis_offload_tcp_disconnect(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        flags: u32,
    ) -> NDIS_STATUS;
    /// NdisOffloadTcpForward.
    unsafe fn ndis_offload_tcp_forward(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS;
    /// NdisOffloadTcpReceiveReturn.
    unsafe fn ndis_offload_tcp_receive_return(binding: NDIS_HANDLE, nbl: *mut NET_BUFFER_LIST);

    // --- Registration and teardown (LC-1..LC-8, LC-69) -----------------------------
    /// NdisMRegisterMiniportDriver.
    unsafe fn ndis_m_register_miniport_driver(
        driver_object: *mut DRIVER_OBJECT,
        registry_path: *mut UNICODE_STRING,
        miniport_driver_context: NDIS_HANDLE,
        characteristics: *mut NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
        miniport_driver_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// NdisMDeregisterMiniportDriver.
    unsafe fn ndis_m_deregister_miniport_driver(miniport_driver_handle: NDIS_HANDLE);
    /// NdisRegisterProtocolDriver.
    unsafe fn ndis_register_protocol_driver(
        protocol_driver_context: NDIS_HANDLE,
        characteristics: *mut NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
        protocol_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// NdisDeregisterProtocolDriver.
    unsafe fn ndis_deregister_protocol_driver(protocol_handle: NDIS_HANDLE);
    /// NdisIMAssociateMiniport.
    unsafe fn ndis_im_associate_miniport(driver_handle: NDIS_HANDLE, protocol_handle: NDIS_HANDLE);
    /// IoAllocateDriverObjectExtension.
    unsafe fn io_allocate_driver_object_extension(
        driver_object: *mut DRIVER_OBJECT,
        client_identification_address: PVOID,
        size: u32,
        extension: *mut PVOID,
    ) -> NTSTATUS;
    /// IoGetDriverObjectExtension.
    unsafe fn io_get_driver_object_extension(
        driver_object: *mut DRIVER_OBJECT,
        client_identification_address: PVOID,
    ) -> PVOID;

    // --- Binding and virtual-miniport instances (LC-10..LC-25, LC-62..LC-68) --------
    /// NdisOpenAdapterEx.
    unsafe fn ndis_open_adapter_ex(
        protocol_handle: NDIS_HANDLE,
        protocol_binding_context: NDIS_HANDLE,
        open_parameters: *mut NDIS_OPEN_PARAMETERS,
        bind_context: NDIS_HANDLE,
        binding_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// NdisCloseAdapterEx.
    unsafe fn ndis_close_adapter_ex(binding: NDIS_HANDLE) -> NDIS_STATUS;
    /// NdisCompleteBindAdapterEx.
    unsafe fn ndis_complete_bind_adapter_ex(bind_context: NDIS_HANDLE, status: NDIS_STATUS);
    /// NdisCompleteUnbindAdapterEx.
    unsafe fn ndis_complete_unbind_adapter_ex(unbind_context: NDIS_HANDLE);
    /// NdisCompleteNetPnPEvent.
    unsafe fn ndis_complete_net_pnp_event(
        binding: NDIS_HANDLE,
        notification: *mut NET_PNP_EVENT_NOTIFICATION,
        status: NDIS_STATUS,
    );
    /// NdisMNetPnPEvent.
    unsafe fn ndis_m_net_pnp_event(
        miniport: NDIS_HANDLE,
        notification: *mut NET_PNP_EVENT_NOTIFICATION,
    ) -> NDIS_STATUS;
    /// NdisIfAddIfStackEntry (PASSIVE_LEVEL).
    unsafe fn ndis_if_add_if_stack_entry(higher: NET_IFINDEX, lower: NET_IFINDEX) -> NDIS_STATUS;
    /// NdisIfDeleteIfStackEntry (PASSIVE_LEVEL).
    unsafe fn ndis_if_delete_if_stack_entry(higher: NET_IFINDEX, lower: NET_IFINDEX);
    /// NdisIMInitializeDeviceInstanceEx.
    unsafe fn ndis_im_initialize_device_instance_ex(
        driver_handle: NDIS_HANDLE,
        driver_instance: *mut NDIS_STRING,
        device_context: NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// NdisIMCancelInitializeDeviceInstance.
    unsafe fn ndis_im_cancel_initialize_device_instance(
        driver_handle: NDIS_HANDLE,
        device_instance: *mut NDIS_STRING,
    ) -> NDIS_STATUS;
    /// NdisIMDeInitializeDeviceInstance.
    unsafe fn ndis_im_deinitialize_device_instance(miniport: NDIS_HANDLE) -> NDIS_STATUS;
    /// NdisMSetMiniportAttributes.
    unsafe fn ndis_m_set_miniport_attributes(
        miniport: NDIS_HANDLE,
        attributes: *mut NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
    ) -> NDIS_STATUS;
    /// NdisMPauseComplete.
    unsafe fn ndis_m_pause_complete(miniport: NDIS_HANDLE);
    /// NdisMRestartComplete.
    unsafe fn ndis_m_restart_complete(miniport: NDIS_HANDLE, status: NDIS_STATUS);
    /// NdisOpenConfigurationEx.
    unsafe fn ndis_open_configuration_ex(
        object: *mut NDIS_CONFIGURATION_OBJECT,
        handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS;
    /// NdisReadConfiguration.
    unsafe fn ndis_read_configuration(
        status: *mut NDIS_STATUS,
        value: *mut *mut NDIS_CONFIGURATION_PARAMETER,
        handle: NDIS_HANDLE,
        keyword: *mut NDIS_STRING,
        parameter_type: NDIS_PARAMETER_TYPE,
    );
    /// NdisCloseConfiguration.
    unsafe fn ndis_close_configuration(handle: NDIS_HANDLE);

    // --- Data and requests (LC-36..LC-56) -------------------------------------------
    /// NdisSendNetBufferLists.
    unsafe fn ndis_send_net_buffer_lists(
        binding: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        port: NDIS_PORT_NUMBER,
        send_flags: u32,
    );
    /// NdisCancelSendNetBufferLists.
    unsafe fn ndis_cancel_send_net_buffer_lists(binding: NDIS_HANDLE, cancel_id: PVOID);
    /// NdisMSendNetBufferListsComplete.
    unsafe fn ndis_m_send_net_buffer_lists_complete(
        miniport: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        send_complete_flags: u32,
    );
    /// NdisMIndicateReceiveNetBufferLists.
    unsafe fn ndis_m_indicate_receive_net_buffer_lists(
        miniport: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        port: NDIS_PORT_NUMBER,
        number_of_nbls: u32,
        receive_flags: u32,
    );
    /// NdisReturnNetBufferLists.
    unsafe fn ndis_return_net_buffer_lists(
        binding: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        return_flags: u32,
    );
    /// NdisAllocateNetBufferListContext.
    unsafe fn ndis_allocate_net_buffer_list_context(
        nbl: *mut NET_BUFFER_LIST,
        context_size: u16,
        context_backfill: u16,
        pool_tag: u32,
    ) -> NDIS_STATUS;
    /// NdisFreeNetBufferListContext.
    unsafe fn ndis_free_net_buffer_list_context(nbl: *mut NET_BUFFER_LIST, context_size: u16);
    /// NdisOidRequest.
    unsafe fn ndis_oid_request(binding: NDIS_HANDLE, request: *mut NDIS_OID_REQUEST)
    -> NDIS_STATUS;
    /// NdisAllocateCloneOidRequest.
    unsafe fn ndis_allocate_clone_oid_request(
        source_handle: NDIS_HANDLE,
        request: *mut NDIS_OID_REQUEST,
        pool_tag: u32,
        clone: *mut *mut NDIS_OID_REQUEST,
    ) -> NDIS_STATUS;
    /// NdisFreeCloneOidRequest.
    unsafe fn ndis_free_clone_oid_request(source_handle: NDIS_HANDLE, clone: *mut NDIS_OID_REQUEST);
    /// NdisCancelOidRequest.
    unsafe fn ndis_cancel_oid_request(binding: NDIS_HANDLE, request_id: PVOID);
    /// NdisMOidRequestComplete.
    unsafe fn ndis_m_oid_request_complete(
        miniport: NDIS_HANDLE,
        request: *mut NDIS_OID_REQUEST,
        status: NDIS_STATUS,
    );
    /// NdisMIndicateStatusEx.
    unsafe fn ndis_m_indicate_status_ex(
        miniport: NDIS_HANDLE,
        indication: *mut NDIS_STATUS_INDICATION,
    );

    // --- Services -------------------------------------------------------------------
    /// NdisAllocateMemoryWithTagPriority (priority: EX_POOL_PRIORITY).
    unsafe fn ndis_allocate_memory_with_tag_priority(
        handle: NDIS_HANDLE,
        length: u32,
        tag: u32,
        priority: u32,
    ) -> PVOID;
    /// NdisFreeMemory.
    unsafe fn ndis_free_memory(memory: PVOID, length: u32, memory_flags: u32);
    /// NdisAllocateSpinLock.
    unsafe fn ndis_allocate_spin_lock(lock: *mut NDIS_SPIN_LOCK);
    /// NdisFreeSpinLock.
    unsafe fn ndis_free_spin_lock(lock: *mut NDIS_SPIN_LOCK);
    /// NdisAcquireSpinLock (raises to DISPATCH_LEVEL).
    unsafe fn ndis_acquire_spin_lock(lock: *mut NDIS_SPIN_LOCK);
    /// NdisReleaseSpinLock.
    unsafe fn ndis_release_spin_lock(lock: *mut NDIS_SPIN_LOCK);
    /// KeRaiseIrqlToDpcLevel: raise to DISPATCH_LEVEL, return the previous IRQL.
    unsafe fn ke_raise_irql_to_dpc_level() -> KIRQL;
    /// KeLowerIrql.
    unsafe fn ke_lower_irql(new_irql: KIRQL);
    /// KeGetCurrentIrql.
    unsafe fn ke_get_current_irql() -> KIRQL;
    /// NdisInitializeEvent.
    unsafe fn ndis_initialize_event(event: *mut NDIS_EVENT);
    /// NdisSetEvent.
    unsafe fn ndis_set_event(event: *mut NDIS_EVENT);
    /// NdisResetEvent.
    unsafe fn ndis_reset_event(event: *mut NDIS_EVENT);
    /// NdisWaitEvent (PASSIVE_LEVEL); `ms_to_wait` 0 = forever. TRUE if signalled.
    unsafe fn ndis_wait_event(event: *mut NDIS_EVENT, ms_to_wait: u32) -> u8;
    /// NdisAllocateIoWorkItem.
    unsafe fn ndis_allocate_io_work_item(object_handle: NDIS_HANDLE) -> NDIS_HANDLE;
    /// NdisQueueIoWorkItem.
    unsafe fn ndis_queue_io_work_item(
        work_item: NDIS_HANDLE,
        routine: NDIS_IO_WORKITEM_FUNCTION,
        context: *mut c_void,
    );
    /// NdisFreeIoWorkItem.
    unsafe fn ndis_free_io_work_item(work_item: NDIS_HANDLE);
    /// NdisGetCurrentSystemTime: 100 ns units since 1601.
    unsafe fn ndis_get_current_system_time(time: *mut LARGE_INTEGER);
    /// NdisMSleep (below DISPATCH_LEVEL). The driver never polls with it (LC-29).
    unsafe fn ndis_m_sleep(microseconds: u32);
}
