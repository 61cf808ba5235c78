//! Which binding an offload entry belongs to. The lower edge's receive indication and
//! TCP event name only the IM's own offload handle, i.e. an entry (DP-5, EV-2), so
//! each slab registers its binding here at bind and every entry keeps the one-byte
//! slot number: the owner is found in O(1) without a pointer per entry (the entry
//! stays 32 bytes on x64, within the ≤ 64 bytes per object of issue 7).

use core::ffi::c_void;
use core::ptr;
use core::sync::atomic::{AtomicPtr, Ordering};

/// Bindings with chimney at once (slot numbers 1..=255 fit the entry's byte).
pub const SLOTS: usize = 255;

static OWNERS: [AtomicPtr<c_void>; SLOTS] = [const { AtomicPtr::new(ptr::null_mut()) }; SLOTS];

/// Register `owner`; its slot number (1-based), or `None` when every slot is taken
/// (that binding then offers no chimney).
pub fn register(owner: *mut c_void) -> Option<u8> {
    OWNERS.iter().enumerate().find_map(|(i, slot)| {
        slot.compare_exchange(ptr::null_mut(), owner, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .and_then(|_| u8::try_from(i + 1).ok())
    })
}

/// Release slot `number` held by `owner` (a slot held by another owner is left alone).
pub fn unregister(number: u8, owner: *mut c_void) {
    if let Some(slot) = usize::from(number)
        .checked_sub(1)
        .and_then(|i| OWNERS.get(i))
    {
        let _ = slot.compare_exchange(owner, ptr::null_mut(), Ordering::AcqRel, Ordering::Acquire);
    }
}

/// The owner registered in slot `number` (null if none).
#[must_use]
pub fn owner(number: u8) -> *mut c_void {
    usize::from(number)
        .checked_sub(1)
        .and_then(|i| OWNERS.get(i))
        .map_or(ptr::null_mut(), |s| s.load(Ordering::Acquire))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_names_its_owner_until_released() {
        let mut a = 0u8;
        let mut b = 0u8;
        let pa = (&raw mut a).cast::<c_void>();
        let pb = (&raw mut b).cast::<c_void>();
        let na = register(pa).expect("a free slot");
        let nb = register(pb).expect("a free slot");
        assert_ne!(na, nb);
        assert_eq!(owner(na), pa);
        assert_eq!(owner(nb), pb);
        unregister(na, pb);
        assert_eq!(owner(na), pa, "only the owner releases its slot");
        unregister(na, pa);
        assert!(owner(na).is_null() || owner(na) != pa);
        assert!(owner(0).is_null(), "slot 0 means none");
        unregister(nb, pb);
    }
}
