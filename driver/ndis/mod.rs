//! The NDIS 6.30 ABI the driver and the simulator exchange beyond ndischimney.h:
//! `NET_BUFFER_LIST`/`NET_BUFFER`/`MDL`, OID requests, status indications and link
//! state, miniport and protocol characteristics with every handler signature, bind,
//! open, initialize, pause and restart parameters, adapter attributes, PnP events,
//! configuration values, spin locks and events, and the constants that go with them.
//! Every structure is `#[repr(C)]` and byte-exact for x64 and x86 from one source:
//! pointer-sized members are raw pointers, `usize` or `Option<extern "system" fn>`,
//! 64-bit members are 8-aligned on both targets, `DECLSPEC_ALIGN` members use
//! [`MemoryAligned`], and names are the WDK's so the Windows build can check them
//! against bindgen output of ndis.h (anonymous unions get the names documented where
//! they are declared). What ndischimney.h already defines (`NDIS_OBJECT_HEADER`,
//! `NDIS_STATUS`, `ULONG64`, `NDIS_OFFLOAD`, the chimney attributes and status codes)
//! is re-exported from `offload_tree::abi`, not duplicated.
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    reason = "names are the WDK headers' (structures.md ST-0.1), so they can be checked against bindgen output"
)]

#[macro_use]
mod macros;

mod attributes;
mod base;
mod characteristics;
mod config;
mod nbl;
mod offload;
mod oid;
mod params;
mod pnp;
mod status;
mod sync;

pub use attributes::*;
pub use base::*;
pub use characteristics::*;
pub use config::*;
pub use nbl::*;
pub use offload::*;
pub use oid::*;
pub use params::*;
pub use pnp::*;
pub use status::*;
pub use sync::*;

pub use offload_tree::abi::{
    NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, NDIS_NET_BUFFER_LIST_INFO, NDIS_OBJECT_TYPE_DEFAULT,
    NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, NDIS_OBJECT_TYPE_OFFLOAD, NDIS_OFFLOAD,
    NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_DISABLED,
    NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_ENABLED, NDIS_STATUS_FAILURE,
    NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_INVALID_STATE, NDIS_STATUS_NOT_SUPPORTED,
    NDIS_STATUS_PAUSED, NDIS_STATUS_PENDING, NDIS_STATUS_REQUEST_ABORTED, NDIS_STATUS_RESOURCES,
    NDIS_STATUS_SEND_ABORTED, NDIS_STATUS_SUCCESS, NDIS_TCP_CONNECTION_OFFLOAD, nt_success,
};

#[cfg(test)]
mod layout_tests;
