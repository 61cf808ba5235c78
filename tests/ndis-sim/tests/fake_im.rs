//! The host → IM → NIC configuration before the real driver exists: a fake
//! pass-through intermediate driver, written in this test against the seam, binds to
//! the test NIC, creates a virtual miniport, and relays sends (SourceHandle saved in
//! NBL context space, LC-51), completions, receive indications and returns. The test
//! protocol binds above it as the host. Proves the simulator can carry an IM.

use std::cell::Cell;
use std::mem::offset_of;
use std::ptr;

use chimney_im::ndis::*;
use chimney_im::platform::Ndis;
use ndis_sim::testdrivers::{TestMiniport, TestProtocol};
use ndis_sim::{Sim, SimNdis};
use offload_tree::abi::{NDIS_HANDLE, NDIS_OBJECT_HEADER, NDIS_PORT_NUMBER, NDIS_STATUS, PVOID};

/// One binding of the fake IM and the virtual miniport on top of it.
#[derive(Default)]
struct Binding {
    lower: Cell<NDIS_HANDLE>,
    vm: Cell<NDIS_HANDLE>,
}

struct FakeIm {
    miniport_driver: Cell<NDIS_HANDLE>,
    protocol: Cell<NDIS_HANDLE>,
}

fn im(ctx: NDIS_HANDLE) -> &'static FakeIm {
    // SAFETY: the driver/protocol context is the leaked FakeIm.
    unsafe { &*ctx.cast::<FakeIm>() }
}

fn binding(ctx: NDIS_HANDLE) -> &'static Binding {
    // SAFETY: binding and adapter contexts are the leaked Binding.
    unsafe { &*ctx.cast::<Binding>() }
}

const CONTEXT: u16 = 16;

/// Where this layer's context bytes of an NBL start.
fn context_data(nbl: PNET_BUFFER_LIST) -> *mut PVOID {
    // SAFETY: an NBL handed to this driver.
    let ctx = unsafe { (*nbl).Context };
    // SAFETY: the NBL's current context header.
    let offset = unsafe { (*ctx).Offset };
    ctx.cast::<u8>()
        .wrapping_add(offset_of!(NET_BUFFER_LIST_CONTEXT, ContextData) + usize::from(offset))
        .cast()
}

unsafe extern "system" fn mp_init(
    handle: NDIS_HANDLE,
    _d: NDIS_HANDLE,
    p: PNDIS_MINIPORT_INIT_PARAMETERS,
) -> NDIS_STATUS {
    // SAFETY: NDIS's parameters for this call.
    let ctx = unsafe { (*p).IMDeviceInstanceContext };
    binding(ctx).vm.set(handle);
    let mut reg = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        RegistrationAttributes: NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
                2,
                0,
            ),
            MiniportAdapterContext: ctx,
            ..Default::default()
        },
    };
    // SAFETY: attributes valid for the call.
    unsafe { SimNdis::ndis_m_set_miniport_attributes(handle, &raw mut reg) }
}
unsafe extern "system" fn mp_halt(_c: NDIS_HANDLE, _a: NDIS_HALT_ACTION) {}
unsafe extern "system" fn mp_pause(
    _c: NDIS_HANDLE,
    _p: PNDIS_MINIPORT_PAUSE_PARAMETERS,
) -> NDIS_STATUS {
    NDIS_STATUS_SUCCESS
}
unsafe extern "system" fn mp_restart(
    _c: NDIS_HANDLE,
    _p: PNDIS_MINIPORT_RESTART_PARAMETERS,
) -> NDIS_STATUS {
    NDIS_STATUS_SUCCESS
}
unsafe extern "system" fn mp_oid(_c: NDIS_HANDLE, _r: PNDIS_OID_REQUEST) -> NDIS_STATUS {
    NDIS_STATUS_NOT_SUPPORTED
}
unsafe extern "system" fn mp_send(
    c: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    port: NDIS_PORT_NUMBER,
    flags: u32,
) {
    let b = binding(c);
    let mut n = chain;
    while !n.is_null() {
        // SAFETY: an NBL of the chain NDIS handed over; 16 bytes of context per layer.
        let s = unsafe { SimNdis::ndis_allocate_net_buffer_list_context(n, CONTEXT, 0, 0) };
        assert_eq!(s, NDIS_STATUS_SUCCESS);
        // SAFETY: the NBL is ours until sent down.
        let source = unsafe { (*n).SourceHandle };
        // SAFETY: this layer's fresh context bytes.
        unsafe { context_data(n).write(source) };
        // SAFETY: as above.
        unsafe { (*n).SourceHandle = b.lower.get() };
        // SAFETY: as above.
        n = unsafe { (*n).Next() };
    }
    // SAFETY: the same chain, down the IM's own binding.
    unsafe { SimNdis::ndis_send_net_buffer_lists(b.lower.get(), chain, port, flags) };
}
unsafe extern "system" fn mp_return(c: NDIS_HANDLE, chain: PNET_BUFFER_LIST, flags: u32) {
    // SAFETY: receive NBLs the host returned, back to the binding they came from.
    unsafe { SimNdis::ndis_return_net_buffer_lists(binding(c).lower.get(), chain, flags) };
}
unsafe extern "system" fn mp_nop(_c: NDIS_HANDLE, _x: PVOID) {}
unsafe extern "system" fn mp_pnp(_c: NDIS_HANDLE, _e: PNET_DEVICE_PNP_EVENT) {}
unsafe extern "system" fn mp_shutdown(_c: NDIS_HANDLE, _a: NDIS_SHUTDOWN_ACTION) {}

unsafe extern "system" fn pr_bind(
    ctx: NDIS_HANDLE,
    bind_context: NDIS_HANDLE,
    _p: PNDIS_BIND_PARAMETERS,
) -> NDIS_STATUS {
    let me = im(ctx);
    let b: &'static Binding = Box::leak(Box::default());
    let bctx: NDIS_HANDLE = ptr::from_ref(b).cast_mut().cast();
    let mut params = NDIS_OPEN_PARAMETERS::default();
    let mut lower = ptr::null_mut();
    // SAFETY: the open from the bind handler.
    let s = unsafe {
        SimNdis::ndis_open_adapter_ex(
            me.protocol.get(),
            bctx,
            &raw mut params,
            bind_context,
            &raw mut lower,
        )
    };
    if s != NDIS_STATUS_SUCCESS {
        return s;
    }
    b.lower.set(lower);
    let mut name: Vec<u16> = "vm0".encode_utf16().collect();
    let mut instance = NDIS_STRING {
        Length: 6,
        MaximumLength: 6,
        Buffer: name.as_mut_ptr(),
    };
    // SAFETY: the IM's own driver handle, an instance name valid for the call.
    unsafe {
        SimNdis::ndis_im_initialize_device_instance_ex(
            me.miniport_driver.get(),
            &raw mut instance,
            bctx,
        )
    }
}
unsafe extern "system" fn pr_unbind(_u: NDIS_HANDLE, ctx: NDIS_HANDLE) -> NDIS_STATUS {
    let b = binding(ctx);
    // SAFETY: the IM's virtual miniport; then its own binding.
    unsafe { SimNdis::ndis_im_deinitialize_device_instance(b.vm.get()) };
    ndis_sim::current().run_until_idle();
    // SAFETY: as above.
    unsafe { SimNdis::ndis_close_adapter_ex(b.lower.get()) }
}
unsafe extern "system" fn pr_open_done(_c: NDIS_HANDLE, _s: NDIS_STATUS) {}
unsafe extern "system" fn pr_close_done(_c: NDIS_HANDLE) {}
unsafe extern "system" fn pr_pnp(_c: NDIS_HANDLE, _n: PNET_PNP_EVENT_NOTIFICATION) -> NDIS_STATUS {
    NDIS_STATUS_SUCCESS
}
unsafe extern "system" fn pr_oid_done(_c: NDIS_HANDLE, _r: PNDIS_OID_REQUEST, _s: NDIS_STATUS) {}
unsafe extern "system" fn pr_status(_c: NDIS_HANDLE, _i: PNDIS_STATUS_INDICATION) {}
unsafe extern "system" fn pr_receive(
    c: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    port: NDIS_PORT_NUMBER,
    n: u32,
    flags: u32,
) {
    // SAFETY: the same chain, up the virtual miniport.
    unsafe {
        SimNdis::ndis_m_indicate_receive_net_buffer_lists(
            binding(c).vm.get(),
            chain,
            port,
            n,
            flags,
        );
    }
}
unsafe extern "system" fn pr_send_done(c: NDIS_HANDLE, chain: PNET_BUFFER_LIST, flags: u32) {
    let mut n = chain;
    while !n.is_null() {
        // SAFETY: this layer's context bytes of an NBL it sent, back from below.
        let source = unsafe { context_data(n).read() };
        // SAFETY: the NBL is this layer's again until completed up.
        unsafe { (*n).SourceHandle = source };
        // SAFETY: as above.
        unsafe { SimNdis::ndis_free_net_buffer_list_context(n, CONTEXT) };
        // SAFETY: as above.
        n = unsafe { (*n).Next() };
    }
    // SAFETY: the completed chain, up to the sender through the virtual miniport.
    unsafe { SimNdis::ndis_m_send_net_buffer_lists_complete(binding(c).vm.get(), chain, flags) };
}

fn register_fake_im(sim: &Sim) {
    let _e = sim.enter();
    let me: &'static FakeIm = Box::leak(Box::new(FakeIm {
        miniport_driver: Cell::new(ptr::null_mut()),
        protocol: Cell::new(ptr::null_mut()),
    }));
    let ctx: NDIS_HANDLE = ptr::from_ref(me).cast_mut().cast();
    let mut mchars = NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, 2, 0),
        MajorNdisVersion: 6,
        MinorNdisVersion: 30,
        Flags: NDIS_INTERMEDIATE_DRIVER,
        InitializeHandlerEx: Some(mp_init),
        HaltHandlerEx: Some(mp_halt),
        PauseHandler: Some(mp_pause),
        RestartHandler: Some(mp_restart),
        OidRequestHandler: Some(mp_oid),
        SendNetBufferListsHandler: Some(mp_send),
        ReturnNetBufferListsHandler: Some(mp_return),
        CancelSendHandler: Some(mp_nop),
        DevicePnPEventNotifyHandler: Some(mp_pnp),
        ShutdownHandlerEx: Some(mp_shutdown),
        CancelOidRequestHandler: Some(mp_nop),
        ..Default::default()
    };
    let mut handle = ptr::null_mut();
    let obj = sim.new_driver_object();
    // SAFETY: registration with valid characteristics.
    let s = unsafe {
        SimNdis::ndis_m_register_miniport_driver(
            obj,
            ptr::null_mut(),
            ctx,
            &raw mut mchars,
            &raw mut handle,
        )
    };
    assert_eq!(s, NDIS_STATUS_SUCCESS);
    me.miniport_driver.set(handle);
    let mut name: Vec<u16> = "fakeim".encode_utf16().collect();
    let mut pchars = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, 2, 0),
        MajorNdisVersion: 6,
        MinorNdisVersion: 30,
        Name: NDIS_STRING {
            Length: 12,
            MaximumLength: 12,
            Buffer: name.as_mut_ptr(),
        },
        BindAdapterHandlerEx: Some(pr_bind),
        UnbindAdapterHandlerEx: Some(pr_unbind),
        OpenAdapterCompleteHandlerEx: Some(pr_open_done),
        CloseAdapterCompleteHandlerEx: Some(pr_close_done),
        NetPnPEventHandler: Some(pr_pnp),
        OidRequestCompleteHandler: Some(pr_oid_done),
        StatusHandlerEx: Some(pr_status),
        ReceiveNetBufferListsHandler: Some(pr_receive),
        SendNetBufferListsCompleteHandler: Some(pr_send_done),
        ..Default::default()
    };
    let mut phandle = ptr::null_mut();
    // SAFETY: registration with valid characteristics.
    let s =
        unsafe { SimNdis::ndis_register_protocol_driver(ctx, &raw mut pchars, &raw mut phandle) };
    assert_eq!(s, NDIS_STATUS_SUCCESS);
    me.protocol.set(phandle);
    // SAFETY: the two handles just registered.
    unsafe { SimNdis::ndis_im_associate_miniport(handle, phandle) };
}

#[test]
fn host_to_im_to_nic_carries_sends_and_receives() {
    let sim = Sim::new(31);
    sim.allow_binding("fakeim", "nic0");
    sim.allow_binding("host", "vm0");
    let nic = TestMiniport::register(&sim);
    let (_nic_adapter, nic0) = nic.add_adapter(&sim, "nic0");
    register_fake_im(&sim);
    let host = TestProtocol::register(&sim, "host");
    sim.run_until_idle();
    assert!(
        sim.adapter_named("vm0").is_some(),
        "the IM created its virtual miniport"
    );
    let hb = host.binding(0);

    let before = sim.allocation_count();
    host.send(&sim, &hb, &[b"alpha", b"beta", b"gamma"]);
    sim.run_until_idle();
    assert_eq!(
        nic0.sent.borrow().as_slice(),
        [b"alpha".to_vec(), b"beta".to_vec(), b"gamma".to_vec()]
    );
    let done: Vec<Vec<u8>> = hb
        .completed
        .borrow()
        .iter()
        .map(|(p, _)| p.clone())
        .collect();
    assert_eq!(
        done,
        nic0.sent.borrow().clone(),
        "every send completed once, in order, to the host"
    );
    assert_eq!(
        sim.allocation_count(),
        before,
        "the IM used spare NBL context space only"
    );

    let _e = sim.enter();
    let nbls = nic0.indicate(&sim, &[b"in-1", b"in-2"], 0);
    assert_eq!(
        hb.received.borrow().as_slice(),
        [b"in-1".to_vec(), b"in-2".to_vec()]
    );
    assert_eq!(
        nic0.returned.borrow().as_slice(),
        nbls.as_slice(),
        "returns reach the NIC through the IM"
    );

    let im_open = sim.opens_of(&sim.protocol_named("fakeim").unwrap())[0].clone();
    sim.unbind(&im_open);
    sim.run_until_idle();
    assert_eq!(sim.check_leaks(), 0);
    sim.assert_clean();
}
