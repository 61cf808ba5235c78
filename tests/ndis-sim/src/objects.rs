//! The NDIS objects of a simulated system: registered miniport drivers and protocols
//! with the handler tables they passed (including the chimney optional handlers),
//! miniport adapters, and bindings between a protocol and an adapter. Each object's
//! address is the NDIS handle that names it; fields that change are `Cell`/`RefCell`
//! so objects are shared, never borrowed mutably across a driver call.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use chimney_im::ndis::{
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
    NDIS_PM_CAPABILITIES, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, NDIS_RECEIVE_SCALE_CAPABILITIES,
};
use offload_tree::abi::{
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
    NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, NDIS_HANDLE,
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, NDIS_STATUS, NDIS_TCP_CONNECTION_OFFLOAD,
};

/// The address of an object, as the NDIS handle naming it.
pub fn handle_of<T>(object: &Rc<T>) -> NDIS_HANDLE {
    Rc::as_ptr(object).cast_mut().cast()
}

/// A registered miniport driver.
pub struct MiniportDriver {
    /// Name for reports.
    pub name: String,
    /// The characteristics as registered (copied, as NDIS copies them).
    pub chars: NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
    /// MiniportDriverContext.
    pub context: NDIS_HANDLE,
    /// NDIS_INTERMEDIATE_DRIVER was set.
    pub intermediate: bool,
    /// Provider chimney handlers from NdisSetOptionalHandlers (0x8F).
    pub provider_generic: Cell<Option<NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS>>,
    /// Provider TCP chimney handlers (0x94).
    pub provider_tcp: Cell<Option<NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS>>,
    /// The protocol NdisIMAssociateMiniport tied it to.
    pub associated_protocol: RefCell<Weak<ProtocolDriver>>,
    /// Deregistered.
    pub deregistered: Cell<bool>,
}

/// A registered protocol driver.
pub struct ProtocolDriver {
    /// The protocol's registered name.
    pub name: String,
    /// The characteristics as registered.
    pub chars: NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
    /// ProtocolDriverContext.
    pub context: NDIS_HANDLE,
    /// Client chimney handlers (0x8E).
    pub client_generic: Cell<Option<NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS>>,
    /// Client TCP chimney handlers (0x93).
    pub client_tcp: Cell<Option<NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS>>,
    /// Whether the simulator puts canaries in the fields this protocol owns (models and
    /// test protocols that originate traffic; not intermediate drivers).
    pub originator: Cell<bool>,
    /// Deregistered.
    pub deregistered: Cell<bool>,
}

/// A miniport's general attributes as NDIS keeps them: the structure with its pointers
/// cleared, and copies of the capability structures they pointed at.
#[derive(Clone, Copy, Debug)]
pub struct GeneralAttributes {
    /// The attributes (pointer members null).
    pub attributes: NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
    /// PowerManagementCapabilitiesEx, if set.
    pub pm: Option<NDIS_PM_CAPABILITIES>,
    /// RecvScaleCapabilities, if set.
    pub rss: Option<NDIS_RECEIVE_SCALE_CAPABILITIES>,
}

/// A miniport adapter's state (LC-27).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdapterState {
    /// MiniportInitializeEx running.
    Initializing,
    /// Initialized, paused.
    Paused,
    /// MiniportRestart called and not completed.
    Restarting,
    /// Running.
    Running,
    /// MiniportPause called, NdisMPauseComplete not yet.
    Pausing,
    /// MiniportHaltEx called (or initialize failed).
    Halted,
}

/// A miniport adapter (physical or an IM's virtual miniport).
pub struct Adapter {
    /// Name (the IM's device instance name for virtual miniports).
    pub name: String,
    /// Its driver.
    pub driver: Rc<MiniportDriver>,
    /// MiniportAdapterContext from the registration attributes.
    pub context: Cell<NDIS_HANDLE>,
    /// Device context an IM passed to NdisIMInitializeDeviceInstanceEx.
    pub device_context: NDIS_HANDLE,
    /// State.
    pub state: Cell<AdapterState>,
    /// Bindings above it.
    pub opens: RefCell<Vec<Weak<Open>>>,
    /// Chimney hardware capability from its offload attributes, if it set any.
    pub tcp_connection_offload: Cell<Option<NDIS_TCP_CONNECTION_OFFLOAD>>,
    /// Its default (current) chimney configuration from the same attributes: what the
    /// bind parameters carry (LC-14).
    pub tcp_connection_offload_config: Cell<Option<NDIS_TCP_CONNECTION_OFFLOAD>>,
    /// Its general attributes, as NDIS keeps them (bind parameters come from them).
    pub general: RefCell<Option<GeneralAttributes>>,
    /// Its interface index (NET_IFINDEX, from 1): MiniportInitParameters.IfIndex and
    /// the BoundIfIndex of bindings to it.
    pub if_index: u32,
    /// The restart attributes of its last restart (NDIS owns them; drivers read them
    /// during MiniportRestart and NetEventRestart).
    pub restart_attributes: RefCell<Option<crate::route::RestartAttributes>>,
    /// When its pending pause started (time limit).
    pub pause_started: Cell<Option<u64>>,
    /// Whether the pause-timeout violation was already recorded.
    pub pause_timeout_reported: Cell<bool>,
    /// Configuration keywords visible through NdisReadConfiguration.
    pub config: RefCell<HashMap<String, u32>>,
    /// The simulator-held chimney capability this adapter advertises (models).
    pub completions: Cell<u64>,
}

/// A binding's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenState {
    /// NdisOpenAdapterEx done; the protocol is paused until restarted.
    Paused,
    /// NetEventPause sent, not completed.
    Pausing,
    /// Running.
    Running,
    /// NdisCloseAdapterEx called.
    Closed,
}

/// A binding of a protocol to an adapter.
pub struct Open {
    /// The protocol.
    pub protocol: Rc<ProtocolDriver>,
    /// The adapter below.
    pub adapter: Rc<Adapter>,
    /// ProtocolBindingContext.
    pub context: NDIS_HANDLE,
    /// State.
    pub state: Cell<OpenState>,
    /// A NetPnPEvent this binding has pending (its notification address).
    pub pending_pnp: Cell<Option<usize>>,
    /// Status of the last completed PnP event.
    pub last_pnp_status: Cell<Option<NDIS_STATUS>>,
    /// NdisOpenAdapterEx pended and ProtocolOpenAdapterCompleteEx has not run yet.
    pub opening: Cell<bool>,
}
