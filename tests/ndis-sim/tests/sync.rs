//! The driver's sync primitives over the simulated seam: the spin lock holds
//! DISPATCH_LEVEL while locked and restores the caller's IRQL; a drain's last
//! decrement signals its event, so a PASSIVE_LEVEL waiter wakes without polling.

use chimney_im::ndis::{DISPATCH_LEVEL, PASSIVE_LEVEL};
use chimney_im::sync::{Drain, IrqlSpinLock};
use ndis_sim::{Rule, Sim, SimNdis};

#[test]
fn the_lock_raises_to_dispatch_and_restores() {
    let sim = Sim::new(1);
    let _e = sim.enter();
    let lock: IrqlSpinLock<SimNdis, u32> = IrqlSpinLock::new(5);
    assert_eq!(sim.irql(), PASSIVE_LEVEL);
    {
        let mut g = lock.lock();
        assert_eq!(sim.irql(), DISPATCH_LEVEL);
        *g += 1;
    }
    assert_eq!(sim.irql(), PASSIVE_LEVEL);
    assert_eq!(*lock.lock(), 6);
    sim.assert_clean();
}

#[test]
fn a_drain_wakes_its_waiter_when_the_last_piece_finishes() {
    let sim = Sim::new(2);
    let _e = sim.enter();
    let drain: &'static Drain<SimNdis> = Box::leak(Box::new(Drain::new()));
    // SAFETY: leaked, so at its final address for good.
    unsafe { drain.init() };
    drain.enter();
    drain.enter();
    assert!(!drain.begin(), "two pieces outstanding");
    sim.schedule(1_000, |_| drain.exit());
    sim.schedule(2_000, |_| drain.exit());
    assert!(drain.wait(5_000), "signalled by the second exit");
    assert_eq!(
        (drain.outstanding(), sim.now()),
        (0, 2_000),
        "woke when the count reached zero"
    );
    sim.assert_clean();
}

#[test]
fn a_drain_that_never_finishes_times_out_without_hanging() {
    let sim = Sim::new(3);
    let _e = sim.enter();
    let drain: &'static Drain<SimNdis> = Box::leak(Box::new(Drain::new()));
    // SAFETY: as above.
    unsafe { drain.init() };
    drain.enter();
    assert!(!drain.begin());
    assert!(!drain.wait(10), "a stuck count times out (LC-29)");
    assert_eq!(sim.now(), 100_000, "after 10 ms of simulated time");
    sim.assert_clean();
    // Waiting forever on it is a recorded hang, not a stuck test.
    assert!(!drain.wait(0));
    let rules: Vec<Rule> = sim.take_violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(rules, [Rule::Hang]);
}

#[test]
fn an_empty_drain_is_done_at_once() {
    let sim = Sim::new(4);
    let _e = sim.enter();
    let drain: &'static Drain<SimNdis> = Box::leak(Box::new(Drain::new()));
    // SAFETY: as above.
    unsafe { drain.init() };
    assert!(drain.begin());
    assert!(drain.wait(1));
    sim.assert_clean();
}
