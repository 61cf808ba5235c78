//! The IM's own chimney counters as one structure (issue 10): what the custom OID
//! [`OID_CHIMNEY_IM_STATISTICS`] returns and the WMI class `ChimneyIm_Statistics`
//! (`driver/chimney_im.mof`, GUID [`GUID_CHIMNEY_IM_STATISTICS`]) describes, member for
//! member. Every figure is an atomic the relay paths update without a lock; a query
//! copies them (a snapshot, not a transaction).
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    reason = "the structure crosses the WMI ABI with the MOF class's names"
)]

use core::sync::atomic::Ordering;

use crate::binding::Binding;
use crate::ndis::LARGE_INTEGER;
use crate::platform::Ndis;

/// The custom OID of the statistics (a vendor OID: 0xFF in the top byte).
pub const OID_CHIMNEY_IM_STATISTICS: u32 = 0xFF43_4901;

/// `{7bc326a4-3385-4272-8d28-559ea7030047}`: the WMI GUID mapped to
/// [`OID_CHIMNEY_IM_STATISTICS`] through OID_GEN_SUPPORTED_GUIDS, as GUID bytes
/// (Data1..Data3 little-endian, Data4 as is).
pub const GUID_CHIMNEY_IM_STATISTICS: [u8; 16] = [
    0xa4, 0x26, 0xc3, 0x7b, 0x85, 0x33, 0x72, 0x42, 0x8d, 0x28, 0x55, 0x9e, 0xa7, 0x03, 0x00, 0x47,
];

/// `fNDIS_GUID_TO_OID`: the GUID maps to an OID.
pub const fNDIS_GUID_TO_OID: u32 = 0x0000_0001;
/// `fNDIS_GUID_ALLOW_READ`: WMI may query it.
pub const fNDIS_GUID_ALLOW_READ: u32 = 0x0000_0020;

/// `NDIS_GUID` (ndis.h): one entry of the OID_GEN_SUPPORTED_GUIDS answer. 28 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NDIS_GUID {
    /// The WMI GUID.
    pub Guid: [u8; 16],
    /// The OID it maps to (the union's `Oid` arm).
    pub Oid: u32,
    /// Bytes of the data (of one element for an array).
    pub Size: u32,
    /// `fNDIS_GUID_*`.
    pub Flags: u32,
}

const _: () = assert!(size_of::<NDIS_GUID>() == 28);

/// The velan's answer to OID_GEN_SUPPORTED_GUIDS.
pub const SUPPORTED_GUIDS: [NDIS_GUID; 1] = [NDIS_GUID {
    Guid: GUID_CHIMNEY_IM_STATISTICS,
    Oid: OID_CHIMNEY_IM_STATISTICS,
    Size: size_of::<CHIMNEY_IM_STATISTICS>() as u32,
    Flags: fNDIS_GUID_TO_OID | fNDIS_GUID_ALLOW_READ,
}];

/// Revision of [`CHIMNEY_IM_STATISTICS`].
pub const CHIMNEY_IM_STATISTICS_REVISION_1: u32 = 1;

/// What an offloaded object is, by its block type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// Neighbor.
    Neighbor = 0,
    /// Path (IPv4 or IPv6).
    Path = 1,
    /// TCP connection.
    Tcp = 2,
}

impl Kind {
    /// The kind of a block whose `Header.Type` is `ty` (an `OFFLOAD_STATE_TYPE`: the
    /// four types of each object, ST-3).
    #[must_use]
    pub fn of(ty: u8) -> Self {
        match i32::from(ty) {
            1..=4 => Kind::Neighbor,
            5..=12 => Kind::Path,
            _ => Kind::Tcp,
        }
    }
}

/// The statistics, all 64-bit counters after the 8-byte header: 272 bytes on x86 and
/// x64 (no member needs padding on either).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CHIMNEY_IM_STATISTICS {
    /// [`CHIMNEY_IM_STATISTICS_REVISION_1`].
    pub Revision: u32,
    /// `size_of` this structure.
    pub Size: u32,
    /// Neighbors, paths, TCP connections offloaded through the velan, ever.
    pub ObjectsOffloaded: [u64; 3],
    /// Neighbors, paths, TCP connections offloaded now.
    pub ObjectsCurrent: [u64; 3],
    /// Initiate blocks the target failed.
    pub InitiateBlocksFailed: u64,
    /// Initiates the IM failed with NDIS_STATUS_RESOURCES (OP-40).
    pub InitiatesFailedResources: u64,
    /// Initiates the IM refused with NDIS_STATUS_FAILURE (OP-41).
    pub InitiatesRefused: u64,
    /// Malformed trees (OP-42a).
    pub TreesMalformed: u64,
    /// Upload requests by `TCP_UPLOAD_REASON` (1..11; 0 unused).
    pub UploadRequests: [u64; 12],
    /// NDIS_STATUS_UPLOAD_ALL indications (drains that had something to upload).
    pub UploadAllRequests: u64,
    /// Offloaded I/O requests relayed down.
    pub IoRelayed: u64,
    /// Offloaded I/O requests completed by the IM (DP-50..DP-52).
    pub IoRefused: u64,
    /// Receive indications relayed up.
    pub ReceiveIndications: u64,
    /// Drains started and their total duration (100 ns).
    pub Drains: u64,
    /// See `Drains`.
    pub DrainTime: u64,
    /// Bytes acknowledged on offloaded sends.
    pub BytesSent: u64,
    /// Bytes received on offloaded connections.
    pub BytesReceived: u64,
    /// Entries in the offload table, live now, and at most ever.
    pub PoolEntries: u64,
    /// See `PoolEntries`.
    pub PoolLive: u64,
    /// See `PoolEntries`.
    pub PoolHighWater: u64,
}

const _: () = assert!(size_of::<CHIMNEY_IM_STATISTICS>() == 272);

/// The current figures of `b`.
#[must_use]
pub fn snapshot<N: Ndis>(b: &Binding<N>) -> CHIMNEY_IM_STATISTICS {
    let s = &b.offload.stats;
    let get = |a: &core::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
    let (live, peak) = b.offload.live_entries();
    CHIMNEY_IM_STATISTICS {
        Revision: CHIMNEY_IM_STATISTICS_REVISION_1,
        Size: size_of::<CHIMNEY_IM_STATISTICS>() as u32,
        ObjectsOffloaded: s.objects_offloaded.each_ref().map(get),
        ObjectsCurrent: s.objects_current.each_ref().map(get),
        InitiateBlocksFailed: get(&s.failed_blocks),
        InitiatesFailedResources: get(&s.initiate_resources),
        InitiatesRefused: get(&s.initiate_refused),
        TreesMalformed: get(&s.malformed),
        UploadRequests: s.upload_requests.each_ref().map(get),
        UploadAllRequests: get(&s.upload_all),
        IoRelayed: get(&s.io_down),
        IoRefused: get(&s.io_refused),
        ReceiveIndications: get(&s.receives_up),
        Drains: get(&s.drains),
        DrainTime: get(&s.drain_time),
        BytesSent: get(&s.bytes_sent),
        BytesReceived: get(&s.bytes_received),
        PoolEntries: b.offload.capacity() as u64,
        PoolLive: live as u64,
        PoolHighWater: peak as u64,
    }
}

/// The object of `e`, whose block has `Header.Type` `ty`, was offloaded: its kind goes
/// into the entry (for [`terminated`]) and is returned for [`offloaded`] to count.
pub fn mark_offloaded(e: &super::table::Entry, ty: u8) -> Kind {
    let kind = Kind::of(ty);
    e.kind.store(kind as u8, Ordering::Relaxed);
    kind
}

/// One completion offloaded `per_kind[k]` objects of each [`Kind`] `k` (OP-24): the
/// counters move once per tree, not once per block.
pub fn offloaded<N: Ndis>(b: &Binding<N>, per_kind: &[u64; 3]) {
    let stats = &b.offload.stats;
    let mut blocks = 0;
    for (i, &n) in per_kind.iter().enumerate() {
        if n != 0 {
            stats.objects_offloaded[i].fetch_add(n, Ordering::Relaxed);
            stats.objects_current[i].fetch_add(n, Ordering::Relaxed);
            blocks += n;
        }
    }
    if blocks != 0 {
        stats.offloaded_blocks.fetch_add(blocks, Ordering::Relaxed);
    }
}

/// The object of `e` was terminated.
pub fn terminated<N: Ndis>(b: &Binding<N>, e: &super::table::Entry) {
    b.offload.stats.terminated.fetch_add(1, Ordering::Relaxed);
    let kind = e.kind.load(Ordering::Relaxed);
    if let Some(c) = b.offload.stats.objects_current.get(usize::from(kind)) {
        let _ = c.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
            Some(v.saturating_sub(1))
        });
    }
}

/// H is asked to upload for `reason` (a `TCP_UPLOAD_REASON` value).
pub fn upload_requested<N: Ndis>(b: &Binding<N>, reason: u32) {
    if let Some(c) = b.offload.stats.upload_requests.get(reason as usize) {
        c.fetch_add(1, Ordering::Relaxed);
    }
}

/// Now, in 100 ns units.
fn now<N: Ndis>() -> u64 {
    let mut t = LARGE_INTEGER::default();
    // SAFETY: NdisGetCurrentSystemTime writes the caller's local; any IRQL.
    unsafe { N::ndis_get_current_system_time(&raw mut t) };
    // SAFETY: LARGE_INTEGER is a union of plain integers; QuadPart covers it.
    u64::try_from(unsafe { t.QuadPart }.0).unwrap_or(0)
}

/// A drain asked H to upload (EV-30): counted, and timed until the last entry goes.
pub fn drain_started<N: Ndis>(b: &Binding<N>) {
    b.offload.stats.drains.fetch_add(1, Ordering::Relaxed);
    let _ = b.offload.stats.drain_start.compare_exchange(
        0,
        now::<N>().max(1),
        Ordering::AcqRel,
        Ordering::Acquire,
    );
}

/// The last entry went: a running drain is over.
pub fn drain_ended<N: Ndis>(b: &Binding<N>) {
    let start = b.offload.stats.drain_start.swap(0, Ordering::AcqRel);
    if start != 0 {
        let took = now::<N>().saturating_sub(start);
        b.offload
            .stats
            .drain_time
            .fetch_add(took, Ordering::Relaxed);
    }
}
