//! The state that trails a block (ST-11.5, OP-5): which structures a block's `Type`
//! says follow it, where each starts (the first at the block's own size, the next by
//! the previous `OFFLOAD_STATE_HEADER.Length`), and views that read and write them
//! with unaligned byte copies, never a reference into the tree's memory.

use core::marker::PhantomData;
use core::mem::size_of;
use core::ptr;

use super::{BLOCK_SIZE, Block, BlockRole, MAX_STATE_LENGTH, Operation};
use crate::abi::{
    NEIGHBOR_OFFLOAD_STATE_CACHED, NEIGHBOR_OFFLOAD_STATE_CONST, NEIGHBOR_OFFLOAD_STATE_DELEGATED,
    OFFLOAD_STATE_HEADER, OFFLOAD_STATE_TYPE, PATH_OFFLOAD_STATE_CACHED, PATH_OFFLOAD_STATE_CONST,
    PATH_OFFLOAD_STATE_DELEGATED, TCP_OFFLOAD_STATE_CACHED, TCP_OFFLOAD_STATE_CONST,
    TCP_OFFLOAD_STATE_DELEGATED,
};

/// One kind of state structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateKind {
    /// NEIGHBOR_OFFLOAD_STATE_CONST.
    NeighborConst,
    /// NEIGHBOR_OFFLOAD_STATE_CACHED.
    NeighborCached,
    /// NEIGHBOR_OFFLOAD_STATE_DELEGATED.
    NeighborDelegated,
    /// PATH_OFFLOAD_STATE_CONST.
    PathConst,
    /// PATH_OFFLOAD_STATE_CACHED.
    PathCached,
    /// PATH_OFFLOAD_STATE_DELEGATED.
    PathDelegated,
    /// TCP_OFFLOAD_STATE_CONST.
    TcpConst,
    /// TCP_OFFLOAD_STATE_CACHED.
    TcpCached,
    /// TCP_OFFLOAD_STATE_DELEGATED.
    TcpDelegated,
}

impl StateKind {
    /// `size_of` the structure on this target (a peer's `Length` may be smaller, e.g.
    /// a TCP delegated state from NDIS 6.0 headers has no `DWnd`).
    #[must_use]
    pub const fn size(self) -> usize {
        match self {
            Self::NeighborConst => size_of::<NEIGHBOR_OFFLOAD_STATE_CONST>(),
            Self::NeighborCached => size_of::<NEIGHBOR_OFFLOAD_STATE_CACHED>(),
            Self::NeighborDelegated => size_of::<NEIGHBOR_OFFLOAD_STATE_DELEGATED>(),
            Self::PathConst => size_of::<PATH_OFFLOAD_STATE_CONST>(),
            Self::PathCached => size_of::<PATH_OFFLOAD_STATE_CACHED>(),
            Self::PathDelegated => size_of::<PATH_OFFLOAD_STATE_DELEGATED>(),
            Self::TcpConst => size_of::<TCP_OFFLOAD_STATE_CONST>(),
            Self::TcpCached => size_of::<TCP_OFFLOAD_STATE_CACHED>(),
            Self::TcpDelegated => size_of::<TCP_OFFLOAD_STATE_DELEGATED>(),
        }
    }

    /// The structures a block of type `ty` carries, in memory order (ST-4.3), or
    /// `None` for a reserved or unknown type.
    #[must_use]
    pub const fn sequence(ty: OFFLOAD_STATE_TYPE) -> Option<&'static [Self]> {
        use StateKind as K;
        Some(match ty.0 {
            1 => &[K::NeighborConst],
            2 => &[K::NeighborCached],
            3 => &[K::NeighborDelegated],
            4 => &[K::NeighborConst, K::NeighborCached, K::NeighborDelegated],
            5 | 9 => &[K::PathConst],
            6 | 10 => &[K::PathCached],
            7 | 11 => &[K::PathDelegated],
            8 | 12 => &[K::PathConst, K::PathCached, K::PathDelegated],
            13 => &[K::TcpConst],
            14 => &[K::TcpCached],
            15 => &[K::TcpDelegated],
            17 => &[K::TcpConst, K::TcpCached, K::TcpDelegated],
            _ => return None,
        })
    }
}

/// Whether state follows a block of this role in this operation (OP-5, ST-11.5): full
/// state after new offloads of an initiate; the structures the target fills after
/// every object of a terminate or query; cached state after update blocks whose
/// `Header.Size` covers more than the block (relink blocks carry none); never after
/// placeholders, linkers or invalidate blocks.
#[must_use]
pub fn state_follows(op: Operation, role: BlockRole, header_size: u16) -> bool {
    match (op, role) {
        (Operation::Initiate, BlockRole::NewOffload)
        | (Operation::Terminate | Operation::Query, BlockRole::Existing) => true,
        (Operation::Update, BlockRole::Existing) => usize::from(header_size) > BLOCK_SIZE,
        _ => false,
    }
}

/// One state structure located in a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateRef {
    /// Which structure.
    pub kind: StateKind,
    /// Its first byte (may be misaligned).
    pub ptr: *mut u8,
    /// Its `OFFLOAD_STATE_HEADER.Length` as found.
    pub length: u32,
}

/// Iterator over the structures trailing one block, in memory order. It stops (yields
/// nothing more) at a `Length` smaller than a header, or running past `Header.Size`
/// when that is larger than the block, or else above [`MAX_STATE_LENGTH`]; the
/// validator reports those.
///
/// # Invariants
/// Every header it reads lies within the state the block's `Type` describes, which
/// [`StateIter::new`]'s contract makes readable for `'a`.
pub struct StateIter<'a> {
    kinds: &'static [StateKind],
    at: *mut u8,
    /// One past the last state byte when `Header.Size` is larger than the block.
    bound: Option<usize>,
    _tree: PhantomData<&'a mut u8>,
}

impl StateIter<'_> {
    /// The structures after `block`, as its `Header.Type` names them (none for an
    /// unknown type).
    ///
    /// # Safety
    /// `block` must be a valid block for `'a`, and the state structures its `Type`
    /// names must follow it in readable (and, if written through the views, writable)
    /// memory, each at the previous one's `Length`, for `'a`.
    #[must_use]
    pub unsafe fn new(block: *mut Block) -> Self {
        // SAFETY: the caller guarantees `block` is a valid block.
        let header = unsafe { (*block).Header };
        let size = usize::from(header.Size);
        Self {
            kinds: StateKind::sequence(OFFLOAD_STATE_TYPE::from_header_type(header.Type))
                .unwrap_or(&[]),
            at: block.cast::<u8>().wrapping_add(BLOCK_SIZE),
            bound: (size > BLOCK_SIZE).then(|| block as usize + size),
            _tree: PhantomData,
        }
    }
}

impl Iterator for StateIter<'_> {
    type Item = StateRef;

    fn next(&mut self) -> Option<StateRef> {
        let (&kind, rest) = self.kinds.split_first()?;
        // SAFETY: `at` is the start of the next structure the block's type names, which
        // the constructor's contract makes readable (type invariant); it may be
        // misaligned, hence the unaligned read.
        let header = unsafe { ptr::read_unaligned(self.at.cast::<OFFLOAD_STATE_HEADER>()) };
        let past_bound = match self.bound {
            Some(end) => (self.at as usize).saturating_add(header.Length as usize) > end,
            None => header.Length > MAX_STATE_LENGTH,
        };
        if header.Length < size_of::<OFFLOAD_STATE_HEADER>() as u32 || past_bound {
            self.kinds = &[];
            return None;
        }
        let found = StateRef {
            kind,
            ptr: self.at,
            length: header.Length,
        };
        self.kinds = rest;
        self.at = self.at.wrapping_add(header.Length as usize);
        Some(found)
    }
}

/// Marker for the state structures: plain data for which every byte pattern is a valid
/// value (integers, raw pointers, unions of those), so a partial copy is sound.
///
/// # Safety
/// Implementors must be `#[repr(C)]` types whose every bit pattern is valid.
pub unsafe trait PlainState: Copy + Default {
    /// The kind this type is.
    const KIND: StateKind;
}

macro_rules! plain_state {
    ($($t:ty => $k:ident),+ $(,)?) => {$(
        // SAFETY: a repr(C) structure of integers, raw pointers and unions of those
        // (structures.md ST-6); every bit pattern is a valid value.
        unsafe impl PlainState for $t { const KIND: StateKind = StateKind::$k; }
    )+};
}
plain_state!(
    NEIGHBOR_OFFLOAD_STATE_CONST => NeighborConst,
    NEIGHBOR_OFFLOAD_STATE_CACHED => NeighborCached,
    NEIGHBOR_OFFLOAD_STATE_DELEGATED => NeighborDelegated,
    PATH_OFFLOAD_STATE_CONST => PathConst,
    PATH_OFFLOAD_STATE_CACHED => PathCached,
    PATH_OFFLOAD_STATE_DELEGATED => PathDelegated,
    TCP_OFFLOAD_STATE_CONST => TcpConst,
    TCP_OFFLOAD_STATE_CACHED => TcpCached,
    TCP_OFFLOAD_STATE_DELEGATED => TcpDelegated,
);

/// A typed view of one state structure in a tree: reads and writes copy
/// `min(Length, size_of::<T>())` bytes unaligned, so a shorter structure from an older
/// peer is read with its missing tail zero and never overrun.
///
/// # Invariants
/// `ptr` addresses `length` bytes of state of type `T`, readable and writable for `'a`.
pub struct StateView<'a, T: PlainState> {
    ptr: *mut u8,
    length: u32,
    _tree: PhantomData<&'a mut T>,
}

impl<T: PlainState> StateView<'_, T> {
    /// View `state` as `T`, if it is of `T`'s kind.
    ///
    /// # Safety
    /// `state` must have come from a [`StateIter`] whose contract holds for `'a`.
    #[must_use]
    pub unsafe fn new(state: StateRef) -> Option<Self> {
        (state.kind == T::KIND).then_some(Self {
            ptr: state.ptr,
            length: state.length,
            _tree: PhantomData,
        })
    }

    fn span(&self) -> usize {
        (self.length as usize).min(size_of::<T>())
    }

    /// A copy of the structure.
    #[must_use]
    pub fn read(&self) -> T {
        let mut value = T::default();
        // SAFETY: `ptr` has `length` readable bytes (type invariant) and `value` has
        // size_of::<T>() bytes; `span` is the smaller; T accepts any bytes (PlainState).
        unsafe { ptr::copy_nonoverlapping(self.ptr, (&raw mut value).cast::<u8>(), self.span()) };
        value
    }

    /// Store `value` into the structure (its first `min(Length, size_of::<T>())` bytes).
    pub fn write(&self, value: &T) {
        // SAFETY: as in `read`, with `ptr` writable for 'a (type invariant).
        unsafe {
            ptr::copy_nonoverlapping((&raw const *value).cast::<u8>(), self.ptr, self.span());
        };
    }

    /// The structure's `Length` as found.
    #[must_use]
    pub fn length(&self) -> u32 {
        self.length
    }
}
