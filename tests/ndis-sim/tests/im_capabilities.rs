//! The real chimney-im driver in the simulator: what the velan shows the host stack of
//! the NIC below it, and how that follows the NIC. Power-management capabilities
//! mirrored with the wake-up floors hidden (LC-15, LC-20) and OID_PNP_CAPABILITIES
//! answered locally (LC-39); RSS capabilities only when the NIC has them (LC-20); the
//! interface stack entry from velan initialize to halt (LC-24); restart attributes
//! taken from below and handed to the host when the velan restarts (LC-32, LC-35);
//! a wake-up capability change passed up with NdisMNetPnPEvent (LC-64).

use std::rc::Rc;

use chimney_im::ndis::*;
use ndis_sim::im_harness::{self, ImSystem};
use ndis_sim::objects::{Adapter, GeneralAttributes};
use ndis_sim::testdrivers::TestBinding;
use ndis_sim::{Sim, SimNdis};

const D3: NDIS_DEVICE_POWER_STATE = NDIS_DEVICE_POWER_STATE::NdisDeviceStateD3;
const UNSPECIFIED: NDIS_DEVICE_POWER_STATE = NDIS_DEVICE_POWER_STATE::NdisDeviceStateUnspecified;

/// A wake-capable NIC's power capabilities (magic packet and bitmap patterns from D3).
fn nic_pm() -> NDIS_PM_CAPABILITIES {
    NDIS_PM_CAPABILITIES {
        Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_DEFAULT,
            NDIS_PM_CAPABILITIES_REVISION_2,
            NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2,
        ),
        Flags: 0x3,
        SupportedWoLPacketPatterns: 0x0101,
        NumTotalWoLPatterns: 8,
        MaxWoLPatternSize: 128,
        MaxWoLPatternOffset: 256,
        MaxWoLPacketSaveBuffer: 64,
        SupportedProtocolOffloads: 0x3,
        NumArpOffloadIPv4Addresses: 2,
        NumNSOffloadIPv6Addresses: 2,
        MinMagicPacketWakeUp: D3,
        MinPatternWakeUp: D3,
        MinLinkChangeWakeUp: D3,
        SupportedWakeUpEvents: 0x1,
        MediaSpecificWakeUpEvents: 0,
    }
}

fn nic_rss() -> NDIS_RECEIVE_SCALE_CAPABILITIES {
    NDIS_RECEIVE_SCALE_CAPABILITIES {
        Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_RSS_CAPABILITIES,
            NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_2,
            NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_2,
        ),
        CapabilitiesFlags: 0x0F00_0000,
        NumberOfInterruptMessages: 8,
        NumberOfReceiveQueues: 4,
        NumberOfIndirectionTableEntries: 128,
    }
}

/// The IM over a NIC whose general attributes `configure` sets before anything binds.
fn system(sim: &Sim, configure: impl FnOnce(&mut GeneralAttributes)) -> ImSystem {
    im_harness::setup_with(sim, |nic: &Rc<Adapter>| sim.update_general(nic, configure))
}

fn host_binding(system: &ImSystem) -> Rc<TestBinding> {
    system.host.binding(system.host.bindings.borrow().len() - 1)
}

#[test]
fn the_velan_shows_the_nics_power_capabilities_without_its_wake_up_floors() {
    let sim = Sim::new(301);
    let system = system(&sim, |g| g.pm = Some(nic_pm()));
    let hb = host_binding(&system);
    let seen = hb.bind_params.get().expect("the host bound");
    let pm = seen
        .pm
        .expect("LC-20: the velan reports power capabilities");
    let nic = nic_pm();
    // LC-15: every floor hidden, the rest is the NIC's.
    assert_eq!(
        (
            pm.MinMagicPacketWakeUp,
            pm.MinPatternWakeUp,
            pm.MinLinkChangeWakeUp
        ),
        (UNSPECIFIED, UNSPECIFIED, UNSPECIFIED)
    );
    assert_eq!(
        NDIS_PM_CAPABILITIES {
            MinMagicPacketWakeUp: D3,
            MinPatternWakeUp: D3,
            MinLinkChangeWakeUp: D3,
            ..pm
        },
        nic
    );
    assert!(
        seen.params.PowerManagementCapabilities.is_null(),
        "NDIS 6.20+: only the Ex member"
    );
    // LC-39: OID_PNP_CAPABILITIES from the bind parameters, never from the NIC.
    let (s, caps, written) =
        im_harness::query::<NDIS_PNP_CAPABILITIES>(&sim, &hb, OID_PNP_CAPABILITIES);
    assert_eq!(s, NDIS_STATUS_SUCCESS);
    assert_eq!(written as usize, size_of::<NDIS_PNP_CAPABILITIES>());
    assert_eq!(
        caps.WakeUpCapabilities,
        NDIS_PM_WAKE_UP_CAPABILITIES {
            MinMagicPacketWakeUp: UNSPECIFIED,
            MinPatternWakeUp: UNSPECIFIED,
            MinLinkChangeWakeUp: UNSPECIFIED,
        }
    );
    assert!(
        !system.nic0.oids.borrow().contains(&OID_PNP_CAPABILITIES),
        "LC-39: not forwarded"
    );
    // Too short a buffer: the size it needs, nothing written.
    let (s, _, written) = im_harness::query::<u32>(&sim, &hb, OID_PNP_CAPABILITIES);
    assert_ne!(s, NDIS_STATUS_SUCCESS);
    assert_eq!(written, 0);
    im_harness::unbind_im(&sim);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

#[test]
fn rss_capabilities_are_mirrored_only_when_the_nic_has_them() {
    for nic_has_rss in [true, false] {
        let sim = Sim::new(302);
        let system = system(&sim, |g| g.rss = nic_has_rss.then(nic_rss));
        let seen = host_binding(&system).bind_params.get().expect("bound");
        assert_eq!(
            seen.rss,
            nic_has_rss.then(nic_rss),
            "nic has RSS: {nic_has_rss}"
        );
        // No PM capabilities below: none above either.
        assert_eq!(seen.pm, None);
        im_harness::assert_clean(&sim);
    }
}

#[test]
fn the_interface_stack_entry_lives_from_velan_initialize_to_halt() {
    let sim = Sim::new(303);
    let system = im_harness::setup(&sim);
    let velan = sim
        .adapter_named(im_harness::VELAN)
        .expect("the velan exists");
    // LC-24: velan over NIC, by the IfIndex NDIS gave each.
    assert_eq!(
        sim.if_stack(),
        vec![(velan.if_index, system.nic_adapter.if_index)]
    );
    let seen = host_binding(&system).bind_params.get().expect("bound");
    assert_eq!(seen.params.BoundIfIndex, velan.if_index);
    im_harness::unbind_im(&sim);
    assert_eq!(sim.if_stack(), vec![], "LC-24: removed in halt");
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

#[test]
fn restart_attributes_carry_the_nics_new_mtu_and_rss_to_the_host() {
    let sim = Sim::new(304);
    let system = system(&sim, |_| {});
    let hb = host_binding(&system);
    let velan = sim.adapter_named(im_harness::VELAN).expect("velan");
    let mtu_at_bind = hb.bind_params.get().expect("bound").params.MtuSize;
    // A filter below the IM raises the MTU and brings RSS while the stack is paused.
    let nic = &system.nic_adapter;
    sim.pause_adapter(nic);
    sim.run_until_idle();
    sim.update_general(nic, |g| {
        g.attributes.MtuSize = 9000;
        g.attributes.LookaheadSize = 512;
        g.rss = Some(nic_rss());
    });
    sim.restart_adapter(nic);
    sim.run_until_idle();
    // The velan restarts (a filter above it came and went): the host learns them.
    sim.pause_adapter(&velan);
    sim.run_until_idle();
    sim.restart_adapter(&velan);
    sim.run_until_idle();
    let restarts = hb.restarts.borrow().clone();
    let last = restarts.last().expect("the host saw restart attributes");
    assert_ne!(mtu_at_bind, 9000);
    assert_eq!(
        (last.MtuSize, last.LookaheadSize),
        (9000, 512),
        "LC-32, LC-35"
    );
    assert!(
        last.MacOptions & 0x8 != 0,
        "LC-20: NDIS_MAC_OPTION_NO_LOOPBACK stays"
    );
    // NDIS keeps what MiniportRestart wrote: a later bind sees it too.
    let kept = velan.general.borrow().expect("general attributes");
    assert_eq!(kept.attributes.MtuSize, 9000);
    assert_eq!(kept.rss, None, "no RSS structure of NDIS's to write into");
    im_harness::unbind_im(&sim);
    assert_eq!(sim.check_leaks(), 0);
    im_harness::assert_clean(&sim);
}

#[test]
fn a_wake_up_capability_change_below_reaches_the_host() {
    let sim = Sim::new(305);
    let system = system(&sim, |g| g.pm = Some(nic_pm()));
    let hb = host_binding(&system);
    let open = im_harness::im_open(&sim).expect("the IM's open");
    let before = hb.pnp.borrow().len();
    let s = sim.net_pnp(&open, NET_PNP_EVENT_CODE::NetEventPnPCapabilities, &[]);
    assert_eq!(s, Some(NDIS_STATUS_SUCCESS));
    // LC-64: passed up once, with NdisMNetPnPEvent on the velan.
    assert_eq!(
        hb.pnp.borrow()[before..],
        [NET_PNP_EVENT_CODE::NetEventPnPCapabilities]
    );
    // Without a velan there is nobody to tell, and nothing fails.
    im_harness::unbind_im(&sim);
    im_harness::assert_clean(&sim);
}

#[test]
fn the_velan_reports_the_nics_hardware_capabilities_apart_from_its_current_configuration() {
    use ndis_sim::models::system::{Topology, build_with};
    const IPV6: u32 = 0b1100;
    // The NIC's own keyword turns IPv6 chimney off in its current configuration only.
    for nic_ipv6_on in [false, true] {
        let d = build_with(Topology::ThroughIm, 306, None, None, |sim| {
            if !nic_ipv6_on {
                sim.set_device_config("nic0", "*TCPConnectionOffloadIPv6", 0);
            }
        })
        .expect("system")
        .d;
        let nic = d.adapter.tcp_connection_offload_config.get().expect("NIC");
        assert_eq!(
            nic.SupportFlags & IPV6 != 0,
            nic_ipv6_on,
            "the NIC's own config"
        );
        let velan = d.sim.adapter_named(im_harness::VELAN).expect("velan");
        let hw = velan.tcp_connection_offload.get().expect("EV-50");
        let current = velan.tcp_connection_offload_config.get().expect("EV-50");
        // LC-14: the hardware capabilities came from the query after the open (the bind
        // parameters carry the current configuration only); LC-21: reported apart.
        assert_ne!(
            hw.SupportFlags & IPV6,
            0,
            "hardware: IPv6 (nic on: {nic_ipv6_on})"
        );
        assert_eq!(current.SupportFlags, nic.SupportFlags, "current: the NIC's");
        assert_eq!(
            hw.TcpConnectionOffloadCapacity,
            current.TcpConnectionOffloadCapacity
        );
        // The velan's own OID answers agree with its attributes.
        let b = im_harness::binding(&d.sim).expect("IM binding");
        let answered = |oid: u32| answered_full(&d, b, oid).SupportFlags;
        assert_eq!(
            answered(offload_tree::abi::OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES),
            hw.SupportFlags
        );
        assert_eq!(
            answered(offload_tree::abi::OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG),
            current.SupportFlags
        );
        // EV-15: the NIC's hardware capabilities change (capacity 9): the hardware
        // answer follows; the current configuration keeps its own families and is
        // clamped to the new hardware (it cannot exceed it).
        {
            let _e = d.sim.enter();
            d.nic0.indicate_status_with(
                offload_tree::abi::NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
                &mut ndis_sim::models::nic::NicAdapter::capability_bytes(9),
            );
        }
        d.settle();
        let hw_after = answered_full(
            &d,
            b,
            offload_tree::abi::OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES,
        );
        let current_after = answered_full(
            &d,
            b,
            offload_tree::abi::OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG,
        );
        assert_eq!(hw_after.TcpConnectionOffloadCapacity, 9);
        assert_ne!(hw_after.SupportFlags & IPV6, 0);
        assert_eq!(current_after.TcpConnectionOffloadCapacity, 9);
        assert_eq!(
            current_after.SupportFlags, nic.SupportFlags,
            "families unchanged"
        );
        d.sim.assert_clean();
    }
}

/// General restart attributes saying MTU `mtu`, otherwise empty.
fn restart_general(mtu: u32) -> NDIS_RESTART_GENERAL_ATTRIBUTES {
    NDIS_RESTART_GENERAL_ATTRIBUTES {
        Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES,
            NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_2,
            NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_2,
        ),
        MtuSize: mtu,
        MaxXmitLinkSpeed: ULONG64(0),
        MaxRcvLinkSpeed: ULONG64(0),
        LookaheadSize: 0,
        MacOptions: 0,
        SupportedPacketFilters: 0,
        MaxMulticastListSize: 0,
        RecvScaleCapabilities: std::ptr::null_mut(),
        AccessType: NET_IF_ACCESS_TYPE::default(),
        Flags: 0,
        ConnectionType: NET_IF_CONNECTION_TYPE::default(),
        SupportedStatistics: 0,
        DataBackFillSize: 0,
        ContextBackFillSize: 0,
        SupportedOidList: std::ptr::null_mut(),
        SupportedOidListLength: 0,
        MaxLookaheadSizeAccessed: 0,
    }
}

/// Pause the IM's binding, then restart it with one restart-attributes entry (16-byte
/// aligned, as NDIS allocates it) carrying general attributes of MTU 4000, after
/// `edit` has spoiled the entry, the attributes or the event's buffer length.
fn restart_with(
    sim: &Sim,
    open: &std::rc::Rc<ndis_sim::objects::Open>,
    edit: &dyn Fn(*mut NDIS_RESTART_ATTRIBUTES, &mut NDIS_RESTART_GENERAL_ATTRIBUTES, &mut usize),
) {
    let data_at = std::mem::offset_of!(NDIS_RESTART_ATTRIBUTES, Data);
    let mut buffer =
        vec![0u128; (data_at + size_of::<NDIS_RESTART_GENERAL_ATTRIBUTES>()).div_ceil(16)];
    let head = buffer.as_mut_ptr().cast::<NDIS_RESTART_ATTRIBUTES>();
    let mut general = restart_general(4000);
    let mut length = size_of::<NDIS_PROTOCOL_RESTART_PARAMETERS>();
    // SAFETY: the buffer holds the entry's members.
    unsafe { (*head).Oid = OID_GEN_MINIPORT_RESTART_ATTRIBUTES };
    // SAFETY: as above.
    unsafe { (*head).DataLength = size_of::<NDIS_RESTART_GENERAL_ATTRIBUTES>() as u32 };
    edit(head, &mut general, &mut length);
    // SAFETY: a place projection inside the buffer.
    let data = unsafe { &raw mut (*head).Data }.cast::<NDIS_RESTART_GENERAL_ATTRIBUTES>();
    // SAFETY: from `Data` the buffer holds the general attributes.
    unsafe { data.write(general) };
    let params = NDIS_PROTOCOL_RESTART_PARAMETERS {
        RestartAttributes: head,
        ..Default::default()
    };
    // SAFETY: plain-data parameters viewed as the event's bytes.
    let bytes = unsafe {
        std::slice::from_raw_parts(
            (&raw const params).cast::<u8>(),
            size_of::<NDIS_PROTOCOL_RESTART_PARAMETERS>(),
        )
    };
    // NDIS pauses a binding before it restarts it (the pause may pend).
    let _ = sim.net_pnp(open, NET_PNP_EVENT_CODE::NetEventPause, &[]);
    sim.run_until_idle();
    assert_eq!(
        sim.net_pnp(
            open,
            NET_PNP_EVENT_CODE::NetEventRestart,
            &bytes[..length.min(bytes.len())]
        ),
        Some(NDIS_STATUS_SUCCESS)
    );
    sim.run_until_idle();
    drop(buffer);
}

/// LC-35 with bad input: a NetEventRestart whose restart attributes are cut short,
/// cyclic, of the wrong size or type is not trusted (bounded walk, every size checked):
/// the binding keeps its capabilities, nothing panics, nothing is read past a buffer.
/// A well-formed list after them is taken, so the check can tell the two apart.
#[test]
fn malformed_restart_attributes_are_ignored_not_trusted() {
    let sim = Sim::new(307);
    let _system = im_harness::setup(&sim);
    let open = im_harness::im_open(&sim).expect("the IM's open");
    let mtu = || {
        let _e = sim.enter();
        im_harness::binding(&sim)
            .expect("bound")
            .caps
            .lock()
            .params
            .MtuSize
    };
    let before = mtu();
    // A cyclic list of entries that are not general attributes.
    restart_with(&sim, &open, &|head, _, _| {
        // SAFETY: the test's own entry.
        unsafe { (*head).Oid = 0x1234 };
        // SAFETY: as above.
        unsafe { (*head).Next = head };
    });
    assert_eq!(mtu(), before, "cyclic list");
    restart_with(&sim, &open, &|head, _, _| {
        // SAFETY: the test's own entry.
        unsafe { (*head).DataLength = 8 };
    });
    assert_eq!(mtu(), before, "DataLength shorter than revision 1");
    restart_with(&sim, &open, &|_, g, _| g.Header.Type = 0x80);
    assert_eq!(mtu(), before, "wrong type");
    restart_with(&sim, &open, &|_, g, _| g.Header.Size = 16);
    assert_eq!(mtu(), before, "header Size below revision 1");
    restart_with(&sim, &open, &|_, _, length| *length = 8);
    assert_eq!(mtu(), before, "event buffer shorter than the parameters");
    restart_with(&sim, &open, &|_, _, _| {});
    assert_eq!(mtu(), 4000, "LC-35: a well-formed list is taken");
    im_harness::assert_clean(&sim);
}

/// The velan's answer to a connection-offload query, through its MiniportOidRequest.
fn answered_full(
    d: &ndis_sim::models::Direct,
    b: &chimney_im::binding::Binding<SimNdis>,
    oid: u32,
) -> NDIS_TCP_CONNECTION_OFFLOAD {
    let _e = d.sim.enter();
    let mut value = NDIS_TCP_CONNECTION_OFFLOAD::default();
    let mut r = NDIS_OID_REQUEST {
        RequestType: NDIS_REQUEST_TYPE::NdisRequestQueryInformation,
        ..Default::default()
    };
    r.DATA.QUERY_INFORMATION.Oid = oid;
    r.DATA.QUERY_INFORMATION.InformationBuffer = (&raw mut value).cast();
    r.DATA.QUERY_INFORMATION.InformationBufferLength = size_of_val(&value) as u32;
    // SAFETY: the velan's MiniportOidRequest with its adapter context and a request
    // that lives for the (synchronous) call.
    let s = unsafe { chimney_im::oid::request::<SimNdis>(b.handle(), &raw mut r) };
    assert_eq!(s, NDIS_STATUS_SUCCESS);
    value
}
