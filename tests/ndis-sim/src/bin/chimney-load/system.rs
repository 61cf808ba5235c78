//! The system under test, built by the simulator library (`ndis_sim::models::system`)
//! so the scenario tests drive the same two topologies as the tool.

pub use ndis_sim::models::system::{System, Topology, build_with_capacity};
