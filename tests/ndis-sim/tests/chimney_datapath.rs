//! The offloaded data path, in both topologies (host bound straight to the NIC, and
//! through chimney-im, issue 7 step 3): byte streams both ways through offloaded
//! connections with the peer checking every byte, posted receives and indications
//! (accepted, refused, partly accepted), forward and disconnect, terminate with
//! outstanding send data and buffered receive data, upload and re-offload in the middle
//! of a stream, events (retrieve, abort, disconnect, send backlog) and the
//! OFFLOAD_PAUSE / UPLOAD_ALL / RESUME statuses, with delayed completions. Through the
//! IM every scenario must give the same streams, and the IM's own books must balance:
//! no save area left (DP-8) and exactly as many receive returns owed (DP-41) as the
//! NIC has indications outstanding.

use ndis_sim::models::Direct;
use ndis_sim::models::host::{ConnState, IndicateMode};
use ndis_sim::models::nic::Broken;
use ndis_sim::models::system::{Topology, assert_streams, offloaded};
use offload_tree::abi::*;

/// Both systems under test.
const BOTH: [Topology; 2] = [Topology::Direct, Topology::ThroughIm];

fn setup(t: Topology, seed: u64, groups: usize, per: usize, post: u32) -> (Direct, Vec<u32>) {
    offloaded(t, seed, groups, per, post)
}

/// Send `n` rounds of traffic both ways on every connection.
fn traffic(d: &Direct, ids: &[u32], rounds: usize, size: usize) {
    let _e = d.sim.enter();
    for r in 0..rounds {
        for &c in ids {
            d.binding.send(c, size + r);
            d.nic0.peer_send(c, size * 2 + r);
        }
        d.sim.advance(5);
    }
}

fn check_streams(d: &Direct, ids: &[u32]) {
    assert_streams(d, ids);
}

/// The Verifier log and the streams are clean and, through the IM, its books balance
/// against what the simulator sees outstanding.
fn clean(d: &Direct) {
    d.assert_clean();
    if let Some(b) = ndis_sim::im_harness::binding(&d.sim) {
        let stats = &b.offload.stats;
        assert_eq!(
            stats.save_areas.load(std::sync::atomic::Ordering::Acquire),
            d.sim.chimney_outstanding().1,
            "DP-8: one save area per NBL the NIC still holds (posted receives), no more"
        );
        let owed = stats
            .receive_returns
            .load(std::sync::atomic::Ordering::Acquire);
        assert_eq!(
            owed,
            d.nic0.indicated.borrow().len(),
            "DP-41: the IM owes exactly what the host holds"
        );
        assert_eq!(
            b.chimney.outstanding(),
            owed + d.sim.chimney_outstanding().1,
            "EV-30 step 4 counters"
        );
        let relayed = stats.io_down.load(std::sync::atomic::Ordering::Relaxed)
            + stats.receives_up.load(std::sync::atomic::Ordering::Relaxed);
        assert!(relayed > 0, "the IM relayed the traffic");
    }
}

#[test]
fn data_both_ways_with_posted_receives() {
    for t in BOTH {
        let (d, ids) = setup(t, 20, 2, 5, 1000);
        traffic(&d, &ids, 10, 300);
        d.settle();
        check_streams(&d, &ids);
        assert!(d.binding.sent_bytes.get() > 0);
        assert!(d.nic0.stats.get().tx_bytes > 0);
        clean(&d);
    }
}

#[test]
fn data_through_indications_accepted() {
    for t in BOTH {
        let (d, ids) = setup(t, 21, 1, 4, 0);
        traffic(&d, &ids, 5, 200);
        d.settle();
        check_streams(&d, &ids);
        assert!(d.nic0.stats.get().indications > 0);
        assert!(
            d.nic0.indicated.borrow().is_empty(),
            "every indicated NBL returned"
        );
        clean(&d);
    }
}

#[test]
fn refused_and_partly_accepted_indications_keep_the_stream() {
    for t in BOTH {
        for mode in [IndicateMode::Refuse, IndicateMode::Partial(77)] {
            let (d, ids) = setup(t, 22, 1, 3, 0);
            d.binding.indicate_mode.set(mode);
            traffic(&d, &ids, 6, 150);
            d.settle();
            check_streams(&d, &ids);
            clean(&d);
        }
    }
}

#[test]
fn upload_mid_stream_and_reoffload_keep_the_stream_intact() {
    for t in BOTH {
        let (d, ids) = setup(t, 23, 2, 4, 512);
        d.nic0.state_delay.set(Some(30));
        for round in 0..6 {
            traffic(&d, &ids, 3, 100 + round);
            let _e = d.sim.enter();
            // Upload half the connections while data is in flight, bring back the rest.
            for &c in &ids {
                if (c as usize + round).is_multiple_of(2) {
                    d.binding.upload(c);
                } else {
                    let g = d.binding.conns.borrow()[&c].group;
                    d.binding.offload(g, &[c]);
                }
            }
        }
        traffic(&d, &ids, 3, 90);
        d.settle();
        check_streams(&d, &ids);
        let uploads: u32 = d.binding.conns.borrow().values().map(|x| x.uploads).sum();
        assert!(uploads >= 8, "uploads happened: {uploads}");
        assert_eq!(d.sim.chimney_outstanding().0, 0);
        clean(&d);
    }
}

#[test]
fn terminate_returns_outstanding_sends_and_buffered_data() {
    for t in BOTH {
        let (d, ids) = setup(t, 24, 1, 2, 0);
        d.binding.indicate_mode.set(IndicateMode::Refuse);
        {
            let _e = d.sim.enter();
            // Stop transmission on the group, queue sends and receive data.
            d.binding.invalidate_neighbor(0);
        }
        d.settle();
        d.binding.indicate_mode.set(IndicateMode::Accept);
        {
            let _e = d.sim.enter();
            for &c in &ids {
                d.binding.send(c, 1000);
                d.binding.send(c, 500);
            }
        }
        d.settle();
        for &c in &ids {
            assert_eq!(
                d.binding.conns.borrow()[&c].outstanding.len(),
                2,
                "held by the NIC"
            );
            assert_eq!(d.peer.received(c), 0);
        }
        {
            let _e = d.sim.enter();
            d.binding.upload_group(0);
        }
        d.settle();
        assert_eq!(d.binding.count(ConnState::Host), 2);
        check_streams(&d, &ids);
        for &c in &ids {
            assert_eq!(
                d.peer.received(c),
                1500,
                "retransmitted by the host from SndUna"
            );
        }
        clean(&d);
    }
}

#[test]
fn buffered_receive_data_comes_back_at_terminate() {
    for t in BOTH {
        let (d, ids) = setup(t, 25, 1, 2, 0);
        d.binding.indicate_mode.set(IndicateMode::Refuse);
        // Refuse, then upload before the reposted buffer is used: data in BufferedData.
        {
            let _e = d.sim.enter();
            for &c in &ids {
                d.nic0.peer_send(c, 3000);
            }
            d.sim.advance(10);
            for &c in &ids {
                d.binding.upload(c);
            }
        }
        d.settle();
        check_streams(&d, &ids);
        for &c in &ids {
            assert_eq!(d.binding.received(c), 3000);
        }
        clean(&d);
    }
}

#[test]
fn forward_and_disconnects() {
    for t in BOTH {
        let (d, ids) = setup(t, 26, 1, 3, 256);
        traffic(&d, &ids, 2, 100);
        {
            let _e = d.sim.enter();
            d.binding.forward(ids[0]);
            d.binding.close(ids[0]);
            d.binding.disconnect(ids[1], TCP_DISCONNECT_ABORTIVE_CLOSE);
        }
        d.settle();
        assert_eq!(d.binding.forwards.get(), 1);
        assert_eq!(d.binding.disconnects.get(), 2);
        assert!(
            d.peer.conns.borrow()[&ids[0]].fin.is_some(),
            "FIN after the data"
        );
        assert!(d.peer.conns.borrow()[&ids[1]].reset);
        clean(&d);
    }
}

#[test]
fn every_tcp_event_reaches_the_host() {
    for t in BOTH {
        let (d, ids) = setup(t, 27, 1, 4, 256);
        traffic(&d, &ids, 2, 64);
        d.settle();
        {
            let _e = d.sim.enter();
            assert!(d.nic0.indicate_event(
                ids[0],
                TCP_OFFLOAD_EVENT_TYPE::TcpIndicateSendBacklogChange,
                4096
            ));
            assert!(d.nic0.indicate_event(
                ids[1],
                TCP_OFFLOAD_EVENT_TYPE::TcpIndicateDisconnect,
                0
            ));
            assert!(d.nic0.indicate_event(
                ids[2],
                TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve,
                TCP_UPLOAD_REASON::UploadRequested.0 as u32
            ));
            assert!(
                d.nic0
                    .indicate_event(ids[3], TCP_OFFLOAD_EVENT_TYPE::TcpIndicateAbort, 0)
            );
        }
        {
            let _e = d.sim.enter();
            d.nic0.indicate_neighbor_query();
        }
        d.settle();
        assert_eq!(d.binding.neighbor_events.borrow().as_slice(), [(2, true)]);
        let cs = d.binding.conns.borrow();
        assert_eq!(cs[&ids[0]].events, [(1, 4096)]);
        assert_eq!(cs[&ids[1]].events, [(2, 0)]);
        assert_eq!(cs[&ids[2]].state, ConnState::Host, "uploaded on retrieve");
        assert_eq!(cs[&ids[3]].state, ConnState::Host, "uploaded on abort");
        assert_eq!(cs[&ids[0]].state, ConnState::Offloaded);
        drop(cs);
        traffic(&d, &ids, 2, 64);
        d.settle();
        check_streams(&d, &ids);
        clean(&d);
    }
}

#[test]
fn event_storm_of_retrieves_uploads_each_once() {
    for t in BOTH {
        let (d, ids) = setup(t, 28, 2, 10, 256);
        {
            let _e = d.sim.enter();
            for _ in 0..5 {
                for &c in &ids {
                    d.nic0
                        .indicate_event(c, TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve, 1);
                }
                traffic(&d, &ids, 1, 50);
            }
        }
        d.settle();
        assert_eq!(d.binding.count(ConnState::Host), 20);
        assert!(d.binding.conns.borrow().values().all(|x| x.uploads == 1));
        check_streams(&d, &ids);
        clean(&d);
    }
}

#[test]
fn offload_pause_upload_all_and_resume_mid_traffic() {
    for t in BOTH {
        let (d, ids) = setup(t, 29, 3, 5, 512);
        traffic(&d, &ids, 3, 100);
        {
            let _e = d.sim.enter();
            d.nic0.indicate_status(NDIS_STATUS_OFFLOAD_PAUSE);
            d.nic0.indicate_status(NDIS_STATUS_UPLOAD_ALL);
        }
        traffic(&d, &ids, 3, 100);
        d.settle();
        assert_eq!(d.nic0.counts(), (0, 0, 0), "everything uploaded");
        assert_eq!(d.binding.count(ConnState::Host), 15);
        {
            let _e = d.sim.enter();
            d.binding.reoffload_all();
        }
        d.settle();
        assert_eq!(
            d.binding.count(ConnState::Host),
            15,
            "no offload while paused"
        );
        {
            let _e = d.sim.enter();
            d.nic0.indicate_status(NDIS_STATUS_OFFLOAD_RESUME);
        }
        d.settle();
        assert_eq!(
            d.binding.count(ConnState::Offloaded),
            15,
            "offloaded again on resume"
        );
        traffic(&d, &ids, 3, 100);
        d.settle();
        check_streams(&d, &ids);
        assert_eq!(
            d.binding.statuses.borrow().as_slice(),
            [
                NDIS_STATUS_OFFLOAD_PAUSE,
                NDIS_STATUS_UPLOAD_ALL,
                NDIS_STATUS_OFFLOAD_RESUME
            ]
        );
        clean(&d);
    }
}

#[test]
fn a_lost_terminate_aborts_the_connection() {
    for t in BOTH {
        let (d, ids) = setup(t, 30, 1, 2, 256);
        traffic(&d, &ids, 2, 100);
        *d.nic0.fault.borrow_mut() = Some(Box::new(move |b| {
            (b.op == offload_tree::tree::Operation::Terminate).then_some(NDIS_STATUS_FAILURE)
        }));
        {
            let _e = d.sim.enter();
            d.binding.upload(ids[0]);
        }
        d.settle();
        assert_eq!(d.binding.conns.borrow()[&ids[0]].state, ConnState::Aborted);
        assert!(d.peer.conns.borrow()[&ids[0]].reset);
        assert_eq!(
            d.sim.chimney_outstanding().0,
            0,
            "no state operation outstanding"
        );
        clean(&d);
    }
}

#[test]
fn the_peer_catches_a_lost_segment() {
    for t in BOTH {
        let (d, ids) = setup(t, 31, 1, 1, 256);
        d.nic0.broken.set(Some(Broken::DropSegment(3)));
        traffic(&d, &ids, 6, 100);
        d.settle();
        let v = d.sim.take_violations();
        assert!(!v.is_empty(), "a gap must be seen");
        assert!(
            v.iter().all(|x| x.rule == ndis_sim::Rule::Integrity),
            "{v:?}"
        );
        assert!(
            v[0].detail.contains(&format!("conn {}: gap", ids[0])),
            "{}",
            v[0].detail
        );
        assert!(!d.peer.failures.borrow().is_empty());
    }
}

#[test]
fn the_host_catches_a_corrupted_byte() {
    for t in BOTH {
        let (d, ids) = setup(t, 32, 1, 1, 256);
        d.nic0.broken.set(Some(Broken::FlipReceivedByte(2)));
        traffic(&d, &ids, 4, 100);
        d.settle();
        let v = d.sim.take_violations();
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].rule, ndis_sim::Rule::Integrity);
        assert!(
            v[0].detail.contains("wrong byte received"),
            "{}",
            v[0].detail
        );
    }
}
