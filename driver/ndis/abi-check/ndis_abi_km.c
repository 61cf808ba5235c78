/*
 * ndis_abi_km.c — kernel-header half of the driver/ndis C cross-check.
 *
 * Uses mingw-w64's own ddk/wdm.h definitions (an independent source) for the kernel
 * types: UNICODE_STRING, LIST_ENTRY, SINGLE_LIST_ENTRY, MDL, DISPATCHER_HEADER,
 * KEVENT, KSPIN_LOCK, KIRQL, INTERFACE_TYPE and the IRQL levels. NDIS_SPIN_LOCK,
 * NDIS_EVENT and NDIS_INTERFACE_TYPE come from ndis.h, which mingw-w64 only ships as
 * an NDIS 5 header that does not compile next to ntddndis.h, so they are transcribed
 * here from the WDK's declarations. Compiled only, never run (see abi_records.h).
 */
#include <ntddk.h>
#include "abi_records.h"

typedef struct _NDIS_SPIN_LOCK {
    KSPIN_LOCK SpinLock;
    KIRQL OldIrql;
} NDIS_SPIN_LOCK;

typedef struct _NDIS_EVENT {
    KEVENT Event;
} NDIS_EVENT;

/* ndis.h spells the first fourteen values through the kernel's INTERFACE_TYPE. */
typedef enum _NDIS_INTERFACE_TYPE {
    NdisInterfaceInternal = Internal,
    NdisInterfaceIsa = Isa,
    NdisInterfaceEisa = Eisa,
    NdisInterfaceMca = MicroChannel,
    NdisInterfaceTurboChannel = TurboChannel,
    NdisInterfacePci = PCIBus,
    NdisInterfacePcMcia = PCMCIABus,
    NdisInterfaceCBus = CBus,
    NdisInterfaceMPIBus = MPIBus,
    NdisInterfaceMPSABus = MPSABus,
    NdisInterfaceProcessorInternal = ProcessorInternal,
    NdisInterfaceInternalPowerBus = InternalPowerBus,
    NdisInterfacePNPISABus = PNPISABus,
    NdisInterfacePNPBus = PNPBus,
    NdisInterfaceUSB,
    NdisInterfaceIrda,
    NdisInterface1394,
    NdisMaximumInterfaceType
} NDIS_INTERFACE_TYPE;

_Static_assert(sizeof(NDIS_INTERFACE_TYPE) == 4, "enums are int-sized");

ABI_SECTION
static const abi_rec abi_records[] = {
    MAGIC_RECORD,

    STRUCT(UNICODE_STRING),
    FIELD(UNICODE_STRING, Length),
    FIELD(UNICODE_STRING, MaximumLength),
    FIELD(UNICODE_STRING, Buffer),

    STRUCT(LIST_ENTRY),
    FIELD(LIST_ENTRY, Flink),
    FIELD(LIST_ENTRY, Blink),
    STRUCT(SINGLE_LIST_ENTRY),
    FIELD(SINGLE_LIST_ENTRY, Next),

    STRUCT(NDIS_SPIN_LOCK),
    FIELD(NDIS_SPIN_LOCK, SpinLock),
    FIELD(NDIS_SPIN_LOCK, OldIrql),
    STRUCT(DISPATCHER_HEADER),
    FIELD(DISPATCHER_HEADER, Lock),
    FIELD(DISPATCHER_HEADER, SignalState),
    FIELD(DISPATCHER_HEADER, WaitListHead),
    STRUCT(KEVENT),
    FIELD(KEVENT, Header),
    STRUCT(NDIS_EVENT),
    FIELD(NDIS_EVENT, Event),

    STRUCT(MDL),
    FIELD(MDL, Next),
    FIELD(MDL, Size),
    FIELD(MDL, MdlFlags),
    FIELD(MDL, Process),
    FIELD(MDL, MappedSystemVa),
    FIELD(MDL, StartVa),
    FIELD(MDL, ByteCount),
    FIELD(MDL, ByteOffset),

    ENUMV(NdisInterfaceInternal),
    ENUMV(NdisInterfaceIsa),
    ENUMV(NdisInterfaceEisa),
    ENUMV(NdisInterfaceMca),
    ENUMV(NdisInterfaceTurboChannel),
    ENUMV(NdisInterfacePci),
    ENUMV(NdisInterfacePcMcia),
    ENUMV(NdisInterfaceCBus),
    ENUMV(NdisInterfaceMPIBus),
    ENUMV(NdisInterfaceMPSABus),
    ENUMV(NdisInterfaceProcessorInternal),
    ENUMV(NdisInterfaceInternalPowerBus),
    ENUMV(NdisInterfacePNPISABus),
    ENUMV(NdisInterfacePNPBus),
    ENUMV(NdisInterfaceUSB),
    ENUMV(NdisInterfaceIrda),
    ENUMV(NdisInterface1394),
    ENUMV(NdisMaximumInterfaceType),

    DEFINE(PASSIVE_LEVEL),
    DEFINE(APC_LEVEL),
    DEFINE(DISPATCH_LEVEL),

    END_RECORD,
};
