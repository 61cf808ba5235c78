//! The real chimney-im driver in the simulator, green step (1): registration, bind,
//! velan initialize and halt without traffic, the bind/unbind leak loop, and allocation
//! failure at every allocation point of the bind.

use ndis_sim::Sim;
use ndis_sim::im_harness::{self, VELAN};
use ndis_sim::objects::AdapterState;

#[test]
fn bind_initialize_halt_without_traffic() {
    let sim = Sim::new(61);
    let system = im_harness::setup(&sim);
    let velan = sim.adapter_named(VELAN).expect("the IM created its velan");
    assert_eq!(velan.state.get(), AdapterState::Running);
    assert_eq!(
        system.host.bindings.borrow().len(),
        1,
        "the host bound to the velan"
    );
    let b = im_harness::binding(&sim).expect("a live binding");
    assert!(b.recorder.count() > 0, "the recorder saw the bind");
    // LC-21/LC-23: offload attributes with connection offload, every Support* field 0.
    let tcp = velan
        .tcp_connection_offload
        .get()
        .expect("offload attributes were set (MUX defect 5)");
    assert_eq!(tcp.SupportFlags, 0);
    assert_eq!(tcp.TcpConnectionOffloadCapacity, 0);
    im_harness::unload_im(&sim, &system);
    assert_eq!(velan.state.get(), AdapterState::Halted);
    assert!(im_harness::im_open(&sim).is_none(), "the binding is closed");
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

#[test]
fn bind_unbind_loop_does_not_leak() {
    let sim = Sim::new(62);
    let system = im_harness::setup(&sim);
    let protocol = sim
        .protocol_named(chimney_im::driver_entry::PROTOCOL_NAME)
        .expect("registered");
    for i in 0..1000 {
        im_harness::unbind_im(&sim);
        assert!(im_harness::im_open(&sim).is_none(), "cycle {i}: closed");
        assert!(
            sim.live_allocations().is_empty(),
            "cycle {i}: all memory freed"
        );
        sim.bind(&protocol, &system.nic_adapter);
        sim.run_until_idle();
        assert!(
            im_harness::im_open(&sim).is_some(),
            "cycle {i}: bound again"
        );
    }
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

#[test]
fn allocation_failure_at_every_bind_point_leaves_nothing() {
    let mut n = 1;
    loop {
        let sim = Sim::new(63);
        let system = im_harness::setup(&sim);
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
        if im_harness::im_open(&sim).is_none() {
            assert!(
                sim.live_allocations().is_empty(),
                "allocation {n}: a failed bind left memory behind"
            );
        }
        im_harness::unload_im(&sim, &system);
        assert_eq!(sim.check_leaks(), 0, "allocation {n}");
        im_harness::assert_clean(&sim);
        if !reached {
            break;
        }
        n += 1;
        assert!(n < 64, "the bind makes a bounded number of allocations");
    }
    assert!(n > 2, "the loop covered the bind's allocation points");
}

/// LC-68: a halt the IM did not cause (the velan disabled) leaves the binding open;
/// the later unbind does not deinitialize the halted velan again and still closes.
#[test]
fn unbind_after_velan_was_halted_by_the_system() {
    let sim = Sim::new(64);
    let system = im_harness::setup(&sim);
    let velan = sim.adapter_named(VELAN).expect("velan");
    sim.halt_adapter(
        &velan,
        chimney_im::ndis::NDIS_HALT_ACTION::NdisHaltDeviceDisabled,
    );
    sim.run_until_idle();
    assert_eq!(velan.state.get(), AdapterState::Halted);
    assert!(
        im_harness::im_open(&sim).is_some(),
        "the binding stays open"
    );
    im_harness::unload_im(&sim, &system);
    assert!(im_harness::im_open(&sim).is_none());
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// Robustness: handlers called in the wrong state answer with a status and count it;
/// nothing panics.
#[test]
fn wrong_state_calls_are_counted_not_fatal() {
    use std::sync::atomic::Ordering;
    let sim = Sim::new(65);
    let system = im_harness::setup(&sim);
    let velan = sim.adapter_named(VELAN).expect("velan");
    let b = im_harness::binding(&sim).expect("bound");
    let before = b.stats.wrong_state.load(Ordering::Relaxed);
    {
        let _e = sim.enter();
        let chars = velan.driver.chars;
        let mut restart = chimney_im::ndis::NDIS_MINIPORT_RESTART_PARAMETERS::default();
        // SAFETY: a (wrong-state) MiniportRestart on the running velan, at PASSIVE.
        let s = unsafe {
            chars.RestartHandler.expect("registered")(velan.context.get(), &raw mut restart)
        };
        assert_eq!(s, chimney_im::ndis::NDIS_STATUS_FAILURE);
        let pnp = velan.driver.chars.InitializeHandlerEx.expect("registered");
        let mut params = chimney_im::ndis::NDIS_MINIPORT_INIT_PARAMETERS {
            IMDeviceInstanceContext: b.handle(),
            ..Default::default()
        };
        // SAFETY: a second MiniportInitializeEx for an initialized velan (wrong state).
        let s = unsafe { pnp(std::ptr::null_mut(), std::ptr::null_mut(), &raw mut params) };
        assert_eq!(s, chimney_im::ndis::NDIS_STATUS_FAILURE);
    }
    assert_eq!(b.stats.wrong_state.load(Ordering::Relaxed), before + 2);
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// LC-65 step 2: an unbind that arrives while the velan's initialize is still pending
/// continues from the end of MiniportInitializeEx (the simulator cannot cancel an
/// initialize), then deinitializes, drains and closes.
#[test]
fn unbind_while_velan_initialize_is_pending() {
    let sim = Sim::new(66);
    let system = im_harness::setup(&sim);
    let protocol = sim
        .protocol_named(chimney_im::driver_entry::PROTOCOL_NAME)
        .expect("registered");
    im_harness::unbind_im(&sim);
    sim.bind(&protocol, &system.nic_adapter);
    // The velan initialize is queued, not run: unbind now.
    let open = im_harness::im_open(&sim).expect("opened");
    sim.unbind(&open);
    sim.run_until_idle();
    assert!(
        im_harness::im_open(&sim).is_none(),
        "closed after the initialize"
    );
    assert!(sim.live_allocations().is_empty());
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// LC-12, LC-65 step 7: NdisOpenAdapterEx and NdisCloseAdapterEx that pend. The bind
/// returns PENDING and finishes from ProtocolOpenAdapterCompleteEx (the binding is not
/// used before it: the simulator records any use as a violation); the unbind finishes
/// from ProtocolCloseAdapterCompleteEx and frees the binding only then; a pended open
/// that fails leaves nothing. Cycled to catch a leak per cycle.
#[test]
fn pended_open_and_close_bind_and_unbind_cleanly() {
    use chimney_im::driver_entry::PROTOCOL_NAME;
    let sim = Sim::new(63);
    sim.pend_opens_and_closes(PROTOCOL_NAME, Some((3, 0)));
    let system = im_harness::setup(&sim);
    let protocol = sim.protocol_named(PROTOCOL_NAME).expect("registered");
    for i in 0..50 {
        let velan = sim.adapter_named(VELAN).expect("velan");
        assert_eq!(velan.state.get(), AdapterState::Running, "cycle {i}");
        assert!(
            !system.host.bindings.borrow().is_empty(),
            "cycle {i}: the host bound to the velan"
        );
        im_harness::unbind_im(&sim);
        assert!(im_harness::im_open(&sim).is_none(), "cycle {i}: closed");
        assert!(
            sim.live_allocations().is_empty(),
            "cycle {i}: the binding was freed once the close completed"
        );
        sim.bind(&protocol, &system.nic_adapter);
        sim.run_until_idle();
    }
    // A pended open that fails: no velan, nothing left.
    im_harness::unbind_im(&sim);
    let failure = chimney_im::ndis::NDIS_STATUS_RESOURCES;
    sim.pend_opens_and_closes(PROTOCOL_NAME, Some((3, failure)));
    sim.bind(&protocol, &system.nic_adapter);
    sim.run_until_idle();
    assert!(
        im_harness::im_open(&sim).is_none(),
        "the failed open left no binding"
    );
    assert!(sim.live_allocations().is_empty(), "and no memory");
    sim.pend_opens_and_closes(PROTOCOL_NAME, None);
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}
