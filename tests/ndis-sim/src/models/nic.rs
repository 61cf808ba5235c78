//! The chimney NIC model: a miniport driver written against the seam (`SimNdis`) that
//! is a TCP chimney offload target. It keeps neighbor, path and TCP objects with their
//! parent/dependant links; per TCP connection the sequence state (RcvNxt, SndUna,
//! SndNxt, SndMax, windows), the send NBLs it has not completed, the receive buffers
//! the host posted and the data it received and buffered. State operations: initiate
//! with full success, partial success and per-block failure (a fault hook decides per
//! block), writing `*MiniportOffloadContext` for new objects; update (with relink),
//! query (delegated values and backlogs), invalidate (stops transmission); terminate
//! writing `TCP_OFFLOAD_STATE_DELEGATED` and returning the outstanding send NBLs and the
//! buffered receive data (seed 004). Offloaded I/O: sends go over a simulated wire to
//! the [`Peer`] and complete when acknowledged; posted receives are filled from peer
//! data; with no receive posted, data is indicated (BytesConsumed); disconnect (FIN or
//! RST) and forward. Events and status indications on request. State-operation
//! completions can be delayed and reordered (fault injection).

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet, VecDeque};
use std::ptr;
use std::rc::{Rc, Weak};

use chimney_im::ndis::{
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES, NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
    NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
    NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
    NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, NDIS_OBJECT_TYPE_STATUS_INDICATION,
    NDIS_STATUS_BUFFER_TOO_SHORT, NDIS_STATUS_INDICATION, PNET_BUFFER_LIST, as_chimney,
};
use chimney_im::platform::Ndis;
use offload_tree::abi::*;
use offload_tree::tree::state::{StateIter, StateKind, StateView};
use offload_tree::tree::validate::{VisitMarker, validate};
use offload_tree::tree::{Block, Limits, Operation, Walk};

use super::peer::Peer;
use crate::core::{Sim, current};
use crate::nbl;
use crate::ndis_impl::SimNdis;
use crate::objects::MiniportDriver;
use crate::verifier::Rule;

/// The layer of an offloaded object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Neighbor.
    Neighbor,
    /// Path (IPv4 or IPv6).
    Path,
    /// TCP connection.
    Tcp,
}

fn layer_of(header_type: u8) -> Option<Layer> {
    match header_type {
        1..=4 => Some(Layer::Neighbor),
        5..=12 => Some(Layer::Path),
        13..=15 | 17 => Some(Layer::Tcp),
        _ => None,
    }
}

/// What the per-block fault hook is told.
#[derive(Clone, Copy, Debug)]
pub struct BlockInfo {
    /// The operation.
    pub op: Operation,
    /// The block's layer.
    pub layer: Layer,
    /// The connection id (TCP blocks whose state names it).
    pub conn: Option<u32>,
    /// Running count of blocks the NIC has judged (all operations), from 1.
    pub ordinal: u64,
}

/// Per-block fault hook: `Some(status)` fails the block with that status.
pub type BlockFault = Box<dyn FnMut(&BlockInfo) -> Option<NDIS_STATUS>>;

/// One send NBL the NIC holds.
#[derive(Clone, Copy, Debug)]
pub struct SendReq {
    /// The NBL.
    pub nbl: usize,
    /// Sequence number of its first byte.
    pub start: u32,
    /// Bytes.
    pub len: u32,
    /// Whether it went on the wire.
    pub transmitted: bool,
}

/// A TCP connection's offloaded state.
#[derive(Debug, Default)]
pub struct TcpConn {
    /// Connection id (the host puts it in the const state's HashValue).
    pub conn: u32,
    /// Next sequence number expected from the peer.
    pub rcv_nxt: u32,
    /// Receive window.
    pub rcv_wnd: u32,
    /// Oldest unacknowledged sequence number.
    pub snd_una: u32,
    /// Next sequence number to transmit.
    pub snd_nxt: u32,
    /// Highest sequence number transmitted.
    pub snd_max: u32,
    /// Send window.
    pub snd_wnd: u32,
    /// Sequence number after the last byte the host posted for sending.
    pub snd_end: u32,
    /// Send NBLs not yet completed, in order.
    pub sends: VecDeque<SendReq>,
    /// Posted receive NBLs, in order.
    pub posted: VecDeque<usize>,
    /// Received, acknowledged, not yet delivered data.
    pub buffered: VecDeque<u8>,
    /// The host refused an indication; wait for a posted buffer.
    pub refused: bool,
    /// The initiate completion has returned (indications allowed, DP-35).
    pub ready: bool,
    /// A graceful disconnect waiting for the sends before it.
    pub fin: Option<usize>,
    /// Closed (FIN sent or reset).
    pub closed: bool,
}

/// An offloaded object.
#[derive(Debug)]
pub struct NicObject {
    /// Its layer.
    pub layer: Layer,
    /// Its parent object (token), if any.
    pub parent: Option<usize>,
    /// Dependant objects (tokens).
    pub dependants: Vec<usize>,
    /// NDIS's offload handle for it (`NdisOffloadHandle` of the initiate block).
    pub ndis_handle: usize,
    /// Invalidated.
    pub invalid: bool,
    /// TCP state, for TCP objects.
    pub tcp: Option<TcpConn>,
    /// The object's context memory, allocated through the seam (fails on injected
    /// allocation faults).
    pub memory: usize,
}

/// Deliberately broken behaviours, to prove the integrity checks can fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Broken {
    /// BROKEN: never put the n-th transmitted segment (from 1) on the wire.
    DropSegment(u64),
    /// BROKEN: flip a byte of the n-th receive delivery (from 1) to the host.
    FlipReceivedByte(u64),
}

/// Counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NicStats {
    /// State operations received (initiate, terminate, update, query, invalidate).
    pub ops: [u64; 5],
    /// Blocks failed by the fault hook.
    pub faulted_blocks: u64,
    /// Send bytes transmitted.
    pub tx_bytes: u64,
    /// Receive bytes delivered (posted or indicated).
    pub rx_bytes: u64,
    /// Receive indications made.
    pub indications: u64,
    /// Segments put on the wire to the peer.
    pub tx_segments: u64,
}

/// One adapter of the NIC model.
pub struct NicAdapter {
    me: Weak<NicAdapter>,
    /// NdisMiniportHandle.
    pub handle: Cell<NDIS_HANDLE>,
    /// NDIS's TCP upcall table.
    pub upcalls: Cell<Option<NDIS_TCP_OFFLOAD_EVENT_HANDLERS>>,
    /// Offloaded objects by token (the context the NIC writes).
    pub objects: RefCell<HashMap<usize, NicObject>>,
    /// TCP objects by connection id.
    pub by_conn: RefCell<HashMap<u32, usize>>,
    next_token: Cell<usize>,
    /// The remote peer on the other side of the wire.
    pub peer: Rc<Peer>,
    /// Per-block fault hook.
    pub fault: RefCell<Option<BlockFault>>,
    /// Complete state operations after a delay (random up to this many ticks, so they
    /// also reorder) instead of inline.
    pub state_delay: Cell<Option<u64>>,
    /// One-way wire delay in ticks.
    pub wire_delay: Cell<u64>,
    /// Acknowledgements take up to this many extra ticks (random), so send completions
    /// are delayed and acknowledgements reorder.
    pub ack_jitter: Cell<u64>,
    /// TCP connections it accepts (TcpConnectionOffloadCapacity).
    pub capacity: Cell<u32>,
    /// IPv6 chimney turned off in the current configuration (its keyword).
    pub ipv6_off: Cell<bool>,
    /// Where peer data goes for connections that are not offloaded (the host's own
    /// stack): (conn, seq, bytes).
    #[expect(clippy::type_complexity, reason = "a plain callback")]
    pub host_path: RefCell<Option<Rc<dyn Fn(u32, u32, Vec<u8>)>>>,
    /// NBLs indicated and held by the host.
    pub indicated: RefCell<HashSet<usize>>,
    /// New TCP objects per initiate root, made ready when it completes.
    pending_ready: RefCell<HashMap<usize, Vec<usize>>>,
    judged: Cell<u64>,
    /// Surprise-removed: the hardware is gone (no wire, state lost on terminate).
    pub removed: Cell<bool>,
    /// A deliberately broken behaviour (rule tests).
    pub broken: Cell<Option<Broken>>,
    segments: Cell<u64>,
    deliveries: Cell<u64>,
    /// Counters.
    pub stats: Cell<NicStats>,
}

/// The NIC model driver.
pub struct NicModel {
    /// Its registration in the simulator.
    pub driver: Rc<MiniportDriver>,
    /// Adapters, in creation order.
    pub adapters: RefCell<Vec<Rc<NicAdapter>>>,
    /// TcpConnectionOffloadCapacity of adapters created from now on (reported at
    /// initialize, so it must be set before the adapter is added).
    pub adapter_capacity: Cell<u32>,
    peer: Rc<Peer>,
}

fn model_ctx(context: NDIS_HANDLE) -> &'static NicModel {
    // SAFETY: the driver context is the leaked NicModel (see `register`).
    unsafe { &*context.cast::<NicModel>() }
}

fn adapter_ctx(context: NDIS_HANDLE) -> Rc<NicAdapter> {
    // SAFETY: adapter contexts are Rc<NicAdapter>s the NicModel keeps alive.
    let a = unsafe { &*context.cast::<NicAdapter>() };
    a.me.upgrade().expect("adapter alive")
}

fn trace_wire(sim: &Sim, from: &str, to: &str, op: &str, conn: u32, seq: u32, len: usize) {
    if sim.tracing() {
        sim.trace(&crate::trace::Edge {
            from,
            to,
            op,
            handle: 0,
            obj: 0,
            status: None,
            args: &[
                ("conn", u64::from(conn)),
                ("seq", u64::from(seq)),
                ("len", len as u64),
            ],
        });
    }
}

/// Bytes of context memory per offloaded object.
const OBJECT_BYTES: u32 = 256;

fn seq_le(a: u32, b: u32) -> bool {
    b.wrapping_sub(a) < 0x8000_0000
}

fn set_bytes_transferred(n: PNET_BUFFER_LIST, bytes: u32) {
    // SAFETY: an NBL the NIC holds; slot 0 is TcpOffloadBytesTransferred (ST-9.6).
    unsafe { (*n).NetBufferListInfo[0] = bytes as usize as PVOID };
}

/// Copy `data` into the buffer an NBL's first MDL maps (at most its length).
fn write_nbl(n: PNET_BUFFER_LIST, data: &[u8]) -> usize {
    // SAFETY: a simulator NBL (one NB, one MDL) held by the NIC.
    let nb = unsafe { &*n }.FirstNetBuffer();
    if nb.is_null() {
        return 0;
    }
    // SAFETY: as above; the NET_BUFFER_DATA arm is the simulator's.
    let header = unsafe { (*nb).NetBufferHeader };
    // SAFETY: as above.
    let mdl = unsafe { header.NetBufferData }.MdlChain;
    if mdl.is_null() {
        return 0;
    }
    // SAFETY: as above.
    let m = unsafe { &*mdl };
    let (va, count) = (m.MappedSystemVa, m.ByteCount);
    let k = data.len().min(count as usize);
    // SAFETY: `va` maps `count` bytes of the NBL's own buffer.
    unsafe { ptr::copy_nonoverlapping(data.as_ptr(), va.cast::<u8>(), k) };
    k
}

fn tcp_delegated(b: *mut Block) -> Option<StateView<'static, TCP_OFFLOAD_STATE_DELEGATED>> {
    // SAFETY: a block of a tree NDIS handed the NIC, valid until its completion.
    let it = unsafe { StateIter::new(b) };
    it.filter(|s| s.kind == StateKind::TcpDelegated)
        // SAFETY: the kind matches the view's type.
        .find_map(|s| unsafe { StateView::new(s) })
}

fn tcp_const(b: *mut Block) -> Option<TCP_OFFLOAD_STATE_CONST> {
    // SAFETY: as in `tcp_delegated`.
    let it = unsafe { StateIter::new(b) };
    it.filter(|s| s.kind == StateKind::TcpConst)
        // SAFETY: the kind matches the view's type.
        .find_map(|s| unsafe { StateView::<TCP_OFFLOAD_STATE_CONST>::new(s) })
        .map(|v| v.read())
}

enum Upcall {
    SendDone(Vec<PNET_BUFFER_LIST>),
    RecvDone(Vec<PNET_BUFFER_LIST>),
    DisconnectDone(PNET_BUFFER_LIST),
    Indicate(usize, u32, Vec<u8>),
    Wire(u32, u32, Vec<u8>),
    Fin(u32, u32),
}

impl NicAdapter {
    fn rc(&self) -> Rc<NicAdapter> {
        self.me.upgrade().expect("adapter alive")
    }

    fn bump(&self, f: impl FnOnce(&mut NicStats)) {
        let mut s = self.stats.get();
        f(&mut s);
        self.stats.set(s);
    }

    fn judge(&self, op: Operation, layer: Layer, conn: Option<u32>) -> Option<NDIS_STATUS> {
        self.judged.set(self.judged.get() + 1);
        let info = BlockInfo {
            op,
            layer,
            conn,
            ordinal: self.judged.get(),
        };
        let r = self.fault.borrow_mut().as_mut().and_then(|f| f(&info));
        if r.is_some() {
            self.bump(|s| s.faulted_blocks += 1);
        }
        r
    }

    fn tcp_count(&self) -> usize {
        self.by_conn.borrow().len()
    }

    /// Initiate a sibling list; returns (offloaded, total) of its blocks.
    fn initiate_list(
        &self,
        first: *mut Block,
        parent: Option<usize>,
        failed: bool,
        root: usize,
    ) -> (usize, usize) {
        let (mut ok, mut total) = (0, 0);
        let mut b = first;
        let mut stop = failed;
        while !b.is_null() && total < 1_000_000 {
            let good = self.initiate_block(b, parent, stop, root);
            if !good && parent.is_none() && total == 0 {
                // A failed root stops the whole traversal (OP-26).
                stop = true;
            }
            ok += usize::from(good);
            total += 1;
            // SAFETY: a block of the tree NDIS handed the NIC.
            b = unsafe { (*b).NextBlock };
        }
        (ok, total)
    }

    fn summary(ok: usize, total: usize) -> NDIS_STATUS {
        if ok == total {
            NDIS_STATUS_SUCCESS
        } else if ok > 0 {
            NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS
        } else {
            NDIS_STATUS_FAILURE
        }
    }

    #[expect(clippy::too_many_lines, reason = "the roles of OP-7 in one place")]
    fn initiate_block(
        &self,
        b: *mut Block,
        parent: Option<usize>,
        failed: bool,
        root: usize,
    ) -> bool {
        // SAFETY: a block of the tree NDIS handed the NIC.
        let blk = unsafe { &mut *b };
        let deps = blk.DependentBlockList;
        if failed {
            blk.Status = NDIS_STATUS_FAILURE;
            self.initiate_list(deps, None, true, root);
            return false;
        }
        let moc = blk.MiniportOffloadContext;
        if moc.is_null() {
            // Placeholder: dependants hang under the placeholder's parent.
            self.initiate_list(deps, parent, false, root);
            blk.Status = NDIS_STATUS_SUCCESS;
            return true;
        }
        // SAFETY: NDIS pointed the slot at the caller's handle (OP-9).
        let existing = unsafe { moc.read() } as usize;
        if existing != 0 {
            // Linker.
            if !self.objects.borrow().contains_key(&existing) {
                current().violation(
                    Rule::Protocol,
                    "NIC initiate",
                    format!("linker names unknown object {existing:#x}"),
                );
                blk.Status = NDIS_STATUS_FAILURE;
                return false;
            }
            let (ok, total) = self.initiate_list(deps, Some(existing), false, root);
            blk.Status = Self::summary(ok, total);
            return blk.Status != NDIS_STATUS_FAILURE || total == 0;
        }
        let Some(layer) = layer_of(blk.Header.Type) else {
            blk.Status = NDIS_STATUS_FAILURE;
            self.initiate_list(deps, None, true, root);
            return false;
        };
        let konst = (layer == Layer::Tcp).then(|| tcp_const(b)).flatten();
        let conn = konst.map(|c| c.HashValue);
        let mut status = self.judge(Operation::Initiate, layer, conn);
        if self.removed.get() {
            status = Some(NDIS_STATUS_FAILURE);
        }
        if status.is_none()
            && layer == Layer::Tcp
            && self.tcp_count() >= self.capacity.get() as usize
        {
            status = Some(NDIS_STATUS_OFFLOAD_TCP_ENTRIES);
        }
        if status.is_none() && layer == Layer::Tcp && conn.is_none() {
            status = Some(NDIS_STATUS_FAILURE);
        }
        let memory = if status.is_none() {
            // SAFETY: an allocation through the seam with the NIC's own handle.
            let m = unsafe {
                SimNdis::ndis_allocate_memory_with_tag_priority(
                    self.handle.get(),
                    OBJECT_BYTES,
                    0x4E49_434D,
                    0,
                )
            };
            if m.is_null() {
                status = Some(NDIS_STATUS_RESOURCES);
            }
            m as usize
        } else {
            0
        };
        if let Some(s) = status {
            blk.Status = s;
            self.initiate_list(deps, None, true, root);
            return false;
        }
        let token = self.next_token.get();
        self.next_token.set(token + 0x40);
        let tcp = conn.map(|conn| {
            let d = tcp_delegated(b).map(|v| v.read()).unwrap_or_default();
            TcpConn {
                conn,
                rcv_nxt: d.RcvNxt,
                rcv_wnd: d.RcvWnd,
                snd_una: d.SndUna,
                snd_nxt: d.SndNxt,
                snd_max: d.SndMax,
                snd_wnd: d.SndWnd,
                snd_end: d.SndMax,
                ..TcpConn::default()
            }
        });
        if let Some(c) = conn {
            self.by_conn.borrow_mut().insert(c, token);
            self.pending_ready
                .borrow_mut()
                .entry(root)
                .or_default()
                .push(token);
        }
        self.objects.borrow_mut().insert(
            token,
            NicObject {
                layer,
                parent,
                dependants: Vec::new(),
                ndis_handle: blk.NdisOffloadHandle as usize,
                invalid: false,
                tcp,
                memory,
            },
        );
        if let Some(p) = parent
            && let Some(po) = self.objects.borrow_mut().get_mut(&p)
        {
            po.dependants.push(token);
        }
        // SAFETY: as above.
        unsafe { moc.write(token as PVOID) };
        let (ok, total) = self.initiate_list(deps, Some(token), false, root);
        blk.Status = if total == 0 || ok == total {
            NDIS_STATUS_SUCCESS
        } else {
            NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS
        };
        true
    }

    fn blocks(root: *mut Block) -> Vec<(*mut Block, *mut Block)> {
        // SAFETY: a tree NDIS handed the NIC; bounded walk.
        unsafe { Walk::new(root, Limits::DEFAULT) }
            .map_while(Result::ok)
            .map(|v| (v.block, v.parent))
            .collect()
    }

    fn token_of(b: *mut Block) -> usize {
        // SAFETY: a block of a tree NDIS handed the NIC.
        let moc = unsafe { (*b).MiniportOffloadContext };
        if moc.is_null() {
            return 0;
        }
        // SAFETY: NDIS pointed the slot at the caller's handle (OP-9).
        unsafe { moc.read() as usize }
    }

    fn layer_of_block(b: *mut Block) -> Layer {
        // SAFETY: as above.
        layer_of(unsafe { (*b).Header.Type }).unwrap_or(Layer::Tcp)
    }

    fn set_status(b: *mut Block, s: NDIS_STATUS) {
        // SAFETY: as above.
        unsafe { (*b).Status = s };
    }

    fn conn_of(&self, token: usize) -> Option<u32> {
        self.objects
            .borrow()
            .get(&token)
            .and_then(|o| o.tcp.as_ref().map(|t| t.conn))
    }

    fn terminate(&self, root: *mut Block, up: &mut Vec<Upcall>) {
        let list = Self::blocks(root);
        let mut removed = HashSet::new();
        // Dependants of the objects removed, checked afterwards: O(tree), not O(NIC).
        let mut dependants = Vec::new();
        for &(b, _) in &list {
            let token = Self::token_of(b);
            let layer = Self::layer_of_block(b);
            if token == 0 {
                Self::set_status(b, NDIS_STATUS_SUCCESS);
                continue;
            }
            let conn = self.conn_of(token);
            if !self.objects.borrow().contains_key(&token) {
                current().violation(
                    Rule::Protocol,
                    "NIC terminate",
                    format!("unknown object {token:#x}"),
                );
                Self::set_status(b, NDIS_STATUS_FAILURE);
                continue;
            }
            let not_tcp = layer == Layer::Tcp
                && self
                    .objects
                    .borrow()
                    .get(&token)
                    .is_some_and(|o| o.tcp.is_none());
            if not_tcp {
                // A TCP block naming a neighbor or path (a stale token from above):
                // recorded, and failed rather than leaving the delegated state unwritten.
                current().violation(
                    Rule::Protocol,
                    "NIC terminate",
                    format!("TCP block names object {token:#x}, which is not a connection"),
                );
                Self::set_status(b, NDIS_STATUS_FAILURE);
                continue;
            }
            let fault = self.judge(Operation::Terminate, layer, conn);
            let Some(obj) = self.objects.borrow_mut().remove(&token) else {
                continue;
            };
            removed.insert(token);
            if obj.memory != 0 {
                // SAFETY: the block allocated at initiate, freed once.
                unsafe { SimNdis::ndis_free_memory(obj.memory as PVOID, OBJECT_BYTES, 0) };
            }
            let fault = if self.removed.get() {
                Some(NDIS_STATUS_FAILURE)
            } else {
                fault
            };
            if let Some(p) = obj.parent
                && let Some(po) = self.objects.borrow_mut().get_mut(&p)
            {
                po.dependants.retain(|&d| d != token);
            }
            if let Some(t) = obj.tcp {
                self.by_conn.borrow_mut().remove(&t.conn);
                self.upload_tcp(b, t, fault.is_some(), up);
            }
            Self::set_status(
                b,
                if fault.is_some() {
                    NDIS_STATUS_FAILURE
                } else {
                    NDIS_STATUS_SUCCESS
                },
            );
            dependants.extend(obj.dependants.iter().copied());
        }
        let objects = self.objects.borrow();
        for token in dependants {
            if objects
                .get(&token)
                .is_some_and(|o| o.parent.is_some_and(|p| removed.contains(&p)))
            {
                current().violation(
                    Rule::Protocol,
                    "NIC terminate",
                    format!("object {token:#x} still depends on a terminated object"),
                );
            }
        }
    }

    /// Write the delegated state, hand back outstanding sends and buffered data.
    fn upload_tcp(&self, b: *mut Block, mut t: TcpConn, lost: bool, up: &mut Vec<Upcall>) {
        // Posted receives cannot hold more data: complete them (OP-31).
        let posted: Vec<PNET_BUFFER_LIST> =
            t.posted.drain(..).map(|n| n as PNET_BUFFER_LIST).collect();
        for &n in &posted {
            set_bytes_transferred(n, 0);
            nbl::set_status(
                n,
                if lost {
                    NDIS_STATUS_REQUEST_ABORTED
                } else {
                    NDIS_STATUS_SUCCESS
                },
            );
        }
        if !posted.is_empty() {
            up.push(Upcall::RecvDone(posted));
        }
        if let Some(d) = t.fin.take() {
            up.push(Upcall::DisconnectDone(d as PNET_BUFFER_LIST));
        }
        let sends: Vec<PNET_BUFFER_LIST> =
            t.sends.iter().map(|s| s.nbl as PNET_BUFFER_LIST).collect();
        if lost {
            for &n in &sends {
                nbl::set_status(n, NDIS_STATUS_REQUEST_ABORTED);
                set_bytes_transferred(n, 0);
            }
            if !sends.is_empty() {
                up.push(Upcall::SendDone(sends));
            }
            return;
        }
        let sim = current();
        let head = if sends.is_empty() {
            ptr::null_mut()
        } else {
            nbl::link(&sends)
        };
        let buffered = if t.buffered.is_empty() {
            ptr::null_mut()
        } else {
            let data: Vec<u8> = t.buffered.drain(..).collect();
            let n = sim.alloc_nbl(&data);
            // Owned by the host until it comes back through receive-return.
            self.indicated.borrow_mut().insert(n as usize);
            n
        };
        if let Some(v) = tcp_delegated(b) {
            let mut d = v.read();
            d.RcvNxt = t.rcv_nxt;
            d.RcvWnd = t.rcv_wnd;
            d.SndUna = t.snd_una;
            d.SndNxt = t.snd_nxt;
            d.SndMax = t.snd_max;
            d.SndWnd = t.snd_wnd;
            d.Send.Data = TCP_OFFLOAD_STATE_DELEGATED_SEND_DATA {
                SendDataHead: as_chimney(sends.first().copied().unwrap_or(ptr::null_mut())),
                SendDataTail: as_chimney(sends.last().copied().unwrap_or(ptr::null_mut())),
            };
            d.Receive.BufferedData = as_chimney(buffered);
            v.write(&d);
        } else {
            sim.violation(
                Rule::Protocol,
                "NIC terminate",
                format!("conn {}: no delegated state after the TCP block", t.conn),
            );
        }
        // SAFETY: a block of the tree NDIS handed the NIC.
        unsafe { (*b).NetBufferListChain = as_chimney(head) };
    }

    fn update(&self, root: *mut Block) {
        for (b, parent) in Self::blocks(root) {
            let token = Self::token_of(b);
            if token == 0 {
                Self::set_status(b, NDIS_STATUS_SUCCESS);
                continue;
            }
            let conn = self.conn_of(token);
            let known = self.objects.borrow().contains_key(&token);
            let fault = self.judge(Operation::Update, Self::layer_of_block(b), conn);
            if !known || fault.is_some() {
                Self::set_status(b, NDIS_STATUS_FAILURE);
                continue;
            }
            // Relink: a block under a different parent moves there.
            let new_parent = if parent.is_null() {
                0
            } else {
                Self::token_of(parent)
            };
            if new_parent != 0 {
                let mut objs = self.objects.borrow_mut();
                let old = objs.get(&token).and_then(|o| o.parent);
                if old != Some(new_parent) && objs.contains_key(&new_parent) {
                    if let Some(op) = old.and_then(|p| objs.get_mut(&p)) {
                        op.dependants.retain(|&d| d != token);
                    }
                    if let Some(np) = objs.get_mut(&new_parent) {
                        np.dependants.push(token);
                    }
                    if let Some(o) = objs.get_mut(&token) {
                        o.parent = Some(new_parent);
                    }
                }
            }
            Self::set_status(b, NDIS_STATUS_SUCCESS);
        }
    }

    fn query(&self, root: *mut Block) {
        for (b, _) in Self::blocks(root) {
            let token = Self::token_of(b);
            if token == 0 {
                Self::set_status(b, NDIS_STATUS_SUCCESS);
                continue;
            }
            let conn = self.conn_of(token);
            let fault = self.judge(Operation::Query, Self::layer_of_block(b), conn);
            let objs = self.objects.borrow();
            let Some(o) = objs.get(&token) else {
                drop(objs);
                Self::set_status(b, NDIS_STATUS_FAILURE);
                continue;
            };
            if fault.is_some() {
                drop(objs);
                Self::set_status(b, NDIS_STATUS_FAILURE);
                continue;
            }
            if let (Some(t), Some(v)) = (o.tcp.as_ref(), tcp_delegated(b)) {
                let mut d = v.read();
                d.RcvNxt = t.rcv_nxt;
                d.RcvWnd = t.rcv_wnd;
                d.SndUna = t.snd_una;
                d.SndNxt = t.snd_nxt;
                d.SndMax = t.snd_max;
                d.SndWnd = t.snd_wnd;
                d.Send.SendBacklogSize = t.snd_end.wrapping_sub(t.snd_una);
                d.Receive.ReceiveBacklogSize = t.buffered.len() as u32;
                v.write(&d);
            }
            drop(objs);
            Self::set_status(b, NDIS_STATUS_SUCCESS);
        }
    }

    fn invalidate(&self, root: *mut Block) {
        for (b, _) in Self::blocks(root) {
            let token = Self::token_of(b);
            let conn = self.conn_of(token);
            let fault = (token != 0)
                .then(|| self.judge(Operation::Invalidate, Self::layer_of_block(b), conn))
                .flatten();
            let found = match self.objects.borrow_mut().get_mut(&token) {
                Some(o) if fault.is_none() => {
                    o.invalid = true;
                    true
                }
                _ => token == 0,
            };
            Self::set_status(
                b,
                if found {
                    NDIS_STATUS_SUCCESS
                } else {
                    NDIS_STATUS_FAILURE
                },
            );
        }
    }

    /// Whether `token` or an object it depends on is invalidated.
    fn blocked(&self, token: usize) -> bool {
        let objs = self.objects.borrow();
        let mut at = Some(token);
        let mut hops = 0;
        while let Some(t) = at {
            let Some(o) = objs.get(&t) else { return false };
            if o.invalid {
                return true;
            }
            at = o.parent;
            hops += 1;
            if hops > 8 {
                break;
            }
        }
        false
    }

    fn state_op(&self, op: Operation, root: *mut Block) {
        let idx = match op {
            Operation::Initiate => 0,
            Operation::Terminate => 1,
            Operation::Update => 2,
            Operation::Query => 3,
            Operation::Invalidate => 4,
        };
        self.bump(|s| s.ops[idx] += 1);
        let generation = self.judged.get() as usize + idx + 1;
        // SAFETY: a tree NDIS handed the NIC; the validator's walk is bounded.
        let valid = unsafe {
            validate(
                root,
                op,
                Limits::DEFAULT,
                VisitMarker::from_generation(generation),
                |t| self.objects.borrow().contains_key(&(t as usize)),
            )
        };
        if let Err(e) = valid {
            current().violation(
                Rule::Protocol,
                "NIC state operation",
                format!("malformed {op:?} tree: {e:?}"),
            );
            // Every block the walk reaches fails, not only the root: the caller reads
            // each block's status (a SUCCESS left on a TCP block promises delegated
            // state that was never written).
            for (b, _) in Self::blocks(root) {
                Self::set_status(b, NDIS_STATUS_FAILURE);
            }
            self.complete(op, root);
            return;
        }
        let mut up = Vec::new();
        match op {
            Operation::Initiate => {
                self.initiate_list(root, None, false, root as usize);
            }
            Operation::Terminate => self.terminate(root, &mut up),
            Operation::Update => self.update(root),
            Operation::Query => self.query(root),
            Operation::Invalidate => self.invalidate(root),
        }
        // Everything on the terminated objects completes before the terminate (OP-31).
        self.run_upcalls(up);
        let sim = current();
        match self.state_delay.get() {
            Some(d) if d > 0 => {
                let me = self.rc();
                let delay = sim.random() % d + 1;
                let r = root as usize;
                sim.schedule(delay, move |_| me.complete(op, r as *mut Block));
            }
            _ => self.complete(op, root),
        }
    }

    fn complete(&self, op: Operation, root: *mut Block) {
        let h = self.handle.get();
        let f: unsafe fn(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) = match op {
            Operation::Initiate => SimNdis::ndis_m_initiate_offload_complete,
            Operation::Terminate => SimNdis::ndis_m_terminate_offload_complete,
            Operation::Update => SimNdis::ndis_m_update_offload_complete,
            Operation::Query => SimNdis::ndis_m_query_offload_state_complete,
            Operation::Invalidate => SimNdis::ndis_m_invalidate_offload_complete,
        };
        // SAFETY: the NIC completes a tree it was handed, once, with its own handle.
        unsafe { f(h, root) };
        if op == Operation::Initiate {
            let ready = self.pending_ready.borrow_mut().remove(&(root as usize));
            for token in ready.unwrap_or_default() {
                if let Some(t) = self
                    .objects
                    .borrow_mut()
                    .get_mut(&token)
                    .and_then(|o| o.tcp.as_mut())
                {
                    t.ready = true;
                }
                self.pump(token);
            }
        }
    }

    fn run_upcalls(&self, ups: Vec<Upcall>) {
        let Some(table) = self.upcalls.get() else {
            return;
        };
        let h = self.handle.get();
        let sim = current();
        for u in ups {
            match u {
                Upcall::SendDone(v) => {
                    if let Some(f) = table.NdisTcpOffloadSendComplete {
                        // SAFETY: NDIS's upcall with the NIC's handle and NBLs it held.
                        unsafe { f(h, as_chimney(nbl::link(&v))) };
                    }
                }
                Upcall::RecvDone(v) => {
                    if let Some(f) = table.NdisTcpOffloadReceiveComplete {
                        // SAFETY: as above.
                        unsafe { f(h, as_chimney(nbl::link(&v))) };
                    }
                }
                Upcall::DisconnectDone(n) => {
                    if let Some(f) = table.NdisTcpOffloadDisconnectComplete {
                        // SAFETY: as above.
                        unsafe { f(h, as_chimney(n)) };
                    }
                }
                Upcall::Indicate(token, conn, data) => self.indicate(token, conn, &data),
                Upcall::Wire(conn, seq, data) => {
                    self.segments.set(self.segments.get() + 1);
                    if self.broken.get() == Some(Broken::DropSegment(self.segments.get())) {
                        continue;
                    }
                    trace_wire(&sim, "nic", "peer", "segment", conn, seq, data.len());
                    let me = self.rc();
                    let peer = self.peer.clone();
                    sim.schedule(self.wire_delay.get(), move |sim| {
                        let ack = peer.segment_from_host(conn, seq, &data);
                        let me2 = me.clone();
                        let jitter = me.ack_jitter.get();
                        let extra = if jitter > 0 { sim.random() % jitter } else { 0 };
                        sim.schedule(me.wire_delay.get() + extra, move |_| me2.ack(conn, ack));
                    });
                }
                Upcall::Fin(conn, seq) => {
                    let peer = self.peer.clone();
                    sim.schedule(self.wire_delay.get(), move |_| {
                        peer.fin_from_host(conn, seq);
                    });
                }
            }
        }
    }

    /// Move what can move on `token`: transmit sends, FIN, deliver received data.
    fn pump(&self, token: usize) {
        let blocked = self.blocked(token);
        let mut up = Vec::new();
        {
            let mut objs = self.objects.borrow_mut();
            let Some(t) = objs.get_mut(&token).and_then(|o| o.tcp.as_mut()) else {
                return;
            };
            let conn = t.conn;
            if !blocked && !t.closed && !self.removed.get() {
                let sim = current();
                for s in t.sends.iter_mut().filter(|s| !s.transmitted) {
                    let data = sim
                        .nbl_payload(s.nbl as PNET_BUFFER_LIST)
                        .unwrap_or_default();
                    s.transmitted = true;
                    t.snd_nxt = s.start.wrapping_add(s.len);
                    if seq_le(t.snd_max, t.snd_nxt) {
                        t.snd_max = t.snd_nxt;
                    }
                    up.push(Upcall::Wire(conn, s.start, data));
                }
                if t.fin.is_some() && t.sends.iter().all(|s| s.transmitted) {
                    up.push(Upcall::Fin(conn, t.snd_end));
                    t.closed = true;
                    if let Some(d) = t.fin.take() {
                        up.push(Upcall::DisconnectDone(d as PNET_BUFFER_LIST));
                    }
                }
            }
            if t.ready {
                let mut done = Vec::new();
                while let Some(&p) = t.posted.front() {
                    let n = p as PNET_BUFFER_LIST;
                    let cap = current().nbl_payload(n).map_or(0, |v| v.len());
                    if cap > 0 && t.buffered.is_empty() {
                        break;
                    }
                    t.posted.pop_front();
                    let k = cap.min(t.buffered.len());
                    let mut data: Vec<u8> = t.buffered.drain(..k).collect();
                    self.deliveries.set(self.deliveries.get() + 1);
                    if let (Some(Broken::FlipReceivedByte(at)), Some(b)) =
                        (self.broken.get(), data.first_mut())
                        && at == self.deliveries.get()
                    {
                        *b ^= 0x5A;
                    }
                    let w = write_nbl(n, &data);
                    set_bytes_transferred(n, w as u32);
                    nbl::set_status(n, NDIS_STATUS_SUCCESS);
                    t.refused = false;
                    done.push(n);
                }
                if !done.is_empty() {
                    up.push(Upcall::RecvDone(done));
                }
                if !t.buffered.is_empty() && t.posted.is_empty() && !t.refused {
                    let data: Vec<u8> = t.buffered.drain(..).collect();
                    up.push(Upcall::Indicate(token, conn, data));
                }
            }
        }
        let tx: u64 = up
            .iter()
            .map(|u| match u {
                Upcall::Wire(_, _, d) => d.len() as u64,
                _ => 0,
            })
            .sum();
        let segments = up.iter().filter(|u| matches!(u, Upcall::Wire(..))).count() as u64;
        self.bump(|s| {
            s.tx_bytes += tx;
            s.tx_segments += segments;
        });
        self.run_upcalls(up);
    }

    fn indicate(&self, token: usize, conn: u32, data: &[u8]) {
        let Some(table) = self.upcalls.get() else {
            return;
        };
        let Some(f) = table.NdisTcpOffloadReceiveHandler else {
            return;
        };
        let Some(handle) = self.objects.borrow().get(&token).map(|o| o.ndis_handle) else {
            return;
        };
        let sim = current();
        let n = sim.alloc_nbl(data);
        let mut consumed = 0u32;
        self.bump(|s| s.indications += 1);
        // SAFETY: NDIS's upcall with the object's offload handle and an NBL the NIC owns.
        let r = unsafe {
            f(
                handle as NDIS_HANDLE,
                as_chimney(n),
                NDIS_STATUS_SUCCESS,
                &raw mut consumed,
            )
        };
        let len = data.len();
        let taken = if r == NDIS_STATUS_SUCCESS {
            self.indicated.borrow_mut().insert(n as usize);
            len
        } else {
            sim.free_nbl(n);
            (consumed as usize).min(len)
        };
        self.bump(|s| s.rx_bytes += taken as u64);
        if taken < len {
            let mut objs = self.objects.borrow_mut();
            if let Some(t) = objs.get_mut(&token).and_then(|o| o.tcp.as_mut()) {
                t.refused = true;
                for &b in data[taken..].iter().rev() {
                    t.buffered.push_front(b);
                }
            } else {
                sim.violation(
                    Rule::Integrity,
                    "NIC indicate",
                    format!("conn {conn}: object gone during an indication; data lost"),
                );
            }
        }
    }

    fn ack(&self, conn: u32, ack: u32) {
        trace_wire(&current(), "peer", "nic", "ack", conn, ack, 0);
        let Some(token) = self.by_conn.borrow().get(&conn).copied() else {
            return;
        };
        let mut done = Vec::new();
        {
            let mut objs = self.objects.borrow_mut();
            let Some(t) = objs.get_mut(&token).and_then(|o| o.tcp.as_mut()) else {
                return;
            };
            if seq_le(t.snd_una, ack) && seq_le(ack, t.snd_max) {
                t.snd_una = ack;
            }
            while let Some(s) = t.sends.front() {
                if s.transmitted && seq_le(s.start.wrapping_add(s.len), t.snd_una) {
                    let n = s.nbl as PNET_BUFFER_LIST;
                    set_bytes_transferred(n, s.len);
                    nbl::set_status(n, NDIS_STATUS_SUCCESS);
                    done.push(n);
                    t.sends.pop_front();
                } else {
                    break;
                }
            }
        }
        if !done.is_empty() {
            self.run_upcalls(vec![Upcall::SendDone(done)]);
        }
    }

    /// Peer data for `conn` arrives from the wire.
    pub fn from_wire(&self, conn: u32, seq: u32, data: Vec<u8>) {
        trace_wire(&current(), "peer", "nic", "segment", conn, seq, data.len());
        if self.removed.get() {
            return;
        }
        let token = self.by_conn.borrow().get(&conn).copied();
        let Some(token) = token else {
            let path = self.host_path.borrow().clone();
            if let Some(p) = path {
                p(conn, seq, data);
            }
            return;
        };
        {
            let mut objs = self.objects.borrow_mut();
            let Some(t) = objs.get_mut(&token).and_then(|o| o.tcp.as_mut()) else {
                return;
            };
            let off = t.rcv_nxt.wrapping_sub(seq) as usize;
            if seq_le(seq, t.rcv_nxt) && off <= data.len() {
                t.buffered.extend(&data[off..]);
                t.rcv_nxt = seq.wrapping_add(data.len() as u32);
            } else {
                let expected = t.rcv_nxt;
                drop(objs);
                current().violation(
                    Rule::Integrity,
                    "NIC receive",
                    format!("conn {conn}: segment seq {seq:#x} beyond RcvNxt {expected:#x}"),
                );
                return;
            }
        }
        self.pump(token);
    }

    /// The peer sends `len` bytes to the host on `conn` (over the wire).
    pub fn peer_send(&self, conn: u32, len: usize) {
        let (seq, data) = self.peer.produce(conn, len);
        let me = self.rc();
        current().schedule(self.wire_delay.get(), move |_| {
            me.from_wire(conn, seq, data);
        });
    }

    /// Indicate a TCP event on `conn` through NDIS's upcall table.
    pub fn indicate_event(&self, conn: u32, event: TCP_OFFLOAD_EVENT_TYPE, info: u32) -> bool {
        let Some(token) = self.by_conn.borrow().get(&conn).copied() else {
            return false;
        };
        let handle = self
            .objects
            .borrow()
            .get(&token)
            .filter(|o| o.tcp.as_ref().is_some_and(|t| t.ready))
            .map(|o| o.ndis_handle);
        // Nothing is indicated before the initiate completion has returned (DP-35).
        let Some(handle) = handle else {
            return false;
        };
        let Some(f) = self
            .upcalls
            .get()
            .and_then(|t| t.NdisTcpOffloadEventHandler)
        else {
            return false;
        };
        // SAFETY: NDIS's upcall with the object's offload handle.
        unsafe { f(handle as NDIS_HANDLE, event.0.cast_unsigned(), info) };
        true
    }

    /// Indicate a neighbor reachability query (EV-20): one neighbor block followed by
    /// its const, cached and delegated state, through NdisMOffloadEventIndicate.
    pub fn indicate_neighbor_query(&self) {
        let tree = offload_tree::tree::build::BuiltTree::build(
            &[offload_tree::tree::build::NodeSpec::new(
                OFFLOAD_STATE_TYPE::NeighborOffloadState,
                offload_tree::tree::build::NodeKind::Placeholder,
            )
            .with_state()],
            offload_tree::tree::build::HeaderSizeStyle::BlockAndState,
            0x21,
        );
        let b = tree.root();
        Self::set_status(b, NDIS_STATUS_SUCCESS);
        // SAFETY: the NIC's own handle and a block it owns for the call.
        unsafe { SimNdis::ndis_m_offload_event_indicate(self.handle.get(), b, 2) };
    }

    /// Indicate an adapter status (NDIS_STATUS_OFFLOAD_PAUSE, _UPLOAD_ALL, _RESUME).
    pub fn indicate_status(&self, code: NDIS_STATUS) {
        self.indicate_status_with(code, &mut []);
    }

    /// Indicate `code` with `buffer` as its status buffer (e.g. the
    /// NDIS_TCP_CONNECTION_OFFLOAD of a resume or a capability change).
    pub fn indicate_status_with(&self, code: NDIS_STATUS, buffer: &mut [u8]) {
        let mut ind = NDIS_STATUS_INDICATION {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_STATUS_INDICATION,
                1,
                size_of::<NDIS_STATUS_INDICATION>() as u16,
            ),
            SourceHandle: self.handle.get(),
            StatusCode: code,
            StatusBuffer: if buffer.is_empty() {
                ptr::null_mut()
            } else {
                buffer.as_mut_ptr().cast()
            },
            StatusBufferSize: buffer.len() as u32,
            ..Default::default()
        };
        // SAFETY: the NIC's own handle and an indication valid for the call.
        unsafe { SimNdis::ndis_m_indicate_status_ex(self.handle.get(), &raw mut ind) };
    }

    /// The NIC's chimney capability with `capacity` connections, as its bytes (a status
    /// buffer for [`Self::indicate_status_with`]).
    #[must_use]
    pub fn capability_bytes(capacity: u32) -> Vec<u8> {
        let c = capability(capacity);
        // SAFETY: a plain #[repr(C)] value read as its bytes.
        unsafe {
            std::slice::from_raw_parts(
                (&raw const c).cast::<u8>(),
                size_of::<NDIS_TCP_CONNECTION_OFFLOAD>(),
            )
        }
        .to_vec()
    }

    /// The connection's state, if offloaded: (rcv_nxt, snd_una, snd_nxt, snd_max).
    #[must_use]
    pub fn tcp_state(&self, conn: u32) -> Option<(u32, u32, u32, u32)> {
        let token = self.by_conn.borrow().get(&conn).copied()?;
        let objs = self.objects.borrow();
        let t = objs.get(&token)?.tcp.as_ref()?;
        Some((t.rcv_nxt, t.snd_una, t.snd_nxt, t.snd_max))
    }

    /// Objects offloaded per layer: (neighbors, paths, TCP connections).
    #[must_use]
    pub fn counts(&self) -> (usize, usize, usize) {
        let objs = self.objects.borrow();
        let n = |l| objs.values().filter(|o| o.layer == l).count();
        (n(Layer::Neighbor), n(Layer::Path), n(Layer::Tcp))
    }

    fn io(&self, kind: u8, context: PVOID, chain: PNET_BUFFER_LIST, flags: u32) -> NDIS_STATUS {
        let token = context as usize;
        let nbls = nbl::chain(chain);
        let known = self
            .objects
            .borrow()
            .get(&token)
            .is_some_and(|o| o.tcp.is_some());
        if !known {
            current().violation(
                Rule::Protocol,
                "NIC offloaded I/O",
                format!("context {token:#x} is not an offloaded connection"),
            );
            for &n in &nbls {
                nbl::set_status(n, NDIS_STATUS_INVALID_PARAMETER);
            }
            let up = match kind {
                0 => Upcall::SendDone(nbls),
                1 => Upcall::RecvDone(nbls),
                _ => Upcall::DisconnectDone(chain),
            };
            self.run_upcalls(vec![up]);
            return NDIS_STATUS_PENDING;
        }
        let sim = current();
        let mut up = Vec::new();
        {
            let mut objs = self.objects.borrow_mut();
            let Some(t) = objs.get_mut(&token).and_then(|o| o.tcp.as_mut()) else {
                return NDIS_STATUS_PENDING;
            };
            match kind {
                0 => {
                    for &n in &nbls {
                        let len = sim.nbl_payload(n).map_or(0, |v| v.len()) as u32;
                        t.sends.push_back(SendReq {
                            nbl: n as usize,
                            start: t.snd_end,
                            len,
                            transmitted: false,
                        });
                        t.snd_end = t.snd_end.wrapping_add(len);
                    }
                }
                1 => {
                    t.posted.extend(nbls.iter().map(|&n| n as usize));
                    t.refused = false;
                }
                2 => {
                    if flags & TCP_DISCONNECT_ABORTIVE_CLOSE != 0 {
                        let aborted: Vec<PNET_BUFFER_LIST> = t
                            .sends
                            .drain(..)
                            .map(|s| s.nbl as PNET_BUFFER_LIST)
                            .collect();
                        for &n in &aborted {
                            nbl::set_status(n, NDIS_STATUS_REQUEST_ABORTED);
                            set_bytes_transferred(n, 0);
                        }
                        if !aborted.is_empty() {
                            up.push(Upcall::SendDone(aborted));
                        }
                        t.closed = true;
                        self.peer.reset_from_host(t.conn);
                        if !chain.is_null() {
                            up.push(Upcall::DisconnectDone(chain));
                        }
                    } else {
                        t.fin = Some(chain as usize);
                    }
                }
                _ => {
                    for &n in &nbls {
                        nbl::set_status(n, NDIS_STATUS_SUCCESS);
                    }
                }
            }
        }
        if kind == 3 {
            if let Some(f) = self
                .upcalls
                .get()
                .and_then(|t| t.NdisTcpOffloadForwardComplete)
            {
                // SAFETY: NDIS's upcall with the NIC's handle and the forwarded chain.
                unsafe { f(self.handle.get(), as_chimney(chain)) };
            }
            return NDIS_STATUS_PENDING;
        }
        self.run_upcalls(up);
        self.pump(token);
        NDIS_STATUS_PENDING
    }
}

unsafe extern "system" fn w_initiate(ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    adapter_ctx(ctx).state_op(Operation::Initiate, root);
}
unsafe extern "system" fn w_terminate(ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    adapter_ctx(ctx).state_op(Operation::Terminate, root);
}
unsafe extern "system" fn w_update(ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    adapter_ctx(ctx).state_op(Operation::Update, root);
}
unsafe extern "system" fn w_invalidate(ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    adapter_ctx(ctx).state_op(Operation::Invalidate, root);
}
unsafe extern "system" fn w_query(ctx: NDIS_HANDLE, root: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
    adapter_ctx(ctx).state_op(Operation::Query, root);
}
unsafe extern "system" fn w_send(
    ctx: NDIS_HANDLE,
    context: PVOID,
    n: offload_tree::abi::PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    adapter_ctx(ctx).io(0, context, chimney_im::ndis::from_chimney(n), 0)
}
unsafe extern "system" fn w_receive(
    ctx: NDIS_HANDLE,
    context: PVOID,
    n: offload_tree::abi::PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    adapter_ctx(ctx).io(1, context, chimney_im::ndis::from_chimney(n), 0)
}
unsafe extern "system" fn w_disconnect(
    ctx: NDIS_HANDLE,
    context: PVOID,
    n: offload_tree::abi::PNET_BUFFER_LIST,
    flags: u32,
) -> NDIS_STATUS {
    adapter_ctx(ctx).io(2, context, chimney_im::ndis::from_chimney(n), flags)
}
unsafe extern "system" fn w_forward(
    ctx: NDIS_HANDLE,
    context: PVOID,
    n: offload_tree::abi::PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    adapter_ctx(ctx).io(3, context, chimney_im::ndis::from_chimney(n), 0)
}
unsafe extern "system" fn w_receive_return(
    ctx: NDIS_HANDLE,
    n: offload_tree::abi::PNET_BUFFER_LIST,
) -> NDIS_STATUS {
    let a = adapter_ctx(ctx);
    let sim = current();
    for x in nbl::chain(chimney_im::ndis::from_chimney(n)) {
        if a.indicated.borrow_mut().remove(&(x as usize)) {
            sim.free_nbl(x);
        } else {
            sim.violation(
                Rule::NblNotOutstanding,
                "NIC receive return",
                format!("NBL {x:p} was not indicated by the NIC"),
            );
        }
    }
    NDIS_STATUS_SUCCESS
}

fn register_provider(driver_handle: NDIS_HANDLE) -> NDIS_STATUS {
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

unsafe extern "system" fn m_set_options(driver: NDIS_HANDLE, _ctx: NDIS_HANDLE) -> NDIS_STATUS {
    register_provider(driver)
}

/// The NIC's own keyword that turns IPv6 chimney off in its current configuration.
const KEYWORD_IPV6: &str = "*TCPConnectionOffloadIPv6";

impl NicAdapter {
    /// The current chimney configuration: the capability, less what its keywords turn
    /// off.
    fn current_config(&self) -> NDIS_TCP_CONNECTION_OFFLOAD {
        let mut c = capability(self.capacity.get());
        if self.ipv6_off.get() {
            c.SupportFlags &= !0b1100;
        }
        c
    }
}

/// The NIC's chimney capability: IPv4 and IPv6 offload over IEEE 802.3 (ST-3: the
/// structure's header is NDIS_OBJECT_TYPE_DEFAULT, revision 1).
fn capability(capacity: u32) -> NDIS_TCP_CONNECTION_OFFLOAD {
    NDIS_TCP_CONNECTION_OFFLOAD {
        Header: NDIS_OBJECT_HEADER::new(
            NDIS_OBJECT_TYPE_DEFAULT,
            NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1,
            NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1,
        ),
        // NDIS_ENCAPSULATION_IEEE_802_3.
        Encapsulation: 2,
        // SupportIPv4 and SupportIPv6 = NDIS_OFFLOAD_SUPPORTED.
        SupportFlags: 0b0101,
        TcpConnectionOffloadCapacity: capacity,
        Flags: 0,
    }
}

#[expect(
    clippy::cast_ptr_alignment,
    reason = "NDIS's table for the TCP type is the TCP structure, whose head this is"
)]
unsafe extern "system" fn m_initialize(
    handle: NDIS_HANDLE,
    driver_ctx: NDIS_HANDLE,
    _p: chimney_im::ndis::PNDIS_MINIPORT_INIT_PARAMETERS,
) -> NDIS_STATUS {
    let model = model_ctx(driver_ctx);
    let adapter = Rc::new_cyclic(|me| NicAdapter {
        me: me.clone(),
        handle: Cell::new(handle),
        upcalls: Cell::new(None),
        objects: RefCell::default(),
        by_conn: RefCell::default(),
        next_token: Cell::new(0x10_0000),
        peer: model.peer.clone(),
        fault: RefCell::new(None),
        state_delay: Cell::new(None),
        wire_delay: Cell::new(10),
        ack_jitter: Cell::new(0),
        capacity: Cell::new(model.adapter_capacity.get()),
        ipv6_off: Cell::new(false),
        host_path: RefCell::new(None),
        indicated: RefCell::default(),
        pending_ready: RefCell::default(),
        judged: Cell::new(0),
        removed: Cell::new(false),
        broken: Cell::new(None),
        segments: Cell::new(0),
        deliveries: Cell::new(0),
        stats: Cell::new(NicStats::default()),
    });
    let ctx = Rc::as_ptr(&adapter).cast_mut().cast();
    model.adapters.borrow_mut().push(adapter.clone());
    let mut reg = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        RegistrationAttributes: NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
                2,
                0,
            ),
            MiniportAdapterContext: ctx,
            ..Default::default()
        },
    };
    // SAFETY: attributes valid for the call, from MiniportInitializeEx.
    let s = unsafe { SimNdis::ndis_m_set_miniport_attributes(handle, &raw mut reg) };
    let mut general = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        GeneralAttributes: NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
                2,
                0,
            ),
            MtuSize: 1500,
            MacAddressLength: 6,
            ..Default::default()
        },
    };
    // SAFETY: as above.
    let g = unsafe { SimNdis::ndis_m_set_miniport_attributes(handle, &raw mut general) };
    let mut caps = capability(adapter.capacity.get());
    // The NIC's own `*TCPConnectionOffloadIPv6` = 0 turns IPv6 off in its current
    // configuration only; the hardware can still do it (LC-14).
    let ipv6_off = current()
        .find_adapter("NdisMSetMiniportAttributes", handle)
        .is_some_and(|a| a.config.borrow().get(KEYWORD_IPV6) == Some(&0));
    adapter.ipv6_off.set(ipv6_off);
    let mut dflt = adapter.current_config();
    let mut offload = NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
        OffloadAttributes: NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES {
            Header: NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES,
                1,
                size_of::<NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES>() as u16,
            ),
            DefaultOffloadConfiguration: ptr::null_mut(),
            HardwareOffloadCapabilities: ptr::null_mut(),
            DefaultTcpConnectionOffloadConfiguration: &raw mut dflt,
            TcpConnectionOffloadHardwareCapabilities: &raw mut caps,
        },
    };
    // SAFETY: as above.
    let o = unsafe { SimNdis::ndis_m_set_miniport_attributes(handle, &raw mut offload) };
    if s != 0 || g != 0 || o != 0 {
        return NDIS_STATUS_FAILURE;
    }
    let mut p: *mut NDIS_OFFLOAD_EVENT_HANDLERS = ptr::null_mut();
    // SAFETY: the adapter's own handle and an out slot.
    let st = unsafe {
        SimNdis::ndis_m_get_offload_handlers(
            handle,
            NDIS_CHIMNEY_OFFLOAD_TYPE::NdisTcpChimneyOffload,
            &raw mut p,
        )
    };
    if st == NDIS_STATUS_SUCCESS && !p.is_null() {
        // SAFETY: NDIS's TCP table for the TCP type.
        adapter.upcalls.set(Some(unsafe {
            *p.cast::<NDIS_TCP_OFFLOAD_EVENT_HANDLERS>()
        }));
    }
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn m_halt(ctx: NDIS_HANDLE, _a: chimney_im::ndis::NDIS_HALT_ACTION) {
    // Whatever is still offloaded dies with the adapter.
    let a = adapter_ctx(ctx);
    let objects: Vec<NicObject> = a.objects.borrow_mut().drain().map(|(_, o)| o).collect();
    a.by_conn.borrow_mut().clear();
    for o in objects {
        if o.memory != 0 {
            // SAFETY: the block allocated at initiate, freed once.
            unsafe { SimNdis::ndis_free_memory(o.memory as PVOID, OBJECT_BYTES, 0) };
        }
    }
}
unsafe extern "system" fn m_unload(_d: chimney_im::ndis::PDRIVER_OBJECT) {}
unsafe extern "system" fn m_pause(
    _ctx: NDIS_HANDLE,
    _p: chimney_im::ndis::PNDIS_MINIPORT_PAUSE_PARAMETERS,
) -> NDIS_STATUS {
    NDIS_STATUS_SUCCESS
}
unsafe extern "system" fn m_restart(
    _ctx: NDIS_HANDLE,
    _p: chimney_im::ndis::PNDIS_MINIPORT_RESTART_PARAMETERS,
) -> NDIS_STATUS {
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn m_oid(
    ctx: NDIS_HANDLE,
    request: chimney_im::ndis::PNDIS_OID_REQUEST,
) -> NDIS_STATUS {
    let a = adapter_ctx(ctx);
    // SAFETY: a request NDIS passed, valid until completed.
    let r = unsafe { &mut *request };
    // SAFETY: every arm begins alike; the query arm is the one read here.
    let q = unsafe { &mut r.DATA.QUERY_INFORMATION };
    match q.Oid {
        OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG
        | OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES => {
            let caps = if q.Oid == OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG {
                a.current_config()
            } else {
                capability(a.capacity.get())
            };
            let need = size_of::<NDIS_TCP_CONNECTION_OFFLOAD>();
            if (q.InformationBufferLength as usize) < need || q.InformationBuffer.is_null() {
                q.BytesNeeded = need as u32;
                return NDIS_STATUS_BUFFER_TOO_SHORT;
            }
            let dst = q.InformationBuffer.cast::<NDIS_TCP_CONNECTION_OFFLOAD>();
            // SAFETY: the caller's buffer holds at least `need` bytes.
            unsafe { dst.write_unaligned(caps) };
            q.BytesWritten = need as u32;
            NDIS_STATUS_SUCCESS
        }
        // The chimney statistics (EV-41): the NIC's own figures for IPv4.
        OID_TCP4_OFFLOAD_STATS => {
            let st = a.stats.get();
            let stats = TCP_OFFLOAD_STATS {
                OutSegments: ULONG64::from(st.tx_segments),
                CurrentlyEstablished: a.by_conn.borrow().len() as u32,
                ..Default::default()
            };
            answer(q, &stats)
        }
        OID_IP4_OFFLOAD_STATS => {
            let st = a.stats.get();
            let stats = IP_OFFLOAD_STATS {
                InOctets: ULONG64::from(st.rx_bytes),
                OutRequests: ULONG64::from(st.tx_segments),
                OutOctets: ULONG64::from(st.tx_bytes),
                ..Default::default()
            };
            answer(q, &stats)
        }
        _ => NDIS_STATUS_SUCCESS,
    }
}

/// Answer a query with `value`.
fn answer<T: Copy>(q: &mut chimney_im::ndis::NDIS_OID_REQUEST_QUERY, value: &T) -> NDIS_STATUS {
    let need = size_of::<T>();
    if (q.InformationBufferLength as usize) < need || q.InformationBuffer.is_null() {
        q.BytesNeeded = need as u32;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }
    // SAFETY: the caller's buffer holds at least `need` bytes.
    unsafe { q.InformationBuffer.cast::<T>().write_unaligned(*value) };
    q.BytesWritten = need as u32;
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn m_send(
    ctx: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    _port: NDIS_PORT_NUMBER,
    _flags: u32,
) {
    let a = adapter_ctx(ctx);
    for n in nbl::chain(chain) {
        nbl::set_status(n, NDIS_STATUS_SUCCESS);
    }
    // SAFETY: completes the ordinary chain it was given, once.
    unsafe { SimNdis::ndis_m_send_net_buffer_lists_complete(a.handle.get(), chain, 0) };
}
unsafe extern "system" fn m_return(_ctx: NDIS_HANDLE, _chain: PNET_BUFFER_LIST, _flags: u32) {}
unsafe extern "system" fn m_cancel_send(_ctx: NDIS_HANDLE, _id: PVOID) {}
unsafe extern "system" fn m_pnp(_ctx: NDIS_HANDLE, _e: chimney_im::ndis::PNET_DEVICE_PNP_EVENT) {}
unsafe extern "system" fn m_shutdown(
    _ctx: NDIS_HANDLE,
    _a: chimney_im::ndis::NDIS_SHUTDOWN_ACTION,
) {
}
unsafe extern "system" fn m_cancel_oid(_ctx: NDIS_HANDLE, _id: PVOID) {}

impl NicModel {
    /// Register the NIC model driver (as its DriverEntry would), its adapters talking
    /// to `peer`.
    #[must_use]
    pub fn register(sim: &Sim, peer: Rc<Peer>) -> &'static NicModel {
        let _e = sim.enter();
        let me: &'static mut NicModel = Box::leak(Box::new(NicModel {
            driver: Rc::new(placeholder_driver()),
            adapters: RefCell::default(),
            adapter_capacity: Cell::new(65_536),
            peer,
        }));
        let mut chars = NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
            Header: NDIS_OBJECT_HEADER::new(NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, 2, 0),
            MajorNdisVersion: 6,
            MinorNdisVersion: 30,
            SetOptionsHandler: Some(m_set_options),
            InitializeHandlerEx: Some(m_initialize),
            HaltHandlerEx: Some(m_halt),
            UnloadHandler: Some(m_unload),
            PauseHandler: Some(m_pause),
            RestartHandler: Some(m_restart),
            OidRequestHandler: Some(m_oid),
            SendNetBufferListsHandler: Some(m_send),
            ReturnNetBufferListsHandler: Some(m_return),
            CancelSendHandler: Some(m_cancel_send),
            DevicePnPEventNotifyHandler: Some(m_pnp),
            ShutdownHandlerEx: Some(m_shutdown),
            CancelOidRequestHandler: Some(m_cancel_oid),
            ..Default::default()
        };
        let driver_object = sim.new_driver_object();
        let mut handle: NDIS_HANDLE = ptr::null_mut();
        let ctx: NDIS_HANDLE = (&raw mut *me).cast();
        // SAFETY: registration from "DriverEntry" with valid characteristics.
        let status = unsafe {
            SimNdis::ndis_m_register_miniport_driver(
                driver_object,
                ptr::null_mut(),
                ctx,
                &raw mut chars,
                &raw mut handle,
            )
        };
        assert_eq!(status, NDIS_STATUS_SUCCESS, "NIC model registration");
        me.driver = sim.find_miniport_driver(handle).expect("registered");
        me
    }

    /// Create an adapter named `name`.
    #[must_use]
    pub fn add_adapter(
        &self,
        sim: &Sim,
        name: &str,
    ) -> (Rc<crate::objects::Adapter>, Rc<NicAdapter>) {
        let adapter = sim.add_adapter(&self.driver, name, ptr::null_mut());
        let ctx = self.adapters.borrow().last().cloned().expect("initialized");
        (adapter, ctx)
    }
}

fn placeholder_driver() -> MiniportDriver {
    MiniportDriver {
        name: String::new(),
        chars: NDIS_MINIPORT_DRIVER_CHARACTERISTICS::default(),
        context: ptr::null_mut(),
        intermediate: false,
        provider_generic: Cell::new(None),
        provider_tcp: Cell::new(None),
        associated_protocol: RefCell::new(Weak::new()),
        deregistered: Cell::new(false),
    }
}
