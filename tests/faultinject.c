/*
 * faultinject.c - an LD_PRELOAD shim that makes the Nth call of fsync, rename,
 * write, close or fclose fail, to prove that digimittari reports I/O failures
 * and leaves earlier outputs intact. Set DM_FAIL_FSYNC=N, DM_FAIL_RENAME=N,
 * DM_FAIL_WRITE=N or DM_FAIL_FCLOSE=N (1-based); DM_FAIL_ERRNO picks the
 * error (default ENOSPC). Only calls made through the dynamic linker are seen
 * (our own code's calls, not glibc-internal ones).
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
