//! Fixed-work driver for instruction counting with callgrind: builds the same
//! well-formed initiate trees as `benches/tree.rs` (1, 16 or 4096 blocks; neighbor →
//! paths → TCP; every block a new offload with full state), then runs one operation a
//! fixed number of times inside a `#[inline(never)]` function named `measure_*`, so
//! callgrind can count only that function (and its callees):
//!
//! ```text
//! cargo build --release -p offload-tree --example tree_cost
//! valgrind --tool=callgrind --collect-atstart=no \
//!     --toggle-collect='*tree_cost::measure_*' --callgrind-out-file=/tmp/cg.out \
//!     target/release/examples/tree_cost validate 4096 100
//! callgrind_annotate /tmp/cg.out | head    # "PROGRAM TOTALS" / (blocks * iterations)
//! ```
//!
//! Usage: `tree_cost <walk|validate|round_trip> <1|16|4096> [iterations]`.

use std::hint::black_box;
use std::process::ExitCode;
use std::ptr;

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

/// The tree for `blocks` (same shapes as the criterion benchmark).
fn forest(blocks: usize) -> Option<Vec<NodeSpec>> {
    let paths = match blocks {
        1 => return Some(vec![new_offload(T::TcpOffloadState)]),
        16 => 3,
        4096 => 15,
        _ => return None,
    };
    let per_path = (blocks - 1 - paths) / paths;
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
    Some(vec![
        new_offload(T::NeighborOffloadState).with_dependents(path_layer),
    ])
}

/// The IM's per-object entry: its own handle first (OP-13), then the host handle.
#[repr(C)]
struct Entry {
    handle: NDIS_OFFLOAD_HANDLE,
    host: PNDIS_OFFLOAD_HANDLE,
}

/// `iterations` full walks.
#[inline(never)]
fn measure_walk(root: *mut Block, iterations: usize) -> usize {
    let mut seen = 0;
    for _ in 0..iterations {
        // SAFETY: an owned, well-formed tree.
        let walk = unsafe { Walk::new(black_box(root), Limits::DEFAULT) };
        seen += walk.filter(|v| black_box(v).is_ok()).count();
    }
    seen
}

/// `iterations` validations, each with a fresh marker.
#[inline(never)]
fn measure_validate(root: *mut Block, iterations: usize) -> usize {
    let mut seen = 0;
    for generation in 1..=iterations {
        // SAFETY: an owned, well-formed tree; a fresh marker per pass.
        let summary = unsafe {
            validate(
                black_box(root),
                Operation::Initiate,
                Limits::DEFAULT,
                VisitMarker::from_generation(generation),
                |_| true,
            )
        };
        seen += summary.map_or(0, |s| s.blocks);
    }
    seen
}

/// `iterations` downward + upward translations with handles from `entries`.
#[inline(never)]
fn measure_round_trip(root: *mut Block, entries: &mut [Entry], iterations: usize) -> usize {
    let base = entries.as_mut_ptr();
    let len = entries.len();
    let mut restored = 0;
    for _ in 0..iterations {
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
                black_box(root),
                Operation::Initiate,
                Limits::DEFAULT,
                CALL_ENTRY,
                &mut record,
                handle_for,
            )
        };
        if down.is_err() {
            return 0;
        }
        // The lower handle is the entry's first member, so it is the entry (OP-13).
        // SAFETY: every lower handle this translation installed is an entry of the slab.
        let restore = |u: &UpBlock| unsafe { (*u.lower_handle.cast::<Entry>()).host };
        // SAFETY: the tree translate_down just returned Ok for, links unchanged.
        restored += unsafe { translate_up(root, Limits::DEFAULT, &record, restore) };
    }
    restored
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: tree_cost <walk|validate|round_trip> <1|16|4096> [iterations]";
    let (Some(op), Some(Ok(blocks))) = (args.get(1), args.get(2).map(|s| s.parse::<usize>()))
    else {
        eprintln!("{usage}");
        return ExitCode::FAILURE;
    };
    let iterations = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000 / blocks.max(1) + 1);
    let Some(forest) = forest(blocks) else {
        eprintln!("{usage}");
        return ExitCode::FAILURE;
    };
    let tree = BuiltTree::build(&forest, HeaderSizeStyle::BlockAndState, 0x5A);
    let root = tree.root();
    // SAFETY: the tree owns its blocks and handles.
    unsafe { ndis_down_rewrite(root, BINDING, Limits::DEFAULT) };
    let mut entries: Vec<Entry> = (0..blocks)
        .map(|_| Entry {
            handle: NDIS_OFFLOAD_HANDLE::ZERO,
            host: ptr::null_mut(),
        })
        .collect();
    let result = match op.as_str() {
        "walk" => measure_walk(root, iterations),
        "validate" => measure_validate(root, iterations),
        "round_trip" => measure_round_trip(root, &mut entries, iterations),
        _ => {
            eprintln!("{usage}");
            return ExitCode::FAILURE;
        }
    };
    if result != blocks * iterations {
        eprintln!(
            "{op}: {result} blocks handled, expected {}",
            blocks * iterations
        );
        return ExitCode::FAILURE;
    }
    println!("{op} {blocks} blocks x {iterations} iterations: ok");
    ExitCode::SUCCESS
}
