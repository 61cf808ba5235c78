//! Criterion benchmark of the chimney state operations through the real IM against the
//! same operations issued straight to the NIC (issue 7 step 5): an initiate and the
//! terminate of the objects it created, on a connection (neighbor → path → TCP, 3
//! blocks) and on a neighbor → path → 62 TCP tree (64 blocks). Both configurations use
//! the same test host and test offload target of the simulator, so the difference is the
//! IM's relay (validate, translate down, call entry, translate up, complete). Throughput
//! is in blocks: criterion reports the time per block of an initiate + terminate pair.
//! The data path: one offloaded send of 1 NBL × 1 NB × 1460 bytes and its completion
//! (issue 7 step 5, issue 9's IM-cost figure), on an offloaded connection.
//!
//! Run: `cargo bench -p ndis-sim --bench relay`.

use std::hint::black_box;

use chimney_im::platform::Ndis;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
use ndis_sim::chimney_harness::{self as ch, Obj};
use ndis_sim::testchimney::{client, new_client, new_target};
use ndis_sim::testdrivers::{TestMiniport, TestProtocol};
use ndis_sim::{Sim, SimNdis};
use offload_tree::abi::{
    NDIS_HANDLE, NDIS_STATUS_SUCCESS, OFFLOAD_STATE_TYPE as T, PNDIS_OFFLOAD_HANDLE,
    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
};
use offload_tree::tree::build::{BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec};

/// A chimney system and the host's binding handle for its state operations.
struct System {
    sim: Sim,
    host_binding: NDIS_HANDLE,
    /// Keeps the IM configuration's objects alive.
    _im: Option<ndis_sim::im_harness::ImSystem>,
}

/// The host bound straight to the chimney NIC.
fn direct() -> System {
    let sim = Sim::new(7001);
    sim.allow_binding("host", "nic0");
    new_target();
    new_client();
    let nic = TestMiniport::register_chimney(&sim);
    let _ = nic.add_adapter(&sim, "nic0");
    let host = TestProtocol::register_chimney(&sim, "host");
    sim.run_until_idle();
    let host_binding = host.binding(0).handle.get();
    System {
        sim,
        host_binding,
        _im: None,
    }
}

/// The host over the IM's virtual miniport over the chimney NIC.
fn through_im() -> System {
    let sim = Sim::new(7002);
    let im = ch::setup(&sim, Some(4096));
    let host_binding = ch::host_binding(&im);
    System {
        sim,
        host_binding,
        _im: Some(im),
    }
}

/// A new offload of `ty` with its full state.
fn new_offload(ty: T) -> NodeSpec {
    NodeSpec::new(ty, NodeKind::Object { token: 0 }).with_state()
}

/// neighbor → path → `tcp` TCP connections, every block new.
fn initiate_tree(tcp: usize) -> BuiltTree {
    let tcps = (0..tcp).map(|_| new_offload(T::TcpOffloadState)).collect();
    let path = new_offload(T::Ip4OffloadState).with_dependents(tcps);
    let neighbor = new_offload(T::NeighborOffloadState).with_dependents(vec![path]);
    BuiltTree::build(&[neighbor], HeaderSizeStyle::BlockAndState, 0x5A)
}

/// The terminate tree for every object `initiated` created, dependents first.
fn terminate_tree(initiated: &BuiltTree) -> BuiltTree {
    let n = initiated.blocks.len();
    let objects: Vec<(T, Obj<'_>)> = (0..n)
        .rev()
        .map(|i| {
            let ty = match i {
                0 => T::NeighborOffloadState,
                1 => T::Ip4OffloadState,
                _ => T::TcpOffloadState,
            };
            (ty, (initiated, i))
        })
        .collect();
    ch::terminate_tree(&objects)
}

/// Issue `tree` as an initiate (`terminate == false`) or a terminate from the host.
fn issue(s: &System, tree: &BuiltTree, terminate: bool) {
    let root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST = tree.root().cast();
    if terminate {
        // SAFETY: the host's own tree on its own binding; the NIC completes inline.
        unsafe { SimNdis::ndis_terminate_offload(s.host_binding, root) };
    } else {
        // SAFETY: as above.
        unsafe { SimNdis::ndis_initiate_offload(s.host_binding, root) };
    }
}

/// One initiate of a fresh tree and the terminate of everything it created; returns
/// the terminate tree so its drop is outside the measurement.
fn initiate_and_terminate(s: &System, initiate: &BuiltTree) -> BuiltTree {
    issue(s, initiate, false);
    let terminate = terminate_tree(initiate);
    issue(s, &terminate, true);
    terminate
}

/// Both operations completed inline with success in every block, and nothing leaked.
fn check(s: &System, tcp: usize) {
    let _e = s.sim.enter();
    client().completed.borrow_mut().clear();
    let t = initiate_tree(tcp);
    let done = initiate_and_terminate(s, &t);
    for tree in [&t, &done] {
        assert!(
            (0..tree.blocks.len()).all(|i| ch::status(tree, i) == NDIS_STATUS_SUCCESS),
            "every block succeeded"
        );
    }
    assert_eq!(client().completed.borrow().len(), 2, "two completions");
    client().completed.borrow_mut().clear();
    s.sim.assert_clean();
}

fn bench_relay(c: &mut Criterion) {
    type Make = fn() -> System;
    let configurations: [(&str, Make); 2] = [("direct", direct), ("through_im", through_im)];
    for tcp in [1, 62] {
        let blocks = tcp + 2;
        let mut group = c.benchmark_group(format!("initiate_terminate_{blocks}_blocks"));
        group.throughput(Throughput::Elements(blocks as u64));
        for (name, make) in configurations {
            // The test host and target are per thread: one system at a time.
            let s = make();
            check(&s, tcp);
            group.bench_function(BenchmarkId::new(name, blocks), |b| {
                let _e = s.sim.enter();
                b.iter_batched(
                    || {
                        client().completed.borrow_mut().clear();
                        initiate_tree(tcp)
                    },
                    |t| {
                        let done = initiate_and_terminate(&s, black_box(&t));
                        (t, done)
                    },
                    BatchSize::SmallInput,
                );
            });
            check(&s, tcp);
        }
        group.finish();
    }
}

/// An offloaded connection (neighbor → path → TCP); the host's handle for the TCP
/// object is `handles[2]` of the returned tree, which must stay alive.
fn offloaded_connection(s: &System) -> BuiltTree {
    let t = initiate_tree(1);
    issue(s, &t, false);
    assert!((0..3).all(|i| ch::status(&t, i) == NDIS_STATUS_SUCCESS));
    t
}

/// Send `nbl` on the connection and let the target complete it (inline).
fn send_and_complete(handle: PNDIS_OFFLOAD_HANDLE, nbl: chimney_im::ndis::PNET_BUFFER_LIST) {
    // SAFETY: the host's handle of an offloaded connection and its own NBL.
    let _ = unsafe { SimNdis::ndis_offload_tcp_send(handle, nbl) };
    ndis_sim::testchimney::complete_io(NDIS_STATUS_SUCCESS);
}

fn bench_send(c: &mut Criterion) {
    type Make = fn() -> System;
    let configurations: [(&str, Make); 2] = [("direct", direct), ("through_im", through_im)];
    let mut group = c.benchmark_group("offloaded_send_and_completion_1460");
    group.throughput(Throughput::Elements(1));
    for (name, make) in configurations {
        let s = make();
        let _e = s.sim.enter();
        let t = offloaded_connection(&s);
        let handle = (&raw const t.handles[2]).cast_mut();
        let nbl = s.sim.alloc_nbl(&[0x5A; 1460]);
        // The send went down and came back to the host exactly once.
        send_and_complete(handle, nbl);
        assert_eq!(client().io_done.borrow().as_slice(), [nbl as usize]);
        group.bench_function(BenchmarkId::new(name, 1460), |b| {
            b.iter(|| {
                send_and_complete(handle, black_box(nbl));
                client().io_done.borrow_mut().clear();
            });
        });
        client().io_done.borrow_mut().clear();
        assert!(s.sim.free_nbl(nbl));
        issue(&s, &terminate_tree(&t), true);
        s.sim.assert_clean();
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_relay(&mut c);
    bench_send(&mut c);
    c.final_summary();
}
