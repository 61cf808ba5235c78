//! Routing tests: every ordinary call kind goes to the right driver with the right
//! context, in the simulated NDIS, between the test protocol and the test miniport.

use chimney_im::ndis::*;
use chimney_im::platform::Ndis;
use ndis_sim::Sim;
use ndis_sim::SimNdis;
use ndis_sim::objects::{AdapterState, OpenState};
use ndis_sim::testdrivers::{SendMode, TestMiniport, TestProtocol};
use offload_tree::abi::NDIS_STATUS_SUCCESS;

fn system() -> (Sim, &'static TestMiniport, &'static TestProtocol) {
    let sim = Sim::new(7);
    sim.allow_binding("proto", "nic0");
    let mp = TestMiniport::register(&sim);
    let _ = mp.add_adapter(&sim, "nic0");
    let proto = TestProtocol::register(&sim, "proto");
    sim.run_until_idle();
    (sim, mp, proto)
}

#[test]
fn registration_initialize_bind_and_restart() {
    let (sim, mp, proto) = system();
    let adapter = sim.adapter_named("nic0").unwrap();
    assert_eq!(adapter.state.get(), AdapterState::Running);
    let b = proto.binding(0);
    assert_eq!(
        b.pnp.borrow().as_slice(),
        [NET_PNP_EVENT_CODE::NetEventRestart],
        "a new binding is restarted"
    );
    let opens = sim.opens_of(&sim.protocol_named("proto").unwrap());
    assert_eq!(opens.len(), 1);
    assert_eq!(opens[0].state.get(), OpenState::Running);
    assert!(!mp.adapters.borrow()[0].handle.get().is_null());
    sim.assert_clean();
}

#[test]
fn sends_reach_the_miniport_and_complete_to_the_sender_in_order() {
    for mode in [SendMode::Inline, SendMode::Delayed(100)] {
        let (sim, mp, proto) = system();
        let a = mp.adapters.borrow()[0].clone();
        a.send_mode.set(mode);
        let b = proto.binding(0);
        proto.send(&sim, &b, &[b"one", b"two", b"three"]);
        sim.run_until_idle();
        assert_eq!(
            a.sent.borrow().as_slice(),
            [b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]
        );
        let done = b.completed.borrow().clone();
        assert_eq!(
            done.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
            a.sent.borrow().clone()
        );
        assert!(done.iter().all(|(_, s)| *s == NDIS_STATUS_SUCCESS));
        sim.assert_clean();
    }
}

#[test]
fn receives_reach_the_protocol_and_come_back_to_the_miniport() {
    let (sim, mp, proto) = system();
    let a = mp.adapters.borrow()[0].clone();
    let b = proto.binding(0);
    let _e = sim.enter();
    let nbls = a.indicate(&sim, &[b"r1", b"r2"], 0);
    assert_eq!(
        b.received.borrow().as_slice(),
        [b"r1".to_vec(), b"r2".to_vec()]
    );
    assert_eq!(
        a.returned.borrow().as_slice(),
        nbls.as_slice(),
        "returned to the indicating miniport"
    );
    // Held receives come back only when the protocol returns them.
    b.hold_receives.set(true);
    let held = a.indicate(&sim, &[b"r3"], 0);
    assert_eq!(a.returned.borrow().len(), 2);
    proto.return_held(&sim, &b);
    assert_eq!(a.returned.borrow().last(), held.last());
    // With RESOURCES the miniport keeps ownership; nothing is returned.
    a.indicate(&sim, &[b"r4"], NDIS_RECEIVE_FLAGS_RESOURCES);
    assert_eq!(b.received.borrow().len(), 4);
    sim.assert_clean();
}

#[test]
fn oids_complete_inline_or_later_to_the_requesting_binding() {
    let (sim, mp, proto) = system();
    let a = mp.adapters.borrow()[0].clone();
    let b = proto.binding(0);
    assert_eq!(proto.oid(&sim, &b, 0x0001_0101), NDIS_STATUS_SUCCESS);
    a.oid_delay.set(500);
    assert_eq!(
        proto.oid(&sim, &b, 0x0001_0102),
        offload_tree::abi::NDIS_STATUS_PENDING
    );
    assert_eq!(b.oid_done.borrow().len(), 1);
    sim.run_until_idle();
    assert_eq!(
        b.oid_done.borrow().as_slice(),
        [(0x0001_0101, 0), (0x0001_0102, 0)]
    );
    assert_eq!(a.oids.borrow().as_slice(), [0x0001_0101, 0x0001_0102]);
    sim.assert_clean();
}

#[test]
fn status_indications_reach_every_binding() {
    let sim = Sim::new(3);
    sim.allow_binding("*", "nic0");
    let mp = TestMiniport::register(&sim);
    let (adapter, a) = mp.add_adapter(&sim, "nic0");
    let p1 = TestProtocol::register(&sim, "p1");
    let p2 = TestProtocol::register(&sim, "p2");
    sim.run_until_idle();
    let _e = sim.enter();
    let mut ind = NDIS_STATUS_INDICATION {
        SourceHandle: a.handle.get(),
        StatusCode: NDIS_STATUS_LINK_STATE,
        ..Default::default()
    };
    // SAFETY: an indication from the adapter's own handle.
    unsafe { SimNdis::ndis_m_indicate_status_ex(a.handle.get(), &raw mut ind) };
    assert_eq!(
        p1.binding(0).statuses.borrow().as_slice(),
        [NDIS_STATUS_LINK_STATE]
    );
    assert_eq!(
        p2.binding(0).statuses.borrow().as_slice(),
        [NDIS_STATUS_LINK_STATE]
    );
    assert_eq!(adapter.opens.borrow().len(), 2);
    sim.assert_clean();
}

#[test]
fn pause_and_restart_go_protocols_first_then_miniport() {
    let (sim, mp, proto) = system();
    let adapter = sim.adapter_named("nic0").unwrap();
    let a = mp.adapters.borrow()[0].clone();
    a.pause_delay.set(Some(1000));
    sim.pause_adapter(&adapter);
    assert_eq!(
        adapter.state.get(),
        AdapterState::Pausing,
        "the miniport pended its pause"
    );
    sim.run_until_idle();
    assert_eq!(adapter.state.get(), AdapterState::Paused);
    let b = proto.binding(0);
    assert_eq!(
        b.pnp.borrow().last(),
        Some(&NET_PNP_EVENT_CODE::NetEventPause)
    );
    sim.restart_adapter(&adapter);
    assert_eq!(adapter.state.get(), AdapterState::Running);
    assert_eq!(
        b.pnp.borrow().last(),
        Some(&NET_PNP_EVENT_CODE::NetEventRestart)
    );
    sim.assert_clean();
}

#[test]
fn unbind_and_halt_leave_nothing_behind() {
    let (sim, mp, proto) = system();
    let adapter = sim.adapter_named("nic0").unwrap();
    let b = proto.binding(0);
    proto.send(&sim, &b, &[b"x"]);
    sim.run_until_idle();
    sim.halt_adapter(&adapter, NDIS_HALT_ACTION::NdisHaltDeviceDisabled);
    assert_eq!(adapter.state.get(), AdapterState::Halted);
    assert!(
        sim.opens_of(&sim.protocol_named("proto").unwrap())
            .iter()
            .all(|o| o.state.get() == OpenState::Closed)
    );
    assert_eq!(sim.check_leaks(), 0);
    let _ = mp;
    sim.assert_clean();
}

#[test]
fn nbl_context_space_is_used_before_memory() {
    let (sim, _mp, _proto) = system();
    let _e = sim.enter();
    let nbl = sim.alloc_nbl(b"ctx");
    let before = sim.allocation_count();
    // SAFETY: a simulator NBL; 64 bytes fit in its spare context area.
    let s = unsafe { SimNdis::ndis_allocate_net_buffer_list_context(nbl, 64, 0, 0) };
    assert_eq!(
        (s, sim.allocation_count()),
        (NDIS_STATUS_SUCCESS, before),
        "no allocation"
    );
    // SAFETY: as above; 512 bytes do not fit: a real allocation.
    let s = unsafe { SimNdis::ndis_allocate_net_buffer_list_context(nbl, 512, 0, 0) };
    assert_eq!(
        (s, sim.allocation_count()),
        (NDIS_STATUS_SUCCESS, before + 1)
    );
    // SAFETY: frees both, innermost first.
    unsafe { SimNdis::ndis_free_net_buffer_list_context(nbl, 512) };
    // SAFETY: as above.
    unsafe { SimNdis::ndis_free_net_buffer_list_context(nbl, 64) };
    assert!(sim.free_nbl(nbl));
    let adapter = sim.adapter_named("nic0").unwrap();
    sim.halt_adapter(&adapter, NDIS_HALT_ACTION::NdisHaltDeviceDisabled);
    assert_eq!(sim.check_leaks(), 0);
    sim.assert_clean();
}

#[test]
fn configuration_reads_see_the_adapter_keywords() {
    let (sim, mp, _proto) = system();
    let adapter = sim.adapter_named("nic0").unwrap();
    adapter
        .config
        .borrow_mut()
        .insert("*TCPConnectionOffloadIPv4".into(), 1);
    let a = mp.adapters.borrow()[0].clone();
    let _e = sim.enter();
    let mut object = NDIS_CONFIGURATION_OBJECT {
        NdisHandle: a.handle.get(),
        ..Default::default()
    };
    let mut handle = std::ptr::null_mut();
    // SAFETY: the adapter's own handle, out slots on this frame.
    let s = unsafe { SimNdis::ndis_open_configuration_ex(&raw mut object, &raw mut handle) };
    assert_eq!(s, NDIS_STATUS_SUCCESS);
    let read = |name: &str| {
        let mut units: Vec<u16> = name.encode_utf16().collect();
        let len = (units.len() * 2) as u16;
        let mut key = NDIS_STRING {
            Length: len,
            MaximumLength: len,
            Buffer: units.as_mut_ptr(),
        };
        let (mut status, mut value) = (0, std::ptr::null_mut());
        // SAFETY: an open configuration handle, a keyword and out slots on this frame.
        unsafe {
            SimNdis::ndis_read_configuration(
                &raw mut status,
                &raw mut value,
                handle,
                &raw mut key,
                NDIS_PARAMETER_TYPE::NdisParameterInteger,
            );
        }
        if status != NDIS_STATUS_SUCCESS {
            return None;
        }
        // SAFETY: on success NDIS returns a parameter valid until the handle closes.
        let parameter = unsafe { value.read() };
        // SAFETY: an integer parameter was asked for.
        Some(unsafe { parameter.ParameterData.IntegerData })
    };
    assert_eq!(read("*TCPConnectionOffloadIPv4"), Some(1));
    assert_eq!(read("*TCPConnectionOffloadIPv6"), None);
    // SAFETY: the handle opened above.
    unsafe { SimNdis::ndis_close_configuration(handle) };
    sim.assert_clean();
}

#[test]
fn work_items_run_at_passive_level_from_the_queue() {
    use std::cell::Cell;
    thread_local! { static RAN: Cell<(u32, u8)> = const { Cell::new((0, 9)) }; }
    unsafe extern "system" fn work(
        ctx: offload_tree::abi::PVOID,
        _item: offload_tree::abi::NDIS_HANDLE,
    ) {
        let irql = ndis_sim::current().irql();
        RAN.with(|r| r.set((ctx as u32, irql)));
    }
    let (sim, mp, _proto) = system();
    let a = mp.adapters.borrow()[0].clone();
    let _e = sim.enter();
    // SAFETY: an adapter handle; the item is freed below.
    let item = unsafe { SimNdis::ndis_allocate_io_work_item(a.handle.get()) };
    // SAFETY: a live work item and a routine with the NDIS signature.
    unsafe { SimNdis::ndis_queue_io_work_item(item, Some(work), 42 as offload_tree::abi::PVOID) };
    assert_eq!(RAN.with(Cell::get).0, 0, "queued, not run inline");
    sim.run_until_idle();
    assert_eq!(RAN.with(Cell::get), (42, PASSIVE_LEVEL));
    // SAFETY: the item allocated above.
    unsafe { SimNdis::ndis_free_io_work_item(item) };
    sim.assert_clean();
}

#[test]
fn unbind_waits_for_a_pended_pause_to_complete() {
    // NDIS unbinds only a paused binding: a NetEventPause the protocol pends must be
    // completed before ProtocolUnbindAdapterEx runs.
    let (sim, _mp, proto) = system();
    let b = proto.binding(0);
    b.pend_pause.set(true);
    let handle = b.handle.get() as usize;
    let pending = b.clone();
    // The protocol completes its pause later, from the system's own work.
    sim.schedule(5_000, move |_| {
        let n = pending.pending_pause.replace(0);
        assert_ne!(n, 0, "the pause was pended before the completion ran");
        // SAFETY: the protocol completes the NetEventPause it pended, on its binding.
        unsafe {
            SimNdis::ndis_complete_net_pnp_event(
                handle as NDIS_HANDLE,
                n as _,
                NDIS_STATUS_SUCCESS,
            );
        };
    });
    let open = sim.opens_of(&sim.protocol_named("proto").unwrap())[0].clone();
    sim.unbind(&open);
    sim.run_until_idle();
    assert_eq!(
        b.pnp.borrow().last(),
        Some(&NET_PNP_EVENT_CODE::NetEventPause)
    );
    assert!(
        !b.unbound_while_pausing.get(),
        "unbind must run only after the pause completed"
    );
    assert_eq!(open.state.get(), OpenState::Closed, "unbound and closed");
    sim.assert_clean();
}
