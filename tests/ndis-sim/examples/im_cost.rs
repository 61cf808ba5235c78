//! A fixed workload for callgrind instruction counts of the IM's data path and state
//! operations (issue 7 step 5, issue 9): `N` offloaded sends of 1 NBL × 1 NB × 1460
//! bytes with their completions, then `N` initiates and terminates of a neighbor →
//! path → TCP tree, on the host → chimney-im → test target system of the criterion
//! bench. Counting only the driver's own frames:
//!
//! ```text
//! cargo build --release -p ndis-sim --example im_cost
//! valgrind --tool=callgrind --toggle-collect='chimney_im::offload::tcp::*' \
//!     target/release/examples/im_cost send 10000
//! ```
//!
//! and divide the collected instructions by `N` (`send`: per send + completion;
//! `state`: per block for initiate + terminate, 3 blocks per tree; `initiate`: the
//! initiates alone, trees left offloaded — `scripts/im-cost.sh` takes the difference
//! of two sizes so the fixed set-up cancels). The toggle covers every IM
//! function the handlers call (translation, save areas, pool) but not the simulator
//! or the test drivers around them.

use chimney_im::platform::Ndis;
use ndis_sim::chimney_harness as ch;
use ndis_sim::testchimney::{client, complete_io};
use ndis_sim::{Sim, SimNdis};
use offload_tree::abi::{NDIS_STATUS_SUCCESS, OFFLOAD_STATE_TYPE as T};
use offload_tree::tree::build::{BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec};

fn tree() -> BuiltTree {
    let new = |ty| NodeSpec::new(ty, NodeKind::Object { token: 0 }).with_state();
    let path = new(T::Ip4OffloadState).with_dependents(vec![new(T::TcpOffloadState)]);
    let neighbor = new(T::NeighborOffloadState).with_dependents(vec![path]);
    BuiltTree::build(&[neighbor], HeaderSizeStyle::BlockAndState, 0x5A)
}

fn terminate(t: &BuiltTree) -> BuiltTree {
    ch::terminate_tree(&[
        (T::TcpOffloadState, (t, 2)),
        (T::Ip4OffloadState, (t, 1)),
        (T::NeighborOffloadState, (t, 0)),
    ])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "send".to_owned());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let sim = Sim::new(9001);
    let system = ch::setup(&sim, Some(4096));
    let host = ch::host_binding(&system);
    let _e = sim.enter();
    let t = tree();
    // SAFETY: the host's own tree on its binding; the target completes inline.
    unsafe { SimNdis::ndis_initiate_offload(host, t.root().cast()) };
    assert!((0..3).all(|i| ch::status(&t, i) == NDIS_STATUS_SUCCESS));
    match what.as_str() {
        "send" => {
            let handle = (&raw const t.handles[2]).cast_mut();
            let nbl = sim.alloc_nbl(&[0x5A; 1460]);
            for _ in 0..n {
                // SAFETY: the host's offloaded connection and its own NBL.
                let _ = unsafe { SimNdis::ndis_offload_tcp_send(handle, nbl) };
                complete_io(NDIS_STATUS_SUCCESS);
                client().io_done.borrow_mut().clear();
            }
            assert!(sim.free_nbl(nbl));
        }
        "initiate" => {
            // Initiates only: the trees stay offloaded (the table holds `n` ≤ 1,500 of
            // them) and are never terminated, so no terminate cost is in the count.
            let mut live = Vec::with_capacity(n);
            for _ in 0..n {
                let more = tree();
                // SAFETY: as above.
                unsafe { SimNdis::ndis_initiate_offload(host, more.root().cast()) };
                assert!((0..3).all(|i| ch::status(&more, i) == NDIS_STATUS_SUCCESS));
                client().completed.borrow_mut().clear();
                live.push(more);
            }
            std::mem::forget(live);
        }
        _ => {
            for _ in 0..n {
                let more = tree();
                // SAFETY: as above.
                unsafe { SimNdis::ndis_initiate_offload(host, more.root().cast()) };
                let done = terminate(&more);
                // SAFETY: as above.
                unsafe { SimNdis::ndis_terminate_offload(host, done.root().cast()) };
                client().completed.borrow_mut().clear();
            }
        }
    }
    let done = terminate(&t);
    // SAFETY: as above.
    unsafe { SimNdis::ndis_terminate_offload(host, done.root().cast()) };
    sim.assert_clean();
    println!("{what}: {n} iterations");
}
