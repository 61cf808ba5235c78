//! Registration and unload (LC-1..LC-9, LC-69): DriverEntry registers the virtual
//! miniport as an NDIS 6.30 intermediate driver, then the protocol under the INF's
//! service name, then associates the two; every failure undoes what was done. The
//! per-driver context lives in a driver-object extension (IoAllocateDriverObjectExtension)
//! so that the unload handler, which only receives the DRIVER_OBJECT, finds it again;
//! the driver keeps no global mutable state. The SetOptions callbacks register the
//! chimney optional handlers (LC-6/LC-7, OP-2, OP-3, DP-1, DP-2).

use core::marker::PhantomData;
use core::ptr;
use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use crate::ndis::{
    DRIVER_OBJECT, NDIS_HANDLE, NDIS_INTERMEDIATE_DRIVER, NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2, NDIS_MINIPORT_MAJOR_VERSION,
    NDIS_MINIPORT_MINOR_VERSION, NDIS_OBJECT_HEADER,
    NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
    NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2, NDIS_PROTOCOL_MAJOR_VERSION,
    NDIS_PROTOCOL_MINOR_VERSION, NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
    NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2, NDIS_STATUS, NDIS_STATUS_SUCCESS,
    NDIS_STRING, NTSTATUS, PDRIVER_OBJECT, PVOID, UNICODE_STRING,
};
use crate::platform::Ndis;
use crate::{binding, nbl, oid, velan};

/// The protocol's name: the INF's service name (LC-5, LC-81 Ndi\Service).
pub const PROTOCOL_NAME: &str = "chimney_im";

/// Length of [`PROTOCOL_NAME`] in UTF-16 units.
const NAME_LEN: usize = PROTOCOL_NAME.len();

/// [`PROTOCOL_NAME`] as UTF-16 (ASCII only, so one unit per byte).
const fn protocol_name_utf16() -> [u16; NAME_LEN] {
    crate::ndis::ascii_utf16(PROTOCOL_NAME.as_bytes())
}

/// NTSTATUS returned when a registration step fails with an NDIS status that is
/// already an NTSTATUS bit pattern (NDIS_STATUS values are NTSTATUS values).
const STATUS_SUCCESS: NTSTATUS = 0;
/// `STATUS_INSUFFICIENT_RESOURCES`.
const STATUS_INSUFFICIENT_RESOURCES: NTSTATUS = 0xC000_009A_u32.cast_signed();
/// `STATUS_UNSUCCESSFUL`.
const STATUS_UNSUCCESSFUL: NTSTATUS = 0xC000_0001_u32.cast_signed();

/// The client identification address of the driver-object extension. Immutable: only
/// its address is used.
static EXTENSION_ID: u8 = 0;

/// The per-driver context (one per loaded driver image), in the driver-object extension.
///
/// # Invariants
/// Lives at a fixed address in the extension from DriverEntry until the driver object
/// is deleted; all-zero bytes are a valid "nothing registered" value.
pub struct DriverContext<N: Ndis> {
    /// NdisMRegisterMiniportDriver's handle (needed for NdisIMInitializeDeviceInstanceEx).
    pub miniport_driver: AtomicPtr<core::ffi::c_void>,
    /// NdisRegisterProtocolDriver's handle.
    pub protocol: AtomicPtr<core::ffi::c_void>,
    /// Bindings alive (LC-69: zero at unload).
    pub bindings: AtomicUsize,
    /// Bindings ever created (names and diagnostics).
    pub binds_total: AtomicUsize,
    /// Calls that arrived in a state that does not allow them.
    pub wrong_state: AtomicUsize,
    /// The protocol name buffer handed to NDIS.
    name: [u16; NAME_LEN],
    _ndis: PhantomData<fn() -> N>,
}

impl<N: Ndis> DriverContext<N> {
    /// The driver context behind a driver/protocol context handle.
    ///
    /// # Safety
    /// `ctx` must be null or the context handle this driver registered (the extension).
    pub unsafe fn from_handle<'a>(ctx: NDIS_HANDLE) -> Option<&'a Self> {
        // SAFETY: caller: null or a live DriverContext at a fixed address.
        unsafe { ctx.cast::<Self>().as_ref() }
    }

    /// This context as the handle NDIS passes back.
    #[must_use]
    pub fn handle(&self) -> NDIS_HANDLE {
        ptr::from_ref(self).cast_mut().cast()
    }

    /// The miniport driver handle.
    #[must_use]
    pub fn miniport_driver(&self) -> NDIS_HANDLE {
        self.miniport_driver.load(Ordering::Acquire)
    }

    /// The protocol handle.
    #[must_use]
    pub fn protocol(&self) -> NDIS_HANDLE {
        self.protocol.load(Ordering::Acquire)
    }
}

/// Find the driver context of `driver_object`, if DriverEntry created one.
///
/// # Safety
/// `driver_object` is this driver's DRIVER_OBJECT.
pub unsafe fn driver_context<'a, N: Ndis>(
    driver_object: *mut DRIVER_OBJECT,
) -> Option<&'a DriverContext<N>> {
    let id: PVOID = ptr::from_ref(&EXTENSION_ID).cast_mut().cast();
    // SAFETY: IoGetDriverObjectExtension on our own driver object (caller).
    let p = unsafe { N::io_get_driver_object_extension(driver_object, id) };
    // SAFETY: the extension was created by driver_entry with a DriverContext in it.
    unsafe { DriverContext::from_handle(p) }
}

/// DriverEntry, generic over the platform (LC-1, PASSIVE_LEVEL, synchronous).
///
/// # Safety
/// `driver_object` is the DRIVER_OBJECT the I/O manager passes to DriverEntry and
/// `registry_path` its registry path (may be null: it is not read).
pub unsafe fn driver_entry<N: Ndis>(
    driver_object: *mut DRIVER_OBJECT,
    registry_path: *mut UNICODE_STRING,
) -> NTSTATUS {
    let _ = registry_path;
    let id: PVOID = ptr::from_ref(&EXTENSION_ID).cast_mut().cast();
    let mut ext: PVOID = ptr::null_mut();
    // SAFETY: our driver object; the extension is zero-filled memory of the size asked.
    let s = unsafe {
        N::io_allocate_driver_object_extension(
            driver_object,
            id,
            size_of::<DriverContext<N>>() as u32,
            &raw mut ext,
        )
    };
    if s != STATUS_SUCCESS || ext.is_null() || !ext.cast::<DriverContext<N>>().is_aligned() {
        return if s == STATUS_SUCCESS {
            STATUS_UNSUCCESSFUL
        } else {
            s
        };
    }
    let ctx_ptr = ext.cast::<DriverContext<N>>();
    // SAFETY: fresh, aligned extension memory of the right size, not yet shared.
    unsafe {
        ctx_ptr.write(DriverContext {
            miniport_driver: AtomicPtr::new(ptr::null_mut()),
            protocol: AtomicPtr::new(ptr::null_mut()),
            bindings: AtomicUsize::new(0),
            binds_total: AtomicUsize::new(0),
            wrong_state: AtomicUsize::new(0),
            name: protocol_name_utf16(),
            _ndis: PhantomData,
        });
    }
    // SAFETY: just initialised; lives as long as the driver object.
    let Some(ctx) = (unsafe { ctx_ptr.as_ref() }) else {
        return STATUS_INSUFFICIENT_RESOURCES;
    };
    let status = register::<N>(driver_object, ctx);
    if status == NDIS_STATUS_SUCCESS {
        STATUS_SUCCESS
    } else {
        status
    }
}

/// LC-1 steps (1)..(3) with the LC-2 unwinding.
fn register<N: Ndis>(driver_object: *mut DRIVER_OBJECT, ctx: &DriverContext<N>) -> NDIS_STATUS {
    // LC-3: zero-filled characteristics, NDIS 6.30, intermediate, no CheckForHang/Reset.
    let mut mchars = NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
            NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
            NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        ),
        MajorNdisVersion: NDIS_MINIPORT_MAJOR_VERSION,
        MinorNdisVersion: NDIS_MINIPORT_MINOR_VERSION,
        MajorDriverVersion: 1,
        MinorDriverVersion: 0,
        Flags: NDIS_INTERMEDIATE_DRIVER,
        SetOptionsHandler: Some(miniport_set_options::<N>),
        InitializeHandlerEx: Some(velan::initialize::<N>),
        HaltHandlerEx: Some(velan::halt::<N>),
        UnloadHandler: Some(unload::<N>),
        PauseHandler: Some(velan::pause::<N>),
        RestartHandler: Some(velan::restart::<N>),
        OidRequestHandler: Some(oid::request::<N>),
        SendNetBufferListsHandler: Some(nbl::send::<N>),
        ReturnNetBufferListsHandler: Some(nbl::return_nbls::<N>),
        CancelSendHandler: Some(nbl::cancel_send::<N>),
        CheckForHangHandlerEx: None,
        ResetHandlerEx: None,
        DevicePnPEventNotifyHandler: Some(velan::device_pnp_event_notify::<N>),
        ShutdownHandlerEx: Some(velan::shutdown::<N>),
        CancelOidRequestHandler: Some(oid::cancel::<N>),
        DirectOidRequestHandler: None,
        CancelDirectOidRequestHandler: None,
    };
    let mut miniport_driver: NDIS_HANDLE = ptr::null_mut();
    // SAFETY: PASSIVE_LEVEL in DriverEntry; characteristics and out slot live for the call.
    let status = unsafe {
        N::ndis_m_register_miniport_driver(
            driver_object,
            ptr::null_mut(),
            ctx.handle(),
            &raw mut mchars,
            &raw mut miniport_driver,
        )
    };
    if status != NDIS_STATUS_SUCCESS {
        return status;
    }
    // LC-5: everything the bind path touches is in place before the protocol registers.
    ctx.miniport_driver
        .store(miniport_driver, Ordering::Release);

    let mut name_buf = ctx.name;
    let name_bytes = (NAME_LEN * 2) as u16;
    let mut pchars = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
            NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
            NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
        ),
        MajorNdisVersion: NDIS_PROTOCOL_MAJOR_VERSION,
        MinorNdisVersion: NDIS_PROTOCOL_MINOR_VERSION,
        MajorDriverVersion: 1,
        MinorDriverVersion: 0,
        Name: NDIS_STRING {
            Length: name_bytes,
            MaximumLength: name_bytes,
            Buffer: name_buf.as_mut_ptr(),
        },
        SetOptionsHandler: Some(protocol_set_options::<N>),
        BindAdapterHandlerEx: Some(binding::bind::<N>),
        UnbindAdapterHandlerEx: Some(binding::unbind::<N>),
        OpenAdapterCompleteHandlerEx: Some(binding::open_complete::<N>),
        CloseAdapterCompleteHandlerEx: Some(binding::close_complete::<N>),
        NetPnPEventHandler: Some(binding::net_pnp_event::<N>),
        OidRequestCompleteHandler: Some(oid::request_complete::<N>),
        StatusHandlerEx: Some(binding::status::<N>),
        ReceiveNetBufferListsHandler: Some(nbl::receive::<N>),
        SendNetBufferListsCompleteHandler: Some(nbl::send_complete::<N>),
        ..Default::default()
    };
    let mut protocol: NDIS_HANDLE = ptr::null_mut();
    // SAFETY: PASSIVE_LEVEL; characteristics (and the name buffer) live for the call.
    let status = unsafe {
        N::ndis_register_protocol_driver(ctx.handle(), &raw mut pchars, &raw mut protocol)
    };
    if status != NDIS_STATUS_SUCCESS {
        // LC-2: undo the miniport registration.
        ctx.miniport_driver
            .store(ptr::null_mut(), Ordering::Release);
        // SAFETY: the handle registered above; nothing else holds it yet.
        unsafe { N::ndis_m_deregister_miniport_driver(miniport_driver) };
        return status;
    }
    ctx.protocol.store(protocol, Ordering::Release);
    // SAFETY: both handles just registered (LC-1 step 3).
    unsafe { N::ndis_im_associate_miniport(miniport_driver, protocol) };
    NDIS_STATUS_SUCCESS
}

/// MiniportSetOptions (LC-6): registers the provider chimney handlers with
/// NdisSetOptionalHandlers (OP-2, DP-1); a failure is returned (LC-8).
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
unsafe extern "system" fn miniport_set_options<N: Ndis>(
    driver_handle: NDIS_HANDLE,
    driver_context: NDIS_HANDLE,
) -> NDIS_STATUS {
    let _ = driver_context;
    // OP-2, DP-1.
    crate::offload::register::miniport::<N>(driver_handle)
}

/// ProtocolSetOptions (LC-7): registers the client chimney handlers (OP-3, DP-2); a
/// failure is returned (LC-8).
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
unsafe extern "system" fn protocol_set_options<N: Ndis>(
    driver_handle: NDIS_HANDLE,
    driver_context: NDIS_HANDLE,
) -> NDIS_STATUS {
    let _ = driver_context;
    // OP-3, DP-2.
    crate::offload::register::protocol::<N>(driver_handle)
}

/// MiniportDriverUnload (LC-69): deregister the protocol, then the miniport.
///
/// # Safety
/// Called by NDIS only, with the contract of the handler it is registered as: the
/// context this driver handed NDIS, NDIS-valid pointers, the documented IRQL.
unsafe extern "system" fn unload<N: Ndis>(driver_object: PDRIVER_OBJECT) {
    // SAFETY: NDIS passes our own driver object.
    let Some(ctx) = (unsafe { driver_context::<N>(driver_object) }) else {
        return;
    };
    let protocol = ctx.protocol.swap(ptr::null_mut(), Ordering::AcqRel);
    if !protocol.is_null() {
        // SAFETY: the handle registered in DriverEntry, deregistered once (swap).
        unsafe { N::ndis_deregister_protocol_driver(protocol) };
    }
    let miniport = ctx.miniport_driver.swap(ptr::null_mut(), Ordering::AcqRel);
    if !miniport.is_null() {
        // SAFETY: as above.
        unsafe { N::ndis_m_deregister_miniport_driver(miniport) };
    }
}

/// The unload handler, for callers (tests, the kernel glue) that unload explicitly.
///
/// # Safety
/// `driver_object` is this driver's DRIVER_OBJECT and no binding is alive.
pub unsafe fn driver_unload<N: Ndis>(driver_object: PDRIVER_OBJECT) {
    // SAFETY: forwarded caller contract.
    unsafe { unload::<N>(driver_object) };
}
