//! Criterion benchmark of the offload-tree engine on well-formed initiate trees of 1,
//! 16 and 4096 blocks (neighbor → paths → TCP, every block a new offload with full
//! state, laid out the way the host stack lays them out and rewritten the way NDIS
//! rewrites them on the way down): (a) a full [`Walk`], (b) [`validate`], (c) a
//! [`translate_down`] + [`translate_up`] round trip with handles from a preallocated
//! entry slab. Throughput is in blocks, so criterion reports the time per block.
//!
//! Run: `cargo bench -p offload-tree --bench tree`.

use std::hint::black_box;
use std::ptr;

use criterion::{BenchmarkId, Criterion, Throughput};
use offload_tree::abi::{
    NDIS_OFFLOAD_HANDLE, OFFLOAD_STATE_TYPE as T, PNDIS_OFFLOAD_HANDLE, PVOID,
};
use offload_tree::tree::build::{
    BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec, ndis_down_rewrite,
};
use offload_tree::tree::{
    Block, CallRecord, DownBlock, Limits, Operation, UpBlock, VisitMarker, Walk, translate_down,
    translate_up, validate,
};

/// The binding NDIS stamps into the root and the handles (opaque here).
const BINDING: PVOID = 0x0B0B_0000 as PVOID;
/// What the IM writes into the root's `ImReserved[0]` (opaque here).
const CALL_ENTRY: PVOID = 0x0CA1_1000 as PVOID;

/// A new offload of `ty` with the full-size state its type names.
fn new_offload(ty: T) -> NodeSpec {
    NodeSpec::new(ty, NodeKind::Object { token: 0 }).with_state()
}

/// The tree for `blocks`: one TCP block alone, or one neighbor with `paths` paths
/// (alternately IPv4 and IPv6) each carrying the same number of TCP blocks.
fn forest(blocks: usize) -> Vec<NodeSpec> {
    let paths = match blocks {
        1 => return vec![new_offload(T::TcpOffloadState)],
        16 => 3,
        4096 => 15,
        _ => panic!("no shape for {blocks} blocks"),
    };
    let per_path = (blocks - 1 - paths) / paths;
    assert_eq!(1 + paths + paths * per_path, blocks, "shape");
    let path_layer = (0..paths)
        .map(|p| {
            let ty = if p % 2 == 0 {
                T::Ip4OffloadState
            } else {
                T::Ip6OffloadState
            };
            new_offload(ty).with_dependents(
                (0..per_path)
                    .map(|_| new_offload(T::TcpOffloadState))
                    .collect(),
            )
        })
        .collect();
    vec![new_offload(T::NeighborOffloadState).with_dependents(path_layer)]
}

/// The tree as it reaches the IM's `MiniportInitiateOffload`.
fn initiate_tree(blocks: usize) -> BuiltTree {
    let tree = BuiltTree::build(&forest(blocks), HeaderSizeStyle::BlockAndState, 0x5A);
    assert_eq!(tree.blocks.len(), blocks);
    // SAFETY: the tree owns its blocks and handles.
    unsafe { ndis_down_rewrite(tree.root(), BINDING, Limits::DEFAULT) };
    tree
}

/// The IM's per-object entry: its own handle first (OP-13), then the host handle.
#[repr(C)]
struct Entry {
    handle: NDIS_OFFLOAD_HANDLE,
    host: PNDIS_OFFLOAD_HANDLE,
}

/// A preallocated entry slab, as the IM's binding keeps one.
fn slab(blocks: usize) -> Box<[Entry]> {
    (0..blocks)
        .map(|_| Entry {
            handle: NDIS_OFFLOAD_HANDLE::ZERO,
            host: ptr::null_mut(),
        })
        .collect()
}

/// One downward and upward translation of `root`, handing out entries of `entries`.
fn round_trip(root: *mut Block, entries: &mut [Entry]) -> usize {
    let base = entries.as_mut_ptr();
    let len = entries.len();
    let mut used = 0;
    let handle_for = |d: &DownBlock| -> Result<PNDIS_OFFLOAD_HANDLE, ()> {
        if used == len {
            return Err(());
        }
        let entry = base.wrapping_add(used);
        used += 1;
        // SAFETY: `entry` is one of the slab's `len` entries, not otherwise borrowed.
        unsafe { (*entry).host = d.upper_handle };
        Ok(entry.cast())
    };
    let mut record = CallRecord::EMPTY;
    // SAFETY: a validated tree in owned memory, unchanged since.
    let down = unsafe {
        translate_down(
            root,
            Operation::Initiate,
            Limits::DEFAULT,
            CALL_ENTRY,
            &mut record,
            handle_for,
        )
    };
    assert!(down.is_ok(), "the slab has an entry per block");
    // The lower handle is the entry's first member, so it is the entry (OP-13).
    // SAFETY: every lower handle this translation installed is an entry of the slab.
    let restore = |u: &UpBlock| unsafe { (*u.lower_handle.cast::<Entry>()).host };
    // SAFETY: the tree translate_down just returned Ok for, links unchanged.
    unsafe { translate_up(root, Limits::DEFAULT, &record, restore) }
}

fn bench_tree(c: &mut Criterion) {
    let mut generation = 1usize;
    for blocks in [1usize, 16, 4096] {
        let tree = initiate_tree(blocks);
        let root = tree.root();
        let mut entries = slab(blocks);
        // SAFETY: an owned, well-formed tree.
        let summary = unsafe {
            validate(
                root,
                Operation::Initiate,
                Limits::DEFAULT,
                VisitMarker::from_generation(0),
                |_| true,
            )
        };
        assert_eq!(summary.map(|s| s.new_offloads), Ok(blocks));
        assert_eq!(round_trip(root, &mut entries), blocks);

        let mut group = c.benchmark_group("offload_tree");
        group.throughput(Throughput::Elements(blocks as u64));
        group.bench_with_input(BenchmarkId::new("walk", blocks), &root, |b, &root| {
            b.iter(|| {
                // SAFETY: an owned, well-formed tree.
                let walk = unsafe { Walk::new(black_box(root), Limits::DEFAULT) };
                walk.filter(|v| black_box(v).is_ok()).count()
            });
        });
        group.bench_with_input(BenchmarkId::new("validate", blocks), &root, |b, &root| {
            b.iter(|| {
                generation += 1;
                let marker = VisitMarker::from_generation(generation);
                // SAFETY: an owned, well-formed tree; a fresh marker per pass.
                let summary = unsafe {
                    validate(
                        black_box(root),
                        Operation::Initiate,
                        Limits::DEFAULT,
                        marker,
                        |_| true,
                    )
                };
                summary.map_or(0, |s| s.blocks)
            });
        });
        group.bench_with_input(BenchmarkId::new("round_trip", blocks), &root, |b, &root| {
            b.iter(|| round_trip(black_box(root), &mut entries));
        });
        group.finish();
        drop(tree);
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_tree(&mut c);
    c.final_summary();
}
