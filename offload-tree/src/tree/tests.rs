//! Walker and validator tests: the DFS order and bounds of OP-4, and every OP-42a
//! malformation, on trees built in owned memory.

use alloc::vec;
use alloc::vec::Vec;
use core::ptr;

use super::build::{BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec, ndis_down_rewrite};
use super::*;
use crate::abi::{NDIS_STATUS_FAILURE, OFFLOAD_STATE_TYPE as T, PVOID};

const BINDING: PVOID = 0x1000 as PVOID;

fn obj(ty: T) -> NodeSpec {
    NodeSpec::new(ty, NodeKind::Object { token: 0 }).with_state()
}

fn linker(ty: T, token: usize) -> NodeSpec {
    NodeSpec::new(ty, NodeKind::Object { token })
}

fn placeholder(ty: T) -> NodeSpec {
    NodeSpec::new(ty, NodeKind::Placeholder)
}

/// neighbor → {path A → {tcp, tcp}, path B → {tcp}}, plus a sibling neighbor.
fn sample_forest() -> Vec<NodeSpec> {
    vec![
        obj(T::NeighborOffloadState).with_dependents(vec![
            obj(T::Ip4OffloadState)
                .with_dependents(vec![obj(T::TcpOffloadState), obj(T::TcpOffloadState)]),
            obj(T::Ip6OffloadState).with_dependents(vec![obj(T::TcpOffloadState)]),
        ]),
        obj(T::NeighborOffloadState),
    ]
}

fn built(forest: &[NodeSpec]) -> BuiltTree {
    let tree = BuiltTree::build(forest, HeaderSizeStyle::BlockAndState, 0xA5);
    // SAFETY: the tree owns its blocks and handles.
    unsafe { ndis_down_rewrite(tree.root(), BINDING, Limits::DEFAULT) };
    tree
}

fn walk_all(root: *mut Block, limits: Limits) -> Vec<Result<Visit, TreeError>> {
    // SAFETY: test trees are owned, valid memory.
    unsafe { Walk::new(root, limits) }.collect()
}

static GENERATION: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(1);

fn fresh_marker() -> VisitMarker {
    VisitMarker::from_generation(GENERATION.fetch_add(1, core::sync::atomic::Ordering::Relaxed))
}

fn check(
    tree: &BuiltTree,
    op: Operation,
    token_ok: impl FnMut(PVOID) -> bool,
) -> Result<TreeSummary, TreeError> {
    // SAFETY: test trees are owned, valid memory with slack after every block.
    unsafe { validate(tree.root(), op, Limits::DEFAULT, fresh_marker(), token_ok) }
}

fn kind_of(result: Result<TreeSummary, TreeError>) -> TreeErrorKind {
    result.expect_err("tree must be rejected").kind
}

#[test]
fn walk_is_depth_first_dependents_before_siblings() {
    let tree = built(&sample_forest());
    let visits: Vec<Visit> = walk_all(tree.root(), Limits::DEFAULT)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let b = &tree.blocks;
    // Expected order and parents written out from the forest above.
    let expected = [
        (b[0], 0, ptr::null_mut()),
        (b[1], 1, b[0]),
        (b[2], 2, b[1]),
        (b[3], 2, b[1]),
        (b[4], 1, b[0]),
        (b[5], 2, b[4]),
        (b[6], 0, ptr::null_mut()),
    ];
    assert_eq!(visits.len(), expected.len());
    for (v, (block, depth, parent)) in visits.iter().zip(expected) {
        assert_eq!((v.block, v.depth, v.parent), (block, depth, parent));
    }
}

#[test]
fn walk_reports_null_root_once() {
    let all = walk_all(ptr::null_mut(), Limits::DEFAULT);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].unwrap_err().kind, TreeErrorKind::NullRoot);
}

#[test]
fn walk_stops_at_a_fourth_layer_after_yielding_the_third() {
    let tree = built(&[obj(T::NeighborOffloadState).with_dependents(vec![
        obj(T::Ip4OffloadState).with_dependents(vec![obj(T::TcpOffloadState)]),
    ])]);
    // Hang a fourth layer under the TCP block.
    let extra = BuiltTree::build(
        &[obj(T::TcpOffloadState)],
        HeaderSizeStyle::BlockAndState,
        1,
    );
    // SAFETY: both trees are owned; the TCP block is valid.
    unsafe { (*tree.block(2)).DependentBlockList = extra.root() };
    let all = walk_all(tree.root(), Limits::DEFAULT);
    assert_eq!(all.len(), 4);
    assert!(all[..3].iter().all(Result::is_ok));
    let err = all[3].unwrap_err();
    assert_eq!(
        (err.kind, err.block.cast_mut()),
        (TreeErrorKind::TooDeep, tree.blocks[2])
    );
}

#[test]
fn walk_is_bounded_on_a_sibling_cycle() {
    let tree = built(&[obj(T::TcpOffloadState), obj(T::TcpOffloadState)]);
    // SAFETY: owned tree.
    unsafe { (*tree.block(1)).NextBlock = tree.blocks[0] };
    let all = walk_all(tree.root(), Limits { max_blocks: 10 });
    assert_eq!(all.len(), 11);
    assert_eq!(all[10].unwrap_err().kind, TreeErrorKind::TooManyBlocks);
}

#[test]
fn walk_handles_wide_layers_without_growing() {
    let wide: Vec<NodeSpec> = (0..5000).map(|_| obj(T::TcpOffloadState)).collect();
    let tree = built(&[obj(T::Ip4OffloadState).with_dependents(wide)]);
    assert_eq!(
        walk_all(tree.root(), Limits::DEFAULT)
            .iter()
            .filter(|r| r.is_ok())
            .count(),
        5001
    );
}

#[test]
fn valid_initiate_tree_is_classified() {
    let forest = vec![linker(T::NeighborOffloadState, 0x77).with_dependents(vec![
        placeholder(T::Ip4OffloadState).with_dependents(vec![obj(T::TcpOffloadState)]),
        obj(T::Ip4OffloadState),
    ])];
    let tree = built(&forest);
    let mut tokens = Vec::new();
    let summary = check(&tree, Operation::Initiate, |t| {
        tokens.push(t as usize);
        true
    })
    .unwrap();
    assert_eq!(
        summary,
        TreeSummary {
            blocks: 4,
            placeholders: 1,
            linkers: 1,
            new_offloads: 2,
            existing: 0
        }
    );
    assert_eq!(tokens, [0x77], "only the linker's token is checked");
}

#[test]
fn state_is_not_demanded_after_placeholders_linkers_or_invalidate_blocks() {
    let forest = vec![
        linker(T::NeighborOffloadState, 5).with_dependents(vec![placeholder(T::Ip4OffloadState)]),
    ];
    let tree = BuiltTree::build(&forest, HeaderSizeStyle::BlockOnly, 0);
    // SAFETY: owned tree.
    unsafe { ndis_down_rewrite(tree.root(), BINDING, Limits::DEFAULT) };
    assert!(check(&tree, Operation::Initiate, |_| true).is_ok());
    assert!(check(&tree, Operation::Invalidate, |_| true).is_ok());
    let existing = BuiltTree::build(
        &[linker(T::TcpOffloadState, 9)],
        HeaderSizeStyle::BlockOnly,
        0,
    );
    // SAFETY: owned tree.
    unsafe { ndis_down_rewrite(existing.root(), BINDING, Limits::DEFAULT) };
    assert!(check(&existing, Operation::Invalidate, |_| true).is_ok());
}

#[test]
fn shared_blocks_and_cycles_are_revisits() {
    let tree = built(&sample_forest());
    // Path B's dependents become path A's TCP list: two parents share blocks.
    // SAFETY: owned tree.
    unsafe { (*tree.block(4)).DependentBlockList = tree.blocks[2] };
    let err = check(&tree, Operation::Initiate, |_| true).unwrap_err();
    assert_eq!(
        (err.kind, err.block.cast_mut()),
        (TreeErrorKind::Revisited, tree.blocks[2])
    );

    let cyc = built(&[obj(T::TcpOffloadState)]);
    // SAFETY: owned tree.
    unsafe { (*cyc.block(0)).NextBlock = cyc.blocks[0] };
    assert_eq!(
        kind_of(check(&cyc, Operation::Initiate, |_| true)),
        TreeErrorKind::Revisited
    );
}

#[test]
fn a_reused_tree_validates_again_with_a_new_marker_only() {
    let tree = built(&sample_forest());
    let marker = fresh_marker();
    // SAFETY: owned tree.
    let first = unsafe {
        validate(
            tree.root(),
            Operation::Initiate,
            Limits::DEFAULT,
            marker,
            |_| true,
        )
    };
    assert!(first.is_ok());
    // SAFETY: owned tree.
    let same = unsafe {
        validate(
            tree.root(),
            Operation::Initiate,
            Limits::DEFAULT,
            marker,
            |_| true,
        )
    };
    assert_eq!(
        same.unwrap_err().kind,
        TreeErrorKind::Revisited,
        "the same marker twice is a caller error"
    );
    assert!(
        check(&tree, Operation::Initiate, |_| true).is_ok(),
        "stale marks of another pass do not match"
    );
}

#[test]
fn block_level_malformations_are_named() {
    let tree = built(&sample_forest());
    // SAFETY: owned tree.
    unsafe { (*tree.block(3)).Header.Size = 8 };
    let err = check(&tree, Operation::Initiate, |_| true).unwrap_err();
    assert_eq!(
        (err.kind, err.block.cast_mut()),
        (
            TreeErrorKind::HeaderSizeTooSmall { size: 8 },
            tree.blocks[3]
        )
    );

    let tcp_parent =
        built(&[obj(T::TcpOffloadState).with_dependents(vec![obj(T::TcpOffloadState)])]);
    assert_eq!(
        kind_of(check(&tcp_parent, Operation::Initiate, |_| true)),
        TreeErrorKind::TcpWithDependents
    );

    let inverted =
        built(&[obj(T::Ip4OffloadState).with_dependents(vec![obj(T::NeighborOffloadState)])]);
    assert_eq!(
        kind_of(check(&inverted, Operation::Initiate, |_| true)),
        TreeErrorKind::LayerOrder {
            parent: T::Ip4OffloadState,
            child: T::NeighborOffloadState
        }
    );
    let same_layer =
        built(&[obj(T::Ip4OffloadState).with_dependents(vec![obj(T::Ip6OffloadState)])]);
    assert!(matches!(
        kind_of(check(&same_layer, Operation::Initiate, |_| true)),
        TreeErrorKind::LayerOrder { .. }
    ));

    let mut too_many = sample_forest();
    too_many.extend((0..10).map(|_| obj(T::NeighborOffloadState)));
    let big = built(&too_many);
    // SAFETY: owned tree.
    let r = unsafe {
        validate(
            big.root(),
            Operation::Initiate,
            Limits { max_blocks: 10 },
            fresh_marker(),
            |_| true,
        )
    };
    assert_eq!(r.unwrap_err().kind, TreeErrorKind::TooManyBlocks);
}

#[test]
fn new_offload_state_must_match_its_type() {
    let unknown = built(&[NodeSpec::new(T(200), NodeKind::Object { token: 0 })]);
    assert_eq!(
        kind_of(check(&unknown, Operation::Initiate, |_| true)),
        TreeErrorKind::UnknownStateType(T(200))
    );
    let reserved = built(&[NodeSpec::new(
        T::TcpOffloadResourceState,
        NodeKind::Object { token: 0 },
    )]);
    assert!(matches!(
        kind_of(check(&reserved, Operation::Initiate, |_| true)),
        TreeErrorKind::UnknownStateType(_)
    ));

    for (lengths, index, length) in [
        (vec![4, 44, 128], 0, 4),
        (vec![24, 0, 128], 1, 0),
        (vec![24, 44, 5000], 2, 5000),
    ] {
        let mut node = obj(T::TcpOffloadState);
        node.state = Some(lengths);
        let tree = BuiltTree::build(&[node], HeaderSizeStyle::BlockOnly, 3);
        // SAFETY: owned tree.
        unsafe { ndis_down_rewrite(tree.root(), BINDING, Limits::DEFAULT) };
        assert_eq!(
            kind_of(check(&tree, Operation::Initiate, |_| true)),
            TreeErrorKind::BadStateLength { index, length }
        );
    }

    let tree = built(&[obj(T::TcpOffloadState)]);
    // SAFETY: owned tree; shrink Header.Size so the DELEGATED state runs past it.
    unsafe { (*tree.block(0)).Header.Size -= 8 };
    assert!(matches!(
        kind_of(check(&tree, Operation::Initiate, |_| true)),
        TreeErrorKind::StatePastHeaderSize { .. }
    ));

    // A peer built on NDIS 6.0 headers sends a delegated state without DWnd: valid.
    let mut short = obj(T::TcpOffloadState);
    short.state = Some(vec![24, 44, (StateKind::TcpDelegated.size() - 4) as u32]);
    assert!(check(&built(&[short]), Operation::Initiate, |_| true).is_ok());
}

#[test]
fn tokens_are_checked_for_linkers_and_existing_objects() {
    let tree = built(&[
        linker(T::NeighborOffloadState, 0xBAD).with_dependents(vec![obj(T::Ip4OffloadState)])
    ]);
    let err = check(&tree, Operation::Initiate, |t| t as usize != 0xBAD).unwrap_err();
    assert_eq!(
        (err.kind, err.block.cast_mut()),
        (TreeErrorKind::BadToken(0xBAD as PVOID), tree.blocks[0])
    );

    for op in [
        Operation::Terminate,
        Operation::Update,
        Operation::Query,
        Operation::Invalidate,
    ] {
        let not_offloaded = built(&[NodeSpec::new(
            T::TcpOffloadState,
            NodeKind::Object { token: 0 },
        )]);
        assert_eq!(
            kind_of(check(&not_offloaded, op, |_| true)),
            TreeErrorKind::NotOffloaded,
            "{op:?}"
        );
        let existing = built(&[linker(T::TcpOffloadState, 0x40)]);
        assert_eq!(check(&existing, op, |_| true).unwrap().existing, 1);
        assert!(matches!(
            kind_of(check(&existing, op, |_| false)),
            TreeErrorKind::BadToken(_)
        ));
    }
}

#[test]
fn mark_status_reaches_each_block_once_even_in_a_cycle() {
    let tree = built(&sample_forest());
    // SAFETY: owned tree.
    unsafe { (*tree.block(6)).NextBlock = tree.blocks[0] };
    // SAFETY: owned tree.
    let written = unsafe {
        mark_status(
            tree.root(),
            Limits::DEFAULT,
            fresh_marker(),
            NDIS_STATUS_FAILURE,
            None,
        )
    };
    assert_eq!(written, 7);
    for &b in &tree.blocks {
        // SAFETY: owned tree.
        assert_eq!(unsafe { (*b).Status }, NDIS_STATUS_FAILURE);
    }
}

#[test]
fn state_iter_and_views_read_and_write_unaligned() {
    use crate::abi::{
        TCP_OFFLOAD_STATE_CACHED, TCP_OFFLOAD_STATE_CONST, TCP_OFFLOAD_STATE_DELEGATED,
    };
    let mut node = obj(T::TcpOffloadState);
    // Lengths that leave the DELEGATED state misaligned for pointers on x64.
    node.state = Some(vec![24, 44, StateKind::TcpDelegated.size() as u32]);
    let tree = built(&[node]);
    // SAFETY: owned tree.
    let states: Vec<StateRef> = unsafe { StateIter::new(tree.root()) }.collect();
    assert_eq!(
        states.iter().map(|s| s.kind).collect::<Vec<_>>(),
        [
            StateKind::TcpConst,
            StateKind::TcpCached,
            StateKind::TcpDelegated
        ]
    );
    assert_eq!(
        states[2].ptr as usize - tree.root() as usize,
        BLOCK_SIZE + 24 + 44
    );
    // SAFETY: from the iterator over an owned tree.
    let delegated = unsafe { StateView::<TCP_OFFLOAD_STATE_DELEGATED>::new(states[2]) }.unwrap();
    let mut d = delegated.read();
    d.SndUna = 1000;
    d.Receive.BufferedData = 0x1234 as _;
    delegated.write(&d);
    let again = delegated.read();
    // SAFETY: the pointer arm was written above.
    let buffered = unsafe { again.Receive.BufferedData } as usize;
    assert_eq!((again.SndUna, buffered), (1000, 0x1234));
    // SAFETY: from the iterator.
    let wrong_kind = unsafe { StateView::<TCP_OFFLOAD_STATE_CONST>::new(states[1]) };
    assert!(wrong_kind.is_none(), "kind is checked");
    // SAFETY: from the iterator.
    let cached = unsafe { StateView::<TCP_OFFLOAD_STATE_CACHED>::new(states[1]) }.unwrap();
    assert_eq!(cached.read().Header.Length, 44);
}

#[test]
fn mark_status_stops_where_the_validator_stopped() {
    let tree = built(&sample_forest());
    // SAFETY: owned tree.
    unsafe { (*tree.block(2)).Header.Size = 4 };
    let err = check(&tree, Operation::Initiate, |_| true).unwrap_err();
    for &b in &tree.blocks {
        // SAFETY: owned tree.
        unsafe { (*b).Status = 0 };
    }
    // SAFETY: owned tree.
    let written = unsafe {
        mark_status(
            tree.root(),
            Limits::DEFAULT,
            fresh_marker(),
            NDIS_STATUS_FAILURE,
            Some(err.block),
        )
    };
    assert_eq!(written, 3, "blocks 0, 1 and the bad block 2");
    // SAFETY: owned tree.
    let after_bad = unsafe { (*tree.block(3)).Status };
    assert_eq!(after_bad, 0, "nothing past the bad block");
}

#[test]
fn a_null_context_is_not_offloaded_even_for_a_strict_token_check() {
    let tree = built(&[NodeSpec::new(
        T::TcpOffloadState,
        NodeKind::Object { token: 0 },
    )]);
    let mut asked = 0;
    let r = check(&tree, Operation::Terminate, |t| {
        asked += 1;
        !t.is_null()
    });
    assert_eq!(kind_of(r), TreeErrorKind::NotOffloaded);
    assert_eq!(asked, 0, "the token check never sees NULL");
}

#[test]
fn long_state_within_header_size_is_accepted() {
    // OP-42a rejects state past Header.Size, not a long Length inside it.
    let mut node = obj(T::TcpOffloadConstState);
    node.state = Some(vec![1500]);
    assert!(check(&built(&[node.clone()]), Operation::Initiate, |_| true).is_ok());
    // Without the Header.Size bound the same Length cannot be stepped over.
    let doc_style = BuiltTree::build(&[node], HeaderSizeStyle::BlockOnly, 0);
    // SAFETY: owned tree.
    unsafe { ndis_down_rewrite(doc_style.root(), BINDING, Limits::DEFAULT) };
    assert!(matches!(
        kind_of(check(&doc_style, Operation::Initiate, |_| true)),
        TreeErrorKind::BadStateLength { length: 1500, .. }
    ));
}

#[test]
fn a_huge_length_inside_a_bounded_block_is_reported_not_overflowed() {
    // On 32-bit targets offset + Length overflows usize without saturation.
    for length in [u32::MAX, u32::MAX - 7, 0x8000_0000] {
        let tree = built(&[obj(T::TcpOffloadState)]);
        let first = tree.root().cast::<u8>().wrapping_add(BLOCK_SIZE);
        // SAFETY: the first state header follows the block in the owned arena.
        unsafe { core::ptr::copy_nonoverlapping(length.to_ne_bytes().as_ptr(), first, 4) };
        assert!(matches!(
            kind_of(check(&tree, Operation::Initiate, |_| true)),
            TreeErrorKind::StatePastHeaderSize { .. }
        ));
    }
}
