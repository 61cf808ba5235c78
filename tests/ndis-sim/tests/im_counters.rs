//! The IM's chimney counters (issue 10), read as a user reads them: the host queries
//! OID_GEN_SUPPORTED_GUIDS and the custom OID it names, and the figures are checked
//! against what the scenario did (objects offloaded by type, bytes each way from the
//! peer's own counts, upload requests by reason, drains, the offload table).

use chimney_im::offload::counters::{
    CHIMNEY_IM_STATISTICS, GUID_CHIMNEY_IM_STATISTICS, NDIS_GUID, OID_CHIMNEY_IM_STATISTICS,
};
use ndis_sim::models::Direct;
use ndis_sim::models::host::ConnState;
use ndis_sim::models::system::{Topology, build};
use offload_tree::abi::*;

fn query<T: Copy + Default>(d: &Direct, oid: u32) -> (NDIS_STATUS, T) {
    let mut buf = vec![0u8; size_of::<T>()];
    let (status, written) = d.host.query_oid(&d.sim, 0, oid, &mut buf);
    if status == NDIS_STATUS_SUCCESS {
        assert_eq!(written as usize, size_of::<T>());
    }
    // SAFETY: the buffer holds exactly one T, a plain #[repr(C)] structure.
    (status, unsafe { buf.as_ptr().cast::<T>().read_unaligned() })
}

fn statistics(d: &Direct) -> CHIMNEY_IM_STATISTICS {
    let (status, s) = query::<CHIMNEY_IM_STATISTICS>(d, OID_CHIMNEY_IM_STATISTICS);
    assert_eq!(status, NDIS_STATUS_SUCCESS);
    assert_eq!(s.Size as usize, size_of::<CHIMNEY_IM_STATISTICS>());
    s
}

#[test]
fn the_counters_oid_reports_what_the_scenario_did() {
    let d = build(Topology::ThroughIm, 70, None).expect("system").d;
    d.binding.auto_post.set(0);
    // The GUID the MOF class names maps to the statistics OID.
    let (status, guid) = {
        let mut buf = vec![0u8; size_of::<NDIS_GUID>()];
        let (s, _) = d.host.query_oid(
            &d.sim,
            0,
            chimney_im::ndis::OID_GEN_SUPPORTED_GUIDS,
            &mut buf,
        );
        // SAFETY: one NDIS_GUID.
        (s, unsafe {
            buf.as_ptr().cast::<NDIS_GUID>().read_unaligned()
        })
    };
    assert_eq!(status, NDIS_STATUS_SUCCESS, "OID_GEN_SUPPORTED_GUIDS");
    assert_eq!(guid.Guid, GUID_CHIMNEY_IM_STATISTICS);
    assert_eq!(guid.Oid, OID_CHIMNEY_IM_STATISTICS);
    assert_eq!(guid.Size as usize, size_of::<CHIMNEY_IM_STATISTICS>());
    assert_eq!(
        guid.Flags, 0x21,
        "fNDIS_GUID_TO_OID | fNDIS_GUID_ALLOW_READ"
    );
    let zero = statistics(&d);
    assert_eq!(zero.ObjectsOffloaded, [0; 3]);
    let ids: Vec<u32> = {
        let _e = d.sim.enter();
        (0..3).flat_map(|_| d.binding.offload_new(5).1).collect()
    };
    d.settle();
    let s = statistics(&d);
    assert_eq!(
        s.ObjectsOffloaded,
        [3, 3, 15],
        "neighbors, paths, connections"
    );
    assert_eq!(s.ObjectsCurrent, [3, 3, 15]);
    assert_eq!(s.PoolLive, 21);
    assert!(s.PoolHighWater >= 21 && s.PoolEntries >= s.PoolHighWater);
    // Traffic both ways; every byte is acknowledged or consumed while offloaded.
    {
        let _e = d.sim.enter();
        for round in 0..4 {
            for &c in &ids {
                d.binding.send(c, 300 + round);
                d.binding.post_receive(c, 2000);
                d.nic0.peer_send(c, 200 + round);
            }
            d.sim.advance(5);
        }
    }
    d.settle();
    let s = statistics(&d);
    let to_peer: u64 = ids.iter().map(|&c| d.peer.received(c)).sum();
    let from_peer: u64 = ids.iter().map(|&c| d.binding.received(c)).sum();
    assert!(to_peer > 0 && from_peer > 0);
    assert_eq!(s.BytesSent, to_peer, "acknowledged send bytes");
    assert_eq!(s.BytesReceived, from_peer, "received bytes");
    assert!(s.IoRelayed >= 3 * ids.len() as u64);
    assert_eq!(s.IoRefused, 0);
    // Upload requests by reason: two timeouts from the NIC.
    {
        let _e = d.sim.enter();
        for &c in &ids[..2] {
            assert!(d.nic0.indicate_event(
                c,
                TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve,
                TCP_UPLOAD_REASON::TimeoutExpiration.0 as u32
            ));
        }
    }
    d.settle();
    let s = statistics(&d);
    assert_eq!(
        s.UploadRequests[TCP_UPLOAD_REASON::TimeoutExpiration.0 as usize],
        2
    );
    assert_eq!(s.ObjectsCurrent, [3, 3, 13], "the host uploaded both");
    // A drain: the lower binding pauses, everything comes back, once.
    d.sim.pause_adapter(&d.adapter);
    d.settle();
    let s = statistics(&d);
    assert_eq!(s.Drains, 1);
    assert!(s.DrainTime > 0, "the drain took simulated time");
    assert_eq!(s.UploadAllRequests, 1);
    assert_eq!(s.ObjectsCurrent, [0; 3]);
    assert_eq!(s.ObjectsOffloaded, [3, 3, 15], "cumulative");
    assert_eq!(s.PoolLive, 0);
    assert_eq!(d.binding.count(ConnState::Offloaded), 0);
    d.sim.restart_adapter(&d.adapter);
    d.settle();
    d.assert_clean();
}

#[test]
fn the_nics_chimney_statistics_reach_the_host_through_the_im() {
    let d = build(Topology::ThroughIm, 71, None).expect("system").d;
    d.binding.auto_post.set(512);
    let ids: Vec<u32> = {
        let _e = d.sim.enter();
        (0..2).flat_map(|_| d.binding.offload_new(4).1).collect()
    };
    d.settle();
    {
        let _e = d.sim.enter();
        for &c in &ids {
            d.binding.send(c, 1000);
            d.nic0.peer_send(c, 700);
        }
    }
    d.settle();
    // EV-41: forwarded to the NIC as a clone, its answer copied back unchanged.
    let (status, tcp) = query::<TCP_OFFLOAD_STATS>(&d, OID_TCP4_OFFLOAD_STATS);
    assert_eq!(status, NDIS_STATUS_SUCCESS);
    let nic = d.nic0.stats.get();
    assert!(nic.tx_segments > 0);
    assert_eq!(u64::from(tcp.OutSegments), nic.tx_segments);
    assert_eq!(tcp.CurrentlyEstablished as usize, ids.len());
    let (status, ip) = query::<IP_OFFLOAD_STATS>(&d, OID_IP4_OFFLOAD_STATS);
    assert_eq!(status, NDIS_STATUS_SUCCESS);
    assert_eq!(u64::from(ip.OutOctets), nic.tx_bytes);
    assert_eq!(u64::from(ip.OutRequests), nic.tx_segments);
    d.assert_clean();
}
