//! Helpers for the tests that run the real chimney-im driver in the simulator: the NIC
//! (TestMiniport) below, the driver registered through its generic DriverEntry, the
//! host (TestProtocol) bound to the velan above, and a flight-recorder dump for failing
//! scenarios.

use std::fmt::Write as _;
use std::rc::Rc;

use chimney_im::binding::Binding;
use chimney_im::recorder::{Entry, RING};

use crate::objects::{Adapter, Open, OpenState};
use crate::testdrivers::{TestAdapter, TestMiniport, TestProtocol};
use crate::{Sim, SimNdis};

/// The velan instance name the driver derives for the NIC (the first adapter:
/// BoundIfIndex 1).
pub const VELAN: &str = "chimney_im_velan1";

/// One configured system: NIC, IM, host.
pub struct ImSystem {
    /// The IM's driver object.
    pub driver_object: *mut chimney_im::ndis::DRIVER_OBJECT,
    /// The NIC driver.
    pub nic: &'static TestMiniport,
    /// The NIC adapter in the simulator.
    pub nic_adapter: Rc<Adapter>,
    /// The NIC's knobs and records.
    pub nic0: Rc<TestAdapter>,
    /// The host protocol above the velan.
    pub host: &'static TestProtocol,
}

/// NIC "nic0", the IM over it, the host over the velan; runs until idle.
pub fn setup(sim: &Sim) -> ImSystem {
    setup_with(sim, |_| {})
}

/// [`setup`], with `configure` run on the NIC's adapter before anything binds to it
/// (its general attributes, say).
pub fn setup_with(sim: &Sim, configure: impl FnOnce(&Rc<Adapter>)) -> ImSystem {
    sim.allow_binding(chimney_im::driver_entry::PROTOCOL_NAME, "nic0");
    sim.allow_binding("host", VELAN);
    let nic = TestMiniport::register(sim);
    let (nic_adapter, nic0) = nic.add_adapter(sim, "nic0");
    configure(&nic_adapter);
    let driver_object = register_im(sim);
    let host = TestProtocol::register(sim, "host");
    sim.run_until_idle();
    ImSystem {
        driver_object,
        nic,
        nic_adapter,
        nic0,
        host,
    }
}

/// Run the IM's DriverEntry; asserts success.
pub fn register_im(sim: &Sim) -> *mut chimney_im::ndis::DRIVER_OBJECT {
    let _e = sim.enter();
    let obj = sim.new_driver_object();
    // SAFETY: a fresh simulated driver object, as the I/O manager would pass.
    let s = unsafe { chimney_im::driver_entry::driver_entry::<SimNdis>(obj, std::ptr::null_mut()) };
    assert_eq!(s, 0, "DriverEntry");
    obj
}

/// The IM's live (not closed) open of the NIC, if any.
pub fn im_open(sim: &Sim) -> Option<Rc<Open>> {
    let p = sim.protocol_named(chimney_im::driver_entry::PROTOCOL_NAME)?;
    sim.opens_of(&p)
        .into_iter()
        .rev()
        .find(|o| o.state.get() != OpenState::Closed)
}

/// The binding context behind the IM's live open.
pub fn binding(sim: &Sim) -> Option<&'static Binding<SimNdis>> {
    let open = im_open(sim)?;
    // SAFETY: the IM's ProtocolBindingContext of a live open is its Binding.
    unsafe { Binding::<SimNdis>::from_handle(open.context) }
}

/// The flight recorder of a binding as text lines (oldest first).
pub fn recorder_dump(b: &Binding<SimNdis>) -> String {
    let mut entries = vec![
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
    let n = b.recorder.snapshot(&mut entries);
    let mut out = String::new();
    for e in entries.iter().take(n) {
        let _ = writeln!(
            out,
            "#{:<6} t={:<10} op={:<3} handle={:#x} arg={:#x} status={:#x}",
            e.seq, e.time, e.op, e.handle, e.arg, e.status
        );
    }
    out
}

/// `sim.assert_clean()`, printing the live binding's flight recorder first if it fails.
pub fn assert_clean(sim: &Sim) {
    if !sim.violations().is_empty()
        && let Some(b) = binding(sim)
    {
        eprintln!("flight recorder:\n{}", recorder_dump(b));
    }
    sim.assert_clean();
}

/// Unbind the IM from the NIC and run until idle.
pub fn unbind_im(sim: &Sim) {
    if let Some(open) = im_open(sim) {
        sim.unbind(&open);
    }
    sim.run_until_idle();
}

/// Unbind and unload the IM.
pub fn unload_im(sim: &Sim, system: &ImSystem) {
    unbind_im(sim);
    let _e = sim.enter();
    // SAFETY: the IM's driver object; no binding is left.
    unsafe { chimney_im::driver_entry::driver_unload::<SimNdis>(system.driver_object) };
}

/// A query with a `T`-sized buffer on a host binding, answered synchronously:
/// (status, value, BytesWritten).
///
/// # Panics
/// When the request pends.
pub fn query<T: Copy + Default>(
    sim: &Sim,
    binding: &crate::testdrivers::TestBinding,
    oid: u32,
) -> (chimney_im::ndis::NDIS_STATUS, T, u32) {
    use chimney_im::ndis::{NDIS_OID_REQUEST, NDIS_REQUEST_TYPE, NDIS_STATUS_PENDING};
    use chimney_im::platform::Ndis;
    let _e = sim.enter();
    let mut value = T::default();
    let mut r = Box::new(NDIS_OID_REQUEST::default());
    r.RequestType = NDIS_REQUEST_TYPE::NdisRequestQueryInformation;
    r.DATA.QUERY_INFORMATION.Oid = oid;
    r.DATA.QUERY_INFORMATION.InformationBuffer = (&raw mut value).cast();
    r.DATA.QUERY_INFORMATION.InformationBufferLength = size_of::<T>() as u32;
    let raw = Box::into_raw(r);
    // SAFETY: the host's own request and buffer on its binding.
    let s = unsafe { SimNdis::ndis_oid_request(binding.handle.get(), raw) };
    assert_ne!(s, NDIS_STATUS_PENDING, "answered synchronously");
    // SAFETY: completed synchronously; ours again.
    let r = unsafe { Box::from_raw(raw) };
    // SAFETY: a query.
    let written = unsafe { r.DATA.QUERY_INFORMATION.BytesWritten };
    (s, value, written)
}
