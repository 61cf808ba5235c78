//! Simulated NDIS for chimney-im: the runtime that routes every NDIS call the
//! driver makes, the host-stack and chimney NIC models, and the load tool.
//!
//! This crate is filled by its own issue; for now it only proves that the
//! driver's rlib links into a `std` program on the host.

pub use chimney_im as driver;
