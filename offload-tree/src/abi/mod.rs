//! The ndischimney.h ABI (spec `structures.md`), byte-exact for x64 and x86 from one
//! source: `#[repr(C)]` structures with pointer-sized members as raw pointers, MSVC
//! bit-field units with accessors, enumerations as transparent newtypes, constants,
//! status codes and handler signatures. Names are the header's, so the Windows build's
//! bindgen check and the natvis views can match them one to one.
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    reason = "names are the WDK header's (ST-0.1), so they can be checked against bindgen output"
)]

mod base;
mod block;
mod consts;
mod enums;
mod handlers;
mod params;
mod state;
mod status;

pub use base::*;
pub use block::*;
pub use consts::*;
pub use enums::*;
pub use handlers::*;
pub use params::*;
pub use state::*;
pub use status::*;

#[cfg(test)]
mod layout_tests;
