/*
 * fuzz.h - helpers shared by the libFuzzer targets in tests/fuzz/.
 *
 * The pipeline reads its inputs by path, so each target writes the fuzz
 * input into an anonymous in-memory file (memfd) and hands the library the
 * path /proc/self/fd/N: nothing touches the disk and nothing is left behind.
 * FUZZ_CHECK() turns a broken invariant into a crash that libFuzzer records.
 *
 * Ownership: the memfd is created once per process and lives until it exits.
 */
#ifndef DM_FUZZ_H
#define DM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the failed condition and its place when cond is false. */
#define FUZZ_CHECK(cond)                                                                           \
        do {                                                                                       \
                if (!(cond)) {                                                                     \
                        fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
                                #cond);                                                            \
                        abort();                                                                   \
                }                                                                                  \
        } while (0)

/*
 * Replaces the content of this process's memfd with the n bytes of data and
 * returns its path ("/proc/self/fd/N"), valid until the process exits.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t n)
{
        static int fd = -1;
        static char path[64];
        if (fd < 0) {
                fd = memfd_create("dm-fuzz", 0);
                FUZZ_CHECK(fd >= 0);
                snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        }
        FUZZ_CHECK(ftruncate(fd, 0) == 0);
        size_t done = 0;
        while (done < n) {
                ssize_t w = pwrite(fd, data + done, n - done, (off_t)done);
                FUZZ_CHECK(w > 0);
                done += (size_t)w;
        }
        return path;
}

/* Returns 1 when s begins with prefix. */
static inline int fuzz_starts(const char *s, const char *prefix)
{
        while (*prefix)
                if (*s++ != *prefix++)
                        return 0;
        return 1;
}

#endif
