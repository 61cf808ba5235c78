/*
 * abi_records.h — the record format read back by offload-tree/abi-check/decode.py
 * (same layout as offload-tree/abi-check/layout.c; keep in sync with decode.py).
 *
 * Nothing here runs: each translation unit defines one `abi_records` array in the
 * `.abichk` section, which .ci/ndis-abi-crosscheck.sh dumps with objcopy and decodes.
 * Every record has a target-independent layout (32-bit integers and char arrays,
 * alignment 4), so one decoder serves x86 and x64. Values are stored as the two
 * 32-bit halves of `(long long)(value)`, so C's conversion rules decide the sign
 * (NDIS_STATUS is `int`: 0xC... codes print negative; OIDs and flags are unsigned).
 * These tables list no bit-fields, so the image area of each record stays zero.
 */
#ifndef NDIS_ABI_RECORDS_H
#define NDIS_ABI_RECORDS_H

#include <stddef.h>

#define ABI_MAGIC    0x31494241u   /* "ABI1": first record */
#define ABI_END      0x21444E45u   /* "END!": last record  */
#define REC_STRUCT   1u            /* val: sizeof, alignof */
#define REC_FIELD    2u            /* val: offset, size    */
#define REC_ENUM     4u            /* val: value           */
#define REC_DEFINE   5u            /* val: value           */

#define NAME_LEN 96
#define IMG_LEN  64

typedef struct { unsigned int lo, hi; } abi_val;

typedef struct {
    unsigned int  kind;
    unsigned int  nval;
    abi_val       val[4];
    char          scope[NAME_LEN];
    char          name[NAME_LEN];
    unsigned char img[IMG_LEN];
} abi_rec;

_Static_assert(sizeof(abi_rec) == 8 + 4 * 8 + 2 * NAME_LEN + IMG_LEN && _Alignof(abi_rec) == 4,
               "record layout must be target independent");

#define V(x) { (unsigned int)((unsigned long long)(long long)(x) & 0xFFFFFFFFu), \
               (unsigned int)((unsigned long long)(long long)(x) >> 32) }

#define MAGIC_RECORD { ABI_MAGIC, 2, { V(sizeof(abi_rec)), V(sizeof(void *)) }, "", "", { 0 } }
#define END_RECORD   { ABI_END, 0, { V(0) }, "", "", { 0 } }

#define STRUCT(T)      { REC_STRUCT, 2, { V(sizeof(T)), V(_Alignof(T)) }, #T, "-", { 0 } }
#define FIELD(T, F)    { REC_FIELD, 2, { V(offsetof(T, F)), V(sizeof(((T *)0)->F)) }, #T, #F, { 0 } }
/* A flexible array member: sizeof cannot be applied, its size is 0. */
#define FIELD0(T, F)   { REC_FIELD, 2, { V(offsetof(T, F)), V(0) }, #T, #F, { 0 } }
#define ENUMV(E)       { REC_ENUM, 1, { V(E) }, "ENUM", #E, { 0 } }
#define DEFINE(D)      { REC_DEFINE, 1, { V(D) }, "DEFINE", #D, { 0 } }

#define ABI_SECTION __attribute__((section(".abichk"), used, aligned(4)))

#endif /* NDIS_ABI_RECORDS_H */
