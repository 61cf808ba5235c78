//! The models that give the simulator real traffic, in the direct configuration (host
//! bound straight to the NIC) and later through the IM: [`nic`], a chimney offload
//! target with TCP sequence state; [`host`], a host TCP/IP stack that offloads trees of
//! neighbor, path and TCP objects and moves bytes; [`peer`], the remote end that checks
//! every byte of every stream. Faults are injected through the models' hooks (per-block
//! status, delayed and reordered completions, the Sim's allocation failure).

pub mod fault;
pub mod host;
pub mod nic;
pub mod peer;
pub mod system;

use std::rc::Rc;

use crate::core::Sim;
use crate::objects::Adapter;

/// A direct system: the host stack bound straight to one NIC-model adapter, and the
/// peer behind it.
pub struct Direct {
    /// The simulator.
    pub sim: Sim,
    /// The remote peer.
    pub peer: Rc<peer::Peer>,
    /// The NIC driver.
    pub nic: &'static nic::NicModel,
    /// The NIC adapter (simulator view).
    pub adapter: Rc<Adapter>,
    /// The NIC adapter (model).
    pub nic0: Rc<nic::NicAdapter>,
    /// The host stack.
    pub host: &'static host::HostModel,
    /// The host's binding to the NIC.
    pub binding: Rc<host::HostBinding>,
}

impl Direct {
    /// Build and bind a direct system with `seed` (traced to `$NDIS_SIM_TRACE.<seed>`
    /// when that variable names a file).
    ///
    /// # Panics
    /// When the host does not bind or the trace file cannot be created.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let trace = std::env::var("NDIS_SIM_TRACE")
            .ok()
            .map(|p| std::path::PathBuf::from(format!("{p}.{seed}")));
        system::build(system::Topology::Direct, seed, trace.as_deref())
            .expect("the direct system binds")
            .d
    }

    /// Run until nothing is queued.
    pub fn settle(&self) {
        self.sim.run_until_idle();
    }

    /// Assert a clean Verifier log and intact streams.
    ///
    /// # Panics
    /// When either is not.
    pub fn assert_clean(&self) {
        self.sim.assert_clean();
        self.peer.assert_intact();
    }
}
