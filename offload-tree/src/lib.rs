//! `offload-tree`: the TCP Chimney Offload ABI of ndischimney.h and the engine that
//! walks, validates and translates offload state trees in place.
//!
//! Layers, bottom up:
//! - [`abi`]: every ndischimney.h type, constant, status code and handler signature
//!   (spec `structures.md`, rules ST-x.y), byte-exact on x64 and x86.
//!
//! Nothing here allocates; every operation on a tree is bounded in time and memory
//! (OP-4, OP-42a), so the driver can run it at DISPATCH_LEVEL on input it does not trust.
#![no_std]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod abi;
pub mod tree;
