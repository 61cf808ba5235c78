//! Property tests of the translator over random well-formed trees (all shapes, state
//! types, both `Header.Size` styles, all five operations): with NDIS's rewrites
//! (OP-9, OP-10) and a random target in the middle, translate → complete → restore
//! must bring back every caller-owned field (INV-OP-2) and pass through what the target
//! wrote (INV-OP-3). The checker returns its findings instead of asserting, so the
//! teeth tests can prove that dropping any single restore is caught. Random
//! corruptions of well-formed trees must always be rejected by the validator.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt::Write as _;
use core::ptr;

use proptest::prelude::*;

use super::build::{BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec, ndis_down_rewrite};
use super::state::StateIter;
use super::translate::{Skip, context_slot_of, translate_down_with, translate_up_with};
use super::*;
use crate::abi::*;

const UPPER_BINDING: PVOID = 0x0B0B_0000 as PVOID;
const LOWER_BINDING: PVOID = 0x0C0C_0000 as PVOID;

/// splitmix64: a small deterministic generator driven by the proptest seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    /// A pointer-sized canary, never NULL.
    fn canary(&mut self) -> PVOID {
        ((self.next() as usize) | 1) as PVOID
    }
}

/// The IM's per-object entry as the tests model it: the handle first (OP-13).
#[repr(C)]
struct Entry {
    handle: NDIS_OFFLOAD_HANDLE,
    host: PNDIS_OFFLOAD_HANDLE,
}

/// A slab of entries; tokens are entry addresses.
struct Slab {
    entries: Box<[Entry]>,
    used: usize,
}

impl Slab {
    fn new(n: usize) -> Self {
        let entries = (0..n)
            .map(|_| Entry {
                handle: NDIS_OFFLOAD_HANDLE::ZERO,
                host: ptr::null_mut(),
            })
            .collect();
        Self { entries, used: 0 }
    }
    fn take(&mut self) -> Option<*mut Entry> {
        let e = self.entries.get_mut(self.used)?;
        self.used += 1;
        Some(&raw mut *e)
    }
    fn owns(&self, token: PVOID) -> bool {
        let base = self.entries.as_ptr() as usize;
        let t = token as usize;
        t >= base
            && t < base + self.entries.len() * size_of::<Entry>()
            && (t - base).is_multiple_of(size_of::<Entry>())
    }
}

const LAYER_TYPES: [[T; 2]; 3] = [
    [T::NeighborOffloadState, T::NeighborOffloadState],
    [T::Ip4OffloadState, T::Ip6OffloadState],
    [T::TcpOffloadState, T::TcpOffloadState],
];
use crate::abi::OFFLOAD_STATE_TYPE as T;

/// How a random forest's objects are made; linkers and existing objects get tokens
/// from the slab after it exists.
fn random_layer(rng: &mut Rng, layer: usize, op: Operation, budget: &mut usize) -> Vec<NodeSpec> {
    let siblings = 1 + rng.below(if layer == 2 { 5 } else { 3 });
    let mut out = Vec::new();
    for _ in 0..siblings {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let ty = LAYER_TYPES[layer][rng.below(2)];
        let roll = rng.below(10);
        let mut node = if roll == 0 {
            NodeSpec::new(ty, NodeKind::Placeholder)
        } else if op == Operation::Initiate && roll >= 4 {
            NodeSpec::new(ty, NodeKind::Object { token: 0 }).with_state()
        } else {
            // Token patched to a live entry below; state only where the op carries it.
            let mut n = NodeSpec::new(ty, NodeKind::Object { token: 1 });
            if matches!(
                op,
                Operation::Terminate | Operation::Query | Operation::Update
            ) {
                n = n.with_state();
            }
            n
        };
        if node.state.is_some() && rng.chance(4) {
            // An older peer's shorter structures (e.g. no DWnd): still well formed.
            let kinds = StateKind::sequence(ty).unwrap();
            node.state = Some(
                kinds
                    .iter()
                    .map(|&k| k.size() as u32 - if k == StateKind::TcpDelegated { 4 } else { 0 })
                    .collect(),
            );
        }
        if layer < 2 && rng.below(3) != 0 {
            node.dependents = random_layer(rng, layer + 1, op, budget);
        }
        out.push(node);
    }
    out
}

/// Give every linker/existing object a live entry, already offloaded below.
fn give_entries(nodes: &mut [NodeSpec], slab: &mut Slab, rng: &mut Rng) {
    for n in nodes {
        if n.kind == (NodeKind::Object { token: 1 }) {
            let e = slab.take().unwrap();
            // SAFETY: a fresh entry of the slab.
            unsafe { (*e).handle.MiniportOffloadContext = rng.canary() };
            n.kind = NodeKind::Object { token: e as usize };
        }
        give_entries(&mut n.dependents, slab, rng);
    }
}

/// A generated scenario: the tree, the slab, and the canaries H put in.
struct Scenario {
    tree: BuiltTree,
    slab: Slab,
    op: Operation,
}

fn scenario(seed: u64, op: Operation, style: HeaderSizeStyle) -> Scenario {
    let mut rng = Rng(seed);
    let first_layer = rng.below(3);
    let mut budget = 1 + rng.below(60);
    let mut forest = random_layer(&mut rng, first_layer, op, &mut budget);
    let mut slab = Slab::new(200);
    give_entries(&mut forest, &mut slab, &mut rng);
    let tree = BuiltTree::build(&forest, style, rng.next() as u8);
    for &b in &tree.blocks {
        // SAFETY: owned tree: H fills the fields it owns with canaries.
        let block = unsafe { &mut *b };
        block.NdisReserved = [rng.canary(), rng.canary()];
        block.ProtocolReserved = [rng.canary(), rng.canary()];
        block.MiniportReserved = [rng.canary(), rng.canary()];
        block.ImReserved = [rng.canary(), rng.canary()];
        block.Scratch = [rng.canary(), rng.canary()];
        block.SourceHandle = rng.canary();
        block.PortNumber = rng.next() as u32;
        block.NetBufferListChain = if rng.chance(3) {
            rng.canary().cast()
        } else {
            ptr::null_mut()
        };
        block.Status = rng.next() as i32;
    }
    // Host handles of linkers/existing point back at the entries (what the IM wrote).
    for (i, &b) in tree.blocks.iter().enumerate() {
        // SAFETY: owned tree.
        let handle = unsafe { (*b).NdisOffloadHandle }.cast::<NDIS_OFFLOAD_HANDLE>();
        if !handle.is_null() {
            let token = tree.handles[i].MiniportOffloadContext;
            if slab.owns(token) {
                // SAFETY: token is an entry of the slab.
                unsafe { (*token.cast::<Entry>()).host = handle };
            }
        }
    }
    // SAFETY: owned tree; NDIS's rewrite on H's call (OP-9).
    unsafe { ndis_down_rewrite(tree.root(), UPPER_BINDING, Limits::DEFAULT) };
    Scenario { tree, slab, op }
}

/// Every field of a block as H sees it when the IM receives the tree.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct HostView {
    header: NDIS_OBJECT_HEADER,
    next: *mut Block,
    dependent: *mut Block,
    ndis_reserved: [PVOID; 2],
    context_slot: *mut PVOID,
    handle_slot: NDIS_HANDLE,
    protocol_reserved: [PVOID; 2],
    im_reserved: [PVOID; 2],
    source_handle: PVOID,
    port: u32,
}

fn host_view(b: *mut Block) -> HostView {
    // SAFETY: owned tree.
    let k = unsafe { &*b };
    HostView {
        header: k.Header,
        next: k.NextBlock,
        dependent: k.DependentBlockList,
        ndis_reserved: k.NdisReserved,
        context_slot: k.MiniportOffloadContext,
        handle_slot: k.NdisOffloadHandle,
        protocol_reserved: k.ProtocolReserved,
        im_reserved: k.ImReserved,
        source_handle: k.SourceHandle,
        port: k.PortNumber,
    }
}

/// What the target left: per block Status, chain, and trailing state bytes.
#[derive(Clone, PartialEq, Eq, Debug)]
struct TargetView {
    status: NDIS_STATUS,
    chain: PNET_BUFFER_LIST,
    state: Vec<u8>,
}

fn state_bytes(b: *mut Block, has_state: bool) -> Vec<u8> {
    if !has_state {
        return Vec::new();
    }
    // SAFETY: owned tree with state laid out by the builder.
    let states: Vec<StateRef> = unsafe { StateIter::new(b) }.collect();
    let mut bytes = Vec::new();
    for s in states {
        // SAFETY: the builder reserved `length` bytes for each structure.
        bytes.extend_from_slice(unsafe { core::slice::from_raw_parts(s.ptr, s.length as usize) });
    }
    bytes
}

fn target_view(b: *mut Block, has_state: bool) -> TargetView {
    // SAFETY: owned tree.
    let k = unsafe { &*b };
    TargetView {
        status: k.Status,
        chain: k.NetBufferListChain,
        state: state_bytes(b, has_state),
    }
}

/// A random lower driver: writes Status, its reserved fields, contexts for new
/// offloads, the returned chain and its state; never the caller's fields.
fn random_target(s: &Scenario, rng: &mut Rng, has_state: &[bool]) {
    const STATUSES: [NDIS_STATUS; 5] = [
        NDIS_STATUS_SUCCESS,
        NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS,
        NDIS_STATUS_FAILURE,
        NDIS_STATUS_OFFLOAD_TCP_ENTRIES,
        0x1234_5678,
    ];
    for (i, &b) in s.tree.blocks.iter().enumerate() {
        // SAFETY: owned tree.
        let block = unsafe { &mut *b };
        block.Status = STATUSES[rng.below(STATUSES.len())];
        block.MiniportReserved = [rng.canary(), rng.canary()];
        block.Scratch = [rng.canary(), rng.canary()];
        if s.op == Operation::Terminate && rng.chance(2) {
            block.NetBufferListChain = rng.canary().cast();
        }
        let moc = block.MiniportOffloadContext;
        // SAFETY: a non-NULL context slot is the IM handle's slot (NDIS rewrite).
        if !moc.is_null() && unsafe { moc.read() }.is_null() {
            // SAFETY: as above.
            unsafe { moc.write(rng.canary()) };
        }
        if has_state[i] {
            // SAFETY: owned tree.
            for st in unsafe { StateIter::new(b) } {
                for off in 8..st.length as usize {
                    // SAFETY: inside the structure's reserved bytes.
                    unsafe { st.ptr.wrapping_add(off).write(rng.next() as u8) };
                }
            }
        }
    }
}

/// Run one round trip; `Err` lists what the caller got back wrong.
fn round_trip(
    seed: u64,
    op: Operation,
    style: HeaderSizeStyle,
    skip: Skip,
    fail_at: Option<usize>,
) -> Result<(), String> {
    let mut s = scenario(seed, op, style);
    let mut rng = Rng(seed ^ 0xD1CE);
    let before: Vec<HostView> = s.tree.blocks.iter().map(|&b| host_view(b)).collect();
    let handles_before: Vec<NDIS_OFFLOAD_HANDLE> = s.tree.handles.to_vec();
    let has_state: Vec<bool> = s.tree.state_bytes.iter().map(|&n| n > 0).collect();
    let slab = &s.slab;
    let marker = VisitMarker::from_generation(seed as usize);
    // SAFETY: owned tree with slack after every block.
    let summary = unsafe { validate(s.tree.root(), op, Limits::DEFAULT, marker, |t| slab.owns(t)) }
        .map_err(|e| format!("well-formed tree rejected: {e}"))?;
    let mut record = CallRecord::EMPTY;
    let call_entry = (&raw mut record).cast::<core::ffi::c_void>();
    let mut count = 0usize;
    let mut slab = core::mem::replace(&mut s.slab, Slab::new(0));
    let handle_for = |d: &DownBlock| {
        count += 1;
        if fail_at == Some(count) {
            return Err(NDIS_STATUS_RESOURCES);
        }
        let entry = if d.role == BlockRole::NewOffload {
            let e = slab.take().ok_or(NDIS_STATUS_RESOURCES)?;
            // SAFETY: a fresh slab entry.
            unsafe { (*e).host = d.upper_handle };
            e
        } else {
            d.token.cast::<Entry>()
        };
        Ok(entry.cast::<NDIS_OFFLOAD_HANDLE>())
    };
    // SAFETY: validated owned tree.
    let down = unsafe {
        translate_down_with(
            s.tree.root(),
            op,
            Limits::DEFAULT,
            call_entry,
            &mut record,
            handle_for,
            skip,
        )
    };
    s.slab = slab;
    if down.is_err() {
        // Rollback: the caller's tree must be exactly as it arrived.
        for (i, &b) in s.tree.blocks.iter().enumerate() {
            if host_view(b) != before[i] {
                return Err(format!("rollback left block {i} changed"));
            }
        }
        return Ok(());
    }
    if down.unwrap() != summary.blocks - summary.placeholders {
        return Err("not every non-placeholder block got the IM's handle".into());
    }
    // NDIS's rewrite on the IM's own call (OP-9), the target, then completion (OP-10:
    // no change).
    // SAFETY: owned tree; IM handles live in the slab.
    unsafe { ndis_down_rewrite(s.tree.root(), LOWER_BINDING, Limits::DEFAULT) };
    random_target(&s, &mut rng, &has_state);
    let target: Vec<TargetView> = s
        .tree
        .blocks
        .iter()
        .zip(&has_state)
        .map(|(&b, &st)| target_view(b, st))
        .collect();
    // SAFETY: the lower handle is the first field of a slab entry (translate_down).
    let restore = |u: &UpBlock| unsafe { (*u.lower_handle.cast::<Entry>()).host };
    // SAFETY: the tree translate_down accepted, completed by the target.
    unsafe { translate_up_with(s.tree.root(), Limits::DEFAULT, &record, restore, skip) };
    check_restored(&s, &before, &target, &has_state, &handles_before)
}

/// INV-OP-2 and INV-OP-3 after the upward translation.
fn check_restored(
    s: &Scenario,
    before: &[HostView],
    target: &[TargetView],
    has_state: &[bool],
    handles_before: &[NDIS_OFFLOAD_HANDLE],
) -> Result<(), String> {
    let mut problems = String::new();
    for (i, &b) in s.tree.blocks.iter().enumerate() {
        let now = host_view(b);
        if now != before[i] {
            let _ = writeln!(
                problems,
                "block {i}: caller fields {now:?} != {:?}",
                before[i]
            );
        }
        if target_view(b, has_state[i]) != target[i] {
            let _ = writeln!(problems, "block {i}: target's results not passed through");
        }
        if !before[i].handle_slot.is_null()
            && before[i].context_slot != context_slot_of(before[i].handle_slot.cast())
        {
            let _ = writeln!(problems, "block {i}: scenario broken");
        }
    }
    if s.tree.handles[..] != *handles_before {
        problems += "the caller's handles were written\n";
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

const OPS: [Operation; 5] = [
    Operation::Initiate,
    Operation::Terminate,
    Operation::Update,
    Operation::Query,
    Operation::Invalidate,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn translate_complete_restore_gives_the_caller_back_its_tree(
        seed in any::<u64>(),
        op in 0..5usize,
        doc_style in any::<bool>(),
        fail_at in proptest::option::of(1..30usize),
    ) {
        let style = if doc_style { HeaderSizeStyle::BlockOnly } else { HeaderSizeStyle::BlockAndState };
        let r = round_trip(seed, OPS[op], style, Skip::empty(), fail_at);
        prop_assert!(r.is_ok(), "{}", r.unwrap_err());
    }

    #[test]
    fn corrupted_trees_are_always_rejected(seed in any::<u64>(), op in 0..5usize, how in 0..7usize) {
        let s = scenario(seed, OPS[op], HeaderSizeStyle::BlockAndState);
        let corrupted = corrupt(&s, how, &mut Rng(seed.rotate_left(7)));
        let slab = &s.slab;
        let marker = VisitMarker::from_generation(seed as usize ^ 0x55);
        // SAFETY: owned tree with slack; every link points at one of its blocks.
        let r = unsafe { validate(s.tree.root(), OPS[op], Limits::DEFAULT, marker, |t| slab.owns(t)) };
        prop_assert!(!corrupted || r.is_err(), "corruption {} accepted: {:?}", how, r);
    }
}

/// [`each_block`] against [`Walk`] on one tree: the same visits in the same order, then
/// the same structural error or none; a visitor error stops it after that block.
fn walks_agree(root: *mut Block, limits: Limits, stop_after: usize) -> Result<(), String> {
    // SAFETY: owned tree with slack; every link points at one of its blocks.
    let by_iter: Vec<Result<Visit, TreeError>> = unsafe { Walk::new(root, limits) }.collect();
    let mut by_each = Vec::new();
    // SAFETY: as above; the visitor writes nothing.
    let r = unsafe {
        each_block(root, limits, |v| {
            by_each.push(Ok(v));
            Ok::<(), ()>(())
        })
    };
    match r {
        Ok(n) if n == by_each.len() => {}
        Ok(n) => return Err(format!("each_block counted {n}, visited {}", by_each.len())),
        Err(Stop::Tree(e)) => by_each.push(Err(e)),
        Err(Stop::Visitor(())) => return Err("a visitor error nobody returned".into()),
    }
    if by_each != by_iter {
        return Err(format!("Walk {by_iter:?}\neach_block {by_each:?}"));
    }
    let mut seen = 0;
    // SAFETY: as above.
    let r = unsafe {
        each_block(root, limits, |_| {
            seen += 1;
            if seen == stop_after {
                Err(seen)
            } else {
                Ok(())
            }
        })
    };
    let visits = by_iter.iter().filter(|v| v.is_ok()).count();
    match r {
        Err(Stop::Visitor(n)) if stop_after <= visits && n == stop_after => Ok(()),
        Ok(n) if stop_after > visits && n == visits => Ok(()),
        Err(Stop::Tree(_)) if stop_after > visits => Ok(()),
        other => Err(format!("stop after {stop_after} of {visits}: {other:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn each_block_walks_exactly_like_walk(
        seed in any::<u64>(),
        op in 0..5usize,
        how in 0..8usize,
        max_blocks in 0..48usize,
        stop_after in 1..40usize,
    ) {
        let s = scenario(seed, OPS[op], HeaderSizeStyle::BlockAndState);
        // 7: left well-formed.
        if how < 7 {
            corrupt(&s, how, &mut Rng(seed.rotate_left(11)));
        }
        let r = walks_agree(s.tree.root(), Limits { max_blocks }, stop_after);
        prop_assert!(r.is_ok(), "{}", r.unwrap_err());
        let r = walks_agree(ptr::null_mut(), Limits { max_blocks }, stop_after);
        prop_assert!(r.is_ok(), "{}", r.unwrap_err());
    }
}

/// Apply corruption `how` to a random block; false if it does not apply to this tree.
fn corrupt(s: &Scenario, how: usize, rng: &mut Rng) -> bool {
    let n = s.tree.blocks.len();
    let pick = s.tree.block(rng.below(n));
    // SAFETY: owned tree; reached blocks only.
    let walk: Vec<Visit> = unsafe { Walk::new(s.tree.root(), Limits::DEFAULT) }
        .map_while(Result::ok)
        .collect();
    // SAFETY: owned tree.
    let block = unsafe { &mut *pick };
    let handle = block.NdisOffloadHandle.cast::<NDIS_OFFLOAD_HANDLE>();
    let token = if handle.is_null() {
        None
    } else {
        // SAFETY: a non-NULL handle slot points at one of the tree's handles.
        Some(unsafe { (*handle).MiniportOffloadContext })
    };
    match how {
        0 => block.NextBlock = pick,
        1 => block.Header.Size = rng.below(BLOCK_SIZE) as u16,
        2 => {
            // A TCP-typed block gets a dependent: TCP blocks have none.
            block.Header.Type = T::TcpOffloadState.0 as u8;
            block.DependentBlockList = s.tree.block(rng.below(n));
        }
        3 => match walk.iter().rev().find(|v| !v.parent.is_null()) {
            // A sibling link back to the parent: a cycle.
            // SAFETY: owned tree.
            Some(v) => unsafe { (*v.block).NextBlock = v.parent },
            None => block.NextBlock = pick,
        },
        4 => {
            // A context nobody issued, on a block that carries one.
            match token {
                Some(t) if !(t.is_null() && s.op == Operation::Initiate) => {
                    // SAFETY: as above.
                    unsafe { (*handle).MiniportOffloadContext = 0x0DD0_0001 as PVOID };
                }
                _ => return false,
            }
        }
        5 => {
            // A state length that cannot describe its structure, on a new offload.
            if s.op != Operation::Initiate || token != Some(ptr::null_mut()) {
                return false;
            }
            let bad = [0u32, 7, MAX_STATE_LENGTH + 1, u32::MAX][rng.below(4)];
            // A new offload's first state header follows the block.
            let first_length = pick.cast::<u8>().wrapping_add(BLOCK_SIZE);
            // SAFETY: a new offload's first state header follows the block.
            unsafe { ptr::copy_nonoverlapping(bad.to_ne_bytes().as_ptr(), first_length, 4) };
        }
        _ => {
            // Four layers: hang the root under the deepest block.
            let deepest = walk.iter().max_by_key(|v| v.depth).unwrap();
            // SAFETY: owned tree.
            unsafe { (*deepest.block).DependentBlockList = s.tree.root() };
        }
    }
    true
}

#[test]
fn dropping_any_single_restore_is_caught() {
    // A fixed scenario with objects, a placeholder and a non-trivial root.
    let seeds: Vec<u64> = (1..200).collect();
    for skip in [
        Skip::ROOT_IM_RESERVED,
        Skip::ROOT_SOURCE_HANDLE,
        Skip::HANDLE_SLOT,
        Skip::CONTEXT_SLOT,
    ] {
        let caught = seeds.iter().any(|&seed| {
            round_trip(
                seed,
                Operation::Initiate,
                HeaderSizeStyle::BlockAndState,
                skip,
                None,
            )
            .is_err()
        });
        assert!(caught, "{skip:?} not caught");
    }
    let caught = seeds.iter().any(|&seed| {
        round_trip(
            seed,
            Operation::Terminate,
            HeaderSizeStyle::BlockAndState,
            Skip::ROLLBACK_HANDLE_SLOT,
            Some(3),
        )
        .is_err()
    });
    assert!(caught, "rollback skip not caught");
    // And without skips the same seeds pass.
    assert!(seeds.iter().all(|&seed| {
        round_trip(
            seed,
            Operation::Initiate,
            HeaderSizeStyle::BlockAndState,
            Skip::empty(),
            None,
        )
        .is_ok()
    }));
}

#[test]
fn placeholders_keep_null_slots_through_the_relay() {
    let forest = vec![
        NodeSpec::new(T::NeighborOffloadState, NodeKind::Placeholder).with_dependents(vec![
            NodeSpec::new(T::Ip4OffloadState, NodeKind::Object { token: 0 }).with_state(),
        ]),
    ];
    let tree = BuiltTree::build(&forest, HeaderSizeStyle::BlockAndState, 0);
    // SAFETY: owned tree.
    unsafe { ndis_down_rewrite(tree.root(), UPPER_BINDING, Limits::DEFAULT) };
    let mut handles = [NDIS_OFFLOAD_HANDLE::ZERO; 1];
    let mut record = CallRecord::EMPTY;
    let mine: PNDIS_OFFLOAD_HANDLE = &raw mut handles[0];
    // SAFETY: owned tree.
    unsafe {
        validate(
            tree.root(),
            Operation::Initiate,
            Limits::DEFAULT,
            VisitMarker::from_generation(9),
            |_| true,
        )
    }
    .unwrap();
    // SAFETY: validated.
    let n = unsafe {
        translate_down_with(
            tree.root(),
            Operation::Initiate,
            Limits::DEFAULT,
            ptr::null_mut(),
            &mut record,
            |_| Ok::<_, ()>(mine),
            Skip::empty(),
        )
    };
    assert_eq!(n, Ok(1));
    // SAFETY: owned tree.
    let placeholder_slot = unsafe { (*tree.block(0)).NdisOffloadHandle };
    // SAFETY: owned tree.
    let object_slot = unsafe { (*tree.block(1)).NdisOffloadHandle };
    assert_eq!(
        (placeholder_slot, object_slot),
        (ptr::null_mut(), mine.cast())
    );
}
