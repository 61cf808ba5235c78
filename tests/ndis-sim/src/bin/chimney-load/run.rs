//! One run: offload the trees, drive the mix, then check every stream byte for byte,
//! the NIC's and the host's agreement, and a final upload of everything.

use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use ndis_sim::models::fault::{self, FaultPlan, Rng};
use ndis_sim::models::host::ConnState;
use ndis_sim::models::peer::host_isn;
use offload_tree::abi::TCP_OFFLOAD_EVENT_TYPE;

use crate::config::{Config, OpKind, Stop};
use crate::system::System;

/// Counters of one operation kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpCount {
    /// Issued by the workload.
    pub issued: u64,
    /// Issued on a connection that was offloaded at the time (the others take the
    /// host-mode path or are no-ops).
    pub offloaded: u64,
}

/// What the final checks found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Violations {
    /// Entries of the simulator's Verifier log (includes the peer's and the host's
    /// byte checks).
    pub sim: usize,
    /// Of those, the peer's integrity failures (gap, wrong byte, early FIN).
    pub peer_integrity: usize,
    /// Streams whose byte counts disagree at the end (host→peer or peer→host), before
    /// or after the final upload.
    pub streams: usize,
    /// NIC and host disagree on what is offloaded.
    pub consistency: usize,
    /// After the final upload: operations or I/O still outstanding.
    pub teardown: usize,
    /// The first few, as text.
    pub first: Vec<String>,
}

impl Violations {
    /// Everything that makes the run fail (the peer's are part of `sim`).
    pub fn total(&self) -> usize {
        self.sim + self.streams + self.consistency + self.teardown
    }

    fn note(&mut self, s: String) {
        if self.first.len() < 10 {
            self.first.push(s);
        }
    }
}

/// The outcome of one run.
#[derive(Clone, Debug, Default)]
pub struct RunResult {
    /// Connections opened.
    pub connections: usize,
    /// Trees (neighbor → path → TCPs) offloaded at the start.
    pub trees: usize,
    /// Connections offloaded after the set-up.
    pub offloaded_at_start: usize,
    /// Connections offloaded when the workload ended.
    pub offloaded_at_end: usize,
    /// Wall time of the set-up (offload of every tree).
    pub setup_wall: Duration,
    /// Per kind, in `OpKind::ALL` order.
    pub ops: [OpCount; 8],
    /// Wall time of the workload phase (operations and the settle after them).
    pub wall: Duration,
    /// Simulated time of the workload phase, in 100 ns ticks.
    pub sim_ticks: u64,
    /// Host→peer bytes delivered in order.
    pub bytes_to_peer: u64,
    /// Peer→host bytes delivered in order.
    pub bytes_to_host: u64,
    /// Seam allocations (`Sim::allocation_count`) during the workload phase.
    pub allocations: u64,
    /// Initiate blocks the NIC's fault hook failed.
    pub faults_injected: u64,
    /// Connections whose streams were checked (not aborted, not reset).
    pub streams_checked: usize,
    /// What the checks found.
    pub violations: Violations,
    /// The IM's own counters at the end of the load, read through its statistics OID as
    /// a user reads them (`None` direct, or when the query failed).
    pub im_counters: Option<chimney_im::offload::counters::CHIMNEY_IM_STATISTICS>,
}

impl RunResult {
    /// All operations issued.
    pub fn total_ops(&self) -> u64 {
        self.ops.iter().map(|o| o.issued).sum()
    }

    /// Operations per wall second.
    #[expect(clippy::cast_precision_loss, reason = "a rate for display")]
    pub fn ops_per_sec(&self) -> f64 {
        self.total_ops() as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    /// Wall nanoseconds per operation.
    #[expect(clippy::cast_precision_loss, reason = "a rate for display")]
    pub fn ns_per_op(&self) -> f64 {
        self.wall.as_nanos() as f64 / (self.total_ops().max(1) as f64)
    }
}

/// The fault plan for `cfg`: block failures at the rate, delayed completions and
/// acknowledgements when the rate is above 0.
pub fn plan(cfg: &Config) -> FaultPlan {
    if cfg.fault_rate <= 0.0 {
        return FaultPlan::none(cfg.seed);
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a rate in [0, 1] scaled to per mille"
    )]
    let per_mille = (cfg.fault_rate.clamp(0.0, 1.0) * 1000.0).round() as u64;
    FaultPlan {
        block_fail_per_mille: per_mille,
        state_delay: Some(40),
        ack_jitter: 30,
        ..FaultPlan::none(cfg.seed)
    }
}

/// The chimney capacity the NIC reports for `cfg`: enough for every connection, at
/// least the NIC model's default.
pub fn nic_capacity(cfg: &Config) -> u32 {
    u32::try_from(cfg.connections)
        .unwrap_or(u32::MAX)
        .max(65_536)
}

/// The IM's statistics, queried from the host through the velan (issue 10); `None`
/// when no IM is in the system or the query did not succeed.
pub fn im_counters(sys: &System) -> Option<chimney_im::offload::counters::CHIMNEY_IM_STATISTICS> {
    use chimney_im::offload::counters::{CHIMNEY_IM_STATISTICS, OID_CHIMNEY_IM_STATISTICS};
    ndis_sim::im_harness::binding(&sys.d.sim)?;
    let mut buf = vec![0u8; size_of::<CHIMNEY_IM_STATISTICS>()];
    let (status, written) =
        sys.d
            .host
            .query_oid(&sys.d.sim, 0, OID_CHIMNEY_IM_STATISTICS, &mut buf);
    (status == offload_tree::abi::NDIS_STATUS_SUCCESS && written as usize == buf.len()).then(|| {
        // SAFETY: the buffer holds exactly one structure, plain #[repr(C)] data.
        unsafe {
            buf.as_ptr()
                .cast::<CHIMNEY_IM_STATISTICS>()
                .read_unaligned()
        }
    })
}

/// Offload every tree of `cfg` and settle; returns the connection ids.
pub fn setup(sys: &System, cfg: &Config) -> Vec<u32> {
    let d = &sys.d;
    d.binding.auto_post.set(0);
    fault::install(d, &plan(cfg));
    let mut ids = Vec::with_capacity(cfg.connections);
    {
        let _e = d.sim.enter();
        for n in cfg.trees() {
            ids.extend(d.binding.offload_new(n).1);
        }
    }
    d.settle();
    ids
}

const EVENTS: [TCP_OFFLOAD_EVENT_TYPE; 4] = [
    TCP_OFFLOAD_EVENT_TYPE::TcpIndicateSendBacklogChange,
    TCP_OFFLOAD_EVENT_TYPE::TcpIndicateDisconnect,
    TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve,
    TCP_OFFLOAD_EVENT_TYPE::TcpIndicateAbort,
];

/// Issue one operation of `kind` on connection `c`; returns whether `c` was offloaded.
fn one_op(sys: &System, rng: &Rng, cfg: &Config, kind: OpKind, c: u32) -> bool {
    let d = &sys.d;
    let b = &d.binding;
    let (state, group) = b
        .conns
        .borrow()
        .get(&c)
        .map_or((ConnState::Aborted, 0), |x| (x.state, x.group));
    let offloaded = state == ConnState::Offloaded;
    let span = u64::from(cfg.size.max - cfg.size.min) + 1;
    let size = cfg.size.min + rng.below(span) as u32;
    match kind {
        OpKind::Send => b.send(c, size as usize),
        OpKind::Recv => {
            b.post_receive(c, size);
            d.nic0.peer_send(c, size as usize);
        }
        OpKind::Forward => b.forward(c),
        OpKind::Update => b.update_path(group),
        OpKind::Query => b.query(c),
        OpKind::Invalidate => {
            if offloaded {
                // The neighbor became unreachable: invalidate it, then terminate the
                // tree (the NIC holds the sends until then; the host model defers the
                // tree while one of its objects is still being created, offloaded or
                // uploaded); the group is offloaded again by the periodic re-offload.
                b.invalidate_neighbor(group);
                b.upload_group(group);
            }
        }
        OpKind::Terminate => {
            if offloaded {
                b.upload(c);
            } else if state == ConnState::Host {
                b.offload(group, &[c]);
            }
        }
        OpKind::Event => {
            let e = EVENTS[rng.below(EVENTS.len() as u64) as usize];
            d.nic0.indicate_event(c, e, rng.below(4096) as u32);
        }
    }
    offloaded
}

/// Compare every stream's byte counts (the check of `fault::check_streams`, counting
/// instead of panicking). Returns the streams checked.
fn check_streams(sys: &System, ids: &[u32], v: &mut Violations, when: &str) -> usize {
    let d = &sys.d;
    let mut n = 0;
    let cs = d.binding.conns.borrow();
    let peers = d.peer.conns.borrow();
    for &c in ids {
        let Some(x) = cs.get(&c) else { continue };
        if x.state == ConnState::Aborted || peers.get(&c).is_some_and(|p| p.reset) {
            continue;
        }
        let sent = u64::from(x.snd_nxt.wrapping_sub(host_isn(c)));
        let got = peers.get(&c).map_or(0, |p| p.received);
        if got != sent {
            v.streams += 1;
            v.note(format!(
                "{when}: conn {c}: host sent {sent} bytes, peer received {got}"
            ));
        }
        let produced = peers.get(&c).map_or(0, |p| p.produced);
        if x.rx_have != produced {
            v.streams += 1;
            v.note(format!(
                "{when}: conn {c}: peer sent {produced} bytes, host received {}",
                x.rx_have
            ));
        }
        n += 1;
    }
    n
}

/// NIC and host agree on the offloaded objects (`fault::check_consistency`, counting).
fn check_consistency(sys: &System, v: &mut Violations) {
    let d = &sys.d;
    let (n, p, t) = d.nic0.counts();
    let host_tcp = d.binding.count(ConnState::Offloaded) + d.binding.count(ConnState::Uploading);
    let groups = d.binding.groups.borrow();
    let hn = groups.iter().filter(|g| g.neighbor != 0).count();
    let hp = groups.iter().filter(|g| g.path != 0).count();
    if (n, p, t) != (hn, hp, host_tcp) {
        v.consistency += 1;
        v.note(format!(
            "NIC holds {n} neighbors, {p} paths, {t} TCP; host thinks {hn}, {hp}, {host_tcp}"
        ));
    }
}

/// Drive the workload on a system whose trees `setup` offloaded, then check.
pub fn workload(
    sys: &System,
    cfg: &Config,
    ids: &[u32],
    progress: &ProgressBar,
    setup_wall: Duration,
) -> RunResult {
    let d = &sys.d;
    let mut r = RunResult {
        connections: ids.len(),
        trees: cfg.trees().len(),
        offloaded_at_start: d.binding.count(ConnState::Offloaded),
        setup_wall,
        ..RunResult::default()
    };
    let rng = Rng::new(cfg.seed ^ 0x10AD_10AD);
    let total_weight = cfg.mix.total();
    let _e = d.sim.enter();
    let (alloc0, t_sim0) = (d.sim.allocation_count(), d.sim.now());
    let t0 = Instant::now();
    let mut done = 0u64;
    let mut batches = 0u64;
    let finished = |done: u64| match cfg.stop {
        Stop::Ops(n) => done >= n,
        Stop::Wall(w) => t0.elapsed() >= w,
    };
    while !ids.is_empty() && !finished(done) {
        let mut k = cfg.batch;
        if let Stop::Ops(n) = cfg.stop {
            k = k.min(n - done);
        }
        for _ in 0..k {
            let kind = cfg.mix.pick(rng.below(total_weight));
            let c = ids[rng.below(ids.len() as u64) as usize];
            let off = one_op(sys, &rng, cfg, kind, c);
            let o = &mut r.ops[kind.index()];
            o.issued += 1;
            o.offloaded += u64::from(off);
        }
        done += k;
        d.sim.advance(cfg.ticks_per_batch);
        batches += 1;
        if batches.is_multiple_of(8) {
            // The stack offloads again what was uploaded (events, invalidates).
            d.binding.reoffload_all();
        }
        if batches.is_multiple_of(16) && !progress.is_hidden() {
            progress.set_position(done);
            #[expect(
                clippy::cast_precision_loss,
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a rate for display"
            )]
            let rate = (done as f64 / t0.elapsed().as_secs_f64().max(1e-9)) as u64;
            progress.set_message(format!(
                "{} ops/s, {} of {} connections offloaded",
                crate::report::thousands(rate),
                d.binding.count(ConnState::Offloaded),
                ids.len()
            ));
        }
    }
    d.settle();
    r.wall = t0.elapsed();
    r.sim_ticks = d.sim.now() - t_sim0;
    r.allocations = d.sim.allocation_count() - alloc0;
    r.im_counters = im_counters(sys);
    progress.set_position(done);
    r.offloaded_at_end = d.binding.count(ConnState::Offloaded);
    r.faults_injected = d.nic0.stats.get().faulted_blocks;
    r.bytes_to_peer = ids.iter().map(|&c| d.peer.received(c)).sum();
    r.bytes_to_host = ids.iter().map(|&c| d.binding.received(c)).sum();
    let mut v = Violations::default();
    r.streams_checked = check_streams(sys, ids, &mut v, "end of load");
    check_consistency(sys, &mut v);
    // Teardown: the host uploads everything (terminate with outstanding sends and
    // buffered data) and continues every stream itself; check them again.
    d.binding.upload_all();
    d.settle();
    check_streams(sys, ids, &mut v, "after the final upload");
    let outstanding = d.sim.chimney_outstanding();
    if !d.binding.quiet() || outstanding != (0, 0, 0) {
        v.teardown += 1;
        v.note(format!(
            "after the final upload: host quiet {}, NDIS outstanding (state ops, I/O, indicated) {outstanding:?}",
            d.binding.quiet()
        ));
    }
    let log = d.sim.violations();
    v.sim = log.len();
    v.peer_integrity = d.peer.failures.borrow().len();
    let first: Vec<String> = log.iter().take(10).map(ToString::to_string).collect();
    let rest = std::mem::take(&mut v.first);
    v.first = first;
    for s in rest {
        v.note(s);
    }
    r.violations = v;
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DEFAULT_MIX, SizeRange};
    use ndis_sim::models::system::{Topology, build};

    fn cfg(connections: usize, ops: u64) -> Config {
        Config {
            connections,
            tcp_per_path: 5,
            size: SizeRange { min: 1, max: 1500 },
            mix: DEFAULT_MIX.parse().unwrap(),
            stop: Stop::Ops(ops),
            seed: 7,
            fault_rate: 0.0,
            batch: 100,
            ticks_per_batch: 20,
        }
    }

    fn go(cfg: &Config, f: impl FnOnce(&System)) -> RunResult {
        let sys = build(Topology::Direct, cfg.seed, None).unwrap();
        let ids = setup(&sys, cfg);
        f(&sys);
        workload(&sys, cfg, &ids, &ProgressBar::hidden(), Duration::ZERO)
    }

    #[test]
    fn a_small_direct_run_is_clean_and_moves_bytes() {
        let c = cfg(20, 3000);
        let r = go(&c, |_| {});
        assert_eq!(r.offloaded_at_start, 20);
        assert_eq!(r.total_ops(), 3000);
        assert!(r.ops.iter().all(|o| o.issued > 0), "{:?}", r.ops);
        assert!(r.bytes_to_peer > 0 && r.bytes_to_host > 0);
        assert_eq!(r.streams_checked, 20);
        assert_eq!(r.violations.total(), 0, "{:#?}", r.violations);
    }

    #[test]
    fn the_same_seed_gives_the_same_run() {
        let c = cfg(10, 1000);
        let (a, b) = (go(&c, |_| {}), go(&c, |_| {}));
        assert_eq!(a.ops, b.ops);
        assert_eq!(
            (a.bytes_to_peer, a.bytes_to_host, a.sim_ticks, a.allocations),
            (b.bytes_to_peer, b.bytes_to_host, b.sim_ticks, b.allocations)
        );
    }

    #[test]
    fn faults_are_injected_and_the_streams_stay_intact() {
        let mut c = cfg(30, 3000);
        c.fault_rate = 0.2;
        let r = go(&c, |_| {});
        assert!(r.faults_injected > 0);
        assert_eq!(r.violations.total(), 0, "{:#?}", r.violations);
    }

    #[test]
    fn a_corrupted_byte_is_a_violation() {
        let c = cfg(10, 2000);
        let r = go(&c, |sys| {
            sys.d
                .nic0
                .broken
                .set(Some(ndis_sim::models::nic::Broken::FlipReceivedByte(3)));
        });
        assert!(r.violations.sim > 0, "{:#?}", r.violations);
        assert!(r.violations.total() > 0);
    }
}
