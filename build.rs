//! Build script of the driver package.
//!
//! On non-Windows targets it does nothing: the crate is an ordinary `rlib`/`cdylib`
//! linked by the simulator. The Windows kernel configuration (wdk-build, ndis.lib,
//! the bindgen ABI check) is added by the Windows build issue and runs only with
//! the `kernel` feature on a Windows host, so no wdk-* crate is ever built on Linux.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
}
