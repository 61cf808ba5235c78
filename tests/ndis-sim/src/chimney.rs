//! Chimney routing as NDIS does it: the five state operations with NDIS's rewrites of
//! the tree on the way down (OP-9) and routing of completions by the root's
//! SourceHandle (OP-10); offloaded I/O routed by the handle's binding and completed in
//! runs by NBL SourceHandle (DP-4..DP-6); receive indications and events routed by the
//! offload handle; the TCP upcall table NdisMGetOffloadHandlers returns; and the
//! optional-handler registration checks of ST-8.1. Requests are tracked so each
//! completes exactly once and to its owner, and the fields a protocol owns carry
//! canaries that are checked when the tree comes back (INV-OP-2).

use std::ptr;
use std::rc::Rc;

use chimney_im::ndis::PNET_BUFFER_LIST;
use offload_tree::abi::*;
use offload_tree::tree::{Limits, Walk};

use crate::core::{Sim, current};
use crate::nbl;
use crate::objects::{Adapter, Open, handle_of};
use crate::stacks::Stacks;
use crate::verifier::Rule;

/// Which offloaded I/O an NBL is out for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TcpIo {
    /// NdisOffloadTcpSend.
    Send,
    /// NdisOffloadTcpReceive.
    Receive,
    /// NdisOffloadTcpDisconnect.
    Disconnect,
    /// NdisOffloadTcpForward.
    Forward,
}

/// Per-block fields a protocol owns, as sent (INV-OP-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BlockSnapshot {
    header: NDIS_OBJECT_HEADER,
    next: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    dependent: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    handle: PNDIS_OFFLOAD_HANDLE,
    protocol_reserved: [PVOID; 2],
    port: u32,
}

/// An outstanding state operation.
#[derive(Clone, Debug)]
struct StateRequest {
    op: offload_tree::tree::Operation,
    open: usize,
    snapshot: Vec<(usize, BlockSnapshot)>,
    root_im_reserved: [PVOID; 2],
}

/// Outstanding chimney work.
#[derive(Default)]
pub struct ChimneyBook {
    /// Outstanding state operations per root, innermost (latest) last: an IM relays the
    /// caller's tree in place (OP-6), so one root is outstanding at two edges at once.
    requests: Stacks<StateRequest>,
    /// Outstanding offloaded I/O per NBL, innermost last: kind, binding, ProtocolReserved.
    io: Stacks<(TcpIo, usize, [PVOID; 4])>,
    /// Offloaded receive indications per NBL: the bindings that accepted it.
    indicated: Stacks<usize>,
    /// Snapshot buffers of completed requests, kept for the next request.
    spare_snapshots: Vec<Vec<(usize, BlockSnapshot)>>,
    /// Offload handles of originating protocols (host stacks) whose terminate has
    /// completed: their memory may be freed, so an upcall naming one is a violation,
    /// never a read. Taken out again when an initiate passes the address down anew.
    ended_handles: rustc_hash::FxHashSet<usize>,
    /// Completed state operations, for tests.
    pub completed_ops: u64,
}

impl ChimneyBook {
    fn snapshot_buffer(&mut self) -> Vec<(usize, BlockSnapshot)> {
        self.spare_snapshots.pop().unwrap_or_default()
    }

    fn recycle_snapshot(&mut self, mut snapshot: Vec<(usize, BlockSnapshot)>) {
        if self.spare_snapshots.len() < 64 {
            snapshot.clear();
            self.spare_snapshots.push(snapshot);
        }
    }
}

/// NdisMGetOffloadHandlers: the one TCP table, for the TCP chimney type only (DP-3).
pub(crate) fn get_offload_handlers(
    chimney_type: NDIS_CHIMNEY_OFFLOAD_TYPE,
    out: *mut *mut NDIS_OFFLOAD_EVENT_HANDLERS,
) -> NDIS_STATUS {
    if chimney_type != NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload {
        return NDIS_STATUS_NOT_SUPPORTED;
    }
    // SAFETY: `out` is the caller's pointer slot; the table is immutable and static.
    unsafe { out.write((&raw const TCP_EVENT_HANDLERS).cast_mut().cast()) };
    NDIS_STATUS_SUCCESS
}

/// The TCP upcall table (ST-6.26), pointing at this module's routing functions.
static TCP_EVENT_HANDLERS: NDIS_TCP_OFFLOAD_EVENT_HANDLERS = NDIS_TCP_OFFLOAD_EVENT_HANDLERS {
    Header: NDIS_OBJECT_HEADER {
        Type: NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload.0 as u8,
        Revision: NDIS_OBJECT_TCP_OFFLOAD_REVISION_1,
        Size: NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1,
    },
    NdisTcpOffloadEventHandler: Some(ndis_tcp_offload_event),
    NdisTcpOffloadReceiveHandler: Some(ndis_tcp_offload_receive),
    NdisTcpOffloadSendComplete: Some(ndis_tcp_offload_send_complete),
    NdisTcpOffloadReceiveComplete: Some(ndis_tcp_offload_receive_complete),
    NdisTcpOffloadDisconnectComplete: Some(ndis_tcp_offload_disconnect_complete),
    NdisTcpOffloadForwardComplete: Some(ndis_tcp_offload_forward_complete),
};

fn blocks(
    root: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
) -> impl Iterator<Item = *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST> {
    // SAFETY: a tree handed to NDIS stays valid until its completion; the walk is
    // bounded, so a malformed tree cannot make it loop or run away.
    unsafe { Walk::new(root.cast(), Limits::DEFAULT) }
        .map_while(Result::ok)
        .map(|v| v.block.cast())
}

fn snapshot(b: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) -> BlockSnapshot {
    // SAFETY: as in `blocks`.
    let k = unsafe { &*b };
    BlockSnapshot {
        header: k.Header,
        next: k.NextBlock,
        dependent: k.DependentBlockList,
        handle: k.OffloadHandle,
        protocol_reserved: k.ProtocolReserved,
        port: k.PortNumber,
    }
}

impl Sim {
    /// NdisSetOptionalHandlers (ST-8.1): which table, for which kind of handle.
    pub(crate) fn set_optional_handlers(
        &self,
        handle: NDIS_HANDLE,
        table: *mut NDIS_DRIVER_OPTIONAL_HANDLERS,
    ) -> NDIS_STATUS {
        const CALL: &str = "NdisSetOptionalHandlers";
        // SAFETY: the caller's table lives for the call and begins with its header.
        let header = unsafe { (*table).Header };
        let miniport = self.find_miniport_driver(handle);
        let protocol = self.find_protocol(handle);
        match (header.Type, miniport, protocol) {
            (NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Some(d), _) => {
                // SAFETY: the header type says which structure this is.
                d.provider_generic.set(Some(unsafe { *table.cast() }));
            }
            (NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS, Some(d), _) => {
                // SAFETY: as above.
                let t: NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS = unsafe { *table.cast() };
                if t.OffloadType != NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload {
                    return NDIS_STATUS_NOT_SUPPORTED;
                }
                d.provider_tcp.set(Some(t));
            }
            (NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, _, Some(p)) => {
                if header.Size
                    < NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1
                {
                    self.violation(
                        Rule::Registration,
                        CALL,
                        "client generic characteristics too small",
                    );
                }
                // SAFETY: as above.
                p.client_generic.set(Some(unsafe { *table.cast() }));
            }
            (NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS, _, Some(p)) => {
                // SAFETY: as above.
                let t: NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS = unsafe { *table.cast() };
                if t.OffloadType != NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload {
                    return NDIS_STATUS_NOT_SUPPORTED;
                }
                p.client_tcp.set(Some(t));
            }
            _ => {
                self.violation(
                    Rule::Registration,
                    CALL,
                    format!(
                        "type {:#x} on handle {handle:p} is not accepted",
                        header.Type
                    ),
                );
                return NDIS_STATUS_NOT_SUPPORTED;
            }
        }
        NDIS_STATUS_SUCCESS
    }

    /// One of the five Ndis*Offload calls from a protocol (OP-9).
    pub(crate) fn state_operation(
        &self,
        op: offload_tree::tree::Operation,
        open: &Rc<Open>,
        root: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        let call = "Ndis*Offload";
        if root.is_null() {
            self.violation(Rule::Protocol, call, "NULL tree");
            return;
        }
        let h = handle_of(open);
        // The blocks, with their snapshots taken once the fields below are written.
        let mut list = self.0.chimney.borrow_mut().snapshot_buffer();
        list.extend(blocks(root).map(|b| (b as usize, snapshot(b))));
        if open.protocol.originator.get() {
            for &(b, _) in &list {
                let b = b as *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
                let c = [
                    ((self.random() as usize) | 1) as PVOID,
                    ((self.random() as usize) | 1) as PVOID,
                ];
                // SAFETY: as in `blocks`.
                unsafe { (*b).ProtocolReserved = c };
            }
        }
        // OP-9 step 1 and 2.
        // SAFETY: as in `blocks`.
        let root_im_reserved = unsafe { (*root).ImReserved };
        // SAFETY: as above.
        unsafe { (*root).SourceHandle = h };
        for &(b, _) in &list {
            // SAFETY: as above.
            let block = unsafe { &mut *(b as *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) };
            self.bind_offload_handle(op, block, h);
            for n in nbl::chain_iter(chimney_im::ndis::from_chimney(block.NetBufferListChain)) {
                // SAFETY: NBLs carried with the tree are valid while NDIS holds it.
                unsafe { (*n).SourceHandle = h };
                if op == offload_tree::tree::Operation::Initiate {
                    // Outstanding send data handed over with the offload (DP-20): it comes
                    // back by send completion, a terminate chain, or a failed block.
                    let snapshot = nbl::protocol_reserved(n);
                    self.0
                        .chimney
                        .borrow_mut()
                        .io
                        .push(n as usize, (TcpIo::Send, h as usize, snapshot));
                }
            }
        }
        for (b, s) in &mut list {
            *s = snapshot(*b as *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST);
        }
        let again = self
            .0
            .chimney
            .borrow()
            .requests
            .get(root as usize)
            .is_some_and(|stack| stack.iter().any(|r| r.open == h as usize));
        if again {
            self.violation(
                Rule::OffloadNotOutstanding,
                call,
                format!("tree {root:p} is already outstanding on this binding"),
            );
        }
        let request = StateRequest {
            op,
            open: h as usize,
            snapshot: list,
            root_im_reserved,
        };
        self.0
            .chimney
            .borrow_mut()
            .requests
            .push(root as usize, request);
        let adapter = open.adapter.clone();
        // trace
        self.edge(
            "protocol",
            "miniport",
            op_name(op),
            h as usize,
            root as usize,
            None,
        );
        let generic = adapter.driver.provider_generic.get();
        let handler = generic.and_then(|g| match op {
            offload_tree::tree::Operation::Initiate => g.InitiateOffloadHandler,
            offload_tree::tree::Operation::Terminate => g.TerminateOffloadHandler,
            offload_tree::tree::Operation::Update => g.UpdateOffloadHandler,
            offload_tree::tree::Operation::Query => g.QueryOffloadHandler,
            offload_tree::tree::Operation::Invalidate => g.InvalidateOffloadHandler,
        });
        if let Some(f) = handler {
            // SAFETY: the lower miniport's registered handler, with its context and the
            // same tree memory seen as miniport blocks (ST-11.1).
            unsafe { f(adapter.context.get(), root.cast()) };
        } else {
            // OP-9 step 4: NOT_SUPPORTED in every block, completed inline.
            for b in blocks(root) {
                // SAFETY: as in `blocks`.
                unsafe { (*b).Status = NDIS_STATUS_NOT_SUPPORTED };
            }
            self.state_complete(op, &adapter, root.cast());
        }
    }

    /// NdisM*Complete (OP-10): route by the root's SourceHandle.
    /// OP-9 for one block: NDIS binds the caller's handle to the binding (once, or again
    /// when an initiate reuses an ended handle's memory) and points the block's context
    /// slot at it.
    fn bind_offload_handle(
        &self,
        op: offload_tree::tree::Operation,
        block: &mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
        binding: NDIS_HANDLE,
    ) {
        let handle = block.OffloadHandle;
        if handle.is_null() {
            block.NdisReserved[2] = ptr::null_mut();
            return;
        }
        // SAFETY: a caller's handle is valid memory it owns for the object's life.
        let hd = unsafe { &mut *handle };
        let reused = op == offload_tree::tree::Operation::Initiate
            && self
                .0
                .chimney
                .borrow_mut()
                .ended_handles
                .remove(&(handle as usize));
        if reused || hd.NdisReserved[0].is_null() {
            hd.NdisReserved[0] = binding;
        }
        block.NdisReserved[2] = offload_tree::tree::context_slot_of(handle).cast();
    }

    /// A terminate completed: BufferedData is owed back; a host's terminated objects'
    /// handles end (the host may free them; an IM's stay in its own table).
    fn end_offload_handles(
        &self,
        op: offload_tree::tree::Operation,
        open: &Rc<Open>,
        root: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        if op != offload_tree::tree::Operation::Terminate {
            return;
        }
        self.owe_buffered_data(root, open);
        if !open.protocol.originator.get() {
            return;
        }
        let mut book = self.0.chimney.borrow_mut();
        for b in blocks(root) {
            // SAFETY: as in `blocks`.
            let handle = unsafe { (*b).OffloadHandle };
            if !handle.is_null() {
                book.ended_handles.insert(handle as usize);
            }
        }
    }

    pub(crate) fn state_complete(
        &self,
        op: offload_tree::tree::Operation,
        adapter: &Rc<Adapter>,
        root: *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
    ) {
        let call = "NdisM*OffloadComplete";
        let request = self.0.chimney.borrow_mut().requests.pop(root as usize);
        let Some(request) = request else {
            self.violation(
                Rule::OffloadNotOutstanding,
                call,
                format!("tree {root:p} is not outstanding"),
            );
            return;
        };
        if request.op != op {
            self.violation(
                Rule::Protocol,
                call,
                format!("a {:?} completed as {op:?}", request.op),
            );
        }
        // SAFETY: the tree is still held by NDIS until this completion is delivered.
        let source = unsafe { (*root).SourceHandle };
        let open = self
            .0
            .st
            .borrow()
            .opens
            .iter()
            .find(|o| handle_of(o) == source)
            .cloned();
        let Some(open) = open else {
            self.violation(
                Rule::OffloadNotOutstanding,
                call,
                format!("root SourceHandle {source:p} names no binding"),
            );
            return;
        };
        if handle_of(&open) as usize != request.open {
            self.violation(
                Rule::NblWrongOwner,
                call,
                format!("tree sent on {:#x} completes to {source:p}", request.open),
            );
        }
        if !Rc::ptr_eq(&open.adapter, adapter) {
            self.violation(
                Rule::Protocol,
                call,
                format!(
                    "completed by {} but sent to {}",
                    adapter.name, open.adapter.name
                ),
            );
        }
        if open.protocol.originator.get() {
            self.check_tree_canaries(&request, root.cast());
        }
        self.0
            .chimney
            .borrow_mut()
            .recycle_snapshot(request.snapshot);
        // trace
        // SAFETY: the tree is still held by NDIS until this completion is delivered.
        let root_status = unsafe { (*root).Status };
        self.edge(
            "miniport",
            "protocol",
            op_name(op),
            source as usize,
            root as usize,
            Some(root_status),
        );
        self.release_sends_coming_back(op, root.cast());
        self.end_offload_handles(op, &open, root.cast());
        self.0.chimney.borrow_mut().completed_ops += 1;
        let Some(g) = open.protocol.client_generic.get() else {
            self.violation(
                Rule::Registration,
                call,
                format!(
                    "{} registered no chimney completion handlers",
                    open.protocol.name
                ),
            );
            return;
        };
        let handler = match op {
            offload_tree::tree::Operation::Initiate => g.InitiateOffloadCompleteHandler,
            offload_tree::tree::Operation::Terminate => g.TerminateOffloadCompleteHandler,
            offload_tree::tree::Operation::Update => g.UpdateOffloadCompleteHandler,
            offload_tree::tree::Operation::Query => g.QueryOffloadCompleteHandler,
            offload_tree::tree::Operation::Invalidate => g.InvalidateOffloadCompleteHandler,
        };
        if let Some(f) = handler {
            // SAFETY: the protocol's completion handler with its binding context and
            // the root it passed down.
            unsafe { f(open.context, root.cast()) };
        }
    }

    fn check_tree_canaries(
        &self,
        request: &StateRequest,
        root: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        // SAFETY: as in `blocks`.
        let im_reserved = unsafe { (*root).ImReserved };
        if im_reserved != request.root_im_reserved {
            self.violation(
                Rule::Canary,
                "NdisM*OffloadComplete",
                "root ImReserved not restored (INV-OP-2)",
            );
        }
        for &(addr, before) in &request.snapshot {
            let b = addr as *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
            let now = snapshot(b);
            if now != before {
                self.violation(
                    Rule::Canary,
                    "NdisM*OffloadComplete",
                    format!("block {b:p}: {now:?} != {before:?} (INV-OP-2)"),
                );
            }
            // SAFETY: as in `blocks`.
            let context = unsafe { (*b).NdisReserved[2] };
            let expected = if before.handle.is_null() {
                ptr::null_mut()
            } else {
                offload_tree::tree::context_slot_of(before.handle).cast()
            };
            if context != expected {
                self.violation(
                    Rule::Canary,
                    "NdisM*OffloadComplete",
                    format!("block {b:p}: context slot {context:p} != {expected:p} (OP-11)"),
                );
            }
        }
    }

    /// Send NBLs a terminate hands back in `NetBufferListChain` (seed 004) return to
    /// their sender with the tree, not through a send completion: they are no longer
    /// outstanding chimney I/O.
    /// Send NBLs a completed tree hands back leave the outstanding books: all of a
    /// terminate's chains (OP-29), and a failed initiate block's (OP-24; the rest stay
    /// with the target).
    fn release_sends_coming_back(
        &self,
        op: offload_tree::tree::Operation,
        root: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    ) {
        match op {
            offload_tree::tree::Operation::Terminate => self.release_returned_sends(root, false),
            offload_tree::tree::Operation::Initiate => self.release_returned_sends(root, true),
            _ => {}
        }
    }

    /// A successful terminate hands the protocol its connections' BufferedData NBLs,
    /// which it owes back through NdisOffloadTcpReceiveReturn like accepted
    /// indications (DP-41; "Handling Buffered Receive Data During a Terminate").
    fn owe_buffered_data(&self, root: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, open: &Rc<Open>) {
        for b in blocks(root) {
            // SAFETY: as in `blocks`.
            if unsafe { (*b).Status } != NDIS_STATUS_SUCCESS {
                continue;
            }
            // SAFETY: a block of the completed tree, its state bounded by its header.
            let it = unsafe { offload_tree::tree::state::StateIter::new(b.cast()) };
            let views = it
                .filter(|s| s.kind == offload_tree::tree::state::StateKind::TcpDelegated)
                // SAFETY: the kind matches the view's type.
                .filter_map(|s| unsafe {
                    offload_tree::tree::state::StateView::<
                        offload_tree::abi::TCP_OFFLOAD_STATE_DELEGATED,
                    >::new(s)
                });
            for v in views {
                // SAFETY: on terminate the receive arm holds BufferedData.
                let mut n =
                    chimney_im::ndis::from_chimney(unsafe { v.read().Receive.BufferedData });
                let mut seen = 0usize;
                while !n.is_null() && seen < 1_000_000 {
                    // Only the simulator's own NBLs are followed: a target that left
                    // the field unwritten must not crash the checker.
                    if !self.books().nbls.owned.contains_key(&(n as usize)) {
                        self.violation(
                            Rule::Protocol,
                            "NdisMTerminateOffloadComplete",
                            format!("BufferedData {n:p} of a successful TCP block is not an NBL"),
                        );
                        break;
                    }
                    self.0
                        .chimney
                        .borrow_mut()
                        .indicated
                        .push(n as usize, handle_of(open) as usize);
                    n = nbl::next(n);
                    seen += 1;
                }
            }
        }
    }

    fn release_returned_sends(
        &self,
        root: *mut NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
        failed_only: bool,
    ) {
        for b in blocks(root) {
            // SAFETY: as in `blocks`.
            let block = unsafe { &*b };
            let (chain, status) = (block.NetBufferListChain, block.Status);
            if failed_only && offload_tree::abi::nt_success(status) {
                continue;
            }
            for n in nbl::chain_iter(chimney_im::ndis::from_chimney(chain)) {
                let top = self.0.chimney.borrow_mut().io.pop(n as usize);
                if !matches!(top, Some((TcpIo::Send, _, _))) {
                    self.violation(
                        Rule::NblNotOutstanding,
                        "NdisMTerminateOffloadComplete",
                        format!(
                            "NBL {n:p} returned in NetBufferListChain was not an outstanding send"
                        ),
                    );
                }
            }
        }
    }

    /// NdisOffloadTcp{Send,Receive,Disconnect,Forward} (DP-4).
    pub(crate) fn tcp_io(
        &self,
        kind: TcpIo,
        handle: PNDIS_OFFLOAD_HANDLE,
        chain: PNET_BUFFER_LIST,
        flags: u32,
    ) -> NDIS_STATUS {
        let call = "NdisOffloadTcp*";
        if handle.is_null() {
            self.violation(Rule::BadHandle, call, "NULL offload handle");
            return NDIS_STATUS_INVALID_PARAMETER;
        }
        // SAFETY: the caller's offload handle, bound to its binding at initiate (OP-9).
        let binding = unsafe { (*handle).NdisReserved[0] };
        let Some(open) = self.find_open(call, binding) else {
            return NDIS_STATUS_INVALID_PARAMETER;
        };
        for n in nbl::chain_iter(chain) {
            // SAFETY: the caller's NBLs, held by NDIS for the call.
            unsafe { (*n).SourceHandle = binding };
            if open.protocol.originator.get() {
                // DP-7: ProtocolReserved is the originator's; canaries show who touches it.
                let canaries = [0u8; 4].map(|_| ((self.random() as usize) | 1) as PVOID);
                nbl::set_protocol_reserved(n, canaries);
            }
            let snapshot = nbl::protocol_reserved(n);
            self.0
                .chimney
                .borrow_mut()
                .io
                .push(n as usize, (kind, binding as usize, snapshot));
        }
        let adapter = open.adapter.clone();
        let Some(t) = adapter.driver.provider_tcp.get() else {
            self.violation(
                Rule::Registration,
                call,
                format!("{} has no chimney TCP handlers", adapter.name),
            );
            return NDIS_STATUS_NOT_SUPPORTED;
        };
        // SAFETY: as above.
        let context = unsafe { (*handle).MiniportOffloadContext };
        let ch = chimney_im::ndis::as_chimney(chain);
        // trace
        self.edge(
            "protocol",
            "miniport",
            io_name(kind),
            handle as usize,
            chain as usize,
            None,
        );
        let status = match kind {
            // SAFETY: the target's registered handler with its adapter context, the
            // context value of the object (DP-4) and the chain.
            TcpIo::Send => t
                .TcpOffloadSendHandler
                .map(|f| unsafe { f(adapter.context.get(), context, ch) }),
            // SAFETY: as above.
            TcpIo::Receive => t
                .TcpOffloadReceiveHandler
                .map(|f| unsafe { f(adapter.context.get(), context, ch) }),
            // SAFETY: as above.
            TcpIo::Forward => t
                .TcpOffloadForwardHandler
                .map(|f| unsafe { f(adapter.context.get(), context, ch) }),
            // SAFETY: as above.
            TcpIo::Disconnect => t
                .TcpOffloadDisconnectHandler
                .map(|f| unsafe { f(adapter.context.get(), context, ch, flags) }),
        };
        status.unwrap_or(NDIS_STATUS_NOT_SUPPORTED)
    }

    /// NdisTcpOffload*Complete (DP-6): runs by SourceHandle to each binding's handler.
    pub(crate) fn tcp_io_complete(&self, kind: TcpIo, chain: PNET_BUFFER_LIST) {
        let call = "NdisTcpOffload*Complete";
        // Runs of consecutive NBLs with one SourceHandle, relinked in place as they are
        // found: (SourceHandle, head, tail). The first run needs no allocation.
        let mut first: Option<(NDIS_HANDLE, PNET_BUFFER_LIST, PNET_BUFFER_LIST)> = None;
        let mut more: Vec<(NDIS_HANDLE, PNET_BUFFER_LIST, PNET_BUFFER_LIST)> = Vec::new();
        for n in nbl::chain_iter(chain) {
            let top = self.0.chimney.borrow_mut().io.pop(n as usize);
            let sh = nbl::source_handle(n);
            match top {
                None => {
                    self.violation(
                        Rule::NblNotOutstanding,
                        call,
                        format!("NBL {n:p} is not outstanding chimney I/O"),
                    );
                    continue;
                }
                Some((k, open, snapshot)) => {
                    if nbl::protocol_reserved(n) != snapshot {
                        self.violation(
                            Rule::Canary,
                            call,
                            format!("NBL {n:p} ProtocolReserved changed below its sender (DP-7)"),
                        );
                    }
                    if k != kind {
                        self.violation(
                            Rule::Protocol,
                            call,
                            format!("NBL {n:p} was a {k:?}, completed as {kind:?}"),
                        );
                    }
                    if open != sh as usize {
                        self.violation(
                            Rule::NblWrongOwner,
                            call,
                            format!("NBL {n:p} sent on {open:#x}, SourceHandle {sh:p}"),
                        );
                    }
                }
            }
            let last = match more.last_mut() {
                Some(run) => Some(run),
                None => first.as_mut(),
            };
            if let Some((h, _, tail)) = last
                && *h == sh
            {
                nbl::set_next(*tail, n);
                *tail = n;
            } else if first.is_none() {
                first = Some((sh, n, n));
            } else {
                more.push((sh, n, n));
            }
        }
        for (sh, head, tail) in first.into_iter().chain(more) {
            nbl::set_next(tail, ptr::null_mut());
            let open = self
                .0
                .st
                .borrow()
                .opens
                .iter()
                .find(|o| handle_of(o) == sh)
                .cloned();
            let Some(open) = open else { continue };
            let status = nbl::status(head);
            let head = chimney_im::ndis::as_chimney(head);
            // trace
            self.edge(
                "miniport",
                "protocol",
                io_name(kind),
                sh as usize,
                head as usize,
                Some(status),
            );
            let Some(t) = open.protocol.client_tcp.get() else {
                continue;
            };
            let f = match kind {
                TcpIo::Send => t.TcpOffloadSendCompleteHandler,
                TcpIo::Receive => t.TcpOffloadReceiveCompleteHandler,
                TcpIo::Disconnect => t.TcpOffloadDisconnectCompleteHandler,
                TcpIo::Forward => t.TcpOffloadForwardCompleteHandler,
            };
            if let Some(f) = f {
                // SAFETY: the protocol's completion handler with its context and the run.
                self.at_dispatch(|| unsafe { f(open.context, head) });
            }
        }
    }

    /// Whether an upcall may read `handle`: not if it is a host's handle whose terminate
    /// completed (see `ended_handles`), which is a violation.
    fn offload_handle_live(&self, call: &'static str, handle: usize) -> bool {
        let ended = self.0.chimney.borrow().ended_handles.contains(&handle);
        if ended {
            self.violation(
                Rule::ClosedHandle,
                call,
                format!("offload handle {handle:#x} is used after its terminate completed"),
            );
        }
        !ended
    }

    fn open_of_offload_handle(&self, call: &'static str, handle: NDIS_HANDLE) -> Option<Rc<Open>> {
        if handle.is_null() {
            self.violation(Rule::BadHandle, call, "NULL offload handle");
            return None;
        }
        if !self.offload_handle_live(call, handle as usize) {
            return None;
        }
        // SAFETY: the handle a protocol passed down at initiate (OP-9 bound it).
        let binding = unsafe { (*handle.cast::<NDIS_OFFLOAD_HANDLE>()).NdisReserved[0] };
        self.find_open(call, binding)
    }

    fn receive_indicate(
        &self,
        handle: NDIS_HANDLE,
        nbl: offload_tree::abi::PNET_BUFFER_LIST,
        status: NDIS_STATUS,
        consumed: *mut u32,
    ) -> NDIS_STATUS {
        let Some(open) = self.open_of_offload_handle("NdisTcpOffloadReceiveHandler", handle) else {
            return NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED;
        };
        let Some(f) = open
            .protocol
            .client_tcp
            .get()
            .and_then(|t| t.TcpOffloadReceiveIndicateHandler)
        else {
            return NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED;
        };
        // SAFETY: the protocol's receive-indicate handler with its own offload handle.
        let r = self.at_dispatch(|| unsafe { f(handle, nbl, status, consumed) });
        // trace
        self.edge(
            "miniport",
            "protocol",
            "NdisTcpOffloadReceiveHandler",
            handle as usize,
            nbl as usize,
            Some(r),
        );
        if r == NDIS_STATUS_SUCCESS {
            // One record per binding the NBL was accepted by: through an IM, H's
            // acceptance is recorded inside the IM's, and each returns on its own.
            self.0
                .chimney
                .borrow_mut()
                .indicated
                .push(nbl as usize, handle_of(&open) as usize);
        }
        r
    }

    pub(crate) fn receive_return(&self, open: &Rc<Open>, chain: PNET_BUFFER_LIST) {
        // trace
        self.edge(
            "protocol",
            "miniport",
            "NdisOffloadTcpReceiveReturn",
            handle_of(open) as usize,
            chain as usize,
            None,
        );
        let h = handle_of(open) as usize;
        for n in nbl::chain_iter(chain) {
            let held = self
                .0
                .chimney
                .borrow_mut()
                .indicated
                .remove_first(n as usize, |&x| x == h);
            if held.is_none() {
                self.violation(
                    Rule::NblNotOutstanding,
                    "NdisOffloadTcpReceiveReturn",
                    format!("NBL {n:p} was not indicated to this binding"),
                );
            }
        }
        let adapter = open.adapter.clone();
        if let Some(f) = adapter
            .driver
            .provider_tcp
            .get()
            .and_then(|t| t.TcpOffloadReceiveReturnHandler)
        {
            // SAFETY: the target's receive-return handler with its context and the chain.
            unsafe { f(adapter.context.get(), chimney_im::ndis::as_chimney(chain)) };
        }
    }

    fn tcp_event(&self, handle: NDIS_HANDLE, event: u32, info: u32) {
        // trace
        if self.tracing() {
            self.trace(&crate::trace::Edge {
                from: "miniport",
                to: "protocol",
                op: "NdisTcpOffloadEventHandler",
                handle: handle as usize,
                obj: 0,
                status: None,
                args: &[("event", u64::from(event)), ("info", u64::from(info))],
            });
        }
        let Some(open) = self.open_of_offload_handle("NdisTcpOffloadEventHandler", handle) else {
            return;
        };
        if let Some(f) = open
            .protocol
            .client_tcp
            .get()
            .and_then(|t| t.TcpOffloadEventHandler)
        {
            // SAFETY: the protocol's event handler with its own offload handle.
            self.at_dispatch(|| unsafe { f(handle, event, info) });
        }
    }

    pub(crate) fn offload_event_indicate(
        &self,
        adapter: &Rc<Adapter>,
        block: *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
        code: u32,
    ) {
        let opens: Vec<Rc<Open>> = adapter
            .opens
            .borrow()
            .iter()
            .filter_map(std::rc::Weak::upgrade)
            .collect();
        for open in opens {
            if let Some(f) = open
                .protocol
                .client_generic
                .get()
                .and_then(|g| g.IndicateOffloadEventHandler)
            {
                // SAFETY: the protocol's event handler with its context and the block.
                self.at_dispatch(|| unsafe { f(open.context, block.cast(), code) });
            }
        }
    }

    /// Outstanding state operations and chimney I/O (for leak checks and tests).
    #[must_use]
    pub fn chimney_outstanding(&self) -> (usize, usize, usize) {
        let b = self.0.chimney.borrow();
        (
            b.requests.values().map(<[_]>::len).sum(),
            b.io.len(),
            b.indicated.len(),
        )
    }
}

unsafe extern "system" fn ndis_tcp_offload_event(handle: NDIS_HANDLE, event: u32, info: u32) {
    current().tcp_event(handle, event, info);
}

unsafe extern "system" fn ndis_tcp_offload_receive(
    handle: NDIS_HANDLE,
    nbl: offload_tree::abi::PNET_BUFFER_LIST,
    status: NDIS_STATUS,
    consumed: *mut u32,
) -> NDIS_STATUS {
    current().receive_indicate(handle, nbl, status, consumed)
}

unsafe extern "system" fn ndis_tcp_offload_send_complete(
    _miniport: NDIS_HANDLE,
    nbl: offload_tree::abi::PNET_BUFFER_LIST,
) {
    current().tcp_io_complete(TcpIo::Send, chimney_im::ndis::from_chimney(nbl));
}

unsafe extern "system" fn ndis_tcp_offload_receive_complete(
    _miniport: NDIS_HANDLE,
    nbl: offload_tree::abi::PNET_BUFFER_LIST,
) {
    current().tcp_io_complete(TcpIo::Receive, chimney_im::ndis::from_chimney(nbl));
}

unsafe extern "system" fn ndis_tcp_offload_disconnect_complete(
    _miniport: NDIS_HANDLE,
    nbl: offload_tree::abi::PNET_BUFFER_LIST,
) {
    if !nbl.is_null() {
        current().tcp_io_complete(TcpIo::Disconnect, chimney_im::ndis::from_chimney(nbl));
    }
}

unsafe extern "system" fn ndis_tcp_offload_forward_complete(
    _miniport: NDIS_HANDLE,
    nbl: offload_tree::abi::PNET_BUFFER_LIST,
) {
    current().tcp_io_complete(TcpIo::Forward, chimney_im::ndis::from_chimney(nbl));
}

// trace: names of the operations in trace lines.
fn op_name(op: offload_tree::tree::Operation) -> &'static str {
    match op {
        offload_tree::tree::Operation::Initiate => "Initiate",
        offload_tree::tree::Operation::Terminate => "Terminate",
        offload_tree::tree::Operation::Update => "Update",
        offload_tree::tree::Operation::Query => "Query",
        offload_tree::tree::Operation::Invalidate => "Invalidate",
    }
}

// trace: names of the offloaded I/O kinds in trace lines.
fn io_name(kind: TcpIo) -> &'static str {
    match kind {
        TcpIo::Send => "TcpOffloadSend",
        TcpIo::Receive => "TcpOffloadReceive",
        TcpIo::Disconnect => "TcpOffloadDisconnect",
        TcpIo::Forward => "TcpOffloadForward",
    }
}
