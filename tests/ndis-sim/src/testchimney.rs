//! Chimney halves of the test drivers: a test offload target (provider handlers that
//! accept every block, write contexts, complete I/O through NDIS's upcall table) and a
//! test chimney client (completion and indication handlers that record what they see).
//! They prove the simulator's chimney routing; the real NIC and host models come later.

use std::cell::{Cell, RefCell};
use std::ptr;

use chimney_im::ndis::PNET_BUFFER_LIST as PNBL;
use chimney_im::platform::Ndis;
use offload_tree::abi::*;
use offload_tree::tree::{Limits, StateIter, StateView, Walk};

use crate::chimney::TcpIo;
use crate::core::current;
use crate::nbl;
use crate::ndis_impl::SimNdis;

/// What the test target recorded and how it behaves.
#[derive(Default)]
pub struct TestTarget {
    /// NDIS's upcall table, fetched at initialize.
    pub upcalls: Cell<Option<NDIS_TCP_OFFLOAD_EVENT_HANDLERS>>,
    /// Roots of state operations it received, with the operation.
    pub trees: RefCell<Vec<(offload_tree::tree::Operation, usize)>>,
    /// (context value, NBL) of every offloaded I/O it received.
    pub io: RefCell<Vec<(usize, usize)>>,
    /// The kind of each entry of `io`, in the same order.
    pub io_kinds: RefCell<Vec<TcpIo>>,
    /// (NBL, flags) of every disconnect it received.
    pub disconnect_flags: RefCell<Vec<(usize, u32)>>,
    /// NBLs handed back through its receive-return handler, in order.
    pub returned: RefCell<Vec<usize>>,
    /// (context it wrote, `NdisOffloadHandle` of the block) of every object it
    /// offloaded: the handle it quotes in indications and events (DP-5).
    pub offloads: RefCell<Vec<(usize, usize)>>,
    /// Next context token.
    pub next_token: Cell<usize>,
    /// Hold state operations instead of completing them inline.
    pub hold: Cell<bool>,
    /// BROKEN: complete each state operation twice.
    pub double_complete: Cell<bool>,
    /// Adapter handle.
    pub handle: Cell<NDIS_HANDLE>,
    /// Status written into the block at each walk index (default SUCCESS); a new
    /// offload gets a context only with a success status.
    pub block_status: RefCell<Vec<(usize, NDIS_STATUS)>>,
    /// On terminate: (walk index, NBL chain) written into that block's
    /// `NetBufferListChain` (outstanding send data handed back, OP-29).
    pub terminate_chain: Cell<Option<(usize, usize)>>,
}

thread_local! {
    static TARGET: RefCell<Option<&'static TestTarget>> = const { RefCell::new(None) };
}

/// The test target of this thread's system (one per test).
#[must_use]
pub fn target() -> &'static TestTarget {
    TARGET.with(|t| *t.borrow()).expect("no test target")
}

/// Make a fresh test target for this thread.
pub fn new_target() -> &'static TestTarget {
    let t: &'static TestTarget = Box::leak(Box::default());
    t.next_token.set(0x7000);
    TARGET.with(|s| *s.borrow_mut() = Some(t));
    t
}

fn blocks(
    root: *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
) -> Vec<*mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST> {
    // SAFETY: a tree NDIS handed the target; bounded walk.
    unsafe { Walk::new(root, Limits::DEFAULT) }
        .map_while(Result::ok)
        .map(|v| v.block)
        .collect()
}

fn complete(op: offload_tree::tree::Operation, root: *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    let t = target();
    let h = t.handle.get();
    let times = if t.double_complete.get() { 2 } else { 1 };
    let f: unsafe fn(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) = match op {
        offload_tree::tree::Operation::Initiate => SimNdis::ndis_m_initiate_offload_complete,
        offload_tree::tree::Operation::Terminate => SimNdis::ndis_m_terminate_offload_complete,
        offload_tree::tree::Operation::Update => SimNdis::ndis_m_update_offload_complete,
        offload_tree::tree::Operation::Query => SimNdis::ndis_m_query_offload_state_complete,
        offload_tree::tree::Operation::Invalidate => SimNdis::ndis_m_invalidate_offload_complete,
    };
    for _ in 0..times {
        // SAFETY: the target completes a tree it was handed, with its own handle.
        unsafe { f(h, root) };
    }
}

/// Complete every held state operation.
pub fn complete_held() {
    let held: Vec<(offload_tree::tree::Operation, usize)> =
        target().trees.borrow_mut().drain(..).collect();
    for (op, root) in held {
        complete(op, root as *mut _);
    }
}

fn accept(op: offload_tree::tree::Operation, root: *mut NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    let t = target();
    let overrides = t.block_status.borrow().clone();
    for (i, b) in blocks(root).into_iter().enumerate() {
        // SAFETY: a block of the tree the target holds.
        let block = unsafe { &mut *b };
        let status = overrides
            .iter()
            .find(|(j, _)| *j == i)
            .map_or(NDIS_STATUS_SUCCESS, |&(_, s)| s);
        block.Status = status;
        if op == offload_tree::tree::Operation::Terminate {
            // The target writes the delegated state it hands back: no buffered data.
            // SAFETY: terminate blocks carry the state their Type names (OP-27).
            for st in unsafe { StateIter::new(b) } {
                // SAFETY: a structure the iterator located.
                if let Some(v) = unsafe { StateView::<TCP_OFFLOAD_STATE_DELEGATED>::new(st) } {
                    let mut d = v.read();
                    d.Receive.BufferedData = ptr::null_mut();
                    v.write(&d);
                }
            }
        }
        if op == offload_tree::tree::Operation::Terminate
            && let Some((j, chain)) = t.terminate_chain.get()
            && j == i
        {
            block.NetBufferListChain = chain as PNET_BUFFER_LIST;
        }
        let moc = block.MiniportOffloadContext;
        if op == offload_tree::tree::Operation::Initiate
            && nt_success(status)
            && !moc.is_null()
            // SAFETY: NDIS pointed the context slot at the caller's handle slot (OP-9).
            && unsafe { moc.read() }.is_null()
        {
            let token = t.next_token.get();
            t.next_token.set(token + 0x10);
            // SAFETY: as above.
            unsafe { moc.write(token as PVOID) };
            t.offloads
                .borrow_mut()
                .push((token, block.NdisOffloadHandle as usize));
        }
    }
    if t.hold.get() {
        t.trees.borrow_mut().push((op, root as usize));
    } else {
        complete(op, root);
    }
}

unsafe extern "system" fn w_initiate(_ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    accept(offload_tree::tree::Operation::Initiate, root);
}
unsafe extern "system" fn w_terminate(_ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    accept(offload_tree::tree::Operation::Terminate, root);
}
unsafe extern "system" fn w_update(_ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    accept(offload_tree::tree::Operation::Update, root);
}
unsafe extern "system" fn w_invalidate(_ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    accept(offload_tree::tree::Operation::Invalidate, root);
}
unsafe extern "system" fn w_query(_ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    accept(offload_tree::tree::Operation::Query, root);
}

fn io(kind: TcpIo, context: PVOID, nbl: PNET_BUFFER_LIST) -> NDIS_STATUS {
    let t = target();
    t.io.borrow_mut().push((context as usize, nbl as usize));
    t.io_kinds.borrow_mut().push(kind);
    NDIS_STATUS_PENDING
}

unsafe extern "system" fn w_send(
    _ctx: NDIS_HANDLE,
    context: PVOID,
    nbl: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    io(TcpIo::Send, context, nbl)
}
unsafe extern "system" fn w_receive(
    _ctx: NDIS_HANDLE,
    context: PVOID,
    nbl: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    io(TcpIo::Receive, context, nbl)
}
unsafe extern "system" fn w_disconnect(
    _ctx: NDIS_HANDLE,
    context: PVOID,
    nbl: PNET_BUFFER_LIST,
    flags: u32,
) -> NDIS_STATUS {
    target()
        .disconnect_flags
        .borrow_mut()
        .push((nbl as usize, flags));
    io(TcpIo::Disconnect, context, nbl)
}
unsafe extern "system" fn w_forward(
    _ctx: NDIS_HANDLE,
    context: PVOID,
    nbl: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    io(TcpIo::Forward, context, nbl)
}
unsafe extern "system" fn w_receive_return(
    _ctx: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    let mut returned = target().returned.borrow_mut();
    for n in nbl::chain(chimney_im::ndis::from_chimney(chain)) {
        returned.push(n as usize);
    }
    NDIS_STATUS_SUCCESS
}

/// Register the target's provider handlers (from MiniportSetOptions).
pub(crate) fn register_provider(driver_handle: NDIS_HANDLE) -> NDIS_STATUS {
    let mut generic = NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
            1,
            NDIS_SIZEOF_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
        ),
        Flags: 0,
        InitiateOffloadHandler: Some(w_initiate),
        TerminateOffloadHandler: Some(w_terminate),
        UpdateOffloadHandler: Some(w_update),
        InvalidateOffloadHandler: Some(w_invalidate),
        QueryOffloadHandler: Some(w_query),
    };
    let mut tcp = NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS,
            1,
            NDIS_SIZEOF_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS,
        ),
        Flags: 0,
        OffloadType: NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload,
        TcpOffloadSendHandler: Some(w_send),
        TcpOffloadReceiveHandler: Some(w_receive),
        TcpOffloadDisconnectHandler: Some(w_disconnect),
        TcpOffloadForwardHandler: Some(w_forward),
        TcpOffloadReceiveReturnHandler: Some(w_receive_return),
    };
    // SAFETY: registration tables valid for the call (NDIS copies them).
    let a =
        unsafe { SimNdis::ndis_set_optional_handlers(driver_handle, (&raw mut generic).cast()) };
    // SAFETY: as above.
    let b = unsafe { SimNdis::ndis_set_optional_handlers(driver_handle, (&raw mut tcp).cast()) };
    if a == NDIS_STATUS_SUCCESS { b } else { a }
}

/// Fetch NDIS's upcall table for `adapter` (from MiniportInitializeEx).
#[expect(
    clippy::cast_ptr_alignment,
    reason = "NDIS's table for the TCP type is the TCP structure, whose head this is"
)]
pub(crate) fn fetch_upcalls(adapter: NDIS_HANDLE) {
    let mut p: *mut NDIS_OFFLOAD_EVENT_HANDLERS = ptr::null_mut();
    // SAFETY: the adapter's own handle and an out slot.
    let s = unsafe {
        SimNdis::ndis_m_get_offload_handlers(
            adapter,
            NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload,
            &raw mut p,
        )
    };
    if s == NDIS_STATUS_SUCCESS && !p.is_null() {
        // SAFETY: NDIS's TCP table (checked type by the caller's contract).
        target().upcalls.set(Some(unsafe {
            *p.cast::<NDIS_TCP_OFFLOAD_EVENT_HANDLERS>()
        }));
        target().handle.set(adapter);
    }
}

/// Complete every offloaded I/O the target holds, in the order received, through
/// NDIS's completion upcall of its kind (every NBL with `status`).
pub fn complete_io(status: NDIS_STATUS) {
    complete_io_by(|_| status);
}

/// Complete every offloaded I/O the target holds, in the order received, through
/// NDIS's completion upcall of its kind; every NBL of a request of kind `k` gets
/// `status(k)`.
pub fn complete_io_by(status: impl Fn(TcpIo) -> NDIS_STATUS) {
    let t = target();
    let io: Vec<(usize, usize)> = t.io.borrow_mut().drain(..).collect();
    let kinds: Vec<TcpIo> = t.io_kinds.borrow_mut().drain(..).collect();
    let Some(up) = t.upcalls.get() else { return };
    for (i, (_, head)) in io.into_iter().enumerate() {
        let kind = kinds.get(i).copied().unwrap_or(TcpIo::Send);
        for n in nbl::chain(head as PNBL) {
            nbl::set_status(n, status(kind));
        }
        let f = match kind {
            TcpIo::Send => up.NdisTcpOffloadSendComplete,
            TcpIo::Receive => up.NdisTcpOffloadReceiveComplete,
            TcpIo::Disconnect => up.NdisTcpOffloadDisconnectComplete,
            TcpIo::Forward => up.NdisTcpOffloadForwardComplete,
        };
        if let Some(f) = f {
            // SAFETY: NDIS's upcall with the target's handle and a chain it holds.
            unsafe { f(t.handle.get(), head as PNET_BUFFER_LIST) };
        }
    }
}

/// What the test client recorded.
#[derive(Default)]
pub struct TestClient {
    /// Completed state operations (root addresses), in order.
    pub completed: RefCell<Vec<usize>>,
    /// Completed offloaded I/O NBLs.
    pub io_done: RefCell<Vec<usize>>,
    /// Events: (offload context, type, info).
    pub events: RefCell<Vec<(usize, u32, u32)>>,
    /// Receive indications: (offload context, NBL).
    pub received: RefCell<Vec<(usize, usize)>>,
    /// Neighbor events (`IndicateOffloadEventHandler`): (block, code).
    pub neighbor_events: RefCell<Vec<(usize, u32)>>,
    /// What the receive-indicate handler answers (default SUCCESS). It writes all the
    /// indicated bytes to `BytesConsumed` for SUCCESS, half of them for
    /// OFFLOAD_DATA_PARTIALLY_ACCEPTED and 0 otherwise (DP-37).
    pub receive_answer: Cell<NDIS_STATUS>,
}

thread_local! {
    static CLIENT: RefCell<Option<&'static TestClient>> = const { RefCell::new(None) };
}

/// This thread's test client.
#[must_use]
pub fn client() -> &'static TestClient {
    CLIENT.with(|c| *c.borrow()).expect("no test client")
}

/// Make a fresh test client for this thread.
pub fn new_client() -> &'static TestClient {
    let c: &'static TestClient = Box::leak(Box::default());
    CLIENT.with(|s| *s.borrow_mut() = Some(c));
    c
}

unsafe extern "system" fn c_complete(_ctx: NDIS_HANDLE, root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {
    client().completed.borrow_mut().push(root as usize);
}
unsafe extern "system" fn c_event(
    _ctx: NDIS_HANDLE,
    block: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    code: u32,
) {
    client()
        .neighbor_events
        .borrow_mut()
        .push((block as usize, code));
}
unsafe extern "system" fn c_io_complete(_ctx: NDIS_HANDLE, nbl: PNET_BUFFER_LIST) {
    for n in nbl::chain(nbl.cast()) {
        client().io_done.borrow_mut().push(n as usize);
    }
}
unsafe extern "system" fn c_tcp_event(context: PVOID, event: u32, info: u32) {
    client()
        .events
        .borrow_mut()
        .push((context as usize, event, info));
}
unsafe extern "system" fn c_receive(
    context: PVOID,
    nbl: PNET_BUFFER_LIST,
    _s: NDIS_STATUS,
    consumed: *mut u32,
) -> NDIS_STATUS {
    let c = client();
    c.received
        .borrow_mut()
        .push((context as usize, nbl as usize));
    let answer = c.receive_answer.get();
    let bytes = match answer {
        NDIS_STATUS_SUCCESS => indicated_bytes(chimney_im::ndis::from_chimney(nbl)),
        NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED => {
            indicated_bytes(chimney_im::ndis::from_chimney(nbl)) / 2
        }
        _ => 0,
    };
    if !consumed.is_null() {
        // SAFETY: NDIS's out slot.
        unsafe { consumed.write(bytes) };
    }
    answer
}

/// The data bytes of every NET_BUFFER of `n` (a receive indication's single NBL).
fn indicated_bytes(n: PNBL) -> u32 {
    if n.is_null() {
        return 0;
    }
    let mut total = 0u32;
    // SAFETY: the NBL indicated for this call, valid while it lasts.
    let mut nb = unsafe { (*n).FirstNetBuffer() };
    // SAFETY: as above: its NET_BUFFERs are valid with it.
    while let Some(b) = unsafe { nb.as_ref() } {
        total = total.saturating_add(b.DataLength());
        nb = b.NetBufferData().Next;
    }
    total
}

/// Register the client's chimney handlers (from ProtocolSetOptions).
pub(crate) fn register_client(protocol_handle: NDIS_HANDLE) -> NDIS_STATUS {
    let mut generic = NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
            NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
            NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
        ),
        Flags: 0,
        InitiateOffloadCompleteHandler: Some(c_complete),
        TerminateOffloadCompleteHandler: Some(c_complete),
        UpdateOffloadCompleteHandler: Some(c_complete),
        InvalidateOffloadCompleteHandler: Some(c_complete),
        QueryOffloadCompleteHandler: Some(c_complete),
        IndicateOffloadEventHandler: Some(c_event),
    };
    let mut tcp = NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS,
            NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
            NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
        ),
        Flags: 0,
        OffloadType: NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload,
        TcpOffloadSendCompleteHandler: Some(c_io_complete),
        TcpOffloadReceiveCompleteHandler: Some(c_io_complete),
        TcpOffloadDisconnectCompleteHandler: Some(c_io_complete),
        TcpOffloadForwardCompleteHandler: Some(c_io_complete),
        TcpOffloadEventHandler: Some(c_tcp_event),
        TcpOffloadReceiveIndicateHandler: Some(c_receive),
    };
    // SAFETY: registration tables valid for the call.
    let a =
        unsafe { SimNdis::ndis_set_optional_handlers(protocol_handle, (&raw mut generic).cast()) };
    // SAFETY: as above.
    let b = unsafe { SimNdis::ndis_set_optional_handlers(protocol_handle, (&raw mut tcp).cast()) };
    let _ = current();
    if a == NDIS_STATUS_SUCCESS { b } else { a }
}
