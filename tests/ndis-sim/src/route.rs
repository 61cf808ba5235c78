//! How the simulated NDIS routes calls between drivers: registration (copying the
//! handler tables, calling SetOptions so chimney optional handlers can be registered),
//! adapters and their initialize/restart/pause/halt, bindings (bind, open, restart,
//! pause, unbind, close), ordinary NBL sends and completions (by SourceHandle, LC-51),
//! receive indications and returns, OID requests and completions, status indications,
//! configuration, events and work items. Each rule NDIS or Driver Verifier enforces is
//! checked where the call passes through and recorded as a violation.

use rustc_hash::FxHashMap as HashMap;
use std::ptr;
use std::rc::{Rc, Weak};

use chimney_im::ndis::{
    NDIS_BIND_PARAMETERS, NDIS_HALT_ACTION, NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS, NDIS_MINIPORT_INIT_PARAMETERS,
    NDIS_MINIPORT_PAUSE_PARAMETERS, NDIS_MINIPORT_RESTART_PARAMETERS,
    NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
    NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
    NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
    NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES,
    NDIS_OID_REQUEST, NDIS_OPEN_PARAMETERS, NDIS_PM_CAPABILITIES,
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, NDIS_PROTOCOL_RESTART_PARAMETERS,
    NDIS_RECEIVE_FLAGS_RESOURCES, NDIS_RECEIVE_SCALE_CAPABILITIES, NDIS_RESTART_ATTRIBUTES,
    NDIS_RESTART_GENERAL_ATTRIBUTES, NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_2,
    NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_2, NDIS_STATUS_INDICATION, NET_PNP_EVENT,
    NET_PNP_EVENT_CODE, NET_PNP_EVENT_NOTIFICATION, OID_GEN_MINIPORT_RESTART_ATTRIBUTES,
    PASSIVE_LEVEL, PNDIS_RESTART_ATTRIBUTES, PNET_BUFFER_LIST,
};
use offload_tree::abi::{
    NDIS_HANDLE, NDIS_OBJECT_HEADER, NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES,
    NDIS_PORT_NUMBER, NDIS_STATUS, NDIS_STATUS_FAILURE, NDIS_STATUS_INVALID_PARAMETER,
    NDIS_STATUS_PAUSED, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS, NDIS_TCP_CONNECTION_OFFLOAD,
    PVOID,
};

use crate::core::{HandleKind, Sim, TICKS_PER_SECOND};
use crate::nbl::{self, Indication, SendRecord};
use crate::objects::{
    Adapter, AdapterState, GeneralAttributes, MiniportDriver, Open, OpenState, ProtocolDriver,
    handle_of,
};
use crate::verifier::Rule;

/// OID time limit (LC-78).
pub const OID_LIMIT: u64 = 12 * TICKS_PER_SECOND;
/// Send time limit (LC-78).
pub const SEND_LIMIT: u64 = 30 * TICKS_PER_SECOND;
/// Pause time limit (ARCHITECTURE, LC-78).
pub const PAUSE_LIMIT: u64 = 10 * TICKS_PER_SECOND;

/// An OID request outstanding at a miniport.
#[derive(Clone, Debug)]
pub struct OidRecord {
    /// The binding that sent it.
    pub open: usize,
    /// When it was sent.
    pub time: u64,
    /// Whether the timeout was already reported.
    pub reported: bool,
}

/// Books the routing keeps besides NBLs.
#[derive(Default)]
pub struct Books {
    /// NBLs.
    pub nbls: nbl::NblBook,
    /// Outstanding OID requests by address.
    pub oids: HashMap<usize, OidRecord>,
    /// Clones made by NdisAllocateCloneOidRequest (address → owner handle).
    pub clones: HashMap<usize, (usize, Box<NDIS_OID_REQUEST>)>,
    /// Pending bind/unbind contexts: context address → (protocol, adapter, unbind?).
    pub binds: HashMap<usize, Box<BindContext>>,
    /// Configuration handles → the adapter (or 0 for driver-level) they read.
    pub configs: HashMap<usize, Box<ConfigHandle>>,
    /// Driver-object extensions: (driver object, client id) → memory.
    pub extensions: HashMap<(usize, usize), Box<[u64]>>,
    /// Driver objects the simulator made, and the miniport driver registered on each.
    pub driver_objects: HashMap<usize, Box<[u64; 32]>>,
    /// Work items: handle → owner.
    pub work_items: HashMap<usize, Box<u64>>,
    /// Events NdisWaitEvent polled without progress (hang detection).
    pub sleeps: u64,
    /// Interface stack entries (higher, lower) from NdisIfAddIfStackEntry.
    pub if_stack: Vec<(u32, u32)>,
}

/// A bind or unbind in progress.
pub struct BindContext {
    /// The protocol binding.
    pub protocol: Rc<ProtocolDriver>,
    /// The adapter.
    pub adapter: Rc<Adapter>,
    /// The binding, once opened.
    pub open: Option<Rc<Open>>,
    /// Bind parameters NDIS owns during the bind.
    pub params: NDIS_BIND_PARAMETERS,
    /// Capability the bind parameters point at.
    pub tcp_offload: NDIS_TCP_CONNECTION_OFFLOAD,
    /// Power-management capabilities the bind parameters point at.
    pub pm: NDIS_PM_CAPABILITIES,
    /// RSS capabilities the bind parameters point at.
    pub rss: NDIS_RECEIVE_SCALE_CAPABILITIES,
    /// Whether this is an unbind.
    pub unbind: bool,
    /// Completed (status) if the handler pended and later completed.
    pub completed: Option<NDIS_STATUS>,
}

/// Restart attributes as NDIS hands them to MiniportRestart and then to each binding's
/// NetEventRestart: one NDIS_RESTART_ATTRIBUTES entry (OID_GEN_MINIPORT_RESTART_ATTRIBUTES)
/// whose data is an NDIS_RESTART_GENERAL_ATTRIBUTES built from the adapter's general
/// attributes, and the RSS capabilities it points at.
pub struct RestartAttributes {
    /// The entry and its data (16-byte aligned, as MEMORY_ALLOCATION_ALIGNMENT).
    buffer: Box<[u128]>,
    /// The RSS capabilities the data points at, if the adapter has any.
    rss: Box<NDIS_RECEIVE_SCALE_CAPABILITIES>,
}

impl RestartAttributes {
    const DATA: usize = std::mem::offset_of!(NDIS_RESTART_ATTRIBUTES, Data);

    fn new(general: &GeneralAttributes) -> Self {
        let g = &general.attributes;
        let len = Self::DATA + size_of::<NDIS_RESTART_GENERAL_ATTRIBUTES>();
        let mut me = Self {
            buffer: vec![0u128; len.div_ceil(16)].into_boxed_slice(),
            rss: Box::new(general.rss.unwrap_or_default()),
        };
        let data = NDIS_RESTART_GENERAL_ATTRIBUTES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES,
                NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_2,
                NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_2,
            ),
            MtuSize: g.MtuSize,
            MaxXmitLinkSpeed: g.MaxXmitLinkSpeed,
            MaxRcvLinkSpeed: g.MaxRcvLinkSpeed,
            LookaheadSize: g.LookaheadSize,
            MacOptions: g.MacOptions,
            SupportedPacketFilters: g.SupportedPacketFilters,
            MaxMulticastListSize: g.MaxMulticastListSize,
            RecvScaleCapabilities: if general.rss.is_some() {
                &raw mut *me.rss
            } else {
                ptr::null_mut()
            },
            AccessType: g.AccessType,
            Flags: 0,
            ConnectionType: g.ConnectionType,
            SupportedStatistics: g.SupportedStatistics,
            DataBackFillSize: g.DataBackFillSize,
            ContextBackFillSize: g.ContextBackFillSize,
            SupportedOidList: ptr::null_mut(),
            SupportedOidListLength: 0,
            MaxLookaheadSizeAccessed: g.LookaheadSize,
        };
        let head = me.head();
        // SAFETY: the buffer (zeroed, 16-aligned) holds the entry's header members.
        unsafe { (*head).Oid = OID_GEN_MINIPORT_RESTART_ATTRIBUTES };
        // SAFETY: as above.
        unsafe { (*head).DataLength = size_of::<NDIS_RESTART_GENERAL_ATTRIBUTES>() as u32 };
        // SAFETY: from `DATA` the buffer holds the general attributes.
        unsafe { me.data().write(data) };
        me
    }

    /// The list's first (only) entry.
    pub fn head(&mut self) -> PNDIS_RESTART_ATTRIBUTES {
        self.buffer.as_mut_ptr().cast()
    }

    fn data(&mut self) -> *mut NDIS_RESTART_GENERAL_ATTRIBUTES {
        // SAFETY: `DATA` lies inside the buffer (see `new`).
        unsafe { self.buffer.as_mut_ptr().cast::<u8>().add(Self::DATA).cast() }
    }

    /// Fold what the miniport left in the attributes back into its general attributes.
    fn read_back(&mut self, general: &mut GeneralAttributes) {
        // SAFETY: written in `new`; the miniport may have changed members, not the shape.
        let d = unsafe { self.data().read() };
        let g = &mut general.attributes;
        g.MtuSize = d.MtuSize;
        g.MaxXmitLinkSpeed = d.MaxXmitLinkSpeed;
        g.MaxRcvLinkSpeed = d.MaxRcvLinkSpeed;
        g.LookaheadSize = d.LookaheadSize;
        g.MacOptions = d.MacOptions;
        g.SupportedPacketFilters = d.SupportedPacketFilters;
        g.MaxMulticastListSize = d.MaxMulticastListSize;
        g.AccessType = d.AccessType;
        g.ConnectionType = d.ConnectionType;
        general.rss = if d.RecvScaleCapabilities.is_null() {
            None
        } else {
            // SAFETY: null or the structure this object owns (a miniport may only
            // clear the pointer or write through it).
            Some(unsafe { d.RecvScaleCapabilities.read() })
        };
    }

    /// The general attributes as they are now.
    #[must_use]
    pub fn general(&mut self) -> NDIS_RESTART_GENERAL_ATTRIBUTES {
        // SAFETY: written in `new`.
        unsafe { self.data().read() }
    }
}

impl BindContext {
    /// The bind parameters NDIS derives from the adapter's general attributes (LC-14);
    /// the capability pointers point into this context, which lives for the bind.
    fn fill_from(&mut self, general: &GeneralAttributes) {
        let g = &general.attributes;
        let p = &mut self.params;
        p.MediaType = g.MediaType;
        p.MtuSize = g.MtuSize;
        p.MaxXmitLinkSpeed = g.MaxXmitLinkSpeed;
        p.XmitLinkSpeed = g.XmitLinkSpeed;
        p.MaxRcvLinkSpeed = g.MaxRcvLinkSpeed;
        p.RcvLinkSpeed = g.RcvLinkSpeed;
        p.MediaConnectState = g.MediaConnectState;
        p.MediaDuplexState = g.MediaDuplexState;
        p.LookaheadSize = g.LookaheadSize;
        p.SupportedPacketFilters = g.SupportedPacketFilters;
        p.MaxMulticastListSize = g.MaxMulticastListSize;
        p.MacAddressLength = g.MacAddressLength;
        p.CurrentMacAddress = g.CurrentMacAddress;
        p.PhysicalMediumType = g.PhysicalMediumType;
        p.AccessType = g.AccessType;
        p.DirectionType = g.DirectionType;
        p.ConnectionType = g.ConnectionType;
        p.IfType = g.IfType;
        p.IfConnectorPresent = g.IfConnectorPresent;
        p.MacOptions = g.MacOptions;
        p.DataBackFillSize = g.DataBackFillSize;
        p.ContextBackFillSize = g.ContextBackFillSize;
        if let Some(pm) = general.pm {
            self.pm = pm;
            self.params.PowerManagementCapabilitiesEx = &raw mut self.pm;
        }
        if let Some(rss) = general.rss {
            self.rss = rss;
            self.params.RcvScaleCapabilities = &raw mut self.rss;
        }
    }
}

/// An open configuration handle.
pub struct ConfigHandle {
    /// The adapter whose keywords it reads, if any.
    pub adapter: Option<Rc<Adapter>>,
    /// Parameters handed out (freed on close).
    pub values: Vec<Box<chimney_im::ndis::NDIS_CONFIGURATION_PARAMETER>>,
}

impl Sim {
    pub(crate) fn books(&self) -> std::cell::RefMut<'_, Books> {
        self.0.books.borrow_mut()
    }

    /// A new simulator NBL carrying `payload` (one NB, one MDL, spare context room).
    pub fn alloc_nbl(&self, payload: &[u8]) -> PNET_BUFFER_LIST {
        self.books().nbls.allocate(payload)
    }

    /// Free a simulator NBL; false if it is not one.
    pub fn free_nbl(&self, nbl: PNET_BUFFER_LIST) -> bool {
        self.books().nbls.free(nbl)
    }

    /// The data bytes of a simulator NBL (from its NB's current offset).
    #[must_use]
    pub fn nbl_payload(&self, nbl: PNET_BUFFER_LIST) -> Option<Vec<u8>> {
        self.books().nbls.payload(nbl)
    }

    // --- lookups --------------------------------------------------------------------

    pub(crate) fn find_open(&self, call: &'static str, h: NDIS_HANDLE) -> Option<Rc<Open>> {
        let found = self
            .0
            .st
            .borrow()
            .opens
            .iter()
            .find(|o| handle_of(o) == h)
            .cloned();
        match &found {
            None => self.violation(Rule::BadHandle, call, format!("{h:p} is not a binding")),
            Some(o) if o.state.get() == OpenState::Closed => {
                self.violation(Rule::ClosedHandle, call, format!("binding {h:p} is closed"));
            }
            Some(o) if o.opening.get() => {
                self.violation(
                    Rule::Protocol,
                    call,
                    format!("binding {h:p} used before ProtocolOpenAdapterCompleteEx"),
                );
            }
            _ => {}
        }
        found
    }

    pub(crate) fn find_adapter(&self, call: &'static str, h: NDIS_HANDLE) -> Option<Rc<Adapter>> {
        let found = self
            .0
            .st
            .borrow()
            .adapters
            .iter()
            .find(|a| handle_of(a) == h)
            .cloned();
        match &found {
            None => self.violation(
                Rule::BadHandle,
                call,
                format!("{h:p} is not a miniport adapter"),
            ),
            Some(a) if a.state.get() == AdapterState::Halted => {
                self.violation(
                    Rule::AfterHalt,
                    call,
                    format!("adapter {} is halted", a.name),
                );
            }
            _ => {}
        }
        found
    }

    pub(crate) fn find_miniport_driver(&self, h: NDIS_HANDLE) -> Option<Rc<MiniportDriver>> {
        self.0
            .st
            .borrow()
            .miniport_drivers
            .iter()
            .find(|d| handle_of(d) == h)
            .cloned()
    }

    pub(crate) fn find_protocol(&self, h: NDIS_HANDLE) -> Option<Rc<ProtocolDriver>> {
        self.0
            .st
            .borrow()
            .protocols
            .iter()
            .find(|p| handle_of(p) == h)
            .cloned()
    }

    /// A registered protocol by name.
    #[must_use]
    pub fn protocol_named(&self, name: &str) -> Option<Rc<ProtocolDriver>> {
        self.0
            .st
            .borrow()
            .protocols
            .iter()
            .find(|p| p.name == name && !p.deregistered.get())
            .cloned()
    }

    /// An adapter by name.
    #[must_use]
    pub fn adapter_named(&self, name: &str) -> Option<Rc<Adapter>> {
        self.0
            .st
            .borrow()
            .adapters
            .iter()
            .rev()
            .find(|a| a.name == name)
            .cloned()
    }

    /// Bindings of `protocol` (open or not).
    #[must_use]
    pub fn opens_of(&self, protocol: &Rc<ProtocolDriver>) -> Vec<Rc<Open>> {
        self.0
            .st
            .borrow()
            .opens
            .iter()
            .filter(|o| Rc::ptr_eq(&o.protocol, protocol))
            .cloned()
            .collect()
    }

    /// Adapters of a miniport driver.
    #[must_use]
    pub fn adapters_of(&self, driver: &Rc<MiniportDriver>) -> Vec<Rc<Adapter>> {
        self.0
            .st
            .borrow()
            .adapters
            .iter()
            .filter(|a| Rc::ptr_eq(&a.driver, driver))
            .cloned()
            .collect()
    }

    // --- registration ---------------------------------------------------------------

    /// A DRIVER_OBJECT for a driver about to run its DriverEntry.
    pub fn new_driver_object(&self) -> *mut chimney_im::ndis::DRIVER_OBJECT {
        let mut block = Box::new([0u64; 32]);
        let p = block.as_mut_ptr();
        self.books().driver_objects.insert(p as usize, block);
        self.register_handle(p as usize, HandleKind::DriverObject);
        p.cast()
    }

    pub(crate) fn register_miniport_driver(
        &self,
        driver_object: usize,
        context: NDIS_HANDLE,
        chars: &NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
        out: &mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        const CALL: &str = "NdisMRegisterMiniportDriver";
        if !self.require_irql(CALL, PASSIVE_LEVEL) {
            return NDIS_STATUS_FAILURE;
        }
        if chars.Header.Type != NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS
            || chars.MajorNdisVersion != 6
        {
            self.violation(
                Rule::Registration,
                CALL,
                format!("bad header or version {:?}", chars.Header),
            );
            return NDIS_STATUS_INVALID_PARAMETER;
        }
        if chars.InitializeHandlerEx.is_none()
            || chars.HaltHandlerEx.is_none()
            || chars.PauseHandler.is_none()
            || chars.RestartHandler.is_none()
            || chars.OidRequestHandler.is_none()
            || chars.SendNetBufferListsHandler.is_none()
            || chars.ReturnNetBufferListsHandler.is_none()
            || chars.CancelSendHandler.is_none()
            || chars.CancelOidRequestHandler.is_none()
            || chars.DevicePnPEventNotifyHandler.is_none()
            || chars.ShutdownHandlerEx.is_none()
        {
            self.violation(
                Rule::Registration,
                CALL,
                "a required miniport handler is NULL",
            );
            return NDIS_STATUS_INVALID_PARAMETER;
        }
        let driver = Rc::new(MiniportDriver {
            name: format!("miniport-driver@{driver_object:#x}"),
            chars: *chars,
            context,
            intermediate: chars.Flags & chimney_im::ndis::NDIS_INTERMEDIATE_DRIVER != 0,
            provider_generic: std::cell::Cell::new(None),
            provider_tcp: std::cell::Cell::new(None),
            associated_protocol: std::cell::RefCell::new(Weak::new()),
            deregistered: std::cell::Cell::new(false),
        });
        let h = handle_of(&driver);
        self.0.st.borrow_mut().miniport_drivers.push(driver.clone());
        self.register_handle(h as usize, HandleKind::MiniportDriver);
        *out = h;
        if let Some(set_options) = driver.chars.SetOptionsHandler {
            // SAFETY: the driver registered SetOptions with NDIS's signature; NDIS calls it
            // inside the registration with the new driver handle and its context.
            let status = unsafe { set_options(h, context) };
            if status != NDIS_STATUS_SUCCESS {
                self.unregister_handle(h as usize);
                driver.deregistered.set(true);
                return status;
            }
        }
        NDIS_STATUS_SUCCESS
    }

    pub(crate) fn register_protocol(
        &self,
        context: NDIS_HANDLE,
        chars: &NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
        out: &mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        const CALL: &str = "NdisRegisterProtocolDriver";
        if !self.require_irql(CALL, PASSIVE_LEVEL) {
            return NDIS_STATUS_FAILURE;
        }
        if chars.Header.Type != NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS
            || chars.MajorNdisVersion != 6
        {
            self.violation(
                Rule::Registration,
                CALL,
                format!("bad header or version {:?}", chars.Header),
            );
            return NDIS_STATUS_INVALID_PARAMETER;
        }
        let required = [
            chars.BindAdapterHandlerEx.is_some(),
            chars.UnbindAdapterHandlerEx.is_some(),
            chars.OpenAdapterCompleteHandlerEx.is_some(),
            chars.CloseAdapterCompleteHandlerEx.is_some(),
            chars.NetPnPEventHandler.is_some(),
            chars.OidRequestCompleteHandler.is_some(),
            chars.StatusHandlerEx.is_some(),
            chars.ReceiveNetBufferListsHandler.is_some(),
            chars.SendNetBufferListsCompleteHandler.is_some(),
        ];
        if required.contains(&false) {
            self.violation(
                Rule::Registration,
                CALL,
                "a required protocol handler is NULL",
            );
            return NDIS_STATUS_INVALID_PARAMETER;
        }
        let name = crate::ndis_impl::read_ndis_string(&chars.Name);
        let protocol = Rc::new(ProtocolDriver {
            name,
            chars: *chars,
            context,
            client_generic: std::cell::Cell::new(None),
            client_tcp: std::cell::Cell::new(None),
            originator: std::cell::Cell::new(false),
            deregistered: std::cell::Cell::new(false),
        });
        let h = handle_of(&protocol);
        self.0.st.borrow_mut().protocols.push(protocol.clone());
        self.register_handle(h as usize, HandleKind::Protocol);
        *out = h;
        if let Some(set_options) = protocol.chars.SetOptionsHandler {
            // SAFETY: as for the miniport's SetOptions.
            let status = unsafe { set_options(h, context) };
            if status != NDIS_STATUS_SUCCESS {
                self.unregister_handle(h as usize);
                protocol.deregistered.set(true);
                return status;
            }
        }
        // Bind to every existing adapter the rules allow (LC-10), after registration.
        let name = protocol.name.clone();
        let adapters: Vec<Rc<Adapter>> = self.0.st.borrow().adapters.clone();
        for adapter in adapters {
            if self.binding_allowed(&name, &adapter.name)
                && adapter.state.get() == AdapterState::Running
            {
                let (s, p, a) = (self.clone(), protocol.clone(), adapter.clone());
                self.schedule(0, move |_| s.bind(&p, &a));
            }
        }
        NDIS_STATUS_SUCCESS
    }

    /// Allow `protocol` to bind to `adapter` (by name; `*` matches all).
    pub fn allow_binding(&self, protocol: &str, adapter: &str) {
        self.0
            .st
            .borrow_mut()
            .bind_rules
            .push((protocol.to_owned(), adapter.to_owned()));
    }

    fn binding_allowed(&self, protocol: &str, adapter: &str) -> bool {
        self.0
            .st
            .borrow()
            .bind_rules
            .iter()
            .any(|(p, a)| (p == protocol || p == "*") && (a == adapter || a == "*"))
    }

    // --- adapters -------------------------------------------------------------------

    /// Set configuration keyword `key` of the device named `adapter` (its registry
    /// key): seen by an adapter of that name created from now on, and by one that exists.
    pub fn set_device_config(&self, adapter: &str, key: &str, value: u32) {
        self.0
            .st
            .borrow_mut()
            .device_config
            .entry(adapter.to_owned())
            .or_default()
            .insert(key.to_owned(), value);
        if let Some(a) = self.adapter_named(adapter) {
            a.config.borrow_mut().insert(key.to_owned(), value);
        }
    }

    /// Create an adapter of `driver` and initialize it (then restart it and bind the
    /// protocols the rules allow). Returns the adapter, whatever the outcome.
    pub fn add_adapter(
        &self,
        driver: &Rc<MiniportDriver>,
        name: &str,
        device_context: NDIS_HANDLE,
    ) -> Rc<Adapter> {
        let _e = self.enter();
        let if_index = u32::try_from(self.0.st.borrow().adapters.len() + 1).unwrap_or(u32::MAX);
        let adapter = Rc::new(Adapter {
            if_index,
            restart_attributes: std::cell::RefCell::new(None),
            name: name.to_owned(),
            driver: driver.clone(),
            context: std::cell::Cell::new(ptr::null_mut()),
            device_context,
            state: std::cell::Cell::new(AdapterState::Initializing),
            opens: std::cell::RefCell::new(Vec::new()),
            tcp_connection_offload: std::cell::Cell::new(None),
            tcp_connection_offload_config: std::cell::Cell::new(None),
            general: std::cell::RefCell::new(None),
            pause_started: std::cell::Cell::new(None),
            pause_timeout_reported: std::cell::Cell::new(false),
            config: std::cell::RefCell::new(
                self.0
                    .st
                    .borrow()
                    .device_config
                    .get(name)
                    .cloned()
                    .unwrap_or_default(),
            ),
            completions: std::cell::Cell::new(0),
        });
        let h = handle_of(&adapter);
        self.0.st.borrow_mut().adapters.push(adapter.clone());
        self.register_handle(h as usize, HandleKind::Adapter);
        self.initialize_adapter(&adapter);
        adapter
    }

    /// MiniportInitializeEx for `adapter` (new, or halted and started again), then its
    /// restart and the binds the rules allow.
    fn initialize_adapter(&self, adapter: &Rc<Adapter>) {
        let h = handle_of(adapter);
        let driver = adapter.driver.clone();
        adapter.state.set(AdapterState::Initializing);
        let mut params = NDIS_MINIPORT_INIT_PARAMETERS {
            IMDeviceInstanceContext: adapter.device_context,
            IfIndex: adapter.if_index,
            ..Default::default()
        };
        let init = driver
            .chars
            .InitializeHandlerEx
            .expect("checked at registration");
        // SAFETY: the driver's MiniportInitializeEx, called at PASSIVE_LEVEL with the
        // adapter handle, its driver context and parameters that live for the call.
        let status = unsafe { init(h, driver.context, &raw mut params) };
        if status != NDIS_STATUS_SUCCESS {
            adapter.state.set(AdapterState::Halted);
            return;
        }
        if adapter.context.get().is_null() {
            self.violation(
                Rule::Registration,
                "MiniportInitializeEx",
                "no registration attributes were set",
            );
        }
        adapter.state.set(AdapterState::Paused);
        self.restart_adapter(adapter);
        let rules: Vec<Rc<ProtocolDriver>> = self.0.st.borrow().protocols.clone();
        for protocol in rules {
            if !protocol.deregistered.get() && self.binding_allowed(&protocol.name, &adapter.name) {
                let (s, p, a) = (self.clone(), protocol.clone(), adapter.clone());
                self.schedule(0, move |_| s.bind(&p, &a));
            }
        }
    }

    /// A PnP restart of the device behind `adapter`, as a property change on its
    /// Advanced page causes: every binding above is unbound, the miniport paused and
    /// halted (`NdisHaltDeviceDisabled`), then initialized again with the device's
    /// configuration as it is now, restarted and bound again. Runs until idle.
    pub fn restart_device(&self, adapter: &Rc<Adapter>) {
        let _e = self.enter();
        self.halt_adapter(adapter, NDIS_HALT_ACTION::NdisHaltDeviceDisabled);
        self.run_until_idle();
        let config = self
            .0
            .st
            .borrow()
            .device_config
            .get(&adapter.name)
            .cloned()
            .unwrap_or_default();
        *adapter.config.borrow_mut() = config;
        *adapter.general.borrow_mut() = None;
        adapter.tcp_connection_offload.set(None);
        adapter.tcp_connection_offload_config.set(None);
        self.initialize_adapter(adapter);
        self.run_until_idle();
    }

    pub(crate) fn set_attributes(
        &self,
        adapter: &Rc<Adapter>,
        attrs: &NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
    ) -> NDIS_STATUS {
        // SAFETY: every arm starts with the header.
        let header = unsafe { attrs.Header };
        match header.Type {
            NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES => {
                // SAFETY: the header says which arm is valid.
                let reg = unsafe { attrs.RegistrationAttributes };
                adapter.context.set(reg.MiniportAdapterContext);
            }
            NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES => {
                // SAFETY: as above.
                let mut g = unsafe { attrs.GeneralAttributes };
                if !g.PowerManagementCapabilities.is_null() && g.Header.Revision >= 2 {
                    self.violation(
                        Rule::Protocol,
                        "NdisMSetMiniportAttributes",
                        "an NDIS 6.20+ miniport set the pre-6.20 PowerManagementCapabilities",
                    );
                }
                // SAFETY: the miniport's structures live for the call (NDIS copies them).
                let pm = unsafe { g.PowerManagementCapabilitiesEx.as_ref() }.copied();
                // SAFETY: as above.
                let rss = unsafe { g.RecvScaleCapabilities.as_ref() }.copied();
                g.PowerManagementCapabilities = ptr::null_mut();
                g.PowerManagementCapabilitiesEx = ptr::null_mut();
                g.RecvScaleCapabilities = ptr::null_mut();
                g.SupportedOidList = ptr::null_mut();
                *adapter.general.borrow_mut() = Some(GeneralAttributes {
                    attributes: g,
                    pm,
                    rss,
                });
            }
            NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES => {
                // SAFETY: as above.
                let o = unsafe { attrs.OffloadAttributes };
                let caps = o.TcpConnectionOffloadHardwareCapabilities;
                if !caps.is_null() {
                    // SAFETY: the miniport's capability structure lives for the call.
                    adapter.tcp_connection_offload.set(Some(unsafe { *caps }));
                }
                let config = o.DefaultTcpConnectionOffloadConfiguration;
                if !config.is_null() {
                    // SAFETY: as above.
                    adapter
                        .tcp_connection_offload_config
                        .set(Some(unsafe { *config }));
                }
            }
            _ => {
                self.violation(
                    Rule::Protocol,
                    "NdisMSetMiniportAttributes",
                    format!("unknown attributes {header:?}"),
                );
                return NDIS_STATUS_INVALID_PARAMETER;
            }
        }
        NDIS_STATUS_SUCCESS
    }

    /// Call MiniportRestart; Running once it completes.
    pub fn restart_adapter(&self, adapter: &Rc<Adapter>) {
        self.edge(
            "ndis",
            "miniport",
            "MiniportRestart",
            handle_of(adapter) as usize,
            0,
            None,
        ); // trace
        let _e = self.enter();
        adapter.state.set(AdapterState::Restarting);
        let mut params = NDIS_MINIPORT_RESTART_PARAMETERS::default();
        if let Some(general) = *adapter.general.borrow() {
            let mut attributes = RestartAttributes::new(&general);
            params.RestartAttributes = attributes.head();
            *adapter.restart_attributes.borrow_mut() = Some(attributes);
        }
        let restart = adapter
            .driver
            .chars
            .RestartHandler
            .expect("checked at registration");
        // SAFETY: MiniportRestart at PASSIVE_LEVEL with the adapter's context.
        let status = unsafe { restart(adapter.context.get(), &raw mut params) };
        if status != NDIS_STATUS_PENDING {
            self.restart_done(adapter, status);
        }
    }

    pub(crate) fn restart_done(&self, adapter: &Rc<Adapter>, status: NDIS_STATUS) {
        if adapter.state.get() != AdapterState::Restarting {
            self.violation(
                Rule::PnpCompletion,
                "NdisMRestartComplete",
                format!("{} is not restarting", adapter.name),
            );
            return;
        }
        adapter.state.set(if status == NDIS_STATUS_SUCCESS {
            AdapterState::Running
        } else {
            AdapterState::Paused
        });
        if status == NDIS_STATUS_SUCCESS {
            // What the miniport left in its restart attributes is what the stack above
            // sees from now on (a later bind included).
            let mut params = NDIS_PROTOCOL_RESTART_PARAMETERS::default();
            if let Some(a) = adapter.restart_attributes.borrow_mut().as_mut() {
                if let Some(g) = adapter.general.borrow_mut().as_mut() {
                    a.read_back(g);
                }
                params.RestartAttributes = a.head();
            }
            params.BoundIfIndex = adapter.if_index;
            // SAFETY: plain-data parameters viewed as the event's bytes.
            let bytes = unsafe {
                std::slice::from_raw_parts(
                    (&raw const params).cast::<u8>(),
                    size_of::<NDIS_PROTOCOL_RESTART_PARAMETERS>(),
                )
            }
            .to_vec();
            for open in Self::live_opens(adapter) {
                self.net_pnp(&open, NET_PNP_EVENT_CODE::NetEventRestart, &bytes);
            }
        }
    }

    /// Pause: first every binding above (NetEventPause), then MiniportPause.
    pub fn pause_adapter(&self, adapter: &Rc<Adapter>) {
        self.edge(
            "ndis",
            "miniport",
            "MiniportPause",
            handle_of(adapter) as usize,
            0,
            None,
        ); // trace
        let _e = self.enter();
        for open in Self::live_opens(adapter) {
            self.net_pnp(&open, NET_PNP_EVENT_CODE::NetEventPause, &[]);
        }
        self.pause_miniport(adapter);
    }

    fn pause_miniport(&self, adapter: &Rc<Adapter>) {
        adapter.state.set(AdapterState::Pausing);
        adapter.pause_started.set(Some(self.now()));
        adapter.pause_timeout_reported.set(false);
        let mut params = NDIS_MINIPORT_PAUSE_PARAMETERS::default();
        let pause = adapter
            .driver
            .chars
            .PauseHandler
            .expect("checked at registration");
        // SAFETY: MiniportPause at PASSIVE_LEVEL with the adapter's context.
        let status = unsafe { pause(adapter.context.get(), &raw mut params) };
        if status != NDIS_STATUS_PENDING {
            if status != NDIS_STATUS_SUCCESS {
                self.violation(
                    Rule::Protocol,
                    "MiniportPause",
                    format!("returned {status:#x}"),
                );
            }
            self.pause_done(adapter);
        }
    }

    pub(crate) fn pause_done(&self, adapter: &Rc<Adapter>) {
        if adapter.state.get() != AdapterState::Pausing {
            self.violation(
                Rule::PnpCompletion,
                "NdisMPauseComplete",
                format!("{} is not pausing", adapter.name),
            );
            return;
        }
        adapter.state.set(AdapterState::Paused);
        adapter.pause_started.set(None);
    }

    /// Halt: unbind everything above, pause, MiniportHaltEx.
    pub fn halt_adapter(&self, adapter: &Rc<Adapter>, action: NDIS_HALT_ACTION) {
        self.edge(
            "ndis",
            "miniport",
            "MiniportHaltEx",
            handle_of(adapter) as usize,
            0,
            None,
        ); // trace
        let _e = self.enter();
        // Unbind until nothing is bound: a bind queued earlier (e.g. when an IM
        // deinitializes its virtual miniport from MiniportInitializeEx) can run while
        // this halt lets the queue run, and NDIS never halts a miniport with a binding.
        loop {
            for open in Self::live_opens(adapter) {
                self.unbind(&open);
            }
            self.run_until_idle();
            if Self::live_opens(adapter).is_empty() {
                break;
            }
        }
        if adapter.state.get() == AdapterState::Running {
            self.pause_miniport(adapter);
        }
        self.run_until_idle();
        let halt = adapter
            .driver
            .chars
            .HaltHandlerEx
            .expect("checked at registration");
        adapter.state.set(AdapterState::Halted);
        // SAFETY: MiniportHaltEx at PASSIVE_LEVEL with the adapter's context.
        unsafe { halt(adapter.context.get(), action) };
    }

    fn live_opens(adapter: &Rc<Adapter>) -> Vec<Rc<Open>> {
        adapter
            .opens
            .borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .filter(|o| o.state.get() != OpenState::Closed)
            .collect()
    }

    // --- bindings -------------------------------------------------------------------

    /// Bind `protocol` to `adapter` (ProtocolBindAdapterEx), then restart the binding.
    pub fn bind(&self, protocol: &Rc<ProtocolDriver>, adapter: &Rc<Adapter>) {
        self.edge(
            "ndis",
            "protocol",
            "ProtocolBindAdapterEx",
            handle_of(adapter) as usize,
            0,
            None,
        ); // trace
        let _e = self.enter();
        // A bind queued before the adapter halted no longer applies: NDIS binds nothing
        // to a halted miniport.
        if adapter.state.get() == AdapterState::Halted {
            return;
        }
        // LC-14: the bind parameters carry the current configuration.
        let tcp = adapter
            .tcp_connection_offload_config
            .get()
            .or(adapter.tcp_connection_offload.get());
        let mut ctx = Box::new(BindContext {
            protocol: protocol.clone(),
            adapter: adapter.clone(),
            open: None,
            params: NDIS_BIND_PARAMETERS::default(),
            tcp_offload: tcp.unwrap_or_default(),
            pm: NDIS_PM_CAPABILITIES::default(),
            rss: NDIS_RECEIVE_SCALE_CAPABILITIES::default(),
            unbind: false,
            completed: None,
        });
        if let Some(general) = *adapter.general.borrow() {
            ctx.fill_from(&general);
        }
        ctx.params.BoundIfIndex = adapter.if_index;
        if tcp.is_some() {
            ctx.params.TcpConnectionOffloadCapabilities = &raw mut ctx.tcp_offload;
        }
        let params: *mut NDIS_BIND_PARAMETERS = &raw mut ctx.params;
        let key = (&raw const *ctx) as usize;
        self.books().binds.insert(key, ctx);
        self.register_handle(key, HandleKind::BindContext);
        let bind = protocol
            .chars
            .BindAdapterHandlerEx
            .expect("checked at registration");
        // SAFETY: ProtocolBindAdapterEx at PASSIVE_LEVEL with the bind context and
        // parameters that live until the bind completes.
        let status = unsafe { bind(protocol.context, key as NDIS_HANDLE, params) };
        if status != NDIS_STATUS_PENDING {
            self.bind_done(key, status);
        }
    }

    pub(crate) fn bind_done(&self, key: usize, status: NDIS_STATUS) {
        let Some(ctx) = self.books().binds.remove(&key) else {
            self.violation(
                Rule::PnpCompletion,
                "NdisCompleteBindAdapterEx",
                format!("unknown bind context {key:#x}"),
            );
            return;
        };
        self.unregister_handle(key);
        match (&ctx.open, status == NDIS_STATUS_SUCCESS) {
            (Some(open), true) if ctx.adapter.state.get() == AdapterState::Running => {
                self.net_pnp(open, NET_PNP_EVENT_CODE::NetEventRestart, &[]);
            }
            (Some(open), false) if open.state.get() != OpenState::Closed => {
                self.violation(
                    Rule::Leak,
                    "ProtocolBindAdapterEx",
                    "a failed bind left its binding open (LC-13)",
                );
            }
            _ => {}
        }
    }

    pub(crate) fn open_adapter(
        &self,
        protocol: NDIS_HANDLE,
        binding_context: NDIS_HANDLE,
        _params: &NDIS_OPEN_PARAMETERS,
        bind_context: NDIS_HANDLE,
        out: &mut NDIS_HANDLE,
    ) -> NDIS_STATUS {
        const CALL: &str = "NdisOpenAdapterEx";
        if !self.require_irql(CALL, PASSIVE_LEVEL)
            || !self.check_handle(CALL, bind_context as usize, HandleKind::BindContext)
        {
            return NDIS_STATUS_FAILURE;
        }
        let Some(p) = self.find_protocol(protocol) else {
            self.violation(Rule::BadHandle, CALL, "unknown protocol handle");
            return NDIS_STATUS_FAILURE;
        };
        let adapter = self
            .books()
            .binds
            .get(&(bind_context as usize))
            .map(|c| c.adapter.clone());
        let Some(adapter) = adapter else {
            return NDIS_STATUS_FAILURE;
        };
        if !self.allocation_allowed() {
            return chimney_im::ndis::NDIS_STATUS_RESOURCES;
        }
        let open = Rc::new(Open {
            protocol: p,
            adapter: adapter.clone(),
            context: binding_context,
            state: std::cell::Cell::new(OpenState::Paused),
            pending_pnp: std::cell::Cell::new(None),
            last_pnp_status: std::cell::Cell::new(None),
            opening: std::cell::Cell::new(false),
        });
        adapter.opens.borrow_mut().push(Rc::downgrade(&open));
        let h = handle_of(&open);
        self.0.st.borrow_mut().opens.push(open.clone());
        self.register_handle(h as usize, HandleKind::Open);
        if let Some(ctx) = self.books().binds.get_mut(&(bind_context as usize)) {
            ctx.open = Some(open.clone());
        }
        *out = h;
        let pend = self.pends_open_close(&open.protocol.name);
        if let Some((delay, status)) = pend {
            open.opening.set(true);
            let s = self.clone();
            self.schedule(delay, move |_| s.open_done(&open, status));
            return NDIS_STATUS_PENDING;
        }
        NDIS_STATUS_SUCCESS
    }

    /// Make `protocol`'s NdisOpenAdapterEx and NdisCloseAdapterEx pend from now on,
    /// completing after `delay` ticks (the open with `open_status`); `None` completes
    /// every open and close at once again.
    pub fn pend_opens_and_closes(&self, protocol: &str, pend: Option<(u64, NDIS_STATUS)>) {
        self.0.st.borrow_mut().pend_open_close = pend.map(|(d, s)| (protocol.to_owned(), d, s));
    }

    fn pends_open_close(&self, protocol: &str) -> Option<(u64, NDIS_STATUS)> {
        match &self.0.st.borrow().pend_open_close {
            Some((p, d, s)) if p == protocol => Some((*d, *s)),
            _ => None,
        }
    }

    /// ProtocolOpenAdapterCompleteEx for a pended open; a failed open leaves nothing.
    fn open_done(&self, open: &Rc<Open>, status: NDIS_STATUS) {
        let _e = self.enter();
        open.opening.set(false);
        if status != NDIS_STATUS_SUCCESS {
            open.state.set(OpenState::Closed);
            self.unregister_handle(handle_of(open) as usize);
        }
        let complete = open
            .protocol
            .chars
            .OpenAdapterCompleteHandlerEx
            .expect("checked at registration");
        // SAFETY: ProtocolOpenAdapterCompleteEx at PASSIVE_LEVEL with the binding
        // context the protocol gave NdisOpenAdapterEx.
        unsafe { complete(open.context, status) };
    }

    /// ProtocolCloseAdapterCompleteEx for a pended close.
    fn close_done(&self, open: &Rc<Open>) {
        let _e = self.enter();
        let complete = open
            .protocol
            .chars
            .CloseAdapterCompleteHandlerEx
            .expect("checked at registration");
        // SAFETY: ProtocolCloseAdapterCompleteEx at PASSIVE_LEVEL with the binding's
        // context.
        unsafe { complete(open.context) };
    }

    /// Unbind a binding: pause it, then ProtocolUnbindAdapterEx.
    pub fn unbind(&self, open: &Rc<Open>) {
        self.edge(
            "ndis",
            "protocol",
            "ProtocolUnbindAdapterEx",
            handle_of(open) as usize,
            0,
            None,
        ); // trace
        let _e = self.enter();
        if open.state.get() == OpenState::Running
            && self
                .net_pnp(open, NET_PNP_EVENT_CODE::NetEventPause, &[])
                .is_none()
        {
            // NDIS unbinds only a paused binding: let the system run until the protocol
            // completes the pended pause (NdisCompleteNetPnPEvent).
            while open.pending_pnp.get().is_some() {
                if !self.step() {
                    self.violation(
                        Rule::Hang,
                        "ProtocolNetPnPEvent",
                        "a pended NetEventPause nothing can complete blocks the unbind",
                    );
                    break;
                }
            }
        }
        let mut ctx = Box::new(BindContext {
            protocol: open.protocol.clone(),
            adapter: open.adapter.clone(),
            open: Some(open.clone()),
            params: NDIS_BIND_PARAMETERS::default(),
            tcp_offload: NDIS_TCP_CONNECTION_OFFLOAD::default(),
            pm: NDIS_PM_CAPABILITIES::default(),
            rss: NDIS_RECEIVE_SCALE_CAPABILITIES::default(),
            unbind: true,
            completed: None,
        });
        let key = (&raw mut *ctx) as usize;
        self.books().binds.insert(key, ctx);
        self.register_handle(key, HandleKind::BindContext);
        let unbind = open
            .protocol
            .chars
            .UnbindAdapterHandlerEx
            .expect("checked at registration");
        // SAFETY: ProtocolUnbindAdapterEx at PASSIVE_LEVEL with the unbind context.
        let status = unsafe { unbind(key as NDIS_HANDLE, open.context) };
        if status != NDIS_STATUS_PENDING {
            self.unbind_done(key);
        }
    }

    pub(crate) fn unbind_done(&self, key: usize) {
        let Some(ctx) = self.books().binds.remove(&key) else {
            self.violation(
                Rule::PnpCompletion,
                "NdisCompleteUnbindAdapterEx",
                format!("unknown unbind context {key:#x}"),
            );
            return;
        };
        self.unregister_handle(key);
        if let Some(open) = &ctx.open
            && open.state.get() != OpenState::Closed
        {
            self.violation(
                Rule::Leak,
                "ProtocolUnbindAdapterEx",
                "the unbind completed with the binding still open",
            );
        }
    }

    pub(crate) fn close_adapter(&self, open: &Rc<Open>) -> NDIS_STATUS {
        let outstanding_sends = self
            .books()
            .nbls
            .sends
            .values()
            .filter(|v| v.iter().any(|r| r.open == handle_of(open) as usize))
            .count();
        let outstanding_oids = self
            .books()
            .oids
            .values()
            .filter(|r| r.open == handle_of(open) as usize)
            .count();
        if outstanding_sends + outstanding_oids > 0 {
            self.violation(
                Rule::Protocol,
                "NdisCloseAdapterEx",
                format!("closing with {outstanding_sends} send(s) and {outstanding_oids} OID(s) outstanding"),
            );
        }
        open.state.set(OpenState::Closed);
        self.unregister_handle(handle_of(open) as usize);
        let pend = self.pends_open_close(&open.protocol.name);
        if let Some((delay, _)) = pend {
            let (s, o) = (self.clone(), open.clone());
            self.schedule(delay, move |_| s.close_done(&o));
            return NDIS_STATUS_PENDING;
        }
        NDIS_STATUS_SUCCESS
    }

    /// Send a NetPnPEvent to a binding's protocol; returns its status if it completed.
    pub fn net_pnp(
        &self,
        open: &Rc<Open>,
        code: NET_PNP_EVENT_CODE,
        buffer: &[u8],
    ) -> Option<NDIS_STATUS> {
        let _e = self.enter();
        let mut data = buffer.to_vec();
        let mut notification = Box::new(NET_PNP_EVENT_NOTIFICATION {
            NetPnPEvent: NET_PNP_EVENT {
                NetEvent: code,
                Buffer: if data.is_empty() {
                    ptr::null_mut()
                } else {
                    data.as_mut_ptr().cast()
                },
                BufferLength: data.len() as u32,
                ..Default::default()
            },
            ..Default::default()
        });
        let addr = (&raw mut *notification) as usize;
        match code {
            NET_PNP_EVENT_CODE::NetEventPause => open.state.set(OpenState::Pausing),
            NET_PNP_EVENT_CODE::NetEventRestart => open.state.set(OpenState::Running),
            _ => {}
        }
        open.pending_pnp.set(Some(addr));
        let handler = open
            .protocol
            .chars
            .NetPnPEventHandler
            .expect("checked at registration");
        // SAFETY: ProtocolNetPnPEvent at PASSIVE_LEVEL; the notification lives until the
        // event completes (it is kept in the pending table below if it pends).
        let status = unsafe { handler(open.context, &raw mut *notification) };
        if status == NDIS_STATUS_PENDING {
            self.0
                .pending_pnp
                .borrow_mut()
                .insert(addr, (notification, data));
            return None;
        }
        self.pnp_done(open, addr, status);
        Some(status)
    }

    pub(crate) fn pnp_done(&self, open: &Rc<Open>, addr: usize, status: NDIS_STATUS) {
        if open.pending_pnp.get() != Some(addr) {
            self.violation(
                Rule::PnpCompletion,
                "NdisCompleteNetPnPEvent",
                "no such PnP event is pending",
            );
            return;
        }
        open.pending_pnp.set(None);
        open.last_pnp_status.set(Some(status));
        if open.state.get() == OpenState::Pausing {
            open.state.set(OpenState::Paused);
        }
        self.0.pending_pnp.borrow_mut().remove(&addr);
    }

    // --- ordinary NBLs --------------------------------------------------------------

    /// Mark a protocol as an originator: the simulator writes canaries into the NBL
    /// fields it owns and checks them when the NBLs come back.
    pub fn set_originator(&self, protocol: &Rc<ProtocolDriver>) {
        protocol.originator.set(true);
    }

    pub(crate) fn send(
        &self,
        open: &Rc<Open>,
        chain: PNET_BUFFER_LIST,
        port: NDIS_PORT_NUMBER,
        flags: u32,
    ) {
        const CALL: &str = "NdisSendNetBufferLists";
        self.edge(
            "protocol",
            "miniport",
            "NdisSendNetBufferLists",
            handle_of(open) as usize,
            chain as usize,
            None,
        ); // trace
        let h = handle_of(open);
        let nbls = nbl::chain(chain);
        let refuse = open.state.get() == OpenState::Closed || open.state.get() == OpenState::Paused;
        if open.state.get() == OpenState::Paused {
            self.violation(
                Rule::WhilePaused,
                CALL,
                format!("send on paused binding {h:p}"),
            );
        }
        for &n in &nbls {
            if nbl::source_handle(n) != h {
                self.violation(
                    Rule::NblSourceHandle,
                    CALL,
                    format!(
                        "NBL {n:p} SourceHandle {:p} != binding {h:p}",
                        nbl::source_handle(n)
                    ),
                );
            }
            if open.protocol.originator.get() {
                let canaries = [0; 4].map(|_: u8| ((self.random() as usize) | 1) as PVOID);
                nbl::set_protocol_reserved(n, canaries);
            }
            let record = SendRecord {
                open: h as usize,
                protocol_reserved: nbl::protocol_reserved(n),
                time: self.now(),
                reported: false,
            };
            self.books()
                .nbls
                .sends
                .entry(n as usize)
                .or_default()
                .push(record);
        }
        if refuse {
            for &n in &nbls {
                nbl::set_status(n, NDIS_STATUS_PAUSED);
            }
            self.send_complete_route("NdisSendNetBufferLists(refused)", chain, 0);
            return;
        }
        let adapter = open.adapter.clone();
        if adapter.state.get() != AdapterState::Running
            && adapter.state.get() != AdapterState::Pausing
        {
            self.violation(
                Rule::WhilePaused,
                CALL,
                format!(
                    "an ordinary send reached {} in state {:?}",
                    adapter.name,
                    adapter.state.get()
                ),
            );
        }
        let handler = adapter
            .driver
            .chars
            .SendNetBufferListsHandler
            .expect("checked at registration");
        // SAFETY: MiniportSendNetBufferLists with the adapter's context and the chain the
        // protocol handed NDIS; IRQL as the caller's (≤ DISPATCH_LEVEL).
        unsafe { handler(adapter.context.get(), chain, port, flags) };
    }

    pub(crate) fn send_complete(&self, adapter: &Rc<Adapter>, chain: PNET_BUFFER_LIST, flags: u32) {
        self.edge(
            "miniport",
            "protocol",
            "NdisMSendNetBufferListsComplete",
            handle_of(adapter) as usize,
            chain as usize,
            None,
        ); // trace
        let nbls = nbl::chain(chain);
        for &n in &nbls {
            let top = self
                .books()
                .nbls
                .sends
                .get(&(n as usize))
                .and_then(|v| v.last().cloned());
            match top {
                Some(r) => {
                    let open = self
                        .0
                        .st
                        .borrow()
                        .opens
                        .iter()
                        .find(|o| handle_of(o) as usize == r.open)
                        .cloned();
                    if let Some(o) = open
                        && !Rc::ptr_eq(&o.adapter, adapter)
                    {
                        self.violation(
                            Rule::NblWrongOwner,
                            "NdisMSendNetBufferListsComplete",
                            format!(
                                "NBL {n:p} was sent to {}, completed by {}",
                                o.adapter.name, adapter.name
                            ),
                        );
                    }
                }
                None => self.violation(
                    Rule::NblNotOutstanding,
                    "NdisMSendNetBufferListsComplete",
                    format!("NBL {n:p} is not an outstanding send"),
                ),
            }
        }
        self.send_complete_route("NdisMSendNetBufferListsComplete", chain, flags);
    }

    /// Route completed sends to their senders by SourceHandle, in runs (DP-6 style).
    fn send_complete_route(&self, call: &'static str, chain: PNET_BUFFER_LIST, flags: u32) {
        let nbls = nbl::chain(chain);
        let mut runs: Vec<(NDIS_HANDLE, Vec<PNET_BUFFER_LIST>)> = Vec::new();
        for &n in &nbls {
            let sh = nbl::source_handle(n);
            match runs.last_mut() {
                Some((h, run)) if *h == sh => run.push(n),
                _ => runs.push((sh, vec![n])),
            }
        }
        for (sh, run) in runs {
            let mut delivered = Vec::new();
            for &n in &run {
                let mut books = self.books();
                let stack = books.nbls.sends.get_mut(&(n as usize));
                let Some(record) = stack.and_then(Vec::pop) else {
                    continue;
                };
                if books
                    .nbls
                    .sends
                    .get(&(n as usize))
                    .is_some_and(Vec::is_empty)
                {
                    books.nbls.sends.remove(&(n as usize));
                }
                drop(books);
                if record.open != sh as usize {
                    self.violation(
                        Rule::NblWrongOwner,
                        call,
                        format!("NBL {n:p} completed to {sh:p}, sent on {:#x}", record.open),
                    );
                }
                if nbl::protocol_reserved(n) != record.protocol_reserved {
                    self.violation(
                        Rule::Canary,
                        call,
                        format!("NBL {n:p} ProtocolReserved changed below its sender"),
                    );
                }
                delivered.push(n);
            }
            let open = self
                .0
                .st
                .borrow()
                .opens
                .iter()
                .find(|o| handle_of(o) == sh)
                .cloned();
            let Some(open) = open else {
                self.violation(
                    Rule::NblWrongOwner,
                    call,
                    format!("SourceHandle {sh:p} names no binding"),
                );
                continue;
            };
            let head = nbl::link(&run);
            let handler = open
                .protocol
                .chars
                .SendNetBufferListsCompleteHandler
                .expect("checked at registration");
            // SAFETY: ProtocolSendNetBufferListsComplete with the binding's context and
            // the run of NBLs that binding sent.
            self.at_dispatch(|| unsafe { handler(open.context, head, flags) });
            let _ = delivered;
        }
    }

    pub(crate) fn indicate_receive(
        &self,
        adapter: &Rc<Adapter>,
        chain: PNET_BUFFER_LIST,
        port: NDIS_PORT_NUMBER,
        count: u32,
        flags: u32,
    ) {
        const CALL: &str = "NdisMIndicateReceiveNetBufferLists";
        self.edge(
            "miniport",
            "protocol",
            "NdisMIndicateReceiveNetBufferLists",
            handle_of(adapter) as usize,
            chain as usize,
            None,
        ); // trace
        if adapter.state.get() == AdapterState::Paused
            || adapter.state.get() == AdapterState::Restarting
        {
            self.violation(
                Rule::WhilePaused,
                CALL,
                format!("{} indicated while {:?}", adapter.name, adapter.state.get()),
            );
        }
        let nbls = nbl::chain(chain);
        if nbls.len() != count as usize {
            self.violation(
                Rule::Protocol,
                CALL,
                format!(
                    "NumberOfNetBufferLists {count} but the chain has {}",
                    nbls.len()
                ),
            );
        }
        let opens: Vec<Rc<Open>> = Self::live_opens(adapter)
            .into_iter()
            .filter(|o| o.state.get() == OpenState::Running || o.state.get() == OpenState::Pausing)
            .collect();
        let resources = flags & NDIS_RECEIVE_FLAGS_RESOURCES != 0;
        let holders: Vec<usize> = opens.iter().map(|o| handle_of(o) as usize).collect();
        if !resources && !holders.is_empty() {
            let mut books = self.books();
            for &n in &nbls {
                books
                    .nbls
                    .indications
                    .entry(n as usize)
                    .or_default()
                    .push(Indication {
                        adapter: handle_of(adapter) as usize,
                        holders: holders.clone(),
                    });
            }
        }
        for open in &opens {
            let handler = open
                .protocol
                .chars
                .ReceiveNetBufferListsHandler
                .expect("checked at registration");
            // SAFETY: ProtocolReceiveNetBufferLists with the binding's context and the
            // chain the miniport indicated.
            self.at_dispatch(|| unsafe { handler(open.context, chain, port, count, flags) });
        }
        if !resources && holders.is_empty() {
            // Nobody to deliver to: NDIS hands the NBLs straight back.
            self.return_to_miniport(adapter, &nbls);
        }
    }

    pub(crate) fn return_nbls(&self, open: &Rc<Open>, chain: PNET_BUFFER_LIST, _flags: u32) {
        self.edge(
            "protocol",
            "miniport",
            "NdisReturnNetBufferLists",
            handle_of(open) as usize,
            chain as usize,
            None,
        ); // trace
        let h = handle_of(open) as usize;
        let mut done = Vec::new();
        for n in nbl::chain(chain) {
            let mut books = self.books();
            let Some(stack) = books.nbls.indications.get_mut(&(n as usize)) else {
                drop(books);
                self.violation(
                    Rule::NblNotOutstanding,
                    "NdisReturnNetBufferLists",
                    format!("NBL {n:p} is not an outstanding indication"),
                );
                continue;
            };
            let Some(top) = stack.last_mut() else {
                continue;
            };
            let Some(pos) = top.holders.iter().position(|&x| x == h) else {
                drop(books);
                self.violation(
                    Rule::NblNotOutstanding,
                    "NdisReturnNetBufferLists",
                    format!("NBL {n:p} was not indicated to {h:#x}"),
                );
                continue;
            };
            top.holders.remove(pos);
            if top.holders.is_empty() {
                stack.pop();
                if stack.is_empty() {
                    books.nbls.indications.remove(&(n as usize));
                }
                done.push(n);
            }
        }
        if !done.is_empty() {
            let adapter = open.adapter.clone();
            self.return_to_miniport(&adapter, &done);
        }
    }

    fn return_to_miniport(&self, adapter: &Rc<Adapter>, nbls: &[PNET_BUFFER_LIST]) {
        let head = nbl::link(nbls);
        let handler = adapter
            .driver
            .chars
            .ReturnNetBufferListsHandler
            .expect("checked at registration");
        // SAFETY: MiniportReturnNetBufferLists with the adapter's context and NBLs it
        // indicated that every protocol has returned.
        self.at_dispatch(|| unsafe { handler(adapter.context.get(), head, 0) });
    }

    // --- OIDs -----------------------------------------------------------------------

    pub(crate) fn oid_request(
        &self,
        open: &Rc<Open>,
        request: *mut NDIS_OID_REQUEST,
    ) -> NDIS_STATUS {
        self.edge(
            "protocol",
            "miniport",
            "NdisOidRequest",
            handle_of(open) as usize,
            request as usize,
            None,
        ); // trace
        let adapter = open.adapter.clone();
        if adapter.state.get() == AdapterState::Halted {
            return chimney_im::ndis::NDIS_STATUS_CLOSING;
        }
        self.books().oids.insert(
            request as usize,
            OidRecord {
                open: handle_of(open) as usize,
                time: self.now(),
                reported: false,
            },
        );
        let handler = adapter
            .driver
            .chars
            .OidRequestHandler
            .expect("checked at registration");
        // SAFETY: MiniportOidRequest with the adapter's context and the caller's request,
        // which stays valid until completed.
        let status = unsafe { handler(adapter.context.get(), request) };
        if status != NDIS_STATUS_PENDING {
            // A synchronous completion: the status goes back as NdisOidRequest's return.
            if self.books().oids.remove(&(request as usize)).is_none() {
                self.violation(
                    Rule::OidNotOutstanding,
                    "MiniportOidRequest",
                    "returned a status after completing the request",
                );
            }
        }
        status
    }

    pub(crate) fn oid_complete(
        &self,
        adapter: &Rc<Adapter>,
        request: *mut NDIS_OID_REQUEST,
        status: NDIS_STATUS,
    ) {
        self.edge(
            "miniport",
            "protocol",
            "NdisMOidRequestComplete",
            handle_of(adapter) as usize,
            request as usize,
            Some(status),
        ); // trace
        let Some(record) = self.books().oids.remove(&(request as usize)) else {
            self.violation(
                Rule::OidNotOutstanding,
                "NdisMOidRequestComplete",
                format!("request {request:p} is not outstanding on {}", adapter.name),
            );
            return;
        };
        let open = self
            .0
            .st
            .borrow()
            .opens
            .iter()
            .find(|o| handle_of(o) as usize == record.open)
            .cloned();
        let Some(open) = open else { return };
        let handler = open
            .protocol
            .chars
            .OidRequestCompleteHandler
            .expect("checked at registration");
        // SAFETY: ProtocolOidRequestComplete with the binding's context and its request.
        unsafe { handler(open.context, request, status) };
    }

    pub(crate) fn cancel_oid(open: &Rc<Open>, request_id: PVOID) {
        let adapter = open.adapter.clone();
        if let Some(cancel) = adapter.driver.chars.CancelOidRequestHandler {
            // SAFETY: MiniportCancelOidRequest with the adapter's context.
            unsafe { cancel(adapter.context.get(), request_id) };
        }
    }

    // --- status ---------------------------------------------------------------------

    pub(crate) fn indicate_status(
        &self,
        adapter: &Rc<Adapter>,
        indication: *mut NDIS_STATUS_INDICATION,
    ) {
        // SAFETY: the miniport's indication lives for the call. (trace)
        let code = unsafe { (*indication).StatusCode };
        self.edge(
            "miniport",
            "protocol",
            "NdisMIndicateStatusEx",
            handle_of(adapter) as usize,
            indication as usize,
            Some(code),
        ); // trace
        // SAFETY: the miniport's indication lives for the call.
        let source = unsafe { (*indication).SourceHandle };
        if source != handle_of(adapter) {
            self.violation(
                Rule::Protocol,
                "NdisMIndicateStatusEx",
                format!(
                    "SourceHandle {source:p} is not the miniport {}",
                    adapter.name
                ),
            );
        }
        if adapter.state.get() == AdapterState::Initializing {
            self.violation(
                Rule::Protocol,
                "NdisMIndicateStatusEx",
                "status indicated before initialize finished (LC-46)",
            );
        }
        for open in Self::live_opens(adapter) {
            let handler = open
                .protocol
                .chars
                .StatusHandlerEx
                .expect("checked at registration");
            // SAFETY: ProtocolStatusEx with the binding's context and the indication.
            self.at_dispatch(|| unsafe { handler(open.context, indication) });
        }
    }

    // --- time limits ----------------------------------------------------------------

    fn report_overruns(&self) {
        let now = self.now();
        let mut late = Vec::new();
        {
            let mut books = self.books();
            for (n, stack) in &mut books.nbls.sends {
                for r in stack.iter_mut() {
                    if !r.reported && now.saturating_sub(r.time) > SEND_LIMIT {
                        r.reported = true;
                        late.push((
                            Rule::SendTimeout,
                            "MiniportSendNetBufferLists",
                            format!(
                                "NBL {n:#x} outstanding {} s",
                                (now - r.time) / TICKS_PER_SECOND
                            ),
                        ));
                    }
                }
            }
            for (req, r) in &mut books.oids {
                if !r.reported && now.saturating_sub(r.time) > OID_LIMIT {
                    r.reported = true;
                    late.push((
                        Rule::OidTimeout,
                        "MiniportOidRequest",
                        format!(
                            "request {req:#x} outstanding {} s",
                            (now - r.time) / TICKS_PER_SECOND
                        ),
                    ));
                }
            }
        }
        let adapters: Vec<Rc<Adapter>> = self.0.st.borrow().adapters.clone();
        for a in adapters {
            if let Some(start) = a.pause_started.get()
                && !a.pause_timeout_reported.get()
                && now.saturating_sub(start) > PAUSE_LIMIT
            {
                a.pause_timeout_reported.set(true);
                late.push((
                    Rule::PauseTimeout,
                    "MiniportPause",
                    format!(
                        "{} pausing for {} s",
                        a.name,
                        (now - start) / TICKS_PER_SECOND
                    ),
                ));
            }
        }
        for (rule, call, detail) in late {
            self.violation(rule, call, detail);
        }
    }

    // --- leaks ----------------------------------------------------------------------

    /// Everything still held: memory, NBL contexts, outstanding NBLs and OIDs, open
    /// bindings and configuration handles. Records one Leak violation per item.
    pub fn check_leaks(&self) -> usize {
        let mut found = Vec::new();
        for a in self.live_allocations() {
            found.push(format!(
                "{} bytes tag {:#x} from {}",
                a.length, a.tag, a.site
            ));
        }
        {
            let books = self.books();
            for n in books.nbls.extra_contexts.keys() {
                found.push(format!("NBL context block {n:#x}"));
            }
            for (n, s) in &books.nbls.sends {
                found.push(format!(
                    "NBL {n:#x} still outstanding as a send ({} level(s))",
                    s.len()
                ));
            }
            for n in books.nbls.indications.keys() {
                found.push(format!("NBL {n:#x} indicated and never returned"));
            }
            for r in books.oids.keys() {
                found.push(format!("OID request {r:#x} never completed"));
            }
            for c in books.clones.keys() {
                found.push(format!("cloned OID request {c:#x} never freed"));
            }
            for c in books.configs.keys() {
                found.push(format!("configuration handle {c:#x} never closed"));
            }
            for w in books.work_items.keys() {
                found.push(format!("work item {w:#x} never freed"));
            }
        }
        for (higher, lower) in &self.books().if_stack {
            found.push(format!(
                "interface stack entry {higher} over {lower} never deleted"
            ));
        }
        let opens: Vec<Rc<Open>> = self.0.st.borrow().opens.clone();
        for o in opens.iter().filter(|o| o.state.get() != OpenState::Closed) {
            found.push(format!(
                "binding of {} to {} never closed",
                o.protocol.name, o.adapter.name
            ));
        }
        for f in &found {
            self.violation(Rule::Leak, "unload", f.clone());
        }
        found.len()
    }
}

impl Sim {
    /// NdisIfAddIfStackEntry: both indexes must name interfaces NDIS knows, once each.
    pub(crate) fn if_stack_add(&self, higher: u32, lower: u32) -> NDIS_STATUS {
        const CALL: &str = "NdisIfAddIfStackEntry";
        self.require_irql(CALL, PASSIVE_LEVEL);
        let known = |i: u32| self.0.st.borrow().adapters.iter().any(|a| a.if_index == i);
        if !known(higher) || !known(lower) || higher == lower {
            self.violation(
                Rule::BadHandle,
                CALL,
                format!("no such interface pair {higher} over {lower}"),
            );
            return NDIS_STATUS_INVALID_PARAMETER;
        }
        if !self.allocation_allowed() {
            return chimney_im::ndis::NDIS_STATUS_RESOURCES;
        }
        let mut books = self.books();
        if books.if_stack.contains(&(higher, lower)) {
            drop(books);
            self.violation(
                Rule::Protocol,
                CALL,
                format!("{higher} over {lower} added twice"),
            );
            return NDIS_STATUS_INVALID_PARAMETER;
        }
        books.if_stack.push((higher, lower));
        NDIS_STATUS_SUCCESS
    }

    /// NdisIfDeleteIfStackEntry of an entry that was added.
    pub(crate) fn if_stack_delete(&self, higher: u32, lower: u32) {
        const CALL: &str = "NdisIfDeleteIfStackEntry";
        self.require_irql(CALL, PASSIVE_LEVEL);
        let mut books = self.books();
        let before = books.if_stack.len();
        books.if_stack.retain(|e| *e != (higher, lower));
        if books.if_stack.len() == before {
            drop(books);
            self.violation(
                Rule::Protocol,
                CALL,
                format!("{higher} over {lower} was never added"),
            );
        }
    }

    /// Change what `adapter`'s general attributes say (a filter below it changed its
    /// MTU, say): seen by binds and restarts from now on.
    pub fn update_general(&self, adapter: &Adapter, f: impl FnOnce(&mut GeneralAttributes)) {
        if let Some(g) = adapter.general.borrow_mut().as_mut() {
            f(g);
        }
    }

    /// The interface stack: (higher, lower) IfIndex pairs.
    #[must_use]
    pub fn if_stack(&self) -> Vec<(u32, u32)> {
        self.books().if_stack.clone()
    }
}

/// Called after each step of simulated time.
pub(crate) fn check_time_limits(sim: &Sim) {
    sim.report_overruns();
}
