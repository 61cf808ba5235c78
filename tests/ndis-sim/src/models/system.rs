//! The system under test of chimney-load and the scenario tests: the host-stack
//! model, the NIC model and the peer, either bound straight together
//! ([`Topology::Direct`]) or with the real chimney-im driver in between
//! ([`Topology::ThroughIm`]: NIC ← IM protocol, IM velan ← host).

use std::path::Path;
use std::rc::Rc;

use crate::Sim;
use crate::im_harness::{VELAN, register_im};
use crate::models::Direct;
use crate::models::host::HostModel;
use crate::models::nic::NicModel;
use crate::models::peer::Peer;

/// Which system the load runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topology {
    /// Host bound straight to the NIC model.
    Direct,
    /// Host bound to the chimney-im velan, the IM bound to the NIC model.
    ThroughIm,
}

impl Topology {
    /// Its name in the table and the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Topology::Direct => "direct",
            Topology::ThroughIm => "through-im",
        }
    }
}

/// A built system. The models' `Direct` struct holds the pieces of either topology (its
/// `binding` is the host's binding to whatever it bound to), so the models' fault hooks
/// and checks apply to both.
pub struct System {
    /// The pieces.
    pub d: Direct,
    /// The chimney capacity the host was offered in its bind parameters (the
    /// adapter's `TcpConnectionOffloadCapacity`), `None` when no capability was set.
    pub advertised_capacity: Option<u32>,
}

/// Route the peer's segments for connections the NIC does not hold to the host's own
/// stack, as `Direct::new` does.
fn connect_host_path(d: &Direct) {
    let b = Rc::downgrade(&d.binding);
    *d.nic0.host_path.borrow_mut() = Some(Rc::new(move |c, seq, data: Vec<u8>| {
        if let Some(b) = b.upgrade() {
            b.host_receive(c, seq, &data);
        }
    }));
}

/// Build `topology` with `seed`, tracing to `trace` if given, with the NIC's default
/// chimney capacity.
///
/// # Errors
/// When the trace file cannot be created or the host did not bind.
pub fn build(topology: Topology, seed: u64, trace: Option<&Path>) -> Result<System, String> {
    build_with_capacity(topology, seed, trace, None)
}

/// [`build`] with the NIC reporting `capacity` connections (`None`: its default). The
/// capacity is part of the bind: the IM sizes its offload table from it (OP-13).
///
/// # Errors
/// As [`build`].
pub fn build_with_capacity(
    topology: Topology,
    seed: u64,
    trace: Option<&Path>,
    capacity: Option<u32>,
) -> Result<System, String> {
    build_with(topology, seed, trace, capacity, |_| {})
}

/// [`build_with_capacity`], with `configure` run on the new simulator before any driver
/// is loaded (device configuration keywords, say).
///
/// # Errors
/// As [`build`].
pub fn build_with(
    topology: Topology,
    seed: u64,
    trace: Option<&Path>,
    capacity: Option<u32>,
    configure: impl FnOnce(&Sim),
) -> Result<System, String> {
    let sim = Sim::new(seed);
    configure(&sim);
    if let Some(p) = trace {
        sim.trace_to(p)
            .map_err(|e| format!("--trace {}: {e}", p.display()))?;
    }
    let peer = Rc::new(Peer::default());
    let adapter_name = match topology {
        Topology::Direct => {
            sim.allow_binding("tcpip", "nic0");
            "nic0"
        }
        Topology::ThroughIm => {
            sim.allow_binding(chimney_im::driver_entry::PROTOCOL_NAME, "nic0");
            sim.allow_binding("tcpip", VELAN);
            VELAN
        }
    };
    let nic = NicModel::register(&sim, peer.clone());
    if let Some(c) = capacity {
        nic.adapter_capacity.set(c);
    }
    let (adapter, nic0) = nic.add_adapter(&sim, "nic0");
    if topology == Topology::ThroughIm {
        // DriverEntry of the real driver, generic over the seam (asserts success).
        let _driver_object = register_im(&sim);
    }
    let host = HostModel::register(&sim, "tcpip", peer.clone());
    sim.run_until_idle();
    let binding = host
        .bindings
        .borrow()
        .first()
        .cloned()
        .ok_or_else(|| format!("the host model did not bind to {adapter_name}"))?;
    let advertised_capacity = sim
        .adapter_named(adapter_name)
        .and_then(|a| a.tcp_connection_offload.get())
        .map(|c| c.TcpConnectionOffloadCapacity);
    let d = Direct {
        sim,
        peer,
        nic,
        adapter,
        nic0,
        host,
        binding,
    };
    connect_host_path(&d);
    Ok(System {
        d,
        advertised_capacity,
    })
}

/// [`build`] `topology` with `seed`, the host posting receive buffers of `post` bytes
/// (0: none), and `groups` trees of `per` connections offloaded and settled; returns
/// the system and the connection ids.
///
/// # Panics
/// When the system cannot be built.
#[must_use]
pub fn offloaded(
    topology: Topology,
    seed: u64,
    groups: usize,
    per: usize,
    post: u32,
) -> (Direct, Vec<u32>) {
    let d = build(topology, seed, None).expect("the system binds").d;
    d.binding.auto_post.set(post);
    let mut ids = Vec::with_capacity(groups * per);
    {
        let _e = d.sim.enter();
        for _ in 0..groups {
            ids.extend(d.binding.offload_new(per).1);
        }
    }
    d.settle();
    (d, ids)
}

/// Assert that every stream of `ids` is intact byte for byte: the peer received what
/// the host sent, the host received what the peer produced.
///
/// # Panics
/// When a count differs (naming the connection).
pub fn assert_streams(d: &Direct, ids: &[u32]) {
    for &c in ids {
        let sent = u64::from(
            d.binding.conns.borrow()[&c]
                .snd_nxt
                .wrapping_sub(crate::models::peer::host_isn(c)),
        );
        assert_eq!(d.peer.received(c), sent, "conn {c}: host→peer bytes");
        assert_eq!(
            d.binding.received(c),
            d.peer.produced(c),
            "conn {c}: peer→host bytes"
        );
    }
}
