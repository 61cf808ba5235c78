//! Zero heap allocations on the data path through chimney-im (issue 9, datapath.md
//! DP-8): the same seeded data-path mix (sends, posted receives, accepted, refused and
//! partly accepted indications with their returns, forwards, events, disconnects) runs
//! directly and through the IM. The IM makes no allocating seam call (none under its
//! pool tags, and the system's seam allocations are exactly the direct run's, so none
//! untagged either). The driver cannot call the global allocator at all: it is
//! `no_std` without `alloc`, which the Windows-target check of CI proves by compiling it
//! with neither.

use chimney_im::binding::TAG_BINDING;
use chimney_im::offload::{TAG_NBL, TAG_SLAB};
use ndis_sim::models::Direct;
use ndis_sim::models::host::{ConnState, IndicateMode};
use ndis_sim::models::system::{Topology, build};
use offload_tree::abi::{TCP_DISCONNECT_GRACEFUL_CLOSE, TCP_OFFLOAD_EVENT_TYPE};

/// The IM's own pool tags (binding, offload table, chimney NBL context, plain NBL
/// context, OID clones).
const IM_TAGS: [u32; 5] = [
    TAG_BINDING,
    TAG_SLAB,
    TAG_NBL,
    u32::from_le_bytes(*b"CImN"),
    u32::from_le_bytes(*b"CImO"),
];

fn im_allocations(d: &Direct) -> u64 {
    IM_TAGS.iter().map(|&t| d.sim.tagged_allocations(t)).sum()
}

/// Offload 4 trees of 8 connections, then run the data-path mix; returns the seam
/// allocations and the IM-tagged allocations made during the mix only.
fn run(topology: Topology) -> (u64, u64, Direct) {
    let d = build(topology, 77, None).expect("system").d;
    d.binding.auto_post.set(0);
    let mut ids = Vec::new();
    {
        let _e = d.sim.enter();
        for _ in 0..4 {
            ids.extend(d.binding.offload_new(8).1);
        }
    }
    d.settle();
    assert_eq!(d.binding.count(ConnState::Offloaded), 32);
    let (seam0, im0) = (d.sim.allocation_count(), im_allocations(&d));
    for round in 0..12usize {
        d.binding.indicate_mode.set(match round % 3 {
            0 => IndicateMode::Accept,
            1 => IndicateMode::Refuse,
            _ => IndicateMode::Partial(100),
        });
        let _e = d.sim.enter();
        for (i, &c) in ids.iter().enumerate() {
            d.binding.send(c, 64 + 97 * ((i + round) % 15));
            if (i + round) % 2 == 0 {
                d.binding.post_receive(c, 700);
            }
            d.nic0.peer_send(c, 300 + round);
            if (i + round) % 7 == 0 {
                d.binding.forward(c);
            }
            if (i + round) % 11 == 0 {
                d.nic0.indicate_event(
                    c,
                    TCP_OFFLOAD_EVENT_TYPE::TcpIndicateSendBacklogChange,
                    8192,
                );
            }
        }
        d.sim.advance(5);
        d.binding.return_held();
    }
    {
        let _e = d.sim.enter();
        for &c in ids.iter().take(4) {
            d.binding.disconnect(c, TCP_DISCONNECT_GRACEFUL_CLOSE);
        }
    }
    d.settle();
    {
        let _e = d.sim.enter();
        d.binding.return_held();
    }
    d.settle();
    let seam = d.sim.allocation_count() - seam0;
    let im = im_allocations(&d) - im0;
    (seam, im, d)
}

#[test]
fn the_data_path_through_the_im_allocates_nothing() {
    let (seam_direct, _, direct) = run(Topology::Direct);
    let (seam_im, im, through) = run(Topology::ThroughIm);
    let b = ndis_sim::im_harness::binding(&through.sim).expect("bound");
    let relayed = b
        .offload
        .stats
        .io_down
        .load(std::sync::atomic::Ordering::Relaxed);
    assert!(relayed > 400, "the mix went through the IM: {relayed}");
    assert!(
        b.offload
            .stats
            .receives_up
            .load(std::sync::atomic::Ordering::Relaxed)
            > 0,
        "indications went through the IM"
    );
    assert_eq!(
        im, 0,
        "allocations under the IM's pool tags on the data path"
    );
    assert_eq!(
        seam_im, seam_direct,
        "the IM added seam allocations to the same mix"
    );
    direct.assert_clean();
    through.assert_clean();
}
