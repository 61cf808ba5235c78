//! The driver's synchronisation primitives over the seam: a spin lock that raises to
//! DISPATCH_LEVEL before it spins and lowers on release (LC-77: a `spin` mutex taken at
//! PASSIVE could otherwise be pre-empted by a DPC spinning on it), and a drain counter
//! whose last decrement signals an NDIS event, so every drain waits on an event and
//! none polls (LC-28, LC-29).

use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::ndis::{KIRQL, NDIS_EVENT};
use crate::platform::Ndis;

/// A spin lock that holds DISPATCH_LEVEL while locked.
pub struct IrqlSpinLock<N: Ndis, T> {
    inner: spin::Mutex<T>,
    _ndis: PhantomData<fn() -> N>,
}

impl<N: Ndis, T> IrqlSpinLock<N, T> {
    /// A new, unlocked lock around `value`.
    pub const fn new(value: T) -> Self {
        Self {
            inner: spin::Mutex::new(value),
            _ndis: PhantomData,
        }
    }

    /// Raise to DISPATCH_LEVEL, then take the lock. Callable at IRQL ≤ DISPATCH_LEVEL.
    /// Never hold the guard across an NDIS call that can call back into the driver
    /// (OP-45).
    pub fn lock(&self) -> IrqlSpinLockGuard<'_, N, T> {
        // SAFETY: KeRaiseIrqlToDpcLevel is callable at ≤ DISPATCH_LEVEL, the only
        // IRQLs at which the driver runs; the previous IRQL is restored by the guard.
        let previous = unsafe { N::ke_raise_irql_to_dpc_level() };
        IrqlSpinLockGuard {
            guard: Some(self.inner.lock()),
            previous,
            _ndis: PhantomData,
        }
    }
}

/// Holds an [`IrqlSpinLock`]; releasing it restores the IRQL it was taken at.
pub struct IrqlSpinLockGuard<'a, N: Ndis, T> {
    guard: Option<spin::MutexGuard<'a, T>>,
    previous: KIRQL,
    _ndis: PhantomData<fn() -> N>,
}

impl<N: Ndis, T> Deref for IrqlSpinLockGuard<'_, N, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // The guard is only taken in drop.
        self.guard.as_deref().unwrap_or_else(|| unreachable!())
    }
}

impl<N: Ndis, T> DerefMut for IrqlSpinLockGuard<'_, N, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.guard.as_deref_mut().unwrap_or_else(|| unreachable!())
    }
}

impl<N: Ndis, T> Drop for IrqlSpinLockGuard<'_, N, T> {
    fn drop(&mut self) {
        // Unlock first, then leave DISPATCH_LEVEL.
        drop(self.guard.take());
        // SAFETY: `previous` is the IRQL `lock` raised from, so lowering to it undoes
        // exactly that raise.
        unsafe { N::ke_lower_irql(self.previous) };
    }
}

/// A count of outstanding work (sends, indications, OIDs, chimney requests, entries)
/// that a drain waits on: once draining, the decrement that reaches zero sets the
/// event. Lock-free, callable at ≤ DISPATCH_LEVEL except [`Drain::wait`].
///
/// # Invariants
/// After [`Drain::init`], `event` is an initialised NDIS event at a fixed address for
/// the drain's whole life (the drain lives inside a heap object that never moves).
pub struct Drain<N: Ndis> {
    count: AtomicUsize,
    draining: AtomicBool,
    event: UnsafeCell<NDIS_EVENT>,
    _ndis: PhantomData<fn() -> N>,
}

// SAFETY: the event is only touched through NDIS's event functions, which are
// thread-safe; the counters are atomics.
unsafe impl<N: Ndis> Sync for Drain<N> {}
// SAFETY: as above.
unsafe impl<N: Ndis> Send for Drain<N> {}

impl<N: Ndis> Drain<N> {
    /// A drain with nothing outstanding; call [`Drain::init`] once it is in place.
    #[must_use]
    pub fn new() -> Self {
        Self {
            count: AtomicUsize::new(0),
            draining: AtomicBool::new(false),
            // SAFETY: NDIS_EVENT is plain data; zero is its not-yet-initialised state.
            event: UnsafeCell::new(unsafe { core::mem::zeroed() }),
            _ndis: PhantomData,
        }
    }

    /// Initialise the event in place (PASSIVE_LEVEL, before any other use).
    ///
    /// # Safety
    /// `self` must be at its final address and stay there until dropped.
    pub unsafe fn init(&self) {
        // SAFETY: the event is at its final address (caller) and not yet shared.
        unsafe { N::ndis_initialize_event(self.event.get()) };
    }

    /// One more piece of outstanding work.
    pub fn enter(&self) {
        self.count.fetch_add(1, Ordering::AcqRel);
    }

    /// `n` more pieces of outstanding work.
    pub fn enter_n(&self, n: usize) {
        self.count.fetch_add(n, Ordering::AcqRel);
    }

    /// `n` pieces of work finished in one atomic step; signals the drain if they were
    /// the last. False, and nothing changed, if fewer than `n` are outstanding (the
    /// caller then counts the breach).
    #[must_use]
    pub fn exit_n(&self, n: usize) -> bool {
        let step = self
            .count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |c| c.checked_sub(n));
        let Ok(before) = step else {
            return false;
        };
        if n != 0 && before == n && self.draining.load(Ordering::Acquire) {
            // SAFETY: initialised event at a fixed address (type invariant).
            unsafe { N::ndis_set_event(self.event.get()) };
        }
        true
    }

    /// One piece of work finished; signals the drain if it was the last.
    pub fn exit(&self) {
        let before = self.count.fetch_sub(1, Ordering::AcqRel);
        debug_assert!(before > 0, "drain counter underflow");
        if before == 1 && self.draining.load(Ordering::Acquire) {
            // SAFETY: initialised event at a fixed address (type invariant).
            unsafe { N::ndis_set_event(self.event.get()) };
        }
    }

    /// Outstanding work now.
    #[must_use]
    pub fn outstanding(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }

    /// Start draining; returns true if nothing is outstanding (the drain is done).
    pub fn begin(&self) -> bool {
        // SAFETY: initialised event (type invariant).
        unsafe { N::ndis_reset_event(self.event.get()) };
        self.draining.store(true, Ordering::Release);
        if self.outstanding() == 0 {
            // SAFETY: as above.
            unsafe { N::ndis_set_event(self.event.get()) };
            return true;
        }
        false
    }

    /// Stop draining (restart).
    pub fn end(&self) {
        self.draining.store(false, Ordering::Release);
    }

    /// Wait for the drain, at most `ms` milliseconds (PASSIVE_LEVEL). Returns true if
    /// the count reached zero; false on timeout (LC-29: the caller logs and proceeds).
    #[must_use]
    pub fn wait(&self, ms: u32) -> bool {
        // SAFETY: initialised event (type invariant); callers are at PASSIVE_LEVEL.
        let signalled = unsafe { N::ndis_wait_event(self.event.get(), ms) } != 0;
        signalled || self.outstanding() == 0
    }
}

impl<N: Ndis> Default for Drain<N> {
    fn default() -> Self {
        Self::new()
    }
}
