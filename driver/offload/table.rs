//! The offload table (ARCHITECTURE "The offload table", OP-13..OP-15, OP-38): one
//! per-binding slab allocated at bind holding the IM offload entries followed by the IM
//! call entries. An entry begins with the IM's own `NDIS_OFFLOAD_HANDLE`, so the token
//! written upward, `&entry`, equals `&entry.handle` and every later call finds its entry
//! in O(1); a token from above is checked by bounds, stride and liveness (OP-14) before
//! it is used. Free entries and call entries sit on free lists under the binding's
//! IRQL spin lock; nothing here allocates after bind.

use core::cell::UnsafeCell;
use core::mem::size_of;
use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU8, AtomicU16, Ordering};

use offload_tree::abi::{NDIS_OFFLOAD_HANDLE, PNDIS_OFFLOAD_HANDLE, PVOID};
use offload_tree::tree::{Block, CallRecord, Operation};

/// Lifetime states of an entry (OP-13, OP-38). `FREE` is the all-zero value.
pub mod state {
    /// On the free list.
    pub const FREE: u8 = 0;
    /// Created by an initiate in flight.
    pub const OFFLOADING: u8 = 1;
    /// Initiate completed with success or partial success.
    pub const OFFLOADED: u8 = 2;
    /// A terminate is in flight.
    pub const TERMINATING: u8 = 3;
    /// A terminate completed with FAILURE; kept for the recovery (OP-29).
    pub const TERMINATE_FAILED: u8 = 4;
    /// A terminate completed with SUCCESS while other calls still name the entry: it
    /// refuses new calls and goes back to the pool with the last reference (OP-45).
    pub const TERMINATED: u8 = 5;
}

/// One IM offload entry (OP-13). 32 bytes on x64, 20 on x86.
///
/// # Invariants
/// `handle` is the first member (`#[repr(C)]`), so the entry's address is the address
/// of its handle, the token written upward (OP-14) and the `NdisOffloadHandle` the
/// target sees. Its bytes may be written by NDIS (`NdisReserved[0]`) and by the target
/// (`MiniportOffloadContext`) at any time while the object is offloaded, hence the
/// `UnsafeCell`; the IM writes it only while the entry is `OFFLOADING` and not yet
/// passed down (zeroing, OP-16). Every other field is atomic. `host_or_link` is H's
/// handle while the entry is live and has been assigned to a block, and a list link
/// while it is free or taken by an initiate but not yet assigned.
#[repr(C)]
pub struct Entry {
    /// The IM's own handle for the IM→T edge (OP-12).
    pub handle: UnsafeCell<NDIS_OFFLOAD_HANDLE>,
    /// H's handle, from the handle slot of the initiate (OP-13); the list link while
    /// the entry is free or not yet assigned (see the type invariants).
    pub host_or_link: AtomicPtr<core::ffi::c_void>,
    /// References held by IM stack frames (OP-45): a call holds one only while it
    /// runs, so a handful at most.
    pub refs: AtomicU16,
    /// [`state`].
    pub state: AtomicU8,
    /// The IM already asked H to upload this object (DP-51, DP-52).
    pub upload_requested: AtomicBool,
    /// 1 + index of the call entry whose initiate created it, while `OFFLOADING`.
    pub call: AtomicU16,
    /// The [`super::owners`] slot of the binding whose slab holds the entry, written
    /// once by [`Slab::init`]: the lower edge's receive indication and TCP event name
    /// only the entry (DP-5, EV-2).
    pub owner: AtomicU8,
    /// [`super::counters::Kind`] of the object, set when it is offloaded.
    pub kind: AtomicU8,
}

impl Entry {
    /// The token for this entry: its address (= `&entry.handle`, OP-14).
    #[must_use]
    pub fn token(&self) -> PVOID {
        ptr::from_ref(self).cast_mut().cast()
    }

    /// `&entry.handle` as the handle pointer written into a handle slot.
    #[must_use]
    pub fn handle_ptr(&self) -> PNDIS_OFFLOAD_HANDLE {
        self.handle.get()
    }

    /// The state.
    #[must_use]
    pub fn state(&self) -> u8 {
        self.state.load(Ordering::Acquire)
    }

    /// Set the state.
    pub fn set_state(&self, s: u8) {
        self.state.store(s, Ordering::Release);
    }

    /// H's handle (live, assigned entries).
    #[must_use]
    pub fn host(&self) -> PNDIS_OFFLOAD_HANDLE {
        self.host_or_link.load(Ordering::Acquire).cast()
    }

    /// Record H's handle (OP-22 step 1).
    pub fn set_host(&self, host: PNDIS_OFFLOAD_HANDLE) {
        self.host_or_link.store(host.cast(), Ordering::Release);
    }

    /// The next entry of the list it is on (free or not yet assigned).
    #[must_use]
    pub fn link(&self) -> *mut Entry {
        self.host_or_link.load(Ordering::Acquire).cast()
    }

    /// Link it to `next`.
    pub fn set_link(&self, next: *mut Entry) {
        self.host_or_link.store(next.cast(), Ordering::Release);
    }
}

/// One IM call entry (OP-15): what one state operation in flight saved of the root and
/// the entries its initiate created.
///
/// # Invariants
/// `record` is read and written only by the operation that took the call entry off
/// the free list, between taking and releasing it.
#[repr(C)]
pub struct CallEntry {
    /// The root's `ImReserved[0..1]` and `SourceHandle` (OP-17 D4).
    pub record: UnsafeCell<CallRecord>,
    /// Head of the entries this initiate took and has not yet assigned to blocks.
    pub created: AtomicPtr<Entry>,
    /// Entries this initiate created: its completion checks that it applied an outcome
    /// to that many (OP-24).
    pub pending: core::sync::atomic::AtomicUsize,
    /// Free-list link.
    pub link: AtomicPtr<CallEntry>,
    /// 0 when free, else 1 + the operation ([`op_code`]).
    pub op: AtomicU8,
    /// Reserved for the four operations that never fail (OP-42).
    pub reserve: AtomicBool,
    /// 1 + its index in the pool (the `Entry::call` tag).
    pub tag: AtomicU16,
}

/// The code stored in [`CallEntry::op`] for `op`.
#[must_use]
pub const fn op_code(op: Operation) -> u8 {
    match op {
        Operation::Initiate => 1,
        Operation::Terminate => 2,
        Operation::Update => 3,
        Operation::Query => 4,
        Operation::Invalidate => 5,
    }
}

/// Fewest ordinary call entries per binding (state operations in flight at once).
pub const CALLS: usize = 64;
/// Most ordinary call entries per binding (bounds the slab; `tag` is a u16).
pub const MAX_CALLS: usize = 4096;
/// Entries per ordinary call entry beyond [`CALLS`]: a stack offloading in bursts
/// has many initiates in flight, and an IM out of call entries fails them with
/// NDIS_STATUS_RESOURCES (OP-40), so the pool grows with the table (stated choice).
pub const ENTRIES_PER_CALL: usize = 32;
/// Extra call entries only terminate/update/query/invalidate may take (OP-42).
pub const RESERVE_CALLS: usize = 8;
/// Allowance for path and neighbor objects, as entries per 4 TCP connections plus a
/// fixed spare: many connections share a path and a neighbor (stated choice, OP-13).
pub const PATH_NEIGHBOR_SPARE: usize = 64;
/// Largest TCP capacity the slab is sized for (a bound on the allocation size).
pub const MAX_TCP_CAPACITY: usize = 1 << 20;

/// Entries for a NIC that offloads `tcp_capacity` connections.
#[must_use]
pub const fn entries_for(tcp_capacity: usize) -> usize {
    let tcp = if tcp_capacity > MAX_TCP_CAPACITY {
        MAX_TCP_CAPACITY
    } else {
        tcp_capacity
    };
    tcp + tcp / 4 + PATH_NEIGHBOR_SPARE
}

/// Ordinary call entries of a slab of `entries` entries.
#[must_use]
pub const fn ordinary_calls(entries: usize) -> usize {
    let n = entries / ENTRIES_PER_CALL;
    if n < CALLS {
        CALLS
    } else if n > MAX_CALLS {
        MAX_CALLS
    } else {
        n
    }
}

/// All call entries (ordinary and reserve) of a slab of `entries` entries.
#[must_use]
pub const fn total_calls(entries: usize) -> usize {
    ordinary_calls(entries) + RESERVE_CALLS
}

/// Bytes of the slab for `entries` entries and the call pool.
#[must_use]
pub const fn slab_bytes(entries: usize) -> usize {
    entries * size_of::<Entry>() + total_calls(entries) * size_of::<CallEntry>()
}

/// The lock-protected part of the table: free lists, counts and the FIFO of deferred
/// operations (OP-42).
///
/// # Invariants
/// Every pointer on `free_entries` is a `FREE` entry of this binding's slab, and
/// `free_count` is their number; every pointer on `free_calls`/`free_reserve` a free
/// call entry of it (threaded by [`Slab::init`] and kept by [`Pool::free_entry`]/
/// [`Pool::free_call`]); the slab lives until the binding is freed. Deferred roots are trees NDIS handed the velan
/// that the IM has neither relayed nor completed yet.
pub struct Pool {
    /// First free entry.
    pub free_entries: *mut Entry,
    /// Entries on `free_entries`: an initiate's O(1) check that all it needs are free.
    pub free_count: usize,
    /// Entries not free.
    pub live_entries: usize,
    /// Peak of `live_entries`.
    pub peak_entries: usize,
    /// First free ordinary call entry.
    pub free_calls: *mut CallEntry,
    /// First free reserve call entry.
    pub free_reserve: *mut CallEntry,
    /// Deferred roots (OP-42), linked through the root's `Scratch[1]`.
    pub deferred_head: *mut Block,
    /// Last deferred root.
    pub deferred_tail: *mut Block,
}

impl Pool {
    /// An empty pool (no slab).
    pub const EMPTY: Self = Self {
        free_entries: ptr::null_mut(),
        free_count: 0,
        live_entries: 0,
        peak_entries: 0,
        free_calls: ptr::null_mut(),
        free_reserve: ptr::null_mut(),
        deferred_head: ptr::null_mut(),
        deferred_tail: ptr::null_mut(),
    };

    /// Take `n` entries as a list linked through `link`, all zeroed and `OFFLOADING`
    /// with `call` = `tag`; `None` (nothing taken) if fewer than `n` are free.
    pub fn take_entries(&mut self, n: usize, tag: u16) -> Option<*mut Entry> {
        if self.free_count < n {
            return None;
        }
        let mut head: *mut Entry = ptr::null_mut();
        for _ in 0..n {
            let p = self.free_entries;
            // SAFETY: free-list members are entries of the slab (Pool invariant kept
            // by `free_entry` and `Slab::init`), alive for the binding's life.
            let Some(e) = (unsafe { p.as_ref() }) else {
                break;
            };
            self.free_entries = e.link();
            self.free_count -= 1;
            // SAFETY: a free entry, exclusively ours now: T and NDIS hold no pointer to
            // it (OP-16: the handle is zero before its first downward call).
            unsafe { e.handle.get().write(NDIS_OFFLOAD_HANDLE::default()) };
            e.refs.store(0, Ordering::Relaxed);
            e.upload_requested.store(false, Ordering::Relaxed);
            e.call.store(tag, Ordering::Relaxed);
            e.set_state(state::OFFLOADING);
            e.set_link(head);
            head = p;
            self.live_entries += 1;
        }
        self.peak_entries = self.peak_entries.max(self.live_entries);
        Some(head)
    }

    /// Free every entry a failed or misbehaving initiate with call tag `tag` left
    /// `OFFLOADING`. O(capacity): only on the rare paths where the tree no longer names
    /// them (a failed translation, a target that changed the tree's links).
    pub fn free_tagged(&mut self, slab: &Slab, tag: u16) -> usize {
        let mut freed = 0;
        for i in 0..slab.capacity {
            // SAFETY: index < capacity: an entry of the live slab.
            let e = unsafe { &*slab.entries.wrapping_add(i) };
            if e.state() == state::OFFLOADING
                && e.call.load(Ordering::Relaxed) == tag
                && self.free_entry(e)
            {
                freed += 1;
            }
        }
        freed
    }

    /// Free `e` if it is [`state::TERMINATED`] and no call names it any more (OP-45);
    /// true if it was freed. Under the pool lock, so exactly one caller frees it.
    pub fn free_if_retired(&mut self, e: &Entry) -> bool {
        e.state() == state::TERMINATED && e.refs.load(Ordering::Acquire) == 0 && self.free_entry(e)
    }

    /// Put `e` back on the free list; false if it was already free.
    pub fn free_entry(&mut self, e: &Entry) -> bool {
        if e.state() == state::FREE {
            return false;
        }
        e.set_state(state::FREE);
        e.call.store(0, Ordering::Relaxed);
        e.set_link(self.free_entries);
        self.free_entries = ptr::from_ref(e).cast_mut();
        self.free_count += 1;
        self.live_entries = self.live_entries.saturating_sub(1);
        true
    }

    /// Take a call entry for `op`: ordinary first; the reserve only for the four
    /// operations that never fail (OP-42).
    pub fn take_call(&mut self, op: Operation) -> Option<&'static CallEntry> {
        let mut p = self.free_calls;
        let reserve = p.is_null();
        if reserve {
            if op == Operation::Initiate {
                return None;
            }
            p = self.free_reserve;
        }
        // SAFETY: free-list members are call entries of the slab, alive until the
        // binding is freed, which happens only after every operation completed.
        let c = unsafe { p.as_ref::<'static>() }?;
        let next = c.link.load(Ordering::Relaxed);
        if reserve {
            self.free_reserve = next;
        } else {
            self.free_calls = next;
        }
        c.op.store(op_code(op), Ordering::Release);
        c.created.store(ptr::null_mut(), Ordering::Relaxed);
        c.pending.store(0, Ordering::Relaxed);
        Some(c)
    }

    /// Put `c` back on its free list.
    pub fn free_call(&mut self, c: &CallEntry) {
        c.op.store(0, Ordering::Release);
        c.created.store(ptr::null_mut(), Ordering::Relaxed);
        let p = ptr::from_ref(c).cast_mut();
        if c.reserve.load(Ordering::Relaxed) {
            c.link.store(self.free_reserve, Ordering::Relaxed);
            self.free_reserve = p;
        } else {
            c.link.store(self.free_calls, Ordering::Relaxed);
            self.free_calls = p;
        }
    }
}

/// Where the slab is (immutable between bind and free).
#[derive(Clone, Copy, Debug)]
pub struct Slab {
    /// First entry (null: no slab, no chimney).
    pub entries: *mut Entry,
    /// Number of entries.
    pub capacity: usize,
    /// First call entry (right after the entries).
    pub calls: *mut CallEntry,
}

impl Slab {
    /// No slab.
    pub const NONE: Self = Self {
        entries: ptr::null_mut(),
        capacity: 0,
        calls: ptr::null_mut(),
    };

    /// Lay out a zeroed slab of `bytes` at `mem` with `capacity` entries and thread
    /// the free lists of `pool`.
    ///
    /// # Safety
    /// `mem` is a fresh, zero-filled, 8-aligned block of `slab_bytes(capacity)` bytes,
    /// exclusively the caller's, that lives until the binding is freed; `owner` is
    /// that binding's [`super::owners`] slot.
    pub unsafe fn init(mem: PVOID, capacity: usize, owner: u8, pool: &mut Pool) -> Self {
        let entries = mem.cast::<Entry>();
        let calls = entries.wrapping_add(capacity).cast::<CallEntry>();
        // All-zero bytes are valid `Entry` and `CallEntry` values (atomics, a zeroed
        // handle, a zeroed record): no write is needed before taking references.
        for i in (0..capacity).rev() {
            // SAFETY: index < capacity, inside the block (caller), zero = FREE entry.
            let e = unsafe { &*entries.wrapping_add(i) };
            e.owner.store(owner, Ordering::Relaxed);
            e.set_link(pool.free_entries);
            pool.free_entries = entries.wrapping_add(i);
        }
        pool.free_count += capacity;
        let ordinary = ordinary_calls(capacity);
        for i in (0..total_calls(capacity)).rev() {
            // SAFETY: as above, for the call entries after the entries.
            let c = unsafe { &*calls.wrapping_add(i) };
            c.tag.store((i + 1) as u16, Ordering::Relaxed);
            let p = calls.wrapping_add(i);
            if i >= ordinary {
                c.reserve.store(true, Ordering::Relaxed);
                c.link.store(pool.free_reserve, Ordering::Relaxed);
                pool.free_reserve = p;
            } else {
                c.link.store(pool.free_calls, Ordering::Relaxed);
                pool.free_calls = p;
            }
        }
        Self {
            entries,
            capacity,
            calls,
        }
    }

    /// The OP-14 check: `token` points inside this slab, at the start of an entry,
    /// and that entry is not free. O(1); never dereferences a token outside the slab.
    #[must_use]
    pub fn entry(&self, token: PVOID) -> Option<&Entry> {
        let base = self.entries as usize;
        let offset = (token as usize).checked_sub(base)?;
        let index = offset / size_of::<Entry>();
        if self.entries.is_null() || offset % size_of::<Entry>() != 0 || index >= self.capacity {
            return None;
        }
        // SAFETY: index < capacity: an entry of the live slab (checked above).
        let e = unsafe { &*self.entries.wrapping_add(index) };
        (e.state() != state::FREE).then_some(e)
    }

    /// The call entry `p` points at, if it is one of this slab's and in use.
    #[must_use]
    pub fn call(&self, p: PVOID) -> Option<&'static CallEntry> {
        let base = self.calls as usize;
        let offset = (p as usize).checked_sub(base)?;
        let index = offset / size_of::<CallEntry>();
        if self.calls.is_null()
            || offset % size_of::<CallEntry>() != 0
            || index >= total_calls(self.capacity)
        {
            return None;
        }
        // SAFETY: a call entry of the live slab (checked above), which outlives every
        // operation of the binding.
        let c = unsafe { &*self.calls.wrapping_add(index) };
        (c.op.load(Ordering::Acquire) != 0).then_some(c)
    }
}
