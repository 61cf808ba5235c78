//! Both topologies (direct, and through chimney-im) under injected faults, each kind with a fixed seed: allocation
//! failure, per-block failure and partial success, delayed and reordered completions,
//! surprise removal, adapter pause in the middle of traffic, event storms, malformed
//! trees, and all of them at once; the same seed gives the same run.

use ndis_sim::models::fault::{self, FaultPlan, check_consistency, check_streams};
use ndis_sim::models::host::ConnState;
use ndis_sim::models::nic::Layer;
use ndis_sim::models::system::Topology;

/// Both systems under test.
const BOTH: [Topology; 2] = [Topology::Direct, Topology::ThroughIm];
use offload_tree::abi::*;

fn ids(d: &ndis_sim::models::Direct) -> Vec<u32> {
    d.binding.conns.borrow().keys().copied().collect()
}

#[test]
fn allocation_failure_fails_one_block_with_resources() {
    for t in BOTH {
        let plan = FaultPlan {
            fail_allocation: Some(4),
            ..FaultPlan::none(40)
        };
        let (d, out) = fault::run_on(t, &plan, 1, 6, 0);
        let statuses = &out.completed[0].1;
        assert_eq!(
            statuses
                .iter()
                .filter(|&&s| s == NDIS_STATUS_RESOURCES)
                .count(),
            1,
            "{statuses:?}"
        );
        assert_eq!(statuses[1], NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS);
        assert_eq!(d.binding.count(ConnState::Offloaded), 5);
        assert_eq!(d.binding.count(ConnState::Host), 1);
        let ids = ids(&d);
        {
            let _e = d.sim.enter();
            for &c in &ids {
                d.binding.send(c, 3000);
                d.nic0.peer_send(c, 3000);
            }
        }
        d.settle();
        assert_eq!(check_streams(&d, &ids), 6);
        d.assert_clean();
    }
}

#[test]
fn seeded_block_failures_and_partial_success() {
    for t in BOTH {
        let plan = FaultPlan {
            block_fail_per_mille: 250,
            ..FaultPlan::none(41)
        };
        let (d, out) = fault::run_on(t, &plan, 8, 6, 4);
        let failed = out
            .completed
            .iter()
            .flat_map(|x| &x.1)
            .filter(|&&s| s < 0)
            .count();
        assert!(failed > 0, "faults were injected");
        assert!(
            out.completed
                .iter()
                .flat_map(|x| &x.1)
                .any(|&s| s == NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS)
        );
        assert_eq!(
            d.nic0.counts().2,
            d.binding.count(ConnState::Offloaded),
            "host and NIC agree"
        );
        assert!(check_streams(&d, &ids(&d)) >= 40);
        d.assert_clean();
    }
}

#[test]
fn seeded_delayed_and_reordered_completions() {
    for t in BOTH {
        let plan = FaultPlan {
            state_delay: Some(80),
            ack_jitter: 40,
            ..FaultPlan::none(42)
        };
        let (d, _) = fault::run_on(t, &plan, 4, 5, 6);
        assert_eq!(d.binding.inflight(), 0);
        assert_eq!(check_streams(&d, &ids(&d)), 20);
        d.assert_clean();
    }
}

#[test]
fn surprise_removal_mid_traffic() {
    for t in BOTH {
        let plan = FaultPlan {
            surprise_round: Some(2),
            ..FaultPlan::none(43)
        };
        let (d, out) = fault::run_on(t, &plan, 2, 5, 4);
        assert!(d.nic0.removed.get());
        assert!(d.binding.closed.get(), "the host let the binding go");
        assert_eq!(d.nic0.counts().2, 0, "no TCP object left on the NIC");
        assert_eq!(out.states.1, 0, "nothing offloaded");
        assert!(out.states.2 > 0, "lost connections were aborted");
        assert_eq!(d.sim.chimney_outstanding(), (0, 0, 0));
        // No stream check: data to and from a removed NIC is lost; the peer still checks
        // that whatever arrived is in order and intact.
        assert_eq!(d.sim.check_leaks(), 0, "{:?}", d.sim.violations());
        d.assert_clean();
    }
}

#[test]
fn pause_and_restart_mid_traffic() {
    for t in BOTH {
        let plan = FaultPlan {
            pause_round: Some(1),
            ..FaultPlan::none(44)
        };
        let (d, _) = fault::run_on(t, &plan, 3, 4, 4);
        let uploads: u32 = d.binding.conns.borrow().values().map(|x| x.uploads).sum();
        assert!(
            uploads >= 12,
            "everything was uploaded at the pause: {uploads}"
        );
        assert!(
            d.binding.count(ConnState::Offloaded) > 0,
            "offloaded again after the restart"
        );
        assert_eq!(check_streams(&d, &ids(&d)), 12);
        check_consistency(&d);
        d.assert_clean();
    }
}

#[test]
fn seeded_event_storm() {
    for t in BOTH {
        let plan = FaultPlan {
            storm_events: 25,
            ..FaultPlan::none(45)
        };
        let (d, _) = fault::run_on(t, &plan, 2, 10, 5);
        let events: usize = d
            .binding
            .conns
            .borrow()
            .values()
            .map(|x| x.events.len())
            .sum();
        assert!(events > 20, "{events}");
        assert_eq!(check_streams(&d, &ids(&d)), 20);
        d.assert_clean();
    }
}

#[test]
fn malformed_tree_among_good_ones() {
    for t in BOTH {
        let plan = FaultPlan {
            malformed: true,
            ..FaultPlan::none(46)
        };
        let (d, _) = fault::run_on(t, &plan, 2, 3, 2);
        let v = d.sim.take_violations();
        match ndis_sim::im_harness::binding(&d.sim) {
            // Direct: the NIC model is the one that sees the malformed tree.
            None => {
                assert_eq!(v.len(), 1, "{v:?}");
                assert!(v[0].detail.contains("malformed"));
            }
            // Through the IM: OP-42a stops it at the IM, so the NIC never sees it.
            Some(b) => {
                assert!(v.is_empty(), "{v:?}");
                assert_eq!(
                    b.offload
                        .stats
                        .malformed
                        .load(std::sync::atomic::Ordering::Relaxed),
                    1
                );
            }
        }
        assert!(check_streams(&d, &ids(&d)) >= 6);
        d.assert_clean();
    }
}

#[test]
fn every_fault_at_once_and_the_same_seed_gives_the_same_run() {
    for t in BOTH {
        let plan = FaultPlan::from_seed(47);
        let (d1, a) = fault::run_on(t, &plan, 4, 6, 6);
        let (d2, b) = fault::run_on(t, &plan, 4, 6, 6);
        assert_eq!(a, b, "same seed, same run");
        let (_, c) = fault::run_on(t, &FaultPlan::from_seed(48), 4, 6, 6);
        assert_ne!(a, c, "another seed, another run");
        for d in [&d1, &d2] {
            check_streams(d, &ids(d));
            check_consistency(d);
            let v = d.sim.take_violations();
            assert!(
                v.iter().all(|x| x.detail.contains("malformed")),
                "only the injected malformed tree: {v:?}"
            );
            d.peer.assert_intact();
        }
        let _ = Layer::Tcp;
    }
}

/// Neighbors invalidated and their trees terminated while connections of the same
/// groups are being offloaded, uploaded and re-offloaded, with per-block failures and
/// delayed completions: the host terminates a group only once nothing of it is being
/// created or uploaded, so the NIC never holds an object whose parent is gone.
#[test]
fn invalidate_and_group_terminates_amid_reoffloads() {
    for t in BOTH {
        let plan = FaultPlan {
            block_fail_per_mille: 200,
            state_delay: Some(40),
            ..FaultPlan::none(49)
        };
        let (d, _) = fault::run_on(t, &plan, 10, 4, 0);
        let ids = ids(&d);
        let groups = d.binding.groups.borrow().len();
        for i in 0..300usize {
            let _e = d.sim.enter();
            let g = i % groups;
            // Re-offload what is in host mode (a new path when the group has none),
            // then, in the same instant, give up the group's neighbor.
            let host_mode: Vec<u32> = d.binding.groups.borrow()[g]
                .conns
                .iter()
                .copied()
                .filter(|c| d.binding.conns.borrow()[c].state == ConnState::Host)
                .collect();
            d.binding.offload(g, &host_mode);
            if i % 3 == 0 {
                d.binding.invalidate_neighbor(g);
                d.binding.upload_group(g);
            }
            for &c in &ids {
                d.binding.send(c, 100 + i);
            }
            d.sim.advance(7);
        }
        d.settle();
        check_consistency(&d);
        assert!(check_streams(&d, &ids) > 0);
        d.assert_clean();
    }
}
