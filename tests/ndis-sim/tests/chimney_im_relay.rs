//! The real chimney-im driver relaying TCP Chimney state operations, green step (1) of
//! issue 7: registration of the chimney tables (OP-2, OP-3, DP-1, DP-2), the advertised
//! capability (EV-50..EV-52), the offload table (OP-13, OP-14), initiate (OP-17..OP-26,
//! OP-40..OP-42a) and terminate (OP-27..OP-31), and of step (2): update, query and
//! invalidate (OP-32..OP-37), and of step (3): the offloaded data path — I/O relayed down
//! and completed up (DP-4..DP-32), refusals (DP-50..DP-52), receive indications and
//! returns (DP-35..DP-41), TCP and neighbor events (EV-2, EV-10, EV-20) — between the
//! chimney host (test client) and the chimney NIC (test offload target).

use chimney_im::platform::Ndis;
use ndis_sim::chimney::TcpIo;
use ndis_sim::chimney_harness::{
    self as ch, Obj, complete_locally, connection, node, relay, status, token,
};
use ndis_sim::im_harness::{self, VELAN};
use ndis_sim::testchimney;
use ndis_sim::{Rule, Sim, SimNdis};
use offload_tree::abi::*;
use offload_tree::tree::Operation;
use offload_tree::tree::build::{BuiltTree, HeaderSizeStyle};
use std::sync::atomic::Ordering::Relaxed;

/// Every block of `t` has `s`.
fn all_status(t: &BuiltTree, s: NDIS_STATUS) -> bool {
    (0..t.blocks.len()).all(|i| status(t, i) == s)
}

/// Terminate the objects of `tree` named by the block indices `idx` (innermost first)
/// and assert success.
fn terminate(
    sim: &Sim,
    system: &im_harness::ImSystem,
    objects: &[(OFFLOAD_STATE_TYPE, ch::Obj<'_>)],
) {
    let t = ch::terminate_tree(objects);
    relay(sim, system, Operation::Terminate, &t);
    assert!(all_status(&t, NDIS_STATUS_SUCCESS), "terminate succeeded");
}

/// Terminate every object of connection `t` (TCP, path, neighbor) and assert success.
fn terminate_connection(sim: &Sim, system: &im_harness::ImSystem, t: &BuiltTree) {
    terminate(
        sim,
        system,
        &[
            (OFFLOAD_STATE_TYPE::TcpOffloadState, (t, 2)),
            (OFFLOAD_STATE_TYPE::Ip4OffloadState, (t, 1)),
            (OFFLOAD_STATE_TYPE::NeighborOffloadState, (t, 0)),
        ],
    );
}

/// Terminate the path and neighbor of connection `t` (its TCP object already gone).
fn terminate_path_and_neighbor(sim: &Sim, system: &im_harness::ImSystem, t: &BuiltTree) {
    terminate(
        sim,
        system,
        &[
            (OFFLOAD_STATE_TYPE::Ip4OffloadState, (t, 1)),
            (OFFLOAD_STATE_TYPE::NeighborOffloadState, (t, 0)),
        ],
    );
}

/// Unbind the IM; nothing may be left.
fn finish(sim: &Sim, system: &im_harness::ImSystem) {
    im_harness::unload_im(sim, system);
    assert_eq!(sim.check_leaks(), 0, "nothing left at unbind");
    im_harness::assert_clean(sim);
}

#[test]
fn registration_tables_and_capability_land_in_the_simulator() {
    let sim = Sim::new(71);
    let system = ch::setup(&sim, Some(1000));
    let _e = sim.enter();
    let host = sim.protocol_named("host").expect("host");
    let velan_open = sim.opens_of(&host)[0].clone();
    let mp = velan_open.adapter.driver.clone();
    let g = mp.provider_generic.get().expect("OP-2 provider generic");
    assert_eq!(g.Header.Type, 0x8F);
    assert_eq!(g.Header.Revision, 1);
    assert_eq!(
        usize::from(g.Header.Size),
        size_of::<NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS>()
    );
    assert!(g.InitiateOffloadHandler.is_some() && g.TerminateOffloadHandler.is_some());
    assert!(g.UpdateOffloadHandler.is_some() && g.QueryOffloadHandler.is_some());
    assert!(g.InvalidateOffloadHandler.is_some());
    let t = mp.provider_tcp.get().expect("DP-1 provider TCP");
    assert_eq!(t.Header.Type, 0x94);
    assert_eq!(
        t.OffloadType,
        NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload
    );
    assert!(t.TcpOffloadSendHandler.is_some() && t.TcpOffloadReceiveReturnHandler.is_some());
    let p = sim
        .protocol_named(chimney_im::driver_entry::PROTOCOL_NAME)
        .expect("the IM protocol");
    let cg = p.client_generic.get().expect("OP-3 client generic");
    assert_eq!(cg.Header.Type, 0x8E);
    assert_eq!(cg.Header.Revision, 1);
    assert_eq!(
        cg.Header.Size,
        NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1
    );
    assert!(cg.IndicateOffloadEventHandler.is_some());
    let ct = p.client_tcp.get().expect("DP-2 client TCP");
    assert_eq!(ct.Header.Type, 0x93);
    assert!(ct.TcpOffloadForwardCompleteHandler.is_some());
    assert!(ct.TcpOffloadReceiveIndicateHandler.is_some());
    // EV-50..EV-52: the NIC's Support* bits and a capacity the slab holds.
    let velan = sim.adapter_named(VELAN).expect("velan");
    let adv = velan.tcp_connection_offload.get().expect("EV-50");
    assert_eq!(adv.Header.Type, NDIS_OBJECT_TYPE_DEFAULT, "EV-51 header");
    assert_eq!(adv.SupportFlags, ch::SUPPORT_IPV4_IPV6);
    assert_eq!(adv.Encapsulation, ch::ENCAPSULATION_802_3);
    assert_eq!(adv.TcpConnectionOffloadCapacity, 1000);
    let b = ch::im(&sim);
    assert!(
        b.offload.capacity() >= 1000,
        "the slab holds what is advertised"
    );
    finish(&sim, &system);
}

#[test]
fn a_nic_without_chimney_gets_support_zero_and_refused_initiates() {
    let sim = Sim::new(72);
    let system = ch::setup(&sim, None);
    let _e = sim.enter();
    let velan = sim.adapter_named(VELAN).expect("velan");
    let adv = velan
        .tcp_connection_offload
        .get()
        .expect("EV-50 structures");
    assert_eq!(adv.SupportFlags, 0);
    assert_eq!(adv.TcpConnectionOffloadCapacity, 0);
    let t = connection(None, None);
    complete_locally(&sim, &system, Operation::Initiate, &t);
    assert!(
        all_status(&t, NDIS_STATUS_FAILURE),
        "OP-41: refused as a whole"
    );
    assert_eq!(token(&t, 0), 0, "H's location never written (OP-40)");
    assert_eq!(
        ch::im(&sim)
            .offload
            .stats
            .initiate_refused
            .load(std::sync::atomic::Ordering::Relaxed),
        1
    );
    finish(&sim, &system);
}

#[test]
fn initiate_neighbor_path_tcp_end_to_end_then_terminate() {
    let sim = Sim::new(73);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    assert!(all_status(&t, NDIS_STATUS_SUCCESS));
    let b = ch::im(&sim);
    let slab = b.offload.slab();
    for i in 0..3 {
        let e = slab
            .entry(token(&t, i) as PVOID)
            .expect("H holds the IM's token (OP-14)");
        // SAFETY: the entry's handle, read while no call is in flight.
        let nic = unsafe { (*e.handle_ptr()).MiniportOffloadContext } as usize;
        assert!(nic >= 0x7000, "the IM's handle holds the NIC's token");
        assert_ne!(nic, token(&t, i));
        assert_eq!(e.host(), (&raw const t.handles[i]).cast_mut());
    }
    assert_eq!(b.offload.live_entries().0, 3);
    // A second connection on the same neighbor and path: linkers (OP-23).
    let t2 = connection(Some((&t, 0)), Some((&t, 1)));
    relay(&sim, &system, Operation::Initiate, &t2);
    assert!(all_status(&t2, NDIS_STATUS_SUCCESS));
    assert_eq!(token(&t2, 0), token(&t, 0), "linkers keep their token");
    assert_ne!(token(&t2, 2), 0);
    assert_eq!(b.offload.live_entries().0, 4);
    terminate(
        &sim,
        &system,
        &[
            (OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2)),
            (OFFLOAD_STATE_TYPE::TcpOffloadState, (&t2, 2)),
        ],
    );
    terminate_path_and_neighbor(&sim, &system, &t);
    assert_eq!(b.offload.live_entries().0, 0, "terminate freed every entry");
    // A call on a terminated object: its token fails the OP-14 check (OP-42a).
    let again = ch::terminate_tree(&[(OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2))]);
    complete_locally(&sim, &system, Operation::Terminate, &again);
    assert_eq!(status(&again, 0), NDIS_STATUS_FAILURE);
    assert_eq!(sim.chimney_outstanding().0, 0);
    finish(&sim, &system);
}

#[test]
fn partial_success_and_per_block_failure_pass_through() {
    let sim = Sim::new(74);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    // neighbor → path → [TCP1, TCP2]; the target fails TCP2 and reports the path partial.
    let tcp1 = node(OFFLOAD_STATE_TYPE::TcpOffloadState, 0);
    let tcp2 = node(OFFLOAD_STATE_TYPE::TcpOffloadState, 0);
    let path = node(OFFLOAD_STATE_TYPE::Ip4OffloadState, 0).with_dependents(vec![tcp1, tcp2]);
    let neighbor = node(OFFLOAD_STATE_TYPE::NeighborOffloadState, 0).with_dependents(vec![path]);
    let t = BuiltTree::build(&[neighbor], HeaderSizeStyle::BlockAndState, 0x33);
    *testchimney::target().block_status.borrow_mut() = vec![
        (1, NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS),
        (3, NDIS_STATUS_OFFLOAD_TCP_ENTRIES),
    ];
    relay(&sim, &system, Operation::Initiate, &t);
    testchimney::target().block_status.borrow_mut().clear();
    assert_eq!(status(&t, 0), NDIS_STATUS_SUCCESS);
    assert_eq!(status(&t, 1), NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS, "OP-25");
    assert_eq!(status(&t, 2), NDIS_STATUS_SUCCESS);
    assert_eq!(
        status(&t, 3),
        NDIS_STATUS_OFFLOAD_TCP_ENTRIES,
        "passed through"
    );
    assert_ne!(token(&t, 1), 0, "partial success is offloaded (OP-24)");
    assert_eq!(token(&t, 3), 0, "a failed block's location is not written");
    let b = ch::im(&sim);
    assert_eq!(
        b.offload.live_entries().0,
        3,
        "exactly the failed entry freed"
    );
    // A failed root: the target fails the neighbor, which stops everything (OP-26).
    let t2 = connection(None, None);
    *testchimney::target().block_status.borrow_mut() = vec![
        (0, NDIS_STATUS_FAILURE),
        (1, NDIS_STATUS_FAILURE),
        (2, NDIS_STATUS_FAILURE),
    ];
    relay(&sim, &system, Operation::Initiate, &t2);
    testchimney::target().block_status.borrow_mut().clear();
    assert!(all_status(&t2, NDIS_STATUS_FAILURE));
    assert_eq!(b.offload.live_entries().0, 3);
    terminate(
        &sim,
        &system,
        &[(OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2))],
    );
    terminate_path_and_neighbor(&sim, &system, &t);
    assert_eq!(b.offload.live_entries().0, 0);
    finish(&sim, &system);
}

#[test]
fn slab_exhaustion_fails_the_whole_tree_with_resources() {
    let sim = Sim::new(75);
    let system = ch::setup(&sim, Some(4));
    let _e = sim.enter();
    let b = ch::im(&sim);
    let capacity = b.offload.capacity();
    // One neighbor, one path and more TCP objects than the slab has entries.
    let tcps = (0..capacity)
        .map(|_| node(OFFLOAD_STATE_TYPE::TcpOffloadState, 0))
        .collect();
    let path = node(OFFLOAD_STATE_TYPE::Ip4OffloadState, 0).with_dependents(tcps);
    let neighbor = node(OFFLOAD_STATE_TYPE::NeighborOffloadState, 0).with_dependents(vec![path]);
    let t = BuiltTree::build(&[neighbor], HeaderSizeStyle::BlockAndState, 0x11);
    complete_locally(&sim, &system, Operation::Initiate, &t);
    assert!(all_status(&t, NDIS_STATUS_RESOURCES), "OP-40: every block");
    assert!(
        (0..t.blocks.len()).all(|i| token(&t, i) == 0),
        "no location written"
    );
    assert_eq!(b.offload.live_entries().0, 0, "nothing left behind");
    assert!(
        testchimney::target().trees.borrow().is_empty(),
        "nothing reached the NIC"
    );
    // The table still works.
    let ok = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &ok);
    assert!(all_status(&ok, NDIS_STATUS_SUCCESS));
    terminate_connection(&sim, &system, &ok);
    finish(&sim, &system);
}

#[test]
fn a_cycle_completes_with_failure_in_every_reached_block() {
    let sim = Sim::new(76);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    // TCP's NextBlock back to the root: a cycle (OP-42a).
    // SAFETY: blocks of a tree the test owns.
    unsafe { (*t.block(2)).NextBlock = t.block(0) };
    complete_locally(&sim, &system, Operation::Initiate, &t);
    assert!(all_status(&t, NDIS_STATUS_FAILURE));
    assert!((0..3).all(|i| token(&t, i) == 0));
    let b = ch::im(&sim);
    assert_eq!(b.offload.live_entries().0, 0);
    assert_eq!(
        b.offload
            .stats
            .malformed
            .load(std::sync::atomic::Ordering::Relaxed),
        1
    );
    // A terminate naming a token that is not the IM's is malformed too.
    let bad = ch::terminate_tree_tokens(&[(OFFLOAD_STATE_TYPE::TcpOffloadState, 0x1234_5670)]);
    complete_locally(&sim, &system, Operation::Terminate, &bad);
    assert!(all_status(&bad, NDIS_STATUS_FAILURE));
    // SAFETY: as above: break the cycle before the tree is dropped.
    unsafe { (*t.block(2)).NextBlock = std::ptr::null_mut() };
    finish(&sim, &system);
}

/// Attach `n` simulator NBLs to block `i` of `t` as outstanding send data.
fn attach_sends(sim: &Sim, t: &BuiltTree, i: usize, n: usize) -> Vec<usize> {
    let nbls: Vec<_> = (0..n).map(|k| sim.alloc_nbl(&[k as u8; 8])).collect();
    let chain = ndis_sim::nbl::link_public(&nbls);
    // SAFETY: a block of a tree the test owns.
    unsafe { (*t.block(i)).NetBufferListChain = chain.cast() };
    nbls.into_iter().map(|n| n as usize).collect()
}

fn source(n: usize) -> usize {
    // SAFETY: a simulator NBL the test allocated.
    unsafe { (*(n as chimney_im::ndis::PNET_BUFFER_LIST)).SourceHandle as usize }
}

#[test]
fn a_failed_block_hands_its_send_nbls_back_restored() {
    let sim = Sim::new(77);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    let nbls = attach_sends(&sim, &t, 2, 3);
    *testchimney::target().block_status.borrow_mut() =
        vec![(2, NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER)];
    relay(&sim, &system, Operation::Initiate, &t);
    testchimney::target().block_status.borrow_mut().clear();
    assert_eq!(status(&t, 2), NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER);
    let host = ch::host_binding(&system) as usize;
    assert!(
        nbls.iter().all(|&n| source(n) == host),
        "SourceHandle restored (OP-24)"
    );
    let b = ch::im(&sim);
    assert_eq!(
        b.offload
            .stats
            .save_areas
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
    assert_eq!(b.chimney.outstanding(), 0);
    for &n in &nbls {
        assert!(sim.free_nbl(n as _));
    }
    terminate_path_and_neighbor(&sim, &system, &t);
    finish(&sim, &system);
}

#[test]
fn terminate_brings_outstanding_sends_back_with_source_handle_restored() {
    let sim = Sim::new(78);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    let nbls = attach_sends(&sim, &t, 2, 2);
    relay(&sim, &system, Operation::Initiate, &t);
    assert!(all_status(&t, NDIS_STATUS_SUCCESS));
    let host = ch::host_binding(&system) as usize;
    assert!(
        nbls.iter().all(|&n| source(n) != host),
        "NDIS stamped the IM's binding on the way down"
    );
    let b = ch::im(&sim);
    assert_eq!(
        b.offload
            .stats
            .save_areas
            .load(std::sync::atomic::Ordering::Relaxed),
        2,
        "DP-8 areas live while the target owns the NBLs"
    );
    // The target hands the NBLs back in the TCP block of the terminate (OP-29).
    testchimney::target()
        .terminate_chain
        .set(Some((0, nbls[0])));
    let term = ch::terminate_tree(&[(OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2))]);
    // The simulator booked them as outstanding sends at the initiate (DP-20); their
    // return in the terminate chain releases them at both edges.
    relay(&sim, &system, Operation::Terminate, &term);
    testchimney::target().terminate_chain.set(None);
    assert_eq!(status(&term, 0), NDIS_STATUS_SUCCESS);
    assert!(
        nbls.iter().all(|&n| source(n) == host),
        "SourceHandle restored"
    );
    assert_eq!(
        b.offload
            .stats
            .save_areas
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
    for &n in &nbls {
        assert!(sim.free_nbl(n as _));
    }
    terminate_path_and_neighbor(&sim, &system, &t);
    assert_eq!(b.offload.live_entries().0, 0);
    finish(&sim, &system);
}

#[test]
fn ten_thousand_connections_initiate_and_terminate_without_leaks() {
    const PATHS: usize = 100;
    const PER_PATH: usize = 100;
    let sim = Sim::new(79);
    let system = ch::setup(&sim, Some((PATHS * PER_PATH) as u32));
    let _e = sim.enter();
    let b = ch::im(&sim);
    let first = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &first);
    assert!(all_status(&first, NDIS_STATUS_SUCCESS));
    // Each path's first connection offloads the path; the others link to it.
    let mut path_trees: Vec<BuiltTree> = Vec::new();
    let mut conns: Vec<BuiltTree> = Vec::new();
    for p in 0..PATHS {
        for c in 0..PER_PATH {
            if p == 0 && c == 0 {
                continue;
            }
            let t = if c == 0 {
                connection(Some((&first, 0)), None)
            } else {
                let path: Obj<'_> = if p == 0 {
                    (&first, 1)
                } else {
                    (&path_trees[p - 1], 1)
                };
                connection(Some((&first, 0)), Some(path))
            };
            relay(&sim, &system, Operation::Initiate, &t);
            assert!(all_status(&t, NDIS_STATUS_SUCCESS), "connection {p}/{c}");
            if c == 0 {
                path_trees.push(t);
            } else {
                conns.push(t);
            }
        }
    }
    let tcps = 1 + path_trees.len() + conns.len();
    let objects = tcps + 1 + path_trees.len() + 1;
    assert_eq!(tcps, PATHS * PER_PATH);
    let (live, peak) = b.offload.live_entries();
    assert_eq!(live, objects, "OP-39: one entry per offloaded object");
    let slab_bytes: usize = sim
        .live_allocations()
        .iter()
        .filter(|a| a.tag == chimney_im::offload::TAG_SLAB)
        .map(|a| a.length)
        .sum();
    assert_eq!(slab_bytes, b.offload.slab_bytes());
    // Bytes per object in tenths, integer arithmetic.
    let tenths = slab_bytes * 10 / peak;
    println!(
        "offload table: {slab_bytes} bytes for {peak} objects = {}.{} bytes/object \
         (entry {} bytes)",
        tenths / 10,
        tenths % 10,
        size_of::<chimney_im::offload::table::Entry>()
    );
    assert!(
        slab_bytes <= 64 * peak,
        "{tenths} tenths of a byte per object"
    );
    // Everything allocated (the IM's binding context with its flight recorder, slab).
    let all = sim.live_bytes();
    println!(
        "all live simulator allocations: {all} bytes = {} bytes/object",
        all / peak
    );
    assert!(
        all <= 64 * peak,
        "issue 7: IM peak bytes / objects offloaded <= 64"
    );
    let tcp = OFFLOAD_STATE_TYPE::TcpOffloadState;
    let ip4 = OFFLOAD_STATE_TYPE::Ip4OffloadState;
    for t in conns
        .iter()
        .chain(&path_trees)
        .chain(std::iter::once(&first))
    {
        terminate(&sim, &system, &[(tcp, (t, 2))]);
    }
    for t in path_trees.iter().chain(std::iter::once(&first)) {
        terminate(&sim, &system, &[(ip4, (t, 1))]);
    }
    terminate(
        &sim,
        &system,
        &[(OFFLOAD_STATE_TYPE::NeighborOffloadState, (&first, 0))],
    );
    assert_eq!(b.offload.live_entries().0, 0);
    assert_eq!(b.chimney.outstanding(), 0);
    finish(&sim, &system);
}

fn nbl_status(n: usize) -> NDIS_STATUS {
    // SAFETY: a simulator NBL the test allocated.
    unsafe { (*(n as chimney_im::ndis::PNET_BUFFER_LIST)).Status }
}

/// Every NBL's status, in order.
fn statuses(nbls: &[usize]) -> Vec<NDIS_STATUS> {
    nbls.iter().map(|&n| nbl_status(n)).collect()
}

/// `TcpOffloadBytesTransferred` (`NetBufferListInfo[0]`) of a simulator NBL.
fn bytes_transferred(n: usize) -> usize {
    // SAFETY: a simulator NBL the test allocated.
    unsafe { (*(n as chimney_im::ndis::PNET_BUFFER_LIST)).NetBufferListInfo[0] as usize }
}

/// Write `TcpOffloadBytesTransferred` of a simulator NBL (as H or T would).
fn set_bytes_transferred(n: usize, v: usize) {
    // SAFETY: a simulator NBL the test allocated and holds.
    unsafe { (*(n as chimney_im::ndis::PNET_BUFFER_LIST)).NetBufferListInfo[0] = v as PVOID };
}

/// (Offset, Size) of a simulator NBL's context header.
fn context_room(n: usize) -> (u16, u16) {
    // SAFETY: a simulator NBL the test allocated.
    let header = unsafe { (*(n as chimney_im::ndis::PNET_BUFFER_LIST)).Context };
    // SAFETY: its context header, set up by the simulator with the NBL.
    let h = unsafe { header.read() };
    (h.Offset, h.Size)
}

/// Set the Offset of a simulator NBL's context header (0: no spare context, so an
/// `NdisAllocateNetBufferListContext` needs a real allocation).
fn set_context_offset(n: usize, offset: u16) {
    // SAFETY: a simulator NBL the test allocated.
    let header = unsafe { (*(n as chimney_im::ndis::PNET_BUFFER_LIST)).Context };
    // SAFETY: its context header; no context is allocated on it while the test holds it.
    unsafe { (*header).Offset = offset };
}

/// `n` fresh simulator NBLs whose payload starts with `tag`.
fn alloc(sim: &Sim, n: usize, tag: u8) -> Vec<usize> {
    (0..n)
        .map(|k| sim.alloc_nbl(&[tag, k as u8, 0xA5, 0x5A]) as usize)
        .collect()
}

/// Free simulator NBLs the test got back.
fn free_all(sim: &Sim, nbls: &[usize]) {
    for &n in nbls {
        assert!(sim.free_nbl(n as _), "NBL {n:#x} is the simulator's");
    }
}

/// H's handle for the TCP object (block 2) of connection `t`.
fn tcp_handle(t: &BuiltTree) -> PNDIS_OFFLOAD_HANDLE {
    (&raw const t.handles[2]).cast_mut()
}

/// The `k`-th object the NIC offloaded, in initiate order: (the context it wrote, the
/// `NdisOffloadHandle` its block carried, which it quotes in indications, DP-5).
fn nic_object(k: usize) -> (usize, usize) {
    testchimney::target().offloads.borrow()[k]
}

/// A new neighbor → path → TCP connection, relayed and offloaded.
fn offload_connection(sim: &Sim, system: &im_harness::ImSystem) -> BuiltTree {
    let t = connection(None, None);
    relay(sim, system, Operation::Initiate, &t);
    assert!(all_status(&t, NDIS_STATUS_SUCCESS), "offloaded");
    t
}

/// A chimney system (NIC capacity 100) with one connection offloaded through the IM,
/// for the data-path tests.
fn io_system(seed: u64) -> (Sim, im_harness::ImSystem, BuiltTree) {
    let sim = Sim::new(seed);
    let system = ch::setup(&sim, Some(100));
    let conn = {
        let _e = sim.enter();
        offload_connection(&sim, &system)
    };
    (sim, system, conn)
}

/// A new connection on the neighbor and path of `t` (linkers, OP-23).
fn offload_sibling(sim: &Sim, system: &im_harness::ImSystem, t: &BuiltTree) -> BuiltTree {
    let t2 = connection(Some((t, 0)), Some((t, 1)));
    relay(sim, system, Operation::Initiate, &t2);
    assert!(all_status(&t2, NDIS_STATUS_SUCCESS), "offloaded");
    t2
}

/// H issues one offloaded request of `kind` on its handle `h` with the chain of `nbls`.
fn host_io(kind: TcpIo, h: PNDIS_OFFLOAD_HANDLE, nbls: &[usize], flags: u32) -> NDIS_STATUS {
    let chain = chain_of(nbls);
    match kind {
        // SAFETY: a handle H passes as its own (tests also pass stale or forged ones,
        // which NDIS forwards unchecked) and H's own chain.
        TcpIo::Send => unsafe { SimNdis::ndis_offload_tcp_send(h, chain) },
        // SAFETY: as above.
        TcpIo::Receive => unsafe { SimNdis::ndis_offload_tcp_receive(h, chain) },
        // SAFETY: as above.
        TcpIo::Disconnect => unsafe { SimNdis::ndis_offload_tcp_disconnect(h, chain, flags) },
        // SAFETY: as above.
        TcpIo::Forward => unsafe { SimNdis::ndis_offload_tcp_forward(h, chain) },
    }
}

fn save_areas(b: &chimney_im::binding::Binding<SimNdis>) -> usize {
    b.offload.stats.save_areas.load(Relaxed)
}

fn owed_returns(b: &chimney_im::binding::Binding<SimNdis>) -> usize {
    b.offload.stats.receive_returns.load(Relaxed)
}

/// The NBLs H got back since it had seen `from` of them.
fn io_done_since(from: usize) -> Vec<usize> {
    testchimney::client().io_done.borrow()[from..].to_vec()
}

/// `nbls` linked into one chain, in order.
fn chain_of(nbls: &[usize]) -> chimney_im::ndis::PNET_BUFFER_LIST {
    let raw: Vec<chimney_im::ndis::PNET_BUFFER_LIST> = nbls.iter().map(|&n| n as _).collect();
    ndis_sim::nbl::link_public(&raw)
}

/// Terminate the TCP object of every connection in `conns` (all on the neighbor and
/// path of the first), then that path and neighbor; check that no reference kept an
/// entry (OP-45) and unbind cleanly.
fn terminate_all_and_finish(sim: &Sim, system: &im_harness::ImSystem, conns: &[&BuiltTree]) {
    let tcps: Vec<(OFFLOAD_STATE_TYPE, Obj<'_>)> = conns
        .iter()
        .map(|&t| (OFFLOAD_STATE_TYPE::TcpOffloadState, (t, 2)))
        .collect();
    terminate(sim, system, &tcps);
    terminate_path_and_neighbor(sim, system, conns[0]);
    assert_eq!(
        ch::im(sim).offload.live_entries().0,
        0,
        "OP-45: no reference kept an entry"
    );
    finish(sim, system);
}

#[test]
fn offloaded_io_is_relayed_down_and_completed_up_in_order() {
    let (sim, system, conn) = io_system(80);
    let _e = sim.enter();
    let b = ch::im(&sim);
    let host = ch::host_binding(&system) as usize;
    let target = testchimney::target();
    // The NIC's own context for the TCP object, as it wrote it at initiate (objects
    // offloaded in walk order: neighbor, path, TCP).
    let (nic_tcp, _) = nic_object(2);
    let h = tcp_handle(&conn);
    let sends = alloc(&sim, 2, 1);
    let recv = alloc(&sim, 1, 2);
    let fwd = alloc(&sim, 1, 3);
    let fin = alloc(&sim, 1, 4);
    let rst = alloc(&sim, 1, 5);
    let (graceful, abortive) = (TCP_DISCONNECT_GRACEFUL_CLOSE, TCP_DISCONNECT_ABORTIVE_CLOSE);
    // DP-11, DP-22, DP-31, DP-26: every request pends.
    for (kind, nbls, flags) in [
        (TcpIo::Send, &sends, 0),
        (TcpIo::Receive, &recv, 0),
        (TcpIo::Forward, &fwd, 0),
        (TcpIo::Disconnect, &fin, graceful),
        (TcpIo::Disconnect, &rst, abortive),
    ] {
        assert_eq!(
            host_io(kind, h, nbls, flags),
            NDIS_STATUS_PENDING,
            "{kind:?}"
        );
    }
    // DP-4: each request reached the NIC on the NIC's own context value, with H's chain.
    let heads = [sends[0], recv[0], fwd[0], fin[0], rst[0]];
    assert_eq!(
        target.io.borrow().as_slice(),
        heads.map(|n| (nic_tcp, n)).as_slice()
    );
    assert_eq!(
        target.io_kinds.borrow().as_slice(),
        [
            TcpIo::Send,
            TcpIo::Receive,
            TcpIo::Forward,
            TcpIo::Disconnect,
            TcpIo::Disconnect
        ]
    );
    // DP-26: the flags pass through unchanged.
    assert_eq!(
        target.disconnect_flags.borrow().as_slice(),
        [(fin[0], graceful), (rst[0], abortive)]
    );
    let all: Vec<usize> = [&sends, &recv, &fwd, &fin, &rst]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    // DP-4: NDIS stamped the IM's lower binding on every NBL of each chain.
    assert_ne!(b.lower() as usize, host);
    assert!(
        all.iter().all(|&n| source(n) == b.lower() as usize),
        "the NBLs went down on the IM's binding, not the host's"
    );
    // DP-8: one save area per NBL, counted as outstanding chimney work while T holds it.
    assert_eq!(save_areas(b), all.len());
    assert!(b.chimney.outstanding() >= all.len());
    assert_eq!(b.offload.stats.io_down.load(Relaxed), 5);
    assert!(io_done_since(0).is_empty(), "nothing completed yet");
    // T writes its results: a partial byte count on the first send (DP-13), and a
    // distinct status per kind (DP-13, DP-23, DP-27, DP-32).
    set_bytes_transferred(sends[0], 1460);
    testchimney::complete_io_by(|k| match k {
        TcpIo::Send => NDIS_STATUS_SUCCESS,
        TcpIo::Receive => NDIS_STATUS_INVALID_STATE,
        TcpIo::Forward => NDIS_STATUS_UPLOAD_IN_PROGRESS,
        TcpIo::Disconnect => NDIS_STATUS_REQUEST_ABORTED,
    });
    // DP-12, DP-23, DP-27, DP-32, DP-60: each completion reached H inside T's call, in
    // T's order, through the completion of its kind (the simulator checks the kind and
    // the binding of each, DP-6).
    assert_eq!(io_done_since(0), all);
    assert_eq!(
        statuses(&all),
        [
            NDIS_STATUS_SUCCESS,
            NDIS_STATUS_SUCCESS,
            NDIS_STATUS_INVALID_STATE,
            NDIS_STATUS_UPLOAD_IN_PROGRESS,
            NDIS_STATUS_REQUEST_ABORTED,
            NDIS_STATUS_REQUEST_ABORTED,
        ],
        "DP-7: T's statuses pass through"
    );
    assert_eq!(bytes_transferred(sends[0]), 1460, "DP-7: T's byte count");
    assert!(
        all.iter().all(|&n| source(n) == host),
        "DP-8: SourceHandle restored to the host's binding"
    );
    assert_eq!(save_areas(b), 0, "DP-8: every save area consumed");
    assert_eq!(b.chimney.outstanding(), 0);
    assert_eq!(b.offload.stats.io_up.load(Relaxed), all.len() as u64);
    sim.assert_clean();
    free_all(&sim, &all);
    terminate_all_and_finish(&sim, &system, &[&conn]);
}

#[test]
fn one_completion_chain_may_mix_requests_of_several_connections() {
    let sim = Sim::new(81);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let first = offload_connection(&sim, &system);
    let second = offload_sibling(&sim, &system, &first);
    let b = ch::im(&sim);
    let host = ch::host_binding(&system) as usize;
    let target = testchimney::target();
    // Linkers offload nothing new: the NIC's objects are neighbor, path, TCP, TCP.
    assert_eq!(target.offloads.borrow().len(), 4);
    let (nic_first, nic_second) = (nic_object(2).0, nic_object(3).0);
    let on_first = alloc(&sim, 2, 1);
    let on_second = alloc(&sim, 1, 2);
    let send = |conn: &BuiltTree, nbls: &[usize]| host_io(TcpIo::Send, tcp_handle(conn), nbls, 0);
    assert_eq!(send(&first, &on_first), NDIS_STATUS_PENDING);
    assert_eq!(send(&second, &on_second), NDIS_STATUS_PENDING);
    assert_eq!(
        target.io.borrow().as_slice(),
        [(nic_first, on_first[0]), (nic_second, on_second[0])],
        "DP-4: each on its own connection's context"
    );
    assert_eq!(save_areas(b), 3);
    // DP-9: T completes all three in one chain, with a partial count on the last.
    target.io.borrow_mut().clear();
    target.io_kinds.borrow_mut().clear();
    let all = [on_first[0], on_first[1], on_second[0]];
    let chain = chain_of(&all);
    set_bytes_transferred(on_second[0], 4);
    let up = target.upcalls.get().expect("upcall table");
    let send_complete = up.NdisTcpOffloadSendComplete.expect("send completion");
    // SAFETY: NDIS's upcall, called as T would with its own handle and the NBLs it holds.
    unsafe { send_complete(target.handle.get(), chain.cast()) };
    assert_eq!(io_done_since(0), all, "DP-12: in order");
    assert!(all.iter().all(|&n| source(n) == host), "DP-8");
    assert_eq!(bytes_transferred(on_second[0]), 4, "DP-7");
    assert_eq!(save_areas(b), 0);
    assert_eq!(b.chimney.outstanding(), 0);
    sim.assert_clean();
    free_all(&sim, &all);
    terminate_all_and_finish(&sim, &system, &[&first, &second]);
}

#[test]
fn unknown_tokens_are_refused_as_first_refusals_without_an_event() {
    let sim = Sim::new(82);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let b = ch::im(&sim);
    let host = ch::host_binding(&system);
    let conn = offload_connection(&sim, &system);
    let mut got_back: Vec<usize> = Vec::new();
    // DP-50(d): tokens that name no entry, one outside the slab and one inside it but
    // not at an entry's start. With no entry there is no flag to keep, so every
    // request is a first refusal, and no event is raised.
    for (bogus, what) in [
        (0x1000, "outside the slab"),
        (token(&conn, 2) + 8, "misaligned"),
    ] {
        let mut forged = NDIS_OFFLOAD_HANDLE {
            NdisReserved: [host],
            MiniportOffloadContext: bogus as PVOID,
        };
        let h = &raw mut forged;
        let unknown = b.offload.stats.unknown.load(Relaxed);
        for round in 0..2 {
            let sends = alloc(&sim, 2, 1);
            set_bytes_transferred(sends[0], 99);
            let seen = got_back.len();
            assert_eq!(
                host_io(TcpIo::Send, h, &sends, 0),
                NDIS_STATUS_PENDING,
                "DP-11: PENDING even when refused"
            );
            assert_eq!(
                statuses(&sends),
                [NDIS_STATUS_REQUEST_UPLOAD, NDIS_STATUS_UPLOAD_REQUESTED],
                "{what}, round {round}: a first refusal (DP-51)"
            );
            assert_eq!(bytes_transferred(sends[0]), 0, "DP-51: nothing transferred");
            assert_eq!(io_done_since(seen), sends, "DP-51: completed to H at once");
            assert!(sends.iter().all(|&n| source(n) == host as usize));
            let fwd = alloc(&sim, 1, 2);
            assert_eq!(host_io(TcpIo::Forward, h, &fwd, 0), NDIS_STATUS_PENDING);
            assert_eq!(statuses(&fwd), [NDIS_STATUS_UPLOAD_IN_PROGRESS], "DP-52");
            assert_eq!(io_done_since(seen + 2), fwd);
            got_back.extend(sends.iter().chain(&fwd));
        }
        assert_eq!(
            b.offload.stats.unknown.load(Relaxed),
            unknown + 4,
            "{what}: each counted (DP-50(d))"
        );
    }
    assert!(
        testchimney::target().io.borrow().is_empty(),
        "nothing reached the NIC"
    );
    assert!(
        testchimney::client().events.borrow().is_empty(),
        "DP-50(d): no TcpIndicateRetrieve without an entry"
    );
    assert_eq!(b.offload.stats.io_refused.load(Relaxed), 8);
    // The real connection was not touched: its first refusal is still to come, and it
    // still relays.
    let ok = alloc(&sim, 1, 3);
    assert_eq!(
        host_io(TcpIo::Send, tcp_handle(&conn), &ok, 0),
        NDIS_STATUS_PENDING
    );
    assert_eq!(testchimney::target().io.borrow().len(), 1, "relayed");
    testchimney::complete_io(NDIS_STATUS_SUCCESS);
    got_back.extend(&ok);
    assert_eq!(io_done_since(0), got_back);
    sim.assert_clean();
    free_all(&sim, &got_back);
    terminate_all_and_finish(&sim, &system, &[&conn]);
}

#[test]
fn a_send_without_save_areas_is_refused_per_dp51_and_the_connection_stays_refused() {
    let sim = Sim::new(83);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let b = ch::im(&sim);
    let host = ch::host_binding(&system) as usize;
    let target = testchimney::target();
    let client = testchimney::client();
    let conn = offload_connection(&sim, &system);
    // DP-50(a): the second NBL has no spare context and its save area's allocation
    // fails. The first NBL's area is undone and nothing goes down (DP-8).
    let h = tcp_handle(&conn);
    let sends = alloc(&sim, 2, 1);
    set_context_offset(sends[1], 0);
    let allocations = sim.allocation_count();
    sim.fail_allocation_at(Some(1));
    assert_eq!(host_io(TcpIo::Send, h, &sends, 0), NDIS_STATUS_PENDING);
    sim.fail_allocation_at(None);
    set_context_offset(sends[1], context_room(sends[1]).1);
    assert_eq!(
        sim.allocation_count(),
        allocations + 1,
        "the one failed allocation was the second NBL's save area"
    );
    assert_eq!(
        statuses(&sends),
        [NDIS_STATUS_REQUEST_UPLOAD, NDIS_STATUS_UPLOAD_REQUESTED],
        "DP-51: the first refusal on the connection"
    );
    assert_eq!(io_done_since(0), sends);
    assert!(
        sends.iter().all(|&n| source(n) == host),
        "DP-51: SourceHandle is H's"
    );
    let (offset, size) = context_room(sends[0]);
    assert_eq!(offset, size, "DP-8: the first NBL's save area freed");
    assert!(target.io.borrow().is_empty(), "DP-51: not passed down");
    assert_eq!(save_areas(b), 0);
    assert_eq!(b.chimney.outstanding(), 0);
    assert!(
        client.events.borrow().is_empty(),
        "DP-51: no event for a send"
    );
    // DP-50(b): the flag stays set, so later requests are refused although save areas
    // can be made again: UPLOAD_REQUESTED on every NBL of a send (DP-51), and no event
    // for a post-receive (EV-10: the request to upload is not repeated).
    let later = alloc(&sim, 2, 2);
    assert_eq!(host_io(TcpIo::Send, h, &later, 0), NDIS_STATUS_PENDING);
    assert_eq!(
        statuses(&later),
        [NDIS_STATUS_UPLOAD_REQUESTED, NDIS_STATUS_UPLOAD_REQUESTED]
    );
    let rcv = alloc(&sim, 1, 3);
    assert_eq!(host_io(TcpIo::Receive, h, &rcv, 0), NDIS_STATUS_PENDING);
    assert_eq!(statuses(&rcv), [NDIS_STATUS_UPLOAD_IN_PROGRESS], "DP-52");
    assert_eq!(io_done_since(2), [later[0], later[1], rcv[0]]);
    assert!(
        client.events.borrow().is_empty(),
        "EV-10: asked at most once"
    );
    assert!(target.io.borrow().is_empty());
    assert_eq!(b.offload.stats.io_refused.load(Relaxed), 3);
    assert_eq!(save_areas(b), 0);
    sim.assert_clean();
    free_all(&sim, &io_done_since(0));
    terminate_all_and_finish(&sim, &system, &[&conn]);
}

#[test]
fn a_post_receive_without_save_areas_asks_for_one_upload_per_dp52() {
    let sim = Sim::new(84);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let b = ch::im(&sim);
    let target = testchimney::target();
    let client = testchimney::client();
    let conn = offload_connection(&sim, &system);
    let other = offload_sibling(&sim, &system, &conn);
    // DP-50(a) on a post-receive: DP-52, with one TcpIndicateRetrieve(UploadRequested)
    // to H's handle for that connection (EV-10).
    let h = tcp_handle(&conn);
    let rcv = alloc(&sim, 1, 1);
    set_bytes_transferred(rcv[0], 17);
    set_context_offset(rcv[0], 0);
    sim.fail_allocation_at(Some(1));
    assert_eq!(host_io(TcpIo::Receive, h, &rcv, 0), NDIS_STATUS_PENDING);
    sim.fail_allocation_at(None);
    set_context_offset(rcv[0], context_room(rcv[0]).1);
    assert_eq!(statuses(&rcv), [NDIS_STATUS_UPLOAD_IN_PROGRESS], "DP-52");
    assert_eq!(bytes_transferred(rcv[0]), 0, "DP-52: 0 bytes transferred");
    assert_eq!(io_done_since(0), rcv);
    assert_eq!(
        client.events.borrow().as_slice(),
        [(h as usize, 3, 10)],
        "DP-52, EV-10: TcpIndicateRetrieve(UploadRequested) on H's own handle"
    );
    assert_eq!(
        b.offload.stats.events_up.load(Relaxed),
        1,
        "raised once, straight to H (not through the IM's own lower edge)"
    );
    // Later requests on it are refused (DP-50(b)) with no second event.
    let more = alloc(&sim, 3, 2);
    let graceful = TCP_DISCONNECT_GRACEFUL_CLOSE;
    assert_eq!(
        host_io(TcpIo::Receive, h, &more[0..1], 0),
        NDIS_STATUS_PENDING
    );
    assert_eq!(
        host_io(TcpIo::Disconnect, h, &more[1..2], graceful),
        NDIS_STATUS_PENDING
    );
    assert_eq!(
        host_io(TcpIo::Forward, h, &more[2..3], 0),
        NDIS_STATUS_PENDING
    );
    assert_eq!(
        statuses(&more),
        [NDIS_STATUS_UPLOAD_IN_PROGRESS; 3],
        "DP-52"
    );
    assert_eq!(io_done_since(1), more);
    let sends = alloc(&sim, 2, 3);
    assert_eq!(host_io(TcpIo::Send, h, &sends, 0), NDIS_STATUS_PENDING);
    assert_eq!(
        statuses(&sends),
        [NDIS_STATUS_UPLOAD_REQUESTED; 2],
        "DP-51: the flag was already set by the receive's refusal"
    );
    assert_eq!(io_done_since(4), sends);
    assert_eq!(client.events.borrow().len(), 1, "EV-10: not repeated");
    assert!(target.io.borrow().is_empty(), "nothing reached the NIC");
    assert_eq!(save_areas(b), 0);
    assert_eq!(b.chimney.outstanding(), 0);
    assert_eq!(b.offload.stats.io_refused.load(Relaxed), 5);
    // The flag is the entry's: the other connection still relays.
    let ok = alloc(&sim, 1, 4);
    assert_eq!(
        host_io(TcpIo::Receive, tcp_handle(&other), &ok, 0),
        NDIS_STATUS_PENDING
    );
    assert_eq!(target.io.borrow().as_slice(), [(nic_object(3).0, ok[0])]);
    testchimney::complete_io(NDIS_STATUS_SUCCESS);
    assert_eq!(io_done_since(6), ok);
    assert_eq!(statuses(&ok), [NDIS_STATUS_SUCCESS]);
    sim.assert_clean();
    free_all(&sim, &io_done_since(0));
    terminate_all_and_finish(&sim, &system, &[&conn, &other]);
}

#[test]
fn receive_indications_and_returns_reach_the_host() {
    let (sim, system, conn) = io_system(85);
    let _e = sim.enter();
    let b = ch::im(&sim);
    let host = ch::host_binding(&system);
    let target = testchimney::target();
    let client = testchimney::client();
    let h = tcp_handle(&conn) as usize;
    // DP-5: T quotes the handle its initiate block carried: the IM's, not H's.
    let (_, im_handle) = nic_object(2);
    assert_ne!(im_handle, h);
    let up = target.upcalls.get().expect("upcall table");
    let receive = up.NdisTcpOffloadReceiveHandler.expect("receive upcall");
    let indicate = |n: usize, consumed: &mut u32| {
        // SAFETY: NDIS's upcall, called as T would with the handle it was given at
        // initiate and an NBL it owns.
        unsafe { receive(im_handle as PVOID, n as _, NDIS_STATUS_SUCCESS, consumed) }
    };
    let mut all = Vec::new();
    // H refuses, then takes half, then accepts (DP-37); its answer and byte count
    // come back to T unchanged (DP-36), and only the accepted one is owed (DP-41).
    for (answer, bytes, owed) in [
        (NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, 0, 0),
        (NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED, 5, 0),
        (NDIS_STATUS_SUCCESS, 10, 1),
    ] {
        client.receive_answer.set(answer);
        let n = sim.alloc_nbl(b"0123456789") as usize;
        let mut consumed = 0xFFFF;
        assert_eq!(indicate(n, &mut consumed), answer, "DP-37: H's answer");
        assert_eq!(consumed, bytes, "DP-36: H's BytesConsumed slot");
        assert_eq!(owed_returns(b), owed, "DP-41 after {answer:#x}");
        assert_eq!(b.chimney.outstanding(), owed, "the drain waits for it");
        all.push(n);
    }
    let accepted = all[2];
    assert_eq!(
        client.received.borrow().as_slice(),
        all.iter().map(|&n| (h, n)).collect::<Vec<_>>(),
        "DP-36: the same NBL, on H's own handle"
    );
    assert_eq!(b.offload.stats.receives_up.load(Relaxed), 3);
    assert!(
        target.returned.borrow().is_empty(),
        "DP-40: the IM keeps none"
    );
    // DP-38, DP-39: H's return reaches T with the same NBL.
    // SAFETY: H returns an NBL it accepted, on its own binding.
    unsafe { SimNdis::ndis_offload_tcp_receive_return(host, accepted as _) };
    assert_eq!(target.returned.borrow().as_slice(), [accepted]);
    assert_eq!(owed_returns(b), 0, "DP-41");
    assert_eq!(b.chimney.outstanding(), 0);
    // A return chain may hold several indications (DP-38): counted per NBL.
    client.receive_answer.set(NDIS_STATUS_SUCCESS);
    let two = [
        sim.alloc_nbl(b"first") as usize,
        sim.alloc_nbl(b"second") as usize,
    ];
    for &n in &two {
        let mut consumed = 0;
        assert_eq!(indicate(n, &mut consumed), NDIS_STATUS_SUCCESS);
    }
    assert_eq!(owed_returns(b), 2);
    assert_eq!(b.chimney.outstanding(), 2);
    // SAFETY: as above.
    unsafe { SimNdis::ndis_offload_tcp_receive_return(host, chain_of(&two)) };
    assert_eq!(
        target.returned.borrow().as_slice(),
        [accepted, two[0], two[1]],
        "DP-39: the same chain, in order"
    );
    assert_eq!(owed_returns(b), 0);
    assert_eq!(b.chimney.outstanding(), 0);
    sim.assert_clean();
    all.extend(two);
    free_all(&sim, &all);
    terminate_all_and_finish(&sim, &system, &[&conn]);
}

#[test]
fn tcp_and_neighbor_events_reach_the_host_unchanged() {
    let (sim, system, conn) = io_system(86);
    let _e = sim.enter();
    let b = ch::im(&sim);
    let target = testchimney::target();
    let client = testchimney::client();
    let h = tcp_handle(&conn) as usize;
    let (_, im_handle) = nic_object(2);
    // EV-2: TCP events reach H's handle with their values unchanged, unknown codes too.
    let up = target.upcalls.get().expect("upcall table");
    let event = up.NdisTcpOffloadEventHandler.expect("event upcall");
    // SAFETY: NDIS's upcall, called as T would with the handle it was given.
    unsafe { event(im_handle as PVOID, 1, 4096) };
    // SAFETY: as above.
    unsafe { event(im_handle as PVOID, 99, 7) };
    assert_eq!(
        client.events.borrow().as_slice(),
        [(h, 1, 4096), (h, 99, 7)]
    );
    assert_eq!(b.offload.stats.events_up.load(Relaxed), 2);
    // EV-20: a neighbor reachability query reaches the host with the same block memory.
    let query = BuiltTree::build(
        &[node(OFFLOAD_STATE_TYPE::NeighborOffloadState, 0)],
        HeaderSizeStyle::BlockAndState,
        0,
    );
    // SAFETY: T's adapter handle and a block it built, valid for the call.
    unsafe { SimNdis::ndis_m_offload_event_indicate(target.handle.get(), query.root().cast(), 2) };
    assert_eq!(
        client.neighbor_events.borrow().as_slice(),
        [(query.root() as usize, 2)]
    );
    assert_eq!(b.offload.stats.events_up.load(Relaxed), 3);
    sim.assert_clean();
    terminate_all_and_finish(&sim, &system, &[&conn]);
}

#[test]
fn io_and_indications_on_a_terminated_connection_are_refused_and_its_entry_is_untouched() {
    use chimney_im::offload::table::{Entry, state};
    let (sim, system, conn) = io_system(87);
    let _e = sim.enter();
    let b = ch::im(&sim);
    let host = ch::host_binding(&system) as usize;
    let client = testchimney::client();
    let (_, im_handle) = nic_object(2);
    let stale = token(&conn, 2);
    terminate(
        &sim,
        &system,
        &[(OFFLOAD_STATE_TYPE::TcpOffloadState, (&conn, 2))],
    );
    let entry = || {
        // SAFETY: the terminated entry's slot: memory of the IM's slab, live until the
        // unbind; only atomics are read.
        unsafe { &*(stale as *const Entry) }
    };
    assert_eq!(entry().state(), state::FREE);
    // DP-50(d): H's stale handle names no entry any more; every request is refused as
    // a first refusal, and nothing is written into the free slot.
    let h = tcp_handle(&conn);
    for round in 0..2 {
        let sends = alloc(&sim, 2, 1);
        let seen = client.io_done.borrow().len();
        assert_eq!(host_io(TcpIo::Send, h, &sends, 0), NDIS_STATUS_PENDING);
        assert_eq!(
            statuses(&sends),
            [NDIS_STATUS_REQUEST_UPLOAD, NDIS_STATUS_UPLOAD_REQUESTED],
            "round {round}"
        );
        assert!(sends.iter().all(|&n| source(n) == host));
        let rcv = alloc(&sim, 1, 2);
        assert_eq!(host_io(TcpIo::Receive, h, &rcv, 0), NDIS_STATUS_PENDING);
        assert_eq!(statuses(&rcv), [NDIS_STATUS_UPLOAD_IN_PROGRESS]);
        assert_eq!(io_done_since(seen), [sends[0], sends[1], rcv[0]]);
    }
    assert_eq!(b.offload.stats.unknown.load(Relaxed), 4);
    assert!(client.events.borrow().is_empty(), "no entry, no event");
    assert!(
        testchimney::target().io.borrow().is_empty(),
        "nothing reached the NIC"
    );
    assert!(
        !entry().upload_requested.load(Relaxed),
        "no flag set on a free slot"
    );
    assert_eq!(entry().refs.load(Relaxed), 0, "no reference left behind");
    assert_eq!(entry().state(), state::FREE);
    assert_eq!(save_areas(b), 0);
    // EV-5, DP-36: a late indication or event from T on the terminated connection is
    // dropped: T keeps its data, H hears nothing.
    let up = testchimney::target().upcalls.get().expect("upcall table");
    let receive = up.NdisTcpOffloadReceiveHandler.expect("receive upcall");
    let late = sim.alloc_nbl(b"late data") as usize;
    let mut consumed = 0xFFFF;
    // SAFETY: NDIS's upcall with the handle T was given at initiate and its own NBL.
    let answer = unsafe {
        receive(
            im_handle as PVOID,
            late as _,
            NDIS_STATUS_SUCCESS,
            &raw mut consumed,
        )
    };
    assert_eq!(answer, NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED);
    assert_eq!(consumed, 0);
    assert!(client.received.borrow().is_empty());
    assert_eq!(owed_returns(b), 0);
    let event = up.NdisTcpOffloadEventHandler.expect("event upcall");
    // SAFETY: as above.
    unsafe { event(im_handle as PVOID, 4, 0) };
    assert!(client.events.borrow().is_empty());
    assert_eq!(entry().refs.load(Relaxed), 0);
    assert_eq!(b.chimney.outstanding(), 0);
    sim.assert_clean();
    let mut all = io_done_since(0);
    all.push(late);
    free_all(&sim, &all);
    terminate_path_and_neighbor(&sim, &system, &conn);
    finish(&sim, &system);
}

#[test]
fn io_indications_and_events_during_a_terminate_are_still_relayed() {
    let (sim, system, conn) = io_system(89);
    let _e = sim.enter();
    let b = ch::im(&sim);
    let target = testchimney::target();
    let client = testchimney::client();
    let h = tcp_handle(&conn);
    let (nic_tcp, im_handle) = nic_object(2);
    // The NIC holds H's terminate: the entry is Terminating.
    target.hold.set(true);
    let term = ch::terminate_tree(&[(OFFLOAD_STATE_TYPE::TcpOffloadState, (&conn, 2))]);
    ch::issue(&sim, &system, Operation::Terminate, &term);
    assert_eq!(target.trees.borrow().len(), 1, "the terminate is held");
    // EV-5: events and indications for a Terminating entry MUST be relayed.
    let up = target.upcalls.get().expect("upcall table");
    let event = up.NdisTcpOffloadEventHandler.expect("event upcall");
    // SAFETY: NDIS's upcall, called as T would with the handle it was given.
    unsafe { event(im_handle as PVOID, 4, 0) };
    assert_eq!(client.events.borrow().as_slice(), [(h as usize, 4, 0)]);
    client
        .receive_answer
        .set(NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED);
    let data = sim.alloc_nbl(b"in flight") as usize;
    let receive = up.NdisTcpOffloadReceiveHandler.expect("receive upcall");
    let mut consumed = 0xFFFF;
    // SAFETY: as above, with an NBL T owns.
    let answer = unsafe {
        receive(
            im_handle as PVOID,
            data as _,
            NDIS_STATUS_SUCCESS,
            &raw mut consumed,
        )
    };
    assert_eq!(answer, NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, "H's answer");
    assert_eq!(client.received.borrow().as_slice(), [(h as usize, data)]);
    // DP-55: a send that arrives while the terminate is in flight is relayed as usual,
    // and T answers it.
    let late = alloc(&sim, 1, 1);
    assert_eq!(host_io(TcpIo::Send, h, &late, 0), NDIS_STATUS_PENDING);
    assert_eq!(target.io.borrow().as_slice(), [(nic_tcp, late[0])]);
    testchimney::complete_io(NDIS_STATUS_UPLOAD_IN_PROGRESS);
    assert_eq!(io_done_since(0), late);
    assert_eq!(statuses(&late), [NDIS_STATUS_UPLOAD_IN_PROGRESS]);
    assert_eq!(save_areas(b), 0);
    assert!(client.completed.borrow().last() != Some(&(term.root() as usize)));
    testchimney::complete_held();
    target.hold.set(false);
    assert_eq!(
        client.completed.borrow().last(),
        Some(&(term.root() as usize)),
        "the terminate completed to H"
    );
    assert!(all_status(&term, NDIS_STATUS_SUCCESS));
    sim.assert_clean();
    free_all(&sim, &[late[0], data]);
    terminate_path_and_neighbor(&sim, &system, &conn);
    assert_eq!(b.offload.live_entries().0, 0);
    finish(&sim, &system);
}

#[test]
fn completions_of_nbls_the_im_never_sent_are_dropped() {
    let (sim, system, conn) = io_system(88);
    let _e = sim.enter();
    let b = ch::im(&sim);
    let target = testchimney::target();
    // DP-6: a completion from T for an NBL nobody sent is caught by NDIS itself and
    // never reaches the IM.
    let foreign = alloc(&sim, 2, 1);
    let up = target.upcalls.get().expect("upcall table");
    let send_complete = up.NdisTcpOffloadSendComplete.expect("send completion");
    // SAFETY: NDIS's upcall with T's handle; the NBL is a broken T's invention.
    unsafe { send_complete(target.handle.get(), foreign[0] as _) };
    let rules: Vec<Rule> = sim.take_violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(rules, [Rule::NblNotOutstanding]);
    assert_eq!(b.offload.stats.unknown.load(Relaxed), 0);
    // Had they reached the IM (another NDIS build), the IM hands up no NBL without a
    // save area of its own (DP-12: only NBLs it sent go back to H) and does nothing
    // with a NULL disconnect completion (DP-27).
    let im = sim
        .protocol_named(chimney_im::driver_entry::PROTOCOL_NAME)
        .expect("the IM protocol");
    let pbc = sim.opens_of(&im)[0].context;
    let lower = im.client_tcp.get().expect("DP-2 client TCP");
    let receive_complete = lower.TcpOffloadReceiveCompleteHandler.expect("DP-23");
    // SAFETY: the IM's registered handler, called as NDIS would with the IM's binding
    // context and a chain of valid NBLs.
    unsafe { receive_complete(pbc, chain_of(&foreign).cast()) };
    let disconnect_complete = lower.TcpOffloadDisconnectCompleteHandler.expect("DP-27");
    // SAFETY: as above, with the NULL the DDI allows.
    unsafe { disconnect_complete(pbc, std::ptr::null_mut()) };
    assert!(io_done_since(0).is_empty(), "nothing handed up");
    assert_eq!(
        b.offload.stats.unknown.load(Relaxed),
        2,
        "each foreign NBL counted"
    );
    assert!(
        foreign.iter().all(|&n| source(n) == 0),
        "their SourceHandle left alone"
    );
    assert_eq!(save_areas(b), 0);
    assert_eq!(b.chimney.outstanding(), 0);
    sim.assert_clean();
    free_all(&sim, &foreign);
    terminate_all_and_finish(&sim, &system, &[&conn]);
}

#[test]
fn operations_beyond_the_call_pool_wait_and_initiates_fail_with_resources() {
    use chimney_im::offload::table::{CALLS, RESERVE_CALLS};
    let sim = Sim::new(81);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    let target = testchimney::target();
    target.hold.set(true);
    let total = CALLS + RESERVE_CALLS + 8;
    let queries: Vec<BuiltTree> = (0..total)
        .map(|_| ch::terminate_tree(&[(OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2))]))
        .collect();
    let befores: Vec<_> = queries.iter().map(ch::before).collect();
    for q in &queries {
        ch::issue(&sim, &system, Operation::Query, q);
    }
    let b = ch::im(&sim);
    let deferred = b
        .offload
        .stats
        .deferred
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(deferred, 8, "OP-42: queued, not failed");
    assert_eq!(target.trees.borrow().len(), CALLS + RESERVE_CALLS);
    // Every ordinary call entry is busy: an initiate fails as a whole (OP-40).
    let late = connection(Some((&t, 0)), Some((&t, 1)));
    sim.assert_clean();
    complete_locally(&sim, &system, Operation::Initiate, &late);
    assert!(all_status(&late, NDIS_STATUS_RESOURCES));
    // Completions free call entries; each one runs the next queued operation.
    let mut rounds = 0;
    while !target.trees.borrow().is_empty() {
        testchimney::complete_held();
        rounds += 1;
        assert!(rounds < 4);
    }
    target.hold.set(false);
    for (q, before) in queries.iter().zip(&befores) {
        ch::assert_restored(&system, q, before);
    }
    sim.assert_clean();
    let completed = testchimney::client().completed.borrow().clone();
    for q in &queries {
        let n = completed
            .iter()
            .filter(|&&r| r == q.root() as usize)
            .count();
        assert_eq!(n, 1, "each queued query completed to the host exactly once");
    }
    assert_eq!(b.chimney.outstanding(), 0);
    terminate_connection(&sim, &system, &t);
    finish(&sim, &system);
}

#[test]
fn a_failed_terminate_keeps_the_entry_until_a_later_one_succeeds() {
    let sim = Sim::new(82);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    let b = ch::im(&sim);
    *testchimney::target().block_status.borrow_mut() = vec![(0, NDIS_STATUS_FAILURE)];
    let first = ch::terminate_tree(&[(OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2))]);
    relay(&sim, &system, Operation::Terminate, &first);
    testchimney::target().block_status.borrow_mut().clear();
    assert_eq!(
        status(&first, 0),
        NDIS_STATUS_FAILURE,
        "OP-30: passed through"
    );
    assert_eq!(
        b.offload.live_entries().0,
        3,
        "OP-29: kept (TerminateFailed)"
    );
    let slab = b.offload.slab();
    let e = slab.entry(token(&t, 2) as PVOID).expect("still live");
    assert_eq!(
        e.state(),
        chimney_im::offload::table::state::TERMINATE_FAILED
    );
    terminate_connection(&sim, &system, &t);
    assert_eq!(
        b.offload.live_entries().0,
        0,
        "freed by the second terminate"
    );
    finish(&sim, &system);
}

#[test]
fn allocation_failure_at_every_chimney_bind_point_leaves_nothing() {
    let mut n = 1;
    let mut without_chimney = 0;
    loop {
        let sim = Sim::new(83);
        let system = ch::setup(&sim, Some(64));
        let protocol = sim
            .protocol_named(chimney_im::driver_entry::PROTOCOL_NAME)
            .expect("registered");
        im_harness::unbind_im(&sim);
        assert!(sim.live_allocations().is_empty());
        let before = sim.allocation_count();
        sim.fail_allocation_at(Some(n));
        sim.bind(&protocol, &system.nic_adapter);
        sim.run_until_idle();
        sim.fail_allocation_at(None);
        let reached = sim.allocation_count() >= before + n;
        if let Some(b) = im_harness::binding(&sim) {
            let _e = sim.enter();
            if b.offload.capacity() == 0 {
                // The slab failed: bound, but no chimney (EV-50), and initiates refused.
                without_chimney += 1;
                let velan = sim.adapter_named(VELAN).expect("velan");
                assert_eq!(
                    velan.tcp_connection_offload.get().map(|t| t.SupportFlags),
                    Some(0)
                );
            }
        }
        im_harness::unload_im(&sim, &system);
        assert_eq!(sim.check_leaks(), 0, "allocation {n}");
        im_harness::assert_clean(&sim);
        if !reached {
            break;
        }
        n += 1;
    }
    assert_eq!(without_chimney, 1, "exactly one point is the slab");
}

#[test]
fn a_failed_save_area_undoes_the_whole_initiate_with_resources() {
    let sim = Sim::new(84);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    // neighbor → path → [TCP1 with one NBL, TCP2 with one NBL without spare context].
    let tcp1 = node(OFFLOAD_STATE_TYPE::TcpOffloadState, 0);
    let tcp2 = node(OFFLOAD_STATE_TYPE::TcpOffloadState, 0);
    let path = node(OFFLOAD_STATE_TYPE::Ip4OffloadState, 0).with_dependents(vec![tcp1, tcp2]);
    let neighbor = node(OFFLOAD_STATE_TYPE::NeighborOffloadState, 0).with_dependents(vec![path]);
    let t = BuiltTree::build(&[neighbor], HeaderSizeStyle::BlockAndState, 0x44);
    let first = attach_sends(&sim, &t, 2, 1);
    let second = attach_sends(&sim, &t, 3, 1);
    let ctx = |n: usize| {
        // SAFETY: a simulator NBL the test allocated.
        let header = unsafe { (*(n as chimney_im::ndis::PNET_BUFFER_LIST)).Context };
        // SAFETY: its context header, set up by the simulator with the NBL.
        unsafe { &mut *header }
    };
    // No spare context: the save area needs a real allocation, which fails.
    ctx(second[0]).Offset = 0;
    sim.fail_allocation_at(Some(1));
    complete_locally(&sim, &system, Operation::Initiate, &t);
    sim.fail_allocation_at(None);
    assert!(all_status(&t, NDIS_STATUS_RESOURCES), "OP-22 step 5, OP-40");
    assert!((0..t.blocks.len()).all(|i| token(&t, i) == 0));
    let host = ch::host_binding(&system) as usize;
    assert_eq!(source(first[0]), host, "the first block's save area undone");
    assert_eq!(
        ctx(first[0]).Offset,
        ctx(first[0]).Size,
        "and its context freed"
    );
    let b = ch::im(&sim);
    assert_eq!(b.offload.live_entries().0, 0);
    assert_eq!(b.chimney.outstanding(), 0);
    ctx(second[0]).Offset = ctx(second[0]).Size;
    for n in first.into_iter().chain(second) {
        assert!(sim.free_nbl(n as _));
    }
    finish(&sim, &system);
}

/// The NIC's token for H's object `obj`: read through the IM's own entry (OP-14), not
/// from the NIC model, so a wrong translation cannot agree with itself.
fn nic_token(sim: &Sim, obj: Obj<'_>) -> usize {
    let slab = ch::im(sim).offload.slab();
    let e = slab
        .entry(token(obj.0, obj.1) as PVOID)
        .expect("a live entry for H's token (OP-14)");
    // SAFETY: the entry's handle, read while the test owns every call.
    unsafe { (*e.handle_ptr()).MiniportOffloadContext as usize }
}

/// The context each block of the held tree `root` hands the NIC (`*MOC`, OP-17 D5).
fn nic_view(root: usize) -> Vec<usize> {
    // SAFETY: a tree the NIC holds (target.hold), walked boundedly.
    unsafe { offload_tree::tree::Walk::new(root as *mut _, offload_tree::tree::Limits::DEFAULT) }
        .map_while(Result::ok)
        .map(|v| {
            // SAFETY: a block the bounded walk returned, in a tree the NIC holds.
            let slot = unsafe { (*v.block).MiniportOffloadContext };
            // SAFETY: the slot points into the IM's handle (OP-17 D5), live while held.
            unsafe { slot.read() as usize }
        })
        .collect()
}

/// OP-11: no block of the held tree `root` still carries the IM's validator mark in
/// `MiniportReserved[0]`, which is the NIC's from the downward call on.
fn assert_no_visit_marks(root: usize) {
    // SAFETY: a tree the NIC holds (target.hold), walked boundedly.
    let walk = unsafe {
        offload_tree::tree::Walk::new(root as *mut _, offload_tree::tree::Limits::DEFAULT)
    };
    for v in walk.map_while(Result::ok) {
        // SAFETY: a block the walk returned, in a tree the NIC holds.
        let mark = unsafe { (*v.block).MiniportReserved[0] };
        assert!(
            mark.is_null(),
            "the IM's visit mark reached the NIC (OP-11)"
        );
    }
}

/// An update tree that relinks `path` under `neighbor` (OP-32): both existing objects
/// with state, the neighbor as the root.
fn relink_tree(neighbor: Obj<'_>, path: Obj<'_>) -> BuiltTree {
    use offload_tree::tree::build::{NodeKind, NodeSpec};
    let object = |ty, o: Obj<'_>| {
        NodeSpec::new(
            ty,
            NodeKind::Object {
                token: token(o.0, o.1),
            },
        )
    };
    let p = object(OFFLOAD_STATE_TYPE::Ip4OffloadState, path).with_state();
    let n = object(OFFLOAD_STATE_TYPE::NeighborOffloadState, neighbor)
        .with_state()
        .with_dependents(vec![p]);
    let t = BuiltTree::build(&[n], HeaderSizeStyle::BlockAndState, 0x33);
    ch::adopt(&t, 0, neighbor);
    ch::adopt(&t, 1, path);
    t
}

#[test]
fn update_query_and_invalidate_reach_the_nic_on_its_tokens_and_leave_entries_alone() {
    let sim = Sim::new(90);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    let t2 = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t2);
    let b = ch::im(&sim);
    let host_tokens: Vec<usize> = (0..3).map(|i| token(&t, i)).collect();
    let target = testchimney::target();
    let seen = testchimney::client().completed.borrow().len();
    // One tree per operation, each naming all three objects (OP-32, OP-34, OP-36); the
    // NIC holds them all at once and fails the TCP block of the query (OP-35).
    let objects = [
        (OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2)),
        (OFFLOAD_STATE_TYPE::Ip4OffloadState, (&t, 1)),
        (OFFLOAD_STATE_TYPE::NeighborOffloadState, (&t, 0)),
    ];
    let ops = [Operation::Update, Operation::Query, Operation::Invalidate];
    let trees: Vec<BuiltTree> = ops.iter().map(|_| ch::terminate_tree(&objects)).collect();
    // Two queries of the same object in flight at once (OP-34, OP-15).
    let second_query = ch::terminate_tree(&objects[..1]);
    let befores: Vec<_> = trees.iter().map(ch::before).collect();
    let second_before = ch::before(&second_query);
    target.hold.set(true);
    for (op, tree) in ops.iter().zip(&trees) {
        *target.block_status.borrow_mut() = if *op == Operation::Query {
            vec![(0, NDIS_STATUS_FAILURE)]
        } else {
            Vec::new()
        };
        ch::issue(&sim, &system, *op, tree);
    }
    target.block_status.borrow_mut().clear();
    ch::issue(&sim, &system, Operation::Query, &second_query);
    let held = target.trees.borrow().clone();
    let mut expected_ops = ops.to_vec();
    expected_ops.push(Operation::Query);
    assert_eq!(
        held.iter().map(|h| h.0).collect::<Vec<_>>(),
        expected_ops,
        "every operation reached the NIC, in order"
    );
    let expected_view: Vec<usize> = objects.iter().map(|&(_, o)| nic_token(&sim, o)).collect();
    for (op, root) in &held[..3] {
        assert_eq!(
            nic_view(*root),
            expected_view,
            "{op:?}: the NIC sees its own tokens"
        );
        assert_no_visit_marks(*root);
    }
    assert_eq!(nic_view(held[3].1), expected_view[..1]);
    assert!(
        testchimney::client().completed.borrow()[seen..].is_empty(),
        "nothing completes to H before the NIC completes"
    );
    // The NIC completes in reverse order: each completion goes to its own request.
    target.trees.borrow_mut().reverse();
    testchimney::complete_held();
    target.hold.set(false);
    for (tree, before) in trees.iter().zip(&befores) {
        ch::assert_restored(&system, tree, before);
    }
    ch::assert_restored(&system, &second_query, &second_before);
    sim.assert_clean();
    let done = testchimney::client().completed.borrow()[seen..].to_vec();
    let mut roots: Vec<usize> = trees.iter().map(|t| t.root() as usize).collect();
    roots.push(second_query.root() as usize);
    roots.reverse();
    assert_eq!(
        done, roots,
        "one completion per request, in NIC completion order"
    );
    // Statuses pass through unchanged, per block (OP-33, OP-35, OP-37).
    assert!(all_status(&trees[0], NDIS_STATUS_SUCCESS));
    assert_eq!(status(&trees[1], 0), NDIS_STATUS_FAILURE);
    assert!((1..3).all(|i| status(&trees[1], i) == NDIS_STATUS_SUCCESS));
    assert!(all_status(&trees[2], NDIS_STATUS_SUCCESS));
    // Entries unchanged whatever the status (OP-38); H's locations not written (OP-32).
    assert_eq!(b.offload.live_entries().0, 6);
    assert_eq!(
        (0..3).map(|i| token(&t, i)).collect::<Vec<_>>(),
        host_tokens
    );
    assert_eq!(b.chimney.outstanding(), 0);
    // A relink: t's path moves under t2's neighbor (OP-32). No IM bookkeeping changes.
    let relink = relink_tree((&t2, 0), (&t, 1));
    relay(&sim, &system, Operation::Update, &relink);
    assert!(all_status(&relink, NDIS_STATUS_SUCCESS));
    assert_eq!(b.offload.live_entries().0, 6);
    // The invalidated objects live until H terminates them (OP-36).
    terminate(&sim, &system, &objects);
    terminate_connection(&sim, &system, &t2);
    assert_eq!(b.offload.live_entries().0, 0);
    finish(&sim, &system);
}

#[test]
fn update_query_and_invalidate_on_unknown_or_terminated_objects_fail_locally() {
    let sim = Sim::new(91);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    let dead = token(&t, 2);
    terminate(
        &sim,
        &system,
        &[(OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2))],
    );
    let target = testchimney::target();
    let reached = target.trees.borrow().len();
    let b = ch::im(&sim);
    let unknown_before = b
        .offload
        .stats
        .malformed
        .load(std::sync::atomic::Ordering::Relaxed);
    let mut refused = 0_u64;
    for op in [Operation::Update, Operation::Query, Operation::Invalidate] {
        // A terminated object's token (stale), a token the IM never issued, and a
        // null context: each fails the OP-14 check and completes here (OP-42a).
        for bad in [dead, 0x4444_4440, 0] {
            let tree = ch::terminate_tree_tokens(&[(OFFLOAD_STATE_TYPE::TcpOffloadState, bad)]);
            complete_locally(&sim, &system, op, &tree);
            assert_eq!(status(&tree, 0), NDIS_STATUS_FAILURE, "{op:?} on {bad:#x}");
            refused += 1;
        }
    }
    // A bad block before a good one: every block fails, the good one too, so H never
    // reads a block it wrote as SUCCESS for state nobody wrote (OP-42a, as extended).
    let path = token(&t, 1);
    let tree = ch::terminate_tree_tokens(&[
        (OFFLOAD_STATE_TYPE::TcpOffloadState, 0x4444_4440),
        (OFFLOAD_STATE_TYPE::Ip4OffloadState, path),
    ]);
    assert_eq!(status(&tree, 1), NDIS_STATUS_SUCCESS, "as H built it");
    complete_locally(&sim, &system, Operation::Terminate, &tree);
    assert_eq!(status(&tree, 0), NDIS_STATUS_FAILURE);
    assert_eq!(
        status(&tree, 1),
        NDIS_STATUS_FAILURE,
        "past the bad block too"
    );
    refused += 1;
    assert_eq!(
        target.trees.borrow().len(),
        reached,
        "nothing bad reached the NIC"
    );
    let unknown = b
        .offload
        .stats
        .malformed
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        unknown - unknown_before,
        refused,
        "each refusal counted (OP-42a: an unknown context is a malformed tree)"
    );
    assert_eq!(
        b.offload.live_entries().0,
        2,
        "the live objects are untouched"
    );
    terminate_path_and_neighbor(&sim, &system, &t);
    finish(&sim, &system);
}

/// The terminate tree for every object of connection `t`, dependents first.
fn terminate_all(t: &BuiltTree) -> BuiltTree {
    ch::terminate_tree(&[
        (OFFLOAD_STATE_TYPE::TcpOffloadState, (t, 2)),
        (OFFLOAD_STATE_TYPE::Ip4OffloadState, (t, 1)),
        (OFFLOAD_STATE_TYPE::NeighborOffloadState, (t, 0)),
    ])
}

/// Index of the first `code` in `statuses` at or after `from`.
fn position(statuses: &[NDIS_STATUS], from: usize, code: NDIS_STATUS) -> Option<usize> {
    statuses[from..]
        .iter()
        .position(|&s| s == code)
        .map(|i| i + from)
}

/// Ticks (100 ns) of the IM's drain budget (LC-29).
const BUDGET_TICKS: u64 = chimney_im::binding::DRAIN_BUDGET_MS as u64 * 10_000;

#[test]
fn unbind_with_live_connections_asks_the_host_to_upload_all_and_waits_for_it() {
    use std::cell::Cell;
    use std::rc::Rc;
    let sim = Sim::new(93);
    let system = ch::setup(&sim, Some(100));
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    let host = system.host.binding(0);
    let seen = host.statuses.borrow().len();
    // The host answers UPLOAD_ALL the way the stack does: it terminates everything it
    // offloaded, and (still draining) an initiate is refused (OP-41).
    let terminate = terminate_all(&t);
    let late = connection(None, None);
    let binding = ch::host_binding(&system) as usize;
    let (term_root, late_root) = (terminate.root() as usize, late.root() as usize);
    let answered = Rc::new(Cell::new(false));
    let host_seen = host.clone();
    let flag = answered.clone();
    sim.schedule(10_000, move |_| {
        let statuses = host_seen.statuses.borrow().clone();
        if position(&statuses, seen, NDIS_STATUS_UPLOAD_ALL).is_none() {
            return; // no UPLOAD_ALL yet: the host has nothing to answer
        }
        flag.set(true);
        let h = binding as chimney_im::ndis::NDIS_HANDLE;
        // SAFETY: the host's own trees on its own binding.
        unsafe { SimNdis::ndis_initiate_offload(h, late_root as _) };
        // SAFETY: as above.
        unsafe { SimNdis::ndis_terminate_offload(h, term_root as _) };
    });
    let start = sim.now();
    im_harness::unbind_im(&sim);
    assert!(
        answered.get(),
        "the host saw UPLOAD_ALL while the unbind waited"
    );
    let statuses = host.statuses.borrow().clone();
    let pause = position(&statuses, seen, NDIS_STATUS_OFFLOAD_PAUSE).expect("OFFLOAD_PAUSE");
    let upload = position(&statuses, seen, NDIS_STATUS_UPLOAD_ALL).expect("UPLOAD_ALL");
    assert!(pause < upload, "pause before upload-all (EV-30 steps 2, 3)");
    assert!(
        all_status(&terminate, NDIS_STATUS_SUCCESS),
        "relayed while draining"
    );
    assert!(
        all_status(&late, NDIS_STATUS_FAILURE),
        "initiate refused (OP-41)"
    );
    let done = testchimney::client().completed.borrow().clone();
    assert!(done.contains(&term_root) && done.contains(&late_root));
    assert!(
        sim.now() - start < BUDGET_TICKS,
        "the unbind went on when the last entry was freed, not at the budget"
    );
    assert!(im_harness::binding(&sim).is_none(), "unbound");
    finish(&sim, &system);
}

#[test]
fn an_unbind_the_host_never_answers_ends_at_the_drain_budget() {
    let sim = Sim::new(94);
    let system = ch::setup(&sim, Some(100));
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    let host = system.host.binding(0);
    let seen = host.statuses.borrow().len();
    let start = sim.now();
    im_harness::unbind_im(&sim);
    let statuses = host.statuses.borrow().clone();
    assert!(position(&statuses, seen, NDIS_STATUS_UPLOAD_ALL).is_some());
    assert!(
        sim.now() - start >= BUDGET_TICKS,
        "the unbind waited the whole budget for the entries (OP-43)"
    );
    assert!(
        im_harness::binding(&sim).is_none(),
        "bounded: unbound anyway (LC-29)"
    );
    finish(&sim, &system);
}

#[test]
fn an_unbind_with_nothing_offloaded_indicates_no_upload() {
    let sim = Sim::new(95);
    let system = ch::setup(&sim, Some(100));
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    let done = terminate_all(&t);
    relay(&sim, &system, Operation::Terminate, &done);
    let host = system.host.binding(0);
    let seen = host.statuses.borrow().len();
    im_harness::unbind_im(&sim);
    let statuses = host.statuses.borrow().clone();
    assert_eq!(position(&statuses, seen, NDIS_STATUS_UPLOAD_ALL), None);
    assert_eq!(position(&statuses, seen, NDIS_STATUS_OFFLOAD_PAUSE), None);
    finish(&sim, &system);
}

/// The NIC indicates `code` with `buffer` on its own miniport handle.
fn nic_status(system: &im_harness::ImSystem, code: NDIS_STATUS, buffer: &mut [u8]) {
    let mut ind = chimney_im::ndis::NDIS_STATUS_INDICATION {
        Header: NDIS_OBJECT_HEADER::new(
            chimney_im::ndis::NDIS_OBJECT_TYPE_STATUS_INDICATION,
            chimney_im::ndis::NDIS_STATUS_INDICATION_REVISION_1,
            chimney_im::ndis::NDIS_SIZEOF_STATUS_INDICATION_REVISION_1,
        ),
        SourceHandle: system.nic0.handle.get(),
        StatusCode: code,
        StatusBuffer: if buffer.is_empty() {
            std::ptr::null_mut()
        } else {
            buffer.as_mut_ptr().cast()
        },
        StatusBufferSize: buffer.len() as u32,
        ..Default::default()
    };
    // SAFETY: the NIC indicates status on its own miniport handle; the buffer lives
    // for the call.
    unsafe { SimNdis::ndis_m_indicate_status_ex(system.nic0.handle.get(), &raw mut ind) };
}

/// The bytes of `v`.
fn bytes_of(v: &NDIS_TCP_CONNECTION_OFFLOAD) -> Vec<u8> {
    // SAFETY: a plain repr(C) structure read as its bytes.
    unsafe {
        std::slice::from_raw_parts(
            (&raw const *v).cast::<u8>(),
            size_of::<NDIS_TCP_CONNECTION_OFFLOAD>(),
        )
    }
    .to_vec()
}

/// The last OFFLOAD_RESUME the host got, as the structure it carried.
fn last_resume(host: &ndis_sim::testdrivers::TestBinding) -> NDIS_TCP_CONNECTION_OFFLOAD {
    let statuses = host.statuses.borrow();
    let i = statuses
        .iter()
        .rposition(|&s| s == NDIS_STATUS_OFFLOAD_RESUME)
        .expect("a resume reached the host");
    let buf = host.status_buffers.borrow()[i].clone();
    assert_eq!(
        buf.len(),
        size_of::<NDIS_TCP_CONNECTION_OFFLOAD>(),
        "EV-14 buffer"
    );
    // SAFETY: the buffer holds exactly one structure (length checked).
    unsafe {
        buf.as_ptr()
            .cast::<NDIS_TCP_CONNECTION_OFFLOAD>()
            .read_unaligned()
    }
}

#[test]
fn offload_pause_relays_and_resume_carries_the_ims_own_capabilities() {
    let sim = Sim::new(96);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let host = system.host.binding(0);
    let velan = sim.adapter_named(VELAN).expect("velan");
    let at_init = velan.tcp_connection_offload.get().expect("EV-50");
    let slab = ch::im(&sim).offload.capacity() as u32;
    // EV-12: the NIC's pause reaches the host as it is.
    nic_status(&system, NDIS_STATUS_OFFLOAD_PAUSE, &mut []);
    assert_eq!(
        host.statuses.borrow().last(),
        Some(&NDIS_STATUS_OFFLOAD_PAUSE)
    );
    // EV-14: the NIC resumes with a smaller capacity: the host gets it, in the IM's own
    // structure (the NIC's Support* bits, the IM's header).
    let smaller = ch::nic_capability(7);
    nic_status(&system, NDIS_STATUS_OFFLOAD_RESUME, &mut bytes_of(&smaller));
    let r = last_resume(&host);
    assert_eq!(r.TcpConnectionOffloadCapacity, 7);
    assert_eq!(r.SupportFlags, ch::SUPPORT_IPV4_IPV6);
    assert_eq!(r.Header.Type, NDIS_OBJECT_TYPE_DEFAULT);
    // A larger capacity than the offload table holds is clamped (EV-51), never passed up.
    nic_status(
        &system,
        NDIS_STATUS_OFFLOAD_RESUME,
        &mut bytes_of(&ch::nic_capability(1_000_000)),
    );
    let r = last_resume(&host);
    assert!(r.TcpConnectionOffloadCapacity >= at_init.TcpConnectionOffloadCapacity);
    assert!(r.TcpConnectionOffloadCapacity <= slab);
    // A malformed buffer (short, then a wrong header type) is counted; the host gets the
    // last good capabilities, not the NIC's bytes.
    let seen = host.statuses.borrow().len();
    nic_status(&system, NDIS_STATUS_OFFLOAD_RESUME, &mut [0xEE; 8]);
    let mut wrong = ch::nic_capability(3);
    wrong.Header.Type = 0xA7;
    nic_status(&system, NDIS_STATUS_OFFLOAD_RESUME, &mut bytes_of(&wrong));
    assert_eq!(host.statuses.borrow().len(), seen + 2, "both relayed");
    let again = last_resume(&host);
    assert_eq!(
        again.TcpConnectionOffloadCapacity,
        r.TcpConnectionOffloadCapacity
    );
    let bad = ch::im(&sim)
        .offload
        .stats
        .bad_resume_buffers
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(bad, 2);
    sim.assert_clean();
    finish(&sim, &system);
}

#[test]
fn an_entry_outlives_a_terminate_that_completes_before_a_query_on_it() {
    // OP-45. H breaks OP-31 here (a query still in flight when it terminates), but the
    // IM must still restore H's tree: the entry lives until the last call releases it.
    let sim = Sim::new(97);
    let system = ch::setup(&sim, Some(100));
    let _e = sim.enter();
    let t = connection(None, None);
    relay(&sim, &system, Operation::Initiate, &t);
    let b = ch::im(&sim);
    let target = testchimney::target();
    target.hold.set(true);
    let tcp = [(OFFLOAD_STATE_TYPE::TcpOffloadState, (&t, 2))];
    let query = ch::terminate_tree(&tcp);
    let term = ch::terminate_tree(&tcp);
    let (query_before, term_before) = (ch::before(&query), ch::before(&term));
    ch::issue(&sim, &system, Operation::Query, &query);
    ch::issue(&sim, &system, Operation::Terminate, &term);
    assert_eq!(target.trees.borrow().len(), 2, "both reached the NIC");
    // The NIC completes the terminate first.
    target.trees.borrow_mut().reverse();
    let terminate_first = target.trees.borrow()[0];
    assert_eq!(terminate_first.0, Operation::Terminate);
    {
        let held = target.trees.borrow().clone();
        target.trees.borrow_mut().clear();
        for (op, root) in held {
            target.trees.borrow_mut().push((op, root));
            testchimney::complete_held();
            if op == Operation::Terminate {
                assert!(all_status(&term, NDIS_STATUS_SUCCESS));
                assert_eq!(
                    b.offload.live_entries().0,
                    3,
                    "the query still names the TCP entry: not freed yet"
                );
                // A new call on the terminated object is refused (OP-42a).
                let late = ch::terminate_tree(&tcp);
                complete_locally(&sim, &system, Operation::Query, &late);
                assert_eq!(status(&late, 0), NDIS_STATUS_FAILURE);
            }
        }
    }
    target.hold.set(false);
    ch::assert_restored(&system, &query, &query_before);
    ch::assert_restored(&system, &term, &term_before);
    assert_eq!(
        b.offload.live_entries().0,
        2,
        "freed with the query's release"
    );
    assert_eq!(
        b.entries.outstanding(),
        2,
        "the unbind drain counts the same"
    );
    sim.assert_clean();
    terminate_path_and_neighbor(&sim, &system, &t);
    finish(&sim, &system);
}
