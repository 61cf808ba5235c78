//! A minimal test miniport and test protocol, real NDIS drivers written against the
//! seam (`SimNdis`), used to prove the simulator's routing and to build deliberately
//! broken drivers for the Verifier rule tests. Not the host-stack or NIC models.

use std::cell::{Cell, RefCell};
use std::ptr;
use std::rc::Rc;

use chimney_im::ndis::*;
use chimney_im::platform::Ndis;
use offload_tree::abi::{NDIS_HANDLE, NDIS_PORT_NUMBER, NDIS_STATUS, PVOID};

use crate::core::{Sim, current};
use crate::nbl;
use crate::ndis_impl::SimNdis;
use crate::objects::{Adapter, MiniportDriver, ProtocolDriver};

/// How the test miniport completes sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendMode {
    /// Inside MiniportSendNetBufferLists.
    Inline,
    /// From the event queue after this many ticks.
    Delayed(u64),
    /// Never, until `TestAdapter::complete_held` is called.
    Hold,
}

/// Knobs and records of one test adapter. Broken behaviours are for rule tests.
pub struct TestAdapter {
    /// NdisMiniportHandle.
    pub handle: Cell<NDIS_HANDLE>,
    /// Payloads of every NBL sent to it.
    pub sent: RefCell<Vec<Vec<u8>>>,
    /// OIDs it was asked, in order.
    pub oids: RefCell<Vec<u32>>,
    /// Set requests received: (OID, the bytes of their buffer).
    pub set_values: RefCell<Vec<(u32, Vec<u8>)>>,
    /// Send completion mode.
    pub send_mode: Cell<SendMode>,
    /// NBLs held (SendMode::Hold).
    pub held: RefCell<Vec<PNET_BUFFER_LIST>>,
    /// Pend OID requests and complete them after this many ticks (0 = synchronous).
    pub oid_delay: Cell<u64>,
    /// Never complete a pended OID.
    pub oid_never: Cell<bool>,
    /// Pend MiniportPause; complete after this many ticks (None = never).
    pub pause_delay: Cell<Option<u64>>,
    /// BROKEN: complete each send twice.
    pub double_complete: Cell<bool>,
    /// BROKEN: scribble on the sender's ProtocolReserved.
    pub touch_canary: Cell<bool>,
    /// BROKEN: call a PASSIVE-only function at DISPATCH_LEVEL while sending.
    pub wrong_irql: Cell<bool>,
    /// BROKEN: allocate at initialize and never free.
    pub leak: Cell<bool>,
    /// BROKEN: poll with NdisMSleep at halt.
    pub poll_sleep: Cell<bool>,
    /// Memory it holds.
    memory: Cell<PVOID>,
    /// Receive NBLs it indicated and got back.
    pub returned: RefCell<Vec<PNET_BUFFER_LIST>>,
}

impl TestAdapter {
    fn new() -> Self {
        Self {
            handle: Cell::new(ptr::null_mut()),
            sent: RefCell::default(),
            oids: RefCell::default(),
            set_values: RefCell::default(),
            send_mode: Cell::new(SendMode::Inline),
            held: RefCell::default(),
            oid_delay: Cell::new(0),
            oid_never: Cell::new(false),
            pause_delay: Cell::new(Some(0)),
            double_complete: Cell::new(false),
            touch_canary: Cell::new(false),
            wrong_irql: Cell::new(false),
            leak: Cell::new(false),
            poll_sleep: Cell::new(false),
            memory: Cell::new(ptr::null_mut()),
            returned: RefCell::default(),
        }
    }

    /// Complete every held send.
    pub fn complete_held(&self) {
        let held: Vec<PNET_BUFFER_LIST> = self.held.borrow_mut().drain(..).collect();
        if !held.is_empty() {
            let head = nbl::link(&held);
            // SAFETY: the sends this adapter holds, completed once to NDIS.
            unsafe { SimNdis::ndis_m_send_net_buffer_lists_complete(self.handle.get(), head, 0) };
        }
    }

    /// Indicate `payloads` as received NBLs.
    pub fn indicate(&self, sim: &Sim, payloads: &[&[u8]], flags: u32) -> Vec<PNET_BUFFER_LIST> {
        let nbls: Vec<PNET_BUFFER_LIST> = payloads
            .iter()
            .map(|p| sim.books().nbls.allocate(p))
            .collect();
        let head = nbl::link(&nbls);
        // SAFETY: NBLs the simulator owns, indicated by this adapter's miniport handle.
        unsafe {
            SimNdis::ndis_m_indicate_receive_net_buffer_lists(
                self.handle.get(),
                head,
                0,
                nbls.len() as u32,
                flags,
            );
        };
        if flags & NDIS_RECEIVE_FLAGS_RESOURCES != 0 {
            self.returned.borrow_mut().extend(&nbls);
        }
        nbls
    }
}

/// The test miniport driver.
pub struct TestMiniport {
    /// Its registration in the simulator.
    pub driver: Rc<MiniportDriver>,
    /// Its adapters' contexts, in creation order.
    pub adapters: RefCell<Vec<Rc<TestAdapter>>>,
    /// Whether it is a chimney offload target (`testchimney`).
    pub chimney: Cell<bool>,
}

unsafe extern "system" fn tm_set_options(driver: NDIS_HANDLE, ctx: NDIS_HANDLE) -> NDIS_STATUS {
    if miniport_ctx(ctx).chimney.get() {
        return crate::testchimney::register_provider(driver);
    }
    NDIS_STATUS_SUCCESS
}

fn miniport_ctx(context: NDIS_HANDLE) -> &'static TestMiniport {
    // SAFETY: the driver context is the leaked TestMiniport (see `register`).
    unsafe { &*context.cast::<TestMiniport>() }
}

fn adapter_ctx(context: NDIS_HANDLE) -> &'static TestAdapter {
    // SAFETY: the adapter context is an Rc<TestAdapter> kept alive by its TestMiniport.
    unsafe { &*context.cast::<TestAdapter>() }
}

unsafe extern "system" fn tm_initialize(
    handle: NDIS_HANDLE,
    driver_ctx: NDIS_HANDLE,
    _p: PNDIS_MINIPORT_INIT_PARAMETERS,
) -> NDIS_STATUS {
    let driver = miniport_ctx(driver_ctx);
    let adapter = Rc::new(TestAdapter::new());
    adapter.handle.set(handle);
    let ctx = Rc::as_ptr(&adapter).cast_mut().cast();
    driver.adapters.borrow_mut().push(adapter.clone());
    let mut reg = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        RegistrationAttributes: NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
            Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
                2,
                0,
            ),
            MiniportAdapterContext: ctx,
            ..Default::default()
        },
    };
    // SAFETY: attributes valid for the call, from MiniportInitializeEx.
    let s = unsafe { SimNdis::ndis_m_set_miniport_attributes(handle, &raw mut reg) };
    let mut general = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        GeneralAttributes: NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
            Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
                2,
                0,
            ),
            MtuSize: 1500,
            MacAddressLength: 6,
            ..Default::default()
        },
    };
    // SAFETY: as above.
    let g = unsafe { SimNdis::ndis_m_set_miniport_attributes(handle, &raw mut general) };
    if s != 0 || g != 0 {
        return NDIS_STATUS_FAILURE;
    }
    if driver.chimney.get() {
        crate::testchimney::fetch_upcalls(handle);
    }
    if adapter.leak.get() || current().0.st.borrow().fail_allocation_at == Some(u64::MAX) {
        // SAFETY: plain allocation through the seam.
        adapter.memory.set(unsafe {
            SimNdis::ndis_allocate_memory_with_tag_priority(handle, 64, 0x7473_6554, 0)
        });
    }
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn tm_halt(ctx: NDIS_HANDLE, _action: NDIS_HALT_ACTION) {
    let a = adapter_ctx(ctx);
    if a.poll_sleep.get() {
        // SAFETY: a PASSIVE_LEVEL call, made by this broken driver on purpose.
        unsafe { SimNdis::ndis_m_sleep(2000) };
    }
    let m = a.memory.get();
    if !m.is_null() && !a.leak.get() {
        // SAFETY: the block allocated at initialize.
        unsafe { SimNdis::ndis_free_memory(m, 64, 0) };
    }
}

unsafe extern "system" fn tm_unload(_d: PDRIVER_OBJECT) {}

unsafe extern "system" fn tm_pause(
    ctx: NDIS_HANDLE,
    _p: PNDIS_MINIPORT_PAUSE_PARAMETERS,
) -> NDIS_STATUS {
    let a = adapter_ctx(ctx);
    match a.pause_delay.get() {
        Some(0) => NDIS_STATUS_SUCCESS,
        Some(d) => {
            let h = a.handle.get() as usize;
            current().schedule(d, move |_| complete_pause(h));
            NDIS_STATUS_PENDING
        }
        None => NDIS_STATUS_PENDING,
    }
}

/// The OID a request carries (query, set and method arms start alike).
fn oid_of(request: PNDIS_OID_REQUEST) -> u32 {
    // SAFETY: a request NDIS passed, valid until completed.
    let r = unsafe { &*request };
    // SAFETY: every DATA arm begins with the OID.
    unsafe { r.DATA.QUERY_INFORMATION.Oid }
}

fn complete_pause(h: usize) {
    // SAFETY: the adapter's own handle, its pause pending.
    unsafe { SimNdis::ndis_m_pause_complete(h as NDIS_HANDLE) };
}

fn complete_oid(h: usize, r: usize) {
    // SAFETY: the adapter's own handle and the request it pended, completed once.
    unsafe {
        SimNdis::ndis_m_oid_request_complete(
            h as NDIS_HANDLE,
            r as PNDIS_OID_REQUEST,
            NDIS_STATUS_SUCCESS,
        );
    }
}

fn complete_sends(h: usize, c: usize) {
    // SAFETY: the adapter's own handle and a chain it was sent, completed once.
    unsafe {
        SimNdis::ndis_m_send_net_buffer_lists_complete(h as NDIS_HANDLE, c as PNET_BUFFER_LIST, 0);
    }
}

unsafe extern "system" fn tm_restart(
    _ctx: NDIS_HANDLE,
    _p: PNDIS_MINIPORT_RESTART_PARAMETERS,
) -> NDIS_STATUS {
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn tm_oid(ctx: NDIS_HANDLE, request: PNDIS_OID_REQUEST) -> NDIS_STATUS {
    let a = adapter_ctx(ctx);
    let oid = oid_of(request);
    a.oids.borrow_mut().push(oid);
    // SAFETY: NDIS's request, valid until completed.
    let r = unsafe { &*request };
    if r.RequestType == NDIS_REQUEST_TYPE::NdisRequestSetInformation {
        // SAFETY: a set request: the set arm is the valid one.
        let set = unsafe { r.DATA.SET_INFORMATION };
        let bytes = if set.InformationBuffer.is_null() {
            Vec::new()
        } else {
            // SAFETY: the requester's buffer of InformationBufferLength bytes.
            unsafe {
                std::slice::from_raw_parts(
                    set.InformationBuffer.cast::<u8>(),
                    set.InformationBufferLength as usize,
                )
            }
            .to_vec()
        };
        a.set_values.borrow_mut().push((oid, bytes));
    }
    let delay = a.oid_delay.get();
    if delay == 0 && !a.oid_never.get() {
        return NDIS_STATUS_SUCCESS;
    }
    if !a.oid_never.get() {
        let (h, r) = (a.handle.get() as usize, request as usize);
        current().schedule(delay, move |_| complete_oid(h, r));
    }
    NDIS_STATUS_PENDING
}

unsafe extern "system" fn tm_send(
    ctx: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    _port: NDIS_PORT_NUMBER,
    _flags: u32,
) {
    let a = adapter_ctx(ctx);
    let sim = current();
    for n in nbl::chain(chain) {
        if let Some(p) = sim.books().nbls.payload(n) {
            a.sent.borrow_mut().push(p);
        }
        if a.touch_canary.get() {
            let mut r = nbl::protocol_reserved(n);
            r[0] = ptr::null_mut();
            nbl::set_protocol_reserved(n, r);
        }
        nbl::set_status(n, NDIS_STATUS_SUCCESS);
    }
    if a.wrong_irql.get() {
        // SAFETY: deliberately broken: a PASSIVE-only call at DISPATCH_LEVEL.
        let old = unsafe { SimNdis::ke_raise_irql_to_dpc_level() };
        let mut e = NDIS_EVENT::default();
        // SAFETY: as above; the event lives on this frame.
        unsafe { SimNdis::ndis_wait_event(&raw mut e, 1) };
        // SAFETY: restores the raise above.
        unsafe { SimNdis::ke_lower_irql(old) };
    }
    let h = a.handle.get();
    match a.send_mode.get() {
        SendMode::Inline => {
            // SAFETY: completes the chain it was given, once.
            unsafe { SimNdis::ndis_m_send_net_buffer_lists_complete(h, chain, 0) };
            if a.double_complete.get() {
                // SAFETY: deliberately broken: the same chain again.
                unsafe { SimNdis::ndis_m_send_net_buffer_lists_complete(h, chain, 0) };
            }
        }
        SendMode::Delayed(d) => {
            let (h, c) = (h as usize, chain as usize);
            sim.schedule(d, move |_| complete_sends(h, c));
        }
        SendMode::Hold => a.held.borrow_mut().extend(nbl::chain(chain)),
    }
}

unsafe extern "system" fn tm_return(ctx: NDIS_HANDLE, chain: PNET_BUFFER_LIST, _flags: u32) {
    adapter_ctx(ctx)
        .returned
        .borrow_mut()
        .extend(nbl::chain(chain));
}

unsafe extern "system" fn tm_cancel_send(_ctx: NDIS_HANDLE, _id: PVOID) {}
unsafe extern "system" fn tm_pnp(_ctx: NDIS_HANDLE, _e: PNET_DEVICE_PNP_EVENT) {}
unsafe extern "system" fn tm_shutdown(_ctx: NDIS_HANDLE, _a: NDIS_SHUTDOWN_ACTION) {}
unsafe extern "system" fn tm_cancel_oid(_ctx: NDIS_HANDLE, _id: PVOID) {}

impl TestMiniport {
    /// Register the test miniport driver (as its DriverEntry would).
    #[must_use]
    pub fn register(sim: &Sim) -> &'static TestMiniport {
        Self::register_as(sim, false)
    }

    /// Register the test miniport as a chimney offload target (`testchimney`).
    #[must_use]
    pub fn register_chimney(sim: &Sim) -> &'static TestMiniport {
        Self::register_as(sim, true)
    }

    fn register_as(sim: &Sim, chimney: bool) -> &'static TestMiniport {
        let _e = sim.enter();
        let me: &'static mut TestMiniport = Box::leak(Box::new(TestMiniport {
            // Filled right below, once the simulator has the registration.
            driver: Rc::new(placeholder_driver()),
            adapters: RefCell::default(),
            chimney: Cell::new(chimney),
        }));
        let mut chars = NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
            Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
                2,
                0,
            ),
            MajorNdisVersion: 6,
            MinorNdisVersion: 30,
            SetOptionsHandler: Some(tm_set_options),
            InitializeHandlerEx: Some(tm_initialize),
            HaltHandlerEx: Some(tm_halt),
            UnloadHandler: Some(tm_unload),
            PauseHandler: Some(tm_pause),
            RestartHandler: Some(tm_restart),
            OidRequestHandler: Some(tm_oid),
            SendNetBufferListsHandler: Some(tm_send),
            ReturnNetBufferListsHandler: Some(tm_return),
            CancelSendHandler: Some(tm_cancel_send),
            DevicePnPEventNotifyHandler: Some(tm_pnp),
            ShutdownHandlerEx: Some(tm_shutdown),
            CancelOidRequestHandler: Some(tm_cancel_oid),
            ..Default::default()
        };
        let driver_object = sim.new_driver_object();
        let mut handle: NDIS_HANDLE = ptr::null_mut();
        let ctx: NDIS_HANDLE = (&raw mut *me).cast();
        // SAFETY: registration from "DriverEntry" with valid characteristics.
        let status = unsafe {
            SimNdis::ndis_m_register_miniport_driver(
                driver_object,
                ptr::null_mut(),
                ctx,
                &raw mut chars,
                &raw mut handle,
            )
        };
        assert_eq!(status, NDIS_STATUS_SUCCESS, "test miniport registration");
        me.driver = sim.find_miniport_driver(handle).expect("registered");
        me
    }

    /// Create an adapter named `name` and return the simulator's view and the driver's.
    #[must_use]
    pub fn add_adapter(&self, sim: &Sim, name: &str) -> (Rc<Adapter>, Rc<TestAdapter>) {
        let adapter = sim.add_adapter(&self.driver, name, ptr::null_mut());
        let ctx = self.adapters.borrow().last().cloned().expect("initialized");
        (adapter, ctx)
    }
}

fn placeholder_driver() -> MiniportDriver {
    MiniportDriver {
        name: String::new(),
        chars: NDIS_MINIPORT_DRIVER_CHARACTERISTICS::default(),
        context: ptr::null_mut(),
        intermediate: false,
        provider_generic: Cell::new(None),
        provider_tcp: Cell::new(None),
        associated_protocol: RefCell::new(std::rc::Weak::new()),
        deregistered: Cell::new(false),
    }
}

/// One binding of the test protocol.
pub struct TestBinding {
    /// NdisBindingHandle.
    pub handle: Cell<NDIS_HANDLE>,
    /// Send completions: (payload, status).
    pub completed: RefCell<Vec<(Vec<u8>, NDIS_STATUS)>>,
    /// Received payloads.
    pub received: RefCell<Vec<Vec<u8>>>,
    /// Hold received NBLs instead of returning them at once.
    pub hold_receives: Cell<bool>,
    /// Held received NBLs.
    pub held: RefCell<Vec<PNET_BUFFER_LIST>>,
    /// OID completions: (oid, status).
    pub oid_done: RefCell<Vec<(u32, NDIS_STATUS)>>,
    /// Status indications seen.
    pub statuses: RefCell<Vec<NDIS_STATUS>>,
    /// Each status indication's buffer, copied (empty when it had none).
    pub status_buffers: RefCell<Vec<Vec<u8>>>,
    /// PnP events seen.
    pub pnp: RefCell<Vec<NET_PNP_EVENT_CODE>>,
    /// Pend NetEventPause (the notification is kept in `pending_pause`).
    pub pend_pause: Cell<bool>,
    /// The pended NetEventPause, until the test completes it.
    pub pending_pause: Cell<usize>,
    /// ProtocolUnbindAdapterEx ran while a NetEventPause was still pended.
    pub unbound_while_pausing: Cell<bool>,
    /// BROKEN: return each received NBL twice.
    pub double_return: Cell<bool>,
    /// The bind parameters it was bound with (pointer members copied out).
    pub bind_params: Cell<Option<BindSeen>>,
    /// The general restart attributes of each NetEventRestart that carried any.
    pub restarts: RefCell<Vec<NDIS_RESTART_GENERAL_ATTRIBUTES>>,
}

/// What a test binding saw in its bind parameters.
#[derive(Clone, Copy, Debug)]
pub struct BindSeen {
    /// The parameters (pointer members as passed: only null or not is meaningful).
    pub params: NDIS_BIND_PARAMETERS,
    /// PowerManagementCapabilitiesEx, copied.
    pub pm: Option<NDIS_PM_CAPABILITIES>,
    /// RcvScaleCapabilities, copied.
    pub rss: Option<NDIS_RECEIVE_SCALE_CAPABILITIES>,
}

/// Copy what a bind's parameters show (NDIS's, valid for the bind call).
fn bind_seen(p: PNDIS_BIND_PARAMETERS) -> Option<BindSeen> {
    // SAFETY: NDIS's bind parameters, valid for the call (null checked).
    let params = unsafe { p.as_ref() }.copied()?;
    Some(BindSeen {
        params,
        // SAFETY: null or NDIS's structure, valid for the bind call.
        pm: unsafe { params.PowerManagementCapabilitiesEx.as_ref() }.copied(),
        // SAFETY: as above.
        rss: unsafe { params.RcvScaleCapabilities.as_ref() }.copied(),
    })
}

/// The general attributes a NetEventRestart carries, if any.
fn restart_seen(n: PNET_PNP_EVENT_NOTIFICATION) -> Option<NDIS_RESTART_GENERAL_ATTRIBUTES> {
    // SAFETY: the notification NDIS passed, valid for the call.
    let event = unsafe { (*n).NetPnPEvent };
    if event.Buffer.is_null()
        || (event.BufferLength as usize) < size_of::<NDIS_PROTOCOL_RESTART_PARAMETERS>()
    {
        return None;
    }
    // SAFETY: the restart parameters (length checked), read unaligned.
    let params = unsafe {
        event
            .Buffer
            .cast::<NDIS_PROTOCOL_RESTART_PARAMETERS>()
            .read_unaligned()
    };
    let entry = params.RestartAttributes;
    // SAFETY: null or NDIS's list head, valid for the call.
    let e = unsafe { entry.as_ref() }?;
    (e.Oid == OID_GEN_MINIPORT_RESTART_ATTRIBUTES).then(|| {
        // SAFETY: the entry's data is a general-attributes structure (its Oid).
        unsafe {
            (&raw const e.Data)
                .cast::<NDIS_RESTART_GENERAL_ATTRIBUTES>()
                .read_unaligned()
        }
    })
}

/// The test protocol driver.
pub struct TestProtocol {
    /// Its registration.
    pub protocol: RefCell<Option<Rc<ProtocolDriver>>>,
    /// NdisProtocolHandle.
    pub handle: Cell<NDIS_HANDLE>,
    /// Its bindings, in bind order.
    pub bindings: RefCell<Vec<Rc<TestBinding>>>,
    name: Vec<u16>,
    /// Whether it is a chimney client (`testchimney`).
    pub chimney: Cell<bool>,
}

fn protocol_ctx(context: NDIS_HANDLE) -> &'static TestProtocol {
    // SAFETY: the protocol context is the leaked TestProtocol.
    unsafe { &*context.cast::<TestProtocol>() }
}

fn binding_ctx(context: NDIS_HANDLE) -> &'static TestBinding {
    // SAFETY: binding contexts are Rc<TestBinding> kept by their TestProtocol.
    unsafe { &*context.cast::<TestBinding>() }
}

unsafe extern "system" fn tp_set_options(h: NDIS_HANDLE, c: NDIS_HANDLE) -> NDIS_STATUS {
    if protocol_ctx(c).chimney.get() {
        return crate::testchimney::register_client(h);
    }
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn tp_bind(
    ctx: NDIS_HANDLE,
    bind_context: NDIS_HANDLE,
    p: PNDIS_BIND_PARAMETERS,
) -> NDIS_STATUS {
    let me = protocol_ctx(ctx);
    let binding = Rc::new(TestBinding {
        handle: Cell::new(ptr::null_mut()),
        completed: RefCell::default(),
        received: RefCell::default(),
        hold_receives: Cell::new(false),
        held: RefCell::default(),
        oid_done: RefCell::default(),
        statuses: RefCell::default(),
        status_buffers: RefCell::default(),
        pnp: RefCell::default(),
        pend_pause: Cell::new(false),
        pending_pause: Cell::new(0),
        unbound_while_pausing: Cell::new(false),
        double_return: Cell::new(false),
        bind_params: Cell::new(bind_seen(p)),
        restarts: RefCell::default(),
    });
    let mut params = NDIS_OPEN_PARAMETERS::default();
    let mut handle = ptr::null_mut();
    let bctx: NDIS_HANDLE = Rc::as_ptr(&binding).cast_mut().cast();
    // SAFETY: the open from inside ProtocolBindAdapterEx with its bind context.
    let status = unsafe {
        SimNdis::ndis_open_adapter_ex(
            me.handle.get(),
            bctx,
            &raw mut params,
            bind_context,
            &raw mut handle,
        )
    };
    if status != NDIS_STATUS_SUCCESS {
        return status;
    }
    binding.handle.set(handle);
    me.bindings.borrow_mut().push(binding);
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn tp_unbind(_unbind: NDIS_HANDLE, ctx: NDIS_HANDLE) -> NDIS_STATUS {
    let b = binding_ctx(ctx);
    b.unbound_while_pausing.set(b.pending_pause.get() != 0);
    // SAFETY: closing its own binding from the unbind handler.
    unsafe { SimNdis::ndis_close_adapter_ex(b.handle.get()) }
}

unsafe extern "system" fn tp_open_complete(_ctx: NDIS_HANDLE, _s: NDIS_STATUS) {}
unsafe extern "system" fn tp_close_complete(_ctx: NDIS_HANDLE) {}

unsafe extern "system" fn tp_pnp(ctx: NDIS_HANDLE, n: PNET_PNP_EVENT_NOTIFICATION) -> NDIS_STATUS {
    // SAFETY: the notification NDIS passed.
    let code = unsafe { (*n).NetPnPEvent.NetEvent };
    let b = binding_ctx(ctx);
    b.pnp.borrow_mut().push(code);
    if code == NET_PNP_EVENT_CODE::NetEventRestart
        && let Some(g) = restart_seen(n)
    {
        b.restarts.borrow_mut().push(g);
    }
    if code == NET_PNP_EVENT_CODE::NetEventPause && b.pend_pause.get() {
        b.pending_pause.set(n as usize);
        return NDIS_STATUS_PENDING;
    }
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn tp_oid_complete(
    ctx: NDIS_HANDLE,
    request: PNDIS_OID_REQUEST,
    status: NDIS_STATUS,
) {
    let oid = oid_of(request);
    binding_ctx(ctx).oid_done.borrow_mut().push((oid, status));
    // SAFETY: the test protocol allocated it with Box::into_raw in `oid`.
    drop(unsafe { Box::from_raw(request) });
}

unsafe extern "system" fn tp_status(ctx: NDIS_HANDLE, indication: PNDIS_STATUS_INDICATION) {
    // SAFETY: the indication NDIS passed, valid for the call.
    let ind = unsafe { &*indication };
    let bytes = if ind.StatusBuffer.is_null() {
        Vec::new()
    } else {
        // SAFETY: the indication's buffer of StatusBufferSize bytes, valid for the call.
        unsafe {
            std::slice::from_raw_parts(ind.StatusBuffer.cast::<u8>(), ind.StatusBufferSize as usize)
        }
        .to_vec()
    };
    let b = binding_ctx(ctx);
    b.statuses.borrow_mut().push(ind.StatusCode);
    b.status_buffers.borrow_mut().push(bytes);
}

unsafe extern "system" fn tp_receive(
    ctx: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    _port: NDIS_PORT_NUMBER,
    _n: u32,
    flags: u32,
) {
    let b = binding_ctx(ctx);
    let sim = current();
    let nbls = nbl::chain(chain);
    for &n in &nbls {
        if let Some(p) = sim.books().nbls.payload(n) {
            b.received.borrow_mut().push(p);
        }
    }
    if flags & NDIS_RECEIVE_FLAGS_RESOURCES != 0 {
        return;
    }
    if b.hold_receives.get() {
        b.held.borrow_mut().extend(nbls);
        return;
    }
    // SAFETY: returns what it was indicated, once (twice if deliberately broken).
    unsafe { SimNdis::ndis_return_net_buffer_lists(b.handle.get(), chain, 0) };
    if b.double_return.get() {
        // SAFETY: deliberately broken.
        unsafe { SimNdis::ndis_return_net_buffer_lists(b.handle.get(), chain, 0) };
    }
}

unsafe extern "system" fn tp_send_complete(ctx: NDIS_HANDLE, chain: PNET_BUFFER_LIST, _flags: u32) {
    let b = binding_ctx(ctx);
    let sim = current();
    for n in nbl::chain(chain) {
        let payload = sim.books().nbls.payload(n).unwrap_or_default();
        // Kept (not freed) so that a broken miniport completing it again reads valid
        // memory; the simulator frees its NBLs when it is dropped.
        b.completed.borrow_mut().push((payload, nbl::status(n)));
    }
}

impl TestProtocol {
    /// Register a test protocol named `name` (binding per the simulator's rules).
    #[must_use]
    pub fn register(sim: &Sim, name: &str) -> &'static TestProtocol {
        Self::register_as(sim, name, false)
    }

    /// Register a test protocol that is also a chimney client (`testchimney`).
    #[must_use]
    pub fn register_chimney(sim: &Sim, name: &str) -> &'static TestProtocol {
        Self::register_as(sim, name, true)
    }

    fn register_as(sim: &Sim, name: &str, chimney: bool) -> &'static TestProtocol {
        let _e = sim.enter();
        let me: &'static mut TestProtocol = Box::leak(Box::new(TestProtocol {
            protocol: RefCell::new(None),
            handle: Cell::new(ptr::null_mut()),
            bindings: RefCell::default(),
            name: name.encode_utf16().collect(),
            chimney: Cell::new(chimney),
        }));
        let len = (me.name.len() * 2) as u16;
        let mut chars = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS {
            Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
                2,
                0,
            ),
            MajorNdisVersion: 6,
            MinorNdisVersion: 30,
            Name: NDIS_STRING {
                Length: len,
                MaximumLength: len,
                Buffer: me.name.as_mut_ptr(),
            },
            SetOptionsHandler: Some(tp_set_options),
            BindAdapterHandlerEx: Some(tp_bind),
            UnbindAdapterHandlerEx: Some(tp_unbind),
            OpenAdapterCompleteHandlerEx: Some(tp_open_complete),
            CloseAdapterCompleteHandlerEx: Some(tp_close_complete),
            NetPnPEventHandler: Some(tp_pnp),
            OidRequestCompleteHandler: Some(tp_oid_complete),
            StatusHandlerEx: Some(tp_status),
            ReceiveNetBufferListsHandler: Some(tp_receive),
            SendNetBufferListsCompleteHandler: Some(tp_send_complete),
            ..Default::default()
        };
        let mut handle = ptr::null_mut();
        let ctx: NDIS_HANDLE = (&raw mut *me).cast();
        // SAFETY: registration with valid characteristics.
        let status =
            unsafe { SimNdis::ndis_register_protocol_driver(ctx, &raw mut chars, &raw mut handle) };
        assert_eq!(status, NDIS_STATUS_SUCCESS, "test protocol registration");
        me.handle.set(handle);
        let p = sim.find_protocol(handle).expect("registered");
        sim.set_originator(&p);
        *me.protocol.borrow_mut() = Some(p);
        me
    }

    /// Binding number `i`.
    #[must_use]
    pub fn binding(&self, i: usize) -> Rc<TestBinding> {
        self.bindings.borrow()[i].clone()
    }

    /// Send `payloads` as one chain on `binding`.
    pub fn send(
        &self,
        sim: &Sim,
        binding: &TestBinding,
        payloads: &[&[u8]],
    ) -> Vec<PNET_BUFFER_LIST> {
        let _e = sim.enter();
        let nbls: Vec<PNET_BUFFER_LIST> = payloads
            .iter()
            .map(|p| sim.books().nbls.allocate(p))
            .collect();
        for &n in &nbls {
            // SAFETY: a simulator NBL the protocol owns until completion.
            unsafe { (*n).SourceHandle = binding.handle.get() };
        }
        let head = nbl::link(&nbls);
        // SAFETY: a chain the protocol owns, on its own binding.
        unsafe { SimNdis::ndis_send_net_buffer_lists(binding.handle.get(), head, 0, 0) };
        nbls
    }

    /// Issue a set OID on `binding` with `value` (kept alive for the request's life);
    /// returns NdisOidRequest's status.
    pub fn set(&self, sim: &Sim, binding: &TestBinding, oid: u32, value: &[u8]) -> NDIS_STATUS {
        let buffer: &'static mut [u8] = Box::leak(value.to_vec().into_boxed_slice());
        let mut request = Box::new(NDIS_OID_REQUEST::default());
        request.RequestType = NDIS_REQUEST_TYPE::NdisRequestSetInformation;
        request.DATA.SET_INFORMATION.Oid = oid;
        request.DATA.SET_INFORMATION.InformationBuffer = buffer.as_mut_ptr().cast();
        request.DATA.SET_INFORMATION.InformationBufferLength = buffer.len() as u32;
        Self::request(sim, binding, oid, request)
    }

    /// Issue a query OID on `binding`; returns NdisOidRequest's status.
    pub fn oid(&self, sim: &Sim, binding: &TestBinding, oid: u32) -> NDIS_STATUS {
        let mut request = Box::new(NDIS_OID_REQUEST::default());
        request.RequestType = NDIS_REQUEST_TYPE::NdisRequestQueryInformation;
        request.DATA.QUERY_INFORMATION.Oid = oid;
        Self::request(sim, binding, oid, request)
    }

    /// Send `request` on `binding`, recording a synchronous completion.
    fn request(
        sim: &Sim,
        binding: &TestBinding,
        oid: u32,
        request: Box<NDIS_OID_REQUEST>,
    ) -> NDIS_STATUS {
        let _e = sim.enter();
        let raw = Box::into_raw(request);
        // SAFETY: the protocol's own request on its binding.
        let status = unsafe { SimNdis::ndis_oid_request(binding.handle.get(), raw) };
        if status != NDIS_STATUS_PENDING {
            binding.oid_done.borrow_mut().push((oid, status));
            // SAFETY: completed synchronously; the protocol frees its request.
            drop(unsafe { Box::from_raw(raw) });
        }
        status
    }

    /// Return every held receive NBL.
    pub fn return_held(&self, sim: &Sim, binding: &TestBinding) {
        let _e = sim.enter();
        let held: Vec<PNET_BUFFER_LIST> = binding.held.borrow_mut().drain(..).collect();
        if !held.is_empty() {
            let head = nbl::link(&held);
            // SAFETY: NBLs indicated to this binding and held until now.
            unsafe { SimNdis::ndis_return_net_buffer_lists(binding.handle.get(), head, 0) };
        }
    }
}
