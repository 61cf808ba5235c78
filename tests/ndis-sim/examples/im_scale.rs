//! The IM's cost per operation as the number of offloaded connections grows (issue 9,
//! "Scale"): `N` connections offloaded through the IM in trees of neighbor → path → 10
//! TCP, then `M` offloaded sends (1 NBL × 1 NB × 1460 bytes), each on a pseudo-random
//! connection and completed by the test target. Only [`measured`] is the workload:
//! `scripts/im-scale.sh` counts instructions and last-level cache misses in it with
//! `valgrind --tool=callgrind --cache-sim=yes --toggle-collect=*measured*`, and this
//! program prints the wall nanoseconds per send when run natively.
//!
//! Usage: `im_scale N M`.

use std::hint::black_box;
use std::time::Instant;

use chimney_im::platform::Ndis;
use ndis_sim::chimney_harness as ch;
use ndis_sim::testchimney::{client, complete_io, target};
use ndis_sim::{Sim, SimNdis};
use offload_tree::abi::{NDIS_STATUS_SUCCESS, OFFLOAD_STATE_TYPE as T, PNDIS_OFFLOAD_HANDLE};
use offload_tree::tree::build::{BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec};

/// TCP connections per tree.
const PER_TREE: usize = 10;

fn tree() -> BuiltTree {
    let new = |ty| NodeSpec::new(ty, NodeKind::Object { token: 0 }).with_state();
    let tcps = (0..PER_TREE).map(|_| new(T::TcpOffloadState)).collect();
    let path = new(T::Ip4OffloadState).with_dependents(tcps);
    let neighbor = new(T::NeighborOffloadState).with_dependents(vec![path]);
    BuiltTree::build(&[neighbor], HeaderSizeStyle::BlockAndState, 0x5A)
}

/// The measured phase: `m` sends on pseudo-random connections, each completed.
#[inline(never)]
fn measured(handles: &[PNDIS_OFFLOAD_HANDLE], nbl: chimney_im::ndis::PNET_BUFFER_LIST, m: usize) {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..m {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let h = handles[(x % handles.len() as u64) as usize];
        // SAFETY: the host's handle of an offloaded connection and its own NBL.
        let _ = unsafe { SimNdis::ndis_offload_tcp_send(black_box(h), nbl) };
        complete_io(NDIS_STATUS_SUCCESS);
        client().io_done.borrow_mut().clear();
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let m: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let sim = Sim::new(9002);
    let system = ch::setup(&sim, Some(u32::try_from(n).unwrap_or(u32::MAX)));
    let host = ch::host_binding(&system);
    let _e = sim.enter();
    let trees: Vec<BuiltTree> = (0..n.div_ceil(PER_TREE)).map(|_| tree()).collect();
    for t in &trees {
        // SAFETY: the host's own tree on its binding; the target completes inline.
        unsafe { SimNdis::ndis_initiate_offload(host, t.root().cast()) };
        assert!((0..2 + PER_TREE).all(|i| ch::status(t, i) == NDIS_STATUS_SUCCESS));
    }
    // The test target's own books of what it offloaded are not part of the workload.
    target().offloads.borrow_mut().clear();
    target().trees.borrow_mut().clear();
    client().completed.borrow_mut().clear();
    let handles: Vec<PNDIS_OFFLOAD_HANDLE> = trees
        .iter()
        .flat_map(|t| (2..2 + PER_TREE).map(|i| (&raw const t.handles[i]).cast_mut()))
        .collect();
    let nbl = sim.alloc_nbl(&[0x5A; 1460]);
    let start = Instant::now();
    measured(&handles, nbl, m);
    #[expect(clippy::cast_precision_loss, reason = "a mean for display")]
    let ns = start.elapsed().as_nanos() as f64 / m as f64;
    let live = ch::im(&sim).offload.live_entries().0;
    println!(
        "connections {} objects {live} sends {m} wall_ns_per_send {ns:.1}",
        handles.len()
    );
}
