//! Chimney routing tests: the five state operations reach the target with NDIS's OP-9
//! rewrites and complete to the caller by the root's SourceHandle (OP-10); offloaded
//! I/O carries the context value and completes by NBL SourceHandle (DP-4..DP-6);
//! receive indications and events reach the client with its own handle (DP-5).

use chimney_im::platform::Ndis;
use ndis_sim::testchimney::{self, new_client, new_target};
use ndis_sim::testdrivers::{TestMiniport, TestProtocol};
use ndis_sim::{Rule, Sim, SimNdis};
use offload_tree::abi::*;
use offload_tree::tree::build::{BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec};
use offload_tree::tree::{Operation, context_slot_of};

fn system(chimney_target: bool) -> (Sim, &'static TestProtocol) {
    let sim = Sim::new(21);
    sim.allow_binding("host", "nic0");
    new_target();
    new_client();
    let mp = if chimney_target {
        TestMiniport::register_chimney(&sim)
    } else {
        TestMiniport::register(&sim)
    };
    let _ = mp.add_adapter(&sim, "nic0");
    let host = TestProtocol::register_chimney(&sim, "host");
    sim.run_until_idle();
    (sim, host)
}

/// neighbor (new) → placeholder path → TCP (new).
fn tree() -> BuiltTree {
    let tcp = NodeSpec::new(
        OFFLOAD_STATE_TYPE::TcpOffloadState,
        NodeKind::Object { token: 0 },
    )
    .with_state();
    let path = NodeSpec::new(OFFLOAD_STATE_TYPE::Ip4OffloadState, NodeKind::Placeholder)
        .with_dependents(vec![tcp]);
    let neighbor = NodeSpec::new(
        OFFLOAD_STATE_TYPE::NeighborOffloadState,
        NodeKind::Object { token: 0 },
    )
    .with_state()
    .with_dependents(vec![path]);
    BuiltTree::build(&[neighbor], HeaderSizeStyle::BlockAndState, 0x5A)
}

/// A chimney system with [`tree`] initiated by the host (completed inline by the
/// target): the system, the host's binding handle and the tree.
fn offloaded() -> (Sim, NDIS_HANDLE, BuiltTree) {
    let (sim, host) = system(true);
    let binding = host.binding(0).handle.get();
    let t = tree();
    {
        let _e = sim.enter();
        // SAFETY: the host's tree on its own binding.
        unsafe { SimNdis::ndis_initiate_offload(binding, t.root().cast()) };
    }
    (sim, binding, t)
}

fn block(b: *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) -> NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
    // SAFETY: a block of a tree this test owns.
    unsafe { b.read() }
}

fn nbl_source(n: *mut chimney_im::ndis::NET_BUFFER_LIST) -> NDIS_HANDLE {
    // SAFETY: a simulator NBL this test owns.
    unsafe { (*n).SourceHandle }
}

fn handle_ptr(t: &BuiltTree, i: usize) -> PNDIS_OFFLOAD_HANDLE {
    (&raw const t.handles[i]).cast_mut()
}

#[test]
fn initiate_reaches_the_target_rewritten_and_completes_to_the_caller() {
    let (sim, host) = system(true);
    let binding = host.binding(0).handle.get();
    let t = tree();
    let root = t.root();
    let _e = sim.enter();
    testchimney::target().hold.set(true);
    // SAFETY: the host's tree on its own binding.
    unsafe { SimNdis::ndis_initiate_offload(binding, root.cast()) };
    let held = testchimney::target().trees.borrow().clone();
    assert_eq!(
        held,
        [(Operation::Initiate, root as usize)],
        "the same memory, not a copy (OP-6)"
    );
    let (source, slot0, slot1, slot2) = (
        block(root).SourceHandle,
        block(t.block(0)).MiniportOffloadContext,
        block(t.block(1)).MiniportOffloadContext,
        block(t.block(2)).MiniportOffloadContext,
    );
    assert_eq!(
        source, binding,
        "root stamped with the binding (OP-9 step 1)"
    );
    assert_eq!(
        slot0,
        context_slot_of(handle_ptr(&t, 0)),
        "context slot = &handle->MiniportOffloadContext"
    );
    assert!(slot1.is_null(), "placeholder context slot NULL");
    assert_eq!(slot2, context_slot_of(handle_ptr(&t, 2)));
    assert_eq!(
        t.handles[0].NdisReserved[0], binding,
        "handle bound to the binding (OP-9)"
    );
    assert!(testchimney::client().completed.borrow().is_empty());
    testchimney::complete_held();
    assert_eq!(
        testchimney::client().completed.borrow().as_slice(),
        [root as usize]
    );
    assert!(
        !t.handles[0].MiniportOffloadContext.is_null(),
        "the target wrote its context"
    );
    assert!(
        t.handles[1].MiniportOffloadContext.is_null(),
        "not for the placeholder"
    );
    sim.assert_clean();
}

#[test]
fn every_operation_routes_and_completes_once() {
    let (sim, host) = system(true);
    let binding = host.binding(0).handle.get();
    let t = tree();
    let _e = sim.enter();
    // SAFETY: the host's tree on its own binding, one operation at a time.
    unsafe { SimNdis::ndis_initiate_offload(binding, t.root().cast()) };
    // SAFETY: as above.
    unsafe { SimNdis::ndis_query_offload_state(binding, t.root().cast()) };
    // SAFETY: as above.
    unsafe { SimNdis::ndis_update_offload(binding, t.root().cast()) };
    // SAFETY: as above.
    unsafe { SimNdis::ndis_invalidate_offload(binding, t.root().cast()) };
    // SAFETY: as above.
    unsafe { SimNdis::ndis_terminate_offload(binding, t.root().cast()) };
    assert_eq!(testchimney::client().completed.borrow().len(), 5);
    assert_eq!(sim.chimney_outstanding().0, 0);
    sim.assert_clean();
}

#[test]
fn a_target_without_handlers_fails_every_block_inline() {
    let (sim, host) = system(false);
    let binding = host.binding(0).handle.get();
    let t = tree();
    let _e = sim.enter();
    // SAFETY: the host's tree on its own binding.
    unsafe { SimNdis::ndis_initiate_offload(binding, t.root().cast()) };
    assert_eq!(
        testchimney::client().completed.borrow().len(),
        1,
        "completed before the call returned"
    );
    for &b in &t.blocks {
        assert_eq!(block(b).Status, NDIS_STATUS_NOT_SUPPORTED, "OP-9 step 4");
    }
    sim.assert_clean();
}

#[test]
fn completing_a_tree_twice_is_a_violation() {
    let (sim, host) = system(true);
    let binding = host.binding(0).handle.get();
    let t = tree();
    let _e = sim.enter();
    testchimney::target().double_complete.set(true);
    // SAFETY: the host's tree on its own binding.
    unsafe { SimNdis::ndis_initiate_offload(binding, t.root().cast()) };
    let rules: Vec<Rule> = sim.take_violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(rules, [Rule::OffloadNotOutstanding]);
}

#[test]
fn a_changed_caller_field_is_caught() {
    let (sim, host) = system(true);
    let binding = host.binding(0).handle.get();
    let t = tree();
    let _e = sim.enter();
    testchimney::target().hold.set(true);
    // SAFETY: the host's tree on its own binding.
    unsafe { SimNdis::ndis_initiate_offload(binding, t.root().cast()) };
    // A broken lower driver scribbles on the caller's ProtocolReserved.
    // SAFETY: owned tree.
    unsafe { (*t.block(2)).ProtocolReserved[1] = std::ptr::null_mut() };
    testchimney::complete_held();
    let rules: Vec<Rule> = sim.take_violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(rules, [Rule::Canary]);
}

#[test]
fn offloaded_io_carries_the_context_value_and_completes_by_source_handle() {
    let (sim, binding, t) = offloaded();
    let _e = sim.enter();
    let tcp_handle = handle_ptr(&t, 2);
    let token = t.handles[2].MiniportOffloadContext;
    let a = sim.alloc_nbl(b"segment-1");
    let b = sim.alloc_nbl(b"segment-2");
    let chain = ndis_sim::nbl::link_public(&[a, b]);
    // SAFETY: the host's handle and its chain.
    let status = unsafe { SimNdis::ndis_offload_tcp_send(tcp_handle, chain) };
    assert_eq!(status, NDIS_STATUS_PENDING);
    assert_eq!(
        testchimney::target().io.borrow().as_slice(),
        [(token as usize, a as usize)],
        "DP-4: the value, not the slot"
    );
    assert_eq!((nbl_source(a), nbl_source(b)), (binding, binding));
    testchimney::complete_io(NDIS_STATUS_SUCCESS);
    assert_eq!(
        testchimney::client().io_done.borrow().as_slice(),
        [a as usize, b as usize]
    );
    sim.assert_clean();
}

#[test]
fn receive_indications_and_events_reach_the_client_with_its_handle() {
    let (sim, binding, t) = offloaded();
    let _e = sim.enter();
    let tcp_handle = handle_ptr(&t, 2);
    let up = testchimney::target().upcalls.get().expect("upcall table");
    let nbl = sim.alloc_nbl(b"payload");
    let mut consumed = 7u32;
    let receive = up.NdisTcpOffloadReceiveHandler.expect("receive upcall");
    // SAFETY: NDIS's upcall, called as the target would with the handle it was given.
    let r = unsafe {
        receive(
            tcp_handle.cast(),
            nbl.cast(),
            NDIS_STATUS_SUCCESS,
            &raw mut consumed,
        )
    };
    assert_eq!(r, NDIS_STATUS_SUCCESS);
    assert_eq!(
        testchimney::client().received.borrow().as_slice(),
        [(tcp_handle as usize, nbl as usize)]
    );
    // The accepted NBL goes back with a receive return, exactly once.
    // SAFETY: the host returns what it accepted.
    unsafe { SimNdis::ndis_offload_tcp_receive_return(binding, nbl) };
    let event = up.NdisTcpOffloadEventHandler.expect("event upcall");
    // SAFETY: as above.
    unsafe {
        event(
            tcp_handle.cast(),
            TCP_OFFLOAD_EVENT_TYPE::TcpIndicateDisconnect.0 as u32,
            0,
        );
    }
    assert_eq!(
        testchimney::client().events.borrow().as_slice(),
        [(tcp_handle as usize, 2, 0)]
    );
    sim.assert_clean();
    // SAFETY: a second return of the same NBL.
    unsafe { SimNdis::ndis_offload_tcp_receive_return(binding, nbl) };
    let rules: Vec<Rule> = sim.take_violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(rules, [Rule::NblNotOutstanding]);
}

#[test]
fn optional_handlers_are_accepted_only_on_the_right_handle() {
    let (sim, host) = system(true);
    let _e = sim.enter();
    let mut t = NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
            1,
            0,
        ),
        ..Default::default()
    };
    // A provider table on a protocol handle (ST-8.1).
    // SAFETY: a table valid for the call.
    let s = unsafe { SimNdis::ndis_set_optional_handlers(host.handle.get(), (&raw mut t).cast()) };
    assert_eq!(s, NDIS_STATUS_NOT_SUPPORTED);
    let rules: Vec<Rule> = sim.take_violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(rules, [Rule::Registration]);
}

#[test]
fn a_target_touching_the_senders_nbl_field_is_caught() {
    let (sim, _, t) = offloaded();
    let _e = sim.enter();
    let n = sim.alloc_nbl(b"data");
    // SAFETY: the host's handle and NBL.
    unsafe { SimNdis::ndis_offload_tcp_send(handle_ptr(&t, 2), n) };
    // SAFETY: a broken target scribbles on ProtocolReserved (DP-7) before completing.
    unsafe { (*n).ProtocolReserved.0[3] = std::ptr::null_mut() };
    testchimney::complete_io(NDIS_STATUS_SUCCESS);
    let rules: Vec<Rule> = sim.take_violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(rules, [Rule::Canary]);
}
