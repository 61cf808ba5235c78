//! Declaration helpers for the NDIS ABI: enumerations as transparent newtypes and
//! types that are only ever reached through a pointer.

/// An enumeration as a `#[repr(transparent)]` newtype over the MSVC `int` it is stored
/// as, so an unlisted value sent by NDIS or a peer stays representable.
macro_rules! ndis_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $value:expr ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub i32);

        impl $name {
            $( $(#[$vmeta])* pub const $variant: Self = Self($value); )+

            /// Every named value, in header order (aliases included).
            pub const NAMES: &'static [(&'static str, Self)] =
                &[ $( (stringify!($variant), Self::$variant) ),+ ];

            /// The header's name for this value, if it has one (the first, for aliases).
            #[must_use]
            pub fn name(self) -> Option<&'static str> {
                Self::NAMES.iter().find(|(_, v)| *v == self).map(|(n, _)| *n)
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, concat!(stringify!($name), "({})"), self.0),
                }
            }
        }
    };
}

/// Types the driver only handles by pointer: zero-sized, `#[repr(C)]`, never built.
macro_rules! opaque {
    ($( $(#[$meta:meta])* $name:ident ),+ $(,)?) => {
        $(
            $(#[$meta])*
            #[repr(C)]
            pub struct $name {
                _opaque: [u8; 0],
            }
        )+
    };
}
