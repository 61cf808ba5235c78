//! Scalar and handle types of ST-1.1, the object header of ST-2.1, the `ULONG64`
//! field type that is 8-aligned on every target, and the bit-field accessor used for
//! the MSVC bit-field units of ST-1.3.

use core::ffi::c_void;

/// `NDIS_STATUS`: `typedef int` (ST-2.2). Codes ≥ 0x8000_0000 are negative.
pub type NDIS_STATUS = i32;
/// `NDIS_HANDLE`: `typedef PVOID` (ST-2.3).
pub type NDIS_HANDLE = *mut c_void;
/// `PVOID`.
pub type PVOID = *mut c_void;
/// `NDIS_PORT_NUMBER`: `typedef ULONG` (ST-2.4).
pub type NDIS_PORT_NUMBER = u32;
/// `NDIS_DEFAULT_PORT_NUMBER` (ST-2.4).
pub const NDIS_DEFAULT_PORT_NUMBER: NDIS_PORT_NUMBER = 0;

/// `NET_BUFFER_LIST` as ndischimney.h sees it: opaque, only ever behind a pointer
/// (ST-2.5). The driver's `ndis` module owns the real layout and casts.
#[repr(C)]
pub struct NET_BUFFER_LIST {
    _opaque: [u8; 0],
}
/// `PNET_BUFFER_LIST`.
pub type PNET_BUFFER_LIST = *mut NET_BUFFER_LIST;

/// `ULONG64` as a structure member: 8-byte aligned on every target (ST-1.1 hazard).
///
/// MSVC aligns `ULONG64` members to 8 on x86; Rust's `u64` is only 4-aligned on
/// `i686-unknown-linux-gnu`, where the x86 layout tests run. On Windows targets and
/// x86_64 the wrapper changes nothing.
#[repr(C, align(8))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ULONG64(pub u64);

impl From<u64> for ULONG64 {
    fn from(value: u64) -> Self {
        Self(value)
    }
}

impl From<ULONG64> for u64 {
    fn from(value: ULONG64) -> Self {
        value.0
    }
}

/// `NDIS_OBJECT_HEADER` (ST-2.1): identical on x86 and x64.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NDIS_OBJECT_HEADER {
    /// Object kind (an `NDIS_OBJECT_TYPE_*`, or an `OFFLOAD_STATE_TYPE` in block lists).
    pub Type: u8,
    /// Structure version.
    pub Revision: u8,
    /// Byte size of the structure for that version.
    pub Size: u16,
}

impl NDIS_OBJECT_HEADER {
    /// A header with the given fields.
    #[must_use]
    pub const fn new(object_type: u8, revision: u8, size: u16) -> Self {
        Self {
            Type: object_type,
            Revision: revision,
            Size: size,
        }
    }
}

/// One MSVC bit-field inside its storage unit (ST-1.3): bits are allocated from the
/// least-significant bit upward; unused high bits of the unit are padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitField {
    /// Position of the field's lowest bit in the unit (LSB = 0).
    pub shift: u32,
    /// Width in bits (1..=31).
    pub width: u32,
}

impl BitField {
    /// The mask of the field's bits, unshifted.
    #[must_use]
    pub const fn mask(self) -> u32 {
        (1u32 << self.width) - 1
    }

    /// Extract the field from a unit value.
    #[must_use]
    pub const fn get(self, unit: u32) -> u32 {
        (unit >> self.shift) & self.mask()
    }

    /// Return `unit` with the field replaced by `value` (truncated to the width);
    /// every other bit is kept.
    #[must_use]
    pub const fn set(self, unit: u32, value: u32) -> u32 {
        (unit & !(self.mask() << self.shift)) | ((value & self.mask()) << self.shift)
    }
}

/// `RTL_SIZEOF_THROUGH_FIELD(T, F)` (ST-2.8): offset of `F` plus its size, computed per
/// target; used for every `NDIS_SIZEOF_*` constant.
#[macro_export]
macro_rules! sizeof_through_field {
    ($t:ty, $f:ident : $ft:ty) => {
        (::core::mem::offset_of!($t, $f) + ::core::mem::size_of::<$ft>())
    };
}
