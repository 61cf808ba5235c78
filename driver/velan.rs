//! The upper edge (LC-18..LC-25, LC-30..LC-32, LC-62, LC-67..LC-68, LC-71): the
//! virtual miniport's MiniportInitializeEx with registration, general and offload
//! attributes derived from the lower adapter (connection offload advertised from the
//! NIC's capabilities and the offload table's capacity, or with every Support* field 0
//! when chimney is off, LC-23, EV-50..EV-52), MiniportPause that completes only
//! once forwarded sends and indicated receives are back (counted, event-signalled, no
//! polling), MiniportRestart, MiniportHaltEx that waits for everything outstanding and
//! continues a pended unbind, surprise removal and shutdown.

use core::ptr;
use core::sync::atomic::Ordering;

use crate::binding::{self, Binding, BindingState, Power, VelanState};
use crate::ndis::{
    NDIS_DEVICE_PNP_EVENT, NDIS_DEVICE_POWER_STATE,
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2,
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1, NDIS_PM_CAPABILITIES,
    NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2,
    NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1,
    NDIS_STATISTICS_BYTES_RCV_SUPPORTED, NDIS_STATISTICS_BYTES_XMIT_SUPPORTED,
    NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED, NDIS_STATISTICS_RCV_OK_SUPPORTED,
    NDIS_STATISTICS_XMIT_ERROR_SUPPORTED, NDIS_STATISTICS_XMIT_OK_SUPPORTED,
};
use crate::ndis::{
    NDIS_HALT_ACTION, NDIS_HANDLE, NDIS_MEDIUM, NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES,
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND,
    NDIS_OBJECT_HEADER, NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
    NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES,
    NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, NDIS_SHUTDOWN_ACTION, NDIS_STATUS,
    NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS, NDIS_TCP_CONNECTION_OFFLOAD,
    NET_DEVICE_PNP_EVENT, PNDIS_MINIPORT_INIT_PARAMETERS, PNDIS_MINIPORT_PAUSE_PARAMETERS,
    PNDIS_MINIPORT_RESTART_PARAMETERS, PNET_DEVICE_PNP_EVENT,
};
use crate::oid::SUPPORTED_OIDS;
use crate::platform::Ndis;
use crate::recorder::Op;
use offload_tree::abi::{
    NDIS_OBJECT_TYPE_DEFAULT, NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1,
    NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1,
};

/// `NDIS_MAC_OPTION_NO_LOOPBACK` (LC-20).
pub(crate) const NDIS_MAC_OPTION_NO_LOOPBACK: u32 = 0x0000_0008;
/// `NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1`.
const OFFLOAD_ATTRIBUTES_REVISION_1: u8 = 1;
/// `NDIS_ENCAPSULATION_IEEE_802_3` (LC-21: encapsulation stays 802.3).
const NDIS_ENCAPSULATION_IEEE_802_3: u32 = 0x0000_0002;

/// The connection-offload structure of a velan without chimney (LC-23, EV-50): every
/// Support* field NDIS_OFFLOAD_NOT_SUPPORTED (0); [`crate::offload::advertised`]
/// derives the chimney form from it.
pub(crate) fn advertised_tcp() -> NDIS_TCP_CONNECTION_OFFLOAD {
    NDIS_TCP_CONNECTION_OFFLOAD {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_DEFAULT, // EV-51 (0xA7 is the task-offload NDIS_OFFLOAD)
            NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1,
            NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1,
        ),
        Encapsulation: NDIS_ENCAPSULATION_IEEE_802_3,
        SupportFlags: 0,
        TcpConnectionOffloadCapacity: 0,
        Flags: 0,
    }
}

/// The velan's power capabilities (LC-15): the NIC's, with every wake-up floor
/// `NdisDeviceStateUnspecified`.
pub(crate) fn velan_pm_capabilities(nic: NDIS_PM_CAPABILITIES) -> NDIS_PM_CAPABILITIES {
    NDIS_PM_CAPABILITIES {
        MinMagicPacketWakeUp: NDIS_DEVICE_POWER_STATE::NdisDeviceStateUnspecified,
        MinPatternWakeUp: NDIS_DEVICE_POWER_STATE::NdisDeviceStateUnspecified,
        MinLinkChangeWakeUp: NDIS_DEVICE_POWER_STATE::NdisDeviceStateUnspecified,
        ..nic
    }
}

/// MiniportInitializeEx (LC-18..LC-25), PASSIVE_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn initialize<N: Ndis>(
    miniport_handle: NDIS_HANDLE,
    driver_context: NDIS_HANDLE,
    init_parameters: PNDIS_MINIPORT_INIT_PARAMETERS,
) -> NDIS_STATUS {
    let _ = driver_context;
    // SAFETY: NDIS's init parameters, valid for the call (null checked).
    let Some(params) = (unsafe { init_parameters.as_ref() }) else {
        return NDIS_STATUS_FAILURE;
    };
    // SAFETY: IMDeviceInstanceContext is the binding given to
    // NdisIMInitializeDeviceInstanceEx (LC-18), alive while its velan can initialize.
    let Some(b) = (unsafe { Binding::<N>::from_handle(params.IMDeviceInstanceContext) }) else {
        return NDIS_STATUS_FAILURE;
    };
    let st = b.states();
    // LC-68: a velan the system halted (a property change, a disable) is initialized
    // again over the same open binding; only an unbind ends the instance.
    let restarted = st.velan == VelanState::Halted
        && !b.lower().is_null()
        && b.unbind_phase.load(Ordering::Acquire) == binding::unbind_phase::NONE
        && !matches!(st.binding, BindingState::Closing | BindingState::Closed);
    if st.velan != VelanState::InitPending && !restarted {
        b.wrong_state(0x700);
        return NDIS_STATUS_FAILURE;
    }
    if restarted {
        fresh_velan(b);
    }
    b.velan.store(miniport_handle, Ordering::Release);
    let status = set_attributes(b, miniport_handle);
    b.log(Op::VelanInit, miniport_handle as usize, 0, status);
    {
        let mut st = b.states.lock();
        if status == NDIS_STATUS_SUCCESS {
            st.velan = VelanState::Paused;
            st.velan_power = Power::D0;
        } else {
            // LC-25: no halt follows a failed initialize.
            st.velan = VelanState::Halted;
        }
    }
    if status == NDIS_STATUS_SUCCESS {
        add_if_stack_entry(b, params.IfIndex);
    } else {
        b.velan.store(ptr::null_mut(), Ordering::Release);
    }
    // LC-25 / LC-65 step 2: an unbind waiting on this initialize continues now.
    binding::continue_unbind(b);
    status
}

/// LC-24: the velan's interface sits over the NIC's in the interface stack; a failure
/// is only recorded (the stack entry is informational).
fn add_if_stack_entry<N: Ndis>(b: &Binding<N>, velan_if_index: u32) {
    let lower_if_index = b.caps.lock().params.BoundIfIndex;
    // SAFETY: PASSIVE_LEVEL in MiniportInitializeEx.
    let s = unsafe { N::ndis_if_add_if_stack_entry(velan_if_index, lower_if_index) };
    if s == NDIS_STATUS_SUCCESS {
        let pair = (u64::from(velan_if_index) << 32) | u64::from(lower_if_index);
        b.if_stack.store(pair, Ordering::Release);
    }
    b.log(
        Op::IfStack,
        velan_if_index as usize,
        lower_if_index as usize,
        s,
    );
}

/// LC-24: remove the entry [`add_if_stack_entry`] made, once (halt).
fn delete_if_stack_entry<N: Ndis>(b: &Binding<N>) {
    let pair = b.if_stack.swap(0, Ordering::AcqRel);
    if pair == 0 {
        return;
    }
    let (higher, lower) = ((pair >> 32) as u32, pair as u32);
    // SAFETY: PASSIVE_LEVEL in MiniportHaltEx; the entry this velan added.
    unsafe { N::ndis_if_delete_if_stack_entry(higher, lower) };
    b.log(Op::IfStack, higher as usize, lower as usize, 1);
}

/// Forget what belonged to the velan instance that halted (issue 10: a property change
/// re-initializes the velan only): switches set from above by its protocols, a
/// surprise removal, a drain whose host has gone. Keywords are read again by the
/// initialize itself.
fn fresh_velan<N: Ndis>(b: &Binding<N>) {
    b.offload.switched_off.store(0, Ordering::Release);
    b.offload
        .resume_when_drained
        .store(false, Ordering::Release);
    let mut st = b.states.lock();
    st.surprise_removed = false;
    if b.entries.outstanding() == 0 {
        st.draining = false;
    }
    drop(st);
    b.log(Op::VelanInit, 0, 1, 0);
}

/// Registration, general and offload attributes, in that order (LC-18..LC-21).
fn set_attributes<N: Ndis>(b: &Binding<N>, handle: NDIS_HANDLE) -> NDIS_STATUS {
    let mut reg = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        RegistrationAttributes: NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
                NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1,
                NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1,
            ),
            MiniportAdapterContext: b.handle(),
            // LC-19: required for IMs; no hang check.
            AttributeFlags: NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND,
            CheckForHangTimeInSeconds: 0,
            ..Default::default()
        },
    };
    // SAFETY: PASSIVE_LEVEL in MiniportInitializeEx; attributes live for the call.
    let s = unsafe { N::ndis_m_set_miniport_attributes(handle, &raw mut reg) };
    if s != NDIS_STATUS_SUCCESS {
        return s;
    }
    let caps = *b.caps.lock();
    let p = caps.params;
    let mut oids = SUPPORTED_OIDS;
    // LC-15: the NIC's power capabilities, its wake-up floors hidden (the velan wakes
    // nothing itself); LC-20: RSS capabilities only if the NIC has them.
    let mut pm = caps.pm.map(velan_pm_capabilities);
    let mut rss = caps.rss;
    let pm_ptr = pm.as_mut().map_or(ptr::null_mut(), ptr::from_mut);
    let rss_ptr = rss.as_mut().map_or(ptr::null_mut(), ptr::from_mut);
    let mut general = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        GeneralAttributes: NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
                NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2,
                NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2,
            ),
            // LC-20: copied from the binding.
            MediaType: NDIS_MEDIUM::NdisMedium802_3,
            PhysicalMediumType: p.PhysicalMediumType,
            MtuSize: p.MtuSize,
            MaxXmitLinkSpeed: p.MaxXmitLinkSpeed,
            XmitLinkSpeed: caps.link.XmitLinkSpeed,
            MaxRcvLinkSpeed: p.MaxRcvLinkSpeed,
            RcvLinkSpeed: caps.link.RcvLinkSpeed,
            MediaConnectState: caps.link.MediaConnectState,
            MediaDuplexState: caps.link.MediaDuplexState,
            LookaheadSize: p.LookaheadSize,
            MacOptions: p.MacOptions | NDIS_MAC_OPTION_NO_LOOPBACK,
            SupportedPacketFilters: p.SupportedPacketFilters,
            MaxMulticastListSize: p.MaxMulticastListSize,
            MacAddressLength: p.MacAddressLength,
            PermanentMacAddress: p.CurrentMacAddress,
            CurrentMacAddress: p.CurrentMacAddress,
            AccessType: p.AccessType,
            DirectionType: p.DirectionType,
            ConnectionType: p.ConnectionType,
            IfType: p.IfType,
            IfConnectorPresent: 0,
            SupportedStatistics: NDIS_STATISTICS_XMIT_OK_SUPPORTED
                | NDIS_STATISTICS_RCV_OK_SUPPORTED
                | NDIS_STATISTICS_XMIT_ERROR_SUPPORTED
                | NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED
                | NDIS_STATISTICS_BYTES_XMIT_SUPPORTED
                | NDIS_STATISTICS_BYTES_RCV_SUPPORTED,
            SupportedOidList: oids.as_mut_ptr(),
            SupportedOidListLength: size_of_val(&oids) as u32,
            RecvScaleCapabilities: rss_ptr,
            // NDIS 6.20 and later: only the Ex member (LC-4, LC-20).
            PowerManagementCapabilitiesEx: pm_ptr,
            ..Default::default()
        },
    };
    // SAFETY: as above; the OID list lives for the call (NDIS copies it).
    let s = unsafe { N::ndis_m_set_miniport_attributes(handle, &raw mut general) };
    if s != NDIS_STATUS_SUCCESS {
        return s;
    }
    // LC-21, LC-23: offload attributes (MUX defect 5: it sets none). Task offloads are
    // the NIC's DefaultOffloadConfiguration as copied at bind (frames pass unchanged,
    // so 802.3 encapsulation stays); the NIC's hardware task capabilities are not in
    // the bind parameters, so the current configuration stands for both.
    let mut task = caps.task_offload;
    let task_ptr: *mut crate::ndis::NDIS_OFFLOAD = if task.len == 0 {
        ptr::null_mut()
    } else {
        task.bytes.as_mut_ptr().cast()
    };
    // DP-3 before the offload attributes (EV-60), then EV-50/EV-51: the NIC's Support*
    // bits and the capacity the offload table holds, or every Support* 0.
    crate::offload::fetch_upcalls(b, handle);
    crate::offload::read_chimney_keywords(b, handle);
    let mut hw = crate::offload::advertised_hardware(b, advertised_tcp());
    let mut config = crate::offload::advertised(b, advertised_tcp());
    let mut offload = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        OffloadAttributes: NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES,
                OFFLOAD_ATTRIBUTES_REVISION_1,
                size_of::<NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES>() as u16,
            ),
            DefaultOffloadConfiguration: task_ptr,
            HardwareOffloadCapabilities: task_ptr,
            DefaultTcpConnectionOffloadConfiguration: &raw mut config,
            TcpConnectionOffloadHardwareCapabilities: &raw mut hw,
        },
    };
    // SAFETY: as above; the structures live for the call (NDIS copies them).
    unsafe { N::ndis_m_set_miniport_attributes(handle, &raw mut offload) }
}

/// MiniportHaltEx (LC-67, LC-68), PASSIVE_LEVEL: wait (events, bounded) for
/// everything outstanding, stop using the miniport handle, continue a pended unbind.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn halt<N: Ndis>(
    adapter_context: NDIS_HANDLE,
    action: NDIS_HALT_ACTION,
) {
    // SAFETY: our MiniportAdapterContext (the binding), alive until after halt.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return;
    };
    b.log(
        Op::VelanHalt,
        b.velan() as usize,
        action.0.cast_unsigned() as usize,
        0,
    );
    b.states.lock().velan = VelanState::Halting;
    // LC-29: event-signalled drains, never NdisMSleep (MUX defect 3).
    b.wait_drain(&b.sends, 0x801);
    b.wait_drain(&b.receives, 0x802);
    b.wait_drain(&b.oids, 0x803);
    b.wait_drain(&b.chimney, 0x804);
    b.velan_pause_pending.store(false, Ordering::Release);
    delete_if_stack_entry(b);
    b.velan.store(ptr::null_mut(), Ordering::Release);
    b.states.lock().velan = VelanState::Halted;
    // LC-65 step 4 (a halt the IM did not cause leaves the binding open, LC-68).
    binding::continue_unbind(b);
}

/// MiniportPause (LC-30, LC-31), PASSIVE_LEVEL: new sends fail with PAUSED; completes
/// when forwarded sends and indicated receives are back (MUX defect 1: it does not).
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn pause<N: Ndis>(
    adapter_context: NDIS_HANDLE,
    pause_parameters: PNDIS_MINIPORT_PAUSE_PARAMETERS,
) -> NDIS_STATUS {
    let _ = pause_parameters;
    // SAFETY: our MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return NDIS_STATUS_SUCCESS;
    };
    {
        let mut st = b.states.lock();
        if st.velan != VelanState::Running {
            drop(st);
            b.wrong_state(0x900);
            return NDIS_STATUS_SUCCESS;
        }
        st.velan = VelanState::Pausing;
    }
    let outstanding = b.sends.outstanding() + b.receives.outstanding();
    b.log(Op::VelanPause, b.velan() as usize, outstanding, 0);
    b.velan_pause_pending.store(true, Ordering::Release);
    if b.sends.outstanding() == 0
        && b.receives.outstanding() == 0
        && b.velan_pause_pending.swap(false, Ordering::AcqRel)
    {
        b.states.lock().velan = VelanState::Paused;
        b.log(
            Op::VelanPauseDone,
            b.velan() as usize,
            0,
            NDIS_STATUS_SUCCESS,
        );
        return NDIS_STATUS_SUCCESS;
    }
    NDIS_STATUS_PENDING
}

/// Finish a pended velan pause once sends and receives are back (LC-30): called after
/// every decrement of those counters; completes exactly once.
pub fn check_pause<N: Ndis>(b: &Binding<N>) {
    if b.sends.outstanding() != 0 || b.receives.outstanding() != 0 {
        return;
    }
    if !b.velan_pause_pending.swap(false, Ordering::AcqRel) {
        return;
    }
    b.states.lock().velan = VelanState::Paused;
    b.log(
        Op::VelanPauseDone,
        b.velan() as usize,
        0,
        NDIS_STATUS_SUCCESS,
    );
    // SAFETY: the velan's handle; a pause is pending on it (the swap took it once).
    unsafe { N::ndis_m_pause_complete(b.velan()) };
}

/// MiniportRestart (LC-32), PASSIVE_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn restart<N: Ndis>(
    adapter_context: NDIS_HANDLE,
    restart_parameters: PNDIS_MINIPORT_RESTART_PARAMETERS,
) -> NDIS_STATUS {
    // SAFETY: our MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return NDIS_STATUS_FAILURE;
    };
    {
        let mut st = b.states.lock();
        if st.velan != VelanState::Paused {
            drop(st);
            b.wrong_state(0xA00);
            return NDIS_STATUS_FAILURE;
        }
        st.velan = VelanState::Running;
    }
    // SAFETY: NDIS's restart parameters, valid for the call (null checked).
    if let Some(p) = unsafe { restart_parameters.as_ref() } {
        // LC-32: the stack above sees the binding's current capabilities.
        // SAFETY: the restart-attributes list NDIS passed with this call.
        unsafe { crate::restart::apply_to_velan(b, p.RestartAttributes) };
    }
    b.log(Op::VelanRestart, b.velan() as usize, 0, NDIS_STATUS_SUCCESS);
    binding::flush_link_state(b);
    NDIS_STATUS_SUCCESS
}

/// MiniportDevicePnPEventNotify (LC-62), PASSIVE_LEVEL.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn device_pnp_event_notify<N: Ndis>(
    adapter_context: NDIS_HANDLE,
    event: PNET_DEVICE_PNP_EVENT,
) {
    // SAFETY: our MiniportAdapterContext.
    let Some(b) = (unsafe { Binding::<N>::from_handle(adapter_context) }) else {
        return;
    };
    // SAFETY: NDIS's event, valid for the call (null checked).
    let Some(e): Option<&NET_DEVICE_PNP_EVENT> = (unsafe { event.as_ref() }) else {
        return;
    };
    b.log(
        Op::DevicePnp,
        0,
        e.DevicePnPEvent.0.cast_unsigned() as usize,
        0,
    );
    if e.DevicePnPEvent == NDIS_DEVICE_PNP_EVENT::NdisDevicePnPEventSurpriseRemoved {
        b.states.lock().surprise_removed = true;
    }
}

/// MiniportShutdownEx (LC-71): nothing to do for a virtual device; any IRQL safe.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
pub unsafe extern "system" fn shutdown<N: Ndis>(
    adapter_context: NDIS_HANDLE,
    action: NDIS_SHUTDOWN_ACTION,
) {
    let _ = (adapter_context, action);
}
