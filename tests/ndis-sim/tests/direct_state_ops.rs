//! Direct configuration (host model bound straight to the NIC model): binding,
//! capability, the five state operations on trees of 1, 100 and 10,000 connections,
//! per-block failure and partial success, delayed and reordered completions, malformed
//! trees. Every test checks the Verifier log and the peer's integrity result.

use ndis_sim::models::Direct;
use ndis_sim::models::host::ConnState;
use ndis_sim::models::nic::Layer;
use offload_tree::abi::*;
use offload_tree::tree::Operation;

fn offload(d: &Direct, groups: usize, per: usize) -> Vec<u32> {
    let mut all = Vec::new();
    {
        let _e = d.sim.enter();
        for _ in 0..groups {
            all.extend(d.binding.offload_new(per).1);
        }
    }
    d.settle();
    all
}

#[test]
fn direct_binds_and_reports_chimney_capacity() {
    let d = Direct::new(1);
    assert!(!d.binding.handle.get().is_null());
    let caps = d
        .adapter
        .tcp_connection_offload
        .get()
        .expect("offload attributes");
    assert_eq!(caps.TcpConnectionOffloadCapacity, 65_536);
    let mut buf = [0u8; 64];
    let (s, n) = d.host.query_oid(
        &d.sim,
        0,
        OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
        &mut buf,
    );
    assert_eq!(s, NDIS_STATUS_SUCCESS);
    assert_eq!(n as usize, size_of::<NDIS_TCP_CONNECTION_OFFLOAD>());
    // SAFETY: the NIC wrote the structure into the buffer.
    let got: NDIS_TCP_CONNECTION_OFFLOAD = unsafe {
        buf.as_ptr()
            .cast::<NDIS_TCP_CONNECTION_OFFLOAD>()
            .read_unaligned()
    };
    assert_eq!(got.TcpConnectionOffloadCapacity, 65_536);
    d.assert_clean();
}

#[test]
fn offload_one_connection_and_terminate_it() {
    let d = Direct::new(2);
    let ids = offload(&d, 1, 1);
    assert_eq!(d.binding.count(ConnState::Offloaded), 1);
    assert_eq!(d.nic0.counts(), (1, 1, 1));
    let done = d.binding.completed.borrow().clone();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].0, Operation::Initiate);
    assert!(
        done[0].1.iter().all(|&s| s == NDIS_STATUS_SUCCESS),
        "{done:?}"
    );
    {
        let _e = d.sim.enter();
        d.binding.upload(ids[0]);
    }
    d.settle();
    assert_eq!(d.binding.count(ConnState::Host), 1);
    assert_eq!(d.nic0.counts(), (1, 1, 0), "neighbor and path stay");
    {
        let _e = d.sim.enter();
        d.binding.offload(0, &ids);
    }
    d.settle();
    assert_eq!(
        d.binding.count(ConnState::Offloaded),
        1,
        "re-offloaded under linkers"
    );
    assert_eq!(d.nic0.counts(), (1, 1, 1));
    {
        let _e = d.sim.enter();
        d.binding.upload_group(0);
    }
    d.settle();
    assert_eq!(d.nic0.counts(), (0, 0, 0));
    assert_eq!(d.sim.chimney_outstanding(), (0, 0, 0));
    d.assert_clean();
}

#[test]
fn offload_100_connections_in_trees() {
    let d = Direct::new(3);
    let ids = offload(&d, 10, 10);
    assert_eq!(ids.len(), 100);
    assert_eq!(d.binding.count(ConnState::Offloaded), 100);
    assert_eq!(d.nic0.counts(), (10, 10, 100));
    {
        let _e = d.sim.enter();
        d.binding.upload_all();
    }
    d.settle();
    assert_eq!(d.binding.count(ConnState::Host), 100);
    assert_eq!(d.nic0.counts(), (0, 0, 0));
    d.assert_clean();
}

#[test]
fn offload_10000_connections_in_trees() {
    let d = Direct::new(4);
    let ids = offload(&d, 40, 250);
    assert_eq!(ids.len(), 10_000);
    assert_eq!(d.binding.count(ConnState::Offloaded), 10_000);
    assert_eq!(d.nic0.counts(), (40, 40, 10_000));
    {
        let _e = d.sim.enter();
        d.binding.upload_all();
    }
    d.settle();
    assert_eq!(d.nic0.counts(), (0, 0, 0));
    assert_eq!(d.binding.count(ConnState::Host), 10_000);
    d.assert_clean();
}

#[test]
fn per_block_failure_gives_partial_success() {
    let d = Direct::new(5);
    *d.nic0.fault.borrow_mut() = Some(Box::new(|b| {
        (b.layer == Layer::Tcp && b.conn == Some(3)).then_some(NDIS_STATUS_OFFLOAD_TCP_ENTRIES)
    }));
    let ids = offload(&d, 1, 4);
    let done = d.binding.completed.borrow().clone();
    let st = &done[0].1;
    assert_eq!(
        st[0], NDIS_STATUS_SUCCESS,
        "neighbor: its one dependant offloaded"
    );
    assert_eq!(
        st[1], NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS,
        "path: some TCP failed"
    );
    assert_eq!(
        st[2 + ids.iter().position(|&c| c == 3).unwrap()],
        NDIS_STATUS_OFFLOAD_TCP_ENTRIES
    );
    assert_eq!(d.binding.count(ConnState::Offloaded), 3);
    assert_eq!(d.binding.count(ConnState::Host), 1);
    assert_eq!(d.nic0.counts(), (1, 1, 3));
    d.assert_clean();
}

#[test]
fn a_failed_neighbor_fails_its_whole_subtree() {
    let d = Direct::new(6);
    *d.nic0.fault.borrow_mut() = Some(Box::new(|b| {
        (b.layer == Layer::Neighbor).then_some(NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES)
    }));
    offload(&d, 1, 3);
    let done = d.binding.completed.borrow().clone();
    assert_eq!(done[0].1[0], NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES);
    assert!(done[0].1[1..].iter().all(|&s| s == NDIS_STATUS_FAILURE));
    assert_eq!(d.binding.count(ConnState::Host), 3);
    assert_eq!(d.nic0.counts(), (0, 0, 0));
    d.assert_clean();
}

#[test]
fn capacity_limits_tcp_objects() {
    let d = Direct::new(7);
    d.nic0.capacity.set(5);
    offload(&d, 1, 8);
    assert_eq!(d.binding.count(ConnState::Offloaded), 5);
    assert_eq!(d.binding.count(ConnState::Host), 3);
    d.assert_clean();
}

#[test]
fn update_query_and_invalidate() {
    let d = Direct::new(8);
    let ids = offload(&d, 2, 3);
    {
        let _e = d.sim.enter();
        d.binding.update_path(0);
        d.binding.query(ids[0]);
        d.binding.invalidate_neighbor(1);
    }
    d.settle();
    let done = d.binding.completed.borrow().clone();
    let ops: Vec<Operation> = done.iter().map(|x| x.0).collect();
    assert_eq!(
        ops[2..],
        [Operation::Update, Operation::Query, Operation::Invalidate]
    );
    assert!(
        done[2..].iter().all(|x| x.1 == [NDIS_STATUS_SUCCESS]),
        "{done:?}"
    );
    let q = d.binding.queries.borrow()[0];
    let isn = ndis_sim::models::peer::host_isn(ids[0]);
    assert_eq!(
        (q.0, q.1, q.3, q.4, q.5),
        (ids[0], NDIS_STATUS_SUCCESS, isn, isn, isn)
    );
    assert_eq!(q.2, ndis_sim::models::peer::peer_isn(ids[0]));
    // Invalidated connections stay offloaded until the host terminates them.
    assert_eq!(d.nic0.counts(), (2, 2, 6));
    {
        let _e = d.sim.enter();
        d.binding.upload_group(1);
    }
    d.settle();
    assert_eq!(d.nic0.counts(), (1, 1, 3));
    d.assert_clean();
}

#[test]
fn delayed_and_reordered_completions() {
    let d = Direct::new(9);
    d.nic0.state_delay.set(Some(500));
    let ids = offload(&d, 20, 5);
    assert_eq!(d.binding.count(ConnState::Offloaded), 100);
    {
        let _e = d.sim.enter();
        for &c in ids.iter().step_by(3) {
            d.binding.upload(c);
            d.binding.query(c);
        }
    }
    d.settle();
    assert_eq!(d.binding.count(ConnState::Host), 34);
    assert_eq!(d.binding.inflight(), 0);
    assert_eq!(d.sim.chimney_outstanding(), (0, 0, 0));
    d.assert_clean();
}

#[test]
fn a_malformed_tree_is_failed_not_followed() {
    let d = Direct::new(10);
    {
        let _e = d.sim.enter();
        d.binding.offload_malformed();
    }
    d.settle();
    let done = d.binding.completed.borrow().clone();
    assert_eq!(done.len(), 1, "completed once");
    assert_eq!(done[0].1, [NDIS_STATUS_FAILURE], "failed as a whole");
    assert_eq!(d.nic0.counts(), (0, 0, 0), "nothing offloaded");
    let v = d.sim.take_violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].rule, ndis_sim::Rule::Protocol);
    assert!(v[0].detail.contains("malformed"), "{}", v[0].detail);
    d.assert_clean();
}

#[test]
fn update_relinks_a_path_to_another_neighbor() {
    let d = Direct::new(11);
    offload(&d, 2, 2);
    let (g0, g1) = {
        let gs = d.binding.groups.borrow();
        (gs[0].clone(), gs[1].clone())
    };
    {
        let _e = d.sim.enter();
        assert!(d.binding.relink_path(0, 1));
    }
    d.settle();
    let done = d.binding.completed.borrow().clone();
    assert_eq!(done.last().map(|x| x.0), Some(Operation::Update));
    assert!(
        done.last()
            .unwrap()
            .1
            .iter()
            .all(|&s| s == NDIS_STATUS_SUCCESS)
    );
    {
        let objs = d.nic0.objects.borrow();
        assert_eq!(objs[&g0.path].parent, Some(g1.neighbor), "path moved");
        assert!(
            objs[&g0.neighbor].dependants.is_empty(),
            "old neighbor lost it"
        );
        assert!(objs[&g1.neighbor].dependants.contains(&g0.path));
    }
    d.assert_clean();
}
