//! NET_BUFFER_LISTs in the simulator: allocation for models and test drivers (one NBL,
//! one NET_BUFFER, one MDL over an owned buffer, and a context area with spare room so
//! `NdisAllocateNetBufferListContext` normally needs no memory, as DP-8 assumes of the
//! host stack), chain helpers, the context-area allocator, and the books that track
//! which NBL is outstanding where.

use rustc_hash::FxHashMap as HashMap;
use std::ptr;

use chimney_im::ndis::{
    MDL, NET_BUFFER, NET_BUFFER_DATA, NET_BUFFER_DATA_LENGTH, NET_BUFFER_HEADER, NET_BUFFER_LIST,
    NET_BUFFER_LIST_CONTEXT, PNET_BUFFER_LIST,
};
use offload_tree::abi::{NDIS_HANDLE, NDIS_STATUS, PVOID};

/// Context bytes every simulator NBL carries ready for use.
pub const SPARE_CONTEXT: u16 = 256;

/// The memory of one simulator NBL. Boxed: addresses stay fixed.
#[repr(C)]
pub struct NblBlock {
    /// The NBL (16-aligned on x64).
    pub nbl: NET_BUFFER_LIST,
    /// Its one NET_BUFFER.
    pub nb: NET_BUFFER,
    /// Its one MDL.
    pub mdl: MDL,
    /// The context header; `context_data` follows it.
    pub context: NET_BUFFER_LIST_CONTEXT,
    /// Context bytes (the header's `ContextData`).
    pub context_data: [u8; SPARE_CONTEXT as usize],
    /// The payload the MDL maps.
    pub data: Vec<u8>,
}

/// Sends outstanding at one level of a binding stack.
#[derive(Clone, Debug)]
pub struct SendRecord {
    /// The binding it was sent on.
    pub open: usize,
    /// `ProtocolReserved` as it was sent (the originator's canaries).
    pub protocol_reserved: [PVOID; 4],
    /// Simulated time it was sent.
    pub time: u64,
    /// Whether the 30 s violation was already reported.
    pub reported: bool,
}

/// A receive indication outstanding at one level.
#[derive(Clone, Debug)]
pub struct Indication {
    /// The adapter that indicated it.
    pub adapter: usize,
    /// Bindings that still hold it.
    pub holders: Vec<usize>,
}

/// Every NBL the simulator knows about.
#[derive(Default)]
pub struct NblBook {
    /// NBLs the simulator allocated, by address.
    pub owned: HashMap<usize, Box<NblBlock>>,
    /// Send records per NBL, innermost last.
    pub sends: HashMap<usize, Vec<SendRecord>>,
    /// Receive indications per NBL, innermost last.
    pub indications: HashMap<usize, Vec<Indication>>,
    /// Extra context blocks allocated by NdisAllocateNetBufferListContext.
    pub extra_contexts: HashMap<usize, Box<[u128]>>,
}

/// The next NBL of a chain.
#[must_use]
pub(crate) fn next(nbl: PNET_BUFFER_LIST) -> PNET_BUFFER_LIST {
    // SAFETY: NBLs handed to NDIS stay valid until completed or returned (NDIS
    // contract); the simulator only walks chains it was handed in a call.
    unsafe { (*nbl).Next() }
}

/// Set the next link.
pub(crate) fn set_next(nbl: PNET_BUFFER_LIST, next: PNET_BUFFER_LIST) {
    // SAFETY: as in `next`; the simulator owns the chain during the call.
    unsafe { (*nbl).set_Next(next) };
}

/// Every NBL of a chain, in order (bounded: a chain longer than a million is a loop).
#[must_use]
pub(crate) fn chain(first: PNET_BUFFER_LIST) -> Vec<PNET_BUFFER_LIST> {
    let mut out = Vec::new();
    let mut at = first;
    while !at.is_null() && out.len() < 1_000_000 {
        out.push(at);
        at = next(at);
    }
    out
}

/// The NBLs of a chain, in order, as [`chain`] but without collecting them. Each NBL's
/// link is read before the NBL is yielded, so the caller may relink it.
pub(crate) fn chain_iter(first: PNET_BUFFER_LIST) -> impl Iterator<Item = PNET_BUFFER_LIST> {
    let mut at = first;
    let mut seen = 0usize;
    std::iter::from_fn(move || {
        if at.is_null() || seen >= 1_000_000 {
            return None;
        }
        let n = at;
        at = next(n);
        seen += 1;
        Some(n)
    })
}

/// Link `nbls` into one chain (NULL-terminated) and return its head.
#[must_use]
pub(crate) fn link(nbls: &[PNET_BUFFER_LIST]) -> PNET_BUFFER_LIST {
    for pair in nbls.windows(2) {
        set_next(pair[0], pair[1]);
    }
    if let Some(&last) = nbls.last() {
        set_next(last, ptr::null_mut());
    }
    nbls.first().copied().unwrap_or(ptr::null_mut())
}

/// The NBL's SourceHandle.
#[must_use]
pub(crate) fn source_handle(nbl: PNET_BUFFER_LIST) -> NDIS_HANDLE {
    // SAFETY: as in `next`.
    unsafe { (*nbl).SourceHandle }
}

/// The NBL's ProtocolReserved.
#[must_use]
pub(crate) fn protocol_reserved(nbl: PNET_BUFFER_LIST) -> [PVOID; 4] {
    // SAFETY: as in `next`.
    unsafe { (*nbl).ProtocolReserved.0 }
}

/// Write ProtocolReserved (canaries).
pub(crate) fn set_protocol_reserved(nbl: PNET_BUFFER_LIST, value: [PVOID; 4]) {
    // SAFETY: as in `next`.
    unsafe { (*nbl).ProtocolReserved.0 = value };
}

/// The NBL's Status.
#[must_use]
pub(crate) fn status(nbl: PNET_BUFFER_LIST) -> NDIS_STATUS {
    // SAFETY: as in `next`.
    unsafe { (*nbl).Status }
}

/// Set the NBL's Status.
pub(crate) fn set_status(nbl: PNET_BUFFER_LIST, status: NDIS_STATUS) {
    // SAFETY: as in `next`.
    unsafe { (*nbl).Status = status };
}

impl NblBook {
    /// Allocate an NBL carrying `payload` (one NB, one MDL, spare context space).
    pub fn allocate(&mut self, payload: &[u8]) -> PNET_BUFFER_LIST {
        let mut block = Box::new(NblBlock {
            nbl: NET_BUFFER_LIST::default(),
            // SAFETY: NET_BUFFER and MDL are plain data whose zero value is valid.
            nb: unsafe { std::mem::zeroed() },
            // SAFETY: as above.
            mdl: unsafe { std::mem::zeroed() },
            // SAFETY: as above.
            context: unsafe { std::mem::zeroed() },
            context_data: [0; SPARE_CONTEXT as usize],
            data: payload.to_vec(),
        });
        let b = &mut *block;
        b.mdl.MappedSystemVa = b.data.as_mut_ptr().cast();
        b.mdl.StartVa = b.mdl.MappedSystemVa;
        b.mdl.ByteCount = payload.len() as u32;
        b.nb.NetBufferHeader = NET_BUFFER_HEADER {
            NetBufferData: NET_BUFFER_DATA {
                Next: ptr::null_mut(),
                CurrentMdl: &raw mut b.mdl,
                CurrentMdlOffset: 0,
                NbDataLength: NET_BUFFER_DATA_LENGTH {
                    DataLength: payload.len() as u32,
                },
                MdlChain: &raw mut b.mdl,
                DataOffset: 0,
            },
        };
        b.context.Size = SPARE_CONTEXT;
        b.context.Offset = SPARE_CONTEXT;
        b.nbl.Context = &raw mut b.context;
        b.nbl.set_FirstNetBuffer(&raw mut b.nb);
        let nbl: PNET_BUFFER_LIST = &raw mut b.nbl;
        self.owned.insert(nbl as usize, block);
        nbl
    }

    /// Release a simulator NBL; false if it was not one of the simulator's.
    pub fn free(&mut self, nbl: PNET_BUFFER_LIST) -> bool {
        self.owned.remove(&(nbl as usize)).is_some()
    }

    /// The payload bytes of a simulator NBL from its NB's current data offset.
    #[must_use]
    pub fn payload(&self, nbl: PNET_BUFFER_LIST) -> Option<Vec<u8>> {
        let block = self.owned.get(&(nbl as usize))?;
        // SAFETY: the NET_BUFFER_DATA arm is the one the simulator wrote.
        let data = unsafe { block.nb.NetBufferHeader.NetBufferData };
        let start = data.DataOffset as usize;
        // SAFETY: as above.
        let len = unsafe { data.NbDataLength.DataLength } as usize;
        block.data.get(start..start + len).map(<[u8]>::to_vec)
    }
}

/// Link NBLs into a chain for tests outside the crate (see [`link`]).
#[must_use]
pub fn link_public(nbls: &[PNET_BUFFER_LIST]) -> PNET_BUFFER_LIST {
    link(nbls)
}
