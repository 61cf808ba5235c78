//! The host-stack model: a protocol driver written against the seam (`SimNdis`) that
//! behaves as the Windows TCP/IP stack does towards a chimney target. It binds, offloads
//! groups of connections as trees neighbor → path → TCP built with `BuiltTree` (each
//! tree's memory kept alive while its handles are in use: the host owns its
//! `NDIS_OFFLOAD_HANDLE`s), re-offloads uploaded connections under linker blocks, sends
//! byte streams (one simulator NBL per send, with spare context space), posts receive
//! buffers, accepts, refuses or partly accepts indications and returns the NBLs it
//! kept, forwards, disconnects, and uploads: terminate, then it takes over the data and
//! sequence state the NIC returns (outstanding send NBLs, SndUna/SndNxt/SndMax,
//! BufferedData, RcvNxt) and continues the stream itself ("host mode", talking to the
//! peer directly). It reacts to events as `events.md` describes the real stack:
//! upload on TcpIndicateRetrieve and TcpIndicateAbort, stop offloading on
//! NDIS_STATUS_OFFLOAD_PAUSE, upload everything on NDIS_STATUS_UPLOAD_ALL, offload again
//! after NDIS_STATUS_OFFLOAD_RESUME. Every received byte is checked against the peer's
//! stream (`peer::check_host_receive`).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::ptr;
use std::rc::{Rc, Weak};

use chimney_im::ndis::*;
use chimney_im::platform::Ndis;
use offload_tree::abi::{
    NDIS_CHIMNEY_OFFLOAD_TYPE, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
    NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS,
    NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1, NDIS_HANDLE,
    NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS,
    NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, NDIS_PORT_NUMBER,
    NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
    NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1, NDIS_STATUS,
    NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED,
    NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS, NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_OFFLOAD_RESUME,
    NDIS_STATUS_SUCCESS, NDIS_STATUS_UPLOAD_ALL, OFFLOAD_STATE_TYPE, PNDIS_OFFLOAD_HANDLE,
    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PVOID, TCP_DISCONNECT_ABORTIVE_CLOSE,
    TCP_DISCONNECT_GRACEFUL_CLOSE, TCP_OFFLOAD_EVENT_TYPE, TCP_OFFLOAD_STATE_CONST,
    TCP_OFFLOAD_STATE_DELEGATED,
};
use offload_tree::tree::build::{BuiltTree, HeaderSizeStyle, NodeKind, NodeSpec};
use offload_tree::tree::state::{StateIter, StateKind, StateView};
use offload_tree::tree::{Block, Operation};

use super::peer::{HOST_TO_PEER, Peer, check_host_receive, host_isn, peer_isn, stream};
use crate::core::{Sim, current};
use crate::nbl;
use crate::ndis_impl::SimNdis;
use crate::objects::ProtocolDriver;
use crate::verifier::Rule;

/// Where a connection lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnState {
    /// In the host stack (never offloaded, failed offload, or uploaded).
    Host,
    /// Initiate in flight.
    Offloading,
    /// Offloaded to the NIC.
    Offloaded,
    /// Terminate in flight.
    Uploading,
    /// Lost (terminate failed): the host aborted it.
    Aborted,
}

/// One connection of the host stack.
#[derive(Debug)]
pub struct HostConn {
    /// Id (also in the TCP const state's HashValue).
    pub id: u32,
    /// Where it lives.
    pub state: ConnState,
    /// The host's offload handle for it while offloaded (in a kept tree).
    pub handle: usize,
    /// The NIC's context for it.
    pub token: usize,
    /// Its group (neighbor/path pair).
    pub group: usize,
    /// Sequence number after the last byte the application sent.
    pub snd_nxt: u32,
    /// Bytes the application asked to send that wait for an operation to finish.
    pub pending_tx: u64,
    /// Peer→host bytes received in order.
    pub rx_have: u64,
    /// Next peer sequence number expected in host mode.
    pub rcv_nxt: u32,
    /// Send NBLs outstanding: NBL → (start seq, len).
    pub outstanding: BTreeMap<usize, (u32, u32)>,
    /// Peer segments that arrived on the host path during an upload.
    pub early: Vec<(u32, Vec<u8>)>,
    /// Events seen: (event, info).
    pub events: Vec<(u32, u32)>,
    /// Times it was uploaded.
    pub uploads: u32,
    /// A disconnect asked for while not offloaded waits for the stream.
    pub closing: Option<u32>,
}

/// A neighbor/path pair the host offloaded (tokens 0 while not offloaded).
#[derive(Clone, Debug, Default)]
pub struct Group {
    /// The neighbor's NIC context.
    pub neighbor: usize,
    /// The path's NIC context.
    pub path: usize,
    /// Its connections.
    pub conns: Vec<u32>,
    /// An initiate that creates its neighbor or path is in flight: later offloads of
    /// the group wait for it (they would otherwise create a second neighbor and path).
    pub creating: bool,
}

/// How the host answers receive indications.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicateMode {
    /// Consume all; keep the NBL and return it later (NDIS_STATUS_SUCCESS).
    Accept,
    /// NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, then post a buffer.
    Refuse,
    /// Consume up to this many bytes (NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED),
    /// then post a buffer.
    Partial(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NblUse {
    Send(u32),
    Receive(u32),
    Disconnect(u32),
    Forward(u32),
}

struct InFlight {
    op: Operation,
    tree: BuiltTree,
    /// (block index, conn) of the TCP blocks.
    conns: Vec<(usize, u32)>,
    group: usize,
    /// Block indices of the group's neighbor and path if the tree offloads or
    /// terminates them.
    group_blocks: Option<(usize, usize)>,
}

/// A query's answer: (conn, status, RcvNxt, SndUna, SndNxt, SndMax, send backlog,
/// receive backlog).
pub type QueryResult = (u32, NDIS_STATUS, u32, u32, u32, u32, u32, u32);

/// One binding of the host stack.
pub struct HostBinding {
    me: Weak<HostBinding>,
    /// NdisBindingHandle.
    pub handle: Cell<NDIS_HANDLE>,
    /// Connections by id.
    pub conns: RefCell<BTreeMap<u32, HostConn>>,
    /// Groups by index.
    pub groups: RefCell<Vec<Group>>,
    inflight: RefCell<HashMap<usize, InFlight>>,
    /// Initiate trees whose handles are still in use, by root address, with how many
    /// of their handles are (freed when the last one's terminate completes).
    kept: RefCell<HashMap<usize, (BuiltTree, usize)>>,
    /// Handle → the root of the kept tree it lives in.
    tree_of_handle: RefCell<HashMap<usize, usize>>,
    by_handle: RefCell<HashMap<usize, u32>>,
    /// Object token → the NDIS_OFFLOAD_HANDLE the host offloaded it with (in a kept
    /// initiate tree): every later tree names the object with that same handle, as the
    /// stack keeps one handle per object for its whole life (OP-13).
    handle_of_token: RefCell<HashMap<usize, usize>>,
    nbls: RefCell<HashMap<usize, NblUse>>,
    held: RefCell<Vec<usize>>,
    /// The peer (host mode talks to it directly).
    pub peer: Rc<Peer>,
    /// Completed state operations: (operation, root block statuses).
    pub completed: RefCell<Vec<(Operation, Vec<NDIS_STATUS>)>>,
    /// Query answers.
    pub queries: RefCell<Vec<QueryResult>>,
    /// Status indications seen.
    pub statuses: RefCell<Vec<NDIS_STATUS>>,
    /// Offloading stopped (NDIS_STATUS_OFFLOAD_PAUSE).
    pub offload_paused: Cell<bool>,
    /// Receive buffer size posted after every completion (0 = none).
    pub auto_post: Cell<u32>,
    /// Indication policy.
    pub indicate_mode: Cell<IndicateMode>,
    /// Completed send bytes.
    pub sent_bytes: Cell<u64>,
    /// Connections re-offloaded after RESUME automatically.
    pub reoffload_on_resume: Cell<bool>,
    /// Disconnects completed.
    pub disconnects: Cell<u32>,
    /// Forwards completed.
    pub forwards: Cell<u32>,
    next_conn: Cell<u32>,
    /// The binding was closed (unbind).
    pub closed: Cell<bool>,
    /// Neighbor events (code, block well formed) (EV-20).
    pub neighbor_events: RefCell<Vec<(u32, bool)>>,
}

/// The host-stack protocol driver.
pub struct HostModel {
    /// Its registration.
    pub protocol: RefCell<Option<Rc<ProtocolDriver>>>,
    /// NdisProtocolHandle.
    pub handle: Cell<NDIS_HANDLE>,
    /// Bindings in bind order.
    pub bindings: RefCell<Vec<Rc<HostBinding>>>,
    name: Vec<u16>,
    peer: Rc<Peer>,
}

fn model_ctx(c: NDIS_HANDLE) -> &'static HostModel {
    // SAFETY: the protocol context is the leaked HostModel.
    unsafe { &*c.cast::<HostModel>() }
}

fn binding_ctx(c: NDIS_HANDLE) -> Rc<HostBinding> {
    // SAFETY: binding contexts are Rc<HostBinding>s kept by the HostModel.
    let b = unsafe { &*c.cast::<HostBinding>() };
    b.me.upgrade().expect("binding alive")
}

fn bytes_transferred(n: PNET_BUFFER_LIST) -> u32 {
    // SAFETY: an NBL the host owns; slot 0 is TcpOffloadBytesTransferred.
    (unsafe { (*n).NetBufferListInfo[0] }) as usize as u32
}

fn tcp_delegated(b: *mut Block) -> Option<StateView<'static, TCP_OFFLOAD_STATE_DELEGATED>> {
    // SAFETY: a block of a tree the host owns.
    let it = unsafe { StateIter::new(b) };
    it.filter(|s| s.kind == StateKind::TcpDelegated)
        // SAFETY: the kind matches the view's type.
        .find_map(|s| unsafe { StateView::new(s) })
}

fn tcp_const(b: *mut Block) -> Option<StateView<'static, TCP_OFFLOAD_STATE_CONST>> {
    // SAFETY: as above.
    let it = unsafe { StateIter::new(b) };
    it.filter(|s| s.kind == StateKind::TcpConst)
        // SAFETY: as above.
        .find_map(|s| unsafe { StateView::new(s) })
}

/// SendDataHead/SendDataTail must name the ends of the returned chain (seed 004).
fn check_send_data(
    sim: &Sim,
    c: u32,
    d: &TCP_OFFLOAD_STATE_DELEGATED,
    returned: &[PNET_BUFFER_LIST],
) {
    // SAFETY: the NIC wrote the send arm for a terminate (seed 004).
    let send = unsafe { d.Send.Data };
    let (head, tail) = (send.SendDataHead, send.SendDataTail);
    if from_chimney(head) != returned.first().copied().unwrap_or(ptr::null_mut())
        || from_chimney(tail) != returned.last().copied().unwrap_or(ptr::null_mut())
    {
        sim.violation(
            Rule::Integrity,
            "host terminate",
            format!("conn {c}: SendDataHead/Tail do not match NetBufferListChain"),
        );
    }
}

/// Consume the BufferedData of a terminate and check RcvNxt against what arrived.
fn take_buffered(
    sim: &Sim,
    x: &mut HostConn,
    c: u32,
    d: &TCP_OFFLOAD_STATE_DELEGATED,
    buffered: PNET_BUFFER_LIST,
) {
    for n in nbl::chain(buffered) {
        let data = sim.nbl_payload(n).unwrap_or_default();
        check_host_receive(c, x.rx_have, &data, "BufferedData");
        x.rx_have += data.len() as u64;
    }
    let expect = peer_isn(c).wrapping_add(x.rx_have as u32);
    if expect != d.RcvNxt {
        sim.violation(
            Rule::Integrity,
            "host terminate",
            format!(
                "conn {c}: RcvNxt {:#x} but data received up to {expect:#x}",
                d.RcvNxt
            ),
        );
    }
}

fn status_of(b: *mut Block) -> NDIS_STATUS {
    // SAFETY: a block of a tree the host owns.
    unsafe { (*b).Status }
}

fn ok(s: NDIS_STATUS) -> bool {
    s == NDIS_STATUS_SUCCESS || s == NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS
}

fn tcp_spec(token: usize, ty: OFFLOAD_STATE_TYPE, state: bool) -> NodeSpec {
    let n = NodeSpec::new(ty, NodeKind::Object { token });
    if state { n.with_state() } else { n }
}

impl HostBinding {
    fn rc(&self) -> Rc<HostBinding> {
        self.me.upgrade().expect("binding alive")
    }

    fn issue(&self, op: Operation, mut f: InFlight) {
        let root = f.tree.root();
        {
            let handles = self.handle_of_token.borrow();
            for (i, h) in f.tree.handles.iter().enumerate() {
                if let Some(&kept) = handles.get(&(h.MiniportOffloadContext as usize)) {
                    // SAFETY: a block of the host's own tree, not yet issued.
                    unsafe { (*f.tree.block(i)).NdisOffloadHandle = kept as _ };
                }
            }
        }
        f.op = op;
        let h = self.handle.get();
        self.inflight.borrow_mut().insert(root as usize, f);
        let call: unsafe fn(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) = match op {
            Operation::Initiate => SimNdis::ndis_initiate_offload,
            Operation::Terminate => SimNdis::ndis_terminate_offload,
            Operation::Update => SimNdis::ndis_update_offload,
            Operation::Query => SimNdis::ndis_query_offload_state,
            Operation::Invalidate => SimNdis::ndis_invalidate_offload,
        };
        // SAFETY: the host's own tree on its own binding, kept alive until completion.
        unsafe { call(h, root.cast()) };
    }

    /// Open `n` new connections in host mode, in a new group; returns their ids.
    pub fn open_conns(&self, n: usize) -> (usize, Vec<u32>) {
        let mut ids = Vec::with_capacity(n);
        let mut conns = self.conns.borrow_mut();
        let group = self.groups.borrow().len();
        for _ in 0..n {
            let id = self.next_conn.get();
            self.next_conn.set(id + 1);
            conns.insert(
                id,
                HostConn {
                    id,
                    state: ConnState::Host,
                    handle: 0,
                    token: 0,
                    group,
                    snd_nxt: host_isn(id),
                    pending_tx: 0,
                    rx_have: 0,
                    rcv_nxt: peer_isn(id),
                    outstanding: BTreeMap::new(),
                    early: Vec::new(),
                    events: Vec::new(),
                    uploads: 0,
                    closing: None,
                },
            );
            ids.push(id);
        }
        self.groups.borrow_mut().push(Group {
            conns: ids.clone(),
            ..Group::default()
        });
        (group, ids)
    }

    /// Open `n` connections in a new group and offload them as one tree
    /// neighbor → path → n TCP blocks. Returns the group and the connection ids.
    pub fn offload_new(&self, n: usize) -> (usize, Vec<u32>) {
        let (group, ids) = self.open_conns(n);
        self.offload(group, &ids);
        (group, ids)
    }

    /// Offload `conns` (host-mode connections of `group`): under linker blocks if the
    /// group's neighbor and path are offloaded, with new ones otherwise. Malformed
    /// trees are for the fault tests (`offload_malformed`).
    pub fn offload(&self, group: usize, conns: &[u32]) {
        if self.offload_paused.get() {
            return;
        }
        let g = self.groups.borrow().get(group).cloned().unwrap_or_default();
        let conns: Vec<u32> = {
            let cs = self.conns.borrow();
            conns
                .iter()
                .copied()
                .filter(|c| cs.get(c).is_some_and(|x| x.state == ConnState::Host))
                .collect()
        };
        if conns.is_empty() {
            return;
        }
        if g.creating {
            let me = self.rc();
            current().schedule(20, move |_| me.offload(group, &conns));
            return;
        }
        let tcps: Vec<NodeSpec> = conns
            .iter()
            .map(|_| tcp_spec(0, OFFLOAD_STATE_TYPE::TcpOffloadState, true))
            .collect();
        // Existing objects are linkers (no state); new ones carry their full state.
        let linked = g.neighbor != 0 && g.path != 0;
        let neighbor = if g.neighbor != 0 {
            NodeSpec::new(
                OFFLOAD_STATE_TYPE::NeighborOffloadState,
                NodeKind::Object { token: g.neighbor },
            )
        } else {
            tcp_spec(0, OFFLOAD_STATE_TYPE::NeighborOffloadState, true)
        };
        let path = if linked {
            NodeSpec::new(
                OFFLOAD_STATE_TYPE::Ip4OffloadState,
                NodeKind::Object { token: g.path },
            )
        } else {
            tcp_spec(0, OFFLOAD_STATE_TYPE::Ip4OffloadState, true)
        };
        if !linked && let Some(gg) = self.groups.borrow_mut().get_mut(group) {
            gg.creating = true;
        }
        let tree = BuiltTree::build(
            &[neighbor.with_dependents(vec![path.with_dependents(tcps)])],
            HeaderSizeStyle::BlockAndState,
            (group & 0xFF) as u8,
        );
        let mut map = Vec::new();
        {
            let mut cs = self.conns.borrow_mut();
            for (i, &c) in conns.iter().enumerate() {
                let idx = 2 + i;
                let b = tree.block(idx);
                let Some(x) = cs.get_mut(&c) else { continue };
                if let Some(v) = tcp_const(b) {
                    let mut k = v.read();
                    k.HashValue = c;
                    k.LocalPort = (c & 0xFFFF) as u16;
                    k.RemotePort = 80;
                    k.RemoteMss = 1460;
                    v.write(&k);
                }
                if let Some(v) = tcp_delegated(b) {
                    let mut d = v.read();
                    d.RcvNxt = x.rcv_nxt;
                    d.RcvWnd = 65_535;
                    d.SndUna = x.snd_nxt;
                    d.SndNxt = x.snd_nxt;
                    d.SndMax = x.snd_nxt;
                    d.SndWnd = 65_535;
                    d.Send.Data.SendDataHead = ptr::null_mut();
                    d.Send.Data.SendDataTail = ptr::null_mut();
                    d.Receive.BufferedData = ptr::null_mut();
                    v.write(&d);
                }
                x.state = ConnState::Offloading;
                map.push((idx, c));
            }
        }
        self.issue(
            Operation::Initiate,
            InFlight {
                op: Operation::Initiate,
                tree,
                conns: map,
                group,
                group_blocks: (!linked).then_some((0, 1)),
            },
        );
    }

    fn initiate_done(&self, f: InFlight) {
        let mut live = Vec::new();
        {
            let mut handles = self.handle_of_token.borrow_mut();
            for (i, h) in f.tree.handles.iter().enumerate() {
                let token = h.MiniportOffloadContext as usize;
                let own = (&raw const f.tree.handles[i]) as usize;
                // SAFETY: a block of the host's own completed tree.
                let named = unsafe { (*f.tree.block(i)).NdisOffloadHandle } as usize;
                // A new offload (its block names this tree's own handle), not a linker
                // that named an earlier handle; a reused token takes the new handle.
                if token != 0 && named == own && ok(status_of(f.tree.block(i))) {
                    handles.insert(token, own);
                    live.push(own);
                }
            }
        }
        let group_ok = if let Some((n, p)) = f.group_blocks {
            let (ns, ps) = (status_of(f.tree.block(n)), status_of(f.tree.block(p)));
            let mut gs = self.groups.borrow_mut();
            if let Some(g) = gs.get_mut(f.group) {
                g.creating = false;
                if ok(ns) && g.neighbor == 0 {
                    g.neighbor = f.tree.handles[n].MiniportOffloadContext as usize;
                }
                if ok(ns) && ok(ps) {
                    g.path = f.tree.handles[p].MiniportOffloadContext as usize;
                }
            }
            ok(ns) && ok(ps)
        } else {
            true
        };
        let mut ready = Vec::new();
        {
            let mut cs = self.conns.borrow_mut();
            for &(idx, c) in &f.conns {
                let s = status_of(f.tree.block(idx));
                let Some(x) = cs.get_mut(&c) else { continue };
                let token = f.tree.handles[idx].MiniportOffloadContext as usize;
                if group_ok && ok(s) && token != 0 {
                    x.state = ConnState::Offloaded;
                    x.token = token;
                    x.handle = (&raw const f.tree.handles[idx]) as usize;
                    self.by_handle.borrow_mut().insert(x.handle, c);
                } else {
                    x.state = ConnState::Host;
                }
                ready.push(c);
            }
        }
        // The tree's memory stays while a handle in it is in use (OP-13); a tree that
        // offloaded nothing goes now.
        if !live.is_empty() {
            let root = f.tree.root() as usize;
            let mut of = self.tree_of_handle.borrow_mut();
            for &h in &live {
                of.insert(h, root);
            }
            self.kept.borrow_mut().insert(root, (f.tree, live.len()));
        }
        for c in ready {
            self.after_state_change(c);
        }
    }

    /// The objects of a completed terminate are gone, whatever its status (OP-30): their
    /// handles end, and a kept tree whose handles have all ended is freed.
    fn handles_ended(&self, f: &InFlight) {
        for (i, h) in f.tree.handles.iter().enumerate() {
            // SAFETY: a block of the host's own completed tree.
            let named = unsafe { (*f.tree.block(i)).NdisOffloadHandle } as usize;
            let token = h.MiniportOffloadContext as usize;
            {
                let mut handles = self.handle_of_token.borrow_mut();
                if handles.get(&token) == Some(&named) {
                    handles.remove(&token);
                }
            }
            let Some(root) = self.tree_of_handle.borrow_mut().remove(&named) else {
                continue;
            };
            let mut kept = self.kept.borrow_mut();
            let last = kept.get_mut(&root).is_some_and(|(_, n)| {
                *n -= 1;
                *n == 0
            });
            if last {
                kept.remove(&root);
            }
        }
    }

    /// Kept initiate trees (memory held for live handles).
    #[must_use]
    pub fn kept_trees(&self) -> usize {
        self.kept.borrow().len()
    }

    fn after_state_change(&self, c: u32) {
        let early = self
            .conns
            .borrow_mut()
            .get_mut(&c)
            .map(|x| std::mem::take(&mut x.early))
            .unwrap_or_default();
        for (seq, data) in early {
            self.host_receive(c, seq, &data);
        }
        let (pending, state, closing) = {
            let mut cs = self.conns.borrow_mut();
            let Some(x) = cs.get_mut(&c) else { return };
            (std::mem::take(&mut x.pending_tx), x.state, x.closing)
        };
        if pending > 0 {
            self.send(c, pending as usize);
        }
        if state == ConnState::Offloaded {
            let post = self.auto_post.get();
            if post > 0 {
                self.post_receive(c, post);
            }
        }
        if let Some(flags) = closing
            && matches!(state, ConnState::Host | ConnState::Offloaded)
        {
            if let Some(x) = self.conns.borrow_mut().get_mut(&c) {
                x.closing = None;
            }
            self.disconnect(c, flags);
        }
    }

    /// Upload connection `c` (lone TCP block terminate).
    pub fn upload(&self, c: u32) {
        let token = {
            let mut cs = self.conns.borrow_mut();
            let Some(x) = cs.get_mut(&c) else { return };
            if x.state != ConnState::Offloaded {
                return;
            }
            x.state = ConnState::Uploading;
            x.token
        };
        let tree = BuiltTree::build(
            &[tcp_spec(
                token,
                OFFLOAD_STATE_TYPE::TcpOffloadDelegatedState,
                true,
            )],
            HeaderSizeStyle::BlockAndState,
            0x33,
        );
        let group = self.conns.borrow().get(&c).map_or(0, |x| x.group);
        self.issue(
            Operation::Terminate,
            InFlight {
                op: Operation::Terminate,
                tree,
                conns: vec![(0, c)],
                group,
                group_blocks: None,
            },
        );
    }

    /// Terminate a whole group: neighbor → path → its offloaded connections.
    pub fn upload_group(&self, group: usize) {
        let Some(g) = self.groups.borrow().get(group).cloned() else {
            return;
        };
        if g.neighbor == 0 {
            return;
        }
        if g.creating {
            // A tree still creates the group's path (or neighbor): terminating the
            // neighbor now would orphan it at the NIC. Try again later.
            let me = self.rc();
            current().schedule(100, move |_| me.upload_group(group));
            return;
        }
        if g.path == 0 {
            // Only the neighbor made it (its path failed): terminate it alone.
            let tree = BuiltTree::build(
                &[tcp_spec(
                    g.neighbor,
                    OFFLOAD_STATE_TYPE::NeighborOffloadDelegatedState,
                    true,
                )],
                HeaderSizeStyle::BlockAndState,
                0x45,
            );
            if let Some(gg) = self.groups.borrow_mut().get_mut(group) {
                gg.neighbor = 0;
            }
            self.issue(
                Operation::Terminate,
                InFlight {
                    op: Operation::Terminate,
                    tree,
                    conns: Vec::new(),
                    group,
                    group_blocks: None,
                },
            );
            return;
        }
        let mut conns = Vec::new();
        let mut tcps = Vec::new();
        {
            let mut cs = self.conns.borrow_mut();
            if g.conns.iter().any(|c| {
                cs.get(c).is_some_and(|x| {
                    matches!(x.state, ConnState::Offloading | ConnState::Uploading)
                })
            }) {
                // An initiate still builds on the group, or a connection's own terminate
                // is in flight (the path must outlive it): try again later.
                drop(cs);
                let me = self.rc();
                current().schedule(100, move |_| me.upload_group(group));
                return;
            }
            for &c in &g.conns {
                if let Some(x) = cs.get_mut(&c)
                    && x.state == ConnState::Offloaded
                {
                    x.state = ConnState::Uploading;
                    conns.push((2 + tcps.len(), c));
                    tcps.push(tcp_spec(
                        x.token,
                        OFFLOAD_STATE_TYPE::TcpOffloadDelegatedState,
                        true,
                    ));
                }
            }
        }
        let path = tcp_spec(g.path, OFFLOAD_STATE_TYPE::Ip4OffloadDelegatedState, true)
            .with_dependents(tcps);
        let neighbor = tcp_spec(
            g.neighbor,
            OFFLOAD_STATE_TYPE::NeighborOffloadDelegatedState,
            true,
        )
        .with_dependents(vec![path]);
        let tree = BuiltTree::build(&[neighbor], HeaderSizeStyle::BlockAndState, 0x44);
        if let Some(gg) = self.groups.borrow_mut().get_mut(group) {
            gg.neighbor = 0;
            gg.path = 0;
        }
        self.issue(
            Operation::Terminate,
            InFlight {
                op: Operation::Terminate,
                tree,
                conns,
                group,
                group_blocks: Some((0, 1)),
            },
        );
    }

    fn terminate_done(&self, f: &InFlight) {
        let sim = current();
        for &(idx, c) in &f.conns {
            let b = f.tree.block(idx);
            let s = status_of(b);
            let d = tcp_delegated(b).map(|v| v.read());
            // SAFETY: a block of the host's own tree.
            let chain = from_chimney(unsafe { (*b).NetBufferListChain });
            self.take_over(&sim, c, s, d, chain);
        }
    }

    /// Take over the state and data of a terminated connection (seed 004).
    #[expect(clippy::too_many_lines, reason = "one takeover, read top to bottom")]
    fn take_over(
        &self,
        sim: &Sim,
        c: u32,
        s: NDIS_STATUS,
        d: Option<TCP_OFFLOAD_STATE_DELEGATED>,
        chain: PNET_BUFFER_LIST,
    ) {
        let returned = nbl::chain(chain);
        let handle = self.conns.borrow().get(&c).map_or(0, |x| x.handle);
        self.by_handle.borrow_mut().remove(&handle);
        if s != NDIS_STATUS_SUCCESS {
            if let Some(x) = self.conns.borrow_mut().get_mut(&c) {
                x.state = ConnState::Aborted;
            }
            self.peer.reset_from_host(c);
            return;
        }
        let Some(d) = d else {
            sim.violation(
                Rule::Integrity,
                "host terminate",
                format!("conn {c}: no delegated state"),
            );
            return;
        };
        if sim.tracing() {
            sim.trace(&crate::trace::Edge {
                from: "nic",
                to: "host",
                op: "upload",
                handle,
                obj: chain as usize,
                status: Some(s),
                args: &[
                    ("conn", u64::from(c)),
                    ("SndUna", u64::from(d.SndUna)),
                    ("SndNxt", u64::from(d.SndNxt)),
                    ("SndMax", u64::from(d.SndMax)),
                    ("RcvNxt", u64::from(d.RcvNxt)),
                    ("returned", returned.len() as u64),
                ],
            });
        }
        // SAFETY: the NIC wrote the receive arm for a terminate (seed 004).
        let buffered = from_chimney(unsafe { d.Receive.BufferedData });
        check_send_data(sim, c, &d, &returned);
        let mut resend: Vec<(u32, Vec<u8>)> = Vec::new();
        {
            let mut cs = self.conns.borrow_mut();
            let Some(x) = cs.get_mut(&c) else { return };
            for &n in &returned {
                self.nbls.borrow_mut().remove(&(n as usize));
                let Some((start, len)) = x.outstanding.remove(&(n as usize)) else {
                    sim.violation(
                        Rule::Integrity,
                        "host terminate",
                        format!("conn {c}: returned NBL {n:p} was not outstanding"),
                    );
                    continue;
                };
                let skip = d.SndUna.wrapping_sub(start);
                let skip = if skip >= 0x8000_0000 {
                    0
                } else {
                    skip.min(len)
                };
                let data = sim.nbl_payload(n).unwrap_or_default();
                let from = start.wrapping_add(skip);
                resend.push((from, data.get(skip as usize..).unwrap_or_default().to_vec()));
                sim.free_nbl(n);
            }
            if !x.outstanding.is_empty() {
                sim.violation(
                    Rule::Integrity,
                    "host terminate",
                    format!(
                        "conn {c}: {} send NBL(s) neither completed nor returned (SndUna {:#x})",
                        x.outstanding.len(),
                        d.SndUna
                    ),
                );
                x.outstanding.clear();
            }
            let end = resend
                .last()
                .map_or(d.SndUna, |(s, v)| s.wrapping_add(v.len() as u32));
            if end != x.snd_nxt
                || d.SndMax.wrapping_sub(d.SndUna) > x.snd_nxt.wrapping_sub(d.SndUna)
            {
                sim.violation(
                    Rule::Integrity,
                    "host terminate",
                    format!(
                        "conn {c}: SndUna {:#x} SndNxt {:#x} SndMax {:#x} + returned data end at {end:#x}, host sent up to {:#x}",
                        d.SndUna, d.SndNxt, d.SndMax, x.snd_nxt
                    ),
                );
            }
            take_buffered(sim, x, c, &d, buffered);
            x.rcv_nxt = d.RcvNxt;
            x.state = ConnState::Host;
            x.handle = 0;
            x.token = 0;
            x.uploads += 1;
        }
        for (seq, data) in resend {
            if !data.is_empty() {
                self.peer.segment_from_host(c, seq, &data);
            }
        }
        if !buffered.is_null() {
            // The data was copied; the NBLs go back to the target (DP-41).
            // SAFETY: the BufferedData chain the terminate handed over, returned once.
            unsafe {
                SimNdis::ndis_offload_tcp_receive_return(self.handle.get(), buffered);
            };
        }
        self.after_state_change(c);
    }

    /// A segment from the peer on the host's own path (connection not offloaded).
    pub fn host_receive(&self, c: u32, seq: u32, data: &[u8]) {
        let mut cs = self.conns.borrow_mut();
        let Some(x) = cs.get_mut(&c) else { return };
        match x.state {
            ConnState::Host => {}
            ConnState::Uploading | ConnState::Offloading => {
                // The NIC holds no object for it (yet, or any more): keep the segment
                // until the operation in flight completes.
                x.early.push((seq, data.to_vec()));
                return;
            }
            ConnState::Aborted => return,
            ConnState::Offloaded => {
                current().violation(
                    Rule::Integrity,
                    "host path",
                    format!(
                        "conn {c}: segment {seq:#x} on the host path while {:?}",
                        x.state
                    ),
                );
                return;
            }
        }
        let off = x.rcv_nxt.wrapping_sub(seq);
        if off >= 0x8000_0000 || off as usize > data.len() {
            current().violation(
                Rule::Integrity,
                "host path",
                format!("conn {c}: segment {seq:#x} beyond RcvNxt {:#x}", x.rcv_nxt),
            );
            return;
        }
        let fresh = &data[off as usize..];
        check_host_receive(c, x.rx_have, fresh, "host path");
        x.rx_have += fresh.len() as u64;
        x.rcv_nxt = x.rcv_nxt.wrapping_add(fresh.len() as u32);
    }

    /// The application sends `len` more bytes on `c`.
    pub fn send(&self, c: u32, len: usize) {
        if len == 0 {
            return;
        }
        let sim = current();
        let (state, seq, handle) = {
            let mut cs = self.conns.borrow_mut();
            let Some(x) = cs.get_mut(&c) else { return };
            match x.state {
                ConnState::Offloading | ConnState::Uploading => {
                    x.pending_tx += len as u64;
                    return;
                }
                ConnState::Aborted => return,
                _ => {}
            }
            let seq = x.snd_nxt;
            x.snd_nxt = seq.wrapping_add(len as u32);
            (x.state, seq, x.handle)
        };
        let data = stream(
            c,
            HOST_TO_PEER,
            u64::from(seq.wrapping_sub(host_isn(c))),
            len,
        );
        if state == ConnState::Host {
            self.peer.segment_from_host(c, seq, &data);
            self.sent_bytes.set(self.sent_bytes.get() + len as u64);
            return;
        }
        let n = sim.alloc_nbl(&data);
        self.nbls.borrow_mut().insert(n as usize, NblUse::Send(c));
        if let Some(x) = self.conns.borrow_mut().get_mut(&c) {
            x.outstanding.insert(n as usize, (seq, len as u32));
        }
        // SAFETY: an NBL the host owns until completion, on its own offload handle.
        let s = unsafe { SimNdis::ndis_offload_tcp_send(handle as PNDIS_OFFLOAD_HANDLE, n) };
        if s != NDIS_STATUS_PENDING && s != NDIS_STATUS_SUCCESS {
            sim.violation(
                Rule::Protocol,
                "host send",
                format!("conn {c}: send returned {s:#x}"),
            );
        }
    }

    /// Post a receive buffer of `size` bytes on offloaded connection `c`.
    pub fn post_receive(&self, c: u32, size: u32) {
        let handle = match self.conns.borrow().get(&c) {
            Some(x) if x.state == ConnState::Offloaded => x.handle,
            _ => return,
        };
        let n = current().alloc_nbl(&vec![0; size as usize]);
        self.nbls
            .borrow_mut()
            .insert(n as usize, NblUse::Receive(c));
        // SAFETY: as in `send`.
        unsafe { SimNdis::ndis_offload_tcp_receive(handle as PNDIS_OFFLOAD_HANDLE, n) };
    }

    /// Disconnect `c` (TCP_DISCONNECT_GRACEFUL_CLOSE or _ABORTIVE_CLOSE).
    pub fn disconnect(&self, c: u32, flags: u32) {
        let (state, handle, seq) = {
            let mut cs = self.conns.borrow_mut();
            let Some(x) = cs.get_mut(&c) else { return };
            if matches!(x.state, ConnState::Offloading | ConnState::Uploading) {
                x.closing = Some(flags);
                return;
            }
            (x.state, x.handle, x.snd_nxt)
        };
        match state {
            ConnState::Host => {
                if flags & TCP_DISCONNECT_ABORTIVE_CLOSE != 0 {
                    self.peer.reset_from_host(c);
                } else {
                    self.peer.fin_from_host(c, seq);
                }
                self.disconnects.set(self.disconnects.get() + 1);
            }
            ConnState::Offloaded => {
                let n = current().alloc_nbl(&[]);
                self.nbls
                    .borrow_mut()
                    .insert(n as usize, NblUse::Disconnect(c));
                // SAFETY: as in `send`.
                unsafe {
                    SimNdis::ndis_offload_tcp_disconnect(handle as PNDIS_OFFLOAD_HANDLE, n, flags);
                }
            }
            _ => {}
        }
    }

    /// Graceful disconnect.
    pub fn close(&self, c: u32) {
        self.disconnect(c, TCP_DISCONNECT_GRACEFUL_CLOSE);
    }

    /// Forward a packet on offloaded connection `c`.
    pub fn forward(&self, c: u32) {
        let handle = match self.conns.borrow().get(&c) {
            Some(x) if x.state == ConnState::Offloaded => x.handle,
            _ => return,
        };
        let n = current().alloc_nbl(&[0x45; 60]);
        self.nbls
            .borrow_mut()
            .insert(n as usize, NblUse::Forward(c));
        // SAFETY: as in `send`.
        unsafe { SimNdis::ndis_offload_tcp_forward(handle as PNDIS_OFFLOAD_HANDLE, n) };
    }

    /// Query the delegated state of `c`.
    pub fn query(&self, c: u32) {
        let (token, group) = match self.conns.borrow().get(&c) {
            Some(x) if x.state == ConnState::Offloaded => (x.token, x.group),
            _ => return,
        };
        let tree = BuiltTree::build(
            &[tcp_spec(
                token,
                OFFLOAD_STATE_TYPE::TcpOffloadDelegatedState,
                true,
            )],
            HeaderSizeStyle::BlockAndState,
            0x55,
        );
        self.issue(
            Operation::Query,
            InFlight {
                op: Operation::Query,
                tree,
                conns: vec![(0, c)],
                group,
                group_blocks: None,
            },
        );
    }

    /// Update the cached state of `group`'s path (e.g. a new PMTU).
    pub fn update_path(&self, group: usize) {
        let Some(g) = self.groups.borrow().get(group).cloned() else {
            return;
        };
        if g.path == 0 {
            return;
        }
        let tree = BuiltTree::build(
            &[tcp_spec(
                g.path,
                OFFLOAD_STATE_TYPE::Ip4OffloadCachedState,
                true,
            )],
            HeaderSizeStyle::BlockAndState,
            0x66,
        );
        self.issue(
            Operation::Update,
            InFlight {
                op: Operation::Update,
                tree,
                conns: Vec::new(),
                group,
                group_blocks: None,
            },
        );
    }

    /// Relink `path_group`'s path under `neighbor_group`'s neighbor (an update whose
    /// root is the new neighbor, OP-32); the host then counts the path under that
    /// neighbor. Returns false when either is not offloaded.
    pub fn relink_path(&self, path_group: usize, neighbor_group: usize) -> bool {
        let (path, neighbor) = {
            let gs = self.groups.borrow();
            match (gs.get(path_group), gs.get(neighbor_group)) {
                (Some(p), Some(n)) if p.path != 0 && n.neighbor != 0 => (p.path, n.neighbor),
                _ => return false,
            }
        };
        let tree = BuiltTree::build(
            &[NodeSpec::new(
                OFFLOAD_STATE_TYPE::NeighborOffloadState,
                NodeKind::Object { token: neighbor },
            )
            .with_dependents(vec![tcp_spec(
                path,
                OFFLOAD_STATE_TYPE::Ip4OffloadCachedState,
                true,
            )])],
            HeaderSizeStyle::BlockAndState,
            0x68,
        );
        self.issue(
            Operation::Update,
            InFlight {
                op: Operation::Update,
                tree,
                conns: Vec::new(),
                group: path_group,
                group_blocks: None,
            },
        );
        true
    }

    /// Invalidate `group`'s neighbor (its connections stop transmitting).
    pub fn invalidate_neighbor(&self, group: usize) {
        let Some(g) = self.groups.borrow().get(group).cloned() else {
            return;
        };
        if g.neighbor == 0 {
            return;
        }
        let tree = BuiltTree::build(
            &[tcp_spec(
                g.neighbor,
                OFFLOAD_STATE_TYPE::NeighborOffloadState,
                false,
            )],
            HeaderSizeStyle::BlockOnly,
            0x77,
        );
        self.issue(
            Operation::Invalidate,
            InFlight {
                op: Operation::Invalidate,
                tree,
                conns: Vec::new(),
                group,
                group_blocks: None,
            },
        );
    }

    /// Offload a deliberately malformed tree (a cycle through NextBlock) for the fault
    /// tests; returns the connection ids it names.
    pub fn offload_malformed(&self) -> Vec<u32> {
        let (group, ids) = self.open_conns(1);
        let tree = BuiltTree::build(
            &[tcp_spec(0, OFFLOAD_STATE_TYPE::NeighborOffloadState, true)],
            HeaderSizeStyle::BlockAndState,
            0x11,
        );
        let root = tree.root();
        // SAFETY: the host's own tree: a sibling link back to itself.
        unsafe { (*root).NextBlock = root };
        self.issue(
            Operation::Initiate,
            InFlight {
                op: Operation::Initiate,
                tree,
                conns: Vec::new(),
                group,
                group_blocks: None,
            },
        );
        ids
    }

    /// Upload every offloaded connection, group by group.
    pub fn upload_all(&self) {
        let n = self.groups.borrow().len();
        for g in 0..n {
            self.upload_group(g);
        }
        let lone: Vec<u32> = self
            .conns
            .borrow()
            .values()
            .filter(|x| x.state == ConnState::Offloaded)
            .map(|x| x.id)
            .collect();
        for c in lone {
            self.upload(c);
        }
    }

    /// Offload again every host-mode connection, group by group.
    pub fn reoffload_all(&self) {
        let groups = self.groups.borrow().clone();
        for (i, g) in groups.iter().enumerate() {
            self.offload(i, &g.conns);
        }
    }

    /// Return the indicated NBLs the host kept.
    pub fn return_held(&self) {
        let held: Vec<PNET_BUFFER_LIST> = self
            .held
            .borrow_mut()
            .drain(..)
            .map(|n| n as PNET_BUFFER_LIST)
            .collect();
        if !held.is_empty() {
            // SAFETY: NBLs indicated to this binding and kept until now.
            unsafe {
                SimNdis::ndis_offload_tcp_receive_return(self.handle.get(), nbl::link(&held));
            }
        }
    }

    /// Connections in `state`.
    #[must_use]
    pub fn count(&self, state: ConnState) -> usize {
        self.conns
            .borrow()
            .values()
            .filter(|x| x.state == state)
            .count()
    }

    /// Peer→host bytes received in order on `c`.
    #[must_use]
    pub fn received(&self, c: u32) -> u64 {
        self.conns.borrow().get(&c).map_or(0, |x| x.rx_have)
    }

    /// Nothing offloaded and no state operation or chimney I/O outstanding.
    #[must_use]
    pub fn quiet(&self) -> bool {
        self.inflight.borrow().is_empty()
            && self.nbls.borrow().is_empty()
            && self.held.borrow().is_empty()
            && self.conns.borrow().values().all(|x| {
                !matches!(
                    x.state,
                    ConnState::Offloaded | ConnState::Offloading | ConnState::Uploading
                )
            })
    }

    fn finish_unbind(&self, unbind: usize) {
        let me = self.rc();
        current().schedule(50, move |_| {
            if me.quiet() {
                me.closed.set(true);
                // SAFETY: closing its own binding, then completing the pended unbind.
                let s = unsafe { SimNdis::ndis_close_adapter_ex(me.handle.get()) };
                if s != NDIS_STATUS_PENDING {
                    // SAFETY: the unbind context NDIS passed, completed once.
                    unsafe { SimNdis::ndis_complete_unbind_adapter_ex(unbind as NDIS_HANDLE) };
                }
            } else {
                me.upload_all();
                me.finish_unbind(unbind);
            }
        });
    }

    /// Outstanding state operations of this binding.
    #[must_use]
    pub fn inflight(&self) -> usize {
        self.inflight.borrow().len()
    }

    fn state_complete(&self, root: usize) {
        let Some(f) = self.inflight.borrow_mut().remove(&root) else {
            current().violation(
                Rule::OffloadNotOutstanding,
                "host completion",
                format!("tree {root:#x} is not the host's"),
            );
            return;
        };
        let statuses: Vec<NDIS_STATUS> = f.tree.blocks.iter().map(|&b| status_of(b)).collect();
        self.completed.borrow_mut().push((f.op, statuses.clone()));
        match f.op {
            Operation::Initiate => self.initiate_done(f),
            // A failed neighbor or path terminate is a lost object (OP-30): the group
            // is gone either way and its tokens were cleared when the terminate left.
            Operation::Terminate => {
                self.terminate_done(&f);
                self.handles_ended(&f);
            }
            Operation::Query => {
                for &(idx, c) in &f.conns {
                    let b = f.tree.block(idx);
                    let d = tcp_delegated(b).map(|v| v.read()).unwrap_or_default();
                    // SAFETY: a query answer carries backlog sizes in the unions.
                    let sb = unsafe { d.Send.SendBacklogSize };
                    // SAFETY: as above.
                    let rb = unsafe { d.Receive.ReceiveBacklogSize };
                    self.queries.borrow_mut().push((
                        c,
                        status_of(b),
                        d.RcvNxt,
                        d.SndUna,
                        d.SndNxt,
                        d.SndMax,
                        sb,
                        rb,
                    ));
                }
            }
            Operation::Update | Operation::Invalidate => {}
        }
    }

    fn io_complete(&self, chain: PNET_BUFFER_LIST) {
        let sim = current();
        let mut repost = Vec::new();
        for n in nbl::chain(chain) {
            let u = self.nbls.borrow_mut().remove(&(n as usize));
            let status = nbl::status(n);
            match u {
                Some(NblUse::Send(c)) => {
                    let bytes = bytes_transferred(n);
                    let rec = self
                        .conns
                        .borrow_mut()
                        .get_mut(&c)
                        .and_then(|x| x.outstanding.remove(&(n as usize)));
                    if let Some((start, len)) = rec
                        && status == NDIS_STATUS_SUCCESS
                    {
                        if bytes != len {
                            sim.violation(
                                Rule::Integrity,
                                "host send complete",
                                format!("conn {c}: send at {start:#x} of {len} completed with {bytes} bytes"),
                            );
                        }
                        self.sent_bytes
                            .set(self.sent_bytes.get() + u64::from(bytes));
                    }
                }
                Some(NblUse::Receive(c)) => {
                    let bytes = bytes_transferred(n) as usize;
                    let data = sim.nbl_payload(n).unwrap_or_default();
                    let mut cs = self.conns.borrow_mut();
                    if let Some(x) = cs.get_mut(&c) {
                        let got = data.get(..bytes).unwrap_or_default();
                        check_host_receive(c, x.rx_have, got, "posted receive");
                        x.rx_have += got.len() as u64;
                        if x.state == ConnState::Offloaded && status == NDIS_STATUS_SUCCESS {
                            repost.push(c);
                        }
                    }
                }
                Some(NblUse::Disconnect(_)) => self.disconnects.set(self.disconnects.get() + 1),
                Some(NblUse::Forward(_)) => self.forwards.set(self.forwards.get() + 1),
                None => {
                    sim.violation(
                        Rule::NblNotOutstanding,
                        "host I/O completion",
                        format!("NBL {n:p} is not the host's"),
                    );
                    continue;
                }
            }
            sim.free_nbl(n);
        }
        let post = self.auto_post.get();
        if post > 0 {
            for c in repost {
                self.post_receive(c, post);
            }
        }
    }

    fn indicated(&self, handle: usize, n: PNET_BUFFER_LIST, consumed: *mut u32) -> NDIS_STATUS {
        let sim = current();
        let Some(c) = self.by_handle.borrow().get(&handle).copied() else {
            sim.violation(
                Rule::Protocol,
                "host indicate",
                format!("unknown handle {handle:#x}"),
            );
            return NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED;
        };
        let data = sim.nbl_payload(n).unwrap_or_default();
        let take = match self.indicate_mode.get() {
            IndicateMode::Accept => data.len(),
            IndicateMode::Refuse => 0,
            IndicateMode::Partial(k) => (k as usize).min(data.len()),
        };
        if let Some(x) = self.conns.borrow_mut().get_mut(&c) {
            check_host_receive(c, x.rx_have, &data[..take], "indication");
            x.rx_have += take as u64;
        }
        if !consumed.is_null() {
            // SAFETY: NDIS's out slot.
            unsafe { consumed.write(take as u32) };
        }
        if take == data.len() && take > 0 {
            self.held.borrow_mut().push(n as usize);
            let me = self.rc();
            sim.schedule(1, move |_| me.return_held());
            return NDIS_STATUS_SUCCESS;
        }
        // Refused (in part): post a buffer so the NIC delivers the rest (DP-37).
        let me = self.rc();
        let size = self.auto_post.get().max(4096);
        sim.schedule(1, move |_| me.post_receive(c, size));
        if take == 0 {
            NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED
        } else {
            NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED
        }
    }

    fn event(&self, handle: usize, event: u32, info: u32) {
        let Some(c) = self.by_handle.borrow().get(&handle).copied() else {
            current().violation(
                Rule::Protocol,
                "host event",
                format!("unknown handle {handle:#x}"),
            );
            return;
        };
        if let Some(x) = self.conns.borrow_mut().get_mut(&c) {
            x.events.push((event, info));
        }
        let e = TCP_OFFLOAD_EVENT_TYPE(i32::try_from(event).unwrap_or(-1));
        if e == TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve
            || e == TCP_OFFLOAD_EVENT_TYPE::TcpIndicateAbort
        {
            let me = self.rc();
            current().schedule(1, move |_| me.upload(c));
        }
    }

    fn status(&self, code: NDIS_STATUS) {
        self.statuses.borrow_mut().push(code);
        let me = self.rc();
        if code == NDIS_STATUS_OFFLOAD_PAUSE {
            self.offload_paused.set(true);
        } else if code == NDIS_STATUS_UPLOAD_ALL {
            current().schedule(1, move |_| me.upload_all());
        } else if code == NDIS_STATUS_OFFLOAD_RESUME {
            self.offload_paused.set(false);
            if self.reoffload_on_resume.get() {
                current().schedule(1, move |_| me.reoffload_all());
            }
        }
    }
}

unsafe extern "system" fn c_complete(ctx: NDIS_HANDLE, root: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {
    binding_ctx(ctx).state_complete(root as usize);
}
unsafe extern "system" fn c_event(
    ctx: NDIS_HANDLE,
    b: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
    code: u32,
) {
    let me = binding_ctx(ctx);
    // EV-20: a reachability query carries one neighbor block with its state.
    let ok = !b.is_null() && {
        // SAFETY: the block NDIS passed, valid for the call.
        let k = unsafe { &*b };
        k.DependentBlockList.is_null() && k.Status == NDIS_STATUS_SUCCESS
    };
    me.neighbor_events.borrow_mut().push((code, ok));
}
unsafe extern "system" fn c_io_complete(
    ctx: NDIS_HANDLE,
    chain: offload_tree::abi::PNET_BUFFER_LIST,
) {
    binding_ctx(ctx).io_complete(from_chimney(chain));
}

thread_local! {
    static BY_HANDLE: RefCell<HashMap<usize, Weak<HostBinding>>> = RefCell::new(HashMap::new());
}

fn binding_of_offload_handle(handle: PVOID) -> Option<Rc<HostBinding>> {
    if handle.is_null() {
        return None;
    }
    // SAFETY: the host's own offload handle; NDIS bound it to the binding (OP-9).
    let b = unsafe { (*handle.cast::<offload_tree::abi::NDIS_OFFLOAD_HANDLE>()).NdisReserved[0] };
    BY_HANDLE.with(|m| m.borrow().get(&(b as usize)).and_then(Weak::upgrade))
}

unsafe extern "system" fn c_tcp_event(context: PVOID, event: u32, info: u32) {
    if let Some(b) = binding_of_offload_handle(context) {
        b.event(context as usize, event, info);
    }
}
unsafe extern "system" fn c_receive(
    context: PVOID,
    n: offload_tree::abi::PNET_BUFFER_LIST,
    _s: NDIS_STATUS,
    consumed: *mut u32,
) -> NDIS_STATUS {
    match binding_of_offload_handle(context) {
        Some(b) => b.indicated(context as usize, from_chimney(n), consumed),
        None => NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED,
    }
}

fn register_client(protocol_handle: NDIS_HANDLE) -> NDIS_STATUS {
    let mut generic = NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
        Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
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
        Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
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
    if a == NDIS_STATUS_SUCCESS { b } else { a }
}

unsafe extern "system" fn p_set_options(h: NDIS_HANDLE, _c: NDIS_HANDLE) -> NDIS_STATUS {
    register_client(h)
}

unsafe extern "system" fn p_bind(
    ctx: NDIS_HANDLE,
    bind_context: NDIS_HANDLE,
    _p: PNDIS_BIND_PARAMETERS,
) -> NDIS_STATUS {
    let me = model_ctx(ctx);
    let binding = Rc::new_cyclic(|w| HostBinding {
        me: w.clone(),
        handle: Cell::new(ptr::null_mut()),
        conns: RefCell::default(),
        groups: RefCell::default(),
        inflight: RefCell::default(),
        kept: RefCell::default(),
        tree_of_handle: RefCell::default(),
        by_handle: RefCell::default(),
        handle_of_token: RefCell::default(),
        nbls: RefCell::default(),
        held: RefCell::default(),
        peer: me.peer.clone(),
        completed: RefCell::default(),
        queries: RefCell::default(),
        statuses: RefCell::default(),
        offload_paused: Cell::new(false),
        auto_post: Cell::new(0),
        indicate_mode: Cell::new(IndicateMode::Accept),
        sent_bytes: Cell::new(0),
        reoffload_on_resume: Cell::new(true),
        disconnects: Cell::new(0),
        forwards: Cell::new(0),
        // Connection ids stay unique across bindings (a rebound velan's new binding
        // must not reuse the ids the peer and the NIC still know from the old one).
        next_conn: Cell::new(
            1 + 1_000_000 * u32::try_from(me.bindings.borrow().len()).unwrap_or(0),
        ),
        closed: Cell::new(false),
        neighbor_events: RefCell::default(),
    });
    let mut params = NDIS_OPEN_PARAMETERS::default();
    let mut handle = ptr::null_mut();
    let bctx: NDIS_HANDLE = Rc::as_ptr(&binding).cast_mut().cast();
    // SAFETY: the open from inside ProtocolBindAdapterEx with its bind context.
    let status = unsafe {
        SimNdis::ndis_open_adapter_ex(
            me.handle.get(),
            bctx,
            &raw mut params,
            bind_context,
            &raw mut handle,
        )
    };
    if status != NDIS_STATUS_SUCCESS {
        return status;
    }
    binding.handle.set(handle);
    BY_HANDLE.with(|m| {
        m.borrow_mut()
            .insert(handle as usize, Rc::downgrade(&binding))
    });
    me.bindings.borrow_mut().push(binding);
    NDIS_STATUS_SUCCESS
}

unsafe extern "system" fn p_unbind(unbind: NDIS_HANDLE, ctx: NDIS_HANDLE) -> NDIS_STATUS {
    let b = binding_ctx(ctx);
    // The stack uploads everything before it lets a binding go (EV-30).
    b.offload_paused.set(true);
    b.upload_all();
    if b.quiet() {
        b.closed.set(true);
        // SAFETY: closing its own binding from the unbind handler.
        return unsafe { SimNdis::ndis_close_adapter_ex(b.handle.get()) };
    }
    b.finish_unbind(unbind as usize);
    NDIS_STATUS_PENDING
}
unsafe extern "system" fn p_open_complete(_ctx: NDIS_HANDLE, _s: NDIS_STATUS) {}
unsafe extern "system" fn p_close_complete(_ctx: NDIS_HANDLE) {}
unsafe extern "system" fn p_pnp(ctx: NDIS_HANDLE, n: PNET_PNP_EVENT_NOTIFICATION) -> NDIS_STATUS {
    // SAFETY: the notification NDIS passed.
    let code = unsafe { (*n).NetPnPEvent.NetEvent };
    let b = binding_ctx(ctx);
    if code == NET_PNP_EVENT_CODE::NetEventPause {
        // The stack uploads what it offloaded through a binding being paused.
        b.offload_paused.set(true);
        b.upload_all();
    } else if code == NET_PNP_EVENT_CODE::NetEventRestart {
        b.offload_paused.set(false);
        if b.reoffload_on_resume.get() {
            b.reoffload_all();
        }
    }
    NDIS_STATUS_SUCCESS
}
unsafe extern "system" fn p_oid_complete(_ctx: NDIS_HANDLE, r: PNDIS_OID_REQUEST, _s: NDIS_STATUS) {
    // SAFETY: the host allocated it with Box::into_raw.
    drop(unsafe { Box::from_raw(r) });
}
unsafe extern "system" fn p_status(ctx: NDIS_HANDLE, indication: PNDIS_STATUS_INDICATION) {
    // SAFETY: the indication NDIS passed.
    let code = unsafe { (*indication).StatusCode };
    binding_ctx(ctx).status(code);
}
unsafe extern "system" fn p_receive(
    ctx: NDIS_HANDLE,
    chain: PNET_BUFFER_LIST,
    _port: NDIS_PORT_NUMBER,
    _n: u32,
    flags: u32,
) {
    if flags & NDIS_RECEIVE_FLAGS_RESOURCES == 0 {
        let b = binding_ctx(ctx);
        // SAFETY: returns what it was indicated, once.
        unsafe { SimNdis::ndis_return_net_buffer_lists(b.handle.get(), chain, 0) };
    }
}
unsafe extern "system" fn p_send_complete(_ctx: NDIS_HANDLE, chain: PNET_BUFFER_LIST, _f: u32) {
    let sim = current();
    for n in nbl::chain(chain) {
        sim.free_nbl(n);
    }
}

impl HostModel {
    /// Register the host stack as protocol `name`, talking to `peer` in host mode. It
    /// is marked the originator (canaries in the fields it owns).
    #[must_use]
    pub fn register(sim: &Sim, name: &str, peer: Rc<Peer>) -> &'static HostModel {
        let _e = sim.enter();
        let me: &'static mut HostModel = Box::leak(Box::new(HostModel {
            protocol: RefCell::new(None),
            handle: Cell::new(ptr::null_mut()),
            bindings: RefCell::default(),
            name: name.encode_utf16().collect(),
            peer,
        }));
        let len = (me.name.len() * 2) as u16;
        let mut chars = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS {
            Header: offload_tree::abi::NDIS_OBJECT_HEADER::new(
                NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
                2,
                0,
            ),
            MajorNdisVersion: 6,
            MinorNdisVersion: 30,
            Name: NDIS_STRING {
                Length: len,
                MaximumLength: len,
                Buffer: me.name.as_mut_ptr(),
            },
            SetOptionsHandler: Some(p_set_options),
            BindAdapterHandlerEx: Some(p_bind),
            UnbindAdapterHandlerEx: Some(p_unbind),
            OpenAdapterCompleteHandlerEx: Some(p_open_complete),
            CloseAdapterCompleteHandlerEx: Some(p_close_complete),
            NetPnPEventHandler: Some(p_pnp),
            OidRequestCompleteHandler: Some(p_oid_complete),
            StatusHandlerEx: Some(p_status),
            ReceiveNetBufferListsHandler: Some(p_receive),
            SendNetBufferListsCompleteHandler: Some(p_send_complete),
            ..Default::default()
        };
        let mut handle = ptr::null_mut();
        let ctx: NDIS_HANDLE = (&raw mut *me).cast();
        // SAFETY: registration with valid characteristics.
        let status =
            unsafe { SimNdis::ndis_register_protocol_driver(ctx, &raw mut chars, &raw mut handle) };
        assert_eq!(status, NDIS_STATUS_SUCCESS, "host model registration");
        me.handle.set(handle);
        let p = sim.find_protocol(handle).expect("registered");
        sim.set_originator(&p);
        *me.protocol.borrow_mut() = Some(p);
        me
    }

    /// Binding number `i`.
    #[must_use]
    pub fn binding(&self, i: usize) -> Rc<HostBinding> {
        self.bindings.borrow()[i].clone()
    }

    /// Issue a set OID on binding `i` with `buf`; returns NdisOidRequest's status and
    /// the bytes read.
    pub fn set_oid(&self, sim: &Sim, i: usize, oid: u32, buf: &mut [u8]) -> (NDIS_STATUS, u32) {
        self.oid_request(
            sim,
            i,
            NDIS_REQUEST_TYPE::NdisRequestSetInformation,
            oid,
            buf,
        )
    }

    /// Issue a query OID on binding `i`; returns NdisOidRequest's status and the bytes
    /// written.
    pub fn query_oid(&self, sim: &Sim, i: usize, oid: u32, buf: &mut [u8]) -> (NDIS_STATUS, u32) {
        self.oid_request(
            sim,
            i,
            NDIS_REQUEST_TYPE::NdisRequestQueryInformation,
            oid,
            buf,
        )
    }

    /// One OID request of `kind` over `buf`; the byte count is BytesRead for a set and
    /// BytesWritten for a query (0 when it pended).
    fn oid_request(
        &self,
        sim: &Sim,
        i: usize,
        kind: NDIS_REQUEST_TYPE,
        oid: u32,
        buf: &mut [u8],
    ) -> (NDIS_STATUS, u32) {
        let _e = sim.enter();
        let b = self.binding(i);
        let mut request = Box::new(NDIS_OID_REQUEST::default());
        request.RequestType = kind;
        // The query and set arms share Oid, buffer and length at the same offsets.
        request.DATA.QUERY_INFORMATION.Oid = oid;
        request.DATA.QUERY_INFORMATION.InformationBuffer = buf.as_mut_ptr().cast();
        request.DATA.QUERY_INFORMATION.InformationBufferLength = buf.len() as u32;
        let raw = Box::into_raw(request);
        // SAFETY: the host's own request on its binding.
        let status = unsafe { SimNdis::ndis_oid_request(b.handle.get(), raw) };
        if status == NDIS_STATUS_PENDING {
            return (status, 0);
        }
        // SAFETY: completed synchronously; the host frees its request.
        let r = unsafe { Box::from_raw(raw) };
        let count = if kind == NDIS_REQUEST_TYPE::NdisRequestSetInformation {
            // SAFETY: the set arm of a set request.
            unsafe { r.DATA.SET_INFORMATION.BytesRead }
        } else {
            // SAFETY: the query arm of a query request.
            unsafe { r.DATA.QUERY_INFORMATION.BytesWritten }
        };
        (status, count)
    }
}
