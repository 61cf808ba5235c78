//! chimney-im: an NDIS 6.30 intermediate pass-through driver that carries TCP
//! Chimney Offload through itself.
//!
//! Upward it is a virtual miniport ("velan") that the host TCP/IP stack offloads
//! connections to; downward it is a protocol ("binding") over a chimney-capable NIC.
//! Every handler is generic over the platform seam, so the same code runs in the
//! kernel (NDIS.SYS) and in the simulator (`tests/ndis-sim`). The ABI of
//! ndischimney.h and the state-tree engine live in the `offload-tree` crate; the
//! behaviour is specified in `shared/spec/` and cited as ST-/OP-/DP-/EV-/LC- rules.
#![no_std]
// WinDbg views of the driver's types, embedded in the PDB (README: Debugging with WinDbg).
#![debugger_visualizer(natvis_file = "chimney_im.natvis")]

// The host build links std for its panic handler, so the cdylib, the tests and the
// simulator link with one std; the code itself stays no_std.
#[cfg(not(target_os = "windows"))]
extern crate std;

pub use offload_tree;
#[cfg(all(target_os = "windows", feature = "kernel"))]
mod abi_check;
pub mod binding;
pub mod driver_entry;
#[cfg(target_os = "windows")]
pub mod kernel;
pub mod nbl;
pub mod ndis;
pub mod offload;
pub mod oid;
pub mod platform;
pub mod recorder;
pub mod restart;
pub mod sync;
pub mod velan;

#[cfg(all(
    target_os = "windows",
    not(feature = "kernel"),
    not(feature = "link-check")
))]
mod unshippable {
    //! A Windows build without the `kernel` feature type-checks but cannot link:
    //! its panic handler refers to a symbol that exists nowhere, so no .sys is ever
    //! produced without the kernel glue (wdk-panic).

    unsafe extern "C" {
        /// Deliberately undefined: linking a .sys without `--features kernel` fails here.
        fn chimney_im_sys_must_be_built_with_the_kernel_feature() -> !;
    }

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
        // SAFETY: the call is never made at run time; the undefined symbol only exists
        // to make a link without the kernel feature fail.
        unsafe { chimney_im_sys_must_be_built_with_the_kernel_feature() }
    }
}

#[cfg(all(target_os = "windows", feature = "kernel"))]
mod kernel_glue {
    //! The shipped kernel build's glue from windows-drivers-rs: wdk-panic's panic
    //! handler (a bugcheck: no panic is reachable from input, but one must exist) and
    //! wdk-alloc's non-paged-pool allocator (the driver allocates through
    //! NdisAllocateMemoryWithTagPriority at bind time and never on the data path).

    extern crate wdk_panic;

    #[global_allocator]
    static GLOBAL_ALLOCATOR: wdk_alloc::WdkAllocator = wdk_alloc::WdkAllocator;
}

#[cfg(all(target_os = "windows", feature = "kernel", debug_assertions))]
#[doc(hidden)]
pub use wdk as __wdk;

/// Debug output: `wdk::println!` (DbgPrint) in kernel debug builds; compiled out in
/// release builds and everywhere else.
#[macro_export]
macro_rules! debug_print {
    ($($arg:tt)*) => {
        #[cfg(all(target_os = "windows", feature = "kernel", debug_assertions))]
        {
            $crate::__wdk::println!($($arg)*);
        }
    };
}
