//! `SimNdis`: the simulator's implementation of the driver's platform seam. Each
//! function finds the simulated system the calling thread has entered, checks the
//! call's IRQL and handles, and routes it as NDIS would (modules `route` and
//! `chimney`). Services (memory, locks, IRQL, events, work items, time) are modelled
//! here, with allocations counted and every byte accounted for at unload.

use std::alloc::{Layout, alloc_zeroed, dealloc};

use chimney_im::ndis::*;
use chimney_im::platform::Ndis;
use offload_tree::abi::{
    NDIS_CHIMNEY_OFFLOAD_TYPE, NDIS_DRIVER_OPTIONAL_HANDLERS, NDIS_HANDLE,
    NDIS_OFFLOAD_EVENT_HANDLERS, NDIS_PORT_NUMBER, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    PNDIS_OFFLOAD_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PVOID,
};
use offload_tree::tree::Operation;

use crate::chimney::TcpIo;
use crate::core::{Allocation, HandleKind, Sim, current};
use crate::route::ConfigHandle;
use crate::verifier::Rule;

/// The simulated NDIS, as the driver's `N: Ndis`.
pub struct SimNdis;

/// The UTF-16 text of an NDIS_STRING.
#[must_use]
pub fn read_ndis_string(s: &NDIS_STRING) -> String {
    if s.Buffer.is_null() {
        return String::new();
    }
    // SAFETY: an NDIS_STRING's buffer holds `Length` bytes of UTF-16 (caller's contract).
    let units = unsafe { std::slice::from_raw_parts(s.Buffer, usize::from(s.Length) / 2) };
    String::from_utf16_lossy(units)
}

const MEMORY_ALIGN: usize = 16;

fn state_op(op: Operation, binding: NDIS_HANDLE, tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {
    let sim = current();
    if let Some(open) = sim.find_open("Ndis*Offload", binding)
        && sim.require_irql("Ndis*Offload", DISPATCH_LEVEL)
    {
        sim.state_operation(op, &open, tree);
    }
}

fn state_complete(op: Operation, miniport: NDIS_HANDLE, tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    let sim = current();
    if let Some(adapter) = sim.find_adapter("NdisM*OffloadComplete", miniport) {
        sim.state_complete(op, &adapter, tree);
    }
}

fn tcp_io(
    kind: TcpIo,
    handle: PNDIS_OFFLOAD_HANDLE,
    nbl: *mut NET_BUFFER_LIST,
    flags: u32,
) -> NDIS_STATUS {
    let sim = current();
    sim.require_irql("NdisOffloadTcp*", DISPATCH_LEVEL);
    sim.tcp_io(kind, handle, nbl, flags)
}

// Every function is an NDIS.SYS (or HAL/kernel) import in the driver's kernel build,
// a call the driver's code never inlines: kept out of line here too, so the driver's
// instruction counts (scripts/im-cost.sh) hold none of the simulator's work.
impl Ndis for SimNdis {
    #[inline(never)]
    unsafe fn ndis_initiate_offload(binding: NDIS_HANDLE, tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {
        state_op(Operation::Initiate, binding, tree);
    }
    #[inline(never)]
    unsafe fn ndis_terminate_offload(
        binding: NDIS_HANDLE,
        tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        state_op(Operation::Terminate, binding, tree);
    }
    #[inline(never)]
    unsafe fn ndis_update_offload(binding: NDIS_HANDLE, tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {
        state_op(Operation::Update, binding, tree);
    }
    #[inline(never)]
    unsafe fn ndis_invalidate_offload(
        binding: NDIS_HANDLE,
        tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        state_op(Operation::Invalidate, binding, tree);
    }
    #[inline(never)]
    unsafe fn ndis_query_offload_state(
        binding: NDIS_HANDLE,
        tree: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        state_op(Operation::Query, binding, tree);
    }
    #[inline(never)]
    unsafe fn ndis_m_initiate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        state_complete(Operation::Initiate, miniport, tree);
    }
    #[inline(never)]
    unsafe fn ndis_m_terminate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        state_complete(Operation::Terminate, miniport, tree);
    }
    #[inline(never)]
    unsafe fn ndis_m_update_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        state_complete(Operation::Update, miniport, tree);
    }
    #[inline(never)]
    unsafe fn ndis_m_invalidate_offload_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        state_complete(Operation::Invalidate, miniport, tree);
    }
    #[inline(never)]
    unsafe fn ndis_m_query_offload_state_complete(
        miniport: NDIS_HANDLE,
        tree: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        state_complete(Operation::Query, miniport, tree);
    }
    #[inline(never)]
    unsafe fn ndis_m_offload_event_indicate(
        miniport: NDIS_HANDLE,
        block: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
        code: u32,
    ) {
        let sim = current();
        if let Some(adapter) = sim.find_adapter("NdisMOffloadEventIndicate", miniport) {
            sim.offload_event_indicate(&adapter, block, code);
        }
    }
    #[inline(never)]
    unsafe fn ndis_m_get_offload_handlers(
        miniport: NDIS_HANDLE,
        chimney_type: NDIS_CHIMNEY_OFFLOAD_TYPE,
        handlers: *mut *mut NDIS_OFFLOAD_EVENT_HANDLERS,
    ) -> NDIS_STATUS {
        let sim = current();
        if sim
            .find_adapter("NdisMGetOffloadHandlers", miniport)
            .is_none()
        {
            return NDIS_STATUS_FAILURE;
        }
        crate::chimney::get_offload_handlers(chimney_type, handlers)
    }
    #[inline(never)]
    unsafe fn ndis_set_optional_handlers(
        driver: NDIS_HANDLE,
        handlers: *mut NDIS_DRIVER_OPTIONAL_HANDLERS,
    ) -> NDIS_STATUS {
        let sim = current();
        if !sim.require_irql("NdisSetOptionalHandlers", PASSIVE_LEVEL) {
            return NDIS_STATUS_FAILURE;
        }
        sim.set_optional_handlers(driver, handlers)
    }

    #[inline(never)]
    unsafe fn ndis_offload_tcp_send(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS {
        tcp_io(TcpIo::Send, handle, nbl, 0)
    }
    #[inline(never)]
    unsafe fn ndis_offload_tcp_receive(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS {
        tcp_io(TcpIo::Receive, handle, nbl, 0)
    }
    #[inline(never)]
    unsafe fn ndis_offload_tcp_disconnect(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        flags: u32,
    ) -> NDIS_STATUS {
        tcp_io(TcpIo::Disconnect, handle, nbl, flags)
    }
    #[inline(never)]
    unsafe fn ndis_offload_tcp_forward(
        handle: PNDIS_OFFLOAD_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
    ) -> NDIS_STATUS {
        tcp_io(TcpIo::Forward, handle, nbl, 0)
    }
    #[inline(never)]
    unsafe fn ndis_offload_tcp_receive_return(binding: NDIS_HANDLE, nbl: *mut NET_BUFFER_LIST) {
        let sim = current();
        if let Some(open) = sim.find_open("NdisOffloadTcpReceiveReturn", binding) {
            sim.receive_return(&open, nbl);
        }
    }

    #[inline(never)]
    unsafe fn ndis_m_register_miniport_driver(
        driver_object: *mut DRIVER_OBJECT,
        _registry_path: *mut UNICODE_STRING,
        miniport_driver_context: NDIS_HANDLE,
        characteristics: *mut NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
        miniport_driver_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        let sim = current();
        if !sim.check_handle(
            "NdisMRegisterMiniportDriver",
            driver_object as usize,
            HandleKind::DriverObject,
        ) {
            return NDIS_STATUS_FAILURE;
        }
        // SAFETY: the caller's characteristics and out slot live for the call.
        let chars = unsafe { &*characteristics };
        // SAFETY: as above.
        let out = unsafe { &mut *miniport_driver_handle };
        sim.register_miniport_driver(driver_object as usize, miniport_driver_context, chars, out)
    }
    #[inline(never)]
    unsafe fn ndis_m_deregister_miniport_driver(handle: NDIS_HANDLE) {
        let sim = current();
        sim.require_irql("NdisMDeregisterMiniportDriver", PASSIVE_LEVEL);
        match sim.find_miniport_driver(handle) {
            Some(d) if !d.deregistered.get() => {
                if sim
                    .adapters_of(&d)
                    .iter()
                    .any(|a| a.state.get() != crate::objects::AdapterState::Halted)
                {
                    sim.violation(
                        Rule::Protocol,
                        "NdisMDeregisterMiniportDriver",
                        "adapters are still initialized",
                    );
                }
                d.deregistered.set(true);
                sim.unregister_handle(handle as usize);
            }
            _ => sim.violation(
                Rule::BadHandle,
                "NdisMDeregisterMiniportDriver",
                format!("{handle:p}"),
            ),
        }
    }
    #[inline(never)]
    unsafe fn ndis_register_protocol_driver(
        protocol_driver_context: NDIS_HANDLE,
        characteristics: *mut NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
        protocol_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        let sim = current();
        // SAFETY: the caller's characteristics and out slot live for the call.
        let chars = unsafe { &*characteristics };
        // SAFETY: as above.
        let out = unsafe { &mut *protocol_handle };
        sim.register_protocol(protocol_driver_context, chars, out)
    }
    #[inline(never)]
    unsafe fn ndis_deregister_protocol_driver(handle: NDIS_HANDLE) {
        let sim = current();
        sim.require_irql("NdisDeregisterProtocolDriver", PASSIVE_LEVEL);
        match sim.find_protocol(handle) {
            Some(p) if !p.deregistered.get() => {
                // NDIS unbinds every binding first.
                for open in sim.opens_of(&p) {
                    if open.state.get() != crate::objects::OpenState::Closed {
                        sim.unbind(&open);
                    }
                }
                sim.run_until_idle();
                p.deregistered.set(true);
                sim.unregister_handle(handle as usize);
            }
            _ => sim.violation(
                Rule::BadHandle,
                "NdisDeregisterProtocolDriver",
                format!("{handle:p}"),
            ),
        }
    }
    #[inline(never)]
    unsafe fn ndis_im_associate_miniport(driver_handle: NDIS_HANDLE, protocol_handle: NDIS_HANDLE) {
        let sim = current();
        match (
            sim.find_miniport_driver(driver_handle),
            sim.find_protocol(protocol_handle),
        ) {
            (Some(d), Some(p)) => *d.associated_protocol.borrow_mut() = std::rc::Rc::downgrade(&p),
            _ => sim.violation(
                Rule::BadHandle,
                "NdisIMAssociateMiniport",
                "unknown driver or protocol handle",
            ),
        }
    }
    #[inline(never)]
    unsafe fn io_allocate_driver_object_extension(
        driver_object: *mut DRIVER_OBJECT,
        client_identification_address: PVOID,
        size: u32,
        extension: *mut PVOID,
    ) -> NTSTATUS {
        let sim = current();
        let key = (
            driver_object as usize,
            client_identification_address as usize,
        );
        let mut books = sim.books();
        if books.extensions.contains_key(&key) {
            return 0xC000_0035_u32.cast_signed(); // STATUS_OBJECT_NAME_COLLISION
        }
        let mut block = vec![0u64; (size as usize).div_ceil(8)].into_boxed_slice();
        // SAFETY: the caller's out slot.
        unsafe { extension.write(block.as_mut_ptr().cast()) };
        books.extensions.insert(key, block);
        0
    }
    #[inline(never)]
    unsafe fn io_get_driver_object_extension(
        driver_object: *mut DRIVER_OBJECT,
        client_identification_address: PVOID,
    ) -> PVOID {
        let sim = current();
        let mut books = sim.books();
        books
            .extensions
            .get_mut(&(
                driver_object as usize,
                client_identification_address as usize,
            ))
            .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr().cast())
    }

    #[inline(never)]
    unsafe fn ndis_open_adapter_ex(
        protocol_handle: NDIS_HANDLE,
        protocol_binding_context: NDIS_HANDLE,
        open_parameters: *mut NDIS_OPEN_PARAMETERS,
        bind_context: NDIS_HANDLE,
        binding_handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        let sim = current();
        // SAFETY: the caller's parameters and out slot live for the call.
        let params = unsafe { &*open_parameters };
        // SAFETY: as above.
        let out = unsafe { &mut *binding_handle };
        sim.open_adapter(
            protocol_handle,
            protocol_binding_context,
            params,
            bind_context,
            out,
        )
    }
    #[inline(never)]
    unsafe fn ndis_close_adapter_ex(binding: NDIS_HANDLE) -> NDIS_STATUS {
        let sim = current();
        if !sim.require_irql("NdisCloseAdapterEx", PASSIVE_LEVEL) {
            return NDIS_STATUS_FAILURE;
        }
        match sim.find_open("NdisCloseAdapterEx", binding) {
            Some(open) => sim.close_adapter(&open),
            None => NDIS_STATUS_FAILURE,
        }
    }
    #[inline(never)]
    unsafe fn ndis_complete_bind_adapter_ex(bind_context: NDIS_HANDLE, status: NDIS_STATUS) {
        current().bind_done(bind_context as usize, status);
    }
    #[inline(never)]
    unsafe fn ndis_complete_unbind_adapter_ex(unbind_context: NDIS_HANDLE) {
        current().unbind_done(unbind_context as usize);
    }
    #[inline(never)]
    unsafe fn ndis_complete_net_pnp_event(
        binding: NDIS_HANDLE,
        notification: *mut NET_PNP_EVENT_NOTIFICATION,
        status: NDIS_STATUS,
    ) {
        let sim = current();
        sim.require_irql("NdisCompleteNetPnPEvent", PASSIVE_LEVEL);
        if let Some(open) = sim.find_open("NdisCompleteNetPnPEvent", binding) {
            sim.pnp_done(&open, notification as usize, status);
        }
    }
    #[inline(never)]
    unsafe fn ndis_if_add_if_stack_entry(higher: NET_IFINDEX, lower: NET_IFINDEX) -> NDIS_STATUS {
        current().if_stack_add(higher, lower)
    }
    #[inline(never)]
    unsafe fn ndis_if_delete_if_stack_entry(higher: NET_IFINDEX, lower: NET_IFINDEX) {
        current().if_stack_delete(higher, lower);
    }
    #[inline(never)]
    unsafe fn ndis_m_net_pnp_event(
        miniport: NDIS_HANDLE,
        notification: *mut NET_PNP_EVENT_NOTIFICATION,
    ) -> NDIS_STATUS {
        let sim = current();
        sim.require_irql("NdisMNetPnPEvent", PASSIVE_LEVEL);
        let Some(adapter) = sim.find_adapter("NdisMNetPnPEvent", miniport) else {
            return NDIS_STATUS_FAILURE;
        };
        // SAFETY: the caller's notification lives for the call.
        let event = unsafe { (*notification).NetPnPEvent.NetEvent };
        let mut status = NDIS_STATUS_SUCCESS;
        for open in adapter
            .opens
            .borrow()
            .iter()
            .filter_map(std::rc::Weak::upgrade)
            .collect::<Vec<_>>()
        {
            if let Some(s) = sim.net_pnp(&open, event, &[])
                && s != NDIS_STATUS_SUCCESS
            {
                status = s;
            }
        }
        status
    }
    #[inline(never)]
    unsafe fn ndis_im_initialize_device_instance_ex(
        driver_handle: NDIS_HANDLE,
        driver_instance: *mut NDIS_STRING,
        device_context: NDIS_HANDLE,
    ) -> NDIS_STATUS {
        let sim = current();
        if !sim.require_irql("NdisIMInitializeDeviceInstanceEx", PASSIVE_LEVEL) {
            return NDIS_STATUS_FAILURE;
        }
        let Some(driver) = sim.find_miniport_driver(driver_handle) else {
            sim.violation(
                Rule::BadHandle,
                "NdisIMInitializeDeviceInstanceEx",
                "not a miniport driver handle",
            );
            return NDIS_STATUS_FAILURE;
        };
        // SAFETY: the caller's instance name lives for the call.
        let name = read_ndis_string(unsafe { &*driver_instance });
        let s = sim.clone();
        sim.schedule(0, move |_| {
            s.add_adapter(&driver, &name, device_context);
        });
        NDIS_STATUS_SUCCESS
    }
    #[inline(never)]
    unsafe fn ndis_im_cancel_initialize_device_instance(
        _driver_handle: NDIS_HANDLE,
        _device_instance: *mut NDIS_STRING,
    ) -> NDIS_STATUS {
        // The simulator initializes instances from its queue; a cancel before that ran is
        // not modelled (the IM falls back to NdisIMDeInitializeDeviceInstance).
        NDIS_STATUS_FAILURE
    }
    #[inline(never)]
    unsafe fn ndis_im_deinitialize_device_instance(miniport: NDIS_HANDLE) -> NDIS_STATUS {
        let sim = current();
        let Some(adapter) = sim.find_adapter("NdisIMDeInitializeDeviceInstance", miniport) else {
            return NDIS_STATUS_FAILURE;
        };
        let s = sim.clone();
        sim.schedule(0, move |_| {
            s.halt_adapter(
                &adapter,
                NDIS_HALT_ACTION::NdisHaltDeviceInstanceDeInitialized,
            );
        });
        NDIS_STATUS_SUCCESS
    }
    #[inline(never)]
    unsafe fn ndis_m_set_miniport_attributes(
        miniport: NDIS_HANDLE,
        attributes: *mut NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
    ) -> NDIS_STATUS {
        let sim = current();
        let Some(adapter) = sim.find_adapter("NdisMSetMiniportAttributes", miniport) else {
            return NDIS_STATUS_FAILURE;
        };
        // SAFETY: the caller's attributes live for the call.
        sim.set_attributes(&adapter, unsafe { &*attributes })
    }
    #[inline(never)]
    unsafe fn ndis_m_pause_complete(miniport: NDIS_HANDLE) {
        let sim = current();
        if let Some(adapter) = sim.find_adapter("NdisMPauseComplete", miniport) {
            sim.pause_done(&adapter);
        }
    }
    #[inline(never)]
    unsafe fn ndis_m_restart_complete(miniport: NDIS_HANDLE, status: NDIS_STATUS) {
        let sim = current();
        if let Some(adapter) = sim.find_adapter("NdisMRestartComplete", miniport) {
            sim.restart_done(&adapter, status);
        }
    }
    #[inline(never)]
    unsafe fn ndis_open_configuration_ex(
        object: *mut NDIS_CONFIGURATION_OBJECT,
        handle: *mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        let sim = current();
        // SAFETY: the caller's object lives for the call.
        let target = unsafe { (*object).NdisHandle };
        let adapter = sim
            .0
            .st
            .borrow()
            .adapters
            .iter()
            .find(|a| crate::objects::handle_of(a) == target)
            .cloned();
        if !sim.allocation_allowed() {
            return NDIS_STATUS_RESOURCES;
        }
        let config = Box::new(ConfigHandle {
            adapter,
            values: Vec::new(),
        });
        let key = (&raw const *config) as usize;
        sim.books().configs.insert(key, config);
        sim.register_handle(key, HandleKind::Config);
        // SAFETY: the caller's out slot.
        unsafe { handle.write(key as NDIS_HANDLE) };
        NDIS_STATUS_SUCCESS
    }
    #[inline(never)]
    unsafe fn ndis_read_configuration(
        status: *mut NDIS_STATUS,
        value: *mut *mut NDIS_CONFIGURATION_PARAMETER,
        handle: NDIS_HANDLE,
        keyword: *mut NDIS_STRING,
        _parameter_type: NDIS_PARAMETER_TYPE,
    ) {
        let sim = current();
        // SAFETY: the caller's keyword lives for the call.
        let key = read_ndis_string(unsafe { &*keyword });
        let mut books = sim.books();
        let found = books.configs.get_mut(&(handle as usize)).and_then(|c| {
            let v = *c.adapter.as_ref()?.config.borrow().get(&key)?;
            let mut p = Box::new(NDIS_CONFIGURATION_PARAMETER::default());
            p.ParameterData.IntegerData = v;
            let ptr: *mut NDIS_CONFIGURATION_PARAMETER = &raw mut *p;
            c.values.push(p);
            Some(ptr)
        });
        let (s, v) = match found {
            Some(p) => (NDIS_STATUS_SUCCESS, p),
            None => (NDIS_STATUS_FAILURE, std::ptr::null_mut()),
        };
        // SAFETY: the caller's out slots.
        unsafe { status.write(s) };
        // SAFETY: as above.
        unsafe { value.write(v) };
    }
    #[inline(never)]
    unsafe fn ndis_close_configuration(handle: NDIS_HANDLE) {
        let sim = current();
        if sim.books().configs.remove(&(handle as usize)).is_none() {
            sim.violation(
                Rule::BadHandle,
                "NdisCloseConfiguration",
                format!("{handle:p}"),
            );
        }
        sim.unregister_handle(handle as usize);
    }

    #[inline(never)]
    unsafe fn ndis_send_net_buffer_lists(
        binding: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        port: NDIS_PORT_NUMBER,
        send_flags: u32,
    ) {
        let sim = current();
        sim.require_irql("NdisSendNetBufferLists", DISPATCH_LEVEL);
        if let Some(open) = sim.find_open("NdisSendNetBufferLists", binding) {
            sim.send(&open, nbl, port, send_flags);
        }
    }
    #[inline(never)]
    unsafe fn ndis_cancel_send_net_buffer_lists(binding: NDIS_HANDLE, cancel_id: PVOID) {
        let sim = current();
        if let Some(open) = sim.find_open("NdisCancelSendNetBufferLists", binding) {
            let adapter = open.adapter.clone();
            if let Some(f) = adapter.driver.chars.CancelSendHandler {
                // SAFETY: MiniportCancelSend with the adapter's context.
                unsafe { f(adapter.context.get(), cancel_id) };
            }
        }
    }
    #[inline(never)]
    unsafe fn ndis_m_send_net_buffer_lists_complete(
        miniport: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        flags: u32,
    ) {
        let sim = current();
        if let Some(adapter) = sim.find_adapter("NdisMSendNetBufferListsComplete", miniport) {
            sim.send_complete(&adapter, nbl, flags);
        }
    }
    #[inline(never)]
    unsafe fn ndis_m_indicate_receive_net_buffer_lists(
        miniport: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        port: NDIS_PORT_NUMBER,
        number_of_nbls: u32,
        receive_flags: u32,
    ) {
        let sim = current();
        sim.require_irql("NdisMIndicateReceiveNetBufferLists", DISPATCH_LEVEL);
        if let Some(adapter) = sim.find_adapter("NdisMIndicateReceiveNetBufferLists", miniport) {
            sim.indicate_receive(&adapter, nbl, port, number_of_nbls, receive_flags);
        }
    }
    #[inline(never)]
    unsafe fn ndis_return_net_buffer_lists(
        binding: NDIS_HANDLE,
        nbl: *mut NET_BUFFER_LIST,
        return_flags: u32,
    ) {
        let sim = current();
        if let Some(open) = sim.find_open("NdisReturnNetBufferLists", binding) {
            sim.return_nbls(&open, nbl, return_flags);
        }
    }
    #[inline(never)]
    unsafe fn ndis_allocate_net_buffer_list_context(
        nbl: *mut NET_BUFFER_LIST,
        context_size: u16,
        _backfill: u16,
        tag: u32,
    ) -> NDIS_STATUS {
        let sim = current();
        // SAFETY: the caller's NBL is valid for the call.
        let ctx = unsafe { (*nbl).Context };
        if !ctx.is_null() {
            // SAFETY: an NBL's context header, set up when the NBL was allocated.
            let header = unsafe { &mut *ctx };
            if header.Offset >= context_size {
                header.Offset -= context_size;
                return NDIS_STATUS_SUCCESS;
            }
        }
        // Not enough spare room: a real allocation of a new context block.
        if !sim.allocation_allowed() {
            return NDIS_STATUS_RESOURCES;
        }
        sim.count_tagged(tag);
        let size = usize::from(context_size) + std::mem::size_of::<NET_BUFFER_LIST_CONTEXT>();
        let mut block = vec![0u128; size.div_ceil(16)].into_boxed_slice();
        let header = block.as_mut_ptr().cast::<NET_BUFFER_LIST_CONTEXT>();
        // SAFETY: a fresh block large enough for a context header and the area; its
        // alignment is fixed up by the offset below.
        unsafe {
            header.write_unaligned(NET_BUFFER_LIST_CONTEXT {
                Next: ctx,
                Size: context_size,
                Offset: 0,
                ContextData: MemoryAligned([]),
            });
        }
        sim.books()
            .nbls
            .extra_contexts
            .insert(header as usize, block);
        // SAFETY: as above.
        unsafe { (*nbl).Context = header };
        NDIS_STATUS_SUCCESS
    }
    #[inline(never)]
    unsafe fn ndis_free_net_buffer_list_context(nbl: *mut NET_BUFFER_LIST, context_size: u16) {
        let sim = current();
        // SAFETY: the caller's NBL.
        let ctx = unsafe { (*nbl).Context };
        if ctx.is_null() {
            sim.violation(
                Rule::Protocol,
                "NdisFreeNetBufferListContext",
                "no context to free",
            );
            return;
        }
        // SAFETY: the NBL's context header.
        let header = unsafe { ctx.read_unaligned() };
        if u32::from(header.Offset) + u32::from(context_size) > u32::from(header.Size) {
            sim.violation(
                Rule::Protocol,
                "NdisFreeNetBufferListContext",
                "freeing more context than was allocated",
            );
            return;
        }
        let offset = header.Offset + context_size;
        if offset == header.Size
            && sim
                .books()
                .nbls
                .extra_contexts
                .remove(&(ctx as usize))
                .is_some()
        {
            // SAFETY: the caller's NBL; the block just removed is no longer referenced.
            unsafe { (*nbl).Context = header.Next };
        } else {
            // SAFETY: as above.
            unsafe { (*ctx).Offset = offset };
        }
    }
    #[inline(never)]
    unsafe fn ndis_oid_request(
        binding: NDIS_HANDLE,
        request: *mut NDIS_OID_REQUEST,
    ) -> NDIS_STATUS {
        let sim = current();
        sim.require_irql("NdisOidRequest", DISPATCH_LEVEL);
        match sim.find_open("NdisOidRequest", binding) {
            Some(open) => sim.oid_request(&open, request),
            None => NDIS_STATUS_CLOSING,
        }
    }
    #[inline(never)]
    unsafe fn ndis_allocate_clone_oid_request(
        source_handle: NDIS_HANDLE,
        request: *mut NDIS_OID_REQUEST,
        _tag: u32,
        clone: *mut *mut NDIS_OID_REQUEST,
    ) -> NDIS_STATUS {
        let sim = current();
        if !sim.allocation_allowed() {
            return NDIS_STATUS_RESOURCES;
        }
        // SAFETY: the caller's request lives for the call; the clone copies it.
        let mut c = Box::new(unsafe { *request });
        c.RequestHandle = std::ptr::null_mut();
        let p: *mut NDIS_OID_REQUEST = &raw mut *c;
        sim.books()
            .clones
            .insert(p as usize, (source_handle as usize, c));
        // SAFETY: the caller's out slot.
        unsafe { clone.write(p) };
        NDIS_STATUS_SUCCESS
    }
    #[inline(never)]
    unsafe fn ndis_free_clone_oid_request(
        _source_handle: NDIS_HANDLE,
        clone: *mut NDIS_OID_REQUEST,
    ) {
        let sim = current();
        if sim.books().oids.contains_key(&(clone as usize)) {
            sim.violation(
                Rule::Protocol,
                "NdisFreeCloneOidRequest",
                "freeing a clone that is still outstanding",
            );
        }
        if sim.books().clones.remove(&(clone as usize)).is_none() {
            sim.violation(
                Rule::BadHandle,
                "NdisFreeCloneOidRequest",
                format!("{clone:p} is not a clone"),
            );
        }
    }
    #[inline(never)]
    unsafe fn ndis_cancel_oid_request(binding: NDIS_HANDLE, request_id: PVOID) {
        let sim = current();
        if let Some(open) = sim.find_open("NdisCancelOidRequest", binding) {
            Sim::cancel_oid(&open, request_id);
        }
    }
    #[inline(never)]
    unsafe fn ndis_m_oid_request_complete(
        miniport: NDIS_HANDLE,
        request: *mut NDIS_OID_REQUEST,
        status: NDIS_STATUS,
    ) {
        let sim = current();
        if let Some(adapter) = sim.find_adapter("NdisMOidRequestComplete", miniport) {
            sim.oid_complete(&adapter, request, status);
        }
    }
    #[inline(never)]
    unsafe fn ndis_m_indicate_status_ex(
        miniport: NDIS_HANDLE,
        indication: *mut NDIS_STATUS_INDICATION,
    ) {
        let sim = current();
        sim.require_irql("NdisMIndicateStatusEx", DISPATCH_LEVEL);
        if let Some(adapter) = sim.find_adapter("NdisMIndicateStatusEx", miniport) {
            sim.indicate_status(&adapter, indication);
        }
    }

    #[inline(never)]
    unsafe fn ndis_allocate_memory_with_tag_priority(
        handle: NDIS_HANDLE,
        length: u32,
        tag: u32,
        _priority: u32,
    ) -> PVOID {
        let sim = current();
        if length == 0 || !sim.allocation_allowed() {
            return std::ptr::null_mut();
        }
        sim.count_tagged(tag);
        let Ok(layout) = Layout::from_size_align(length as usize, MEMORY_ALIGN) else {
            return std::ptr::null_mut();
        };
        // SAFETY: a non-zero-sized layout.
        let p = unsafe { alloc_zeroed(layout) };
        if !p.is_null() {
            let site = format!("handle {handle:p}");
            let time = sim.now();
            sim.0.st.borrow_mut().allocations.insert(
                p as usize,
                Allocation {
                    length: length as usize,
                    tag,
                    site,
                    time,
                },
            );
        }
        p.cast()
    }
    #[inline(never)]
    unsafe fn ndis_free_memory(memory: PVOID, length: u32, _memory_flags: u32) {
        let sim = current();
        let Some(a) = sim.0.st.borrow_mut().allocations.remove(&(memory as usize)) else {
            sim.violation(
                Rule::Protocol,
                "NdisFreeMemory",
                format!("{memory:p} was not allocated (or freed twice)"),
            );
            return;
        };
        if length != 0 && length as usize != a.length {
            sim.violation(
                Rule::Protocol,
                "NdisFreeMemory",
                format!("length {length} != allocated {}", a.length),
            );
        }
        let layout = Layout::from_size_align(a.length, MEMORY_ALIGN).expect("valid when allocated");
        // SAFETY: allocated above with this layout and not freed since (tracked).
        unsafe { dealloc(memory.cast(), layout) };
    }
    #[inline(never)]
    unsafe fn ndis_allocate_spin_lock(lock: *mut NDIS_SPIN_LOCK) {
        // SAFETY: the caller's lock storage.
        unsafe { lock.write(NDIS_SPIN_LOCK::default()) };
    }
    #[inline(never)]
    unsafe fn ndis_free_spin_lock(_lock: *mut NDIS_SPIN_LOCK) {}
    #[inline(never)]
    unsafe fn ndis_acquire_spin_lock(lock: *mut NDIS_SPIN_LOCK) {
        let sim = current();
        // SAFETY: the caller's initialised lock.
        let l = unsafe { &mut *lock };
        if l.SpinLock != 0 {
            sim.violation(
                Rule::Hang,
                "NdisAcquireSpinLock",
                "lock already held: a single CPU would spin forever",
            );
        }
        l.SpinLock = 1;
        l.OldIrql = sim.irql();
        sim.set_irql(DISPATCH_LEVEL);
    }
    #[inline(never)]
    unsafe fn ndis_release_spin_lock(lock: *mut NDIS_SPIN_LOCK) {
        let sim = current();
        // SAFETY: the caller's lock.
        let l = unsafe { &mut *lock };
        l.SpinLock = 0;
        sim.set_irql(l.OldIrql);
    }
    #[inline(never)]
    unsafe fn ke_raise_irql_to_dpc_level() -> KIRQL {
        let sim = current();
        let old = sim.irql();
        sim.set_irql(DISPATCH_LEVEL);
        old
    }
    #[inline(never)]
    unsafe fn ke_lower_irql(new_irql: KIRQL) {
        let sim = current();
        if new_irql > sim.irql() {
            sim.violation(
                Rule::Irql,
                "KeLowerIrql",
                format!("lowering from {} to {new_irql}", sim.irql()),
            );
        }
        sim.set_irql(new_irql);
    }
    #[inline(never)]
    unsafe fn ke_get_current_irql() -> KIRQL {
        current().irql()
    }
    #[inline(never)]
    unsafe fn ndis_initialize_event(event: *mut NDIS_EVENT) {
        // SAFETY: the caller's event storage.
        unsafe { event.write(NDIS_EVENT::default()) };
    }
    #[inline(never)]
    unsafe fn ndis_set_event(event: *mut NDIS_EVENT) {
        // SAFETY: the caller's initialised event.
        unsafe { (*event).Event.Header.SignalState = 1 };
    }
    #[inline(never)]
    unsafe fn ndis_reset_event(event: *mut NDIS_EVENT) {
        // SAFETY: the caller's initialised event.
        unsafe { (*event).Event.Header.SignalState = 0 };
    }
    #[inline(never)]
    unsafe fn ndis_wait_event(event: *mut NDIS_EVENT, ms_to_wait: u32) -> u8 {
        let sim = current();
        if !sim.require_irql("NdisWaitEvent", PASSIVE_LEVEL) {
            return 0;
        }
        // Waiting lets the rest of the system run: step the queue until the event is
        // set, the time is up, or nothing is left that could set it.
        let deadline = (ms_to_wait != 0).then(|| sim.now() + u64::from(ms_to_wait) * 10_000);
        loop {
            // SAFETY: the caller's event.
            if unsafe { (*event).Event.Header.SignalState } != 0 {
                return 1;
            }
            if deadline.is_some_and(|d| sim.now() >= d) {
                return 0;
            }
            if !sim.step() {
                if let Some(d) = deadline {
                    sim.advance(d.saturating_sub(sim.now()));
                    continue;
                }
                sim.violation(
                    Rule::Hang,
                    "NdisWaitEvent",
                    "waiting forever on an event nothing can set",
                );
                return 0;
            }
        }
    }
    #[inline(never)]
    unsafe fn ndis_allocate_io_work_item(object_handle: NDIS_HANDLE) -> NDIS_HANDLE {
        let sim = current();
        if !sim.allocation_allowed() {
            return std::ptr::null_mut();
        }
        let item = Box::new(object_handle as u64);
        let key = (&raw const *item) as usize;
        sim.books().work_items.insert(key, item);
        sim.register_handle(key, HandleKind::WorkItem);
        key as NDIS_HANDLE
    }
    #[inline(never)]
    unsafe fn ndis_queue_io_work_item(
        work_item: NDIS_HANDLE,
        routine: NDIS_IO_WORKITEM_FUNCTION,
        context: PVOID,
    ) {
        let sim = current();
        if !sim.check_handle(
            "NdisQueueIoWorkItem",
            work_item as usize,
            HandleKind::WorkItem,
        ) {
            return;
        }
        let Some(f) = routine else { return };
        let ctx = context as usize;
        let item = work_item as usize;
        sim.schedule(1, move |s| {
            let old = s.irql();
            s.set_irql(PASSIVE_LEVEL);
            // SAFETY: the driver's work routine at PASSIVE_LEVEL with its context.
            unsafe { f(ctx as PVOID, item as NDIS_HANDLE) };
            s.set_irql(old);
        });
    }
    #[inline(never)]
    unsafe fn ndis_free_io_work_item(work_item: NDIS_HANDLE) {
        let sim = current();
        if sim
            .books()
            .work_items
            .remove(&(work_item as usize))
            .is_none()
        {
            sim.violation(
                Rule::BadHandle,
                "NdisFreeIoWorkItem",
                format!("{work_item:p}"),
            );
        }
        sim.unregister_handle(work_item as usize);
    }
    #[inline(never)]
    unsafe fn ndis_get_current_system_time(time: *mut LARGE_INTEGER) {
        let now = current().now();
        // SAFETY: the caller's out slot.
        unsafe {
            time.write(LARGE_INTEGER {
                QuadPart: LONGLONG(now.cast_signed()),
            });
        };
    }
    #[inline(never)]
    unsafe fn ndis_m_sleep(microseconds: u32) {
        let sim = current();
        sim.violation(
            Rule::PollingSleep,
            "NdisMSleep",
            format!("{microseconds} us: drains must wait on events (LC-29)"),
        );
        sim.require_irql("NdisMSleep", PASSIVE_LEVEL);
        sim.advance(u64::from(microseconds) * 10);
    }
}
