//! The kernel entry point: `DriverEntry` runs the generic registration with the real
//! NDIS (`KernelNdis`). Built with the `kernel` feature (the shipped .sys, with the
//! wdk glue) or the `link-check` feature (Linux: a .sys linked with rust-lld against
//! import libraries made from `lib/*.def`, only to inspect the PE; its panic handler
//! bugchecks directly instead of through wdk-panic).

use super::KernelNdis;
use crate::ndis::{DRIVER_OBJECT, NTSTATUS, UNICODE_STRING};

/// `DriverEntry`: the I/O manager's call into the driver (LC-1).
///
/// # Safety
/// Called once by the I/O manager at PASSIVE_LEVEL with its driver object and
/// registry path.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn DriverEntry(
    driver_object: *mut DRIVER_OBJECT,
    registry_path: *mut UNICODE_STRING,
) -> NTSTATUS {
    // SAFETY: forwarded from the I/O manager's call (this function's contract).
    let status =
        unsafe { crate::driver_entry::driver_entry::<KernelNdis>(driver_object, registry_path) };
    crate::debug_print!("chimney-im: DriverEntry returns {status:#x}");
    status
}

#[cfg(all(feature = "link-check", not(feature = "kernel")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // "RPNC", as wdk-panic uses: a panic in the kernel is a bugcheck.
    super::bugcheck(0x5250_4E43)
}
