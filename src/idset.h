/*
 * idset.h - the respondent ids seen so far in an export, for rejecting a row
 * that repeats an earlier accepted row's id.
 *
 * Survey tools number their responses ("R-0000001", "123456"): an id is split
 * into a text part and its trailing digits, and the numbers of each text part
 * and digit count are kept as a compressed bitmap (one container per 65,536
 * numbers: a sorted array while sparse, a bitmap when dense). 1.2 million
 * numbered ids then take about 150 KB instead of tens of megabytes, so memory
 * does not grow with the rows of a numbered export. Ids without trailing
 * digits, and text parts beyond the first IDSET_FAMILIES, fall back to a
 * hash set of 64-bit hashes (8 to 16 bytes an id).
 *
 * Exactness: numbered ids are compared exactly (text part, digit count and
 * number); fallback ids by a 64-bit hash, where a false repeat needs a
 * collision (about 1 in 10^7 at a million ids).
 *
 * Ownership: the set copies what it keeps; idset_free() releases it.
 */
#ifndef DM_IDSET_H
#define DM_IDSET_H

#include <stddef.h>

#define IDSET_FAMILIES 64

struct idset;

struct idset *idset_new(void);
void idset_free(struct idset *s);

/* Adds the id (len bytes); returns 1 when it was in the set already, else 0. */
int idset_add(struct idset *s, const char *id, size_t len);

/* Bytes the set holds (for tests and the benchmark). */
size_t idset_bytes(const struct idset *s);

#endif
