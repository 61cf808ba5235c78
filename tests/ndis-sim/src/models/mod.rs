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
    /// Build and bind a direct system with `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let sim = Sim::new(seed);
        if let Ok(path) = std::env::var("NDIS_SIM_TRACE") {
            // A failing run can be traced by naming a file; one file per seed.
            let _ = sim.trace_to(format!("{path}.{seed}"));
        }
        sim.allow_binding("tcpip", "nic0");
        let peer = Rc::new(peer::Peer::default());
        let nic = nic::NicModel::register(&sim, peer.clone());
        let (adapter, nic0) = nic.add_adapter(&sim, "nic0");
        let host = host::HostModel::register(&sim, "tcpip", peer.clone());
        sim.run_until_idle();
        let binding = host.binding(0);
        let b = Rc::downgrade(&binding);
        *nic0.host_path.borrow_mut() = Some(Rc::new(move |c, seq, data: Vec<u8>| {
            if let Some(b) = b.upgrade() {
                b.host_receive(c, seq, &data);
            }
        }));
        Self {
            sim,
            peer,
            nic,
            adapter,
            nic0,
            host,
            binding,
        }
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
