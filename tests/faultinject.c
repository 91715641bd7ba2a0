/*
 * faultinject.c - an LD_PRELOAD shim that makes the Nth call of fsync,
 * rename, fflush, write, fclose or malloc fail, to prove that digimittari
 * reports failures and leaves earlier outputs intact. Set DM_FAIL_FSYNC=N,
 * DM_FAIL_RENAME=N, DM_FAIL_WRITE=N (fflush and write calls, counted
 * together), DM_FAIL_FCLOSE=N or DM_FAIL_MALLOC=N (malloc, calloc and
 * realloc, counted together; the call returns NULL) (1-based); only that
 * one call fails. DM_FAIL_ERRNO picks the error (default ENOSPC). Only calls
 * made through the dynamic linker are seen: our own code's and other
 * libraries', and glibc's own allocations, but not the writes stdio makes
 * inside glibc, which is why fflush stands in for them. A forked process
 * counts on from its parent's count.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int should_fail(const char *var, int *count)
{
        const char *v = getenv(var);
        if (!v)
                return 0;
        return ++*count == atoi(v);
}

static int fail_errno(void)
{
        const char *v = getenv("DM_FAIL_ERRNO");
        return v ? atoi(v) : ENOSPC;
}

int fsync(int fd)
{
        static int n;
        static int (*real)(int);
        if (!real)
                real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
        if (should_fail("DM_FAIL_FSYNC", &n)) {
                errno = fail_errno();
                return -1;
        }
        return real(fd);
}

int rename(const char *a, const char *b)
{
        static int n;
        static int (*real)(const char *, const char *);
        if (!real)
                real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
        if (should_fail("DM_FAIL_RENAME", &n)) {
                errno = fail_errno();
                return -1;
        }
        return real(a, b);
}

int fclose(FILE *fp)
{
        static int n;
        static int (*real)(FILE *);
        if (!real)
                real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
        if (should_fail("DM_FAIL_FCLOSE", &n)) {
                real(fp);
                errno = fail_errno();
                return EOF;
        }
        return real(fp);
}

/* fflush and write share one counter: both are where written bytes go out. */
static int write_fails(void)
{
        static int n;
        return should_fail("DM_FAIL_WRITE", &n);
}

int fflush(FILE *fp)
{
        static int (*real)(FILE *);
        if (!real)
                real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fflush");
        if (fp && write_fails()) {
                errno = fail_errno();
                return EOF;
        }
        return real(fp);
}

ssize_t write(int fd, const void *buf, size_t len)
{
        static ssize_t (*real)(int, const void *, size_t);
        if (!real)
                real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
        if (fd > 2 && write_fails()) {
                errno = fail_errno();
                return -1;
        }
        return real(fd, buf, len);
}

/*
 * The allocators go to glibc's own entry points rather than through dlsym,
 * which may itself allocate. The count is read once; getenv does not
 * allocate.
 */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static int malloc_fails(void)
{
        static long n, at = -1;
        if (at < 0) {
                const char *v = getenv("DM_FAIL_MALLOC");
                at = v ? atol(v) : 0;
        }
        return at > 0 && ++n == at;
}

void *malloc(size_t n)
{
        if (malloc_fails()) {
                errno = ENOMEM;
                return NULL;
        }
        return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
        if (malloc_fails()) {
                errno = ENOMEM;
                return NULL;
        }
        return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
        if (malloc_fails()) {
                errno = ENOMEM;
                return NULL;
        }
        return __libc_realloc(p, n);
}
