//! Upload on loss through chimney-im (issue 7 step 4, events.md EV-30..EV-34): with
//! connections offloaded through the IM and traffic running, a pause of the lower
//! binding (EV-30(e), LC-34) and a low-power request on the velan (EV-30(d), EV-34)
//! make the IM ask the host to upload everything, the triggering action finishes only
//! once nothing is offloaded, no byte is lost or duplicated, and the end of the drain
//! resumes offloading (EV-33) unless the target's own pause is still in force (EV-12).

use std::sync::atomic::Ordering;

use ndis_sim::models::Direct;
use ndis_sim::models::host::ConnState;
use ndis_sim::models::system::{Topology, assert_streams, offloaded};
use offload_tree::abi::*;

/// A through-IM system with `groups` trees of `per` connections offloaded.
fn setup(seed: u64, groups: usize, per: usize) -> (Direct, Vec<u32>) {
    let (d, ids) = offloaded(Topology::ThroughIm, seed, groups, per, 512);
    d.binding.reoffload_on_resume.set(true);
    assert_eq!(d.binding.count(ConnState::Offloaded), groups * per);
    (d, ids)
}

fn traffic(d: &Direct, ids: &[u32], rounds: usize) {
    let _e = d.sim.enter();
    for r in 0..rounds {
        for &c in ids {
            d.binding.send(c, 200 + r);
            d.nic0.peer_send(c, 300 + r);
        }
        d.sim.advance(5);
    }
}

fn check_streams(d: &Direct, ids: &[u32]) {
    assert_streams(d, ids);
}

/// The chimney statuses the host saw, in order.
fn chimney_statuses(d: &Direct) -> Vec<NDIS_STATUS> {
    d.binding
        .statuses
        .borrow()
        .iter()
        .copied()
        .filter(|&s| {
            [
                NDIS_STATUS_OFFLOAD_PAUSE,
                NDIS_STATUS_UPLOAD_ALL,
                NDIS_STATUS_OFFLOAD_RESUME,
            ]
            .contains(&s)
        })
        .collect()
}

fn im(d: &Direct) -> &'static chimney_im::binding::Binding<ndis_sim::SimNdis> {
    ndis_sim::im_harness::binding(&d.sim).expect("the IM is bound")
}

#[test]
fn a_lower_pause_uploads_everything_and_the_restart_resumes() {
    // Thousands of connections with traffic running (issue 7: pause/unbind interplay).
    let (d, ids) = setup(60, 200, 10);
    traffic(&d, &ids, 3);
    // Pause the NIC in the middle of traffic: NDIS pauses the IM's binding.
    d.sim.pause_adapter(&d.adapter);
    traffic(&d, &ids, 2);
    d.settle();
    let b = im(&d);
    // EV-30(e): H was asked, everything came back before the pause completed.
    assert_eq!(
        chimney_statuses(&d),
        [NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL]
    );
    assert_eq!(b.entries.outstanding(), 0, "EV-30 step 4: no entry left");
    assert_eq!(b.chimney.outstanding(), 0, "no chimney work left");
    assert_eq!(d.nic0.counts(), (0, 0, 0), "nothing offloaded at the NIC");
    assert_eq!(d.binding.count(ConnState::Host), ids.len());
    assert_eq!(b.offload.stats.upload_all.load(Ordering::Relaxed), 1);
    // OP-41: no offload while the binding is paused.
    {
        let _e = d.sim.enter();
        d.binding.reoffload_all();
    }
    d.settle();
    assert_eq!(d.binding.count(ConnState::Offloaded), 0);
    // EV-33: the restart ends the drain and resumes; H offloads again.
    d.sim.restart_adapter(&d.adapter);
    d.settle();
    assert_eq!(
        chimney_statuses(&d),
        [
            NDIS_STATUS_OFFLOAD_PAUSE,
            NDIS_STATUS_UPLOAD_ALL,
            NDIS_STATUS_OFFLOAD_RESUME
        ]
    );
    assert_eq!(d.binding.count(ConnState::Offloaded), ids.len());
    traffic(&d, &ids, 3);
    d.settle();
    check_streams(&d, &ids);
    d.assert_clean();
}

#[test]
fn a_lower_pause_with_nothing_offloaded_does_not_disturb_the_host() {
    let (d, ids) = setup(61, 1, 2);
    {
        let _e = d.sim.enter();
        for &c in &ids {
            d.binding.upload(c);
        }
        d.binding.upload_group(0);
    }
    d.settle();
    assert_eq!(im(&d).entries.outstanding(), 0);
    d.sim.pause_adapter(&d.adapter);
    d.settle();
    d.sim.restart_adapter(&d.adapter);
    d.settle();
    assert!(
        chimney_statuses(&d).is_empty(),
        "{:?}",
        chimney_statuses(&d)
    );
    d.assert_clean();
}

#[test]
fn the_targets_own_pause_holds_the_resume_of_a_drain() {
    let (d, ids) = setup(62, 2, 3);
    {
        let _e = d.sim.enter();
        // EV-12: T pauses offloading itself (relayed), then the binding pauses.
        d.nic0.indicate_status(NDIS_STATUS_OFFLOAD_PAUSE);
    }
    d.settle();
    d.sim.pause_adapter(&d.adapter);
    d.settle();
    d.sim.restart_adapter(&d.adapter);
    d.settle();
    assert_eq!(
        chimney_statuses(&d),
        [
            NDIS_STATUS_OFFLOAD_PAUSE,
            NDIS_STATUS_OFFLOAD_PAUSE,
            NDIS_STATUS_UPLOAD_ALL
        ],
        "EV-33: no resume while T's pause is in force"
    );
    assert_eq!(d.binding.count(ConnState::Offloaded), 0);
    {
        let _e = d.sim.enter();
        d.nic0.indicate_status(NDIS_STATUS_OFFLOAD_RESUME);
    }
    d.settle();
    assert_eq!(
        chimney_statuses(&d).last(),
        Some(&NDIS_STATUS_OFFLOAD_RESUME),
        "T's resume is relayed (EV-14)"
    );
    assert_eq!(d.binding.count(ConnState::Offloaded), 6);
    traffic(&d, &ids, 2);
    d.settle();
    check_streams(&d, &ids);
    d.assert_clean();
}

#[test]
fn a_low_power_request_on_the_velan_uploads_before_it_completes() {
    let (d, ids) = setup(63, 2, 4);
    traffic(&d, &ids, 2);
    let mut d3 = NDIS_DEVICE_POWER_STATE_D3.to_ne_bytes();
    let (status, _) = d
        .host
        .set_oid(&d.sim, 0, chimney_im::ndis::OID_PNP_SET_POWER, &mut d3);
    assert_eq!(status, NDIS_STATUS_SUCCESS, "EV-34: completed with success");
    // EV-34: by the time the OID completed, nothing was offloaded through the velan.
    assert_eq!(im(&d).entries.outstanding(), 0);
    d.settle();
    assert_eq!(d.nic0.counts(), (0, 0, 0));
    assert_eq!(
        chimney_statuses(&d),
        [NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL]
    );
    let mut d0 = NDIS_DEVICE_POWER_STATE_D0.to_ne_bytes();
    let (status, _) = d
        .host
        .set_oid(&d.sim, 0, chimney_im::ndis::OID_PNP_SET_POWER, &mut d0);
    assert_eq!(status, NDIS_STATUS_SUCCESS);
    d.settle();
    assert_eq!(
        chimney_statuses(&d).last(),
        Some(&NDIS_STATUS_OFFLOAD_RESUME),
        "EV-33 after D0"
    );
    assert_eq!(d.binding.count(ConnState::Offloaded), 8);
    traffic(&d, &ids, 2);
    d.settle();
    check_streams(&d, &ids);
    d.assert_clean();
}

#[test]
fn a_pause_of_the_velan_is_not_a_drain() {
    let (d, ids) = setup(65, 2, 5);
    traffic(&d, &ids, 2);
    let velan = d
        .sim
        .adapter_named(ndis_sim::im_harness::VELAN)
        .expect("velan");
    // LC-31, EV-30: NDIS pauses the host's binding, then the velan; the IM asks for no
    // upload (the host does what its own pause tells it).
    d.sim.pause_adapter(&velan);
    d.settle();
    assert!(
        chimney_statuses(&d).is_empty(),
        "{:?}",
        chimney_statuses(&d)
    );
    assert_eq!(im(&d).offload.stats.upload_all.load(Ordering::Relaxed), 0);
    d.sim.restart_adapter(&velan);
    d.settle();
    traffic(&d, &ids, 2);
    d.settle();
    check_streams(&d, &ids);
    d.assert_clean();
}

/// OID_TCP_OFFLOAD_PARAMETERS from the host with chimney over IPv4 / IPv6 set to `v4` /
/// `v6` (0 no change, 1 off, 2 on) and every task offload left as it is.
fn switch_chimney(d: &Direct, v4: u8, v6: u8) {
    use chimney_im::ndis::{NDIS_OBJECT_HEADER, NDIS_OFFLOAD_PARAMETERS};
    let p = NDIS_OFFLOAD_PARAMETERS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_DEFAULT,
            3,
            size_of::<NDIS_OFFLOAD_PARAMETERS>() as u16,
        ),
        TcpConnectionIPv4: v4,
        TcpConnectionIPv6: v6,
        ..Default::default()
    };
    // SAFETY: a plain #[repr(C)] value viewed as its bytes.
    let mut bytes = unsafe {
        std::slice::from_raw_parts(
            (&raw const p).cast::<u8>(),
            size_of::<NDIS_OFFLOAD_PARAMETERS>(),
        )
    }
    .to_vec();
    let (status, _) = d.host.set_oid(
        &d.sim,
        0,
        chimney_im::ndis::OID_TCP_OFFLOAD_PARAMETERS,
        &mut bytes,
    );
    assert_eq!(
        status, NDIS_STATUS_SUCCESS,
        "forwarded and completed by the NIC"
    );
    d.settle();
}

#[test]
fn chimney_switched_off_from_above_uploads_and_switched_on_resumes() {
    let (d, ids) = setup(66, 3, 5);
    traffic(&d, &ids, 2);
    // EV-41, EV-30(c): both families off: H pauses and uploads everything; the velan
    // offers nothing and refuses initiates.
    switch_chimney(&d, 1, 1);
    assert_eq!(
        chimney_statuses(&d),
        [NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL]
    );
    assert_eq!(im(&d).entries.outstanding(), 0);
    assert_eq!(d.nic0.counts(), (0, 0, 0));
    assert_eq!(query_connection_offload(&d).1.SupportFlags, 0);
    {
        let _e = d.sim.enter();
        d.binding.reoffload_all();
    }
    d.settle();
    assert_eq!(
        d.binding.count(ConnState::Offloaded),
        0,
        "nothing offloads while off"
    );
    traffic(&d, &ids, 2);
    // IPv4 on again: H resumes with IPv4 only and offloads again.
    switch_chimney(&d, 2, 0);
    assert_eq!(
        chimney_statuses(&d).last(),
        Some(&NDIS_STATUS_OFFLOAD_RESUME)
    );
    assert_eq!(query_connection_offload(&d).1.SupportFlags, 0b0001);
    assert_eq!(d.binding.count(ConnState::Offloaded), 15);
    // IPv6 on, then off again while IPv4 stays on: everything is uploaded, then H is
    // resumed with IPv4 once nothing is offloaded, and offloads again.
    switch_chimney(&d, 0, 2);
    assert_eq!(query_connection_offload(&d).1.SupportFlags, 0b0101);
    let seen = chimney_statuses(&d).len();
    traffic(&d, &ids, 1);
    switch_chimney(&d, 0, 1);
    assert_eq!(
        &chimney_statuses(&d)[seen..],
        [
            NDIS_STATUS_OFFLOAD_PAUSE,
            NDIS_STATUS_UPLOAD_ALL,
            NDIS_STATUS_OFFLOAD_RESUME
        ]
    );
    assert_eq!(query_connection_offload(&d).1.SupportFlags, 0b0001);
    assert_eq!(d.binding.count(ConnState::Offloaded), 15);
    traffic(&d, &ids, 2);
    d.settle();
    check_streams(&d, &ids);
    d.assert_clean();
}

#[test]
fn the_velans_keywords_turn_chimney_off_per_family() {
    use ndis_sim::im_harness::VELAN;
    use ndis_sim::models::system::build_with;
    for (v4, v6, support) in [(0, 1, 0b0100), (1, 0, 0b0001), (0, 0, 0)] {
        let d = build_with(Topology::ThroughIm, 67, None, None, |sim| {
            sim.set_device_config(VELAN, "*TCPConnectionOffloadIPv4", v4);
            sim.set_device_config(VELAN, "*TCPConnectionOffloadIPv6", v6);
        })
        .expect("system")
        .d;
        // Read at initialize: the offload attributes and the answers follow them.
        let at_init = d
            .sim
            .adapter_named(VELAN)
            .and_then(|a| a.tcp_connection_offload.get())
            .expect("EV-50");
        assert_eq!(at_init.SupportFlags, support, "keywords {v4} {v6}");
        assert_eq!(query_connection_offload(&d).1.SupportFlags, support);
        d.binding.auto_post.set(256);
        let ids = {
            let _e = d.sim.enter();
            d.binding.offload_new(4).1
        };
        d.settle();
        let offloaded = d.binding.count(ConnState::Offloaded);
        if support == 0 {
            // Nothing offered: the IM refuses the offload (OP-41), the host carries on.
            assert_eq!(offloaded, 0);
            assert!(
                im(&d)
                    .offload
                    .stats
                    .initiate_refused
                    .load(Ordering::Relaxed)
                    > 0
            );
        } else {
            assert_eq!(offloaded, 4);
        }
        traffic(&d, &ids, 2);
        d.settle();
        check_streams(&d, &ids);
        d.assert_clean();
    }
}

/// The velan's NDIS_TCP_CONNECTION_OFFLOAD as the host reads it with a query.
fn query_connection_offload(d: &Direct) -> (NDIS_STATUS, NDIS_TCP_CONNECTION_OFFLOAD) {
    let mut buf = [0u8; size_of::<NDIS_TCP_CONNECTION_OFFLOAD>()];
    let (status, _) = d.host.query_oid(
        &d.sim,
        0,
        OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG,
        &mut buf,
    );
    // SAFETY: the buffer holds exactly one structure.
    let value = unsafe {
        buf.as_ptr()
            .cast::<NDIS_TCP_CONNECTION_OFFLOAD>()
            .read_unaligned()
    };
    (status, value)
}

#[test]
fn capability_queries_and_changes_carry_the_velans_own_structure() {
    let (d, _) = setup(64, 1, 2);
    let b = im(&d);
    // EV-41: answered by the IM from its own structure (EV-51), the slab's clamp included.
    let (status, c) = query_connection_offload(&d);
    assert_eq!(status, NDIS_STATUS_SUCCESS);
    let velan = d
        .sim
        .adapter_named(ndis_sim::im_harness::VELAN)
        .and_then(|a| a.tcp_connection_offload.get())
        .expect("EV-50");
    assert_eq!(
        c.TcpConnectionOffloadCapacity,
        velan.TcpConnectionOffloadCapacity
    );
    assert_eq!(c.SupportFlags, 0b0101);
    assert!(c.TcpConnectionOffloadCapacity as usize <= b.offload.capacity());
    let mut short = [0u8; 4];
    let (status, _) = d.host.query_oid(
        &d.sim,
        0,
        OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
        &mut short,
    );
    assert_eq!(status, chimney_im::ndis::NDIS_STATUS_BUFFER_TOO_SHORT);
    // EV-15: the NIC's capabilities change: the host is told, and the IM's structure
    // follows (a smaller capacity passes through).
    {
        let _e = d.sim.enter();
        d.nic0.indicate_status_with(
            NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
            &mut ndis_sim::models::nic::NicAdapter::capability_bytes(9),
        );
    }
    d.settle();
    assert_eq!(
        d.binding.statuses.borrow().last(),
        Some(&NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES)
    );
    let (_, c) = query_connection_offload(&d);
    assert_eq!(c.TcpConnectionOffloadCapacity, 9);
    d.assert_clean();
}

/// `NdisDeviceStateD0` and `NdisDeviceStateD3` as the OID's buffer.
const NDIS_DEVICE_POWER_STATE_D0: i32 = 1;
const NDIS_DEVICE_POWER_STATE_D3: i32 = 4;

/// Issue 10 step 1: changing the velan's `*TCPConnectionOffloadIPv6` property restarts
/// its device: NDIS unbinds the host (which uploads every connection offloaded through
/// the velan, with traffic running), halts the velan and initializes it again with the
/// new keyword. The IM's binding to the NIC stays open throughout (LC-68), nothing is
/// lost, and offloading resumes through the re-initialized velan with IPv4 only.
#[test]
fn a_property_change_reinitializes_only_the_velan_uploading_first_under_traffic() {
    use ndis_sim::im_harness::{self, VELAN};
    let (d, ids) = setup(69, 4, 5);
    let open_before = im_harness::im_open(&d.sim).expect("the IM's open");
    let im_before = std::ptr::from_ref(im(&d));
    let velan = d.sim.adapter_named(VELAN).expect("velan");
    traffic(&d, &ids, 3);
    d.sim
        .set_device_config(VELAN, "*TCPConnectionOffloadIPv6", 0);
    d.sim.restart_device(&velan);
    // Every connection came back to the host stack before the velan halted.
    assert_eq!(d.binding.count(ConnState::Host), ids.len());
    assert!(d.binding.closed.get(), "the host's old binding was unbound");
    assert_eq!(
        d.nic0.counts(),
        (0, 0, 0),
        "nothing left offloaded at the NIC"
    );
    traffic(&d, &ids, 2);
    d.settle();
    check_streams(&d, &ids);
    // Only the velan was re-initialized: the same binding below, never unbound.
    let open_after = im_harness::im_open(&d.sim).expect("still open");
    assert!(std::rc::Rc::ptr_eq(&open_before, &open_after));
    assert!(std::ptr::eq(im_before, im(&d)));
    let adv = velan.tcp_connection_offload_config.get().expect("EV-50");
    assert_eq!(
        adv.SupportFlags, 0b0001,
        "IPv4 only after the property change"
    );
    // The host bound again and offloads through the new velan instance.
    let rebound = d.host.binding(d.host.bindings.borrow().len() - 1);
    assert!(
        !std::rc::Rc::ptr_eq(&rebound, &d.binding),
        "a new host binding"
    );
    rebound.auto_post.set(512);
    let fresh = {
        let _e = d.sim.enter();
        rebound.offload_new(3).1
    };
    d.settle();
    assert_eq!(rebound.count(ConnState::Offloaded), fresh.len());
    {
        let _e = d.sim.enter();
        for &c in &fresh {
            rebound.send(c, 700);
            d.nic0.peer_send(c, 900);
        }
    }
    d.settle();
    for &c in &fresh {
        assert_eq!(
            d.peer.received(c),
            700,
            "conn {c}: host→peer through the new velan"
        );
        assert_eq!(
            rebound.received(c),
            900,
            "conn {c}: peer→host through the new velan"
        );
    }
    d.assert_clean();
}

/// Issue 5: the host model frees each initiate tree (its NDIS_OFFLOAD_HANDLEs) once
/// every object offloaded by it has been terminated, so its memory does not grow with
/// state operations; the simulator reports any upcall that would still read a freed
/// handle (`ended_handles`). Both topologies, several upload / re-offload rounds with
/// traffic in between, streams intact.
#[test]
fn initiate_trees_are_freed_once_their_objects_are_terminated() {
    for topology in [Topology::Direct, Topology::ThroughIm] {
        let (d, ids) = offloaded(topology, 71, 10, 5, 256);
        d.binding.reoffload_on_resume.set(false);
        assert_eq!(d.binding.count(ConnState::Offloaded), ids.len());
        let initial = d.binding.kept_trees();
        assert!(initial >= 10, "{topology:?}: one tree per group at least");
        for round in 0..3 {
            traffic(&d, &ids, 2);
            {
                let _e = d.sim.enter();
                d.binding.upload_all();
            }
            d.settle();
            assert_eq!(d.binding.count(ConnState::Host), ids.len(), "round {round}");
            assert_eq!(
                d.binding.kept_trees(),
                0,
                "{topology:?} round {round}: every tree freed"
            );
            {
                let _e = d.sim.enter();
                d.binding.reoffload_all();
            }
            d.settle();
            assert_eq!(d.binding.count(ConnState::Offloaded), ids.len());
            assert!(d.binding.kept_trees() > 0);
            assert!(d.binding.kept_trees() <= initial, "no growth per round");
        }
        traffic(&d, &ids, 2);
        d.settle();
        check_streams(&d, &ids);
        d.assert_clean();
    }
}
