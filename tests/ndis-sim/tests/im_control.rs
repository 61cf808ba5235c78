//! The real chimney-im driver in the simulator, green step (3): OID relay (each request
//! its own clone, completed once, counts copied back), cancel, power OIDs answered
//! locally, statistics OIDs, status relay of more than link state, surprise removal,
//! set power, and the MUX-sample defects of anchors.md §a that can show here.

use std::rc::Rc;

use chimney_im::ndis::*;
use chimney_im::oid::OID_GEN_BYTES_XMIT;
use chimney_im::platform::Ndis;
use chimney_im::recorder::{Entry, Op, RING};
use ndis_sim::im_harness::{self, VELAN};
use ndis_sim::testdrivers::{SendMode, TestBinding};
use ndis_sim::{Rule, Sim, SimNdis};
use offload_tree::abi::{NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG};

fn entries(b: &chimney_im::binding::Binding<SimNdis>) -> Vec<Entry> {
    let mut e = vec![
        Entry {
            seq: 0,
            op: 0,
            status: 0,
            handle: 0,
            arg: 0,
            time: 0,
        };
        RING
    ];
    let n = b.recorder.snapshot(&mut e);
    e.truncate(n);
    e
}

/// A query with an 8-byte buffer on the host's binding; (status, value, BytesWritten)
/// when it completes synchronously.
fn query_u64(sim: &Sim, hb: &TestBinding, oid: u32) -> (NDIS_STATUS, u64, u32) {
    im_harness::query::<u64>(sim, hb, oid)
}

fn host_binding(system: &im_harness::ImSystem) -> Rc<TestBinding> {
    system.host.binding(system.host.bindings.borrow().len() - 1)
}

#[test]
fn oids_are_forwarded_as_clones_and_completed_once() {
    let sim = Sim::new(81);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    // Synchronous completion below.
    let s = system.host.oid(&sim, &hb, OID_GEN_LINK_SPEED);
    assert_eq!(s, NDIS_STATUS_SUCCESS);
    // Pended completion below.
    system.nic0.oid_delay.set(5);
    let s = system.host.oid(&sim, &hb, OID_GEN_MAXIMUM_FRAME_SIZE);
    assert_eq!(s, NDIS_STATUS_PENDING);
    sim.run_until_idle();
    assert_eq!(
        *system.nic0.oids.borrow(),
        vec![OID_GEN_LINK_SPEED, OID_GEN_MAXIMUM_FRAME_SIZE]
    );
    assert_eq!(
        *hb.oid_done.borrow(),
        vec![
            (OID_GEN_LINK_SPEED, NDIS_STATUS_SUCCESS),
            (OID_GEN_MAXIMUM_FRAME_SIZE, NDIS_STATUS_SUCCESS)
        ],
        "each request completed exactly once"
    );
    // MUX defect 8 (shared OID buffers / one reused request block): what went down is
    // a clone, a different request from the caller's, one per request.
    let b = im_harness::binding(&sim).expect("bound");
    let e = entries(b);
    let down: Vec<usize> = e
        .iter()
        .filter(|e| e.op == Op::OidDown as u32)
        .map(|e| e.handle)
        .collect();
    let up: Vec<usize> = e
        .iter()
        .filter(|e| e.op == Op::OidComplete as u32)
        .map(|e| e.handle)
        .collect();
    assert_eq!(down.len(), 2);
    assert_eq!(up.len(), 2);
    for (d, u) in down.iter().zip(&up) {
        assert_ne!(d, u, "the lower request is a clone, not the caller's block");
    }
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

#[test]
fn oid_cancel_is_relayed_to_the_clone() {
    let sim = Sim::new(82);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    system.nic0.oid_delay.set(1_000);
    assert_eq!(
        system.host.oid(&sim, &hb, OID_GEN_CURRENT_LOOKAHEAD),
        NDIS_STATUS_PENDING
    );
    {
        let _e = sim.enter();
        // SAFETY: the host cancels its own request (RequestId NULL, as it set it).
        unsafe { SimNdis::ndis_cancel_oid_request(hb.handle.get(), std::ptr::null_mut()) };
    }
    let b = im_harness::binding(&sim).expect("bound");
    let cancel = entries(b)
        .into_iter()
        .find(|e| e.op == Op::OidCancel as u32)
        .expect("the cancel reached the IM");
    assert_ne!(cancel.arg, 0, "relayed to the clone sent down");
    sim.run_until_idle();
    assert_eq!(
        hb.oid_done.borrow().len(),
        1,
        "completed once, through the normal path"
    );
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

#[test]
fn power_oids_are_answered_locally_and_statistics_from_counters() {
    let sim = Sim::new(83);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    assert_eq!(
        system.host.oid(&sim, &hb, OID_PNP_QUERY_POWER),
        NDIS_STATUS_SUCCESS
    );
    assert!(
        !system.nic0.oids.borrow().contains(&OID_PNP_QUERY_POWER),
        "LC-39: never forwarded"
    );
    system.host.send(&sim, &hb, &[b"0123456789", b"abcdef"]);
    sim.run_until_idle();
    let (s, v, w) = query_u64(&sim, &hb, OID_GEN_XMIT_OK);
    assert_eq!((s, v, w), (NDIS_STATUS_SUCCESS, 2, 8));
    let (s, v, _) = query_u64(&sim, &hb, OID_GEN_BYTES_XMIT);
    assert_eq!((s, v), (NDIS_STATUS_SUCCESS, 16));
    assert!(
        system.nic0.oids.borrow().is_empty(),
        "statistics answered by the IM"
    );
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// MUX defect 4: status other than link state must be relayed (rebuilt with the
/// velan's SourceHandle); the reset pair is for the IM itself (LC-49).
#[test]
fn status_indications_are_relayed_not_only_link_state() {
    let sim = Sim::new(84);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    let entered = sim.enter();
    let mut link = NDIS_LINK_STATE {
        MediaConnectState: NDIS_MEDIA_CONNECT_STATE::MediaConnectStateConnected,
        ..Default::default()
    };
    for (code, buf, size) in [
        (
            NDIS_STATUS_LINK_STATE,
            (&raw mut link).cast(),
            size_of::<NDIS_LINK_STATE>() as u32,
        ),
        (NDIS_STATUS_OFFLOAD_PAUSE, std::ptr::null_mut(), 0),
        (
            NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG,
            std::ptr::null_mut(),
            0,
        ),
        (NDIS_STATUS_RESET_START, std::ptr::null_mut(), 0),
    ] {
        let mut ind = NDIS_STATUS_INDICATION {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_STATUS_INDICATION,
                NDIS_STATUS_INDICATION_REVISION_1,
                NDIS_SIZEOF_STATUS_INDICATION_REVISION_1,
            ),
            SourceHandle: system.nic0.handle.get(),
            StatusCode: code,
            StatusBuffer: buf,
            StatusBufferSize: size,
            ..Default::default()
        };
        // SAFETY: the NIC indicates status on its own miniport handle.
        unsafe { SimNdis::ndis_m_indicate_status_ex(system.nic0.handle.get(), &raw mut ind) };
    }
    assert_eq!(
        *hb.statuses.borrow(),
        vec![
            NDIS_STATUS_LINK_STATE,
            NDIS_STATUS_OFFLOAD_PAUSE,
            NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG
        ]
    );
    drop(entered);
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// LC-62: after surprise removal every send and OID completes with NOT_ACCEPTED.
#[test]
fn surprise_removal_fails_sends_and_oids() {
    let sim = Sim::new(85);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    let velan = sim.adapter_named(VELAN).expect("velan");
    {
        let _e = sim.enter();
        let mut ev = NET_DEVICE_PNP_EVENT {
            DevicePnPEvent: NDIS_DEVICE_PNP_EVENT::NdisDevicePnPEventSurpriseRemoved,
            ..Default::default()
        };
        let notify = velan
            .driver
            .chars
            .DevicePnPEventNotifyHandler
            .expect("registered");
        // SAFETY: NDIS's call of MiniportDevicePnPEventNotify on the velan at PASSIVE.
        unsafe { notify(velan.context.get(), &raw mut ev) };
    }
    system.host.send(&sim, &hb, &[b"s1", b"s2"]);
    sim.run_until_idle();
    assert!(
        hb.completed
            .borrow()
            .iter()
            .all(|(_, s)| *s == NDIS_STATUS_NOT_ACCEPTED)
    );
    assert_eq!(hb.completed.borrow().len(), 2);
    assert_eq!(
        system.host.oid(&sim, &hb, OID_GEN_LINK_SPEED),
        NDIS_STATUS_NOT_ACCEPTED
    );
    assert!(system.nic0.sent.borrow().is_empty());
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// LC-43, LC-63: with the NIC in low power, forwardable OIDs fail with
/// ADAPTER_NOT_READY; back in D0 they flow again.
#[test]
fn set_power_low_fails_forwarded_oids_until_d0() {
    let sim = Sim::new(86);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    let open = im_harness::im_open(&sim).expect("open");
    let d3 = NDIS_DEVICE_POWER_STATE::NdisDeviceStateD3.0.to_ne_bytes();
    sim.pause_adapter(&system.nic_adapter);
    sim.run_until_idle();
    assert_eq!(
        sim.net_pnp(&open, NET_PNP_EVENT_CODE::NetEventSetPower, &d3),
        Some(NDIS_STATUS_SUCCESS)
    );
    assert_eq!(
        system.host.oid(&sim, &hb, OID_GEN_LINK_SPEED),
        NDIS_STATUS_ADAPTER_NOT_READY
    );
    let d0 = NDIS_DEVICE_POWER_STATE::NdisDeviceStateD0.0.to_ne_bytes();
    assert_eq!(
        sim.net_pnp(&open, NET_PNP_EVENT_CODE::NetEventSetPower, &d0),
        Some(NDIS_STATUS_SUCCESS)
    );
    sim.restart_adapter(&system.nic_adapter);
    sim.run_until_idle();
    assert_eq!(
        system.host.oid(&sim, &hb, OID_GEN_LINK_SPEED),
        NDIS_STATUS_SUCCESS
    );
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// MUX defect 3: no drain polls with NdisMSleep (the simulator flags every call);
/// pause, halt and unbind with work outstanding all finish on events.
#[test]
fn drains_never_poll_with_sleep() {
    let sim = Sim::new(87);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    let velan = sim.adapter_named(VELAN).expect("velan");
    system.nic0.send_mode.set(SendMode::Delayed(20));
    system.host.send(&sim, &hb, &[b"p1", b"p2"]);
    sim.pause_adapter(&velan);
    sim.run_until_idle();
    sim.restart_adapter(&velan);
    sim.run_until_idle();
    let hb = host_binding(&system);
    system.host.send(&sim, &hb, &[b"p3"]);
    sim.run_until_idle();
    im_harness::unload_im(&sim, &system);
    assert!(
        !sim.violations()
            .iter()
            .any(|v| v.rule == Rule::PollingSleep),
        "no polling sleep"
    );
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// OID storm with cancels: many requests, pended for varying times, a third of them
/// cancelled; each completes exactly once and nothing is left (clones freed).
#[test]
fn oid_storm_with_cancels() {
    let sim = Sim::new(88);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    let oids = [
        OID_GEN_LINK_SPEED,
        OID_GEN_CURRENT_LOOKAHEAD,
        OID_GEN_MAXIMUM_FRAME_SIZE,
        OID_GEN_CURRENT_PACKET_FILTER,
    ];
    let n = 300;
    for i in 0..n {
        system.nic0.oid_delay.set(match i % 4 {
            0 => 0,
            1 => 3,
            2 => 40,
            _ => 500,
        });
        let oid = oids[i % oids.len()];
        let s = system.host.oid(&sim, &hb, oid);
        if s == NDIS_STATUS_PENDING && i % 3 == 0 {
            let _e = sim.enter();
            // SAFETY: the host cancels its own pending request.
            unsafe { SimNdis::ndis_cancel_oid_request(hb.handle.get(), std::ptr::null_mut()) };
        }
        sim.run_until_idle();
    }
    assert_eq!(
        hb.oid_done.borrow().len(),
        n,
        "every request completed once"
    );
    assert_eq!(system.nic0.oids.borrow().len(), n, "every one forwarded");
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// Surprise removal mid-traffic: sends already below complete normally, new ones fail
/// with NOT_ACCEPTED, and the unbind afterwards drains and frees everything.
#[test]
fn surprise_removal_mid_traffic() {
    let sim = Sim::new(89);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    let velan = sim.adapter_named(VELAN).expect("velan");
    system.nic0.send_mode.set(SendMode::Delayed(10));
    system.host.send(&sim, &hb, &[b"before-1", b"before-2"]);
    {
        let _e = sim.enter();
        let mut ev = NET_DEVICE_PNP_EVENT {
            DevicePnPEvent: NDIS_DEVICE_PNP_EVENT::NdisDevicePnPEventSurpriseRemoved,
            ..Default::default()
        };
        let notify = velan
            .driver
            .chars
            .DevicePnPEventNotifyHandler
            .expect("registered");
        // SAFETY: NDIS's call of MiniportDevicePnPEventNotify on the velan at PASSIVE.
        unsafe { notify(velan.context.get(), &raw mut ev) };
    }
    system.host.send(&sim, &hb, &[b"after-1"]);
    sim.run_until_idle();
    let done = hb.completed.borrow().clone();
    assert_eq!(done.len(), 3);
    assert_eq!(
        *system.nic0.sent.borrow(),
        vec![b"before-1".to_vec(), b"before-2".to_vec()]
    );
    assert!(done.contains(&(b"after-1".to_vec(), NDIS_STATUS_NOT_ACCEPTED)));
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

/// LC-42, LC-65 step 6: what the host set on the NIC through the velan (packet filter,
/// multicast list) is cleared by the IM's own requests before it closes the binding,
/// and those requests are freed (no leak at unload).
#[test]
fn unbind_clears_the_filter_multicast_wake_patterns_and_rss_the_host_set() {
    // Completed at once, and pended by the NIC (the completion finds the IM's own
    // request, not a clone).
    for delay in [0, 40] {
        clear_on_unbind(delay);
    }
}

fn clear_on_unbind(delay: u64) {
    let sim = Sim::new(88);
    let system = im_harness::setup(&sim);
    let hb = host_binding(&system);
    let filter: u32 = 0x0000_000B; // directed | multicast | broadcast
    assert_eq!(
        system.host.set(
            &sim,
            &hb,
            OID_GEN_CURRENT_PACKET_FILTER,
            &filter.to_ne_bytes()
        ),
        NDIS_STATUS_SUCCESS
    );
    let groups = [
        0x01u8, 0x00, 0x5E, 0x00, 0x00, 0x01, 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB,
    ];
    assert_eq!(
        system
            .host
            .set(&sim, &hb, OID_802_3_MULTICAST_LIST, &groups),
        NDIS_STATUS_SUCCESS
    );
    // Two wake patterns (NDIS filled in PatternId 5 and 9), one removed again; RSS on.
    for id in [5u32, 9] {
        let mut pattern = vec![0u8; NDIS_PM_WOL_PATTERN_PATTERN_ID + 16];
        pattern[NDIS_PM_WOL_PATTERN_PATTERN_ID..][..4].copy_from_slice(&id.to_ne_bytes());
        assert_eq!(
            system.host.set(&sim, &hb, OID_PM_ADD_WOL_PATTERN, &pattern),
            NDIS_STATUS_SUCCESS
        );
    }
    assert_eq!(
        system
            .host
            .set(&sim, &hb, OID_PM_REMOVE_WOL_PATTERN, &9u32.to_ne_bytes()),
        NDIS_STATUS_SUCCESS
    );
    let mut rss = vec![0u8; size_of::<NDIS_RECEIVE_SCALE_PARAMETERS>()];
    rss[0] = NDIS_OBJECT_TYPE_RSS_PARAMETERS;
    assert_eq!(
        system
            .host
            .set(&sim, &hb, OID_GEN_RECEIVE_SCALE_PARAMETERS, &rss),
        NDIS_STATUS_SUCCESS
    );
    sim.run_until_idle();
    system.nic0.oid_delay.set(delay);
    let seen = system.nic0.set_values.borrow().len();
    assert_eq!(seen, 6, "all relayed to the NIC");
    im_harness::unbind_im(&sim);
    let sets = system.nic0.set_values.borrow()[seen..].to_vec();
    assert_eq!(
        sets[..3],
        [
            (OID_GEN_CURRENT_PACKET_FILTER, 0u32.to_ne_bytes().to_vec()),
            (OID_802_3_MULTICAST_LIST, Vec::new()),
            (OID_PM_REMOVE_WOL_PATTERN, 5u32.to_ne_bytes().to_vec()),
        ],
        "cleared by the IM before the close (pattern 9 was removed by the host)"
    );
    // LC-65 step 6: RSS switched off again with NDIS_RSS_PARAM_FLAG_DISABLE_RSS.
    let (oid, rss_off) = sets.get(3).cloned().expect("the RSS set");
    assert_eq!(sets.len(), 4);
    assert_eq!(oid, OID_GEN_RECEIVE_SCALE_PARAMETERS);
    assert_eq!(rss_off.len(), size_of::<NDIS_RECEIVE_SCALE_PARAMETERS>());
    assert_eq!(rss_off[0], NDIS_OBJECT_TYPE_RSS_PARAMETERS);
    assert_ne!(
        u16::from_ne_bytes([rss_off[4], rss_off[5]]) & NDIS_RSS_PARAM_FLAG_DISABLE_RSS,
        0
    );
    im_harness::unload_im(&sim, &system);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}
