//! The bounded depth-first walker (OP-4): dependents before siblings, no recursion, a
//! fixed stack holding one pending sibling per layer, and a block budget, so no input
//! can make it loop forever or grow its memory.

use core::marker::PhantomData;
use core::ptr;

use super::{Block, Limits, MAX_LAYERS, TreeError, TreeErrorKind};

/// One block reached by the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visit {
    /// The block.
    pub block: *mut Block,
    /// Its layer depth below the root layer (root and its siblings = 0).
    pub depth: u8,
    /// The block whose `DependentBlockList` led to this layer (NULL at depth 0).
    pub parent: *mut Block,
}

/// Depth-first iterator over a tree's blocks, yielding each block once per time it is
/// reached (the validator detects blocks reached twice). It reads only `NextBlock` and
/// `DependentBlockList`, before it yields a block, so the visitor may change any other
/// field of the block it is handed (never the links).
///
/// # Invariants
/// Every pointer the walk dereferences is the root or was read from a link of a block
/// already yielded; [`Walk::new`]'s contract makes all of them valid blocks for `'a`.
pub struct Walk<'a> {
    /// Pending sibling (and its parent) per layer, for when a deeper layer ends.
    pending: [(*mut Block, *mut Block); MAX_LAYERS],
    next: *mut Block,
    parent: *mut Block,
    depth: usize,
    yielded: usize,
    limits: Limits,
    finished: bool,
    /// An error found while leaving the last block, reported on the next call so that
    /// the block itself is still yielded.
    deferred: Option<(TreeErrorKind, *mut Block)>,
    _tree: PhantomData<&'a mut Block>,
}

impl Walk<'_> {
    /// Start a walk at `root` (NULL gives one [`TreeErrorKind::NullRoot`] error).
    ///
    /// # Safety
    /// For `'a`, every block reachable from `root` through `NextBlock` and
    /// `DependentBlockList`, within the first `limits.max_blocks` blocks and
    /// [`MAX_LAYERS`] layers, must be valid for reads of a whole block, and for writes
    /// wherever the caller writes through the yielded pointers; nothing else may
    /// access those blocks concurrently.
    #[must_use]
    pub unsafe fn new(root: *mut Block, limits: Limits) -> Self {
        Self {
            pending: [(ptr::null_mut(), ptr::null_mut()); MAX_LAYERS],
            next: root,
            parent: ptr::null_mut(),
            depth: 0,
            yielded: 0,
            limits,
            finished: false,
            deferred: None,
            _tree: PhantomData,
        }
    }

    /// Blocks yielded so far.
    #[must_use]
    pub fn yielded(&self) -> usize {
        self.yielded
    }

    fn fail(&mut self, kind: TreeErrorKind, block: *mut Block) -> Result<Visit, TreeError> {
        self.finished = true;
        Err(TreeError {
            kind,
            block,
            depth: self.depth as u8,
        })
    }

    /// Move past the block just yielded: into its dependents, else to its sibling, else
    /// up to the nearest pending sibling.
    fn advance(&mut self, from: *mut Block) -> Result<(), TreeErrorKind> {
        // SAFETY: `from` was yielded by this walk, so it is a valid block for 'a (type
        // invariant).
        let from_block = unsafe { &*from };
        let (dependent, sibling) = (from_block.DependentBlockList, from_block.NextBlock);
        if !dependent.is_null() {
            if self.depth + 1 >= MAX_LAYERS {
                return Err(TreeErrorKind::TooDeep);
            }
            self.pending[self.depth] = (sibling, self.parent);
            self.parent = from;
            self.depth += 1;
            self.next = dependent;
            return Ok(());
        }
        self.next = sibling;
        while self.next.is_null() && self.depth > 0 {
            self.depth -= 1;
            (self.next, self.parent) = self.pending[self.depth];
        }
        Ok(())
    }
}

impl Iterator for Walk<'_> {
    type Item = Result<Visit, TreeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        if let Some((kind, block)) = self.deferred.take() {
            return Some(self.fail(kind, block));
        }
        if self.next.is_null() {
            self.finished = true;
            return if self.yielded == 0 {
                Some(self.fail(TreeErrorKind::NullRoot, ptr::null_mut()))
            } else {
                None
            };
        }
        if self.yielded >= self.limits.max_blocks {
            return Some(self.fail(TreeErrorKind::TooManyBlocks, self.next));
        }
        let visit = Visit {
            block: self.next,
            depth: self.depth as u8,
            parent: self.parent,
        };
        self.yielded += 1;
        if let Err(kind) = self.advance(visit.block) {
            self.deferred = Some((kind, visit.block));
        }
        Some(Ok(visit))
    }
}

/// Why [`each_block`] stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop<E> {
    /// The tree is malformed where the walk reached it: the error [`Walk`] yields at the
    /// same point.
    Tree(TreeError),
    /// The visitor returned this error.
    Visitor(E),
}

/// The walk of [`Walk`] by internal iteration: `visit` gets every block in the same
/// order with the same [`Visit`], and a malformed structure stops the walk with the
/// same error at the same point (a block whose dependents are one layer too deep is
/// still visited before [`TreeErrorKind::TooDeep`]). No iterator state is kept between
/// blocks, so the per-block cost is a few loads and compares. Returns the number of
/// blocks visited.
///
/// # Errors
/// [`Stop::Visitor`] with the visitor's first error, or [`Stop::Tree`] with the first
/// structural error of the tree.
///
/// # Safety
/// The contract of [`Walk::new`]; `visit` must not change the links of the blocks it
/// is handed.
#[inline]
pub unsafe fn each_block<E>(
    root: *mut Block,
    limits: Limits,
    mut visit: impl FnMut(Visit) -> Result<(), E>,
) -> Result<usize, Stop<E>> {
    let tree = |kind, block, depth: usize| {
        Stop::Tree(TreeError {
            kind,
            block,
            depth: depth as u8,
        })
    };
    if root.is_null() {
        return Err(tree(TreeErrorKind::NullRoot, ptr::null_mut(), 0));
    }
    // Pending sibling (and its parent) per layer above the deepest.
    let mut pending = [(ptr::null_mut::<Block>(), ptr::null_mut::<Block>()); MAX_LAYERS - 1];
    let (mut block, mut parent, mut depth, mut visited) = (root, ptr::null_mut(), 0, 0);
    loop {
        if visited >= limits.max_blocks {
            return Err(tree(TreeErrorKind::TooManyBlocks, block, depth));
        }
        visited += 1;
        // SAFETY: `block` is the root or was read from a link of a block visited before,
        // so valid for reads (this function's contract); the reference ends here.
        let links = unsafe { &*block };
        let (dependent, sibling) = (links.DependentBlockList, links.NextBlock);
        visit(Visit {
            block,
            depth: depth as u8,
            parent,
        })
        .map_err(Stop::Visitor)?;
        if !dependent.is_null() {
            let Some(slot) = pending.get_mut(depth) else {
                return Err(tree(TreeErrorKind::TooDeep, block, depth));
            };
            *slot = (sibling, parent);
            (parent, block) = (block, dependent);
            depth += 1;
            continue;
        }
        block = sibling;
        while block.is_null() {
            if depth == 0 {
                return Ok(visited);
            }
            depth -= 1;
            // In bounds: `depth` was an index of `pending` when it was pushed.
            (block, parent) = pending
                .get(depth)
                .copied()
                .unwrap_or((ptr::null_mut(), ptr::null_mut()));
        }
    }
}
