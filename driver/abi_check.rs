//! Compile-time check of the hand-written NDIS types against the WDK's headers.
//!
//! `build.rs` (kernel feature, Windows host) runs abi-check-gen over the WDK's `ndis.h`
//! and `ndischimney.h` for the target being built and writes `wdk_abi_check.rs`: a
//! private module of bindgen's types plus one `const _: () = assert!(..)` per size,
//! alignment, member offset and member size of every type that `examples/ndis_layout.rs`
//! and `offload-tree/examples/layout.rs` list. Any difference from the WDK fails the
//! build with a message naming the type and member.

include!(concat!(env!("OUT_DIR"), "/wdk_abi_check.rs"));
