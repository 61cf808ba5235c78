//! Registry configuration: `NDIS_CONFIGURATION_OBJECT` for `NdisOpenConfigurationEx`
//! and the `NDIS_CONFIGURATION_PARAMETER` values `NdisReadConfiguration` returns.

use offload_tree::sizeof_through_field;

use super::base::{NDIS_HANDLE, NDIS_OBJECT_HEADER, NDIS_STRING, NULL, PVOID};

/// `NDIS_CONFIGURATION_OBJECT`: which handle's configuration to open.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_CONFIGURATION_OBJECT {
    /// Type `NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT`, revision 1.
    pub Header: NDIS_OBJECT_HEADER,
    /// Driver, miniport adapter, binding or filter module handle.
    pub NdisHandle: NDIS_HANDLE,
    /// `NDIS_CONFIG_FLAG_*`.
    pub Flags: u32,
}

impl Default for NDIS_CONFIGURATION_OBJECT {
    fn default() -> Self {
        Self {
            Header: NDIS_OBJECT_HEADER::default(),
            NdisHandle: NULL,
            Flags: 0,
        }
    }
}

/// `PNDIS_CONFIGURATION_OBJECT`.
pub type PNDIS_CONFIGURATION_OBJECT = *mut NDIS_CONFIGURATION_OBJECT;

/// `NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT`.
pub const NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT: u8 = 0xA9;
/// `NDIS_CONFIGURATION_OBJECT_REVISION_1`.
pub const NDIS_CONFIGURATION_OBJECT_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1`: through `Flags`.
pub const NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1: u16 =
    sizeof_through_field!(NDIS_CONFIGURATION_OBJECT, Flags: u32) as u16;

ndis_enum! {
    /// `NDIS_PARAMETER_TYPE`: which `ParameterData` member is valid.
    NDIS_PARAMETER_TYPE {
        /// `IntegerData` (decimal in the registry).
        NdisParameterInteger = 0,
        /// `IntegerData` (hexadecimal in the registry).
        NdisParameterHexInteger = 1,
        /// `StringData`.
        NdisParameterString = 2,
        /// `StringData` (REG_MULTI_SZ).
        NdisParameterMultiString = 3,
        /// `BinaryData`.
        NdisParameterBinary = 4,
    }
}

/// `BINARY_DATA`: a REG_BINARY value.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BINARY_DATA {
    /// Bytes.
    pub Length: u16,
    /// The data.
    pub Buffer: PVOID,
}

/// The anonymous `ParameterData` union of `NDIS_CONFIGURATION_PARAMETER`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union NDIS_CONFIGURATION_PARAMETER_DATA {
    /// Integer and hex integer values.
    pub IntegerData: u32,
    /// String and multi-string values.
    pub StringData: NDIS_STRING,
    /// Binary values.
    pub BinaryData: BINARY_DATA,
}

/// `NDIS_CONFIGURATION_PARAMETER`: one registry value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct NDIS_CONFIGURATION_PARAMETER {
    /// Which member of `ParameterData` is valid.
    pub ParameterType: NDIS_PARAMETER_TYPE,
    /// The value.
    pub ParameterData: NDIS_CONFIGURATION_PARAMETER_DATA,
}

impl Default for NDIS_CONFIGURATION_PARAMETER {
    fn default() -> Self {
        Self {
            ParameterType: NDIS_PARAMETER_TYPE::NdisParameterInteger,
            ParameterData: NDIS_CONFIGURATION_PARAMETER_DATA {
                StringData: NDIS_STRING::default(),
            },
        }
    }
}

/// `PNDIS_CONFIGURATION_PARAMETER`.
pub type PNDIS_CONFIGURATION_PARAMETER = *mut NDIS_CONFIGURATION_PARAMETER;
