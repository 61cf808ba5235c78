/*
 * chimney_abi.h — independent C transcription of the TCP Chimney ABI
 * (WDK ndischimney.h plus the few ndis.h / ntddndis.h / nbl.h items it needs),
 * written from /work/shared/spec/structures.md only, for the layout
 * cross-check in .ci/abi-crosscheck.sh. Not used by the driver build.
 *
 * Compile with a mingw-w64 gcc and -mms-bitfields (MSVC bit-field
 * allocation, ST-1.3). No packing and no explicit alignment anywhere: every
 * structure has natural MSVC layout (ST-0.4). NDIS_SUPPORT_NDIS6 and
 * NDIS_SUPPORT_NDIS61 are both 1, so every NDIS61 member is present (ST-0.5).
 *
 * Member names follow the spec tables exactly. Calling conventions are left
 * out of the callback typedefs (they do not affect layout; ST-1.2).
 */
#ifndef CHIMNEY_ABI_H
#define CHIMNEY_ABI_H

#if !defined(__MINGW32__)
#error "chimney_abi.h models the Windows (LLP64, MSVC-layout) ABI: compile with a mingw-w64 gcc"
#endif

/* ------------------------------------------------------------------------ */
/* ST-1.1 base types (LLP64: ULONG is 32-bit on x64 too)                    */
/* ------------------------------------------------------------------------ */
typedef unsigned char      UCHAR;
typedef unsigned char      BOOLEAN;
typedef unsigned short     USHORT;
typedef unsigned int       ULONG;
typedef int                LONG;
typedef unsigned long long ULONG64;   /* 8-aligned in structs on i686 mingw too (checked in layout.c) */
typedef void               VOID;
typedef void              *PVOID;
typedef ULONG             *PULONG;

typedef PVOID NDIS_HANDLE;            /* ST-2.3 */
typedef int   NDIS_STATUS;            /* ST-2.2: signed 32-bit */
typedef ULONG NDIS_PORT_NUMBER;       /* ST-2.4 */
#define NDIS_DEFAULT_PORT_NUMBER ((NDIS_PORT_NUMBER)0)

/* ST-2.5: opaque here; only pointers to it appear. */
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;
/* ST-10.2: NDIS_OFFLOAD (task offload) only appears behind pointers. */
typedef struct _NDIS_OFFLOAD NDIS_OFFLOAD, *PNDIS_OFFLOAD;

/* ------------------------------------------------------------------------ */
/* §2 types from other headers                                              */
/* ------------------------------------------------------------------------ */

/* ST-2.1 NDIS_OBJECT_HEADER: no pointers. */
typedef struct _NDIS_OBJECT_HEADER {
    UCHAR  Type;
    UCHAR  Revision;
    USHORT Size;
} NDIS_OBJECT_HEADER, *PNDIS_OBJECT_HEADER;

/* ST-2.6 NDIS_OFFLOAD_ENCAPSULATION: two named inline structs, all ULONG. */
typedef struct _NDIS_OFFLOAD_ENCAPSULATION {
    NDIS_OBJECT_HEADER Header;
    struct {
        ULONG Enabled;
        ULONG EncapsulationType;
        ULONG HeaderSize;
    } IPv4;
    struct {
        ULONG Enabled;
        ULONG EncapsulationType;
        ULONG HeaderSize;
    } IPv6;
} NDIS_OFFLOAD_ENCAPSULATION, *PNDIS_OFFLOAD_ENCAPSULATION;

/* ST-2.8 */
#define RTL_SIZEOF_THROUGH_FIELD(T, F) (__builtin_offsetof(T, F) + sizeof(((T *)0)->F))

#define NDIS_OFFLOAD_ENCAPSULATION_REVISION_1 1
#define NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv6)

/* ------------------------------------------------------------------------ */
/* ndischimney.h body, header order (§3)                                    */
/* ------------------------------------------------------------------------ */

/* ST-6.1 (#1): inline V4/V6 structs with a UCHAR Enabled (padding follows).
 * ST-3.1: the typedef repeats its own name instead of a pointer typedef. */
typedef struct _NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION {
    struct {
        UCHAR Enabled;
        ULONG EncapsulationType;
        ULONG HeaderSize;
    } V4;
    struct {
        UCHAR Enabled;
        ULONG EncapsulationType;
        ULONG HeaderSize;
    } V6;
} NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION, NDIS_TCP_CONNECTION_OFFLOAD_ENCAPSULATION;

/* §5 (#2, #3) */
#define NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS_1 1
#define NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS_2 2   /* NDIS61 */

/* ST-6.2 (#4): CongestionAlgorithm is the NDIS61 member, a full ULONG (ST-13 item 1). */
typedef struct _NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS {
    NDIS_OBJECT_HEADER         Header;
    NDIS_OFFLOAD_ENCAPSULATION Encapsulation;
    ULONG                      TicksPerSecond;
    UCHAR                      TcpAckFrequency;
    UCHAR                      TcpDelayedAckTicks;
    UCHAR                      TcpMaximumRetransmissions;
    UCHAR                      TcpDoubtReachabilityRetransmissions;
    ULONG                      TcpSwsPreventionTicks;
    ULONG                      TcpDuplicateAckThreshold;
    ULONG                      TcpPushTicks;
    ULONG                      NceStaleTicks;
    ULONG                      CongestionAlgorithm;      /* #if NDIS_SUPPORT_NDIS61 */
} NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, *PNDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS;

/* §5 (#5, #6) */
#define NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, NceStaleTicks)
#define NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_PARAMETERS_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TCP_CONNECTION_OFFLOAD_PARAMETERS, CongestionAlgorithm)

/* ST-4.1 (#7) */
typedef enum {
    NdisTcpChimneyOffload   = 1,
    NdisIpsecChimneyOffload = 2,
    NdisRdmaChimneyOffload  = 3,
    NdisMaxChimneyOffload   = 4
} NDIS_CHIMNEY_OFFLOAD_TYPE, *PNDIS_CHIMNEY_OFFLOAD_TYPE;

/* ST-4.2 (#8) */
typedef enum {
    NeighborReachabilityInDoubt = 1,
    NeighborReachabilityQuery   = 2,
    MaxOffloadEvent             = 3
} INDICATE_OFFLOAD_EVENT, *PINDICATE_OFFLOAD_EVENT;

/* ST-4.3 (#9) */
typedef enum {
    NeighborOffloadConstState     = 1,
    NeighborOffloadCachedState    = 2,
    NeighborOffloadDelegatedState = 3,
    NeighborOffloadState          = 4,
    Ip4OffloadConstState          = 5,
    Ip4OffloadCachedState         = 6,
    Ip4OffloadDelegatedState      = 7,
    Ip4OffloadState               = 8,
    Ip6OffloadConstState          = 9,
    Ip6OffloadCachedState         = 10,
    Ip6OffloadDelegatedState      = 11,
    Ip6OffloadState               = 12,
    TcpOffloadConstState          = 13,
    TcpOffloadCachedState         = 14,
    TcpOffloadDelegatedState      = 15,
    TcpOffloadResourceState       = 16,
    TcpOffloadState               = 17,
    FilterReservedOffloadState    = 0xFE,
    MaximumOffloadState           = 0xFF
} OFFLOAD_STATE_TYPE, *POFFLOAD_STATE_TYPE;

/* ST-6.3 (#10) */
typedef struct _OFFLOAD_STATE_HEADER {
    ULONG Length;
    ULONG RecognizedOptions;
} OFFLOAD_STATE_HEADER, *POFFLOAD_STATE_HEADER;

/* ST-4.4 (#11) */
typedef enum {
    TcpConnectionClosed      = 0,
    TcpConnectionListen      = 1,
    TcpConnectionSynSent     = 2,
    TcpConnectionSynRcvd     = 3,
    TcpConnectionEstablished = 4,
    TcpConnectionFinWait1    = 5,
    TcpConnectionFinWait2    = 6,
    TcpConnectionCloseWait   = 7,
    TcpConnectionClosing     = 8,
    TcpConnectionLastAck     = 9,
    TcpConnectionTimeWait    = 10,
    TcpConnectionMaxState    = 11
} TCP_OFFLOAD_CONNECTION_STATE, *PTCP_OFFLOAD_CONNECTION_STATE;

/* ST-4.5 (#12): NoBufferProposting is the header's legacy alias of 4. */
typedef enum {
    LowActivity           = 1,
    HighDropRate          = 2,
    SmallIO               = 3,
    NoBufferPreposting    = 4,
    NoBufferProposting    = NoBufferPreposting,
    ReceivedUrgentData    = 5,
    HighFragmentation     = 6,
    HighOutOfOrderPackets = 7,
    TimeoutExpiration     = 8,
    InvalidState          = 9,
    UploadRequested       = 10,
    HardwareFailure       = 11,
    MaxUploadReason       = 12
} TCP_UPLOAD_REASON, *PTCP_UPLOAD_REASON;

/* §5 (#13) */
#define TCP_DISCONNECT_GRACEFUL_CLOSE 0x01
#define TCP_DISCONNECT_ABORTIVE_CLOSE 0x02

/* ST-4.6 (#14) */
typedef enum {
    TcpIndicateSendBacklogChange = 1,
    TcpIndicateDisconnect        = 2,
    TcpIndicateRetrieve          = 3,
    TcpIndicateAbort             = 4
} TCP_OFFLOAD_EVENT_TYPE, *PTCP_OFFLOAD_EVENT_TYPE;

/* §5 (#15): TCP_OFFLOAD_STATE_CONST.Flags */
#define TCP_FLAG_TIMESTAMP_ENABLED      0x01
#define TCP_FLAG_SACK_ENABLED           0x02
#define TCP_FLAG_WINDOW_SCALING_ENABLED 0x04

/* ST-6.4 (#16): one UCHAR bit-field unit (SndWindScale 0-3, RcvWindScale 4-7; ST-1.3). */
typedef struct _TCP_OFFLOAD_STATE_CONST {
    OFFLOAD_STATE_HEADER Header;
    USHORT               Flags;
    USHORT               RemotePort;
    USHORT               LocalPort;
    UCHAR                SndWindScale : 4;
    UCHAR                RcvWindScale : 4;
    USHORT               RemoteMss;
    ULONG                HashValue;
} TCP_OFFLOAD_STATE_CONST, *PTCP_OFFLOAD_STATE_CONST;

/* §5 (#17): TCP_OFFLOAD_STATE_CACHED.Flags */
#define TCP_FLAG_KEEP_ALIVE_ENABLED 0x01
#define TCP_FLAG_NAGLING_ENABLED    0x02
#define TCP_FLAG_KEEP_ALIVE_RESTART 0x04
#define TCP_FLAG_MAX_RT_RESTART     0x08
#define TCP_FLAG_UPDATE_RCV_WND     0x10

/* ST-6.5 (#18): ULONG unit FlowLabel:20, closed by two plain UCHARs, then a
 * separate UCHAR unit UserPriority:3 (ST-1.3). */
typedef struct _TCP_OFFLOAD_STATE_CACHED {
    OFFLOAD_STATE_HEADER Header;
    USHORT               Flags;
    ULONG                InitialRcvWnd;
    ULONG                RcvIndicationSize;
    UCHAR                KaProbeCount;
    ULONG                KaTimeout;
    ULONG                KaInterval;
    ULONG                MaxRT;
    ULONG                FlowLabel : 20;
    UCHAR                TtlOrHopLimit;
    UCHAR                TosOrTrafficClass;
    UCHAR                UserPriority : 3;
} TCP_OFFLOAD_STATE_CACHED, *PTCP_OFFLOAD_STATE_CACHED;

/* ST-6.6 (#19): KeepAlive/Retransmit are structs (ST-13 item 2); two anonymous
 * unions, the first holding an anonymous two-pointer struct; DWnd is NDIS61. */
typedef struct _TCP_OFFLOAD_STATE_DELEGATED {
    OFFLOAD_STATE_HEADER         Header;
    TCP_OFFLOAD_CONNECTION_STATE State;
    USHORT                       Flags;
    ULONG                        RcvNxt;
    ULONG                        RcvWnd;
    ULONG                        SndUna;
    ULONG                        SndNxt;
    ULONG                        SndMax;
    ULONG                        SndWnd;
    ULONG                        MaxSndWnd;
    ULONG                        SendWL1;
    ULONG                        CWnd;
    ULONG                        SsThresh;
    USHORT                       SRtt;
    USHORT                       RttVar;
    ULONG                        TsRecent;
    ULONG                        TsRecentAge;
    ULONG                        TsTime;
    ULONG                        TotalRT;
    UCHAR                        DupAckCount;
    UCHAR                        SndWndProbeCount;
    struct {
        UCHAR ProbeCount;
        ULONG TimeoutDelta;
    } KeepAlive;
    struct {
        UCHAR Count;
        ULONG TimeoutDelta;
    } Retransmit;
    union {
        struct {
            PNET_BUFFER_LIST SendDataHead;
            PNET_BUFFER_LIST SendDataTail;
        };
        ULONG SendBacklogSize;
    };
    union {
        PNET_BUFFER_LIST BufferedData;
        ULONG            ReceiveBacklogSize;
    };
    ULONG                        DWnd;                     /* #if NDIS_SUPPORT_NDIS61 */
} TCP_OFFLOAD_STATE_DELEGATED, *PTCP_OFFLOAD_STATE_DELEGATED;

/* ST-6.7 (#20): two P members (raw address byte pointers). */
typedef struct _PATH_OFFLOAD_STATE_CONST {
    OFFLOAD_STATE_HEADER Header;
    const UCHAR         *SourceAddress;
    const UCHAR         *DestinationAddress;
} PATH_OFFLOAD_STATE_CONST, *PPATH_OFFLOAD_STATE_CONST;

/* ST-6.8 (#21) */
typedef struct _PATH_OFFLOAD_STATE_CACHED {
    OFFLOAD_STATE_HEADER Header;
    ULONG                PathMtu;
} PATH_OFFLOAD_STATE_CACHED, *PPATH_OFFLOAD_STATE_CACHED;

/* ST-6.9 (#22): header only. */
typedef struct _PATH_OFFLOAD_STATE_DELEGATED {
    OFFLOAD_STATE_HEADER Header;
} PATH_OFFLOAD_STATE_DELEGATED, *PPATH_OFFLOAD_STATE_DELEGATED;

/* ST-6.10 (#23): ULONG bit-field unit VlanId:12 (ST-1.3). */
typedef struct _NEIGHBOR_OFFLOAD_STATE_CONST {
    OFFLOAD_STATE_HEADER Header;
    UCHAR                DlSourceAddress[32];
    ULONG                VlanId : 12;
} NEIGHBOR_OFFLOAD_STATE_CONST, *PNEIGHBOR_OFFLOAD_STATE_CONST;

/* ST-6.11 (#24) */
typedef struct _NEIGHBOR_OFFLOAD_STATE_CACHED {
    OFFLOAD_STATE_HEADER Header;
    UCHAR                DlDestinationAddress[32];
    ULONG                HostReachabilityDelta;
} NEIGHBOR_OFFLOAD_STATE_CACHED, *PNEIGHBOR_OFFLOAD_STATE_CACHED;

/* ST-6.12 (#25) */
typedef struct _NEIGHBOR_OFFLOAD_STATE_DELEGATED {
    OFFLOAD_STATE_HEADER Header;
    ULONG                NicReachabilityDelta;
} NEIGHBOR_OFFLOAD_STATE_DELEGATED, *PNEIGHBOR_OFFLOAD_STATE_DELEGATED;

/* ST-6.13 (#26): ULONG64 members, 8-aligned on x86 as well (ST-1.1). */
typedef struct _TCP_OFFLOAD_STATS {
    ULONG64 InSegments;
    ULONG64 OutSegments;
    ULONG   CurrentlyEstablished;
    ULONG   ResetEstablished;
    ULONG   RetransmittedSegments;
    ULONG   InErrors;
    ULONG   OutResets;
} TCP_OFFLOAD_STATS, *PTCP_OFFLOAD_STATS;

/* ST-6.14 (#27): ULONG64 members (ST-1.1). */
typedef struct _IP_OFFLOAD_STATS {
    ULONG64 InReceives;
    ULONG64 InOctets;
    ULONG64 InDelivers;
    ULONG64 OutRequests;
    ULONG64 OutOctets;
    ULONG   InHeaderErrors;
    ULONG   InTruncatedPackets;
    ULONG   InDiscards;
    ULONG   OutDiscards;
    ULONG   OutNoRoutes;
} IP_OFFLOAD_STATS, *PIP_OFFLOAD_STATS;

/* ST-6.15 (#28): all members P. */
typedef struct _NDIS_OFFLOAD_HANDLE {
    PVOID NdisReserved[1];
    PVOID MiniportOffloadContext;
} NDIS_OFFLOAD_HANDLE, *PNDIS_OFFLOAD_HANDLE;

/* ST-6.16 (#29): NDIS-internal wrapper, all members P. */
typedef struct _NDIS_OFFLOAD_HANDLE_PRIVATE {
    NDIS_OFFLOAD_HANDLE Handle;
    PVOID               ProtocolBindingContext;
} NDIS_OFFLOAD_HANDLE_PRIVATE, *PNDIS_OFFLOAD_HANDLE_PRIVATE;

/* ST-6.17 (#30): protocol view of a block (overlays ST-6.22, ST-11.1). */
typedef struct _NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
    NDIS_OBJECT_HEADER                         Header;
    struct _NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST  *NextBlock;
    struct _NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST  *DependentBlockList;
    NDIS_STATUS                                Status;
    PVOID                                      NdisReserved[3];
    PNDIS_OFFLOAD_HANDLE                       OffloadHandle;
    PVOID                                      ProtocolReserved[2];
    PVOID                                      MiniportReserved[2];
    PVOID                                      ImReserved[2];
    PVOID                                      Scratch[2];
    PVOID                                      SourceHandle;
    NDIS_PORT_NUMBER                           PortNumber;
    PNET_BUFFER_LIST                           NetBufferListChain;
} NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, *PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;

/* ST-7.1 (#31-42): callbacks implemented by a protocol / the IM's protocol half. */
typedef VOID (*INITIATE_OFFLOAD_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                                  PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*TERMINATE_OFFLOAD_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                                   PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*INVALIDATE_OFFLOAD_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                                    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*UPDATE_OFFLOAD_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                                PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*QUERY_OFFLOAD_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                               PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*INDICATE_OFFLOAD_EVENT_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                               PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList,
                                               ULONG IndicationCode);
typedef VOID (*TCP_OFFLOAD_SEND_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                                  PNET_BUFFER_LIST NetBufferList);
typedef VOID (*TCP_OFFLOAD_RECV_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                                  PNET_BUFFER_LIST NetBufferList);
typedef VOID (*TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                                        PNET_BUFFER_LIST NetBufferList);
typedef VOID (*TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER)(NDIS_HANDLE ProtocolBindingContext,
                                                     PNET_BUFFER_LIST NetBufferList);
typedef VOID (*TCP_OFFLOAD_EVENT_HANDLER)(PVOID OffloadContext, ULONG EventType,
                                          ULONG EventSpecificInformation);
typedef NDIS_STATUS (*TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER)(PVOID OffloadContext,
                                                            PNET_BUFFER_LIST NetBufferList,
                                                            NDIS_STATUS Status,
                                                            PULONG BytesConsumed);

/* ST-6.18 (#43): header only. */
typedef struct _NDIS_OFFLOAD_CLIENT_HANDLERS {
    NDIS_OBJECT_HEADER Header;
} NDIS_OFFLOAD_CLIENT_HANDLERS, *PNDIS_OFFLOAD_CLIENT_HANDLERS;

/* ST-6.19 (#44): six client TCP handlers, completions first. */
typedef struct _NDIS_TCP_OFFLOAD_CLIENT_HANDLERS {
    NDIS_OBJECT_HEADER                      Header;
    TCP_OFFLOAD_SEND_COMPLETE_HANDLER       TcpOffloadSendCompleteHandler;
    TCP_OFFLOAD_RECV_COMPLETE_HANDLER       TcpOffloadReceiveCompleteHandler;
    TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER TcpOffloadDisconnectCompleteHandler;
    TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER    TcpOffloadForwardCompleteHandler;
    TCP_OFFLOAD_EVENT_HANDLER               TcpOffloadEventHandler;
    TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER    TcpOffloadReceiveIndicateHandler;
} NDIS_TCP_OFFLOAD_CLIENT_HANDLERS, *PNDIS_TCP_OFFLOAD_CLIENT_HANDLERS;

/* §5 (#45) */
#define NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 1

/* ST-6.20 (#46): note Update before Invalidate. */
typedef struct _NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    NDIS_OBJECT_HEADER                  Header;
    ULONG                               Flags;
    INITIATE_OFFLOAD_COMPLETE_HANDLER   InitiateOffloadCompleteHandler;
    TERMINATE_OFFLOAD_COMPLETE_HANDLER  TerminateOffloadCompleteHandler;
    UPDATE_OFFLOAD_COMPLETE_HANDLER     UpdateOffloadCompleteHandler;
    INVALIDATE_OFFLOAD_COMPLETE_HANDLER InvalidateOffloadCompleteHandler;
    QUERY_OFFLOAD_COMPLETE_HANDLER      QueryOffloadCompleteHandler;
    INDICATE_OFFLOAD_EVENT_HANDLER      IndicateOffloadEventHandler;
} NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, *PNDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;

/* §5 (#47) */
#define NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, IndicateOffloadEventHandler)

/* §5 (#48) */
#define NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 1

/* ST-6.21 (#49) */
typedef struct _NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    NDIS_OBJECT_HEADER                      Header;
    ULONG                                   Flags;
    NDIS_CHIMNEY_OFFLOAD_TYPE               OffloadType;
    TCP_OFFLOAD_SEND_COMPLETE_HANDLER       TcpOffloadSendCompleteHandler;
    TCP_OFFLOAD_RECV_COMPLETE_HANDLER       TcpOffloadReceiveCompleteHandler;
    TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER TcpOffloadDisconnectCompleteHandler;
    TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER    TcpOffloadForwardCompleteHandler;
    TCP_OFFLOAD_EVENT_HANDLER               TcpOffloadEventHandler;
    TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER    TcpOffloadReceiveIndicateHandler;
} NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, *PNDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS;

/* §5 (#50) */
#define NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveIndicateHandler)

/* §8 (#51-60): imported from NDIS.SYS (declarations only; not used for layout). */
VOID NdisInitiateOffload(NDIS_HANDLE NdisBindingHandle, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisTerminateOffload(NDIS_HANDLE NdisBindingHandle, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisInvalidateOffload(NDIS_HANDLE NdisBindingHandle, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisUpdateOffload(NDIS_HANDLE NdisBindingHandle, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisQueryOffloadState(NDIS_HANDLE NdisBindingHandle, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
NDIS_STATUS NdisOffloadTcpSend(PNDIS_OFFLOAD_HANDLE NdisOffloadHandle, PNET_BUFFER_LIST NetBufferList);
NDIS_STATUS NdisOffloadTcpReceive(PNDIS_OFFLOAD_HANDLE NdisOffloadHandle, PNET_BUFFER_LIST NetBufferList);
NDIS_STATUS NdisOffloadTcpDisconnect(PNDIS_OFFLOAD_HANDLE NdisOffloadHandle, PNET_BUFFER_LIST NetBufferList,
                                     ULONG Flags);
NDIS_STATUS NdisOffloadTcpForward(PNDIS_OFFLOAD_HANDLE NdisOffloadHandle, PNET_BUFFER_LIST NetBufferList);
VOID NdisOffloadTcpReceiveReturn(NDIS_HANDLE NdisBindingHandle, PNET_BUFFER_LIST NetBufferList);

/* ST-6.22 (#61): miniport view of a block; slot 7 is MiniportOffloadContext
 * (PVOID *), slot 8 is NdisOffloadHandle (ST-11.1). */
typedef struct _NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
    NDIS_OBJECT_HEADER                         Header;
    struct _NDIS_MINIPORT_OFFLOAD_BLOCK_LIST  *NextBlock;
    struct _NDIS_MINIPORT_OFFLOAD_BLOCK_LIST  *DependentBlockList;
    NDIS_STATUS                                Status;
    PVOID                                      NdisReserved[2];
    PVOID                                     *MiniportOffloadContext;
    NDIS_HANDLE                                NdisOffloadHandle;
    PVOID                                      ProtocolReserved[2];
    PVOID                                      MiniportReserved[2];
    PVOID                                      ImReserved[2];
    PVOID                                      Scratch[2];
    PVOID                                      SourceHandle;
    NDIS_PORT_NUMBER                           PortNumber;
    PNET_BUFFER_LIST                           NetBufferListChain;
} NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, *PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST;

/* ST-7.2 (#62-71): handlers implemented by a miniport / the IM's miniport half. */
typedef VOID (*W_INITIATE_OFFLOAD_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                           PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*W_TERMINATE_OFFLOAD_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                            PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*W_INVALIDATE_OFFLOAD_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                             PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*W_UPDATE_OFFLOAD_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                         PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (*W_QUERY_OFFLOAD_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                        PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef NDIS_STATUS (*W_TCP_OFFLOAD_SEND_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                                  PVOID MiniportOffloadContext,
                                                  PNET_BUFFER_LIST NetBufferList);
typedef NDIS_STATUS (*W_TCP_OFFLOAD_RECEIVE_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                                     PVOID MiniportOffloadContext,
                                                     PNET_BUFFER_LIST NetBufferList);
typedef NDIS_STATUS (*W_TCP_OFFLOAD_DISCONNECT_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                                        PVOID MiniportOffloadContext,
                                                        PNET_BUFFER_LIST NetBufferList,
                                                        ULONG Flags);
typedef NDIS_STATUS (*W_TCP_OFFLOAD_FORWARD_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                                     PVOID MiniportOffloadContext,
                                                     PNET_BUFFER_LIST NetBufferList);
typedef NDIS_STATUS (*W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER)(NDIS_HANDLE MiniportAdapterContext,
                                                            PNET_BUFFER_LIST NetBufferList);

/* ST-6.23 (#72): note Update before Invalidate; no revision constant. */
typedef struct _NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    NDIS_OBJECT_HEADER           Header;
    ULONG                        Flags;
    W_INITIATE_OFFLOAD_HANDLER   InitiateOffloadHandler;
    W_TERMINATE_OFFLOAD_HANDLER  TerminateOffloadHandler;
    W_UPDATE_OFFLOAD_HANDLER     UpdateOffloadHandler;
    W_INVALIDATE_OFFLOAD_HANDLER InvalidateOffloadHandler;
    W_QUERY_OFFLOAD_HANDLER      QueryOffloadHandler;
} NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, *PNDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;

/* ST-6.24 (#73) */
typedef struct _NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    NDIS_OBJECT_HEADER                   Header;
    ULONG                                Flags;
    NDIS_CHIMNEY_OFFLOAD_TYPE            OffloadType;
    W_TCP_OFFLOAD_SEND_HANDLER           TcpOffloadSendHandler;
    W_TCP_OFFLOAD_RECEIVE_HANDLER        TcpOffloadReceiveHandler;
    W_TCP_OFFLOAD_DISCONNECT_HANDLER     TcpOffloadDisconnectHandler;
    W_TCP_OFFLOAD_FORWARD_HANDLER        TcpOffloadForwardHandler;
    W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER TcpOffloadReceiveReturnHandler;
} NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, *PNDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS;

/* §8 (#74-79) */
VOID NdisMInitiateOffloadComplete(NDIS_HANDLE NdisMiniportHandle, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisMTerminateOffloadComplete(NDIS_HANDLE NdisMiniportHandle, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisMInvalidateOffloadComplete(NDIS_HANDLE NdisMiniportHandle, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisMUpdateOffloadComplete(NDIS_HANDLE NdisMiniportHandle, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisMQueryOffloadStateComplete(NDIS_HANDLE NdisMiniportHandle, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NdisMOffloadEventIndicate(NDIS_HANDLE NdisMiniportHandle, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList,
                               ULONG IndicationCode);

/* ST-7.3 (#80-85): entry points supplied by NDIS through NdisMGetOffloadHandlers. */
typedef VOID (*NDIS_TCP_OFFLOAD_SEND_COMPLETE)(NDIS_HANDLE NdisMiniportHandle, PNET_BUFFER_LIST NetBufferList);
typedef VOID (*NDIS_TCP_OFFLOAD_RECEIVE_COMPLETE)(NDIS_HANDLE NdisMiniportHandle, PNET_BUFFER_LIST NetBufferList);
typedef VOID (*NDIS_TCP_OFFLOAD_DISCONNECT_COMPLETE)(NDIS_HANDLE NdisMiniportHandle, PNET_BUFFER_LIST NetBufferList);
typedef VOID (*NDIS_TCP_OFFLOAD_FORWARD_COMPLETE)(NDIS_HANDLE NdisMiniportHandle, PNET_BUFFER_LIST NetBufferList);
typedef VOID (*NDIS_TCP_OFFLOAD_EVENT_INDICATE)(NDIS_HANDLE NdisOffloadHandle, ULONG EventType,
                                                ULONG EventSpecificInformation);
typedef NDIS_STATUS (*NDIS_TCP_OFFLOAD_RECEIVE_INDICATE)(NDIS_HANDLE NdisOffloadHandle,
                                                         PNET_BUFFER_LIST NetBufferList,
                                                         NDIS_STATUS Status,
                                                         PULONG BytesConsumed);

/* ST-6.25 (#86): generic head of the NdisMGetOffloadHandlers table. */
typedef struct _NDIS_OFFLOAD_EVENT_HANDLERS {
    NDIS_OBJECT_HEADER Header;
} NDIS_OFFLOAD_EVENT_HANDLERS, *PNDIS_OFFLOAD_EVENT_HANDLERS;

/* §8 (#87) */
NDIS_STATUS NdisMGetOffloadHandlers(NDIS_HANDLE NdisMiniportHandle, NDIS_CHIMNEY_OFFLOAD_TYPE ChimneyType,
                                    PNDIS_OFFLOAD_EVENT_HANDLERS *OffloadHandlers);

/* §5 (#88) */
#define NDIS_OBJECT_TCP_OFFLOAD_REVISION_1 1

/* ST-6.26 (#89): indications first, then the four completions. */
typedef struct _NDIS_TCP_OFFLOAD_EVENT_HANDLERS {
    NDIS_OBJECT_HEADER                   Header;
    NDIS_TCP_OFFLOAD_EVENT_INDICATE      NdisTcpOffloadEventHandler;
    NDIS_TCP_OFFLOAD_RECEIVE_INDICATE    NdisTcpOffloadReceiveHandler;
    NDIS_TCP_OFFLOAD_SEND_COMPLETE       NdisTcpOffloadSendComplete;
    NDIS_TCP_OFFLOAD_RECEIVE_COMPLETE    NdisTcpOffloadReceiveComplete;
    NDIS_TCP_OFFLOAD_DISCONNECT_COMPLETE NdisTcpOffloadDisconnectComplete;
    NDIS_TCP_OFFLOAD_FORWARD_COMPLETE    NdisTcpOffloadForwardComplete;
} NDIS_TCP_OFFLOAD_EVENT_HANDLERS, *PNDIS_TCP_OFFLOAD_EVENT_HANDLERS;

/* §5 (#90) */
#define NDIS_SIZEOF_TCP_OFFLOAD_EVENT_HANDLERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TCP_OFFLOAD_EVENT_HANDLERS, NdisTcpOffloadForwardComplete)

/* ------------------------------------------------------------------------ */
/* §8 note: NdisSetOptionalHandlers' parameter type (ndis.h)                */
/* ------------------------------------------------------------------------ */

/* ST-8 note: the only member is the header; characteristics are passed by cast. */
typedef struct _NDIS_DRIVER_OPTIONAL_HANDLERS {
    NDIS_OBJECT_HEADER Header;
} NDIS_DRIVER_OPTIONAL_HANDLERS, *PNDIS_DRIVER_OPTIONAL_HANDLERS;

/* ------------------------------------------------------------------------ */
/* §10 related ntddndis.h structures                                        */
/* ------------------------------------------------------------------------ */

/* ST-10.1 NDIS_TCP_CONNECTION_OFFLOAD: one ULONG bit-field unit, including the
 * NDIS61 CongestionAlgorithm:4 (ST-1.3). */
typedef struct _NDIS_TCP_CONNECTION_OFFLOAD {
    NDIS_OBJECT_HEADER Header;
    ULONG              Encapsulation;
    ULONG              SupportIPv4 : 2;
    ULONG              SupportIPv6 : 2;
    ULONG              SupportIPv6ExtensionHeaders : 2;
    ULONG              SupportSack : 2;
    ULONG              CongestionAlgorithm : 4;          /* #if NDIS_SUPPORT_NDIS61 */
    ULONG              TcpConnectionOffloadCapacity;
    ULONG              Flags;
} NDIS_TCP_CONNECTION_OFFLOAD, *PNDIS_TCP_CONNECTION_OFFLOAD;

#define NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1 1
#define NDIS_TCP_CONNECTION_OFFLOAD_REVISION_2 2      /* pairing with NDIS61 inferred by the spec */
#define NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TCP_CONNECTION_OFFLOAD, Flags)

/* ST-10.2 NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES: four P members. */
typedef struct _NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES {
    NDIS_OBJECT_HEADER                   Header;
    PNDIS_OFFLOAD                        DefaultOffloadConfiguration;
    PNDIS_OFFLOAD                        HardwareOffloadCapabilities;
    struct _NDIS_TCP_CONNECTION_OFFLOAD *DefaultTcpConnectionOffloadConfiguration;
    struct _NDIS_TCP_CONNECTION_OFFLOAD *TcpConnectionOffloadHardwareCapabilities;
} NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;

/* ------------------------------------------------------------------------ */
/* §9 constants from other headers                                          */
/* ------------------------------------------------------------------------ */

/* ST-9.1 NDIS_OBJECT_TYPE_* */
#define NDIS_OBJECT_TYPE_DEFAULT                                          0x80
#define NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES                                0x8D
#define NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS   0x8E
#define NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS 0x8F
#define NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS           0x93
#define NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS         0x94
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES              0xA0
#define NDIS_OBJECT_TYPE_OFFLOAD                                          0xA7
#define NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION                            0xA8

/* ST-9.2 informational status codes (all >= 0) */
#define NDIS_STATUS_OFFLOAD_PAUSE                                ((NDIS_STATUS)0x40020001L)
#define NDIS_STATUS_UPLOAD_ALL                                   ((NDIS_STATUS)0x40020002L)
#define NDIS_STATUS_OFFLOAD_RESUME                               ((NDIS_STATUS)0x40020003L)
#define NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS                      ((NDIS_STATUS)0x40020004L)
#define NDIS_STATUS_OFFLOAD_STATE_INVALID                        ((NDIS_STATUS)0x40020005L)
#define NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG                  ((NDIS_STATUS)0x40020006L)
#define NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES           ((NDIS_STATUS)0x40020007L)
#define NDIS_STATUS_OFFLOAD_ENCASPULATION_CHANGE                 ((NDIS_STATUS)0x40020008L)
#define NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES ((NDIS_STATUS)0x4002000BL)
#define NDIS_STATUS_OFFLOAD_IM_RESERVED1                         ((NDIS_STATUS)0x40020100L)
#define NDIS_STATUS_OFFLOAD_IM_RESERVED2                         ((NDIS_STATUS)0x40020101L)
#define NDIS_STATUS_OFFLOAD_IM_RESERVED3                         ((NDIS_STATUS)0x40020102L)

/* ST-9.3 offload error status codes (negative as NDIS_STATUS).
 * NDIS_STATUS_OFFLOAD_PATH_MTU has no known value and is deliberately absent. */
#define NDIS_STATUS_UPLOAD_IN_PROGRESS               ((NDIS_STATUS)0xC0231001L)
#define NDIS_STATUS_REQUEST_UPLOAD                   ((NDIS_STATUS)0xC0231002L)
#define NDIS_STATUS_UPLOAD_REQUESTED                 ((NDIS_STATUS)0xC0231003L)
#define NDIS_STATUS_OFFLOAD_TCP_ENTRIES              ((NDIS_STATUS)0xC0231004L)
#define NDIS_STATUS_OFFLOAD_PATH_ENTRIES             ((NDIS_STATUS)0xC0231005L)
#define NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES         ((NDIS_STATUS)0xC0231006L)
#define NDIS_STATUS_OFFLOAD_IP_ADDRESS_ENTRIES       ((NDIS_STATUS)0xC0231007L)
#define NDIS_STATUS_OFFLOAD_HW_ADDRESS_ENTRIES       ((NDIS_STATUS)0xC0231008L)
#define NDIS_STATUS_OFFLOAD_VLAN_ENTRIES             ((NDIS_STATUS)0xC0231009L)
#define NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER          ((NDIS_STATUS)0xC023100AL)
#define NDIS_STATUS_OFFLOAD_TCP_RCV_BUFFER           ((NDIS_STATUS)0xC023100BL)
#define NDIS_STATUS_OFFLOAD_TCP_RCV_WINDOW           ((NDIS_STATUS)0xC023100CL)
#define NDIS_STATUS_OFFLOAD_VLAN_MISMATCH            ((NDIS_STATUS)0xC023100DL)
#define NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED        ((NDIS_STATUS)0xC023100EL)
#define NDIS_STATUS_OFFLOAD_POLICY                   ((NDIS_STATUS)0xC023100FL)
#define NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED  ((NDIS_STATUS)0xC0231010L)
#define NDIS_STATUS_OFFLOAD_REQUEST_RESET            ((NDIS_STATUS)0xC0231011L)
#define NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED      ((NDIS_STATUS)0xC0231012L)   /* NDIS620 */

/* ST-9.4 general NDIS_STATUS values */
#define NDIS_STATUS_SUCCESS           ((NDIS_STATUS)0x00000000L)
#define NDIS_STATUS_PENDING           ((NDIS_STATUS)0x00000103L)
#define NDIS_STATUS_FAILURE           ((NDIS_STATUS)0xC0000001L)
#define NDIS_STATUS_RESOURCES         ((NDIS_STATUS)0xC000009AL)
#define NDIS_STATUS_INVALID_PARAMETER ((NDIS_STATUS)0xC000000DL)
#define NDIS_STATUS_NOT_SUPPORTED     ((NDIS_STATUS)0xC00000BBL)
#define NDIS_STATUS_INVALID_STATE     ((NDIS_STATUS)0xC0000184L)   /* STATUS_INVALID_DEVICE_STATE */
#define NDIS_STATUS_REQUEST_ABORTED   ((NDIS_STATUS)0xC001000CL)
#define NDIS_STATUS_SEND_ABORTED      ((NDIS_STATUS)0xC023000CL)   /* STATUS_NDIS_REQUEST_ABORTED */
#define NDIS_STATUS_PAUSED            ((NDIS_STATUS)0xC023002AL)   /* STATUS_NDIS_PAUSED */

/* ST-9.5 OIDs (unsigned) */
#define OID_TCP_TASK_OFFLOAD                          0xFC010201U
#define OID_TCP4_OFFLOAD_STATS                        0xFC010207U
#define OID_TCP6_OFFLOAD_STATS                        0xFC010208U
#define OID_IP4_OFFLOAD_STATS                         0xFC010209U
#define OID_IP6_OFFLOAD_STATS                         0xFC01020AU
#define OID_TCP_OFFLOAD_CURRENT_CONFIG                0xFC01020BU
#define OID_TCP_OFFLOAD_PARAMETERS                    0xFC01020CU
#define OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES         0xFC01020DU
#define OID_TCP_CONNECTION_OFFLOAD_CURRENT_CONFIG     0xFC01020EU
#define OID_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES 0xFC01020FU
#define OID_OFFLOAD_ENCAPSULATION                     0x0101010AU
#define OID_TCP_CONNECTION_OFFLOAD_PARAMETERS         0xFC030201U

/* ST-9.6 value sets */
#define NDIS_ENCAPSULATION_NOT_SUPPORTED               0x00000000U
#define NDIS_ENCAPSULATION_NULL                        0x00000001U
#define NDIS_ENCAPSULATION_IEEE_802_3                  0x00000002U
#define NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q          0x00000004U
#define NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q_IN_OOB   0x00000008U
#define NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED        0x00000010U

#define NDIS_OFFLOAD_SET_NO_CHANGE 0
#define NDIS_OFFLOAD_SET_ON        1
#define NDIS_OFFLOAD_SET_OFF       2

#define NDIS_OFFLOAD_NOT_SUPPORTED 0
#define NDIS_OFFLOAD_SUPPORTED     1

#define NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_DISABLED 1
#define NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_ENABLED  2

/* ST-9.6 NET_BUFFER_LIST_INFO ids used by chimney code. Only these three
 * enumerators of nbl.h's NDIS_NET_BUFFER_LIST_INFO are known to the spec, so
 * they are given explicit values in a partial, tag-less enum. */
enum {
    TcpOffloadBytesTransferred = 0,
    TcpReceiveNoPush           = 2,
    TcpReceiveBytesTransferred = 17   /* NDIS >= 6.20 headers (inferred by the spec) */
};

#endif /* CHIMNEY_ABI_H */
