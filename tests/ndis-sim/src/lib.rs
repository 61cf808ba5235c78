//! Simulated NDIS for chimney-im: the runtime that routes every NDIS call a driver
//! makes through the platform seam (`SimNdis`), with Verifier-equivalent checks, and
//! the models and tools built on it.
//!
//! - [`core`]: one simulated system: time, event queue, IRQL, violation log, memory.
//! - [`objects`]: drivers, protocols, adapters and bindings; their addresses are handles.
//! - [`route`]: registration, binding, pause/restart, NBLs, OIDs, status, PnP.
//! - [`chimney`]: the five state operations, offloaded I/O and events (OP-9, OP-10, DP-4..6).
//! - [`nbl`]: NBLs for models and tests, context areas, outstanding-NBL books.
//! - [`ndis_impl`]: `SimNdis`, the `Ndis` implementation.
//! - [`verifier`]: the rules and the violation log.
//! - [`stacks`]: per-key stacks of outstanding records, for the books.
//! - [`trace`]: the JSON-lines edge trace.
//! - [`models`]: the chimney NIC, host-stack and remote-peer models.
//!
//! Deterministic: one thread, simulated time, a seed for every random choice. Each test
//! makes its own [`Sim`]; nothing is process-global.

#![allow(
    clippy::missing_panics_doc,
    reason = "the simulator's expects state invariants it established itself; a failure is a harness bug"
)]
#![allow(clippy::must_use_candidate, reason = "query methods of a test harness")]
#![allow(
    clippy::wildcard_imports,
    reason = "the NDIS ABI modules are imported whole, as the C headers are"
)]
#![allow(
    clippy::similar_names,
    reason = "NDIS names (nbl/nbls, ctx/cctx) are the documentation's"
)]

pub use chimney_im as driver;

pub mod chimney;
pub mod chimney_harness;
pub mod core;
pub mod im_harness;
pub mod models;
pub mod nbl;
pub mod ndis_impl;
pub mod objects;
pub mod route;
pub mod stacks;
pub mod testchimney;
pub mod testdrivers;
pub mod trace;
pub mod verifier;

pub use crate::core::{Sim, TICKS_PER_SECOND, current};
pub use crate::ndis_impl::SimNdis;
pub use crate::verifier::{Rule, Violation};
