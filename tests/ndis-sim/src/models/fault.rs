//! The fault injector: a plan drawn from a seed and installed as hooks on a [`Direct`]
//! system, in the manner of a fault-injecting device wrapped around a working one. Kinds:
//! allocation failure at the Nth seam allocation (the Sim's counter), per-block failure
//! and partial success in the NIC (the NIC's block hook, with a status drawn from the
//! documented initiate codes), delayed and reordered state-operation completions and acknowledgements (so send
//! completions),
//! surprise removal, adapter pause in the middle of traffic, storms of TCP events, and
//! malformed trees from the host. [`run`] plays a scenario (offload, traffic both ways,
//! uploads and re-offloads) with a plan and returns an [`Outcome`] fingerprint: the same
//! seed gives the same outcome.

use std::cell::Cell;

use chimney_im::ndis::{NDIS_HALT_ACTION, NET_PNP_EVENT_CODE};
use offload_tree::abi::*;
use offload_tree::tree::Operation;

use super::Direct;
use super::host::ConnState;
use super::nic::Layer;

/// A deterministic generator (splitmix64).
#[derive(Clone, Debug)]
pub struct Rng(Cell<u64>);

impl Rng {
    /// From `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(Cell::new(seed ^ 0xA076_1D64_78BD_642F))
    }

    /// The next number.
    pub fn next(&self) -> u64 {
        let s = self.0.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.0.set(s);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Which faults a run injects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FaultPlan {
    /// The seed of every random choice.
    pub seed: u64,
    /// Fail initiate blocks with this probability (per mille).
    pub block_fail_per_mille: u64,
    /// Delay (and so reorder) state-operation completions up to this many ticks.
    pub state_delay: Option<u64>,
    /// Delay (and so reorder) acknowledgements, hence send completions, up to this
    /// many ticks.
    pub ack_jitter: u64,
    /// Fail the Nth seam allocation from the start of traffic.
    pub fail_allocation: Option<u64>,
    /// Indicate this many random TCP events per round.
    pub storm_events: usize,
    /// Pause and restart the adapter in this round.
    pub pause_round: Option<usize>,
    /// Surprise-remove the adapter in this round.
    pub surprise_round: Option<usize>,
    /// The host offloads a malformed tree in the first round.
    pub malformed: bool,
}

impl FaultPlan {
    /// Every fault kind on, with parameters drawn from `seed`.
    #[must_use]
    pub fn from_seed(seed: u64) -> Self {
        let r = Rng::new(seed);
        Self {
            seed,
            block_fail_per_mille: 50 + r.below(200),
            state_delay: Some(1 + r.below(60)),
            ack_jitter: r.below(50),
            fail_allocation: Some(1 + r.below(20)),
            storm_events: 1 + r.below(6) as usize,
            pause_round: Some(1 + r.below(3) as usize),
            surprise_round: None,
            malformed: r.below(2) == 0,
        }
    }

    /// No faults, seed only.
    #[must_use]
    pub fn none(seed: u64) -> Self {
        Self {
            seed,
            ..Self::default()
        }
    }
}

/// What a run did, to compare runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Simulated time at the end.
    pub now: u64,
    /// Seam allocations made.
    pub allocations: u64,
    /// NIC counters.
    pub nic: super::nic::NicStats,
    /// Every completed state operation with its block statuses.
    pub completed: Vec<(Operation, Vec<NDIS_STATUS>)>,
    /// Host→peer and peer→host bytes delivered.
    pub bytes: (u64, u64),
    /// Connections per state: (host, offloaded, aborted).
    pub states: (usize, usize, usize),
}

const INITIATE_FAILURES: [NDIS_STATUS; 5] = [
    NDIS_STATUS_FAILURE,
    NDIS_STATUS_RESOURCES,
    NDIS_STATUS_OFFLOAD_TCP_ENTRIES,
    NDIS_STATUS_OFFLOAD_PATH_ENTRIES,
    NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED,
];

/// Install the plan's NIC-side hooks on `d`.
pub fn install(d: &Direct, plan: &FaultPlan) {
    if plan.block_fail_per_mille > 0 {
        let rng = Rng::new(plan.seed.rotate_left(17));
        let p = plan.block_fail_per_mille;
        *d.nic0.fault.borrow_mut() = Some(Box::new(move |b| {
            if b.op != Operation::Initiate || rng.below(1000) >= p {
                return None;
            }
            let s = INITIATE_FAILURES[rng.below(INITIATE_FAILURES.len() as u64) as usize];
            Some(match (b.layer, s) {
                (Layer::Neighbor, NDIS_STATUS_OFFLOAD_TCP_ENTRIES) => {
                    NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES
                }
                _ => s,
            })
        }));
    }
    d.nic0.state_delay.set(plan.state_delay);
    d.nic0.ack_jitter.set(plan.ack_jitter);
}

fn storm(d: &Direct, rng: &Rng, ids: &[u32], n: usize) {
    const EVENTS: [TCP_OFFLOAD_EVENT_TYPE; 4] = [
        TCP_OFFLOAD_EVENT_TYPE::TcpIndicateSendBacklogChange,
        TCP_OFFLOAD_EVENT_TYPE::TcpIndicateDisconnect,
        TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve,
        TCP_OFFLOAD_EVENT_TYPE::TcpIndicateAbort,
    ];
    for _ in 0..n {
        let c = ids[rng.below(ids.len() as u64) as usize];
        let e = EVENTS[rng.below(4) as usize];
        d.nic0.indicate_event(c, e, rng.below(12) as u32);
    }
}

/// Play the standard scenario (`groups` × `per` connections, `rounds` rounds of traffic
/// both ways with uploads and re-offloads) under `plan`. Returns the system (for its
/// checks) and the outcome.
pub fn run(plan: &FaultPlan, groups: usize, per: usize, rounds: usize) -> (Direct, Outcome) {
    run_on(super::system::Topology::Direct, plan, groups, per, rounds)
}

/// [`run`] on `topology`: the same scenario directly or through chimney-im.
///
/// # Panics
/// When the system cannot be built (the host did not bind).
pub fn run_on(
    topology: super::system::Topology,
    plan: &FaultPlan,
    groups: usize,
    per: usize,
    rounds: usize,
) -> (Direct, Outcome) {
    let d = super::system::build(topology, plan.seed, None)
        .expect("the system binds")
        .d;
    d.binding.auto_post.set(700);
    install(&d, plan);
    let rng = Rng::new(plan.seed);
    let mut ids = Vec::new();
    {
        let _e = d.sim.enter();
        if let Some(n) = plan.fail_allocation {
            d.sim.fail_allocation_at(Some(n));
        }
        for _ in 0..groups {
            ids.extend(d.binding.offload_new(per).1);
        }
        if plan.malformed {
            d.binding.offload_malformed();
        }
    }
    d.settle();
    for round in 0..rounds {
        let _e = d.sim.enter();
        if plan.surprise_round == Some(round) {
            surprise_remove(&d);
        }
        if plan.pause_round == Some(round) && !d.nic0.removed.get() {
            pause_restart(&d, &rng, &ids);
        }
        for &c in &ids {
            d.binding.send(c, 100 + rng.below(900) as usize);
            d.nic0.peer_send(c, 100 + rng.below(1500) as usize);
            match rng.below(8) {
                0 => d.binding.upload(c),
                1 => {
                    let g = d.binding.conns.borrow()[&c].group;
                    d.binding.offload(g, &[c]);
                }
                _ => {}
            }
        }
        storm(&d, &rng, &ids, plan.storm_events);
        d.sim.advance(20 + rng.below(40));
    }
    d.settle();
    d.sim.fail_allocation_at(None);
    let out = outcome(&d, &ids);
    (d, out)
}

fn pause_restart(d: &Direct, rng: &Rng, ids: &[u32]) {
    // Pause with traffic in flight: the host uploads everything (NetEventPause).
    for &c in ids.iter().take(5) {
        d.binding.send(c, 500);
        d.nic0.peer_send(c, 800);
    }
    d.sim.advance(rng.below(15));
    d.sim.pause_adapter(&d.adapter);
    d.settle();
    d.sim.restart_adapter(&d.adapter);
    for open in d
        .sim
        .opens_of(&d.host.protocol.borrow().clone().expect("registered"))
    {
        d.sim
            .net_pnp(&open, NET_PNP_EVENT_CODE::NetEventRestart, &[]);
    }
}

/// Surprise-remove the NIC: the hardware is gone, the binding is unbound (the host
/// uploads everything and the NIC fails the terminates: state lost), then the halt.
pub fn surprise_remove(d: &Direct) {
    d.nic0.removed.set(true);
    d.sim
        .halt_adapter(&d.adapter, NDIS_HALT_ACTION::NdisHaltDeviceSurpriseRemoved);
}

/// The run's fingerprint.
#[must_use]
pub fn outcome(d: &Direct, ids: &[u32]) -> Outcome {
    Outcome {
        now: d.sim.now(),
        allocations: d.sim.allocation_count(),
        nic: d.nic0.stats.get(),
        completed: d.binding.completed.borrow().clone(),
        bytes: (
            ids.iter().map(|&c| d.peer.received(c)).sum(),
            ids.iter().map(|&c| d.binding.received(c)).sum(),
        ),
        states: (
            d.binding.count(ConnState::Host),
            d.binding.count(ConnState::Offloaded),
            d.binding.count(ConnState::Aborted),
        ),
    }
}

/// The NIC and the host agree on what is offloaded: every TCP object the NIC holds is a
/// connection the host believes offloaded (or being uploaded), and every neighbor and
/// path object is one the host's groups name.
///
/// # Panics
/// When they do not.
pub fn check_consistency(d: &Direct) {
    let (n, p, t) = d.nic0.counts();
    let host_tcp = d.binding.count(ConnState::Offloaded) + d.binding.count(ConnState::Uploading);
    assert_eq!(
        t, host_tcp,
        "TCP objects on the NIC vs connections the host offloaded"
    );
    let groups = d.binding.groups.borrow();
    assert_eq!(
        n,
        groups.iter().filter(|g| g.neighbor != 0).count(),
        "neighbors"
    );
    assert_eq!(p, groups.iter().filter(|g| g.path != 0).count(), "paths");
}

/// Check every stream of `ids` that was not aborted: host→peer bytes all arrived, and
/// peer→host bytes all arrived. Returns the number of streams checked.
///
/// # Panics
/// When a stream is short.
pub fn check_streams(d: &Direct, ids: &[u32]) -> usize {
    let mut n = 0;
    for &c in ids {
        let cs = d.binding.conns.borrow();
        let x = &cs[&c];
        if x.state == ConnState::Aborted || d.peer.conns.borrow().get(&c).is_some_and(|p| p.reset) {
            continue;
        }
        let sent = u64::from(x.snd_nxt.wrapping_sub(super::peer::host_isn(c)));
        assert_eq!(d.peer.received(c), sent, "conn {c}: host→peer bytes");
        assert_eq!(x.rx_have, d.peer.produced(c), "conn {c}: peer→host bytes");
        n += 1;
    }
    n
}
