//! Per-key stacks for the simulator's books: what is outstanding at each level of a
//! binding stack, keyed by an address (an NBL, a tree root). Every crossing of the
//! simulated NDIS pushes a record and every completion pops one, so the stacks are
//! made and emptied all the time: an emptied stack's memory is kept for the next key
//! instead of being freed and allocated again (the checks are the same; only the
//! simulator's own allocations per crossing go away).

use rustc_hash::FxHashMap;

/// Emptied stacks kept for reuse, at most.
const SPARE_LIMIT: usize = 1024;

/// A stack of records per key; a key with an empty stack is absent.
pub struct Stacks<T> {
    map: FxHashMap<usize, Vec<T>>,
    spare: Vec<Vec<T>>,
}

impl<T> Default for Stacks<T> {
    fn default() -> Self {
        Self {
            map: FxHashMap::default(),
            spare: Vec::new(),
        }
    }
}

impl<T> Stacks<T> {
    /// Push `value` on `key`'s stack.
    pub fn push(&mut self, key: usize, value: T) {
        let spare = &mut self.spare;
        self.map
            .entry(key)
            .or_insert_with(|| spare.pop().unwrap_or_default())
            .push(value);
    }

    /// Pop the top of `key`'s stack; the key goes when its stack is empty.
    pub fn pop(&mut self, key: usize) -> Option<T> {
        let std::collections::hash_map::Entry::Occupied(mut e) = self.map.entry(key) else {
            return None;
        };
        let top = e.get_mut().pop();
        if e.get().is_empty() {
            let emptied = e.remove();
            self.recycle(emptied);
        }
        top
    }

    /// Remove the first record of `key`'s stack that `pred` accepts (order kept); the
    /// key goes when its stack is empty.
    pub fn remove_first(&mut self, key: usize, pred: impl Fn(&T) -> bool) -> Option<T> {
        let std::collections::hash_map::Entry::Occupied(mut e) = self.map.entry(key) else {
            return None;
        };
        let i = e.get().iter().position(pred)?;
        let found = e.get_mut().remove(i);
        if e.get().is_empty() {
            let emptied = e.remove();
            self.recycle(emptied);
        }
        Some(found)
    }

    /// `key`'s stack, bottom first.
    #[must_use]
    pub fn get(&self, key: usize) -> Option<&[T]> {
        self.map.get(&key).map(Vec::as_slice)
    }

    /// Keys with a non-empty stack.
    #[must_use]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no key has a record.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every non-empty stack, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &[T]> {
        self.map.values().map(Vec::as_slice)
    }

    fn recycle(&mut self, mut v: Vec<T>) {
        if self.spare.len() < SPARE_LIMIT {
            v.clear();
            self.spare.push(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Stacks;

    #[test]
    fn push_pop_remove_and_reuse() {
        let mut s = Stacks::default();
        assert_eq!(s.pop(1), None);
        s.push(1, 'a');
        s.push(1, 'b');
        s.push(2, 'c');
        assert_eq!(s.len(), 2);
        assert_eq!(s.get(1), Some(&['a', 'b'][..]));
        assert_eq!(s.pop(1), Some('b'));
        assert_eq!(s.pop(1), Some('a'));
        assert_eq!(s.get(1), None);
        assert_eq!(s.pop(1), None);
        assert_eq!(s.spare.len(), 1);
        s.push(3, 'd');
        assert!(s.spare.is_empty(), "an emptied stack is reused");
        s.push(3, 'e');
        s.push(3, 'f');
        assert_eq!(s.remove_first(3, |&c| c == 'e'), Some('e'));
        assert_eq!(s.remove_first(3, |&c| c == 'x'), None);
        assert_eq!(s.get(3), Some(&['d', 'f'][..]));
        assert_eq!(s.remove_first(3, |_| true), Some('d'));
        assert_eq!(s.remove_first(3, |_| true), Some('f'));
        assert_eq!(s.remove_first(3, |_| true), None);
        assert_eq!(s.values().count(), 1);
        assert!(!s.is_empty());
        assert_eq!(s.pop(2), Some('c'));
        assert!(s.is_empty());
    }
}
