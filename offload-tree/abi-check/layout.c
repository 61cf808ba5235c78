/*
 * layout.c — emits the layout of chimney_abi.h as data, for .ci/abi-crosscheck.sh.
 *
 * Nothing here runs. The file is compiled to an object with a mingw-w64 gcc
 * (-mms-bitfields) and the single array `abi_records` is read back from the
 * object's `.abichk` section (objcopy -O binary -j .abichk). decode.py turns
 * the records into the TSV that is diffed against the Rust layout tool.
 *
 * Every record has the same target-independent layout (only 32-bit integers
 * and char arrays; alignment 4; checked below), so one decoder serves x86 and
 * x64. Numbers are stored as the two 32-bit halves of `(long long)(value)`:
 * the C conversion rules therefore decide the printed sign (NDIS_STATUS is
 * `int`, so 0xC... codes come out negative; OIDs and sizes are unsigned).
 *
 * Bit-fields cannot be measured with offsetof/sizeof. For each one the record
 * carries an image of the structure in which only that bit-field is set to all
 * ones, plus the size of the bit-field's declared type; decode.py finds the
 * set bits and derives the storage unit's byte offset and the bit offset.
 */
#include <stddef.h>
#include "chimney_abi.h"

/* ------------------------------------------------------------------------ */
/* Sanity checks on the model itself (fail the build loudly, never patch)   */
/* ------------------------------------------------------------------------ */

_Static_assert(sizeof(UCHAR) == 1 && sizeof(USHORT) == 2 && sizeof(ULONG) == 4, "ST-1.1 integer widths");
_Static_assert(sizeof(ULONG64) == 8, "ST-1.1 ULONG64 width");
_Static_assert(sizeof(NDIS_STATUS) == 4 && (NDIS_STATUS)-1 < 0, "ST-2.2 NDIS_STATUS is signed 32-bit");
_Static_assert(sizeof(NDIS_CHIMNEY_OFFLOAD_TYPE) == 4 && sizeof(OFFLOAD_STATE_TYPE) == 4 &&
               sizeof(TCP_OFFLOAD_CONNECTION_STATE) == 4, "ST-1.1 enums are 32-bit");
_Static_assert(sizeof(PVOID) == sizeof(INITIATE_OFFLOAD_COMPLETE_HANDLER), "ST-1.1 fn pointers are P");

/* ST-1.1: MSVC gives ULONG64 8-byte alignment inside structures on x86 too.
 * This model relies on the compiler doing the same; if it ever does not, the
 * build stops here instead of silently producing a non-MSVC layout. */
struct u64_align_probe { ULONG a; ULONG64 b; };
_Static_assert(offsetof(struct u64_align_probe, b) == 8, "ULONG64 member not 8-aligned: not MSVC layout");

/* ST-11.1/11.2: the two block-list views overlay slot by slot. */
#define SAME_SLOT(FP, FM) \
    (offsetof(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, FP) == offsetof(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, FM))
_Static_assert(sizeof(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) == sizeof(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST),
               "ST-11.2 block views differ in size");
_Static_assert(SAME_SLOT(Header, Header) && SAME_SLOT(NextBlock, NextBlock) &&
               SAME_SLOT(DependentBlockList, DependentBlockList) && SAME_SLOT(Status, Status) &&
               SAME_SLOT(NdisReserved[0], NdisReserved[0]) && SAME_SLOT(NdisReserved[1], NdisReserved[1]) &&
               SAME_SLOT(NdisReserved[2], MiniportOffloadContext) && SAME_SLOT(OffloadHandle, NdisOffloadHandle) &&
               SAME_SLOT(ProtocolReserved, ProtocolReserved) && SAME_SLOT(MiniportReserved, MiniportReserved) &&
               SAME_SLOT(ImReserved, ImReserved) && SAME_SLOT(Scratch, Scratch) &&
               SAME_SLOT(SourceHandle, SourceHandle) && SAME_SLOT(PortNumber, PortNumber) &&
               SAME_SLOT(NetBufferListChain, NetBufferListChain),
               "ST-11.1 block views do not overlay");

/* ------------------------------------------------------------------------ */
/* Record format (must match decode.py)                                     */
/* ------------------------------------------------------------------------ */

#define ABI_MAGIC    0x31494241u   /* "ABI1" little-endian; first record  */
#define ABI_END      0x21444E45u   /* "END!" little-endian; last record   */
#define REC_STRUCT   1u            /* val: sizeof, alignof                */
#define REC_FIELD    2u            /* val: offset, size                   */
#define REC_BITFIELD 3u            /* val: unit size, width, sizeof(T); img */
#define REC_ENUM     4u            /* val: value                          */
#define REC_DEFINE   5u            /* val: value                          */

#define NAME_LEN 96
#define IMG_LEN  64

/* Structure images for bit-field records: one arm per structure that has bit-fields. */
typedef union {
    unsigned char                raw[IMG_LEN];
    TCP_OFFLOAD_STATE_CONST      img_TCP_OFFLOAD_STATE_CONST;
    TCP_OFFLOAD_STATE_CACHED     img_TCP_OFFLOAD_STATE_CACHED;
    NEIGHBOR_OFFLOAD_STATE_CONST img_NEIGHBOR_OFFLOAD_STATE_CONST;
    NDIS_TCP_CONNECTION_OFFLOAD  img_NDIS_TCP_CONNECTION_OFFLOAD;
} abi_bf_image;

typedef struct { unsigned int lo, hi; } abi_val;   /* halves of (long long)value */

typedef struct {
    unsigned int kind;
    unsigned int nval;
    abi_val      val[4];
    char         scope[NAME_LEN];   /* struct typedef name, or "ENUM" / "DEFINE" */
    char         name[NAME_LEN];    /* member name ("-" for the struct line) or constant name */
    abi_bf_image img;
} abi_rec;

_Static_assert(sizeof(abi_bf_image) == IMG_LEN && _Alignof(abi_bf_image) == 4, "image layout");
_Static_assert(sizeof(abi_rec) == 8 + 4 * 8 + 2 * NAME_LEN + IMG_LEN && _Alignof(abi_rec) == 4,
               "record layout must be target independent");

#define V(x) { (unsigned int)((unsigned long long)(long long)(x) & 0xFFFFFFFFu), \
               (unsigned int)((unsigned long long)(long long)(x) >> 32) }

#define STRUCT(T)  { REC_STRUCT, 2, { V(sizeof(T)), V(_Alignof(T)) }, #T, "-", { { 0 } } }
#define FIELD(T, F) { REC_FIELD, 2, { V(offsetof(T, F)), V(sizeof(((T *)0)->F)) }, #T, #F, { { 0 } } }
/* UT = declared type of the bit-field, W = declared width. The image holds T
 * with only F set to all ones ((1 << W) - 1 fits exactly, so no truncation). */
#define BITFIELD(T, F, UT, W)                                                        \
    { REC_BITFIELD, 3, { V(sizeof(UT)), V(W), V(sizeof(T)) }, #T, #F,                \
      { .img_##T = { .F = (UT)((1ULL << (W)) - 1) } } }
#define ENUMV(E)   { REC_ENUM, 1, { V(E) }, "ENUM", #E, { { 0 } } }
#define DEFINE(D)  { REC_DEFINE, 1, { V(D) }, "DEFINE", #D, { { 0 } } }

/* ------------------------------------------------------------------------ */
/* The records                                                              */
/* ------------------------------------------------------------------------ */

__attribute__((section(".abichk"), used, aligned(4)))
static const abi_rec abi_records[] = {
    { ABI_MAGIC, 2, { V(sizeof(abi_rec)), V(sizeof(PVOID)) }, "", "", { { 0 } } },

    /* ST-2.1 */
    STRUCT(NDIS_OBJECT_HEADER),
    FIELD(NDIS_OBJECT_HEADER, Type),
    FIELD(NDIS_OBJECT_HEADER, Revision),
    FIELD(NDIS_OBJECT_HEADER, Size),

    /* ST-2.6 */
    STRUCT(NDIS_OFFLOAD_ENCAPSULATION),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, Header),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv4),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv4.Enabled),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv4.EncapsulationType),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv4.HeaderSize),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv6),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv6.Enabled),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv6.EncapsulationType),
    FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv6.HeaderSize),

    /* ST-6.1 */
    STRUCT(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V4),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V4.Enabled),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V4.EncapsulationType),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V4.HeaderSize),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V6),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V6.Enabled),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V6.EncapsulationType),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, V6.HeaderSize),

    /* ST-6.2 */
    STRUCT(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, Header),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, Encapsulation),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TicksPerSecond),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpAckFrequency),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpDelayedAckTicks),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpMaximumRetransmissions),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpDoubtReachabilityRetransmissions),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpSwsPreventionTicks),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpDuplicateAckThreshold),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, TcpPushTicks),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, NceStaleTicks),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, CongestionAlgorithm),

    /* ST-6.3 */
    STRUCT(OFFLOAD_STATE_HEADER),
    FIELD(OFFLOAD_STATE_HEADER, Length),
    FIELD(OFFLOAD_STATE_HEADER, RecognizedOptions),

    /* ST-6.4 */
    STRUCT(TCP_OFFLOAD_STATE_CONST),
    FIELD(TCP_OFFLOAD_STATE_CONST, Header),
    FIELD(TCP_OFFLOAD_STATE_CONST, Flags),
    FIELD(TCP_OFFLOAD_STATE_CONST, RemotePort),
    FIELD(TCP_OFFLOAD_STATE_CONST, LocalPort),
    BITFIELD(TCP_OFFLOAD_STATE_CONST, SndWindScale, UCHAR, 4),
    BITFIELD(TCP_OFFLOAD_STATE_CONST, RcvWindScale, UCHAR, 4),
    FIELD(TCP_OFFLOAD_STATE_CONST, RemoteMss),
    FIELD(TCP_OFFLOAD_STATE_CONST, HashValue),

    /* ST-6.5 */
    STRUCT(TCP_OFFLOAD_STATE_CACHED),
    FIELD(TCP_OFFLOAD_STATE_CACHED, Header),
    FIELD(TCP_OFFLOAD_STATE_CACHED, Flags),
    FIELD(TCP_OFFLOAD_STATE_CACHED, InitialRcvWnd),
    FIELD(TCP_OFFLOAD_STATE_CACHED, RcvIndicationSize),
    FIELD(TCP_OFFLOAD_STATE_CACHED, KaProbeCount),
    FIELD(TCP_OFFLOAD_STATE_CACHED, KaTimeout),
    FIELD(TCP_OFFLOAD_STATE_CACHED, KaInterval),
    FIELD(TCP_OFFLOAD_STATE_CACHED, MaxRT),
    BITFIELD(TCP_OFFLOAD_STATE_CACHED, FlowLabel, ULONG, 20),
    FIELD(TCP_OFFLOAD_STATE_CACHED, TtlOrHopLimit),
    FIELD(TCP_OFFLOAD_STATE_CACHED, TosOrTrafficClass),
    BITFIELD(TCP_OFFLOAD_STATE_CACHED, UserPriority, UCHAR, 3),

    /* ST-6.6 (anonymous union/struct members under their plain names) */
    STRUCT(TCP_OFFLOAD_STATE_DELEGATED),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, Header),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, State),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, Flags),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, RcvNxt),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, RcvWnd),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SndUna),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SndNxt),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SndMax),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SndWnd),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, MaxSndWnd),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SendWL1),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, CWnd),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SsThresh),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SRtt),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, RttVar),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, TsRecent),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, TsRecentAge),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, TsTime),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, TotalRT),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, DupAckCount),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SndWndProbeCount),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, KeepAlive),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, KeepAlive.ProbeCount),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, KeepAlive.TimeoutDelta),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, Retransmit),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, Retransmit.Count),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, Retransmit.TimeoutDelta),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SendDataHead),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SendDataTail),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, SendBacklogSize),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, BufferedData),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, ReceiveBacklogSize),
    FIELD(TCP_OFFLOAD_STATE_DELEGATED, DWnd),

    /* ST-6.7 */
    STRUCT(PATH_OFFLOAD_STATE_CONST),
    FIELD(PATH_OFFLOAD_STATE_CONST, Header),
    FIELD(PATH_OFFLOAD_STATE_CONST, SourceAddress),
    FIELD(PATH_OFFLOAD_STATE_CONST, DestinationAddress),

    /* ST-6.8 */
    STRUCT(PATH_OFFLOAD_STATE_CACHED),
    FIELD(PATH_OFFLOAD_STATE_CACHED, Header),
    FIELD(PATH_OFFLOAD_STATE_CACHED, PathMtu),

    /* ST-6.9 */
    STRUCT(PATH_OFFLOAD_STATE_DELEGATED),
    FIELD(PATH_OFFLOAD_STATE_DELEGATED, Header),

    /* ST-6.10 */
    STRUCT(NEIGHBOR_OFFLOAD_STATE_CONST),
    FIELD(NEIGHBOR_OFFLOAD_STATE_CONST, Header),
    FIELD(NEIGHBOR_OFFLOAD_STATE_CONST, DlSourceAddress),
    BITFIELD(NEIGHBOR_OFFLOAD_STATE_CONST, VlanId, ULONG, 12),

    /* ST-6.11 */
    STRUCT(NEIGHBOR_OFFLOAD_STATE_CACHED),
    FIELD(NEIGHBOR_OFFLOAD_STATE_CACHED, Header),
    FIELD(NEIGHBOR_OFFLOAD_STATE_CACHED, DlDestinationAddress),
    FIELD(NEIGHBOR_OFFLOAD_STATE_CACHED, HostReachabilityDelta),

    /* ST-6.12 */
    STRUCT(NEIGHBOR_OFFLOAD_STATE_DELEGATED),
    FIELD(NEIGHBOR_OFFLOAD_STATE_DELEGATED, Header),
    FIELD(NEIGHBOR_OFFLOAD_STATE_DELEGATED, NicReachabilityDelta),

    /* ST-6.13 */
    STRUCT(TCP_OFFLOAD_STATS),
    FIELD(TCP_OFFLOAD_STATS, InSegments),
    FIELD(TCP_OFFLOAD_STATS, OutSegments),
    FIELD(TCP_OFFLOAD_STATS, CurrentlyEstablished),
    FIELD(TCP_OFFLOAD_STATS, ResetEstablished),
    FIELD(TCP_OFFLOAD_STATS, RetransmittedSegments),
    FIELD(TCP_OFFLOAD_STATS, InErrors),
    FIELD(TCP_OFFLOAD_STATS, OutResets),

    /* ST-6.14 */
    STRUCT(IP_OFFLOAD_STATS),
    FIELD(IP_OFFLOAD_STATS, InReceives),
    FIELD(IP_OFFLOAD_STATS, InOctets),
    FIELD(IP_OFFLOAD_STATS, InDelivers),
    FIELD(IP_OFFLOAD_STATS, OutRequests),
    FIELD(IP_OFFLOAD_STATS, OutOctets),
    FIELD(IP_OFFLOAD_STATS, InHeaderErrors),
    FIELD(IP_OFFLOAD_STATS, InTruncatedPackets),
    FIELD(IP_OFFLOAD_STATS, InDiscards),
    FIELD(IP_OFFLOAD_STATS, OutDiscards),
    FIELD(IP_OFFLOAD_STATS, OutNoRoutes),

    /* ST-6.15 */
    STRUCT(NDIS_OFFLOAD_HANDLE),
    FIELD(NDIS_OFFLOAD_HANDLE, NdisReserved),
    FIELD(NDIS_OFFLOAD_HANDLE, MiniportOffloadContext),

    /* ST-6.16 */
    STRUCT(NDIS_OFFLOAD_HANDLE_PRIVATE),
    FIELD(NDIS_OFFLOAD_HANDLE_PRIVATE, Handle),
    FIELD(NDIS_OFFLOAD_HANDLE_PRIVATE, ProtocolBindingContext),

    /* ST-6.17 */
    STRUCT(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Header),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NextBlock),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, DependentBlockList),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Status),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NdisReserved),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, OffloadHandle),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ProtocolReserved),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, MiniportReserved),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ImReserved),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Scratch),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, SourceHandle),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PortNumber),
    FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NetBufferListChain),

    /* ST-6.18 */
    STRUCT(NDIS_OFFLOAD_CLIENT_HANDLERS),
    FIELD(NDIS_OFFLOAD_CLIENT_HANDLERS, Header),

    /* ST-6.19 */
    STRUCT(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS),
    FIELD(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, Header),
    FIELD(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, TcpOffloadSendCompleteHandler),
    FIELD(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, TcpOffloadReceiveCompleteHandler),
    FIELD(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, TcpOffloadDisconnectCompleteHandler),
    FIELD(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, TcpOffloadForwardCompleteHandler),
    FIELD(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, TcpOffloadEventHandler),
    FIELD(NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, TcpOffloadReceiveIndicateHandler),

    /* ST-6.20 */
    STRUCT(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Header),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Flags),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InitiateOffloadCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, TerminateOffloadCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, UpdateOffloadCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InvalidateOffloadCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, QueryOffloadCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, IndicateOffloadEventHandler),

    /* ST-6.21 */
    STRUCT(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Header),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Flags),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, OffloadType),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadSendCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadDisconnectCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadForwardCompleteHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadEventHandler),
    FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveIndicateHandler),

    /* ST-6.22 */
    STRUCT(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Header),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NextBlock),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, DependentBlockList),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Status),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NdisReserved),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, MiniportOffloadContext),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NdisOffloadHandle),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ProtocolReserved),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, MiniportReserved),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ImReserved),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Scratch),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, SourceHandle),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, PortNumber),
    FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NetBufferListChain),

    /* ST-6.23 */
    STRUCT(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Header),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Flags),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InitiateOffloadHandler),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, TerminateOffloadHandler),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, UpdateOffloadHandler),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InvalidateOffloadHandler),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, QueryOffloadHandler),

    /* ST-6.24 */
    STRUCT(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Header),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Flags),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, OffloadType),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadSendHandler),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveHandler),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadDisconnectHandler),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadForwardHandler),
    FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveReturnHandler),

    /* ST-6.25 */
    STRUCT(NDIS_OFFLOAD_EVENT_HANDLERS),
    FIELD(NDIS_OFFLOAD_EVENT_HANDLERS, Header),

    /* ST-6.26 */
    STRUCT(NDIS_TCP_OFFLOAD_EVENT_HANDLERS),
    FIELD(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, Header),
    FIELD(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadEventHandler),
    FIELD(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadReceiveHandler),
    FIELD(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadSendComplete),
    FIELD(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadReceiveComplete),
    FIELD(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadDisconnectComplete),
    FIELD(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadForwardComplete),

    /* ST-8 note */
    STRUCT(NDIS_DRIVER_OPTIONAL_HANDLERS),
    FIELD(NDIS_DRIVER_OPTIONAL_HANDLERS, Header),

    /* ST-10.1 */
    STRUCT(NDIS_TCP_CONNECTION_OFFLOAD),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD, Header),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD, Encapsulation),
    BITFIELD(NDIS_TCP_CONNECTION_OFFLOAD, SupportIPv4, ULONG, 2),
    BITFIELD(NDIS_TCP_CONNECTION_OFFLOAD, SupportIPv6, ULONG, 2),
    BITFIELD(NDIS_TCP_CONNECTION_OFFLOAD, SupportIPv6ExtensionHeaders, ULONG, 2),
    BITFIELD(NDIS_TCP_CONNECTION_OFFLOAD, SupportSack, ULONG, 2),
    BITFIELD(NDIS_TCP_CONNECTION_OFFLOAD, CongestionAlgorithm, ULONG, 4),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD, TcpConnectionOffloadCapacity),
    FIELD(NDIS_TCP_CONNECTION_OFFLOAD, Flags),

    /* ST-10.2 */
    STRUCT(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES),
    FIELD(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, Header),
    FIELD(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, DefaultOffloadConfiguration),
    FIELD(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, HardwareOffloadCapabilities),
    FIELD(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, DefaultTcpConnectionOffloadConfiguration),
    FIELD(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, TcpConnectionOffloadHardwareCapabilities),

    /* ST-4.1 */
    ENUMV(NdisTcpChimneyOffload),
    ENUMV(NdisIpsecChimneyOffload),
    ENUMV(NdisRdmaChimneyOffload),
    ENUMV(NdisMaxChimneyOffload),

    /* ST-4.2 */
    ENUMV(NeighborReachabilityInDoubt),
    ENUMV(NeighborReachabilityQuery),
    ENUMV(MaxOffloadEvent),

    /* ST-4.3 */
    ENUMV(NeighborOffloadConstState),
    ENUMV(NeighborOffloadCachedState),
    ENUMV(NeighborOffloadDelegatedState),
    ENUMV(NeighborOffloadState),
    ENUMV(Ip4OffloadConstState),
    ENUMV(Ip4OffloadCachedState),
    ENUMV(Ip4OffloadDelegatedState),
    ENUMV(Ip4OffloadState),
    ENUMV(Ip6OffloadConstState),
    ENUMV(Ip6OffloadCachedState),
    ENUMV(Ip6OffloadDelegatedState),
    ENUMV(Ip6OffloadState),
    ENUMV(TcpOffloadConstState),
    ENUMV(TcpOffloadCachedState),
    ENUMV(TcpOffloadDelegatedState),
    ENUMV(TcpOffloadResourceState),
    ENUMV(TcpOffloadState),
    ENUMV(FilterReservedOffloadState),
    ENUMV(MaximumOffloadState),

    /* ST-4.4 */
    ENUMV(TcpConnectionClosed),
    ENUMV(TcpConnectionListen),
    ENUMV(TcpConnectionSynSent),
    ENUMV(TcpConnectionSynRcvd),
    ENUMV(TcpConnectionEstablished),
    ENUMV(TcpConnectionFinWait1),
    ENUMV(TcpConnectionFinWait2),
    ENUMV(TcpConnectionCloseWait),
    ENUMV(TcpConnectionClosing),
    ENUMV(TcpConnectionLastAck),
    ENUMV(TcpConnectionTimeWait),
    ENUMV(TcpConnectionMaxState),

    /* ST-4.5 */
    ENUMV(LowActivity),
    ENUMV(HighDropRate),
    ENUMV(SmallIO),
    ENUMV(NoBufferPreposting),
    ENUMV(NoBufferProposting),
    ENUMV(ReceivedUrgentData),
    ENUMV(HighFragmentation),
    ENUMV(HighOutOfOrderPackets),
    ENUMV(TimeoutExpiration),
    ENUMV(InvalidState),
    ENUMV(UploadRequested),
    ENUMV(HardwareFailure),
    ENUMV(MaxUploadReason),

    /* ST-4.6 */
    ENUMV(TcpIndicateSendBacklogChange),
    ENUMV(TcpIndicateDisconnect),
    ENUMV(TcpIndicateRetrieve),
    ENUMV(TcpIndicateAbort),

    /* ST-9.6 NET_BUFFER_LIST_INFO ids */
    ENUMV(TcpOffloadBytesTransferred),
    ENUMV(TcpReceiveNoPush),
    ENUMV(TcpReceiveBytesTransferred),

    /* §5 */
    DEFINE(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS_1),
    DEFINE(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS_2),
    DEFINE(NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_1),
    DEFINE(NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_2),
    DEFINE(TCP_DISCONNECT_GRACEFUL_CLOSE),
    DEFINE(TCP_DISCONNECT_ABORTIVE_CLOSE),
    DEFINE(TCP_FLAG_TIMESTAMP_ENABLED),
    DEFINE(TCP_FLAG_SACK_ENABLED),
    DEFINE(TCP_FLAG_WINDOW_SCALING_ENABLED),
    DEFINE(TCP_FLAG_KEEP_ALIVE_ENABLED),
    DEFINE(TCP_FLAG_NAGLING_ENABLED),
    DEFINE(TCP_FLAG_KEEP_ALIVE_RESTART),
    DEFINE(TCP_FLAG_MAX_RT_RESTART),
    DEFINE(TCP_FLAG_UPDATE_RCV_WND),
    DEFINE(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1),
    DEFINE(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1),
    DEFINE(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1),
    DEFINE(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1),
    DEFINE(NDIS_OBJECT_TCP_OFFLOAD_REVISION_1),
    DEFINE(NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1),

    /* ST-2.4, ST-2.6, ST-10.1 */
    DEFINE(NDIS_DEFAULT_PORT_NUMBER),
    DEFINE(NDIS_OFFLOAD_ENCAPSULATION_REVISION_1),
    DEFINE(NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1),
    DEFINE(NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1),
    DEFINE(NDIS_TCP_CONNECTION_OFFLOAD_REVISION_2),
    DEFINE(NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1),

    /* ST-9.1 */
    DEFINE(NDIS_OBJECT_TYPE_DEFAULT),
    DEFINE(NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES),
    DEFINE(NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS),
    DEFINE(NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS),
    DEFINE(NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS),
    DEFINE(NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS),
    DEFINE(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES),
    DEFINE(NDIS_OBJECT_TYPE_OFFLOAD),
    DEFINE(NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION),

    /* ST-9.2 */
    DEFINE(NDIS_STATUS_OFFLOAD_PAUSE),
    DEFINE(NDIS_STATUS_UPLOAD_ALL),
    DEFINE(NDIS_STATUS_OFFLOAD_RESUME),
    DEFINE(NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS),
    DEFINE(NDIS_STATUS_OFFLOAD_STATE_INVALID),
    DEFINE(NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG),
    DEFINE(NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES),
    DEFINE(NDIS_STATUS_OFFLOAD_ENCASPULATION_CHANGE),
    DEFINE(NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES),
    DEFINE(NDIS_STATUS_OFFLOAD_IM_RESERVED1),
    DEFINE(NDIS_STATUS_OFFLOAD_IM_RESERVED2),
    DEFINE(NDIS_STATUS_OFFLOAD_IM_RESERVED3),

    /* ST-9.3 (NDIS_STATUS_OFFLOAD_PATH_MTU has no value and is omitted) */
    DEFINE(NDIS_STATUS_UPLOAD_IN_PROGRESS),
    DEFINE(NDIS_STATUS_REQUEST_UPLOAD),
    DEFINE(NDIS_STATUS_UPLOAD_REQUESTED),
    DEFINE(NDIS_STATUS_OFFLOAD_TCP_ENTRIES),
    DEFINE(NDIS_STATUS_OFFLOAD_PATH_ENTRIES),
    DEFINE(NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES),
    DEFINE(NDIS_STATUS_OFFLOAD_IP_ADDRESS_ENTRIES),
    DEFINE(NDIS_STATUS_OFFLOAD_HW_ADDRESS_ENTRIES),
    DEFINE(NDIS_STATUS_OFFLOAD_VLAN_ENTRIES),
    DEFINE(NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER),
    DEFINE(NDIS_STATUS_OFFLOAD_TCP_RCV_BUFFER),
    DEFINE(NDIS_STATUS_OFFLOAD_TCP_RCV_WINDOW),
    DEFINE(NDIS_STATUS_OFFLOAD_VLAN_MISMATCH),
    DEFINE(NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED),
    DEFINE(NDIS_STATUS_OFFLOAD_POLICY),
    DEFINE(NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED),
    DEFINE(NDIS_STATUS_OFFLOAD_REQUEST_RESET),
    DEFINE(NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED),

    /* ST-9.4 */
    DEFINE(NDIS_STATUS_SUCCESS),
    DEFINE(NDIS_STATUS_PENDING),
    DEFINE(NDIS_STATUS_FAILURE),
    DEFINE(NDIS_STATUS_RESOURCES),
    DEFINE(NDIS_STATUS_INVALID_PARAMETER),
    DEFINE(NDIS_STATUS_NOT_SUPPORTED),
    DEFINE(NDIS_STATUS_INVALID_STATE),
    DEFINE(NDIS_STATUS_REQUEST_ABORTED),
    DEFINE(NDIS_STATUS_SEND_ABORTED),
    DEFINE(NDIS_STATUS_PAUSED),

    /* ST-9.5 */
    DEFINE(OID_TCP_TASK_OFFLOAD),
    DEFINE(OID_TCP4_OFFLOAD_STATS),
    DEFINE(OID_TCP6_OFFLOAD_STATS),
    DEFINE(OID_IP4_OFFLOAD_STATS),
    DEFINE(OID_IP6_OFFLOAD_STATS),
    DEFINE(OID_TCP_OFFLOAD_CURRENT_CONFIG),
    DEFINE(OID_TCP_OFFLOAD_PARAMETERS),
    DEFINE(OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES),
    DEFINE(OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG),
    DEFINE(OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES),
    DEFINE(OID_OFFLOAD_ENCAPSULATION),
    DEFINE(OID_TCP_CONNECTION_OFFLOAD_PARAMETERS),

    /* ST-9.6 (the three NET_BUFFER_LIST_INFO ids are ENUM lines above) */
    DEFINE(NDIS_ENCAPSULATION_NOT_SUPPORTED),
    DEFINE(NDIS_ENCAPSULATION_NULL),
    DEFINE(NDIS_ENCAPSULATION_IEEE_802_3),
    DEFINE(NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q),
    DEFINE(NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q_IN_OOB),
    DEFINE(NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED),
    DEFINE(NDIS_OFFLOAD_SET_NO_CHANGE),
    DEFINE(NDIS_OFFLOAD_SET_ON),
    DEFINE(NDIS_OFFLOAD_SET_OFF),
    DEFINE(NDIS_OFFLOAD_NOT_SUPPORTED),
    DEFINE(NDIS_OFFLOAD_SUPPORTED),
    DEFINE(NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_DISABLED),
    DEFINE(NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_ENABLED),

    { ABI_END, 0, { V(0) }, "", "", { { 0 } } },
};
