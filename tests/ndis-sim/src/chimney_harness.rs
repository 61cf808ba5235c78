//! Helpers for the chimney tests through the real driver: a chimney NIC (the test
//! offload target of `testchimney`) advertising a TCP connection offload capacity, the
//! IM bound over it, and a chimney host (the test client) bound to the velan; trees of
//! neighbor → path → TCP built with `offload_tree::tree::build`, and the five state
//! operations issued from the host's binding.

use chimney_im::binding::Binding;
use chimney_im::platform::Ndis;
use offload_tree::abi::{
    NDIS_OBJECT_HEADER, NDIS_OBJECT_TYPE_DEFAULT, NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1,
    NDIS_TCP_CONNECTION_OFFLOAD, NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1, OFFLOAD_STATE_TYPE,
    PNDIS_OFFLOAD_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PVOID,
};
use offload_tree::tree::build::{BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec};
use offload_tree::tree::{Operation, context_slot_of};

use crate::im_harness::{ImSystem, VELAN, register_im};
use crate::testchimney::{new_client, new_target};
use crate::testdrivers::{TestMiniport, TestProtocol};
use crate::{Sim, SimNdis};

/// `NDIS_ENCAPSULATION_IEEE_802_3`.
pub const ENCAPSULATION_802_3: u32 = 2;
/// `SupportIPv4 = NDIS_OFFLOAD_SUPPORTED`, `SupportIPv6 = NDIS_OFFLOAD_SUPPORTED`.
pub const SUPPORT_IPV4_IPV6: u32 = 0b0101;

/// The chimney capability the NIC reports in the bind parameters.
#[must_use]
pub fn nic_capability(capacity: u32) -> NDIS_TCP_CONNECTION_OFFLOAD {
    NDIS_TCP_CONNECTION_OFFLOAD {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_DEFAULT,
            NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1,
            NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1,
        ),
        Encapsulation: ENCAPSULATION_802_3,
        SupportFlags: SUPPORT_IPV4_IPV6,
        TcpConnectionOffloadCapacity: capacity,
        Flags: 0,
    }
}

/// Chimney NIC "nic0" offloading `capacity` connections (`None`: no chimney
/// capability), the IM over it, the chimney host over the velan; runs until idle.
pub fn setup(sim: &Sim, capacity: Option<u32>) -> ImSystem {
    sim.allow_binding(chimney_im::driver_entry::PROTOCOL_NAME, "nic0");
    sim.allow_binding("host", VELAN);
    new_target();
    new_client();
    let nic = TestMiniport::register_chimney(sim);
    let (nic_adapter, nic0) = nic.add_adapter(sim, "nic0");
    nic_adapter
        .tcp_connection_offload
        .set(capacity.map(nic_capability));
    let driver_object = register_im(sim);
    let host = TestProtocol::register_chimney(sim, "host");
    sim.run_until_idle();
    ImSystem {
        driver_object,
        nic,
        nic_adapter,
        nic0,
        host,
    }
}

/// The host's binding handle to the velan.
#[must_use]
pub fn host_binding(system: &ImSystem) -> chimney_im::ndis::NDIS_HANDLE {
    system.host.binding(0).handle.get()
}

/// The IM's binding (velan context).
///
/// # Panics
/// When the IM is not bound.
#[must_use]
pub fn im(sim: &Sim) -> &'static Binding<SimNdis> {
    crate::im_harness::binding(sim).expect("the IM is bound")
}

/// A block: new (`token` 0, with its full state) or naming an offloaded object.
#[must_use]
pub fn node(ty: OFFLOAD_STATE_TYPE, token: usize) -> NodeSpec {
    let n = NodeSpec::new(ty, NodeKind::Object { token });
    if token == 0 { n.with_state() } else { n }
}

/// An object H offloaded: block `.1` of tree `.0` (whose handle H keeps for the
/// object's life, OP-13).
pub type Obj<'a> = (&'a BuiltTree, usize);

/// Point block `i` of `tree` at the handle H used for `obj` (H passes the same
/// `NDIS_OFFLOAD_HANDLE` for an object in every later tree).
pub fn adopt(tree: &BuiltTree, i: usize, obj: Obj<'_>) {
    let handle = (&raw const obj.0.handles[obj.1]).cast_mut();
    // SAFETY: a block of a tree the test owns.
    unsafe { (*tree.block(i)).NdisOffloadHandle = handle.cast() };
}

/// neighbor → path → TCP; each level new (`None`) or a linker naming `obj`.
#[must_use]
pub fn connection(neighbor: Option<Obj<'_>>, path: Option<Obj<'_>>) -> BuiltTree {
    let tcp = node(OFFLOAD_STATE_TYPE::TcpOffloadState, 0);
    let p = node(
        OFFLOAD_STATE_TYPE::Ip4OffloadState,
        path.map_or(0, |o| token(o.0, o.1)),
    )
    .with_dependents(vec![tcp]);
    let n = node(
        OFFLOAD_STATE_TYPE::NeighborOffloadState,
        neighbor.map_or(0, |o| token(o.0, o.1)),
    )
    .with_dependents(vec![p]);
    let t = BuiltTree::build(&[n], HeaderSizeStyle::BlockAndState, 0x5A);
    if let Some(o) = neighbor {
        adopt(&t, 0, o);
    }
    if let Some(o) = path {
        adopt(&t, 1, o);
    }
    t
}

/// A terminate tree of `objects` as siblings in the root layer, each with its state
/// zero-filled (no buffered data, DP-41), on H's handles.
#[must_use]
pub fn terminate_tree(objects: &[(OFFLOAD_STATE_TYPE, Obj<'_>)]) -> BuiltTree {
    let raw: Vec<(OFFLOAD_STATE_TYPE, usize)> = objects
        .iter()
        .map(|&(ty, o)| (ty, token(o.0, o.1)))
        .collect();
    let t = terminate_tree_tokens(&raw);
    for (i, &(_, o)) in objects.iter().enumerate() {
        adopt(&t, i, o);
    }
    t
}

/// A terminate tree naming raw `tokens` (fresh handles), for bad-input tests.
#[must_use]
pub fn terminate_tree_tokens(objects: &[(OFFLOAD_STATE_TYPE, usize)]) -> BuiltTree {
    let forest: Vec<NodeSpec> = objects
        .iter()
        .map(|&(ty, token)| NodeSpec::new(ty, NodeKind::Object { token }).with_state())
        .collect();
    BuiltTree::build(&forest, HeaderSizeStyle::BlockAndState, 0)
}

/// What H owns of a tree before a call (INV-OP-2): root `ImReserved`, each block's
/// handle slot.
pub struct Before {
    im_reserved: [PVOID; 2],
    handles: Vec<PNDIS_OFFLOAD_HANDLE>,
}

/// Snapshot `tree` before issuing it.
#[must_use]
pub fn before(tree: &BuiltTree) -> Before {
    // SAFETY: blocks of a tree the test owns.
    let im_reserved = unsafe { (*tree.root()).ImReserved };
    let handles = tree
        .blocks
        .iter()
        // SAFETY: as above.
        .map(|&b| unsafe { (*b).NdisOffloadHandle }.cast())
        .collect();
    Before {
        im_reserved,
        handles,
    }
}

/// INV-OP-2 as H sees the completed tree: root `ImReserved` and `SourceHandle` as H's
/// request had them, every handle slot H's, every context slot
/// `&handle->MiniportOffloadContext` (NULL for placeholders).
///
/// # Panics
/// When a field H owns was not restored.
pub fn assert_restored(system: &ImSystem, tree: &BuiltTree, before: &Before) {
    // SAFETY: blocks of a tree the test owns.
    let root = unsafe { &*tree.root() };
    assert_eq!(
        root.ImReserved, before.im_reserved,
        "root ImReserved (OP-11)"
    );
    assert_eq!(
        root.SourceHandle,
        host_binding(system),
        "root SourceHandle (OP-11)"
    );
    for (i, &b) in tree.blocks.iter().enumerate() {
        // SAFETY: as above.
        let block = unsafe { &*b };
        let handle: PNDIS_OFFLOAD_HANDLE = block.NdisOffloadHandle.cast();
        assert_eq!(handle, before.handles[i], "block {i}: handle slot (OP-11)");
        let expected = if handle.is_null() {
            std::ptr::null_mut()
        } else {
            context_slot_of(handle)
        };
        assert_eq!(
            block.MiniportOffloadContext, expected,
            "block {i}: context slot (OP-11)"
        );
    }
}

/// After a relayed operation: nothing was reported, and the host got exactly one
/// completion for `root` (INV-OP-1) — the simulator books the root at both edges (the
/// IM relays it in place, OP-6) and routes each completion to its own binding.
///
/// # Panics
/// On any violation, or when the host did not get exactly one completion.
pub fn expect_relayed(sim: &Sim, root: *mut offload_tree::tree::Block, seen_before: usize) {
    sim.assert_clean();
    let done = crate::testchimney::client().completed.borrow()[seen_before..].to_vec();
    assert_eq!(
        done,
        [root as usize],
        "one completion to the host for {root:p}"
    );
}

/// Issue `op` on `tree` from the host, relayed by the IM to the NIC and completed by the
/// IM; checks INV-OP-1, INV-OP-2 and a clean Verifier log.
pub fn relay(sim: &Sim, system: &ImSystem, op: Operation, tree: &BuiltTree) {
    let b = before(tree);
    let seen = crate::testchimney::client().completed.borrow().len();
    issue(sim, system, op, tree);
    assert_restored(system, tree, &b);
    expect_relayed(sim, tree.root(), seen);
}

/// Issue `op` on `tree` from the host, completed by the IM itself (OP-40, OP-42a):
/// checks that the host got exactly one completion (INV-OP-1) and INV-OP-2 (through
/// the simulator's canaries too).
///
/// # Panics
/// When the host did not get exactly one completion or a violation was recorded.
pub fn complete_locally(sim: &Sim, system: &ImSystem, op: Operation, tree: &BuiltTree) {
    let b = before(tree);
    let seen = crate::testchimney::client().completed.borrow().len();
    issue(sim, system, op, tree);
    let done = crate::testchimney::client().completed.borrow()[seen..].to_vec();
    assert_eq!(done, [tree.root() as usize], "one completion to the host");
    assert_restored(system, tree, &b);
    sim.assert_clean();
}

/// Issue `op` on `tree` from the host's binding.
pub fn issue(sim: &Sim, system: &ImSystem, op: Operation, tree: &BuiltTree) {
    let _e = sim.enter();
    let binding = host_binding(system);
    let root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST = tree.root().cast();
    match op {
        // SAFETY: the host's own tree on its own binding (each arm).
        Operation::Initiate => unsafe { SimNdis::ndis_initiate_offload(binding, root) },
        // SAFETY: as above.
        Operation::Terminate => unsafe { SimNdis::ndis_terminate_offload(binding, root) },
        // SAFETY: as above.
        Operation::Update => unsafe { SimNdis::ndis_update_offload(binding, root) },
        // SAFETY: as above.
        Operation::Query => unsafe { SimNdis::ndis_query_offload_state(binding, root) },
        // SAFETY: as above.
        Operation::Invalidate => unsafe { SimNdis::ndis_invalidate_offload(binding, root) },
    }
}

/// The token H holds for block `i` of `tree` after its initiate (`*MOC`, OP-24).
#[must_use]
pub fn token(tree: &BuiltTree, i: usize) -> usize {
    tree.handles[i].MiniportOffloadContext as usize
}

/// Block `i`'s status.
#[must_use]
pub fn status(tree: &BuiltTree, i: usize) -> i32 {
    // SAFETY: a block of a tree the test owns.
    unsafe { (*tree.block(i)).Status }
}
